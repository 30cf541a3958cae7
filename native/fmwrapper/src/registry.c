/* The external functions and script steps plug-ins register, keyed by (plug-in ID, function ID) as in FileMaker. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "fmw_internal.h"

typedef struct entry { fmw_function f; } entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static entry *entries;
static int32_t count, cap;

static void free_strings(fmw_function *f)
{
    free((char *)f->name); free((char *)f->prototype); free((char *)f->description);
}

static int32_t find(const uint8_t id[4], int16_t fid, int32_t is_step)
{
    for (int32_t i = 0; i < count; i++)
        if (!memcmp(entries[i].f.plugin_id, id, 4) && entries[i].f.function_id == fid &&
            entries[i].f.is_script_step == is_step)
            return i;
    return -1;
}

static char *utf8_or_empty(const void *text)
{
    const fmw_text *t = fmw_as(text, K_TEXT);
    return t ? text_to_utf8(t, 0, FMW_SIZE_END, NULL) : strdup("");
}

/* Adds or replaces a registration. errcode 0, or 1 when the arguments break the documented rules. */
static int16_t add(const void *plugin, int16_t fid, const void *name, const void *proto, const void *desc,
                   int16_t min, int16_t max, uint32_t flags, fmw_ext_fn fn, int32_t is_step, fmw_xcpt *x)
{
    xok(x);
    const fmw_quad *q = fmw_as(plugin, K_QUAD);
    const fmw_text *n = fmw_as(name, K_TEXT);
    if (!q || !n || !fn) { xfail(x, FMW_UNKNOWN); return 1; }
    if (n->len == 0 || min < 0 || (max != -1 && max < min)) return 1;
    fmw_function f = {
        .function_id = fid, .is_script_step = is_step, .min_args = min, .max_args = max, .flags = flags, .fn = fn};
    memcpy(f.plugin_id, q->c, 4);
    f.name = utf8_or_empty(name);
    f.prototype = utf8_or_empty(proto);
    f.description = utf8_or_empty(desc);
    if (!f.name || !f.prototype || !f.description) { free_strings(&f); xfail(x, FMW_BAD_ALLOC); return 1; }
    pthread_mutex_lock(&lock);
    int32_t i = find(q->c, fid, is_step);
    if (i >= 0) free_strings(&entries[i].f);
    else if (count == cap) {
        int32_t c = cap ? cap * 2 : 16;
        entry *e = realloc(entries, (size_t)c * sizeof *e);
        if (!e) { pthread_mutex_unlock(&lock); free_strings(&f); xfail(x, FMW_BAD_ALLOC); return 1; }
        entries = e; cap = c;
    }
    if (i < 0) i = count++;
    entries[i].f = f;
    pthread_mutex_unlock(&lock);
    return 0;
}

static int16_t remove_entry(const void *plugin, int16_t fid, int32_t is_step, fmw_xcpt *x)
{
    xok(x);
    const fmw_quad *q = fmw_as(plugin, K_QUAD);
    if (!q) { xfail(x, FMW_UNKNOWN); return 1; }
    pthread_mutex_lock(&lock);
    int32_t i = find(q->c, fid, is_step);
    if (i >= 0) {
        free_strings(&entries[i].f);
        memmove(&entries[i], &entries[i + 1], (size_t)(count - i - 1) * sizeof *entries);
        count--;
    }
    pthread_mutex_unlock(&lock);
    return i >= 0 ? 0 : 1;
}

/* Without a description FileMaker shows the name with underscores as spaces, and no text. */
FMW_API int16_t FM_ExprEnv_RegisterExternalFunction(const void *plugin, int16_t fid, const void *name,
                                                    const void *proto, int16_t min, int16_t max, uint32_t flags,
                                                    fmw_ext_fn fn, fmw_xcpt *x)
{
    const fmw_text *n = fmw_as(name, K_TEXT);
    fmw_text *desc = text_new();
    uint16_t *u = malloc(((size_t)(n ? n->len : 0) + 1) * 2);
    if (!desc || !u) { free(u); text_free(desc); xfail(x, FMW_BAD_ALLOC); return 1; }
    uint32_t len = 0;
    for (; n && len < n->len; len++) u[len] = n->u[len] == '_' ? ' ' : n->u[len];
    u[len++] = '|';
    bool ok = text_set(desc, u, len);
    free(u);
    if (!ok) { text_free(desc); xfail(x, FMW_BAD_ALLOC); return 1; }
    int16_t rc = add(plugin, fid, name, proto, desc, min, max, flags, fn, 0, x);
    text_free(desc);
    return rc;
}

FMW_API int16_t FM_ExprEnv_RegisterExternalFunctionEx(const void *plugin, int16_t fid, const void *name,
                                                      const void *proto, const void *desc, int16_t min, int16_t max,
                                                      uint32_t flags, fmw_ext_fn fn, fmw_xcpt *x)
{
    return add(plugin, fid, name, proto, desc, min, max, flags, fn, 0, x);
}

FMW_API int16_t FM_ExprEnv_UnRegisterExternalFunction(const void *plugin, int16_t fid, fmw_xcpt *x)
{
    return remove_entry(plugin, fid, 0, x);
}

FMW_API int16_t FM_ExprEnv_RegisterScriptStep(const void *plugin, int16_t sid, const void *name, const void *definition,
                                              const void *desc, uint32_t flags, fmw_ext_fn fn, fmw_xcpt *x)
{
    return add(plugin, sid, name, definition, desc, 0, -1, flags, fn, 1, x);
}

FMW_API int16_t FM_ExprEnv_UnRegisterScriptStep(const void *plugin, int16_t sid, fmw_xcpt *x)
{
    return remove_entry(plugin, sid, 1, x);
}

FMW_API int32_t fmw_function_count(void)
{
    pthread_mutex_lock(&lock);
    int32_t n = count;
    pthread_mutex_unlock(&lock);
    return n;
}

FMW_API int32_t fmw_function_at(int32_t index, fmw_function *out)
{
    if (!out) return -1;
    pthread_mutex_lock(&lock);
    bool ok = index >= 0 && index < count;
    if (ok) *out = entries[index].f;
    pthread_mutex_unlock(&lock);
    return ok ? 0 : -1;
}

FMW_API int32_t fmw_function_find(const char *name, fmw_function *out)
{
    if (!name || !out) return -1;
    pthread_mutex_lock(&lock);
    int32_t i = 0;
    for (; i < count; i++) if (!entries[i].f.is_script_step && !strcasecmp(entries[i].f.name, name)) break;
    bool ok = i < count;
    if (ok) *out = entries[i].f;
    pthread_mutex_unlock(&lock);
    return ok ? 0 : -1;
}
