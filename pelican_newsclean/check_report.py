"""How ``newsclean check`` shows what it found: text for people, JSON for tools.

Excerpts are printed as text (never Python escapes), with the invisible space
kinds made visible (:data:`SPACE_MARKERS`, explained once at the top), cut at
word boundaries. Changes are grouped by rule with a count and one example
(``verbose`` lists each). Block numbers are those of the source file: the
typography stage numbers the blocks left after repeats are removed, so its
numbers are mapped back by aligning the cleaned blocks with the source's.

    >>> show("«\\u00a0Oui\\u202f!\\u00a0»")
    '«⍽Oui·!⍽»'
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from .html import DEFAULT_SKIP_TAGS, WalkOptions, parse_fragment, text_runs
from .report import Change, PostReport, plural

#: Invisible characters the typography rules write, and how excerpts show them.
SPACE_MARKERS = {
    "\u00a0": ("⍽", "no-break space (U+00A0)"),
    "\u202f": ("·", "narrow no-break space (U+202F)"),
    "\u2009": ("ˑ", "thin space (U+2009)"),
}
_SHOWN = str.maketrans({char: marker for char, (marker, _) in SPACE_MARKERS.items()})
#: How far an excerpt's context reaches on each side of a change (typography's window).
_CONTEXT = 16

_RULE_NAMES = {
    "exact-repeat": "repeats",
    "near-repeat-containment": "nearly repeats",
    "near-repeat-similarity": "nearly repeats",
    "boilerplate": "is site-wide boilerplate, like",
}


def show(text: str) -> str:
    """``text`` on one line with its invisible spaces as visible markers."""
    return " ".join(text.translate(_SHOWN).split())


def display_path(path: str) -> str:
    """A file name that encodes to UTF-8 whatever bytes it was made of
    (undecodable bytes read as ``\\xNN``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def word_bounded(before: str, after: str, block_key: str) -> tuple[str, str]:
    """An excerpt pair without the cut words at its edges.

    Typography excerpts are a window of a few characters around the change,
    so they start and end mid-word; a word is dropped from an edge when it is
    context (the same before and after), unless the excerpt reaches the start
    or end of its block (``block_key``: the block's :func:`_key`). A cut side
    shows ``…``.

    >>> word_bounded("dant de l'ANL, l'Armée nat", "dant de l'ANL, l’Armée nat", "")
    ("… de l'ANL, l'Armée …", "… de l'ANL, l’Armée …")
    """
    if not block_key.startswith(_key(before)):
        space = before.find(" ")
        if 0 <= space < _CONTEXT and before[:space] == after[:space]:
            before, after = "… " + before[space + 1 :], "… " + after[space + 1 :]
    if not block_key.endswith(_key(before)):
        space = before.rfind(" ")
        tail = len(before) - space
        if space >= 0 and tail <= _CONTEXT and before[space:] == after[len(after) - tail :]:
            before, after = before[:space] + " …", after[: len(after) - tail] + " …"
    return before, after


def _key(text: str) -> str:
    """The letters and digits of ``text``: what typography never changes."""
    return "".join(char for char in text if char.isalnum()).casefold()


def block_keys(
    html: str, lang: str, skip_tags: Sequence[str] = (), skip_class: str = ""
) -> list[str]:
    """The :func:`_key` of each block of ``html`` the typography stage numbers, in order."""
    options = WalkOptions(
        default_lang=lang,
        skip_tags=DEFAULT_SKIP_TAGS | frozenset(t.strip().lower() for t in skip_tags),
        skip_class=skip_class or "notypo",
    )
    texts: dict[int, list[str]] = {}
    for run in text_runs(parse_fragment(html), options):
        texts.setdefault(id(run.block), []).extend(p.text for p in run.pieces)
    return [_key("".join(parts)) for parts in texts.values()]


def align_blocks(source: list[str], cleaned: list[str]) -> dict[int, int]:
    """For each cleaned block (1-based), the source block it is (1-based).

    The cleaned blocks are the source's minus removed repeats, in order, with
    only typography changed: equal keys, matched in order. A block without a
    match (the stage changed more than spacing and punctuation) is left out.
    """
    mapping: dict[int, int] = {}
    next_source = 0
    for index, key in enumerate(cleaned):
        for position in range(next_source, len(source)):
            if source[position] == key:
                mapping[index + 1] = position + 1
                next_source = position + 1
                break
    return mapping


@dataclass
class SourceBlocks:
    """How one file's blocks read in the source and where the cleaned ones came from."""

    keys: list[str] = field(default_factory=list)
    of_cleaned: dict[int, int] = field(default_factory=dict)

    def source_number(self, cleaned_number: int) -> int | None:
        return self.of_cleaned.get(cleaned_number)

    def key(self, number: int | None) -> str:
        return self.keys[number - 1] if number and 0 < number <= len(self.keys) else ""

    def kept_number(self, excerpt: str) -> int | None:
        """The first source block kept in the cleaned text that starts like ``excerpt``."""
        key = _key(excerpt.removesuffix("…"))
        kept = sorted(self.of_cleaned.values())
        return next((n for n in kept if self.keys[n - 1].startswith(key)), None)

    def removed_numbers(self, excerpts: Sequence[str]) -> list[int | None]:
        """The source numbers of removed blocks, from their excerpts in order:
        each is the next source block no cleaned block came from whose text
        starts like the excerpt (None when none does)."""
        kept = set(self.of_cleaned.values())
        numbers: list[int | None] = []
        start = 0
        for excerpt in excerpts:
            key = _key(excerpt.removesuffix("…"))
            found = next(
                (
                    n
                    for n in range(start + 1, len(self.keys) + 1)
                    if n not in kept and self.keys[n - 1].startswith(key)
                ),
                None,
            )
            numbers.append(found)
            start = found if found is not None else start
        return numbers


def _block_number(where: str) -> int | None:
    _, _, number = where.rpartition("block ")
    return int(number) if number.isdigit() else None


def typography_where(change: Change, blocks: SourceBlocks) -> tuple[str, str]:
    """Where a typography change is, in the source's numbering, and its block's key."""
    number = _block_number(change.where)
    if number is None or change.where != f"block {number}":
        return change.where, ""  # the title, the summary
    source = blocks.source_number(number)
    if source is None:
        return f"block {number} after removals", ""
    return f"block {source}", blocks.key(source)


def _removal_line(change: Change, number: int | None, blocks: SourceBlocks) -> str:
    """A removed paragraph: where, its text, what it repeats (numbers of the source)."""
    detail = change.detail
    relation = _RULE_NAMES.get(change.rule, change.rule)
    target = ""
    repeated = blocks.kept_number(detail["repeats"]) if "repeats" in detail else None
    if repeated is not None:
        target = f" block {repeated}"
    where = f"block {number}" if number is not None else change.where
    line = f"{where}: {show(change.before)}"
    if change.rule == "boilerplate":
        return f"{line} ({relation} on many posts)"
    similar = ""
    if change.rule.startswith("near-repeat") and "value" in detail:
        similar = f", {float(detail['value']):.0%} alike"
    why = f": {detail['why']}" if detail.get("why") else ""
    return f"{line} ({relation}{target}{similar}){why}"


@dataclass
class CheckedFile:
    """One file as the report shows it."""

    path: str
    report: PostReport | None
    blocks: SourceBlocks = field(default_factory=SourceBlocks)
    entities: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  # why the file could not be checked


def write_file_section(checked: CheckedFile, stream: TextIO, *, verbose: bool) -> None:
    """One file's part of the text report."""
    print(f"== {display_path(checked.path)}", file=stream)
    if checked.error is not None:
        print(f"  error: {checked.error}", file=stream)
        return
    report = checked.report
    assert report is not None
    removed = report.removed
    if removed:
        print(f"  {plural(len(removed), 'repeated paragraph')} removed:", file=stream)
        numbers = checked.blocks.removed_numbers([c.before for c in removed])
        for change, number in zip(removed, numbers, strict=True):
            print(f"    {_removal_line(change, number, checked.blocks)}", file=stream)
    fixes = report.typography
    if fixes:
        by_rule: dict[str, list[Change]] = {}
        for change in fixes:
            by_rule.setdefault(change.rule, []).append(change)
        counts = ", ".join(f"{rule} {len(changes)}" for rule, changes in by_rule.items())
        print(
            f"  {plural(len(fixes), 'typography fix', 'typography fixes')}: {counts}", file=stream
        )
        for rule, changes in by_rule.items():
            shown = changes if verbose else changes[:1]
            label = f"{rule} ({len(changes)})" if verbose else f"{rule}, e.g."
            print(f"    {label}", file=stream)
            for change in shown:
                where, key = typography_where(change, checked.blocks)
                before, after = word_bounded(change.before, change.after, key)
                print(f"      {where}: {show(before)} → {show(after)}", file=stream)
    if checked.entities:
        names = ", ".join(f"{e['name']} ({e['type']})" for e in checked.entities)
        print(f"  entities: {names}", file=stream)
    for error in report.errors:
        print(f"  error: {error}", file=stream)
    if not (report.changes or checked.entities or report.errors):
        print("  nothing to change", file=stream)


def legend(files: Sequence[CheckedFile]) -> str | None:
    """The one line that explains the space markers the report uses, if any."""
    used: set[str] = set()
    for checked in files:
        if checked.report is not None:
            for change in checked.report.typography:
                used.update(c for c in change.before + change.after if c in SPACE_MARKERS)
    if not used:
        return None
    parts = [f"{marker} {name}" for char, (marker, name) in SPACE_MARKERS.items() if char in used]
    return "In excerpts: " + ", ".join(parts) + "."


def summary(files: Sequence[CheckedFile]) -> dict[str, Any]:
    """Counts over all files, as the JSON report's ``summary`` object."""
    reports = [f.report for f in files if f.report is not None]
    fixes: Counter[str] = Counter()
    removed = 0
    for report in reports:
        removed += len(report.removed)
        fixes.update(report.rule_counts("typography"))
    return {
        "files": len(files),
        "changed": sum(bool(r.changes) for r in reports),
        "removed_paragraphs": removed,
        "typography_fixes": sum(fixes.values()),
        "typography_by_rule": dict(fixes.most_common()),
        "entities": sum(len(f.entities) for f in files),
        "unchecked": sum(f.error is not None for f in files),
    }


def summary_line(files: Sequence[CheckedFile]) -> str:
    counts = summary(files)
    line = (
        f"newsclean check: {plural(counts['files'], 'file')}, {counts['changed']} would change: "
        f"{plural(counts['removed_paragraphs'], 'repeated paragraph')}, "
        f"{plural(counts['typography_fixes'], 'typography fix', 'typography fixes')}, "
        f"{plural(counts['entities'], 'entity', 'entities')}"
    )
    if counts["unchecked"]:
        line += f"; {plural(counts['unchecked'], 'file')} could not be checked"
    return line


def strict_failure(files: Sequence[CheckedFile]) -> str | None:
    """Why ``--strict`` fails (changes would be made), or None."""
    counts = summary(files)
    if not counts["changed"]:
        return None
    return (
        f"newsclean check --strict: failed: {plural(counts['changed'], 'file')} would change "
        f"({plural(counts['removed_paragraphs'], 'repeated paragraph')} to remove, "
        f"{plural(counts['typography_fixes'], 'typography fix', 'typography fixes')})"
    )


def write_text(files: Sequence[CheckedFile], stream: TextIO, *, verbose: bool = False) -> None:
    """The human-readable report: the marker legend, each file, a summary line."""
    explained = legend(files)
    if explained:
        print(explained, file=stream)
    for checked in files:
        write_file_section(checked, stream, verbose=verbose)
    print(summary_line(files), file=stream)


def json_report(files: Sequence[CheckedFile]) -> dict[str, Any]:
    """The JSON report: each file's report (or error) and the summary object."""
    entries = []
    for checked in files:
        entry: dict[str, Any] = (
            checked.report.to_dict() if checked.report is not None else {"error": checked.error}
        )
        entry["source"] = display_path(checked.path)
        entry["entities"] = checked.entities
        entries.append(entry)
    return {"files": entries, "summary": summary(files)}
