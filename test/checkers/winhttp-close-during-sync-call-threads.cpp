// One scenario per function or class: which closes race a blocking call and
// which do not. MinGW, C++20 (std::jthread).
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++20

#include <windows.h>
#include <winhttp.h>
#include <atomic>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

HINTERNET g_Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
HINTERNET g_Connect = WinHttpConnect(g_Session, L"h", 80, 0);
HINTERNET g_R1 = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
HINTERNET g_R2 = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
HINTERNET g_R3 = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
HINTERNET g_R4 = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
HINTERNET g_R5 = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
HINTERNET g_R6 = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
HINTERNET g_R7 = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
HINTERNET g_R8 = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
HINTERNET g_R9 = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);

void sendIt(HINTERNET R) { WinHttpSendRequest(R, nullptr, 0, nullptr, 0, 0, 0); }
void closeIt(HINTERNET R) { WinHttpCloseHandle(R); }

// A worker thread blocks on a global; main closes it without joining.
void globalRace() {
  std::thread T([] { WinHttpReceiveResponse(g_R1, nullptr); });
  WinHttpCloseHandle(g_R1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_R1' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  T.join();
}

// OK: joined first.
void globalJoined() {
  std::thread T([] { WinHttpReceiveResponse(g_R2, nullptr); });
  T.join();
  WinHttpCloseHandle(g_R2);
}

// OK: detached threads are never ordered, but a close on the same thread
// after its own blocking calls is fine.
void sameThread() {
  std::thread([] {
    WinHttpSendRequest(g_R3, nullptr, 0, nullptr, 0, 0, 0);
    WinHttpCloseHandle(g_R3);
  }).detach();
}

// A generic helper closes its parameter: the warning is at the helper call.
void helperCloses() {
  std::thread T(sendIt, g_R4);
  closeIt(g_R4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'closeIt' may close 'g_R4' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  T.join();
}

// std::async runs on another thread; future::get() orders.
void asyncRace() {
  auto F = std::async(std::launch::async, [] { WinHttpReadData(g_R5, nullptr, 0, nullptr); });
  WinHttpCloseHandle(g_R5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_R5' while another thread is blocked in synchronous 'WinHttpReadData' on it
  F.get();
}
void asyncOrdered() {
  auto F = std::async(std::launch::async, [] { WinHttpReadData(g_R6, nullptr, 0, nullptr); });
  F.wait();
  WinHttpCloseHandle(g_R6); // OK
}

// OK: std::launch::deferred runs on the calling thread.
void deferred() {
  auto F = std::async(std::launch::deferred, [] { WinHttpReadData(g_R7, nullptr, 0, nullptr); });
  WinHttpCloseHandle(g_R7);
  F.get();
}

// A timed wait orders only its success branch.
void timedFuture() {
  auto F = std::async(std::launch::async, [] { WinHttpQueryDataAvailable(g_R8, nullptr); });
  if (F.wait_for(std::chrono::seconds(1)) == std::future_status::ready)
    WinHttpCloseHandle(g_R8); // OK
  else
    WinHttpCloseHandle(g_R8);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'g_R8' while another thread is blocked in synchronous 'WinHttpQueryDataAvailable' on it
}

// A member thread, a canceller and a destructor.
class Client {
public:
  void start() {
    Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
    Request = WinHttpOpenRequest(WinHttpConnect(Session, L"h", 80, 0), L"GET", L"/", nullptr, nullptr, nullptr, 0);
    Worker = std::thread(&Client::work, this);
  }
  // A destructor that closes before it joins.
  ~Client() {
    releaseHandles();
    Worker.join();
  }
  // OK: this helper is only reached after the join in stop().
  void stop() {
    Worker.join();
    releaseHandles();
  }
private:
  void releaseHandles() {
    WinHttpCloseHandle(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  }
  void work() { sendIt(Request); }
  HINTERNET Session = nullptr, Request = nullptr;
  std::thread Worker;
};

// A copy of the handle is the same handle.
struct Copies {
  HINTERNET Req = nullptr;
  std::thread T;
  void go() {
    T = std::thread([this] {
      HINTERNET Local = Req;
      WinHttpWriteData(Local, "x", 1, nullptr);
    });
  }
  void abortNow() {
    HINTERNET Mine = Req;
    WinHttpCloseHandle(Mine);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Mine' while another thread is blocked in synchronous 'WinHttpWriteData' on it
  }
};

// OK: both sides hold the same mutex.
struct Locked {
  std::mutex M;
  HINTERNET Req = nullptr;
  std::thread T;
  void go() {
    T = std::thread([this] {
      std::lock_guard<std::mutex> G(M);
      WinHttpReceiveResponse(Req, nullptr);
    });
  }
  void cancel() {
    std::lock_guard<std::mutex> G(M);
    WinHttpCloseHandle(Req);
  }
};

// A different mutex does not help.
struct WrongLock {
  std::mutex A, B;
  HINTERNET Req = nullptr;
  std::thread T;
  void go() {
    T = std::thread([this] {
      std::scoped_lock G(A);
      WinHttpReceiveResponse(Req, nullptr);
    });
  }
  void cancel() {
    std::unique_lock<std::mutex> G(B);
    WinHttpCloseHandle(Req);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Req' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  }
};

// OK: an asynchronous session: closing is the documented way to cancel.
struct Async {
  HINTERNET Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
  HINTERNET Request = WinHttpOpenRequest(WinHttpConnect(Session, L"h", 80, 0), L"GET", L"/", nullptr, nullptr, nullptr, 0);
  std::thread T;
  void go() { T = std::thread([this] { WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 1); }); }
  void cancel() { WinHttpCloseHandle(Request); }
};

// OK: WINHTTP_FLAG_SECURE_DEFAULTS (declared here, as older SDKs lack it)
// sets the async bit too, also through a constexpr.
constexpr DWORD kSecureDefaults = 0x30000000;
struct SecureDefaults {
  HINTERNET Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, kSecureDefaults);
  HINTERNET Request = WinHttpOpenRequest(WinHttpConnect(Session, L"h", 80, 0), L"GET", L"/", nullptr, nullptr, nullptr, 0);
  std::thread T;
  void go() { T = std::thread([this] { WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 1); }); }
  void cancel() { WinHttpCloseHandle(Request); }
};

// OK: the close runs inside the status callback.
HINTERNET g_CbRequest;
void CALLBACK onStatus(HINTERNET, DWORD_PTR, DWORD Status, LPVOID, DWORD) {
  if (Status == WINHTTP_CALLBACK_STATUS_SENDING_REQUEST)
    WinHttpCloseHandle(g_CbRequest);
}
void callbackGated() {
  WinHttpSetStatusCallback(g_CbRequest, onStatus, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
  std::thread([] { WinHttpSendRequest(g_CbRequest, nullptr, 0, nullptr, 0, 0, 0); }).detach();
}

// OK: the close runs only after the callback was seen (a flag it sets).
std::atomic<bool> g_Seen{false};
HINTERNET g_FlagRequest;
void CALLBACK onSeen(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) { g_Seen.store(true); }
void flagGated() {
  WinHttpSetStatusCallback(g_FlagRequest, onSeen, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
  std::thread([] { WinHttpSendRequest(g_FlagRequest, nullptr, 0, nullptr, 0, 0, 0); }).detach();
}
void flagCancel() {
  if (g_Seen.load())
    WinHttpCloseHandle(g_FlagRequest);
}
// ... but `if (!seen)` is not gated.
void flagInverted() {
  if (!g_Seen)
    WinHttpCloseHandle(g_FlagRequest);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'g_FlagRequest' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// A canceller without a visible thread start.
struct Service {
  HINTERNET Request = nullptr;
  void fetch() { WinHttpReceiveResponse(Request, nullptr); }
  void winhttp_client_shutdown() { WinHttpCloseHandle(Request); }
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  void SetAbort() { dispose(); }
  void dispose() { WinHttpCloseHandle(Request); }
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  // OK: 'stopwatch' is one word, not 'stop'.
  void stopwatch() { WinHttpCloseHandle(Request); }
};

// OK: no thread and no canceller: sequential code.
void sequential() {
  HINTERNET R = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  WinHttpSendRequest(R, nullptr, 0, nullptr, 0, 0, 0);
  WinHttpCloseHandle(R);
}

// OK: a canceller that closes in the same function that blocks.
void cancelAfterTimeout(HINTERNET R) {
  WinHttpReceiveResponse(R, nullptr);
  WinHttpCloseHandle(R);
}

// OK: a std::jthread member declared after the RAII member is destroyed
// (joined) first.
struct InternetCloser {
  void operator()(void *H) const { WinHttpCloseHandle(H); }
};
using UniqueInternet = std::unique_ptr<void, InternetCloser>;
struct JThreadLast {
  UniqueInternet Request;
  std::jthread Worker{[this] { WinHttpSendRequest(Request.get(), nullptr, 0, nullptr, 0, 0, 0); }};
};

// The RAII member is destroyed before the jthread declared before it joins.
struct JThreadFirst {
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: '~JThreadFirst' may close 'Request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  std::jthread Worker{[this] { WinHttpSendRequest(Request.get(), nullptr, 0, nullptr, 0, 0, 0); }};
  UniqueInternet Request;
};

// reset() on an RAII member from a canceller.
struct Resetter {
  UniqueInternet Request;
  void send() { WinHttpSendRequest(Request.get(), nullptr, 0, nullptr, 0, 0, 0); }
  void cancel() { Request.reset(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'reset' may close 'Request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
};

// OK: NOLINT.
void silenced() {
  std::thread T([] { WinHttpReceiveResponse(g_R9, nullptr); });
  WinHttpCloseHandle(g_R9); // NOLINT(winhttp-close-during-sync-call)
  T.join();
}

// OK: the future of std::async waits in its destructor, at the end of its
// block.
HINTERNET g_Scoped;
void futureScope() {
  {
    auto F = std::async(std::launch::async, [] { WinHttpReadData(g_Scoped, nullptr, 0, nullptr); });
  }
  WinHttpCloseHandle(g_Scoped);
}

// A class of this TU whose destructor closes is an RAII owner.
class RequestHandle {
public:
  explicit RequestHandle(HINTERNET H) : H(H) {}
  ~RequestHandle() { WinHttpCloseHandle(H); }
  HINTERNET get() const { return H; }
private:
  HINTERNET H;
};
struct OwnsHandle {
  RequestHandle Request{nullptr};
  std::thread Worker;
  void start() { Worker = std::thread([this] { WinHttpReceiveResponse(Request.get(), nullptr); }); }
  ~OwnsHandle() { Worker.detach(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: '~OwnsHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
};
// OK: the destructor joins before the members are destroyed.
struct OwnsHandleJoined {
  RequestHandle Request{nullptr};
  std::thread Worker;
  void start() { Worker = std::thread([this] { WinHttpReceiveResponse(Request.get(), nullptr); }); }
  ~OwnsHandleJoined() { Worker.join(); }
};

// OK: a condition variable that the status callback notifies.
std::mutex g_CvMutex;
std::condition_variable g_Cv;
HINTERNET g_CvRequest;
void CALLBACK onCv(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) { g_Cv.notify_all(); }
void cvSend() {
  WinHttpSetStatusCallback(g_CvRequest, onCv, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
  std::thread([] { WinHttpSendRequest(g_CvRequest, nullptr, 0, nullptr, 0, 0, 0); }).detach();
}
void cvCancel() {
  std::unique_lock<std::mutex> Lock(g_CvMutex);
  g_Cv.wait(Lock);
  WinHttpCloseHandle(g_CvRequest);
}

// A callback gates only closes of the handle it was registered on, or of
// handles created from it (callbacks are inherited).
struct Registrations {
  HINTERNET Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
  HINTERNET Request = WinHttpOpenRequest(WinHttpConnect(Session, L"h", 80, 0), L"GET", L"/", nullptr, nullptr, nullptr, 0);
  HINTERNET Other = WinHttpOpenRequest(WinHttpConnect(Session, L"h", 80, 0), L"GET", L"/", nullptr, nullptr, nullptr, 0);
  bool Seen = false;
  bool OtherSeen = false;
  static void CALLBACK onSession(HINTERNET, DWORD_PTR Ctx, DWORD, LPVOID, DWORD) {
    reinterpret_cast<Registrations *>(Ctx)->Seen = true;
  }
  static void CALLBACK onOther(HINTERNET, DWORD_PTR Ctx, DWORD, LPVOID, DWORD) {
    reinterpret_cast<Registrations *>(Ctx)->OtherSeen = true;
  }
  void setUp() {
    WinHttpSetStatusCallback(Session, onSession, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
    WinHttpSetStatusCallback(Other, onOther, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
  }
  void send() { WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 0); }
  // OK: the session's callback is inherited by Request.
  void cancelAfterSessionCallback() {
    if (Seen)
      WinHttpCloseHandle(Request);
  }
  // A flag from a callback on another request does not gate this one.
  void cancelAfterOtherCallback() {
    if (OtherSeen)
      WinHttpCloseHandle(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  }
};
