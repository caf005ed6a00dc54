# Async Rust Field Guide. `make serve` and `make test` are the two commands in the README;
# both create the virtualenv on first use and need only python3 (3.11+) and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PYTHONPATH := hooks
export NO_MKDOCS_2_WARNING := 1
STAMP  := $(VENV)/.installed-from-lock

.PHONY: serve test build bench offline-zip vendor check-rust bless-compiler-output check-latest versions docsrs-index citations register-ids diagrams lock clean lint

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

serve: $(STAMP)  ## Serve the site with live reload on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(STAMP)  ## Every test: lint, hooks, builds, Rust blocks, browser, workflows
	$(BIN)/ruff check hooks scripts tests
	$(BIN)/pytest

build: $(STAMP)  ## Build the site into site/ (strict)
	$(BIN)/mkdocs build --strict

offline-zip: build  ## Zip the built site so it can be unzipped and opened from disk
	$(BIN)/python scripts/offline_zip.py site dist/async-rust-field-guide.zip

check-rust: $(STAMP)  ## Compile every Rust block on the site against examples/Cargo.lock
	$(BIN)/python -m fieldguide.rust_check docs

bless-compiler-output: $(STAMP)  ## Rewrite the Output of compiler_output blocks with what this toolchain prints
	$(BIN)/python -m fieldguide.rust_check --bless-compiler-output docs

check-latest: $(STAMP)  ## Check the site against the newest crate releases in a scratch copy (ARGS="--summary f.md --skip-docs")
	$(BIN)/python scripts/check_latest.py $(ARGS)

docsrs-index: $(STAMP)  ## Regenerate data/docsrs-index.json from cargo doc of the pinned crates
	$(BIN)/python scripts/docsrs_index.py

citations: $(STAMP)  ## Look every citation's quote up in the pinned crate sources; refresh data/citations.json
	cargo fetch --quiet --manifest-path examples/Cargo.toml
	$(BIN)/python -m fieldguide.citations_cli

register-ids: $(STAMP)  ## Add every unregistered heading id to data/review-ids.yml
	$(BIN)/python -m fieldguide.review_ids --register-new

versions: $(STAMP)  ## Refresh data/versions.json (toolchain and crate versions shown in footers)
	$(BIN)/python -m fieldguide.versions --write

bench: $(STAMP)  ## Measure the quality budgets; writes bench/report.md and bench/report.json
	$(BIN)/python scripts/bench.py

diagrams: $(STAMP)  ## Draw new or changed mermaid diagrams into data/diagrams/ (Chromium); production pages inline them
	$(BIN)/python scripts/render_diagrams.py

vendor: $(STAMP)  ## Refresh vendored mermaid and iframe-worker from the npm registry
	$(BIN)/python scripts/vendor.py

lock:  ## Re-resolve requirements.lock from the pins in pyproject.toml
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet ".[test]"
	(echo "# Exact pins of every Python package (direct and transitive). Regenerate with: make lock"; \
	 .lock-venv/bin/pip freeze --exclude async-rust-field-guide) > requirements.lock
	rm -rf .lock-venv

lint: $(STAMP)
	$(BIN)/ruff check hooks scripts tests

clean:
	rm -rf site dist $(VENV) .pytest_cache
