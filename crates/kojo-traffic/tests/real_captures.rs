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
