//! Protocol identification (port hint + header sanity of the payload) and the operations
//! of industrial protocols: read, write/control or management.
//!
//! No TCP reassembly: the headers that identify a protocol and name its operation sit at the
//! start of a segment. Each detector checks enough of the header to reject other traffic on
//! the same port (e.g. non-Modbus bytes on TCP/502).

use serde::{Deserialize, Serialize};

/// A protocol kojo recognises on a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProtocolId {
    Unknown,
    Modbus,
    S7comm,
    S7commPlus,
    EtherNetIp,
    Dnp3,
    OpcUa,
    Bacnet,
    Iec104,
    Mqtt,
    Http,
    Tls,
    Ssh,
    Rdp,
    Smb,
    Dns,
}

impl ProtocolId {
    /// The name used in output and in models' `protocol:` (lower-case, as commonly written).
    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolId::Unknown => "unknown",
            ProtocolId::Modbus => "modbus",
            ProtocolId::S7comm => "s7comm",
            ProtocolId::S7commPlus => "s7comm-plus",
            ProtocolId::EtherNetIp => "ethernet-ip",
            ProtocolId::Dnp3 => "dnp3",
            ProtocolId::OpcUa => "opc-ua",
            ProtocolId::Bacnet => "bacnet",
            ProtocolId::Iec104 => "iec104",
            ProtocolId::Mqtt => "mqtt",
            ProtocolId::Http => "http",
            ProtocolId::Tls => "tls",
            ProtocolId::Ssh => "ssh",
            ProtocolId::Rdp => "rdp",
            ProtocolId::Smb => "smb",
            ProtocolId::Dns => "dns",
        }
    }

    /// Parses the names of [`ProtocolId::as_str`] and common spellings (Zeek services,
    /// model `protocol:` values).
    pub fn parse(s: &str) -> ProtocolId {
        let s = s.trim().to_ascii_lowercase().replace(['_', ' ', '/'], "-");
        match s.as_str() {
            "modbus" | "modbus-tcp" | "mbtcp" => ProtocolId::Modbus,
            "s7comm" | "s7" | "iso-tsap" => ProtocolId::S7comm,
            "s7comm-plus" | "s7commplus" => ProtocolId::S7commPlus,
            "ethernet-ip" | "enip" | "ethernetip" | "cip" => ProtocolId::EtherNetIp,
            "dnp3" | "dnp3-tcp" | "dnp3-udp" => ProtocolId::Dnp3,
            "opc-ua" | "opcua" | "opcua-binary" | "opc-ua-binary" => ProtocolId::OpcUa,
            "bacnet" | "bacnet-ip" | "bacapp" | "bvlc" => ProtocolId::Bacnet,
            "iec104" | "iec-104" | "iec60870-5-104" | "iec-60870-5-104" => ProtocolId::Iec104,
            "mqtt" => ProtocolId::Mqtt,
            "http" | "https-plain" => ProtocolId::Http,
            "tls" | "ssl" | "https" => ProtocolId::Tls,
            "ssh" => ProtocolId::Ssh,
            "rdp" => ProtocolId::Rdp,
            "smb" | "smb2" | "cifs" => ProtocolId::Smb,
            "dns" | "mdns" => ProtocolId::Dns,
            _ => ProtocolId::Unknown,
        }
    }

    /// Whether this is an industrial (OT) protocol whose servers are controllers.
    pub fn is_ics(self) -> bool {
        matches!(
            self,
            ProtocolId::Modbus
                | ProtocolId::S7comm
                | ProtocolId::S7commPlus
                | ProtocolId::EtherNetIp
                | ProtocolId::Dnp3
                | ProtocolId::OpcUa
                | ProtocolId::Bacnet
                | ProtocolId::Iec104
        )
    }
}

impl std::fmt::Display for ProtocolId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The class of an operation (the read / write-control / management).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operation {
    Read,
    /// Writes to process values, commands, program download, start/stop, restart.
    WriteControl,
    /// Session set-up, identity, diagnostics, clock and subscription housekeeping.
    Management,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Read => "read",
            Operation::WriteControl => "write-control",
            Operation::Management => "management",
        }
    }
}

/// Which side of a flow sent a message: A (first sender) or B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Dir {
    AtoB,
    BtoA,
}

/// One operation seen in one segment: the protocol field, its value, and its class
/// (`None` for responses, which are counted but carry no class of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpSeen {
    /// Field name as tshark spells it (`modbus.func_code`, `s7comm.param.func`, …).
    pub field: &'static str,
    pub value: u32,
    /// Set for requests: what the requester asks the server to do.
    pub class: Option<Operation>,
    /// A request (as opposed to a response/ack/event).
    pub request: bool,
    /// Modbus unit id; 0 elsewhere.
    pub unit: u8,
}

/// Result of looking at one payload.
#[derive(Debug, Default)]
pub struct Seen {
    pub proto: Option<ProtocolId>,
    /// Extra text worth keeping (TLS SNI, MQTT topic, HTTP host).
    pub label: Option<String>,
}

/// Well-known server ports, for the hint (and for choosing the server side).
pub fn port_hint(tcp: bool, port: u16) -> Option<ProtocolId> {
    Some(match (tcp, port) {
        (true, 502) => ProtocolId::Modbus,
        (true, 102) => ProtocolId::S7comm,
        (_, 44818) | (false, 2222) => ProtocolId::EtherNetIp,
        (_, 20000) => ProtocolId::Dnp3,
        (true, 4840) => ProtocolId::OpcUa,
        (false, 47808) => ProtocolId::Bacnet,
        (true, 2404) => ProtocolId::Iec104,
        (true, 1883) | (true, 8883) => ProtocolId::Mqtt,
        (true, 80) | (true, 8080) => ProtocolId::Http,
        (true, 443) | (true, 8443) => ProtocolId::Tls,
        (true, 22) => ProtocolId::Ssh,
        (true, 3389) => ProtocolId::Rdp,
        (true, 445) | (true, 139) => ProtocolId::Smb,
        (_, 53) | (false, 5353) => ProtocolId::Dns,
        _ => return None,
    })
}

#[inline]
fn be16(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at + 2)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

#[inline]
fn le16(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at + 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

/// Identifies the protocol of a payload, preferring the port hint where the payload agrees.
/// `tcp` says the transport; `ports` are (source, destination).
pub fn identify(tcp: bool, ports: (u16, u16), p: &[u8]) -> Seen {
    let hint = port_hint(tcp, ports.1).or_else(|| port_hint(tcp, ports.0));
    let mut seen = Seen::default();
    if p.is_empty() {
        return seen;
    }
    // Payload checks strong enough to stand without a port hint first.
    let candidates: &[ProtocolId] = &[
        ProtocolId::Modbus,
        ProtocolId::S7comm,
        ProtocolId::EtherNetIp,
        ProtocolId::Dnp3,
        ProtocolId::OpcUa,
        ProtocolId::Bacnet,
        ProtocolId::Iec104,
        ProtocolId::Mqtt,
        ProtocolId::Http,
        ProtocolId::Tls,
        ProtocolId::Ssh,
        ProtocolId::Rdp,
        ProtocolId::Smb,
        ProtocolId::Dns,
    ];
    // `hinted`: the port names this protocol, so a lighter header check suffices; without
    // the hint only self-describing headers count (a COTP connection request alone, any
    // MQTT packet type or a loose EtherNet/IP header are too common by chance).
    let check = |id: ProtocolId, hinted: bool| -> Option<ProtocolId> {
        let ok = match id {
            ProtocolId::Modbus => tcp && is_modbus(p),
            ProtocolId::S7comm => {
                tcp && match s7_kind(p) {
                    Some(ProtocolId::S7comm) if !hinted => p.get(5) == Some(&0xf0),
                    k => k.is_some(),
                }
            }
            ProtocolId::EtherNetIp => is_enip(p, hinted),
            ProtocolId::Dnp3 => is_dnp3(p),
            ProtocolId::OpcUa => tcp && is_opcua(p),
            ProtocolId::Bacnet => !tcp && is_bacnet(p),
            ProtocolId::Iec104 => tcp && is_iec104(p),
            ProtocolId::Mqtt => {
                tcp && if hinted {
                    is_mqtt(p)
                } else {
                    is_mqtt_connect(p)
                }
            }
            ProtocolId::Http => tcp && is_http(p),
            ProtocolId::Tls => tcp && p.len() >= 5 && p[0] == 0x16 && p[1] == 3 && p[2] <= 4,
            ProtocolId::Ssh => tcp && p.starts_with(b"SSH-"),
            ProtocolId::Rdp => tcp && is_tpkt(p) && p.get(5) == Some(&0xe0),
            ProtocolId::Smb => {
                tcp && p.len() >= 8 && p[0] == 0 && matches!(&p[4..8], b"\xffSMB" | b"\xfeSMB")
            }
            ProtocolId::Dns => is_dns(p),
            _ => false,
        };
        if !ok {
            return None;
        }
        if id == ProtocolId::S7comm {
            return s7_kind(p);
        }
        Some(id)
    };
    if let Some(h) = hint
        && let Some(id) = check(h, true)
    {
        seen.proto = Some(id);
    }
    if seen.proto.is_none() {
        for &id in candidates {
            let strong = matches!(
                id,
                ProtocolId::S7comm
                    | ProtocolId::EtherNetIp
                    | ProtocolId::Dnp3
                    | ProtocolId::OpcUa
                    | ProtocolId::Bacnet
                    | ProtocolId::Mqtt
                    | ProtocolId::Http
                    | ProtocolId::Tls
                    | ProtocolId::Ssh
                    | ProtocolId::Smb
            );
            if strong && let Some(found) = check(id, false) {
                seen.proto = Some(found);
                break;
            }
        }
    }
    seen.label = match seen.proto {
        Some(ProtocolId::Tls) => tls_sni(p),
        Some(ProtocolId::Http) => http_host(p),
        _ => None,
    };
    seen
}

fn is_modbus(p: &[u8]) -> bool {
    // MBAP: protocol id 0, length 2..=254 covering unit id + PDU, a plausible function code.
    // (Function code 0 and odd codes are still Modbus framing: tshark decodes them too.)
    match (be16(p, 2), be16(p, 4), p.get(7)) {
        (Some(0), Some(len), Some(_)) => (2..=254).contains(&len),
        _ => false,
    }
}

fn is_tpkt(p: &[u8]) -> bool {
    p.len() >= 7 && p[0] == 3 && p[1] == 0 && be16(p, 2).is_some_and(|l| l >= 7)
}

/// S7comm (0x32) or S7comm-plus (0x72) over TPKT/COTP; COTP connection set-up on port 102
/// counts as S7comm.
pub fn s7_kind(p: &[u8]) -> Option<ProtocolId> {
    if !is_tpkt(p) {
        return None;
    }
    let cotp_len = usize::from(*p.get(4)?);
    let pdu = *p.get(5)?;
    if pdu == 0xf0 {
        match p.get(5 + cotp_len) {
            Some(0x32) => Some(ProtocolId::S7comm),
            Some(0x72) => Some(ProtocolId::S7commPlus),
            _ => None,
        }
    } else if matches!(pdu, 0xe0 | 0xd0) {
        // Connection request/confirm: the S7 family by TSAP is the best guess.
        Some(ProtocolId::S7comm)
    } else {
        None
    }
}

fn is_enip(p: &[u8], hinted: bool) -> bool {
    let (Some(cmd), Some(len)) = (le16(p, 0), le16(p, 2)) else {
        return false;
    };
    let known = matches!(
        cmd,
        0x0004 | 0x0063 | 0x0064 | 0x0065 | 0x0066 | 0x006f | 0x0070
    );
    let options_zero = p.get(20..24) == Some(&[0, 0, 0, 0]);
    let whole = usize::from(len) + 24;
    // Without the port, the encapsulation length must describe the payload exactly.
    known && p.len() >= 24 && options_zero && (hinted || whole == p.len())
}

fn is_dnp3(p: &[u8]) -> bool {
    p.len() >= 10 && p[0] == 0x05 && p[1] == 0x64 && p[2] >= 5
}

fn is_opcua(p: &[u8]) -> bool {
    p.len() >= 8
        && matches!(
            &p[0..3],
            b"HEL" | b"ACK" | b"OPN" | b"MSG" | b"CLO" | b"ERR" | b"RHE"
        )
        && matches!(p[3], b'F' | b'C' | b'A')
}

fn is_bacnet(p: &[u8]) -> bool {
    p.len() >= 6 && p[0] == 0x81 && p[1] <= 0x0c && be16(p, 2).is_some_and(|l| l >= 4)
}

fn is_iec104(p: &[u8]) -> bool {
    p.len() >= 6 && p[0] == 0x68 && usize::from(p[1]) >= 4
}

/// An MQTT CONNECT, which names the protocol.
fn is_mqtt_connect(p: &[u8]) -> bool {
    if p.len() >= 10 && p[0] == 0x10 {
        let w = &p[2..p.len().min(16)];
        return w.windows(4).any(|x| x == b"MQTT") || w.windows(6).any(|x| x == b"MQIsdp");
    }
    false
}

/// Any MQTT control packet (only trusted on the MQTT ports).
fn is_mqtt(p: &[u8]) -> bool {
    is_mqtt_connect(p) || (p.len() >= 2 && matches!(p[0] >> 4, 2..=14))
}

fn is_http(p: &[u8]) -> bool {
    const M: [&[u8]; 9] = [
        b"GET ",
        b"POST ",
        b"PUT ",
        b"HEAD ",
        b"DELETE ",
        b"OPTIONS ",
        b"PATCH ",
        b"CONNECT ",
        b"HTTP/1.",
    ];
    M.iter().any(|m| p.starts_with(m))
}

fn is_dns(p: &[u8]) -> bool {
    // 12-byte header, sane counts, opcode 0..=5.
    p.len() >= 12
        && (p[2] >> 3) & 0x0f <= 5
        && be16(p, 4).is_some_and(|q| q <= 16)
        && be16(p, 6).is_some_and(|a| a <= 256)
}

fn tls_sni(p: &[u8]) -> Option<String> {
    // record(5) handshake type 1 (ClientHello), len(3), version(2), random(32), session id.
    if p.get(5) != Some(&1) {
        return None;
    }
    let mut i = 5 + 4 + 2 + 32;
    i += 1 + usize::from(*p.get(i)?);
    i += 2 + usize::from(be16(p, i)?);
    i += 1 + usize::from(*p.get(i)?);
    let ext_end = i + 2 + usize::from(be16(p, i)?);
    i += 2;
    while i + 4 <= ext_end.min(p.len()) {
        let ty = be16(p, i)?;
        let len = usize::from(be16(p, i + 2)?);
        if ty == 0 {
            // server_name list: len(2) type(1) name len(2) name.
            let n = usize::from(be16(p, i + 7)?);
            let name = p.get(i + 9..i + 9 + n)?;
            return std::str::from_utf8(name).ok().map(str::to_owned);
        }
        i += 4 + len;
    }
    None
}

fn http_host(p: &[u8]) -> Option<String> {
    let head = &p[..p.len().min(2048)];
    let text = std::str::from_utf8(head).ok().or_else(|| {
        // Cut at the last valid UTF-8 boundary.
        let valid = std::str::from_utf8(head).err()?.valid_up_to();
        std::str::from_utf8(&head[..valid]).ok()
    })?;
    text.lines()
        .find_map(|l| {
            l.strip_prefix("Host: ")
                .or_else(|| l.strip_prefix("host: "))
        })
        .map(|h| h.trim().to_owned())
}

/// Calls `out` with every operation visible in one payload of `proto`. `to_server` says
/// whether the payload travels towards the server side (requests). Returns the offset of a
/// trailing message that continues in the next segment (Modbus), to be carried over.
pub fn operations(
    proto: ProtocolId,
    tcp: bool,
    to_server: bool,
    p: &[u8],
    out: &mut dyn FnMut(OpSeen),
) -> Option<usize> {
    match proto {
        ProtocolId::Modbus if tcp => return modbus_ops(to_server, p, out),
        ProtocolId::S7comm => s7_ops(p, out),
        ProtocolId::EtherNetIp => enip_ops(p, out),
        ProtocolId::Dnp3 => dnp3_ops(p, out),
        ProtocolId::OpcUa => opcua_ops(p, out),
        ProtocolId::Bacnet => bacnet_ops(p, out),
        ProtocolId::Iec104 => iec104_ops(p, out),
        ProtocolId::Mqtt => mqtt_ops(p, out),
        _ => {}
    }
    None
}

/// Modbus function codes by class (requests).
pub fn modbus_class(fc: u8) -> Operation {
    match fc & 0x7f {
        1 | 2 | 3 | 4 | 7 | 20 | 24 => Operation::Read,
        5 | 6 | 15 | 16 | 21 | 22 | 23 => Operation::WriteControl,
        _ => Operation::Management,
    }
}

/// Counts every whole ADU (several may share a segment). An ADU that runs past the end of
/// the segment is not counted here: its offset is returned so the caller can carry it into
/// the next segment, as tshark's reassembly does.
fn modbus_ops(to_server: bool, p: &[u8], out: &mut dyn FnMut(OpSeen)) -> Option<usize> {
    let mut at = 0usize;
    for _ in 0..1024 {
        let q = &p[at..];
        if q.is_empty() {
            return None;
        }
        let (Some(proto_id), Some(len)) = (be16(q, 2), be16(q, 4)) else {
            // A header cut short: carry it if it can still be Modbus.
            return (q.len() < 6 && be16(q, 2).is_none_or(|x| x == 0)).then_some(at);
        };
        let len = usize::from(len);
        if proto_id != 0 || !(2..=254).contains(&len) {
            return None;
        }
        if q.len() < 6 + len {
            return Some(at);
        }
        let (unit, fc) = (q[6], q[7]);
        // Exception responses keep their exception code in the second byte of `value`.
        let exc = if fc & 0x80 != 0 {
            q.get(8).map_or(0, |&e| u32::from(e)) << 8
        } else {
            0
        };
        out(OpSeen {
            field: "modbus.func_code",
            value: u32::from(fc) | exc,
            class: to_server.then(|| modbus_class(fc)),
            request: to_server,
            unit,
        });
        at += 6 + len;
    }
    None
}

/// S7comm parameter function codes by class (jobs).
pub fn s7_class(func: u8) -> Operation {
    match func {
        0x04 => Operation::Read,
        0x05 | 0x1a | 0x1b | 0x1c | 0x28 | 0x29 => Operation::WriteControl,
        // Upload (0x1d-0x1f) reads the program out; setup communication (0xf0).
        0x1d..=0x1f => Operation::Read,
        _ => Operation::Management,
    }
}

fn s7_ops(mut p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    for _ in 0..64 {
        if !is_tpkt(p) {
            return;
        }
        let Some(tlen) = be16(p, 2).map(usize::from) else {
            return;
        };
        let Some(&cotp_len) = p.get(4) else { return };
        let s7 = 5 + usize::from(cotp_len);
        if p.get(5) == Some(&0xf0)
            && p.get(s7) == Some(&0x32)
            && let Some(&rosctr) = p.get(s7 + 1)
        {
            // Job (1) and userdata (7) have a 10-byte header, ack_data (3) 12.
            let hdr = if matches!(rosctr, 2 | 3) { 12 } else { 10 };
            match (rosctr, p.get(s7 + hdr)) {
                (1, Some(&func)) => out(OpSeen {
                    field: "s7comm.param.func",
                    value: u32::from(func),
                    class: Some(s7_class(func)),
                    request: true,
                    unit: 0,
                }),
                (3, Some(&func)) => out(OpSeen {
                    field: "s7comm.param.func",
                    value: u32::from(func),
                    class: None,
                    request: false,
                    unit: 0,
                }),
                (7, Some(_)) => {
                    // Userdata: parameter head (3) len (1) method (1) type/group (1).
                    let tg = p.get(s7 + hdr + 5).copied().unwrap_or(0);
                    let group = tg & 0x0f;
                    let request = tg >> 4 == 4;
                    // Group 7 subfunction 2 is "set clock": a write.
                    let sub = p.get(s7 + hdr + 6).copied().unwrap_or(0);
                    let class = if group == 7 && sub == 2 {
                        Operation::WriteControl
                    } else {
                        Operation::Management
                    };
                    out(OpSeen {
                        field: "s7comm.param.userdata.funcgroup",
                        value: u32::from(group),
                        class: request.then_some(class),
                        request,
                        unit: 0,
                    });
                }
                _ => {}
            }
        }
        if tlen < 7 || p.len() <= tlen {
            return;
        }
        p = &p[tlen..];
    }
}

/// CIP service codes by class (requests).
pub fn cip_class(sc: u8) -> Operation {
    match sc & 0x7f {
        0x01 | 0x03 | 0x0e | 0x4c | 0x52 => Operation::Read,
        0x02 | 0x04 | 0x05 | 0x06 | 0x07 | 0x10 | 0x4d | 0x4e | 0x53 => Operation::WriteControl,
        _ => Operation::Management,
    }
}

fn enip_ops(p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    let Some(cmd) = le16(p, 0) else { return };
    let request = le16(p, 8) == Some(0) && le16(p, 10) == Some(0);
    out(OpSeen {
        field: "enip.command",
        value: u32::from(cmd),
        class: None,
        request: false,
        unit: 0,
    });
    if !matches!(cmd, 0x006f | 0x0070) {
        return;
    }
    let _ = request;
    // Common packet format after the 24-byte header, interface handle (4), timeout (2).
    let Some(count) = le16(p, 30) else { return };
    let mut i = 32usize;
    for _ in 0..count.min(8) {
        let (Some(ty), Some(len)) = (le16(p, i), le16(p, i + 2)) else {
            return;
        };
        let len = usize::from(len);
        let data_at = i + 4;
        let cip_at = match ty {
            0x00b2 => Some(data_at),
            0x00b1 => Some(data_at + 2),
            _ => None,
        };
        if let Some(at) = cip_at
            && let Some(&sc) = p.get(at)
        {
            cip_service(sc, p.get(at..data_at + len).unwrap_or(&[]), out);
        }
        i = data_at + len;
    }
}

fn cip_service(sc: u8, msg: &[u8], out: &mut dyn FnMut(OpSeen)) {
    let response = sc & 0x80 != 0;
    // Unconnected Send (0x52 to the Connection Manager, class 6) wraps the real request.
    if !response && sc == 0x52 {
        let path_words = usize::from(msg.get(1).copied().unwrap_or(0));
        let path = msg.get(2..2 + path_words * 2).unwrap_or(&[]);
        if path.starts_with(&[0x20, 0x06]) {
            let at = 2 + path_words * 2 + 2; // priority/tick, timeout ticks
            if let (Some(len), Some(&inner)) = (le16(msg, at), msg.get(at + 2)) {
                let end = (at + 2 + usize::from(len)).min(msg.len());
                out(OpSeen {
                    field: "cip.sc",
                    value: u32::from(sc),
                    class: Some(Operation::Management),
                    request: true,
                    unit: 0,
                });
                cip_service(inner, msg.get(at + 2..end).unwrap_or(&[]), out);
                return;
            }
        }
    }
    // Forward Open/Close (0x54/0x4e, 0x5b large) to the Connection Manager are housekeeping.
    let to_cm = msg.get(2..4) == Some(&[0x20, 0x06]);
    let class = if to_cm {
        Operation::Management
    } else {
        cip_class(sc)
    };
    out(OpSeen {
        field: "cip.sc",
        value: u32::from(sc),
        class: (!response).then_some(class),
        request: !response,
        unit: 0,
    });
}

/// DNP3 application function codes by class (requests).
pub fn dnp3_class(fc: u8) -> Operation {
    match fc {
        1 => Operation::Read,
        2..=6 | 13 | 14 | 16..=19 | 24 | 25 | 27 | 31 => Operation::WriteControl,
        _ => Operation::Management,
    }
}

fn dnp3_ops(p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    // Link header 10 bytes (incl. CRC); the first user-data block starts with the transport
    // byte then the application control and function code.
    if !is_dnp3(p) {
        return;
    }
    let Some(&ctrl) = p.get(3) else { return };
    // Only primary frames carrying user data (unconfirmed/confirmed user data).
    if ctrl & 0x0f != 4 && ctrl & 0x0f != 3 {
        return;
    }
    let (Some(&th), Some(&fc)) = (p.get(10), p.get(12)) else {
        return;
    };
    if th & 0x40 == 0 {
        return; // not the first transport segment
    }
    let request = fc < 0x80;
    out(OpSeen {
        field: "dnp3.al.func",
        value: u32::from(fc),
        class: request.then(|| dnp3_class(fc)),
        request,
        unit: 0,
    });
}

/// OPC UA service request node ids by class.
pub fn opcua_class(id: u32) -> Operation {
    match id {
        631 | 527 | 533 | 664 | 637 | 826 => Operation::Read, // Read, Browse, BrowseNext, HistoryRead…
        673 | 700 | 712 | 488 | 494 | 500 | 506 => Operation::WriteControl, // Write, HistoryUpdate, Call, Add/Delete nodes/refs
        _ => Operation::Management,
    }
}

fn opcua_ops(p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    if p.len() < 8 || &p[0..3] != b"MSG" {
        return;
    }
    // header 8, channel 4, token 4, sequence 4, request id 4, then the type node id.
    let at = 24;
    let id = match p.get(at) {
        Some(0x01) => le16(p, at + 2).map(u32::from),
        Some(0x00) => p.get(at + 1).map(|&b| u32::from(b)),
        Some(0x02) => p
            .get(at + 3..at + 7)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        _ => None,
    };
    if let Some(id) = id {
        // Requests and responses have distinct ids; responses are id + 3 in the standard set.
        let request = !matches!(
            id,
            634 | 676 | 715 | 530 | 464 | 470 | 449 | 455 | 829 | 790
        );
        out(OpSeen {
            field: "opcua.servicenodeid.numeric",
            value: id,
            class: request.then(|| opcua_class(id)),
            request,
            unit: 0,
        });
    }
}

/// BACnet confirmed services by class.
pub fn bacnet_class(svc: u8) -> Operation {
    match svc {
        12 | 14 | 26 | 6 => Operation::Read,
        7 | 8 | 9 | 10 | 11 | 15 | 16 | 17 | 20 => Operation::WriteControl,
        _ => Operation::Management,
    }
}

fn bacnet_ops(p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    if !is_bacnet(p) {
        return;
    }
    // BVLC: type, function, length; forwarded-NPDU (4) adds 6 bytes of origin.
    let mut i = if p[1] == 0x04 { 10 } else { 4 };
    let (Some(&ver), Some(&ctl)) = (p.get(i), p.get(i + 1)) else {
        return;
    };
    if ver != 1 || ctl & 0x80 != 0 {
        return; // network-layer message, no APDU
    }
    i += 2;
    if ctl & 0x20 != 0 {
        let dlen = usize::from(p.get(i + 2).copied().unwrap_or(0));
        i += 3 + dlen;
    }
    if ctl & 0x08 != 0 {
        let slen = usize::from(p.get(i + 2).copied().unwrap_or(0));
        i += 3 + slen;
    }
    if ctl & 0x20 != 0 {
        i += 1; // hop count
    }
    let Some(&apdu) = p.get(i) else { return };
    let ty = apdu >> 4;
    out(OpSeen {
        field: "bacapp.type",
        value: u32::from(ty),
        class: None,
        request: false,
        unit: 0,
    });
    match ty {
        0 => {
            let seg = apdu & 0x08 != 0;
            let at = i + if seg { 5 } else { 3 };
            if let Some(&svc) = p.get(at) {
                out(OpSeen {
                    field: "bacapp.confirmed_service",
                    value: u32::from(svc),
                    class: Some(bacnet_class(svc)),
                    request: true,
                    unit: 0,
                });
            }
        }
        1 => {
            if let Some(&svc) = p.get(i + 1) {
                // Time synchronisation (6, 9) sets the clock of every listener.
                let class = if matches!(svc, 6 | 9) {
                    Operation::WriteControl
                } else {
                    Operation::Management
                };
                out(OpSeen {
                    field: "bacapp.unconfirmed_service",
                    value: u32::from(svc),
                    class: Some(class),
                    request: true,
                    unit: 0,
                });
            }
        }
        _ => {}
    }
}

/// IEC 60870-5-104 ASDU type ids by class (in the control direction).
pub fn iec104_class(type_id: u8) -> Operation {
    match type_id {
        45..=69 | 105 => Operation::WriteControl,
        100..=102 => Operation::Read,
        _ => Operation::Management,
    }
}

fn iec104_ops(mut p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    for _ in 0..64 {
        if p.len() < 6 || p[0] != 0x68 {
            return;
        }
        let len = usize::from(p[1]);
        let c1 = p[2];
        let format = if c1 & 1 == 0 { 0 } else { c1 & 3 };
        out(OpSeen {
            field: "iec60870_104.type",
            value: u32::from(format),
            class: None,
            request: false,
            unit: 0,
        });
        if format == 0
            && let (Some(&tid), Some(&cot)) = (p.get(6), p.get(8))
        {
            let cause = cot & 0x3f;
            // Activation (6) and deactivation (8) are the commanding direction.
            let command = matches!(cause, 6 | 8);
            out(OpSeen {
                field: "iec60870_asdu.typeid",
                value: u32::from(tid),
                class: command.then(|| iec104_class(tid)),
                request: command,
                unit: 0,
            });
        }
        if p.len() < 2 + len {
            return;
        }
        p = &p[2 + len..];
    }
}

fn mqtt_ops(mut p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    for _ in 0..64 {
        let Some(&b0) = p.first() else { return };
        // Remaining length: up to 4 bytes of 7-bit groups.
        let mut len = 0usize;
        let mut i = 1;
        loop {
            let Some(&b) = p.get(i) else { return };
            len |= usize::from(b & 0x7f) << (7 * (i - 1));
            i += 1;
            if b & 0x80 == 0 || i > 4 {
                break;
            }
        }
        let ty = b0 >> 4;
        if ty == 0 {
            return;
        }
        let class = match ty {
            3 => Some(Operation::WriteControl),
            8 => Some(Operation::Read),
            1 | 12 | 14 | 10 => Some(Operation::Management),
            _ => None,
        };
        out(OpSeen {
            field: "mqtt.msgtype",
            value: u32::from(ty),
            class,
            request: class.is_some(),
            unit: 0,
        });
        if p.len() < i + len {
            return;
        }
        p = &p[i + len..];
    }
}

/// The topic of an MQTT PUBLISH at the start of `p`, if whole.
pub fn mqtt_publish_topic(p: &[u8]) -> Option<String> {
    if p.first()? >> 4 != 3 {
        return None;
    }
    let mut i = 1;
    while p.get(i)? & 0x80 != 0 {
        i += 1;
        if i > 4 {
            return None;
        }
    }
    i += 1;
    let n = usize::from(be16(p, i)?);
    let t = p.get(i + 2..i + 2 + n)?;
    std::str::from_utf8(t).ok().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(proto: ProtocolId, to_server: bool, p: &[u8]) -> Vec<OpSeen> {
        let mut v = Vec::new();
        let _ = operations(proto, true, to_server, p, &mut |o| v.push(o));
        v
    }

    #[test]
    fn modbus_pipelined_adus_each_count() {
        // Two read-holding-registers requests in one segment.
        let one = [0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 2];
        let mut seg = one.to_vec();
        seg.extend_from_slice(&[0, 2, 0, 0, 0, 6, 1, 16, 0, 0, 0, 2]);
        let v = ops(ProtocolId::Modbus, true, &seg);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].class, Some(Operation::Read));
        assert_eq!(v[1].value, 16);
        assert_eq!(v[1].class, Some(Operation::WriteControl));
        assert!(identify(true, (40000, 502), &one).proto == Some(ProtocolId::Modbus));
        // Non-Modbus bytes on 502 are not Modbus.
        assert_eq!(identify(true, (40000, 502), b"hello world!").proto, None);
    }

    #[test]
    fn s7_stop_is_control_and_tls_sni_is_read() {
        // TPKT, COTP DT, S7 job with function 0x29 (PLC stop).
        let p = [
            3, 0, 0, 33, 2, 0xf0, 0x80, 0x32, 1, 0, 0, 0, 1, 0, 16, 0, 0, 0x29, 0, 0, 0, 0, 0, 9,
            b'P', b'_', b'P', b'R', b'O', b'G', b'R', b'A', b'M',
        ];
        assert_eq!(
            identify(true, (5000, 102), &p).proto,
            Some(ProtocolId::S7comm)
        );
        let v = ops(ProtocolId::S7comm, true, &p);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].value, 0x29);
        assert_eq!(v[0].class, Some(Operation::WriteControl));
    }

    #[test]
    fn garbage_never_panics() {
        let mut x = 0x12345678u32;
        for n in 0..300 {
            let buf: Vec<u8> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    (x & 0xff) as u8
                })
                .collect();
            for &proto in &[
                ProtocolId::Modbus,
                ProtocolId::S7comm,
                ProtocolId::EtherNetIp,
                ProtocolId::Dnp3,
                ProtocolId::OpcUa,
                ProtocolId::Bacnet,
                ProtocolId::Iec104,
                ProtocolId::Mqtt,
            ] {
                let _ = operations(proto, true, true, &buf, &mut |_| {});
            }
            let _ = identify(true, (1, 443), &buf);
            let _ = identify(false, (1, 47808), &buf);
            let _ = mqtt_publish_topic(&buf);
        }
    }
}
