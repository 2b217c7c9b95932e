//! Path resolution beneath a directory fd: the WASI filesystem sandbox.
//!
//! # What this protects
//!
//! A guest names files only by (directory fd, relative path). Whatever
//! the path — `..` components, absolute paths, symlinks (absolute,
//! relative, chained, or swapped in by someone else while the call runs),
//! NUL bytes, over-long names — every host file operation lands on an
//! object *beneath* that directory, or fails. Escapes fail with
//! `ENOTCAPABLE` (76), the errno WASI libc and wasmtime use for them.
//!
//! How:
//! - Paths are checked first ([`check_path`]): valid UTF-8 (`EILSEQ`), no
//!   NUL (`EINVAL`), shorter than `PATH_MAX` (`ENAMETOOLONG`), not empty
//!   (`ENOENT`), not absolute (`ENOTCAPABLE`).
//! - Opens use `openat2` with `RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS`
//!   where the kernel has it: the kernel itself refuses any step out of
//!   the directory (`EXDEV`, reported as `ENOTCAPABLE`), atomically with
//!   the lookup, so a concurrent rename or symlink swap cannot win.
//! - Without `openat2` (`ENOSYS`), `walk` resolves one component at a
//!   time with `openat(.., O_NOFOLLOW)` on fds it holds: the kernel never
//!   follows a symlink for us; each symlink is read with `readlinkat` and
//!   its target resolved by the same walk (absolute target: refused;
//!   `..` past the root: refused; more than [`MAX_SYMLINKS`]: `ELOOP`).
//!   Holding the fd of every directory passed makes `..` a pop, never a
//!   lookup, and a swap after a step cannot move an fd already held.
//! - Everything that is not an open (mkdir, unlink, rename, stat, ...)
//!   goes through `locate`: the *parent* is opened by the rules above
//!   and the operation acts on `(parent fd, one plain name)` with
//!   `AT_SYMLINK_NOFOLLOW` semantics; symlinks the operation should
//!   follow are expanded by `locate` itself, then re-resolved.

use std::cell::Cell;
use std::collections::VecDeque;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};

use rustix::fs::{Mode, OFlags, ResolveFlags};
use rustix::io::Errno as H;

use crate::errno::Errno;

/// The longest path accepted, in bytes (Linux `PATH_MAX` less the NUL).
pub const MAX_PATH: usize = 4095;
/// The most symlinks one resolution follows (Linux's limit).
pub const MAX_SYMLINKS: u32 = 40;

/// Checks a guest path's bytes; see the [module docs](self).
pub fn check_path(bytes: &[u8]) -> Result<&str, Errno> {
    if bytes.len() > MAX_PATH {
        return Err(Errno::NAMETOOLONG);
    }
    let path = std::str::from_utf8(bytes).map_err(|_| Errno::ILSEQ)?;
    if path.contains('\0') {
        return Err(Errno::INVAL);
    }
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    if path.starts_with('/') {
        return Err(Errno::NOTCAPABLE);
    }
    Ok(path)
}

/// How opens resolve paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolver {
    /// `openat2(RESOLVE_BENEATH)` when the kernel has it, else [`Walk`](Resolver::Walk).
    Auto,
    /// Component by component with `O_NOFOLLOW` (`walk`).
    Walk,
}

thread_local! {
    static RESOLVER: Cell<Resolver> = const { Cell::new(Resolver::Auto) };
}
/// Set once `openat2` answered `ENOSYS`.
static NO_OPENAT2: AtomicBool = AtomicBool::new(false);

/// Chooses the resolver for WASI calls made on this thread (tests run the
/// escape suite under both).
pub fn set_resolver(r: Resolver) {
    RESOLVER.with(|c| c.set(r));
}

/// Opens `path` beneath `root` with `flags` (`O_NOFOLLOW` in `flags`
/// applies to the last component only, as for `openat`).
pub(crate) fn open(
    root: BorrowedFd<'_>,
    path: &str,
    flags: OFlags,
    mode: Mode,
) -> Result<OwnedFd, Errno> {
    // openat2 refuses O_PATH with any flag but O_DIRECTORY, O_NOFOLLOW
    // and O_CLOEXEC.
    let flags = if flags.contains(OFlags::PATH) {
        flags | OFlags::CLOEXEC
    } else {
        flags | OFlags::CLOEXEC | OFlags::NOCTTY
    };
    if RESOLVER.with(Cell::get) == Resolver::Auto && !NO_OPENAT2.load(Ordering::Relaxed) {
        let mode = if flags.contains(OFlags::CREATE) {
            mode
        } else {
            Mode::empty()
        };
        for _ in 0..64 {
            match rustix::fs::openat2(
                root,
                path,
                flags,
                mode,
                ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS,
            ) {
                Ok(fd) => return Ok(fd),
                Err(H::XDEV) => return Err(Errno::NOTCAPABLE),
                // A rename elsewhere raced with a `..` step: try again.
                Err(H::AGAIN) => continue,
                Err(H::NOSYS) => {
                    NO_OPENAT2.store(true, Ordering::Relaxed);
                    break;
                }
                Err(e) => return Err(e.into()),
            }
        }
        if !NO_OPENAT2.load(Ordering::Relaxed) {
            return Err(Errno::AGAIN);
        }
    }
    walk(root, path, flags, mode)
}

/// Opens directory `path` beneath `root` as an `O_PATH` fd, following
/// symlinks (beneath `root` too).
pub(crate) fn open_dir(root: BorrowedFd<'_>, path: &str) -> Result<OwnedFd, Errno> {
    open(root, path, OFlags::PATH | OFlags::DIRECTORY, Mode::empty())
}

fn is_symlink_error(e: H) -> bool {
    e == H::LOOP || e == H::NOTDIR || e == H::MLINK
}

/// Reads the symlink `name` in `dir`, if it is one.
fn read_link(dir: BorrowedFd<'_>, name: &str) -> Option<String> {
    let target = rustix::fs::readlinkat(dir, name, Vec::new()).ok()?;
    Some(String::from_utf8_lossy(target.as_bytes()).into_owned())
}

/// Component-by-component resolution; see the [module docs](self).
pub(crate) fn walk(
    root: BorrowedFd<'_>,
    path: &str,
    flags: OFlags,
    mode: Mode,
) -> Result<OwnedFd, Errno> {
    let follow_last = !flags.contains(OFlags::NOFOLLOW);
    let mut queue: VecDeque<String> = path.split('/').map(str::to_owned).collect();
    let mut must_dir = path.ends_with('/');
    let mut stack: Vec<OwnedFd> = Vec::new();
    let mut links = 0;
    loop {
        let cur = stack.last().map_or(root, |d| d.as_fd());
        let Some(c) = queue.pop_front() else {
            // The path ended in `.`, `..` or `/`: the directory reached.
            let f =
                (flags & !(OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW)) | OFlags::DIRECTORY;
            return Ok(rustix::fs::openat(cur, ".", f, Mode::empty())?);
        };
        match c.as_str() {
            "" | "." => continue,
            ".." => {
                if stack.pop().is_none() {
                    return Err(Errno::NOTCAPABLE);
                }
                continue;
            }
            _ => {}
        }
        // The last real component: only `` and `.` follow it (a trailing
        // `/` or `/.` means it must be a directory).
        let final_step = queue.iter().all(|c| c.is_empty() || c == ".");
        if final_step && !queue.is_empty() {
            must_dir = true;
            queue.clear();
        }
        let (f, m) = if final_step {
            let mut f = flags | OFlags::NOFOLLOW;
            if must_dir {
                f |= OFlags::DIRECTORY;
            }
            (f, mode)
        } else {
            (
                OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::empty(),
            )
        };
        let opened = rustix::fs::openat(cur, c.as_str(), f, m);
        match opened {
            Ok(fd) if final_step => return Ok(fd),
            Ok(fd) => stack.push(fd),
            Err(e)
                if is_symlink_error(e)
                    && (!final_step || follow_last)
                    && !(final_step && flags.contains(OFlags::CREATE | OFlags::EXCL)) =>
            {
                let Some(target) = read_link(cur, &c) else {
                    return Err(e.into());
                };
                links += 1;
                if links > MAX_SYMLINKS {
                    return Err(Errno::LOOP);
                }
                if target.starts_with('/') {
                    return Err(Errno::NOTCAPABLE);
                }
                if final_step && target.ends_with('/') {
                    must_dir = true;
                }
                for part in target.split('/').rev() {
                    queue.push_front(part.to_owned());
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Where a non-open path operation acts: a directory and one name in it.
#[derive(Debug)]
pub(crate) struct Located {
    /// The directory holding the object (beneath the root).
    pub dir: OwnedFd,
    /// One path component: a plain name, or `.` for the directory itself
    /// (a path ending in `.` or `..`).
    pub name: String,
    /// The path ended in `/`.
    pub trailing_slash: bool,
}

/// Finds the parent directory of `path` beneath `root` and the last
/// name in it; with `follow`, a last component that is a symlink is
/// replaced by its target (re-resolved beneath `root`) until it is not.
pub(crate) fn locate(root: BorrowedFd<'_>, path: &str, follow: bool) -> Result<Located, Errno> {
    let mut path = path.to_owned();
    let mut links = 0;
    loop {
        if path.starts_with('/') {
            return Err(Errno::NOTCAPABLE);
        }
        let trailing_slash = path.ends_with('/');
        let trimmed = path.trim_end_matches('/');
        let (parent, name) = match trimmed.rfind('/') {
            Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
            None => ("", trimmed),
        };
        let parent = if parent.is_empty() { "." } else { parent };
        if name == "." || name == ".." || name.is_empty() {
            let dir = open_dir(root, if trimmed.is_empty() { "." } else { trimmed })?;
            return Ok(Located {
                dir,
                name: ".".into(),
                trailing_slash,
            });
        }
        let dir = open_dir(root, parent)?;
        if follow && let Some(target) = read_link(dir.as_fd(), name) {
            links += 1;
            if links > MAX_SYMLINKS {
                return Err(Errno::LOOP);
            }
            if target.starts_with('/') {
                return Err(Errno::NOTCAPABLE);
            }
            let slash = if trailing_slash { "/" } else { "" };
            path = format!("{parent}/{target}{slash}");
            continue;
        }
        return Ok(Located {
            dir,
            name: name.to_owned(),
            trailing_slash,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_paths_get_their_errno() {
        assert_eq!(check_path(b"a/b"), Ok("a/b"));
        assert_eq!(check_path(b""), Err(Errno::NOENT));
        assert_eq!(check_path(b"/etc/passwd"), Err(Errno::NOTCAPABLE));
        assert_eq!(check_path(b"a\0b"), Err(Errno::INVAL));
        assert_eq!(check_path(b"\xff"), Err(Errno::ILSEQ));
        assert_eq!(check_path(&[b'a'; MAX_PATH + 1]), Err(Errno::NAMETOOLONG));
        assert!(check_path(&[b'a'; MAX_PATH]).is_ok());
    }
}
