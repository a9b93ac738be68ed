//! The embedded catalog against the guideline appendix, table by table, and the loader's
//! behaviour on packs and bad input.

use kojo_catalog::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The embedded catalog, loaded once for all tests of this file.
fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| match Catalog::embedded() {
        Ok(c) => c,
        Err(e) => panic!("the embedded catalog must load:\n{e}"),
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `$KOJO_SHARED_DIR`, else `<workspace>/../shared`; `None` (with the skip message) if absent.
fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("KOJO_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared"));
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: shared test data not found at {}", dir.display());
        None
    }
}

fn rows_of(c: &Catalog, table: &str) -> Vec<u32> {
    let mut rows: Vec<u32> = c
        .items()
        .iter()
        .flat_map(|i| {
            let also: Vec<&kojo_catalog::Reference> = match i {
                kojo_catalog::Item::Threat(t) => t.also.iter().collect(),
                _ => Vec::new(),
            };
            i.reference().into_iter().chain(also)
        })
        .filter(|r| r.table.as_deref() == Some(table) && r.source.is_none())
        .filter_map(|r| r.row)
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

fn count_kind(c: &Catalog, kind: EntryKind) -> usize {
    c.entries_of(kind).count()
}

/// Every row 1..=n of `table` is encoded by at least one item.
fn assert_rows(c: &Catalog, table: &str, n: u32) {
    let want: Vec<u32> = (1..=n).collect();
    assert_eq!(rows_of(c, table), want, "rows of {table}");
}

#[test]
fn the_build_time_version_is_the_embedded_catalog_s() {
    assert_eq!(kojo_catalog::EMBEDDED_VERSION, catalog().version());
    assert_ne!(kojo_catalog::EMBEDDED_VERSION, "unknown");
}

#[test]
fn every_table_row_of_the_appendix_is_present() {
    let c = catalog();
    // Counts taken from the appendix (see seed_row_counts_match_the_catalog for the check
    // against the text itself).
    assert_rows(c, "Table 1-1", 3);
    assert_eq!(count_kind(c, EntryKind::DepartmentStep), 3);
    assert_rows(c, "Table 2-1", 8);
    assert_eq!(count_kind(c, EntryKind::SmartificationRisk), 8);
    assert_rows(c, "Table 3-1", 7);
    assert_eq!(count_kind(c, EntryKind::Purpose), 7);
    assert_eq!(count_kind(c, EntryKind::PurposeExample), 18);
    assert_rows(c, "Table 3-2", 9);
    assert_eq!(c.tasks().filter(|t| t.key.is_some()).count(), 9);
    assert_rows(c, "Table 3-3", 12);
    assert_eq!(count_kind(c, EntryKind::ProtectedObject), 12);
    assert_rows(c, "Table 3-4", 5);
    assert_rows(c, "Table 3-5", 10);
    assert_eq!(
        c.threats()
            .iter()
            .filter(|t| t
                .references()
                .any(|r| r.table.as_deref() == Some("Table 3-5")))
            .count(),
        10
    );
    assert_rows(c, "Table 3-6", 9);
    assert_eq!(count_kind(c, EntryKind::ThreatMeasureRow), 9);
    assert_rows(c, "Table 3-7", 4);
    assert_rows(c, "Table 3-8", 4);
    assert_eq!(c.ooda().len(), 8);
    assert_rows(c, "Table 3-9", 3);
    assert_eq!(c.maturity().len(), 9);
    assert_rows(c, "Table 3-10", 12);
    assert_rows(c, "Table 3-11", 14);
    assert_rows(c, "Table 3-12", 19);
    assert_rows(c, "Table C-1", 8);
    assert_eq!(count_kind(c, EntryKind::AnnexZone), 8);
    // Lists in the text.
    assert_eq!(c.threat_types().count(), 10, "threat types of 3.1.7");
    assert_eq!(c.bcp_points().count(), 8, "BCP review points of 3.1.1 (1)");
    assert_eq!(count_kind(c, EntryKind::StakeholderCheck), 3);
    assert_eq!(count_kind(c, EntryKind::GovernanceCheck), 5);
    assert_eq!(count_kind(c, EntryKind::IncidentImpactCheck), 3);
    assert_eq!(count_kind(c, EntryKind::ConcernArea), 4);
    assert_eq!(count_kind(c, EntryKind::ZoningStep), 3);
    assert_eq!(count_kind(c, EntryKind::CapabilityDefinition), 3);
    assert_eq!(count_kind(c, EntryKind::SbomGuidance), 1);
    assert_eq!(count_kind(c, EntryKind::ReferenceGuideline), 3);
    // Three cases, three steps each.
    let cases: Vec<&Entry> = c
        .entries_of(EntryKind::ZoningCase)
        .filter(|e| e.group.is_none())
        .collect();
    assert_eq!(cases.len(), 3);
    for case in cases {
        let steps = c
            .entries_of(EntryKind::ZoningCase)
            .filter(|e| e.group.as_deref() == Some(case.id.as_str()))
            .count();
        assert_eq!(steps, 3, "steps of {}", case.id);
    }
    // Measures of 3.2.2 and 3.3 by heading.
    let by_cat = |cat: MeasureCategory| c.measures().iter().filter(|m| m.category == cat).count();
    assert_eq!(
        by_cat(MeasureCategory::CloudService),
        6,
        "5 selection viewpoints + Annex A (ii)"
    );
    assert_eq!(by_cat(MeasureCategory::Improvement), 4, "PDCA measures");
    assert_eq!(by_cat(MeasureCategory::UnexpectedEvents), 4);
    assert_eq!(
        by_cat(MeasureCategory::Data),
        6,
        "4 points of (iii) + Tables 2-1 and 3-6"
    );
    assert_eq!(
        by_cat(MeasureCategory::Software),
        5,
        "2 in-house + 3 procured OSS points"
    );
}

/// Rows counted in the appendix text itself.
#[test]
fn seed_row_counts_match_the_catalog() {
    let Some(shared) = shared_dir() else { return };
    let path = shared.join("seed/000_c57e8af4f45492c6.txt");
    let Ok(seed) = std::fs::read_to_string(&path) else {
        println!("skipped: shared test data not found at {}", path.display());
        return;
    };
    let c = catalog();
    let span = |start: &str, end: &str| -> String {
        let s = seed
            .find(start)
            .unwrap_or_else(|| panic!("`{start}` not in the seed"));
        let rest = &seed[s + start.len()..];
        let e = rest
            .find(end)
            .unwrap_or_else(|| panic!("`{end}` not after `{start}`"));
        rest[..e].to_owned()
    };
    let lines = |t: &str| -> Vec<String> {
        t.lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    };
    // Table 1-1: rows start with "Step".
    let t11 = span("Table 1-1 Departments", "**Figure 1-1");
    let n = lines(&t11)
        .iter()
        .filter(|l| l.starts_with("Step "))
        .count();
    assert_eq!(rows_of(c, "Table 1-1").len(), n);
    // Table 2-1: every non-empty line after the header row.
    let t21 = span(
        "Table 2-1 Examples of security risks in factory smartification",
        "2.1.3",
    );
    assert_eq!(rows_of(c, "Table 2-1").len(), lines(&t21).len() - 1);
    // Table 3-1: targets are lines whose first cell is filled; examples are all rows.
    let t31 = span(
        "Table 3-1 Targets of smartification",
        "- Review of Business",
    );
    let body: Vec<String> = lines(&t31).into_iter().skip(2).collect();
    let targets = body.iter().filter(|l| !l.starts_with('\t')).count();
    assert_eq!(count_kind(c, EntryKind::Purpose), targets);
    assert_eq!(count_kind(c, EntryKind::PurposeExample), body.len());
    // BCP review points: the check marks of 3.1.1 (1).
    let bcp = span(
        "- Review of Business Continuity Plan (BCP)\n",
        "Key Considerations for Promoting Smartification (2)",
    );
    let marks = bcp.lines().filter(|l| l.contains('✓')).count();
    assert_eq!(c.bcp_points().count(), marks);
    // Table 3-2, 3-4, 3-5: one `<ul` per row.
    let uls = |t: &str| t.lines().filter(|l| l.contains("<ul")).count();
    let t32 = span("Table 3-2 Example of Tasks", "- Expanding the scope");
    assert_eq!(rows_of(c, "Table 3-2").len(), uls(&t32));
    let t34 = span("Table 3-4 Examples of perspectives", "- Concept of threats");
    assert_eq!(rows_of(c, "Table 3-4").len(), uls(&t34));
    let t35 = span(
        "Table 3-5 Examples of viewpoints",
        "[Reference] Data Management",
    );
    assert_eq!(rows_of(c, "Table 3-5").len(), uls(&t35));
    // Each Table 3-5 threat carries the viewpoint the table gives its row.
    let viewpoints: Vec<String> = t35
        .lines()
        .filter_map(|l| l.split("<ul").next().filter(|_| l.contains("<ul")))
        .map(|before| before.rsplit('\t').next().unwrap_or("").trim().to_owned())
        .collect();
    assert_eq!(viewpoints.len(), rows_of(c, "Table 3-5").len());
    for (row, vp) in (1u32..).zip(&viewpoints) {
        let t = c
            .threats()
            .iter()
            .find(|t| {
                t.references()
                    .any(|r| r.table.as_deref() == Some("Table 3-5") && r.row == Some(row))
            })
            .unwrap_or_else(|| panic!("no threat for Table 3-5 row {row}"));
        let title = c.entry(&t.viewpoint).map(|e| e.title.en.as_str());
        assert_eq!(
            title,
            Some(vp.as_str()),
            "viewpoint of Table 3-5 row {row} ({})",
            t.id
        );
    }
    // Table 3-3: every non-empty line after the header row.
    let t33 = span(
        "Table 3-3 Examples of protected objects that can be added to achieve smartification\n",
        "3.1.5",
    );
    assert_eq!(rows_of(c, "Table 3-3").len(), lines(&t33).len() - 1);
    // Table 3-6 and Table C-1: numbered rows.
    let numbered = |t: &str| {
        t.lines()
            .filter(|l| {
                l.split('\t')
                    .next()
                    .is_some_and(|f| !f.is_empty() && f.chars().all(|ch| ch.is_ascii_digit()))
            })
            .count()
    };
    let t36 = span("Table 3-6 Examples of security measures", "\n3.3\n");
    assert_eq!(rows_of(c, "Table 3-6").len(), numbered(&t36));
    let tc1 = span("Table C-1 Outline", "(i) Use of services");
    assert_eq!(rows_of(c, "Table C-1").len(), numbered(&tc1));
    // Tables 3-7 / 3-8: one row per OODA step.
    let steps = |t: &str| {
        t.lines()
            .filter(|l| {
                [
                    "Monitoring (Observe)",
                    "Analysis (Orient)",
                    "Decision (Decision)",
                    "Action (Action)",
                ]
                .iter()
                .any(|p| l.starts_with(p))
            })
            .count()
    };
    let t37 = span(
        "Table 3-7 Example of role division",
        "- **Damage occurrence stage**",
    );
    assert_eq!(rows_of(c, "Table 3-7").len(), steps(&t37));
    let t38 = span(
        "Table 3-8 Example of role division",
        "Even in the above-mentioned",
    );
    assert_eq!(rows_of(c, "Table 3-8").len(), steps(&t38));
    // Table 3-9: three organizational rows of three levels.
    let t39 = span(
        "Table 3-9 Example of maturity model",
        "Moreover, as the existing",
    );
    // Less the rest of the title line and the two header rows.
    let org_rows = lines(&t39).len() - 3;
    assert_eq!(rows_of(c, "Table 3-9").len(), org_rows);
    assert_eq!(c.maturity().len(), org_rows * 3);
    // Tables 3-10 to 3-12: one item per bullet, per phase; a phase without bullets is a note.
    for (table, title, end, kind) in [
        (
            "Table 3-10",
            "Table 3-10 Points to be checked",
            "- Key confirmation points when using general",
            "cloud-service",
        ),
        (
            "Table 3-11",
            "Table 3-11 Points to be checked",
            "When procuring general-purpose products",
            "general-product",
        ),
        (
            "Table 3-12",
            "Table 3-12 Points to be checked",
            "Consideration is being given",
            "software",
        ),
    ] {
        let t = span(title, end);
        let list = c
            .checklists()
            .iter()
            .find(|l| l.kind == kind)
            .expect("checklist");
        for (phase_name, phase) in [
            ("Procurement", Phase::Procurement),
            ("Contract", Phase::Contract),
            ("Development", Phase::Development),
            ("Operation and maintenance", Phase::OperationMaintenance),
        ] {
            let Some(row) = t
                .lines()
                .find(|l| l.starts_with(&format!("{phase_name}\t")))
            else {
                assert!(
                    list.items.iter().all(|i| i.phase != phase),
                    "{table} has no {phase_name} row"
                );
                continue;
            };
            let bullets = row.matches('•').count().max(1);
            let items = list.items.iter().filter(|i| i.phase == phase).count();
            assert_eq!(items, bullets, "{table} {phase_name}");
        }
        assert_eq!(rows_of(c, table).len(), list.items.len());
    }
    // The ten threat types of 3.1.7.
    let tt = span(
        "Examples of threat types which have an impact",
        "After perceiving",
    );
    let bullets = tt.lines().filter(|l| l.starts_with("- ")).count();
    assert_eq!(c.threat_types().count(), bullets);
}

#[test]
fn ids_are_unique_and_prefixed() {
    let c = catalog();
    let mut seen = BTreeSet::new();
    for item in c.items() {
        assert!(seen.insert(item.id()), "duplicate id {}", item.id());
    }
    assert!(c.threats().iter().all(|t| t.id.starts_with("thr-")));
    assert!(c.measures().iter().all(|m| m.id.starts_with("msr-")));
    assert!(c.checklists().iter().all(|m| m.id.starts_with("chk-")));
}

#[test]
fn cross_references_resolve() {
    let c = catalog();
    let ids: BTreeSet<String> = c.items().iter().map(|i| i.id()).collect();
    for e in c.entries() {
        for r in e.refs.iter().chain(e.group.iter()) {
            assert!(ids.contains(r), "{} refers to missing {r}", e.id);
        }
    }
    let types: BTreeSet<&str> = c.threat_types().map(|e| e.id.as_str()).collect();
    let mut used_types = BTreeSet::new();
    for t in c.threats() {
        assert!(!t.measures.is_empty(), "{} has no measure", t.id);
        assert_eq!(
            c.measures_for(t).len(),
            t.measures.len(),
            "{} measures resolve",
            t.id
        );
        assert!(types.contains(t.threat_type.as_str()));
        used_types.insert(t.threat_type.as_str());
        assert_eq!(
            c.entry(&t.viewpoint).map(|e| e.kind),
            Some(EntryKind::Perspective)
        );
        assert_eq!(
            t.conditions.len(),
            t.applies.len(),
            "{} conditions typed",
            t.id
        );
        assert!(!t.impacts.is_empty() && (1..=3).contains(&t.level) && (1..=4).contains(&t.sl));
    }
    assert_eq!(
        used_types, types,
        "every 3.1.7 threat type has at least one threat"
    );
    // `mitigates` is the inverse of the threats' `measures`.
    for m in c.measures() {
        for t in &m.mitigates {
            assert!(c.threat(t).is_some_and(|t| t.measures.contains(&m.id)));
        }
    }
    let answered: usize = c
        .measures()
        .iter()
        .filter(|m| !m.mitigates.is_empty())
        .count();
    assert!(answered >= 40, "most measures answer a threat ({answered})");
    // Every IEC 62443 mapping is an SR/RE of the embedded list.
    let srs: BTreeSet<&str> = c.iec62443().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        c.iec62443()
            .iter()
            .filter(|r| !r.id.contains(" RE"))
            .count(),
        51
    );
    assert_eq!(
        c.iec62443().iter().filter(|r| r.id.contains(" RE")).count(),
        49
    );
    for t in c.threats() {
        for sr in &t.iec62443 {
            assert!(srs.contains(sr.as_str()), "{}: {sr}", t.id);
        }
    }
}

#[test]
fn factory_threats_beyond_the_appendix_are_covered() {
    let c = catalog();
    let flow_networks: BTreeSet<kojo_model::Network> = c
        .threats()
        .iter()
        .flat_map(|t| t.conditions.iter())
        .filter_map(|a| match a {
            Applicability::Flow(f) => f.network.clone(),
            _ => None,
        })
        .flatten()
        .collect();
    use kojo_model::Network as N;
    for n in [
        N::RemovableMedia,
        N::MaintenanceLaptop,
        N::Serial,
        N::Fieldbus,
        N::Wireless,
        N::Internet,
        N::Vpn,
        N::Carrier,
    ] {
        assert!(flow_networks.contains(&n), "no threat for flows over {n:?}");
    }
    let protocols: BTreeSet<String> = c
        .threats()
        .iter()
        .flat_map(|t| t.conditions.iter())
        .filter_map(|a| match a {
            Applicability::Flow(f) => f.protocol.clone(),
            _ => None,
        })
        .flatten()
        .collect();
    for p in [
        "modbus-tcp",
        "s7comm",
        "dnp3",
        "bacnet",
        "iec104",
        "enip",
        "opc-ua",
    ] {
        assert!(protocols.contains(p), "no threat for {p}");
    }
    let traits: BTreeSet<kojo_model::AssetTrait> = c
        .threats()
        .iter()
        .flat_map(|t| t.conditions.iter())
        .filter_map(|a| match a {
            Applicability::Asset(x) => x.traits.clone(),
            _ => None,
        })
        .flatten()
        .collect();
    use kojo_model::AssetTrait as T;
    for t in [
        T::EndOfSupport,
        T::SafetyFunction,
        T::Wireless,
        T::Oss,
        T::GeneralPurpose,
        T::EmbeddedComputer,
        T::RemoteAccess,
        T::CloudHosted,
    ] {
        assert!(traits.contains(&t), "no threat for assets with {t:?}");
    }
    let t = c
        .threat("thr-control-from-outside")
        .expect("control from outside");
    assert!(
        matches!(&t.conditions[0], Applicability::Flow(f) if f.control_from_outside_control_network == Some(true))
    );
    let t = c
        .threat("thr-fa-oa-data-user-management")
        .expect("FA/OA data");
    assert!(matches!(&t.conditions[0], Applicability::Asset(a) if a.spans_fa_oa == Some(true)));
}

#[test]
fn mapping_ids_exist_in_the_reference_data() {
    let Some(shared) = shared_dir() else { return };
    let c = catalog();
    let csf_path = shared.join("reference/nist-csf-2.0/csf-2.0-core.tsv");
    let attack_path = shared.join("reference/mitre-attack-ics/ics-attack-18.1.json");
    let (Ok(csf_text), Ok(attack_text)) = (
        std::fs::read_to_string(&csf_path),
        std::fs::read_to_string(&attack_path),
    ) else {
        println!(
            "skipped: shared test data not found at {}",
            shared.display()
        );
        return;
    };
    let csf: BTreeSet<&str> = csf_text
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let id = f.next()?;
            (f.next()? == "subcategory").then_some(id)
        })
        .collect();
    assert!(csf.len() > 100, "CSF subcategories read");
    let stix: serde_json::Value = serde_json::from_str(&attack_text).expect("STIX bundle");
    let mut attack = BTreeSet::new();
    for o in stix["objects"].as_array().expect("objects") {
        let live = o["type"] == "attack-pattern"
            && o["revoked"].as_bool() != Some(true)
            && o["x_mitre_deprecated"].as_bool() != Some(true);
        if !live {
            continue;
        }
        for r in o["external_references"].as_array().into_iter().flatten() {
            if r["source_name"] == "mitre-attack"
                && let Some(id) = r["external_id"].as_str()
            {
                attack.insert(id.to_owned());
            }
        }
    }
    assert!(attack.len() > 70, "ATT&CK for ICS techniques read");
    let mut checked = 0;
    let mut check_csf = |owner: &str, ids: &[String]| {
        for id in ids {
            assert!(
                csf.contains(id.as_str()),
                "{owner}: CSF {id} is not a CSF 2.0 subcategory"
            );
            checked += 1;
        }
    };
    for t in c.threats() {
        check_csf(&t.id, &t.csf);
    }
    for m in c.measures() {
        check_csf(&m.id, &m.csf);
    }
    for l in c.checklists() {
        for i in &l.items {
            check_csf(&format!("{}.{}", l.id, i.id), &i.csf);
        }
    }
    assert!(checked > 150);
    for t in c.threats() {
        for a in &t.attack {
            assert!(
                attack.contains(a),
                "{}: {a} is not a live ATT&CK for ICS technique",
                t.id
            );
        }
    }
    // The SEMI E187 pack's mappings too.
    let pack = workspace_root().join("catalog/packs/semi-e187.yaml");
    let c = Catalog::with_packs(&[pack]).expect("pack loads");
    for l in c.checklists().iter().filter(|l| l.kind == "semi-e187") {
        for i in &l.items {
            for id in &i.csf {
                assert!(csf.contains(id.as_str()), "{}: {id}", i.id);
            }
        }
    }
}

#[test]
fn model_vocabularies_and_checklists_match_the_model_format() {
    let c = catalog();
    let purposes: Vec<&str> = c
        .entries_of(EntryKind::Purpose)
        .filter_map(|e| e.key.as_deref())
        .collect();
    assert_eq!(
        purposes,
        [
            "improve-quality",
            "reduce-costs",
            "increase-productivity",
            "shorten-time-to-market",
            "address-personnel-shortage",
            "add-value",
            "strengthen-risk-management"
        ]
    );
    let bcp: Vec<&str> = c.bcp_points().filter_map(|e| e.key.as_deref()).collect();
    assert_eq!(
        bcp,
        [
            "partner-incident-impact",
            "ambiguous-failure-cause",
            "own-incident-impact-on-partners",
            "new-service-impact",
            "new-service-suspension-impact",
            "new-service-failure-impact",
            "suspend-or-continue-criteria",
            "decision-structure"
        ]
    );
    let cloud = c
        .checklist_by_kind(kojo_model::ChecklistKind::CloudService)
        .expect("cloud checklist");
    assert!(cloud.item("procurement.provider-reliable").is_some());
    assert!(cloud.item("contract.service-levels-stated").is_some());
    use kojo_model::PartyKind::*;
    let kind_for = |k| c.checklist_for_party_kind(k).map(|l| l.kind.as_str());
    assert_eq!(kind_for(CloudService), Some("cloud-service"));
    assert_eq!(kind_for(EquipmentSupplier), Some("general-product"));
    assert_eq!(kind_for(GeneralProductVendor), Some("general-product"));
    assert_eq!(kind_for(SoftwareVendor), Some("software"));
    assert_eq!(kind_for(BusinessPartner), None);
    // The model-format example measure id resolves without its prefix.
    assert!(c.measure("net-zone-boundary-filtering").is_some());
    assert!(c.measure("msr-net-zone-boundary-filtering").is_some());
    // OODA: every step of both stages, deciders as model roles.
    for stage in [OodaStage::Preventive, OodaStage::Damage] {
        for step in [
            OodaStep::Observe,
            OodaStep::Orient,
            OodaStep::Decide,
            OodaStep::Act,
        ] {
            assert!(c.ooda_role(stage, step).is_some(), "{stage:?} {step:?}");
        }
    }
    let decide = c
        .ooda_role(OodaStage::Preventive, OodaStep::Decide)
        .expect("decide");
    assert!(decide.deciders.iter().any(|d| d == "business-owner") && decide.owner_by_importance);
    let next = c
        .maturity_cell(
            MaturityScope::RelatedDepartments,
            MaturityLevelName::Practice,
        )
        .expect("cell");
    assert!(next.text.en.contains("several organizations"));
}

#[test]
fn every_entry_speaks_english_and_japanese() {
    let c = catalog();
    for item in c.items() {
        let (t, x) = (item.title(), item.text());
        assert!(
            !t.en.is_empty() && !t.ja.is_empty() && !x.en.is_empty() && !x.ja.is_empty(),
            "{}",
            item.id()
        );
        // Japanese text is Japanese (has at least one non-ASCII character), unless it is a
        // proper name such as "SQDC".
        assert!(
            !t.ja.is_ascii() || t.ja == t.en,
            "{}: ja title is not translated",
            item.id()
        );
    }
    let l = c.text("thr-control-from-outside", "ja").expect("text");
    assert_eq!(l.title, "制御ネットワーク外からの制御指示");
    let l = c
        .text("chk-cloud-service.contract.service-levels-stated", "en")
        .expect("item text");
    assert!(l.text.contains("availability"));
    assert!(c.text("thr-none", "en").is_none());
}

#[test]
fn risk_method_follows_the_ipa_table() {
    let c = catalog();
    let r = c.risk_method().expect("risk method");
    use kojo_findings::Severity::*;
    assert_eq!(r.risk(3, 3, 3).map(|l| l.id.as_str()), Some("A"));
    assert_eq!(r.severity(3, 3, 3), Some(Critical));
    assert_eq!(r.severity(3, 3, 2), Some(High));
    assert_eq!(r.severity(2, 2, 3), Some(Medium));
    assert_eq!(r.severity(2, 1, 3), Some(Low));
    assert_eq!(r.severity(1, 1, 1), Some(Info));
    assert_eq!(r.severity(4, 1, 1), None);
    assert_eq!(r.vulnerability_level(&[], &[]), 3);
    assert_eq!(r.vulnerability_level(&[1], &[]), 2);
    assert_eq!(
        r.vulnerability_level(&[2], &[3]),
        1,
        "planned measures do not count"
    );
    assert_eq!(
        r.vulnerability_level(&[1, 1], &[]),
        1,
        "a second measure adds a step"
    );
    assert_eq!(
        r.vulnerability_level(&[3, 3, 3], &[]),
        1,
        "never below the floor"
    );
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kojo-catalog-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write temp file");
    p
}

const PACK_THREAT: &str = r#"
threats:
  - id: thr-acme-own
    title: {en: "Acme threat", ja: "アクメの脅威"}
    text: {en: "Text.", ja: "本文。"}
    reference: {section: "Acme 1", source: "Acme rules"}
    provenance: kojo
    threat_type: tt-negligence
    viewpoint: vp-sqdc
    perspective: within
    level: 2
    impacts: [quality]
    measures: [msr-pdca-manuals]
    sl: 1
    applies:
      - {subject: asset, when: {kind: [software]}}
"#;

#[test]
fn packs_add_entries_and_conflicts_name_both_files() {
    let a = temp_file("acme.yaml", PACK_THREAT);
    let c = Catalog::with_packs(std::slice::from_ref(&a)).expect("pack loads");
    assert!(c.threat("thr-acme-own").is_some());
    assert!(
        c.measure("pdca-manuals")
            .is_some_and(|m| m.mitigates.iter().any(|t| t == "thr-acme-own"))
    );
    // The same id twice: error names both files.
    let b = temp_file("acme-copy.yaml", PACK_THREAT);
    let err = Catalog::with_packs(&[a.clone(), b.clone()])
        .expect_err("conflict")
        .to_string();
    assert!(err.contains("duplicate id `thr-acme-own`"), "{err}");
    assert!(
        err.contains("acme.yaml") && err.contains("acme-copy.yaml"),
        "{err}"
    );
    // A pack redefining an embedded id.
    let d = temp_file(
        "dup.yaml",
        &PACK_THREAT.replace("thr-acme-own", "thr-stepping-stone"),
    );
    let err = Catalog::with_packs(&[d]).expect_err("conflict").to_string();
    assert!(
        err.contains("catalog/threats.yaml") && err.contains("dup.yaml"),
        "{err}"
    );
    // A missing pack file.
    let err = Catalog::with_packs(&[PathBuf::from("no/such/pack.yaml")])
        .expect_err("missing")
        .to_string();
    assert!(err.contains("no/such/pack.yaml"), "{err}");
}

#[test]
fn bad_packs_are_refused_with_file_and_line() {
    // Unknown field.
    let p = temp_file(
        "typo.yaml",
        &PACK_THREAT.replace("    sl: 1\n", "    sl: 1\n    severty: high\n"),
    );
    let err = Catalog::with_packs(&[p])
        .expect_err("unknown field")
        .to_string();
    assert!(
        err.contains("typo.yaml:") && err.contains("severty"),
        "{err}"
    );
    // No provenance, or one that is not a known value: the values are named.
    let p = temp_file(
        "no-provenance.yaml",
        &PACK_THREAT.replace("    provenance: kojo\n", ""),
    );
    let err = Catalog::with_packs(&[p])
        .expect_err("no provenance")
        .to_string();
    assert!(
        err.contains("no-provenance.yaml:")
            && err.contains("missing field `provenance`")
            && err.contains("seed, seed-paraphrase or kojo"),
        "{err}"
    );
    let p = temp_file(
        "bad-provenance.yaml",
        &PACK_THREAT.replace("provenance: kojo", "provenance: guessed"),
    );
    let err = Catalog::with_packs(&[p])
        .expect_err("bad provenance")
        .to_string();
    assert!(
        err.contains("bad-provenance.yaml:") && err.contains("guessed"),
        "{err}"
    );
    // Unknown condition key, condition of the wrong subject and unknown vocabulary value.
    let p = temp_file(
        "conditions.yaml",
        &PACK_THREAT.replace("{kind: [software]}", "{kind: [robot], network: [internet]}"),
    );
    let err = Catalog::with_packs(&[p])
        .expect_err("bad condition")
        .to_string();
    assert!(
        err.contains("`network` is not a condition on an asset;"),
        "{err}"
    );
    assert!(err.contains("`kind: robot` is not a known value"), "{err}");
    assert!(
        err.contains("conditions.yaml:3:"),
        "points at the threat's id line: {err}"
    );
    let p = temp_file(
        "unknown-key.yaml",
        &PACK_THREAT.replace("{kind: [software]}", "{colour: red}"),
    );
    let err = Catalog::with_packs(&[p])
        .expect_err("unknown key")
        .to_string();
    assert!(
        err.contains("unknown-key.yaml:") && err.contains("colour"),
        "{err}"
    );
    // Unresolved references and bad mapping ids.
    let p = temp_file(
        "refs.yaml",
        &PACK_THREAT
            .replace("[msr-pdca-manuals]", "[msr-nope]")
            .replace("tt-negligence", "tt-nope")
            .replace(
                "    sl: 1\n",
                "    sl: 1\n    iec62443: [\"SR 9.9\"]\n    csf: [PRAA01]\n    attack: [T9]\n",
            ),
    );
    let err = Catalog::with_packs(&[p]).expect_err("refs").to_string();
    for want in ["msr-nope", "tt-nope", "SR 9.9", "PRAA01", "T9"] {
        assert!(err.contains(want), "{want} in {err}");
    }
    // Every problem at once: a duplicate id does not hide the other errors.
    let p = temp_file(
        "several.yaml",
        "measures:\n  - id: msr-net-monitoring\n    category: network\n    title: {en: a, ja: b}\n    text: {en: a, ja: \"\"}\n    reference: {section: x}\n    provenance: kojo\n    reduces_vulnerability: 5\n    iec62443: [\"SR 99\"]\n",
    );
    let err = Catalog::with_packs(&[p]).expect_err("several").to_string();
    assert!(err.contains("several.yaml:2:9: duplicate id `msr-net-monitoring`; it is already defined at catalog/measures.yaml:"), "{err}");
    assert!(
        err.contains("`reduces_vulnerability: 5` must be 1-3"),
        "{err}"
    );
    assert!(err.contains("`SR 99` is not in the SR list"), "{err}");
    assert!(err.contains("needs both `en` and `ja`"), "{err}");
    assert_eq!(err.lines().count(), 4, "{err}");
    // Not YAML at all, and an empty pack (which adds nothing but loads).
    let p = temp_file("broken.yaml", "threats: [\n");
    let err = Catalog::with_packs(&[p]).expect_err("syntax").to_string();
    assert!(err.contains("broken.yaml:"), "{err}");
    let p = temp_file("empty.yaml", "# nothing yet\n");
    assert!(Catalog::with_packs(&[p]).is_ok());
}

#[test]
fn a_pack_may_replace_the_risk_method() {
    let text = std::fs::read_to_string(workspace_root().join("catalog/risk-method.yaml"))
        .expect("risk method");
    let p = temp_file(
        "risk.yaml",
        &text.replace("severity: critical", "severity: high"),
    );
    let c = Catalog::with_packs(std::slice::from_ref(&p)).expect("override");
    assert_eq!(
        c.risk_method().and_then(|r| r.severity(3, 3, 3)),
        Some(kojo_findings::Severity::High)
    );
    let q = temp_file("risk2.yaml", &text);
    let err = Catalog::with_packs(&[p, q])
        .expect_err("two overrides")
        .to_string();
    assert!(err.contains("a second risk method"), "{err}");
    // An incomplete table is refused.
    let r = temp_file(
        "risk3.yaml",
        &text.replace(
            "    - {importance: 1, threat: 1, vulnerability: 1, risk: E}\n",
            "",
        ),
    );
    let err = Catalog::with_packs(&[r])
        .expect_err("incomplete")
        .to_string();
    assert!(
        err.contains("importance 1, threat 1, vulnerability 1 is missing"),
        "{err}"
    );
}

#[test]
fn the_semi_e187_pack_loads() {
    let pack = workspace_root().join("catalog/packs/semi-e187.yaml");
    let c = Catalog::with_packs(&[pack]).expect("SEMI pack");
    let list = c.checklist("chk-semi-e187").expect("E187 checklist");
    assert_eq!(list.party_kinds, ["equipment-supplier"]);
    let domains: BTreeSet<&str> = list
        .items
        .iter()
        .map(|i| i.reference.section.as_str())
        .collect();
    for d in [
        "Domain 1: operating system",
        "Domain 2: network security",
        "Domain 3: endpoint protection",
        "Domain 4: security monitoring",
    ] {
        assert!(domains.contains(d), "{d}");
    }
    assert!(
        list.items.iter().any(|i| i.reference.uncertain),
        "unconfirmed facts are marked"
    );
    let for_supplier: Vec<&str> = c
        .checklists_for_party_kind(kojo_model::PartyKind::EquipmentSupplier)
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(for_supplier, ["chk-general-product", "chk-semi-e187"]);
    // The guideline's own checklist stays the one for the party kind.
    assert_eq!(
        c.checklist_for_party_kind(kojo_model::PartyKind::EquipmentSupplier)
            .map(|l| l.id.as_str()),
        Some("chk-general-product")
    );
}

const MODEL: &str = r#"
version: 1
factory: {name: Test works}
parties:
  - {id: cloudco, name: CloudCo, kind: cloud-service}
  - {id: softco, name: SoftCo, kind: software-vendor}
operations:
  - {id: op1, name: Op, tasks: [work-instruction, work-instructions]}
measures:
  - {measure: net-zone-boundary-filtering, status: implemented}
  - {measure: msr-net-monitoring, status: planned}
  - {measure: net-zone-boundary-filter, status: planned}
supply_chain:
  - party: cloudco
    checklist: cloud-service
    answers:
      procurement.provider-reliable: yes
      contract.service-level-stated: no
  - party: softco
    checklist: cloud-service
    answers: {}
"#;

#[test]
fn model_reference_diagnostics_are_said_in_japanese() {
    use kojo_lang::Lang;
    // With and without a close match: the suggestion, or the list and form to follow.
    let text = format!(
        "{MODEL}  - party: cloudco\n    checklist: cloud-service\n    answers: {{zzz: yes}}\n"
    )
    .replace("work-instructions]", "work-instructions, qqqq]")
    .replace(
        "  - {measure: msr-net-monitoring, status: planned}\n",
        "  - {measure: msr-net-monitoring, status: planned}\n  - {measure: zzzz, status: planned}\n",
    );
    let model = kojo_model::load_str(Path::new("m.yaml"), &text)
        .unwrap_or_else(|d| panic!("test model must load: {d:?}"));
    let diags = catalog().check_model_refs(&model);
    let codes: BTreeSet<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        BTreeSet::from([
            "unknown-task",
            "unknown-measure",
            "unknown-checklist-item",
            "checklist-kind-mismatch"
        ])
    );
    assert!(diags.len() >= 7, "{diags:#?}");
    for d in &diags {
        for t in [Some(&d.message), d.help.as_ref()].into_iter().flatten() {
            let ja = t.render(Lang::Ja);
            assert_ne!(ja, t.as_str(), "{}", d.code);
            assert_eq!(kojo_lang::english_words(&ja), Vec::<String>::new(), "{ja}");
            assert_eq!(kojo_lang::glossary_violation(&ja), None, "{ja}");
        }
    }
    let mismatch = diags
        .iter()
        .find(|d| d.code == "checklist-kind-mismatch")
        .unwrap_or_else(|| unreachable!());
    assert_eq!(
        mismatch.message.render(Lang::Ja),
        "外部組織 `softco` は種類 `software-vendor` ですが、チェックリスト `cloud-service`（表 3-10）で確認されています"
    );
    assert_eq!(
        mismatch
            .help
            .as_ref()
            .map(|h| h.render(Lang::Ja))
            .as_deref(),
        Some("種類 `software-vendor` の外部組織には `checklist: software` を使います")
    );
}

#[test]
fn model_references_are_checked_with_suggestions() {
    let model = match kojo_model::load_str(Path::new("m.yaml"), MODEL) {
        Ok(m) => m,
        Err(d) => panic!("test model must load: {d:?}"),
    };
    let c = catalog();
    let diags = c.check_model_refs(&model);
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "unknown-task",
            "unknown-measure",
            "unknown-checklist-item",
            "checklist-kind-mismatch"
        ],
        "{diags:#?}"
    );
    let task = &diags[0];
    assert!(task.message.contains("work-instructions"));
    assert_eq!(
        task.help.as_deref(),
        Some("did you mean `work-instruction`?")
    );
    assert_eq!(
        task.position.as_ref().map(|p| (p.path.as_path(), p.line)),
        Some((Path::new("m.yaml"), 8))
    );
    assert!(
        diags[1]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("msr-net-zone-boundary-filtering"))
    );
    let item = &diags[2];
    assert_eq!(
        item.help.as_deref(),
        Some("did you mean `contract.service-levels-stated`?")
    );
    assert_eq!(item.position.as_ref().map(|p| p.line), Some(18));
    let mismatch = &diags[3];
    assert_eq!(mismatch.severity, kojo_model::DiagSeverity::Warning);
    assert!(
        mismatch
            .help
            .as_deref()
            .is_some_and(|h| h.contains("`checklist: software`"))
    );
}

#[test]
fn exports_hold_every_item() {
    let c = catalog();
    let json = c.to_json();
    assert_eq!(
        json["threats"].as_array().map(Vec::len),
        Some(c.threats().len())
    );
    assert_eq!(json["threats"][0]["applies"][0]["subject"], "asset");
    assert!(json["measures"].as_array().is_some_and(|m| {
        m.iter()
            .any(|m| !m["mitigates"].as_array().is_some_and(Vec::is_empty))
    }));
    let csv = c.to_csv().expect("csv");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows = r.records().filter_map(Result::ok).count();
    assert_eq!(rows, c.items().len());
}

#[test]
fn truncated_or_mangled_files_are_refused_without_panicking() {
    let root = workspace_root().join("catalog");
    for name in ["threats.yaml", "checklists.yaml", "risk-method.yaml"] {
        let text = std::fs::read_to_string(root.join(name)).expect("catalog file");
        // Cut the file at a dozen places (on character boundaries) and load each piece alone.
        let cuts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .step_by(text.chars().count() / 12 + 1)
            .collect();
        for cut in cuts {
            let piece = &text[..cut];
            let _ = Catalog::from_sources(&[(name, piece)]);
            // Lines shuffled: indentation errors, stray values.
            let mangled: String = piece.lines().rev().take(40).collect::<Vec<_>>().join("\n");
            let _ = Catalog::from_sources(&[(name, mangled.as_str())]);
        }
    }
    // A file that is valid YAML but the wrong shape.
    let err = Catalog::from_sources(&[("list.yaml", "- 1\n- 2\n")]).expect_err("shape");
    assert!(err.to_string().starts_with("list.yaml:"), "{err}");
}

#[test]
fn every_catalog_reference_names_a_part_of_the_appendix_that_exists() {
    let c = catalog();
    let outline = SeedOutline::embedded();
    let bad: Vec<String> = c
        .items()
        .iter()
        .flat_map(|i| {
            let also: Vec<&kojo_catalog::Reference> = match i {
                kojo_catalog::Item::Threat(t) => t.also.iter().collect(),
                _ => Vec::new(),
            };
            i.reference()
                .into_iter()
                .chain(also)
                .filter_map(|r| {
                    outline
                        .check_reference(r)
                        .err()
                        .map(|e| format!("{} ({}): {e}", i.id(), i.origin()))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} references:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// The outline that references are checked against, read against the appendix's own text:
/// every section, part, topic, table, figure and Annex A case step it lists is in the seed,
/// where the outline says, and every table and figure of the seed is in the outline.
#[test]
fn the_seed_outline_matches_the_appendix_headings_and_tables() {
    let Some(shared) = shared_dir() else { return };
    let path = shared.join("seed/000_c57e8af4f45492c6.txt");
    let Ok(seed) = std::fs::read_to_string(&path) else {
        println!("skipped: shared test data not found at {}", path.display());
        return;
    };
    let o = SeedOutline::embedded();
    let lines: Vec<&str> = seed.lines().collect();
    // The body starts after the table of contents (whose lines hold a tab and a page).
    let body = lines
        .iter()
        .position(|l| l.starts_with("1.1 Purpose"))
        .expect("the seed's body starts with 1.1");
    let is_heading = |l: &str, id: &str| {
        let l = l.trim_start_matches("**");
        l == id
            || (l.starts_with(id)
                && matches!(l[id.len()..].chars().next(), Some(' ' | '*'))
                && !l.contains('\t'))
    };
    // Line where each section's heading is, in the order of the outline.
    // Chapters (1 to 4) have their heading only in the table of contents.
    let mut starts = Vec::new();
    for id in &o.sections {
        let at = (body..lines.len()).find(|&i| is_heading(lines[i], id));
        if at.is_none() {
            let in_toc = lines[..body]
                .iter()
                .any(|l| l.trim_start().starts_with(&format!("{id}\t")));
            assert!(in_toc, "section {id} of the outline is not in the seed");
        }
        starts.push(at);
    }
    let span_of = |id: &str| -> (usize, usize) {
        let k = o
            .sections
            .iter()
            .position(|s| s == id)
            .unwrap_or_else(|| panic!("{id} is not a section of the outline"));
        let start = starts[k].unwrap_or_else(|| panic!("section {id} has no heading"));
        // Up to the next heading that is not inside this section.
        let end = o
            .sections
            .iter()
            .zip(&starts)
            .filter_map(|(s, at)| Some((s, (*at)?)))
            .filter(|(s, at)| *at > start && !s.starts_with(&format!("{id}.")))
            .map(|(_, at)| at)
            .min()
            .unwrap_or(lines.len());
        (start, end)
    };
    // Every numbered heading of the table of contents is a section of the outline.
    for l in &lines[..body] {
        let head = l.trim_start().split('\t').next().unwrap_or_default();
        if head.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            assert!(
                o.sections.iter().any(|s| s == head),
                "section {head} missing from the outline"
            );
        }
    }
    // Parts: "(1)", "(ii)" at a line's start (or after `**`), in order, inside the section.
    let part_line = |from: usize, to: usize, label: &str| {
        (from..to).find(|&i| {
            let l = lines[i].trim_start_matches("- ");
            l.starts_with(&format!("{label} ")) || l.contains(&format!("**{label} "))
        })
    };
    let mut part_spans = std::collections::BTreeMap::new();
    for (section, parts) in &o.parts {
        let (s, e) = span_of(section);
        for part in parts {
            // "(1)(ii)": the "(ii)" after the "(1)".
            let labels: Vec<String> = part.split_inclusive(')').map(str::to_owned).collect();
            let mut from = s;
            let mut found = None;
            for label in &labels {
                // The Annex lists its cases once before describing them: take the heading.
                let at = (from..e)
                    .filter(|&i| part_line(i, i + 1, label).is_some())
                    .find(|&i| !lines[i].starts_with("- "))
                    .unwrap_or_else(|| panic!("part {section} {part}: no {label} in the seed"));
                from = at;
                found = Some(at);
            }
            let at = found.expect("a part has a label");
            part_spans.insert(format!("{section} {part}"), at);
        }
    }
    let span_of_part = |key: &str| -> (usize, usize) {
        let start = part_spans[key];
        let (section, _) = key.rsplit_once(' ').expect("section and part");
        let (_, e) = span_of(section);
        let end = part_spans
            .iter()
            .filter(|(k, at)| **at > start && k.starts_with(section) && !k.starts_with(key))
            .map(|(_, at)| *at)
            .min()
            .unwrap_or(e);
        (start, end)
    };
    for (at, topics) in &o.topics {
        let (s, e) = if part_spans.contains_key(at) {
            span_of_part(at)
        } else {
            span_of(at)
        };
        let text = lines[s..e].join("\n").to_lowercase();
        for t in topics {
            assert!(
                text.contains(&t.to_lowercase()),
                "topic `{t}` not in {at} of the seed"
            );
        }
    }
    // Annex A's cases each have the numbered steps 1..=case_steps, and no more.
    for case in &o.parts["Annex A"] {
        let (s, e) = span_of_part(&format!("Annex A {case}"));
        for n in 1..=o.case_steps + 1 {
            let has = lines[s..e].iter().any(|l| l.starts_with(&format!("{n}. ")));
            assert_eq!(has, n <= o.case_steps, "Annex A {case} step {n}");
        }
    }
    // Tables and figures: each listed one has its caption in the seed's body, tables inside
    // the section the outline names; every caption of the seed is listed.
    let captions: Vec<(usize, String)> = (body..lines.len())
        .filter_map(|i| {
            let l = lines[i].trim_start_matches("**");
            let mut w = l.split(' ');
            match (w.next(), w.next()) {
                (Some(k @ ("Table" | "Figure")), Some(n))
                    if n.contains('-')
                        && n.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) =>
                {
                    Some((i, format!("{k} {n}")))
                }
                _ => None,
            }
        })
        .collect();
    for (_, name) in &captions {
        assert!(
            o.tables.contains_key(name) || o.figures.contains(name),
            "{name} of the seed is missing from the outline"
        );
    }
    for f in &o.figures {
        assert!(
            captions.iter().any(|(_, n)| n == f),
            "{f} is not in the seed"
        );
    }
    for (name, t) in &o.tables {
        let at = captions
            .iter()
            .find(|(_, n)| n == name)
            .map(|(i, _)| *i)
            .unwrap_or_else(|| panic!("{name} is not in the seed"));
        let (s, e) = if part_spans.contains_key(&t.section) {
            span_of_part(&t.section)
        } else {
            span_of(&t.section)
        };
        assert!(
            s <= at && at < e,
            "{name} is not inside {} in the seed",
            t.section
        );
    }
    // Row counts: the catalog encodes every row (checked against the seed above), so the
    // outline's count is the catalog's highest row.
    let c = catalog();
    for (name, t) in &o.tables {
        let max = rows_of(c, name).last().copied().unwrap_or(0);
        assert_eq!(t.rows, max, "rows of {name}: outline against the catalog");
    }
}

/// What `provenance` says is checked where it can be: an entry said to keep the appendix's
/// words has them (when the seed is present), and the entries kojo added say so.
#[test]
fn provenance_says_where_the_words_come_from() {
    let c = catalog();
    let of = |id: &str| c.find(id).and_then(|i| i.provenance());
    assert_eq!(of("pobj-iot-devices"), Some(Provenance::Seed));
    assert_eq!(
        of("thr-transfer-integrity"),
        Some(Provenance::SeedParaphrase)
    );
    for id in [
        "thr-unauthenticated-ot-protocol",
        "thr-removable-media-malware",
        "msr-net-protocol-authentication",
        "risk-ipa-asset-based",
    ] {
        assert_eq!(of(id), Some(Provenance::Kojo), "{id}");
    }
    assert_eq!(of("SR 1.1"), None, "IEC 62443 titles are the standard's");
    let Some(shared) = shared_dir() else { return };
    let Ok(seed) = std::fs::read_to_string(shared.join("seed/000_c57e8af4f45492c6.txt")) else {
        println!("skipped: the seed is not in the shared data");
        return;
    };
    let norm = |t: &str| {
        t.to_lowercase()
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let seed = norm(&seed);
    for item in c.items() {
        if item.provenance() == Some(Provenance::Seed) {
            let text = norm(&item.text().en);
            assert!(
                seed.contains(&text),
                "{} is marked seed but its text is not the seed's: {text}",
                item.id()
            );
        }
    }
}

#[test]
fn review_periods_are_data_and_a_pack_may_replace_them() {
    let c = catalog();
    let r = c
        .review_periods()
        .expect("the embedded catalog has review periods");
    assert_eq!((r.bcp_review_months, r.checklist_answer_months), (24, 12));
    assert_eq!(r.provenance, Provenance::Kojo);
    assert_eq!(
        SeedOutline::embedded().check_reference(&r.reference),
        Ok(())
    );
    let pack = "review_periods:\n  id: pdca-acme\n  title: {en: a, ja: b}\n  text: {en: a, ja: b}\n  reference: {section: \"3.3\"}\n  provenance: kojo\n  bcp_review_months: 12\n  checklist_answer_months: 6\n";
    let p = temp_file("periods.yaml", pack);
    let c = Catalog::with_packs(&[p]).expect("pack loads");
    let r = c.review_periods().expect("replaced");
    assert_eq!((r.bcp_review_months, r.checklist_answer_months), (12, 6));
    let p = temp_file("zero.yaml", &pack.replace("months: 6", "months: 0"));
    let err = Catalog::with_packs(&[p])
        .expect_err("zero months")
        .to_string();
    assert!(
        err.contains("zero.yaml:2:")
            && err.contains("`checklist_answer_months: 0` must be 1-240 months"),
        "{err}"
    );
}

#[test]
fn a_pack_over_the_cap_or_an_endless_device_is_refused_with_the_cap() {
    let big = temp_file("big-pack.yaml", &format!("# {}\n", "x".repeat(9000)));
    let err = Catalog::with_packs_capped(std::slice::from_ref(&big), 8192)
        .expect_err("over the cap")
        .to_string();
    assert!(err.contains("big-pack.yaml"), "{err}");
    assert!(err.contains("8 KiB"), "{err}");
    assert!(err.contains("9003 bytes"), "{err}");
    #[cfg(unix)]
    {
        let err = Catalog::with_packs_capped(&[std::path::PathBuf::from("/dev/zero")], 1 << 20)
            .expect_err("endless")
            .to_string();
        assert!(err.contains("byte offset 1048576"), "{err}");
    }
    let bad = temp_file("latin1.yaml", "");
    std::fs::write(&bad, b"threats: \xff\n").unwrap();
    let err = Catalog::with_packs(&[bad])
        .expect_err("not utf-8")
        .to_string();
    assert!(
        err.contains("not UTF-8 text (invalid byte at offset 9)"),
        "{err}"
    );
}
