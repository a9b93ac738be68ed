//! `kojo discover`: the first draft of Step 1-4's inventory from what the network carries.
//!
//! Every host address becomes an asset with a guessed role: a host serving an industrial
//! protocol (Modbus, S7comm, EtherNet/IP, DNP3, IEC 104, BACnet) is a controller (`plc`);
//! one sending program downloads, start/stop or restart to them is an
//! `engineering-station`; one sending other writes is an `hmi`; one that only reads them is
//! `scada`. Hosts are grouped into draft zones by subnet (/24, /64). Conversations become
//! flows (`control: true` where write/control operations were seen). Everything guessed is
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
    packets: u64,
}

#[derive(Default)]
struct FlowAgg {
    packets: u64,
    bytes: u64,
    ports: BTreeSet<String>,
    control: bool,
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

/// Whether an operation field/value is a program download, start/stop or restart.
fn is_program_op(field: &str, value: u32) -> bool {
    match field {
        "s7comm.param.func" => matches!(value, 0x1a..=0x1c | 0x28 | 0x29),
        "cip.sc" => matches!(value, 0x05..=0x07),
        "dnp3.al.func" => matches!(value, 13 | 14 | 16..=18),
        "bacapp.confirmed_service" => matches!(value, 17 | 20),
        _ => false,
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
                hosts.entry(ip).or_default().packets += f.packets();
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
            h.ics_reads += reads;
            h.ics_writes += writes;
            h.program_ops += program;
        }
        let e = flows.entry((c, s, f.protocol)).or_default();
        e.packets += f.packets();
        e.bytes += f.bytes();
        e.ports
            .insert(format!("{}/{}", f.transport.as_str(), sport));
        e.control |= writes > 0;
        for o in f
            .ops
            .iter()
            .filter(|o| o.dir == to_server && o.class.is_some())
        {
            *e.ops.entry(format!("{}={}", o.field, o.value)).or_default() += o.count;
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
            y.push_str("    control: true   # write/control operations seen\n");
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

fn ics_counts(f: &Flow, to_server: Dir) -> (u64, u64, u64) {
    let (mut r, mut w, mut p) = (0, 0, 0);
    for o in f.ops.iter().filter(|o| o.dir == to_server) {
        match o.class {
            Some(Operation::Read) => r += o.count,
            Some(Operation::WriteControl) => {
                w += o.count;
                if is_program_op(o.field, o.value) {
                    p += o.count;
                }
            }
            _ => {}
        }
    }
    (r, w, p)
}
