// winhttp-handle-leak stays quiet on correct code: every path closes or
// hands off, null paths, helpers that keep, factories, out-parameters,
// owners, references, and handles it does not track.
// RUN: %check_clang_tidy %s winhttp-handle-leak %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

struct Session {
  HINTERNET h = nullptr;
  ~Session() {
    if (h)
      WinHttpCloseHandle(h);
  }
};

struct Context {
  HINTERNET request;
  int attempts;
};

void closeAll(HINTERNET a, HINTERNET b) {
  WinHttpCloseHandle(a);
  WinHttpCloseHandle(b);
}

void externalKeep(HINTERNET h); // defined elsewhere: may keep it

void closedOnEveryPath(const wchar_t *host) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  if (s == nullptr)
    return;
  HINTERNET c = WinHttpConnect(s, host, 443, 0);
  if (!c) {
    WinHttpCloseHandle(s);
    return;
  }
  closeAll(c, s);
}

void nullTestedEarly() {
  HINTERNET s;
  if ((s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0)) == nullptr)
    return;
  WinHttpCloseHandle(s);
}

void negatedAssignment() {
  HINTERNET s;
  if (!(s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0)))
    return;
  WinHttpCloseHandle(s);
}

void explicitBoolTest() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  if (!static_cast<bool>(s))
    return;
  WinHttpCloseHandle(s);
}

void shortCircuit(const wchar_t *host) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  HINTERNET c = s ? WinHttpConnect(s, host, 443, 0) : nullptr;
  if (!s || !c) {
    if (s)
      WinHttpCloseHandle(s);
    return;
  }
  WinHttpCloseHandle(c);
  WinHttpCloseHandle(s);
}

void handedToExternal() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  externalKeep(s);
}

void handedToOwnerMember(Session &owner) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  owner.h = s;
}

std::unique_ptr<Context> intoContext(HINTERNET c) {
  auto ctx = std::make_unique<Context>();
  HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  ctx->request = r;
  return ctx;
}

Context onStack(HINTERNET c) {
  HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  Context ctx = {r, 0};
  return ctx;
}

std::optional<HINTERNET> optionalResult() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  if (!s)
    return std::nullopt;
  return s;
}

std::pair<HINTERNET, HINTERNET> pairResult(const wchar_t *host) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  HINTERNET c = WinHttpConnect(s, host, 443, 0);
  return {s, c};
}

void intoMap(std::map<std::string, HINTERNET> &m) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  m["a"] = s;
}

void throughReference(HINTERNET &out) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  out = s;
}

void byReferenceLocal() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  HINTERNET &alias = s;
  WinHttpCloseHandle(alias);
}

void swapped(HINTERNET &slot) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  std::swap(s, slot);
  if (s)
    WinHttpCloseHandle(s);
}

void whileLoopRetry(HINTERNET c) {
  HINTERNET r = nullptr;
  int tries = 0;
  while (!r && tries++ < 3)
    r = WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  if (r)
    WinHttpCloseHandle(r);
}

void doWhileCloseEachTime(HINTERNET c) {
  int i = 0;
  do {
    HINTERNET r =
        WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
    if (r != nullptr)
      WinHttpCloseHandle(r);
  } while (++i < 3);
}

void switchCloses(HINTERNET c, int kind) {
  HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  switch (kind) {
  case 0:
    WinHttpCloseHandle(r);
    return;
  default:
    WinHttpCloseHandle(r);
    break;
  }
}

[[noreturn]] void die(const char *);

void diesOnFailure() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  if (!WinHttpSetTimeouts(s, 1, 1, 1, 1))
    die("timeouts");
  WinHttpCloseHandle(s);
}

// Not tracked: a creation that is not stored in a local.
HINTERNET g_s;
void notInALocal() { g_s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0); }

template <typename T> void templated(T host) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  HINTERNET c = WinHttpConnect(s, host, 443, 0);
  WinHttpCloseHandle(c);
  WinHttpCloseHandle(s);
}
template void templated<const wchar_t *>(const wchar_t *);

void webSocket(HINTERNET request) {
  HINTERNET ws = WinHttpWebSocketCompleteUpgrade(request, 0);
  WinHttpCloseHandle(request);
  if (!ws)
    return;
  WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
  WinHttpCloseHandle(ws);
}
