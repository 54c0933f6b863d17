#!/usr/bin/env python3
"""Edit -> new page served latency of `helpmark serve` (driven by benches/serve.sh).

usage: serve_latency.py BIN SITE EDITS

Starts `BIN serve --port 0` on SITE (a copy the caller may change), times how long until it
serves (its `serving` line), then EDITS times: changes one entry's title to a fresh token and
polls that entry's page until it shows the token, then the preview's state until it is
settled (the whole site produced again: search, related questions, every page). Prints one
JSON line: ready_s, latencies_ms (each edit, from the write to the first reply holding the new
title), searched_ms (from the write until the page shows it and the served search, asked at
`/_helpmark/search`, finds that page first for the new title's token; for a binary without
that endpoint, until settled), settled_ms (from the write until the whole site, search included, was served again),
cpu_ms (the CPU time, user + system, serve spent on each edit until its page showed: less
swayed than wall time by other programs on the machine), serve_peak_kib (VmHWM of the serve
process at the end) and the entries edited. Then as many entries are added (a new file, with a
fresh title, in the folder of an edited one) and deleted again, one at a time: add_ms /
add_searched_ms / add_settled_ms from the rename to the new page served / also found by search
/ the whole site served again, and delete_ms / delete_searched_ms / delete_settled_ms from the
deletion to the page answering 404 / also no longer found by search / the whole site.
Every wait has a deadline.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

DEADLINE_S = 120
LANG = os.environ.get("BENCH_LANG", "en")


def get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    return b"".join(chunks)


def settled(port):
    reply = get(port, "_helpmark/diagnostics")
    return json.loads(reply.split(b"\r\n\r\n", 1)[1]).get("settled", True)


def search_hits(port, token):
    """The URLs the served search finds for `token`, best first; None when this serve has no
    search endpoint (an older binary: its search is updated with the whole site)."""
    reply = get(port, f"_helpmark/search?lang={LANG}&q={token}")
    head, body = reply.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 200"):
        return None
    return [hit["url"] for hit in json.loads(body)["hits"]]


def search_finds(port, token, page):
    """Whether the served search finds `page` first for `token` (None: see search_hits)."""
    urls = search_hits(port, token)
    return None if urls is None else bool(urls) and urls[0].endswith(page)


def search_lost(port, token, page):
    """Whether the served search no longer finds `page` for `token` (None: see search_hits)."""
    urls = search_hits(port, token)
    return None if urls is None else not any(url.endswith(page) for url in urls)


def cpu_ms(pid):
    # utime and stime, the 14th and 15th fields, after the parenthesised command name.
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, site, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
    content = os.path.join(site, "content")
    entries = sorted(
        os.path.relpath(os.path.join(d, f), content)
        for d, _, files in os.walk(content)
        for f in files
        if f.endswith(".md") and not f.startswith("_")
    )
    # Spread over the site: every category's pages and search shards get their turn.
    step = max(1, len(entries) // edits)
    chosen = [entries[i * step] for i in range(edits)]
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--source", site], stderr=subprocess.PIPE, text=True)
    port = None
    try:
        while port is None:
            line = proc.stderr.readline()
            if not line:
                sys.exit(f"serve exited before serving (status {proc.poll()})")
            m = re.match(r"serving http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
            if time.perf_counter() - t0 > DEADLINE_S:
                sys.exit("serve did not start in time")
        ready = time.perf_counter() - t0
        # Drain stderr so the server never blocks on a full pipe.
        import threading

        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
        def timed(change, page_ready, search_ready=lambda: None):
            """Makes the change; the ms until page_ready(), until page_ready() and search_ready()
            (the served search finds the change; None: with the whole site), until the preview
            is settled, and serve's CPU ms until page_ready()."""
            start, cpu_start = time.perf_counter(), cpu_ms(proc.pid)
            change()
            while not page_ready():
                if time.perf_counter() - start > DEADLINE_S:
                    sys.exit(f"{change.__name__} not served within {DEADLINE_S} s")
                time.sleep(0.002)
            shown, cpu = (time.perf_counter() - start) * 1000, cpu_ms(proc.pid) - cpu_start
            searched = None
            while True:
                found = search_ready()
                if found:
                    searched = (time.perf_counter() - start) * 1000
                if found is None or found:
                    break
                if time.perf_counter() - start > DEADLINE_S:
                    sys.exit(f"{change.__name__} not found by search within {DEADLINE_S} s")
                time.sleep(0.002)
            while not settled(port):
                if time.perf_counter() - start > DEADLINE_S:
                    sys.exit(f"{change.__name__} not settled within {DEADLINE_S} s")
                time.sleep(0.002)
            whole = (time.perf_counter() - start) * 1000
            return shown, whole if searched is None else searched, whole, cpu

        latencies, searched_ms, settled_ms, cpu = [], [], [], []
        for n, rel in enumerate(chosen):
            path = os.path.join(content, rel)
            page = rel[: -len(".md")] + ".html"
            text = open(path, encoding="utf-8").read()
            token = f"benchedit{n}x{os.getpid()}"
            new, count = re.subn(r"(?m)^title: .*$", f'title: "Bench {token} question?"', text, count=1)
            assert count == 1, rel
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                f.write(new)

            def edit():
                os.replace(path + ".tmp", path)

            shown, searched, whole, used = timed(
                edit, lambda: token.encode() in get(port, page), lambda: search_finds(port, token, page)
            )
            latencies.append(shown)
            searched_ms.append(searched)
            settled_ms.append(whole)
            cpu.append(used)

        added = []
        add_ms, add_searched_ms, add_settled_ms = [], [], []
        delete_ms, delete_searched_ms, delete_settled_ms = [], [], []
        for n, rel in enumerate(chosen):
            new_rel = os.path.join(os.path.dirname(rel), f"bench-added-{n}-{os.getpid()}.md")
            path, page = os.path.join(content, new_rel), new_rel[: -len(".md")] + ".html"
            token = f"benchadd{n}x{os.getpid()}"

            def add():
                with open(path + ".tmp", "w", encoding="utf-8") as f:
                    f.write(f'---\ntitle: "Added {token} question?"\n---\nA new answer about {token}.\n')
                os.replace(path + ".tmp", path)

            shown, searched, whole, _ = timed(
                add, lambda: token.encode() in get(port, page), lambda: search_finds(port, token, page)
            )
            add_ms.append(shown)
            add_searched_ms.append(searched)
            add_settled_ms.append(whole)
            added.append((path, page, token))
        for path, page, token in added:

            def delete():
                os.remove(path)

            shown, searched, whole, _ = timed(
                delete, lambda: get(port, page).startswith(b"HTTP/1.1 404"), lambda: search_lost(port, token, page)
            )
            delete_ms.append(shown)
            delete_searched_ms.append(searched)
            delete_settled_ms.append(whole)
        print(json.dumps({"ready_s": ready, "latencies_ms": latencies, "searched_ms": searched_ms,
                          "settled_ms": settled_ms,
                          "add_ms": add_ms, "add_searched_ms": add_searched_ms, "add_settled_ms": add_settled_ms,
                          "delete_ms": delete_ms, "delete_searched_ms": delete_searched_ms,
                          "delete_settled_ms": delete_settled_ms, "cpu_ms": cpu, "serve_peak_kib": peak_kib(proc.pid), "entries": chosen}))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
