//! Checked access to guest memory.
//!
//! # What this protects
//!
//! Every pointer and length a guest passes is untrusted. Each access here
//! checks the whole range against the memory's length with overflow-free
//! arithmetic and the ABI alignment of the type read or written; a bad
//! range is `EFAULT`, a misaligned pointer `EINVAL`. Nothing indexes guest
//! memory any other way, so no guest value can make the host panic or
//! touch bytes outside the memory.

use crate::abi::iovec;
use crate::errno::Errno;

/// The guest's linear memory during one WASI call.
#[derive(Debug)]
pub struct Mem<'a> {
    bytes: &'a mut [u8],
}

impl<'a> Mem<'a> {
    /// Wraps the memory's bytes.
    pub fn new(bytes: &'a mut [u8]) -> Mem<'a> {
        Mem { bytes }
    }

    fn range(&self, ptr: u32, len: u32) -> Result<std::ops::Range<usize>, Errno> {
        let start = ptr as usize;
        let end = start.checked_add(len as usize).ok_or(Errno::FAULT)?;
        if end > self.bytes.len() {
            return Err(Errno::FAULT);
        }
        Ok(start..end)
    }

    fn aligned(ptr: u32, align: u32) -> Result<(), Errno> {
        if ptr.is_multiple_of(align) {
            Ok(())
        } else {
            Err(Errno::INVAL)
        }
    }

    /// `len` bytes at `ptr`.
    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], Errno> {
        let r = self.range(ptr, len)?;
        Ok(&self.bytes[r])
    }

    /// `len` bytes at `ptr`, mutably.
    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], Errno> {
        let r = self.range(ptr, len)?;
        Ok(&mut self.bytes[r])
    }

    /// Checks that a value of `size` bytes and alignment `align` fits at
    /// `ptr` (before doing something that cannot be undone).
    pub fn check(&self, ptr: u32, size: u32, align: u32) -> Result<(), Errno> {
        Self::aligned(ptr, align)?;
        self.range(ptr, size).map(drop)
    }

    fn array<const N: usize>(&self, ptr: u32, align: u32) -> Result<[u8; N], Errno> {
        Self::aligned(ptr, align)?;
        let mut out = [0; N];
        out.copy_from_slice(self.slice(ptr, N as u32)?);
        Ok(out)
    }

    fn put<const N: usize>(&mut self, ptr: u32, align: u32, v: [u8; N]) -> Result<(), Errno> {
        Self::aligned(ptr, align)?;
        self.slice_mut(ptr, N as u32)?.copy_from_slice(&v);
        Ok(())
    }

    /// A `u8`.
    pub fn read_u8(&self, ptr: u32) -> Result<u8, Errno> {
        Ok(self.array::<1>(ptr, 1)?[0])
    }
    /// A little-endian `u16` (2-aligned).
    pub fn read_u16(&self, ptr: u32) -> Result<u16, Errno> {
        self.array(ptr, 2).map(u16::from_le_bytes)
    }
    /// A little-endian `u32` (4-aligned).
    pub fn read_u32(&self, ptr: u32) -> Result<u32, Errno> {
        self.array(ptr, 4).map(u32::from_le_bytes)
    }
    /// A little-endian `u64` (8-aligned).
    pub fn read_u64(&self, ptr: u32) -> Result<u64, Errno> {
        self.array(ptr, 8).map(u64::from_le_bytes)
    }
    /// Writes a `u8`.
    pub fn write_u8(&mut self, ptr: u32, v: u8) -> Result<(), Errno> {
        self.put(ptr, 1, [v])
    }
    /// Writes a `u16` (2-aligned).
    pub fn write_u16(&mut self, ptr: u32, v: u16) -> Result<(), Errno> {
        self.put(ptr, 2, v.to_le_bytes())
    }
    /// Writes a `u32` (4-aligned).
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> Result<(), Errno> {
        self.put(ptr, 4, v.to_le_bytes())
    }
    /// Writes a `u64` (8-aligned).
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> Result<(), Errno> {
        self.put(ptr, 8, v.to_le_bytes())
    }

    /// The `(buf, buf_len)` pairs of an iovec array of `count` entries,
    /// each checked to lie in memory.
    pub fn iovecs(&self, ptr: u32, count: u32) -> Result<Vec<(u32, u32)>, Errno> {
        let size = count.checked_mul(iovec::SIZE).ok_or(Errno::FAULT)?;
        self.check(ptr, size, iovec::ALIGN)?;
        (0..count)
            .map(|i| {
                let at = ptr + i * iovec::SIZE;
                let buf = self.read_u32(at + iovec::BUF)?;
                let len = self.read_u32(at + iovec::BUF_LEN)?;
                self.range(buf, len)?;
                Ok((buf, len))
            })
            .collect()
    }

    /// The bytes of an iovec array, concatenated (for writes).
    pub fn gather(&self, iovs: &[(u32, u32)]) -> Result<Vec<u8>, Errno> {
        let mut out = Vec::new();
        for &(buf, len) in iovs {
            out.extend_from_slice(self.slice(buf, len)?);
        }
        Ok(out)
    }

    /// Copies `data` into an iovec array, in order; returns how much fit.
    pub fn scatter(&mut self, iovs: &[(u32, u32)], mut data: &[u8]) -> Result<usize, Errno> {
        let mut total = 0;
        for &(buf, len) in iovs {
            if data.is_empty() {
                break;
            }
            let n = data.len().min(len as usize);
            self.slice_mut(buf, n as u32)?.copy_from_slice(&data[..n]);
            data = &data[n..];
            total += n;
        }
        Ok(total)
    }

    /// The total length of an iovec array (saturating at `u32::MAX`, the
    /// most one call can move).
    pub fn total(iovs: &[(u32, u32)]) -> usize {
        iovs.iter()
            .fold(0u64, |n, &(_, l)| n + u64::from(l))
            .min(u64::from(u32::MAX)) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_out_of_range_or_misaligned_access_is_an_errno() {
        let mut bytes = vec![0u8; 64];
        let mut m = Mem::new(&mut bytes);
        assert_eq!(m.read_u32(60), Ok(0));
        assert_eq!(m.read_u32(61), Err(Errno::INVAL));
        assert_eq!(m.read_u32(64), Err(Errno::FAULT));
        assert_eq!(m.read_u64(u32::MAX - 7), Err(Errno::FAULT));
        assert_eq!(m.slice(u32::MAX, u32::MAX).err(), Some(Errno::FAULT));
        assert_eq!(m.slice(64, 0).map(<[u8]>::len), Ok(0));
        assert_eq!(m.write_u16(63, 1), Err(Errno::INVAL));
        assert_eq!(m.write_u64(56, 7), Ok(()));
        assert_eq!(m.read_u64(56), Ok(7));
        assert_eq!(m.iovecs(0, u32::MAX).err(), Some(Errno::FAULT));
        // An iovec whose buffer runs past the end.
        m.write_u32(0, 60).unwrap();
        m.write_u32(4, 8).unwrap();
        assert_eq!(m.iovecs(0, 1).err(), Some(Errno::FAULT));
        m.write_u32(4, 4).unwrap();
        assert_eq!(m.iovecs(0, 1), Ok(vec![(60, 4)]));
        assert_eq!(m.scatter(&[(60, 4)], b"abcdef"), Ok(4));
        assert_eq!(m.slice(60, 4), Ok(&b"abcd"[..]));
    }
}
