//! Table storage: a growable array of reference-sized elements.
//!
//! # Sandbox property
//!
//! **Elements are only reachable through `[base, base + current_elements)`
//! of the table's [`VMTableDefinition`], which always describes live,
//! initialised storage.** Every method here checks indices against the
//! current size; code reading the definition directly must bounds-check
//! against `current_elements` itself (the interpreter traps
//! `TableOutOfBounds` / `UndefinedElement`).
//!
//! Unlike linear memory a table may move when it grows (it is a `Vec`): the
//! owning [`Instance`](crate::Instance) rewrites the definition's `base`
//! and `current_elements` after every growth, so code must reload them
//! after anything that can grow a table (a call, `table.grow`).
//!
//! An element is one `usize`: a `funcref` is a `*mut VMFuncRef` (0 = null),
//! an `externref` the runtime's id (0 = null).

use brisk_parser::TableType;

use crate::{Error, VMTableDefinition};

/// The most elements a table may have, whatever its type says: 10 million
/// (80 MB), so a guest cannot make the host allocate without bound.
pub const MAX_TABLE_ELEMENTS: u64 = 10_000_000;

/// A table; see the [module docs](self).
///
/// # Invariants
/// `elements.len() <= max`, and `max <= MAX_TABLE_ELEMENTS`.
#[derive(Debug)]
pub struct Table {
    elements: Vec<usize>,
    max: u64,
    ty: TableType,
}

impl Table {
    /// A table of this type, `ty.initial` elements all set to `init`.
    pub fn new(ty: &TableType, init: usize) -> Result<Table, Error> {
        if ty.table64 {
            return Err(Error::Unsupported("64-bit tables (memory64)"));
        }
        let max = ty
            .maximum
            .unwrap_or(MAX_TABLE_ELEMENTS)
            .min(MAX_TABLE_ELEMENTS);
        let too_large = Error::TableTooLarge {
            elements: ty.initial,
            limit: max,
        };
        if ty.initial > max {
            return Err(too_large);
        }
        let mut elements = Vec::new();
        elements
            .try_reserve_exact(ty.initial as usize)
            .map_err(|_| too_large)?;
        elements.resize(ty.initial as usize, init);
        Ok(Table {
            elements,
            max,
            ty: *ty,
        })
    }

    /// The table's type, as declared.
    pub fn ty(&self) -> &TableType {
        &self.ty
    }

    /// The most elements this table may have.
    pub fn max(&self) -> u64 {
        self.max
    }

    /// Current number of elements.
    pub fn size(&self) -> u64 {
        self.elements.len() as u64
    }

    /// Element `i`, if in bounds.
    pub fn get(&self, i: u64) -> Option<usize> {
        self.elements.get(usize::try_from(i).ok()?).copied()
    }

    /// Sets element `i`; `false` (and no change) if out of bounds.
    pub fn set(&mut self, i: u64, v: usize) -> bool {
        match usize::try_from(i)
            .ok()
            .and_then(|i| self.elements.get_mut(i))
        {
            Some(slot) => {
                *slot = v;
                true
            }
            None => false,
        }
    }

    /// Grows by `delta` elements set to `init`, returning the old size, or
    /// `None` (and no change) past the maximum or if allocation fails.
    pub fn grow(&mut self, delta: u64, init: usize) -> Option<u64> {
        let old = self.size();
        let new = old.checked_add(delta)?;
        if new > self.max {
            return None;
        }
        self.elements.try_reserve_exact(delta as usize).ok()?;
        self.elements.resize(new as usize, init);
        Some(old)
    }

    /// The elements.
    pub fn elements(&self) -> &[usize] {
        &self.elements
    }

    /// The elements, mutably.
    pub fn elements_mut(&mut self) -> &mut [usize] {
        &mut self.elements
    }

    /// The definition code reads; stale after [`grow`](Self::grow).
    pub fn definition(&mut self) -> VMTableDefinition {
        VMTableDefinition {
            base: self.elements.as_mut_ptr(),
            current_elements: self.size(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brisk_parser::RefType;

    fn ty(initial: u64, maximum: Option<u64>) -> TableType {
        TableType {
            element_type: RefType::FUNCREF,
            initial,
            maximum,
            table64: false,
        }
    }

    #[test]
    fn get_set_grow() {
        let mut t = Table::new(&ty(2, Some(4)), 0).unwrap();
        assert_eq!(t.size(), 2);
        assert!(t.set(1, 9));
        assert!(!t.set(2, 9));
        assert_eq!(t.get(1), Some(9));
        assert_eq!(t.get(2), None);
        assert_eq!(t.grow(2, 5), Some(2));
        assert_eq!(t.elements(), &[0, 9, 5, 5]);
        assert_eq!(t.grow(1, 0), None);
        assert_eq!(t.grow(0, 0), Some(4));
        let d = t.definition();
        assert_eq!(d.current_elements, 4);
        assert_eq!(d.base, t.elements_mut().as_mut_ptr());
    }

    #[test]
    fn limits() {
        let mut t = Table::new(&ty(0, None), 0).unwrap();
        assert_eq!(t.max(), MAX_TABLE_ELEMENTS);
        assert_eq!(t.grow(u64::from(u32::MAX), 0), None);
        assert_eq!(t.grow(u64::MAX, 0), None);
        assert!(matches!(
            Table::new(&ty(MAX_TABLE_ELEMENTS + 1, None), 0),
            Err(Error::TableTooLarge { .. })
        ));
        assert!(Table::new(&ty(3, Some(2)), 0).is_err());
    }
}
