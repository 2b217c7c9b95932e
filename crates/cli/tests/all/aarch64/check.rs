//! What the aarch64 tests check in an artifact: its ELF header, its
//! symbols and tables (read here byte by byte, independently of brisk's
//! own reader), and the disassembly `aarch64-linux-gnu-objdump` makes of
//! every function symbol.
//!
//! A function's bytes must all be real aarch64 instructions, except the
//! data Cranelift places inside a function on purpose: literal pools
//! (constants an `ldr <reg>, <label>` of the same function loads) and
//! `br_table` jump tables (the words after an `adr`/`br` sequence, each
//! an offset to an instruction of the function), and the zero words that
//! align (fewer than four, before a literal pool or at the end of a
//! symbol). Cranelift's traps are
//! `udf #0xc11f`. Every site of the artifact's trap table must be such a
//! `udf` or a load or store (an access that can fault on a guard page).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::Command;

/// `e_machine` of AArch64.
const EM_AARCH64: u16 = 183;
/// The word Cranelift emits for every trap on aarch64: `udf #0xc11f`.
const TRAP_UDF: &str = "#49439";

/// The objdump for aarch64; panics with what to install if it is missing.
pub fn objdump() -> &'static str {
    const OBJDUMP: &str = "aarch64-linux-gnu-objdump";
    match Command::new(OBJDUMP).arg("--version").output() {
        Ok(out) if out.status.success() => OBJDUMP,
        _ => panic!(
            "{OBJDUMP} is needed for the aarch64 tests: install the Debian package \
             binutils-aarch64-linux-gnu (apt-get install binutils-aarch64-linux-gnu)"
        ),
    }
}

/// One `STT_FUNC` symbol.
#[derive(Debug)]
struct Symbol {
    name: String,
    addr: u64,
    size: u64,
}

/// The parts of the artifact the checks use.
#[derive(Debug)]
struct Elf {
    symbols: Vec<Symbol>,
    /// Per defined function: (address, length, trap site addresses).
    functions: Vec<(u64, u64, Vec<u64>)>,
}

fn u16_at(b: &[u8], at: usize) -> Result<u16, String> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes(s.try_into().unwrap()))
        .ok_or_else(|| format!("truncated at {at:#x}"))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, String> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes(s.try_into().unwrap()))
        .ok_or_else(|| format!("truncated at {at:#x}"))
}

fn u64_at(b: &[u8], at: usize) -> Result<u64, String> {
    b.get(at..at + 8)
        .map(|s| u64::from_le_bytes(s.try_into().unwrap()))
        .ok_or_else(|| format!("truncated at {at:#x}"))
}

fn c_str(b: &[u8], at: usize) -> Result<String, String> {
    let rest = b.get(at..).ok_or("string outside its table")?;
    let end = rest
        .iter()
        .position(|&c| c == 0)
        .ok_or("unterminated string")?;
    Ok(String::from_utf8_lossy(&rest[..end]).into_owned())
}

/// Checks the ELF header (ELF64, little-endian, `ET_DYN`, `EM_AARCH64`)
/// and reads the function symbols and brisk's function and trap tables.
fn read_elf(b: &[u8]) -> Result<Elf, String> {
    if b.get(..4) != Some(b"\x7fELF") {
        return Err("no ELF magic".into());
    }
    if (b[4], b[5]) != (2, 1) {
        return Err(format!(
            "class {} data {}: not ELF64 little-endian",
            b[4], b[5]
        ));
    }
    let (e_type, e_machine) = (u16_at(b, 16)?, u16_at(b, 18)?);
    if e_type != 3 || e_machine != EM_AARCH64 {
        return Err(format!(
            "e_type {e_type}, e_machine {e_machine}: not an aarch64 ET_DYN"
        ));
    }
    let shoff = u64_at(b, 0x28)? as usize;
    let shnum = u16_at(b, 0x3c)? as usize;
    let shstrndx = u16_at(b, 0x3e)? as usize;
    // (name offset, type, addr, offset, size, link) of each section.
    let mut headers = Vec::with_capacity(shnum);
    for i in 0..shnum {
        let h = shoff + i * 64;
        headers.push((
            u32_at(b, h)? as usize,
            u32_at(b, h + 4)?,
            u64_at(b, h + 16)?,
            u64_at(b, h + 24)? as usize,
            u64_at(b, h + 32)? as usize,
            u32_at(b, h + 40)? as usize,
        ));
    }
    let shstr = headers.get(shstrndx).ok_or("no section name table")?.3;
    let mut sections = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        sections.insert(c_str(b, shstr + h.0)?, i);
    }
    let section = |name: &str| -> Result<_, String> {
        let i = *sections.get(name).ok_or(format!("no {name} section"))?;
        let h = headers[i];
        let data = b
            .get(h.3..h.3 + h.4)
            .ok_or(format!("{name} outside the file"))?;
        Ok((h, data))
    };
    let (symtab, syms) = section(".symtab")?;
    let strtab = headers.get(symtab.5).ok_or("no .strtab")?.3;
    let mut symbols = Vec::new();
    for s in syms.chunks_exact(24).skip(1) {
        if s[4] & 0xf == 2 {
            symbols.push(Symbol {
                name: c_str(b, strtab + u32_at(s, 0)? as usize)?,
                addr: u64_at(s, 8)?,
                size: u64_at(s, 16)?,
            });
        }
    }
    let (text, _) = section(".text")?;
    let (_, funcs) = section(".brisk.funcs")?;
    let (_, traps) = section(".brisk.traps")?;
    let mut functions = Vec::new();
    for f in funcs.chunks_exact(28) {
        let (start, len) = (u32_at(f, 0)? as u64, u32_at(f, 4)? as u64);
        let (first, count) = (u32_at(f, 12)? as usize, u32_at(f, 16)? as usize);
        let addr = text.2 + start;
        let sites = (first..first + count)
            .map(|t| Ok(addr + u32_at(traps, t * 8)? as u64))
            .collect::<Result<_, String>>()?;
        functions.push((addr, len, sites));
    }
    Ok(Elf { symbols, functions })
}

/// One disassembled word: mnemonic and operands as objdump prints them.
#[derive(Debug)]
struct Word {
    raw: u32,
    mnemonic: String,
    operands: String,
}

/// `objdump -d -z` output: the address of each `<name>:` block, and every
/// word by address.
fn parse_objdump(text: &str) -> (HashMap<String, u64>, BTreeMap<u64, Word>) {
    let (mut blocks, mut words) = (HashMap::new(), BTreeMap::new());
    for line in text.lines() {
        if let Some((addr, rest)) = line.split_once(" <")
            && let Some(name) = rest.strip_suffix(">:")
            && let Ok(addr) = u64::from_str_radix(addr, 16)
        {
            blocks.insert(name.to_string(), addr);
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(addr), Some(raw), Some(mnemonic)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Ok(raw) = u32::from_str_radix(raw.trim(), 16) else {
            continue;
        };
        let Some(Ok(addr)) = addr
            .trim()
            .strip_suffix(':')
            .map(|a| u64::from_str_radix(a, 16))
        else {
            continue;
        };
        let operands = parts.next().unwrap_or("").trim().to_string();
        let mnemonic = mnemonic.trim().to_string();
        words.insert(
            addr,
            Word {
                raw,
                mnemonic,
                operands,
            },
        );
    }
    (blocks, words)
}

/// What the disassembly held.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Disassembly {
    /// Function symbols (wasm functions and trampolines).
    pub functions: usize,
    /// Entries of the artifact's function table (defined wasm functions).
    pub wasm_functions: usize,
    /// Words that are aarch64 instructions (traps included).
    pub instructions: usize,
    /// `udf #0xc11f` trap words.
    pub trap_words: usize,
    /// Literal-pool and jump-table words.
    pub data_words: usize,
    /// Zero words aligning a literal pool.
    pub padding_words: usize,
    /// Entries of the artifact's trap table.
    pub trap_sites: usize,
}

impl std::ops::AddAssign for Disassembly {
    fn add_assign(&mut self, o: Disassembly) {
        self.functions += o.functions;
        self.wasm_functions += o.wasm_functions;
        self.instructions += o.instructions;
        self.trap_words += o.trap_words;
        self.data_words += o.data_words;
        self.padding_words += o.padding_words;
        self.trap_sites += o.trap_sites;
    }
}

/// The address an `ldr`/`ldrsw` literal load reads, and how many bytes.
fn literal(w: &Word) -> Option<(u64, u64)> {
    let width = match (w.mnemonic.as_str(), w.operands.chars().next()?) {
        ("ldr", 'q') => 16,
        ("ldr", 'd' | 'x') => 8,
        ("ldr", 's' | 'w') | ("ldrsw", _) => 4,
        _ => return None,
    };
    Some((label(&w.operands)?, width))
}

/// The address in operands `reg, ADDR <symbol+offset>`.
fn label(operands: &str) -> Option<u64> {
    let (_, target) = operands.split_once(", ")?;
    let (target, _) = target.split_once(" <")?;
    u64::from_str_radix(target, 16).ok()
}

/// Checks one function's words; see the module docs.
fn check_function(sym: &Symbol, words: &BTreeMap<u64, Word>) -> Result<Disassembly, String> {
    let name = &sym.name;
    let (start, end) = (sym.addr, sym.addr + sym.size);
    if sym.size == 0 || !sym.size.is_multiple_of(4) {
        return Err(format!("{name}: size {}", sym.size));
    }
    let body: Vec<(u64, &Word)> = words.range(start..end).map(|(&a, w)| (a, w)).collect();
    if body.len() as u64 != sym.size / 4 {
        return Err(format!(
            "{name}: objdump shows {} words of {}",
            body.len(),
            sym.size / 4
        ));
    }
    let is_insn = |w: &Word| w.mnemonic != ".inst" && w.mnemonic != "udf";
    let mut data = HashSet::new();
    // Pools and tables follow the code that uses them, so a word already
    // known as data is not read as a load or an `adr` (data can look like
    // one).
    for (i, &(addr, w)) in body.iter().enumerate() {
        if data.contains(&addr) {
            continue;
        }
        if let Some((target, width)) = literal(w) {
            if target < start || target + width > end {
                return Err(format!("{name}: literal at {addr:#x} outside the function"));
            }
            data.extend((target..target + width).step_by(4));
        }
        // Jump table: `adr xN, T` ... `br`, then offsets from T.
        if w.mnemonic == "adr"
            && body[i + 1..]
                .iter()
                .take(4)
                .any(|(_, w)| w.mnemonic == "br")
        {
            let table = label(&w.operands)
                .ok_or_else(|| format!("{name}: cannot read `adr {}`", w.operands))?;
            // Entries are signed offsets from the table to an instruction
            // of the function; the first word that is not one ends it.
            let mut entry = table;
            while let Some(w) = words.get(&entry).filter(|w| entry < end && !is_insn(w)) {
                let dest = table.wrapping_add_signed(i64::from(w.raw as i32));
                let lands = (start..end).contains(&dest) && words.get(&dest).is_some_and(is_insn);
                if !w.raw.is_multiple_of(4) || !lands {
                    break;
                }
                data.insert(entry);
                entry += 4;
            }
            if entry == table {
                return Err(format!("{name}: empty jump table at {table:#x}"));
            }
        }
    }
    let mut d = Disassembly {
        functions: 1,
        ..Disassembly::default()
    };
    let zero = |w: &Word| w.mnemonic == "udf" && w.operands == "#0";
    for (i, &(addr, w)) in body.iter().enumerate() {
        // Zeros that align: up to three words before a literal pool, or
        // at the end of a symbol whose size runs to the next one's
        // aligned start (trampolines).
        let padding = || {
            let next = body[i..].iter().find(|(a, w)| data.contains(a) || !zero(w));
            match next {
                Some(&(a, _)) => data.contains(&a) && a - addr < 16,
                None => end - addr < 16,
            }
        };
        if data.contains(&addr) {
            d.data_words += 1;
        } else if zero(w) && padding() {
            d.padding_words += 1;
        } else if is_insn(w) {
            d.instructions += 1;
        } else if w.mnemonic == "udf" && w.operands == TRAP_UDF {
            d.instructions += 1;
            d.trap_words += 1;
        } else {
            return Err(format!(
                "{name}: the word at {addr:#x} is `{} {}`: neither an instruction nor data \
                 the function loads",
                w.mnemonic, w.operands
            ));
        }
    }
    if d.instructions == 0 {
        return Err(format!("{name}: no instructions"));
    }
    Ok(d)
}

/// Checks the artifact at `path` (see the module docs); `objdump` is the
/// aarch64 objdump.
pub fn check_artifact(objdump: &str, path: &Path) -> Result<Disassembly, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let elf = read_elf(&bytes)?;
    let out = Command::new(objdump)
        .args(["-d", "-z"])
        .arg(path)
        .output()
        .map_err(|e| format!("{objdump}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{objdump} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let (blocks, words) = parse_objdump(&String::from_utf8_lossy(&out.stdout));
    let mut total = Disassembly::default();
    for sym in &elf.symbols {
        if blocks.get(&sym.name) != Some(&sym.addr) {
            return Err(format!("no `<{}>:` block at {:#x}", sym.name, sym.addr));
        }
        total += check_function(sym, &words)?;
    }
    for (addr, len, sites) in &elf.functions {
        if !elf
            .symbols
            .iter()
            .any(|s| s.addr == *addr && s.size == *len)
        {
            return Err(format!("function at {addr:#x} ({len} bytes) has no symbol"));
        }
        for site in sites {
            let w = words
                .get(site)
                .ok_or(format!("trap site {site:#x} not a word"))?;
            let traps = w.mnemonic == "udf" && w.operands == TRAP_UDF;
            let access = w.mnemonic.starts_with("ld") || w.mnemonic.starts_with("st");
            if !traps && !access {
                return Err(format!(
                    "trap site {site:#x} is `{} {}`, neither a trap nor a memory access",
                    w.mnemonic, w.operands
                ));
            }
            total.trap_sites += 1;
        }
    }
    total.wasm_functions = elf.functions.len();
    Ok(total)
}
