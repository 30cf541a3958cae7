/* check(): the C harnesses' assertion. Counts every check, prints the failed ones, never stops the test. */
#ifndef PB_TESTS_CHECK_H
#define PB_TESTS_CHECK_H
#include <stdarg.h>
#include <stdio.h>

static int failures, checks;

static void check(int ok, const char *fmt, ...)
{
    __atomic_add_fetch(&checks, 1, __ATOMIC_RELAXED);
    if (ok) return;
    __atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
#endif
