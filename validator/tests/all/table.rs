//! Every fixed-signature row of the operator table, checked against
//! wasmparser: an instruction given operands of its signature's types
//! validates in both, and given a wrong first operand fails in both. This
//! catches a wrong signature in the table as much as a wrong check here.

// Which types and shapes occur depends on the table's rows, and `Row` is
// read through `Debug` in failure messages.
#![allow(dead_code)]

use wasmparser::{Validator, WasmFeatures};

use crate::support::validate_bytes_with;

#[derive(Clone, Copy, Debug, PartialEq)]
enum T {
    I32,
    I64,
    F32,
    F64,
    V128,
}

#[derive(Debug)]
enum Sig {
    Fixed(Vec<T>, Vec<T>),
    Load(u32, T),
    Store(u32, T),
}

#[derive(Debug)]
struct Row {
    name: &'static str,
    prefix: u8,
    code: u32,
    fields: &'static [&'static str],
    sig: Sig,
}

macro_rules! t {
    (i32) => {
        T::I32
    };
    (i64) => {
        T::I64
    };
    (f32) => {
        T::F32
    };
    (f64) => {
        T::F64
    };
    (v128) => {
        T::V128
    };
}

macro_rules! sig {
    ([special]) => {
        None
    };
    ([load $n:literal $t:ident]) => {
        Some(Sig::Load($n, t!($t)))
    };
    ([store $n:literal $t:ident]) => {
        Some(Sig::Store($n, t!($t)))
    };
    ([$($in:ident)* -> $($out:ident)*]) => {
        Some(Sig::Fixed(vec![$(t!($in)),*], vec![$(t!($out)),*]))
    };
}

macro_rules! rows {
    ($(
        @$proposal:ident $prefix:literal $code:literal
        $op:ident $({ $($field:ident : $ty:ty $(as $method:ident)?),* })?
        => $visit:ident $name:literal $sig:tt
    )*) => {
        fn rows() -> Vec<Row> {
            let mut rows = Vec::new();
            $(
                if let Some(sig) = sig!($sig) {
                    rows.push(Row {
                        name: $name,
                        prefix: $prefix,
                        code: $code,
                        fields: &[$($(stringify!($field)),*)?],
                        sig,
                    });
                }
            )*
            rows
        }
    };
}

brisk_parser::for_each_operator!(rows);

fn leb(mut v: u32, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn push_const(t: T, out: &mut Vec<u8>) {
    match t {
        T::I32 => out.extend_from_slice(&[0x41, 0]),
        T::I64 => out.extend_from_slice(&[0x42, 0]),
        T::F32 => out.extend_from_slice(&[0x43, 0, 0, 0, 0]),
        T::F64 => out.extend_from_slice(&[0x44, 0, 0, 0, 0, 0, 0, 0, 0]),
        T::V128 => {
            out.extend_from_slice(&[0xfd, 0x0c]);
            out.extend_from_slice(&[0; 16]);
        }
    }
}

/// A type other than `t`.
fn other(t: T) -> T {
    if t == T::I32 { T::F64 } else { T::I32 }
}

/// The function body using `row` with operands `ins`.
fn body(row: &Row, ins: &[T], outs: usize, memarg: Option<u32>) -> Vec<u8> {
    let mut code = vec![0]; // no locals
    for &t in ins {
        push_const(t, &mut code);
    }
    if row.prefix == 0 {
        code.push(row.code as u8);
    } else {
        code.push(row.prefix);
        leb(row.code, &mut code);
    }
    if let Some(bytes) = memarg {
        code.push(bytes.trailing_zeros() as u8); // natural alignment
        code.push(0); // offset
    }
    code.extend(std::iter::repeat_n(0x1a, outs)); // drop
    code.push(0x0b);
    code
}

/// A module with one memory and one `[] -> []` function of `code`.
fn module(code: &[u8]) -> Vec<u8> {
    let mut m = vec![0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
    m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1]);
    let mut entry = Vec::new();
    leb(code.len() as u32, &mut entry);
    entry.extend_from_slice(code);
    let mut section = vec![1];
    section.extend_from_slice(&entry);
    m.push(10);
    leb(section.len() as u32, &mut m);
    m.extend_from_slice(&section);
    m
}

fn verdicts(code: &[u8]) -> (bool, bool) {
    let bytes = module(code);
    let ours = validate_bytes_with(&bytes, Default::default()).is_ok();
    let theirs = Validator::new_with_features(WasmFeatures::WASM2)
        .validate_all(&bytes)
        .is_ok();
    (ours, theirs)
}

#[test]
fn fixed_signatures_agree_with_wasmparser() {
    let rows = rows();
    assert!(!rows.is_empty());
    for row in &rows {
        let (ins, outs, memarg) = match &row.sig {
            // Constants carry immediates; they are tested on their own.
            Sig::Fixed(..) if !row.fields.is_empty() => continue,
            Sig::Fixed(ins, outs) => (ins.clone(), outs.len(), None),
            Sig::Load(n, _) => (vec![T::I32], 1, Some(*n)),
            Sig::Store(n, t) => (vec![T::I32, *t], 0, Some(*n)),
        };
        assert_eq!(
            verdicts(&body(row, &ins, outs, memarg)),
            (true, true),
            "{row:?} valid"
        );
        if let Some((first, rest)) = ins.split_first() {
            let mut wrong = vec![other(*first)];
            wrong.extend_from_slice(rest);
            assert_eq!(
                verdicts(&body(row, &wrong, outs, memarg)),
                (false, false),
                "{row:?} with a wrong first operand"
            );
        }
        // One operand short.
        if !ins.is_empty() {
            assert_eq!(
                verdicts(&body(row, &ins[1..], outs, memarg)),
                (false, false),
                "{row:?} with an operand missing"
            );
        }
    }
}
