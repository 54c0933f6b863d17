#!/usr/bin/env python3
"""Kills a large build at random moments and checks that the output path always holds a complete
site: the previous one or the new one, never a mix and never nothing (issue 13).

    benches/fault_injection.py [--n 10000] [--kills 20] [--seed 7] [--bin target/release/helpmark]

The corpus comes from ../shared/bench/gen_corpus.py (cached in target/bench-corpus/fault-n<N>/).
Site A is the corpus; site B is A with one title changed and one entry added. For each kill:
build A into public/ (the "old" site), start building B, send SIGKILL after a random delay
between 0 and 1.25 times the measured length of a B build (so that some kills land after the
commit, or miss the build), then compare every file of public/ (path and
bytes) with the reference outputs of A and B, built once into folders of their own.
`--no-exchange` forces the fallback commit (two renames), where a kill between the renames is
allowed to leave the old site beside the output, and the next build must put it back.
Exit code 0 when every check passed.
"""
import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.environ.get("BENCH_GEN", os.path.join(os.path.dirname(ROOT), "shared/bench/gen_corpus.py"))
CONFIG = """title: Fault injection
base_url: https://bench.example/
languages: [en]
contact: {phone: "+1 800 555 0100", email: help@bench.example}
"""


def manifest(folder):
    """{relative path: sha256} of every file under folder (None when it does not exist)."""
    if not os.path.isdir(folder):
        return None
    out = {}
    for base, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return out


def build(binary, site, output, env=None):
    subprocess.run([binary, "build", "--source", site, "--output", output], check=True,
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_sites(n, work):
    corpus = os.path.join(ROOT, "target/bench-corpus", f"fault-n{n}")
    if not os.path.isdir(os.path.join(corpus, "content")):
        subprocess.run([sys.executable, GEN, "--n", str(n), "--out", corpus, "--seed", "42",
                        "--formats", "content"], check=True, stdout=subprocess.DEVNULL)
    site_a, site_b = os.path.join(work, "a"), os.path.join(work, "b")
    for site in (site_a, site_b):
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(os.path.join(corpus, "content"), os.path.join(site, "content"))
        with open(os.path.join(site, "helpmark.yaml"), "w") as f:
            f.write(CONFIG)
    # B: one title changed, one entry added.
    first = sorted(os.path.join(b, f) for b, _, fs in os.walk(os.path.join(site_b, "content"))
                   for f in fs if f.endswith(".md") and not f.startswith("_"))[0]
    with open(first) as f:
        text = f.read()
    with open(first, "w") as f:
        f.write(text.replace("title:", "title: Changed", 1))
    folder = os.path.dirname(first)
    with open(os.path.join(folder, "added-by-fault-injection.md"), "w") as f:
        f.write("---\ntitle: A question added by the fault-injection bench\n---\nAn answer.\n")
    return site_a, site_b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/helpmark"))
    ap.add_argument("--no-exchange", action="store_true")
    args = ap.parse_args()
    work = os.path.join(ROOT, "target/bench-out/fault-injection")
    os.makedirs(work, exist_ok=True)
    site_a, site_b = make_sites(args.n, work)
    env = dict(os.environ, CI="1")
    if args.no_exchange:
        env["HELPMARK_TEST_NO_EXCHANGE"] = "1"
    ref_a, ref_b = os.path.join(work, "ref-a"), os.path.join(work, "ref-b")
    for site, ref in ((site_a, ref_a), (site_b, ref_b)):
        shutil.rmtree(ref, ignore_errors=True)
        build(args.bin, site, ref, env)
    want_a, want_b = manifest(ref_a), manifest(ref_b)
    assert want_a != want_b
    public = os.path.join(work, "public")
    shutil.rmtree(public, ignore_errors=True)
    build(args.bin, site_a, public, env)
    started = time.monotonic()
    build(args.bin, site_b, public, env)
    length = time.monotonic() - started
    rng = random.Random(args.seed)
    results = {"old": 0, "new": 0, "repaired": 0}
    failures = 0
    for k in range(args.kills):
        build(args.bin, site_a, public, env)
        delay = rng.uniform(0, 1.25 * length)
        proc = subprocess.Popen([args.bin, "build", "--source", site_b, "--output", public],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen = manifest(public)
        if seen is None and args.no_exchange:
            # The fallback's window between its two renames: the next build must repair it.
            build(args.bin, site_a, public, env)
            seen, state = manifest(public), "repaired"
            ok = seen == want_a
        else:
            state = "old" if seen == want_a else "new" if seen == want_b else "broken"
            ok = state != "broken"
        if ok:
            results[state] += 1
        else:
            failures += 1
        print(f"kill {k + 1:2} after {delay * 1000:6.0f} ms: {state if ok else 'BROKEN'}", flush=True)
    print(f"{args.kills} kills of a {args.n}-entry build (one build: {length * 1000:.0f} ms): "
          f"{results['old']} old site, {results['new']} new site, {results['repaired']} repaired by the next "
          f"build, {failures} broken")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
