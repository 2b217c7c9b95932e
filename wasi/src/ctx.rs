//! `WasiCtx`: what one guest was granted — arguments, environment,
//! stdio, preopened directories and listening sockets — and its fd table.
//!
//! Nothing is granted by default: a context from
//! `WasiCtxBuilder::new().build()` has no arguments, no environment,
//! stdin at end of file, stdout and stderr discarding what they get, and
//! no preopen, so no path resolves to anything.

use std::fs::File;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

use crate::abi::{filetype, rights};
use crate::errno::Errno;
use crate::table::{Entry, FdTable, Kind};

/// What a preopened directory lets the guest do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirPerms {
    /// Read files and list directories; nothing is created, changed or
    /// removed.
    ReadOnly,
    /// Everything.
    ReadWrite,
}

/// Builds a [`WasiCtx`]. Nothing is granted by default: no arguments,
/// no environment, stdin at end of file, stdout and stderr discarded,
/// no preopened directory or socket.
#[derive(Default)]
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<Kind>,
    stdout: Option<Kind>,
    stderr: Option<Kind>,
    preopens: Vec<(OwnedFd, String, DirPerms)>,
    listeners: Vec<TcpListener>,
    error: Option<std::io::Error>,
}

impl std::fmt::Debug for WasiCtxBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiCtxBuilder")
            .field("args", &self.args)
            .field("env", &self.env.len())
            .field("preopens", &self.preopens.len())
            .finish()
    }
}

impl WasiCtxBuilder {
    /// Nothing granted.
    pub fn new() -> WasiCtxBuilder {
        WasiCtxBuilder::default()
    }

    /// Appends one program argument (the first is the program's name).
    pub fn arg(&mut self, arg: impl Into<String>) -> &mut Self {
        self.args.push(arg.into());
        self
    }

    /// Appends program arguments.
    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(&mut self, args: I) -> &mut Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets environment variable `key` (a later value replaces an earlier one).
    pub fn env(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        let key = key.into();
        self.env.retain(|(k, _)| *k != key);
        self.env.push((key, value.into()));
        self
    }

    /// Passes the host's whole environment (variables that are not
    /// UTF-8 are left out).
    pub fn inherit_env(&mut self) -> &mut Self {
        for (k, v) in std::env::vars_os() {
            if let (Ok(k), Ok(v)) = (k.into_string(), v.into_string()) {
                self.env(k, v);
            }
        }
        self
    }

    /// Gives the guest the host's stdin, stdout and stderr.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        // A host fd that cannot be duplicated (closed) stays ungranted.
        let dup = |fd: std::os::fd::BorrowedFd<'_>| {
            fd.try_clone_to_owned()
                .ok()
                .map(|fd| Kind::File(File::from(fd)))
        };
        self.stdin = dup(std::io::stdin().as_fd());
        self.stdout = dup(std::io::stdout().as_fd());
        self.stderr = dup(std::io::stderr().as_fd());
        self
    }

    /// Stdin reads from `r`.
    pub fn stdin(&mut self, r: impl Read + Send + 'static) -> &mut Self {
        self.stdin = Some(Kind::Input(Box::new(r)));
        self
    }

    /// Stdout writes to `w`.
    pub fn stdout(&mut self, w: impl Write + Send + 'static) -> &mut Self {
        self.stdout = Some(Kind::Output(Box::new(w)));
        self
    }

    /// Stderr writes to `w`.
    pub fn stderr(&mut self, w: impl Write + Send + 'static) -> &mut Self {
        self.stderr = Some(Kind::Output(Box::new(w)));
        self
    }

    /// Preopens host directory `host` as `guest` (the name the guest
    /// resolves paths under, e.g. `/` or `data`). An error opening it is
    /// reported by [`build`](Self::build).
    pub fn preopened_dir(
        &mut self,
        host: impl AsRef<Path>,
        guest: impl Into<String>,
        perms: DirPerms,
    ) -> &mut Self {
        let opened = rustix::fs::open(
            host.as_ref(),
            rustix::fs::OFlags::DIRECTORY
                | rustix::fs::OFlags::RDONLY
                | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::empty(),
        );
        match opened {
            Ok(fd) => self.preopens.push((fd, guest.into(), perms)),
            Err(e) => {
                self.error.get_or_insert_with(|| {
                    std::io::Error::new(
                        std::io::Error::from(e).kind(),
                        format!("cannot open directory {}: {e}", host.as_ref().display()),
                    )
                });
            }
        }
        self
    }

    /// Preopens a listening socket: the guest accepts connections on it
    /// with `sock_accept`.
    pub fn tcp_listener(&mut self, listener: TcpListener) -> &mut Self {
        self.listeners.push(listener);
        self
    }

    /// The context; an error if a preopened directory could not be opened.
    pub fn build(&mut self) -> std::io::Result<WasiCtx> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let b = std::mem::take(self);
        let mut table = FdTable::default();
        let stdio = [
            (
                b.stdin,
                Kind::Input(Box::new(std::io::empty())),
                rights::FD_READ,
            ),
            (
                b.stdout,
                Kind::Output(Box::new(std::io::sink())),
                rights::FD_WRITE,
            ),
            (
                b.stderr,
                Kind::Output(Box::new(std::io::sink())),
                rights::FD_WRITE,
            ),
        ];
        for (given, default, direction) in stdio {
            let kind = given.unwrap_or(default);
            let ft = match &kind {
                Kind::File(f) => crate::fd::filetype_of(f.as_fd()).unwrap_or(filetype::UNKNOWN),
                _ => filetype::UNKNOWN,
            };
            let base = (rights::STREAM & !(rights::FD_READ | rights::FD_WRITE)) | direction;
            table
                .push(Entry {
                    kind,
                    base,
                    inheriting: 0,
                    filetype: ft,
                })
                .map_err(|_| std::io::Error::other("fd table full"))?;
        }
        for (fd, name, perms) in b.preopens {
            let (base, inheriting) = match perms {
                DirPerms::ReadWrite => (rights::DIR, rights::DIR | rights::FILE),
                // The inheriting rights keep the file write rights so that
                // WASI libc, which asks for `wanted & inheriting`, still
                // says when it wants to write: `path_open` then refuses
                // with ENOTCAPABLE instead of handing out a read-only fd
                // the program believes writable.
                DirPerms::ReadOnly => (
                    rights::DIR & !rights::DIR_WRITE,
                    (rights::DIR & !rights::DIR_WRITE) | rights::FILE,
                ),
            };
            table
                .push(Entry {
                    kind: Kind::Dir {
                        fd,
                        preopen: Some(name),
                        listing: None,
                        read_only: perms == DirPerms::ReadOnly,
                    },
                    base,
                    inheriting,
                    filetype: filetype::DIRECTORY,
                })
                .map_err(|_| std::io::Error::other("fd table full"))?;
        }
        for l in b.listeners {
            table
                .push(Entry {
                    kind: Kind::Listener(l),
                    base: rights::LISTENER,
                    inheriting: rights::SOCKET,
                    filetype: filetype::SOCKET_STREAM,
                })
                .map_err(|_| std::io::Error::other("fd table full"))?;
        }
        let bytes = |s: String| {
            let mut v = s.into_bytes();
            v.push(0);
            v
        };
        Ok(WasiCtx {
            args: b.args.into_iter().map(bytes).collect(),
            env: b
                .env
                .into_iter()
                .map(|(k, v)| bytes(format!("{k}={v}")))
                .collect(),
            table,
        })
    }
}

/// One guest's grants and open fds, made by [`WasiCtxBuilder`].
#[derive(Debug)]
pub struct WasiCtx {
    /// The arguments, each NUL-terminated.
    pub(crate) args: Vec<Vec<u8>>,
    /// `KEY=VALUE` strings, each NUL-terminated.
    pub(crate) env: Vec<Vec<u8>>,
    pub(crate) table: FdTable,
}

impl WasiCtx {
    pub(crate) fn entry(&self, fd: u32) -> Result<&Entry, Errno> {
        self.table.get(fd)
    }
    pub(crate) fn entry_mut(&mut self, fd: u32) -> Result<&mut Entry, Errno> {
        self.table.get_mut(fd)
    }
}
