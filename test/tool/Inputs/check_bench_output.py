"""Checks what bench/bench.py wrote: a PNG plot and JSON with every
configuration measured for every input."""
import json
import os
import re
import sys

out = sys.argv[1]
with open(os.path.join(out, "performance.png"), "rb") as f:
    assert f.read(8) == b"\x89PNG\r\n\x1a\n", "performance.png is not a PNG"
with open(os.path.join(out, "results.json")) as f:
    results = json.load(f)
configs = {"parse", "baseline", "mt-unsafe", "use-after-move", "winhttp",
           "winhttp-prof"}
names = [i["name"] for i in results["inputs"]]
# The checks the module registers (checks/WinHttpChecks.def).
DEF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "..", "checks", "WinHttpChecks.def")
EXPECTED = set(re.findall(r'"(winhttp-[a-z-]+)"', open(DEF).read()))
assert names == ["generated 1x", "generated 2x", "`examples/downloader.cpp`"], names
for inp in results["inputs"]:
    assert len(inp["reps"]) == 1, inp["name"]
    assert configs <= set(inp["median"]), (inp["name"], set(inp["median"]))
    for c in configs:
        assert inp["median"][c]["wall"] > 0, (inp["name"], c)
        assert inp["median"][c]["mem"] > 0, (inp["name"], c)
    # Every check of the module is profiled.
    checks = inp["median"]["winhttp-prof"]["checks"]
    assert set(checks) == EXPECTED, checks
assert results["machine"]["clang_tidy"].startswith("Debian LLVM version 19")
print("bench output ok")
