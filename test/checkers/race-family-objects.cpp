// Family: fields per object, C++ spellings: objects captured by reference,
// methods called on two objects of one class, copies, references and
// per-object mutexes.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <mutex>
#include <thread>

struct Conn {
  HINTERNET request = nullptr;
  std::mutex m;
};

// OK: the thread sends on `a`, `b` is closed.
void capturedPair(HINTERNET connect) {
  Conn a, b;
  a.request = WinHttpOpenRequest(connect, L"GET", L"/a", 0, 0, 0, 0);
  b.request = WinHttpOpenRequest(connect, L"GET", L"/b", 0, 0, 0, 0);
  std::thread t([&] { WinHttpSendRequest(a.request, 0, 0, 0, 0, 0, 0); });
  WinHttpCloseHandle(b.request);
  t.join();
}

void capturedSame(HINTERNET connect) {
  Conn a, b;
  a.request = WinHttpOpenRequest(connect, L"GET", L"/a", 0, 0, 0, 0);
  b.request = WinHttpOpenRequest(connect, L"GET", L"/b", 0, 0, 0, 0);
  std::thread t([&] { WinHttpSendRequest(a.request, 0, 0, 0, 0, 0, 0); });
  WinHttpCloseHandle(a.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'a.request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  t.join();
}

// Per-object mutexes: only the same object's mutex protects.
void otherMutex(HINTERNET connect) {
  Conn a, b;
  a.request = WinHttpOpenRequest(connect, L"GET", L"/a", 0, 0, 0, 0);
  std::thread t([&] {
    std::lock_guard<std::mutex> g(a.m);
    WinHttpReceiveResponse(a.request, 0);
  });
  {
    std::lock_guard<std::mutex> g(b.m);
    WinHttpCloseHandle(a.request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'a.request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  }
  t.join();
}

// OK: the same object's mutex.
void sameMutex(HINTERNET connect) {
  Conn a;
  a.request = WinHttpOpenRequest(connect, L"GET", L"/a", 0, 0, 0, 0);
  std::thread t([&] {
    std::lock_guard<std::mutex> g(a.m);
    WinHttpReceiveResponse(a.request, 0);
  });
  {
    std::lock_guard<std::mutex> g(a.m);
    WinHttpCloseHandle(a.request);
  }
  t.join();
}

// Helpers that take the object: their effects show at the calls, on the
// object each call names.
static void receiveOn(Conn &c) { WinHttpReceiveResponse(c.request, nullptr); }
static void closeOf(Conn *c) { WinHttpCloseHandle(c->request); }

// OK: two connections; the other one is closed.
void closeOther(HINTERNET r1, HINTERNET r2) {
  Conn c1, c2;
  c1.request = r1;
  c2.request = r2;
  std::thread t([&] { receiveOn(c1); });
  closeOf(&c2);
  t.join();
}

void closeRunning(HINTERNET r1) {
  Conn c1;
  c1.request = r1;
  std::thread t([&] { receiveOn(c1); });
  closeOf(&c1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'closeOf' may close '&c1' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  t.join();
}

// A reference names the object it binds.
void closeThroughReference(HINTERNET r1) {
  Conn c1;
  c1.request = r1;
  Conn &ref = c1;
  std::thread t([&] { receiveOn(c1); });
  closeOf(&ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'closeOf' may close '&ref' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  t.join();
}

struct Plain {
  HINTERNET request;
};
static void receivePlain(const Plain &p) {
  WinHttpReceiveResponse(p.request, nullptr);
}

// A copy holds the request of what it copies.
void closeCopy(HINTERNET r1) {
  Plain p1{r1};
  Plain copy = p1;
  std::thread t([&] { receivePlain(p1); });
  WinHttpCloseHandle(copy.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'copy.request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  t.join();
}

// So does an object assigned from it.
void closeAssigned(HINTERNET r1) {
  Plain p1{r1}, p2{nullptr};
  p2 = p1;
  std::thread t([&] { receivePlain(p1); });
  WinHttpCloseHandle(p2.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'p2.request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  t.join();
}

// OK: braced initialisers, one request each.
void closeOtherBraced(HINTERNET r1, HINTERNET r2) {
  Plain p1{r1}, p2{r2};
  std::thread t([&] { receivePlain(p1); });
  WinHttpCloseHandle(p2.request);
  t.join();
}

// OK: the thread has finished before the object is closed.
void joinedFirst(HINTERNET r1) {
  Conn c1;
  c1.request = r1;
  std::thread t([&] { receiveOn(c1); });
  t.join();
  closeOf(&c1);
}
