//! kojo-assess: the guideline's three steps as analysis rules.
//!
//! [`assess`] carries out Steps 1 to 3 of METI's Cyber/Physical Security Guidelines for
//! Factory Systems (smartification appendix) on a validated [`Model`]: importance of
//! operations, protected objects and zones, zoning as Annex A reasons, threats and their
//! risk level, requirements within and between zones, the policy, measure gaps, supply-chain
//! checklists, OODA roles and maturity. Each rule lives in one file under `rules/` with its
//! [`RuleInfo`]; the engine is pure and deterministic, and near-linear in the model's size.

mod conduit;
mod ctx;
mod graph;
pub mod knowledge;
mod plan;
pub mod propose;
pub mod rules;
pub mod verdict;

pub use ctx::Lang;
pub use knowledge::Knowledge;
pub use rules::RuleInfo;

use kojo_catalog::Catalog;
use kojo_findings::{Assessment, Finding, ModelInfo, Summary, ZoneAssessment, ZoneRequirements};
use kojo_model::{Date, Level, Model};
use std::collections::BTreeMap;

/// What the engine needs besides the model and the catalog.
#[derive(Debug, Clone, Default)]
pub struct AssessOptions {
    /// The day decisions' `review_by` dates are compared with; `None` = today (UTC).
    pub today: Option<Date>,
    /// Findings of the other producers (the SBOM check, captures), folded in after the
    /// rules' own; the model's decisions apply to them too. `kojo_pipeline` fills it.
    pub extra_findings: Vec<Finding>,
    /// Asset ids assumed in the attacker's hands (`--compromised asset:ID`): entry points
    /// too, and the threats in the zones they reach rise one severity step.
    pub compromised: Vec<String>,
}

#[derive(Debug)]
pub struct AssessError(pub String);

impl std::fmt::Display for AssessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for AssessError {}

/// Runs every rule on the model and returns the assessment of `assessment-output.md`.
pub fn assess(
    model: &Model,
    catalog: &Catalog,
    opts: &AssessOptions,
) -> Result<Assessment, AssessError> {
    let know = Knowledge::from_catalog(catalog);
    assess_with_knowledge(model, &know, opts)
}

/// [`assess`] with the catalog's knowledge already read (tests, benchmarks, packs).
pub fn assess_with_knowledge(
    model: &Model,
    know: &Knowledge,
    opts: &AssessOptions,
) -> Result<Assessment, AssessError> {
    // `KOJO_TIMING=1` prints the time of each phase to stderr (for the benchmark).
    let timing = std::env::var_os("KOJO_TIMING").is_some();
    let mut clock = std::time::Instant::now();
    let mut lap = |what: &str| {
        if timing {
            eprintln!("  {what}: {:.1} ms", clock.elapsed().as_secs_f64() * 1e3);
            clock = std::time::Instant::now();
        }
    };
    let today = opts.today.unwrap_or_else(Date::today_utc);
    let canonical = in_id_order(model);
    let model = canonical.as_ref();
    let compromised = compromised_ix(model, &opts.compromised)?;
    let mut ctx = ctx::Ctx::with_compromised(model, know, today, &compromised);
    lap("index");
    // The model's hash needs no threats: it runs beside the evaluation.
    let source = model.sources.first();
    let (hits, model_sha256) = rayon::join(
        || rules::threats::evaluate(&ctx),
        || sha256_hex(source.map(|s| s.text.as_bytes()).unwrap_or_default()),
    );
    ctx.hits = hits;
    raise_for_compromise(&mut ctx);
    lap("threats and model hash");

    // The rules only read the context: they run side by side (with the zone requirements),
    // each into its own list, concatenated in rule order as if run one after another.
    let (per_rule, reqs) = rayon::join(
        || {
            use rayon::prelude::*;
            rules::RULES
                .par_iter()
                .map(|rule| {
                    let t = std::time::Instant::now();
                    let mut out = Vec::new();
                    (rule.run)(&ctx, &mut out);
                    (out, rule.info.id, t.elapsed())
                })
                .collect::<Vec<_>>()
        },
        || {
            let t = std::time::Instant::now();
            (
                rules::requirements::all_zone_requirements(&ctx, Lang::En),
                t.elapsed(),
            )
        },
    );
    let (reqs, reqs_time) = reqs;
    if timing {
        // The slowest rules first: where the phase's time goes.
        let mut times: Vec<_> = per_rule.iter().map(|(_, id, t)| (*t, *id)).collect();
        times.push((reqs_time, "zone requirements"));
        times.sort_by(|a, b| b.cmp(a));
        for (t, id) in times.iter().take(8) {
            eprintln!("    {id}: {:.1} ms", t.as_secs_f64() * 1e3);
        }
    }
    let mut findings: Vec<_> = per_rule.into_iter().flat_map(|(out, ..)| out).collect();
    lap("rules and requirements");

    // The SBOM check owns `sbom-missing` once it raises it; ours is the fallback.
    if opts
        .extra_findings
        .iter()
        .any(|f| f.kind == kojo_findings::FindingKind::SbomMissing)
    {
        findings.retain(|f| f.kind != kojo_findings::FindingKind::SbomMissing);
    }
    findings.extend(opts.extra_findings.iter().cloned());

    rules::decisions::apply(&ctx, &mut findings);
    lap("decisions");
    // One verdict per zone, and the sentences that presuppose it (Step 1-6).
    let verdicts = verdict::reconcile(&ctx, &mut findings);
    lap("verdicts");

    let zones = model
        .zones
        .iter()
        .zip(reqs)
        .zip(verdicts)
        .enumerate()
        .map(|(zi, ((z, requirements), verdict))| {
            let (target_sl, derivation) = ctx.target_sl(zi, Lang::En);
            ZoneAssessment {
                id: z.id.clone(),
                importance: ctx.zone_imp[zi].map(|l| l.as_str().to_string()),
                target_sl,
                requirements,
                derivation: Some(derivation),
                exposure: ctx.reach.zone_paths[zi]
                    .iter()
                    .map(|p| kojo_findings::ZoneExposure {
                        entry: ctx.reach.entries[p.entry].kind.key(&ctx),
                        path: p
                            .landing
                            .iter()
                            .chain(&p.hops)
                            .map(|&f| format!("flow:{}", model.flows[f].id))
                            .collect(),
                        boundaries: p.boundaries,
                        zones: p
                            .zones
                            .iter()
                            .map(|&z| format!("zone:{}", model.zones[z].id))
                            .collect(),
                        human_review: p.human_review,
                    })
                    .collect(),
                verdict: Some(verdict),
            }
        })
        .collect::<Vec<ZoneAssessment>>();

    lap("zones: target SL, exposure");
    let zone_sl: Vec<Option<u8>> = zones.iter().map(|z| z.target_sl).collect();
    let conduits = conduit::conduits(&ctx, &zone_sl);
    lap("conduits");

    // The flows that will cross a recommended boundary, checked on the to-be zones.
    findings.extend(propose::to_be_between_zones(model, &zones, know, today));
    lap("to-be zoning");
    let plan = plan::plan(&ctx, &zones, &findings);
    lap("plan");

    let mut assessment = Assessment {
        kojo_version: env!("CARGO_PKG_VERSION").to_string(),
        model: ModelInfo {
            path: source
                .map(|s| s.path.display().to_string())
                .unwrap_or_default(),
            sha256: model_sha256,
            factory: model.factory.name.clone(),
        },
        summary: Summary::default(),
        zones,
        conduits,
        plan,
        findings,
    };
    // Sort once with computed keys, the id by its first 16 bytes (ids are `F-` and ten hex
    // digits); `finish` then meets a sorted list, or orders longer ids that share a prefix.
    use rayon::slice::ParallelSliceMut;
    assessment.findings.par_sort_by_cached_key(|f| {
        let mut id = [0u8; 16];
        let n = f.id.len().min(16);
        id[..n].copy_from_slice(&f.id.as_bytes()[..n]);
        (
            std::cmp::Reverse(f.severity),
            kojo_findings::step_order(&f.step),
            kojo_findings::priority_rank(f),
            id,
        )
    });
    assessment.finish();
    lap("sort");
    Ok(assessment)
}

/// The model with its assets and flows in order of id (a copy only when they are not):
/// the order a model lists them in is not part of its meaning, so no rule may see it —
/// where a text names several assets or flows, it names them in id order.
fn in_id_order(model: &Model) -> std::borrow::Cow<'_, Model> {
    let assets_sorted = model.assets.is_sorted_by(|a, b| a.id <= b.id);
    let flows_sorted = model.flows.is_sorted_by(|a, b| a.id <= b.id);
    if assets_sorted && flows_sorted {
        return std::borrow::Cow::Borrowed(model);
    }
    let mut m = model.clone();
    m.assets.sort_by(|a, b| a.id.cmp(&b.id));
    m.flows.sort_by(|a, b| a.id.cmp(&b.id));
    std::borrow::Cow::Owned(m)
}

/// The to-be zoning of a model: the model as its zone verdicts leave it, as YAML with
/// comments, what changed, and the assessment of the as-is model it came from.
#[derive(Debug, Clone)]
pub struct ToBe {
    pub model: Model,
    pub yaml: String,
    pub changes: propose::Changes,
    pub as_is: Assessment,
}

/// Assesses `model` and carries out its zone verdicts' proposals (`kojo propose`).
pub fn propose(
    model: &Model,
    catalog: &Catalog,
    opts: &AssessOptions,
) -> Result<ToBe, AssessError> {
    let as_is = assess(model, catalog, opts)?;
    let today = opts.today.unwrap_or_else(Date::today_utc);
    Ok(propose_from(model, as_is, catalog, today))
}

/// [`propose`] from an assessment of `model` already made.
pub fn propose_from(model: &Model, as_is: Assessment, catalog: &Catalog, today: Date) -> ToBe {
    let know = Knowledge::from_catalog(catalog);
    let (to_be, changes) = propose::to_be(model, &as_is, &know, today);
    let yaml = propose::to_be_yaml(model, &to_be, &as_is, &changes);
    ToBe {
        model: to_be,
        yaml,
        changes,
        as_is,
    }
}

/// Asset indexes of `asset:ID` (or bare `ID`) subjects; an unknown one is an error naming
/// the assets that would be right.
fn compromised_ix(model: &Model, subjects: &[String]) -> Result<Vec<usize>, AssessError> {
    subjects
        .iter()
        .map(|s| {
            let id = s.strip_prefix("asset:").unwrap_or(s);
            model.assets.iter().position(|a| a.id == id).ok_or_else(|| {
                let near: Vec<&str> = model
                    .assets
                    .iter()
                    .map(|a| a.id.as_str())
                    .filter(|a| a.contains(id) || id.contains(a))
                    .take(5)
                    .collect();
                AssessError(format!(
                    "--compromised `{s}`: the model has no asset `{id}`{}",
                    if near.is_empty() {
                        "; write asset:ID with an asset id of the model".to_string()
                    } else {
                        format!(" (did you mean {}?)", near.join(", "))
                    }
                ))
            })
        })
        .collect()
}

/// With compromised assets, the threats rated in a zone they reach rise one severity step:
/// the attacker is already inside.
fn raise_for_compromise(ctx: &mut ctx::Ctx) {
    let reached: Vec<bool> = ctx
        .reach
        .zone_paths
        .iter()
        .map(|ps| {
            ps.iter().any(|p| {
                matches!(
                    ctx.reach.entries[p.entry].kind,
                    graph::EntryKind::Compromised(_)
                )
            })
        })
        .collect();
    for h in &mut ctx.hits {
        if reached[h.zone] {
            h.severity = h.severity.raised();
            h.compromised = true;
        }
    }
}

/// One shortest path from an entry point into a zone, for `kojo paths`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AttackPath {
    /// `internet`, `carrier`, `vpn`, `wireless`, `removable-media`, `maintenance-laptop`,
    /// `party:ID`, `zone:ID`, or `asset:ID` for an asset assumed compromised.
    pub entry: String,
    /// The entry point in words (English, Japanese).
    pub entry_words: (String, String),
    /// `zone:ID` reached.
    pub zone: String,
    pub zone_name: String,
    /// Zones passed, the landing zone first.
    pub zones: Vec<String>,
    pub zone_names: Vec<String>,
    /// Each hop: zones, flow, network, boundary devices, protections, measures.
    pub hops: Vec<serde_json::Value>,
    pub boundaries: usize,
    pub human_review: bool,
    /// The zone is a control/production zone of high importance or holds a safety function.
    pub target: bool,
}

/// Every entry point's shortest path into every zone it reaches (with `compromised` asset
/// subjects as entry points too), ordered by zone, then entry point.
pub fn attack_paths(
    model: &Model,
    catalog: &Catalog,
    today: Date,
    compromised: &[String],
) -> Result<Vec<AttackPath>, AssessError> {
    let know = Knowledge::from_catalog(catalog);
    let comp = compromised_ix(model, compromised)?;
    let ctx = ctx::Ctx::with_compromised(model, &know, today, &comp);
    let mut out = Vec::new();
    for (zi, paths) in ctx.reach.zone_paths.iter().enumerate() {
        for p in paths {
            let kind = ctx.reach.entries[p.entry].kind;
            out.push(AttackPath {
                entry: kind.key(&ctx),
                entry_words: kind.words(&ctx),
                zone: format!("zone:{}", model.zones[zi].id),
                zone_name: model.zones[zi].name.clone(),
                zones: p
                    .zones
                    .iter()
                    .map(|&z| format!("zone:{}", model.zones[z].id))
                    .collect(),
                zone_names: p
                    .zones
                    .iter()
                    .map(|&z| model.zones[z].name.clone())
                    .collect(),
                hops: rules::paths::hop_facts(&ctx, p),
                boundaries: p.boundaries,
                human_review: p.human_review,
                target: rules::paths::is_target(&ctx, zi),
            });
        }
    }
    Ok(out)
}

/// A zone's requirements and target-SL derivation in one language, for renderers: the
/// assessment's own (`zones[].requirements`, `derivation`) are English only, by its JSON
/// contract.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneWords {
    /// The zone's id.
    pub id: String,
    /// The requirements within the zone and between it and each connected zone.
    pub requirements: ZoneRequirements,
    /// How the target SL was set or derived.
    pub derivation: String,
}

/// The requirements and target-SL derivation of every zone of `model`, in model order, in
/// `lang` (the same lines as the assessment's in English). It indexes the model and
/// evaluates the threats again, as [`assess`] does: meant for a report, rendered once.
/// `today` is the day of the assessment (the lines do not depend on it today).
pub fn zone_words(model: &Model, catalog: &Catalog, lang: Lang, today: Date) -> Vec<ZoneWords> {
    let know = Knowledge::from_catalog(catalog);
    let mut ctx = ctx::Ctx::new(model, &know, today);
    ctx.hits = rules::threats::evaluate(&ctx);
    rules::requirements::all_zone_requirements(&ctx, lang)
        .into_iter()
        .zip(&model.zones)
        .enumerate()
        .map(|(zi, (requirements, z))| ZoneWords {
            id: z.id.clone(),
            requirements,
            derivation: ctx.target_sl(zi, lang).1,
        })
        .collect()
}

/// The importance of each zone (by id): the highest importance of the protected objects in
/// it, each given in the model or derived from its operations (Steps 1-3 and 1-5). Zones
/// whose objects have no importance are left out.
pub fn zone_importance(model: &Model) -> BTreeMap<String, Level> {
    let know = Knowledge::default();
    let ctx = ctx::Ctx::new(
        model,
        &know,
        Date {
            year: 1970,
            month: 1,
            day: 1,
        },
    );
    zone_importance_of(&ctx)
}

fn zone_importance_of(ctx: &ctx::Ctx) -> BTreeMap<String, Level> {
    ctx.model
        .zones
        .iter()
        .enumerate()
        .filter_map(|(zi, z)| ctx.zone_imp[zi].map(|l| (z.id.clone(), l)))
        .collect()
}

/// Every rule: id (`KJ-ZONE-002`), kind, step, guideline reference, summary and doc page.
pub fn rules() -> &'static [RuleInfo] {
    rules::RULE_INFOS
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    #[test]
    fn zone_importance_is_the_highest_of_its_objects() {
        let b = well_zoned();
        let zi = zone_importance(&b.m);
        assert_eq!(zi.get("control"), Some(&Level::High));
        assert_eq!(zi.get("oa"), Some(&Level::Low));
    }

    #[test]
    fn output_is_deterministic_and_independent_of_list_order() {
        let b = well_zoned();
        let a1 = b.assess();
        let mut b2 = well_zoned();
        b2.m.assets.reverse();
        b2.m.flows.reverse();
        b2.m.zones.reverse();
        let a2 = b2.assess();
        let ids = |a: &Assessment| {
            let mut v: Vec<String> = a.findings.iter().map(|f| f.id.clone()).collect();
            v.sort();
            v
        };
        assert_eq!(ids(&a1), ids(&a2));
        assert!(!a1.findings.is_empty());
    }

    fn day() -> Date {
        Date {
            year: 2026,
            month: 1,
            day: 15,
        }
    }

    /// well_zoned with a control flow from the information zone into the control zone,
    /// an automated one, and the embedded catalog's threats.
    fn words_case() -> (B, Catalog, Assessment) {
        let mut b = well_zoned();
        b.flow("oa-cmd", "oa-pc", "plc-1").control = true;
        let f = b.flow("auto", "scada", "plc-2");
        f.automated = true;
        f.data = vec!["recipe".into()];
        let cat = match Catalog::embedded() {
            Ok(c) => c,
            Err(e) => panic!("embedded catalog: {e}"),
        };
        let a = b.assess_with(&Knowledge::from_catalog(&cat));
        (b, cat, a)
    }

    #[test]
    fn zone_words_in_english_are_the_assessments_own_lines() {
        let (b, cat, a) = words_case();
        let w = zone_words(&b.m, &cat, Lang::En, day());
        assert_eq!(w.len(), a.zones.len());
        for (w, z) in w.iter().zip(&a.zones) {
            assert_eq!(w.id, z.id);
            assert_eq!(w.requirements, z.requirements, "zone {}", z.id);
            assert_eq!(Some(&w.derivation), z.derivation.as_ref(), "zone {}", z.id);
        }
    }

    #[test]
    fn zone_words_in_japanese_follow_the_english_line_for_line() {
        let (b, cat, a) = words_case();
        let w = zone_words(&b.m, &cat, Lang::Ja, day());
        let english = [
            "Availability",
            "Integrity",
            "Confidentiality",
            "Counter",
            "Protected objects",
            "Business continuity",
            "assure",
            "Control instructions",
            "Input validation",
            "Information transfer",
            "importance",
            "reachable",
            "target SL",
            "suggested",
        ];
        let mut all = String::new();
        for (w, z) in w.iter().zip(&a.zones) {
            assert_eq!(w.requirements.within.len(), z.requirements.within.len());
            assert_eq!(
                w.requirements.between.keys().collect::<Vec<_>>(),
                z.requirements.between.keys().collect::<Vec<_>>()
            );
            for (k, lines) in &w.requirements.between {
                assert_eq!(lines.len(), z.requirements.between[k].len());
            }
            all.push_str(&w.derivation);
            for l in w
                .requirements
                .within
                .iter()
                .chain(w.requirements.between.values().flatten())
            {
                all.push('\n');
                all.push_str(l);
            }
        }
        for e in english {
            assert!(!all.contains(e), "English {e:?} in:\n{all}");
        }
        for ja in [
            "可用性: 送受信データのバックアップ",
            "完全性: 送受信データの照合",
            "保護対象 (2): 設備・ソフトウェア・プログラム・データの可用性・完全性・機密性",
            "制御ネットワーク外からの制御指示 (oa → control): 検証・認可・記録",
            "人の確認なしに処理されるデータの入力検証",
            "機密性: recipe の送受信可否の確認",
            "情報の送受信: 送受信してよい情報の確認",
            "ゾーン間の脅威への対策: ",
            "への対策 (",
            "SQDC: 安全 (S) 高",
            "事業継続 (高): ",
            "重要度 高(保護対象の重要度の最高値)",
            "。推奨目標SL ",
            "コンデュイットの目標SL ",
        ] {
            assert!(all.contains(ja), "no {ja:?} in:\n{all}");
        }
        // Threat lines within a zone name the threat in the catalog's Japanese.
        let t = &Knowledge::from_catalog(&cat).threats;
        assert!(
            t.iter()
                .any(|t| all.contains(&format!("「{}」への対策 ({})", t.name_ja, t.id)))
        );
    }

    #[test]
    fn well_zoned_factory_gets_no_zoning_checklist_or_ooda_findings() {
        let a = well_zoned().assess();
        for f in &a.findings {
            assert!(
                !f.kind.as_str().starts_with("zone-")
                    && !f.kind.as_str().starts_with("checklist")
                    && f.kind != kojo_findings::FindingKind::OodaGap,
                "over-flagged: {} {:?} {}",
                f.kind,
                f.subjects,
                f.detail
            );
        }
    }
}
