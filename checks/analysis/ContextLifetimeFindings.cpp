//===--- ContextLifetimeFindings.cpp - the four questions -----------------===//
//
// The findings of ContextLifetime.h from the facts the Finder collected:
// a context freed after a close before HANDLE_CLOSING, an automatic
// context that goes out of scope, a wait that no HANDLE_CLOSING ends, and
// a context freed twice.
//
//===----------------------------------------------------------------------===//

#include "ContextLifetimeImpl.h"
#include "ExprUse.h"
#include "Limits.h"
#include "StableOrder.h"
#include "StoreReads.h"
#include "ThreadModel.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::winhttp::analysis {

using namespace contextlifetime_detail;

void Finder::freedAfterClose(std::vector<ContextFinding> &Out) {
  llvm::DenseSet<const Stmt *> Reported;
  for (auto &[Fn, F] : Facts) {
    const CFG *G = nullptr;
    for (const CallExpr *Close : F.Closes) {
      const api::Function *Api = Flow.apiOf(*Close);
      const Expr *Handle = Close->getArg(Api->HandleArg);
      std::optional<llvm::SmallVector<const Registration *, 2>> Covering =
          covering(*Handle);
      if (!Covering || Covering->empty())
        continue;
      const llvm::SmallVector<const Registration *, 2> &Regs = *Covering;
      ValueSet HV = Flow.valuesOf(*Handle);
      for (const Binding &B : Bindings) {
        if (!B.Context || B.Automatic || !meet(Flow.valuesOf(*B.Handle), HV))
          continue;
        llvm::SmallVector<Free, 4> Candidates(F.Frees.begin(), F.Frees.end());
        // A local owner whose get() is the context frees it at its scope's
        // end.
        if (const auto *Owner =
                dyn_cast_or_null<VarDecl>(rootLocation(B.Context, Flow));
            Owner && B.Fn == Fn && Owner->hasLocalStorage() &&
            api::isKnownOwner(Owner->getType()) && !F.OwnersLetGo.count(Owner))
          Candidates.push_back({B.Call, nullptr, Owner});
        for (const Free &Fr : Candidates) {
          if (Reported.count(Fr.DtorOf ? static_cast<const Stmt *>(Close)
                                       : Fr.S))
            continue;
          if (!Fr.DtorOf && (!same(Fr.Freed, B.Context) || isRelease(*Fr.S)))
            continue;
          if (!G)
            G = Cfgs.get(Fn);
          if (!G)
            break;
          auto IsTarget = [&](const CFGElement &E) {
            return matchesFree(E, Fr);
          };
          auto Stops = [&](const CFGElement &E) {
            std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
            return CS && isClosingWait(*CS->getStmt(), Regs);
          };
          if (!reachesAvoiding(*Close, *G, PathStart::Any, IsTarget, Stops))
            continue;
          ContextFinding Found;
          Found.K = ContextFinding::Kind::FreedAfterClose;
          Found.At = Fr.DtorOf ? static_cast<const Stmt *>(Close) : Fr.S;
          Found.Object = Fr.DtorOf;
          Found.Binding = B.Call;
          Found.Close = Close;
          Found.Context = B.Context;
          Found.Registration = Regs.front()->Call;
          Found.Callback = Regs.front()->Callback;
          Reported.insert(Found.At);
          Out.push_back(Found);
        }
      }
    }
  }
}

void Finder::automaticContexts(std::vector<ContextFinding> &Out) {
  for (const Binding &B : Bindings) {
    if (!B.Automatic || !asyncSessionOf(*B.Handle, Flow))
      continue;
    const CFG *G = Cfgs.get(B.Fn);
    if (!G)
      continue;
    std::optional<llvm::SmallVector<const Registration *, 2>> Regs =
        covering(*B.Handle);
    if (!Regs)
      continue;
    auto Stops = [&](const Stmt &S) { return isClosingWait(S, *Regs); };
    if (!reachesExitAvoiding(*B.Call, *G, Stops))
      continue;
    ContextFinding Found;
    Found.K = ContextFinding::Kind::AutomaticContext;
    Found.At = B.Call;
    Found.Binding = B.Call;
    Found.Object = B.Automatic;
    Found.Context = B.Context;
    Out.push_back(Found);
  }
}

// The registration of \p R's callback shown for a wait in \p Fn, and whether
// every one that counts leaves HANDLE_CLOSING out: those in \p Fn, or, when
// it registers none, all of them.
std::pair<const Registration *, bool>
Finder::flagsLackHandles(const Registration &R, const FunctionDecl *Fn) const {
  const uint64_t Handles = api::constant(api::Constant::StatusHandleClosing);
  auto OfCallback = [&](const Registration &O, bool Local) {
    return O.Callback == R.Callback &&
           (!Local || RegisteredIn.lookup(O.Call) == Fn);
  };
  const bool Local = llvm::any_of(
      Registrations, [&](const auto &O) { return OfCallback(O, true); });
  const Registration *Shown = nullptr;
  bool NoFlag = true;
  for (const Registration &O : Registrations)
    if (OfCallback(O, Local)) {
      Shown = Shown ? Shown : &O;
      NoFlag &= O.Flags && !(*O.Flags & Handles);
    }
  return {Shown, NoFlag};
}

// A close in \p Fn that reaches \p Wait, of a handle (made in the TU) that
// no binding gives a context to, and that \p R covers.
const CallExpr *Finder::unboundCloseBefore(const FunctionDecl *Fn,
                                           const FunctionFacts &F,
                                           const Stmt *Wait,
                                           const Registration &R) {
  const CFG *G = Cfgs.get(Fn);
  if (!G)
    return nullptr;
  for (const CallExpr *Close : F.Closes) {
    const Expr *Handle = Close->getArg(Flow.apiOf(*Close)->HandleArg);
    ValueSet HV = Flow.valuesOf(*Handle);
    bool AllHandles = !HV.empty();
    for (ValueId V : HV)
      AllHandles &= Flow.value(V).K == Value::Kind::Handle;
    std::optional<llvm::SmallVector<const Registration *, 2>> Covering =
        covering(*Handle);
    if (!AllHandles || !Covering || !llvm::is_contained(*Covering, &R) ||
        llvm::any_of(Bindings, [&](const Binding &B) {
          return B.Context && meet(Flow.valuesOf(*B.Handle), HV);
        }))
      continue;
    auto IsWait = [&](const CFGElement &E) {
      std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
      return CS && CS->getStmt() == Wait;
    };
    if (reachesAvoiding(*Close, *G, PathStart::Any, IsWait,
                        [](const CFGElement &) { return false; }))
      return Close;
  }
  return nullptr;
}

void Finder::waitsNeverEnding(std::vector<ContextFinding> &Out) {
  for (auto &Entry : Facts) {
    const FunctionDecl *Fn = Entry.first;
    for (const auto &[Wait, Waited] : Entry.second.Waits) {
      // A callback that signals it on HANDLE_CLOSING.
      for (const Registration &R : Registrations) {
        auto It = Closing.find(R.Callback);
        if (It == Closing.end() ||
            llvm::none_of(It->second.Signals, [&, W = Waited](const Expr *S) {
              return same(W, S);
            }))
          continue;
        auto [Shown, NoFlag] = flagsLackHandles(R, Fn);
        ContextFinding Found;
        Found.K = ContextFinding::Kind::WaitNeverEnds;
        Found.At = Wait;
        Found.Registration = Shown->Call;
        Found.Callback = R.Callback;
        if (!NoFlag) {
          // A binding a bound kept unknown may be this handle's.
          Found.Close = BindingsCut
                            ? nullptr
                            : unboundCloseBefore(Fn, Entry.second, Wait, R);
          if (!Found.Close)
            continue;
          Found.NoContext = true;
          Found.Registration = R.Call;
        }
        Out.push_back(Found);
        break;
      }
    }
  }
}

void Finder::freedTwice(std::vector<ContextFinding> &Out) {
  for (const Binding &B : Bindings) {
    // A failed WinHttpSendRequest has bound its context, which the callback
    // still gets on HANDLE_CLOSING; a failed WinHttpSetOption has not.
    const api::Function *Api = Flow.apiOf(*B.Call);
    if (!B.Context || B.Automatic || !Api || !Api->has(api::BlocksWhenSync))
      continue;
    auto *FactsIt = Facts.find(B.Fn);
    if (FactsIt == Facts.end())
      continue;
    // The callback frees the context on HANDLE_CLOSING.
    const Registration *By = nullptr;
    const Stmt *CallbackFree = nullptr;
    // Cut short (no registrations known): no callback frees it.
    for (const Registration *R : covering(*B.Handle).value_or(
             llvm::SmallVector<const Registration *, 2>())) {
      auto It = Closing.find(R->Callback);
      if (It == Closing.end())
        continue;
      for (const Free &Fr : It->second.Frees)
        if (meet(Flow.valuesOf(*Fr.Freed), Flow.valuesOf(*B.Context)) &&
            !isRelease(*Fr.S)) {
          By = R;
          CallbackFree = Fr.S;
        }
    }
    const CFG *G = By ? Cfgs.get(B.Fn) : nullptr;
    if (!G)
      continue;
    for (const Free &Fr : FactsIt->second.Frees) {
      if (!same(Fr.Freed, B.Context) || isRelease(*Fr.S))
        continue;
      auto IsTarget = [&](const CFGElement &E) { return matchesFree(E, Fr); };
      if (!reachesAvoiding(*B.Call, *G, PathStart::Failed, IsTarget,
                           [](const CFGElement &) { return false; }))
        continue;
      ContextFinding Found;
      Found.K = ContextFinding::Kind::FreedTwice;
      Found.At = Fr.S;
      Found.Binding = B.Call;
      Found.Context = B.Context;
      Found.Registration = By->Call;
      Found.Callback = By->Callback;
      Found.CallbackFree = CallbackFree;
      Out.push_back(Found);
    }
  }
}

} // namespace clang::tidy::winhttp::analysis
