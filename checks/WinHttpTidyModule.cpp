//===--- WinHttpTidyModule.cpp - winhttp-tidy -----------------------------===//
//
// Registers the winhttp-* checks with clang-tidy.
//
//===----------------------------------------------------------------------===//

#include "AsyncOutParamCheck.h"
#include "ClangTidyModule.h"
#include "CloseDuringSyncCallCheck.h"
#include "ContextLifetimeCheck.h"
#include "DwordResultCheck.h"
#include "HandleLeakCheck.h"
#include "StatusCallbackResultCheck.h"
#include "UncheckedResultCheck.h"
#include "UseAfterCloseCheck.h"
#include "WebSocketCloseDuringIoCheck.h"
#include "llvm/Config/llvm-config.h"
#if LLVM_VERSION_MAJOR < 22
// LLVM 22 moved the registry into ClangTidyModule.h and deprecated this one.
#include "ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy {
namespace winhttp {

namespace {

class WinHttpModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
#define WINHTTP_CHECK(Class, Name, Short, Full)                                \
  CheckFactories.registerCheck<Class>(Name);
#include "WinHttpChecks.def"
  }
};

} // namespace
} // namespace winhttp

static ClangTidyModuleRegistry::Add<winhttp::WinHttpModule>
    X("winhttp-module", "Adds checks for misuse of the Windows WinHTTP API.");

// This anchor is used to force the linker to link in the generated object
// file and thus register the WinHttpModule.
volatile int WinHttpModuleAnchorSource = 0; // NOLINT(misc-use-internal-linkage)

} // namespace clang::tidy
