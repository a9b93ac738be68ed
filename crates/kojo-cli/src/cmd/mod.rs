//! One module per subcommand; each owns its clap `Args` and its `run`.

pub mod check;
pub mod schema;
pub mod init;
pub mod catalog;
pub mod assess;
pub mod report;
pub mod diagram;
pub mod diff;
pub mod history;
pub mod traffic;
pub mod discover;
pub mod sbom;
pub mod advisories;
pub mod serve;
pub mod user;
