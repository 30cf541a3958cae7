/* fmx::Data: one FileMaker value. It keeps its native type and, ready to lend out, its text, its number
 * (GetAsNumber of the text, as FileMaker computes it), its container streams and its locale. */
#include <stdlib.h>
#include <string.h>
#include "fmw_internal.h"

#define SELF(ret) xok(x); fmw_data *d = fmw_as(self, K_DATA); if (!d) { xfail(x, FMW_UNKNOWN); return ret; }
enum { LOCALE_SYSTEM = 1 };

fmw_data *data_new(void)
{
    fmw_data *d = fmw_alloc(sizeof(fmw_data), K_DATA);
    if (!d) return NULL;
    d->text = text_new();
    d->num = fixpt_new(0, 16);
    d->bin = binary_new();
    d->locale = fmw_alloc(sizeof(fmw_locale), K_LOCALE);
    if (!d->text || !d->num || !d->bin || !d->locale) { data_free(d); return NULL; }
    d->locale->type = LOCALE_SYSTEM;
    return d;
}

void data_free(fmw_data *d)
{
    if (!d) return;
    text_free(d->text);
    fmw_free(d->num);
    binary_free(d->bin);
    fmw_free(d->locale);
    fmw_free(d);
}

bool data_copy(fmw_data *to, const fmw_data *from)
{
    if (to == from) return true;
    if (!text_set(to->text, from->text->u, from->text->len) || !binary_copy(to->bin, from->bin)) return false;
    to->native = from->native;
    to->num->v = from->num->v;
    to->num->precision = from->num->precision;
    to->locale->type = from->locale->type;
    return true;
}

static void clear(fmw_data *d, int32_t native)
{
    text_set(d->text, NULL, 0);
    d->num->v = 0;
    binary_copy(d->bin, &(fmw_binary){ K_BINARY, 0, NULL });
    d->native = native;
}

FMW_API fmw_data *FM_Data_Constructor1(fmw_xcpt *x) { return xmade(data_new(), x); }

static void release_data(void *d) { data_free(d); }
FMW_API void FM_Data_Delete(void *self, fmw_xcpt *x) { fmw_delete(self, K_DATA, release_data, x); }

FMW_API bool FM_Data_IsEmpty(const void *self, fmw_xcpt *x)
{
    SELF(true);
    return d->native == DT_BINARY ? d->bin->count == 0 : d->text->len == 0;
}

FMW_API bool FM_Data_IsValid(const void *self, fmw_xcpt *x) { SELF(false); return d->native != DT_INVALID; }
FMW_API bool FM_Data_IsFindRequest(const void *self, fmw_xcpt *x) { SELF(false); return false; }
FMW_API void FM_Data_Clear(void *self, int32_t native, fmw_xcpt *x) { SELF(); clear(d, native); }
FMW_API const fmw_text *FM_Data_GetAsText(const void *self, fmw_xcpt *x) { SELF(NULL); return d->text; }
FMW_API const fmw_fixpt *FM_Data_GetAsNumber(const void *self, fmw_xcpt *x) { SELF(NULL); return d->num; }
FMW_API bool FM_Data_GetAsBoolean(const void *self, fmw_xcpt *x) { SELF(false); return d->num->v != 0; }
FMW_API const fmw_binary *FM_Data_GetBinaryData(const void *self, fmw_xcpt *x) { SELF(NULL); return d->bin; }
FMW_API const fmw_locale *FM_Data_GetLocale(const void *self, fmw_xcpt *x) { SELF(NULL); return d->locale; }
FMW_API int32_t FM_Data_GetNativeType(const void *self, fmw_xcpt *x) { SELF(DT_INVALID); return d->native; }

FMW_API int16_t FM_Data_SetAsText(void *self, const void *text, const void *locale, int32_t native, fmw_xcpt *x)
{
    SELF(1);
    const fmw_text *t = fmw_as(text, K_TEXT);
    const fmw_locale *l = fmw_as(locale, K_LOCALE);
    if (!t || !l) { xfail(x, FMW_UNKNOWN); return 1; }
    double v;
    if (t != d->text && !text_set(d->text, t->u, t->len)) { xfail(x, FMW_BAD_ALLOC); return 1; }
    binary_copy(d->bin, &(fmw_binary){ K_BINARY, 0, NULL });
    d->native = native;
    text_to_number(d->text, &v);
    d->num->v = v;
    d->locale->type = l->type;
    return 0;
}

static bool set_number_text(fmw_data *d)
{
    char buf[512];
    number_to_text(d->num->v, d->num->precision, buf, sizeof buf);
    return text_set_utf8(d->text, buf, strlen(buf));
}

FMW_API void FM_Data_SetAsNumber(void *self, const void *number, int32_t native, fmw_xcpt *x)
{
    SELF();
    const fmw_fixpt *f = fmw_as(number, K_FIXPT);
    if (!f) { xfail(x, FMW_UNKNOWN); return; }
    double v = f->v;
    int32_t precision = f->precision;
    clear(d, native);
    d->num->v = v;
    d->num->precision = precision;
    if (!set_number_text(d)) xfail(x, FMW_BAD_ALLOC);
}

/* A container's text is its file name, as GetAsText gives it in FileMaker. */
FMW_API void FM_Data_SetBinaryData(void *self, const void *binary, bool force_binary, fmw_xcpt *x)
{
    SELF();
    const fmw_binary *b = fmw_as(binary, K_BINARY);
    if (!b) { xfail(x, FMW_UNKNOWN); return; }
    int32_t native = force_binary || d->native == DT_INVALID ? DT_BINARY : d->native;
    if (b != d->bin) clear(d, native);
    d->native = native;
    double v;
    if (!binary_copy(d->bin, b) || !binary_file_name(d->bin, d->text)) { xfail(x, FMW_BAD_ALLOC); return; }
    text_to_number(d->text, &v);
    d->num->v = v;
}

/* Text converted to a number keeps FileMaker's number text; other conversions change the type only. */
FMW_API void FM_Data_ConvertData(void *self, int32_t native, fmw_xcpt *x)
{
    SELF();
    if (native == DT_NUMBER && d->native != DT_NUMBER) {
        double v;
        bool any = text_to_number(d->text, &v);
        if (any ? !set_number_text(d) : !text_set(d->text, NULL, 0)) { xfail(x, FMW_BAD_ALLOC); return; }
    }
    d->native = native;
}
