// winhttp-use-after-close stays quiet on correct C: cleanup labels, handles
// cleared through pointers, each close on its own path. MinGW and MSVC.
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

typedef struct Client {
  HINTERNET session, connect, request;
} Client;

static void clientClose(Client *c) {
  if (c->request) {
    WinHttpCloseHandle(c->request);
    c->request = NULL;
  }
  if (c->connect) {
    WinHttpCloseHandle(c->connect);
    c->connect = NULL;
  }
}

void closeTwiceSafely(Client *c) {
  clientClose(c);
  clientClose(c);
}

BOOL fetch(Client *c, const wchar_t *path) {
  BOOL ok = FALSE;
  c->request = WinHttpOpenRequest(c->connect, L"GET", path, NULL, NULL, NULL, 0);
  if (!c->request)
    goto cleanup;
  if (!WinHttpSendRequest(c->request, NULL, 0, NULL, 0, 0, 0))
    goto cleanup;
  ok = WinHttpReceiveResponse(c->request, NULL);
cleanup:
  if (c->request) {
    WinHttpCloseHandle(c->request);
    c->request = NULL;
  }
  return ok;
}

BOOL retryOnce(Client *c, const wchar_t *path) {
  if (fetch(c, path))
    return TRUE;
  return fetch(c, path);
}

void earlyReturn(HINTERNET h, BOOL stop) {
  if (stop) {
    WinHttpCloseHandle(h);
    return;
  }
  WinHttpReceiveResponse(h, NULL);
  WinHttpCloseHandle(h);
}

void eachInTurn(HINTERNET handles[3]) {
  WinHttpCloseHandle(handles[0]);
  WinHttpCloseHandle(handles[1]);
  WinHttpCloseHandle(handles[2]);
}

static void reopenInto(HINTERNET connect, HINTERNET *out) {
  *out = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
}

void reopenAfterClose(HINTERNET connect, HINTERNET h, int n) {
  while (n-- > 0) {
    WinHttpCloseHandle(h);
    reopenInto(connect, &h);
    WinHttpSendRequest(h, NULL, 0, NULL, 0, 0, 0);
  }
  WinHttpCloseHandle(h);
}

void doWhile(HINTERNET connect, int n) {
  HINTERNET r;
  do {
    r = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
    WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0);
    WinHttpCloseHandle(r);
  } while (--n > 0);
}

static HINTERNET g_session;
void closeGlobal(void) {
  if (g_session) {
    WinHttpCloseHandle(g_session);
    g_session = NULL;
  }
}
void reinit(void) {
  closeGlobal();
  if (!g_session)
    g_session = WinHttpOpen(L"ua", 0, NULL, NULL, 0);
  WinHttpSetTimeouts(g_session, 0, 0, 0, 0);
}

void otherStructs(Client *a, Client *b) {
  WinHttpCloseHandle(a->request);
  WinHttpCloseHandle(b->request);
}
