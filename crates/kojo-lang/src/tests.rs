//! Every message in both languages: parsed, present in each, with the same arguments,
//! rendered without error, no English left in Japanese, and the glossary's words only.

use super::*;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};

type Entries = BTreeMap<String, BTreeSet<String>>;

fn parse(lang: Lang) -> (Entries, Entries) {
    let mut messages = Entries::new();
    let mut terms = Entries::new();
    for (file, text) in sources(lang) {
        let res = fluent_syntax::parser::parse(*text)
            .unwrap_or_else(|(_, errs)| panic!("{}/{file}: {errs:?}", lang.code()));
        for entry in res.body {
            match entry {
                ast::Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern_vars(p, &mut vars);
                    }
                    let dup = messages.insert(m.id.name.to_string(), vars);
                    assert!(dup.is_none(), "{}: `{}` twice", lang.code(), m.id.name);
                }
                ast::Entry::Term(t) => {
                    let value = plain(&t.value);
                    terms.insert(t.id.name.to_string(), BTreeSet::from([value]));
                }
                ast::Entry::Junk { content } => panic!("{}/{file}: junk {content}", lang.code()),
                _ => {}
            }
        }
    }
    (messages, terms)
}

fn plain(p: &ast::Pattern<&str>) -> String {
    p.elements
        .iter()
        .map(|e| match e {
            ast::PatternElement::TextElement { value } => value.to_string(),
            ast::PatternElement::Placeable { .. } => String::new(),
        })
        .collect()
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expr_vars(expression, out);
        }
    }
}

fn expr_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expr_vars(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        _ => {}
    }
}

#[test]
fn both_languages_have_the_same_messages_with_the_same_arguments() {
    let (en, en_terms) = parse(Lang::En);
    let (ja, ja_terms) = parse(Lang::Ja);
    assert!(en.len() > 30, "{} messages", en.len());
    let en_ids: Vec<_> = en.keys().collect();
    let ja_ids: Vec<_> = ja.keys().collect();
    assert_eq!(en_ids, ja_ids, "message ids differ between en and ja");
    for (id, vars) in &en {
        assert_eq!(Some(vars), ja.get(id), "`{id}` takes other arguments in ja");
    }
    let en_t: Vec<_> = en_terms.keys().collect();
    let ja_t: Vec<_> = ja_terms.keys().collect();
    assert_eq!(en_t, ja_t, "the glossary has other terms in en and ja");
}

/// Every message rendered with a sample value for each of its arguments.
fn rendered(lang: Lang) -> Vec<(String, String)> {
    let (messages, _) = parse(lang);
    let b = bundle(lang);
    messages
        .iter()
        .map(|(id, vars)| {
            let mut args = FluentArgs::new();
            for v in vars {
                args.set(v.as_str(), FluentValue::from(2));
            }
            let pattern = b
                .get_message(id)
                .and_then(|m| m.value())
                .unwrap_or_else(|| panic!("{}: `{id}` has no value", lang.code()));
            let mut errors = Vec::new();
            let s = b.format_pattern(pattern, Some(&args), &mut errors);
            assert!(errors.is_empty(), "{}: `{id}`: {errors:?}", lang.code());
            (id.clone(), s.into_owned())
        })
        .collect()
}

#[test]
fn every_message_renders_in_both_languages_without_a_missing_argument() {
    for lang in Lang::ALL {
        for (id, s) in rendered(lang) {
            assert!(!s.trim().is_empty(), "{}: `{id}` is empty", lang.code());
            assert!(
                !s.contains('{') && !s.contains('$'),
                "{}: `{id}`: {s}",
                lang.code()
            );
        }
    }
}

#[test]
fn no_english_is_left_in_japanese_messages() {
    for (id, s) in rendered(Lang::Ja) {
        assert!(english_words(&s).is_empty(), "ja `{id}`: {s}");
    }
    assert_eq!(english_words("kojo diff: 2 → 2"), Vec::<String>::new());
    assert_eq!(english_words("新規 high"), vec!["high".to_string()]);
    assert_eq!(
        english_words("`kojo check a.yaml` を実行"),
        Vec::<String>::new()
    );
}

#[test]
fn japanese_messages_use_the_glossary_word_for_each_concept() {
    for (id, s) in rendered(Lang::Ja) {
        assert_eq!(glossary_violation(&s), None, "ja `{id}`: {s}");
    }
    // The check itself: an avoided word is caught, the glossary's compound is not.
    assert!(glossary_violation("重大な指摘").is_some());
    assert!(glossary_violation("取引先チェックリスト").is_some());
    assert_eq!(glossary_violation("重大度 緊急"), None);
    assert_eq!(severity(Lang::Ja, "critical"), "緊急");
    assert_eq!(severity(Lang::En, "critical"), "critical");
}

#[test]
fn messages_render_their_arguments_and_choose_the_language() {
    let m = Message::new("diff-title")
        .arg("old", "a.yaml")
        .arg("new", "b.yaml");
    assert_eq!(m.render(Lang::En), "kojo diff: a.yaml → b.yaml");
    assert_eq!(
        Message::new("diff-entities")
            .arg("added", 1usize)
            .arg("removed", 0usize)
            .arg("changed", 3usize)
            .render(Lang::Ja),
        "要素: 追加 1、削除 0、変更 3"
    );
    assert_eq!(text(Lang::Ja, "no-such-message"), "no-such-message");
    // A nested message is rendered in the language of the one that holds it; numbers keep
    // their digits as written (no grouping).
    let zones = Message::new("check-zones").arg("count", 100_000usize);
    let m = Message::new("check-invalid")
        .arg("path", "m.yaml")
        .arg("errors", zones);
    assert_eq!(m.render(Lang::En), "m.yaml: invalid — 100000 zones");
    assert_eq!(m.render(Lang::Ja), "m.yaml：不正 — ゾーン 100000");
    assert_eq!(Lang::from_code("JA"), Lang::Ja);
    assert_eq!(Lang::from_code("fr"), Lang::En);
}

#[test]
fn values_are_themselves_in_english_and_words_in_japanese() {
    let (en, _) = parse(Lang::En);
    for id in en.keys().filter(|id| id.starts_with("value-")) {
        let key = &id["value-".len()..];
        let shown = text(Lang::En, id);
        // English shows the value the YAML holds (an expired decision adds its note).
        assert!(key == "expired" || shown == key, "en `{id}` is {shown}");
    }
    assert_eq!(value(Lang::Ja, "critical"), "緊急");
    assert_eq!(value(Lang::Ja, "in-progress"), "対応中");
    assert_eq!(value(Lang::Ja, "n/a"), "該当なし");
    assert_eq!(value(Lang::Ja, "zone-0001"), "zone-0001");
    assert_eq!(value(Lang::En, "control"), "control");
}

/// The identifier keys each variable is selected on, over every message of `lang`.
fn select_keys(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    fn walk(p: &ast::Pattern<&str>, out: &mut BTreeMap<String, BTreeSet<String>>) {
        for e in &p.elements {
            if let ast::PatternElement::Placeable {
                expression: ast::Expression::Select { selector, variants },
            } = e
            {
                for v in variants {
                    if let (
                        ast::InlineExpression::VariableReference { id },
                        ast::VariantKey::Identifier { name },
                    ) = (selector, &v.key)
                    {
                        out.entry(id.name.to_string())
                            .or_default()
                            .insert(name.to_string());
                    }
                    walk(&v.value, out);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (_, text) in sources(lang) {
        let res = match fluent_syntax::parser::parse(*text) {
            Ok(r) | Err((r, _)) => r,
        };
        for entry in &res.body {
            if let ast::Entry::Message(m) = entry
                && let Some(p) = &m.value
            {
                walk(p, &mut out);
            }
        }
    }
    out
}

/// Japanese has one plural form, `other`: a `[one]` variant is never chosen (a count of one
/// is matched by the number, `[1]`).
#[test]
fn japanese_selects_no_plural_form_it_does_not_have() {
    for (var, keys) in select_keys(Lang::Ja) {
        for k in ["zero", "one", "two", "few", "many"] {
            assert!(
                !keys.contains(k),
                "ja: a `[{k}]` variant on ${var} is never chosen"
            );
        }
    }
    assert_eq!(
        Message::new("plan-overdue")
            .arg("count", 1usize)
            .render(Lang::Ja),
        "期限を過ぎた対策を完了する"
    );
}

/// The compiled path gives Fluent's text for every message of both languages, with each
/// argument as text, as each keyword it is selected on, as numbers that choose every plural
/// form, as a nested message, and missing; and it covers most messages.
#[test]
fn compiled_messages_render_as_fluent_does() {
    for lang in Lang::ALL {
        let (messages, _) = parse(lang);
        let keys = select_keys(lang);
        let mut compiled = 0;
        for (id, vars) in &messages {
            let base: Vec<(&'static str, Value)> = vars
                .iter()
                .map(|v| {
                    let name: &'static str = Box::leak(v.clone().into_boxed_str());
                    (name, Value::Text(format!("«{v}»")))
                })
                .collect();
            let mut cases = vec![base.clone(), Vec::new()];
            for (i, (name, _)) in base.iter().enumerate() {
                let mut values: Vec<Value> = [
                    0i64,
                    1,
                    2,
                    3,
                    11,
                    21,
                    100,
                    -1,
                    1 << 53,
                    (1 << 53) + 1,
                    i64::MAX,
                    i64::MIN,
                ]
                .into_iter()
                .map(Value::Number)
                .collect();
                values.extend(
                    keys.get(*name)
                        .into_iter()
                        .flatten()
                        .map(|k| Value::Text(k.clone())),
                );
                values.push(
                    Message::new("list-and")
                        .arg("init", "a")
                        .arg("last", "b")
                        .into(),
                );
                for v in values {
                    let mut c = base.clone();
                    c[i].1 = v;
                    cases.push(c);
                }
                let mut missing = base.clone();
                missing.remove(i);
                cases.push(missing);
            }
            for args in cases {
                let m = Message {
                    id: id.clone().into(),
                    args,
                };
                let fluent = m.render_with_fluent(lang);
                if let Some(fast) = template::render(lang, id, &m.args) {
                    assert_eq!(fast, fluent, "{}: `{id}` with {:?}", lang.code(), m.args);
                }
                assert_eq!(m.render(lang), fluent, "{}: `{id}`", lang.code());
            }
            if template::render(lang, id, &base).is_some() {
                compiled += 1;
            }
        }
        assert!(
            compiled * 10 >= messages.len() * 9,
            "{}: only {compiled} of {} messages are compiled",
            lang.code(),
            messages.len()
        );
    }
}
