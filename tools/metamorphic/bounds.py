#!/usr/bin/env python3
"""Checks that lowering every analysis bound to 1 only removes findings.

Every bound of checks/analysis/Limits.h fails quiet: a question it cuts short
is answered so that no finding rests on it. So with the test option
MinimalAnalysisBounds (every bound 1) each input's warnings must be a
sub-multiset of its warnings with the bounds as they are; a warning found
only with the minimal bounds is a bound that fails loud.

  bounds.py --tidy build/llvm19/bin/winhttp-tidy \\
      --from-lit-inputs test/checkers --examples examples

Inputs are found as checks_alone.py finds them (the distinct compiler
arguments and config of each lit file's %check_clang_tidy and %clang_tidy
RUN lines; the examples as MinGW C11 or C++17); every winhttp-* check runs.
The option goes into the input's --config as a global check option; an
input without one (an example) runs with --config={} both times.

Prints one "GAINED:" line per warning found only with the minimal bounds and
one "FAIL:" line per run that failed, then
  bounds: N inputs, W warnings, R removed by the minimal bounds, G gained
and exits 1 if any warning was gained or any run failed.
"""

import argparse
import collections
import concurrent.futures
import os
import re
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks_alone as alone  # noqa: E402

OPTION = "MinimalAnalysisBounds: true"


def with_option(tidy_args):
    """The tidy arguments with the option added to the config, or None when
    the config cannot take it (a config file)."""
    out, done = [], False
    for arg in tidy_args:
        match = re.match(r"(--?config=)(.*)$", arg, re.S)
        if not match:
            out.append(arg)
            continue
        flag, text = match.groups()
        stripped = text.strip()
        if stripped in ("", "{}"):
            text = "{CheckOptions: {%s}}" % OPTION
        elif re.search(r"CheckOptions:\s*\{", text):
            text = re.sub(r"(CheckOptions:\s*\{)", r"\1%s, " % OPTION, text,
                          count=1)
        elif stripped.startswith("{"):
            text = "{CheckOptions: {%s}, %s" % (OPTION, stripped[1:])
        else:
            return None
        out.append(flag + text)
        done = True
    return out if done else out + ["--config={CheckOptions: {%s}}" % OPTION]


def warnings(run):
    """The warnings of a run, as lines without their tags."""
    found = []
    for line in run.stdout.splitlines():
        match = alone.DIAGNOSTIC.match(line)
        if match and match.group("severity") == "warning":
            found.append(line)
    return found


def run_both(tidy, item, timeout):
    normal_args = list(item.tidy_args) or ["--config={}"]
    minimal_args = with_option(normal_args)
    if minimal_args is None:
        return item, None, None, "its config cannot take the option"
    runs = []
    for args in (normal_args, minimal_args):
        batch = (alone.Input(item.path, item.compiler_args, tuple(args)),)
        run = alone.run_tidy(tidy, batch, alone.ALL, timeout)
        if run.error:
            return item, None, None, run.error
        runs.append(warnings(run))
    return item, runs[0], runs[1], None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tidy", required=True,
                        help="clang-tidy command (split like a shell would)")
    parser.add_argument("--from-lit-inputs", nargs="+", default=[],
                        metavar="FILE")
    parser.add_argument("--examples", nargs="+", default=[], metavar="FILE")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()
    tidy = shlex.split(args.tidy)
    skipped, inputs = [], []
    for path in alone.sources_in(args.from_lit_inputs):
        inputs += alone.inputs_from_lit(path, skipped)
    for path in alone.sources_in(args.examples):
        std = "-std=c11" if path.endswith(".c") else "-std=c++17"
        inputs.append(alone.Input(
            path, (alone.LIT_SUBSTITUTIONS["mingw"], std), ()))
    if not inputs:
        alone.fail("no inputs: give --from-lit-inputs or --examples")

    total = removed = gained = failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda i: run_both(tidy, i, args.timeout),
                                inputs))
    for item, normal, minimal, error in results:
        if error:
            failed += 1
            print("FAIL: %s: %s" % (alone.describe(item), error))
            continue
        extra = collections.Counter(minimal) - collections.Counter(normal)
        total += len(normal)
        removed += sum((collections.Counter(normal) -
                        collections.Counter(minimal)).values())
        for line in sorted(extra.elements()):
            gained += 1
            print("GAINED: %s: %s" % (alone.describe(item), line))
    print("bounds: %d inputs, %d warnings, %d removed by the minimal bounds, "
          "%d gained%s" % (len(inputs), total, removed, gained,
                           ", %d failed" % failed if failed else ""))
    return 1 if gained or failed else 0


if __name__ == "__main__":
    sys.exit(main())
