// winhttp-unchecked-result in C++: members, lambdas, templates, calls
// through GetProcAddress pointers, C++ statements; MinGW and MSVC modes.
// RUN: %check_clang_tidy %s winhttp-unchecked-result %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy %s winhttp-unchecked-result %t -- -- %msvc -std=c++17

#include <windows.h>
#include <winhttp.h>

void consume(bool ok);

// A member function: the call qualified with '::'.
class Client {
public:
  void send() {
    ::WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'WinHttpSendRequest' is ignored; it returns FALSE when it fails
  }
  // OK: stored in a member.
  void receive() { Received = WinHttpReceiveResponse(Request, nullptr); }

private:
  HINTERNET Request = nullptr;
  BOOL Received = FALSE;
};

// A lambda's body.
void inLambda(HINTERNET request) {
  auto finish = [request] {
    WinHttpReceiveResponse(request, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'WinHttpReceiveResponse' is ignored
  };
  finish();
}

// A template: reported once, in the template.
template <typename T> void inTemplate(T request) {
  WinHttpReceiveResponse(request, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpReceiveResponse' is ignored
}
template void inTemplate<HINTERNET>(HINTERNET);

// A call through a pointer that GetProcAddress looked up.
using SendFn = BOOL(WINAPI *)(HINTERNET, LPCWSTR, DWORD, LPVOID, DWORD, DWORD,
                              DWORD_PTR);
void throughPointer(HMODULE module, HINTERNET request) {
  auto send = reinterpret_cast<SendFn>(
      reinterpret_cast<void *>(GetProcAddress(module, "WinHttpSendRequest")));
  send(request, nullptr, 0, nullptr, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpSendRequest' is ignored
}

// An if statement with an initialiser that stores the result and does not
// test it.
void ifInit(HINTERNET request, bool log) {
  if (bool ok = WinHttpReceiveResponse(request, nullptr); log)
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the result of 'WinHttpReceiveResponse' is stored in 'ok' but no path reads it
    consume(log);
}

// A switch case and a do-while body.
void switchAndDo(HINTERNET request, int step) {
  switch (step) {
  case 0:
    WinHttpSetTimeouts(request, 0, 0, 0, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'WinHttpSetTimeouts' is ignored
    break;
  default:
    break;
  }
  do
    WinHttpQueryDataAvailable(request, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'WinHttpQueryDataAvailable' is ignored
  while (--step);
}

// A bool assigned in a try block and dropped.
void inTry(HINTERNET request) {
  bool ok = false;
  try {
    ok = WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the result of 'WinHttpSendRequest' is stored in 'ok' but no path reads it
  } catch (...) {
  }
}

// --- Quiet -----------------------------------------------------------------

// OK: static_cast<void> and a functional cast to void.
void castsToVoid(HINTERNET request) {
  static_cast<void>(WinHttpReceiveResponse(request, nullptr));
  void(WinHttpSetTimeouts(request, 0, 0, 0, 0));
}

// OK: read by a lambda that captures it by copy.
void capturedByCopy(HINTERNET request) {
  bool ok = WinHttpReceiveResponse(request, nullptr);
  auto report = [ok] { consume(ok); };
  report();
}

// OK: captured by reference: the lambda may read it later.
void capturedByReference(HINTERNET request) {
  bool ok = false;
  auto report = [&] { consume(ok); };
  ok = WinHttpReceiveResponse(request, nullptr);
  report();
}

// OK: bound to a reference.
void boundToReference(HINTERNET request) {
  BOOL ok = WinHttpReceiveResponse(request, nullptr);
  BOOL &alias = ok;
  consume(alias != FALSE);
}

// OK: returned, or given to a function.
bool returned(HINTERNET request) {
  bool ok = WinHttpReceiveResponse(request, nullptr);
  return ok;
}

// OK: tested in a range-for over several requests.
bool all(HINTERNET (&requests)[4]) {
  for (HINTERNET r : requests)
    if (!WinHttpReceiveResponse(r, nullptr))
      return false;
  return true;
}

// OK: read after a goto.
bool retried(HINTERNET request, int attempts) {
  BOOL ok;
again:
  ok = WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, 0);
  if (!ok && attempts-- > 0)
    goto again;
  return ok;
}

// OK: a member function of the same name is not WinHTTP's.
struct Fake {
  BOOL WinHttpReceiveResponse(HINTERNET, LPVOID) { return TRUE; }
};
void member(Fake &f, HINTERNET request) { f.WinHttpReceiveResponse(request, nullptr); }

// OK: a pointer that calls a function of the program.
BOOL WINAPI mySend(HINTERNET, LPCWSTR, DWORD, LPVOID, DWORD, DWORD, DWORD_PTR);
void ownPointer(HINTERNET request) {
  SendFn send = mySend;
  send(request, nullptr, 0, nullptr, 0, 0, 0);
}

// OK: the size probe, C++ spelling.
DWORD sizeProbe(HINTERNET request) {
  DWORD size = 0;
  ::WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF,
                        WINHTTP_HEADER_NAME_BY_INDEX, nullptr, &size,
                        WINHTTP_NO_HEADER_INDEX);
  const DWORD error = ::GetLastError();
  return error == ERROR_INSUFFICIENT_BUFFER ? size : 0;
}

// OK: a handle kept in a member by the constructor.
class Session {
public:
  Session()
      : Handle(WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
                           WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0)) {}
  HINTERNET Handle;
};

// OK: used in a condition with an initialiser.
void conditionInit(HINTERNET request) {
  if (BOOL ok = WinHttpReceiveResponse(request, nullptr); !ok)
    consume(false);
}
