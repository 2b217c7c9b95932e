//! Operators: the one declarative table, the [`Operator`] enum and the
//! decoder derived from it, and readers for function bodies.
//!
//! ```text
//!  for_each_operator!  (list.rs: one row per instruction)
//!        │
//!        ├─▶ Operator<'a>           enum, one variant per row     (this file)
//!        ├─▶ BinaryReader::read_operator   decoder by (prefix, code)  (this file)
//!        ├─▶ Operator::name / proposal     mnemonics for errors, disassembly
//!        └─▶ brisk-validator's per-operator checks, later both backends
//! ```
//!
//! Nothing else lists instructions; adding one is adding a row.

mod body;
mod list;
#[cfg(test)]
mod tests;

pub use body::{FunctionBody, LocalsReader, OperatorsReader};

use crate::error::{ParseError, Result};
use crate::limits;
use crate::reader::BinaryReader;
use crate::types::{BlockType, HeapType, ValType};

/// A memory access immediate: alignment exponent, static offset and memory.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct MemArg {
    /// log2 of the alignment hint, as encoded.
    pub align: u32,
    /// Static offset added to the dynamic address.
    pub offset: u64,
    /// The memory accessed (always 0 before multi-memory).
    pub memory: u32,
}

/// A 32-bit float constant as its bit pattern (so NaN payloads survive).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Ieee32(pub u32);

/// A 64-bit float constant as its bit pattern (so NaN payloads survive).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Ieee64(pub u64);

/// A 128-bit vector constant, little-endian bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct V128(pub [u8; 16]);

/// The branch targets of a `br_table`, kept as the encoded bytes and
/// decoded on demand (they were checked once when the operator was read).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct BrTable<'a> {
    data: &'a [u8],
    offset: usize,
    count: u32,
    default: u32,
}

impl<'a> BrTable<'a> {
    /// Number of targets, the default not counted.
    pub fn len(&self) -> u32 {
        self.count
    }

    /// Whether there are no targets besides the default.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The default target.
    pub fn default(&self) -> u32 {
        self.default
    }

    /// The targets in order, the default not included.
    pub fn targets(&self) -> impl Iterator<Item = Result<u32>> + 'a {
        let mut r = BinaryReader::new(self.data, self.offset, crate::Features::ALL);
        (0..self.count).map(move |_| r.read_var_u32())
    }
}

/// The immediate of a typed `select`: the spec requires exactly one type,
/// which validation checks, so decoding keeps the count and the first type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct SelectType {
    /// How many types the vector had.
    pub count: u32,
    /// The first type, if any.
    pub ty: Option<ValType>,
}

/// Decoding of one immediate type, used by the derived decoder.
pub trait Immediate<'a>: Sized {
    /// Reads the immediate.
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self>;
}

impl<'a> Immediate<'a> for u32 {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        r.read_var_u32()
    }
}

impl<'a> Immediate<'a> for i32 {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        r.read_var_i32()
    }
}

impl<'a> Immediate<'a> for i64 {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        r.read_var_i64()
    }
}

/// Lane indices are one raw byte.
impl<'a> Immediate<'a> for u8 {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        r.read_u8()
    }
}

impl<'a> Immediate<'a> for Ieee32 {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        r.read_u32_le().map(Ieee32)
    }
}

impl<'a> Immediate<'a> for Ieee64 {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        r.read_u64_le().map(Ieee64)
    }
}

impl<'a> Immediate<'a> for V128 {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        let mut b = [0; 16];
        b.copy_from_slice(r.read_bytes(16)?);
        Ok(V128(b))
    }
}

/// `i8x16.shuffle` lane indices: sixteen raw bytes.
impl<'a> Immediate<'a> for [u8; 16] {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        let mut b = [0; 16];
        b.copy_from_slice(r.read_bytes(16)?);
        Ok(b)
    }
}

impl<'a> Immediate<'a> for MemArg {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        r.read_memarg()
    }
}

impl<'a> Immediate<'a> for BlockType {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        r.read_block_type()
    }
}

impl<'a> Immediate<'a> for HeapType {
    #[inline]
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        r.read_heap_type()
    }
}

impl<'a> Immediate<'a> for BrTable<'a> {
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        let count = r.read_size(limits::MAX_WASM_BR_TABLE_SIZE, "br_table")?;
        let offset = r.original_position();
        let start = r.current_position();
        for _ in 0..count {
            r.read_var_u32()?;
        }
        let data = r.bytes_since(start);
        let default = r.read_var_u32()?;
        Ok(BrTable {
            data,
            offset,
            count: count as u32,
            default,
        })
    }
}

impl<'a> Immediate<'a> for SelectType {
    fn decode(r: &mut BinaryReader<'a>) -> Result<Self> {
        let count = r.read_size(limits::MAX_WASM_SELECT_RESULT_SIZE, "select types")?;
        let mut ty = None;
        for i in 0..count {
            let t = r.read_val_type()?;
            if i == 0 {
                ty = Some(t);
            }
        }
        Ok(SelectType {
            count: count as u32,
            ty,
        })
    }
}

impl<'a> BinaryReader<'a> {
    /// Reads a memory argument: flags (alignment, and with multi-memory bit
    /// 6 announcing a memory index), then the offset (64-bit with memory64).
    pub fn read_memarg(&mut self) -> Result<MemArg> {
        let pos = self.original_position();
        let mut flags = self.read_var_u32()?;
        let mut memory = 0;
        if self.features().multi_memory() && flags & (1 << 6) != 0 {
            flags ^= 1 << 6;
            memory = self.read_var_u32()?;
        }
        if flags >= 64 {
            return Err(ParseError::new("malformed memop flags", pos));
        }
        let offset = if self.features().memory64() {
            self.read_var_u64()?
        } else {
            u64::from(self.read_var_u32()?)
        };
        Ok(MemArg {
            align: flags,
            offset,
            memory,
        })
    }

    /// Reads the memory index of `memory.size`, `memory.grow`,
    /// `memory.fill`, `memory.copy` and `memory.init`: before multi-memory a
    /// reserved zero byte.
    pub fn read_mem_index(&mut self) -> Result<u32> {
        if self.features().multi_memory() {
            return self.read_var_u32();
        }
        self.read_zero_byte()
    }

    /// Reads the table index of `call_indirect`: before reference types a
    /// reserved zero byte.
    pub fn read_call_indirect_table(&mut self) -> Result<u32> {
        if self.features().reference_types() {
            return self.read_var_u32();
        }
        self.read_zero_byte()
    }

    fn read_zero_byte(&mut self) -> Result<u32> {
        let pos = self.original_position();
        match self.read_u8()? {
            0 => Ok(0),
            _ => Err(ParseError::new("zero byte expected", pos)),
        }
    }
}

/// Decodes one immediate: with the type's [`Immediate`] impl, or with the
/// reader method a row names after `as`.
macro_rules! decode_imm {
    ($r:ident, $ty:ty) => {
        <$ty as Immediate<'a>>::decode($r)?
    };
    ($r:ident, $ty:ty, $method:ident) => {
        $r.$method()?
    };
}

macro_rules! define_operators {
    ($(
        @$proposal:ident $prefix:literal $code:literal
        $op:ident $({ $($field:ident : $ty:ty $(as $method:ident)?),* })?
        => $visit:ident $name:literal $sig:tt
    )*) => {
        /// One WebAssembly instruction with its immediates. Derived from
        /// [`for_each_operator!`](crate::for_each_operator).
        #[derive(Clone, Copy, PartialEq, Debug)]
        #[allow(missing_docs)]
        pub enum Operator<'a> {
            $( $op $({ $($field: $ty),* })?, )*
        }

        impl Operator<'_> {
            /// The instruction's name in the text format (`"i32.add"`).
            pub fn name(&self) -> &'static str {
                match self {
                    $( Operator::$op { .. } => $name, )*
                }
            }

            /// The proposal that introduced the instruction, as the
            /// snake_case name of its [`Features`](crate::Features) flag
            /// (`"mvp"` for WebAssembly 1.0).
            pub fn proposal(&self) -> &'static str {
                match self {
                    $( Operator::$op { .. } => stringify!($proposal), )*
                }
            }
        }

        impl<'a> BinaryReader<'a> {
            /// Reads one instruction.
            pub fn read_operator(&mut self) -> Result<Operator<'a>> {
                let pos = self.original_position();
                let b = self.read_u8()?;
                let (prefix, code) = if b == 0xfc || b == 0xfd {
                    (b, self.read_var_u32()?)
                } else {
                    (0u8, u32::from(b))
                };
                Ok(match (prefix, code) {
                    $(
                        ($prefix, $code) => Operator::$op $({ $($field: decode_imm!(self, $ty $(, $method)?)),* })?,
                    )*
                    _ => return Err(unknown_opcode(prefix, code, pos)),
                })
            }
        }
    };
}

crate::for_each_operator!(define_operators);

#[cold]
fn unknown_opcode(prefix: u8, code: u32, pos: usize) -> ParseError {
    if prefix == 0 {
        ParseError::fmt(format_args!("illegal opcode {code:#04x}"), pos)
    } else {
        ParseError::fmt(format_args!("illegal opcode {prefix:#04x} {code}"), pos)
    }
}
