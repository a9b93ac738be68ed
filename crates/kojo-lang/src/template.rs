//! Messages compiled once into text, arguments and plural or keyword choices, so that the
//! assessment's hundred thousand sentences do not each go through Fluent's resolver (its
//! argument map, scope and locked plural-rule cache cost more than the sentence).
//!
//! Only what this subset states exactly is compiled: text, variables, terms without
//! arguments or variables, and selections on a variable with identifier or integer keys.
//! Any other message, or a render whose arguments miss a variable the message uses, returns
//! `None` and goes through Fluent itself; the tests render every message both ways.

use crate::{Lang, Value, sources};
use fluent_bundle::types::FluentNumber;
use fluent_syntax::ast;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules, operands::PluralOperands};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Fluent stops a message after this many placeables; a compiled one never reaches it.
const MAX_PLACEABLES: usize = 100;

#[derive(Debug)]
enum Seg {
    Text(String),
    Var(String),
    Select {
        var: String,
        variants: Vec<(Key, Vec<Seg>)>,
        default: usize,
    },
}

#[derive(Debug)]
enum Key {
    Name(String),
    Int(i64),
}

/// A compiled message: its segments, and the length of its text (to size the output).
struct Template {
    segs: Vec<Seg>,
    text_len: usize,
}

/// The compiled messages of one language, and its plural rules.
struct Compiled {
    messages: FxHashMap<String, Template>,
    plurals: Option<PluralRules>,
}

fn compiled(lang: Lang) -> &'static Compiled {
    static ALL: OnceLock<[Compiled; 2]> = OnceLock::new();
    &ALL.get_or_init(|| Lang::ALL.map(compile_lang))[lang as usize]
}

fn compile_lang(lang: Lang) -> Compiled {
    let resources: Vec<ast::Resource<&'static str>> = sources(lang)
        .iter()
        .map(|(_, text)| match fluent_syntax::parser::parse(*text) {
            Ok(r) | Err((r, _)) => r,
        })
        .collect();
    // Fluent keeps the first definition of an id (a later one is an error): so does this.
    let mut terms: HashMap<&str, &ast::Pattern<&str>> = HashMap::new();
    let mut messages: Vec<(&str, &ast::Pattern<&str>)> = Vec::new();
    for entry in resources.iter().flat_map(|r| &r.body) {
        match entry {
            ast::Entry::Term(t) => {
                terms.entry(t.id.name).or_insert(&t.value);
            }
            ast::Entry::Message(m) => {
                if let Some(v) = &m.value {
                    messages.push((m.id.name, v));
                }
            }
            _ => {}
        }
    }
    let mut out = FxHashMap::default();
    for (id, pattern) in messages {
        if out.contains_key(id) {
            continue;
        }
        let mut placeables = 0;
        if let Some(segs) = compile(pattern, &terms, false, &mut placeables)
            && placeables <= MAX_PLACEABLES
        {
            let text_len = text_len(&segs);
            out.insert(id.to_string(), Template { segs, text_len });
        }
    }
    let plurals = unic_langid::LanguageIdentifier::from_bytes(lang.code().as_bytes())
        .ok()
        .and_then(|l| PluralRules::create(l, PluralRuleType::CARDINAL).ok());
    Compiled {
        messages: out,
        plurals,
    }
}

/// `pattern` as segments; `None` where it uses what this subset does not state. Inside a
/// term (`in_term`) no variable can be seen: Fluent gives a term no arguments here.
fn compile(
    pattern: &ast::Pattern<&str>,
    terms: &HashMap<&str, &ast::Pattern<&str>>,
    in_term: bool,
    placeables: &mut usize,
) -> Option<Vec<Seg>> {
    let mut segs = Vec::new();
    for el in &pattern.elements {
        match el {
            ast::PatternElement::TextElement { value } => segs.push(Seg::Text(value.to_string())),
            ast::PatternElement::Placeable { expression } => {
                *placeables += 1;
                match expression {
                    ast::Expression::Inline(e) => {
                        segs.extend(compile_inline(e, terms, in_term, placeables)?)
                    }
                    ast::Expression::Select { selector, variants } => {
                        let ast::InlineExpression::VariableReference { id } = selector else {
                            return None;
                        };
                        if in_term {
                            return None;
                        }
                        let mut vs = Vec::new();
                        let mut default = None;
                        // The placeables of one variant only are resolved: count the most.
                        let mut most = 0;
                        for (i, v) in variants.iter().enumerate() {
                            let key = match v.key {
                                ast::VariantKey::Identifier { name } => Key::Name(name.to_string()),
                                ast::VariantKey::NumberLiteral { value } => {
                                    Key::Int(integer_literal(value)?)
                                }
                            };
                            let mut n = 0;
                            vs.push((key, compile(&v.value, terms, in_term, &mut n)?));
                            most = most.max(n);
                            if v.default {
                                default = Some(i);
                            }
                        }
                        *placeables += most;
                        segs.push(Seg::Select {
                            var: id.name.to_string(),
                            variants: vs,
                            default: default?,
                        });
                    }
                }
            }
        }
    }
    Some(segs)
}

fn compile_inline(
    e: &ast::InlineExpression<&str>,
    terms: &HashMap<&str, &ast::Pattern<&str>>,
    in_term: bool,
    placeables: &mut usize,
) -> Option<Vec<Seg>> {
    match e {
        ast::InlineExpression::VariableReference { id } if !in_term => {
            Some(vec![Seg::Var(id.name.to_string())])
        }
        ast::InlineExpression::TermReference {
            id,
            attribute: None,
            arguments: None,
        } => {
            // A term inside a term would reset the arguments the outer one sees: kept out.
            if in_term {
                return None;
            }
            compile(terms.get(id.name)?, terms, true, placeables)
        }
        ast::InlineExpression::StringLiteral { value } if !value.contains('\\') => {
            Some(vec![Seg::Text(value.to_string())])
        }
        ast::InlineExpression::Placeable { expression } => match &**expression {
            ast::Expression::Inline(e) => {
                *placeables += 1;
                compile_inline(e, terms, in_term, placeables)
            }
            ast::Expression::Select { .. } => None,
        },
        _ => None,
    }
}

/// The length of the text of `segs`, every variant counted.
fn text_len(segs: &[Seg]) -> usize {
    segs.iter()
        .map(|s| match s {
            Seg::Text(t) => t.len(),
            Seg::Var(_) => 0,
            Seg::Select { variants, .. } => variants.iter().map(|(_, v)| text_len(v)).sum(),
        })
        .sum()
}

/// An integer variant key (`[0]`); a key with a fraction or an exponent is left to Fluent.
fn integer_literal(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Message `id` in `lang` with `args`, when it is compiled and `args` give every variable
/// it reads; a message missing in `lang` is taken from English, as Fluent's path does.
pub(crate) fn render(lang: Lang, id: &str, args: &[(&'static str, Value)]) -> Option<String> {
    let (c, t, lang) = match compiled(lang).messages.get(id) {
        Some(t) => (compiled(lang), t, lang),
        None => {
            let en = compiled(Lang::En);
            (en, en.messages.get(id)?, Lang::En)
        }
    };
    let args_len: usize = args
        .iter()
        .map(|(_, v)| match v {
            Value::Text(s) => s.len(),
            _ => 8,
        })
        .sum();
    let mut out = String::with_capacity(t.text_len + args_len);
    write(&mut out, &t.segs, args, c, lang)?;
    Some(out)
}

/// The value of `name`: the last one given wins, as in Fluent's argument map.
fn arg<'a>(args: &'a [(&'static str, Value)], name: &str) -> Option<&'a Value> {
    args.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v)
}

fn write(
    out: &mut String,
    segs: &[Seg],
    args: &[(&'static str, Value)],
    c: &Compiled,
    lang: Lang,
) -> Option<()> {
    for s in segs {
        match s {
            Seg::Text(t) => out.push_str(t),
            Seg::Var(v) => match arg(args, v)? {
                Value::Text(t) => out.push_str(t),
                Value::Number(n) => number(out, *n),
                Value::Message(m) => out.push_str(&m.render(lang)),
            },
            Seg::Select {
                var,
                variants,
                default,
            } => {
                let chosen = match arg(args, var)? {
                    Value::Text(t) => variants
                        .iter()
                        .position(|(k, _)| matches!(k, Key::Name(n) if n == t)),
                    Value::Message(m) => {
                        let t = m.render(lang);
                        variants
                            .iter()
                            .position(|(k, _)| matches!(k, Key::Name(n) if *n == t))
                    }
                    Value::Number(n) => {
                        let category = c.plurals.as_ref().and_then(|p| {
                            p.select(PluralOperands::from(&FluentNumber::from(*n))).ok()
                        });
                        variants.iter().position(|(k, _)| match k {
                            // Fluent compares numbers as floating point.
                            Key::Int(i) => *i as f64 == *n as f64,
                            Key::Name(name) => {
                                category.as_ref().is_some_and(|cat| category_is(cat, name))
                            }
                        })
                    }
                };
                let (_, segs) = variants.get(chosen.unwrap_or(*default))?;
                write(out, segs, args, c, lang)?;
            }
        }
    }
    Some(())
}

/// A number as Fluent writes it: the shortest decimal of its floating-point value, which
/// for integers Fluent holds exactly (up to 2^53) is the integer's own decimal.
fn number(out: &mut String, n: i64) {
    if n.unsigned_abs() <= 1 << 53 {
        let _ = write!(out, "{n}");
    } else {
        out.push_str(&FluentNumber::from(n).as_string());
    }
}

fn category_is(cat: &PluralCategory, name: &str) -> bool {
    matches!(
        (cat, name),
        (PluralCategory::ZERO, "zero")
            | (PluralCategory::ONE, "one")
            | (PluralCategory::TWO, "two")
            | (PluralCategory::FEW, "few")
            | (PluralCategory::MANY, "many")
            | (PluralCategory::OTHER, "other")
    )
}
