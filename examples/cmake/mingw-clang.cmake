# Cross-compiles for 64-bit Windows with clang and the MinGW-w64 headers and
# C++ library (Debian: mingw-w64-x86-64-dev, g++-mingw-w64-x86-64-posix).
# WINHTTP_EXAMPLES_LLVM picks clang-<N> (default 19).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

if(NOT DEFINED WINHTTP_EXAMPLES_LLVM)
  set(WINHTTP_EXAMPLES_LLVM 19)
endif()
set(CMAKE_C_COMPILER "/usr/lib/llvm-${WINHTTP_EXAMPLES_LLVM}/bin/clang")
set(CMAKE_CXX_COMPILER "/usr/lib/llvm-${WINHTTP_EXAMPLES_LLVM}/bin/clang++")
set(CMAKE_C_COMPILER_TARGET x86_64-w64-mingw32)
set(CMAKE_CXX_COMPILER_TARGET x86_64-w64-mingw32)

# Nothing here is linked: compiler checks build static libraries.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
