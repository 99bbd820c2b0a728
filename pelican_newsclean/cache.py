"""A content-hash cache of expensive results, kept as JSON under Pelican's CACHE_PATH.

One file per namespace (``entities.json`` for NER) holds a header and the
entries used by the last build, keyed by a SHA-256 of the input text and a
*fingerprint*: everything the result depends on (plugin, spaCy and model
versions, the settings that change it). Change any of them and the old
entries simply stop matching.

Each entry is held in the file as a JSON string whose text is the result's
JSON: loading a file then makes one string per entry, not the thousands of
lists and dicts a site's results are made of, which the cycle collector would
walk for the rest of the build; an entry is decoded when a build asks for it.

The file is data only (JSON, never pickle), written atomically (a temporary
file in the same folder, then ``os.replace``), so a build killed mid-write
leaves the previous cache intact. A file that is unreadable, corrupt,
truncated or written by another plugin version is ignored with a warning and
rebuilt: the cache can make a build faster, never break it.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> cache = ResultCache(folder, "demo", {"model": "x"})
    >>> cache.get("Bonjour") is None
    True
    >>> cache.put("Bonjour", [1, 2]); cache.save()
    True
    >>> ResultCache(folder, "demo", {"model": "x"}).get("Bonjour")
    [1, 2]
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gcpause import collection_paused

logger = logging.getLogger("pelican_newsclean")

#: Bump when the layout of cache files changes.
CACHE_FORMAT = 2


def plugin_version() -> str:
    """This plugin's version: ``pelican_newsclean.__version__``, else package metadata."""
    try:
        from . import __version__

        return str(__version__)
    except ImportError:
        pass
    try:
        return importlib.metadata.version("pelican-newsclean")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def fingerprint_digest(fingerprint: Mapping[str, Any]) -> str:
    """A stable hash of the things a result depends on (key order does not matter)."""
    blob = json.dumps(fingerprint, sort_keys=True, ensure_ascii=False, default=_jsonable)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    # Settings come frozen (tuples, read-only dicts); hash them as lists/dicts.
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class EncodedJSON:
    """A cache entry already encoded as its cache file holds it (a worker process
    encodes the entries of the posts it cleans): written as it is, decoded only
    if read."""

    data: bytes  # UTF-8: a JSON string whose text is the value's JSON

    @classmethod
    def of(cls, value: Any) -> EncodedJSON:
        """``value`` encoded as a cache file holds it."""
        return cls(_encode(json_text(value)))

    def decoded(self) -> Any:
        return json.loads(json.loads(self.data))


def json_text(value: Any) -> str:
    """``value`` as compact JSON, the text a cache entry holds."""
    return _dump(value)


def content_key(text: str, digest: str) -> str:
    """The cache key of one input: its text and the fingerprint digest."""
    h = hashlib.sha256()
    h.update(digest.encode("ascii"))
    h.update(b"\0")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class ResultCache:
    """Results keyed by content hash, for one namespace, in ``<directory>/<namespace>.json``.

    ``get``/``put`` work in memory; ``save`` writes the entries that were
    read or written during this build (so the file tracks the site and does
    not grow forever) when anything changed.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str] | None,
        namespace: str,
        fingerprint: Mapping[str, Any],
    ) -> None:
        self.path = Path(directory) / f"{namespace}.json" if directory is not None else None
        self.namespace = namespace
        self.version = plugin_version()
        self.digest = fingerprint_digest(fingerprint)
        self.hits = 0
        self.misses = 0
        # The file's entries: key -> the JSON text of the result.
        self._stored: dict[str, Any] = self._load()
        # The entries this build used: key -> a result put, an EncodedJSON, or
        # _IN_FILE (its text is in _stored). Only these are saved.
        self._used: dict[str, Any] = {}
        self._saved_keys = set(self._stored)
        self._dirty = False

    # -- reading ---------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            with open(self.path, encoding="utf-8") as f, collection_paused():
                data = json.load(f)
        except (OSError, UnicodeDecodeError, ValueError) as err:
            logger.warning(
                "newsclean: ignoring unreadable cache %s (%s); rebuilding", self.path, err
            )
            return {}
        if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
            logger.warning(
                "newsclean: ignoring cache %s (not a newsclean cache file); rebuilding", self.path
            )
            return {}
        outdated = self._outdated(data)
        if outdated:
            # Expected once after an upgrade: not a warning, which `pelican --fatal
            # warnings` would turn into a failed build, before the file is rewritten.
            logger.info("newsclean: cache %s is %s; rebuilding it", self.path, outdated)
            return {}
        return data["entries"]

    def _outdated(self, data: dict[str, Any]) -> str | None:
        if data.get("format") != CACHE_FORMAT or data.get("namespace") != self.namespace:
            return f"in format {data.get('format')!r}, not {CACHE_FORMAT}"
        if data.get("plugin_version") != self.version:
            written = data.get("plugin_version")
            return f"written by pelican-newsclean {written!r}, this is {self.version}"
        return None

    def key(self, text: str) -> str:
        return content_key(text, self.digest)

    def get(self, text: str) -> Any | None:
        """The stored result for ``text``, or None."""
        return self.get_made(lambda: text)

    def get_made(self, make_text: Callable[[], str]) -> Any | None:
        """:meth:`get` for a text that costs to make: made only if an entry may match."""
        if not self._stored and not self._used:  # a first build: spare the text and hash
            self.misses += 1
            return None
        key = self.key(make_text())
        value = self._used.get(key, _IN_FILE)
        if value is _IN_FILE:
            value = _decoded_text(self._stored.get(key))
            if value is not None:
                self._used[key] = _IN_FILE
        elif isinstance(value, EncodedJSON):
            value = value.decoded()
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        return value

    # -- writing ---------------------------------------------------------

    def put(self, text: str, value: Any) -> None:
        """Remember a JSON-serialisable result for ``text``."""
        key = self.key(text)
        self._used[key] = value
        self._dirty = True

    def put_encoded(self, key: str, entry: EncodedJSON) -> None:
        """Remember a result already encoded, under a key :meth:`key` gave."""
        self._used[key] = entry
        self._dirty = True

    def save(self) -> bool:
        """Write the file atomically if anything changed; True when written.

        Failures (read-only folder, full disk) are logged, not raised.
        """
        if self.path is None:
            return False
        if not self._dirty and set(self._used) == self._saved_keys:
            return False
        header = {
            "format": CACHE_FORMAT,
            "namespace": self.namespace,
            "plugin_version": self.version,
        }
        try:
            write_atomically(self.path, _file_chunks(header, self._used, self._stored))
        except OSError as err:
            logger.warning("newsclean: could not write cache %s (%s)", self.path, err)
            return False
        self._saved_keys = set(self._used)
        self._dirty = False
        return True


_dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _encode(value: Any, indent: int | None = None) -> bytes:
    # A Python str may hold a lone surrogate, which UTF-8 cannot carry. JSON text
    # holds one only inside a string, where "backslashreplace" writes it as the
    # JSON escape that reads back as the same surrogate.
    text = _dump(value) if indent is None else json.dumps(value, ensure_ascii=False, indent=indent)
    return text.encode("utf-8", "backslashreplace")


#: Marks an entry of ``ResultCache._used`` whose text is the one the file holds.
_IN_FILE = object()


def _decoded_text(text: Any) -> Any | None:
    """The result an entry of a file holds; None if it is not a JSON text."""
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _file_chunks(
    header: dict[str, Any], entries: dict[str, Any], texts: dict[str, Any]
) -> Iterator[bytes]:
    """A cache file, piece by piece: ``header`` with ``entries`` added, each as
    a JSON string of its JSON text (``texts`` holds those of entries _IN_FILE),
    encoded ones as they are (a site's file is tens of MB: never one string)."""
    yield _encode(header)[:-1] + b',"entries":{'
    separator = b""
    for key, value in entries.items():
        yield separator + _encode(key) + b":"
        if isinstance(value, EncodedJSON):
            yield value.data
        else:
            yield _encode(texts[key] if value is _IN_FILE else json_text(value))
        separator = b","
    yield b"}}"


def write_json_atomically(
    path: str | os.PathLike[str], data: Any, indent: int | None = None
) -> None:
    """Write JSON to a temporary file next to ``path``, then rename it over ``path``
    (compact, or indented by ``indent`` spaces for people to read)."""
    write_atomically(path, [_encode(data, indent)])


def write_atomically(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to a temporary file next to ``path``, then rename it over ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.writelines(chunks)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
