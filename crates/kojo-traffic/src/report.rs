//! Output helpers shared by `kojo traffic` and `kojo discover`: the assessment object of the
//! findings contract, decisions of the model applied, the conversation CSV (tshark's
//! columns) and a plain-text summary of the flow table.

use crate::flow::{Flow, Transport};
use crate::{ProtocolId, TrafficSummary};
use kojo_findings::{Assessment, Finding, ModelInfo, Summary};
use kojo_model::{Date, Model};
use std::fmt::Write;

/// Today's date (UTC), for decisions' `review_by`.
pub fn today_utc() -> Date {
    Date::today_utc()
}

/// Marks findings that the model's `decisions:` name, by the assessment's rule
/// ([`kojo_findings::apply_decisions`]): a passed `review_by` expires an acceptance.
pub fn apply_decisions(model: &Model, findings: &mut [Finding], today: Date) {
    kojo_findings::apply_decisions(findings, &model.decisions, today);
}

/// The findings as one assessment object of the contract (no zone section: the traffic
/// check does not derive importance).
pub fn to_assessment(model: &Model, findings: Vec<Finding>) -> Assessment {
    use sha2::{Digest, Sha256};
    let root = model.sources.first();
    let sha = root
        .map(|s| {
            Sha256::digest(s.text.as_bytes())
                .iter()
                .fold(String::new(), |mut acc, b| {
                    let _ = write!(acc, "{b:02x}");
                    acc
                })
        })
        .unwrap_or_default();
    let mut a = Assessment {
        kojo_version: env!("CARGO_PKG_VERSION").to_owned(),
        model: ModelInfo {
            path: root
                .map(|s| s.path.display().to_string())
                .unwrap_or_default(),
            sha256: sha,
            factory: model.factory.name.clone(),
        },
        summary: Summary::default(),
        zones: Vec::new(),
        conduits: Vec::new(),
        plan: Vec::new(),
        findings,
    };
    a.finish();
    a
}

/// The TCP/UDP conversations in the columns of tshark's conversation CSV of the test data
/// (`proto,stream,addr_a,port_a,addr_b,port_b,frames_a_to_b,…`), plus kojo's protocol and
/// operation counts.
pub fn conversations_csv(flows: &[Flow]) -> String {
    let mut s = String::from(
        "proto,stream,addr_a,port_a,addr_b,port_b,frames_a_to_b,bytes_a_to_b,frames_b_to_a,bytes_b_to_a,frames,bytes,first_seen,duration,protocol,read,write,control,program,firmware,time,management\n",
    );
    for f in flows
        .iter()
        .filter(|f| matches!(f.transport, Transport::Tcp | Transport::Udp))
    {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{},{:.6},{:.6},{},{}",
            f.transport.as_str(),
            f.stream,
            f.a,
            f.a_port,
            f.b,
            f.b_port,
            f.packets_ab,
            f.bytes_ab,
            f.packets_ba,
            f.bytes_ba,
            f.packets(),
            f.bytes(),
            f.first_seen_ns as f64 / 1e9,
            f.last_seen_ns.saturating_sub(f.first_seen_ns) as f64 / 1e9,
            if f.protocol == ProtocolId::Unknown {
                ""
            } else {
                f.protocol.as_str()
            },
            crate::Operation::ALL
                .iter()
                .map(|&c| f.count_class(c).to_string())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    s
}

/// A short text account of what was read: sources, frames, flows by protocol, operations,
/// and faults.
pub fn summary_text(s: &TrafficSummary, max_flows: usize) -> String {
    let mut out = String::new();
    let st = &s.flows.stats;
    for src in &s.sources {
        let _ = writeln!(
            out,
            "read {} ({}{}, {} bytes, {} records)",
            src.path.display(),
            src.kind.name(),
            if src.gzip { ", gzip" } else { "" },
            src.bytes,
            src.records
        );
    }
    let _ = writeln!(
        out,
        "{} frames, {} bytes; {} flows; {} non-IP frames; {} IP fragments ({} datagrams completed); {} undecodable",
        st.packets,
        st.bytes,
        s.flows.len(),
        st.non_ip.values().sum::<u64>(),
        st.fragments,
        st.reassembled,
        st.malformed + st.truncated_transport
    );
    let mut by_proto: std::collections::BTreeMap<ProtocolId, (u64, u64)> = Default::default();
    for f in s.flows.flows() {
        let e = by_proto.entry(f.protocol).or_default();
        e.0 += 1;
        e.1 = e.1.saturating_add(f.packets());
    }
    for (p, (n, pk)) in &by_proto {
        let _ = writeln!(out, "  {:<12} {n:>7} flows {pk:>10} packets", p.as_str());
    }
    let mut flows: Vec<&Flow> = s.flows.flows().iter().collect();
    flows.sort_by(|a, b| b.bytes().cmp(&a.bytes()).then(a.stream.cmp(&b.stream)));
    if !flows.is_empty() && max_flows > 0 {
        let _ = writeln!(out, "largest flows (client -> server):");
    }
    for f in flows.into_iter().take(max_flows) {
        let (c, sv, port) = f.client_server();
        let _ = writeln!(
            out,
            "  {:<4} {c} -> {sv}:{port}  {} pkts {} bytes  {}{}",
            f.transport.as_str(),
            f.packets(),
            f.bytes(),
            f.protocol.as_str(),
            ops_brief(f)
        );
    }
    for fault in &s.faults {
        let _ = writeln!(out, "FAULT: {fault}");
    }
    out
}

fn ops_brief(f: &Flow) -> String {
    let counts: Vec<String> = crate::Operation::ALL
        .iter()
        .map(|&c| (c, f.count_class(c)))
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| format!("{} {n}", c.as_str()))
        .collect();
    if counts.is_empty() {
        String::new()
    } else {
        format!(" ({})", counts.join(", "))
    }
}
