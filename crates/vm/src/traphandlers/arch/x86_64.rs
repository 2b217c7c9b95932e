//! SANDBOX-CRITICAL: the x86-64 Linux assembly of trap unwinding.
//!
//! Protects: a trap leaves wasm by restoring exactly the callee-saved
//! registers and stack pointer the host had when it entered wasm, and the
//! signal handler resumes only at [`brisk_vm_trap_resume`], never with a
//! jump from inside the handler.
//!
//! System V ABI: callee-saved are rbx, rbp, r12–r15 and rsp (plus the
//! control bits of MXCSR and the x87 control word, which wasm code never
//! changes, so they are not saved).
//!
//! Jump buffer (`JmpBuf` words): 0 rbx, 1 rbp, 2 r12, 3 r13, 4 r14, 5 r15,
//! 6 rsp after returning from `brisk_vm_setjmp_call`, 7 its return address.

use std::arch::global_asm;

use super::activation::{raise_impl, unwind_signal};

// `brisk_vm_setjmp_call(buf, callback, data) -> i32`: saves the
// callee-saved state in `buf`, calls `callback(data)` and returns 0; if
// `brisk_vm_longjmp(buf)` runs before the callback returns, this call
// returns 1 instead, with every callee-saved register as it was.
//
// `brisk_vm_longjmp(buf) -> !`: restores that state and returns 1 from the
// `brisk_vm_setjmp_call` that filled `buf`.
global_asm!(
    ".text",
    ".p2align 4",
    ".globl brisk_vm_setjmp_call",
    ".hidden brisk_vm_setjmp_call",
    ".type brisk_vm_setjmp_call, @function",
    "brisk_vm_setjmp_call:",
    ".cfi_startproc",
    "mov [rdi], rbx",
    "mov [rdi + 8], rbp",
    "mov [rdi + 16], r12",
    "mov [rdi + 24], r13",
    "mov [rdi + 32], r14",
    "mov [rdi + 40], r15",
    "lea rax, [rsp + 8]",
    "mov [rdi + 48], rax",
    "mov rax, [rsp]",
    "mov [rdi + 56], rax",
    // A frame, so the stack is 16-aligned at the call and unwinders and
    // debuggers can walk through.
    "push rbp",
    ".cfi_def_cfa_offset 16",
    ".cfi_offset rbp, -16",
    "mov rbp, rsp",
    ".cfi_def_cfa_register rbp",
    "mov rdi, rdx",
    "call rsi",
    "pop rbp",
    ".cfi_def_cfa rsp, 8",
    "xor eax, eax",
    "ret",
    ".cfi_endproc",
    ".size brisk_vm_setjmp_call, . - brisk_vm_setjmp_call",
    "",
    ".p2align 4",
    ".globl brisk_vm_longjmp",
    ".hidden brisk_vm_longjmp",
    ".type brisk_vm_longjmp, @function",
    "brisk_vm_longjmp:",
    "mov rbx, [rdi]",
    "mov rbp, [rdi + 8]",
    "mov r12, [rdi + 16]",
    "mov r13, [rdi + 24]",
    "mov r14, [rdi + 32]",
    "mov r15, [rdi + 40]",
    "mov rsp, [rdi + 48]",
    "mov eax, 1",
    "jmp qword ptr [rdi + 56]",
    ".size brisk_vm_longjmp, . - brisk_vm_longjmp",
);

// `brisk_vm_trap_resume`: where the signal handler makes a faulting thread
// resume, with rdi = trap code, rsi = faulting pc, rdx = its frame pointer
// and rsp 16-aligned below the faulting frame's red zone. It calls
// `unwind_signal`, ordinary Rust code outside the handler, which collects
// the backtrace and longjmps; it never returns.
//
// `brisk_vm_raise(vmctx, trap) -> !`: the `raise` builtin. Called by wasm
// code, so on entry [rsp] is the return address into the calling wasm
// function and rbp that function's frame pointer; both go to `raise_impl`
// with the arguments.
global_asm!(
    ".p2align 4",
    ".globl brisk_vm_trap_resume",
    ".hidden brisk_vm_trap_resume",
    ".type brisk_vm_trap_resume, @function",
    "brisk_vm_trap_resume:",
    "call {unwind_signal}",
    "ud2",
    ".size brisk_vm_trap_resume, . - brisk_vm_trap_resume",
    "",
    ".p2align 4",
    ".globl brisk_vm_raise",
    ".hidden brisk_vm_raise",
    ".type brisk_vm_raise, @function",
    "brisk_vm_raise:",
    "mov rdx, [rsp]",
    "mov rcx, rbp",
    "push rbp",
    "mov rbp, rsp",
    "call {raise_impl}",
    "ud2",
    ".size brisk_vm_raise, . - brisk_vm_raise",
    unwind_signal = sym unwind_signal,
    raise_impl = sym raise_impl,
);

/// The registers of an interrupted thread the handler reads.
pub(in crate::traphandlers) struct FaultRegs {
    pub pc: usize,
    pub fp: usize,
}

/// Reads the faulting pc and frame pointer.
///
/// # Safety
/// `ctx` must be the `ucontext_t` the kernel passed to an `SA_SIGINFO`
/// handler.
pub(in crate::traphandlers) unsafe fn fault_regs(ctx: *mut libc::c_void) -> FaultRegs {
    // SAFETY: `ctx` is the kernel's ucontext (caller).
    let gregs = unsafe { &(*ctx.cast::<libc::ucontext_t>()).uc_mcontext.gregs };
    FaultRegs {
        pc: gregs[libc::REG_RIP as usize] as usize,
        fp: gregs[libc::REG_RBP as usize] as usize,
    }
}

/// Makes the interrupted thread resume at `brisk_vm_trap_resume` with
/// `(code, pc, fp)` as arguments when the handler returns.
///
/// # Safety
/// As [`fault_regs`]; the thread must be in an activation (its resume
/// target longjmps to it).
pub(in crate::traphandlers) unsafe fn resume_at_unwind(
    ctx: *mut libc::c_void,
    code: usize,
    regs: &FaultRegs,
) {
    // SAFETY: `ctx` is the kernel's ucontext (caller); writing registers
    // there changes where the thread continues after `sigreturn`.
    let gregs = unsafe { &mut (*ctx.cast::<libc::ucontext_t>()).uc_mcontext.gregs };
    let sp = gregs[libc::REG_RSP as usize] as usize;
    // Below the 128-byte red zone the interrupted function may use, and
    // 16-aligned as at a call site.
    let new_sp = (sp - 128) & !15;
    gregs[libc::REG_RSP as usize] = new_sp as i64;
    gregs[libc::REG_RIP as usize] = super::activation::trap_resume_address() as i64;
    gregs[libc::REG_RDI as usize] = code as i64;
    gregs[libc::REG_RSI as usize] = regs.pc as i64;
    gregs[libc::REG_RDX as usize] = regs.fp as i64;
}

/// Frame-pointer chain on x86-64: `[fp]` is the caller's frame pointer,
/// `[fp + 8]` the return address into the caller.
pub(in crate::traphandlers) const RETURN_ADDRESS_OFFSET: usize = 8;
