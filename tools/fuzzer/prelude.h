// The fuzzer's prelude: included before every input as a system header
// (tools/fuzzer/README.md).
// It declares what the winhttp-* checks look for, spelled as MinGW-w64's
// headers spell it, without those headers: windows.h and <thread> take about
// a second to parse, this takes a millisecond. Every function of the API
// table (checks/WinHttpApi.def) is declared here, and every name the seeds
// use: check_prelude.py and check_prelude.py --seeds, run by
// test/tool/fuzz.test, keep it so.

#ifndef __cplusplus
typedef unsigned short wchar_t;
#define NULL ((void *)0)
#define bool _Bool
#define true 1
#define false 0
#else
#define NULL __null
#endif
#define WINAPI __stdcall
#define CALLBACK __stdcall
#define APIENTRY __stdcall
typedef int BOOL, WINBOOL, INT;
typedef unsigned long DWORD, ULONG, *LPDWORD, *PDWORD;
typedef long LONG, HRESULT;
typedef unsigned short USHORT, WORD, INTERNET_PORT;
typedef wchar_t WCHAR;
typedef unsigned int UINT;
typedef char CHAR, *LPSTR;
typedef unsigned long long size_t;
typedef unsigned char BYTE, BOOLEAN;
typedef unsigned long long ULONGLONG;
typedef struct HINSTANCE__ *HMODULE;
typedef struct _FILETIME {
  DWORD dwLowDateTime;
  DWORD dwHighDateTime;
} FILETIME;
typedef unsigned long long DWORD_PTR, ULONG_PTR, SIZE_T, uintptr_t;
typedef void VOID, *LPVOID, *PVOID, *HANDLE, *HINTERNET, **LPHINTERNET;
typedef const void *LPCVOID;
typedef HANDLE *PHANDLE;
typedef const WCHAR *LPCWSTR, *PCWSTR;
typedef WCHAR *LPWSTR;
typedef const char *LPCSTR;
typedef long long INT_PTR;
typedef INT_PTR(WINAPI *FARPROC)();
typedef struct _iobuf FILE;
typedef struct _SECURITY_ATTRIBUTES *LPSECURITY_ATTRIBUTES;
typedef struct _RTL_CRITICAL_SECTION {
  void *DebugInfo;
  LONG LockCount;
} CRITICAL_SECTION, *LPCRITICAL_SECTION;
typedef struct _RTL_SRWLOCK {
  PVOID Ptr;
} SRWLOCK, *PSRWLOCK;
#define SRWLOCK_INIT {0}
typedef struct _TP_WORK *PTP_WORK;
typedef struct _TP_TIMER *PTP_TIMER;
typedef struct _TP_WAIT *PTP_WAIT;
typedef struct _TP_CALLBACK_INSTANCE *PTP_CALLBACK_INSTANCE;
typedef struct _TP_CALLBACK_ENVIRON *PTP_CALLBACK_ENVIRON;
typedef DWORD(__stdcall *LPTHREAD_START_ROUTINE)(LPVOID);
typedef void(__stdcall *WAITORTIMERCALLBACK)(PVOID, BOOL);
typedef BOOL(__stdcall *PHANDLER_ROUTINE)(DWORD);
typedef void(__stdcall *PTP_SIMPLE_CALLBACK)(PTP_CALLBACK_INSTANCE, PVOID);
typedef void(__stdcall *PTP_WORK_CALLBACK)(PTP_CALLBACK_INSTANCE, PVOID,
                                           PTP_WORK);
typedef void(__stdcall *PTP_TIMER_CALLBACK)(PTP_CALLBACK_INSTANCE, PVOID,
                                            PTP_TIMER);
typedef void(__stdcall *PTP_WAIT_CALLBACK)(PTP_CALLBACK_INSTANCE, PVOID,
                                           PTP_WAIT, DWORD);
typedef void(__cdecl *_beginthread_proc_type)(void *);
typedef unsigned(__stdcall *_beginthreadex_proc_type)(void *);
typedef void(__stdcall *WINHTTP_STATUS_CALLBACK)(HINTERNET, DWORD_PTR, DWORD,
                                                 LPVOID, DWORD);
typedef struct _WINHTTP_ASYNC_RESULT {
  DWORD_PTR dwResult;
  DWORD dwError;
} WINHTTP_ASYNC_RESULT;
typedef struct _WINHTTP_PROXY_INFO {
  DWORD dwAccessType;
  LPWSTR lpszProxy;
  LPWSTR lpszProxyBypass;
} WINHTTP_PROXY_INFO;
typedef struct _WINHTTP_AUTOPROXY_OPTIONS {
  DWORD dwFlags;
  DWORD dwAutoDetectFlags;
  LPCWSTR lpszAutoConfigUrl;
} WINHTTP_AUTOPROXY_OPTIONS;
typedef struct _WINHTTP_PROXY_RESULT {
  DWORD cEntries;
  void *pEntries;
} WINHTTP_PROXY_RESULT, WINHTTP_PROXY_RESULT_EX, WINHTTP_PROXY_SETTINGS,
    WINHTTP_PROXY_SETTINGS_EX, WINHTTP_EXTENDED_HEADER, WINHTTP_HEADER_NAME;
typedef int WINHTTP_WEB_SOCKET_BUFFER_TYPE, INTERNET_SCHEME,
    WINHTTP_PROXY_SETTINGS_TYPE, WINHTTP_REQUEST_INFO;
typedef void(__stdcall *WINHTTP_PROXY_CHANGE_CALLBACK)(unsigned long long, PVOID);

#define TRUE 1
#define FALSE 0
#define INFINITE 0xFFFFFFFF
#define WAIT_OBJECT_0 0
#define WAIT_FAILED 0xFFFFFFFF
#define WAIT_TIMEOUT 258L
#define WT_EXECUTEONLYONCE 0x00000008
#define HEAP_ZERO_MEMORY 0x00000008
#define E_FAIL ((HRESULT)0x80004005L)
#define ERROR_CANCELLED 1223L
#define ERROR_INVALID_OPERATION 4317L
#define NO_ERROR 0L
#define ERROR_SUCCESS 0L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_WINHTTP_OPERATION_CANCELLED 12017L
#define ERROR_WINHTTP_INCORRECT_HANDLE_STATE 12019L
#define S_OK ((HRESULT)0L)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define HRESULT_FROM_WIN32(x)                                                  \
  ((HRESULT)(x) <= 0 ? ((HRESULT)(x))                                          \
                     : ((HRESULT)(((x)&0x0000FFFF) | (7 << 16) | 0x80000000)))
#define INVALID_HANDLE_VALUE ((HANDLE)(long long)-1)
#define WINHTTP_FLAG_ASYNC 0x10000000
#define WINHTTP_FLAG_SECURE 0x00800000
#define WINHTTP_ACCESS_TYPE_DEFAULT_PROXY 0
#define WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY 4
#define WINHTTP_NO_PROXY_NAME 0
#define WINHTTP_NO_PROXY_BYPASS 0
#define WINHTTP_NO_REFERER 0
#define WINHTTP_DEFAULT_ACCEPT_TYPES 0
#define WINHTTP_NO_ADDITIONAL_HEADERS 0
#define WINHTTP_NO_REQUEST_DATA 0
#define WINHTTP_NO_HEADER_INDEX 0
#define WINHTTP_HEADER_NAME_BY_INDEX 0
#define WINHTTP_NO_OUTPUT_BUFFER 0
#define WINHTTP_QUERY_STATUS_CODE 19
#define WINHTTP_QUERY_FLAG_NUMBER 0x20000000
#define WINHTTP_QUERY_STATUS_TEXT 20
#define WINHTTP_QUERY_RAW_HEADERS_CRLF 22
#define WINHTTP_ADDREQ_FLAG_ADD 0x20000000
#define WINHTTP_OPTION_URL 34
#define WINHTTP_OPTION_CONTEXT_VALUE 45
#define WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET 114
#define INTERNET_DEFAULT_HTTPS_PORT 443
#define WINHTTP_INVALID_STATUS_CALLBACK ((WINHTTP_STATUS_CALLBACK)(-1L))
#define WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING 0x00000800
#define WINHTTP_CALLBACK_STATUS_SENDING_REQUEST 0x00000010
#define WINHTTP_CALLBACK_STATUS_REQUEST_SENT 0x00000020
#define WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE 0x00400000
#define WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE 0x00020000
#define WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE 0x00040000
#define WINHTTP_CALLBACK_STATUS_READ_COMPLETE 0x00080000
#define WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE 0x00100000
#define WINHTTP_CALLBACK_STATUS_REQUEST_ERROR 0x00200000
#define WINHTTP_CALLBACK_FLAG_HANDLES 0x00000C00
#define WINHTTP_CALLBACK_FLAG_SEND_REQUEST                                     \
  (WINHTTP_CALLBACK_STATUS_SENDING_REQUEST |                                   \
   WINHTTP_CALLBACK_STATUS_REQUEST_SENT)
#define WINHTTP_CALLBACK_FLAG_SENDREQUEST_COMPLETE                             \
  WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE
#define WINHTTP_CALLBACK_FLAG_REQUEST_ERROR                                    \
  WINHTTP_CALLBACK_STATUS_REQUEST_ERROR
#define WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS 0x07E00000
#define WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS 0xFFFFFFFF
#define WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE 0
#define WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE 1
#define WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE 2
#define WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS 1000

#ifdef __cplusplus
extern "C" {
#endif
HINTERNET WinHttpOpen(LPCWSTR, DWORD, LPCWSTR, LPCWSTR, DWORD);
HINTERNET WinHttpConnect(HINTERNET, LPCWSTR, INTERNET_PORT, DWORD);
HINTERNET WinHttpOpenRequest(HINTERNET, LPCWSTR, LPCWSTR, LPCWSTR, LPCWSTR,
                             LPCWSTR *, DWORD);
HINTERNET WinHttpWebSocketCompleteUpgrade(HINTERNET, DWORD_PTR);
DWORD WinHttpCreateProxyResolver(HINTERNET, HINTERNET *);
WINBOOL WinHttpCloseHandle(HINTERNET);
WINBOOL WinHttpSendRequest(HINTERNET, LPCWSTR, DWORD, LPVOID, DWORD, DWORD,
                           DWORD_PTR);
WINBOOL WinHttpReceiveResponse(HINTERNET, LPVOID);
WINBOOL WinHttpQueryDataAvailable(HINTERNET, LPDWORD);
WINBOOL WinHttpReadData(HINTERNET, LPVOID, DWORD, LPDWORD);
DWORD WinHttpReadDataEx(HINTERNET, LPVOID, DWORD, LPDWORD, unsigned long long,
                        DWORD, PVOID);
WINBOOL WinHttpWriteData(HINTERNET, LPCVOID, DWORD, LPDWORD);
DWORD WinHttpWebSocketReceive(HINTERNET, void *, DWORD, DWORD *,
                              WINHTTP_WEB_SOCKET_BUFFER_TYPE *);
DWORD WinHttpWebSocketSend(HINTERNET, WINHTTP_WEB_SOCKET_BUFFER_TYPE, void *,
                           DWORD);
DWORD WinHttpWebSocketClose(HINTERNET, USHORT, void *, DWORD);
DWORD WinHttpWebSocketShutdown(HINTERNET, USHORT, void *, DWORD);
DWORD WinHttpWebSocketQueryCloseStatus(HINTERNET, USHORT *, void *, DWORD,
                                       DWORD *);
WINBOOL WinHttpGetProxyForUrl(HINTERNET, LPCWSTR, WINHTTP_AUTOPROXY_OPTIONS *,
                              WINHTTP_PROXY_INFO *);
DWORD WinHttpGetProxyForUrlEx(HINTERNET, PCWSTR, WINHTTP_AUTOPROXY_OPTIONS *,
                              DWORD_PTR);
DWORD WinHttpGetProxyForUrlEx2(HINTERNET, PCWSTR, WINHTTP_AUTOPROXY_OPTIONS *,
                               DWORD, BYTE *, DWORD_PTR);
DWORD WinHttpGetProxyResult(HINTERNET, WINHTTP_PROXY_RESULT *);
DWORD WinHttpGetProxyResultEx(HINTERNET, WINHTTP_PROXY_RESULT_EX *);
DWORD WinHttpGetProxySettingsVersion(HINTERNET, DWORD *);
DWORD WinHttpGetProxySettingsEx(HINTERNET, WINHTTP_PROXY_SETTINGS_TYPE, PVOID,
                                DWORD_PTR);
DWORD WinHttpGetProxySettingsResultEx(HINTERNET, PVOID);
DWORD WinHttpReadProxySettings(HINTERNET, PCWSTR, WINBOOL, WINBOOL, DWORD *,
                               WINBOOL *, WINHTTP_PROXY_SETTINGS *);
DWORD WinHttpWriteProxySettings(HINTERNET, WINBOOL, WINHTTP_PROXY_SETTINGS *);
DWORD WinHttpSetProxySettingsPerUser(WINBOOL);
DWORD WinHttpResetAutoProxy(HINTERNET, DWORD);
DWORD WinHttpIsHostInProxyBypassList(const WINHTTP_PROXY_INFO *, PCWSTR,
                                     INTERNET_SCHEME, INTERNET_PORT, WINBOOL *);
DWORD WinHttpRegisterProxyChangeNotification(unsigned long long,
                                             WINHTTP_PROXY_CHANGE_CALLBACK,
                                             PVOID, void **);
DWORD WinHttpUnregisterProxyChangeNotification(void *);
WINHTTP_STATUS_CALLBACK WinHttpSetStatusCallback(HINTERNET,
                                                 WINHTTP_STATUS_CALLBACK, DWORD,
                                                 DWORD_PTR);
WINBOOL WinHttpSetOption(HINTERNET, DWORD, LPVOID, DWORD);
WINBOOL WinHttpQueryOption(HINTERNET, DWORD, LPVOID, LPDWORD);
WINBOOL WinHttpQueryHeaders(HINTERNET, DWORD, LPCWSTR, LPVOID, LPDWORD,
                            LPDWORD);
DWORD WinHttpQueryHeadersEx(HINTERNET, DWORD, unsigned long long, unsigned,
                            PDWORD, WINHTTP_HEADER_NAME *, PVOID, PDWORD,
                            WINHTTP_EXTENDED_HEADER **, PDWORD);
WINBOOL WinHttpAddRequestHeaders(HINTERNET, LPCWSTR, DWORD, DWORD);
DWORD WinHttpAddRequestHeadersEx(HINTERNET, DWORD, unsigned long long,
                                 unsigned long long, DWORD,
                                 WINHTTP_EXTENDED_HEADER *);
WINBOOL WinHttpQueryAuthSchemes(HINTERNET, LPDWORD, LPDWORD, LPDWORD);
WINBOOL WinHttpQueryAuthParams(HINTERNET, DWORD, LPVOID *);
WINBOOL WinHttpSetCredentials(HINTERNET, DWORD, DWORD, LPCWSTR, LPCWSTR,
                              LPVOID);
WINBOOL WinHttpSetTimeouts(HINTERNET, int, int, int, int);
DWORD WinHttpQueryConnectionGroup(HINTERNET, const void *, unsigned long long,
                                  PVOID *);

HANDLE CreateThread(LPSECURITY_ATTRIBUTES, SIZE_T, LPTHREAD_START_ROUTINE,
                    LPVOID, DWORD, LPDWORD);
uintptr_t _beginthread(_beginthread_proc_type, unsigned, void *);
uintptr_t _beginthreadex(void *, unsigned, _beginthreadex_proc_type, void *,
                         unsigned, unsigned *);
WINBOOL QueueUserWorkItem(LPTHREAD_START_ROUTINE, PVOID, ULONG);
WINBOOL TrySubmitThreadpoolCallback(PTP_SIMPLE_CALLBACK, PVOID,
                                    PTP_CALLBACK_ENVIRON);
PTP_WORK CreateThreadpoolWork(PTP_WORK_CALLBACK, PVOID, PTP_CALLBACK_ENVIRON);
PTP_TIMER CreateThreadpoolTimer(PTP_TIMER_CALLBACK, PVOID,
                                PTP_CALLBACK_ENVIRON);
PTP_WAIT CreateThreadpoolWait(PTP_WAIT_CALLBACK, PVOID, PTP_CALLBACK_ENVIRON);
void SubmitThreadpoolWork(PTP_WORK);
WINBOOL CreateTimerQueueTimer(PHANDLE, HANDLE, WAITORTIMERCALLBACK, PVOID,
                              DWORD, DWORD, ULONG);
WINBOOL DeleteTimerQueueTimer(HANDLE, HANDLE, HANDLE);
WINBOOL RegisterWaitForSingleObject(PHANDLE, HANDLE, WAITORTIMERCALLBACK,
                                    PVOID, ULONG, ULONG);
WINBOOL UnregisterWaitEx(HANDLE, HANDLE);
WINBOOL SetConsoleCtrlHandler(PHANDLER_ROUTINE, WINBOOL);
DWORD WaitForSingleObject(HANDLE, DWORD);
DWORD WaitForSingleObjectEx(HANDLE, DWORD, WINBOOL);
DWORD WaitForMultipleObjects(DWORD, const HANDLE *, WINBOOL, DWORD);
DWORD WaitForMultipleObjectsEx(DWORD, const HANDLE *, WINBOOL, DWORD, WINBOOL);
void WaitForThreadpoolWorkCallbacks(PTP_WORK, WINBOOL);
void WaitForThreadpoolTimerCallbacks(PTP_TIMER, WINBOOL);
void WaitForThreadpoolWaitCallbacks(PTP_WAIT, WINBOOL);
void CloseThreadpoolWork(PTP_WORK);
void CloseThreadpoolTimer(PTP_TIMER);
void CloseThreadpoolWait(PTP_WAIT);
void SetThreadpoolTimer(PTP_TIMER, FILETIME *, DWORD, DWORD);
void EnterCriticalSection(LPCRITICAL_SECTION);
void LeaveCriticalSection(LPCRITICAL_SECTION);
void AcquireSRWLockExclusive(PSRWLOCK);
void AcquireSRWLockShared(PSRWLOCK);
void ReleaseSRWLockExclusive(PSRWLOCK);
void ReleaseSRWLockShared(PSRWLOCK);
HANDLE CreateEventW(LPSECURITY_ATTRIBUTES, WINBOOL, WINBOOL, LPCWSTR);
WINBOOL SetEvent(HANDLE);
WINBOOL CloseHandle(HANDLE);
void Sleep(DWORD);
DWORD GetLastError(void);
LONG InterlockedExchange(LONG volatile *, LONG);
LONG InterlockedCompareExchange(LONG volatile *, LONG, LONG);
LONG InterlockedDecrement(LONG volatile *);
LONG InterlockedDecrementRelease(LONG volatile *);
LONG InterlockedIncrement(LONG volatile *);
PVOID InterlockedExchangePointer(PVOID volatile *, PVOID);
PVOID InterlockedCompareExchangePointer(PVOID volatile *, PVOID, PVOID);
long _InterlockedExchange(long volatile *, long);
long _InterlockedCompareExchange(long volatile *, long, long);
long _InterlockedDecrement(long volatile *);
long long InterlockedDecrement64(long long volatile *);
long long _InterlockedDecrement64(long long volatile *);
void *_InterlockedExchangePointer(void *volatile *, void *);
void *_InterlockedCompareExchangePointer(void *volatile *, void *, void *);
FARPROC GetProcAddress(HMODULE, LPCSTR);
extern FILE *stderr;
int printf(const char *, ...);
int fprintf(FILE *, const char *, ...);
void *malloc(SIZE_T);
void *calloc(SIZE_T, SIZE_T);
void free(void *);
HANDLE GetProcessHeap(void);
LPVOID HeapAlloc(HANDLE, DWORD, SIZE_T);
WINBOOL HeapFree(HANDLE, DWORD, LPVOID);
HANDLE LocalFree(HANDLE);
HANDLE GlobalFree(HANDLE);
#ifdef __cplusplus
}

// MFC's thread start, as afxwin.h declares it.
class CWinThread;
typedef unsigned(__cdecl *AFX_THREADPROC)(LPVOID);
CWinThread *AfxBeginThread(AFX_THREADPROC, LPVOID, int = 0, unsigned = 0,
                           DWORD = 0, LPSECURITY_ATTRIBUTES = 0);

// The parts of the standard library the checks model, declared as libstdc++
// declares them in spirit: enough to name, construct and call.
namespace std {
using ::FILE;
using ::fprintf;
using ::printf;
using ::size_t;
template <class T> struct add_lvalue_reference { typedef T &type; };
template <> struct add_lvalue_reference<void> { typedef void type; };
typedef decltype(nullptr) nullptr_t;
template <class T> struct remove_reference { typedef T type; };
template <class T> struct remove_reference<T &> { typedef T type; };
template <class T> struct remove_reference<T &&> { typedef T type; };
template <class T> typename remove_reference<T>::type &&move(T &&t) noexcept {
  return static_cast<typename remove_reference<T>::type &&>(t);
}
template <class T>
T &&forward(typename remove_reference<T>::type &t) noexcept {
  return static_cast<T &&>(t);
}
template <class T, class U = T> T exchange(T &obj, U &&v) {
  T old = static_cast<T &&>(obj);
  obj = static_cast<U &&>(v);
  return old;
}
template <class T> struct reference_wrapper {
  T *p;
  operator T &() const { return *p; }
  T &get() const { return *p; }
};
template <class T> void swap(T &a, T &b) noexcept {
  T t = static_cast<T &&>(a);
  a = static_cast<T &&>(b);
  b = static_cast<T &&>(t);
}
template <class T> reference_wrapper<T> ref(T &t) { return {&t}; }
template <class T> reference_wrapper<const T> cref(const T &t) { return {&t}; }

class thread {
public:
  class id {};
  thread() noexcept;
  template <class F, class... A> explicit thread(F &&f, A &&...a) {}
  thread(thread &&) noexcept;
  thread &operator=(thread &&) noexcept;
  ~thread();
  bool joinable() const noexcept;
  void join();
  void detach();
};
class jthread {
public:
  jthread() noexcept;
  template <class F, class... A> explicit jthread(F &&f, A &&...a) {}
  ~jthread();
  bool joinable() const noexcept;
  void join();
  void detach();
};
class mutex {
public:
  void lock();
  bool try_lock();
  void unlock();
};
class shared_mutex {
public:
  void lock();
  void unlock();
  void lock_shared();
  void unlock_shared();
};
template <class M> class lock_guard {
public:
  explicit lock_guard(M &m);
  ~lock_guard();
};
template <class M> class unique_lock {
public:
  explicit unique_lock(M &m);
  ~unique_lock();
  void lock();
  void unlock();
};
template <class M> class shared_lock {
public:
  explicit shared_lock(M &m);
  ~shared_lock();
};
template <class... M> class scoped_lock {
public:
  explicit scoped_lock(M &...m);
  ~scoped_lock();
};
class condition_variable {
public:
  void notify_one() noexcept;
  void notify_all() noexcept;
  void wait(unique_lock<mutex> &l);
  template <class P> void wait(unique_lock<mutex> &l, P pred) {}
  template <class D> int wait_for(unique_lock<mutex> &l, const D &d);
};
enum memory_order { memory_order_relaxed, memory_order_seq_cst };
template <class T> struct atomic {
  atomic() noexcept;
  atomic(T v) noexcept;
  T load(memory_order = memory_order_seq_cst) const noexcept;
  void store(T v, memory_order = memory_order_seq_cst) noexcept;
  T exchange(T v, memory_order = memory_order_seq_cst) noexcept;
  bool compare_exchange_strong(T &e, T d) noexcept;
  bool compare_exchange_weak(T &e, T d) noexcept;
  T fetch_sub(T v) noexcept;
  T fetch_add(T v) noexcept;
  operator T() const noexcept;
  T operator=(T v) noexcept;
};
template <class T> T atomic_load(const atomic<T> *a) noexcept;
template <class T> void atomic_store(atomic<T> *a, T v) noexcept;
template <class T> T atomic_exchange(atomic<T> *a, T v) noexcept;
enum class future_status { ready, timeout, deferred };
enum class launch { async = 1, deferred = 2 };
template <class T> class shared_future {
public:
  T get() const;
  void wait() const;
  template <class D> future_status wait_for(const D &d) const;
  bool valid() const noexcept;
};
template <class T> class future {
public:
  future() noexcept;
  future(future &&) noexcept;
  ~future();
  T get();
  void wait() const;
  template <class D> future_status wait_for(const D &d) const;
  bool valid() const noexcept;
  shared_future<T> share() noexcept;
};
template <class T> class promise {
public:
  void set_value(T v);
  future<T> get_future();
};
template <> class promise<void> {
public:
  void set_value();
  future<void> get_future();
};
template <class T> T &&declval() noexcept;
template <class F, class... A>
future<decltype(declval<F>()(declval<A>()...))> async(F &&f, A &&...a) {
  return {};
}
template <class F, class... A>
future<decltype(declval<F>()(declval<A>()...))> async(launch, F &&f,
                                                      A &&...a) {
  return {};
}
template <class T> struct default_delete {
  void operator()(T *p) const { delete p; }
};
template <class T, class D = default_delete<T>> class unique_ptr {
public:
  unique_ptr() noexcept;
  unique_ptr(nullptr_t) noexcept;
  explicit unique_ptr(T *p) noexcept;
  unique_ptr(T *p, D d) noexcept;
  unique_ptr(unique_ptr &&) noexcept;
  ~unique_ptr();
  unique_ptr &operator=(unique_ptr &&) noexcept;
  unique_ptr &operator=(nullptr_t) noexcept;
  T *get() const noexcept;
  T *release() noexcept;
  void reset(T *p = nullptr) noexcept;
  typename add_lvalue_reference<T>::type operator*() const;
  T *operator->() const noexcept;
  explicit operator bool() const noexcept;
};
template <class T> class shared_ptr {
public:
  shared_ptr() noexcept;
  explicit shared_ptr(T *p);
  shared_ptr(const shared_ptr &) noexcept;
  ~shared_ptr();
  T *get() const noexcept;
  void reset() noexcept;
  typename add_lvalue_reference<T>::type operator*() const noexcept;
  T *operator->() const noexcept;
  explicit operator bool() const noexcept;
};
// Bodies, as for thread's constructor: a lambda's type has no linkage, and
// a template used with it must be defined.
template <class T, class... A> unique_ptr<T> make_unique(A &&...a) {
  return unique_ptr<T>(new T(static_cast<A &&>(a)...));
}
template <class T, class... A> shared_ptr<T> make_shared(A &&...a) {
  return shared_ptr<T>(new T(static_cast<A &&>(a)...));
}
template <class T> class vector {
public:
  vector() noexcept;
  explicit vector(size_t n);
  T *data() noexcept;
  const T *data() const noexcept;
  T &operator[](size_t i);
  T &front();
  T &back();
  T *begin() noexcept;
  T *end() noexcept;
  size_t size() const noexcept;
  void push_back(const T &v);
  template <class... A> T &emplace_back(A &&...a) { return back(); }
  void resize(size_t n);
  template <class I> T *insert(T *pos, I first, I last);
};
template <class T, size_t N> struct array {
  T Elems[N];
  T *data() noexcept { return Elems; }
  const T *data() const noexcept { return Elems; }
  constexpr size_t size() const noexcept { return N; }
  T &operator[](size_t i) { return Elems[i]; }
};
template <class A, class B> struct pair {
  A first;
  B second;
};
template <class K, class V> class map {
public:
  V &operator[](const K &k);
  pair<const K, V> *find(const K &k);
  pair<const K, V> *end() noexcept;
  size_t erase(const K &k);
};
struct nullopt_t {
  explicit constexpr nullopt_t(int) {}
};
inline constexpr nullopt_t nullopt{0};
template <class T> class optional {
public:
  optional() noexcept;
  optional(nullopt_t) noexcept;
  optional(const T &v);
  optional(T &&v);
  template <class... A> T &emplace(A &&...a) { return *Value; }
  void reset() noexcept;
  bool has_value() const noexcept;
  explicit operator bool() const noexcept;
  T &operator*();
  T *operator->();
  T &value();

private:
  T *Value;
};
class runtime_error {
public:
  explicit runtime_error(const char *what);
  const char *what() const noexcept;
};
class string {
public:
  string();
  string(const char *s);
  const char *c_str() const noexcept;
  char *data() noexcept;
  const char *data() const noexcept;
  size_t size() const noexcept;
};
class wstring {
public:
  wstring();
  wstring(const wchar_t *s);
  const wchar_t *c_str() const noexcept;
  wchar_t *data() noexcept;
  size_t size() const noexcept;
};
template <class S> class function;
template <class R, class... A> class function<R(A...)> {
public:
  function() noexcept;
  template <class F> function(F f) {}
  R operator()(A... a) const;
};
namespace chrono {
struct milliseconds {
  explicit milliseconds(long long n);
};
struct seconds {
  explicit seconds(long long n);
};
} // namespace chrono
namespace this_thread {
template <class D> void sleep_for(const D &d);
}
} // namespace std
#endif
