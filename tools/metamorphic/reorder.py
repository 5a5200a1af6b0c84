#!/usr/bin/env python3
"""Moves a C or C++ file's function definitions to its end, in reverse order.

  reorder.py INPUT OUTPUT LINEMAP [--clang CLANG] [--libclang SO] -- ARGS...

Each function definition at namespace scope of INPUT (in a namespace or an
extern "C" block too) is replaced in place by its prototype, or by nothing
for an out-of-line member, which its class already declares; OUTPUT ends with
the definitions, the last one first, without their default arguments (the
prototype has them). Findings on OUTPUT must be those on INPUT: the input of
a metamorphic test of the analysis (compare_order.py).

Whatever stays keeps its byte offset: a prototype is the definition's own
text up to its body, and the rest of the definition becomes blanks, newlines
kept. A moved definition keeps its columns (its first line indented as before,
a default argument blanked). LINEMAP is JSON: "lines"[N-1] is the line of
INPUT that line N of OUTPUT comes from; "moved" and "skipped" list the
definitions moved and those left in place, with the reason.

A definition that could change meaning when moved (a template, one that
spells a name a later declaration may add to its lookup, ...) stays where it
is: movable.py decides.

Exit status: 0 when OUTPUT and LINEMAP are written ("nothing to reorder", and
an unchanged copy, when fewer than two definitions can move); 1 when OUTPUT
does not compile with clang -fsyntax-only and ARGS though INPUT does (a bug
here: the errors are printed); 2 for a bad command line, an INPUT that does
not compile, no clang-19 or no libclang.
"""

import json
import os
import shutil
import subprocess
import sys

from movable import Movable

# Debian's python3-clang-19 installs here, where an interpreter of its own
# (pyenv, a virtual environment) does not look.
DEBIAN_DIST_PACKAGES = "/usr/lib/python3/dist-packages"
LIBCLANG = ("/usr/lib/llvm-19/lib/libclang-19.so.1",
            "/usr/lib/x86_64-linux-gnu/libclang-19.so.1")
CLANG = ("clang-19", "/usr/lib/llvm-19/bin/clang")


def fail(status, message):
    print("reorder.py: error: %s" % message, file=sys.stderr)
    sys.exit(status)


def load_cindex(libclang):
    """Imports clang.cindex and points it at LLVM 19's libclang."""
    try:
        import clang.cindex as cindex
    except ImportError:
        sys.path.append(DEBIAN_DIST_PACKAGES)
        try:
            import clang.cindex as cindex
        except ImportError:
            fail(2, "no clang.cindex; install Debian's python3-clang-19")
    tried = [libclang] if libclang else LIBCLANG
    found = [p for p in tried if os.path.exists(p)]
    if not found:
        fail(2, "no libclang at %s; install libclang1-19" % " or ".join(tried))
    cindex.Config.set_library_file(found[0])
    return cindex


def blank(data):
    """data with every byte but line ends made a space: offsets survive."""
    return bytes(b if b in b"\r\n" else 0x20 for b in data)


def rewrite(source, moved):
    """(output bytes, line map): source with the definitions moved."""
    text, tail, tail_lines = bytearray(source), [], []
    eol = b"\r\n" if b"\r\n" in source else b"\n"
    if not text.endswith(b"\n"):
        text += eol
    for c, openers, head_end, defaults in reversed(moved):
        start, end = c.extent.start.offset, c.extent.end.offset
        if c.semantic_parent != c.lexical_parent:
            # A qualified name (C::f, ns::f) may only be redeclared by a
            # definition: the class or namespace declares it already.
            text[start:end] = blank(source[start:end])
        else:
            text[start:end] = (source[start:head_end] + b";" +
                               blank(source[head_end + 1:end]))
        definition = bytearray(source[start:end])
        for s, e in defaults:
            definition[s - start:e - start] = blank(source[s:e])
        # Indented as far as it was, so that every column stays.
        first = source.rfind(b"\n", 0, start) + 1
        indent = bytes(b if b == 0x09 else 0x20
                       for b in source[first:start])
        line = source.count(b"\n", 0, start) + 1
        # A blank line, the blocks it was in, the definition, the blocks'
        # closing braces.
        for part in [b""] + openers + [indent + bytes(definition)] + \
                [b"}"] * len(openers):
            tail.append(part)
            tail_lines += range(line, line + part.count(b"\n") + 1)
    out = bytes(text) + eol.join(tail) + (eol if tail else b"")
    lines = list(range(1, text.count(b"\n") + 1)) + tail_lines
    assert len(lines) == out.count(b"\n")
    return out, lines


def entry(cursor):
    """A definition as LINEMAP lists it."""
    return {"name": cursor.spelling, "line": cursor.extent.start.line,
            "end_line": cursor.extent.end.line}


def main(argv):
    split = argv.index("--") if "--" in argv else len(argv)
    mine, args, opts, files = argv[:split], argv[split + 1:], {}, []
    while mine and files is not None:
        a = mine.pop(0)
        if a in ("--clang", "--libclang") and mine:
            opts[a] = mine.pop(0)
        else:
            files = None if a.startswith("-") else files + [a]
    if split == len(argv) or files is None or len(files) != 3:
        fail(2, "usage: reorder.py INPUT OUTPUT LINEMAP [--clang CLANG] "
             "[--libclang SO] -- <compiler args>")
    inp, out, linemap = files
    clang = opts.get("--clang") or next(filter(None, map(shutil.which, CLANG)),
                                        None)
    if not clang:
        fail(2, "no clang-19; give one with --clang")
    try:
        with open(inp, "rb") as f:
            text = f.read()
        # libclang looks for its builtin headers beside the library, not
        # where Debian puts them: ask the compiler.
        resource = subprocess.run([clang, "-print-resource-dir"], check=True,
                                  stdout=subprocess.PIPE,
                                  text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        fail(2, str(e))
    ci = load_cindex(opts.get("--libclang"))
    path = os.path.abspath(inp)
    tu = ci.Index.create().parse(
        path, args + ["-resource-dir", resource],
        options=ci.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD)
    errors = [d for d in tu.diagnostics if d.severity >= ci.Diagnostic.Error]
    if errors:
        fail(2, "%s does not compile, so its rewrite would prove nothing:\n%s"
             % (inp, "\n".join(map(str, errors[:5]))))

    r = Movable(ci, tu, path, text)
    r.run()
    for c, why in r.skipped:
        print("%s:%d: note: '%s' left in place: %s"
              % (inp, c.location.line, c.spelling, why), file=sys.stderr)
    if len(r.moved) < 2:
        print("%s: nothing to reorder (%d movable definitions)"
              % (inp, len(r.moved)))
        r.moved = []
    data, lines = rewrite(text, r.moved)
    try:
        with open(out, "wb") as f:
            f.write(data)
        with open(linemap, "w") as f:
            json.dump({"input": inp, "output": out, "lines": lines,
                       "moved": [entry(m[0]) for m in r.moved],
                       "skipped": [dict(entry(c), reason=why)
                                   for c, why in r.skipped]}, f)
    except OSError as e:
        fail(2, "cannot write %s: %s" % (e.filename, e.strerror))
    if not r.moved:
        return 0
    # OUTPUT may live elsewhere: its quoted #includes still mean INPUT's.
    check = subprocess.run(
        [clang, "-fsyntax-only", "-iquote", os.path.dirname(path)] + args +
        [out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        errors="replace")
    if check.returncode != 0:
        print(check.stdout, file=sys.stderr, end="")
        fail(1, "the reordered %s does not compile though %s does"
             % (out, inp))
    print("%s: moved %d of %d definitions" % (inp, len(r.moved),
                                               len(r.moved) + len(r.skipped)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
