// Malformed options are reported, not fatal; the rest of the check still runs.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- \
// RUN:   -config="{CheckOptions: {winhttp-close-during-sync-call.CancelFunctionPattern: 'stop;bad-word', \
// RUN:     winhttp-close-during-sync-call.ThreadStartFunctions: 'spawn;spawn:x;spawn:1:2:3', \
// RUN:     winhttp-close-during-sync-call.ThreadJoinFunctions: 'wait:y'}}" -- %mingw

#include <windows.h>
#include <winhttp.h>

// CHECK-MESSAGES-DAG: warning: invalid word 'bad-word' in option 'CancelFunctionPattern' of check 'winhttp-close-during-sync-call': words are letters and digits [clang-tidy-config]
// CHECK-MESSAGES-DAG: warning: invalid entry 'spawn' in option 'ThreadStartFunctions' of check 'winhttp-close-during-sync-call': expected 'name:entryArg[:contextArg]' [clang-tidy-config]
// CHECK-MESSAGES-DAG: warning: invalid entry 'spawn:x' in option 'ThreadStartFunctions'
// CHECK-MESSAGES-DAG: warning: invalid entry 'spawn:1:2:3' in option 'ThreadStartFunctions'
// CHECK-MESSAGES-DAG: warning: invalid entry 'wait:y' in option 'ThreadJoinFunctions' of check 'winhttp-close-during-sync-call': expected 'name[:objectArg]' [clang-tidy-config]

struct Client {
  HINTERNET Req;
  void fetch() { WinHttpReceiveResponse(Req, nullptr); }
  void stop() { WinHttpCloseHandle(Req); }
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'WinHttpCloseHandle' may close 'Req'
};
