//! Plans from data segments, and images put into real linear memories.

use std::io::Write;

use brisk_parser::{ConstExpr, Data, DataMode, MemoryType, Module};

use super::*;
use crate::LinearMemory;

const PAGE: u64 = IMAGE_ALIGN;

fn mem(initial: u64) -> MemoryType {
    MemoryType {
        initial,
        maximum: None,
        memory64: false,
        shared: false,
    }
}

/// `i32.const v end`, as leaked bytes (segments borrow their input).
fn i32_const(v: i32) -> ConstExpr<'static> {
    let mut bytes = vec![0x41];
    let mut v = i64::from(v);
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        let done = (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0);
        bytes.push(if done { b } else { b | 0x80 });
        if done {
            break;
        }
    }
    bytes.push(0x0b);
    ConstExpr {
        data: Vec::leak(bytes),
        offset: 0,
    }
}

fn active(memory: u32, offset: ConstExpr<'static>, data: &'static [u8]) -> Data<'static> {
    Data {
        mode: DataMode::Active { memory, offset },
        data,
        offset: 0,
    }
}

fn module(memories: Vec<MemoryType>, imports: u32, data: Vec<Data<'static>>) -> Module<'static> {
    Module {
        memories,
        memory_imports: imports,
        data,
        ..Module::default()
    }
}

#[test]
fn plan_is_the_segments_applied_in_order_trimmed_to_pages() {
    let m = module(
        vec![mem(2)],
        0,
        vec![
            active(0, i32_const(5000), b"abcdef"),
            // Overlaps the first: later segments win.
            active(0, i32_const(5002), b"XY"),
            active(0, i32_const(3 * PAGE as i32 + 1), b"z"),
        ],
    );
    let plans = plan_memory_images(&m);
    assert_eq!(plans.len(), 1);
    let plan = plans[0].as_ref().expect("constant, in-bounds segments");
    assert_eq!(
        plan.linear_memory_offset, PAGE,
        "the all-zero first page is trimmed"
    );
    assert_eq!(plan.bytes.len() as u64, 3 * PAGE);
    let at = |off: u64| plan.bytes[(off - PAGE) as usize];
    assert_eq!(at(5000), b'a');
    assert_eq!(&plan.bytes[(5000 - PAGE) as usize..][..6], b"abXYef");
    assert_eq!(at(3 * PAGE + 1), b'z');
    assert_eq!(at(4999), 0);
}

#[test]
fn no_plan_when_a_segment_could_trap_or_is_not_constant() {
    let min = 65536;
    // Ends exactly at the minimum size: fine.
    let ok = module(vec![mem(1)], 0, vec![active(0, i32_const(min - 2), b"ab")]);
    assert!(plan_memory_images(&ok)[0].is_some());
    // One byte past it: the ordinary path must trap.
    let oob = module(
        vec![mem(1)],
        0,
        vec![
            active(0, i32_const(0), b"fine"),
            active(0, i32_const(min - 1), b"ab"),
        ],
    );
    assert_eq!(plan_memory_images(&oob), vec![None]);
    // A negative offset is a huge unsigned one.
    let neg = module(vec![mem(1)], 0, vec![active(0, i32_const(-1), b"")]);
    assert_eq!(plan_memory_images(&neg), vec![None]);
    // `global.get 0`.
    let global = Data {
        mode: DataMode::Active {
            memory: 0,
            offset: ConstExpr {
                data: &[0x23, 0x00, 0x0b],
                offset: 0,
            },
        },
        data: b"x",
        offset: 0,
    };
    assert_eq!(
        plan_memory_images(&module(vec![mem(1)], 0, vec![global])),
        vec![None]
    );
}

#[test]
fn no_plan_for_zero_data_or_no_segments_and_none_for_imports() {
    let zeros = module(vec![mem(1)], 0, vec![active(0, i32_const(8), &[0; 100])]);
    assert_eq!(plan_memory_images(&zeros), vec![None]);
    assert_eq!(
        plan_memory_images(&module(vec![mem(1)], 0, vec![])),
        vec![None]
    );
    // Memory 0 imported, memory 1 defined: one entry, for memory 1.
    let two = module(
        vec![mem(1), mem(1)],
        1,
        vec![
            active(0, i32_const(0), b"imported"),
            active(1, i32_const(16), b"defined"),
        ],
    );
    let plans = plan_memory_images(&two);
    assert_eq!(plans.len(), 1);
    assert_eq!(&plans[0].as_ref().unwrap().bytes[16..23], b"defined");
}

#[test]
fn a_zero_segment_overwrites_earlier_data_and_sparse_images_are_refused() {
    let m = module(
        vec![mem(1)],
        0,
        vec![
            active(0, i32_const(100), b"abcd"),
            active(0, i32_const(90), &[0; 12]),
        ],
    );
    let plan = plan_memory_images(&m)[0].clone().unwrap();
    assert_eq!(&plan.bytes[100..104], b"\0\0cd");
    // Two bytes 200 MiB apart in a 256 MiB memory.
    let sparse = module(
        vec![mem(4096)],
        0,
        vec![
            active(0, i32_const(0), b"a"),
            active(0, i32_const(200 << 20), b"b"),
        ],
    );
    assert_eq!(plan_memory_images(&sparse), vec![None]);
}

/// A memory of `pages` with `image` put in, as bytes.
fn applied(pages: u64, image: &MemoryImage) -> LinearMemory {
    let mut m = LinearMemory::new(&mem(pages)).unwrap();
    m.apply_image(image).unwrap();
    m
}

#[test]
fn images_are_private_to_each_memory_copied_or_mapped() {
    for len in [2 * PAGE, MAP_MIN_BYTES] {
        let pages = (len + PAGE).div_ceil(65536);
        let mut bytes = vec![0u8; len as usize];
        bytes[..5].copy_from_slice(b"hello");
        bytes[PAGE as usize + 7] = 9;
        let image = MemoryImage::from_bytes(PAGE, &bytes).unwrap();
        let mapped = cfg!(target_os = "linux") && len >= MAP_MIN_BYTES;
        assert_eq!(image.is_mapped(), mapped, "{len}");
        assert_eq!((image.linear_memory_offset(), image.len()), (PAGE, len));
        let mut a = applied(pages, &image);
        let b = applied(pages, &image);
        let p = PAGE as usize;
        let end = (PAGE + len) as usize;
        assert_eq!(&a.as_slice()[p..p + 5], b"hello");
        assert_eq!(a.as_slice()[2 * p + 7], 9);
        assert!(a.as_slice()[..p].iter().all(|&x| x == 0));
        assert!(a.as_slice()[end..].iter().all(|&x| x == 0));
        a.as_mut_slice()[p] = b'J';
        assert_eq!(a.as_slice()[p], b'J');
        assert_eq!(b.as_slice()[p], b'h', "a write in one memory stays there");
        assert_eq!(
            applied(pages, &image).as_slice()[p],
            b'h',
            "and never reaches the image"
        );
        // The image pages stay read/write, growth works, and the rest of
        // the reservation is still inaccessible.
        let size = a.byte_size();
        assert_eq!(a.grow(1), Some(pages));
        a.as_mut_slice()[size + 3] = 1;
        let q = region::query(a.base().wrapping_add(p)).unwrap();
        assert!(q.is_readable() && q.is_writable());
        let after = region::query(a.base().wrapping_add(size + 65536)).unwrap();
        assert!(!after.is_readable());
    }
}

#[test]
fn an_image_must_fit_the_initial_size() {
    let image = MemoryImage::from_bytes(65536 - PAGE, &vec![1u8; 2 * PAGE as usize]).unwrap();
    let mut m = LinearMemory::new(&mem(1)).unwrap();
    assert!(matches!(m.apply_image(&image), Err(crate::Error::Image(_))));
    assert!(m.as_slice().iter().all(|&b| b == 0), "nothing was written");
    assert!(
        MemoryImage::from_bytes(100, b"x").is_err(),
        "unaligned offset"
    );
}

#[test]
fn from_file_maps_a_range_of_the_file() {
    let big = MAP_MIN_BYTES as usize;
    let mut f = tempfile();
    let mut contents = vec![0xeeu8; big + 2 * PAGE as usize];
    contents[PAGE as usize..PAGE as usize + big].fill(0x11);
    contents[PAGE as usize] = 0x42;
    f.write_all(&contents).unwrap();
    let file = Arc::new(f);
    for len in [PAGE, MAP_MIN_BYTES] {
        let image = MemoryImage::from_file(file.clone(), PAGE, 2 * PAGE, len).unwrap();
        assert_eq!(image.is_mapped(), cfg!(target_os = "linux"), "any length");
        let mut m = applied(17, &image);
        let (start, end) = (2 * PAGE as usize, (2 * PAGE + len) as usize);
        let s = m.as_slice();
        assert_eq!(s[start], 0x42);
        assert_eq!(s[end - 1], 0x11);
        assert_eq!(s[end], 0, "nothing past the image");
        assert_eq!(s[start - 1], 0, "nothing before it");
        m.as_mut_slice()[start] = 7;
        let mut back = [0u8];
        read_exact_at(&file, &mut back, PAGE).unwrap();
        assert_eq!(back[0], 0x42, "writes never reach the file");
    }
    // Refusals: past the end, unaligned.
    let too_long = big as u64 + 2 * PAGE;
    assert!(MemoryImage::from_file(file.clone(), PAGE, 0, too_long).is_err());
    assert!(MemoryImage::from_file(file.clone(), 1, 0, PAGE).is_err());
    assert!(MemoryImage::from_file(file, 0, 0, 100).is_err());
}

/// An anonymous temporary file (removed at once).
fn tempfile() -> File {
    let path = std::env::temp_dir().join(format!(
        "brisk-image-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let f = File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    f
}
