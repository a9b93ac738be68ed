//! The flow-log readers of `kojo traffic`: flow CSV, Zeek conn.log TSV and JSON lines, with
//! small caps so that over-long lines and sizes are reached. No input may panic (counts,
//! timestamps and durations at their limits included), and no reader may exceed its caps.
//!
//! The first byte chooses the header put before the rest: a flow CSV header, a Zeek TSV
//! header, nothing (JSON lines or anything else).
#![no_main]

use kojo_traffic::{Limits, read_source_bytes};
use libfuzzer_sys::fuzz_target;

const CSV: &[u8] = b"src,dst,transport,src_port,dst_port,packets_out,packets_in,bytes_out,bytes_in,first_seen,duration,protocol\n";
const TSV: &[u8] = b"#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\n";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut input = match mode % 3 {
        0 => CSV.to_vec(),
        1 => TSV.to_vec(),
        _ => Vec::new(),
    };
    input.extend_from_slice(rest);
    let limits = Limits {
        max_line_bytes: 512,
        max_source_bytes: 64 << 10,
        max_flows: 64,
    };
    if let Ok(s) = read_source_bytes(&input, limits) {
        for f in &s.faults {
            // Messages quote values shortened: never more than a line's cap.
            assert!(f.message.len() < 1024, "{}", f.message.len());
        }
        let _ = kojo_traffic::discover(&s.flows);
        let _ = kojo_traffic::report::conversations_csv(s.flows.flows());
        let _ = kojo_traffic::report::summary_text(&s, 10);
    }
});
