/* Object allocation with a live count, and the kind check every FM_* entry makes on its arguments. */
#include <stdlib.h>
#include "fmw_internal.h"

static int64_t live;

void *fmw_alloc(size_t size, uint32_t kind)
{
    uint32_t *obj = calloc(1, size);
    if (!obj) return NULL;
    *obj = kind;
    __atomic_add_fetch(&live, 1, __ATOMIC_RELAXED);
    return obj;
}

void fmw_free(void *obj)
{
    if (!obj) return;
    *(uint32_t *)obj = 0; /* a second delete of the same pointer then fails the kind check instead of freeing twice */
    free(obj);
    __atomic_sub_fetch(&live, 1, __ATOMIC_RELAXED);
}

void *fmw_as(const void *obj, uint32_t kind)
{
    return obj && *(const uint32_t *)obj == kind ? (void *)obj : NULL;
}

void fmw_delete(void *obj, uint32_t kind, void (*release)(void *), fmw_xcpt *x)
{
    xok(x);
    if (!obj) return;
    if (!fmw_as(obj, kind)) { xfail(x, FMW_UNKNOWN); return; }
    release(obj);
}

FMW_API int64_t fmw_live_objects(void) { return __atomic_load_n(&live, __ATOMIC_RELAXED); }
