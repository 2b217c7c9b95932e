//! The `.brisk.wasm` section: the module's declarations.
//!
//! Instantiation needs everything a module declares (types, imports,
//! functions' types, tables, memories, globals and their initialisers,
//! exports, start, element and data segments) and backtraces want the
//! `name` section, but none of the function bodies: the machine code
//! replaces them. So the artifact keeps the module's own bytes, section
//! by section, minus the code section and every custom section but
//! `name`; the loader decodes and validates that with
//! `OwnedModule::declarations_only`. Reusing the wasm encoding means no
//! second serialization format to keep in step with the parser.

use brisk_parser::SectionId;
use brisk_validator::OwnedModule;

/// The declarations-only module of `module`.
pub(crate) fn declarations(module: &OwnedModule) -> Vec<u8> {
    let bytes = module.bytes();
    let m = &module.validated().module;
    let mut out = Vec::with_capacity(bytes.len() / 4);
    out.extend_from_slice(&bytes[..8]);
    for s in &m.sections {
        let payload = &bytes[s.offset..s.offset + s.size];
        let keep = match s.id {
            SectionId::Code => false,
            SectionId::Custom => m
                .custom_sections
                .iter()
                .any(|c| c.name == "name" && payload_contains(s.offset, s.size, c.offset)),
            _ => true,
        };
        if keep {
            out.push(s.id as u8);
            leb128(&mut out, s.size as u32);
            out.extend_from_slice(payload);
        }
    }
    out
}

/// Whether the custom section payload at `offset..offset + size` is the
/// one whose contents start at `content`.
fn payload_contains(offset: usize, size: usize, content: usize) -> bool {
    (offset..=offset + size).contains(&content)
}

fn leb128(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brisk_parser::Features;

    #[test]
    fn keeps_declarations_and_names_only() {
        let wasm = wat::parse_str(
            r#"(module $m
                (type (func (param i32) (result i32)))
                (import "env" "g" (global i32))
                (memory 1) (data (i32.const 8) "hi")
                (table 2 funcref) (elem (i32.const 0) $double)
                (func $double (type 0) local.get 0 local.get 0 i32.add)
                (func (export "run") (result i32) i32.const 4 call $double)
                (@custom "junk" "0123456789"))"#,
        )
        .unwrap();
        let module = OwnedModule::new(wasm).unwrap();
        let decls = declarations(&module);
        let back = OwnedModule::declarations_only(decls.clone(), Features::default()).unwrap();
        let (a, b) = (&module.validated().module, &back.validated().module);
        assert_eq!(a.types, b.types);
        assert_eq!(a.functions, b.functions);
        assert_eq!(b.code.len(), 0);
        assert_eq!(b.exports[0].name, "run");
        assert_eq!(b.data[0].data, b"hi");
        assert_eq!(b.names.function(0), Some("double"));
        assert_eq!(b.names.module, Some("m"));
        assert!(b.custom_sections.iter().all(|c| c.name == "name"));
        assert!(decls.len() < module.bytes().len());
        // A full parse refuses it: the bodies are missing.
        assert!(brisk_parser::parse(&decls).is_err());
    }
}
