//! The byte reader under every decoder: LEB128, floats, names, vectors.
//!
//! LEB128 follows the spec exactly: an unsigned `N`-bit integer may use at
//! most `ceil(N/7)` bytes ("integer representation too long"), and the
//! unused high bits of the last byte must be zero (unsigned) or copies of
//! the sign bit (signed), else "integer too large". The one-byte case is
//! inlined; longer encodings take an out-of-line path.

use crate::error::{ParseError, Result};
use crate::features::Features;

/// A cursor over a borrowed byte slice that knows its offset in the whole
/// module (for error messages) and which features are enabled (some
/// encodings depend on them).
#[derive(Clone, Debug)]
pub struct BinaryReader<'a> {
    data: &'a [u8],
    // INVARIANT: pos <= data.len()
    pos: usize,
    original_offset: usize,
    features: Features,
}

impl<'a> BinaryReader<'a> {
    /// A reader over `data`, whose first byte is at `original_offset` in the
    /// module.
    pub fn new(data: &'a [u8], original_offset: usize, features: Features) -> Self {
        BinaryReader {
            data,
            pos: 0,
            original_offset,
            features,
        }
    }

    /// The enabled features.
    #[inline]
    pub fn features(&self) -> Features {
        self.features
    }

    /// Offset of the next byte in the module.
    #[inline]
    pub fn original_position(&self) -> usize {
        self.original_offset + self.pos
    }

    /// Offset of this reader's first byte in the module.
    #[inline]
    pub fn original_offset(&self) -> usize {
        self.original_offset
    }

    /// Position of the next byte relative to this reader's start.
    #[inline]
    pub fn current_position(&self) -> usize {
        self.pos
    }

    /// Whether every byte has been read.
    #[inline]
    pub fn eof(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// How many bytes are left.
    #[inline]
    pub fn bytes_remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// The bytes not read yet.
    #[inline]
    pub fn remaining_slice(&self) -> &'a [u8] {
        &self.data[self.pos..]
    }

    /// The bytes from relative position `start` up to the current one.
    pub(crate) fn bytes_since(&self, start: usize) -> &'a [u8] {
        &self.data[start.min(self.pos)..self.pos]
    }

    /// An error at the current position.
    #[cold]
    pub fn error(&self, message: &'static str) -> ParseError {
        ParseError::new(message, self.original_position())
    }

    #[cold]
    fn eof_error(&self) -> ParseError {
        ParseError::eof(self.original_position())
    }

    /// Reads one byte.
    #[inline]
    pub fn read_u8(&mut self) -> Result<u8> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(self.eof_error()),
        }
    }

    /// The next byte, without consuming it.
    #[inline]
    pub fn peek_u8(&self) -> Result<u8> {
        match self.data.get(self.pos) {
            Some(&b) => Ok(b),
            None => Err(self.eof_error()),
        }
    }

    /// Reads `len` bytes.
    #[inline]
    pub fn read_bytes(&mut self, len: usize) -> Result<&'a [u8]> {
        if len > self.bytes_remaining() {
            return Err(self.eof_error());
        }
        let bytes = &self.data[self.pos..self.pos + len];
        self.pos += len;
        Ok(bytes)
    }

    /// Skips `len` bytes.
    pub fn skip(&mut self, len: usize) -> Result<()> {
        self.read_bytes(len).map(|_| ())
    }

    /// Reads a little-endian `u32` (four raw bytes).
    pub fn read_u32_le(&mut self) -> Result<u32> {
        let b = self.read_bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Reads a little-endian `u64` (eight raw bytes).
    pub fn read_u64_le(&mut self) -> Result<u64> {
        let b = self.read_bytes(8)?;
        let mut a = [0; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// Reads an unsigned 32-bit LEB128 integer.
    #[inline]
    pub fn read_var_u32(&mut self) -> Result<u32> {
        let b = self.read_u8()?;
        if b & 0x80 == 0 {
            return Ok(u32::from(b));
        }
        self.read_var_u32_slow(b)
    }

    #[cold]
    fn read_var_u32_slow(&mut self, first: u8) -> Result<u32> {
        let mut result = u32::from(first & 0x7f);
        let mut shift = 7;
        loop {
            let b = self.read_u8()?;
            if shift == 28 {
                if b & 0x80 != 0 {
                    return Err(self.error_before("integer representation too long"));
                }
                if b & 0x70 != 0 {
                    return Err(self.error_before("integer too large"));
                }
            }
            result |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(result);
            }
            shift += 7;
        }
    }

    /// Reads an unsigned 64-bit LEB128 integer.
    pub fn read_var_u64(&mut self) -> Result<u64> {
        let mut result = 0u64;
        let mut shift = 0;
        loop {
            let b = self.read_u8()?;
            if shift == 63 {
                if b & 0x80 != 0 {
                    return Err(self.error_before("integer representation too long"));
                }
                if b & 0x7e != 0 {
                    return Err(self.error_before("integer too large"));
                }
            }
            result |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(result);
            }
            shift += 7;
        }
    }

    /// Reads a signed 32-bit LEB128 integer.
    #[inline]
    pub fn read_var_i32(&mut self) -> Result<i32> {
        let b = self.read_u8()?;
        if b & 0x80 == 0 {
            // Sign-extend the 7-bit value.
            return Ok(((b << 1) as i8 >> 1) as i32);
        }
        self.read_var_i32_slow(b)
    }

    #[cold]
    fn read_var_i32_slow(&mut self, first: u8) -> Result<i32> {
        let mut result = i32::from(first & 0x7f);
        let mut shift = 7;
        loop {
            let b = self.read_u8()?;
            if shift == 28 {
                if b & 0x80 != 0 {
                    return Err(self.error_before("integer representation too long"));
                }
                // Bits 4..=6 must all equal bit 3, the sign bit of the value.
                let sign_and_unused = b & 0x78;
                if sign_and_unused != 0 && sign_and_unused != 0x78 {
                    return Err(self.error_before("integer too large"));
                }
                return Ok(result | (i32::from(b & 0x0f) << 28));
            }
            result |= i32::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                let ashift = 32 - shift;
                return Ok((result << ashift) >> ashift);
            }
        }
    }

    /// Reads a signed 33-bit LEB128 integer (block types), widened to `i64`.
    pub fn read_var_s33(&mut self) -> Result<i64> {
        let mut result = 0i64;
        let mut shift = 0;
        loop {
            let b = self.read_u8()?;
            if shift == 28 {
                if b & 0x80 != 0 {
                    return Err(self.error_before("integer representation too long"));
                }
                // Bits 5..=6 must equal bit 4, the sign bit of a 33-bit value.
                let sign_and_unused = b & 0x70;
                if sign_and_unused != 0 && sign_and_unused != 0x70 {
                    return Err(self.error_before("integer too large"));
                }
                result |= i64::from(b & 0x1f) << 28;
                return Ok((result << 31) >> 31);
            }
            result |= i64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                let ashift = 64 - shift;
                return Ok((result << ashift) >> ashift);
            }
        }
    }

    /// Reads a signed 64-bit LEB128 integer.
    pub fn read_var_i64(&mut self) -> Result<i64> {
        let mut result = 0i64;
        let mut shift = 0;
        loop {
            let b = self.read_u8()?;
            if shift == 63 {
                if b & 0x80 != 0 {
                    return Err(self.error_before("integer representation too long"));
                }
                // Bits 0..=6 must all equal the value's sign bit (bit 0).
                let sign_and_unused = b & 0x7f;
                if sign_and_unused != 0 && sign_and_unused != 0x7f {
                    return Err(self.error_before("integer too large"));
                }
                return Ok(result | (i64::from(b & 1) << 63));
            }
            result |= i64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                let ashift = 64 - shift;
                return Ok((result << ashift) >> ashift);
            }
        }
    }

    /// An error pointing at the byte just read.
    #[cold]
    fn error_before(&self, message: &'static str) -> ParseError {
        ParseError::new(message, self.original_position() - 1)
    }

    /// Reads a vector length or count and checks it against an
    /// implementation limit (see [`crate::limits`]); `what` names the thing
    /// counted in the error.
    #[inline]
    pub fn read_size(&mut self, limit: usize, what: &'static str) -> Result<usize> {
        let pos = self.original_position();
        let n = self.read_var_u32()? as usize;
        if n > limit {
            return Err(ParseError::fmt(
                format_args!("{what} count is out of bounds"),
                pos,
            ));
        }
        Ok(n)
    }

    /// Reads a length-prefixed UTF-8 name.
    pub fn read_name(&mut self) -> Result<&'a str> {
        let len = self.read_var_u32()? as usize;
        if len > crate::limits::MAX_WASM_STRING_SIZE {
            return Err(self.error("length out of bounds"));
        }
        let start = self.original_position();
        let bytes = self.read_bytes(len)?;
        std::str::from_utf8(bytes).map_err(|_| ParseError::new("malformed UTF-8 encoding", start))
    }

    /// A reader over the next `len` bytes, which this reader skips.
    pub fn sub_reader(&mut self, len: usize) -> Result<BinaryReader<'a>> {
        let offset = self.original_position();
        let data = self.read_bytes(len)?;
        Ok(BinaryReader::new(data, offset, self.features))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(bytes: &[u8]) -> BinaryReader<'_> {
        BinaryReader::new(bytes, 0, Features::default())
    }

    fn err<T: std::fmt::Debug>(res: Result<T>) -> String {
        res.unwrap_err().message().to_string()
    }

    #[test]
    fn u32_leb() {
        assert_eq!(r(&[0x00]).read_var_u32().unwrap(), 0);
        assert_eq!(r(&[0xe5, 0x8e, 0x26]).read_var_u32().unwrap(), 624485);
        assert_eq!(
            r(&[0xff, 0xff, 0xff, 0xff, 0x0f]).read_var_u32().unwrap(),
            u32::MAX
        );
        assert_eq!(
            r(&[0x80, 0x80, 0x80, 0x80, 0x00]).read_var_u32().unwrap(),
            0
        );
        assert_eq!(
            err(r(&[0xff, 0xff, 0xff, 0xff, 0x1f]).read_var_u32()),
            "integer too large"
        );
        assert_eq!(
            err(r(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).read_var_u32()),
            "integer representation too long"
        );
        assert!(r(&[0x80]).read_var_u32().unwrap_err().is_eof());
    }

    #[test]
    fn i32_leb() {
        assert_eq!(r(&[0x7f]).read_var_i32().unwrap(), -1);
        assert_eq!(r(&[0x3f]).read_var_i32().unwrap(), 63);
        assert_eq!(r(&[0xc0, 0xbb, 0x78]).read_var_i32().unwrap(), -123456);
        assert_eq!(
            r(&[0xff, 0xff, 0xff, 0xff, 0x07]).read_var_i32().unwrap(),
            i32::MAX
        );
        assert_eq!(
            r(&[0x80, 0x80, 0x80, 0x80, 0x78]).read_var_i32().unwrap(),
            i32::MIN
        );
        assert_eq!(
            r(&[0xff, 0xff, 0xff, 0xff, 0x7f]).read_var_i32().unwrap(),
            -1
        );
        assert_eq!(
            err(r(&[0xff, 0xff, 0xff, 0xff, 0x0f]).read_var_i32()),
            "integer too large"
        );
        assert_eq!(
            err(r(&[0x80, 0x80, 0x80, 0x80, 0x70]).read_var_i32()),
            "integer too large"
        );
        assert_eq!(
            err(r(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]).read_var_i32()),
            "integer representation too long"
        );
    }

    #[test]
    fn i64_leb() {
        assert_eq!(r(&[0x7f]).read_var_i64().unwrap(), -1);
        let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
        assert_eq!(r(&max).read_var_i64().unwrap(), i64::MAX);
        let min = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f];
        assert_eq!(r(&min).read_var_i64().unwrap(), i64::MIN);
        let bad = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(err(r(&bad).read_var_i64()), "integer too large");
        let long = [
            0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
        ];
        assert_eq!(
            err(r(&long).read_var_i64()),
            "integer representation too long"
        );
    }

    #[test]
    fn u64_leb() {
        let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(r(&max).read_var_u64().unwrap(), u64::MAX);
        let bad = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert_eq!(err(r(&bad).read_var_u64()), "integer too large");
    }

    #[test]
    fn s33_leb() {
        assert_eq!(r(&[0x40]).read_var_s33().unwrap(), -64);
        assert_eq!(r(&[0x05]).read_var_s33().unwrap(), 5);
        let max = [0xff, 0xff, 0xff, 0xff, 0x0f];
        assert_eq!(r(&max).read_var_s33().unwrap(), (1 << 32) - 1);
        assert_eq!(
            err(r(&[0xff, 0xff, 0xff, 0xff, 0x2f]).read_var_s33()),
            "integer too large"
        );
    }

    #[test]
    fn names() {
        assert_eq!(r(&[3, b'a', b'b', b'c']).read_name().unwrap(), "abc");
        assert_eq!(
            err(r(&[2, 0xff, 0xfe]).read_name()),
            "malformed UTF-8 encoding"
        );
        assert!(r(&[5, b'a']).read_name().unwrap_err().is_eof());
    }
}
