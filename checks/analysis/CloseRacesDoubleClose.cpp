//===--- CloseRacesDoubleClose.cpp - closes of one handle twice -----------===//
//
// Rule R2: pairs of closes of the same memory that can run at the same time
// on two threads or callbacks, unordered and not taking the handle out
// under one lock; and the memory a handle expression reads.
//
//===----------------------------------------------------------------------===//

#include "CloseRacesFinder.h"
#include "ExprUse.h"
#include "StableOrder.h"
#include "StatusBranch.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace closeraces_detail;

//===----------------------------------------------------------------------===//
// Double closes (rule R2)
//===----------------------------------------------------------------------===//

const ValueDecl *rootLocation(const Expr *E, const ValueFlow &Flow,
                              unsigned Depth, bool *CutShort) {
  const Expr *Start = E;
  for (; E && Depth < limits::bound(limits::RootSteps); ++Depth) {
    E = stripValue(E);
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      E = UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf
              ? UO->getSubExpr()
              : nullptr;
      continue;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (const Expr *Obj = accessedObject(E)) {
      E = Obj;
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      const api::FlowFunction *F =
          Callee ? api::lookupFlowFunction(*Callee) : nullptr;
      if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call))
        E = MCE->getImplicitObjectArgument();
      else if (F && F->TargetArg >= 0 &&
               unsigned(F->TargetArg) < Call->getNumArgs())
        E = Call->getArg(F->TargetArg);
      else
        return nullptr;
      continue;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD)
      return nullptr;
    if (!VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
        DRE->refersToEnclosingVariableOrCapture())
      return VD->getCanonicalDecl();
    // A local: the memory its one definition copies, or the local itself.
    llvm::SmallVector<const Expr *, 2> Stored = Flow.storedBy(*DRE);
    bool Cut = false;
    if (Stored.size() == 1 && Stored.front())
      if (const ValueDecl *R =
              rootLocation(Stored.front(), Flow, Depth + 1, &Cut))
        return R;
    if (Cut) {
      if (CutShort)
        *CutShort = true;
      return nullptr;
    }
    return VD->getCanonicalDecl();
  }
  if (E) {
    if (CutShort)
      *CutShort = true;
    limits::hit("RootSteps", Start->getBeginLoc(),
                "the memory the handle here is read from: " +
                    std::to_string(limits::bound(limits::RootSteps)) +
                    " steps were followed");
  }
  return nullptr;
}

// The memory an event reads its handle from (rootLocation).
const ValueDecl *Finder::rootOf(const Event &E) const {
  if (E.Inner)
    return E.Inner;
  if (!E.HandleExpr)
    return E.Owner ? cast<ValueDecl>(E.Owner->getCanonicalDecl()) : nullptr;
  return rootLocation(E.HandleExpr, Flow);
}

// Whether the two closes read one handle from one place: a global, a field
// of one class, a local that a lambda captures or a thread is handed, an
// owner.
bool Finder::sharedBetween(const Event &A, const Event &B) {
  auto Root = [&](const Event &E) {
    auto It = Roots.find(&E);
    if (It == Roots.end())
      It = Roots.try_emplace(&E, rootOf(E)).first;
    return It->second;
  };
  const ValueDecl *RA = Root(A);
  return RA && RA == Root(B);
}

// Whether \p Fn carries out a request on the handle held at \p Root: it
// calls a WinHTTP function other than a close on it.
bool Finder::usesForRequest(const FunctionDecl *Fn,
                            const ValueDecl *Root) const {
  const FunctionDecl *Def = Fn ? Fn->getDefinition() : nullptr;
  if (!Def || !Root)
    return false;
  bool Uses = false;
  forEachStmtIn(*Def, [&](const Stmt &S) {
    const auto *Call = dyn_cast<CallExpr>(&S);
    const api::Function *Api = Call ? Flow.apiOf(*Call) : nullptr;
    if (Uses || !Api || (Api->Traits & api::ClosesHandle) ||
        Api->HandleArg < 0 || unsigned(Api->HandleArg) >= Call->getNumArgs())
      return;
    Uses = rootLocation(Call->getArg(Api->HandleArg), Flow) == Root;
  });
  return Uses;
}

// \p A runs in a status callback that \p B does not run in.
std::optional<Concurrency> Finder::callbackContext(const Event &A,
                                                   const Event &B) {
  if (!A.Fn || A.OnThread || !B.Fn)
    return std::nullopt;
  for (const FunctionDecl *Cb : Threads.callbacksReaching(A.Fn))
    if (B.OnThread || !reaches(Cb, B.Fn)) {
      Concurrency C;
      C.K = Concurrency::Kind::StatusCallback;
      C.Callback = Cb;
      return C;
    }
  return std::nullopt;
}

// Whether the closes run in different contexts, and which; \p AInContext
// says whether \p A is the close in it (on the thread, in the callback, in
// the canceller). For a thread, BlockingOnThread says the same.
std::optional<Concurrency> Finder::contexts(const Event &A, const Event &B,
                                            const ValueSet &Shared,
                                            bool &AInContext) {
  for (ValueId T : stableThreadsOf(A))
    if (runsOutside(B, T))
      return AInContext = true, onThread(T, /*Flag=*/true);
  for (ValueId T : stableThreadsOf(B))
    if (runsOutside(A, T))
      return AInContext = false, onThread(T, /*Flag=*/false);
  if (std::optional<Concurrency> C = callbackContext(A, B))
    return AInContext = true, C;
  if (std::optional<Concurrency> C = callbackContext(B, A))
    return AInContext = false, C;
  if (!meet(Shared, Escaped))
    return std::nullopt;
  // A canceller runs while the request is in flight. After one that leaves
  // the handle in place, any other close closes it again; after one that
  // takes it out, only a close that can run at the same time can find it
  // still there: one in the code that carries out the request, while it is
  // in flight (not a destructor or a free function run afterwards).
  for (const auto &[X, Y] : {std::pair(&A, &B), std::pair(&B, &A)}) {
    const Canceller *Cancel =
        X->Fn && !X->OnThread ? Threads.cancellerReaching(X->Fn) : nullptr;
    if (!Cancel || !Y->Fn || Y->OnThread || reaches(Cancel->Fn, Y->Fn))
      continue;
    if (takeOut(*X).K != TakeOut::Kind::None &&
        !usesForRequest(Y->Fn, rootOf(*Y)))
      continue;
    Concurrency C;
    C.K = Concurrency::Kind::CancelFunction;
    C.Cancel = *Cancel;
    AInContext = X == &A;
    return C;
  }
  return std::nullopt;
}

// Whether \p First is known to have run when \p Second runs: its thread has
// finished there, Second's has not started at First, or Second waits for a
// signal of the status callback First runs in.
bool Finder::orderedBefore(const Event &First, const Event &Second) {
  const OrderFacts &AtSecond = factsAt(Second);
  for (ValueId T : threadsOf(First))
    if (AtSecond.Finished.test(T) ||
        AtSecond.Finished.intersects(doneEvents(T)))
      return true;
  const OrderFacts &AtFirst = factsAt(First);
  for (ValueId T : threadsOf(Second))
    if (AtFirst.NotStarted.test(T))
      return true;
  return First.Fn && !First.OnThread &&
         !Threads.callbacksReaching(First.Fn).empty() &&
         gatedByCallback(Second, AtSecond);
}

CloseSite Finder::siteOf(const Event &E) const {
  return {shownAt(E), E.Fn, E.Callee, E.Handle, stepsOf(E.Chain)};
}

// Whether a close that took the handle out as \p T did so that no other close
// finds it: atomically, or read and cleared under a lock.
static bool takesOutSafely(const TakeOut &T) {
  return T.K == TakeOut::Kind::Atomic ||
         (T.K == TakeOut::Kind::Cleared &&
          (!T.Locks.empty() || !T.NamedLocks.empty()));
}

void Finder::pairCloses(unsigned I, std::vector<DoubleCloseFinding> &Out) {
  const Event &First = Events[I];
  if (!First.Site)
    return;
  unsigned Tried = 0;
  for (unsigned J : eventsMeeting(First.Values, ClosesByValue)) {
    const Event &Second = Events[J];
    if (J <= I || !Second.Site || shownAt(First) == shownAt(Second) ||
        !canPair(First, Second) || !sameHandle(First, Second))
      continue;
    // The pair in the stable order, so that nothing below depends on the
    // order the events were collected in (where the functions stand).
    const bool Swap = stableBefore(Second, First);
    const Event &A = Swap ? Second : First, &B = Swap ? First : Second;
    // Bounded work (Limits.h): the pairs found so far stand.
    if (++Tried > limits::bound(limits::ClosesPerClose)) {
      limits::hit("ClosesPerClose", shownAt(First)->getBeginLoc(),
                  "the later closes of '" + First.Handle +
                      "' paired with the close here: the first " +
                      std::to_string(limits::bound(limits::ClosesPerClose)) +
                      " were tried");
      break;
    }
    ValueSet Shared = A.Values;
    Shared &= B.Values;
    if (!sharedBetween(A, B))
      continue;
    bool AInContext = false;
    std::optional<Concurrency> Why = contexts(A, B, Shared, AInContext);
    if (!Why)
      continue;
    // A join or a lock on a path through a function without a CFG is not
    // seen: no pair rests on such facts.
    if (!factsAt(A).Complete || !factsAt(B).Complete)
      continue;
    const TakeOut TA = takeOut(A), TB = takeOut(B);
    using K = TakeOut::Kind;
    if ((TA.K == K::Atomic && TB.K == K::Atomic) || TA.sharesLockWith(TB) ||
        TA.K == K::GaveUp || TB.K == K::GaveUp)
      continue;
    // The destructor of the object whose field holds the handle runs after
    // the last callback for it: the context keeps the object alive until
    // HANDLE_CLOSING (where it does not, winhttp-context-lifetime says so),
    // and a callback that clears the field there leaves NULL to close.
    auto InDestructor = [&](const Event &E) {
      if (isa_and_nonnull<CXXDestructorDecl>(E.Fn) || E.ImplicitDtorOf)
        return true;
      // Lifted from a destructor: its API close is in one (`p->~T()` in a
      // deleter, `delete p`).
      const Expr *Api = E.Chain ? E.Chain->Last : E.Site;
      auto It = ApiCloses.find(Api);
      return It != ApiCloses.end() && isa<CXXDestructorDecl>(It->second.first);
    };
    if ((InDestructor(A) || InDestructor(B)) &&
        isa_and_nonnull<FieldDecl>(rootOf(A)) &&
        clearedOnHandleClosing(rootOf(A)))
      continue;
    const bool AFirst = orderedBefore(A, B), BFirst = orderedBefore(B, A);
    if ((AFirst && TA.K != K::None) || (BFirst && TB.K != K::None))
      continue;
    DoubleCloseFinding F;
    F.Later = siteOf(A);
    F.Other = siteOf(B);
    F.Why = *Why;
    F.Ordered = AFirst || BFirst;
    // The warning goes where the fix is needed: to the close that does not
    // take the handle out safely when the other does, else to the close
    // outside the other context (the notes name that context).
    const bool SafeA = takesOutSafely(TA), SafeB = takesOutSafely(TB);
    if (SafeA != SafeB ? SafeA : AInContext) {
      std::swap(F.Later, F.Other);
      F.Why.BlockingOnThread = !F.Why.BlockingOnThread;
    }
    Out.push_back(std::move(F));
  }
}

// Whether \p S stores NULL at \p Place, directly or in a function of the
// TU it calls (to a small depth).
bool Finder::clearsIn(const Stmt &S, const ValueDecl *Place,
                      unsigned Depth) const {
  auto IsNull = [&](const Expr *E) {
    return E &&
           E->IgnoreParenImpCasts()->isNullPointerConstant(
               Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  };
  bool Clears = false;
  std::function<void(const Stmt &)> Visit = [&](const Stmt &X) {
    if (Clears)
      return;
    // A store of NULL to memory not known (a bound cut the search short)
    // counts as clearing Place: no warning rests on it.
    auto StoresNullAtPlace = [&](const Expr *To, const Expr *Stored) {
      bool Cut = false;
      return IsNull(Stored) &&
             (rootLocation(To, Flow, 0, &Cut) == Place || Cut);
    };
    if (const auto *BO = dyn_cast<BinaryOperator>(&X);
        BO && BO->getOpcode() == BO_Assign &&
        StoresNullAtPlace(BO->getLHS(), BO->getRHS())) {
      Clears = true;
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&X);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        StoresNullAtPlace(Op->getArg(0), Op->getArg(1))) {
      Clears = true;
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(&X))
      for (const FunctionDecl *Callee : Flow.callees(*Call)) {
        const FunctionDecl *Def = Callee->getDefinition();
        if (!Def || !Def->getBody())
          continue;
        // Past the depth the helper is taken to clear it.
        if (Depth >= limits::bound(limits::ClearingCallDepth)) {
          limits::hit(
              "ClearingCallDepth", Call->getBeginLoc(),
              "whether the call here clears the handle's field: " +
                  std::to_string(limits::bound(limits::ClearingCallDepth)) +
                  " calls deep");
          Clears = true;
          return;
        }
        if (clearsIn(*Def->getBody(), Place, Depth + 1)) {
          Clears = true;
          return;
        }
      }
    for (const Stmt *Child : X.children())
      if (Child)
        Visit(*Child);
  };
  Visit(S);
  return Clears;
}

bool Finder::clearedOnHandleClosing(const ValueDecl *Place) {
  auto [It, Inserted] = ClearedOnClosing.try_emplace(Place, false);
  if (!Inserted)
    return It->second;
  bool Cleared = false;
  for (const Registration &R : Registrations) {
    const FunctionDecl *Def = R.Callback->getDefinition();
    if (!Def || !Def->getBody())
      continue;
    forEachStatusBranch(*Def->getBody(),
                        api::constant(api::Constant::StatusHandleClosing), Ctx,
                        [&](const Stmt &Branch) {
                          Cleared = Cleared || clearsIn(Branch, Place, 0);
                        });
  }
  ClearedOnClosing[Place] = Cleared;
  return Cleared;
}

std::vector<DoubleCloseFinding> Finder::runDoubleCloses() {
  prepare();
  std::vector<DoubleCloseFinding> Pairs;
  for (unsigned I = 0; I < Events.size(); ++I)
    if (Events[I].Kind == EventKind::Close)
      pairCloses(I, Pairs);
  // One warning per close, with the first other close in the stable order:
  // neither depends on where the functions stand (StableOrder.h).
  struct Keyed {
    StableKey Later, Other;
    DoubleCloseFinding *F;
  };
  std::vector<Keyed> Order;
  Order.reserve(Pairs.size());
  for (DoubleCloseFinding &F : Pairs)
    Order.push_back({stableKey(*F.Later.Site, F.Later.Fn, Ctx),
                     stableKey(*F.Other.Site, F.Other.Fn, Ctx), &F});
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Order, [&](const Keyed &X, const Keyed &Y) {
    if (analysis::stableBefore(X.Later, Y.Later, SM))
      return true;
    if (analysis::stableBefore(Y.Later, X.Later, SM))
      return false;
    return analysis::stableBefore(X.Other, Y.Other, SM);
  });
  std::vector<DoubleCloseFinding> Findings;
  llvm::DenseSet<const Expr *> Reported;
  for (const Keyed &K : Order)
    if (Reported.insert(K.F->Later.Site).second)
      Findings.push_back(std::move(*K.F));
  return Findings;
}

} // namespace clang::tidy::winhttp::analysis
