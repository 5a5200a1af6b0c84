//===--- CloseRaceCheckBase.cpp - winhttp-tidy ----------------------------===//
//
// Reads the options of the close-race checks and turns each finding of the
// analysis into one warning with its notes.
//
//===----------------------------------------------------------------------===//

#include "CloseRaceCheckBase.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

CloseRaceCheckBase::CloseRaceCheckBase(StringRef Name,
                                       ClangTidyContext *Context,
                                       unsigned CloseTrait, unsigned BlockTrait,
                                       CloseRaceWording Wording)
    : ThreadModelCheck(Name, Context),
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
}

void CloseRaceCheckBase::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  ThreadModelCheck::storeOptions(Opts);
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
  AnalysisRun Run(*this, Result.Context->getSourceManager());
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
  noteContext(F.Why, "%0 %select{closes the handle|makes the blocking call}1 "
                     "on another thread, started here with '%2'");
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
