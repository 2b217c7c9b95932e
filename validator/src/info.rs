//! What validation hands to the backends about each function.
//!
//! The interpreter and the AOT compiler translate code that is known to be
//! valid, so they skip the checks but still need a few facts that only a
//! full pass over the body computes: how deep the operand stack and the
//! block nesting get (to size frames up front), the locals, and where each
//! block's `else` and `end` are (so a single forward pass can resolve
//! forward branches without a fix-up list).

use brisk_parser::ValType;

/// Branch-target facts about one `block`, `loop` or `if`.
///
/// Offsets are relative to the start of the function body, i.e. they index
/// [`FunctionBody::bytes`](brisk_parser::FunctionBody::bytes) (whose first
/// byte is the local-declaration count), so that they fit in `u32`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct BlockInfo {
    /// Offset of the `block`, `loop` or `if` opcode.
    pub start: u32,
    /// Offset of the matching `else` opcode, for an `if` that has one.
    pub else_: Option<u32>,
    /// Offset of the matching `end` opcode.
    pub end: u32,
}

/// What backends need to know about one function defined in the module.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct FuncInfo {
    /// Index of the function in the module's function index space
    /// (imported functions come first).
    pub func_index: u32,
    /// Index of its type in the type section.
    pub type_index: u32,
    /// The declared locals as `(count, type)` runs, in declaration order.
    /// They follow the parameters (which come from the type) in the local
    /// index space.
    pub locals: Vec<(u32, ValType)>,
    /// Number of locals, parameters included.
    pub num_locals: u32,
    /// Largest number of values on the operand stack at any point of the
    /// body, in values (a `v128` counts as one). Locals are not counted.
    pub max_stack_height: u32,
    /// Largest number of simultaneously open control frames, the implicit
    /// function-level block included (so at least 1).
    pub max_control_depth: u32,
    /// One entry per `block`, `loop` and `if`, in order of appearance (the
    /// order of their opening opcodes), so the `n`-th structured
    /// instruction a translator meets is `blocks[n]`.
    pub blocks: Vec<BlockInfo>,
}
