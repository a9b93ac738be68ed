//! The observed flows held against the declared zones and conduit-level flows.
//!
//! Addresses map to assets by the longest matching prefix of `addresses:`; assets map to
//! their zones. A declared flow covers an observed one when its ends (an asset or a whole
//! zone) hold the client and the server, in either direction: a model flow says that two
//! ends talk, and a TCP conversation runs both ways.

use crate::flow::{Flow, FlowTable, Transport};
use crate::proto::{self, Dir, Operation, ProtocolId};
use kojo_findings::{Finding, Severity, Text, finding_id};
use kojo_model::{Endpoint, Model, Network};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;

/// Kind: observed traffic between zones that no flow of the model declares.
pub const KIND_UNDECLARED: &str = "traffic-undeclared-flow";
/// Kind: commands of one operation type crossing a zone boundary without a `control: true`
/// flow.
pub const KIND_CONTROL: &str = "traffic-control-crossing";
/// Kind: an address seen in traffic that belongs to no asset.
pub const KIND_UNKNOWN_HOST: &str = "traffic-unknown-host";
/// Kind: an industrial session between zones whose operations cannot be read (info).
pub const KIND_OPAQUE: &str = "traffic-opaque";
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
    /// Requests towards the server by (type, service name, protocol code).
    ops: BTreeMap<(Operation, &'static str, String), u64>,
    /// Sessions whose operations cannot be read, by why.
    opaque: BTreeSet<Opaque>,
    client_addrs: BTreeSet<IpAddr>,
    server_addrs: BTreeSet<IpAddr>,
}

impl Agg {
    fn count(&mut self, f: &Flow, sport: u16) {
        self.packets = self.packets.saturating_add(f.packets());
        self.bytes = self.bytes.saturating_add(f.bytes());
        self.flows = self.flows.saturating_add(1);
        self.ports
            .insert(format!("{}/{}", f.transport.as_str(), sport));
        if f.protocol != ProtocolId::Unknown {
            self.protocols.insert(f.protocol.as_str());
        }
    }

    /// The typed requests of `f` towards its server.
    fn add_requests(&mut self, f: &Flow) {
        let to_server = server_dir(f);
        for o in &f.ops {
            if let Some(class) = o.class
                && o.dir == to_server
            {
                let e = self
                    .ops
                    .entry((class, o.name, format!("{}={}", o.field, o.value)))
                    .or_default();
                *e = e.saturating_add(o.count);
            }
        }
    }

    fn types(&self) -> BTreeSet<Operation> {
        self.ops.keys().map(|k| k.0).collect()
    }

    /// "S7 Write Var ×3, CIP Write Tag ×2" for the operations of `class`.
    fn ops_text(&self, class: Operation) -> String {
        let mut by_name: BTreeMap<&str, u64> = BTreeMap::new();
        for ((c, name, _), n) in &self.ops {
            if *c == class {
                let e = by_name.entry(name).or_default();
                *e = e.saturating_add(*n);
            }
        }
        by_name
            .iter()
            .map(|(k, v)| format!("{k} ×{v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The operations as facts: name, type, protocol code and count each.
    fn ops_facts(&self, only: Option<Operation>) -> Value {
        Value::Array(
            self.ops
                .iter()
                .filter(|((c, _, _), _)| only.is_none_or(|o| o == *c))
                .map(|((c, name, code), n)| {
                    json!({"type": c.as_str(), "name": name, "code": code, "count": n})
                })
                .collect(),
        )
    }
}

/// Why the operations of an industrial session cannot be read from traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Opaque {
    /// OPC UA messages signed and encrypted (SignAndEncrypt).
    Encrypted,
    /// An industrial protocol's port carrying TLS.
    Tls(u16),
    /// Payload on an industrial protocol's port that kojo does not recognise.
    UnknownFraming(u16),
    /// S7comm-plus, whose operations kojo does not decode.
    S7commPlus,
}

impl Opaque {
    fn en(self) -> String {
        match self {
            Opaque::Encrypted => "OPC UA messages signed and encrypted (SignAndEncrypt)".into(),
            Opaque::Tls(p) => format!("TLS on port {p} of an industrial protocol"),
            Opaque::UnknownFraming(p) => {
                format!("unknown framing on port {p} of an industrial protocol")
            }
            Opaque::S7commPlus => "S7comm-plus, whose operations kojo does not decode".into(),
        }
    }
    fn ja(self) -> String {
        match self {
            Opaque::Encrypted => "署名・暗号化(SignAndEncrypt)されたOPC UAメッセージ".into(),
            Opaque::Tls(p) => format!("産業用プロトコルのポート{p}上のTLS"),
            Opaque::UnknownFraming(p) => format!("産業用プロトコルのポート{p}上の未知の形式"),
            Opaque::S7commPlus => "kojoが操作を解読しないS7comm-plus".into(),
        }
    }
}

/// Ports of industrial protocols secured by TLS (Modbus/TCP Security, OPC UA over TLS,
/// CIP Security), besides the plain protocols' own ports.
const ICS_TLS_PORTS: [u16; 3] = [802, 4843, 2221];

fn is_ics_port(tcp: bool, port: u16) -> bool {
    proto::port_hint(tcp, port).is_some_and(ProtocolId::is_ics)
        || (tcp && ICS_TLS_PORTS.contains(&port))
}

/// Why a flow's industrial operations cannot be read, if they cannot.
fn opaque_reason(f: &Flow, sport: u16) -> Option<Opaque> {
    let tcp = f.transport == Transport::Tcp;
    let to_server = server_dir(f);
    let readable = f
        .ops
        .iter()
        .any(|o| o.dir == to_server && o.class.is_some());
    match f.protocol {
        ProtocolId::OpcUa
            if !readable
                && f.ops
                    .iter()
                    .any(|o| o.field == proto::field::OPCUA_UNREADABLE) =>
        {
            Some(Opaque::Encrypted)
        }
        ProtocolId::Tls if is_ics_port(tcp, sport) => Some(Opaque::Tls(sport)),
        ProtocolId::S7commPlus => Some(Opaque::S7commPlus),
        ProtocolId::Unknown if f.payload_unrecognised() && is_ics_port(tcp, sport) => {
            Some(Opaque::UnknownFraming(sport))
        }
        _ => None,
    }
}

/// The direction of requests: towards the server where known, else A to B.
fn server_dir(f: &Flow) -> Dir {
    match f.server {
        Some(Dir::BtoA) => Dir::BtoA,
        _ => Dir::AtoB,
    }
}

fn zone_of(a: &kojo_model::Asset) -> Option<&str> {
    a.zones.first().map(String::as_str)
}

/// How many unknown hosts get a finding each before the rest are summed up in one.
const UNKNOWN_HOSTS_ONE_BY_ONE: usize = 100;
/// How many subnets the summary of the left-out unknown hosts names.
const SUBNETS_NAMED: usize = 20;

/// One finding for the unknown hosts beyond [`UNKNOWN_HOSTS_ONE_BY_ONE`]: how many, in which
/// subnets (/24 for IPv4, /64 for IPv6), and the most severe of them.
fn unknown_hosts_left_out(rest: &[(Severity, &IpAddr, &Agg, &BTreeSet<String>)]) -> Finding {
    let mut subnets: BTreeMap<(IpAddr, u8), u64> = BTreeMap::new();
    let (mut packets, mut peers) = (0u64, BTreeSet::new());
    for (_, ip, agg, p) in rest {
        *subnets.entry(subnet_of(ip)).or_default() += 1;
        packets = packets.saturating_add(agg.packets);
        peers.extend(p.iter().cloned());
    }
    let severity = rest.iter().map(|h| h.0).max().unwrap_or(Severity::Low);
    // Largest first, then in address order.
    let mut by_size: Vec<(String, u64)> = subnets
        .iter()
        .map(|((net, len), n)| (format!("{net}/{len}"), *n))
        .collect();
    by_size.sort_by_key(|s| std::cmp::Reverse(s.1));
    let named: Vec<String> = by_size
        .iter()
        .take(SUBNETS_NAMED)
        .map(|(net, n)| format!("{net} ({n})"))
        .collect();
    let unnamed = subnets.len().saturating_sub(SUBNETS_NAMED);
    let n = rest.len();
    let subnets_en = if unnamed == 0 {
        named.join(", ")
    } else {
        format!(
            "{} and {}",
            named.join(", "),
            count_of(unnamed as u64, "more subnet", "more subnets")
        )
    };
    let subnets_ja = if unnamed == 0 {
        named.join("、")
    } else {
        format!("{}、ほか{unnamed}個のサブネット", named.join("、"))
    };
    let mut facts = BTreeMap::new();
    facts.insert("hosts".into(), json!(n));
    facts.insert("packets".into(), json!(packets));
    facts.insert(
        "subnets".into(),
        json!(
            by_size
                .iter()
                .take(SUBNETS_NAMED)
                .map(|(net, n)| json!({"subnet": net, "hosts": n}))
                .collect::<Vec<_>>()
        ),
    );
    facts.insert("subnets_not_named".into(), json!(unnamed));
    let subjects: Vec<String> = peers.iter().map(|p| format!("asset:{p}")).collect();
    let ja = Text {
        title: format!("通信に現れるほか{n}台の未知のホスト"),
        detail: format!(
            "個別に示した{UNKNOWN_HOSTS_ONE_BY_ONE}台のほかに、{n}個のアドレスが{}、モデルのどの資産にも属していません。サブネット(括弧内はホスト数): {subnets_ja}。",
            if packets == 0 {
                "通信に現れていますが".to_string()
            } else {
                format!("合わせて{packets}パケットを送受信していますが")
            }
        ),
        recommendation: "これほど多くの未知のアドレスは、走査、なりすましの通信、または一覧にないネットワーク区画を示します。どれにあたるかを確かめ、区画であればその機器を資産として一覧に加えてください(`kojo discover`が下書きを作ります)。走査やなりすましであれば、その発信元を特定して止めてください。".into(),
    };
    with_ja(
        finding(
            KIND_UNKNOWN_HOST,
            "1-4",
            severity,
            subjects,
            "more-hosts",
            format!("{n} more unknown hosts in the traffic"),
            format!(
                "Beyond the {UNKNOWN_HOSTS_ONE_BY_ONE} unknown hosts reported one by one, {n} more addresses {} but belong to no asset of the model. Subnets (hosts in each): {subnets_en}.",
                if packets == 0 {
                    "appear in the traffic".to_string()
                } else {
                    format!("send or receive {packets} packets between them")
                }
            ),
            "So many unknown addresses point to a scan, spoofed traffic or a network segment missing from the inventory. Find out which: for a segment, add its devices to the inventory as assets (`kojo discover` drafts the entries); for a scan or spoofing, find its source and stop it.".into(),
            "3.1.4",
            facts,
        ),
        ja,
    )
}

/// The /24 of an IPv4 address, the /64 of an IPv6 address.
fn subnet_of(ip: &IpAddr) -> (IpAddr, u8) {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            (IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, 0)), 24)
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            (IpAddr::V6(net), 64)
        }
    }
}

/// "1 flow", "2 flows".
fn count_of(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Findings of the traffic against the model: undeclared flows between zones, control
/// crossings (one per operation type), unreadable industrial sessions between zones,
/// unknown hosts, and declared flows never seen (info).
pub fn check_against_model(model: &Model, table: &FlowTable) -> Vec<Finding> {
    let mut map = AddressMap::new(model);
    // Unknown address → its aggregate (as client and server), its peers, and whether it
    // sent commands to a controller.
    let mut unknown: BTreeMap<IpAddr, (Agg, BTreeSet<String>, bool)> = BTreeMap::new();
    // (client asset, server asset) → aggregate, for pairs in different zones.
    let mut crossing: BTreeMap<(String, String), Agg> = BTreeMap::new();
    let mut seen_pairs: BTreeSet<(String, String)> = BTreeSet::new();

    for f in table.flows() {
        let (c, s, sport) = f.client_server();
        let ca = map.asset(c);
        let sa = map.asset(s);
        for (ip, own, peer, client) in [(c, ca, sa, true), (s, sa, ca, false)] {
            if own.is_none() && is_host_address(ip) {
                let e = unknown.entry(ip).or_default();
                e.0.count(f, sport);
                if client {
                    e.0.add_requests(f);
                    let to_server = server_dir(f);
                    e.2 |= f.protocol.is_ics()
                        && f.ops.iter().any(|o| {
                            o.dir == to_server && o.class.is_some_and(Operation::is_command)
                        });
                }
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
        e.count(f, sport);
        e.client_addrs.insert(c);
        e.server_addrs.insert(s);
        e.add_requests(f);
        if let Some(why) = opaque_reason(f, sport) {
            e.opaque.insert(why);
        }
    }

    let mut out = Vec::new();
    for ((cid, sid), agg) in &crossing {
        let (Some(ca), Some(sa)) = (model.asset(cid), model.asset(sid)) else {
            continue;
        };
        let (cz, sz) = (zone_of(ca).unwrap_or(""), zone_of(sa).unwrap_or(""));
        let declared = covering(model, ca, sa);
        let declared_control = declared.iter().any(|f| f.control);
        let declared_ids = declared
            .iter()
            .map(|f| f.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
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
        let ports = agg.ports.iter().cloned().collect::<Vec<_>>().join(", ");
        if declared.is_empty() {
            let mut subj = subjects.clone();
            subj.dedup();
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
                    "The network carries {}, {} packets, from asset {cid} in zone {cz} to asset {sid} in zone {sz} ({ports}{}), but no flow of the model connects them. The zone model no longer matches the network it describes.",
                    count_of(agg.flows, "flow", "flows"),
                    agg.packets,
                    protos_suffix(agg),
                ),
                "Either declare the flow (with its protocol, network and the boundary devices it passes) and review its security requirements, or block it at the zone boundary.".into(),
                "3.1.6; 3.3 (1)(i)",
                facts.clone(),
            ), ja));
        }
        let from_outside = model.zone(cz).is_some_and(|z| {
            matches!(
                z.kind,
                kojo_model::ZoneKind::External | kojo_model::ZoneKind::Information
            )
        });
        // One finding per operation type: a decision on writes never covers a STOP.
        for class in agg.types().into_iter().filter(|c| c.is_command()) {
            if declared_control {
                break;
            }
            let mut f2 = facts.clone();
            f2.insert("operation_type".into(), json!(class.as_str()));
            f2.insert("operations".into(), agg.ops_facts(Some(class)));
            let ops_text = agg.ops_text(class);
            let severe = from_outside
                || matches!(
                    class,
                    Operation::Control | Operation::Program | Operation::Firmware
                );
            let ja = Text {
                title: format!(
                    "宣言された制御フローのない{cid}({cz})から{sid}({sz})への{}コマンド",
                    class.name_ja()
                ),
                detail: format!(
                    "{}操作({ops_text})がゾーン{cz}からゾーン{sz}へ越えていますが、{}。",
                    class.name_ja(),
                    if declared.is_empty() {
                        "モデルのどのフローもこれらの資産を結んでいません".to_string()
                    } else {
                        format!("宣言されたフロー{declared_ids}に`control: true`がありません")
                    }
                ),
                recommendation: "誰が何のためにこれらのコマンドを送るのかを確認してください。意図したものなら、ステップ1-6/1-7で制御ゾーン外からの制御指示として検討されるよう`control: true`のフローとして宣言し、そうでなければ境界で遮断してください(例: 読出しのみを許可するプロトコル対応ファイアウォール)。この判断はこの操作種別だけに及びます。".into(),
            };
            out.push(with_ja(finding(
                KIND_CONTROL,
                "3",
                if severe { Severity::Critical } else { Severity::High },
                subjects.clone(),
                &format!("{sid}:{}", class.as_str()),
                format!(
                    "{} commands from {cid} ({cz}) to {sid} ({sz}) with no declared control flow",
                    capitalised(class.name_en())
                ),
                format!(
                    "{} operations ({ops_text}) cross from zone {cz} into zone {sz}, but {}.",
                    capitalised(class.name_en()),
                    if declared.is_empty() {
                        "no flow of the model connects these assets".to_string()
                    } else if declared.len() == 1 {
                        format!("the declared flow {declared_ids} is not marked `control: true`")
                    } else {
                        format!("the declared flows {declared_ids} are not marked `control: true`")
                    }
                ),
                "Confirm who sends these commands and why. If they are intended, declare the flow with `control: true` so that Step 1-6/1-7 review control instructions from outside the control zone; otherwise block them at the boundary (e.g. a protocol-aware firewall allowing reads only). A decision on this finding covers this operation type only.".into(),
                "Table 3-4; 3.3 (1)(i)",
                f2,
            ), ja));
        }
        if !agg.opaque.is_empty() && !declared_control {
            let mut f3 = facts.clone();
            let (en, ja): (Vec<String>, Vec<String>) =
                agg.opaque.iter().map(|o| (o.en(), o.ja())).unzip();
            let (why_en, why_ja) = (en.join("; "), ja.join("、"));
            f3.insert("unreadable".into(), json!(en));
            let ja = Text {
                title: format!("{cid}({cz})から{sid}({sz})への読めない産業用セッション"),
                detail: format!(
                    "ゾーン{cz}の資産{cid}からゾーン{sz}の資産{sid}への産業用セッションは操作を通信から読めません({why_ja})。{sid}への書込みや制御が含まれるかどうかは通信からは確認できません。"
                ),
                recommendation: "ここをコマンドが越えるなら、ステップ1-6/1-7で検討されるようフローを`control: true`で宣言してください。操作を確認するには、サーバの監査ログ(OPC UAサーバの監査イベントなど)を読むか、セッションが復号される場所でキャプチャしてください。".into(),
            };
            out.push(with_ja(finding(
                KIND_OPAQUE,
                "3",
                Severity::Info,
                subjects.clone(),
                sid,
                format!("Unreadable industrial session from {cid} ({cz}) to {sid} ({sz})"),
                format!(
                    "The industrial session from asset {cid} in zone {cz} to asset {sid} in zone {sz} cannot be read from traffic ({why_en}): whether it writes to or controls {sid} cannot be checked from traffic."
                ),
                "If commands cross here, declare the flow with `control: true` so that Step 1-6/1-7 review them. To check its operations, read the server's audit log (such as the audit events of an OPC UA server) or capture where the session is decrypted.".into(),
                "Table 3-4; 3.3 (1)(i)",
                f3,
            ), ja));
        }
    }

    // Past a hundred unknown hosts (a scan, a spoofed flood, a whole unlisted segment) the
    // most severe are reported one by one and the rest summed up in one finding: a list of
    // thousands helps nobody and costs memory in proportion to the input.
    let mut hosts: Vec<_> = unknown
        .iter()
        .map(|(ip, (agg, peers, commands_controller))| {
            let talks_ics = agg.protocols.iter().any(|p| ProtocolId::parse(p).is_ics());
            let severity = if *commands_controller {
                Severity::Critical
            } else if talks_ics {
                Severity::High
            } else if peers.is_empty() {
                Severity::Low
            } else {
                Severity::Medium
            };
            (severity, ip, agg, peers)
        })
        .collect();
    let mut rest = Vec::new();
    if hosts.len() > UNKNOWN_HOSTS_ONE_BY_ONE {
        hosts.sort_by(|a, b| {
            (b.0, b.2.packets)
                .cmp(&(a.0, a.2.packets))
                .then_with(|| a.1.cmp(b.1))
        });
        rest = hosts.split_off(UNKNOWN_HOSTS_ONE_BY_ONE);
        hosts.sort_by_key(|h| *h.1);
    }
    for (severity, ip, agg, peers) in hosts {
        let subjects: Vec<String> = peers.iter().map(|p| format!("asset:{p}")).collect();
        let mut facts = base_facts(agg);
        facts.insert("address".into(), json!(ip.to_string()));
        if !agg.ops.is_empty() {
            facts.insert("operations".into(), agg.ops_facts(None));
            facts.insert(
                "operation_types".into(),
                json!(agg.types().iter().map(|t| t.as_str()).collect::<Vec<_>>()),
            );
        }
        let types = agg.types();
        let (sends_en, sends_ja) = if types.is_empty() {
            (String::new(), String::new())
        } else {
            let all: Vec<String> = types
                .iter()
                .map(|t| format!("{} ({})", t.name_en(), agg.ops_text(*t)))
                .collect();
            let all_ja: Vec<String> = types
                .iter()
                .map(|t| format!("{}({})", t.name_ja(), agg.ops_text(*t)))
                .collect();
            (
                format!(" It sends these operations: {}.", all.join("; ")),
                format!("次の操作を送っています: {}。", all_ja.join("、")),
            )
        };
        let ports = agg.ports.iter().cloned().collect::<Vec<_>>().join(", ");
        let ja = Text {
            title: format!("通信に現れる未知のホスト{ip}"),
            detail: format!(
                "アドレス{ip}は{}フロー({ports}{})で{}パケットを送受信していますが、モデルのどの資産にも属していません{}。{sends_ja}",
                agg.flows,
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
            severity,
            subjects,
            &ip.to_string(),
            format!("Unknown host {ip} in the traffic"),
            format!(
                "Address {ip} sends or receives {} packets in {} ({ports}{}) but belongs to no asset of the model{}.{sends_en}",
                agg.packets,
                count_of(agg.flows, "flow", "flows"),
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
    if !rest.is_empty() {
        out.push(unknown_hosts_left_out(&rest));
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
                KIND_OPAQUE => "KJ-TRAFFIC-005",
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
