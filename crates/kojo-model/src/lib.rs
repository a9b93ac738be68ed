//! kojo-model: the factory model of `model-format.md` — YAML in, a validated [`Model`] and
//! every [`Diagnostic`] out. No I/O beyond reading the model file and its `include:`s.
//!
//! ```no_run
//! let model = kojo_model::load_file(std::path::Path::new("factory.yaml"));
//! match model {
//!     Ok(m) => println!("{} zones", m.zones.len()),
//!     Err(diags) => eprintln!("{} problems", diags.len()),
//! }
//! ```

pub mod decide;
pub mod diag;
pub mod index;
pub mod load;
pub mod model;
pub mod read;
pub mod render;
pub mod schema;
pub mod vocab;
mod write;
mod yaml;

/// The commented starter model that `kojo init` writes (`examples/starter.yaml`).
pub const STARTER_YAML: &str = include_str!("../../../examples/starter.yaml");
/// [`STARTER_YAML`] with its comments and display names in Japanese (`kojo init --lang ja`);
/// the keys, ids and values are the same.
pub const STARTER_YAML_JA: &str = include_str!("../../../examples/starter.ja.yaml");

pub use diag::{DiagSeverity, DiagText, Diagnostic, Position};
pub use index::ModelIndex;
pub use load::{SUPPORTED_VERSIONS, include_entries, load_file, load_file_with_cap, load_str};
pub use model::*;
pub use write::to_yaml;
