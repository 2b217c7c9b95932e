//! `poll_oneoff`: wait for clock deadlines and fd readiness.
//!
//! Subscriptions are read and checked first (a bad fd or clock becomes an
//! event carrying its errno, reported at once). Regular files and the
//! embedder's in-memory streams are always ready. Host fds that can
//! block (terminals, pipes, sockets) are waited for with `poll(2)`, its
//! timeout the nearest clock deadline; when that passes first, every
//! clock subscription due by then fires.

use std::os::fd::BorrowedFd;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags};

use crate::WasiCtx;
use crate::abi::{event, event_layout, filetype, rights, subscription};
use crate::errno::Errno;
use crate::link::Fail;
use crate::mem::Mem;
use crate::table::Kind;

/// One event to report.
struct Event {
    userdata: u64,
    error: Errno,
    kind: u8,
    nbytes: u64,
    hangup: bool,
}

pub(crate) fn poll_oneoff(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> Result<(), Fail> {
    let (inp, outp, n, nevents) = (a[0] as u32, a[1] as u32, a[2] as u32, a[3] as u32);
    if n == 0 {
        return Err(Errno::INVAL.into());
    }
    mem.check(
        inp,
        n.checked_mul(subscription::SIZE).ok_or(Errno::FAULT)?,
        subscription::ALIGN,
    )?;
    mem.check(
        outp,
        n.checked_mul(event_layout::SIZE).ok_or(Errno::FAULT)?,
        event_layout::ALIGN,
    )?;
    mem.check(nevents, 4, 4)?;
    let start = Instant::now();

    let mut ready: Vec<Event> = Vec::new();
    // (deadline from start, userdata)
    let mut clocks: Vec<(Duration, u64)> = Vec::new();
    // (host fd, userdata, event kind)
    let mut waits: Vec<(BorrowedFd<'_>, u64, u8)> = Vec::new();
    for i in 0..n {
        let at = inp + i * subscription::SIZE;
        let userdata = mem.read_u64(at + subscription::USERDATA)?;
        let tag = mem.read_u8(at + subscription::TAG)?;
        let fail = |kind, error| Event {
            userdata,
            error,
            kind,
            nbytes: 0,
            hangup: false,
        };
        match tag {
            event::CLOCK => {
                let id = mem.read_u32(at + subscription::CLOCK_ID)?;
                let timeout = mem.read_u64(at + subscription::CLOCK_TIMEOUT)?;
                let flags = mem.read_u16(at + subscription::CLOCK_FLAGS)?;
                let wait = if flags & event::SUBCLOCK_ABSTIME != 0 {
                    match crate::clock::now(id) {
                        Ok(now) => timeout.saturating_sub(now),
                        Err(e) => {
                            ready.push(fail(tag, e));
                            continue;
                        }
                    }
                } else if crate::clock::host_clock(id).is_err() {
                    ready.push(fail(tag, Errno::INVAL));
                    continue;
                } else {
                    timeout
                };
                clocks.push((Duration::from_nanos(wait), userdata));
            }
            event::FD_READ | event::FD_WRITE => {
                let fd = mem.read_u32(at + subscription::FD)?;
                let e = match cx.table.get(fd) {
                    Ok(e) => e,
                    Err(err) => {
                        ready.push(fail(tag, err));
                        continue;
                    }
                };
                if e.base & rights::POLL_FD_READWRITE == 0 {
                    ready.push(fail(tag, Errno::NOTCAPABLE));
                    continue;
                }
                let always = match &e.kind {
                    Kind::Input(_) | Kind::Output(_) => true,
                    Kind::File(_) => e.filetype == filetype::REGULAR_FILE,
                    Kind::Dir { .. } => {
                        ready.push(fail(tag, Errno::ISDIR));
                        continue;
                    }
                    _ => false,
                };
                match e.host_fd() {
                    Some(h) if !always => waits.push((h, userdata, tag)),
                    h => ready.push(Event {
                        userdata,
                        error: Errno::SUCCESS,
                        kind: tag,
                        // A regular file is always ready; what it has to
                        // read is what lies past the position.
                        nbytes: match h {
                            Some(h) if tag == event::FD_READ => file_bytes_left(h),
                            _ => 0,
                        },
                        hangup: false,
                    }),
                }
            }
            _ => return Err(Errno::INVAL.into()),
        }
    }

    let nearest = clocks.iter().map(|c| c.0).min();
    let timeout = if ready.is_empty() {
        nearest
    } else {
        Some(Duration::ZERO)
    };
    if !waits.is_empty() {
        let mut fds: Vec<PollFd<'_>> = waits
            .iter()
            .map(|(fd, _, kind)| {
                let flags = if *kind == event::FD_READ {
                    PollFlags::IN
                } else {
                    PollFlags::OUT
                };
                PollFd::new(fd, flags)
            })
            .collect();
        let ts = timeout.map(|d| rustix::time::Timespec {
            tv_sec: d.as_secs().min(i64::MAX as u64) as i64,
            tv_nsec: i64::from(d.subsec_nanos()) as _,
        });
        loop {
            match rustix::event::poll(&mut fds, ts.as_ref()) {
                Ok(_) => break,
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        for (pfd, &(fd, userdata, kind)) in fds.iter().zip(&waits) {
            let re = pfd.revents();
            if re.is_empty() {
                continue;
            }
            let nbytes = if kind == event::FD_READ {
                rustix::io::ioctl_fionread(fd).unwrap_or(0)
            } else {
                0
            };
            let error = if re.contains(PollFlags::NVAL) {
                Errno::BADF
            } else {
                Errno::SUCCESS
            };
            ready.push(Event {
                userdata,
                error,
                kind,
                nbytes,
                hangup: re.contains(PollFlags::HUP),
            });
        }
    } else if ready.is_empty()
        && let Some(d) = nearest
    {
        std::thread::sleep(d);
    }
    // Clocks due by now fire; with nothing else ready, the nearest one
    // (the wait ended because it passed).
    let elapsed = start.elapsed();
    let nothing_else = ready.is_empty();
    for &(deadline, userdata) in &clocks {
        if deadline <= elapsed || (nothing_else && Some(deadline) == nearest) {
            ready.push(Event {
                userdata,
                error: Errno::SUCCESS,
                kind: event::CLOCK,
                nbytes: 0,
                hangup: false,
            });
        }
    }

    for (i, ev) in ready.iter().take(n as usize).enumerate() {
        let at = outp + i as u32 * event_layout::SIZE;
        mem.slice_mut(at, event_layout::SIZE)?.fill(0);
        mem.write_u64(at + event_layout::USERDATA, ev.userdata)?;
        mem.write_u16(at + event_layout::ERROR, ev.error.0)?;
        mem.write_u8(at + event_layout::TYPE, ev.kind)?;
        if ev.kind != event::CLOCK {
            mem.write_u64(at + event_layout::NBYTES, ev.nbytes)?;
            let flags = if ev.hangup {
                event::FD_READWRITE_HANGUP
            } else {
                0
            };
            mem.write_u16(at + event_layout::FLAGS, flags)?;
        }
    }
    mem.write_u32(nevents, ready.len().min(n as usize) as u32)?;
    Ok(())
}

/// Bytes between a regular file's position and its end (0 when unknown).
fn file_bytes_left(fd: rustix::fd::BorrowedFd<'_>) -> u64 {
    let size = rustix::fs::fstat(fd).map_or(0, |st| st.st_size.max(0) as u64);
    let pos = rustix::fs::seek(fd, rustix::fs::SeekFrom::Current(0)).unwrap_or(size);
    size.saturating_sub(pos)
}
