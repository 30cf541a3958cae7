/*
 * C harness for PluginBridge.fmx, the FileMaker plug-in: plays FileMaker the way a host written from FileMaker's
 * published plug-in documentation does. It loads the stand-in FMWrapper (libFMWrapper.so) into the global scope,
 * dlopen()s the plug-in, sends messages through FMExternCallProc in parameter blocks it builds byte by byte, and calls
 * the registered function through the pointer the plug-in registered. Results are compared with pb_call of
 * libPluginBridge.so, loaded into the same process.
 *
 *   fmx_harness <libFMWrapper.so> <PluginBridge.fmx> <libPluginBridge.so> layout|getstring|init|messages|calls|webhook|threads|objects|unload|nowrapper|wrapperpath|funcname
 *
 * Each check prints on failure; the process exits 1 if any check failed.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* realpath */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <pthread.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pluginbridge.h"
#include "fmw_host.h"
#include "../check.h"


static void sleep_ms(int ms) { struct timespec t = { ms / 1000, (ms % 1000) * 1000000L }; nanosleep(&t, NULL); }

/* ---- FileMaker's FM_* C surface, looked up in the global scope (every call ends with the _fmxcpt) ---- */
typedef struct fmxcpt { int32_t vers, code; } fmxcpt;
#define X fmxcpt x = { 1, 0 }
#define XOK check(x.code == 0, "%s: _fmxcpt code %d", __func__, x.code)

static void *(*Text_New)(fmxcpt *);
static void (*Text_Delete)(void *, fmxcpt *);
static void (*Text_Assign)(void *, const uint16_t *, uint32_t, fmxcpt *);
static uint32_t (*Text_Size)(const void *, fmxcpt *);
static void (*Text_Get)(const void *, uint16_t *, uint32_t, uint32_t, fmxcpt *);
static void *(*Data_New)(fmxcpt *);
static void (*Data_Delete)(void *, fmxcpt *);
static int16_t (*Data_SetText)(void *, const void *, const void *, int32_t, fmxcpt *);
static void (*Data_SetNumber)(void *, const void *, int32_t, fmxcpt *);
static void (*Data_SetBinary)(void *, const void *, bool, fmxcpt *);
static int32_t (*Data_Type)(const void *, fmxcpt *);
static const void *(*Data_Text)(const void *, fmxcpt *);
static const void *(*Data_Number)(const void *, fmxcpt *);
static const void *(*Data_Binary)(const void *, fmxcpt *);
static void *(*Fix_New)(int32_t, int, fmxcpt *);
static void (*Fix_AssignDouble)(void *, double, fmxcpt *);
static double (*Fix_AsFloat)(const void *, fmxcpt *);
static void (*Fix_Delete)(void *, fmxcpt *);
static void *(*Vect_New)(fmxcpt *);
static void (*Vect_Push)(void *, const void *, fmxcpt *);
static void (*Vect_Delete)(void *, fmxcpt *);
static void *(*Locale_New)(int32_t, fmxcpt *);
static void (*Locale_Delete)(void *, fmxcpt *);
static void *(*Bin_New)(fmxcpt *);
static void (*Bin_Delete)(void *, fmxcpt *);
static int16_t (*Bin_Add)(void *, const void *, uint32_t, void *, fmxcpt *);
static int16_t (*Bin_AddName)(void *, const void *, fmxcpt *);
static int16_t (*Bin_GetName)(const void *, void *, fmxcpt *);
static int32_t (*Bin_Count)(const void *, fmxcpt *);
static void (*Bin_Type)(const void *, int32_t, void *, fmxcpt *);
static uint32_t (*Bin_Size)(const void *, int32_t, fmxcpt *);
static int16_t (*Bin_Get)(const void *, int32_t, uint32_t, uint32_t, void *, fmxcpt *);
static int16_t (*Bin_GetSize)(const void *, int16_t *, int16_t *, fmxcpt *);
static void *(*Quad_New)(fmxcpt *);
static void *(*Quad_New4)(char, char, char, char, fmxcpt *);
static void (*Quad_Delete)(void *, fmxcpt *);
static uint8_t (*Quad_At)(const void *, int, fmxcpt *);
static void *(*Env_New)(fmxcpt *);
static void (*Env_Delete)(void *, fmxcpt *);

/* The host/test API of the stand-in FMWrapper (fmw_host.h), looked up like the rest */
static void (*p_fmw_set_host)(const fmw_host *);
static int64_t (*p_fmw_live_objects)(void);
static int32_t (*p_fmw_function_count)(void);
static int32_t (*p_fmw_function_find)(const char *, fmw_function *);
static void *(*p_fmw_start_script_proc)(void);
#define fmw_set_host(h) p_fmw_set_host(h)
#define fmw_live_objects() p_fmw_live_objects()
#define fmw_function_count() p_fmw_function_count()
#define fmw_function_find(n, o) p_fmw_function_find(n, o)
#define fmw_start_script_proc() p_fmw_start_script_proc()

/* The plug-in and the reference library */
static void (*fmx_entry)(void *block);
static void *fmx_handle;
static int32_t (*p_init)(const pb_host *);
static pb_result *(*p_call)(const char *, const pb_value *, size_t);
static void (*p_free)(pb_result *);
static void (*p_shutdown)(void);

static void *need(void *lib, const char *name)
{
    void *p = dlsym(lib, name);
    if (!p) { fprintf(stderr, "missing symbol %s\n", name); exit(2); }
    return p;
}

static void load(const char *wrapper, const char *fmx, const char *pb, int scope)
{
    /* FileMaker has FMWrapper loaded before any plug-in: the plug-in finds FM_* in the global scope. */
    void *w = dlopen(wrapper, RTLD_NOW | scope);
    if (!w) { fprintf(stderr, "%s\n", dlerror()); exit(2); }
#define B(var, name) *(void **)&var = need(w, name)
    B(Text_New, "FM_Text_Constructor1"); B(Text_Delete, "FM_Text_Delete");
    B(Text_Assign, "FM_Text_AssignUnicodeWithLength"); B(Text_Size, "FM_Text_GetSize"); B(Text_Get, "FM_Text_GetUnicode");
    B(Data_New, "FM_Data_Constructor1"); B(Data_Delete, "FM_Data_Delete"); B(Data_SetText, "FM_Data_SetAsText");
    B(Data_SetNumber, "FM_Data_SetAsNumber"); B(Data_SetBinary, "FM_Data_SetBinaryData");
    B(Data_Type, "FM_Data_GetNativeType"); B(Data_Text, "FM_Data_GetAsText"); B(Data_Number, "FM_Data_GetAsNumber");
    B(Data_Binary, "FM_Data_GetBinaryData");
    B(Fix_New, "FM_FixPt_Constructor1"); B(Fix_AssignDouble, "FM_FixPt_AssignDouble"); B(Fix_AsFloat, "FM_FixPt_AsFloat");
    B(Fix_Delete, "FM_FixPt_Delete");
    B(Vect_New, "FM_DataVect_Constructor1"); B(Vect_Push, "FM_DataVect_PushBack"); B(Vect_Delete, "FM_DataVect_Delete");
    B(Locale_New, "FM_Locale_Constructor1"); B(Locale_Delete, "FM_Locale_Delete");
    B(Bin_New, "FM_BinaryData_Constructor1"); B(Bin_Delete, "FM_BinaryData_Delete"); B(Bin_Add, "FM_BinaryData_Add");
    B(Bin_AddName, "FM_BinaryData_AddFNAMData"); B(Bin_GetName, "FM_BinaryData_GetFNAMData");
    B(Bin_Count, "FM_BinaryData_GetCount"); B(Bin_Type, "FM_BinaryData_GetType"); B(Bin_Size, "FM_BinaryData_GetSize");
    B(Bin_Get, "FM_BinaryData_GetData"); B(Bin_GetSize, "FM_BinaryData_GetSIZEData");
    B(Quad_New, "FM_QuadChar_Constructor1"); B(Quad_New4, "FM_QuadChar_Constructor2"); B(Quad_Delete, "FM_QuadChar_Delete");
    B(Quad_At, "FM_QuadChar_operatorCAR");
    B(Env_New, "FM_ExprEnv_Constructor1"); B(Env_Delete, "FM_ExprEnv_Delete");
    B(p_fmw_set_host, "fmw_set_host"); B(p_fmw_live_objects, "fmw_live_objects"); B(p_fmw_function_count, "fmw_function_count");
    B(p_fmw_function_find, "fmw_function_find"); B(p_fmw_start_script_proc, "fmw_start_script_proc");
#undef B
    void *f = fmx_handle = dlopen(fmx, RTLD_NOW | RTLD_LOCAL);
    if (!f) { fprintf(stderr, "%s\n", dlerror()); exit(2); }
    *(void **)&fmx_entry = need(f, "FMExternCallProc");
    void *p = dlopen(pb, RTLD_NOW | RTLD_LOCAL);
    if (!p) { fprintf(stderr, "%s\n", dlerror()); exit(2); }
    *(void **)&p_init = need(p, "pb_init"); *(void **)&p_call = need(p, "pb_call");
    *(void **)&p_free = need(p, "pb_result_free"); *(void **)&p_shutdown = need(p, "pb_shutdown");
}

/* ---- the parameter block, built byte by byte from the documented field order and widths ---- */
enum { F_VERSION, F_UNUSED_ID, F_ENTRY, F_UNUSED_FLAG, F_WHICH, F_UNSAFE, F_PARM1, F_PARM2, F_PARM3, F_INSTANCE,
       F_RESULT, F_UNUSED, F_START_SCRIPT, F_CURRENT_ENV, F_COUNT };

/* Offsets of every field and the total size for a given width of unusedID (4 on macOS/Linux, 2 on Windows). */
static int layout(int unused_id_width, int offset[F_COUNT])
{
    const int width[F_COUNT] = { 2, unused_id_width, 8, 1, 1, 1, 1, 8, 8, 8, 8, 8, 8, 8 };
    int at = 0;
    for (int i = 0; i < F_COUNT; i++) { offset[i] = at; at += width[i]; }
    return at;
}

static int lp64[F_COUNT];

typedef struct block { uint8_t bytes[96]; } block;

static void put(block *b, int field, const void *value, size_t size) { memcpy(b->bytes + lp64[field], value, size); }
static uint64_t get_result(const block *b) { uint64_t r; memcpy(&r, b->bytes + lp64[F_RESULT], 8); return r; }

/* A block as FileMaker fills it: unused parameters zero, unusedID -1, entryPoint our own entry. */
static block make(int16_t version, uint8_t which, uint8_t parm1, uint64_t parm2, uint64_t parm3, uint64_t result)
{
    block b;
    memset(&b, 0, sizeof b);
    int32_t unused_id = -1;
    void *entry = (void *)fmx_entry;
    put(&b, F_VERSION, &version, 2);
    put(&b, F_UNUSED_ID, &unused_id, 4);
    put(&b, F_ENTRY, &entry, 8);
    put(&b, F_WHICH, &which, 1);
    put(&b, F_PARM1, &parm1, 1);
    put(&b, F_PARM2, &parm2, 8);
    put(&b, F_PARM3, &parm3, 8);
    put(&b, F_RESULT, &result, 8);
    void *start = fmw_start_script_proc();
    put(&b, F_START_SCRIPT, &start, 8);
    return b;
}

static uint64_t message(int16_t version, uint8_t which, uint8_t parm1, uint64_t parm2, uint64_t parm3, uint64_t result)
{
    block b = make(version, which, parm1, parm2, parm3, result);
    fmx_entry(&b);
    return get_result(&b);
}

enum { INIT = 0, IDLE = 1, SHUTDOWN = 4, PREFS = 5, GETSTRING = 7, SESSION_SHUTDOWN = 8, FILE_SHUTDOWN = 9 };
static const uint16_t app_version[] = { 'P', 'r', 'o', ' ', '2', '2', '.', '0', 0 };

static int64_t init(int16_t version) { return (int64_t)message(version, INIT, 1, (uint64_t)(uintptr_t)app_version, 0, 0); }
static void shutdown_plugin(void) { message(77, SHUTDOWN, 0, 0, 0, 0); }
static uint64_t idle(uint8_t level, uint8_t unsafe_calls)
{
    block b = make(77, IDLE, level, 1, 0, 0);
    put(&b, F_UNSAFE, &unsafe_calls, 1);
    fmx_entry(&b);
    return get_result(&b);
}

/* ---- UTF-8 <-> UTF-16 for building and reading FileMaker Text (our own, so the plug-in is checked against it) ---- */
static size_t utf8_to_16(const char *s, size_t n, uint16_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint8_t c = (uint8_t)s[i];
        uint32_t cp; int len;
        if (c < 0x80) { cp = c; len = 1; }
        else if (c >> 5 == 6) { cp = c & 0x1F; len = 2; }
        else if (c >> 4 == 14) { cp = c & 0x0F; len = 3; }
        else { cp = c & 0x07; len = 4; }
        for (int j = 1; j < len; j++) cp = cp << 6 | ((uint8_t)s[i + j] & 0x3F);
        i += len;
        if (cp >= 0x10000) { cp -= 0x10000; out[k++] = 0xD800 | cp >> 10; out[k++] = 0xDC00 | (cp & 0x3FF); }
        else out[k++] = (uint16_t)cp;
    }
    return k;
}

static size_t utf16_to_8(const uint16_t *u, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = u[i];
        if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n) cp = 0x10000 + ((cp - 0xD800) << 10) + (u[++i] - 0xDC00);
        if (cp < 0x80) out[k++] = (char)cp;
        else if (cp < 0x800) { out[k++] = (char)(0xC0 | cp >> 6); out[k++] = (char)(0x80 | (cp & 0x3F)); }
        else if (cp < 0x10000) { out[k++] = (char)(0xE0 | cp >> 12); out[k++] = (char)(0x80 | (cp >> 6 & 0x3F)); out[k++] = (char)(0x80 | (cp & 0x3F)); }
        else { out[k++] = (char)(0xF0 | cp >> 18); out[k++] = (char)(0x80 | (cp >> 12 & 0x3F)); out[k++] = (char)(0x80 | (cp >> 6 & 0x3F)); out[k++] = (char)(0x80 | (cp & 0x3F)); }
    }
    out[k] = 0;
    return k;
}

/* ---- values: what a FileMaker calculation passes ---- */
typedef struct stream { const char *type, *data; size_t size; } stream;
/* A container arg with streams set is built from them (plus FNAM = file) instead of one FILE stream. */
typedef struct arg { int type; const char *data; size_t size; const char *file; const stream *streams; int nstreams; } arg;
static arg T(const char *s) { arg a = { PB_TEXT, s, strlen(s), NULL, NULL, 0 }; return a; }
static arg TN(const char *s, size_t n) { arg a = { PB_TEXT, s, n, NULL, NULL, 0 }; return a; }
static arg N(const char *s) { arg a = { PB_NUMBER, s, strlen(s), NULL, NULL, 0 }; return a; }
static arg C(const char *bytes, size_t n, const char *file) { arg a = { PB_CONTAINER, bytes, n, file, NULL, 0 }; return a; }

static void *new_text(const char *s, size_t n)
{
    X;
    uint16_t *u = malloc((n + 1) * sizeof *u);
    size_t k = utf8_to_16(s, n, u);
    void *t = Text_New(&x); XOK;
    Text_Assign(t, u, (uint32_t)k, &x); XOK;
    free(u);
    return t;
}

static void set_data(void *d, arg a)
{
    X;
    if (a.type == PB_NUMBER) {
        void *f = Fix_New(0, 16, &x); XOK;
        Fix_AssignDouble(f, atof(a.data), &x); XOK;
        Data_SetNumber(d, f, 2, &x); XOK;
        Fix_Delete(f, &x); XOK;
    } else if (a.type == PB_CONTAINER) {
        void *b = Bin_New(&x); XOK;
        stream file = { "FILE", a.data, a.size };
        const stream *list = a.streams ? a.streams : &file;
        for (int i = 0; i < (a.streams ? a.nstreams : 1); i++) {
            const char *t4 = list[i].type;
            void *q = Quad_New4(t4[0], t4[1], t4[2], t4[3], &x); XOK;
            check(Bin_Add(b, q, (uint32_t)list[i].size, (void *)list[i].data, &x) == 0, "BinaryData_Add %s", t4); XOK;
            Quad_Delete(q, &x); XOK;
        }
        void *name = new_text(a.file, strlen(a.file));
        check(Bin_AddName(b, name, &x) == 0, "AddFNAMData"); XOK;
        Text_Delete(name, &x); XOK;
        Data_SetBinary(d, b, true, &x); XOK;
        Bin_Delete(b, &x); XOK;
    } else {
        void *t = new_text(a.data, a.size);
        void *l = Locale_New(1, &x); XOK;
        Data_SetText(d, t, l, 1, &x); XOK;
        Locale_Delete(l, &x); XOK;
        Text_Delete(t, &x); XOK;
    }
}

/* ---- the registered function, called as FileMaker's calculation engine calls it ---- */
static fmw_function mbs;

static int find_function(const char *name)
{
    return fmw_function_find(name, &mbs) == 0;
}

/* One result as plain C: type, UTF-8 text (or container bytes) and the container's file name. */
typedef struct outcome {
    int16_t rc;
    int type;          /* PB_TEXT, PB_NUMBER, PB_CONTAINER */
    char *data;        /* malloc'd, NUL-terminated */
    size_t size;
    char file[256];
    char stream[5];    /* the container's content stream type */
    int16_t width, height;
} outcome;

static void read_text(const void *t, char **out, size_t *size)
{
    X;
    uint32_t n = Text_Size(t, &x); XOK;
    uint16_t *u = malloc((n + 1) * sizeof *u);
    Text_Get(t, u, 0, n, &x); XOK;
    *out = malloc(n * 3 + 1);
    *size = utf16_to_8(u, n, *out);
    free(u);
}

static void read_result(const void *d, outcome *o)
{
    X;
    int32_t type = Data_Type(d, &x); XOK;
    if (type == 2) {
        double v = Fix_AsFloat(Data_Number(d, &x), &x); XOK;
        o->type = PB_NUMBER;
        o->data = malloc(64);
        o->size = (size_t)snprintf(o->data, 64, v == (double)(long long)v ? "%.0f" : "%.17g", v);
    } else if (type == 6) {
        const void *b = Data_Binary(d, &x); XOK;
        o->type = PB_CONTAINER;
        int32_t count = Bin_Count(b, &x); XOK;
        void *q = Quad_New(&x); XOK;
        o->data = NULL; o->size = 0;
        for (int32_t i = 0; i < count; i++) {
            Bin_Type(b, i, q, &x); XOK;
            char type4[5] = { 0 };
            for (int k = 0; k < 4; k++) type4[k] = (char)Quad_At(q, k, &x);
            if (strcmp(type4, "FNAM") == 0 || strcmp(type4, "SIZE") == 0) continue;
            memcpy(o->stream, type4, 5);
            o->size = Bin_Size(b, i, &x); XOK;
            o->data = malloc(o->size + 1);
            check(Bin_Get(b, i, 0, (uint32_t)o->size, o->data, &x) == 0, "GetData"); XOK;
            o->data[o->size] = 0;
        }
        Quad_Delete(q, &x); XOK;
        void *name = Text_New(&x); XOK;
        if (Bin_GetName(b, name, &x) == 0) {
            char *s; size_t n;
            read_text(name, &s, &n);
            snprintf(o->file, sizeof o->file, "%s", s);
            free(s);
        }
        Text_Delete(name, &x); XOK;
        Bin_GetSize(b, &o->width, &o->height, &x);
        if (!o->data) { o->data = calloc(1, 1); }
    } else {
        o->type = PB_TEXT;
        read_text(Data_Text(d, &x), &o->data, &o->size); XOK;
    }
}

/* MBS(name; args...) through the registered pointer, with FileMaker-made DataVect, Data and ExprEnv. */
static outcome call_fmx(const char *name, const arg *args, int n)
{
    X;
    outcome o;
    memset(&o, 0, sizeof o);
    void *env = Env_New(&x); XOK;
    void *parms = Vect_New(&x); XOK;
    void *d = Data_New(&x); XOK;
    set_data(d, T(name));
    Vect_Push(parms, d, &x); XOK;
    Data_Delete(d, &x); XOK;
    for (int i = 0; i < n; i++) {
        d = Data_New(&x); XOK;
        set_data(d, args[i]);
        Vect_Push(parms, d, &x); XOK;
        Data_Delete(d, &x); XOK;
    }
    void *result = Data_New(&x); XOK;
    o.rc = mbs.fn(mbs.function_id, env, parms, result);
    read_result(result, &o);
    Data_Delete(result, &x); XOK;
    Vect_Delete(parms, &x); XOK;
    Env_Delete(env, &x); XOK;
    return o;
}

static pb_result *call_pb(const char *name, const arg *args, int n)
{
    pb_value v[8];
    for (int i = 0; i < n; i++) { v[i].type = args[i].type; v[i].data = args[i].data; v[i].size = args[i].size; v[i].file_name = args[i].file; }
    return p_call(name, n ? v : NULL, (size_t)n);
}

/* Calls name through both doors and checks the results are the same value of the same type. */
static outcome same(const char *name, const arg *args, int n)
{
    outcome o = call_fmx(name, args, n);
    pb_result *r = call_pb(name, args, n);
    check(o.rc == 0, "%s: errcode %d (errors are text, not error codes)", name, o.rc);
    check(o.type == r->value.type, "%s: FMX type %d, pb_call type %d", name, o.type, r->value.type);
    check(o.size == r->value.size && memcmp(o.data, r->value.data, o.size) == 0,
          "%s: FMX \"%.*s\" (%zu bytes), pb_call \"%.*s\" (%zu bytes)", name, (int)o.size, o.data, o.size,
          (int)r->value.size, r->value.data, r->value.size);
    if (r->value.type == PB_CONTAINER)
        check(strcmp(o.file, r->value.file_name ? r->value.file_name : "") == 0, "%s: file name \"%s\" vs \"%s\"", name, o.file,
              r->value.file_name ? r->value.file_name : "");
    p_free(r);
    return o;
}

static void drop(outcome *o) { free(o->data); o->data = NULL; }

static void expect_text(const char *name, const arg *args, int n, const char *expected)
{
    outcome o = same(name, args, n);
    check(o.type == PB_TEXT && strcmp(o.data, expected) == 0, "%s: expected \"%s\", got \"%s\"", name, expected, o.data);
    drop(&o);
}

static void start(void)
{
    check(init(77) == 77, "Init(77) did not return 77");
    if (!find_function("MBS")) { fprintf(stderr, "FAIL: MBS not registered after Init\n"); exit(1); }
    check(p_init(NULL) == 0, "pb_init");
}

static void stop(void)
{
    shutdown_plugin();
    p_shutdown();
}

/* ---- tests ---- */

/* Offsets from the field table, checked against packed C structs of both layouts, and against the plug-in. */
#pragma pack(push, 1)
typedef struct lp64_block { int16_t v; int32_t unused_id; void *entry; char uf; uint8_t which; char unsafe_calls; uint8_t p1;
    uint64_t p2, p3, instance, result, unused; void *start, *env; } lp64_block;
typedef struct win64_block { int16_t v; int16_t unused_id; void *entry; char uf; uint8_t which; char unsafe_calls; uint8_t p1;
    uint64_t p2, p3, instance, result, unused; void *start, *env; } win64_block;
#pragma pack(pop)

static void test_layout(void)
{
    int win[F_COUNT];
    int lp_size = layout(4, lp64), win_size = layout(2, win);
    printf("layout: LP64 %d bytes, Windows x64 %d bytes; whichCall %d/%d, result %d/%d, cStartScript %d/%d\n",
           lp_size, win_size, lp64[F_WHICH], win[F_WHICH], lp64[F_RESULT], win[F_RESULT], lp64[F_START_SCRIPT], win[F_START_SCRIPT]);
    check(lp_size == (int)sizeof(lp64_block) && win_size == (int)sizeof(win64_block), "sizes %d/%zu, %d/%zu",
          lp_size, sizeof(lp64_block), win_size, sizeof(win64_block));
    const size_t lp_struct[F_COUNT] = { offsetof(lp64_block, v), offsetof(lp64_block, unused_id), offsetof(lp64_block, entry),
        offsetof(lp64_block, uf), offsetof(lp64_block, which), offsetof(lp64_block, unsafe_calls), offsetof(lp64_block, p1),
        offsetof(lp64_block, p2), offsetof(lp64_block, p3), offsetof(lp64_block, instance), offsetof(lp64_block, result),
        offsetof(lp64_block, unused), offsetof(lp64_block, start), offsetof(lp64_block, env) };
    const size_t win_struct[F_COUNT] = { offsetof(win64_block, v), offsetof(win64_block, unused_id), offsetof(win64_block, entry),
        offsetof(win64_block, uf), offsetof(win64_block, which), offsetof(win64_block, unsafe_calls), offsetof(win64_block, p1),
        offsetof(win64_block, p2), offsetof(win64_block, p3), offsetof(win64_block, instance), offsetof(win64_block, result),
        offsetof(win64_block, unused), offsetof(win64_block, start), offsetof(win64_block, env) };
    for (int i = 0; i < F_COUNT; i++) {
        check(lp64[i] == (int)lp_struct[i], "LP64 field %d: table %d, struct %zu", i, lp64[i], lp_struct[i]);
        check(win[i] == (int)win_struct[i], "Windows field %d: table %d, struct %zu", i, win[i], win_struct[i]);
        /* Every field after unusedID sits exactly 2 bytes earlier on Windows. */
        if (i > F_UNUSED_ID) check(lp64[i] - win[i] == 2, "field %d: LP64 %d vs Windows %d", i, lp64[i], win[i]);
    }
    /* The figures FileMaker's documentation gives. */
    check(lp_size == 74 && win_size == 72, "sizes %d/%d, documented 74/72", lp_size, win_size);

    /* The plug-in reads the LP64 block: GetString answers into the buffer at result. */
    uint16_t buffer[64];
    memset(buffer, 0xAB, sizeof buffer);
    message(77, GETSTRING, 128, 0, 64, (uint64_t)(uintptr_t)buffer);
    check(buffer[0] == 'P' && buffer[12] == 0, "GetString(128) through an LP64 block");

    /* The same message laid out for Windows must not be understood on Linux (whichCall lands elsewhere). */
    uint8_t w[96];
    memset(w, 0, sizeof w);
    int16_t v = 77; uint8_t which = GETSTRING, id = 128; uint64_t cap = 64, res = (uint64_t)(uintptr_t)buffer;
    memcpy(w + win[F_VERSION], &v, 2); memcpy(w + win[F_WHICH], &which, 1); memcpy(w + win[F_PARM1], &id, 1);
    memcpy(w + win[F_PARM3], &cap, 8); memcpy(w + win[F_RESULT], &res, 8);
    memset(buffer, 0xAB, sizeof buffer);
    fmx_entry(w);
    check(buffer[0] == 0xABAB, "a Windows-layout block was read as a GetString on Linux");
}

static void getstring(uint8_t id, size_t capacity, char *out)
{
    uint16_t buffer[300];
    for (int i = 0; i < 300; i++) buffer[i] = 0xABCD;
    message(77, GETSTRING, id, 0x0409, capacity, (uint64_t)(uintptr_t)buffer);
    size_t n = 0;
    while (n < 300 && buffer[n] != 0 && buffer[n] != 0xABCD) n++;
    check(n < capacity || capacity == 0, "GetString(%d): %zu units written into capacity %zu", id, n, capacity);
    if (capacity > 0) check(buffer[n] == 0, "GetString(%d): not NUL-terminated", id);
    check(buffer[capacity < 299 ? capacity : 299] == 0xABCD, "GetString(%d): wrote past capacity %zu", id, capacity);
    utf16_to_8(buffer, buffer[n] == 0 ? n : 0, out);
}

static void test_getstring(void)
{
    char s[1024];
    getstring(131, 256, s);
    printf("options: %s\n", s);
    check(strlen(s) == 11 && strcmp(s, "PBrg1nnYYnn") == 0, "options \"%s\"", s);
    check(strncmp(s, "MBSP", 4) != 0 && s[0] != 'F' && strncmp(s, "Web", 3) != 0, "plug-in ID \"%.4s\" not allowed", s);
    getstring(128, 256, s);
    check(strcmp(s, "PluginBridge") == 0, "name \"%s\"", s);
    getstring(129, 256, s);
    check(strstr(s, "MBS") != NULL, "preferences text \"%s\"", s);
    getstring(132, 256, s);
    check(strncmp(s, "https://", 8) == 0, "help URL \"%s\"", s);
    getstring(130, 256, s);
    check(s[0] == 0, "unknown string id gave \"%s\"", s);
    getstring(128, 5, s);
    check(strcmp(s, "Plug") == 0, "name in 5 units: \"%s\"", s);
    getstring(128, 1, s);
    check(s[0] == 0, "name in 1 unit: \"%s\"", s);
    getstring(128, 0, s);   /* capacity 0: nothing written at all */
    message(77, GETSTRING, 128, 0, 64, 0);   /* NULL buffer: ignored */
    /* GetString works before Init and does not need FMWrapper. */
    check(fmw_function_count() == 0, "GetString registered something");
}

static void test_init(void)
{
    int64_t before = fmw_live_objects();
    for (int16_t v = 62; v <= 80; v++) {
        int64_t r = init(v);
        check(r == 77, "Init(%d) returned %lld, expected 77", v, (long long)r);
        check(find_function("MBS"), "Init(%d): MBS not registered", v);
        check(strcmp(mbs.plugin_id, "PBrg") == 0 && mbs.function_id == 1 && mbs.min_args == 1 && mbs.max_args == -1,
              "registration %s/%d min %d max %d", mbs.plugin_id, mbs.function_id, mbs.min_args, mbs.max_args);
        check(mbs.flags == 0x00FFFF7E, "flags 0x%x", mbs.flags);
        outcome o = call_fmx("Text.EncodeURLComponent", (arg[]){ T("a b") }, 1);
        check(strcmp(o.data, "a%20b") == 0, "Init(%d): MBS gave \"%s\"", v, o.data);
        drop(&o);
        shutdown_plugin();
        check(!find_function("MBS") && fmw_function_count() == 0, "Shutdown after Init(%d) left a registration", v);
    }
    check(init(255) == 77, "Init(255) refused");
    shutdown_plugin();
    /* Older than FileMaker 19.0: refused with kBadExtnVersion, nothing registered, and every later message survives. */
    for (int16_t v = 4; v < 62; v += 57) {
        int64_t r = init(v);
        check(r == -1, "Init(%d) returned %lld, expected -1 (kBadExtnVersion)", v, (long long)r);
        check(fmw_function_count() == 0, "Init(%d) registered a function", v);
        idle(0, 0);
        message(v, SESSION_SHUTDOWN, 0, 1, 0, 0);
        shutdown_plugin();
        shutdown_plugin();
    }
    check(init(77) == 77 && find_function("MBS"), "Init(77) after a refused Init");
    shutdown_plugin();
    check(fmw_live_objects() == before, "live FM_* objects %lld after init/shutdown cycles, %lld before",
          (long long)fmw_live_objects(), (long long)before);
    printf("init: API 62..80 and 255 accepted, 4 and 61 refused with -1\n");
}

static void test_messages(void)
{
    /* Before Init: NULL, malformed versions and Init with them do nothing. */
    fmx_entry(NULL);
    const int16_t bad[] = { 0, -1, 3, 256, 32767, -32768 };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        uint64_t r = message(bad[i], INIT, 1, 0, 0, 0xDEADBEEF);
        check(r == 0xDEADBEEF, "Init with version %d wrote result %llx", bad[i], (unsigned long long)r);
    }
    check(fmw_function_count() == 0, "a malformed Init registered a function");
    srand(9);
    for (int k = 0; k < 200; k++) {   /* random bytes with an out-of-range version */
        block b;
        for (size_t i = 0; i < sizeof b.bytes; i++) b.bytes[i] = (uint8_t)rand();
        int16_t v = (int16_t)(256 + rand() % 30000);
        put(&b, F_VERSION, &v, 2);
        fmx_entry(&b);
    }
    start();
    int64_t before = fmw_live_objects();
    int sent = 0;
    for (int code = 0; code < 256; code++) {
        if (code == INIT || code == SHUTDOWN || code == GETSTRING || code == IDLE) continue;
        /* Parameters FileMaker would not send for these codes, and a result FileMaker would not expect changed. */
        uint64_t r = message(77, (uint8_t)code, (uint8_t)rand(), (uint64_t)rand() << 20, (uint64_t)rand(), 0xDEADBEEF);
        check(r == 0xDEADBEEF, "message %d changed result to %llx", code, (unsigned long long)r);
        sent++;
    }
    for (int level = 0; level < 256; level++) idle((uint8_t)level, (uint8_t)(level & 1));
    check(find_function("MBS"), "MBS unregistered by unknown messages");
    expect_text("Text.EncodeURLComponent", (arg[]){ T("a b/c"), T("UTF-8") }, 2, "a%20b%2Fc");
    check(fmw_live_objects() == before, "live objects %lld after messages, %lld before", (long long)fmw_live_objects(), (long long)before);
    stop();
    for (int code = 0; code < 256; code++) if (code != INIT) message(77, (uint8_t)code, 0, 0, 0, 0);   /* after Shutdown */
    check(fmw_function_count() == 0, "registration after Shutdown");
    printf("messages: %d unknown codes, 256 idle levels, 6 malformed versions, 200 random blocks, NULL\n", sent);
}

/* A host web viewer named "web" that remembers what it was asked. */
static char viewer_seen[512];
static int32_t web_viewer(void *context, const char *viewer, const char *action, const char *value)
{
    (void)context;
    if (strcmp(viewer, "web") != 0) return 1;
    snprintf(viewer_seen, sizeof viewer_seen, "%s|%s|%s", viewer, action, value);
    return 0;
}

static void test_calls(void)
{
    start();
    expect_text("Text.EncodeURLComponent", (arg[]){ T("a b/c"), T("UTF-8") }, 2, "a%20b%2Fc");
    /* UTF-16 -> UTF-8 exactly: é, a surrogate pair (U+1F600), CR (¶), an embedded NUL. */
    static const char odd[] = "\xC3\xA9\xF0\x9F\x98\x80\r\0x";
    expect_text("Text.EncodeURLComponent", (arg[]){ TN(odd, sizeof odd - 1) }, 1, "%C3%A9%F0%9F%98%80%0D%00x");
    outcome back = same("Text.DecodeURLComponent", (arg[]){ T("%C3%A9%F0%9F%98%80%0D%00x") }, 1);
    check(back.size == sizeof odd - 1 && memcmp(back.data, odd, back.size) == 0, "decoded text differs (%zu bytes)", back.size);
    drop(&back);
    /* Numbers: a number parameter, and a number result. */
    expect_text("Text.ReplaceNewLine", (arg[]){ T("a\nb"), N("3") }, 2, "a\r\nb");
    outcome curl = same("CURL.New", NULL, 0);
    check(curl.type == PB_NUMBER && atoi(curl.data) >= 16000, "CURL.New gave type %d \"%s\"", curl.type, curl.data);
    expect_text("CURL.Release", (arg[]){ N(curl.data) }, 1, "OK");
    drop(&curl);
    /* Errors: text with IsError set, errcode 0. */
    outcome e = same("No.Such.Function", NULL, 0);
    check(strncmp(e.data, "[MBS] ", 6) == 0, "error text \"%s\"", e.data);
    drop(&e);
    outcome is_error = same("IsError", NULL, 0);
    check(strcmp(is_error.data, "1") == 0, "IsError after an error: \"%s\"", is_error.data);
    drop(&is_error);
    outcome few = same("CURL.Release", NULL, 0);
    check(strncmp(few.data, "[MBS] Too few parameters", 24) == 0, "missing parameter: \"%s\"", few.data);
    drop(&few);
    /* A container parameter (FILE + FNAM streams): the attachment carries its bytes and name. */
    outcome mail = same("SendMail.CreateEmail", NULL, 0);
    outcome ok = same("SendMail.AddAttachmentContainer", (arg[]){ N(mail.data), C("hello", 5, "notes.txt") }, 2);
    check(strcmp(ok.data, "OK") == 0, "AddAttachmentContainer: \"%s\"", ok.data);
    outcome source = call_fmx("SendMail.GetSource", (arg[]){ N(mail.data) }, 1);
    check(strstr(source.data, "notes.txt") && strstr(source.data, "aGVsbG8="), "attachment missing from the source");
    drop(&mail); drop(&ok); drop(&source);
    /* Containers as FileMaker stores them: compressed (ZLIB, gzip headers) beside a JPEG preview; a MAIN stream naming
     * the content; an FNAM path list with a prefix and folders. The attachment gets the content bytes and the name. */
    {
        static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xcb\x48\xcd\xc9\xc9\x57\x28\xcf\x2f"
                                 "\xca\x49\x01\x00\x85\x11\x4a\x0d\x0b\x00\x00\x00";
        const stream zipped[] = { { "JPEG", "preview", 7 }, { "ZLIB", gz, sizeof gz - 1 } };
        const stream main_png[] = { { "FILE", "fileData", 8 }, { "PNGf", "pngData", 7 }, { "MAIN", "PNGf", 4 } };
        const struct { const stream *s; int n; const char *fnam, *name, *base64; } cases[] = {
            { zipped, 2, "file:report.txt", "report.txt", "aGVsbG8gd29ybGQ=" },
            { main_png, 3, "imagewin:/C:/pics/chart.png", "chart.png", "cG5nRGF0YQ==" },
        };
        for (int i = 0; i < 2; i++) {
            outcome m = call_fmx("SendMail.CreateEmail", NULL, 0);
            arg c = { PB_CONTAINER, NULL, 0, cases[i].fnam, cases[i].s, cases[i].n };
            outcome r = call_fmx("SendMail.AddAttachmentContainer", (arg[]){ N(m.data), c }, 2);
            outcome src = call_fmx("SendMail.GetSource", (arg[]){ N(m.data) }, 1);
            check(strcmp(r.data, "OK") == 0 && strstr(src.data, cases[i].base64) && strstr(src.data, cases[i].name)
                  && !strstr(src.data, "pics"), "container case %d: %s", i, r.data);
            drop(&m); drop(&r); drop(&src);
        }
    }
    /* What the host reports in _fmxcpt is checked: a Text where the DataVect should be makes FM_DataVect_Size fail with
     * code 2 (kUnknown), which comes back as an error text; a result the plug-in cannot write to gives errcode 1552. */
    {
        X;
        int64_t before = fmw_live_objects();
        void *env = Env_New(&x), *bogus = new_text("x", 1), *result = Data_New(&x);
        outcome o;
        memset(&o, 0, sizeof o);
        o.rc = mbs.fn(1, env, bogus, result);
        read_result(result, &o);
        check(o.rc == 0 && strcmp(o.data, "[MBS] Internal error: FM_DataVect_Size failed (_fmxcpt code 2)") == 0,
              "bad DataVect: rc %d \"%s\"", o.rc, o.data);
        drop(&o);
        outcome z = { 0 };
        z.rc = mbs.fn(1, env, NULL, result);
        read_result(result, &z);
        check(z.rc == 0 && strncmp(z.data, "[MBS] No parameters", 19) == 0, "NULL DataVect: rc %d \"%s\"", z.rc, z.data);
        drop(&z);
        check(mbs.fn(1, env, NULL, bogus) == 1552, "a result that is not a Data: expected errcode 1552");
        check(mbs.fn(1, env, NULL, NULL) == 1552, "NULL result: expected errcode 1552");
        Text_Delete(bogus, &x); Data_Delete(result, &x); Env_Delete(env, &x); XOK;
        check(fmw_live_objects() == before, "objects left after failed calls");
    }
    /* The function name is case-insensitive, as in MBS. */
    expect_text("text.encodeurlcomponent", (arg[]){ T("a b") }, 1, "a%20b");
    /* Our own host's web viewer (fmw_web_viewer, not a FileMaker function): reached when the host offers it. */
    outcome none = call_fmx("WebView.LoadURL", (arg[]){ T("web"), T("about:blank") }, 2);
    check(strncmp(none.data, "[MBS] ", 6) == 0, "LoadURL without a host web viewer: \"%s\"", none.data);
    drop(&none);
    fmw_host host = { .struct_size = sizeof host, .web_viewer = web_viewer };
    fmw_set_host(&host);
    outcome loaded = call_fmx("WebView.LoadURL", (arg[]){ T("web"), T("http://127.0.0.1:9/\xC3\xA9") }, 2);
    check(strcmp(loaded.data, "OK") == 0 && strcmp(viewer_seen, "web|LoadURL|http://127.0.0.1:9/\xC3\xA9") == 0,
          "LoadURL: \"%s\", viewer saw \"%s\"", loaded.data, viewer_seen);
    drop(&loaded);
    outcome other = call_fmx("WebView.LoadURL", (arg[]){ T("nope"), T("about:blank") }, 2);
    check(strncmp(other.data, "[MBS] ", 6) == 0, "LoadURL on an unknown viewer: \"%s\"", other.data);
    drop(&other);
    fmw_set_host(NULL);
    stop();
}

/* ---- WebHook: a request on another thread queues a script start; Idle delivers it, never at the unsafe level ---- */
typedef struct started { char file[64], script[64], parameter[64]; int control; pthread_t thread; } started;
static started starts[8];
static int start_count;

static void to8(const uint16_t *u, uint32_t n, char *out, size_t cap)
{
    char tmp[512];
    if (n > 100) n = 100;
    utf16_to_8(u, n, tmp);
    snprintf(out, cap, "%s", tmp);
}

static int16_t record_start(void *context, const uint16_t *file, uint32_t file_len, const uint16_t *script, uint32_t script_len,
                            int32_t control, const uint16_t *parameter, uint32_t parameter_len)
{
    (void)context;
    if (start_count < 8) {
        started *s = &starts[start_count++];
        to8(file, file_len, s->file, sizeof s->file);
        to8(script, script_len, s->script, sizeof s->script);
        to8(parameter, parameter_len, s->parameter, sizeof s->parameter);
        s->control = control;
        s->thread = pthread_self();
    }
    return 0;
}

/* A 3x2 PNG header: enough for the plug-in to store it as a PNGf stream with its size. */
static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x03\0\0\0\x02\x08\x02\0\0\0pixels";

static int post_to(int port, const char *path, const char *body, size_t n)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) { close(s); return 0; }
    char head[256];
    int h = snprintf(head, sizeof head, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %zu\r\n\r\n", path, n);
    int ok = write(s, head, (size_t)h) == h && write(s, body, n) == (ssize_t)n;
    char reply[512];
    ok = ok && read(s, reply, sizeof reply) > 0;   /* the auto-answer */
    close(s);
    return ok;
}

static int post(int port, const char *body, size_t n) { return post_to(port, "/upload/pic.png", body, n); }

/* A GIF and a JPEG header (3x2) and a text file: the result container's content stream and size follow the bytes. */
static const char gif[] = "GIF89a\x03\0\x02\0\x80\0\0";
static const char jpeg[] = "\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
                           "\xFF\xC0\0\x11\x08\0\x02\0\x03\x03\x01\x22\0\x02\x11\x01\x03\x11\x01\xFF\xD9";
static void body_as_container(int port, const char *path, const char *body, size_t n, const char *stream, int width, int height)
{
    int before = start_count;
    check(post_to(port, path, body, n), "POST %s", path);
    for (int i = 0; i < 500 && start_count == before; i++) { idle(0, 0); if (start_count == before) sleep_ms(10); }
    check(start_count == before + 1, "no script start for %s", path);
    if (start_count != before + 1) return;
    outcome c = call_fmx("WebRequest.GetBodyAsContainer", (arg[]){ N(starts[before].parameter) }, 1);
    const char *name = strrchr(path, '/') + 1;
    check(c.type == PB_CONTAINER && c.size == n && memcmp(c.data, body, n) == 0, "%s: bytes differ", path);
    check(strcmp(c.file, name) == 0 && strcmp(c.stream, stream) == 0, "%s: file %s stream %s", path, c.file, c.stream);
    check(c.width == width && c.height == height, "%s: size %dx%d", path, c.width, c.height);
    drop(&c);
}

static void test_webhook(void)
{
    fmw_host host = { .struct_size = sizeof host, .start_script = record_start };
    fmw_set_host(&host);
    start();
    outcome hook = same("WebHook.Create", NULL, 0);
    expect_text("WebHook.SetScript", (arg[]){ N(hook.data), T("Demo.fmp12"), T("Got Request") }, 3, "OK");
    expect_text("WebHook.Listen", (arg[]){ N(hook.data), N("0") }, 2, "OK");
    outcome fport = call_fmx("WebHook.GetPort", (arg[]){ N(hook.data) }, 1);
    pb_result *pport = call_pb("WebHook.GetPort", (arg[]){ N(hook.data) }, 1);
    check(fport.type == PB_NUMBER && atoi(fport.data) > 0, "FMX WebHook.GetPort: \"%s\"", fport.data);
    uint64_t quiet = idle(4, 0);   /* listening hook: 1, nothing queued */
    check(quiet == 1, "activity with a listening hook: %llu", (unsigned long long)quiet);
    check(post(atoi(fport.data), png, sizeof png - 1), "POST to the plug-in's WebHook");
    check(post(atoi(pport->value.data), png, sizeof png - 1), "POST to pb's WebHook");
    /* Wait (bounded) until the start is queued: the unsafe-level idle reports it without delivering it. */
    uint64_t activity = 0;
    for (int i = 0; i < 500 && activity < 2; i++) { activity = idle(4, 0); if (activity < 2) sleep_ms(10); }
    check(activity == 2, "start never queued (activity %llu)", (unsigned long long)activity);
    for (int i = 0; i < 50; i++) { idle(4, 0); idle(0, 1); idle(3, 1); }
    check(start_count == 0, "%d script starts delivered at the unsafe level or with unsafeCalls set", start_count);
    uint64_t after = idle(0, 0);
    check(start_count == 1, "%d script starts delivered at idle level 0, expected 1", start_count);
    check(after == 1, "activity after delivery: %llu", (unsigned long long)after);
    if (start_count == 1) {
        check(strcmp(starts[0].file, "Demo.fmp12") == 0 && strcmp(starts[0].script, "Got Request") == 0,
              "started %s / %s", starts[0].file, starts[0].script);
        check(starts[0].control == 3 && pthread_equal(starts[0].thread, pthread_self()), "control %d, or not on the Idle thread",
              starts[0].control);
        /* The request's body as a container: a PNGf stream with its SIZE and the file name, same bytes as pb_call. */
        outcome fc = call_fmx("WebRequest.GetBodyAsContainer", (arg[]){ N(starts[0].parameter) }, 1);
        pb_result *pl = p_call("WebRequest.List", NULL, 0);
        pb_result *pc = call_pb("WebRequest.GetBodyAsContainer", (arg[]){ N(pl->value.data) }, 1);
        check(fc.type == PB_CONTAINER && pc->value.type == PB_CONTAINER, "container types %d/%d", fc.type, pc->value.type);
        check(fc.size == pc->value.size && memcmp(fc.data, pc->value.data, fc.size) == 0, "container bytes differ");
        check(strcmp(fc.file, pc->value.file_name) == 0 && strcmp(fc.file, "pic.png") == 0, "file names %s / %s", fc.file,
              pc->value.file_name);
        check(strcmp(fc.stream, "PNGf") == 0 && fc.width == 3 && fc.height == 2, "stream %s %dx%d", fc.stream, fc.width, fc.height);
        /* And back in: the container result as a parameter. */
        outcome mail = call_fmx("SendMail.CreateEmail", NULL, 0);
        outcome ok = call_fmx("SendMail.AddAttachmentContainer", (arg[]){ N(mail.data), C(fc.data, fc.size, fc.file) }, 2);
        check(strcmp(ok.data, "OK") == 0, "attach: %s", ok.data);
        drop(&mail); drop(&ok); drop(&fc);
        p_free(pl); p_free(pc);
    }
    p_free(pport);
    int port = atoi(fport.data);
    body_as_container(port, "/upload/anim.gif", gif, sizeof gif - 1, "GIFf", 3, 2);
    body_as_container(port, "/upload/photo.jpg", jpeg, sizeof jpeg - 1, "JPEG", 3, 2);
    body_as_container(port, "/upload/notes.txt", "hello", 5, "FILE", 0, 0);
    drop(&fport); drop(&hook);
    stop();
    check(!post(port, "x", 1), "the WebHook still listens after Shutdown");
    check(idle(0, 0) == 0 && start_count == 4, "Idle after Shutdown");
    fmw_set_host(NULL);
}

/* ---- 8 threads through the registered function pointer ---- */
enum { THREADS = 8, PER_THREAD = 2000 };
static void *worker(void *arg_)
{
    long id = (long)arg_;
    char in[64], want[96], num[16];
    for (int i = 0; i < PER_THREAD; i++) {
        snprintf(in, sizeof in, "t%ld %d/\xC3\xA9", id, i);
        snprintf(want, sizeof want, "t%ld%%20%d%%2F%%C3%%A9", id, i);
        outcome o = call_fmx("Text.EncodeURLComponent", (arg[]){ T(in) }, 1);
        check(o.rc == 0 && strcmp(o.data, want) == 0, "thread %ld call %d: \"%s\"", id, i, o.data);
        drop(&o);
        if (i % 100 == 0) {
            outcome c = call_fmx("CURL.New", NULL, 0);
            snprintf(num, sizeof num, "%s", c.data);
            outcome r = call_fmx("CURL.Release", (arg[]){ N(num) }, 1);
            check(c.type == PB_NUMBER && strcmp(r.data, "OK") == 0, "thread %ld CURL %s: %s", id, num, r.data);
            drop(&c); drop(&r);
        }
    }
    return NULL;
}

static void test_threads(void)
{
    start();
    int64_t before = fmw_live_objects();
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    check(fmw_live_objects() == before, "live objects %lld after threads, %lld before", (long long)fmw_live_objects(), (long long)before);
    printf("threads: %d x %d calls (+ %d CURL.New/Release pairs each)\n", THREADS, PER_THREAD, PER_THREAD / 100);
    stop();
}

/* ---- every FM_* object the plug-in makes is deleted ---- */
static void test_objects(void)
{
    X;
    start();
    int64_t base = fmw_live_objects();
    void *probe = Text_New(&x); XOK;   /* the counter does count */
    check(fmw_live_objects() == base + 1, "counter did not see a new Text");
    Text_Delete(probe, &x); XOK;
    int64_t before = fmw_live_objects();
    for (int i = 0; i < 1000; i++) {
        outcome a = call_fmx("Text.EncodeURLComponent", (arg[]){ T("a b"), T("UTF-8") }, 2);    /* text */
        outcome b = call_fmx("CURL.New", NULL, 0);                                               /* number */
        outcome c = call_fmx("CURL.Release", (arg[]){ N(b.data) }, 1);
        outcome d = call_fmx("Nope", NULL, 0);                                                   /* error */
        outcome m = call_fmx("SendMail.CreateEmail", NULL, 0);
        outcome e = call_fmx("SendMail.AddAttachmentContainer", (arg[]){ N(m.data), C("x", 1, "x.bin") }, 2); /* container */
        outcome f = call_fmx("SendMail.Release", (arg[]){ N(m.data) }, 1);
        check(strcmp(c.data, "OK") == 0 && strcmp(e.data, "OK") == 0 && strcmp(f.data, "OK") == 0, "call %d failed", i);
        drop(&a); drop(&b); drop(&c); drop(&d); drop(&m); drop(&e); drop(&f);
    }
    int64_t after = fmw_live_objects();
    printf("objects: %lld live FM_* objects before 7,000 calls (1,000 rounds), %lld after\n", (long long)before, (long long)after);
    check(after == before, "live FM_* objects grew from %lld to %lld", (long long)before, (long long)after);
    stop();
}

/* A host that dlclose()s the plug-in while its runtime has threads (a listening WebHook) must not crash: the file is
 * marked NODELETE, so it stays mapped and keeps working through the pointers the host still has. */
static void test_unload(void)
{
    start();
    outcome hook = call_fmx("WebHook.Create", NULL, 0);
    outcome ok = call_fmx("WebHook.Listen", (arg[]){ N(hook.data), N("0") }, 2);
    check(strcmp(ok.data, "OK") == 0, "Listen: %s", ok.data);
    outcome port = call_fmx("WebHook.GetPort", (arg[]){ N(hook.data) }, 1);
    check(dlclose(fmx_handle) == 0, "dlclose: %s", dlerror());
    sleep_ms(50);   /* let the runtime's threads run after the close */
    check(post(atoi(port.data), "x", 1), "the WebHook stopped answering after dlclose");
    expect_text("Text.EncodeURLComponent", (arg[]){ T("a b") }, 1, "a%20b");
    check(idle(0, 0) >= 1, "Idle after dlclose");
    drop(&hook); drop(&ok); drop(&port);
    stop();
}

/* FMWrapper loaded RTLD_LOCAL, so the plug-in cannot see it: Init refuses (kDoNotEnable) and says which functions it
 * lacks, and nothing later crashes. With PB_FMWRAPPER naming the library (set by CTest), Init binds it from there. */
static void test_nowrapper(void)
{
    fflush(stderr);
    FILE *log = tmpfile();
    int saved = dup(2);
    dup2(fileno(log), 2);
    int64_t r = init(77);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char text[4096] = { 0 };
    rewind(log);
    size_t n = fread(text, 1, sizeof text - 1, log);
    text[n] = 0;
    fclose(log);
    check(r == -2, "Init without FMWrapper returned %lld, expected -2 (kDoNotEnable)", (long long)r);
    check(strstr(text, "PluginBridge.fmx: FMWrapper function(s) not found") && strstr(text, "FM_Text_Constructor1"),
          "log line: \"%s\"", text);
    check(fmw_function_count() == 0, "registered without FMWrapper");
    char s[64];
    getstring(128, 64, s);
    check(strcmp(s, "PluginBridge") == 0, "GetString after a refused Init: %s", s);
    idle(0, 0);
    shutdown_plugin();
    shutdown_plugin();
    printf("nowrapper: Init answered %lld; logged: %s", (long long)r, text);
}

static void test_wrapperpath(void)
{
    check(init(77) == 77, "Init with PB_FMWRAPPER did not bind");
    check(find_function("MBS"), "MBS not registered");
    if (mbs.fn) expect_text("Text.EncodeURLComponent", (arg[]){ T("a b") }, 1, "a%20b");
    shutdown_plugin();
}

/* PB_FMX_FUNCTION_NAME=PluginBridge (set by CTest) registers PluginBridge instead of MBS. */
static void test_funcname(void)
{
    check(init(77) == 77, "Init");
    check(!find_function("MBS"), "MBS registered although PB_FMX_FUNCTION_NAME=PluginBridge");
    check(find_function("PluginBridge") && strcmp(mbs.name, "PluginBridge") == 0, "PluginBridge not registered");
    outcome o = call_fmx("Text.EncodeURLComponent", (arg[]){ T("a b") }, 1);
    check(strcmp(o.data, "a%20b") == 0, "PluginBridge(...) gave \"%s\"", o.data);
    drop(&o);
    shutdown_plugin();
}

/* IsServer answers from FileMaker's application type at Init (7 = server scripting, 1 = Pro). Plugin.Path is the
   file each library was loaded from: the .fmx for FileMaker, libPluginBridge.so for pb_call (whose host tells no
   application type, so IsServer is 0 there). */
static void expect_fmx(const char *name, const char *expected)
{
    outcome o = call_fmx(name, NULL, 0);
    check(o.rc == 0 && strcmp(o.data, expected) == 0, "%s: expected \"%s\", got \"%s\"", name, expected, o.data);
    drop(&o);
}

static void expect_pb(const char *name, const char *expected)
{
    pb_result *r = call_pb(name, NULL, 0);
    check(!r->is_error && r->value.size == strlen(expected) && memcmp(r->value.data, expected, r->value.size) == 0,
          "pb_call %s: expected \"%s\", got \"%.*s\"", name, expected, (int)r->value.size, r->value.data);
    p_free(r);
}

static void test_hostfacts(const char *fmx, const char *pb)
{
    char fmx_path[PATH_MAX], pb_path[PATH_MAX];
    check(realpath(fmx, fmx_path) && realpath(pb, pb_path), "realpath");
    check((int64_t)message(77, INIT, 7, (uint64_t)(uintptr_t)app_version, 0, 0) == 77, "Init as server scripting");
    check(find_function("MBS"), "MBS registered");
    expect_fmx("IsServer", "1");
    expect_fmx("Plugin.Path", fmx_path);
    shutdown_plugin();
    check(init(77) == 77, "Init as FileMaker Pro");
    check(find_function("MBS"), "MBS registered");
    expect_fmx("IsServer", "0");
    shutdown_plugin();
    check(p_init(NULL) == 0, "pb_init");
    expect_pb("IsServer", "0");
    expect_pb("Plugin.Path", pb_path);
    p_shutdown();
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s <libFMWrapper.so> <PluginBridge.fmx> <libPluginBridge.so> <test>\n", argv[0]);
        return 2;
    }
    const char *t = argv[4];
    int local = !strcmp(t, "nowrapper") || !strcmp(t, "wrapperpath");
    load(argv[1], argv[2], argv[3], local ? RTLD_LOCAL : RTLD_GLOBAL);
    layout(4, lp64);
    if (!strcmp(t, "layout")) test_layout();
    else if (!strcmp(t, "getstring")) test_getstring();
    else if (!strcmp(t, "init")) test_init();
    else if (!strcmp(t, "messages")) test_messages();
    else if (!strcmp(t, "calls")) test_calls();
    else if (!strcmp(t, "webhook")) test_webhook();
    else if (!strcmp(t, "threads")) test_threads();
    else if (!strcmp(t, "objects")) test_objects();
    else if (!strcmp(t, "funcname")) test_funcname();
    else if (!strcmp(t, "unload")) test_unload();
    else if (!strcmp(t, "nowrapper")) test_nowrapper();
    else if (!strcmp(t, "wrapperpath")) test_wrapperpath();
    else if (!strcmp(t, "hostfacts")) test_hostfacts(argv[2], argv[3]);
    else { fprintf(stderr, "unknown test %s\n", t); return 2; }
    printf("%s: %d checks, %d failed\n", t, checks, failures);
    return failures ? 1 : 0;
}
