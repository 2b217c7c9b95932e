//! The `fd_*` functions on open fds: reads and writes with iovecs,
//! positioned I/O, seeking, syncing, fd flags and rights, file stats and
//! sizes and times, prestats, renumbering and closing. (`fd_readdir` is
//! in [`crate::dir`].)
//!
//! Every function first finds the fd (`EBADF`), then checks its rights
//! (`ENOTCAPABLE`), then touches guest memory (`EFAULT`/`EINVAL`).

use std::io::{Read, Write};
use std::os::fd::BorrowedFd;
use std::os::unix::fs::FileExt;

use rustix::fs::{FileType, OFlags, SeekFrom, Stat, Timestamps};
use rustix::time::Timespec;

use crate::WasiCtx;
use crate::abi::{fdflags, fdstat, filestat, filetype, fstflags, prestat, rights, whence};
use crate::errno::Errno;
use crate::link::{Fail, narrow};
use crate::mem::Mem;
use crate::table::Kind;

type R = Result<(), Fail>;

/// The most bytes one read or write call moves (a short count is legal;
/// it keeps the host's bounce buffer bounded).
const MAX_IO: usize = 16 << 20;

/// The WASI filetype of a host file type.
pub(crate) fn filetype_from(ft: FileType) -> u8 {
    match ft {
        FileType::RegularFile => filetype::REGULAR_FILE,
        FileType::Directory => filetype::DIRECTORY,
        FileType::Symlink => filetype::SYMBOLIC_LINK,
        FileType::CharacterDevice => filetype::CHARACTER_DEVICE,
        FileType::BlockDevice => filetype::BLOCK_DEVICE,
        FileType::Socket => filetype::SOCKET_STREAM,
        _ => filetype::UNKNOWN,
    }
}

/// The WASI filetype of a host fd.
pub(crate) fn filetype_of(fd: BorrowedFd<'_>) -> Result<u8, Errno> {
    let st = rustix::fs::fstat(fd)?;
    Ok(filetype_from(FileType::from_raw_mode(st.st_mode as _)))
}

fn unsigned<T: TryInto<u64>>(v: T) -> u64 {
    v.try_into().unwrap_or(0)
}

/// Writes a host `stat` as a WASI `filestat` at `ptr`.
pub(crate) fn write_filestat(mem: &mut Mem<'_>, ptr: u32, st: &Stat) -> R {
    mem.check(ptr, filestat::SIZE, filestat::ALIGN)?;
    let time = |s: u64, ns: u64| s.saturating_mul(1_000_000_000).saturating_add(ns);
    mem.slice_mut(ptr, filestat::SIZE)?.fill(0);
    mem.write_u64(ptr + filestat::DEV, unsigned(st.st_dev))?;
    mem.write_u64(ptr + filestat::INO, unsigned(st.st_ino))?;
    mem.write_u8(
        ptr + filestat::FILETYPE,
        filetype_from(FileType::from_raw_mode(st.st_mode as _)),
    )?;
    mem.write_u64(ptr + filestat::NLINK, unsigned(st.st_nlink))?;
    mem.write_u64(ptr + filestat::SIZE_FIELD, unsigned(st.st_size))?;
    mem.write_u64(
        ptr + filestat::ATIM,
        time(unsigned(st.st_atime), unsigned(st.st_atime_nsec)),
    )?;
    mem.write_u64(
        ptr + filestat::MTIM,
        time(unsigned(st.st_mtime), unsigned(st.st_mtime_nsec)),
    )?;
    mem.write_u64(
        ptr + filestat::CTIM,
        time(unsigned(st.st_ctime), unsigned(st.st_ctime_nsec)),
    )?;
    Ok(())
}

/// The timestamps of a `*_set_times` call; `EINVAL` for a time both
/// given and "now".
pub(crate) fn timestamps(atim: u64, mtim: u64, flags: u16) -> Result<Timestamps, Errno> {
    let one = |t: u64, set: u16, now: u16| -> Result<Timespec, Errno> {
        Ok(match (flags & set != 0, flags & now != 0) {
            (true, true) => return Err(Errno::INVAL),
            (false, true) => Timespec {
                tv_sec: 0,
                tv_nsec: rustix::fs::UTIME_NOW,
            },
            (true, false) => Timespec {
                tv_sec: (t / 1_000_000_000) as i64,
                tv_nsec: (t % 1_000_000_000) as _,
            },
            (false, false) => Timespec {
                tv_sec: 0,
                tv_nsec: rustix::fs::UTIME_OMIT,
            },
        })
    };
    if flags & !(fstflags::ATIM | fstflags::ATIM_NOW | fstflags::MTIM | fstflags::MTIM_NOW) != 0 {
        return Err(Errno::INVAL);
    }
    Ok(Timestamps {
        last_access: one(atim, fstflags::ATIM, fstflags::ATIM_NOW)?,
        last_modification: one(mtim, fstflags::MTIM, fstflags::MTIM_NOW)?,
    })
}

fn host(cx: &WasiCtx, fd: u32) -> Result<BorrowedFd<'_>, Errno> {
    cx.entry(fd)?.host_fd().ok_or(Errno::BADF)
}

pub(crate) fn fd_advise(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    e.require(rights::FD_ADVISE)?;
    use rustix::fs::Advice;
    let advice = match narrow::<u8>(a[3])? {
        0 => Advice::Normal,
        1 => Advice::Sequential,
        2 => Advice::Random,
        3 => Advice::WillNeed,
        4 => Advice::DontNeed,
        5 => Advice::NoReuse,
        _ => return Err(Errno::INVAL.into()),
    };
    match &e.kind {
        Kind::File(f) => {
            rustix::fs::fadvise(f, a[1], std::num::NonZeroU64::new(a[2]), advice)?;
            Ok(())
        }
        _ => Ok(()),
    }
}

pub(crate) fn fd_allocate(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    e.require(rights::FD_ALLOCATE)?;
    let Kind::File(f) = &e.kind else {
        return Err(Errno::BADF.into());
    };
    if a[1]
        .checked_add(a[2])
        .is_none_or(|end| end > i64::MAX as u64)
    {
        return Err(Errno::FBIG.into());
    }
    // posix_fallocate semantics: extend the file, keep its contents.
    let size = rustix::fs::fstat(f)?.st_size as u64;
    if a[1] + a[2] > size {
        rustix::fs::ftruncate(f, a[1] + a[2])?;
    }
    Ok(())
}

pub(crate) fn fd_close(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    cx.table.remove(a[0] as u32)?;
    Ok(())
}

fn sync(cx: &mut WasiCtx, fd: u32, right: u64, data_only: bool) -> R {
    let e = cx.entry_mut(fd)?;
    e.require(right)?;
    match &mut e.kind {
        Kind::Output(w) => w.flush()?,
        Kind::File(f) if data_only => rustix::fs::fdatasync(&*f)?,
        Kind::File(f) => rustix::fs::fsync(&*f)?,
        Kind::Dir { fd, .. } => rustix::fs::fsync(&*fd)?,
        _ => return Err(Errno::INVAL.into()),
    }
    Ok(())
}

pub(crate) fn fd_datasync(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    sync(cx, a[0] as u32, rights::FD_DATASYNC, true)
}

pub(crate) fn fd_sync(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    sync(cx, a[0] as u32, rights::FD_SYNC, false)
}

/// The `fdflags` a host fd carries.
fn host_fdflags(fd: BorrowedFd<'_>) -> Result<u16, Errno> {
    let fl = rustix::fs::fcntl_getfl(fd)?;
    let mut out = 0;
    for (host, wasi) in [
        (OFlags::APPEND, fdflags::APPEND),
        (OFlags::NONBLOCK, fdflags::NONBLOCK),
        (OFlags::DSYNC, fdflags::DSYNC),
        (OFlags::SYNC, fdflags::SYNC),
    ] {
        if fl.contains(host) {
            out |= wasi;
        }
    }
    if fl.contains(OFlags::SYNC) && fl.contains(OFlags::RSYNC) {
        out |= fdflags::RSYNC;
    }
    Ok(out)
}

pub(crate) fn fd_fdstat_get(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    let ptr = a[1] as u32;
    mem.check(ptr, fdstat::SIZE, fdstat::ALIGN)?;
    let flags = match e.host_fd() {
        Some(fd) if !e.is_dir() => host_fdflags(fd)?,
        _ => 0,
    };
    mem.slice_mut(ptr, fdstat::SIZE)?.fill(0);
    mem.write_u8(ptr + fdstat::FILETYPE, e.filetype)?;
    mem.write_u16(ptr + fdstat::FLAGS, flags)?;
    mem.write_u64(ptr + fdstat::RIGHTS_BASE, e.base)?;
    mem.write_u64(ptr + fdstat::RIGHTS_INHERITING, e.inheriting)?;
    Ok(())
}

pub(crate) fn fd_fdstat_set_flags(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    e.require(rights::FD_FDSTAT_SET_FLAGS)?;
    let flags: u16 = narrow(a[1])?;
    if flags & !fdflags::ALL != 0 {
        return Err(Errno::INVAL.into());
    }
    // Linux cannot change the sync flags of an open fd.
    if flags & (fdflags::DSYNC | fdflags::SYNC | fdflags::RSYNC) != 0 {
        return Err(Errno::NOTSUP.into());
    }
    let fd = e.host_fd().ok_or(Errno::NOTSUP)?;
    let mut fl = rustix::fs::fcntl_getfl(fd)? & !(OFlags::APPEND | OFlags::NONBLOCK);
    if flags & fdflags::APPEND != 0 {
        fl |= OFlags::APPEND;
    }
    if flags & fdflags::NONBLOCK != 0 {
        fl |= OFlags::NONBLOCK;
    }
    rustix::fs::fcntl_setfl(fd, fl)?;
    Ok(())
}

pub(crate) fn fd_fdstat_set_rights(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry_mut(a[0] as u32)?;
    let (base, inheriting) = (a[1], a[2]);
    if base & !e.base != 0 || inheriting & !e.inheriting != 0 {
        return Err(Errno::NOTCAPABLE.into());
    }
    e.base = base;
    e.inheriting = inheriting;
    Ok(())
}

pub(crate) fn fd_filestat_get(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    e.require(rights::FD_FILESTAT_GET)?;
    let ptr = a[1] as u32;
    match e.host_fd() {
        Some(fd) => write_filestat(mem, ptr, &rustix::fs::fstat(fd)?),
        None => {
            mem.check(ptr, filestat::SIZE, filestat::ALIGN)?;
            mem.slice_mut(ptr, filestat::SIZE)?.fill(0);
            mem.write_u8(ptr + filestat::FILETYPE, e.filetype)?;
            Ok(())
        }
    }
}

pub(crate) fn fd_filestat_set_size(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    e.require(rights::FD_FILESTAT_SET_SIZE)?;
    let Kind::File(f) = &e.kind else {
        return Err(Errno::BADF.into());
    };
    if a[1] > i64::MAX as u64 {
        return Err(Errno::FBIG.into());
    }
    rustix::fs::ftruncate(f, a[1])?;
    Ok(())
}

pub(crate) fn fd_filestat_set_times(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    e.require(rights::FD_FILESTAT_SET_TIMES)?;
    let times = timestamps(a[1], a[2], narrow(a[3])?)?;
    let fd = e.host_fd().ok_or(Errno::BADF)?;
    rustix::fs::futimens(fd, &times)?;
    Ok(())
}

/// A zeroed bounce buffer for `iovs` (capped at [`MAX_IO`]).
fn bounce(iovs: &[(u32, u32)]) -> Vec<u8> {
    vec![0; Mem::total(iovs).min(MAX_IO)]
}

pub(crate) fn fd_read(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry_mut(a[0] as u32)?;
    e.require(rights::FD_READ)?;
    let iovs = mem.iovecs(a[1] as u32, a[2] as u32)?;
    let out = a[3] as u32;
    mem.check(out, 4, 4)?;
    let mut buf = bounce(&iovs);
    let n = match &mut e.kind {
        Kind::File(f) => f.read(&mut buf)?,
        Kind::Input(r) => r.read(&mut buf)?,
        Kind::Socket(s) => s.read(&mut buf)?,
        Kind::Dir { .. } => return Err(Errno::ISDIR.into()),
        Kind::Output(_) | Kind::Listener(_) => return Err(Errno::BADF.into()),
    };
    mem.scatter(&iovs, &buf[..n])?;
    mem.write_u32(out, n as u32)?;
    Ok(())
}

/// The file of `e` for a read or write at `offset`: `EISDIR` for a
/// directory, `ESPIPE` for anything else that cannot seek, `EINVAL` for an
/// offset past `i64::MAX`.
fn positioned(e: &crate::table::Entry, offset: u64) -> Result<&std::fs::File, Errno> {
    let Kind::File(f) = &e.kind else {
        return Err(if e.is_dir() {
            Errno::ISDIR
        } else {
            Errno::SPIPE
        });
    };
    if offset > i64::MAX as u64 {
        return Err(Errno::INVAL);
    }
    Ok(f)
}

pub(crate) fn fd_pread(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    e.require(rights::FD_READ | rights::FD_SEEK)?;
    let iovs = mem.iovecs(a[1] as u32, a[2] as u32)?;
    let out = a[4] as u32;
    mem.check(out, 4, 4)?;
    let f = positioned(e, a[3])?;
    let mut buf = bounce(&iovs);
    let n = f.read_at(&mut buf, a[3])?;
    mem.scatter(&iovs, &buf[..n])?;
    mem.write_u32(out, n as u32)?;
    Ok(())
}

pub(crate) fn fd_write(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry_mut(a[0] as u32)?;
    e.require(rights::FD_WRITE)?;
    let iovs = mem.iovecs(a[1] as u32, a[2] as u32)?;
    let out = a[3] as u32;
    mem.check(out, 4, 4)?;
    let mut data = mem.gather(&iovs)?;
    data.truncate(MAX_IO);
    let n = match &mut e.kind {
        Kind::File(f) => f.write(&data)?,
        Kind::Output(w) => {
            w.write_all(&data)?;
            data.len()
        }
        Kind::Socket(s) => s.write(&data)?,
        Kind::Dir { .. } => return Err(Errno::ISDIR.into()),
        Kind::Input(_) | Kind::Listener(_) => return Err(Errno::BADF.into()),
    };
    mem.write_u32(out, n as u32)?;
    Ok(())
}

pub(crate) fn fd_pwrite(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    e.require(rights::FD_WRITE | rights::FD_SEEK)?;
    let iovs = mem.iovecs(a[1] as u32, a[2] as u32)?;
    let out = a[4] as u32;
    mem.check(out, 4, 4)?;
    let f = positioned(e, a[3])?;
    let mut data = mem.gather(&iovs)?;
    data.truncate(MAX_IO);
    let n = f.write_at(&data, a[3])?;
    mem.write_u32(out, n as u32)?;
    Ok(())
}

pub(crate) fn fd_prestat_get(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    // WASI libc scans fds from 3 until EBADF, so anything that is not a
    // preopen answers EBADF.
    let Kind::Dir {
        preopen: Some(name),
        ..
    } = &cx.entry(a[0] as u32)?.kind
    else {
        return Err(Errno::BADF.into());
    };
    let ptr = a[1] as u32;
    mem.check(ptr, prestat::SIZE, prestat::ALIGN)?;
    mem.slice_mut(ptr, prestat::SIZE)?.fill(0);
    mem.write_u8(ptr + prestat::TAG, prestat::TAG_DIR)?;
    mem.write_u32(ptr + prestat::NAME_LEN, name.len() as u32)?;
    Ok(())
}

pub(crate) fn fd_prestat_dir_name(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let Kind::Dir {
        preopen: Some(name),
        ..
    } = &cx.entry(a[0] as u32)?.kind
    else {
        return Err(Errno::BADF.into());
    };
    if (a[2] as usize) < name.len() {
        return Err(Errno::NAMETOOLONG.into());
    }
    mem.slice_mut(a[1] as u32, name.len() as u32)?
        .copy_from_slice(name.as_bytes());
    Ok(())
}

pub(crate) fn fd_renumber(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    cx.table.renumber(a[0] as u32, a[1] as u32)?;
    Ok(())
}

pub(crate) fn fd_seek(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    let (offset, how) = (a[1] as i64, narrow::<u8>(a[2])?);
    // A seek that cannot move is a tell, which FD_TELL allows.
    let need = if offset == 0 && how == whence::CUR {
        rights::FD_TELL
    } else {
        rights::FD_SEEK
    };
    e.require(need)?;
    let pos = match how {
        whence::SET if offset >= 0 => SeekFrom::Start(offset as u64),
        whence::CUR => SeekFrom::Current(offset),
        whence::END => SeekFrom::End(offset),
        _ => return Err(Errno::INVAL.into()),
    };
    let out = a[3] as u32;
    mem.check(out, 8, 8)?;
    let fd = host(cx, a[0] as u32)?;
    let new = rustix::fs::seek(fd, pos)?;
    mem.write_u64(out, new)?;
    Ok(())
}

pub(crate) fn fd_tell(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    cx.entry(a[0] as u32)?.require(rights::FD_TELL)?;
    let out = a[1] as u32;
    mem.check(out, 8, 8)?;
    let fd = host(cx, a[0] as u32)?;
    let at = rustix::fs::seek(fd, SeekFrom::Current(0))?;
    mem.write_u64(out, at)?;
    Ok(())
}
