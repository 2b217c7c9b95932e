//! The set of WebAssembly proposals a module may use.
//!
//! One list ([`for_each_feature!`]) names every proposal brisk knows; the
//! flag constants and the accessors come from it. The names match the
//! `@proposal` tags of the operator table (see [`crate::for_each_operator`]),
//! so the validator can gate each operator on `features.<proposal>()`.
//! `mvp` is always on.

/// Calls `$m!` with every feature: `name, CONST, bit, "human name", in 2.0`.
macro_rules! for_each_feature {
    ($m:ident) => {
        $m! {
            mutable_global          MUTABLE_GLOBAL          0  "mutable-global"          true
            saturating_float_to_int SATURATING_FLOAT_TO_INT 1  "saturating float to int" true
            sign_extension          SIGN_EXTENSION          2  "sign extension"          true
            multi_value             MULTI_VALUE             3  "multi-value"             true
            bulk_memory             BULK_MEMORY             4  "bulk memory"             true
            reference_types         REFERENCE_TYPES         5  "reference types"         true
            simd                    SIMD                    6  "SIMD"                    true
            tail_call               TAIL_CALL               7  "tail calls"              false
            extended_const          EXTENDED_CONST          8  "extended constant expressions" false
            multi_memory            MULTI_MEMORY            9  "multi-memory"            false
            memory64                MEMORY64                10 "memory64"                false
            relaxed_simd            RELAXED_SIMD            11 "relaxed SIMD"            false
            function_references     FUNCTION_REFERENCES     12 "function references"     false
            gc                      GC                      13 "garbage collection"      false
            exceptions              EXCEPTIONS              14 "exception handling"      false
            threads                 THREADS                 15 "threads"                 false
        }
    };
}

macro_rules! define_features {
    ($($name:ident $konst:ident $bit:literal $human:literal $in2:literal)*) => {
        /// A set of WebAssembly proposals. [`Features::default`] is
        /// WebAssembly 2.0.
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct Features {
            bits: u32,
        }

        impl Features {
            $(
                #[doc = concat!("The ", $human, " proposal.")]
                pub const $konst: Features = Features { bits: 1 << $bit };
            )*

            /// No proposal beyond the WebAssembly 1.0 MVP.
            pub const MVP: Features = Features { bits: 0 };

            /// WebAssembly 2.0: every proposal standardised in it.
            pub const WASM2: Features = Features { bits: 0 $(| if $in2 { 1 << $bit } else { 0 })* };

            /// Every proposal brisk knows.
            pub const ALL: Features = Features { bits: 0 $(| (1 << $bit))* };

            $(
                #[doc = concat!("Whether the ", $human, " proposal is enabled.")]
                #[inline]
                pub const fn $name(self) -> bool {
                    self.bits & (1 << $bit) != 0
                }
            )*

            /// The MVP is always enabled; this exists so that the operator
            /// table's `@mvp` tag can be checked like any other.
            #[inline]
            pub const fn mvp(self) -> bool {
                true
            }

            /// Every `(name, enabled)` pair, in the list's order.
            pub fn iter(self) -> impl Iterator<Item = (&'static str, bool)> {
                [$(($human, self.$name())),*].into_iter()
            }

            /// The snake_case names of the features in the set, in bit
            /// order (what [`Features::from_name`] reads back).
            pub fn names(self) -> impl Iterator<Item = &'static str> {
                [$((stringify!($name), self.$name())),*]
                    .into_iter()
                    .filter_map(|(name, on)| on.then_some(name))
            }

            /// Looks a feature up by its snake_case name (`"simd"`,
            /// `"bulk_memory"`, ...).
            pub fn from_name(name: &str) -> Option<Features> {
                match name {
                    $(stringify!($name) => Some(Self::$konst),)*
                    _ => None,
                }
            }
        }
    };
}

for_each_feature!(define_features);

impl Features {
    /// Whether every feature in `other` is in `self`.
    #[inline]
    pub const fn contains(self, other: Features) -> bool {
        self.bits & other.bits == other.bits
    }

    /// `self` plus `other`.
    #[inline]
    #[must_use]
    pub const fn union(self, other: Features) -> Features {
        Features {
            bits: self.bits | other.bits,
        }
    }

    /// `self` without `other`.
    #[inline]
    #[must_use]
    pub const fn difference(self, other: Features) -> Features {
        Features {
            bits: self.bits & !other.bits,
        }
    }

    /// Turns `other` on or off.
    #[inline]
    pub fn set(&mut self, other: Features, on: bool) {
        *self = if on {
            self.union(other)
        } else {
            self.difference(other)
        };
    }
}

impl Default for Features {
    fn default() -> Self {
        Features::WASM2
    }
}

impl std::fmt::Debug for Features {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set()
            .entries(self.iter().filter(|(_, on)| *on).map(|(n, _)| n))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_wasm2() {
        let f = Features::default();
        assert!(f.simd() && f.bulk_memory() && f.reference_types() && f.multi_value());
        assert!(!f.memory64() && !f.tail_call() && !f.gc());
        assert!(Features::ALL.contains(f));
        assert!(!Features::MVP.simd());
    }

    #[test]
    fn set_and_lookup() {
        let mut f = Features::MVP;
        f.set(Features::from_name("simd").unwrap(), true);
        assert!(f.simd());
        f.set(Features::SIMD, false);
        assert_eq!(f, Features::MVP);
        assert!(Features::from_name("nope").is_none());
        let back = Features::WASM2.names().fold(Features::MVP, |f, n| {
            f.union(Features::from_name(n).unwrap())
        });
        assert_eq!(back, Features::WASM2);
        assert_eq!(Features::MVP.names().count(), 0);
    }
}
