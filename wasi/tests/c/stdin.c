/* stdin: reads all of standard input (in odd-sized chunks with read(2),
 * so several fd_read calls happen) and prints the byte count, the line
 * count and the FNV-1a 64-bit hash; the test computes the same from the
 * bytes it fed in. fstat on fd 0/1/2 succeeds. */
#include "check.h"

#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    check_program = "stdin";
    struct stat st;
    for (int fd = 0; fd < 3; fd++)
        OK(fstat(fd, &st));
    uint64_t hash = 0xcbf29ce484222325ull, bytes = 0, lines = 0;
    unsigned char buf[777];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        CHECK(n >= 0, "read(0): errno %d", errno);
        if (n == 0)
            break;
        for (ssize_t i = 0; i < n; i++) {
            hash = (hash ^ buf[i]) * 0x100000001b3ull;
            lines += buf[i] == '\n';
        }
        bytes += (uint64_t)n;
    }
    CHECK(read(0, buf, sizeof buf) == 0, "read after end of input is not 0");
    printf("bytes=%llu lines=%llu fnv1a=%016llx\n", (unsigned long long)bytes, (unsigned long long)lines,
           (unsigned long long)hash);
    fprintf(stderr, "stdin: read %llu bytes\n", (unsigned long long)bytes);
    puts("stdin: all ok");
    return 0;
}
