//! Passive data and element segments at run time.
//!
//! `memory.init` and `table.init` copy from a segment until `data.drop` /
//! `elem.drop` (or instantiation, for active and declared segments) drops
//! it; a dropped segment reads as empty, so a later `init` of a non-zero
//! length traps while a zero-length one succeeds, as the spec requires.
//! Data bytes stay in the tier's module (no copy); element segments are
//! resolved per instance (they hold this instance's func refs).

use super::Instance;

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
