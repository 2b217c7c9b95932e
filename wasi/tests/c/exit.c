/* exit N: prints a line without a newline-flush of its own, then calls
 * exit(N): the runtime must report exit status N (proc_exit) and the line
 * must have reached stdout (the exit flushes stdio). */
#include "check.h"

int main(int argc, char **argv) {
    check_program = "exit";
    CHECK(argc == 2, "usage: exit N");
    printf("exiting with %d", atoi(argv[1]));
    exit(atoi(argv[1]));
}
