//===--- OrderTransfer.cpp - what each statement does to the facts --------===//
//
// The transfer functions of the order analysis: the facts a call, a
// callee's summary, the end of an object's life or a branch edge adds or
// removes.
//
//===----------------------------------------------------------------------===//

#include "ExprUse.h"
#include "OrderAnalysisImpl.h"
#include "ThreadModel.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace order_detail;

static bool isStdType(QualType T, api::Spelling S) {
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && api::isInStd(*RD) &&
         api::spelling(S).rsplit("::").second == RD->getName();
}

static bool isScopedLock(QualType T) {
  return llvm::any_of(
      std::initializer_list<api::Spelling>{
          api::Spelling::StdLockGuard, api::Spelling::StdUniqueLock,
          api::Spelling::StdScopedLock, api::Spelling::StdSharedLock},
      [&](api::Spelling S) { return isStdType(T, S); });
}

/// A thread object that joins when it is destroyed.
static bool joinsWhenDestroyed(QualType T) {
  return isStdType(T, api::Spelling::StdJThread) ||
         isStdType(T, api::Spelling::StdFuture);
}

const State &OrderAnalysis::Impl::edge(const CFGBlock &From, unsigned SuccIdx) {
  static const State None;
  if (From.succ_size() != 2)
    return None;
  const Stmt *T = From.getTerminatorStmt();
  const Stmt *C = From.getTerminatorCondition(/*StripParens=*/true);
  auto Key = std::make_tuple(T, C, SuccIdx);
  if (auto It = Edges.find(Key); It != Edges.end())
    return It->second;
  State Out;
  if (const auto *Cond = dyn_cast_or_null<Expr>(C))
    conditionFacts(Cond, SuccIdx == 0, Out);
  if (SuccIdx == 1 && T && isa<ForStmt, CXXForRangeStmt, WhileStmt>(T))
    Out |= loopExitFacts(T);
  // The map may have grown while the facts were computed.
  State &Slot = Edges[Key];
  Slot = std::move(Out);
  return Slot;
}

void OrderAnalysis::Impl::kill(State &S, Fact K, const ValueSet &Ids,
                               Effects *Eff) {
  for (unsigned Id : Ids) {
    S.reset(fact(K, Id));
    if (Eff)
      Eff->Killed.set(fact(K, Id));
  }
}

void OrderAnalysis::Impl::applySummary(const FunctionDecl *Callee, State &S,
                                       Effects *Eff) {
  const Summary Sm = summary(Callee->getCanonicalDecl());
  if (Sm.KillsAll) {
    S = Sm.Gen;
  } else {
    S.intersectWithComplement(Sm.Kill);
    S |= Sm.Gen;
  }
  if (Eff) {
    Eff->Killed |= Sm.Kill;
    Eff->KillsAll |= Sm.KillsAll;
  }
}

void OrderAnalysis::Impl::transferCall(const CallExpr &Call, State &S,
                                       Effects *Eff) {
  if (waitOrders(Call) == WaitOrders::Always)
    if (const Expr *Obj = waitedObject(Call))
      addAll(S, Fact::Finished, Flow.valuesOf(*Obj));
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (Callee) {
    std::optional<bool> Acquires;
    const Expr *Lock = nullptr;
    if (const api::LockFunction *LF = api::lookupLockFunction(*Callee)) {
      Acquires = LF->Acquires;
      if (unsigned(LF->Arg) < Call.getNumArgs())
        Lock = Call.getArg(LF->Arg);
    } else if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee)) {
      Acquires = api::lookupStdLockMethod(*MD);
      Lock = objectOfCall(Call);
    }
    if (Acquires && Lock) {
      if (*Acquires)
        addAll(S, Fact::Held, Flow.valuesOf(*Lock));
      else
        kill(S, Fact::Held, Flow.valuesOf(*Lock), Eff);
      return;
    }
  }
  // Several possible callees: what all of them leave.
  std::optional<State> Meet;
  for (const FunctionDecl *F : Flow.callees(Call)) {
    if (!F->getDefinition() || api::isInStd(*F))
      continue;
    State After = S;
    applySummary(F, After, Eff);
    if (!Meet)
      Meet = std::move(After);
    else
      *Meet &= After;
  }
  if (Meet)
    S = std::move(*Meet);
}

void OrderAnalysis::Impl::endOfLife(QualType T, const ValueSet &Values,
                                    const CXXDestructorDecl *Dtor, State &S,
                                    Effects *Eff) {
  if (isScopedLock(T))
    kill(S, Fact::Held, Values, Eff);
  else if (joinsWhenDestroyed(T))
    addAll(S, Fact::Finished, Values);
  else if (Dtor && Dtor->getDefinition() && !api::isInStd(*Dtor))
    applySummary(Dtor, S, Eff);
}

void OrderAnalysis::Impl::transfer(const CFGElement &E, State &S,
                                   Effects *Eff) {
  if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>()) {
    const Stmt *St = CS->getStmt();
    if (std::optional<ValueId> T = Flow.threadStartedBy(*St)) {
      StartsIn[CurrentFn].set(*T);
      ValueSet Started;
      Started.set(*T);
      const bool Fresh = S.test(fact(Fact::NotStarted, *T)) ||
                         S.test(fact(Fact::Finished, *T));
      kill(S, Fact::NotStarted, Started, Eff);
      kill(S, Fact::Finished, Started, Eff);
      if (Fresh)
        S.set(fact(Fact::FreshStart, *T));
      else
        kill(S, Fact::FreshStart, Started, Eff);
    }
    if (const auto *Call = dyn_cast<CallExpr>(St))
      return transferCall(*Call, S, Eff);
    if (const auto *CE = dyn_cast<CXXConstructExpr>(St)) {
      if (isScopedLock(CE->getType()))
        addAll(S, Fact::Held, Flow.valuesOf(*CE));
      else if (CE->getConstructor()->getDefinition() &&
               !api::isInStd(*CE->getConstructor()))
        applySummary(CE->getConstructor(), S, Eff);
    }
    return;
  }
  if (std::optional<CFGAutomaticObjDtor> D = E.getAs<CFGAutomaticObjDtor>())
    return endOfLife(D->getVarDecl()->getType(),
                     Flow.valuesOfDecl(*D->getVarDecl()),
                     D->getDestructorDecl(Ctx), S, Eff);
  if (std::optional<CFGMemberDtor> D = E.getAs<CFGMemberDtor>())
    return endOfLife(D->getFieldDecl()->getType(),
                     Flow.valuesOfDecl(*D->getFieldDecl()),
                     D->getDestructorDecl(Ctx), S, Eff);
}

} // namespace clang::tidy::winhttp::analysis
