//===--- CloseRaceCheckBase.cpp - winhttp-tidy ----------------------------===//
//
// Reads the options of the close-race checks and turns each finding of the
// analysis into one warning with its notes.
//
//===----------------------------------------------------------------------===//

#include "CloseRaceCheckBase.h"
#include "utils/OptionsUtils.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

static constexpr llvm::StringLiteral DefaultCancelWords =
    "cancel;abort;stop;interrupt;shutdown;terminate;timeout;kill";

CloseRaceCheckBase::CloseRaceCheckBase(StringRef Name,
                                       ClangTidyContext *Context,
                                       unsigned CloseTrait, unsigned BlockTrait,
                                       CloseRaceWording Wording)
    : WinHttpCheck(Name, Context),
      CancelFunctionPattern(
          Options.get("CancelFunctionPattern", DefaultCancelWords)),
      // The thread model's options: one global setting serves every check.
      ThreadStartFunctions(
          Options.getLocalOrGlobal("ThreadStartFunctions", "")),
      ThreadJoinFunctions(Options.getLocalOrGlobal("ThreadJoinFunctions", "")),
      HandleTypes(Options.getLocalOrGlobal("HandleTypes", "")),
      AssumeSyncWhenUnknown(
          Options.getLocalOrGlobal("AssumeSyncWhenUnknown", true)),
      StrictCallbackGating(Options.get("StrictCallbackGating", false)),
      IncludeParentHandles(Options.get("IncludeParentHandles", false)),
      Wording(Wording) {
  Config.CloseTrait = CloseTrait;
  Config.BlockTrait = BlockTrait;
  Config.AssumeSyncWhenUnknown = AssumeSyncWhenUnknown;
  Config.StrictCallbackGating = StrictCallbackGating;
  Config.IncludeParentHandles = IncludeParentHandles;
  Config.SystemHeaders = systemHeaders();
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
  // `name:entryArg[:contextArg]`.
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
  // `name[:objectArg]`.
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
  for (StringRef Type : utils::options::parseStringList(HandleTypes))
    if (!Type.trim().empty())
      Config.HandleTypes.push_back(Type.trim().ltrim(':').str());
}

void CloseRaceCheckBase::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CancelFunctionPattern", CancelFunctionPattern);
  Options.store(Opts, "ThreadStartFunctions", ThreadStartFunctions);
  Options.store(Opts, "ThreadJoinFunctions", ThreadJoinFunctions);
  Options.store(Opts, "HandleTypes", HandleTypes);
  Options.store(Opts, "AssumeSyncWhenUnknown", AssumeSyncWhenUnknown);
  Options.store(Opts, "StrictCallbackGating", StrictCallbackGating);
  Options.store(Opts, "IncludeParentHandles", IncludeParentHandles);
}

void CloseRaceCheckBase::registerMatchers(MatchFinder *Finder) {
  registerTraversalLimit(Finder);
  // The analysis spans the whole translation unit.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void CloseRaceCheckBase::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  for (const analysis::RaceFinding &F :
       analysis::findCloseRaces(*Result.Context, Config))
    report(F, *Result.Context);
}

void CloseRaceCheckBase::report(const analysis::RaceFinding &F,
                                ASTContext &Ctx) {
  SourceLocation Loc;
  if (F.Site) {
    Loc = F.Site->getExprLoc();
    if (const auto *Call = dyn_cast<CallExpr>(F.Site))
      Loc = Call->getBeginLoc();
  } else if (const CXXDestructorDecl *Dtor =
                 F.ImplicitDestructorOf->getDestructor();
             Dtor && Dtor->isUserProvided()) {
    Loc = Dtor->getLocation();
  } else {
    Loc = F.ImplicitDestructorOf->getLocation();
  }
  const std::string Api =
      F.Blocking.empty() ? std::string() : F.Blocking.front().Api;
  diag(Loc, Wording.Warning) << F.Callee << F.Handle << Api;

  if (F.RaiiMember)
    diag(F.RaiiMember->getLocation(),
         "'%0' closes its handle when it is destroyed, after the destructor's "
         "body",
         DiagnosticIDs::Note)
        << F.RaiiMember->getName();
  for (const analysis::ChainStep &Step : F.CloseChain)
    diag(Step.Call->getBeginLoc(), "which closes it by calling '%0' here",
         DiagnosticIDs::Note)
        << Step.Callee;
  for (const analysis::ChainStep &Step : F.CallerChain)
    diag(Step.Call->getBeginLoc(), "the close is reached through '%0' here",
         DiagnosticIDs::Note)
        << Step.Callee;
  for (const analysis::RacingCall &Block : F.Blocking) {
    if (Block.Callee == Block.Api)
      diag(Block.Site->getBeginLoc(), "synchronous '%0' blocks on '%1' here",
           DiagnosticIDs::Note)
          << Block.Api << Block.Handle;
    else
      diag(Block.Site->getBeginLoc(),
           "'%0' blocks in synchronous '%1' on '%2' here", DiagnosticIDs::Note)
          << Block.Callee << Block.Api << Block.Handle;
  }
  reportWhy(F, Loc);
}

// The notes that say why the two can run at the same time, and in which
// session mode.
void CloseRaceCheckBase::reportWhy(const analysis::RaceFinding &F,
                                   SourceLocation Loc) {
  switch (F.Why.K) {
  case analysis::Concurrency::Kind::ThreadStart:
    diag(F.Why.StartSite->getBeginLoc(),
         "%0 %select{closes the handle|makes the blocking call}1 on another "
         "thread, started here with '%2'",
         DiagnosticIDs::Note)
        << F.Why.EntryName << F.Why.BlockingOnThread << F.Why.StartName;
    break;
  case analysis::Concurrency::Kind::CancelFunction:
    diag(F.Why.Cancel.Fn->getLocation(),
         "'%0' is taken to run while the request is in flight: its name "
         "contains '%1' (option 'CancelFunctionPattern')",
         DiagnosticIDs::Note)
        << F.Why.Cancel.Fn->getName() << F.Why.Cancel.Word;
    break;
  }
  for (const analysis::UnorderedWait &W : F.Unordered)
    diag(W.Call->getBeginLoc(),
         "%select{the thread is waited for here, only after the close|this "
         "wait can return before the thread finishes (a timeout or an "
         "alertable wait), and the close is also reached when it does|the "
         "thread is waited for here, but not on every path to the close}0",
         DiagnosticIDs::Note)
        << static_cast<unsigned>(W.K);
  if (F.ClosesParent)
    diag(Loc,
         "'%0' is a parent of the handle the call blocks on, and closing it "
         "invalidates its children (option 'IncludeParentHandles')",
         DiagnosticIDs::Note)
        << F.Handle;
  if (F.Mode.K == analysis::SessionMode::Kind::Synchronous)
    diag(F.Mode.Open->getBeginLoc(),
         "the session is opened here without 'WINHTTP_FLAG_ASYNC', so calls "
         "on its handles are synchronous",
         DiagnosticIDs::Note);
  else
    diag(Loc,
         "whether '%0' comes from an asynchronous session could not be "
         "determined; it is taken to be synchronous (option "
         "'AssumeSyncWhenUnknown')",
         DiagnosticIDs::Note)
        << F.Handle;
  diag(Loc, Wording.Remedy, DiagnosticIDs::Note);
}

} // namespace clang::tidy::winhttp
