"""prepare_post: `newsclean check` reports what a build of the same site publishes."""

from __future__ import annotations

import json
from pathlib import Path

from pelican_newsclean.cli import check_files
from pelican_newsclean.pelican_hooks import read_site_settings

from .conftest import SEED_ARTICLE, post

# A site whose settings change what a post becomes: Markdown's smarty extension
# (curly quotes before typography sees them), its own slug rules (entity URLs),
# English as the default language (typography and NER only for posts marked fr).
SETTINGS = """\
PLUGINS = ["pelican_newsclean"]
TIMEZONE = "UTC"
SITEURL = "https://example.org"
DEFAULT_LANG = "en"
CACHE_PATH = "cache"
MARKDOWN = {
    "extensions": ["markdown.extensions.smarty", "markdown.extensions.extra"],
    "output_format": "html5",
}
SLUG_REGEX_SUBSTITUTIONS = [
    (r"[^\\w\\s-]", ""), (r"(?u)\\A\\s*", ""), (r"(?u)\\s*\\Z", ""), (r"[-\\s]+", "_"),
]
NEWSCLEAN = {"report": "report.json", "entities": {"pages": False}}
"""


def _site(tmp_path):
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    paragraphs = "\n\n".join(seed.splitlines())
    files = {
        "libye.md": post("Haftar reçoit Moscou", paragraphs, Lang="fr"),
        "anglais.md": post("Haftar meets Moscow", 'Khalifa Haftar met the "Russian" envoy.'),
        "essai.md": post("Un «essai»", 'Le "maréchal" Khalifa Haftar -- à Benghazi...', Lang="fr"),
    }
    content = tmp_path / "content"
    content.mkdir()
    for name, text in files.items():
        (content / name).write_text(text, encoding="utf-8")
    (tmp_path / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    return sorted(content.iterdir())


def test_check_reports_what_the_build_publishes(tmp_path, monkeypatch):
    from pelican import Pelican

    sources = _site(tmp_path)
    monkeypatch.chdir(tmp_path)
    settings = read_site_settings(tmp_path / "pelicanconf.py")
    Pelican(settings).run()
    built = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["posts"]
    site_settings = read_site_settings("pelicanconf.py")
    checked = [c.report.to_dict() for c in check_files(sources, site_settings)]

    def essentials(report):
        return {key: value for key, value in report.items() if key != "source"}

    by_name = {Path(p["source"]).name: essentials(p) for p in built}
    got = {path.name: essentials(c) for path, c in zip(sources, checked, strict=True)}
    assert got == by_name
    # The site's settings mattered: the slug rules, the language.
    entities = [e for p in built for e in p["entities"]]
    assert any("_" in e["slug"] for e in entities)
    assert by_name["anglais.md"]["typography"] == [] and by_name["anglais.md"]["entities"] == []
