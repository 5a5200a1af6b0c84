//===--- HandleRaceAnalysis.h - closes racing blocking calls ----*- C++ -*-===//
//
// Finds closes of a WinHTTP handle that may run while another thread is in a
// blocking call on the same handle (rule R1), over a whole translation unit.
//
// The model, built in one pass over the TU:
//
//  * Handles are identified by a key: a variable (global, static, local or
//    parameter) or a field, whichever object it belongs to. Local copies
//    (`HINTERNET r = request_.get();`) resolve to what they copy; lambda
//    captures name the captured variable; RAII owners stand for the handle
//    they own.
//  * Events are closes and blocking calls on a key, at the place where the
//    key is named: a direct API call, a call to a helper that closes or
//    blocks on its parameter (summarised bottom-up over the call graph), or a
//    thread start that hands the handle to such a function.
//  * Contexts: every function is reachable from thread entries, status
//    callbacks and the rest of the program ("main"); functions whose names
//    say they cancel are taken to run while requests are in flight.
//  * A close races a blocking call on the same key when they can run in
//    different contexts, the close is not ordered after the thread finished
//    (join, wait), they do not hold the same lock, the close is not gated by
//    a status callback, and the handle's session is not asynchronous.
//
// Events are indexed by key, so the work is linear in the number of events
// per handle, not quadratic in the TU.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_HANDLERACEANALYSIS_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_HANDLERACEANALYSIS_H

#include "ThreadOptions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::winhttp::analysis {

/// What the analysis looks for and how; the checks fill it from the table
/// traits and their options.
struct RaceConfig {
  /// WinHTTP table traits of the closing and the blocking functions.
  unsigned CloseTrait = 0;
  unsigned BlockTrait = 0;
  /// Words that mark a function as a canceller (lower case).
  std::vector<std::string> CancelWords;
  std::vector<ThreadStartSpec> ExtraThreadStarts;
  std::vector<ThreadJoinSpec> ExtraThreadJoins;
  /// Qualified names of RAII types that close the handle they own.
  std::vector<std::string> HandleTypes;
  bool AssumeSyncWhenUnknown = true;
  bool StrictCallbackGating = false;
  bool IncludeParentHandles = false;
  /// Whether a blocking call only blocks in a synchronous session (R1); the
  /// WebSocket rule holds whatever the mode.
  bool OnlySynchronous = true;
  /// Whether code in system headers is analysed (clang-tidy's
  /// `--system-headers`).
  bool SystemHeaders = false;
};

/// One step of a chain of calls shown in notes.
struct ChainStep {
  const Expr *Call;
  std::string Callee;
};

/// A blocking call that a close races with.
struct RacingCall {
  const Expr *Site;
  std::string Callee; // function called at Site (API or helper)
  std::string Api;    // the WinHTTP function that blocks
  std::string Handle; // the handle as written at Site
};

/// Why the close is taken to run beside the blocking call.
struct Concurrency {
  enum class Kind { ThreadStart, CancelFunction } K;
  /// ThreadStart: the start expression and what it starts.
  const Expr *StartSite = nullptr;
  std::string StartName;
  std::string EntryName;
  /// Whether the thread runs the blocking call (true) or the close.
  bool BlockingOnThread = true;
  /// CancelFunction: the function and the word of its name that matched.
  const FunctionDecl *CancelFn = nullptr;
  std::string Word;
};

/// What is known about the session the handle comes from.
struct SessionMode {
  enum class Kind { Synchronous, Unknown } K;
  /// Synchronous: the WinHttpOpen call without WINHTTP_FLAG_ASYNC.
  const Expr *Open = nullptr;
};

/// One close to report, with everything its notes need.
struct RaceFinding {
  /// Where to warn: the close call, or the destructor that closes an RAII
  /// member implicitly (then Site is null and Destructor is set).
  const Expr *Site = nullptr;
  const CXXRecordDecl *ImplicitDestructorOf = nullptr;
  const FieldDecl *RaiiMember = nullptr;
  std::string Callee;
  std::string Handle;
  /// Inside helpers: from the helper call down to the API call.
  llvm::SmallVector<ChainStep, 4> CloseChain;
  /// From the function containing the close up to the function that runs it.
  llvm::SmallVector<ChainStep, 4> CallerChain;
  llvm::SmallVector<RacingCall, 4> Blocking;
  Concurrency Why;
  SessionMode Mode;
  /// Set when the race is on a child of the closed handle.
  bool ClosesParent = false;
};

/// Runs the analysis over the translation unit.
std::vector<RaceFinding> findCloseRaces(ASTContext &Ctx,
                                        const RaceConfig &Config);

/// The words of an identifier: `onStopRequest` -> on, stop, request;
/// `winhttp_client_shutdown` -> winhttp, client, shutdown; lower case.
llvm::SmallVector<std::string, 4> identifierWords(llvm::StringRef Name);

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_HANDLERACEANALYSIS_H
