// Correct code that must stay quiet: the safe patterns of the docs and
// common teardown shapes. MSVC mode, no standard library.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc

#include <windows.h>
#include <winhttp.h>

// OK: safe pattern 1, an asynchronous session cancelled by closing.
struct AsyncRequest {
  HINTERNET Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
  HINTERNET Request = WinHttpOpenRequest(WinHttpConnect(Session, L"h", 443, 0), L"GET", L"/", nullptr, nullptr, nullptr, WINHTTP_FLAG_SECURE);
  void send() { WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)this); }
  void cancel() { WinHttpCloseHandle(Request); }
};

// OK: safe pattern 2, closed from the informational callback.
HINTERNET g_Request;
void CALLBACK onStatus(HINTERNET H, DWORD_PTR, DWORD Status, LPVOID, DWORD) {
  if (Status == WINHTTP_CALLBACK_STATUS_SENDING_REQUEST)
    WinHttpCloseHandle(H);
}
DWORD WINAPI worker(LPVOID) {
  WinHttpSetStatusCallback(g_Request, onStatus, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
  WinHttpSendRequest(g_Request, nullptr, 0, nullptr, 0, 0, 0);
  return 0;
}

// OK: safe pattern 2, after an event that the callback signals.
struct EventGated {
  HANDLE Seen = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HINTERNET Request;
  static void CALLBACK onSeen(HINTERNET, DWORD_PTR Ctx, DWORD, LPVOID, DWORD) {
    SetEvent(reinterpret_cast<EventGated *>(Ctx)->Seen);
  }
  void send() {
    WinHttpSetStatusCallback(Request, onSeen, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
    WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)this);
  }
  void cancel() {
    WaitForSingleObject(Seen, INFINITE);
    WinHttpCloseHandle(Request);
  }
};

// OK: safe pattern 3, timeouts and a worker that cleans up after itself.
DWORD WINAPI selfCleaning(LPVOID Arg) {
  HINTERNET Request = (HINTERNET)Arg;
  WinHttpSetTimeouts(Request, 5000, 5000, 10000, 10000);
  if (!WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 0) ||
      !WinHttpReceiveResponse(Request, nullptr)) {
    WinHttpCloseHandle(Request);
    return 1;
  }
  WinHttpCloseHandle(Request);
  return 0;
}
void startSelfCleaning(HINTERNET Request) {
  CloseHandle(CreateThread(nullptr, 0, selfCleaning, Request, 0, nullptr));
}

// OK: teardown after the worker finished, through a helper that waits.
struct Teardown {
  HANDLE Thread = nullptr;
  HINTERNET Request = nullptr;
  static DWORD WINAPI run(LPVOID Self) {
    WinHttpReceiveResponse(static_cast<Teardown *>(Self)->Request, nullptr);
    return 0;
  }
  void start() { Thread = CreateThread(nullptr, 0, run, this, 0, nullptr); }
  void waitDone() { WaitForSingleObject(Thread, INFINITE); }
  void shutdown() {
    waitDone();
    WinHttpCloseHandle(Request);
  }
};

// OK: SRW lock held around both.
struct SrwLocked {
  SRWLOCK Lock = SRWLOCK_INIT;
  HINTERNET Request = nullptr;
  void read() {
    AcquireSRWLockExclusive(&Lock);
    WinHttpReadData(Request, nullptr, 0, nullptr);
    ReleaseSRWLockExclusive(&Lock);
  }
  void abort() {
    AcquireSRWLockExclusive(&Lock);
    WinHttpCloseHandle(Request);
    ReleaseSRWLockExclusive(&Lock);
  }
};

// OK: non-blocking calls do not race a close.
struct NonBlocking {
  HINTERNET Request = nullptr;
  void inspect() {
    DWORD Size = 0;
    WinHttpQueryHeaders(Request, WINHTTP_QUERY_STATUS_CODE, nullptr, nullptr, &Size, nullptr);
    WinHttpSetOption(Request, WINHTTP_OPTION_CONTEXT_VALUE, nullptr, 0);
  }
  void cancel() { WinHttpCloseHandle(Request); }
};

// OK: different requests.
struct TwoRequests {
  HINTERNET Upload = nullptr, Download = nullptr;
  void sendUpload() { WinHttpSendRequest(Upload, nullptr, 0, nullptr, 0, 0, 0); }
  void stopDownload() { WinHttpCloseHandle(Download); }
};

// OK: WaitForMultipleObjects with a single handle.
struct SingleWait {
  HANDLE Thread = nullptr;
  HINTERNET Request = nullptr;
  static DWORD WINAPI run(LPVOID Self) {
    WinHttpSendRequest(static_cast<SingleWait *>(Self)->Request, nullptr, 0, nullptr, 0, 0, 0);
    return 0;
  }
  void start() { Thread = CreateThread(nullptr, 0, run, this, 0, nullptr); }
  void stop() {
    WaitForMultipleObjects(1, &Thread, FALSE, INFINITE);
    WinHttpCloseHandle(Request);
  }
};
