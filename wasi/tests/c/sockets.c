/* sockets N: fd 3 is a preopened listening TCP socket. Serves N
 * connections one after another: waits for the listener with
 * poll_oneoff, sock_accept, sock_recv a line "ping <i>\n", sock_send
 * "pong <i>\n", sock_shutdown (write side), close. Socket calls on a
 * non-socket fail with ENOTSOCK, on a bad fd with EBADF. "ok <step>". */
#include "check.h"

#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wasi/api.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("sock_accept"))) int32_t
raw_sock_accept(int32_t fd, int32_t flags, int32_t out);

int main(int argc, char **argv) {
    check_program = "sockets";
    CHECK(argc == 2, "usage: sockets N");
    int n = atoi(argv[1]);
    const int listener = 3;
    __wasi_fdstat_t fs;
    CHECK(__wasi_fd_fdstat_get(listener, &fs) == 0, "fdstat of fd 3");
    CHECK(fs.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM, "fd 3 has filetype %d", fs.fs_filetype);
    int32_t fd;
    CHECK(raw_sock_accept(1, 0, (int32_t)(intptr_t)&fd) == __WASI_ERRNO_NOTSOCK, "sock_accept on stdout");
    CHECK(raw_sock_accept(99, 0, (int32_t)(intptr_t)&fd) == __WASI_ERRNO_BADF, "sock_accept on fd 99");
    char buf[64];
    FAILS_WITH(recv(1, buf, sizeof buf, 0), ENOTSOCK);
    FAILS_WITH(send(1, "x", 1, 0), ENOTSOCK);
    FAILS_WITH(shutdown(1, SHUT_WR), ENOTSOCK);
    puts("ok not-a-socket");

    for (int i = 0; i < n; i++) {
        __wasi_subscription_t s;
        __wasi_event_t ev;
        __wasi_size_t nev;
        memset(&s, 0, sizeof s);
        s.userdata = 7;
        s.u.tag = __WASI_EVENTTYPE_FD_READ;
        s.u.u.fd_read.file_descriptor = listener;
        CHECK(__wasi_poll_oneoff(&s, &ev, 1, &nev) == 0, "poll_oneoff on the listener");
        CHECK(nev == 1 && ev.userdata == 7 && ev.error == 0, "listener event: %u, error %d", (unsigned)nev, ev.error);

        int32_t e = raw_sock_accept(listener, 0, (int32_t)(intptr_t)&fd);
        CHECK(e == 0, "sock_accept: errno %d", e);
        CHECK(__wasi_fd_fdstat_get(fd, &fs) == 0 && fs.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM,
              "accepted fd has filetype %d", fs.fs_filetype);
        size_t got = 0;
        while (got == 0 || buf[got - 1] != '\n') {
            ssize_t r = recv(fd, buf + got, sizeof buf - 1 - got, 0);
            CHECK(r > 0, "recv after %zu bytes: %zd, errno %d", got, r, errno);
            got += (size_t)r;
            CHECK(got < sizeof buf - 1, "line too long");
        }
        buf[got] = 0;
        char want[32];
        snprintf(want, sizeof want, "ping %d\n", i);
        CHECK(strcmp(buf, want) == 0, "received \"%s\"", buf);
        char reply[32];
        int len = snprintf(reply, sizeof reply, "pong %d\n", i);
        CHECK(send(fd, reply, (size_t)len, 0) == len, "send: errno %d", errno);
        OK(shutdown(fd, SHUT_WR));
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        CHECK(r == 0, "recv after the peer closed: %zd (errno %d)", r, errno);
        OK(close(fd));
        printf("ok connection %d\n", i);
    }
    puts("sockets: all ok");
    return 0;
}
