//! Threat applicability conditions: the catalog defines and checks them, the assessment
//! evaluates them against a model.
//!
//! A threat applies to a subject if ANY of its alternatives matches; an alternative matches
//! if ALL of its conditions hold; a list value means "any of these". Unknown keys, and keys
//! that do not belong to the alternative's subject, are errors when the catalog loads.

use kojo_model::{AssetKind, AssetTrait, Network, PartyKind, Protection, Status, ZoneKind};
use serde::{Deserialize, Serialize};

/// What a condition alternative is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    Asset,
    Flow,
    Zone,
}

/// A value written either alone or as a list (a list means "any of these").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values, alone or listed.
    pub fn values(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// The conditions as written in the catalog (every key of every subject).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWhen {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traits: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_kind: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_kind: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spans_fa_oa: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_reachable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crosses_zones: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_zone_kind: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_zone_kind: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_protection: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_from_outside_control_network: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carries_data: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_externally: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_trait: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_role: Option<OneOrMany>,
}

/// One alternative as written: a subject and its conditions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApplicability {
    pub subject: Subject,
    #[serde(default)]
    pub when: RawWhen,
}

/// Conditions on an asset; `None` means "not constrained".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssetConditions {
    pub kind: Option<Vec<AssetKind>>,
    pub role: Option<Vec<String>>,
    /// Holds if the asset has ANY of these traits.
    pub traits: Option<Vec<AssetTrait>>,
    /// Holds if ANY zone the asset is in has one of these kinds.
    pub zone_kind: Option<Vec<ZoneKind>>,
    pub status: Option<Vec<Status>>,
    /// Supplied/run by a cloud-service or outsourced-vendor party, or in an external zone.
    pub external: Option<bool>,
    pub supplier_kind: Option<Vec<PartyKind>>,
    /// A data asset held both in a control/production zone and in an information zone.
    pub spans_fa_oa: Option<bool>,
    /// Has trait remote-access, or a flow over internet|vpn|carrier reaches it.
    pub remote_reachable: Option<bool>,
}

/// Conditions on a flow; `None` means "not constrained".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlowConditions {
    pub network: Option<Vec<Network>>,
    pub control: Option<bool>,
    pub automated: Option<bool>,
    /// Its ends are in different zones.
    pub crosses_zones: Option<bool>,
    pub from_zone_kind: Option<Vec<ZoneKind>>,
    pub to_zone_kind: Option<Vec<ZoneKind>>,
    /// Protocol ids (free text in the model; compared case-insensitively).
    pub protocol: Option<Vec<String>>,
    /// Holds if ANY of these protections is absent from the flow.
    pub missing_protection: Option<Vec<Protection>>,
    /// An end is in an external zone or is an asset of an external party.
    pub external: Option<bool>,
    pub status: Option<Vec<Status>>,
    /// control=true and its source is not in a control/production zone.
    pub control_from_outside_control_network: Option<bool>,
    /// `data` is non-empty.
    pub carries_data: Option<bool>,
}

/// Conditions on a zone; `None` means "not constrained".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ZoneConditions {
    pub kind: Option<Vec<ZoneKind>>,
    pub managed_externally: Option<bool>,
    /// Holds if any asset in the zone has ANY of these traits.
    pub has_trait: Option<Vec<AssetTrait>>,
    pub status: Option<Vec<Status>>,
    /// Holds if any asset in the zone has ANY of these roles.
    pub has_role: Option<Vec<String>>,
}

/// One typed alternative of a threat's `applies`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applicability {
    Asset(AssetConditions),
    Flow(FlowConditions),
    Zone(ZoneConditions),
}

/// The model's vocabulary tables ([`kojo_model::vocab`]): a threat's `applies` words
/// are the model's words, spelled in one place.
pub mod vocab {
    use kojo_model::PartyKind;
    pub use kojo_model::vocab::*;

    /// The word for `value` in `table` (every table covers its whole type).
    pub use kojo_model::vocab::word as name;

    /// The party-kind word of a model party kind.
    pub fn party_kind_name(k: PartyKind) -> &'static str {
        word(PARTY_KINDS, k)
    }
}

fn typed<T: Copy>(
    key: &str,
    v: &Option<OneOrMany>,
    table: &[(&str, T)],
    errs: &mut Vec<String>,
) -> Option<Vec<T>> {
    let v = v.as_ref()?;
    let mut out = Vec::new();
    for s in v.values() {
        match vocab::parse(table, s) {
            Some(t) => out.push(t),
            None => {
                let allowed: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
                errs.push(format!(
                    "`{key}: {s}` is not a known value; expected one of {}",
                    allowed.join(", ")
                ));
            }
        }
    }
    Some(out)
}

fn strings(v: &Option<OneOrMany>) -> Option<Vec<String>> {
    v.as_ref()
        .map(|v| v.values().into_iter().map(str::to_owned).collect())
}

impl RawApplicability {
    /// Checks the alternative and types it; every problem is returned, each naming the key.
    pub fn to_typed(&self) -> Result<Applicability, Vec<String>> {
        let w = &self.when;
        let mut errs = Vec::new();
        // Keys present, to reject those that do not belong to this subject.
        let present: Vec<(&str, bool)> = vec![
            ("kind", w.kind.is_some()),
            ("role", w.role.is_some()),
            ("traits", w.traits.is_some()),
            ("zone_kind", w.zone_kind.is_some()),
            ("status", w.status.is_some()),
            ("external", w.external.is_some()),
            ("supplier_kind", w.supplier_kind.is_some()),
            ("spans_fa_oa", w.spans_fa_oa.is_some()),
            ("remote_reachable", w.remote_reachable.is_some()),
            ("network", w.network.is_some()),
            ("control", w.control.is_some()),
            ("automated", w.automated.is_some()),
            ("crosses_zones", w.crosses_zones.is_some()),
            ("from_zone_kind", w.from_zone_kind.is_some()),
            ("to_zone_kind", w.to_zone_kind.is_some()),
            ("protocol", w.protocol.is_some()),
            ("missing_protection", w.missing_protection.is_some()),
            (
                "control_from_outside_control_network",
                w.control_from_outside_control_network.is_some(),
            ),
            ("carries_data", w.carries_data.is_some()),
            ("managed_externally", w.managed_externally.is_some()),
            ("has_trait", w.has_trait.is_some()),
            ("has_role", w.has_role.is_some()),
        ];
        let allowed: &[&str] = match self.subject {
            Subject::Asset => &[
                "kind",
                "role",
                "traits",
                "zone_kind",
                "status",
                "external",
                "supplier_kind",
                "spans_fa_oa",
                "remote_reachable",
            ],
            Subject::Flow => &[
                "network",
                "control",
                "automated",
                "crosses_zones",
                "from_zone_kind",
                "to_zone_kind",
                "protocol",
                "missing_protection",
                "external",
                "status",
                "control_from_outside_control_network",
                "carries_data",
            ],
            Subject::Zone => &[
                "kind",
                "managed_externally",
                "has_trait",
                "status",
                "has_role",
            ],
        };
        for (k, p) in &present {
            if *p && !allowed.contains(k) {
                errs.push(format!(
                    "`{k}` is not a condition on {}; expected one of {}",
                    match self.subject {
                        Subject::Asset => "an asset",
                        Subject::Flow => "a flow",
                        Subject::Zone => "a zone",
                    },
                    allowed.join(", ")
                ));
            }
        }
        let t = match self.subject {
            Subject::Asset => Applicability::Asset(AssetConditions {
                kind: typed("kind", &w.kind, vocab::ASSET_KINDS, &mut errs),
                role: strings(&w.role),
                traits: typed("traits", &w.traits, vocab::ASSET_TRAITS, &mut errs),
                zone_kind: typed("zone_kind", &w.zone_kind, vocab::ZONE_KINDS, &mut errs),
                status: typed("status", &w.status, vocab::STATUSES, &mut errs),
                external: w.external,
                supplier_kind: typed(
                    "supplier_kind",
                    &w.supplier_kind,
                    vocab::PARTY_KINDS,
                    &mut errs,
                ),
                spans_fa_oa: w.spans_fa_oa,
                remote_reachable: w.remote_reachable,
            }),
            Subject::Flow => Applicability::Flow(FlowConditions {
                network: typed("network", &w.network, vocab::NETWORKS, &mut errs),
                control: w.control,
                automated: w.automated,
                crosses_zones: w.crosses_zones,
                from_zone_kind: typed(
                    "from_zone_kind",
                    &w.from_zone_kind,
                    vocab::ZONE_KINDS,
                    &mut errs,
                ),
                to_zone_kind: typed(
                    "to_zone_kind",
                    &w.to_zone_kind,
                    vocab::ZONE_KINDS,
                    &mut errs,
                ),
                protocol: strings(&w.protocol),
                missing_protection: typed(
                    "missing_protection",
                    &w.missing_protection,
                    vocab::PROTECTIONS,
                    &mut errs,
                ),
                external: w.external,
                status: typed("status", &w.status, vocab::STATUSES, &mut errs),
                control_from_outside_control_network: w.control_from_outside_control_network,
                carries_data: w.carries_data,
            }),
            Subject::Zone => Applicability::Zone(ZoneConditions {
                kind: typed("kind", &w.kind, vocab::ZONE_KINDS, &mut errs),
                managed_externally: w.managed_externally,
                has_trait: typed("has_trait", &w.has_trait, vocab::ASSET_TRAITS, &mut errs),
                status: typed("status", &w.status, vocab::STATUSES, &mut errs),
                has_role: strings(&w.has_role),
            }),
        };
        if errs.is_empty() { Ok(t) } else { Err(errs) }
    }
}
