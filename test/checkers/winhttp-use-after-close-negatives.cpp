// winhttp-use-after-close stays quiet on correct code: clears, reopens,
// exchanges, one close per path, different handles, closes in other
// functions.
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <atomic>
#include <memory>
#include <utility>

void useThenClose(HINTERNET h) {
  WinHttpReceiveResponse(h, nullptr);
  WinHttpCloseHandle(h);
}

void guardedTwice(HINTERNET h) {
  if (h) {
    WinHttpCloseHandle(h);
    h = nullptr;
  }
  if (h) {
    WinHttpCloseHandle(h);
    h = nullptr;
  }
}

void exchanged(HINTERNET &h) {
  WinHttpCloseHandle(std::exchange(h, nullptr));
  if (h)
    WinHttpCloseHandle(h);
}

void interlocked(HINTERNET *slot) {
  HINTERNET mine = (HINTERNET)InterlockedExchangePointer((PVOID *)slot, nullptr);
  if (mine)
    WinHttpCloseHandle(mine);
}

void atomicSlot(std::atomic<HINTERNET> &slot) {
  if (HINTERNET h = slot.exchange(nullptr))
    WinHttpCloseHandle(h);
}

void childThenParent(HINTERNET session, HINTERNET connect, HINTERNET request) {
  WinHttpCloseHandle(request);
  WinHttpCloseHandle(connect);
  WinHttpCloseHandle(session);
}

void movedOut(HINTERNET h) {
  HINTERNET tmp = h;
  h = nullptr;
  WinHttpCloseHandle(tmp);
  if (h)
    WinHttpQueryDataAvailable(h, nullptr);
}

int switchClose(HINTERNET h, int state) {
  switch (state) {
  case 0:
    WinHttpCloseHandle(h);
    return 0;
  case 1:
    WinHttpCloseHandle(h);
    break;
  default:
    WinHttpReceiveResponse(h, nullptr);
    return 2;
  }
  return 1;
}

void reopenBothBranches(HINTERNET connect, HINTERNET h, bool retry) {
  if (retry) {
    WinHttpCloseHandle(h);
    h = WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  } else {
    WinHttpCloseHandle(h);
    h = nullptr;
  }
  if (h)
    WinHttpSendRequest(h, nullptr, 0, nullptr, 0, 0, 0);
}

void openInCondition(HINTERNET connect, int n) {
  HINTERNET h;
  while (n-- > 0 && (h = WinHttpOpenRequest(connect, L"GET", L"/", nullptr,
                                            nullptr, nullptr, 0)) != nullptr) {
    WinHttpSendRequest(h, nullptr, 0, nullptr, 0, 0, 0);
    WinHttpCloseHandle(h);
  }
}

void lambdaCloses(HINTERNET h) {
  auto closeIt = [&] { WinHttpCloseHandle(h); h = nullptr; };
  closeIt();
  if (h)
    WinHttpCloseHandle(h);
}

struct Session {
  HINTERNET Handle = nullptr;
  ~Session() {
    if (Handle)
      WinHttpCloseHandle(Handle);
  }
  void reset() {
    if (Handle)
      WinHttpCloseHandle(Handle);
    Handle = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
  }
  void configure() { WinHttpSetTimeouts(Handle, 0, 0, 0, 0); }
  void restart() {
    reset();
    configure();
  }
};

struct Deleter {
  void operator()(void *h) const { WinHttpCloseHandle(h); }
};
void uniqueOwner(HINTERNET a, HINTERNET b) {
  std::unique_ptr<void, Deleter> owner(a);
  owner.reset(b);
  WinHttpSetTimeouts(owner.get(), 0, 0, 0, 0);
}

// A global option set with a null handle is no use of a handle.
void globalOption(HINTERNET h) {
  WinHttpCloseHandle(h);
  h = nullptr;
  WinHttpSetOption(nullptr, WINHTTP_OPTION_CONTEXT_VALUE, nullptr, 0);
}

void differentObjects(HINTERNET *requests, int n) {
  for (int i = 0; i < n; ++i)
    WinHttpCloseHandle(requests[i]);
}

// A helper that closes only when asked: not a close.
static bool finish(HINTERNET h, bool ok) {
  if (!ok) {
    WinHttpCloseHandle(h);
    return false;
  }
  return true;
}
bool afterFinish(HINTERNET h, bool ok) {
  if (!finish(h, ok))
    return false;
  return WinHttpReceiveResponse(h, nullptr);
}
