/* env: the environment is exactly what the host passed: GREETING="hello
 * world", EMPTY="", UNICODE="ünï €", EQUALS="a=b=c" and nothing else (so
 * nothing leaks in from the host). Prints the entries in order. */
#include "check.h"

extern char **environ;

static void expect(const char *name, const char *want) {
    const char *got = getenv(name);
    CHECK(got != NULL, "%s is not set", name);
    CHECK(strcmp(got, want) == 0, "%s=\"%s\", expected \"%s\"", name, got, want);
}

int main(void) {
    check_program = "env";
    expect("GREETING", "hello world");
    expect("EMPTY", "");
    expect("UNICODE", "\xc3\xbcn\xc3\xaf \xe2\x82\xac");
    expect("EQUALS", "a=b=c");
    CHECK(getenv("PATH") == NULL, "PATH leaked in: %s", getenv("PATH"));
    CHECK(getenv("HOME") == NULL, "HOME leaked in: %s", getenv("HOME"));
    int n = 0;
    for (char **e = environ; *e; e++, n++)
        printf("env[%d]=%s\n", n, *e);
    CHECK(n == 4, "environ has %d entries, expected 4", n);
    puts("env: all ok");
    return 0;
}
