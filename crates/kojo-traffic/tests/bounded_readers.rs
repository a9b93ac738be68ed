//! Hostile flow logs (issue #18): memory bombs from small gzip files and out-of-range
//! numbers. Its own test binary, so that the peak memory of this process is the readers'.

use flate2::Compression;
use flate2::write::GzEncoder;
use kojo_traffic::{Limits, ReadOptions, read_sources};
use std::io::Write;
use std::path::PathBuf;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kojo-bounded-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Writes `head`, then a line of 1 GiB of `x`, then `tail`, as a ~1 MB gzip file: the long
/// line is 1024 gzip members of the same compressed MiB, streamed to disk (never held).
fn gzip_bomb(name: &str, head: &str, tail: &str) -> PathBuf {
    let path = temp(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(&gz(head.as_bytes())).unwrap();
    let mib = gz(&vec![b'x'; 1 << 20]);
    for _ in 0..1024 {
        f.write_all(&mib).unwrap();
    }
    f.write_all(&gz(tail.as_bytes())).unwrap();
    f.flush().unwrap();
    path
}

/// Peak resident memory of this process (Linux), in bytes.
fn peak_rss() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn a_gigabyte_line_in_a_small_gzip_is_a_fault_not_a_memory_bomb() {
    let csv = "src,dst,transport,src_port,dst_port\n10.0.0.1,10.0.0.2,tcp,40000,502\n";
    let tsv = "#separator \\x09\n#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\n1.0\t10.0.0.1\t40000\t10.0.0.2\t502\ttcp\n";
    let json = "{\"ts\":1.0,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":40000,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":502,\"proto\":\"tcp\"}\n";
    for (name, head) in [
        ("flows.csv.gz", csv),
        ("conn.log.gz", tsv),
        ("conn.json.gz", json),
    ] {
        let path = gzip_bomb(name, head, "\n10.0.0.3,10.0.0.4,udp,1,2\n");
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(size < 2 << 20, "{name}: {size} bytes");
        let s = read_sources(&[&path], ReadOptions::default()).unwrap();
        assert_eq!(
            s.flows.len(),
            1,
            "{name}: the line before the long one is read"
        );
        assert_eq!(s.faults.len(), 1, "{name}: {:?}", s.faults);
        let f = &s.faults[0];
        let lines = head.lines().count() as u64;
        assert_eq!(f.line, Some(lines + 1), "{name}: {f}");
        let cap = Limits::default().max_line_bytes;
        assert_eq!(f.offset, Some(head.len() as u64 + cap), "{name}: {f}");
        assert!(f.message.contains(&format!("cap of {cap} bytes")), "{f}");
        assert!(f.to_string().contains("at byte offset"), "{f}");
        std::fs::remove_file(&path).unwrap();
    }
    if let Some(peak) = peak_rss() {
        assert!(peak < 100 << 20, "peak memory {} MiB", peak >> 20);
    }
}

#[test]
fn the_caps_are_configurable_and_a_size_cap_stops_the_source() {
    let path = temp("many.csv");
    let mut text = String::from("src,dst,transport,src_port,dst_port\n");
    for i in 0..100 {
        text.push_str(&format!("10.0.0.1,10.0.0.2,tcp,{},502\n", 1000 + i));
    }
    std::fs::write(&path, &text).unwrap();
    let limits = Limits {
        max_line_bytes: 1 << 20,
        max_source_bytes: 1000,
        ..Limits::default()
    };
    let s = read_sources(
        &[&path],
        ReadOptions {
            limits,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(s.faults.len(), 1, "{:?}", s.faults);
    assert!(
        s.faults[0].message.contains("cap of 1000 bytes"),
        "{}",
        s.faults[0]
    );
    assert_eq!(s.faults[0].offset, Some(1000));
    assert!(
        s.flows.len() < 100 && s.flows.len() > 10,
        "{}",
        s.flows.len()
    );
    // A short line cap: the header line itself is too long.
    let s = read_sources(
        &[&path],
        ReadOptions {
            limits: Limits {
                max_line_bytes: 10,
                max_source_bytes: u64::MAX,
                ..Limits::default()
            },
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(s.flows.len(), 0);
    assert!(
        s.faults
            .iter()
            .any(|f| f.message.contains("cap of 10 bytes")),
        "{:?}",
        s.faults
    );
}

#[test]
fn out_of_range_counts_and_timestamps_are_bad_lines_with_their_number() {
    let path = temp("overflow.csv");
    let max = u64::MAX;
    let text = format!(
        "src,dst,transport,src_port,dst_port,packets_out,packets_in,bytes_out,bytes_in,first_seen,duration\n\
         10.0.0.1,10.0.0.2,tcp,1,502,{max},{max},{max},{max},1.0,1.0\n\
         10.0.0.1,10.0.0.2,tcp,2,502,1e30,1,1,1,1.0,1.0\n\
         10.0.0.1,10.0.0.2,tcp,3,502,1,1,1,1,1e300,1.0\n\
         10.0.0.1,10.0.0.2,tcp,4,502,1,1,1,1,9100000000,9100000000\n\
         10.0.0.1,10.0.0.2,tcp,5,502,1,1,1,1,1.0,-5\n\
         10.0.0.1,10.0.0.2,tcp,6,502,-1,1,1,1,1.0,1\n"
    );
    std::fs::write(&path, text).unwrap();
    let s = read_sources(&[&path], ReadOptions::default()).unwrap();
    // Line 2 is in range: its sums saturate instead of wrapping.
    assert_eq!(s.flows.len(), 1);
    let f = &s.flows.flows()[0];
    assert_eq!(f.packets(), u64::MAX);
    assert_eq!(f.bytes(), u64::MAX);
    assert_eq!(s.faults.len(), 1, "{:?}", s.faults);
    assert_eq!(s.faults[0].line, Some(3), "{}", s.faults[0]);
    assert!(
        s.faults[0].message.contains("out of range"),
        "{}",
        s.faults[0]
    );
    assert!(
        s.faults[0].message.contains("5 unreadable lines"),
        "{}",
        s.faults[0]
    );
    // The sums over hosts saturate too (discover and the text summary).
    let yaml = kojo_traffic::discover(&s.flows);
    assert!(yaml.contains(&format!("{max} packets")), "{yaml}");
    let _ = kojo_traffic::report::summary_text(&s, 5);

    // Zeek JSON: an ISO timestamp out of range is a bad line, never a panic.
    let path = temp("iso.json");
    std::fs::write(
        &path,
        "{\"ts\":\"99999999999-01-01T00:00:00Z\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\",\"proto\":\"tcp\"}\n",
    )
    .unwrap();
    let s = read_sources(&[&path], ReadOptions::default()).unwrap();
    assert_eq!(s.flows.len(), 0);
    assert_eq!(s.faults[0].line, Some(1));
    assert!(
        s.faults[0].message.contains("not a timestamp"),
        "{}",
        s.faults[0]
    );
}

/// What the fuzz targets `traffic_flow_logs` and `traffic_sniff` do, over mutations of
/// seed logs, plain and gzip: no panic, every message short.
#[test]
fn mutated_flow_logs_plain_and_gzip_never_panic() {
    let seeds: [&[u8]; 3] = [
        b"src,dst,transport,src_port,dst_port,packets_out,packets_in,first_seen,duration\n10.0.0.1,10.0.0.2,tcp,1,502,5,6,1.5,2.5\n",
        b"#separator \\x09\n#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_pkts\n1.0\t10.0.0.1\t1\t10.0.0.2\t502\ttcp\t0.5\t3\n",
        b"{\"ts\":\"2020-01-28T19:00:02.5Z\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\",\"proto\":\"udp\",\"orig_pkts\":7}\n",
    ];
    let limits = Limits {
        max_line_bytes: 512,
        max_source_bytes: 64 << 10,
        ..Limits::default()
    };
    let mut x = 0x2545_f491u32;
    let mut rnd = || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    for seed in seeds {
        for round in 0..400 {
            let mut v = seed.to_vec();
            for _ in 0..1 + rnd() % 4 {
                let at = rnd() as usize % v.len();
                match rnd() % 4 {
                    0 => v[at] = rnd() as u8,
                    1 => v.insert(at, b"9999999999999999999999e300-,\t\n"[rnd() as usize % 29]),
                    2 => {
                        v.remove(at);
                    }
                    _ => v.extend_from_within(at..),
                }
                if v.is_empty() {
                    v.push(b'x');
                }
            }
            let input = if round % 2 == 0 { v } else { gz(&v) };
            if let Ok(s) = kojo_traffic::read_source_bytes(&input, limits) {
                assert!(s.faults.iter().all(|f| f.message.len() < 1024));
                let _ = kojo_traffic::discover(&s.flows);
                let _ = kojo_traffic::report::summary_text(&s, 3);
            }
        }
    }
}

/// A pcap of `n` UDP frames, each its own conversation (source port 1000 + i).
fn many_flow_pcap(n: u16) -> Vec<u8> {
    let mut out = Vec::new();
    // Global header: little-endian, v2.4, snaplen 65535, Ethernet.
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&65535u32.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    for i in 0..n {
        let mut frame = vec![0u8; 12];
        frame.extend_from_slice(&[0x08, 0x00]);
        // IPv4, 20 + 8 bytes, UDP, 10.0.0.1 -> 10.0.0.2 (checksum unchecked).
        frame.extend_from_slice(&[
            0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ]);
        frame.extend_from_slice(&(1000 + i).to_be_bytes());
        frame.extend_from_slice(&[0x01, 0xf6, 0, 8, 0, 0]);
        out.extend_from_slice(&u32::from(i).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&frame);
    }
    out
}

/// The cap on flows: a capture or log with more conversations keeps the first N, counts the
/// rest's frames, and says so with the cap in the message.
#[test]
fn a_cap_on_flows_bounds_the_table_and_is_reported() {
    let limits = Limits {
        max_flows: 10,
        ..Limits::default()
    };
    let s = kojo_traffic::read_source_bytes(&many_flow_pcap(50), limits).unwrap();
    assert_eq!(s.flows.len(), 10);
    assert_eq!(s.flows.flows_over_cap(), 40);
    assert_eq!(s.flows.stats.packets, 50);
    assert_eq!(s.faults.len(), 1, "{:?}", s.faults);
    assert!(
        s.faults[0].message.contains("cap of 10 flows"),
        "{}",
        s.faults[0]
    );
    assert!(
        s.faults[0].message.contains("40 further"),
        "{}",
        s.faults[0]
    );
    // Without the cap every conversation is kept and nothing is a fault.
    let s = kojo_traffic::read_source_bytes(&many_flow_pcap(50), Limits::default()).unwrap();
    assert_eq!((s.flows.len(), s.faults.len()), (50, 0));

    // A flow CSV over two files: the cap holds for the run, each file past it is named.
    let mut text = String::from("src,dst,transport,src_port,dst_port\n");
    for i in 0..8 {
        text.push_str(&format!("10.0.0.1,10.0.0.2,tcp,{},502\n", 1000 + i));
    }
    let (a, b) = (temp("cap-a.csv"), temp("cap-b.csv"));
    std::fs::write(&a, &text).unwrap();
    std::fs::write(&b, &text).unwrap();
    let s = read_sources(
        &[&a, &b],
        ReadOptions {
            limits,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(s.flows.len(), 10);
    assert_eq!(s.faults.len(), 1, "{:?}", s.faults);
    assert_eq!(s.faults[0].path, b);
    assert!(s.faults[0].message.contains("6 further"), "{}", s.faults[0]);
}

/// A capture has no lines to cap: its decompressed stream stops at the source cap (a small
/// gzip can expand to gigabytes), the packets before it count, and the fault names the cap.
/// Exactly at the cap is no fault.
#[test]
fn a_capture_longer_than_the_source_cap_is_read_up_to_it() {
    let pcap = many_flow_pcap(2000);
    let len = pcap.len() as u64;
    let limits = Limits {
        max_source_bytes: 64 << 10,
        ..Limits::default()
    };
    for data in [pcap.clone(), gz(&pcap)] {
        let s = kojo_traffic::read_source_bytes(&data, limits).unwrap();
        assert_eq!(s.faults.len(), 1, "{:?}", s.faults);
        assert!(
            s.faults[0].message.contains("limit of 64 KiB"),
            "{}",
            s.faults[0]
        );
        assert_eq!(s.faults[0].offset, Some(64 << 10));
        let packets = s.flows.stats.packets;
        assert!(packets > 1000 && packets < 2000, "{packets}");
    }
    let exact = Limits {
        max_source_bytes: len,
        ..Limits::default()
    };
    let s = kojo_traffic::read_source_bytes(&pcap, exact).unwrap();
    assert_eq!((s.faults.len(), s.flows.stats.packets), (0, 2000));
    // A cap inside the file header: nothing is read, and the fault says why.
    let tiny = Limits {
        max_source_bytes: 10,
        ..Limits::default()
    };
    let s = kojo_traffic::read_source_bytes(&pcap, tiny).unwrap();
    assert_eq!(s.flows.stats.packets, 0);
    assert!(
        s.faults[0].message.contains("limit of 10 bytes"),
        "{}",
        s.faults[0]
    );
}
