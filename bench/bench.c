/*
 * Benchmarks of the published plugin against libcurl, loaded the same way (dlopen), in the same process and run
 * (interleaved rounds, best of N), so each row is a ratio that a busy machine cannot skew much. bench/run.sh
 * starts the servers and builds the table; each mode prints table rows or one number.
 *
 *   bench micro <plugin> <http url> <rounds>        call overhead, encoding, HTTP GET on one handle, RSS (table rows)
 *   bench cold-pb <plugin> | cold-curl              dlopen → first trivial call returned, in microseconds
 *   bench cold-split <plugin> [init]                the same in parts (µs): dlopen, runtime start-up (the first
 *                                                   export called, pb_abi_version), pb_init(NULL) when "init" is
 *                                                   given (else 0), first pb_call returned; then the total
 *   bench https-pb <plugin> <url> <ca> | https-curl <url> <ca>   dlopen → first HTTPS GET done, in microseconds
 *   bench smtp-pb <plugin> <url> <user> <token> <mail file> <count> [<ca>]   seconds for <count> mails on one
 *                                                  handle (<ca>: CURL.SetOptionCAInfo, as smtplib's cafile);
 *                                                  PB_BENCH_LATENCY=<file>: each Perform's microseconds there;
 *                                                  PB_BENCH_DEBUG=1: the first and last Perform's debug text
 *                                                  (with times) on stderr
 *
 * libcurl is declared here rather than through curl.h, so only the runtime library (libcurl4) is needed.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pluginbridge.h"

typedef void CURL;
struct curl_slist;
enum { OPT_URL = 10002, OPT_WRITEFUNCTION = 20011, OPT_CAINFO = 10065 };
#define INFO_RESPONSE_CODE 0x200002

static struct {
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    char *(*easy_escape)(CURL *, const char *, int);
    char *(*easy_unescape)(CURL *, const char *, int, int *);
    void (*free)(void *);
    int (*global_init)(long);
} lc;

static pb_result *(*p_call)(const char *, const pb_value *, size_t);
static void (*p_free)(pb_result *);

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *must(void *p, const char *what)
{
    if (!p) { fprintf(stderr, "%s: %s\n", what, dlerror()); exit(2); }
    return p;
}

static void load_curl(void)
{
    void *lib = must(dlopen("libcurl.so.4", RTLD_NOW), "libcurl.so.4");
    *(void **)&lc.easy_init = must(dlsym(lib, "curl_easy_init"), "curl_easy_init");
    *(void **)&lc.easy_setopt = must(dlsym(lib, "curl_easy_setopt"), "curl_easy_setopt");
    *(void **)&lc.easy_perform = must(dlsym(lib, "curl_easy_perform"), "curl_easy_perform");
    *(void **)&lc.easy_getinfo = must(dlsym(lib, "curl_easy_getinfo"), "curl_easy_getinfo");
    *(void **)&lc.easy_cleanup = must(dlsym(lib, "curl_easy_cleanup"), "curl_easy_cleanup");
    *(void **)&lc.easy_escape = must(dlsym(lib, "curl_easy_escape"), "curl_easy_escape");
    *(void **)&lc.easy_unescape = must(dlsym(lib, "curl_easy_unescape"), "curl_easy_unescape");
    *(void **)&lc.free = must(dlsym(lib, "curl_free"), "curl_free");
    *(void **)&lc.global_init = must(dlsym(lib, "curl_global_init"), "curl_global_init");
}

static void load_plugin(const char *path)
{
    void *lib = must(dlopen(path, RTLD_NOW), path);
    *(void **)&p_call = must(dlsym(lib, "pb_call"), "pb_call");
    *(void **)&p_free = must(dlsym(lib, "pb_result_free"), "pb_result_free");
}

static pb_value text(const char *s) { pb_value v = { PB_TEXT, s, strlen(s), NULL }; return v; }

/* A plugin call whose text result the caller frees; exits on an error result. */
static char *call(const char *name, int n, const char *a, const char *b)
{
    pb_value args[2] = { text(a ? a : ""), text(b ? b : "") };
    pb_result *r = p_call(name, args, (size_t)n);
    char *s = strdup(r->value.data ? (const char *)r->value.data : "");
    int err = r->is_error;
    p_free(r);
    if (err) { fprintf(stderr, "%s failed: %s\n", name, s); exit(1); }
    return s;
}

static void call_free(const char *name, int n, const char *a, const char *b) { free(call(name, n, a, b)); }

static size_t discard(char *ptr, size_t size, size_t nmemb, void *user) { (void)ptr; (void)user; return size * nmemb; }

static long rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) { if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0; fclose(f); }
    return resident * 4;
}

static volatile size_t sink;

/* Seconds for n plugin calls of name(args). */
static double time_pb(const char *name, const pb_value *args, size_t argc, int n)
{
    double t0 = now();
    for (int i = 0; i < n; i++) { pb_result *r = p_call(name, args, argc); sink += r->value.size; p_free(r); }
    return now() - t0;
}

static double time_escape(CURL *c, const char *input, int n)
{
    double t0 = now();
    for (int i = 0; i < n; i++) { char *e = lc.easy_escape(c, input, 0); sink += e[0]; lc.free(e); }
    return now() - t0;
}

static double time_unescape(CURL *c, const char *input, int n)
{
    double t0 = now();
    for (int i = 0; i < n; i++) { int len = 0; char *e = lc.easy_unescape(c, input, 0, &len); sink += len; lc.free(e); }
    return now() - t0;
}

#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* | benchmark | plugin | peer | ratio | goal | */
static void row(const char *what, const char *pb, const char *peer, double ratio, const char *goal)
{
    printf("| %s | %s | %s | %.2f | %s |\n", what, pb, peer, ratio, goal);
}

static int micro(const char *plugin, const char *url, int rounds)
{
    load_plugin(plugin);
    load_curl();
    lc.global_init(3);
    CURL *c = lc.easy_init();
    char a[64], b[64];

    /* Call overhead: the trivial call, and a short encode, against curl_easy_escape of the same short text. */
    const char *shortText = "http://localhost:9999/?code=0.AXkA-Grüße&state=test";
    pb_value shortArgs[2] = { text(shortText), text("UTF-8") };
    const int calls = 200000;
    double tv = 1e9, ti = 1e9, tse = 1e9, tce = 1e9;
    for (int r = 0; r < rounds; r++) {
        tv = MIN(tv, time_pb("Version", NULL, 0, calls));
        ti = MIN(ti, time_pb("IsError", NULL, 0, calls));
        tse = MIN(tse, time_pb("Text.EncodeURLComponent", shortArgs, 2, calls));
        tce = MIN(tce, time_escape(c, shortText, calls));
    }
    snprintf(a, sizeof a, "%.0f ns", tv / calls * 1e9);
    snprintf(b, sizeof b, "%.0f ns", tce / calls * 1e9);
    row("trivial call (Version) vs curl_easy_escape, short", a, b, tv / tce, "≤ 100 ns");
    snprintf(a, sizeof a, "%.0f ns", ti / calls * 1e9);
    row("trivial call (IsError) vs curl_easy_escape, short", a, b, ti / tce, "≤ 100 ns");
    snprintf(a, sizeof a, "%.0f ns", tse / calls * 1e9);
    row("short encode vs curl_easy_escape (time ratio)", a, b, tse / tce, "≤ 3");

    /* 1 KiB encode: throughput ratio (curl time / plugin time). */
    char kib[1025];
    const char *pattern = "Grüße aus Köln & München: a=1, b=2; x/y?z ";
    size_t plen = strlen(pattern), k = 0;
    while (k < 1024) { size_t n = MIN(plen, 1024 - k); memcpy(kib + k, pattern, n); k += n; }
    while (k > 0 && (kib[k - 1] & 0xC0) == 0x80) k--; /* no cut UTF-8 sequence at the end */
    if (k > 0 && (unsigned char)kib[k - 1] >= 0xC0) k--;
    kib[k] = 0;
    pb_value kibArgs[2] = { text(kib), text("UTF-8") };
    const int kcalls = 20000;
    double tpk = 1e9, tck = 1e9;
    for (int r = 0; r < rounds; r++) {
        tpk = MIN(tpk, time_pb("Text.EncodeURLComponent", kibArgs, 2, kcalls));
        tck = MIN(tck, time_escape(c, kib, kcalls));
    }
    snprintf(a, sizeof a, "%.0f MB/s", k * (double)kcalls / tpk / 1e6);
    snprintf(b, sizeof b, "%.0f MB/s", k * (double)kcalls / tck / 1e6);
    row("1 KiB encode vs curl_easy_escape (throughput)", a, b, tck / tpk, "≥ 2");

    /* 1 KiB decode: the 1 KiB text encoded (about 1.9 KiB), decoded back; throughput of the decoded bytes. */
    char *enc = call("Text.EncodeURLComponent", 2, kib, "UTF-8");
    pb_value decArgs[2] = { text(enc), text("UTF-8") };
    double tpd = 1e9, tcd = 1e9;
    for (int r = 0; r < rounds; r++) {
        tpd = MIN(tpd, time_pb("Text.DecodeURLComponent", decArgs, 2, kcalls));
        tcd = MIN(tcd, time_unescape(c, enc, kcalls));
    }
    free(enc);
    snprintf(a, sizeof a, "%.0f MB/s", k * (double)kcalls / tpd / 1e6);
    snprintf(b, sizeof b, "%.0f MB/s", k * (double)kcalls / tcd / 1e6);
    row("1 KiB decode vs curl_easy_unescape (throughput)", a, b, tcd / tpd, "");

    /* HTTP GET, one handle each (keep-alive on both sides), nginx on 127.0.0.1. */
    const int requests = 500;
    char *h = call("CURL.New", 0, NULL, NULL);
    call_free("CURL.SetOptionURL", 2, h, url);
    lc.easy_setopt(c, OPT_URL, url);
    lc.easy_setopt(c, OPT_WRITEFUNCTION, discard);
    double tph = 1e9, tch = 1e9;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        for (int i = 0; i < requests; i++) {
            call_free("CURL.Perform", 1, h, NULL);
            char *code = call("CURL.GetResponseCode", 1, h, NULL);
            if (strcmp(code, "200") != 0) { fprintf(stderr, "plugin: status %s\n", code); return 1; }
            free(code);
        }
        tph = MIN(tph, now() - t0);
        t0 = now();
        for (int i = 0; i < requests; i++) {
            long code = 0;
            int rc = lc.easy_perform(c);
            lc.easy_getinfo(c, INFO_RESPONSE_CODE, &code);
            if (rc != 0 || code != 200) { fprintf(stderr, "libcurl: %d %ld\n", rc, code); return 1; }
        }
        tch = MIN(tch, now() - t0);
    }
    call_free("CURL.Release", 1, h, NULL);
    free(h);
    snprintf(a, sizeof a, "%.0f req/s", requests / tph);
    snprintf(b, sizeof b, "%.0f req/s", requests / tch);
    row("HTTP GET, one handle vs libcurl one handle", a, b, tch / tph, "≥ 0.8");

    /* RSS: after 10 k and after 1 M calls (the short encode). */
    for (int i = 0; i < 10000; i++) { pb_result *r = p_call("Text.EncodeURLComponent", shortArgs, 2); p_free(r); }
    long rss10k = rss_kib();
    for (int i = 10000; i < 1000000; i++) { pb_result *r = p_call("Text.EncodeURLComponent", shortArgs, 2); p_free(r); }
    long rss1m = rss_kib();
    snprintf(a, sizeof a, "%.1f MB", rss1m / 1024.0);
    snprintf(b, sizeof b, "%.1f MB at 10 k", rss10k / 1024.0);
    row("RSS after 1 M calls (ratio: growth from 10 k)", a, b, (double)rss1m / rss10k, "≤ 40 MB, ≤ 1.05");
    lc.easy_cleanup(c);
    return sink == 0;
}

static int cold_pb(const char *plugin)
{
    double t0 = now();
    load_plugin(plugin);
    call_free("Version", 0, NULL, NULL);
    printf("%.0f\n", (now() - t0) * 1e6);
    return 0;
}

/* Where a cold start goes: dlopen, the runtime starting on the first export called, the first pb_call. */
static int cold_split(const char *plugin, int init)
{
    double t0 = now();
    void *lib = must(dlopen(plugin, RTLD_NOW), plugin);
    double t1 = now();
    unsigned (*abi)(void) = NULL;
    int (*p_init)(const pb_host *) = NULL;
    *(void **)&abi = must(dlsym(lib, "pb_abi_version"), "pb_abi_version");
    *(void **)&p_init = must(dlsym(lib, "pb_init"), "pb_init");
    *(void **)&p_call = must(dlsym(lib, "pb_call"), "pb_call");
    *(void **)&p_free = must(dlsym(lib, "pb_result_free"), "pb_result_free");
    sink += abi();
    double t2 = now();
    if (init && p_init(NULL) != PB_OK) { fprintf(stderr, "pb_init failed\n"); return 1; }
    double t3 = now();
    call_free("Version", 0, NULL, NULL);
    double t4 = now();
    printf("%.0f %.0f %.0f %.0f %.0f\n", (t1 - t0) * 1e6, (t2 - t1) * 1e6, (t3 - t2) * 1e6, (t4 - t3) * 1e6,
           (t4 - t0) * 1e6);
    return 0;
}

static int cold_curl(void)
{
    double t0 = now();
    load_curl();
    lc.global_init(3);
    CURL *c = lc.easy_init();
    char *e = lc.easy_escape(c, "a b", 0);
    lc.free(e);
    printf("%.0f\n", (now() - t0) * 1e6);
    return 0;
}

static int https_pb(const char *plugin, const char *url, const char *ca)
{
    double t0 = now();
    load_plugin(plugin);
    char *h = call("CURL.New", 0, NULL, NULL);
    call_free("CURL.SetOptionURL", 2, h, url);
    if (*ca) call_free("CURL.SetOptionCAInfo", 2, h, ca);
    call_free("CURL.Perform", 1, h, NULL);
    char *code = call("CURL.GetResponseCode", 1, h, NULL);
    if (strcmp(code, "200") != 0) { fprintf(stderr, "plugin https: status %s\n", code); return 1; }
    printf("%.0f\n", (now() - t0) * 1e6);
    return 0;
}

static int https_curl(const char *url, const char *ca)
{
    double t0 = now();
    load_curl();
    lc.global_init(3);
    CURL *c = lc.easy_init();
    lc.easy_setopt(c, OPT_URL, url);
    lc.easy_setopt(c, OPT_WRITEFUNCTION, discard);
    if (*ca) lc.easy_setopt(c, OPT_CAINFO, ca);
    long code = 0;
    int rc = lc.easy_perform(c);
    lc.easy_getinfo(c, INFO_RESPONSE_CODE, &code);
    if (rc != 0 || code != 200) { fprintf(stderr, "libcurl https: %d %ld\n", rc, code); return 1; }
    printf("%.0f\n", (now() - t0) * 1e6);
    return 0;
}

/* The last Perform's debug text on stderr, one line per line (the plugin ends lines with CR). */
static void debug_text(const char *h)
{
    char *d = call("CURL.GetDebugMessages", 1, h, NULL);
    for (char *c = d; *c; c++) if (*c == '\r') *c = '\n';
    fprintf(stderr, "%s\n", d);
    free(d);
}

/* count mails through one CURL handle, as a FileMaker script with the handle in a global variable would. */
static int smtp_pb(const char *plugin, const char *url, const char *user, const char *token, const char *file,
                   int count, const char *ca)
{
    load_plugin(plugin);
    FILE *f = fopen(file, "rb");
    if (!f) { perror(file); return 2; }
    static char mail[65536];
    size_t n = fread(mail, 1, sizeof mail - 1, f);
    fclose(f);
    mail[n] = 0;
    char from[256];
    snprintf(from, sizeof from, "<%s>", user);
    /* The clock starts once the plug-in answers (the cold-start row measures that part), as smtplib's starts
       after Python and its modules are loaded: both figures are connect, TLS, login and the mails. */
    call_free("Version", 0, NULL, NULL);
    double t0 = now();
    char *h = call("CURL.New", 0, NULL, NULL);
    call_free("CURL.SetOptionURL", 2, h, url);
    call_free("CURL.SetOptionUseSSL", 2, h, "3");
    if (ca && *ca) call_free("CURL.SetOptionCAInfo", 2, h, ca);
    call_free("CURL.SetOptionUserName", 2, h, user);
    call_free("CURL.SetOptionXOAuth2Bearer", 2, h, token);
    call_free("CURL.SetOptionMailFrom", 2, h, from);
    call_free("CURL.SetOptionMailRecipients", 2, h, from);
    call_free("CURL.SetOptionUpload", 2, h, "1");
    call_free("CURL.SetInputText", 2, h, mail);
    if (getenv("PB_BENCH_DEBUG")) call_free("CURL.SetDebugWithTime", 2, h, "1");
    if (getenv("PB_BENCH_QUIET")) call_free("CURL.SetOptionVerbose", 2, h, "0");
    FILE *lat = getenv("PB_BENCH_LATENCY") ? fopen(getenv("PB_BENCH_LATENCY"), "w") : NULL;
    for (int i = 0; i < count; i++) {
        double m0 = lat ? now() : 0;
        call_free("CURL.Perform", 1, h, NULL);
        if (lat) fprintf(lat, "%.0f\n", (now() - m0) * 1e6);
        if (i == 0 && count > 1 && getenv("PB_BENCH_DEBUG")) debug_text(h);
    }
    if (lat) fclose(lat);
    if (getenv("PB_BENCH_DEBUG")) debug_text(h);
    call_free("CURL.Release", 1, h, NULL);
    printf("%.4f\n", now() - t0);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "micro") && argc == 5) return micro(argv[2], argv[3], atoi(argv[4]));
    if (!strcmp(mode, "cold-pb") && argc == 3) return cold_pb(argv[2]);
    if (!strcmp(mode, "cold-curl") && argc == 2) return cold_curl();
    if (!strcmp(mode, "cold-split") && (argc == 3 || argc == 4)) return cold_split(argv[2], argc == 4);
    if (!strcmp(mode, "https-pb") && argc == 5) return https_pb(argv[2], argv[3], argv[4]);
    if (!strcmp(mode, "https-curl") && argc == 4) return https_curl(argv[2], argv[3]);
    if (!strcmp(mode, "smtp-pb") && (argc == 8 || argc == 9))
        return smtp_pb(argv[2], argv[3], argv[4], argv[5], argv[6], atoi(argv[7]), argc == 9 ? argv[8] : NULL);
    fprintf(stderr, "usage: see the comment at the top of bench/bench.c\n");
    return 2;
}
