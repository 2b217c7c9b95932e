/*
 * brisk_extension.h — the C ABI of brisk native extensions, version 1.
 *
 * A native extension is a shared library that adds host functions to
 * brisk, loaded at run time:
 *
 *     brisk run --extension ./libfoo.so module.wasm
 *
 * or from Rust with brisk_runtime::Extension::load (then linked with
 * Linker::add_host_module). Its functions are importable by wasm under the
 * extension's module name.
 *
 * The library exports exactly one symbol, BRISK_EXTENSION_ENTRY:
 *
 *     const brisk_extension *brisk_extension_v1(void);
 *
 * It returns a descriptor that must stay valid (and unchanged) while the
 * library is loaded, typically a static. brisk reads the descriptor's
 * first field, abi_version, before anything else and refuses the library
 * unless it equals BRISK_EXTENSION_ABI_VERSION, with an error naming both
 * versions. A later ABI that changes the layout bumps the version; the
 * first field stays a uint32_t version in every version.
 *
 * brisk then checks the rest: module_name and every function name non-null,
 * NUL-terminated UTF-8; no two functions with the same name; every type
 * byte one of BRISK_I32, BRISK_I64, BRISK_F32, BRISK_F64; type arrays
 * non-null when their length is non-zero; callbacks non-null; at most
 * 10000 functions and 1000 parameters or results per function. A library
 * failing a check is refused with a message saying which.
 *
 * Trust: an extension is native code running inside the host process with
 * the host's privileges. brisk checks the descriptor, not the behaviour.
 */
#ifndef BRISK_EXTENSION_H
#define BRISK_EXTENSION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes. */
#define BRISK_EXTENSION_ABI_VERSION 1u

/* The name of the one exported entry point. */
#define BRISK_EXTENSION_ENTRY "brisk_extension_v1"

/* Value type bytes: WebAssembly's own binary encoding. Only these four
 * number types cross the ABI (no v128, no references). */
#define BRISK_I32 0x7f
#define BRISK_I64 0x7e
#define BRISK_F32 0x7d
#define BRISK_F64 0x7c

/* One value. The function's declared type says which field is meaningful.
 * Floats travel as their bits so NaN payloads are preserved: use memcpy to
 * go between f32_bits and float. */
typedef union brisk_val {
    int32_t i32;
    int64_t i64;
    uint32_t f32_bits;
    uint64_t f64_bits;
} brisk_val;

/*
 * A host function's body.
 *
 * state       what the extension's init returned for the calling store
 *             (NULL without init).
 * args        exactly params_len values, in declaration order.
 * results     room for exactly results_len values, zeroed; write them all.
 * memory      the calling instance's exported memory named "memory", as
 * memory_len  its current bytes; NULL and 0 when it exports none. Valid
 *             only during the call; never keep the pointer. Every guest
 *             address must be bounds-checked against memory_len (use
 *             64-bit arithmetic: ptr + len may overflow 32 bits).
 *
 * Returns 0 on success. Any other status makes the call trap with the
 * message "extension function `module::name` failed: <text> (status N)",
 * where <text> comes from status_message (if given and non-NULL).
 *
 * A callback must not unwind (no C++ exceptions, no Rust panics across it)
 * and cannot call back into wasm.
 */
typedef int32_t (*brisk_callback)(void *state, const brisk_val *args,
                                  brisk_val *results, uint8_t *memory,
                                  size_t memory_len);

/* One function. */
typedef struct brisk_function {
    const char *name;       /* import field name, UTF-8, NUL-terminated */
    const uint8_t *params;  /* params_len type bytes (may be NULL if 0) */
    size_t params_len;
    const uint8_t *results; /* results_len type bytes (may be NULL if 0) */
    size_t results_len;
    brisk_callback callback;
} brisk_function;

/* The descriptor brisk_extension_v1 returns. */
typedef struct brisk_extension {
    uint32_t abi_version;            /* BRISK_EXTENSION_ABI_VERSION; first */
    const char *module_name;         /* import module name, UTF-8 */
    const brisk_function *functions; /* functions_len entries */
    size_t functions_len;
    /* Optional (may be NULL). Makes the state of one store: called once
     * per store that uses the extension, before its first call there. */
    void *(*init)(void);
    /* Optional. Frees a state init made, once, when its store is dropped. */
    void (*drop)(void *state);
    /* Optional. Static, NUL-terminated text for a non-zero status, or
     * NULL to report just the number. */
    const char *(*status_message)(int32_t status);
} brisk_extension;

/*
 * Threads: different stores may run on different threads at once, so
 * callbacks may run concurrently, each with its own store's state. One
 * state is used by one thread at a time, but not always the same thread.
 * Anything shared between states must be thread-safe.
 */

const brisk_extension *brisk_extension_v1(void);

#ifdef __cplusplus
}
#endif

#endif /* BRISK_EXTENSION_H */
