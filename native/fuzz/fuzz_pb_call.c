/* libFuzzer harness over pb_call: a function name and 0-3 arguments of any type and bytes, through the real
   library (dlopen'ed, as a host loads it). Every result must be well-formed: is_error 0/1, data NUL-terminated at
   size, and no crash, hang or leak of a result (each one is freed with pb_result_free).

   Input layout (so that libFuzzer's mutations reach every part):
     byte 0        argument count (mod 4)
     then          name, up to a 0xFF separator (a name of 2 bytes starting 0x01 picks registered function number
                   byte 2, so that most inputs reach a real function); each argument: a type byte (mod 4: text, number, container,
                   an invalid type) followed by its bytes, up to the next 0xFF. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pluginbridge.h"

static pb_result *(*p_call)(const char *, const pb_value *, size_t);
static void (*p_free)(pb_result *);
static void (*p_shutdown)(void);
static int32_t (*p_function_count)(void);
static int32_t (*p_function_at)(int32_t, pb_function_info *);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    const char *path = getenv("PB_PLUGIN");
    void *lib = path ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
    if (!lib) { fprintf(stderr, "set PB_PLUGIN to the plugin library (%s)\n", path ? dlerror() : "unset"); exit(2); }
    *(void **)&p_call = dlsym(lib, "pb_call");
    *(void **)&p_free = dlsym(lib, "pb_result_free");
    *(void **)&p_shutdown = dlsym(lib, "pb_shutdown");
    *(void **)&p_function_count = dlsym(lib, "pb_function_count");
    *(void **)&p_function_at = dlsym(lib, "pb_function_at");
    if (!p_call || !p_free || !p_shutdown || !p_function_count || !p_function_at) { fprintf(stderr, "missing exports\n"); exit(2); }
    return 0;
}

/* The next field: bytes up to 0xFF (or the end), copied with a terminating NUL. */
static char *field(const uint8_t **data, size_t *left, size_t *length)
{
    const uint8_t *end = memchr(*data, 0xFF, *left);
    size_t n = end ? (size_t)(end - *data) : *left;
    char *copy = malloc(n + 1);
    memcpy(copy, *data, n);
    copy[n] = 0;
    *length = n;
    *data += n + (end ? 1 : 0);
    *left -= n + (end ? 1 : 0);
    return copy;
}

/* Functions that reach outside the process (the network, files, a listener) are not called: a fuzzed URL could
   name any host, a fuzzed path any file (Trace writes one), an OAuth handle any identity provider. Everything else is called, with
   every value the fuzzer makes. */
static int reaches_outside(const char *name)
{
    static const char *const words[] = { "perform", "listen", "file", "path", "oauth", "trace", NULL };
    size_t n = strlen(name);
    char *lower = malloc(n + 1);
    for (size_t i = 0; i <= n; i++) lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] | 0x20 : name[i]);
    int found = 0;
    for (const char *const *w = words; *w && !found; w++) found = strstr(lower, *w) != NULL;
    free(lower);
    return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned runs;
    if (size == 0) return 0;
    size_t count = data[0] % 4, left = size - 1, length;
    data++;
    char *name = field(&data, &left, &length);
    if (length == 2 && (uint8_t)name[0] == 0x01) {
        pb_function_info info = { 0 };
        info.struct_size = sizeof info;
        if (p_function_at((uint8_t)name[1] % p_function_count(), &info) != PB_OK) abort();
        free(name);
        name = strdup(info.name);
    }
    if (reaches_outside(name)) { free(name); return 0; }
    /* Objects made by earlier inputs (CURL.New, WebHook.Create) are released now and then, as a host would. */
    if (++runs % 2000 == 0) p_shutdown();
    pb_value args[3];
    char *owned[3] = { 0 };
    for (size_t i = 0; i < count; i++) {
        int32_t type = left > 0 ? *data % 4 : PB_TEXT;
        if (left > 0) { data++; left--; }
        owned[i] = field(&data, &left, &length);
        args[i].type = type == 3 ? 7 : type; /* 7: a type the header does not define */
        args[i].data = owned[i];
        args[i].size = length;
        args[i].file_name = type == PB_CONTAINER ? "fuzz.bin" : NULL;
    }
    pb_result *r = p_call(name, count ? args : NULL, count);
    if (!r) abort();                                          /* NULL only when memory is exhausted */
    if (r->is_error != 0 && r->is_error != 1) abort();
    if (r->value.data == NULL || r->value.data[r->value.size] != 0) abort();
    /* A bug of ours. Only as an error: a function may return its input, and the fuzzer learns that text. */
    if (r->is_error && r->value.size >= 20 && memcmp(r->value.data, "[MBS] Internal error", 20) == 0) abort();
    p_free(r);
    for (size_t i = 0; i < count; i++) free(owned[i]);
    free(name);
    return 0;
}
