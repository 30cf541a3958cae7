/*
 * A third-party-style FileMaker plug-in in plain C, written the way an SDK plug-in is: it exports FMExternCallProc,
 * answers GetString/Init/Idle/Shutdown, registers its own functions under its own ID ("TPcx") and calls the FM_* C
 * functions of the host's FMWrapper directly (left undefined here and bound by the loader from the host's global
 * scope). PluginBridge's host must run it as it runs PluginBridge.fmx: proof that the stand-in FMWrapper follows
 * FileMaker's documented semantics rather than one plug-in's habits. Nothing here comes from Claris's SDK.
 *
 *   TP_Upper ( text )                 the text in upper case (FM_Text_Uppercase on a copy)
 *   TP_Sum ( number ; ... )           the sum, added with FM_FixPt_Add
 *   TP_FileInfo ( container )         "name|TYPE:size|TYPE:size..." of the container's streams
 *   TP_MakeFile ( name ; text )       a container holding the text (UTF-8) as the file name
 *   TP_Later ( file ; script ; parameter )  queues a script start, delivered at the next safe Idle; returns the count
 *   TP_Evaluate ( expression )        the host's Evaluate of the expression
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int32_t vers, code; } xcpt; /* _fmxcpt */

/* FMX_ExternCallStruct on Linux/macOS: byte-packed, unusedID is 32-bit, 74 bytes. */
#pragma pack(push, 1)
typedef struct call_block {
    int16_t extn_version;
    int32_t unused_id;
    void (*entry_point)(struct call_block *);
    char unused_flag;
    uint8_t which_call;
    char unsafe_calls;
    uint8_t parm1;
    uint64_t parm2, parm3, instance_id, result, unused;
    int16_t (*start_script)(const void *file, const void *script, uint8_t control,
                            const void *parameter); /* FMX_ScriptControl is an unsigned char */
    int16_t (*current_env)(void *env);
} call_block;
#pragma pack(pop)
_Static_assert(sizeof(call_block) == 74, "FMX_ExternCallStruct is 74 bytes on LP64");

enum { INIT = 0, IDLE = 1, SHUTDOWN = 4, GET_STRING = 7 };
enum { NAME_STR = 128, OPTIONS_STR = 131, HELP_STR = 132 };
enum { IDLE_UNSAFE = 4, CONTROL_PAUSE = 3 };
enum { BAD_VERSION = -1, MIN_VERSION = 62, BUILT_FOR = 77 };

/* The FM_* functions this plug-in calls, declared from the public description of the C surface. */
void *FM_Text_Constructor1(xcpt *);
void FM_Text_Delete(void *, xcpt *);
uint32_t FM_Text_GetSize(const void *, xcpt *);
void FM_Text_Assign(void *, const char *, int32_t, xcpt *);
void FM_Text_SetText(void *, const void *, uint32_t, uint32_t, xcpt *);
void FM_Text_AppendText(void *, const void *, uint32_t, uint32_t, xcpt *);
void FM_Text_Uppercase(const void *, xcpt *);
void FM_Text_GetBytes(const void *, char *, uint32_t, uint32_t, uint32_t, int32_t, xcpt *);
void *FM_FixPt_Constructor1(int32_t, int, xcpt *);
void FM_FixPt_Delete(void *, xcpt *);
void FM_FixPt_Add(const void *, const void *, void *, xcpt *);
void FM_FixPt_AssignFixPt(void *, const void *, xcpt *);
void *FM_Locale_Constructor1(int32_t, xcpt *);
void FM_Locale_Delete(void *, xcpt *);
void *FM_Data_Constructor1(xcpt *);
void FM_Data_Delete(void *, xcpt *);
int16_t FM_Data_SetAsText(void *, const void *, const void *, int32_t, xcpt *);
void FM_Data_SetAsNumber(void *, const void *, int32_t, xcpt *);
void FM_Data_SetBinaryData(void *, const void *, bool, xcpt *);
uint32_t FM_DataVect_Size(const void *, xcpt *);
const void *FM_DataVect_AtAsText(const void *, uint32_t, xcpt *);
const void *FM_DataVect_AtAsNumber(const void *, uint32_t, xcpt *);
const void *FM_DataVect_AtAsBinaryData(const void *, uint32_t, xcpt *);
const void *FM_DataVect_At(const void *, uint32_t, xcpt *);
int32_t FM_BinaryData_GetCount(const void *, xcpt *);
void FM_BinaryData_GetType(const void *, int32_t, void *, xcpt *);
uint32_t FM_BinaryData_GetSize(const void *, int32_t, xcpt *);
int16_t FM_BinaryData_GetFNAMData(const void *, void *, xcpt *);
void *FM_BinaryData_Constructor3(const void *, uint32_t, void *, xcpt *);
void FM_BinaryData_Delete(void *, xcpt *);
void *FM_QuadChar_Constructor1(xcpt *);
void *FM_QuadChar_Constructor2(char, char, char, char, xcpt *);
void FM_QuadChar_Delete(void *, xcpt *);
uint8_t FM_QuadChar_operatorCAR(const void *, int, xcpt *);
int16_t FM_ExprEnv_Evaluate(const void *, const void *, void *, xcpt *);
int16_t FM_ExprEnv_RegisterExternalFunctionEx(const void *, int16_t, const void *, const void *, const void *, int16_t,
                                              int16_t, uint32_t, void *, xcpt *);
int16_t FM_ExprEnv_UnRegisterExternalFunction(const void *, int16_t, xcpt *);

enum { ENC_UTF8 = 1, DT_TEXT = 1, DT_NUMBER = 2, LOCALE_SYSTEM = 1, ERR_FAILED = 1552 /* kPluginErrResult1 */ };
#define CHECK(x) do { if ((x).code) return ERR_FAILED; } while (0)

static void *text(const char *s)
{
    xcpt x = { 1, 0 };
    void *t = FM_Text_Constructor1(&x);
    FM_Text_Assign(t, s, ENC_UTF8, &x);
    return t;
}

static void drop_text(void *t) { xcpt x = { 1, 0 }; FM_Text_Delete(t, &x); }

static int16_t set_text(void *result, const char *s)
{
    xcpt x = { 1, 0 };
    void *t = text(s), *l = FM_Locale_Constructor1(LOCALE_SYSTEM, &x);
    int16_t rc = FM_Data_SetAsText(result, t, l, DT_TEXT, &x);
    FM_Locale_Delete(l, &x);
    drop_text(t);
    return x.code ? ERR_FAILED : rc;
}

/* UTF-8 of a Text, malloc'd; at most 4 bytes per UTF-16 unit. */
static char *utf8(const void *t)
{
    xcpt x = { 1, 0 };
    uint32_t n = FM_Text_GetSize(t, &x) * 4 + 1;
    char *s = malloc(n);
    FM_Text_GetBytes(t, s, n, 0, 0xFFFFFFFFu, ENC_UTF8, &x);
    return s;
}

static int16_t tp_upper(int16_t fid, const void *env, const void *parms, void *result)
{
    (void)fid; (void)env;
    xcpt x = { 1, 0 };
    void *copy = FM_Text_Constructor1(&x);
    FM_Text_SetText(copy, FM_DataVect_AtAsText(parms, 0, &x), 0, 0xFFFFFFFFu, &x);
    FM_Text_Uppercase(copy, &x);
    void *l = FM_Locale_Constructor1(LOCALE_SYSTEM, &x);
    FM_Data_SetAsText(result, copy, l, DT_TEXT, &x);
    FM_Locale_Delete(l, &x);
    drop_text(copy);
    CHECK(x);
    return 0;
}

static int16_t tp_sum(int16_t fid, const void *env, const void *parms, void *result)
{
    (void)fid; (void)env;
    xcpt x = { 1, 0 };
    void *sum = FM_FixPt_Constructor1(0, 16, &x), *next = FM_FixPt_Constructor1(0, 16, &x);
    uint32_t n = FM_DataVect_Size(parms, &x);
    for (uint32_t i = 0; i < n; i++) {
        FM_FixPt_Add(sum, FM_DataVect_AtAsNumber(parms, i, &x), next, &x);
        FM_FixPt_AssignFixPt(sum, next, &x);
    }
    FM_Data_SetAsNumber(result, sum, DT_NUMBER, &x);
    FM_FixPt_Delete(next, &x);
    FM_FixPt_Delete(sum, &x);
    CHECK(x);
    return 0;
}

static int16_t tp_file_info(int16_t fid, const void *env, const void *parms, void *result)
{
    (void)fid; (void)env;
    xcpt x = { 1, 0 };
    const void *bin = FM_DataVect_AtAsBinaryData(parms, 0, &x);
    CHECK(x);
    void *name = FM_Text_Constructor1(&x);
    char *s = FM_BinaryData_GetFNAMData(bin, name, &x) == 0 ? utf8(name) : strdup("");
    drop_text(name);
    size_t len = strlen(s);
    int32_t count = FM_BinaryData_GetCount(bin, &x);
    s = realloc(s, len + 32 * (size_t)(count + 1));
    void *type = FM_QuadChar_Constructor1(&x);
    for (int32_t i = 0; i < count; i++) {
        FM_BinaryData_GetType(bin, i, type, &x);
        char t[5] = { 0 };
        for (int k = 0; k < 4; k++) t[k] = (char)FM_QuadChar_operatorCAR(type, k, &x);
        len += (size_t)sprintf(s + len, "|%s:%u", t, FM_BinaryData_GetSize(bin, i, &x));
    }
    FM_QuadChar_Delete(type, &x);
    int16_t rc = x.code ? ERR_FAILED : set_text(result, s);
    free(s);
    return rc;
}

static int16_t tp_make_file(int16_t fid, const void *env, const void *parms, void *result)
{
    (void)fid; (void)env;
    xcpt x = { 1, 0 };
    char *content = utf8(FM_DataVect_AtAsText(parms, 1, &x));
    void *bin = FM_BinaryData_Constructor3(FM_DataVect_AtAsText(parms, 0, &x), (uint32_t)strlen(content), content, &x);
    if (bin) FM_Data_SetBinaryData(result, bin, true, &x);
    FM_BinaryData_Delete(bin, &x);
    free(content);
    CHECK(x);
    return 0;
}

/* Script starts waiting for a safe Idle; FileMaker allows cStartScript only there. */
typedef struct pending { void *file, *script, *parameter; } pending;
static pending queue[64];
static int queued;

static int16_t tp_later(int16_t fid, const void *env, const void *parms, void *result)
{
    (void)fid; (void)env;
    xcpt x = { 1, 0 };
    if (queued == 64) return set_text(result, "queue full");
    pending *p = &queue[queued];
    p->file = FM_Text_Constructor1(&x);
    p->script = FM_Text_Constructor1(&x);
    p->parameter = FM_Data_Constructor1(&x);
    FM_Text_SetText(p->file, FM_DataVect_AtAsText(parms, 0, &x), 0, 0xFFFFFFFFu, &x);
    FM_Text_SetText(p->script, FM_DataVect_AtAsText(parms, 1, &x), 0, 0xFFFFFFFFu, &x);
    void *l = FM_Locale_Constructor1(LOCALE_SYSTEM, &x);
    if (FM_DataVect_Size(parms, &x) > 2)
        FM_Data_SetAsText(p->parameter, FM_DataVect_AtAsText(parms, 2, &x), l, DT_TEXT, &x);
    FM_Locale_Delete(l, &x);
    CHECK(x);
    queued++;
    void *n = FM_FixPt_Constructor1(queued, 16, &x);
    FM_Data_SetAsNumber(result, n, DT_NUMBER, &x);
    FM_FixPt_Delete(n, &x);
    return 0;
}

static void drop_pending(pending *p)
{
    xcpt x = { 1, 0 };
    FM_Text_Delete(p->file, &x); FM_Text_Delete(p->script, &x); FM_Data_Delete(p->parameter, &x);
}

static int16_t tp_evaluate(int16_t fid, const void *env, const void *parms, void *result)
{
    (void)fid;
    xcpt x = { 1, 0 };
    int16_t rc = FM_ExprEnv_Evaluate(env, FM_DataVect_AtAsText(parms, 0, &x), result, &x);
    CHECK(x);
    return rc;
}

typedef struct { const char *name, *proto; int16_t min, max; void *fn; } function;
static const function functions[] = {
    { "TP_Upper", "TP_Upper ( text )", 1, 1, (void *)tp_upper },
    { "TP_Sum", "TP_Sum ( number ; ... )", 1, -1, (void *)tp_sum },
    { "TP_FileInfo", "TP_FileInfo ( container )", 1, 1, (void *)tp_file_info },
    { "TP_MakeFile", "TP_MakeFile ( name ; text )", 2, 2, (void *)tp_make_file },
    { "TP_Later", "TP_Later ( file ; script { ; parameter } )", 2, 3, (void *)tp_later },
    { "TP_Evaluate", "TP_Evaluate ( expression )", 1, 1, (void *)tp_evaluate },
};
enum { COUNT = sizeof functions / sizeof functions[0], FIRST_ID = 100, ALL_DEVICES_FUTURE = 0x00FFFF7E };
static const char ID[] = "TPcx";

static bool registered;

static int64_t init(call_block *b)
{
    if (b->extn_version < MIN_VERSION) return BAD_VERSION;
    xcpt x = { 1, 0 };
    void *id = FM_QuadChar_Constructor2(ID[0], ID[1], ID[2], ID[3], &x);
    for (int i = 0; i < COUNT; i++) {
        void *name = text(functions[i].name), *proto = text(functions[i].proto),
             *desc = text("|A third-party test function.");
        FM_ExprEnv_RegisterExternalFunctionEx(id, (int16_t)(FIRST_ID + i), name, proto, desc, functions[i].min,
                                              functions[i].max, ALL_DEVICES_FUTURE, functions[i].fn, &x);
        drop_text(name); drop_text(proto); drop_text(desc);
    }
    FM_QuadChar_Delete(id, &x);
    registered = x.code == 0;
    return registered ? BUILT_FOR : BAD_VERSION;
}

static void shutdown_plugin(void)
{
    xcpt x = { 1, 0 };
    if (!registered) return;
    void *id = FM_QuadChar_Constructor2(ID[0], ID[1], ID[2], ID[3], &x);
    for (int i = 0; i < COUNT; i++) FM_ExprEnv_UnRegisterExternalFunction(id, (int16_t)(FIRST_ID + i), &x);
    FM_QuadChar_Delete(id, &x);
    for (int i = 0; i < queued; i++) drop_pending(&queue[i]);
    queued = 0;
    registered = false;
}

static void idle(call_block *b)
{
    if (b->parm1 == IDLE_UNSAFE || b->unsafe_calls || !b->start_script) return;
    for (int i = 0; i < queued; i++) {
        b->start_script(queue[i].file, queue[i].script, CONTROL_PAUSE, queue[i].parameter);
        drop_pending(&queue[i]);
    }
    queued = 0;
}

static void get_string(call_block *b)
{
    const char *s = b->parm1 == NAME_STR ? "ThirdParty C" : b->parm1 == OPTIONS_STR ? "TPcx1nnYYnn"
                  : b->parm1 == HELP_STR ? "https://example.invalid/help?id=" : "";
    uint16_t *out = (uint16_t *)(uintptr_t)b->result;
    uint64_t room = b->parm3;
    if (!out || room == 0) return;
    uint64_t i = 0;
    for (; s[i] && i + 1 < room; i++) out[i] = (uint8_t)s[i];
    out[i] = 0;
}

__attribute__((visibility("default"))) void FMExternCallProc(call_block *b)
{
    if (!b) return;
    switch (b->which_call) {
    case INIT: b->result = (uint64_t)init(b); break;
    case IDLE: idle(b); break;
    case SHUTDOWN: shutdown_plugin(); break;
    case GET_STRING: get_string(b); break;
    default: break; /* every other message is ignored */
    }
}
