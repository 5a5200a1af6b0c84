// Each option of winhttp-close-during-sync-call. MSVC mode needs no std::.
// RUN: %check_clang_tidy -check-suffix=DEFAULT %s winhttp-close-during-sync-call %t -- -- %msvc
// RUN: %check_clang_tidy -check-suffix=OPTS %s winhttp-close-during-sync-call %t -- \
// RUN:   -config="{CheckOptions: {winhttp-close-during-sync-call.CancelFunctionPattern: 'halt;Quit', \
// RUN:     winhttp-close-during-sync-call.ThreadStartFunctions: 'spawnTask:0:1', \
// RUN:     winhttp-close-during-sync-call.ThreadJoinFunctions: 'finishTask', \
// RUN:     winhttp-close-during-sync-call.StrictCallbackGating: true, \
// RUN:     winhttp-close-during-sync-call.IncludeParentHandles: true, \
// RUN:     winhttp-close-during-sync-call.HandleTypes: '::my::Request'}}" -- %msvc
// RUN: %check_clang_tidy -check-suffix=NOASSUME %s winhttp-close-during-sync-call %t -- \
// RUN:   -config="{CheckOptions: {winhttp-close-during-sync-call.AssumeSyncWhenUnknown: false}}" -- %msvc

#include <windows.h>
#include <winhttp.h>

typedef int TaskId;
TaskId spawnTask(DWORD (WINAPI *Fn)(LPVOID), LPVOID Arg);
void finishTask(TaskId Id);

struct Session {
  HINTERNET Sess = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
  HINTERNET Conn = WinHttpConnect(Sess, L"h", 80, 0);
  HINTERNET Req = WinHttpOpenRequest(Conn, L"GET", L"/", nullptr, nullptr, nullptr, 0);
};

// CancelFunctionPattern: 'stop' by default, 'halt' or 'quit' with the option.
struct Named : Session {
  void fetch() { WinHttpReceiveResponse(Req, nullptr); }
  void stop() { WinHttpCloseHandle(Req); }
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:17: warning: 'WinHttpCloseHandle' may close 'Req'
  // CHECK-MESSAGES-NOASSUME: :[[@LINE-2]]:17: warning: 'WinHttpCloseHandle' may close 'Req'
  void halt() { WinHttpCloseHandle(Req); }
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:17: warning: 'WinHttpCloseHandle' may close 'Req'
  void onQuit() { WinHttpCloseHandle(Req); }
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:19: warning: 'WinHttpCloseHandle' may close 'Req'
};

// ThreadStartFunctions and ThreadJoinFunctions: a project's own task API.
HINTERNET g_TaskRequest = Session().Req;
DWORD WINAPI taskBody(LPVOID Arg) {
  WinHttpSendRequest((HINTERNET)Arg, nullptr, 0, nullptr, 0, 0, 0);
  return 0;
}
void runTask() {
  TaskId Id = spawnTask(taskBody, g_TaskRequest);
  WinHttpCloseHandle(g_TaskRequest);
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_TaskRequest' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  finishTask(Id);
}
HINTERNET g_JoinedRequest;
void runTaskJoined() {
  TaskId Id = spawnTask(taskBody, g_JoinedRequest);
  finishTask(Id);
  WinHttpCloseHandle(g_JoinedRequest); // OK: finishTask orders it.
}

// AssumeSyncWhenUnknown: a handle from elsewhere is taken to be synchronous
// by default; with the option off it is not reported.
struct FromElsewhere {
  HINTERNET Req;
  explicit FromElsewhere(HINTERNET R) : Req(R) {}
  void read() { WinHttpReadData(Req, nullptr, 0, nullptr); }
  void cancel() { WinHttpCloseHandle(Req); }
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:19: warning: 'WinHttpCloseHandle' may close 'Req'
};

// StrictCallbackGating: a flag set by the callback gates the close, unless
// only the close inside the callback counts.
struct Gated : Session {
  bool Seen = false;
  static void CALLBACK onStatus(HINTERNET, DWORD_PTR Ctx, DWORD, LPVOID, DWORD) {
    reinterpret_cast<Gated *>(Ctx)->Seen = true;
  }
  void fetch() {
    WinHttpSetStatusCallback(Req, onStatus, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
    WinHttpSendRequest(Req, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)this);
  }
  void halt() {
    if (Seen)
      WinHttpCloseHandle(Req);
    // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:7: warning: 'WinHttpCloseHandle' may close 'Req'
  }
};

// IncludeParentHandles: closing the session under a blocking request.
struct Parent : Session {
  void fetch() { WinHttpSendRequest(Req, nullptr, 0, nullptr, 0, 0, 0); }
  void halt() { WinHttpCloseHandle(Sess); }
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:17: warning: 'WinHttpCloseHandle' may close 'Sess' while another thread is blocked in synchronous
};

// HandleTypes: a project's own RAII request type.
namespace my {
struct Request {
  HINTERNET H = nullptr;
  HINTERNET get() const { return H; }
  void reset();
};
} // namespace my
struct Owner {
  my::Request Req;
  void send() { WinHttpSendRequest(Req.get(), nullptr, 0, nullptr, 0, 0, 0); }
  void quit() { Req.reset(); }
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:17: warning: 'reset' may close 'Req'
};
