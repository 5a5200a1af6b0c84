#!/bin/sh
# An order-dependent stand-in for winhttp-tidy, for metamorphic-order.test:
# it warns at the last line of the analysed file that opens a function body,
# so its finding moves with the definitions and compare_order.py must notice.
#
#   order-fake-tidy.sh <clang-tidy arguments>...
file=
for arg; do
  case $arg in
    --) break ;;
    *.c | *.cpp) file=$arg ;;
  esac
done
awk -v file="$file" '/^[A-Za-z].*\) *\{/ { last = NR }
END {
  if (last)
    print file ":" last ":1: warning: the last definition [winhttp-order-fake]"
}' "$file"
