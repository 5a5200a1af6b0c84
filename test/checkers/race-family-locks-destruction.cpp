// Families: locks and destruction. A lock held around both the blocking
// call and the close orders them, whatever spells it (std::lock_guard, a
// program's RAII class over EnterCriticalSection, an SRW lock); different
// locks do not. Members are destroyed after the destructor's body, in
// reverse order: a thread object declared after the owner is gone first.
// MinGW, C++20.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++20

#include <windows.h>
#include <winhttp.h>
#include <memory>
#include <mutex>
#include <thread>

HINTERNET g_Connect = WinHttpConnect(WinHttpOpen(L"ua", 0, nullptr, nullptr, 0), L"h", 80, 0);
HINTERNET openRequest() { return WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0); }

// The program's own RAII lock over a critical section.
class CsLock {
public:
  explicit CsLock(CRITICAL_SECTION &Cs) : Cs(Cs) { EnterCriticalSection(&Cs); }
  ~CsLock() { LeaveCriticalSection(&Cs); }

private:
  CRITICAL_SECTION &Cs;
};

// OK: the same critical section through the RAII class on both sides.
class CsGuarded {
public:
  void start() { Worker = std::thread([this] { CsLock L(Cs); WinHttpReceiveResponse(Request, nullptr); }); }
  void cancel() {
    CsLock L(Cs);
    WinHttpCloseHandle(Request);
  }

private:
  CRITICAL_SECTION Cs;
  HINTERNET Request = openRequest();
  std::thread Worker;
};

// OK: an SRW lock taken by hand on both sides.
class SrwGuarded {
public:
  void start() {
    Worker = std::thread([this] {
      AcquireSRWLockExclusive(&Lock);
      WinHttpReceiveResponse(Request, nullptr);
      ReleaseSRWLockExclusive(&Lock);
    });
  }
  void cancel() {
    AcquireSRWLockExclusive(&Lock);
    WinHttpCloseHandle(Request);
    ReleaseSRWLockExclusive(&Lock);
  }

private:
  SRWLOCK Lock = SRWLOCK_INIT;
  HINTERNET Request = openRequest();
  std::thread Worker;
};

// The lock released before the close.
class ReleasedEarly {
public:
  void start() { Worker = std::thread([this] { std::lock_guard<std::mutex> G(M); WinHttpReceiveResponse(Request, nullptr); }); }
  void cancel() {
    M.lock();
    M.unlock();
    WinHttpCloseHandle(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  }

private:
  std::mutex M;
  HINTERNET Request = openRequest();
  std::thread Worker;
};

struct Closer {
  void operator()(HINTERNET H) const { WinHttpCloseHandle(H); }
};
using Owned = std::unique_ptr<void, Closer>;

// OK: a std::thread declared after the owner is destroyed first.
struct ThreadAfterOwner {
  Owned Request{openRequest()};
  std::thread Worker{[this] { WinHttpReceiveResponse(Request.get(), nullptr); }};
  ~ThreadAfterOwner() = default;
};

// A std::jthread declared before the owner joins after the close.
struct JThreadBeforeOwner {
  std::jthread Worker;
  Owned Request{openRequest()};
  void start() { Worker = std::jthread([this] { WinHttpReceiveResponse(Request.get(), nullptr); }); }
};
// CHECK-MESSAGES: :[[@LINE-5]]:8: warning: '~JThreadBeforeOwner' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it

// OK: the destructor's body joins before the members go.
struct JoinedInBody {
  Owned Request{openRequest()};
  std::thread Worker;
  void start() { Worker = std::thread([this] { WinHttpReceiveResponse(Request.get(), nullptr); }); }
  ~JoinedInBody() {
    if (Worker.joinable())
      Worker.join();
  }
};

// A detached std::thread declared after the owner: nothing waits.
struct DetachedAfterOwner {
  Owned Request{openRequest()};
  std::thread Worker;
  void start() {
    Worker = std::thread([this] { WinHttpReceiveResponse(Request.get(), nullptr); });
    Worker.detach();
  }
  ~DetachedAfterOwner() {}
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: '~DetachedAfterOwner' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
};

// A unique_lock unlocked around the close.
class UnlockedAroundClose {
public:
  void start() { Worker = std::thread([this] { std::lock_guard<std::mutex> G(M); WinHttpReceiveResponse(Request, nullptr); }); }
  void cancel() {
    std::unique_lock<std::mutex> L(M);
    L.unlock();
    WinHttpCloseHandle(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
    L.lock();
  }

private:
  std::mutex M;
  HINTERNET Request = openRequest();
  std::thread Worker;
};

// A worker that leaves the critical section around its blocking call.
class ReleasedAroundCall {
public:
  void start() {
    Worker = std::thread([this] {
      CsLock L(Cs);
      LeaveCriticalSection(&Cs);
      WinHttpReceiveResponse(Request, nullptr);
      EnterCriticalSection(&Cs);
    });
  }
  void cancel() {
    CsLock L(Cs);
    WinHttpCloseHandle(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  }

private:
  CRITICAL_SECTION Cs;
  HINTERNET Request = openRequest();
  std::thread Worker;
};
