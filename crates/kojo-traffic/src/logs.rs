//! Flow logs: Zeek `conn.log` (TSV with `#fields`, or JSON lines) and a CSV of flows, for
//! sites that already run a Zeek cluster or a flow exporter at line rate.
//!
//! A log line is one conversation: the originator is side A and the client. Zeek counts
//! IP-level bytes (`orig_ip_bytes`), not whole frames; operations are not in `conn.log`, so
//! control crossings cannot be told from it (only undeclared flows and unknown hosts).

use crate::SourceKind;
use crate::flow::{Flow, FlowTable, IdentifiedBy, Transport};
use crate::proto::{self, Dir, ProtocolId};
use std::io::BufRead;
use std::net::IpAddr;

/// (bytes read, records, first bad line with its message).
pub type LogResult = (u64, u64, Option<(u64, String)>);

/// Reads a flow log of `kind` into `table`. Lines that cannot be read are skipped and the
/// first of them is reported (with the count of all), so one bad line loses nothing else.
pub fn read_log<R: BufRead>(
    kind: SourceKind,
    input: R,
    table: &mut FlowTable,
) -> std::io::Result<LogResult> {
    match kind {
        SourceKind::ZeekTsv => zeek_tsv(input, table),
        SourceKind::ZeekJson => zeek_json(input, table),
        _ => flow_csv(input, table),
    }
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
    fn finish(self) -> Option<(u64, String)> {
        self.first.map(|(l, m)| {
            if self.count > 1 {
                (
                    l,
                    format!("{m} ({} unreadable lines in all, skipped)", self.count),
                )
            } else {
                (l, format!("{m} (line skipped)"))
            }
        })
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
}

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
        let num = |v: &str| -> Result<u64, String> {
            v.parse::<u64>()
                .or_else(|_| v.parse::<f64>().map(|f| f as u64))
                .map_err(|_| format!("`{name}` is `{v}`, not a number"))
        };
        let port = |v: &str| -> Result<u16, String> {
            v.parse::<u16>()
                .map_err(|_| format!("`{name}` is `{v}`, not a port (0-65535)"))
        };
        let addr = |v: &str| -> Result<IpAddr, String> {
            v.parse::<IpAddr>()
                .map_err(|_| format!("`{name}` is `{v}`, not an IP address"))
        };
        match name.to_ascii_lowercase().as_str() {
            "ts" | "first_seen" | "start" | "first" => {
                self.ts = Some(
                    v.parse::<f64>()
                        .map_err(|_| format!("`{name}` is `{v}`, not seconds since 1970"))?,
                )
            }
            "duration" => self.duration = v.parse::<f64>().ok(),
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
            "service" | "protocol" | "protocols" | "app" => self.service = Some(v.to_owned()),
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

    fn into_flow(self) -> Result<Flow, String> {
        let (Some(a), Some(b)) = (self.a, self.b) else {
            return Err("no source/destination address (id.orig_h/id.resp_h or src/dst)".into());
        };
        let transport = self
            .transport
            .ok_or("no transport (proto: tcp or udp)".to_string())?;
        let ts = self.ts.unwrap_or(0.0);
        let ns = (ts * 1e9) as i64;
        let mut f = Flow::new(
            transport,
            0,
            a,
            self.a_port.unwrap_or(0),
            b,
            self.b_port.unwrap_or(0),
            ns,
        );
        f.last_seen_ns = ns + (self.duration.unwrap_or(0.0) * 1e9) as i64;
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
        let line = line?;
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
            .and_then(|_| rec.into_flow());
        match res {
            Ok(f) => {
                records += 1;
                table.push_flow(f);
            }
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
        let line = line?;
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
                    rec.ts = iso_seconds(&s);
                    return Ok(());
                }
                rec.set(k, &s)
            })
            .and_then(|_| rec.into_flow());
        match res {
            Ok(f) => {
                records += 1;
                table.push_flow(f);
            }
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
        Err(e) => return Ok((0, 0, Some((1, format!("unreadable CSV header: {e}"))))),
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
