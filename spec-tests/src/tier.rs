//! The execution tiers every script runs in.
//!
//! The suite is one harness for every backend (as in WasmEdge's
//! `test/spec/spectest.h`): each [`Tier`] is an engine configuration, and
//! every directive runs once per tier. Each tier has its own
//! known-failures file, so a directive that fails in one tier only is
//! visible as such.
//!
//! [`Tier::Artifact`] runs the compiled tier's code, but every module
//! goes through an artifact file first (see [`crate::artifact`]): what
//! `brisk compile` and `Module::deserialize_file` do in deployment.

use brisk::runtime::{Config, Engine, Strategy};

/// A configuration the suite runs in.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Tier {
    /// The interpreter.
    Interpreter,
    /// Cranelift-compiled code relying on guard pages for memory bounds.
    Compiled,
    /// Cranelift-compiled code with an explicit bounds check on every
    /// memory access (`Config::explicit_bounds_checks`).
    CompiledExplicitBounds,
    /// Cranelift-compiled code that is serialized to an artifact, written
    /// to a file and loaded back with `Module::deserialize_file` before it
    /// runs.
    Artifact,
}

impl Tier {
    /// Every tier, in the order the harness runs them.
    pub const ALL: [Tier; 4] = [
        Tier::Interpreter,
        Tier::Compiled,
        Tier::CompiledExplicitBounds,
        Tier::Artifact,
    ];

    /// The tier's name in trial names and file names (`compiled`).
    pub fn name(self) -> &'static str {
        match self {
            Tier::Interpreter => "interpreter",
            Tier::Compiled => "compiled",
            Tier::CompiledExplicitBounds => "compiled-explicit-bounds",
            Tier::Artifact => "artifact",
        }
    }

    /// The tier named `name` (see [`Tier::name`]).
    pub fn from_name(name: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The engine configuration of this tier.
    pub fn config(self) -> Config {
        let mut config = Config::new();
        match self {
            Tier::Interpreter => config.strategy(Strategy::Interpreter),
            Tier::Compiled | Tier::Artifact => config.strategy(Strategy::Compiled),
            Tier::CompiledExplicitBounds => config
                .strategy(Strategy::Compiled)
                .explicit_bounds_checks(true),
        };
        config
    }

    /// Whether every module goes through an artifact file before it runs.
    pub fn through_artifact(self) -> bool {
        self == Tier::Artifact
    }

    /// A fresh engine of this tier.
    pub fn engine(self) -> Engine {
        Engine::new(&self.config())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in Tier::ALL {
            assert_eq!(Tier::from_name(t.name()), Some(t));
        }
        assert_eq!(Tier::from_name("jit"), None);
    }
}
