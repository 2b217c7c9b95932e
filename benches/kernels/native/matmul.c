/* Native twin of ../matmul.wat: C = A * B for n x n row-major f64 matrices
 * laid out as in the wasm's linear memory (A at 0, B at 8n^2, C at 16n^2,
 * one allocation made in the call), addressed by the same u32 byte offsets;
 * the inner loop walks B by columns. The checksum folds C's (integral)
 * entries, row by row, as chk = chk * 31 + i64(c), wrapping. */
#include <string.h>

#include "harness.h"

static inline double load_f64(const uint8_t *mem, uint32_t at) {
    double v;
    memcpy(&v, mem + at, 8);
    return v;
}

static inline void store_f64(uint8_t *mem, uint32_t at, double v) { memcpy(mem + at, &v, 8); }

KERNEL int64_t run(int32_t n_) {
    uint32_t n = (uint32_t)n_;
    uint32_t b = n * n * 8, c = b << 1, row = n << 3;
    uint8_t *mem = kernel_alloc((size_t)c + b);
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            uint32_t k = i * n + j;
            store_f64(mem, k << 3, (double)(int32_t)(k % 7 - 3));
            store_f64(mem, b + (k << 3), (double)(int32_t)((i + (j << 1)) % 5 - 2));
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            double acc = 0.0;
            uint32_t a = i * row, k = b + (j << 3);
            do {
                acc = acc + load_f64(mem, a) * load_f64(mem, k);
                a += 8;
                k += row;
            } while (a < (i + 1) * row);
            store_f64(mem, c + ((i * n + j) << 3), acc);
        }
    }
    uint64_t chk = 0;
    for (uint32_t i = 0, end = n * n * 8; i < end; i += 8) {
        chk = chk * 31 + (uint64_t)(int64_t)load_f64(mem, c + i);
    }
    free(mem);
    return (int64_t)chk;
}

BENCH_MAIN(run)
