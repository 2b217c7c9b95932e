//! The `path_*` functions: everything named by (directory fd, path).
//!
//! Each checks the directory fd's right for the operation
//! (`ENOTCAPABLE`), reads and checks the path
//! ([`sandbox::check_path`]), resolves it beneath the directory
//! ([`sandbox::open`] for opens, [`sandbox::locate`] for the rest) and
//! acts on what it found without following symlinks at the host.

use std::fs::File;
use std::os::fd::{AsFd, BorrowedFd};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};

use crate::WasiCtx;
use crate::abi::{LOOKUP_SYMLINK_FOLLOW, fdflags, filestat, oflags, rights};
use crate::errno::Errno;
use crate::fd::{filetype_of, timestamps, write_filestat};
use crate::link::{Fail, narrow};
use crate::mem::Mem;
use crate::sandbox::{self, Located};
use crate::table::{Entry, Kind};

type R = Result<(), Fail>;

/// The directory fd `fd` with right `need`: `EBADF` if not open,
/// `ENOTDIR` if not a directory, `ENOTCAPABLE` without the right.
fn dir(cx: &WasiCtx, fd: u32, need: u64) -> Result<(&Entry, BorrowedFd<'_>), Errno> {
    let e = cx.entry(fd)?;
    let Kind::Dir { fd: host, .. } = &e.kind else {
        return Err(Errno::NOTDIR);
    };
    e.require(need)?;
    Ok((e, host.as_fd()))
}

/// Whether directory entry `e` is beneath a read-only preopen.
fn read_only(e: &Entry) -> bool {
    matches!(
        e.kind,
        Kind::Dir {
            read_only: true,
            ..
        }
    )
}

/// The guest path at `(ptr, len)`, checked.
fn path_arg(mem: &Mem<'_>, ptr: u64, len: u64) -> Result<String, Errno> {
    let bytes = mem.slice(ptr as u32, len as u32)?;
    sandbox::check_path(bytes).map(str::to_owned)
}

fn exists(l: &Located) -> bool {
    rustix::fs::statat(&l.dir, l.name.as_str(), AtFlags::SYMLINK_NOFOLLOW).is_ok()
}

fn is_dir(l: &Located) -> Result<bool, Errno> {
    let st = rustix::fs::statat(&l.dir, l.name.as_str(), AtFlags::SYMLINK_NOFOLLOW)?;
    Ok(FileType::from_raw_mode(st.st_mode as _) == FileType::Directory)
}

/// A path naming something to create must not end in `/` unless it is
/// a directory being made: `EEXIST` if something is there, else `ENOENT`.
fn no_trailing_slash(l: &Located) -> Result<(), Errno> {
    if l.trailing_slash {
        return Err(if exists(l) {
            Errno::EXIST
        } else {
            Errno::NOENT
        });
    }
    Ok(())
}

pub(crate) fn path_open(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (dirflags, of, base, inheriting, fdf, out) = (
        a[1] as u32,
        a[4] as u16,
        a[5],
        a[6],
        a[7] as u16,
        a[8] as u32,
    );
    let (d, root) = dir(cx, a[0] as u32, rights::PATH_OPEN)?;
    if u64::from(of) != a[4]
        || of & !oflags::ALL != 0
        || u64::from(fdf) != a[7]
        || fdf & !fdflags::ALL != 0
    {
        return Err(Errno::INVAL.into());
    }
    if of & oflags::CREAT != 0 {
        d.require(rights::PATH_CREATE_FILE)?;
    }
    if of & oflags::TRUNC != 0 {
        d.require(rights::PATH_FILESTAT_SET_SIZE)?;
    }
    if (base | inheriting) & !d.inheriting != 0 {
        return Err(Errno::NOTCAPABLE.into());
    }
    let read = base & (rights::FD_READ | rights::FD_READDIR) != 0;
    let write = base & rights::FILE_WRITE & !rights::FD_FILESTAT_SET_TIMES != 0
        || fdf & fdflags::APPEND != 0
        || of & (oflags::TRUNC | oflags::CREAT) != 0;
    let ro = read_only(d);
    if write && ro {
        return Err(Errno::NOTCAPABLE.into());
    }
    let path = path_arg(mem, a[2], a[3])?;
    mem.check(out, 4, 4)?;

    let mut flags = match (read, write) {
        (_, false) => OFlags::RDONLY,
        (false, true) => OFlags::WRONLY,
        (true, true) => OFlags::RDWR,
    };
    for (bit, host) in [
        (oflags::CREAT, OFlags::CREATE),
        (oflags::DIRECTORY, OFlags::DIRECTORY),
        (oflags::EXCL, OFlags::EXCL),
        (oflags::TRUNC, OFlags::TRUNC),
    ] {
        if of & bit != 0 {
            flags |= host;
        }
    }
    for (bit, host) in [
        (fdflags::APPEND, OFlags::APPEND),
        (fdflags::DSYNC, OFlags::DSYNC),
        (fdflags::SYNC, OFlags::SYNC),
        (fdflags::RSYNC, OFlags::RSYNC),
        (fdflags::NONBLOCK, OFlags::NONBLOCK),
    ] {
        if fdf & bit != 0 {
            flags |= host;
        }
    }
    if dirflags & LOOKUP_SYMLINK_FOLLOW == 0 {
        flags |= OFlags::NOFOLLOW;
    }
    let dir_inheriting = d.inheriting;
    let fd = sandbox::open(root, &path, flags, Mode::from_raw_mode(0o666))?;
    let ft = filetype_of(fd.as_fd())?;
    let entry = if ft == crate::abi::filetype::DIRECTORY {
        Entry {
            kind: Kind::Dir {
                fd,
                preopen: None,
                listing: None,
                read_only: ro,
            },
            base: base & rights::DIR,
            inheriting: inheriting & dir_inheriting,
            filetype: ft,
        }
    } else {
        let mut allowed = rights::FILE;
        if !read {
            allowed &= !rights::FD_READ;
        }
        if !write {
            allowed &= !(rights::FILE_WRITE & !rights::FD_FILESTAT_SET_TIMES);
        }
        if ro {
            allowed &= !rights::FILE_WRITE;
        }
        Entry {
            kind: Kind::File(File::from(fd)),
            base: base & allowed,
            inheriting: 0,
            filetype: ft,
        }
    };
    let new = cx.table.push(entry)?;
    mem.write_u32(out, new)?;
    Ok(())
}

pub(crate) fn path_create_directory(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (_, root) = dir(cx, a[0] as u32, rights::PATH_CREATE_DIRECTORY)?;
    let path = path_arg(mem, a[1], a[2])?;
    let l = sandbox::locate(root, &path, false)?;
    if l.name == "." {
        return Err(Errno::EXIST.into());
    }
    rustix::fs::mkdirat(&l.dir, l.name.as_str(), Mode::from_raw_mode(0o777))?;
    Ok(())
}

pub(crate) fn path_filestat_get(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (_, root) = dir(cx, a[0] as u32, rights::PATH_FILESTAT_GET)?;
    let path = path_arg(mem, a[2], a[3])?;
    let follow = a[1] as u32 & LOOKUP_SYMLINK_FOLLOW != 0 || path.ends_with('/');
    mem.check(a[4] as u32, filestat::SIZE, filestat::ALIGN)?;
    let l = sandbox::locate(root, &path, follow)?;
    let st = rustix::fs::statat(&l.dir, l.name.as_str(), AtFlags::SYMLINK_NOFOLLOW)?;
    if l.trailing_slash && FileType::from_raw_mode(st.st_mode as _) != FileType::Directory {
        return Err(Errno::NOTDIR.into());
    }
    write_filestat(mem, a[4] as u32, &st)
}

pub(crate) fn path_filestat_set_times(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (_, root) = dir(cx, a[0] as u32, rights::PATH_FILESTAT_SET_TIMES)?;
    let path = path_arg(mem, a[2], a[3])?;
    let times = timestamps(a[4], a[5], narrow(a[6])?)?;
    let follow = a[1] as u32 & LOOKUP_SYMLINK_FOLLOW != 0 || path.ends_with('/');
    let l = sandbox::locate(root, &path, follow)?;
    rustix::fs::utimensat(&l.dir, l.name.as_str(), &times, AtFlags::SYMLINK_NOFOLLOW)?;
    Ok(())
}

pub(crate) fn path_link(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (_, old_root) = dir(cx, a[0] as u32, rights::PATH_LINK_SOURCE)?;
    let (_, new_root) = dir(cx, a[4] as u32, rights::PATH_LINK_TARGET)?;
    let old_path = path_arg(mem, a[2], a[3])?;
    let new_path = path_arg(mem, a[5], a[6])?;
    let old = sandbox::locate(
        old_root,
        &old_path,
        a[1] as u32 & LOOKUP_SYMLINK_FOLLOW != 0,
    )?;
    let new = sandbox::locate(new_root, &new_path, false)?;
    if old.name == "." || (old.trailing_slash && is_dir(&old)?) {
        return Err(Errno::PERM.into());
    }
    if old.trailing_slash {
        return Err(Errno::NOTDIR.into());
    }
    if new.name == "." {
        return Err(Errno::EXIST.into());
    }
    no_trailing_slash(&new)?;
    rustix::fs::linkat(
        &old.dir,
        old.name.as_str(),
        &new.dir,
        new.name.as_str(),
        AtFlags::empty(),
    )?;
    Ok(())
}

pub(crate) fn path_readlink(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (_, root) = dir(cx, a[0] as u32, rights::PATH_READLINK)?;
    let path = path_arg(mem, a[1], a[2])?;
    let (buf, buf_len, out) = (a[3] as u32, a[4] as u32, a[5] as u32);
    mem.check(out, 4, 4)?;
    mem.check(buf, buf_len, 1)?;
    let l = sandbox::locate(root, &path, path.ends_with('/'))?;
    let target = rustix::fs::readlinkat(&l.dir, l.name.as_str(), Vec::new())?;
    let bytes = target.as_bytes();
    let n = bytes.len().min(buf_len as usize);
    mem.slice_mut(buf, n as u32)?.copy_from_slice(&bytes[..n]);
    mem.write_u32(out, n as u32)?;
    Ok(())
}

pub(crate) fn path_remove_directory(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (_, root) = dir(cx, a[0] as u32, rights::PATH_REMOVE_DIRECTORY)?;
    let path = path_arg(mem, a[1], a[2])?;
    let l = sandbox::locate(root, &path, false)?;
    rustix::fs::unlinkat(&l.dir, l.name.as_str(), AtFlags::REMOVEDIR)?;
    Ok(())
}

pub(crate) fn path_rename(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (_, old_root) = dir(cx, a[0] as u32, rights::PATH_RENAME_SOURCE)?;
    let (_, new_root) = dir(cx, a[3] as u32, rights::PATH_RENAME_TARGET)?;
    let old_path = path_arg(mem, a[1], a[2])?;
    let new_path = path_arg(mem, a[4], a[5])?;
    let old = sandbox::locate(old_root, &old_path, false)?;
    let new = sandbox::locate(new_root, &new_path, false)?;
    if (old.trailing_slash || new.trailing_slash) && !is_dir(&old)? {
        return Err(Errno::NOTDIR.into());
    }
    rustix::fs::renameat(&old.dir, old.name.as_str(), &new.dir, new.name.as_str())?;
    Ok(())
}

pub(crate) fn path_symlink(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (_, root) = dir(cx, a[2] as u32, rights::PATH_SYMLINK)?;
    // The link's contents: checked like a path, so no absolute target is
    // planted for the host to follow later.
    let target = path_arg(mem, a[0], a[1])?;
    let new_path = path_arg(mem, a[3], a[4])?;
    let new = sandbox::locate(root, &new_path, false)?;
    if new.name == "." {
        return Err(Errno::EXIST.into());
    }
    no_trailing_slash(&new)?;
    rustix::fs::symlinkat(target.as_str(), &new.dir, new.name.as_str())?;
    Ok(())
}

pub(crate) fn path_unlink_file(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let (_, root) = dir(cx, a[0] as u32, rights::PATH_UNLINK_FILE)?;
    let path = path_arg(mem, a[1], a[2])?;
    let l = sandbox::locate(root, &path, false)?;
    if l.trailing_slash {
        return Err(if is_dir(&l)? {
            Errno::ISDIR
        } else {
            Errno::NOTDIR
        }
        .into());
    }
    rustix::fs::unlinkat(&l.dir, l.name.as_str(), AtFlags::empty())?;
    Ok(())
}
