/* args N ARG...: argv as the host passed it. argv[1] is the number of
 * arguments after it; the test passes "two words", "", "ünï €" and
 * "--flag=x", which must arrive unchanged. Prints every argv entry. */
#include "check.h"

int main(int argc, char **argv) {
    check_program = "args";
    CHECK(argc >= 2, "argc is %d", argc);
    CHECK(argv[argc] == NULL, "argv[argc] is not NULL");
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    int n = atoi(argv[1]);
    CHECK(argc == n + 2, "argc %d, expected %d", argc, n + 2);
    if (n == 4) {
        CHECK(strcmp(argv[2], "two words") == 0, "argv[2]=\"%s\"", argv[2]);
        CHECK(strcmp(argv[3], "") == 0, "argv[3]=\"%s\"", argv[3]);
        CHECK(strcmp(argv[4], "\xc3\xbcn\xc3\xaf \xe2\x82\xac") == 0, "argv[4]=\"%s\"", argv[4]);
        CHECK(strcmp(argv[5], "--flag=x") == 0, "argv[5]=\"%s\"", argv[5]);
    }
    puts("args: all ok");
    return 0;
}
