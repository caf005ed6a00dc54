"""MkDocs adapter: patch the theme's palette stylesheet and bundle as they are copied into the site
(what and why: hooks/fieldguide/theme_patches.py). Runs in on_files, where MkDocs has added the
theme's files, so the patched text is what gets written, on every build including --dirty ones."""

from fieldguide import theme_patches
from mkdocs.exceptions import PluginError


def on_files(files, config):
    patched = []
    try:
        for file in files:
            if theme_patches.wants(file.dest_uri):
                file.content_string = theme_patches.patch(file.dest_uri, file.content_string)
                patched.append(file.dest_uri)
        theme_patches.check_all_patched(patched)
    except theme_patches.ThemePatchError as error:
        raise PluginError(f"theme patch: {error}") from error
    return files
