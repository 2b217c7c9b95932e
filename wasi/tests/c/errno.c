/* errno DIR RO: failures give the right errno. DIR is a read-write
 * preopen holding sub/ and the host-made symlinks abs.lnk (an absolute
 * path to a file outside every preopen) and up.lnk (-> ../..); RO is a
 * read-only preopen holding existing.txt ("read only\n").
 *  - missing file ENOENT; escapes through "..", absolute paths given to
 *    the runtime, symlinks pointing outside: ENOTCAPABLE (76; the variable
 *    ESCAPE_ERRNO=63 accepts EPERM instead, what wasmtime answers, so the
 *    program can be checked against it);
 *  - a NUL inside a path EINVAL or EILSEQ; an over-long name ENAMETOOLONG;
 *  - every write into the read-only preopen fails (EPERM, ENOTCAPABLE,
 *    EACCES or EROFS) and leaves it unchanged, while reading works;
 *  - bad descriptors EBADF, also reading/writing a directory.
 * "ok <step>" per step. */
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

/* path_open with an explicit length, so the path may hold a NUL */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) int32_t
raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags, int64_t rights,
              int64_t inheriting, int32_t fdflags, int32_t out);

static int escape_errno = ENOTCAPABLE;

#define ESCAPES(call)                                                                                  \
    do {                                                                                               \
        errno = 0;                                                                                     \
        long r_ = (long)(call);                                                                        \
        CHECK(r_ == -1 && errno == escape_errno, "%s: expected errno %d, got %ld with errno %d (%s)", \
              #call, escape_errno, r_, errno, strerror(errno));                                        \
    } while (0)

#define READ_ONLY_DENIED(call)                                                                         \
    do {                                                                                               \
        errno = 0;                                                                                     \
        long r_ = (long)(call);                                                                        \
        CHECK(r_ == -1 && (errno == EPERM || errno == ENOTCAPABLE || errno == EACCES || errno == EROFS), \
              "%s on the read-only preopen: got %ld with errno %d (%s)", #call, r_, errno, strerror(errno)); \
    } while (0)

static char p[4][8192];

static const char *at(int slot, const char *dir, const char *name) {
    snprintf(p[slot], sizeof p[slot], "%s/%s", dir, name);
    return p[slot];
}

int main(int argc, char **argv) {
    check_program = "errno";
    CHECK(argc == 3, "usage: errno DIR RO (argc %d)", argc);
    const char *dir = argv[1], *ro = argv[2];
    if (getenv("ESCAPE_ERRNO"))
        escape_errno = atoi(getenv("ESCAPE_ERRNO"));
    struct stat st;
    char buf[64];

    FAILS_WITH(open(at(0, dir, "missing"), O_RDONLY), ENOENT);
    FAILS_WITH(open(at(0, dir, "missing/x"), O_RDONLY), ENOENT);
    FAILS_WITH(stat(at(0, dir, "missing"), &st), ENOENT);
    FAILS_WITH(unlink(at(0, dir, "missing")), ENOENT);
    puts("ok enoent");

    /* ".." escapes, through libc's preopen lookup and given directly */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0, "open(%s): errno %d", dir, errno);
    ESCAPES(open(at(0, dir, "../x"), O_RDONLY));
    ESCAPES(open(at(0, dir, "sub/../../x"), O_RDONLY | O_CREAT, 0644));
    ESCAPES(openat(dfd, "..", O_RDONLY | O_DIRECTORY));
    ESCAPES(openat(dfd, "sub/../..", O_RDONLY | O_DIRECTORY));
    ESCAPES(mkdir(at(0, dir, "../made-by-guest"), 0755));
    ESCAPES(stat(at(0, dir, "../"), &st));
    int fd = open(at(0, dir, "sub/../inside"), O_RDWR | O_CREAT, 0644);
    CHECK(fd >= 0, "sub/../inside stays inside, yet: errno %d", errno);
    OK(close(fd));
    OK(unlink(at(0, dir, "inside")));
    puts("ok dotdot");

    /* absolute paths handed to the runtime (libc would resolve them) */
    __wasi_fd_t out;
    __wasi_errno_t e = __wasi_path_open(dfd, 0, "/etc/passwd", 0, __WASI_RIGHTS_FD_READ, 0, 0, &out);
    CHECK(e == escape_errno, "path_open(\"/etc/passwd\"): errno %d, expected %d", e, escape_errno);
    e = __wasi_path_create_directory(dfd, "/tmp/made-by-guest");
    CHECK(e == escape_errno, "path_create_directory(absolute): errno %d, expected %d", e, escape_errno);
    puts("ok absolute");

    /* symlinks pointing outside (made by the host): not followed out */
    ESCAPES(open(at(0, dir, "abs.lnk"), O_RDONLY));
    ESCAPES(stat(at(0, dir, "abs.lnk"), &st));
    ESCAPES(open(at(0, dir, "up.lnk"), O_RDONLY | O_DIRECTORY));
    ESCAPES(open(at(0, dir, "up.lnk/x"), O_RDONLY | O_CREAT, 0644));
    OK(lstat(at(0, dir, "abs.lnk"), &st));
    CHECK(S_ISLNK(st.st_mode), "abs.lnk is not a symlink (mode %o)", st.st_mode);
    ssize_t n = readlink(at(0, dir, "up.lnk"), buf, sizeof buf);
    CHECK(n == 5 && memcmp(buf, "../..", 5) == 0, "readlink(up.lnk) got %zd", n);
    puts("ok symlink-escape");

    /* a NUL inside the path, an over-long name */
    const char nul_path[] = "sub\0x";
    int32_t r = raw_path_open(dfd, 0, (int32_t)(intptr_t)nul_path, 5, 0, __WASI_RIGHTS_FD_READ, 0, 0,
                              (int32_t)(intptr_t)&out);
    CHECK(r == __WASI_ERRNO_INVAL || r == __WASI_ERRNO_ILSEQ, "path with a NUL: errno %d, expected EINVAL or EILSEQ",
          r);
    static char long_name[5000];
    memset(long_name, 'a', 4000);
    FAILS_WITH(open(at(0, dir, long_name), O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
    long_name[300] = 0;
    FAILS_WITH(open(at(0, dir, long_name), O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
    puts("ok nul-long");

    /* the read-only preopen: reads work, every write is refused */
    fd = open(at(0, ro, "existing.txt"), O_RDONLY);
    CHECK(fd >= 0, "open(%s) for reading: errno %d", p[0], errno);
    CHECK(read(fd, buf, sizeof buf) == 10 && memcmp(buf, "read only\n", 10) == 0, "content of existing.txt");
    FAILS_WITH(write(fd, "x", 1), EBADF);
    OK(close(fd));
    READ_ONLY_DENIED(open(at(0, ro, "existing.txt"), O_WRONLY));
    READ_ONLY_DENIED(open(at(0, ro, "existing.txt"), O_RDWR));
    READ_ONLY_DENIED(open(at(0, ro, "existing.txt"), O_RDONLY | O_TRUNC));
    READ_ONLY_DENIED(open(at(0, ro, "new.txt"), O_WRONLY | O_CREAT, 0644));
    READ_ONLY_DENIED(mkdir(at(0, ro, "d"), 0755));
    READ_ONLY_DENIED(unlink(at(0, ro, "existing.txt")));
    READ_ONLY_DENIED(rename(at(0, ro, "existing.txt"), at(1, ro, "moved.txt")));
    READ_ONLY_DENIED(rename(at(0, ro, "existing.txt"), at(1, dir, "moved.txt")));
    READ_ONLY_DENIED(rename(at(0, dir, "sub"), at(1, ro, "sub")));
    READ_ONLY_DENIED(symlink("existing.txt", at(0, ro, "l")));
    READ_ONLY_DENIED(link(at(0, ro, "existing.txt"), at(1, ro, "hard.txt")));
    OK(stat(at(0, ro, "existing.txt"), &st));
    CHECK(st.st_size == 10, "existing.txt changed size to %lld", (long long)st.st_size);
    FAILS_WITH(stat(at(0, ro, "new.txt"), &st), ENOENT);
    FAILS_WITH(stat(at(0, ro, "moved.txt"), &st), ENOENT);
    FAILS_WITH(stat(at(0, dir, "moved.txt"), &st), ENOENT);
    OK(stat(at(0, dir, "sub"), &st));
    puts("ok read-only");

    /* bad descriptors */
    FAILS_WITH(read(99, buf, 1), EBADF);
    FAILS_WITH(write(99, buf, 1), EBADF);
    FAILS_WITH(close(99), EBADF);
    FAILS_WITH(fstat(99, &st), EBADF);
    FAILS_WITH(read(dfd, buf, 1), EBADF);
    FAILS_WITH(write(dfd, "x", 1), EBADF);
    FAILS_WITH(openat(99, "x", O_RDONLY), EBADF);
    OK(close(dfd));
    puts("ok ebadf");

    puts("errno: all ok");
    return 0;
}
