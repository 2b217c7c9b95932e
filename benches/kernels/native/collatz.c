/* Native twin of ../collatz.wat: the Collatz trajectory of every start
 * value 1..=n in u64 arithmetic, each step count folded into an
 * FNV-1a-style hash (wrapping multiply). */
#include "harness.h"

KERNEL int64_t run(int32_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    uint64_t end = (uint32_t)n; /* i64.extend_i32_u */
    for (uint64_t s = 1; s <= end; s++) {
        uint64_t x = s, steps = 0;
        while (x != 1) {
            if ((x & 1) == 0)
                x >>= 1;
            else
                x = x * 3 + 1;
            steps++;
        }
        h = (h ^ steps) * 0x100000001b3ull;
    }
    return (int64_t)h;
}

BENCH_MAIN(run)
