"""Writes a compile database without the precompiled-header flags.

  without-pch.py BUILD_DIR OUT_DIR

clang-tidy reads a precompiled header more slowly than it parses the headers
(a quarter slower on checks/analysis/StoreReads.cpp), so self-lint.test runs
on the build's compile_commands.json with CMake's PCH flags
(-Winvalid-pch, -Xclang -include-pch/-include -Xclang FILE) taken out: each
source includes what it uses, as the build with -DWINHTTP_TIDY_PCH=OFF
shows.
"""

import json
import os
import shlex
import sys


def strip(args):
    out, i = [], 0
    while i < len(args):
        if args[i] == "-Winvalid-pch":
            i += 1
        elif (args[i] == "-Xclang" and i + 3 < len(args) and
              args[i + 1] in ("-include-pch", "-include") and
              args[i + 2] == "-Xclang" and "cmake_pch" in args[i + 3]):
            i += 4
        else:
            out.append(args[i])
            i += 1
    return out


def main():
    build, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(build, "compile_commands.json")) as f:
        commands = json.load(f)
    # The entries that make the precompiled headers themselves go.
    commands = [e for e in commands if "cmake_pch" not in e["file"]]
    for entry in commands:
        if "arguments" in entry:
            entry["arguments"] = strip(entry["arguments"])
        else:
            entry["command"] = shlex.join(strip(shlex.split(entry["command"])))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(commands, f, indent=2)


if __name__ == "__main__":
    main()
