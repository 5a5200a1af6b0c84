//===--- PerTu.h - what the analyses of one TU share ------------*- C++ -*-===//
//
// The analyses that several checks need are built once per translation
// unit and options, by the first check that asks, and shared by the others
// that ask with the same options: the value flow, the thread model with the
// order analysis. Sharing changes no answer (each is solved, or summarised
// bottom-up, independently of who asks first); it saves building them once
// per check. They are released with the ASTContext, so that a later context
// at the same address never sees them. clang-tidy runs the checks of a TU
// one after another on one thread.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_PERTU_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_PERTU_H

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/STLExtras.h"
#include <memory>
#include <vector>

namespace clang::tidy::winhttp::analysis {

/// The objects of type \p T of each TU, one per key (\p KeyT with `==`).
template <typename T, typename KeyT> class PerTu {
public:
  /// The object of \p Ctx and \p Key: made by \p Make the first time.
  template <typename MakeFn>
  static T &get(ASTContext &Ctx, const KeyT &Key, MakeFn Make) {
    bool Known = false;
    for (Entry &E : entries()) {
      Known |= E.Ctx == &Ctx;
      if (E.Ctx == &Ctx && E.Key == Key)
        return *E.Object;
    }
    if (!Known)
      Ctx.AddDeallocation(release, &Ctx);
    std::unique_ptr<T> Object = Make();
    entries().push_back({&Ctx, Key, std::move(Object)});
    return *entries().back().Object;
  }

  /// Frees the object of \p Ctx and \p Key, if there is one; a later
  /// get() makes it again.
  static void erase(const ASTContext &Ctx, const KeyT &Key) {
    llvm::erase_if(entries(), [&](const Entry &E) {
      return E.Ctx == &Ctx && E.Key == Key;
    });
  }

private:
  struct Entry {
    const ASTContext *Ctx;
    KeyT Key;
    std::unique_ptr<T> Object;
  };
  static std::vector<Entry> &entries() {
    static std::vector<Entry> Entries;
    return Entries;
  }
  static void release(void *Ctx) {
    llvm::erase_if(entries(), [&](const Entry &E) { return E.Ctx == Ctx; });
  }
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_PERTU_H
