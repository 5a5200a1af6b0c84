// winhttp-async-out-param with the C++ standard library: containers' data,
// futures that wait for the completion.
// RUN: %check_clang_tidy --fix-notes %s winhttp-async-out-param %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <array>
#include <future>
#include <memory>
#include <string>
#include <vector>

static HINTERNET Request;

bool open(const wchar_t *Host) {
  HINTERNET S = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                            WINHTTP_FLAG_ASYNC);
  Request = WinHttpOpenRequest(WinHttpConnect(S, Host, 443, 0), L"POST", L"/",
                               nullptr, WINHTTP_NO_REFERER,
                               WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
  return Request != nullptr;
}

// A std::string body of a send.
bool sendString() {
  std::string Body = "{\"a\":1}";
  return WinHttpSendRequest(Request, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                            const_cast<char *>(Body.data()),
                            static_cast<DWORD>(Body.size()),
                            static_cast<DWORD>(Body.size()), 0);
  // CHECK-MESSAGES: :[[@LINE-3]]:29: warning: 'WinHttpSendRequest' on a handle of an asynchronous session gets a buffer that lives in 'Body'
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: 'Body' is destroyed when the function returns
  // CHECK-MESSAGES: :16:17: note: the session is asynchronous
}

// A vector and a std::array read into.
bool readContainers() {
  std::vector<char> Chunk(64);
  std::array<char, 32> Small{};
  WinHttpReadData(Request, Chunk.data(), 64, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'WinHttpReadData' on a handle of an asynchronous session gets a buffer that lives in 'Chunk'
  // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'Chunk' is destroyed
  // CHECK-MESSAGES: :16:17: note: the session is asynchronous
  return WinHttpReadData(Request, &Small[0], 32, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'WinHttpReadData' on a handle of an asynchronous session gets a buffer that lives in 'Small'
  // CHECK-MESSAGES: :[[@LINE-7]]:24: note: 'Small' is destroyed
  // CHECK-MESSAGES: :16:17: note: the session is asynchronous
}

// OK: the function waits on a future the callback fulfils.
std::promise<void> Completed;
bool waitsOnFuture() {
  std::string Body = "x";
  std::future<void> Done = Completed.get_future();
  if (!WinHttpWriteData(Request, Body.data(), 1, nullptr))
    return false;
  Done.wait();
  return true;
}

// OK: the buffer is owned on the heap and handed to the context.
bool heapBuffer() {
  auto Body = std::make_unique<std::string>("x");
  return WinHttpWriteData(Request, Body.release()->data(), 1, nullptr);
}

// OK: a static string.
bool staticString() {
  static const std::string Body = "x";
  return WinHttpWriteData(Request, Body.data(), 1, nullptr);
}
