/* Native twin of ../mandelbrot.wat: iteration counts of the Mandelbrot set
 * on an n x n grid over [-2, 1] x [-1, 1], at most 200 iterations a point,
 * all in f64 (built with -ffp-contract=off: no fused multiply-add, exactly
 * as wasm computes it). */
#include "harness.h"

KERNEL int64_t run(int32_t n) {
    double sx = 3.0 / (double)n, sy = 2.0 / (double)n;
    int64_t total = 0;
    for (int32_t py = 0; py < n; py++) {
        double ci = (double)py * sy - 1.0;
        for (int32_t px = 0; px < n; px++) {
            double cr = (double)px * sx - 2.0;
            double zr = 0.0, zi = 0.0;
            uint32_t it = 0;
            do {
                double zr2 = zr * zr, zi2 = zi * zi;
                if (zr2 + zi2 > 4.0) break;
                zi = (zr + zr) * zi + ci;
                zr = zr2 - zi2 + cr;
                it++;
            } while (it < 200);
            total += it;
        }
    }
    return total;
}

BENCH_MAIN(run)
