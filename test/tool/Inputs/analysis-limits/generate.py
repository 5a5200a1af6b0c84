"""Writes translation units that reach the analyses' bounds (Limits.h).

  generate.py races N      a close of g_Request while N threads receive on it
  generate.py pairs N      N synchronous receives in the closing function,
                           which runs on a thread of its own, before the
                           one other thread that races with the close
  generate.py closes N     N threads that each close g_Request
  generate.py unthreaded N the pairs shape with the closing function called
                           in place: its N receives run on no thread
"""
import sys

HEAD = """#include <windows.h>
#include <winhttp.h>
#include <thread>

HINTERNET g_Request =
    WinHttpOpenRequest(WinHttpConnect(WinHttpOpen(L"a", 0, nullptr, nullptr, 0),
                                      L"h", 80, 0),
                       L"GET", L"/", nullptr, nullptr, nullptr, 0);
"""


def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    out = [HEAD]
    if kind == "races":
        out.append("void start() {")
        out += ["  std::thread([] { WinHttpReceiveResponse(g_Request, nullptr); "
                "}).detach();"] * n
        out.append("}")
        out.append("void cancel() { WinHttpCloseHandle(g_Request); }")
    elif kind in ("pairs", "unthreaded"):
        out.append("void work() {")
        out += ["  WinHttpReceiveResponse(g_Request, nullptr);"] * n
        out.append("  WinHttpCloseHandle(g_Request);")
        out.append("}")
        out.append("void start() {")
        out.append("  std::thread([] { WinHttpReceiveResponse(g_Request, "
                   "nullptr); }).detach();")
        out.append("  std::thread(work).detach();" if kind == "pairs" else
                   "  work();")
        out.append("}")
    elif kind == "closes":
        out.append("void start() {")
        out += ["  std::thread([] { WinHttpCloseHandle(g_Request); }).detach();"
                ] * n
        out.append("}")
    else:
        sys.exit("unknown kind " + kind)
    print("\n".join(out))


if __name__ == "__main__":
    main()
