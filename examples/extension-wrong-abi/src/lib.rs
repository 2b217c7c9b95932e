//! # A native extension built for another ABI version
//!
//! Test fixture for the loader's version check: a real shared library
//! whose `brisk_extension_v1` returns a descriptor declaring
//! `abi_version = 2`. brisk (ABI version 1) must refuse it with an error
//! naming both versions, reading nothing past that first field (the rest
//! of the layout is unspecified here on purpose: a future version may
//! change it).

/// The version this library claims.
const CLAIMED_ABI_VERSION: u32 = 2;

/// A descriptor of a future ABI: only the first field is shared.
#[repr(C)]
struct Descriptor {
    abi_version: u32,
    future_field: u64,
}

static DESCRIPTOR: Descriptor = Descriptor {
    abi_version: CLAIMED_ABI_VERSION,
    future_field: u64::MAX,
};

/// The entry point brisk looks up.
#[unsafe(no_mangle)]
pub extern "C" fn brisk_extension_v1() -> *const std::ffi::c_void {
    (&raw const DESCRIPTOR).cast()
}
