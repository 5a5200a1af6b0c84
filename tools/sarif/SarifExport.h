//===--- SarifExport.h - clang-tidy diagnostics as SARIF --------*- C++ -*-===//
//
// Writes clang-tidy's diagnostics, as clang-tidy exports them with
// --export-fixes, as one SARIF 2.1.0 run: rules with their documentation,
// results with locations, notes as related locations and fix-its as fixes.
// The driver's --export-sarif and the winhttp-tidy-sarif converter share it.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_TOOLS_SARIF_SARIFEXPORT_H
#define WINHTTP_TIDY_TOOLS_SARIF_SARIFEXPORT_H

#include "clang/Tooling/Core/Diagnostic.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace clang::tidy::winhttp::sarif {

struct SarifOptions {
  std::string ToolVersion;
  /// Where the rules' help pages are: a URL prefix to which
  /// `checks/<check>.html` is appended (--sarif-help-base), or, by default,
  /// the installed HTML documentation as a directory.
  std::string HelpBase;
  /// Results name their files relative to this directory (--sarif-root),
  /// through the base id SRCROOT; files outside it keep absolute URIs.
  std::string SourceRoot;
};

/// Reads the diagnostics of a clang-tidy --export-fixes YAML file, with
/// clang's own YAML traits.
llvm::Expected<std::vector<tooling::Diagnostic>>
readExportedFixes(llvm::StringRef Path);

/// Writes \p Diags as a SARIF 2.1.0 log.
llvm::Error writeSarif(const std::vector<tooling::Diagnostic> &Diags,
                       const SarifOptions &Options, llvm::raw_ostream &OS);

/// Writes \p Diags as a SARIF log to the file \p Path.
llvm::Error writeSarifFile(const std::vector<tooling::Diagnostic> &Diags,
                           const SarifOptions &Options, llvm::StringRef Path);

/// The default help location: the installed HTML documentation next to the
/// executable \p Argv0 (`../share/doc/winhttp-tidy/html`), or the build
/// tree's (`../docs/html`).
std::string defaultHelpBase(const char *Argv0, void *MainAddr);

} // namespace clang::tidy::winhttp::sarif

#endif // WINHTTP_TIDY_TOOLS_SARIF_SARIFEXPORT_H
