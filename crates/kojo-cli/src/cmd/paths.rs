//! `kojo paths MODEL [--from SUBJECT] [--to SUBJECT]`: how entry points reach zones over the
//! conduit graph, shortest path first.

use crate::Global;
use crate::global::Lang;
use anyhow::Context as _;
use kojo_model::Date;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Print the shortest path from each entry point (internet, carrier, VPN and remote access,
/// wireless, removable media, maintenance laptops, external parties, external zones and
/// other sites) into every zone it reaches: the zones passed, the flow of each hop, the
/// boundary devices, protections and measures on it, and whether a person reviews what
/// crosses. Exit status: 0 printed, 1 invalid model or no path matches, 2 usage or I/O error.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo paths examples/annex-a/case2-after.yaml
  kojo paths factory.yaml --from internet --to zone:control
  kojo paths factory.yaml --from asset:eng-station --format json")]
pub struct Args {
    /// The factory model (YAML).
    pub model: PathBuf,
    /// Only paths from this entry point: internet, carrier, vpn, wireless, removable-media,
    /// maintenance-laptop, party:ID, zone:ID, or asset:ID (assumed compromised).
    #[arg(long, value_name = "SUBJECT")]
    pub from: Option<String>,
    /// Only paths into this zone (zone:ID) or the zone of this asset (asset:ID).
    #[arg(long, value_name = "SUBJECT")]
    pub to: Option<String>,
    /// Also the paths into zones that are neither high-importance control/production zones
    /// nor hold a safety function (by default only those are printed).
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The date the assessment is made on (YYYY-MM-DD; default today, UTC).
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_date)]
    pub today: Option<Date>,
}

/// Output formats of `kojo paths`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let catalog = crate::common::catalog(global)?;
    let model = match crate::common::load_valid(&args.model, &catalog, global) {
        Ok(m) => m,
        Err(code) => return Ok(code),
    };
    // An asset named in --from is assumed compromised: it becomes an entry point.
    let compromised: Vec<String> = args
        .from
        .iter()
        .filter(|f| f.starts_with("asset:"))
        .cloned()
        .collect();
    let today = args.today.unwrap_or_else(Date::today_utc);
    let paths = match kojo_assess::attack_paths(&model, &catalog, today, &compromised) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("kojo paths: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let to_zone = match args.to.as_deref() {
        None => None,
        Some(t) => match t.split_once(':') {
            Some(("zone", id)) if model.zone(id).is_some() => Some(format!("zone:{id}")),
            Some(("asset", id)) => match model.asset(id).and_then(|a| a.zones.first()) {
                Some(z) => Some(format!("zone:{z}")),
                None => {
                    eprintln!("kojo paths: --to `{t}`: the model has no asset `{id}`");
                    return Ok(ExitCode::from(2));
                }
            },
            _ => {
                eprintln!(
                    "kojo paths: --to `{t}`: expected zone:ID or asset:ID of the model (zones: {})",
                    model
                        .zones
                        .iter()
                        .map(|z| z.id.as_str())
                        .take(8)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return Ok(ExitCode::from(2));
            }
        },
    };
    let picked: Vec<&kojo_assess::AttackPath> = paths
        .iter()
        .filter(|p| args.from.as_deref().is_none_or(|f| p.entry == f))
        .filter(|p| to_zone.as_deref().is_none_or(|z| p.zone == z))
        .filter(|p| args.all || args.to.is_some() || p.target)
        .collect();
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &picked).context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Text => {
            let ja = global.lang == Lang::Ja;
            for p in &picked {
                let entry = if ja {
                    &p.entry_words.1
                } else {
                    &p.entry_words.0
                };
                if ja {
                    writeln!(
                        out,
                        "{entry} → {}: {}(境界装置 {} 台{})",
                        p.zone_name,
                        p.zone_names.join(" → "),
                        p.boundaries,
                        if p.human_review {
                            "、人の確認あり"
                        } else {
                            "、人の確認なし"
                        }
                    )?;
                } else {
                    writeln!(
                        out,
                        "{entry} → {}: {} ({} enforcing boundary {}{})",
                        p.zone_name,
                        p.zone_names.join(" → "),
                        p.boundaries,
                        if p.boundaries == 1 {
                            "device"
                        } else {
                            "devices"
                        },
                        if p.human_review {
                            ", a person reviews a hop"
                        } else {
                            ", no person on the way"
                        }
                    )?;
                }
                for h in &p.hops {
                    let s = |k: &str| h[k].as_str().unwrap_or("").to_string();
                    let list = |k: &str| {
                        h[k].as_array()
                            .map(|v| {
                                v.iter()
                                    .filter_map(|x| x.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            })
                            .unwrap_or_default()
                    };
                    let none = if ja { "なし" } else { "none" };
                    let or_none = |v: String| if v.is_empty() { none.to_string() } else { v };
                    let words: [&str; 4] = if ja {
                        ["ネットワーク", "境界装置", "保護策", "対策"]
                    } else {
                        ["network", "boundary devices", "protections", "measures"]
                    };
                    writeln!(
                        out,
                        "    {} → {}  {}  {} {}  {} {}  {} {}  {} {}",
                        or_none(s("from")),
                        s("to"),
                        s("flow"),
                        words[0],
                        s("network"),
                        words[1],
                        or_none(list("boundary_devices")),
                        words[2],
                        or_none(list("protections")),
                        words[3],
                        or_none(list("measures"))
                    )?;
                }
            }
        }
    }
    if picked.is_empty() {
        eprintln!(
            "kojo paths: no path matches{}",
            if args.all || args.to.is_some() {
                ""
            } else {
                " (only paths into high-importance control/production zones and safety functions are shown; --all shows every zone)"
            }
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
