// winhttp-use-after-close with owners: `reset()` and assignment close what
// the owner held, so raw copies taken before (with `get()`, or the pointer
// it was made from) are closed values; the owner itself then holds another
// value, and copies taken after are new.
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <memory>
#include <utility>

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
