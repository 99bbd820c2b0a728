"""The example site in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest

from .conftest import REPO, SEED_ARTICLE

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


@pytest.fixture(scope="module")
def served_site(example_output):
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(example_output))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


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
