/* fmx::FixPt: a FileMaker number. Held as a double with FileMaker's precision (decimal digits, default 16), so whole
 * numbers are exact up to 2^53 (FileMaker's own FixPt is decimal and exact further). */
#include <math.h>
#include <stdint.h>
#include "fmw_internal.h"

enum { DEFAULT_PRECISION = 16 };
#define SELF(ret) xok(x); fmw_fixpt *f = fmw_as(self, K_FIXPT); if (!f) { xfail(x, FMW_UNKNOWN); return ret; }
#define THAT(ret) const fmw_fixpt *o = fmw_as(that, K_FIXPT); if (!o) { xfail(x, FMW_UNKNOWN); return ret; }

static fmw_fixpt *make(double v, int32_t precision, fmw_xcpt *x)
{
    xok(x);
    fmw_fixpt *f = fixpt_new(v, precision);
    if (!f) xfail(x, FMW_BAD_ALLOC);
    return f;
}

FMW_API fmw_fixpt *FM_FixPt_Constructor1(int32_t val, int precision, fmw_xcpt *x) { return make(val, precision, x); }

FMW_API fmw_fixpt *FM_FixPt_Constructor2(int32_t val, const void *example, fmw_xcpt *x)
{
    const fmw_fixpt *e = fmw_as(example, K_FIXPT);
    if (!e) { xfail(x, FMW_UNKNOWN); return NULL; }
    return make(val, e->precision, x);
}

FMW_API void FM_FixPt_Delete(void *self, fmw_xcpt *x) { fmw_delete(self, K_FIXPT, fmw_free, x); }

FMW_API void FM_FixPt_AssignInt(void *self, int32_t that, fmw_xcpt *x) { SELF(); f->v = that; }
FMW_API void FM_FixPt_AssignDouble(void *self, double that, fmw_xcpt *x) { SELF(); f->v = that; }
FMW_API void FM_FixPt_AssignFixPt(void *self, const void *that, fmw_xcpt *x) { SELF(); THAT(); f->v = o->v; }
FMW_API void FM_FixPt_AssignInt64(void *self, int64_t that, fmw_xcpt *x) { SELF(); f->v = (double)that; }
FMW_API void FM_FixPt_Increment(void *self, int32_t n, fmw_xcpt *x) { SELF(); f->v += n; }
FMW_API void FM_FixPt_Increment64(void *self, int64_t n, fmw_xcpt *x) { SELF(); f->v += (double)n; }
FMW_API void FM_FixPt_Decrement64(void *self, int64_t n, fmw_xcpt *x) { SELF(); f->v -= (double)n; }
FMW_API void FM_FixPt_Decrement(void *self, int32_t n, fmw_xcpt *x) { SELF(); f->v -= n; }
FMW_API void FM_FixPt_Negate(void *self, fmw_xcpt *x) { SELF(); f->v = -f->v; }
FMW_API int FM_FixPt_GetPrecision(const void *self, fmw_xcpt *x) { SELF(DEFAULT_PRECISION); return f->precision; }
FMW_API void FM_FixPt_SetPrecision(void *self, int precision, fmw_xcpt *x)
{
    SELF();
    f->precision = precision < 0 ? 0 : precision > 400 ? 400 : precision;
}

#define CMP(name, op) \
    FMW_API bool name(const void *self, const void *that, fmw_xcpt *x) \
    { \
        SELF(false); \
        THAT(false); \
        return f->v op o->v; \
    }
CMP(FM_FixPt_operatorEQ, ==)
CMP(FM_FixPt_operatorNE, !=)
CMP(FM_FixPt_operatorLT, <)
CMP(FM_FixPt_operatorLE, <=)
CMP(FM_FixPt_operatorGT, >)
CMP(FM_FixPt_operatorGE, >=)

#define ARITH(name, op) \
    FMW_API void name(const void *self, const void *that, void *result, fmw_xcpt *x) \
    { \
        SELF(); \
        THAT(); \
        fmw_fixpt *r = fmw_as(result, K_FIXPT); \
        if (!r) { \
            xfail(x, FMW_UNKNOWN); \
            return; \
        } \
        r->v = f->v op o->v; \
    }
ARITH(FM_FixPt_Add, +)
ARITH(FM_FixPt_Subtract, -)
ARITH(FM_FixPt_Multiply, *)

/* Division by zero leaves result unchanged and returns a non-zero errcode (1). */
FMW_API int16_t FM_FixPt_Divide(const void *self, const void *that, void *result, fmw_xcpt *x)
{
    SELF(0); THAT(0);
    fmw_fixpt *r = fmw_as(result, K_FIXPT);
    if (!r) { xfail(x, FMW_UNKNOWN); return 0; }
    if (o->v == 0) return 1;
    r->v = f->v / o->v;
    return 0;
}

FMW_API bool FM_FixPt_AsBool(const void *self, fmw_xcpt *x) { SELF(false); return f->v != 0; }
FMW_API double FM_FixPt_AsFloat(const void *self, fmw_xcpt *x) { SELF(0); return f->v; }

/* Truncates toward zero, saturating at the int32 range. */
FMW_API int32_t FM_FixPt_AsLong(const void *self, fmw_xcpt *x)
{
    SELF(0);
    double v = trunc(f->v);
    if (v != v) return 0;
    return v >= 2147483647.0 ? 2147483647 : v <= -2147483648.0 ? (int32_t)-2147483647 - 1 : (int32_t)v;
}

/* Truncates toward zero, saturating at the int64 range. */
FMW_API int64_t FM_FixPt_AsLong64(const void *self, fmw_xcpt *x)
{
    SELF(0);
    double v = trunc(f->v);
    if (v != v) return 0;
    return v >= 9223372036854775807.0 ? INT64_MAX : v <= -9223372036854775808.0 ? INT64_MIN : (int64_t)v;
}
