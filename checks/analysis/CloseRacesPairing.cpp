//===--- CloseRacesPairing.cpp - pairing closes with blocking calls -------===//
//
// Pairs each close with the blocking calls on the same handle, or one of its
// descendants, that can run beside it, and makes the findings of rule R1.
//
//===----------------------------------------------------------------------===//

#include "CloseRacesFinder.h"
#include "ExprUse.h"
#include "Limits.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace closeraces_detail;

// The events of an index whose values meet \p Values, in event order.
llvm::SmallVector<unsigned, 8> Finder::eventsMeeting(
    const ValueSet &Values,
    const llvm::DenseMap<ValueId, llvm::SmallVector<unsigned, 2>> &Index)
    const {
  llvm::SmallVector<unsigned, 8> Result;
  for (ValueId V : Values)
    if (auto It = Index.find(V); It != Index.end())
      Result.append(It->second.begin(), It->second.end());
  llvm::sort(Result);
  Result.erase(llvm::unique(Result), Result.end());
  return Result;
}

// Records a bound of Limits.h reached at \p Close, when asked to.
void Finder::limitHit(const Event &Close, llvm::StringRef Limit,
                      std::string GaveUp) const {
  const Expr *At = shownAt(Close);
  limits::hit(Limit, At ? At->getBeginLoc() : SourceLocation(),
              std::move(GaveUp));
}

// Whether \p Block races with \p Close; the first race found sets why, and
// in which mode, in \p F: the race of the call first in the stable order
// (\p WhyOf), wherever the functions stand.
bool Finder::tryPair(const Event &Close, const Event &Block, bool ClosesParent,
                     const OrderFacts &AtClose, RaceFinding &F, bool &Found,
                     const Event *&WhyOf) {
  if ((Close.Site && Block.Site == Close.Site) || !canPair(Close, Block))
    return false;
  ValueSet Shared = ClosesParent ? ancestors(Block.Values) : Block.Values;
  Shared &= Close.Values;
  const bool Same = ClosesParent ? !Shared.empty() : sameHandle(Close, Block);
  if (!Same)
    return false;
  // Where the blocking call's facts are not all there (a function without
  // a CFG on the way), a lock it holds may be missing: no pair.
  const OrderFacts &AtBlock = factsAt(Block);
  if (!AtBlock.Complete)
    return false;
  std::optional<Concurrency> Why = concurrency(Close, Block, Shared);
  if (!Why || AtClose.Held.intersects(AtBlock.Held))
    return false;
  std::optional<SessionMode> M = mode(Close, Block, ClosesParent);
  if (!M ||
      (M->K == SessionMode::Kind::Unknown && !Config.AssumeSyncWhenUnknown))
    return false;
  if (!Found || stableBefore(Block, *WhyOf)) {
    F.Why = *Why;
    F.Mode = *M;
    F.ClosesParent = ClosesParent;
    WhyOf = &Block;
  }
  Found = true;
  return true;
}

void Finder::pair(const Event &Close, std::vector<RaceFinding> &Out) {
  const bool Alone = threadsOf(Close).empty() &&
                     !(Close.Fn && Threads.cancellerReaching(Close.Fn));
  const BlockIndex &Blocks = Alone ? Threaded : AllBlocks;
  llvm::SmallVector<unsigned, 8> Direct =
      eventsMeeting(Close.Values, Blocks.ByValue);
  llvm::SmallVector<unsigned, 8> Children;
  if (Config.IncludeParentHandles)
    Children = eventsMeeting(Close.Values, Blocks.ByAncestor);
  if (Direct.empty() && Children.empty())
    return;
  const OrderFacts &AtClose = factsAt(Close);
  if (!AtClose.Complete) {
    limitHit(Close, "IncompleteOrderFacts",
             "the close of '" + Close.Handle +
                 "' here: a function on the way has no CFG (`__try`) or is "
                 "recursive, so what orders the close is not known");
    return;
  }
  if (gatedByCallback(Close, AtClose))
    return;
  RaceFinding F;
  bool Found = false;
  const Event *WhyOf = nullptr;
  // Bounded work (Limits.h): the pairs tried, and the racing calls listed.
  unsigned Tried = 0;
  bool Listed = false;
  llvm::SmallPtrSet<const Expr *, 16> Racing;
  for (bool ClosesParent : {false, true}) {
    if (ClosesParent && !Config.IncludeParentHandles)
      break;
    for (unsigned Index : ClosesParent ? Children : Direct) {
      Listed = Racing.size() >= limits::bound(limits::RacingCallsPerClose) ||
               (++Tried > limits::bound(limits::PairsPerClose) && Found);
      if (Listed)
        break;
      if (Tried > limits::bound(limits::PairsPerClose)) {
        limitHit(Close, "PairsPerClose",
                 "the close of '" + Close.Handle + "' here: no warning for it");
        return;
      }
      const Event &Block = Events[Index];
      if (!tryPair(Close, Block, ClosesParent, AtClose, F, Found, WhyOf))
        continue;
      const Expr *BlockAt = shownAt(Block);
      if (Racing.insert(BlockAt).second)
        F.Blocking.push_back({BlockAt, Block.Callee, Block.Api, Block.Handle});
    }
    if (Found)
      break;
  }
  if (!Found)
    return;
  if (Listed)
    limitHit(Close, "RacingCallsPerClose",
             "the blocking calls racing with the close of '" + Close.Handle +
                 "' here: only the first " +
                 std::to_string(limits::bound(limits::RacingCallsPerClose)) +
                 " are listed");
  F.Site = shownAt(Close);
  F.ImplicitDestructorOf = Close.ImplicitDtorOf;
  F.RaiiMember = Close.RaiiMember;
  F.Callee = Close.Callee;
  F.Handle = Close.Handle;
  F.CloseChain = stepsOf(Close.Chain);
  if (F.Why.K == Concurrency::Kind::ThreadStart && F.Why.BlockingOnThread)
    F.Unordered = unorderedWaits(Close, F.Why.Thread);
  if (F.Why.K == Concurrency::Kind::CancelFunction)
    F.CallerChain = Threads.callChain(F.Why.Cancel.Fn, Close.Fn);
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(F.Blocking, [&](const RacingCall &A, const RacingCall &B) {
    return SM.isBeforeInTranslationUnit(A.Site->getBeginLoc(),
                                        B.Site->getBeginLoc());
  });
  Out.push_back(std::move(F));
}

std::vector<RaceFinding> Finder::run() {
  prepare();
  std::vector<RaceFinding> Findings;
  llvm::DenseSet<const void *> Reported;
  // The API closes found racing with a thread where the function that
  // starts it closes them: their callers' calls race with that thread
  // through the same close, already reported.
  llvm::DenseSet<std::pair<const Expr *, ValueId>> InStarter;
  auto ApiClose = [](const Event &E) {
    return E.Chain ? E.Chain->Last : E.Site;
  };
  for (bool Local : {true, false})
    for (const Event &Close : Events) {
      if (Close.Kind != EventKind::Close || Close.LocalOnly != Local)
        continue;
      const Expr *At = shownAt(Close);
      const void *Id = At ? static_cast<const void *>(At)
                          : static_cast<const void *>(Close.RaiiMember);
      if (Reported.contains(Id))
        continue;
      const size_t Before = Findings.size();
      pair(Close, Findings);
      if (Findings.size() == Before)
        continue;
      const Concurrency &Why = Findings.back().Why;
      const bool OnThread = Why.K == Concurrency::Kind::ThreadStart;
      if (Local && OnThread)
        InStarter.insert({ApiClose(Close), Why.Thread});
      else if (OnThread && InStarter.contains({ApiClose(Close), Why.Thread}))
        Findings.pop_back();
      Reported.insert(Id);
    }
  return Findings;
}

} // namespace clang::tidy::winhttp::analysis
