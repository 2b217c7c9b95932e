//! The preview1 ABI: flag and enum values and the layout (size, alignment,
//! field offsets) of every struct the guest and host exchange through
//! linear memory, as named constants.
//!
//! The values come from the `witx` of `wasi_snapshot_preview1`
//! (`typenames.witx`); WASI libc's `wasi/api.h` asserts the same offsets
//! with `_Static_assert`. The tests at the bottom pin each struct's
//! offsets as `api.h` lists them, so a typo here fails a test rather
//! than a guest.

/// `rights`: what an fd may be used for.
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    pub const SOCK_SHUTDOWN: u64 = 1 << 28;
    pub const SOCK_ACCEPT: u64 = 1 << 29;

    /// Every right of a regular file.
    pub const FILE: u64 = FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;
    /// The rights of a file that change it (dropped when opened read-only).
    pub const FILE_WRITE: u64 =
        FD_DATASYNC | FD_WRITE | FD_ALLOCATE | FD_FILESTAT_SET_SIZE | FD_FILESTAT_SET_TIMES;
    /// Every right of a directory.
    pub const DIR: u64 = FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_ADVISE
        | PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_SIZE
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_TIMES
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE
        | POLL_FD_READWRITE;
    /// The rights of a directory that change what is in it.
    pub const DIR_WRITE: u64 = PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_FILESTAT_SET_SIZE
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_SET_TIMES
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE;
    /// A stream (stdio, pipe, character device): no seek or tell, so WASI
    /// libc's `isatty` can tell a terminal.
    pub const STREAM: u64 =
        FD_READ | FD_WRITE | FD_FDSTAT_SET_FLAGS | FD_FILESTAT_GET | POLL_FD_READWRITE;
    /// A listening socket.
    pub const LISTENER: u64 =
        SOCK_ACCEPT | FD_FDSTAT_SET_FLAGS | FD_FILESTAT_GET | POLL_FD_READWRITE;
    /// A connected socket.
    pub const SOCKET: u64 = FD_READ
        | FD_WRITE
        | SOCK_SHUTDOWN
        | FD_FDSTAT_SET_FLAGS
        | FD_FILESTAT_GET
        | POLL_FD_READWRITE;
}

/// `filetype`.
pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    pub const SOCKET_DGRAM: u8 = 5;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// `fdflags`.
pub mod fdflags {
    pub const APPEND: u16 = 1 << 0;
    pub const DSYNC: u16 = 1 << 1;
    pub const NONBLOCK: u16 = 1 << 2;
    pub const RSYNC: u16 = 1 << 3;
    pub const SYNC: u16 = 1 << 4;
    pub const ALL: u16 = APPEND | DSYNC | NONBLOCK | RSYNC | SYNC;
}

/// `oflags` of `path_open`.
pub mod oflags {
    pub const CREAT: u16 = 1 << 0;
    pub const DIRECTORY: u16 = 1 << 1;
    pub const EXCL: u16 = 1 << 2;
    pub const TRUNC: u16 = 1 << 3;
    pub const ALL: u16 = CREAT | DIRECTORY | EXCL | TRUNC;
}

/// `lookupflags`.
pub const LOOKUP_SYMLINK_FOLLOW: u32 = 1;

/// `fstflags` of the `*_set_times` functions.
pub mod fstflags {
    pub const ATIM: u16 = 1 << 0;
    pub const ATIM_NOW: u16 = 1 << 1;
    pub const MTIM: u16 = 1 << 2;
    pub const MTIM_NOW: u16 = 1 << 3;
}

/// `whence` of `fd_seek`.
pub mod whence {
    pub const SET: u8 = 0;
    pub const CUR: u8 = 1;
    pub const END: u8 = 2;
}

/// `clockid`.
pub mod clockid {
    pub const REALTIME: u32 = 0;
    pub const MONOTONIC: u32 = 1;
    pub const PROCESS_CPUTIME_ID: u32 = 2;
    pub const THREAD_CPUTIME_ID: u32 = 3;
}

/// `eventtype`, `subclockflags`, `eventrwflags` of `poll_oneoff`.
pub mod event {
    pub const CLOCK: u8 = 0;
    pub const FD_READ: u8 = 1;
    pub const FD_WRITE: u8 = 2;
    pub const SUBCLOCK_ABSTIME: u16 = 1;
    pub const FD_READWRITE_HANGUP: u16 = 1;
}

/// `riflags`, `roflags`, `sdflags` of the socket functions.
pub mod sock {
    pub const RECV_PEEK: u16 = 1 << 0;
    pub const RECV_WAITALL: u16 = 1 << 1;
    pub const RECV_DATA_TRUNCATED: u16 = 1 << 0;
    pub const SHUT_RD: u8 = 1 << 0;
    pub const SHUT_WR: u8 = 1 << 1;
}

/// Advice values of `fd_advise` run from `NORMAL` (0) to `NOREUSE` (5).
pub const ADVICE_MAX: u8 = 5;

/// `iovec` / `ciovec`: `{ buf: u32, buf_len: u32 }`.
pub mod iovec {
    pub const SIZE: u32 = 8;
    pub const ALIGN: u32 = 4;
    pub const BUF: u32 = 0;
    pub const BUF_LEN: u32 = 4;
}

/// `fdstat`.
pub mod fdstat {
    pub const SIZE: u32 = 24;
    pub const ALIGN: u32 = 8;
    pub const FILETYPE: u32 = 0;
    pub const FLAGS: u32 = 2;
    pub const RIGHTS_BASE: u32 = 8;
    pub const RIGHTS_INHERITING: u32 = 16;
}

/// `filestat`.
pub mod filestat {
    pub const SIZE: u32 = 64;
    pub const ALIGN: u32 = 8;
    pub const DEV: u32 = 0;
    pub const INO: u32 = 8;
    pub const FILETYPE: u32 = 16;
    pub const NLINK: u32 = 24;
    pub const SIZE_FIELD: u32 = 32;
    pub const ATIM: u32 = 40;
    pub const MTIM: u32 = 48;
    pub const CTIM: u32 = 56;
}

/// `dirent` (followed by `d_namlen` bytes of name, unaligned, in the
/// `fd_readdir` buffer).
pub mod dirent {
    pub const SIZE: u32 = 24;
    pub const NEXT: u32 = 0;
    pub const INO: u32 = 8;
    pub const NAMLEN: u32 = 16;
    pub const TYPE: u32 = 20;
}

/// `prestat`: `{ tag: u8, u: { dir: { pr_name_len: u32 } } }`.
pub mod prestat {
    pub const SIZE: u32 = 8;
    pub const ALIGN: u32 = 4;
    pub const TAG: u32 = 0;
    pub const TAG_DIR: u8 = 0;
    pub const NAME_LEN: u32 = 4;
}

/// `subscription`: `{ userdata: u64, u: subscription_u }`, the union's
/// tag at 8 and its contents at 16.
pub mod subscription {
    pub const SIZE: u32 = 48;
    pub const ALIGN: u32 = 8;
    pub const USERDATA: u32 = 0;
    pub const TAG: u32 = 8;
    pub const CLOCK_ID: u32 = 16;
    pub const CLOCK_TIMEOUT: u32 = 24;
    pub const CLOCK_PRECISION: u32 = 32;
    pub const CLOCK_FLAGS: u32 = 40;
    pub const FD: u32 = 16;
}

/// `event`.
pub mod event_layout {
    pub const SIZE: u32 = 32;
    pub const ALIGN: u32 = 8;
    pub const USERDATA: u32 = 0;
    pub const ERROR: u32 = 8;
    pub const TYPE: u32 = 10;
    pub const NBYTES: u32 = 16;
    pub const FLAGS: u32 = 24;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The offsets WASI libc's `wasi/api.h` asserts (`offsetof`,
    /// `sizeof`, `_Alignof` on wasm32), copied by hand.
    #[test]
    fn struct_layouts_match_wasi_libc() {
        assert_eq!(
            (iovec::SIZE, iovec::ALIGN, iovec::BUF, iovec::BUF_LEN),
            (8, 4, 0, 4)
        );
        assert_eq!(
            (fdstat::SIZE, fdstat::ALIGN, fdstat::FILETYPE, fdstat::FLAGS),
            (24, 8, 0, 2)
        );
        assert_eq!((fdstat::RIGHTS_BASE, fdstat::RIGHTS_INHERITING), (8, 16));
        assert_eq!((filestat::SIZE, filestat::ALIGN), (64, 8));
        assert_eq!(
            [
                filestat::DEV,
                filestat::INO,
                filestat::FILETYPE,
                filestat::NLINK,
                filestat::SIZE_FIELD,
                filestat::ATIM,
                filestat::MTIM,
                filestat::CTIM
            ],
            [0, 8, 16, 24, 32, 40, 48, 56]
        );
        assert_eq!(
            [
                dirent::SIZE,
                dirent::NEXT,
                dirent::INO,
                dirent::NAMLEN,
                dirent::TYPE
            ],
            [24, 0, 8, 16, 20]
        );
        assert_eq!(
            [prestat::SIZE, prestat::ALIGN, prestat::NAME_LEN],
            [8, 4, 4]
        );
        assert_eq!(
            [
                subscription::SIZE,
                subscription::USERDATA,
                subscription::TAG,
                subscription::CLOCK_ID,
                subscription::CLOCK_TIMEOUT,
                subscription::CLOCK_PRECISION,
                subscription::CLOCK_FLAGS,
                subscription::FD
            ],
            [48, 0, 8, 16, 24, 32, 40, 16]
        );
        assert_eq!(
            [
                event_layout::SIZE,
                event_layout::USERDATA,
                event_layout::ERROR,
                event_layout::TYPE,
                event_layout::NBYTES,
                event_layout::FLAGS
            ],
            [32, 0, 8, 10, 16, 24]
        );
    }

    #[test]
    fn rights_are_the_witx_bits() {
        assert_eq!(rights::FD_READ, 2);
        assert_eq!(rights::PATH_OPEN, 0x2000);
        assert_eq!(rights::SOCK_ACCEPT, 0x2000_0000);
        // A read-only file keeps no right that changes it.
        assert_eq!(rights::FILE & !rights::FILE_WRITE & rights::FD_WRITE, 0);
        assert_eq!(rights::DIR & rights::DIR_WRITE, rights::DIR_WRITE);
    }
}
