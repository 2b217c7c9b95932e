//! The `name` custom section: decoded when well-formed, ignored (never an
//! error) when not.

use brisk_parser::Names;

use crate::support::{assert_parses, cat, module, name, wat};

#[test]
fn names_from_text() {
    let bytes = wat(r#"
        (module $mod
          (import "env" "f" (func $imported))
          (func $first (param $p i32) (local $l i64))
          (func (local i32))
          (func $third))
    "#);
    let m = assert_parses("names", &bytes);
    assert_eq!(m.names.module, Some("mod"));
    assert_eq!(
        m.names.functions,
        [(0, "imported"), (1, "first"), (3, "third")]
    );
    assert_eq!(m.names.function(3), Some("third"));
    assert_eq!(m.names.function(2), None);
    assert_eq!(m.names.locals, [(1, vec![(0, "p"), (1, "l")])]);
    assert!(m.custom_sections.iter().any(|c| c.name == "name"));
}

#[test]
fn malformed_name_sections_are_ignored() {
    let cases: &[&[u8]] = &[
        &[0, 5, 1, b'm'],          // subsection past the end
        &[1, 1, 0, 0, 2, 1, b'm'], // out of order
        &[0, 2, 1, 0xff],          // bad UTF-8
        &[1, 2, 1, 0],             // name map entry cut short
        &[0],                      // no subsection size
    ];
    for &payload in cases {
        let section = cat(&[&name("name"), payload]);
        let bytes = module(&[(0, &section)]);
        let m = assert_parses("bad name section", &bytes);
        assert_eq!(m.names, Names::default(), "{payload:?}");
        assert_eq!(m.custom_sections.len(), 1);
    }
}

#[test]
fn only_the_first_name_section_counts() {
    let first = cat(&[&name("name"), &[0, 2], &name("a")]);
    let second = cat(&[&name("name"), &[0, 2], &name("b")]);
    let bytes = module(&[(0, &first), (0, &second)]);
    let m = assert_parses("two name sections", &bytes);
    assert_eq!(m.names.module, Some("a"));
}
