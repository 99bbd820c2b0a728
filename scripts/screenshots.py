"""Make the screenshots in docs/ from real builds.

    .venv/bin/python scripts/screenshots.py      # or: make screenshots

Builds the example site twice (without and with the plugin) and a
pelican-quickstart site with each of Pelican's stock themes into temporary
folders, serves each on 127.0.0.1 and has Debian's Chromium (through
Playwright) take pictures: docs/seed-before.png and docs/seed-after.png (the
seed post), docs/quickstart-THEME-article.png and
docs/quickstart-THEME-entities.png (the seed post and the entity index).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "example_site"
DOCS = REPO / "docs"
SEED_PAGE = "delegation-russe-libye.html"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build(output: Path, plugins: list[str]) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    cwd = os.getcwd()
    os.chdir(SITE)
    try:
        settings = read_settings(
            str(SITE / "pelicanconf.py"),
            override={
                "OUTPUT_PATH": str(output),
                "CACHE_PATH": str(output.parent / "cache"),
                "PLUGINS": plugins,
            },
        )
        Pelican(settings).run()
    finally:
        os.chdir(cwd)


def screenshot(folder: Path, shots: dict[str, Path], full_page: bool = True) -> None:
    """Serve ``folder`` and save a picture of each page of ``shots`` (path: target)."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
            )
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            for path, target in shots.items():
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
                page.screenshot(path=str(target), full_page=full_page)
                print(f"wrote {target.relative_to(REPO)}")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def main() -> int:
    sys.path.insert(0, str(REPO))
    from tests.quickstart_site import STOCK_THEMES, build_quickstart_site

    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        for name, plugins in (("before", []), ("after", ["pelican_newsclean"])):
            output = Path(temporary) / name / "output"
            build(output, plugins)
            screenshot(output, {SEED_PAGE: DOCS / f"seed-{name}.png"})
        for theme in STOCK_THEMES:
            output = build_quickstart_site(Path(temporary) / theme, theme)
            # The top of each page: the entity index of a whole site is long.
            shots = {
                SEED_PAGE: DOCS / f"quickstart-{theme}-article.png",
                "entities/": DOCS / f"quickstart-{theme}-entities.png",
            }
            screenshot(output, shots, full_page=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
