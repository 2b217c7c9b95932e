//! Nothing panics on any input: every prefix and many mutations of a
//! module that uses every section decode to a value or an error.

use crate::support::wat;

const MODULE: &str = r#"
(module $m
  (type (func (param i32) (result i32)))
  (import "env" "f" (func $imp (type 0)))
  (import "env" "t" (table 1 funcref))
  (import "env" "g" (global i32))
  (memory 1 2)
  (table 2 externref)
  (global (mut i64) (i64.const -1))
  (func $a (param i32) (result i32) (local f32 f64)
    block (result i32) local.get 0 end)
  (func $b (param i32) (result i32) i32.const 1)
  (export "a" (func $a))
  (start $imp)
  (elem (i32.const 0) func $a)
  (elem funcref (ref.func $b) (ref.null func))
  (elem declare func $b)
  (data (i32.const 8) "hello")
  (data "passive"))
"#;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn every_prefix() {
    let bytes = wat(MODULE);
    assert!(brisk_parser::parse(&bytes).is_ok());
    for len in 0..bytes.len() {
        let _ = brisk_parser::parse(&bytes[..len]);
    }
}

#[test]
fn every_byte_replaced() {
    let bytes = wat(MODULE);
    let mut copy = bytes.clone();
    for i in 0..bytes.len() {
        for b in [0x00, 0x01, 0x0b, 0x7f, 0x80, 0xff, bytes[i].wrapping_add(1)] {
            copy[i] = b;
            let _ = brisk_parser::parse(&copy);
        }
        copy[i] = bytes[i];
    }
}

#[test]
fn random_mutations() {
    let bytes = wat(MODULE);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let mut copy = bytes.clone();
        for _ in 0..1 + rng.next() % 4 {
            let i = (rng.next() % copy.len() as u64) as usize;
            match rng.next() % 3 {
                0 => copy[i] = rng.next() as u8,
                1 => {
                    copy.remove(i);
                }
                _ => copy.insert(i, rng.next() as u8),
            }
        }
        let _ = brisk_parser::parse(&copy);
    }
}
