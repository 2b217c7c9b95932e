//! Types of externs, as link errors and `Module::imports` show them.

use std::fmt;

use brisk_parser::{FuncType, GlobalType, MemoryType, TableType};

/// The type of an import or export.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A memory.
    Memory(MemoryType),
    /// A table.
    Table(TableType),
    /// A global.
    Global(GlobalType),
}

fn limits(f: &mut fmt::Formatter<'_>, min: u64, max: Option<u64>) -> fmt::Result {
    match max {
        Some(m) => write!(f, "{min}..{m}"),
        None => write!(f, "{min}.."),
    }
}

impl fmt::Display for ExternType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExternType::Func(t) => write!(f, "func {t}"),
            ExternType::Memory(m) => {
                f.write_str("memory ")?;
                limits(f, m.initial, m.maximum)
            }
            ExternType::Table(t) => {
                write!(f, "table {} ", t.element_type)?;
                limits(f, t.initial, t.maximum)
            }
            ExternType::Global(g) => {
                if g.mutable {
                    write!(f, "global (mut {})", g.content_type)
                } else {
                    write!(f, "global {}", g.content_type)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brisk_parser::{RefType, ValType};

    #[test]
    fn display() {
        let m = MemoryType {
            initial: 1,
            maximum: Some(2),
            memory64: false,
            shared: false,
        };
        assert_eq!(ExternType::Memory(m).to_string(), "memory 1..2");
        let t = TableType {
            element_type: RefType::FUNCREF,
            initial: 10,
            maximum: None,
            table64: false,
        };
        assert_eq!(ExternType::Table(t).to_string(), "table funcref 10..");
        let g = GlobalType {
            content_type: ValType::I32,
            mutable: true,
        };
        assert_eq!(ExternType::Global(g).to_string(), "global (mut i32)");
        let f = FuncType::new([ValType::I32], []);
        assert_eq!(ExternType::Func(f).to_string(), "func [i32] -> []");
    }
}
