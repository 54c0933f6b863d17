#!/usr/bin/env python3
"""Summarises the runs recorded by benches/build.sh.

usage: report.py RESULTS.tsv

RESULTS.tsv: one line per timed run, "N<TAB>kind<TAB>wall_s<TAB>peak_rss_kib<TAB>cpu_s" with kind
`clean` (output deleted inside the timing), `rerun` (built over an existing output) or `fresh`
(into a new folder, nothing deleted inside the timing).
Prints medians (min-max in brackets; peak RSS and CPU = user + sys: medians) and, for N = 10,000, the ratios helpmark / reference
against the issue's target and against Hugo alone (/work/shared/bench/PEERS.md):
below 1.00x means helpmark is faster or smaller than the reference.
"""
import statistics
import sys
from collections import defaultdict

# The target at 10,000 entries.
TARGET = {"n": 10000, "wall": 1.5, "rss_mib": 300.0}
# Hugo alone at 10,000 entries, /work/shared/bench/PEERS.md (medians of 5, 2 cores).
HUGO = {"n": 10000, "clean": 9.6, "rerun": 5.5, "rss_mib": 0.9 * 1024}


def fmt_s(xs):
    m = statistics.median(xs)
    return f"{m:.2f} ({min(xs):.2f}-{max(xs):.2f})" if len(xs) > 1 else f"{m:.2f}"


def ratio(value, ref):
    return f"{value / ref:.2f}x"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    runs = defaultdict(lambda: defaultdict(list))  # n -> kind -> [(wall, mib, cpu)]
    with open(sys.argv[1]) as f:
        for line in f:
            if line.strip():
                n, kind, wall, kib, cpu = line.split("\t")
                runs[int(n)][kind].append((float(wall), int(kib) / 1024, float(cpu)))

    rows = [("N", "runs", "clean wall s, median (min-max)", "peak RSS MiB", "re-run wall s, median (min-max)",
             "fresh wall s, median (min-max)", "CPU s clean / re-run / fresh")]
    for n in sorted(runs):
        clean, rerun, fresh = runs[n]["clean"], runs[n]["rerun"], runs[n]["fresh"]
        rows.append((
            f"{n}",
            f"{len(clean)}+{len(rerun)}+{len(fresh)}",
            fmt_s([r[0] for r in clean]) if clean else "-",
            f"{statistics.median([r[1] for r in clean]):.0f}" if clean else "-",
            fmt_s([r[0] for r in rerun]) if rerun else "-",
            fmt_s([r[0] for r in fresh]) if fresh else "-",
            " / ".join(f"{statistics.median([r[2] for r in xs]):.2f}" if xs else "-" for xs in (clean, rerun, fresh)),
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print("| " + " | ".join(c.rjust(w) if j < 2 else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths))) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")

    ref = runs.get(TARGET["n"])
    if ref and ref["clean"]:
        wall = statistics.median([r[0] for r in ref["clean"]])
        mib = statistics.median([r[1] for r in ref["clean"]])
        re = statistics.median([r[0] for r in ref["rerun"]]) if ref["rerun"] else None
        fr = statistics.median([r[0] for r in ref["fresh"]]) if ref["fresh"] else None
        print()
        print(f"N={TARGET['n']}, helpmark / reference (below 1.00x: helpmark is faster or smaller):")
        print(f"  issue target ({TARGET['wall']} s, {TARGET['rss_mib']:.0f} MiB):"
              f" clean wall {ratio(wall, TARGET['wall'])}, peak RSS {ratio(mib, TARGET['rss_mib'])}"
              + (f", re-run wall {ratio(re, TARGET['wall'])}" if re is not None else "")
              + (f", fresh wall {ratio(fr, TARGET['wall'])}" if fr is not None else ""))
        print(f"  Hugo alone ({HUGO['clean']} s clean, {HUGO['rerun']} s re-run, 0.9 GiB):"
              f" clean wall {ratio(wall, HUGO['clean'])}"
              + (f", re-run wall {ratio(re, HUGO['rerun'])}" if re is not None else "")
              + f", peak RSS {ratio(mib, HUGO['rss_mib'])}")
    else:
        print(f"\n(no N={TARGET['n']} runs: ratios against the issue target and Hugo are only defined there)")


if __name__ == "__main__":
    main()
