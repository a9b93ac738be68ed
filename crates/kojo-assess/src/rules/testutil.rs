//! Small hand-built models for the rules' tests.

use crate::knowledge::Knowledge;
use kojo_findings::{Assessment, Finding};
use kojo_model::*;

pub struct B {
    pub m: Model,
    line: u32,
}

impl B {
    /// An empty model: factory with purposes and a BCP covering every review point,
    /// governance departments, complete OODA roles and maturity at application level, so
    /// that only what a test adds raises findings.
    pub fn new() -> B {
        let mut b = B {
            m: Model {
                version: 1,
                sources: vec![SourceFile {
                    path: "test.yaml".into(),
                    text: String::new(),
                }],
                factory: Factory {
                    name: "Test Works".into(),
                    industry: Some(Industry::ProcessingAssembly),
                    purposes: vec![Purpose::ImproveQuality],
                    requirements: vec![],
                    bcp: Some(Bcp {
                        exists: true,
                        last_review: None,
                        considers: vec![
                            BcpPoint::PartnerIncidentImpact,
                            BcpPoint::AmbiguousFailureCause,
                            BcpPoint::OwnIncidentImpactOnPartners,
                            BcpPoint::NewServiceImpact,
                            BcpPoint::NewServiceSuspensionImpact,
                            BcpPoint::NewServiceFailureImpact,
                            BcpPoint::SuspendOrContinueCriteria,
                            BcpPoint::DecisionStructure,
                        ],
                        loc: Loc::default(),
                    }),
                    loc: Loc {
                        file: 0,
                        line: 1,
                        column: 1,
                    },
                },
                departments: vec![],
                parties: vec![],
                operations: vec![],
                assets: vec![],
                zones: vec![],
                flows: vec![],
                measures: vec![],
                supply_chain: vec![],
                incident_response: IncidentResponse::default(),
                maturity: Maturity {
                    external_cooperation: Some(MaturityLevel::Application),
                    related_departments: Some(MaturityLevel::Application),
                    within_department: Some(MaturityLevel::Application),
                    loc: None,
                },
                decisions: vec![],
                licenses: LicensePolicy::default(),
            },
            line: 10,
        };
        for (id, kind) in [
            ("prod-eng", DepartmentKind::Production),
            ("it", DepartmentKind::It),
            ("sec", DepartmentKind::Security),
            ("dx", DepartmentKind::Dx),
        ] {
            let loc = b.loc();
            b.m.departments.push(Department {
                id: id.into(),
                name: id.into(),
                kind,
                loc,
            });
        }
        let step = |lead: &str, decides: &[&str]| OodaStep {
            lead: Some(lead.into()),
            decides: decides.iter().map(|s| s.to_string()).collect(),
            loc: Loc::default(),
        };
        let stage = OodaStage {
            observe: Some(step("sec", &["security-representative"])),
            orient: Some(step("sec", &["security-representative"])),
            decide: Some(step("sec", &["business-owner", "factory-manager"])),
            act: Some(step("prod-eng", &["factory-manager"])),
            loc: None,
        };
        b.m.incident_response = IncidentResponse {
            preventive: Some(stage.clone()),
            damage: Some(stage),
            loc: None,
        };
        b
    }

    fn loc(&mut self) -> Loc {
        self.line += 1;
        Loc {
            file: 0,
            line: self.line,
            column: 3,
        }
    }

    pub fn op(&mut self, id: &str, imp: Option<Level>) -> &mut Operation {
        let loc = self.loc();
        self.m.operations.push(Operation {
            id: id.into(),
            name: id.into(),
            importance: imp,
            status: Status::Existing,
            performed_by: Responsible::InHouse,
            tasks: vec![],
            loc,
        });
        self.m.operations.last_mut().unwrap()
    }

    pub fn party(&mut self, id: &str, kind: PartyKind) -> &mut Party {
        let loc = self.loc();
        self.m.parties.push(Party {
            id: id.into(),
            name: id.into(),
            kind,
            subcontractors: vec![],
            contract: None,
            loc,
        });
        self.m.parties.last_mut().unwrap()
    }

    pub fn zone(&mut self, id: &str, kind: ZoneKind) -> &mut Zone {
        let loc = self.loc();
        self.m.zones.push(Zone {
            id: id.into(),
            name: format!("{id} zone"),
            kind,
            owner: None,
            managed_by: Responsible::InHouse,
            status: Status::Existing,
            target_sl: None,
            site: None,
            loc,
        });
        self.m.zones.last_mut().unwrap()
    }

    /// An equipment asset in one zone, serving the given operations.
    pub fn asset(&mut self, id: &str, zone: &str, ops: &[&str]) -> &mut Asset {
        let loc = self.loc();
        self.m.assets.push(Asset {
            id: id.into(),
            name: id.into(),
            kind: AssetKind::Equipment,
            role: None,
            zones: vec![zone.into()],
            operations: ops.iter().map(|s| s.to_string()).collect(),
            importance: Importance::default(),
            traits: vec![],
            supplier: None,
            operated_by: None,
            addresses: vec![],
            sbom: None,
            product: None,
            status: Status::Existing,
            loc,
        });
        self.m.assets.last_mut().unwrap()
    }

    pub fn flow(&mut self, id: &str, from: &str, to: &str) -> &mut Flow {
        let loc = self.loc();
        let ep = |m: &Model, s: &str| {
            if m.zone(s).is_some() && m.asset(s).is_none() {
                Endpoint::Zone(s.into())
            } else {
                Endpoint::Asset(s.into())
            }
        };
        let (from, to) = (ep(&self.m, from), ep(&self.m, to));
        self.m.flows.push(Flow {
            id: id.into(),
            from,
            to,
            data: vec![],
            control: false,
            automated: false,
            network: Network::Internal,
            via: vec![],
            protocol: None,
            protections: vec![],
            status: Status::Existing,
            loc,
        });
        self.m.flows.last_mut().unwrap()
    }

    pub fn measure(&mut self, id: &str, scope: Vec<ScopeRef>, status: MeasureStatus) {
        let loc = self.loc();
        self.m.measures.push(MeasureRecord {
            measure: id.into(),
            scope,
            status,
            owner: None,
            due: None,
            loc,
        });
    }

    pub fn assess(&self) -> Assessment {
        self.assess_with(&Knowledge::default())
    }

    pub fn assess_with(&self, know: &Knowledge) -> Assessment {
        let opts = crate::AssessOptions {
            today: Some(Date {
                year: 2026,
                month: 1,
                day: 15,
            }),
            ..Default::default()
        };
        match crate::assess_with_knowledge(&self.m, know, &opts) {
            Ok(a) => a,
            Err(e) => panic!("assessment failed: {e}"),
        }
    }
}

/// The findings of one kind.
pub fn of_kind<'a>(a: &'a Assessment, kind: &str) -> Vec<&'a Finding> {
    a.findings.iter().filter(|f| f.kind == kind).collect()
}

/// A well-zoned factory: control zone with PLCs driven by SCADA in a production zone,
/// an information zone with OA terminals, a DMZ with a historian, a firewall between.
pub fn well_zoned() -> B {
    let mut b = B::new();
    b.op("manufacturing", Some(Level::High));
    b.op("office", Some(Level::Low));
    b.zone("control", ZoneKind::Control);
    b.zone("monitoring", ZoneKind::Production);
    b.zone("dmz", ZoneKind::Dmz);
    b.zone("oa", ZoneKind::Information);
    b.asset("plc-1", "control", &["manufacturing"]).role = Some("plc".into());
    b.asset("plc-2", "control", &["manufacturing"]).role = Some("plc".into());
    b.asset("scada", "monitoring", &["manufacturing"]).role = Some("scada".into());
    b.asset("historian", "dmz", &["manufacturing"]).role = Some("historian".into());
    b.asset("fw", "dmz", &["manufacturing"]).role = Some("firewall".into());
    b.asset("oa-pc", "oa", &["office"]).role = Some("workstation".into());
    b.asset("oa-server", "oa", &["office"]).role = Some("server".into());
    b.flow("scada-plc", "scada", "plc-1").control = true;
    b.flow("plc-hist", "plc-1", "historian").via = vec!["fw".into()];
    b.flow("hist-oa", "historian", "oa-server").via = vec!["fw".into()];
    b
}
