/*
 * Benchmarks of the published plugin against peers in the same run (ratios, not absolute promises):
 *   1. pb_call("Text.EncodeURLComponent") vs the same encoding written in plain C  → cost of the ABI + managed call
 *   2. HTTP GET through CURL.New/SetOptionURL/Perform/Release vs libcurl's easy API, same server, same URL
 *
 *   bench <plugin library> <url> <http requests>
 */
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pluginbridge.h"

static pb_result *(*p_call)(const char *, const pb_value *, size_t);
static void (*p_free)(pb_result *);

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static pb_value text(const char *s) { pb_value v = { PB_TEXT, s, strlen(s), NULL }; return v; }

static size_t c_encode(const char *in, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) out[n++] = *p;
        else { out[n++] = '%'; out[n++] = hex[*p >> 4]; out[n++] = hex[*p & 15]; }
    }
    out[n] = 0;
    return n;
}

static size_t discard(char *ptr, size_t size, size_t nmemb, void *user) { (void)ptr; (void)user; return size * nmemb; }

static char *call_text(const char *name, int n, const char *a, const char *b)
{
    pb_value args[2] = { text(a ? a : ""), text(b ? b : "") };
    pb_result *r = p_call(name, args, (size_t)n);
    char *s = strdup(r->value.data);
    int err = r->is_error;
    p_free(r);
    if (err) { fprintf(stderr, "%s failed: %s\n", name, s); exit(1); }
    return s;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: %s <plugin> <url> <requests>\n", argv[0]); return 2; }
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 2; }
    *(void **)&p_call = dlsym(lib, "pb_call");
    *(void **)&p_free = dlsym(lib, "pb_result_free");
    const char *url = argv[2];
    int requests = atoi(argv[3]);

    /* 1. Encoding: the article's redirect URI, 200,000 times each. */
    const char *input = "http://localhost:9999/?code=0.AXkA-Grüße&state=test";
    char out[512];
    const int rounds = 200000;
    volatile size_t sink = 0;
    double t0 = now();
    for (int i = 0; i < rounds; i++) sink += c_encode(input, out);
    double c_time = now() - t0;
    pb_value args[2] = { text(input), text("UTF-8") };
    t0 = now();
    for (int i = 0; i < rounds; i++) { pb_result *r = p_call("Text.EncodeURLComponent", args, 2); sink += r->value.size; p_free(r); }
    double pb_time = now() - t0;
    printf("encode  C: %7.0f ns/call   pb_call: %7.0f ns/call   ratio pb_call/C: %.1f\n",
           c_time / rounds * 1e9, pb_time / rounds * 1e9, pb_time / c_time);

    /* 2. HTTP GET: a new handle per request on both sides, as the article's scripts do. */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    t0 = now();
    for (int i = 0; i < requests; i++) {
        CURL *c = curl_easy_init();
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
        CURLcode rc = curl_easy_perform(c);
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_cleanup(c);
        if (rc != CURLE_OK || code != 200) { fprintf(stderr, "libcurl: %d %ld\n", rc, code); return 1; }
    }
    double libcurl_time = now() - t0;
    t0 = now();
    for (int i = 0; i < requests; i++) {
        char *h = call_text("CURL.New", 0, NULL, NULL);
        free(call_text("CURL.SetOptionURL", 2, h, url));
        free(call_text("CURL.Perform", 1, h, NULL));
        char *code = call_text("CURL.GetResponseCode", 1, h, NULL);
        if (strcmp(code, "200") != 0) { fprintf(stderr, "plugin: status %s\n", code); return 1; }
        free(code);
        free(call_text("CURL.Release", 1, h, NULL));
        free(h);
    }
    double plugin_time = now() - t0;
    printf("http    libcurl: %7.1f req/s   plugin CURL: %7.1f req/s   ratio plugin/libcurl time: %.2f  (%d requests each)\n",
           requests / libcurl_time, requests / plugin_time, plugin_time / libcurl_time, requests);
    return sink == 0;
}
