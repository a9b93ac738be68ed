//! The validated factory model (format version 1, `model-format.md`).
//!
//! These types are what every other crate reads. They are produced only by the loader
//! ([`crate::load`]), which has already resolved every reference inside the model, so code
//! that walks a [`Model`] may look ids up with the index helpers below and treat a miss as
//! a bug, not as bad input. References into the catalog (tasks, measure ids, checklist item
//! ids) are checked by the catalog crate, which knows them.

use std::collections::BTreeMap;

/// Where an entity (or one of its fields) is written: 1-based line and column in
/// `Model::sources[file]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Loc {
    pub file: u32,
    pub line: u32,
    pub column: u32,
}

/// One file that went into the model (the root file and every `include:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given (root) or as resolved relative to the including file.
    pub path: std::path::PathBuf,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub version: u32,
    pub sources: Vec<SourceFile>,
    pub factory: Factory,
    pub departments: Vec<Department>,
    pub parties: Vec<Party>,
    pub operations: Vec<Operation>,
    pub assets: Vec<Asset>,
    pub zones: Vec<Zone>,
    pub flows: Vec<Flow>,
    pub measures: Vec<MeasureRecord>,
    pub supply_chain: Vec<SupplierChecklist>,
    pub incident_response: IncidentResponse,
    pub maturity: Maturity,
    pub decisions: Vec<Decision>,
    /// Extension: licence policy for SBOM components (issue 8).
    pub licenses: LicensePolicy,
}

/// low | medium | high, written as words or 1 | 2 | 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Low = 1,
    Medium = 2,
    High = 3,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
    pub fn from_number(n: u8) -> Option<Level> {
        match n {
            1 => Some(Level::Low),
            2 => Some(Level::Medium),
            3 => Some(Level::High),
            _ => None,
        }
    }
}

/// existing | new | changed (default existing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Status {
    #[default]
    Existing,
    New,
    Changed,
}

/// `in-house` or the id of a party (default in-house).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Responsible {
    #[default]
    InHouse,
    Party(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Factory {
    pub name: String,
    pub industry: Option<Industry>,
    pub purposes: Vec<Purpose>,
    /// External requirements (Step 1-1 (2)); free ids allowed.
    pub requirements: Vec<String>,
    pub bcp: Option<Bcp>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Industry {
    ProcessingAssembly,
    Material,
    Process,
    Other,
}

/// Table 3-1 targets of smartification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    ImproveQuality,
    ReduceCosts,
    IncreaseProductivity,
    ShortenTimeToMarket,
    AddressPersonnelShortage,
    AddValue,
    StrengthenRiskManagement,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bcp {
    pub exists: bool,
    pub last_review: Option<Date>,
    pub considers: Vec<BcpPoint>,
    pub loc: Loc,
}

/// The BCP review points of 3.1.1 (1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BcpPoint {
    PartnerIncidentImpact,
    AmbiguousFailureCause,
    OwnIncidentImpactOnPartners,
    NewServiceImpact,
    NewServiceSuspensionImpact,
    NewServiceFailureImpact,
    SuspendOrContinueCriteria,
    DecisionStructure,
}

/// An ISO 8601 calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Days in `month` of `year` (proleptic Gregorian), or `None` for a month outside 1-12.
    pub fn days_in_month(year: i32, month: u8) -> Option<u8> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
            4 | 6 | 9 | 11 => Some(30),
            2 if leap => Some(29),
            2 => Some(28),
            _ => None,
        }
    }

    /// `YYYY-MM-DD` (ISO 8601, zero-padded), a real calendar date.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        let month = u8::try_from(num(5..7)?).ok()?;
        let day = u8::try_from(num(8..10)?).ok()?;
        if day == 0 || day > Date::days_in_month(year, month)? {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Today's date in UTC, from the system clock (a clock before 1970 reads as 1970-01-01).
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The proleptic Gregorian date `days` days after 1970-01-01 (negative: before it),
    /// by Howard Hinnant's civil-from-days algorithm.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Shift the epoch to 0000-03-01 so leap days fall at the end of a 400-year era.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    pub id: String,
    pub name: String,
    pub kind: DepartmentKind,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DepartmentKind {
    Production,
    It,
    Security,
    Dx,
    Management,
    Audit,
    Risk,
    Bcp,
    Site,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub kind: PartyKind,
    pub subcontractors: Vec<String>,
    pub contract: Option<Contract>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartyKind {
    CloudService,
    EquipmentSupplier,
    GeneralProductVendor,
    SoftwareVendor,
    OutsourcedVendor,
    BusinessPartner,
}

/// What a contract settles; `None` where the model does not say.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contract {
    pub security_measures: Option<bool>,
    pub service_levels: Option<bool>,
    pub incident_response: Option<bool>,
    pub data_on_termination: Option<bool>,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: String,
    pub name: String,
    pub importance: Option<Level>,
    pub status: Status,
    pub performed_by: Responsible,
    /// Table 3-2 task ids (catalog).
    pub tasks: Vec<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssetKind {
    Equipment,
    Software,
    Data,
    ExternalService,
    Network,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssetTrait {
    GeneralPurpose,
    EmbeddedComputer,
    Wireless,
    RemoteAccess,
    Oss,
    CloudHosted,
    PrivateCloud,
    SafetyFunction,
    EndOfSupport,
}

/// Step 1-5 importance by viewpoint; each may be left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Importance {
    pub safety: Option<Level>,
    pub quality: Option<Level>,
    pub delivery: Option<Level>,
    pub cost: Option<Level>,
    pub business_continuity: Option<Level>,
}

impl Importance {
    /// The highest level given, if any.
    pub fn max(&self) -> Option<Level> {
        [
            self.safety,
            self.quality,
            self.delivery,
            self.cost,
            self.business_continuity,
        ]
        .into_iter()
        .flatten()
        .max()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub id: String,
    pub name: String,
    pub kind: AssetKind,
    /// Free text; the known roles of the model format drive rules.
    pub role: Option<String>,
    /// One zone for equipment, software, network and external services; the zones where
    /// the data is held for `data` assets (may be several).
    pub zones: Vec<String>,
    pub operations: Vec<String>,
    pub importance: Importance,
    pub traits: Vec<AssetTrait>,
    /// Who supplies it (hardware, software, integration): a party id.
    pub supplier: Option<String>,
    /// Who operates and maintains it day to day, where the model says; when absent, the
    /// party performing its operations, else in-house (see `kojo-assess`).
    pub operated_by: Option<Responsible>,
    pub addresses: Vec<IpNet>,
    /// Path relative to the file that declares the asset.
    pub sbom: Option<std::path::PathBuf>,
    /// Extension: the asset's own identity, matched against advisories like an SBOM
    /// component (PLC, RTU and relay firmware rarely comes with an SBOM).
    pub product: Option<AssetProduct>,
    pub status: Status,
    pub loc: Loc,
}

/// What an asset is as a product: vendor, product name, version and CPE name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssetProduct {
    pub vendor: Option<String>,
    pub name: String,
    pub version: Option<String>,
    pub cpe: Option<String>,
}

impl Asset {
    pub fn has_trait(&self, t: AssetTrait) -> bool {
        self.traits.contains(&t)
    }
}

/// An IP address or CIDR block (`10.1.4.10`, `10.1.4.0/28`, `fd00::/64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IpNet {
    pub addr: std::net::IpAddr,
    pub prefix: u8,
}

impl IpNet {
    /// An address (`10.1.4.10`) or a CIDR block (`10.1.4.0/28`); `None` if it is neither
    /// (or the prefix is longer than the address).
    pub fn parse(s: &str) -> Option<IpNet> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: std::net::IpAddr = addr.trim().parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()) => {
                p.parse::<u8>().ok().filter(|p| *p <= max)?
            }
            Some(_) => return None,
            None => max,
        };
        Some(IpNet { addr, prefix })
    }
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr::*;
        match (self.addr, ip) {
            (V4(net), V4(ip)) => {
                let p = u32::from(self.prefix.min(32));
                let mask = if p == 0 { 0 } else { u32::MAX << (32 - p) };
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (V6(net), V6(ip)) => {
                let p = u32::from(self.prefix.min(128));
                let mask = if p == 0 { 0 } else { u128::MAX << (128 - p) };
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for IpNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let full = if self.addr.is_ipv4() { 32 } else { 128 };
        if self.prefix == full {
            write!(f, "{}", self.addr)
        } else {
            write!(f, "{}/{}", self.addr, self.prefix)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ZoneKind {
    Control,
    Production,
    Information,
    External,
    Dmz,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub id: String,
    pub name: String,
    pub kind: ZoneKind,
    /// Department id.
    pub owner: Option<String>,
    pub managed_by: Responsible,
    pub status: Status,
    /// IEC 62443 target security level 1-4 where the model sets it.
    pub target_sl: Option<u8>,
    /// Another site's id for zones of other factories or companies this one exchanges data
    /// with; `None` for this factory (`site: this`, the default).
    pub site: Option<String>,
    pub loc: Loc,
}

/// An end of a flow: an asset or a whole zone (resolved by the loader).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    Asset(String),
    Zone(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Network {
    #[default]
    Internal,
    Wireless,
    Internet,
    Vpn,
    Carrier,
    RemovableMedia,
    MaintenanceLaptop,
    Serial,
    Fieldbus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protection {
    Encryption,
    Authentication,
    InputValidation,
    IntegrityCheck,
    Backup,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub id: String,
    pub from: Endpoint,
    pub to: Endpoint,
    /// Data asset ids carried.
    pub data: Vec<String>,
    pub control: bool,
    pub automated: bool,
    pub network: Network,
    /// Boundary devices passed (asset ids).
    pub via: Vec<String>,
    pub protocol: Option<String>,
    pub protections: Vec<Protection>,
    pub status: Status,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MeasureStatus {
    Implemented,
    Planned,
    NotPlanned,
}

/// A subject a measure or finding is about: `zone:ID`, `asset:ID`, `flow:ID`, … or `factory`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScopeRef {
    Factory,
    Zone(String),
    Asset(String),
    Flow(String),
    Operation(String),
    Party(String),
    Department(String),
}

impl std::fmt::Display for ScopeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScopeRef::Factory => write!(f, "factory"),
            ScopeRef::Zone(id) => write!(f, "zone:{id}"),
            ScopeRef::Asset(id) => write!(f, "asset:{id}"),
            ScopeRef::Flow(id) => write!(f, "flow:{id}"),
            ScopeRef::Operation(id) => write!(f, "operation:{id}"),
            ScopeRef::Party(id) => write!(f, "party:{id}"),
            ScopeRef::Department(id) => write!(f, "department:{id}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRecord {
    /// Catalog measure id.
    pub measure: String,
    /// Empty means the whole factory.
    pub scope: Vec<ScopeRef>,
    pub status: MeasureStatus,
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChecklistKind {
    CloudService,
    GeneralProduct,
    Software,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Answer {
    Yes,
    No,
    Partial,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SupplierChecklist {
    pub party: String,
    pub checklist: ChecklistKind,
    /// When the answers were last confirmed (old answers are reported as stale).
    pub answered_on: Option<Date>,
    /// Catalog checklist item id -> answer, with where the answer is written.
    pub answers: BTreeMap<String, (Answer, Loc)>,
    pub loc: Loc,
}

/// A lead (department or party id) and who decides (department/party ids or the fixed roles).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OodaStep {
    pub lead: Option<String>,
    pub decides: Vec<String>,
    pub loc: Loc,
}

/// One stage of Tables 3-7 / 3-8; `None` where the step is not written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OodaStage {
    pub observe: Option<OodaStep>,
    pub orient: Option<OodaStep>,
    pub decide: Option<OodaStep>,
    pub act: Option<OodaStep>,
    pub loc: Option<Loc>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct IncidentResponse {
    /// `None` where the stage is not written at all.
    pub preventive: Option<OodaStage>,
    pub damage: Option<OodaStage>,
    pub loc: Option<Loc>,
}

/// The fixed decider roles of the model format.
pub const DECIDER_ROLES: &[&str] = &[
    "business-owner",
    "factory-manager",
    "production-site-manager",
    "security-representative",
    "bcp-head",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MaturityLevel {
    Basic = 1,
    Practice = 2,
    Application = 3,
}

/// Table 3-9, by organisational scope; `None` where not assessed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Maturity {
    pub external_cooperation: Option<MaturityLevel>,
    pub related_departments: Option<MaturityLevel>,
    pub within_department: Option<MaturityLevel>,
    pub loc: Option<Loc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DecisionStatus {
    Accepted,
    InProgress,
    Mitigated,
    FalsePositive,
}

impl DecisionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionStatus::Accepted => "accepted",
            DecisionStatus::InProgress => "in-progress",
            DecisionStatus::Mitigated => "mitigated",
            DecisionStatus::FalsePositive => "false-positive",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// A finding id from `kojo assess` (`F-…`).
    pub finding: String,
    pub status: DecisionStatus,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub date: Option<Date>,
    pub review_by: Option<Date>,
    /// Department or party id responsible for the follow-up.
    pub owner: Option<String>,
    /// For in-progress: when it should be done.
    pub due: Option<Date>,
    /// Free text: the team's ticket (Jira, Redmine, Backlog…).
    pub ticket: Option<String>,
    pub loc: Loc,
}

/// Extension: which SBOM component licences are allowed or denied (SPDX ids or expressions).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LicensePolicy {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
    pub loc: Option<Loc>,
}

impl Model {
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }
    pub fn asset(&self, id: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.id == id)
    }
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }
    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }
    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.iter().find(|f| f.id == id)
    }
    /// The file path and position of a location, for messages and SARIF.
    pub fn path_of(&self, loc: Loc) -> Option<&std::path::Path> {
        self.sources
            .get(loc.file as usize)
            .map(|s| s.path.as_path())
    }
    /// Where the subject is defined, if it exists.
    pub fn loc_of(&self, subject: &ScopeRef) -> Option<Loc> {
        match subject {
            ScopeRef::Factory => Some(self.factory.loc),
            ScopeRef::Zone(id) => self.zone(id).map(|x| x.loc),
            ScopeRef::Asset(id) => self.asset(id).map(|x| x.loc),
            ScopeRef::Flow(id) => self.flow(id).map(|x| x.loc),
            ScopeRef::Operation(id) => self.operation(id).map(|x| x.loc),
            ScopeRef::Party(id) => self.party(id).map(|x| x.loc),
            ScopeRef::Department(id) => self.department(id).map(|x| x.loc),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    fn ymd(days: i64) -> String {
        Date::from_days_since_epoch(days).to_string()
    }

    #[test]
    fn days_since_epoch_give_known_calendar_dates() {
        assert_eq!(ymd(0), "1970-01-01");
        assert_eq!(ymd(-1), "1969-12-31");
        assert_eq!(ymd(59), "1970-03-01");
        assert_eq!(ymd(11_016), "2000-02-29");
        assert_eq!(ymd(11_017), "2000-03-01");
        assert_eq!(ymd(20_513), "2026-03-01");
        assert_eq!(ymd(20_512), "2026-02-28");
        assert_eq!(ymd(47_540), "2100-02-28");
        assert_eq!(ymd(47_541), "2100-03-01");
        assert_eq!(ymd(-719_468), "0000-03-01");
    }

    #[test]
    fn parse_takes_real_zero_padded_dates_only() {
        let d = |year, month, day| Some(Date { year, month, day });
        assert_eq!(Date::parse("2026-04-01"), d(2026, 4, 1));
        assert_eq!(Date::parse("2028-02-29"), d(2028, 2, 29));
        assert_eq!(Date::parse("2000-02-29"), d(2000, 2, 29));
        for bad in [
            "2026-02-29",
            "2100-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-4-01",
            "2026/04/01",
            "+026-04-01",
            "2026-04-01T",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn today_is_a_plausible_date() {
        let d = Date::today_utc();
        assert!(d.year >= 2024 && (1..=12).contains(&d.month) && (1..=31).contains(&d.day));
    }
}
