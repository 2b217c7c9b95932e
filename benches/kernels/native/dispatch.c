/* Native twin of ../dispatch.wat: the same bytecode interpreter over the
 * same 19-byte program, copied into memory allocated in the call (the
 * wasm's data segment in its linear memory): a switch on the opcode byte
 * (the br_table) and, for FN k, a call through a table of four function
 * pointers (the call_indirect, bounds-checked like the wasm table; C has
 * no signature check to make). Arithmetic wraps in u32 as i32 does. */
#include <string.h>

#include "harness.h"

typedef uint32_t (*native_fn)(uint32_t);

static uint32_t square_plus_one(uint32_t x) { return x * x + 1; }
static uint32_t xorshift(uint32_t x) { return x ^ (x >> 13); }
static uint32_t golden(uint32_t x) { return x + 0x9e3779b9u; }
static uint32_t popcnt_mix(uint32_t x) { return x + (uint32_t)__builtin_popcount(x); }

static native_fn const table[4] = {square_plus_one, xorshift, golden, popcnt_mix};

static const uint8_t program[] = {1, 7, 2, 4, 0, 3, 31, 4, 1, 7, 5, 4, 2, 5, 6, 0, 4, 3, 0};

KERNEL int64_t run(int32_t n) {
    uint8_t *mem = kernel_alloc(sizeof program + 1);
    memcpy(mem, program, sizeof program);
    mem[sizeof program] = 0;
    uint32_t pc = 0, acc = 0, cnt = (uint32_t)n;
    for (;;) {
        switch (mem[pc]) {
        case 0: /* HALT */
            free(mem);
            return (int64_t)(int32_t)acc;
        case 1: /* ADDI imm8s */
            acc += (uint32_t)(int32_t)(int8_t)mem[pc + 1];
            pc += 2;
            break;
        case 2: /* XORC */
            acc ^= cnt;
            pc += 1;
            break;
        case 3: /* MULI imm8u */
            acc *= mem[pc + 1];
            pc += 2;
            break;
        case 4: { /* FN k */
            uint8_t k = mem[pc + 1];
            if (k >= 4) abort(); /* undefined table element */
            acc = table[k](acc);
            pc += 2;
            break;
        }
        case 5: /* DEC */
            cnt -= 1;
            pc += 1;
            break;
        case 6: /* JNZ pc */
            pc = cnt != 0 ? mem[pc + 1] : pc + 2;
            break;
        case 7: { /* ROTL r */
            uint32_t r = mem[pc + 1] & 31;
            acc = (acc << r) | (acc >> ((32 - r) & 31));
            pc += 2;
            break;
        }
        default: /* unreachable */
            abort();
        }
    }
}

BENCH_MAIN(run)
