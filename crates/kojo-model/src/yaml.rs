//! A small YAML tree with source positions, built from granit-parser's events (the parser
//! serde-saphyr uses). The loader maps this tree to the model by hand, so that it can report
//! every problem in a file at once instead of stopping at the first serde error.

use granit_parser::{Event, Parser, ScalarStyle};
use kojo_lang::Message;
use std::collections::HashMap;

/// Where a node starts: 1-based line and column, 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// An empty value or a plain `~` / `null`.
    Null,
    /// A scalar's text; `plain` is false for quoted and block scalars, which are always
    /// strings (a quoted `"2"` is not the number 2).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub value: Value,
    pub pos: Pos,
}

impl Node {
    /// The text of a scalar (plain or quoted), `None` for null, sequences and mappings.
    pub fn scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
    /// A word describing the node, for "expected X, found Y" messages.
    pub fn describe(&self) -> Message {
        match &self.value {
            Value::Null => Message::new("diag-found-empty"),
            Value::Scalar { text, .. } => quote_short(text),
            Value::Seq(_) => Message::new("diag-found-list"),
            Value::Map(_) => Message::new("diag-found-mapping"),
        }
    }
}

/// A value quoted in a message: in full when short, else its start and its length, so that
/// a long line (or a whole file read as one scalar) is not echoed into logs.
pub(crate) fn quote_short(text: &str) -> Message {
    const MAX_CHARS: usize = 60;
    let first_line = text.lines().next().unwrap_or("");
    let n = text.chars().count();
    if n <= MAX_CHARS && first_line.len() == text.len() {
        return Message::new("diag-code").arg("text", text);
    }
    let head: String = first_line.chars().take(MAX_CHARS).collect();
    Message::new("diag-long-value")
        .arg("head", head)
        .arg("count", n.to_string())
}

/// A problem found while reading the YAML itself.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    pub pos: Pos,
    pub code: &'static str,
    pub message: Message,
    /// The help's message id (the help of a YAML error takes no arguments).
    pub help: Option<&'static str>,
    /// Where the key was first written, for duplicate keys.
    pub first: Option<Pos>,
}

/// Upper bound on nodes copied by alias expansion, so that an alias bomb ("billion laughs")
/// is refused instead of exhausting memory. Nodes written out are bounded by the file size.
const MAX_ALIAS_NODES: usize = 1_000_000;

/// Parse one YAML document. Returns the root (None for an empty file or after a syntax
/// error) and the errors found: a syntax error stops parsing (the parser cannot continue
/// reliably), duplicate keys do not (the first one is kept).
pub(crate) fn parse(text: &str) -> (Option<Node>, Vec<YamlError>) {
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        text,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        docs: 0,
        nodes: 0,
        errors: Vec::new(),
    };
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                let pos = b.pos_of(
                    span.start.line(),
                    span.start.col(),
                    span.start.index(),
                    span.start.byte_offset(),
                );
                if let Err(e) = b.event(event, pos) {
                    b.errors.push(e);
                    return (None, b.errors);
                }
            }
            Err(err) => {
                let m = err.marker();
                let pos = b.pos_of(m.line(), m.col(), m.index(), m.byte_offset());
                b.errors.push(YamlError {
                    pos,
                    code: "yaml-syntax",
                    // The parser's own words are English in both languages.
                    message: Message::new("diag-yaml-syntax").arg("info", err.info()),
                    help: Some("diag-yaml-syntax-help"),
                    first: None,
                });
                return (None, b.errors);
            }
        }
    }
    (b.root, b.errors)
}

enum Frame {
    Seq {
        pos: Pos,
        items: Vec<Node>,
        anchor: usize,
    },
    Map {
        pos: Pos,
        entries: Vec<(Node, Node)>,
        pending_key: Option<Node>,
        anchor: usize,
        /// Entries copied by a `<<` merge key; an explicit key replaces them.
        merged: Vec<usize>,
    },
}

struct Builder<'t> {
    text: &'t str,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    docs: usize,
    nodes: usize,
    errors: Vec<YamlError>,
}

impl Builder<'_> {
    fn pos_of(&self, line: usize, col: usize, chars: usize, bytes: Option<usize>) -> Pos {
        let offset = bytes.unwrap_or_else(|| {
            self.text
                .char_indices()
                .nth(chars)
                .map_or(self.text.len(), |(i, _)| i)
        });
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(col.saturating_add(1)).unwrap_or(u32::MAX),
            offset,
        }
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_ALIAS_NODES {
            return Err(YamlError {
                pos,
                code: "yaml-too-large",
                message: Message::new("diag-yaml-too-large")
                    .arg("max", MAX_ALIAS_NODES.to_string()),
                help: Some("diag-yaml-too-large-help"),
                first: None,
            });
        }
        Ok(())
    }

    fn event(&mut self, event: Event<'_>, pos: Pos) -> Result<(), YamlError> {
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::DocumentStart(..) => {
                self.docs += 1;
                if self.docs > 1 {
                    return Err(YamlError {
                        pos,
                        code: "yaml-multiple-documents",
                        message: Message::new("diag-yaml-multiple-documents"),
                        help: Some("diag-yaml-multiple-documents-help"),
                        first: None,
                    });
                }
            }
            Event::Alias(id) => {
                let Some(&(_, size)) = self.anchors.get(&id) else {
                    return Err(YamlError {
                        pos,
                        code: "yaml-syntax",
                        message: Message::new("diag-yaml-alias-undefined"),
                        help: Some("diag-yaml-alias-help"),
                        first: None,
                    });
                };
                // Count before cloning: the copy itself is what an alias bomb attacks.
                self.count(size, pos)?;
                let value = self
                    .anchors
                    .get(&id)
                    .map_or(Value::Null, |(n, _)| n.value.clone());
                let node = Node { value, pos };
                self.push(node);
            }
            Event::Anchor(..) => {}
            Event::UnresolvedAlias(name) => {
                return Err(YamlError {
                    pos,
                    code: "yaml-syntax",
                    message: Message::new("diag-yaml-alias-unresolved").arg("name", &*name),
                    help: Some("diag-yaml-alias-help"),
                    first: None,
                });
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain && tag.is_none();
                let value = if plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
                    Value::Null
                } else {
                    Value::Scalar {
                        text: text.into_owned(),
                        plain,
                    }
                };
                let node = Node { value, pos };
                if anchor != 0 {
                    self.anchors.insert(anchor, (node.clone(), 1));
                }
                self.push(node);
            }
            Event::SequenceStart(_, anchor, _) => {
                self.stack.push(Frame::Seq {
                    pos,
                    items: Vec::new(),
                    anchor,
                });
            }
            Event::MappingStart(_, anchor, _) => {
                self.stack.push(Frame::Map {
                    pos,
                    entries: Vec::new(),
                    pending_key: None,
                    anchor,
                    merged: Vec::new(),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Seq { pos, items, anchor }) => {
                        let node = Node {
                            value: Value::Seq(items),
                            pos,
                        };
                        if anchor != 0 {
                            self.anchors
                                .insert(anchor, (node.clone(), size_of_tree(&node)));
                        }
                        node
                    }
                    Some(Frame::Map {
                        pos,
                        entries,
                        anchor,
                        ..
                    }) => {
                        let node = Node {
                            value: Value::Map(entries),
                            pos,
                        };
                        if anchor != 0 {
                            self.anchors
                                .insert(anchor, (node.clone(), size_of_tree(&node)));
                        }
                        node
                    }
                    None => return Ok(()),
                };
                self.push(node);
            }
            // Comments and any event kinds a later parser version adds carry no data.
            _ => {}
        }
        Ok(())
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                merged,
                ..
            }) => {
                match pending_key.take() {
                    None => *pending_key = Some(node),
                    Some(key) => {
                        // `<<` merge keys: copy the merged mapping's entries the key does not
                        // already have (YAML 1.1 merge, widely used with anchors).
                        if key.scalar() == Some("<<")
                            && matches!(key.value, Value::Scalar { plain: true, .. })
                        {
                            let sources: Vec<Node> = match node.value {
                                Value::Map(_) => vec![node],
                                Value::Seq(items) => items,
                                _ => vec![node],
                            };
                            for src in sources {
                                if let Value::Map(src_entries) = src.value {
                                    for (k, v) in src_entries {
                                        if !entries.iter().any(|(ek, _)| same_key(ek, &k)) {
                                            merged.push(entries.len());
                                            entries.push((k, v));
                                        }
                                    }
                                } else {
                                    self.errors.push(YamlError {
                                        pos: src.pos,
                                        code: "yaml-syntax",
                                        message: Message::new("diag-yaml-merge"),
                                        help: None,
                                        first: None,
                                    });
                                }
                            }
                            return;
                        }
                        let existing = entries.iter().position(|(k, _)| same_key(k, &key));
                        if let Some(i) = existing
                            && let Some(m) = merged.iter().position(|&x| x == i)
                        {
                            // An explicit key overrides a merged one, wherever it is written.
                            merged.swap_remove(m);
                            entries[i] = (key, node);
                            return;
                        }
                        if let Some((first, _)) = existing.and_then(|i| entries.get(i)) {
                            self.errors.push(YamlError {
                                pos: key.pos,
                                code: "duplicate-key",
                                message: Message::new("diag-duplicate-key")
                                    .arg("key", key.describe()),
                                help: Some("diag-duplicate-key-help"),
                                first: Some(first.pos),
                            });
                            return;
                        }
                        entries.push((key, node));
                    }
                }
            }
        }
    }
}

fn same_key(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Scalar { text: x, .. }, Value::Scalar { text: y, .. }) => x == y,
        (x, y) => x == y,
    }
}

fn size_of_tree(node: &Node) -> usize {
    match &node.value {
        Value::Null | Value::Scalar { .. } => 1,
        Value::Seq(items) => 1 + items.iter().map(size_of_tree).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| size_of_tree(k) + size_of_tree(v))
                .sum::<usize>()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let root = parse("a: 1\nb:\n  - x\n").0.unwrap();
        let Value::Map(entries) = &root.value else {
            panic!("not a map")
        };
        assert_eq!(entries[1].0.pos.line, 2);
        assert_eq!(entries[1].0.pos.column, 1);
        let Value::Seq(items) = &entries[1].1.value else {
            panic!("not a seq")
        };
        assert_eq!(
            (items[0].pos.line, items[0].pos.column, items[0].pos.offset),
            (3, 5, 12)
        );
    }

    #[test]
    fn aliases_and_merge_keys_expand() {
        let root = parse("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\nd: *b\n")
            .0
            .unwrap();
        let Value::Map(entries) = &root.value else {
            panic!("not a map")
        };
        let Value::Map(c) = &entries[1].1.value else {
            panic!("not a map")
        };
        assert_eq!(c.len(), 2);
        assert_eq!(entries[2].1.value, entries[0].1.value);
    }

    #[test]
    fn duplicate_keys_name_both_places() {
        let (root, errs) = parse("a: 1\nb: 2\na: 3\n");
        assert!(root.is_some());
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].code, "duplicate-key");
        assert_eq!((errs[0].pos.line, errs[0].pos.column), (3, 1));
        assert_eq!(errs[0].first.map(|p| p.line), Some(1));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let (root, errs) = parse(&text);
        assert!(root.is_none());
        assert_eq!(errs[0].code, "yaml-too-large");
    }
}
