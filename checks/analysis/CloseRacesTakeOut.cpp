//===--- CloseRacesTakeOut.cpp - how a close takes its handle out ---------===//
//
// How a close gets its handle out of the memory it shares with another
// close: an atomic exchange, or a read and a store of NULL under the same
// locks. Double closes (rule R2) are not reported for such pairs.
//
//===----------------------------------------------------------------------===//

#include "AccessPath.h"
#include "CloseRacesFinder.h"
#include "ExprUse.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace closeraces_detail;

static bool isNullValue(const Expr &E, ASTContext &Ctx) {
  return E.IgnoreParenCasts()->isNullPointerConstant(
             Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
}

/// Whether \p A and \p B name the same memory: one access path, exact.
static bool sameLocation(const Expr *A, const Expr *B, const ASTContext &Ctx) {
  std::optional<AccessPath> PA = AccessPath::ofLvalue(*A, Ctx);
  std::optional<AccessPath> PB = AccessPath::ofLvalue(*B, Ctx);
  return PA && PB && PA->exact() && *PA == *PB;
}

/// The memory a read of \p E reads when it is the handle itself: `h`,
/// `p->h`, `o.h`, or the std::atomic `h` read by `h.load()` or by its
/// conversion.
static const Expr *readLocation(const Expr *E) {
  E = stripValue(E);
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MCE->getMethodDecl();
    const api::StdMethod *M = MD ? api::lookupStdMethod(*MD) : nullptr;
    if ((M && M->Effect == api::FlowEffect::Load) ||
        isa_and_nonnull<CXXConversionDecl>(MD))
      return MCE->getImplicitObjectArgument();
    return nullptr;
  }
  return isa<DeclRefExpr, MemberExpr>(E) ? E : nullptr;
}

/// The memory \p S stores NULL to: `l = NULL`, `l.store(nullptr)`,
/// `InterlockedExchangePointer(&l, NULL)`, or null.
static const Expr *clearedBy(const Stmt &S, ASTContext &Ctx) {
  if (const auto *BO = dyn_cast<BinaryOperator>(&S))
    return BO->getOpcode() == BO_Assign && isNullValue(*BO->getRHS(), Ctx)
               ? BO->getLHS()
               : nullptr;
  const auto *Call = dyn_cast<CallExpr>(&S);
  if (!Call)
    return nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
                   isNullValue(*Op->getArg(1), Ctx)
               ? Op->getArg(0)
               : nullptr;
  auto Null = [&](int Arg) {
    return Arg >= 0 && unsigned(Arg) < Call->getNumArgs() &&
           isNullValue(*Call->getArg(Arg), Ctx);
  };
  auto Writes = [](api::FlowEffect E) {
    return E == api::FlowEffect::Store || E == api::FlowEffect::Exchange;
  };
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = MCE->getMethodDecl();
    const api::StdMethod *M = MD ? api::lookupStdMethod(*MD) : nullptr;
    return M && Writes(M->Effect) && Null(M->ValueArg)
               ? MCE->getImplicitObjectArgument()
               : nullptr;
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  const api::FlowFunction *F =
      Callee ? api::lookupFlowFunction(*Callee) : nullptr;
  if (!F || !Writes(F->Effect) || !Null(F->ValueArg) || F->TargetArg < 0 ||
      unsigned(F->TargetArg) >= Call->getNumArgs())
    return nullptr;
  const Expr *Target = stripValue(Call->getArg(F->TargetArg));
  const auto *UO = dyn_cast<UnaryOperator>(Target);
  // std::exchange takes the place by reference, the others its address.
  if (UO && UO->getOpcode() == UO_AddrOf)
    return UO->getSubExpr();
  return api::isInStd(*Callee) ? Target : nullptr;
}

bool Finder::capturedByRef(const VarDecl &VD) {
  if (!CapturedByRef) {
    CapturedByRef.emplace();
    for (const FunctionDecl *Fn : Flow.functions())
      if (const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
          MD && MD->getParent()->isLambda())
        for (const LambdaCapture &C : MD->getParent()->captures())
          if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
            if (const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar()))
              CapturedByRef->insert(Var->getCanonicalDecl());
  }
  return CapturedByRef->contains(VD.getCanonicalDecl());
}

// An exchange of the place with NULL: atomic (`InterlockedExchangePointer`,
// `std::atomic::exchange`), or a read and a clear (`std::exchange`,
// `unique_ptr::release`) under the locks held at the call.
TakeOut Finder::exchangeOf(const CallExpr &Call, const FunctionDecl &Fn) {
  TakeOut Cleared = TakeOut::of(TakeOut::Kind::Cleared);
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const CXXMethodDecl *MD = MCE->getMethodDecl();
    const api::StdMethod *M = MD ? api::lookupStdMethod(*MD) : nullptr;
    if (!M)
      return {};
    if (M->Effect == api::FlowEffect::Release) {
      Cleared.Locks = Order.before(Call, Fn).Held;
      return Cleared;
    }
    const bool Null = M->Effect == api::FlowEffect::Exchange &&
                      M->ValueArg >= 0 &&
                      unsigned(M->ValueArg) < Call.getNumArgs() &&
                      isNullValue(*Call.getArg(M->ValueArg), Ctx);
    return Null ? TakeOut::of(TakeOut::Kind::Atomic) : TakeOut();
  }
  const FunctionDecl *Callee = Call.getDirectCallee();
  const api::FlowFunction *F =
      Callee ? api::lookupFlowFunction(*Callee) : nullptr;
  if (!F || F->Effect != api::FlowEffect::Exchange || F->ValueArg < 0 ||
      unsigned(F->ValueArg) >= Call.getNumArgs() ||
      !isNullValue(*Call.getArg(F->ValueArg), Ctx))
    return {};
  if (!api::isInStd(*Callee) || Callee->getName() != "exchange")
    return TakeOut::of(TakeOut::Kind::Atomic);
  Cleared.Locks = Order.before(Call, Fn).Held;
  return Cleared;
}

// A store of NULL to \p Location after \p ReadAt in \p Fn: the read and the
// store take the handle out under the locks held at both.
TakeOut Finder::clearedAfter(const Expr &Location, const Stmt &ReadAt,
                             const FunctionDecl &Fn) {
  const FunctionDecl *Def = Fn.getDefinition();
  if (!Def)
    return {};
  const SourceManager &SM = Ctx.getSourceManager();
  const Stmt *Clear = nullptr;
  forEachStmtIn(*Def, [&](const Stmt &S) {
    if (Clear ||
        !SM.isBeforeInTranslationUnit(ReadAt.getBeginLoc(), S.getBeginLoc()))
      return;
    if (const Expr *L = clearedBy(S, Ctx); L && sameLocation(L, &Location, Ctx))
      Clear = &S;
  });
  if (!Clear)
    return {};
  TakeOut T =
      TakeOut::of(TakeOut::Kind::Cleared, Order.before(ReadAt, Fn).Held);
  T.Locks &= Order.before(*Clear, Fn).Held;
  if (T.Locks.empty())
    namedLocks(*Def, ReadAt, *Clear, T);
  return T;
}

/// The locks \p Call takes (Acquire) or gives back, by the memory that holds
/// them: a lock function's argument, a std lock method's object.
static void locksOf(const CallExpr &Call, bool Acquire, const ValueFlow &Flow,
                    llvm::SmallPtrSetImpl<const ValueDecl *> &Out, bool &Cut);

// The locks the statements of \p Fn take before \p ReadAt and do not give
// back before \p Clear, in source order, by name: directly or in a helper
// of the TU called there (a helper that only gives back counts as a
// release).
void Finder::namedLocks(const FunctionDecl &Fn, const Stmt &ReadAt,
                        const Stmt &Clear, TakeOut &T) const {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&](const Stmt &A, const Stmt &B) {
    return SM.isBeforeInTranslationUnit(A.getBeginLoc(), B.getBeginLoc());
  };
  llvm::SmallPtrSet<const ValueDecl *, 2> Taken, Released;
  // A lock whose memory a bound kept from being known (RootSteps).
  bool Cut = false;
  forEachStmtIn(Fn, [&](const Stmt &S) {
    const auto *Call = dyn_cast<CallExpr>(&S);
    if (!Call || !Before(S, Clear))
      return;
    auto &Into = Before(S, ReadAt) ? Taken : Released;
    const bool Take = &Into == &Taken;
    llvm::SmallPtrSet<const ValueDecl *, 2> Direct;
    locksOf(*Call, Take, Flow, Direct, Cut);
    const FunctionDecl *Callee = Call->getDirectCallee();
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    if (Direct.empty() && Def && !api::isInStd(*Def)) {
      // A helper: what it takes, or, when it takes nothing, what it gives
      // back.
      llvm::SmallPtrSet<const ValueDecl *, 2> In, Out;
      forEachStmtIn(*Def, [&](const Stmt &Inner) {
        if (const auto *C = dyn_cast<CallExpr>(&Inner)) {
          locksOf(*C, true, Flow, In, Cut);
          locksOf(*C, false, Flow, Out, Cut);
        }
      });
      Direct = Take ? In : (In.empty() ? Out : Direct);
    }
    Into.insert(Direct.begin(), Direct.end());
  });
  if (Cut) {
    T = TakeOut::of(TakeOut::Kind::GaveUp);
    return;
  }
  for (const ValueDecl *D : Taken)
    if (!Released.contains(D))
      T.NamedLocks.insert(D);
}

// The declaration or assignment that stores \p Value, through the
// parentheses and casts around it.
const Stmt *Finder::storeOf(const Expr &Value, bool &CutShort) const {
  const Stmt *S = &Value;
  for (unsigned Depth = 0; S && Depth < limits::bound(limits::StoreSteps);
       ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(*S);
    if (Parents.empty())
      return nullptr;
    // An initialiser's parent is its variable, whose parent is the
    // declaration.
    if (const auto *VD = Parents[0].get<VarDecl>())
      Parents = Ctx.getParents(*VD);
    const Stmt *P = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
    if (!P)
      return nullptr;
    if (isa<DeclStmt>(P))
      return P;
    if (const auto *BO = dyn_cast<BinaryOperator>(P))
      return BO->isAssignmentOp() ? P : nullptr;
    if (!isa<CastExpr, ParenExpr, ExprWithCleanups, MaterializeTemporaryExpr,
             CXXBindTemporaryExpr, CXXConstructExpr>(P))
      return nullptr;
    S = P;
  }
  if (S) {
    CutShort = true;
    limits::hit("StoreSteps", Value.getBeginLoc(),
                "the statement that stores the value here: " +
                    std::to_string(limits::bound(limits::StoreSteps)) +
                    " steps were climbed");
  }
  return nullptr;
}

// How the handle \p Handle, read at \p ReadAt, leaves the memory it is
// shared through: directly, or through the definitions of a local copy.
TakeOut Finder::takeOutOf(const Expr &Handle, const Stmt &ReadAt,
                          const FunctionDecl &Fn,
                          llvm::SmallPtrSetImpl<const Expr *> &Copies) {
  const Expr *E = stripValue(&Handle);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (TakeOut T = exchangeOf(*Call, Fn); T.K != TakeOut::Kind::None)
      return T;
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  const bool Copy = VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
                    !DRE->refersToEnclosingVariableOrCapture() &&
                    !capturedByRef(*VD);
  if (!Copy) {
    const Expr *L = readLocation(E);
    return L ? clearedAfter(*L, ReadAt, Fn) : TakeOut{};
  }
  // Copies of copies are followed to their source; a cycle of copies (in
  // a loop) adds nothing to what its other definitions say.
  if (!Copies.insert(E).second)
    return {};
  if (Copies.size() > limits::bound(limits::CopiesPerTakeOut)) {
    limits::hit(
        "CopiesPerTakeOut", Handle.getBeginLoc(),
        "whether the handle read here was taken out of shared memory: " +
            std::to_string(limits::bound(limits::CopiesPerTakeOut)) +
            " local copies were followed");
    return TakeOut::of(TakeOut::Kind::GaveUp);
  }
  // A local copy: every definition that reaches the read takes it out.
  std::optional<TakeOut> Common;
  bool Cycle = false;
  for (const Expr *Stored : Flow.storedBy(*DRE)) {
    if (!Stored)
      return {};
    if (isNullValue(*Stored, Ctx))
      continue;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(stripValue(Stored));
        Ref && Copies.contains(Ref)) {
      Cycle = true;
      continue;
    }
    bool Cut = false;
    const Stmt *At = storeOf(*Stored, Cut);
    if (Cut)
      return TakeOut::of(TakeOut::Kind::GaveUp);
    TakeOut T = takeOutOf(*Stored, At ? *At : ReadAt, Fn, Copies);
    if (T.K == TakeOut::Kind::GaveUp)
      return T;
    if (T.K == TakeOut::Kind::None || (Common && Common->K != T.K))
      return {};
    if (Common)
      T.Locks &= Common->Locks;
    Common = std::move(T);
  }
  // Only copies of each other: nothing says where the handle came from.
  if (!Common && Cycle)
    return {};
  return Common.value_or(TakeOut{});
}

// The take-out at the event, or at the API close it shows (in a helper, or
// in the entry of the thread it runs on).
TakeOut Finder::takeOut(const Event &E) {
  // Each close meets many others; events no longer move once paired.
  auto It = TakeOuts.find(&E);
  if (It == TakeOuts.end())
    It = TakeOuts.try_emplace(&E, computeTakeOut(E)).first;
  return It->second;
}

TakeOut Finder::computeTakeOut(const Event &E) {
  if (!E.Fn || !E.Site || E.RaiiMember)
    return {};
  // `owner.reset()` reads and clears what the owner holds.
  if (!E.HandleExpr)
    return TakeOut::of(TakeOut::Kind::Cleared, factsAt(E).Held);
  llvm::SmallPtrSet<const Expr *, 8> Copies;
  if (!E.OnThread)
    if (TakeOut T = takeOutOf(*E.HandleExpr, *E.Site, *E.Fn, Copies);
        T.K != TakeOut::Kind::None)
      return T;
  const Expr *Api = E.Chain ? E.Chain->Last : E.OnThread ? E.ShownAt : nullptr;
  auto Close = Api ? ApiCloses.find(Api) : ApiCloses.end();
  if (Close == ApiCloses.end())
    return {};
  const auto [Fn, Handle] = Close->second;
  Copies.clear();
  return takeOutOf(*Handle, *Api, *Fn, Copies);
}

static void locksOf(const CallExpr &Call, bool Acquire, const ValueFlow &Flow,
                    llvm::SmallPtrSetImpl<const ValueDecl *> &Out, bool &Cut) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return;
  const Expr *Lock = nullptr;
  if (const api::LockFunction *LF = api::lookupLockFunction(*Callee)) {
    if (LF->Acquires == Acquire && unsigned(LF->Arg) < Call.getNumArgs())
      Lock = Call.getArg(LF->Arg);
  } else if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const CXXMethodDecl *MD = MCE->getMethodDecl();
    if (MD && api::lookupStdLockMethod(*MD) == Acquire)
      Lock = MCE->getImplicitObjectArgument();
  }
  if (const ValueDecl *D = Lock ? rootLocation(Lock, Flow, 0, &Cut) : nullptr)
    Out.insert(D);
}

} // namespace clang::tidy::winhttp::analysis
