#!/usr/bin/env python3
"""Validates SARIF files with Microsoft's SARIF multitool, with the SARIF
rules and GitHub's ingestion rules, and fails on any error or warning it
reports (the multitool itself exits 0 either way).

  validate_sarif.py <Sarif.Multitool> <file.sarif>...
"""
import re
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    tool, files = sys.argv[1], sys.argv[2:]
    failed = False
    for path in files:
        proc = subprocess.run([tool, "validate", path, "--rule-kind", "Sarif;Gh"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
        problems = [line for line in proc.stdout.splitlines()
                    if re.search(r": (error|warning) ", line)]
        if proc.returncode != 0 or "Analysis completed successfully" not in proc.stdout:
            problems.append("the validator did not complete (exit %d):\n%s"
                            % (proc.returncode, proc.stdout))
        for line in problems:
            print(line)
        failed |= bool(problems)
        print("%s: %s" % (path, "INVALID" if problems else "valid"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
