#!/usr/bin/env python3
"""Mutation soak: runs the winhttp-* checks on half-written code.

Every input (by default the lit inputs under test/checkers and the examples)
is mutated in fixed-seed ways that make the code an editor sees while someone
types:

  cut      the file ends after a random token
  line     one line is deleted
  brace    one '{' or '}' is dropped
  swap     two neighbouring tokens trade places
  rename   every use of one identifier gets another name

Each mutant goes through the given clang-tidy (normally the ASan+UBSan
driver) with -checks='-*,winhttp-*', as C11 or C++17 for the MinGW target by
its extension, under a timeout. A mutant passes when the exit status is 0 or
1 (findings and compile errors are both fine) and the output has none of
"Stack dump", "AddressSanitizer", "LeakSanitizer", "runtime error:".

  tools/mutation_soak.py --tidy build/asan19/bin/winhttp-tidy
  tools/mutation_soak.py --tidy ... --per-file 10 --seed 7 --keep /tmp/m

Prints one line per failure with the mutant's path (kept with --keep, else
written next to the report with -o) and ends with
"mutation soak: N mutants, N passed, N failed"; exits 1 on any failure.
"""

import argparse
import concurrent.futures
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAD_OUTPUT = ("Stack dump", "AddressSanitizer", "LeakSanitizer",
              "runtime error:")
# A C or C++ token, roughly: enough to cut and swap at token boundaries.
TOKEN = re.compile(r"[A-Za-z_]\w*|\d[\w.]*|\"(?:\\.|[^\"\\\n])*\"|"
                   r"'(?:\\.|[^'\\\n])*'|::|->|\+\+|--|&&|\|\||[^\s\w]")
IDENT = re.compile(r"\b[A-Za-z_]\w*\b")
KEYWORDS = frozenset("""
    auto break case char const continue default do double else enum extern
    float for goto if int long register return short signed sizeof static
    struct switch typedef union unsigned void volatile while class namespace
    template typename public private protected virtual operator new delete
    this true false nullptr using include define bool
    """.split())
MUTATIONS = ("cut", "line", "brace", "swap", "rename")


def default_inputs():
    """The lit inputs and the examples, sorted."""
    found = []
    for sub in ("test/checkers", "examples", "test/tool/Inputs"):
        base = os.path.join(ROOT, sub)
        for dirpath, _, files in os.walk(base):
            found += [os.path.join(dirpath, f) for f in files
                      if f.endswith((".c", ".cpp"))]
    return sorted(found)


def strip_lit_lines(text):
    """Drops RUN: and CHECK lines' comments so mutants are plain code."""
    return "\n".join(line for line in text.split("\n")
                     if not re.match(r"\s*//\s*(RUN|CHECK|REQUIRES)", line))


def mutate(text, kind, rng):
    """Returns text mutated by kind, or None when the kind does not apply."""
    if kind == "cut":
        tokens = list(TOKEN.finditer(text))
        if not tokens:
            return None
        return text[:tokens[rng.randrange(len(tokens))].end()]
    if kind == "line":
        lines = text.split("\n")
        code = [i for i, l in enumerate(lines) if l.strip()]
        if not code:
            return None
        del lines[rng.choice(code)]
        return "\n".join(lines)
    if kind == "brace":
        braces = [m.start() for m in re.finditer(r"[{}]", text)]
        if not braces:
            return None
        at = rng.choice(braces)
        return text[:at] + text[at + 1:]
    if kind == "swap":
        tokens = list(TOKEN.finditer(text))
        if len(tokens) < 2:
            return None
        i = rng.randrange(len(tokens) - 1)
        a, b = tokens[i], tokens[i + 1]
        return (text[:a.start()] + b.group() + text[a.end():b.start()] +
                a.group() + text[b.end():])
    if kind == "rename":
        names = sorted({m.group() for m in IDENT.finditer(text)} - KEYWORDS)
        if not names:
            return None
        old = rng.choice(names)
        return re.sub(r"\b%s\b" % re.escape(old), old + "_renamed", text)
    raise ValueError(kind)


def make_mutants(inputs, per_file, seed):
    """Yields (name, extension, text) for every mutant, deterministically."""
    rng = random.Random(seed)
    for path in inputs:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = strip_lit_lines(f.read())
        ext = os.path.splitext(path)[1]
        rel = os.path.relpath(path, ROOT).replace(os.sep, "_")
        for n in range(per_file):
            kind = MUTATIONS[(n + len(rel)) % len(MUTATIONS)]
            mutant = mutate(text, kind, rng)
            if mutant is not None:
                yield "%s.%d-%s%s" % (rel, n, kind, ext), ext, mutant


def run_one(tidy, path, ext, timeout):
    """Runs the checks on one mutant; returns (passed, reason, output)."""
    std = "-std=c11" if ext == ".c" else "-std=c++17"
    cmd = tidy + ["-checks=-*,winhttp-*", "--config={}", path, "--",
                  "--target=x86_64-w64-mingw32", std]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout,
                              errors="replace")
    except subprocess.TimeoutExpired as e:
        out = e.stdout or ""
        if isinstance(out, bytes):
            out = out.decode("utf-8", "replace")
        return False, "timed out after %d s" % timeout, out
    for bad in BAD_OUTPUT:
        if bad in proc.stdout:
            return False, "output has %r" % bad, proc.stdout
    if proc.returncode not in (0, 1):
        return False, "exit status %d" % proc.returncode, proc.stdout
    return True, "", proc.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tidy", required=True,
                        help="clang-tidy command (split like a shell)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-file", type=int, default=4,
                        help="mutants per input (default 4)")
    parser.add_argument("--timeout", type=int, default=120,
                        help="seconds per run (default 120)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", help="directory to write every mutant to")
    parser.add_argument("inputs", nargs="*",
                        help="files to mutate (default: lit inputs, examples)")
    args = parser.parse_args()
    tidy = shlex.split(args.tidy)
    inputs = [os.path.abspath(p) for p in args.inputs] or default_inputs()

    work = args.keep or tempfile.mkdtemp(prefix="mutation-soak-")
    os.makedirs(work, exist_ok=True)
    mutants = []
    for name, ext, text in make_mutants(inputs, args.per_file, args.seed):
        path = os.path.join(work, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        mutants.append((path, ext))

    start = time.time()
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        runs = [(path, pool.submit(run_one, tidy, path, ext, args.timeout))
                for path, ext in mutants]
        for path, run in runs:
            passed, reason, output = run.result()
            if passed:
                continue
            failed += 1
            print("FAIL: %s: %s" % (path, reason))
            print("\n".join(output.splitlines()[-40:]))
    print("mutation soak: %d mutants, %d passed, %d failed (%.0f s, seed %d)"
          % (len(mutants), len(mutants) - failed, failed, time.time() - start,
             args.seed))
    if failed and not args.keep:
        print("mutants kept in %s" % work)
    elif not args.keep:
        for path, _ in mutants:
            os.remove(path)
        os.rmdir(work)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
