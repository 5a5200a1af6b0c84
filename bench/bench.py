#!/usr/bin/python3
"""Measures what the winhttp-* checks cost beside what clang-tidy costs anyway.

For each input -- generated TUs at growing sizes and the realistic inputs of
the repository -- and for several repetitions, this runs:

  parse          clang -fsyntax-only with the input's flags: the floor
  baseline       clang-tidy with the plugin loaded and no check that runs
  mt-unsafe      clang-tidy with concurrency-mt-unsafe alone (a cheap check)
  use-after-move clang-tidy with bugprone-use-after-move alone, profiled
  winhttp        clang-tidy with every winhttp-* check
  winhttp-prof   the same, profiled per check

and reports medians: wall times as ratios to the parse floor, per-check times
from clang-tidy's --store-check-profile, peak memory (/usr/bin/time %M) beside
the baseline, and growth against the smallest generated size. A full run
also counts the instructions the checks execute on each generated size, under
callgrind (bench/instructions.py), and judges growth on them: they do not move
with the machine's load. The results go
to a Markdown table, a log-log plot and a JSON file; with --docs the table
replaces the results section of docs/performance.md and the plot goes to
docs/performance.png.

bench/run is the entry point: it installs, builds, and calls this script.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import instructions

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MINGW = ["--target=x86_64-w64-mingw32"]
MSVC = ["--target=x86_64-pc-windows-msvc", "-fms-extensions",
        "-fms-compatibility", "-fgnuc-version=4.2.1", "-idirafter",
        "/usr/x86_64-w64-mingw32/include"]

# Realistic inputs: the example and the larger lit tests, with the flags of
# their RUN lines.
REALISTIC = [
    ("examples/downloader.cpp", MINGW + ["-std=c++17"]),
    ("test/checkers/winhttp-close-during-sync-call-threads.cpp",
     MINGW + ["-std=c++20"]),
    ("test/checkers/winhttp-close-during-sync-call.c", MINGW + ["-std=c11"]),
    ("test/checkers/winhttp-close-during-sync-call.c", MSVC + ["-std=c11"]),
    ("test/checkers/winhttp-websocket-close-during-io.cpp",
     MINGW + ["-std=c++17"]),
    ("test/checkers/winhttp-status-callback-result.cpp",
     MINGW + ["-std=c++17"]),
    ("test/checkers/winhttp-dword-result.cpp", MINGW + ["-std=c++17"]),
    ("test/checkers/winhttp-unchecked-result.cpp", MINGW + ["-std=c++17"]),
]
GENERATED_FLAGS = MINGW + ["-std=c++17"]

# The checks of the "baseline" configuration: clang-tidy drops Objective-C
# checks for C and C++ input, so it parses and builds the AST as usual but
# runs no check. (`--allow-no-checks -checks='-*'` would be the obvious
# spelling, but clang-tidy then exits before parsing: "No checks enabled.")
BASELINE_CHECKS = "-*,objc-*"

TARGET_PARSE_RATIO = 1.2
TARGET_REFERENCE_RATIO = 0.5
TARGET_GROWTH_SLACK = 1.1
TARGET_MEMORY_RATIO = 1.05

OURS = "winhttp-*"
REFERENCE = "bugprone-use-after-move"
CHEAP = "concurrency-mt-unsafe"


class BenchError(Exception):
    pass


def run_measured(cmd, profile_dir=None):
    """Runs cmd under /usr/bin/time; returns wall seconds, peak KiB, stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%M", "-o", tf.name] + cmd
        start = time.perf_counter()
        proc = subprocess.run(full, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        mem = tf.read().strip().splitlines()
    # clang-tidy exits 0 with warnings; anything else is a broken setup.
    if proc.returncode != 0:
        raise BenchError("command failed (%d): %s\n%s" %
                         (proc.returncode, " ".join(cmd), proc.stderr[-4000:]))
    peak = int(mem[-1]) if mem and mem[-1].isdigit() else 0
    profile = {}
    if profile_dir:
        for name in os.listdir(profile_dir):
            with open(os.path.join(profile_dir, name)) as f:
                data = json.load(f)["profile"]
            for key, value in data.items():
                m = re.fullmatch(r"time\.clang-tidy\.(.+)\.wall", key)
                if m:
                    profile[m.group(1)] = profile.get(m.group(1), 0) + value
            os.unlink(os.path.join(profile_dir, name))
    return wall, peak, proc.stdout, profile


class Runner:
    def __init__(self, args):
        self.clang = args.clang
        self.tidy = args.clang_tidy
        self.plugin = args.plugin
        self.scratch = tempfile.mkdtemp(prefix="winhttp-bench-")

    def tidy_cmd(self, checks, path, flags, profile=False):
        cmd = [self.tidy, "-quiet", "--load=" + self.plugin, "--config={}",
               "-checks=" + checks]
        if profile:
            cmd += ["--enable-check-profile",
                    "--store-check-profile=" + self.scratch]
        return cmd + [path, "--"] + flags

    def measure(self, path, flags):
        """One repetition of every configuration on one input."""
        out = {}
        wall, mem, _, _ = run_measured(
            [self.clang, "-fsyntax-only"] + flags + [path])
        out["parse"] = {"wall": wall, "mem": mem}
        wall, mem, _, _ = run_measured(
            self.tidy_cmd(BASELINE_CHECKS, path, flags))
        out["baseline"] = {"wall": wall, "mem": mem}
        wall, mem, _, _ = run_measured(self.tidy_cmd("-*," + CHEAP, path, flags))
        out["mt-unsafe"] = {"wall": wall, "mem": mem}
        wall, mem, _, prof = run_measured(
            self.tidy_cmd("-*," + REFERENCE, path, flags, profile=True),
            self.scratch)
        out["use-after-move"] = {"wall": wall, "mem": mem,
                                 "check": prof.get(REFERENCE, 0.0)}
        wall, mem, stdout, _ = run_measured(
            self.tidy_cmd("-*," + OURS, path, flags))
        found = re.findall(r"warning: .*\[(winhttp-[a-z-]+)[],]", stdout)
        out["winhttp"] = {"wall": wall, "mem": mem, "warnings": len(found)}
        out["findings"] = {c: found.count(c) for c in sorted(set(found))}
        wall, mem, _, prof = run_measured(
            self.tidy_cmd("-*," + OURS, path, flags, profile=True),
            self.scratch)
        ours = {k: v for k, v in prof.items() if k.startswith("winhttp-")}
        out["winhttp-prof"] = {"wall": wall, "mem": mem, "checks": ours,
                               "check": sum(ours.values())}
        return out

    def close(self):
        shutil.rmtree(self.scratch, ignore_errors=True)


def median_of(reps):
    """Medians over repetitions of every number in the nested dicts."""
    first = reps[0]
    if isinstance(first, dict):
        return {k: median_of([r.get(k, 0) for r in reps]) for k in first}
    return statistics.median(reps)


def planted_findings(path):
    """The findings generate_tu.py planted, from the TU's second line."""
    with open(path, encoding="utf-8") as f:
        f.readline()
        line = f.readline()
    if not line.startswith("// planted:"):
        raise BenchError("%s: no '// planted:' line" % path)
    return {k: int(v) for k, v in
            (item.split("=") for item in line.split(":", 1)[1].split())}


def count_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return sum(1 for _ in f)


def tool_version(cmd):
    try:
        out = subprocess.run(cmd + ["--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True).stdout
    except OSError:
        return "unknown"
    for line in out.splitlines():
        if "version" in line:
            return line.strip()
    return out.strip().splitlines()[0] if out.strip() else "unknown"


def count_instructions(args, generated):
    """Adds "instructions" and "instruction_growth" to each generated input."""
    if not shutil.which("valgrind"):
        raise BenchError("valgrind is not installed (apt-get install valgrind)"
                         "; --no-instructions skips the count")
    with tempfile.TemporaryDirectory() as work:
        plugin = instructions.stripped_plugin(args.plugin, work)
        for inp in generated:
            print("[callgrind] %s" % inp["name"], file=sys.stderr, flush=True)
            inp["instructions"] = instructions.count(
                plugin, inp["path"], OURS, args.clang_tidy, work,
                inp["flags"])
    base = next((i["instructions"] for i in generated if i["scale"] == 1),
                None)
    for inp in generated:
        inp["instruction_growth"] = (inp["instructions"] / base
                                     if base else 0.0)


def machine_info(args):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_kib = 0
    try:
        with open("/proc/meminfo") as f:
            mem_kib = int(f.readline().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    distro = platform.platform()
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    distro = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always",
                             "--dirty"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True).stdout
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "os": distro,
        "clang": tool_version([args.clang]),
        "clang_tidy": tool_version([args.clang_tidy]),
        "commit": commit.strip() or "unknown",
        "date": datetime.date.today().isoformat(),
    }


def evaluate(results):
    """Checks the targets; returns a list of (target, ok, detail)."""
    verdicts = []
    # Not a speed target: the checks must do their real job on the input.
    wrong = [r["name"] for r in results["inputs"] if r["scale"] and any(
        r["findings"].get(c, 0) != n for c, n in r["planted"].items())]
    verdicts.append((
        "every finding planted in the generated TUs is reported, and no other",
        not wrong, "mismatch in %s" % ", ".join(wrong) if wrong else
        "%d findings" % sum(sum(r["planted"].values())
                            for r in results["inputs"] if r["scale"])))
    # Judged on the fastest run of each: load on a shared machine only ever
    # adds time, and on the small inputs it moves the medians by a third.
    worst = max(results["inputs"], key=lambda r: r["ratios"]["fastest"])
    verdicts.append((
        "all winhttp-* checks at most %.1fx parse-only, every input "
        "(fastest runs)" % TARGET_PARSE_RATIO,
        worst["ratios"]["fastest"] <= TARGET_PARSE_RATIO,
        "worst %.2fx (%s; median %.2fx)" % (
            worst["ratios"]["fastest"], worst["name"],
            worst["ratios"]["winhttp"])))
    compared = [r for r in results["inputs"]
                if r["ratios"]["vs_reference"] is not None]
    if compared:
        worst = max(compared, key=lambda r: r["ratios"]["vs_reference"])
        verdicts.append((
            "winhttp-* check time at most %.1fx of %s (C++ inputs)" %
            (TARGET_REFERENCE_RATIO, REFERENCE),
            worst["ratios"]["vs_reference"] <= TARGET_REFERENCE_RATIO,
            "worst %.2fx (%s)" % (worst["ratios"]["vs_reference"],
                                  worst["name"])))
    generated = [r for r in results["inputs"] if r["scale"]]
    base = next((r for r in generated if r["scale"] == 1), None)
    if base and len(generated) > 1:
        # Instructions when they were counted: the checks' time at 1x is a
        # few tens of milliseconds, the size of this machine's noise.
        counted = "instruction_growth" in base
        key = "instruction_growth" if counted else "growth"
        worst_growth = 0.0
        worst_name = ""
        for r in generated:
            if r["scale"] == 1:
                continue
            g = r[key] / r["scale"]
            if g > worst_growth:
                worst_growth, worst_name = g, r["name"]
        verdicts.append((
            "linear growth: %s at k x the code at most %.1f * k times 1x" %
            ("instructions in the checks (callgrind)" if counted else
             "check time", TARGET_GROWTH_SLACK),
            worst_growth <= TARGET_GROWTH_SLACK,
            "worst %.2f * k (%s)" % (worst_growth, worst_name)))
    worst = max(results["inputs"], key=lambda r: r["ratios"]["memory"])
    verdicts.append((
        "peak memory within %d%% of the baseline" %
        round((TARGET_MEMORY_RATIO - 1) * 100),
        worst["ratios"]["memory"] <= TARGET_MEMORY_RATIO,
        "worst %+.1f%% (%s)" % ((worst["ratios"]["memory"] - 1) * 100,
                                worst["name"])))
    return verdicts


def findings_cell(r):
    found = sum(r["findings"].values())
    if not r["scale"]:
        return str(found)
    return "%d of %d planted" % (found, sum(r["planted"].values()))


def ms(seconds):
    return "%.0f" % (seconds * 1000)


def table(header, rows, numeric=True):
    """A Markdown table; with numeric, every column but the first is
    right-aligned."""
    align = "---:|" if numeric else "---|"
    out = ["| " + " | ".join(header) + " |",
           "|---|" + align * (len(header) - 1)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def markdown(results, verdicts):
    m = results["machine"]
    lines = []
    lines.append("Measured on %s (%s, %d cores, %.0f GiB), %s, with %s and "
                 "%s; commit `%s`; %d repetition%s, medians; %s." %
                 (m["date"], m["cpu"], m["cores"], m["memory_gib"], m["os"],
                  m["clang_tidy"], m["clang"], m["commit"],
                  results["repetitions"],
                  "" if results["repetitions"] == 1 else "s",
                  "quick mode" if results["quick"] else "full run"))
    lines.append("")
    lines += table(["target", "met", "measured"],
                   [[name, "yes" if ok else "**no**", detail]
                    for name, ok, detail in verdicts], numeric=False)
    lines.append("")
    # One pass over the inputs for both per-input tables.
    wall_rows, profile_rows = [], []
    for r in results["inputs"]:
        med, ratios = r["median"], r["ratios"]
        cxx = ratios["vs_reference"] is not None
        c_only = "n/a (C)"
        wall_rows.append([
            r["name"], "%d" % r["lines"], ms(med["parse"]["wall"]),
            "%.2fx" % ratios["baseline"], "%.2fx" % ratios["mt-unsafe"],
            "%.2fx" % ratios["use-after-move"] if cxx else c_only,
            "**%.2fx**" % ratios["winhttp"]])
        profile_rows.append([
            r["name"], ms(med["winhttp-prof"]["check"]),
            ms(med["use-after-move"]["check"]) if cxx else c_only,
            "%.2f" % ratios["vs_reference"] if cxx else c_only,
            "%.2f (k=%d)" % (r["growth"], r["scale"]) if r["scale"] else "",
            "%.0f" % (med["winhttp"]["mem"] / 1024),
            "%+.1f%%" % ((ratios["memory"] - 1) * 100), findings_cell(r)])
    lines.append("Wall time of each run as a multiple of `clang -fsyntax-only` "
                 "with the same flags (the parse floor):")
    lines.append("")
    lines += table(["input", "lines", "parse (ms)", "baseline",
                    "concurrency-mt-unsafe", "bugprone-use-after-move",
                    "**all winhttp-\\***"], wall_rows)
    lines.append("")
    lines.append("Check time from `--store-check-profile` (all winhttp-\\* "
                 "checks together, and the reference), growth against the "
                 "1x size, peak memory beside the baseline run, and the "
                 "findings:")
    lines.append("")
    lines += table(["input", "winhttp-\\* (ms)", "use-after-move (ms)",
                    "ours / reference", "growth", "peak memory (MiB)",
                    "vs baseline", "findings"], profile_rows)
    lines.append("")
    counted = [r for r in results["inputs"] if "instructions" in r]
    if counted:
        lines.append("Instructions executed inside the checks (callgrind, "
                     "exact; bench/instructions.py), and their growth beside "
                     "that of the check time above:")
        lines.append("")
        lines += table(["input", "instructions", "growth", "check time growth"],
                       [[r["name"], "{:,}".format(r["instructions"]),
                         "%.2f (k=%d)" % (r["instruction_growth"], r["scale"]),
                         "%.2f" % r["growth"]] for r in counted])
        lines.append("")
    checks = sorted({c for r in results["inputs"]
                     for c in r["median"]["winhttp-prof"]["checks"]})
    lines.append("Time of each check (ms, from the profile):")
    lines.append("")
    lines += table(["input"] + ["`%s`" % c for c in checks],
                   [[r["name"]] + [ms(r["median"]["winhttp-prof"]["checks"]
                                      .get(c, 0.0)) for c in checks]
                    for r in results["inputs"]])
    return "\n".join(lines) + "\n"


def plot(results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    generated = [r for r in results["inputs"] if r["scale"]]
    if not generated:
        return
    x = [r["lines"] for r in generated]
    series = [
        ("clang -fsyntax-only (parse floor)",
         [r["median"]["parse"]["wall"] for r in generated], "o-", "tab:gray"),
        ("bugprone-use-after-move (check time)",
         [r["median"]["use-after-move"]["check"] for r in generated], "s-",
         "tab:orange"),
        ("all winhttp-* checks (check time)",
         [r["median"]["winhttp-prof"]["check"] for r in generated], "D-",
         "tab:blue"),
    ]
    fig, ax = plt.subplots(figsize=(7.5, 5), dpi=110)
    for label, ys, style, color in series:
        ys = [max(y, 1e-4) for y in ys]
        ax.plot(x, ys, style, label=label, color=color)
    ours = [max(r["median"]["winhttp-prof"]["check"], 1e-4) for r in generated]
    ax.plot([x[0], x[-1]], [ours[0], ours[0] * x[-1] / x[0]], ":",
            color="tab:blue", alpha=0.6, label="linear from the smallest size")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("lines of generated code after the includes")
    ax.set_ylabel("seconds (median of %d)" % results["repetitions"])
    ax.set_title("winhttp-* check time against TU size (LLVM %s)" %
                 results["llvm"])
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def replace_results(doc_path, table):
    begin, end = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
    with open(doc_path, encoding="utf-8") as f:
        text = f.read()
    if begin not in text or end not in text:
        raise BenchError("%s has no %s ... %s section" % (doc_path, begin, end))
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(doc_path, "w", encoding="utf-8") as f:
        f.write(head + begin + "\n" + table + end + tail)


def main():
    parser = argparse.ArgumentParser(
        description="Benchmark of the winhttp-* checks (see bench/run).")
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--llvm", default="19")
    parser.add_argument("--out", required=True, help="results directory")
    parser.add_argument("--scales", default="1,2,4,8,16")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--realistic", choices=["all", "example", "none"],
                        default="all")
    parser.add_argument("--quick", action="store_true",
                        help="smallest sizes, one repetition, the example "
                        "only; timings are reported but not judged")
    parser.add_argument("--no-instructions", action="store_true",
                        help="skip counting instructions under callgrind; "
                        "growth is then judged on check time")
    parser.add_argument("--docs", action="store_true",
                        help="write docs/performance.md's results section "
                        "and docs/performance.png")
    args = parser.parse_args()
    if args.quick:
        args.scales, args.repetitions, args.realistic = "1,2", 1, "example"
    try:
        scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    except ValueError:
        parser.error("--scales takes a comma-separated list of integers")
    if not scales or scales[0] < 1:
        parser.error("--scales must be positive")
    if args.repetitions < 1:
        parser.error("--repetitions must be at least 1")
    for tool in (args.plugin, args.clang, args.clang_tidy):
        if not os.path.exists(tool) and not shutil.which(tool):
            parser.error("not found: %s" % tool)

    os.makedirs(args.out, exist_ok=True)
    inputs = []
    for k in scales:
        path = os.path.join(args.out, "generated-%dx.cpp" % k)
        subprocess.run([sys.executable, os.path.join(HERE, "generate_tu.py"),
                        "--scale", str(k), "--seed", str(args.seed), "-o",
                        path], check=True)
        # Lines after the includes: the generated code itself.
        inputs.append({"name": "generated %dx" % k, "path": path,
                       "flags": GENERATED_FLAGS, "scale": k,
                       "lines": count_lines(path),
                       "planted": planted_findings(path)})
    realistic = {"all": REALISTIC, "example": REALISTIC[:1],
                 "none": []}[args.realistic]
    for rel, flags in realistic:
        mode = " (MSVC mode)" if flags is not None and MSVC[0] in flags else ""
        inputs.append({"name": "`%s`%s" % (rel, mode),
                       "path": os.path.join(ROOT, rel), "flags": flags,
                       "scale": 0, "lines": count_lines(
                           os.path.join(ROOT, rel))})

    runner = Runner(args)
    try:
        reps = {i: [] for i in range(len(inputs))}
        for rep in range(args.repetitions):
            for i, inp in enumerate(inputs):
                print("[%d/%d] %s" % (rep + 1, args.repetitions, inp["name"]),
                      file=sys.stderr, flush=True)
                reps[i].append(runner.measure(inp["path"], inp["flags"]))
    except BenchError as e:
        print("bench: error: %s" % e, file=sys.stderr)
        return 2
    finally:
        runner.close()

    base_check = None
    for i, inp in enumerate(inputs):
        # Findings do not vary: those of the first repetition.
        inp["findings"] = reps[i][0]["findings"]
        med = median_of([{k: v for k, v in r.items() if k != "findings"}
                         for r in reps[i]])
        parse = med["parse"]["wall"]
        inp["median"] = med
        inp["ratios"] = {
            cfg: med[cfg]["wall"] / parse
            for cfg in ("baseline", "mt-unsafe", "use-after-move", "winhttp")
        }
        # bugprone-use-after-move is a C++ check: it has nothing to compare
        # with on C input.
        ref = med["use-after-move"]["check"]
        inp["ratios"]["vs_reference"] = (
            med["winhttp-prof"]["check"] / ref
            if ref > 0 and not inp["path"].endswith(".c") else None)
        inp["ratios"]["memory"] = med["winhttp"]["mem"] / med["baseline"]["mem"]
        inp["ratios"]["fastest"] = (min(r["winhttp"]["wall"] for r in reps[i]) /
                                    min(r["parse"]["wall"] for r in reps[i]))
        if inp["scale"] == 1:
            base_check = med["winhttp-prof"]["check"]
        inp["growth"] = 0.0
        inp["reps"] = reps[i]
    for inp in inputs:
        if inp["scale"] and base_check:
            inp["growth"] = inp["median"]["winhttp-prof"]["check"] / base_check
    if not args.quick and not args.no_instructions:
        try:
            count_instructions(args, [i for i in inputs if i["scale"]])
        except BenchError as e:
            print("bench: error: %s" % e, file=sys.stderr)
            return 2

    results = {"machine": machine_info(args), "llvm": args.llvm,
               "repetitions": args.repetitions, "quick": args.quick,
               "seed": args.seed, "inputs": inputs}
    verdicts = evaluate(results)
    results["verdicts"] = [{"target": t, "met": ok, "measured": d}
                           for t, ok, d in verdicts]
    table = markdown(results, verdicts)

    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1, default=str)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(table)
    plot(results, os.path.join(args.out, "performance.png"))
    if args.docs:
        replace_results(os.path.join(ROOT, "docs", "performance.md"), table)
        shutil.copyfile(os.path.join(args.out, "performance.png"),
                        os.path.join(ROOT, "docs", "performance.png"))

    sys.stdout.write(table)
    print("\nresults: %s" % os.path.join(args.out, "results.md"))
    missed = [t for t, ok, _ in verdicts if not ok]
    if args.quick:
        # Only the findings are judged: timings need the full run.
        missed = [t for t, ok, _ in verdicts[:1] if not ok]
        print("quick mode: timings are not judged")
    for t in missed:
        print("target missed: %s" % t)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
