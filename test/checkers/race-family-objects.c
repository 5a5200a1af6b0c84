// Family: fields per object. A variable of struct type that is never
// assigned as a whole is a known object: its fields are its own, so two
// connections of one struct type hold two handles. A copy, a pointer or a
// field written through a pointer falls back to the field across objects.
// Win32 spellings in C, MinGW and MSVC.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

struct conn {
  HINTERNET session;
  HINTERNET request;
  CRITICAL_SECTION lock;
};

static struct conn g_upload, g_download;

static DWORD WINAPI uploadWorker(LPVOID unused) {
  (void)unused;
  WinHttpSendRequest(g_upload.request, NULL, 0, NULL, 0, 0, 0);
  return 0;
}

static void openBoth(void) {
  g_upload.session = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  g_upload.request = WinHttpOpenRequest(g_upload.session, L"PUT", L"/",
                                        NULL, NULL, NULL, 0);
  g_download.session = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  g_download.request = WinHttpOpenRequest(g_download.session, L"GET", L"/",
                                          NULL, NULL, NULL, 0);
}

// OK: the download's request is not the upload's.
void cancelDownload(void) {
  openBoth();
  CreateThread(NULL, 0, uploadWorker, NULL, 0, NULL);
  WinHttpCloseHandle(g_download.request);
}

// The upload's request is.
void cancelUpload(void) {
  openBoth();
  CreateThread(NULL, 0, uploadWorker, NULL, 0, NULL);
  WinHttpCloseHandle(g_upload.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_upload.request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// A pointer to a known object reads the field across objects: it may be
// the upload.
void cancelThroughPointer(struct conn *c) {
  CreateThread(NULL, 0, uploadWorker, NULL, 0, NULL);
  WinHttpCloseHandle(c->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'c->request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// Objects handed to a worker by address, closed through a helper that
// takes the object.
static DWORD WINAPI sendWorker(LPVOID p) {
  struct conn *c = (struct conn *)p;
  WinHttpSendRequest(c->request, NULL, 0, NULL, 0, 0, 0);
  return 0;
}

static void closeConn(struct conn *c) { WinHttpCloseHandle(c->request); }

// OK: the worker sends on `a`; `b` is closed.
void twoLocals(HINTERNET connect) {
  struct conn a, b;
  a.request = WinHttpOpenRequest(connect, L"GET", L"/a", NULL, NULL, NULL, 0);
  b.request = WinHttpOpenRequest(connect, L"GET", L"/b", NULL, NULL, NULL, 0);
  CreateThread(NULL, 0, sendWorker, &a, 0, NULL);
  closeConn(&b);
}

// The same, closing `a`.
void twoLocalsSame(HINTERNET connect) {
  struct conn a, b;
  a.request = WinHttpOpenRequest(connect, L"GET", L"/a", NULL, NULL, NULL, 0);
  b.request = WinHttpOpenRequest(connect, L"GET", L"/b", NULL, NULL, NULL, 0);
  CreateThread(NULL, 0, sendWorker, &a, 0, NULL);
  closeConn(&a);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'closeConn' may close '&a' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// OK: initialised by aggregate initialisers, each its own request.
void aggregates(HINTERNET r1, HINTERNET r2) {
  struct conn a = {NULL, r1}, b = {NULL, r2};
  CreateThread(NULL, 0, sendWorker, &a, 0, NULL);
  closeConn(&b);
}

// A copy of `a` holds a's request.
void copied(HINTERNET r1) {
  struct conn a = {NULL, r1}, b;
  b = a;
  CreateThread(NULL, 0, sendWorker, &a, 0, NULL);
  closeConn(&b);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'closeConn' may close '&b' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// One request stored in two objects is one handle.
void sharedRequest(HINTERNET connect) {
  HINTERNET r = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
  struct conn a, b;
  a.request = r;
  b.request = r;
  CreateThread(NULL, 0, sendWorker, &a, 0, NULL);
  WinHttpCloseHandle(b.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'b.request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// Locks per object: the worker holds the left object's lock, the close
// holds the right one's. A struct of its own, so that the pointer below
// names only these two objects.
struct locked_conn {
  HINTERNET request;
  CRITICAL_SECTION lock;
};
static struct locked_conn g_left, g_right;

static DWORD WINAPI lockedWorker(LPVOID unused) {
  (void)unused;
  EnterCriticalSection(&g_left.lock);
  WinHttpReceiveResponse(g_left.request, NULL);
  LeaveCriticalSection(&g_left.lock);
  return 0;
}

void otherObjectsLock(void) {
  CreateThread(NULL, 0, lockedWorker, NULL, 0, NULL);
  EnterCriticalSection(&g_right.lock);
  WinHttpCloseHandle(g_left.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_left.request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  LeaveCriticalSection(&g_right.lock);
}

// OK: the same object's lock.
void sameObjectsLock(void) {
  CreateThread(NULL, 0, lockedWorker, NULL, 0, NULL);
  EnterCriticalSection(&g_left.lock);
  WinHttpCloseHandle(g_left.request);
  LeaveCriticalSection(&g_left.lock);
}

// OK: the same lock through a pointer to the object.
void lockThroughPointer(void) {
  struct locked_conn *p = &g_left;
  CreateThread(NULL, 0, lockedWorker, NULL, 0, NULL);
  EnterCriticalSection(&p->lock);
  WinHttpCloseHandle(p->request);
  LeaveCriticalSection(&p->lock);
}
