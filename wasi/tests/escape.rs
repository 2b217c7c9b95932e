//! Escape attempts against the WASI filesystem sandbox, each asserting
//! the exact errno and that nothing outside the preopen was read,
//! created, changed or removed. Every attempt runs twice: with the
//! kernel's `openat2(RESOLVE_BENEATH)` and with brisk's own
//! component-by-component walk (the fallback for kernels without it).
//!
//! Layout (under cargo's per-crate temp folder):
//!
//! ```text
//! <case>/outside.txt            "OUTSIDE"
//! <case>/outside_dir/target.txt "OUTSIDE"
//! <case>/box/                   the preopen (fd 3)
//!     inside.txt "inside"   sub/   sub/target.txt "inside"
//!     abs -> <case>/outside.txt     rel -> ../outside.txt
//!     up -> ..                      deep -> sub/../../outside_dir
//!     c1 -> c2 -> c3 -> ../outside.txt     ok1 -> ok2 -> inside.txt
//!     loop1 <-> loop2
//!     dangle -> ../created.txt      dangle_abs -> <case>/created.txt
//! ```

mod guest;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use brisk_wasi::abi::{oflags, rights};
use brisk_wasi::sandbox::{Resolver, set_resolver};
use brisk_wasi::{DirPerms, Errno, WasiCtxBuilder};
use guest::Guest;

const READ: u64 = rights::FD_READ;

fn layout(case: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("escape")
        .join(case);
    let _ = std::fs::remove_dir_all(&root);
    let b = root.join("box");
    std::fs::create_dir_all(b.join("sub")).unwrap();
    std::fs::create_dir_all(root.join("outside_dir")).unwrap();
    std::fs::write(root.join("outside.txt"), "OUTSIDE").unwrap();
    std::fs::write(root.join("outside_dir/target.txt"), "OUTSIDE").unwrap();
    std::fs::write(b.join("inside.txt"), "inside").unwrap();
    std::fs::write(b.join("sub/target.txt"), "inside").unwrap();
    symlink(root.join("outside.txt"), b.join("abs")).unwrap();
    symlink("../outside.txt", b.join("rel")).unwrap();
    symlink("..", b.join("up")).unwrap();
    symlink("sub/../../outside_dir", b.join("deep")).unwrap();
    symlink("c2", b.join("c1")).unwrap();
    symlink("c3", b.join("c2")).unwrap();
    symlink("../outside.txt", b.join("c3")).unwrap();
    symlink("ok2", b.join("ok1")).unwrap();
    symlink("inside.txt", b.join("ok2")).unwrap();
    symlink("loop2", b.join("loop1")).unwrap();
    symlink("../created.txt", b.join("dangle")).unwrap();
    symlink(root.join("created.txt"), b.join("dangle_abs")).unwrap();
    symlink("loop1", b.join("loop2")).unwrap();
    root
}

/// Runs `f` under each resolver.
fn both(case: &str, f: impl Fn(&Path, &mut Guest)) {
    for r in [Resolver::Auto, Resolver::Walk] {
        let root = layout(&format!("{case}-{r:?}"));
        set_resolver(r);
        let mut g = Guest::with_dir(&root.join("box"), DirPerms::ReadWrite);
        f(&root, &mut g);
        set_resolver(Resolver::Auto);
        // Nothing outside changed.
        assert_eq!(
            std::fs::read_to_string(root.join("outside.txt")).unwrap(),
            "OUTSIDE",
            "{r:?}"
        );
        let names: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names.len(),
            3,
            "{r:?}: something created next to the preopen: {names:?}"
        );
    }
}

fn opens(g: &mut Guest, path: &str) -> Result<Vec<u8>, Errno> {
    let fd = g.open(3, true, path.as_bytes(), 0, READ, 0)?;
    let data = g.read(fd);
    g.close(fd);
    data
}

#[test]
fn dotdot_cannot_leave_the_preopen() {
    both("dotdot", |_, g| {
        assert_eq!(opens(g, "../outside.txt"), Err(Errno::NOTCAPABLE));
        assert_eq!(opens(g, "sub/../../outside.txt"), Err(Errno::NOTCAPABLE));
        assert_eq!(opens(g, "sub/../../box/inside.txt"), Err(Errno::NOTCAPABLE));
        assert_eq!(opens(g, ".."), Err(Errno::NOTCAPABLE));
        assert_eq!(opens(g, "sub/../inside.txt").unwrap(), b"inside");
        assert_eq!(opens(g, "./sub/./target.txt").unwrap(), b"inside");
        assert_eq!(g.stat(3, false, b".."), Err(Errno::NOTCAPABLE));
        assert_eq!(g.stat(3, false, b"sub/../.."), Err(Errno::NOTCAPABLE));
        assert_eq!(
            g.path_op("path_create_directory", 3, b"../made"),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.path_op("path_unlink_file", 3, b"../outside.txt"),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.path_op("path_remove_directory", 3, b"../outside_dir"),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.rename(3, b"inside.txt", b"../stolen.txt"),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.rename(3, b"../outside.txt", b"got.txt"),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.link(3, false, b"../outside.txt", b"hard"),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.symlink(b"inside.txt", 3, b"../planted"),
            Errno::NOTCAPABLE
        );
        assert_eq!(g.readlink(3, b"../x"), Err(Errno::NOTCAPABLE));
        assert_eq!(
            g.set_times(3, true, b"../outside.txt", 0),
            Errno::NOTCAPABLE
        );
    });
}

#[test]
fn absolute_paths_are_refused() {
    both("absolute", |root, g| {
        let outside = root.join("outside.txt");
        let outside = outside.to_str().unwrap();
        assert_eq!(opens(g, outside), Err(Errno::NOTCAPABLE));
        assert_eq!(opens(g, "/etc/passwd"), Err(Errno::NOTCAPABLE));
        assert_eq!(opens(g, "/"), Err(Errno::NOTCAPABLE));
        assert_eq!(g.stat(3, false, outside.as_bytes()), Err(Errno::NOTCAPABLE));
        assert_eq!(
            g.path_op("path_unlink_file", 3, outside.as_bytes()),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.path_op("path_create_directory", 3, b"/tmp/brisk-escape"),
            Errno::NOTCAPABLE
        );
        // An absolute symlink target is not planted either.
        assert_eq!(
            g.symlink(outside.as_bytes(), 3, b"newlink"),
            Errno::NOTCAPABLE
        );
    });
}

#[test]
fn symlinks_pointing_outside_are_refused() {
    both("symlinks", |root, g| {
        for path in [
            "abs",
            "rel",
            "up/outside.txt",
            "deep/target.txt",
            "sub/../rel",
            "up/box/inside.txt",
        ] {
            assert_eq!(opens(g, path), Err(Errno::NOTCAPABLE), "{path}");
            assert_eq!(
                g.stat(3, true, path.as_bytes()),
                Err(Errno::NOTCAPABLE),
                "stat {path}"
            );
        }
        // Not following the last component: the link itself, which is inside.
        assert_eq!(g.open(3, false, b"abs", 0, READ, 0), Err(Errno::LOOP));
        assert!(g.stat(3, false, b"abs").is_ok());
        assert_eq!(g.readlink(3, b"rel").unwrap(), b"../outside.txt");
        // Through a directory symlink the lookup never follows, even without the flag.
        assert_eq!(
            g.open(3, false, b"up/outside.txt", 0, READ, 0),
            Err(Errno::NOTCAPABLE)
        );
        assert_eq!(g.link(3, true, b"rel", b"hard"), Errno::NOTCAPABLE);
        assert_eq!(g.set_times(3, true, b"rel", 0), Errno::NOTCAPABLE);
        assert_eq!(
            g.set_times(3, false, b"deep/target.txt", 0),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.path_op("path_create_directory", 3, b"up/made"),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.path_op("path_unlink_file", 3, b"deep/target.txt"),
            Errno::NOTCAPABLE
        );
        assert_eq!(
            g.rename(3, b"inside.txt", b"deep/stolen"),
            Errno::NOTCAPABLE
        );
        // Creating through a dangling-outside link does not create outside.
        assert_eq!(
            g.open(3, true, b"up/new.txt", oflags::CREAT, rights::FD_WRITE, 0),
            Err(Errno::NOTCAPABLE)
        );
        assert!(root.join("outside_dir/target.txt").exists());
        assert!(!root.join("new.txt").exists());
        // Creating through a dangling symlink whose target is outside.
        for link in ["dangle", "dangle_abs"] {
            let got = g.open(3, true, link.as_bytes(), oflags::CREAT, rights::FD_WRITE, 0);
            assert_eq!(got, Err(Errno::NOTCAPABLE), "{link}");
        }
        assert!(!root.join("created.txt").exists());
    });
}

#[test]
fn symlink_chains_resolve_inside_and_loops_stop() {
    both("chains", |_, g| {
        assert_eq!(opens(g, "c1"), Err(Errno::NOTCAPABLE));
        assert_eq!(opens(g, "ok1").unwrap(), b"inside");
        assert_eq!(opens(g, "loop1"), Err(Errno::LOOP));
        assert_eq!(g.stat(3, true, b"loop1"), Err(Errno::LOOP));
        assert_eq!(g.stat(3, true, b"c1"), Err(Errno::NOTCAPABLE));
    });
}

#[test]
fn nul_bytes_bad_utf8_and_long_paths_get_their_errno() {
    both("names", |_, g| {
        assert_eq!(opens(g, "inside.txt\0"), Err(Errno::INVAL));
        assert_eq!(opens(g, "\0../outside.txt"), Err(Errno::INVAL));
        assert_eq!(
            g.open(3, true, b"inside\xff.txt", 0, READ, 0),
            Err(Errno::ILSEQ)
        );
        assert_eq!(opens(g, &"a/".repeat(2048)), Err(Errno::NAMETOOLONG));
        assert_eq!(opens(g, &"x".repeat(300)), Err(Errno::NAMETOOLONG));
        assert_eq!(opens(g, ""), Err(Errno::NOENT));
        assert_eq!(g.path_op("path_create_directory", 3, b"a\0b"), Errno::INVAL);
        assert_eq!(g.symlink(b"inside.txt\0", 3, b"l"), Errno::INVAL);
    });
}

#[test]
fn a_read_only_preopen_refuses_writes_creates_and_unlinks() {
    let root = layout("read-only");
    let mut g = Guest::with_dir(&root.join("box"), DirPerms::ReadOnly);
    let cap = Err(Errno::NOTCAPABLE);
    assert_eq!(g.open(3, true, b"inside.txt", 0, rights::FD_WRITE, 0), cap);
    assert_eq!(
        g.open(
            3,
            true,
            b"inside.txt",
            0,
            READ,
            brisk_wasi::abi::fdflags::APPEND
        ),
        cap
    );
    assert_eq!(g.open(3, true, b"new.txt", oflags::CREAT, READ, 0), cap);
    assert_eq!(g.open(3, true, b"inside.txt", oflags::TRUNC, READ, 0), cap);
    assert_eq!(
        g.path_op("path_unlink_file", 3, b"inside.txt"),
        Errno::NOTCAPABLE
    );
    assert_eq!(
        g.path_op("path_create_directory", 3, b"made"),
        Errno::NOTCAPABLE
    );
    assert_eq!(
        g.path_op("path_remove_directory", 3, b"sub"),
        Errno::NOTCAPABLE
    );
    assert_eq!(g.rename(3, b"inside.txt", b"moved.txt"), Errno::NOTCAPABLE);
    assert_eq!(g.symlink(b"inside.txt", 3, b"l"), Errno::NOTCAPABLE);
    assert_eq!(g.link(3, false, b"inside.txt", b"hard"), Errno::NOTCAPABLE);
    assert_eq!(g.set_times(3, false, b"inside.txt", 0), Errno::NOTCAPABLE);
    // Reading works, and a subdirectory opened through it is read-only too.
    assert_eq!(opens(&mut g, "inside.txt").unwrap(), b"inside");
    let fd = g.open(3, true, b"inside.txt", 0, READ, 0).unwrap();
    assert_eq!(g.write(fd, b"x"), Errno::NOTCAPABLE);
    let sub = g.open(
        3,
        true,
        b"sub",
        oflags::DIRECTORY,
        rights::PATH_OPEN | rights::PATH_UNLINK_FILE,
        0,
    );
    assert_eq!(sub, cap, "a read-only preopen grants no unlink right");
    let sub = g
        .open(3, true, b"sub", oflags::DIRECTORY, rights::PATH_OPEN, 0)
        .unwrap();
    assert_eq!(
        g.open(sub, true, b"target.txt", 0, rights::FD_WRITE, 0),
        cap
    );
    assert_eq!(
        g.path_op("path_unlink_file", sub, b"target.txt"),
        Errno::NOTCAPABLE
    );
    assert_eq!(
        std::fs::read_to_string(root.join("box/inside.txt")).unwrap(),
        "inside"
    );
    assert!(root.join("box/sub/target.txt").exists());
    assert!(!root.join("box/new.txt").exists());
}

#[test]
fn with_no_preopen_nothing_opens() {
    let mut g = Guest::new(WasiCtxBuilder::new().build().unwrap());
    for fd in 0..3 {
        assert_eq!(
            g.open(fd, true, b"x", 0, READ, 0),
            Err(Errno::NOTDIR),
            "fd {fd}"
        );
    }
    for fd in 3..10 {
        assert_eq!(
            g.open(fd, true, b"etc/passwd", 0, READ, 0),
            Err(Errno::BADF)
        );
        assert_eq!(g.stat(fd, true, b"."), Err(Errno::BADF));
    }
    assert_eq!(
        g.errno(
            "fd_prestat_get",
            &[brisk_runtime::Val::I32(3), brisk_runtime::Val::I32(0)]
        ),
        Errno::BADF
    );
}

/// A directory entry flips between a real directory and a symlink to
/// outside (by `renameat2(RENAME_EXCHANGE)`, so the name always exists)
/// while the guest opens and stats through it in a loop: no open may
/// ever read the outside file and no stat may report its inode.
#[test]
fn a_symlink_swapped_in_during_the_call_never_escapes() {
    for r in [Resolver::Auto, Resolver::Walk] {
        let root = layout(&format!("swap-{r:?}"));
        let b = root.join("box");
        std::fs::create_dir(b.join("flip")).unwrap();
        std::fs::write(b.join("flip/target.txt"), "inside").unwrap();
        symlink("../outside_dir", b.join("other")).unwrap();
        let outside_ino = std::os::unix::fs::MetadataExt::ino(
            &std::fs::metadata(root.join("outside_dir/target.txt")).unwrap(),
        );

        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flipper = {
            let (stop, b) = (stop.clone(), b.clone());
            std::thread::spawn(move || {
                let dir =
                    rustix::fs::open(&b, rustix::fs::OFlags::DIRECTORY, rustix::fs::Mode::empty())
                        .unwrap();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    rustix::fs::renameat_with(
                        &dir,
                        "flip",
                        &dir,
                        "other",
                        rustix::fs::RenameFlags::EXCHANGE,
                    )
                    .unwrap();
                }
            })
        };
        set_resolver(r);
        let mut g = Guest::with_dir(&b, DirPerms::ReadWrite);
        let (mut inside, mut refused) = (0, 0);
        let start = std::time::Instant::now();
        for i in 0.. {
            if (inside > 50 && refused > 50 && i > 2000) || start.elapsed().as_secs() > 20 {
                break;
            }
            match opens(&mut g, "flip/target.txt") {
                Ok(data) => {
                    assert_eq!(data, b"inside", "{r:?}: read through a swapped-in symlink");
                    inside += 1;
                }
                Err(e) => {
                    assert!(
                        matches!(e, Errno::NOTCAPABLE | Errno::NOENT | Errno::NOTDIR),
                        "{r:?}: {e:?}"
                    );
                    refused += 1;
                }
            }
            if let Ok(ino) = g.stat(3, true, b"flip/target.txt") {
                assert_ne!(ino, outside_ino, "{r:?}: stat reached the outside file");
            }
        }
        set_resolver(Resolver::Auto);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        flipper.join().unwrap();
        assert!(
            inside > 0 && refused > 0,
            "{r:?}: the race did not happen ({inside} in, {refused} refused)"
        );
    }
}
