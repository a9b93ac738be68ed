//! The bidirectional flow table, keyed and counted the way tshark's `-z conv,tcp` /
//! `-z conv,udp` do, so that its numbers can be checked against tshark:
//!
//! - a conversation is the unordered pair of (address, port) ends; side A is the sender of
//!   its first frame;
//! - a TCP SYN (or SYN/ACK) whose sequence number differs from the first one seen from that
//!   side starts a new conversation on the same ports (port reuse), as tshark's `tcp.stream`;
//! - frames and bytes are whole frames (`frame.len`, link header included) each way;
//! - a fragmented datagram counts once, in the frame that completes it (tshark reassembles).

use crate::decode::{Decoded, PROTO_TCP, PROTO_UDP, tcp_flags};
use crate::proto::{self, Dir, OpSeen, Operation, ProtocolId};
use foldhash::fast::FixedState;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// Per-flow caps that keep memory bounded by the number of flows.
/// (A Modbus function-code sweep uses ~400: every code, each way, with exceptions.)
const MAX_OPS_PER_FLOW: usize = 1024;
const MAX_LABELS_PER_FLOW: usize = 8;
const ID_TRIES: u8 = 8;
/// Longest message start carried into the next segment (a Modbus ADU is at most 260).
const MAX_CARRY: usize = 260;
const MAX_PENDING_FRAGMENTS: usize = 65_536;

/// Transport of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Tcp,
    Udp,
    /// Another IP protocol (ICMP, GRE…), by number; its flows have port 0 on both ends.
    #[serde(untagged)]
    Other(u8),
}

impl Transport {
    pub fn from_proto(p: u8) -> Transport {
        match p {
            PROTO_TCP => Transport::Tcp,
            PROTO_UDP => Transport::Udp,
            n => Transport::Other(n),
        }
    }
    pub fn as_str(self) -> String {
        match self {
            Transport::Tcp => "tcp".into(),
            Transport::Udp => "udp".into(),
            Transport::Other(1) => "icmp".into(),
            Transport::Other(58) => "icmpv6".into(),
            Transport::Other(n) => format!("ip-proto-{n}"),
        }
    }
}

/// How the protocol of a flow was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdentifiedBy {
    /// Not recognised.
    #[default]
    None,
    /// The payload matched the protocol's header.
    Payload,
    /// Only the well-known port (no payload seen, e.g. a flow log).
    Port,
    /// Given by the flow log (Zeek's `service`, a CSV column).
    Log,
}

/// Counted operations of one kind on one flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpCount {
    pub dir: Dir,
    /// Protocol field as tshark names it.
    pub field: &'static str,
    pub value: u32,
    /// The protocol's own name of the operation (`S7 Write Var`).
    pub name: &'static str,
    /// Modbus unit id (0 elsewhere).
    pub unit: u8,
    pub request: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<Operation>,
    pub count: u64,
}

/// One bidirectional conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    pub transport: Transport,
    /// Index among the flows of its transport in order of first frame (tshark's
    /// `tcp.stream` / `udp.stream`).
    pub stream: u64,
    /// The sender of the first frame.
    pub a: IpAddr,
    pub a_port: u16,
    pub b: IpAddr,
    pub b_port: u16,
    pub packets_ab: u64,
    pub bytes_ab: u64,
    pub packets_ba: u64,
    pub bytes_ba: u64,
    /// Nanoseconds since the Unix epoch.
    pub first_seen_ns: i64,
    pub last_seen_ns: i64,
    pub protocol: ProtocolId,
    pub identified_by: IdentifiedBy,
    /// Which end serves (`BtoA` means A is the server), where it can be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<Dir>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<OpCount>,
    /// TLS SNI, HTTP host, MQTT publish topics (at most a few).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vlan: Option<u16>,
    /// Operations beyond the per-flow cap, counted but not itemised.
    #[serde(skip_serializing_if = "is_zero")]
    pub ops_overflow: u64,
    #[serde(skip)]
    base_seq: [Option<u32>; 2],
    #[serde(skip)]
    next_seq: [Option<u32>; 2],
    /// The start of a message that continues in the next segment, per side (Modbus).
    #[serde(skip)]
    carry: Option<Box<[Vec<u8>; 2]>>,
    #[serde(skip)]
    id_tries: u8,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Flow {
    /// A new flow from a flow log or test input.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        transport: Transport,
        stream: u64,
        a: IpAddr,
        a_port: u16,
        b: IpAddr,
        b_port: u16,
        ts_ns: i64,
    ) -> Flow {
        Flow {
            transport,
            stream,
            a,
            a_port,
            b,
            b_port,
            packets_ab: 0,
            bytes_ab: 0,
            packets_ba: 0,
            bytes_ba: 0,
            first_seen_ns: ts_ns,
            last_seen_ns: ts_ns,
            protocol: ProtocolId::Unknown,
            identified_by: IdentifiedBy::None,
            server: None,
            ops: Vec::new(),
            labels: Vec::new(),
            vlan: None,
            ops_overflow: 0,
            base_seq: [None, None],
            next_seq: [None, None],
            carry: None,
            id_tries: 0,
        }
    }

    pub fn packets(&self) -> u64 {
        self.packets_ab.saturating_add(self.packets_ba)
    }
    pub fn bytes(&self) -> u64 {
        self.bytes_ab.saturating_add(self.bytes_ba)
    }

    /// Payload was seen but no protocol recognised in it (unknown framing).
    pub fn payload_unrecognised(&self) -> bool {
        self.identified_by == IdentifiedBy::None && self.id_tries > 0
    }

    /// (client address, server address, server port): the server end where known, else B.
    pub fn client_server(&self) -> (IpAddr, IpAddr, u16) {
        match self.server {
            Some(Dir::BtoA) => (self.b, self.a, self.a_port),
            _ => (self.a, self.b, self.b_port),
        }
    }

    /// How many requests of `class` were seen.
    pub fn count_class(&self, class: Operation) -> u64 {
        self.ops
            .iter()
            .filter(|o| o.class == Some(class))
            .map(|o| o.count)
            .sum()
    }

    /// Record an operation, merging with an equal one.
    pub fn add_op(&mut self, dir: Dir, op: OpSeen, n: u64) {
        if let Some(o) = self.ops.iter_mut().find(|o| {
            // Field names are static: compare by address first (no memcmp per packet).
            o.value == op.value
                && o.dir == dir
                && o.unit == op.unit
                && o.class == op.class
                && (std::ptr::eq(o.field, op.field) || o.field == op.field)
        }) {
            o.count = o.count.saturating_add(n);
            return;
        }
        if self.ops.len() >= MAX_OPS_PER_FLOW {
            self.ops_overflow = self.ops_overflow.saturating_add(n);
            return;
        }
        self.ops.push(OpCount {
            dir,
            field: op.field,
            value: op.value,
            name: proto::service_name(op.field, op.value),
            unit: op.unit,
            request: op.request,
            class: op.class,
            count: n,
        });
    }

    fn add_label(&mut self, l: String) {
        if self.labels.len() < MAX_LABELS_PER_FLOW && !self.labels.contains(&l) {
            self.labels.push(l);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    /// IP protocol, with bit 8 set for IPv6 (so that IPv4-mapped IPv6 stays apart).
    proto: u16,
    lo_port: u16,
    hi_port: u16,
    lo: u128,
    hi: u128,
}

/// Ports and TCP flags/sequence of a datagram completed from fragments.
type Reassembled = (Option<(u16, u16)>, Option<(u8, u32)>);

#[derive(Debug, Clone, Copy)]
struct Pending {
    ports: Option<(u16, u16)>,
    tcp: Option<(u8, u32)>,
    got: u32,
    total: Option<u32>,
}

/// Counters of what was not a TCP/UDP conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Every frame read.
    pub packets: u64,
    /// Their `frame.len` sum.
    pub bytes: u64,
    /// Frames without IP, by EtherType (ARP 0x0806, PROFINET 0x8892, GOOSE 0x88b8…).
    pub non_ip: BTreeMap<u16, u64>,
    /// Frames kojo could not decode at the link or IP layer, or whose link type it does
    /// not read.
    pub malformed: u64,
    /// IP fragments seen.
    pub fragments: u64,
    /// Datagrams completed from fragments.
    pub reassembled: u64,
    /// TCP/UDP frames cut before the end of the transport header (not a conversation frame).
    pub truncated_transport: u64,
}

/// All flows of a run, in order of first frame.
#[derive(Debug, Clone, Default)]
pub struct FlowTable {
    flows: Vec<Flow>,
    index: HashMap<Key, usize, FixedState>,
    /// The last key looked up and its flow: consecutive frames mostly share a flow.
    last: Option<(Key, usize)>,
    next_stream: [u64; 2],
    pending: HashMap<(IpAddr, IpAddr, u8, u32), Pending, FixedState>,
    /// Zeek connection uids of log flows, to join the ICS logs to `conn.log`.
    uids: HashMap<String, usize>,
    /// Most flows kept (None: no cap); see [`FlowTable::with_max_flows`].
    max_flows: Option<usize>,
    /// Conversations not kept because the table was full (their frames are still counted).
    over_cap: u64,
    pub stats: Stats,
}

impl FlowTable {
    pub fn new() -> FlowTable {
        FlowTable::default()
    }

    /// A table that keeps at most `max` flows: memory stays bounded by the cap whatever a
    /// capture or log holds. Frames of conversations beyond it are counted in [`Stats`],
    /// the conversations themselves in [`FlowTable::flows_over_cap`].
    pub fn with_max_flows(max: usize) -> FlowTable {
        FlowTable {
            max_flows: Some(max),
            ..FlowTable::default()
        }
    }

    /// The cap on the number of flows, if any.
    pub fn max_flows(&self) -> Option<usize> {
        self.max_flows
    }

    /// Conversations that were not kept because the table held its cap of flows.
    pub fn flows_over_cap(&self) -> u64 {
        self.over_cap
    }

    /// Whether one more flow would pass the cap (and is then counted, not kept).
    fn full(&mut self) -> bool {
        let full = self.max_flows.is_some_and(|m| self.flows.len() >= m);
        if full {
            self.over_cap = self.over_cap.saturating_add(1);
        }
        full
    }

    /// The flows, in order of first frame.
    pub fn flows(&self) -> &[Flow] {
        &self.flows
    }

    pub fn len(&self) -> usize {
        self.flows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    /// Adds a flow read from a flow log, as its own conversation.
    pub fn push_flow(&mut self, mut f: Flow) {
        if self.full() {
            return;
        }
        let slot = match f.transport {
            Transport::Tcp => Some(0),
            Transport::Udp => Some(1),
            Transport::Other(_) => None,
        };
        if let Some(s) = slot {
            f.stream = self.next_stream[s];
            self.next_stream[s] += 1;
        }
        let key = key_of(f.transport, (f.a, f.a_port), (f.b, f.b_port));
        self.index.insert(key, self.flows.len());
        self.last = None;
        self.flows.push(f);
    }

    /// Adds a `conn.log` flow with its Zeek uid: merged into the flow an ICS log line of the
    /// same uid already made (its operations kept), else a new conversation.
    pub fn push_log_flow(&mut self, f: Flow, uid: Option<String>) {
        let Some(uid) = uid else {
            return self.push_flow(f);
        };
        if let Some(&i) = self.uids.get(&uid) {
            let e = &mut self.flows[i];
            let ops = std::mem::take(&mut e.ops);
            let protocol = e.protocol;
            let stream = e.stream;
            *e = f;
            e.stream = stream;
            e.ops = ops;
            if e.protocol == ProtocolId::Unknown || e.identified_by == IdentifiedBy::Port {
                e.protocol = protocol;
                e.identified_by = IdentifiedBy::Log;
            }
            return;
        }
        if self.full() {
            return;
        }
        self.uids.insert(uid, self.flows.len());
        self.push_flow(f);
    }

    /// The flow of a Zeek uid, made from `make` when no `conn.log` line has given it yet;
    /// None when it would be new and the table holds its cap of flows.
    pub fn log_flow_mut(&mut self, uid: &str, make: impl FnOnce() -> Flow) -> Option<&mut Flow> {
        let i = match self.uids.get(uid) {
            Some(&i) => i,
            None => {
                if self.full() {
                    return None;
                }
                let i = self.flows.len();
                self.uids.insert(uid.to_owned(), i);
                self.push_flow(make());
                i
            }
        };
        self.flows.get_mut(i)
    }

    /// Counts one decoded frame of `frame_len` bytes at `ts_ns`.
    pub fn add(&mut self, d: &Decoded<'_>, frame_len: u32, ts_ns: i64) {
        let mut d = *d;
        if let Some(fr) = d.fragment {
            self.stats.fragments += 1;
            match self.reassemble(&d, fr) {
                Some((ports, tcp)) => {
                    self.stats.reassembled += 1;
                    d.ports = ports;
                    d.tcp = tcp;
                    // Payload inspection needs the first fragment's bytes; not kept.
                    d.payload = &[];
                }
                None => return,
            }
        }
        let transport = Transport::from_proto(d.proto);
        let (sport, dport) = match (transport, d.ports) {
            (Transport::Other(_), _) => (0, 0),
            (_, Some(p)) => p,
            (_, None) => {
                self.stats.truncated_transport += 1;
                return;
            }
        };
        let key = key_of(transport, (d.src, sport), (d.dst, dport));
        let mut idx = match self.last {
            Some((k, i)) if k == key => Some(i),
            _ => self.index.get(&key).copied(),
        };
        if let (Some(i), Some((flags, seq))) = (idx, d.tcp) {
            // Port reuse: a SYN or SYN/ACK with a sequence number other than the first seen
            // from this side opens a new conversation.
            if flags & tcp_flags::SYN != 0 {
                let f = &self.flows[i];
                let side = usize::from(!(f.a == d.src && f.a_port == sport));
                if f.base_seq[side].is_some_and(|b| b != seq) {
                    idx = None;
                }
            }
        }
        let i = match idx {
            Some(i) => i,
            None if self.full() => return,
            None => {
                let stream = match transport {
                    Transport::Tcp => post_inc(&mut self.next_stream[0]),
                    Transport::Udp => post_inc(&mut self.next_stream[1]),
                    Transport::Other(_) => 0,
                };
                let mut f = Flow::new(transport, stream, d.src, sport, d.dst, dport, ts_ns);
                f.vlan = d.vlan;
                let i = self.flows.len();
                self.flows.push(f);
                self.index.insert(key, i);
                i
            }
        };
        self.last = Some((key, i));
        let f = &mut self.flows[i];
        let from_a = f.a == d.src && f.a_port == sport;
        let dir = if from_a { Dir::AtoB } else { Dir::BtoA };
        let mut in_order = false;
        if from_a {
            f.packets_ab += 1;
            f.bytes_ab += u64::from(frame_len);
        } else {
            f.packets_ba += 1;
            f.bytes_ba += u64::from(frame_len);
        }
        f.first_seen_ns = f.first_seen_ns.min(ts_ns);
        f.last_seen_ns = f.last_seen_ns.max(ts_ns);
        if let Some((flags, seq)) = d.tcp {
            let side = usize::from(!from_a);
            if f.base_seq[side].is_none() {
                f.base_seq[side] = Some(seq);
            }
            if flags & (tcp_flags::SYN | tcp_flags::ACK) == tcp_flags::SYN {
                // The receiver of a bare SYN is the server.
                f.server = Some(if from_a { Dir::AtoB } else { Dir::BtoA });
            }
            // Like tshark, data below the highest sequence number already seen from this
            // side is a retransmission: counted as a frame, not inspected again.
            let len = d.payload.len() as u32;
            let end = seq
                .wrapping_add(len)
                .wrapping_add(u32::from(flags & (tcp_flags::SYN | tcp_flags::FIN) != 0));
            let retransmission =
                len > 0 && f.next_seq[side].is_some_and(|n| (seq.wrapping_sub(n) as i32) < 0);
            in_order = f.next_seq[side] == Some(seq);
            match f.next_seq[side] {
                Some(n) if (end.wrapping_sub(n) as i32) <= 0 => {}
                _ => f.next_seq[side] = Some(end),
            }
            if retransmission {
                return;
            }
        }
        if d.payload.is_empty() || transport == Transport::Other(0) {
            return;
        }
        let tcp = transport == Transport::Tcp;
        if matches!(transport, Transport::Other(_)) {
            return;
        }
        if f.identified_by == IdentifiedBy::None && f.id_tries < ID_TRIES {
            f.id_tries += 1;
            let seen = proto::identify(tcp, (sport, dport), d.payload);
            if let Some(p) = seen.proto {
                f.protocol = p;
                f.identified_by = IdentifiedBy::Payload;
                if f.server.is_none() {
                    f.server = Some(server_side(tcp, p, f.a_port, f.b_port, dir));
                }
            }
            if let Some(l) = seen.label {
                f.add_label(l);
            }
        }
        if f.protocol == ProtocolId::S7comm
            && proto::s7_kind(d.payload) == Some(ProtocolId::S7commPlus)
        {
            // Identified on the COTP connection request; the data says S7comm-plus.
            f.protocol = ProtocolId::S7commPlus;
        }
        if f.identified_by == IdentifiedBy::Payload {
            let to_server = match f.server {
                Some(s) => s == dir,
                None => true,
            };
            let proto = f.protocol;
            if proto == ProtocolId::Mqtt
                && to_server
                && let Some(t) = proto::mqtt_publish_topic(d.payload)
            {
                f.add_label(t);
            }
            let side = usize::from(!from_a);
            // Prepend what the previous segment left unfinished, if this one follows it.
            let joined: Vec<u8>;
            let mut payload = d.payload;
            if let Some(c) = f.carry.as_mut() {
                let mut pending = std::mem::take(&mut c[side]);
                if in_order && !pending.is_empty() {
                    pending.extend_from_slice(d.payload);
                    joined = pending;
                    payload = &joined;
                }
            }
            let rest = proto::operations(proto, tcp, to_server, payload, &mut |op| {
                f.add_op(dir, op, u64::from(op.n))
            });
            if let Some(off) = rest.filter(|&o| payload.len() - o <= MAX_CARRY) {
                let c = f.carry.get_or_insert_with(Default::default);
                c[side].clear();
                c[side].extend_from_slice(&payload[off..]);
            }
        }
    }

    fn reassemble(&mut self, d: &Decoded<'_>, fr: crate::decode::Fragment) -> Option<Reassembled> {
        let key = (d.src, d.dst, d.proto, fr.ident);
        if self.pending.len() >= MAX_PENDING_FRAGMENTS && !self.pending.contains_key(&key) {
            // Bounded memory: forget incomplete datagrams rather than grow.
            self.pending.clear();
        }
        let e = self.pending.entry(key).or_insert(Pending {
            ports: None,
            tcp: None,
            got: 0,
            total: None,
        });
        if fr.offset == 0 {
            e.ports = d.ports;
            e.tcp = d.tcp;
        }
        e.got = e.got.saturating_add(fr.len);
        if !fr.more {
            e.total = Some(fr.offset.saturating_add(fr.len));
        }
        let done = e.total.is_some_and(|t| e.got >= t);
        if done {
            let e = self.pending.remove(&key)?;
            Some((e.ports, e.tcp))
        } else {
            None
        }
    }
}

fn post_inc(n: &mut u64) -> u64 {
    let v = *n;
    *n += 1;
    v
}

#[inline]
fn addr_bits(a: IpAddr) -> (u128, bool) {
    match a {
        IpAddr::V4(v) => (u128::from(u32::from(v)), false),
        IpAddr::V6(v) => (u128::from(v), true),
    }
}

/// The unordered conversation key: integers only, so that comparing and hashing stay cheap
/// on the per-packet path.
#[inline]
fn key_of(t: Transport, x: (IpAddr, u16), y: (IpAddr, u16)) -> Key {
    let proto = match t {
        Transport::Tcp => PROTO_TCP,
        Transport::Udp => PROTO_UDP,
        Transport::Other(n) => n,
    };
    let (xa, v6) = addr_bits(x.0);
    let (ya, _) = addr_bits(y.0);
    let (lo, lo_port, hi, hi_port) = if (xa, x.1) <= (ya, y.1) {
        (xa, x.1, ya, y.1)
    } else {
        (ya, y.1, xa, x.1)
    };
    Key {
        proto: u16::from(proto) | if v6 { 0x100 } else { 0 },
        lo_port,
        hi_port,
        lo,
        hi,
    }
}

/// The server end of a flow whose protocol is known from a payload travelling in `dir`.
fn server_side(tcp: bool, p: ProtocolId, a_port: u16, b_port: u16, dir: Dir) -> Dir {
    let a_hint = proto::port_hint(tcp, a_port) == Some(p);
    let b_hint = proto::port_hint(tcp, b_port) == Some(p);
    match (a_hint, b_hint) {
        (true, false) => Dir::BtoA,
        (false, true) => Dir::AtoB,
        _ if a_port < b_port && a_port < 1024 => Dir::BtoA,
        _ if b_port < a_port && b_port < 1024 => Dir::AtoB,
        _ => dir,
    }
}
