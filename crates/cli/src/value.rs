//! How `brisk run --invoke` reads arguments and prints results.
//!
//! Results print one per line, in a form that round-trips:
//!
//! | type | printed as |
//! |---|---|
//! | `i32`, `i64` | signed decimal: `42`, `-1` |
//! | `f32`, `f64` | shortest decimal that reads back to the same bits: `-1.5`, `1e30`, `inf`, `-0`; a NaN as `nan:0x<payload>` (`-nan:...` when the sign is set), e.g. `nan:0x400000` |
//! | `v128` | `i32x4 1 2 3 4` (four signed 32-bit lanes, lane 0 first) |
//! | `funcref` | `ref.null func` or `ref.func` |
//! | `externref` | `ref.null extern` or `ref.extern <n>` |
//!
//! Arguments are read by the parameter's type: integers in decimal or
//! `0x` hexadecimal (negative allowed, and unsigned values up to the
//! type's width, so `0xffffffff` is `-1` as an `i32`); floats as Rust
//! reads them (`1.5`, `-2e10`, `inf`, `nan`) or `nan:0x<payload>`; `v128`
//! as one hexadecimal word `0x<32 digits>` (lane 0 in the low bits) or the
//! printed form `i32x4 a b c d` in one quoted word; references only as
//! `null`.

use brisk::parser::{HeapType, ValType};

/// A value as raw bits, lane 0 / low bytes first, with its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Raw {
    /// Its type.
    pub ty: ValType,
    /// The bits: integers and floats zero-extended, `v128` whole; for a
    /// reference, 0 for null and otherwise the extern number + 1 (or any
    /// non-zero value for a function).
    pub bits: u128,
}

/// The printed form of a result.
pub fn format(value: Raw) -> String {
    let bits = value.bits;
    match value.ty {
        ValType::I32 => (bits as u32 as i32).to_string(),
        ValType::I64 => (bits as u64 as i64).to_string(),
        ValType::F32 => float(
            f64::from(f32::from_bits(bits as u32)),
            || nan(bits as u32 >> 31 != 0, u64::from(bits as u32 & 0x007f_ffff)),
            f32::from_bits(bits as u32).to_string(),
        ),
        ValType::F64 => float(
            f64::from_bits(bits as u64),
            || nan(bits as u64 >> 63 != 0, bits as u64 & 0x000f_ffff_ffff_ffff),
            f64::from_bits(bits as u64).to_string(),
        ),
        ValType::V128 => {
            let lanes: Vec<String> = (0..4)
                .map(|i| ((bits >> (32 * i)) as u32 as i32).to_string())
                .collect();
            format!("i32x4 {}", lanes.join(" "))
        }
        ValType::Ref(r) if r.heap_type != HeapType::Extern => if bits == 0 {
            "ref.null func"
        } else {
            "ref.func"
        }
        .to_string(),
        ValType::Ref(_) => match bits {
            0 => "ref.null extern".to_string(),
            n => format!("ref.extern {}", n - 1),
        },
    }
}

/// `shortest` unless the value is a NaN or infinite.
fn float(value: f64, nan: impl Fn() -> String, shortest: String) -> String {
    if value.is_nan() {
        nan()
    } else if value.is_infinite() {
        if value < 0.0 { "-inf" } else { "inf" }.to_string()
    } else {
        shortest
    }
}

fn nan(negative: bool, payload: u64) -> String {
    format!("{}nan:{payload:#x}", if negative { "-" } else { "" })
}

/// Reads an argument of type `ty`.
pub fn parse(ty: ValType, text: &str) -> Result<Raw, String> {
    let bad = || format!("`{text}` is not a valid {}", type_name(ty));
    let bits = match ty {
        ValType::I32 => u128::from(int(text, 32).ok_or_else(bad)? as u32),
        ValType::I64 => u128::from(int(text, 64).ok_or_else(bad)?),
        ValType::F32 => u128::from(f32_bits(text).ok_or_else(bad)?),
        ValType::F64 => u128::from(f64_bits(text).ok_or_else(bad)?),
        ValType::V128 => v128(text).ok_or_else(bad)?,
        ValType::Ref(_) if text == "null" => 0,
        ValType::Ref(_) => return Err(format!("`{text}`: reference arguments can only be `null`")),
    };
    Ok(Raw { ty, bits })
}

fn type_name(ty: ValType) -> String {
    ty.to_string()
}

/// An integer of `width` bits: signed decimal, or (optionally negative)
/// `0x` hexadecimal, or unsigned up to the width. The result is the
/// two's-complement bits, zero-extended.
fn int(text: &str, width: u32) -> Option<u64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let magnitude = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16).ok()?,
        None => digits.replace('_', "").parse::<u64>().ok()?,
    };
    let mask = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    let min_magnitude = 1u64 << (width - 1); // |MIN|
    if negative {
        (magnitude <= min_magnitude).then(|| magnitude.wrapping_neg() & mask)
    } else {
        (magnitude <= mask).then_some(magnitude)
    }
}

/// `nan:0x..` with an optional sign, else Rust's float syntax.
fn nan_payload(text: &str) -> Option<(bool, Option<u64>)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let rest = rest.strip_prefix("nan")?;
    if rest.is_empty() {
        return Some((negative, None));
    }
    let hex = rest.strip_prefix(":0x")?;
    Some((negative, Some(u64::from_str_radix(hex, 16).ok()?)))
}

fn f32_bits(text: &str) -> Option<u32> {
    match nan_payload(text) {
        Some((negative, payload)) => {
            let payload = u32::try_from(payload.unwrap_or(0x40_0000)).ok()?;
            (payload != 0 && payload <= 0x7f_ffff)
                .then(|| (u32::from(negative) << 31) | 0x7f80_0000 | payload)
        }
        None => text.parse::<f32>().ok().map(f32::to_bits),
    }
}

fn f64_bits(text: &str) -> Option<u64> {
    match nan_payload(text) {
        Some((negative, payload)) => {
            let payload = payload.unwrap_or(0x8_0000_0000_0000);
            (payload != 0 && payload <= 0xf_ffff_ffff_ffff)
                .then(|| (u64::from(negative) << 63) | 0x7ff0_0000_0000_0000 | payload)
        }
        None => text.parse::<f64>().ok().map(f64::to_bits),
    }
}

/// `0x` + up to 32 hex digits, or `i32x4 a b c d`.
fn v128(text: &str) -> Option<u128> {
    if let Some(hex) = text.strip_prefix("0x") {
        return u128::from_str_radix(&hex.replace('_', ""), 16).ok();
    }
    let mut words = text.split_whitespace();
    if words.next()? != "i32x4" {
        return None;
    }
    let mut bits = 0u128;
    for lane in 0..4 {
        bits |= u128::from(int(words.next()?, 32)? as u32) << (32 * lane);
    }
    words.next().is_none().then_some(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(ty: ValType, bits: u128) -> Raw {
        Raw { ty, bits }
    }

    #[test]
    fn prints_results() {
        assert_eq!(format(raw(ValType::I32, 42)), "42");
        assert_eq!(format(raw(ValType::I32, 0xffff_ffff)), "-1");
        assert_eq!(format(raw(ValType::I64, u128::from(u64::MAX))), "-1");
        assert_eq!(
            format(raw(ValType::F32, u128::from((-1.5f32).to_bits()))),
            "-1.5"
        );
        assert_eq!(
            format(raw(ValType::F64, u128::from((-0.0f64).to_bits()))),
            "-0"
        );
        assert_eq!(format(raw(ValType::F32, 0x7fa0_0000)), "nan:0x200000");
        assert_eq!(format(raw(ValType::F32, 0xffc0_0000)), "-nan:0x400000");
        assert_eq!(
            format(raw(ValType::F64, 0x7ff8_0000_0000_0000)),
            "nan:0x8000000000000"
        );
        assert_eq!(
            format(raw(ValType::F64, u128::from(f64::NEG_INFINITY.to_bits()))),
            "-inf"
        );
        let v = 1 | (2 << 32) | (3 << 64) | (0xffff_ffffu128 << 96);
        assert_eq!(format(raw(ValType::V128, v)), "i32x4 1 2 3 -1");
    }

    #[test]
    fn reads_arguments() {
        assert_eq!(parse(ValType::I32, "-1").unwrap().bits, 0xffff_ffff);
        assert_eq!(parse(ValType::I32, "0xffffffff").unwrap().bits, 0xffff_ffff);
        assert_eq!(
            parse(ValType::I32, "-2147483648").unwrap().bits,
            0x8000_0000
        );
        assert!(parse(ValType::I32, "4294967296").is_err());
        assert!(parse(ValType::I32, "-2147483649").is_err());
        assert!(parse(ValType::I32, "x").is_err());
        assert_eq!(
            parse(ValType::I64, "-1").unwrap().bits,
            u128::from(u64::MAX)
        );
        assert_eq!(
            parse(ValType::F32, "1.5").unwrap().bits,
            u128::from(1.5f32.to_bits())
        );
        assert_eq!(
            parse(ValType::F32, "nan:0x200000").unwrap().bits,
            0x7fa0_0000
        );
        assert_eq!(parse(ValType::F32, "-nan").unwrap().bits, 0xffc0_0000);
        assert!(parse(ValType::F32, "nan:0x0").is_err());
        assert!(parse(ValType::F32, "nan:0x800000").is_err());
        assert_eq!(
            parse(ValType::F64, "-inf").unwrap().bits,
            u128::from(f64::NEG_INFINITY.to_bits())
        );
        assert_eq!(
            parse(ValType::V128, "i32x4 1 2 3 -1").unwrap().bits,
            1 | (2 << 32) | (3 << 64) | (0xffff_ffffu128 << 96)
        );
        assert_eq!(parse(ValType::V128, "0x1").unwrap().bits, 1);
        assert!(parse(ValType::V128, "i32x4 1 2 3").is_err());
    }

    #[test]
    fn printed_floats_read_back() {
        for bits in [
            0u32,
            0x8000_0000,
            1,
            0x7f7f_ffff,
            0x3dcc_cccd,
            0x7fa0_0000,
            0xff80_0001,
        ] {
            let printed = format(raw(ValType::F32, u128::from(bits)));
            assert_eq!(
                parse(ValType::F32, &printed).unwrap().bits,
                u128::from(bits),
                "{printed}"
            );
        }
        for bits in [
            0u64,
            1,
            0x3fb9_9999_9999_999a,
            0x7ff8_0000_0000_0001,
            0xfff0_0000_0000_0000,
        ] {
            let printed = format(raw(ValType::F64, u128::from(bits)));
            assert_eq!(
                parse(ValType::F64, &printed).unwrap().bits,
                u128::from(bits),
                "{printed}"
            );
        }
    }
}
