//===--- ThreadOptions.h - user-named thread starts and joins ---*- C++ -*-===//
//
// The thread-start and join functions that a user names in the options
// ThreadStartFunctions and ThreadJoinFunctions, beside the table's.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_THREADOPTIONS_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_THREADOPTIONS_H

#include <optional>
#include <string>

namespace clang::tidy::winhttp::analysis {

/// A user-named thread-start function: `name:entryArg[:contextArg]`.
struct ThreadStartSpec {
  std::string Name;
  unsigned EntryArg = 0;
  std::optional<unsigned> ContextArg;

  bool operator==(const ThreadStartSpec &O) const {
    return Name == O.Name && EntryArg == O.EntryArg &&
           ContextArg == O.ContextArg;
  }
};

/// A user-named join function: `name[:objectArg]`.
struct ThreadJoinSpec {
  std::string Name;
  unsigned ObjectArg = 0;

  bool operator==(const ThreadJoinSpec &O) const {
    return Name == O.Name && ObjectArg == O.ObjectArg;
  }
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_THREADOPTIONS_H
