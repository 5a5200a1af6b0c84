// One finding for each winhttp-* check, used by the tool tests.
#include <windows.h>
#include <winhttp.h>

void CALLBACK onStatus(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) {}

bool install(HINTERNET session) {
  return WinHttpSetStatusCallback(session, onStatus, 0, 0) != NULL;
}

bool shutdown(HINTERNET ws) {
  return !WinHttpWebSocketShutdown(ws, 1000, nullptr, 0);
}
