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
    Out.push_back(
        std::to_string(SM.getPresumedLineNumber(F.Use->getBeginLoc()) - 3) +
        ": " + F.UseCallee + "(" + F.Handle + ") after " + F.CloseCallee +
        (F.ClosesAgain ? ", again" : ""));
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
  EXPECT_EQ(
      uses("void f(HINTERNET h, int n) {\n"
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

TEST(UseAfterCloseTest, OnePlaceWhateverTheSpelling) {
  // `p->h`, `(*p).h` and `p[0].h` are one place; so are `o.h` and
  // `(&o)->h`; a helper given `&o` closes `o.h`.
  EXPECT_EQ(
      uses("struct conn { HINTERNET h; };\n"
           "static void shut(struct conn *c) { WinHttpCloseHandle(c->h); }\n"
           "void f(struct conn *p, struct conn o) {\n"
           "  WinHttpCloseHandle(p->h);\n"
           "  WinHttpReceiveResponse((*p).h, NULL);\n"
           "  shut(&o);\n"
           "  WinHttpReceiveResponse((&o)->h, NULL);\n"
           "}\n"),
      (Lines{"5: WinHttpReceiveResponse((*p).h) after WinHttpCloseHandle",
             "7: WinHttpReceiveResponse((&o)->h) after shut"}));
}

TEST(UseAfterCloseTest, ElementsByConstantIndex) {
  // a[0] closed, a[0] used: reported; a[1] is another handle; a[i] may be
  // any element: no finding rests on it, and storing to it may end the
  // close of any.
  EXPECT_EQ(uses("void f(HINTERNET *a, int i) {\n"
                 "  WinHttpCloseHandle(a[0]);\n"
                 "  WinHttpReceiveResponse(a[1], NULL);\n"
                 "  WinHttpReceiveResponse(a[i], NULL);\n"
                 "  WinHttpReceiveResponse(a[0], NULL);\n"
                 "  a[i] = NULL;\n"
                 "  WinHttpReceiveResponse(a[0], NULL);\n"
                 "}\n"),
            Lines{"5: WinHttpReceiveResponse(a[0]) after WinHttpCloseHandle"});
}

TEST(UseAfterCloseTest, RecursiveHelpers) {
  // A recursion that calls WinHTTP on the handle on some path is a use at
  // its callers, whichever of its functions comes first.
  const char *Code =
      "void drain(HINTERNET h, int n);\n"
      "static void step(HINTERNET h, int n) {\n"
      "  if (n) drain(h, n - 1); else WinHttpReceiveResponse(h, NULL);\n"
      "}\n"
      "void drain(HINTERNET h, int n) { step(h, n); }\n"
      "void f(HINTERNET h) {\n"
      "  WinHttpCloseHandle(h);\n"
      "  drain(h, 2);\n"
      "}\n";
  EXPECT_EQ(uses(Code), Lines{"8: drain(h) after WinHttpCloseHandle"});
  EXPECT_EQ(uses(Code, Mode::MinGWCpp),
            Lines{"8: drain(h) after WinHttpCloseHandle"});
}

TEST(UseAfterCloseTest, ARecursionsClosesAreNotAssumed) {
  // OK (quiet): the recursion closes on every path only if it ends; its
  // summary is the least fixpoint, which assumes no close.
  EXPECT_EQ(uses("void drain(HINTERNET h, int n) {\n"
                 "  if (n) drain(h, n - 1); else WinHttpCloseHandle(h);\n"
                 "}\n"
                 "void f(HINTERNET h) {\n"
                 "  drain(h, 2);\n"
                 "  WinHttpReceiveResponse(h, NULL);\n"
                 "}\n"),
            Lines{});
}

TEST(UseAfterCloseTest, ARecursionThatClosesOnSomePathOnly) {
  // OK: the recursion may return without closing.
  EXPECT_EQ(uses("void drain(HINTERNET h, int n) {\n"
                 "  if (n > 1) drain(h, n - 1);\n"
                 "  else if (n == 1) WinHttpCloseHandle(h);\n"
                 "}\n"
                 "void f(HINTERNET h) {\n"
                 "  drain(h, 2);\n"
                 "  WinHttpReceiveResponse(h, NULL);\n"
                 "}\n"),
            Lines{});
}

} // namespace
} // namespace clang::tidy::winhttp::test
