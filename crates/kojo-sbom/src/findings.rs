//! Findings of the SBOM check, in the assessment contract's words: one rule per kind.

use crate::index::{AdvisoryIndex, purl_base};
use crate::matcher::{Verdict, VulnMatch, match_components};
use crate::sbom::{self, Component, Sbom};
use crate::vex::VexDocument;
use kojo_findings::{Finding, KeyedList, Severity, SourceLocation, Text, finding_id};
use kojo_lang::{Lang, Message};
use kojo_model::{Asset, AssetKind, AssetTrait, Date, Level, Model, OodaStep};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const STEP: &str = "3";
const REFERENCE: &str = "3.3 (2), Table 3-12";

/// Rule ids, for SARIF.
pub const RULE_SBOM_MISSING: &str = "KJ-SBOM-001";
pub const RULE_SBOM_INVALID: &str = "KJ-SBOM-002";
pub const RULE_VULNERABILITY: &str = "KJ-SBOM-003";
pub const RULE_LICENSE_UNKNOWN: &str = "KJ-SBOM-004";
pub const RULE_LICENSE_POLICY: &str = "KJ-SBOM-005";
pub const RULE_ADVISORY_INVALID: &str = "KJ-SBOM-006";

/// An advisory file that cannot be read: a fault of that file, the others are matched.
pub const RULE_ADVISORIES_STALE: &str = "KJ-SBOM-007";

/// Days from 1970-01-01 (proleptic Gregorian), to count an advisory set's age.
fn days(d: Date) -> i64 {
    let (y, m) = if d.month <= 2 {
        (i64::from(d.year) - 1, i64::from(d.month) + 9)
    } else {
        (i64::from(d.year), i64::from(d.month) - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + i64::from(d.day) - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// `advisories-stale`: the newest advisory is more than `limit` days before `today`.
pub(crate) fn advisories_stale(newest: &str, today: Date, limit: u32) -> Option<Finding> {
    let n = Date::parse(newest)?;
    let age = days(today) - days(n);
    if age <= i64::from(limit) {
        return None;
    }
    let text = |lang: Lang| Text {
        title: Message::new("sbom-stale-title")
            .arg("days", age)
            .render(lang),
        detail: Message::new("sbom-stale-detail")
            .arg("newest", newest)
            .arg("days", age)
            .arg("today", today.to_string())
            .arg("limit", i64::from(limit))
            .render(lang),
        recommendation: kojo_lang::text(lang, "sbom-stale-recommendation"),
    };
    let facts = [
        ("newest", json!(newest)),
        ("age_days", json!(age)),
        ("limit_days", json!(limit)),
    ];
    Some(factory_finding(
        ("advisories-stale", RULE_ADVISORIES_STALE, "advisories"),
        (text(Lang::En), text(Lang::Ja)),
        &facts,
        None,
    ))
}

/// A finding of the advisory set as a whole (subject `factory`, the vulnerability measures
/// of the catalog): `what` is its kind, rule and id discriminator.
fn factory_finding(
    what: (&str, &str, &str),
    (en, ja): (Text, Text),
    facts: &[(&str, serde_json::Value)],
    location: Option<SourceLocation>,
) -> Finding {
    let (kind, rule, disc) = what;
    let subjects = vec!["factory".to_string()];
    Finding {
        id: finding_id(kind, &subjects, disc),
        kind: kind.into(),
        step: STEP.into(),
        severity: Severity::Medium,
        subjects,
        title: en.title,
        detail: en.detail,
        recommendation: en.recommendation,
        reference: REFERENCE.into(),
        catalog: catalog_measures("vulnerability")
            .iter()
            .map(|m| m.to_string())
            .collect(),
        decision: None,
        location,
        rule: Some(rule.into()),
        facts: facts
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>()
            .into(),
        i18n: KeyedList::from([("ja", ja)]),
    }
}

pub(crate) fn advisory_invalid(path: &str, why: &str) -> Finding {
    let en = Text {
        title: format!("Advisory file cannot be read: {path}"),
        detail: format!(
            "{path}: {why}. Its vulnerabilities are not matched; every other advisory file is."
        ),
        recommendation: "Replace the file with a good copy from its source (OSV, CSAF or KEV) \
                         and run again."
            .into(),
    };
    let ja = Text {
        title: format!("勧告ファイルを読み取れません: {path}"),
        detail: format!(
            "{path}: {}。このファイルの脆弱性は照合されません。他の勧告ファイルは照合されます。",
            crate::ja::reason(why)
        ),
        recommendation:
            "入手元(OSV、CSAF、KEV)から正しいファイルを取得し直し、再実行してください。".into(),
    };
    let facts = [("file", json!(path)), ("error", json!(why))];
    let location = SourceLocation {
        path: path.to_string(),
        line: 0,
        column: 0,
    };
    factory_finding(
        ("advisory-invalid", RULE_ADVISORY_INVALID, path),
        (en, ja),
        &facts,
        Some(location),
    )
}

/// Whether an asset should come with an SBOM: software, general-purpose products and
/// anything built on OSS (an embedded computer with OSS included).
pub fn needs_sbom(a: &Asset) -> bool {
    a.kind == AssetKind::Software
        || a.has_trait(AssetTrait::GeneralPurpose)
        || a.has_trait(AssetTrait::Oss)
}

/// The SBOM file of an asset, resolved against the file that declares the asset.
pub fn sbom_path(model: &Model, a: &Asset) -> Option<PathBuf> {
    let rel = a.sbom.as_ref()?;
    if rel.is_absolute() {
        return Some(rel.clone());
    }
    let base = model
        .sources
        .get(a.loc.file as usize)
        .and_then(|s| s.path.parent())
        .unwrap_or(Path::new(""));
    Some(base.join(rel))
}

struct Ctx<'a> {
    model: &'a Model,
    zone_importance: BTreeMap<String, Level>,
    ooda: OodaText,
    epss: &'a crate::epss::Epss,
}

/// What the check takes besides the model and the index: `--vex` documents and EPSS scores.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    pub vex: Vec<VexDocument>,
    pub epss: crate::epss::Epss,
}

pub(crate) fn check(
    model: &Model,
    index: Option<&AdvisoryIndex>,
    zone_importance: &BTreeMap<String, Level>,
    extra: &Extra,
) -> Vec<Finding> {
    let zone_importance = if zone_importance.is_empty() {
        given_zone_importance(model)
    } else {
        zone_importance.clone()
    };
    let ctx = Ctx {
        model,
        zone_importance,
        ooda: ooda_text(model),
        epss: &extra.epss,
    };
    // VEX documents among the advisories, then the `--vex` files: the last one given wins.
    let outside: Vec<VexDocument> = index
        .map(|i| i.vex.as_slice())
        .unwrap_or_default()
        .iter()
        .chain(&extra.vex)
        .cloned()
        .collect();
    let mut out = Vec::new();
    let mut cache: HashMap<PathBuf, Result<Sbom, String>> = HashMap::new();
    for a in &model.assets {
        // The device itself, matched like a component of its SBOM.
        if let (Some(p), Some(idx)) = (&a.product, index) {
            let comps = [product_component(p)];
            for m in match_components(idx, &comps) {
                out.push(vulnerability(&ctx, a, None, &comps, &outside, &m));
            }
        }
        let Some(path) = sbom_path(model, a) else {
            if needs_sbom(a) {
                out.push(sbom_missing(&ctx, a));
            }
            continue;
        };
        let parsed = cache.entry(path.clone()).or_insert_with(|| {
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read: {e}"))?;
            sbom::parse(&bytes).map_err(|e| e.to_string())
        });
        match parsed {
            Err(why) => out.push(sbom_invalid(&ctx, a, &path, why)),
            Ok(s) => {
                if let Some(idx) = index {
                    // The SBOM's own statements first, so that outside documents win.
                    let mut docs = vec![VexDocument {
                        path: path.display().to_string(),
                        format: crate::vex::VexFormat::CycloneDx,
                        claims: crate::vex::embedded_claims(&s.vex),
                    }];
                    docs.extend(outside.iter().cloned());
                    for m in match_components(idx, &s.components) {
                        out.push(vulnerability(
                            &ctx,
                            a,
                            Some(&path),
                            &s.components,
                            &docs,
                            &m,
                        ));
                    }
                }
                out.extend(license_unknown(&ctx, a, &path, &s.components));
                out.extend(license_policy(&ctx, a, &path, &s.components));
            }
        }
    }
    // The assessment's rule, so `kojo sbom` on its own agrees with `kojo assess`.
    kojo_findings::apply_decisions(&mut out, &model.decisions, Date::today_utc());
    out
}

/// Zone importance from what the model gives, where the assessment supplies none: the
/// highest importance of the assets in it, each as given or else that of its operations.
fn given_zone_importance(model: &Model) -> BTreeMap<String, Level> {
    let mut m: BTreeMap<String, Level> = BTreeMap::new();
    for a in &model.assets {
        let of_ops = || {
            a.operations
                .iter()
                .filter_map(|o| model.operation(o).and_then(|o| o.importance))
                .max()
        };
        if let Some(l) = a.importance.max().or_else(of_ops) {
            for z in &a.zones {
                let e = m.entry(z.clone()).or_insert(l);
                *e = (*e).max(l);
            }
        }
    }
    m
}

fn important(ctx: &Ctx, a: &Asset) -> bool {
    a.zones
        .iter()
        .any(|z| ctx.zone_importance.get(z) == Some(&Level::High))
}

fn subjects(a: &Asset) -> Vec<String> {
    let mut s = vec![format!("asset:{}", a.id)];
    s.extend(a.zones.iter().map(|z| format!("zone:{z}")));
    s
}

fn location(model: &Model, a: &Asset) -> Option<SourceLocation> {
    let p = model.path_of(a.loc)?;
    Some(SourceLocation {
        path: p.display().to_string(),
        line: a.loc.line,
        column: a.loc.column,
    })
}

#[allow(clippy::too_many_arguments)]
fn finding(
    ctx: &Ctx,
    a: &Asset,
    kind: &str,
    rule: &str,
    discriminator: &str,
    severity: Severity,
    en: Text,
    ja: Text,
    facts: BTreeMap<String, Value>,
) -> Finding {
    let subjects = subjects(a);
    Finding {
        id: finding_id(kind, &subjects, discriminator),
        kind: kind.into(),
        step: STEP.into(),
        severity,
        subjects,
        title: en.title,
        detail: en.detail,
        recommendation: en.recommendation,
        reference: REFERENCE.into(),
        catalog: catalog_measures(kind)
            .iter()
            .map(|m| m.to_string())
            .collect(),
        decision: None,
        location: location(ctx.model, a),
        rule: Some(rule.into()),
        facts: facts.into(),
        i18n: KeyedList::from([("ja", ja)]),
    }
}

/// The catalog measures (`catalog/measures.yaml`) behind each kind.
pub fn catalog_measures(kind: &str) -> &'static [&'static str] {
    match kind {
        "sbom-missing" | "sbom-invalid" => &["msr-sc-sbom", "msr-sw-component-visibility"],
        "vulnerability" => &[
            "msr-sw-vulnerability-management",
            "msr-ops-vulnerability-information",
        ],
        "license-unknown" | "license-policy" => &["msr-sw-license-management"],
        _ => &[],
    }
}

fn sbom_missing(ctx: &Ctx, a: &Asset) -> Finding {
    let sev = if important(ctx, a) {
        Severity::Medium
    } else {
        Severity::Low
    };
    let (why, kind) = if a.kind == AssetKind::Software {
        ("software", "software")
    } else if a.has_trait(AssetTrait::GeneralPurpose) {
        ("a general-purpose product", "general-purpose")
    } else {
        ("built on OSS", "oss")
    };
    let facts = BTreeMap::from([("asset_kind".into(), json!(why))]);
    // The asset by name in prose; its id is the subject.
    let text = |lang: Lang| Text {
        title: Message::new("sbom-missing-title")
            .arg("asset", a.name.as_str())
            .render(lang),
        detail: Message::new("sbom-missing-detail")
            .arg("asset", a.name.as_str())
            .arg("why", kind)
            .render(lang),
        recommendation: Message::new("sbom-missing-rec").render(lang),
    };
    finding(
        ctx,
        a,
        "sbom-missing",
        RULE_SBOM_MISSING,
        "",
        sev,
        text(Lang::En),
        text(Lang::Ja),
        facts,
    )
}

fn sbom_invalid(ctx: &Ctx, a: &Asset, path: &Path, why: &str) -> Finding {
    let sev = if important(ctx, a) {
        Severity::Medium
    } else {
        Severity::Low
    };
    let facts = BTreeMap::from([
        ("sbom".into(), json!(path.display().to_string())),
        ("error".into(), json!(why)),
    ]);
    finding(
        ctx,
        a,
        "sbom-invalid",
        RULE_SBOM_INVALID,
        "",
        sev,
        Text {
            title: format!("{}: the SBOM cannot be read", a.name),
            detail: format!("{}: {why}", path.display()),
            recommendation: "Fix or replace the SBOM (CycloneDX 1.2–1.7 JSON/XML or SPDX 2.3 \
                             JSON); until then none of its components is checked."
                .into(),
        },
        Text {
            title: format!("{}: SBOMを読み取れません", a.name),
            detail: format!("{}: {}", path.display(), crate::ja::reason(why)),
            recommendation:
                "SBOM(CycloneDX 1.2〜1.7 JSON/XML または SPDX 2.3 JSON)を修正・差し替えてください。\
                             それまで構成要素は照合されません。"
                    .into(),
        },
        facts,
    )
}

/// Severity from the CVSS base score (or the advisory's own word), raised one step for a
/// known-exploited vulnerability and one for an asset in a high-importance zone.
pub fn vulnerability_severity(m: &VulnMatch, important_zone: bool) -> Severity {
    if let Verdict::CannotEvaluate(_) = m.verdict {
        return if important_zone {
            Severity::Medium
        } else {
            Severity::Low
        };
    }
    let mut s = match m.cvss_score {
        Some(x) if x >= 9.0 => Severity::Critical,
        Some(x) if x >= 7.0 => Severity::High,
        Some(x) if x >= 4.0 => Severity::Medium,
        Some(x) if x > 0.0 => Severity::Low,
        Some(_) => Severity::Info,
        None => match m
            .severity_text
            .as_deref()
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("CRITICAL") => Severity::Critical,
            Some("HIGH") => Severity::High,
            Some("LOW") => Severity::Low,
            _ => Severity::Medium,
        },
    };
    // Soundness or maintenance notices are not exploitable vulnerabilities as such.
    if m.informational.is_some() {
        s = s.min(Severity::Low);
    }
    if !m.kev.is_empty() {
        s = s.raised();
    }
    if important_zone {
        s = s.raised();
    }
    // A name matched loosely, with no version compared, may be a neighbouring product.
    if m.path.is_loose() && !m.version_matched {
        s = s.min(Severity::Medium);
    }
    s
}

fn component_key(c: &Component) -> String {
    if let Some(p) = c.purl.as_deref().and_then(purl_base) {
        return p;
    }
    if let Some(cpe) = c.cpe.as_deref().and_then(crate::cpe::Cpe::parse) {
        return format!("cpe:{}", cpe.key());
    }
    let vendor = c
        .vendors
        .first()
        .map(|v| crate::advisory::norm_name(v))
        .unwrap_or_default();
    format!("{vendor}/{}", crate::advisory::norm_name(&c.name))
}

/// `advisory|component|version|cpe`: the component's identity with its version (from the
/// component or its purl) and its CPE where one is given.
fn component_discriminator(advisory: &str, c: &Component) -> String {
    let version = c
        .version
        .clone()
        .or_else(|| {
            c.purl
                .as_deref()
                .and_then(crate::matcher::purl_package)
                .and_then(|p| p.2)
        })
        .unwrap_or_default();
    let cpe = c
        .cpe
        .as_deref()
        .and_then(crate::cpe::Cpe::parse)
        .map(|p| {
            let v = p.full_version().unwrap_or_default();
            format!("{}:{v}", p.key())
        })
        .unwrap_or_default();
    format!("{advisory}|{}|{version}|{cpe}", component_key(c))
}

/// An asset's `product:` as a component: its vendor is its maker.
fn product_component(p: &kojo_model::AssetProduct) -> Component {
    Component {
        kind: Some("device".into()),
        name: p.name.clone(),
        version: p.version.clone(),
        supplier: p.vendor.clone(),
        vendors: p.vendor.iter().cloned().collect(),
        cpe: p.cpe.clone(),
        ..Default::default()
    }
}

/// A CycloneDX justification in words.
fn justification_words(j: &str) -> (String, String) {
    let (en, ja) = match j {
        "code_not_present" => ("the code is not present", "該当コードを含まない"),
        "code_not_reachable" => ("the code is not reachable", "該当コードに到達しない"),
        "requires_configuration" => (
            "it needs a configuration not used",
            "使っていない設定が必要",
        ),
        "requires_dependency" => (
            "it needs a dependency not present",
            "含まれない依存関係が必要",
        ),
        "requires_environment" => ("it needs an environment not used", "使っていない環境が必要"),
        "protected_by_compiler" => ("protected by the compiler", "コンパイラにより保護"),
        "protected_at_runtime" => ("protected at run time", "実行時に保護"),
        "protected_at_perimeter" => ("protected at the perimeter", "境界で保護"),
        "protected_by_mitigating_control" => {
            ("protected by a mitigating control", "緩和策により保護")
        }
        other => return (other.to_string(), other.to_string()),
    };
    (en.into(), ja.into())
}

/// A justification label (CycloneDX, CSAF flag or OpenVEX) in words of `lang`.
fn justification_in(lang: Lang, j: &str) -> String {
    let id = format!("sbom-vex-flag-{j}");
    let t = kojo_lang::text(lang, &id);
    if t != id {
        return t;
    }
    let (en, ja) = justification_words(j);
    lang.pick(&en, &ja).to_string()
}

/// `path` is the SBOM the component is from; `None` for the asset's own `product:`.
fn vulnerability(
    ctx: &Ctx,
    a: &Asset,
    path: Option<&Path>,
    comps: &[Component],
    vex: &[VexDocument],
    m: &VulnMatch,
) -> Finding {
    let c = comps.get(m.component).cloned().unwrap_or_default();
    let imp = important(ctx, a);
    let sev = vulnerability_severity(m, imp);
    let cves: Vec<&String> = m.aliases.iter().filter(|x| x.starts_with("CVE-")).collect();
    let ids = if cves.is_empty() {
        m.advisory.clone()
    } else {
        format!(
            "{} ({})",
            m.advisory,
            cves.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut facts = BTreeMap::from([
        ("advisory".into(), json!(m.advisory)),
        ("source".into(), json!(m.source)),
        ("match".into(), json!(m.path.as_str())),
        ("confidence".into(), json!(m.confidence())),
        ("aliases".into(), json!(m.aliases)),
        (
            "component".into(),
            json!({
                "name": c.name, "version": c.version, "purl": c.purl, "cpe": c.cpe,
                "bom_ref": c.bom_ref, "supplier": c.supplier, "vendor": c.vendors.first(),
            }),
        ),
        ("product".into(), json!(m.product)),
        ("affected_range".into(), json!(m.range)),
        ("fixed".into(), json!(m.fixed)),
        ("remediations".into(), json!(m.remediations)),
        ("cvss_score".into(), json!(m.cvss_score)),
        ("cvss_vector".into(), json!(m.cvss_vector)),
        ("kev".into(), json!(!m.kev.is_empty())),
        ("sbom".into(), json!(path.map(|p| p.display().to_string()))),
        (
            "from".into(),
            json!(if path.is_some() {
                "sbom"
            } else {
                "asset-product"
            }),
        ),
        ("important_zone".into(), json!(imp)),
        ("ooda".into(), ctx.ooda.facts.clone()),
    ]);
    if let Some(k) = m.kev.first() {
        facts.insert(
            "kev_entry".into(),
            json!({"cve": k.cve, "date_added": k.date_added, "due_date": k.due_date,
                   "ransomware": k.ransomware}),
        );
    }
    if let Some(i) = &m.informational {
        facts.insert("informational".into(), json!(i));
    }
    let vex_note = crate::vex::claim_for(vex, &c, &m.advisory, &m.aliases).map(|(d, v)| {
        facts.insert(
            "vex".into(),
            json!({"status": v.status.as_str(), "state": v.state,
                   "justification": v.justification, "detail": v.detail,
                   "source": d.format.as_str(), "document": d.path,
                   "statement": v.statement}),
        );
        let say = |lang: Lang| {
            let why = v
                .justification
                .as_deref()
                .map(|j| format!(" ({})", justification_in(lang, j)))
                .unwrap_or_default();
            let id = if v.status.settles() {
                "sbom-vex-settles"
            } else {
                "sbom-vex-open"
            };
            let doc = Path::new(&d.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| d.path.clone());
            let status = kojo_lang::text(lang, &format!("sbom-vex-status-{}", v.status.as_str()));
            format!(
                " {}",
                Message::new(id)
                    .arg("document", doc)
                    .arg("status", status)
                    .arg("why", why)
                    .render(lang)
            )
        };
        (say(Lang::En), say(Lang::Ja))
    });
    let epss_note = m
        .aliases
        .iter()
        .chain(std::iter::once(&m.advisory))
        .find_map(|id| ctx.epss.get(id))
        .map(|e| {
            facts.insert(
                "epss".into(),
                json!({"cve": e.cve, "score": e.score, "percentile": e.percentile,
                       "date": ctx.epss.date}),
            );
            let say = |lang: Lang| {
                Message::new("sbom-epss")
                    .arg("score", format!("{:.3}", e.score))
                    .arg("percentile", format!("{:.3}", e.percentile))
                    .arg("date", ctx.epss.date.clone().unwrap_or_default())
                    .render(lang)
            };
            (say(Lang::En), say(Lang::Ja))
        });
    let (vex_en, vex_ja) = vex_note.unwrap_or_default();
    let disc = component_discriminator(&m.advisory, &c);
    facts.insert(
        "previous_id".into(),
        json!(finding_id(
            "vulnerability",
            &subjects(a),
            &format!("{}|{}", m.advisory, component_key(&c))
        )),
    );
    let comp = c.display();
    if let Verdict::CannotEvaluate(why) = &m.verdict {
        facts.insert("status".into(), json!("cannot-evaluate"));
        facts.insert("reason".into(), json!(why));
        return finding(
            ctx,
            a,
            "vulnerability",
            RULE_VULNERABILITY,
            &disc,
            sev,
            Text {
                title: format!("{}: cannot evaluate {ids} for {comp}", a.name),
                detail: format!(
                    "{comp} matches {} of {} by {}, but whether its version is affected cannot \
                     be decided: {why}. Affected range as written: {}.{vex_en}",
                    m.product,
                    m.advisory,
                    m.path.words().0,
                    m.range
                ),
                recommendation: format!(
                    "Check the version against {} by hand and record the result as a decision. {}",
                    m.advisory, ctx.ooda.en
                ),
            },
            Text {
                title: format!("{}: {comp} について {ids} を判定できません", a.name),
                detail: format!(
                    "{comp} は{}で {} の {} に一致しますが、バージョンが影響を受けるか判定できません: {}。\
                     影響範囲の記載: {}。{vex_ja}",
                    m.path.words().1,
                    m.advisory,
                    m.product,
                    crate::ja::reason(why),
                    m.range
                ),
                recommendation: format!(
                    "{} に照らしてバージョンを手作業で確認し、結果を decisions に記録してください。{}",
                    m.advisory, ctx.ooda.ja
                ),
            },
            facts,
        );
    }
    facts.insert("status".into(), json!("affected"));
    let score = match (m.cvss_score, &m.cvss_vector) {
        (Some(s), Some(v)) => format!("CVSS {s:.1} ({v})"),
        (Some(s), None) => format!("CVSS {s:.1}"),
        (None, Some(v)) => format!("CVSS vector {v}"),
        (None, None) => "no CVSS score given".into(),
    };
    let (score, score_ja) = match &epss_note {
        Some((en, ja)) => (format!("{score}; {en}"), format!("{score}、{ja}")),
        None => (score.clone(), score),
    };
    let mut notes_en = Vec::new();
    let mut notes_ja = Vec::new();
    if let Some(k) = m.kev.first() {
        notes_en.push(format!(
            "{} is in CISA's Known Exploited Vulnerabilities catalog (added {}, due {})",
            k.cve, k.date_added, k.due_date
        ));
        notes_ja.push(format!(
            "{} はCISAの既知の悪用された脆弱性(KEV)カタログに掲載されています(追加 {}、期限 {})",
            k.cve, k.date_added, k.due_date
        ));
    }
    if imp {
        notes_en.push("the asset is in a high-importance zone".into());
        notes_ja.push("資産は重要度の高いゾーンにあります".into());
    }
    if let Some(i) = &m.informational {
        notes_en.push(format!(
            "informational advisory ({i}), not an exploitable flaw as such"
        ));
        notes_ja.push(format!(
            "情報提供の勧告({i})であり、それ自体は悪用可能な脆弱性ではありません"
        ));
    }
    let fix_en = if !m.fixed.is_empty() {
        format!("Update {} to {} or later.", c.name, m.fixed.join(" / "))
    } else if m.remediations.iter().any(|r| r.starts_with("vendor_fix")) {
        "Apply the vendor fix.".to_string()
    } else {
        "No fixed version is named: apply the mitigations and isolate the component.".to_string()
    };
    let fix_ja = if !m.fixed.is_empty() {
        format!(
            "{} を {} 以降に更新してください。",
            c.name,
            m.fixed.join(" / ")
        )
    } else if m.remediations.iter().any(|r| r.starts_with("vendor_fix")) {
        "ベンダーの修正を適用してください。".to_string()
    } else {
        "修正版の記載がありません。緩和策を適用し、構成要素を隔離してください。".to_string()
    };
    // The vendor's fix where there is one, else the first mitigations (all are in facts).
    let fixes: Vec<&str> = m
        .remediations
        .iter()
        .filter(|r| r.starts_with("vendor_fix"))
        .map(|r| r.trim_end_matches('.'))
        .collect();
    let shown: Vec<&str> = if fixes.is_empty() {
        m.remediations
            .iter()
            .take(3)
            .map(|r| r.trim_end_matches('.'))
            .collect()
    } else {
        fixes
    };
    let more = m.remediations.len().saturating_sub(shown.len());
    let (rem, rem_ja) = if shown.is_empty() {
        (String::new(), String::new())
    } else {
        let tail = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        let tail_ja = if more > 0 {
            format!("(他 {more} 件)")
        } else {
            String::new()
        };
        (
            format!(" Remediation: {}{tail}.", shown.join(" / ")),
            format!(" 対策: {}{tail_ja}。", shown.join(" / ")),
        )
    };
    let notes = if notes_en.is_empty() {
        String::new()
    } else {
        format!(" Raised: {}.", notes_en.join("; "))
    };
    let notes_ja = if notes_ja.is_empty() {
        String::new()
    } else {
        format!(" 引き上げ理由: {}。", notes_ja.join("、"))
    };
    finding(
        ctx,
        a,
        "vulnerability",
        RULE_VULNERABILITY,
        &disc,
        sev,
        Text {
            title: format!("{}: {comp} is affected by {ids}", a.name),
            detail: format!(
                "{comp} (matched by {} to {}) is in the affected range {} of {}: {}. {score}.{notes}{vex_en}",
                m.path.words().0,
                m.product,
                m.range,
                m.advisory,
                m.title,
            ),
            recommendation: format!("{fix_en}{rem} {}", ctx.ooda.en),
        },
        Text {
            title: format!("{}: {comp} は {ids} の影響を受けます", a.name),
            detail: format!(
                "{comp}({}で {} に一致)は {} の影響範囲 {} に含まれます: {}。{score_ja}。{notes_ja}{vex_ja}",
                m.path.words().1,
                m.product,
                m.advisory,
                m.range,
                m.title,
            ),
            recommendation: format!("{fix_ja}{rem_ja} {}", ctx.ooda.ja),
        },
        facts,
    )
}

/// Components that count for licence management: everything but the described product
/// itself and hardware.
fn licensable(c: &Component) -> bool {
    !c.is_root && c.kind.as_deref() != Some("device")
}

fn license_unknown(ctx: &Ctx, a: &Asset, path: &Path, comps: &[Component]) -> Option<Finding> {
    let unknown: Vec<String> = comps
        .iter()
        .filter(|c| licensable(c) && c.licenses.is_empty())
        .map(Component::display)
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let total = comps.iter().filter(|c| licensable(c)).count();
    let shown = list(&unknown, 8);
    let facts = BTreeMap::from([
        ("components".into(), json!(unknown)),
        ("count".into(), json!(unknown.len())),
        ("total".into(), json!(total)),
        ("sbom".into(), json!(path.display().to_string())),
    ]);
    Some(finding(
        ctx,
        a,
        "license-unknown",
        RULE_LICENSE_UNKNOWN,
        "",
        Severity::Low,
        Text {
            title: format!("{}: {} of {total} components without licence information", a.name, unknown.len()),
            detail: format!("The SBOM {} gives no licence for {shown}.", path.display()),
            recommendation: "Ask the supplier for the licence of each component (Table 3-12: a clear \
                             statement of the software's licence information) and complete the SBOM."
                .into(),
        },
        Text {
            title: format!("{}: ライセンス情報のない構成要素が {total} 件中 {} 件あります", a.name, unknown.len()),
            detail: format!("SBOM {} に {shown} のライセンスの記載がありません。", path.display()),
            recommendation: "各構成要素のライセンスを供給者に確認し(表3-12:ライセンス情報の明示)、SBOMを補ってください。"
                .into(),
        },
        facts,
    ))
}

fn list(items: &[String], n: usize) -> String {
    let mut s = items.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > n {
        s.push_str(&format!(" and {} more", items.len() - n));
    }
    s
}

/// Why a licence expression breaks the policy, if it does.
pub fn policy_violation(expr: &str, allow: &[String], deny: &[String]) -> Option<&'static str> {
    let eq = |list: &[String], name: &str| list.iter().any(|x| x.trim().eq_ignore_ascii_case(name));
    match spdx::Expression::parse_mode(expr, spdx::ParseMode::LAX) {
        Ok(e) => {
            let name = |r: &spdx::LicenseReq| match r.license.id() {
                Some(id) => id.name.to_string(),
                None => r.license.to_string(),
            };
            // Denied when no choice of the expression avoids every denied licence.
            if !deny.is_empty() && !e.evaluate(|r| !eq(deny, &name(r))) {
                return Some("denied");
            }
            if !allow.is_empty() && !e.evaluate(|r| eq(allow, &name(r))) {
                return Some("not-allowed");
            }
            None
        }
        // A licence name that is no SPDX expression is compared as written.
        Err(_) => {
            if eq(deny, expr) {
                Some("denied")
            } else if !allow.is_empty() && !eq(allow, expr) {
                Some("not-allowed")
            } else {
                None
            }
        }
    }
}

fn license_policy(ctx: &Ctx, a: &Asset, path: &Path, comps: &[Component]) -> Vec<Finding> {
    let pol = &ctx.model.licenses;
    if pol.allow.is_empty() && pol.deny.is_empty() {
        return Vec::new();
    }
    let mut groups: BTreeMap<(String, &'static str), Vec<String>> = BTreeMap::new();
    for c in comps.iter().filter(|c| licensable(c)) {
        for l in &c.licenses {
            if let Some(why) = policy_violation(l, &pol.allow, &pol.deny) {
                groups
                    .entry((l.clone(), why))
                    .or_default()
                    .push(c.display());
            }
        }
    }
    groups
        .into_iter()
        .map(|((lic, why), names)| {
            let sev = if why == "denied" { Severity::Medium } else { Severity::Low };
            let (en_why, ja_why) = if why == "denied" {
                ("is denied by the model's licence policy", "はモデルのライセンス方針で禁止されています")
            } else {
                ("is not on the model's allow list", "はモデルの許可リストにありません")
            };
            let facts = BTreeMap::from([
                ("license".into(), json!(lic)),
                ("violation".into(), json!(why)),
                ("components".into(), json!(names)),
                ("sbom".into(), json!(path.display().to_string())),
            ]);
            finding(
                ctx,
                a,
                "license-policy",
                RULE_LICENSE_POLICY,
                &format!("{why}|{lic}"),
                sev,
                Text {
                    title: format!("{}: licence `{lic}` {en_why}", a.name),
                    detail: format!("Components under `{lic}`: {}.", list(&names, 8)),
                    recommendation: "Replace the components, obtain another licence, or record an \
                                     accepted decision with the reason (Table 3-12: licence management)."
                        .into(),
                },
                Text {
                    title: format!("{}: ライセンス `{lic}` {ja_why}", a.name),
                    detail: format!("`{lic}` の構成要素: {}。", list(&names, 8)),
                    recommendation: "構成要素を置き換えるか、別ライセンスを取得するか、理由を添えて decisions に記録してください(表3-12:ライセンス管理)。"
                        .into(),
                },
                facts,
            )
        })
        .collect()
}

/// The preventive stage's roles (Table 3-7), named for each finding's recommendation.
struct OodaText {
    en: String,
    ja: String,
    facts: Value,
}

fn ooda_text(model: &Model) -> OodaText {
    let Some(stage) = &model.incident_response.preventive else {
        return OodaText {
            en: "The model names no preventive OODA stage (Table 3-7): set who observes \
                 advisories, orients, decides and acts."
                .into(),
            ja: "モデルに平時(予防)のOODA体制(表3-7)がありません。勧告の監視・分析・判断・対処の担当を定めてください。"
                .into(),
            facts: Value::Null,
        };
    };
    let who = |s: &Option<OodaStep>| -> (String, Value) {
        let Some(step) = s else {
            return ("not set".into(), Value::Null);
        };
        let lead = step.lead.as_deref().map(|id| display_name(model, id));
        let decides: Vec<String> = step
            .decides
            .iter()
            .map(|id| display_name(model, id))
            .collect();
        let mut text = lead.clone().unwrap_or_else(|| "no lead".into());
        if !decides.is_empty() {
            text.push_str(&format!(" (decides: {})", decides.join(", ")));
        }
        (text, json!({"lead": step.lead, "decides": step.decides}))
    };
    let (o, of) = who(&stage.observe);
    let (r, rf) = who(&stage.orient);
    let (d, df) = who(&stage.decide);
    let (act, af) = who(&stage.act);
    OodaText {
        en: format!(
            "Preventive stage (Table 3-7): observe — {o}; orient — {r}; decide — {d}; act — {act}."
        ),
        ja: format!(
            "平時の体制(表3-7): 監視(Observe)— {o}、分析(Orient)— {r}、判断(Decide)— {d}、対処(Act)— {act}。"
        ),
        facts: json!({"observe": of, "orient": rf, "decide": df, "act": af}),
    }
}

fn display_name(model: &Model, id: &str) -> String {
    if let Some(d) = model.department(id) {
        return format!("{} ({id})", d.name);
    }
    if let Some(p) = model.party(id) {
        return format!("{} ({id})", p.name);
    }
    id.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_policy_reads_expressions() {
        let allow = vec!["MIT".to_string(), "Apache-2.0".to_string()];
        let deny = vec!["GPL-3.0-only".to_string()];
        assert_eq!(policy_violation("MIT", &allow, &deny), None);
        assert_eq!(policy_violation("MIT OR GPL-3.0-only", &allow, &deny), None);
        assert_eq!(
            policy_violation("MIT AND GPL-3.0-only", &allow, &deny),
            Some("denied")
        );
        assert_eq!(
            policy_violation("BSD-3-Clause", &allow, &deny),
            Some("not-allowed")
        );
        assert_eq!(
            policy_violation("Proprietary licence text", &allow, &[]),
            Some("not-allowed")
        );
        assert_eq!(policy_violation("BSD-3-Clause", &[], &deny), None);
    }
}
