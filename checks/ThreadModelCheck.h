//===--- ThreadModelCheck.h - winhttp-tidy ----------------------*- C++ -*-===//
//
// The base of the checks that ask the race model which code runs on which
// thread: it reads the thread model's options into a RaceConfig.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_THREADMODELCHECK_H
#define WINHTTP_TIDY_CHECKS_THREADMODELCHECK_H

#include "WinHttpCheck.h"
#include "analysis/CloseRaces.h"

namespace clang::tidy::winhttp {

/// Reads CancelFunctionPattern and the global options ThreadStartFunctions,
/// ThreadJoinFunctions and HandleTypes, with a configuration error for each
/// entry that does not parse.
class ThreadModelCheck : public WinHttpCheck {
public:
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  ThreadModelCheck(StringRef Name, ClangTidyContext *Context);

  analysis::RaceConfig Config;

  /// The note that says why code runs in another context: for a thread,
  /// \p ThreadNote at the start (%0 the entry, %1 Why.BlockingOnThread, %2
  /// what starts it); the canceller's name or the status callback.
  void noteContext(const analysis::Concurrency &Why, const char *ThreadNote);

private:
  void parseCancelWords(StringRef Name);
  void parseThreadStarts(StringRef Name);
  void parseThreadJoins(StringRef Name);

  const std::string CancelFunctionPattern;
  const std::string ThreadStartFunctions;
  const std::string ThreadJoinFunctions;
  const std::string HandleTypes;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_THREADMODELCHECK_H
