//===--- UseAfterCloseWalk.cpp - one function's walk ----------------------===//
//
// The forward walk of one function's CFG: the closes it sees, the uses of
// closed places it reports, and the owners (RAII objects) whose reset or
// destruction closes what they hold.
//
//===----------------------------------------------------------------------===//

#include "ExprUse.h"
#include "ForwardWalk.h"
#include "MacroSpelling.h"
#include "ThreadModel.h"
#include "UseAfterCloseImpl.h"
#include "WinHttpApi.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::winhttp::analysis {

using namespace useafterclose_detail;

/// The owner object whose held handle \p E reads (`owner.get()`), or null.
static const Expr *ownerRead(const Expr *E) {
  const auto *MC =
      dyn_cast_or_null<CXXMemberCallExpr>(E ? stripValue(E) : nullptr);
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  const Expr *Obj = MC ? MC->getImplicitObjectArgument() : nullptr;
  if (!MD || !Obj || !api::isKnownOwner(Obj->getType()))
    return nullptr;
  const api::StdMethod *M = api::lookupOwnerMethod(*MD);
  return M && M->Effect == api::FlowEffect::Load ? Obj : nullptr;
}

void Walk::collectOwnerCopies() {
  auto Note = [&](const Expr *Target, const Expr *Value) {
    const Expr *Owner = ownerRead(Value);
    std::optional<AccessPath> O = Owner ? placeOf(Owner, A.Ctx) : std::nullopt;
    std::optional<AccessPath> T =
        Target ? placeOf(Target, A.Ctx) : std::nullopt;
    if (O && T)
      OwnerCopies[A.pathId(*O)].push_back(A.pathId(*T));
  };
  forEachStmtIn(*Fn, [&](const Stmt &S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(&S);
        BO && BO->getOpcode() == BO_Assign)
      Note(BO->getLHS(), BO->getRHS());
    else if (const auto *DS = dyn_cast<DeclStmt>(&S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit())
          declared(*VD);
  });
}

// `HINTERNET raw = owner.get();` copies what the owner holds; `Owner o(h);`
// makes o hold h.
void Walk::declared(const VarDecl &VD) {
  const unsigned Var = A.pathId(AccessPath::of(VD));
  if (const Expr *Owner = ownerRead(VD.getInit())) {
    if (std::optional<AccessPath> O = placeOf(Owner, A.Ctx))
      OwnerCopies[A.pathId(*O)].push_back(Var);
    return;
  }
  const auto *Construct = dyn_cast<CXXConstructExpr>(stripValue(VD.getInit()));
  if (Construct && Construct->getNumArgs() >= 1 &&
      api::isKnownOwner(VD.getType()))
    if (std::optional<AccessPath> From = placeOf(Construct->getArg(0), A.Ctx))
      OwnerCopies[Var].push_back(A.pathId(*From));
}

namespace useafterclose_detail {

/// The owner that \p Call gives a new value, `owner.reset(...)` or `owner =
/// ...`, closing what it held; or null.
const Expr *resetOwner(const CallExpr &Call) {
  const Expr *Owner = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const api::StdMethod *M = MD ? api::lookupOwnerMethod(*MD) : nullptr;
    if (M && M->Effect == api::FlowEffect::Store)
      Owner = MC->getImplicitObjectArgument();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
             Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    Owner = Op->getArg(0);
  }
  return Owner && api::isKnownOwner(Owner->getType()) ? Owner : nullptr;
}

} // namespace useafterclose_detail

// A reset closes what the owner held: the copies taken with `get()` before
// are closed values; the owner itself then holds another value (or none),
// so it is no use after close.
void Walk::ownerCloses(const CallExpr &Call, State &St) {
  const Expr *Owner = resetOwner(Call);
  if (!Owner)
    return;
  std::optional<AccessPath> O = placeOf(Owner, A.Ctx);
  std::optional<unsigned> Id = O ? A.knownPathId(*O) : std::nullopt;
  auto It = Id ? OwnerCopies.find(*Id) : OwnerCopies.end();
  if (It == OwnerCopies.end())
    return;
  for (unsigned Copy : It->second)
    St.set(fact({{A.path(Copy)}, nullptr, true, false, false, ""}, Call));
}

/// Whether \p S refers to \p VD anywhere inside it.
static bool mentions(const Stmt &S, const VarDecl &VD) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(&S))
    return DRE->getDecl()->getCanonicalDecl() == VD.getCanonicalDecl();
  return llvm::any_of(S.children(),
                      [&](const Stmt *C) { return C && mentions(*C, VD); });
}

/// Adds the variables \p S refers to anywhere inside it to \p Out.
static void insertVariables(const Stmt &S,
                            llvm::DenseSet<const VarDecl *> &Out) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(&S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      Out.insert(VD->getCanonicalDecl());
  for (const Stmt *Child : S.children())
    if (Child)
      insertVariables(*Child, Out);
}

// Whether every mention of the owner variable \p Owner in the function
// reads or resets it (`o.get()`, `o.reset()`, `o->x`, `o = ...`, a test):
// then it still owns its handle when it is destroyed. A move, a release, a
// lambda's capture or a call that takes it may hand the handle on. One walk
// of the body answers for every variable, so many owners in one function
// cost one walk, not one each.
bool Walk::keepsOwning(const VarDecl &Owner) {
  if (!HandedOn) {
    HandedOn.emplace();
    auto Named = [](const Expr *E) -> const VarDecl * {
      const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? stripValue(E) : E);
      const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      return VD ? VD->getCanonicalDecl() : nullptr;
    };
    llvm::DenseMap<const VarDecl *, int> Unkept;
    forEachStmtIn(*Fn, [&](const Stmt &S) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(&S))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          ++Unkept[VD->getCanonicalDecl()];
      if (const auto *LE = dyn_cast<LambdaExpr>(&S)) {
        for (const LambdaCapture &C : LE->captures())
          if (C.capturesVariable())
            if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
              HandedOn->insert(VD->getCanonicalDecl());
        // `[o = std::move(owner)]`.
        for (const Expr *Init : LE->capture_inits())
          if (Init)
            insertVariables(*Init, *HandedOn);
      }
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&S))
        if (const VarDecl *VD = Named(MC->getImplicitObjectArgument())) {
          const CXXMethodDecl *MD = MC->getMethodDecl();
          const api::StdMethod *M = MD ? api::lookupOwnerMethod(*MD) : nullptr;
          Unkept[VD] -= !M || M->Effect != api::FlowEffect::Release;
        }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&S);
          Op && Op->getNumArgs() >= 1 &&
          (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Equal))
        if (const VarDecl *VD = Named(Op->getArg(0)))
          --Unkept[VD];
    });
    for (const auto &[VD, Count] : Unkept)
      if (Count != 0)
        HandedOn->insert(VD);
  }
  return !HandedOn->contains(Owner.getCanonicalDecl());
}

// The end of an owner's scope closes what it holds, as a reset does, when
// the function never hands the owner on.
void Walk::ownerDestroyed(const CFGAutomaticObjDtor &D, State &St) {
  const VarDecl *VD = D.getVarDecl();
  if (!VD || !api::isKnownOwner(VD->getType()) || !keepsOwning(*VD))
    return;
  std::optional<unsigned> Id = A.knownPathId(AccessPath::of(*VD));
  auto It = Id ? OwnerCopies.find(*Id) : OwnerCopies.end();
  if (It == OwnerCopies.end())
    return;
  const Stmt *Trigger = D.getTriggerStmt();
  SourceLocation Loc = Trigger ? Trigger->getEndLoc() : VD->getLocation();
  if (Trigger && !isa<CompoundStmt>(Trigger))
    Loc = Trigger->getBeginLoc();
  for (unsigned Copy : It->second) {
    auto [FIt, Inserted] =
        FactIds.try_emplace({Trigger ? static_cast<const void *>(Trigger)
                                     : static_cast<const void *>(VD),
                             Copy},
                            Facts.size());
    if (Inserted)
      addFact({{Copy}, nullptr, VD->getNameAsString(), nullptr, Loc, VD});
    St.set(FIt->second);
  }
}

std::optional<State> Walk::run(bool Report) {
  const CFG *G = A.Cfgs.get(Fn);
  if (!G)
    return std::nullopt;
  collectOwnerCopies();
  // Unreached blocks have no state; states grow (or, with Must, shrink)
  // monotonically once reached, so the walk ends.
  bool Reporting = false;
  ForwardWalk<State> Dataflow;
  Dataflow.Join = [&](State &Into, const State &From) {
    if (Must)
      Into &= From;
    else
      Into |= From;
  };
  Dataflow.Transfer = [&](const CFGElement &E, State &S) {
    if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
      transfer(CS->getStmt(), S, Reporting);
    else if (std::optional<CFGAutomaticObjDtor> D =
                 E.getAs<CFGAutomaticObjDtor>())
      ownerDestroyed(*D, S);
  };
  const std::vector<std::optional<State>> Out = Dataflow.run(*G);
  Reporting = Report;
  if (Report)
    for (const CFGBlock *B : *G)
      if (std::optional<State> S = Dataflow.in(*G, *B, Out))
        for (const CFGElement &E : *B)
          Dataflow.Transfer(E, *S);
  const std::optional<State> &Exit = Out[G->getExit().getBlockID()];
  return Exit ? *Exit : State();
}

void Walk::kill(const std::optional<AccessPath> &P, State &St) {
  if (!P)
    return;
  // The place, and every place reached through it; an element whose index
  // is not known may be any: all the elements.
  llvm::ArrayRef<AccessPath::Step> Steps = P->steps();
  const auto *Unknown = llvm::find_if(Steps, [](const AccessPath::Step &S) {
    return S.K == AccessPath::Step::Kind::Element && S.Index < 0;
  });
  const AccessPath Assigned = P->prefix(Unknown - Steps.begin());
  if (std::optional<unsigned> Id = A.knownPathId(Assigned))
    if (auto It = FactsUnder.find(*Id); It != FactsUnder.end())
      for (unsigned F : It->second)
        St.reset(F);
  Killed.insert(A.pathId(Assigned));
}

unsigned Walk::addFact(Fact F) {
  const unsigned Id = Facts.size();
  for (unsigned K : F.Keys) {
    FactsNaming[K].push_back(Id);
    // The place and each place it is reached through: its prefixes. A
    // copy: pathId may grow the paths a reference would point into.
    const AccessPath P = A.path(K);
    for (size_t I = 0; I <= P.steps().size(); ++I)
      FactsUnder[A.pathId(P.prefix(I))].push_back(Id);
  }
  Facts.push_back(std::move(F));
  return Id;
}

unsigned Walk::fact(const Access &Acc, const CallExpr &Call) {
  auto [It, Inserted] =
      FactIds.try_emplace({&Call, A.pathId(Acc.Keys.front())}, Facts.size());
  if (Inserted) {
    // The place closed; the places a local was copied from name what the
    // local held when it was copied, which may be gone by the close.
    Fact F{{A.pathId(Acc.Keys.front())},
           &Call,
           "",
           Acc.Direct ? Acc.Handle : nullptr,
           Call.getBeginLoc()};
    if (const FunctionDecl *Callee = Call.getDirectCallee())
      F.Callee = Callee->getNameAsString();
    else if (const api::Function *Api = A.Flow.apiOf(Call))
      F.Callee = Api->Name.str();
    addFact(std::move(F));
  }
  return It->second;
}

void Walk::use(const CallExpr &Call, const Access &Acc, const State &St) {
  const Fact *First = nullptr;
  const SourceManager &SM = A.Ctx.getSourceManager();
  for (const AccessPath &K : Acc.Keys) {
    std::optional<unsigned> Id = A.knownPathId(K);
    auto It = Id ? FactsNaming.find(*Id) : FactsNaming.end();
    if (It == FactsNaming.end())
      continue;
    for (unsigned F : It->second) {
      const Fact &Cand = Facts[F];
      if (St.test(F) &&
          (!First || SM.isBeforeInTranslationUnit(Cand.Loc, First->Loc)))
        First = &Cand;
    }
  }
  // Instantiations of one template share their locations.
  if (!First || !A.Reported.insert(Call.getBeginLoc().getRawEncoding()).second)
    return;
  UseAfterCloseFinding R;
  R.Use = &Call;
  if (const api::Function *Api = A.Flow.apiOf(Call))
    R.UseCallee = Api->Name.str();
  else if (const FunctionDecl *Callee = Call.getDirectCallee())
    R.UseCallee = Callee->getNameAsString();
  R.Handle = Acc.Shown.empty() ? "the handle" : Acc.Shown;
  R.ClosesAgain = Acc.Closes;
  R.Close = First->Close;
  R.CloseLoc = First->Loc;
  R.DestroyedOwner = First->Owner;
  R.CloseCallee = First->Callee;
  R.ClosedHandle = First->Handle;
  A.Findings.push_back(std::move(R));
}

void Walk::transfer(const Stmt *S, State &St, bool Report) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      kill(AccessPath::ofLvalue(*BO->getLHS(), A.Ctx), St);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        kill(AccessPath::of(*VD), St);
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    kill(AccessPath::ofLvalue(*Op->getArg(0), A.Ctx), St);
    ownerCloses(*Call, St);
    return;
  }
  ownerCloses(*Call, St);
  llvm::SmallVector<Access, 2> Accesses = A.accesses(*Call);
  for (const Access &Acc : Accesses) {
    Used.try_emplace(A.pathId(Acc.Keys.front()), Acc.Shown);
    if (Report)
      use(*Call, Acc, St);
  }
  // A call can store through `&x` and through a reference to x; what it
  // closes on every path it did not store to.
  const FunctionDecl *Callee = Call->getDirectCallee();
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    const Expr *Arg = stripValue(Call->getArg(I));
    if (const auto *UO = dyn_cast<UnaryOperator>(Arg);
        UO && UO->getOpcode() == UO_AddrOf)
      kill(AccessPath::ofLvalue(*UO->getSubExpr(), A.Ctx), St);
    else if (Callee && I < Callee->getNumParams() &&
             Callee->getParamDecl(I)->getType()->isReferenceType() &&
             !Callee->getParamDecl(I)
                  ->getType()
                  .getNonReferenceType()
                  .isConstQualified())
      kill(AccessPath::ofLvalue(*Arg, A.Ctx), St);
  }
  for (const Access &Acc : Accesses)
    if (Acc.Closes)
      St.set(fact(Acc, *Call));
}

} // namespace clang::tidy::winhttp::analysis
