/* Native twin of ../simd.wat. Two 16384-element i32 arrays A (at 0) and B
 * (at 65536) of a 128 KiB buffer allocated in the call are filled from
 * xorshift32; each repetition r makes one pass, 16 bytes at a time: i32x4
 * dot product, f32x4 sum of (A >> 8), and A rewritten as
 * avgr_u8(A, B) ^ splat(r); chk = (chk * 31 + s) ^ bits(f).
 *
 * On x86-64 the pass is SSE2/SSE4.1 intrinsics, one per wasm SIMD
 * instruction: v128.load (movdqu), i32x4.mul (pmulld, SSE4.1), i32x4.add
 * (paddd), i32x4.shr_s (psrad), f32x4.convert_i32x4_s (cvtdq2ps), f32x4.add
 * (addps), i8x16.avgr_u (pavgb), i8x16.splat + v128.xor (pxor with a set1),
 * v128.store (movdqu). The kernel is compiled for SSE4.1
 * (`target("sse4.1")`: what Cranelift also requires of an x86-64 host for
 * wasm SIMD), so every kernel builds with the same command line. Elsewhere
 * (or with -DBRISK_PORTABLE_SIMD) the same pass is written with GCC vector
 * extensions, avgr_u8 as (a | b) - ((a ^ b) >> 1), its exact equivalent. */
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && !defined(BRISK_PORTABLE_SIMD)
#include <smmintrin.h>
#define SSE_PASS 1
#define SIMD_KERNEL __attribute__((target("sse4.1"))) KERNEL
#else
#define SSE_PASS 0
#define SIMD_KERNEL KERNEL
#endif

#include "harness.h"

static uint32_t xorshift32(uint32_t x) {
    x ^= x << 13;
    x ^= x >> 17;
    return x ^ (x << 5);
}

typedef int32_t v4i32 __attribute__((vector_size(16)));
typedef uint8_t v16u8 __attribute__((vector_size(16)));
typedef uint32_t v4u32 __attribute__((vector_size(16)));
typedef float v4f32 __attribute__((vector_size(16)));

/* One pass over A and B: rewrites A, stores the lanes of the i32 and f32
 * accumulators in acc_out and accf_out. */
#if SSE_PASS
__attribute__((target("sse4.1"))) static inline void pass(uint8_t *mem, uint32_t r, uint32_t acc_out[4],
                                                            float accf_out[4]) {
    __m128i acc = _mm_setzero_si128();
    __m128 accf = _mm_setzero_ps();
    __m128i splat = _mm_set1_epi8((char)r);
    uint32_t i = 0;
    do {
        __m128i va = _mm_loadu_si128((const __m128i *)(mem + i));
        __m128i vb = _mm_loadu_si128((const __m128i *)(mem + 65536 + i));
        acc = _mm_add_epi32(acc, _mm_mullo_epi32(va, vb));
        accf = _mm_add_ps(accf, _mm_cvtepi32_ps(_mm_srai_epi32(va, 8)));
        _mm_storeu_si128((__m128i *)(mem + i), _mm_xor_si128(_mm_avg_epu8(va, vb), splat));
        i += 16;
    } while (i < 65536);
    _mm_storeu_si128((__m128i *)acc_out, acc);
    _mm_storeu_ps(accf_out, accf);
}
#else
static inline void pass(uint8_t *mem, uint32_t r, uint32_t acc_out[4], float accf_out[4]) {
    v4i32 acc = {0, 0, 0, 0};
    v4f32 accf = {0, 0, 0, 0};
    v16u8 splat = (v16u8){0} + (uint8_t)r;
    uint32_t i = 0;
    do {
        v4i32 va, vb;
        memcpy(&va, mem + i, 16);
        memcpy(&vb, mem + 65536 + i, 16);
        /* i32x4.mul and add wrap: do them in unsigned lanes */
        acc = (v4i32)((v4u32)acc + (v4u32)va * (v4u32)vb);
        accf = accf + __builtin_convertvector(va >> 8, v4f32);
        v16u8 a = (v16u8)va, b = (v16u8)vb;
        v16u8 blended = ((a | b) - ((a ^ b) >> 1)) ^ splat;
        memcpy(mem + i, &blended, 16);
        i += 16;
    } while (i < 65536);
    memcpy(acc_out, &acc, 16);
    memcpy(accf_out, &accf, 16);
}
#endif

SIMD_KERNEL int64_t run(int32_t reps) {
    uint8_t *mem = kernel_alloc(131072);
    uint32_t x = 0x12345678;
    for (uint32_t i = 0; i < 65536; i += 4) {
        x = xorshift32(x);
        memcpy(mem + i, &x, 4);
        x = xorshift32(x);
        memcpy(mem + 65536 + i, &x, 4);
    }
    uint32_t chk = 0;
    for (uint32_t r = 0; r < (uint32_t)reps; r++) {
        uint32_t lanes[4];
        float lanesf[4];
        pass(mem, r, lanes, lanesf);
        uint32_t s = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        float f = (lanesf[0] + lanesf[1]) + (lanesf[2] + lanesf[3]);
        uint32_t bits;
        memcpy(&bits, &f, 4);
        chk = (chk * 31 + s) ^ bits;
    }
    free(mem);
    return (int64_t)(int32_t)chk;
}

BENCH_MAIN(run)
