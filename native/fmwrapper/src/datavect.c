/* fmx::DataVect: the parameters of a function call, a vector of Data it owns. */
#include <stdlib.h>
#include "fmw_internal.h"

#define SELF(ret) xok(x); fmw_datavect *v = fmw_as(self, K_DATAVECT); if (!v) { xfail(x, FMW_UNKNOWN); return ret; }

FMW_API fmw_datavect *FM_DataVect_Constructor1(fmw_xcpt *x)
{
    return xmade(fmw_alloc(sizeof(fmw_datavect), K_DATAVECT), x);
}

static void clear(fmw_datavect *v)
{
    for (uint32_t i = 0; i < v->n; i++) data_free(v->items[i]);
    v->n = 0;
}

static void release_vect(void *self)
{
    fmw_datavect *v = self;
    clear(v);
    free(v->items);
    fmw_free(v);
}

FMW_API void FM_DataVect_Delete(void *self, fmw_xcpt *x) { fmw_delete(self, K_DATAVECT, release_vect, x); }

FMW_API uint32_t FM_DataVect_Size(const void *self, fmw_xcpt *x) { SELF(0); return v->n; }
FMW_API bool FM_DataVect_IsEmpty(const void *self, fmw_xcpt *x) { SELF(true); return v->n == 0; }
FMW_API void FM_DataVect_Clear(void *self, fmw_xcpt *x) { SELF(); clear(v); }

/* Stores a copy of data: the caller keeps its own object. */
FMW_API void FM_DataVect_PushBack(void *self, const void *data, fmw_xcpt *x)
{
    SELF();
    const fmw_data *from = fmw_as(data, K_DATA);
    if (!from) { xfail(x, FMW_UNKNOWN); return; }
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 8;
        fmw_data **items = realloc(v->items, (size_t)cap * sizeof *items);
        if (!items) { xfail(x, FMW_BAD_ALLOC); return; }
        v->items = items; v->cap = cap;
    }
    fmw_data *d = data_new();
    if (!d || !data_copy(d, from)) { data_free(d); xfail(x, FMW_BAD_ALLOC); return; }
    v->items[v->n++] = d;
}

/* Hands the last element to the caller, who deletes it with FM_Data_Delete. */
FMW_API fmw_data *FM_DataVect_PopBack(void *self, fmw_xcpt *x)
{
    SELF(NULL);
    if (v->n == 0) { xfail(x, FMW_UNKNOWN); return NULL; }
    return v->items[--v->n];
}

static const fmw_data *at(const void *self, uint32_t i, fmw_xcpt *x)
{
    xok(x);
    const fmw_datavect *v = fmw_as(self, K_DATAVECT);
    if (!v || i >= v->n) { xfail(x, FMW_UNKNOWN); return NULL; }
    return v->items[i];
}

FMW_API const fmw_data *FM_DataVect_At(const void *self, uint32_t i, fmw_xcpt *x) { return at(self, i, x); }

FMW_API const fmw_text *FM_DataVect_AtAsText(const void *self, uint32_t i, fmw_xcpt *x)
{
    const fmw_data *d = at(self, i, x);
    return d ? d->text : NULL;
}

FMW_API const fmw_fixpt *FM_DataVect_AtAsNumber(const void *self, uint32_t i, fmw_xcpt *x)
{
    const fmw_data *d = at(self, i, x);
    return d ? d->num : NULL;
}

FMW_API bool FM_DataVect_AtAsBoolean(const void *self, uint32_t i, fmw_xcpt *x)
{
    const fmw_data *d = at(self, i, x);
    return d ? d->num->v != 0 : false;
}

FMW_API const fmw_binary *FM_DataVect_AtAsBinaryData(const void *self, uint32_t i, fmw_xcpt *x)
{
    const fmw_data *d = at(self, i, x);
    return d ? d->bin : NULL;
}
