//! kojo's own diagnostic type: every problem the loader (and later the catalog reference
//! check) finds, with where it is and what would be right. Renderers (terminal, JSON) live
//! at the edges; this type does not know about them.

use kojo_lang::{Lang, Message};

/// A position in a named file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    pub path: std::path::PathBuf,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DiagSeverity {
    Error,
    Warning,
}

/// A sentence of a diagnostic: a [`Message`] of `diagnostics.ftl`, rendered in the language
/// asked for at the edge. It reads as its English text (`Deref` to `str`, `Display`) so that
/// callers that show English (the JSON contract, logs, the web's English pages) need not
/// change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagText {
    message: Message,
    en: String,
}

impl DiagText {
    /// A translated sentence.
    pub fn new(message: Message) -> DiagText {
        let en = message.render(Lang::En);
        DiagText { message, en }
    }

    /// A sentence not (yet) written as a Fluent message: shown as it is in every language.
    /// Only for callers outside the loader that still build English text.
    pub fn untranslated(text: impl Into<String>) -> DiagText {
        DiagText::new(Message::new("diag-untranslated").arg("text", text.into()))
    }

    /// The message (id and arguments).
    pub fn message(&self) -> &Message {
        &self.message
    }

    /// The sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.en.clone(),
            Lang::Ja => self.message.render(lang),
        }
    }

    /// The English sentence.
    pub fn as_str(&self) -> &str {
        &self.en
    }
}

/// No sentence (empty in every language).
impl Default for DiagText {
    fn default() -> DiagText {
        DiagText::untranslated(String::new())
    }
}

impl From<Message> for DiagText {
    fn from(m: Message) -> DiagText {
        DiagText::new(m)
    }
}

impl std::ops::Deref for DiagText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.en
    }
}

impl std::fmt::Display for DiagText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable kebab-case code, e.g. `unknown-field`, `unresolved-reference`, `duplicate-id`.
    pub code: &'static str,
    pub severity: DiagSeverity,
    /// One sentence: what is wrong, naming the offending value.
    pub message: DiagText,
    pub position: Option<Position>,
    /// What would be right: allowed values, "did you mean `line`?", …
    pub help: Option<DiagText>,
    /// Other places that matter (e.g. the first definition of a duplicate id).
    pub related: Vec<(Position, DiagText)>,
}

impl Diagnostic {
    /// The message in English (the JSON contract's `message`).
    pub fn message_en(&self) -> &str {
        self.message.as_str()
    }

    /// The message of the line that says how many more errors of one code a file has than
    /// are listed (the loader writes it; [`Diagnostic::stands_for`] reads its count).
    pub(crate) const MORE_OF_CODE: &'static str = "diag-more-of-code";

    /// How many problems this diagnostic stands for: one, or, for the line that says how
    /// many more of one code were left out of a file, that many.
    pub fn stands_for(&self) -> usize {
        let m = self.message.message();
        if m.id != Self::MORE_OF_CODE {
            return 1;
        }
        m.args
            .iter()
            .find_map(|(k, v)| match (k, v) {
                (&"count", kojo_lang::Value::Number(n)) => usize::try_from(*n).ok(),
                _ => None,
            })
            .unwrap_or(1)
    }
}
