//! Just enough linear memory for the SIMD load files: a module's memory
//! with its active data segments, read by the load instructions through the
//! lane-building helpers the executor will use (`v128_load8x8_s`,
//! `v128_load16_splat`, `v128_load32_lane`, ...). Stores are not modelled;
//! functions that store are skipped.

use wast::core::{DataKind, DataVal, Instruction, MemArg, MemoryKind, ModuleField};

use super::Val;
use crate::semantics::simd::*;

/// A load: the access width, the static offset, and the lane immediate of
/// a lane load.
#[derive(Clone, Debug)]
pub(super) struct Load {
    name: &'static str,
    width: u64,
    offset: u64,
    lane: Option<u8>,
}

impl Load {
    /// The operands a load pops: the address, and the vector for a lane load.
    pub(super) fn arity(&self) -> usize {
        if self.lane.is_some() { 2 } else { 1 }
    }
}

/// The load an instruction performs, if it is a SIMD load.
pub(super) fn load(i: &Instruction<'_>) -> Option<Load> {
    let plain = |name, width, m: &MemArg<'_>| Load {
        name,
        width,
        offset: m.offset,
        lane: None,
    };
    Some(match i {
        Instruction::v128_load(m) => plain("v128_load", 16, m),
        Instruction::v128_load8x8_s(m) => plain("v128_load8x8_s", 8, m),
        Instruction::v128_load8x8_u(m) => plain("v128_load8x8_u", 8, m),
        Instruction::v128_load16x4_s(m) => plain("v128_load16x4_s", 8, m),
        Instruction::v128_load16x4_u(m) => plain("v128_load16x4_u", 8, m),
        Instruction::v128_load32x2_s(m) => plain("v128_load32x2_s", 8, m),
        Instruction::v128_load32x2_u(m) => plain("v128_load32x2_u", 8, m),
        Instruction::v128_load8_splat(m) => plain("v128_load8_splat", 1, m),
        Instruction::v128_load16_splat(m) => plain("v128_load16_splat", 2, m),
        Instruction::v128_load32_splat(m) => plain("v128_load32_splat", 4, m),
        Instruction::v128_load64_splat(m) => plain("v128_load64_splat", 8, m),
        Instruction::v128_load32_zero(m) => plain("v128_load32_zero", 4, m),
        Instruction::v128_load64_zero(m) => plain("v128_load64_zero", 8, m),
        Instruction::v128_load8_lane(l) => Load {
            name: "v128_load8_lane",
            width: 1,
            offset: l.memarg.offset,
            lane: Some(l.lane.lane),
        },
        Instruction::v128_load16_lane(l) => Load {
            name: "v128_load16_lane",
            width: 2,
            offset: l.memarg.offset,
            lane: Some(l.lane.lane),
        },
        Instruction::v128_load32_lane(l) => Load {
            name: "v128_load32_lane",
            width: 4,
            offset: l.memarg.offset,
            lane: Some(l.lane.lane),
        },
        Instruction::v128_load64_lane(l) => Load {
            name: "v128_load64_lane",
            width: 8,
            offset: l.memarg.offset,
            lane: Some(l.lane.lane),
        },
        _ => return None,
    })
}

/// Performs `l` on its operands (address, then the vector of a lane load);
/// `Ok(None)` for an out-of-bounds access, `Err` for ill-typed operands.
pub(super) fn perform(l: &Load, memory: &[u8], operands: &[Val]) -> Result<Option<Val>, String> {
    let Some(&Val::I32(addr)) = operands.first() else {
        return Err(format!("{}: address {operands:?}", l.name));
    };
    let start = u64::from(addr as u32) + l.offset;
    let Some(bytes) = usize::try_from(start)
        .ok()
        .and_then(|s| memory.get(s..s + l.width as usize))
    else {
        return Ok(None);
    };
    let x = bytes
        .iter()
        .rev()
        .fold(0u128, |acc, &b| acc << 8 | u128::from(b));
    let v = match operands.get(1) {
        Some(&Val::V128(v)) => v,
        _ if l.lane.is_some() => return Err(format!("{}: vector {operands:?}", l.name)),
        _ => 0,
    };
    let lane = l.lane.unwrap_or(0);
    Ok(Some(Val::V128(match l.name {
        "v128_load" => x,
        "v128_load8x8_s" => v128_load8x8_s(x as u64),
        "v128_load8x8_u" => v128_load8x8_u(x as u64),
        "v128_load16x4_s" => v128_load16x4_s(x as u64),
        "v128_load16x4_u" => v128_load16x4_u(x as u64),
        "v128_load32x2_s" => v128_load32x2_s(x as u64),
        "v128_load32x2_u" => v128_load32x2_u(x as u64),
        "v128_load8_splat" => v128_load8_splat(x as u8),
        "v128_load16_splat" => v128_load16_splat(x as u16),
        "v128_load32_splat" => v128_load32_splat(x as u32),
        "v128_load64_splat" => v128_load64_splat(x as u64),
        "v128_load32_zero" => v128_load32_zero(x as u32),
        "v128_load64_zero" => v128_load64_zero(x as u64),
        "v128_load8_lane" => v128_load8_lane(v, x as u8, lane),
        "v128_load16_lane" => v128_load16_lane(v, x as u16, lane),
        "v128_load32_lane" => v128_load32_lane(v, x as u32, lane),
        "v128_load64_lane" => v128_load64_lane(v, x as u64, lane),
        other => return Err(format!("unknown load {other}")),
    })))
}

/// The initial contents of a module's memory 0 (empty without one): its
/// minimum size, with the active data segments at constant offsets applied.
/// `None` when a segment's offset is not an `i32.const`.
pub(super) fn initial(fields: &[ModuleField<'_>]) -> Option<Vec<u8>> {
    const PAGE: usize = 65536;
    let mut memory = Vec::new();
    for field in fields {
        match field {
            ModuleField::Memory(m) => match &m.kind {
                MemoryKind::Normal(ty) => {
                    memory = vec![0; usize::try_from(ty.limits.min).ok()? * PAGE]
                }
                MemoryKind::Inline { data, .. } => {
                    let bytes = concat(data);
                    memory = bytes.clone();
                    memory.resize(bytes.len().div_ceil(PAGE) * PAGE, 0);
                }
                MemoryKind::Import { .. } => return None,
            },
            ModuleField::Data(d) => {
                if let DataKind::Active { offset, .. } = &d.kind {
                    let [Instruction::i32_const(at)] = &*offset.instrs else {
                        return None;
                    };
                    let at = *at as u32 as usize;
                    let bytes = concat(&d.data);
                    memory
                        .get_mut(at..at + bytes.len())?
                        .copy_from_slice(&bytes);
                }
            }
            _ => {}
        }
    }
    Some(memory)
}

fn concat(data: &[DataVal<'_>]) -> Vec<u8> {
    data.iter()
        .flat_map(|d| match d {
            DataVal::String(s) => s.to_vec(),
            DataVal::Integral(b) => b.clone(),
        })
        .collect()
}
