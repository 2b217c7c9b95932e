//! WASI `errno` values and the mapping from host (Linux) errors.
//!
//! Every failure a guest sees is one of these numbers; a host error with
//! no WASI counterpart becomes `EIO`. `ENOTCAPABLE` (76) is WASI's own:
//! the fd lacks a right, or a path tried to leave its preopen.

use std::fmt;

/// A WASI errno (`u16` in the ABI; 0 is success).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(pub u16);

macro_rules! errnos {
    ($($name:ident = $n:literal $(=> $host:ident)?;)*) => {
        impl Errno {
            $(#[doc = concat!("`", stringify!($name), "`")] pub const $name: Errno = Errno($n);)*

            /// Its name, e.g. `NOTCAPABLE`.
            pub fn name(self) -> &'static str {
                match self.0 { $($n => stringify!($name),)* _ => "?" }
            }

            /// The WASI errno for a raw Linux errno.
            pub fn from_host(raw: i32) -> Errno {
                use rustix::io::Errno as H;
                let h = H::from_raw_os_error(raw);
                $($(if h == H::$host { return Errno::$name; })?)*
                Errno::IO
            }
        }
    };
}

errnos! {
    SUCCESS = 0;
    TOOBIG = 1 => TOOBIG;
    ACCES = 2 => ACCESS;
    ADDRINUSE = 3 => ADDRINUSE;
    ADDRNOTAVAIL = 4 => ADDRNOTAVAIL;
    AFNOSUPPORT = 5 => AFNOSUPPORT;
    AGAIN = 6 => AGAIN;
    ALREADY = 7 => ALREADY;
    BADF = 8 => BADF;
    BADMSG = 9 => BADMSG;
    BUSY = 10 => BUSY;
    CANCELED = 11 => CANCELED;
    CHILD = 12 => CHILD;
    CONNABORTED = 13 => CONNABORTED;
    CONNREFUSED = 14 => CONNREFUSED;
    CONNRESET = 15 => CONNRESET;
    DEADLK = 16 => DEADLK;
    DESTADDRREQ = 17 => DESTADDRREQ;
    DOM = 18 => DOM;
    DQUOT = 19 => DQUOT;
    EXIST = 20 => EXIST;
    FAULT = 21 => FAULT;
    FBIG = 22 => FBIG;
    HOSTUNREACH = 23 => HOSTUNREACH;
    IDRM = 24 => IDRM;
    ILSEQ = 25 => ILSEQ;
    INPROGRESS = 26 => INPROGRESS;
    INTR = 27 => INTR;
    INVAL = 28 => INVAL;
    IO = 29 => IO;
    ISCONN = 30 => ISCONN;
    ISDIR = 31 => ISDIR;
    LOOP = 32 => LOOP;
    MFILE = 33 => MFILE;
    MLINK = 34 => MLINK;
    MSGSIZE = 35 => MSGSIZE;
    MULTIHOP = 36 => MULTIHOP;
    NAMETOOLONG = 37 => NAMETOOLONG;
    NETDOWN = 38 => NETDOWN;
    NETRESET = 39 => NETRESET;
    NETUNREACH = 40 => NETUNREACH;
    NFILE = 41 => NFILE;
    NOBUFS = 42 => NOBUFS;
    NODEV = 43 => NODEV;
    NOENT = 44 => NOENT;
    NOEXEC = 45 => NOEXEC;
    NOLCK = 46 => NOLCK;
    NOLINK = 47 => NOLINK;
    NOMEM = 48 => NOMEM;
    NOMSG = 49 => NOMSG;
    NOPROTOOPT = 50 => NOPROTOOPT;
    NOSPC = 51 => NOSPC;
    NOSYS = 52 => NOSYS;
    NOTCONN = 53 => NOTCONN;
    NOTDIR = 54 => NOTDIR;
    NOTEMPTY = 55 => NOTEMPTY;
    NOTRECOVERABLE = 56 => NOTRECOVERABLE;
    NOTSOCK = 57 => NOTSOCK;
    NOTSUP = 58 => NOTSUP;
    NOTTY = 59 => NOTTY;
    NXIO = 60 => NXIO;
    OVERFLOW = 61 => OVERFLOW;
    OWNERDEAD = 62 => OWNERDEAD;
    PERM = 63 => PERM;
    PIPE = 64 => PIPE;
    PROTO = 65 => PROTO;
    PROTONOSUPPORT = 66 => PROTONOSUPPORT;
    PROTOTYPE = 67 => PROTOTYPE;
    RANGE = 68 => RANGE;
    ROFS = 69 => ROFS;
    SPIPE = 70 => SPIPE;
    SRCH = 71 => SRCH;
    STALE = 72 => STALE;
    TIMEDOUT = 73 => TIMEDOUT;
    TXTBSY = 74 => TXTBSY;
    XDEV = 75 => XDEV;
    NOTCAPABLE = 76;
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E{}({})", self.name(), self.0)
    }
}

impl From<rustix::io::Errno> for Errno {
    fn from(e: rustix::io::Errno) -> Errno {
        // Linux's ENOTSUP and EOPNOTSUPP are one value; EWOULDBLOCK is EAGAIN.
        Errno::from_host(e.raw_os_error())
    }
}

impl From<std::io::Error> for Errno {
    fn from(e: std::io::Error) -> Errno {
        match e.raw_os_error() {
            Some(raw) => Errno::from_host(raw),
            None => match e.kind() {
                std::io::ErrorKind::WouldBlock => Errno::AGAIN,
                std::io::ErrorKind::BrokenPipe => Errno::PIPE,
                std::io::ErrorKind::InvalidInput => Errno::INVAL,
                std::io::ErrorKind::UnexpectedEof => Errno::IO,
                _ => Errno::IO,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_errors_map_by_name() {
        assert_eq!(Errno::from_host(libc_like::ENOENT), Errno::NOENT);
        assert_eq!(Errno::from_host(libc_like::EXDEV), Errno::XDEV);
        assert_eq!(Errno::from_host(libc_like::ELOOP), Errno::LOOP);
        assert_eq!(Errno::from(rustix::io::Errno::NOTEMPTY), Errno::NOTEMPTY);
        assert_eq!(Errno::NOTCAPABLE.0, 76);
        assert_eq!(Errno::NOENT.0, 44);
        assert_eq!(format!("{:?}", Errno::BADF), "EBADF(8)");
        // Something with no WASI counterpart is an I/O error.
        assert_eq!(Errno::from(rustix::io::Errno::NOMEDIUM), Errno::IO);
    }

    /// Linux errno numbers (x86-64 and aarch64 agree on these).
    mod libc_like {
        pub const ENOENT: i32 = 2;
        pub const EXDEV: i32 = 18;
        pub const ELOOP: i32 = 40;
    }
}
