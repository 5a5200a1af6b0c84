//===--- ValueFlowImpl.h - the state of the value-flow graph ----*- C++ -*-===//
//
// The class behind ValueFlow, private to the ValueFlow*.cpp files: the graph's
// locations and values, what the walks collect, and the bindings of calls
// whose callees are values; with the helpers those files share.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_VALUEFLOWIMPL_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_VALUEFLOWIMPL_H

#include "ExprUse.h"
#include "FunctionCfg.h"
#include "ValueFlow.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>
#include <tuple>

namespace clang::tidy::winhttp::analysis {

namespace valueflow_detail {

/// Field is a field across all objects: what any access of it can read.
/// ObjField is the field of one known object (a variable, A) and FieldWrite
/// what is written to the field through objects that are not known (a
/// pointer, `this`, a reference, an array element); both feed Field.
enum class LocKind {
  Var,
  Field,
  ObjField,
  FieldWrite,
  Return,
  Def,
  Capture,
  CallResult
};

/// What an expression evaluates to: locations it reads and values it makes.
struct Sources {
  llvm::SmallVector<unsigned, 4> Locs;
  llvm::SmallVector<ValueId, 2> Values;
  /// What a reference, a reference or out-pointer parameter, or a range
  /// loop variable writes back to what it names: an edge that is no store,
  /// so a variable only ever bound stays of unknown origin.
  bool Alias = false;
};

/// A call whose callee is known only once values are: through a pointer,
/// a thread start or a status callback registration.
struct Binding {
  const Expr *Callee;
  /// The call whose result the callee's return flows to, if any.
  const CallExpr *ResultOf = nullptr;
  /// Arguments by parameter index, counted after the callable.
  llvm::SmallVector<std::pair<unsigned, const Expr *>, 4> Args;
  /// std::thread(&C::f, object, args...): the object is not a parameter.
  bool SkipObjectForMethods = false;
  /// The thread value that runs the callee, or the registering call of a
  /// status callback; null for a call through a pointer.
  const Stmt *Start = nullptr;
  const FunctionDecl *Caller = nullptr;
};

inline bool isThreadType(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier() || !api::isInStd(*RD))
    return false;
  for (api::Spelling S : {api::Spelling::StdThread, api::Spelling::StdJThread})
    if (api::spelling(S).rsplit("::").second == RD->getName())
      return true;
  return false;
}

inline bool isStdRecord(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && api::isInStd(*RD);
}
inline bool isPointerToPointer(QualType T) {
  const auto *PT = T->getAs<PointerType>();
  return PT && (PT->getPointeeType()->isPointerType() ||
                PT->getPointeeType()->isRecordType());
}

inline const VarDecl *localVar(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(E));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->hasLocalStorage() ? VD : nullptr;
}

/// The arguments of a call in parameter order: an operator call of a
/// member operator has its object as argument 0.
inline llvm::SmallVector<const Expr *, 4> argsForParams(const CallExpr &Call) {
  llvm::ArrayRef<const Expr *> Args(Call.getArgs(), Call.getNumArgs());
  if (isa<CXXOperatorCallExpr>(Call) &&
      isa_and_nonnull<CXXMethodDecl>(Call.getDirectCallee()) && !Args.empty())
    Args = Args.drop_front();
  return llvm::SmallVector<const Expr *, 4>(Args.begin(), Args.end());
}

/// The object of a member call or member operator call, or null.
inline const Expr *objectOf(const CallExpr &Call) {
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call))
    return MCE->getImplicitObjectArgument();
  if (isa<CXXOperatorCallExpr>(Call) &&
      isa_and_nonnull<CXXMethodDecl>(Call.getDirectCallee()) &&
      Call.getNumArgs() > 0)
    return Call.getArg(0);
  return nullptr;
}

/// The table row of a member call on an object of a class of namespace std.
inline const api::StdMethod *stdMethodOf(const CallExpr &Call) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Call.getDirectCallee());
  return MD && objectOf(Call) ? api::lookupStdMethod(*MD) : nullptr;
}

} // namespace valueflow_detail

class ValueFlow::Impl {
public:
  Impl(ASTContext &Ctx, const ValueFlowOptions &Options)
      : Ctx(Ctx), Options(Options), Cfgs(Ctx) {}

  void build();

  // Locations and values.
  unsigned loc(valueflow_detail::LocKind K, const void *A,
               const void *B = nullptr);
  ValueId valueFor(Value::Kind K, const void *Key, Value V);
  ValueId opaque(const Expr *E) {
    return valueFor(Value::Kind::Opaque, E, {Value::Kind::Opaque, E});
  }
  void addEdge(unsigned From, unsigned To);
  void flow(const valueflow_detail::Sources &S, unsigned To);
  void solve();

  // What expressions read and write.
  void sources(const Expr *E, valueflow_detail::Sources &Out);
  bool sourcesOfName(const Expr *E, valueflow_detail::Sources &Out);
  bool startsThread(const FunctionDecl &Callee) const;
  const CallExpr *factoryCreation(const FunctionDecl &Fn);
  const Expr *parentOf(const Value &V);
  bool sourcesOfCall(const CallExpr *Call, valueflow_detail::Sources &Out);
  void sourcesOfVar(const DeclRefExpr *DRE, const VarDecl *VD,
                    valueflow_detail::Sources &Out);
  void targets(const Expr *LHS, const void *Site,
               llvm::SmallVectorImpl<unsigned> &Out);
  unsigned varForWrite(const VarDecl *VD, const void *Site);
  bool knownObject(const VarDecl *VD) const;
  void markCopied(const Expr *Object) {
    const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(Object));
    if (const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr)
      CopiedObjects.insert(VD->getCanonicalDecl());
  }
  const VarDecl *knownObjectOf(const Expr *Object) const;
  void fieldSources(const Expr *Object, const FieldDecl *FD,
                    valueflow_detail::Sources &Out);
  unsigned fieldTarget(const Expr *Object, const FieldDecl *FD);
  void store(const Expr *LHS, const void *Site,
             const valueflow_detail::Sources &S);
  ValueSet valuesOf(const Expr &E);
  llvm::SmallVector<const FunctionDecl *, 2> callablesOf(const Expr &E);

  // Locals.
  struct LocalInfo {
    llvm::SmallVector<const void *, 2> Defs;
    /// One location, not tracked per definition: for its type (a
    /// reference, an array, a pointer to a pointer or a struct) or because
    /// it can be written through another name.
    bool Escapes = false;
    /// Written through another name: its address is taken, a reference
    /// binds it, a lambda captures it by reference.
    bool AddressTaken = false;
  };
  bool tracked(const VarDecl *VD) const;
  std::optional<std::pair<const VarDecl *, bool>> defTarget(const Stmt *S);
  void reachingDefinitions(const FunctionDecl *FD,
                           llvm::ArrayRef<const VarDecl *> Vars);

  // Edges.
  void bindCall(const FunctionDecl *Callee,
                llvm::ArrayRef<std::pair<unsigned, const Expr *>> Args);
  void bindDirectCall(const CallExpr &Call);
  void onCall(const CallExpr *Call);
  void onStdMethodCall(const CallExpr *Call, const api::StdMethod &M);
  void onFlowFunctionCall(const CallExpr *Call, const api::FlowFunction &F);
  void onThreadStart(const CallExpr *Call);
  void onConstruct(const CXXConstructExpr *CE);
  void onLambda(const LambdaExpr *LE);
  bool resolveBindings();
  bool bindContexts();
  ValueSet handlesOf(const Expr *E, bool Ancestors);
  void recordTarget(const valueflow_detail::Binding &B, const FunctionDecl *Fn,
                    llvm::ArrayRef<std::pair<unsigned, const Expr *>> Args);
  bool seedOpaque(unsigned N);

  // Modes.
  SessionMode modeOf(ValueId V);
  SessionMode computeMode(const Value &V);
  void solveModes();
  std::optional<bool> asyncBit(const Expr *Flags,
                               llvm::SmallPtrSetImpl<const VarDecl *> &Seen);

  ASTContext &Ctx;
  const ValueFlowOptions Options;
  FunctionCfgs Cfgs;

  struct Node {
    ValueSet Values;
    llvm::SmallVector<unsigned, 4> Succs;
    bool HasIn = false;
    valueflow_detail::LocKind K;
    const void *A;
    const void *B;
  };
  std::vector<Node> Nodes;
  llvm::DenseMap<std::tuple<unsigned, const void *, const void *>, unsigned>
      LocIds;
  // A deque: references to values stay valid when a query names a new
  // opaque value, and callers hold them (ValueFlow::value).
  std::deque<Value> Values;
  llvm::DenseMap<std::pair<unsigned, const void *>, ValueId> ValueIds;
  llvm::SmallVector<unsigned, 64> Dirty;

  // Collected by the first walk.
  llvm::SmallVector<const FunctionDecl *, 64> Functions;
  llvm::DenseMap<const VarDecl *, LocalInfo> Locals;
  /// A use inside a lambda of a variable it captured by copy.
  llvm::DenseMap<const DeclRefExpr *, const LambdaExpr *> CaptureOf;
  /// The lambda that encloses a lambda, for captures of captures.
  llvm::DenseMap<const LambdaExpr *, const LambdaExpr *> LambdaParent;
  llvm::DenseMap<const LambdaExpr *, const FunctionDecl *> LambdaFunction;
  /// The same, keyed by the lambda's call operator (canonical).
  llvm::DenseMap<const FunctionDecl *, const FunctionDecl *> OperatorFunction;
  /// The values stored into each integer variable, for session flags; true
  /// for `|=`.
  llvm::DenseMap<const VarDecl *,
                 llvm::SmallVector<std::pair<const Expr *, bool>, 2>>
      IntStores;
  /// Objects (variables of record type) assigned as a whole: their fields
  /// hold what another object's held, so they are not known objects.
  llvm::DenseSet<const VarDecl *> CopiedObjects;
  /// The known object whose initialiser an init list is.
  llvm::DenseMap<const InitListExpr *, const VarDecl *> ObjectInits;
  /// The opaque value of each ObjField location that nothing stores to.
  llvm::DenseMap<unsigned, ValueId> ObjFieldOpaque;

  // Reaching definitions.
  llvm::DenseMap<const DeclRefExpr *, llvm::SmallVector<const void *, 2>>
      UseDefs;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<const void *, 2>> WeakPrev;
  llvm::DenseMap<std::pair<const LambdaExpr *, const VarDecl *>,
                 llvm::SmallVector<const void *, 2>>
      CaptureDefs;

  /// The function whose body the edge walk is in.
  const FunctionDecl *CurrentFn = nullptr;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<CallSite, 2>>
      CallSites;
  llvm::DenseMap<ValueId, llvm::SmallVector<const FunctionDecl *, 1>>
      ThreadEntries;
  llvm::DenseSet<const FunctionDecl *> Entries;
  /// What each start hands to each parameter of each entry it runs.
  llvm::DenseMap<std::pair<ValueId, const FunctionDecl *>,
                 llvm::SmallVector<std::pair<unsigned, const Expr *>, 2>>
      StartArgs;
  llvm::SmallVector<std::pair<const FunctionDecl *, const CallExpr *>, 2>
      StatusCallbacks;

  // Calls whose callees are values.
  std::vector<valueflow_detail::Binding> Bindings;
  llvm::DenseSet<std::pair<unsigned, const FunctionDecl *>> Bound;
  /// Callback, handle and registering call of WinHttpSetStatusCallback.
  llvm::SmallVector<std::tuple<const Expr *, const Expr *, const CallExpr *>, 4>
      Callbacks;
  /// Each context argument, with the handle it is bound to (or null).
  llvm::SmallVector<std::pair<const Expr *, const Expr *>, 8> Contexts;
  /// The (callback, context) pairs whose binding is made.
  llvm::DenseSet<std::pair<unsigned, unsigned>> ContextsBound;

  bool Solved = false;
  llvm::DenseMap<ValueId, SessionMode> Modes;
  llvm::DenseSet<ValueId> ModesInProgress;
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_VALUEFLOWIMPL_H
