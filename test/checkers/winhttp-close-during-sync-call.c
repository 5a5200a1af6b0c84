// Win32 threads in C: CreateThread with a context struct, waits, critical
// sections and thread pools. MinGW and MSVC mode.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>
#include <process.h>

typedef struct Job {
  HINTERNET session;
  HINTERNET request;
  CRITICAL_SECTION lock;
} Job;

static DWORD WINAPI worker(LPVOID param) {
  Job *job = (Job *)param;
  WinHttpSendRequest(job->request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0);
  WinHttpReceiveResponse(job->request, NULL);
  return 0;
}

static void openJob(Job *job) {
  job->session = WinHttpOpen(L"ua", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL, 0);
  job->request = WinHttpOpenRequest(WinHttpConnect(job->session, L"h", 80, 0), L"GET", L"/", NULL, NULL, NULL, 0);
}

typedef struct JobA { HINTERNET request; } JobA;
static DWORD WINAPI workerA(LPVOID p) {
  WinHttpSendRequest(((JobA *)p)->request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0);
  return 0;
}
// The context struct's field is the same handle on both threads.
void runWithoutWait(JobA *job) {
  HANDLE thread = CreateThread(NULL, 0, workerA, job, 0, NULL);
  WinHttpCloseHandle(job->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'job->request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  CloseHandle(thread);
}

typedef struct JobB { HINTERNET request; } JobB;
static DWORD WINAPI workerB(LPVOID p) {
  WinHttpSendRequest(((JobB *)p)->request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0);
  return 0;
}
// OK: WaitForSingleObject(INFINITE) first.
void runAndWait(JobB *job) {
  HANDLE thread = CreateThread(NULL, 0, workerB, job, 0, NULL);
  WaitForSingleObject(thread, INFINITE);
  WinHttpCloseHandle(job->request);
}

typedef struct JobC { HINTERNET request; } JobC;
static DWORD WINAPI workerC(LPVOID p) {
  WinHttpSendRequest(((JobC *)p)->request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0);
  return 0;
}
// A timed wait orders only where it reported completion.
void runWithTimedWait(JobC *job) {
  HANDLE thread = CreateThread(NULL, 0, workerC, job, 0, NULL);
  if (WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0) {
    WinHttpCloseHandle(job->request); // OK
  } else {
    WinHttpCloseHandle(job->request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'job->request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  }
}

typedef struct JobD { HINTERNET request; } JobD;
static DWORD WINAPI workerD(LPVOID p) {
  WinHttpSendRequest(((JobD *)p)->request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0);
  return 0;
}
// OK: WaitForMultipleObjects with bWaitAll and INFINITE.
void runTwo(JobD *job) {
  HANDLE first = CreateThread(NULL, 0, workerD, job, 0, NULL);
  HANDLE both[2] = {first, first};
  WaitForMultipleObjects(2, both, TRUE, INFINITE);
  WinHttpCloseHandle(job->request);
}

typedef struct JobE { HINTERNET request; } JobE;
static DWORD WINAPI workerE(LPVOID p) {
  WinHttpSendRequest(((JobE *)p)->request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0);
  return 0;
}
// ... but not with bWaitAll FALSE: one thread may still run.
void runAny(JobE *job) {
  HANDLE first = CreateThread(NULL, 0, workerE, job, 0, NULL);
  HANDLE both[2] = {first, first};
  WaitForMultipleObjects(2, both, FALSE, INFINITE);
  WinHttpCloseHandle(job->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'job->request'
}

// _beginthreadex and a wait on its handle.
typedef struct JobF { HINTERNET request; } JobF;
static unsigned __stdcall crtWorker(void *param) {
  JobF *job = (JobF *)param;
  WinHttpReadData(job->request, NULL, 0, NULL);
  return 0;
}
void crtThread(JobF *job) {
  HANDLE thread = (HANDLE)_beginthreadex(NULL, 0, crtWorker, job, 0, NULL);
  WinHttpCloseHandle(job->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'job->request' while another thread is blocked in synchronous 'WinHttpReadData' on it
  WaitForSingleObject(thread, INFINITE);
}

// The thread pool: QueueUserWorkItem cannot be waited for.
static DWORD WINAPI poolWorker(LPVOID param) {
  HINTERNET request = (HINTERNET)param;
  WinHttpQueryDataAvailable(request, NULL);
  return 0;
}
HINTERNET g_poolRequest;
void pool(void) {
  QueueUserWorkItem(poolWorker, g_poolRequest, 0);
  WinHttpCloseHandle(g_poolRequest);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_poolRequest' while another thread is blocked in synchronous 'WinHttpQueryDataAvailable' on it
}

// OK: both sides inside the same critical section.
typedef struct Guarded {
  CRITICAL_SECTION cs;
  HINTERNET request;
} Guarded;
static DWORD WINAPI guardedWorker(LPVOID param) {
  Guarded *g = (Guarded *)param;
  EnterCriticalSection(&g->cs);
  WinHttpReceiveResponse(g->request, NULL);
  LeaveCriticalSection(&g->cs);
  return 0;
}
void guardedCancel(Guarded *g) {
  CreateThread(NULL, 0, guardedWorker, g, 0, NULL);
  EnterCriticalSection(&g->cs);
  WinHttpCloseHandle(g->request);
  LeaveCriticalSection(&g->cs);
}

// A lock released before the close does not protect it.
void releasedTooEarly(Guarded *g) {
  CreateThread(NULL, 0, guardedWorker, g, 0, NULL);
  EnterCriticalSection(&g->cs);
  LeaveCriticalSection(&g->cs);
  WinHttpCloseHandle(g->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g->request'
}

// A canceller found by its name, in snake_case.
typedef struct Client { HINTERNET request; } Client;
void client_fetch(Client *c) { WinHttpReceiveResponse(c->request, NULL); }
void client_abort(Client *c) {
  WinHttpCloseHandle(c->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'c->request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// OK: an asynchronous session, flags from a local constant.
typedef struct AsyncClient { HINTERNET session, request; } AsyncClient;
void async_open(AsyncClient *c) {
  const DWORD flags = WINHTTP_FLAG_ASYNC;
  c->session = WinHttpOpen(L"ua", 0, NULL, NULL, flags);
  c->request = WinHttpOpenRequest(WinHttpConnect(c->session, L"h", 80, 0), L"GET", L"/", NULL, NULL, NULL, 0);
}
void async_fetch(AsyncClient *c) { WinHttpSendRequest(c->request, NULL, 0, NULL, 0, 0, 1); }
void async_cancel(AsyncClient *c) { WinHttpCloseHandle(c->request); }

// OK: a canceller that closes a handle nobody blocks on.
typedef struct Idle { HINTERNET request; } Idle;
void idle_stop(Idle *i) { WinHttpCloseHandle(i->request); }
