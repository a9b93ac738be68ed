//! Self-contained tests: captures built here with etherparse's PacketBuilder and a small
//! pcap / pcapng writer, flow logs written here, models loaded from YAML text.

use etherparse::{PacketBuilder, VlanId};
use kojo_traffic::{
    Dir, Operation, ProtocolId, ReadOptions, Transport, check_against_model, discover,
    read_capture_bytes, read_sources,
};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

const MAC_A: [u8; 6] = [2, 0, 0, 0, 0, 1];
const MAC_B: [u8; 6] = [2, 0, 0, 0, 0, 2];

/// One frame: link type, seconds, sub-second nanoseconds, bytes.
struct Frame {
    ts_ns: i64,
    data: Vec<u8>,
}

#[derive(Clone, Copy)]
enum Fmt {
    PcapLeMicro,
    PcapBeNano,
    PcapngLe,
    PcapngBeNano,
}

fn pcap(fmt: Fmt, linktype: u32, frames: &[Frame]) -> Vec<u8> {
    let mut o = Vec::new();
    match fmt {
        Fmt::PcapLeMicro | Fmt::PcapBeNano => {
            let be = matches!(fmt, Fmt::PcapBeNano);
            let magic: u32 = if be { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
            let w32 = |o: &mut Vec<u8>, v: u32| {
                o.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() })
            };
            let w16 = |o: &mut Vec<u8>, v: u16| {
                o.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() })
            };
            w32(&mut o, magic);
            w16(&mut o, 2);
            w16(&mut o, 4);
            w32(&mut o, 0);
            w32(&mut o, 0);
            w32(&mut o, 65535);
            w32(&mut o, linktype);
            for f in frames {
                let sec = (f.ts_ns / 1_000_000_000) as u32;
                let sub = (f.ts_ns % 1_000_000_000) as u32;
                w32(&mut o, sec);
                w32(&mut o, if be { sub } else { sub / 1000 });
                w32(&mut o, f.data.len() as u32);
                w32(&mut o, f.data.len() as u32);
                o.extend_from_slice(&f.data);
            }
        }
        Fmt::PcapngLe | Fmt::PcapngBeNano => {
            let be = matches!(fmt, Fmt::PcapngBeNano);
            let w32 = |o: &mut Vec<u8>, v: u32| {
                o.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() })
            };
            let w16 = |o: &mut Vec<u8>, v: u16| {
                o.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() })
            };
            // Section header block.
            w32(&mut o, 0x0a0d_0d0a);
            w32(&mut o, 28);
            w32(&mut o, 0x1a2b_3c4d);
            w16(&mut o, 1);
            w16(&mut o, 0);
            o.extend_from_slice(&[0xff; 8]);
            w32(&mut o, 28);
            // Interface description block, with if_tsresol = 9 (ns) for the BE variant.
            let opts_len = if be { 12 } else { 0 };
            w32(&mut o, 1);
            w32(&mut o, 20 + opts_len);
            w16(&mut o, linktype as u16);
            w16(&mut o, 0);
            w32(&mut o, 65535);
            if be {
                w16(&mut o, 9);
                w16(&mut o, 1);
                o.extend_from_slice(&[9, 0, 0, 0]);
                w16(&mut o, 0);
                w16(&mut o, 0);
            }
            w32(&mut o, 20 + opts_len);
            for f in frames {
                let units = if be {
                    f.ts_ns as u64
                } else {
                    f.ts_ns as u64 / 1000
                };
                let pad = (4 - f.data.len() % 4) % 4;
                let len = 32 + f.data.len() + pad;
                w32(&mut o, 6);
                w32(&mut o, len as u32);
                w32(&mut o, 0);
                w32(&mut o, (units >> 32) as u32);
                w32(&mut o, units as u32);
                w32(&mut o, f.data.len() as u32);
                w32(&mut o, f.data.len() as u32);
                o.extend_from_slice(&f.data);
                o.extend(std::iter::repeat_n(0u8, pad));
                w32(&mut o, len as u32);
            }
        }
    }
    o
}

fn v4(s: &str) -> [u8; 4] {
    match s.parse::<IpAddr>() {
        Ok(IpAddr::V4(v)) => v.octets(),
        _ => panic!("bad test address {s}"),
    }
}

/// An Ethernet/IPv4/TCP frame.
fn tcp(src: &str, sp: u16, dst: &str, dp: u16, seq: u32, flags: &str, payload: &[u8]) -> Vec<u8> {
    let mut b = PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv4(v4(src), v4(dst), 64)
        .tcp(sp, dp, seq, 1024);
    if flags.contains('S') {
        b = b.syn();
    }
    if flags.contains('A') {
        b = b.ack(1);
    }
    if flags.contains('F') {
        b = b.fin();
    }
    if flags.contains('P') {
        b = b.psh();
    }
    let mut v = Vec::new();
    b.write(&mut v, payload).unwrap();
    v
}

fn udp(src: &str, sp: u16, dst: &str, dp: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv4(v4(src), v4(dst), 64)
        .udp(sp, dp)
        .write(&mut v, payload)
        .unwrap();
    v
}

fn modbus(tx: u16, fc: u8, body: &[u8]) -> Vec<u8> {
    let mut v = tx.to_be_bytes().to_vec();
    v.extend_from_slice(&[0, 0]);
    v.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    v.push(1);
    v.push(fc);
    v.extend_from_slice(body);
    v
}

/// An HMI (10.0.1.5) reading and writing a PLC (10.0.2.10) over Modbus, plus a DNS lookup
/// by an unknown laptop (10.0.1.99).
fn factory_frames() -> Vec<Frame> {
    let (hmi, plc) = ("10.0.1.5", "10.0.2.10");
    let mut seq_c = 1000u32;
    let mut seq_s = 5000u32;
    let mut v = vec![
        tcp(hmi, 40000, plc, 502, seq_c, "S", &[]),
        tcp(plc, 502, hmi, 40000, seq_s, "SA", &[]),
    ];
    seq_c += 1;
    seq_s += 1;
    for (tx, fc) in [(1u16, 3u8), (2, 3), (3, 6), (4, 16)] {
        let req = modbus(tx, fc, &[0, 1, 0, 1]);
        v.push(tcp(hmi, 40000, plc, 502, seq_c, "PA", &req));
        seq_c += req.len() as u32;
        let resp = modbus(tx, fc, &[2, 0, 7]);
        v.push(tcp(plc, 502, hmi, 40000, seq_s, "PA", &resp));
        seq_s += resp.len() as u32;
    }
    let dns_q = [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1];
    v.push(udp("10.0.1.99", 53000, "10.0.1.1", 53, &dns_q));
    v.into_iter()
        .enumerate()
        .map(|(i, data)| Frame {
            ts_ns: 1_700_000_000_000_000_000 + i as i64 * 1_000_123,
            data,
        })
        .collect()
}

#[test]
fn all_capture_formats_give_the_same_flows() {
    let frames = factory_frames();
    let mut tables = Vec::new();
    for fmt in [
        Fmt::PcapLeMicro,
        Fmt::PcapBeNano,
        Fmt::PcapngLe,
        Fmt::PcapngBeNano,
    ] {
        let bytes = pcap(fmt, 1, &frames);
        let (t, fault) = read_capture_bytes(&bytes).unwrap();
        assert_eq!(fault, None);
        tables.push(t);
    }
    let first = &tables[0];
    assert_eq!(first.len(), 2);
    let f = &first.flows()[0];
    assert_eq!(f.transport, Transport::Tcp);
    assert_eq!((f.packets_ab, f.packets_ba), (5, 5));
    assert_eq!(f.protocol, ProtocolId::Modbus);
    assert_eq!(f.server, Some(Dir::AtoB));
    assert_eq!(f.count_class(Operation::Read), 2);
    assert_eq!(f.count_class(Operation::Write), 2);
    assert_eq!(first.flows()[1].protocol, ProtocolId::Dns);
    for t in &tables[1..] {
        let a: Vec<_> = t
            .flows()
            .iter()
            .map(|f| (f.a, f.b, f.packets(), f.bytes()))
            .collect();
        let b: Vec<_> = first
            .flows()
            .iter()
            .map(|f| (f.a, f.b, f.packets(), f.bytes()))
            .collect();
        assert_eq!(a, b);
    }
    // Nanosecond formats keep nanoseconds; microsecond ones round down to them.
    assert_eq!(
        tables[1].flows()[0].last_seen_ns % 1000,
        1_000_123 * 9 % 1000
    );
    assert_eq!(tables[0].flows()[0].last_seen_ns % 1000, 0);
    assert_eq!(
        tables[3].flows()[0].last_seen_ns,
        tables[1].flows()[0].last_seen_ns
    );
}

#[test]
fn other_link_types_vlans_and_ipv6() {
    // Strip the Ethernet header to get the IP packet.
    let eth = udp(
        "10.9.0.1",
        1000,
        "10.9.0.2",
        47808,
        &[0x81, 0x0a, 0, 6, 1, 0],
    );
    let ip = eth[14..].to_vec();
    let mut sll = vec![0, 0, 0, 1, 0, 6];
    sll.extend_from_slice(&[0; 8]);
    sll.extend_from_slice(&[0x08, 0x00]);
    sll.extend_from_slice(&ip);
    let mut sll2 = vec![0x08, 0x00, 0, 0];
    sll2.extend_from_slice(&[0; 16]);
    sll2.extend_from_slice(&ip);
    let mut null = 2u32.to_le_bytes().to_vec();
    null.extend_from_slice(&ip);
    for (lt, data) in [
        (113u32, sll),
        (276, sll2),
        (101, ip.clone()),
        (0, null),
        (228, ip),
    ] {
        let bytes = pcap(Fmt::PcapLeMicro, lt, &[Frame { ts_ns: 0, data }]);
        let (t, fault) = read_capture_bytes(&bytes).unwrap();
        assert_eq!(fault, None, "link type {lt}");
        assert_eq!(t.len(), 1, "link type {lt}");
        assert_eq!(t.flows()[0].b_port, 47808);
        assert_eq!(t.flows()[0].protocol, ProtocolId::Bacnet, "link type {lt}");
    }
    // QinQ and IPv6.
    let mut q = Vec::new();
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .double_vlan(VlanId::try_new(100).unwrap(), VlanId::try_new(7).unwrap())
        .ipv6(
            [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
            64,
        )
        .tcp(50000, 4840, 1, 100)
        .write(&mut q, b"HELF\x20\x00\x00\x00rest")
        .unwrap();
    let bytes = pcap(Fmt::PcapngLe, 1, &[Frame { ts_ns: 0, data: q }]);
    let (t, _) = read_capture_bytes(&bytes).unwrap();
    assert_eq!(t.len(), 1);
    let f = &t.flows()[0];
    assert_eq!(f.vlan, Some(100));
    assert_eq!(f.protocol, ProtocolId::OpcUa);
    assert_eq!(f.a.to_string(), "fd00::1");
}

#[test]
fn truncated_capture_keeps_what_came_before_and_says_where() {
    let frames = factory_frames();
    let bytes = pcap(Fmt::PcapLeMicro, 1, &frames);
    let cut = bytes.len() - 20;
    let (t, fault) = read_capture_bytes(&bytes[..cut]).unwrap();
    let fault = fault.expect("a fault");
    // The last record starts after 24 + sum of (16 + len) of all but the last frame.
    let last_start: usize = 24
        + frames[..frames.len() - 1]
            .iter()
            .map(|f| 16 + f.data.len())
            .sum::<usize>();
    assert_eq!(fault.offset, last_start as u64, "{fault:?}");
    assert!(fault.message.contains("truncated"));
    assert_eq!(t.stats.packets, frames.len() as u64 - 1);
    // A record claiming a giant length is reported, not allocated.
    let mut bad = bytes.clone();
    bad[24 + 8..24 + 12].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    let (t, fault) = read_capture_bytes(&bad).unwrap();
    assert!(fault.is_some());
    assert_eq!(t.stats.packets, 0);
    // Not a capture at all.
    assert!(read_capture_bytes(b"this is not a capture at all, honestly").is_err());
}

#[test]
fn ip_fragments_count_once_when_complete() {
    // A 3000-byte UDP datagram in three fragments, as tshark would reassemble it.
    let payload = vec![7u8; 3000];
    let mut whole = Vec::new();
    PacketBuilder::ipv4(v4("10.1.1.1"), v4("10.1.1.2"), 64)
        .udp(5000, 6000)
        .write(&mut whole, &payload)
        .unwrap();
    let body = &whole[20..]; // UDP header + data
    let mut frames = Vec::new();
    let chunks: Vec<&[u8]> = body.chunks(1480).collect();
    for (i, c) in chunks.iter().enumerate() {
        let mut h = whole[..20].to_vec();
        let total = (20 + c.len()) as u16;
        h[2..4].copy_from_slice(&total.to_be_bytes());
        h[4..6].copy_from_slice(&0x4242u16.to_be_bytes());
        let more = i + 1 < chunks.len();
        let off = (i * 1480 / 8) as u16 | if more { 0x2000 } else { 0 };
        h[6..8].copy_from_slice(&off.to_be_bytes());
        h.extend_from_slice(c);
        frames.push(Frame {
            ts_ns: i as i64,
            data: h,
        });
    }
    let bytes = pcap(Fmt::PcapLeMicro, 101, &frames);
    let (t, fault) = read_capture_bytes(&bytes).unwrap();
    assert_eq!(fault, None);
    assert_eq!(t.stats.fragments, 3);
    assert_eq!(t.stats.reassembled, 1);
    assert_eq!(t.len(), 1);
    let f = &t.flows()[0];
    assert_eq!((f.a_port, f.b_port, f.packets()), (5000, 6000, 1));
    assert_eq!(f.bytes(), frames[2].data.len() as u64);
}

#[test]
fn port_reuse_opens_a_new_conversation() {
    let frames: Vec<Frame> = [
        tcp("10.0.0.1", 40000, "10.0.0.2", 80, 100, "S", &[]),
        tcp("10.0.0.1", 40000, "10.0.0.2", 80, 100, "S", &[]), // retransmitted SYN
        tcp("10.0.0.1", 40000, "10.0.0.2", 80, 101, "FA", &[]),
        tcp("10.0.0.1", 40000, "10.0.0.2", 80, 9000, "S", &[]), // new connection
    ]
    .into_iter()
    .map(|data| Frame { ts_ns: 0, data })
    .collect();
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &frames)).unwrap();
    let streams: Vec<(u64, u64)> = t.flows().iter().map(|f| (f.stream, f.packets())).collect();
    assert_eq!(streams, vec![(0, 3), (1, 1)]);
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let p = std::env::temp_dir().join(format!("kojo-traffic-{}-{name}", std::process::id()));
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn several_files_gzip_and_flow_logs_in_one_run() {
    let cap = pcap(Fmt::PcapngLe, 1, &factory_frames());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&cap).unwrap();
    let gz = temp("cap.pcapng.gz", &gz.finish().unwrap());
    let zeek = temp(
        "conn.log",
        b"#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\n\
1700000000.5\tC1\t10.0.3.7\t51000\t10.0.2.10\t44818\ttcp\t-\t1.5\t10\t800\t9\t700\n\
1700000001.0\tC2\tnot-an-address\t1\t10.0.2.10\t502\ttcp\tmodbus\t-\t1\t60\t1\t60\n",
    );
    let json = temp(
        "conn.json",
        b"{\"ts\":\"2023-11-14T22:13:20.5Z\",\"id.orig_h\":\"10.0.3.8\",\"id.orig_p\":5000,\"id.resp_h\":\"10.0.2.10\",\"id.resp_p\":102,\"proto\":\"tcp\",\"service\":\"s7comm\",\"orig_pkts\":4,\"resp_pkts\":4}\n",
    );
    let csv = temp(
        "flows.csv",
        b"transport,src,src_port,dst,dst_port,packets_out,bytes_out\nudp,10.0.3.9,47808,10.0.2.11,47808,3,300\n",
    );
    let s = read_sources(&[&gz, &zeek, &json, &csv], ReadOptions::default()).unwrap();
    for p in [&gz, &zeek, &json, &csv] {
        let _ = std::fs::remove_file(p);
    }
    assert!(s.sources[0].gzip);
    assert_eq!(s.flows.len(), 2 + 1 + 1 + 1);
    // The bad Zeek line is reported with its line number; the good one is kept.
    assert_eq!(s.faults.len(), 1, "{:?}", s.faults);
    assert_eq!(s.faults[0].line, Some(4));
    assert!(s.faults[0].message.contains("not-an-address"));
    let by_port = |p: u16| s.flows.flows().iter().find(|f| f.b_port == p).unwrap();
    assert_eq!(by_port(44818).protocol, ProtocolId::EtherNetIp);
    assert_eq!(by_port(44818).packets(), 19);
    assert_eq!(by_port(102).protocol, ProtocolId::S7comm);
    assert_eq!(by_port(102).first_seen_ns, 1_700_000_000_500_000_000);
    assert_eq!(by_port(47808).bytes_ab, 300);
}

const MODEL: &str = r#"version: 1
factory:
  name: Test factory
zones:
  - id: office
    name: Office
    kind: information
  - id: control
    name: Control
    kind: control
assets:
  - id: hmi
    name: HMI
    kind: equipment
    role: hmi
    zone: office
    addresses: [10.0.1.0/24]
  - id: hmi-exact
    name: HMI exact
    kind: equipment
    role: hmi
    zone: office
    addresses: [10.0.1.5]
  - id: plc
    name: PLC
    kind: equipment
    role: plc
    zone: control
    addresses: [10.0.2.10]
  - id: historian
    name: Historian
    kind: equipment
    role: historian
    zone: control
    addresses: [10.0.2.20]
flows:
  - id: hmi-to-plc
    from: hmi-exact
    to: plc
    control: CONTROL
    protocol: modbus-tcp
  - id: historian-to-hmi
    from: historian
    to: hmi
    network: internal
"#;

fn model(control: bool) -> kojo_model::Model {
    load_model(&MODEL.replace("CONTROL", if control { "true" } else { "false" }))
}

fn load_model(text: &str) -> kojo_model::Model {
    match kojo_model::load_str(std::path::Path::new("factory.yaml"), text) {
        Ok(m) => m,
        Err(d) => panic!("test model does not load: {d:?}"),
    }
}

/// The Japanese texts of a finding hold no English written by kojo: what is left after the
/// model's ids, addresses, ports, protocol names and field names, and `code`, is Japanese.
fn assert_japanese(f: &kojo_findings::Finding) {
    let ja = f
        .i18n
        .get("ja")
        .unwrap_or_else(|| panic!("{} has no Japanese", f.id));
    let mut known: Vec<String> = f
        .subjects
        .iter()
        .filter_map(|s| s.split_once(':').map(|(_, id)| id.to_string()))
        .collect();
    for key in ["protocols", "declared_flows"] {
        if let Some(v) = f.facts.get(key).and_then(|v| v.as_array()) {
            known.extend(v.iter().filter_map(|x| x.as_str()).map(str::to_string));
        }
    }
    // The protocols' own service names stay as the protocols spell them.
    if let Some(v) = f.facts.get("operations").and_then(|v| v.as_array()) {
        for name in v.iter().filter_map(|o| o["name"].as_str()) {
            known.extend(name.split([' ', '/']).map(str::to_string));
        }
    }
    // Proper names of protocols, security modes and the tool.
    known.extend(["OPC", "UA", "SignAndEncrypt", "TLS", "S7comm-plus", "kojo"].map(String::from));
    for text in [&ja.title, &ja.detail, &ja.recommendation] {
        // Drop `code` spans.
        let plain: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        for word in plain.split(|c: char| !(c.is_ascii_alphanumeric() || "._/:-".contains(c))) {
            let english = word.chars().any(|c| c.is_ascii_alphabetic())
                && !word
                    .chars()
                    .any(|c| c.is_ascii_digit() || c == '.' || c == '/')
                && !known.iter().any(|k| k == word);
            assert!(
                !english,
                "{}: English {word:?} in the Japanese text {text:?}",
                f.kind
            );
        }
    }
}

/// The count of the operation with protocol code `code` in a finding's facts.
fn op_count(facts: &kojo_findings::KeyedList<serde_json::Value>, code: &str) -> u64 {
    facts["operations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|o| o["code"] == code)
        .map(|o| o["count"].as_u64().unwrap_or(0))
        .sum()
}

#[test]
fn findings_against_the_model() {
    let bytes = pcap(Fmt::PcapLeMicro, 1, &factory_frames());
    let (t, _) = read_capture_bytes(&bytes).unwrap();

    // Declared without `control: true`: the Modbus writes cross office → control.
    let f = check_against_model(&model(false), &t);
    let kinds: Vec<&str> = f.iter().map(|x| x.kind.as_str()).collect();
    let control = f
        .iter()
        .find(|x| x.kind == "traffic-control-crossing")
        .expect("crossing");
    // Longest prefix: 10.0.1.5 is hmi-exact, not the /24 of hmi.
    assert!(
        control.subjects.contains(&"asset:hmi-exact".to_string()),
        "{:?}",
        control.subjects
    );
    assert!(control.subjects.contains(&"zone:control".to_string()));
    assert_eq!(control.facts["operation_type"], "write");
    assert_eq!(op_count(&control.facts, "modbus.func_code=6"), 1);
    assert_eq!(op_count(&control.facts, "modbus.func_code=16"), 1);
    assert!(
        control.detail.contains("Modbus Write Single Register ×1"),
        "{}",
        control.detail
    );
    assert!(!kinds.contains(&"traffic-undeclared-flow"), "{kinds:?}");
    // The laptop at 10.0.1.99 is inside hmi's /24, so it is no unknown host; the DNS server
    // 10.0.1.1 is too. The historian flow was never seen.
    assert!(!kinds.contains(&"traffic-unknown-host"), "{kinds:?}");
    let not_seen = f
        .iter()
        .find(|x| x.kind == "traffic-flow-not-seen")
        .expect("not seen");
    assert_eq!(not_seen.subjects, vec!["flow:historian-to-hmi".to_string()]);
    assert_eq!(not_seen.severity, kojo_findings::Severity::Info);
    f.iter().for_each(assert_japanese);
    // Stable ids run after run.
    let again = check_against_model(&model(false), &t);
    assert_eq!(
        f.iter().map(|x| &x.id).collect::<Vec<_>>(),
        again.iter().map(|x| &x.id).collect::<Vec<_>>()
    );

    // With `control: true` there is nothing to say about the Modbus writes.
    let f = check_against_model(&model(true), &t);
    assert!(f.iter().all(|x| x.kind != "traffic-control-crossing"));

    // Traffic from an address outside every asset: unknown host and, to the PLC, no flow.
    // And a write from the office's /24 to the PLC, which no flow connects (the declared
    // flow starts at hmi-exact).
    let frames: Vec<Frame> = [
        tcp(
            "10.0.9.9",
            41000,
            "10.0.2.10",
            502,
            1,
            "PA",
            &modbus(1, 5, &[0, 1, 0xff, 0]),
        ),
        tcp(
            "10.0.1.7",
            41001,
            "10.0.2.10",
            502,
            1,
            "PA",
            &modbus(2, 6, &[0, 1, 0, 7]),
        ),
    ]
    .into_iter()
    .map(|data| Frame { ts_ns: 0, data })
    .collect();
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &frames)).unwrap();
    let f = check_against_model(&model(true), &t);
    let unknown = f
        .iter()
        .find(|x| x.kind == "traffic-unknown-host")
        .expect("unknown");
    let kinds: Vec<&str> = f.iter().map(|x| x.kind.as_str()).collect();
    for k in ["traffic-undeclared-flow", "traffic-control-crossing"] {
        assert!(kinds.contains(&k), "{k} missing: {kinds:?}");
    }
    f.iter().for_each(assert_japanese);
    assert_eq!(unknown.facts["address"], "10.0.9.9");
    assert_eq!(unknown.subjects, vec!["asset:plc".to_string()]);
    // It writes a coil of the PLC: an unknown host commanding a controller is critical.
    assert_eq!(unknown.severity, kojo_findings::Severity::Critical);
    assert_eq!(
        unknown.facts["operation_types"],
        serde_json::json!(["write"])
    );
    assert_eq!(op_count(&unknown.facts, "modbus.func_code=5"), 1);
    assert!(
        unknown.detail.contains("Modbus Write Single Coil"),
        "{}",
        unknown.detail
    );
}

/// A scan or an unlisted segment: past a hundred unknown hosts, the most severe are reported
/// one by one (the one commanding the PLC among them, though its address sorts last) and the
/// rest in one finding that counts them by subnet (issue 18: memory in proportion to input).
#[test]
fn many_unknown_hosts_keep_the_most_severe_and_sum_up_the_rest() {
    let mut frames: Vec<Vec<u8>> = (0..150u32)
        .map(|i| {
            let src = format!("10.7.{}.{}", i / 100, i % 100 + 1);
            tcp(&src, 40000, "10.9.9.9", 80, 1, "S", &[])
        })
        .collect();
    frames.push(tcp(
        "10.250.0.1",
        41000,
        "10.0.2.10",
        502,
        1,
        "PA",
        &modbus(1, 5, &[0, 1, 0xff, 0]),
    ));
    let frames: Vec<Frame> = frames
        .into_iter()
        .map(|data| Frame { ts_ns: 0, data })
        .collect();
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &frames)).unwrap();
    let f = check_against_model(&model(true), &t);
    let unknown: Vec<_> = f
        .iter()
        .filter(|x| x.kind == "traffic-unknown-host")
        .collect();
    assert_eq!(unknown.len(), 101, "100 one by one and one summary");
    let one_by_one: Vec<_> = unknown
        .iter()
        .filter(|x| x.facts.contains_key("address"))
        .collect();
    assert_eq!(one_by_one.len(), 100);
    let commander = one_by_one
        .iter()
        .find(|x| x.facts["address"] == "10.250.0.1")
        .expect("the host commanding the PLC is reported on its own");
    assert_eq!(commander.severity, kojo_findings::Severity::Critical);
    let summary = unknown
        .iter()
        .find(|x| !x.facts.contains_key("address"))
        .expect("summary");
    // The scanned address (unknown too) has the most packets of the rest: it is kept, and
    // the 52 scanning hosts with the highest addresses are summed up.
    assert!(one_by_one.iter().any(|x| x.facts["address"] == "10.9.9.9"));
    assert_eq!(summary.facts["hosts"], 52);
    assert_eq!(
        summary.facts["subnets"],
        serde_json::json!([{"subnet": "10.7.1.0/24", "hosts": 50}, {"subnet": "10.7.0.0/24", "hosts": 2}])
    );
    assert!(
        summary.title.starts_with("52 more unknown hosts"),
        "{}",
        summary.title
    );
    assert!(
        summary.detail.contains("10.7.1.0/24 (50)"),
        "{}",
        summary.detail
    );
    assert_japanese(summary);
    // Deterministic: the same traffic gives the same findings.
    assert_eq!(check_against_model(&model(true), &t), f);
}

#[test]
fn discover_drafts_a_fragment_that_loads_as_a_model() {
    let bytes = pcap(Fmt::PcapLeMicro, 1, &factory_frames());
    let (t, _) = read_capture_bytes(&bytes).unwrap();
    let yaml = discover(&t);
    assert!(yaml.contains("id: host-10-0-2-10\n"), "{yaml}");
    assert!(yaml.contains("role: plc"), "{yaml}");
    assert!(yaml.contains("role: hmi"), "{yaml}");
    assert!(yaml.contains("control: true"), "{yaml}");
    assert!(yaml.contains("protocol: modbus-tcp"), "{yaml}");
    let text = format!("version: 1\nfactory:\n  name: Drafted\n{yaml}");
    if let Err(d) = kojo_model::load_str(std::path::Path::new("draft.yaml"), &text) {
        panic!("the draft does not load: {d:?}\n{text}");
    }
}

/// A deterministic stand-in for the fuzz target in every test run: bit flips, byte
/// overwrites and truncations of a valid capture, and random frames of every link type.
#[test]
fn mutated_captures_and_random_frames_never_panic() {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for fmt in [Fmt::PcapLeMicro, Fmt::PcapngBeNano] {
        let base = pcap(fmt, 1, &factory_frames());
        for _ in 0..1500 {
            let mut m = base.clone();
            for _ in 0..(rnd() % 8 + 1) {
                let i = (rnd() as usize) % m.len();
                m[i] = rnd() as u8;
            }
            if rnd() % 4 == 0 {
                m.truncate((rnd() as usize) % m.len());
            }
            if let Ok((t, _)) = read_capture_bytes(&m) {
                let _ = discover(&t);
            }
        }
    }
    let mut table = kojo_traffic::FlowTable::new();
    for lt in [0, 1, 12, 14, 101, 108, 113, 228, 229, 276] {
        for _ in 0..500 {
            let n = (rnd() % 120) as usize;
            let mut data: Vec<u8> = (0..n).map(|_| rnd() as u8).collect();
            // Make IP likely: an IPv4/IPv6 version nibble where the link header ends.
            for at in [0usize, 4, 14, 16, 20] {
                let coin = rnd();
                if let Some(b) = data.get_mut(at)
                    && coin % 2 == 0
                {
                    *b = if coin % 4 == 0 { 0x45 } else { 0x60 };
                }
            }
            kojo_traffic::add_packet(
                &mut table,
                &kojo_traffic::capture::RawPacket {
                    linktype: lt,
                    ts_ns: 0,
                    data: &data,
                    orig_len: n as u32,
                },
            );
        }
    }
    assert_eq!(table.stats.packets, 5000);
}

// ---- Operations of ICS stacks: containers, multi-item requests, types, findings ----

/// A TCP session from `client` to `server:port`: handshake, then each payload in order.
fn session(client: &str, server: &str, port: u16, payloads: &[Vec<u8>]) -> Vec<Frame> {
    let (mut sc, mut ss) = (100u32, 9000u32);
    let mut v = vec![
        tcp(client, 41500, server, port, sc, "S", &[]),
        tcp(server, port, client, 41500, ss, "SA", &[]),
    ];
    sc += 1;
    ss += 1;
    for p in payloads {
        v.push(tcp(client, 41500, server, port, sc, "PA", p));
        sc += p.len() as u32;
        v.push(tcp(server, port, client, 41500, ss, "A", &[]));
    }
    v.into_iter()
        .enumerate()
        .map(|(i, data)| Frame {
            ts_ns: 1_700_000_000_000_000_000 + i as i64 * 1000,
            data,
        })
        .collect()
}

/// A CIP request: service, path, request data.
fn cip(sc: u8, path: &[u8], data: &[u8]) -> Vec<u8> {
    let mut v = vec![sc, (path.len() / 2) as u8];
    v.extend_from_slice(path);
    v.extend_from_slice(data);
    v
}

/// A symbolic (ANSI extended) tag path, padded to a word.
fn tag(name: &str) -> Vec<u8> {
    let mut v = vec![0x91, name.len() as u8];
    v.extend_from_slice(name.as_bytes());
    if v.len() % 2 == 1 {
        v.push(0);
    }
    v
}

/// Multiple Service Packet to the Message Router holding `parts`.
fn msp(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut data = (parts.len() as u16).to_le_bytes().to_vec();
    let mut off = 2 + 2 * parts.len();
    for p in parts {
        data.extend_from_slice(&(off as u16).to_le_bytes());
        off += p.len();
    }
    for p in parts {
        data.extend_from_slice(p);
    }
    cip(0x0a, &[0x20, 0x02, 0x24, 0x01], &data)
}

/// Unconnected Send to the Connection Manager wrapping `inner`, routed to backplane slot 0.
fn unconnected_send(inner: &[u8]) -> Vec<u8> {
    let mut data = vec![0x0a, 0x05];
    data.extend_from_slice(&(inner.len() as u16).to_le_bytes());
    data.extend_from_slice(inner);
    if inner.len() % 2 == 1 {
        data.push(0);
    }
    data.extend_from_slice(&[1, 0, 1, 0]);
    cip(0x52, &[0x20, 0x06, 0x24, 0x01], &data)
}

/// EtherNet/IP Send RR Data carrying one unconnected CIP message.
fn enip_rr(cip_msg: &[u8]) -> Vec<u8> {
    let mut items = vec![0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0xb2, 0];
    items.extend_from_slice(&(cip_msg.len() as u16).to_le_bytes());
    items.extend_from_slice(cip_msg);
    let mut v = vec![0x6f, 0];
    v.extend_from_slice(&(items.len() as u16).to_le_bytes());
    v.extend_from_slice(&[1, 0, 0, 0]); // session handle
    v.extend_from_slice(&[0; 4 + 8 + 4]); // status, context, options
    v.extend_from_slice(&items);
    v
}

/// EtherNet/IP Send Unit Data carrying one connected CIP message (sequence count first).
fn enip_unit(cip_msg: &[u8]) -> Vec<u8> {
    let mut items = vec![0, 0, 0, 0, 0, 0, 2, 0, 0xa1, 0, 4, 0, 9, 9, 9, 9, 0xb1, 0];
    items.extend_from_slice(&((cip_msg.len() + 2) as u16).to_le_bytes());
    items.extend_from_slice(&[7, 0]);
    items.extend_from_slice(cip_msg);
    let mut v = vec![0x70, 0];
    v.extend_from_slice(&(items.len() as u16).to_le_bytes());
    v.extend_from_slice(&[1, 0, 0, 0]);
    v.extend_from_slice(&[0; 16]);
    v.extend_from_slice(&items);
    v
}

type OpKey = (&'static str, u32, Option<Operation>, u32);

fn ops_of(proto: ProtocolId, payload: &[u8]) -> Vec<OpKey> {
    let mut v = Vec::new();
    kojo_traffic::proto::operations(proto, true, true, payload, &mut |o| {
        // The encapsulation command is counted once per message, carrying no type.
        if o.field != "enip.command" {
            v.push((o.field, o.value, o.class, o.n))
        }
    });
    v.sort();
    v
}

fn write_tag(name: &str) -> Vec<u8> {
    cip(0x4d, &tag(name), &[0xc4, 0, 1, 0, 42, 0, 0, 0])
}
fn read_tag(name: &str) -> Vec<u8> {
    cip(0x4c, &tag(name), &[1, 0])
}

#[test]
fn cip_containers_are_their_parts() {
    let w = ops_of(
        ProtocolId::EtherNetIp,
        &enip_rr(&msp(&[write_tag("Speed"), write_tag("Mode")])),
    );
    assert_eq!(
        w,
        vec![
            ("cip.sc", 0x4d, Some(Operation::Write), 1),
            ("cip.sc", 0x4d, Some(Operation::Write), 1)
        ]
    );
    let r = ops_of(
        ProtocolId::EtherNetIp,
        &enip_rr(&msp(&[read_tag("A"), read_tag("B")])),
    );
    assert!(
        r.iter().all(|o| o.2 == Some(Operation::Read)) && r.len() == 2,
        "{r:?}"
    );
    // Unconnected Send holding Unconnected Send holding a Stop: one control, nothing else.
    let stop = cip(0x07, &[0x20, 0x01, 0x24, 0x01], &[]);
    let nested = unconnected_send(&unconnected_send(&stop));
    assert_eq!(
        ops_of(ProtocolId::EtherNetIp, &enip_rr(&nested)),
        vec![("cip.sc", 7, Some(Operation::Control), 1)]
    );
    // Connected (Send Unit Data) messages are read the same way.
    assert_eq!(
        ops_of(ProtocolId::EtherNetIp, &enip_unit(&msp(&[write_tag("X")]))),
        vec![("cip.sc", 0x4d, Some(Operation::Write), 1)]
    );
    // Forward Open to the Connection Manager is housekeeping.
    assert_eq!(
        ops_of(
            ProtocolId::EtherNetIp,
            &enip_rr(&cip(0x54, &[0x20, 0x06, 0x24, 0x01], &[0; 36]))
        ),
        vec![("cip.cm.sc", 0x54, Some(Operation::Management), 1)]
    );
}

#[test]
fn property_the_types_of_a_container_are_the_types_of_its_parts() {
    let services: [Vec<u8>; 7] = [
        write_tag("T1"),
        read_tag("T2"),
        cip(0x10, &[0x20, 0x04, 0x24, 0x01, 0x30, 0x03], &[5, 0]),
        cip(0x0e, &[0x20, 0x01, 0x24, 0x01, 0x30, 0x01], &[]),
        cip(0x05, &[0x20, 0x01, 0x24, 0x01], &[]),
        cip(0x53, &tag("Big"), &[0xc4, 0, 2, 0, 0, 0, 0, 0, 1, 2, 3, 4]),
        cip(0x06, &[0x20, 0x01, 0x24, 0x01], &[]),
    ];
    let mut x = 0x9e37_79b9u32;
    let mut next = |n: u32| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x % n
    };
    for _ in 0..300 {
        // A random tree: MSPs and Unconnected Sends around the services, up to 3 deep.
        fn build(
            depth: u32,
            next: &mut dyn FnMut(u32) -> u32,
            s: &[Vec<u8>],
        ) -> (Vec<u8>, Vec<Vec<u8>>) {
            match if depth == 0 { 0 } else { next(3) } {
                0 => {
                    let p = s[next(s.len() as u32) as usize].clone();
                    (p.clone(), vec![p])
                }
                1 => {
                    let (inner, parts) = build(depth - 1, next, s);
                    (unconnected_send(&inner), parts)
                }
                _ => {
                    let k = 1 + next(4);
                    let (mut msgs, mut parts) = (Vec::new(), Vec::new());
                    for _ in 0..k {
                        let (m, p) = build(depth - 1, next, s);
                        msgs.push(m);
                        parts.extend(p);
                    }
                    (msp(&msgs), parts)
                }
            }
        }
        let (container, parts) = build(3, &mut next, &services);
        let whole = ops_of(ProtocolId::EtherNetIp, &enip_rr(&container));
        let mut each: Vec<OpKey> = parts
            .iter()
            .flat_map(|p| ops_of(ProtocolId::EtherNetIp, &enip_rr(p)))
            .collect();
        each.sort();
        assert_eq!(whole, each);
    }
}

/// An S7comm job (TPKT, COTP DT, S7 header) with the parameter `par`.
fn s7_job(par: &[u8]) -> Vec<u8> {
    let mut s7 = vec![0x32, 1, 0, 0, 0, 1];
    s7.extend_from_slice(&(par.len() as u16).to_be_bytes());
    s7.extend_from_slice(&[0, 0]);
    s7.extend_from_slice(par);
    let mut v = vec![3, 0];
    v.extend_from_slice(&((7 + s7.len()) as u16).to_be_bytes());
    v.extend_from_slice(&[2, 0xf0, 0x80]);
    v.extend_from_slice(&s7);
    v
}

fn s7_write_var(items: u8) -> Vec<u8> {
    let mut par = vec![0x05, items];
    for _ in 0..items {
        par.extend_from_slice(&[0x12, 0x0a, 0x10, 2, 0, 2, 0, 1, 0x84, 0, 0, 0]);
    }
    s7_job(&par)
}

fn s7_stop() -> Vec<u8> {
    let mut par = vec![0x29, 0, 0, 0, 0, 0, 9];
    par.extend_from_slice(b"P_PROGRAM");
    s7_job(&par)
}

/// An OPC UA MSG chunk (final) carrying the request `id` with `body` after a minimal
/// request header.
fn opcua_msg(id: u16, body: &[u8]) -> Vec<u8> {
    let mut m = b"MSGF".to_vec();
    m.extend_from_slice(&[0; 4]); // size, set below
    m.extend_from_slice(&[1, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 9, 0, 0, 0]);
    m.extend_from_slice(&[1, 0]);
    m.extend_from_slice(&id.to_le_bytes());
    m.extend_from_slice(&[0, 0]); // authentication token (two-byte node id 0)
    m.extend_from_slice(&[0; 8 + 4 + 4]); // timestamp, handle, diagnostics
    m.extend_from_slice(&(-1i32).to_le_bytes()); // audit entry id
    m.extend_from_slice(&[0; 4]); // timeout hint
    m.extend_from_slice(&[0, 0, 0]); // additional header: null node id, no body
    m.extend_from_slice(body);
    let n = (m.len() as u32).to_le_bytes();
    m[4..8].copy_from_slice(&n);
    m
}

#[test]
fn multi_item_requests_count_each_item() {
    // A 3-node OPC UA Write is 3 writes.
    let mut body = 3i32.to_le_bytes().to_vec();
    body.extend_from_slice(&[0x55; 60]);
    assert_eq!(
        ops_of(ProtocolId::OpcUa, &opcua_msg(673, &body)),
        vec![(
            "opcua.servicenodeid.numeric",
            673,
            Some(Operation::Write),
            3
        )]
    );
    // A count the message cannot hold is one operation, not 2^31.
    let huge = i32::MAX.to_le_bytes();
    assert_eq!(ops_of(ProtocolId::OpcUa, &opcua_msg(673, &huge))[0].3, 1);
    // S7 Write Var with 4 items is 4 writes; PLC Stop is control.
    assert_eq!(
        ops_of(ProtocolId::S7comm, &s7_write_var(4)),
        vec![("s7comm.param.func", 5, Some(Operation::Write), 4)]
    );
    assert_eq!(
        ops_of(ProtocolId::S7comm, &s7_stop()),
        vec![("s7comm.param.func", 0x29, Some(Operation::Control), 1)]
    );
    assert_eq!(
        kojo_traffic::proto::service_name("s7comm.param.func", 5),
        "S7 Write Var"
    );
    assert_eq!(
        kojo_traffic::proto::service_name("cip.sc", 0x4d),
        "CIP Write Tag"
    );
    assert_eq!(
        kojo_traffic::proto::service_name("opcua.servicenodeid.numeric", 712),
        "OPC UA Call"
    );
}

#[test]
fn every_opc_ua_response_id_is_a_response() {
    use kojo_traffic::proto::{OPCUA_SERVICES, opcua_is_response};
    for s in OPCUA_SERVICES {
        // The rule of the id table: type, XML and binary encodings of the request, then
        // the response's (the two 1.04 discovery services were allocated one apart).
        if !s.name.contains("On Network") && !s.name.contains("Server 2") {
            assert_eq!(s.response, s.request + 3, "{}", s.name);
        }
        assert_eq!(opcua_is_response(s.request), Some(false), "{}", s.name);
        assert_eq!(opcua_is_response(s.response), Some(true), "{}", s.name);
        // Sent by the server, a response is counted without a type of its own.
        let mut seen = Vec::new();
        kojo_traffic::proto::operations(
            ProtocolId::OpcUa,
            true,
            false,
            &opcua_msg(s.response as u16, &[]),
            &mut |o| seen.push(o),
        );
        assert_eq!(seen.len(), 1, "{}", s.name);
        assert!(
            !seen[0].request && seen[0].class.is_none(),
            "{}: {:?}",
            s.name,
            seen[0]
        );
    }
    assert_eq!(opcua_is_response(397), Some(true), "ServiceFault");
    // The ids the issue saw counted as requests: every one a response.
    for id in [397, 431, 476, 491, 503, 557, 563, 667, 754, 850] {
        assert_eq!(opcua_is_response(id), Some(true), "{id}");
    }
}

const S7_MODEL: &str = r#"version: 1
factory:
  name: Line
zones:
  - id: office
    name: Office
    kind: production
  - id: control
    name: Control
    kind: control
assets:
  - id: eng
    name: Engineering PC
    kind: equipment
    role: engineering-station
    zone: office
    addresses: [10.0.1.5]
  - id: plc
    name: PLC
    kind: equipment
    role: plc
    zone: control
    addresses: [10.0.2.10]
  - id: ua-server
    name: OPC UA server
    kind: equipment
    role: server
    zone: control
    addresses: [10.0.2.30]
flows:
  - id: eng-to-plc
    from: eng
    to: plc
    protocol: s7comm
DECISIONS"#;

fn s7_model(decisions: &str) -> kojo_model::Model {
    load_model(&S7_MODEL.replace("DECISIONS", decisions))
}

#[test]
fn a_decision_on_writes_does_not_cover_a_later_stop() {
    let (eng, plc) = ("10.0.1.5", "10.0.2.10");
    let first = session(eng, plc, 102, &[s7_write_var(2)]);
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &first)).unwrap();
    let f = check_against_model(&s7_model(""), &t);
    let crossings: Vec<_> = f
        .iter()
        .filter(|x| x.kind == "traffic-control-crossing")
        .collect();
    assert_eq!(crossings.len(), 1, "{f:#?}");
    let writes = crossings[0];
    assert_eq!(writes.facts["operation_type"], "write");
    assert!(
        writes.title.starts_with("Write commands"),
        "{}",
        writes.title
    );
    assert_eq!(writes.severity, kojo_findings::Severity::High);

    // The writes are accepted; a later capture also holds a PLC STOP.
    let decided = s7_model(&format!(
        "decisions:\n  - finding: {}\n    status: accepted\n    reason: tuning during commissioning\n    date: 2026-01-01\n",
        writes.id
    ));
    let later = session(eng, plc, 102, &[s7_write_var(1), s7_stop()]);
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &later)).unwrap();
    let mut f = check_against_model(&decided, &t);
    kojo_traffic::report::apply_decisions(
        &decided,
        &mut f,
        kojo_model::Date::parse("2026-06-01").unwrap(),
    );
    let crossings: Vec<_> = f
        .iter()
        .filter(|x| x.kind == "traffic-control-crossing")
        .collect();
    assert_eq!(crossings.len(), 2, "{f:#?}");
    let w = crossings
        .iter()
        .find(|x| x.facts["operation_type"] == "write")
        .unwrap();
    let c = crossings
        .iter()
        .find(|x| x.facts["operation_type"] == "control")
        .unwrap();
    assert_eq!(w.id, writes.id);
    assert!(w.decision.is_some());
    assert!(c.decision.is_none(), "the STOP is a new finding");
    assert_eq!(c.severity, kojo_findings::Severity::Critical);
    assert!(c.detail.contains("S7 PLC Stop ×1"), "{}", c.detail);
    assert_eq!(op_count(&c.facts, "s7comm.param.func=41"), 1);
    f.iter().for_each(assert_japanese);
    let a = kojo_traffic::report::to_assessment(&decided, f);
    assert!(a.fails_at(kojo_findings::Severity::Critical));
}

#[test]
fn an_unknown_host_writing_cip_tags_is_critical_and_drafted_with_its_types() {
    // pycomm3 writes two tags in one call: one Multiple Service Packet.
    let frames = session(
        "10.0.9.9",
        "10.0.2.10",
        44818,
        &[enip_rr(&unconnected_send(&msp(&[
            write_tag("Speed"),
            write_tag("Mode"),
        ])))],
    );
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &frames)).unwrap();
    let f = check_against_model(&s7_model(""), &t);
    let u = f
        .iter()
        .find(|x| x.kind == "traffic-unknown-host")
        .expect("unknown host");
    assert_eq!(u.severity, kojo_findings::Severity::Critical);
    assert_eq!(op_count(&u.facts, "cip.sc=77"), 2);
    assert!(u.detail.contains("CIP Write Tag ×2"), "{}", u.detail);
    assert_japanese(u);
    let yaml = discover(&t);
    assert!(
        yaml.contains("control: true   # commands seen: write"),
        "{yaml}"
    );
    assert!(yaml.contains("# sends to controllers: write"), "{yaml}");
    assert!(yaml.contains("CIP Write Tag ×2"), "{yaml}");
}

#[test]
fn an_encrypted_opc_ua_session_between_zones_is_opaque() {
    // SignAndEncrypt: after the OPN, MSG bodies are ciphertext.
    let mut msgs = Vec::new();
    let mut x = 7u32;
    for _ in 0..3 {
        let mut m = b"MSGF".to_vec();
        m.extend_from_slice(&120u32.to_le_bytes());
        m.extend_from_slice(&[1, 0, 0, 0, 1, 0, 0, 0]);
        m.extend((0..104).map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8 | 0x40 // never a valid node id encoding byte
        }));
        msgs.push(m);
    }
    let frames = session("10.0.1.5", "10.0.2.30", 4840, &msgs);
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &frames)).unwrap();
    assert_eq!(t.flows()[0].protocol, ProtocolId::OpcUa);
    let f = check_against_model(&s7_model(""), &t);
    let o = f
        .iter()
        .find(|x| x.kind == "traffic-opaque")
        .expect("opaque");
    assert_eq!(o.severity, kojo_findings::Severity::Info);
    assert!(o.detail.contains("SignAndEncrypt"), "{}", o.detail);
    assert!(o.recommendation.contains("audit log"));
    assert!(o.recommendation.contains("control: true"));
    assert_japanese(o);
    // A readable session (security None) is not opaque.
    let mut body = 1i32.to_le_bytes().to_vec();
    body.extend_from_slice(&[0; 20]);
    let frames = session("10.0.1.5", "10.0.2.30", 4840, &[opcua_msg(631, &body)]);
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &frames)).unwrap();
    let f = check_against_model(&s7_model(""), &t);
    assert!(f.iter().all(|x| x.kind != "traffic-opaque"), "{f:#?}");
}

#[test]
fn one_protocol_name_in_every_output() {
    let frames = session("10.0.1.5", "10.0.2.10", 44818, &[enip_rr(&read_tag("A"))]);
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &frames)).unwrap();
    let json = serde_json::to_string(t.flows()).unwrap();
    assert!(json.contains("\"protocol\":\"ethernet-ip\""), "{json}");
    assert!(!json.contains("ether-net-ip"));
    assert!(kojo_traffic::report::conversations_csv(t.flows()).contains(",ethernet-ip,"));
}

// ---- pcapng blocks (issue #18) ----

/// A little-endian pcapng block of `ty` with `body` (padded).
fn ng_block(ty: u32, body: &[u8]) -> Vec<u8> {
    let pad = (4 - body.len() % 4) % 4;
    let len = (12 + body.len() + pad) as u32;
    let mut v = ty.to_le_bytes().to_vec();
    v.extend_from_slice(&len.to_le_bytes());
    v.extend_from_slice(body);
    v.extend(std::iter::repeat_n(0u8, pad));
    v.extend_from_slice(&len.to_le_bytes());
    v
}

/// The section and interface header of `pcap(Fmt::PcapngLe, 1, …)`: 28 + 20 bytes.
const NG_HEAD: usize = 48;

#[test]
fn pcapng_local_use_and_unknown_blocks_are_skipped_and_obsolete_packet_blocks_read() {
    let frames = factory_frames();
    let plain = pcap(Fmt::PcapngLe, 1, &frames);
    let (want, fault) = read_capture_bytes(&plain).unwrap();
    assert_eq!(fault, None);
    // A local-use block (bit 31) and an unknown standard type before the packets.
    let mut v = plain[..NG_HEAD].to_vec();
    v.extend(ng_block(0x8000_0001, b"vendor data!"));
    v.extend(ng_block(0x0000_0bad_u32.wrapping_add(0x100), &[1, 2, 3]));
    v.extend_from_slice(&plain[NG_HEAD..]);
    let (t, fault) = read_capture_bytes(&v).unwrap();
    assert_eq!(fault, None);
    assert_eq!(t.stats.packets, want.stats.packets);
    assert_eq!(t.flows(), want.flows());
    // The same packets as obsolete Packet Blocks (type 2).
    let mut v = plain[..NG_HEAD].to_vec();
    for f in &frames {
        let units = f.ts_ns as u64 / 1000;
        let mut body = vec![0, 0, 0, 0]; // interface 0, drops 0
        body.extend_from_slice(&((units >> 32) as u32).to_le_bytes());
        body.extend_from_slice(&(units as u32).to_le_bytes());
        body.extend_from_slice(&(f.data.len() as u32).to_le_bytes());
        body.extend_from_slice(&(f.data.len() as u32).to_le_bytes());
        body.extend_from_slice(&f.data);
        v.extend(ng_block(2, &body));
    }
    let (t, fault) = read_capture_bytes(&v).unwrap();
    assert_eq!(fault, None);
    assert_eq!(t.flows(), want.flows());
    assert_eq!(t.stats, want.stats);
}

#[test]
fn a_corrupt_pcapng_block_is_corrupt_not_truncated() {
    let plain = pcap(Fmt::PcapngLe, 1, &factory_frames());
    // The trailing length of the first packet block disagrees with its leading one.
    let first_len = u32::from_le_bytes(plain[NG_HEAD + 4..NG_HEAD + 8].try_into().unwrap());
    let mut v = plain.clone();
    let end = NG_HEAD + first_len as usize;
    v[end - 4..end].copy_from_slice(&(first_len + 4).to_le_bytes());
    let (t, fault) = read_capture_bytes(&v).unwrap();
    let fault = fault.expect("a fault");
    assert_eq!(fault.offset, NG_HEAD as u64);
    assert!(fault.message.contains("corrupt"), "{fault:?}");
    assert!(!fault.message.contains("truncated"), "{fault:?}");
    assert_eq!(t.stats.packets, 0);
    // A block length that is not a multiple of 4.
    let mut v = plain.clone();
    v[NG_HEAD + 4..NG_HEAD + 8].copy_from_slice(&(first_len - 1).to_le_bytes());
    let (_, fault) = read_capture_bytes(&v).unwrap();
    let fault = fault.expect("a fault");
    assert!(
        fault.message.contains("corrupt") && !fault.message.contains("truncated"),
        "{fault:?}"
    );
}

// ---- Zeek and ICSNPP ICS logs give the findings of their capture ----

/// (kind, id, severity, operation type, operations by code) of each finding.
fn finding_keys(f: &[kojo_findings::Finding]) -> Vec<(String, String, String, String, String)> {
    let mut v: Vec<_> = f
        .iter()
        .map(|x| {
            let ops = x.facts.get("operations").map(|o| {
                let mut codes: Vec<String> = o
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|o| format!("{}×{}", o["code"], o["count"]))
                    .collect();
                codes.sort();
                codes.join(",")
            });
            (
                x.kind.to_string(),
                x.id.clone(),
                x.severity.as_str().to_string(),
                x.facts
                    .get("operation_type")
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
                ops.unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn zeek_and_icsnpp_logs_give_the_findings_of_their_capture() {
    // The capture: an engineering PC writes and stops the PLC over S7comm, an unknown host
    // writes two CIP tags in one Multiple Service Packet, the PC reads Modbus registers.
    let mut frames = session("10.0.1.5", "10.0.2.10", 102, &[s7_write_var(1), s7_stop()]);
    frames.extend(session(
        "10.0.9.9",
        "10.0.2.10",
        44818,
        &[enip_rr(&msp(&[write_tag("Speed"), write_tag("Mode")]))],
    ));
    frames.extend(session(
        "10.0.1.5",
        "10.0.2.10",
        502,
        &[modbus(1, 3, &[0, 1, 0, 2])],
    ));
    let (t, _) = read_capture_bytes(&pcap(Fmt::PcapLeMicro, 1, &frames)).unwrap();
    let model = s7_model("");
    let from_capture = check_against_model(&model, &t);

    // The same conversations as Zeek would log them.
    let conn = "#separator \\x09\n#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\n\
        1700000000.0\tCs7\t10.0.1.5\t41500\t10.0.2.10\t102\ttcp\t-\t0.1\t4\t300\t3\t150\n\
        1700000000.0\tCenip\t10.0.9.9\t41500\t10.0.2.10\t44818\ttcp\t-\t0.1\t3\t300\t2\t100\n\
        1700000000.0\tCmb\t10.0.1.5\t41500\t10.0.2.10\t502\ttcp\tmodbus\t0.1\t3\t200\t2\t100\n";
    // icsnpp-s7comm s7comm.log (TSV): a Write Var job and a PLC Stop job, with acks.
    let s7 = "#separator \\x09\n#path\ts7comm\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tis_orig\tsource_h\tsource_p\tdestination_h\tdestination_p\trosctr_code\trosctr_name\tpdu_reference\tfunction_code\tfunction_name\tsubfunction_code\tsubfunction_name\terror_class\terror_code\n\
        1700000000.1\tCs7\t10.0.1.5\t41500\t10.0.2.10\t102\tT\t10.0.1.5\t41500\t10.0.2.10\t102\t1\tJob\t1\t0x05\tWrite Var\t-\t-\t-\t-\n\
        1700000000.2\tCs7\t10.0.1.5\t41500\t10.0.2.10\t102\tF\t10.0.2.10\t102\t10.0.1.5\t41500\t3\tAck_Data\t1\t0x05\tWrite Var\t-\t-\t-\t-\n\
        1700000000.3\tCs7\t10.0.1.5\t41500\t10.0.2.10\t102\tT\t10.0.1.5\t41500\t10.0.2.10\t102\t1\tJob\t2\t0x29\tPLC Stop\t-\t-\t-\t-\n";
    // icsnpp-enip cip.log (JSON lines): the Multiple Service Packet and its two parts.
    let cip = "{\"ts\":1700000000.1,\"uid\":\"Cenip\",\"id.orig_h\":\"10.0.9.9\",\"id.orig_p\":41500,\"id.resp_h\":\"10.0.2.10\",\"id.resp_p\":44818,\"is_orig\":true,\"direction\":\"request\",\"cip_service_code\":\"0x0a\",\"cip_service\":\"Multiple Service Packet\",\"class_id\":\"0x02\"}\n\
        {\"ts\":1700000000.1,\"uid\":\"Cenip\",\"id.orig_h\":\"10.0.9.9\",\"id.orig_p\":41500,\"id.resp_h\":\"10.0.2.10\",\"id.resp_p\":44818,\"is_orig\":true,\"direction\":\"request\",\"cip_service_code\":\"0x4d\",\"cip_service\":\"Write Tag\"}\n\
        {\"ts\":1700000000.1,\"uid\":\"Cenip\",\"id.orig_h\":\"10.0.9.9\",\"id.orig_p\":41500,\"id.resp_h\":\"10.0.2.10\",\"id.resp_p\":44818,\"is_orig\":true,\"direction\":\"request\",\"cip_service_code\":\"0x4d\",\"cip_service\":\"Write Tag\"}\n";
    // Zeek modbus.log.
    let mb = "#separator \\x09\n#path\tmodbus\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttid\tunit\tfunc\tpdu_type\texception\n\
        1700000000.1\tCmb\t10.0.1.5\t41500\t10.0.2.10\t502\t1\t1\tREAD_HOLDING_REGISTERS\treq\t-\n\
        1700000000.2\tCmb\t10.0.1.5\t41500\t10.0.2.10\t502\t1\t1\tREAD_HOLDING_REGISTERS\tresp\t-\n";
    // ICS logs before and after conn.log: the join is by uid either way.
    for order in [[0, 1, 2, 3], [1, 2, 3, 0]] {
        let files = [
            temp("conn.log", conn.as_bytes()),
            temp("s7comm.log", s7.as_bytes()),
            temp("cip.log", cip.as_bytes()),
            temp("modbus.log", mb.as_bytes()),
        ];
        let paths: Vec<&PathBuf> = order.iter().map(|&i| &files[i]).collect();
        let s = read_sources(&paths, ReadOptions::default()).unwrap();
        assert!(s.faults.is_empty(), "{:?}", s.faults);
        assert_eq!(s.flows.len(), 3, "{order:?}");
        let from_logs = check_against_model(&model, &s.flows);
        assert_eq!(
            finding_keys(&from_logs),
            finding_keys(&from_capture),
            "{order:?}"
        );
    }
    let kinds: Vec<_> = from_capture.iter().map(|f| f.kind.as_str()).collect();
    assert!(kinds.contains(&"traffic-control-crossing"), "{kinds:?}");
    assert!(kinds.contains(&"traffic-unknown-host"), "{kinds:?}");
}
