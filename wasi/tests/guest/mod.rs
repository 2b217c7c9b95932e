//! A real guest for driving WASI from tests: a module importing every
//! preview1 function and exporting a wasm wrapper `w_<name>` that calls
//! it with its own parameters, plus its memory. Calls therefore go
//! guest → host exactly as a program's do (the host function sees the
//! calling instance and its memory).

#![allow(dead_code)]

use brisk_runtime::{Engine, Error, Instance, Linker, Memory, Module, Store, Val, ValType};
use brisk_wasi::{Errno, WasiCtx, WasiCtxBuilder};

/// Where tests put their strings in guest memory.
pub const SCRATCH: u32 = 4096;
/// Where results (new fds, sizes) are written.
pub const OUT: u32 = 64;

fn ty(t: ValType) -> &'static str {
    if t == ValType::I64 { "i64" } else { "i32" }
}

/// The wrapper module's text.
pub fn wat() -> String {
    let mut imports = String::new();
    let mut funcs = String::new();
    for (name, params, returns) in brisk_wasi::functions() {
        let ps: Vec<&str> = params.iter().map(|&t| ty(t)).collect();
        let result = if returns { "(result i32)" } else { "" };
        imports += &format!(
            "(import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param {}) {result}))\n",
            ps.join(" ")
        );
        let gets: String = (0..params.len())
            .map(|i| format!("(local.get {i}) "))
            .collect();
        funcs += &format!(
            "(func (export \"w_{name}\") (param {}) {result} (call ${name} {gets}))\n",
            ps.join(" ")
        );
    }
    format!("(module\n{imports}(memory (export \"memory\") 1)\n{funcs})")
}

/// One instance of the wrapper module with its own [`WasiCtx`].
pub struct Guest {
    pub store: Store<WasiCtx>,
    pub instance: Instance,
    pub memory: Memory,
}

impl Guest {
    pub fn new(ctx: WasiCtx) -> Guest {
        let engine = Engine::default();
        let module = Module::new(&engine, wat()).expect("wrapper module compiles");
        let mut linker = Linker::new(&engine);
        brisk_wasi::add_to_linker(&mut linker, |c: &mut WasiCtx| c).unwrap();
        let mut store = Store::new(&engine, ctx);
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let memory = instance.get_memory(&mut store, "memory").unwrap();
        Guest {
            store,
            instance,
            memory,
        }
    }

    /// A guest granted only `dir` as a preopen (fd 3).
    pub fn with_dir(dir: &std::path::Path, perms: brisk_wasi::DirPerms) -> Guest {
        Guest::new(
            WasiCtxBuilder::new()
                .preopened_dir(dir, "/", perms)
                .build()
                .unwrap(),
        )
    }

    /// Calls `name` with raw arguments; the errno (0 for none).
    pub fn call(&mut self, name: &str, args: &[Val]) -> Result<Errno, Error> {
        let f = self
            .instance
            .get_func(&mut self.store, &format!("w_{name}"))
            .unwrap_or_else(|| panic!("no function {name}"));
        let mut out = vec![Val::I32(0); f.ty(&self.store).results().len()];
        f.call(&mut self.store, args, &mut out)?;
        Ok(match out.first() {
            Some(Val::I32(e)) => Errno(*e as u16),
            _ => Errno::SUCCESS,
        })
    }

    /// `call` for functions that cannot fail to call.
    pub fn errno(&mut self, name: &str, args: &[Val]) -> Errno {
        self.call(name, args).unwrap()
    }

    /// Writes `bytes` at `at`; returns `(ptr, len)` as wasm values.
    pub fn put(&mut self, at: u32, bytes: &[u8]) -> (Val, Val) {
        self.memory
            .write(&mut self.store, at as usize, bytes)
            .unwrap();
        (Val::I32(at as i32), Val::I32(bytes.len() as i32))
    }

    pub fn read_u32(&self, at: u32) -> u32 {
        let mut b = [0; 4];
        self.memory.read(&self.store, at as usize, &mut b).unwrap();
        u32::from_le_bytes(b)
    }

    pub fn read_u64(&self, at: u32) -> u64 {
        let mut b = [0; 8];
        self.memory.read(&self.store, at as usize, &mut b).unwrap();
        u64::from_le_bytes(b)
    }

    pub fn bytes(&self, at: u32, len: u32) -> Vec<u8> {
        let mut b = vec![0; len as usize];
        self.memory.read(&self.store, at as usize, &mut b).unwrap();
        b
    }

    /// `path_open` asking for no inheriting rights.
    pub fn open(
        &mut self,
        dirfd: u32,
        follow: bool,
        path: &[u8],
        oflags: u16,
        base: u64,
        fdflags: u16,
    ) -> Result<u32, Errno> {
        self.open_with(dirfd, follow, path, oflags, base, 0, fdflags)
    }

    /// `path_open(dirfd, lookup, path, oflags, base, inheriting, fdflags)`:
    /// the new fd or the errno.
    #[allow(clippy::too_many_arguments)]
    pub fn open_with(
        &mut self,
        dirfd: u32,
        follow: bool,
        path: &[u8],
        oflags: u16,
        base: u64,
        inheriting: u64,
        fdflags: u16,
    ) -> Result<u32, Errno> {
        let (p, l) = self.put(SCRATCH, path);
        let e = self.errno(
            "path_open",
            &[
                Val::I32(dirfd as i32),
                Val::I32(follow as i32),
                p,
                l,
                Val::I32(i32::from(oflags)),
                Val::I64(base as i64),
                Val::I64(inheriting as i64),
                Val::I32(i32::from(fdflags)),
                Val::I32(OUT as i32),
            ],
        );
        if e == Errno::SUCCESS {
            Ok(self.read_u32(OUT))
        } else {
            Err(e)
        }
    }

    /// Reads up to 256 bytes from `fd`.
    pub fn read(&mut self, fd: u32) -> Result<Vec<u8>, Errno> {
        // iovec at 128: buffer at 1024, 256 bytes.
        self.put(128, &1024u32.to_le_bytes());
        self.put(132, &256u32.to_le_bytes());
        let e = self.errno(
            "fd_read",
            &[
                Val::I32(fd as i32),
                Val::I32(128),
                Val::I32(1),
                Val::I32(OUT as i32),
            ],
        );
        if e != Errno::SUCCESS {
            return Err(e);
        }
        let n = self.read_u32(OUT);
        Ok(self.bytes(1024, n))
    }

    /// Writes `data` to `fd`.
    pub fn write(&mut self, fd: u32, data: &[u8]) -> Errno {
        self.put(1024, data);
        self.put(128, &1024u32.to_le_bytes());
        self.put(132, &(data.len() as u32).to_le_bytes());
        self.errno(
            "fd_write",
            &[
                Val::I32(fd as i32),
                Val::I32(128),
                Val::I32(1),
                Val::I32(OUT as i32),
            ],
        )
    }

    pub fn close(&mut self, fd: u32) -> Errno {
        self.errno("fd_close", &[Val::I32(fd as i32)])
    }

    /// A function of `(dirfd, path)`: mkdir, rmdir, unlink.
    pub fn path_op(&mut self, func: &str, dirfd: u32, path: &[u8]) -> Errno {
        let (p, l) = self.put(SCRATCH, path);
        self.errno(func, &[Val::I32(dirfd as i32), p, l])
    }

    /// `path_filestat_get`: the inode or the errno.
    pub fn stat(&mut self, dirfd: u32, follow: bool, path: &[u8]) -> Result<u64, Errno> {
        let (p, l) = self.put(SCRATCH, path);
        let e = self.errno(
            "path_filestat_get",
            &[
                Val::I32(dirfd as i32),
                Val::I32(follow as i32),
                p,
                l,
                Val::I32(256),
            ],
        );
        if e == Errno::SUCCESS {
            Ok(self.read_u64(256 + 8))
        } else {
            Err(e)
        }
    }

    pub fn rename(&mut self, dirfd: u32, old: &[u8], new: &[u8]) -> Errno {
        let (op, ol) = self.put(SCRATCH, old);
        let (np, nl) = self.put(SCRATCH + 2048, new);
        self.errno(
            "path_rename",
            &[
                Val::I32(dirfd as i32),
                op,
                ol,
                Val::I32(dirfd as i32),
                np,
                nl,
            ],
        )
    }

    pub fn symlink(&mut self, target: &[u8], dirfd: u32, new: &[u8]) -> Errno {
        let (tp, tl) = self.put(SCRATCH, target);
        let (np, nl) = self.put(SCRATCH + 2048, new);
        self.errno("path_symlink", &[tp, tl, Val::I32(dirfd as i32), np, nl])
    }

    pub fn link(&mut self, dirfd: u32, follow: bool, old: &[u8], new: &[u8]) -> Errno {
        let (op, ol) = self.put(SCRATCH, old);
        let (np, nl) = self.put(SCRATCH + 2048, new);
        self.errno(
            "path_link",
            &[
                Val::I32(dirfd as i32),
                Val::I32(follow as i32),
                op,
                ol,
                Val::I32(dirfd as i32),
                np,
                nl,
            ],
        )
    }

    pub fn readlink(&mut self, dirfd: u32, path: &[u8]) -> Result<Vec<u8>, Errno> {
        let (p, l) = self.put(SCRATCH, path);
        let e = self.errno(
            "path_readlink",
            &[
                Val::I32(dirfd as i32),
                p,
                l,
                Val::I32(1024),
                Val::I32(256),
                Val::I32(OUT as i32),
            ],
        );
        if e != Errno::SUCCESS {
            return Err(e);
        }
        let n = self.read_u32(OUT);
        Ok(self.bytes(1024, n))
    }

    /// `path_filestat_set_times` to mtime = atime = `t` ns.
    pub fn set_times(&mut self, dirfd: u32, follow: bool, path: &[u8], t: u64) -> Errno {
        let (p, l) = self.put(SCRATCH, path);
        self.errno(
            "path_filestat_set_times",
            &[
                Val::I32(dirfd as i32),
                Val::I32(follow as i32),
                p,
                l,
                Val::I64(t as i64),
                Val::I64(t as i64),
                Val::I32(1 | 4),
            ],
        )
    }
}
