# Every install step lives here, so a fresh machine needs only Python 3.11+ and make.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean lock readme-images

# constraints.txt pins every package, so two installs a month apart are the same (`make lock` renews it).
$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# The demo school lives in this clone, under .demo/ (reused by later runs; `make clean` removes it).
demo: $(STAMP)
	$(VENV)/bin/school-log demo --db "sqlite:///$(CURDIR)/.demo/demo.db"

test: lint
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) tools/import_cycles.py
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

lock: $(STAMP)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra test --strip-extras --allow-unsafe --no-header \
		--no-emit-index-url --no-emit-find-links -o constraints.txt pyproject.toml

# docs/referral-pack.png: the README's picture of a pack, from a demo pupil (see tools/readme_images.py).
readme-images: $(STAMP)
	$(PY) tools/readme_images.py

clean:
	rm -rf $(VENV) .bench .demo .pytest_cache
