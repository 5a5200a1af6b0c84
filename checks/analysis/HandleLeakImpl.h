//===--- HandleLeakImpl.h - handle-leak analysis state ----------*- C++ -*-===//
//
// The analysis of HandleLeak.h and the walk of one function's CFG, private
// to the HandleLeak*.cpp files; with the helpers those files share.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_HANDLELEAKIMPL_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_HANDLELEAKIMPL_H

#include "FunctionCfg.h"
#include "HandleLeak.h"
#include "ParentIndex.h"
#include "ValueFlow.h"
#include "WinHttpApi.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/SparseBitVector.h"
#include <optional>
#include <vector>

namespace clang::tidy::winhttp::analysis {

namespace handleleak_detail {

using State = llvm::SparseBitVector<>;

/// What consumes a reference to a local holding a handle.
enum class RefUse {
  /// A WinHTTP call, a test or a comparison reads it; it stays open.
  Borrow,
  /// It is closed or handed to someone else.
  Release,
  /// It is assigned to (the store is handled at the assignment).
  Write,
  /// It is copied into a plain local (handled at the copy).
  Copy,
  /// A WinHTTP call that, on an asynchronous handle, completes in the
  /// status callback, which may close the handle it is given.
  AsyncStart,
};

// Described where they are defined, in HandleLeak.cpp.
const api::Function *returningCreator(const CallExpr &Call,
                                      const ValueFlow &Flow);
const api::Function *outCreator(const CallExpr &Call, const ValueFlow &Flow);
bool plainLocal(const VarDecl *VD, const FunctionDecl *Fn);
const VarDecl *plainLocalOf(const Expr *E, const FunctionDecl *Fn);

/// The creating calls and the holders whose value \p E can be: both arms of
/// `?:`, the right of `,`, the target of an assignment.
struct ValueSources {
  llvm::SmallVector<const CallExpr *, 2> Creations;
  llvm::SmallVector<const VarDecl *, 2> Holders;
};

class Analysis {
public:
  Analysis(ASTContext &Ctx, ParentIndex &Parents, bool SystemHeaders,
           const std::vector<BorrowSpec> &NonOwning)
      : Ctx(Ctx), Parents(Parents),
        Flow(ValueFlow::shared(Ctx, {{}, SystemHeaders})), Cfgs(Ctx),
        NonOwning(NonOwning) {}

  std::vector<HandleLeakFinding> run();

  RefUse classify(const DeclRefExpr &Ref, const FunctionDecl *Fn);
  /// Whether the handle \p Creation makes may belong to an asynchronous
  /// session: it does, or its mode is unknown and the TU registers a
  /// status callback.
  bool mayBeAsync(const CallExpr *Creation);
  /// The creation whose result \p E stands for, when \p E is that call or
  /// a variable initialised from it and never assigned.
  const CallExpr *outCreationOf(const Expr *E, const FunctionDecl *Fn);

  ASTContext &Ctx;
  ParentIndex &Parents;
  const ValueFlow &Flow;
  FunctionCfgs Cfgs;
  std::vector<HandleLeakFinding> Findings;
  llvm::DenseSet<unsigned> Reported;

private:
  RefUse classifyBinary(const BinaryOperator &BO, const Stmt *Operand,
                        const FunctionDecl *Fn);
  RefUse classifyArgument(const CallExpr &Call, const Stmt *Arg);
  bool borrows(const FunctionDecl *Fn, unsigned Param);
  bool namedBorrower(const CallExpr &Call, unsigned Arg) const;

  const std::vector<BorrowSpec> &NonOwning;
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, bool> Borrows;
  llvm::DenseSet<std::pair<const FunctionDecl *, unsigned>> InProgress;
  llvm::DenseMap<const CallExpr *, bool> Async;
};

/// The forward walk of one function's CFG: which locals may hold which
/// creations' open handles. A state is a set of (creation, local) pairs; the
/// pair with no local is the creation's value between the call and the
/// store.
class Walk {
public:
  Walk(Analysis &A, const FunctionDecl *Fn, const CFG &G)
      : A(A), Fn(Fn), G(G) {}

  void run();

private:
  unsigned site(const CallExpr *Call);
  unsigned pairId(unsigned Site, const VarDecl *V);
  llvm::SmallVector<unsigned, 2> sitesHeldBy(const VarDecl *V,
                                             const State &St) const;
  bool held(unsigned Site, const State &St) const;
  void dropSites(llvm::ArrayRef<unsigned> Gone, State &St) const;
  void store(const VarDecl *V, const ValueSources &Src,
             llvm::ArrayRef<unsigned> Created, const Stmt *At, State &St,
             bool Report);
  void transfer(const Stmt *S, State &St, bool Report);
  void refine(const CFGBlock &From, const CFGBlock &To, State &St);
  void reportExits(llvm::ArrayRef<std::optional<State>> Out);
  void leak(unsigned Site, HandleLeakFinding::Where How, SourceLocation At,
            const VarDecl *Overwritten);

  Analysis &A;
  const FunctionDecl *Fn;
  const CFG &G;
  std::vector<const CallExpr *> Sites;
  std::vector<const VarDecl *> FirstHolder;
  llvm::DenseMap<const CallExpr *, unsigned> SiteIds;
  std::vector<std::pair<unsigned, const VarDecl *>> Pairs;
  llvm::DenseMap<std::pair<unsigned, const VarDecl *>, unsigned> PairIds;
  /// The sites the parent handle of a site's creation may have come from.
  llvm::DenseMap<unsigned, llvm::SmallSet<unsigned, 2>> ParentSites;
  /// The first leak in source order of each site.
  llvm::DenseMap<unsigned, HandleLeakFinding> Leaks;
};

} // namespace handleleak_detail

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_HANDLELEAKIMPL_H
