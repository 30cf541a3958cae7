/* The host's side: its callbacks, and the cStartScript / cCurrentEnv entries of FMX_ExternCallStruct. */
#include <pthread.h>
#include <string.h>
#include "fmw_internal.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static fmw_host current;
static bool installed;
static uint64_t current_session, current_file;

FMW_API void fmw_set_host(const fmw_host *host)
{
    pthread_mutex_lock(&lock);
    memset(&current, 0, sizeof current);
    installed = host != NULL;
    if (host) memcpy(&current, host, host->struct_size < sizeof current ? host->struct_size : sizeof current);
    pthread_mutex_unlock(&lock);
}

bool fmw_host_copy(fmw_host *out)
{
    pthread_mutex_lock(&lock);
    bool ok = installed;
    *out = current;
    pthread_mutex_unlock(&lock);
    return ok;
}

FMW_API void fmw_set_current_ids(uint64_t session, uint64_t file)
{
    pthread_mutex_lock(&lock);
    current_session = session; current_file = file;
    pthread_mutex_unlock(&lock);
}

enum { ERR_UNAVAILABLE = 3, ERR_PARAMETER = 960 }; /* FileMaker: 3 command unavailable, 960 parameter is invalid */

/* FMX_StartScriptCall: errcode (const Text* file, const Text* script, FMX_ScriptControl (an unsigned char),
 * const Data* parameter).
 * The host queues the start; it runs after the current script, as in FileMaker. */
static int16_t start_script(const void *file, const void *script, uint8_t control, const void *parameter)
{
    const fmw_text *f = fmw_as(file, K_TEXT), *s = fmw_as(script, K_TEXT);
    const fmw_data *p = parameter ? fmw_as(parameter, K_DATA) : NULL;
    if (!f || !s || (parameter && !p) || control > 3) return ERR_PARAMETER;
    fmw_host host;
    if (!fmw_host_copy(&host) || !host.start_script) return ERR_UNAVAILABLE;
    static const uint16_t none = 0;
    const fmw_text *pt = p ? p->text : NULL;
    return host.start_script(host.context, f->len ? f->u : &none, f->len, s->len ? s->u : &none, s->len, control,
                             pt && pt->len ? pt->u : &none, pt ? pt->len : 0);
}

/* FMX_CurrentEnvCall: errcode (ExprEnv*): fills the env for the current session and file. */
static int16_t current_env(void *env)
{
    fmw_env *e = fmw_as(env, K_ENV);
    if (!e) return ERR_PARAMETER;
    pthread_mutex_lock(&lock);
    e->session = current_session; e->file = current_file;
    pthread_mutex_unlock(&lock);
    return 0;
}

FMW_API void *fmw_start_script_proc(void) { return (void *)start_script; }
FMW_API void *fmw_current_env_proc(void) { return (void *)current_env; }

FMW_API int32_t fmw_web_viewer(const char *viewer, const char *action, const char *value)
{
    fmw_host host;
    if (!viewer || !action || !value || !fmw_host_copy(&host) || !host.web_viewer) return -1;
    return host.web_viewer(host.context, viewer, action, value);
}
