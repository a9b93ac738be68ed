//! CPE names in both bindings: the 2.3 formatted string (`cpe:2.3:a:vendor:product:1.0:…`)
//! and the 2.2 URI (`cpe:/a:vendor:product:1.0`), read into one shape so that an SBOM's 2.3
//! name matches an advisory's 2.2 URI of the same product.

/// The parts of a CPE name that matching uses, lower-cased and unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cpe {
    pub part: String,
    pub vendor: String,
    pub product: String,
    /// `None` for ANY (`*`, empty) or NA (`-`).
    pub version: Option<String>,
    pub update: Option<String>,
}

impl Cpe {
    /// Reads either binding; `None` when the text is neither.
    pub fn parse(text: &str) -> Option<Cpe> {
        let t = text.trim();
        let fields: Vec<String> = if let Some(rest) = strip_prefix_ci(t, "cpe:2.3:") {
            split_fs(rest)
        } else if let Some(rest) = strip_prefix_ci(t, "cpe:/") {
            rest.split(':').map(percent_decode).collect()
        } else {
            return None;
        };
        let get = |i: usize| fields.get(i).map(|s| s.to_lowercase()).unwrap_or_default();
        let part = get(0);
        let vendor = get(1);
        let product = get(2);
        if !matches!(part.as_str(), "a" | "o" | "h") || vendor.is_empty() || product.is_empty() {
            return None;
        }
        let specific = |s: String| (!(s.is_empty() || s == "*" || s == "-")).then_some(s);
        Some(Cpe {
            part,
            vendor,
            product,
            version: specific(get(3)),
            update: specific(get(4)),
        })
    }

    /// The key the index files products under: `part:vendor:product`.
    pub fn key(&self) -> String {
        format!("{}:{}:{}", self.part, self.vendor, self.product)
    }

    /// The version with its update (`1.0` + `sp1` → `1.0 sp1`), if specific.
    pub fn full_version(&self) -> Option<String> {
        match (&self.version, &self.update) {
            (Some(v), Some(u)) => Some(format!("{v} {u}")),
            (Some(v), None) => Some(v.clone()),
            _ => None,
        }
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Splits a 2.3 formatted string on unescaped `:` and removes the `\` escapes.
fn split_fs(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            ':' => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_bindings_give_the_same_key() {
        let a =
            Cpe::parse("cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-rc1:*:*:*:*:*:*:*").unwrap();
        let b = Cpe::parse("cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-rc1").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.key(), "a:csaf-tools:cvrf-csaf-converter");
        assert_eq!(a.version.as_deref(), Some("1.0.0-rc1"));
    }

    #[test]
    fn escapes_wildcards_and_garbage() {
        let c = Cpe::parse(r"cpe:2.3:a:foo\:bar:baz:*:*:*:*:*:*:*:*").unwrap();
        assert_eq!(c.vendor, "foo:bar");
        assert_eq!(c.version, None);
        let c = Cpe::parse("cpe:/a:vendor%21:prod:-").unwrap();
        assert_eq!(c.vendor, "vendor!");
        assert_eq!(c.version, None);
        assert!(Cpe::parse("cpe:2.3:x:a:b").is_none());
        assert!(Cpe::parse("pkg:npm/x").is_none());
        assert!(Cpe::parse("cpe:/a:%").is_none());
        assert!(Cpe::parse("cpe:/a:v:p:%4").is_some());
    }
}
