#!/usr/bin/env python3
"""Fallback timer for benches/build.sh when GNU /usr/bin/time is missing.

usage: timed.py OUTFILE CMD [ARG...]

Runs CMD, writes "<wall s> <peak RSS KiB> <user s> <sys s>" to OUTFILE (the same fields as
GNU `time -f '%e %M %U %S'`) and exits with CMD's status. Peak RSS comes from
getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest resident set of any waited-for descendant.
This process runs exactly one command, so that maximum belongs to this run alone; it has a
floor of about python's own size (~10 MiB: the forked child counts until it execs).
"""
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, cmd = sys.argv[1], sys.argv[2:]
    t0 = time.perf_counter()
    rc = subprocess.call(cmd)
    wall = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # ru_maxrss is in KiB on Linux
    with open(out, "w") as f:
        f.write(f"{wall:.3f} {ru.ru_maxrss} {ru.ru_utime:.2f} {ru.ru_stime:.2f}\n")
    return rc if rc >= 0 else 128 - rc


if __name__ == "__main__":
    sys.exit(main())
