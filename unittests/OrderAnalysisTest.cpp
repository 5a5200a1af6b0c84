//===--- OrderAnalysisTest.cpp - tests of analysis/OrderAnalysis ----------===//
//
// Asks which threads are finished, which locks are held, which threads are
// not started and which flags are known true before chosen calls, on waits,
// joins, locks and gates written the ways programs write them.
//
//===----------------------------------------------------------------------===//

#include "ASTTestUtils.h"
#include "analysis/OrderAnalysis.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

using analysis::OrderFacts;
using analysis::Value;
using analysis::ValueSet;

constexpr llvm::StringLiteral Prelude = R"cpp(
#include <windows.h>
#include <winhttp.h>
)cpp";

/// A parsed TU with its value flow and order analysis.
struct Order {
  explicit Order(llvm::StringRef Code, Mode M = Mode::MinGWCpp)
      : AST(buildAST((Prelude + Code).str(), M)), Cfgs(AST.context()),
        VF(AST.context(), analysis::ValueFlowOptions{}), OA(VF, Cfgs) {}

  ASTContext &ctx() { return AST.context(); }

  /// The facts before the \p Nth call of \p Callee, which is in \p Fn.
  OrderFacts before(llvm::StringRef Callee, unsigned Nth, llvm::StringRef Fn) {
    const CallExpr *Call = findCall(ctx(), Callee, Nth);
    const FunctionDecl *F = findFunction(ctx(), Fn);
    EXPECT_TRUE(Call && F) << Callee.str() << " #" << Nth << " in " << Fn.str();
    return Call && F ? OA.before(*Call, *F) : OrderFacts();
  }

  /// The thread values that \p Var holds.
  ValueSet threads(llvm::StringRef Var) {
    ValueSet Result;
    for (analysis::ValueId V : VF.valuesOf(*findRef(ctx(), Var)))
      if (VF.value(V).K == Value::Kind::Thread)
        Result.set(V);
    EXPECT_FALSE(Result.empty()) << Var.str() << " holds no thread";
    return Result;
  }

  /// Whether every thread \p Var holds is finished in \p F.
  static bool finished(const OrderFacts &F, const ValueSet &Threads) {
    return !Threads.empty() && F.Finished.contains(Threads);
  }

  TestAST AST;
  analysis::FunctionCfgs Cfgs;
  analysis::ValueFlow VF;
  analysis::OrderAnalysis OA;
};

#define EXPECT_PARSES(O) ASSERT_EQ((O).AST.errors(), "")

TEST(OrderAnalysisTest, JoinOrdersWhatFollowsIt) {
  Order O(R"cpp(
    #include <thread>
    void work(HINTERNET h) { WinHttpReceiveResponse(h, 0); }
    void run(HINTERNET h, bool early) {
      std::thread t(work, h);
      if (early)
        WinHttpCloseHandle(h);
      t.join();
      WinHttpCloseHandle(h);
    }
  )cpp");
  EXPECT_PARSES(O);
  ValueSet T = O.threads("t");
  EXPECT_FALSE(O.finished(O.before("WinHttpCloseHandle", 0, "run"), T));
  EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 1, "run"), T));
}

TEST(OrderAnalysisTest, TimedWaitsOrderOnlyWhereTheyReportedSuccess) {
  for (Mode M : {Mode::MinGWCpp, Mode::MinGWC, Mode::MSVC}) {
    Order O(R"cpp(
      static DWORD WINAPI proc(LPVOID p) { return 0; }
      void early(HINTERNET h) {
        HANDLE t = CreateThread(NULL, 0, proc, h, 0, NULL);
        DWORD r = WaitForSingleObject(t, 1000);
        if (r != WAIT_OBJECT_0)
          return;
        WinHttpCloseHandle(h);
      }
      void ignored(HINTERNET h) {
        HANDLE t = CreateThread(NULL, 0, proc, h, 0, NULL);
        WaitForSingleObject(t, 1000);
        WinHttpCloseHandle(h);
      }
      void timeout(HINTERNET h) {
        HANDLE t = CreateThread(NULL, 0, proc, h, 0, NULL);
        if (WaitForSingleObject(t, 500) == WAIT_TIMEOUT)
          WinHttpCloseHandle(h);
        else
          WinHttpCloseHandle(h);
      }
      void merged(HINTERNET h, int patient) {
        HANDLE t = CreateThread(NULL, 0, proc, h, 0, NULL);
        if (patient)
          WaitForSingleObject(t, INFINITE);
        else if (!!WaitForSingleObject(t, 100))
          return;
        WinHttpCloseHandle(h);
      }
      void alertable(HINTERNET h) {
        HANDLE t = CreateThread(NULL, 0, proc, h, 0, NULL);
        if (WaitForSingleObjectEx(t, INFINITE, TRUE) == WAIT_OBJECT_0)
          WinHttpCloseHandle(h);
        WinHttpCloseHandle(h);
      }
    )cpp",
            M);
    EXPECT_PARSES(O);
    auto Started = [&](unsigned Nth) {
      ValueSet S;
      S.set(*O.VF.threadStartedBy(*findCall(O.ctx(), "CreateThread", Nth)));
      return S;
    };
    EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 0, "early"),
                           Started(0)));
    EXPECT_FALSE(O.finished(O.before("WinHttpCloseHandle", 1, "ignored"),
                            Started(1)));
    EXPECT_FALSE(O.finished(O.before("WinHttpCloseHandle", 2, "timeout"),
                            Started(2)));
    EXPECT_FALSE(O.finished(O.before("WinHttpCloseHandle", 3, "timeout"),
                            Started(2)));
    EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 4, "merged"),
                           Started(3)));
    EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 5, "alertable"),
                           Started(4)));
    EXPECT_FALSE(O.finished(O.before("WinHttpCloseHandle", 6, "alertable"),
                            Started(4)));
  }
}

TEST(OrderAnalysisTest, LoopsThatWaitForEachElement) {
  Order O(R"cpp(
    #include <thread>
    #include <vector>
    void work(HINTERNET h) { WinHttpReceiveResponse(h, 0); }
    void pool(HINTERNET h) {
      std::vector<std::thread> workers;
      for (int i = 0; i < 4; ++i)
        workers.emplace_back(work, h);
      for (auto &w : workers)
        if (w.joinable())
          w.join();
      WinHttpCloseHandle(h);
    }
    static DWORD WINAPI proc(LPVOID p) { return 0; }
    void array(HINTERNET h, int n) {
      HANDLE th[8];
      for (int i = 0; i < n; ++i)
        th[i] = CreateThread(NULL, 0, proc, h, 0, NULL);
      for (int i = 0; i < n; ++i)
        WaitForSingleObject(th[i], INFINITE);
      WinHttpCloseHandle(h);
    }
    void all(HINTERNET h, int n) {
      HANDLE th[8];
      for (int i = 0; i < n; ++i)
        th[i] = CreateThread(NULL, 0, proc, h, 0, NULL);
      WaitForMultipleObjects(n, th, TRUE, INFINITE);
      WinHttpCloseHandle(h);
      WaitForMultipleObjects(n, th, FALSE, INFINITE);
    }
  )cpp");
  EXPECT_PARSES(O);
  EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 0, "pool"),
                         O.threads("workers")));
  EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 1, "array"),
                         O.threads("th")));
  ValueSet All = O.VF.valuesOf(*findCall(O.ctx(), "WaitForMultipleObjects", 0)
                                    ->getArg(1));
  EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 2, "all"), All));
}

TEST(OrderAnalysisTest, LocksHeldAndReleased) {
  Order O(R"cpp(
    #include <mutex>
    std::mutex m;
    CRITICAL_SECTION cs;
    class Guard {
    public:
      explicit Guard(CRITICAL_SECTION *c) : c_(c) { EnterCriticalSection(c_); }
      ~Guard() { LeaveCriticalSection(c_); }
    private:
      CRITICAL_SECTION *c_;
    };
    void scoped(HINTERNET h) {
      {
        std::lock_guard<std::mutex> g(m);
        WinHttpCloseHandle(h);
      }
      WinHttpCloseHandle(h);
    }
    void unlocked(HINTERNET h) {
      std::unique_lock<std::mutex> l(m);
      l.unlock();
      WinHttpCloseHandle(h);
      l.lock();
      WinHttpCloseHandle(h);
    }
    void win32(HINTERNET h) {
      EnterCriticalSection(&cs);
      WinHttpCloseHandle(h);
      LeaveCriticalSection(&cs);
      WinHttpCloseHandle(h);
      Guard g(&cs);
      WinHttpCloseHandle(h);
    }
  )cpp");
  EXPECT_PARSES(O);
  ValueSet M = O.VF.valuesOf(*findRef(O.ctx(), "m", 0));
  ValueSet CS = O.VF.valuesOf(*findRef(O.ctx(), "cs", 0));
  ASSERT_FALSE(M.empty());
  ASSERT_FALSE(CS.empty());
  EXPECT_TRUE(O.before("WinHttpCloseHandle", 0, "scoped").Held.contains(M));
  EXPECT_FALSE(O.before("WinHttpCloseHandle", 1, "scoped").Held.intersects(M));
  EXPECT_FALSE(
      O.before("WinHttpCloseHandle", 2, "unlocked").Held.intersects(M));
  EXPECT_TRUE(O.before("WinHttpCloseHandle", 3, "unlocked").Held.contains(M));
  EXPECT_TRUE(O.before("WinHttpCloseHandle", 4, "win32").Held.intersects(CS));
  EXPECT_FALSE(O.before("WinHttpCloseHandle", 5, "win32").Held.intersects(CS));
  // A class of the program that locks in its constructor.
  EXPECT_TRUE(O.before("WinHttpCloseHandle", 6, "win32").Held.intersects(CS));
}

TEST(OrderAnalysisTest, GatesInAnyControlFlow) {
  Order O(R"cpp(
    #include <atomic>
    bool g_seen;
    struct Ctx { std::atomic<bool> sent; LONG done; };
    void early(HINTERNET h) {
      if (!g_seen)
        return;
      WinHttpCloseHandle(h);
    }
    void spin(HINTERNET h, Ctx *ctx) {
      while (!ctx->sent.load())
        Sleep(1);
      WinHttpCloseHandle(h);
    }
    void interlocked(HINTERNET h, Ctx *ctx) {
      if (InterlockedCompareExchange(&ctx->done, 0, 0) != 0)
        WinHttpCloseHandle(h);
      WinHttpCloseHandle(h);
    }
  )cpp");
  EXPECT_PARSES(O);
  auto Locs = [&](const Expr &E) {
    llvm::SparseBitVector<> S;
    for (unsigned L : O.VF.locationsOf(E))
      S.set(L);
    return S;
  };
  const auto Seen = Locs(*findRef(O.ctx(), "g_seen", 0));
  ASSERT_FALSE(Seen.empty());
  EXPECT_TRUE(O.before("WinHttpCloseHandle", 0, "early").GatesTrue.contains(Seen));
  EXPECT_FALSE(O.before("WinHttpCloseHandle", 1, "spin").GatesTrue.empty());
  EXPECT_FALSE(
      O.before("WinHttpCloseHandle", 2, "interlocked").GatesTrue.empty());
  EXPECT_TRUE(O.before("WinHttpCloseHandle", 3, "interlocked").GatesTrue.empty());
}

TEST(OrderAnalysisTest, NotStartedBeforeTheStartAndWhenItFailed) {
  Order O(R"cpp(
    static DWORD WINAPI proc(LPVOID p) { return 0; }
    static void cleanup(HINTERNET h) { WinHttpCloseHandle(h); }
    BOOL upload(HINTERNET h) {
      cleanup(h);
      HANDLE t = CreateThread(NULL, 0, proc, h, 0, NULL);
      if (!t) {
        WinHttpCloseHandle(h);
        return FALSE;
      }
      WinHttpCloseHandle(h);
      WaitForSingleObject(t, INFINITE);
      return TRUE;
    }
    void detached(HINTERNET h) {
      WinHttpCloseHandle(h);
      CreateThread(NULL, 0, proc, h, 0, NULL);
    }
  )cpp",
          Mode::MinGWC);
  EXPECT_PARSES(O);
  ValueSet T;
  T.set(*O.VF.threadStartedBy(*findCall(O.ctx(), "CreateThread", 0)));
  // In the helper every call of which comes before the start.
  EXPECT_TRUE(O.before("WinHttpCloseHandle", 0, "cleanup").NotStarted.contains(T));
  EXPECT_TRUE(O.before("WinHttpCloseHandle", 1, "upload").NotStarted.contains(T));
  EXPECT_FALSE(O.before("WinHttpCloseHandle", 2, "upload").NotStarted.intersects(T));
  // A thread that outlives the call: the next call's close meets it.
  ValueSet D;
  D.set(*O.VF.threadStartedBy(*findCall(O.ctx(), "CreateThread", 1)));
  EXPECT_FALSE(O.before("WinHttpCloseHandle", 3, "detached").NotStarted.intersects(D));
}

TEST(OrderAnalysisTest, HelpersThatJoinAndScopedThreads) {
  Order O(R"cpp(
    #include <thread>
    #include <future>
    void work(HINTERNET h) { WinHttpReceiveResponse(h, 0); }
    struct Downloader {
      std::thread worker_;
      HINTERNET request_;
      void wait() { worker_.join(); }
      void stop() {
        wait();
        WinHttpCloseHandle(request_);
      }
    };
    void scoped(HINTERNET h) {
      {
        auto scopedTask = std::async(std::launch::async, work, h);
      }
      WinHttpCloseHandle(h);
      auto f = std::async(std::launch::async, work, h);
      bool ok = f.valid();
      f.get();
      WinHttpCloseHandle(h);
    }
  )cpp");
  EXPECT_PARSES(O);
  ValueSet Worker = O.VF.valuesOfDecl(
      *findNth<FieldDecl>(O.ctx(),
                          ast_matchers::fieldDecl(ast_matchers::hasName("worker_"))
                              .bind("node"),
                          0));
  // worker_ is never assigned in the TU: one opaque value, joined by wait().
  EXPECT_TRUE(O.before("WinHttpCloseHandle", 0, "stop").Finished.contains(Worker));
  EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 1, "scoped"),
                         O.VF.valuesOfDecl(*findVar(O.ctx(), "scopedTask"))));
  EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 2, "scoped"),
                         O.threads("f")));
}

// Spellings written after the mechanism. The last two are false negatives
// the analysis does not follow yet; they are written down so that a fix
// shows here.
TEST(OrderAnalysisTest, LaterSpellings) {
  Order O(R"cpp(
    #include <atomic>
    #include <mutex>
    std::mutex m1, m2;
    std::atomic<bool> seen;
    static DWORD WINAPI proc(LPVOID p) { return 0; }
    void both(HINTERNET h) {
      std::scoped_lock lock(m1, m2);
      WinHttpCloseHandle(h);
    }
    void doWhile(HINTERNET h) {
      do
        Sleep(1);
      while (!seen);
      WinHttpCloseHandle(h);
    }
    void waitAndClose(HINTERNET h, int n) {
      HANDLE th[4];
      for (int i = 0; i < n; i++)
        th[i] = CreateThread(NULL, 0, proc, h, 0, NULL);
      for (int i = 0; i < n; i++) {
        WaitForSingleObject(th[i], INFINITE);
        CloseHandle(th[i]);
      }
      WinHttpCloseHandle(h);
    }
    void viaSwitch(HINTERNET h) {
      HANDLE t = CreateThread(NULL, 0, proc, h, 0, NULL);
      switch (WaitForSingleObject(t, 1000)) {
      case WAIT_OBJECT_0:
        WinHttpCloseHandle(h);
        break;
      default:
        return;
      }
    }
    void viaBool(HINTERNET h) {
      HANDLE t = CreateThread(NULL, 0, proc, h, 0, NULL);
      bool done = WaitForSingleObject(t, 100) == WAIT_OBJECT_0;
      if (!done)
        return;
      WinHttpCloseHandle(h);
    }
  )cpp");
  EXPECT_PARSES(O);
  ValueSet M1 = O.VF.valuesOf(*findRef(O.ctx(), "m1", 0));
  ValueSet M2 = O.VF.valuesOf(*findRef(O.ctx(), "m2", 0));
  OrderFacts Both = O.before("WinHttpCloseHandle", 0, "both");
  EXPECT_TRUE(Both.Held.contains(M1) && Both.Held.contains(M2));
  EXPECT_FALSE(O.before("WinHttpCloseHandle", 1, "doWhile").GatesTrue.empty());
  EXPECT_TRUE(O.finished(O.before("WinHttpCloseHandle", 2, "waitAndClose"),
                         O.threads("th")));
  auto Started = [&](unsigned Nth) {
    ValueSet S;
    S.set(*O.VF.threadStartedBy(*findCall(O.ctx(), "CreateThread", Nth)));
    return S;
  };
  // FIXME: a switch on a wait's result orders nothing yet.
  EXPECT_FALSE(O.finished(O.before("WinHttpCloseHandle", 3, "viaSwitch"),
                          Started(1)));
  // FIXME: nor does a wait's comparison stored in a bool.
  EXPECT_FALSE(O.finished(O.before("WinHttpCloseHandle", 4, "viaBool"),
                          Started(2)));
}

} // namespace
} // namespace clang::tidy::winhttp::test
