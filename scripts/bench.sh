#!/usr/bin/env bash
# Throughput/latency benchmark of the workflow runtime on PostgreSQL, next to a pgbench reference on the same
# server. Not part of the test run. Writes docs/benchmarks.md.
#
#   scripts/bench.sh            # full size: N=20000, timers=100000, bookmarks=1000000, sustain=600 s (about 20-30 min)
#   scripts/bench.sh --quick    # scaled down: N=2000, timers=10000, bookmarks=100000, sustain=60 s (a few minutes)
#
# Options (or environment): --concurrency C (BENCH_CONCURRENCY, default 8), --instances N (BENCH_INSTANCES),
# --timers T (BENCH_TIMERS), --bookmarks B (BENCH_BOOKMARKS), --resumes R (BENCH_RESUMES, default 2000),
# --sustain S (BENCH_SUSTAIN), --sample-every S (BENCH_SAMPLE_EVERY), --pgbench-seconds S (BENCH_PGBENCH_SECONDS),
# --out FILE (BENCH_DOC, default docs/benchmarks.md), --scenarios LETTERS (BENCH_SCENARIOS, default abcdef; a subset is
# for iterating only), --warmup S (BENCH_WARMUP: seconds of unmeasured start+resume before (a)), --npgsql OPTIONS
# (BENCH_NPGSQL: extra Npgsql connection-string options for the service, e.g. "Max Auto Prepare=20"; default none).
#
# Whole-service scenarios (issue 14): --scenarios ghi (or any of g, i) runs the service itself over HTTP:
#   (g) the complaint walk (--walk-complaints N, BENCH_WALK_COMPLAINTS, default 1000 after --walk-warmup W, default 2500, then rounds of
#       500 until the JIT compiled fewer than 100 methods in one, at most --walk-warmup-max, default 20000: the JIT reaches its optimized code first),
#   (i) the audit trail's sealing lag under (g), the sealing rate of a backlog (--audit-backlog, default 100000) and the
#       time to verify --audit-entries entries (BENCH_AUDIT_ENTRIES, default 1000000).
#   (h) cases stored (--cases N, BENCH_CASES, default 1000000; on a busy 2-core machine 100000 is a few minutes):
#       the reads of the queue, team view, search, statistics and transparency pages, and a filing and a decision.
# A run of only g/h/i writes its results into the "(g)-(i)" section of the document and keeps the rest.
#
# PostgreSQL is started with scripts/postgres.sh (the script the tests use), but by default on its own port and data
# folder (DISPUTES_PG_PORT=55433, DISPUTES_PG_DATA=.bench/pgdata) so that a benchmark neither collides with nor
# disturbs a test server of another worktree on the default port. Set both variables to use another server.
# The server keeps running afterwards; stop it with:
#   DISPUTES_PG_PORT=55433 DISPUTES_PG_DATA=.bench/pgdata scripts/postgres.sh stop
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DISPUTES_PG_PORT="${DISPUTES_PG_PORT:-55433}"
export DISPUTES_PG_DATA="${DISPUTES_PG_DATA:-$ROOT/.bench/pgdata}"

QUICK=0
CONCURRENCY="${BENCH_CONCURRENCY:-8}"
INSTANCES="${BENCH_INSTANCES:-}"
TIMERS="${BENCH_TIMERS:-}"
BOOKMARKS="${BENCH_BOOKMARKS:-}"
RESUMES="${BENCH_RESUMES:-2000}"
SUSTAIN="${BENCH_SUSTAIN:-}"
SAMPLE_EVERY="${BENCH_SAMPLE_EVERY:-}"
PGBENCH_SECONDS="${BENCH_PGBENCH_SECONDS:-}"
DOC="${BENCH_DOC:-$ROOT/docs/benchmarks.md}"
SCENARIOS="${BENCH_SCENARIOS:-abcdef}"
WARMUP="${BENCH_WARMUP:-}"
NPGSQL_OPTIONS="${BENCH_NPGSQL:-}"
WALK_COMPLAINTS="${BENCH_WALK_COMPLAINTS:-1000}"
WALK_WARMUP="${BENCH_WALK_WARMUP:-2500}"
WALK_WARMUP_MAX="${BENCH_WALK_WARMUP_MAX:-20000}"
AUDIT_ENTRIES="${BENCH_AUDIT_ENTRIES:-1000000}"
AUDIT_BACKLOG="${BENCH_AUDIT_BACKLOG:-100000}"
CASES="${BENCH_CASES:-1000000}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --concurrency) CONCURRENCY="$2"; shift ;;
    --instances) INSTANCES="$2"; shift ;;
    --timers) TIMERS="$2"; shift ;;
    --bookmarks) BOOKMARKS="$2"; shift ;;
    --resumes) RESUMES="$2"; shift ;;
    --sustain) SUSTAIN="$2"; shift ;;
    --sample-every) SAMPLE_EVERY="$2"; shift ;;
    --pgbench-seconds) PGBENCH_SECONDS="$2"; shift ;;
    --out) DOC="$2"; shift ;;
    --scenarios) SCENARIOS="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --npgsql) NPGSQL_OPTIONS="$2"; shift ;;
    --walk-complaints) WALK_COMPLAINTS="$2"; shift ;;
    --walk-warmup) WALK_WARMUP="$2"; shift ;;
    --walk-warmup-max) WALK_WARMUP_MAX="$2"; shift ;;
    --audit-entries) AUDIT_ENTRIES="$2"; shift ;;
    --audit-backlog) AUDIT_BACKLOG="$2"; shift ;;
    --cases) CASES="$2"; shift ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

if [[ $QUICK == 1 ]]; then
  INSTANCES="${INSTANCES:-2000}"; TIMERS="${TIMERS:-10000}"; BOOKMARKS="${BOOKMARKS:-100000}"
  SUSTAIN="${SUSTAIN:-60}"; SAMPLE_EVERY="${SAMPLE_EVERY:-10}"; PGBENCH_SECONDS="${PGBENCH_SECONDS:-15}"; WARMUP="${WARMUP:-30}"
  RUN_KIND="quick run (scripts/bench.sh --quick): scaled-down parameters, NOT the full-size benchmark"
else
  INSTANCES="${INSTANCES:-20000}"; TIMERS="${TIMERS:-100000}"; BOOKMARKS="${BOOKMARKS:-1000000}"
  SUSTAIN="${SUSTAIN:-600}"; SAMPLE_EVERY="${SAMPLE_EVERY:-30}"; PGBENCH_SECONDS="${PGBENCH_SECONDS:-30}"; WARMUP="${WARMUP:-60}"
  RUN_KIND="full run (scripts/bench.sh)"
fi

echo "== PostgreSQL (scripts/postgres.sh start, port $DISPUTES_PG_PORT, data $DISPUTES_PG_DATA)"
CONN="$("$ROOT/scripts/postgres.sh" start | tail -n 1)"
PGBIN="$("$ROOT/scripts/postgres.sh" bin)"
PGBENCH="$PGBIN/pgbench"; [[ -x "$PGBENCH" ]] || PGBENCH="$(command -v pgbench)"
PSQL="$PGBIN/psql"; [[ -x "$PSQL" ]] || PSQL="$(command -v psql)"
PGARGS=(-h 127.0.0.1 -p "$DISPUTES_PG_PORT" -U postgres)
PG_VERSION="$("$PSQL" "${PGARGS[@]}" -d postgres -tAc 'SHOW server_version')"

echo "== Build (Release)"
dotnet build "$ROOT/tests/Disputes.Benchmarks/Disputes.Benchmarks.csproj" -c Release -nologo -v q

WORK="$ROOT/.bench"
mkdir -p "$WORK"

echo "== pgbench reference: TPC-B (scale 10) and single-row insert, ${PGBENCH_SECONDS}s each at -c $CONCURRENCY -j 2"
"$PSQL" "${PGARGS[@]}" -d postgres -qc 'DROP DATABASE IF EXISTS pgbench_ref WITH (FORCE)' -c 'CREATE DATABASE pgbench_ref'
"$PGBENCH" "${PGARGS[@]}" -i -s 10 -q pgbench_ref 2>&1 | tail -n 1
"$PGBENCH" "${PGARGS[@]}" -c "$CONCURRENCY" -j 2 -T "$PGBENCH_SECONDS" pgbench_ref > "$WORK/pgbench-tpcb.txt" 2>&1
TPCB="$(grep -oP 'tps = \K[0-9.]+' "$WORK/pgbench-tpcb.txt" | head -n 1)"
TPCB="$(printf "%.0f" "$TPCB")"
"$PSQL" "${PGARGS[@]}" -d pgbench_ref -qc 'DROP TABLE IF EXISTS bench_insert' -c 'CREATE TABLE bench_insert (id bigserial PRIMARY KEY, v double precision NOT NULL)'
echo 'INSERT INTO bench_insert (v) VALUES (random());' > "$WORK/pgbench-insert.sql"
"$PGBENCH" "${PGARGS[@]}" -n -f "$WORK/pgbench-insert.sql" -c "$CONCURRENCY" -j 2 -T "$PGBENCH_SECONDS" pgbench_ref > "$WORK/pgbench-insert.txt" 2>&1
INSERT_TPS="$(grep -oP 'tps = \K[0-9.]+' "$WORK/pgbench-insert.txt" | head -n 1)"
INSERT_TPS="$(printf "%.0f" "$INSERT_TPS")"
echo "   TPC-B: $TPCB tps; single-row insert: $INSERT_TPS tps"

echo "== Benchmark ($RUN_KIND)"
RESULTS="$WORK/results.md"
dotnet "$ROOT/tests/Disputes.Benchmarks/bin/Release/net10.0/Disputes.Benchmarks.dll" \
  --connection "$CONN" --workflows "$ROOT/workflows" \
  --concurrency "$CONCURRENCY" --instances "$INSTANCES" --timers "$TIMERS" --bookmarks "$BOOKMARKS" \
  --resumes "$RESUMES" --sustain "$SUSTAIN" --sample-every "$SAMPLE_EVERY" --scenarios "$SCENARIOS" --warmup "$WARMUP" ${NPGSQL_OPTIONS:+--npgsql "$NPGSQL_OPTIONS"} \
  --walk-complaints "$WALK_COMPLAINTS" --walk-warmup "$WALK_WARMUP" --walk-warmup-max "$WALK_WARMUP_MAX" --audit-entries "$AUDIT_ENTRIES" --audit-backlog "$AUDIT_BACKLOG" --cases "$CASES" \
  --pgbench-tpcb "$TPCB" --pgbench-insert "$INSERT_TPS" --label "$RUN_KIND" --out "$RESULTS"

# The machine may be shared: TPC-B once more after the benchmark shows whether the load changed during the run.
"$PGBENCH" "${PGARGS[@]}" -c "$CONCURRENCY" -j 2 -T "$PGBENCH_SECONDS" pgbench_ref > "$WORK/pgbench-tpcb-after.txt" 2>&1
TPCB_AFTER="$(printf "%.0f" "$(grep -oP 'tps = \K[0-9.]+' "$WORK/pgbench-tpcb-after.txt" | head -n 1)")"
echo "   TPC-B after the benchmark: $TPCB_AFTER tps"
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"

MEM="$(free -h | awk '/^Mem:/ {print $2}')"
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
mkdir -p "$(dirname "$DOC")"

if [[ "$SCENARIOS" =~ ^[ghi]+$ ]]; then
  # Whole-service scenarios only: replace the (g)-(i) section of the document, keep the runtime figures.
  SECTION="$WORK/section-ghi.md"
  {
    echo "<!-- ghi:start -->"
    echo "## Latest run of the whole-service scenarios (g)-(i)"
    echo
    echo "- Kind: **$RUN_KIND**, \`scripts/bench.sh --scenarios $SCENARIOS\`"
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) cores ($CPU), $MEM memory; the service, its load driver, the stand-in marketplace and PostgreSQL share the machine"
    echo "- PostgreSQL: $PG_VERSION, started by \`scripts/postgres.sh\`, port $DISPUTES_PG_PORT"
    echo "- Parameters: concurrency $CONCURRENCY, $WALK_COMPLAINTS complaints after a warm-up of at least $WALK_WARMUP complaints (until the JIT settled, at most $WALK_WARMUP_MAX; see the warm-up row), audit backlog $AUDIT_BACKLOG, audit chain $AUDIT_ENTRIES entries, $CASES cases stored for (h)"
    echo "- pgbench reference (same server, \`-c $CONCURRENCY -j 2\`): TPC-B scale 10 **$TPCB tps** before the benchmark, **$TPCB_AFTER tps** after; load average at the end $LOAD (other processes on the machine are not stopped)"
    echo
    cat "$RESULTS"
    echo
    echo "Scenarios:"
    echo
    echo "- (g) the whole complaint over HTTP through the real service (Kestrel on loopback, JWT authentication, authorization, the audit trail, Hangfire with the timer, outbox and sealer pumps), the marketplace a stand-in over HTTP on loopback: the buyer files, the seller refuses to settle, a lead reads the case (ETag, assignee), the assignee decides a partial refund with If-Match. C clients, each walking one complaint at a time. Effects: the stand-in counts each refund's idempotency key."
    echo "- (i) sealing lag = the signed tree head's time minus the entry's time, for the entries (g) wrote, once the sealer pump has sealed them all; the backlog is committed at once by binary COPY and sealed by the running pump; the verified chain is extended by binary COPY to the given size (hashed, linked and with a tree head per 1,000 entries signed with the service's key, as the sealer would), then \`VerifyAuditTrail\` (hashes, links, signed tree heads, latest anchor, cases and decisions cross-check) is timed."
    echo "- (h) cases stored: the walk's cases cloned in SQL to the given number (70% closed with a decision, 10% under appeal, 20% open with a review task, a sixth of those unassigned; filed over two years; decisions with a spread of outcomes and deciders), then VACUUM ANALYZE; each read timed sequentially over HTTP (after one unmeasured call); then 200 more complaints walked at c=C, their filing and decision compared with (g)."
    echo "<!-- ghi:end -->"
  } > "$SECTION"
  if [[ -f "$DOC" ]] && grep -q '<!-- ghi:start -->' "$DOC"; then
    python3 - "$DOC" "$SECTION" <<'PY'
import sys
doc, section = open(sys.argv[1]).read(), open(sys.argv[2]).read()
a, b = doc.index("<!-- ghi:start -->"), doc.index("<!-- ghi:end -->") + len("<!-- ghi:end -->\n")
open(sys.argv[1], "w").write(doc[:a] + section + doc[b:])
PY
  else
    { echo; cat "$SECTION"; } >> "$DOC"
  fi
  echo "== Wrote the (g)-(i) section of $DOC"
  exit 0
fi
{
  echo "# Benchmarks"
  echo
  echo "Throughput and latency of the workflow runtime (WorkflowRuntime + EfWorkflowStore on PostgreSQL, the production"
  echo "timer drain FireDueTimersHandler), next to pgbench on the same server. Produced by \`scripts/bench.sh\`"
  echo "(\`--quick\` for a scaled-down run); the harness is \`tests/Disputes.Benchmarks\` (a console app, not a test project)."
  echo
  echo "## Latest run"
  echo
  echo "- Kind: **$RUN_KIND**"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores ($CPU), $MEM memory; benchmark process and PostgreSQL share the machine"
  echo "- PostgreSQL: $PG_VERSION, started by \`scripts/postgres.sh\` (fsync on, synchronous_commit on, shared_buffers 256MB), port $DISPUTES_PG_PORT"
  echo "- Parameters: concurrency $CONCURRENCY, instances $INSTANCES, timers $TIMERS, bookmarks $BOOKMARKS, resumes $RESUMES, warm-up ${WARMUP} s, sustain ${SUSTAIN} s (memory sampled every ${SAMPLE_EVERY} s), pgbench ${PGBENCH_SECONDS} s per script"
  echo "- pgbench reference (same server, \`-c $CONCURRENCY -j 2\`): TPC-B scale 10 **$TPCB tps**; single-row insert (\`INSERT INTO bench_insert (v) VALUES (random())\`) **$INSERT_TPS tps**; targets use these, measured before the benchmark"
  echo "- Load: TPC-B again after the benchmark **$TPCB_AFTER tps**; load average at the end $LOAD (other processes on the machine are not stopped)"
  echo
  cat "$RESULTS"
  echo
  echo "## Scenarios"
  echo
  echo "- (a) start N \`sample-review\` instances up to their first bookmark (one transition each), C workers, a DI scope per transition."
  echo "- (b) resume each once by instance id + stimulus \`review\` (half approve, which writes an outbox effect; half reject)."
  echo "- (c) start T \`sample-waiting-period\` instances, move the clock 30 days on, run \`FireDueTimersHandler.Handle\` until no timer is due."
  echo "  Lateness is the wall time at which each timer's commit returned minus the start of the drain."
  echo "- (d) clone a suspended \`sample-review\` instance B times with binary COPY (wf_instances, wf_bookmarks, wf_timers rows, state JSON with"
  echo "  the new ids), VACUUM ANALYZE (as after any bulk load; otherwise autovacuum vacuums the new million rows during the"
  echo "  measurement), then resume random loaded bookmarks by id: R sequentially, then R at concurrency C."
  echo "- (e) start+resume loop at concurrency C for S seconds; GC heap after a forced collection and working set sampled."
  echo "- (f) compliance decision export: 100,000 rows in \`case_decisions\`, exported as CSV and JSON by the production source and writer into a byte-counting stream; managed heap and working set sampled every 5 ms; a tenth of the rows first, to show the peak does not grow with the row count."
  echo
  echo "## Reading the figures"
  echo
  echo "- The benchmark process, PostgreSQL and anything else running on the machine share its cores: compare a run's figures with"
  echo "  the pgbench reference of the same run, not with another run's absolute numbers."
  echo "- \"Commits\" is \`pg_stat_database.xact_commit\`: read-only autocommit statements and Npgsql's \`DISCARD ALL\` on pooled"
  echo "  connection reuse would count as commits (the store reads inside its transaction and the pool skips the reset)."
  echo "  \"Writing\" is the advance of \`pg_current_xact_id()\`: PostgreSQL assigns a transaction id to every transaction AND every"
  echo "  subtransaction (savepoint) that writes, from the same counter; cluster-wide, so autovacuum may add a little."
  echo "- Timer lateness is measured from the moment every timer became due at once, so its median is about half the drain time."
  echo
  echo "## Notes on the method"
  echo
  echo "- Warm-up: the .NET JIT replaces unoptimized code in the background (tiered compilation, with PGO). In the warm-up row"
  echo "  of the 2026-11-24 full run, start+resume throughput rose from about 1,000 to about 2,600 transitions/s over the first"
  echo "  40 s and stayed flat after; with the earlier 5 s warm-up, (a) (a few seconds long) ran mostly on unoptimized code."
  echo "  The figures are for a running service, so the warm-up is 60 s (30 s with --quick)."
  echo "- pgbench and the benchmark are not slowed equally by other processes on the machine, so the ratios move with the"
  echo "  load. The TPC-B run after the benchmark and the load average show how busy the machine was; compare ratios only"
  echo "  between runs with a similar reference."
  echo "- Not the default, measured as an option (\`--npgsql \"Max Auto Prepare=20\"\`): Npgsql's automatic preparation of"
  echo "  the recurring statements saves PostgreSQL parsing and planning them on every transition. In two back-to-back"
  echo "  pairs of quick runs (30 s warm-up, 2026-11-24), start went from 4,125 and 4,051/s to 4,783 and 5,497/s, resume (b)"
  echo "  from 1,876 and 1,832/s to 2,411 and 2,793/s, resume at c=8 with 100,000 bookmarks from p99 12.2 and 12.3 ms to"
  echo "  11.8 and 9.9 ms (TPC-B references 5,938/5,360 without, 5,570/5,227 with). It is a connection-string setting of the"
  echo "  service (\`PersistenceRegistration\`), not changed here."
  echo
  echo "## Why resume and timer transitions took 2 transaction ids (fixed)"
  echo
  echo "Until commit 83817cc, (b), (c) and (d) showed 1.00 commits but 2.00 transaction ids per transition; (a) showed 1.00 / 1.00."
  echo "A resume or a timer reads first (bookmark, instance), so \`EfWorkflowStore\` opens its own transaction with"
  echo "\`BeginTransaction\` before the reads. \`SaveChanges\` inside a transaction that the application began creates a savepoint by"
  echo "default (EF Core \`DatabaseFacade.AutoSavepointsEnabled\`): the server log showed \`SAVEPOINT \"__EFSavePoint\"\`, then the"
  echo "UPDATE/INSERT/DELETE statements, \`RELEASE SAVEPOINT \"__EFSavePoint\"\`, \`COMMIT\`. The writes ran in a subtransaction, and"
  echo "a subtransaction that writes gets its own transaction id besides the top-level one: 2 ids, 1 commit, still one atomic"
  echo "transaction. A start reads nothing, so EF began the transaction itself, without a savepoint: 1 id. The metric was right"
  echo "(it counts ids, subtransactions included); nothing was written outside the transaction. Fix: the store turns automatic"
  echo "savepoints off while it owns the transaction (a failure rolls the whole transaction back, so the savepoint served"
  echo "nothing) and keeps them in a caller's transaction. Two statements and one transaction id less per resume and timer."
} > "$DOC"
echo "== Wrote $DOC"
