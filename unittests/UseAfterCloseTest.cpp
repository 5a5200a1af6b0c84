//===--- UseAfterCloseTest.cpp - tests of analysis/UseAfterClose ----------===//
//
// Asks which WinHTTP calls the use-after-close analysis finds on a closed
// handle, with the close it names: a local, a field, a copy, a helper that
// closes its parameter, a loop, a branch, and the assignment that ends a
// close, in C and C++.
//
//===----------------------------------------------------------------------===//

#include "analysis/UseAfterClose.h"
#include "ASTTestUtils.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

using analysis::UseAfterCloseFinding;

constexpr llvm::StringLiteral Prelude = R"c(
#include <windows.h>
#include <winhttp.h>
)c";

/// The findings on \p Code, as "line: callee(handle) after closeCallee".
std::vector<std::string> uses(llvm::StringRef Code, Mode M = Mode::MinGWC) {
  TestAST AST = buildAST((Prelude + Code).str(), M);
  EXPECT_EQ(AST.errors(), "");
  ASTContext &Ctx = AST.context();
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<std::string> Out;
  for (const UseAfterCloseFinding &F :
       analysis::findUsesAfterClose(Ctx, /*SystemHeaders=*/false))
    Out.push_back(std::to_string(SM.getPresumedLineNumber(
                      F.Use->getBeginLoc()) - 3) +
                  ": " + F.UseCallee + "(" + F.Handle + ") after " +
                  F.CloseCallee + (F.ClosesAgain ? ", again" : ""));
  return Out;
}

using Lines = std::vector<std::string>;

TEST(UseAfterCloseTest, LocalClosedThenUsed) {
  EXPECT_EQ(uses("void f(HINTERNET h) {\n"
                 "  WinHttpCloseHandle(h);\n"
                 "  WinHttpReceiveResponse(h, NULL);\n"
                 "}\n"),
            Lines{"3: WinHttpReceiveResponse(h) after WinHttpCloseHandle"});
}

TEST(UseAfterCloseTest, SecondCloseIsAUse) {
  EXPECT_EQ(uses("void f(HINTERNET h) {\n"
                 "  WinHttpCloseHandle(h);\n"
                 "  WinHttpCloseHandle(h);\n"
                 "}\n"),
            Lines{"3: WinHttpCloseHandle(h) after WinHttpCloseHandle, again"});
}

TEST(UseAfterCloseTest, AssignmentEndsTheClose) {
  // OK: NULL after the close; the later test-and-close sees NULL.
  EXPECT_EQ(uses("void f(HINTERNET h) {\n"
                 "  WinHttpCloseHandle(h);\n"
                 "  h = NULL;\n"
                 "  if (h) WinHttpCloseHandle(h);\n"
                 "}\n"),
            Lines{});
}

TEST(UseAfterCloseTest, CloseOnOneBranch) {
  // A may-analysis: the close on one branch reaches the use after the join.
  EXPECT_EQ(uses("void f(HINTERNET h, int fail) {\n"
                 "  if (fail)\n"
                 "    WinHttpCloseHandle(h);\n"
                 "  WinHttpSendRequest(h, NULL, 0, NULL, 0, 0, 0);\n"
                 "}\n"),
            Lines{"4: WinHttpSendRequest(h) after WinHttpCloseHandle"});
}

TEST(UseAfterCloseTest, CloseInALoop) {
  // The close at the end of one iteration reaches the call at the start of
  // the next.
  EXPECT_EQ(uses("void f(HINTERNET h, int n) {\n"
                 "  for (int i = 0; i < n; ++i) {\n"
                 "    WinHttpSendRequest(h, NULL, 0, NULL, 0, 0, 0);\n"
                 "    WinHttpCloseHandle(h);\n"
                 "  }\n"
                 "}\n"),
            (Lines{"3: WinHttpSendRequest(h) after WinHttpCloseHandle",
                   "4: WinHttpCloseHandle(h) after WinHttpCloseHandle, again"}));
}

TEST(UseAfterCloseTest, FieldThroughPointer) {
  EXPECT_EQ(uses("struct conn { HINTERNET request; };\n"
                 "void f(struct conn *c) {\n"
                 "  WinHttpCloseHandle(c->request);\n"
                 "  WinHttpReceiveResponse(c->request, NULL);\n"
                 "}\n"),
            Lines{"4: WinHttpReceiveResponse(c->request) after "
                  "WinHttpCloseHandle"});
}

TEST(UseAfterCloseTest, HelperClosesItsParameter) {
  EXPECT_EQ(uses("static void closeIt(HINTERNET h) { WinHttpCloseHandle(h); }\n"
                 "void f(HINTERNET h) {\n"
                 "  closeIt(h);\n"
                 "  WinHttpReceiveResponse(h, NULL);\n"
                 "}\n"),
            Lines{"4: WinHttpReceiveResponse(h) after closeIt"});
}

TEST(UseAfterCloseTest, OtherHandleIsNotAUse) {
  // OK: two handles.
  EXPECT_EQ(uses("void f(HINTERNET a, HINTERNET b) {\n"
                 "  WinHttpCloseHandle(a);\n"
                 "  WinHttpReceiveResponse(b, NULL);\n"
                 "}\n"),
            Lines{});
}

TEST(UseAfterCloseTest, MemberInCpp) {
  EXPECT_EQ(uses("struct Client {\n"
                 "  HINTERNET Request = nullptr;\n"
                 "  void stop() {\n"
                 "    WinHttpCloseHandle(Request);\n"
                 "    WinHttpCloseHandle(Request);\n"
                 "  }\n"
                 "};\n",
                 Mode::MinGWCpp),
            Lines{"5: WinHttpCloseHandle(Request) after WinHttpCloseHandle, "
                  "again"});
}

} // namespace
} // namespace clang::tidy::winhttp::test
