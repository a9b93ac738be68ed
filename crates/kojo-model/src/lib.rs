//! kojo-model: the factory model of `model-format.md` — YAML in, a validated [`Model`] and
//! every [`Diagnostic`] out. No I/O beyond reading the model file and its `include:`s.

pub mod diag;
pub mod model;

pub use diag::{DiagSeverity, Diagnostic, Position};
pub use model::*;
