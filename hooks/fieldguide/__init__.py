"""Pure validation and rendering logic for the Async Rust Field Guide.

Nothing in this package imports MkDocs: MkDocs 2 breaks the plugin API and Material is in maintenance
mode, so the logic lives here and the files in hooks/*.py are thin adapters that call it. Every module
can be tested with plain pytest and used from the command line.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"
DATA_DIR = REPO_ROOT / "data"
EXAMPLES_DIR = REPO_ROOT / "examples"
