// Family: handles that move through storage. The same handle reached
// through a global, a member, a context struct, smart pointers, atomics,
// std::exchange, the Interlocked functions, an owner's accessor and the
// conditional operator; a variable re-assigned to another handle names two
// handles. MinGW, C++20.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++20

#include <windows.h>
#include <winhttp.h>
#include <atomic>
#include <memory>
#include <thread>
#include <utility>

HINTERNET g_Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
HINTERNET g_Connect = WinHttpConnect(g_Session, L"h", 80, 0);
HINTERNET openRequest() { return WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0); }

// A global assigned from a local; the worker reads the global.
HINTERNET g_Current;
void viaGlobal() {
  HINTERNET R = openRequest();
  g_Current = R;
  std::thread([] { WinHttpReceiveResponse(g_Current, nullptr); }).detach();
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// A std::atomic: store on one side, load on the other, exchange to close.
std::atomic<HINTERNET> g_Atomic{nullptr};
void viaAtomic() {
  g_Atomic.store(openRequest());
  std::thread([] { WinHttpReceiveResponse(g_Atomic.load(), nullptr); }).detach();
}
void cancelAtomic() {
  if (HINTERNET Old = g_Atomic.exchange(nullptr))
    WinHttpCloseHandle(Old);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Old' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// InterlockedExchangePointer takes the handle out of the shared slot.
PVOID g_Slot;
void viaInterlocked() {
  InterlockedExchangePointer(&g_Slot, openRequest());
  std::thread([] { WinHttpReceiveResponse(static_cast<HINTERNET>(g_Slot), nullptr); }).detach();
}
void cancelInterlocked() {
  HINTERNET Old = static_cast<HINTERNET>(InterlockedExchangePointer(&g_Slot, nullptr));
  WinHttpCloseHandle(Old);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'Old' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// std::exchange on a member.
class Exchanger {
public:
  void start() { Worker = std::thread([this] { WinHttpReceiveResponse(Request, nullptr); }); }
  void abort() { WinHttpCloseHandle(std::exchange(Request, nullptr)); }
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'WinHttpCloseHandle' may close 'std::exchange(Request, nullptr)' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it

private:
  HINTERNET Request = openRequest();
  std::thread Worker;
};

// A shared_ptr to a context struct; the worker holds a copy.
struct Context {
  HINTERNET Request;
};
void viaSharedPtr() {
  auto Ctx = std::make_shared<Context>(Context{openRequest()});
  std::thread([Ctx] { WinHttpReceiveResponse(Ctx->Request, nullptr); }).detach();
  WinHttpCloseHandle(Ctx->Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'Ctx->Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// The conditional operator: either handle may be the one closed.
void viaConditional(bool UseFirst) {
  HINTERNET A = openRequest(), B = openRequest();
  std::thread([A] { WinHttpReceiveResponse(A, nullptr); }).detach();
  HINTERNET Pick = UseFirst ? A : B;
  WinHttpCloseHandle(Pick);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'Pick' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// OK: a variable re-assigned to another handle names two handles; the
// worker uses only the first, which was joined before its close.
void reassigned() {
  HINTERNET H = openRequest();
  std::thread T([H] { WinHttpReceiveResponse(H, nullptr); });
  T.join();
  WinHttpCloseHandle(H);
  H = openRequest();
  WinHttpReceiveResponse(H, nullptr);
  WinHttpCloseHandle(H);
}

// OK: unrelated handles from one factory do not meet.
void factoryCalls() {
  HINTERNET Mine = openRequest();
  HINTERNET Theirs = openRequest();
  std::thread([Theirs] { WinHttpReceiveResponse(Theirs, nullptr); }).detach();
  WinHttpCloseHandle(Mine);
}

// OK: unique_ptr::release() hands the handle over before the close; the
// worker uses another owner.
struct Closer {
  void operator()(HINTERNET H) const { WinHttpCloseHandle(H); }
};
using Owned = std::unique_ptr<void, Closer>;
void releasedOwner() {
  Owned Mine(openRequest()), Theirs(openRequest());
  std::thread T([&Theirs] { WinHttpReceiveResponse(Theirs.get(), nullptr); });
  HINTERNET Raw = static_cast<HINTERNET>(Mine.release());
  WinHttpCloseHandle(Raw);
  T.join();
}

// A custom owner class's accessor names what it owns.
class Handle {
public:
  explicit Handle(HINTERNET H) : H(H) {}
  ~Handle() { WinHttpCloseHandle(H); }
  HINTERNET get() const { return H; }
  void close() { WinHttpCloseHandle(H); }

private:
  HINTERNET H;
};
class Client {
public:
  void start() { Worker = std::thread([this] { WinHttpReceiveResponse(Request.get(), nullptr); }); }
  void cancel() { Request.close(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'close' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  void closeSession() { Session.close(); } // OK: another owner

private:
  Handle Session{g_Session};
  Handle Request{openRequest()};
  std::thread Worker;
};
