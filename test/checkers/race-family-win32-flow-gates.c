// Families: handles that move through storage, and gates, in their Win32
// spellings in C. InterlockedExchangePointer (a macro over
// _InterlockedExchangePointer or a builtin, depending on the mode), a
// context struct reached through the thread's parameter, a flag set with
// InterlockedExchange in the status callback and read with
// InterlockedCompareExchange, an event the callback sets. MinGW and MSVC.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

static PVOID g_slot;
static DWORD WINAPI slotReader(LPVOID p) {
  (void)p;
  WinHttpReceiveResponse((HINTERNET)g_slot, NULL);
  return 0;
}

// The handle taken out of the shared slot is the one the worker uses.
void slotCancel(void) {
  HINTERNET old = (HINTERNET)InterlockedExchangePointer(&g_slot, NULL);
  if (old)
    WinHttpCloseHandle(old);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'old' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}
void slotStart(HINTERNET request) {
  InterlockedExchangePointer(&g_slot, request);
  CloseHandle(CreateThread(NULL, 0, slotReader, NULL, 0, NULL));
}

// OK: another slot, that no thread reads.
static PVOID g_otherSlot;
void otherSlotCancel(void) {
  HINTERNET old = (HINTERNET)InterlockedExchangePointer(&g_otherSlot, NULL);
  WinHttpCloseHandle(old);
}

typedef struct Job {
  HINTERNET request;
  volatile LONG headersSeen;
  HANDLE headersEvent;
} Job;

static void CALLBACK onStatus(HINTERNET h, DWORD_PTR context, DWORD status,
                              LPVOID info, DWORD length) {
  Job *job = (Job *)context;
  (void)h; (void)info; (void)length;
  if (status == WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE) {
    InterlockedExchange(&job->headersSeen, 1);
    SetEvent(job->headersEvent);
  }
}

static DWORD WINAPI jobWorker(LPVOID p) {
  Job *job = (Job *)p;
  WinHttpSendRequest(job->request, NULL, 0, NULL, 0, 0, (DWORD_PTR)job);
  WinHttpReceiveResponse(job->request, NULL);
  return 0;
}

static void jobStart(Job *job) {
  WinHttpSetStatusCallback(job->request, onStatus,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  CloseHandle(CreateThread(NULL, 0, jobWorker, job, 0, NULL));
}

// OK: the flag the callback sets, read with InterlockedCompareExchange.
void jobCancelAfterFlag(Job *job) {
  jobStart(job);
  if (InterlockedCompareExchange(&job->headersSeen, 0, 0) != 0)
    WinHttpCloseHandle(job->request);
}

// OK: the event the callback sets, waited for without a timeout.
void jobCancelAfterEvent(Job *job) {
  jobStart(job);
  WaitForSingleObject(job->headersEvent, INFINITE);
  WinHttpCloseHandle(job->request);
}

// The flag tested the other way round.
void jobCancelBeforeFlag(Job *job) {
  jobStart(job);
  if (InterlockedCompareExchange(&job->headersSeen, 0, 0) == 0)
    WinHttpCloseHandle(job->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'job->request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// The event waited for with a timeout whose result is ignored.
void jobCancelAfterTimedEvent(Job *job) {
  jobStart(job);
  WaitForSingleObject(job->headersEvent, 100);
  WinHttpCloseHandle(job->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'job->request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}
