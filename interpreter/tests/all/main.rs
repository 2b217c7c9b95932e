//! brisk-interp's integration tests, one binary (STYLE.md): golden
//! translation tests and execution tests per instruction family.

mod golden;
