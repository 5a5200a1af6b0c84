//===--- ParentIndexTest.cpp - tests of analysis/ParentIndex --------------===//
//
// Checks the parents that ParentIndex finds in user code, and that it leaves
// system headers and template instantiations out.
//
//===----------------------------------------------------------------------===//

#include "analysis/ParentIndex.h"
#include "ASTTestUtils.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

using analysis::isInSystemHeader;
using analysis::ParentIndex;
using analysis::ParentIndexCache;

const Stmt *parentStmt(ParentIndex &Index, const Stmt &S) {
  return Index.parent(S).get<Stmt>();
}

template <typename NodeT> bool hasParent(ParentIndex &Index, const NodeT &N) {
  return !Index.parent(DynTypedNode::create(N)).getNodeKind().isNone();
}

TEST(ParentIndexTest, CallHasItsStatementAsParent) {
  TestAST AST = buildAST(R"cpp(
    void g(int);
    bool ok();
    void f() {
      int x = 0;
      g(x);
      if (ok())
        g(1);
    }
  )cpp");
  ASSERT_TRUE(AST.Unit) << AST.errors();
  ASSERT_EQ(AST.errors(), "");
  ASTContext &Ctx = AST.context();
  const FunctionDecl *F = findFunction(Ctx, "f");
  const CallExpr *FirstG = findCall(Ctx, "g", 0);
  const CallExpr *SecondG = findCall(Ctx, "g", 1);
  const CallExpr *Ok = findCall(Ctx, "ok");
  ASSERT_TRUE(F && FirstG && SecondG && Ok);
  EXPECT_EQ(findCall(Ctx, "g", 2), nullptr);

  ParentIndex Index(Ctx);
  // A call made as a statement sits in the body; one used as a condition or
  // as the branch of an if sits in the if.
  EXPECT_EQ(parentStmt(Index, *FirstG), F->getBody());
  const auto *If = dyn_cast_or_null<IfStmt>(parentStmt(Index, *Ok));
  ASSERT_NE(If, nullptr);
  EXPECT_EQ(If->getCond(), Ok);
  EXPECT_EQ(parentStmt(Index, *SecondG), If);
  EXPECT_EQ(parentStmt(Index, *If), F->getBody());
  // The body's parent is the function, which is top-level: no parent.
  EXPECT_EQ(Index.parent(*F->getBody()).get<FunctionDecl>(), F);
  EXPECT_FALSE(hasParent(Index, *F));
}

TEST(ParentIndexTest, ArgumentAndDeclarationParents) {
  TestAST AST = buildAST(R"cpp(
    void g(int);
    void f() {
      int x = 0;
      g(x);
    }
  )cpp");
  ASSERT_TRUE(AST.Unit) << AST.errors();
  ASTContext &Ctx = AST.context();
  const VarDecl *X = findVar(Ctx, "x");
  const DeclRefExpr *Ref = findRef(Ctx, "x");
  const CallExpr *G = findCall(Ctx, "g");
  ASSERT_TRUE(X && Ref && G);

  ParentIndex Index(Ctx);
  // The argument is read through an lvalue-to-rvalue cast.
  const auto *Cast =
      dyn_cast_or_null<ImplicitCastExpr>(parentStmt(Index, *Ref));
  ASSERT_NE(Cast, nullptr);
  EXPECT_EQ(Cast->getCastKind(), CK_LValueToRValue);
  EXPECT_EQ(parentStmt(Index, *Cast), G);
  // A local variable's parent is its DeclStmt, and its initialiser's parent
  // is the variable.
  const auto *DS = Index.parent(DynTypedNode::create(*X)).get<DeclStmt>();
  ASSERT_NE(DS, nullptr);
  EXPECT_TRUE(DS->isSingleDecl());
  EXPECT_EQ(DS->getSingleDecl(), X);
  EXPECT_EQ(Index.parent(*X->getInit()).get<VarDecl>(), X);
}

TEST(ParentIndexTest, LambdaBodyHasItsCallOperatorAsParent) {
  TestAST AST = buildAST(R"cpp(
    void g(int);
    void f() {
      auto L = [] { g(1); };
      L();
    }
  )cpp");
  ASSERT_TRUE(AST.Unit) << AST.errors();
  ASTContext &Ctx = AST.context();
  const CallExpr *G = findCall(Ctx, "g");
  ASSERT_NE(G, nullptr);

  ParentIndex Index(Ctx);
  const Stmt *Body = parentStmt(Index, *G);
  ASSERT_NE(Body, nullptr);
  const auto *CallOperator = Index.parent(*Body).get<CXXMethodDecl>();
  ASSERT_NE(CallOperator, nullptr);
  EXPECT_EQ(CallOperator->getOverloadedOperator(), OO_Call);
  EXPECT_EQ(CallOperator->getBody(), Body);
}

TEST(ParentIndexTest, SystemHeadersOnlyWithSystemHeaders) {
  std::string Header = "void sysCallee();\n"
                       "inline void sysHelper() { sysCallee(); }\n";
  TestAST AST = buildAST("#include <sys.h>\n"
                         "void f() { sysCallee(); }\n",
                         Mode::MinGWCpp, {{"sys.h", Header}});
  ASSERT_TRUE(AST.Unit) << AST.errors();
  ASSERT_EQ(AST.errors(), "");
  ASTContext &Ctx = AST.context();
  const FunctionDecl *F = findFunction(Ctx, "f");
  const FunctionDecl *Helper = findFunction(Ctx, "sysHelper");
  ASSERT_TRUE(F && Helper);
  EXPECT_FALSE(isInSystemHeader(*F));
  EXPECT_TRUE(isInSystemHeader(*Helper));
  // findCall looks at user code only.
  const CallExpr *UserCall = findCall(Ctx, "sysCallee");
  ASSERT_NE(UserCall, nullptr);
  EXPECT_EQ(findCall(Ctx, "sysCallee", 1), nullptr);
  const auto *SystemCall =
      dyn_cast<CallExpr>(cast<CompoundStmt>(Helper->getBody())->body_front());
  ASSERT_NE(SystemCall, nullptr);

  ParentIndex UserOnly(Ctx);
  EXPECT_EQ(parentStmt(UserOnly, *UserCall), F->getBody());
  EXPECT_FALSE(hasParent(UserOnly, *SystemCall));

  ParentIndex WithSystem(Ctx, /*SystemHeaders=*/true);
  EXPECT_EQ(parentStmt(WithSystem, *SystemCall), Helper->getBody());
  EXPECT_EQ(parentStmt(WithSystem, *UserCall), F->getBody());
}

TEST(ParentIndexTest, TemplateInstantiationsAreNotIndexed) {
  TestAST AST = buildAST(R"cpp(
    void g(int);
    template <class T> void t(T V) { g(V); }
    void f() { t(1); }
  )cpp");
  ASSERT_TRUE(AST.Unit) << AST.errors();
  ASSERT_EQ(AST.errors(), "");
  const FunctionDecl *Pattern = findFunction(AST.context(), "t");
  ASSERT_TRUE(Pattern && Pattern->getDescribedFunctionTemplate());
  auto Instantiations =
      Pattern->getDescribedFunctionTemplate()->specializations();
  ASSERT_EQ(std::distance(Instantiations.begin(), Instantiations.end()), 1);
  const FunctionDecl *Instance = *Instantiations.begin();
  ASSERT_TRUE(Instance->getBody());

  const Stmt *PatternCall =
      cast<CompoundStmt>(Pattern->getBody())->body_front();
  const Stmt *InstanceCall =
      cast<CompoundStmt>(Instance->getBody())->body_front();
  ASSERT_NE(PatternCall, InstanceCall);
  ParentIndex Index(AST.context());
  EXPECT_EQ(parentStmt(Index, *PatternCall), Pattern->getBody());
  EXPECT_FALSE(hasParent(Index, *InstanceCall));
}

TEST(ParentIndexTest, CacheKeepsOneIndexPerContext) {
  TestAST First = buildAST("void f() {}");
  TestAST Second = buildAST("void g() {}");
  ASSERT_TRUE(First.Unit && Second.Unit);
  ParentIndexCache Cache;
  ParentIndex &Index = Cache.get(First.context(), false);
  EXPECT_EQ(&Cache.get(First.context(), false), &Index);
  EXPECT_EQ(&Index.context(), &First.context());
  EXPECT_EQ(&Cache.get(Second.context(), false).context(), &Second.context());
}

// The Windows headers, in each mode of the lit suite: they parse without
// errors, and a WinHTTP call in user code has its parent.
class ParentIndexWindowsTest : public ::testing::TestWithParam<Mode> {};

TEST_P(ParentIndexWindowsTest, WinHttpCallInUserCode) {
  TestAST AST = buildAST(R"c(
    #include <windows.h>
    #include <winhttp.h>
    #if defined(__cplusplus) && defined(__MINGW32__)
    #include <memory> // libstdc++, in MinGW mode only
    #endif
    HINTERNET openSession(void) {
      HINTERNET Session = WinHttpOpen(L"test", WINHTTP_ACCESS_TYPE_NO_PROXY,
                                      WINHTTP_NO_PROXY_NAME,
                                      WINHTTP_NO_PROXY_BYPASS, 0);
      return Session;
    }
  )c",
                         GetParam());
  ASSERT_TRUE(AST.Unit) << AST.errors();
  EXPECT_EQ(AST.errors(), "");
  EXPECT_FALSE(AST.Unit->getDiagnostics().hasErrorOccurred());
  ASTContext &Ctx = AST.context();
  const FunctionDecl *Api = findFunction(Ctx, "WinHttpOpen");
  const VarDecl *Session = findVar(Ctx, "Session");
  const CallExpr *Call = findCall(Ctx, "WinHttpOpen");
  ASSERT_TRUE(Api && Session && Call);
  EXPECT_TRUE(isInSystemHeader(*Api));
  EXPECT_FALSE(isInSystemHeader(*Session));

  ParentIndex Index(Ctx);
  // The call initialises Session directly: both are HINTERNET.
  EXPECT_EQ(Index.parent(*Call).get<VarDecl>(), Session);
  EXPECT_EQ(Session->getInit(), Call);
}

std::string modeName(const ::testing::TestParamInfo<Mode> &Info) {
  switch (Info.param) {
  case Mode::MinGWCpp:
    return "MinGWCpp";
  case Mode::MinGWC:
    return "MinGWC";
  case Mode::MSVC:
    return "MSVC";
  }
  return "Unknown";
}

INSTANTIATE_TEST_SUITE_P(Modes, ParentIndexWindowsTest,
                         ::testing::Values(Mode::MinGWCpp, Mode::MinGWC,
                                           Mode::MSVC),
                         modeName);

} // namespace
} // namespace clang::tidy::winhttp::test
