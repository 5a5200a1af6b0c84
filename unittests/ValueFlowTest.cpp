//===--- ValueFlowTest.cpp - tests of analysis/ValueFlow ------------------===//
//
// Asks the value flow which sites name the same handle, which session mode a
// handle has, and which functions threads and callbacks run, on code written
// each way a real program stores and moves handles.
//
//===----------------------------------------------------------------------===//

#include "ASTTestUtils.h"
#include "analysis/ValueFlow.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

using analysis::SessionMode;
using analysis::Value;
using analysis::ValueFlow;
using analysis::ValueSet;

constexpr llvm::StringLiteral Prelude = R"cpp(
#include <windows.h>
#include <winhttp.h>
)cpp";

/// A parsed TU and its value flow.
struct Flow {
  explicit Flow(llvm::StringRef Code, Mode M = Mode::MinGWCpp)
      : AST(buildAST((Prelude + Code).str(), M)),
        VF(std::make_unique<ValueFlow>(AST.context(),
                                       analysis::ValueFlowOptions{})) {}

  ASTContext &ctx() { return AST.context(); }

  /// The values of argument \p Arg of the \p Nth call of \p Callee.
  ValueSet arg(llvm::StringRef Callee, unsigned Nth, unsigned Arg = 0) {
    const CallExpr *Call = findCall(ctx(), Callee, Nth);
    EXPECT_TRUE(Call) << Callee.str() << " #" << Nth;
    if (!Call || Arg >= Call->getNumArgs())
      return {};
    return VF->valuesOf(*Call->getArg(Arg));
  }

  /// The values of the \p Nth call of \p Callee itself.
  ValueSet call(llvm::StringRef Callee, unsigned Nth = 0) {
    const CallExpr *Call = findCall(ctx(), Callee, Nth);
    EXPECT_TRUE(Call) << Callee.str() << " #" << Nth;
    return Call ? VF->valuesOf(*Call) : ValueSet();
  }

  /// The one value of kind \p K in \p S, or none.
  std::optional<analysis::ValueId> only(const ValueSet &S, Value::Kind K) {
    std::optional<analysis::ValueId> Found;
    for (analysis::ValueId V : S)
      if (VF->value(V).K == K) {
        if (Found)
          return std::nullopt;
        Found = V;
      }
    return Found;
  }

  SessionMode::Kind mode(const ValueSet &S) {
    std::optional<analysis::ValueId> V = only(S, Value::Kind::Handle);
    EXPECT_TRUE(V) << "not one handle value";
    return V ? VF->modeOf(*V).K : SessionMode::Kind::Unknown;
  }

  TestAST AST;
  std::unique_ptr<ValueFlow> VF;
};

#define EXPECT_PARSES(F) ASSERT_EQ((F).AST.errors(), "")

TEST(ValueFlowTest, ReassignedLocalIsTwoHandles) {
  Flow F(R"cpp(
    void f(HINTERNET c) {
      HINTERNET h = WinHttpOpenRequest(c, L"GET", L"/a", 0, 0, 0, 0);
      WinHttpCloseHandle(h);
      h = WinHttpOpenRequest(c, L"GET", L"/b", 0, 0, 0, 0);
      WinHttpCloseHandle(h);
    }
  )cpp");
  EXPECT_PARSES(F);
  ValueSet First = F.arg("WinHttpCloseHandle", 0);
  ValueSet Second = F.arg("WinHttpCloseHandle", 1);
  EXPECT_TRUE(First.test(*F.only(F.call("WinHttpOpenRequest", 0),
                                  Value::Kind::Handle)));
  EXPECT_TRUE(Second.test(*F.only(F.call("WinHttpOpenRequest", 1),
                                   Value::Kind::Handle)));
  EXPECT_FALSE(analysis::meet(First, Second));
}

TEST(ValueFlowTest, ReassignedInLoopMeetsBothDefinitions) {
  Flow F(R"cpp(
    void f(HINTERNET c, int n) {
      HINTERNET h = WinHttpOpenRequest(c, L"GET", L"/a", 0, 0, 0, 0);
      for (int i = 0; i < n; ++i) {
        WinHttpSendRequest(h, 0, 0, 0, 0, 0, 0);
        h = WinHttpOpenRequest(c, L"GET", L"/b", 0, 0, 0, 0);
      }
    }
  )cpp");
  EXPECT_PARSES(F);
  ValueSet Sent = F.arg("WinHttpSendRequest", 0);
  EXPECT_EQ(Sent.count(), 2u);
}

TEST(ValueFlowTest, GlobalAndMemberCarryTheLocal) {
  Flow F(R"cpp(
    HINTERNET g_request;
    struct Client { HINTERNET request_; void cancel(); void run(HINTERNET); };
    void Client::run(HINTERNET c) {
      HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0);
      request_ = r;
      g_request = request_;
      WinHttpSendRequest(r, 0, 0, 0, 0, 0, 0);
    }
    void Client::cancel() { WinHttpCloseHandle(request_); }
    void cancelAll() { WinHttpCloseHandle(g_request); }
  )cpp");
  EXPECT_PARSES(F);
  ValueSet Sent = F.arg("WinHttpSendRequest", 0);
  EXPECT_TRUE(analysis::meet(Sent, F.arg("WinHttpCloseHandle", 0)));
  EXPECT_TRUE(analysis::meet(Sent, F.arg("WinHttpCloseHandle", 1)));
}

TEST(ValueFlowTest, FieldNothingStoresToIsOneOpaqueHandle) {
  Flow F(R"cpp(
    struct Client {
      HINTERNET request_;
      void run() { WinHttpReceiveResponse(request_, 0); }
      void stop() { WinHttpCloseHandle(request_); }
      HINTERNET other_;
      void stopOther() { WinHttpCloseHandle(other_); }
    };
  )cpp");
  EXPECT_PARSES(F);
  ValueSet Received = F.arg("WinHttpReceiveResponse", 0);
  EXPECT_TRUE(F.only(Received, Value::Kind::Opaque));
  EXPECT_TRUE(analysis::meet(Received, F.arg("WinHttpCloseHandle", 0)));
  EXPECT_FALSE(analysis::meet(Received, F.arg("WinHttpCloseHandle", 1)));
}

TEST(ValueFlowTest, FieldsOfKnownObjectsAreTheirOwn) {
  Flow F(R"cpp(
    struct conn { HINTERNET request; };
    static struct conn g_up, g_down;
    void open(HINTERNET c) {
      g_up.request = WinHttpOpenRequest(c, L"PUT", 0, 0, 0, 0, 0);
      g_down.request = WinHttpOpenRequest(c, L"GET", 0, 0, 0, 0, 0);
    }
    void run(struct conn *p) {
      WinHttpSendRequest(g_up.request, 0, 0, 0, 0, 0, 0);
      WinHttpCloseHandle(g_down.request);
      WinHttpCloseHandle(p->request);
      struct conn copy = g_up;
      WinHttpCloseHandle(copy.request);
    }
  )cpp",
         Mode::MinGWC);
  EXPECT_PARSES(F);
  ValueSet Sent = F.arg("WinHttpSendRequest", 0);
  EXPECT_TRUE(F.only(Sent, Value::Kind::Handle));
  // Another object of the same struct.
  EXPECT_FALSE(analysis::meet(Sent, F.arg("WinHttpCloseHandle", 0)));
  // Through a pointer: any object.
  EXPECT_TRUE(analysis::meet(Sent, F.arg("WinHttpCloseHandle", 1)));
  // A copy: what was copied. The copy holds the field across objects.
  EXPECT_TRUE(analysis::meet(Sent, F.arg("WinHttpCloseHandle", 2)));
}

TEST(ValueFlowTest, FieldsWrittenThroughPointersReachEveryObject) {
  Flow F(R"cpp(
    struct conn { HINTERNET request; CRITICAL_SECTION lock; };
    void open(struct conn *c, HINTERNET s) {
      c->request = WinHttpOpenRequest(s, L"GET", 0, 0, 0, 0, 0);
    }
    void run(HINTERNET s) {
      struct conn a = {0}, b = {0};
      open(&a, s);
      WinHttpSendRequest(a.request, 0, 0, 0, 0, 0, 0);
      WinHttpCloseHandle(b.request);
      EnterCriticalSection(&a.lock);
      EnterCriticalSection(&b.lock);
      EnterCriticalSection(&a.lock);
    }
  )cpp",
         Mode::MinGWC);
  EXPECT_PARSES(F);
  // The helper's object is not known: its store reaches both objects.
  EXPECT_TRUE(analysis::meet(F.arg("WinHttpSendRequest", 0),
                             F.arg("WinHttpCloseHandle", 0)));
  // Nothing stores to the locks: each object's is its own.
  ValueSet A = F.arg("EnterCriticalSection", 0);
  EXPECT_FALSE(analysis::meet(A, F.arg("EnterCriticalSection", 1)));
  EXPECT_TRUE(analysis::meet(A, F.arg("EnterCriticalSection", 2)));
}

TEST(ValueFlowTest, AtomicsExchangeAndSmartPointers) {
  Flow F(R"cpp(
    #include <atomic>
    #include <memory>
    #include <utility>
    std::atomic<HINTERNET> g_req{nullptr};
    HINTERNET g_plain;
    void open(HINTERNET c) {
      g_req.store(WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0));
      g_plain = WinHttpOpenRequest(c, L"GET", L"/p", 0, 0, 0, 0);
    }
    void send() { WinHttpSendRequest(g_req.load(), 0, 0, 0, 0, 0, 0); }
    void cancel() {
      HINTERNET r = g_req.exchange(nullptr);
      WinHttpCloseHandle(r);
      WinHttpCloseHandle(std::exchange(g_plain, nullptr));
    }
    struct Closer { void operator()(HINTERNET h) const { WinHttpCloseHandle(h); } };
    void owned(HINTERNET c) {
      std::unique_ptr<void, Closer> p(WinHttpOpenRequest(c, L"GET", L"/u", 0, 0, 0, 0));
      WinHttpSendRequest(p.get(), 0, 0, 0, 0, 0, 0);
      HINTERNET raw = p.release();
      WinHttpCloseHandle(raw);
    }
  )cpp");
  EXPECT_PARSES(F);
  const analysis::ValueId Stored =
      *F.only(F.call("WinHttpOpenRequest", 0), Value::Kind::Handle);
  EXPECT_TRUE(F.arg("WinHttpSendRequest", 0).test(Stored));
  EXPECT_TRUE(F.arg("WinHttpCloseHandle", 0).test(Stored));
  const analysis::ValueId Plain =
      *F.only(F.call("WinHttpOpenRequest", 1), Value::Kind::Handle);
  EXPECT_TRUE(F.arg("WinHttpCloseHandle", 1).test(Plain));
  const analysis::ValueId Owned =
      *F.only(F.call("WinHttpOpenRequest", 2), Value::Kind::Handle);
  EXPECT_TRUE(F.arg("WinHttpSendRequest", 1).test(Owned));
  EXPECT_TRUE(F.arg("WinHttpCloseHandle", 3).test(Owned));
  EXPECT_FALSE(F.arg("WinHttpCloseHandle", 3).test(Stored));
}

TEST(ValueFlowTest, InterlockedExchangePointerInC) {
  for (Mode M : {Mode::MinGWC, Mode::MSVC}) {
    Flow F(R"cpp(
      static HINTERNET g_req;
      void open(HINTERNET c) {
        HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0);
        g_req = r;
      }
      void cancel(void) {
        HINTERNET r = (HINTERNET)InterlockedExchangePointer((PVOID *)&g_req, NULL);
        if (r)
          WinHttpCloseHandle(r);
      }
    )cpp",
           M);
    EXPECT_PARSES(F);
    EXPECT_TRUE(F.arg("WinHttpCloseHandle", 0)
                    .test(*F.only(F.call("WinHttpOpenRequest", 0),
                                  Value::Kind::Handle)));
  }
}

TEST(ValueFlowTest, ConditionalOperatorAndHelpers) {
  Flow F(R"cpp(
    static HINTERNET connect(HINTERNET s) {
      return s ? WinHttpConnect(s, L"example.com", 443, 0) : NULL;
    }
    static void closeIt(HINTERNET h) { WinHttpCloseHandle(h); }
    void run(HINTERNET s) {
      HINTERNET c = connect(s);
      closeIt(c);
    }
  )cpp");
  EXPECT_PARSES(F);
  const analysis::ValueId Connect =
      *F.only(F.call("WinHttpConnect"), Value::Kind::Handle);
  EXPECT_TRUE(F.arg("WinHttpCloseHandle", 0).test(Connect));
  const FunctionDecl *CloseIt = findFunction(F.ctx(), "closeIt");
  ASSERT_EQ(F.VF->callSitesOf(CloseIt->getCanonicalDecl()).size(), 1u);
}

TEST(ValueFlowTest, SessionModeFlowsToChildren) {
  Flow F(R"cpp(
    constexpr DWORD kFlags = WINHTTP_FLAG_ASYNC;
    HINTERNET g_async, g_sync, g_secure;
    DWORD g_flags = WINHTTP_FLAG_ASYNC;
    struct Client { HINTERNET session_; void open(); void request(); };
    void Client::open() {
      HINTERNET s = WinHttpOpen(L"a", 0, 0, 0, kFlags);
      session_ = s;
    }
    void Client::request() {
      HINTERNET c = WinHttpConnect(session_, L"x", 443, 0);
      WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0);
    }
    void init(DWORD param) {
      g_sync = WinHttpOpen(L"b", 0, 0, 0, 0);
      g_secure = WinHttpOpen(L"c", 0, 0, 0, g_flags);
      WinHttpOpen(L"d", 0, 0, 0, param);
      WinHttpConnect(g_sync, L"x", 80, 0);
    }
  )cpp");
  EXPECT_PARSES(F);
  EXPECT_EQ(F.mode(F.call("WinHttpOpenRequest")),
            SessionMode::Kind::Asynchronous);
  EXPECT_EQ(F.mode(F.call("WinHttpOpen", 1)), SessionMode::Kind::Synchronous);
  EXPECT_EQ(F.mode(F.call("WinHttpOpen", 2)), SessionMode::Kind::Asynchronous);
  EXPECT_EQ(F.mode(F.call("WinHttpOpen", 3)), SessionMode::Kind::Unknown);
  EXPECT_EQ(F.mode(F.call("WinHttpConnect", 1)),
            SessionMode::Kind::Synchronous);
}

TEST(ValueFlowTest, ThreadsInArraysAndContainers) {
  Flow F(R"cpp(
    #include <thread>
    #include <vector>
    #include <memory>
    DWORD WINAPI proc(LPVOID ctx) { return 0; }
    void win32(int n) {
      HANDLE th[4];
      for (int i = 0; i < n; ++i)
        th[i] = CreateThread(NULL, 0, proc, NULL, 0, NULL);
      WaitForMultipleObjects(n, th, TRUE, INFINITE);
    }
    void work(HINTERNET h) { WinHttpReceiveResponse(h, 0); }
    void stl(HINTERNET h) {
      std::vector<std::thread> pool;
      pool.emplace_back(work, h);
      for (auto &t : pool)
        t.join();
      auto p = std::make_unique<std::thread>(work, h);
      p->join();
    }
  )cpp");
  EXPECT_PARSES(F);
  const analysis::ValueId Started =
      *F.only(F.call("CreateThread"), Value::Kind::Thread);
  EXPECT_TRUE(F.arg("WaitForMultipleObjects", 0, 1).test(Started));
  const FunctionDecl *Proc = findFunction(F.ctx(), "proc");
  ASSERT_EQ(F.VF->entriesOf(Started).size(), 1u);
  EXPECT_EQ(F.VF->entriesOf(Started)[0], Proc->getCanonicalDecl());

  // The loop variable of the range-for reads the container's threads.
  std::optional<analysis::ValueId> Pooled =
      F.only(F.VF->valuesOf(*findRef(F.ctx(), "pool", 0)), Value::Kind::Thread);
  ASSERT_TRUE(Pooled);
  EXPECT_EQ(F.VF->value(*Pooled).Site, findCall(F.ctx(), "emplace_back"));
  const CallExpr *Join = findCall(F.ctx(), "join", 0);
  ASSERT_TRUE(Join);
  EXPECT_TRUE(F.VF->valuesOf(*cast<CXXMemberCallExpr>(Join)
                                  ->getImplicitObjectArgument())
                  .test(*Pooled));
  const CallExpr *JoinP = findCall(F.ctx(), "join", 1);
  const analysis::ValueId Made =
      *F.only(F.call("make_unique"), Value::Kind::Thread);
  EXPECT_TRUE(F.VF->valuesOf(*cast<CXXMemberCallExpr>(JoinP)
                                  ->getImplicitObjectArgument())
                  .test(Made));
  // The worker's parameter gets the handle from both starts.
  EXPECT_TRUE(analysis::meet(F.arg("WinHttpReceiveResponse", 0),
                             F.VF->valuesOf(*findRef(F.ctx(), "h", 1))));
}

TEST(ValueFlowTest, LambdaCapturesByCopyAndByReference) {
  Flow F(R"cpp(
    #include <thread>
    void f(HINTERNET c) {
      HINTERNET h = WinHttpOpenRequest(c, L"GET", L"/a", 0, 0, 0, 0);
      std::thread t([h] { WinHttpSendRequest(h, 0, 0, 0, 0, 0, 0); });
      h = WinHttpOpenRequest(c, L"GET", L"/b", 0, 0, 0, 0);
      WinHttpCloseHandle(h);
      t.join();
      HINTERNET shared = WinHttpOpenRequest(c, L"GET", L"/c", 0, 0, 0, 0);
      std::thread u([&] { WinHttpReceiveResponse(shared, 0); });
      shared = nullptr;
      u.join();
    }
  )cpp");
  EXPECT_PARSES(F);
  // The copy was taken before the reassignment.
  EXPECT_FALSE(analysis::meet(F.arg("WinHttpSendRequest", 0),
                              F.arg("WinHttpCloseHandle", 0)));
  EXPECT_TRUE(F.arg("WinHttpSendRequest", 0)
                  .test(*F.only(F.call("WinHttpOpenRequest", 0),
                                Value::Kind::Handle)));
  EXPECT_TRUE(F.arg("WinHttpReceiveResponse", 0)
                  .test(*F.only(F.call("WinHttpOpenRequest", 2),
                                Value::Kind::Handle)));
}

TEST(ValueFlowTest, CallbackContextAndGetProcAddress) {
  Flow F(R"cpp(
    struct Ctx { HINTERNET request; };
    typedef BOOL (WINAPI *CloseFn)(HINTERNET);
    void CALLBACK onStatus(HINTERNET h, DWORD_PTR context, DWORD status,
                           LPVOID info, DWORD length) {
      Ctx *ctx = reinterpret_cast<Ctx *>(context);
      WinHttpCloseHandle(ctx->request);
    }
    void start(HINTERNET r, Ctx *ctx) {
      ctx->request = r;
      WinHttpSetStatusCallback(r, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
      WinHttpSendRequest(r, 0, 0, 0, 0, 0, reinterpret_cast<DWORD_PTR>(ctx));
      CloseFn close = (CloseFn)GetProcAddress(GetModuleHandleW(L"winhttp.dll"),
                                              "WinHttpCloseHandle");
      close(r);
    }
  )cpp");
  EXPECT_PARSES(F);
  const FunctionDecl *OnStatus = findFunction(F.ctx(), "onStatus");
  EXPECT_TRUE(F.VF->isEntry(OnStatus->getCanonicalDecl()));
  ASSERT_EQ(F.VF->statusCallbacks().size(), 1u);
  EXPECT_TRUE(analysis::meet(F.arg("WinHttpCloseHandle", 0),
                             F.arg("WinHttpSendRequest", 0)));
  // The context parameter holds what WinHttpSendRequest was given.
  EXPECT_TRUE(analysis::meet(F.VF->valuesOf(*findRef(F.ctx(), "context", 0)),
                             F.arg("WinHttpSendRequest", 0, 6)));
  using namespace ast_matchers;
  const CallExpr *ThroughPointer = findNth<CallExpr>(
      F.ctx(),
      callExpr(unless(isExpansionInSystemHeader()),
               unless(callee(functionDecl())))
          .bind("node"),
      0);
  ASSERT_TRUE(ThroughPointer);
  const api::Function *Api = F.VF->apiOf(*ThroughPointer);
  ASSERT_TRUE(Api);
  EXPECT_TRUE(Api->has(api::ClosesHandle));
}

// A context reaches the callbacks registered on its handle or an ancestor
// of it, and every callback when either side's handle is not known.
TEST(ValueFlowTest, ContextsReachTheCallbacksOfTheirHandles) {
  Flow F(R"cpp(
    struct Job { HINTERNET request; };
    void CALLBACK onA(HINTERNET h, DWORD_PTR a, DWORD s, LPVOID i, DWORD n) {
      (void)a;
    }
    void CALLBACK onB(HINTERNET h, DWORD_PTR b, DWORD s, LPVOID i, DWORD n) {
      (void)b;
    }
    void CALLBACK onAny(HINTERNET h, DWORD_PTR any, DWORD s, LPVOID i,
                        DWORD n) {
      (void)any;
    }
    Job jobA, jobB, jobC;
    void run(HINTERNET from) {
      HINTERNET sa = WinHttpOpen(L"a", 0, 0, 0, WINHTTP_FLAG_ASYNC);
      HINTERNET sb = WinHttpOpen(L"b", 0, 0, 0, WINHTTP_FLAG_ASYNC);
      WinHttpSetStatusCallback(sa, onA, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
      WinHttpSetStatusCallback(sb, onB, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
      WinHttpSetStatusCallback(from, onAny, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
      HINTERNET ca = WinHttpConnect(sa, L"a", 443, 0);
      HINTERNET cb = WinHttpConnect(sb, L"b", 443, 0);
      jobA.request = WinHttpOpenRequest(ca, L"GET", L"/", 0, 0, 0, 0);
      jobB.request = WinHttpOpenRequest(cb, L"GET", L"/", 0, 0, 0, 0);
      WinHttpSendRequest(jobA.request, 0, 0, 0, 0, 0, (DWORD_PTR)&jobA);
      WinHttpSendRequest(jobB.request, 0, 0, 0, 0, 0, (DWORD_PTR)&jobB);
      WinHttpSendRequest(from, 0, 0, 0, 0, 0, (DWORD_PTR)&jobC);
    }
  )cpp");
  EXPECT_PARSES(F);
  ValueSet A = F.VF->valuesOf(*findRef(F.ctx(), "a", 0));
  ValueSet B = F.VF->valuesOf(*findRef(F.ctx(), "b", 0));
  ValueSet Any = F.VF->valuesOf(*findRef(F.ctx(), "any", 0));
  ValueSet JobA = F.arg("WinHttpSendRequest", 0, 6);
  ValueSet JobB = F.arg("WinHttpSendRequest", 1, 6);
  ValueSet JobC = F.arg("WinHttpSendRequest", 2, 6);
  // Through the connection to the session the callback was registered on.
  EXPECT_TRUE(analysis::meet(A, JobA));
  EXPECT_FALSE(analysis::meet(A, JobB));
  EXPECT_TRUE(analysis::meet(B, JobB));
  EXPECT_FALSE(analysis::meet(B, JobA));
  // A request of unknown origin may belong to any session.
  EXPECT_TRUE(analysis::meet(A, JobC));
  EXPECT_TRUE(analysis::meet(B, JobC));
  // A callback registered on a parameter gets every context.
  EXPECT_TRUE(analysis::meet(Any, JobA));
  EXPECT_TRUE(analysis::meet(Any, JobB));
  EXPECT_TRUE(analysis::meet(Any, JobC));
}

// The context of WinHttpWebSocketCompleteUpgrade is the WebSocket's, and a
// callback registered on the WebSocket gets it; one on another session does
// not, unless the WebSocket's request may belong to it.
TEST(ValueFlowTest, WebSocketContextReachesItsCallback) {
  Flow F(R"cpp(
    struct Socket { HINTERNET ws; };
    void CALLBACK onWs(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID i, DWORD n) {
      Socket *sock = (Socket *)c;
      (void)sock;
    }
    void CALLBACK onOther(HINTERNET h, DWORD_PTR o, DWORD s, LPVOID i,
                          DWORD n) {
      (void)o;
    }
    Socket known, unknown;
    void run(HINTERNET request) {
      HINTERNET other = WinHttpOpen(L"o", 0, 0, 0, WINHTTP_FLAG_ASYNC);
      WinHttpSetStatusCallback(other, onOther, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
      HINTERNET s = WinHttpOpen(L"s", 0, 0, 0, 0);
      HINTERNET c = WinHttpConnect(s, L"h", 443, 0);
      HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0);
      HINTERNET ws = WinHttpWebSocketCompleteUpgrade(r, (DWORD_PTR)&known);
      WinHttpSetStatusCallback(ws, onWs, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
      known.ws = ws;
      unknown.ws = WinHttpWebSocketCompleteUpgrade(request, (DWORD_PTR)&unknown);
    }
  )cpp");
  EXPECT_PARSES(F);
  ValueSet Known = F.arg("WinHttpWebSocketCompleteUpgrade", 0, 1);
  ValueSet Unknown = F.arg("WinHttpWebSocketCompleteUpgrade", 1, 1);
  ValueSet OnWs = F.VF->valuesOf(*findRef(F.ctx(), "c", 0));
  ValueSet OnOther = F.VF->valuesOf(*findRef(F.ctx(), "o", 0));
  EXPECT_TRUE(analysis::meet(OnWs, Known));
  EXPECT_FALSE(analysis::meet(OnOther, Known));
  EXPECT_TRUE(analysis::meet(OnOther, Unknown));
}

TEST(ValueFlowTest, FunctionTemplatesAreAnalysedPerInstantiation) {
  Flow F(R"cpp(
    template <typename T> void closeLater(T h) { WinHttpCloseHandle(h); }
    void run(HINTERNET c) {
      HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0);
      closeLater(r);
    }
  )cpp");
  EXPECT_PARSES(F);
  using namespace ast_matchers;
  // The call in the instantiation closeLater<HINTERNET>.
  const CallExpr *Close = findNth<CallExpr>(
      F.ctx(),
      callExpr(callee(functionDecl(hasName("WinHttpCloseHandle"))),
               isInTemplateInstantiation())
          .bind("node"),
      0);
  ASSERT_TRUE(Close);
  EXPECT_TRUE(F.VF->valuesOf(*Close->getArg(0))
                  .test(*F.only(F.call("WinHttpOpenRequest"),
                                Value::Kind::Handle)));
}

// Spellings written after the mechanisms, to see that they hold on code the
// tests above did not shape.
TEST(ValueFlowTest, ContextStructThroughThreadInC) {
  for (Mode M : {Mode::MinGWC, Mode::MSVC}) {
    Flow F(R"cpp(
      typedef struct { HINTERNET req; HANDLE thread; } Job;
      static void job_open(Job *job, HINTERNET c) {
        job->req = WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0);
      }
      static DWORD WINAPI job_run(LPVOID p) {
        Job *job = (Job *)p;
        WinHttpSendRequest(job->req, 0, 0, 0, 0, 0, 0);
        return 0;
      }
      void job_start(Job *job, HINTERNET c) {
        Job local = { WinHttpOpenRequest(c, L"GET", L"/agg", 0, 0, 0, 0), NULL };
        job_open(job, c);
        job->thread = CreateThread(NULL, 0, job_run, job, 0, NULL);
      }
      void job_cancel(Job *job) { WinHttpCloseHandle(job->req); }
    )cpp",
           M);
    EXPECT_PARSES(F);
    ValueSet Sent = F.arg("WinHttpSendRequest", 0);
    EXPECT_TRUE(Sent.test(*F.only(F.call("WinHttpOpenRequest", 0),
                                  Value::Kind::Handle)));
    // The aggregate initialiser stores into the same field.
    EXPECT_TRUE(Sent.test(*F.only(F.call("WinHttpOpenRequest", 1),
                                  Value::Kind::Handle)));
    EXPECT_TRUE(analysis::meet(Sent, F.arg("WinHttpCloseHandle", 0)));
    const analysis::ValueId Thread =
        *F.only(F.call("CreateThread"), Value::Kind::Thread);
    ASSERT_EQ(F.VF->entriesOf(Thread).size(), 1u);
    EXPECT_EQ(F.VF->entriesOf(Thread)[0]->getName(), "job_run");
  }
}

TEST(ValueFlowTest, OutParameterOfAHelper) {
  Flow F(R"cpp(
    static bool openRequest(HINTERNET c, HINTERNET *out) {
      *out = WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0);
      return *out != NULL;
    }
    void run(HINTERNET c) {
      HINTERNET r = NULL;
      if (!openRequest(c, &r))
        return;
      WinHttpSendRequest(r, 0, 0, 0, 0, 0, 0);
    }
  )cpp");
  EXPECT_PARSES(F);
  EXPECT_TRUE(F.arg("WinHttpSendRequest", 0)
                  .test(*F.only(F.call("WinHttpOpenRequest"),
                                Value::Kind::Handle)));
}

TEST(ValueFlowTest, MapOfRequestsClosedInARangeFor) {
  Flow F(R"cpp(
    #include <map>
    std::map<int, HINTERNET> g_requests;
    void add(int id, HINTERNET c) {
      g_requests[id] = WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0);
    }
    void cancelAll() {
      for (auto &kv : g_requests)
        WinHttpCloseHandle(kv.second);
    }
  )cpp");
  EXPECT_PARSES(F);
  EXPECT_TRUE(F.arg("WinHttpCloseHandle", 0)
                  .test(*F.only(F.call("WinHttpOpenRequest"),
                                Value::Kind::Handle)));
}

TEST(ValueFlowTest, OwnerObjectReachedThroughAGlobalPointer) {
  Flow F(R"cpp(
    class Request {
    public:
      explicit Request(HINTERNET h) : h_(h) {}
      HINTERNET get() const { return h_; }
    private:
      HINTERNET h_;
    };
    Request *g_current;
    void run(HINTERNET c) {
      Request r(WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0));
      g_current = &r;
      WinHttpSendRequest(r.get(), 0, 0, 0, 0, 0, 0);
    }
    void cancel() { WinHttpCloseHandle(g_current->get()); }
  )cpp");
  EXPECT_PARSES(F);
  const analysis::ValueId Made =
      *F.only(F.call("WinHttpOpenRequest"), Value::Kind::Handle);
  EXPECT_TRUE(F.arg("WinHttpSendRequest", 0).test(Made));
  EXPECT_TRUE(F.arg("WinHttpCloseHandle", 0).test(Made));
}

TEST(ValueFlowTest, AssignmentInALoopCondition) {
  Flow F(R"cpp(
    void drain(HINTERNET c, int n) {
      HINTERNET h;
      HINTERNET last = NULL;
      while ((h = WinHttpOpenRequest(c, L"GET", L"/", 0, 0, 0, 0)) != NULL && n--) {
        WinHttpSendRequest(h, 0, 0, 0, 0, 0, 0);
        last = h;
      }
      h = WinHttpOpenRequest(c, L"GET", L"/final", 0, 0, 0, 0);
      WinHttpCloseHandle(last);
    }
  )cpp",
         Mode::MSVC);
  EXPECT_PARSES(F);
  const analysis::ValueId InLoop =
      *F.only(F.call("WinHttpOpenRequest", 0), Value::Kind::Handle);
  const analysis::ValueId Final =
      *F.only(F.call("WinHttpOpenRequest", 1), Value::Kind::Handle);
  EXPECT_TRUE(F.arg("WinHttpSendRequest", 0).test(InLoop));
  EXPECT_FALSE(F.arg("WinHttpSendRequest", 0).test(Final));
  EXPECT_TRUE(F.arg("WinHttpCloseHandle", 0).test(InLoop));
  EXPECT_FALSE(F.arg("WinHttpCloseHandle", 0).test(Final));
}

} // namespace
} // namespace clang::tidy::winhttp::test
