#!/usr/bin/env python3
"""Counts the instructions the winhttp-* checks execute, per generated size.

Wall time on a shared machine moves by a tenth between runs; the number of
instructions executed does not. This runs clang-tidy under callgrind on the
generated TUs of bench/generate_tu.py, collecting only inside the checks'
callbacks (their `check` methods and everything they call), and prints the
count per size and its growth against the smallest size.

  bench/instructions.py --plugin build/llvm19/lib/WinHttpTidyPlugin.so \\
      [--scales 1,16] [--checks 'winhttp-*']

Needs valgrind (Debian package `valgrind`). valgrind 3.19 cannot read the
DWARF 5 of a clang-19 build, so the plugin is copied and its debug
information stripped first; the symbol names remain.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


FLAGS = ["--target=x86_64-w64-mingw32", "-std=c++17"]


def stripped_plugin(plugin, work):
    """A copy of the plugin without debug information, for valgrind 3.19."""
    copy = os.path.join(work, "plugin.so")
    shutil.copy(plugin, copy)
    subprocess.run(["strip", "--strip-debug", copy], check=True)
    return copy


def count(plugin, tu, checks, clang_tidy, work, flags=None):
    """Instructions executed inside the checks' callbacks on one TU."""
    out = os.path.join(work, "callgrind.out")
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
           "--collect-atstart=no",
           "--toggle-collect=clang::tidy::winhttp::*::check(*",
           clang_tidy, "--load=" + plugin, "-checks=-*," + checks,
           "--config={}", "-quiet", tu, "--"] + (flags or FLAGS)
    run = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=False)
    if run.returncode not in (0, 1) or not os.path.exists(out):
        sys.exit("callgrind failed on %s:\n%s" % (tu, run.stderr[-2000:]))
    with open(out, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"(?:summary|totals): (\d+)", line)
            if m:
                return int(m.group(1))
    sys.exit("no instruction count in %s" % out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang-tidy", default="/usr/lib/llvm-19/bin/clang-tidy")
    parser.add_argument("--scales", default="1,2,4,8,16")
    parser.add_argument("--checks", default="winhttp-*")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed: apt-get install valgrind")
    if not os.path.exists(args.plugin):
        sys.exit("no plugin at %s: build it first (bench/run builds it)" %
                 args.plugin)
    try:
        scales = [int(s) for s in args.scales.split(",")]
    except ValueError:
        sys.exit("--scales takes numbers separated by commas")
    with tempfile.TemporaryDirectory() as work:
        plugin = stripped_plugin(args.plugin, work)
        print("| size | instructions in the checks | growth |")
        print("|---|---:|---:|")
        base = None
        for k in scales:
            tu = os.path.join(work, "g%d.cpp" % k)
            subprocess.run([sys.executable, os.path.join(HERE, "generate_tu.py"),
                            "--scale", str(k), "-o", tu], check=True)
            n = count(plugin, tu, args.checks, args.clang_tidy, work)
            if base is None:
                base = (k, n)
            growth = n / base[1]
            print("| generated %dx | %d | %.2f (k=%g) |" %
                  (k, n, growth, k / base[0]), flush=True)


if __name__ == "__main__":
    main()
