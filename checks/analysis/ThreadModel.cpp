//===--- ThreadModel.cpp - which code can run beside which ----------------===//
//
// Builds the call graph from the value flow's call sites, then marks what
// each root (thread entries, status callbacks, uncalled functions,
// cancellers) reaches.
//
//===----------------------------------------------------------------------===//

#include "ThreadModel.h"
#include "WinHttpApi.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <cctype>

namespace clang::tidy::winhttp::analysis {

llvm::SmallVector<std::string, 4> ThreadModel::words(llvm::StringRef Name) {
  llvm::SmallVector<std::string, 4> Words;
  std::string Current;
  auto Flush = [&] {
    if (!Current.empty())
      Words.push_back(Current);
    Current.clear();
  };
  auto Is = [&](int (*Pred)(int), char C) {
    return Pred(static_cast<unsigned char>(C)) != 0;
  };
  for (size_t I = 0, E = Name.size(); I != E; ++I) {
    const char C = Name[I];
    if (!Is(std::isalnum, C)) {
      Flush();
      continue;
    }
    if (Is(std::isupper, C) && !Current.empty()) {
      const char Prev = Name[I - 1];
      // "HTTPTimeout": the T of Timeout starts a word after an acronym.
      const bool AcronymEnd =
          Is(std::isupper, Prev) && I + 1 < E && Is(std::islower, Name[I + 1]);
      if (Is(std::islower, Prev) || Is(std::isdigit, Prev) || AcronymEnd)
        Flush();
    }
    Current.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(C))));
  }
  Flush();
  return Words;
}

// `std::async(std::launch::deferred, ...)`: the task runs in get() or
// wait(), on the thread that calls them.
static bool launchesDeferred(const Stmt *Site) {
  const auto *Call = dyn_cast_or_null<CallExpr>(Site);
  if (!Call || Call->getNumArgs() == 0)
    return false;
  const auto *Policy =
      dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts());
  return Policy && isa<EnumConstantDecl>(Policy->getDecl()) &&
         Policy->getDecl()->getQualifiedNameAsString() ==
             api::spelling(api::Spelling::StdLaunchDeferred);
}

namespace {

/// Visits the statements of one function body, not those of the lambdas
/// and local classes it defines (they are functions of their own); a
/// lambda expression itself is visited, not its captures or body.
class BodyVisitor : public RecursiveASTVisitor<BodyVisitor> {
public:
  explicit BodyVisitor(llvm::function_ref<void(const Stmt &)> OnStmt)
      : OnStmt(OnStmt) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *LE) {
    OnStmt(*LE);
    return true;
  }
  bool TraverseDecl(Decl *D) {
    if (isa_and_nonnull<FunctionDecl, CXXRecordDecl>(D))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitStmt(Stmt *S) {
    OnStmt(*S);
    return true;
  }

private:
  llvm::function_ref<void(const Stmt &)> OnStmt;
};

} // namespace

void forEachStmtIn(const FunctionDecl &F,
                   llvm::function_ref<void(const Stmt &)> OnStmt) {
  BodyVisitor V(OnStmt);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&F))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten())
        V.TraverseStmt(Init->getInit());
  V.TraverseStmt(F.getBody());
}

ThreadModel::ThreadModel(const ValueFlow &Flow,
                         std::vector<std::string> CancelWords)
    : Flow(Flow), CancelWords(std::move(CancelWords)) {
  findStarters();
  buildCallGraph();

  // Threads, callbacks and the functions that start nothing.
  llvm::DenseSet<Fn> Called;
  for (const auto &[Caller, List] : Callees)
    for (const auto &[Call, Callee] : List)
      Called.insert(Callee);
  for (ValueId V = 0; V < Flow.numValues(); ++V) {
    if (Flow.value(V).K != Value::Kind::Thread || Deferred.contains(V))
      continue;
    for (Fn Entry : Flow.entriesOf(V))
      reach(Entry->getCanonicalDecl(), [&](Fn F) { Threads[F].set(V); });
  }
  for (const auto &[Cb, Registration] : Flow.statusCallbacks()) {
    Fn Root = Cb->getCanonicalDecl();
    reach(Root, [&](Fn F) {
      if (!llvm::is_contained(Callbacks[F], Root))
        Callbacks[F].push_back(Root);
    });
  }
  llvm::SmallVector<Fn, 8> Roots;
  for (const FunctionDecl *F : Flow.functions()) {
    Fn C = F->getCanonicalDecl();
    bool StatusCallback =
        llvm::any_of(Flow.statusCallbacks(), [&](const auto &P) {
          return P.first->getCanonicalDecl() == C;
        });
    if (Called.contains(C) || StatusCallback || Threads.count(C) ||
        (Flow.isEntry(C) && !Flow.callSitesOf(C).empty()))
      continue;
    Roots.push_back(C);
  }
  for (Fn Root : Roots)
    reach(Root, [&](Fn F) { Main.insert(F); });
  // A call from a global's initialiser runs in main.
  for (const FunctionDecl *F : Flow.functions())
    for (const CallSite &Site : Flow.callSitesOf(F->getCanonicalDecl()))
      if (!Site.Caller)
        reach(F->getCanonicalDecl(), [&](Fn G) { Main.insert(G); });

  for (const FunctionDecl *F : Flow.functions()) {
    if (!F->getIdentifier())
      continue;
    for (const std::string &W : words(F->getName()))
      if (llvm::is_contained(this->CancelWords, W)) {
        Fn Root = F->getCanonicalDecl();
        reach(Root, [&](Fn G) {
          Cancellers.try_emplace(G, Canceller{Root, W});
        });
        break;
      }
  }
}

// The function whose code starts each thread; deferred tasks.
void ThreadModel::findStarters() {
  for (const FunctionDecl *F : Flow.functions())
    forEachStmtIn(*F, [&](const Stmt &S) {
      std::optional<ValueId> T = isa<CallExpr, CXXConstructExpr>(S)
                                     ? Flow.threadStartedBy(S)
                                     : std::nullopt;
      if (!T)
        return;
      Starters.try_emplace(*T, F->getCanonicalDecl());
      if (launchesDeferred(&S))
        Deferred.insert(*T);
    });
}

// Caller to callee edges from the value flow's call sites, plus: a lambda
// the TU neither calls nor starts runs in the function that creates it, and
// a deferred task's entries run in the function that starts it.
void ThreadModel::buildCallGraph() {
  for (const FunctionDecl *F : Flow.functions()) {
    Fn Callee = F->getCanonicalDecl();
    for (const CallSite &Site : Flow.callSitesOf(Callee))
      if (Site.Caller)
        Callees[Site.Caller->getCanonicalDecl()].push_back({Site.Call, Callee});
  }
  for (const FunctionDecl *F : Flow.functions()) {
    Fn C = F->getCanonicalDecl();
    const FunctionDecl *Outer = Flow.enclosingFunction(C);
    if (!Outer || !Flow.callSitesOf(C).empty() || Flow.isEntry(C))
      continue;
    Callees[Outer->getCanonicalDecl()].push_back({nullptr, C});
  }
  for (ValueId T : Deferred)
    if (Fn Starter = Starters.lookup(T))
      for (const FunctionDecl *Entry : Flow.entriesOf(T))
        Callees[Starter].push_back(
            {cast<Expr>(Flow.value(T).Site), Entry->getCanonicalDecl()});
  for (const auto &[Caller, Calls] : Callees)
    for (const auto &[Call, Callee] : Calls)
      Callers[Callee].push_back({Call, Caller});
}

template <typename Visit>
void ThreadModel::reach(Fn Root, Visit &&OnVisit) const {
  llvm::SmallVector<Fn, 16> Work{Root};
  llvm::SmallPtrSet<Fn, 16> Seen{Root};
  while (!Work.empty()) {
    Fn F = Work.pop_back_val();
    OnVisit(F);
    auto It = Callees.find(F);
    if (It == Callees.end())
      continue;
    for (const auto &[Call, Callee] : It->second)
      if (Seen.insert(Callee).second)
        Work.push_back(Callee);
  }
}

ValueSet ThreadModel::threadsRunning(const FunctionDecl *F) const {
  auto It = Threads.find(F);
  return It == Threads.end() ? ValueSet() : It->second;
}

bool ThreadModel::inMain(const FunctionDecl *F) const {
  return Main.contains(F);
}

llvm::ArrayRef<const FunctionDecl *>
ThreadModel::callbacksReaching(const FunctionDecl *F) const {
  auto It = Callbacks.find(F);
  if (It == Callbacks.end())
    return {};
  return It->second;
}

const Canceller *ThreadModel::cancellerReaching(const FunctionDecl *F) const {
  auto It = Cancellers.find(F);
  return It == Cancellers.end() ? nullptr : &It->second;
}

// The functions reached from \p Root along \p Edges, itself included,
// computed on the first question and kept in \p Cache.
const llvm::DenseSet<ThreadModel::Fn> &ThreadModel::closure(
    Fn Root,
    const llvm::DenseMap<Fn, llvm::SmallVector<std::pair<const Expr *, Fn>, 4>>
        &Edges,
    llvm::DenseMap<Fn, llvm::DenseSet<Fn>> &Cache) {
  auto [It, Inserted] = Cache.try_emplace(Root);
  if (!Inserted)
    return It->second;
  llvm::DenseSet<Fn> Seen{Root};
  llvm::SmallVector<Fn, 16> Work{Root};
  while (!Work.empty()) {
    auto Out = Edges.find(Work.pop_back_val());
    if (Out == Edges.end())
      continue;
    for (const auto &[Call, Next] : Out->second)
      if (Seen.insert(Next).second)
        Work.push_back(Next);
  }
  // Inserting into Cache may have moved It's entry.
  return Cache[Root] = std::move(Seen);
}

bool ThreadModel::reaches(const FunctionDecl *From,
                          const FunctionDecl *To) const {
  return closure(From, Callees, Reachable).contains(To);
}

bool ThreadModel::reachedFrom(const FunctionDecl *To,
                              const FunctionDecl *From) const {
  return closure(To, Callers, Reaching).contains(From);
}

llvm::SmallVector<ChainStep, 4>
ThreadModel::callChain(const FunctionDecl *From, const FunctionDecl *To) const {
  // Breadth-first from From; Via[F] is the call that first reached F.
  llvm::SmallVector<ChainStep, 4> Chain;
  if (!From || !To || From == To)
    return Chain;
  llvm::DenseMap<Fn, std::pair<Fn, const Expr *>> Via;
  llvm::SmallVector<Fn, 8> Work{From};
  Via[From] = {nullptr, nullptr};
  for (size_t I = 0; I < Work.size() && !Via.count(To); ++I) {
    auto It = Callees.find(Work[I]);
    if (It == Callees.end())
      continue;
    for (const auto &[Call, Callee] : It->second)
      if (Via.try_emplace(Callee, Work[I], Call).second)
        Work.push_back(Callee);
  }
  if (!Via.count(To))
    return Chain;
  for (Fn F = To; F != From; F = Via[F].first)
    if (const Expr *Call = Via[F].second)
      Chain.push_back({Call, F->getNameAsString()});
  std::reverse(Chain.begin(), Chain.end());
  return Chain;
}

const FunctionDecl *ThreadModel::starterOf(ValueId T) const {
  return Starters.lookup(T);
}

} // namespace clang::tidy::winhttp::analysis
