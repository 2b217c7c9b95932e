//! Clocks: `clock_res_get` and `clock_time_get` for the realtime,
//! monotonic, process CPU and thread CPU clocks, in nanoseconds.

use rustix::time::{ClockId, Timespec};

use crate::WasiCtx;
use crate::abi::clockid;
use crate::errno::Errno;
use crate::link::Fail;
use crate::mem::Mem;

/// The host clock for a WASI clock id; `EINVAL` for an unknown one.
pub(crate) fn host_clock(id: u32) -> Result<ClockId, Errno> {
    Ok(match id {
        clockid::REALTIME => ClockId::Realtime,
        clockid::MONOTONIC => ClockId::Monotonic,
        clockid::PROCESS_CPUTIME_ID => ClockId::ProcessCPUTime,
        clockid::THREAD_CPUTIME_ID => ClockId::ThreadCPUTime,
        _ => return Err(Errno::INVAL),
    })
}

/// Nanoseconds in a timespec (times before 1970 read as 0).
pub(crate) fn nanos(t: Timespec) -> u64 {
    u64::try_from(t.tv_sec)
        .unwrap_or(0)
        .saturating_mul(1_000_000_000)
        .saturating_add(u64::try_from(t.tv_nsec).unwrap_or(0))
}

/// The current time of clock `id` in nanoseconds.
pub(crate) fn now(id: u32) -> Result<u64, Errno> {
    Ok(nanos(rustix::time::clock_gettime(host_clock(id)?)))
}

pub(crate) fn clock_res_get(_: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> Result<(), Fail> {
    let clock = host_clock(a[0] as u32)?;
    mem.check(a[1] as u32, 8, 8)?;
    let res = rustix::time::clock_getres(clock);
    mem.write_u64(a[1] as u32, nanos(res).max(1))?;
    Ok(())
}

pub(crate) fn clock_time_get(_: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> Result<(), Fail> {
    let t = now(a[0] as u32)?;
    mem.write_u64(a[2] as u32, t)?;
    Ok(())
}
