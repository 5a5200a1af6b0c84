// winhttp-async-out-param in C++ without the standard library: members,
// lambdas, helpers, references; MinGW and MSVC modes.
// RUN: %check_clang_tidy --fix-notes %s winhttp-async-out-param %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy --fix-notes %s winhttp-async-out-param %t -- -- %msvc -std=c++17

#include <windows.h>
#include <winhttp.h>

class Client {
public:
  bool open(const wchar_t *Host) {
    Session = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                          WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                          WINHTTP_FLAG_ASYNC);
    Request = WinHttpOpenRequest(WinHttpConnect(Session, Host, 443, 0), L"GET",
                                 L"/", nullptr, WINHTTP_NO_REFERER,
                                 WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    return Request != nullptr;
  }

  // A member that reads into a member: the count pointer is the bug.
  bool readMore() {
    return WinHttpReadData(Request, Buffer, sizeof(Buffer), &Read) != FALSE;
    // CHECK-MESSAGES: :[[@LINE-1]]:61: warning: 'WinHttpReadData' on a handle of an asynchronous session must get NULL for the number of bytes
    // CHECK-MESSAGES: :12:15: note: the session is asynchronous
    // CHECK-MESSAGES: :[[@LINE-3]]:61: note: pass 'nullptr' and take the count
  }

  // A local object's field as the body.
  bool post() {
    struct {
      char Header[8];
      char Payload[32];
    } Message = {"v1", "data"};
    return WinHttpWriteData(Request, &Message.Payload, sizeof Message.Payload,
                            nullptr);
    // CHECK-MESSAGES: :[[@LINE-2]]:38: warning: 'WinHttpWriteData' on a handle of an asynchronous session gets a buffer that lives in 'Message'
    // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'Message' is destroyed when the function returns
    // CHECK-MESSAGES: :12:15: note: the session is asynchronous
  }

  // A lambda that queries with a local count it never reads.
  void poll() {
    auto Query = [this] {
      DWORD Available;
      WinHttpQueryDataAvailable(Request, &Available);
      // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: 'WinHttpQueryDataAvailable' on a handle of an asynchronous session must get NULL
      // CHECK-MESSAGES: :12:15: note: the session is asynchronous
      // CHECK-MESSAGES: :[[@LINE-3]]:42: note: pass 'nullptr': 'Available' is not read after the call
      // CHECK-FIXES: WinHttpQueryDataAvailable(Request, nullptr);
    };
    Query();
  }

  // A helper that gets the handle as a parameter.
  static void drain(HINTERNET R) {
    DWORD Got = 0;
    WinHttpReadData(R, Shared, sizeof(Shared), &Got);
    // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: 'WinHttpReadData' on a handle of an asynchronous session must get NULL
    // CHECK-MESSAGES: :12:15: note: the session is asynchronous
    // CHECK-MESSAGES: :[[@LINE-3]]:48: note: pass 'nullptr': 'Got' is not read after the call
    // CHECK-FIXES: WinHttpReadData(R, Shared, sizeof(Shared), nullptr);
  }
  void drainAll() { drain(Request); }

  // A local array read into, the result tested: success returns at once.
  bool readLocal() {
    BYTE Chunk[128];
    if (WinHttpReadData(Request, Chunk, sizeof Chunk, nullptr))
      return true;
    // CHECK-MESSAGES: :[[@LINE-2]]:34: warning: 'WinHttpReadData' on a handle of an asynchronous session gets a buffer that lives in 'Chunk'
    // CHECK-MESSAGES: :[[@LINE-4]]:10: note: 'Chunk' is destroyed
    // CHECK-MESSAGES: :12:15: note: the session is asynchronous
    return false;
  }

  // --- Quiet ---------------------------------------------------------------

  // OK: member buffers live as long as the client.
  bool readMember() {
    return WinHttpReadData(Request, Buffer, sizeof(Buffer), nullptr) != FALSE;
  }

  // OK: the local buffer is used only when the call failed at once.
  bool failFast() {
    char Chunk[16];
    if (!WinHttpReadData(Request, Chunk, sizeof Chunk, nullptr))
      return false;
    WaitForSingleObject(Done, INFINITE);
    return true;
  }

  // OK: a reference to a caller's buffer.
  bool intoCallers(char (&Out)[64]) {
    return WinHttpReadData(Request, Out, sizeof Out, nullptr) != FALSE;
  }

  HINTERNET Session = nullptr, Request = nullptr;
  HANDLE Done = nullptr;
  char Buffer[1024];
  DWORD Read = 0;
  static char Shared[256];
};

// OK: a synchronous client passes the count.
DWORD syncRead(const wchar_t *Host, char *Out, DWORD Size) {
  HINTERNET S = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
  HINTERNET R = WinHttpOpenRequest(WinHttpConnect(S, Host, 80, 0), L"GET", L"/",
                                   nullptr, WINHTTP_NO_REFERER,
                                   WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
  char Local[64];
  DWORD N = 0;
  WinHttpReadData(R, Local, sizeof Local, &N);
  return N;
}

// OK: the mode of a handle handed in from outside is unknown.
DWORD fromOutside(HINTERNET R) {
  DWORD N = 0;
  char Local[8];
  WinHttpReadData(R, Local, sizeof Local, &N);
  return N;
}
