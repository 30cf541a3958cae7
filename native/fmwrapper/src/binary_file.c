/* fmx::BinaryData: the file-shaped parts. FNAM (file name) and SIZE (image size) accessors, the constructors that
 * build a container from a file name and its bytes, and the AddBegin/AddAppend/AddFinish streaming. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "fmw_internal.h"

#define SELF(ret) xok(x); fmw_binary *b = fmw_as(self, K_BINARY); if (!b) { xfail(x, FMW_UNKNOWN); return ret; }
enum { REFUSED = 1 };
static const uint8_t FNAM[4] = {'F', 'N', 'A', 'M'}, SIZE[4] = {'S', 'I', 'Z', 'E'}, FILE_[4] = {'F', 'I', 'L', 'E'};

/* FNAM holds the file path list as UTF-8 here: only GetFNAMData/AddFNAMData read or write it, as documented. */
bool binary_file_name(const fmw_binary *b, fmw_text *out)
{
    int32_t i = binary_index(b, FNAM);
    if (i < 0) return text_set(out, NULL, 0);
    return text_set_utf8(out, (const char *)b->s[i].bytes, b->s[i].size);
}

FMW_API int16_t FM_BinaryData_GetFNAMData(const void *self, void *pathlist, fmw_xcpt *x)
{
    SELF(REFUSED);
    fmw_text *t = fmw_as(pathlist, K_TEXT);
    if (!t) { xfail(x, FMW_UNKNOWN); return REFUSED; }
    if (binary_index(b, FNAM) < 0) return REFUSED;
    if (!binary_file_name(b, t)) { xfail(x, FMW_BAD_ALLOC); return REFUSED; }
    return 0;
}

static int16_t add_name(fmw_binary *b, const fmw_text *t, fmw_xcpt *x)
{
    size_t n;
    char *s = text_to_utf8(t, 0, FMW_SIZE_END, &n);
    if (!s) { xfail(x, FMW_BAD_ALLOC); return REFUSED; }
    int32_t i = binary_add(b, FNAM, s, (uint32_t)n, false);
    free(s);
    if (i == -2) xfail(x, FMW_BAD_ALLOC);
    return i < 0 ? REFUSED : 0;
}

FMW_API int16_t FM_BinaryData_AddFNAMData(void *self, const void *pathlist, fmw_xcpt *x)
{
    SELF(REFUSED);
    const fmw_text *t = fmw_as(pathlist, K_TEXT);
    if (!t) { xfail(x, FMW_UNKNOWN); return REFUSED; }
    return add_name(b, t, x);
}

/* SIZE: height then width, big-endian 16-bit each (our own layout; read it with GetSIZEData). */
FMW_API int16_t FM_BinaryData_GetSIZEData(const void *self, int16_t *width, int16_t *height, fmw_xcpt *x)
{
    SELF(REFUSED);
    int32_t i = binary_index(b, SIZE);
    if (i < 0 || b->s[i].size < 4 || !width || !height) return REFUSED;
    const uint8_t *p = b->s[i].bytes;
    *height = (int16_t)(p[0] << 8 | p[1]);
    *width = (int16_t)(p[2] << 8 | p[3]);
    return 0;
}

static int16_t add_size(fmw_binary *b, int32_t width, int32_t height, fmw_xcpt *x)
{
    const uint8_t p[4] = { (uint8_t)(height >> 8), (uint8_t)height, (uint8_t)(width >> 8), (uint8_t)width };
    int32_t i = binary_add(b, SIZE, p, 4, false);
    if (i == -2) xfail(x, FMW_BAD_ALLOC);
    return i < 0 ? REFUSED : 0;
}

FMW_API int16_t FM_BinaryData_AddSIZEData(void *self, int16_t width, int16_t height, fmw_xcpt *x)
{
    SELF(REFUSED);
    return add_size(b, width, height, x);
}

/* The main stream type for a file name: images by extension, everything else FILE. */
static void main_type(const fmw_text *name, uint8_t type[4])
{
    char *s = text_to_utf8(name, 0, FMW_SIZE_END, NULL);
    const char *dot = s ? strrchr(s, '.') : NULL;
    memcpy(type, FILE_, 4);
    if (dot && (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"))) memcpy(type, "JPEG", 4);
    else if (dot && !strcasecmp(dot, ".png")) memcpy(type, "PNGf", 4);
    else if (dot && !strcasecmp(dot, ".gif")) memcpy(type, "GIFf", 4);
    free(s);
}

/* Width and height from a PNG, GIF or JPEG header; false when unknown. */
static bool image_size(const uint8_t type[4], const uint8_t *p, uint32_t n, int32_t *w, int32_t *h)
{
    if (!memcmp(type, "PNGf", 4) && n >= 24 && !memcmp(p + 12, "IHDR", 4)) {
        *w = (int32_t)(p[16] << 24 | p[17] << 16 | p[18] << 8 | p[19]);
        *h = (int32_t)(p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23]);
        return true;
    }
    if (!memcmp(type, "GIFf", 4) && n >= 10) { *w = p[6] | p[7] << 8; *h = p[8] | p[9] << 8; return true; }
    if (!memcmp(type, "JPEG", 4)) {
        for (uint32_t i = 2; i + 9 < n;) {
            if (p[i] != 0xFF) return false;
            uint8_t m = p[i + 1];
            uint32_t len = (uint32_t)(p[i + 2] << 8 | p[i + 3]);
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                *h = p[i + 5] << 8 | p[i + 6]; *w = p[i + 7] << 8 | p[i + 8];
                return true;
            }
            i += 2 + len;
        }
    }
    return false;
}

static void add_image_size(fmw_binary *b, int32_t main, fmw_xcpt *x)
{
    int32_t w, h;
    if (main >= 0 && memcmp(b->s[main].type, FILE_, 4) &&
        image_size(b->s[main].type, b->s[main].bytes, b->s[main].size, &w, &h))
        add_size(b, w, h, x);
}

/* "Insert from..." as FileMaker does it: FNAM, the main stream chosen by the extension, and SIZE for images. */
FMW_API fmw_binary *FM_BinaryData_Constructor3(const void *name, uint32_t amount, void *buffer, fmw_xcpt *x)
{
    xok(x);
    const fmw_text *t = fmw_as(name, K_TEXT);
    if (!t || (amount && !buffer)) { xfail(x, FMW_UNKNOWN); return NULL; }
    fmw_binary *b = binary_new();
    if (!b) { xfail(x, FMW_BAD_ALLOC); return NULL; }
    uint8_t type[4];
    main_type(t, type);
    if (add_name(b, t, x) == 0 && amount) {
        int32_t main = binary_add(b, type, buffer, amount, false);
        if (main == -2) xfail(x, FMW_BAD_ALLOC);
        add_image_size(b, main, x);
    }
    if (x && x->code) { binary_free(b); return NULL; }
    return b;
}

/* The same, with the main stream filled later through AddAppend/AddFinish on *context. */
FMW_API fmw_binary *FM_BinaryData_Constructor4(const void *name, uint32_t *context, fmw_xcpt *x)
{
    xok(x);
    const fmw_text *t = fmw_as(name, K_TEXT);
    if (!t || !context) { xfail(x, FMW_UNKNOWN); return NULL; }
    fmw_binary *b = binary_new();
    if (!b) { xfail(x, FMW_BAD_ALLOC); return NULL; }
    uint8_t type[4];
    main_type(t, type);
    int32_t i = add_name(b, t, x) == 0 ? binary_add(b, type, NULL, 0, true) : -1;
    if (i < 0) { if (!x || !x->code) xfail(x, FMW_BAD_ALLOC); binary_free(b); return NULL; }
    *context = (uint32_t)i + 1;
    return b;
}

FMW_API int16_t FM_BinaryData_AddBegin(void *self, const void *type_arg, uint32_t *context, fmw_xcpt *x)
{
    SELF(REFUSED);
    const fmw_quad *q = fmw_as(type_arg, K_QUAD);
    if (!q || !context) { xfail(x, FMW_UNKNOWN); return REFUSED; }
    int32_t i = binary_add(b, q->c, NULL, 0, true);
    if (i == -2) xfail(x, FMW_BAD_ALLOC);
    if (i < 0) return REFUSED;
    *context = (uint32_t)i + 1;
    return 0;
}

static fmw_stream *open_stream(fmw_binary *b, uint32_t context)
{
    return context >= 1 && context <= (uint32_t)b->count && b->s[context - 1].open ? &b->s[context - 1] : NULL;
}

FMW_API int16_t FM_BinaryData_AddAppend(void *self, uint32_t context, uint32_t amount, void *buffer, fmw_xcpt *x)
{
    SELF(REFUSED);
    fmw_stream *s = open_stream(b, context);
    if (!s || (amount && !buffer) || amount > 0xFFFFFFFFu - s->size) return REFUSED;
    if (s->size + amount > s->cap) {
        uint64_t cap = s->cap ? s->cap : 64;
        while (cap < (uint64_t)s->size + amount) cap *= 2;
        if (cap > 0xFFFFFFFFu) cap = 0xFFFFFFFFu;
        uint8_t *p = realloc(s->bytes, (size_t)cap);
        if (!p) { xfail(x, FMW_BAD_ALLOC); return REFUSED; }
        s->bytes = p; s->cap = (uint32_t)cap;
    }
    if (amount) memcpy(s->bytes + s->size, buffer, amount);
    s->size += amount;
    return 0;
}

FMW_API int16_t FM_BinaryData_AddFinish(void *self, uint32_t context, fmw_xcpt *x)
{
    SELF(REFUSED);
    fmw_stream *s = open_stream(b, context);
    if (!s) return REFUSED;
    s->open = 0;
    if (binary_index(b, SIZE) < 0) add_image_size(b, (int32_t)context - 1, x);
    return 0;
}
