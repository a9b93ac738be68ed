//! The fixed vocabularies of `model-format.md`, as (word, value) tables. The loader, the JSON
//! Schema and the YAML writer all read these tables, so a word is spelled in one place.

use crate::model::*;

/// `factory.industry` (Annex A note).
pub const INDUSTRIES: &[(&str, Industry)] = &[
    ("processing-assembly", Industry::ProcessingAssembly),
    ("material", Industry::Material),
    ("process", Industry::Process),
    ("other", Industry::Other),
];

/// Table 3-1 purposes of smartification.
pub const PURPOSES: &[(&str, Purpose)] = &[
    ("improve-quality", Purpose::ImproveQuality),
    ("reduce-costs", Purpose::ReduceCosts),
    ("increase-productivity", Purpose::IncreaseProductivity),
    ("shorten-time-to-market", Purpose::ShortenTimeToMarket),
    (
        "address-personnel-shortage",
        Purpose::AddressPersonnelShortage,
    ),
    ("add-value", Purpose::AddValue),
    (
        "strengthen-risk-management",
        Purpose::StrengthenRiskManagement,
    ),
];

/// BCP review points of 3.1.1 (1).
pub const BCP_POINTS: &[(&str, BcpPoint)] = &[
    ("partner-incident-impact", BcpPoint::PartnerIncidentImpact),
    ("ambiguous-failure-cause", BcpPoint::AmbiguousFailureCause),
    (
        "own-incident-impact-on-partners",
        BcpPoint::OwnIncidentImpactOnPartners,
    ),
    ("new-service-impact", BcpPoint::NewServiceImpact),
    (
        "new-service-suspension-impact",
        BcpPoint::NewServiceSuspensionImpact,
    ),
    (
        "new-service-failure-impact",
        BcpPoint::NewServiceFailureImpact,
    ),
    (
        "suspend-or-continue-criteria",
        BcpPoint::SuspendOrContinueCriteria,
    ),
    ("decision-structure", BcpPoint::DecisionStructure),
];

/// Department kinds (Step 1-1 (3)).
pub const DEPARTMENT_KINDS: &[(&str, DepartmentKind)] = &[
    ("production", DepartmentKind::Production),
    ("it", DepartmentKind::It),
    ("security", DepartmentKind::Security),
    ("dx", DepartmentKind::Dx),
    ("management", DepartmentKind::Management),
    ("audit", DepartmentKind::Audit),
    ("risk", DepartmentKind::Risk),
    ("bcp", DepartmentKind::Bcp),
    ("site", DepartmentKind::Site),
];

/// Party kinds (external stakeholders).
pub const PARTY_KINDS: &[(&str, PartyKind)] = &[
    ("cloud-service", PartyKind::CloudService),
    ("equipment-supplier", PartyKind::EquipmentSupplier),
    ("general-product-vendor", PartyKind::GeneralProductVendor),
    ("software-vendor", PartyKind::SoftwareVendor),
    ("outsourced-vendor", PartyKind::OutsourcedVendor),
    ("business-partner", PartyKind::BusinessPartner),
];

/// existing | new | changed.
pub const STATUSES: &[(&str, Status)] = &[
    ("existing", Status::Existing),
    ("new", Status::New),
    ("changed", Status::Changed),
];

/// Levels as words; the numbers 1 | 2 | 3 are accepted too.
pub const LEVELS: &[(&str, Level)] = &[
    ("low", Level::Low),
    ("medium", Level::Medium),
    ("high", Level::High),
];

/// Table 3-3 kinds of protected objects.
pub const ASSET_KINDS: &[(&str, AssetKind)] = &[
    ("equipment", AssetKind::Equipment),
    ("software", AssetKind::Software),
    ("data", AssetKind::Data),
    ("external-service", AssetKind::ExternalService),
    ("network", AssetKind::Network),
];

/// Asset traits that drive rules.
pub const ASSET_TRAITS: &[(&str, AssetTrait)] = &[
    ("general-purpose", AssetTrait::GeneralPurpose),
    ("embedded-computer", AssetTrait::EmbeddedComputer),
    ("wireless", AssetTrait::Wireless),
    ("remote-access", AssetTrait::RemoteAccess),
    ("oss", AssetTrait::Oss),
    ("cloud-hosted", AssetTrait::CloudHosted),
    ("private-cloud", AssetTrait::PrivateCloud),
    ("safety-function", AssetTrait::SafetyFunction),
    ("end-of-support", AssetTrait::EndOfSupport),
];

/// Asset roles the rules know (roles are free text; these are suggested by the schema).
pub const KNOWN_ROLES: &[&str] = &[
    "plc",
    "dcs",
    "hmi",
    "scada",
    "engineering-station",
    "historian",
    "mes",
    "server",
    "workstation",
    "sensor",
    "robot",
    "agv",
    "firewall",
    "router",
    "switch",
    "vpn-gateway",
    "data-diode",
    "wireless-ap",
    "remote-access-gateway",
];

/// Roles of boundary devices: the only assets a flow's `via` may name (Step 2-2).
pub const BOUNDARY_ROLES: &[&str] = &[
    "firewall",
    "data-diode",
    "vpn-gateway",
    "router",
    "switch",
    "remote-access-gateway",
];

/// Zone kinds (Step 1-6).
pub const ZONE_KINDS: &[(&str, ZoneKind)] = &[
    ("control", ZoneKind::Control),
    ("production", ZoneKind::Production),
    ("information", ZoneKind::Information),
    ("external", ZoneKind::External),
    ("dmz", ZoneKind::Dmz),
];

/// Networks a flow travels over.
pub const NETWORKS: &[(&str, Network)] = &[
    ("internal", Network::Internal),
    ("wireless", Network::Wireless),
    ("internet", Network::Internet),
    ("vpn", Network::Vpn),
    ("carrier", Network::Carrier),
    ("removable-media", Network::RemovableMedia),
    ("maintenance-laptop", Network::MaintenanceLaptop),
    ("serial", Network::Serial),
    ("fieldbus", Network::Fieldbus),
];

/// Protections a flow has.
pub const PROTECTIONS: &[(&str, Protection)] = &[
    ("encryption", Protection::Encryption),
    ("authentication", Protection::Authentication),
    ("input-validation", Protection::InputValidation),
    ("integrity-check", Protection::IntegrityCheck),
    ("backup", Protection::Backup),
];

/// Status of a measure record.
pub const MEASURE_STATUSES: &[(&str, MeasureStatus)] = &[
    ("implemented", MeasureStatus::Implemented),
    ("planned", MeasureStatus::Planned),
    ("not-planned", MeasureStatus::NotPlanned),
];

/// Supply-chain checklists (Tables 3-10..3-12).
pub const CHECKLIST_KINDS: &[(&str, ChecklistKind)] = &[
    ("cloud-service", ChecklistKind::CloudService),
    ("general-product", ChecklistKind::GeneralProduct),
    ("software", ChecklistKind::Software),
];

/// Answers to a checklist item.
pub const ANSWERS: &[(&str, Answer)] = &[
    ("yes", Answer::Yes),
    ("no", Answer::No),
    ("partial", Answer::Partial),
    ("n/a", Answer::NotApplicable),
];

/// Table 3-9 maturity levels (the numbers 1 | 2 | 3 are accepted too).
pub const MATURITY_LEVELS: &[(&str, MaturityLevel)] = &[
    ("basic", MaturityLevel::Basic),
    ("practice", MaturityLevel::Practice),
    ("application", MaturityLevel::Application),
];

/// Status of a decision about a finding.
pub const DECISION_STATUSES: &[(&str, DecisionStatus)] = &[
    ("accepted", DecisionStatus::Accepted),
    ("in-progress", DecisionStatus::InProgress),
    ("mitigated", DecisionStatus::Mitigated),
    ("false-positive", DecisionStatus::FalsePositive),
];

/// The fields of a flow (conduit-level flow) in the model, in the format's order: the loader
/// accepts these and the register's flow sheet has one column for each.
pub const FLOW_FIELDS: &[&str] = &[
    "id",
    "from",
    "to",
    "data",
    "control",
    "automated",
    "network",
    "via",
    "protocol",
    "protections",
    "status",
];

/// The word for a value of one of the tables above (the first entry that maps to it).
pub fn word<T: PartialEq + Copy>(table: &[(&'static str, T)], value: T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(w, _)| w)
}

/// The value a word names in one of the tables above, if it is one of its words.
pub fn parse<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// The words of a table, for "allowed values" messages and the schema.
pub fn words<T>(table: &[(&'static str, T)]) -> Vec<&'static str> {
    table.iter().map(|(w, _)| *w).collect()
}
