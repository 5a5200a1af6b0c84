//===--- ContextLifetime.cpp - callback contexts outliving closes ---------===//
//
// Collects, per function, the bindings of contexts, the closes, the frees and
// the waits; per status callback, what it signals and frees on
// HANDLE_CLOSING; then answers the four questions of ContextLifetime.h with
// path queries over each function's CFG.
//
//===----------------------------------------------------------------------===//

#include "ContextLifetime.h"
#include "ExprUse.h"
#include "FunctionCfg.h"
#include "Limits.h"
#include "ParentIndex.h"
#include "StableOrder.h"
#include "StatusBranch.h"
#include "StoreReads.h"
#include "ThreadModel.h"
#include "WinHttpApi.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::winhttp::analysis {

namespace {

/// A context bound to a handle.
struct Binding {
  const CallExpr *Call;
  const FunctionDecl *Fn;
  const Expr *Handle;
  /// What designates the context object: the pointer bound, or, for
  /// `&x`, x itself; null when the context is NULL.
  const Expr *Context;
  /// For `&x` of an automatic x: x.
  const VarDecl *Automatic = nullptr;
};

/// A free of an object: `Freed` names it, or, for the end of a local
/// owner's scope, DtorOf is the owner.
struct Free {
  const Stmt *S = nullptr;
  const Expr *Freed = nullptr;
  const VarDecl *DtorOf = nullptr;
};

struct Registration {
  const FunctionDecl *Callback;
  const CallExpr *Call;
  ValueSet On;
  std::optional<uint64_t> Flags;
};

/// What a status callback does on HANDLE_CLOSING.
struct ClosingBranch {
  /// Objects it signals (SetEvent, notify_*).
  llvm::SmallVector<const Expr *, 2> Signals;
  llvm::SmallVector<Free, 2> Frees;
};

struct FunctionFacts {
  llvm::SmallVector<const CallExpr *, 2> Closes;
  llvm::SmallVector<Free, 2> Frees;
  /// Waits with the object they wait for.
  llvm::SmallVector<std::pair<const Stmt *, const Expr *>, 2> Waits;
  /// Local owners the function resets or releases: their destruction is
  /// not where the context goes.
  llvm::SmallPtrSet<const VarDecl *, 2> OwnersLetGo;
};

} // namespace

// The object a wait waits for, or null.
static const Expr *waitedObject(const Stmt &S) {
  const auto *Call = dyn_cast<CallExpr>(&S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return nullptr;
  if (const api::ThreadWait *W = api::lookupThreadWait(*Callee))
    return W->Kind != api::WaitKind::WaitAll &&
                   unsigned(W->ObjectArg) < Call->getNumArgs()
               ? Call->getArg(W->ObjectArg)
               : nullptr;
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *MD = MCE ? MCE->getMethodDecl() : nullptr;
  if (!MD || !api::isInStd(*MD))
    return nullptr;
  std::optional<api::StdWaitKind> K = api::lookupStdWait(*MD);
  if (K != api::StdWaitKind::Join && K != api::StdWaitKind::Timed)
    return nullptr;
  // Waits of threads, futures and condition variables; not a smart
  // pointer's get().
  QualType T = MCE->getImplicitObjectArgument()->getType();
  using api::Spelling;
  for (Spelling S :
       {Spelling::StdThread, Spelling::StdJThread, Spelling::StdFuture,
        Spelling::StdSharedFuture, Spelling::StdConditionVariable})
    if (api::typeIsNamed(T, api::spelling(S)))
      return MCE->getImplicitObjectArgument();
  return nullptr;
}

// The object a call signals (SetEvent, notify_one/notify_all), or null.
static const Expr *signalledObject(const Stmt &S) {
  const auto *Call = dyn_cast<CallExpr>(&S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return nullptr;
  if (api::isWin32Function(*Callee, api::Win32Function::SetEvent))
    return Call->getNumArgs() ? Call->getArg(0) : nullptr;
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *MD = MCE ? MCE->getMethodDecl() : nullptr;
  if (MD && api::isInStd(*MD) &&
      api::lookupStdWait(*MD) == api::StdWaitKind::Signal)
    return MCE->getImplicitObjectArgument();
  return nullptr;
}

// What \p S frees, or null.
static const Expr *freedBy(const Stmt &S) {
  if (const auto *Delete = dyn_cast<CXXDeleteExpr>(&S))
    return Delete->getArgument();
  const auto *Call = dyn_cast<CallExpr>(&S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return nullptr;
  using api::Win32Function;
  for (Win32Function F : {Win32Function::Free, Win32Function::LocalFree,
                          Win32Function::GlobalFree})
    if (api::isWin32Function(*Callee, F))
      return Call->getNumArgs() == 1 ? Call->getArg(0) : nullptr;
  if (api::isWin32Function(*Callee, Win32Function::HeapFree))
    return Call->getNumArgs() == 3 ? Call->getArg(2) : nullptr;
  // An owner's reset() with nothing in its place.
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *MD = MCE ? MCE->getMethodDecl() : nullptr;
  if (MD && MD->getIdentifier() && MD->getName() == "reset" &&
      api::isKnownOwner(MCE->getImplicitObjectArgument()->getType()) &&
      (Call->getNumArgs() == 0 || isa<CXXDefaultArgExpr>(Call->getArg(0)) ||
       Call->getArg(0)->isNullPointerConstant(
           Callee->getASTContext(), Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull))
    return MCE->getImplicitObjectArgument();
  return nullptr;
}

namespace {

class Finder {
public:
  Finder(ASTContext &Ctx, const ValueFlow &Flow, bool SystemHeaders)
      : Ctx(Ctx), Flow(Flow), Parents(Ctx, SystemHeaders), Cfgs(Ctx),
        SystemHeaders(SystemHeaders) {}

  std::vector<ContextFinding> run();

private:
  void collect();
  std::optional<Binding> bindingOf(const CallExpr &Call,
                                   const api::Function &Api,
                                   const FunctionDecl *Fn);
  bool same(const Expr *A, const Expr *B) const;
  /// The registrations whose handle is \p Handle or one of its ancestors.
  /// Null when a bound cut the walk up the parents short.
  std::optional<llvm::SmallVector<const Registration *, 2>>
  covering(const Expr &Handle) const;
  bool isClosingWait(const Stmt &S,
                     llvm::ArrayRef<const Registration *> Regs) const;
  bool isRelease(const Stmt &Free);
  bool matchesFree(const CFGElement &E, const Free &F) const;

  void freedAfterClose(std::vector<ContextFinding> &Out);
  void automaticContexts(std::vector<ContextFinding> &Out);
  void waitsNeverEnding(std::vector<ContextFinding> &Out);
  std::pair<const Registration *, bool>
  flagsLackHandles(const Registration &R, const FunctionDecl *Fn) const;
  const CallExpr *unboundCloseBefore(const FunctionDecl *Fn,
                                     const FunctionFacts &F, const Stmt *Wait,
                                     const Registration &R);
  void freedTwice(std::vector<ContextFinding> &Out);

  ASTContext &Ctx;
  const ValueFlow &Flow;
  ParentIndex Parents;
  FunctionCfgs Cfgs;
  bool SystemHeaders;
  std::vector<Binding> Bindings;
  /// Whether a bound kept a binding from being known (ContextCopies).
  bool BindingsCut = false;
  std::vector<Registration> Registrations;
  llvm::DenseMap<const FunctionDecl *, ClosingBranch> Closing;
  llvm::MapVector<const FunctionDecl *, FunctionFacts> Facts;
  /// The function each status callback registration is in.
  llvm::DenseMap<const CallExpr *, const FunctionDecl *> RegisteredIn;
};

} // namespace

std::optional<Binding> Finder::bindingOf(const CallExpr &Call,
                                         const api::Function &Api,
                                         const FunctionDecl *Fn) {
  if (Api.ContextArg < 0 || unsigned(Api.ContextArg) >= Call.getNumArgs() ||
      Api.HandleArg < 0 || unsigned(Api.HandleArg) >= Call.getNumArgs())
    return std::nullopt;
  Binding B{&Call, Fn, Call.getArg(Api.HandleArg), nullptr};
  const Expr *Arg = Call.getArg(Api.ContextArg)->IgnoreParenCasts();
  if (Api.Result == api::ResultKind::Bool &&
      !(Api.Traits & api::BlocksWhenSync)) {
    // WinHttpSetOption: a context only with WINHTTP_OPTION_CONTEXT_VALUE,
    // and then the value its buffer holds.
    unsigned OptionArg = api::constant(api::Constant::SetOptionOptionArg);
    std::optional<llvm::APSInt> Option =
        OptionArg < Call.getNumArgs()
            ? evaluateInt(*Call.getArg(OptionArg), Ctx)
            : std::nullopt;
    if (!Option ||
        Option->getExtValue() !=
            int64_t(api::constant(api::Constant::OptionContextValue)))
      return std::nullopt;
    const auto *AddrOf = dyn_cast<UnaryOperator>(Arg);
    if (!AddrOf || AddrOf->getOpcode() != UO_AddrOf)
      return std::nullopt;
    Arg = AddrOf->getSubExpr()->IgnoreParenCasts();
  }
  // A local with one definition stands for what it stored (`Request *P =
  // &Local;`, `DWORD_PTR V = (DWORD_PTR)R;`).
  const Expr *Resolved = Arg;
  unsigned Depth = 0;
  for (; Depth < limits::bound(limits::ContextCopies); ++Depth) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Resolved);
    const auto *VD = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD))
      break;
    llvm::SmallVector<const Expr *, 2> Stored = Flow.storedBy(*Ref);
    // A local whose address the binding takes escapes the value flow: its
    // initialiser, when nothing assigns to it.
    if (Stored.empty() && VD->getInit() && Fn && Fn->getBody() &&
        llvm::none_of(findReferences(*VD, *Fn->getBody(), Ctx),
                      [&](const DeclRefExpr *R) {
                        const auto *BO =
                            Parents.parent(*R).get<BinaryOperator>();
                        return BO && BO->isAssignmentOp() && BO->getLHS() == R;
                      }))
      Stored.push_back(VD->getInit());
    if (Stored.size() != 1 || !Stored.front())
      break;
    Resolved = Stored.front()->IgnoreParenCasts();
  }
  // Cut short: the binding is not known, and no finding may rest on the
  // handle having none.
  if (Depth == limits::bound(limits::ContextCopies)) {
    limits::hit("ContextCopies", Arg->getBeginLoc(),
                "the object the context here designates");
    BindingsCut = true;
    return std::nullopt;
  }
  if (Resolved != Arg && isa<UnaryOperator>(Resolved))
    Arg = Resolved;
  if (Arg->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
      Expr::NPCK_NotNull)
    return B;
  B.Context = Arg;
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(Arg);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf) {
    const Expr *Object = AddrOf->getSubExpr()->IgnoreParenImpCasts();
    B.Context = Object;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
      if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
          VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType())
        B.Automatic = VD;
  }
  return B;
}

void Finder::collect() {
  for (const auto &[Cb, Call] : Flow.statusCallbacks()) {
    Registration R{Cb->getCanonicalDecl(), Call,
                   Flow.valuesOf(*Call->getArg(0)), std::nullopt};
    unsigned FlagsArg = api::constant(api::Constant::SetStatusCallbackFlagsArg);
    if (FlagsArg < Call->getNumArgs())
      if (std::optional<llvm::APSInt> V =
              evaluateInt(*Call->getArg(FlagsArg), Ctx))
        R.Flags = V->getZExtValue();
    const FunctionDecl *Callback = R.Callback;
    Registrations.push_back(std::move(R));
    const FunctionDecl *Def = Cb->getDefinition();
    if (!Def || !Def->getBody() || Closing.count(Callback))
      continue;
    ClosingBranch &CB = Closing[Callback];
    forEachStatusBranch(
        *Def->getBody(), api::constant(api::Constant::StatusHandleClosing), Ctx,
        [&](const Stmt &Branch) {
          std::function<void(const Stmt &)> Visit = [&](const Stmt &S) {
            if (const Expr *E = signalledObject(S))
              CB.Signals.push_back(E);
            if (const Expr *E = freedBy(S))
              CB.Frees.push_back({&S, E, nullptr});
            for (const Stmt *Child : S.children())
              if (Child)
                Visit(*Child);
          };
          Visit(Branch);
        });
  }
  for (const FunctionDecl *Fn : Flow.functions()) {
    const FunctionDecl *Def = Fn->getDefinition();
    if (!Def || (!SystemHeaders && isInSystemHeader(*Def)))
      continue;
    FunctionFacts &F = Facts[Fn];
    forEachStmtIn(*Def, [&](const Stmt &S) {
      if (const Expr *E = freedBy(S))
        F.Frees.push_back({&S, E, nullptr});
      if (const Expr *E = waitedObject(S))
        F.Waits.push_back({&S, E});
      if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&S))
        if (const CXXMethodDecl *MD = MCE->getMethodDecl();
            MD && MD->getIdentifier() &&
            (MD->getName() == "reset" || MD->getName() == "release"))
          if (const auto *Owner = dyn_cast_or_null<VarDecl>(
                  rootLocation(MCE->getImplicitObjectArgument(), Flow)))
            F.OwnersLetGo.insert(Owner);
      const auto *Call = dyn_cast<CallExpr>(&S);
      const api::Function *Api = Call ? Flow.apiOf(*Call) : nullptr;
      if (!Api)
        return;
      if (Api->has(api::ClosesHandle) && Api->HandleArg >= 0 &&
          unsigned(Api->HandleArg) < Call->getNumArgs())
        F.Closes.push_back(Call);
      if (Api->has(api::SetsStatusCallback))
        RegisteredIn[Call] = Fn;
      if (Api->has(api::TakesContext))
        if (std::optional<Binding> B = bindingOf(*Call, *Api, Fn))
          Bindings.push_back(*B);
    });
  }
  // A note shows the first registration that qualifies in the stable order.
  sortStably(
      Registrations,
      [&](const Registration &R) {
        return stableKey(*R.Call, RegisteredIn.lookup(R.Call), Ctx);
      },
      Ctx.getSourceManager());
}

bool Finder::same(const Expr *A, const Expr *B) const {
  if (!A || !B)
    return false;
  const ValueDecl *RA = rootLocation(A, Flow), *RB = rootLocation(B, Flow);
  if (RA && RA == RB)
    return true;
  // Values the flow knows by their origin (not opaque per expression).
  ValueSet VA = Flow.valuesOf(*A), VB = Flow.valuesOf(*B);
  for (ValueId V : VA)
    if (VB.test(V) && Flow.value(V).K == Value::Kind::Opaque &&
        Flow.value(V).Site != stripValue(A) &&
        Flow.value(V).Site != stripValue(B))
      return true;
  return false;
}

std::optional<llvm::SmallVector<const Registration *, 2>>
Finder::covering(const Expr &Handle) const {
  ValueSet All = Flow.valuesOf(Handle);
  ValueSet Frontier = All;
  for (unsigned Depth = 0;
       Depth < limits::bound(limits::HandleParents) && !Frontier.empty();
       ++Depth) {
    ValueSet Next;
    for (ValueId V : Frontier)
      Next |= Flow.parentsOf(V);
    Next.intersectWithComplement(All);
    All |= Next;
    Frontier = Next;
  }
  if (!Frontier.empty()) {
    limits::hit("HandleParents", Handle.getBeginLoc(),
                "the callbacks registered for the handle here");
    return std::nullopt;
  }
  llvm::SmallVector<const Registration *, 2> Out;
  for (const Registration &R : Registrations)
    if (meet(R.On, All))
      Out.push_back(&R);
  return Out;
}

bool Finder::isClosingWait(const Stmt &S,
                           llvm::ArrayRef<const Registration *> Regs) const {
  const Expr *Waited = waitedObject(S);
  if (!Waited)
    return false;
  for (const Registration *R : Regs) {
    auto It = Closing.find(R->Callback);
    if (It == Closing.end())
      continue;
    for (const Expr *Signal : It->second.Signals)
      if (same(Waited, Signal))
        return true;
  }
  return false;
}

// A free under a test of a reference count's decrement releases a
// reference: the object goes only with the last one.
bool Finder::isRelease(const Stmt &FreeStmt) {
  DynTypedNode Node = DynTypedNode::create(FreeStmt);
  for (unsigned Depth = 0; Depth < limits::bound(limits::RefcountTestParents);
       ++Depth) {
    Node = Parents.parent(Node);
    const auto *S = Node.get<Stmt>();
    if (!S)
      return false;
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(S))
      Cond = If->getCond();
    else if (const auto *CO = dyn_cast<ConditionalOperator>(S))
      Cond = CO->getCond();
    if (!Cond)
      continue;
    bool Decrements = false;
    std::function<void(const Stmt &)> Visit = [&](const Stmt &X) {
      if (const auto *UO = dyn_cast<UnaryOperator>(&X);
          UO && UO->isDecrementOp())
        Decrements = true;
      if (const auto *Call = dyn_cast<CallExpr>(&X))
        if (const FunctionDecl *Callee = Call->getDirectCallee();
            Callee && api::isRefcountRelease(*Callee))
          Decrements = true;
      for (const Stmt *Child : X.children())
        if (Child)
          Visit(*Child);
    };
    Visit(*Cond);
    if (Decrements)
      return true;
  }
  // Cut short: taken to be a release, so that no finding rests on it.
  limits::hit("RefcountTestParents", FreeStmt.getBeginLoc(),
              "whether a reference count's test guards the free here");
  return true;
}

bool Finder::matchesFree(const CFGElement &E, const Free &F) const {
  if (F.DtorOf) {
    std::optional<CFGAutomaticObjDtor> D = E.getAs<CFGAutomaticObjDtor>();
    return D && D->getVarDecl() == F.DtorOf;
  }
  std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
  return CS && CS->getStmt() == F.S;
}

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

std::vector<ContextFinding> Finder::run() {
  collect();
  std::vector<ContextFinding> Out;
  freedAfterClose(Out);
  automaticContexts(Out);
  waitsNeverEnding(Out);
  freedTwice(Out);
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Out, [&](const ContextFinding &A, const ContextFinding &B) {
    if (A.At->getBeginLoc() != B.At->getBeginLoc())
      return SM.isBeforeInTranslationUnit(A.At->getBeginLoc(),
                                          B.At->getBeginLoc());
    return A.K < B.K;
  });
  return Out;
}

std::vector<ContextFinding> findContextLifetimeIssues(ASTContext &Ctx,
                                                      const ValueFlow &Flow,
                                                      bool SystemHeaders) {
  return Finder(Ctx, Flow, SystemHeaders).run();
}

} // namespace clang::tidy::winhttp::analysis
