//! Link layer → IP → TCP/UDP, without allocation. Every read is bounds-checked: a short or
//! corrupt frame yields `None` or a shorter view, never a panic.
//!
//! The IP and transport headers are read by hand rather than through etherparse's lax
//! slicer: matching tshark's conversation counts needs exact control over truncated frames
//! and fragments (tshark counts a TCP/UDP frame whenever the transport header itself is
//! present, and a fragmented datagram once, in the frame that completes it).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// pcap link types kojo reads (LINKTYPE_* values of the tcpdump registry).
pub mod linktype {
    /// BSD loopback: 4-byte address family in the writer's byte order.
    pub const NULL: i32 = 0;
    /// Ethernet II (with 802.1Q / QinQ tags).
    pub const ETHERNET: i32 = 1;
    /// Raw IP on some BSDs.
    pub const RAW_BSD12: i32 = 12;
    /// Raw IP on OpenBSD.
    pub const RAW_BSD14: i32 = 14;
    /// Raw IP (v4 or v6 by the version nibble).
    pub const RAW: i32 = 101;
    /// OpenBSD loopback: address family in network byte order.
    pub const LOOP: i32 = 108;
    /// Linux cooked capture v1.
    pub const LINUX_SLL: i32 = 113;
    /// Raw IPv4.
    pub const IPV4: i32 = 228;
    /// Raw IPv6.
    pub const IPV6: i32 = 229;
    /// Linux cooked capture v2.
    pub const LINUX_SLL2: i32 = 276;
}

/// IP protocol numbers kojo keys flows on.
pub const PROTO_TCP: u8 = 6;
/// UDP.
pub const PROTO_UDP: u8 = 17;

/// What one frame carries at the network and transport layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub src: IpAddr,
    pub dst: IpAddr,
    /// IP protocol of the payload (after IPv6 extension headers).
    pub proto: u8,
    /// Ports, for TCP and UDP with their header present.
    pub ports: Option<(u16, u16)>,
    /// TCP flags byte and sequence number.
    pub tcp: Option<(u8, u32)>,
    /// Transport payload as captured (may be cut by the snap length).
    pub payload: &'a [u8],
    /// Set when this frame is a fragment of a larger datagram.
    pub fragment: Option<Fragment>,
    /// Outermost VLAN id, if tagged.
    pub vlan: Option<u16>,
}

/// IP fragment bookkeeping of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fragment {
    /// Identification field (IPv4 16 bits, IPv6 32 bits).
    pub ident: u32,
    /// Offset of this fragment's data in bytes.
    pub offset: u32,
    /// Length of this fragment's data as the IP header states it.
    pub len: u32,
    pub more: bool,
}

/// TCP flag bits.
pub mod tcp_flags {
    pub const FIN: u8 = 0x01;
    pub const SYN: u8 = 0x02;
    pub const RST: u8 = 0x04;
    pub const ACK: u8 = 0x10;
}

/// A frame that is not IP: counted by EtherType (ARP, PROFINET, GOOSE, LLDP…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame<'a> {
    Ip(Decoded<'a>),
    /// Non-IP frame with its EtherType (0 when unknown).
    NonIp(u16),
    /// Too short or not decodable at the link layer.
    Malformed,
}

#[inline]
fn be16(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at + 2)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

#[inline]
fn be32(d: &[u8], at: usize) -> Option<u32> {
    let b = d.get(at..at + 4)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Decodes one captured frame of `linktype`.
pub fn decode(linktype: i32, data: &[u8]) -> Frame<'_> {
    match linktype {
        linktype::ETHERNET => ether(data, 12),
        linktype::LINUX_SLL => ether(data, 14),
        linktype::LINUX_SLL2 => match (be16(data, 0), data.get(20..)) {
            (Some(et), Some(rest)) => by_ethertype(et, rest, None),
            _ => Frame::Malformed,
        },
        linktype::RAW | linktype::RAW_BSD12 | linktype::RAW_BSD14 => raw_ip(data, None),
        linktype::IPV4 | linktype::IPV6 => raw_ip(data, None),
        linktype::NULL | linktype::LOOP => {
            let Some(h) = data.get(0..4) else {
                return Frame::Malformed;
            };
            // The family is in the writer's byte order for NULL; accept both.
            let le = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
            let be = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
            let fam = if le < 256 { le } else { be };
            match fam {
                2 | 10 | 24 | 28 | 30 => raw_ip(&data[4..], None),
                _ => Frame::NonIp(0),
            }
        }
        _ => Frame::Malformed,
    }
}

/// Ethernet-like frame whose EtherType sits at `et_at` and whose payload follows it.
fn ether(data: &[u8], et_at: usize) -> Frame<'_> {
    let Some(et) = be16(data, et_at) else {
        return Frame::Malformed;
    };
    by_ethertype(et, &data[et_at + 2..], None)
}

fn by_ethertype(mut et: u16, mut rest: &[u8], mut vlan: Option<u16>) -> Frame<'_> {
    // 802.1Q, 802.1ad (QinQ) and the old 0x9100 tag; a bounded number of tags.
    for _ in 0..8 {
        if !matches!(et, 0x8100 | 0x88a8 | 0x9100) {
            break;
        }
        let (Some(tci), Some(next)) = (be16(rest, 0), be16(rest, 2)) else {
            return Frame::Malformed;
        };
        vlan.get_or_insert(tci & 0x0fff);
        et = next;
        rest = &rest[4..];
    }
    match et {
        0x0800 | 0x86dd => raw_ip(rest, vlan),
        other => Frame::NonIp(other),
    }
}

fn raw_ip(data: &[u8], vlan: Option<u16>) -> Frame<'_> {
    match data.first().map(|b| b >> 4) {
        Some(4) => ipv4(data, vlan),
        Some(6) => ipv6(data, vlan),
        _ => Frame::Malformed,
    }
}

fn ipv4(d: &[u8], vlan: Option<u16>) -> Frame<'_> {
    let Some(h) = d.get(0..20) else {
        return Frame::Malformed;
    };
    let ihl = usize::from(h[0] & 0x0f) * 4;
    if ihl < 20 || d.len() < ihl {
        return Frame::Malformed;
    }
    let total = usize::from(u16::from_be_bytes([h[2], h[3]]));
    let ident = u32::from(u16::from_be_bytes([h[4], h[5]]));
    let ff = u16::from_be_bytes([h[6], h[7]]);
    let more = ff & 0x2000 != 0;
    let offset = u32::from(ff & 0x1fff) * 8;
    let proto = h[9];
    let src = IpAddr::V4(Ipv4Addr::new(h[12], h[13], h[14], h[15]));
    let dst = IpAddr::V4(Ipv4Addr::new(h[16], h[17], h[18], h[19]));
    // Trust the IP length to cut Ethernet padding, never to read beyond the capture; a
    // total length of 0 (TSO captures) means "as captured".
    let end = if total >= ihl {
        total.min(d.len())
    } else {
        d.len()
    };
    let payload = &d[ihl..end];
    let fragment = (more || offset != 0).then(|| Fragment {
        ident,
        offset,
        len: total.saturating_sub(ihl) as u32,
        more,
    });
    Frame::Ip(transport(src, dst, proto, payload, fragment, vlan))
}

fn ipv6(d: &[u8], vlan: Option<u16>) -> Frame<'_> {
    let Some(h) = d.get(0..40) else {
        return Frame::Malformed;
    };
    let plen = usize::from(u16::from_be_bytes([h[4], h[5]]));
    let mut next = h[6];
    let mut src = [0u8; 16];
    src.copy_from_slice(&h[8..24]);
    let mut dst = [0u8; 16];
    dst.copy_from_slice(&h[24..40]);
    let end = if plen == 0 {
        d.len()
    } else {
        (40 + plen).min(d.len())
    };
    let mut rest = &d[40..end];
    let mut fragment = None;
    let mut frag_hdr_end = 0usize;
    let mut consumed = 0usize;
    // Walk extension headers (bounded).
    for _ in 0..8 {
        match next {
            0 | 43 | 60 => {
                let (Some(&nh), Some(&l)) = (rest.first(), rest.get(1)) else {
                    return Frame::Malformed;
                };
                let len = (usize::from(l) + 1) * 8;
                if rest.len() < len {
                    return Frame::Malformed;
                }
                next = nh;
                rest = &rest[len..];
                consumed += len;
            }
            51 => {
                let (Some(&nh), Some(&l)) = (rest.first(), rest.get(1)) else {
                    return Frame::Malformed;
                };
                let len = (usize::from(l) + 2) * 4;
                if rest.len() < len {
                    return Frame::Malformed;
                }
                next = nh;
                rest = &rest[len..];
                consumed += len;
            }
            44 => {
                let Some(f) = rest.get(0..8) else {
                    return Frame::Malformed;
                };
                let off_m = u16::from_be_bytes([f[2], f[3]]);
                let ident = u32::from_be_bytes([f[4], f[5], f[6], f[7]]);
                next = f[0];
                rest = &rest[8..];
                consumed += 8;
                frag_hdr_end = consumed;
                fragment = Some(Fragment {
                    ident,
                    offset: u32::from(off_m >> 3) * 8,
                    len: 0,
                    more: off_m & 1 != 0,
                });
            }
            _ => break,
        }
    }
    if let Some(f) = fragment.as_mut() {
        f.len = plen.saturating_sub(frag_hdr_end) as u32;
        if f.offset == 0 && !f.more {
            // An atomic fragment (RFC 6946) is a whole datagram.
            fragment = None;
        }
    }
    Frame::Ip(transport(
        IpAddr::V6(Ipv6Addr::from(src)),
        IpAddr::V6(Ipv6Addr::from(dst)),
        next,
        rest,
        fragment,
        vlan,
    ))
}

fn transport<'a>(
    src: IpAddr,
    dst: IpAddr,
    proto: u8,
    payload: &'a [u8],
    fragment: Option<Fragment>,
    vlan: Option<u16>,
) -> Decoded<'a> {
    let mut out = Decoded {
        src,
        dst,
        proto,
        ports: None,
        tcp: None,
        payload,
        fragment,
        vlan,
    };
    // Only the first fragment holds the transport header.
    if fragment.is_some_and(|f| f.offset != 0) {
        return out;
    }
    match proto {
        PROTO_TCP => {
            if let (Some(sp), Some(dp), Some(seq), Some(&off), Some(&flags)) = (
                be16(payload, 0),
                be16(payload, 2),
                be32(payload, 4),
                payload.get(12),
                payload.get(13),
            ) {
                let hl = usize::from(off >> 4) * 4;
                if hl >= 20 {
                    out.ports = Some((sp, dp));
                    out.tcp = Some((flags, seq));
                    out.payload = payload.get(hl..).unwrap_or(&[]);
                }
            }
        }
        PROTO_UDP => {
            if let (Some(sp), Some(dp), Some(len)) =
                (be16(payload, 0), be16(payload, 2), be16(payload, 4))
            {
                out.ports = Some((sp, dp));
                let len = usize::from(len);
                let end = if len >= 8 {
                    len.min(payload.len())
                } else {
                    payload.len()
                };
                out.payload = payload.get(8..end).unwrap_or(&[]);
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_frames_are_malformed_not_panics() {
        for lt in [0, 1, 12, 101, 108, 113, 228, 229, 276, 9999] {
            for n in 0..64 {
                let data = vec![0x45u8; n];
                let _ = decode(lt, &data);
            }
        }
        assert_eq!(decode(linktype::ETHERNET, &[0; 5]), Frame::Malformed);
    }

    #[test]
    fn qinq_tags_are_skipped_and_outer_vlan_kept() {
        let mut f = vec![0u8; 12];
        f.extend_from_slice(&[0x88, 0xa8, 0x00, 0x64, 0x81, 0x00, 0x00, 0x0a, 0x08, 0x00]);
        // IPv4 + UDP 1234 -> 53, no payload.
        f.extend_from_slice(&[
            0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ]);
        f.extend_from_slice(&[0x04, 0xd2, 0, 53, 0, 8, 0, 0]);
        let Frame::Ip(d) = decode(linktype::ETHERNET, &f) else {
            panic!("not IP")
        };
        assert_eq!(d.vlan, Some(100));
        assert_eq!(d.ports, Some((1234, 53)));
        assert_eq!(d.src, "10.0.0.1".parse::<IpAddr>().unwrap());
    }
}
