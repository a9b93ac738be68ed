//! `kojo catalog`: list, show and export the guideline catalog (plus any `--catalog` packs).

use crate::Global;
use kojo_catalog::{Applicability, Catalog, Item, Text, vocab};
use std::path::PathBuf;
use std::process::ExitCode;

/// List, show and export the catalog: the guideline's tables, threats, measures, supply-chain
/// checklists, OODA roles, maturity model, IEC 62443-3-3 requirements and the risk method,
/// with any packs given by `--catalog FILE`. Exit status: 0 ok, 1 a pack is invalid,
/// 2 an unknown id or kind, or an output error.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo catalog list --kind threat
  kojo catalog show thr-control-from-outside
  kojo --lang ja catalog show msr-net-zone-boundary-filtering
  kojo catalog export --format csv -o catalog.csv
  kojo --catalog catalog/packs/semi-e187.yaml catalog show chk-semi-e187")]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

/// What to do with the catalog.
#[derive(clap::Subcommand, Debug)]
pub enum Sub {
    /// List entries (id, kind, title, guideline reference).
    #[command(after_help = "Examples:
  kojo catalog list --kind threat
  kojo --lang ja catalog list --kind measure")]
    List {
        /// Only entries of this kind: threat, measure, checklist, checklist-item, ooda,
        /// maturity, iec62443, risk-method, or an entry kind such as threat-type, purpose,
        /// bcp-point, task, perspective, annex-zone.
        #[arg(long)]
        kind: Option<String>,
    },
    /// Show one entry in full: its reference, text, mappings and related entries.
    #[command(after_help = "Examples:
  kojo catalog show thr-control-from-outside
  kojo --lang ja catalog show msr-net-zone-boundary-filtering
  kojo catalog show 'SR 5.1'")]
    Show {
        /// The id (`thr-…`, `msr-…` or without the prefix, `chk-…`, `chk-….phase.name`, `SR 5.1`).
        id: String,
    },
    /// Export the whole catalog.
    #[command(after_help = "Examples:
  kojo catalog export > catalog.json
  kojo --lang ja catalog export --format csv -o catalog.csv")]
    Export {
        /// json (every field) or csv (one row per entry).
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Export formats.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let catalog = match Catalog::with_packs(&global.catalog) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: the catalog could not be loaded:\n{e}");
            return Ok(ExitCode::from(1));
        }
    };
    let lang = global.lang.code();
    match args.command {
        Sub::List { kind } => list(
            &catalog,
            kind.as_deref(),
            lang,
            &mut std::io::stdout().lock(),
        ),
        Sub::Show { id } => show(&catalog, &id, lang, &mut std::io::stdout().lock()),
        Sub::Export { format, output } => export(&catalog, format, output),
    }
}

fn list(
    catalog: &Catalog,
    kind: Option<&str>,
    lang: &str,
    out: &mut impl std::io::Write,
) -> anyhow::Result<ExitCode> {
    let items = catalog.items();
    if let Some(k) = kind
        && !items.iter().any(|i| i.kind_name() == k)
    {
        let mut kinds: Vec<&str> = items.iter().map(|i| i.kind_name()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        eprintln!(
            "error: no catalog entries of kind `{k}`; kinds are: {}",
            kinds.join(", ")
        );
        return Ok(ExitCode::from(2));
    }
    let rows: Vec<(String, &str, &str, String)> = items
        .iter()
        .filter(|i| kind.is_none_or(|k| i.kind_name() == k))
        .map(|i| {
            (
                i.id(),
                i.kind_name(),
                i.title().get(lang),
                i.reference().map(|r| r.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let w_id = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let w_kind = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    for (id, k, title, reference) in &rows {
        writeln!(out, "{id:w_id$}  {k:w_kind$}  {title}  [{reference}]")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn line(out: &mut impl std::io::Write, label: &str, value: &str) -> std::io::Result<()> {
    if value.is_empty() {
        Ok(())
    } else {
        writeln!(out, "{label:<13} {value}")
    }
}

fn titled(catalog: &Catalog, ids: &[String], lang: &str) -> Vec<String> {
    ids.iter()
        .map(|id| match catalog.find(id) {
            Some(i) => format!("{}  {}", i.id(), i.title().get(lang)),
            None => id.clone(),
        })
        .collect()
}

fn conditions(a: &Applicability) -> String {
    fn list<T: Copy + PartialEq>(
        key: &str,
        v: &Option<Vec<T>>,
        table: &[(&'static str, T)],
    ) -> Option<String> {
        v.as_ref().map(|v| {
            let names: Vec<&str> = v.iter().map(|x| vocab::name(table, *x)).collect();
            format!("{key} {}", names.join("|"))
        })
    }
    fn strs(key: &str, v: &Option<Vec<String>>) -> Option<String> {
        v.as_ref().map(|v| format!("{key} {}", v.join("|")))
    }
    fn flag(key: &str, v: Option<bool>) -> Option<String> {
        v.map(|b| {
            if b {
                key.to_owned()
            } else {
                format!("not {key}")
            }
        })
    }
    let (subject, parts): (&str, Vec<Option<String>>) = match a {
        Applicability::Asset(c) => (
            "asset",
            vec![
                list("kind", &c.kind, vocab::ASSET_KINDS),
                strs("role", &c.role),
                list("traits", &c.traits, vocab::ASSET_TRAITS),
                list("in zone", &c.zone_kind, vocab::ZONE_KINDS),
                list("status", &c.status, vocab::STATUSES),
                flag("external", c.external),
                list("supplier", &c.supplier_kind, vocab::PARTY_KINDS),
                flag("held in FA and OA", c.spans_fa_oa),
                flag("remote-reachable", c.remote_reachable),
            ],
        ),
        Applicability::Flow(c) => (
            "flow",
            vec![
                list("network", &c.network, vocab::NETWORKS),
                flag("control", c.control),
                flag("automated", c.automated),
                flag("crosses zones", c.crosses_zones),
                list("from", &c.from_zone_kind, vocab::ZONE_KINDS),
                list("to", &c.to_zone_kind, vocab::ZONE_KINDS),
                strs("protocol", &c.protocol),
                list("without", &c.missing_protection, vocab::PROTECTIONS),
                flag("external", c.external),
                list("status", &c.status, vocab::STATUSES),
                flag(
                    "control from outside the control network",
                    c.control_from_outside_control_network,
                ),
                flag("carries data", c.carries_data),
            ],
        ),
        Applicability::Zone(c) => (
            "zone",
            vec![
                list("kind", &c.kind, vocab::ZONE_KINDS),
                flag("managed externally", c.managed_externally),
                list("with an asset", &c.has_trait, vocab::ASSET_TRAITS),
                list("status", &c.status, vocab::STATUSES),
                strs("with role", &c.has_role),
            ],
        ),
    };
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    if parts.is_empty() {
        format!("any {subject}")
    } else {
        format!("{subject}: {}", parts.join(", "))
    }
}

fn show(
    catalog: &Catalog,
    id: &str,
    lang: &str,
    out: &mut impl std::io::Write,
) -> anyhow::Result<ExitCode> {
    let Some(item) = catalog.find(id) else {
        let s = catalog.suggest(id);
        if s.is_empty() {
            eprintln!("error: `{id}` is not in the catalog; `kojo catalog list` lists the ids");
        } else {
            eprintln!(
                "error: `{id}` is not in the catalog; did you mean {}?",
                s.iter()
                    .map(|x| format!("`{x}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            );
        }
        return Ok(ExitCode::from(2));
    };
    let t = |x: &Text| x.get(lang).to_owned();
    writeln!(out, "{}  {}", item.id(), item.title().get(lang))?;
    line(out, "kind", item.kind_name())?;
    if let Some(r) = item.reference() {
        line(out, "reference", &r.to_string())?;
    }
    match item.provenance() {
        Some(p) => line(out, "text from", p.describe().get(lang))?,
        None => line(
            out,
            "text from",
            if lang == "ja" {
                "IEC 62443-3-3の要求事項の名称"
            } else {
                "the titles of IEC 62443-3-3's requirements"
            },
        )?,
    }
    if matches!(item, Item::Threat(_) | Item::Measure(_)) {
        let note = if lang == "ja" {
            "脅威レベル、脆弱性の低減度、適用条件、対応付けはkojoによるもの"
        } else {
            "threat level, vulnerability reduction, where it applies and the mappings are kojo's"
        };
        line(out, "added by kojo", note)?;
    }
    line(out, "defined at", &item.origin().to_string())?;
    writeln!(out)?;
    writeln!(out, "{}", item.text().get(lang))?;
    writeln!(out)?;
    let join = |v: &[String]| v.join(", ");
    let srs = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|sr| match catalog.iec62443().iter().find(|r| &r.id == sr) {
                Some(r) => format!("{sr}  {}", t(&r.title)),
                None => sr.clone(),
            })
            .collect()
    };
    fn block(out: &mut impl std::io::Write, label: &str, v: &[String]) -> std::io::Result<()> {
        if v.is_empty() {
            return Ok(());
        }
        writeln!(out, "{label}:")?;
        for x in v {
            writeln!(out, "  {x}")?;
        }
        Ok(())
    }
    match item {
        Item::Threat(th) => {
            let title_of = |id: &str| {
                catalog
                    .entry(id)
                    .map(|e| format!("{id}  {}", t(&e.title)))
                    .unwrap_or_else(|| id.to_owned())
            };
            line(out, "threat type", &title_of(&th.threat_type))?;
            line(out, "viewpoint", &title_of(&th.viewpoint))?;
            line(
                out,
                "perspective",
                match th.perspective {
                    kojo_catalog::PerspectiveScope::Within => "within a zone (Table 3-4)",
                    kojo_catalog::PerspectiveScope::Between => "between zones (Table 3-4)",
                },
            )?;
            line(out, "threat level", &th.level.to_string())?;
            let impacts: Vec<String> = th
                .impacts
                .iter()
                .map(|i| format!("{i:?}").to_lowercase())
                .collect();
            line(out, "impacts", &join(&impacts))?;
            line(out, "suggested SL", &th.sl.to_string())?;
            writeln!(out)?;
            block(
                out,
                "Measures that answer it",
                &titled(catalog, &th.measures, lang),
            )?;
            block(out, "IEC 62443-3-3", &srs(&th.iec62443))?;
            line(out, "NIST CSF 2.0", &join(&th.csf))?;
            line(out, "ATT&CK ICS", &join(&th.attack))?;
            let applies: Vec<String> = th.conditions.iter().map(conditions).collect();
            block(out, "Applies to (any of)", &applies)?;
        }
        Item::Measure(m) => {
            line(out, "category", &format!("{:?}", m.category))?;
            line(
                out,
                "reduces vuln.",
                &format!("{} of 3", m.reduces_vulnerability),
            )?;
            writeln!(out)?;
            block(
                out,
                "Threats it answers",
                &titled(catalog, &m.mitigates, lang),
            )?;
            block(out, "IEC 62443-3-3", &srs(&m.iec62443))?;
            line(out, "NIST CSF 2.0", &join(&m.csf))?;
        }
        Item::Checklist(c) => {
            line(out, "checklist kind", &c.kind)?;
            line(out, "for parties", &join(&c.party_kinds))?;
            writeln!(out)?;
            for i in &c.items {
                let note = if i.advisory { " (note)" } else { "" };
                writeln!(out, "  {:<44}{}{note}", i.id, i.title.get(lang))?;
            }
        }
        Item::ChecklistItem(c, i) => {
            line(out, "checklist", &c.id)?;
            line(out, "phase", &format!("{:?}", i.phase))?;
            block(out, "IEC 62443-3-3", &srs(&i.iec62443))?;
            line(out, "NIST CSF 2.0", &join(&i.csf))?;
        }
        Item::Ooda(o) => {
            line(out, "lead", o.lead.get(lang))?;
            line(out, "decides", &join(&o.deciders))?;
            if o.owner_by_importance {
                line(out, "", "(the business owner depending on importance)")?;
            }
        }
        Item::Entry(e) => {
            if let Some(k) = &e.key {
                line(out, "model id", k)?;
            }
            if let Some(g) = &e.group {
                line(
                    out,
                    "part of",
                    &titled(catalog, std::slice::from_ref(g), lang).join(""),
                )?;
            }
            let members: Vec<String> = catalog
                .entries()
                .iter()
                .filter(|x| x.group.as_deref() == Some(e.id.as_str()))
                .map(|x| x.id.clone())
                .collect();
            block(out, "Contains", &titled(catalog, &members, lang))?;
            block(out, "Related", &titled(catalog, &e.refs, lang))?;
            let threats: Vec<String> = catalog
                .threats()
                .iter()
                .filter(|th| th.threat_type == e.id || th.viewpoint == e.id)
                .map(|th| th.id.clone())
                .collect();
            block(out, "Threats", &titled(catalog, &threats, lang))?;
        }
        Item::RiskMethod(r) => {
            for l in &r.levels {
                writeln!(
                    out,
                    "  {}  {}  -> {}",
                    l.id,
                    t(&l.title),
                    l.severity.as_str()
                )?;
            }
        }
        Item::Maturity(_) | Item::Requirement(_) => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn export(
    catalog: &Catalog,
    format: ExportFormat,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let text = match format {
        ExportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&catalog.to_json())?;
            s.push('\n');
            s
        }
        ExportFormat::Csv => match catalog.to_csv() {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(2));
            }
        },
    };
    match output {
        Some(path) => {
            if let Err(e) = crate::output::write_file(&path, text.as_bytes()) {
                eprintln!("error: {e:#}");
                return Ok(ExitCode::from(2));
            }
        }
        None => crate::output::write_stdout(text.as_bytes(), false)?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        match Catalog::embedded() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    fn shown(c: &Catalog, id: &str, lang: &str) -> (ExitCode, String) {
        let mut buf = Vec::new();
        let code = match show(c, id, lang, &mut buf) {
            Ok(code) => code,
            Err(e) => panic!("{e}"),
        };
        (code, String::from_utf8_lossy(&buf).into_owned())
    }

    #[test]
    fn show_a_threat_gives_reference_measures_and_mappings() {
        let c = catalog();
        let (code, out) = shown(&c, "thr-unauthenticated-ot-protocol", "en");
        assert_eq!(code, ExitCode::SUCCESS);
        for want in [
            "reference     3.1.7, Table 3-4 row 4",
            "text from     added by kojo, not in the guideline",
            "msr-net-protocol-authentication  Authenticated industrial protocols",
            "SR 3.1  Communication integrity",
            "NIST CSF 2.0  PR.DS-02, PR.AA-03",
            "ATT&CK ICS    T0855, T0830, T0843, T0836",
            "flow: protocol modbus-tcp|modbus|modbus-rtu|s7comm|enip|cip|dnp3|bacnet|iec104|profinet, without authentication",
        ] {
            assert!(out.contains(want), "missing `{want}` in:\n{out}");
        }
        let (_, ja) = shown(&c, "thr-unauthenticated-ot-protocol", "ja");
        assert!(ja.contains("認証のない産業用プロトコル"), "{ja}");
        assert!(ja.contains("SR 3.1  通信の完全性"), "{ja}");
        assert!(
            ja.contains("kojoによる追加（ガイドラインにはない）"),
            "{ja}"
        );
        let (_, out) = shown(&c, "thr-transfer-integrity", "en");
        assert!(
            out.contains("text from     the guideline's content in kojo's words"),
            "{out}"
        );
        let (_, out) = shown(&c, "pobj-iot-devices", "en");
        assert!(
            out.contains("text from     the guideline's own wording"),
            "{out}"
        );
    }

    #[test]
    fn show_unknown_id_is_a_usage_error_and_measures_take_short_ids() {
        let c = catalog();
        let (code, out) = shown(&c, "thr-nope-nope", "en");
        assert_eq!(code, ExitCode::from(2));
        assert!(out.is_empty());
        let (code, out) = shown(&c, "net-zone-boundary-filtering", "en");
        assert_eq!(code, ExitCode::SUCCESS);
        assert!(
            out.starts_with("msr-net-zone-boundary-filtering  "),
            "{out}"
        );
        assert!(
            out.contains("thr-control-from-outside"),
            "threats it answers: {out}"
        );
        let (_, out) = shown(&c, "chk-cloud-service", "en");
        assert!(out.contains("contract.service-levels-stated"), "{out}");
    }

    #[test]
    fn list_filters_by_kind() {
        let c = catalog();
        let mut buf = Vec::new();
        let code = list(&c, Some("threat-type"), "en", &mut buf).ok();
        assert_eq!(code, Some(ExitCode::SUCCESS));
        let text = String::from_utf8_lossy(&buf);
        assert_eq!(text.lines().count(), 10);
        assert!(text.lines().all(|l| l.starts_with("tt-")));
        let mut buf = Vec::new();
        assert_eq!(
            list(&c, Some("nope"), "en", &mut buf).ok(),
            Some(ExitCode::from(2))
        );
        assert!(buf.is_empty());
    }
}
