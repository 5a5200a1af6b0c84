// Correct uses of WinHttpSetStatusCallback that must stay quiet, modelled on
// real code. MinGW (with libstdc++) and MSVC mode.
// RUN: %check_clang_tidy %s winhttp-status-callback-result %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy %s winhttp-status-callback-result %t -- -- %msvc -std=c++17 -DNO_STD

#include <windows.h>
#include <winhttp.h>
#ifndef NO_STD
#include <functional>
#endif

void CALLBACK onStatus(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) {}
void fail(DWORD);

// OK: the documented pattern, with GetLastError() on the failure branch.
bool install(HINTERNET Session) {
  if (WinHttpSetStatusCallback(Session, onStatus, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0) ==
      WINHTTP_INVALID_STATUS_CALLBACK) {
    fail(GetLastError());
    return false;
  }
  return true;
}

// OK: both values handled: failure, then "was there a previous callback".
WINHTTP_STATUS_CALLBACK replace(HINTERNET Session) {
  WINHTTP_STATUS_CALLBACK Old = WinHttpSetStatusCallback(Session, onStatus, 0, 0);
  if (Old == WINHTTP_INVALID_STATUS_CALLBACK)
    return nullptr;
  return Old ? Old : onStatus;
}

// OK: the result is kept in a member.
struct Client {
  HINTERNET Session = nullptr;
  WINHTTP_STATUS_CALLBACK Previous = nullptr;
  void install() {
    Previous = WinHttpSetStatusCallback(Session, onStatus, 0, 0);
    if (Previous == nullptr) {}
  }
};

// OK: removing the callback; the result is ignored.
void uninstall(HINTERNET Session) {
  WinHttpSetStatusCallback(Session, nullptr, 0, 0);
}

// OK: the result is stored in an 'auto' and compared with the macro.
void withAuto(HINTERNET Session) {
  auto Result = WinHttpSetStatusCallback(Session, onStatus, 0, 0);
  if (WINHTTP_INVALID_STATUS_CALLBACK == Result)
    fail(GetLastError());
  else if (!Result) {}
}

// OK: a lambda installs the callback the documented way.
void inLambda(HINTERNET Session) {
  auto Install = [Session] {
    return WinHttpSetStatusCallback(Session, onStatus, 0, 0) != WINHTTP_INVALID_STATUS_CALLBACK;
  };
  (void)Install;
}

// OK: the result is returned to a caller that decides.
WINHTTP_STATUS_CALLBACK passThrough(HINTERNET Session) {
  return WinHttpSetStatusCallback(Session, onStatus, 0, 0);
}

// OK: compared with a callback value, not with NULL.
bool isOurs(HINTERNET Session) {
  return WinHttpSetStatusCallback(Session, onStatus, 0, 0) == &onStatus;
}

// OK: a NULL test of a parameter that has nothing to do with the call.
void parameterTest(HINTERNET Session, WINHTTP_STATUS_CALLBACK Callback) {
  if (!Callback)
    Callback = onStatus;
  if (WinHttpSetStatusCallback(Session, Callback, 0, 0) == WINHTTP_INVALID_STATUS_CALLBACK) {}
}

// OK: the result is cast to an integer and logged.
void logged(HINTERNET Session) {
  fail((DWORD)(DWORD_PTR)WinHttpSetStatusCallback(Session, onStatus, 0, 0));
}

#ifndef NO_STD
// OK: wrapped in std::function and called, libstdc++ in MinGW mode.
void stdFunction(HINTERNET Session) {
  std::function<WINHTTP_STATUS_CALLBACK()> Install = [Session] {
    return WinHttpSetStatusCallback(Session, onStatus, 0, 0);
  };
  if (Install() == WINHTTP_INVALID_STATUS_CALLBACK) {}
}
#endif

// OK: a variable reused for another value before its NULL test.
void reused(HINTERNET Session, HINTERNET Other) {
  WINHTTP_STATUS_CALLBACK Cb = WinHttpSetStatusCallback(Session, onStatus, 0, 0);
  if (Cb == WINHTTP_INVALID_STATUS_CALLBACK)
    return;
  Cb = nullptr;
  if (!Cb) {}
}

// OK: a NULL test inside a different function from the call.
WINHTTP_STATUS_CALLBACK g_Saved;
void save(HINTERNET Session) { g_Saved = WinHttpSetStatusCallback(Session, onStatus, 0, 0); }
bool hadNone() { return g_Saved == nullptr; }
