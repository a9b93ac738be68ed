//! kojo-catalog: the guideline's knowledge as versioned data (`catalog/` at the repository
//! root, embedded in the binary), with a typed loader, catalog packs and the check of a
//! model's references into the catalog.
//!
//! STUB: the public API below is the contract other crates code against; the catalog issue
//! fills it in.

use kojo_model::{Diagnostic, Model};
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct Catalog {}

#[derive(Debug)]
pub struct CatalogError(pub String);

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for CatalogError {}

impl Catalog {
    /// The catalog embedded in the binary.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        Ok(Catalog {})
    }
    /// The embedded catalog plus packs (`--catalog FILE`); a conflicting id is an error
    /// naming both files.
    pub fn with_packs(_packs: &[PathBuf]) -> Result<Catalog, CatalogError> {
        Ok(Catalog {})
    }
    /// Diagnostics for references from the model into the catalog (tasks, measure ids,
    /// checklist item ids) that do not resolve.
    pub fn check_model_refs(&self, _model: &Model) -> Vec<Diagnostic> {
        Vec::new()
    }
}
