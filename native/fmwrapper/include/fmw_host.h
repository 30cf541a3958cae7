/*
 * fmw_host.h: the host side of PluginBridge's stand-in FMWrapper (libFMWrapper.so).
 *
 * The library exports FileMaker's FM_* C surface for plug-ins (written from the public ABI description, not from
 * Claris's SDK) plus these fmw_* functions, which only a host or a test calls: they install the host's callbacks,
 * enumerate what plug-ins registered, hand out the callbacks a host puts into FMX_ExternCallStruct, and count the
 * FM_* objects still alive. No plug-in may rely on them: FileMaker has no such functions.
 */
#ifndef FMW_HOST_H
#define FMW_HOST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define FMW_API __declspec(dllexport)
#else
#define FMW_API __attribute__((visibility("default")))
#endif

/* FileMaker's ExtPluginType: errcode fn(short functionId, const ExprEnv*, const DataVect* parms, Data* result). */
typedef int16_t (*fmw_ext_fn)(int16_t function_id, const void *env, const void *parms, void *result);

/* One registration made through FM_ExprEnv_RegisterExternalFunction(Ex) or FM_ExprEnv_RegisterScriptStep.
 * The strings are UTF-8 and stay valid until that registration is removed (copy them). */
typedef struct fmw_function {
    char plugin_id[5];      /* the QuadChar, NUL-terminated */
    int16_t function_id;
    int32_t is_script_step; /* 0 = calculation function */
    const char *name;
    const char *prototype;  /* script steps: the XML definition */
    const char *description;
    int16_t min_args;
    int16_t max_args;       /* -1 = variadic */
    uint32_t flags;
    fmw_ext_fn fn;
} fmw_function;

/* Callbacks into the host. Any may be NULL. UTF-16 strings come with their length in code units. */
typedef struct fmw_host {
    uint32_t struct_size;   /* sizeof(fmw_host) */
    void *context;
    /* FM_ExprEnv_Evaluate: evaluate the expression and store the value in result (an FM Data) with FM_Data_*. */
    int16_t (*evaluate)(void *context, const void *env, const uint16_t *expr, uint32_t expr_len, void *result);
    /* The block's cStartScript: queue a script start. parameter is empty text when the plug-in passed none. */
    int16_t (*start_script)(void *context, const uint16_t *file, uint32_t file_len, const uint16_t *script,
                            uint32_t script_len, int32_t control, const uint16_t *parameter, uint32_t parameter_len);
    /* fmw_web_viewer: drive the host's web viewer ("LoadURL", "SetCustomUserAgent"); UTF-8. 0 = done. */
    int32_t (*web_viewer)(void *context, const char *viewer, const char *action, const char *value);
} fmw_host;

/* Installs (copies) the host callbacks; NULL removes them. */
FMW_API void fmw_set_host(const fmw_host *host);

/* Number of FM_* objects alive right now (every constructor, copy and PopBack result, minus every delete,
 * including the objects a Data or DataVect owns). */
FMW_API int64_t fmw_live_objects(void);

/* Registrations in the order they were made. fmw_function_at returns 0, or -1 when index is out of range. */
FMW_API int32_t fmw_function_count(void);
FMW_API int32_t fmw_function_at(int32_t index, fmw_function *out);
/* Looks a calculation function up by name, ignoring ASCII case. 0 = found. */
FMW_API int32_t fmw_function_find(const char *name_utf8, fmw_function *out);

/* Not a FileMaker function: what pluginbridge.h's web_viewer callback is, for a plug-in that binds it when present
 * (FileMaker gives plug-ins no web viewer call). 0 = done, non-zero = no such viewer or action, -1 = no host. */
FMW_API int32_t fmw_web_viewer(const char *viewer, const char *action, const char *value);

/* The addresses a host puts into FMX_ExternCallStruct's cStartScript and cCurrentEnv. */
FMW_API void *fmw_start_script_proc(void);
FMW_API void *fmw_current_env_proc(void);

/* Sets what FM_ExprEnv_SessionID / FM_ExprEnv_FileID answer for an ExprEnv the host made. */
FMW_API void fmw_env_set_ids(void *env, uint64_t session_id, uint64_t file_id);
/* Session and file that cCurrentEnv gives the ExprEnv it fills. */
FMW_API void fmw_set_current_ids(uint64_t session_id, uint64_t file_id);

#ifdef __cplusplus
}
#endif
#endif
