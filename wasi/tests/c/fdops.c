/* fdops DIR: the descriptor-level calls wasi-libc hides or rarely makes,
 * through the raw preview1 imports: fd_renumber, fd_fdstat_get (types
 * and rights), fd_prestat_get/dir_name, fd_readdir with cookies (a
 * truncated entry fills the buffer; continuing from any entry's d_next
 * gives the following entries; a cookie past the end gives nothing),
 * poll_oneoff (clock timeout, fd read/write readiness, a bad fd reported
 * in its event), fd_advise, proc_raise (ENOSYS), sched_yield, and guest
 * pointers outside memory (EFAULT) or misaligned (EINVAL), never a trap.
 * "ok <step>" per step. */
#include "check.h"

#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))
IMPORT("proc_raise") int32_t raw_proc_raise(int32_t sig);
IMPORT("fd_write") int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t nwritten);
IMPORT("fd_read") int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t n, int32_t nread);
IMPORT("random_get") int32_t raw_random_get(int32_t buf, int32_t len);
IMPORT("args_sizes_get") int32_t raw_args_sizes_get(int32_t argc, int32_t size);
IMPORT("poll_oneoff") int32_t raw_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nevents);
IMPORT("path_open")
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags, int64_t rights,
                      int64_t inheriting, int32_t fdflags, int32_t out);

#define EQ(call, want)                                                                          \
    do {                                                                                        \
        int32_t got_ = (int32_t)(call);                                                         \
        CHECK(got_ == (want), "%s: errno %d, expected %d", #call, (int)got_, (int)(want));      \
    } while (0)

static int open_file(const char *dir, const char *name, const char *content) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_CREAT | O_TRUNC | O_RDWR, 0644);
    CHECK(fd >= 0, "open(%s): errno %d", p, errno);
    CHECK(write(fd, content, strlen(content)) == (ssize_t)strlen(content), "write %s", p);
    return fd;
}

/* fd_readdir over the whole directory with a large buffer */
struct entry {
    uint64_t next;
    char name[64];
};
static struct entry entries[64];
static int n_entries;
static uint8_t dbuf[8192];

static int parse(const uint8_t *buf, uint32_t used, struct entry *out, int max) {
    int n = 0;
    uint32_t off = 0;
    while (off + sizeof(__wasi_dirent_t) <= used && n < max) {
        __wasi_dirent_t de;
        memcpy(&de, buf + off, sizeof de);
        off += sizeof de;
        if (off + de.d_namlen > used)
            break; /* truncated last entry */
        CHECK(de.d_namlen < sizeof out[n].name, "name of %u bytes", de.d_namlen);
        memcpy(out[n].name, buf + off, de.d_namlen);
        out[n].name[de.d_namlen] = 0;
        out[n].next = de.d_next;
        off += de.d_namlen;
        n++;
    }
    return n;
}

int main(int argc, char **argv) {
    check_program = "fdops";
    CHECK(argc == 2, "usage: fdops DIR");
    const char *dir = argv[1];
    int a = open_file(dir, "a", "0123456789");
    int b = open_file(dir, "b", "bb");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0, "open(%s): errno %d", dir, errno);
    char path[512];
    snprintf(path, sizeof path, "%s/a", dir);
    int ro = open(path, O_RDONLY);
    CHECK(ro >= 0, "open(a, O_RDONLY): errno %d", errno);

    /* fdstat: file types and rights that follow the open mode */
    __wasi_fdstat_t fs;
    EQ(__wasi_fd_fdstat_get(ro, &fs), 0);
    CHECK(fs.fs_filetype == __WASI_FILETYPE_REGULAR_FILE, "file's filetype %d", fs.fs_filetype);
    CHECK(fs.fs_rights_base & __WASI_RIGHTS_FD_READ, "O_RDONLY file lacks FD_READ");
    CHECK(!(fs.fs_rights_base & __WASI_RIGHTS_FD_WRITE), "O_RDONLY file has FD_WRITE");
    EQ(__wasi_fd_fdstat_get(dfd, &fs), 0);
    CHECK(fs.fs_filetype == __WASI_FILETYPE_DIRECTORY, "directory's filetype %d", fs.fs_filetype);
    EQ(__wasi_fd_fdstat_get(1, &fs), 0);
    CHECK(fs.fs_rights_base & __WASI_RIGHTS_FD_WRITE, "stdout lacks FD_WRITE");
    EQ(__wasi_fd_fdstat_get(99, &fs), __WASI_ERRNO_BADF);
    puts("ok fdstat");

    /* prestat: fd 3 is the one preopen, named DIR; no other fd is one */
    __wasi_prestat_t ps;
    EQ(__wasi_fd_prestat_get(3, &ps), 0);
    CHECK(ps.tag == __WASI_PREOPENTYPE_DIR && ps.u.dir.pr_name_len == strlen(dir), "prestat of fd 3: tag %d len %u",
          ps.tag, (unsigned)ps.u.dir.pr_name_len);
    char name[64] = {0};
    EQ(__wasi_fd_prestat_dir_name(3, (uint8_t *)name, ps.u.dir.pr_name_len), 0);
    CHECK(strcmp(name, dir) == 0, "preopen name \"%s\"", name);
    EQ(__wasi_fd_prestat_get(a, &ps), __WASI_ERRNO_BADF);
    EQ(__wasi_fd_prestat_get(99, &ps), __WASI_ERRNO_BADF);
    puts("ok prestat");

    /* renumber: b becomes a's file (its position too), a is closed */
    CHECK(lseek(a, 3, SEEK_SET) == 3, "lseek(a, 3)");
    EQ(__wasi_fd_renumber(a, b), 0);
    __wasi_filesize_t at;
    EQ(__wasi_fd_tell(b, &at), 0);
    CHECK(at == 3, "renumbered fd at %llu, expected 3", (unsigned long long)at);
    char c;
    CHECK(read(b, &c, 1) == 1 && c == '3', "renumbered fd reads %c", c);
    EQ(__wasi_fd_tell(a, &at), __WASI_ERRNO_BADF);
    EQ(__wasi_fd_renumber(99, b), __WASI_ERRNO_BADF);
    EQ(__wasi_fd_renumber(b, 99), __WASI_ERRNO_BADF);
    EQ(__wasi_fd_renumber(b, b), 0);
    CHECK(read(b, &c, 1) == 1 && c == '4', "fd after renumbering to itself reads %c", c);
    puts("ok renumber");

    /* readdir: a truncated entry fills the buffer exactly */
    for (int i = 0; i < 10; i++) {
        char n[32];
        snprintf(n, sizeof n, "file-%d", i);
        OK(close(open_file(dir, n, "x")));
    }
    __wasi_size_t used;
    EQ(__wasi_fd_readdir(dfd, dbuf, 30, 0, &used), 0);
    CHECK(used == 30, "a 30-byte buffer came back with %u bytes", (unsigned)used);
    EQ(__wasi_fd_readdir(dfd, dbuf, sizeof dbuf, 0, &used), 0);
    CHECK(used < sizeof dbuf, "the whole listing filled %u bytes", (unsigned)used);
    n_entries = parse(dbuf, used, entries, 64);
    int files = 0;
    for (int i = 0; i < n_entries; i++)
        files += strncmp(entries[i].name, "file-", 5) == 0 || strcmp(entries[i].name, "a") == 0 ||
                 strcmp(entries[i].name, "b") == 0;
    CHECK(files == 12, "listing has %d of the 12 files (%d entries)", files, n_entries);
    /* continuing from each entry's cookie gives the ones after it */
    for (int k = 0; k + 1 < n_entries; k++) {
        struct entry rest[64];
        EQ(__wasi_fd_readdir(dfd, dbuf, sizeof dbuf, entries[k].next, &used), 0);
        int m = parse(dbuf, used, rest, 64);
        CHECK(m == n_entries - k - 1, "from cookie %llu: %d entries, expected %d", (unsigned long long)entries[k].next,
              m, n_entries - k - 1);
        for (int j = 0; j < m; j++)
            CHECK(strcmp(rest[j].name, entries[k + 1 + j].name) == 0, "from cookie %llu: \"%s\" where \"%s\" was",
                  (unsigned long long)entries[k].next, rest[j].name, entries[k + 1 + j].name);
    }
    EQ(__wasi_fd_readdir(dfd, dbuf, sizeof dbuf, entries[n_entries - 1].next, &used), 0);
    CHECK(used == 0, "from the last cookie: %u bytes", (unsigned)used);
    EQ(__wasi_fd_readdir(dfd, dbuf, sizeof dbuf, 1000000, &used), 0);
    CHECK(used == 0, "from a cookie past the end: %u bytes", (unsigned)used);
    int32_t e = __wasi_fd_readdir(ro, dbuf, sizeof dbuf, 0, &used);
    CHECK(e == __WASI_ERRNO_NOTDIR || e == __WASI_ERRNO_BADF, "fd_readdir on a file: errno %d", e);
    puts("ok readdir-cookies");

    /* poll_oneoff: a ready file wins over a 1 s timeout; a bad fd is
     * reported in its event; a timeout alone fires after its time */
    __wasi_subscription_t s[2];
    __wasi_event_t ev[2];
    __wasi_size_t nev;
    memset(s, 0, sizeof s);
    s[0].userdata = 11;
    s[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[0].u.u.clock.timeout = 1000000000;
    s[1].userdata = 22;
    s[1].u.tag = __WASI_EVENTTYPE_FD_READ;
    s[1].u.u.fd_read.file_descriptor = ro;
    memset(ev, 0, sizeof ev);
    EQ(__wasi_poll_oneoff(s, ev, 2, &nev), 0);
    CHECK(nev == 1 && ev[0].userdata == 22 && ev[0].error == 0 && ev[0].type == __WASI_EVENTTYPE_FD_READ,
          "file read readiness: %u events, userdata %llu error %d type %d", (unsigned)nev,
          (unsigned long long)ev[0].userdata, ev[0].error, ev[0].type);
    s[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    s[1].u.u.fd_write.file_descriptor = b;
    EQ(__wasi_poll_oneoff(s, ev, 2, &nev), 0);
    CHECK(nev == 1 && ev[0].userdata == 22 && ev[0].error == 0 && ev[0].type == __WASI_EVENTTYPE_FD_WRITE,
          "file write readiness: %u events, userdata %llu error %d", (unsigned)nev,
          (unsigned long long)ev[0].userdata, ev[0].error);
    s[1].u.u.fd_write.file_descriptor = 99;
    /* reported in the event, or (as wasmtime does) by the call */
    e = __wasi_poll_oneoff(s, ev, 2, &nev);
    CHECK(e == __WASI_ERRNO_BADF ||
              (e == 0 && nev == 1 && ev[0].userdata == 22 && ev[0].error == __WASI_ERRNO_BADF),
          "bad fd: errno %d, %u events, userdata %llu error %d", e, (unsigned)nev, (unsigned long long)ev[0].userdata,
          ev[0].error);
    struct timespec t0, t1;
    OK(clock_gettime(CLOCK_MONOTONIC, &t0));
    s[0].u.u.clock.timeout = 15000000;
    EQ(__wasi_poll_oneoff(s, ev, 1, &nev), 0);
    OK(clock_gettime(CLOCK_MONOTONIC, &t1));
    long long waited = (t1.tv_sec - t0.tv_sec) * 1000000000ll + (t1.tv_nsec - t0.tv_nsec);
    CHECK(nev == 1 && ev[0].userdata == 11 && ev[0].type == __WASI_EVENTTYPE_CLOCK && ev[0].error == 0,
          "timeout: %u events, userdata %llu", (unsigned)nev, (unsigned long long)ev[0].userdata);
    CHECK(waited >= 15000000, "a 15 ms timeout fired after %lld ns", waited);
    EQ(raw_poll_oneoff(0, 0, 0, 0x100), __WASI_ERRNO_INVAL);
    struct pollfd pf[2] = {{ro, POLLRDNORM, 0}, {b, POLLWRNORM, 0}};
    CHECK(poll(pf, 2, 100) == 2 && pf[0].revents == POLLRDNORM && pf[1].revents == POLLWRNORM,
          "poll() on two files: revents %#x %#x", pf[0].revents, pf[1].revents);
    puts("ok poll");

    /* the odd ones */
    EQ(__wasi_fd_advise(b, 0, 0, __WASI_ADVICE_WILLNEED), 0);
    EQ(__wasi_fd_advise(b, 0, 0, 9), __WASI_ERRNO_INVAL);
    EQ(raw_proc_raise(2), __WASI_ERRNO_NOSYS);
    EQ(__wasi_sched_yield(), 0);
    puts("ok advise-raise-yield");

    /* pointers outside memory: EFAULT; misaligned results: EINVAL */
    int32_t top = (int32_t)(__builtin_wasm_memory_size(0) * 65536);
    struct {
        int32_t buf;
        int32_t len;
    } iov = {top - 4, 8};
    int32_t nw;
    EQ(raw_fd_write(1, top - 4, 1, (int32_t)(intptr_t)&nw), __WASI_ERRNO_FAULT);
    EQ(raw_fd_write(1, -16, 1, (int32_t)(intptr_t)&nw), __WASI_ERRNO_FAULT);
    EQ(raw_fd_write(1, (int32_t)(intptr_t)&iov, 1, (int32_t)(intptr_t)&nw), __WASI_ERRNO_FAULT);
    iov.buf = (int32_t)(intptr_t)&c;
    iov.len = 1;
    EQ(raw_fd_write(1, (int32_t)(intptr_t)&iov, 1, top), __WASI_ERRNO_FAULT);
    EQ(raw_fd_read(ro, (int32_t)(intptr_t)&iov, 1, top), __WASI_ERRNO_FAULT);
    iov.buf = top - 1;
    iov.len = 2;
    EQ(raw_fd_read(ro, (int32_t)(intptr_t)&iov, 1, (int32_t)(intptr_t)&nw), __WASI_ERRNO_FAULT);
    EQ(raw_random_get(top - 4096, 8192), __WASI_ERRNO_FAULT);
    EQ(raw_random_get(top, 0), 0);
    EQ(raw_args_sizes_get(top, top), __WASI_ERRNO_FAULT);
    EQ(raw_args_sizes_get((int32_t)(intptr_t)&nw + 1, (int32_t)(intptr_t)&nw), __WASI_ERRNO_INVAL);
    EQ(raw_path_open(dfd, 0, top - 2, 8, 0, __WASI_RIGHTS_FD_READ, 0, 0, (int32_t)(intptr_t)&nw), __WASI_ERRNO_FAULT);
    EQ(raw_poll_oneoff(top - 40, (int32_t)(intptr_t)ev, 1, (int32_t)(intptr_t)&nw), __WASI_ERRNO_FAULT);
    puts("ok bad-pointers");

    puts("fdops: all ok");
    return 0;
}
