#!/usr/bin/env python3
"""Checks the reference data files for editors (standard library only).

Usage: python3 reference/check.py [folder]     (default: the folder of this script)
Exit code 0 when every check passes, 1 otherwise; every problem is printed with its file.

What it checks:
- every file parses as JSON;
- users.local.json: unique ids; every buyer and seller has a marketplace account with the same
  id, name, email and language;
- marketplace.local.json: unique account ids, kind consumer|business, adrBodies exist in
  redress-bodies.json and are consumer-adr bodies; orders reference existing accounts, buyer != seller,
  unique order, item and listing ids, item ids are <orderId>-<n>, positive prices, non-negative
  shipping, known currency, paidAt >= placedAt, deliveredAt (if any) >= paidAt; every buyer has at
  least 3 orders from at least 2 sellers;
- policy-catalogue.v1.json: version, unique clause ids, known outcome kinds, every outcome kind
  grounded by at least one clause (an empty list means any kind);
- redress-bodies.json: unique ids, known kinds, dsa-out-of-court bodies have certifiedOn/certifiedUntil
  keys and a recognisedBy, certifiedUntil after certifiedOn;
- notifications.json: exactly the 9 languages, identical key sets, identical {placeholder} sets per key,
  required keys present, no markup ("<" or ">"), no text in another language equal to the English text;
- support-contacts.json: an email address, a chat link with {language}, an international phone number for
  each language phone support speaks by default (EN ES IT FR NL DE) and only for supported languages;
- no file mentions the closed EU ODR platform ("ODR" as a word or ec.europa.eu/consumers/odr).

Allowed duplicates: a translated text may equal the English one only if it has no letters once the
placeholders are removed (e.g. a text that is only "{amount}" or a URL-like token). None exists today;
the exception is there so a label that must stay identical does not force a fake translation.
"""
import json
import os
import re
import sys

LANGUAGES = ["en", "es", "it", "fr", "nl", "de", "zh", "pt", "pl"]
OUTCOMES = ["full-refund", "partial-refund", "order-cancellation", "item-removal", "account-suspension",
            "account-restriction", "law-enforcement-referral", "no-action"]
CURRENCIES = {"EUR", "GBP", "PLN", "CHF", "SEK", "CZK", "DKK", "HUF", "RON", "NOK", "USD"}
BODY_KINDS = {"consumer-adr", "dsa-out-of-court", "mediator", "consumer-authority"}
ACCOUNT_KINDS = {"consumer", "business"}

REQUIRED_KEYS = {
    "filed.complainant.subject": set(), "filed.complainant.body": {"caseNumber", "orderId", "channel", "channelReason"},
    "filed.respondent.subject": set(), "filed.respondent.body": {"caseNumber", "orderId", "category", "dueAt"},
    "settlement-offered.subject": set(), "settlement-offered.body": {"caseNumber", "offer", "dueAt"},
    "settlement-accepted.subject": set(), "settlement-accepted.body": {"caseNumber", "offer"},
    "review-started.subject": set(), "review-started.body": {"caseNumber", "dueAt"},
    "info-requested.subject": set(), "info-requested.body": {"caseNumber", "question", "dueAt"},
    "decision.subject": set(),
    "decision.body": {"caseNumber", "outcomes", "facts", "reasons", "clauses", "decider", "decidedAt", "redress", "statement"},
    "appeal-received.subject": set(), "appeal-received.body": {"caseNumber", "dueAt"},
    "appeal-decision.subject": set(), "appeal-decision.body": {"caseNumber", "result", "changes", "reasons", "redress", "statement"},
    "signpost.decided.subject": set(), "signpost.decided.body": {"caseNumber", "bodies"},
    "signpost.open.subject": set(), "signpost.open.body": {"caseNumber", "bodies"},
    "outcome.full-refund": set(), "outcome.partial-refund": {"amount"}, "outcome.order-cancellation": set(),
    "outcome.item-removal": set(), "outcome.account-suspension": {"until"},
    "outcome.account-suspension.permanent": set(), "outcome.account-restriction": {"until"},
    "outcome.account-restriction.permanent": set(), "outcome.law-enforcement-referral": set(),
    "outcome.no-action": set(),
    "category.not-received": set(), "category.not-as-described": set(), "category.damaged": set(),
    "category.counterfeit": set(), "category.fraud": set(), "category.other": set(),
    "channel.chat": set(), "channel.phone": set(), "channel.email": set(),
    "channel-reason.quick-question": set(), "channel-reason.phone": set(), "channel-reason.item-problem": set(),
    "channel-reason.many-items": set(), "channel-reason.email-language": set(),
    "redress.appeal": {"until"}, "redress.consumer-adr": {"name", "url"},
    "redress.dsa-body": {"name", "country", "url"}, "redress.mediator": {"name", "url"}, "redress.consumer-authority": {"name", "url"}, "redress.courts": set(),
    "appeal.confirmed": set(), "appeal.reversed": set(),
}

PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9]*)\}")
ODR = re.compile(r"\bODR\b|ec\.europa\.eu/consumers/odr", re.IGNORECASE)

problems = []


def problem(file, message):
    problems.append(f"{file}: {message}")


def load(folder, name):
    path = os.path.join(folder, name)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        problem(name, f"cannot read: {e}")
        return None, None
    try:
        return json.loads(text), text
    except json.JSONDecodeError as e:
        problem(name, f"invalid JSON: {e}")
        return None, text


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def unique(file, what, ids):
    seen = set()
    for i in ids:
        if i in seen:
            problem(file, f"duplicate {what} {i!r}")
        seen.add(i)
    return seen


def check_users(users):
    f = "users.local.json"
    if not isinstance(users, dict) or not isinstance(users.get("users"), list):
        problem(f, "expected an object with a 'users' list")
        return []
    unique(f, "user id", [u.get("id") for u in users["users"]])
    return users["users"]


def check_redress(doc):
    f = "redress-bodies.json"
    bodies = {}
    if not isinstance(doc, dict) or not isinstance(doc.get("bodies"), list):
        problem(f, "expected an object with a 'bodies' list")
        return bodies
    unique(f, "body id", [b.get("id") for b in doc["bodies"]])
    for b in doc["bodies"]:
        bid = b.get("id")
        bodies[bid] = b
        for key in ("id", "name", "kind", "country"):
            if not b.get(key):
                problem(f, f"{bid}: missing {key}")
        if b.get("kind") not in BODY_KINDS:
            problem(f, f"{bid}: unknown kind {b.get('kind')!r}")
        for key in ("url", "recognisedBy", "certifiedOn", "certifiedUntil", "note"):
            if key not in b:
                problem(f, f"{bid}: missing key {key} (use null when unknown)")
        url = b.get("url")
        if url is not None and not re.match(r"^https://[^\s]+$", url):
            problem(f, f"{bid}: url must be https or null: {url!r}")
        if b.get("kind") == "dsa-out-of-court" and not b.get("recognisedBy"):
            problem(f, f"{bid}: an Art. 21 body needs recognisedBy (the certifying coordinator)")
        for key in ("certifiedOn", "certifiedUntil"):
            v = b.get(key)
            if v is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", v):
                problem(f, f"{bid}: {key} must be YYYY-MM-DD or null")
        if b.get("certifiedOn") and b.get("certifiedUntil") and b["certifiedUntil"] <= b["certifiedOn"]:
            problem(f, f"{bid}: certifiedUntil is not after certifiedOn")
        if b.get("kind") == "mediator" and "marketplace terms" not in (b.get("note") or ""):
            problem(f, f"{bid}: a mediator's note must say it is named in the marketplace terms")
    return bodies


def check_marketplace(doc, users, bodies):
    f = "marketplace.local.json"
    if not isinstance(doc, dict) or not isinstance(doc.get("accounts"), list) or not isinstance(doc.get("orders"), list):
        problem(f, "expected an object with 'accounts' and 'orders' lists")
        return
    accounts = {}
    unique(f, "account id", [a.get("id") for a in doc["accounts"]])
    for a in doc["accounts"]:
        aid = a.get("id")
        accounts[aid] = a
        for key in ("id", "name", "email", "language", "country", "kind"):
            if not a.get(key):
                problem(f, f"account {aid}: missing {key}")
        if a.get("language") not in LANGUAGES:
            problem(f, f"account {aid}: language {a.get('language')!r} is not one of {LANGUAGES}")
        if a.get("kind") not in ACCOUNT_KINDS:
            problem(f, f"account {aid}: kind must be consumer or business")
        for body in a.get("adrBodies", []):
            if body not in bodies:
                problem(f, f"account {aid}: adrBodies names unknown body {body!r}")
            elif bodies[body].get("kind") != "consumer-adr":
                problem(f, f"account {aid}: adrBodies names {body!r}, which is not a consumer-adr body")
    for u in users:
        roles = set(u.get("roles", []))
        if roles & {"buyer", "seller"}:
            a = accounts.get(u.get("id"))
            if a is None:
                problem(f, f"user {u.get('id')} ({'/'.join(sorted(roles))}) has no account")
                continue
            for key in ("name", "email", "language"):
                if a.get(key) != u.get(key):
                    problem(f, f"account {u['id']}: {key} {a.get(key)!r} differs from users.local.json {u.get(key)!r}")

    unique(f, "order id", [o.get("id") for o in doc["orders"]])
    item_ids, listing_ids = [], []
    for o in doc["orders"]:
        oid = o.get("id")
        if not re.match(r"^ORD-\d+$", oid or ""):
            problem(f, f"order id {oid!r} is not ORD-<number>")
        for role in ("buyerId", "sellerId"):
            if o.get(role) not in accounts:
                problem(f, f"{oid}: {role} {o.get(role)!r} is not an account")
        if o.get("buyerId") == o.get("sellerId"):
            problem(f, f"{oid}: buyer and seller are the same account")
        if o.get("currency") not in CURRENCIES:
            problem(f, f"{oid}: unknown currency {o.get('currency')!r}")
        stamp = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"
        for key in ("placedAt", "paidAt"):
            if not re.match(stamp, o.get(key) or ""):
                problem(f, f"{oid}: {key} must be an ISO UTC timestamp")
        if o.get("deliveredAt") is not None and not re.match(stamp, o["deliveredAt"]):
            problem(f, f"{oid}: deliveredAt must be an ISO UTC timestamp or null")
        if (o.get("paidAt") or "") < (o.get("placedAt") or ""):
            problem(f, f"{oid}: paid before it was placed")
        if o.get("deliveredAt") and o["deliveredAt"] < (o.get("paidAt") or ""):
            problem(f, f"{oid}: delivered before it was paid")
        if "trackingNumber" not in o:
            problem(f, f"{oid}: missing trackingNumber (use null)")
        if not isinstance(o.get("shipping"), (int, float)) or o["shipping"] < 0:
            problem(f, f"{oid}: shipping must be a non-negative number")
        items = o.get("items") or []
        if not items:
            problem(f, f"{oid}: no items")
        for n, it in enumerate(items, start=1):
            item_ids.append(it.get("id"))
            listing_ids.append(it.get("listingId"))
            if it.get("id") != f"{oid}-{n}":
                problem(f, f"{oid}: item {n} has id {it.get('id')!r}, expected {oid}-{n}")
            if not re.match(r"^LST-\d+$", it.get("listingId") or ""):
                problem(f, f"{it.get('id')}: listingId {it.get('listingId')!r} is not LST-<number>")
            if not it.get("title"):
                problem(f, f"{it.get('id')}: missing title")
            if not isinstance(it.get("price"), (int, float)) or it["price"] <= 0:
                problem(f, f"{it.get('id')}: price must be a positive number")
    unique(f, "item id", item_ids)
    unique(f, "listing id", listing_ids)
    # demo coverage: every buyer has at least 3 orders from at least 2 sellers
    for u in users:
        if "buyer" in u.get("roles", []):
            mine = [o for o in doc["orders"] if o.get("buyerId") == u.get("id")]
            if len(mine) < 3 or len({o.get("sellerId") for o in mine}) < 2:
                problem(f, f"buyer {u.get('id')}: needs at least 3 orders from at least 2 sellers "
                           f"(has {len(mine)} from {len({o.get('sellerId') for o in mine})})")


def check_policy(doc):
    f = "policy-catalogue.v1.json"
    if not isinstance(doc, dict) or not isinstance(doc.get("clauses"), list):
        problem(f, "expected an object with a 'clauses' list")
        return
    if not doc.get("version"):
        problem(f, "missing version")
    unique(f, "clause id", [c.get("id") for c in doc["clauses"]])
    grounded = set()
    for c in doc["clauses"]:
        cid = c.get("id")
        for key in ("id", "title", "text"):
            if not c.get(key):
                problem(f, f"clause {cid}: missing {key}")
        outcomes = c.get("outcomes")
        if not isinstance(outcomes, list):
            problem(f, f"clause {cid}: outcomes must be a list")
            continue
        for o in outcomes:
            if o not in OUTCOMES:
                problem(f, f"clause {cid}: unknown outcome kind {o!r}")
        grounded |= set(outcomes) if outcomes else set(OUTCOMES)
    for o in OUTCOMES:
        if o not in grounded:
            problem(f, f"outcome kind {o!r} is grounded by no clause")


def check_notifications(doc):
    f = "notifications.json"
    if not isinstance(doc, dict):
        problem(f, "expected an object keyed by language")
        return
    if list(doc.keys()) != LANGUAGES:
        if set(doc.keys()) != set(LANGUAGES):
            problem(f, f"languages must be exactly {LANGUAGES}, found {list(doc.keys())}")
            return
    en = doc["en"]
    missing = set(REQUIRED_KEYS) - set(en)
    for k in sorted(missing):
        problem(f, f"en: missing required key {k}")
    for lang in LANGUAGES:
        texts = doc[lang]
        if not isinstance(texts, dict):
            problem(f, f"{lang}: expected an object of texts")
            continue
        if set(texts) != set(en):
            extra, lacking = set(texts) - set(en), set(en) - set(texts)
            if extra:
                problem(f, f"{lang}: keys not in en: {sorted(extra)}")
            if lacking:
                problem(f, f"{lang}: keys missing compared with en: {sorted(lacking)}")
        for key, text in texts.items():
            if not isinstance(text, str) or not text.strip():
                problem(f, f"{lang}.{key}: empty or not a string")
                continue
            if "<" in text or ">" in text:
                problem(f, f"{lang}.{key}: contains markup characters")
            if text != text.strip():
                problem(f, f"{lang}.{key}: leading or trailing whitespace")
            found = set(PLACEHOLDER.findall(text))
            if key in en and isinstance(en[key], str):
                expected = set(PLACEHOLDER.findall(en[key]))
                if found != expected:
                    problem(f, f"{lang}.{key}: placeholders {sorted(found)} differ from en {sorted(expected)}")
                if lang != "en" and text == en[key] and re.search(r"[^\W\d_]", PLACEHOLDER.sub("", text)):
                    problem(f, f"{lang}.{key}: identical to the English text (not translated)")
            if text.count("{") != text.count("}") or len(PLACEHOLDER.findall(text)) != text.count("{"):
                problem(f, f"{lang}.{key}: stray or malformed braces")
            if key in REQUIRED_KEYS and lang == "en" and not REQUIRED_KEYS[key] <= found:
                problem(f, f"en.{key}: required placeholders {sorted(REQUIRED_KEYS[key] - found)} missing")


def check_contacts(doc):
    f = "support-contacts.json"
    if not (doc.get("email") or {}).get("address"):
        problem(f, "email.address is required")
    if "{language}" not in ((doc.get("chat") or {}).get("url") or ""):
        problem(f, "chat.url is required and takes {language}")
    phones = doc.get("phone") or {}
    for language, number in phones.items():
        if language not in LANGUAGES:
            problem(f, f"phone: '{language}' is not one of {LANGUAGES}")
        if not re.fullmatch(r"\+[0-9 ]{8,20}", number or ""):
            problem(f, f"phone.{language}: '{number}' is not an international number")
    for language in ["en", "es", "it", "fr", "nl", "de"]:
        if language not in phones:
            problem(f, f"phone support speaks '{language}' (Complaints:PhoneLanguages default) but has no number")


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    names = ["users.local.json", "marketplace.local.json", "policy-catalogue.v1.json", "redress-bodies.json",
             "notifications.json", "support-contacts.json", "art23-labels.json"]
    docs = {}
    for name in names:
        doc, text = load(folder, name)
        docs[name] = doc
        if doc is not None:
            for s in strings(doc):
                if ODR.search(s):
                    problem(name, f"mentions the closed EU ODR platform: {s[:80]!r}")
    users = check_users(docs["users.local.json"]) if docs["users.local.json"] is not None else []
    bodies = check_redress(docs["redress-bodies.json"]) if docs["redress-bodies.json"] is not None else {}
    if docs["marketplace.local.json"] is not None:
        check_marketplace(docs["marketplace.local.json"], users, bodies)
    if docs["policy-catalogue.v1.json"] is not None:
        check_policy(docs["policy-catalogue.v1.json"])
    if docs["notifications.json"] is not None:
        check_notifications(docs["notifications.json"])
    if docs["art23-labels.json"] is not None:
        rules = docs["art23-labels.json"].get("rules") or []
        labels = set(docs["art23-labels.json"].get("labels") or [])
        for r in rules:
            if r.get("label") not in labels:
                problem("art23-labels.json", f"rule label '{r.get('label')}' is not in labels")
        if not rules or rules[-1].get("categories") != ["*"] or any(rules[-1].get(k) != "any" for k in ("suspended", "stage", "complainantSide")):
            problem("art23-labels.json", "the last rule must match every suspension")
    if docs["support-contacts.json"] is not None:
        check_contacts(docs["support-contacts.json"])

    if problems:
        for p in problems:
            print("FAIL " + p)
        print(f"{len(problems)} problem(s) in {folder}")
        return 1
    m = docs["marketplace.local.json"]
    print(f"OK {folder}: {len(users)} users, {len(m['accounts'])} accounts, {len(m['orders'])} orders, "
          f"{len(docs['policy-catalogue.v1.json']['clauses'])} clauses, "
          f"{len(docs['redress-bodies.json']['bodies'])} redress bodies, "
          f"{len(docs['notifications.json'])} languages x {len(docs['notifications.json']['en'])} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
