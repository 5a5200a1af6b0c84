#!/bin/sh
# A stand-in for winhttp-tidy whose bounds fail loud, for
# metamorphic-bounds.test: it warns at line 1 of the file it is given only
# when the config asks for the minimal bounds, so bounds.py must notice.
#
#   bounds-fake-tidy.sh <clang-tidy arguments>...
file= minimal=
for arg; do
  case $arg in
    --) break ;;
    *MinimalAnalysisBounds*) minimal=1 ;;
    *.c | *.cpp) file=$arg ;;
  esac
done
if [ -n "$minimal" ]; then
  echo "$file:1:1: warning: found with the bounds at 1 [winhttp-bounds-fake]"
fi
exit 0
