"""MkDocs adapter: patch the theme's palette stylesheet and bundle in the built site
(what and why: hooks/fieldguide/theme_patches.py)."""

from pathlib import Path

from fieldguide import theme_patches


def on_post_build(config):
    theme_patches.patch_site(Path(config["site_dir"]))
