//! Arguments, environment, randomness and the process functions
//! (`proc_exit`, `proc_raise`, `sched_yield`).

use crate::WasiCtx;
use crate::errno::Errno;
use crate::link::Fail;
use crate::mem::Mem;

type R = Result<(), Fail>;

/// Writes NUL-terminated `strings` into `buf` and a pointer to each into
/// `ptrs` (the layout of `args_get` and `environ_get`).
fn put_strings(mem: &mut Mem<'_>, strings: &[Vec<u8>], ptrs: u32, buf: u32) -> R {
    let total: usize = strings.iter().map(Vec::len).sum();
    let count = u32::try_from(strings.len()).map_err(|_| Errno::OVERFLOW)?;
    mem.check(ptrs, count.checked_mul(4).ok_or(Errno::FAULT)?, 4)?;
    mem.check(buf, u32::try_from(total).map_err(|_| Errno::OVERFLOW)?, 1)?;
    // Both ranges were checked, so these sums stay below 2^32 except
    // one past the very last byte, which is never used.
    let mut at = buf;
    for (i, s) in strings.iter().enumerate() {
        mem.write_u32(ptrs + 4 * i as u32, at)?;
        mem.slice_mut(at, s.len() as u32)?.copy_from_slice(s);
        at = at.wrapping_add(s.len() as u32);
    }
    Ok(())
}

fn put_sizes(mem: &mut Mem<'_>, strings: &[Vec<u8>], count_ptr: u32, size_ptr: u32) -> R {
    let total: usize = strings.iter().map(Vec::len).sum();
    mem.check(count_ptr, 4, 4)?;
    mem.check(size_ptr, 4, 4)?;
    mem.write_u32(
        count_ptr,
        u32::try_from(strings.len()).map_err(|_| Errno::OVERFLOW)?,
    )?;
    mem.write_u32(size_ptr, u32::try_from(total).map_err(|_| Errno::OVERFLOW)?)?;
    Ok(())
}

pub(crate) fn args_get(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    put_strings(mem, &cx.args, a[0] as u32, a[1] as u32)
}

pub(crate) fn args_sizes_get(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    put_sizes(mem, &cx.args, a[0] as u32, a[1] as u32)
}

pub(crate) fn environ_get(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    put_strings(mem, &cx.env, a[0] as u32, a[1] as u32)
}

pub(crate) fn environ_sizes_get(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    put_sizes(mem, &cx.env, a[0] as u32, a[1] as u32)
}

/// `random_get(buf, len)`: the host's CSPRNG (`getrandom`).
pub(crate) fn random_get(_: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let mut buf = mem.slice_mut(a[0] as u32, a[1] as u32)?;
    while !buf.is_empty() {
        match rustix::rand::getrandom(&mut *buf, rustix::rand::GetRandomFlags::empty()) {
            Ok(n) => buf = &mut buf[n..],
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// `proc_exit(code)`: unwinds the guest; the embedder sees the code
/// through `Error::exit_code`.
pub(crate) fn proc_exit(_: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    Err(Fail::Exit(a[0] as u32 as i32))
}

/// `proc_raise(sig)`: signals are not part of the sandbox.
pub(crate) fn proc_raise(_: &mut WasiCtx, _: &mut Mem<'_>, _: &[u64]) -> R {
    Err(Errno::NOSYS.into())
}

pub(crate) fn sched_yield(_: &mut WasiCtx, _: &mut Mem<'_>, _: &[u64]) -> R {
    std::thread::yield_now();
    Ok(())
}
