//===--- AccessPath.h - the identity of a memory place -----------*- C++
//-*-===//
//
// The one notion of "the same place" of the analyses: a typed access path, a
// root followed by steps, as clang's LifetimeSafety (LLVM 22,
// clang/Analysis/Analyses/LifetimeSafety/Loans.h) designs it, extended to
// the places a WinHTTP handle is kept in.
//
//   root:  a local, a parameter, a global (a static member included),
//          `*this`, a temporary, an allocation (`new T`)
//   steps: a field, an element (with its index when it is a constant), a
//          dereference
//
// `h` is the local h; `p->f` is p, dereference, field f; `o.f` is o, field
// f; `this->f` (or `f` in a method) is `*this`, field f; `a[2]` is a,
// element 2; `*p` and `p[0]` are p, dereference; a smart pointer's `->` and
// `*` dereference it. A pointer value is named by the place it points to
// (its pointee): `&o` points to o, `p` to p's dereference, `this` to
// `*this`. So `(&o)->f` and `o.f` are one path, and so are `p->f` and
// `(*p).f`. A reference names its referent: a reference variable or
// parameter is the root of the places reached through it.
//
// Two paths name the same place when they are equal; a path is exact when
// no step is an element with an index that is not a constant (`a[i]` is some
// element of a, not a place of its own). Equal exact paths name one place
// wherever they are written in a function; a path of a local or parameter
// names different places in different functions.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_ACCESSPATH_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_ACCESSPATH_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMapInfo.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang::tidy::winhttp::analysis {

class AccessPath {
public:
  enum class RootKind : uint8_t {
    Local,
    Parameter,
    Global,
    This,
    Temporary,
    Allocation,
  };

  struct Step {
    enum class Kind : uint8_t { Field, Element, Deref };
    Kind K;
    /// Field steps: the canonical field.
    const FieldDecl *Field = nullptr;
    /// Element steps: the index, or -1 when it is not a constant.
    int64_t Index = -1;

    static Step field(const FieldDecl &FD) {
      return {Kind::Field, FD.getCanonicalDecl(), -1};
    }
    static Step element(int64_t Index) {
      return {Kind::Element, nullptr, Index};
    }
    static Step deref() { return {Kind::Deref, nullptr, -1}; }
    bool operator==(const Step &O) const {
      return K == O.K && Field == O.Field && Index == O.Index;
    }
    bool operator!=(const Step &O) const { return !(*this == O); }
  };

  /// The path of a variable (a local, a parameter or a global).
  static AccessPath of(const VarDecl &VD);
  /// `*this`.
  static AccessPath thisObject();
  /// The place the lvalue \p E names, or none (a call's result that is no
  /// object, a function, a conditional of two places). \p Ctx evaluates
  /// the indices of elements.
  static std::optional<AccessPath> ofLvalue(const Expr &E,
                                            const ASTContext &Ctx);
  /// The place the pointer value \p E points to, or none.
  static std::optional<AccessPath> ofPointee(const Expr &E,
                                             const ASTContext &Ctx);

  RootKind rootKind() const { return Kind; }
  /// The root variable (canonical) of a Local, Parameter or Global root.
  const VarDecl *rootVar() const {
    return dyn_cast_or_null<VarDecl>(static_cast<const Decl *>(
        Kind == RootKind::Temporary || Kind == RootKind::Allocation ? nullptr
                                                                    : Root));
  }
  /// The expression of a Temporary or Allocation root.
  const Expr *rootExpr() const {
    return Kind == RootKind::Temporary || Kind == RootKind::Allocation
               ? static_cast<const Expr *>(Root)
               : nullptr;
  }
  llvm::ArrayRef<Step> steps() const { return Steps; }

  /// Whether every element step has a constant index.
  bool exact() const;
  /// Whether \p Prefix is this path or a path this one is reached through.
  bool startsWith(const AccessPath &Prefix) const;
  /// This path with the first \p N steps only.
  AccessPath prefix(size_t N) const;
  /// This path followed by \p More.
  AccessPath then(llvm::ArrayRef<Step> More) const;
  AccessPath then(Step S) const { return then(llvm::ArrayRef<Step>(S)); }

  /// As C would write it: `p->f`, `o.f`, `this->f`, `a[2]`, `*p`, `a[?]`.
  std::string str() const;

  bool operator==(const AccessPath &O) const {
    return Kind == O.Kind && Root == O.Root && Steps == O.Steps;
  }
  bool operator!=(const AccessPath &O) const { return !(*this == O); }

private:
  friend struct llvm::DenseMapInfo<AccessPath>;
  friend llvm::hash_code
  hash_value(const AccessPath &P); // NOLINT(readability-identifier-naming)
  AccessPath(RootKind K, const void *Root) : Kind(K), Root(Root) {}

  RootKind Kind;
  /// The canonical VarDecl, the Expr, or null for `*this`.
  const void *Root;
  llvm::SmallVector<Step, 3> Steps;
};

// The name llvm::hash_combine and DenseMap find by ADL.
llvm::hash_code
hash_value(const AccessPath &P); // NOLINT(readability-identifier-naming)

} // namespace clang::tidy::winhttp::analysis

namespace llvm {
template <> struct DenseMapInfo<clang::tidy::winhttp::analysis::AccessPath> {
  using AccessPath = clang::tidy::winhttp::analysis::AccessPath;
  static AccessPath getEmptyKey() {
    return AccessPath(AccessPath::RootKind::This,
                      DenseMapInfo<const void *>::getEmptyKey());
  }
  static AccessPath getTombstoneKey() {
    return AccessPath(AccessPath::RootKind::This,
                      DenseMapInfo<const void *>::getTombstoneKey());
  }
  static unsigned getHashValue(const AccessPath &P) {
    return static_cast<unsigned>(hash_value(P));
  }
  static bool isEqual(const AccessPath &A, const AccessPath &B) {
    return A == B;
  }
};
} // namespace llvm

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_ACCESSPATH_H
