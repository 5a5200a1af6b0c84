//===--- UseAfterClose.cpp - WinHTTP calls on closed handles --------------===//
//
// Access paths, function summaries and the per-function CFG walk of
// UseAfterClose.h.
//
//===----------------------------------------------------------------------===//

#include "UseAfterClose.h"
#include "ExprUse.h"
#include "ForwardWalk.h"
#include "FunctionCfg.h"
#include "MacroSpelling.h"
#include "ThreadModel.h"
#include "ValueFlow.h"
#include "WinHttpApi.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SparseBitVector.h"
#include "llvm/ADT/StringMap.h"
#include <optional>

namespace clang::tidy::winhttp::analysis {
namespace {

using State = llvm::SparseBitVector<>;
using Key = std::string;

std::string id(char Tag, const void *P) {
  return Tag + llvm::utohexstr(reinterpret_cast<uintptr_t>(P));
}

std::optional<Key> addressKey(const Expr *E);

// The place an lvalue names: `h` is "d<h>", `p->f` is the address of *p
// followed by ">f", `o.f` is "&d<o>>f", `*p` is "*" and p's address.
std::optional<Key> lvalueKey(const Expr *E);

// The address of the object the lvalue \p L names.
std::optional<Key> addressOfLvalue(const Expr *L) {
  L = stripValue(L);
  if (const auto *UO = dyn_cast<UnaryOperator>(L);
      UO && UO->getOpcode() == UO_Deref)
    return addressKey(UO->getSubExpr());
  std::optional<Key> K = lvalueKey(L);
  return K ? std::optional<Key>("&" + *K) : std::nullopt;
}

std::optional<Key> lvalueKey(const Expr *E) {
  E = stripValue(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    // A global is named alike in every function.
    return id(VD->hasLocalStorage() ? 'd' : 'g', VD->getCanonicalDecl());
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return std::nullopt;
    std::optional<Key> Base = ME->isArrow() ? addressKey(ME->getBase())
                                            : addressOfLvalue(ME->getBase());
    return Base ? std::optional<Key>(*Base + ">" +
                                     id('f', FD->getCanonicalDecl()))
                : std::nullopt;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref) {
    std::optional<Key> A = addressKey(UO->getSubExpr());
    return A ? std::optional<Key>("*" + *A) : std::nullopt;
  }
  return std::nullopt;
}

// The address a pointer-valued expression holds: `&o`, `this`, or the
// pointer read from a variable or field (named by that place).
std::optional<Key> addressKey(const Expr *E) {
  E = stripValue(E);
  if (isa<CXXThisExpr>(E))
    return Key("t");
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    return addressOfLvalue(UO->getSubExpr());
  return lvalueKey(E);
}

/// Whether \p K is \p Root or a place reached from it.
bool under(llvm::StringRef K, llvm::StringRef Root) {
  return K == Root || (K.starts_with(Root) && K.size() > Root.size() &&
                       K[Root.size()] == '>');
}

/// What a function does to a place its caller names: a parameter (Param),
/// the object the method is called on (This) or a global (Global), followed
/// by Suffix.
struct Effect {
  bool This = false;
  bool Global = false;
  unsigned Param = 0;
  /// Whether the root is the parameter's address (`&p`, a by-reference or
  /// by-value object) or its value.
  bool Address = false;
  std::string Suffix;
  /// The handle as written in the function, for messages.
  std::string Shown;
};

struct Summary {
  /// Closed on every path to the exit.
  std::vector<Effect> Closes;
  /// Called WinHTTP on, on some path.
  std::vector<Effect> Uses;
};

/// A handle closed at a point, and the places that name it.
struct Fact {
  llvm::SmallVector<unsigned, 2> Keys;
  /// The closing call, or null for the destruction of Owner at Loc.
  const CallExpr *Close;
  std::string Callee;
  const Expr *Handle;
  SourceLocation Loc;
  const VarDecl *Owner = nullptr;
};

/// A close or a use at a call: the place, its alias places, the handle as
/// written (the argument or object, for a call of a function of the TU).
struct Access {
  llvm::SmallVector<Key, 2> Keys;
  const Expr *Handle;
  bool Closes;
  bool Uses;
  /// A WinHTTP call, whose handle argument is Handle.
  bool Direct;
  /// The handle for messages.
  std::string Shown;
};

class Analysis {
public:
  Analysis(ASTContext &Ctx, bool SystemHeaders)
      : Ctx(Ctx), Flow(ValueFlow::shared(Ctx, {{}, SystemHeaders})), Cfgs(Ctx) {
  }

  std::vector<UseAfterCloseFinding> run();

  const Summary &summary(const FunctionDecl *Fn);
  llvm::SmallVector<Access, 2> accesses(const CallExpr &Call);
  unsigned keyId(const Key &K) {
    auto [It, Inserted] = KeyIds.try_emplace(K, KeyNames.size());
    if (Inserted)
      KeyNames.push_back(K);
    return It->second;
  }
  llvm::StringRef keyName(unsigned Id) const { return KeyNames[Id]; }

  ASTContext &Ctx;
  const ValueFlow &Flow;
  FunctionCfgs Cfgs;
  llvm::StringMap<unsigned> KeyIds;
  std::vector<Key> KeyNames;
  llvm::DenseMap<const FunctionDecl *, Summary> Summaries;
  llvm::DenseSet<const FunctionDecl *> InProgress;
  std::vector<UseAfterCloseFinding> Findings;
  llvm::DenseSet<unsigned> Reported;
};

/// The places an expression names: its own and, for a local whose every
/// reaching definition copies a place, those (a use of the copy is a use of
/// what it copied, if that is closed).
llvm::SmallVector<Key, 2> placesOf(const Expr *E, const ValueFlow &Flow) {
  llvm::SmallVector<Key, 2> Result;
  std::optional<Key> K = lvalueKey(E);
  if (!K)
    return Result;
  Result.push_back(*K);
  const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(E));
  if (!DRE || !isa<VarDecl>(DRE->getDecl()))
    return Result;
  llvm::SmallVector<const Expr *, 2> Stored = Flow.storedBy(*DRE);
  llvm::SmallVector<Key, 2> Copies;
  for (const Expr *S : Stored) {
    std::optional<Key> From = S ? lvalueKey(S) : std::nullopt;
    if (!From)
      return Result;
    Copies.push_back(*From);
  }
  Result.append(Copies.begin(), Copies.end());
  return Result;
}

/// The address of the object a member call is made on.
std::optional<Key> objectAddress(const CallExpr &Call) {
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call);
  if (!MCE || !MCE->getImplicitObjectArgument())
    return std::nullopt;
  const auto *ME = dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens());
  const Expr *Obj = MCE->getImplicitObjectArgument();
  return ME && ME->isArrow() ? addressKey(Obj) : addressOfLvalue(Obj);
}

/// The place a callee's effect names at a call, and the argument or object
/// it hangs from; no place when the call does not name one.
std::pair<std::optional<Key>, const Expr *> placeAtCall(const Effect &E,
                                                        const CallExpr &Call) {
  std::optional<Key> Root;
  const Expr *From = nullptr;
  if (E.Global)
    return {E.Suffix, nullptr};
  if (E.This) {
    Root = objectAddress(Call);
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call))
      From = MCE->getImplicitObjectArgument();
  } else {
    unsigned Index = E.Param;
    if (isa<CXXOperatorCallExpr>(Call) &&
        isa_and_nonnull<CXXMethodDecl>(Call.getDirectCallee()))
      ++Index;
    if (Index >= Call.getNumArgs())
      return {std::nullopt, nullptr};
    From = Call.getArg(Index);
    Root = E.Address ? addressOfLvalue(From) : addressKey(From);
  }
  if (!Root || !From)
    return {std::nullopt, nullptr};
  return {*Root + E.Suffix, From};
}

bool sameEffect(const Effect &A, const Effect &B) {
  return A.This == B.This && A.Global == B.Global && A.Param == B.Param &&
         A.Address == B.Address && A.Suffix == B.Suffix;
}

// What the call closes and uses: a WinHTTP call its handle argument, a call
// of a function of the TU what its summary says.
llvm::SmallVector<Access, 2> Analysis::accesses(const CallExpr &Call) {
  llvm::SmallVector<Access, 2> Result;
  if (const api::Function *Api = Flow.apiOf(Call)) {
    if (Api->HandleArg < 0 || unsigned(Api->HandleArg) >= Call.getNumArgs())
      return Result;
    const Expr *H = Call.getArg(Api->HandleArg);
    llvm::SmallVector<Key, 2> Keys = placesOf(H, Flow);
    if (!Keys.empty())
      Result.push_back({Keys, H, Api->has(api::ClosesHandle), true, true,
                        sourceText(*H, Ctx).str()});
    return Result;
  }
  llvm::SmallVector<const FunctionDecl *, 2> Callees = Flow.callees(Call);
  if (Callees.size() != 1 || !Callees.front()->hasBody())
    return Result;
  const Summary &S = summary(Callees.front()->getCanonicalDecl());
  // Every close is a use as well.
  for (const Effect &E : S.Uses) {
    auto [K, From] = placeAtCall(E, Call);
    if (!K)
      continue;
    const bool Closes = llvm::any_of(
        S.Closes, [&](const Effect &C) { return sameEffect(C, E); });
    Access Acc{{*K}, From, Closes, true, false, E.Shown};
    if (From && !E.This && E.Suffix.empty())
      Acc.Shown = sourceText(*From, Ctx).str();
    Result.push_back(std::move(Acc));
  }
  return Result;
}

/// The forward walk of one function's CFG. With Must, merges intersect and
/// the walk computes a summary; otherwise they unite and it reports.
class Walk {
public:
  Walk(Analysis &A, const FunctionDecl *Fn, bool Must)
      : A(A), Fn(Fn), Must(Must) {}

  /// The state at the exit, or none without a CFG.
  std::optional<State> run(bool Report);

  std::vector<Fact> Facts;
  /// Places assigned anywhere in the function.
  llvm::DenseSet<unsigned> Killed;
  /// Places WinHTTP is called on anywhere in the function, with the
  /// handle as first written there.
  llvm::DenseMap<unsigned, std::string> Used;

private:
  void collectOwnerCopies();
  void declared(const VarDecl &VD);
  void ownerCloses(const CallExpr &Call, State &St);
  void ownerDestroyed(const CFGAutomaticObjDtor &D, State &St);
  bool keepsOwning(const VarDecl &Owner);
  void transfer(const Stmt *S, State &St, bool Report);
  void kill(const std::optional<Key> &K, State &St);
  void use(const CallExpr &Call, const Access &Acc, const State &St);
  unsigned fact(const Access &Acc, const CallExpr &Call);
  unsigned addFact(Fact F);

  Analysis &A;
  const FunctionDecl *Fn;
  const bool Must;
  /// keepsOwning's answer for every owner variable of the function, found
  /// in one walk of the body the first time it is asked.
  std::optional<llvm::DenseSet<const VarDecl *>> HandedOn;
  llvm::DenseMap<std::pair<const void *, unsigned>, unsigned> FactIds;
  /// The facts by each place they name, and by each place those are
  /// reached through (`o` for `o>f`): a use or an assignment looks up its
  /// own place instead of scanning every closed handle, so a function with
  /// thousands of handles costs what it names.
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> FactsNaming,
      FactsUnder;
  /// The locals that copy what an owner (by its place) holds: `HINTERNET
  /// raw = owner.get();`.
  llvm::StringMap<llvm::SmallVector<Key, 2>> OwnerCopies;
};

/// The owner object whose held handle \p E reads (`owner.get()`), or null.
const Expr *ownerRead(const Expr *E) {
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
    std::optional<Key> O = Owner ? lvalueKey(Owner) : std::nullopt;
    std::optional<Key> T = Target ? lvalueKey(Target) : std::nullopt;
    if (O && T)
      OwnerCopies[*O].push_back(*T);
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
  const Key Var = id('d', VD.getCanonicalDecl());
  if (const Expr *Owner = ownerRead(VD.getInit())) {
    if (std::optional<Key> O = lvalueKey(Owner))
      OwnerCopies[*O].push_back(Var);
    return;
  }
  const auto *Construct = dyn_cast<CXXConstructExpr>(stripValue(VD.getInit()));
  if (Construct && Construct->getNumArgs() >= 1 &&
      api::isKnownOwner(VD.getType()))
    if (std::optional<Key> From = lvalueKey(Construct->getArg(0)))
      OwnerCopies[Var].push_back(*From);
}

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

// A reset closes what the owner held: the copies taken with `get()` before
// are closed values; the owner itself then holds another value (or none),
// so it is no use after close.
void Walk::ownerCloses(const CallExpr &Call, State &St) {
  const Expr *Owner = resetOwner(Call);
  if (!Owner)
    return;
  std::optional<Key> O = lvalueKey(Owner);
  auto It = O ? OwnerCopies.find(*O) : OwnerCopies.end();
  if (It == OwnerCopies.end())
    return;
  for (const Key &Copy : It->second)
    St.set(fact({{Copy}, nullptr, true, false, false, ""}, Call));
}

/// Whether \p S refers to \p VD anywhere inside it.
bool mentions(const Stmt &S, const VarDecl &VD) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(&S))
    return DRE->getDecl()->getCanonicalDecl() == VD.getCanonicalDecl();
  return llvm::any_of(S.children(),
                      [&](const Stmt *C) { return C && mentions(*C, VD); });
}

/// Adds the variables \p S refers to anywhere inside it to \p Out.
void insertVariables(const Stmt &S, llvm::DenseSet<const VarDecl *> &Out) {
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
  auto It = OwnerCopies.find(id('d', VD->getCanonicalDecl()));
  if (It == OwnerCopies.end())
    return;
  const Stmt *Trigger = D.getTriggerStmt();
  SourceLocation Loc = Trigger ? Trigger->getEndLoc() : VD->getLocation();
  if (Trigger && !isa<CompoundStmt>(Trigger))
    Loc = Trigger->getBeginLoc();
  for (const Key &Copy : It->second) {
    auto [FIt, Inserted] =
        FactIds.try_emplace({Trigger ? static_cast<const void *>(Trigger)
                                     : static_cast<const void *>(VD),
                             A.keyId(Copy)},
                            Facts.size());
    if (Inserted)
      addFact(
          {{A.keyId(Copy)}, nullptr, VD->getNameAsString(), nullptr, Loc, VD});
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

void Walk::kill(const std::optional<Key> &K, State &St) {
  if (!K)
    return;
  // The place, and every place reached through it.
  for (const Key &Root : {*K, "&" + *K}) {
    auto Id = A.KeyIds.find(Root);
    auto It =
        Id == A.KeyIds.end() ? FactsUnder.end() : FactsUnder.find(Id->second);
    if (It != FactsUnder.end())
      for (unsigned F : It->second)
        St.reset(F);
  }
  Killed.insert(A.keyId(*K));
}

unsigned Walk::addFact(Fact F) {
  const unsigned Id = Facts.size();
  for (unsigned K : F.Keys) {
    FactsNaming[K].push_back(Id);
    // The place and each place it is reached through: the prefixes of its
    // key that `under` accepts.
    // A copy: keyId may grow the names Name would point into.
    const std::string Name = A.keyName(K).str();
    for (size_t I = 0; I < Name.size(); ++I)
      if (Name[I] == '>')
        FactsUnder[A.keyId(Name.substr(0, I))].push_back(Id);
    FactsUnder[K].push_back(Id);
  }
  Facts.push_back(std::move(F));
  return Id;
}

unsigned Walk::fact(const Access &Acc, const CallExpr &Call) {
  auto [It, Inserted] =
      FactIds.try_emplace({&Call, A.keyId(Acc.Keys.front())}, Facts.size());
  if (Inserted) {
    // The place closed; the places a local was copied from name what the
    // local held when it was copied, which may be gone by the close.
    Fact F{{A.keyId(Acc.Keys.front())},
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
  for (const Key &K : Acc.Keys) {
    auto It = FactsNaming.find(A.keyId(K));
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
      kill(lvalueKey(BO->getLHS()), St);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        kill(id('d', VD->getCanonicalDecl()), St);
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    kill(lvalueKey(Op->getArg(0)), St);
    ownerCloses(*Call, St);
    return;
  }
  ownerCloses(*Call, St);
  llvm::SmallVector<Access, 2> Accesses = A.accesses(*Call);
  for (const Access &Acc : Accesses) {
    Used.try_emplace(A.keyId(Acc.Keys.front()), Acc.Shown);
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
      kill(lvalueKey(UO->getSubExpr()), St);
    else if (Callee && I < Callee->getNumParams() &&
             Callee->getParamDecl(I)->getType()->isReferenceType() &&
             !Callee->getParamDecl(I)
                  ->getType()
                  .getNonReferenceType()
                  .isConstQualified())
      kill(lvalueKey(Arg), St);
  }
  for (const Access &Acc : Accesses)
    if (Acc.Closes)
      St.set(fact(Acc, *Call));
}

// A place of the function's own: the root it hangs from, as an effect.
std::optional<Effect> effectOf(llvm::StringRef K, const FunctionDecl *Fn) {
  Effect E;
  if (K.starts_with("g") || K.starts_with("&g")) {
    E.Global = true;
    E.Suffix = K.str();
    return E;
  }
  if (under(K, "t")) {
    if (!isa<CXXMethodDecl>(Fn) || cast<CXXMethodDecl>(Fn)->isStatic())
      return std::nullopt;
    E.This = true;
    E.Suffix = K.drop_front(1).str();
    return E;
  }
  for (unsigned I = 0; I < Fn->getNumParams(); ++I) {
    const std::string Root = id('d', Fn->getParamDecl(I)->getCanonicalDecl());
    for (bool Address : {true, false}) {
      const std::string R = Address ? "&" + Root : Root;
      if (!under(K, R))
        continue;
      E.Param = I;
      E.Address = Address;
      E.Suffix = K.drop_front(R.size()).str();
      return E;
    }
  }
  return std::nullopt;
}

const Summary &Analysis::summary(const FunctionDecl *Fn) {
  if (auto It = Summaries.find(Fn); It != Summaries.end())
    return It->second;
  static const Summary None;
  const FunctionDecl *Def = nullptr;
  // A recursive call does nothing known.
  if (!Fn->hasBody(Def) || !InProgress.insert(Fn).second)
    return None;
  Summary S;
  Walk W(*this, Def, /*Must=*/true);
  std::optional<State> Exit = W.run(/*Report=*/false);
  auto Name = [&](unsigned Id) { return keyName(Id); };
  // A parameter assigned in the function no longer names the caller's.
  auto Assigned = [&](const Effect &E) {
    return llvm::any_of(W.Killed, [&](unsigned Id) {
      std::optional<Effect> K = effectOf(Name(Id), Def);
      return K && K->This == E.This && K->Global == E.Global &&
             K->Param == E.Param &&
             llvm::StringRef(E.Suffix).starts_with(K->Suffix);
    });
  };
  if (Exit)
    for (unsigned F : *Exit)
      if (std::optional<Effect> E =
              effectOf(Name(W.Facts[F].Keys.front()), Def);
          E && !Assigned(*E))
        S.Closes.push_back(*E);
  for (const auto &[Id, Shown] : W.Used)
    if (std::optional<Effect> E = effectOf(Name(Id), Def); E && !Assigned(*E)) {
      E->Shown = Shown;
      S.Uses.push_back(*E);
    }
  // A close by no call (an owner's destruction) is a use as well.
  for (const Effect &C : S.Closes)
    if (llvm::none_of(S.Uses,
                      [&](const Effect &U) { return sameEffect(C, U); }))
      S.Uses.push_back(C);
  InProgress.erase(Fn);
  return Summaries[Fn] = std::move(S);
}

std::vector<UseAfterCloseFinding> Analysis::run() {
  for (const FunctionDecl *Fn : Flow.functions()) {
    // Only functions that close something need the walk: a close, a reset,
    // a local owner that is destroyed.
    bool Closes = false;
    forEachStmtIn(*Fn, [&](const Stmt &S) {
      if (Closes)
        return;
      if (const auto *Call = dyn_cast<CallExpr>(&S))
        Closes = resetOwner(*Call) ||
                 llvm::any_of(accesses(*Call),
                              [](const Access &Acc) { return Acc.Closes; });
      else if (const auto *DS = dyn_cast<DeclStmt>(&S))
        Closes = llvm::any_of(DS->decls(), [](const Decl *D) {
          const auto *VD = dyn_cast<VarDecl>(D);
          return VD && VD->hasLocalStorage() &&
                 api::isKnownOwner(VD->getType());
        });
    });
    if (!Closes)
      continue;
    Walk(*this, Fn, /*Must=*/false).run(/*Report=*/true);
    // No walk is under way here: the CFGs built for this function and for
    // the summaries it asked for are not needed again (a later walk builds
    // what it needs), so at most one function's worth is alive.
    Cfgs.clear();
  }
  return std::move(Findings);
}

} // namespace

std::vector<UseAfterCloseFinding> findUsesAfterClose(ASTContext &Ctx,
                                                     bool SystemHeaders) {
  Analysis A(Ctx, SystemHeaders);
  return A.run();
}

} // namespace clang::tidy::winhttp::analysis
