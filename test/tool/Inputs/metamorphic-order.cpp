// The input of metamorphic-order.test: reorder.py moves four definitions, each
// of another kind, and leaves a template and a macro's definition in place.
#include <windows.h>
#include <winhttp.h>

#define GETTER(name) static int name() { return 7; }

static int first(int tries = 2) { return tries; }

namespace net {
void second(HINTERNET request) {
  WinHttpCloseHandle(request);
  WinHttpCloseHandle(request);
}
} // namespace net

struct Client {
  void third();
  HINTERNET session;
};

void Client::third() { WinHttpCloseHandle(session); }

template <class T> T stays(T value) { return value; }

GETTER(alsoStays)

int fourth() { return first() + stays(1) + alsoStays(); }
