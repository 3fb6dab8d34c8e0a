# SmartBranch: `make run` starts the whole branch on embedded defaults; `make test` runs the suite;
# `make cluster` starts a bank's whole shape on this machine (README, "Deployment").
# Both create .venv/ and install everything on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED_DATA ?= $(abspath ../shared/data)

export SMARTBRANCH_PATHS_SHARED_DATA_DIR ?= $(SHARED_DATA)

.PHONY: run test setup lint clean-db cluster

# The translations (shared/i18n/translations/*/LC_MESSAGES/messages.po, in git) compiled
# into the .mo files Flask-Babel reads; redone when a catalogue changes.
PO_FILES := $(wildcard shared/i18n/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

# The demo's door camera replays photos of demo customers that `demo faces` enrols from
# $(SHARED_DATA)/faces; without that data set, or with DOOR_CAMERA=no, there is none.
DOOR_CAMERA ?= yes
DOOR_REPLAY = $(or $(SMARTBRANCH_APP_DATA_DIR),var)/door-replay

run: setup
	@$(BIN)/smartbranch db upgrade
	@$(BIN)/smartbranch demo load
	@if [ "$(DOOR_CAMERA)" = yes ]; then $(BIN)/smartbranch demo faces; fi
	@echo "Demo sign-ins (username, password, role):"
	@$(BIN)/smartbranch demo signins
	@$(BIN)/smartbranch kiosk tokens --all
	@if [ "$(DOOR_CAMERA)" = yes ] && [ -f "$(DOOR_REPLAY)/playlist.txt" ]; then \
		exec $(BIN)/smartbranch serve --door-camera "$(DOOR_REPLAY)"; \
	else \
		exec $(BIN)/smartbranch serve; \
	fi

test: setup
	@bash tests/run_suite.sh

# The bank's shape on the PostgreSQL and Redis of this machine: two web processes behind
# HAProxy, a NATS hub with a leaf per branch edge, the edges' kiosk agents. Options go in
# CLUSTER_ARGS, e.g. make cluster CLUSTER_ARGS="--web 3 --port 9000".
CLUSTER_ARGS ?=
cluster: setup
	@exec $(BIN)/smartbranch cluster up $(CLUSTER_ARGS)

setup: $(STAMP) $(MO_FILES)

%.mo: %.po $(STAMP)
	@$(BIN)/pybabel compile --statistics -i $< -o $@


# dlib comes from the dlib-bin wheel (building dlib takes ~12 minutes); face-recognition is
# installed with --no-deps because its metadata asks for the source `dlib` package.
# setuptools<81: face_recognition_models imports pkg_resources, which newer setuptools dropped.
$(STAMP): setup.cfg pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3)"; exit 2; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed; found $$($(PYTHON) --version)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip "setuptools<81" wheel
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip install --quiet --no-deps "face-recognition==1.3.0"
	@touch $(STAMP)

lint: setup
	$(BIN)/ruff check .

clean-db:
	rm -f var/smartbranch.db var/smartbranch.db-wal var/smartbranch.db-shm
