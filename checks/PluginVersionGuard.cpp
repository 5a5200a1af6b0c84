//===--- PluginVersionGuard.cpp - winhttp-tidy ----------------------------===//
//
// Stops a clang-tidy of another LLVM major version from loading the plugin.
//
// The C++ ABI of clang's AST changes between major versions. A plugin loaded
// into the wrong clang-tidy still registers and lists its checks, but its
// matchers never fire, so it reports nothing and a lint gate passes while
// checking nothing. Fail loudly instead.
//
//===----------------------------------------------------------------------===//

#include "clang/Basic/Version.h"
#include "llvm/Config/llvm-config.h"
#include <cstdio>
#include <cstdlib>
#include <string>

// The major version in a string like "Debian clang version 19.1.7 (...)".
static unsigned majorVersionOf(const std::string &FullVersion) {
  std::string::size_type Pos = FullVersion.find("version ");
  if (Pos == std::string::npos)
    return 0;
  return static_cast<unsigned>(
      std::strtoul(FullVersion.c_str() + Pos + 8, nullptr, 10));
}

namespace {

struct VersionGuard {
  VersionGuard() {
    // Resolved in the clang-tidy that loads us: its version, not ours. The
    // symbol's signature has been stable across every LLVM release.
    std::string Host = clang::getClangFullVersion();
    unsigned HostMajor = majorVersionOf(Host);
    if (HostMajor == LLVM_VERSION_MAJOR)
      return;
    std::fprintf(
        stderr,
        "error: the winhttp-tidy plugin was built for LLVM %s, but it was "
        "loaded into a clang-tidy of LLVM %u (%s); a plugin works only in a "
        "clang-tidy of the same major version: run clang-tidy-%d with it, "
        "use the winhttp-tidy driver, or build the plugin against LLVM %u\n",
        WINHTTP_TIDY_LLVM_VERSION_STRING, HostMajor, Host.c_str(),
        LLVM_VERSION_MAJOR, HostMajor);
    std::fflush(stderr);
    // Exit without running the host's static destructors: its state is not
    // ours to tear down, and some of it may be half-registered by now.
    std::_Exit(1);
  }
};

const VersionGuard Guard;

} // namespace
