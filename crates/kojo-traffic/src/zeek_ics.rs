//! The ICS logs of Zeek and of CISA's ICSNPP analyzers, joined to `conn.log` by `uid`, so
//! that a Zeek sensor's logs give the operations (and so the control crossings) that a
//! capture gives. Field names from the analyzers' published READMEs and scripts:
//!
//! - Zeek `modbus.log`: `func` (function name), `pdu_type` (`req`/`resp`), `exception`;
//!   `dnp3.log`: `fc_request`, `fc_reply` (one line per request and reply);
//! - icsnpp-s7comm `s7comm.log`: `rosctr_code`, `function_code` (hex), `subfunction_code`,
//!   `is_orig`;
//! - icsnpp-enip `cip.log`: `direction`, `cip_service_code`, `class_id` (the embedded
//!   requests of a Multiple Service Packet are lines of their own); `enip.log`:
//!   `enip_command_code`, `is_orig`;
//! - icsnpp-opcua-binary `opcua_binary.log`: `req_identifier`, `res_identifier`, `is_orig`;
//! - icsnpp-bacnet `bacnet.log`: `pdu_type` (`Confirmed-REQ`, `Unconfirmed-REQ`, …),
//!   `pdu_service`, `is_orig`.
//!
//! The logs hold no item counts (a 3-node Write is one line), so a multi-item request
//! counts once here.

use crate::proto::{OpSeen, Operation, ProtocolId, field, service_name};

/// The fields of an ICS log line kojo reads (others are ignored).
pub const FIELDS: [&str; 13] = [
    "func",
    "pdu_type",
    "fc_request",
    "rosctr_code",
    "function_code",
    "subfunction_code",
    "cip_service_code",
    "class_id",
    "direction",
    "enip_command_code",
    "pdu_service",
    "req_identifier",
    "is_orig",
];

/// The operation of one ICS log line: its protocol, whether the originator sent it, and
/// the operation as the packet path reports it. `None` for lines that are no operation
/// (containers, empty fields) or no ICS log at all.
pub fn operation(fields: &[(&str, String)]) -> Option<(ProtocolId, bool, OpSeen)> {
    let get = |name: &str| -> Option<&str> {
        fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    };
    let orig = get("is_orig").is_none_or(|v| matches!(v, "T" | "true" | "1"));
    let req = |f: &'static str, v: u32, class: Operation| OpSeen {
        field: f,
        value: v,
        class: Some(class),
        request: true,
        unit: 0,
        n: 1,
    };
    let other = |f: &'static str, v: u32| OpSeen {
        field: f,
        value: v,
        class: None,
        request: false,
        unit: 0,
        n: 1,
    };
    if let Some(func) = get("func") {
        let fc = code_of(field::MODBUS, "Modbus", func)?;
        let response = get("pdu_type").is_some_and(|t| t.to_ascii_lowercase().starts_with("resp"));
        return Some(if response {
            (ProtocolId::Modbus, false, other(field::MODBUS, fc))
        } else {
            let class = crate::proto::modbus_class(fc as u8);
            (ProtocolId::Modbus, true, req(field::MODBUS, fc, class))
        });
    }
    if let Some(fc) = get("fc_request") {
        let fc = code_of(field::DNP3, "DNP3", fc)?;
        let class = crate::proto::dnp3_class(fc as u8);
        return Some((ProtocolId::Dnp3, true, req(field::DNP3, fc, class)));
    }
    if let Some(rosctr) = get("rosctr_code") {
        let rosctr = number(rosctr)?;
        let fc = number(get("function_code")?)?;
        return match rosctr {
            1 => {
                let class = crate::proto::s7_class(fc as u8);
                Some((ProtocolId::S7comm, orig, req(field::S7_JOB, fc, class)))
            }
            7 => {
                // Type (request 0x4_, response 0x8_) and function group in one byte.
                let sub = get("subfunction_code").and_then(number).unwrap_or(0);
                let v = ((fc & 0x0f) << 8) | (sub & 0xff);
                Some(if fc & 0xf0 == 0x40 {
                    let class = s7_userdata_class(v);
                    (ProtocolId::S7comm, orig, req(field::S7_USERDATA, v, class))
                } else {
                    (ProtocolId::S7comm, orig, other(field::S7_USERDATA, v))
                })
            }
            _ => Some((ProtocolId::S7comm, orig, other(field::S7_JOB, fc))),
        };
    }
    if let Some(sc) = get("cip_service_code") {
        let sc = number(sc)?;
        let request = get("direction").is_none_or(|d| d.eq_ignore_ascii_case("request"));
        if !request {
            return Some((ProtocolId::EtherNetIp, orig, other(field::CIP, sc | 0x80)));
        }
        let cm = get("class_id").and_then(number) == Some(6);
        return match (cm, sc) {
            // Containers: their parts are lines of their own.
            (true, 0x52) | (_, 0x0a) => None,
            (true, _) => Some((
                ProtocolId::EtherNetIp,
                orig,
                req(field::CIP_CM, sc, Operation::Management),
            )),
            (false, _) => {
                let class = crate::proto::cip_class(sc as u8);
                Some((ProtocolId::EtherNetIp, orig, req(field::CIP, sc, class)))
            }
        };
    }
    if let Some(cmd) = get("enip_command_code") {
        let cmd = number(cmd)?;
        if matches!(cmd, 0x6f | 0x70) {
            return None; // carriers of CIP, read from cip.log
        }
        return Some(if orig {
            (
                ProtocolId::EtherNetIp,
                true,
                req(field::ENIP, cmd, Operation::Management),
            )
        } else {
            (ProtocolId::EtherNetIp, false, other(field::ENIP, cmd))
        });
    }
    if let Some(id) = get("req_identifier") {
        let id = number(id)?;
        let class = crate::proto::opcua_class(id);
        return Some((ProtocolId::OpcUa, true, req(field::OPCUA, id, class)));
    }
    if let (Some(ty), Some(svc)) = (get("pdu_type"), get("pdu_service")) {
        let ty = ty.to_ascii_lowercase();
        let f = if ty.starts_with("confirmed") {
            field::BACNET_CONFIRMED
        } else if ty.starts_with("unconfirmed") {
            field::BACNET_UNCONFIRMED
        } else {
            return None; // acknowledgements, errors, NPDUs
        };
        let v = code_of(f, "BACnet", svc)?;
        let class = if f == field::BACNET_CONFIRMED {
            crate::proto::bacnet_class(v as u8)
        } else {
            bacnet_unconfirmed_class(v)
        };
        return Some((ProtocolId::Bacnet, orig, req(f, v, class)));
    }
    None
}

fn s7_userdata_class(v: u32) -> Operation {
    let mut c = Operation::Management;
    crate::proto::operations(
        ProtocolId::S7comm,
        true,
        true,
        &s7_userdata_probe(v),
        &mut |o| c = o.class.unwrap_or(Operation::Management),
    );
    c
}

/// A minimal userdata request of group/subfunction `v`, to type it as the packet path does.
fn s7_userdata_probe(v: u32) -> Vec<u8> {
    let par = [
        0,
        1,
        0x12,
        4,
        0x11,
        0x40 | (v >> 8) as u8 & 0x0f,
        v as u8,
        0,
    ];
    let mut p = vec![
        3,
        0,
        0,
        0,
        2,
        0xf0,
        0x80,
        0x32,
        7,
        0,
        0,
        0,
        0,
        0,
        par.len() as u8,
        0,
        0,
    ];
    p.extend_from_slice(&par);
    let n = p.len() as u16;
    p[2..4].copy_from_slice(&n.to_be_bytes());
    p
}

fn bacnet_unconfirmed_class(v: u32) -> Operation {
    let p = [0x81, 0x0a, 0, 8, 1, 0, 0x10, v as u8];
    let mut c = Operation::Management;
    crate::proto::operations(ProtocolId::Bacnet, false, true, &p, &mut |o| {
        if o.field == field::BACNET_UNCONFIRMED {
            c = o.class.unwrap_or(Operation::Management);
        }
    });
    c
}

/// A count written in decimal or as `0x..` hex.
fn number(v: &str) -> Option<u32> {
    let v = v.trim();
    match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => v.parse().ok(),
    }
}

/// Letters and digits only, upper case: `READ_HOLDING_REGISTERS`, `read-property` and
/// `Read Holding Registers` compare equal.
fn norm(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Zeek's spellings that differ from the protocols' names kojo uses.
const ALIASES: [(&str, &str); 12] = [
    ("REPORTSLAVEID", "REPORTSERVERID"),
    ("ENCAPINTERFACETRANSPORT", "ENCAPSULATEDINTERFACETRANSPORT"),
    ("DIRECTOPERATENR", "DIRECTOPERATENOACK"),
    ("IMMEDFREEZE", "IMMEDIATEFREEZE"),
    ("IMMEDFREEZENR", "IMMEDIATEFREEZENOACK"),
    ("FREEZECLEARNR", "FREEZECLEARNOACK"),
    ("FREEZEATTIMENR", "FREEZEATTIMENOACK"),
    ("INITIALIZEAPPL", "INITIALIZEAPPLICATION"),
    ("STARTAPPL", "STARTAPPLICATION"),
    ("STOPAPPL", "STOPAPPLICATION"),
    ("SAVECONFIG", "SAVECONFIGURATION"),
    ("ACTIVATECONFIG", "ACTIVATECONFIGURATION"),
];

/// The code of a service named in a log (or written as a number).
fn code_of(f: &str, prefix: &str, name: &str) -> Option<u32> {
    if let Some(n) = number(name) {
        return Some(n);
    }
    let mut want = norm(name);
    if let Some((_, to)) = ALIASES.iter().find(|(from, _)| *from == want) {
        want = (*to).to_owned();
    }
    (0..=255u32).find(|&v| {
        let n = service_name(f, v);
        n.strip_prefix(prefix)
            .is_some_and(|rest| norm(rest) == want)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_the_logs_map_to_the_codes() {
        assert_eq!(
            code_of(field::MODBUS, "Modbus", "WRITE_SINGLE_REGISTER"),
            Some(6)
        );
        assert_eq!(
            code_of(field::MODBUS, "Modbus", "READ_WRITE_MULTIPLE_REGISTERS"),
            Some(23)
        );
        assert_eq!(code_of(field::DNP3, "DNP3", "DIRECT_OPERATE_NR"), Some(6));
        assert_eq!(code_of(field::DNP3, "DNP3", "STOP_APPL"), Some(18));
        assert_eq!(
            code_of(field::BACNET_CONFIRMED, "BACnet", "write-property"),
            Some(15)
        );
        assert_eq!(s7_userdata_class(0x0702), Operation::Time);
        assert_eq!(bacnet_unconfirmed_class(6), Operation::Time);
    }
}
