//! What kind of problem a finding names: the contract's kind table (`assessment-output.md`)
//! and kojo's extension kinds, as one type instead of strings compared by text.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! finding_kinds {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// A finding's `kind`. Serialized as its kebab-case name, so the JSON is the
        /// contract's; a name kojo does not know (an assessment written by a newer kojo,
        /// read by `kojo diff`) is kept as [`FindingKind::Other`] and written back as it was.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum FindingKind {
            $($(#[$doc])* $variant,)*
            /// A kind this version of kojo does not know, by its name.
            Other(String),
        }

        impl FindingKind {
            /// Every kind kojo knows, in the contract's order.
            pub const KNOWN: &'static [FindingKind] = &[$(FindingKind::$variant,)*];

            /// The kind's name, as the JSON and every output write it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(FindingKind::$variant => $name,)*
                    FindingKind::Other(name) => name,
                }
            }

            /// The kind named `name` ([`FindingKind::Other`] for a name kojo does not know).
            pub fn parse(name: &str) -> FindingKind {
                match name {
                    $($name => FindingKind::$variant,)*
                    other => FindingKind::Other(other.to_string()),
                }
            }
        }
    };
}

finding_kinds! {
    /// Step 1-1: the factory's purposes are not written down.
    PurposeMissing => "purpose-missing",
    /// Step 1-1: the business continuity plan lacks a part.
    BcpGap => "bcp-gap",
    /// Step 1-2: a stakeholder is missing.
    StakeholderGap => "stakeholder-gap",
    /// Step 1-2: the scope grows (new connections, new parties).
    ScopeExpansion => "scope-expansion",
    /// Step 1-3/1-5: a protected object has no importance.
    ImportanceMissing => "importance-missing",
    /// Step 1-4: an asset belongs to no zone.
    AssetUnzoned => "asset-unzoned",
    /// Step 1-4: an external service without security terms.
    ExternalServiceTerms => "external-service-terms",
    /// Step 1-4: a zone to divide by operation.
    ZoneDivideByOperation => "zone-divide-by-operation",
    /// Step 1-4: a zone to split by where control comes from.
    ZoneSplitControlOrigin => "zone-split-control-origin",
    /// Step 1-4: an external party's service to separate into its own zone.
    ZoneSeparateExternal => "zone-separate-external",
    /// Step 1-5: a zone mixing importance levels.
    ZoneMixedImportance => "zone-mixed-importance",
    /// Step 1-6: a zone's security requirements to review.
    ZoneReviewRequirements => "zone-review-requirements",
    /// Step 1-7: a flow's security requirements to review.
    FlowReviewRequirements => "flow-review-requirements",
    /// Step 1-6/1-7: safety to review with security.
    SafetyReview => "safety-review",
    /// Step 1-7: a boundary without a boundary device.
    BoundaryMissing => "boundary-missing",
    /// Step 2-1: a threat to a zone, asset or flow, with its risk.
    Threat => "threat",
    /// Step 2-1: the order in which to respond.
    Priority => "priority",
    /// Step 2-1: a path that bypasses a boundary device.
    BoundaryBypass => "boundary-bypass",
    /// Step 2-1: a path of attack across zones.
    AttackPath => "attack-path",
    /// Step 2-2: a planned measure past its date.
    MeasureOverdue => "measure-overdue",
    /// Step 3: the business continuity plan is due for review.
    BcpStale => "bcp-stale",
    /// Step 3: a supplier checklist is due for review.
    ChecklistStale => "checklist-stale",
    /// Step 3: the advisories read are old.
    AdvisoriesStale => "advisories-stale",
    /// Step 3: an industrial session whose operations cannot be read from traffic.
    TrafficOpaque => "traffic-opaque",
    /// Step 3: a party has no supplier checklist.
    ChecklistMissing => "checklist-missing",
    /// Step 3: a supplier checklist item is not met.
    ChecklistGap => "checklist-gap",
    /// Step 3: an incident-response (OODA) role is missing.
    OodaGap => "ooda-gap",
    /// Step 3: the next maturity level's measures.
    MaturityNext => "maturity-next",
    /// Step 3: an asset without an SBOM.
    SbomMissing => "sbom-missing",
    /// Step 3: a known vulnerability in a component.
    Vulnerability => "vulnerability",
    /// Step 3: a component without a known license.
    LicenseUnknown => "license-unknown",
    /// Step 3: an accepted risk past its review date.
    DecisionExpired => "decision-expired",
    /// Step 3: traffic between zones that no flow declares.
    TrafficUndeclaredFlow => "traffic-undeclared-flow",
    /// Step 3: control commands across a boundary without a declared control flow.
    TrafficControlCrossing => "traffic-control-crossing",
    /// Step 1-4: an address in the traffic that belongs to no asset.
    TrafficUnknownHost => "traffic-unknown-host",
    /// Extension, Step 1-4: a declared flow the traffic never shows.
    TrafficFlowNotSeen => "traffic-flow-not-seen",
    /// Extension, Step 1-6: a zone's target security level below the one its exposure asks.
    TargetSlBelowDerived => "target-sl-below-derived",
    /// Extension, Step 3: a component's license against the license policy.
    LicensePolicy => "license-policy",
    /// Extension, Step 3: an SBOM that cannot be read.
    SbomInvalid => "sbom-invalid",
    /// Extension, Step 3: an advisory file that cannot be read.
    AdvisoryInvalid => "advisory-invalid",
    /// Retired (a measure missing for a threat, now part of the threat's finding): read in
    /// assessments written before, never produced.
    MeasureGap => "measure-gap",
}

impl FindingKind {
    /// Whether the traffic check produced it (`traffic-…`).
    pub fn is_traffic(&self) -> bool {
        self.as_str().starts_with("traffic-")
    }
}

impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for FindingKind {
    fn from(name: &str) -> FindingKind {
        FindingKind::parse(name)
    }
}

impl From<String> for FindingKind {
    fn from(name: String) -> FindingKind {
        FindingKind::parse(&name)
    }
}

impl AsRef<str> for FindingKind {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for FindingKind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FindingKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for FindingKind {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

/// Ordered by name, as the strings were: sorting findings by kind keeps its order.
impl Ord for FindingKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for FindingKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for FindingKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FindingKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FindingKind, D::Error> {
        let name = String::deserialize(d)?;
        Ok(FindingKind::parse(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_by_its_name_and_an_unknown_name_is_kept() {
        for k in FindingKind::KNOWN {
            assert_eq!(&FindingKind::parse(k.as_str()), k);
            let json = serde_json::to_string(k).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            let back: FindingKind = serde_json::from_str(&json).unwrap_or(FindingKind::Threat);
            assert_eq!(&back, k);
        }
        let names: std::collections::BTreeSet<&str> =
            FindingKind::KNOWN.iter().map(FindingKind::as_str).collect();
        assert_eq!(names.len(), FindingKind::KNOWN.len(), "a name used twice");
        let other: FindingKind =
            serde_json::from_str("\"zone-new-kind\"").unwrap_or(FindingKind::Threat);
        assert_eq!(other, FindingKind::Other("zone-new-kind".into()));
        assert_eq!(
            serde_json::to_string(&other).unwrap_or_default(),
            "\"zone-new-kind\""
        );
        assert!(FindingKind::Threat < FindingKind::TrafficOpaque);
        assert!(
            FindingKind::AttackPath < FindingKind::BcpGap,
            "ordered by name"
        );
    }

    /// Every kind of the contract's kind table is known by that name (the table is read
    /// from the shared design when it is beside the repository).
    #[test]
    fn the_contracts_kind_table_is_known() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/design/assessment-output.md");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!(
                "shared design not found at {}: contract table not checked",
                path.display()
            );
            return;
        };
        let mut seen = 0;
        for line in text.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // `| kind | step | meaning |` rows: a kebab-case name and a step.
            if cells.len() >= 4
                && !cells[1].is_empty()
                && cells[1].chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && cells[2].chars().next().is_some_and(|c| c.is_ascii_digit())
            {
                seen += 1;
                assert!(
                    !matches!(FindingKind::parse(cells[1]), FindingKind::Other(_)),
                    "the contract's kind {} is unknown",
                    cells[1]
                );
            }
        }
        assert!(seen >= 30, "{seen} kinds read from the contract's table");
    }
}
