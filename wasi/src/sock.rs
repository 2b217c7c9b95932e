//! Sockets: `sock_accept` on a preopened listening socket, and
//! `sock_recv`/`sock_send`/`sock_shutdown` on the connections it gives.
//! The guest cannot open, bind or connect sockets itself; preview1 has
//! no way to, and the embedder decides which listeners it gets.

use std::io::{Read, Write};
use std::net::Shutdown;

use rustix::net::RecvFlags;

use crate::WasiCtx;
use crate::abi::{fdflags, filetype, rights, sock};
use crate::errno::Errno;
use crate::link::{Fail, narrow};
use crate::mem::Mem;
use crate::table::{Entry, Kind};

type R = Result<(), Fail>;

pub(crate) fn sock_accept(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let e = cx.entry(a[0] as u32)?;
    let flags: u16 = narrow(a[1])?;
    if flags & !fdflags::NONBLOCK != 0 {
        return Err(Errno::INVAL.into());
    }
    let Kind::Listener(l) = &e.kind else {
        return Err(Errno::NOTSOCK.into());
    };
    e.require(rights::SOCK_ACCEPT)?;
    let out = a[2] as u32;
    mem.check(out, 4, 4)?;
    let (stream, _) = l.accept()?;
    stream.set_nonblocking(flags & fdflags::NONBLOCK != 0)?;
    let inheriting = e.inheriting;
    let fd = cx.table.push(Entry {
        kind: Kind::Socket(stream),
        base: rights::SOCKET & inheriting,
        inheriting: 0,
        filetype: filetype::SOCKET_STREAM,
    })?;
    mem.write_u32(out, fd)?;
    Ok(())
}

fn socket(cx: &mut WasiCtx, fd: u32, need: u64) -> Result<&mut std::net::TcpStream, Errno> {
    let e = cx.entry_mut(fd)?;
    let Kind::Socket(s) = &mut e.kind else {
        return Err(Errno::NOTSOCK);
    };
    if e.base & need != need {
        return Err(Errno::NOTCAPABLE);
    }
    Ok(s)
}

pub(crate) fn sock_recv(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    let flags = a[3] as u16;
    if u64::from(flags) != a[3] & 0xffff_ffff
        || flags & !(sock::RECV_PEEK | sock::RECV_WAITALL) != 0
    {
        return Err(Errno::INVAL.into());
    }
    let s = socket(cx, a[0] as u32, rights::FD_READ)?;
    let iovs = mem.iovecs(a[1] as u32, a[2] as u32)?;
    let (len_out, flags_out) = (a[4] as u32, a[5] as u32);
    mem.check(len_out, 4, 4)?;
    mem.check(flags_out, 2, 2)?;
    let mut buf = vec![0; Mem::total(&iovs).min(16 << 20)];
    let n = if flags == 0 {
        s.read(&mut buf)?
    } else {
        let mut host = RecvFlags::empty();
        if flags & sock::RECV_PEEK != 0 {
            host |= RecvFlags::PEEK;
        }
        if flags & sock::RECV_WAITALL != 0 {
            host |= RecvFlags::WAITALL;
        }
        rustix::net::recv(&*s, &mut buf, host)?.0
    };
    mem.scatter(&iovs, &buf[..n])?;
    mem.write_u32(len_out, n as u32)?;
    mem.write_u16(flags_out, 0)?;
    Ok(())
}

pub(crate) fn sock_send(cx: &mut WasiCtx, mem: &mut Mem<'_>, a: &[u64]) -> R {
    if a[3] != 0 {
        return Err(Errno::INVAL.into());
    }
    let s = socket(cx, a[0] as u32, rights::FD_WRITE)?;
    let iovs = mem.iovecs(a[1] as u32, a[2] as u32)?;
    let out = a[4] as u32;
    mem.check(out, 4, 4)?;
    let mut data = mem.gather(&iovs)?;
    data.truncate(16 << 20);
    let n = s.write(&data)?;
    mem.write_u32(out, n as u32)?;
    Ok(())
}

pub(crate) fn sock_shutdown(cx: &mut WasiCtx, _: &mut Mem<'_>, a: &[u64]) -> R {
    let how = match narrow::<u8>(a[1])? {
        sock::SHUT_RD => Shutdown::Read,
        sock::SHUT_WR => Shutdown::Write,
        x if x == sock::SHUT_RD | sock::SHUT_WR => Shutdown::Both,
        _ => return Err(Errno::INVAL.into()),
    };
    let s = socket(cx, a[0] as u32, rights::SOCK_SHUTDOWN)?;
    s.shutdown(how)?;
    Ok(())
}
