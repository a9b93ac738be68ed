//! The streaming pcap / pcapng loop, wrapped once around pcap-parser's reader with its
//! footguns handled (stack-notes §1.4): `Incomplete` → refill → `reader_exhausted`; a block
//! larger than the buffer grows it up to a cap; a truncated or corrupt file stops with the
//! byte offset of the fault, after every packet before it has been handed on.

use pcap_parser::pcapng::Block;
use pcap_parser::{PcapBlockOwned, PcapError, create_reader};
use std::io::Read;

/// First buffer size: large, so the per-refill shift and the read syscall stay cheap.
pub const BUF_START: usize = 4 << 20;
/// Smallest buffer (in-memory inputs start small and grow only as far as a block needs).
const BUF_MIN: usize = 2 << 10;
/// No pcap block kojo accepts is larger than this (pcapng allows more, real captures never
/// need it; a larger length field is a corrupt file).
const BUF_MAX: usize = 64 << 20;

/// One captured frame.
#[derive(Debug, Clone, Copy)]
pub struct RawPacket<'a> {
    pub linktype: i32,
    /// Nanoseconds since the Unix epoch.
    pub ts_ns: i64,
    /// The bytes captured (up to the snap length).
    pub data: &'a [u8],
    /// The frame's length on the wire (`frame.len` in tshark).
    pub orig_len: u32,
}

/// Why reading a capture stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureFault {
    /// Byte offset (in the decompressed stream) of the block that could not be read.
    pub offset: u64,
    pub message: String,
}

/// A reader that fills the buffer it is given as far as the source allows, so that
/// pcap-parser's single `read` at start-up sees the whole header (gzip streams otherwise
/// hand out short reads).
pub struct FullRead<R>(pub R);

impl<R: Read> Read for FullRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            match self.0.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) if n > 0 => {
                    // Hand out what we have; the error comes back on the next call.
                    let _ = e;
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(n)
    }
}

/// Interface facts of a pcapng section, needed to read its packets.
#[derive(Debug, Clone, Copy)]
struct Iface {
    linktype: i32,
    /// Timestamp units per second.
    resolution: u64,
    offset_s: i64,
}

fn ts_from_units(units: u64, resolution: u64, offset_s: i64) -> i64 {
    let res = u128::from(resolution.max(1));
    let ns = u128::from(units) * 1_000_000_000 / res;
    let ns = i64::try_from(ns).unwrap_or(i64::MAX);
    ns.saturating_add(offset_s.saturating_mul(1_000_000_000))
}

/// Reads every packet of a pcap or pcapng stream, calling `each` with it and `progress`
/// with the bytes consumed so far from time to time. `capacity` is the first buffer size;
/// no block longer than `limit` (and never than 64 MiB) is accepted. Returns the bytes consumed and the
/// fault that stopped reading, if any. An input that is not a capture at all is an `Err`.
pub fn read_capture<R: Read + Send>(
    input: R,
    capacity: usize,
    limit: usize,
    each: &mut dyn FnMut(&RawPacket<'_>),
    progress: &mut dyn FnMut(u64),
) -> Result<(u64, Option<CaptureFault>), String> {
    let capacity = capacity.clamp(BUF_MIN, BUF_START);
    let mut reader = match create_reader(capacity, FullRead(input)) {
        Ok(r) => r,
        Err(PcapError::Eof) => return Err("empty file".into()),
        Err(PcapError::ReadError) => return Err("read error".into()),
        Err(PcapError::Incomplete(_)) => {
            return Ok((
                0,
                Some(CaptureFault {
                    offset: 0,
                    message: "truncated capture header".into(),
                }),
            ));
        }
        Err(e) => return Err(format!("not a pcap or pcapng capture ({e})")),
    };
    let mut legacy_lt = 0i32;
    let mut is_ng = false;
    let mut ng_big_endian = false;
    let mut legacy_nanos = false;
    let mut ifaces: Vec<Iface> = Vec::new();
    let mut cap = capacity;
    let mut stalls = 0u8;
    let mut since_progress = 0u64;
    let fault = loop {
        let consumed = reader.consumed() as u64;
        match reader.next() {
            Ok((len, block)) => {
                stalls = 0;
                match block {
                    PcapBlockOwned::LegacyHeader(h) => {
                        legacy_lt = h.network.0;
                        legacy_nanos = h.is_nanosecond_precision();
                    }
                    PcapBlockOwned::Legacy(b) => {
                        let frac = if legacy_nanos {
                            i64::from(b.ts_usec)
                        } else {
                            i64::from(b.ts_usec) * 1000
                        };
                        let data = b.data.get(..b.caplen as usize).unwrap_or(b.data);
                        each(&RawPacket {
                            linktype: legacy_lt,
                            ts_ns: i64::from(b.ts_sec) * 1_000_000_000 + frac,
                            data,
                            orig_len: b.origlen,
                        });
                    }
                    PcapBlockOwned::NG(Block::SectionHeader(shb)) => {
                        is_ng = true;
                        ng_big_endian = shb.big_endian();
                        ifaces.clear();
                    }
                    PcapBlockOwned::NG(Block::Unknown(ub)) if ub.block_type == OBSOLETE_PB => {
                        if let Some(pb) = obsolete_packet(ub.data, ng_big_endian) {
                            let iface = ifaces.get(usize::from(pb.if_id)).copied();
                            let iface = iface.unwrap_or(Iface {
                                linktype: -1,
                                resolution: 1_000_000,
                                offset_s: 0,
                            });
                            each(&RawPacket {
                                linktype: iface.linktype,
                                ts_ns: ts_from_units(pb.units, iface.resolution, iface.offset_s),
                                data: pb.data,
                                orig_len: pb.orig_len,
                            });
                        }
                    }
                    PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => ifaces.push(Iface {
                        linktype: idb.linktype.0,
                        resolution: idb.ts_resolution().unwrap_or(1_000_000),
                        offset_s: idb.ts_offset(),
                    }),
                    PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                        let iface = ifaces.get(epb.if_id as usize).copied();
                        let iface = iface.unwrap_or(Iface {
                            linktype: -1,
                            resolution: 1_000_000,
                            offset_s: 0,
                        });
                        let units = (u64::from(epb.ts_high) << 32) | u64::from(epb.ts_low);
                        let data = epb.data.get(..epb.caplen as usize).unwrap_or(epb.data);
                        each(&RawPacket {
                            linktype: iface.linktype,
                            ts_ns: ts_from_units(units, iface.resolution, iface.offset_s),
                            data,
                            orig_len: epb.origlen,
                        });
                    }
                    PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                        let lt = ifaces.first().map_or(-1, |i| i.linktype);
                        let data = spb.data.get(..spb.origlen as usize).unwrap_or(spb.data);
                        each(&RawPacket {
                            linktype: lt,
                            ts_ns: 0,
                            data,
                            orig_len: spb.origlen,
                        });
                    }
                    PcapBlockOwned::NG(_) => {}
                }
                reader.consume(len);
                since_progress += len as u64;
                if since_progress >= 8 << 20 {
                    since_progress = 0;
                    progress(reader.consumed() as u64);
                }
            }
            Err(PcapError::Eof) => break None,
            Err(PcapError::Incomplete(_)) | Err(PcapError::UnexpectedEof) => {
                if reader.reader_exhausted() {
                    if reader.data().is_empty() {
                        break None;
                    }
                    // The whole block is there: its lengths or content disagree.
                    let claimed = claimed_len(reader.data(), is_ng);
                    if claimed >= 12 && claimed <= reader.data().len() {
                        break Some(CaptureFault {
                            offset: consumed,
                            message: format!(
                                "corrupt block: the block at this offset claims {claimed} bytes, which are all present, but its trailing length or content does not match"
                            ),
                        });
                    }
                    break Some(CaptureFault {
                        offset: consumed,
                        message: format!(
                            "truncated: the last block is cut short ({} bytes left over)",
                            reader.data().len()
                        ),
                    });
                }
                let before = reader.data().len();
                if reader.refill().is_err() {
                    break Some(CaptureFault {
                        offset: consumed,
                        message: "read error".into(),
                    });
                }
                if reader.data().len() == before && !reader.reader_exhausted() {
                    // The buffer is full but the block still does not fit.
                    stalls += 1;
                    if stalls > 1 {
                        if let Some(f) = grow(&mut *reader, &mut cap, consumed) {
                            break Some(f);
                        }
                        stalls = 0;
                    }
                }
            }
            Err(PcapError::BufferTooSmall) => {
                // Grow at least twofold, and as far as the block claims; a length beyond
                // the cap is a corrupt length field, reported rather than allocated.
                let claimed = claimed_len(reader.data(), is_ng);
                let target = claimed.saturating_add(64).max(cap.saturating_mul(2));
                if target > limit.min(BUF_MAX) || !reader.grow(target) {
                    break Some(CaptureFault {
                        offset: consumed,
                        message: format!(
                            "corrupt or truncated: the block at this offset claims {claimed} bytes (at most {} are accepted)",
                            limit.min(BUF_MAX)
                        ),
                    });
                }
                cap = target;
                if reader.refill().is_err() {
                    break Some(CaptureFault {
                        offset: consumed,
                        message: "read error".into(),
                    });
                }
            }
            Err(e) => {
                break Some(CaptureFault {
                    offset: consumed,
                    message: format!("corrupt block: {e}"),
                });
            }
        }
    };
    let total = reader.consumed() as u64;
    progress(total);
    Ok((total, fault))
}

/// pcapng's obsolete Packet Block (type 2), still written by old tools.
const OBSOLETE_PB: u32 = 2;

struct ObsoletePacket<'a> {
    if_id: u16,
    units: u64,
    orig_len: u32,
    data: &'a [u8],
}

/// The body of an obsolete Packet Block: interface (2), drops (2), timestamp high and low,
/// captured and original length, data.
fn obsolete_packet(b: &[u8], be: bool) -> Option<ObsoletePacket<'_>> {
    let u32_at = |at: usize| -> Option<u32> {
        let x: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        Some(if be {
            u32::from_be_bytes(x)
        } else {
            u32::from_le_bytes(x)
        })
    };
    let id: [u8; 2] = b.get(0..2)?.try_into().ok()?;
    let if_id = if be {
        u16::from_be_bytes(id)
    } else {
        u16::from_le_bytes(id)
    };
    let units = (u64::from(u32_at(4)?) << 32) | u64::from(u32_at(8)?);
    let caplen = u32_at(12)? as usize;
    let orig_len = u32_at(16)?;
    let rest = b.get(20..)?;
    Some(ObsoletePacket {
        if_id,
        units,
        orig_len,
        data: rest.get(..caplen).unwrap_or(rest),
    })
}

/// The length the block at the start of `data` claims: a pcapng block's total length (at
/// offset 4) or a legacy pcap record's captured length (offset 8) plus its 16-byte header.
/// The byte order is not tracked here, so the smaller reading counts (a real length read
/// in the wrong order is huge).
fn claimed_len(data: &[u8], ng: bool) -> usize {
    let o = if ng { 4 } else { 8 };
    let Some(b) = data.get(o..o + 4) else {
        return 0;
    };
    let le = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let be = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let n = le.min(be) as usize;
    if ng { n } else { n.saturating_add(16) }
}

fn grow(
    reader: &mut dyn pcap_parser::traits::PcapReaderIterator,
    cap: &mut usize,
    consumed: u64,
) -> Option<CaptureFault> {
    if *cap >= BUF_MAX || !reader.grow(*cap * 2) {
        return Some(CaptureFault {
            offset: consumed,
            message: format!(
                "corrupt: a block at this offset claims more than {} MiB",
                BUF_MAX >> 20
            ),
        });
    }
    *cap *= 2;
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcapng_timestamps_honour_resolution() {
        assert_eq!(ts_from_units(1_500_000, 1_000_000, 0), 1_500_000_000);
        assert_eq!(ts_from_units(7, 1_000_000_000, 2), 2_000_000_007);
    }
}
