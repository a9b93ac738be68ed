//! The observed flows held against the declared zones and conduit-level flows.
//!
//! Addresses map to assets by the longest matching prefix of `addresses:`; assets map to
//! their zones. A declared flow covers an observed one when its ends (an asset or a whole
//! zone) hold the client and the server, in either direction: a model flow says that two
//! ends talk, and a TCP conversation runs both ways.

use crate::flow::{Flow, FlowTable, Transport};
use crate::proto::{Dir, Operation, ProtocolId};
use kojo_findings::{Finding, Severity, Text, finding_id};
use kojo_model::{Endpoint, Model, Network};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;

/// Kind: observed traffic between zones that no flow of the model declares.
pub const KIND_UNDECLARED: &str = "traffic-undeclared-flow";
/// Kind: write/control operations crossing a zone boundary without a `control: true` flow.
pub const KIND_CONTROL: &str = "traffic-control-crossing";
/// Kind: an address seen in traffic that belongs to no asset.
pub const KIND_UNKNOWN_HOST: &str = "traffic-unknown-host";
/// Kind: a declared flow between addressed assets that the traffic never shows (info).
pub const KIND_NOT_SEEN: &str = "traffic-flow-not-seen";

/// Resolves addresses to assets by longest prefix, caching each address.
pub struct AddressMap<'m> {
    nets: Vec<(kojo_model::IpNet, usize)>,
    model: &'m Model,
    cache: HashMap<IpAddr, Option<usize>>,
}

impl<'m> AddressMap<'m> {
    pub fn new(model: &'m Model) -> AddressMap<'m> {
        let mut nets: Vec<_> = model
            .assets
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.addresses.iter().map(move |n| (*n, i)))
            .collect();
        // Longest prefix first; among equals, model order.
        nets.sort_by(|x, y| y.0.prefix.cmp(&x.0.prefix).then(x.1.cmp(&y.1)));
        AddressMap {
            nets,
            model,
            cache: HashMap::new(),
        }
    }

    /// The asset holding `ip`, if any.
    pub fn asset(&mut self, ip: IpAddr) -> Option<&'m kojo_model::Asset> {
        let nets = &self.nets;
        let i = *self
            .cache
            .entry(ip)
            .or_insert_with(|| nets.iter().find(|(n, _)| n.contains(ip)).map(|(_, i)| *i));
        i.and_then(|i| self.model.assets.get(i))
    }
}

/// Broadcast, multicast and unspecified addresses are not hosts of the inventory.
pub fn is_host_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v) => {
            !(v.is_broadcast() || v.is_multicast() || v.is_unspecified() || v.octets()[3] == 255)
        }
        IpAddr::V6(v) => !(v.is_multicast() || v.is_unspecified()),
    }
}

fn endpoint_holds(e: &Endpoint, asset: &kojo_model::Asset) -> bool {
    match e {
        Endpoint::Asset(id) => *id == asset.id,
        Endpoint::Zone(z) => asset.zones.iter().any(|x| x == z),
    }
}

/// Declared flows covering a conversation between `x` and `y` (either direction).
fn covering<'m>(
    model: &'m Model,
    x: &kojo_model::Asset,
    y: &kojo_model::Asset,
) -> Vec<&'m kojo_model::Flow> {
    model
        .flows
        .iter()
        .filter(|f| {
            (endpoint_holds(&f.from, x) && endpoint_holds(&f.to, y))
                || (endpoint_holds(&f.from, y) && endpoint_holds(&f.to, x))
        })
        .collect()
}

#[derive(Default)]
struct Agg {
    packets: u64,
    bytes: u64,
    flows: u64,
    ports: BTreeSet<String>,
    protocols: BTreeSet<&'static str>,
    write_ops: BTreeMap<String, u64>,
    client_addrs: BTreeSet<IpAddr>,
    server_addrs: BTreeSet<IpAddr>,
}

fn zone_of(a: &kojo_model::Asset) -> Option<&str> {
    a.zones.first().map(String::as_str)
}

fn op_label(field: &str, value: u32) -> String {
    format!("{field}={value}")
}

/// Findings of the traffic against the model: undeclared flows between zones, control
/// crossings, unknown hosts, and declared flows never seen (info).
pub fn check_against_model(model: &Model, table: &FlowTable) -> Vec<Finding> {
    let mut map = AddressMap::new(model);
    let mut unknown: BTreeMap<IpAddr, (Agg, BTreeSet<String>)> = BTreeMap::new();
    // (client asset, server asset) → aggregate, for pairs in different zones.
    let mut crossing: BTreeMap<(String, String), Agg> = BTreeMap::new();
    let mut seen_pairs: BTreeSet<(String, String)> = BTreeSet::new();

    for f in table.flows() {
        let (c, s, sport) = f.client_server();
        let ca = map.asset(c);
        let sa = map.asset(s);
        for (ip, own, peer) in [(c, ca, sa), (s, sa, ca)] {
            if own.is_none() && is_host_address(ip) {
                let e = unknown.entry(ip).or_default();
                e.0.packets += f.packets();
                e.0.bytes += f.bytes();
                e.0.flows += 1;
                if f.protocol != ProtocolId::Unknown {
                    e.0.protocols.insert(f.protocol.as_str());
                }
                e.0.ports
                    .insert(format!("{}/{}", f.transport.as_str(), sport));
                if let Some(p) = peer {
                    e.1.insert(p.id.clone());
                }
            }
        }
        let (Some(ca), Some(sa)) = (ca, sa) else {
            continue;
        };
        seen_pairs.insert((ca.id.clone(), sa.id.clone()));
        seen_pairs.insert((sa.id.clone(), ca.id.clone()));
        if ca.id == sa.id {
            continue;
        }
        let (Some(cz), Some(sz)) = (zone_of(ca), zone_of(sa)) else {
            continue;
        };
        if cz == sz {
            continue;
        }
        let e = crossing.entry((ca.id.clone(), sa.id.clone())).or_default();
        e.packets += f.packets();
        e.bytes += f.bytes();
        e.flows += 1;
        e.ports
            .insert(format!("{}/{}", f.transport.as_str(), sport));
        if f.protocol != ProtocolId::Unknown {
            e.protocols.insert(f.protocol.as_str());
        }
        e.client_addrs.insert(c);
        e.server_addrs.insert(s);
        // Write/control requests towards the server.
        let to_server = match f.server {
            Some(Dir::BtoA) => Dir::BtoA,
            _ => Dir::AtoB,
        };
        for o in &f.ops {
            if o.class == Some(Operation::WriteControl) && o.dir == to_server {
                *e.write_ops.entry(op_label(o.field, o.value)).or_default() += o.count;
            }
        }
    }

    let mut out = Vec::new();
    for ((cid, sid), agg) in &crossing {
        let (Some(ca), Some(sa)) = (model.asset(cid), model.asset(sid)) else {
            continue;
        };
        let (cz, sz) = (zone_of(ca).unwrap_or(""), zone_of(sa).unwrap_or(""));
        let declared = covering(model, ca, sa);
        let subjects = vec![
            format!("asset:{cid}"),
            format!("asset:{sid}"),
            format!("zone:{cz}"),
            format!("zone:{sz}"),
        ];
        let mut facts = base_facts(agg);
        facts.insert("client_zone".into(), json!(cz));
        facts.insert("server_zone".into(), json!(sz));
        if !declared.is_empty() {
            facts.insert(
                "declared_flows".into(),
                json!(declared.iter().map(|f| f.id.as_str()).collect::<Vec<_>>()),
            );
        }
        let ics = agg.protocols.iter().any(|p| ProtocolId::parse(p).is_ics());
        if declared.is_empty() {
            let mut subj = subjects.clone();
            subj.dedup();
            let ports = agg.ports.iter().cloned().collect::<Vec<_>>().join(", ");
            let ja = Text {
                title: format!("{cid}({cz})から{sid}({sz})への宣言されていない通信"),
                detail: format!(
                    "ネットワークはゾーン{cz}の資産{cid}からゾーン{sz}の資産{sid}へ{}フロー・{}パケット({ports}{})を運んでいますが、モデルのどのフローもこれらを結んでいません。ゾーンモデルが実際のネットワークと一致していません。",
                    agg.flows,
                    agg.packets,
                    protos_suffix(agg),
                ),
                recommendation: "フローを(プロトコル、ネットワーク、通過する境界機器とともに)宣言してセキュリティ要件を見直すか、ゾーン境界で遮断してください。".into(),
            };
            out.push(with_ja(finding(
                KIND_UNDECLARED,
                "3",
                if ics { Severity::High } else { Severity::Medium },
                subj,
                &format!("{sid}:{}", agg.ports.iter().cloned().collect::<Vec<_>>().join(",")),
                format!("Undeclared traffic from {cid} ({cz}) to {sid} ({sz})"),
                format!(
                    "The network carries {} flow(s), {} packets, from asset {cid} in zone {cz} to asset {sid} in zone {sz} ({}{}), but no flow of the model connects them. The zone model no longer matches the network it describes.",
                    agg.flows,
                    agg.packets,
                    agg.ports.iter().cloned().collect::<Vec<_>>().join(", "),
                    protos_suffix(agg),
                ),
                "Either declare the flow (with its protocol, network and the boundary devices it passes) and review its security requirements, or block it at the zone boundary.".into(),
                "3.1.6; 3.3 (1)(i)",
                facts.clone(),
            ), ja));
        }
        if !agg.write_ops.is_empty() && !declared.iter().any(|f| f.control) {
            let mut f2 = facts;
            f2.insert("write_control_operations".into(), json!(agg.write_ops));
            let ops_text = agg
                .write_ops
                .iter()
                .map(|(k, v)| format!("{k} ×{v}"))
                .collect::<Vec<_>>()
                .join(", ");
            let from_outside = model.zone(cz).is_some_and(|z| {
                matches!(
                    z.kind,
                    kojo_model::ZoneKind::External | kojo_model::ZoneKind::Information
                )
            });
            let ja = Text {
                title: format!("宣言された制御フローのない{cid}({cz})から{sid}({sz})への制御コマンド"),
                detail: format!(
                    "書込み・制御操作({ops_text})がゾーン{cz}からゾーン{sz}へ越えていますが、{}。",
                    if declared.is_empty() {
                        "モデルのどのフローもこれらの資産を結んでいません".to_string()
                    } else {
                        format!(
                            "宣言されたフロー{}に`control: true`がありません",
                            declared.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
                        )
                    }
                ),
                recommendation: "誰が何のためにこれらのコマンドを送るのかを確認してください。意図したものなら、ステップ1-6/1-7で制御ゾーン外からの制御指示として検討されるよう`control: true`のフローとして宣言し、そうでなければ境界で書込みを遮断してください(例: 読出しのみを許可するプロトコル対応ファイアウォール)。".into(),
            };
            out.push(with_ja(finding(
                KIND_CONTROL,
                "3",
                if from_outside { Severity::Critical } else { Severity::High },
                subjects,
                sid,
                format!("Control commands from {cid} ({cz}) to {sid} ({sz}) with no declared control flow"),
                format!(
                    "Write/control operations ({ops_text}) cross from zone {cz} into zone {sz}, but {}.",
                    if declared.is_empty() {
                        "no flow of the model connects these assets".to_string()
                    } else {
                        format!(
                            "the declared flow(s) {} are not marked `control: true`",
                            declared.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
                        )
                    }
                ),
                "Confirm who sends these commands and why. If they are intended, declare the flow with `control: true` so that Step 1-6/1-7 review control instructions from outside the control zone; otherwise block writes at the boundary (e.g. a protocol-aware firewall allowing reads only).".into(),
                "Table 3-4; 3.3 (1)(i)",
                f2,
            ), ja));
        }
    }

    for (ip, (agg, peers)) in &unknown {
        let subjects: Vec<String> = peers.iter().map(|p| format!("asset:{p}")).collect();
        let mut facts = base_facts(agg);
        facts.insert("address".into(), json!(ip.to_string()));
        let talks_ics = agg.protocols.iter().any(|p| ProtocolId::parse(p).is_ics());
        let ja = Text {
            title: format!("通信に現れる未知のホスト{ip}"),
            detail: format!(
                "アドレス{ip}は{}フロー({}{})で{}パケットを送受信していますが、モデルのどの資産にも属していません{}。",
                agg.flows,
                agg.ports.iter().cloned().collect::<Vec<_>>().join(", "),
                protos_suffix(agg),
                agg.packets,
                if peers.is_empty() {
                    String::new()
                } else {
                    format!("。通信相手: {}", peers.iter().cloned().collect::<Vec<_>>().join(", "))
                }
            ),
            recommendation: "機器を特定し、そのゾーンの資産(`addresses:`付き)として一覧に加えてください。`kojo discover`が下書きを作ります。管理者のいない機器ならネットワークから外してください。".into(),
        };
        out.push(with_ja(finding(
            KIND_UNKNOWN_HOST,
            "1-4",
            if talks_ics { Severity::High } else if peers.is_empty() { Severity::Low } else { Severity::Medium },
            subjects,
            &ip.to_string(),
            format!("Unknown host {ip} in the traffic"),
            format!(
                "Address {ip} sends or receives {} packets in {} flow(s) ({}{}) but belongs to no asset of the model{}.",
                agg.packets,
                agg.flows,
                agg.ports.iter().cloned().collect::<Vec<_>>().join(", "),
                protos_suffix(agg),
                if peers.is_empty() {
                    String::new()
                } else {
                    format!("; it talks to {}", peers.iter().cloned().collect::<Vec<_>>().join(", "))
                }
            ),
            "Identify the device and add it to the inventory (assets with `addresses:`), in its zone; `kojo discover` drafts the entry. Remove it from the network if nobody owns it.".into(),
            "3.1.4",
            facts,
        ), ja));
    }

    // Declared flows between addressed ends that no traffic shows.
    for fl in &model.flows {
        if !matches!(
            fl.network,
            Network::Internal | Network::Wireless | Network::Vpn
        ) {
            continue;
        }
        let ends = |e: &Endpoint| -> Vec<&kojo_model::Asset> {
            model
                .assets
                .iter()
                .filter(|a| !a.addresses.is_empty() && endpoint_holds(e, a))
                .collect()
        };
        let (from, to) = (ends(&fl.from), ends(&fl.to));
        if from.is_empty() || to.is_empty() {
            continue;
        }
        let seen = from.iter().any(|x| {
            to.iter()
                .any(|y| seen_pairs.contains(&(x.id.clone(), y.id.clone())))
        });
        if !seen {
            let ja = Text {
                title: format!("宣言されたフロー{}が通信に見られません", fl.id),
                detail: format!(
                    "モデルはフロー{}を宣言していますが、読み込んだ通信には両端の間の会話がありません。まれな通信か、キャプチャの範囲外か、もう使われていない可能性があります。",
                    fl.id
                ),
                recommendation: "もう使われていないフローならモデルから削除して境界で閉じてください。そうでなければ、それが通る場所でキャプチャしてください。".into(),
            };
            out.push(with_ja(finding(
                KIND_NOT_SEEN,
                "1-4",
                Severity::Info,
                vec![format!("flow:{}", fl.id)],
                "",
                format!("Declared flow {} not seen in the traffic", fl.id),
                format!(
                    "The model declares flow {} but the traffic read shows no conversation between its ends. It may be rare, outside the capture's reach, or no longer used.",
                    fl.id
                ),
                "If the flow is no longer used, remove it from the model and close it at the boundary; otherwise capture where it passes.".into(),
                "3.1.4",
                BTreeMap::new(),
            ), ja));
        }
    }
    // Attach model locations of the first subject.
    for f in &mut out {
        if let Some(first) = f.subjects.first() {
            let loc = if let Some(id) = first.strip_prefix("asset:") {
                model.asset(id).map(|a| a.loc)
            } else if let Some(id) = first.strip_prefix("flow:") {
                model.flow(id).map(|a| a.loc)
            } else {
                None
            };
            if let Some(loc) = loc
                && let Some(path) = model.path_of(loc)
            {
                f.location = Some(kojo_findings::SourceLocation {
                    path: path.display().to_string(),
                    line: loc.line,
                    column: loc.column,
                });
            }
        }
    }
    kojo_findings::sort_findings(&mut out);
    out
}

/// The finding with its Japanese text (`--lang ja`).
fn with_ja(mut f: Finding, ja: Text) -> Finding {
    f.i18n.insert("ja".into(), ja);
    f
}

fn protos_suffix(agg: &Agg) -> String {
    if agg.protocols.is_empty() {
        String::new()
    } else {
        format!(
            "; {}",
            agg.protocols.iter().copied().collect::<Vec<_>>().join(", ")
        )
    }
}

fn base_facts(agg: &Agg) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    m.insert("packets".into(), json!(agg.packets));
    m.insert("bytes".into(), json!(agg.bytes));
    m.insert("flows".into(), json!(agg.flows));
    m.insert("ports".into(), json!(agg.ports));
    if !agg.protocols.is_empty() {
        m.insert("protocols".into(), json!(agg.protocols));
    }
    if !agg.client_addrs.is_empty() {
        m.insert("client_addresses".into(), json!(agg.client_addrs));
        m.insert("server_addresses".into(), json!(agg.server_addrs));
    }
    m
}

#[allow(clippy::too_many_arguments)]
fn finding(
    kind: &str,
    step: &str,
    severity: Severity,
    subjects: Vec<String>,
    discriminator: &str,
    title: String,
    detail: String,
    recommendation: String,
    reference: &str,
    facts: BTreeMap<String, Value>,
) -> Finding {
    Finding {
        id: finding_id(kind, &subjects, discriminator),
        kind: kind.into(),
        step: step.into(),
        severity,
        subjects,
        title,
        detail,
        recommendation,
        reference: reference.into(),
        catalog: Vec::new(),
        decision: None,
        location: None,
        rule: Some(
            match kind {
                KIND_UNDECLARED => "KJ-TRAFFIC-001",
                KIND_CONTROL => "KJ-TRAFFIC-002",
                KIND_UNKNOWN_HOST => "KJ-TRAFFIC-003",
                _ => "KJ-TRAFFIC-004",
            }
            .into(),
        ),
        facts: facts.into(),
        i18n: Default::default(),
    }
}

/// Whether a flow's transport is one kojo keys conversations on (for callers).
pub fn is_conversation(f: &Flow) -> bool {
    matches!(f.transport, Transport::Tcp | Transport::Udp)
}
