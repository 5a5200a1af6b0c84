//===--- ThreadModelCheck.cpp - winhttp-tidy ------------------------------===//
//
// Reads the thread model's options.
//
//===----------------------------------------------------------------------===//

#include "ThreadModelCheck.h"
#include "utils/OptionsUtils.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::winhttp {

static constexpr llvm::StringLiteral DefaultCancelWords =
    "cancel;abort;stop;interrupt;shutdown;terminate;timeout;kill";

ThreadModelCheck::ThreadModelCheck(StringRef Name, ClangTidyContext *Context)
    : WinHttpCheck(Name, Context),
      CancelFunctionPattern(
          Options.get("CancelFunctionPattern", DefaultCancelWords)),
      // The thread model's options: one global setting serves every check.
      ThreadStartFunctions(
          Options.getLocalOrGlobal("ThreadStartFunctions", "")),
      ThreadJoinFunctions(Options.getLocalOrGlobal("ThreadJoinFunctions", "")),
      HandleTypes(Options.getLocalOrGlobal("HandleTypes", "")) {
  Config.SystemHeaders = systemHeaders();
  // The checks that share the TU's concurrency model (analysis::findCloseRaces
  // and findDoubleCloses): it is freed when the last enabled one is done.
  Config.ModelUsers = llvm::count_if(
      llvm::ArrayRef<StringRef>{"winhttp-close-during-sync-call",
                                "winhttp-websocket-close-during-io",
                                "winhttp-use-after-close"},
      [&](StringRef Check) { return Context->isCheckEnabled(Check); });
  parseCancelWords(Name);
  parseThreadStarts(Name);
  parseThreadJoins(Name);
  for (StringRef Type : utils::options::parseStringList(HandleTypes))
    if (!Type.trim().empty())
      Config.HandleTypes.push_back(Type.trim().ltrim(':').str());
}

void ThreadModelCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  WinHttpCheck::storeOptions(Opts);
  Options.store(Opts, "CancelFunctionPattern", CancelFunctionPattern);
  Options.store(Opts, "ThreadStartFunctions", ThreadStartFunctions);
  Options.store(Opts, "ThreadJoinFunctions", ThreadJoinFunctions);
  Options.store(Opts, "HandleTypes", HandleTypes);
}

void ThreadModelCheck::noteContext(const analysis::Concurrency &Why,
                                   const char *ThreadNote) {
  switch (Why.K) {
  case analysis::Concurrency::Kind::ThreadStart:
    diag(Why.StartSite->getBeginLoc(), ThreadNote, DiagnosticIDs::Note)
        << Why.EntryName << Why.BlockingOnThread << Why.StartName;
    break;
  case analysis::Concurrency::Kind::CancelFunction:
    diag(Why.Cancel.Fn->getLocation(),
         "'%0' is taken to run while the request is in flight: its name "
         "contains '%1' (option 'CancelFunctionPattern')",
         DiagnosticIDs::Note)
        << Why.Cancel.Fn->getName() << Why.Cancel.Word;
    break;
  case analysis::Concurrency::Kind::StatusCallback:
    diag(Why.Callback->getLocation(),
         "'%0' is a status callback: WinHTTP calls it on threads of its own",
         DiagnosticIDs::Note)
        << Why.Callback->getName();
    break;
  }
}

void ThreadModelCheck::parseCancelWords(StringRef Name) {
  for (StringRef Word :
       utils::options::parseStringList(CancelFunctionPattern)) {
    Word = Word.trim();
    if (Word.empty())
      continue;
    if (!llvm::all_of(Word, llvm::isAlnum)) {
      configurationDiag("invalid word '%0' in option 'CancelFunctionPattern' "
                        "of check '%1': words are letters and digits")
          << Word << Name;
      continue;
    }
    Config.CancelWords.push_back(Word.lower());
  }
}

// `name:entryArg[:contextArg]`.
void ThreadModelCheck::parseThreadStarts(StringRef Name) {
  for (StringRef Entry :
       utils::options::parseStringList(ThreadStartFunctions)) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    llvm::SmallVector<StringRef, 3> Parts;
    Entry.split(Parts, ':');
    analysis::ThreadStartSpec Spec;
    unsigned Context = 0;
    bool Bad = Parts.size() < 2 || Parts.size() > 3 || Parts[0].empty() ||
               Parts[1].getAsInteger(10, Spec.EntryArg) ||
               (Parts.size() == 3 && Parts[2].getAsInteger(10, Context));
    if (Bad) {
      configurationDiag("invalid entry '%0' in option 'ThreadStartFunctions' "
                        "of check '%1': expected 'name:entryArg[:contextArg]'")
          << Entry << Name;
      continue;
    }
    Spec.Name = Parts[0].str();
    if (Parts.size() == 3)
      Spec.ContextArg = Context;
    Config.ExtraThreadStarts.push_back(std::move(Spec));
  }
}

// `name[:objectArg]`.
void ThreadModelCheck::parseThreadJoins(StringRef Name) {
  for (StringRef Entry : utils::options::parseStringList(ThreadJoinFunctions)) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    auto [FnName, Arg] = Entry.split(':');
    analysis::ThreadJoinSpec Spec;
    if (FnName.empty() ||
        (!Arg.empty() && Arg.getAsInteger(10, Spec.ObjectArg))) {
      configurationDiag("invalid entry '%0' in option 'ThreadJoinFunctions' "
                        "of check '%1': expected 'name[:objectArg]'")
          << Entry << Name;
      continue;
    }
    Spec.Name = FnName.str();
    Config.ExtraThreadJoins.push_back(std::move(Spec));
  }
}

} // namespace clang::tidy::winhttp
