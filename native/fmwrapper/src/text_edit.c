/* fmx::Text: editing, searching, case and comparison. Comparisons use the raw UTF-16 values, as documented. */
#include <stdlib.h>
#include <string.h>
#include "fmw_internal.h"

#define SELF_TEXT(ret) xok(x); fmw_text *t = fmw_as(self, K_TEXT); if (!t) { xfail(x, FMW_UNKNOWN); return ret; }
#define OTHER_TEXT(ret) const fmw_text *o = fmw_as(other, K_TEXT); if (!o) { xfail(x, FMW_UNKNOWN); return ret; }

static void clamp(uint32_t len, uint32_t *pos, uint32_t *size)
{
    if (*pos > len) *pos = len;
    if (*size > len - *pos) *size = len - *pos;
}

/* Replaces t[at, at+remove) with o[pos, pos+size). Works when t and o are the same object. */
static bool splice(fmw_text *t, uint32_t at, uint32_t remove, const fmw_text *o, uint32_t pos, uint32_t size)
{
    clamp(o->len, &pos, &size);
    clamp(t->len, &at, &remove);
    uint16_t *copy = NULL;
    if (size) {
        copy = malloc((size_t)size * 2);
        if (!copy) return false;
        memcpy(copy, o->u + pos, (size_t)size * 2);
    }
    uint64_t len = (uint64_t)t->len - remove + size;
    bool ok = len < 0xFFFFFFF0u;
    if (ok) {
        uint16_t *u = malloc(len ? (size_t)len * 2 : 2);
        ok = u != NULL;
        if (ok) {
            if (at) memcpy(u, t->u, (size_t)at * 2);
            if (size) memcpy(u + at, copy, (size_t)size * 2);
            if (t->len - at - remove) memcpy(u + at + size, t->u + at + remove, (size_t)(t->len - at - remove) * 2);
            free(t->u);
            t->u = u; t->len = (uint32_t)len; t->cap = (uint32_t)(len ? len : 1);
        }
    }
    free(copy);
    return ok;
}

FMW_API void FM_Text_SetText(void *self, const void *other, uint32_t pos, uint32_t size, fmw_xcpt *x)
{
    SELF_TEXT(); OTHER_TEXT();
    if (!splice(t, 0, t->len, o, pos, size)) xfail(x, FMW_BAD_ALLOC);
}

FMW_API void FM_Text_AppendText(void *self, const void *other, uint32_t pos, uint32_t size, fmw_xcpt *x)
{
    SELF_TEXT(); OTHER_TEXT();
    if (!splice(t, t->len, 0, o, pos, size)) xfail(x, FMW_BAD_ALLOC);
}

FMW_API void FM_Text_InsertText(void *self, const void *other, uint32_t pos, fmw_xcpt *x)
{
    SELF_TEXT(); OTHER_TEXT();
    if (!splice(t, pos, 0, o, 0, FMW_SIZE_END)) xfail(x, FMW_BAD_ALLOC);
}

FMW_API void FM_Text_DeleteText(void *self, uint32_t pos, uint32_t size, fmw_xcpt *x)
{
    SELF_TEXT();
    static const fmw_text empty = { K_TEXT, NULL, 0, 0 };
    if (!splice(t, pos, size, &empty, 0, 0)) xfail(x, FMW_BAD_ALLOC);
}

/* Simple case mapping (ASCII, Latin-1, Greek, Cyrillic): enough for identifiers and most user text. */
static uint16_t lower(uint16_t c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB && c != 0x3A2) ||
        (c >= 0x410 && c <= 0x42F))
        return (uint16_t)(c + 32);
    if (c >= 0x400 && c <= 0x40F) return (uint16_t)(c + 80);
    return c;
}

static uint16_t upper(uint16_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F))
        return (uint16_t)(c - 32);
    if (c >= 0x450 && c <= 0x45F) return (uint16_t)(c - 80);
    return c;
}

static bool match_at(const fmw_text *t, const fmw_text *o, uint32_t i, bool fold)
{
    for (uint32_t k = 0; k < o->len; k++) {
        uint16_t a = t->u[i + k], b = o->u[k];
        if (fold ? lower(a) != lower(b) : a != b) return false;
    }
    return true;
}

/* Forward from pos, or backward from pos (a match may start at pos at most); kSize_Invalid when absent. */
static uint32_t find(const fmw_text *t, const fmw_text *o, uint32_t pos, bool backward, bool fold)
{
    if (o->len > t->len) return FMW_SIZE_END;
    uint32_t last = t->len - o->len;
    if (!backward) {
        for (uint32_t i = pos; i <= last && pos <= last; i++) if (match_at(t, o, i, fold)) return i;
        return FMW_SIZE_END;
    }
    for (uint32_t i = pos < last ? pos : last;; i--) {
        if (match_at(t, o, i, fold)) return i;
        if (i == 0) break;
    }
    return FMW_SIZE_END;
}

#define FIND(name, backward, fold) \
    FMW_API uint32_t name(const void *self, const void *other, uint32_t pos, fmw_xcpt *x) \
    { SELF_TEXT(FMW_SIZE_END); OTHER_TEXT(FMW_SIZE_END); return find(t, o, pos, backward, fold); }
FIND(FM_Text_Find, false, false)
FIND(FM_Text_FindPrev, true, false)
FIND(FM_Text_FindIgnoringCase, false, true)
FIND(FM_Text_FindPrevIgnoringCase, true, true)

/* The header declares self const, yet both change the text. */
FMW_API void FM_Text_Uppercase(const void *self, fmw_xcpt *x)
{
    SELF_TEXT();
    for (uint32_t i = 0; i < t->len; i++) t->u[i] = upper(t->u[i]);
}

FMW_API void FM_Text_Lowercase(const void *self, fmw_xcpt *x)
{
    SELF_TEXT();
    for (uint32_t i = 0; i < t->len; i++) t->u[i] = lower(t->u[i]);
}

int text_compare(const fmw_text *a, const fmw_text *b)
{
    uint32_t n = a->len < b->len ? a->len : b->len;
    for (uint32_t i = 0; i < n; i++) if (a->u[i] != b->u[i]) return a->u[i] < b->u[i] ? -1 : 1;
    return a->len == b->len ? 0 : a->len < b->len ? -1 : 1;
}

#define CMP(name, op) \
    FMW_API bool name(const void *self, const void *other, fmw_xcpt *x) \
    { SELF_TEXT(false); OTHER_TEXT(false); return text_compare(t, o) op 0; }
CMP(FM_Text_operatorEQ, ==)
CMP(FM_Text_operatorNE, !=)
CMP(FM_Text_operatorLT, <)
CMP(FM_Text_operatorLE, <=)
CMP(FM_Text_operatorGT, >)
CMP(FM_Text_operatorGE, >=)
