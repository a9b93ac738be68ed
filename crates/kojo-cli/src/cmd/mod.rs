//! One module per subcommand; each owns its clap `Args` and its `run`.

pub mod advisories;
pub mod assess;
pub mod catalog;
pub mod check;
pub mod decisions;
pub mod diagram;
pub mod diff;
pub mod discover;
pub mod history;
pub mod init;
pub mod paths;
pub mod plan;
pub mod propose;
pub mod report;
pub mod sbom;
pub mod schema;
pub mod serve;
pub mod traffic;
pub mod user;
pub mod vex;
