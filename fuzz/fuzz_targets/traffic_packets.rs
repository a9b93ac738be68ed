//! The packet path of `kojo traffic`: the pcap/pcapng stream loop, link/IP/transport
//! decoding, flow keying, fragments and every protocol detector. No input may panic.
//!
//! The first byte chooses the mode: a whole capture file, or one frame of a link type
//! (several frames in a row, split on a length prefix, so that flow state builds up).
#![no_main]

use kojo_traffic::capture::RawPacket;
use kojo_traffic::{FlowTable, add_packet, read_capture_bytes};
use libfuzzer_sys::fuzz_target;

const LINKTYPES: [i32; 10] = [1, 113, 276, 101, 228, 229, 0, 108, 12, 14];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 0x80 != 0 {
        if let Ok((table, _fault)) = read_capture_bytes(rest) {
            let _ = kojo_traffic::discover(&table);
        }
        return;
    }
    let linktype = LINKTYPES[usize::from(mode) % LINKTYPES.len()];
    let mut table = FlowTable::new();
    let mut rest = rest;
    let mut ts = 0i64;
    while let Some((&len, tail)) = rest.split_first() {
        let n = usize::from(len).min(tail.len());
        let (frame, next) = tail.split_at(n);
        add_packet(
            &mut table,
            &RawPacket {
                linktype,
                ts_ns: ts,
                data: frame,
                orig_len: frame.len() as u32,
            },
        );
        ts += 1;
        rest = next;
    }
    let _ = kojo_traffic::discover(&table);
    let _ = kojo_traffic::report::conversations_csv(table.flows());
});
