#!/bin/sh
# A winhttp-tidy with a check that depends on the others, for
# metamorphic-checks-alone.test: run with every winhttp-* check, it loses
# the warnings of check $1 and the notes after them; any other run is the
# real driver $2 unchanged.
#
#   checks-alone-drop.sh <check> <driver> <driver arguments>...
check=$1
driver=$2
shift 2
case " $* " in
  *" -checks=-*,winhttp-* "*) ;;
  *) exec "$driver" "$@" ;;
esac
# sh has no pipefail: keep the driver's exit status by hand.
out=$("$driver" "$@")
status=$?
printf '%s\n' "$out" | awk -v tag="[$check]" '
  /^[^ ].*: (warning|error): / { drop = index($0, tag) > 0 }
  !drop'
exit $status
