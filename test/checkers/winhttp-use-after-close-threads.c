// winhttp-use-after-close, rule 2, in C: Win32 thread starts, context
// structs, critical sections and the Interlocked family.
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>
#include <process.h>

// A worker and its starter close the request of one context struct.
typedef struct {
  HINTERNET Request;
} Job;
static DWORD WINAPI jobWorker(LPVOID p) {
  Job *job = (Job *)p;
  WinHttpCloseHandle(job->Request);
  return 0;
}
void runJob(Job *job) {
  HANDLE t = CreateThread(NULL, 0, jobWorker, job, 0, NULL);
  WinHttpCloseHandle(job->Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'job->Request', which another thread may close too
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'WinHttpCloseHandle' closes 'job->Request' here too
  // CHECK-MESSAGES: :[[@LINE-4]]:14: note: 'jobWorker' runs the other close on another thread, started here with 'CreateThread'
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

// OK: a helper that takes the handle out under the context's critical
// section, called on both threads.
typedef struct {
  CRITICAL_SECTION Lock;
  HINTERNET Request;
} Upload;
static void closeUpload(Upload *u) {
  EnterCriticalSection(&u->Lock);
  if (u->Request) {
    WinHttpCloseHandle(u->Request);
    u->Request = NULL;
  }
  LeaveCriticalSection(&u->Lock);
}
static unsigned __stdcall uploadWorker(void *p) {
  closeUpload((Upload *)p);
  return 0;
}
void runUpload(Upload *u) {
  HANDLE t = (HANDLE)_beginthreadex(NULL, 0, uploadWorker, u, 0, NULL);
  closeUpload(u);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

// The same helper without the critical section.
typedef struct {
  HINTERNET Request;
} Probe;
static void closeProbe(Probe *p) {
  if (p->Request) {
    WinHttpCloseHandle(p->Request);
    p->Request = NULL;
  }
}
static unsigned __stdcall probeWorker(void *p) {
  closeProbe((Probe *)p);
  return 0;
}
void runProbe(Probe *p) {
  HANDLE t = (HANDLE)_beginthreadex(NULL, 0, probeWorker, p, 0, NULL);
  closeProbe(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'closeProbe' closes 'p', which another thread may close too
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

// OK: both take the global out with InterlockedExchangePointer.
static HINTERNET g_session;
static DWORD WINAPI sessionWorker(LPVOID p) {
  HINTERNET h = (HINTERNET)InterlockedExchangePointer((PVOID *)&g_session, NULL);
  if (h)
    WinHttpCloseHandle(h);
  return 0;
}
void closeSession(void) {
  HANDLE t = CreateThread(NULL, 0, sessionWorker, NULL, 0, NULL);
  HINTERNET h = (HINTERNET)InterlockedExchangePointer((PVOID *)&g_session, NULL);
  if (h)
    WinHttpCloseHandle(h);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

// One exchanges, the other reads and clears.
static HINTERNET g_connect;
static DWORD WINAPI connectWorker(LPVOID p) {
  HINTERNET h = (HINTERNET)InterlockedExchangePointer((PVOID *)&g_connect, NULL);
  if (h)
    WinHttpCloseHandle(h);
  return 0;
}
void closeConnect(void) {
  HANDLE t = CreateThread(NULL, 0, connectWorker, NULL, 0, NULL);
  if (g_connect) {
    WinHttpCloseHandle(g_connect);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'g_connect', which another thread may close too
    g_connect = NULL;
  }
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

// The handle handed to the thread, closed there and again after the wait.
static DWORD WINAPI closeParam(LPVOID p) {
  WinHttpCloseHandle((HINTERNET)p);
  return 0;
}
void handOver(HINTERNET request) {
  HANDLE t = CreateThread(NULL, 0, closeParam, request, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  WinHttpCloseHandle(request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'request', which another thread may close too
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: one close is known to run first, but it leaves the handle where the other reads it
  CloseHandle(t);
}

// OK: the worker clears the global; the starter closes only after the wait.
static HINTERNET g_request;
static DWORD WINAPI requestWorker(LPVOID p) {
  WinHttpCloseHandle(g_request);
  g_request = NULL;
  return 0;
}
void afterWorker(void) {
  HANDLE t = CreateThread(NULL, 0, requestWorker, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  if (g_request)
    WinHttpCloseHandle(g_request);
  CloseHandle(t);
}

// OK: closed before the thread that closes it is started, and cleared.
static HINTERNET g_early;
static DWORD WINAPI earlyWorker(LPVOID p) {
  if (g_early)
    WinHttpCloseHandle(g_early);
  return 0;
}
void beforeWorker(void) {
  WinHttpCloseHandle(g_early);
  g_early = NULL;
  HANDLE t = CreateThread(NULL, 0, earlyWorker, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

// A thread-pool work item and its submitter.
static HINTERNET g_pooled;
static VOID CALLBACK pooledWork(PTP_CALLBACK_INSTANCE instance, PVOID context,
                                PTP_WORK work) {
  WinHttpCloseHandle(g_pooled);
}
void submitPooled(void) {
  PTP_WORK work = CreateThreadpoolWork(pooledWork, NULL, NULL);
  SubmitThreadpoolWork(work);
  WinHttpCloseHandle(g_pooled);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'g_pooled', which another thread may close too
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  CloseThreadpoolWork(work);
}

// A status callback and the send's failure path.
typedef struct {
  HINTERNET Request;
} Call;
static void CALLBACK onStatus(HINTERNET h, DWORD_PTR context, DWORD status,
                              LPVOID info, DWORD length) {
  Call *call = (Call *)context;
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR)
    WinHttpCloseHandle(call->Request);
}
BOOL startCall(HINTERNET connect, Call *call) {
  call->Request = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL,
                                     WINHTTP_FLAG_SECURE);
  WinHttpSetStatusCallback(call->Request, onStatus,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  if (!WinHttpSendRequest(call->Request, NULL, 0, NULL, 0, 0, (DWORD_PTR)call)) {
    WinHttpCloseHandle(call->Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'call->Request', which a status callback may close too
    return FALSE;
  }
  return TRUE;
}

// OK: the callback takes the request out under the call's lock, and so does
// the failure path.
typedef struct {
  CRITICAL_SECTION Lock;
  HINTERNET Request;
} SafeCall;
static void takeAndClose(SafeCall *call) {
  HINTERNET h;
  EnterCriticalSection(&call->Lock);
  h = call->Request;
  call->Request = NULL;
  LeaveCriticalSection(&call->Lock);
  if (h)
    WinHttpCloseHandle(h);
}
static void CALLBACK onSafeStatus(HINTERNET h, DWORD_PTR context,
                                  DWORD status, LPVOID info, DWORD length) {
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR)
    takeAndClose((SafeCall *)context);
}
BOOL startSafeCall(HINTERNET connect, SafeCall *call) {
  call->Request = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL,
                                     WINHTTP_FLAG_SECURE);
  WinHttpSetStatusCallback(call->Request, onSafeStatus,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  if (!WinHttpSendRequest(call->Request, NULL, 0, NULL, 0, 0,
                          (DWORD_PTR)call)) {
    takeAndClose(call);
    return FALSE;
  }
  return TRUE;
}

// OK: a canceller and the cleanup both take the handle out atomically.
static HINTERNET g_transfer;
void cancelTransfer(void) {
  HINTERNET h = (HINTERNET)InterlockedExchangePointer((PVOID *)&g_transfer, NULL);
  if (h)
    WinHttpCloseHandle(h);
}
void endTransfer(void) {
  HINTERNET h = (HINTERNET)InterlockedExchangePointer((PVOID *)&g_transfer, NULL);
  if (h)
    WinHttpCloseHandle(h);
}

// A canceller that closes the global the transfer also closes.
static HINTERNET g_download;
void abortDownload(void) { WinHttpCloseHandle(g_download); }
void endDownload(void) {
  WinHttpCloseHandle(g_download);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'g_download', which a canceller may close too
  // CHECK-MESSAGES: :[[@LINE-4]]:6: note: 'abortDownload' is taken to run while the request is in flight: its name contains 'abort' (option 'CancelFunctionPattern')
  g_download = NULL;
}

// OK: each work item closes a request it opened.
static DWORD WINAPI ownWorker(LPVOID p) {
  HINTERNET r = WinHttpOpenRequest((HINTERNET)p, L"GET", L"/", NULL, NULL,
                                   NULL, 0);
  if (r)
    WinHttpCloseHandle(r);
  return 0;
}
void ownRequests(HINTERNET connect) {
  HANDLE t = CreateThread(NULL, 0, ownWorker, connect, 0, NULL);
  HINTERNET r = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
  if (r)
    WinHttpCloseHandle(r);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

// OK: the canceller takes the handles out; the function that frees the state
// afterwards closes what is left (it does not run while a request is in
// flight).
typedef struct {
  HINTERNET Session;
  HINTERNET Request;
} State;
int shutdownState(State *state) {
  if (state->Session) {
    WinHttpCloseHandle(state->Session);
    state->Session = NULL;
  }
  return 0;
}
void freeState(State *state) {
  if (state->Session)
    WinHttpCloseHandle(state->Session);
  HeapFree(GetProcessHeap(), 0, state);
}

// The canceller takes the request out without a lock while the sending
// function does the same: both can read it before either clears it.
int stopState(State *state) {
  if (state->Request) {
    WinHttpCloseHandle(state->Request);
    state->Request = NULL;
  }
  return 0;
}
void sendState(State *state) {
  WinHttpSendRequest(state->Request, NULL, 0, NULL, 0, 0, 0);
  if (state->Request) {
    HINTERNET request = state->Request;
    state->Request = NULL;
    WinHttpCloseHandle(request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'request', which a canceller may close too
    // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'WinHttpCloseHandle' closes 'state->Request' here too
  }
}
