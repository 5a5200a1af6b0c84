// Probe 3 of the analysis-core issue: clang builds no CFG for a function
// with __try/__finally, so nothing is known of what orders its statements.
// A join before a close there is not seen: the check stays quiet rather
// than report a race it has no evidence of (ReportAnalysisLimits says why).
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11
// RUN: %check_clang_tidy %s 'winhttp-*' %t -- -- %msvc -std=c11
// RUN: %clang_tidy -checks='-*,winhttp-close-during-sync-call' --quiet \
// RUN:   -config="{CheckOptions: {winhttp-close-during-sync-call.ReportAnalysisLimits: true}}" \
// RUN:   %s -- %msvc -std=c11 2>&1 | FileCheck %s -check-prefix=LIMITS

#include <windows.h>
#include <winhttp.h>

static HINTERNET g_request;

static DWORD WINAPI receiveWorker(LPVOID unused) {
  (void)unused;
  if (!WinHttpReceiveResponse(g_request, NULL))
    return 1;
  return 0;
}

// OK: the wait comes first; the function has no CFG.
void closeAfterWaitInTry(void) {
  HANDLE t = CreateThread(NULL, 0, receiveWorker, NULL, 0, NULL);
  __try {
    WaitForSingleObject(t, INFINITE);
    WinHttpCloseHandle(g_request);
  } __finally {
    CloseHandle(t);
  }
}
// LIMITS: analysis limit 'IncompleteOrderFacts' reached at {{.*}}determinism-probes-no-cfg.c:[[@LINE-5]]:5

static void waitInTry(HANDLE t) {
  __try {
    WaitForSingleObject(t, INFINITE);
  } __finally {
    CloseHandle(t);
  }
}

// OK: the wait is in a helper without a CFG.
void closeAfterHelperWait(void) {
  HANDLE t = CreateThread(NULL, 0, receiveWorker, NULL, 0, NULL);
  waitInTry(t);
  WinHttpCloseHandle(g_request);
}

// The same close with a CFG and no wait is a race.
void closeWithoutWait(void) {
  CreateThread(NULL, 0, receiveWorker, NULL, 0, NULL);
  WinHttpCloseHandle(g_request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}
