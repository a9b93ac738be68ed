//! `kojo`: a thin shell over the library crates. Each subcommand lives in `cmd/<name>.rs`
//! with its clap `Args` and a `run` that returns the exit code: 0 success, 1 an invalid
//! model or a failed gate (`--fail-on`), 2 a usage or I/O error.

mod cmd;
mod common;
mod global;
mod output;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

// An assessment builds hundreds of thousands of small strings; mimalloc does that in about
// two thirds of the time glibc's allocator takes (scripts/bench-assess.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub use global::Global;

/// kojo — security planning for smart factories, after METI's Cyber/Physical Security
/// Guidelines for Factory Systems (and its smartification appendix), IEC 62443 and SEMI E187.
#[derive(Parser, Debug)]
#[command(name = "kojo", version, after_help = EXAMPLES)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  kojo check examples/annex-a/case1-after.yaml
  kojo assess examples/annex-a/case1-after.yaml
  kojo plan examples/annex-a/case1-after.yaml
  kojo report examples/annex-a/case1-after.yaml -o report/
  kojo diff examples/annex-a/case1-before.yaml examples/annex-a/case1-after.yaml
  kojo traffic capture.pcapng --model factory.yaml
  kojo serve --demo";

#[derive(Subcommand, Debug)]
enum Command {
    /// Load and validate a factory model; print what it holds.
    Check(cmd::check::Args),
    /// Print the JSON Schema of the model format (for yaml-language-server).
    Schema(cmd::schema::Args),
    /// Write a commented starter model.
    Init(cmd::init::Args),
    /// List, show and export the guideline catalog.
    Catalog(cmd::catalog::Args),
    /// Carry out the guideline's three steps on a model and report the findings.
    Assess(cmd::assess::Args),
    /// Print the plan: ranked actions, what they close, the risk before and after.
    Plan(cmd::plan::Args),
    /// Write the HTML report (with the zone diagram) for a model.
    Report(cmd::report::Args),
    /// Draw the zone diagram of a model (SVG or DOT).
    Diagram(cmd::diagram::Args),
    /// Write the to-be zoning the zone verdicts call for (Annex A step 3) as a model.
    Propose(cmd::propose::Args),
    /// How entry points reach zones over the conduit graph, shortest path first.
    Paths(cmd::paths::Args),
    /// Compare two models (files or git revisions): one PDCA cycle to the next.
    Diff(cmd::diff::Args),
    /// Walk a model file's git history: findings by severity per commit.
    History(cmd::history::Args),
    /// Read the risk register's decisions back into the model.
    Decisions(cmd::decisions::Args),
    /// Hold captures and flow logs against the zone model.
    Traffic(cmd::traffic::Args),
    /// Draft assets and flows (a model fragment) from captures.
    Discover(cmd::discover::Args),
    /// Check the SBOMs of a model's assets against advisories.
    Sbom(cmd::sbom::Args),
    /// Manage the local advisory index.
    Advisories(cmd::advisories::Args),
    /// Write CSAF 2.0 VEX documents from the decisions on vulnerability findings.
    Vex(cmd::vex::Args),
    /// Serve the multi-user web application.
    Serve(cmd::serve::Args),
    /// Manage web application accounts.
    User(cmd::user::Args),
    /// Manage factory memberships of web application accounts.
    Member(cmd::user::MemberArgs),
}

fn main() -> ExitCode {
    // `kojo --version` names the embedded catalog too: an assessment is only reproducible
    // with both. Leaked once: clap keeps the version for the life of the process.
    let version: &'static str = Box::leak(
        format!(
            "{} (catalog {})",
            env!("CARGO_PKG_VERSION"),
            kojo_catalog::EMBEDDED_VERSION
        )
        .into_boxed_str(),
    );
    let matches = Cli::command().version(version).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let global = cli.global;
    // A bad size cap is a usage error, not a silent default.
    if let Err(e) = kojo_model::read::max_file_bytes_from_env() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Check(a) => cmd::check::run(a, &global),
        Command::Schema(a) => cmd::schema::run(a, &global),
        Command::Init(a) => cmd::init::run(a, &global),
        Command::Catalog(a) => cmd::catalog::run(a, &global),
        Command::Assess(a) => cmd::assess::run(a, &global),
        Command::Plan(a) => cmd::plan::run(a, &global),
        Command::Report(a) => cmd::report::run(a, &global),
        Command::Diagram(a) => cmd::diagram::run(a, &global),
        Command::Propose(a) => cmd::propose::run(a, &global),
        Command::Paths(a) => cmd::paths::run(a, &global),
        Command::Diff(a) => cmd::diff::run(a, &global),
        Command::History(a) => cmd::history::run(a, &global),
        Command::Decisions(a) => cmd::decisions::run(a, &global),
        Command::Traffic(a) => cmd::traffic::run(a, &global),
        Command::Discover(a) => cmd::discover::run(a, &global),
        Command::Sbom(a) => cmd::sbom::run(a, &global),
        Command::Advisories(a) => cmd::advisories::run(a, &global),
        Command::Vex(a) => cmd::vex::run(a, &global),
        Command::Serve(a) => cmd::serve::run(a, &global),
        Command::User(a) => cmd::user::run(a, &global),
        Command::Member(a) => cmd::user::run_member(a, &global),
    };
    match result {
        Ok(code) => code,
        // A closed or broken stdout is an error too: the output was lost.
        Err(err) => {
            let text = format!("error: {err:#}\n");
            eprint!("{}", output::escape_terminal(&text, false));
            ExitCode::from(2)
        }
    }
}
