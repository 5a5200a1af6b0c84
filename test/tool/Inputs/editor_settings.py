"""Takes the editor settings of docs/editors.md as they are written, with the
install prefix /opt/winhttp-tidy moved to where the test installed the
project, and makes them runnable:

  editor_settings.py vim <doc> --prefix P [--plugin] -o <vimrc>
      writes a vimrc that loads Debian's ALE (vim-ale), applies the page's
      ```vim block (with --plugin, its commented-out plugin lines instead of
      the driver) and sources ale_lint.vim, which lints $FILE and writes the
      findings to $OUT.
  editor_settings.py vscode <doc> --prefix P --project D --block N --file F
      parses the page's N-th ```json block, with the placeholder
      /path/to/project moved to D, and runs what the C/C++ extension runs
      with useBuildPath: clangTidy.path, clangTidy.args, the file, and
      -p=<the directory of C_Cpp.default.compileCommands>.
"""
import argparse
import json
import os
import re
import subprocess
import sys

DOC_PREFIX = "/opt/winhttp-tidy"
DOC_PROJECT = "/path/to/project"
ALE = "/usr/share/vim-ale"


def blocks(doc, language):
    with open(doc) as f:
        return re.findall(r"```%s\n(.*?)```" % language, f.read(), re.S)


def vim(args):
    found = blocks(args.doc, "vim")
    if len(found) != 1:
        sys.exit("expected one vim block in %s, found %d" % (args.doc, len(found)))
    lines = []
    for line in found[0].replace(DOC_PREFIX, args.prefix).splitlines():
        commented = re.match(r'^"\s*(let .*)$', line)
        if args.plugin and commented:
            lines.append(commented.group(1))
        elif not commented:
            lines.append(line)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(args.output, "w") as f:
        f.write("set nocompatible\n"
                "let &runtimepath = '%s,' . &runtimepath\n"
                "filetype plugin on\n"
                "runtime! plugin/ale.vim\n" % ALE)
        f.write("\n".join(lines) + "\n")
        f.write("source %s\n" % os.path.join(here, "ale_lint.vim"))


def vscode(args):
    found = blocks(args.doc, "json")
    text = found[args.block].replace(DOC_PREFIX, args.prefix)
    settings = json.loads(text.replace(DOC_PROJECT, args.project))
    prefix = "C_Cpp.codeAnalysis.clangTidy."
    for key, value in [(prefix + "enabled", True),
                       (prefix + "useBuildPath", True)]:
        if settings.get(key) != value:
            sys.exit("block %d: %s is not %s" % (args.block, key, value))
    # useBuildPath passes -p only with a compilation database configured.
    database = settings.get("C_Cpp.default.compileCommands")
    if not database or not os.path.isabs(database):
        sys.exit("block %d: no absolute C_Cpp.default.compileCommands"
                 % args.block)
    if not os.path.isfile(database):
        sys.exit("block %d: %s does not exist" % (args.block, database))
    command = [settings[prefix + "path"]] + settings.get(prefix + "args", [])
    print("command:", " ".join(command[:1] + [a.replace(args.prefix, "<prefix>")
                                              for a in command[1:]]))
    sys.stdout.flush()
    return subprocess.call(
        command + [args.file, "-p=" + os.path.dirname(database)])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("editor", choices=["vim", "vscode"])
    parser.add_argument("doc")
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--plugin", action="store_true")
    parser.add_argument("--block", type=int, default=0)
    parser.add_argument("-o", dest="output")
    parser.add_argument("--project")
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.editor == "vim":
        vim(args)
        return 0
    return vscode(args)


if __name__ == "__main__":
    sys.exit(main())
