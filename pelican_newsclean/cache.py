"""A content-hash cache of expensive results, in one SQLite file under CACHE_PATH.

``CACHE_PATH/newsclean/cache.sqlite3`` holds one table: each row a result,
keyed by the stage that made it (``text``, ``visible``, ``entities``...) and
a SHA-256 of the input text and a *fingerprint*, everything the result depends
on (plugin version and code, spaCy and model versions, the settings that
change it). Change any of them and the old rows simply stop matching; rows
no build used for :data:`PRUNE_AFTER_DAYS` are deleted.

A build reads the rows of its posts one by one and writes what it made in one
transaction per stage. SQLite's write-ahead log lets two builds share the file:
readers never wait, writers take turns; a new file is made complete beside
its place and linked in, so builds that start together never see it
half-made, and a file busy with another build is skipped, never set aside.
Values are JSON (data only, never pickle). A file that is not such a
database, damaged, or not a file at all (a folder, a FIFO) is moved aside with
a warning and a new one started; an entry that is too large or cannot be read
is a miss: the cache can make a build faster, never break it.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> cache = ResultCache(folder, "demo", {"model": "x"})
    >>> cache.get("Bonjour") is None
    True
    >>> cache.put("Bonjour", [1, 2]); cache.save()
    >>> ResultCache(folder, "demo", {"model": "x"}).get("Bonjour")
    [1, 2]
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

logger = logging.getLogger("pelican_newsclean")

#: The database file in ``CACHE_PATH/newsclean``.
DATABASE_NAME = "cache.sqlite3"
#: The table's layout (SQLite's ``user_version``); a file of another is moved aside.
SCHEMA_VERSION = 1
#: Rows no build used for this long are deleted when a build writes.
PRUNE_AFTER_DAYS = 30
#: A build marks the rows it reads as used when their mark is older than this
#: (not at every read: a warm build then writes nothing).
TOUCH_AFTER_SECONDS = 24 * 3600
#: Larger entries are a miss: no result of a post is near this size.
MAX_ENTRY_BYTES = 64 << 20
#: Seconds a build waits for another build writing the same file.
BUSY_TIMEOUT_SECONDS = 60

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    stage TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (stage, key)
) WITHOUT ROWID
"""


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


@functools.cache
def code_version() -> str:
    """This plugin's version and a digest of its Python sources: a checkout whose
    code changed under the same version number must not get the old code's
    results from the cache."""
    return f"{plugin_version()}+{source_digest(Path(__file__).parent)}"


def source_digest(package: Path) -> str:
    """A short SHA-256 of the ``.py`` files under ``package``: their paths and bytes."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def fingerprint_digest(fingerprint: Mapping[str, Any]) -> str:
    """A stable hash of the things a result depends on (key order does not matter)."""
    blob = json.dumps(fingerprint, sort_keys=True, ensure_ascii=False, default=_jsonable)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def _jsonable(value: Any) -> Any:
    # Settings come frozen (tuples, read-only dicts); hash them as lists/dicts.
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


def content_key(text: str, digest: str) -> str:
    """The cache key of one input: its text and the fingerprint digest."""
    h = hashlib.sha256()
    h.update(digest.encode("ascii"))
    h.update(b"\0")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def encode_json(value: Any, indent: int | None = None) -> bytes:
    """``value`` as UTF-8 JSON. A Python str may hold a lone surrogate, which UTF-8
    cannot carry; JSON holds one only inside a string, where "backslashreplace"
    writes it as the escape that reads back as the same surrogate."""
    text = json.dumps(
        value, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":")
    )
    return text.encode("utf-8", "backslashreplace")


def _decode_json(data: Any) -> Any | None:
    """The value a row holds; None if it is not JSON (a file edited by hand, hostile)."""
    try:
        return json.loads(data)
    except (ValueError, TypeError, RecursionError):
        return None


class CacheStore:
    """The cache database of a site: one connection, opened on first use.

    Every SQLite failure but a busy file (another build writing for too long)
    means the file is not a database this plugin can use: it is moved aside
    with a warning, and the build goes on with a new, empty one.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DATABASE_NAME
        self._db: sqlite3.Connection | None = None
        self._failed = False  # no usable database even after a fresh start

    def has(self, stage: str, key: str) -> bool:
        """Whether a row is stored for ``(stage, key)``."""
        return (
            self._query("SELECT 1 FROM entries WHERE stage = ? AND key = ?", (stage, key))
            is not None
        )

    def read(self, stage: str, key: str) -> tuple[Any, int] | None:
        """The value stored for ``(stage, key)`` and when a build last used it."""
        row = self._query(
            "SELECT CASE WHEN length(value) <= ? THEN value END, used FROM entries"
            " WHERE stage = ? AND key = ?",
            (MAX_ENTRY_BYTES, stage, key),
        )
        if row is None:
            return None
        value = _decode_json(row[0]) if row[0] is not None else None
        if value is None:
            logger.warning(
                "newsclean: ignoring an unreadable or oversized %s entry in %s", stage, self.path
            )
            return None
        return value, row[1]

    def write(self, stage: str, entries: Mapping[str, Any], used: Iterable[str]) -> None:
        """Store ``entries`` and mark the keys ``used`` as used now, in one transaction,
        then delete the rows no build used for :data:`PRUNE_AFTER_DAYS`."""
        now = int(time.time())
        rows = [(stage, key, encode_json(value), now) for key, value in entries.items()]
        touched = [(now, stage, key) for key in used]
        if not rows and not touched:
            return
        db = self._connection()
        if db is None:
            return
        try:
            with _transaction(db):
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
                db.executemany("UPDATE entries SET used = ? WHERE stage = ? AND key = ?", touched)
                db.execute("DELETE FROM entries WHERE used < ?", (now - PRUNE_AFTER_DAYS * 86400,))
        except sqlite3.Error as error:
            self._failure(error, "could not write")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _query(self, sql: str, parameters: tuple[Any, ...]) -> Any:
        db = self._connection()
        if db is None:
            return None
        try:
            return db.execute(sql, parameters).fetchone()
        except sqlite3.Error as error:
            self._failure(error, "could not read")
            return None

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._failed:
            try:
                self._db = self._open()
            except (sqlite3.Error, OSError) as error:
                if _is_busy(error):
                    logger.warning(
                        "newsclean: cache %s busy (%s); building without it", self.path, error
                    )
                    self._failed = True
                    return None
                self._set_aside(error)
                try:
                    self._db = self._open()
                except (sqlite3.Error, OSError) as again:
                    logger.warning(
                        "newsclean: cache %s unusable (%s); building without it", self.path, again
                    )
                    self._failed = True
        return self._db

    def _open(self) -> sqlite3.Connection:
        if self.folder.exists() and not self.folder.is_dir():
            raise OSError(f"{self.folder} is not a folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        # Never open what is not a regular file: a FIFO would block the build.
        try:
            mode = os.lstat(self.path).st_mode
        except FileNotFoundError:
            _create_database(self.path)
        else:
            if not stat.S_ISREG(mode):
                raise OSError(f"{self.path} is not a regular file")
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                _make_schema(db)  # an empty file, or one a hard link could not place
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash loses no committed build
        except BaseException:
            db.close()
            raise
        return db

    def _failure(self, error: sqlite3.Error, doing: str) -> None:
        if _is_busy(error):
            logger.warning("newsclean: %s cache %s (%s)", doing, self.path, error)
            return
        self.close()
        self._set_aside(error)

    def _set_aside(self, error: BaseException) -> None:
        """Move the unusable database (and its journal files) or whatever stands at its
        path, or at its folder's, out of the way; the next use starts a new one."""
        culprit = self.folder if self.folder.exists() and not self.folder.is_dir() else self.path
        aside = culprit.with_name(f"{culprit.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        if isinstance(error, _OtherLayout) and error.version > 0:
            # Expected once after an upgrade: not a warning, which `pelican --fatal
            # warnings` would turn into a failed build every time.
            logger.info("newsclean: cache %s is of an older layout; rebuilding it", culprit)
            aside = culprit.with_name(f"{culprit.name}.layout-{error.version}")
        else:
            logger.warning(
                "newsclean: cache %s unusable (%s: %s); moved to %s and rebuilt",
                culprit,
                error.__class__.__name__,
                error,
                aside.name,
            )
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{culprit}{suffix}")
            if source.exists() or source.is_symlink():
                try:
                    os.replace(source, f"{aside}{suffix}")
                except OSError:
                    with contextlib.suppress(OSError):
                        source.unlink()


class _OtherLayout(sqlite3.DatabaseError):
    """A database whose tables are not of :data:`SCHEMA_VERSION` (0: not newsclean's)."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"not a newsclean cache of layout {SCHEMA_VERSION} (user_version {version})"
        )
        self.version = version


def _is_busy(error: BaseException) -> bool:
    """Another build holds the file: it is in use, not damaged."""
    return getattr(error, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _make_schema(db: sqlite3.Connection) -> None:
    """Give an empty database the table and layout, or raise :class:`_OtherLayout`.

    One transaction: a build opening the file meanwhile never sees the table
    without its layout (and never sets the file aside for it).
    """
    with _transaction(db):
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return  # another build made it first
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone():
            raise _OtherLayout(version)
        db.execute(_SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create_database(path: Path) -> None:
    """Make a new cache file beside ``path``, complete and in WAL mode, then link it
    into place: builds starting together never open a half-made file, and the
    first link wins. Where hard links fail, the file is made in place instead."""
    descriptor, made = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    os.close(descriptor)
    try:
        db = sqlite3.connect(made, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            _make_schema(db)
        finally:
            db.close()
        with contextlib.suppress(OSError):  # FileExistsError: another build was first
            os.link(made, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(made)


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Any:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class ResultCache:
    """The results of one stage, keyed by content hash: a view on a :class:`CacheStore`.

    ``location`` is the store, a folder to open one in (closed by :meth:`save`),
    or None for no cache. ``get`` reads one row; ``put`` keeps a result until
    :meth:`save` writes them all, and marks the rows read, in one transaction.
    """

    def __init__(
        self,
        location: CacheStore | str | os.PathLike[str] | None,
        stage: str,
        fingerprint: Mapping[str, Any],
    ) -> None:
        self._owned = location is not None and not isinstance(location, CacheStore)
        self.store: CacheStore | None = (
            location
            if location is None or isinstance(location, CacheStore)
            else CacheStore(location)
        )
        self.stage = stage
        self.digest = fingerprint_digest({**fingerprint, "plugin_version": code_version()})
        self.hits = 0
        self.misses = 0
        self._new: dict[str, Any] = {}
        self._read_long_ago: list[str] = []

    def key(self, text: str) -> str:
        return content_key(text, self.digest)

    def __contains__(self, text: str) -> bool:
        """Whether a result for ``text`` is stored (not counted as a hit or miss)."""
        key = self.key(text)
        if key in self._new:
            return True
        return self.store is not None and self.store.has(self.stage, key)

    def get(self, text: str) -> Any | None:
        """The stored result for ``text``, or None."""
        key = self.key(text)
        found = self._new.get(key)
        if found is None and self.store is not None:
            row = self.store.read(self.stage, key)
            if row is not None:
                found, used = row
                if used < time.time() - TOUCH_AFTER_SECONDS:
                    self._read_long_ago.append(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, text: str, value: Any) -> None:
        """Remember a JSON-serialisable result for ``text``."""
        if self.store is not None:
            self._new[self.key(text)] = value

    def save(self) -> None:
        """Write the results put and mark the rows read as used, in one transaction."""
        if self.store is None:
            return
        self.store.write(self.stage, self._new, self._read_long_ago)
        self._new, self._read_long_ago = {}, []
        if self._owned:
            self.store.close()


def write_json_atomically(
    path: str | os.PathLike[str], data: Any, indent: int | None = None
) -> None:
    """Write JSON (compact, or indented by ``indent`` spaces for people to read)
    with :func:`write_atomically`."""
    write_atomically(path, [encode_json(data, indent)])


def write_atomically(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to a temporary file next to ``path``, then rename it over
    ``path``, so that a build killed mid-write leaves the previous file whole."""
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
