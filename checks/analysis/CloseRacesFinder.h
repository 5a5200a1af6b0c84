//===--- CloseRacesFinder.h - the close-race search -------------*- C++ -*-===//
//
// The events, effects and take-outs of CloseRaces.h and the Finder that
// collects and pairs them, private to the CloseRaces*.cpp files; with the
// helpers those files share.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_CLOSERACESFINDER_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_CLOSERACESFINDER_H

#include "CloseRaces.h"
#include "ConcurrencyModel.h"
#include "FunctionCfg.h"
#include "OrderAnalysis.h"
#include "StableOrder.h"
#include "ThreadModel.h"
#include "ValueFlow.h"
#include "WinHttpApi.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SparseBitVector.h"
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace clang::tidy::winhttp::analysis {

namespace closeraces_detail {

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

inline llvm::SmallVector<ChainStep, 4> stepsOf(ChainRef C) {
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
  /// The shared model keeps its facts; the CFGs built for this run are
  /// freed (they are built again if another run asks).
  ~Finder() { Cfgs.clear(); }
  Finder(const Finder &) = delete;
  Finder &operator=(const Finder &) = delete;
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
  const Stmt *storeOf(const Expr &Value, bool &CutShort) const;
  bool sharedBetween(const Event &A, const Event &B);
  void namedLocks(const FunctionDecl &Fn, const Stmt &ReadAt, const Stmt &Clear,
                  TakeOut &T) const;
  bool usesForRequest(const FunctionDecl *Fn, const ValueDecl *Root) const;
  std::optional<Concurrency> contexts(const Event &A, const Event &B,
                                      const ValueSet &Shared, bool &AInContext);
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
  llvm::SmallVector<ValueId, 4> stableThreadsOf(const Event &E) const;
  bool chainComplete(const Expr &At, ChainRef C);
  StableKey stableKeyOfStart(ValueId Thread) const;
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
               const OrderFacts &AtClose, RaceFinding &F, bool &Found,
               const Event *&WhyOf);
  StableKey stableKeyOf(const Event &E) const;
  bool stableBefore(const Event &A, const Event &B) const;
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
  /// Shared by the race checks of the TU (ConcurrencyModel.h).
  ConcurrencyModel &Model;
  FunctionCfgs &Cfgs;
  OrderAnalysis &Order;
  ThreadModel &Threads;

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

/// The object a call of a method reads through: `o.get()`, `o->x()`,
/// `(HINTERNET)o`, for methods without arguments (accessors).
const Expr *accessedObject(const Expr *E);

// Described where they are defined, in CloseRacesIdentity.cpp.
const ValueDecl *declOf(const Expr *E);
bool hasOwnThis(const FunctionDecl *Fn);
const FieldDecl *returnedField(const CXXMethodDecl *MD);

} // namespace closeraces_detail

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_CLOSERACESFINDER_H
