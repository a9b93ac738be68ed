//! kojo's own diagnostic type: every problem the loader (and later the catalog reference
//! check) finds, with where it is and what would be right. Renderers (terminal, JSON) live
//! at the edges; this type does not know about them.

/// A position in a named file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    pub path: std::path::PathBuf,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DiagSeverity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable kebab-case code, e.g. `unknown-field`, `unresolved-reference`, `duplicate-id`.
    pub code: &'static str,
    pub severity: DiagSeverity,
    /// One sentence: what is wrong, naming the offending value.
    pub message: String,
    pub position: Option<Position>,
    /// What would be right: allowed values, "did you mean `line`?", …
    pub help: Option<String>,
    /// Other places that matter (e.g. the first definition of a duplicate id).
    pub related: Vec<(Position, String)>,
}
