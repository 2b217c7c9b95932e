//! A function body from the code section, decoded on demand: its locals,
//! then its instructions.

use crate::Features;
use crate::error::{ParseError, Result};
use crate::limits;
use crate::operator::Operator;
use crate::reader::BinaryReader;
use crate::types::ValType;

/// One entry of the code section: the bytes of a function's locals and
/// instructions, borrowed from the module, not decoded yet.
#[derive(Clone, Copy, Debug)]
pub struct FunctionBody<'a> {
    data: &'a [u8],
    offset: usize,
    features: Features,
}

impl<'a> FunctionBody<'a> {
    /// A body over `data`, which starts at `offset` in the module.
    pub fn new(data: &'a [u8], offset: usize, features: Features) -> Self {
        FunctionBody {
            data,
            offset,
            features,
        }
    }

    /// The body's bytes (locals and code, without the size prefix).
    pub fn bytes(&self) -> &'a [u8] {
        self.data
    }

    /// Offset of the body's first byte in the module.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// A reader over the local declarations.
    pub fn locals_reader(&self) -> Result<LocalsReader<'a>> {
        let mut reader = BinaryReader::new(self.data, self.offset, self.features);
        let count = reader.read_size(limits::MAX_WASM_FUNCTION_LOCALS, "local declarations")?;
        Ok(LocalsReader {
            reader,
            remaining: count as u32,
            total: 0,
        })
    }

    /// A reader over the instructions, after skipping the locals.
    pub fn operators_reader(&self) -> Result<OperatorsReader<'a>> {
        let mut locals = self.locals_reader()?;
        while locals.remaining > 0 {
            locals.read()?;
        }
        Ok(OperatorsReader {
            reader: locals.reader,
        })
    }
}

/// Reads `(count, type)` local declarations, checking that their total
/// stays under [`limits::MAX_WASM_FUNCTION_LOCALS`] ("too many locals").
#[derive(Clone, Debug)]
pub struct LocalsReader<'a> {
    reader: BinaryReader<'a>,
    remaining: u32,
    total: u64,
}

impl<'a> LocalsReader<'a> {
    /// How many declarations are left.
    pub fn remaining(&self) -> u32 {
        self.remaining
    }

    /// Reads the next `(count, type)` declaration.
    pub fn read(&mut self) -> Result<(u32, ValType)> {
        let pos = self.reader.original_position();
        let count = self.reader.read_var_u32()?;
        self.total += u64::from(count);
        if self.total > limits::MAX_WASM_FUNCTION_LOCALS as u64 {
            return Err(ParseError::new("too many locals", pos));
        }
        let ty = self.reader.read_val_type()?;
        self.remaining -= 1;
        Ok((count, ty))
    }

    /// A reader over the instructions that follow the declarations. Call it
    /// after every declaration was read.
    pub fn into_operators_reader(self) -> OperatorsReader<'a> {
        OperatorsReader {
            reader: self.reader,
        }
    }
}

/// Reads the instructions of a function body or constant expression.
#[derive(Clone, Debug)]
pub struct OperatorsReader<'a> {
    reader: BinaryReader<'a>,
}

impl<'a> OperatorsReader<'a> {
    /// A reader over raw instruction bytes at `offset` in the module.
    pub fn new(data: &'a [u8], offset: usize, features: Features) -> Self {
        OperatorsReader {
            reader: BinaryReader::new(data, offset, features),
        }
    }

    /// Whether every byte was read.
    #[inline]
    pub fn eof(&self) -> bool {
        self.reader.eof()
    }

    /// Offset of the next instruction in the module.
    #[inline]
    pub fn original_position(&self) -> usize {
        self.reader.original_position()
    }

    /// Reads the next instruction.
    #[inline]
    pub fn read(&mut self) -> Result<Operator<'a>> {
        self.reader.read_operator()
    }

    /// Reads the next instruction with its offset.
    #[inline]
    pub fn read_with_offset(&mut self) -> Result<(Operator<'a>, usize)> {
        let pos = self.reader.original_position();
        Ok((self.reader.read_operator()?, pos))
    }
}
