/* Native twin of ../fib.wat: the doubly recursive Fibonacci,
 * run(n) = fib(n) with unsigned compare and i64 sums as in the wasm.
 * gcc -O2 is free to do what it does with the recursion (it turns one of
 * the two calls into a loop); that is the native baseline. */
#include "harness.h"

static int64_t fib(uint32_t n) {
    if (n < 2) return (int64_t)n;
    return fib(n - 1) + fib(n - 2);
}

KERNEL int64_t run(int32_t n) { return fib((uint32_t)n); }

BENCH_MAIN(run)
