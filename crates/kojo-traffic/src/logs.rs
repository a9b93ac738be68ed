//! Flow logs: Zeek `conn.log` (TSV with `#fields`, or JSON lines) and a CSV of flows, for
//! sites that already run a Zeek cluster or a flow exporter at line rate.
//!
//! A log line is one conversation: the originator is side A and the client. Zeek counts
//! IP-level bytes (`orig_ip_bytes`), not whole frames; operations are not in `conn.log`:
//! they come from Zeek's and ICSNPP's ICS logs ([`crate::zeek_ics`]), joined by `uid`.

use crate::SourceKind;
use crate::flow::{Flow, FlowTable, IdentifiedBy, Transport};
use crate::proto::{self, Dir, ProtocolId};
use crate::zeek_ics;
use std::cell::RefCell;
use std::io::{BufRead, Read};
use std::net::IpAddr;
use std::rc::Rc;

/// What a log reader may read: memory stays bounded whatever a (small, compressed) file
/// holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest line (bytes, without the newline).
    pub max_line_bytes: u64,
    /// Most bytes read from one source (decompressed).
    pub max_source_bytes: u64,
    /// Most flows kept over all sources of a run (captures and logs): conversations beyond
    /// it are counted, not kept, and reported as a fault.
    pub max_flows: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_line_bytes: 1 << 20,
            max_source_bytes: 64 << 30,
            max_flows: 2_000_000,
        }
    }
}

/// A fault of a log: the line, the byte offset where known, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFault {
    pub line: u64,
    pub offset: Option<u64>,
    pub message: String,
}

/// (bytes read, records, faults: the first bad line with the count of all, and a cap
/// that stopped the source).
pub type LogResult = (u64, u64, Vec<LogFault>);

/// A reader that stops with an error at the first line longer than the cap, or when the
/// source passes its size cap, so that no line buffer above it grows without bound. The
/// cap hit is kept in `hit` for the caller's message.
struct Capped<R> {
    inner: R,
    limits: Limits,
    offset: u64,
    line: u64,
    line_len: u64,
    hit: Rc<RefCell<Option<LogFault>>>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.hit.borrow().is_some() {
            return Err(cap_error());
        }
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_len = 0;
            } else {
                self.line_len += 1;
                if self.line_len > self.limits.max_line_bytes {
                    let at = self.offset + i as u64;
                    *self.hit.borrow_mut() = Some(LogFault {
                        line: self.line + 1,
                        offset: Some(at),
                        message: format!(
                            "line {} is longer than the cap of {} bytes (at byte offset {at}); the rest of the file is not read",
                            self.line + 1,
                            self.limits.max_line_bytes
                        ),
                    });
                    // Hand on what came before the cap (never an empty read, which would
                    // be taken for the end): the next read reports it.
                    self.offset += i as u64;
                    return if i == 0 { Err(cap_error()) } else { Ok(i) };
                }
            }
            if self.offset + i as u64 >= self.limits.max_source_bytes {
                let at = self.offset + i as u64;
                *self.hit.borrow_mut() = Some(LogFault {
                    line: self.line + 1,
                    offset: Some(at),
                    message: format!(
                        "the file is larger than the cap of {} bytes (at byte offset {at}); the rest of the file is not read",
                        self.limits.max_source_bytes
                    ),
                });
                self.offset += i as u64;
                return if i == 0 { Err(cap_error()) } else { Ok(i) };
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// The error [`Capped`] returns once a cap is reached (the fault itself is in `hit`).
#[derive(Debug)]
struct CapHit;

impl std::fmt::Display for CapHit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a reading cap was reached")
    }
}

impl std::error::Error for CapHit {}

fn cap_error() -> std::io::Error {
    std::io::Error::other(CapHit)
}

fn is_cap(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|x| x.is::<CapHit>())
}

/// Reads a flow log of `kind` into `table`. Lines that cannot be read are skipped and the
/// first of them is reported (with the count of all), so one bad line loses nothing else;
/// a line or file beyond `limits` ends the source with a fault saying the cap and offset.
pub fn read_log<R: BufRead>(
    kind: SourceKind,
    input: R,
    table: &mut FlowTable,
    limits: Limits,
) -> std::io::Result<LogResult> {
    let hit = Rc::new(RefCell::new(None));
    let capped = std::io::BufReader::with_capacity(
        1 << 16,
        Capped {
            inner: input,
            limits,
            offset: 0,
            line: 0,
            line_len: 0,
            hit: hit.clone(),
        },
    );
    let res = match kind {
        SourceKind::ZeekTsv => zeek_tsv(capped, table),
        SourceKind::ZeekJson => zeek_json(capped, table),
        _ => flow_csv(capped, table),
    };
    let (bytes, records, mut faults) = res?;
    if let Some(c) = hit.borrow_mut().take() {
        faults.push(c);
    }
    Ok((bytes, records, faults))
}

struct Bad {
    first: Option<(u64, String)>,
    count: u64,
}

impl Bad {
    fn new() -> Bad {
        Bad {
            first: None,
            count: 0,
        }
    }
    fn add(&mut self, line: u64, msg: String) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((line, msg));
        }
    }
    fn finish(self) -> Vec<LogFault> {
        self.first
            .map(|(line, m)| LogFault {
                line,
                offset: None,
                message: if self.count > 1 {
                    format!("{m} ({} unreadable lines in all, skipped)", self.count)
                } else {
                    format!("{m} (line skipped)")
                },
            })
            .into_iter()
            .collect()
    }
}

#[derive(Default)]
struct Rec {
    ts: Option<f64>,
    duration: Option<f64>,
    transport: Option<Transport>,
    a: Option<IpAddr>,
    a_port: Option<u16>,
    b: Option<IpAddr>,
    b_port: Option<u16>,
    service: Option<String>,
    pk_ab: u64,
    by_ab: u64,
    pk_ba: u64,
    by_ba: u64,
    zeek: bool,
    /// Zeek's connection uid (the join key of the ICS logs).
    uid: Option<String>,
    /// Fields of an ICS log line ([`zeek_ics::FIELDS`]).
    ics: Vec<(&'static str, String)>,
}

/// The start of `v` for a message: at most 64 characters.
fn shorten(v: &str) -> String {
    match v.char_indices().nth(64) {
        Some((at, _)) => format!("{}…", &v[..at]),
        None => v.to_owned(),
    }
}

/// Timestamps and durations kojo accepts: nanoseconds of them fit an i64 (years 1678-2262).
const MAX_SECONDS: f64 = 9.2e9;

fn transport_of(s: &str) -> Option<Transport> {
    match s.trim().to_ascii_lowercase().as_str() {
        "tcp" | "6" => Some(Transport::Tcp),
        "udp" | "17" => Some(Transport::Udp),
        "icmp" | "1" => Some(Transport::Other(1)),
        "icmpv6" | "58" => Some(Transport::Other(58)),
        other => other.parse::<u8>().ok().map(Transport::from_proto),
    }
}

impl Rec {
    /// Sets a field by its (Zeek or CSV) name; `Err` says what was wrong with the value.
    fn set(&mut self, name: &str, v: &str) -> Result<(), String> {
        let v = v.trim();
        if v.is_empty() || v == "-" || v == "(empty)" {
            return Ok(());
        }
        // Messages quote at most the start of a value (a log line may be long); no valid
        // number, port or address is longer than what is kept.
        let full = v;
        let shown = shorten(v);
        let v = shown.as_str();
        let num = |v: &str| -> Result<u64, String> {
            if let Ok(n) = v.parse::<u64>() {
                return Ok(n);
            }
            match v.parse::<f64>() {
                // Below 2^64 and whole enough: `12.0` as some exporters write counts.
                Ok(f) if f.is_finite() && (0.0..18_446_744_073_709_549_568.0).contains(&f) => {
                    Ok(f as u64)
                }
                Ok(_) => Err(format!(
                    "`{name}` is `{v}`, out of range (a count from 0 to {})",
                    u64::MAX
                )),
                Err(_) => Err(format!("`{name}` is `{v}`, not a number")),
            }
        };
        let seconds = |v: &str| -> Result<f64, String> {
            let f = v
                .parse::<f64>()
                .map_err(|_| format!("`{name}` is `{v}`, not seconds"))?;
            if f.is_finite() && f.abs() < MAX_SECONDS {
                Ok(f)
            } else {
                Err(format!(
                    "`{name}` is `{v}`, out of range (seconds within ±{MAX_SECONDS:.0} of 1970)"
                ))
            }
        };
        let port = |v: &str| -> Result<u16, String> {
            v.parse::<u16>()
                .map_err(|_| format!("`{name}` is `{v}`, not a port (0-65535)"))
        };
        let addr = |v: &str| -> Result<IpAddr, String> {
            v.parse::<IpAddr>()
                .map_err(|_| format!("`{name}` is `{v}`, not an IP address"))
        };
        if self.zeek {
            if name == "uid" {
                self.uid = Some(v.to_owned());
                return Ok(());
            }
            if let Some(k) = zeek_ics::FIELDS.iter().find(|k| **k == name) {
                self.ics.push((k, v.to_owned()));
                return Ok(());
            }
        }
        match name.to_ascii_lowercase().as_str() {
            "ts" | "first_seen" | "start" | "first" => self.ts = Some(seconds(v)?),
            "duration" => {
                let d = seconds(v)?;
                if d < 0.0 {
                    return Err(format!("`{name}` is `{v}`, a negative duration"));
                }
                self.duration = Some(d)
            }
            "proto" | "transport" => {
                self.transport =
                    Some(transport_of(v).ok_or_else(|| format!("`{name}` is `{v}`, not tcp/udp"))?)
            }
            "id.orig_h" | "src" | "src_addr" | "addr_a" | "source" | "orig_h" => {
                self.a = Some(addr(v)?)
            }
            "id.orig_p" | "src_port" | "port_a" | "sport" | "orig_p" => {
                self.a_port = Some(port(v)?)
            }
            "id.resp_h" | "dst" | "dst_addr" | "addr_b" | "destination" | "resp_h" => {
                self.b = Some(addr(v)?)
            }
            "id.resp_p" | "dst_port" | "port_b" | "dport" | "resp_p" => {
                self.b_port = Some(port(v)?)
            }
            "service" | "protocol" | "protocols" | "app" => self.service = Some(full.to_owned()),
            "orig_pkts" | "packets" | "packets_out" | "frames_a_to_b" | "pkts" => {
                self.pk_ab = num(v)?
            }
            "resp_pkts" | "packets_in" | "frames_b_to_a" => self.pk_ba = num(v)?,
            "orig_ip_bytes" | "bytes" | "bytes_out" | "bytes_a_to_b" => self.by_ab = num(v)?,
            "resp_ip_bytes" | "bytes_in" | "bytes_b_to_a" => self.by_ba = num(v)?,
            _ => {}
        }
        Ok(())
    }

    /// A Zeek line into the table: an ICS log line adds its operation to the flow of its
    /// uid (made from the line's ends until `conn.log` gives it); a `conn.log` line is a
    /// flow, merged with the one its uid already has.
    fn apply(mut self, table: &mut FlowTable) -> Result<(), String> {
        if self.ics.iter().all(|(k, _)| *k == "is_orig") {
            let uid = self.uid.take();
            let f = self.into_flow()?;
            table.push_log_flow(f, uid);
            return Ok(());
        }
        let ics = std::mem::take(&mut self.ics);
        // Containers and lines of no operation are read, not counted as operations.
        let Some((protocol, from_orig, op)) = zeek_ics::operation(&ics) else {
            return Ok(());
        };
        let uid = self
            .uid
            .take()
            .ok_or("an ICS log line without `uid` (nothing to join it to conn.log by)")?;
        self.transport
            .get_or_insert(if protocol == ProtocolId::Bacnet {
                Transport::Udp
            } else {
                Transport::Tcp
            });
        let mut made = None;
        let Some(f) = table.log_flow_mut(&uid, || {
            let mut f = match self.into_flow() {
                Ok(f) => f,
                Err(e) => {
                    made = Some(e);
                    Flow::new(
                        Transport::Tcp,
                        0,
                        std::net::Ipv4Addr::UNSPECIFIED.into(),
                        0,
                        std::net::Ipv4Addr::UNSPECIFIED.into(),
                        0,
                        0,
                    )
                }
            };
            f.protocol = protocol;
            f.identified_by = IdentifiedBy::Log;
            f
        }) else {
            // The table holds its cap of flows: counted there, reported by the caller.
            return Ok(());
        };
        if f.protocol == ProtocolId::Unknown || f.identified_by == IdentifiedBy::Port {
            f.protocol = protocol;
            f.identified_by = IdentifiedBy::Log;
        }
        let dir = if from_orig { Dir::AtoB } else { Dir::BtoA };
        f.add_op(dir, op, 1);
        match made {
            Some(e) => Err(format!("{e} (for the first line of uid {uid})")),
            None => Ok(()),
        }
    }

    fn into_flow(self) -> Result<Flow, String> {
        let (Some(a), Some(b)) = (self.a, self.b) else {
            return Err("no source/destination address (id.orig_h/id.resp_h or src/dst)".into());
        };
        let transport = self
            .transport
            .ok_or("no transport (proto: tcp or udp)".to_string())?;
        let ts = self.ts.unwrap_or(0.0);
        // Both within ±MAX_SECONDS: the products fit an i64 of nanoseconds.
        let ns = (ts * 1e9) as i64;
        let dur_ns = (self.duration.unwrap_or(0.0) * 1e9) as i64;
        let last = ns.checked_add(dur_ns).ok_or_else(|| {
            "the timestamp plus the duration is beyond the year 2262 (out of range)".to_string()
        })?;
        let mut f = Flow::new(
            transport,
            0,
            a,
            self.a_port.unwrap_or(0),
            b,
            self.b_port.unwrap_or(0),
            ns,
        );
        f.last_seen_ns = last;
        f.packets_ab = self.pk_ab;
        f.bytes_ab = self.by_ab;
        f.packets_ba = self.pk_ba;
        f.bytes_ba = self.by_ba;
        let tcp = transport == Transport::Tcp;
        if let Some(s) = &self.service {
            // Zeek writes lists ("ssl,http"); tshark's CSV "tpkt;cotp;s7comm".
            let found = s
                .split([',', ';', ' '])
                .rev()
                .map(ProtocolId::parse)
                .find(|p| *p != ProtocolId::Unknown);
            if let Some(p) = found {
                f.protocol = p;
                f.identified_by = IdentifiedBy::Log;
            }
        }
        if f.protocol == ProtocolId::Unknown
            && let Some(p) = proto::port_hint(tcp, f.b_port)
        {
            f.protocol = p;
            f.identified_by = IdentifiedBy::Port;
        }
        // Zeek's originator is the client; in a CSV, src is taken as the client.
        f.server = Some(if self.zeek || proto::port_hint(tcp, f.a_port).is_none() {
            Dir::AtoB
        } else {
            Dir::BtoA
        });
        Ok(f)
    }
}

fn zeek_tsv<R: BufRead>(input: R, table: &mut FlowTable) -> std::io::Result<LogResult> {
    let mut sep = "\t".to_string();
    let mut fields: Vec<String> = Vec::new();
    let (mut bytes, mut records) = (0u64, 0u64);
    let mut bad = Bad::new();
    for (i, line) in input.split(b'\n').enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) if is_cap(&e) => break,
            Err(e) => return Err(e),
        };
        bytes += line.len() as u64 + 1;
        let lineno = i as u64 + 1;
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches('\r');
        if let Some(rest) = line.strip_prefix("#separator ") {
            sep = unescape(rest);
            continue;
        }
        if let Some(rest) = line.strip_prefix("#fields") {
            fields = rest
                .split(sep.as_str())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if fields.is_empty() {
            bad.add(lineno, "data before the `#fields` header".into());
            continue;
        }
        let mut rec = Rec {
            zeek: true,
            ..Rec::default()
        };
        let res = fields
            .iter()
            .zip(line.split(sep.as_str()))
            .try_for_each(|(k, v)| rec.set(k, v))
            .and_then(|_| rec.apply(table));
        match res {
            Ok(()) => records += 1,
            Err(e) => bad.add(lineno, e),
        }
    }
    Ok((bytes, records, bad.finish()))
}

fn unescape(s: &str) -> String {
    // Zeek writes the separator as `\x09`.
    if let Some(hex) = s.strip_prefix("\\x")
        && let Ok(b) = u8::from_str_radix(hex.trim(), 16)
    {
        return (b as char).to_string();
    }
    s.to_owned()
}

fn zeek_json<R: BufRead>(input: R, table: &mut FlowTable) -> std::io::Result<LogResult> {
    let (mut bytes, mut records) = (0u64, 0u64);
    let mut bad = Bad::new();
    for (i, line) in input.split(b'\n').enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) if is_cap(&e) => break,
            Err(e) => return Err(e),
        };
        bytes += line.len() as u64 + 1;
        let lineno = i as u64 + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_slice(&line) {
            Ok(v) => v,
            Err(e) => {
                bad.add(lineno, format!("not JSON: {e}"));
                continue;
            }
        };
        let Some(obj) = v.as_object() else {
            bad.add(lineno, "not a JSON object".into());
            continue;
        };
        let mut rec = Rec {
            zeek: true,
            ..Rec::default()
        };
        let res = obj
            .iter()
            .try_for_each(|(k, v)| {
                let s = match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) => n.to_string(),
                    _ => return Ok(()),
                };
                if k == "ts" && !s.is_empty() && s.parse::<f64>().is_err() {
                    // ISO 8601 timestamps (Zeek's JSON with `use_json_iso8601`).
                    rec.ts = Some(iso_seconds(&s).ok_or_else(|| {
                        format!(
                            "`ts` is `{s}`, not a timestamp (YYYY-MM-DDTHH:MM:SSZ, years 1-9999)"
                        )
                    })?);
                    return Ok(());
                }
                rec.set(k, &s)
            })
            .and_then(|_| rec.apply(table));
        match res {
            Ok(()) => records += 1,
            Err(e) => bad.add(lineno, e),
        }
    }
    Ok((bytes, records, bad.finish()))
}

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SS[.frac]Z`.
fn iso_seconds(s: &str) -> Option<f64> {
    let s = s.trim_end_matches('Z');
    let (date, time) = s.split_once('T')?;
    let mut d = date.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, dd) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':');
    let h: i64 = t.next()?.parse().ok()?;
    let mi: i64 = t.next()?.parse().ok()?;
    let sec: f64 = t.next()?.parse().ok()?;
    // Out-of-range fields are no timestamp (and keep the arithmetic below in range).
    if !((1..=9999).contains(&y)
        && (1..=12).contains(&m)
        && (1..=31).contains(&dd)
        && (0..24).contains(&h)
        && (0..60).contains(&mi)
        && (0.0..61.0).contains(&sec))
    {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + h * 3600 + mi * 60) as f64 + sec)
}

fn flow_csv<R: BufRead>(input: R, table: &mut FlowTable) -> std::io::Result<LogResult> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Ok((
                0,
                0,
                vec![LogFault {
                    line: 1,
                    offset: None,
                    message: format!("unreadable CSV header: {e}"),
                }],
            ));
        }
    };
    let mut bad = Bad::new();
    let has = |names: &[&str]| {
        headers
            .iter()
            .any(|h| names.contains(&h.to_ascii_lowercase().as_str()))
    };
    if !has(&["src", "src_addr", "addr_a", "source", "id.orig_h"])
        || !has(&["dst", "dst_addr", "addr_b", "destination", "id.resp_h"])
    {
        // Not a flow CSV at all: the caller reports the file as unreadable.
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not a pcap/pcapng capture, Zeek conn.log or flow CSV (a flow CSV needs a header \
             with src and dst columns, and transport, src_port, dst_port)",
        ));
    }
    let mut records = 0u64;
    let mut rec_buf = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec_buf) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec_buf.position().map_or(0, |p| p.line());
                let mut rec = Rec::default();
                let res = headers
                    .iter()
                    .zip(rec_buf.iter())
                    .try_for_each(|(k, v)| rec.set(k, v))
                    .and_then(|_| rec.into_flow());
                match res {
                    Ok(f) => {
                        records += 1;
                        table.push_flow(f);
                    }
                    Err(e) => bad.add(line, e),
                }
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(io) if is_cap(io)) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bad.add(line, format!("unreadable CSV: {e}"));
                if !matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                ) {
                    break;
                }
            }
        }
    }
    let bytes = rdr.position().byte();
    Ok((bytes, records, bad.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_timestamps() {
        assert_eq!(iso_seconds("1970-01-02T00:00:01Z"), Some(86_401.0));
        assert_eq!(iso_seconds("2020-01-28T19:00:02.5Z"), Some(1_580_238_002.5));
        assert_eq!(iso_seconds("garbage"), None);
    }
}
