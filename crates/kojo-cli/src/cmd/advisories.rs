//! `kojo advisories update DIR…`: (re)builds the local advisory index that `kojo sbom` and
//! `kojo assess --advisories` reuse, and prints what it holds.

use crate::Global;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo advisories update osv/ csaf/ known_exploited_vulnerabilities.json
  kojo advisories update advisories/ --json")]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands of `kojo advisories`.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Rebuild the index of the advisory sources (OSV, CSAF 2.0, CISA KEV) and print counts.
    /// Exit status: 0 done, 1 the sources hold no advisory, 2 usage or I/O error.
    #[command(after_help = "Examples:
  kojo advisories update osv/ csaf/ known_exploited_vulnerabilities.json
  kojo advisories update advisories/ --cache .kojo-cache --json")]
    Update {
        /// Advisory sources: directories (searched recursively) or JSON files.
        #[arg(required = true, value_name = "DIR")]
        sources: Vec<PathBuf>,
        /// Where the index is cached (default `$XDG_CACHE_HOME/kojo`).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Print the counts as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Update {
            sources,
            cache,
            json,
        } => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let cache = cache.unwrap_or_else(|| kojo_sbom::default_cache_dir(&cwd));
            let started = std::time::Instant::now();
            let (index, _) = kojo_sbom::AdvisoryIndex::load_or_build(&sources, &cache, true)?;
            let secs = started.elapsed().as_secs_f64();
            let s = &index.stats;
            let mut out = std::io::stdout().lock();
            if json {
                let v = serde_json::json!({
                    "cache": cache.display().to_string(),
                    "files": s.files,
                    "osv_records": s.osv_records,
                    "osv_withdrawn": s.osv_withdrawn,
                    "csaf_documents": s.csaf_documents,
                    "csaf_products": s.csaf_products,
                    "kev_entries": s.kev_entries,
                    "ignored": s.ignored,
                    "seconds": secs,
                });
                let text = serde_json::to_string_pretty(&v)?;
                writeln!(out, "{text}")?;
            } else {
                writeln!(
                    out,
                    "indexed {} files in {secs:.2} s into {}",
                    s.files,
                    cache.display()
                )?;
                writeln!(
                    out,
                    "  OSV records      {:>8} (+{} withdrawn, not matched)",
                    s.osv_records, s.osv_withdrawn
                )?;
                writeln!(
                    out,
                    "  CSAF documents   {:>8} ({} products)",
                    s.csaf_documents, s.csaf_products
                )?;
                writeln!(out, "  KEV entries      {:>8}", s.kev_entries)?;
                if !s.ignored.is_empty() {
                    writeln!(out, "  not advisories   {:>8}:", s.ignored.len())?;
                    for p in &s.ignored {
                        writeln!(out, "    {p}")?;
                    }
                }
            }
            // Sources that hold no advisory at all are almost always the wrong directory:
            // an empty index would silently match nothing.
            if s.osv_records + s.osv_withdrawn + s.csaf_documents + s.kev_entries == 0 {
                eprintln!(
                    "kojo advisories: no advisory in the sources — expected OSV records, \
                     CSAF 2.0 documents or the CISA KEV catalog (JSON, or a zip of them)"
                );
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
