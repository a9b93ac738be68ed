//! `kojo discover`: the first draft of Step 1-4's inventory from what the network carries.
//!
//! Every host address becomes an asset with a guessed role: a host serving an industrial
//! protocol (Modbus, S7comm, EtherNet/IP, DNP3, IEC 104, BACnet) is a controller (`plc`);
//! one sending program downloads, start/stop or restart to them is an
//! `engineering-station`; one sending other writes is an `hmi`; one that only reads them is
//! `scada`. Hosts are grouped into draft zones by subnet (/24, /64). Conversations become
//! flows (`control: true` where commands were seen). Everything guessed is
//! marked so in a comment.

use crate::check::is_host_address;
use crate::flow::{Flow, FlowTable, Transport};
use crate::proto::{Dir, Operation, ProtocolId};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::net::IpAddr;

#[derive(Default)]
struct Host {
    serves: BTreeSet<ProtocolId>,
    serves_ports: BTreeSet<String>,
    ics_reads: u64,
    ics_writes: u64,
    program_ops: u64,
    /// Types of the requests it sent to servers of industrial protocols.
    sends: BTreeSet<Operation>,
    packets: u64,
}

#[derive(Default)]
struct FlowAgg {
    packets: u64,
    bytes: u64,
    ports: BTreeSet<String>,
    control: bool,
    types: BTreeSet<Operation>,
    ops: BTreeMap<String, u64>,
    labels: BTreeSet<String>,
}

/// The asset id kojo gives an address.
pub fn host_id(ip: IpAddr) -> String {
    let s = ip.to_string().replace([':', '.'], "-");
    format!("host-{}", s.trim_matches('-'))
}

fn zone_id(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v) => {
            let o = v.octets();
            format!("net-{}-{}-{}-0", o[0], o[1], o[2])
        }
        IpAddr::V6(v) => {
            let s = v.segments();
            format!("net-{:x}-{:x}-{:x}-{:x}", s[0], s[1], s[2], s[3])
        }
    }
}

fn zone_cidr(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v) => {
            let o = v.octets();
            format!("{}.{}.{}.0/24", o[0], o[1], o[2])
        }
        IpAddr::V6(v) => {
            let s = v.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// The catalog spelling of a protocol in a model's `protocol:`.
fn model_protocol(p: ProtocolId) -> &'static str {
    match p {
        ProtocolId::Modbus => "modbus-tcp",
        ProtocolId::EtherNetIp => "enip",
        ProtocolId::Tls => "tls",
        other => other.as_str(),
    }
}

/// Text safe inside a YAML comment.
fn comment_safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(80)
        .collect()
}

/// Drafts assets, zones and flows from the table, as YAML to paste into a model.
pub fn discover(table: &FlowTable) -> String {
    let mut hosts: BTreeMap<IpAddr, Host> = BTreeMap::new();
    let mut flows: BTreeMap<(IpAddr, IpAddr, ProtocolId), FlowAgg> = BTreeMap::new();
    for f in table.flows() {
        let (c, s, sport) = f.client_server();
        for ip in [c, s] {
            if is_host_address(ip) {
                let h = hosts.entry(ip).or_default();
                h.packets = h.packets.saturating_add(f.packets());
            }
        }
        if !is_host_address(c) || !is_host_address(s) || c == s {
            continue;
        }
        if !matches!(f.transport, Transport::Tcp | Transport::Udp) {
            continue;
        }
        let to_server = match f.server {
            Some(Dir::BtoA) => Dir::BtoA,
            _ => Dir::AtoB,
        };
        let (reads, writes, program) = ics_counts(f, to_server);
        if let Some(h) = hosts.get_mut(&s) {
            if f.protocol != ProtocolId::Unknown {
                h.serves.insert(f.protocol);
            }
            h.serves_ports
                .insert(format!("{}/{}", f.transport.as_str(), sport));
        }
        if f.protocol.is_ics()
            && let Some(h) = hosts.get_mut(&c)
        {
            h.ics_reads = h.ics_reads.saturating_add(reads);
            h.ics_writes = h.ics_writes.saturating_add(writes);
            h.program_ops = h.program_ops.saturating_add(program);
            h.sends.extend(op_types(f, to_server));
        }
        let e = flows.entry((c, s, f.protocol)).or_default();
        e.packets = e.packets.saturating_add(f.packets());
        e.bytes = e.bytes.saturating_add(f.bytes());
        e.types.extend(op_types(f, to_server));
        e.ports
            .insert(format!("{}/{}", f.transport.as_str(), sport));
        e.control |= writes > 0;
        for o in f
            .ops
            .iter()
            .filter(|o| o.dir == to_server && o.class.is_some())
        {
            let n = e.ops.entry(o.name.to_string()).or_default();
            *n = n.saturating_add(o.count);
        }
        for l in &f.labels {
            e.labels.insert(comment_safe(l));
        }
    }

    let role = |h: &Host| -> (&'static str, &'static str) {
        let serves_ics = h.serves.iter().any(|p| {
            matches!(
                p,
                ProtocolId::Modbus
                    | ProtocolId::S7comm
                    | ProtocolId::S7commPlus
                    | ProtocolId::EtherNetIp
                    | ProtocolId::Dnp3
                    | ProtocolId::Iec104
                    | ProtocolId::Bacnet
            )
        });
        if serves_ics {
            ("plc", "serves an industrial protocol")
        } else if h.program_ops > 0 {
            (
                "engineering-station",
                "downloads programs or starts/stops controllers",
            )
        } else if h.ics_writes > 0 {
            ("hmi", "writes to controllers")
        } else if h.ics_reads > 0 {
            ("scada", "reads from controllers")
        } else if h.serves.contains(&ProtocolId::OpcUa) {
            ("server", "serves OPC UA")
        } else if !h.serves.is_empty() {
            ("server", "serves IT protocols")
        } else {
            ("workstation", "only opens connections")
        }
    };

    let mut zones: BTreeMap<String, (String, bool)> = BTreeMap::new();
    for (ip, h) in &hosts {
        let z = zones.entry(zone_id(*ip)).or_insert((zone_cidr(*ip), false));
        z.1 |= role(h).0 == "plc";
    }

    let mut y = String::new();
    let _ = writeln!(
        y,
        "# Drafted by `kojo discover` from {} flows: roles, zones and flows are GUESSES from\n# traffic. Review every entry, give zones their real names and kinds, then paste.",
        table.len()
    );
    y.push_str("zones:\n");
    for (id, (cidr, control)) in &zones {
        let _ = writeln!(y, "  - id: {id}");
        let _ = writeln!(y, "    name: Subnet {cidr}");
        let _ = writeln!(
            y,
            "    kind: {}   # guessed: {}",
            if *control { "control" } else { "production" },
            if *control {
                "holds controllers"
            } else {
                "no controllers seen"
            }
        );
    }
    y.push_str("assets:\n");
    for (ip, h) in &hosts {
        let (r, why) = role(h);
        let _ = writeln!(y, "  - id: {}", host_id(*ip));
        let _ = writeln!(y, "    name: Host {ip}");
        y.push_str("    kind: equipment\n");
        let _ = writeln!(y, "    role: {r}   # guessed: {why}");
        let _ = writeln!(y, "    zone: {}", zone_id(*ip));
        let _ = writeln!(y, "    addresses: [{ip}]");
        let mut notes = vec![format!("{} packets", h.packets)];
        if !h.serves_ports.is_empty() {
            notes.push(format!(
                "serves {}",
                h.serves_ports
                    .iter()
                    .take(8)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !h.serves.is_empty() {
            notes.push(
                h.serves
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        let _ = writeln!(y, "    # seen: {}", notes.join("; "));
        if !h.sends.is_empty() {
            let _ = writeln!(
                y,
                "    # sends to controllers: {}",
                h.sends
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    y.push_str("flows:\n");
    let mut used: BTreeSet<String> = BTreeSet::new();
    for ((c, s, p), e) in &flows {
        let base = format!("{}-to-{}", host_id(*c), host_id(*s));
        let mut id = if *p == ProtocolId::Unknown {
            base.clone()
        } else {
            format!("{base}-{}", p.as_str())
        };
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        let _ = writeln!(y, "  - id: {id}");
        let _ = writeln!(y, "    from: {}", host_id(*c));
        let _ = writeln!(y, "    to: {}", host_id(*s));
        if e.control {
            let _ = writeln!(
                y,
                "    control: true   # commands seen: {}",
                e.types
                    .iter()
                    .filter(|t| t.is_command())
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if *p != ProtocolId::Unknown {
            let _ = writeln!(y, "    protocol: {}", model_protocol(*p));
        }
        let mut notes = vec![
            format!("{} packets, {} bytes", e.packets, e.bytes),
            e.ports
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        ];
        if !e.ops.is_empty() {
            notes.push(
                e.ops
                    .iter()
                    .take(8)
                    .map(|(k, v)| format!("{k} ×{v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if !e.labels.is_empty() {
            notes.push(
                e.labels
                    .iter()
                    .take(4)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        let _ = writeln!(y, "    # seen: {}", notes.join("; "));
    }
    y
}

/// (reads, commands, program/control/firmware commands) of the requests towards the server.
fn ics_counts(f: &Flow, to_server: Dir) -> (u64, u64, u64) {
    let (mut r, mut w, mut p) = (0u64, 0u64, 0u64);
    for o in f.ops.iter().filter(|o| o.dir == to_server) {
        match o.class {
            Some(Operation::Read) => r = r.saturating_add(o.count),
            Some(c) if c.is_command() => {
                w = w.saturating_add(o.count);
                if matches!(
                    c,
                    Operation::Program | Operation::Control | Operation::Firmware
                ) {
                    p = p.saturating_add(o.count);
                }
            }
            _ => {}
        }
    }
    (r, w, p)
}

/// The types of the requests towards the server.
fn op_types(f: &Flow, to_server: Dir) -> impl Iterator<Item = Operation> + '_ {
    f.ops
        .iter()
        .filter(move |o| o.dir == to_server)
        .filter_map(|o| o.class)
}
