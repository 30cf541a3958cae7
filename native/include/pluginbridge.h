/*
 * pluginbridge.h — the whole C contract of the PluginBridge plugin library.
 *
 * PluginBridge is an open, MBS-compatible plugin engine. A host (a FileMaker-like application, a test harness,
 * any C-callable program) loads libPluginBridge.so / PluginBridge.dll / libPluginBridge.dylib, hands it a table of
 * callbacks with pb_init(), and calls functions by their MBS names with pb_call():
 *
 *     pb_value arg = { PB_TEXT, "a b/c", 5, NULL };
 *     pb_result *r = pb_call("Text.EncodeURLComponent", &arg, 1);
 *     printf("%s\n", r->value.data);          // a%20b%2Fc
 *     pb_result_free(r);
 *
 * Text is UTF-8 everywhere. FileMaker line endings (CR, shown as ¶) are used in results where MBS uses them.
 *
 * Ownership, once for all: pointers passed IN are borrowed for the duration of the call and copied if kept.
 * Every pb_result returned by pb_call is owned by the caller and must be released with pb_result_free — never
 * with free(). Strings returned by pb_version(), pb_errstr() and pb_function_at() are owned by the library and
 * stay valid until the process ends; do not free them.
 *
 * Threading: pb_call may be called from any number of threads at once. Background work of the library (a WebHook
 * request arriving, a background transfer finishing) never calls the host on its own: it queues a script start,
 * and pb_idle() delivers queued starts by calling the host's start_script callback on the thread that calls
 * pb_idle() — FileMaker's rule for FMX_StartScript; the optional wake callback tells the host to call pb_idle soon.
 * The web_viewer callback is called synchronously, inside
 * the pb_call that needs it, on the caller's thread.
 *
 * Calling convention: every export and every callback uses the platform's C calling convention (cdecl).
 *
 * Errors: a failing function returns text that starts with "[MBS] " and sets pb_result.is_error; the next call of
 * "IsError" on the same thread returns 1 — also after errors in the call itself (NULL name, invalid UTF-8, a
 * parameter over 2 GiB). No C++ or .NET exception ever leaves the library; bad input (NULL pointers, invalid UTF-8,
 * unknown or released handles, wrong argument counts) gives an error result, never a crash.
 */
#ifndef PLUGINBRIDGE_H
#define PLUGINBRIDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  define PB_API __declspec(dllimport)
#else
#  define PB_API
#endif

/* Version of this header's ABI. Structs only ever grow at the end; struct_size tells which fields exist. */
#define PB_ABI_VERSION 1

/* Return codes of pb_init. */
#define PB_OK            0
#define PB_ERR_ARGUMENT  1   /* host table malformed: struct_size too small */
#define PB_ERR_VERSION   2   /* host's abi_version is 0 or newer than the library knows */
#define PB_ERR_INTERNAL  3   /* unexpected failure inside the library (reported, never thrown) */

/* Value types. Numbers travel as their text ("16000", "0.5"). */
#define PB_TEXT       0
#define PB_NUMBER     1
#define PB_CONTAINER  2   /* binary data plus a file name, as a FileMaker container */

/* One argument or result value. */
typedef struct pb_value {
    int32_t     type;       /* PB_TEXT, PB_NUMBER or PB_CONTAINER */
    const char *data;       /* UTF-8 text or container bytes; NULL allowed only when size is 0 */
    size_t      size;       /* bytes in data, not counting any terminating NUL */
    const char *file_name;  /* PB_CONTAINER only: UTF-8, NUL-terminated; NULL otherwise */
} pb_value;

/* The result of pb_call. Owned by the caller; release with pb_result_free. */
typedef struct pb_result {
    uint32_t struct_size;   /* sizeof(pb_result) of the library that made it */
    int32_t  is_error;      /* 1 if value holds an "[MBS] " error (or a CURL-style "<code>: <message>"), else 0 */
    pb_value value;         /* text results are also NUL-terminated: value.data[value.size] == 0 */
} pb_result;

/* Script control, as FileMaker's FMX_ScriptControl: what happens to a running script. */
#define PB_SCRIPT_HALT    0
#define PB_SCRIPT_EXIT    1
#define PB_SCRIPT_RESUME  2
#define PB_SCRIPT_PAUSE   3

/*
 * The host table given to pb_init. The library copies it; the host's context pointer is passed back unchanged.
 * Any callback may be NULL: the functions that need it then return an "[MBS] " error. A callback that struct_size
 * does not wholly cover counts as NULL.
 */
typedef struct pb_host {
    uint32_t struct_size;   /* sizeof(pb_host) as the host compiled it */
    uint32_t abi_version;   /* PB_ABI_VERSION as the host compiled it */
    void    *context;       /* passed to every callback */

    /* ---- fields above and below are valid for ABI version 1 ---- */

    /* Starts a script (FMX_StartScript). Called only inside pb_idle, on the thread calling pb_idle.
       Strings are UTF-8, NUL-terminated, borrowed for the call. Return 0 if the script was started or queued. */
    int32_t (*start_script)(void *context, const char *file_name, const char *script_name,
                            const char *parameter, int32_t control);

    /* Drives a web viewer by its name: action is "LoadURL" (value = URL; "about:blank" closes it) or
       "SetCustomUserAgent" (value = user agent). Called inside pb_call on the caller's thread.
       Return 0 on success, non-zero if there is no such viewer. */
    int32_t (*web_viewer)(void *context, const char *viewer, const char *action, const char *value);

    /* ---- added later within ABI version 1: used when struct_size covers it, NULL (never called) otherwise ---- */

    /* Optional. Asks the host to call pb_idle soon: called when a script start is queued (a WebHook request, a
       finished transfer, FM.RunScript), so that a host waiting on an eventfd, pipe, condition variable or message
       queue can run pb_idle at once instead of at its next timer tick. Called from any thread of the library, also
       concurrently with itself and with any pb_ function; one call may stand for several starts, and a call may
       find nothing left to deliver. It must return at once: no blocking, and no pb_ function (pb_idle belongs on
       the host's own thread). The host keeps idling on its timer too: a library older than this field never calls
       it, and it is not called for work that queues no start. FileMaker's FMX door has no such call (FileMaker
       sends Idle on its own schedule). Ownership and replacement as for the other callbacks (see pb_init). */
    void (*wake)(void *context);
} pb_host;

/* Describes one function, for pb_function_at. Strings are owned by the library. */
typedef struct pb_function_info {
    uint32_t    struct_size;  /* in: sizeof(pb_function_info) as the caller compiled it; out: bytes filled */
    const char *name;         /* MBS name, e.g. "WebHook.Listen" */
    int32_t     min_args;     /* parameters after the name */
    int32_t     max_args;     /* -1 if variadic */
    const char *signature;    /* e.g. MBS("WebHook.Listen"; WebHook; Port { ; QueueLength }) */
    const char *doc;          /* one line */
} pb_function_info;

/* Installs the host's callbacks (host may be NULL: no callbacks). Calling it again replaces the table; a callback
   of the old table that another thread is inside (web_viewer in a pb_call) finishes with the old context, so keep
   that context valid until such calls have returned.
   Returns PB_OK or a PB_ERR_ code. pb_call works before pb_init too, without callbacks. */
PB_API int32_t pb_init(const pb_host *host);

/* Calls a function by name (case-insensitive; MBS's old names work as aliases) with arg_count arguments.
   name: UTF-8, NUL-terminated. args may be NULL only if arg_count is 0.
   Returns a result owned by the caller (release with pb_result_free); NULL only if memory is exhausted. */
PB_API pb_result *pb_call(const char *name, const pb_value *args, size_t arg_count);

/* Releases a result from pb_call. NULL is ignored. */
PB_API void pb_result_free(pb_result *result);

/* Delivers the script starts queued before the call through host->start_script, on the calling thread (starts
   queued meanwhile, also by start_script itself, wait for the next pb_idle).
   Returns how many things still want the host to keep idling (listening WebHooks, running background
   transfers, queued starts); 0 means none; -1 only after an internal failure. Call it from the host's main loop,
   about every 10 ms, and at once when the wake callback asks for it. */
PB_API int32_t pb_idle(void);

/* Releases every handle (stops listeners, cancels transfers), drops queued script starts and forgets the host
   table (a callback already running on another thread finishes, as with pb_init). Safe to call twice; pb_init may
   be called again afterwards. */
PB_API void pb_shutdown(void);

/* Library version text, e.g. "PluginBridge 0.1.0.01 (ABI 1)". Static; do not free. */
PB_API const char *pb_version(void);

/* The ABI version the library implements (PB_ABI_VERSION it was built with). */
PB_API uint32_t pb_abi_version(void);

/* What a PB_ERR_ code of pb_init means, e.g. "abi_version is 0 or newer than the library knows". Static; do not
   free; never NULL unless memory is exhausted. */
PB_API const char *pb_errstr(int32_t code);

/* Number of registered functions, for pb_function_at. */
PB_API int32_t pb_function_count(void);

/* Fills *info for function number index (0 ≤ index < pb_function_count()). info->struct_size must be set, to
   sizeof(pb_function_info) as the caller compiled it: any size from ABI 1's on is accepted, the library fills
   min(struct_size, its own size) bytes, leaves the rest untouched and sets struct_size to what it filled.
   Returns PB_OK, or PB_ERR_ARGUMENT for a bad index or NULL/too small info. */
PB_API int32_t pb_function_at(int32_t index, pb_function_info *info);

#ifdef __cplusplus
}
#endif

#endif /* PLUGINBRIDGE_H */
