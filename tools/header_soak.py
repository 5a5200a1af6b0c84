#!/usr/bin/python3
"""Header soak: runs the winhttp-* checks over every MinGW-w64 header.

Each header of the MinGW-w64 SDK that compiles on its own is analysed as the
main file of its own translation unit, so the checks meet the whole Windows
API as written: macros, COM interfaces, inline functions, templates. A header
passes when the driver neither crashes nor trips a sanitizer.

  tools/header_soak.py generate
      Finds every *.h and *.hpp under the include directory (default
      /usr/x86_64-w64-mingw32/include, recursively; other files there, such
      as .inl, .hxx and .c, are not standalone headers), and compiles each
      alone as C++17 for the MinGW target, with the header itself as the input
      file:

        clang++-19 --target=x86_64-w64-mingw32 -std=c++17 -fsyntax-only \\
          -x c++ <include dir>/<header>

      (2 jobs, 60 s per header). The headers that exit 0 are written, sorted,
      relative to the include directory, to
      test/tool/Inputs/header-soak/headers.txt, under a comment that records
      the command, the clang version and the counts. The file holds no date or
      time, so the same SDK and clang give the same file.

  tools/header_soak.py run --tidy build/llvm19/bin/winhttp-tidy [--sample N]
      Runs, for each listed header (or the sample),

        <tidy> -checks='-*,winhttp-*' --config={} <include dir>/<header> -- \\
          --target=x86_64-w64-mingw32 -std=c++17 -x c++

      (2 jobs, 120 s per header). --tidy is a command line, split like a
      shell would, so a plugin works too:
      --tidy "clang-tidy-19 --load=build/llvm19/lib/WinHttpTidyPlugin.so".
      A header passes when the exit status is 0 or 1 (1: clang-tidy found
      errors) and the output holds none of "Stack dump", "AddressSanitizer",
      "runtime error:" or "LeakSanitizer"; a timeout fails. The run prints
      one line per failure, with the command that reproduces it, then the
      wall time, the 5 slowest headers and the summary line

        header soak: N headers, N passed, N failed

      and exits 1 if any header failed. --output-dir keeps the output of
      each failure; --json writes every header's result.

The sample (--sample N, here and in bench/header_cost.py): of the L headers
of the sorted list, entries floor(i * L / N) for i = 0 .. N-1, so the sample
spreads over the whole list and is the same on every run. N >= L takes all.

Main file, not system header. /usr/x86_64-w64-mingw32/include is an implicit
system include directory of the MinGW target, and the checks (and clang-tidy)
skip declarations in system headers (checks/WinHttpCheck.cpp). A header given
as the input file is not one: clang gives the main file the user
characteristic whatever its directory, and so the files it includes with
quotes from its own directory (sspguid.h's "scardssp_i.c"); only what it
includes through a system directory is system code. Verified with clang
19.1.7:

  - `clang++-19 -E` on a header of the directory marks the main file's line
    markers without the system flag 3, and the headers it includes with it;
    when a user file includes the same header, its markers carry flag 3.
  - w32api.h, which has `#pragma GCC system_header`, warns "#pragma
    system_header ignored in main file" when it is the input file.
  - A copy of the SDK's include directory as the implicit system directory
    (--sysroot=<dir>, whose <dir>/x86_64-w64-mingw32/include clang then
    searches as a system directory), with a header added that closes a
    handle twice and falls off the end of a non-void function: as the input
    file, clang warns -Wreturn-type and winhttp-tidy reports
    winhttp-use-after-close; included from a user file, both are silent;
    with --system-headers, winhttp-use-after-close is back.

So no trick is needed. Copying the header elsewhere would break its quoted
includes, and adding the directory with -I does nothing: clang drops a -I
directory that duplicates a system directory ("ignoring duplicate
directory ... as it is a non-system directory that duplicates a system
directory").
"""

import argparse
import concurrent.futures
import json
import os
import shlex
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

INCLUDE_DIR = "/usr/x86_64-w64-mingw32/include"
LIST = os.path.join(ROOT, "test", "tool", "Inputs", "header-soak",
                    "headers.txt")
EXTENSIONS = (".h", ".hpp")
FLAGS = ["--target=x86_64-w64-mingw32", "-std=c++17"]
CHECKS = "-*,winhttp-*"
# Output that means the driver broke, whatever its exit status.
MARKERS = ("Stack dump", "AddressSanitizer", "runtime error:",
           "LeakSanitizer")


def find_headers(include_dir):
    """Every header under include_dir, relative to it, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(include_dir, followlinks=True):
        dirnames.sort()
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name.endswith(EXTENSIONS) and os.path.isfile(path):
                rel = os.path.relpath(path, include_dir)
                found.append(rel.replace(os.sep, "/"))
    return sorted(found)


def read_list(path):
    """The headers of a list file: one a line, '#' starts a comment."""
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    return [line for line in lines if line and not line.startswith("#")]


def sample(headers, n):
    """Entries floor(i * L / n), i < n, of the L headers: even and stable."""
    if n is None or n >= len(headers):
        return list(headers)
    return [headers[i * len(headers) // n] for i in range(n)]


def run_one(cmd, timeout):
    """Runs cmd; returns (exit status or None on timeout, seconds, output)."""
    start = time.perf_counter()
    # A session of its own, so a timeout kills whatever the command started.
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL,
                                start_new_session=True)
    except OSError as e:
        # Reported as exit 127, as a shell would for a missing command.
        return 127, time.perf_counter() - start, "cannot run: %s\n" % e
    try:
        out, _ = proc.communicate(timeout=timeout)
        status = proc.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, _ = proc.communicate()
        status = None
    return status, time.perf_counter() - start, out.decode("utf-8", "replace")


def run_all(jobs, work, items, label):
    """Calls work(item) for each item on `jobs` threads; returns the results
    in the order of items, with progress on stderr."""
    results = [None] * len(items)
    step = max(1, len(items) // 20)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(work, item): i for i, item in enumerate(items)}
        for done, future in enumerate(
                concurrent.futures.as_completed(futures), 1):
            results[futures[future]] = future.result()
            if done % step == 0 or done == len(items):
                print("[%s %d/%d]" % (label, done, len(items)),
                      file=sys.stderr, flush=True)
    return results


def tool_version(cmd):
    out = subprocess.run(cmd + ["--version"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True).stdout
    for line in out.splitlines():
        if "version" in line:
            return line.strip()
    return "unknown"


def generate(args):
    headers = find_headers(args.include_dir)
    if not headers:
        print("header_soak: error: no headers under %s" % args.include_dir,
              file=sys.stderr)
        return 2
    clang = shlex.split(args.clang)

    def work(rel):
        cmd = clang + FLAGS + ["-fsyntax-only", "-x", "c++",
                               os.path.join(args.include_dir, rel)]
        status, seconds, _ = run_one(cmd, args.timeout)
        return rel, status, seconds

    start = time.perf_counter()
    results = run_all(args.jobs, work, headers, "generate")
    wall = time.perf_counter() - start
    parsed = sorted(rel for rel, status, _ in results if status == 0)
    timeouts = sorted(rel for rel, status, _ in results if status is None)
    lines = [
        "# Headers of the MinGW-w64 SDK that compile alone as C++17, one a "
        "line,",
        "# relative to %s: the input of" % args.include_dir,
        "# `tools/header_soak.py run`. Written by `tools/header_soak.py "
        "generate`;",
        "# do not edit. Each *.h and *.hpp of that directory (recursively) "
        "was",
        "# compiled with the header itself as the input file, and is listed "
        "when",
        "# this exits 0:",
        "#   %s -fsyntax-only -x c++ <header>" % " ".join(
            [os.path.basename(clang[0])] + clang[1:] + FLAGS),
        "# clang: %s" % tool_version(clang),
        "# Headers considered: %d; compile alone (listed): %d." %
        (len(headers), len(parsed)),
    ]
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("\n".join(lines + parsed) + "\n")
    print("header soak: %d headers considered, %d compile alone, %d do not "
          "(%d timed out after %d s); %.0f s with -j %d; wrote %s" %
          (len(headers), len(parsed), len(headers) - len(parsed),
           len(timeouts), args.timeout, wall, args.jobs, args.output))
    for rel in timeouts:
        print("timeout: %s" % rel)
    return 0


def tidy_command(tidy, path, checks=CHECKS, extra=()):
    """The command the soak runs on one header; bench/header_cost.py runs it
    with other checks and options."""
    return tidy + ["-checks=" + checks, "--config={}"] + list(extra) + [
        path, "--"] + FLAGS + ["-x", "c++"]


def verdict(status, output):
    """None when a run passes, else why it fails."""
    if status is None:
        return "timeout"
    reasons = []
    if status not in (0, 1):
        reasons.append("exit %d" % status)
    reasons += ["'%s' in output" % m for m in MARKERS if m in output]
    return ", ".join(reasons) or None


def run(args):
    headers = sample(read_list(args.list), args.sample)
    if not headers:
        print("header_soak: error: no headers in %s" % args.list,
              file=sys.stderr)
        return 2
    tidy = shlex.split(args.tidy)

    def work(rel):
        path = os.path.join(args.include_dir, rel)
        cmd = tidy_command(tidy, path)
        status, seconds, output = run_one(cmd, args.timeout)
        findings = [line for line in output.splitlines()
                    if " warning: " in line and "[winhttp-" in line]
        return {"header": rel, "command": cmd, "status": status,
                "seconds": seconds, "failure": verdict(status, output),
                "findings": findings, "output": output}

    start = time.perf_counter()
    results = run_all(args.jobs, work, headers, "run")
    wall = time.perf_counter() - start

    failed = [r for r in results if r["failure"]]
    for r in failed:
        print("FAIL: %s: %s; reproduce: %s" %
              (r["header"], r["failure"], shlex.join(r["command"])))
        if args.output_dir:
            os.makedirs(args.output_dir, exist_ok=True)
            name = r["header"].replace("/", "__") + ".log"
            with open(os.path.join(args.output_dir, name), "w",
                      encoding="utf-8") as f:
                f.write("$ %s\n%s" % (shlex.join(r["command"]), r["output"]))
    errors = [r["header"] for r in results if r["status"] == 1]
    if errors:
        print("exit 1 (compiler errors, passes): %d header%s: %s" %
              (len(errors), "" if len(errors) == 1 else "s",
               ", ".join(errors)))
    findings = [(r["header"], f) for r in results for f in r["findings"]]
    print("winhttp-* findings: %d in %d headers" %
          (len(findings), len({h for h, _ in findings})))
    for _, line in findings:
        print("  %s" % line)
    print("wall time: %.0f s with -j %d (%.0f s of runs)" %
          (wall, args.jobs, sum(r["seconds"] for r in results)))
    print("slowest:")
    for r in sorted(results, key=lambda r: -r["seconds"])[:5]:
        print("  %6.2f s  %s" % (r["seconds"], r["header"]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"tidy": args.tidy, "jobs": args.jobs, "wall": wall,
                       "results": [{k: v for k, v in r.items()
                                    if k != "output"} for r in results]},
                      f, indent=1)
            f.write("\n")
    print("header soak: %d headers, %d passed, %d failed" %
          (len(results), len(results) - len(failed), len(failed)))
    return 1 if failed else 0


def add_list_options(parser):
    """--list, --sample and --include-dir; bench/header_cost.py shares them."""
    parser.add_argument("--list", default=LIST,
                        help="header list (default: %(default)s)")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="only N headers of the list: entries "
                        "floor(i * L / N) of its L entries")
    parser.add_argument("--include-dir", default=INCLUDE_DIR,
                        help="where the listed headers are "
                        "(default: %(default)s)")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the list of headers that "
                         "compile alone")
    gen.add_argument("--include-dir", default=INCLUDE_DIR,
                     help="default: %(default)s")
    gen.add_argument("--clang", default="clang++-19",
                     help="compiler command (default: %(default)s)")
    gen.add_argument("-o", "--output", default=LIST,
                     help="default: %(default)s")
    gen.add_argument("-j", "--jobs", type=int, default=2,
                     help="parallel jobs (default: %(default)s)")
    gen.add_argument("--timeout", type=float, default=60,
                     help="seconds per header (default: %(default)s)")

    rn = sub.add_parser("run", help="run the checks over the listed headers")
    rn.add_argument("--tidy", required=True,
                    help="the driver, or a clang-tidy command line with "
                    "--load=<plugin>")
    add_list_options(rn)
    rn.add_argument("-j", "--jobs", type=int, default=2,
                    help="parallel jobs (default: %(default)s)")
    rn.add_argument("--timeout", type=float, default=120,
                    help="seconds per header (default: %(default)s)")
    rn.add_argument("--output-dir", help="write each failure's output here")
    rn.add_argument("--json", help="write every header's result here")

    args = parser.parse_args()
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if getattr(args, "sample", None) is not None and args.sample < 1:
        parser.error("--sample must be at least 1")
    return generate(args) if args.command == "generate" else run(args)


if __name__ == "__main__":
    sys.exit(main())
