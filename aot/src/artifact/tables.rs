//! The `.brisk.funcs`, `.brisk.traps` and `.brisk.addrmap` sections: each
//! defined function's place in `.text` and its trap sites and address map
//! (see `code_info.rs` for how they are used).
//!
//! All little-endian `u32`s:
//!
//! ```text
//! .brisk.funcs    per function: start, len, trampoline, first trap, trap count,
//!                 first addrmap entry, addrmap count           (7 × u32)
//! .brisk.traps    per site:     offset in the function, trap code  (2 × u32)
//! .brisk.addrmap  per entry:    offset in the function, wasm offset (2 × u32)
//! ```
//!
//! Decoding checks every invariant `FunctionCode` states (ranges inside
//! `.text`, functions in order without overlap, tables sorted and inside
//! their function, known trap codes), so a damaged table is refused
//! rather than trusted.

use brisk_vm::TrapCode;

use super::ArtifactError;
use crate::code_info::FunctionCode;

/// The three sections' contents.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    pub funcs: Vec<u8>,
    pub traps: Vec<u8>,
    pub addrmap: Vec<u8>,
}

/// The three sections as found in an artifact.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TableBytes<'a> {
    pub funcs: &'a [u8],
    pub traps: &'a [u8],
    pub addrmap: &'a [u8],
}

const FUNC_WORDS: usize = 7;

pub(crate) fn encode(functions: &[FunctionCode]) -> Tables {
    let mut t = Tables::default();
    let (mut ntraps, mut nsrclocs) = (0u32, 0u32);
    for f in functions {
        let words = [
            f.start,
            f.len,
            f.trampoline,
            ntraps,
            f.traps.len() as u32,
            nsrclocs,
            f.srclocs.len() as u32,
        ];
        words
            .iter()
            .for_each(|w| t.funcs.extend_from_slice(&w.to_le_bytes()));
        for &(offset, code) in f.traps.iter() {
            t.traps.extend_from_slice(&offset.to_le_bytes());
            t.traps
                .extend_from_slice(&u32::from(code as u8).to_le_bytes());
        }
        for &(offset, wasm) in f.srclocs.iter() {
            t.addrmap.extend_from_slice(&offset.to_le_bytes());
            t.addrmap.extend_from_slice(&wasm.to_le_bytes());
        }
        ntraps += f.traps.len() as u32;
        nsrclocs += f.srclocs.len() as u32;
    }
    t
}

/// Reads `defined` functions' tables, checking them against `text_len`.
pub(crate) fn decode_functions(
    t: TableBytes<'_>,
    text_len: usize,
    defined: u32,
) -> Result<Vec<FunctionCode>, ArtifactError> {
    let bad = |what: String| ArtifactError::corrupted(format!("function table: {what}"));
    let funcs = words(t.funcs, ".brisk.funcs")?;
    if funcs.len() != defined as usize * FUNC_WORDS {
        return Err(bad(format!(
            "{} bytes for {defined} functions",
            t.funcs.len()
        )));
    }
    let traps = words(t.traps, ".brisk.traps")?;
    let addrmap = words(t.addrmap, ".brisk.addrmap")?;
    let text_len = text_len as u64;
    let mut end_of_previous = 0u64;
    let mut out = Vec::with_capacity(defined as usize);
    for (i, w) in funcs.chunks_exact(FUNC_WORDS).enumerate() {
        let (start, len, trampoline) = (w[0], w[1], w[2]);
        let end = u64::from(start) + u64::from(len);
        if u64::from(start) < end_of_previous || end > text_len || u64::from(trampoline) >= text_len
        {
            return Err(bad(format!(
                "function {i}: code {start:#x}+{len:#x}, trampoline {trampoline:#x} \
                 do not fit `.text` ({text_len:#x} bytes) in order"
            )));
        }
        end_of_previous = end;
        let site_pairs =
            pairs(&traps, w[3], w[4]).ok_or_else(|| bad(format!("function {i}: trap range")))?;
        let mut sites = Vec::with_capacity(site_pairs.len());
        for (offset, code) in site_pairs {
            let code = u8::try_from(code)
                .ok()
                .and_then(TrapCode::from_u8)
                .ok_or_else(|| bad(format!("function {i}: trap code {code}")))?;
            sites.push((offset, code));
        }
        let srclocs = pairs(&addrmap, w[5], w[6])
            .ok_or_else(|| bad(format!("function {i}: address map range")))?;
        if !sorted_inside(sites.iter().map(|s| s.0), len)
            || !sorted_inside(srclocs.iter().map(|s| s.0), len)
        {
            return Err(bad(format!(
                "function {i}: trap or address map offsets unsorted or outside its code"
            )));
        }
        out.push(FunctionCode {
            start,
            len,
            trampoline,
            traps: sites.into_boxed_slice(),
            srclocs: srclocs.into_boxed_slice(),
        });
    }
    Ok(out)
}

/// Whether `offsets` never decrease and stay below `len`.
fn sorted_inside(offsets: impl Iterator<Item = u32>, len: u32) -> bool {
    let mut prev = None;
    for o in offsets {
        if o >= len || prev.is_some_and(|p| p > o) {
            return false;
        }
        prev = Some(o);
    }
    true
}

/// `bytes` as little-endian `u32`s.
fn words(bytes: &[u8], section: &str) -> Result<Vec<u32>, ArtifactError> {
    if !bytes.len().is_multiple_of(4) {
        return Err(ArtifactError::corrupted(format!(
            "{section}: {} bytes is not a whole number of entries",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// Entries `first..first + count` of a table of `(u32, u32)` pairs.
fn pairs(table: &[u32], first: u32, count: u32) -> Option<Vec<(u32, u32)>> {
    let start = (first as usize).checked_mul(2)?;
    let end = start.checked_add((count as usize).checked_mul(2)?)?;
    let slice = table.get(start..end)?;
    Some(slice.chunks_exact(2).map(|p| (p[0], p[1])).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<FunctionCode> {
        vec![
            FunctionCode {
                start: 0,
                len: 32,
                trampoline: 64,
                traps: vec![
                    (4, TrapCode::Unreachable),
                    (9, TrapCode::IntegerDivisionByZero),
                ]
                .into(),
                srclocs: vec![(0, 30), (4, 31)].into(),
            },
            FunctionCode {
                start: 32,
                len: 16,
                trampoline: 64,
                traps: Box::new([]),
                srclocs: vec![(0, 40)].into(),
            },
        ]
    }

    fn bytes(t: &Tables) -> TableBytes<'_> {
        TableBytes {
            funcs: &t.funcs,
            traps: &t.traps,
            addrmap: &t.addrmap,
        }
    }

    #[test]
    fn round_trips() {
        let t = encode(&sample());
        let back = decode_functions(bytes(&t), 80, 2).unwrap();
        assert_eq!(format!("{back:?}"), format!("{:?}", sample()));
    }

    #[test]
    fn refuses_damage() {
        let t = encode(&sample());
        // Code past the end of `.text`, the wrong count, a truncated table.
        assert!(decode_functions(bytes(&t), 40, 2).is_err());
        assert!(decode_functions(bytes(&t), 80, 3).is_err());
        let mut short = bytes(&t);
        short.traps = &t.traps[..t.traps.len() - 4];
        assert!(decode_functions(short, 80, 2).is_err());
        // An unknown trap code, unsorted sites.
        let mut bad_code = encode(&sample());
        bad_code.traps[4] = 0xee;
        assert!(decode_functions(bytes(&bad_code), 80, 2).is_err());
        let mut unsorted = sample();
        unsorted[0].traps = vec![(9, TrapCode::Unreachable), (4, TrapCode::Unreachable)].into();
        assert!(decode_functions(bytes(&encode(&unsorted)), 80, 2).is_err());
        // Overlapping functions.
        let mut overlap = sample();
        overlap[1].start = 16;
        assert!(decode_functions(bytes(&encode(&overlap)), 80, 2).is_err());
    }
}
