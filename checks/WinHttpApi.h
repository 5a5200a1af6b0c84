//===--- WinHttpApi.h - what each WinHTTP function does ---------*- C++ -*-===//
//
// Lookup into the WinHTTP API table (WinHttpApi.def) by declaration, and the
// AST matchers the checks use to find calls to table entries.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_WINHTTPAPI_H
#define WINHTTP_TIDY_CHECKS_WINHTTPAPI_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang::tidy::winhttp::api {

/// How a function reports success or failure.
enum class ResultKind { None, Bool, ErrorCode, Handle, StatusCallback };

/// What a function does, as bits of Function::Traits.
enum Trait : unsigned {
  NoTraits = 0,
  CreatesHandle = 1U << 0,
  BlocksWhenSync = 1U << 1,
  ClosesHandle = 1U << 2,
  SetsStatusCallback = 1U << 3,
  TakesContext = 1U << 4,
  WebSocketIo = 1U << 5,
  WebSocketCloses = 1U << 6,
};

/// One row of the table.
struct Function {
  llvm::StringRef Name;
  ResultKind Result;
  unsigned Traits;
  int HandleArg;
  int ParentArg;
  int ContextArg;

  bool has(Trait T) const { return (Traits & T) != 0; }
};

/// Every row of the table, in table order.
llvm::ArrayRef<Function> functions();

/// The table row for \p FD, or null when \p FD is not a WinHTTP function.
///
/// Matches by declaration rather than spelling: any global or extern "C"
/// declaration of the name counts, whichever header (or the user's own code,
/// for functions missing from older SDKs) declares it, as long as its return
/// type fits how the table says the function reports its result.
const Function *lookup(const FunctionDecl &FD);

/// The buffer argument of \p F when it is a size probe (SIZE_PROBE): given
/// a NULL buffer it only reports the size needed, and fails by design; or
/// -1.
int sizeProbeBufferArg(const Function &F);

/// Whether \p FD (a function or a member of any class) is a REFCOUNT_RELEASE
/// row: its result says whether the last reference went away.
bool isRefcountRelease(const FunctionDecl &FD);

/// What an asynchronous session asks of a function's arguments (R5).
struct AsyncArgs {
  llvm::StringRef Name;
  /// The number-of-bytes out-pointer that must be NULL, or -1.
  int CountArg;
  /// The buffer that must outlive the operation, or -1.
  int BufferArg;
};

/// The ASYNC_ARGS row of \p F, or null.
const AsyncArgs *lookupAsyncArgs(const Function &F);

/// Win32 functions the checks reason about besides WinHTTP's own.
enum class Win32Function {
#define WIN32_FUNCTION(Id, Name) Id,
#include "WinHttpApi.def"
};

/// True when \p FD is a global declaration of \p F.
bool isWin32Function(const FunctionDecl &FD, Win32Function F);

/// Macro and type names of the Windows SDK that checks recognise or emit.
enum class Spelling {
#define WIN32_SPELLING(Id, Text) Id,
#include "WinHttpApi.def"
};

llvm::StringRef spelling(Spelling S);

/// A function that runs a callback on another thread.
struct ThreadStart {
  llvm::StringRef Name;
  int EntryArg;
  int ContextArg;
  /// The callback's parameter that receives the context value.
  int ContextParam;
  /// -1: the return value is the thread object; -2: there is none; N: the
  /// out-pointer argument N receives it.
  int ObjectArg;
};

/// The table row for a thread-start function, or null.
const ThreadStart *lookupThreadStart(const FunctionDecl &FD);

/// When a wait guarantees that the thread it waits for has finished.
enum class WaitKind { Infinite, WaitAll, Always, InvalidHandleValue };

/// A function that waits for a thread object.
struct ThreadWait {
  llvm::StringRef Name;
  int ObjectArg;
  WaitKind Kind;
  int KindArg;
  int AlertableArg;
};

const ThreadWait *lookupThreadWait(const FunctionDecl &FD);

/// A Win32 lock function: EnterCriticalSection, AcquireSRWLockExclusive, ...
struct LockFunction {
  llvm::StringRef Name;
  int Arg;
  bool Acquires;
};

const LockFunction *lookupLockFunction(const FunctionDecl &FD);

/// What a call does to the value held in memory it is given.
enum class FlowEffect {
  Load,
  Store,
  Exchange,
  CompareExchange,
  Add,
  /// Adds an element made from the arguments (emplace_back).
  Emplace,
  Release
};

/// A function that moves a value through memory: the Interlocked family,
/// std::exchange, std::atomic_store, ...
struct FlowFunction {
  llvm::StringRef Name;
  FlowEffect Effect;
  int TargetArg;
  int ValueArg;
};

/// The table row for a global (or, with \p InStd, namespace std) function
/// that moves values, or null.
const FlowFunction *lookupFlowFunction(const FunctionDecl &FD);

/// A member function of a class of namespace std, by what it does to the
/// value its object holds.
struct StdMethod {
  llvm::StringRef Name;
  FlowEffect Effect;
  int ValueArg;
};

/// The table row for \p MD, a member of a class of namespace std, or null.
const StdMethod *lookupStdMethod(const CXXMethodDecl &MD);

/// The STD_METHOD row of the same name as \p MD, in whatever class: a
/// handle owner the user names (option HandleTypes) is taken to follow the
/// standard owners' vocabulary (`reset`, `release`, `get`).
const StdMethod *lookupOwnerMethod(const CXXMethodDecl &MD);

/// What a member of std::thread, std::jthread or a future does.
enum class StdWaitKind { Join, Timed, Joinable, Detach, Signal };

/// The STD_WAIT row of \p MD, a member of a class of namespace std, or
/// none.
std::optional<StdWaitKind> lookupStdWait(const CXXMethodDecl &MD);

/// The STD_LOCK_METHOD row of \p MD: whether it acquires (true) or releases
/// (false) the lock, or none.
std::optional<bool> lookupStdLockMethod(const CXXMethodDecl &MD);

/// Whether \p FD is a function of namespace std that constructs an object of
/// its template argument (STD_FACTORY: std::make_unique, ...).
bool isStdFactory(const FunctionDecl &FD);

/// Whether \p D is declared in namespace std (or one nested in it).
bool isInStd(const Decl &D);

/// Whether \p T is (a typedef of, or a class named) the qualified name;
/// std names also match in an inline namespace (std::__1::unique_ptr).
bool typeIsNamed(QualType T, llvm::StringRef Qualified);

/// Whether \p T is an owner known to close the handle it holds when it is
/// reset or destroyed: std::unique_ptr, wil::unique_winhttp_hinternet.
bool isKnownOwner(QualType T);

/// Values from the Windows SDK.
enum class Constant {
#define WINHTTP_CONSTANT(Id, Value) Id,
#include "WinHttpApi.def"
};

uint64_t constant(Constant C);

namespace matchers {

/// Matches a declaration of a WinHTTP function that reports its result as
/// \p Kind.
AST_MATCHER_P(FunctionDecl, winHttpFunctionWithResult, ResultKind, Kind) {
  const Function *F = lookup(Node);
  return F && F->Result == Kind;
}

/// Matches a declaration of a WinHTTP function with every trait in \p Traits.
AST_MATCHER_P(FunctionDecl, winHttpFunctionWithTraits, unsigned, Traits) {
  const Function *F = lookup(Node);
  return F && (F->Traits & Traits) == Traits;
}

/// Matches a global declaration of the Win32 function \p F.
AST_MATCHER_P(FunctionDecl, win32Function, Win32Function, F) {
  return isWin32Function(Node, F);
}

} // namespace matchers
} // namespace clang::tidy::winhttp::api

#endif // WINHTTP_TIDY_CHECKS_WINHTTPAPI_H
