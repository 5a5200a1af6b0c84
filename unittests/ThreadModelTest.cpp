//===--- ThreadModelTest.cpp - tests of analysis/ThreadModel --------------===//
//
// Asks in which contexts functions run: on which threads (through calls
// from the entries), in main, in status callbacks, under a canceller; and
// which function starts a thread.
//
//===----------------------------------------------------------------------===//

#include "analysis/ThreadModel.h"
#include "ASTTestUtils.h"
#include "analysis/ConcurrencyModel.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

using analysis::ThreadModel;
using analysis::ValueId;
using analysis::ValueSet;

constexpr llvm::StringLiteral Prelude = R"cpp(
#include <windows.h>
#include <winhttp.h>
)cpp";

struct Model {
  explicit Model(llvm::StringRef Code, Mode M = Mode::MinGWCpp,
                 std::vector<std::string> Words = {"cancel", "stop"})
      : AST(buildAST((Prelude + Code).str(), M)),
        VF(AST.context(), analysis::ValueFlowOptions{}),
        TM(VF, std::move(Words)) {}

  const FunctionDecl *fn(llvm::StringRef Name) {
    const FunctionDecl *F = findFunction(AST.context(), Name);
    EXPECT_TRUE(F) << Name.str();
    return F ? F->getCanonicalDecl() : nullptr;
  }
  ValueSet threads(llvm::StringRef Name) { return TM.threadsRunning(fn(Name)); }
  /// The single thread value of the TU started by the Nth call of Callee.
  ValueId startedBy(llvm::StringRef Callee, unsigned Nth = 0) {
    const CallExpr *Call = findCall(AST.context(), Callee, Nth);
    EXPECT_TRUE(Call) << Callee.str();
    std::optional<ValueId> T = Call ? VF.threadStartedBy(*Call) : std::nullopt;
    EXPECT_TRUE(T.has_value()) << Callee.str() << " starts nothing";
    return T.value_or(0);
  }

  TestAST AST;
  analysis::ValueFlow VF;
  ThreadModel TM;
};

TEST(ThreadModelTest, EntryAndItsCalleesRunOnTheThread) {
  Model M(R"cpp(
    void helper() {}
    DWORD WINAPI worker(LPVOID) { helper(); return 0; }
    void start() { CloseHandle(CreateThread(nullptr, 0, worker, nullptr, 0, nullptr)); }
  )cpp");
  ValueId T = M.startedBy("CreateThread");
  EXPECT_TRUE(M.threads("worker").test(T));
  EXPECT_TRUE(M.threads("helper").test(T));
  EXPECT_TRUE(M.threads("start").empty());
  EXPECT_TRUE(M.TM.inMain(M.fn("start")));
  EXPECT_FALSE(M.TM.inMain(M.fn("worker")));
  EXPECT_EQ(M.TM.starterOf(T), M.fn("start"));
}

TEST(ThreadModelTest, HelperCalledFromBothRunsInBoth) {
  Model M(R"cpp(
    void shared() {}
    DWORD WINAPI worker(LPVOID) { shared(); return 0; }
    void start() {
      CloseHandle(CreateThread(nullptr, 0, worker, nullptr, 0, nullptr));
      shared();
    }
  )cpp");
  EXPECT_FALSE(M.threads("shared").empty());
  EXPECT_TRUE(M.TM.inMain(M.fn("shared")));
}

TEST(ThreadModelTest, DeferredTaskRunsWhereItIsStarted) {
  Model M(R"cpp(
    #include <future>
    int work() { return 1; }
    int other() { return 2; }
    void run() {
      auto D = std::async(std::launch::deferred, work);
      auto A = std::async(std::launch::async, other);
      D.get();
      A.get();
    }
  )cpp");
  EXPECT_TRUE(M.threads("work").empty());
  EXPECT_TRUE(M.TM.inMain(M.fn("work")));
  EXPECT_FALSE(M.threads("other").empty());
}

TEST(ThreadModelTest, UncalledLambdaRunsInItsFunction) {
  Model M(R"cpp(
    void later(void (*)(void));
    void outer() {
      auto L = [] {};
      (void)L;
    }
  )cpp");
  bool Found = false;
  for (const FunctionDecl *F : M.VF.functions())
    if (const auto *MD = dyn_cast<CXXMethodDecl>(F);
        MD && MD->getParent()->isLambda()) {
      Found = true;
      EXPECT_TRUE(M.TM.inMain(F->getCanonicalDecl()));
    }
  EXPECT_TRUE(Found);
}

TEST(ThreadModelTest, StatusCallbackReachesWhatItCalls) {
  Model M(R"cpp(
    void note() {}
    void CALLBACK onStatus(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) { note(); }
    void setup(HINTERNET R) { WinHttpSetStatusCallback(R, onStatus, 0, 0); }
  )cpp");
  ASSERT_EQ(M.TM.callbacksReaching(M.fn("note")).size(), 1u);
  EXPECT_EQ(M.TM.callbacksReaching(M.fn("note")).front(), M.fn("onStatus"));
  EXPECT_TRUE(M.TM.callbacksReaching(M.fn("setup")).empty());
}

TEST(ThreadModelTest, CancellerReachesItsCallees) {
  Model M(R"cpp(
    void dispose() {}
    void onCancelClicked() { dispose(); }
    void stopwatch() {}
  )cpp");
  const analysis::Canceller *C = M.TM.cancellerReaching(M.fn("dispose"));
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Fn, M.fn("onCancelClicked"));
  EXPECT_EQ(C->Word, "cancel");
  EXPECT_FALSE(M.TM.cancellerReaching(M.fn("stopwatch")));
  auto Chain = M.TM.callChain(M.fn("onCancelClicked"), M.fn("dispose"));
  ASSERT_EQ(Chain.size(), 1u);
  EXPECT_EQ(Chain.front().Callee, "dispose");
}

TEST(ThreadModelTest, WordsOfIdentifiers) {
  using V = llvm::SmallVector<std::string, 4>;
  EXPECT_EQ(ThreadModel::words("onStopRequest"), (V{"on", "stop", "request"}));
  EXPECT_EQ(ThreadModel::words("winhttp_client_shutdown"),
            (V{"winhttp", "client", "shutdown"}));
  EXPECT_EQ(ThreadModel::words("HTTPTimeout"), (V{"http", "timeout"}));
  EXPECT_EQ(ThreadModel::words("Stop2Now"), (V{"stop2", "now"}));
}

TEST(ThreadModelTest, ThreadPoolWorkInC) {
  Model M(R"cpp(
    static VOID CALLBACK work(PTP_CALLBACK_INSTANCE, PVOID, PTP_WORK) {}
    void go(void) { SubmitThreadpoolWork(CreateThreadpoolWork(work, NULL, NULL)); }
  )cpp",
          Mode::MinGWC);
  EXPECT_FALSE(M.threads("work").empty());
  EXPECT_TRUE(M.TM.inMain(M.fn("go")));
}

TEST(ThreadModelTest, OneModelPerTuAndOptionsFreedAfterItsUsers) {
  TestAST AST = buildAST((Prelude + "void f() {}\n").str());
  ASTContext &Ctx = AST.context();
  using analysis::ConcurrencyModel;
  ConcurrencyModel::Options A, B;
  B.CancelWords = {"abort"};
  ConcurrencyModel &First = ConcurrencyModel::shared(Ctx, A);
  // The same options share one model, with the TU's one value flow.
  EXPECT_EQ(&ConcurrencyModel::shared(Ctx, A), &First);
  EXPECT_NE(&ConcurrencyModel::shared(Ctx, B), &First);
  EXPECT_EQ(&analysis::ValueFlow::shared(Ctx, A.Flow),
            &analysis::ValueFlow::shared(Ctx, B.Flow));
  // Two users: the first to finish keeps it, the second frees it; a later
  // request starts a new one.
  ConcurrencyModel::finished(Ctx, A, /*Users=*/2);
  EXPECT_EQ(ConcurrencyModel::shared(Ctx, A).Runs, 1u);
  ConcurrencyModel::finished(Ctx, A, /*Users=*/2);
  EXPECT_EQ(ConcurrencyModel::shared(Ctx, A).Runs, 0u);
  // Another TU has models of its own.
  TestAST Other = buildAST((Prelude + "void f() {}\n").str());
  EXPECT_NE(&ConcurrencyModel::shared(Other.context(), B),
            &ConcurrencyModel::shared(Ctx, B));
}

} // namespace
} // namespace clang::tidy::winhttp::test
