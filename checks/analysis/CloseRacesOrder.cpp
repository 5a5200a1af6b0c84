//===--- CloseRacesOrder.cpp - what keeps a close from a blocking call ----===//
//
// Ordering and gating: the flags status callbacks set, the facts that hold
// before an event, joins and waits, and whether a close and a blocking call
// can run at the same time and in which session mode.
//
//===----------------------------------------------------------------------===//

#include "CloseRacesFinder.h"
#include "ExprUse.h"
#include "StableOrder.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace closeraces_detail;

static std::string entryName(const FunctionDecl *Entry) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Entry))
    if (MD->getParent()->isLambda())
      return "the lambda";
  return "'" + Entry->getNameAsString() + "'";
}

static std::string startName(const Stmt *Site) {
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Site))
    if (const CXXRecordDecl *RD = CE->getType()->getAsCXXRecordDecl())
      return RD->getQualifiedNameAsString();
  if (const auto *Call = dyn_cast<CallExpr>(Site))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      return api::isInStd(*Callee) ? Callee->getQualifiedNameAsString()
                                   : Callee->getNameAsString();
  return "a thread start";
}

// What the functions each status callback reaches write: the flag
// locations assigned, stored or exchanged, and the events set.
void Finder::collectCallbackWrites() {
  for (const FunctionDecl *Def : Flow.functions()) {
    const FunctionDecl *Fn = Def->getCanonicalDecl();
    llvm::ArrayRef<const FunctionDecl *> Cbs = Threads.callbacksReaching(Fn);
    if (Cbs.empty())
      continue;
    llvm::SparseBitVector<> Locs;
    ValueSet Set;
    auto Written = [&](const Expr *Target) {
      if (const auto *UO = dyn_cast<UnaryOperator>(stripValue(Target)))
        if (UO->getOpcode() == UO_AddrOf)
          Target = UO->getSubExpr();
      for (unsigned L : Flow.locationsOf(*stripValue(Target)))
        Locs.set(L);
    };
    forEachStmtIn(*Def, [&](const Stmt &S) {
      if (const auto *BO = dyn_cast<BinaryOperator>(&S)) {
        if (BO->isAssignmentOp())
          Written(BO->getLHS());
      } else if (const auto *UO = dyn_cast<UnaryOperator>(&S)) {
        if (UO->isIncrementDecrementOp())
          Written(UO->getSubExpr());
      } else if (const auto *Call = dyn_cast<CallExpr>(&S)) {
        writesOfCall(*Call, Written, Set);
      }
    });
    for (const FunctionDecl *Cb : Cbs) {
      CallbackWrites[Cb].first |= Locs;
      CallbackWrites[Cb].second |= Set;
    }
  }
}

void Finder::writesOfCall(const CallExpr &Call,
                          llvm::function_ref<void(const Expr *)> Written,
                          ValueSet &Set) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return;
  auto Writes = [](api::FlowEffect E) {
    return E == api::FlowEffect::Store || E == api::FlowEffect::Exchange ||
           E == api::FlowEffect::CompareExchange;
  };
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call)) {
    if (Op->isAssignmentOp() && Op->getNumArgs() > 0)
      Written(Op->getArg(0));
    return;
  }
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const CXXMethodDecl *MD = MCE->getMethodDecl();
    const api::StdMethod *M = MD ? api::lookupStdMethod(*MD) : nullptr;
    if (M && Writes(M->Effect))
      Written(MCE->getImplicitObjectArgument());
    if (MD && api::lookupStdWait(*MD) == api::StdWaitKind::Signal)
      Set |= Flow.valuesOf(*MCE->getImplicitObjectArgument());
    return;
  }
  if (const api::FlowFunction *F = api::lookupFlowFunction(*Callee)) {
    if (Writes(F->Effect) && F->TargetArg >= 0 &&
        unsigned(F->TargetArg) < Call.getNumArgs())
      Written(Call.getArg(F->TargetArg));
    return;
  }
  if (api::isWin32Function(*Callee, api::Win32Function::SetEvent) &&
      Call.getNumArgs() == 1)
    Set |= Flow.valuesOf(*Call.getArg(0));
}

bool Finder::gatedByCallback(const Event &Close,
                             const OrderFacts &AtClose) const {
  // The callbacks registered on the handle or on one of its parents
  // (children inherit them); one registered on a handle the model cannot
  // name is given the benefit of the doubt.
  ValueSet Lineage = Close.Values;
  Lineage |= ancestors(Close.Values);
  llvm::SmallVector<const FunctionDecl *, 4> Relevant;
  for (const Registration &R : Registrations)
    if (!R.Named || meet(R.On, Lineage))
      Relevant.push_back(R.Callback);
  if (Relevant.empty())
    return false;
  if (Close.Fn && !Close.OnThread && !Threads.inMain(Close.Fn) &&
      Threads.threadsRunning(Close.Fn).empty() &&
      llvm::any_of(Threads.callbacksReaching(Close.Fn),
                   [&](const FunctionDecl *Cb) {
                     return llvm::is_contained(Relevant, Cb);
                   }))
    return true;
  if (Config.StrictCallbackGating || !Close.Site)
    return false;
  for (const FunctionDecl *Cb : Relevant) {
    auto It = CallbackWrites.find(Cb);
    if (It != CallbackWrites.end() &&
        (AtClose.GatesTrue.intersects(It->second.first) ||
         AtClose.Finished.intersects(It->second.second)))
      return true;
  }
  return false;
}

const OrderFacts &Finder::factsAt(const Event &E) {
  // Outside any function (a global's initialiser) nothing is known, and
  // nothing is missing.
  static const OrderFacts None = [] {
    OrderFacts F;
    F.Complete = true;
    return F;
  }();
  // An event at a thread start holds what holds in the entry, at the call
  // that performs it.
  const Expr *At = E.OnThread ? E.ShownAt : E.Site;
  if (!E.RaiiMember && (!E.Fn || (E.OnThread && !At)))
    return None;
  // An event lifted from helpers is keyed by its chain (whose first call is
  // At): its facts are complete only where they are at every call down to
  // the API call.
  const void *Where = E.RaiiMember ? static_cast<const void *>(E.RaiiMember)
                      : E.Chain    ? static_cast<const void *>(E.Chain)
                                   : static_cast<const void *>(At);
  auto [It, Inserted] = FactsCache.try_emplace({Where, E.Fn});
  if (Inserted) {
    It->second = E.RaiiMember ? factsAtDestruction(E)
                 : At         ? Order.before(*At, *E.Fn)
                              : Order.atExit(*E.Fn);
    if (E.Chain && !E.RaiiMember && At && !chainComplete(*At, E.Chain))
      It->second.Complete = false;
  }
  return It->second;
}

// Whether the order facts are complete at each call of the chain \p C, in
// the helper that makes it (the first in the callee of \p At), down to the
// API call: a helper whose run was cut short, or that has no CFG, may hold
// the join or the start that orders what it does.
bool Finder::chainComplete(const Expr &At, ChainRef C) {
  const Expr *Call = &At;
  for (; C; Call = C->Step.Call, C = C->Next) {
    const auto *CE = dyn_cast<CallExpr>(Call);
    const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    if (Def && !Order.before(*C->Step.Call, *Def->getCanonicalDecl()).Complete)
      return false;
  }
  return true;
}

// An owner field is destroyed after the destructor's body and after the
// fields declared after it. A thread object among those has finished by
// then: a std::jthread or a future waits for it, and a std::thread still
// joinable calls std::terminate, so nothing closes under it.
OrderFacts Finder::factsAtDestruction(const Event &E) {
  // An implicit destructor has no body: nothing is known at its end, and
  // nothing is missing.
  OrderFacts F;
  F.Complete = true;
  if (E.Fn)
    F = Order.atExit(*E.Fn);
  bool After = false;
  for (const FieldDecl *Field : E.RaiiMember->getParent()->fields()) {
    if (After && Field->getType()->isRecordType())
      for (ValueId V : Flow.valuesOfDecl(*Field))
        if (Flow.value(V).K == Value::Kind::Thread && !Detached.test(V))
          F.Finished.set(V);
    After |= Field == E.RaiiMember;
  }
  return F;
}

// Whether each call of \p Fn comes after the thread \p T finished or before
// it started, when \p Fn does not start it itself: the entry facts are the
// intersection over the calls, which loses "finished at one call, not yet
// started at another".
bool Finder::orderedAtEveryCall(
    ValueId T, const FunctionDecl *Fn,
    llvm::SmallPtrSetImpl<const FunctionDecl *> &Visited) {
  llvm::ArrayRef<CallSite> Sites = Flow.callSitesOf(Fn);
  const FunctionDecl *Starter = Threads.starterOf(T);
  if (Sites.empty() || Flow.isEntry(Fn) || !Starter ||
      Threads.reachedFrom(Starter, Fn) || !Visited.insert(Fn).second)
    return false;
  return llvm::all_of(Sites, [&](const CallSite &Site) {
    if (!Site.Caller)
      return false;
    const FunctionDecl *Caller = Site.Caller->getCanonicalDecl();
    const OrderFacts At = Order.before(*Site.Call, *Caller);
    // Facts that are not all there cannot say "not ordered".
    return !At.Complete || At.Finished.test(T) || At.NotStarted.test(T) ||
           orderedAtEveryCall(T, Caller, Visited);
  });
}

// The events a thread sets as the last thing it does: waiting for one of
// them with INFINITE orders like a join. Only the last statement of each
// entry counts (before a final return).
ValueSet Finder::doneEvents(ValueId T) const {
  ValueSet Result;
  for (const FunctionDecl *Entry : Flow.entriesOf(T)) {
    const FunctionDecl *Def = Entry->getDefinition();
    const auto *Body =
        Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
    if (!Body || Body->body_empty())
      return {};
    auto Last = Body->body_rbegin();
    if (isa<ReturnStmt>(*Last) && Body->size() > 1)
      ++Last;
    const auto *Call = dyn_cast<CallExpr>(*Last);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee ||
        !api::isWin32Function(*Callee, api::Win32Function::SetEvent) ||
        Call->getNumArgs() != 1)
      return {};
    Result |= Flow.valuesOf(*Call->getArg(0));
  }
  return Result;
}

ValueSet Finder::threadsOf(const Event &E) const {
  ValueSet Result;
  if (E.OnThread)
    Result.set(*E.OnThread);
  else if (E.Fn)
    Result = Threads.threadsRunning(E.Fn);
  return Result;
}

StableKey Finder::stableKeyOfStart(ValueId T) const {
  return stableKey(*Flow.value(T).Site, Threads.starterOf(T), Ctx);
}

StableKey Finder::stableKeyOf(const Event &E) const {
  return stableKey(*shownAt(E), E.Fn, Ctx);
}

// Events in the stable order (StableOrder.h): by where they show, then, for
// events lifted to thread starts (shown at one call in the entry), by the
// start.
bool Finder::stableBefore(const Event &A, const Event &B) const {
  const SourceManager &SM = Ctx.getSourceManager();
  const StableKey KA = stableKeyOf(A), KB = stableKeyOf(B);
  if (analysis::stableBefore(KA, KB, SM))
    return true;
  if (analysis::stableBefore(KB, KA, SM) || !A.OnThread || !B.OnThread)
    return false;
  return analysis::stableBefore(stableKeyOfStart(*A.OnThread),
                                stableKeyOfStart(*B.OnThread), SM);
}

// The threads of \p E by their starts in the stable order (StableOrder.h):
// a note names the first that qualifies, wherever the functions stand.
llvm::SmallVector<ValueId, 4> Finder::stableThreadsOf(const Event &E) const {
  llvm::SmallVector<std::pair<StableKey, ValueId>, 4> Keyed;
  for (ValueId T : threadsOf(E))
    Keyed.push_back({stableKeyOfStart(T), T});
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Keyed, [&](const auto &X, const auto &Y) {
    return analysis::stableBefore(X.first, Y.first, SM) ||
           (!analysis::stableBefore(Y.first, X.first, SM) &&
            X.second < Y.second);
  });
  llvm::SmallVector<ValueId, 4> Out;
  for (const auto &[Key, T] : Keyed)
    Out.push_back(T);
  return Out;
}

// Whether two events can be paired at all: an event kept only for the
// threads its function starts meets the events on those threads.
bool Finder::canPair(const Event &A, const Event &B) const {
  auto Meets = [&](const Event &Local, const Event &Other) {
    if (!Local.LocalOnly)
      return true;
    for (ValueId T : threadsOf(Other))
      if (Threads.starterOf(T) == Local.Fn)
        return true;
    return false;
  };
  return Meets(A, B) && Meets(B, A);
}

// Whether \p E can run outside the thread \p T: in main, in a callback, or
// on another thread.
bool Finder::runsOutside(const Event &E, ValueId T) const {
  if (E.OnThread)
    return *E.OnThread != T;
  if (!E.Fn || Threads.inMain(E.Fn) || !Threads.callbacksReaching(E.Fn).empty())
    return true;
  ValueSet Others = Threads.threadsRunning(E.Fn);
  Others.reset(T);
  return !Others.empty();
}

// A thread that its starter waits for before it returns, when the starter
// runs only in main: it overlaps nothing in main outside what the starter
// calls.
bool Finder::scopedAway(ValueId T, const Event &E) {
  const FunctionDecl *Starter = Threads.starterOf(T);
  if (!Starter || !E.Fn || E.OnThread || reaches(Starter, E.Fn))
    return false;
  auto OnlyMain = [&](const FunctionDecl *F) {
    return Threads.inMain(F) && Threads.threadsRunning(F).empty();
  };
  return OnlyMain(Starter) && OnlyMain(E.Fn) &&
         Order.atExit(*Starter).Finished.test(T);
}

// The thread \p T as a reason to run beside the other event; \p Flag says
// which of the two runs on it (ThreadStart's BlockingOnThread).
Concurrency Finder::onThread(ValueId T, bool Flag) const {
  Concurrency C;
  C.K = Concurrency::Kind::ThreadStart;
  C.StartSite = Flow.value(T).Site;
  C.StartName = startName(C.StartSite);
  llvm::ArrayRef<const FunctionDecl *> Entries = Flow.entriesOf(T);
  C.EntryName = Entries.empty() ? "the thread" : entryName(Entries.front());
  C.BlockingOnThread = Flag;
  C.Thread = T;
  return C;
}

std::optional<Concurrency> Finder::concurrency(const Event &Close,
                                               const Event &Block,
                                               const ValueSet &Shared) {
  // The facts are looked up only for a thread that may overlap: most
  // pairs of one function run on no thread at all.
  auto Overlaps = [&](ValueId T, const Event &Other) {
    if (!runsOutside(Other, T))
      return false;
    const OrderFacts &At = factsAt(Other);
    if (At.Finished.test(T) || At.Finished.intersects(doneEvents(T)) ||
        At.NotStarted.test(T) || scopedAway(T, Other))
      return false;
    llvm::SmallPtrSet<const FunctionDecl *, 8> Visited;
    return Other.RaiiMember || !Other.Fn || Other.OnThread ||
           !orderedAtEveryCall(T, Other.Fn, Visited);
  };
  for (ValueId T : stableThreadsOf(Block))
    if (Overlaps(T, Close))
      return onThread(T, /*Flag=*/true);
  for (ValueId T : stableThreadsOf(Close))
    if (Overlaps(T, Block))
      return onThread(T, /*Flag=*/false);
  // A canceller, made to be called (by code outside the TU: calls in the TU
  // show when it runs) while the request is in flight, when the handle is
  // stored where other code can reach it.
  const Canceller *Cancel =
      Close.Fn ? Threads.cancellerReaching(Close.Fn) : nullptr;
  if (!Cancel || Close.OnThread || !threadsOf(Block).empty() ||
      Block.Fn == Close.Fn || Block.Fn == Cancel->Fn ||
      (!Flow.callSitesOf(Cancel->Fn).empty() && !Flow.isEntry(Cancel->Fn)))
    return std::nullopt;
  if (!meet(Shared, Escaped))
    return std::nullopt;
  Concurrency C;
  C.K = Concurrency::Kind::CancelFunction;
  C.Cancel = *Cancel;
  return C;
}

// The waits for \p T written in the close's function, each with the reason
// it does not order the close.
llvm::SmallVector<UnorderedWait, 2> Finder::unorderedWaits(const Event &Close,
                                                           ValueId T) {
  llvm::SmallVector<UnorderedWait, 2> Result;
  const Expr *At = shownAt(Close);
  if (!Close.Fn || !At || Close.RaiiMember)
    return Result;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const WaitSite &W : Order.waitsIn(*Close.Fn)) {
    if (!W.On.test(T) && !W.On.intersects(doneEvents(T)))
      continue;
    UnorderedWait::Kind K = UnorderedWait::Kind::NotOnEveryPath;
    if (SM.isBeforeInTranslationUnit(At->getBeginLoc(), W.Call->getBeginLoc()))
      K = UnorderedWait::Kind::AfterClose;
    else if (W.Timed)
      K = UnorderedWait::Kind::Timed;
    Result.push_back({W.Call, K});
  }
  return Result;
}

// The mode of the handles a race is on: synchronous when one of them is,
// unknown when none is known, none when all are asynchronous.
std::optional<SessionMode> Finder::mode(const Event &Close, const Event &Block,
                                        bool ClosesParent) const {
  if (!Config.OnlySynchronous)
    return SessionMode{};
  ValueSet On = Block.Values;
  if (!ClosesParent)
    On &= Close.Values;
  bool AnyHandle = false;
  for (ValueId V : On)
    AnyHandle |= Flow.value(V).K == Value::Kind::Handle;
  std::optional<SessionMode> Result;
  for (ValueId V : On) {
    if (AnyHandle && Flow.value(V).K != Value::Kind::Handle)
      continue;
    SessionMode M = Flow.modeOf(V);
    if (M.K == SessionMode::Kind::Synchronous)
      return M;
    if (M.K == SessionMode::Kind::Unknown)
      Result = M;
  }
  return Result;
}

} // namespace clang::tidy::winhttp::analysis
