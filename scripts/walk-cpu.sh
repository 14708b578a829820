#!/usr/bin/env bash
# CPU per complaint of the (g) complaint walk: the service process's user and system time and PostgreSQL's (the
# postmaster's own time plus that of its ended backends), over the whole run, divided by the complaints walked.
# Throughput on a shared 2-core machine moves by ±15% between identical runs; CPU per complaint moves less, so this
# compares builds. Uses the benchmark's PostgreSQL (scripts/bench.sh's port and data folder) and a Release build of
# tests/Disputes.Benchmarks. Usage: scripts/walk-cpu.sh [complaints, default 3000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export DISPUTES_PG_PORT="${DISPUTES_PG_PORT:-55433}"
export DISPUTES_PG_DATA="${DISPUTES_PG_DATA:-$ROOT/.bench/pgdata}"
COMPLAINTS="${1:-3000}"
CONN="$("$ROOT/scripts/postgres.sh" start | tail -n 1)"
dotnet build "$ROOT/tests/Disputes.Benchmarks" -c Release -v quiet -nologo >/dev/null
OUT="$(mktemp -d)"
TICKS="$(getconf CLK_TCK)"
POSTMASTER="$(head -n 1 "$DISPUTES_PG_DATA/postmaster.pid")"
pg_cpu() { awk '{print $14 + $15 + $16 + $17}' "/proc/$POSTMASTER/stat"; }
BEFORE="$(pg_cpu)"
/usr/bin/time -f "%U %S" -o "$OUT/time" dotnet "$ROOT/tests/Disputes.Benchmarks/bin/Release/net10.0/Disputes.Benchmarks.dll" \
  --connection "$CONN" --workflows "$ROOT/workflows" --concurrency 8 --scenarios g --walk-complaints "$COMPLAINTS" --out "$OUT/walk.md" > "$OUT/walk.log"
sleep 2 # the pool's backends end and add their time to the postmaster's
AFTER="$(pg_cpu)"
read -r USER SYS < "$OUT/time"
WALKED="$(grep -oP '\| effects \| \K[\d,]+' "$OUT/walk.md" | tr -d ,)"
RPS="$(grep -oP 'requests/s \| \K[\d.,]+' "$OUT/walk.md")"
python3 - "$USER" "$SYS" "$BEFORE" "$AFTER" "$TICKS" "$WALKED" "$RPS" <<'PY'
import sys
user, sys_, before, after, ticks, walked, rps = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
service, pg = user + sys_, (after - before) / ticks
print(f"requests/s (timed walk) {rps}; complaints walked {walked} (warm-up included)")
print(f"CPU per complaint: service {1000 * service / walked:.2f} ms + PostgreSQL {1000 * pg / walked:.2f} ms = {1000 * (service + pg) / walked:.2f} ms")
PY
echo "Results: $OUT"
