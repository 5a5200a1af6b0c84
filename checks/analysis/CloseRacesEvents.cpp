//===--- CloseRacesEvents.cpp - the closes and blocking calls of a TU -----===//
//
// Collects the closes and blocking calls of the TU as events, lifts the
// effects of helpers on their parameters or object to their call sites and
// thread starts, and adds the closes of owners destroyed with their holder.
//
//===----------------------------------------------------------------------===//

#include "CloseRacesFinder.h"
#include "ExprUse.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace closeraces_detail;

// Whether an event shows where it is, or only at the calls that choose
// its handle: an event on a parameter shows at the calls, unless nothing in
// the TU calls its function or it runs on its own. An event on a field of
// an owner object (a class whose destructor closes the field) shows where
// the owner is named; one on a field of another class shows in the method.
bool Finder::shown(const Event &E) const {
  const bool Root =
      !E.Fn || Flow.callSitesOf(E.Fn).empty() || Flow.isEntry(E.Fn);
  // A parameter that thread starts hand over shows at the starts.
  auto StartsBind = [&](unsigned Param) {
    return llvm::any_of(EntryOf.lookup(E.Fn), [&](ValueId T) {
      return llvm::any_of(Flow.startArguments(T, E.Fn),
                          [&](const auto &A) { return A.first == Param; });
    });
  };
  auto IsOwner = [&](const RecordDecl *RD) {
    const auto *CRD = dyn_cast_or_null<CXXRecordDecl>(RD);
    return CRD && OwnerCloses.count(CRD->getCanonicalDecl());
  };
  switch (E.Via.K) {
  case Target::Kind::None:
    return !E.ThisClass || IsOwner(E.ThisClass);
  case Target::Kind::Param:
    // Shown where it is when nothing in the TU hands the handle over, or
    // when code outside the TU calls the function (a callback, a function
    // handed out).
    return (Flow.callSitesOf(E.Fn).empty() && !StartsBind(E.Via.Param)) ||
           (Flow.isEntry(E.Fn) && !EntryOf.count(E.Fn));
  case Target::Kind::This:
    if (IsOwner(E.Via.Inner->getParent()))
      return Root && !isa<CXXDestructorDecl>(E.Fn);
    return !E.ThisClass;
  }
  return true;
}

ChainRef Finder::chain(const Expr *Call, std::string Callee, ChainRef Next) {
  ChainNodes.push_back(
      {{Call, std::move(Callee)}, Next, Next ? Next->Last : Call});
  return &ChainNodes.back();
}

bool Finder::addEffect(const FunctionDecl *Fn, Effect E) {
  std::vector<Effect> &List = Effects[Fn];
  for (const Effect &Old : List)
    if (Old.Kind == E.Kind && Old.On.K == E.On.K &&
        Old.On.Param == E.On.Param && Old.On.Inner == E.On.Inner)
      return false;
  List.push_back(std::move(E));
  return true;
}

Event &Finder::addEvent(EventKind Kind, const FunctionDecl *Fn,
                        const Expr *Site, const Expr *Handle,
                        std::string Callee, std::string Api, ChainRef Chain,
                        const FieldDecl *Inner) {
  Event E;
  E.Kind = Kind;
  E.Fn = Fn;
  E.Site = Site;
  E.Values = !Inner ? Flow.valuesOf(*Handle)
             : isa<CXXThisExpr>(stripValue(Handle))
                 ? Flow.valuesOfDecl(*Inner)
                 : Flow.valuesOfField(*Handle, *Inner);
  E.HandleExpr = Handle;
  E.Inner = Inner;
  // Objects of one class whose methods store the field meet there; two
  // known objects are told apart by their names.
  if (Inner)
    E.Owner = declOf(Handle);
  E.Callee = std::move(Callee);
  E.Handle = text(Handle);
  E.Api = std::move(Api);
  E.Chain = Chain;
  Events.push_back(std::move(E));
  return Events.back();
}

void Finder::onApiCall(const CallExpr &Call, const api::Function &Api,
                       const FunctionDecl *Fn) {
  for (EventKind Kind : {EventKind::Close, EventKind::Block}) {
    const unsigned Trait =
        Kind == EventKind::Close ? Config.CloseTrait : Config.BlockTrait;
    if (!(Api.Traits & Trait) || Api.HandleArg < 0 ||
        unsigned(Api.HandleArg) >= Call.getNumArgs())
      continue;
    const Expr *Handle = Call.getArg(Api.HandleArg);
    const Target T = targetOf(Handle, Fn);
    const std::string Name = Api.Name.str();
    if (T.K != Target::Kind::None)
      addEffect(Fn, {Kind, T, Name, chain(&Call, Name, nullptr), text(Handle)});
    addEvent(Kind, Fn, &Call, Handle, Name, Name, {}, nullptr).Via = T;
  }
}

// `owner.reset()` of a standard owner, or of an owner named in HandleTypes
// whose code the TU does not show, closes what it held.
void Finder::onOwnerReset(const CXXMemberCallExpr &Call,
                          const FunctionDecl *Fn) {
  const CXXMethodDecl *MD = Call.getMethodDecl();
  const Expr *Obj = Call.getImplicitObjectArgument();
  if (!MD || !Obj || !isOwnerType(Obj->getType()) ||
      !(Config.CloseTrait & api::ClosesHandle))
    return;
  // A method whose code the analysis reads is summarised instead.
  const bool Read =
      MD->hasBody() && !api::isInStd(*MD) &&
      (Config.SystemHeaders ||
       !Ctx.getSourceManager().isInSystemHeader(MD->getLocation()));
  if (Read)
    return;
  const api::StdMethod *M = api::lookupOwnerMethod(*MD);
  if (!M || M->Effect != api::FlowEffect::Store)
    return;
  Event E;
  E.Kind = EventKind::Close;
  E.Fn = Fn;
  E.Site = &Call;
  E.Values = heldBy(*Obj);
  E.Owner = declOf(Obj);
  E.Callee = MD->getNameAsString();
  E.Handle = text(Obj);
  Events.push_back(std::move(E));
}

void Finder::collectCalls() {
  for (const FunctionDecl *Def : Flow.functions()) {
    const FunctionDecl *Fn = Def->getCanonicalDecl();
    forEachStmtIn(*Def, [&](const Stmt &S) {
      const auto *Call = dyn_cast<CallExpr>(&S);
      if (!Call)
        return;
      if (const api::Function *Api = Flow.apiOf(*Call))
        return onApiCall(*Call, *Api, Fn);
      const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call);
      if (!MCE || !MCE->getMethodDecl())
        return;
      onOwnerReset(*MCE, Fn);
      if (api::lookupStdWait(*MCE->getMethodDecl()) == api::StdWaitKind::Detach)
        Detached |= Flow.valuesOf(*MCE->getImplicitObjectArgument());
    });
  }
}

// Lifts each effect to the calls of its function until nothing is new.
void Finder::liftEffects() {
  llvm::SmallVector<std::pair<const FunctionDecl *, size_t>, 16> Work;
  for (const auto &[Fn, List] : Effects)
    for (size_t I = 0; I < List.size(); ++I)
      Work.push_back({Fn, I});
  while (!Work.empty()) {
    auto [Fn, I] = Work.pop_back_val();
    const Effect E = Effects[Fn][I];
    if (E.On.K == Target::Kind::Param)
      for (ValueId T : EntryOf.lookup(Fn))
        liftToStart(Fn, E, T);
    for (const CallSite &Site : Flow.callSitesOf(Fn)) {
      if (!Site.Caller)
        continue;
      const FunctionDecl *Caller = Site.Caller->getCanonicalDecl();
      const size_t Before = Effects[Caller].size();
      liftTo(Fn, E, Site);
      for (size_t J = Before; J < Effects[Caller].size(); ++J)
        Work.push_back({Caller, J});
    }
  }
}

// The argument a call passes for parameter \p Param, or its object.
static const Expr *argumentFor(const Expr &Call, const Target &On) {
  if (On.K == Target::Kind::This) {
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call))
      return MCE->getImplicitObjectArgument();
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
    return Op && Op->getNumArgs() > 0 &&
                   isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee())
               ? Op->getArg(0)
               : nullptr;
  }
  unsigned Index = On.Param;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call))
    if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
      ++Index;
  if (const auto *CE = dyn_cast<CallExpr>(&Call))
    return Index < CE->getNumArgs() ? CE->getArg(Index) : nullptr;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(&Call))
    return Index < CE->getNumArgs() ? CE->getArg(Index) : nullptr;
  return nullptr;
}

// A thread start that hands the handle to the entry: the event shows at the
// start and runs on that thread only.
void Finder::liftToStart(const FunctionDecl *Entry, const Effect &E,
                         ValueId T) {
  for (const auto &[Param, Arg] : Flow.startArguments(T, Entry)) {
    if (Param != E.On.Param)
      continue;
    const auto *Start = cast<Expr>(Flow.value(T).Site);
    // Reported in the entry, where the call is written.
    Event &Ev = addEvent(E.Kind, Entry, Start, Arg, E.Chain->Step.Callee, E.Api,
                         E.Chain->Next, E.On.Inner);
    Ev.OnThread = T;
    Ev.ShownAt = E.Chain->Step.Call;
    Ev.Handle = E.Handle;
  }
}

bool Finder::liftTo(const FunctionDecl *Callee, const Effect &E,
                    const CallSite &Site) {
  const Expr *Arg = argumentFor(*Site.Call, E.On);
  if (!Arg)
    return false;
  const FunctionDecl *Caller = Site.Caller->getCanonicalDecl();
  const std::string Name = Callee->getNameAsString();
  ChainRef Chain = chain(Site.Call, Name, E.Chain);
  Target T;
  if (!E.On.Inner) {
    T = targetOf(Arg, Caller);
  } else if (isa<CXXThisExpr>(stripValue(Arg)) && hasOwnThis(Caller)) {
    T = {Target::Kind::This, 0, E.On.Inner};
  } else {
    // The handle is the field Inner of the object the call names.
    T = targetOf(Arg, Caller);
    if (T.K != Target::Kind::Param || T.Inner)
      T = {};
    else
      T.Inner = E.On.Inner;
  }
  if (T.K != Target::Kind::None)
    addEffect(Caller, {E.Kind, T, E.Api, Chain, text(Arg)});
  Event &Lifted = addEvent(E.Kind, Caller, Site.Call, Arg, Name, E.Api, E.Chain,
                           E.On.Inner);
  Lifted.Via = T;
  if (E.On.K == Target::Kind::This)
    Lifted.ThisClass = dyn_cast<CXXRecordDecl>(E.On.Inner->getParent());
  return true;
}

/// Whether objects of \p RD hand out the handle \p Field they hold: a
/// conversion operator or an accessor that returns it. Such a class is an
/// owner: its objects are told apart by where they are stored.
static bool handsOutHandle(const CXXRecordDecl &RD, const FieldDecl *Field) {
  return llvm::any_of(RD.methods(), [&](const CXXMethodDecl *MD) {
    return isa<CXXConversionDecl>(MD) || (Field && returnedField(MD) == Field);
  });
}

// Owners held in fields close when the object holding them is destroyed,
// after its destructor's body.
void Finder::collectDestructions(
    llvm::ArrayRef<const CXXRecordDecl *> Records) {
  for (const auto &[Fn, List] : Effects)
    if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(Fn))
      for (const Effect &E : List)
        if (E.Kind == EventKind::Close && E.On.K == Target::Kind::This &&
            handsOutHandle(*Dtor->getParent(), E.On.Inner))
          OwnerCloses[Dtor->getParent()->getCanonicalDecl()].push_back(&E);
  for (const CXXRecordDecl *RD : Records) {
    const CXXDestructorDecl *Dtor = RD->getDestructor();
    const FunctionDecl *Def = nullptr;
    if (Dtor && !Dtor->hasBody(Def))
      Def = nullptr;
    for (const FieldDecl *Field : RD->fields()) {
      const CXXRecordDecl *Owner = Field->getType()->getAsCXXRecordDecl();
      auto It = Owner ? OwnerCloses.find(Owner->getCanonicalDecl())
                      : OwnerCloses.end();
      const bool StdOwner = It == OwnerCloses.end() &&
                            isOwnerType(Field->getType()) &&
                            (Config.CloseTrait & api::ClosesHandle);
      if (It == OwnerCloses.end() && !StdOwner)
        continue;
      Event E;
      E.Kind = EventKind::Close;
      E.Fn = Def ? Def->getCanonicalDecl() : nullptr;
      E.Owner = Field;
      E.Callee = "~" + RD->getNameAsString();
      E.Handle = Field->getNameAsString();
      E.ImplicitDtorOf = RD;
      E.RaiiMember = Field;
      if (StdOwner)
        E.Values = Flow.valuesOfDecl(*Field);
      else
        for (const Effect *Closes : It->second)
          E.Values |= Flow.valuesOfDecl(*Closes->On.Inner);
      Events.push_back(std::move(E));
    }
  }
}

} // namespace clang::tidy::winhttp::analysis
