"""Edits a copy of examples/ for clang-tidy-diff.test: 'bug' adds a misread
DWORD to uploader.cpp and a comment to downloader.cpp; 'clean' adds only the
comment."""
import os
import sys

root, kind = sys.argv[1], sys.argv[2]


def edit(name, old, new):
    path = os.path.join(root, name)
    with open(path) as f:
        text = f.read()
    assert old in text, (name, old)
    with open(path, "w") as f:
        f.write(text.replace(old, new, 1))


edit("downloader.cpp", "class Downloader {",
     "// Downloads one file at a time.\nclass Downloader {")
if kind == "bug":
    edit("uploader.cpp", "  return Error;\n}",
         "  if (!WinHttpWebSocketShutdown(WebSocket, 1000, nullptr, 0))\n"
         "    return 1;\n  return Error;\n}")
