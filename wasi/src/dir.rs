//! `fd_readdir`: directory listings with cookies.
//!
//! A read at cookie 0 takes a fresh listing of the directory (including
//! `.` and `..`, as the host returns them) and keeps it in the fd's
//! entry; a later cookie `n` continues at the `n`th entry of that
//! listing, so a guest paging through with small buffers sees each name
//! once even if the directory changes meanwhile. Entry `i` carries
//! `d_next = i + 1`.
//!
//! The spec's truncation rule: entries are serialized (24-byte `dirent`
//! then the name) until the buffer is full; the last one may be cut
//! short. A result of exactly `buf_len` bytes tells the guest there may
//! be more, and WASI libc then retries from that entry's cookie with a
//! larger buffer.

use rustix::fs::{AtFlags, FileType};

use crate::WasiCtx;
use crate::abi::dirent;
use crate::errno::Errno;
use crate::fd::filetype_from;
use crate::link::Fail;
use crate::mem::Mem;
use crate::table::{DirEntry, Kind};

/// A listing of the directory `fd`.
fn list(fd: &std::os::fd::OwnedFd) -> Result<Vec<DirEntry>, Errno> {
    let mut out = Vec::new();
    for entry in rustix::fs::Dir::read_from(fd)? {
        let entry = entry?;
        let name = entry.file_name().to_bytes().to_vec();
        let mut ft = entry.file_type();
        if ft == FileType::Unknown
            && let Ok(st) = rustix::fs::statat(fd, entry.file_name(), AtFlags::SYMLINK_NOFOLLOW)
        {
            ft = FileType::from_raw_mode(st.st_mode as _);
        }
        out.push(DirEntry {
            name,
            ino: entry.ino(),
            filetype: filetype_from(ft),
        });
    }
    Ok(out)
}

/// The bytes of entries `from..` (at least `limit` of them, if there are).
fn serialize(entries: &[DirEntry], from: usize, limit: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate().skip(from) {
        if out.len() >= limit {
            break;
        }
        let mut head = [0u8; dirent::SIZE as usize];
        let at = |off: u32| off as usize;
        head[at(dirent::NEXT)..at(dirent::NEXT) + 8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
        head[at(dirent::INO)..at(dirent::INO) + 8].copy_from_slice(&e.ino.to_le_bytes());
        head[at(dirent::NAMLEN)..at(dirent::NAMLEN) + 4]
            .copy_from_slice(&(e.name.len() as u32).to_le_bytes());
        head[at(dirent::TYPE)] = e.filetype;
        out.extend_from_slice(&head);
        out.extend_from_slice(&e.name);
    }
    out
}

pub(crate) fn fd_readdir(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> Result<(), Fail> {
    let (buf, buf_len, cookie, out) = (a[1] as u32, a[2] as u32, a[3], a[4] as u32);
    let e = cx.entry_mut(a[0] as u32)?;
    let Kind::Dir { fd, listing, .. } = &mut e.kind else {
        return Err(Errno::NOTDIR.into());
    };
    if e.base & crate::abi::rights::FD_READDIR == 0 {
        return Err(Errno::NOTCAPABLE.into());
    }
    mem.check(buf, buf_len, 1)?;
    mem.check(out, 4, 4)?;
    if cookie == 0 || listing.is_none() {
        *listing = Some(list(fd)?);
    }
    let entries = listing.as_deref().unwrap_or_default();
    let from = usize::try_from(cookie).unwrap_or(usize::MAX);
    let bytes = serialize(entries, from, buf_len as usize);
    let n = bytes.len().min(buf_len as usize);
    mem.slice_mut(buf, n as u32)?.copy_from_slice(&bytes[..n]);
    mem.write_u32(out, n as u32)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_serialize_with_next_cookies_and_truncate_at_the_limit() {
        let e = |n: &str| DirEntry {
            name: n.as_bytes().to_vec(),
            ino: 7,
            filetype: 4,
        };
        let entries = [e("a"), e("bb"), e("ccc")];
        let all = serialize(&entries, 0, usize::MAX);
        assert_eq!(all.len(), 3 * 24 + 6);
        assert_eq!(&all[0..8], &1u64.to_le_bytes());
        assert_eq!(&all[25..33], &2u64.to_le_bytes());
        assert_eq!(all[24], b'a');
        // Resuming at cookie 2 starts with "ccc".
        let rest = serialize(&entries, 2, usize::MAX);
        assert_eq!(&rest[24..], b"ccc");
        // A limit stops after the entry that crosses it.
        assert_eq!(serialize(&entries, 0, 10).len(), 25);
        assert!(serialize(&entries, 9, 100).is_empty());
    }
}
