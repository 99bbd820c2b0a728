"""A site as a new user makes one: `pelican-quickstart`'s own pelicanconf.py, a
stock theme, the plugin added in one line, the example site's French posts.

Used by the browser tests and by scripts/screenshots.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_CONTENT = REPO / "example_site" / "content"
STOCK_THEMES = ("simple", "notmyidea")
# A news site names the same people and places in post after post; entity pages
# are made for names of two posts or more (entities.min_posts), so the site
# gets a follow-up to the example's dispatch from Libya.
FOLLOW_UP = """\
Title: Khalifa Haftar attendu à Moscou
Date: 2023-09-25 09:00
Category: International
Authors: Rédaction

Le maréchal Khalifa Haftar, qui contrôle l'est de la Libye, est attendu à Moscou
cette semaine, un mois après la visite d'une délégation russe à Benghazi.

Selon son entourage, la Russie et la Libye doivent y discuter de coopération militaire.
"""


def quickstart_settings_text(theme: str) -> str:
    """pelicanconf.py as `pelican-quickstart` writes it, plus the two lines a user adds."""
    from jinja2 import Environment, FileSystemLoader
    from pelican.tools import pelican_quickstart

    templates = Path(pelican_quickstart.__file__).parent / "templates"
    template = Environment(loader=FileSystemLoader(str(templates))).get_template(
        "pelicanconf.py.jinja2"
    )
    text = template.render(
        author=repr("Rédaction"),
        sitename=repr("Le Fil du jour"),
        timezone=repr("Europe/Paris"),
        lang=repr("fr"),
        default_pagination=10,
    )
    return f'{text}\nPLUGINS = ["pelican_newsclean"]\nTHEME = {theme!r}\n'


def build_quickstart_site(root: Path, theme: str) -> Path:
    """Write the site under ``root``, build it as `pelican content` does, return its output."""
    from pelican import Pelican
    from pelican.settings import read_settings

    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLE_CONTENT, root / "content", dirs_exist_ok=True)
    (root / "content" / "2023-09-25-haftar-moscou.md").write_text(FOLLOW_UP, encoding="utf-8")
    (root / "pelicanconf.py").write_text(quickstart_settings_text(theme), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        settings = read_settings("pelicanconf.py", override={"CACHE_PATH": str(root / "cache")})
        Pelican(settings).run()
    finally:
        os.chdir(cwd)
    return root / "output"
