//===--- StatusBranchTest.cpp - tests of analysis/StatusBranch ------------===//
//
// Finds the statements of a callback that run for one status, written as
// switch cases (braced or not, fall-through labels) and as if branches.
//
//===----------------------------------------------------------------------===//

#include "analysis/StatusBranch.h"
#include "ASTTestUtils.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

/// The names of the functions called in the statements that run for
/// status 8 in function `cb`, in order.
std::vector<std::string> callsFor8(llvm::StringRef Body) {
  std::string Code =
      "void a(void); void b(void); void c(void);\nvoid cb(unsigned s) {" +
      Body.str() + "}";
  TestAST AST = buildAST(Code, Mode::MinGWC);
  EXPECT_EQ(AST.errors(), "");
  const FunctionDecl *Cb = findFunction(AST.context(), "cb");
  std::vector<std::string> Names;
  std::function<void(const Stmt &)> Collect = [&](const Stmt &S) {
    if (const auto *Call = dyn_cast<CallExpr>(&S))
      if (const FunctionDecl *D = Call->getDirectCallee())
        Names.push_back(D->getName().str());
    for (const Stmt *Child : S.children())
      if (Child)
        Collect(*Child);
  };
  analysis::forEachStatusBranch(*Cb->getBody(), 8, AST.context(), Collect);
  return Names;
}

TEST(StatusBranchTest, SwitchCaseUpToNextLabel) {
  EXPECT_EQ(callsFor8("switch (s) { case 4: a(); break; case 8: b(); c(); "
                      "break; default: a(); }"),
            (std::vector<std::string>{"b", "c"}));
}

TEST(StatusBranchTest, FallThroughLabels) {
  EXPECT_EQ(callsFor8("switch (s) { case 2: case 8: { b(); } break; case 4: "
                      "a(); }"),
            (std::vector<std::string>{"b"}));
}

TEST(StatusBranchTest, IfEqualAndNotEqual) {
  EXPECT_EQ(callsFor8("if (s == 8) b(); else a(); if (8 != s) a(); else c();"),
            (std::vector<std::string>{"b", "c"}));
}

TEST(StatusBranchTest, OtherStatusesOnly) {
  EXPECT_TRUE(
      callsFor8("switch (s) { case 4: a(); } if (s == 2) b();").empty());
}

} // namespace
} // namespace clang::tidy::winhttp::test
