//! kojo-synth: generated factory models for benchmarks and tests.
//!
//! [`factory_yaml`] writes a valid model (format version 1) of any size with a realistic
//! mix of zone kinds, asset kinds, roles, traits, networks, protocols, parties, measures and
//! supplier checklists. The output depends only on the arguments: the same seed gives the
//! same bytes on every platform and version of Rust (the generator is a fixed SplitMix64,
//! not a library RNG whose stream may change).

use std::fmt::Write as _;

/// SplitMix64: tiny, fast, and its output sequence is fixed by definition.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const DEPARTMENTS: &[(&str, &str, &str)] = &[
    (
        "production-engineering",
        "Production engineering",
        "production",
    ),
    ("it-systems", "Information systems", "it"),
    ("security-office", "Cybersecurity office", "security"),
    ("dx-promotion", "DX promotion", "dx"),
    ("plant-management", "Plant management", "management"),
    ("site-operations", "Site operations", "site"),
];
const PARTY_KINDS: &[&str] = &[
    "equipment-supplier",
    "software-vendor",
    "cloud-service",
    "general-product-vendor",
    "outsourced-vendor",
    "business-partner",
];
/// Zone kinds weighted like a real plant: mostly production cells.
const ZONE_KINDS: &[&str] = &[
    "production",
    "production",
    "production",
    "production",
    "production",
    "control",
    "control",
    "information",
    "information",
    "dmz",
    "external",
];
const LEVELS: &[&str] = &["low", "medium", "high", "1", "2", "3"];
const STATUSES: &[&str] = &[
    "existing", "existing", "existing", "existing", "new", "changed",
];
const NETWORKS: &[&str] = &[
    "internal",
    "internal",
    "internal",
    "internal",
    "fieldbus",
    "wireless",
    "vpn",
    "internet",
    "serial",
    "removable-media",
    "maintenance-laptop",
    "carrier",
];
const PROTOCOLS: &[&str] = &[
    "modbus-tcp",
    "s7comm",
    "enip",
    "opc-ua",
    "mqtt",
    "https",
    "dnp3",
    "profinet",
];
const PROTECTIONS: &[&str] = &[
    "encryption",
    "authentication",
    "input-validation",
    "integrity-check",
    "backup",
];
/// Measure ids of the kojo catalog.
const MEASURES: &[&str] = &[
    "msr-net-zone-boundary-filtering",
    "msr-net-wireless-security",
    "msr-phys-portable-device-control",
    "msr-sw-vulnerability-management",
    "msr-ops-account-management",
    "msr-net-monitoring",
];

/// Roles and traits that fit an asset in a zone of the given kind.
fn equipment_for(zone_kind: &str, rng: &mut Rng) -> (&'static str, &'static [&'static str]) {
    let options: &[(&str, &[&str])] = match zone_kind {
        "production" => &[
            ("plc", &["embedded-computer"]),
            ("plc", &["embedded-computer", "safety-function"]),
            ("hmi", &["general-purpose"]),
            ("robot", &["embedded-computer"]),
            ("sensor", &["embedded-computer", "wireless"]),
            ("agv", &["embedded-computer", "wireless"]),
            (
                "engineering-station",
                &["general-purpose", "end-of-support"],
            ),
        ],
        "control" => &[
            ("scada", &["general-purpose"]),
            ("mes", &["general-purpose"]),
            ("historian", &["general-purpose", "oss"]),
            ("dcs", &["embedded-computer"]),
            ("engineering-station", &["general-purpose"]),
        ],
        "information" => &[
            ("server", &["general-purpose"]),
            ("workstation", &["general-purpose"]),
            ("server", &["general-purpose", "private-cloud"]),
        ],
        "dmz" => &[
            ("remote-access-gateway", &["remote-access"]),
            ("server", &["general-purpose"]),
        ],
        _ => &[("server", &["cloud-hosted", "remote-access"])],
    };
    let (role, traits) = *rng.pick(options);
    (role, traits)
}

/// A factory model in YAML with `assets` assets, `zones` zones (at least 1) and `flows`
/// flows, reproducible from `seed`. It loads without diagnostics.
pub fn factory_yaml(assets: usize, zones: usize, flows: usize, seed: u64) -> String {
    let zones = zones.max(1);
    let mut rng = Rng(seed);
    let mut y = String::with_capacity(assets * 260 + flows * 190 + zones * 120 + 4096);
    let parties = (zones / 10).clamp(3, 200);
    let operations = (zones / 5).clamp(3, 400);

    let _ = write!(
        y,
        "# Generated by kojo-synth: {assets} assets, {zones} zones, {flows} flows, seed {seed}.\n\
         version: 1\n\
         factory:\n  name: Synthetic works {seed}\n  industry: processing-assembly\n\
         \x20 purposes: [improve-quality, increase-productivity]\n  requirements: [iec-62443]\n\
         \x20 bcp:\n    exists: true\n    last_review: 2024-03-01\n    considers: [partner-incident-impact, decision-structure]\n"
    );
    y.push_str("departments:\n");
    for (id, name, kind) in DEPARTMENTS {
        let _ = writeln!(y, "  - id: {id}\n    name: {name}\n    kind: {kind}");
    }
    y.push_str("parties:\n");
    for p in 0..parties {
        let kind = PARTY_KINDS[p % PARTY_KINDS.len()];
        let _ = writeln!(
            y,
            "  - id: party-{p:03}\n    name: Supplier {p}\n    kind: {kind}\n    contract: {{security_measures: {}, service_levels: {}}}",
            rng.chance(40),
            rng.chance(70)
        );
    }
    y.push_str("operations:\n");
    for o in 0..operations {
        let _ = write!(
            y,
            "  - id: op-{o:03}\n    name: Operation {o}\n    importance: {}\n",
            rng.pick(LEVELS)
        );
        if rng.chance(15) {
            let _ = writeln!(y, "    performed_by: party-{:03}", rng.below(parties));
        }
    }

    let mut zone_kind = Vec::with_capacity(zones);
    y.push_str("zones:\n");
    for z in 0..zones {
        // The first zones cover every kind so that small models are varied too.
        let kind = if z < 4 {
            ["production", "control", "information", "dmz"][z]
        } else {
            *rng.pick(ZONE_KINDS)
        };
        zone_kind.push(kind);
        let owner = DEPARTMENTS[rng.below(DEPARTMENTS.len())].0;
        let _ = write!(
            y,
            "  - id: zone-{z:04}\n    name: Zone {z} ({kind})\n    kind: {kind}\n    owner: {owner}\n"
        );
        if kind == "external" || rng.chance(5) {
            let _ = writeln!(y, "    managed_by: party-{:03}", rng.below(parties));
        }
        if rng.chance(30) {
            let _ = writeln!(y, "    target_sl: {}", 1 + rng.below(4));
        }
    }

    // Asset kinds: ~60% equipment, 15% data, 10% software, 10% network, 5% external services.
    let mut kinds = Vec::with_capacity(assets);
    let mut data_assets = Vec::new();
    let mut firewalls: Vec<Vec<usize>> = vec![Vec::new(); zones];
    let mut asset_zone = Vec::with_capacity(assets);
    y.push_str("assets:\n");
    for a in 0..assets {
        let z = if a < zones { a } else { rng.below(zones) };
        asset_zone.push(z);
        let roll = rng.below(100);
        let kind = match roll {
            _ if a == 0 => "data",
            0..60 => "equipment",
            60..75 => "data",
            75..85 => "software",
            85..95 => "network",
            _ => "external-service",
        };
        kinds.push(kind);
        let _ = write!(
            y,
            "  - id: asset-{a:05}\n    name: Asset {a}\n    kind: {kind}\n"
        );
        match kind {
            "data" => {
                data_assets.push(a);
                let extra = rng.below(zones);
                if extra != z && rng.chance(30) {
                    let _ = writeln!(y, "    zones: [zone-{z:04}, zone-{extra:04}]");
                } else {
                    let _ = writeln!(y, "    zones: [zone-{z:04}]");
                }
                let _ = writeln!(
                    y,
                    "    importance: {{quality: {}, delivery: {}}}",
                    rng.pick(LEVELS),
                    rng.pick(LEVELS)
                );
            }
            "network" => {
                let role = *rng.pick(&[
                    "firewall",
                    "firewall",
                    "router",
                    "switch",
                    "vpn-gateway",
                    "data-diode",
                    "wireless-ap",
                ]);
                if matches!(role, "firewall" | "vpn-gateway" | "data-diode") {
                    firewalls[z].push(a);
                }
                let _ = writeln!(y, "    role: {role}\n    zone: zone-{z:04}");
            }
            _ => {
                let (role, traits) = equipment_for(zone_kind[z], &mut rng);
                let _ = writeln!(
                    y,
                    "    role: {role}\n    zone: zone-{z:04}\n    traits: [{}]",
                    traits.join(", ")
                );
                if rng.chance(60) {
                    let _ = writeln!(y, "    supplier: party-{:03}", rng.below(parties));
                }
            }
        }
        let _ = writeln!(y, "    operations: [op-{:03}]", rng.below(operations));
        if kind != "data" {
            let _ = writeln!(
                y,
                "    addresses: [10.{}.{}.{}]",
                z / 250,
                z % 250,
                1 + a % 250
            );
        }
        let status = rng.pick(STATUSES);
        if *status != "existing" {
            let _ = writeln!(y, "    status: {status}");
        }
    }

    y.push_str("flows:\n");
    for f in 0..flows {
        let _ = writeln!(y, "  - id: flow-{f:05}");
        let (from, to, from_zone) = if assets == 0 || rng.chance(5) {
            let a = rng.below(zones);
            let b = rng.below(zones);
            (format!("zone-{a:04}"), format!("zone-{b:04}"), a)
        } else {
            let a = rng.below(assets);
            // Most traffic stays near: same zone or a neighbouring one.
            let b = rng.below(assets);
            (
                format!("asset-{a:05}"),
                format!("asset-{b:05}"),
                asset_zone[a],
            )
        };
        let _ = writeln!(y, "    from: {from}\n    to: {to}");
        if !data_assets.is_empty() && rng.chance(70) {
            let d = data_assets[rng.below(data_assets.len())];
            let _ = writeln!(y, "    data: [asset-{d:05}]");
        }
        if rng.chance(25) {
            y.push_str("    control: true\n");
        }
        if rng.chance(5) {
            y.push_str("    automated: true\n");
        }
        let network = rng.pick(NETWORKS);
        if *network != "internal" {
            let _ = writeln!(y, "    network: {network}");
        }
        if let Some(fw) = firewalls.get(from_zone).filter(|v| !v.is_empty()) {
            let _ = writeln!(y, "    via: [asset-{:05}]", fw[rng.below(fw.len())]);
        }
        let _ = writeln!(y, "    protocol: {}", rng.pick(PROTOCOLS));
        if rng.chance(40) {
            let p = rng.pick(PROTECTIONS);
            let q = rng.pick(PROTECTIONS);
            if p == q {
                let _ = writeln!(y, "    protections: [{p}]");
            } else {
                let _ = writeln!(y, "    protections: [{p}, {q}]");
            }
        }
        let status = rng.pick(STATUSES);
        if *status != "existing" {
            let _ = writeln!(y, "    status: {status}");
        }
    }

    y.push_str("measures:\n");
    for m in 0..(zones / 5).max(1) {
        let z = rng.below(zones);
        let status = rng.pick(&["implemented", "planned", "not-planned"]);
        let _ = writeln!(
            y,
            "  - measure: {}\n    scope: [zone:zone-{z:04}]\n    status: {status}\n    owner: {}",
            MEASURES[m % MEASURES.len()],
            DEPARTMENTS[rng.below(DEPARTMENTS.len())].0
        );
        if *status == "planned" {
            let _ = writeln!(
                y,
                "    due: 2026-{:02}-{:02}",
                1 + rng.below(12),
                1 + rng.below(28)
            );
        }
    }
    y.push_str("supply_chain:\n");
    for p in 0..parties {
        // The checklist of Tables 3-10..3-12 that fits the party, with a catalog item id.
        let (checklist, item) = match PARTY_KINDS[p % PARTY_KINDS.len()] {
            "cloud-service" => ("cloud-service", "procurement.provider-reliable"),
            "software-vendor" => ("software", "procurement.security-policy"),
            "equipment-supplier" | "general-product-vendor" => {
                ("general-product", "procurement.security-policy-disclosed")
            }
            _ => continue,
        };
        let _ = writeln!(
            y,
            "  - party: party-{p:03}\n    checklist: {checklist}\n    answers:\n      {item}: {}",
            rng.pick(&["yes", "no", "partial", "n/a"])
        );
    }
    y.push_str(
        "incident_response:\n  preventive:\n    observe: {lead: security-office, decides: [security-representative]}\n\
         \x20   decide: {lead: plant-management, decides: [factory-manager]}\n\
         \x20 damage:\n    act: {lead: production-engineering, decides: [production-site-manager]}\n\
         maturity:\n  external-cooperation: basic\n  related-departments: practice\n  within-department: 2\n",
    );
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_seed_dependent() {
        assert_eq!(factory_yaml(50, 5, 80, 7), factory_yaml(50, 5, 80, 7));
        assert_ne!(factory_yaml(50, 5, 80, 7), factory_yaml(50, 5, 80, 8));
    }

    #[test]
    fn sizes_as_asked() {
        let y = factory_yaml(120, 12, 300, 1);
        assert_eq!(y.matches("\n  - id: asset-").count(), 120);
        assert_eq!(y.matches("\n  - id: zone-").count(), 12);
        assert_eq!(y.matches("\n  - id: flow-").count(), 300);
    }
}
