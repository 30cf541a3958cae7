/* fmx::Text: UTF-16 text. Construction, assignment from bytes/UTF-16/wchar_t, and reading it back. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "fmw_internal.h"

/* Text::Encoding values this wrapper converts; every other encoding is read and written as Latin-1 bytes. */
enum { ENC_NATIVE = 0, ENC_UTF8 = 1 };
static bool is_utf8(int32_t enc) { return enc == ENC_NATIVE || enc == ENC_UTF8; } /* native = UTF-8 on Linux */

fmw_text *text_new(void) { return fmw_alloc(sizeof(fmw_text), K_TEXT); }

void text_free(fmw_text *t)
{
    if (!t) return;
    free(t->u);
    fmw_free(t);
}

static bool reserve(fmw_text *t, uint32_t len)
{
    if (len <= t->cap) return true;
    uint32_t cap = t->cap ? t->cap : 16;
    while (cap < len) { if (cap > 0x7FFFFFFFu) return false; cap *= 2; }
    uint16_t *u = realloc(t->u, (size_t)cap * 2);
    if (!u) return false;
    t->u = u; t->cap = cap;
    return true;
}

bool text_set(fmw_text *t, const uint16_t *u, uint32_t len)
{
    if (!reserve(t, len)) return false;
    if (len) memmove(t->u, u, (size_t)len * 2);
    t->len = len;
    return true;
}

bool text_set_utf8(fmw_text *t, const char *s, size_t len)
{
    size_t n = utf8_to_utf16((const uint8_t *)s, len, NULL);
    if (n > 0xFFFFFFF0u || !reserve(t, (uint32_t)n)) return false;
    utf8_to_utf16((const uint8_t *)s, len, t->u);
    t->len = (uint32_t)n;
    return true;
}

/* Clamps (pos, size) to the text; size may be kSize_End. */
static void clamp(const fmw_text *t, uint32_t *pos, uint32_t *size)
{
    if (*pos > t->len) *pos = t->len;
    if (*size > t->len - *pos) *size = t->len - *pos;
}

char *text_to_utf8(const fmw_text *t, uint32_t pos, uint32_t size, size_t *out_len)
{
    clamp(t, &pos, &size);
    size_t n = utf16_to_utf8(t->u + pos, size, NULL);
    char *s = malloc(n + 1);
    if (!s) return NULL;
    utf16_to_utf8(t->u + pos, size, s);
    s[n] = 0;
    if (out_len) *out_len = n;
    return s;
}

static bool assign_bytes(fmw_text *t, const char *s, size_t len, int32_t enc)
{
    if (is_utf8(enc)) return text_set_utf8(t, s, len);
    if (len > 0xFFFFFFF0u || !reserve(t, (uint32_t)len)) return false;
    for (size_t i = 0; i < len; i++) t->u[i] = (uint8_t)s[i];
    t->len = (uint32_t)len;
    return true;
}

static bool assign_wide(fmw_text *t, const wchar_t *s, size_t len)
{
    /* wchar_t is UTF-32 here (4 bytes); each code point becomes one or two UTF-16 units. */
    if (len > 0x7FFFFFF0u || !reserve(t, (uint32_t)len * 2)) return false;
    uint32_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t c = (uint32_t)s[i];
        if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF && sizeof(wchar_t) == 4)) c = 0xFFFD;
        if (c >= 0x10000) {
            t->u[n++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
            t->u[n++] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else t->u[n++] = (uint16_t)c;
    }
    t->len = n;
    return true;
}

FMW_API fmw_text *FM_Text_Constructor1(fmw_xcpt *x) { return xmade(text_new(), x); }

static void release_text(void *t) { text_free(t); }
FMW_API void FM_Text_Delete(void *self, fmw_xcpt *x) { fmw_delete(self, K_TEXT, release_text, x); }

FMW_API uint32_t FM_Text_GetSize(const void *self, fmw_xcpt *x)
{
    xok(x);
    const fmw_text *t = fmw_as(self, K_TEXT);
    if (!t) { xfail(x, FMW_UNKNOWN); return 0; }
    return t->len;
}

#define SELF_TEXT(ret) xok(x); fmw_text *t = fmw_as(self, K_TEXT); if (!t) { xfail(x, FMW_UNKNOWN); return ret; }
#define DONE(ok) if (!(ok)) xfail(x, FMW_BAD_ALLOC)

FMW_API void FM_Text_Assign(void *self, const char *s, int32_t enc, fmw_xcpt *x)
{
    SELF_TEXT();
    if (!s) { xfail(x, FMW_UNKNOWN); return; }
    DONE(assign_bytes(t, s, strlen(s), enc));
}

FMW_API void FM_Text_AssignWithLength(void *self, const char *s, uint32_t len, int32_t enc, fmw_xcpt *x)
{
    SELF_TEXT();
    if (!s && len) { xfail(x, FMW_UNKNOWN); return; }
    DONE(assign_bytes(t, s, len, enc));
}

FMW_API void FM_Text_AssignWide(void *self, const wchar_t *s, fmw_xcpt *x)
{
    SELF_TEXT();
    if (!s) { xfail(x, FMW_UNKNOWN); return; }
    DONE(assign_wide(t, s, wcslen(s)));
}

FMW_API void FM_Text_AssignWideWithLength(void *self, const wchar_t *s, uint32_t len, fmw_xcpt *x)
{
    SELF_TEXT();
    if (!s && len) { xfail(x, FMW_UNKNOWN); return; }
    DONE(assign_wide(t, s, len));
}

FMW_API void FM_Text_AssignUnicode(void *self, const uint16_t *s, fmw_xcpt *x)
{
    SELF_TEXT();
    if (!s) { xfail(x, FMW_UNKNOWN); return; }
    uint32_t n = 0;
    while (s[n]) n++;
    DONE(text_set(t, s, n));
}

FMW_API void FM_Text_AssignUnicodeWithLength(void *self, const uint16_t *s, uint32_t len, fmw_xcpt *x)
{
    SELF_TEXT();
    if (!s && len) { xfail(x, FMW_UNKNOWN); return; }
    DONE(text_set(t, s, len));
}

/* Position and size in UTF-16 units; copies without a terminating NUL. */
FMW_API void FM_Text_GetUnicode(const void *self, uint16_t *s, uint32_t pos, uint32_t size, fmw_xcpt *x)
{
    SELF_TEXT();
    if (!s) { xfail(x, FMW_UNKNOWN); return; }
    clamp(t, &pos, &size);
    if (size) memcpy(s, t->u + pos, (size_t)size * 2);
}

/* Encodes the range into buffer (at most room bytes, whole characters only); returns the bytes written. */
static uint32_t encode(const fmw_text *t, char *buffer, uint32_t room, uint32_t pos, uint32_t size, int32_t enc)
{
    clamp(t, &pos, &size);
    uint32_t n = 0;
    for (uint32_t i = pos; i < pos + size; i++) {
        uint32_t units = (t->u[i] >= 0xD800 && t->u[i] <= 0xDBFF && i + 1 < pos + size) ? 2 : 1;
        char tmp[8];
        size_t k;
        if (is_utf8(enc)) k = utf16_to_utf8(t->u + i, units, tmp);
        else { tmp[0] = t->u[i] <= 0xFF ? (char)t->u[i] : '?'; k = 1; units = 1; }
        if (n + k > room) break;
        memcpy(buffer + n, tmp, k);
        n += (uint32_t)k;
        i += units - 1;
    }
    return n;
}

FMW_API void FM_Text_GetBytes(const void *self, char *buffer, uint32_t buffersize, uint32_t pos, uint32_t size,
                              int32_t enc, fmw_xcpt *x)
{
    SELF_TEXT();
    if (!buffer || buffersize == 0) { xfail(x, FMW_UNKNOWN); return; }
    buffer[encode(t, buffer, buffersize - 1, pos, size, enc)] = 0;
}

FMW_API uint32_t FM_Text_GetBytesEx(const void *self, char *buffer, uint32_t buffersize, uint32_t pos, uint32_t size,
                                    int32_t enc, fmw_xcpt *x)
{
    SELF_TEXT(0);
    if (!buffer) { xfail(x, FMW_UNKNOWN); return 0; }
    return encode(t, buffer, buffersize, pos, size, enc);
}
