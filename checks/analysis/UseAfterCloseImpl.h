//===--- UseAfterCloseImpl.h - use-after-close state ------------*- C++ -*-===//
//
// The places, summaries and facts of UseAfterClose.h, the analysis that
// holds them and the walk of one function's CFG; private to the
// UseAfterClose*.cpp files.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_USEAFTERCLOSEIMPL_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_USEAFTERCLOSEIMPL_H

#include "AccessPath.h"
#include "FunctionCfg.h"
#include "Summaries.h"
#include "UseAfterClose.h"
#include "ValueFlow.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SparseBitVector.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::winhttp::analysis {

namespace useafterclose_detail {

using State = llvm::SparseBitVector<>;

/// The place \p E names, when it is one place (AccessPath::exact).
std::optional<AccessPath> placeOf(const Expr *E, const ASTContext &Ctx);

/// What a function does to a place its caller names: a place reached from
/// a parameter, from `*this` or from a global, as the function writes it.
/// At a call the root is replaced by the argument's or the object's place.
struct Effect {
  AccessPath Path;
  /// The handle as written in the function, for messages.
  std::string Shown;
};

/// A function's summary. Its lattice: pairs of sets of effects, ordered
/// by inclusion; the bottom (and the quiet summary of a recursion that does
/// not settle) is empty: closes nothing, uses nothing.
struct Summary {
  /// Closed on every path to the exit.
  std::vector<Effect> Closes;
  /// Called WinHTTP on, on some path.
  std::vector<Effect> Uses;

  bool operator==(const Summary &O) const;
};

/// A handle closed at a point, and the places that name it.
struct Fact {
  llvm::SmallVector<unsigned, 2> Keys;
  /// The closing call, or null for the destruction of Owner at Loc.
  const CallExpr *Close;
  std::string Callee;
  const Expr *Handle;
  SourceLocation Loc;
  const VarDecl *Owner = nullptr;
};

/// A close or a use at a call: the place, its alias places, the handle as
/// written (the argument or object, for a call of a function of the TU).
struct Access {
  llvm::SmallVector<AccessPath, 2> Keys;
  const Expr *Handle;
  bool Closes;
  bool Uses;
  /// A WinHTTP call, whose handle argument is Handle.
  bool Direct;
  /// The handle for messages.
  std::string Shown;
};

class Analysis {
public:
  Analysis(ASTContext &Ctx, bool SystemHeaders);

  std::vector<UseAfterCloseFinding> run();

  /// The summary of \p Fn, from the table (Summaries.h).
  const Summary &summary(const FunctionDecl *Fn);
  /// Summarises \p Fn (its definition) from its callees' summaries.
  Summary summarise(const FunctionDecl &Fn);
  llvm::SmallVector<Access, 2> accesses(const CallExpr &Call);
  /// The number of \p P, given the first time it is asked.
  unsigned pathId(const AccessPath &P) {
    auto [It, Inserted] = PathIds.try_emplace(P, Paths.size());
    if (Inserted)
      Paths.push_back(P);
    return It->second;
  }
  /// The number of \p P if it has one.
  std::optional<unsigned> knownPathId(const AccessPath &P) const {
    auto It = PathIds.find(P);
    return It == PathIds.end() ? std::nullopt
                               : std::optional<unsigned>(It->second);
  }
  const AccessPath &path(unsigned Id) const { return Paths[Id]; }

  ASTContext &Ctx;
  const ValueFlow &Flow;
  FunctionCfgs Cfgs;
  llvm::DenseMap<AccessPath, unsigned> PathIds;
  std::vector<AccessPath> Paths;
  CallGraphComponents Graph;
  SummaryTable<Summary> Summaries;
  std::vector<UseAfterCloseFinding> Findings;
  llvm::DenseSet<unsigned> Reported;
};

/// The forward walk of one function's CFG. With Must, merges intersect and
/// the walk computes a summary; otherwise they unite and it reports.
class Walk {
public:
  Walk(Analysis &A, const FunctionDecl *Fn, bool Must)
      : A(A), Fn(Fn), Must(Must) {}

  /// The state at the exit, or none without a CFG.
  std::optional<State> run(bool Report);

  std::vector<Fact> Facts;
  /// Places assigned anywhere in the function.
  llvm::DenseSet<unsigned> Killed;
  /// Places WinHTTP is called on anywhere in the function, with the
  /// handle as first written there.
  llvm::DenseMap<unsigned, std::string> Used;

private:
  void collectOwnerCopies();
  void declared(const VarDecl &VD);
  void ownerCloses(const CallExpr &Call, State &St);
  void ownerDestroyed(const CFGAutomaticObjDtor &D, State &St);
  bool keepsOwning(const VarDecl &Owner);
  void transfer(const Stmt *S, State &St, bool Report);
  void kill(const std::optional<AccessPath> &P, State &St);
  void use(const CallExpr &Call, const Access &Acc, const State &St);
  unsigned fact(const Access &Acc, const CallExpr &Call);
  unsigned addFact(Fact F);

  Analysis &A;
  const FunctionDecl *Fn;
  const bool Must;
  /// keepsOwning's answer for every owner variable of the function, found
  /// in one walk of the body the first time it is asked.
  std::optional<llvm::DenseSet<const VarDecl *>> HandedOn;
  llvm::DenseMap<std::pair<const void *, unsigned>, unsigned> FactIds;
  /// The facts by each place they name, and by each place those are
  /// reached through (`o` for `o>f`): a use or an assignment looks up its
  /// own place instead of scanning every closed handle, so a function with
  /// thousands of handles costs what it names.
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> FactsNaming,
      FactsUnder;
  /// The locals that copy what an owner (by its place) holds: `HINTERNET
  /// raw = owner.get();`.
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> OwnerCopies;
};

// Described where they are defined, in UseAfterClosePlaces.cpp and
// UseAfterCloseWalk.cpp.
bool sameEffect(const Effect &A, const Effect &B);
const Expr *resetOwner(const CallExpr &Call);

} // namespace useafterclose_detail

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_USEAFTERCLOSEIMPL_H
