//===--- CloseRaces.h - closes that race blocking calls ---------*- C++ -*-===//
//
// Finds closes of a WinHTTP handle that may run while another thread is in a
// blocking call on the same handle (rule R1), over a whole translation unit,
// from the three parts of the race model:
//
//  * ValueFlow: a close and a blocking call are on the same handle when the
//    values their handle expressions can hold meet; the session mode is that
//    of those values.
//  * ThreadModel: they can run at the same time when one runs on a thread,
//    task or timer the other does not run on, or the close is reached from a
//    canceller while the handle escapes to storage.
//  * OrderAnalysis: they cannot when, at the close, the thread has finished
//    or not started yet; when a common lock is held at both; or when the
//    close is gated by a status callback for the handle (it runs in that
//    callback, or after a flag or event that callback sets was seen).
//
// Events are closes and blocking calls where they are named: a direct API
// call, a call of a helper that closes or blocks on a parameter or on a
// field of its object (summarised bottom-up), `reset()` of an owner, and the
// destruction of an owner held in a field, at the end of its class's
// destructor.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_CLOSERACES_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_CLOSERACES_H

#include "Limits.h"
#include "ThreadModel.h"
#include "ThreadOptions.h"
#include "ValueFlow.h"
#include "clang/AST/ASTContext.h"
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
  /// The checks of the run that share the TU's concurrency model
  /// (ConcurrencyModel.h): it is freed after that many runs.
  unsigned ModelUsers = 1;
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
  enum class Kind {
    ThreadStart,
    CancelFunction,
    StatusCallback
  } K = Kind::ThreadStart;
  /// ThreadStart: the start expression and what it starts.
  const Stmt *StartSite = nullptr;
  std::string StartName;
  std::string EntryName;
  /// Whether the thread runs the blocking call (true) or the close.
  bool BlockingOnThread = true;
  /// ThreadStart: the thread, task or timer value.
  ValueId Thread = 0;
  /// CancelFunction: the function and the word of its name that matched.
  Canceller Cancel;
  /// StatusCallback: the callback that reaches one of the two.
  const FunctionDecl *Callback = nullptr;
};

/// A wait for the thread that does not order the close, and why.
struct UnorderedWait {
  enum class Kind {
    /// It comes after the close.
    AfterClose,
    /// It can return before the thread finished, and the close is also
    /// reached when it did.
    Timed,
    /// It does not lie on every path to the close.
    NotOnEveryPath,
  };
  const CallExpr *Call;
  Kind K;
};

/// One close to report, with everything its notes need.
struct RaceFinding {
  /// Where to warn: the close call, or the destructor that closes an owner
  /// member implicitly (then Site is null and ImplicitDestructorOf is set).
  const Expr *Site = nullptr;
  const CXXRecordDecl *ImplicitDestructorOf = nullptr;
  const FieldDecl *RaiiMember = nullptr;
  std::string Callee;
  std::string Handle;
  /// Inside helpers: from the helper call down to the API call.
  llvm::SmallVector<ChainStep, 4> CloseChain;
  /// From the canceller down to the function containing the close.
  llvm::SmallVector<ChainStep, 4> CallerChain;
  llvm::SmallVector<RacingCall, 4> Blocking;
  Concurrency Why;
  SessionMode Mode;
  /// Set when the race is on a child of the closed handle.
  bool ClosesParent = false;
  /// Waits for the thread of Why, in the function of the close, that were
  /// looked at and do not order it.
  llvm::SmallVector<UnorderedWait, 2> Unordered;
};

/// Runs the analysis over the translation unit.
std::vector<RaceFinding> findCloseRaces(ASTContext &Ctx,
                                        const RaceConfig &Config);

/// A close as the notes show it.
struct CloseSite {
  const Expr *Site = nullptr;
  /// The function Site is written in (canonical), where known.
  const FunctionDecl *Fn = nullptr;
  std::string Callee;
  std::string Handle;
  /// Inside helpers: from the helper call down to the API call.
  llvm::SmallVector<ChainStep, 4> Chain;
};

/// Two closes of one handle in different thread contexts (rule R2), neither
/// of which is known to find the handle gone when the other took it out
/// first.
struct DoubleCloseFinding {
  /// Where the warning goes: the close that does not take the handle out
  /// safely (atomically, or read and cleared under a lock) when the other
  /// does, else the close outside the context Why names (the thread, the
  /// status callback or the canceller runs the other); and the other. The
  /// choice does not depend on where the functions stand.
  CloseSite Later;
  CloseSite Other;
  /// Why they run in different contexts; ThreadStart's BlockingOnThread
  /// says whether Later (true) or Other runs on the thread.
  Concurrency Why;
  /// Set when one close is known to run first (a join, a status callback's
  /// signal) but leaves the handle where the other reads it.
  bool Ordered = false;
};

/// Finds the closes (the events of Config.CloseTrait) of one handle that
/// run in different thread contexts: on different threads, tasks or timers,
/// in a status callback and outside it, or in a canceller and in code the
/// canceller does not reach. A pair is not reported when each close first
/// takes the handle out of the shared location (an atomic exchange, or a
/// read and a store of NULL under a lock both hold), or when one is known
/// to run first and takes it out.
std::vector<DoubleCloseFinding> findDoubleCloses(ASTContext &Ctx,
                                                 const RaceConfig &Config);

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_CLOSERACES_H
