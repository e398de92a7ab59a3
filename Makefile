# Two commands: `make demo` sets up and runs the main job; `make test` sets up and runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint data clean browser

# The browser tests (tests/test_browser.py) drive Debian's Chromium: a test
# tool's own browser download cannot be fetched here. Installed once, as root
# (or with sudo); if that fails the browser tests fail and say how to install it.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_GET := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -qq -o=Dpkg::Use-Pty=0

$(BIN)/perfkit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

demo: $(BIN)/perfkit
	$(BIN)/perfkit run parameters/quarterly_deep_dive.yaml

browser:
	@[ -n "$$PERFKIT_CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || \
	command -v chromium-browser >/dev/null 2>&1 || \
	{ echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
	  { $(APT_GET) install -y chromium >/dev/null 2>&1 || \
	    { $(APT_GET) update >/dev/null && $(APT_GET) install -y chromium >/dev/null; }; } || \
	  echo "Could not install Chromium: the browser tests will fail (see tests/browser_support.py)"; }

test: $(BIN)/perfkit browser
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
