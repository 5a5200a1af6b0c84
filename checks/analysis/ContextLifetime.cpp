//===--- ContextLifetime.cpp - callback contexts outliving closes ---------===//
//
// Collects, per function, the bindings of contexts, the closes, the frees and
// the waits; per status callback, what it signals and frees on
// HANDLE_CLOSING; then answers the four questions of ContextLifetime.h with
// path queries over each function's CFG.
//
//===----------------------------------------------------------------------===//

#include "ContextLifetime.h"
#include "ContextLifetimeImpl.h"
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

using namespace contextlifetime_detail;

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
