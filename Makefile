# Two commands: `make demo` sets up and runs the main job; `make test` sets up and runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint data clean

$(BIN)/perfkit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

demo: $(BIN)/perfkit
	$(BIN)/perfkit run parameters/quarterly_deep_dive.yaml

test: $(BIN)/perfkit
	$(BIN)/ruff check .
	$(BIN)/pytest
	$(BIN)/pytest -p no:cacheprovider --nbval tests/regression \
		--nbval-sanitize-with tests/regression/sanitize.cfg

lint: $(BIN)/perfkit
	$(BIN)/ruff check .

# For maintainers: rebuild data/ from the raw public files in ../shared/data/public
data: $(BIN)/perfkit
	$(BIN)/python scripts/build_data.py
	$(BIN)/python scripts/make_synthetic.py

clean:
	rm -rf $(VENV) outputs/*/
