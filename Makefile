# Thin aliases for what the README and CI run. Every target installs what it needs first.
#   make demo    crawl the bundled replica site into a JSONL feed
#   make test    the whole test suite, browser tests included
#   make bench   crawl benchmark: naive rendering vs jpcrawl defaults vs plain HTTP
#   make lint    ruff + mypy
#   make fuzz    the page parsers' property tests with thousands of random examples
#   make mutate  mutation score of the parsers and pipelines (slow; not in CI)
#   make lock    re-resolve requirements.lock after changing dependencies

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.jpcrawl-installed
APT_PACKAGES := chromium redis-server

.PHONY: demo test bench soak lint fuzz install browser system clean lock mutate

install: $(STAMP)

# Reinstall only when the dependencies change. The versions come from requirements.lock (what CI tested),
# the project itself is installed on top without resolving anything again.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "python3 -m venv failed: run 'sudo apt-get install -y python3-venv' and try again" >&2; exit 1; fi; }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $@

# Re-resolve requirements.lock after a change to the dependencies in pyproject.toml (commit both). One lock
# for every supported Python and platform (--universal), with the dev and test extras.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.10 \
	  --custom-compile-command "make lock" -o requirements.lock

# Mutation testing of the page objects, processors.py and the pipelines with the fast tests (config:
# [tool.mutmut] in pyproject.toml). Not in CI: about 20 minutes on 2 cores. MUTANTS narrows it to some
# mutants, e.g. MUTANTS='jpcrawl.pipelines*'. Prints every surviving mutant with the line it changes, then
# the score per module (`$(BIN)/mutmut show NAME` shows one mutant's diff).
MUTANTS ?=
mutate: install
	rm -rf mutants
	$(BIN)/mutmut run $(MUTANTS)
	@$(BIN)/python tests/mutation_survivors.py
	@$(BIN)/python tests/mutation_score.py mutants

# Debian packages: Chromium (the browser scrapy-playwright drives) for every crawl, redis-server for the
# distributed-mode tests. Installed when running as root; otherwise the exact command is printed.
define need_packages
	@missing=""; \
	for pkg in $(1); do \
	  case $$pkg in \
	    chromium) $(BIN)/python -c "from jpcrawl.browser import find_chromium; find_chromium()" 2>/dev/null || missing="$$missing chromium";; \
	    *) command -v $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg";; \
	  esac; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing:$$missing. Run: sudo apt-get install -y$$missing   (or set JPCRAWL_BROWSER_PATH to a Chromium)" >&2; exit 1; \
	  fi; \
	fi
endef

browser: install
	$(call need_packages,chromium)

system: install
	$(call need_packages,chromium redis-server)

demo: browser
	$(BIN)/scrapy demo

test: system
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: browser
	$(BIN)/scrapy benchmark

soak: browser
	$(BIN)/scrapy benchmark --soak

# The "fuzz" hypothesis profile (tests/conftest.py): random, 5000 examples per property. The minimal failing
# input of a failing property is saved under tests/fixtures/fuzz/, and test_fuzz_fixtures replays every file
# there in each `make test`: commit it with the fix.
fuzz: install
	HYPOTHESIS_PROFILE=fuzz JPCRAWL_FUZZ_SAVE=1 $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/test_pages_robustness.py tests/test_bounds.py -k "truncated or mutated or arbitrary or giant_field" \
	  $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check jpcrawl tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache mutants
