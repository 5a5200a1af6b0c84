//===--- OrderWaits.cpp - joins, waits and what conditions tell -----------===//
//
// What a wait or join orders and on which object, the facts a branch
// condition adds (a wait that succeeded, a value that is zero) and those a
// loop's exit adds; and the waits of a function.
//
//===----------------------------------------------------------------------===//

#include "ExprUse.h"
#include "OrderAnalysisImpl.h"
#include "ThreadModel.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace order_detail;

const ThreadJoinSpec *
OrderAnalysis::Impl::extraJoin(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || ExtraJoins.empty())
    return nullptr;
  const std::string Qualified = Callee->getQualifiedNameAsString();
  for (const ThreadJoinSpec &Spec : ExtraJoins)
    if (Spec.Name == Qualified ||
        (Callee->getIdentifier() && Spec.Name == Callee->getName()))
      return &Spec;
  return nullptr;
}

WaitOrders OrderAnalysis::Impl::waitOrders(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return WaitOrders::Never;
  if (extraJoin(Call))
    return WaitOrders::Always;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee)) {
    std::optional<api::StdWaitKind> K = api::lookupStdWait(*MD);
    if (!K || *K == api::StdWaitKind::Joinable ||
        *K == api::StdWaitKind::Detach || *K == api::StdWaitKind::Signal)
      return WaitOrders::Never;
    return *K == api::StdWaitKind::Join ? WaitOrders::Always
                                        : WaitOrders::OnSuccess;
  }
  const api::ThreadWait *W = api::lookupThreadWait(*Callee);
  if (!W)
    return WaitOrders::Never;
  auto Int = [&](int I) -> std::optional<llvm::APSInt> {
    if (I < 0 || unsigned(I) >= Call.getNumArgs())
      return std::nullopt;
    return evaluateInt(*Call.getArg(I)->IgnoreParenCasts(), Ctx);
  };
  auto Infinite = [&](int I) {
    std::optional<llvm::APSInt> V = Int(I);
    return V && V->getZExtValue() == api::constant(api::Constant::Infinite);
  };
  WaitOrders Result = WaitOrders::Always;
  switch (W->Kind) {
  case api::WaitKind::Infinite:
    Result = Infinite(W->KindArg) ? WaitOrders::Always : WaitOrders::OnSuccess;
    break;
  case api::WaitKind::WaitAll: {
    std::optional<llvm::APSInt> All = Int(W->KindArg), Count = Int(0);
    if (!((All && !All->isZero()) || (Count && *Count == 1)))
      return WaitOrders::Never;
    Result =
        Infinite(W->KindArg + 1) &&
                !(Count && Count->getZExtValue() >
                               api::constant(api::Constant::MaximumWaitObjects))
            ? WaitOrders::Always
            : WaitOrders::OnSuccess;
    break;
  }
  case api::WaitKind::Always:
    return WaitOrders::Always;
  case api::WaitKind::InvalidHandleValue: {
    std::optional<llvm::APSInt> V = Int(W->KindArg);
    return V && V->isAllOnes() ? WaitOrders::Always : WaitOrders::Never;
  }
  }
  // An alertable wait can return WAIT_IO_COMPLETION first.
  std::optional<llvm::APSInt> Alertable = Int(W->AlertableArg);
  if (W->AlertableArg >= 0 && (!Alertable || !Alertable->isZero()) &&
      Result == WaitOrders::Always)
    Result = WaitOrders::OnSuccess;
  return Result;
}

const Expr *OrderAnalysis::Impl::waitedObject(const CallExpr &Call) const {
  if (const ThreadJoinSpec *Spec = extraJoin(Call)) {
    if (isa<CXXMemberCallExpr>(Call))
      return objectOfCall(Call);
    return Spec->ObjectArg < Call.getNumArgs() ? Call.getArg(Spec->ObjectArg)
                                               : nullptr;
  }
  if (const Expr *Obj = objectOfCall(Call))
    return Obj;
  const FunctionDecl *Callee = Call.getDirectCallee();
  const api::ThreadWait *W = Callee ? api::lookupThreadWait(*Callee) : nullptr;
  if (!W || W->ObjectArg < 0 || unsigned(W->ObjectArg) >= Call.getNumArgs())
    return nullptr;
  return Call.getArg(W->ObjectArg);
}

// The object that statement \p S waits for on every path through it: a
// join, an untimed wait, or one inside `if (t.joinable())`.
const Expr *OrderAnalysis::Impl::unconditionalWaitObject(const Stmt *S) const {
  if (!S)
    return nullptr;
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    const auto *Cond =
        dyn_cast<CXXMemberCallExpr>(If->getCond()->IgnoreParenImpCasts());
    const auto *MD = Cond ? Cond->getMethodDecl() : nullptr;
    if (MD && api::lookupStdWait(*MD) == api::StdWaitKind::Joinable &&
        !If->getElse())
      return unconditionalWaitObject(If->getThen());
    return nullptr;
  }
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return CS->size() == 1 ? unconditionalWaitObject(CS->body_front())
                           : nullptr;
  const auto *E = dyn_cast<Expr>(S);
  const auto *Call =
      E ? dyn_cast<CallExpr>(E->IgnoreImplicit()->IgnoreParenCasts()) : nullptr;
  if (!Call || waitOrders(*Call) != WaitOrders::Always)
    return nullptr;
  return waitedObject(*Call);
}

// What a wait whose result is \p E has finished when E reports success:
// the wait itself, or a local every reaching definition of which stored
// such a wait's result.
std::optional<ValueSet>
OrderAnalysis::Impl::waitedOnSuccess(const Expr *E) const {
  E = E->IgnoreParenCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (waitOrders(*Call) == WaitOrders::Never)
      return std::nullopt;
    const Expr *Obj = waitedObject(*Call);
    return Obj ? std::optional<ValueSet>(Flow.valuesOf(*Obj)) : std::nullopt;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  if (!DRE)
    return std::nullopt;
  llvm::SmallVector<const Expr *, 2> Stored = Flow.storedBy(*DRE);
  if (Stored.empty())
    return std::nullopt;
  ValueSet Result;
  for (const Expr *S : Stored) {
    std::optional<ValueSet> Waited = S ? waitedOnSuccess(S) : std::nullopt;
    if (!Waited)
      return std::nullopt;
    Result |= *Waited;
  }
  return Result;
}

// Facts where \p X is (or is not) zero: a wait that returned WAIT_OBJECT_0,
// a thread start that failed; a flag that is set.
void OrderAnalysis::Impl::valueIsZero(const Expr *X, bool Zero,
                                      State &Out) const {
  X = X->IgnoreParenCasts();
  if (!Zero) {
    for (unsigned L : Flow.locationsOf(*X))
      Out.set(fact(Fact::Gate, L));
    return;
  }
  if (api::constant(api::Constant::WaitObject0) == 0)
    if (std::optional<ValueSet> Waited = waitedOnSuccess(X))
      addAll(Out, Fact::Finished, *Waited);
  // `!t.joinable()`: no thread left to join (a detached thread is not told
  // apart: it is taken as finished here).
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(X))
    if (const CXXMethodDecl *MD = MCE->getMethodDecl();
        MD && api::lookupStdWait(*MD) == api::StdWaitKind::Joinable)
      addAll(Out, Fact::Finished,
             Flow.valuesOf(*MCE->getImplicitObjectArgument()));
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
    for (const Expr *S : Flow.storedBy(*DRE))
      if (S)
        if (std::optional<ValueId> T =
                Flow.threadStartedBy(*S->IgnoreParenCasts())) {
          // The start failed: no instance runs if none ran before it.
          Out.set(fact(Fact::StartFailed, *T));
        }
}

void OrderAnalysis::Impl::conditionFacts(const Expr *Cond, bool Taken,
                                         State &Out) const {
  const Expr *E = Cond->IgnoreParenImpCasts();
  bool Truth = Taken;
  while (const auto *Not = dyn_cast<UnaryOperator>(E)) {
    if (Not->getOpcode() != UO_LNot)
      break;
    Truth = !Truth;
    E = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *BO = dyn_cast<BinaryOperator>(E);
  // `a && b` true, `a || b` false: both operands are.
  if (BO && ((BO->getOpcode() == BO_LAnd && Truth) ||
             (BO->getOpcode() == BO_LOr && !Truth))) {
    conditionFacts(BO->getLHS(), Truth, Out);
    conditionFacts(BO->getRHS(), Truth, Out);
    return;
  }
  if (!BO || !BO->isEqualityOp())
    return valueIsZero(E, /*Zero=*/!Truth, Out);
  const Expr *X = BO->getLHS(), *K = BO->getRHS();
  auto Constant = [&](const Expr *C) -> std::optional<llvm::APSInt> {
    if (C->IgnoreParenCasts()->isNullPointerConstant(
            Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull)
      return llvm::APSInt::get(0);
    return evaluateInt(*C, Ctx);
  };
  auto IsReady = [&](const Expr *C) {
    const auto *Ref = dyn_cast<DeclRefExpr>(C->IgnoreParenImpCasts());
    return Ref && isa<EnumConstantDecl>(Ref->getDecl()) &&
           Ref->getDecl()->getQualifiedNameAsString() ==
               api::spelling(api::Spelling::StdFutureStatusReady);
  };
  if (!Constant(K) && !IsReady(K))
    std::swap(X, K);
  const bool Equal = (BO->getOpcode() == BO_EQ) == Truth;
  if (IsReady(K)) {
    if (Equal)
      if (std::optional<ValueSet> Waited = waitedOnSuccess(X))
        addAll(Out, Fact::Finished, *Waited);
    return;
  }
  std::optional<llvm::APSInt> V = Constant(K);
  if (!V)
    return;
  if (V->isZero())
    return valueIsZero(X, /*Zero=*/Equal, Out);
  if (Equal)
    valueIsZero(X, /*Zero=*/false, Out);
}

// A loop that waits for each element it visits leaves them all finished.
State OrderAnalysis::Impl::loopExitFacts(const Stmt *Loop) const {
  State Out;
  const Stmt *Body = nullptr;
  const CXXForRangeStmt *RangeFor = dyn_cast<CXXForRangeStmt>(Loop);
  if (RangeFor)
    Body = RangeFor->getBody();
  else if (const auto *For = dyn_cast<ForStmt>(Loop))
    Body = For->getBody();
  else if (const auto *While = dyn_cast<WhileStmt>(Loop))
    Body = While->getBody();
  if (!Body)
    return Out;
  llvm::ArrayRef<Stmt *> Stmts(const_cast<Stmt **>(&Body), 1);
  if (const auto *CS = dyn_cast<CompoundStmt>(Body))
    Stmts = llvm::ArrayRef<Stmt *>(CS->body_begin(), CS->body_end());
  for (const Stmt *S : Stmts) {
    const Expr *Obj = unconditionalWaitObject(S);
    if (!Obj)
      continue;
    Obj = Obj->IgnoreParenImpCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(Obj);
    if (RangeFor && Ref && Ref->getDecl() == RangeFor->getLoopVariable())
      addAll(Out, Fact::Finished, Flow.valuesOf(*RangeFor->getRangeInit()));
    else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(Obj))
      addAll(Out, Fact::Finished, Flow.valuesOf(*ASE->getBase()));
  }
  return Out;
}

std::vector<WaitSite>
OrderAnalysis::Impl::waitsIn(const FunctionDecl &Fn) const {
  std::vector<WaitSite> Result;
  const FunctionDecl *Def = nullptr;
  if (!Fn.hasBody(Def) || !Def->getBody())
    return Result;
  forEachStmtIn(*Def, [&](const Stmt &S) {
    const auto *Call = dyn_cast<CallExpr>(&S);
    if (!Call)
      return;
    const WaitOrders W = waitOrders(*Call);
    const Expr *Obj = W == WaitOrders::Never ? nullptr : waitedObject(*Call);
    if (Obj)
      Result.push_back({Call, Flow.valuesOf(*Obj), W == WaitOrders::OnSuccess});
  });
  return Result;
}

} // namespace clang::tidy::winhttp::analysis
