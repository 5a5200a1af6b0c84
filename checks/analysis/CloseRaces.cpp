//===--- CloseRaces.cpp - closes that race blocking calls -----------------===//
//
// The entry points of CloseRaces.h and the Finder's setup: prepare()
// collects the events (CloseRacesEvents.cpp), lifts the effects of helpers to
// their call sites and indexes the blocking calls, which run() then pairs
// with the closes (CloseRacesPairing.cpp, CloseRacesDoubleClose.cpp).
//
//===----------------------------------------------------------------------===//

#include "CloseRaces.h"
#include "CloseRacesFinder.h"
#include "ExprUse.h"
#include "MacroSpelling.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace closeraces_detail;

static ConcurrencyModel::Options modelOptions(const RaceConfig &Config) {
  ConcurrencyModel::Options O;
  O.Flow.ExtraThreadStarts = Config.ExtraThreadStarts;
  O.Flow.SystemHeaders = Config.SystemHeaders;
  O.ExtraJoins = Config.ExtraThreadJoins;
  O.CancelWords = Config.CancelWords;
  return O;
}

Finder::Finder(ASTContext &Ctx, const RaceConfig &Config)
    : Ctx(Ctx), Config(Config),
      Flow(ValueFlow::shared(Ctx, modelOptions(Config).Flow)),
      Model(ConcurrencyModel::shared(Ctx, modelOptions(Config))),
      Cfgs(Model.Cfgs), Order(Model.Order), Threads(Model.Threads) {}

std::string Finder::text(const Expr *E) const {
  if (!E)
    return {};
  llvm::StringRef T = sourceText(*E, Ctx);
  if (!T.empty())
    return T.str();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return DRE->getDecl()->getNameAsString();
  return "the handle";
}

namespace {

/// The records, fields and variables with static storage of the TU.
class DeclCollector : public RecursiveASTVisitor<DeclCollector> {
public:
  explicit DeclCollector(bool SystemHeaders) : SystemHeaders(SystemHeaders) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    const SourceManager &SM = D->getASTContext().getSourceManager();
    if (!SystemHeaders && !isa<TranslationUnitDecl>(D) &&
        SM.isInSystemHeader(D->getLocation()))
      return true;
    if (const auto *DC = dyn_cast<DeclContext>(D);
        DC && DC->isDependentContext())
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (RD->isThisDeclarationADefinition() && !RD->isLambda())
      Records.push_back(RD);
    return true;
  }
  bool VisitFieldDecl(FieldDecl *FD) {
    Stored.push_back(FD);
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->hasGlobalStorage())
      Stored.push_back(VD);
    return true;
  }

  std::vector<const CXXRecordDecl *> Records;
  std::vector<const ValueDecl *> Stored;

private:
  bool SystemHeaders;
};

} // namespace

void Finder::prepare() {
  for (ValueId V = 0; V < Flow.numValues(); ++V)
    if (Flow.value(V).K == Value::Kind::Thread && !Threads.isDeferred(V))
      for (const FunctionDecl *Entry : Flow.entriesOf(V))
        EntryOf[Entry->getCanonicalDecl()].push_back(V);
  collectCalls();
  liftEffects();
  DeclCollector Decls(Config.SystemHeaders);
  Decls.TraverseDecl(Ctx.getTranslationUnitDecl());
  collectDestructions(Decls.Records);
  // The API closes, which double closes look at also where they are not
  // shown: a helper's close of its parameter takes the handle out for each
  // of its callers.
  for (const Event &E : Events)
    if (E.Kind == EventKind::Close && E.Site && !E.Chain && !E.OnThread &&
        E.Fn && E.HandleExpr)
      ApiCloses.try_emplace(E.Site, E.Fn, E.HandleExpr);
  // An event that shows at the calls of its function still meets, where it
  // is, the threads the function starts itself.
  llvm::SmallPtrSet<const FunctionDecl *, 8> Starters;
  for (ValueId V = 0; V < Flow.numValues(); ++V)
    if (Flow.value(V).K == Value::Kind::Thread)
      if (const FunctionDecl *S = Threads.starterOf(V))
        Starters.insert(S->getCanonicalDecl());
  llvm::erase_if(Events, [&](Event &E) {
    if (shown(E))
      return false;
    E.LocalOnly = E.Fn && !E.OnThread && Starters.contains(E.Fn);
    return !E.LocalOnly;
  });
  for (Event &E : Events)
    if (!E.Owner && E.HandleExpr)
      E.Owner = ownerOf(E.HandleExpr);
  for (const ValueDecl *D : Decls.Stored)
    Escaped |= Flow.valuesOfDecl(*D);
  collectCallbackWrites();
  for (const auto &[Cb, Call] : Flow.statusCallbacks()) {
    Registration R{Cb->getCanonicalDecl(), Flow.valuesOf(*Call->getArg(0)),
                   false};
    for (ValueId V : R.On)
      R.Named |= Flow.value(V).K == Value::Kind::Handle;
    Registrations.push_back(std::move(R));
  }
  for (unsigned I = 0; I < Events.size(); ++I) {
    if (Events[I].Kind != EventKind::Block) {
      for (ValueId V : Events[I].Values)
        ClosesByValue[V].push_back(I);
      continue;
    }
    const bool OnAThread = !threadsOf(Events[I]).empty();
    for (BlockIndex *Index : {&AllBlocks, &Threaded}) {
      if (Index == &Threaded && !OnAThread)
        break;
      for (ValueId V : Events[I].Values)
        Index->ByValue[V].push_back(I);
      if (Config.IncludeParentHandles)
        for (ValueId V : ancestors(Events[I].Values))
          Index->ByAncestor[V].push_back(I);
    }
  }
}

std::vector<RaceFinding> findCloseRaces(ASTContext &Ctx,
                                        const RaceConfig &Config) {
  std::vector<RaceFinding> Result = Finder(Ctx, Config).run();
  ConcurrencyModel::finished(Ctx, modelOptions(Config), Config.ModelUsers);
  return Result;
}

std::vector<DoubleCloseFinding> findDoubleCloses(ASTContext &Ctx,
                                                 const RaceConfig &Config) {
  std::vector<DoubleCloseFinding> Result =
      Finder(Ctx, Config).runDoubleCloses();
  ConcurrencyModel::finished(Ctx, modelOptions(Config), Config.ModelUsers);
  return Result;
}

} // namespace clang::tidy::winhttp::analysis
