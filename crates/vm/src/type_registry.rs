//! Engine-wide canonical function-type ids.
//!
//! `call_indirect` must compare the callee's type with the expected one,
//! and the callee may come from another module. Giving every distinct
//! [`FuncType`] of an engine one [`VMSharedTypeIndex`] turns that check
//! into one integer compare, whichever module or tier made the function.
//! Each instance's `VMContext` maps its module's type indices to these ids
//! (`type_ids`), and every [`VMFuncRef`](crate::VMFuncRef) carries its id.
//! Ids are never recycled: an engine's set of types only grows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use brisk_parser::FuncType;

/// An engine-wide canonical function-type id; see the [module docs](self).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct VMSharedTypeIndex(pub u32);

impl VMSharedTypeIndex {
    /// An id no registry hands out, for slots not yet filled.
    pub const RESERVED: VMSharedTypeIndex = VMSharedTypeIndex(u32::MAX);
}

#[derive(Default, Debug)]
struct Types {
    ids: HashMap<Arc<FuncType>, VMSharedTypeIndex>,
    // INVARIANT: `types[id.0]` is the type `ids` maps to `id`.
    types: Vec<Arc<FuncType>>,
}

/// Interns function types; one per engine, `Send + Sync`.
///
/// ```
/// use brisk_parser::{FuncType, ValType};
/// use brisk_vm::TypeRegistry;
///
/// let reg = TypeRegistry::default();
/// let a = reg.register(&FuncType::new([ValType::I32], []));
/// let b = reg.register(&FuncType::new([ValType::I64], []));
/// assert_ne!(a, b);
/// assert_eq!(a, reg.register(&FuncType::new([ValType::I32], [])));
/// assert_eq!(reg.get(b).unwrap().to_string(), "[i64] -> []");
/// ```
#[derive(Default, Debug)]
pub struct TypeRegistry {
    inner: Mutex<Types>,
}

impl TypeRegistry {
    /// A registry with no types.
    pub fn new() -> TypeRegistry {
        TypeRegistry::default()
    }

    /// The id of `ty`, registering it on first sight: equal types get
    /// equal ids.
    pub fn register(&self, ty: &FuncType) -> VMSharedTypeIndex {
        // A panic while holding the lock cannot leave `Types` half-updated
        // (the two pushes below are the last steps), so poisoning is moot.
        let mut t = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&id) = t.ids.get(ty) {
            return id;
        }
        let id = VMSharedTypeIndex(t.types.len() as u32);
        let ty = Arc::new(ty.clone());
        t.types.push(ty.clone());
        t.ids.insert(ty, id);
        id
    }

    /// The type registered under `id`, or `None` if this registry never
    /// handed it out.
    pub fn get(&self, id: VMSharedTypeIndex) -> Option<Arc<FuncType>> {
        let t = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        t.types.get(id.0 as usize).cloned()
    }

    /// How many distinct types are registered.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .types
            .len()
    }

    /// Whether no type is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brisk_parser::ValType;

    #[test]
    fn same_type_same_id_across_threads() {
        let reg = Arc::new(TypeRegistry::new());
        let ft = FuncType::new([ValType::F64], [ValType::I32]);
        let ids: Vec<_> = (0..4)
            .map(|_| {
                let reg = reg.clone();
                let ft = ft.clone();
                std::thread::spawn(move || reg.register(&ft))
            })
            .map(|h| h.join().unwrap())
            .collect();
        assert!(ids.iter().all(|&i| i == ids[0]));
        assert_eq!(reg.len(), 1);
        assert_eq!(*reg.get(ids[0]).unwrap(), ft);
        assert!(reg.get(VMSharedTypeIndex(1)).is_none());
        assert!(reg.get(VMSharedTypeIndex::RESERVED).is_none());
    }
}
