"""pelican-newsclean: clean French news posts at Pelican build time.

Add ``"pelican_newsclean"`` to ``PLUGINS``. The core functions work without
Pelican too::

    from pelican_newsclean import load_settings, clean_post, PostText
"""

from __future__ import annotations

__version__ = "0.1.0"

from .pipeline import PostText, clean_post
from .settings import SettingsError, load_settings

__all__ = ["PostText", "SettingsError", "__version__", "clean_post", "load_settings", "register"]


def register() -> None:
    """Pelican's entry point: connect the plugin's signal handlers."""
    from .pelican_hooks import register as register_hooks

    register_hooks()
