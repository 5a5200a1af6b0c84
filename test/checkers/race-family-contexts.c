// Family: callback contexts. A status callback's context parameter holds the
// contexts bound to the handle it is registered on and its descendants; a
// context of another session never reaches it, and every context does when
// the registration's handle comes from outside the TU. Win32 spellings in
// C, MinGW and MSVC.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

typedef struct job {
  HINTERNET request;
  volatile LONG seen;
} job;

// A synchronous request blocked on a worker; an asynchronous session of
// another job, with a callback that takes a context of the same type.
static job g_sync, g_async;

static void CALLBACK on_async(HINTERNET h, DWORD_PTR ctx, DWORD status,
                              LPVOID info, DWORD length) {
  job *j = (job *)ctx;
  InterlockedExchange(&j->seen, 1);
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR)
    WinHttpCloseHandle(j->request);
}

static DWORD WINAPI sync_worker(LPVOID param) {
  WinHttpReceiveResponse(g_sync.request, NULL);
  return 0;
}

void start_both(void) {
  HINTERNET s = WinHttpOpen(L"ua", 0, NULL, NULL, 0);
  HINTERNET c = WinHttpConnect(s, L"example.com", 443, 0);
  g_sync.request = WinHttpOpenRequest(c, L"GET", L"/", NULL, NULL, NULL, 0);
  HINTERNET as = WinHttpOpen(L"ua", 0, NULL, NULL, WINHTTP_FLAG_ASYNC);
  WinHttpSetStatusCallback(as, on_async,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  HINTERNET ac = WinHttpConnect(as, L"example.com", 443, 0);
  g_async.request = WinHttpOpenRequest(ac, L"GET", L"/", NULL, NULL, NULL, 0);
  WinHttpSendRequest(g_async.request, NULL, 0, NULL, 0, 0,
                     (DWORD_PTR)&g_async);
  CreateThread(NULL, 0, sync_worker, NULL, 0, NULL);
}

// The synchronous job's close races its worker, whatever the other
// session's callback does with its own context.
void stop_sync(void) {
  WinHttpCloseHandle(g_sync.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_sync.request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// Closing the asynchronous job's request is its documented cancel.
void stop_async(void) { WinHttpCloseHandle(g_async.request); }

// A callback registered on a handle from outside the TU: it may get any
// context, and closing from it an asynchronous request is still fine.
static job g_param;

static void CALLBACK on_any(HINTERNET h, DWORD_PTR ctx, DWORD status,
                            LPVOID info, DWORD length) {
  job *j = (job *)ctx;
  if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
    InterlockedExchange(&j->seen, 1);
}

void register_on(HINTERNET session) {
  WinHttpSetStatusCallback(session, on_any,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  HINTERNET c = WinHttpConnect(session, L"example.com", 443, 0);
  g_param.request = WinHttpOpenRequest(c, L"GET", L"/", NULL, NULL, NULL, 0);
  WinHttpSendRequest(g_param.request, NULL, 0, NULL, 0, 0,
                     (DWORD_PTR)&g_param);
}
