"""Runs the GitHub Actions workflow of docs/ci.md on this machine, the way a
runner would run its single job, so that the page's workflow is tested as the
whole it is rather than command by command.

What a GitHub runner would do and this script cannot is replaced, and said so
in its output:
  - the job's container (debian:12) is this machine, a Debian 12;
  - apt-get runs simulated (apt-get -s): the Install step proves that its
    packages exist and resolve, without changing the machine;
  - actions/checkout copies the project into the workspace and links the
    winhttp-tidy source tree as its submodule;
  - github/codeql-action/upload-sarif validates the file with Microsoft's
    SARIF validator and GitHub's ingestion rules instead of uploading it;
  - paths outside the workspace (--map) are moved into the test's directory.
Any other action is an error, so a new step cannot go untested.

Usage:
  run_workflow.py <docs/ci.md> --workspace DIR --project DIR
      --submodule PATH=DIR --map FROM=TO --validator CMD
Prints one line per step, and "job: success" or "job: failure"; exits 0
when the job ran as a runner would have run it (whatever its result).
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys

import yaml


def workflow_from(doc):
    """The first ```yaml block under the '## GitHub Actions' heading."""
    with open(doc) as f:
        text = f.read()
    section = text.split("## GitHub Actions", 1)
    if len(section) != 2:
        sys.exit("%s: no '## GitHub Actions' section" % doc)
    block = re.search(r"```yaml\n(.*?)```", section[1], re.S)
    if not block:
        sys.exit("%s: no yaml block under '## GitHub Actions'" % doc)
    return yaml.safe_load(block.group(1))


def apt_shim(directory):
    """An apt-get that simulates installs and skips updates."""
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "apt-get")
    with open(path, "w") as f:
        f.write("#!/bin/sh\n"
                "# run_workflow.py: apt-get simulated (apt-get -s).\n"
                'case "$1" in update) echo "apt-get update: skipped"; exit 0;; esac\n'
                'exec /usr/bin/apt-get -s "$@"\n')
    os.chmod(path, 0o755)


def should_run(step, failed):
    condition = str(step.get("if", "success()")).strip()
    if condition == "always()":
        return True
    if condition == "success()":
        return not failed
    if condition == "failure()":
        return failed
    sys.exit("unsupported condition: if: %s" % condition)


def checkout(step, args):
    if os.path.exists(args.workspace):
        shutil.rmtree(args.workspace)
    shutil.copytree(args.project, args.workspace, symlinks=True)
    if step.get("with", {}).get("submodules"):
        for path, source in args.submodule:
            target = os.path.join(args.workspace, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(os.path.abspath(source), target)
    return 0


def upload_sarif(step, args):
    sarif = os.path.join(args.workspace, step["with"]["sarif_file"])
    if not os.path.isfile(sarif):
        print("  no SARIF file %s" % step["with"]["sarif_file"])
        return 1
    print("  category %s" % step["with"].get("category", "-"))
    return subprocess.call(shlex.split(args.validator) + [sarif])


def run_script(step, args, env):
    script = step["run"]
    for source, target in args.map:
        script = script.replace(source, target)
    # GitHub's default shell where bash exists.
    return subprocess.call(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=args.workspace, env=env)


def pair(text):
    if "=" not in text:
        raise argparse.ArgumentTypeError("expected FROM=TO, got %r" % text)
    return tuple(text.split("=", 1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("doc")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--submodule", type=pair, action="append", default=[])
    parser.add_argument("--map", type=pair, action="append", default=[])
    parser.add_argument("--validator", required=True)
    args = parser.parse_args()

    workflow = workflow_from(args.doc)
    jobs = workflow["jobs"]
    if len(jobs) != 1:
        sys.exit("expected one job, found %d" % len(jobs))
    name, job = next(iter(jobs.items()))
    print("workflow %s, job %s, container %s" % (workflow["name"], name,
                                                 job.get("container", "-")))
    if "security-events" in job.get("permissions", {}):
        print("permissions: security-events %s"
              % job["permissions"]["security-events"])

    shim = os.path.join(os.path.dirname(os.path.abspath(args.workspace)),
                        "workflow-bin")
    apt_shim(shim)
    env = dict(os.environ)
    env.update(GITHUB_WORKSPACE=os.path.abspath(args.workspace), CI="true",
               GITHUB_ACTIONS="true",
               PATH=shim + os.pathsep + os.environ["PATH"])
    os.makedirs(args.workspace, exist_ok=True)

    failed = False
    for index, step in enumerate(job["steps"]):
        label = step.get("name", step.get("uses", "step %d" % index))
        if not should_run(step, failed):
            print("step %s: skipped" % label)
            continue
        sys.stdout.flush()
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            status = checkout(step, args)
        elif uses.startswith("github/codeql-action/upload-sarif@"):
            status = upload_sarif(step, args)
        elif uses:
            sys.exit("step %s: action %s is not simulated" % (label, uses))
        else:
            status = run_script(step, args, env)
        sys.stdout.flush()
        print("step %s: exit %d" % (label, status))
        failed = failed or status != 0
    print("job: %s" % ("failure" if failed else "success"))


if __name__ == "__main__":
    main()
