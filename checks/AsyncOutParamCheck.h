//===--- AsyncOutParamCheck.h - winhttp-tidy --------------------*- C++ -*-===//
//
// Declares winhttp-async-out-param.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ASYNCOUTPARAMCHECK_H
#define WINHTTP_TIDY_CHECKS_ASYNCOUTPARAMCHECK_H

#include "WinHttpCheck.h"
#include "analysis/FunctionCfg.h"
#include "analysis/ParentIndex.h"
#include <memory>

namespace clang::tidy::winhttp {

namespace api {
struct Function;
struct AsyncArgs;
} // namespace api

/// Finds, on handles of asynchronous sessions, byte-count out-pointers that
/// are not NULL and buffers with automatic storage that the function can
/// leave behind before the operation completes.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-async-out-param.rst
class AsyncOutParamCheck : public WinHttpCheck {
public:
  AsyncOutParamCheck(StringRef Name, ClangTidyContext *Context)
      : WinHttpCheck(Name, Context) {}
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    // Calls in template instantiations are reported in their template.
    return TK_IgnoreUnlessSpelledInSource;
  }

private:
  void checkCount(const CallExpr &Call, const api::Function &Api, int Arg,
                  const CallExpr *Open, analysis::ParentIndex &Parents);
  void checkBuffer(const CallExpr &Call, const api::Function &Api, int Arg,
                   const CallExpr *Open, analysis::ParentIndex &Parents);
  void noteSession(const CallExpr *Open);
  /// NULL as this translation unit writes it.
  StringRef nullSpelling(const ASTContext &Ctx) const;

  Preprocessor *PP = nullptr;
  analysis::ParentIndexCache Parents;
  std::unique_ptr<analysis::FunctionCfgs> Cfgs;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_ASYNCOUTPARAMCHECK_H
