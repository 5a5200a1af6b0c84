// The thread-model options of winhttp-use-after-close (closes on two
// threads), and malformed values. MSVC mode needs no std::.
// RUN: %check_clang_tidy -check-suffix=DEFAULT %s winhttp-use-after-close %t -- -- %msvc
// RUN: %check_clang_tidy -check-suffix=OPTS %s winhttp-use-after-close %t -- \
// RUN:   -config="{CheckOptions: {winhttp-use-after-close.CancelFunctionPattern: 'halt', \
// RUN:     ThreadStartFunctions: 'spawnTask:0:1', ThreadJoinFunctions: 'finishTask', \
// RUN:     HandleTypes: '::my::Request'}}" -- %msvc
// RUN: %check_clang_tidy -check-suffix=BAD %s winhttp-use-after-close %t -- \
// RUN:   -config="{CheckOptions: {winhttp-use-after-close.CancelFunctionPattern: 'stop;bad-word', \
// RUN:     winhttp-use-after-close.ThreadStartFunctions: 'spawn:x', \
// RUN:     winhttp-use-after-close.ThreadJoinFunctions: 'wait:y'}}" -- %msvc

#include <windows.h>
#include <winhttp.h>

// CHECK-MESSAGES-BAD-DAG: warning: invalid word 'bad-word' in option 'CancelFunctionPattern' of check 'winhttp-use-after-close': words are letters and digits [clang-tidy-config]
// CHECK-MESSAGES-BAD-DAG: warning: invalid entry 'spawn:x' in option 'ThreadStartFunctions' of check 'winhttp-use-after-close'
// CHECK-MESSAGES-BAD-DAG: warning: invalid entry 'wait:y' in option 'ThreadJoinFunctions' of check 'winhttp-use-after-close'

typedef int TaskId;
TaskId spawnTask(DWORD (WINAPI *Fn)(LPVOID), LPVOID Arg);
void finishTask(TaskId Id);

// CancelFunctionPattern: 'stop' by default, 'halt' with the option.
struct Stopped {
  HINTERNET Req;
  void stop() { WinHttpCloseHandle(Req); }
  void done() { WinHttpCloseHandle(Req); }
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:17: warning: 'WinHttpCloseHandle' closes 'Req', which a canceller may close too
  // CHECK-MESSAGES-BAD: :[[@LINE-2]]:17: warning: 'WinHttpCloseHandle' closes 'Req', which a canceller may close too
};
struct Halted {
  HINTERNET Req;
  void halt() { WinHttpCloseHandle(Req); }
  void done() { WinHttpCloseHandle(Req); }
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:17: warning: 'WinHttpCloseHandle' closes 'Req', which a canceller may close too
};

// ThreadStartFunctions: a project's own task API runs the close elsewhere.
HINTERNET g_TaskRequest;
DWORD WINAPI taskBody(LPVOID) {
  WinHttpCloseHandle(g_TaskRequest);
  return 0;
}
void runTask() {
  TaskId T = spawnTask(taskBody, nullptr);
  WinHttpCloseHandle(g_TaskRequest);
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'g_TaskRequest', which another thread may close too
  // CHECK-MESSAGES-OPTS: :[[@LINE-3]]:14: note: 'taskBody' runs the other close on another thread, started here with 'spawnTask'
  finishTask(T);
}

// ThreadJoinFunctions: the task cleared the global before the join; the
// close after it finds NULL.
HINTERNET g_Joined;
DWORD WINAPI clearingBody(LPVOID) {
  WinHttpCloseHandle(g_Joined);
  g_Joined = nullptr;
  return 0;
}
void runJoined() {
  TaskId T = spawnTask(clearingBody, nullptr);
  finishTask(T);
  if (g_Joined)
    WinHttpCloseHandle(g_Joined);
}
