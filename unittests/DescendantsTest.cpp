//===--- DescendantsTest.cpp - tests of analysis/Descendants --------------===//
//
// Walks the statements under a function body: the same statements, in the
// same order, as the matchers' findAll on valid code, and no crash on the
// null capture a failed lambda copy leaves.
//
//===----------------------------------------------------------------------===//

#include "analysis/Descendants.h"
#include "ASTTestUtils.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "gtest/gtest.h"
#include <set>

namespace clang::tidy::winhttp::test {
namespace {

using namespace ast_matchers;

/// The statements under the body of \p Function, by our walk, in order.
std::vector<const Stmt *> walkedList(ASTContext &Ctx,
                                     llvm::StringRef Function) {
  std::vector<const Stmt *> Seen;
  const FunctionDecl *FD = findFunction(Ctx, Function);
  if (FD && FD->getBody())
    analysis::forEachDescendant(*FD->getBody(),
                                [&Seen](const Stmt &S) { Seen.push_back(&S); });
  return Seen;
}

/// The statements under the body of \p Function, by our walk, without the
/// syntactic forms of initialiser lists, which findAll does not visit.
std::set<const Stmt *> walked(ASTContext &Ctx, llvm::StringRef Function) {
  std::set<const Stmt *> Seen;
  for (const Stmt *S : walkedList(Ctx, Function))
    if (const auto *List = dyn_cast<InitListExpr>(S);
        !List || !List->isSyntacticForm() || !List->getSemanticForm())
      Seen.insert(S);
  return Seen;
}

/// The statements under the body of \p Function, by findAll.
std::set<const Stmt *> matched(ASTContext &Ctx, llvm::StringRef Function) {
  std::set<const Stmt *> Seen;
  const FunctionDecl *FD = findFunction(Ctx, Function);
  if (FD && FD->getBody())
    for (const BoundNodes &Match :
         match(findAll(stmt().bind("s")), *FD->getBody(), Ctx))
      Seen.insert(Match.getNodeAs<Stmt>("s"));
  return Seen;
}

// Lambdas, a local class's method, a call of a template, a loop, a
// conditional and an aggregate initialisation.
TEST(DescendantsTest, SameAsFindAllOnValidCode) {
  TestAST AST = buildAST(R"cpp(
    int g(int);
    template <typename T> int twice(T V) { return [V] { return g(V); }() * 2; }
    struct Local { int X; };
    int f(int A) {
      struct Inner { int run() { return g(1); } };
      auto L = [&A](int B) { return g(A + B); };
      int Sum = 0;
      for (int I = 0; I < 3; ++I)
        Sum += L(I) + Inner().run() + twice(A);
      Local Copy{Sum};
      return Copy.X ?: g(0);
    }
  )cpp");
  ASSERT_EQ(AST.errors(), "");
  std::set<const Stmt *> Walked = walked(AST.context(), "f");
  EXPECT_GT(Walked.size(), 40u);
  EXPECT_EQ(Walked, matched(AST.context(), "f"));
}

TEST(DescendantsTest, InstantiationsAsFindAll) {
  TestAST AST = buildAST(R"cpp(
    int g(int);
    template <typename T> struct Box {
      T V;
      int get() { return [this] { return g(V); }(); }
    };
    int f() { Box<int> B{1}; return B.get() + [](auto X) { return g(X); }(2); }
  )cpp");
  ASSERT_EQ(AST.errors(), "");
  EXPECT_EQ(walked(AST.context(), "f"), matched(AST.context(), "f"));
}

TEST(DescendantsTest, PreOrder) {
  TestAST AST = buildAST("int g(int); int f() { return g(1); }");
  ASSERT_EQ(AST.errors(), "");
  std::vector<const Stmt *> Walked = walkedList(AST.context(), "f");
  ASSERT_GE(Walked.size(), 3u);
  EXPECT_TRUE(isa<CompoundStmt>(Walked[0]));
  EXPECT_TRUE(isa<ReturnStmt>(Walked[1]));
  EXPECT_TRUE(isa<CallExpr>(Walked[2]));
}

// A move-only object captured by copy: the capture's initialiser is null.
constexpr llvm::StringLiteral FailedCapture = R"cpp(
  struct MoveOnly { MoveOnly(); MoveOnly(MoveOnly &&); };
  int g(int);
  void f() {
    MoveOnly S;
    auto L = [S] { return g(1); };
    [&S] { auto Inner = [S] { g(2); }; };
  }
)cpp";

TEST(DescendantsTest, FailedCaptureCopy) {
  TestAST AST = buildAST(FailedCapture);
  ASSERT_NE(AST.errors(), "");
  const FunctionDecl *F = findFunction(AST.context(), "f");
  ASSERT_TRUE(F && F->getBody());
  // The condition of the crash is there.
  auto Lambdas = analysis::descendantsOfType<LambdaExpr>(*F->getBody());
  ASSERT_EQ(Lambdas.size(), 3u);
  EXPECT_EQ(*Lambdas[0]->capture_init_begin(), nullptr);
  // The walk goes past it, into the bodies.
  auto Calls = analysis::descendantsOfType<CallExpr>(*F->getBody());
  std::vector<std::string> Callees;
  for (const CallExpr *Call : Calls)
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Callees.push_back(Callee->getNameAsString());
  EXPECT_EQ(llvm::count(Callees, "g"), 2);
}

TEST(DescendantsTest, TypeFilter) {
  TestAST AST = buildAST("int g(int); int f(int A) { return g(A) + g(g(A)); }");
  ASSERT_EQ(AST.errors(), "");
  const FunctionDecl *F = findFunction(AST.context(), "f");
  auto Calls = analysis::descendantsOfType<CallExpr>(*F->getBody());
  ASSERT_EQ(Calls.size(), 3u);
  // Pre-order: the outer call of g(g(A)) before the inner one.
  EXPECT_EQ(Calls[2], Calls[1]->getArg(0)->IgnoreImpCasts());
  EXPECT_TRUE(analysis::descendantsOfType<LambdaExpr>(*F->getBody()).empty());
}

} // namespace
} // namespace clang::tidy::winhttp::test
