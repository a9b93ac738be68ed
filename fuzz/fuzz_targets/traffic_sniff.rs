//! Format sniffing and gzip of `kojo traffic`: any bytes, plain or gzip (single or several
//! members, truncated, corrupt), are found to be a capture, a flow log or nothing, and read
//! by the same path as a file. No input may panic or read past the caps.
#![no_main]

use kojo_traffic::{Limits, read_source_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_line_bytes: 4096,
        max_source_bytes: 1 << 20,
        max_flows: 256,
    };
    if let Ok(s) = read_source_bytes(data, limits) {
        let _ = kojo_traffic::discover(&s.flows);
        let _ = kojo_traffic::report::summary_text(&s, 10);
    }
});
