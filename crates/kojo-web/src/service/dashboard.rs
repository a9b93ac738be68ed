//! What the dashboard shows of a model version: counts by severity and step, zones, the
//! zone diagram.

use crate::error::AppError;
use crate::state::AppState;
use crate::store::ModelVersion;
use std::any::Any;
use std::collections::{BTreeMap, HashMap};
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
    /// The zone diagram (SVG), shared with the diagram cache.
    pub diagram: Arc<String>,
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
    // Findings per zone in one pass (a finding counts once per zone it names): per zone
    // over all findings was 0.5 s for a 10,000-asset factory.
    let mut per_zone: HashMap<&str, usize> = HashMap::new();
    for f in &a.findings {
        let mut zones: Vec<&str> = f
            .subjects
            .iter()
            .filter_map(|s| s.strip_prefix("zone:"))
            .collect();
        zones.sort_unstable();
        zones.dedup();
        for z in zones {
            *per_zone.entry(z).or_default() += 1;
        }
    }
    let zones = a
        .zones
        .iter()
        .map(|z| ZoneRow {
            id: z.id.clone(),
            importance: z.importance.clone().unwrap_or_default(),
            target_sl: z.target_sl.map(|s| s.to_string()).unwrap_or_default(),
            findings: per_zone.get(z.id.as_str()).copied().unwrap_or(0),
        })
        .collect();
    DashSummary {
        version: mv.version,
        total: a.findings.len(),
        by_severity,
        severities,
        heat,
        zones,
        diagram: Arc::default(),
    }
}

/// The dashboard's summary of model version `mv` in `lang`: counts, zones and the zone
/// diagram, computed once at a time per version, uploads and language (every viewer of a
/// just-saved version waits for that one computation), then held.
pub async fn summary(
    st: &AppState,
    mv: &ModelVersion,
    inputs: crate::service::assessment::CheckInputs,
    lang: &str,
) -> Result<Arc<DashSummary>, AppError> {
    // The counts include what the factory's uploads (`inputs`) produced.
    let key = (inputs.key(&mv.id), if lang == "ja" { "ja" } else { "en" });
    let held = st
        .summaries
        .get_or_compute(key, || {
            let (st, mv, lang) = (st.clone(), mv.clone(), lang.to_string());
            async move {
                let a = crate::service::assessment::assessment_with(&st, &mv, &inputs).await?;
                let (m, a2) = (mv.clone(), a.clone());
                let mut sum = tokio::task::spawn_blocking(move || summarize(&m, &a2))
                    .await
                    .map_err(|e| AppError::Internal(anyhow::anyhow!("summary task: {e}")))?;
                sum.diagram = crate::service::assessment::diagram(&st, &mv, a, &lang).await?;
                // Its size is mostly the diagram's; the rest is a few rows per zone and step.
                let bytes = sum.diagram.len() + 64 * (sum.zones.len() + sum.heat.len() + 1);
                let sum: Arc<dyn Any + Send + Sync> = Arc::new(sum);
                Ok((sum, bytes))
            }
        })
        .await?;
    held.downcast::<DashSummary>()
        .map_err(|_| AppError::Internal(anyhow::anyhow!("a dashboard summary of another type")))
}
