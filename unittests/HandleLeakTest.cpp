//===--- HandleLeakTest.cpp - tests of analysis/HandleLeak ----------------===//
//
// Asks which handles the leak analysis finds lost, and where: an early
// return, the end of the body, an overwrite; and the shapes that are no
// leak: a close on every path, a null test, a hand-off to a field or a
// return, a helper that closes, in C and C++.
//
//===----------------------------------------------------------------------===//

#include "analysis/HandleLeak.h"
#include "ASTTestUtils.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

using analysis::HandleLeakFinding;

constexpr llvm::StringLiteral Prelude = R"c(
#include <windows.h>
#include <winhttp.h>
)c";

/// The findings on \p Code, as "line: holder (where)".
std::vector<std::string> leaks(llvm::StringRef Code, Mode M = Mode::MinGWC) {
  TestAST AST = buildAST((Prelude + Code).str(), M);
  EXPECT_EQ(AST.errors(), "");
  ASTContext &Ctx = AST.context();
  const SourceManager &SM = Ctx.getSourceManager();
  analysis::ParentIndex Parents(Ctx);
  std::vector<std::string> Out;
  for (const HandleLeakFinding &F :
       analysis::findHandleLeaks(Ctx, Parents, /*SystemHeaders=*/false, {})) {
    const char *Where = F.How == HandleLeakFinding::Where::Return ? "return"
                        : F.How == HandleLeakFinding::Where::End  ? "end"
                                                                  : "overwrite";
    Out.push_back(std::to_string(SM.getPresumedLineNumber(F.At) - 3) + ": " +
                  F.Holder->getNameAsString() + " (" + Where + ")");
  }
  return Out;
}

using Lines = std::vector<std::string>;

TEST(HandleLeakTest, EarlyReturn) {
  EXPECT_EQ(leaks("int f(int fail) {\n"
                  "  HINTERNET s = WinHttpOpen(L\"a\", 0, NULL, NULL, 0);\n"
                  "  if (fail)\n"
                  "    return 1;\n"
                  "  WinHttpCloseHandle(s);\n"
                  "  return 0;\n"
                  "}\n"),
            Lines{"4: s (return)"});
}

TEST(HandleLeakTest, EndOfBody) {
  EXPECT_EQ(leaks("void f(void) {\n"
                  "  HINTERNET s = WinHttpOpen(L\"a\", 0, NULL, NULL, 0);\n"
                  "  WinHttpSetTimeouts(s, 1, 1, 1, 1);\n"
                  "}\n"),
            Lines{"4: s (end)"});
}

TEST(HandleLeakTest, Overwrite) {
  EXPECT_EQ(leaks("void f(void) {\n"
                  "  HINTERNET s = WinHttpOpen(L\"a\", 0, NULL, NULL, 0);\n"
                  "  s = WinHttpOpen(L\"b\", 0, NULL, NULL, 0);\n"
                  "  WinHttpCloseHandle(s);\n"
                  "}\n"),
            Lines{"3: s (overwrite)"});
}

TEST(HandleLeakTest, NullTestedReturnIsNoLeak) {
  // OK: the early return is on the path where the handle is null.
  EXPECT_EQ(leaks("int f(void) {\n"
                  "  HINTERNET s = WinHttpOpen(L\"a\", 0, NULL, NULL, 0);\n"
                  "  if (!s)\n"
                  "    return 1;\n"
                  "  WinHttpCloseHandle(s);\n"
                  "  return 0;\n"
                  "}\n"),
            Lines{});
}

TEST(HandleLeakTest, HandOffIsNoLeak) {
  // OK: stored into a field, returned, or closed by a helper.
  EXPECT_EQ(leaks("struct conn { HINTERNET s; };\n"
                  "void keep(struct conn *c) {\n"
                  "  HINTERNET s = WinHttpOpen(L\"a\", 0, NULL, NULL, 0);\n"
                  "  c->s = s;\n"
                  "}\n"
                  "HINTERNET make(void) {\n"
                  "  HINTERNET s = WinHttpOpen(L\"a\", 0, NULL, NULL, 0);\n"
                  "  return s;\n"
                  "}\n"
                  "static void closeIt(HINTERNET h) { WinHttpCloseHandle(h); }\n"
                  "void helper(void) {\n"
                  "  HINTERNET s = WinHttpOpen(L\"a\", 0, NULL, NULL, 0);\n"
                  "  closeIt(s);\n"
                  "}\n"),
            Lines{});
}

TEST(HandleLeakTest, LoopOverwritesEachIteration) {
  EXPECT_EQ(leaks("void f(int n) {\n"
                  "  HINTERNET s = NULL;\n"
                  "  for (int i = 0; i < n; ++i)\n"
                  "    s = WinHttpOpen(L\"a\", 0, NULL, NULL, 0);\n"
                  "  WinHttpCloseHandle(s);\n"
                  "}\n"),
            Lines{"4: s (overwrite)"});
}

TEST(HandleLeakTest, CppEarlyReturn) {
  EXPECT_EQ(leaks("bool f(bool fail) {\n"
                  "  HINTERNET s = WinHttpOpen(L\"a\", 0, nullptr, nullptr, 0);\n"
                  "  if (fail)\n"
                  "    return false;\n"
                  "  WinHttpCloseHandle(s);\n"
                  "  return true;\n"
                  "}\n",
                  Mode::MinGWCpp),
            Lines{"4: s (return)"});
}

} // namespace
} // namespace clang::tidy::winhttp::test
