"""The example site in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, SEED_ARTICLE
from .quickstart_site import STOCK_THEMES, build_quickstart_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.browser


def _chromium_or_skip() -> str:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(
            "BROWSER TEST NOT RUN: Debian's chromium is not installed "
            "(apt-get install chromium; .ci/run does it)"
        )
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 for the time of the block; yields its base URL."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def served_site(example_output):
    with serving(example_output) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    executable = _chromium_or_skip()
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def test_seed_post_in_a_browser(browser, served_site):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(f"{served_site}/delegation-russe-libye.html")

    paragraphs = page.locator(".body p").all_inner_texts()
    distinct_lines = list(dict.fromkeys(SEED_ARTICLE.read_text(encoding="utf-8").splitlines()))
    assert len(paragraphs) == len(distinct_lines) == 5
    body_text = page.locator(".body").inner_text()
    assert "«\u00a0coopération et coordination\u00a0»" in body_text
    assert page.locator(".body p sup", has_text="e").first.evaluate(
        "e => e.previousSibling.textContent.endsWith('XI')"
    )

    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["@type"] == "NewsArticle"
    mentioned = {m["name"] for m in data["mentions"]}
    assert {"Khalifa Haftar", "Libye", "Russie"} <= mentioned

    panel = page.locator(".newsclean-panel")
    panel.locator("summary").click()
    panel_text = panel.inner_text()
    assert "««" not in panel_text and "»»" not in panel_text
    assert "répète le paragraphe" in panel_text and "exact-repeat" not in panel_text

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-post.png"), full_page=True)

    page.get_by_role("link", name="Khalifa Haftar").first.click()
    page.wait_for_load_state()
    assert "Khalifa Haftar" in page.locator("h1").inner_text()
    back = page.locator('a[href$="delegation-russe-libye.html"]')
    assert back.count() >= 1
    back.first.click()
    page.wait_for_load_state()
    assert page.url.endswith("delegation-russe-libye.html")
    assert errors == []


def _page_with_error_log(browser: Any) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    return page, errors


@pytest.fixture(scope="module", params=STOCK_THEMES)
def quickstart_site(request, tmp_path_factory):
    """A pelican-quickstart site with a stock theme, built and served: (theme, URL)."""
    theme = request.param
    output = build_quickstart_site(tmp_path_factory.mktemp(f"quickstart-{theme}"), theme)
    with serving(output) as url:
        yield theme, url


def test_a_stock_theme_shows_jsonld_entity_links_and_a_readable_index(browser, quickstart_site):
    theme, site = quickstart_site
    page, errors = _page_with_error_log(browser)
    page.goto(f"{site}/delegation-russe-libye.html")

    scripts = page.locator('head script[type="application/ld+json"]')
    assert scripts.count() == 1
    data = json.loads(scripts.inner_text())
    assert data["@type"] == "NewsArticle"
    assert {"Khalifa Haftar", "Libye", "Russie"} <= {m["name"] for m in data["mentions"]}
    assert "\n" not in data["description"]

    links = page.locator(".newsclean-entity-links a")
    assert links.count() >= 3
    haftar = links.filter(has_text="Khalifa Haftar")
    assert haftar.is_visible()
    title_box = page.locator("article header :is(h1, h2)").first.bounding_box()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"quickstart-{theme}-article.png"), full_page=True)

    haftar.click()
    page.wait_for_load_state()
    assert "Khalifa Haftar" in page.locator("h1").last.inner_text()
    index_link = page.get_by_role("link", name="Entités")
    index_link.click()
    page.wait_for_load_state()

    # The index reads as one of the theme's pages: in the article's column,
    # nothing wider than the window, every entity a visible link.
    heading = page.locator(".newsclean-entities h1")
    assert heading.inner_text() == "Entités"
    index_box = heading.bounding_box()
    assert abs(index_box["x"] - title_box["x"]) <= 2, (index_box, title_box)
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    entity_links = page.locator(".newsclean-entities li a")
    assert entity_links.count() >= 3
    assert entity_links.filter(has_text="Khalifa Haftar").is_visible()
    font_size = entity_links.first.evaluate("a => parseFloat(getComputedStyle(a).fontSize)")
    assert font_size >= 12
    page.screenshot(path=str(ARTIFACTS / f"quickstart-{theme}-entities.png"), full_page=True)
    assert errors == []
