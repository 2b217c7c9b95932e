//! Passive data and element segments at run time.
//!
//! `memory.init` and `table.init` copy from a segment until `data.drop` /
//! `elem.drop` (or instantiation, for active and declared segments) drops
//! it; a dropped segment reads as empty, so a later `init` of a non-zero
//! length traps while a zero-length one succeeds, as the spec requires.
//! Data bytes stay in the tier's module (no copy); element segments are
//! resolved per instance (they hold this instance's func refs).

use super::{ImageState, Instance};
use crate::Error;

impl Instance {
    /// Data segment `index`'s bytes; empty once dropped, or if the index
    /// does not exist.
    pub fn data_segment(&self, index: u32) -> &[u8] {
        let i = index as usize;
        if self.dropped_data.get(i).copied().unwrap_or(true) {
            return &[];
        }
        match &self.tier {
            Some(t) => t.module().data.get(i).map_or(&[], |d| d.data),
            None => &[],
        }
    }

    /// `data.drop`.
    pub fn drop_data(&mut self, index: u32) {
        if let Some(d) = self.dropped_data.get_mut(index as usize) {
            *d = true;
        }
    }

    /// Puts memory `index`'s copy-on-write image (offered by the tier, see
    /// [`TierCode::memory_image`](crate::TierCode::memory_image)) into it,
    /// the first time it is asked; returns whether the memory has its
    /// image, in which case the image covers every active data segment
    /// for it and the embedder must not copy them. Call it where the
    /// first active segment for the memory would be copied, so no effect
    /// is observable earlier than the spec allows (see
    /// [`memory_image`](crate::memory_image)). Imported memories and
    /// memories without an image give `false`.
    pub fn init_memory_image(&mut self, index: u32) -> Result<bool, Error> {
        if index >= self.shape().num_memories {
            return Err(Error::OutOfRange("memory"));
        }
        let Some(d) = index.checked_sub(self.shape().num_imported_memories) else {
            return Ok(false);
        };
        let d = d as usize;
        match self.images.get(d).copied().unwrap_or(ImageState::None) {
            ImageState::None => Ok(false),
            ImageState::Applied => Ok(true),
            ImageState::Pending => {
                let tier = self
                    .tier
                    .as_ref()
                    .ok_or(Error::Shape("image without a tier"))?;
                let image = tier
                    .memory_image(index)
                    .ok_or(Error::Shape("the tier withdrew a memory image"))?;
                self.memories[d].apply_image(image)?;
                self.images[d] = ImageState::Applied;
                Ok(true)
            }
        }
    }

    /// Element segment `index`'s resolved elements (one table element
    /// each); empty once dropped, or if the index does not exist.
    pub fn elem_segment(&self, index: u32) -> &[usize] {
        self.elems.get(index as usize).map_or(&[], |e| e)
    }

    /// `elem.drop`.
    pub fn drop_elem(&mut self, index: u32) {
        if let Some(e) = self.elems.get_mut(index as usize) {
            *e = Box::default();
        }
    }

    /// Sets element segment `index` (the store validates the elements).
    pub(crate) fn set_elem_segment(&mut self, index: u32, elems: Box<[usize]>) {
        if let Some(e) = self.elems.get_mut(index as usize) {
            *e = elems;
        }
    }
}
