#!/usr/bin/env bash
# The test command. Starts everything the tests need, runs every test project, and ends with the line
# "N passed, N failed" computed from the test results.
#
#   ./test.sh                 # all test projects
#   ./test.sh --filter Name   # passed to `dotnet test --filter`
#
# Environment: DISPUTES_PG_PORT (default 55432), DISPUTES_PG_DATA (default /tmp/disputes-pgdata-PORT).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

FILTER=()
if [[ "${1:-}" == "--filter" && -n "${2:-}" ]]; then FILTER=(--filter "$2"); fi

command -v dotnet >/dev/null || { echo "The .NET SDK is required (https://dot.net)."; echo "0 passed, 1 failed"; exit 1; }

echo "== Starting PostgreSQL"
if ! CONN="$(scripts/postgres.sh start)"; then
  echo "PostgreSQL did not start."
  echo "0 passed, 1 failed"
  exit 1
fi
export DISPUTES_TEST_POSTGRES="$CONN"
echo "   $CONN (roles disputes_owner and disputes_service for the least-privilege tests)"

# The browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# A CJK font too, so the Chinese pages' screenshots show characters rather than empty boxes.
if [[ ! -x /usr/bin/chromium || ! -d /usr/share/fonts/truetype/wqy ]]; then
  echo "== Installing Chromium and a CJK font (Debian packages) for the browser tests"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei; } >/dev/null 2>&1; then
    echo "   could not install chromium: the browser tests will fail"
  fi
fi

echo "== Building"
if ! dotnet build Disputes.sln -c Debug -nologo -clp:ErrorsOnly -m:2; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

RESULTS="$ROOT/.test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

PROJECTS=(tests/Disputes.Domain.Tests tests/Disputes.Workflows.Tests tests/Disputes.IntegrationTests tests/Disputes.BrowserTests)
status=0
for project in "${PROJECTS[@]}"; do
  name="$(basename "$project")"
  echo "== Testing $name"
  if ! dotnet test "$project" --no-build -c Debug -nologo "${FILTER[@]}" \
       --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$RESULTS"; then
    status=1
  fi
  if [[ ! -f "$RESULTS/$name.trx" ]]; then
    echo "$name produced no results."
    status=1
  fi
done

passed=0; failed=0; skipped=0
for trx in "$RESULTS"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted); n=$(get notExecuted)
  passed=$((passed + p)); failed=$((failed + f + e + t + a)); skipped=$((skipped + n))
done
if (( status != 0 && failed == 0 )); then failed=1; fi

echo
if (( skipped > 0 )); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
if (( failed > 0 || passed == 0 )); then exit 1; fi
exit 0
