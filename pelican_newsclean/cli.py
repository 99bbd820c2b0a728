"""``newsclean check``: what the plugin would change, without building the site.

    newsclean check content/                 # every post under content/
    newsclean check --format json a.md b.rst
    newsclean check --strict content/        # exit 1 when anything would change

Source files are read the way Pelican reads them (Markdown, reStructuredText,
HTML) and never written. Exit codes: 0 done (with ``--strict``: nothing to
change), 1 changes would be made and ``--strict`` was given, 2 bad usage,
a bad path, an unreadable file, an unknown format or bad settings.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .entities import ModelNotInstalledError, PostInput
from .html import visible_text
from .pipeline import PostText, clean_post
from .report import PostReport, tally
from .settings import (
    SettingsError,
    load_settings,
    options_table_markdown,
    stages_skipped_by_metadata,
)

EXIT_OK, EXIT_CHANGES, EXIT_USAGE = 0, 1, 2
SOURCE_SUFFIXES = {
    ".md": "Markdown",
    ".markdown": "Markdown",
    ".mkd": "Markdown",
    ".mdown": "Markdown",
    ".rst": "reStructuredText",
    ".html": "HTML",
    ".htm": "HTML",
}


class CheckError(Exception):
    """A path or file the check cannot use; the message says which and why."""


@dataclass
class FileResult:
    """What the stages would do to one source file."""

    path: str
    report: PostReport
    entities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.report.changes)

    def to_dict(self) -> dict[str, Any]:
        data = self.report.to_dict()
        data["source"] = self.path
        data["entities"] = self.entities
        return data


def collect_sources(paths: Sequence[str]) -> list[Path]:
    """Every source file named or found under the given folders, sorted.

    Raises :class:`CheckError` for a path that does not exist or a file whose
    format is unknown (files of other kinds inside folders are passed over).
    """
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SOURCE_SUFFIXES))
        elif path.is_file():
            if path.suffix.lower() not in SOURCE_SUFFIXES:
                accepted = ", ".join(sorted(SOURCE_SUFFIXES))
                raise CheckError(f"{name}: unknown format {path.suffix!r}; accepted: {accepted}")
            found.append(path)
        else:
            raise CheckError(f"{name}: no such file or folder")
    return found


def check_files(
    paths: Sequence[Path],
    raw_settings: dict[str, Any] | None = None,
    *,
    default_lang: str = "fr",
    with_entities: bool = True,
) -> list[FileResult]:
    """Run the stages on source files in memory and return their reports."""
    from .pelican_hooks import read_source, site_entity_stage

    settings = load_settings(raw_settings)
    results: list[FileResult] = []
    entity_inputs = []
    for path in paths:
        try:
            html, metadata = read_source(path)
        except Exception as error:
            raise CheckError(f"{path}: cannot be read: {error}") from error
        skip, problem = stages_skipped_by_metadata(metadata.get("newsclean"))
        post = PostText(
            content=html,
            title=str(metadata.get("title", "")),
            summary=metadata.get("summary"),
            lang=str(metadata.get("lang") or default_lang),
            lang_declared=bool(metadata.get("lang")),
            source=str(path),
            skip=skip,
        )
        cleaned, report = clean_post(post, settings)
        if problem:
            report.errors.append(problem)
        results.append(FileResult(str(path), report))
        entity_inputs.append((cleaned, metadata))
    if with_entities and settings.stage_enabled("entities"):
        wanted = [
            (result, cleaned, metadata)
            for result, (cleaned, metadata) in zip(results, entity_inputs, strict=True)
            if "entities" not in cleaned.skip
        ]
        stage = site_entity_stage(settings)
        found = stage.run(
            [
                PostInput(
                    text=visible_text(f"<h1>{cleaned.title}</h1>{cleaned.content}"),
                    lang=cleaned.lang,
                    pinned=metadata.get("entities"),
                    ignore=metadata.get("entities_ignore"),
                    source=cleaned.source,
                )
                for _, cleaned, metadata in wanted
            ]
        )
        for (result, _, _), post_entities in zip(wanted, found, strict=True):
            result.entities = [e.as_dict() for e in post_entities.entities]
            result.report.entities = result.entities
            result.report.errors.extend(post_entities.problems)
    return results


def _excerpt_pair(before: str, after: str) -> str:
    return f"{before!r} -> {after!r}" if after else repr(before)


def format_text(results: Sequence[FileResult], stream: TextIO) -> None:
    """The human-readable report: per file, then a summary line."""
    for result in results:
        report = result.report
        print(f"== {result.path}", file=stream)
        for change in report.removed:
            detail = change.detail
            measure = f" ({detail['measure']} {detail['value']})" if "measure" in detail else ""
            line = f"  removed {change.where}: {change.rule}{measure}: {change.before!r}"
            print(line, file=stream)
            if "repeats" in detail:
                print(f"    repeats: {detail['repeats']!r}", file=stream)
        for change in report.typography:
            print(
                f"  typography {change.rule} ({change.where}): "
                f"{_excerpt_pair(change.before, change.after)}",
                file=stream,
            )
        if result.entities:
            names = ", ".join(f"{e['name']} ({e['type']})" for e in result.entities)
            print(f"  entities: {names}", file=stream)
        for error in report.errors:
            print(f"  error: {error}", file=stream)
        if not (report.changes or result.entities or report.errors):
            print("  nothing to change", file=stream)
    print(summary_line(results), file=stream)


def summary_line(results: Sequence[FileResult]) -> str:
    removed, fixes = tally(r.report for r in results)
    changed = sum(r.changed for r in results)
    entities = sum(len(r.entities) for r in results)
    return (
        f"newsclean check: {len(results)} files, {changed} would change, "
        f"{removed} repeated paragraphs, {sum(fixes.values())} typography fixes, "
        f"{entities} entities"
    )


def _load_site_settings(path: str | None) -> tuple[dict[str, Any] | None, str]:
    if path is None:
        return None, "fr"
    from .pelican_hooks import read_site_settings

    try:
        site = read_site_settings(path)
    except Exception as error:
        raise CheckError(f"{path}: cannot read Pelican settings: {error}") from error
    return site.get("NEWSCLEAN"), site.get("DEFAULT_LANG", "fr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Show what pelican-newsclean would change in source files, without "
        "building the site. Exit codes: 0 done, 1 changes found with --strict, 2 error.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check Markdown, reStructuredText or HTML posts")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or content folders")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="exit 1 when any change would be made")
    check.add_argument(
        "--settings", metavar="PELICANCONF", help="read NEWSCLEAN and DEFAULT_LANG from this file"
    )
    check.add_argument("--no-entities", action="store_true", help="skip the entity stage")
    commands.add_parser("settings-table", help="print the settings table of the README")
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Entry point of ``newsclean`` and ``python -m pelican_newsclean``."""
    stdout = stdout or sys.stdout
    args = build_parser().parse_args(argv)
    if args.command == "settings-table":
        print(options_table_markdown(), file=stdout)
        return EXIT_OK
    logging.basicConfig(level=logging.WARNING, format="newsclean: %(message)s")
    try:
        raw_settings, default_lang = _load_site_settings(args.settings)
        sources = collect_sources(args.paths)
        results = check_files(
            sources,
            raw_settings,
            default_lang=default_lang,
            with_entities=not args.no_entities,
        )
    except (CheckError, SettingsError, ModelNotInstalledError) as error:
        print(f"newsclean: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        json.dump(
            {"files": [r.to_dict() for r in results], "summary": summary_line(results)},
            stdout,
            ensure_ascii=False,
            indent=2,
        )
        stdout.write("\n")
    else:
        format_text(results, stdout)
    if args.strict and any(r.changed for r in results):
        return EXIT_CHANGES
    return EXIT_OK
