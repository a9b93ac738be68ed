//! What the dashboard shows of a model version: counts by severity and step, zones, the
//! zone diagram.

use crate::state::{AppState, DiagramKey};
use crate::store::ModelVersion;
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct HeatRow {
    pub step: String,
    pub cells: Vec<(&'static str, usize)>,
}

pub struct ZoneRow {
    pub id: String,
    pub importance: String,
    pub target_sl: String,
    pub findings: usize,
}

/// What the dashboard shows of one model version, computed once per version and language.
pub struct DashSummary {
    pub version: i64,
    pub total: usize,
    pub by_severity: Vec<(&'static str, usize)>,
    pub severities: Vec<&'static str>,
    pub heat: Vec<HeatRow>,
    pub zones: Vec<ZoneRow>,
    pub diagram: String,
}

pub fn summarize(mv: &ModelVersion, a: &kojo_findings::Assessment) -> DashSummary {
    use kojo_findings::Severity;
    let severities: Vec<&'static str> = Severity::ALL_DESC.iter().map(|s| s.as_str()).collect();
    let by_severity = Severity::ALL_DESC
        .iter()
        .map(|s| {
            (
                s.as_str(),
                a.findings.iter().filter(|f| f.severity == *s).count(),
            )
        })
        .collect();
    let mut steps: BTreeMap<(u32, u32), (String, BTreeMap<Severity, usize>)> = BTreeMap::new();
    for f in &a.findings {
        let e = steps
            .entry(kojo_findings::step_order(&f.step))
            .or_insert_with(|| (f.step.clone(), BTreeMap::new()));
        *e.1.entry(f.severity).or_default() += 1;
    }
    let heat = steps
        .into_values()
        .map(|(step, counts)| HeatRow {
            step,
            cells: Severity::ALL_DESC
                .iter()
                .map(|s| (s.as_str(), counts.get(s).copied().unwrap_or(0)))
                .collect(),
        })
        .collect();
    let zones = a
        .zones
        .iter()
        .map(|z| {
            let subject = format!("zone:{}", z.id);
            ZoneRow {
                id: z.id.clone(),
                importance: z.importance.clone().unwrap_or_default(),
                target_sl: z.target_sl.map(|s| s.to_string()).unwrap_or_default(),
                findings: a
                    .findings
                    .iter()
                    .filter(|f| f.subjects.contains(&subject))
                    .count(),
            }
        })
        .collect();
    DashSummary {
        version: mv.version,
        total: a.findings.len(),
        by_severity,
        severities,
        heat,
        zones,
        diagram: String::new(),
    }
}

/// The summary remembered for `key` (model version and uploads, language), if any.
pub fn cached(st: &AppState, key: &DiagramKey) -> Option<Arc<DashSummary>> {
    st.summaries.get(key)?.downcast::<DashSummary>().ok()
}

/// Remembers a summary (bounded like the assessments: least recently used go first).
pub fn remember(st: &AppState, key: DiagramKey, sum: Arc<DashSummary>) {
    // Its size is mostly the diagram's; the rest is a few rows per zone and step.
    let bytes = sum.diagram.len() + 64 * (sum.zones.len() + sum.heat.len() + 1);
    st.summaries.insert(key, sum, bytes);
}
