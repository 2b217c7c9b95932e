/* Shared checks for brisk's WASI test programs: every mismatch prints what
 * was expected and what happened, then exits with status 1, so a test
 * harness only needs the exit status and the "ok" lines on stdout. */
#ifndef BRISK_WASI_CHECK_H
#define BRISK_WASI_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *check_program = "?";

#define FAIL(...)                                                            \
    do {                                                                     \
        fprintf(stderr, "%s:%d: ", check_program, __LINE__);                 \
        fprintf(stderr, __VA_ARGS__);                                        \
        fprintf(stderr, "\n");                                               \
        exit(1);                                                             \
    } while (0)

/* A condition that must hold. */
#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: check failed: %s: ", check_program,      \
                    __LINE__, #cond);                                        \
            fprintf(stderr, __VA_ARGS__);                                    \
            fprintf(stderr, "\n");                                           \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

/* A call that must succeed (return value >= 0, or != NULL for pointers). */
#define OK(call)                                                             \
    do {                                                                     \
        errno = 0;                                                           \
        if ((call) < 0)                                                      \
            FAIL("%s failed: errno %d (%s)", #call, errno, strerror(errno)); \
    } while (0)

/* A call that must fail with -1 and errno `want`. */
#define FAILS_WITH(call, want)                                               \
    do {                                                                     \
        errno = 0;                                                           \
        long r_ = (long)(call);                                              \
        if (r_ != -1)                                                        \
            FAIL("%s: expected failure with errno %d (%s), got %ld", #call,  \
                 (int)(want), strerror(want), r_);                           \
        if (errno != (want))                                                 \
            FAIL("%s: expected errno %d (%s), got %d (%s)", #call,           \
                 (int)(want), strerror(want), errno, strerror(errno));       \
    } while (0)

#endif
