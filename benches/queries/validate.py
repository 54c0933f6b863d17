#!/usr/bin/env python3
"""Checks the labelled query sets and the complaints data; exits 1 on any problem.

    python3 benches/queries/validate.py

benches/queries/*.jsonl   every line parses; keys q/lang/id/kind; kind from the fixed list;
                          lang matches the file; id names a published entry in content/<lang>/;
                          counts per file; every published English entry is covered; no query
                          is a copy of an entry's own title or alias; script checks per file.
complaints/tickets.csv    parses with the csv module, exact header, timestamps, channels,
                          languages, entry ids, first_response_at rules, shares.
complaints/search-log.jsonl  parses, keys and types.
"""
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONTENT = ROOT / "content"
COMPLAINTS = ROOT / "complaints"
KINDS = {"sentence", "short", "typo", "angry", "no-diacritics", "hinglish", "slang"}
TR_LETTERS = set("çğıöşüÇĞİÖŞÜâîûÂÎÛ")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
HEADER = ["ticket_id", "created_at", "channel", "language", "subject", "body", "entry_id",
          "first_response_at"]
TS = "%Y-%m-%dT%H:%M:%SZ"

errors = []


def err(msg):
    errors.append(msg)


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    fm = text.split("---", 2)[1] if text.startswith("---") else ""
    out = {}
    for line in fm.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def entries(lang):
    """id -> {"draft": bool, "phrases": [title, aliases...]} for content/<lang>/."""
    found = {}
    for p in sorted((CONTENT / lang).glob("*/*.md")):
        if p.name.startswith("_"):
            continue
        fm = front_matter(p)
        aliases = fm.get("aliases", "").strip("[]")
        phrases = [fm.get("title", "")] + [a.strip() for a in aliases.split(",") if a.strip()]
        found[p.stem] = {"draft": fm.get("draft", "false") == "true", "phrases": phrases}
    return found


def norm(s):
    s = unicodedata.normalize("NFC", s).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


ENTRIES = {lang: entries(lang) for lang in ("en", "hi", "tr")}
OWN_WORDING = {lang: {norm(p) for e in es.values() for p in e["phrases"]} for lang, es in ENTRIES.items()}


def load_jsonl(path):
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            err(f"{path.name}:{n}: blank line")
            continue
        try:
            rows.append((n, json.loads(line)))
        except json.JSONDecodeError as e:
            err(f"{path.name}:{n}: bad JSON: {e}")
    return rows


def check_queries():
    files = {"en.jsonl": ("en", 150), "tr.jsonl": ("tr", 60), "hi.jsonl": ("hi", 60),
             "hinglish.jsonl": ("hi", 60), "none.jsonl": (None, 30)}
    seen, summary = {}, {}
    for name, (lang, minimum) in files.items():
        path = HERE / name
        if not path.exists():
            err(f"{name}: missing")
            continue
        rows = load_jsonl(path)
        ids, kinds, langs = Counter(), Counter(), Counter()
        for n, r in rows:
            where = f"{name}:{n}"
            if not isinstance(r, dict) or set(r) != {"q", "lang", "id", "kind"}:
                err(f"{where}: keys must be exactly q, lang, id, kind")
                continue
            q, l, i, k = r["q"], r["lang"], r["id"], r["kind"]
            if not isinstance(q, str) or not q.strip():
                err(f"{where}: empty q")
                continue
            if k not in KINDS:
                err(f"{where}: unknown kind {k!r}")
            if l not in ("en", "tr", "hi"):
                err(f"{where}: bad lang {l!r}")
                continue
            if lang and l != lang:
                err(f"{where}: lang {l!r}, file wants {lang!r}")
            key = (l, norm(q))
            if key in seen:
                err(f"{where}: duplicate of {seen[key]}")
            seen[key] = where
            if norm(q) in OWN_WORDING[l]:
                err(f"{where}: copies an entry's own title/alias: {q!r}")
            if name == "none.jsonl":
                if i is not None:
                    err(f"{where}: id must be null")
            else:
                e = ENTRIES[l].get(i)
                if e is None:
                    err(f"{where}: no entry {i!r} in content/{l}/")
                elif e["draft"]:
                    err(f"{where}: {i!r} is a draft")
            # script checks
            has_dev = bool(DEVANAGARI.search(q))
            if name == "hi.jsonl" and not has_dev:
                err(f"{where}: Hindi query without Devanagari")
            if name == "hinglish.jsonl" and (has_dev or k != "hinglish"):
                err(f"{where}: Hinglish must be Latin letters with kind hinglish")
            if name in ("en.jsonl",) and (has_dev or any(c in TR_LETTERS for c in q)):
                err(f"{where}: English query with non-English letters")
            if k == "no-diacritics" and any(c in TR_LETTERS for c in q):
                err(f"{where}: kind no-diacritics but has Turkish letters")
            ids[i] += 1
            kinds[k] += 1
            langs[l] += 1
        if len(rows) < minimum:
            err(f"{name}: {len(rows)} lines, want at least {minimum}")
        summary[name] = (len(rows), ids, kinds, langs)
        if lang:
            published = {i for i, e in ENTRIES[lang].items() if not e["draft"]}
            missing = published - set(ids)
            if name == "en.jsonl" and missing:
                err(f"en.jsonl: published entries without a query: {sorted(missing)}")
        if name == "tr.jsonl":
            nd = kinds["no-diacritics"]
            caps = sum(1 for _, r in rows if isinstance(r, dict) and ("İ" in r["q"] or re.search(r"[A-Z]{4}", r["q"]))
                       and r["q"] == r["q"].upper())
            if nd < 15:
                err(f"tr.jsonl: {nd} no-diacritics lines, want ~15")
            if caps < 3:
                err(f"tr.jsonl: only {caps} lines in capitals")
            summary[name] += (nd, caps)
        if name == "none.jsonl" and sorted(langs.values()) != [10, 10, 10]:
            err(f"none.jsonl: want 10 en / 10 tr / 10 hi, got {dict(langs)}")
    return summary


def parse_ts(s, where):
    try:
        return datetime.strptime(s, TS)
    except ValueError:
        err(f"{where}: bad timestamp {s!r}")
        return None


def check_tickets():
    path = COMPLAINTS / "tickets.csv"
    if not path.exists():
        err("complaints/tickets.csv: missing")
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != HEADER:
            err(f"tickets.csv: header {header}")
        rows = list(reader)
    lo, hi = datetime(2026, 8, 1), datetime(2026, 11, 20, 23, 59, 59)
    published = {i for i, e in ENTRIES["en"].items() if not e["draft"]}
    ids = set()
    langs, chans, tagged = Counter(), Counter(), Counter()
    late = fast = multiline = 0
    for n, r in enumerate(rows, 2):
        where = f"tickets.csv:row {n}"
        if len(r) != len(HEADER):
            err(f"{where}: {len(r)} fields")
            continue
        d = dict(zip(HEADER, r))
        if d["ticket_id"] in ids:
            err(f"{where}: duplicate ticket_id")
        ids.add(d["ticket_id"])
        created = parse_ts(d["created_at"], where)
        if created and not lo <= created <= hi:
            err(f"{where}: created_at out of range")
        if d["channel"] not in ("email", "chat", "phone", "form"):
            err(f"{where}: channel {d['channel']!r}")
        if d["language"] not in ("en", "hi", "tr"):
            err(f"{where}: language {d['language']!r}")
        if not d["subject"].strip() or not d["body"].strip():
            err(f"{where}: empty subject/body")
        if d["entry_id"]:
            if d["entry_id"] not in published:
                err(f"{where}: unknown entry_id {d['entry_id']!r}")
            tagged[d["entry_id"]] += 1
        if d["channel"] == "phone":
            if d["first_response_at"]:
                err(f"{where}: phone row with first_response_at")
        else:
            first = parse_ts(d["first_response_at"], where)
            if first and created:
                if first < created:
                    err(f"{where}: first response before creation")
                hours = (first - created).total_seconds() / 3600
                late += hours > 24
                fast += hours <= 24
        multiline += "\n" in d["body"]
        langs[d["language"]] += 1
        chans[d["channel"]] += 1
    if not 250 <= len(rows) <= 350:
        err(f"tickets.csv: {len(rows)} rows, want about 300")
    if rows and not late:
        err("tickets.csv: no late first responses")
    if rows and not multiline:
        err("tickets.csv: no multi-line bodies")
    return {"rows": len(rows), "langs": langs, "channels": chans, "tagged": sum(tagged.values()),
            "within_24h": fast, "late": late, "multiline": multiline}


def check_search_log():
    path = COMPLAINTS / "search-log.jsonl"
    if not path.exists():
        err("complaints/search-log.jsonl: missing")
        return {}
    rows = load_jsonl(path)
    langs, total = Counter(), 0
    for n, r in rows:
        where = f"search-log.jsonl:{n}"
        if not isinstance(r, dict) or set(r) != {"query", "at", "lang", "count"}:
            err(f"{where}: keys must be query, at, lang, count")
            continue
        if not isinstance(r["query"], str) or not r["query"].strip():
            err(f"{where}: empty query")
        parse_ts(r["at"], where)
        if r["lang"] not in ("en", "hi", "tr"):
            err(f"{where}: lang {r['lang']!r}")
        if not isinstance(r["count"], int) or r["count"] < 1:
            err(f"{where}: count must be a positive integer")
        else:
            total += r["count"]
        langs[r["lang"]] += 1
    return {"lines": len(rows), "langs": langs, "searches": total}


def main():
    q = check_queries()
    t = check_tickets()
    s = check_search_log()
    for name, (n, ids, kinds, langs, *extra) in q.items():
        more = f", no-diacritics {extra[0]}, capitals {extra[1]}" if extra else ""
        cover = f", {len([i for i in ids if i])} entries" if name != "none.jsonl" else f", {dict(langs)}"
        print(f"{name:15} {n:4} lines{cover}{more}; kinds {dict(kinds)}")
    if t:
        print(f"tickets.csv     {t['rows']:4} rows; languages {dict(t['langs'])}; channels {dict(t['channels'])}; "
              f"entry_id set {t['tagged']}; first response <=24h {t['within_24h']}, later {t['late']}; "
              f"multi-line bodies {t['multiline']}")
    if s:
        print(f"search-log.jsonl {s['lines']:3} lines; languages {dict(s['langs'])}; {s['searches']} searches")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
