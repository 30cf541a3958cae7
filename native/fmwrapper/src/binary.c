/* fmx::BinaryData: a container value, a list of typed streams ("FILE", "FNAM", "JPEG", "SIZE", ...).
 * At most one stream per type, none empty, as the documentation asks. */
#include <stdlib.h>
#include <string.h>
#include "fmw_internal.h"

#define SELF(ret) xok(x); fmw_binary *b = fmw_as(self, K_BINARY); if (!b) { xfail(x, FMW_UNKNOWN); return ret; }
#define QUAD(q, ret) const fmw_quad *q = fmw_as(q##_arg, K_QUAD); if (!q) { xfail(x, FMW_UNKNOWN); return ret; }
enum { REFUSED = 1 }; /* errcode for a request the documented rules forbid (duplicate type, empty stream, bad index) */

fmw_binary *binary_new(void) { return fmw_alloc(sizeof(fmw_binary), K_BINARY); }

static void clear(fmw_binary *b)
{
    for (int32_t i = 0; i < b->count; i++) free(b->s[i].bytes);
    free(b->s);
    b->s = NULL; b->count = 0;
}

void binary_free(fmw_binary *b)
{
    if (!b) return;
    clear(b);
    fmw_free(b);
}

bool binary_copy(fmw_binary *to, const fmw_binary *from)
{
    if (to == from) return true;
    fmw_stream *s = from->count ? calloc((size_t)from->count, sizeof *s) : NULL;
    if (from->count && !s) return false;
    for (int32_t i = 0; i < from->count; i++) {
        s[i] = from->s[i];
        s[i].cap = s[i].size;
        s[i].bytes = malloc(s[i].size ? s[i].size : 1);
        if (!s[i].bytes) { for (int32_t j = 0; j < i; j++) free(s[j].bytes); free(s); return false; }
        memcpy(s[i].bytes, from->s[i].bytes, s[i].size);
    }
    clear(to);
    to->s = s; to->count = from->count;
    return true;
}

int32_t binary_index(const fmw_binary *b, const uint8_t type[4])
{
    for (int32_t i = 0; i < b->count; i++) if (memcmp(b->s[i].type, type, 4) == 0) return i;
    return -1;
}

/* Appends a stream of that type (which must be new); returns its index, -1 when refused, -2 out of memory. */
int32_t binary_add(fmw_binary *b, const uint8_t type[4], const void *bytes, uint32_t size, bool open)
{
    if (binary_index(b, type) >= 0 || (!open && size == 0) || (size && !bytes)) return -1;
    fmw_stream *s = realloc(b->s, (size_t)(b->count + 1) * sizeof *s);
    if (!s) return -2;
    b->s = s;
    fmw_stream *n = &s[b->count];
    memset(n, 0, sizeof *n);
    memcpy(n->type, type, 4);
    n->open = open;
    n->bytes = malloc(size ? size : 1);
    if (!n->bytes) return -2;
    if (size) memcpy(n->bytes, bytes, size);
    n->size = n->cap = size;
    return b->count++;
}

FMW_API fmw_binary *FM_BinaryData_Constructor1(fmw_xcpt *x) { return xmade(binary_new(), x); }

FMW_API fmw_binary *FM_BinaryData_Constructor2(const void *source, fmw_xcpt *x)
{
    xok(x);
    const fmw_binary *from = fmw_as(source, K_BINARY);
    if (!from) { xfail(x, FMW_UNKNOWN); return NULL; }
    fmw_binary *b = binary_new();
    if (!b || !binary_copy(b, from)) { binary_free(b); xfail(x, FMW_BAD_ALLOC); return NULL; }
    return b;
}

static void release_binary(void *b) { binary_free(b); }
FMW_API void FM_BinaryData_Delete(void *self, fmw_xcpt *x) { fmw_delete(self, K_BINARY, release_binary, x); }

FMW_API fmw_binary *FM_BinaryData_operatorAS(void *self, const void *source, fmw_xcpt *x)
{
    SELF(NULL);
    const fmw_binary *from = fmw_as(source, K_BINARY);
    if (!from) { xfail(x, FMW_UNKNOWN); return NULL; }
    if (!binary_copy(b, from)) xfail(x, FMW_BAD_ALLOC);
    return b;
}

static bool equal(const fmw_binary *a, const fmw_binary *b)
{
    if (a->count != b->count) return false;
    for (int32_t i = 0; i < a->count; i++) {
        int32_t j = binary_index(b, a->s[i].type);
        if (j < 0 || a->s[i].size != b->s[j].size || memcmp(a->s[i].bytes, b->s[j].bytes, a->s[i].size) != 0)
            return false;
    }
    return true;
}

FMW_API bool FM_BinaryData_operatorEQ(const void *self, const void *other, fmw_xcpt *x)
{
    SELF(false);
    const fmw_binary *o = fmw_as(other, K_BINARY);
    if (!o) { xfail(x, FMW_UNKNOWN); return false; }
    return equal(b, o);
}

FMW_API bool FM_BinaryData_operatorNE(const void *self, const void *other, fmw_xcpt *x)
{
    bool eq = FM_BinaryData_operatorEQ(self, other, x);
    return x && x->code ? false : !eq;
}

FMW_API int32_t FM_BinaryData_GetCount(const void *self, fmw_xcpt *x) { SELF(0); return b->count; }

FMW_API int32_t FM_BinaryData_GetIndex(const void *self, const void *type_arg, fmw_xcpt *x)
{
    SELF(-1); QUAD(type, -1);
    return binary_index(b, type->c);
}

FMW_API uint32_t FM_BinaryData_GetTotalSize(const void *self, fmw_xcpt *x)
{
    SELF(0);
    uint64_t total = 0;
    for (int32_t i = 0; i < b->count; i++) total += b->s[i].size;
    return total > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)total;
}

FMW_API void FM_BinaryData_GetType(const void *self, int32_t index, void *type_out, fmw_xcpt *x)
{
    SELF();
    fmw_quad *q = fmw_as(type_out, K_QUAD);
    if (!q || index < 0 || index >= b->count) { xfail(x, FMW_UNKNOWN); return; }
    memcpy(q->c, b->s[index].type, 4);
}

FMW_API uint32_t FM_BinaryData_GetSize(const void *self, int32_t index, fmw_xcpt *x)
{
    SELF(0);
    if (index < 0 || index >= b->count) { xfail(x, FMW_UNKNOWN); return 0; }
    return b->s[index].size;
}

FMW_API int16_t FM_BinaryData_GetData(const void *self, int32_t index, uint32_t offset, uint32_t amount, void *buffer,
                                      fmw_xcpt *x)
{
    SELF(REFUSED);
    if (index < 0 || index >= b->count || !buffer) return REFUSED;
    const fmw_stream *s = &b->s[index];
    if (offset > s->size || amount > s->size - offset) return REFUSED;
    if (amount) memcpy(buffer, s->bytes + offset, amount);
    return 0;
}

FMW_API int16_t FM_BinaryData_Add(void *self, const void *type_arg, uint32_t amount, void *buffer, fmw_xcpt *x)
{
    SELF(REFUSED); QUAD(type, REFUSED);
    int32_t i = binary_add(b, type->c, buffer, amount, false);
    if (i == -2) xfail(x, FMW_BAD_ALLOC);
    return i < 0 ? REFUSED : 0;
}

FMW_API bool FM_BinaryData_Remove(void *self, const void *type_arg, fmw_xcpt *x)
{
    SELF(false); QUAD(type, false);
    int32_t i = binary_index(b, type->c);
    if (i < 0) return false;
    free(b->s[i].bytes);
    memmove(&b->s[i], &b->s[i + 1], (size_t)(b->count - i - 1) * sizeof *b->s);
    b->count--;
    return true;
}

FMW_API void FM_BinaryData_RemoveAll(void *self, fmw_xcpt *x) { SELF(); clear(b); }
