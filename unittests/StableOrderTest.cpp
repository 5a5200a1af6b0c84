//===--- StableOrderTest.cpp - tests of analysis/StableOrder and Limits ---===//
//
// The stable order does not move with the layout: the same places in two
// layouts of one program (functions swapped, a prototype first) compare the
// same way. And the bounds of Limits.h: their values, the minimal test
// setting, and where their hits go.
//
//===----------------------------------------------------------------------===//

#include "analysis/StableOrder.h"
#include "ASTTestUtils.h"
#include "analysis/Limits.h"
#include "gtest/gtest.h"
#include <string>

namespace clang::tidy::winhttp::test {
namespace {

using analysis::StableKey;

/// The stable key of the \p Nth call of \p Callee in a parse of \p Code.
struct Keys {
  TestAST AST;
  explicit Keys(llvm::StringRef Code, Mode M = Mode::MinGWCpp)
      : AST(buildAST(Code, M)) {
    EXPECT_EQ(AST.errors(), "");
  }
  StableKey of(llvm::StringRef Callee, unsigned Nth = 0) {
    const CallExpr *Call = findCall(AST.context(), Callee, Nth);
    EXPECT_TRUE(Call) << Callee.str();
    const FunctionDecl *Fn = enclosing(*Call);
    return analysis::stableKey(*Call, Fn, AST.context());
  }
  bool before(const StableKey &A, const StableKey &B) {
    return analysis::stableBefore(A, B, AST.context().getSourceManager());
  }
  /// The innermost function whose body holds \p S (a lambda's call
  /// operator inside its function).
  const FunctionDecl *enclosing(const Stmt &S) {
    DynTypedNodeList Parents = AST.context().getParents(S);
    while (!Parents.empty()) {
      if (const auto *F = Parents[0].get<FunctionDecl>())
        return F;
      Parents = AST.context().getParents(Parents[0]);
    }
    return nullptr;
  }
};

constexpr llvm::StringLiteral Decls = "void p(); void q();\n";

TEST(StableOrderTest, FunctionsByNameWhateverTheirPlace) {
  // alpha's call comes first in both layouts.
  for (const char *Code : {"void alpha() { p(); }\nvoid beta() { q(); }\n",
                           "void beta() { q(); }\nvoid alpha() { p(); }\n",
                           "void alpha();\nvoid beta() { q(); }\n"
                           "void alpha() { p(); }\n"}) {
    Keys K((Decls + Code).str());
    EXPECT_TRUE(K.before(K.of("p"), K.of("q"))) << Code;
    EXPECT_FALSE(K.before(K.of("q"), K.of("p"))) << Code;
  }
}

TEST(StableOrderTest, SourceOrderInsideOneFunction) {
  Keys K((Decls + "void alpha() { q(); p(); }\n").str());
  EXPECT_TRUE(K.before(K.of("q"), K.of("p")));
  EXPECT_FALSE(K.before(K.of("p"), K.of("q")));
  EXPECT_FALSE(K.before(K.of("p"), K.of("p")));
}

TEST(StableOrderTest, OffsetsDoNotDependOnWhatPrecedes) {
  // The same function after other code: the same key but for its place.
  Keys A((Decls + "void alpha() { q(); p(); }\n").str());
  Keys B((Decls + "int pad1;\nint pad2;\nvoid alpha() { q(); p(); }\n").str());
  StableKey KA = A.of("p"), KB = B.of("p");
  EXPECT_EQ(KA.Function, KB.Function);
  EXPECT_TRUE(KA.Relative);
  EXPECT_TRUE(KB.Relative);
  EXPECT_EQ(KA.Offset, KB.Offset);
}

TEST(StableOrderTest, LambdaCountsAsItsFunction) {
  // A call in a lambda in beta comes after alpha's, wherever beta stands,
  // and the lambda's name carries no line.
  for (const char *Code :
       {"void alpha() { p(); }\nvoid beta() { auto l = [] { q(); }; l(); }\n",
        "void beta() { auto l = [] { q(); }; l(); }\nvoid alpha() { p(); "
        "}\n"}) {
    Keys K((Decls + Code).str());
    StableKey InLambda = K.of("q");
    EXPECT_NE(InLambda.Function.find("beta"), std::string::npos)
        << InLambda.Function;
    EXPECT_TRUE(K.before(K.of("p"), InLambda)) << Code;
  }
}

TEST(StableOrderTest, OverloadsToldApartByType) {
  Keys K(
      (Decls + "void alpha(int) { q(); }\nvoid alpha(char) { p(); }\n").str());
  const StableKey P = K.of("p"), Q = K.of("q");
  EXPECT_NE(P.Function, Q.Function);
  EXPECT_NE(K.before(P, Q), K.before(Q, P));
}

TEST(StableOrderTest, OutsideAFunctionFallsBackToSourceOrder) {
  Keys K((Decls + "int f();\nint x = f();\nint y = f();\n").str());
  const CallExpr *First = findCall(K.AST.context(), "f", 0);
  const CallExpr *Second = findCall(K.AST.context(), "f", 1);
  ASSERT_TRUE(First && Second);
  StableKey A = analysis::stableKey(*First, nullptr, K.AST.context());
  StableKey B = analysis::stableKey(*Second, nullptr, K.AST.context());
  EXPECT_EQ(A.Function, "");
  EXPECT_TRUE(K.before(A, B));
  EXPECT_FALSE(K.before(B, A));
}

TEST(LimitsTest, BoundsAreMinimalOnlyInsideAMinimalScope) {
  namespace limits = analysis::limits;
  EXPECT_EQ(limits::bound(limits::RootSteps), limits::RootSteps);
  {
    limits::Scope Minimal(nullptr, /*Minimal=*/true);
    EXPECT_EQ(limits::bound(limits::RootSteps), 1u);
    EXPECT_EQ(limits::bound(limits::SolverVisitsPerBlock), 1u);
    {
      limits::Scope Inner(nullptr, /*Minimal=*/false);
      EXPECT_EQ(limits::bound(limits::ClosesPerClose), limits::ClosesPerClose);
    }
    EXPECT_EQ(limits::bound(limits::ClosesPerClose), 1u);
  }
  EXPECT_EQ(limits::bound(limits::HandleParents), limits::HandleParents);
}

TEST(LimitsTest, HitsGoToTheOpenScopeOnceEach) {
  namespace limits = analysis::limits;
  TestAST AST = buildAST("void p(); void f() { p(); p(); }");
  const SourceLocation A = findCall(AST.context(), "p", 0)->getBeginLoc();
  const SourceLocation B = findCall(AST.context(), "p", 1)->getBeginLoc();
  limits::hit("RootSteps", A, "nobody listens");
  limits::Hits Sink;
  {
    limits::Scope S(&Sink, /*Minimal=*/false);
    limits::hit("RootSteps", A, "the first");
    limits::hit("RootSteps", A, "the same question again");
    limits::hit("StoreSteps", A, "another bound");
    limits::hit("RootSteps", B, "another place");
    {
      limits::Scope Quiet(nullptr, /*Minimal=*/false);
      limits::hit("RootSteps", B, "not asked for");
    }
  }
  limits::hit("RootSteps", B, "after the scope");
  ASSERT_EQ(Sink.size(), 3u);
  EXPECT_EQ(Sink[0].GaveUp, "the first");
  EXPECT_EQ(Sink[1].Limit, "StoreSteps");
  EXPECT_EQ(Sink[2].Loc, B);
}

} // namespace
} // namespace clang::tidy::winhttp::test
