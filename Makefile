# The two commands a user needs: `make generate` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# TypeScript for the tests of the TypeScript example target (tests/test_targets_as_data.py),
# from the npm registry into a folder this Makefile owns (git-ignored).
TOOLS := .tools/node
TSC := $(TOOLS)/node_modules/.bin/tsc

.PHONY: generate check test lint bench golden fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(TSC):
	mkdir -p $(TOOLS)
	npm install --no-save --no-audit --no-fund --silent --prefix $(TOOLS) typescript@5

generate: $(STAMP)  ## set up .venv and write every output from spec/
	$(BIN)/catgen generate

check: $(STAMP)  ## drift check: fail if docs or code are out of date
	$(BIN)/catgen check

test: $(STAMP) $(TSC)  ## the whole test suite, then the drift check
	$(BIN)/python -m pytest -n 2
	$(BIN)/catgen check

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/black --check generator tests generated
	$(BIN)/mypy --strict generator generated

golden: $(STAMP)  ## rewrite the golden files under tests/golden after a deliberate change
	CATGEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py tests/test_code_shapes.py -q

fuzz: $(STAMP) $(TSC)  ## the suite with ten times CI's fuzz cases (tests/fuzz) and 50 SIGKILL runs
	CATGEN_FUZZ_SCALE=10 CATGEN_KILL_RUNS=50 $(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)  ## performance figures against baselines (installs peers into bench/.venv)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .catgen_cache .tools
