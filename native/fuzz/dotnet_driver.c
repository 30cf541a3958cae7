/* libFuzzer driver for the managed fuzz targets (native/fuzz/managed): libFuzzer runs here, the target runs in a
   .NET child process started once ("dotnet PluginBridge.Fuzz.dll TARGET"). They talk as SharpFuzz's libFuzzer
   runner expects: a System V shared memory segment holds the coverage map (written by the SharpFuzz-instrumented
   engine and host assemblies) followed by the input; the input's length goes down one pipe (fd 198, named in
   __LIBFUZZER_CONTROL_PIPE_ID), the outcome (a 4-byte status: 0 fine, else an exception escaped) comes back on
   another (fd 199, __LIBFUZZER_STATUS_PIPE_ID). After each input the child's coverage map is copied into
   libFuzzer's extra counters, so the fuzzing is guided by the managed code's edges.

   An escaped exception, or the child dying (a stack overflow, an abort), traps here so that libFuzzer saves the
   input. The child is killed with this process (PR_SET_PDEATHSIG), so a timeout leaves nothing running.
   Environment: PB_FUZZ_DLL (the PluginBridge.Fuzz.dll), PB_FUZZ_TARGET (framer, script, calc). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

enum { COVERAGE_BYTES = 1 << 16, INPUT_BYTES = 1 << 20, CONTROL_FD = 198, STATUS_FD = 199 };

/* Not static, and kept: libFuzzer finds the counters by the section's name. */
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t managed_edges[COVERAGE_BYTES];

static int segment = -1;
static uint8_t *shared;
static int control = -1, status = -1;
static pid_t child;

static void remove_segment(void) { if (segment >= 0) shmctl(segment, IPC_RMID, NULL); }

static void fail(const char *what)
{
    fprintf(stderr, "dotnet_driver: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(2);
}

/* Exactly n bytes; 0 when the child has gone. */
static int read_all(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 0;
        got += (size_t)r;
    }
    return 1;
}

static int write_all(int fd, const void *buf, size_t n)
{
    size_t put = 0;
    while (put < n) {
        ssize_t r = write(fd, (const char *)buf + put, n - put);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 0;
        put += (size_t)r;
    }
    return 1;
}

/* The child has gone: say how, then trap so that libFuzzer keeps the input that did it. */
static void child_died(void)
{
    int how = 0;
    if (waitpid(child, &how, 0) == child) {
        if (WIFSIGNALED(how)) fprintf(stderr, "dotnet_driver: the .NET target died of signal %d\n", WTERMSIG(how));
        else fprintf(stderr, "dotnet_driver: the .NET target exited with %d\n", WEXITSTATUS(how));
    }
    __builtin_trap();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    const char *dll = getenv("PB_FUZZ_DLL"), *target = getenv("PB_FUZZ_TARGET");
    if (!dll || !target) { fprintf(stderr, "dotnet_driver: set PB_FUZZ_DLL and PB_FUZZ_TARGET\n"); exit(2); }
    int down[2], up[2];
    if (pipe(down) || pipe(up)) fail("pipe");
    segment = shmget(IPC_PRIVATE, COVERAGE_BYTES + INPUT_BYTES, IPC_CREAT | IPC_EXCL | 0600);
    if (segment < 0) fail("shmget");
    atexit(remove_segment);
    shared = shmat(segment, NULL, 0);
    if (shared == (void *)-1) fail("shmat");
    pid_t parent = getpid();
    child = fork();
    if (child < 0) fail("fork");
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(2); /* the driver died before prctl */
        if (dup2(down[0], CONTROL_FD) < 0 || dup2(up[1], STATUS_FD) < 0) fail("dup2");
        close(down[0]); close(down[1]); close(up[0]); close(up[1]);
        char id[16];
        snprintf(id, sizeof id, "%d", segment);
        setenv("__LIBFUZZER_SHM_ID", id, 1);
        setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1);
        setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1);
        execlp("dotnet", "dotnet", dll, target, (char *)NULL);
        fail("exec dotnet");
    }
    close(down[0]); close(up[1]);
    control = down[1]; status = up[0];
    int32_t ready;
    if (!read_all(status, &ready, sizeof ready)) {
        fprintf(stderr, "dotnet_driver: the .NET target did not start\n");
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > INPUT_BYTES) return 0; /* -max_len keeps inputs far below this */
    memset(shared, 0, COVERAGE_BYTES);
    memcpy(shared + COVERAGE_BYTES, data, size);
    int32_t length = (int32_t)size, outcome = 0;
    if (!write_all(control, &length, sizeof length) || !read_all(status, &outcome, sizeof outcome)) child_died();
    memcpy(managed_edges, shared, COVERAGE_BYTES);
    if (outcome != 0) {
        fprintf(stderr, "dotnet_driver: the .NET target threw (its exception is printed above)\n");
        __builtin_trap();
    }
    return 0;
}
