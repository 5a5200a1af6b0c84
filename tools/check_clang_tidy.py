#!/usr/bin/env python3
"""Runs one clang-tidy check on one test file and verifies what it reports.

Our equivalent of LLVM's check_clang_tidy.py (which Debian does not ship):

  check_clang_tidy.py [options] <source> <check> <temp> [-- <tidy args> [-- <compiler args>]]

* The test file is copied to <temp>.<ext> with its CHECK comments blanked
  (line numbers stay the same), and clang-tidy runs on the copy with
  --checks=-*,<check> and -fix (plus --fix-notes with --fix-notes).
* CHECK-MESSAGES lines must match every warning and error clang-tidy prints;
  CHECK-NOTES lines must match every warning, error and note. A file with
  neither must produce no warning or error at all.
* CHECK-FIXES lines are matched against the file after fixes. A file without
  them must be left unchanged.
* A file that fixes changed must still compile (clang -fsyntax-only with the
  same compiler arguments).

-check-suffix=A,B checks the prefixes CHECK-MESSAGES-A, CHECK-FIXES-A, ...
instead, so that one file can hold the expectations of several RUN lines.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys


def fail(message):
    sys.exit("check_clang_tidy.py: error: " + message)


def run(args, **kwargs):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kwargs)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clang-tidy", required=True,
                        help="clang-tidy command (split like a shell would)")
    parser.add_argument("--clang", required=True,
                        help="clang used to compile the fixed file")
    parser.add_argument("--filecheck", required=True, help="FileCheck binary")
    parser.add_argument("-check-suffix", "-check-suffixes", default="",
                        dest="check_suffix",
                        help="comma-separated suffixes of the CHECK prefixes")
    parser.add_argument("--fix-notes", action="store_true",
                        help="also apply the fixes attached to notes")
    parser.add_argument("--expect-clang-tidy-error", action="store_true",
                        help="clang-tidy is expected to exit non-zero")
    parser.add_argument("source")
    parser.add_argument("check")
    parser.add_argument("temp")
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        split = argv.index("--")
        argv, rest = argv[:split], argv[split + 1:]
    args = parser.parse_args(argv)
    if "--" in rest:
        split = rest.index("--")
        tidy_extra, compiler_args = rest[:split], rest[split + 1:]
    else:
        tidy_extra, compiler_args = rest, []
    unknown = [a for a in tidy_extra if not a.startswith("-")]
    if unknown:
        fail("unexpected arguments before '--': " + " ".join(unknown))
    return args, tidy_extra, compiler_args


def prefixes_in(text, suffixes):
    """The CHECK prefixes this run uses, and which of them the file has."""
    names = ["CHECK-MESSAGES", "CHECK-NOTES", "CHECK-FIXES"]
    found = {}
    for name in names:
        prefixes = [name + ("-" + s if s else "") for s in suffixes]
        present = [p for p in prefixes
                   if re.search(r"\b" + re.escape(p) + r"(-NOT|-NEXT|-SAME|-DAG|-LABEL)?:",
                                text)]
        found[name] = (prefixes, present)
    return found


def filecheck(args, check_file, input_file, prefixes, extra):
    command = [args.filecheck, "-input-file=" + input_file, check_file,
               "-check-prefixes=" + ",".join(prefixes)] + extra
    result = run(command)
    if result.returncode != 0:
        sys.stderr.write("FileCheck failed: " + shlex.join(command) + "\n")
        sys.stderr.write(result.stdout + result.stderr)
        return False
    return True


def main():
    args, tidy_extra, compiler_args = parse_args()
    suffixes = [s for s in args.check_suffix.split(",") if s] or [""]
    with open(args.source, encoding="utf-8") as f:
        original = f.read()

    found = prefixes_in(original, suffixes)
    messages = found["CHECK-MESSAGES"][1]
    notes = found["CHECK-NOTES"][1]
    fixes = found["CHECK-FIXES"][1]
    if messages and notes:
        fail("use either CHECK-MESSAGES or CHECK-NOTES, not both")

    # Blank the expectations so that CHECK-FIXES lines cannot match
    # themselves in the fixed file; line numbers stay as they are.
    cleaned = re.sub(r"//\s*CHECK-[A-Z0-9-]+:[^\r\n]*", "//", original)
    extension = os.path.splitext(args.source)[1]
    temp_file = args.temp + extension
    os.makedirs(os.path.dirname(os.path.abspath(temp_file)), exist_ok=True)
    with open(temp_file, "w", encoding="utf-8") as f:
        f.write(cleaned)

    tidy = shlex.split(args.clang_tidy) + [temp_file, "-fix"]
    if args.fix_notes:
        tidy.append("--fix-notes")
    if not any(a.startswith(("-checks=", "--checks=")) for a in tidy_extra):
        tidy.append("--checks=-*," + args.check)
    # Hermetic: no .clang-tidy file around the test may change the result.
    if not any(a.startswith(("-config", "--config")) for a in tidy_extra):
        tidy.append("--config={}")
    tidy += tidy_extra + ["--"] + compiler_args
    result = run(tidy)
    # clang-tidy says where it applied each fix; that is not a diagnostic of
    # the check and would only clutter the expectations.
    output = "".join(line for line in result.stdout.splitlines(True)
                     if "note: FIX-IT applied suggested code changes" not in line)
    with open(args.temp + ".msg", "w", encoding="utf-8") as f:
        f.write(output)
    failed = result.returncode != 0
    if failed != args.expect_clang_tidy_error:
        sys.stderr.write("clang-tidy exited with %d: %s\n%s%s" % (
            result.returncode, shlex.join(tidy), output, result.stderr))
        return 1
    # A crash shows up as a stack dump on stderr even when the exit is 0.
    if "Stack dump" in result.stderr or "PLEASE submit a bug" in result.stderr:
        sys.stderr.write("clang-tidy crashed:\n" + result.stderr)
        return 1

    ok = True
    diagnostics = re.compile(r"^\S.*:\d+:\d+: (warning|error|note): ", re.M)
    if messages:
        ok &= filecheck(args, args.source, args.temp + ".msg", messages,
                        ["-implicit-check-not={{warning|error}}:"])
    elif notes:
        ok &= filecheck(args, args.source, args.temp + ".msg", notes,
                        ["-implicit-check-not={{note|warning|error}}:"])
    else:
        unexpected = [m.group(0) for m in diagnostics.finditer(output)
                      if m.group(1) != "note"]
        if unexpected:
            sys.stderr.write("no CHECK-MESSAGES or CHECK-NOTES, but clang-tidy "
                             "reported:\n" + output)
            ok = False

    with open(temp_file, encoding="utf-8") as f:
        fixed = f.read()
    if fixes:
        ok &= filecheck(args, args.source, temp_file, fixes,
                        ["-strict-whitespace"])
    elif fixed != cleaned:
        sys.stderr.write("the file changed, but it has no CHECK-FIXES:\n")
        diff = run(["diff", "-u", "-", temp_file], input=cleaned)
        sys.stderr.write(diff.stdout)
        ok = False

    if fixed != cleaned:
        compile_command = [args.clang, "-fsyntax-only"] + compiler_args + [
            temp_file]
        compiled = run(compile_command)
        if compiled.returncode != 0:
            sys.stderr.write("the fixed file does not compile: %s\n%s" % (
                shlex.join(compile_command), compiled.stderr))
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
