// winhttp-use-after-close, rule 2: closes of one handle in different thread
// contexts (threads, tasks, status callbacks, cancellers), ordered or not,
// unless each takes the handle out of the shared place first (an atomic
// exchange with NULL, or a read and a store of NULL under a common lock), or
// the one known to run first takes it out.
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <atomic>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

// A lambda on a thread and the starter close one global.
HINTERNET g_a;
void lambdaAndMain() {
  std::thread t([] { WinHttpCloseHandle(g_a); });
  WinHttpCloseHandle(g_a);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'g_a', which another thread may close too; WinHTTP can give a closed handle's value to a new handle, so whichever close runs second can close another handle [winhttp-use-after-close]
  // CHECK-MESSAGES: :[[@LINE-3]]:22: note: 'WinHttpCloseHandle' closes 'g_a' here too
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: the lambda runs the other close on another thread, started here with 'std::thread'
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: take the handle out before closing it, in both places
  t.join();
}

// Ordered by the join, but the thread leaves the handle in place.
HINTERNET g_b;
void joinedNotCleared() {
  std::thread t([] { WinHttpCloseHandle(g_b); });
  t.join();
  WinHttpCloseHandle(g_b);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'g_b', which another thread may close too
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: one close is known to run first, but it leaves the handle where the other reads it
}

// OK: joined, and the thread cleared the global.
HINTERNET g_c;
void joinedCleared() {
  std::thread t([] {
    WinHttpCloseHandle(g_c);
    g_c = nullptr;
  });
  t.join();
  if (g_c)
    WinHttpCloseHandle(g_c);
}

// OK: both exchange the handle out atomically.
HINTERNET g_d;
void bothInterlocked() {
  std::thread t([] {
    auto h = static_cast<HINTERNET>(
        InterlockedExchangePointer(reinterpret_cast<PVOID *>(&g_d), nullptr));
    if (h)
      WinHttpCloseHandle(h);
  });
  if (HINTERNET h = static_cast<HINTERNET>(
          InterlockedExchangePointer(reinterpret_cast<PVOID *>(&g_d), nullptr)))
    WinHttpCloseHandle(h);
  t.join();
}

// OK: std::atomic::exchange on both sides, the handle passed straight on.
std::atomic<HINTERNET> g_e;
void bothAtomic() {
  auto task = std::async(std::launch::async,
                         [] { WinHttpCloseHandle(g_e.exchange(nullptr)); });
  WinHttpCloseHandle(g_e.exchange(nullptr));
  task.wait();
}

// One side exchanges, the other reads and clears without a lock.
std::atomic<HINTERNET> g_f;
void mixedAtomicAndPlain() {
  std::thread t([] {
    if (HINTERNET h = g_f.exchange(nullptr))
      WinHttpCloseHandle(h);
  });
  if (g_f.load()) {
    WinHttpCloseHandle(g_f.load());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'g_f.load()', which another thread may close too
    g_f.store(nullptr);
  }
  t.join();
}

// OK: read and cleared under one mutex on both sides.
std::mutex g_mu;
HINTERNET g_g;
void bothLocked() {
  std::thread t([] {
    std::lock_guard<std::mutex> lock(g_mu);
    if (g_g) {
      WinHttpCloseHandle(g_g);
      g_g = nullptr;
    }
  });
  {
    std::lock_guard<std::mutex> lock(g_mu);
    if (g_g) {
      WinHttpCloseHandle(g_g);
      g_g = nullptr;
    }
  }
  t.join();
}

// Cleared on both sides, but under no lock: both can read it first.
HINTERNET g_h;
void bothClearedUnlocked() {
  std::thread t([] {
    if (g_h) {
      WinHttpCloseHandle(g_h);
      g_h = nullptr;
    }
  });
  if (g_h) {
    WinHttpCloseHandle(g_h);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'g_h', which another thread may close too
    g_h = nullptr;
  }
  t.join();
}

// Cleared under two different locks.
std::mutex g_mu1, g_mu2;
HINTERNET g_i;
void differentLocks() {
  std::thread t([] {
    std::lock_guard<std::mutex> lock(g_mu1);
    WinHttpCloseHandle(g_i);
    g_i = nullptr;
  });
  std::lock_guard<std::mutex> lock(g_mu2);
  WinHttpCloseHandle(g_i);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'g_i', which another thread may close too
  g_i = nullptr;
  t.join();
}

// OK: std::exchange under the lock, the close outside it.
HINTERNET g_j;
void exchangeUnderLock() {
  std::thread t([] {
    HINTERNET h;
    {
      std::lock_guard<std::mutex> lock(g_mu);
      h = std::exchange(g_j, nullptr);
    }
    if (h)
      WinHttpCloseHandle(h);
  });
  HINTERNET h;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    h = g_j;
    g_j = nullptr;
  }
  if (h)
    WinHttpCloseHandle(h);
  t.join();
}

// A local captured by reference.
void capturedLocal(HINTERNET connect) {
  HINTERNET r = WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr,
                                   nullptr, 0);
  std::thread t([&] { WinHttpCloseHandle(r); });
  WinHttpCloseHandle(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'r', which another thread may close too
  t.join();
}

// OK: each thread opens and closes a request of its own, through one helper.
static HINTERNET openOwn(HINTERNET connect) {
  return WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr, nullptr,
                            0);
}
void ownRequests(HINTERNET connect) {
  std::thread t([connect] {
    HINTERNET mine = openOwn(connect);
    WinHttpCloseHandle(mine);
  });
  HINTERNET mine = openOwn(connect);
  WinHttpCloseHandle(mine);
  t.join();
}

// OK: two globals.
HINTERNET g_k1, g_k2;
void differentGlobals() {
  std::thread t([] { WinHttpCloseHandle(g_k1); });
  WinHttpCloseHandle(g_k2);
  t.join();
}

// OK: two closes on one thread are rule 1's business (sequential).
HINTERNET g_l;
void oneThread(bool early) {
  std::thread t([early] {
    if (early) {
      WinHttpCloseHandle(g_l);
      return;
    }
    WinHttpCloseHandle(g_l);
  });
  t.join();
}

// A method that cancels, and the method that runs the request.
class Download {
public:
  void cancel() { WinHttpCloseHandle(Request); }
  bool run() {
    BOOL ok = WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 0);
    WinHttpCloseHandle(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'Request', which a canceller may close too
    // CHECK-MESSAGES: :[[@LINE-5]]:19: note: 'WinHttpCloseHandle' closes 'Request' here too
    // CHECK-MESSAGES: :[[@LINE-6]]:8: note: 'cancel' is taken to run while the request is in flight: its name contains 'cancel' (option 'CancelFunctionPattern')
    Request = nullptr;
    return ok;
  }

private:
  HINTERNET Request = nullptr;
};

// The destructor after a canceller that leaves the handle in place.
class Upload {
public:
  void abort() { WinHttpCloseHandle(Request); }
  ~Upload() { WinHttpCloseHandle(Request); }
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'WinHttpCloseHandle' closes 'Request', which a canceller may close too

private:
  HINTERNET Request = nullptr;
};

// OK: the canceller clears the handle; a destructor does not run beside a
// call on its object.
class Poll {
public:
  void stop() {
    if (Request) {
      WinHttpCloseHandle(Request);
      Request = nullptr;
    }
  }
  ~Poll() {
    if (Request)
      WinHttpCloseHandle(Request);
  }

private:
  HINTERNET Request = nullptr;
};

// OK: the canceller and the request's own cleanup take it out under the
// object's lock.
class Fetch {
public:
  void shutdown() {
    std::lock_guard<std::mutex> lock(Mu);
    if (Request) {
      WinHttpCloseHandle(Request);
      Request = nullptr;
    }
  }
  void finish() {
    HINTERNET h;
    {
      std::lock_guard<std::mutex> lock(Mu);
      h = Request;
      Request = nullptr;
    }
    if (h)
      WinHttpCloseHandle(h);
  }

private:
  std::mutex Mu;
  HINTERNET Request = nullptr;
};

// Owners: reset() reads and clears, but not atomically.
struct Closer {
  void operator()(void *h) const { WinHttpCloseHandle(h); }
};
using Owner = std::unique_ptr<void, Closer>;

class Stream {
public:
  void stop() { Request.reset(); }
  void read() {
    WinHttpReceiveResponse(Request.get(), nullptr);
    Request.reset();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'reset' closes 'Request', which a canceller may close too
  }
  // OK: after a canceller that takes the handle out, a close in code that
  // does not carry out the request runs after it (teardown).
  void release() { Request.reset(); }

private:
  Owner Request;
};

// OK: owners reset under one lock.
class LockedStream {
public:
  void stop() {
    std::lock_guard<std::mutex> lock(Mu);
    Request.reset();
  }
  void done() {
    std::lock_guard<std::mutex> lock(Mu);
    Request.reset();
  }

private:
  std::mutex Mu;
  Owner Request;
};

// OK: owners passed in by reference are not known to be one object.
void resetOne(Owner &a) { a.reset(); }
void resetOther(Owner &b) { b.reset(); }

// OK: release() under the lock takes the handle out.
class Released {
public:
  void cancel() {
    HINTERNET h;
    {
      std::lock_guard<std::mutex> lock(Mu);
      h = Request.release();
    }
    WinHttpCloseHandle(h);
  }
  void done() {
    std::lock_guard<std::mutex> lock(Mu);
    Request.reset();
  }

private:
  std::mutex Mu;
  Owner Request;
};

// A status callback and the request's function.
struct Call {
  HINTERNET Request;
};
static void CALLBACK onStatus(HINTERNET, DWORD_PTR context, DWORD status,
                              LPVOID, DWORD) {
  auto *call = reinterpret_cast<Call *>(context);
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR)
    WinHttpCloseHandle(call->Request);
}
void start(HINTERNET connect, Call *call) {
  call->Request = WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr,
                                     nullptr, 0);
  WinHttpSetStatusCallback(call->Request, onStatus,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  if (!WinHttpSendRequest(call->Request, nullptr, 0, nullptr, 0, 0,
                          reinterpret_cast<DWORD_PTR>(call)))
    WinHttpCloseHandle(call->Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'call->Request', which a status callback may close too
  // CHECK-MESSAGES: :[[@LINE-11]]:5: note: 'WinHttpCloseHandle' closes 'call->Request' here too
  // CHECK-MESSAGES: :[[@LINE-16]]:22: note: 'onStatus' is a status callback: WinHTTP calls it on threads of its own
}

// A helper closes; its callers on two threads show the close.
HINTERNET g_m;
static void closeIt(HINTERNET h) { WinHttpCloseHandle(h); }
void helperOnTwoThreads() {
  std::thread t([] { closeIt(g_m); });
  closeIt(g_m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'closeIt' closes 'g_m', which another thread may close too
  // CHECK-MESSAGES: :[[@LINE-5]]:36: note: which closes it by calling 'WinHttpCloseHandle' here
  t.join();
}

// OK: a helper that takes the handle out under a lock, on both threads.
struct Shared {
  std::mutex Mu;
  HINTERNET Request;
};
static void closeShared(Shared &s) {
  std::lock_guard<std::mutex> lock(s.Mu);
  if (s.Request) {
    WinHttpCloseHandle(s.Request);
    s.Request = nullptr;
  }
}
void lockedHelperOnTwoThreads(Shared &s) {
  std::thread t([&s] { closeShared(s); });
  closeShared(s);
  t.join();
}

// A worker member started in the constructor: the destructor's body closes
// before the thread object is destroyed.
class Poller {
public:
  Poller()
      : Worker([this] {
          WinHttpReceiveResponse(Req, nullptr);
          WinHttpCloseHandle(Req);
        }) {}
  ~Poller() { WinHttpCloseHandle(Req); }
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'WinHttpCloseHandle' closes 'Req', which another thread may close too

private:
  HINTERNET Req = nullptr;
  std::thread Worker;
};

// OK: a work item and its submitter both exchange the context's request.
struct Item {
  HINTERNET Req;
};
static DWORD WINAPI itemWork(LPVOID p) {
  Item *it = static_cast<Item *>(p);
  if (HINTERNET h = static_cast<HINTERNET>(InterlockedExchangePointer(
          reinterpret_cast<PVOID *>(&it->Req), nullptr)))
    WinHttpCloseHandle(h);
  return 0;
}
void queueItem(Item *it) {
  QueueUserWorkItem(itemWork, it, 0);
  if (HINTERNET h = static_cast<HINTERNET>(InterlockedExchangePointer(
          reinterpret_cast<PVOID *>(&it->Req), nullptr)))
    WinHttpCloseHandle(h);
}

// A timer closes through a helper that exchanges the place it is given;
// the arming code closes without taking the handle out.
HINTERNET g_timed;
static void takeAndClose(HINTERNET *slot) {
  if (HINTERNET h = static_cast<HINTERNET>(
          InterlockedExchangePointer(reinterpret_cast<PVOID *>(slot), nullptr)))
    WinHttpCloseHandle(h);
}
static VOID CALLBACK onTimer(PTP_CALLBACK_INSTANCE, PVOID, PTP_TIMER) {
  takeAndClose(&g_timed);
}
void armTimer() {
  PTP_TIMER t = CreateThreadpoolTimer(onTimer, nullptr, nullptr);
  WinHttpCloseHandle(g_timed);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'g_timed', which another thread may close too
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'takeAndClose' closes '&g_timed' here too
  CloseThreadpoolTimer(t);
}

// OK: both go through the exchanging helper.
HINTERNET g_timed2;
static VOID CALLBACK onTimer2(PTP_CALLBACK_INSTANCE, PVOID, PTP_TIMER) {
  takeAndClose(&g_timed2);
}
void armTimer2() {
  PTP_TIMER t = CreateThreadpoolTimer(onTimer2, nullptr, nullptr);
  takeAndClose(&g_timed2);
  CloseThreadpoolTimer(t);
}

// OK: the status callback and the failed send take the request out with
// std::exchange under the operation's mutex.
struct Op {
  std::mutex Mu;
  HINTERNET Req;
};
static void CALLBACK opStatus(HINTERNET, DWORD_PTR ctx, DWORD status, LPVOID,
                              DWORD) {
  auto *op = reinterpret_cast<Op *>(ctx);
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) {
    HINTERNET h;
    {
      std::lock_guard<std::mutex> g(op->Mu);
      h = std::exchange(op->Req, nullptr);
    }
    if (h)
      WinHttpCloseHandle(h);
  }
}
bool startOp(Op *op) {
  WinHttpSetStatusCallback(op->Req, opStatus,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  if (!WinHttpSendRequest(op->Req, nullptr, 0, nullptr, 0, 0,
                          reinterpret_cast<DWORD_PTR>(op))) {
    HINTERNET h;
    {
      std::lock_guard<std::mutex> g(op->Mu);
      h = std::exchange(op->Req, nullptr);
    }
    if (h)
      WinHttpCloseHandle(h);
    return false;
  }
  return true;
}

// A task closes the job's request; after get() the caller closes it again.
struct Job {
  HINTERNET Req;
};
void runJob(Job *job) {
  auto f = std::async(std::launch::async,
                      [job] { WinHttpCloseHandle(job->Req); });
  f.get();
  WinHttpCloseHandle(job->Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'job->Req', which another thread may close too
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: one close is known to run first, but it leaves the handle where the other reads it
}

// OK: a copy declared and cleared under an SRW lock, against a close and
// clear under the same lock.
SRWLOCK g_srw = SRWLOCK_INIT;
HINTERNET g_srwReq;
static DWORD WINAPI srwWorker(LPVOID) {
  AcquireSRWLockExclusive(&g_srw);
  HINTERNET h = g_srwReq;
  g_srwReq = nullptr;
  ReleaseSRWLockExclusive(&g_srw);
  if (h)
    WinHttpCloseHandle(h);
  return 0;
}
void srwMain() {
  HANDLE t = CreateThread(nullptr, 0, srwWorker, nullptr, 0, nullptr);
  AcquireSRWLockExclusive(&g_srw);
  if (g_srwReq) {
    WinHttpCloseHandle(g_srwReq);
    g_srwReq = nullptr;
  }
  ReleaseSRWLockExclusive(&g_srw);
  WaitForSingleObject(t, INFINITE);
}

// --- Destructors after HANDLE_CLOSING --------------------------------------
// The context keeps the object alive until the last callback; a callback
// that clears the field on HANDLE_CLOSING leaves NULL for the destructor
// (libHttpClient's WinHttpConnection).

// OK: cleared in the HANDLE_CLOSING case; the destructor closes what is left.
class ClearedOnClosing {
public:
  ~ClearedOnClosing() {
    if (Request != nullptr)
      WinHttpCloseHandle(Request);
  }
  bool start() {
    if (WinHttpSetStatusCallback(Request, &ClearedOnClosing::onStatus,
                                 WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                                 0) == WINHTTP_INVALID_STATUS_CALLBACK)
      return false;
    return WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0,
                              reinterpret_cast<DWORD_PTR>(this));
  }
  void fail() { WinHttpCloseHandle(Request); }
  static void CALLBACK onStatus(HINTERNET, DWORD_PTR Ctx, DWORD Status, LPVOID,
                                DWORD) {
    auto *Self = reinterpret_cast<ClearedOnClosing *>(Ctx);
    switch (Status) {
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
      Self->fail();
      break;
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
      Self->Request = nullptr;
      delete Self;
      break;
    }
  }
  HINTERNET Request = nullptr;
};

// OK: the same, the clear in a helper called from an if on the status, the
// object freed by a deleter that calls the destructor.
struct FreeDeleter;
class ClearedInHelper {
public:
  ~ClearedInHelper() { WinHttpCloseHandle(Request); }
  void closed() { Request = NULL; }
  void fail() { WinHttpCloseHandle(Request); }
  static void CALLBACK onStatus(HINTERNET, DWORD_PTR Ctx, DWORD Status, LPVOID,
                                DWORD);
  HINTERNET Request = nullptr;
};
struct FreeDeleter {
  void operator()(ClearedInHelper *P) const {
    P->~ClearedInHelper();
    free(P);
  }
};
void CALLBACK ClearedInHelper::onStatus(HINTERNET, DWORD_PTR Ctx, DWORD Status,
                                        LPVOID, DWORD) {
  auto *Self = reinterpret_cast<ClearedInHelper *>(Ctx);
  if (Status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
    Self->closed();
    std::unique_ptr<ClearedInHelper, FreeDeleter> Reclaim(Self);
  } else if (Status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) {
    Self->fail();
  }
}
bool startHelper(ClearedInHelper &C) {
  return WinHttpSetStatusCallback(C.Request, &ClearedInHelper::onStatus,
                                  WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                                  0) != WINHTTP_INVALID_STATUS_CALLBACK;
}

// Cleared on another status: HANDLE_CLOSING leaves the handle in the field.
// The warning goes to the close outside the callback.
class ClearedOnError {
public:
  ~ClearedOnError() { WinHttpCloseHandle(Request); }
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'WinHttpCloseHandle' closes 'Request', which a status callback may close too
  // CHECK-MESSAGES: :[[@LINE+6]]:7: note: 'WinHttpCloseHandle' closes 'Self->Request' here too
  static void CALLBACK onStatus(HINTERNET, DWORD_PTR Ctx, DWORD Status, LPVOID,
                                DWORD) {
    auto *Self = reinterpret_cast<ClearedOnError *>(Ctx);
    switch (Status) {
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
      WinHttpCloseHandle(Self->Request);
      break;
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      Self->Request = nullptr;
      break;
    }
  }
  bool start() {
    return WinHttpSetStatusCallback(Request, &ClearedOnError::onStatus,
                                    WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                                    0) != WINHTTP_INVALID_STATUS_CALLBACK;
  }
  HINTERNET Request = nullptr;
};
