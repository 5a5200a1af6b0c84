//===--- HandleLeakWalk.cpp - one function's walk -------------------------===//
//
// The forward walk of one function's CFG: which locals may hold which
// creations' open handles, refined on the edges of null and error tests,
// and the leaks at overwrites and at the exits.
//
//===----------------------------------------------------------------------===//

#include "ExprUse.h"
#include "ForwardWalk.h"
#include "HandleLeakImpl.h"
#include "ThreadModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::winhttp::analysis {

using namespace handleleak_detail;

/// The local of \p Fn whose address \p E is (`&h`), or null.
static const VarDecl *addressedLocal(const Expr *E, const FunctionDecl *Fn) {
  const auto *UO = dyn_cast<UnaryOperator>(stripValue(E));
  return UO && UO->getOpcode() == UO_AddrOf ? plainLocalOf(UO->getSubExpr(), Fn)
                                            : nullptr;
}

static void sourcesOf(const Expr *E, const FunctionDecl *Fn,
                      const ValueFlow &Flow, ValueSources &Out) {
  if (!E)
    return;
  E = stripValue(E);
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    sourcesOf(CO->getTrueExpr(), Fn, Flow, Out);
    sourcesOf(CO->getFalseExpr(), Fn, Flow, Out);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_Comma)
      sourcesOf(BO->getRHS(), Fn, Flow, Out);
    else if (BO->getOpcode() == BO_Assign)
      sourcesOf(BO->getLHS(), Fn, Flow, Out);
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (returningCreator(*Call, Flow))
      Out.Creations.push_back(Call);
  } else if (const VarDecl *VD = plainLocalOf(E, Fn)) {
    Out.Holders.push_back(VD);
  }
}

namespace {

/// A test of whether \p Subject is zero (a null handle, or an error code
/// that says success): true when the condition holds exactly when it is.
struct ZeroTest {
  const Expr *Subject;
  bool TrueWhenZero;
};

} // namespace

static std::optional<ZeroTest> zeroTestOf(const Expr *E,
                                          const ASTContext &Ctx) {
  bool Negated = false;
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = UO->getSubExpr();
      continue;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
        Cast && Cast->getType()->isBooleanType()) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Comma = dyn_cast<BinaryOperator>(E);
        Comma && Comma->getOpcode() == BO_Comma) {
      E = Comma->getRHS();
      continue;
    }
    break;
  }
  if (!E)
    return std::nullopt;
  const auto *BO = dyn_cast<BinaryOperator>(E);
  if (!BO || !BO->isEqualityOp())
    return ZeroTest{E, Negated};
  auto IsZero = [&](const Expr *Side) {
    return !Side->isValueDependent() &&
           Side->IgnoreParenImpCasts()->isNullPointerConstant(
               const_cast<ASTContext &>(Ctx),
               Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  };
  const bool Equal = BO->getOpcode() == BO_EQ;
  if (IsZero(BO->getRHS()))
    return ZeroTest{BO->getLHS(), Equal != Negated};
  if (IsZero(BO->getLHS()))
    return ZeroTest{BO->getRHS(), Equal != Negated};
  return std::nullopt;
}

unsigned Walk::site(const CallExpr *Call) {
  auto [It, Inserted] = SiteIds.try_emplace(Call, Sites.size());
  if (Inserted) {
    Sites.push_back(Call);
    FirstHolder.push_back(nullptr);
  }
  return It->second;
}

unsigned Walk::pairId(unsigned Site, const VarDecl *V) {
  auto [It, Inserted] = PairIds.try_emplace({Site, V}, Pairs.size());
  if (Inserted)
    Pairs.emplace_back(Site, V);
  return It->second;
}

llvm::SmallVector<unsigned, 2> Walk::sitesHeldBy(const VarDecl *V,
                                                 const State &St) const {
  llvm::SmallVector<unsigned, 2> Result;
  for (unsigned P : St)
    if (Pairs[P].second == V)
      Result.push_back(Pairs[P].first);
  return Result;
}

bool Walk::held(unsigned Site, const State &St) const {
  for (unsigned P : St)
    if (Pairs[P].first == Site && Pairs[P].second)
      return true;
  return false;
}

void Walk::dropSites(llvm::ArrayRef<unsigned> Gone, State &St) const {
  llvm::SmallVector<unsigned, 4> Drop;
  for (unsigned P : St)
    if (llvm::is_contained(Gone, Pairs[P].first))
      Drop.push_back(P);
  for (unsigned P : Drop)
    St.reset(P);
}

// V gets a new value: the creations and the holders' handles of Src, and
// Created. What V held and nothing else holds is lost.
void Walk::store(const VarDecl *V, const ValueSources &Src,
                 llvm::ArrayRef<unsigned> Created, const Stmt *At, State &St,
                 bool Report) {
  llvm::SmallVector<unsigned, 4> New(Created.begin(), Created.end());
  // A creation is stored only on the paths that evaluated it (one arm of
  // `?:`): its pending value says so.
  for (const CallExpr *C : Src.Creations) {
    const unsigned Pending = pairId(site(C), nullptr);
    if (St.test(Pending)) {
      St.reset(Pending);
      New.push_back(site(C));
    }
  }
  // A fresh creation at the site V held is another handle (a loop); a
  // copy of a holder is the same one.
  llvm::SmallVector<unsigned, 4> Copied;
  for (const VarDecl *H : Src.Holders)
    llvm::append_range(Copied, sitesHeldBy(H, St));
  llvm::append_range(New, Copied);
  const llvm::SmallVector<unsigned, 2> Old = sitesHeldBy(V, St);
  for (unsigned S : Old)
    St.reset(pairId(S, V));
  if (Report)
    for (unsigned S : Old)
      if (!llvm::is_contained(Copied, S) && !held(S, St))
        leak(S, HandleLeakFinding::Where::Overwrite, At->getBeginLoc(), V);
  for (unsigned S : New) {
    St.set(pairId(S, V));
    if (!FirstHolder[S])
      FirstHolder[S] = V;
  }
}

void Walk::transfer(const Stmt *S, State &St, bool Report) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    const VarDecl *V = plainLocalOf(Ref, Fn);
    llvm::SmallVector<unsigned, 2> Held =
        V ? sitesHeldBy(V, St) : llvm::SmallVector<unsigned, 2>();
    const RefUse U = Held.empty() ? RefUse::Borrow : A.classify(*Ref, Fn);
    if (U == RefUse::AsyncStart)
      llvm::erase_if(Held, [&](unsigned S) { return !A.mayBeAsync(Sites[S]); });
    if (U == RefUse::Release || U == RefUse::AsyncStart)
      dropSites(Held, St);
  } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); plainLocal(VD, Fn)) {
        ValueSources Src;
        sourcesOf(VD->getInit(), Fn, A.Flow, Src);
        store(VD, Src, {}, DS, St, Report);
      }
  } else if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    const VarDecl *V =
        BO->getOpcode() == BO_Assign ? plainLocalOf(BO->getLHS(), Fn) : nullptr;
    if (V) {
      ValueSources Src;
      sourcesOf(BO->getRHS(), Fn, A.Flow, Src);
      store(V, Src, {}, BO, St, Report);
    }
  } else if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // A capture hands the handle to the lambda.
    for (const LambdaCapture &C : Lambda->captures())
      if (C.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
          dropSites(sitesHeldBy(V, St), St);
  } else if (const auto *Block = dyn_cast<BlockExpr>(S)) {
    for (const BlockDecl::Capture &C : Block->getBlockDecl()->captures())
      dropSites(sitesHeldBy(C.getVariable(), St), St);
  } else if (const auto *Call = dyn_cast<CallExpr>(S);
             Call && returningCreator(*Call, A.Flow)) {
    // The call's value, pending until a local stores it.
    const unsigned Made = site(Call);
    St.set(pairId(Made, nullptr));
    const api::Function *Api = returningCreator(*Call, A.Flow);
    if (Api->ParentArg >= 0 && unsigned(Api->ParentArg) < Call->getNumArgs())
      if (const VarDecl *Parent =
              plainLocalOf(Call->getArg(Api->ParentArg), Fn))
        for (unsigned P : sitesHeldBy(Parent, St))
          ParentSites[Made].insert(P);
  } else if (Call && outCreator(*Call, A.Flow)) {
    if (const VarDecl *V =
            addressedLocal(Call->getArg(Call->getNumArgs() - 1), Fn)) {
      const unsigned Created[] = {site(Call)};
      store(V, {}, Created, Call, St, Report);
    }
  }
}

// On the edge where a condition says a holder is null, it holds nothing;
// where it says a creation through an out-pointer failed, nothing was made.
void Walk::refine(const CFGBlock &From, const CFGBlock &To, State &St) {
  if (From.succ_size() != 2)
    return;
  const CFGBlock *OnTrue = From.succ_begin()->getReachableBlock();
  const CFGBlock *OnFalse = (From.succ_begin() + 1)->getReachableBlock();
  if (OnTrue == OnFalse || (&To != OnTrue && &To != OnFalse))
    return;
  // The last element is the value tested: in `if (!a || !b)` the block
  // that evaluates `!b` branches on it, not on the whole condition.
  const Expr *Cond = From.getLastCondition();
  if (!Cond)
    Cond = dyn_cast_or_null<Expr>(From.getTerminatorCondition());
  std::optional<ZeroTest> Z = Cond ? zeroTestOf(Cond, A.Ctx) : std::nullopt;
  if (!Z)
    return;
  const bool Zero = (&To == OnTrue) == Z->TrueWhenZero;
  if (Zero) {
    ValueSources Src;
    sourcesOf(Z->Subject, Fn, A.Flow, Src);
    llvm::SmallVector<unsigned, 4> Null;
    for (const VarDecl *H : Src.Holders)
      llvm::append_range(Null, sitesHeldBy(H, St));
    // A handle made from a null parent is null too (`c = s ? Connect(s) :
    // NULL; if (!s) return;`).
    for (bool Grew = !Null.empty(); Grew;) {
      Grew = false;
      for (const auto &[Child, Parents] : ParentSites)
        if (!llvm::is_contained(Null, Child) &&
            llvm::all_of(Parents, [&](unsigned P) {
              return llvm::is_contained(Null, P);
            })) {
          Null.push_back(Child);
          Grew = true;
        }
    }
    dropSites(Null, St);
  } else if (const CallExpr *C = A.outCreationOf(Z->Subject, Fn)) {
    const unsigned Failed[] = {site(C)};
    dropSites(Failed, St);
  }
}

void Walk::run() {
  bool Report = false;
  ForwardWalk<State> Dataflow;
  Dataflow.Join = [](State &Into, const State &From) { Into |= From; };
  Dataflow.Transfer = [&](const CFGElement &E, State &S) {
    if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
      transfer(CS->getStmt(), S, Report);
  };
  Dataflow.Edge = [&](const CFGBlock &From, const CFGBlock &To, State &S) {
    refine(From, To, S);
  };
  // A transfer can drop more for a larger state; the solver joins each
  // out-state with the one before, so the walk ends all the same.
  const std::vector<std::optional<State>> Out = Dataflow.run(G);
  Report = true;
  for (const CFGBlock *B : G)
    if (std::optional<State> S = Dataflow.in(G, *B, Out))
      for (const CFGElement &E : *B)
        Dataflow.Transfer(E, *S);
  reportExits(Out);
  for (unsigned S = 0; S < Sites.size(); ++S)
    if (auto It = Leaks.find(S);
        It != Leaks.end() &&
        A.Reported.insert(Sites[S]->getBeginLoc().getRawEncoding()).second)
      A.Findings.push_back(It->second);
}

// A path that reaches the exit by a return or the end of the body leaks
// what is still held there; one that ends in a throw or a call that does
// not return ends no lifetime that matters.
void Walk::reportExits(llvm::ArrayRef<std::optional<State>> Out) {
  const Stmt *Body = Fn->getBody();
  const SourceLocation End = isa<CompoundStmt>(Body)
                                 ? cast<CompoundStmt>(Body)->getRBracLoc()
                                 : Body->getEndLoc();
  for (const CFGBlock::AdjacentBlock &Pred : G.getExit().preds()) {
    const CFGBlock *P = Pred.getReachableBlock();
    if (!P || P->hasNoReturnElement() ||
        isa_and_nonnull<CXXThrowExpr>(P->getTerminatorStmt()))
      continue;
    const std::optional<State> &PredOut = Out[P->getBlockID()];
    if (!PredOut)
      continue;
    const ReturnStmt *Ret = nullptr;
    for (const CFGElement &E : *P)
      if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
        if (const auto *R = dyn_cast<ReturnStmt>(CS->getStmt()))
          Ret = R;
    State S = *PredOut;
    refine(*P, G.getExit(), S);
    llvm::DenseSet<unsigned> Seen;
    for (unsigned Pair : S)
      if (Pairs[Pair].second && Seen.insert(Pairs[Pair].first).second)
        leak(Pairs[Pair].first,
             Ret ? HandleLeakFinding::Where::Return
                 : HandleLeakFinding::Where::End,
             Ret ? Ret->getBeginLoc() : End, nullptr);
  }
}

void Walk::leak(unsigned Site, HandleLeakFinding::Where How, SourceLocation At,
                const VarDecl *Overwritten) {
  HandleLeakFinding F;
  F.Creation = Sites[Site];
  const api::Function *Api = A.Flow.apiOf(*F.Creation);
  F.Creator = Api ? Api->Name.str() : "";
  F.Holder = FirstHolder[Site];
  F.How = How;
  F.At = At;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
      MD && MD->getParent()->isLambda())
    F.Function = "the lambda";
  else
    F.Function = "'" + Fn->getNameAsString() + "'";
  F.Overwritten = Overwritten ? Overwritten->getNameAsString() : "";
  auto [It, Inserted] = Leaks.try_emplace(Site, F);
  if (!Inserted &&
      A.Ctx.getSourceManager().isBeforeInTranslationUnit(At, It->second.At))
    It->second = std::move(F);
}

} // namespace clang::tidy::winhttp::analysis
