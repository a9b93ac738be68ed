//! `kojo vex MODEL -o DIR`: CSAF 2.0 VEX documents from the model's decisions on
//! vulnerability findings, one per party (the assets' supplier) or per product.

use crate::Global;
use anyhow::Context as _;
use kojo_lang::Message;
use kojo_model::Date;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write what the plant decided about its vulnerability findings as CSAF 2.0 VEX documents
/// (the `csaf_vex` profile): false-positive, or accepted with a reason → known not affected
/// (with a CSAF flag where the reason names one); mitigated → fixed; no decision → known
/// affected with the action; "cannot evaluate" → under investigation.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo vex factory.yaml -o vex/ --advisories csaf/ --advisories osv/
  kojo vex factory.yaml -o vex/ --advisories csaf/ --per product --namespace https://plant.example.com")]
pub struct Args {
    /// The factory model (YAML).
    pub model: PathBuf,
    /// The directory the documents are written to (made if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Advisory sources (OSV, CSAF, KEV, VEX), as for `kojo sbom`; repeatable.
    #[arg(long = "advisories", value_name = "DIR")]
    pub advisories: Vec<PathBuf>,
    /// Where the advisory index is cached (default `$XDG_CACHE_HOME/kojo`).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// One document per party (the assets' supplier) or per product.
    #[arg(long, value_enum, default_value_t = Per::Party)]
    pub per: Per,
    /// The publisher's URL that CSAF asks for (default: a `urn:` from the factory's name).
    #[arg(long, value_name = "URL")]
    pub namespace: Option<String>,
    /// The date of the documents and of the decisions' review (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_date)]
    pub today: Option<Date>,
}

/// How `kojo vex` splits its documents.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Party,
    Product,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let catalog = crate::common::catalog(global)?;
    let model = match crate::common::load_valid(&args.model, &catalog, global) {
        Ok(m) => m,
        Err(code) => return Ok(code),
    };
    if args.advisories.is_empty() {
        anyhow::bail!(
            "kojo vex needs --advisories: the vulnerability findings come from them / \
             脆弱性の指摘は --advisories の勧告から作られます"
        );
    }
    let today = args.today.unwrap_or_else(Date::today_utc);
    let opts = kojo_sbom::SbomOptions {
        advisory_dirs: args.advisories.clone(),
        cache_dir: args.cache.clone(),
        zone_importance: kojo_assess::zone_importance(&model),
        today: Some(today),
        ..Default::default()
    };
    let outcome = kojo_sbom::check_model(&model, &opts).context("SBOM check")?;
    for w in &outcome.warnings {
        eprintln!("kojo vex: {w}");
    }
    let namespace = args
        .namespace
        .clone()
        .unwrap_or_else(|| kojo_sbom::vex_out::default_namespace(&model));
    let per = match args.per {
        Per::Party => kojo_sbom::vex_out::Per::Party,
        Per::Product => kojo_sbom::vex_out::Per::Product,
    };
    let docs =
        kojo_sbom::vex_out::csaf_documents(&model, &outcome.findings, per, &namespace, today);
    let lang = global.lang;
    if docs.is_empty() {
        eprintln!("kojo vex: {}", kojo_lang::text(lang, "sbom-vex-none"));
        return Ok(ExitCode::SUCCESS);
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot make {}", args.output.display()))?;
    for d in &docs {
        let mut bytes = serde_json::to_vec_pretty(&d.document)?;
        bytes.push(b'\n');
        crate::output::write_file(&args.output.join(&d.file), &bytes)?;
    }
    eprintln!(
        "kojo vex: {}",
        Message::new("sbom-vex-wrote")
            .arg("count", docs.len())
            .arg("dir", args.output.display().to_string())
            .render(lang)
    );
    Ok(ExitCode::SUCCESS)
}
