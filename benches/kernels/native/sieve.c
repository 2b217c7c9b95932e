/* Native twin of ../sieve.wat: the byte sieve of Eratosthenes over n bytes
 * (allocated in the call, as the wasm grows its memory, and cleared with
 * 4-byte stores first), returning the sum of the primes below n. Indexes
 * are u32 with wrapping arithmetic, as the wasm's i32 addresses. */
#include <string.h>

#include "harness.h"

KERNEL int64_t run(int32_t n) {
    uint32_t un = (uint32_t)n;
    uint8_t *mem = kernel_alloc((size_t)un + 4);
    const uint32_t zero = 0;
    for (uint32_t i = 0; i < un; i += 4) memcpy(mem + i, &zero, 4);
    for (uint32_t i = 2; i * i < un; i++) {
        if (mem[i] == 0) {
            for (uint32_t j = i * i; j < un; j += i) mem[j] = 1;
        }
    }
    int64_t sum = 0;
    for (uint32_t i = 2; i < un; i++) {
        if (mem[i] == 0) sum += (int64_t)i;
    }
    free(mem);
    return sum;
}

BENCH_MAIN(run)
