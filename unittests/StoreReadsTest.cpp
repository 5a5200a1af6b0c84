//===--- StoreReadsTest.cpp - tests of analysis/StoreReads ----------------===//
//
// Asks whether a store is read on some path, and whether a path from a call
// reaches the end or a target, on code written the ways loops, branches and
// escapes change the answer.
//
//===----------------------------------------------------------------------===//

#include "analysis/StoreReads.h"
#include "ASTTestUtils.h"
#include "analysis/FunctionCfg.h"
#include "analysis/ParentIndex.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

using analysis::FunctionCfgs;
using analysis::ParentIndex;

/// Whether the store that the \p Nth call of \p Callee makes into the local
/// \p Var (as its initialiser or an assignment's right-hand side) is read.
std::optional<bool> storeRead(llvm::StringRef Code, llvm::StringRef Var,
                              llvm::StringRef Callee, unsigned Nth = 0) {
  TestAST AST = buildAST(Code, Mode::MinGWC);
  ASTContext &Ctx = AST.context();
  EXPECT_EQ(AST.errors(), "");
  const CallExpr *Call = findCall(Ctx, Callee, Nth);
  const VarDecl *VD = findVar(Ctx, Var);
  if (!Call || !VD)
    return std::nullopt;
  ParentIndex Parents(Ctx);
  // The statement that stores the call's value.
  const Stmt *Store = nullptr;
  DynTypedNode Node = DynTypedNode::create(*Call);
  while (!Store) {
    Node = Parents.parent(Node);
    if (Node.getNodeKind().isNone())
      return std::nullopt;
    if (const auto *BO = Node.get<BinaryOperator>(); BO && BO->isAssignmentOp())
      Store = BO;
    else if (const auto *DS = Node.get<DeclStmt>())
      Store = DS;
  }
  FunctionCfgs Cfgs(Ctx);
  const auto *FD =
      dyn_cast<FunctionDecl>(analysis::enclosingFunction(*Store, Parents));
  const CFG *G = FD ? Cfgs.get(FD) : nullptr;
  if (!G)
    return std::nullopt;
  return analysis::isStoreRead(*VD, *Store, *G, Parents);
}

constexpr llvm::StringLiteral Decls = "int f(void); void use(int);\n";

TEST(StoreReadsTest, UnreadDeclaration) {
  EXPECT_EQ(
      storeRead((Decls + "void g(void) { int ok = f(); }").str(), "ok", "f"),
      false);
}

TEST(StoreReadsTest, ReadOnOnePath) {
  EXPECT_EQ(storeRead((Decls + "void g(int c) { int ok = f(); if (c) "
                               "use(ok); }")
                          .str(),
                      "ok", "f"),
            true);
}

TEST(StoreReadsTest, OverwrittenBeforeRead) {
  EXPECT_EQ(storeRead((Decls + "void g(void) { int ok; ok = f(); ok = f(); "
                               "use(ok); }")
                          .str(),
                      "ok", "f", 0),
            false);
}

TEST(StoreReadsTest, NextIterationReads) {
  EXPECT_EQ(storeRead((Decls + "void g(void) { int ok = 1; for (int i = 0; i "
                               "< 3; ++i) { use(ok); ok = f(); } }")
                          .str(),
                      "ok", "f"),
            true);
}

TEST(StoreReadsTest, AddressTakenIsUnknown) {
  EXPECT_EQ(storeRead((Decls + "void keep(int *); void g(void) { int ok = "
                               "f(); keep(&ok); }")
                          .str(),
                      "ok", "f"),
            std::nullopt);
}

TEST(StoreReadsTest, CompoundAssignmentReads) {
  EXPECT_EQ(storeRead((Decls + "int g(void) { int ok = f(); ok += 1; return "
                               "0; }")
                          .str(),
                      "ok", "f"),
            true);
}

/// Whether a path from the \p Nth call of \p Callee reaches the end of its
/// function without a call of \p Stop.
bool reachesExit(llvm::StringRef Code, llvm::StringRef Callee,
                 llvm::StringRef Stop) {
  TestAST AST = buildAST(Code, Mode::MinGWC);
  ASTContext &Ctx = AST.context();
  EXPECT_EQ(AST.errors(), "");
  const CallExpr *Call = findCall(Ctx, Callee);
  EXPECT_TRUE(Call);
  ParentIndex Parents(Ctx);
  FunctionCfgs Cfgs(Ctx);
  const auto *FD =
      dyn_cast<FunctionDecl>(analysis::enclosingFunction(*Call, Parents));
  const CFG *G = Cfgs.get(FD);
  EXPECT_TRUE(G);
  return analysis::reachesExitAvoiding(*Call, *G, [&](const Stmt &S) {
    const auto *C = dyn_cast<CallExpr>(&S);
    const FunctionDecl *D = C ? C->getDirectCallee() : nullptr;
    return D && D->getName() == Stop;
  });
}

constexpr llvm::StringLiteral Calls = "int start(void); void wait(void);\n";

TEST(StoreReadsTest, ExitWithoutWait) {
  EXPECT_TRUE(
      reachesExit((Calls + "void g(int c) { start(); if (c) wait(); }").str(),
                  "start", "wait"));
}

TEST(StoreReadsTest, WaitOnEveryPath) {
  EXPECT_FALSE(reachesExit(
      (Calls + "void g(int c) { start(); if (c) wait(); else wait(); }").str(),
      "start", "wait"));
}

TEST(StoreReadsTest, FailedBranchIsNotFollowed) {
  EXPECT_FALSE(reachesExit(
      (Calls + "int g(void) { if (!start()) return 0; wait(); return 1; }")
          .str(),
      "start", "wait"));
  EXPECT_TRUE(reachesExit(
      (Calls + "int g(void) { if (start()) return 1; wait(); return 0; }")
          .str(),
      "start", "wait"));
}

} // namespace
} // namespace clang::tidy::winhttp::test
