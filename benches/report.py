#!/usr/bin/env python3
"""Summarises the runs recorded by benches/build.sh.

usage: report.py RESULTS.tsv

RESULTS.tsv: one line per timed run, "N<TAB>kind<TAB>wall_s<TAB>peak_rss_kib<TAB>cpu_s[<TAB>label]" with
kind `clean` (output deleted inside the timing), `rerun` (built over an existing output) or `fresh`
(into a new folder, nothing deleted inside the timing), and label `helpmark` (the default) or
`baseline` (BASELINE_BIN, measured in the same series).
Prints medians (min-max in brackets; peak RSS and CPU = user + sys: medians) and, for N = 10,000, the
ratios helpmark / reference against the issue's target and against Hugo alone
(/work/shared/bench/PEERS.md), and helpmark / baseline when there is one: below 1.00x means helpmark
is faster or smaller than the reference.
"""
import statistics
import sys
from collections import defaultdict

# The target at 10,000 entries.
TARGET = {"n": 10000, "wall": 1.5, "rss_mib": 300.0}
# Hugo alone at 10,000 entries, /work/shared/bench/PEERS.md (medians of 5, 2 cores).
HUGO = {"n": 10000, "clean": 9.6, "rerun": 5.5, "rss_mib": 0.9 * 1024}
KINDS = ("clean", "rerun", "fresh")


def fmt_s(xs):
    m = statistics.median(xs)
    return f"{m:.2f} ({min(xs):.2f}-{max(xs):.2f})" if len(xs) > 1 else f"{m:.2f}"


def ratio(value, ref):
    return f"{value / ref:.2f}x"


def median_of(runs, field):
    """Median of one field (0 wall, 1 MiB, 2 CPU) of a list of runs, or None."""
    return statistics.median([r[field] for r in runs]) if runs else None


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    runs = defaultdict(lambda: defaultdict(list))  # (n, label) -> kind -> [(wall, mib, cpu)]
    with open(sys.argv[1]) as f:
        for line in f:
            if line.strip():
                n, kind, wall, kib, cpu, *label = line.rstrip("\n").split("\t")
                key = (int(n), label[0] if label else "helpmark")
                runs[key][kind].append((float(wall), int(kib) / 1024, float(cpu)))
    labelled = any(label != "helpmark" for _, label in runs)

    rows = [("N", "binary", "runs", "clean wall s, median (min-max)", "peak RSS MiB",
             "re-run wall s, median (min-max)", "fresh wall s, median (min-max)", "CPU s clean / re-run / fresh")]
    for n, label in sorted(runs, key=lambda k: (k[0], k[1] != "helpmark")):
        by_kind = runs[(n, label)]
        clean, rerun, fresh = (by_kind[k] for k in KINDS)
        rows.append((
            f"{n}",
            label,
            f"{len(clean)}+{len(rerun)}+{len(fresh)}",
            fmt_s([r[0] for r in clean]) if clean else "-",
            f"{median_of(clean, 1):.0f}" if clean else "-",
            fmt_s([r[0] for r in rerun]) if rerun else "-",
            fmt_s([r[0] for r in fresh]) if fresh else "-",
            " / ".join(f"{median_of(by_kind[k], 2):.2f}" if by_kind[k] else "-" for k in KINDS),
        ))
    if not labelled:
        rows = [r[:1] + r[2:] for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print("| " + " | ".join(c.rjust(w) if j < 2 else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths))) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")

    ref = runs.get((TARGET["n"], "helpmark"))
    if not (ref and ref["clean"]):
        print(f"\n(no N={TARGET['n']} runs: ratios against the issue target and Hugo are only defined there)")
        return
    wall, mib = median_of(ref["clean"], 0), median_of(ref["clean"], 1)
    re, fr = median_of(ref["rerun"], 0), median_of(ref["fresh"], 0)
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
    base = runs.get((TARGET["n"], "baseline"))
    if base:
        parts = []
        for kind in KINDS:
            if ref[kind] and base[kind]:
                parts.append(f"{kind} wall {ratio(median_of(ref[kind], 0), median_of(base[kind], 0))}"
                             f" (CPU {ratio(median_of(ref[kind], 2), median_of(base[kind], 2))})")
        if ref["clean"] and base["clean"]:
            parts.append(f"peak RSS {ratio(median_of(ref['clean'], 1), median_of(base['clean'], 1))}")
        print("  baseline, same series: " + ", ".join(parts))


if __name__ == "__main__":
    main()
