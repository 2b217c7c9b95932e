//! The preview1 functions one family at a time through a real guest:
//! results and the errno of each failure case.

mod guest;

use std::sync::{Arc, Mutex};

use brisk_runtime::Val;
use brisk_wasi::abi::{fdflags, oflags, rights};
use brisk_wasi::{DirPerms, Errno, WasiCtxBuilder};
use guest::{Guest, OUT};

fn i(v: u32) -> Val {
    Val::I32(v as i32)
}
fn l(v: u64) -> Val {
    Val::I64(v as i64)
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);
impl std::io::Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("functions")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn args_environ_clocks_random_and_process() {
    let mut g = Guest::new(
        WasiCtxBuilder::new()
            .args(["prog", "a b"])
            .env("K", "V")
            .env("K", "W")
            .build()
            .unwrap(),
    );
    assert_eq!(g.errno("args_sizes_get", &[i(0), i(4)]), Errno::SUCCESS);
    assert_eq!((g.read_u32(0), g.read_u32(4)), (2, 9));
    assert_eq!(g.errno("args_get", &[i(16), i(100)]), Errno::SUCCESS);
    assert_eq!((g.read_u32(16), g.read_u32(20)), (100, 105));
    assert_eq!(g.bytes(100, 9), b"prog\0a b\0");
    assert_eq!(g.errno("environ_sizes_get", &[i(0), i(4)]), Errno::SUCCESS);
    assert_eq!(
        (g.read_u32(0), g.read_u32(4)),
        (1, 4),
        "a later env value replaces"
    );
    assert_eq!(g.errno("environ_get", &[i(16), i(100)]), Errno::SUCCESS);
    assert_eq!(g.bytes(100, 4), b"K=W\0");
    assert_eq!(
        g.errno("args_get", &[i(18), i(100)]),
        Errno::INVAL,
        "misaligned argv"
    );
    assert_eq!(
        g.errno("args_get", &[i(16), i(65535)]),
        Errno::FAULT,
        "buffer past the end"
    );

    for id in 0..4 {
        assert_eq!(g.errno("clock_res_get", &[i(id), i(8)]), Errno::SUCCESS);
        assert!(g.read_u64(8) > 0);
        assert_eq!(
            g.errno("clock_time_get", &[i(id), l(0), i(8)]),
            Errno::SUCCESS
        );
    }
    assert_eq!(
        g.errno("clock_time_get", &[i(1), l(0), i(8)]),
        Errno::SUCCESS
    );
    let t0 = g.read_u64(8);
    std::thread::sleep(std::time::Duration::from_millis(2));
    g.errno("clock_time_get", &[i(1), l(0), i(8)]);
    assert!(g.read_u64(8) >= t0 + 2_000_000, "monotonic time advances");
    g.errno("clock_time_get", &[i(0), l(0), i(8)]);
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    assert!(g.read_u64(8).abs_diff(wall.as_nanos() as u64) < 5_000_000_000);
    assert_eq!(g.errno("clock_time_get", &[i(4), l(0), i(8)]), Errno::INVAL);
    assert_eq!(
        g.errno("clock_time_get", &[i(0), l(0), i(12)]),
        Errno::INVAL
    );
    assert_eq!(g.errno("clock_res_get", &[i(0), i(65536)]), Errno::FAULT);

    g.put(200, &[0; 64]);
    assert_eq!(g.errno("random_get", &[i(200), i(64)]), Errno::SUCCESS);
    assert!(g.bytes(200, 64).iter().any(|&b| b != 0));
    assert_eq!(g.errno("random_get", &[i(65530), i(7)]), Errno::FAULT);
    assert_eq!(g.errno("proc_raise", &[i(9)]), Errno::NOSYS);
    assert_eq!(g.errno("sched_yield", &[]), Errno::SUCCESS);
    let err = g.call("proc_exit", &[i(7)]).unwrap_err();
    assert_eq!(err.exit_code(), Some(7));
}

#[test]
fn stdio_rights_and_streams() {
    let out = Captured::default();
    let mut g = Guest::new(
        WasiCtxBuilder::new()
            .stdin(&b"typed"[..])
            .stdout(out.clone())
            .build()
            .unwrap(),
    );
    assert_eq!(g.write(1, b"hello"), Errno::SUCCESS);
    assert_eq!(&*out.0.lock().unwrap(), b"hello");
    assert_eq!(g.read(0).unwrap(), b"typed");
    assert_eq!(g.read(0).unwrap(), b"", "then end of file");
    assert_eq!(g.write(0, b"x"), Errno::NOTCAPABLE);
    assert_eq!(g.read(1), Err(Errno::NOTCAPABLE));
    assert_eq!(g.write(9, b"x"), Errno::BADF);
    // Streams cannot seek (so WASI libc's isatty can tell terminals).
    assert_eq!(
        g.errno("fd_seek", &[i(1), l(0), i(0), i(8)]),
        Errno::NOTCAPABLE
    );
    assert_eq!(g.errno("fd_fdstat_get", &[i(1), i(8)]), Errno::SUCCESS);
    assert_eq!(g.read_u64(16) & (rights::FD_SEEK | rights::FD_TELL), 0);
    assert_eq!(
        g.errno("fd_fdstat_get", &[i(1), i(12)]),
        Errno::INVAL,
        "misaligned fdstat"
    );
}

const RW: u64 = rights::FD_READ
    | rights::FD_WRITE
    | rights::FD_SEEK
    | rights::FD_TELL
    | rights::FD_FILESTAT_GET
    | rights::FD_FILESTAT_SET_SIZE
    | rights::FD_FILESTAT_SET_TIMES
    | rights::FD_ALLOCATE
    | rights::FD_SYNC
    | rights::FD_DATASYNC
    | rights::FD_ADVISE
    | rights::FD_FDSTAT_SET_FLAGS;

#[test]
fn file_io_seek_stat_flags_and_rights() {
    let dir = scratch("file");
    let mut g = Guest::with_dir(&dir, DirPerms::ReadWrite);
    let fd = g
        .open(3, false, b"f.txt", oflags::CREAT | oflags::EXCL, RW, 0)
        .unwrap();
    assert_eq!(fd, 4);
    assert_eq!(
        g.open(3, false, b"f.txt", oflags::CREAT | oflags::EXCL, RW, 0),
        Err(Errno::EXIST)
    );
    assert_eq!(g.write(fd, b"hello world"), Errno::SUCCESS);
    assert_eq!(g.read_u32(OUT), 11);
    assert_eq!(g.errno("fd_tell", &[i(fd), i(8)]), Errno::SUCCESS);
    assert_eq!(g.read_u64(8), 11);
    assert_eq!(
        g.errno("fd_seek", &[i(fd), l(-5i64 as u64), i(1), i(8)]),
        Errno::SUCCESS
    );
    assert_eq!(g.read_u64(8), 6);
    assert_eq!(g.read(fd).unwrap(), b"world");
    assert_eq!(
        g.errno("fd_seek", &[i(fd), l(0), i(3), i(8)]),
        Errno::INVAL,
        "bad whence"
    );
    assert_eq!(
        g.errno("fd_seek", &[i(fd), l(-1i64 as u64), i(0), i(8)]),
        Errno::INVAL
    );
    // u8/u16 parameters with upper bits set are invalid, not truncated.
    assert_eq!(
        g.errno("fd_seek", &[i(fd), l(0), i(0x100), i(8)]),
        Errno::INVAL
    );
    assert_eq!(
        g.errno("fd_advise", &[i(fd), l(0), l(0), i(0x102)]),
        Errno::INVAL
    );
    assert_eq!(
        g.errno("fd_fdstat_set_flags", &[i(fd), i(0x1_0000)]),
        Errno::INVAL
    );
    assert_eq!(
        g.errno("fd_filestat_set_times", &[i(fd), l(0), l(0), i(0x1_0000)]),
        Errno::INVAL
    );
    // pread/pwrite leave the position alone.
    g.put(1024, b"HELLO");
    g.put(128, &1024u32.to_le_bytes());
    g.put(132, &5u32.to_le_bytes());
    assert_eq!(
        g.errno("fd_pwrite", &[i(fd), i(128), i(1), l(0), i(OUT)]),
        Errno::SUCCESS
    );
    g.put(132, &3u32.to_le_bytes());
    assert_eq!(
        g.errno("fd_pread", &[i(fd), i(128), i(1), l(6), i(OUT)]),
        Errno::SUCCESS
    );
    assert_eq!((g.read_u32(OUT), g.bytes(1024, 3)), (3, b"wor".to_vec()));
    assert_eq!(
        std::fs::read_to_string(dir.join("f.txt")).unwrap(),
        "HELLO world"
    );
    // Size, allocation, times.
    assert_eq!(
        g.errno("fd_filestat_set_size", &[i(fd), l(4)]),
        Errno::SUCCESS
    );
    assert_eq!(
        g.errno("fd_allocate", &[i(fd), l(0), l(100)]),
        Errno::SUCCESS
    );
    assert_eq!(g.errno("fd_filestat_get", &[i(fd), i(256)]), Errno::SUCCESS);
    assert_eq!((g.bytes(256 + 16, 1)[0], g.read_u64(256 + 32)), (4, 100));
    assert_eq!(
        g.errno(
            "fd_filestat_set_times",
            &[i(fd), l(5_000_000_007), l(9_000_000_000), i(1 | 4)]
        ),
        Errno::SUCCESS
    );
    g.errno("fd_filestat_get", &[i(fd), i(256)]);
    assert_eq!(
        (g.read_u64(256 + 40), g.read_u64(256 + 48)),
        (5_000_000_007, 9_000_000_000)
    );
    assert_eq!(
        g.errno("fd_filestat_set_times", &[i(fd), l(1), l(1), i(1 | 2)]),
        Errno::INVAL
    );
    assert_eq!(
        g.errno("fd_advise", &[i(fd), l(0), l(0), i(2)]),
        Errno::SUCCESS
    );
    assert_eq!(
        g.errno("fd_advise", &[i(fd), l(0), l(0), i(6)]),
        Errno::INVAL
    );
    assert_eq!(g.errno("fd_sync", &[i(fd)]), Errno::SUCCESS);
    assert_eq!(g.errno("fd_datasync", &[i(fd)]), Errno::SUCCESS);
    // Flags.
    assert_eq!(
        g.errno(
            "fd_fdstat_set_flags",
            &[i(fd), i(u32::from(fdflags::APPEND))]
        ),
        Errno::SUCCESS
    );
    g.errno("fd_fdstat_get", &[i(fd), i(8)]);
    assert_eq!((g.bytes(8, 1)[0], g.bytes(10, 2)), (4, vec![1, 0]));
    assert_eq!(
        g.errno("fd_fdstat_set_flags", &[i(fd), i(0x100)]),
        Errno::INVAL
    );
    // Rights may only drop.
    assert_eq!(g.read_u64(16), RW);
    assert_eq!(
        g.errno(
            "fd_fdstat_set_rights",
            &[i(fd), l(RW & !rights::FD_WRITE), l(0)]
        ),
        Errno::SUCCESS
    );
    assert_eq!(g.write(fd, b"x"), Errno::NOTCAPABLE);
    assert_eq!(
        g.errno("fd_fdstat_set_rights", &[i(fd), l(RW), l(0)]),
        Errno::NOTCAPABLE
    );
    // A file opened read-only has no write rights whatever was asked.
    let ro = g
        .open(3, false, b"f.txt", 0, rights::FD_READ | rights::FD_SEEK, 0)
        .unwrap();
    assert_eq!(g.write(ro, b"x"), Errno::NOTCAPABLE);
    // Renumber and close.
    assert_eq!(g.errno("fd_renumber", &[i(ro), i(fd)]), Errno::SUCCESS);
    assert_eq!(g.close(ro), Errno::BADF);
    assert_eq!(g.errno("fd_renumber", &[i(fd), i(77)]), Errno::BADF);
    assert_eq!(g.close(fd), Errno::SUCCESS);
    assert_eq!(g.close(fd), Errno::BADF);
    // Files are not directories.
    let f = g.open(3, false, b"f.txt", 0, rights::FD_READ, 0).unwrap();
    assert_eq!(g.open(f, false, b"x", 0, 0, 0), Err(Errno::NOTDIR));
    assert_eq!(g.open(3, false, b"f.txt/x", 0, 0, 0), Err(Errno::NOTDIR));
    assert_eq!(
        g.open(3, false, b"f.txt", oflags::DIRECTORY, 0, 0),
        Err(Errno::NOTDIR)
    );
    assert_eq!(
        g.errno("fd_readdir", &[i(f), i(0), i(10), l(0), i(OUT)]),
        Errno::NOTDIR
    );
    // The preopen asks for no rights it does not have.
    assert_eq!(
        g.open(3, false, b"f.txt", 0, rights::SOCK_ACCEPT, 0),
        Err(Errno::NOTCAPABLE)
    );
}

#[test]
fn prestat_names_the_preopen() {
    let dir = scratch("prestat");
    let mut g = Guest::new(
        WasiCtxBuilder::new()
            .preopened_dir(&dir, "/data", DirPerms::ReadOnly)
            .build()
            .unwrap(),
    );
    assert_eq!(g.errno("fd_prestat_get", &[i(3), i(8)]), Errno::SUCCESS);
    assert_eq!((g.bytes(8, 1)[0], g.read_u32(12)), (0, 5));
    assert_eq!(
        g.errno("fd_prestat_dir_name", &[i(3), i(100), i(4)]),
        Errno::NAMETOOLONG
    );
    assert_eq!(
        g.errno("fd_prestat_dir_name", &[i(3), i(100), i(5)]),
        Errno::SUCCESS
    );
    assert_eq!(g.bytes(100, 5), b"/data");
    assert_eq!(g.errno("fd_prestat_get", &[i(1), i(8)]), Errno::BADF);
    assert_eq!(g.errno("fd_prestat_get", &[i(4), i(8)]), Errno::BADF);
    // The read-only preopen reports what it grants.
    g.errno("fd_fdstat_get", &[i(3), i(8)]);
    assert_eq!(g.bytes(8, 1)[0], 3);
    assert_eq!(g.read_u64(16) & rights::DIR_WRITE, 0);
    assert_ne!(g.read_u64(16) & rights::PATH_OPEN, 0);
}

#[test]
fn readdir_pages_through_with_cookies_and_truncation() {
    let dir = scratch("readdir");
    let mut want: Vec<String> = (0..40)
        .map(|n| format!("file-{n:02}-{}", "x".repeat(n % 7)))
        .collect();
    for n in &want {
        std::fs::write(dir.join(n), "").unwrap();
    }
    std::fs::create_dir(dir.join("subdir")).unwrap();
    want.extend(["subdir".into(), ".".into(), "..".into()]);
    want.sort();
    let mut g = Guest::with_dir(&dir, DirPerms::ReadWrite);
    // Read with a 100-byte buffer as WASI libc does: parse whole entries,
    // resume from the last whole entry's d_next.
    let (mut cookie, mut got, mut calls) = (0u64, Vec::new(), 0);
    loop {
        calls += 1;
        assert_eq!(
            g.errno("fd_readdir", &[i(3), i(2048), i(100), l(cookie), i(OUT)]),
            Errno::SUCCESS
        );
        let used = g.read_u32(OUT);
        let buf = g.bytes(2048, used);
        let mut at = 0usize;
        while at + 24 <= buf.len() {
            let next = u64::from_le_bytes(buf[at..at + 8].try_into().unwrap());
            let len = u32::from_le_bytes(buf[at + 16..at + 20].try_into().unwrap()) as usize;
            if at + 24 + len > buf.len() {
                break; // truncated: read it again from its cookie
            }
            let name = String::from_utf8(buf[at + 24..at + 24 + len].to_vec()).unwrap();
            if name == "subdir" {
                assert_eq!(buf[at + 20], 3, "subdir is a directory");
            }
            got.push(name);
            cookie = next;
            at += 24 + len;
        }
        if used < 100 {
            break;
        }
        assert!(calls < 1000);
    }
    got.sort();
    assert_eq!(got, want);
    assert!(calls > 10, "a 100-byte buffer needs many calls");
    // Past the end: nothing. Too small for one header: a full buffer.
    assert_eq!(
        g.errno("fd_readdir", &[i(3), i(2048), i(100), l(1000), i(OUT)]),
        Errno::SUCCESS
    );
    assert_eq!(g.read_u32(OUT), 0);
    assert_eq!(
        g.errno("fd_readdir", &[i(3), i(2048), i(10), l(0), i(OUT)]),
        Errno::SUCCESS
    );
    assert_eq!(g.read_u32(OUT), 10);
    assert_eq!(
        g.errno("fd_readdir", &[i(3), i(65530), i(100), l(0), i(OUT)]),
        Errno::FAULT
    );
}

#[test]
fn path_operations_and_their_errors() {
    let dir = scratch("paths");
    std::fs::write(dir.join("f"), "data").unwrap();
    let mut g = Guest::with_dir(&dir, DirPerms::ReadWrite);
    assert_eq!(g.path_op("path_create_directory", 3, b"d"), Errno::SUCCESS);
    assert_eq!(g.path_op("path_create_directory", 3, b"d"), Errno::EXIST);
    assert_eq!(
        g.path_op("path_create_directory", 3, b"d/e/"),
        Errno::SUCCESS
    );
    assert_eq!(
        g.path_op("path_create_directory", 3, b"missing/e"),
        Errno::NOENT
    );
    assert_eq!(g.path_op("path_remove_directory", 3, b"d"), Errno::NOTEMPTY);
    assert_eq!(g.path_op("path_remove_directory", 3, b"f"), Errno::NOTDIR);
    assert_eq!(g.path_op("path_unlink_file", 3, b"d"), Errno::ISDIR);
    assert_eq!(g.path_op("path_unlink_file", 3, b"f/"), Errno::NOTDIR);
    assert_eq!(g.path_op("path_unlink_file", 3, b"nothing"), Errno::NOENT);
    assert_eq!(
        g.path_op("path_remove_directory", 3, b"d/e/"),
        Errno::SUCCESS
    );
    assert_eq!(g.rename(3, b"f", b"d/g"), Errno::SUCCESS);
    assert_eq!(std::fs::read_to_string(dir.join("d/g")).unwrap(), "data");
    assert_eq!(g.rename(3, b"d/g", b"d/g/"), Errno::NOTDIR);
    assert_eq!(g.link(3, false, b"d/g", b"hard"), Errno::SUCCESS);
    assert_eq!(g.link(3, false, b"d/g", b"hard"), Errno::EXIST);
    assert_eq!(g.link(3, false, b"d", b"dirlink"), Errno::PERM);
    assert_eq!(g.symlink(b"d/g", 3, b"sym"), Errno::SUCCESS);
    assert_eq!(g.symlink(b"d/g", 3, b"sym"), Errno::EXIST);
    assert_eq!(g.readlink(3, b"sym").unwrap(), b"d/g");
    assert_eq!(g.readlink(3, b"hard"), Err(Errno::INVAL));
    // readlink truncates to the buffer.
    let (p, n) = g.put(guest::SCRATCH, b"sym");
    assert_eq!(
        g.errno("path_readlink", &[i(3), p, n, i(1024), i(2), i(OUT)]),
        Errno::SUCCESS
    );
    assert_eq!((g.read_u32(OUT), g.bytes(1024, 2)), (2, b"d/".to_vec()));
    let ino = g.stat(3, false, b"hard").unwrap();
    assert_eq!(g.stat(3, true, b"sym"), Ok(ino), "following the symlink");
    assert_ne!(g.stat(3, false, b"sym"), Ok(ino), "the symlink itself");
    assert_eq!(g.stat(3, false, b"nothing"), Err(Errno::NOENT));
    assert_eq!(g.stat(3, false, b"hard/"), Err(Errno::NOTDIR));
    assert_eq!(g.set_times(3, true, b"sym", 3_000_000_000), Errno::SUCCESS);
    let mtime = std::fs::metadata(dir.join("d/g"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        mtime,
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(3)
    );
    // Opening: truncation, append, directory flags.
    let fd = g
        .open(3, true, b"sym", oflags::TRUNC, RW, fdflags::APPEND)
        .unwrap();
    assert_eq!(g.write(fd, b"ab"), Errno::SUCCESS);
    assert_eq!(std::fs::read_to_string(dir.join("d/g")).unwrap(), "ab");
    assert_eq!(
        g.open(3, false, b"sym", 0, rights::FD_READ, 0),
        Err(Errno::LOOP)
    );
    assert_eq!(
        g.open(3, false, b"d", oflags::CREAT, rights::FD_WRITE, 0),
        Err(Errno::ISDIR)
    );
    let d = g
        .open_with(
            3,
            false,
            b"d",
            oflags::DIRECTORY,
            rights::PATH_OPEN | rights::FD_READDIR,
            rights::FD_READ,
            0,
        )
        .unwrap();
    assert_eq!(
        g.open(d, false, b"g", 0, rights::FD_READ, 0).map(|_| ()),
        Ok(())
    );
    assert_eq!(
        g.open(d, false, b"g", 0, rights::FD_WRITE, 0),
        Err(Errno::NOTCAPABLE),
        "beyond d's inheriting rights"
    );
    assert_eq!(
        g.path_op("path_create_directory", d, b"x"),
        Errno::NOTCAPABLE,
        "d was opened without the right"
    );
    assert_eq!(
        g.open(3, false, b"d", 0x10, 0, 0),
        Err(Errno::INVAL),
        "unknown oflag"
    );
}

#[test]
fn poll_oneoff_clocks_and_fds() {
    let dir = scratch("poll");
    std::fs::write(dir.join("f"), "data").unwrap();
    let mut g = Guest::with_dir(&dir, DirPerms::ReadWrite);
    let f = g
        .open(
            3,
            false,
            b"f",
            0,
            rights::FD_READ | rights::POLL_FD_READWRITE,
            0,
        )
        .unwrap();
    let clock = |g: &mut Guest, at: u32, userdata: u64, ns: u64| {
        let mut s = [0u8; 48];
        s[0..8].copy_from_slice(&userdata.to_le_bytes());
        s[8] = 0;
        s[16..20].copy_from_slice(&1u32.to_le_bytes());
        s[24..32].copy_from_slice(&ns.to_le_bytes());
        g.put(at, &s);
    };
    let fdsub = |g: &mut Guest, at: u32, userdata: u64, fd: u32| {
        let mut s = [0u8; 48];
        s[0..8].copy_from_slice(&userdata.to_le_bytes());
        s[8] = 1;
        s[16..20].copy_from_slice(&fd.to_le_bytes());
        g.put(at, &s);
    };
    // One clock: sleeps, one event.
    clock(&mut g, 1024, 7, 20_000_000);
    let start = std::time::Instant::now();
    assert_eq!(
        g.errno("poll_oneoff", &[i(1024), i(2048), i(1), i(OUT)]),
        Errno::SUCCESS
    );
    assert!(start.elapsed() >= std::time::Duration::from_millis(20));
    assert_eq!(
        (g.read_u32(OUT), g.read_u64(2048), g.bytes(2048 + 10, 1)[0]),
        (1, 7, 0)
    );
    // A regular file is ready at once; a bad fd reports EBADF; the clock does not fire.
    clock(&mut g, 1024, 1, 10_000_000_000);
    fdsub(&mut g, 1072, 2, f);
    fdsub(&mut g, 1120, 3, 99);
    let start = std::time::Instant::now();
    assert_eq!(
        g.errno("poll_oneoff", &[i(1024), i(2048), i(3), i(OUT)]),
        Errno::SUCCESS
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(g.read_u32(OUT), 2);
    let events: Vec<(u64, u16)> = (0..2)
        .map(|k| {
            (
                g.read_u64(2048 + 32 * k),
                u16::from_le_bytes(g.bytes(2048 + 32 * k + 8, 2).try_into().unwrap()),
            )
        })
        .collect();
    assert!(
        events.contains(&(2, 0)) && events.contains(&(3, Errno::BADF.0)),
        "{events:?}"
    );
    // The file's read event counts the 4 bytes past its position.
    let k = (0..2).find(|&k| g.read_u64(2048 + 32 * k) == 2).unwrap();
    assert_eq!(g.read_u64(2048 + 32 * k + 16), 4, "nbytes");
    assert_eq!(
        g.errno("poll_oneoff", &[i(1024), i(2048), i(0), i(OUT)]),
        Errno::INVAL
    );
    assert_eq!(
        g.errno("poll_oneoff", &[i(1028), i(2048), i(1), i(OUT)]),
        Errno::INVAL,
        "misaligned"
    );
    assert_eq!(
        g.errno("poll_oneoff", &[i(65496), i(2048), i(1), i(OUT)]),
        Errno::FAULT
    );
}

#[test]
fn sockets_on_a_preopened_listener() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut g = Guest::new(
        WasiCtxBuilder::new()
            .tcp_listener(listener)
            .build()
            .unwrap(),
    );
    assert_eq!(
        g.errno("fd_prestat_get", &[i(3), i(8)]),
        Errno::BADF,
        "not a preopened directory"
    );
    assert_eq!(
        g.errno("sock_accept", &[i(1), i(0), i(OUT)]),
        Errno::NOTSOCK
    );
    let client = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.write_all(b"ping").unwrap();
        let mut back = Vec::new();
        s.read_to_end(&mut back).unwrap();
        back
    });
    assert_eq!(
        g.errno("sock_accept", &[i(3), i(0), i(OUT)]),
        Errno::SUCCESS
    );
    let conn = g.read_u32(OUT);
    g.put(128, &1024u32.to_le_bytes());
    g.put(132, &4u32.to_le_bytes());
    assert_eq!(
        g.errno(
            "sock_recv",
            &[i(conn), i(128), i(1), i(2 /* WAITALL */), i(OUT), i(72)]
        ),
        Errno::SUCCESS
    );
    assert_eq!((g.read_u32(OUT), g.bytes(1024, 4)), (4, b"ping".to_vec()));
    g.put(1024, b"pong");
    assert_eq!(
        g.errno("sock_send", &[i(conn), i(128), i(1), i(0), i(OUT)]),
        Errno::SUCCESS
    );
    assert_eq!(g.errno("sock_shutdown", &[i(conn), i(2)]), Errno::SUCCESS);
    assert_eq!(client.join().unwrap(), b"pong");
    assert_eq!(g.errno("sock_shutdown", &[i(conn), i(4)]), Errno::INVAL);
    assert_eq!(
        g.errno("sock_recv", &[i(3), i(128), i(1), i(0), i(OUT), i(72)]),
        Errno::NOTSOCK
    );
}
