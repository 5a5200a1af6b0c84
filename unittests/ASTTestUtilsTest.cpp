//===--- ASTTestUtilsTest.cpp - tests of the unit tests' helpers ----------===//
//
// Checks that buildAST reports errors, so that a test asserting none means
// something, and that the find functions pick the node they promise.
//
//===----------------------------------------------------------------------===//

#include "ASTTestUtils.h"
#include "clang/Basic/TargetInfo.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

TEST(ASTTestUtilsTest, ErrorsAreReported) {
  TestAST AST = buildAST("void f() {\n  int X = Undeclared;\n}\n");
  ASSERT_TRUE(AST.Unit);
  EXPECT_EQ(AST.errors(),
            "input.cpp:2:11: use of undeclared identifier 'Undeclared'");
}

TEST(ASTTestUtilsTest, ModesPickTheLanguage) {
  // 'class' is a keyword in C++ only, 'restrict' in C only.
  EXPECT_EQ(buildAST("int restrict;", Mode::MinGWCpp).errors(), "");
  EXPECT_NE(buildAST("int restrict;", Mode::MinGWC).errors(), "");
  EXPECT_EQ(buildAST("int class;", Mode::MinGWC).errors(), "");
  EXPECT_NE(buildAST("int class;", Mode::MSVC).errors(), "");
  // MSVC mode: Microsoft's extensions and its target.
  TestAST MSVC = buildAST("__int64 X; static_assert(sizeof(long) == 4, \"\");",
                          Mode::MSVC);
  ASSERT_TRUE(MSVC.Unit);
  EXPECT_EQ(MSVC.errors(), "");
  EXPECT_TRUE(
      MSVC.context().getTargetInfo().getTriple().isWindowsMSVCEnvironment());
}

TEST(ASTTestUtilsTest, FindsNodesInSourceOrder) {
  TestAST AST = buildAST(R"cpp(
    int g(int);
    int X = 1;
    void f(int P) {
      g(g(X));
      g(P + X);
    }
  )cpp");
  ASSERT_TRUE(AST.Unit);
  ASSERT_EQ(AST.errors(), "");
  ASTContext &Ctx = AST.context();
  const FunctionDecl *F = findFunction(Ctx, "f");
  ASSERT_TRUE(F && F->hasBody());
  EXPECT_EQ(findVar(Ctx, "P"), F->getParamDecl(0));
  EXPECT_EQ(findFunction(Ctx, "nothing"), nullptr);

  // The outer call of g(g(X)) comes first.
  const CallExpr *Outer = findCall(Ctx, "g", 0);
  const CallExpr *Inner = findCall(Ctx, "g", 1);
  const CallExpr *Last = findCall(Ctx, "g", 2);
  ASSERT_TRUE(Outer && Inner && Last);
  EXPECT_EQ(Outer->getArg(0)->IgnoreImpCasts(), Inner);
  EXPECT_TRUE(isa<BinaryOperator>(Last->getArg(0)));
  EXPECT_EQ(findCall(Ctx, "g", 3), nullptr);

  const DeclRefExpr *FirstX = findRef(Ctx, "X", 0);
  const DeclRefExpr *SecondX = findRef(Ctx, "X", 1);
  ASSERT_TRUE(FirstX && SecondX);
  EXPECT_EQ(Inner->getArg(0)->IgnoreImpCasts(), FirstX);
  EXPECT_EQ(cast<BinaryOperator>(Last->getArg(0))->getRHS()->IgnoreImpCasts(),
            SecondX);
  EXPECT_EQ(findRef(Ctx, "X", 2), nullptr);
}

} // namespace
} // namespace clang::tidy::winhttp::test
