// winhttp-context-lifetime in C++ without the standard library: contexts
// freed after the close, automatic contexts, waits that never end, contexts
// freed twice; MinGW and MSVC modes.
// RUN: %check_clang_tidy %s winhttp-context-lifetime %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy %s winhttp-context-lifetime %t -- -- %msvc -std=c++17

#include <windows.h>
#include <winhttp.h>

struct Request {
  HINTERNET Handle = nullptr;
  HANDLE Closed = nullptr;
  LONG Refs = 1;
  char Buffer[256];
};

// Signals on HANDLE_CLOSING and frees nothing.
void CALLBACK signalling(HINTERNET, DWORD_PTR Context, DWORD Status, LPVOID,
                         DWORD) {
  auto *R = reinterpret_cast<Request *>(Context);
  switch (Status) {
  case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
    SetEvent(R->Closed);
    break;
  default:
    break;
  }
}

// Frees the context on HANDLE_CLOSING, the documented pattern.
void CALLBACK freeing(HINTERNET, DWORD_PTR Context, DWORD Status, LPVOID,
                      DWORD) {
  Request *R = reinterpret_cast<Request *>(Context);
  if (Status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
    delete R;
}

HINTERNET openAsync() {
  HINTERNET S = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                            WINHTTP_FLAG_ASYNC);
  return WinHttpOpenRequest(WinHttpConnect(S, L"example.com", 443, 0), L"GET",
                            L"/", nullptr, WINHTTP_NO_REFERER,
                            WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
}

// --- Rule 1: freed after the close ----------------------------------------

// delete right after the close (Azure SDK PR #7405).
void deleteAfterClose() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(R));
  WinHttpCloseHandle(H);
  delete R;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the callback context 'R' is freed after its handle is closed, but callbacks can still arrive until WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING [winhttp-context-lifetime]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the handle is closed here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: 'R' is bound as the callback context of the handle here
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: 'signalling' is registered as the status callback here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: free the context in the callback on WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, or wait here for an event the callback signals then; removing the callback with WinHttpSetStatusCallback first does not make this safe
}

// Removing the callback first does not help (libHttpClient PR #726).
void unregisterThenDelete() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R);
  WinHttpSetStatusCallback(H, nullptr, 0, 0);
  WinHttpCloseHandle(H);
  delete R;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the callback context 'R' is freed after its handle is closed
}

// The context bound by WINHTTP_OPTION_CONTEXT_VALUE: what the local points
// to, not the local.
void optionContext() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  WinHttpSetOption(H, WINHTTP_OPTION_CONTEXT_VALUE, &R, sizeof R);
  WinHttpCloseHandle(H);
  HeapFree(GetProcessHeap(), 0, R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the callback context 'R' is freed after its handle is closed
}

// A callback registered on the session covers its requests.
void sessionCallback() {
  HINTERNET S = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                            WINHTTP_FLAG_ASYNC);
  WinHttpSetStatusCallback(S, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  HINTERNET H = WinHttpOpenRequest(WinHttpConnect(S, L"example.com", 443, 0),
                                   L"GET", L"/", nullptr, WINHTTP_NO_REFERER,
                                   WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
  Request *R = new Request;
  if (!WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R))
    return;
  WinHttpCloseHandle(H);
  delete R;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the callback context 'R' is freed after its handle is closed
}

// A member context freed in a member after the close; on one path only.
class Client {
public:
  void cancel(bool Now) {
    WinHttpCloseHandle(Ctx->Handle);
    if (Now)
      delete Ctx;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the callback context 'Ctx' is freed after its handle is closed
  }
  bool start() {
    Ctx = new Request;
    Ctx->Handle = openAsync();
    WinHttpSetStatusCallback(Ctx->Handle, signalling,
                             WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    return WinHttpSendRequest(Ctx->Handle, nullptr, 0, nullptr, 0, 0,
                              (DWORD_PTR)Ctx);
  }

private:
  Request *Ctx = nullptr;
};

// --- Rule 2: automatic contexts --------------------------------------------

// The address of a local, and the function returns at once.
bool localContext() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request Local;
  return WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)&Local);
  // CHECK-MESSAGES: :[[@LINE-1]]:71: warning: 'Local', an automatic object, is bound as the callback context of a handle of an asynchronous session, and the function can return before WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING [winhttp-context-lifetime]
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: 'Local' is destroyed when the function returns, while callbacks can still arrive with its address
}

// Waiting on one path only is not enough.
void waitsSometimes(bool Wait) {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request Local;
  Local.Closed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  Request *Context = &Local;
  WinHttpSetOption(H, WINHTTP_OPTION_CONTEXT_VALUE, &Context, sizeof Context);
  // CHECK-MESSAGES: :[[@LINE-2]]:23: warning: 'Local', an automatic object, is bound as the callback context
  WinHttpCloseHandle(H);
  if (Wait)
    WaitForSingleObject(Local.Closed, INFINITE);
}

// --- Rule 3: waits that never end ------------------------------------------

// Registered without WINHTTP_CALLBACK_FLAG_HANDLES.
void withoutHandlesFlag() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling,
                           WINHTTP_CALLBACK_FLAG_REQUEST_ERROR |
                               WINHTTP_CALLBACK_FLAG_SENDREQUEST_COMPLETE,
                           0);
  Request *R = new Request;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R);
  WinHttpCloseHandle(H);
  WaitForSingleObject(R->Closed, INFINITE);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this wait for WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING never ends: 'signalling' is registered without WINHTTP_CALLBACK_FLAG_HANDLES [winhttp-context-lifetime]
  // CHECK-MESSAGES: :[[@LINE-9]]:3: note: 'signalling' is registered here with flags that leave out WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING
  delete R;
}

// No context bound to the handle (Azure SDK issue #7352).
Request Shared;
void noContext() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, 0);
  WinHttpCloseHandle(H);
  WaitForSingleObject(Shared.Closed, INFINITE);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this wait for WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING never ends: no context is bound to the handle closed before it, and WinHTTP sends HANDLE_CLOSING only for a handle with a context value
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the handle is closed here
}

// --- Rule 4: freed twice -----------------------------------------------------

// Deleted on the failed send and by the callback (cpprestsdk PR #1022).
bool freedOnFailure() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, freeing, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  if (!WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R)) {
    delete R;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the callback context 'R' is freed when binding it fails, and the status callback frees it again on WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING [winhttp-context-lifetime]
    // CHECK-MESSAGES: :35:5: note: 'freeing' frees the context here on HANDLE_CLOSING
    WinHttpCloseHandle(H);
    return false;
  }
  return true;
}

// --- Quiet -----------------------------------------------------------------

// OK: freed by the callback on HANDLE_CLOSING only.
bool freedByCallback() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, freeing, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  if (!WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R)) {
    WinHttpCloseHandle(H);
    return false;
  }
  return true;
}

// OK: waits for the event the callback sets on HANDLE_CLOSING.
void waitsForClosing() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  R->Closed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R);
  WinHttpCloseHandle(H);
  WaitForSingleObject(R->Closed, INFINITE);
  delete R;
}

// OK: a local context and a wait for HANDLE_CLOSING before returning.
void localAndWait() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request Local;
  Local.Closed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (!WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)&Local)) {
    WinHttpCloseHandle(H);
    return;
  }
  WinHttpCloseHandle(H);
  WaitForSingleObject(Local.Closed, INFINITE);
}

// OK: a reference count: the last release frees (Microsoft's async sample).
void release(Request *R) {
  if (InterlockedDecrement(&R->Refs) == 0)
    delete R;
}
void CALLBACK releasing(HINTERNET, DWORD_PTR Context, DWORD Status, LPVOID,
                        DWORD) {
  if (Status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
    release(reinterpret_cast<Request *>(Context));
}
void refCounted() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, releasing, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  R->Refs = 2;
  if (!WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R)) {
    if (InterlockedDecrement(&R->Refs) == 0)
      delete R;
  }
  WinHttpCloseHandle(H);
  if (--R->Refs == 0)
    delete R;
}

// OK: no status callback on the handle: nothing arrives after the close.
void noCallback() {
  HINTERNET H = openAsync();
  Request *R = new Request;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R);
  WinHttpCloseHandle(H);
  delete R;
}

// OK: freed before the handle got it, or another object freed.
void otherObject() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *Old = new Request;
  delete Old;
  Request *R = new Request;
  Request *Scratch = new Request;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R);
  WinHttpCloseHandle(H);
  delete Scratch;
}

// OK: a local context in a synchronous session (the call returns when done)
// and in a function of unknown mode.
void syncLocal() {
  HINTERNET S = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
  HINTERNET H = WinHttpOpenRequest(WinHttpConnect(S, L"example.com", 80, 0),
                                   L"GET", L"/", nullptr, WINHTTP_NO_REFERER,
                                   WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
  Request Local;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)&Local);
  WinHttpCloseHandle(H);
}
void unknownMode(HINTERNET H) {
  Request Local;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)&Local);
}

// OK: flags that are not constant, and ALL_NOTIFICATIONS.
void variableFlags(DWORD Flags) {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, Flags, 0);
  Request *R = new Request;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R);
  WinHttpCloseHandle(H);
  WaitForSingleObject(R->Closed, INFINITE);
  delete R;
}

// OK: the context freed on a failed send when the callback does not free it.
bool failedSendNoCallbackFree() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  if (!WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R)) {
    delete R;
    return false;
  }
  return true;
}

// A free on a failed WinHttpSetOption: the context was never bound, so the
// callback will not free it. OK.
bool setOptionFailed() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, freeing, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  if (!WinHttpSetOption(H, WINHTTP_OPTION_CONTEXT_VALUE, &R, sizeof R)) {
    delete R;
    return false;
  }
  return true;
}

// A free in a switch's default branch after the close.
void freeInDefault(int Kind) {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, signalling, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Request *R = new Request;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)R);
  WinHttpCloseHandle(H);
  switch (Kind) {
  case 1:
    break;
  default:
    delete R;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the callback context 'R' is freed after its handle is closed
  }
}
