//! SANDBOX-CRITICAL: the AArch64 Linux assembly of trap unwinding.
//!
//! Protects: a trap leaves wasm by restoring exactly the callee-saved
//! registers and stack pointer the host had when it entered wasm, and the
//! signal handler resumes only at `brisk_vm_trap_resume`, never with a
//! jump from inside the handler.
//!
//! AAPCS64: callee-saved are x19–x28, x29 (fp), x30 (lr, our return
//! address), sp and the low 64 bits of v8–v15 (d8–d15).
//!
//! Jump buffer (`JmpBuf` words): 0–9 x19–x28, 10 x29, 11 x30, 12 sp,
//! 13–20 d8–d15.
//!
//! Not run on this project's CI machine (x86-64 only); compiled when the
//! `aarch64-unknown-linux-gnu` target is installed.

use std::arch::global_asm;

use super::activation::{raise_impl, unwind_signal};

// See the x86-64 file for the contracts of these four symbols.
global_asm!(
    ".text",
    ".p2align 2",
    ".globl brisk_vm_setjmp_call",
    ".hidden brisk_vm_setjmp_call",
    ".type brisk_vm_setjmp_call, %function",
    "brisk_vm_setjmp_call:",
    ".cfi_startproc",
    "stp x19, x20, [x0, #0]",
    "stp x21, x22, [x0, #16]",
    "stp x23, x24, [x0, #32]",
    "stp x25, x26, [x0, #48]",
    "stp x27, x28, [x0, #64]",
    "stp x29, x30, [x0, #80]",
    "mov x9, sp",
    "str x9, [x0, #96]",
    "stp d8, d9, [x0, #104]",
    "stp d10, d11, [x0, #120]",
    "stp d12, d13, [x0, #136]",
    "stp d14, d15, [x0, #152]",
    "stp x29, x30, [sp, #-16]!",
    ".cfi_def_cfa_offset 16",
    ".cfi_offset x29, -16",
    ".cfi_offset x30, -8",
    "mov x29, sp",
    "mov x0, x2",
    "blr x1",
    "ldp x29, x30, [sp], #16",
    ".cfi_def_cfa_offset 0",
    "mov w0, #0",
    "ret",
    ".cfi_endproc",
    ".size brisk_vm_setjmp_call, . - brisk_vm_setjmp_call",
    "",
    ".p2align 2",
    ".globl brisk_vm_longjmp",
    ".hidden brisk_vm_longjmp",
    ".type brisk_vm_longjmp, %function",
    "brisk_vm_longjmp:",
    "ldp x19, x20, [x0, #0]",
    "ldp x21, x22, [x0, #16]",
    "ldp x23, x24, [x0, #32]",
    "ldp x25, x26, [x0, #48]",
    "ldp x27, x28, [x0, #64]",
    "ldp x29, x30, [x0, #80]",
    "ldr x9, [x0, #96]",
    "mov sp, x9",
    "ldp d8, d9, [x0, #104]",
    "ldp d10, d11, [x0, #120]",
    "ldp d12, d13, [x0, #136]",
    "ldp d14, d15, [x0, #152]",
    "mov w0, #1",
    "ret",
    ".size brisk_vm_longjmp, . - brisk_vm_longjmp",
);

// `brisk_vm_trap_resume`: x0 = trap code, x1 = faulting pc, x2 = its frame
// pointer, sp 16-aligned (set by the handler).
// `brisk_vm_raise(vmctx, trap)`: lr is the return address into the
// calling wasm function, x29 its frame pointer.
global_asm!(
    ".p2align 2",
    ".globl brisk_vm_trap_resume",
    ".hidden brisk_vm_trap_resume",
    ".type brisk_vm_trap_resume, %function",
    "brisk_vm_trap_resume:",
    "bl {unwind_signal}",
    "brk #0x1",
    ".size brisk_vm_trap_resume, . - brisk_vm_trap_resume",
    "",
    ".p2align 2",
    ".globl brisk_vm_raise",
    ".hidden brisk_vm_raise",
    ".type brisk_vm_raise, %function",
    "brisk_vm_raise:",
    "mov x2, x30",
    "mov x3, x29",
    "stp x29, x30, [sp, #-16]!",
    "mov x29, sp",
    "bl {raise_impl}",
    "brk #0x1",
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
    let mc = unsafe { &(*ctx.cast::<libc::ucontext_t>()).uc_mcontext };
    FaultRegs {
        pc: mc.pc as usize,
        fp: mc.regs[29] as usize,
    }
}

/// Makes the interrupted thread resume at `brisk_vm_trap_resume` with
/// `(code, pc, fp)` as arguments when the handler returns.
///
/// # Safety
/// As [`fault_regs`]; the thread must be in an activation.
pub(in crate::traphandlers) unsafe fn resume_at_unwind(
    ctx: *mut libc::c_void,
    code: usize,
    regs: &FaultRegs,
) {
    // SAFETY: `ctx` is the kernel's ucontext (caller); writing registers
    // there changes where the thread continues after `sigreturn`.
    let mc = unsafe { &mut (*ctx.cast::<libc::ucontext_t>()).uc_mcontext };
    // No red zone on AArch64 Linux; stay 16-aligned, with some slack.
    mc.sp = (mc.sp - 128) & !15;
    mc.pc = super::activation::trap_resume_address() as u64;
    mc.regs[0] = code as u64;
    mc.regs[1] = regs.pc as u64;
    mc.regs[2] = regs.fp as u64;
}

/// Frame records on AArch64: `[fp]` is the caller's frame pointer,
/// `[fp + 8]` the saved lr, the return address into the caller.
pub(in crate::traphandlers) const RETURN_ADDRESS_OFFSET: usize = 8;
