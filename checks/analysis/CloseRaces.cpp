//===--- CloseRaces.cpp - closes that race blocking calls -----------------===//
//
// Collects the events of CloseRaces.h, lifts the effects of helpers to their
// call sites, and pairs each close with the blocking calls on the same
// handle that can run beside it.
//
//===----------------------------------------------------------------------===//

#include "CloseRaces.h"
#include "ExprUse.h"
#include "FunctionCfg.h"
#include "Limits.h"
#include "MacroSpelling.h"
#include "OrderAnalysis.h"
#include "StatusBranch.h"
#include "WinHttpApi.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>
#include <map>

namespace clang::tidy::winhttp::analysis {

namespace {

enum class EventKind { Close, Block };

/// Where a function's event gets its handle from, when its callers choose
/// it: a parameter, or a field of the object (`This`), possibly the
/// handle-holding field Inner of an owner object passed as the parameter.
struct Target {
  enum class Kind { None, Param, This } K = Kind::None;
  unsigned Param = 0;
  const FieldDecl *Inner = nullptr;
};

/// A close or a blocking call, where the handle is named.
/// One step of a call chain, shared by every chain lifted from it: lifting
/// an event to a caller puts one node in front instead of copying the steps
/// below, so a helper chain N deep costs N nodes, not N * N steps.
struct ChainNode {
  ChainStep Step;
  const ChainNode *Next;
  /// The call of the last step: the API call the chain ends at.
  const Expr *Last;
};
using ChainRef = const ChainNode *;

llvm::SmallVector<ChainStep, 4> stepsOf(ChainRef C) {
  llvm::SmallVector<ChainStep, 4> Result;
  for (; C; C = C->Next)
    Result.push_back(C->Step);
  return Result;
}

struct Event {
  EventKind Kind;
  /// The function whose code performs it (canonical), or null for the
  /// destruction of an owner by an implicit destructor.
  const FunctionDecl *Fn = nullptr;
  /// The call that names the handle; null for a destruction.
  const Expr *Site = nullptr;
  /// Where the event is reported, when not at Site: for an event at a
  /// thread start, the call in the entry's body.
  const Expr *ShownAt = nullptr;
  ValueSet Values;
  /// The owner object the handle is reached through, where there is one:
  /// values of owners of one class meet in the class's field, the owner
  /// tells them apart.
  const ValueDecl *Owner = nullptr;
  /// The handle expression, whose owner is found once the owner classes
  /// are known.
  const Expr *HandleExpr = nullptr;
  /// Where callers choose the handle (then the event shows at their calls
  /// instead); for an event lifted from a callee through a field of the
  /// callee's object, that object's class.
  Target Via;
  const CXXRecordDecl *ThisClass = nullptr;
  /// Set for an event at a thread start that hands the handle to the
  /// entry: it runs on that thread only.
  std::optional<ValueId> OnThread;
  std::string Callee, Handle, Api;
  /// From the call at Site down to the API call; null at the API call.
  ChainRef Chain = nullptr;
  const CXXRecordDecl *ImplicitDtorOf = nullptr;
  const FieldDecl *RaiiMember = nullptr;
  /// The field of the object at HandleExpr that holds the handle, when the
  /// handle is reached through an object.
  const FieldDecl *Inner = nullptr;
  /// Not shown where it is (its handle is chosen by the callers), but kept
  /// for the threads its own function starts: against those, the order in
  /// the function is known where the callers see only the call.
  bool LocalOnly = false;
};

/// What a function does, through its parameters or object, to a handle its
/// callers name.
struct Effect {
  EventKind Kind;
  Target On;
  std::string Api;
  /// From the effect's site in the function down to the API call; never
  /// null.
  ChainRef Chain;
  /// The handle as written at the first step of Chain.
  std::string Handle;
};

/// The object a call of a method reads through: `o.get()`, `o->x()`,
/// `(HINTERNET)o`, for methods without arguments (accessors).
const Expr *accessedObject(const Expr *E) {
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(E);
  if (!MCE || MCE->getNumArgs() != 0 || !MCE->getMethodDecl() ||
      MCE->getMethodDecl()->isStatic())
    return nullptr;
  return MCE->getImplicitObjectArgument();
}

const FieldDecl *thisField(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(stripValue(E));
  if (!ME || !isa<CXXThisExpr>(stripValue(ME->getBase())))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

std::string entryName(const FunctionDecl *Entry) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Entry))
    if (MD->getParent()->isLambda())
      return "the lambda";
  return "'" + Entry->getNameAsString() + "'";
}

std::string startName(const Stmt *Site) {
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Site))
    if (const CXXRecordDecl *RD = CE->getType()->getAsCXXRecordDecl())
      return RD->getQualifiedNameAsString();
  if (const auto *Call = dyn_cast<CallExpr>(Site))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      return api::isInStd(*Callee) ? Callee->getQualifiedNameAsString()
                                   : Callee->getNameAsString();
  return "a thread start";
}

/// How a close gets its handle out of the memory it shares with the other
/// close before it closes it.
struct TakeOut {
  enum class Kind {
    None,
    /// An atomic exchange with NULL: `InterlockedExchangePointer(&h, NULL)`,
    /// `h.exchange(nullptr)` of a std::atomic.
    Atomic,
    /// A read and a store of NULL to the same place (`std::exchange`,
    /// `unique_ptr::reset`): Locks are held at both.
    Cleared,
    /// Not known: the search stopped at a bound (Limits.h). A pair with
    /// such a close is not reported.
    GaveUp,
  } K = Kind::None;
  ValueSet Locks;
  /// Cleared: the locks taken before the read and not given back before
  /// the store, by the variable or field that holds them, where the value
  /// flow cannot name them (a lock taken in a helper that returns with it
  /// held only when it succeeds).
  llvm::SmallPtrSet<const ValueDecl *, 2> NamedLocks;

  static TakeOut of(Kind K, ValueSet Locks = {}) {
    TakeOut T;
    T.K = K;
    T.Locks = std::move(Locks);
    return T;
  }

  bool sharesLockWith(const TakeOut &O) const {
    return K == Kind::Cleared && O.K == Kind::Cleared &&
           (Locks.intersects(O.Locks) ||
            llvm::any_of(NamedLocks, [&](const ValueDecl *D) {
              return O.NamedLocks.contains(D);
            }));
  }
};

class Finder {
public:
  Finder(ASTContext &Ctx, const RaceConfig &Config);
  std::vector<RaceFinding> run();
  std::vector<DoubleCloseFinding> runDoubleCloses();

private:
  void prepare();

  // Double closes.
  TakeOut takeOut(const Event &E);
  TakeOut computeTakeOut(const Event &E);
  TakeOut takeOutOf(const Expr &Handle, const Stmt &ReadAt,
                    const FunctionDecl &Fn,
                    llvm::SmallPtrSetImpl<const Expr *> &Copies);
  TakeOut exchangeOf(const CallExpr &Call, const FunctionDecl &Fn);
  TakeOut clearedAfter(const Expr &Location, const Stmt &ReadAt,
                       const FunctionDecl &Fn);
  const ValueDecl *rootOf(const Event &E) const;
  const Stmt *storeOf(const Expr &Value) const;
  bool sharedBetween(const Event &A, const Event &B);
  void namedLocks(const FunctionDecl &Fn, const Stmt &ReadAt, const Stmt &Clear,
                  TakeOut &T) const;
  bool usesForRequest(const FunctionDecl *Fn, const ValueDecl *Root) const;
  std::optional<Concurrency> contexts(const Event &A, const Event &B,
                                      const ValueSet &Shared);
  std::optional<Concurrency> callbackContext(const Event &A, const Event &B);
  bool orderedBefore(const Event &First, const Event &Second);
  void pairCloses(unsigned I, std::vector<DoubleCloseFinding> &Out);
  CloseSite siteOf(const Event &E) const;
  static const Expr *shownAt(const Event &E) {
    return E.ShownAt ? E.ShownAt : E.Site;
  }

  // Events.
  void collectCalls();
  void onApiCall(const CallExpr &Call, const api::Function &Api,
                 const FunctionDecl *Fn);
  void onOwnerReset(const CXXMemberCallExpr &Call, const FunctionDecl *Fn);
  Event &addEvent(EventKind Kind, const FunctionDecl *Fn, const Expr *Site,
                  const Expr *Handle, std::string Callee, std::string Api,
                  ChainRef Chain, const FieldDecl *Inner);
  ChainRef chain(const Expr *Call, std::string Callee, ChainRef Next);
  bool addEffect(const FunctionDecl *Fn, Effect E);
  void liftEffects();
  bool liftTo(const FunctionDecl *Callee, const Effect &E,
              const CallSite &Site);
  void collectDestructions(llvm::ArrayRef<const CXXRecordDecl *> Records);
  bool shown(const Event &E) const;
  void liftToStart(const FunctionDecl *Entry, const Effect &E, ValueId T);

  // Identity.
  Target targetOf(const Expr *E, const FunctionDecl *Fn) const;
  Target targetOf(const Expr *E, const FunctionDecl *Fn,
                  llvm::SmallPtrSetImpl<const VarDecl *> &Seen) const;
  Target targetOfLocal(const DeclRefExpr &Use, const VarDecl &VD,
                       const FunctionDecl *Fn,
                       llvm::SmallPtrSetImpl<const VarDecl *> &Seen) const;
  const ValueDecl *ownerOf(const Expr *E) const;
  bool isOwnerType(QualType T) const;
  ValueSet heldBy(const Expr &Obj) const;
  bool sameHandle(const Event &A, const Event &B) const;
  ValueSet ancestors(const ValueSet &Values) const;

  // Gates.
  void collectCallbackWrites();
  void writesOfCall(const CallExpr &Call,
                    llvm::function_ref<void(const Expr *)> Written,
                    ValueSet &Set) const;
  bool gatedByCallback(const Event &Close, const OrderFacts &AtClose) const;

  // Pairing.
  const OrderFacts &factsAt(const Event &E);
  OrderFacts factsAtDestruction(const Event &E);
  bool runsOutside(const Event &E, ValueId T) const;
  ValueSet threadsOf(const Event &E) const;
  bool canPair(const Event &A, const Event &B) const;
  ValueSet doneEvents(ValueId T) const;
  bool scopedAway(ValueId T, const Event &E);
  bool orderedAtEveryCall(ValueId T, const FunctionDecl *Fn,
                          llvm::SmallPtrSetImpl<const FunctionDecl *> &Visited);
  llvm::SmallVector<UnorderedWait, 2> unorderedWaits(const Event &Close,
                                                     ValueId T);
  Concurrency onThread(ValueId T, bool Flag) const;
  std::optional<Concurrency> concurrency(const Event &Close, const Event &Block,
                                         const ValueSet &Shared);
  std::optional<SessionMode> mode(const Event &Close, const Event &Block,
                                  bool ClosesParent) const;
  void pair(const Event &Close, std::vector<RaceFinding> &Out);
  bool tryPair(const Event &Close, const Event &Block, bool ClosesParent,
               const OrderFacts &AtClose, RaceFinding &F, bool &Found);
  void limitHit(const Event &Close, llvm::StringRef Limit,
                std::string GaveUp) const;
  llvm::SmallVector<unsigned, 8>
  eventsMeeting(const ValueSet &Values,
                const llvm::DenseMap<ValueId, llvm::SmallVector<unsigned, 2>>
                    &Index) const;
  std::string text(const Expr *E) const;

  ASTContext &Ctx;
  const RaceConfig &Config;
  const ValueFlow &Flow;
  FunctionCfgs Cfgs;
  OrderAnalysis Order;
  ThreadModel Threads;

  std::vector<Event> Events;
  /// The steps of every chain; a deque, so that nodes never move.
  std::deque<ChainNode> ChainNodes;
  llvm::DenseMap<const FunctionDecl *, std::vector<Effect>> Effects;
  /// Owner classes: the destructor closes a field of the object.
  llvm::DenseMap<const CXXRecordDecl *, std::vector<const Effect *>>
      OwnerCloses;
  /// The values held where code other than one function can reach them:
  /// globals, statics and fields.
  ValueSet Escaped;
  /// Status callbacks with the handles they are registered on, and whether
  /// the value flow names any of them.
  struct Registration {
    const FunctionDecl *Callback;
    ValueSet On;
    bool Named;
  };
  std::vector<Registration> Registrations;
  bool reaches(const FunctionDecl *From, const FunctionDecl *To) const {
    return Threads.reaches(From, To);
  }
  /// The blocking calls by the values they name, and by their ancestors.
  /// Threaded holds only the calls that run on a thread (at a start, or in
  /// a function a thread runs): a close on no thread, and reached by no
  /// canceller, races only with those, so a function with thousands of
  /// closes and calls on one handle does not pair them all.
  struct BlockIndex {
    llvm::DenseMap<ValueId, llvm::SmallVector<unsigned, 2>> ByValue, ByAncestor;
  } AllBlocks, Threaded;
  /// The closes by the values they name.
  llvm::DenseMap<ValueId, llvm::SmallVector<unsigned, 2>> ClosesByValue;
  /// The threads each entry runs on.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<ValueId, 1>> EntryOf;
  /// Threads some code detaches.
  ValueSet Detached;
  /// Per status callback: the flag locations and the events it sets.
  llvm::DenseMap<const FunctionDecl *,
                 std::pair<llvm::SparseBitVector<>, ValueSet>>
      CallbackWrites;
  /// What holds before each event, by the statement (or the member
  /// destroyed) and its function; a std::map, whose entries stay put, so
  /// that the facts of two events can be held at once.
  std::map<std::pair<const void *, const FunctionDecl *>, OrderFacts>
      FactsCache;
  /// The API closes by their call: the function and the handle expression.
  llvm::DenseMap<const Expr *, std::pair<const FunctionDecl *, const Expr *>>
      ApiCloses;
  /// Locals that lambdas capture by reference: other code reads and writes
  /// them, as it does globals.
  std::optional<llvm::DenseSet<const VarDecl *>> CapturedByRef;
  /// Memoised takeOut and rootOf.
  llvm::DenseMap<const Event *, TakeOut> TakeOuts;
  llvm::DenseMap<const Event *, const ValueDecl *> Roots;
  bool capturedByRef(const VarDecl &VD);
  /// Whether a status callback stores NULL at \p Place on HANDLE_CLOSING;
  /// memoised.
  bool clearedOnHandleClosing(const ValueDecl *Place);
  bool clearsIn(const Stmt &S, const ValueDecl *Place, unsigned Depth) const;
  llvm::DenseMap<const ValueDecl *, bool> ClearedOnClosing;
};

ValueFlowOptions flowOptions(const RaceConfig &Config) {
  ValueFlowOptions O;
  O.ExtraThreadStarts = Config.ExtraThreadStarts;
  O.SystemHeaders = Config.SystemHeaders;
  return O;
}

Finder::Finder(ASTContext &Ctx, const RaceConfig &Config)
    : Ctx(Ctx), Config(Config),
      Flow(ValueFlow::shared(Ctx, flowOptions(Config))), Cfgs(Ctx),
      Order(Flow, Cfgs, Config.ExtraThreadJoins),
      Threads(Flow, Config.CancelWords) {}

std::string Finder::text(const Expr *E) const {
  if (!E)
    return {};
  llvm::StringRef T = sourceText(*E, Ctx);
  if (!T.empty())
    return T.str();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return DRE->getDecl()->getNameAsString();
  return "the handle";
}

const ValueDecl *declOf(const Expr *E) {
  E = stripValue(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)
      return declOf(UO->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

/// Whether \p Fn is a method whose callers choose `this`; in a lambda,
/// `this` is the captured object.
bool hasOwnThis(const FunctionDecl *Fn) {
  const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
  return MD && !MD->isStatic() && !MD->getParent()->isLambda();
}

/// The field a method of the TU returns, when its body is `return f;`.
const FieldDecl *returnedField(const CXXMethodDecl *MD) {
  const FunctionDecl *Def = MD ? MD->getDefinition() : nullptr;
  const auto *Body =
      Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  return Ret && Ret->getRetValue() ? thisField(Ret->getRetValue()) : nullptr;
}

Target Finder::targetOf(const Expr *E, const FunctionDecl *Fn) const {
  llvm::SmallPtrSet<const VarDecl *, 4> Seen;
  return targetOf(E, Fn, Seen);
}

// Locals copied from locals are followed once each: a cycle (`a = b;
// b = a;`) names no parameter.
Target Finder::targetOf(const Expr *E, const FunctionDecl *Fn,
                        llvm::SmallPtrSetImpl<const VarDecl *> &Seen) const {
  E = stripValue(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)
      return targetOf(UO->getSubExpr(), Fn, Seen);
  const bool HasThis = hasOwnThis(Fn);
  if (const FieldDecl *F = thisField(E))
    return HasThis ? Target{Target::Kind::This, 0, F} : Target{};
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    Target Base = targetOf(ME->getBase(), Fn, Seen);
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (Base.K != Target::Kind::Param || Base.Inner || !F)
      return {};
    Base.Inner = F;
    return Base;
  }
  if (const Expr *Obj = accessedObject(E)) {
    const FieldDecl *F =
        returnedField(cast<CXXMemberCallExpr>(E)->getMethodDecl());
    if (isa<CXXThisExpr>(stripValue(Obj)))
      return F && HasThis ? Target{Target::Kind::This, 0, F} : Target{};
    Target Base = targetOf(Obj, Fn, Seen);
    if (Base.K != Target::Kind::Param || Base.Inner || !F)
      return {};
    Base.Inner = F;
    return Base;
  }
  // The handle a flow function takes from the place it is given
  // (`InterlockedExchangePointer(slot, NULL)`) is the one held there.
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const api::FlowFunction *F =
        Callee ? api::lookupFlowFunction(*Callee) : nullptr;
    if (!F || F->Effect == api::FlowEffect::Store || F->TargetArg < 0 ||
        unsigned(F->TargetArg) >= Call->getNumArgs())
      return {};
    return targetOf(Call->getArg(F->TargetArg), Fn, Seen);
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || !Seen.insert(VD).second)
    return {};
  const Target Result = targetOfLocal(*DRE, *VD, Fn, Seen);
  Seen.erase(VD);
  return Result;
}

// What every definition of the local or parameter \p VD reaching \p Use
// copies from, when they agree.
Target
Finder::targetOfLocal(const DeclRefExpr &Use, const VarDecl &VD,
                      const FunctionDecl *Fn,
                      llvm::SmallPtrSetImpl<const VarDecl *> &Seen) const {
  llvm::SmallVector<const Expr *, 2> Stored = Flow.storedBy(Use);
  const auto *PVD = dyn_cast<ParmVarDecl>(&VD);
  const Target Entry =
      PVD ? Target{Target::Kind::Param, PVD->getFunctionScopeIndex(), nullptr}
          : Target{};
  if (PVD && llvm::all_of(Stored, [](const Expr *S) { return !S; }))
    return Entry;
  std::optional<Target> Common;
  for (const Expr *S : Stored) {
    Target T = S ? targetOf(S, Fn, Seen) : Entry;
    if (T.K == Target::Kind::None ||
        (Common && (Common->K != T.K || Common->Param != T.Param ||
                    Common->Inner != T.Inner)))
      return {};
    Common = T;
  }
  return Common.value_or(Target{});
}

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

// What an owner object holds: what its accessors return, or what the value
// flow says of the object (standard owners hold what they own).
ValueSet Finder::heldBy(const Expr &Obj) const {
  ValueSet Result;
  if (const CXXRecordDecl *RD =
          Obj.getType().getNonReferenceType()->getAsCXXRecordDecl())
    for (const CXXMethodDecl *MD : RD->methods())
      if (const FieldDecl *F = returnedField(MD))
        Result |= Flow.valuesOfField(Obj, *F);
  return Result.empty() ? Flow.valuesOf(Obj) : Result;
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
const Expr *argumentFor(const Expr &Call, const Target &On) {
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

bool Finder::isOwnerType(QualType T) const {
  if (T.isNull() || T->isPointerType())
    return false;
  if (api::isKnownOwner(T))
    return true;
  for (const std::string &Name : Config.HandleTypes)
    if (api::typeIsNamed(T, Name))
      return true;
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  return RD && OwnerCloses.count(RD->getCanonicalDecl());
}

// The owner object the handle \p E is read from: `o.get()`, `o.h`,
// `(HINTERNET)o`, `o` itself.
const ValueDecl *Finder::ownerOf(const Expr *E) const {
  E = stripValue(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    E = stripValue(UO->getSubExpr());
  const Expr *Obj = accessedObject(E);
  if (!Obj)
    if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow())
      Obj = ME->getBase();
  if (!Obj)
    Obj = E;
  return isOwnerType(stripValue(Obj)->getType()) ? declOf(Obj) : nullptr;
}

// Values meet; owners held in different fields or variables are different
// objects even when their values meet in the owner class's field.
bool Finder::sameHandle(const Event &A, const Event &B) const {
  if (!meet(A.Values, B.Values))
    return false;
  // An object assigned from another as a whole may hold its handle.
  auto Named = [&](const ValueDecl *D) {
    if (const auto *VD = dyn_cast_or_null<VarDecl>(D))
      return Flow.knownObject(*VD);
    return isa_and_nonnull<FieldDecl>(D);
  };
  return !(Named(A.Owner) && Named(B.Owner) &&
           A.Owner->getCanonicalDecl() != B.Owner->getCanonicalDecl());
}

ValueSet Finder::ancestors(const ValueSet &Values) const {
  ValueSet Result;
  llvm::SmallVector<ValueId, 8> Work;
  for (ValueId V : Values)
    Work.push_back(V);
  while (!Work.empty())
    for (ValueId P : Flow.parentsOf(Work.pop_back_val()))
      if (!Result.test(P)) {
        Result.set(P);
        Work.push_back(P);
      }
  return Result;
}

/// Whether objects of \p RD hand out the handle \p Field they hold: a
/// conversion operator or an accessor that returns it. Such a class is an
/// owner: its objects are told apart by where they are stored.
bool handsOutHandle(const CXXRecordDecl &RD, const FieldDecl *Field) {
  return llvm::any_of(RD.methods(), [&](const CXXMethodDecl *MD) {
    return isa<CXXConversionDecl>(MD) || (Field && returnedField(MD) == Field);
  });
}

/// The records, fields and variables with static storage of the TU.
class DeclCollector : public RecursiveASTVisitor<DeclCollector> {
public:
  explicit DeclCollector(bool SystemHeaders) : SystemHeaders(SystemHeaders) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    const SourceManager &SM = D->getASTContext().getSourceManager();
    if (!SystemHeaders && !isa<TranslationUnitDecl>(D) &&
        SM.isInSystemHeader(D->getLocation()))
      return true;
    if (const auto *DC = dyn_cast<DeclContext>(D);
        DC && DC->isDependentContext())
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (RD->isThisDeclarationADefinition() && !RD->isLambda())
      Records.push_back(RD);
    return true;
  }
  bool VisitFieldDecl(FieldDecl *FD) {
    Stored.push_back(FD);
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->hasGlobalStorage())
      Stored.push_back(VD);
    return true;
  }

  std::vector<const CXXRecordDecl *> Records;
  std::vector<const ValueDecl *> Stored;

private:
  bool SystemHeaders;
};

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
  const void *Where = E.RaiiMember ? static_cast<const void *>(E.RaiiMember)
                                   : static_cast<const void *>(At);
  auto [It, Inserted] = FactsCache.try_emplace({Where, E.Fn});
  if (Inserted)
    It->second = E.RaiiMember ? factsAtDestruction(E)
                 : At         ? Order.before(*At, *E.Fn)
                              : Order.atExit(*E.Fn);
  return It->second;
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
  for (ValueId T : threadsOf(Block))
    if (Overlaps(T, Close))
      return onThread(T, /*Flag=*/true);
  for (ValueId T : threadsOf(Close))
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
  Result.erase(std::unique(Result.begin(), Result.end()), Result.end());
  return Result;
}

// Records a bound of Limits.h reached at \p Close, when asked to.
void Finder::limitHit(const Event &Close, llvm::StringRef Limit,
                      std::string GaveUp) const {
  if (!Config.LimitHits)
    return;
  const Expr *At = shownAt(Close);
  Config.LimitHits->push_back(
      {Limit, At ? At->getBeginLoc() : SourceLocation(), std::move(GaveUp)});
}

// Whether \p Block races with \p Close; the first race found sets why, and
// in which mode, in \p F.
bool Finder::tryPair(const Event &Close, const Event &Block, bool ClosesParent,
                     const OrderFacts &AtClose, RaceFinding &F, bool &Found) {
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
  if (!Found) {
    F.Why = *Why;
    F.Mode = *M;
    F.ClosesParent = ClosesParent;
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
  // Bounded work (Limits.h): the pairs tried, and the racing calls listed.
  unsigned Tried = 0;
  bool Listed = false;
  llvm::SmallPtrSet<const Expr *, 16> Racing;
  for (bool ClosesParent : {false, true}) {
    if (ClosesParent && !Config.IncludeParentHandles)
      break;
    for (unsigned Index : ClosesParent ? Children : Direct) {
      Listed = Racing.size() >= limits::RacingCallsPerClose ||
               (++Tried > limits::PairsPerClose && Found);
      if (Listed)
        break;
      if (Tried > limits::PairsPerClose) {
        limitHit(Close, "PairsPerClose",
                 "the close of '" + Close.Handle + "' here: no warning for it");
        return;
      }
      const Event &Block = Events[Index];
      if (!tryPair(Close, Block, ClosesParent, AtClose, F, Found))
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
                 std::to_string(limits::RacingCallsPerClose) + " are listed");
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

void Finder::prepare() {
  for (ValueId V = 0; V < Flow.numValues(); ++V)
    if (Flow.value(V).K == Value::Kind::Thread && !Threads.isDeferred(V))
      for (const FunctionDecl *Entry : Flow.entriesOf(V))
        EntryOf[Entry->getCanonicalDecl()].push_back(V);
  collectCalls();
  liftEffects();
  DeclCollector Decls(Config.SystemHeaders);
  Decls.TraverseDecl(Ctx.getTranslationUnitDecl());
  collectDestructions(Decls.Records);
  // The API closes, which double closes look at also where they are not
  // shown: a helper's close of its parameter takes the handle out for each
  // of its callers.
  for (const Event &E : Events)
    if (E.Kind == EventKind::Close && E.Site && !E.Chain && !E.OnThread &&
        E.Fn && E.HandleExpr)
      ApiCloses.try_emplace(E.Site, E.Fn, E.HandleExpr);
  // An event that shows at the calls of its function still meets, where it
  // is, the threads the function starts itself.
  llvm::SmallPtrSet<const FunctionDecl *, 8> Starters;
  for (ValueId V = 0; V < Flow.numValues(); ++V)
    if (Flow.value(V).K == Value::Kind::Thread)
      if (const FunctionDecl *S = Threads.starterOf(V))
        Starters.insert(S->getCanonicalDecl());
  llvm::erase_if(Events, [&](Event &E) {
    if (shown(E))
      return false;
    E.LocalOnly = E.Fn && !E.OnThread && Starters.contains(E.Fn);
    return !E.LocalOnly;
  });
  for (Event &E : Events)
    if (!E.Owner && E.HandleExpr)
      E.Owner = ownerOf(E.HandleExpr);
  for (const ValueDecl *D : Decls.Stored)
    Escaped |= Flow.valuesOfDecl(*D);
  collectCallbackWrites();
  for (const auto &[Cb, Call] : Flow.statusCallbacks()) {
    Registration R{Cb->getCanonicalDecl(), Flow.valuesOf(*Call->getArg(0)),
                   false};
    for (ValueId V : R.On)
      R.Named |= Flow.value(V).K == Value::Kind::Handle;
    Registrations.push_back(std::move(R));
  }
  for (unsigned I = 0; I < Events.size(); ++I) {
    if (Events[I].Kind != EventKind::Block) {
      for (ValueId V : Events[I].Values)
        ClosesByValue[V].push_back(I);
      continue;
    }
    const bool OnAThread = !threadsOf(Events[I]).empty();
    for (BlockIndex *Index : {&AllBlocks, &Threaded}) {
      if (Index == &Threaded && !OnAThread)
        break;
      for (ValueId V : Events[I].Values)
        Index->ByValue[V].push_back(I);
      if (Config.IncludeParentHandles)
        for (ValueId V : ancestors(Events[I].Values))
          Index->ByAncestor[V].push_back(I);
    }
  }
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

//===----------------------------------------------------------------------===//
// Double closes (rule R2)
//===----------------------------------------------------------------------===//

bool isNullValue(const Expr &E, ASTContext &Ctx) {
  return E.IgnoreParenCasts()->isNullPointerConstant(
             Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
}

/// Whether \p A and \p B name the same memory: one variable, or one field of
/// `this` or of one variable.
bool sameLocation(const Expr *A, const Expr *B) {
  A = stripValue(A);
  B = stripValue(B);
  const auto *UA = dyn_cast<UnaryOperator>(A);
  const auto *UB = dyn_cast<UnaryOperator>(B);
  if (UA || UB)
    return UA && UB && UA->getOpcode() == UO_Deref &&
           UB->getOpcode() == UO_Deref &&
           sameLocation(UA->getSubExpr(), UB->getSubExpr());
  if (const auto *DA = dyn_cast<DeclRefExpr>(A)) {
    const auto *DB = dyn_cast<DeclRefExpr>(B);
    return DB && DA->getDecl()->getCanonicalDecl() ==
                     DB->getDecl()->getCanonicalDecl();
  }
  const auto *MA = dyn_cast<MemberExpr>(A);
  const auto *MB = dyn_cast<MemberExpr>(B);
  if (!MA || !MB ||
      MA->getMemberDecl()->getCanonicalDecl() !=
          MB->getMemberDecl()->getCanonicalDecl())
    return false;
  const Expr *BaseA = stripValue(MA->getBase());
  const Expr *BaseB = stripValue(MB->getBase());
  if (isa<CXXThisExpr>(BaseA) || isa<CXXThisExpr>(BaseB))
    return isa<CXXThisExpr>(BaseA) && isa<CXXThisExpr>(BaseB);
  return sameLocation(BaseA, BaseB);
}

/// The memory a read of \p E reads when it is the handle itself: `h`,
/// `p->h`, `o.h`, or the std::atomic `h` read by `h.load()` or by its
/// conversion.
const Expr *readLocation(const Expr *E) {
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
const Expr *clearedBy(const Stmt &S, ASTContext &Ctx) {
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
    if (const Expr *L = clearedBy(S, Ctx); L && sameLocation(L, &Location))
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
void locksOf(const CallExpr &Call, bool Acquire, const ValueFlow &Flow,
             llvm::SmallPtrSetImpl<const ValueDecl *> &Out);

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
  forEachStmtIn(Fn, [&](const Stmt &S) {
    const auto *Call = dyn_cast<CallExpr>(&S);
    if (!Call || !Before(S, Clear))
      return;
    auto &Into = Before(S, ReadAt) ? Taken : Released;
    const bool Take = &Into == &Taken;
    llvm::SmallPtrSet<const ValueDecl *, 2> Direct;
    locksOf(*Call, Take, Flow, Direct);
    const FunctionDecl *Callee = Call->getDirectCallee();
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    if (Direct.empty() && Def && !api::isInStd(*Def)) {
      // A helper: what it takes, or, when it takes nothing, what it gives
      // back.
      llvm::SmallPtrSet<const ValueDecl *, 2> In, Out;
      forEachStmtIn(*Def, [&](const Stmt &Inner) {
        if (const auto *C = dyn_cast<CallExpr>(&Inner)) {
          locksOf(*C, true, Flow, In);
          locksOf(*C, false, Flow, Out);
        }
      });
      Direct = Take ? In : (In.empty() ? Out : Direct);
    }
    Into.insert(Direct.begin(), Direct.end());
  });
  for (const ValueDecl *D : Taken)
    if (!Released.contains(D))
      T.NamedLocks.insert(D);
}

// The declaration or assignment that stores \p Value, through the
// parentheses and casts around it.
const Stmt *Finder::storeOf(const Expr &Value) const {
  const Stmt *S = &Value;
  for (unsigned Depth = 0; S && Depth < 8; ++Depth) {
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
  if (Copies.size() > limits::CopiesPerTakeOut) {
    if (Config.LimitHits)
      Config.LimitHits->push_back(
          {"CopiesPerTakeOut", Handle.getBeginLoc(),
           "whether the handle read here was taken out of shared memory: " +
               std::to_string(limits::CopiesPerTakeOut) +
               " local copies were followed"});
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
    const Stmt *At = storeOf(*Stored);
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

} // namespace

const ValueDecl *rootLocation(const Expr *E, const ValueFlow &Flow,
                              unsigned Depth) {
  for (; E && Depth < 8; ++Depth) {
    E = stripValue(E);
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      E = UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf
              ? UO->getSubExpr()
              : nullptr;
      continue;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (const Expr *Obj = accessedObject(E)) {
      E = Obj;
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      const api::FlowFunction *F =
          Callee ? api::lookupFlowFunction(*Callee) : nullptr;
      if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call))
        E = MCE->getImplicitObjectArgument();
      else if (F && F->TargetArg >= 0 &&
               unsigned(F->TargetArg) < Call->getNumArgs())
        E = Call->getArg(F->TargetArg);
      else
        return nullptr;
      continue;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD)
      return nullptr;
    if (!VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
        DRE->refersToEnclosingVariableOrCapture())
      return VD->getCanonicalDecl();
    // A local: the memory its one definition copies, or the local itself.
    llvm::SmallVector<const Expr *, 2> Stored = Flow.storedBy(*DRE);
    if (Stored.size() == 1 && Stored.front())
      if (const ValueDecl *R = rootLocation(Stored.front(), Flow, Depth + 1))
        return R;
    return VD->getCanonicalDecl();
  }
  return nullptr;
}

namespace {

// The memory an event reads its handle from (rootLocation).
const ValueDecl *Finder::rootOf(const Event &E) const {
  if (E.Inner)
    return E.Inner;
  if (!E.HandleExpr)
    return E.Owner ? cast<ValueDecl>(E.Owner->getCanonicalDecl()) : nullptr;
  return rootLocation(E.HandleExpr, Flow);
}

// Whether the two closes read one handle from one place: a global, a field
// of one class, a local that a lambda captures or a thread is handed, an
// owner.
bool Finder::sharedBetween(const Event &A, const Event &B) {
  auto Root = [&](const Event &E) {
    auto It = Roots.find(&E);
    if (It == Roots.end())
      It = Roots.try_emplace(&E, rootOf(E)).first;
    return It->second;
  };
  const ValueDecl *RA = Root(A);
  return RA && RA == Root(B);
}

// Whether \p Fn carries out a request on the handle held at \p Root: it
// calls a WinHTTP function other than a close on it.
bool Finder::usesForRequest(const FunctionDecl *Fn,
                            const ValueDecl *Root) const {
  const FunctionDecl *Def = Fn ? Fn->getDefinition() : nullptr;
  if (!Def || !Root)
    return false;
  bool Uses = false;
  forEachStmtIn(*Def, [&](const Stmt &S) {
    const auto *Call = dyn_cast<CallExpr>(&S);
    const api::Function *Api = Call ? Flow.apiOf(*Call) : nullptr;
    if (Uses || !Api || (Api->Traits & api::ClosesHandle) ||
        Api->HandleArg < 0 || unsigned(Api->HandleArg) >= Call->getNumArgs())
      return;
    Uses = rootLocation(Call->getArg(Api->HandleArg), Flow) == Root;
  });
  return Uses;
}

void locksOf(const CallExpr &Call, bool Acquire, const ValueFlow &Flow,
             llvm::SmallPtrSetImpl<const ValueDecl *> &Out) {
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
  if (const ValueDecl *D = Lock ? rootLocation(Lock, Flow) : nullptr)
    Out.insert(D);
}

// \p A runs in a status callback that \p B does not run in.
std::optional<Concurrency> Finder::callbackContext(const Event &A,
                                                   const Event &B) {
  if (!A.Fn || A.OnThread || !B.Fn)
    return std::nullopt;
  for (const FunctionDecl *Cb : Threads.callbacksReaching(A.Fn))
    if (B.OnThread || !reaches(Cb, B.Fn)) {
      Concurrency C;
      C.K = Concurrency::Kind::StatusCallback;
      C.Callback = Cb;
      return C;
    }
  return std::nullopt;
}

// Whether the closes run in different contexts, and which. For a thread,
// BlockingOnThread says whether \p A is the one on it.
std::optional<Concurrency> Finder::contexts(const Event &A, const Event &B,
                                            const ValueSet &Shared) {
  for (ValueId T : threadsOf(A))
    if (runsOutside(B, T))
      return onThread(T, /*Flag=*/true);
  for (ValueId T : threadsOf(B))
    if (runsOutside(A, T))
      return onThread(T, /*Flag=*/false);
  if (std::optional<Concurrency> C = callbackContext(A, B))
    return C;
  if (std::optional<Concurrency> C = callbackContext(B, A))
    return C;
  if (!meet(Shared, Escaped))
    return std::nullopt;
  // A canceller runs while the request is in flight. After one that leaves
  // the handle in place, any other close closes it again; after one that
  // takes it out, only a close that can run at the same time can find it
  // still there: one in the code that carries out the request, while it is
  // in flight (not a destructor or a free function run afterwards).
  for (const auto &[X, Y] : {std::pair(&A, &B), std::pair(&B, &A)}) {
    const Canceller *Cancel =
        X->Fn && !X->OnThread ? Threads.cancellerReaching(X->Fn) : nullptr;
    if (!Cancel || !Y->Fn || Y->OnThread || reaches(Cancel->Fn, Y->Fn))
      continue;
    if (takeOut(*X).K != TakeOut::Kind::None &&
        !usesForRequest(Y->Fn, rootOf(*Y)))
      continue;
    Concurrency C;
    C.K = Concurrency::Kind::CancelFunction;
    C.Cancel = *Cancel;
    return C;
  }
  return std::nullopt;
}

// Whether \p First is known to have run when \p Second runs: its thread has
// finished there, Second's has not started at First, or Second waits for a
// signal of the status callback First runs in.
bool Finder::orderedBefore(const Event &First, const Event &Second) {
  const OrderFacts &AtSecond = factsAt(Second);
  for (ValueId T : threadsOf(First))
    if (AtSecond.Finished.test(T) ||
        AtSecond.Finished.intersects(doneEvents(T)))
      return true;
  const OrderFacts &AtFirst = factsAt(First);
  for (ValueId T : threadsOf(Second))
    if (AtFirst.NotStarted.test(T))
      return true;
  return First.Fn && !First.OnThread &&
         !Threads.callbacksReaching(First.Fn).empty() &&
         gatedByCallback(Second, AtSecond);
}

CloseSite Finder::siteOf(const Event &E) const {
  return {shownAt(E), E.Callee, E.Handle, stepsOf(E.Chain)};
}

void Finder::pairCloses(unsigned I, std::vector<DoubleCloseFinding> &Out) {
  const Event &A = Events[I];
  if (!A.Site)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  unsigned Tried = 0;
  for (unsigned J : eventsMeeting(A.Values, ClosesByValue)) {
    const Event &B = Events[J];
    if (J <= I || !B.Site || shownAt(A) == shownAt(B) || !canPair(A, B) ||
        !sameHandle(A, B))
      continue;
    // Bounded work (Limits.h): the pairs found so far stand.
    if (++Tried > limits::ClosesPerClose) {
      if (Config.LimitHits)
        Config.LimitHits->push_back(
            {"ClosesPerClose", shownAt(A)->getBeginLoc(),
             "the later closes of '" + A.Handle +
                 "' paired with the close here: the first " +
                 std::to_string(limits::ClosesPerClose) + " were tried"});
      break;
    }
    ValueSet Shared = A.Values;
    Shared &= B.Values;
    if (!sharedBetween(A, B))
      continue;
    std::optional<Concurrency> Why = contexts(A, B, Shared);
    if (!Why)
      continue;
    // A join or a lock on a path through a function without a CFG is not
    // seen: no pair rests on such facts.
    if (!factsAt(A).Complete || !factsAt(B).Complete)
      continue;
    const TakeOut TA = takeOut(A), TB = takeOut(B);
    using K = TakeOut::Kind;
    if ((TA.K == K::Atomic && TB.K == K::Atomic) || TA.sharesLockWith(TB) ||
        TA.K == K::GaveUp || TB.K == K::GaveUp)
      continue;
    // The destructor of the object whose field holds the handle runs after
    // the last callback for it: the context keeps the object alive until
    // HANDLE_CLOSING (where it does not, winhttp-context-lifetime says so),
    // and a callback that clears the field there leaves NULL to close.
    auto InDestructor = [&](const Event &E) {
      if (isa_and_nonnull<CXXDestructorDecl>(E.Fn) || E.ImplicitDtorOf)
        return true;
      // Lifted from a destructor: its API close is in one (`p->~T()` in a
      // deleter, `delete p`).
      const Expr *Api = E.Chain ? E.Chain->Last : E.Site;
      auto It = ApiCloses.find(Api);
      return It != ApiCloses.end() && isa<CXXDestructorDecl>(It->second.first);
    };
    if ((InDestructor(A) || InDestructor(B)) &&
        isa_and_nonnull<FieldDecl>(rootOf(A)) &&
        clearedOnHandleClosing(rootOf(A)))
      continue;
    const bool AFirst = orderedBefore(A, B), BFirst = orderedBefore(B, A);
    if ((AFirst && TA.K != K::None) || (BFirst && TB.K != K::None))
      continue;
    DoubleCloseFinding F;
    F.Later = siteOf(A);
    F.Other = siteOf(B);
    F.Why = *Why;
    F.Ordered = AFirst || BFirst;
    if (SM.isBeforeInTranslationUnit(F.Later.Site->getBeginLoc(),
                                     F.Other.Site->getBeginLoc())) {
      std::swap(F.Later, F.Other);
      F.Why.BlockingOnThread = !F.Why.BlockingOnThread;
    }
    Out.push_back(std::move(F));
  }
}

// Whether \p S stores NULL at \p Place, directly or in a function of the
// TU it calls (to a small depth).
bool Finder::clearsIn(const Stmt &S, const ValueDecl *Place,
                      unsigned Depth) const {
  auto IsNull = [&](const Expr *E) {
    return E &&
           E->IgnoreParenImpCasts()->isNullPointerConstant(
               Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  };
  bool Clears = false;
  std::function<void(const Stmt &)> Visit = [&](const Stmt &X) {
    if (Clears)
      return;
    if (const auto *BO = dyn_cast<BinaryOperator>(&X);
        BO && BO->getOpcode() == BO_Assign && IsNull(BO->getRHS()) &&
        rootLocation(BO->getLHS(), Flow) == Place) {
      Clears = true;
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&X);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        IsNull(Op->getArg(1)) && rootLocation(Op->getArg(0), Flow) == Place) {
      Clears = true;
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(&X); Call && Depth < 3)
      for (const FunctionDecl *Callee : Flow.callees(*Call))
        if (const FunctionDecl *Def = Callee->getDefinition();
            Def && Def->getBody() &&
            clearsIn(*Def->getBody(), Place, Depth + 1)) {
          Clears = true;
          return;
        }
    for (const Stmt *Child : X.children())
      if (Child)
        Visit(*Child);
  };
  Visit(S);
  return Clears;
}

bool Finder::clearedOnHandleClosing(const ValueDecl *Place) {
  auto [It, Inserted] = ClearedOnClosing.try_emplace(Place, false);
  if (!Inserted)
    return It->second;
  bool Cleared = false;
  for (const Registration &R : Registrations) {
    const FunctionDecl *Def = R.Callback->getDefinition();
    if (!Def || !Def->getBody())
      continue;
    forEachStatusBranch(*Def->getBody(),
                        api::constant(api::Constant::StatusHandleClosing), Ctx,
                        [&](const Stmt &Branch) {
                          Cleared = Cleared || clearsIn(Branch, Place, 0);
                        });
  }
  ClearedOnClosing[Place] = Cleared;
  return Cleared;
}

std::vector<DoubleCloseFinding> Finder::runDoubleCloses() {
  prepare();
  std::vector<DoubleCloseFinding> Pairs;
  for (unsigned I = 0; I < Events.size(); ++I)
    if (Events[I].Kind == EventKind::Close)
      pairCloses(I, Pairs);
  // One warning per close, at the first pair found for it.
  std::vector<DoubleCloseFinding> Findings;
  llvm::DenseSet<const Expr *> Reported;
  for (DoubleCloseFinding &F : Pairs)
    if (Reported.insert(F.Later.Site).second)
      Findings.push_back(std::move(F));
  return Findings;
}

} // namespace

std::vector<RaceFinding> findCloseRaces(ASTContext &Ctx,
                                        const RaceConfig &Config) {
  Finder F(Ctx, Config);
  return F.run();
}

std::vector<DoubleCloseFinding> findDoubleCloses(ASTContext &Ctx,
                                                 const RaceConfig &Config) {
  Finder F(Ctx, Config);
  return F.runDoubleCloses();
}

} // namespace clang::tidy::winhttp::analysis
