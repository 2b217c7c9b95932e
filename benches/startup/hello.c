/* hello: the program benches/compare-startup.sh starts as a whole process
 * on brisk and on wasmtime. A C "hello, world" through wasi-libc's stdio,
 * so a start pays what a real WASI program's does: libc's start-up, a
 * fd_fdstat_get and an fd_write, then proc_exit(0). */
#include <stdio.h>

int main(void) {
    puts("hello, world");
    return 0;
}
