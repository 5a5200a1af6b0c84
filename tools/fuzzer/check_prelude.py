#!/usr/bin/env python3
"""Lists the functions of the API table that the fuzzer's prelude lacks.

Every name a row of checks/WinHttpApi.def gives as a plain C function
(WINHTTP_FUNCTION, THREAD_START, THREAD_WAIT, FLOW_FUNCTION, LOCK_FUNCTION,
REFCOUNT_RELEASE) must be declared in tools/fuzzer/prelude.h, or the fuzzer
cannot reach the checks' handling of it. Exits 1 and names each missing one.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
ROWS = ("WINHTTP_FUNCTION", "THREAD_START", "THREAD_WAIT", "FLOW_FUNCTION",
        "LOCK_FUNCTION", "REFCOUNT_RELEASE")


def main():
    with open(os.path.join(ROOT, "checks", "WinHttpApi.def")) as f:
        table = f.read()
    with open(os.path.join(ROOT, "tools", "fuzzer", "prelude.h")) as f:
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


if __name__ == "__main__":
    sys.exit(main())
