//! The `.brisk.images` and `.brisk.image` sections: each defined
//! memory's copy-on-write image (see `brisk_vm::memory_image`), laid out so
//! every instance maps the artifact file itself.
//!
//! `.brisk.image` holds the images' bytes, each starting on a page of the
//! target (the same alignment as `.text`), in its own read-only
//! `PT_LOAD`. `.brisk.images` describes them, 32 bytes per image, all
//! little-endian:
//!
//! ```text
//! memory index u32 | zero u32 | offset in the linear memory u64 | length u64 | offset in .brisk.image u64
//! ```
//!
//! The writer takes the images from `brisk_vm::plan_memory_images`, so they
//! hold exactly what the active data segments write. The loader checks
//! every descriptor (a defined memory, each at most once, aligned, inside
//! the memory's minimum size and inside the section) and that the
//! memory's active segments all have constant offsets inside that size,
//! so skipping their copies can never skip a trap. The bytes themselves are
//! trusted like the code (see the [trust model](super#trust)).

use std::fs::File;
use std::sync::Arc;

use brisk_parser::{DataMode, Module, Operator, OperatorsReader};
use brisk_vm::memory_image::MAP_MIN_BYTES;
use brisk_vm::{IMAGE_ALIGN, ImagePlan, MemoryImage, WASM_PAGE_SIZE};

use super::ArtifactError;

/// One image to write: its defined memory's index and contents.
pub(crate) type Image = (u32, ImagePlan);

const ENTRY: usize = 32;

/// The images of `module`'s defined memories that allow one.
pub(crate) fn plan(module: &Module<'_>) -> Vec<Image> {
    brisk_vm::plan_memory_images(module)
        .into_iter()
        .zip(module.memory_imports..)
        .filter_map(|(plan, index)| Some((index, plan?)))
        .collect()
}

/// The two sections' contents, images aligned to `align` inside the data.
pub(crate) fn encode(images: &[Image], align: usize) -> (Vec<u8>, Vec<u8>) {
    let (mut table, mut data) = (Vec::new(), Vec::new());
    for (index, plan) in images {
        data.resize(data.len().next_multiple_of(align), 0);
        table.extend_from_slice(&index.to_le_bytes());
        table.extend_from_slice(&0u32.to_le_bytes());
        table.extend_from_slice(&plan.linear_memory_offset.to_le_bytes());
        table.extend_from_slice(&(plan.bytes.len() as u64).to_le_bytes());
        table.extend_from_slice(&(data.len() as u64).to_le_bytes());
        data.extend_from_slice(&plan.bytes);
    }
    (table, data)
}

/// A checked image descriptor: where its bytes are in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ImageRef {
    pub memory_index: u32,
    pub linear_memory_offset: u64,
    pub len: u64,
    /// Offset of the bytes in the artifact.
    pub file_offset: u64,
}

/// Checks `.brisk.images` against `module` and the data section's place
/// (`data_offset`, `data_len`) in the file; see the [module docs](self).
pub(crate) fn decode(
    table: &[u8],
    data_offset: u64,
    data_len: u64,
    module: &Module<'_>,
) -> Result<Vec<ImageRef>, ArtifactError> {
    let bad = |what: String| ArtifactError::corrupted(format!("memory images: {what}"));
    if !table.len().is_multiple_of(ENTRY) {
        return Err(bad(format!("{} bytes of descriptors", table.len())));
    }
    let u64_at = |e: &[u8], at: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&e[at..at + 8]);
        u64::from_le_bytes(b)
    };
    let mut out: Vec<ImageRef> = Vec::new();
    for e in table.chunks_exact(ENTRY) {
        let memory_index = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
        let (offset, len, at) = (u64_at(e, 8), u64_at(e, 16), u64_at(e, 24));
        let memory = (memory_index >= module.memory_imports)
            .then(|| module.memories.get(memory_index as usize))
            .flatten()
            .ok_or_else(|| bad(format!("memory {memory_index} is not a defined memory")))?;
        if out.iter().any(|r| r.memory_index == memory_index) {
            return Err(bad(format!("memory {memory_index} has two images")));
        }
        let min_bytes = memory.initial.saturating_mul(WASM_PAGE_SIZE as u64);
        let aligned = [offset, len, at]
            .iter()
            .all(|v| v.is_multiple_of(IMAGE_ALIGN));
        let inside_memory = offset.checked_add(len).is_some_and(|end| end <= min_bytes);
        let inside_file = at.checked_add(len).is_some_and(|end| end <= data_len);
        if !aligned || len == 0 || !inside_memory || !inside_file {
            return Err(bad(format!(
                "memory {memory_index}: {len:#x} bytes at {offset:#x} (data at {at:#x}) \
                 are not aligned, or lie outside the memory's {min_bytes:#x} bytes or the section"
            )));
        }
        if !segments_cannot_trap(module, memory_index, min_bytes) {
            return Err(bad(format!(
                "memory {memory_index} has an image but data segments that could trap"
            )));
        }
        out.push(ImageRef {
            memory_index,
            linear_memory_offset: offset,
            len,
            file_offset: data_offset + at,
        });
    }
    Ok(out)
}

/// Whether every active data segment for memory `index` has a constant
/// offset and ends inside `min_bytes` (what an image requires).
fn segments_cannot_trap(module: &Module<'_>, index: u32, min_bytes: u64) -> bool {
    module.data.iter().all(|seg| match &seg.mode {
        DataMode::Active { memory, offset } if *memory == index => {
            let mut ops = OperatorsReader::new(offset.data, offset.offset, module.features);
            let at = match ops.read() {
                Ok(Operator::I32Const { value }) => u64::from(value as u32),
                Ok(Operator::I64Const { value }) => value as u64,
                _ => return false,
            };
            matches!(ops.read(), Ok(Operator::End))
                && at
                    .checked_add(seg.data.len() as u64)
                    .is_some_and(|end| end <= min_bytes)
        }
        _ => true,
    })
}

/// The images of a loaded artifact, per defined memory: large ones
/// mapped from `file` when there is one, the others made from the loaded
/// bytes `artifact`.
pub(crate) fn load(
    refs: &[ImageRef],
    module: &Module<'_>,
    file: Option<&Arc<File>>,
    artifact: &[u8],
) -> Result<Box<[Option<MemoryImage>]>, ArtifactError> {
    let defined = module.memories.len() - module.memory_imports as usize;
    let mut images: Vec<Option<MemoryImage>> = (0..defined).map(|_| None).collect();
    for r in refs {
        // Small images are copied into the instance's pooled pages, which
        // costs less than a mapping system call per instance (see
        // `brisk_vm::memory_image::MAP_MIN_BYTES`); large ones are mapped
        // from the artifact file.
        let image = match file {
            Some(file) if r.len >= MAP_MIN_BYTES => {
                MemoryImage::from_file(file.clone(), r.file_offset, r.linear_memory_offset, r.len)
            }
            _ => {
                let start = r.file_offset as usize;
                MemoryImage::from_bytes(
                    r.linear_memory_offset,
                    &artifact[start..start + r.len as usize],
                )
            }
        }
        .map_err(|e| ArtifactError::corrupted(format!("memory image: {e}")))?;
        images[(r.memory_index - module.memory_imports) as usize] = Some(image);
    }
    Ok(images.into_boxed_slice())
}
