//! kojo-lang: every word kojo writes, in English and Japanese, as Project Fluent messages.
//!
//! - [`Lang`] is the one language type of the workspace (`--lang en|ja`).
//! - Messages live in `locales/<lang>/*.ftl`, compiled into the binary. A message with
//!   arguments is kept as a [`Message`] (its id and arguments) and rendered only where it
//!   is shown ([`Message::render`]), so the same value can be written in either language.
//! - The glossary (`locales/<lang>/glossary.ftl`) holds one Fluent term per concept
//!   (severities, zone, protected object, supplier checklist…); messages use the terms, never
//!   their own word. A term's `.avoid` attribute lists the Japanese words that must not stand
//!   for it; the tests check every Japanese message against it.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::sync::OnceLock;

mod template;

/// A language kojo speaks. Anything but `ja` is English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Lang {
    /// English, the language of the JSON contracts.
    #[default]
    En,
    /// Japanese, the guideline's own language.
    Ja,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// `"ja"` (in any case) gives Japanese, anything else English.
    pub fn from_code(code: &str) -> Lang {
        if code.eq_ignore_ascii_case("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The language code (`en`, `ja`), for `Finding::text` and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Picks the English or the Japanese word (for code not yet on Fluent messages).
    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

/// The source of each language's messages, file by file.
const SOURCES: [(Lang, &[(&str, &str)]); 2] = [
    (
        Lang::En,
        &[
            ("glossary.ftl", include_str!("../locales/en/glossary.ftl")),
            ("diff.ftl", include_str!("../locales/en/diff.ftl")),
            ("history.ftl", include_str!("../locales/en/history.ftl")),
            ("threat.ftl", include_str!("../locales/en/threat.ftl")),
            ("actions.ftl", include_str!("../locales/en/actions.ftl")),
            ("plan.ftl", include_str!("../locales/en/plan.ftl")),
            ("values.ftl", include_str!("../locales/en/values.ftl")),
            ("register.ftl", include_str!("../locales/en/register.ftl")),
            ("init.ftl", include_str!("../locales/en/init.ftl")),
            ("sbom.ftl", include_str!("../locales/en/sbom.ftl")),
            ("decisions.ftl", include_str!("../locales/en/decisions.ftl")),
            ("zoning.ftl", include_str!("../locales/en/zoning.ftl")),
            (
                "requirements.ftl",
                include_str!("../locales/en/requirements.ftl"),
            ),
            ("cli.ftl", include_str!("../locales/en/cli.ftl")),
            (
                "diagnostics.ftl",
                include_str!("../locales/en/diagnostics.ftl"),
            ),
        ],
    ),
    (
        Lang::Ja,
        &[
            ("glossary.ftl", include_str!("../locales/ja/glossary.ftl")),
            ("diff.ftl", include_str!("../locales/ja/diff.ftl")),
            ("history.ftl", include_str!("../locales/ja/history.ftl")),
            ("threat.ftl", include_str!("../locales/ja/threat.ftl")),
            ("actions.ftl", include_str!("../locales/ja/actions.ftl")),
            ("plan.ftl", include_str!("../locales/ja/plan.ftl")),
            ("values.ftl", include_str!("../locales/ja/values.ftl")),
            ("register.ftl", include_str!("../locales/ja/register.ftl")),
            ("init.ftl", include_str!("../locales/ja/init.ftl")),
            ("sbom.ftl", include_str!("../locales/ja/sbom.ftl")),
            ("decisions.ftl", include_str!("../locales/ja/decisions.ftl")),
            ("zoning.ftl", include_str!("../locales/ja/zoning.ftl")),
            (
                "requirements.ftl",
                include_str!("../locales/ja/requirements.ftl"),
            ),
            ("cli.ftl", include_str!("../locales/ja/cli.ftl")),
            (
                "diagnostics.ftl",
                include_str!("../locales/ja/diagnostics.ftl"),
            ),
        ],
    ),
];

/// The `.ftl` files of `lang`: (file name, text).
pub fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => SOURCES[0].1,
        Lang::Ja => SOURCES[1].1,
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| Lang::ALL.map(build));
    &bundles[lang as usize]
}

/// One language's bundle. A file that does not parse keeps the messages that do (the tests
/// fail on any parse error; users never see a panic).
fn build(lang: Lang) -> Bundle {
    let id =
        unic_langid::LanguageIdentifier::from_bytes(lang.code().as_bytes()).unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Terminals, CSV and XLSX show the isolation marks as stray characters.
    bundle.set_use_isolating(false);
    for (_, text) in sources(lang) {
        let res = match FluentResource::try_new((*text).to_string()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        let _ = bundle.add_resource(res);
    }
    bundle
}

/// An argument of a message: text or a number (numbers choose plural forms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text shown as it is (a name, an id, a path).
    Text(String),
    /// A count.
    Number(i64),
    /// A phrase of its own (the subject of a diagnostic: "zone `a`"), rendered in the
    /// language of the message that holds it.
    Message(Box<Message>),
}

impl From<Message> for Value {
    fn from(m: Message) -> Value {
        Value::Message(Box::new(m))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}
impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(n)
    }
}

/// A message to show: its id and its arguments, rendered in a language at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The Fluent message id (`diff-title`).
    pub id: Cow<'static, str>,
    /// Named arguments, in the order given.
    pub args: Vec<(&'static str, Value)>,
}

impl Message {
    /// A message without arguments (yet).
    pub fn new(id: impl Into<Cow<'static, str>>) -> Message {
        Message {
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// Adds the argument `name`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Value>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        if let Some(s) = template::render(lang, &self.id, &self.args) {
            return s;
        }
        self.render_with_fluent(lang)
    }

    /// [`Message::render`] through Fluent's resolver, for every message (the compiled path
    /// covers most of them, and the tests check it gives the same text).
    fn render_with_fluent(&self, lang: Lang) -> String {
        let mut args = FluentArgs::new();
        for (k, v) in &self.args {
            match v {
                Value::Text(s) => args.set(*k, FluentValue::from(s.as_str())),
                Value::Number(n) => args.set(*k, FluentValue::from(*n)),
                Value::Message(m) => args.set(*k, FluentValue::from(m.render(lang))),
            }
        }
        format(lang, &self.id, Some(&args)).unwrap_or_else(|| self.id.to_string())
    }
}

/// The message `id` in `lang`, without arguments.
pub fn text(lang: Lang, id: &str) -> String {
    if let Some(s) = template::render(lang, id, &[]) {
        return s;
    }
    format(lang, id, None).unwrap_or_else(|| id.to_string())
}

/// The message `id` in `lang` with `args`; `None` when no language has it. A message missing
/// in Japanese falls back to English (the tests allow neither).
fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let try_lang = |l: Lang| {
        let b = bundle(l);
        let pattern = b.get_message(id)?.value()?;
        let mut errors = Vec::new();
        Some(b.format_pattern(pattern, args, &mut errors).into_owned())
    };
    try_lang(lang).or_else(|| try_lang(Lang::En))
}

/// The first concept whose avoided word Japanese `text` uses: (the glossary term, the
/// word), or `None`. The glossary's own words are taken out first, so that 重大度 (severity)
/// is not read as 重大. Tests of every output call it on what they render.
pub fn glossary_violation(text: &str) -> Option<(String, String)> {
    use fluent_syntax::ast;
    let mut words = Vec::new();
    let mut avoid = Vec::new();
    let plain = |p: &ast::Pattern<&str>| -> String {
        p.elements
            .iter()
            .map(|e| match e {
                ast::PatternElement::TextElement { value } => *value,
                ast::PatternElement::Placeable { .. } => "",
            })
            .collect()
    };
    for (_, src) in sources(Lang::Ja) {
        let res = match fluent_syntax::parser::parse(*src) {
            Ok(r) | Err((r, _)) => r,
        };
        for entry in &res.body {
            if let ast::Entry::Term(t) = entry {
                words.push(plain(&t.value));
                for a in t.attributes.iter().filter(|a| a.id.name == "avoid") {
                    for w in plain(&a.value).split('|') {
                        avoid.push((t.id.name.to_string(), w.trim().to_string()));
                    }
                }
            }
        }
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let mut rest = text.to_string();
    for w in words.iter().filter(|w| !w.is_empty()) {
        rest = rest.replace(w.as_str(), "・");
    }
    avoid
        .into_iter()
        .find(|(_, w)| !w.is_empty() && rest.contains(w.as_str()))
}

/// ASCII words a Japanese message may keep: names of programs, standards and formats.
pub const KEPT_IN_JAPANESE: &[&str] = &[
    "kojo",
    "diff",
    "history",
    "BCP",
    "UTC",
    "SBOM",
    "SL",
    "ID",
    "VPN",
    "OSS",
    // Safety, quality, delivery, cost: the appendix's own abbreviation.
    "SQDC",
    "DMZ",
    "PC",
    "Excel",
    "JSON",
    "OODA",
    "Observe",
    "Orient",
    "Decide",
    "Act",
    "VEX",
    "CSAF",
    "OpenVEX",
    "CycloneDX",
    "SPDX",
    "EPSS",
    "CISA",
    "OSV",
    "KEV",
    "fail",
    "on",
    "advisories",
    "update",
    "decisions",
    "import",
    "assess",
    "write",
    "YAML",
    "UTF",
    "Shift",
    "JIS",
    "ISO",
    "IEC",
    "IP",
    "IPv",
    "CIDR",
];

/// The ASCII words of Japanese `s` (runs of two or more letters) that are not kept names; text in
/// backticks is what the user types (a command, a YAML key) and stays as it is.
pub fn english_words(s: &str) -> Vec<String> {
    let prose: String = s
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, p)| p)
        .collect::<Vec<_>>()
        .join(" ");
    prose
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !KEPT_IN_JAPANESE.contains(w))
        .map(str::to_string)
        .collect()
}

/// A value of the model's vocabularies or a register status (`control`, `high`,
/// `in-progress`) as shown in `lang`: in English the value itself, in Japanese its word from
/// `values.ftl` (the value itself when it has none, such as an id).
pub fn value(lang: Lang, value: &str) -> &str {
    use std::collections::HashMap;
    static JA: OnceLock<HashMap<String, String>> = OnceLock::new();
    if lang == Lang::En {
        return value;
    }
    let words = JA.get_or_init(|| {
        let mut words = HashMap::new();
        for (_, src) in sources(Lang::Ja) {
            let res = match fluent_syntax::parser::parse(*src) {
                Ok(r) | Err((r, _)) => r,
            };
            for entry in &res.body {
                if let fluent_syntax::ast::Entry::Message(m) = entry
                    && let Some(key) = m.id.name.strip_prefix("value-")
                {
                    words.insert(key.to_string(), text(Lang::Ja, m.id.name));
                }
            }
        }
        words
    });
    // Fluent ids cannot hold `/`: the answer `n/a` is `value-not-applicable`.
    let key = if value == "n/a" {
        "not-applicable"
    } else {
        value
    };
    words.get(key).map_or(value, String::as_str)
}

/// A severity (`critical` … `info`) in the glossary's word of `lang`.
pub fn severity(lang: Lang, severity: &str) -> String {
    text(lang, &format!("severity-{severity}"))
}

#[cfg(test)]
mod tests;
