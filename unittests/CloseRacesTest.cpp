//===--- CloseRacesTest.cpp - tests of analysis/CloseRaces ----------------===//
//
// Runs the whole race model on small programs and asks which closes it
// reports, with which reason: one spelling per mechanism, the lit files in
// test/checkers/race-family-* hold the variants.
//
//===----------------------------------------------------------------------===//

#include "ASTTestUtils.h"
#include "WinHttpApi.h"
#include "analysis/CloseRaces.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

using analysis::Concurrency;
using analysis::RaceConfig;
using analysis::RaceFinding;

constexpr llvm::StringLiteral Prelude = R"cpp(
#include <windows.h>
#include <winhttp.h>
)cpp";

struct Races {
  explicit Races(llvm::StringRef Code, Mode M = Mode::MinGWCpp)
      : AST(buildAST((Prelude + Code).str(), M)) {
    Config.CloseTrait = api::ClosesHandle;
    Config.BlockTrait = api::BlocksWhenSync;
    Config.CancelWords = {"cancel"};
  }
  std::vector<RaceFinding> run() {
    return analysis::findCloseRaces(AST.context(), Config);
  }
  TestAST AST;
  RaceConfig Config;
};

TEST(CloseRacesTest, ThreadRaceNamesTheStart) {
  Races R(R"cpp(
    HINTERNET g_R;
    DWORD WINAPI worker(LPVOID) { WinHttpReceiveResponse(g_R, nullptr); return 0; }
    void run() {
      HANDLE T = CreateThread(nullptr, 0, worker, nullptr, 0, nullptr);
      WinHttpCloseHandle(g_R);
      WaitForSingleObject(T, INFINITE);
    }
  )cpp");
  std::vector<RaceFinding> F = R.run();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Callee, "WinHttpCloseHandle");
  EXPECT_EQ(F[0].Why.K, Concurrency::Kind::ThreadStart);
  EXPECT_EQ(F[0].Why.StartName, "CreateThread");
  EXPECT_TRUE(F[0].Why.BlockingOnThread);
  EXPECT_EQ(F[0].Mode.K, analysis::SessionMode::Kind::Unknown);
}

TEST(CloseRacesTest, JoinBeforeCloseOrders) {
  Races R(R"cpp(
    HINTERNET g_R;
    DWORD WINAPI worker(LPVOID) { WinHttpReceiveResponse(g_R, nullptr); return 0; }
    void run() {
      HANDLE T = CreateThread(nullptr, 0, worker, nullptr, 0, nullptr);
      WaitForSingleObject(T, INFINITE);
      WinHttpCloseHandle(g_R);
    }
  )cpp");
  EXPECT_TRUE(R.run().empty());
}

TEST(CloseRacesTest, AsyncSessionIsNotReported) {
  Races R(R"cpp(
    HINTERNET g_S = WinHttpOpen(L"ua", 0, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
    HINTERNET g_R = WinHttpOpenRequest(WinHttpConnect(g_S, L"h", 80, 0), L"GET", L"/", nullptr, nullptr, nullptr, 0);
    DWORD WINAPI worker(LPVOID) { WinHttpReceiveResponse(g_R, nullptr); return 0; }
    void run() {
      CloseHandle(CreateThread(nullptr, 0, worker, nullptr, 0, nullptr));
      WinHttpCloseHandle(g_R);
    }
  )cpp");
  EXPECT_TRUE(R.run().empty());
  R.Config.OnlySynchronous = false;
  EXPECT_EQ(R.run().size(), 1u);
}

TEST(CloseRacesTest, HelperChainsAreNotes) {
  Races R(R"cpp(
    void closeIt(HINTERNET H) { WinHttpCloseHandle(H); }
    HINTERNET g_R;
    DWORD WINAPI worker(LPVOID) { WinHttpReceiveResponse(g_R, nullptr); return 0; }
    void run() {
      CloseHandle(CreateThread(nullptr, 0, worker, nullptr, 0, nullptr));
      closeIt(g_R);
    }
  )cpp");
  std::vector<RaceFinding> F = R.run();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Callee, "closeIt");
  ASSERT_EQ(F[0].CloseChain.size(), 1u);
  EXPECT_EQ(F[0].CloseChain[0].Callee, "WinHttpCloseHandle");
}

TEST(CloseRacesTest, CancellerNeedsAnEscapingHandle) {
  Races R(R"cpp(
    struct Client {
      HINTERNET Request;
      void fetch() { WinHttpReceiveResponse(Request, nullptr); }
      void cancel() { WinHttpCloseHandle(Request); }
    };
    void local(HINTERNET Mine) { WinHttpReceiveResponse(Mine, nullptr); }
    void cancelLocal() {
      HINTERNET H = WinHttpOpenRequest(nullptr, L"GET", L"/", nullptr, nullptr, nullptr, 0);
      WinHttpCloseHandle(H);
    }
  )cpp");
  std::vector<RaceFinding> F = R.run();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Why.K, Concurrency::Kind::CancelFunction);
  EXPECT_EQ(F[0].Why.Cancel.Word, "cancel");
}

TEST(CloseRacesTest, CommonLockOrders) {
  Races R(R"cpp(
    CRITICAL_SECTION g_Cs;
    HINTERNET g_R;
    DWORD WINAPI worker(LPVOID) {
      EnterCriticalSection(&g_Cs);
      WinHttpReceiveResponse(g_R, nullptr);
      LeaveCriticalSection(&g_Cs);
      return 0;
    }
    void run() {
      CloseHandle(CreateThread(nullptr, 0, worker, nullptr, 0, nullptr));
      EnterCriticalSection(&g_Cs);
      WinHttpCloseHandle(g_R);
      LeaveCriticalSection(&g_Cs);
    }
  )cpp",
           Mode::MSVC);
  EXPECT_TRUE(R.run().empty());
}

} // namespace
} // namespace clang::tidy::winhttp::test
