//! Values as scripts write them, and the patterns results are checked
//! against.
//!
//! ```text
//! WastArg ──arg()──▶ Value ──(runtime)──▶ call ──▶ Value ──matches(WastRet)──▶ pass / fail
//! ```
//!
//! [`Value`] is the runner's own, engine-neutral value: floats as bits (a
//! NaN's payload must survive the trip), references by what a script can
//! observe of them (null or not, and an extern reference's host number).
//! [`matches`] implements the spec interpreter's result patterns:
//! `nan:canonical` and `nan:arithmetic` for floats and for each float lane
//! of a `v128`, exact bits otherwise, per-lane integer patterns for `v128`,
//! and `ref.null` / `ref.func` / `ref.extern N` for references.

use std::fmt;

use wast::core::{HeapType, NanPattern, V128Const, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// A value passed to or returned from a function in a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32`, as its bits.
    F32(u32),
    /// `f64`, as its bits.
    F64(u64),
    /// `v128`, lane 0 in the low bits.
    V128(u128),
    /// A `funcref`: `None` is null; functions are not otherwise
    /// distinguished by scripts.
    FuncRef(Option<()>),
    /// An `externref`: `None` is null, `Some(n)` the host value
    /// `ref.extern n`.
    ExternRef(Option<u32>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::I32(v) => write!(f, "i32:{v}"),
            Value::I64(v) => write!(f, "i64:{v}"),
            Value::F32(bits) => write!(f, "f32:{} ({bits:#010x})", f32::from_bits(bits)),
            Value::F64(bits) => write!(f, "f64:{} ({bits:#018x})", f64::from_bits(bits)),
            Value::V128(bits) => write!(f, "v128:{bits:#034x}"),
            Value::FuncRef(None) => f.write_str("ref.null func"),
            Value::FuncRef(Some(())) => f.write_str("ref.func"),
            Value::ExternRef(None) => f.write_str("ref.null extern"),
            Value::ExternRef(Some(n)) => write!(f, "ref.extern {n}"),
        }
    }
}

/// The value of an argument; an error for arguments outside
/// WebAssembly 2.0 (GC host references, components).
pub fn arg(arg: &WastArg<'_>) -> Result<Value, String> {
    let WastArg::Core(core) = arg else {
        return Err("component-model argument".to_string());
    };
    Ok(match core {
        WastArgCore::I32(v) => Value::I32(*v),
        WastArgCore::I64(v) => Value::I64(*v),
        WastArgCore::F32(v) => Value::F32(v.bits),
        WastArgCore::F64(v) => Value::F64(v.bits),
        WastArgCore::V128(v) => Value::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(HeapType::Abstract { ty, .. }) => null_of(*ty)?,
        WastArgCore::RefNull(other) => return Err(format!("ref.null of {other:?}")),
        WastArgCore::RefExtern(n) => Value::ExternRef(Some(*n)),
        WastArgCore::RefHost(_) => return Err("ref.host is not WebAssembly 2.0".to_string()),
    })
}

/// The null reference of a 2.0 heap type.
fn null_of(ty: wast::core::AbstractHeapType) -> Result<Value, String> {
    use wast::core::AbstractHeapType as H;
    match ty {
        H::Func => Ok(Value::FuncRef(None)),
        H::Extern => Ok(Value::ExternRef(None)),
        other => Err(format!("ref.null {other:?} is not WebAssembly 2.0")),
    }
}

/// Whether `actual` is what `expected` asks for.
pub fn matches(expected: &WastRet<'_>, actual: &Value) -> bool {
    match expected {
        WastRet::Core(expected) => matches_core(expected, actual),
        _ => false,
    }
}

fn matches_core(expected: &WastRetCore<'_>, actual: &Value) -> bool {
    match (expected, *actual) {
        (WastRetCore::I32(e), Value::I32(a)) => *e == a,
        (WastRetCore::I64(e), Value::I64(a)) => *e == a,
        (WastRetCore::F32(e), Value::F32(a)) => f32_matches(e, a),
        (WastRetCore::F64(e), Value::F64(a)) => f64_matches(e, a),
        (WastRetCore::V128(e), Value::V128(a)) => v128_matches(e, a),
        (WastRetCore::RefNull(ty), Value::FuncRef(None)) => null_type_is(ty, Value::FuncRef(None)),
        (WastRetCore::RefNull(ty), Value::ExternRef(None)) => {
            null_type_is(ty, Value::ExternRef(None))
        }
        (WastRetCore::RefFunc(_), Value::FuncRef(Some(()))) => true,
        (WastRetCore::RefExtern(None), Value::ExternRef(Some(_))) => true,
        (WastRetCore::RefExtern(Some(e)), Value::ExternRef(Some(a))) => *e == a,
        (WastRetCore::Either(options), _) => options.iter().any(|e| matches_core(e, actual)),
        _ => false,
    }
}

/// `(ref.null)` matches any null; `(ref.null func)` only a null of that
/// type.
fn null_type_is(ty: &Option<HeapType<'_>>, null: Value) -> bool {
    match ty {
        None => true,
        Some(HeapType::Abstract { ty, .. }) => null_of(*ty).is_ok_and(|v| v == null),
        Some(_) => false,
    }
}

const F32_EXP: u32 = 0x7f80_0000;
const F32_QUIET: u32 = 0x0040_0000;
const F32_PAYLOAD: u32 = 0x007f_ffff;
const F64_EXP: u64 = 0x7ff0_0000_0000_0000;
const F64_QUIET: u64 = 0x0008_0000_0000_0000;
const F64_PAYLOAD: u64 = 0x000f_ffff_ffff_ffff;

/// `nan:canonical`: either sign, quiet bit set, no other payload bit.
/// `nan:arithmetic`: either sign, quiet bit set, any payload.
fn f32_matches(expected: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    let nan_with = |payload_ok: fn(u32) -> bool| {
        bits & F32_EXP == F32_EXP && bits & F32_QUIET != 0 && payload_ok(bits & F32_PAYLOAD)
    };
    match expected {
        NanPattern::CanonicalNan => nan_with(|p| p == F32_QUIET),
        NanPattern::ArithmeticNan => nan_with(|_| true),
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(expected: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    let is_quiet_nan = bits & F64_EXP == F64_EXP && bits & F64_QUIET != 0;
    match expected {
        NanPattern::CanonicalNan => is_quiet_nan && bits & F64_PAYLOAD == F64_QUIET,
        NanPattern::ArithmeticNan => is_quiet_nan,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn v128_matches(expected: &V128Pattern, bits: u128) -> bool {
    let bytes = bits.to_le_bytes();
    let expect_bytes = |c: V128Const| c.to_le_bytes() == bytes;
    match expected {
        V128Pattern::I8x16(l) => expect_bytes(V128Const::I8x16(*l)),
        V128Pattern::I16x8(l) => expect_bytes(V128Const::I16x8(*l)),
        V128Pattern::I32x4(l) => expect_bytes(V128Const::I32x4(*l)),
        V128Pattern::I64x2(l) => expect_bytes(V128Const::I64x2(*l)),
        V128Pattern::F32x4(lanes) => lanes
            .iter()
            .zip(bytes.chunks_exact(4))
            .all(|(e, b)| f32_matches(e, u32::from_le_bytes(b.try_into().expect("4-byte lane")))),
        V128Pattern::F64x2(lanes) => lanes
            .iter()
            .zip(bytes.chunks_exact(8))
            .all(|(e, b)| f64_matches(e, u64::from_le_bytes(b.try_into().expect("8-byte lane")))),
    }
}

/// A result pattern, for failure messages.
pub fn describe(expected: &WastRet<'_>) -> String {
    match expected {
        WastRet::Core(core) => describe_core(core),
        _ => "a component-model value".to_string(),
    }
}

fn describe_core(expected: &WastRetCore<'_>) -> String {
    match expected {
        WastRetCore::I32(v) => format!("i32:{v}"),
        WastRetCore::I64(v) => format!("i64:{v}"),
        WastRetCore::F32(p) => nan_pattern(p, |v| {
            format!("f32:{} ({:#010x})", f32::from_bits(v.bits), v.bits)
        }),
        WastRetCore::F64(p) => nan_pattern(p, |v| {
            format!("f64:{} ({:#018x})", f64::from_bits(v.bits), v.bits)
        }),
        WastRetCore::V128(p) => format!("v128 {p:?}"),
        WastRetCore::RefNull(_) => "ref.null".to_string(),
        WastRetCore::RefFunc(_) => "ref.func".to_string(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefExtern(None) => "ref.extern".to_string(),
        WastRetCore::Either(options) => options
            .iter()
            .map(describe_core)
            .collect::<Vec<_>>()
            .join(" or "),
        other => format!("{other:?}"),
    }
}

fn nan_pattern<T>(p: &NanPattern<T>, value: impl Fn(&T) -> String) -> String {
    match p {
        NanPattern::CanonicalNan => "nan:canonical".to_string(),
        NanPattern::ArithmeticNan => "nan:arithmetic".to_string(),
        NanPattern::Value(v) => value(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wast::parser::{self, ParseBuffer};

    /// Parses `(assert_return (invoke "f") RET)` and returns whether the
    /// pattern matches `actual`.
    fn check(ret: &str, actual: Value) -> bool {
        let text = format!("(assert_return (invoke \"f\") {ret})");
        let buf = ParseBuffer::new(&text).unwrap();
        let wast = parser::parse::<wast::Wast<'_>>(&buf).unwrap();
        match &wast.directives[0] {
            wast::WastDirective::AssertReturn { results, .. } => matches(&results[0], &actual),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn integers_and_exact_floats() {
        assert!(check("(i32.const -1)", Value::I32(-1)));
        assert!(!check("(i32.const -1)", Value::I64(-1)));
        assert!(check(
            "(f32.const -0x1p-1)",
            Value::F32((-0.5f32).to_bits())
        ));
        assert!(!check("(f32.const 0)", Value::F32((-0.0f32).to_bits())));
        assert!(check(
            "(f64.const nan:0x4)",
            Value::F64(0x7ff0_0000_0000_0004)
        ));
        assert!(!check(
            "(f64.const nan:0x4)",
            Value::F64(0x7ff8_0000_0000_0000)
        ));
    }

    #[test]
    fn nan_patterns() {
        assert!(check("(f32.const nan:canonical)", Value::F32(0x7fc0_0000)));
        assert!(check("(f32.const nan:canonical)", Value::F32(0xffc0_0000)));
        assert!(!check("(f32.const nan:canonical)", Value::F32(0x7fc0_0001)));
        assert!(check("(f32.const nan:arithmetic)", Value::F32(0x7fc0_0001)));
        assert!(!check(
            "(f32.const nan:arithmetic)",
            Value::F32(0x7fa0_0000)
        ));
        assert!(!check(
            "(f32.const nan:arithmetic)",
            Value::F32(0x7f80_0000)
        ));
        assert!(check(
            "(f64.const nan:canonical)",
            Value::F64(0xfff8_0000_0000_0000)
        ));
        assert!(!check(
            "(f64.const nan:canonical)",
            Value::F64(0x7ff8_0000_0000_0001)
        ));
        assert!(check(
            "(f64.const nan:arithmetic)",
            Value::F64(0x7ffc_0000_0000_0000)
        ));
        assert!(!check(
            "(f64.const nan:arithmetic)",
            Value::F64(0x7ff4_0000_0000_0000)
        ));
    }

    #[test]
    fn v128_lanes() {
        let lanes: u128 = 1 | (2 << 32) | (3 << 64) | (0xffff_ffff << 96);
        assert!(check("(v128.const i32x4 1 2 3 -1)", Value::V128(lanes)));
        assert!(!check("(v128.const i32x4 1 2 3 4)", Value::V128(lanes)));
        assert!(check(
            "(v128.const i64x2 0x200000001 -4294967293)",
            Value::V128(lanes)
        ));
        let f = |l: [u32; 4]| {
            Value::V128(
                l.iter()
                    .rev()
                    .fold(0u128, |acc, &x| (acc << 32) | u128::from(x)),
            )
        };
        let one = 1.0f32.to_bits();
        assert!(check(
            "(v128.const f32x4 nan:canonical 1 nan:arithmetic 1)",
            f([0x7fc0_0000, one, 0xffc0_0001, one])
        ));
        assert!(!check(
            "(v128.const f32x4 nan:canonical 1 1 1)",
            f([0x7fc0_0001, one, one, one])
        ));
    }

    #[test]
    fn references() {
        assert!(check("(ref.null func)", Value::FuncRef(None)));
        assert!(!check("(ref.null func)", Value::ExternRef(None)));
        assert!(check("(ref.null extern)", Value::ExternRef(None)));
        assert!(!check("(ref.null extern)", Value::ExternRef(Some(1))));
        assert!(check("(ref.func)", Value::FuncRef(Some(()))));
        assert!(!check("(ref.func)", Value::FuncRef(None)));
        assert!(check("(ref.extern 7)", Value::ExternRef(Some(7))));
        assert!(!check("(ref.extern 7)", Value::ExternRef(Some(8))));
        assert!(check("(ref.extern)", Value::ExternRef(Some(8))));
        assert!(!check("(ref.extern)", Value::ExternRef(None)));
    }

    #[test]
    fn args() {
        let text = r#"(invoke "f" (i32.const 1) (f32.const nan:0x1) (ref.null extern) (ref.extern 3) (v128.const i8x16 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 2))"#;
        let buf = ParseBuffer::new(text).unwrap();
        let wast = parser::parse::<wast::Wast<'_>>(&buf).unwrap();
        let wast::WastDirective::Invoke(invoke) = &wast.directives[0] else {
            panic!()
        };
        let values: Vec<Value> = invoke.args.iter().map(|a| arg(a).unwrap()).collect();
        assert_eq!(
            values,
            [
                Value::I32(1),
                Value::F32(0x7f80_0001),
                Value::ExternRef(None),
                Value::ExternRef(Some(3)),
                Value::V128(1 | (2 << 120)),
            ]
        );
    }
}
