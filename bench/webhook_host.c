/*
 * A minimal host for WebHook benchmarks, through the published library's C ABI only.
 *
 *   webhook_host <plugin> serve <port> <keep-alive 0|1> <seconds> <idle ms>
 *       Listens on 127.0.0.1:<port> (default auto-answer, or its keep-alive variant), calls pb_idle every <idle ms>
 *       and releases every WebRequest whose script start it receives, as a script would. Stops after <seconds>
 *       or on SIGTERM; prints how many script starts it received.
 *   webhook_host <plugin> latency <idle ms> <requests> [wake]
 *       Sends <requests> one after another from a client thread (loopback, 0-2 ms apart) and prints the time from
 *       sending a request to its script start inside pb_idle: p50, p99, max. With "wake" the host gives pb_host's
 *       wake callback and waits on an eventfd (at most <idle ms>) instead of sleeping <idle ms>.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pluginbridge.h"

static int32_t (*p_init)(const pb_host *);
static pb_result *(*p_call)(const char *, const pb_value *, size_t);
static void (*p_free)(pb_result *);
static int32_t (*p_idle)(void);
static void (*p_shutdown)(void);

static volatile sig_atomic_t stopping;
static void on_term(int sig) { (void)sig; stopping = 1; }

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void sleep_ms(double ms)
{
    struct timespec t = { (time_t)(ms / 1000), (long)((ms - (time_t)(ms / 1000) * 1000) * 1e6) };
    nanosleep(&t, NULL);
}

static pb_value text(const char *s) { pb_value v = { PB_TEXT, s, strlen(s), NULL }; return v; }

/* Calls name(args...) and returns the result text (caller frees); exits on an error result. */
static char *call(const char *name, int n, const char *a, const char *b, const char *c)
{
    pb_value args[3] = { text(a ? a : ""), text(b ? b : ""), text(c ? c : "") };
    pb_result *r = p_call(name, args, (size_t)n);
    char *s = strdup(r->value.data);
    int err = r->is_error;
    p_free(r);
    if (err) { fprintf(stderr, "%s failed: %s\n", name, s); exit(1); }
    return s;
}

/* Script starts received inside pb_idle: the WebRequest number and when the start arrived. */
#define MAX_STARTS 65536
static char starts[MAX_STARTS][24];
static double start_times[MAX_STARTS];
static int start_count;
static long total_starts;

static int32_t start_script(void *ctx, const char *file, const char *script, const char *param, int32_t control)
{
    (void)ctx; (void)file; (void)script; (void)control;
    if (start_count < MAX_STARTS) {
        snprintf(starts[start_count], sizeof starts[0], "%s", param);
        start_times[start_count++] = now();
    }
    total_starts++;
    return 0;
}

static int32_t web_viewer(void *ctx, const char *v, const char *a, const char *u) { (void)ctx; (void)v; (void)a; (void)u; return 1; }

/* wake: called on the library's threads; the idle loop waits on this eventfd. */
static int wake_fd = -1;
static void wake(void *ctx)
{
    (void)ctx;
    uint64_t one = 1;
    if (write(wake_fd, &one, sizeof one) < 0) { /* the counter is full: the host is awake anyway */ }
}

/* Waits up to ms for a wake (or just sleeps when the host gave no wake callback). */
static void wait_ms(double ms)
{
    if (wake_fd < 0) { sleep_ms(ms); return; }
    struct pollfd p = { wake_fd, POLLIN, 0 };
    if (poll(&p, 1, (int)(ms + 0.999)) > 0) {
        uint64_t n;
        if (read(wake_fd, &n, sizeof n) < 0) { }
    }
}

static void load(const char *path, int with_wake)
{
    void *lib = dlopen(path, RTLD_NOW);
    if (!lib) { fprintf(stderr, "%s\n", dlerror()); exit(2); }
    *(void **)&p_init = dlsym(lib, "pb_init");
    *(void **)&p_call = dlsym(lib, "pb_call");
    *(void **)&p_free = dlsym(lib, "pb_result_free");
    *(void **)&p_idle = dlsym(lib, "pb_idle");
    *(void **)&p_shutdown = dlsym(lib, "pb_shutdown");
    static pb_host host = { .struct_size = sizeof(pb_host), .abi_version = PB_ABI_VERSION,
                            .start_script = start_script, .web_viewer = web_viewer };
    if (with_wake) { wake_fd = eventfd(0, EFD_CLOEXEC); host.wake = wake; }
    if (p_init(&host) != PB_OK) { fprintf(stderr, "pb_init failed\n"); exit(2); }
}

static char *listen_hook(const char *port, int keep_alive)
{
    char *hook = call("WebHook.Create", 0, NULL, NULL, NULL);
    if (keep_alive)
        free(call("WebHook.SetAutoAnswer", 2, hook,
                  "HTTP/1.1 200 OK\r\nServer: MBS Plugin\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", NULL));
    free(call("WebHook.SetScript", 3, hook, "bench", "Received"));
    pb_value args[4] = { text(hook), text(port), text("100"), text("127.0.0.1") };
    pb_result *r = p_call("WebHook.Listen", args, 4);
    if (r->is_error) { fprintf(stderr, "WebHook.Listen: %s\n", r->value.data); exit(1); }
    p_free(r);
    return hook;
}

/* One idle round: deliver the starts, then release their WebRequests as the started script would. */
static void idle_and_release(void)
{
    start_count = 0;
    p_idle();
    for (int i = 0; i < start_count; i++) free(call("WebRequest.Release", 1, starts[i], NULL, NULL));
}

static int serve(const char *port, int keep_alive, double seconds, double idle_ms)
{
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    char *hook = listen_hook(port, keep_alive);
    printf("listening on 127.0.0.1:%s\n", port);
    fflush(stdout);
    double end = now() + seconds;
    while (!stopping && now() < end) { idle_and_release(); sleep_ms(idle_ms); }
    idle_and_release();
    char *connections = call("WebHook.GetConnectionCounter", 1, hook, NULL, NULL);
    char *requests = call("WebHook.GetWebRequestCounter", 1, hook, NULL, NULL);
    printf("connections accepted: %s, WebRequests made: %s\n", connections, requests);
    free(connections);
    free(requests);
    free(call("WebHook.Release", 1, hook, NULL, NULL));
    free(hook);
    p_shutdown();
    printf("script starts received: %ld\n", total_starts);
    return 0;
}

/* ---- latency: a client thread sends, the idle loop sees the start ---- */

static int latency_port, latency_requests;
static double *sent_at;
static volatile int client_done;

static void *client(void *arg)
{
    (void)arg;
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)latency_port) };
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    char request[128], reply[512];
    unsigned seed = 7;
    for (int i = 0; i < latency_requests; i++) {
        sleep_ms((rand_r(&seed) % 2000) / 1000.0);
        int s = socket(AF_INET, SOCK_STREAM, 0);
        sent_at[i] = now();
        if (connect(s, (struct sockaddr *)&to, sizeof to) != 0) { perror("connect"); exit(1); }
        int n = snprintf(request, sizeof request, "GET /%d HTTP/1.1\r\nHost: x\r\n\r\n", i);
        if (write(s, request, (size_t)n) != n) { perror("write"); exit(1); }
        while (read(s, reply, sizeof reply) > 0) { }
        close(s);
    }
    client_done = 1;
    return NULL;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int latency(double idle_ms, int requests)
{
    char *hook = listen_hook("0", 0);
    char *port = call("WebHook.GetPort", 1, hook, NULL, NULL);
    latency_port = atoi(port);
    latency_requests = requests;
    sent_at = calloc((size_t)requests, sizeof *sent_at);
    double *ms = calloc((size_t)requests, sizeof *ms);
    int seen = 0;
    pthread_t thread;
    pthread_create(&thread, NULL, client, NULL);
    double give_up = now() + 60;
    while (seen < requests && now() < give_up) {
        start_count = 0;
        p_idle();
        for (int i = 0; i < start_count; i++) {
            char *url = call("WebRequest.GetURL", 1, starts[i], NULL, NULL);
            int k = atoi(url + 1);
            if (k >= 0 && k < requests) ms[seen++] = (start_times[i] - sent_at[k]) * 1000;
            free(url);
            free(call("WebRequest.Release", 1, starts[i], NULL, NULL));
        }
        wait_ms(idle_ms);
    }
    pthread_join(thread, NULL);
    qsort(ms, (size_t)seen, sizeof *ms, compare);
    printf("idle every %4.1f ms%s: request -> script start p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d requests)\n",
           idle_ms, wake_fd >= 0 ? " + wake" : "", ms[seen / 2], ms[(int)(seen * 0.99)], ms[seen - 1], seen);
    free(call("WebHook.Release", 1, hook, NULL, NULL));
    p_shutdown();
    return seen == requests ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc >= 7 && strcmp(argv[2], "serve") == 0) {
        load(argv[1], 0);
        return serve(argv[3], atoi(argv[4]), atof(argv[5]), atof(argv[6]));
    }
    if (argc >= 5 && strcmp(argv[2], "latency") == 0) {
        load(argv[1], argc >= 6 && strcmp(argv[5], "wake") == 0);
        return latency(atof(argv[3]), atoi(argv[4]));
    }
    fprintf(stderr, "usage: %s <plugin> serve <port> <keep-alive 0|1> <seconds> <idle ms>\n"
                    "       %s <plugin> latency <idle ms> <requests> [wake]\n", argv[0], argv[0]);
    return 2;
}
