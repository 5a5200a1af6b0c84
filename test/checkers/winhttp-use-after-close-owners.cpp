// winhttp-use-after-close with owners: `reset()` and assignment close what
// the owner held, so raw copies taken before (with `get()`, or the pointer
// it was made from) are closed values; the owner itself then holds another
// value, and copies taken after are new.
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <memory>
#include <utility>
#include <vector>

struct Closer {
  void operator()(void *h) const { WinHttpCloseHandle(h); }
};
using Owner = std::unique_ptr<void, Closer>;

namespace wil {
// The shape of WIL's owner, for the test.
class unique_winhttp_hinternet {
public:
  explicit unique_winhttp_hinternet(HINTERNET h = nullptr) : h_(h) {}
  ~unique_winhttp_hinternet() { reset(); }
  HINTERNET get() const { return h_; }
  void reset(HINTERNET h = nullptr);

private:
  HINTERNET h_;
};
} // namespace wil

void rawAfterReset(Owner &owner) {
  HINTERNET raw = owner.get();
  owner.reset();
  WinHttpSendRequest(raw, nullptr, 0, nullptr, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSendRequest' is called on 'raw' after it may have been closed
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'reset' closes it here
}

void closedAgainAfterAssignment(Owner &owner, HINTERNET next) {
  HINTERNET raw;
  raw = owner.get();
  owner = Owner(next);
  WinHttpCloseHandle(raw);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'raw' again after it may have been closed
}

void madeFromThenReset(HINTERNET h) {
  Owner owner(h);
  if (!WinHttpSetTimeouts(h, 1, 1, 1, 1))
    owner.reset();
  WinHttpSetTimeouts(h, 2, 2, 2, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSetTimeouts' is called on 'h' after it may have been closed
}

struct Client {
  Owner request;
  void cancel() {
    HINTERNET r = request.get();
    request.reset();
    WinHttpSetOption(r, WINHTTP_OPTION_CONTEXT_VALUE, nullptr, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpSetOption' is called on 'r' after it may have been closed
  }
};

void wilOwner(wil::unique_winhttp_hinternet &session) {
  HINTERNET s = session.get();
  session.reset();
  WinHttpSetTimeouts(s, 1, 1, 1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSetTimeouts' is called on 's' after it may have been closed
}

// OK: the copy is taken after the reset.
void copyAfterReset(Owner &owner, HINTERNET next) {
  owner.reset(next);
  HINTERNET raw = owner.get();
  WinHttpSendRequest(raw, nullptr, 0, nullptr, 0, 0, 0);
}

// OK: the reset's argument is what the owner holds now.
void resetArgument(Owner &owner, HINTERNET next) {
  owner.reset(next);
  WinHttpSetTimeouts(next, 1, 1, 1, 1);
}

// OK: release() hands the handle back without closing it.
void released(Owner &owner) {
  HINTERNET raw = owner.release();
  WinHttpSendRequest(raw, nullptr, 0, nullptr, 0, 0, 0);
  WinHttpCloseHandle(raw);
}

// OK: after the reset the owner holds NULL.
void ownerAfterReset(Owner &owner) {
  owner.reset();
  WinHttpSetTimeouts(owner.get(), 1, 1, 1, 1);
}

// OK: the copy is cleared.
void clearedCopy(Owner &owner) {
  HINTERNET raw = owner.get();
  owner.reset();
  raw = nullptr;
  if (raw)
    WinHttpCloseHandle(raw);
}

// OK: another owner is reset.
void otherOwner(Owner &a, Owner &b) {
  HINTERNET raw = a.get();
  b.reset();
  WinHttpSendRequest(raw, nullptr, 0, nullptr, 0, 0, 0);
}

// OK: moved into another owner, not reset.
void moved(Owner &a) {
  HINTERNET raw = a.get();
  Owner b = std::move(a);
  WinHttpSendRequest(raw, nullptr, 0, nullptr, 0, 0, 0);
}

// More spellings: a loop, an owner reached through a pointer, assignment of
// nullptr, a function-pointer deleter, a copy declared in a condition.
struct Conn {
  Owner owner;
};

void resetInLoop(Owner &owner, int n) {
  for (int i = 0; i < n; ++i) {
    auto raw = owner.get();
    owner.reset();
    WinHttpSetTimeouts(raw, 1, 1, 1, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpSetTimeouts' is called on 'raw' after it may have been closed
  }
}

void throughPointer(Conn *p) {
  HINTERNET raw = p->owner.get();
  p->owner.reset();
  WinHttpCloseHandle(raw);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'raw' again after it may have been closed
}

void assignedNull(Owner &owner) {
  HINTERNET raw = owner.get();
  owner = nullptr;
  WinHttpSetTimeouts(raw, 1, 1, 1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSetTimeouts' is called on 'raw' after it may have been closed
}

void functionPointerDeleter(HINTERNET h) {
  std::unique_ptr<void, decltype(&WinHttpCloseHandle)> o(h, &WinHttpCloseHandle);
  o.reset();
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again after it may have been closed
}

void copyInCondition(Owner &owner) {
  if (HINTERNET raw = owner.get()) {
    owner.reset();
    WinHttpSetTimeouts(raw, 1, 1, 1, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpSetTimeouts' is called on 'raw' after it may have been closed
  }
}

// OK: a shared_ptr's reset closes only when it was the last owner.
void sharedOwner(std::shared_ptr<void> sp) {
  HINTERNET raw = sp.get();
  sp.reset();
  WinHttpSetTimeouts(raw, 1, 1, 1, 1);
}

// The end of an owner's scope closes what it holds.
void copyOutlivesOwner(HINTERNET connect) {
  HINTERNET raw;
  {
    Owner request(WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr,
                                     nullptr, 0));
    raw = request.get();
  }
  WinHttpSendRequest(raw, nullptr, 0, nullptr, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSendRequest' is called on 'raw' after it may have been closed
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'request' is destroyed here, which closes the handle it owns
}

void madeFromThenDestroyed(HINTERNET h) {
  {
    Owner owner(h);
    WinHttpSetTimeouts(owner.get(), 1, 1, 1, 1);
  }
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again after it may have been closed
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'owner' is destroyed here, which closes the handle it owns
}

void wilDestroyed(HINTERNET h) {
  {
    wil::unique_winhttp_hinternet session(h);
  }
  WinHttpSetTimeouts(h, 1, 1, 1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSetTimeouts' is called on 'h' after it may have been closed
}

// A helper whose owner closes its parameter closes it for its callers.
static void adopt(HINTERNET h) { Owner owner(h); }
void afterAdopt(HINTERNET h) {
  adopt(h);
  WinHttpReceiveResponse(h, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpReceiveResponse' is called on 'h' after it may have been closed
}

// OK: released before the end of the scope.
void releasedBeforeEnd(HINTERNET h) {
  {
    Owner owner(h);
    owner.release();
  }
  WinHttpCloseHandle(h);
}

// OK: moved into a container that outlives the scope.
void movedAway(HINTERNET h, std::vector<Owner> &keep) {
  {
    Owner owner(h);
    keep.push_back(std::move(owner));
  }
  WinHttpSendRequest(h, nullptr, 0, nullptr, 0, 0, 0);
}

// OK: handed to a function that may keep it.
void keep(Owner &owner);
void handedOn(HINTERNET h) {
  {
    Owner owner(h);
    keep(owner);
  }
  WinHttpSendRequest(h, nullptr, 0, nullptr, 0, 0, 0);
}

// OK: captured by a lambda that may take it.
void captured(HINTERNET h) {
  {
    Owner owner(h);
    auto take = [&owner] { return owner.release(); };
    take();
  }
  WinHttpSendRequest(h, nullptr, 0, nullptr, 0, 0, 0);
}

// OK: each iteration's owner closes its own request, used inside.
void perIteration(HINTERNET connect) {
  for (int i = 0; i < 3; ++i) {
    Owner request(WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr,
                                     nullptr, 0));
    WinHttpSendRequest(request.get(), nullptr, 0, nullptr, 0, 0, 0);
  }
}

// OK: the copy is taken again after the next owner is made.
void copyRenewed(HINTERNET connect) {
  HINTERNET raw = nullptr;
  for (int i = 0; i < 3; ++i) {
    Owner request(WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr,
                                     nullptr, 0));
    raw = request.get();
    WinHttpSendRequest(raw, nullptr, 0, nullptr, 0, 0, 0);
  }
}

// A copy used in the next iteration, after the owner of the last one died.
void copyAcrossIterations(HINTERNET connect) {
  HINTERNET last = nullptr;
  for (int i = 0; i < 3; ++i) {
    if (last)
      WinHttpSetTimeouts(last, 1, 1, 1, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'WinHttpSetTimeouts' is called on 'last' after it may have been closed
    Owner request(WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr,
                                     nullptr, 0));
    last = request.get();
  }
}

// OK: moved into a lambda's init-capture.
void initCaptured(HINTERNET h) {
  {
    Owner owner(h);
    auto keepIt = [kept = std::move(owner)] {};
    keepIt();
  }
  WinHttpSendRequest(h, nullptr, 0, nullptr, 0, 0, 0);
}
