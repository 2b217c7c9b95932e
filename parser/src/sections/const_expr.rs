//! Constant expressions (global initialisers, segment offsets, element
//! items): found, not judged.
//!
//! The decoder only needs an expression's extent, so it reads instructions
//! with [`BinaryReader::read_operator`] up to the `end` that closes the
//! expression and keeps the bytes. Which instructions are allowed, and the
//! type they produce, is the validator's business. Blocks are not constant
//! in any proposal, but nesting is followed anyway (see `extent.rs`), as
//! the reference decoder's grammar does, so the extent is right whatever
//! the content.

use super::extent;
use crate::ConstExpr;
use crate::error::Result;
use crate::reader::BinaryReader;

/// Reads one constant expression, `end` included.
pub(super) fn read<'a>(reader: &mut BinaryReader<'a>) -> Result<ConstExpr<'a>> {
    let offset = reader.original_position();
    let start = reader.current_position();
    extent::read_to_end(|| {
        let pos = reader.original_position();
        Ok((reader.read_operator()?, pos))
    })?;
    Ok(ConstExpr {
        data: reader.bytes_since(start),
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Features;

    fn expr(bytes: &[u8]) -> Result<ConstExpr<'_>> {
        let mut r = BinaryReader::new(bytes, 10, Features::default());
        read(&mut r)
    }

    #[test]
    fn stops_at_the_closing_end() {
        // i32.const 1; end; (next item)
        let e = expr(&[0x41, 0x01, 0x0b, 0x00]).unwrap();
        assert_eq!(e.data, &[0x41, 0x01, 0x0b]);
        assert_eq!(e.offset, 10);
        // block; end; end
        let e = expr(&[0x02, 0x40, 0x0b, 0x0b, 0x0b]).unwrap();
        assert_eq!(e.data.len(), 4);
    }

    #[test]
    fn else_outside_if() {
        let e = expr(&[0x41, 0x01, 0x05, 0x0b]).unwrap_err();
        assert_eq!((e.message(), e.offset()), ("END opcode expected", 12));
        // if; else; else; end; end: the second else is misplaced.
        let e = expr(&[0x04, 0x40, 0x05, 0x05, 0x0b, 0x0b]).unwrap_err();
        assert_eq!((e.message(), e.offset()), ("END opcode expected", 13));
        assert!(expr(&[0x04, 0x40, 0x05, 0x0b, 0x0b]).is_ok());
    }

    #[test]
    fn missing_end() {
        assert!(expr(&[0x41, 0x01]).unwrap_err().is_eof());
    }
}
