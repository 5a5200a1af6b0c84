#!/usr/bin/env python3
"""Checks that winhttp-* findings do not change when functions are reordered.

A metamorphic test: each input is rewritten by reorder.py (every movable
function definition replaced by its prototype and appended at the end of the
file, in reverse order), both files go through clang-tidy with every winhttp-*
check, the rewritten file's findings are mapped back to the input's lines, and
the two multisets of (file, line, column, severity, message, check) must be
equal. Diagnostics in headers keep their own paths.

  tools/metamorphic/compare_order.py --tidy build/llvm19/bin/winhttp-tidy \\
      examples/*.c examples/*.cpp --sample 16 --from-lit-inputs test/checkers

A plain FILE is analysed for the MinGW target as C11 or C++17 by its
extension (--c-args, --cxx-args). A file given to --from-lit-inputs takes the
compiler arguments (and a -config) of its first MinGW RUN line; files whose
RUN lines expect clang-tidy errors, or that have no MinGW RUN line, are left
out. --sample N keeps N of those, evenly spread and with C and C++ both.

Prints one "DIFF:" line per finding only one side has and one "FAIL:" line per
input that could not be compared, then
  order: N files, M reordered, K findings compared, D differences
and exits 1 if any difference or failure.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MINGW = ["--target=x86_64-w64-mingw32"]
MSVC = ["--target=x86_64-pc-windows-msvc", "-fms-extensions",
        "-fms-compatibility", "-fgnuc-version=4.2.1", "-idirafter",
        "/usr/x86_64-w64-mingw32/include"]
DIAG = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<sev>warning|note|error): (?P<msg>.*?)"
                  r"(?: \[(?P<check>[\w.,-]+)\])?$")
CRASH = ("Stack dump", "AddressSanitizer", "LeakSanitizer", "runtime error:")

Input = collections.namedtuple("Input", "path args config")


def run_lines(path):
    """The RUN: commands of a lit input, continuation lines joined."""
    commands, current = [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"\s*//\s*RUN:(.*)$", line)
            if not m:
                continue
            text = m.group(1).strip()
            current = (current + " " if current is not None else "") + text
            if current.endswith("\\"):
                current = current[:-1]
            else:
                commands.append(current)
                current = None
    return commands


def lit_input(path):
    """Input of path's first MinGW %check_clang_tidy RUN line, or why none."""
    for command in run_lines(path):
        words = shlex.split(command)
        if not words or words[0] != "%check_clang_tidy":
            continue
        try:
            first = words.index("--", words.index("%t"))
            second = words.index("--", first + 1)
        except ValueError:
            continue
        compiler = words[second + 1:]
        if "%mingw" not in compiler and MINGW[0] not in compiler:
            continue
        if "--expect-clang-tidy-error" in words[:first]:
            return "its MinGW RUN line expects clang-tidy errors"
        args = []
        for w in compiler:
            w = w.replace("%src_root", ROOT)
            if w == "%mingw":
                args += MINGW
            elif w == "%msvc":
                args += MSVC
            elif "%" in w:
                return "its RUN line has the substitution %r" % w
            else:
                args.append(w)
        config = [w for w in words[first + 1:second]
                  if w.startswith(("-config=", "--config="))]
        return Input(path, args, config[0] if config else "--config={}")
    return "it has no MinGW RUN line"


def sample(inputs, n):
    """n of inputs, evenly spread, with both languages when both exist."""
    if n >= len(inputs):
        return inputs
    picked = [inputs[i * len(inputs) // n] for i in range(n)]
    for ext in (".c", ".cpp"):
        if not any(p.path.endswith(ext) for p in picked):
            extra = [p for p in inputs if p.path.endswith(ext)]
            if extra:
                picked[-1 if ext == ".c" else 0] = extra[0]
    return picked


def display(path):
    rel = os.path.relpath(path, ROOT)
    return path if rel.startswith("..") else rel


def findings(tidy, path, args, config, lines=None):
    """The multiset of diagnostics, main-file lines mapped through lines,
    and each one's line as printed."""
    cmd = tidy + ["-checks=-*,winhttp-*", config, path, "--"] + args
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, errors="replace")
    except OSError as e:
        raise RuntimeError("cannot run %s: %s" % (cmd[0], e.strerror))
    if proc.returncode not in (0, 1) or any(c in proc.stdout for c in CRASH):
        raise RuntimeError("%s exited with %d:\n%s" % (
            shlex.join(cmd), proc.returncode, proc.stdout[-3000:]))
    found, raw = collections.Counter(), {}
    main = os.path.realpath(path)
    for text in proc.stdout.splitlines():
        m = DIAG.match(text)
        if not m:
            continue
        line = int(m.group("line"))
        where = m.group("file")
        if os.path.realpath(where) == main:
            where = "<main>"
            if lines is not None:
                if not 1 <= line <= len(lines):
                    raise RuntimeError("line %d is past the line map" % line)
                line = lines[line - 1]
        key = (where, line, int(m.group("col")), m.group("sev"),
               m.group("msg"), m.group("check") or "")
        found[key] += 1
        raw.setdefault(key, int(m.group("line")))
    return found, raw


def compare(item, tidy, clang, work):
    """(report lines, moved?, findings compared, differences) of one input."""
    name = display(item.path)
    base = os.path.join(work, name.replace(os.sep, "_"))
    os.makedirs(base, exist_ok=True)
    out = os.path.join(base, os.path.basename(item.path))
    linemap = out + ".linemap.json"
    cmd = [sys.executable, os.path.join(HERE, "reorder.py"), item.path, out,
           linemap] + (["--clang", clang] if clang else []) + ["--"]
    proc = subprocess.run(cmd + item.args, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, errors="replace")
    if proc.returncode != 0:
        return ["FAIL: %s: reorder.py exited with %d:\n%s" % (
            name, proc.returncode, proc.stdout.rstrip())], False, 0, 0
    with open(linemap, encoding="utf-8") as f:
        meta = json.load(f)
    report = ["note: %s:%d: '%s' left in place: %s" % (
        name, s["line"], s["name"], s["reason"]) for s in meta["skipped"]]
    if not meta["moved"]:
        return report + ["%s: nothing to reorder" % name], False, 0, 0
    # The rewrite lives in another directory: its quoted #includes must still
    # find the input's neighbours, so both runs get the same -iquote.
    args = ["-iquote", os.path.dirname(item.path)] + item.args
    try:
        before, raw_before = findings(tidy, item.path, args, item.config)
        after, raw_after = findings(tidy, out, args, item.config,
                                    meta["lines"])
    except RuntimeError as e:
        return report + ["FAIL: %s: %s" % (name, e)], True, 0, 0
    diffs = 0
    for side, extra, raw in (("only in the original", before - after, None),
                             ("only after reordering", after - before,
                              raw_after)):
        for key, count in sorted(extra.items()):
            diffs += count
            where, line, col, sev, msg, check = key
            report.append("DIFF: %s: %s:%d:%d: %s: %s%s%s%s" % (
                side, name if where == "<main>" else where, line, col, sev,
                msg, " [%s]" % check if check else "",
                " (x%d)" % count if count > 1 else "",
                " (line %d of the rewrite)" % raw[key]
                if raw and where == "<main>" else ""))
    report.append("%s: %d definitions moved, %d left in place, %d findings, "
                  "%d differences" % (name, len(meta["moved"]),
                                      len(meta["skipped"]),
                                      sum(before.values()), diffs))
    return report, True, sum(before.values()), diffs


def read_known(path, parser):
    """The --known file: input name -> count of differences."""
    known = {}
    try:
        with open(path) as f:
            for number, line in enumerate(f, 1):
                words = line.split("#", 1)[0].split()
                if not words:
                    continue
                if len(words) != 2 or not words[1].isdigit():
                    parser.error("%s:%d: expected '<input> <count>'"
                                 % (path, number))
                known[words[0]] = int(words[1])
    except OSError as e:
        parser.error("cannot read %s: %s" % (path, e.strerror))
    return known


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.split("\n")[2:]))
    parser.add_argument("--tidy", required=True,
                        help="clang-tidy command (split like a shell)")
    parser.add_argument("--clang", help="clang for reorder.py's checks")
    parser.add_argument("--from-lit-inputs", nargs="+", default=[],
                        metavar="FILE", help="lit inputs (or directories of "
                        "them), arguments from their RUN lines")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="keep N of the --from-lit-inputs files")
    parser.add_argument("--c-args", default=" ".join(MINGW + ["-std=c11"]))
    parser.add_argument("--cxx-args",
                        default=" ".join(MINGW + ["-std=c++17"]))
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print the definitions reorder.py left in place")
    parser.add_argument("--keep", metavar="DIR",
                        help="write the rewritten files and line maps here")
    parser.add_argument("--known", metavar="FILE",
                        help="the inputs known to differ, one a line: the "
                        "input as reports name it and its count of "
                        "differences ('#' starts a comment); they must "
                        "differ by exactly that count")
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="more inputs, by extension C11 or C++17 (MinGW)")
    args = parser.parse_args()
    if args.sample is not None and args.sample < 1:
        parser.error("--sample needs a positive count")
    tidy = shlex.split(args.tidy)
    if not tidy or not shutil.which(tidy[0]):
        parser.error("no clang-tidy at %r" % args.tidy)

    # A directory of lit inputs stands for its .c and .cpp files.
    lit_files = []
    for path in args.from_lit_inputs:
        lit_files += sorted(os.path.join(path, f) for f in os.listdir(path)
                            if f.endswith((".c", ".cpp"))) \
            if os.path.isdir(path) else [path]
    inputs, missing = [], []
    for path in args.files + lit_files:
        if not os.path.isfile(path) or not path.endswith((".c", ".cpp")):
            missing.append(path)
    if missing:
        parser.error("no such .c or .cpp file: %s" % ", ".join(missing))
    lit = []
    for path in sorted(map(os.path.abspath, lit_files)):
        got = lit_input(path)
        if isinstance(got, str):
            if args.verbose:
                print("note: %s left out: %s" % (display(path), got))
        else:
            lit.append(got)
    if args.sample is not None:
        lit = sample(lit, args.sample)
    for path in map(os.path.abspath, args.files):
        extra = args.c_args if path.endswith(".c") else args.cxx_args
        inputs.append(Input(path, shlex.split(extra), "--config={}"))
    inputs += lit
    if not inputs:
        parser.error("no input to compare (-v tells why lit inputs were "
                     "left out)")

    known = read_known(args.known, parser) if args.known else {}
    work = args.keep or tempfile.mkdtemp(prefix="compare-order-")
    start = time.time()
    reordered = compared = differences = failed = expected = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        runs = [pool.submit(compare, item, tidy, args.clang, work)
                for item in inputs]
        for item, run in zip(inputs, runs):
            report, moved, count, diffs = run.result()
            name = display(item.path)
            # A known input's differences are the known defects it shows:
            # printed as such, and a count other than the recorded one (more,
            # or fewer once a fix lands) fails, so that the list stays true.
            if name in known:
                report = [("KNOWN" + line[4:]) if line.startswith("DIFF:")
                          else line for line in report]
                if diffs != known[name]:
                    report.append("FAIL: %s: %d differences, %d known; "
                                  "update %s" % (name, diffs, known[name],
                                                 args.known))
                    failed += 1
                expected += diffs
                diffs = 0
            for line in report:
                if args.verbose or not line.startswith("note: "):
                    print(line)
            failed += any(line.startswith("FAIL:") for line in report)
            reordered += moved
            compared += count
            differences += diffs
    print("order: %d files, %d reordered, %d findings compared, "
          "%d differences%s (%.0f s)" % (
              len(inputs), reordered, compared, differences,
              ", %d known" % expected if known else "", time.time() - start))
    if (differences or failed) and not args.keep:
        print("rewritten files kept in %s" % work)
    elif not args.keep:
        shutil.rmtree(work)
    return 1 if differences or failed else 0


if __name__ == "__main__":
    sys.exit(main())
