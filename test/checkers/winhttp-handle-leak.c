// winhttp-handle-leak in C: error paths, goto cleanup, helpers that borrow or
// keep, out-pointers, loops and overwrites. MinGW and MSVC.
// RUN: %check_clang_tidy %s winhttp-handle-leak %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-handle-leak %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

struct Client {
  HINTERNET session;
  HINTERNET connect;
};

HINTERNET g_session;

// The classic: the request fails and the early return forgets the handles.
BOOL fetch(LPCWSTR host) {
  HINTERNET s = WinHttpOpen(L"a", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
  if (!s)
    return FALSE;
  HINTERNET c = WinHttpConnect(s, host, INTERNET_DEFAULT_HTTPS_PORT, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpConnect' returns into 'c' is not closed on every path; close it with WinHttpCloseHandle or hand it to an owner before it goes out of reach [winhttp-handle-leak]
  if (!c) {
    WinHttpCloseHandle(s);
    return FALSE;
  }
  HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", NULL, WINHTTP_NO_REFERER,
                                   WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
  if (r == NULL) {
    WinHttpCloseHandle(s);
    return FALSE;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'fetch' returns here with the handle open
  }
  BOOL ok = WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                               WINHTTP_NO_REQUEST_DATA, 0, 0, 0);
  WinHttpCloseHandle(r);
  WinHttpCloseHandle(c);
  WinHttpCloseHandle(s);
  return ok;
}

// OK: the goto-cleanup pattern closes what is not null.
BOOL fetchWithCleanup(LPCWSTR host) {
  BOOL ok = FALSE;
  HINTERNET s = NULL, c = NULL, r = NULL;
  s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  if (s == NULL)
    goto done;
  c = WinHttpConnect(s, host, 443, 0);
  if (!c)
    goto done;
  r = WinHttpOpenRequest(c, L"GET", L"/", NULL, NULL, NULL, 0);
  if (!r)
    goto done;
  ok = WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0) &&
       WinHttpReceiveResponse(r, NULL);
done:
  if (r)
    WinHttpCloseHandle(r);
  if (c != NULL)
    WinHttpCloseHandle(c);
  if (NULL != s)
    WinHttpCloseHandle(s);
  return ok;
}

// Falls off the end of the function with the session open.
void probe(void) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpen' returns into 's' is not closed on every path
  WinHttpSetTimeouts(s, 1000, 1000, 1000, 1000);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: note: 'probe' ends here with the handle open

// OK: returned to the caller, stored in a global, in a field, through an
// out-pointer.
HINTERNET openSession(void) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  if (!s)
    return NULL;
  WinHttpSetTimeouts(s, 1000, 1000, 1000, 1000);
  return s;
}

void openGlobal(void) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  g_session = s;
}

BOOL openClient(struct Client *cl, LPCWSTR host) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  if (!s)
    return FALSE;
  cl->session = s;
  HINTERNET c = WinHttpConnect(s, host, 443, 0);
  cl->connect = c;
  return c != NULL;
}

BOOL openInto(HINTERNET *out) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  *out = s;
  return s != NULL;
}

// A helper that only borrows does not take the handle; one that keeps it
// (stores it, closes it) does.
static BOOL configure(HINTERNET h) {
  if (h == NULL)
    return FALSE;
  return WinHttpSetTimeouts(h, 1, 1, 1, 1);
}

static void closeIt(HINTERNET h) { WinHttpCloseHandle(h); }

static void keep(HINTERNET h) { g_session = h; }

void borrowedOnly(void) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpen' returns into 's' is not closed on every path
  if (!configure(s))
    return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'borrowedOnly' returns here with the handle open
  closeIt(s);
}

void keptByHelper(void) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  if (!configure(s)) {
    closeIt(s);
    return;
  }
  keep(s);
}

// The result of the return value test: only true when the result is NULL.
BOOL returnsComparison(void) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpen' returns into 's' is not closed on every path
  return s != NULL;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'returnsComparison' returns here with the handle open
}

// A request per iteration, closed only on success: the next iteration's
// declaration loses it.
void loop(HINTERNET c, int n) {
  for (int i = 0; i < n; ++i) {
    HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", NULL, NULL, NULL, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: the handle that 'WinHttpOpenRequest' returns into 'r' is not closed on every path
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: 'r' is given another value here while it holds the only copy of the open handle
    if (!r)
      continue;
    if (!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0))
      continue;
    WinHttpCloseHandle(r);
  }
}

// OK: closed in every iteration.
void loopClosed(HINTERNET c, int n) {
  for (int i = 0; i < n; ++i) {
    HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", NULL, NULL, NULL, 0);
    if (!r)
      continue;
    WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0);
    WinHttpCloseHandle(r);
  }
}

// The variable gets a second handle while it holds the first.
void reopen(HINTERNET c) {
  HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/a", NULL, NULL, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpenRequest' returns into 'r' is not closed on every path
  if (!r)
    return;
  WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0);
  r = WinHttpOpenRequest(c, L"GET", L"/b", NULL, NULL, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'r' is given another value here while it holds the only copy of the open handle
  if (r)
    WinHttpCloseHandle(r);
}

// OK: a copy holds it, and the copy is closed.
void copied(void) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  HINTERNET t = s;
  s = NULL;
  if (t)
    WinHttpCloseHandle(t);
}

// OK: the proxy resolver is made only when the call succeeds.
DWORD resolver(HINTERNET s) {
  HINTERNET res = NULL;
  DWORD err = WinHttpCreateProxyResolver(s, &res);
  if (err != ERROR_SUCCESS)
    return err;
  WinHttpCloseHandle(res);
  return 0;
}

// The resolver is forgotten when the URL is empty. Once the query is under
// way, the callback owns it.
DWORD resolverLeaks(HINTERNET s, LPCWSTR url) {
  HINTERNET res;
  if (WinHttpCreateProxyResolver(s, &res) != NO_ERROR)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the handle that 'WinHttpCreateProxyResolver' returns into 'res' is not closed on every path
    return 1;
  if (!url || !*url)
    return 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'resolverLeaks' returns here with the handle open
  WINHTTP_AUTOPROXY_OPTIONS opts = {0};
  return WinHttpGetProxyForUrlEx(res, url, &opts, 0);
}

// OK: the process ends.
void fatal(void) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  if (!WinHttpSetTimeouts(s, 1, 1, 1, 1))
    ExitProcess(1);
  WinHttpCloseHandle(s);
}
