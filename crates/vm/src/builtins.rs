//! The runtime services compiled code calls ("builtins", "libcalls").
//!
//! Compiled code must not embed host addresses (it would need relocations
//! against the host, and an artifact could not be loaded elsewhere), so it
//! reaches the runtime through one table: `VMContextHeader.builtins` points
//! to the static [`BUILTINS`], a `#[repr(C)]` [`VMBuiltins`] with one
//! `extern "C"` function pointer per service, at
//! [`VMOffsets::builtin`](crate::VMOffsets::builtin)`(i)`.
//!
//! ```text
//!   compiled code: load vmctx[HEADER_BUILTINS] ─▶ VMBuiltins
//!                  load [builtins + builtin(i)] ─▶ extern "C" fn(vmctx, ...)
//! ```
//!
//! Everything about a builtin is derived from ONE list,
//! [`for_each_builtin!`](crate::for_each_builtin): the struct's fields (their order is the ABI),
//! [`BuiltinIndex`], and [`BUILTIN_SIGNATURES`], from which the translator
//! emits each call's signature, so the two sides cannot drift. Every
//! builtin takes the calling instance's `vmctx` first.
//!
//! Builtins that can fail return a trap pointer ([`Trap::into_raw`] of a
//! `Trap` with only a code; null on success). Compiled code passes any
//! non-null one to `raise`, which never returns: it records the caller's
//! frames and unwinds to the `catch_traps` that entered wasm (see
//! [`traphandlers`](crate::traphandlers)). The bulk operations are the
//! interpreter's own checked code ([`bulk`]).

use crate::{Instance, Trap, TrapCode, VMContext, bulk};

/// Calls `$mac!` with the one list of builtins, a row per builtin:
/// `name(param: type, ...) -> result;` (no `->` when nothing is returned).
/// Types: `vmctx` (the calling instance's `*mut VMContext`, always first),
/// `i32`, `i64`, `ptr` (a pointer-sized value: a table element, a trap).
///
/// The row order is the field order of [`VMBuiltins`](crate::builtins::VMBuiltins),
/// i.e. the ABI compiled code is built against.
#[macro_export]
macro_rules! for_each_builtin {
    ($mac:ident) => {
        $mac! {
            /// `memory.grow`: the old size in pages, or -1.
            memory_grow(vmctx: vmctx, mem: i32, delta: i32) -> i32;
            /// `memory.fill`: a trap or null.
            memory_fill(vmctx: vmctx, mem: i32, dst: i32, val: i32, len: i32) -> ptr;
            /// `memory.copy`: a trap or null.
            memory_copy(vmctx: vmctx, dst_mem: i32, src_mem: i32, dst: i32, src: i32, len: i32) -> ptr;
            /// `memory.init`: a trap or null.
            memory_init(vmctx: vmctx, mem: i32, data: i32, dst: i32, src: i32, len: i32) -> ptr;
            /// `data.drop`.
            data_drop(vmctx: vmctx, data: i32);
            /// `table.grow`: the old size, or -1.
            table_grow(vmctx: vmctx, table: i32, init: ptr, delta: i32) -> i32;
            /// `table.fill`: a trap or null.
            table_fill(vmctx: vmctx, table: i32, dst: i32, val: ptr, len: i32) -> ptr;
            /// `table.copy`: a trap or null.
            table_copy(vmctx: vmctx, dst_table: i32, src_table: i32, dst: i32, src: i32, len: i32) -> ptr;
            /// `table.init`: a trap or null.
            table_init(vmctx: vmctx, table: i32, elem: i32, dst: i32, src: i32, len: i32) -> ptr;
            /// `elem.drop`.
            elem_drop(vmctx: vmctx, elem: i32);
            /// `ref.func`: the function's canonical `VMFuncRef`.
            ref_func(vmctx: vmctx, func: i32) -> ptr;
            /// Raises `trap` (a `Trap::into_raw` pointer) and never
            /// returns: unwinds to the innermost `catch_traps`.
            raise(vmctx: vmctx, trap: ptr);
        }
    };
}

/// A builtin parameter or result type, as the translator emits it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AbiType {
    /// A 32-bit integer.
    I32,
    /// A 64-bit integer.
    I64,
    /// A pointer-sized integer (the `vmctx`, table elements, traps).
    Ptr,
}

macro_rules! abi_type {
    (vmctx) => {
        AbiType::Ptr
    };
    (ptr) => {
        AbiType::Ptr
    };
    (i32) => {
        AbiType::I32
    };
    (i64) => {
        AbiType::I64
    };
}

macro_rules! abi_result {
    () => {
        None
    };
    ($ret:ident) => {
        Some(abi_type!($ret))
    };
}

macro_rules! rust_type {
    (vmctx) => { *mut VMContext };
    (ptr) => { *mut u8 };
    (i32) => { i32 };
    (i64) => { i64 };
}

macro_rules! define_builtins {
    ($($(#[$doc:meta])* $name:ident($($param:ident: $ty:ident),*) $(-> $ret:ident)?;)*) => {
        /// The builtins' function pointers, one per row of
        /// [`for_each_builtin!`](crate::for_each_builtin), in list order (builtin `i` at byte
        /// `i * 8`). Compiled code finds it through
        /// `VMContextHeader.builtins`.
        #[repr(C)]
        #[derive(Debug)]
        pub struct VMBuiltins {
            $($(#[$doc])* pub $name: unsafe extern "C" fn($(rust_type!($ty)),*) $(-> rust_type!($ret))?,)*
        }

        /// The one builtins table every `VMContext` points to.
        pub static BUILTINS: VMBuiltins = VMBuiltins {
            $($name: imp::$name,)*
        };

        /// A builtin's position in [`for_each_builtin!`](crate::for_each_builtin) (and so in
        /// [`VMBuiltins`] and [`BUILTIN_SIGNATURES`]).
        #[repr(u32)]
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum BuiltinIndex {
            $($(#[$doc])* $name,)*
        }

        impl BuiltinIndex {
            /// Every builtin, in list order.
            pub const ALL: &'static [BuiltinIndex] = &[$(BuiltinIndex::$name,)*];
        }

        /// `(name, params, result)` of each builtin, in list order; the
        /// params include the leading `vmctx` (as [`AbiType::Ptr`]).
        /// `raise` has no result and never returns.
        pub const BUILTIN_SIGNATURES: &[(&str, &[AbiType], Option<AbiType>)] = &[
            $((stringify!($name), &[$(abi_type!($ty)),*], abi_result!($($ret)?)),)*
        ];

        #[cfg(test)]
        mod layout_tests {
            use super::*;

            #[test]
            fn fields_are_at_their_offsets() {
                $(assert_eq!(
                    std::mem::offset_of!(VMBuiltins, $name) as u32,
                    crate::VMOffsets::builtin(BuiltinIndex::$name),
                    stringify!($name)
                );)*
                assert_eq!(
                    std::mem::size_of::<VMBuiltins>(),
                    BuiltinIndex::ALL.len() * 8
                );
            }
        }
    };
}

for_each_builtin!(define_builtins);

impl BuiltinIndex {
    /// The builtin's name (its row in the list).
    pub fn name(self) -> &'static str {
        BUILTIN_SIGNATURES[self as usize].0
    }

    /// The builtin's `(name, params, result)`.
    pub fn signature(self) -> (&'static str, &'static [AbiType], Option<AbiType>) {
        BUILTIN_SIGNATURES[self as usize]
    }
}

/// The implementations. Each is called only by compiled code of an
/// instance with its own live `vmctx`, with operands that passed
/// validation (so every memory, table, segment and function index exists
/// in the module). Index arguments are the wasm immediates; addresses and
/// lengths the `i32` operands, reinterpreted as unsigned.
mod imp {
    use super::*;

    /// A bulk operation's result as the pointer compiled code checks.
    fn trap_ptr(r: Result<(), TrapCode>) -> *mut u8 {
        match r {
            Ok(()) => std::ptr::null_mut(),
            Err(code) => Trap::new(code).into_raw(),
        }
    }

    /// Memory `mem`'s current base and length.
    ///
    /// # Safety
    /// `vmctx` must be a live instance context with memory `mem`.
    unsafe fn memory(vmctx: *mut VMContext, mem: i32) -> (*mut u8, usize) {
        // SAFETY: live (caller); the reference ends here. The definition
        // is live as long as the instance (or its exporter, which the
        // store keeps alive).
        unsafe {
            let def = Instance::from_vmctx(vmctx).memory_definition(mem as u32);
            ((*def).base, (*def).current_length)
        }
    }

    /// # Safety
    /// See the module docs (applies to every function here).
    pub(super) unsafe extern "C" fn memory_grow(
        vmctx: *mut VMContext,
        mem: i32,
        delta: i32,
    ) -> i32 {
        // SAFETY: `vmctx` is the caller's live context with memory `mem`;
        // no reference to the instance is held while compiled code runs.
        unsafe { bulk::memory_grow(vmctx, mem as u32, delta as u32) }
    }

    pub(super) unsafe extern "C" fn memory_fill(
        vmctx: *mut VMContext,
        mem: i32,
        dst: i32,
        val: i32,
        len: i32,
    ) -> *mut u8 {
        // SAFETY: live context (module docs); `memory` gives the memory's
        // current accessible bytes.
        trap_ptr(unsafe {
            let (base, size) = memory(vmctx, mem);
            bulk::memory_fill(base, size, dst as u32, val as u8, len as u32)
        })
    }

    pub(super) unsafe extern "C" fn memory_copy(
        vmctx: *mut VMContext,
        dst_mem: i32,
        src_mem: i32,
        dst: i32,
        src: i32,
        len: i32,
    ) -> *mut u8 {
        // SAFETY: as in `memory_fill`, for both memories.
        trap_ptr(unsafe {
            let (db, dl) = memory(vmctx, dst_mem);
            let (sb, sl) = memory(vmctx, src_mem);
            bulk::memory_copy(db, dl, sb, sl, dst as u32, src as u32, len as u32)
        })
    }

    pub(super) unsafe extern "C" fn memory_init(
        vmctx: *mut VMContext,
        mem: i32,
        data: i32,
        dst: i32,
        src: i32,
        len: i32,
    ) -> *mut u8 {
        // SAFETY: as in `memory_fill`; `memory`'s borrow of the instance
        // has ended before `bulk::memory_init` takes its own.
        trap_ptr(unsafe {
            let (base, size) = memory(vmctx, mem);
            bulk::memory_init(
                vmctx,
                data as u32,
                base,
                size,
                dst as u32,
                src as u32,
                len as u32,
            )
        })
    }

    pub(super) unsafe extern "C" fn data_drop(vmctx: *mut VMContext, data: i32) {
        // SAFETY: live context, not otherwise borrowed (module docs).
        unsafe { bulk::data_drop(vmctx, data as u32) }
    }

    pub(super) unsafe extern "C" fn table_grow(
        vmctx: *mut VMContext,
        table: i32,
        init: *mut u8,
        delta: i32,
    ) -> i32 {
        // SAFETY: live context with table `table`; `init` is a wasm value
        // of the table's element type (validation), so a valid element.
        unsafe { bulk::table_grow(vmctx, table as u32, delta as u32, init as usize) }
    }

    pub(super) unsafe extern "C" fn table_fill(
        vmctx: *mut VMContext,
        table: i32,
        dst: i32,
        val: *mut u8,
        len: i32,
    ) -> *mut u8 {
        // SAFETY: live context; the definition is the live table's; `val`
        // is a wasm value of the table's element type (validation).
        trap_ptr(unsafe {
            let t = Instance::from_vmctx(vmctx).table_definition(table as u32);
            bulk::table_fill(t, dst as u32, val as usize, len as u32)
        })
    }

    pub(super) unsafe extern "C" fn table_copy(
        vmctx: *mut VMContext,
        dst_table: i32,
        src_table: i32,
        dst: i32,
        src: i32,
        len: i32,
    ) -> *mut u8 {
        // SAFETY: live context; both definitions are live tables, of the
        // same element type (validation).
        trap_ptr(unsafe {
            let inst = Instance::from_vmctx(vmctx);
            let (dt, st) = (
                inst.table_definition(dst_table as u32),
                inst.table_definition(src_table as u32),
            );
            bulk::table_copy(dt, st, dst as u32, src as u32, len as u32)
        })
    }

    pub(super) unsafe extern "C" fn table_init(
        vmctx: *mut VMContext,
        table: i32,
        elem: i32,
        dst: i32,
        src: i32,
        len: i32,
    ) -> *mut u8 {
        // SAFETY: live context; the definition is one of its tables, of
        // the segment's element type (validation); the borrow taken for
        // it ends before `bulk::table_init` takes its own.
        trap_ptr(unsafe {
            let t = Instance::from_vmctx(vmctx).table_definition(table as u32);
            bulk::table_init(vmctx, t, elem as u32, dst as u32, src as u32, len as u32)
        })
    }

    pub(super) unsafe extern "C" fn elem_drop(vmctx: *mut VMContext, elem: i32) {
        // SAFETY: live context, not otherwise borrowed (module docs).
        unsafe { bulk::elem_drop(vmctx, elem as u32) }
    }

    pub(super) unsafe extern "C" fn ref_func(vmctx: *mut VMContext, func: i32) -> *mut u8 {
        // SAFETY: live context (module docs); `func` is a function of the
        // module (validation).
        unsafe { Instance::from_vmctx(vmctx) }
            .canonical_func_ref(func as u32)
            .cast()
    }

    pub(super) use crate::traphandlers::raise_entry as raise;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_follow_the_list() {
        assert_eq!(BUILTIN_SIGNATURES.len(), BuiltinIndex::ALL.len());
        for (i, &b) in BuiltinIndex::ALL.iter().enumerate() {
            assert_eq!(b as usize, i);
            assert_eq!(b.signature().1[0], AbiType::Ptr, "vmctx first");
        }
        assert_eq!(
            BuiltinIndex::memory_grow.signature(),
            (
                "memory_grow",
                &[AbiType::Ptr, AbiType::I32, AbiType::I32][..],
                Some(AbiType::I32)
            )
        );
        assert_eq!(
            BuiltinIndex::table_grow.signature(),
            (
                "table_grow",
                &[AbiType::Ptr, AbiType::I32, AbiType::Ptr, AbiType::I32][..],
                Some(AbiType::I32)
            )
        );
        assert_eq!(BuiltinIndex::data_drop.signature().2, None);
        assert_eq!(BuiltinIndex::raise.name(), "raise");
        assert_eq!(BuiltinIndex::raise.signature().1.len(), 2);
    }

    #[test]
    fn the_table_holds_the_implementations() {
        assert_eq!(BUILTINS.ref_func as *const (), imp::ref_func as *const ());
        assert_eq!(BUILTINS.raise as *const (), imp::raise as *const ());
    }
}
