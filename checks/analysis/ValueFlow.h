//===--- ValueFlow.h - where handles, threads and callables flow -*- C++ -*-===//
//
// The value-flow half of the race model: one graph, for the whole translation
// unit, of the locations a value can be stored in and of the values that
// flow between them.
//
// Values are what the analysis wants to tell apart: each creation of a
// WinHTTP handle, each start of a thread or task, each function that can be
// called through a pointer (a lambda, a function, a WinHTTP function looked
// up with GetProcAddress), and an opaque value per expression or location
// whose origin is not in the TU (an external call's result, a field nothing
// in the TU assigns). Two sites name the same handle when their value sets
// meet, so "the same field is the same handle" still holds where nothing
// better is known.
//
// Locations are variables, fields (per object for a known object, a variable
// of record type never assigned as a whole; per field otherwise), function
// returns, lambda captures, and, for locals and parameters, each definition
// separately: reaching definitions over the CFG tell which definitions a use
// reads, so `h = a; close(h); h = b; close(h);` closes two handles. A local
// whose address escapes, or that a lambda captures by reference, is one
// location. Arrays and containers are one location for all their elements;
// smart pointers, atomics and optionals hold the value of what they own.
//
// Edges are copies: initialisation, assignment, return, argument to
// parameter (also for calls through pointers and for functions started on
// threads or registered as status callbacks, once the callee's values are
// known), capture, and the moves of the table's FLOW_FUNCTION, STD_METHOD and
// STD_FLOW_FUNCTION rows. The graph is solved to a fixpoint; calls through
// pointers add edges as their callees become known, until nothing changes.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_VALUEFLOW_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_VALUEFLOW_H

#include "ThreadOptions.h"
#include "WinHttpApi.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/SparseBitVector.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::winhttp::analysis {

using ValueId = unsigned;
using ValueSet = llvm::SparseBitVector<>;

/// A value the analysis tells apart from the others.
struct Value {
  enum class Kind {
    /// A WinHTTP handle made by Site, a call of a CreatesHandle function.
    Handle,
    /// A thread, task or timer started by Site (a call or a construction).
    Thread,
    /// A function that can be called: Fn, or the WinHTTP function Api that
    /// a GetProcAddress call (Site) looked up.
    Callable,
    /// Whatever Site evaluates to, or, with no Site, whatever Location (a
    /// variable, field or parameter) holds when nothing in the TU stores to
    /// it.
    Opaque,
  };
  Kind K;
  const Stmt *Site = nullptr;
  const FunctionDecl *Fn = nullptr;
  const api::Function *Api = nullptr;
  const Decl *Location = nullptr;
  /// A Handle made by a call (Site) of a factory of the TU, a function that
  /// returns what it creates: the creating call in the factory. Each call
  /// of a factory makes a handle of its own.
  const CallExpr *Made = nullptr;
  /// With a field as Location: the known object whose field it is.
  const VarDecl *Object = nullptr;

  /// The call that creates a Handle value.
  const CallExpr *creation() const {
    return Made ? Made : dyn_cast_or_null<CallExpr>(Site);
  }
};

/// What is known of the session a handle belongs to.
struct SessionMode {
  enum class Kind { Synchronous, Asynchronous, Unknown };
  Kind K = Kind::Unknown;
  /// Synchronous: the WinHttpOpen call whose flags lack WINHTTP_FLAG_ASYNC.
  const CallExpr *Open = nullptr;
};

struct ValueFlowOptions {
  /// Thread-start functions beyond the table's (option ThreadStartFunctions).
  std::vector<ThreadStartSpec> ExtraThreadStarts;
  /// Whether code in system headers is analysed.
  bool SystemHeaders = false;

  bool operator==(const ValueFlowOptions &O) const {
    return ExtraThreadStarts == O.ExtraThreadStarts &&
           SystemHeaders == O.SystemHeaders;
  }
};

/// A call of a function of the TU from code of the TU.
struct CallSite {
  /// A CallExpr or a CXXConstructExpr.
  const Expr *Call;
  /// The function whose body holds the call, or null (a global's
  /// initialiser).
  const FunctionDecl *Caller;
};

/// The solved value-flow graph of one translation unit.
class ValueFlow {
public:
  ValueFlow(ASTContext &Ctx, const ValueFlowOptions &Options);
  ~ValueFlow();
  ValueFlow(const ValueFlow &) = delete;
  ValueFlow &operator=(const ValueFlow &) = delete;

  ASTContext &context() const;

  /// The values \p E can evaluate to where it stands. Values it cannot name
  /// are one opaque value for \p E. `&x` evaluates to what x holds, so a
  /// lock or a flag is named by the values of its location.
  ValueSet valuesOf(const Expr &E) const;

  const Value &value(ValueId V) const;
  size_t numValues() const;

  /// The mode of the session a handle value belongs to, inherited from
  /// parent to child; a value that is not a handle is Unknown.
  SessionMode modeOf(ValueId V) const;

  /// The values of the parent handle a handle value was created from.
  ValueSet parentsOf(ValueId V) const;

  /// The functions \p Call can call: its direct callee, or what the callee
  /// expression's values say.
  llvm::SmallVector<const FunctionDecl *, 2> callees(const CallExpr &Call) const;

  /// The functions an expression that designates a callable can be: a
  /// function, a lambda, a pointer or object holding either.
  llvm::SmallVector<const FunctionDecl *, 2>
  callablesOf(const Expr &E) const;

  /// The WinHTTP table row of \p Call: its direct callee's, or that of the
  /// function a GetProcAddress lookup gave the pointer it calls through.
  const api::Function *apiOf(const CallExpr &Call) const;

  /// The values the field \p Field of the object \p Object designates (the
  /// object, or a pointer to it) can hold: that object's when it is a known
  /// object (a variable), the field's across objects otherwise.
  ValueSet valuesOfField(const Expr &Object, const FieldDecl &Field) const;

  /// Whether \p VD is a known object: a variable of record type, not a
  /// parameter or a reference, never initialised or assigned from another
  /// object as a whole. Its fields are locations of their own.
  bool knownObject(const VarDecl &VD) const;

  /// The values the variable or field \p D holds, wherever it is read.
  ValueSet valuesOfDecl(const ValueDecl &D) const;

  /// The thread, task or timer value that \p S (a call or a construction)
  /// starts, if it starts one.
  std::optional<ValueId> threadStartedBy(const Stmt &S) const;

  /// The locations that reading \p E reads, as ids: a flag is named by its
  /// location, since what is stored in it (true, 1) names nothing.
  llvm::SmallVector<unsigned, 2> locationsOf(const Expr &E) const;

  /// What the definitions of a local that reach \p Use stored: initialisers
  /// and right-hand sides; null for a definition of another kind.
  llvm::SmallVector<const Expr *, 2> storedBy(const DeclRefExpr &Use) const;

  /// The calls of \p F (canonical) in the TU, direct or through pointers;
  /// thread starts and callback registrations are not calls.
  llvm::ArrayRef<CallSite> callSitesOf(const FunctionDecl *F) const;

  /// The functions the thread, task or timer value \p Thread runs.
  llvm::ArrayRef<const FunctionDecl *> entriesOf(ValueId Thread) const;

  /// What the start of \p Thread hands to the parameters of its entry
  /// \p Entry: (parameter index, argument) pairs.
  llvm::ArrayRef<std::pair<unsigned, const Expr *>>
  startArguments(ValueId Thread, const FunctionDecl *Entry) const;

  /// Whether \p F (canonical) runs on its own: started on a thread,
  /// registered as a status callback, or handed to code outside the TU.
  bool isEntry(const FunctionDecl *F) const;

  /// The status callbacks registered in the TU, with the registering call.
  llvm::ArrayRef<std::pair<const FunctionDecl *, const CallExpr *>>
  statusCallbacks() const;

  /// The functions of the TU whose bodies were walked, lambdas' call
  /// operators included, in the order of the walk.
  llvm::ArrayRef<const FunctionDecl *> functions() const;

  /// The function whose body holds the lambda whose call operator is \p Op,
  /// or null (a lambda at namespace scope, or \p Op is no lambda's).
  const FunctionDecl *enclosingFunction(const FunctionDecl *Op) const;

  /// A short description of a value for notes and tests.
  std::string describe(ValueId V) const;

  /// The value flow of \p Ctx with \p Options, built by the first
  /// analysis that asks and shared by the others that ask with the same
  /// options; it lives as long as \p Ctx.
  static const ValueFlow &shared(ASTContext &Ctx,
                                 const ValueFlowOptions &Options);

  class Impl;

private:
  std::unique_ptr<Impl> P;
};

/// The memory \p E reads its value from, through local copies (a local
/// with one definition), accessors (`o.get()`, `a.load()`, `*p`) and
/// exchanges: a variable, or a field (of whatever object: objects of one
/// class are not told apart); null when there is none. Past
/// limits::RootSteps steps: null, and \p CutShort (if given) is set.
const ValueDecl *rootLocation(const Expr *E, const ValueFlow &Flow,
                              unsigned Depth = 0, bool *CutShort = nullptr);

/// The WinHttpOpen call of the asynchronous session that the handle \p
/// Handle belongs to, or null when some value it can hold is not known to
/// be of an asynchronous session.
const CallExpr *asyncSessionOf(const Expr &Handle, const ValueFlow &Flow);

/// Whether two value sets share a value.
inline bool meet(const ValueSet &A, const ValueSet &B) {
  return A.intersects(B);
}

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_VALUEFLOW_H
