//! The fd table: what each guest fd number stands for, with its rights.
//!
//! ```text
//! guest fd ──▶ Entry { kind, rights base/inheriting, fdflags }
//!                 kind: File (host fd) | Dir (host dir fd, preopen name) |
//!                       Input/Output (embedder streams) | Listener | Socket
//! ```
//!
//! Rights only shrink: an entry's rights start as what its kind allows
//! (narrowed to the access the host fd was opened with) and
//! `fd_fdstat_set_rights` may only drop some.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::OwnedFd;

use crate::abi::filetype;
use crate::errno::Errno;

/// A cached listing of a directory, for `fd_readdir` cookies.
#[derive(Debug, Clone)]
pub(crate) struct DirEntry {
    pub name: Vec<u8>,
    pub ino: u64,
    pub filetype: u8,
}

/// What a guest fd refers to.
pub(crate) enum Kind {
    /// A host file (regular file, device, or inherited stdio).
    File(File),
    /// A host directory.
    Dir {
        fd: OwnedFd,
        /// The guest name of a preopened directory.
        preopen: Option<String>,
        /// The listing `fd_readdir` serves cookies from, taken when a
        /// read starts at cookie 0.
        listing: Option<Vec<DirEntry>>,
        /// Beneath a read-only preopen: nothing opened through it may
        /// write (inherited by the directories opened through it).
        read_only: bool,
    },
    /// An embedder's input stream (stdin not inherited: empty by default).
    Input(Box<dyn Read + Send>),
    /// An embedder's output stream (stdout/stderr not inherited: a sink
    /// by default).
    Output(Box<dyn Write + Send>),
    /// A preopened listening socket.
    Listener(TcpListener),
    /// An accepted connection.
    Socket(TcpStream),
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Kind::File(file) => f.debug_tuple("File").field(file).finish(),
            Kind::Dir { fd, preopen, .. } => f
                .debug_struct("Dir")
                .field("fd", fd)
                .field("preopen", preopen)
                .finish(),
            Kind::Input(_) => f.write_str("Input"),
            Kind::Output(_) => f.write_str("Output"),
            Kind::Listener(l) => f.debug_tuple("Listener").field(l).finish(),
            Kind::Socket(s) => f.debug_tuple("Socket").field(s).finish(),
        }
    }
}

/// One open guest fd.
#[derive(Debug)]
pub(crate) struct Entry {
    pub kind: Kind,
    /// The rights of operations on this fd.
    pub base: u64,
    /// The rights fds opened through this one (a directory) may get.
    pub inheriting: u64,
    /// The WASI filetype, fixed when the fd opens (`fdflags` live on
    /// the host fd itself).
    pub filetype: u8,
}

impl Entry {
    /// Fails with `ENOTCAPABLE` unless the fd has every right in `need`.
    pub fn require(&self, need: u64) -> Result<(), Errno> {
        if self.base & need == need {
            Ok(())
        } else {
            Err(Errno::NOTCAPABLE)
        }
    }

    /// The host fd, if it has one.
    pub fn host_fd(&self) -> Option<std::os::fd::BorrowedFd<'_>> {
        use std::os::fd::AsFd;
        match &self.kind {
            Kind::File(f) => Some(f.as_fd()),
            Kind::Dir { fd, .. } => Some(fd.as_fd()),
            Kind::Listener(l) => Some(l.as_fd()),
            Kind::Socket(s) => Some(s.as_fd()),
            Kind::Input(_) | Kind::Output(_) => None,
        }
    }

    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        self.filetype == filetype::DIRECTORY
    }
}

/// Guest fd numbers to entries; the lowest free number is reused first,
/// as POSIX does.
#[derive(Debug, Default)]
pub(crate) struct FdTable {
    slots: Vec<Option<Entry>>,
}

/// The most fds a guest may hold at once.
pub(crate) const MAX_FDS: usize = 1 << 16;

impl FdTable {
    pub fn get(&self, fd: u32) -> Result<&Entry, Errno> {
        self.slots
            .get(fd as usize)
            .and_then(Option::as_ref)
            .ok_or(Errno::BADF)
    }

    pub fn get_mut(&mut self, fd: u32) -> Result<&mut Entry, Errno> {
        self.slots
            .get_mut(fd as usize)
            .and_then(Option::as_mut)
            .ok_or(Errno::BADF)
    }

    /// Adds an entry at the lowest free number.
    pub fn push(&mut self, e: Entry) -> Result<u32, Errno> {
        if let Some(i) = self.slots.iter().position(Option::is_none) {
            self.slots[i] = Some(e);
            return Ok(i as u32);
        }
        if self.slots.len() >= MAX_FDS {
            return Err(Errno::MFILE);
        }
        self.slots.push(Some(e));
        Ok(self.slots.len() as u32 - 1)
    }

    pub fn remove(&mut self, fd: u32) -> Result<Entry, Errno> {
        let e = self
            .slots
            .get_mut(fd as usize)
            .and_then(Option::take)
            .ok_or(Errno::BADF)?;
        while self.slots.last().is_some_and(Option::is_none) {
            self.slots.pop();
        }
        Ok(e)
    }

    /// Moves `from` to `to`, closing what `to` held; both must be open.
    pub fn renumber(&mut self, from: u32, to: u32) -> Result<(), Errno> {
        self.get(from)?;
        self.get(to)?;
        if from != to {
            let e = self.remove(from)?;
            self.slots[to as usize] = Some(e);
        }
        Ok(())
    }
}
