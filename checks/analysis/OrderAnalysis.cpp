//===--- OrderAnalysis.cpp - what holds on every path to a statement ------===//
//
// The must-analysis of OrderAnalysis.h: per-function worklist over the CFG
// with intersection at merges, facts on elements and on branch edges,
// summaries for calls and entry facts from the callers.
//
//===----------------------------------------------------------------------===//

#include "OrderAnalysis.h"
#include "Dataflow.h"
#include "ExprUse.h"
#include "ThreadModel.h"
#include "WinHttpApi.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

namespace {

using State = llvm::SparseBitVector<>;

/// FreshStart(v): the latest start of v came when no instance of v ran (v
/// had not started, or had finished). StartFailed(v) is an edge fact only:
/// the latest start of v failed; with FreshStart(v), no instance runs.
enum class Fact : unsigned {
  Finished,
  Held,
  NotStarted,
  Gate,
  FreshStart,
  StartFailed,
  /// Everything on every path to here was seen: no call of a function
  /// without a CFG (`__try`) or of one whose summary is not known yet
  /// (recursion) removed facts it might not have removed. A must-fact like
  /// the others, so a merge with a path that lacks it lacks it, and a
  /// finding that rests on facts without it is not reported.
  Complete
};

/// Facts share one bit vector: the kind in the high bits, the value or
/// location id below. Ids past this many would collide, which a TU with
/// 2^27 values does not reach.
constexpr unsigned FactShift = 27;

unsigned fact(Fact K, unsigned Id) {
  return (static_cast<unsigned>(K) << FactShift) | Id;
}

void addAll(State &S, Fact K, const ValueSet &Ids) {
  for (unsigned Id : Ids)
    S.set(fact(K, Id));
}

/// What a function may remove from its caller's facts.
struct Effects {
  State Killed;
  /// Unknown: a recursive call, or a callee without a CFG.
  bool KillsAll = false;
};

struct Summary {
  State Gen;
  State Kill;
  bool KillsAll = false;
};

/// One analysis of a function with its entry facts.
struct Run {
  llvm::DenseMap<const Stmt *, State> Before;
  std::optional<State> Exit;
};

/// When a wait has let the waited-for object finish.
enum class WaitOrders { Never, OnSuccess, Always };

bool isStdType(QualType T, api::Spelling S) {
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && api::isInStd(*RD) &&
         api::spelling(S).rsplit("::").second == RD->getName();
}

bool isScopedLock(QualType T) {
  return llvm::any_of(
      std::initializer_list<api::Spelling>{
          api::Spelling::StdLockGuard, api::Spelling::StdUniqueLock,
          api::Spelling::StdScopedLock, api::Spelling::StdSharedLock},
      [&](api::Spelling S) { return isStdType(T, S); });
}

/// A thread object that joins when it is destroyed.
bool joinsWhenDestroyed(QualType T) {
  return isStdType(T, api::Spelling::StdJThread) ||
         isStdType(T, api::Spelling::StdFuture);
}

const Expr *objectOfCall(const CallExpr &Call) {
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call))
    return MCE->getImplicitObjectArgument();
  return nullptr;
}

/// The statements whose facts OrderAnalysis::before answers for.
bool isQueried(const Stmt &S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(&S))
    return BO->isAssignmentOp();
  return isa<CallExpr, CXXConstructExpr, DeclStmt>(S);
}

} // namespace

class OrderAnalysis::Impl {
public:
  Impl(const ValueFlow &Flow, FunctionCfgs &Cfgs,
       std::vector<ThreadJoinSpec> ExtraJoins)
      : Flow(Flow), Cfgs(Cfgs), Ctx(Flow.context()),
        ExtraJoins(std::move(ExtraJoins)) {}

  const Run *analysed(const FunctionDecl *Fn);
  OrderFacts decode(const State &S) const;
  std::vector<WaitSite> waitsIn(const FunctionDecl &Fn) const;

private:
  std::optional<State> runOnce(const FunctionDecl *Fn, const State &Entry,
                               Effects *Eff, Run *Record);
  /// The indices of each block's edges by the block they lead to, for the
  /// walk of one CFG (CFGs are freed once analysed).
  using EdgeIndex = llvm::DenseMap<
      const CFGBlock *,
      llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 1>>>;
  struct Walk;
  static llvm::ArrayRef<unsigned> edgesTo(const CFGBlock &From,
                                          const CFGBlock &To, EdgeIndex &Index);
  State entry(const FunctionDecl *Fn);
  ValueSet startsIn(const FunctionDecl *Fn) const;
  Summary summary(const FunctionDecl *Fn);

  void transfer(const CFGElement &E, State &S, Effects *Eff);
  void transferCall(const CallExpr &Call, State &S, Effects *Eff);
  void endOfLife(QualType T, const ValueSet &Values,
                 const CXXDestructorDecl *Dtor, State &S, Effects *Eff);
  void applySummary(const FunctionDecl *Callee, State &S, Effects *Eff);
  void kill(State &S, Fact K, const ValueSet &Ids, Effects *Eff);

  WaitOrders waitOrders(const CallExpr &Call) const;
  const Expr *waitedObject(const CallExpr &Call) const;
  const Expr *unconditionalWaitObject(const Stmt *S) const;
  std::optional<ValueSet> waitedOnSuccess(const Expr *E) const;
  const State &edge(const CFGBlock &From, unsigned SuccIdx);
  void conditionFacts(const Expr *Cond, bool Taken, State &Out) const;
  void valueIsZero(const Expr *X, bool Zero, State &Out) const;
  State loopExitFacts(const Stmt *Loop) const;

  const ThreadJoinSpec *extraJoin(const CallExpr &Call) const;

  const ValueFlow &Flow;
  FunctionCfgs &Cfgs;
  ASTContext &Ctx;
  const std::vector<ThreadJoinSpec> ExtraJoins;
  const FunctionDecl *CurrentFn = nullptr;

  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Run>> Runs;
  llvm::DenseMap<const FunctionDecl *, State> Entries;
  llvm::DenseSet<const FunctionDecl *> EntriesInProgress;
  llvm::DenseMap<const FunctionDecl *, Summary> Summaries;
  llvm::DenseSet<const FunctionDecl *> SummariesInProgress;
  llvm::DenseMap<const FunctionDecl *, ValueSet> StartsIn;
  /// Facts along a branch, by the branch's terminator, condition and
  /// successor index: AST nodes, which outlive the CFGs (freed once a
  /// function is analysed).
  llvm::DenseMap<std::tuple<const Stmt *, const Stmt *, unsigned>, State> Edges;
};

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

// The indices of the edges from \p From to \p To among From's successors.
// A switch has an edge per case: its successors are indexed once, so that
// each case's block does not scan all the others.
llvm::ArrayRef<unsigned> OrderAnalysis::Impl::edgesTo(const CFGBlock &From,
                                                      const CFGBlock &To,
                                                      EdgeIndex &Index) {
  auto [It, Inserted] = Index.try_emplace(&From);
  if (Inserted) {
    unsigned Idx = 0;
    for (const CFGBlock::AdjacentBlock &Succ : From.succs()) {
      if (const CFGBlock *S = Succ.getReachableBlock())
        It->second[S].push_back(Idx);
      ++Idx;
    }
  }
  auto Found = It->second.find(&To);
  return Found == It->second.end() ? llvm::ArrayRef<unsigned>()
                                   : llvm::ArrayRef<unsigned>(Found->second);
}

/// The order facts of one function as an analysis of the one solver
/// (Dataflow.h). Lattice: sets of facts ordered by reverse inclusion (must
/// hold on every path); join is intersection; an unreached block is the top.
struct OrderAnalysis::Impl::Walk {
  using State = analysis::State;
  static constexpr dataflow::Direction Dir = dataflow::Direction::Forward;
  Impl &I;
  const State &Entry;
  Effects *Eff;
  EdgeIndex &Index;

  State boundary() const { return Entry; }
  void join(State &Into, const State &From) const { Into &= From; }
  void transfer(const CFGElement &E, State &S) const { I.transfer(E, S, Eff); }
  /// A switch can lead to one block by several cases: the facts of each
  /// case's edge, intersected.
  void edge(const CFGBlock &From, const CFGBlock &To, State &S) const {
    std::optional<State> Result;
    for (unsigned Idx : edgesTo(From, To, Index)) {
      State Along = S;
      for (unsigned Bit : I.edge(From, Idx)) {
        const unsigned Id = Bit & ((1U << FactShift) - 1);
        if (Bit >> FactShift != static_cast<unsigned>(Fact::StartFailed))
          Along.set(Bit);
        else if (S.test(fact(Fact::FreshStart, Id))) {
          Along.set(fact(Fact::NotStarted, Id));
          Along.set(fact(Fact::Finished, Id));
        }
      }
      if (!Result)
        Result = std::move(Along);
      else
        *Result &= Along;
    }
    if (Result)
      S = std::move(*Result);
  }
};

std::optional<State> OrderAnalysis::Impl::runOnce(const FunctionDecl *Fn,
                                                  const State &Entry,
                                                  Effects *Eff, Run *Record) {
  const CFG *G = Cfgs.get(Fn);
  if (!G)
    return std::nullopt;
  const FunctionDecl *Outer = CurrentFn;
  CurrentFn = Fn;
  EdgeIndex Index;
  const Walk W{*this, Entry, Eff, Index};
  dataflow::Result<State> R = dataflow::solve(*G, W);
  // A run cut short knows nothing: no facts, not even Complete.
  if (!R.Complete) {
    CurrentFn = Outer;
    if (Eff)
      Eff->KillsAll = true;
    return State();
  }
  if (Record)
    for (const CFGBlock *B : *G) {
      const std::optional<State> &In = R.In[B->getBlockID()];
      if (!In)
        continue;
      State S = *In;
      for (const CFGElement &E : *B) {
        // Queries are about calls and constructions (closes, blocking
        // calls, calls of functions) and stores (where a handle is taken
        // out of shared memory): only those are kept.
        if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
            CS && isQueried(*CS->getStmt()))
          Record->Before.try_emplace(CS->getStmt(), S);
        transfer(E, S, nullptr);
      }
    }
  CurrentFn = Outer;
  return R.Out[G->getExit().getBlockID()];
}

Summary OrderAnalysis::Impl::summary(const FunctionDecl *Fn) {
  if (auto It = Summaries.find(Fn); It != Summaries.end())
    return It->second;
  // Recursion: what the cycle does is not known yet.
  if (!SummariesInProgress.insert(Fn).second)
    return {{}, {}, /*KillsAll=*/true};
  // The threads the function starts are taken not to run when it is
  // entered: true when it waits for them before every return and nothing
  // else starts them, which is what the summary is asked (entry()).
  State Assumed;
  Assumed.set(fact(Fact::Complete, 0));
  const ValueSet Own = startsIn(Fn);
  // Not started implies that no instance runs: finished as well.
  for (unsigned T : Own) {
    Assumed.set(fact(Fact::NotStarted, T));
    Assumed.set(fact(Fact::Finished, T));
  }
  Effects Eff;
  std::optional<State> Exit = runOnce(Fn, Assumed, &Eff, nullptr);
  State Gen = Exit ? *Exit : State();
  for (unsigned T : Own) {
    Gen.reset(fact(Fact::NotStarted, T));
    Gen.reset(fact(Fact::FreshStart, T));
  }
  Summary Result{std::move(Gen), Eff.Killed, Eff.KillsAll || !Cfgs.get(Fn)};
  SummariesInProgress.erase(Fn);
  Summaries[Fn] = Result;
  // Most functions are only summarised: their CFG is not kept (analysed()
  // builds it again if it is asked for the function's facts).
  if (!Runs.count(Fn))
    Cfgs.forget(Fn);
  return Result;
}

ValueSet OrderAnalysis::Impl::startsIn(const FunctionDecl *Fn) const {
  ValueSet Result;
  if (const CFG *G = Cfgs.get(Fn))
    for (const CFGBlock *B : *G)
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
          if (std::optional<ValueId> T = Flow.threadStartedBy(*CS->getStmt()))
            Result.set(*T);
  return Result;
}

State OrderAnalysis::Impl::entry(const FunctionDecl *Fn) {
  if (auto It = Entries.find(Fn); It != Entries.end())
    return It->second;
  if (!EntriesInProgress.insert(Fn).second)
    return {};
  // Nothing is known at the entry of a thread, a callback or a function
  // the TU does not call, and nothing is missing either.
  State Result;
  Result.set(fact(Fact::Complete, 0));
  llvm::ArrayRef<CallSite> Sites = Flow.callSitesOf(Fn);
  if (!Flow.isEntry(Fn) && !Sites.empty()) {
    bool First = true;
    for (const CallSite &Site : Sites) {
      // A global's initialiser knows nothing and misses nothing; a caller
      // without a CFG (or in a cycle of callers) leaves the facts unknown.
      State At;
      if (!Site.Caller)
        At.set(fact(Fact::Complete, 0));
      else if (const Run *R = analysed(Site.Caller->getCanonicalDecl()))
        At = R->Before.lookup(Site.Call);
      if (First)
        Result = std::move(At);
      else
        Result &= At;
      First = false;
    }
  }
  // Threads this function starts and waits for before it returns: none of
  // them runs when it is entered.
  const Summary Sm = summary(Fn);
  for (unsigned T : StartsIn.lookup(Fn))
    if (Sm.Gen.test(fact(Fact::Finished, T))) {
      Result.set(fact(Fact::NotStarted, T));
      Result.set(fact(Fact::Finished, T));
    }
  EntriesInProgress.erase(Fn);
  Entries[Fn] = Result;
  return Result;
}

const Run *OrderAnalysis::Impl::analysed(const FunctionDecl *Fn) {
  if (auto It = Runs.find(Fn); It != Runs.end())
    return It->second.get();
  Runs[Fn] = nullptr; // a cycle through the callers finds nothing yet
  const State Entry = entry(Fn);
  auto R = std::make_unique<Run>();
  R->Exit = runOnce(Fn, Entry, nullptr, R.get());
  std::unique_ptr<Run> &Slot = Runs[Fn];
  Slot = std::move(R);
  // The facts are recorded; the CFG is needed again only for a summary.
  if (Summaries.count(Fn))
    Cfgs.forget(Fn);
  return Slot.get();
}

OrderFacts OrderAnalysis::Impl::decode(const State &S) const {
  OrderFacts F;
  const unsigned Mask = (1U << FactShift) - 1;
  for (unsigned Bit : S) {
    const unsigned Id = Bit & Mask;
    switch (static_cast<Fact>(Bit >> FactShift)) {
    case Fact::Finished:
      F.Finished.set(Id);
      break;
    case Fact::Held:
      F.Held.set(Id);
      break;
    case Fact::NotStarted:
      F.NotStarted.set(Id);
      break;
    case Fact::Gate:
      F.GatesTrue.set(Id);
      break;
    case Fact::Complete:
      F.Complete = true;
      break;
    case Fact::FreshStart:
    case Fact::StartFailed:
      break;
    }
  }
  return F;
}

const std::vector<WaitSite> &OrderAnalysis::waitsIn(const FunctionDecl &Fn) {
  // Found once per function: a race warning asks for the waits of the
  // close's function, and one function can hold many closes.
  auto [It, Inserted] = WaitsCache.try_emplace(Fn.getCanonicalDecl());
  if (Inserted)
    It->second = P->waitsIn(Fn);
  return It->second;
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

OrderAnalysis::OrderAnalysis(const ValueFlow &Flow, FunctionCfgs &Cfgs,
                             std::vector<ThreadJoinSpec> ExtraJoins)
    : P(std::make_unique<Impl>(Flow, Cfgs, std::move(ExtraJoins))) {}

OrderAnalysis::~OrderAnalysis() = default;

OrderFacts OrderAnalysis::before(const Stmt &S, const FunctionDecl &Fn) {
  const Run *R = P->analysed(Fn.getCanonicalDecl());
  if (!R)
    return {};
  auto It = R->Before.find(&S);
  return It == R->Before.end() ? OrderFacts() : P->decode(It->second);
}

OrderFacts OrderAnalysis::atExit(const FunctionDecl &Fn) {
  const Run *R = P->analysed(Fn.getCanonicalDecl());
  return R && R->Exit ? P->decode(*R->Exit) : OrderFacts();
}

} // namespace clang::tidy::winhttp::analysis
