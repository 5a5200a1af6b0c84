#!/usr/bin/env python3
"""Checks that the fuzzer's prelude declares what the checks and seeds use.

  check_prelude.py                  the API table's functions
  check_prelude.py --seeds          the seeds: the names they use

Every name a row of checks/WinHttpApi.def gives as a plain C function
(WINHTTP_FUNCTION, THREAD_START, THREAD_WAIT, FLOW_FUNCTION, LOCK_FUNCTION,
REFCOUNT_RELEASE) must be declared in tools/fuzzer/prelude.h, or the fuzzer
cannot reach the checks' handling of it. Exits 1 and names each missing one.

With --seeds, each seed that tools/fuzz makes (a lit input or example
without its #includes) is parsed with the prelude, and with the real MinGW-w64
headers as written; an error that only the prelude gives (a name it lacks, a
member, a template without a body) is listed, and the exit is 1. Inputs that
include no header (they declare what they use, or include the prelude
themselves) are skipped.
"""
import argparse
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
PRELUDE = os.path.join(ROOT, "tools", "fuzzer", "prelude.h")
ROWS = ("WINHTTP_FUNCTION", "THREAD_START", "THREAD_WAIT", "FLOW_FUNCTION",
        "LOCK_FUNCTION", "REFCOUNT_RELEASE")
INCLUDE = re.compile(r"^\s*#\s*include.*$", re.M)


def check_table():
    with open(os.path.join(ROOT, "checks", "WinHttpApi.def")) as f:
        table = f.read()
    with open(PRELUDE) as f:
        prelude = f.read()
    names = sorted({m.group(2) for m in re.finditer(
        r"^(%s)\(\s*([A-Za-z_]\w*)\s*[,)]" % "|".join(ROWS), table, re.M)})
    # Compiler builtins and C++ members need no declaration.
    names = [n for n in names
             if not n.startswith("__sync_") and n not in ("Release",)]
    missing = [n for n in names
               if not re.search(r"\b%s\s*\(" % re.escape(n), prelude)]
    for name in missing:
        print("prelude.h does not declare %s" % name)
    print("%d table functions, %d missing from the prelude"
          % (len(names), len(missing)))
    return 1 if missing else 0


def errors(clang, args, path):
    """The error messages of parsing \\p path, without numbers."""
    proc = subprocess.run(
        [clang, "-fsyntax-only", "-ferror-limit=0", "-Wno-everything",
         "--target=x86_64-w64-mingw32"] + args + [path],
        capture_output=True, text=True)
    # Numbers differ between the two parses (lines, columns, counts).
    return {re.sub(r"\d+", "N", m.group(1))
            for m in re.finditer(r"error: (.*)", proc.stderr)}


def seed_gaps(clang, path, work):
    """The errors the seed made of \\p path gives with the prelude alone."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    language = ["-x", "c"] if path.endswith(".c") else ["-std=c++17"]
    real = errors(clang, language, path)
    seed = os.path.join(work, os.path.basename(path))
    with open(seed, "w", encoding="utf-8") as f:
        f.write(INCLUDE.sub("", text))
    fuzzed = errors(clang, language + ["-nostdinc", "-include", PRELUDE],
                    seed)
    return sorted(fuzzed - real)


def check_seeds(clang, jobs):
    inputs = sorted(glob.glob(os.path.join(ROOT, "test", "checkers", "*.c*")) +
                    glob.glob(os.path.join(ROOT, "examples", "*.c*")))
    checked = []
    for path in inputs:
        with open(path, encoding="utf-8") as f:
            if INCLUDE.search(f.read()):
                checked.append(path)
    failed = 0
    with tempfile.TemporaryDirectory() as work:
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            gaps = pool.map(lambda p: seed_gaps(clang, p, work), checked)
            for path, gap in zip(checked, gaps):
                if not gap:
                    continue
                failed += 1
                for message in gap:
                    print("%s: only with the prelude: %s"
                          % (os.path.relpath(path, ROOT), message))
    print("%d seeds, %d skipped, %d with errors only the prelude gives"
          % (len(checked), len(inputs) - len(checked), failed))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", action="store_true",
                        help="check the seeds against the real headers")
    parser.add_argument("--clang", default="clang",
                        help="the clang to parse with (default: clang)")
    parser.add_argument("-j", "--jobs", type=int,
                        default=os.cpu_count() or 2)
    args = parser.parse_args()
    if args.seeds:
        return check_seeds(args.clang, args.jobs)
    return check_table()


if __name__ == "__main__":
    sys.exit(main())
