//! Writing and reading the artifact's ELF container (layout in the
//! [module docs](super)).
//!
//! Written with `object`'s low-level ELF writer, which lays out exactly
//! the headers and sections we reserve: an `ET_DYN` file whose virtual
//! addresses equal its file offsets, `.text` on a page boundary (4 KiB on
//! x86-64, 64 KiB on aarch64, whose kernels may use 64 KiB pages) so the
//! loader can map it executable in place, and one local `STT_FUNC` symbol
//! per function and trampoline so `readelf -s` and `objdump -d` show the
//! code by name. No system linker and no relocations are involved.
//!
//! Reading goes through `object`'s bounds-checked header accessors: every
//! section we use must exist, have file contents and lie inside the file,
//! and the ELF class, byte order, type and machine must be the ones we
//! write. The declarations, the tables and the places of `.text` and the
//! memory image must hash to the metadata's `sections-sha256`
//! ([`sections_hash`]), so damage that still decodes is refused too.

use object::elf;
use object::read::elf::{FileHeader as _, SectionHeader as _};
use object::write::elf::{FileHeader, ProgramHeader, SectionHeader, Sym, Writer};
use object::{Endianness, LittleEndian};
use sha2::{Digest, Sha256};

use super::images::{self, Image};
use super::tables::{TableBytes, Tables};
use super::{ArtifactError, ArtifactInfo};
use crate::CompileError;
use crate::code_info::FunctionCode;

pub(crate) const META: &[u8] = b".brisk.meta";
pub(crate) const WASM: &[u8] = b".brisk.wasm";
pub(crate) const FUNCS: &[u8] = b".brisk.funcs";
pub(crate) const TRAPS: &[u8] = b".brisk.traps";
pub(crate) const ADDRMAP: &[u8] = b".brisk.addrmap";
pub(crate) const TEXT: &[u8] = b".text";
pub(crate) const IMAGES: &[u8] = b".brisk.images";
pub(crate) const IMAGE: &[u8] = b".brisk.image";

/// What goes into an artifact.
pub(crate) struct Parts<'a> {
    pub info: &'a ArtifactInfo,
    pub module: &'a brisk_parser::Module<'a>,
    pub declarations: &'a [u8],
    pub tables: &'a Tables,
    pub text: &'a [u8],
    pub functions: &'a [FunctionCode],
    pub images: &'a [Image],
}

/// The ELF machine and the alignment of `.text` for a target triple.
fn machine(target: &str) -> Result<(u16, usize), String> {
    if target.starts_with("x86_64-") {
        Ok((elf::EM_X86_64, 0x1000))
    } else if target.starts_with("aarch64-") {
        Ok((elf::EM_AARCH64, 0x10000))
    } else {
        Err(format!("no ELF machine for target `{target}`"))
    }
}

/// An ELF symbol name: the function's name from the `name` section, or
/// `wasm-function[i]`. Names are arbitrary UTF-8; a NUL would cut the
/// string table entry short, so it becomes `?`.
fn symbol_name(module: &brisk_parser::Module<'_>, func_index: u32) -> Vec<u8> {
    match module.names.function(func_index) {
        Some(name) if !name.is_empty() => name.replace('\0', "?").into_bytes(),
        _ => format!("wasm-function[{func_index}]").into_bytes(),
    }
}

/// What `sections-sha256` covers: the declarations, the function, trap,
/// address-map and image tables, each preceded by its length, then the
/// offset and length of `.text` and of the memory image data (whose bytes,
/// like the code's, are mapped rather than read).
fn sections_hash(
    declarations: &[u8],
    tables: TableBytes<'_>,
    image_table: &[u8],
    text: (usize, usize),
    image_data: (usize, usize),
) -> [u8; 32] {
    let mut h = Sha256::new();
    for bytes in [
        declarations,
        tables.funcs,
        tables.traps,
        tables.addrmap,
        image_table,
    ] {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    for (offset, len) in [text, image_data] {
        h.update((offset as u64).to_le_bytes());
        h.update((len as u64).to_le_bytes());
    }
    h.finalize().into()
}

pub(crate) fn write(p: &Parts<'_>) -> Result<Vec<u8>, CompileError> {
    let (e_machine, text_align) =
        machine(&p.info.target).map_err(CompileError::UnsupportedTarget)?;
    let (image_table, image_data) = images::encode(p.images, text_align);
    // The metadata's length does not depend on the hashes (fixed-width
    // hex): reserve for it now, fill in `sections-sha256` once `.text`
    // and the image have their places.
    let mut info = p.info.clone();
    let meta_len = info.encode().len();
    // Symbols: every function, then each distinct trampoline.
    let first = p.info.imported_functions;
    let mut symbols: Vec<(Vec<u8>, u32, u32)> = p
        .functions
        .iter()
        .zip(first..)
        .map(|(f, i)| (symbol_name(p.module, i), f.start, f.len))
        .collect();
    let mut tramps: Vec<u32> = p.functions.iter().map(|f| f.trampoline).collect();
    tramps.sort_unstable();
    tramps.dedup();
    for (n, &start) in tramps.iter().enumerate() {
        let end = tramps.get(n + 1).copied().unwrap_or(p.text.len() as u32);
        symbols.push((
            format!("brisk-trampoline[{n}]").into_bytes(),
            start,
            end - start,
        ));
    }

    let mut out = Vec::new();
    let mut w = Writer::new(Endianness::Little, true, &mut out);
    w.reserve_file_header();
    w.reserve_program_headers(3);
    let meta_off = w.reserve(meta_len, 1);
    let wasm_off = w.reserve(p.declarations.len(), 1);
    let funcs_off = w.reserve(p.tables.funcs.len(), 4);
    let traps_off = w.reserve(p.tables.traps.len(), 4);
    let addrmap_off = w.reserve(p.tables.addrmap.len(), 4);
    let images_off = w.reserve(image_table.len(), 8);
    let ro_end = w.reserved_len();
    let text_off = w.reserve(p.text.len(), text_align);
    let image_off = w.reserve(image_data.len(), text_align);
    let table_bytes = TableBytes {
        funcs: &p.tables.funcs,
        traps: &p.tables.traps,
        addrmap: &p.tables.addrmap,
    };
    info.sections_sha256 = sections_hash(
        p.declarations,
        table_bytes,
        &image_table,
        (text_off, p.text.len()),
        (image_off, image_data.len()),
    );
    let meta = info.encode();
    debug_assert_eq!(meta.len(), meta_len);

    w.reserve_null_section_index();
    let ours: [(&[u8], usize, usize, u64, usize); 8] = [
        (
            TEXT,
            text_off,
            p.text.len(),
            u64::from(elf::SHF_ALLOC | elf::SHF_EXECINSTR),
            text_align,
        ),
        (
            META,
            meta_off,
            meta.len(),
            u64::from(elf::SHF_ALLOC | elf::SHF_STRINGS),
            1,
        ),
        (
            WASM,
            wasm_off,
            p.declarations.len(),
            u64::from(elf::SHF_ALLOC),
            1,
        ),
        (
            FUNCS,
            funcs_off,
            p.tables.funcs.len(),
            u64::from(elf::SHF_ALLOC),
            4,
        ),
        (
            TRAPS,
            traps_off,
            p.tables.traps.len(),
            u64::from(elf::SHF_ALLOC),
            4,
        ),
        (
            ADDRMAP,
            addrmap_off,
            p.tables.addrmap.len(),
            u64::from(elf::SHF_ALLOC),
            4,
        ),
        (
            IMAGES,
            images_off,
            image_table.len(),
            u64::from(elf::SHF_ALLOC),
            8,
        ),
        (
            IMAGE,
            image_off,
            image_data.len(),
            u64::from(elf::SHF_ALLOC),
            text_align,
        ),
    ];
    let names: Vec<_> = ours.iter().map(|s| w.add_section_name(s.0)).collect();
    let indices: Vec<_> = ours.iter().map(|_| w.reserve_section_index()).collect();
    let text_index = indices[0];
    w.reserve_null_symbol_index();
    let sym_names: Vec<_> = symbols.iter().map(|s| w.add_string(&s.0)).collect();
    for _ in &symbols {
        w.reserve_symbol_index(Some(text_index));
    }
    w.reserve_symtab_section_index();
    w.reserve_strtab_section_index();
    w.reserve_shstrtab_section_index();
    w.reserve_symtab();
    w.reserve_strtab();
    w.reserve_shstrtab();
    w.reserve_section_headers();

    w.write_file_header(&FileHeader {
        os_abi: elf::ELFOSABI_NONE,
        abi_version: 0,
        e_type: elf::ET_DYN,
        e_machine,
        e_entry: 0,
        e_flags: 0,
    })
    .map_err(|e| CompileError::UnsupportedTarget(e.to_string()))?;
    w.write_align_program_headers();
    let load = |flags, offset: usize, size: usize, align: usize| ProgramHeader {
        p_type: elf::PT_LOAD,
        p_flags: flags,
        p_offset: offset as u64,
        p_vaddr: offset as u64,
        p_paddr: offset as u64,
        p_filesz: size as u64,
        p_memsz: size as u64,
        p_align: align as u64,
    };
    w.write_program_header(&load(elf::PF_R, 0, ro_end, text_align));
    w.write_program_header(&load(
        elf::PF_R | elf::PF_X,
        text_off,
        p.text.len(),
        text_align,
    ));
    w.write_program_header(&load(elf::PF_R, image_off, image_data.len(), text_align));
    for (off, bytes) in [
        (meta_off, meta.as_bytes()),
        (wasm_off, p.declarations),
        (funcs_off, &p.tables.funcs[..]),
        (traps_off, &p.tables.traps[..]),
        (addrmap_off, &p.tables.addrmap[..]),
        (images_off, &image_table[..]),
        (text_off, p.text),
        (image_off, &image_data[..]),
    ] {
        w.pad_until(off);
        w.write(bytes);
    }
    w.write_null_symbol();
    for ((_, start, len), name) in symbols.iter().zip(sym_names) {
        w.write_symbol(&Sym {
            name: Some(name),
            section: Some(text_index),
            st_info: (elf::STB_LOCAL << 4) | elf::STT_FUNC,
            st_other: elf::STV_DEFAULT,
            st_shndx: 0,
            st_value: (text_off + *start as usize) as u64,
            st_size: u64::from(*len),
        });
    }
    w.write_strtab();
    w.write_shstrtab();
    w.write_null_section_header();
    for (s, name) in ours.iter().zip(names) {
        w.write_section_header(&SectionHeader {
            name: Some(name),
            sh_type: elf::SHT_PROGBITS,
            sh_flags: s.3,
            sh_addr: s.1 as u64,
            sh_offset: s.1 as u64,
            sh_size: s.2 as u64,
            sh_link: 0,
            sh_info: 0,
            sh_addralign: s.4 as u64,
            sh_entsize: 0,
        });
    }
    w.write_symtab_section_header(1 + symbols.len() as u32);
    w.write_strtab_section_header();
    w.write_shstrtab_section_header();
    debug_assert_eq!(w.reserved_len(), w.len());
    Ok(out)
}

/// An artifact's sections, found and bounds-checked, and its metadata.
#[derive(Debug)]
pub(crate) struct ArtifactSections<'a> {
    pub info: ArtifactInfo,
    pub declarations: &'a [u8],
    pub tables: TableBytes<'a>,
    pub text: &'a [u8],
    /// Offset of `.text` in the file.
    pub text_offset: usize,
    /// `.brisk.images`.
    pub image_table: &'a [u8],
    /// Offset and length of `.brisk.image` in the file.
    pub image_data: (u64, u64),
}

/// Finds and checks the sections of the artifact `data`, their hash
/// included.
pub(crate) fn read_sections(data: &[u8]) -> Result<ArtifactSections<'_>, ArtifactError> {
    let sections = find_sections(data)?;
    if sections.sections_hash() != sections.info.sections_sha256 {
        return Err(ArtifactError::corrupted(
            "the declarations, tables or places of `.text` and the memory image do not \
             match the metadata's sections-sha256 (the file was damaged or altered)",
        ));
    }
    Ok(sections)
}

/// Finds the sections of the artifact `data`, each inside the file, and
/// decodes its metadata; [`read_sections`] also checks their hash.
pub(crate) fn find_sections(data: &[u8]) -> Result<ArtifactSections<'_>, ArtifactError> {
    if !super::is_artifact(data) {
        return Err(ArtifactError::NotAnArtifact(
            "no ELF header (a brisk artifact is an ELF shared object from `brisk compile`)".into(),
        ));
    }
    let corrupted = |e: object::read::Error| ArtifactError::corrupted(format!("ELF: {e}"));
    let header = elf::FileHeader64::<LittleEndian>::parse(data).map_err(corrupted)?;
    let endian = header.endian().map_err(corrupted)?;
    if header.e_type(endian) != elf::ET_DYN {
        return Err(ArtifactError::NotAnArtifact(format!(
            "ELF type {} is not a shared object",
            header.e_type(endian)
        )));
    }
    let sections = header.sections(endian, data).map_err(corrupted)?;
    let section = |name: &[u8]| -> Result<(&[u8], usize), ArtifactError> {
        let missing = || {
            ArtifactError::NotAnArtifact(format!(
                "no {} section (not written by `brisk compile`?)",
                String::from_utf8_lossy(name)
            ))
        };
        let (_, s) = sections.section_by_name(endian, name).ok_or_else(missing)?;
        if s.sh_type(endian) != elf::SHT_PROGBITS {
            return Err(ArtifactError::corrupted(format!(
                "section {} has type {}",
                String::from_utf8_lossy(name),
                s.sh_type(endian)
            )));
        }
        let bytes = s.data(endian, data).map_err(|_| {
            ArtifactError::corrupted(format!(
                "section {} (offset {:#x}, {:#x} bytes) extends past the end of the file ({:#x} bytes)",
                String::from_utf8_lossy(name),
                s.sh_offset(endian),
                s.sh_size(endian),
                data.len()
            ))
        })?;
        Ok((bytes, s.sh_offset(endian) as usize))
    };
    let info = ArtifactInfo::decode(section(META)?.0)?;
    let (want_machine, _) = machine(&info.target).map_err(ArtifactError::corrupted)?;
    if header.e_machine(endian) != want_machine {
        return Err(ArtifactError::corrupted(format!(
            "ELF machine {} does not match the target {}",
            header.e_machine(endian),
            info.target
        )));
    }
    let (text, text_offset) = section(TEXT)?;
    let (image_data, image_offset) = section(IMAGE)?;
    let declarations = section(WASM)?.0;
    let tables = TableBytes {
        funcs: section(FUNCS)?.0,
        traps: section(TRAPS)?.0,
        addrmap: section(ADDRMAP)?.0,
    };
    Ok(ArtifactSections {
        info,
        declarations,
        tables,
        text,
        text_offset,
        image_table: section(IMAGES)?.0,
        image_data: (image_offset as u64, image_data.len() as u64),
    })
}

impl ArtifactSections<'_> {
    /// The `sections-sha256` these sections hash to.
    pub(crate) fn sections_hash(&self) -> [u8; 32] {
        sections_hash(
            self.declarations,
            self.tables,
            self.image_table,
            (self.text_offset, self.text.len()),
            (self.image_data.0 as usize, self.image_data.1 as usize),
        )
    }
}
