#!/usr/bin/env python3
"""Checks that each winhttp-* check alone reports what it reports among all.

On every input, check X's diagnostics with -checks=-*,winhttp-* (its warnings,
each with the notes after it) must equal, in order, those of -checks=-*,X; so
must X's stderr lines ("winhttp-tidy: X: analysis limit ..."), and what no
check owns (compiler errors, ...) must be the same in every run. Fix-its are
not compared. The checks are those that --list-checks names.

  checks_alone.py --tidy build/llvm19/bin/winhttp-tidy \\
      --from-lit-inputs test/checkers --examples examples [--batch 0]
  checks_alone.py --tidy ... --file a.cpp -- --target=x86_64-w64-mingw32

--from-lit-inputs, --examples and --file take files, or directories meaning
their *.c and *.cpp. A lit file's inputs are the distinct (compiler
arguments, config) of its %check_clang_tidy RUN lines and %clang_tidy lines
on itself, run with that -config, else --config={} as check_clang_tidy.py
does; other RUN lines are skipped and counted. Examples are compiled as
examples/CMakeLists.txt does (MinGW, C11 or C++17) and, like --file, under
their own .clang-tidy.

--batch N runs up to N (0: all) inputs of the same arguments in one run, as
`clang-tidy a.cpp b.cpp -- ...` does: each file is still its own translation
unit with new instances of the checks, and is compared on its own, but the
cost of a process (start, first parse) is paid once, about a third of all.

Ends with "checks-alone: N inputs, M runs, D differences" (D: the inputs and
checks that differ, and the failed runs); exits 1 if D is not 0.
"""

import argparse
import collections
import concurrent.futures
import difflib
import glob
import os
import re
import resource
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ALL = "winhttp-*"

# The substitutions of test/lit.cfg.py that a checker's compiler arguments or
# config may use; %s and %S are lit's own.
LIT_SUBSTITUTIONS = {
    "mingw": "--target=x86_64-w64-mingw32",
    "msvc": "--target=x86_64-pc-windows-msvc -fms-extensions "
            "-fms-compatibility -fgnuc-version=4.2.1 "
            "-idirafter /usr/x86_64-w64-mingw32/include",
    "src_root": ROOT,
}

DIAGNOSTIC = re.compile(
    r"^(?:(?P<file>.+?):\d+:\d+: )?(?P<severity>warning|error|note|remark): "
    r"(?P<message>.*?)(?: \[(?P<tags>[^\[\]]+)\])?$")
CHECK_STDERR = re.compile(r"^winhttp-tidy: (?P<check>[\w.-]+): ")
# Counts that include the diagnostics of disabled checks, so differ between
# runs by design.
NOISE = re.compile(r"^(\d+ (warnings?|errors?)( and \d+ errors?)? generated\."
                   r"|Suppressed \d+ warnings .*)$")
CRASH = ("Stack dump", "PLEASE submit a bug", "Sanitizer", "runtime error:")

Input = collections.namedtuple("Input", "path compiler_args tidy_args")
Run = collections.namedtuple("Run", "stdout stderr error")


def fail(message):
    sys.exit("checks_alone.py: error: " + message)


def shown(path):
    """A path relative to the source tree when inside it."""
    return path[len(ROOT) + 1:] if path.startswith(ROOT + os.sep) else path


def describe(item):
    config = " ".join(a for a in item.tidy_args if a != "--config={}")
    return "%s [%s]%s" % (shown(item.path), " ".join(item.compiler_args),
                          " " + config if config else "")


def run_lines(path):
    """Yields (line number, command) of each RUN line, continuations joined."""
    command, start = "", 0
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            match = re.search(r"\bRUN:(.*)$", line)
            if match:
                part = match.group(1).strip()
                start = start if command else number
                if not part.endswith("\\"):
                    yield start, command + part
                    command = ""
                else:
                    command += part[:-1] + " "


def substitute(text, path):
    """Applies lit's substitutions that do not depend on the test's run;
    others (%t, %clang, ...) are left for make_input to refuse."""
    values = dict(LIT_SUBSTITUTIONS, s=path, S=os.path.dirname(path))
    return re.sub(r"%(\w+)", lambda m: values.get(m.group(1), m.group(0)),
                  text)


def make_input(path, tidy, compiler):
    """The Input of a run on `path`, or why it cannot be one."""
    config = []
    for arg in tidy:
        if re.match(r"--?config(-file)?=", arg):
            config.append(arg)
        elif not re.match(r"--?(checks=|quiet$)", arg):
            return "tidy argument %r is not -checks, --quiet or a config" % arg
    unresolved = [w for w in tidy + compiler if re.search(r"%\w", w)]
    if unresolved:
        return "needs the lit run: %s" % " ".join(unresolved)
    return Input(path, tuple(compiler), tuple(config or ["--config={}"]))


def parse_run(command, path):
    """The Input of one RUN line, or why it is skipped."""
    tool, _, rest = command.partition(" ")
    if tool not in ("%check_clang_tidy", "%clang_tidy"):
        return "neither %check_clang_tidy nor %clang_tidy"
    try:
        words = shlex.split(substitute(rest, path))
    except ValueError as e:
        return str(e)
    # What a %clang_tidy line pipes or redirects its output to is its own.
    for i, word in enumerate(words):
        if word in ("|", "||", "&&", ";") or re.match(r"\d*[<>]", word):
            words = words[:i]
            break
    if "--" not in words:
        return "no '--' before the compiler arguments"
    split = words.index("--")
    head, rest = words[:split], words[split + 1:]
    sources = [w for w in head if not w.startswith("-")]
    if tool == "%check_clang_tidy":
        # <source> <check> <temp> -- <tidy args> -- <compiler args>
        if len(sources) != 3:
            return "expected <source> <check> <temp> before '--'"
        head = []
        if "--" in rest:
            split = rest.index("--")
            head, rest = rest[:split], rest[split + 1:]
        sources = sources[:1]
    if [os.path.abspath(s) for s in sources] != [path]:
        return "runs on other files than itself"
    return make_input(path, [w for w in head if w.startswith("-")], rest)


def inputs_from_lit(path, skipped):
    """The distinct inputs of a lit test file's RUN lines."""
    found = []
    for number, command in run_lines(path):
        result = parse_run(command, path)
        if isinstance(result, str):
            skipped.append("%s:%d: %s" % (shown(path), number, result))
        elif result not in found:
            found.append(result)
    if not found:
        skipped.append("%s: no usable RUN line" % shown(path))
    return found


def sources_in(paths):
    """Files as given, directories as their *.c and *.cpp, sorted."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(glob.glob(os.path.join(path, "*.c")) +
                            glob.glob(os.path.join(path, "*.cpp")))
        elif os.path.isfile(path):
            files.append(path)
        else:
            fail("no such file or directory: %s" % path)
    return [os.path.abspath(f) for f in files]


def batches(inputs, size):
    """Groups of at most `size` inputs that one run can take, largest first
    so that the parallel runs end together."""
    groups, size = collections.defaultdict(list), size or len(inputs)
    for item in inputs:
        groups[item.compiler_args, item.tidy_args].append(item)
    found = [tuple(group[i:i + size]) for group in groups.values()
             for i in range(0, len(group), size)]
    return sorted(found, key=len, reverse=True)


def list_checks(tidy):
    """The winhttp-* checks the driver has."""
    command = tidy + ["-checks=-*," + ALL, "--config={}", "--list-checks"]
    try:
        out = subprocess.run(command, capture_output=True, errors="replace")
    except OSError as e:
        fail("cannot run %s: %s" % (shlex.join(command), e))
    checks = re.findall(r"^\s+(winhttp-[\w-]+)\s*$", out.stdout, re.M)
    if out.returncode != 0 or not checks:
        fail("%s listed no winhttp-* check (exit %d):\n%s%s" % (
            shlex.join(command), out.returncode, out.stdout, out.stderr))
    return checks


def run_tidy(tidy, batch, check, timeout):
    """Runs the checks `check` on the inputs of one batch."""
    command = tidy + ["-checks=-*," + check, "--quiet"] + list(
        batch[0].tidy_args) + [item.path for item in batch] + ["--"] + list(
        batch[0].compiler_args)
    try:
        out = subprocess.run(command, capture_output=True, errors="replace",
                             timeout=timeout * len(batch))
    except (OSError, subprocess.TimeoutExpired) as e:
        return Run("", "", "%s: %s" % (shlex.join(command), e))
    error = None
    if out.returncode not in (0, 1) or any(c in out.stderr for c in CRASH):
        error = "exit %d: %s\n%s" % (out.returncode, shlex.join(command),
                                     "\n".join(out.stderr.splitlines()[-20:]))
    return Run(out.stdout, out.stderr, error)


def owners(tags, message, checks):
    """The checks a diagnostic belongs to: those of its tag (one diagnostic
    of several checks is printed once, tagged with all of them), and for a
    config warning the checks it names. None: no check owns it."""
    names = [t for t in (tags or "").split(",") if t and not t.startswith("-")]
    if names == ["clang-tidy-config"]:
        names = [c for c in checks if re.search(
            r"(?<![\w-])%s(?![\w-])" % re.escape(c), message)]
    names = [n for n in names if n in checks]
    return names or [None]


def attribute(run, checks, paths):
    """Maps (check or None, input path or None) to the run's lines in order.
    A diagnostic and its notes go to the input whose file holds it, a stderr
    line to the input it names; None: to the batch as a whole."""
    lines = collections.defaultdict(list)
    by_length = sorted(paths, key=len, reverse=True)

    def path_in(text):
        return next((p for p in by_length if re.search(
            re.escape(p) + r"(?![\w+-])", text)), None)

    group, where = [None], None
    for line in run.stdout.splitlines():
        # Source lines, carets and fix-its are indented; a diagnostic never is.
        if not line or line[0].isspace():
            continue
        match = DIAGNOSTIC.match(line)
        if not match:
            lines[None, path_in(line)].append("stdout: " + line)
            continue
        if match.group("severity") != "note":
            group = owners(match.group("tags"), match.group("message"),
                           checks)
            where = match.group("file")
            where = where if where in paths else None
        text = line[:match.start("tags") - 2] if match.group("tags") else line
        for owner in group:
            lines[owner, where].append(text)
    for line in run.stderr.splitlines():
        if not line.strip() or NOISE.match(line):
            continue
        match = CHECK_STDERR.match(line)
        owner = match.group("check") if match else None
        owner = owner if owner in checks else None
        lines[owner, path_in(line)].append("stderr: " + line)
    return lines


def compare(what, check, together, alone):
    """The report of a difference between the lines of one input (or batch)
    with all checks and with `check` alone, or None."""
    if together == alone:
        return None
    matcher = difflib.SequenceMatcher(None, together, alone, autojunk=False)
    lost, gained = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            lost += together[i1:i2]
            gained += alone[j1:j2]
    report = ["DIFF: %s: %s" % (what, check)]
    if collections.Counter(together) == collections.Counter(alone):
        report.append("  the same lines in another order")
    for title, side in (("only with all %s checks" % ALL, lost),
                        ("only with %s alone" % check, gained)):
        if side:
            report.append("  %s:" % title)
            report += ["    " + line for line in side]
    return "\n".join(report)


def differences_in(batch, checks, results):
    """The reports of one batch: its failed runs, then each difference."""
    failed = ["ERROR: %s: -checks=-*,%s: %s" % (
        ", ".join(describe(item) for item in batch), check,
        results[batch, check].error)
        for check in [ALL] + checks if results[batch, check].error]
    if failed:
        return failed
    paths = [item.path for item in batch]
    together = attribute(results[batch, ALL], checks, paths)
    reports = []
    for check in checks:
        alone = attribute(results[batch, check], checks, paths)
        for item in list(batch) + [None]:
            what = describe(item) if item else ", ".join(
                describe(i) for i in batch)
            for owner, title in ((check, check),
                                 (None, check + ": what no check owns")):
                key = (owner, item.path if item else None)
                report = compare(what, title, together[key], alone[key])
                if report:
                    reports.append(report)
    return reports


def parse_args():
    argv = sys.argv[1:]
    file_args = None
    if "--" in argv:
        split = argv.index("--")
        argv, file_args = argv[:split], argv[split + 1:]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tidy", required=True,
                        help="clang-tidy command (split like a shell would)")
    parser.add_argument("--from-lit-inputs", nargs="+", default=[],
                        metavar="FILE",
                        help="lit test files, or directories of them")
    parser.add_argument("--examples", nargs="+", default=[], metavar="FILE",
                        help="example sources, or directories of them")
    parser.add_argument("--file", help="more inputs, compiled with the "
                        "arguments after '--'")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch", type=int, default=1, metavar="N",
                        help="inputs per run (default 1; 0: no limit)")
    parser.add_argument("--timeout", type=int, default=300,
                        help="seconds per input and run (default 300)")
    args = parser.parse_args(argv)
    if (args.file is None) != (file_args is None):
        parser.error("--file F and '-- <compiler args>' go together")
    if args.jobs < 1 or args.batch < 0:
        parser.error("-j must be at least 1, --batch at least 0")
    return args, file_args


def main():
    args, file_args = parse_args()
    tidy = shlex.split(args.tidy)
    skipped, inputs = [], []
    for path in sources_in(args.from_lit_inputs):
        inputs += inputs_from_lit(path, skipped)
    for path in sources_in(args.examples):
        std = "-std=c11" if path.endswith(".c") else "-std=c++17"
        inputs.append(Input(path, (LIT_SUBSTITUTIONS["mingw"], std), ()))
    if args.file is not None:
        inputs += [Input(path, tuple(file_args), ())
                   for path in sources_in([args.file])]
    if not inputs:
        fail("no inputs: give --from-lit-inputs, --examples or --file")
    checks = list_checks(tidy)

    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        runs = {(batch, check): pool.submit(run_tidy, tidy, batch, check,
                                            args.timeout)
                for batch in batches(inputs, args.batch)
                for check in [ALL] + checks}
        results = {key: future.result() for key, future in runs.items()}
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    differences = 0
    for batch in batches(inputs, args.batch):
        for report in differences_in(batch, checks, results):
            differences += 1
            print(report)
    for reason in skipped:
        print("skipped: " + reason)
    print("time: %.0f s with %d jobs; %.0f s of CPU, %.2f s per input and "
          "check set" % (wall, args.jobs, cpu,
                         cpu / (len(inputs) * (len(checks) + 1))))
    print("checks-alone: %d inputs, %d runs, %d differences%s" % (
        len(inputs), len(results), differences,
        ", %d RUN lines or files skipped" % len(skipped) if skipped else ""))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
