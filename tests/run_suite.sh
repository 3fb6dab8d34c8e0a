#!/usr/bin/env bash
# The whole suite: lint, every test on SQLite and, beside it, every database test again on
# PostgreSQL.
# Called by `make test` (and so by .ci/run). Under CI=true a missing PostgreSQL, Redis,
# Chromium or data set fails the run; elsewhere it is skipped with a loud reason.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
ARTIFACTS=test-artifacts
mkdir -p "$ARTIFACTS"
in_ci() { [[ "${CI:-}" =~ ^(1|true|yes)$ ]]; }
banner() { printf '\n======== %s ========\n' "$*"; }

export SMARTBRANCH_PATHS_SHARED_DATA_DIR="${SMARTBRANCH_PATHS_SHARED_DATA_DIR:-$(cd .. && pwd)/shared/data}"
export SMARTBRANCH_TEST_ARTIFACTS="$PWD/$ARTIFACTS"
# The categorisation model the demo and the pages use: trained by the first test that needs
# it (about 20 s), then read by every later one and by the PostgreSQL run.
export SMARTBRANCH_INSIGHTS_MODEL_DIR="${SMARTBRANCH_INSIGHTS_MODEL_DIR:-$PWD/$ARTIFACTS/models}"
PG_URL="${SMARTBRANCH_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"

# Debian's Chromium for the browser tests (never a browser download by a test tool).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    banner "installing Debian's chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
      >"$ARTIFACTS/apt-chromium.log" 2>&1 || echo "chromium install failed: see $ARTIFACTS/apt-chromium.log"
  fi
  [ -x /usr/bin/chromium ] || echo "WARNING: /usr/bin/chromium missing: browser tests will be skipped (they fail under CI=true)"
fi

# Debian's HAProxy and NATS server: the proxy and the hub of `smartbranch cluster up`
# (tests/smartbranch/test_cluster_up.py) and the edge-to-centre tests.
for package in haproxy nats-server; do
  if [ ! -x "/usr/sbin/$package" ] && ! command -v "$package" >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      banner "installing Debian's $package for the cluster tests"
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package") \
        >"$ARTIFACTS/apt-$package.log" 2>&1 || echo "$package install failed: see $ARTIFACTS/apt-$package.log"
    fi
    [ -x "/usr/sbin/$package" ] || command -v "$package" >/dev/null \
      || echo "WARNING: $package missing: the cluster tests will be skipped (they fail under CI=true)"
  fi
done

# Debian's espeak-ng: the voice tests synthesise Korean and English speech at test time.
if ! command -v espeak-ng >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    banner "installing Debian's espeak-ng for the voice tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng) \
      >"$ARTIFACTS/apt-espeak-ng.log" 2>&1 || echo "espeak-ng install failed: see $ARTIFACTS/apt-espeak-ng.log"
  fi
  command -v espeak-ng >/dev/null || echo "WARNING: espeak-ng missing: synthetic-speech voice tests will be skipped (they fail under CI=true)"
fi

# Debian's fonts for the languages we ship (Chinese, Korean: Noto CJK; Persian: Noto Naskh
# and Sans Arabic in fonts-noto-core), so screenshots show the words, not empty boxes.
if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK" || ! fc-list 2>/dev/null | grep -q "Noto Naskh Arabic"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    banner "installing Debian's Noto fonts for the translated pages"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fonts-noto-core) \
      >"$ARTIFACTS/apt-fonts.log" 2>&1 || echo "font install failed: see $ARTIFACTS/apt-fonts.log"
  fi
fi

banner "lint (ruff)"
$BIN/ruff check . || exit 1

# The two runs go side by side: on two cores most tests wait on a browser, a socket or a
# child process, and one after the other took ~33 minutes. What they share must not collide:
# each has its own databases (a SQLite file; throwaway PostgreSQL databases), the model is
# trained once before both, and the PostgreSQL run gets a NATS server of its own, since the
# kiosk agents of both would otherwise answer on the same subjects.
if ! ls "$SMARTBRANCH_INSIGHTS_MODEL_DIR"/*.npz >/dev/null 2>&1; then
  banner "training the categorisation model once for both runs"
  $BIN/smartbranch insights train --no-corrections >"$ARTIFACTS/insights-train.log" 2>&1 \
    || { echo "training failed: see $ARTIFACTS/insights-train.log"; exit 1; }
fi

pg_pid=""
pg_nats_pid=""
nats_dir=""
pg_log="$ARTIFACTS/postgresql.log"
stop_side_runs() {
  [ -n "$pg_pid" ] && kill "$pg_pid" 2>/dev/null
  [ -n "$pg_nats_pid" ] && kill "$pg_nats_pid" 2>/dev/null
  [ -n "$nats_dir" ] && rm -rf "$nats_dir"
  return 0
}
trap stop_side_runs EXIT
if $BIN/python - "$PG_URL" <<'PY'
import sys
from sqlalchemy import create_engine, text
try:
    with create_engine(sys.argv[1]).connect() as c:
        c.execute(text("select 1"))
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}".splitlines()[0])
    sys.exit(1)
PY
then
  pg_nats_url="${SMARTBRANCH_TEST_NATS_URL:-nats://127.0.0.1:4222}"
  nats_bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
  if [ -x "$nats_bin" ]; then
    nats_port="$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    nats_dir="$(mktemp -d)"
    "$nats_bin" -js -a 127.0.0.1 -p "$nats_port" -sd "$nats_dir" >"$ARTIFACTS/postgresql-nats.log" 2>&1 &
    pg_nats_pid=$!
    pg_nats_url="nats://127.0.0.1:$nats_port"
  fi
  banner "run 2 of 2 starts beside run 1: database tests on PostgreSQL ($PG_URL); its output follows run 1"
  SMARTBRANCH_DATABASE_URL="$PG_URL" SMARTBRANCH_TEST_NATS_URL="$pg_nats_url" \
    $BIN/pytest -p no:cacheprovider -m db --junitxml="$ARTIFACTS/postgresql.xml" "$@" >"$pg_log" 2>&1 &
  pg_pid=$!
else
  rm -f "$ARTIFACTS/postgresql.xml"
fi

banner "run 1 of 2: the whole suite on SQLite"
env -u SMARTBRANCH_DATABASE_URL $BIN/pytest -p no:cacheprovider --junitxml="$ARTIFACTS/sqlite.xml" "$@"
sqlite_rc=$?

banner "run 2 of 2: database tests on PostgreSQL ($PG_URL)"
pg_rc=0
if [ -n "$pg_pid" ]; then
  wait "$pg_pid"
  pg_rc=$?
  pg_pid=""
  cat "$pg_log"
  [ $pg_rc -eq 5 ] && { echo "no database tests were collected for PostgreSQL"; pg_rc=1; }
else
  echo "!!!!!!!! PostgreSQL RUN SKIPPED: the server at $PG_URL is unreachable !!!!!!!!"
  if in_ci; then echo "CI=true: a missing PostgreSQL fails the run"; pg_rc=1; fi
fi

banner "summary"
$BIN/python - "$ARTIFACTS" <<'PY'
import sys, pathlib, xml.etree.ElementTree as ET
total = {"passed": 0, "failed": 0, "skipped": 0}
for name in ("sqlite", "postgresql"):
    path = pathlib.Path(sys.argv[1]) / f"{name}.xml"
    if not path.exists():
        print(f"{name}: not run")
        continue
    suite = ET.parse(path).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
    passed = tests - failures - errors - skipped
    print(f"{name}: {passed} passed, {failures + errors} failed, {skipped} skipped")
    total["passed"] += passed; total["failed"] += failures + errors; total["skipped"] += skipped
print(f"total: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
PY
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
