//! Protocol identification (port hint + header sanity of the payload) and the operations
//! of industrial protocols by operation type (read, write, control, program, firmware, time,
//! management).
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
    #[serde(rename = "ethernet-ip")]
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

/// The type of an operation: what a request asks the server to do, in the terms that
/// matter for a plant (a decision on one type never covers another).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operation {
    /// Reading process values, tags, attributes or history.
    Read,
    /// Writing process values, tags, attributes, outputs or set points.
    Write,
    /// Changing the mode of a controller: stop, start, reset, restart.
    Control,
    /// Changing the program or address space: block download/upload/delete, PI services,
    /// adding or deleting nodes, objects and files.
    Program,
    /// Replacing the firmware.
    Firmware,
    /// Setting the clock.
    Time,
    /// Sessions, browsing, identity, diagnostics and subscription housekeeping.
    Management,
}

impl Operation {
    /// Every type, in order.
    pub const ALL: [Operation; 7] = [
        Operation::Read,
        Operation::Write,
        Operation::Control,
        Operation::Program,
        Operation::Firmware,
        Operation::Time,
        Operation::Management,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Read => "read",
            Operation::Write => "write",
            Operation::Control => "control",
            Operation::Program => "program",
            Operation::Firmware => "firmware",
            Operation::Time => "time",
            Operation::Management => "management",
        }
    }

    /// A command: it changes what the server holds or does (a control crossing when it
    /// comes from another zone).
    pub fn is_command(self) -> bool {
        !matches!(self, Operation::Read | Operation::Management)
    }

    /// The type in English prose.
    pub fn name_en(self) -> &'static str {
        match self {
            Operation::Read => "read",
            Operation::Write => "write",
            Operation::Control => "control (stop, start, reset)",
            Operation::Program => "program change",
            Operation::Firmware => "firmware update",
            Operation::Time => "clock setting",
            Operation::Management => "management",
        }
    }

    /// The type in Japanese prose (the same terms as [`Operation::name_en`]).
    pub fn name_ja(self) -> &'static str {
        match self {
            Operation::Read => "読出し",
            Operation::Write => "書込み",
            Operation::Control => "制御(停止・起動・リセット)",
            Operation::Program => "プログラム変更",
            Operation::Firmware => "ファームウェア更新",
            Operation::Time => "時刻設定",
            Operation::Management => "管理",
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
    /// How many operations this is (the items of a multi-item request).
    pub n: u32,
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

/// Protocol field names of [`OpSeen::field`], as tshark spells them (kojo's own for the
/// S7 userdata function and an unreadable OPC UA message).
pub mod field {
    pub const MODBUS: &str = "modbus.func_code";
    pub const S7_JOB: &str = "s7comm.param.func";
    /// Userdata: function group × 256 + subfunction (read clock and set clock apart).
    pub const S7_USERDATA: &str = "s7comm.param.userdata.subfunc";
    pub const ENIP: &str = "enip.command";
    pub const CIP: &str = "cip.sc";
    /// Services of the Connection Manager (class 6), whose codes overlap Logix tag services.
    pub const CIP_CM: &str = "cip.cm.sc";
    pub const DNP3: &str = "dnp3.al.func";
    pub const OPCUA: &str = "opcua.servicenodeid.numeric";
    /// A message whose service cannot be read (encrypted, or the middle of a chunked one).
    pub const OPCUA_UNREADABLE: &str = "opcua.unreadable";
    pub const BACNET_TYPE: &str = "bacapp.type";
    pub const BACNET_CONFIRMED: &str = "bacapp.confirmed_service";
    pub const BACNET_UNCONFIRMED: &str = "bacapp.unconfirmed_service";
    pub const IEC104_APCI: &str = "iec60870_104.type";
    pub const IEC104_ASDU: &str = "iec60870_asdu.typeid";
    pub const MQTT: &str = "mqtt.msgtype";
}

impl OpSeen {
    fn request(field: &'static str, value: u32, class: Operation, n: u32) -> OpSeen {
        OpSeen {
            field,
            value,
            class: Some(class),
            request: true,
            unit: 0,
            n,
        }
    }
    /// A response, acknowledgement or event: counted, no type of its own.
    fn other(field: &'static str, value: u32) -> OpSeen {
        OpSeen {
            field,
            value,
            class: None,
            request: false,
            unit: 0,
            n: 1,
        }
    }
}

/// Calls `out` with every operation visible in one payload of `proto`. `to_server` says
/// whether the payload travels towards the server side (requests). Returns the offset of a
/// trailing message that continues in the next segment (Modbus), to be carried over.
/// Containers (CIP Multiple Service Packet and Unconnected Send) are not operations of
/// their own: their parts are reported, so a container's types are its parts' types.
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
        ProtocolId::EtherNetIp => enip_ops(to_server, p, out),
        ProtocolId::Dnp3 => dnp3_ops(p, out),
        ProtocolId::OpcUa => opcua_ops(to_server, p, out),
        ProtocolId::Bacnet => bacnet_ops(p, out),
        ProtocolId::Iec104 => iec104_ops(p, out),
        ProtocolId::Mqtt => mqtt_ops(p, out),
        _ => {}
    }
    None
}

/// The protocol's own name of an operation (`S7 Write Var`, `CIP Write Tag`, `OPC UA
/// Call`); the numeric code stays in the facts beside it.
pub fn service_name(field_name: &str, value: u32) -> &'static str {
    match field_name {
        field::MODBUS => modbus_name(value),
        field::S7_JOB => s7_job_name(value),
        field::S7_USERDATA => s7_userdata(value).0,
        field::ENIP => enip_name(value),
        field::CIP => cip_name(value),
        field::CIP_CM => match value {
            0x54 => "CIP Forward Open",
            0x5b => "CIP Large Forward Open",
            0x4e => "CIP Forward Close",
            0x52 => "CIP Unconnected Send",
            0x56 => "CIP Get Connection Data",
            0x57 => "CIP Search Connection Data",
            0x5a => "CIP Get Connection Owner",
            v if v & 0x80 != 0 => "CIP Connection Manager Reply",
            _ => "CIP Connection Manager Service",
        },
        field::DNP3 => dnp3_name(value),
        field::OPCUA => opcua_service(value).map_or("OPC UA Service", |s| s.name),
        field::OPCUA_UNREADABLE => "OPC UA Unreadable Message",
        field::BACNET_CONFIRMED => bacnet_confirmed(value).0,
        field::BACNET_UNCONFIRMED => bacnet_unconfirmed(value).0,
        field::BACNET_TYPE => "BACnet APDU",
        field::IEC104_ASDU => iec104_asdu(value).0,
        field::IEC104_APCI => match value {
            0 => "IEC 104 I-format",
            1 => "IEC 104 S-format",
            _ => "IEC 104 U-format",
        },
        field::MQTT => mqtt_name(value),
        _ => "Service",
    }
}

/// Modbus function codes: name and type (requests).
fn modbus_fc(fc: u8) -> (&'static str, Operation) {
    use Operation::*;
    match fc & 0x7f {
        1 => ("Modbus Read Coils", Read),
        2 => ("Modbus Read Discrete Inputs", Read),
        3 => ("Modbus Read Holding Registers", Read),
        4 => ("Modbus Read Input Registers", Read),
        5 => ("Modbus Write Single Coil", Write),
        6 => ("Modbus Write Single Register", Write),
        7 => ("Modbus Read Exception Status", Read),
        8 => ("Modbus Diagnostics", Management),
        11 => ("Modbus Get Comm Event Counter", Management),
        12 => ("Modbus Get Comm Event Log", Management),
        15 => ("Modbus Write Multiple Coils", Write),
        16 => ("Modbus Write Multiple Registers", Write),
        17 => ("Modbus Report Server ID", Management),
        20 => ("Modbus Read File Record", Read),
        21 => ("Modbus Write File Record", Write),
        22 => ("Modbus Mask Write Register", Write),
        23 => ("Modbus Read/Write Multiple Registers", Write),
        24 => ("Modbus Read FIFO Queue", Read),
        43 => ("Modbus Encapsulated Interface Transport", Management),
        _ => ("Modbus Function", Management),
    }
}

fn modbus_name(value: u32) -> &'static str {
    if value & 0x80 != 0 {
        "Modbus Exception"
    } else {
        modbus_fc(value as u8).0
    }
}

/// Modbus function codes by type (requests).
pub fn modbus_class(fc: u8) -> Operation {
    modbus_fc(fc).1
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
            field: field::MODBUS,
            value: u32::from(fc) | exc,
            class: to_server.then(|| modbus_class(fc)),
            request: to_server,
            unit,
            n: 1,
        });
        at += 6 + len;
    }
    None
}

fn s7_job_name(func: u32) -> &'static str {
    match func {
        0x00 => "S7 CPU Services",
        0x04 => "S7 Read Var",
        0x05 => "S7 Write Var",
        0x1a => "S7 Request Download",
        0x1b => "S7 Download Block",
        0x1c => "S7 Download Ended",
        0x1d => "S7 Start Upload",
        0x1e => "S7 Upload",
        0x1f => "S7 End Upload",
        0x28 => "S7 PI Service",
        0x29 => "S7 PLC Stop",
        0xf0 => "S7 Setup Communication",
        _ => "S7 Job",
    }
}

/// S7comm job functions by type. A PI service that starts the program (`P_PROGRAM`) is
/// control; the others (insert, delete, compress blocks) change the program.
pub fn s7_class(func: u8) -> Operation {
    match func {
        0x04 => Operation::Read,
        0x05 => Operation::Write,
        0x1a..=0x1f | 0x28 => Operation::Program,
        0x29 => Operation::Control,
        _ => Operation::Management,
    }
}

/// S7 userdata (function group × 256 + subfunction): name and type.
fn s7_userdata(v: u32) -> (&'static str, Operation) {
    use Operation::*;
    match (v >> 8, v & 0xff) {
        (7, 1) | (7, 3) => ("S7 Read Clock", Management),
        (7, 2) | (7, 4) => ("S7 Set Clock", Time),
        (7, _) => ("S7 Time Functions", Management),
        (4, 1) => ("S7 Read SZL", Management),
        (4, _) => ("S7 CPU Functions", Management),
        (3, 1) => ("S7 List Blocks", Management),
        (3, 2) => ("S7 List Blocks of Type", Management),
        (3, 3) => ("S7 Get Block Info", Management),
        (3, _) => ("S7 Block Functions", Management),
        (5, _) => ("S7 Security", Management),
        // Variable tables and forcing: the programmer writes values into the controller.
        (1, _) => ("S7 Programmer Commands", Write),
        (2, _) => ("S7 Cyclic Data", Read),
        _ => ("S7 Userdata", Management),
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
            let par_len = usize::from(be16(p, s7 + 6).unwrap_or(0));
            let par = p.get(s7 + hdr..).unwrap_or(&[]);
            let par = &par[..par.len().min(par_len)];
            match (rosctr, par.first()) {
                (1, Some(&func)) => {
                    let mut class = s7_class(func);
                    // Read Var and Write Var carry an item count: one operation per item.
                    let n = match func {
                        0x04 | 0x05 => u32::from(par.get(1).copied().unwrap_or(1)).max(1),
                        _ => 1,
                    };
                    if func == 0x28 && par.windows(9).any(|w| w == b"P_PROGRAM") {
                        class = Operation::Control;
                    }
                    out(OpSeen::request(field::S7_JOB, u32::from(func), class, n));
                }
                (3, Some(&func)) => out(OpSeen::other(field::S7_JOB, u32::from(func))),
                (7, Some(_)) => {
                    // Userdata: parameter head (3) len (1) method (1) type/group (1)
                    // subfunction (1).
                    let tg = par.get(5).copied().unwrap_or(0);
                    let sub = par.get(6).copied().unwrap_or(0);
                    let v = (u32::from(tg & 0x0f) << 8) | u32::from(sub);
                    if tg >> 4 == 4 {
                        out(OpSeen::request(field::S7_USERDATA, v, s7_userdata(v).1, 1));
                    } else {
                        out(OpSeen::other(field::S7_USERDATA, v));
                    }
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

fn enip_name(cmd: u32) -> &'static str {
    match cmd {
        0x0001 => "EtherNet/IP NOP",
        0x0004 => "EtherNet/IP List Services",
        0x0063 => "EtherNet/IP List Identity",
        0x0064 => "EtherNet/IP List Interfaces",
        0x0065 => "EtherNet/IP Register Session",
        0x0066 => "EtherNet/IP Unregister Session",
        0x006f => "EtherNet/IP Send RR Data",
        0x0070 => "EtherNet/IP Send Unit Data",
        _ => "EtherNet/IP Command",
    }
}

/// CIP services: name and type (requests). Codes from 0x4b are object-specific; kojo
/// reads them as the Logix tag services that ICS stacks send (pycomm3, cpppo).
fn cip_service_info(sc: u8) -> (&'static str, Operation) {
    use Operation::*;
    match sc & 0x7f {
        0x01 => ("CIP Get Attributes All", Read),
        0x02 => ("CIP Set Attributes All", Write),
        0x03 => ("CIP Get Attribute List", Read),
        0x04 => ("CIP Set Attribute List", Write),
        0x05 => ("CIP Reset", Control),
        0x06 => ("CIP Start", Control),
        0x07 => ("CIP Stop", Control),
        0x08 => ("CIP Create", Program),
        0x09 => ("CIP Delete", Program),
        0x0a => ("CIP Multiple Service Packet", Management),
        0x0d => ("CIP Apply Attributes", Write),
        0x0e => ("CIP Get Attribute Single", Read),
        0x10 => ("CIP Set Attribute Single", Write),
        0x11 => ("CIP Find Next Object Instance", Management),
        0x15 => ("CIP Restore", Program),
        0x16 => ("CIP Save", Program),
        0x17 => ("CIP No Operation", Management),
        0x18 => ("CIP Get Member", Read),
        0x19 => ("CIP Set Member", Write),
        0x1a => ("CIP Insert Member", Program),
        0x1b => ("CIP Remove Member", Program),
        0x4c => ("CIP Read Tag", Read),
        0x4d => ("CIP Write Tag", Write),
        0x4e => ("CIP Read Modify Write Tag", Write),
        0x52 => ("CIP Read Tag Fragmented", Read),
        0x53 => ("CIP Write Tag Fragmented", Write),
        0x55 => ("CIP Get Instance Attribute List", Management),
        _ => ("CIP Service", Management),
    }
}

fn cip_name(value: u32) -> &'static str {
    if value & 0x80 != 0 {
        "CIP Reply"
    } else {
        cip_service_info(value as u8).0
    }
}

/// CIP service codes by type (requests to objects other than the Connection Manager).
pub fn cip_class(sc: u8) -> Operation {
    cip_service_info(sc).1
}

/// The class of the first logical class segment of a CIP path (None for a symbolic path).
fn cip_path_class(path: &[u8]) -> Option<u16> {
    let mut i = 0;
    for _ in 0..8 {
        match *path.get(i)? {
            0x20 => return path.get(i + 1).map(|&c| u16::from(c)),
            0x21 => return le16(path, i + 2),
            0x24 | 0x30 | 0x28 => i += 2,
            0x25 | 0x31 | 0x29 => i += 4,
            _ => return None,
        }
    }
    None
}

fn enip_ops(to_server: bool, p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    let Some(cmd) = le16(p, 0) else { return };
    if !matches!(cmd, 0x006f | 0x0070) {
        // Encapsulation commands (List Identity, Register Session…): housekeeping.
        out(if to_server {
            OpSeen::request(field::ENIP, u32::from(cmd), Operation::Management, 1)
        } else {
            OpSeen::other(field::ENIP, u32::from(cmd))
        });
        return;
    }
    // Counted like tshark's `enip.command`, no type of its own: the CIP inside has one.
    out(OpSeen::other(field::ENIP, u32::from(cmd)));
    // Common packet format after the 24-byte header, interface handle (4), timeout (2).
    let Some(count) = le16(p, 30) else { return };
    let mut i = 32usize;
    for _ in 0..count.min(8) {
        let (Some(ty), Some(len)) = (le16(p, i), le16(p, i + 2)) else {
            return;
        };
        let len = usize::from(len);
        let data_at = i + 4;
        // Unconnected data (Send RR Data), or connected data after its sequence count
        // (Send Unit Data).
        let cip_at = match ty {
            0x00b2 => Some(data_at),
            0x00b1 => Some(data_at + 2),
            _ => None,
        };
        if let Some(at) = cip_at {
            let end = (data_at + len).min(p.len());
            cip_message(p.get(at..end).unwrap_or(&[]), 0, out);
        }
        i = data_at + len;
    }
}

/// One CIP message: a request (unwrapping containers, at most 8 deep) or a reply.
fn cip_message(msg: &[u8], depth: u8, out: &mut dyn FnMut(OpSeen)) {
    let Some(&sc) = msg.first() else { return };
    if sc & 0x80 != 0 {
        out(OpSeen::other(field::CIP, u32::from(sc)));
        return;
    }
    let path_words = usize::from(msg.get(1).copied().unwrap_or(0));
    let data_at = 2 + path_words * 2;
    let path = msg.get(2..data_at).unwrap_or(&[]);
    let data = msg.get(data_at..).unwrap_or(&[]);
    let class = cip_path_class(path);
    if class == Some(6) {
        // Unconnected Send: priority/tick (1), timeout ticks (1), request size (2), the
        // embedded request, then the route. Not an operation of its own.
        if sc == 0x52 {
            if depth < 8
                && let Some(len) = le16(data, 2)
            {
                let end = (4 + usize::from(len)).min(data.len());
                cip_message(data.get(4..end).unwrap_or(&[]), depth + 1, out);
            }
            return;
        }
        // Forward Open/Close and the other Connection Manager services: housekeeping.
        out(OpSeen::request(
            field::CIP_CM,
            u32::from(sc),
            Operation::Management,
            1,
        ));
        return;
    }
    if sc == 0x0a {
        // Multiple Service Packet: count, offsets from the count, the embedded requests.
        if depth >= 8 {
            return;
        }
        // (Offsets read in place: no allocation on the packet path.)
        let n = usize::from(le16(data, 0).unwrap_or(0)).min(256);
        let offset = |k: usize| le16(data, 2 + 2 * k).map(usize::from);
        for k in 0..n {
            let Some(start) = offset(k) else { break };
            let end = if k + 1 < n { offset(k + 1) } else { None }
                .unwrap_or(data.len())
                .min(data.len());
            if let Some(part) = data.get(start..end) {
                cip_message(part, depth + 1, out);
            }
        }
        return;
    }
    out(OpSeen::request(field::CIP, u32::from(sc), cip_class(sc), 1));
}

/// DNP3 application function codes: name and type (requests).
fn dnp3_fc(fc: u8) -> (&'static str, Operation) {
    use Operation::*;
    match fc {
        0 => ("DNP3 Confirm", Management),
        1 => ("DNP3 Read", Read),
        2 => ("DNP3 Write", Write),
        3 => ("DNP3 Select", Write),
        4 => ("DNP3 Operate", Write),
        5 => ("DNP3 Direct Operate", Write),
        6 => ("DNP3 Direct Operate No Ack", Write),
        7 => ("DNP3 Immediate Freeze", Write),
        8 => ("DNP3 Immediate Freeze No Ack", Write),
        9 => ("DNP3 Freeze Clear", Write),
        10 => ("DNP3 Freeze Clear No Ack", Write),
        11 => ("DNP3 Freeze At Time", Write),
        12 => ("DNP3 Freeze At Time No Ack", Write),
        13 => ("DNP3 Cold Restart", Control),
        14 => ("DNP3 Warm Restart", Control),
        15 => ("DNP3 Initialize Data", Control),
        16 => ("DNP3 Initialize Application", Control),
        17 => ("DNP3 Start Application", Control),
        18 => ("DNP3 Stop Application", Control),
        19 => ("DNP3 Save Configuration", Program),
        20 => ("DNP3 Enable Unsolicited", Management),
        21 => ("DNP3 Disable Unsolicited", Management),
        22 => ("DNP3 Assign Class", Management),
        23 => ("DNP3 Delay Measurement", Management),
        24 => ("DNP3 Record Current Time", Time),
        25 => ("DNP3 Open File", Program),
        26 => ("DNP3 Close File", Management),
        27 => ("DNP3 Delete File", Program),
        28 => ("DNP3 Get File Info", Management),
        29 => ("DNP3 Authenticate File", Management),
        30 => ("DNP3 Abort File", Management),
        31 => ("DNP3 Activate Configuration", Program),
        32 => ("DNP3 Authentication Request", Management),
        33 => ("DNP3 Authentication Request No Ack", Management),
        129 => ("DNP3 Response", Management),
        130 => ("DNP3 Unsolicited Response", Management),
        131 => ("DNP3 Authentication Response", Management),
        _ => ("DNP3 Function", Management),
    }
}

fn dnp3_name(value: u32) -> &'static str {
    dnp3_fc(value as u8).0
}

/// DNP3 application function codes by type (requests).
pub fn dnp3_class(fc: u8) -> Operation {
    dnp3_fc(fc).1
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
    out(if fc < 0x80 {
        OpSeen::request(field::DNP3, u32::from(fc), dnp3_class(fc), 1)
    } else {
        OpSeen::other(field::DNP3, u32::from(fc))
    });
}

/// One service of the OPC UA id table (Part 6, `NodeIds.csv`): the binary encoding ids of
/// its request and response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpcUaService {
    pub name: &'static str,
    pub request: u32,
    pub response: u32,
    pub class: Operation,
}

const fn ua(name: &'static str, request: u32, class: Operation) -> OpcUaService {
    OpcUaService {
        name,
        request,
        response: request + 3,
        class,
    }
}

/// Every service of the OPC UA id table (`*Request_Encoding_DefaultBinary` and
/// `*Response_Encoding_DefaultBinary` of Schema/NodeIds.csv). The response id is the
/// request id + 3 (type, XML and binary encodings of the request come first), except for
/// the two discovery services added in 1.04, whose ids were allocated one apart.
pub const OPCUA_SERVICES: &[OpcUaService] = {
    use Operation::*;
    &[
        ua("OPC UA Find Servers", 422, Management),
        ua("OPC UA Get Endpoints", 428, Management),
        ua("OPC UA Register Server", 437, Management),
        ua("OPC UA Open Secure Channel", 446, Management),
        ua("OPC UA Close Secure Channel", 452, Management),
        ua("OPC UA Create Session", 461, Management),
        ua("OPC UA Activate Session", 467, Management),
        ua("OPC UA Close Session", 473, Management),
        ua("OPC UA Cancel", 479, Management),
        ua("OPC UA Add Nodes", 488, Program),
        ua("OPC UA Add References", 494, Program),
        ua("OPC UA Delete Nodes", 500, Program),
        ua("OPC UA Delete References", 506, Program),
        ua("OPC UA Browse", 527, Management),
        ua("OPC UA Browse Next", 533, Management),
        ua("OPC UA Translate Browse Paths To Node Ids", 554, Management),
        ua("OPC UA Register Nodes", 560, Management),
        ua("OPC UA Unregister Nodes", 566, Management),
        ua("OPC UA Query First", 615, Read),
        ua("OPC UA Query Next", 621, Read),
        ua("OPC UA Read", 631, Read),
        ua("OPC UA History Read", 664, Read),
        ua("OPC UA Write", 673, Write),
        ua("OPC UA History Update", 700, Write),
        ua("OPC UA Call", 712, Control),
        ua("OPC UA Create Monitored Items", 751, Read),
        ua("OPC UA Modify Monitored Items", 763, Management),
        ua("OPC UA Set Monitoring Mode", 769, Management),
        ua("OPC UA Set Triggering", 775, Management),
        ua("OPC UA Delete Monitored Items", 781, Management),
        ua("OPC UA Create Subscription", 787, Management),
        ua("OPC UA Modify Subscription", 793, Management),
        ua("OPC UA Set Publishing Mode", 799, Management),
        ua("OPC UA Publish", 826, Management),
        ua("OPC UA Republish", 832, Management),
        ua("OPC UA Transfer Subscriptions", 841, Management),
        ua("OPC UA Delete Subscriptions", 847, Management),
        OpcUaService {
            name: "OPC UA Find Servers On Network",
            request: 12208,
            response: 12209,
            class: Management,
        },
        OpcUaService {
            name: "OPC UA Register Server 2",
            request: 12211,
            response: 12212,
            class: Management,
        },
    ]
};

/// The binary encoding id of ServiceFault, the response of any failed request.
pub const OPCUA_SERVICE_FAULT: u32 = 397;

/// The service an encoding id belongs to (as request or response).
pub fn opcua_service(id: u32) -> Option<&'static OpcUaService> {
    OPCUA_SERVICES
        .iter()
        .find(|s| s.request == id || s.response == id)
}

/// Whether an OPC UA encoding id is a response (ServiceFault or a service's response);
/// `None` for ids outside the table.
pub fn opcua_is_response(id: u32) -> Option<bool> {
    if id == OPCUA_SERVICE_FAULT {
        return Some(true);
    }
    opcua_service(id).map(|s| s.response == id)
}

/// OPC UA service request ids by type.
pub fn opcua_class(id: u32) -> Operation {
    opcua_service(id).map_or(Operation::Management, |s| s.class)
}

/// A cursor over OPC UA binary encoding (little-endian), every read bounds-checked.
struct UaCursor<'a> {
    p: &'a [u8],
    i: usize,
}

impl UaCursor<'_> {
    fn skip(&mut self, n: usize) -> Option<()> {
        let end = self.i.checked_add(n)?;
        (end <= self.p.len()).then(|| self.i = end)
    }
    fn u8(&mut self) -> Option<u8> {
        let b = *self.p.get(self.i)?;
        self.i += 1;
        Some(b)
    }
    fn i32(&mut self) -> Option<i32> {
        let b = self.p.get(self.i..self.i + 4)?;
        self.i += 4;
        Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// A String or ByteString (length −1 is null).
    fn bytes(&mut self) -> Option<()> {
        let n = self.i32()?;
        if n > 0 {
            self.skip(n as usize)?;
        }
        Some(())
    }
    /// A NodeId; its numeric identifier when it has one.
    fn node_id(&mut self) -> Option<Option<u32>> {
        let enc = self.u8()?;
        let id = match enc & 0x3f {
            0x00 => Some(u32::from(self.u8()?)),
            0x01 => {
                self.skip(1)?;
                let b = self.p.get(self.i..self.i + 2)?;
                self.i += 2;
                Some(u32::from(u16::from_le_bytes([b[0], b[1]])))
            }
            0x02 => {
                self.skip(2)?;
                Some(self.i32()? as u32)
            }
            0x03 | 0x05 => {
                self.skip(2)?;
                self.bytes()?;
                None
            }
            0x04 => {
                self.skip(18)?;
                None
            }
            _ => return None,
        };
        if enc & 0x80 != 0 {
            self.bytes()?; // namespace URI of an ExpandedNodeId
        }
        if enc & 0x40 != 0 {
            self.skip(4)?; // server index
        }
        Some(id)
    }
    fn extension_object(&mut self) -> Option<()> {
        self.node_id()?;
        if self.u8()? & 0x03 != 0 {
            self.bytes()?;
        }
        Some(())
    }
    fn request_header(&mut self) -> Option<()> {
        self.node_id()?; // authentication token
        self.skip(8 + 4 + 4)?; // timestamp, request handle, return diagnostics
        self.bytes()?; // audit entry id
        self.skip(4)?; // timeout hint
        self.extension_object() // additional header
    }
}

/// How many items a multi-item request carries (a 3-node Write is 3 writes); 1 when the
/// body cannot be read that far.
fn opcua_items(id: u32, body: &[u8]) -> u32 {
    let mut c = UaCursor { p: body, i: 0 };
    let count = (|| {
        c.request_header()?;
        match id {
            // Write, Call, Add/Delete Nodes/References, History Update: the array first.
            673 | 712 | 488 | 494 | 500 | 506 | 700 => {}
            // Read: max age (8), timestamps to return (4).
            631 => c.skip(12)?,
            _ => return None,
        }
        c.i32()
    })();
    // A count the message cannot hold (each item takes several bytes) is not believed.
    match count {
        Some(n) if n > 0 && (n as usize) <= body.len() => n as u32,
        _ => 1,
    }
}

fn opcua_ops(to_server: bool, mut p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    // Several messages may share a segment: walk them by their message size.
    for _ in 0..64 {
        if p.len() < 8 || !is_opcua(p) {
            return;
        }
        let size = u32::from_le_bytes([p[4], p[5], p[6], p[7]]) as usize;
        let msg = &p[..size.clamp(8, p.len())];
        if &msg[0..3] == b"MSG" && msg[3] != b'A' {
            // header 8, channel 4, token 4, sequence 4, request id 4, then the type id.
            let mut c = UaCursor { p: msg, i: 24 };
            let id = c.node_id().flatten();
            let known = id.and_then(|id| opcua_is_response(id).map(|r| (id, r)));
            match known {
                Some((id, false)) => out(OpSeen::request(
                    field::OPCUA,
                    id,
                    opcua_class(id),
                    opcua_items(id, msg.get(c.i..).unwrap_or(&[])),
                )),
                Some((id, true)) => out(OpSeen::other(field::OPCUA, id)),
                // Encrypted (SignAndEncrypt) or the middle chunk of a long message.
                None => out(OpSeen {
                    request: to_server,
                    ..OpSeen::other(field::OPCUA_UNREADABLE, 0)
                }),
            }
        }
        if size < 8 || p.len() <= size {
            return;
        }
        p = &p[size..];
    }
}

/// BACnet confirmed services: name and type.
fn bacnet_confirmed(svc: u32) -> (&'static str, Operation) {
    use Operation::*;
    match svc {
        0 => ("BACnet acknowledgeAlarm", Management),
        1 => ("BACnet confirmedCOVNotification", Management),
        2 => ("BACnet confirmedEventNotification", Management),
        3 => ("BACnet getAlarmSummary", Management),
        4 => ("BACnet getEnrollmentSummary", Management),
        5 => ("BACnet subscribeCOV", Read),
        6 => ("BACnet atomicReadFile", Read),
        7 => ("BACnet atomicWriteFile", Program),
        8 => ("BACnet addListElement", Write),
        9 => ("BACnet removeListElement", Write),
        10 => ("BACnet createObject", Program),
        11 => ("BACnet deleteObject", Program),
        12 => ("BACnet readProperty", Read),
        14 => ("BACnet readPropertyMultiple", Read),
        15 => ("BACnet writeProperty", Write),
        16 => ("BACnet writePropertyMultiple", Write),
        17 => ("BACnet deviceCommunicationControl", Control),
        18 => ("BACnet confirmedPrivateTransfer", Management),
        19 => ("BACnet confirmedTextMessage", Management),
        20 => ("BACnet reinitializeDevice", Control),
        26 => ("BACnet readRange", Read),
        28 => ("BACnet subscribeCOVProperty", Read),
        29 => ("BACnet getEventInformation", Management),
        _ => ("BACnet confirmed service", Management),
    }
}

/// BACnet unconfirmed services: name and type.
fn bacnet_unconfirmed(svc: u32) -> (&'static str, Operation) {
    use Operation::*;
    match svc {
        0 => ("BACnet i-Am", Management),
        1 => ("BACnet i-Have", Management),
        2 => ("BACnet unconfirmedCOVNotification", Management),
        3 => ("BACnet unconfirmedEventNotification", Management),
        4 => ("BACnet unconfirmedPrivateTransfer", Management),
        5 => ("BACnet unconfirmedTextMessage", Management),
        // Time synchronisation sets the clock of every listener.
        6 => ("BACnet timeSynchronization", Time),
        7 => ("BACnet who-Has", Management),
        8 => ("BACnet who-Is", Management),
        9 => ("BACnet utcTimeSynchronization", Time),
        10 => ("BACnet writeGroup", Write),
        _ => ("BACnet unconfirmed service", Management),
    }
}

/// BACnet confirmed services by type.
pub fn bacnet_class(svc: u8) -> Operation {
    bacnet_confirmed(u32::from(svc)).1
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
    out(OpSeen::other(field::BACNET_TYPE, u32::from(ty)));
    match ty {
        0 => {
            let seg = apdu & 0x08 != 0;
            let at = i + if seg { 5 } else { 3 };
            if let Some(&svc) = p.get(at) {
                let v = u32::from(svc);
                out(OpSeen::request(
                    field::BACNET_CONFIRMED,
                    v,
                    bacnet_confirmed(v).1,
                    1,
                ));
            }
        }
        1 => {
            if let Some(&svc) = p.get(i + 1) {
                let v = u32::from(svc);
                out(OpSeen::request(
                    field::BACNET_UNCONFIRMED,
                    v,
                    bacnet_unconfirmed(v).1,
                    1,
                ));
            }
        }
        _ => {}
    }
}

/// IEC 60870-5-104 ASDU type ids: name and type (in the control direction).
fn iec104_asdu(type_id: u32) -> (&'static str, Operation) {
    use Operation::*;
    match type_id {
        45 | 58 => ("IEC 104 Single Command", Write),
        46 | 59 => ("IEC 104 Double Command", Write),
        47 | 60 => ("IEC 104 Regulating Step Command", Write),
        48 | 61 => ("IEC 104 Set Point Normalised", Write),
        49 | 62 => ("IEC 104 Set Point Scaled", Write),
        50 | 63 => ("IEC 104 Set Point Float", Write),
        51 | 64 => ("IEC 104 Bitstring Command", Write),
        45..=69 => ("IEC 104 Command", Write),
        100 => ("IEC 104 Interrogation", Read),
        101 => ("IEC 104 Counter Interrogation", Read),
        102 => ("IEC 104 Read", Read),
        103 => ("IEC 104 Clock Synchronisation", Time),
        104 | 107 => ("IEC 104 Test", Management),
        105 => ("IEC 104 Reset Process", Control),
        106 => ("IEC 104 Delay Acquisition", Management),
        110..=113 => ("IEC 104 Parameter", Write),
        _ => ("IEC 104 ASDU", Management),
    }
}

/// IEC 60870-5-104 ASDU type ids by type (in the control direction).
pub fn iec104_class(type_id: u8) -> Operation {
    iec104_asdu(u32::from(type_id)).1
}

fn iec104_ops(mut p: &[u8], out: &mut dyn FnMut(OpSeen)) {
    for _ in 0..64 {
        if p.len() < 6 || p[0] != 0x68 {
            return;
        }
        let len = usize::from(p[1]);
        let c1 = p[2];
        let format = if c1 & 1 == 0 { 0 } else { c1 & 3 };
        out(OpSeen::other(field::IEC104_APCI, u32::from(format)));
        if format == 0
            && let (Some(&tid), Some(&cot)) = (p.get(6), p.get(8))
        {
            let cause = cot & 0x3f;
            // Activation (6) and deactivation (8) are the commanding direction.
            out(if matches!(cause, 6 | 8) {
                OpSeen::request(field::IEC104_ASDU, u32::from(tid), iec104_class(tid), 1)
            } else {
                OpSeen::other(field::IEC104_ASDU, u32::from(tid))
            });
        }
        if p.len() < 2 + len {
            return;
        }
        p = &p[2 + len..];
    }
}

fn mqtt_name(ty: u32) -> &'static str {
    match ty {
        1 => "MQTT CONNECT",
        2 => "MQTT CONNACK",
        3 => "MQTT PUBLISH",
        4 => "MQTT PUBACK",
        5 => "MQTT PUBREC",
        6 => "MQTT PUBREL",
        7 => "MQTT PUBCOMP",
        8 => "MQTT SUBSCRIBE",
        9 => "MQTT SUBACK",
        10 => "MQTT UNSUBSCRIBE",
        11 => "MQTT UNSUBACK",
        12 => "MQTT PINGREQ",
        13 => "MQTT PINGRESP",
        14 => "MQTT DISCONNECT",
        _ => "MQTT packet",
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
            3 => Some(Operation::Write),
            8 => Some(Operation::Read),
            1 | 12 | 14 | 10 => Some(Operation::Management),
            _ => None,
        };
        out(match class {
            Some(c) => OpSeen::request(field::MQTT, u32::from(ty), c, 1),
            None => OpSeen::other(field::MQTT, u32::from(ty)),
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
        assert_eq!(v[1].class, Some(Operation::Write));
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
        assert_eq!(v[0].class, Some(Operation::Control));
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
