//! What the trap handler and the backtrace walker ask a compiled module:
//! which function a pc is in, whether it is a trap site and with which
//! code, and which wasm instruction it belongs to. [`CodeTables`]
//! answers, as the module's `brisk_vm::traphandlers::CodeInfo`,
//! registered for the module's code range as long as the code is mapped.
//!
//! Every function keeps its trap sites and its address map (code offset →
//! module offset, from the `set_srcloc` of each instruction) sorted by
//! code offset, so each question is a binary search: first over the
//! functions (laid out in index order, so sorted by start), then inside
//! the function.

use std::sync::Arc;

use brisk_validator::OwnedModule;
use brisk_vm::traphandlers::CodeInfo;
use brisk_vm::{FrameInfo, TrapCode};

/// Where one defined function lives in the code memory, and its tables.
///
/// # Invariants
/// `start..start + len` and `trampoline` (the start of the trampoline of
/// the function's signature) are offsets inside the code memory; `traps`
/// and `srclocs` are sorted by offset.
#[derive(Debug)]
pub(crate) struct FunctionCode {
    pub start: u32,
    pub len: u32,
    pub trampoline: u32,
    /// `(offset in the function, code)` of every trap site.
    pub traps: Box<[(u32, TrapCode)]>,
    /// `(offset in the function, module offset)`: the instruction whose
    /// code starts at each offset.
    pub srclocs: Box<[(u32, u32)]>,
}

/// A compiled module's functions and their tables; see the [module
/// docs](self).
///
/// # Invariants
/// `functions[i]` is defined function `num_imported_funcs + i`, laid out
/// at `base + start`, in increasing order of `start`.
#[derive(Debug)]
pub(crate) struct CodeTables {
    pub module: Arc<OwnedModule>,
    pub base: usize,
    pub num_imported_funcs: u32,
    pub functions: Box<[FunctionCode]>,
}

impl CodeTables {
    /// The defined function whose code contains the absolute address
    /// `pc`: its index, its code and `pc`'s offset in it. Allocation- and
    /// lock-free (the signal handler calls it through `trap_code`).
    pub(crate) fn function_at(&self, pc: usize) -> Option<(u32, &FunctionCode, u32)> {
        let offset = u32::try_from(pc.checked_sub(self.base)?).ok()?;
        let i = self
            .functions
            .partition_point(|f| f.start <= offset)
            .checked_sub(1)?;
        let f = &self.functions[i];
        (offset < f.start + f.len)
            .then(|| (self.num_imported_funcs + i as u32, f, offset - f.start))
    }

    /// The trap code of the trap site at `pc`, if `pc` is one.
    pub(crate) fn trap_code_at(&self, pc: usize) -> Option<TrapCode> {
        let (_, f, offset) = self.function_at(pc)?;
        let i = f.traps.binary_search_by_key(&offset, |t| t.0).ok()?;
        Some(f.traps[i].1)
    }

    /// The wasm frame executing at `pc` (for a return address, pass
    /// `ret - 1`): function index, name and the module offset of the
    /// instruction whose code contains `pc`.
    pub(crate) fn frame_at(&self, pc: usize) -> Option<FrameInfo> {
        let (func_index, f, offset) = self.function_at(pc)?;
        let module_offset = f
            .srclocs
            .partition_point(|s| s.0 <= offset)
            .checked_sub(1)
            .map(|i| f.srclocs[i].1);
        let name = self
            .module
            .validated()
            .module
            .names
            .function(func_index)
            .map(Arc::from);
        Some(FrameInfo {
            func_index,
            func_name: name,
            module_offset,
        })
    }
}

impl CodeInfo for CodeTables {
    fn trap_code(&self, pc: usize) -> Option<TrapCode> {
        self.trap_code_at(pc)
    }

    fn frame(&self, pc: usize) -> Option<FrameInfo> {
        self.frame_at(pc)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use brisk_vm::TrapCode;

    #[test]
    fn trap_sites_and_frames_map_back_to_instructions() {
        let wasm = wat::parse_str(
            r#"(module
                (func $first (result i32) i32.const 1)
                (func $boom (param i32) (result i32)
                  local.get 0
                  if unreachable end
                  local.get 0 local.get 0 i32.div_u))"#,
        )
        .unwrap();
        // Offsets of `unreachable` and `i32.div_u` (0x6e) in the second
        // body: [locals 0x00] [local.get 0x20 0x00] [if 0x04 0x40]
        // [unreachable 0x00] ...
        let module = Arc::new(brisk_validator::OwnedModule::new(wasm).unwrap());
        let body = module.validated().module.code[1];
        let find = |byte: u8| {
            let at = body.bytes().iter().position(|&b| b == byte).unwrap();
            (body.offset() + at) as u32
        };
        let (unreachable_at, div_at) = (body.offset() as u32 + 5, find(0x6e));
        let compiled = crate::compile(module.clone(), &Default::default()).unwrap();
        let code = compiled.tables();
        let (index, f, _) = code
            .function_at(code.base + code.functions[1].start as usize)
            .unwrap();
        assert_eq!(index, 1);
        let base = code.base + f.start as usize;
        let mut seen = Vec::new();
        for &(offset, trap) in f.traps.iter() {
            let pc = base + offset as usize;
            assert_eq!(code.trap_code_at(pc), Some(trap));
            let frame = code.frame_at(pc).unwrap();
            assert_eq!(frame.func_index, 1);
            assert_eq!(frame.func_name.as_deref(), Some("boom"));
            seen.push((trap, frame.module_offset));
        }
        assert!(
            seen.contains(&(TrapCode::Unreachable, Some(unreachable_at))),
            "{seen:?} lacks unreachable @ {unreachable_at:#x}"
        );
        assert!(
            seen.contains(&(TrapCode::IntegerDivisionByZero, Some(div_at))),
            "{seen:?} lacks div_u @ {div_at:#x}"
        );
        assert_eq!(code.trap_code_at(base + f.len as usize + (1 << 20)), None);
        assert_eq!(code.frame_at(0), None);
    }
}
