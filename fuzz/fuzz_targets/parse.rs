//! Arbitrary bytes through brisk's parser and validator: whatever the
//! input, both return (a module or an error) and never panic, overflow or
//! run away.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Decoding alone first, so a parser crash is attributed to the parser.
    let _ = brisk_parser::parse(data);
    let _ = brisk_validator::validate(data);
});
