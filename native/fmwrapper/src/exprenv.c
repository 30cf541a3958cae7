/* fmx::ExprEnv: the calculation context a function is called in. Evaluate goes to the host's calc engine. */
#include "fmw_internal.h"

#define SELF(ret) xok(x); fmw_env *e = fmw_as(self, K_ENV); if (!e) { xfail(x, FMW_UNKNOWN); return ret; }
enum { ERR_UNAVAILABLE = 3 }; /* FileMaker error 3: command is unavailable */

FMW_API fmw_env *FM_ExprEnv_Constructor1(fmw_xcpt *x) { return xmade(fmw_alloc(sizeof(fmw_env), K_ENV), x); }

FMW_API void FM_ExprEnv_Delete(void *self, fmw_xcpt *x) { fmw_delete(self, K_ENV, fmw_free, x); }

FMW_API uint64_t FM_ExprEnv_SessionID(const void *self, fmw_xcpt *x) { SELF(0); return e->session; }
FMW_API uint64_t FM_ExprEnv_FileID(const void *self, fmw_xcpt *x) { SELF(0); return e->file; }

FMW_API void fmw_env_set_ids(void *env, uint64_t session, uint64_t file)
{
    fmw_env *e = fmw_as(env, K_ENV);
    if (e) { e->session = session; e->file = file; }
}

/* The host evaluates the expression and stores the value in result; without a host: error 3. */
FMW_API int16_t FM_ExprEnv_Evaluate(const void *self, const void *expression, void *result, fmw_xcpt *x)
{
    SELF(ERR_UNAVAILABLE);
    const fmw_text *t = fmw_as(expression, K_TEXT);
    if (!t || !fmw_as(result, K_DATA)) { xfail(x, FMW_UNKNOWN); return ERR_UNAVAILABLE; }
    fmw_host host;
    if (!fmw_host_copy(&host) || !host.evaluate) return ERR_UNAVAILABLE;
    static const uint16_t none = 0;
    return host.evaluate(host.context, e, t->len ? t->u : &none, t->len, result);
}
