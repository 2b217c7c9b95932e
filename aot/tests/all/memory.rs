//! Linear memory: loads and stores of every width and sign, static
//! offsets (including ones past 2 GiB), memory.size/grow, bulk memory
//! and globals — in guard mode and with explicit bounds checks.

use brisk_aot::CompileOptions;
use brisk_vm::ValRaw;

use super::harness::Harness;

const MEMORY: &str = r#"(module
  (memory 1 3)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08\f0\f1\f2\f3\f4\f5\f6\f7")
  (data $passive "hello")
  (global $g (mut i32) (i32.const 5))
  (global $h (mut i64) (i64.const -2))
  (global $f (mut f64) (f64.const 1.5))
  (global $k f32 (f32.const 2.5))
  (func (export "i32.load") (param i32) (result i32) local.get 0 i32.load)
  (func (export "i32.load_off") (param i32) (result i32) local.get 0 i32.load offset=4)
  (func (export "i64.load") (param i32) (result i64) local.get 0 i64.load)
  (func (export "i32.load8_s") (param i32) (result i32) local.get 0 i32.load8_s)
  (func (export "i32.load8_u") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "i32.load16_s") (param i32) (result i32) local.get 0 i32.load16_s)
  (func (export "i32.load16_u") (param i32) (result i32) local.get 0 i32.load16_u)
  (func (export "i64.load8_s") (param i32) (result i64) local.get 0 i64.load8_s)
  (func (export "i64.load8_u") (param i32) (result i64) local.get 0 i64.load8_u)
  (func (export "i64.load16_s") (param i32) (result i64) local.get 0 i64.load16_s)
  (func (export "i64.load16_u") (param i32) (result i64) local.get 0 i64.load16_u)
  (func (export "i64.load32_s") (param i32) (result i64) local.get 0 i64.load32_s)
  (func (export "i64.load32_u") (param i32) (result i64) local.get 0 i64.load32_u)
  (func (export "f32.load") (param i32) (result f32) local.get 0 f32.load)
  (func (export "f64.load") (param i32) (result f64) local.get 0 f64.load)
  (func (export "stores") (param i32)
    local.get 0 i32.const 0x11223344 i32.store
    local.get 0 i64.const 0x5566778899aabbcc i64.store offset=4
    local.get 0 i32.const 0xddee i32.store16 offset=12
    local.get 0 i32.const 0xff i32.store8 offset=14
    local.get 0 i64.const 0x7f i64.store8 offset=15
    local.get 0 i64.const 0x1234 i64.store16 offset=16
    local.get 0 i64.const 0x89abcdef i64.store32 offset=18
    local.get 0 f32.const 1.0 f32.store offset=22
    local.get 0 f64.const -2.0 f64.store offset=26)
  (func (export "size") (result i32) memory.size)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
  (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
  (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $passive)
  (func (export "drop") data.drop $passive)
  (func (export "globals") (result i32 i64 f64 f32)
    global.get $g i32.const 1 i32.add global.set $g
    global.get $h i64.const 3 i64.mul global.set $h
    global.get $f global.get $f f64.add global.set $f
    global.get $g global.get $h global.get $f global.get $k)
  (func (export "last_byte") (result i32) i32.const 0 i32.load8_u offset=65535)
)"#;

fn harnesses() -> Vec<Harness> {
    vec![
        Harness::new(MEMORY),
        Harness::with_options(
            MEMORY,
            CompileOptions {
                explicit_bounds_checks: true,
                ..CompileOptions::default()
            },
        ),
    ]
}

fn load64(h: &mut Harness, name: &str, addr: i32) -> i64 {
    h.call(name, &[ValRaw::i32(addr)]).unwrap()[0].get_i64()
}

#[test]
fn loads_of_every_width() {
    for mut h in harnesses() {
        assert_eq!(h.i32("i32.load", &[16]), Ok(0x0403_0201));
        assert_eq!(h.i32("i32.load", &[17]), Ok(0x0504_0302), "unaligned");
        assert_eq!(h.i32("i32.load_off", &[16]), Ok(0x0807_0605));
        assert_eq!(load64(&mut h, "i64.load", 16), 0x0807_0605_0403_0201);
        assert_eq!(h.i32("i32.load8_s", &[24]), Ok(-16));
        assert_eq!(h.i32("i32.load8_u", &[24]), Ok(0xf0));
        assert_eq!(h.i32("i32.load16_s", &[24]), Ok(0xf1f0_u16 as i16 as i32));
        assert_eq!(h.i32("i32.load16_u", &[24]), Ok(0xf1f0));
        assert_eq!(load64(&mut h, "i64.load8_s", 24), -16);
        assert_eq!(load64(&mut h, "i64.load8_u", 24), 0xf0);
        assert_eq!(load64(&mut h, "i64.load16_s", 24), 0xf1f0_u16 as i16 as i64);
        assert_eq!(load64(&mut h, "i64.load16_u", 24), 0xf1f0);
        assert_eq!(
            load64(&mut h, "i64.load32_s", 24),
            0xf3f2_f1f0_u32 as i32 as i64
        );
        assert_eq!(load64(&mut h, "i64.load32_u", 24), 0xf3f2_f1f0);
        assert_eq!(h.i32("last_byte", &[]), Ok(0));
        h.memory()[100..104].copy_from_slice(&1.5f32.to_le_bytes());
        h.memory()[104..112].copy_from_slice(&(-0.25f64).to_le_bytes());
        let r = h.call("f32.load", &[ValRaw::i32(100)]).unwrap()[0];
        assert_eq!(r, ValRaw::f32(1.5f32.to_bits()));
        let r = h.call("f64.load", &[ValRaw::i32(104)]).unwrap()[0];
        assert_eq!(f64::from_bits(r.get_f64()), -0.25);
    }
}

#[test]
fn stores_of_every_width() {
    for mut h in harnesses() {
        h.call("stores", &[ValRaw::i32(1000)]).unwrap();
        let mut want = Vec::new();
        want.extend_from_slice(&0x1122_3344u32.to_le_bytes());
        want.extend_from_slice(&0x5566_7788_99aa_bbccu64.to_le_bytes());
        want.extend_from_slice(&0xddeeu16.to_le_bytes());
        want.push(0xff);
        want.push(0x7f);
        want.extend_from_slice(&0x1234u16.to_le_bytes());
        want.extend_from_slice(&0x89ab_cdefu32.to_le_bytes());
        want.extend_from_slice(&1.0f32.to_le_bytes());
        want.extend_from_slice(&(-2.0f64).to_le_bytes());
        assert_eq!(&h.memory()[1000..1000 + want.len()], &want[..]);
        assert_eq!(h.memory()[999], 0);
        assert_eq!(h.memory()[1000 + want.len()], 0);
    }
}

#[test]
fn size_grow_and_bulk_memory() {
    for mut h in harnesses() {
        assert_eq!(h.i32("size", &[]), Ok(1));
        assert_eq!(h.i32("grow", &[1]), Ok(1));
        assert_eq!(h.i32("size", &[]), Ok(2));
        // The new page is usable by loads compiled before the growth.
        assert_eq!(h.i32("i32.load", &[65536 * 2 - 4]), Ok(0));
        assert_eq!(h.i32("grow", &[2]), Ok(-1), "past the maximum");
        assert_eq!(h.i32("grow", &[0]), Ok(2));
        h.call(
            "fill",
            &[ValRaw::i32(200), ValRaw::i32(0xab), ValRaw::i32(3)],
        )
        .unwrap();
        assert_eq!(&h.memory()[199..204], &[0, 0xab, 0xab, 0xab, 0]);
        h.call("copy", &[ValRaw::i32(201), ValRaw::i32(16), ValRaw::i32(4)])
            .unwrap();
        assert_eq!(&h.memory()[200..206], &[0xab, 1, 2, 3, 4, 0]);
        h.call("init", &[ValRaw::i32(300), ValRaw::i32(1), ValRaw::i32(3)])
            .unwrap();
        assert_eq!(&h.memory()[300..303], b"ell");
        h.call("drop", &[]).unwrap();
        h.call("init", &[ValRaw::i32(300), ValRaw::i32(0), ValRaw::i32(0)])
            .unwrap();
    }
}

#[test]
fn globals_of_every_type() {
    for mut h in harnesses() {
        let r = h.call("globals", &[]).unwrap();
        assert_eq!(r[0], ValRaw::i32(6));
        assert_eq!(r[1].get_i64(), -6);
        assert_eq!(f64::from_bits(r[2].get_f64()), 3.0);
        assert_eq!(r[3], ValRaw::f32(2.5f32.to_bits()));
        let r = h.call("globals", &[]).unwrap();
        assert_eq!((r[0].get_i32(), r[1].get_i64()), (7, -18));
        assert_eq!(h.store.global_get(h.id, 0).unwrap(), ValRaw::i32(7));
        assert_eq!(h.store.global_get(h.id, 1).unwrap(), ValRaw::i64(-18));
    }
}

#[test]
fn defined_memories_with_constant_in_bounds_data_get_an_image() {
    use brisk_vm::TierCode;
    let compile = |wat: &str| super::harness::compile(wat, CompileOptions::default()).unwrap();
    let code = compile(r#"(module (memory 2) (data (i32.const 70000) "image") (func))"#);
    let image = code.memory_image(0).expect("constant, in bounds");
    assert_eq!(image.linear_memory_offset(), 69632);
    assert_eq!(image.len(), 4096);
    assert!(!image.is_mapped(), "small images are copied");
    assert!(code.memory_image(1).is_none(), "no such memory");
    let code = compile(r#"(module (memory 1) (data (i32.const 65535) "out of bounds") (func))"#);
    assert!(code.memory_image(0).is_none(), "would trap");
    let code = compile(r#"(module (import "m" "m" (memory 1)) (data (i32.const 0) "x") (func))"#);
    assert!(code.memory_image(0).is_none(), "imported");
}
