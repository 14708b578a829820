#!/usr/bin/env python3
"""A PostgreSQL restart under load (issue 13): walks complaints through the HTTP API with a few clients while
PostgreSQL is restarted with `pg_ctl restart -m immediate`, and counts what the clients saw.

Each complaint is four requests: the buyer files, the seller refuses to settle, a lead reads the case (ETag and
assignee), the assignee decides. Every state-changing request carries an Idempotency-Key; a client retries a 503, a
5xx or a lost connection with the same key after Retry-After (or 1 s), for up to 60 s. Printed at the end:
  - 5xx answers (all), 503 answers, other 5xx answers;
  - answers that were errors although their change had committed (found out by the retry: a replayed first answer,
    or "answer lost"), and how many of those the retry recovered safely;
  - seconds from the restart to the first success after it (recovery).

  scripts/restart-under-load.py --base http://127.0.0.1:5097 --pgdata /tmp/disputes-pgdata-55433 \\
      --clients 8 --complaints 30 --restart-after 8
The service must run outside Production (demo tokens) against that PostgreSQL. Only the standard library is used.
"""
import argparse, json, subprocess, threading, time, uuid, urllib.request, urllib.error, random, sys, os

ap = argparse.ArgumentParser()
ap.add_argument("--base", required=True)
ap.add_argument("--pgdata", required=True)
ap.add_argument("--pgbin", default=None)
ap.add_argument("--clients", type=int, default=8)
ap.add_argument("--complaints", type=int, default=30, help="complaints per client")
ap.add_argument("--restart-after", type=float, default=8.0, help="seconds of load before the restart")
ap.add_argument("--marketplace", default=os.path.join(os.path.dirname(__file__), "..", "reference", "marketplace.local.json"))
args = ap.parse_args()

lock = threading.Lock()
stats = {"requests": 0, "answers_5xx": 0, "answers_503": 0, "answers_other_5xx": 0, "connection_errors": 0,
         "errors_committed": 0, "errors_committed_recovered": 0, "answer_lost": 0, "gave_up": 0, "ok": 0,
         "refused_by_rules": 0, "complaints_done": 0}
timeline = []  # (time, ok)
restart_at = [None]


def count(key, n=1):
    with lock:
        stats[key] += n


def call(method, path, token, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(args.base + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()
    except Exception as e:  # connection refused/reset, timeout
        return 0, {}, str(e)


def send(method, path, token, body=None, headers=None, idempotent=True):
    """One logical request, retried with the same key until it gets a non-5xx answer (or 60 s pass)."""
    headers = dict(headers or {})
    if idempotent and method == "POST":
        headers["Idempotency-Key"] = str(uuid.uuid4())
    deadline = time.time() + 60
    failed_before = False
    while True:
        status, h, text = call(method, path, token, body, headers)
        now = time.time()
        count("requests")
        with lock:
            timeline.append((now, 0 < status < 500))
        if status >= 500:
            count("answers_5xx")
            count("answers_503" if status == 503 else "answers_other_5xx")
        if status == 0:
            count("connection_errors")
        if status == 0 or status >= 500:
            failed_before = True
            if time.time() > deadline:
                count("gave_up")
                return status, h, text
            time.sleep(float(h.get("Retry-After", "1") or 1) * (0.5 + random.random()))
            continue
        replayed = h.get("Idempotent-Replayed") == "true"
        lost = status == 409 and "idempotent-answer-lost" in text
        if status == 409 and "still running" in text:
            time.sleep(1)
            continue
        if failed_before and (replayed or lost):
            # The earlier attempt had committed although its answer was an error: the retry found it, nothing twice.
            count("errors_committed")
            if replayed:
                count("errors_committed_recovered")
        if lost:
            count("answer_lost")
        if 200 <= status < 300:
            count("ok")
        return status, h, text


def token(user):
    for _ in range(60):
        status, _, text = call("POST", "/api/auth/demo-token", "", {"userId": user})
        if status == 200:
            return json.loads(text)["accessToken"]
        time.sleep(1)
    raise SystemExit("no demo token for " + user)


market = json.load(open(args.marketplace))
combos = []
for order in market["orders"]:
    for item in order["items"]:
        for category in ["not-received", "not-as-described", "damaged", "other"]:
            combos.append((order["id"], order["buyerId"], order["sellerId"], item["id"], category))
random.Random(13).shuffle(combos)
users = {u for _, b, s, _, _ in combos for u in (b, s)} | {"lead-olga"}
tokens = {}


def client(index):
    mine = combos[index::args.clients][: args.complaints]
    for order, buyer, seller, item, category in mine:
        if buyer not in tokens or seller not in tokens:
            continue
        status, _, text = send("POST", "/api/complaints", tokens[buyer],
                               {"orderId": order, "itemIds": [item], "category": category, "description": "Load test: " + category})
        if status not in (200, 201):
            continue
        case = json.loads(text)["id"]
        status, _, _ = send("POST", f"/api/complaints/{case}/settlement/refuse", tokens[seller], {"statement": "No."})
        if status != 200:
            continue
        status, h, text = send("GET", f"/api/complaints/{case}", tokens["lead-olga"])
        if status != 200:
            continue
        view = json.loads(text)
        review = [t for t in view["openTasks"] if t["step"] in ("review", "lead-review")]
        if not review:
            continue
        decider = review[0].get("assignee") or "lead-olga"
        if decider not in tokens:
            tokens[decider] = token(decider)
        status, _, _ = send("POST", f"/api/complaints/{case}/decision", tokens[decider],
                            {"outcomes": [{"kind": "no-action"}], "clauses": ["NA-1.1"], "facts": "Load test.", "reasons": "Load test."},
                            {"If-Match": h.get("ETag") or '"%d"' % view["version"]})
        if status == 422:
            count("refused_by_rules")
        count("complaints_done")


for u in sorted(users):
    try:
        tokens[u] = token(u)
    except SystemExit:
        pass
for u in ("rev-sam", "rev-kofi", "exp-maria", "lead-olga"):
    tokens.setdefault(u, token(u))

pgbin = args.pgbin or sorted(d for d in (f"/usr/lib/postgresql/{v}/bin" for v in os.listdir("/usr/lib/postgresql")) if os.path.exists(d + "/pg_ctl"))[-1]


def restarter():
    time.sleep(args.restart_after)
    restart_at[0] = time.time()
    subprocess.run(["runuser", "-u", "postgres", "--", f"{pgbin}/pg_ctl", "-D", args.pgdata, "-m", "immediate", "-w", "-t", "60", "restart",
                    "-l", os.path.join(args.pgdata, "server.log")], check=True, stdout=subprocess.DEVNULL)
    with lock:
        timeline.append((time.time(), None))


started = time.time()
threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
r = threading.Thread(target=restarter)
for t in threads:
    t.start()
r.start()
for t in threads:
    t.join()
r.join()

failures_after = [t for t, ok in timeline if ok is False and restart_at[0] and t >= restart_at[0]]
last_failure = max(failures_after) if failures_after else None
back = min((t for t, ok in timeline if ok and last_failure and t > last_failure), default=None)
print(json.dumps({
    **stats,
    "seconds_of_load": round(time.time() - started, 1),
    "restart_at_second": round(restart_at[0] - started, 1) if restart_at[0] else None,
    "errors_after_restart_from_second": round(min(failures_after) - started, 1) if failures_after else None,
    "errors_after_restart_until_second": round(last_failure - started, 1) if last_failure else None,
    # From the restart command to the first success after the last error it caused.
    "seconds_to_recover": round((back or last_failure) - restart_at[0], 1) if last_failure else 0.0,
}, indent=2))
