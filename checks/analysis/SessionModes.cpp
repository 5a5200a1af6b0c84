//===--- SessionModes.cpp - synchronous or asynchronous handles -----------===//
//
// The session mode of each handle value, from its session's flags, as a
// least fixpoint over the handles' parents; and the asynchronous session a
// handle belongs to.
//
//===----------------------------------------------------------------------===//

#include "Limits.h"
#include "ValueFlowImpl.h"
#include "llvm/ADT/MapVector.h"

namespace clang::tidy::winhttp::analysis {

using namespace valueflow_detail;

std::optional<bool>
ValueFlow::Impl::asyncBit(const Expr *Flags,
                          llvm::SmallPtrSetImpl<const VarDecl *> &Seen) {
  if (!Flags)
    return std::nullopt;
  const Expr *E = Flags->IgnoreParenImpCasts();
  if (std::optional<llvm::APSInt> V = evaluateInt(*E, Ctx))
    return (V->getZExtValue() & api::constant(api::Constant::FlagAsync)) != 0;
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_Or) {
    std::optional<bool> L = asyncBit(BO->getLHS(), Seen);
    std::optional<bool> R = asyncBit(BO->getRHS(), Seen);
    if (L == true || R == true)
      return true;
    return L && R ? std::optional<bool>(false) : std::nullopt;
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    std::optional<bool> T = asyncBit(CO->getTrueExpr(), Seen);
    return T == asyncBit(CO->getFalseExpr(), Seen) ? T : std::nullopt;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  // A parameter's flags are its callers' business: unknown.
  if (!VD || isa<ParmVarDecl>(VD) || !Seen.insert(VD).second)
    return std::nullopt;
  auto It = IntStores.find(VD);
  if (It == IntStores.end())
    return std::nullopt;
  // Every store must agree; `|=` of a value without the bit keeps it.
  std::optional<bool> Result;
  for (const auto &[Stored, OrAssign] : It->second) {
    std::optional<bool> B = asyncBit(Stored, Seen);
    if (!B)
      return std::nullopt;
    if (OrAssign && !*B)
      continue;
    if (Result && *Result != *B)
      return std::nullopt;
    Result = B;
  }
  return Result;
}

// The parent argument of a handle's creation; for a handle made by a
// factory whose parent is the factory's parameter, the argument of this
// call of the factory.
const Expr *ValueFlow::Impl::parentOf(const Value &V) {
  const CallExpr *Call = V.creation();
  if (!Call || !V.Api || V.Api->ParentArg < 0 ||
      unsigned(V.Api->ParentArg) >= Call->getNumArgs())
    return nullptr;
  const Expr *Parent = Call->getArg(V.Api->ParentArg);
  const auto *Ref = dyn_cast<DeclRefExpr>(stripValue(Parent));
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  const auto *Outer = dyn_cast_or_null<CallExpr>(V.Made ? V.Site : nullptr);
  if (Param && Outer && Param->getFunctionScopeIndex() < Outer->getNumArgs())
    return Outer->getArg(Param->getFunctionScopeIndex());
  return Parent;
}

// The modes of the handle values as a least fixpoint, so that a cycle of
// handles made from each other gets the same answer whichever is asked
// first. Lattice, per value: not known yet < Asynchronous < Unknown <
// Synchronous; a child takes the greatest of its parents', a parent that is
// no handle value of the TU counting as Unknown. A session's is its flags'.
void ValueFlow::Impl::solveModes() {
  auto Rank = [](const std::optional<SessionMode> &M) {
    if (!M)
      return 0;
    switch (M->K) {
    case SessionMode::Kind::Asynchronous:
      return 1;
    case SessionMode::Kind::Unknown:
      return 2;
    case SessionMode::Kind::Synchronous:
      return 3;
    }
    llvm_unreachable("unknown session mode");
  };
  // The WinHttpOpen call of a synchronous mode.
  auto OpenOf = [](const std::optional<SessionMode> &Mode) {
    return Mode ? Mode->Open : nullptr;
  };
  // Reading a parent expression can name an opaque value for the first
  // time, which grows Values: values are copied, not referred to, and the
  // ones made here are no handles.
  const size_t Known = Values.size();
  std::vector<std::optional<SessionMode>> M(Known);
  llvm::MapVector<ValueId, ValueSet> Parents;
  for (ValueId V = 0; V < Known; ++V) {
    const Value Val = Values[V];
    if (Val.K != Value::Kind::Handle || !Val.Api)
      continue;
    if (Val.Api->ParentArg < 0) {
      M[V] = computeMode(Val);
      continue;
    }
    const Expr *ParentExpr = parentOf(Val);
    ValueSet Of = ParentExpr ? valuesOf(*ParentExpr) : ValueSet();
    if (Of.empty())
      M[V] = SessionMode{};
    else
      Parents[V] = std::move(Of);
  }
  // Ranks only rise, three times at most per value: the loop ends.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[V, Of] : Parents) {
      std::optional<SessionMode> New;
      for (ValueId P : Of) {
        std::optional<SessionMode> From =
            P < Known && Values[P].K == Value::Kind::Handle && Values[P].Api
                ? M[P]
                : std::optional<SessionMode>(SessionMode{});
        // Of two synchronous sessions, the one opened first is named.
        if (Rank(From) > Rank(New) ||
            (Rank(From) == 3 && Rank(New) == 3 &&
             Ctx.getSourceManager().isBeforeInTranslationUnit(
                 OpenOf(From)->getBeginLoc(), OpenOf(New)->getBeginLoc())))
          New = From;
      }
      if (Rank(New) > Rank(M[V]) ||
          (Rank(New) == 3 && OpenOf(New) != OpenOf(M[V]))) {
        M[V] = New;
        Changed = true;
      }
    }
  }
  // A cycle that no session reaches: Unknown.
  for (ValueId V = 0; V < Known; ++V)
    if (M[V] || Parents.count(V))
      Modes[V] = M[V].value_or(SessionMode{});
}

SessionMode ValueFlow::Impl::computeMode(const Value &V) {
  const CallExpr *Call = V.creation();
  // The session itself: a creating function without a parent.
  if (V.Api->ParentArg < 0) {
    const unsigned FlagsArg = api::constant(api::Constant::OpenFlagsArg);
    llvm::SmallPtrSet<const VarDecl *, 4> Seen;
    std::optional<bool> Async = FlagsArg < Call->getNumArgs()
                                    ? asyncBit(Call->getArg(FlagsArg), Seen)
                                    : std::nullopt;
    if (!Async)
      return {};
    if (*Async)
      return {SessionMode::Kind::Asynchronous, nullptr};
    return {SessionMode::Kind::Synchronous, Call};
  }
  const Expr *ParentExpr = parentOf(V);
  if (!ParentExpr)
    return {};
  ValueSet Parents = valuesOf(*ParentExpr);
  if (Parents.empty())
    return {};
  bool AllAsync = true;
  for (ValueId P : Parents) {
    SessionMode M = modeOf(P);
    if (M.K == SessionMode::Kind::Synchronous)
      return M;
    AllAsync &= M.K == SessionMode::Kind::Asynchronous;
  }
  return AllAsync ? SessionMode{SessionMode::Kind::Asynchronous, nullptr}
                  : SessionMode{};
}

SessionMode ValueFlow::Impl::modeOf(ValueId V) {
  // A copy: computing the mode can add values.
  const Value Val = Values[V];
  if (Val.K != Value::Kind::Handle || !Val.Api)
    return {};
  if (auto It = Modes.find(V); It != Modes.end())
    return It->second;
  // A handle made from itself through a cycle of copies: unknown.
  if (!ModesInProgress.insert(V).second)
    return {};
  SessionMode M = computeMode(Val);
  ModesInProgress.erase(V);
  Modes[V] = M;
  return M;
}

// The WinHttpOpen call of the asynchronous session \p Handle belongs to, or
// null when some value it can hold is not known to be asynchronous.
const CallExpr *asyncSessionOf(const Expr &Handle, const ValueFlow &Flow) {
  ValueSet Values = Flow.valuesOf(Handle);
  const CallExpr *Open = nullptr;
  if (Values.empty())
    return nullptr;
  for (ValueId V : Values) {
    if (Flow.modeOf(V).K != SessionMode::Kind::Asynchronous)
      return nullptr;
    // Up to the session: the handle without a parent.
    ValueId Root = V;
    unsigned Depth = 0;
    for (; Depth < limits::bound(limits::HandleParents); ++Depth) {
      ValueSet Up = Flow.parentsOf(Root);
      if (Up.empty())
        break;
      Root = *Up.begin();
    }
    // Cut short: the session is not known.
    if (Depth == limits::bound(limits::HandleParents) &&
        !Flow.parentsOf(Root).empty()) {
      limits::hit("HandleParents", Handle.getBeginLoc(),
                  "the session of the handle here: " +
                      std::to_string(limits::bound(limits::HandleParents)) +
                      " parents were followed");
      return nullptr;
    }
    if (!Open)
      Open = Flow.value(Root).creation();
  }
  return Open;
}

} // namespace clang::tidy::winhttp::analysis
