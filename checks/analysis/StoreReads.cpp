//===--- StoreReads.cpp - whether a stored value is ever read -------------===//
//
// A forward walk from one store over the CFG (built with every statement its
// own element, see FunctionCfg.cpp), stopping each path at the next store.
//
//===----------------------------------------------------------------------===//

#include "StoreReads.h"
#include "Descendants.h"
#include "ExprUse.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::winhttp::analysis {

const Decl *enclosingFunction(const Stmt &S, ParentIndex &Parents) {
  DynTypedNode Node = DynTypedNode::create(S);
  while (true) {
    Node = Parents.parent(Node);
    if (Node.getNodeKind().isNone())
      return nullptr;
    if (const auto *FD = Node.get<FunctionDecl>())
      return FD;
    if (const auto *BD = Node.get<BlockDecl>())
      return BD;
    if (const auto *LE = Node.get<LambdaExpr>())
      return LE->getCallOperator();
  }
}

static const Expr *parentSkippingParens(const Expr &E, ParentIndex &Parents) {
  DynTypedNode Node = DynTypedNode::create(E);
  while (true) {
    Node = Parents.parent(Node);
    const auto *P = Node.get<Expr>();
    if (!P || !isa<ParenExpr>(P))
      return P;
  }
}

static bool isAssignmentTo(const Stmt &S, const VarDecl &Var) {
  const auto *BO = dyn_cast<BinaryOperator>(&S);
  if (!BO || BO->getOpcode() != BO_Assign)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens());
  return Ref && Ref->getDecl() == &Var;
}

static bool declares(const Stmt &S, const VarDecl &Var) {
  const auto *DS = dyn_cast<DeclStmt>(&S);
  return DS && llvm::is_contained(DS->decls(), &Var);
}

// Whether a reference other than a plain read or write can reach the
// variable: its address, a reference to it, a capture by reference.
static bool isAliased(const VarDecl &Var, const Stmt &Body,
                      ParentIndex &Parents, const DeclRefExpr *Through) {
  ASTContext &Ctx = Parents.context();
  for (const DeclRefExpr *Ref : findReferences(Var, Body, Ctx)) {
    if (Ref == Through)
      continue;
    const Expr *P = parentSkippingParens(*Ref, Parents);
    if (!P)
      return true;
    if (const auto *Cast = dyn_cast<CastExpr>(P);
        Cast && (Cast->getCastKind() == CK_LValueToRValue ||
                 Cast->getCastKind() == CK_ToVoid))
      continue;
    if (const auto *BO = dyn_cast<BinaryOperator>(P);
        BO && BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == Ref)
      continue;
    if (const auto *UO = dyn_cast<UnaryOperator>(P);
        UO && UO->isIncrementDecrementOp())
      continue;
    return true;
  }
  for (const LambdaExpr *Lambda : descendantsOfType<LambdaExpr>(Body))
    for (const LambdaCapture &C : Lambda->captures())
      if (C.capturesVariable() && C.getCapturedVar() == &Var &&
          C.getCaptureKind() == LCK_ByRef)
        return true;
  return false;
}

namespace {
enum class Effect { None, Read, Store };
} // namespace

static Effect effectOn(const CFGElement &E, const VarDecl &Var,
                       ParentIndex &Parents) {
  std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
  if (!CS)
    return Effect::None;
  const Stmt *S = CS->getStmt();
  if (isAssignmentTo(*S, Var) || declares(*S, Var))
    return Effect::Store;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    if (Ref->getDecl() != &Var)
      return Effect::None;
    const Expr *P = parentSkippingParens(*Ref, Parents);
    return P && isAssignmentTo(*P, Var) ? Effect::None : Effect::Read;
  }
  if (const auto *LE = dyn_cast<LambdaExpr>(S))
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable() && C.getCapturedVar() == &Var)
        return Effect::Read;
  return Effect::None;
}

std::optional<bool> isStoreRead(const VarDecl &Var, const Stmt &Store,
                                const CFG &G, ParentIndex &Parents,
                                const DeclRefExpr *Through) {
  if (!Var.hasLocalStorage() || Var.getType()->isReferenceType() ||
      Var.getType().isVolatileQualified())
    return std::nullopt;
  const Stmt *Body = enclosingFunctionBody(Store, Parents);
  if (!Body || isAliased(Var, *Body, Parents, Through))
    return std::nullopt;
  // Where the store stands. A DeclStmt of several declarations is split
  // into one per declaration in the CFG.
  const CFGBlock *StoreBlock = nullptr;
  unsigned StoreIndex = 0;
  for (const CFGBlock *B : G) {
    for (unsigned I = 0, N = B->size(); I != N && !StoreBlock; ++I) {
      std::optional<CFGStmt> CS = (*B)[I].getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (S == &Store ||
          (isa<DeclStmt>(Store) && declares(*S, Var) &&
           llvm::is_contained(cast<DeclStmt>(Store).decls(), &Var))) {
        StoreBlock = B;
        StoreIndex = I;
      }
    }
    if (StoreBlock)
      break;
  }
  if (!StoreBlock)
    return std::nullopt;

  llvm::BitVector Entered(G.getNumBlockIDs());
  llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 8> Work;
  Work.push_back({StoreBlock, StoreIndex + 1});
  while (!Work.empty()) {
    auto [B, Begin] = Work.pop_back_val();
    bool Stopped = false;
    for (unsigned I = Begin, N = B->size(); I != N && !Stopped; ++I) {
      switch (effectOn((*B)[I], Var, Parents)) {
      case Effect::Read:
        return true;
      case Effect::Store:
        Stopped = true;
        break;
      case Effect::None:
        break;
      }
    }
    if (Stopped)
      continue;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      if (const CFGBlock *S = Succ.getReachableBlock();
          S && !Entered.test(S->getBlockID())) {
        Entered.set(S->getBlockID());
        Work.push_back({S, 0});
      }
  }
  return false;
}

// The successor of \p B that its branch takes when \p Call returned
// FALSE, when \p B's condition tests the call's result.
static const CFGBlock *failureSuccessor(const CFGBlock &B, const Stmt &Call) {
  const Expr *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!Cond || B.succ_size() != 2)
    return nullptr;
  bool Negated = false;
  while (true) {
    Cond = Cond->IgnoreParenImpCasts();
    const auto *Not = dyn_cast<UnaryOperator>(Cond);
    if (!Not || Not->getOpcode() != UO_LNot)
      break;
    Negated = !Negated;
    Cond = Not->getSubExpr();
  }
  if (Cond != &Call)
    return nullptr;
  return (B.succ_begin() + (Negated ? 0 : 1))->getReachableBlock();
}

bool reachesExitAvoiding(const Stmt &From, const CFG &G,
                         llvm::function_ref<bool(const Stmt &)> Stops) {
  llvm::BitVector Entered(G.getNumBlockIDs());
  llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 8> Work;
  for (const CFGBlock *B : G)
    for (unsigned I = 0, N = B->size(); I != N; ++I)
      if (std::optional<CFGStmt> CS = (*B)[I].getAs<CFGStmt>();
          CS && CS->getStmt() == &From && Work.empty())
        Work.push_back({B, I + 1});
  while (!Work.empty()) {
    auto [B, Begin] = Work.pop_back_val();
    if (B == &G.getExit())
      return true;
    bool Stopped = false;
    for (unsigned I = Begin, N = B->size(); I != N && !Stopped; ++I)
      if (std::optional<CFGStmt> CS = (*B)[I].getAs<CFGStmt>())
        Stopped = Stops(*CS->getStmt());
    if (Stopped)
      continue;
    const CFGBlock *Failed = failureSuccessor(*B, From);
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      if (const CFGBlock *S = Succ.getReachableBlock();
          S && S != Failed && !Entered.test(S->getBlockID())) {
        Entered.set(S->getBlockID());
        Work.push_back({S, 0});
      }
  }
  return false;
}

bool reachesAvoiding(const Stmt &From, const CFG &G, PathStart Start,
                     llvm::function_ref<bool(const CFGElement &)> IsTarget,
                     llvm::function_ref<bool(const CFGElement &)> Stops) {
  llvm::BitVector Entered(G.getNumBlockIDs());
  llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 8> Work;
  auto Enter = [&](const CFGBlock *S) {
    if (S && !Entered.test(S->getBlockID())) {
      Entered.set(S->getBlockID());
      Work.push_back({S, 0});
    }
  };
  for (const CFGBlock *B : G)
    for (unsigned I = 0, N = B->size(); I != N; ++I)
      if (std::optional<CFGStmt> CS = (*B)[I].getAs<CFGStmt>();
          CS && CS->getStmt() == &From && Work.empty() && Entered.none())
        Work.push_back({B, I + 1});
  bool First = true;
  while (!Work.empty()) {
    auto [B, Begin] = Work.pop_back_val();
    const bool FromHere = First;
    First = false;
    bool Stopped = false;
    if (!(FromHere && Start == PathStart::Failed)) {
      for (unsigned I = Begin, N = B->size(); I != N && !Stopped; ++I) {
        if (IsTarget((*B)[I]))
          return true;
        Stopped = Stops((*B)[I]);
      }
    }
    if (Stopped)
      continue;
    // The branch on the call's result, if any, is the block's own or that
    // of a block it falls into (the condition of `if (!f())` is evaluated
    // in the block that ends with the test).
    const CFGBlock *Failed = failureSuccessor(*B, From);
    if (FromHere && Start == PathStart::Failed) {
      if (!Failed)
        return false;
      Enter(Failed);
      continue;
    }
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *S = Succ.getReachableBlock();
      if (S == Failed && Start == PathStart::Succeeded)
        continue;
      Enter(S);
    }
  }
  return false;
}

} // namespace clang::tidy::winhttp::analysis
