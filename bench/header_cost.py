#!/usr/bin/python3
"""Measures what the winhttp-* checks add to clang-tidy on the header soak.

For each header of the header soak's list (tools/header_soak.py; the same
list, --list, --sample and --include-dir), analysed as the main file the way
the soak does it, this times two runs of the driver:

  baseline  -checks='-*,objc-*': clang-tidy parses and builds the AST as
            usual but runs no check, since it drops Objective-C checks for
            C++ input (bench/bench.py's baseline; `-checks=-*` alone makes
            clang-tidy stop before parsing: "No checks enabled.")
  winhttp   -checks='-*,winhttp-*', with --enable-check-profile, so the time
            inside the checks is known exactly as well. The profile's own
            overhead counts in this run's wall time: the added time is, if
            anything, overstated.

With --repetitions N each run is repeated and the fastest kept: load on the
machine only ever adds time. The report, in Markdown on stdout (and --json
for the data), gives the totals of both configurations, their ratio, the
median of the per-header ratios, the check time from the profile, the 10
headers where the checks add the most wall time, and the 10 with the most
time inside the checks (on a busy machine the added wall time of one header
is mostly noise, the time inside the checks much less so).

  bench/header_cost.py --tidy build/llvm19/bin/winhttp-tidy [--sample 300]

-j defaults to 1: two runs at once on a two-core machine disturb each
other's times. A run that fails the soak's criteria is listed and left out
of the totals.
"""

import argparse
import datetime
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.dont_write_bytecode = True  # no tools/__pycache__ in the source tree

import header_soak  # noqa: E402

BASELINE_CHECKS = "-*,objc-*"
OURS = "-*,winhttp-*"
WORST = 10


def read_profile(directory):
    """Seconds inside the winhttp-* checks, from --store-check-profile."""
    total = 0.0
    for name in os.listdir(directory):
        with open(os.path.join(directory, name)) as f:
            data = json.load(f)["profile"]
        for key, value in data.items():
            m = re.fullmatch(r"time\.clang-tidy\.(.+)\.wall", key)
            if m and m.group(1).startswith("winhttp-"):
                total += value
    return total


def measure(tidy, path, repetitions, timeout):
    """The fastest baseline and winhttp runs of one header, and the check
    time of the fastest winhttp run; failure is None or why a run failed."""
    best = {"baseline": None, "winhttp": None, "check": None}
    for _ in range(repetitions):
        status, seconds, output = header_soak.run_one(
            header_soak.tidy_command(tidy, path, BASELINE_CHECKS, ["-quiet"]),
            timeout)
        failure = header_soak.verdict(status, output)
        if failure:
            return best, "baseline: " + failure
        if best["baseline"] is None or seconds < best["baseline"]:
            best["baseline"] = seconds
        profile_dir = tempfile.mkdtemp(prefix="winhttp-header-cost-")
        try:
            status, seconds, output = header_soak.run_one(
                header_soak.tidy_command(
                    tidy, path, OURS,
                    ["-quiet", "--enable-check-profile",
                     "--store-check-profile=" + profile_dir]), timeout)
            failure = header_soak.verdict(status, output)
            if failure:
                return best, "winhttp: " + failure
            check = read_profile(profile_dir)
        finally:
            shutil.rmtree(profile_dir, ignore_errors=True)
        if best["winhttp"] is None or seconds < best["winhttp"]:
            best["winhttp"], best["check"] = seconds, check
    return best, None


def ms(seconds):
    return "%.0f" % (seconds * 1000)


def table(header, rows):
    """A Markdown table; every column but the first is right-aligned."""
    out = ["| " + " | ".join(header) + " |",
           "|---|" + "---:|" * (len(header) - 1)]
    return out + ["| " + " | ".join(row) + " |" for row in rows]


def report(args, results, wall):
    ok = [r for r in results if not r["failure"]]
    failed = [r for r in results if r["failure"]]
    lines = []
    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always",
                             "--dirty"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True).stdout
    lines.append("Header cost, %s, commit `%s`, `%s`: %d header%s%s, %d "
                 "repetition%s (fastest kept), -j %d, %.0f s." %
                 (datetime.date.today().isoformat(),
                  commit.strip() or "unknown", args.tidy, len(results),
                  "" if len(results) == 1 else "s",
                  " (sample of the list)" if args.sample else "",
                  args.repetitions, "" if args.repetitions == 1 else "s",
                  args.jobs, wall))
    lines.append("")
    if not ok:
        lines.append("No header was measured.")
        return "\n".join(lines) + "\n", failed
    base = sum(r["baseline"] for r in ok)
    ours = sum(r["winhttp"] for r in ok)
    check = sum(r["check"] for r in ok)
    ratios = [r["winhttp"] / r["baseline"] for r in ok]
    lines += table(
        ["measure", "value"],
        [["headers measured", "%d" % len(ok)],
         ["baseline (`%s`), total" % BASELINE_CHECKS, "%.1f s" % base],
         ["winhttp (`%s`), total" % OURS, "%.1f s" % ours],
         ["added wall time, total", "%.1f s" % (ours - base)],
         ["winhttp / baseline, totals", "%.3fx" % (ours / base)],
         ["winhttp / baseline, median per header",
          "%.3fx" % statistics.median(ratios)],
         ["winhttp / baseline, highest per header", "%.3fx" % max(ratios)],
         ["time inside the winhttp-\\* checks (profile), total",
          "%.2f s (%.1f%% of the winhttp runs)" % (check,
                                                    100 * check / ours)],
         ["check time, highest per header",
          "%s ms" % ms(max(r["check"] for r in ok))]])
    lines.append("")
    lines.append("The %d headers where the checks add the most wall time:" %
                 min(WORST, len(ok)))
    lines.append("")
    worst = sorted(ok, key=lambda r: (r["baseline"] - r["winhttp"],
                                      r["header"]))[:WORST]
    lines += table(["header", "baseline (ms)", "winhttp (ms)", "added (ms)",
                    "ratio", "check time (ms)"],
                   [["`%s`" % r["header"], ms(r["baseline"]),
                     ms(r["winhttp"]), ms(r["winhttp"] - r["baseline"]),
                     "%.2fx" % (r["winhttp"] / r["baseline"]),
                     ms(r["check"])] for r in worst])
    lines.append("")
    lines.append("The %d headers with the most time inside the checks:" %
                 min(WORST, len(ok)))
    lines.append("")
    heavy = sorted(ok, key=lambda r: (-r["check"], r["header"]))[:WORST]
    lines += table(["header", "check time (ms)", "winhttp (ms)"],
                   [["`%s`" % r["header"], ms(r["check"]), ms(r["winhttp"])]
                    for r in heavy])
    if failed:
        lines.append("")
        lines.append("Failed, left out: " + ", ".join(
            "`%s` (%s)" % (r["header"], r["failure"]) for r in failed))
    return "\n".join(lines) + "\n", failed


def main():
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tidy", required=True,
                        help="the driver, or a clang-tidy command line with "
                        "--load=<plugin>")
    header_soak.add_list_options(parser)
    parser.add_argument("-j", "--jobs", type=int, default=1,
                        help="parallel jobs (default: %(default)s)")
    parser.add_argument("--repetitions", type=int, default=1,
                        help="runs of each configuration; the fastest "
                        "counts (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds per run (default: %(default)s)")
    parser.add_argument("--json", help="write every header's numbers here")
    args = parser.parse_args()
    if args.jobs < 1 or args.repetitions < 1:
        parser.error("--jobs and --repetitions must be at least 1")
    if args.sample is not None and args.sample < 1:
        parser.error("--sample must be at least 1")
    headers = header_soak.sample(header_soak.read_list(args.list), args.sample)
    if not headers:
        print("header_cost: error: no headers in %s" % args.list,
              file=sys.stderr)
        return 2
    tidy = shlex.split(args.tidy)

    def work(rel):
        best, failure = measure(tidy, os.path.join(args.include_dir, rel),
                                args.repetitions, args.timeout)
        return dict(best, header=rel, failure=failure)

    start = time.perf_counter()
    results = header_soak.run_all(args.jobs, work, headers, "cost")
    wall = time.perf_counter() - start
    text, failed = report(args, results, wall)
    sys.stdout.write(text)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"tidy": args.tidy, "jobs": args.jobs,
                       "repetitions": args.repetitions, "wall": wall,
                       "results": results}, f, indent=1)
            f.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
