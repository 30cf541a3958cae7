/* fmx::QuadChar (four bytes, e.g. a plug-in ID or a stream type) and fmx::Locale (a sort/format locale type). */
#include <string.h>
#include "fmw_internal.h"

#define SELF(ret) xok(x); fmw_quad *q = fmw_as(self, K_QUAD); if (!q) { xfail(x, FMW_UNKNOWN); return ret; }
#define VALUE(ret) const fmw_quad *v = fmw_as(value, K_QUAD); if (!v) { xfail(x, FMW_UNKNOWN); return ret; }

static fmw_quad *make(const uint8_t c[4], fmw_xcpt *x)
{
    xok(x);
    fmw_quad *q = fmw_alloc(sizeof(fmw_quad), K_QUAD);
    if (!q) { xfail(x, FMW_BAD_ALLOC); return NULL; }
    memcpy(q->c, c, 4);
    return q;
}

FMW_API fmw_quad *FM_QuadChar_Constructor1(fmw_xcpt *x) { static const uint8_t zero[4]; return make(zero, x); }

FMW_API fmw_quad *FM_QuadChar_Constructor2(char c0, char c1, char c2, char c3, fmw_xcpt *x)
{
    const uint8_t c[4] = { (uint8_t)c0, (uint8_t)c1, (uint8_t)c2, (uint8_t)c3 };
    return make(c, x);
}

FMW_API fmw_quad *FM_QuadChar_Constructor3(const void *value, fmw_xcpt *x)
{
    const fmw_quad *v = fmw_as(value, K_QUAD);
    if (!v) { xfail(x, FMW_UNKNOWN); return NULL; }
    return make(v->c, x);
}

FMW_API void FM_QuadChar_Delete(void *self, fmw_xcpt *x) { fmw_delete(self, K_QUAD, fmw_free, x); }

FMW_API const fmw_quad *FM_QuadChar_operatorAS(void *self, const void *value, fmw_xcpt *x)
{
    SELF(NULL); VALUE(NULL);
    memmove(q->c, v->c, 4);
    return q;
}

FMW_API uint8_t FM_QuadChar_operatorAR(void *self, int i, fmw_xcpt *x)
{
    SELF(0);
    if (i < 0 || i > 3) { xfail(x, FMW_UNKNOWN); return 0; }
    return q->c[i];
}

FMW_API uint8_t FM_QuadChar_operatorCAR(const void *self, int i, fmw_xcpt *x)
{
    return FM_QuadChar_operatorAR((void *)self, i, x);
}

static uint32_t mac_type(const fmw_quad *q)
{
    return (uint32_t)q->c[0] << 24 | (uint32_t)q->c[1] << 16 | (uint32_t)q->c[2] << 8 | q->c[3];
}

FMW_API uint32_t FM_QuadChar_GetMacType(const void *self, fmw_xcpt *x) { SELF(0); return mac_type(q); }

FMW_API void FM_QuadChar_SetMacType(void *self, uint32_t value, fmw_xcpt *x)
{
    SELF();
    q->c[0] = (uint8_t)(value >> 24);
    q->c[1] = (uint8_t)(value >> 16);
    q->c[2] = (uint8_t)(value >> 8);
    q->c[3] = (uint8_t)value;
}

#define CMP(name, op) \
    FMW_API bool name(const void *self, const void *value, fmw_xcpt *x) \
    { \
        SELF(false); \
        VALUE(false); \
        return mac_type(q) op mac_type(v); \
    }
CMP(FM_QuadChar_operatorEQ, ==)
CMP(FM_QuadChar_operatorNE, !=)
CMP(FM_QuadChar_operatorLT, <)
CMP(FM_QuadChar_operatorLE, <=)
CMP(FM_QuadChar_operatorGT, >)
CMP(FM_QuadChar_operatorGE, >=)

/* ---- Locale ---- */

FMW_API fmw_locale *FM_Locale_Constructor1(int32_t type, fmw_xcpt *x)
{
    xok(x);
    fmw_locale *l = fmw_alloc(sizeof(fmw_locale), K_LOCALE);
    if (!l) { xfail(x, FMW_BAD_ALLOC); return NULL; }
    l->type = type;
    return l;
}

FMW_API fmw_locale *FM_Locale_Constructor2(const void *other, fmw_xcpt *x)
{
    const fmw_locale *o = fmw_as(other, K_LOCALE);
    if (!o) { xfail(x, FMW_UNKNOWN); return NULL; }
    return FM_Locale_Constructor1(o->type, x);
}

FMW_API fmw_locale *FM_Locale_operatorAS(void *self, const void *rhs, fmw_xcpt *x)
{
    xok(x);
    fmw_locale *l = fmw_as(self, K_LOCALE);
    const fmw_locale *o = fmw_as(rhs, K_LOCALE);
    if (!l || !o) { xfail(x, FMW_UNKNOWN); return NULL; }
    l->type = o->type;
    return l;
}

FMW_API void FM_Locale_Delete(void *self, fmw_xcpt *x) { fmw_delete(self, K_LOCALE, fmw_free, x); }
