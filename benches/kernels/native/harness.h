/* The timing harness every native kernel shares: `main` for a kernel
 * `int64_t kernel(int32_t n)` that returns run(n) of the wasm kernel of the
 * same name (an i32 result sign-extended, as the `expect=` in the .wat
 * header is written).
 *
 *   ./NAME ARG [REPS]   prints the checksum, then `best_ns T reps R`: the
 *                       fastest of R timed calls (default 1), in ns.
 *
 * Every call is timed alone with CLOCK_MONOTONIC around it; a kernel that
 * uses memory allocates it inside the call (as the wasm kernels grow or
 * first touch their linear memory inside `run`) and frees it before
 * returning. The argument is read through a volatile and the kernel is
 * `noipa`, so gcc cannot fold, hoist or merge the repeated calls. All
 * repetitions must return the same value, or the program exits 2.
 *
 * Built by benches/compare-compiled.sh with `gcc -O2 -ffp-contract=off`
 * (nothing else: no -march, so x86-64's baseline SSE2; simd.c marks its
 * kernel target("sse4.1") itself). -ffp-contract=off keeps a*b+c two
 * roundings, as wasm has no fused multiply-add. */
#ifndef BRISK_NATIVE_HARNESS_H
#define BRISK_NATIVE_HARNESS_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__GNUC__) && !defined(__clang__)
#define KERNEL __attribute__((noipa)) static
#else
#define KERNEL __attribute__((noinline)) static
#endif

/* Memory for a kernel, or exit 3 when there is none (wasm's memory.grow
 * failing makes the kernels trap). */
static inline void *kernel_alloc(size_t bytes) {
    void *p = malloc(bytes);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
        exit(3);
    }
    return p;
}

static inline int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#define BENCH_MAIN(kernel)                                                   \
    int main(int argc, char **argv) {                                        \
        if (argc < 2 || argc > 3) {                                          \
            fprintf(stderr, "usage: %s ARG [REPS]\n", argv[0]);              \
            return 1;                                                        \
        }                                                                    \
        volatile int32_t arg = (int32_t)strtol(argv[1], NULL, 10);           \
        long reps = argc == 3 ? strtol(argv[2], NULL, 10) : 1;               \
        if (reps < 1) reps = 1;                                              \
        int64_t best = INT64_MAX, first = 0;                                 \
        for (long r = 0; r < reps; r++) {                                    \
            int32_t n = arg;                                                 \
            int64_t start = now_ns();                                        \
            int64_t value = kernel(n);                                       \
            int64_t elapsed = now_ns() - start;                              \
            if (r == 0) first = value;                                       \
            if (value != first) {                                            \
                fprintf(stderr, "rep %ld returned %" PRId64 ", rep 0 %" PRId64 "\n", \
                        r, value, first);                                    \
                return 2;                                                    \
            }                                                                \
            if (elapsed < best) best = elapsed;                              \
        }                                                                    \
        printf("%" PRId64 "\nbest_ns %" PRId64 " reps %ld\n", first, best, reps); \
        return 0;                                                            \
    }

#endif
