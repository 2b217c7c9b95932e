/* random: getentropy and random_get fill their buffers (not all zero,
 * every byte value plausible), two calls differ, the maximum getentropy
 * size (256) works, and a large random_get (64 KiB) is not periodic.
 * "ok <step>" per step. */
#include "check.h"

#include <unistd.h>
#include <wasi/api.h>

static int all_zero(const unsigned char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}

static unsigned char big[65536];

int main(void) {
    check_program = "random";
    unsigned char a[256], b[256];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    OK(getentropy(a, sizeof a));
    OK(getentropy(b, sizeof b));
    CHECK(!all_zero(a, sizeof a) && !all_zero(b, sizeof b), "getentropy left a buffer all zero");
    CHECK(memcmp(a, b, sizeof a) != 0, "two getentropy calls gave the same 256 bytes");
    FAILS_WITH(getentropy(a, 257), EIO);
    puts("ok getentropy");

    unsigned char c[16] = {0}, d[16] = {0};
    CHECK(__wasi_random_get(c, sizeof c) == 0, "random_get 16");
    CHECK(__wasi_random_get(d, sizeof d) == 0, "random_get 16");
    CHECK(memcmp(c, d, sizeof c) != 0, "two random_get calls gave the same 16 bytes");
    CHECK(__wasi_random_get(c, 0) == 0, "random_get of 0 bytes");
    puts("ok random_get");

    /* 64 KiB: every byte value turns up, and no 4 KiB block repeats */
    CHECK(__wasi_random_get(big, sizeof big) == 0, "random_get 64 KiB");
    unsigned counts[256] = {0};
    for (size_t i = 0; i < sizeof big; i++)
        counts[big[i]]++;
    for (int v = 0; v < 256; v++)
        CHECK(counts[v] > 100 && counts[v] < 500, "byte value %d seen %u times in 64 KiB", v, counts[v]);
    for (int i = 1; i < 16; i++)
        CHECK(memcmp(big, big + 4096 * i, 4096) != 0, "4 KiB block %d repeats block 0", i);
    puts("ok random_get-64k");

    puts("random: all ok");
    return 0;
}
