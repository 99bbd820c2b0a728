"""``newsclean check``: what the plugin would change, without building the site.

    newsclean check content/                 # every post under content/
    newsclean check --format json a.md b.rst
    newsclean check --strict content/        # exit 1 when anything would change
    newsclean check --verbose a.md           # every change, not one per rule

Source files are read the way Pelican reads them (Markdown, reStructuredText,
HTML) and never written; the report's wording is check_report's. Exit codes:
0 done (with ``--strict``: nothing to change), 1 changes would be made and
``--strict`` was given (the reason on stderr), 2 bad usage, a bad path, an
unknown format, bad settings, a file that could not be read or parsed (every
other file is still checked) or an unexpected error (one line; ``--debug``
shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from . import check_report
from .check_report import CheckedFile, SourceBlocks, align_blocks, block_keys
from .entities import ModelNotInstalledError
from .entities.pages import slugs_with_pages
from .post import prepare_post, with_urls
from .report import plural
from .settings import SettingsError, load_settings, options_table_markdown

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
        elif path.exists():
            if path.suffix.lower() not in SOURCE_SUFFIXES:
                accepted = ", ".join(sorted(SOURCE_SUFFIXES))
                raise CheckError(f"{name}: unknown format {path.suffix!r}; accepted: {accepted}")
            found.append(path)
        else:
            raise CheckError(f"{name}: no such file or folder")
    return found


def _read(path: Path, site_settings: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A source's HTML and metadata; :class:`CheckError` saying why it cannot be read."""
    from .pelican_hooks import read_source

    if path.is_dir() or not path.is_file():
        # A FIFO or a device would block the reader or never end.
        raise CheckError("not a regular file")
    try:
        return read_source(path, site_settings)
    except Exception as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise CheckError(f"cannot be read: {reason}") from error


def check_files(
    paths: Sequence[Path],
    site_settings: dict[str, Any] | None = None,
    *,
    with_entities: bool = True,
) -> list[CheckedFile]:
    """Run the stages on source files in memory, as a build of the site whose Pelican
    settings are ``site_settings`` (None: Pelican's defaults) would; their reports.

    A file that cannot be read or parsed gets an error of its own; the
    others are still checked.
    """
    from .pelican_hooks import default_site_settings, site_entity_stage

    site_settings = site_settings or default_site_settings()
    settings = load_settings(site_settings.get("NEWSCLEAN"))
    results: list[CheckedFile] = []
    entity_inputs = []
    for path in paths:
        try:
            html, metadata = _read(path, site_settings)
        except CheckError as error:
            results.append(CheckedFile(str(path), None, error=str(error)))
            continue
        prepared = prepare_post(
            html, metadata, site_settings, settings, source=str(path), with_entities=with_entities
        )
        report = prepared.report
        if prepared.problem:
            report.errors.append(prepared.problem)
        checked = CheckedFile(str(path), report)
        if report.changes:
            cleaned = prepared.post
            checked.blocks = _source_blocks(html, cleaned.content, cleaned.lang, settings)
        results.append(checked)
        if prepared.entity_input is not None:
            status = metadata.get("status") or site_settings.get("DEFAULT_STATUS", "published")
            entity_inputs.append((checked, prepared.entity_input, status == "published"))
    if entity_inputs:
        stage = site_entity_stage(settings, site_settings)
        found = stage.run([entity_input for _, entity_input, _ in entity_inputs])
        # As in a build: only entities that enough published posts name have a page.
        options = settings.entities
        published = [p for _, _, p in entity_inputs]
        paged = slugs_with_pages(
            (f.entities for f, p in zip(found, published, strict=True) if p),
            options.min_posts if options.pages else len(found) + 1,
        )
        for (checked, _, _), post_entities in zip(entity_inputs, found, strict=True):
            assert checked.report is not None
            entities = with_urls(post_entities.entities, settings, paged)
            checked.entities = [e.as_dict() for e in entities]
            checked.report.entities = checked.entities
            checked.report.errors.extend(post_entities.problems)
    return results


def _source_blocks(html: str, cleaned: str, lang: str, settings: Any) -> SourceBlocks:
    """The source's blocks and where each cleaned block came from, for block numbers."""
    typography = settings.typography
    options = (lang, typography.skip_tags, typography.skip_class)
    keys = block_keys(html, *options)
    return SourceBlocks(keys, align_blocks(keys, block_keys(cleaned, *options)))


def _load_site_settings(path: str | None) -> dict[str, Any] | None:
    if path is None:
        return None
    from .pelican_hooks import read_site_settings

    try:
        return read_site_settings(path)
    except Exception as error:
        raise CheckError(f"{path}: cannot read Pelican settings: {error}") from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Show what pelican-newsclean would change in source files, without "
        "building the site. Exit codes: 0 done, 1 changes found with --strict, 2 error "
        "(bad usage, settings or path, a file that could not be checked, a crash).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check Markdown, reStructuredText or HTML posts")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or content folders")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="exit 1 when any change would be made")
    check.add_argument(
        "--verbose", "-v", action="store_true", help="list every change, not one per rule"
    )
    check.add_argument(
        "--debug", action="store_true", help="show the traceback of an unexpected error"
    )
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
        site_settings = _load_site_settings(args.settings)
        sources = collect_sources(args.paths)
        results = check_files(sources, site_settings, with_entities=not args.no_entities)
    except (CheckError, SettingsError, ModelNotInstalledError) as error:
        print(f"newsclean: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # a bug: one line, unless asked for the traceback
        if args.debug:
            raise
        reason = " ".join(str(error).split())
        print(
            f"newsclean: unexpected error: {type(error).__name__}: {reason} "
            "(--debug shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.format == "json":
        _write_utf8(
            stdout,
            json.dumps(check_report.json_report(results), ensure_ascii=False, indent=2) + "\n",
        )
    else:
        check_report.write_text(results, stdout, verbose=args.verbose)
    unchecked = [r for r in results if r.error is not None]
    if unchecked:
        print(
            f"newsclean: error: {plural(len(unchecked), 'file')} could not be checked",
            file=sys.stderr,
        )
        return EXIT_USAGE
    failure = check_report.strict_failure(results) if args.strict else None
    if failure:
        print(failure, file=sys.stderr)
        return EXIT_CHANGES
    return EXIT_OK


def _write_utf8(stream: TextIO, text: str) -> None:
    """Write ``text`` as UTF-8 whatever the locale says (bytes when the stream has them)."""
    binary = getattr(stream, "buffer", None)
    if binary is None:
        stream.write(text)
        return
    stream.flush()
    binary.write(text.encode("utf-8"))
    binary.flush()
