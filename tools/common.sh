# Shared by the tools/ scripts: paths, package list, setup and build steps.
# shellcheck shell=bash

WINHTTP_TIDY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WINHTTP_TIDY_BUILD="${WINHTTP_TIDY_BUILD:-$WINHTTP_TIDY_ROOT/build}"
WINHTTP_TIDY_LIT="/usr/lib/llvm-19/build/utils/lit/lit.py"

# Everything a fresh Debian 12 machine needs to build and test.
WINHTTP_TIDY_PACKAGES=(
  cmake ninja-build python3 git binutils
  # test/tool/cmake-compiler.test shows that GCC is refused.
  g++
  clang-19 clang-tidy-19 libclang-19-dev llvm-19-dev llvm-19-tools
  libclang-rt-19-dev
  clang-22 clang-tidy-22 libclang-22-dev llvm-22-dev llvm-22-tools
  # clang-tidy 14 is Debian's default; the plugin's version guard is tested
  # against it.
  clang-tidy-14
  mingw-w64-x86-64-dev g++-mingw-w64-x86-64-posix
  # The benchmark (bench/run): peak memory and the plot.
  time python3-matplotlib
  # The HTML documentation.
  python3-sphinx python3-myst-parser
  # The Debian package: cpack -G DEB, checked by lintian (test/tool/deb.test).
  lintian
  # test/tool/github-workflow.test reads the workflow of docs/ci.md.
  python3-yaml
  # test/tool/editors.test runs docs/editors.md's settings in Vim with ALE.
  vim-nox vim-ale
  # The unit tests of the shared analysis (unittests/).
  googletest libgtest-dev
  # tools/metamorphic/reorder.py rewrites a TU with its functions reordered.
  python3-clang-19
)

log() { printf '==> %s\n' "$*" >&2; }

# Installs the missing packages, and nothing when all are there.
setup() {
  local missing=() pkg
  for pkg in "${WINHTTP_TIDY_PACKAGES[@]}"; do
    [[ $pkg == \#* ]] && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
      missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || {
      log "need root to install: ${missing[*]}"
      return 1
    }
    sudo=(sudo)
  fi
  log "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# Microsoft's SARIF validator, from npm, in the build directory; npm skips
# its postinstall step, which would set the binary's run bit.
WINHTTP_TIDY_SARIF_MULTITOOL="$WINHTTP_TIDY_BUILD/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
setup_sarif_validator() {
  if [[ ! -f $WINHTTP_TIDY_SARIF_MULTITOOL ]]; then
    # Debian's npm, unless the machine has one (NodeSource's nodejs has it).
    if ! command -v npm >/dev/null; then
      log "installing nodejs npm"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends nodejs npm >/dev/null
    fi
    log "installing @microsoft/sarif-multitool from npm"
    mkdir -p "$WINHTTP_TIDY_BUILD/npm"
    npm install --prefix "$WINHTTP_TIDY_BUILD/npm" --no-audit --no-fund \
      @microsoft/sarif-multitool@5.7.0 >"$WINHTTP_TIDY_BUILD/npm.log" 2>&1 || {
      cat "$WINHTTP_TIDY_BUILD/npm.log" >&2
      return 1
    }
  fi
  chmod u+x "$WINHTTP_TIDY_SARIF_MULTITOOL"
  export WINHTTP_TIDY_SARIF_MULTITOOL
}

# build_flavour NAME: configures and builds one of
#   llvm19  plugin and driver against LLVM 19
#   llvm22  plugin and driver against LLVM 22
#   asan19  the driver against LLVM 19, our code under ASan and UBSan
build_flavour() {
  local name=$1 version args=()
  case $name in
  llvm19) version=19 ;;
  llvm22) version=22 ;;
  asan19)
    version=19
    args=(-DWINHTTP_TIDY_SANITIZE=ON -DWINHTTP_TIDY_BUILD_PLUGIN=OFF)
    ;;
  *)
    log "unknown build '$name' (llvm19, llvm22, asan19)"
    return 2
    ;;
  esac
  local dir="$WINHTTP_TIDY_BUILD/$name"
  log "building $name in $dir"
  CXX="clang++-$version" cmake -S "$WINHTTP_TIDY_ROOT" -B "$dir" -G Ninja \
    -DLLVM_VERSION="$version" "${args[@]}" >"$dir.configure.log" 2>&1 || {
    cat "$dir.configure.log" >&2
    return 1
  }
  cmake --build "$dir" >"$dir.build.log" 2>&1 || {
    cat "$dir.build.log" >&2
    return 1
  }
}
