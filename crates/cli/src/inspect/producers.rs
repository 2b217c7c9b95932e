//! The two custom sections toolchains write about themselves, decoded for
//! `brisk inspect`: `producers` (languages, compilers and SDKs that made
//! the module) and `target_features` (the proposals the compiler was told
//! it may use, which can differ from what the module ends up using).
//!
//! Both are tool conventions, not part of the core spec
//! (WebAssembly/tool-conventions `ProducersSection.md` and LLVM's
//! `target_features`); a section that does not decode is reported as such
//! and nothing else changes.
//!
//! ```text
//! producers        := vec(field)
//! field            := name:string  values:vec(name:string version:string)
//! target_features  := vec(prefix:byte name:string)   prefix: + (used), - (disallowed), = (required)
//! ```

use brisk::parser::{BinaryReader, Features, ParseError, Result};

/// The `producers` section (its payload `data`, at `offset` in the
/// module) as `(field, ["name version", ...])`, in order.
pub fn producers(data: &[u8], offset: usize) -> Result<Vec<(String, Vec<String>)>> {
    let mut reader = BinaryReader::new(data, offset, Features::default());
    let mut fields = Vec::new();
    for _ in 0..reader.read_var_u32()? {
        let field = reader.read_name()?;
        let mut values = Vec::new();
        for _ in 0..reader.read_var_u32()? {
            let name = reader.read_name()?;
            let version = reader.read_name()?;
            values.push(if version.is_empty() {
                name.to_owned()
            } else {
                format!("{name} {version}")
            });
        }
        fields.push((field.to_owned(), values));
    }
    finished(&reader)?;
    Ok(fields)
}

/// The `target_features` section (its payload `data`, at `offset` in the
/// module) as `+name`, `-name` or `=name`, in order.
pub fn target_features(data: &[u8], offset: usize) -> Result<Vec<String>> {
    let mut reader = BinaryReader::new(data, offset, Features::default());
    let mut features = Vec::new();
    for _ in 0..reader.read_var_u32()? {
        let at = reader.original_position();
        let prefix = reader.read_u8()?;
        if !matches!(prefix, b'+' | b'-' | b'=') {
            return Err(ParseError::new("unknown target feature prefix", at));
        }
        let name = reader.read_name()?;
        features.push(format!("{}{name}", char::from(prefix)));
    }
    finished(&reader)?;
    Ok(features)
}

/// Fails unless every byte was read.
fn finished(reader: &BinaryReader<'_>) -> Result<()> {
    if reader.eof() {
        Ok(())
    } else {
        Err(reader.error("unexpected content after the last entry"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toolchain_describes_itself() {
        // What wasi-sdk's clang and rustc wrote into CPython's python.wasm.
        let data = b"\x02\x08language\x02\x03C11\x00\x04Rust\x00\
            \x0cprocessed-by\x02\x05clang\x0616.0.0\x05rustc\x061.69.0";
        assert_eq!(
            producers(data, 0).unwrap(),
            [
                (
                    "language".to_owned(),
                    vec!["C11".to_owned(), "Rust".to_owned()]
                ),
                (
                    "processed-by".to_owned(),
                    vec!["clang 16.0.0".to_owned(), "rustc 1.69.0".to_owned()]
                ),
            ]
        );
        let data = b"\x02+\x0fmutable-globals-\x08sign-ext";
        assert_eq!(
            target_features(data, 100).unwrap(),
            ["+mutable-globals", "-sign-ext"]
        );
    }

    #[test]
    fn damage_is_an_error() {
        assert!(producers(b"\x01\x08language\x01\x03C11", 0).is_err()); // no version
        assert!(producers(b"\x00\x00", 0).is_err()); // trailing byte
        assert!(producers(b"\x05", 0).is_err()); // count past the end
        let err = target_features(b"\x01*\x04simd", 100).unwrap_err();
        assert_eq!(
            err.to_string(),
            "offset 0x65: unknown target feature prefix"
        );
        assert!(target_features(b"\x01+\x09simd", 0).is_err()); // name past the end
        assert!(producers(b"", 0).is_err());
        assert_eq!(target_features(b"\x00", 0).unwrap(), Vec::<String>::new());
    }
}
