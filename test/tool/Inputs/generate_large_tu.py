#!/usr/bin/env python3
"""Writes a C++ TU with N downloader classes; every other one has a race."""
import sys

n = int(sys.argv[1])
print("#include <windows.h>\n#include <winhttp.h>\n#include <thread>\n#include <mutex>")
for i in range(n):
    racy = i % 2 == 0
    print(f"""
class Downloader{i} {{
public:
  void open() {{
    Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
    Connect = WinHttpConnect(Session, L"host{i}", 443, 0);
    Request = WinHttpOpenRequest(Connect, L"GET", L"/{i}", nullptr, nullptr, nullptr, 0);
  }}
  void start() {{ Worker = std::thread([this] {{ run(); }}); }}
  void {"cancel" if racy else "finish"}() {{
    {"" if racy else "Worker.join();"}
    release();
  }}
private:
  void run() {{
    std::lock_guard<std::mutex> Guard(M{i % 7});
    WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 0);
    WinHttpReceiveResponse(Request, nullptr);
    helper{i}(Request);
  }}
  static void helper{i}(HINTERNET R) {{ DWORD N = 0; WinHttpQueryDataAvailable(R, &N); }}
  void release() {{ WinHttpCloseHandle(Request); }}
  static std::mutex M{i % 7};
  HINTERNET Session = nullptr, Connect = nullptr, Request = nullptr;
  std::thread Worker;
}};""")
