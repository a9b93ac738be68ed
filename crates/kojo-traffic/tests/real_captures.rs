//! The real captures of the shared test data against tshark's ground truth (MANIFEST.md):
//! every TCP/UDP conversation (ends, frames and bytes each way, tshark's stream index),
//! Modbus function-code counts, and the protocol identified per conversation.

use kojo_traffic::{Dir, FlowTable, ProtocolId, ReadOptions, Transport, read_sources};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

fn pcap_dir() -> Option<PathBuf> {
    let shared = std::env::var_os("KOJO_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("testdata/pcap");
    if dir.join("MANIFEST.md").is_file() {
        Some(dir)
    } else {
        println!("skipped: shared test data not found at {}", dir.display());
        None
    }
}

fn captures(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut subdirs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    subdirs.sort();
    for d in subdirs.into_iter().filter(|p| p.is_dir()) {
        let mut files: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".pcap") || name.ends_with(".pcapng") {
                out.push(f);
            }
        }
    }
    out
}

fn sidecar(capture: &Path, ext: &str) -> PathBuf {
    let mut s = capture.as_os_str().to_owned();
    s.push(ext);
    PathBuf::from(s)
}

/// Every capture is read once for all tests of this file (they run in parallel).
fn read(capture: &Path) -> FlowTable {
    static CACHE: OnceLock<Mutex<BTreeMap<PathBuf, Arc<OnceLock<FlowTable>>>>> = OnceLock::new();
    let slot = {
        let mut m = CACHE.get_or_init(Default::default).lock().unwrap();
        m.entry(capture.to_owned()).or_default().clone()
    };
    slot.get_or_init(|| {
        let s = read_sources(&[capture], ReadOptions::default()).unwrap();
        assert!(s.faults.is_empty(), "{}: {:?}", capture.display(), s.faults);
        s.flows
    })
    .clone()
}

fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .zip(rec.iter())
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

#[test]
fn conversations_match_tshark() {
    let Some(dir) = pcap_dir() else { return };
    let mut problems = Vec::new();
    let mut checked = 0;
    for cap in captures(&dir) {
        let table = read(&cap);
        let mine: BTreeMap<(String, u64), String> = table
            .flows()
            .iter()
            .filter(|f| matches!(f.transport, Transport::Tcp | Transport::Udp))
            .map(|f| {
                (
                    (f.transport.as_str(), f.stream),
                    format!(
                        "{},{},{},{},{},{},{},{}",
                        f.a,
                        f.a_port,
                        f.b,
                        f.b_port,
                        f.packets_ab,
                        f.bytes_ab,
                        f.packets_ba,
                        f.bytes_ba
                    ),
                )
            })
            .collect();
        let truth: BTreeMap<(String, u64), String> = csv_rows(&sidecar(&cap, ".conv.csv"))
            .into_iter()
            .map(|r| {
                (
                    (r["proto"].clone(), r["stream"].parse().unwrap()),
                    format!(
                        "{},{},{},{},{},{},{},{}",
                        r["addr_a"],
                        r["port_a"],
                        r["addr_b"],
                        r["port_b"],
                        r["frames_a_to_b"],
                        r["bytes_a_to_b"],
                        r["frames_b_to_a"],
                        r["bytes_b_to_a"]
                    ),
                )
            })
            .collect();
        checked += truth.len();
        for (k, v) in &truth {
            match mine.get(k) {
                Some(m) if m == v => {}
                other => problems.push(format!(
                    "{} {k:?}: tshark {v} kojo {other:?}",
                    cap.display()
                )),
            }
        }
        for k in mine.keys().filter(|k| !truth.contains_key(*k)) {
            problems.push(format!("{} {k:?}: kojo only {}", cap.display(), mine[k]));
        }
    }
    assert!(checked > 300, "only {checked} conversations checked");
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn modbus_function_codes_match_tshark() {
    let Some(dir) = pcap_dir() else { return };
    let mut problems = Vec::new();
    let mut total = 0u64;
    for cap in captures(&dir) {
        let truth_path = sidecar(&cap, ".modbus.csv");
        if !truth_path.is_file() {
            continue;
        }
        let mut truth: BTreeMap<String, u64> = BTreeMap::new();
        for r in csv_rows(&truth_path) {
            let key = format!(
                "{},{},{},{},{},{},{},{}",
                r["src"],
                r["dst"],
                r["src_port"],
                r["dst_port"],
                r["unit_id"],
                r["role"],
                r["func_code"],
                r["exception_code"]
            );
            *truth.entry(key).or_default() += r["adus"].parse::<u64>().unwrap();
        }
        let table = read(&cap);
        let mut mine: BTreeMap<String, u64> = BTreeMap::new();
        for f in table.flows() {
            for o in f.ops.iter().filter(|o| o.field == "modbus.func_code") {
                let (src, sp, dst, dp) = match o.dir {
                    Dir::AtoB => (f.a, f.a_port, f.b, f.b_port),
                    Dir::BtoA => (f.b, f.b_port, f.a, f.a_port),
                };
                let role = if dp == 502 { "request" } else { "response" };
                let fc = o.value & 0x7f;
                let exc = if o.value & 0x80 != 0 {
                    (o.value >> 8).to_string()
                } else {
                    String::new()
                };
                let key = format!("{src},{dst},{sp},{dp},{},{role},{fc},{exc}", o.unit);
                *mine.entry(key).or_default() += o.count;
            }
        }
        total += truth.values().sum::<u64>();
        for (k, v) in &truth {
            if mine.get(k) != Some(v) {
                problems.push(format!(
                    "{} {k}: tshark {v} kojo {:?}",
                    cap.display(),
                    mine.get(k)
                ));
            }
        }
        for (k, v) in mine.iter().filter(|(k, _)| !truth.contains_key(*k)) {
            problems.push(format!("{} {k}: kojo only {v}", cap.display()));
        }
    }
    assert!(total > 10_000, "only {total} ADUs checked");
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// What kojo should call a conversation that tshark dissected as `protocols`.
fn expected_protocol(protocols: &str) -> &'static [ProtocolId] {
    let first = protocols.split(';').next().unwrap_or("");
    match first {
        "mbtcp" | "modbus" => &[ProtocolId::Modbus],
        // Only TPKT/COTP: S7comm-plus, which tshark 4.0 does not dissect (MANIFEST).
        "tpkt" if !protocols.contains("s7comm") => &[ProtocolId::S7commPlus],
        "tpkt" => &[ProtocolId::S7comm],
        "enip" => &[ProtocolId::EtherNetIp],
        "dnp3" => &[ProtocolId::Dnp3],
        "opcua" => &[ProtocolId::OpcUa],
        "bvlc" => &[ProtocolId::Bacnet],
        "iec60870_104" => &[ProtocolId::Iec104],
        "mqtt" => &[ProtocolId::Mqtt],
        "http" => &[ProtocolId::Http],
        "tls" => &[ProtocolId::Tls],
        "ssh" => &[ProtocolId::Ssh],
        "nbss" => &[ProtocolId::Smb],
        "dns" | "mdns" => &[ProtocolId::Dns],
        // Handshake only, or protocols kojo does not name (LLMNR, SSDP, NBNS, DCE/RPC, TDS,
        // synchrophasor…): kojo must not claim one of its own.
        _ => &[ProtocolId::Unknown],
    }
}

#[test]
fn protocols_identified_per_conversation() {
    let Some(dir) = pcap_dir() else { return };
    let mut problems = Vec::new();
    let mut ics = 0;
    for cap in captures(&dir) {
        let table = read(&cap);
        let mine: BTreeMap<(String, u64), ProtocolId> = table
            .flows()
            .iter()
            .map(|f| ((f.transport.as_str(), f.stream), f.protocol))
            .collect();
        for r in csv_rows(&sidecar(&cap, ".conv.csv")) {
            let key = (r["proto"].clone(), r["stream"].parse::<u64>().unwrap());
            let want = expected_protocol(&r["protocols"]);
            let got = mine.get(&key).copied().unwrap_or(ProtocolId::Unknown);
            if got.is_ics() {
                ics += 1;
            }
            if !want.contains(&got) {
                problems.push(format!(
                    "{} {key:?} {}:{} -> {}:{}: tshark `{}`, kojo {got}",
                    cap.display(),
                    r["addr_a"],
                    r["port_a"],
                    r["addr_b"],
                    r["port_b"],
                    r["protocols"]
                ));
            }
        }
    }
    assert!(ics > 200, "only {ics} ICS conversations");
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Operation types on real stacks' captures: a CIP Stop is control; an OPC UA session of
/// open62541 with SignAndEncrypt shows unreadable messages and no readable request.
#[test]
fn operation_types_on_real_captures() {
    let Some(dir) = pcap_dir() else { return };
    let (t, _) = kojo_traffic::read_capture_bytes(
        &std::fs::read(dir.join("enip/cip_stop_plc.pcap")).unwrap(),
    )
    .unwrap();
    let f = &t.flows()[0];
    assert_eq!(f.count_class(kojo_traffic::Operation::Control), 1);
    let stop = f.ops.iter().find(|o| o.class.is_some()).unwrap();
    assert_eq!(
        (stop.field, stop.value, stop.name),
        ("cip.sc", 7, "CIP Stop")
    );

    let path = dir.join("opcua/open62541_client-server_encrypted.pcap");
    let (t, _) = kojo_traffic::read_capture_bytes(&std::fs::read(path).unwrap()).unwrap();
    let unreadable = t
        .flows()
        .iter()
        .find(|f| f.ops.iter().any(|o| o.field == "opcua.unreadable"))
        .expect("an unreadable OPC UA flow");
    let readable_requests: Vec<_> = unreadable
        .ops
        .iter()
        .filter(|o| o.class.is_some())
        .collect();
    assert!(readable_requests.is_empty(), "{readable_requests:?}");
    // The session set-up before it (Get Endpoints, in the clear) is read as usual.
    assert!(t.flows().iter().any(|f| {
        f.ops
            .iter()
            .any(|o| o.value == 428 && o.name == "OPC UA Get Endpoints")
    }));
}

/// The logs Zeek, icsnpp-s7comm and icsnpp-enip would write for a shared capture, built
/// from its tshark ground truth (`.conv.csv`, `.ops.csv`): conn.log, s7comm.log, cip.log
/// and enip.log, as TSV. The responder is the end on the protocol's port.
fn zeek_logs_of(capture: &Path, out: &Path) -> Vec<PathBuf> {
    let text = |ext: &str| {
        let p = PathBuf::from(format!("{}.{ext}", capture.display()));
        std::fs::read_to_string(p).unwrap()
    };
    let head = |path: &str, fields: &str| {
        format!(
            "#separator \\x09\n#path\t{path}\n#fields\t{}\n",
            fields.replace(',', "\t")
        )
    };
    let server_port = |p: u16| matches!(p, 102 | 44818 | 502);
    let mut conn = head(
        "conn",
        "ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,duration,orig_pkts,orig_ip_bytes,resp_pkts,resp_ip_bytes",
    );
    // (client, client port, server, server port) → uid
    let mut uids = BTreeMap::new();
    for l in text("conv.csv").lines().skip(1) {
        let c: Vec<&str> = l.split(',').collect();
        let (pa, pb): (u16, u16) = (c[3].parse().unwrap(), c[5].parse().unwrap());
        let (o, op, r, rp, no, bo, nr, br) = if server_port(pa) && !server_port(pb) {
            (c[4], pb, c[2], pa, c[8], c[9], c[6], c[7])
        } else {
            (c[2], pa, c[4], pb, c[6], c[7], c[8], c[9])
        };
        let uid = format!("C{}{}", c[0], c[1]);
        conn.push_str(&format!(
            "1.0\t{uid}\t{o}\t{op}\t{r}\t{rp}\t{}\t0.1\t{no}\t{bo}\t{nr}\t{br}\n",
            c[0]
        ));
        uids.insert((o.to_string(), op, r.to_string(), rp), uid);
    }
    let mut s7 = head(
        "s7comm",
        "ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,is_orig,rosctr_code,function_code,subfunction_code",
    );
    let mut cip = head(
        "cip",
        "ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,is_orig,direction,cip_service_code,class_id",
    );
    let mut enip = head(
        "enip",
        "ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,is_orig,enip_command_code",
    );
    for l in text("ops.csv").lines().skip(1) {
        let c: Vec<&str> = l.split(',').collect();
        let (sp, dp): (u16, u16) = (c[3].parse().unwrap(), c[4].parse().unwrap());
        let from_orig = !server_port(sp);
        let key = if from_orig {
            (c[0].to_string(), sp, c[1].to_string(), dp)
        } else {
            (c[1].to_string(), dp, c[0].to_string(), sp)
        };
        let Some(uid) = uids.get(&key) else { continue };
        let ids = format!(
            "1.1\t{uid}\t{}\t{}\t{}\t{}\t{}",
            key.0,
            key.1,
            key.2,
            key.3,
            if from_orig { "T" } else { "F" }
        );
        let v = u32::from_str_radix(
            c[6].trim_start_matches("0x"),
            if c[6].starts_with("0x") { 16 } else { 10 },
        )
        .unwrap();
        let n: usize = c[7].parse().unwrap();
        let line = match c[5] {
            // During a download the PLC sends the Download Block and Download Ended jobs
            // and the programming device acknowledges them.
            "s7comm.param.func" => {
                let job = from_orig != matches!(v, 0x1b | 0x1c);
                Some((
                    &mut s7,
                    format!("{}\t0x{v:02x}\t-", if job { 1 } else { 3 }),
                ))
            }
            // The ground truth has the function group only; subfunction 0 types the same.
            "s7comm.param.userdata.funcgroup" => Some((
                &mut s7,
                format!("7\t0x{:02x}\t0x00", if from_orig { 0x40 } else { 0x80 } | v),
            )),
            "cip.sc" => Some((
                &mut cip,
                format!(
                    "{}\t0x{v:02x}\t{}",
                    if v & 0x80 == 0 { "request" } else { "response" },
                    if matches!(v, 0x54 | 0x5b) {
                        "0x06"
                    } else {
                        "0x01"
                    }
                ),
            )),
            "enip.command" => Some((&mut enip, format!("0x{v:04x}"))),
            _ => None,
        };
        if let Some((log, rest)) = line {
            for _ in 0..n {
                log.push_str(&format!("{ids}\t{rest}\n"));
            }
        }
    }
    [
        ("conn.log", conn),
        ("s7comm.log", s7),
        ("cip.log", cip),
        ("enip.log", enip),
    ]
    .into_iter()
    .map(|(name, body)| {
        let p = out.join(name);
        std::fs::write(&p, body).unwrap();
        p
    })
    .collect()
}

/// A model with the capture's clients in an office zone and its servers in a control zone.
fn split_model(t: &FlowTable) -> kojo_model::Model {
    let mut clients = std::collections::BTreeSet::new();
    let mut servers = std::collections::BTreeSet::new();
    for f in t.flows() {
        let (c, s, _) = f.client_server();
        clients.insert(c);
        servers.insert(s);
    }
    let mut y = String::from(
        "version: 1\nfactory:\n  name: Line\nzones:\n  - id: office\n    name: Office\n    kind: production\n  - id: control\n    name: Control\n    kind: control\nassets:\n",
    );
    for (i, a) in clients.iter().enumerate() {
        y.push_str(&format!("  - id: client-{i}\n    name: Client {i}\n    kind: equipment\n    role: hmi\n    zone: office\n    addresses: [{a}]\n"));
    }
    for (i, a) in servers.iter().enumerate() {
        y.push_str(&format!("  - id: server-{i}\n    name: Server {i}\n    kind: equipment\n    role: plc\n    zone: control\n    addresses: [{a}]\n"));
    }
    kojo_model::load_str(Path::new("factory.yaml"), &y).unwrap()
}

#[test]
fn zeek_logs_built_from_the_ground_truth_give_the_capture_findings() {
    let Some(dir) = pcap_dir() else { return };
    for name in [
        "enip/cip_stop_plc.pcap",
        "s7comm/snap7_s300_stop.pcapng",
        "s7comm/step7_s300_download.pcapng",
    ] {
        let capture = dir.join(name);
        let (t, _) = kojo_traffic::read_capture_bytes(&std::fs::read(&capture).unwrap()).unwrap();
        let model = split_model(&t);
        let out = std::env::temp_dir().join(format!(
            "kojo-zeek-{}-{}",
            std::process::id(),
            name.replace('/', "-")
        ));
        std::fs::create_dir_all(&out).unwrap();
        let logs = zeek_logs_of(&capture, &out);
        let s = read_sources(&logs, ReadOptions::default()).unwrap();
        assert!(s.faults.is_empty(), "{name}: {:?}", s.faults);
        // Kind, id, severity and operation type; codes and counts of each type.
        let keys = |f: &[kojo_findings::Finding]| {
            let mut v: Vec<String> = f
                .iter()
                .map(|x| {
                    let n: u64 = x
                        .facts
                        .get("operations")
                        .and_then(|o| o.as_array())
                        .into_iter()
                        .flatten()
                        .map(|o| o["count"].as_u64().unwrap_or(0))
                        .sum();
                    format!(
                        "{} {} {} {:?} ×{n}",
                        x.kind,
                        x.id,
                        x.severity.as_str(),
                        x.facts.get("operation_type")
                    )
                })
                .collect();
            v.sort();
            v
        };
        let from_capture = kojo_traffic::check_against_model(&model, &t);
        let from_logs = kojo_traffic::check_against_model(&model, &s.flows);
        assert!(
            from_capture
                .iter()
                .any(|f| f.kind == "traffic-control-crossing"),
            "{name}"
        );
        assert_eq!(keys(&from_logs), keys(&from_capture), "{name}");
        std::fs::remove_dir_all(&out).unwrap();
    }
}
