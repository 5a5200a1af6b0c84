//===--- ParentIndex.h - parents of nodes in user code ----------*- C++ -*-===//
//
// Parent lookups that index only the declarations they are asked about.
//
// ASTContext::getParents indexes every node of the translation unit on first
// use, system headers included. On a TU that includes <windows.h> and the C++
// standard library that costs a quarter of the parse time and half again its
// memory, more than all the winhttp-* checks together (see
// docs/performance.md). This index instead finds the top-level declaration
// outside system headers (a function, variable, class, ...) that holds a node,
// by the node's location, and indexes that declaration alone, once. System
// headers are covered too when clang-tidy reports in them.
//
// Template instantiations are not indexed: a node of an instantiation has no
// parent here, and the checks do not look at instantiations.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_PARENTINDEX_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_PARENTINDEX_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTTypeTraits.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/PointerUnion.h"
#include <memory>
#include <vector>

namespace clang::tidy::winhttp::analysis {

/// Whether \p D is declared in a system header (where it is expanded).
bool isInSystemHeader(const Decl &D);

class ParentIndex {
public:
  /// \p SystemHeaders: whether declarations in system headers are covered
  /// too (clang-tidy's `--system-headers`).
  explicit ParentIndex(ASTContext &Ctx, bool SystemHeaders = false)
      : Ctx(Ctx), SystemHeaders(SystemHeaders) {}
  ParentIndex(const ParentIndex &) = delete;
  ParentIndex &operator=(const ParentIndex &) = delete;

  ASTContext &context() const { return Ctx; }

  /// The parent of \p Node: a statement, a declaration or a constructor
  /// initialiser. Where the tree shares a node (the syntactic and semantic
  /// forms of an initialiser list), the parent in the syntactic form. Empty
  /// for a top-level declaration and for a node outside the code this index
  /// covers.
  DynTypedNode parent(const DynTypedNode &Node);
  DynTypedNode parent(const Stmt &S) {
    return parent(DynTypedNode::create(S));
  }

private:
  using Parent = llvm::PointerUnion<const Decl *, const Stmt *,
                                    const CXXCtorInitializer *>;

  struct Root {
    FileID File;
    unsigned Begin;
    unsigned End;
    const Decl *D;
  };

  void collectRoots(const DeclContext &DC);
  void indexRootsAt(SourceLocation Loc);
  void index(const Decl &Root);

  ASTContext &Ctx;
  const bool SystemHeaders;
  /// Top-level declarations outside system headers, by file and offset.
  std::vector<Root> Roots;
  bool RootsCollected = false;
  llvm::DenseSet<const Decl *> Indexed;
  llvm::DenseMap<const void *, Parent> Parents;

  friend class ParentIndexBuilder;
};

/// The ParentIndex of the translation unit a check is looking at; a check
/// calls reset() at the end of each translation unit.
class ParentIndexCache {
public:
  ParentIndex &get(ASTContext &Ctx, bool SystemHeaders) {
    if (!Index || &Index->context() != &Ctx)
      Index = std::make_unique<ParentIndex>(Ctx, SystemHeaders);
    return *Index;
  }
  void reset() { Index.reset(); }

private:
  std::unique_ptr<ParentIndex> Index;
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_PARENTINDEX_H
