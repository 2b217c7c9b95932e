//! Value, reference, function, block, table, memory and global types, and
//! their binary decoding.
//!
//! The shapes are those of WebAssembly 3.0 so later proposals fit without a
//! redesign: reference types carry nullability and a heap type (2.0 only
//! uses `funcref` = `(ref null func)` and `externref` = `(ref null
//! extern)`), limits are 64-bit with an address-type flag, and a memory
//! argument carries a memory index and a 64-bit offset.

use std::fmt;

use crate::error::{ParseError, Result};
use crate::limits;
use crate::reader::BinaryReader;

/// A value type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
    /// 128-bit vector.
    V128,
    /// A reference.
    Ref(RefType),
}

impl ValType {
    /// `funcref`.
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    /// `externref`.
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);

    /// Whether values of this type are numbers (not vectors, not refs).
    pub fn is_num(self) -> bool {
        matches!(
            self,
            ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64
        )
    }

    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(self, ValType::Ref(_))
    }

    /// Whether a local of this type has a default value (every 2.0 type
    /// does; non-nullable references do not).
    pub fn is_defaultable(self) -> bool {
        match self {
            ValType::Ref(r) => r.nullable,
            _ => true,
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValType::I32 => f.write_str("i32"),
            ValType::I64 => f.write_str("i64"),
            ValType::F32 => f.write_str("f32"),
            ValType::F64 => f.write_str("f64"),
            ValType::V128 => f.write_str("v128"),
            ValType::Ref(r) => r.fmt(f),
        }
    }
}

/// A reference type: nullability plus a heap type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct RefType {
    /// Whether `null` is a value of this type.
    pub nullable: bool,
    /// What the reference points to.
    pub heap_type: HeapType,
}

impl RefType {
    /// `funcref`, i.e. `(ref null func)`.
    pub const FUNCREF: RefType = RefType {
        nullable: true,
        heap_type: HeapType::Func,
    };
    /// `externref`, i.e. `(ref null extern)`.
    pub const EXTERNREF: RefType = RefType {
        nullable: true,
        heap_type: HeapType::Extern,
    };
}

impl fmt::Display for RefType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.nullable, self.heap_type) {
            (true, HeapType::Func) => f.write_str("funcref"),
            (true, HeapType::Extern) => f.write_str("externref"),
            (true, h) => write!(f, "(ref null {h})"),
            (false, h) => write!(f, "(ref {h})"),
        }
    }
}

/// A heap type. WebAssembly 2.0 has `func` and `extern`; the rest arrive
/// with function references and GC.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum HeapType {
    /// Functions.
    Func,
    /// Host references.
    Extern,
    /// A concrete type from the type section (function references).
    Concrete(u32),
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapType::Func => f.write_str("func"),
            HeapType::Extern => f.write_str("extern"),
            HeapType::Concrete(i) => write!(f, "{i}"),
        }
    }
}

/// A function type: parameters then results, in one allocation.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    // INVARIANT: params_results[..len_params] are the parameters, the rest
    // the results.
    params_results: Box<[ValType]>,
    len_params: usize,
}

impl FuncType {
    /// A function type from its parameters and results.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let mut v: Vec<ValType> = params.into_iter().collect();
        let len_params = v.len();
        v.extend(results);
        FuncType {
            params_results: v.into_boxed_slice(),
            len_params,
        }
    }

    /// The parameter types.
    #[inline]
    pub fn params(&self) -> &[ValType] {
        &self.params_results[..self.len_params]
    }

    /// The result types.
    #[inline]
    pub fn results(&self) -> &[ValType] {
        &self.params_results[self.len_params..]
    }
}

impl fmt::Debug for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, t) in self.params().iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{t}")?;
        }
        f.write_str("] -> [")?;
        for (i, t) in self.results().iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{t}")?;
        }
        f.write_str("]")
    }
}

/// The type of a `block`, `loop` or `if`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum BlockType {
    /// `[] -> []`.
    Empty,
    /// `[] -> [t]`.
    Type(ValType),
    /// The function type at this index of the type section (multi-value).
    FuncType(u32),
}

/// Limits and address type of a memory.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct MemoryType {
    /// Minimum size in pages.
    pub initial: u64,
    /// Maximum size in pages, if bounded.
    pub maximum: Option<u64>,
    /// Whether addresses are 64-bit (memory64).
    pub memory64: bool,
    /// Whether the memory is shared (threads).
    pub shared: bool,
}

/// Element type, limits and address type of a table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct TableType {
    /// What the table holds.
    pub element_type: RefType,
    /// Minimum size in elements.
    pub initial: u64,
    /// Maximum size in elements, if bounded.
    pub maximum: Option<u64>,
    /// Whether indices are 64-bit (memory64's table64).
    pub table64: bool,
}

/// Type and mutability of a global.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct GlobalType {
    /// The value type.
    pub content_type: ValType,
    /// Whether `global.set` may change it.
    pub mutable: bool,
}

impl<'a> BinaryReader<'a> {
    /// Reads a value type.
    pub fn read_val_type(&mut self) -> Result<ValType> {
        let pos = self.original_position();
        let b = self.read_u8()?;
        Ok(match b {
            0x7f => ValType::I32,
            0x7e => ValType::I64,
            0x7d => ValType::F32,
            0x7c => ValType::F64,
            0x7b => ValType::V128,
            0x70 => ValType::FUNCREF,
            0x6f => ValType::EXTERNREF,
            _ => return Err(ParseError::new("malformed value type", pos)),
        })
    }

    /// Reads a reference type.
    pub fn read_ref_type(&mut self) -> Result<RefType> {
        let pos = self.original_position();
        match self.read_u8()? {
            0x70 => Ok(RefType::FUNCREF),
            0x6f => Ok(RefType::EXTERNREF),
            _ => Err(ParseError::new("malformed reference type", pos)),
        }
    }

    /// Reads a heap type (`ref.null`'s immediate): in 2.0 the byte of
    /// `funcref` or `externref`, read as the s33 the 3.0 encoding uses.
    pub fn read_heap_type(&mut self) -> Result<HeapType> {
        let pos = self.original_position();
        let v = self.read_var_s33()?;
        match v {
            -0x10 => Ok(HeapType::Func),
            -0x11 => Ok(HeapType::Extern),
            _ => Err(ParseError::new("malformed reference type", pos)),
        }
    }

    /// Reads a block type.
    pub fn read_block_type(&mut self) -> Result<BlockType> {
        let b = self.peek_u8()?;
        if b == 0x40 {
            self.read_u8()?;
            return Ok(BlockType::Empty);
        }
        // A single-byte negative s33 is a value type; anything else is a
        // non-negative type index.
        if b & 0xc0 == 0x40 {
            return Ok(BlockType::Type(self.read_val_type()?));
        }
        let pos = self.original_position();
        let idx = self.read_var_s33()?;
        if idx < 0 || idx > i64::from(u32::MAX) {
            return Err(ParseError::new("malformed value type", pos));
        }
        Ok(BlockType::FuncType(idx as u32))
    }

    /// Reads a function type (after its `0x60` form byte).
    pub fn read_func_type_body(&mut self) -> Result<FuncType> {
        let n = self.read_size(limits::MAX_WASM_FUNCTION_PARAMS, "function params")?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.read_val_type()?);
        }
        let m = self.read_size(limits::MAX_WASM_FUNCTION_RETURNS, "function returns")?;
        v.reserve(m);
        for _ in 0..m {
            v.push(self.read_val_type()?);
        }
        Ok(FuncType {
            params_results: v.into_boxed_slice(),
            len_params: n,
        })
    }

    /// Reads limits: the flags byte, then min and optional max. Returns
    /// `(min, max, flags)`; flag bit 0 is "has max", bit 1 "shared", bit 2
    /// "64-bit".
    fn read_limits(&mut self, allowed_flags: u8) -> Result<(u64, Option<u64>, u8)> {
        let pos = self.original_position();
        let flags = self.read_var_u32()?;
        if flags > 0xff || (flags as u8) & !allowed_flags != 0 {
            return Err(ParseError::new("integer too large", pos));
        }
        let flags = flags as u8;
        let is64 = flags & 0x04 != 0;
        let read = |r: &mut Self| -> Result<u64> {
            if is64 {
                r.read_var_u64()
            } else {
                r.read_var_u32().map(u64::from)
            }
        };
        let min = read(self)?;
        let max = if flags & 0x01 != 0 {
            Some(read(self)?)
        } else {
            None
        };
        Ok((min, max, flags))
    }

    /// Reads a memory type.
    pub fn read_memory_type(&mut self) -> Result<MemoryType> {
        let mut allowed = 0x01;
        if self.features().threads() {
            allowed |= 0x02;
        }
        if self.features().memory64() {
            allowed |= 0x04;
        }
        let (initial, maximum, flags) = self.read_limits(allowed)?;
        Ok(MemoryType {
            initial,
            maximum,
            memory64: flags & 0x04 != 0,
            shared: flags & 0x02 != 0,
        })
    }

    /// Reads a table type.
    pub fn read_table_type(&mut self) -> Result<TableType> {
        let element_type = self.read_ref_type()?;
        let allowed = if self.features().memory64() {
            0x05
        } else {
            0x01
        };
        let (initial, maximum, flags) = self.read_limits(allowed)?;
        Ok(TableType {
            element_type,
            initial,
            maximum,
            table64: flags & 0x04 != 0,
        })
    }

    /// Reads a global type.
    pub fn read_global_type(&mut self) -> Result<GlobalType> {
        let content_type = self.read_val_type()?;
        let pos = self.original_position();
        let mutable = match self.read_u8()? {
            0 => false,
            1 => true,
            _ => return Err(ParseError::new("malformed mutability", pos)),
        };
        Ok(GlobalType {
            content_type,
            mutable,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Features;

    fn r(bytes: &[u8]) -> BinaryReader<'_> {
        BinaryReader::new(bytes, 0, Features::default())
    }

    #[test]
    fn block_types() {
        assert_eq!(r(&[0x40]).read_block_type().unwrap(), BlockType::Empty);
        assert_eq!(
            r(&[0x7f]).read_block_type().unwrap(),
            BlockType::Type(ValType::I32)
        );
        assert_eq!(
            r(&[0x70]).read_block_type().unwrap(),
            BlockType::Type(ValType::FUNCREF)
        );
        assert_eq!(
            r(&[0x03]).read_block_type().unwrap(),
            BlockType::FuncType(3)
        );
        assert_eq!(
            r(&[0x80, 0x01]).read_block_type().unwrap(),
            BlockType::FuncType(128)
        );
        assert!(r(&[0x7a]).read_block_type().is_err());
    }

    #[test]
    fn limits_and_globals() {
        let m = r(&[0x01, 0x01, 0x02]).read_memory_type().unwrap();
        assert_eq!((m.initial, m.maximum, m.memory64), (1, Some(2), false));
        assert!(r(&[0x02, 0x01]).read_memory_type().is_err());
        let t = r(&[0x70, 0x00, 0x05]).read_table_type().unwrap();
        assert_eq!(
            (t.element_type, t.initial, t.maximum),
            (RefType::FUNCREF, 5, None)
        );
        let g = r(&[0x7f, 0x01]).read_global_type().unwrap();
        assert!(g.mutable && g.content_type == ValType::I32);
        assert_eq!(
            r(&[0x7f, 0x02]).read_global_type().unwrap_err().message(),
            "malformed mutability"
        );
    }

    #[test]
    fn display() {
        let ft = FuncType::new([ValType::I32, ValType::F64], [ValType::FUNCREF]);
        assert_eq!(ft.to_string(), "[i32 f64] -> [funcref]");
        assert_eq!(ft.params().len(), 2);
        assert_eq!(ft.results(), &[ValType::FUNCREF]);
    }
}
