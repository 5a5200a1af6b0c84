//===--- ValueFlowReaching.cpp - reaching definitions of locals -----------===//
//
// Which definitions of a local with more than one reach each of its uses,
// over the function's CFG; ValueFlow's edges follow them.
//
//===----------------------------------------------------------------------===//

#include "Dataflow.h"
#include "ValueFlowImpl.h"
#include "llvm/ADT/BitVector.h"

namespace clang::tidy::winhttp::analysis {

using namespace valueflow_detail;

namespace {

/// The reaching-definitions walk of one function: which definitions of its
/// multiply defined locals reach each use.
class ReachingDefinitions {
public:
  ReachingDefinitions(ValueFlow::Impl &I, llvm::ArrayRef<const VarDecl *> Vars)
      : I(I) {
    for (const VarDecl *VD : Vars) {
      const auto &Defs = I.Locals[VD].Defs;
      for (const void *Def : Defs) {
        DefIndex[Def] = Sites.size();
        Sites.emplace_back(VD, Def);
      }
    }
    for (const VarDecl *VD : Vars) {
      llvm::BitVector &M = Mask.try_emplace(VD, Sites.size()).first->second;
      for (const void *Def : I.Locals[VD].Defs)
        M.set(DefIndex[Def]);
    }
  }

  /// Lattice: a bit per definition of the tracked locals, ordered by
  /// inclusion (may reach); join is union; a definition of a local kills its
  /// other definitions and sets its own; the entry holds the parameters'.
  struct Analysis {
    using State = llvm::BitVector;
    static constexpr dataflow::Direction Dir = dataflow::Direction::Forward;
    ReachingDefinitions &RD;
    State boundary() const {
      State S(RD.Sites.size());
      for (const auto &[VD, Def] : RD.Sites)
        if (Def == VD && isa<ParmVarDecl>(VD))
          S.set(RD.DefIndex.lookup(Def));
      return S;
    }
    void join(State &Into, const State &From) const { Into |= From; }
    void transfer(const CFGElement &E, State &S) const {
      if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
        RD.transfer(CS->getStmt(), S, /*Record=*/false);
    }
  };

  /// Records which definitions reach each use. A run the solver could not
  /// finish records nothing: every use then reads every definition.
  void run(const CFG &G) {
    const Analysis A{*this};
    dataflow::Result<llvm::BitVector> R = dataflow::solve(G, A);
    if (!R.Complete)
      return;
    // A block no path reaches is recorded too: no definition reaches its
    // uses.
    for (const CFGBlock *B : G) {
      const std::optional<llvm::BitVector> &In = R.In[B->getBlockID()];
      llvm::BitVector State = In ? *In : llvm::BitVector(Sites.size());
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
          transfer(CS->getStmt(), State, /*Record=*/true);
    }
  }

private:
  llvm::SmallVector<const void *, 2> reaching(const VarDecl *VD,
                                              const llvm::BitVector &State) {
    llvm::BitVector Live = State;
    Live &= Mask.find(VD)->second;
    llvm::SmallVector<const void *, 2> Result;
    for (unsigned Idx : Live.set_bits())
      Result.push_back(Sites[Idx].second);
    return Result;
  }

  void define(const VarDecl *VD, const void *Site, llvm::BitVector &State) {
    auto M = Mask.find(VD);
    auto D = DefIndex.find(Site);
    if (M == Mask.end() || D == DefIndex.end())
      return;
    State.reset(M->second);
    State.set(D->second);
  }

  void transfer(const Stmt *S, llvm::BitVector &State, bool Record) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (Record && VD && Mask.count(VD))
        I.UseDefs[DRE] = reaching(VD, State);
      return;
    }
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &C : LE->captures())
        if (Record && C.capturesVariable() && C.getCaptureKind() == LCK_ByCopy)
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar());
              VD && Mask.count(VD))
            I.CaptureDefs[{LE, VD}] = reaching(VD, State);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          define(VD, VD, State);
      return;
    }
    auto Def = I.defTarget(S);
    if (!Def || !Mask.count(Def->first))
      return;
    if (Def->second && Record)
      I.WeakPrev[S] = reaching(Def->first, State);
    define(Def->first, S, State);
  }

  ValueFlow::Impl &I;
  llvm::SmallVector<std::pair<const VarDecl *, const void *>, 16> Sites;
  llvm::DenseMap<const void *, unsigned> DefIndex;
  llvm::DenseMap<const VarDecl *, llvm::BitVector> Mask;
};

} // namespace

void ValueFlow::Impl::reachingDefinitions(
    const FunctionDecl *FD, llvm::ArrayRef<const VarDecl *> Vars) {
  // Without a CFG every use reads every definition. The CFG serves this
  // walk only: freed at once, one is alive at a time.
  if (const CFG *G = Cfgs.get(FD))
    ReachingDefinitions(*this, Vars).run(*G);
  Cfgs.forget(FD);
}

} // namespace clang::tidy::winhttp::analysis
