//! kojo-traffic: captures and flow logs held against the zone model.
//!
//! The guideline asks to keep the inventory current "utilizing automation tools" (Step 1-4)
//! and to observe the network to detect attacks early (Step 3, OODA "observe"). This crate
//! reads what the factory network actually carries — pcap / pcapng captures (plain or
//! gzip), Zeek `conn.log` (TSV or JSON) or a CSV of flows — into a bidirectional
//! [`FlowTable`], recognises industrial and IT protocols and their operations (read,
//! write, control, program, firmware, time, management), and then
//!
//! - [`check_against_model`] says where the traffic departs from the declared zones and
//!   conduit-level flows (findings of the assessment contract);
//! - [`discover()`] drafts assets and flows as a YAML fragment of the model format.
//!
//! Memory is bounded by the number of flows, never by the size of a capture: captures are
//! streamed through a fixed buffer.

pub mod capture;
pub mod check;
pub mod decode;
pub mod discover;
pub mod flow;
pub mod logs;
pub mod progress;
pub mod proto;
pub mod report;
pub mod zeek_ics;

pub use capture::CaptureFault;
pub use check::check_against_model;
pub use discover::discover;
pub use flow::{Flow, FlowTable, IdentifiedBy, OpCount, Stats, Transport};
pub use logs::Limits;
pub use proto::{Dir, Operation, ProtocolId};

use std::io::Read;
use std::path::{Path, PathBuf};

/// What kind of input a file is (found from its first bytes, after gzip).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Pcap,
    Pcapng,
    ZeekTsv,
    ZeekJson,
    FlowCsv,
}

impl SourceKind {
    /// The kind in prose.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Pcap => "pcap capture",
            SourceKind::Pcapng => "pcapng capture",
            SourceKind::ZeekTsv => "Zeek log, TSV",
            SourceKind::ZeekJson => "Zeek log, JSON",
            SourceKind::FlowCsv => "flow CSV",
        }
    }
}

/// Progress of a run, for a progress bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Bytes consumed so far, over all sources (decompressed bytes for gzip input).
    pub bytes: u64,
    pub packets: u64,
    /// Sum of the sizes on disk of all sources.
    pub total_file_bytes: u64,
}

/// Options of [`read_sources`].
#[derive(Default)]
pub struct ReadOptions<'a> {
    /// Called from time to time while reading.
    pub progress: Option<&'a mut dyn FnMut(Progress)>,
    /// Caps of the line-based readers (flow CSV, Zeek TSV and JSON, gzip or not).
    pub limits: logs::Limits,
}

/// A fault in one source: everything before it was read and counted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SourceFault {
    pub path: PathBuf,
    /// Byte offset (for gzip files, in the decompressed stream), or the line of a log.
    pub offset: Option<u64>,
    pub line: Option<u64>,
    pub message: String,
    /// The source was cut at [`Limits::max_source_bytes`] (decompressed): what follows
    /// was not read.
    #[serde(skip)]
    pub at_size_cap: bool,
}

impl std::fmt::Display for SourceFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(o) = self.offset {
            write!(f, " at byte offset {o}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// One input read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceInfo {
    pub path: PathBuf,
    pub kind: SourceKind,
    pub gzip: bool,
    /// Bytes read (decompressed).
    pub bytes: u64,
    /// Frames (captures) or records (logs).
    pub records: u64,
}

/// Everything read from the sources of a run.
#[derive(Debug, Clone, Default)]
pub struct TrafficSummary {
    pub flows: FlowTable,
    pub sources: Vec<SourceInfo>,
    /// Faults that stopped a source early; the run is incomplete when not empty.
    pub faults: Vec<SourceFault>,
}

/// A source that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum TrafficError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
}

/// Reads every source in order into one flow table. A source that cannot be opened, or is
/// not a capture or flow log, is an error; a truncated or corrupt source is read up to the
/// fault, which is recorded in [`TrafficSummary::faults`].
pub fn read_sources<P: AsRef<Path>>(
    paths: &[P],
    mut opts: ReadOptions<'_>,
) -> Result<TrafficSummary, TrafficError> {
    let mut summary = TrafficSummary {
        flows: FlowTable::with_max_flows(opts.limits.max_flows),
        ..TrafficSummary::default()
    };
    let total_file_bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p.as_ref()).ok())
        .map(|m| m.len())
        .sum();
    let mut done_bytes = 0u64;
    for p in paths {
        let path = p.as_ref();
        let io = |source| TrafficError::Io {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        done_bytes += read_source(
            Box::new(file),
            path,
            &mut summary,
            &mut opts,
            done_bytes,
            total_file_bytes,
        )?;
    }
    Ok(summary)
}

/// Reads one source (a file, or bytes in memory for fuzzing) into the summary: gzip and
/// the format are found from its first bytes. Returns the bytes read (decompressed).
fn read_source(
    raw: Box<dyn Read + Send + '_>,
    path: &Path,
    summary: &mut TrafficSummary,
    opts: &mut ReadOptions<'_>,
    done_bytes: u64,
    total_file_bytes: u64,
) -> Result<u64, TrafficError> {
    use std::io::BufRead;
    let io = |source| TrafficError::Io {
        path: path.to_owned(),
        source,
    };
    let mut raw = std::io::BufReader::with_capacity(1 << 16, raw);
    let gzip = raw.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    let mut input: Box<dyn BufRead + Send + '_> = if gzip {
        Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(raw),
        ))
    } else {
        Box::new(raw)
    };
    let first = {
        let buf = input.fill_buf().map_err(io)?;
        buf.get(..4).map(|b| [b[0], b[1], b[2], b[3]])
    };
    let kind = sniff(first).ok_or_else(|| TrafficError::Format {
        path: path.to_owned(),
        message: "not a pcap/pcapng capture, Zeek conn.log or flow CSV".into(),
    })?;
    let packets_before = summary.flows.stats.packets;
    let over_cap_before = summary.flows.flows_over_cap();
    let (bytes, records) = match kind {
        SourceKind::Pcap | SourceKind::Pcapng => {
            let table = &mut summary.flows;
            let count = std::cell::Cell::new(0u64);
            let progress = &mut opts.progress;
            // Captures have no lines to cap: the decompressed stream is cut at the source
            // cap instead (a small gzip can expand to gigabytes), and the cut is the fault.
            let cut = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let capped = CappedRead {
                inner: input,
                left: opts.limits.max_source_bytes,
                cut: cut.clone(),
            };
            let res = capture::read_capture(
                capped,
                capture::BUF_START,
                usize::MAX,
                &mut |pkt| {
                    count.set(count.get() + 1);
                    add_packet(table, pkt);
                },
                &mut |b| {
                    if let Some(cb) = progress.as_mut() {
                        cb(Progress {
                            bytes: done_bytes + b,
                            packets: packets_before + count.get(),
                            total_file_bytes,
                        });
                    }
                },
            );
            let cap = opts.limits.max_source_bytes;
            let over_cap = |cut: &std::sync::atomic::AtomicBool| {
                cut.load(std::sync::atomic::Ordering::Relaxed).then(|| {
                    format!(
                        "the capture is longer than the limit of {} (decompressed; \
                         --max-input-bytes): it was read up to the limit",
                        kojo_model::read::human_bytes(cap)
                    )
                })
            };
            let (bytes, fault) = match res {
                Ok(r) => r,
                // Cut before its first block: say why rather than "empty" or "truncated".
                Err(message) => {
                    return Err(TrafficError::Format {
                        path: path.to_owned(),
                        message: over_cap(&cut).unwrap_or(message),
                    });
                }
            };
            let fault = match over_cap(&cut) {
                Some(message) => Some(capture::CaptureFault {
                    offset: cap,
                    message,
                }),
                None => fault,
            };
            if let Some(f) = fault {
                summary.faults.push(SourceFault {
                    path: path.to_owned(),
                    offset: Some(f.offset),
                    line: None,
                    message: f.message,
                    at_size_cap: cut.load(std::sync::atomic::Ordering::Relaxed),
                });
            }
            (bytes, count.get())
        }
        SourceKind::ZeekTsv | SourceKind::ZeekJson | SourceKind::FlowCsv => {
            let (bytes, records, faults) =
                logs::read_log(kind, input, &mut summary.flows, opts.limits).map_err(|e| {
                    if e.kind() == std::io::ErrorKind::InvalidData {
                        TrafficError::Format {
                            path: path.to_owned(),
                            message: e.to_string(),
                        }
                    } else {
                        TrafficError::Io {
                            path: path.to_owned(),
                            source: e,
                        }
                    }
                })?;
            for f in faults {
                summary.faults.push(SourceFault {
                    path: path.to_owned(),
                    offset: f.offset,
                    line: Some(f.line),
                    message: f.message,
                    at_size_cap: f.offset.is_some_and(|o| o >= opts.limits.max_source_bytes),
                });
            }
            (bytes, records)
        }
    };
    let over_cap = summary.flows.flows_over_cap() - over_cap_before;
    if over_cap > 0 {
        let cap = summary.flows.max_flows().unwrap_or_default();
        summary.faults.push(SourceFault {
            path: path.to_owned(),
            offset: None,
            line: None,
            at_size_cap: false,
            message: format!(
                "the run holds the cap of {cap} flows (--max-flows); {over_cap} further \
                 conversations of this file were counted as frames but not kept"
            ),
        });
    }
    let done_bytes = done_bytes + bytes;
    if let Some(cb) = opts.progress.as_mut() {
        cb(Progress {
            bytes: done_bytes,
            packets: summary.flows.stats.packets,
            total_file_bytes,
        });
    }
    summary.sources.push(SourceInfo {
        path: path.to_owned(),
        kind,
        gzip,
        bytes,
        records,
    });
    Ok(bytes)
}

/// A reader that ends after `left` bytes and records that it cut the stream there.
struct CappedRead<R> {
    inner: R,
    left: u64,
    cut: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl<R: Read> Read for CappedRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // Past the cap only if the stream has more.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? > 0 {
                self.cut.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// Reads one source held in memory by the same path as a file (gzip, sniffing, the
/// readers and their caps): the fuzz targets' entry.
pub fn read_source_bytes(data: &[u8], limits: Limits) -> Result<TrafficSummary, TrafficError> {
    let mut summary = TrafficSummary {
        flows: FlowTable::with_max_flows(limits.max_flows),
        ..TrafficSummary::default()
    };
    let mut opts = ReadOptions {
        progress: None,
        limits,
    };
    read_source(
        Box::new(data),
        Path::new("input"),
        &mut summary,
        &mut opts,
        0,
        data.len() as u64,
    )?;
    Ok(summary)
}

/// Decodes one frame into the table (the packet path, also the fuzz target's entry).
pub fn add_packet(table: &mut FlowTable, pkt: &capture::RawPacket<'_>) {
    table.stats.packets += 1;
    table.stats.bytes += u64::from(pkt.orig_len);
    match decode::decode(pkt.linktype, pkt.data) {
        decode::Frame::Ip(d) => table.add(&d, pkt.orig_len, pkt.ts_ns),
        decode::Frame::NonIp(et) => *table.stats.non_ip.entry(et).or_default() += 1,
        decode::Frame::Malformed => table.stats.malformed += 1,
    }
}

/// Reads a whole capture held in memory (tests, fuzzing): the table and the fault, if any.
pub fn read_capture_bytes(data: &[u8]) -> Result<(FlowTable, Option<CaptureFault>), String> {
    let mut table = FlowTable::new();
    let (_, fault) = capture::read_capture(
        data,
        data.len().saturating_add(64),
        data.len().saturating_add(64),
        &mut |p| add_packet(&mut table, p),
        &mut |_| {},
    )?;
    Ok((table, fault))
}

/// The format a source's first bytes (not gzip-compressed) show, as `read_sources` finds it.
pub fn sniff_bytes(data: &[u8]) -> Option<SourceKind> {
    sniff(data.get(..4).map(|b| [b[0], b[1], b[2], b[3]]))
}

fn sniff(first: Option<[u8; 4]>) -> Option<SourceKind> {
    let b = first?;
    match b {
        [0x0a, 0x0d, 0x0d, 0x0a] => Some(SourceKind::Pcapng),
        [0xd4, 0xc3, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0xc3, 0xd4]
        | [0x4d, 0x3c, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0x3c, 0x4d] => Some(SourceKind::Pcap),
        [b'#', b's', b'e', b'p'] => Some(SourceKind::ZeekTsv),
        [b'{', ..] => Some(SourceKind::ZeekJson),
        _ if b.iter().all(|c| c.is_ascii_graphic() || *c == b' ') => Some(SourceKind::FlowCsv),
        _ => None,
    }
}
