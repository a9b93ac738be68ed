//! Japanese for the reasons kojo-sbom gives in English (why an SBOM cannot be read, why a
//! version cannot be judged), for the Japanese texts of its findings. The English reason
//! stays in the facts and the English texts; a part kojo did not write (a JSON or XML
//! reader's message, an operating system's error) is quoted as it is.

/// Reason templates: `{}` stands for a part copied as it is; in the Japanese `{0}`, `{1}`…
/// name those parts in order. The first template that matches wins.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "not an SBOM: expected a CycloneDX (JSON or XML) or SPDX 2.3 JSON document",
        "SBOM ではありません: CycloneDX(JSON または XML)または SPDX 2.3 JSON の文書が必要です",
    ),
    (
        "empty file: expected a CycloneDX or SPDX document",
        "ファイルが空です: CycloneDX または SPDX の文書が必要です",
    ),
    (
        "SPDX version `{}` is not supported: expected SPDX-2.3 (or SPDX-2.2) JSON",
        "SPDX バージョン `{0}` には対応していません: SPDX-2.3(または SPDX-2.2)JSON が必要です",
    ),
    (
        "SPDX 3.0 JSON-LD is not supported: expected SPDX-2.3 JSON or CycloneDX",
        "SPDX 3.0 JSON-LD には対応していません: SPDX-2.3 JSON または CycloneDX が必要です",
    ),
    (
        "CycloneDX document without `specVersion`",
        "`specVersion` のない CycloneDX 文書です",
    ),
    (
        "CycloneDX specVersion `{}` is not supported: expected one of {}",
        "CycloneDX の specVersion `{0}` には対応していません: {1} のいずれかが必要です",
    ),
    (
        "not an SBOM: JSON without `bomFormat: CycloneDX` or `spdxVersion`",
        "SBOM ではありません: `bomFormat: CycloneDX` も `spdxVersion` もない JSON です",
    ),
    ("not UTF-8 text", "UTF-8 のテキストではありません"),
    (
        "XML without the CycloneDX namespace `http://cyclonedx.org/schema/bom/1.x`",
        "CycloneDX の名前空間 `http://cyclonedx.org/schema/bom/1.x` のない XML です",
    ),
    (
        "CycloneDX XML: {}",
        "CycloneDX XML として読み取れません: {0}",
    ),
    (
        "XML nested deeper than {} elements",
        "XML の入れ子が {0} 要素より深くなっています",
    ),
    ("malformed XML: {}", "XML の形式が正しくありません: {0}"),
    (
        "cannot read: No such file or directory (os error {})",
        "ファイルを読み取れません: ファイルがありません",
    ),
    (
        "cannot read: Permission denied (os error {})",
        "ファイルを読み取れません: アクセス権がありません",
    ),
    (
        "cannot read: Is a directory (os error {})",
        "ファイルを読み取れません: ディレクトリです",
    ),
    ("cannot read: {}", "ファイルを読み取れません: {0}"),
    (
        "the component has no version",
        "構成要素にバージョンがありません",
    ),
    (
        "only GIT ranges: needs the repository to evaluate",
        "GIT の範囲しかありません: 判定にはリポジトリが必要です",
    ),
    (
        "cannot order the range's versions `{}` and `{}`",
        "範囲のバージョン `{0}` と `{1}` の順序を決められません",
    ),
    (
        "cannot order `{}` against `{}` ({})",
        "`{0}` と `{1}` の順序を決められません({2})",
    ),
    (
        "cannot order `{}` against `{}`",
        "`{0}` と `{1}` の順序を決められません",
    ),
    (
        "the range's own bounds cannot be ordered",
        "範囲の上限・下限どうしの順序を決められません",
    ),
    (
        "`{}`: a vers URI needs `vers:<scheme>/…`",
        "`{0}`: vers URI は `vers:<scheme>/…` の形が必要です",
    ),
    (
        "`{}`: constraint `{}` is not `<op><version>`",
        "`{0}`: 制約 `{1}` が `<演算子><バージョン>` の形ではありません",
    ),
    ("`{}`: no constraint", "`{0}`: 制約がありません"),
    (
        "`{}`: an operator without a version",
        "`{0}`: 演算子の後にバージョンがありません",
    ),
    (
        "`{}`: `{}` is not a version (expected e.g. `<V2.1` or `<=1.2.0`)",
        "`{0}`: `{1}` はバージョンではありません(`<V2.1` や `<=1.2.0` のような形が必要です)",
    ),
    ("`{}`: empty range", "`{0}`: 範囲が空です"),
    (
        "the advisory cache {} cannot be written ({}); going on without it",
        "勧告のキャッシュ {0} に書き込めません({1})。キャッシュなしで続けます",
    ),
    (
        "under investigation: the advisory has not decided whether this version is affected",
        "調査中: このバージョンが影響を受けるか、勧告はまだ判断していません",
    ),
    (
        "`{}`: a list of fixes per line cannot be joined with other bounds",
        "`{0}`: 系列ごとの修正版の一覧は他の上限・下限と組み合わせられません",
    ),
    (
        "`{}`: `{}` after the version is not read (expected e.g. `<V2.1` or `<=1.2.0`)",
        "`{0}`: バージョンの後の `{1}` を読み取れません(`<V2.1` や `<=1.2.0` のような形が必要です)",
    ),
    (
        "`{}`: `{}` names several versions where one is expected",
        "`{0}`: バージョンが一つ必要な所に `{1}` と複数書かれています",
    ),
    (
        "the fix `{}` names no release line (expected e.g. `V33.017`)",
        "修正版 `{0}` からリリース系列が分かりません(`V33.017` のような形が必要です)",
    ),
    (
        "`{}` is on none of the release lines the fixes name ({})",
        "`{0}` は修正版が示すどのリリース系列({1})にも属しません",
    ),
    // The JSON reader's messages (its line and column are already in the location).
    (
        "invalid type: {}, expected {} at line {} column {}",
        "型が違います({0}): {1} が必要です",
    ),
    (
        "invalid value: {}, expected {} at line {} column {}",
        "値が違います({0}): {1} が必要です",
    ),
    (
        "missing field `{}` at line {} column {}",
        "フィールド `{0}` がありません",
    ),
    (
        "duplicate field `{}` at line {} column {}",
        "フィールド `{0}` が重複しています",
    ),
    (
        "unknown variant `{}`, expected {} at line {} column {}",
        "値 `{0}` は使えません: {1} のいずれかが必要です",
    ),
    (
        "EOF while parsing {} at line {} column {}",
        "ファイルが途中で終わっています",
    ),
    ("expected value at line {} column {}", "値が必要です"),
    (
        "trailing characters at line {} column {}",
        "JSON の後に余分な文字があります",
    ),
    (
        "key must be a string at line {} column {}",
        "キーは文字列でなければなりません",
    ),
    (
        "expected `{}` or `{}` at line {} column {}",
        "`{0}` または `{1}` が必要です",
    ),
    ("expected `{}` at line {} column {}", "`{0}` が必要です"),
    (
        "invalid number at line {} column {}",
        "数値の形式が正しくありません",
    ),
    (
        "invalid escape at line {} column {}",
        "エスケープの形式が正しくありません",
    ),
    (
        "control character (\\u0000-\\u001F) found while parsing a string at line {} column {}",
        "文字列の中に制御文字があります",
    ),
];

/// The parts of `text` that the `{}` of `pattern` stand for, if it matches.
fn capture<'a>(pattern: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let pieces: Vec<&str> = pattern.split("{}").collect();
    let (first, rest) = pieces.split_first()?;
    let mut t = text.strip_prefix(first)?;
    if rest.is_empty() {
        return t.is_empty().then(Vec::new);
    }
    let mut parts = Vec::new();
    for (i, piece) in rest.iter().enumerate() {
        if i + 1 == rest.len() {
            // The last piece closes the text.
            let part = t.strip_suffix(piece)?;
            parts.push(part);
            t = "";
        } else {
            let at = t.find(piece).filter(|_| !piece.is_empty())?;
            parts.push(&t[..at]);
            t = &t[at + piece.len()..];
        }
    }
    t.is_empty().then_some(parts)
}

fn from_templates(why: &str) -> Option<String> {
    TEMPLATES.iter().find_map(|(en, ja)| {
        capture(en, why).map(|parts| {
            let mut out = (*ja).to_string();
            for (i, p) in parts.iter().enumerate() {
                out = out.replace(&format!("{{{i}}}"), p);
            }
            out
        })
    })
}

/// A location prefix of a reader's error: `12:5: ` (line:column) or `byte 40: `, with its
/// Japanese and the rest.
fn split_location(why: &str) -> Option<(String, &str)> {
    if let Some(rest) = why.strip_prefix("byte ") {
        let (n, tail) = rest.split_once(": ")?;
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            return Some((format!("{n} バイト目: "), tail));
        }
        return None;
    }
    let (l, rest) = why.split_once(':')?;
    let (c, tail) = rest.split_once(": ")?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(l) && digits(c)).then(|| (format!("{l}行{c}列: "), tail))
}

/// The reason `why` in Japanese: kojo's own words translated, a location kept, a reader's
/// message it has no words for quoted after 「読み取れません」.
pub fn reason(why: &str) -> String {
    if let Some(ja) = from_templates(why) {
        return ja;
    }
    if let Some((at, rest)) = split_location(why) {
        let rest = from_templates(rest).unwrap_or_else(|| format!("読み取れません({rest})"));
        return format!("{at}{rest}");
    }
    format!("読み取れません({why})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kojos_reasons_have_japanese() {
        assert_eq!(
            reason("the component has no version"),
            "構成要素にバージョンがありません"
        );
        assert_eq!(
            reason("cannot order `1.x` against `2.0` (Semver)"),
            "`1.x` と `2.0` の順序を決められません(Semver)"
        );
        assert_eq!(
            reason("cannot order `1.x` against `2.0`"),
            "`1.x` と `2.0` の順序を決められません"
        );
        assert_eq!(
            reason("`<=`: an operator without a version"),
            "`<=`: 演算子の後にバージョンがありません"
        );
        assert_eq!(
            reason("CycloneDX specVersion `1.1` is not supported: expected one of 1.2, 1.3"),
            "CycloneDX の specVersion `1.1` には対応していません: 1.2, 1.3 のいずれかが必要です"
        );
        assert_eq!(
            reason("4:17: expected value at line 4 column 17"),
            "4行17列: 値が必要です"
        );
        assert_eq!(
            reason("byte 40: malformed XML: bad end tag"),
            "40 バイト目: XML の形式が正しくありません: bad end tag"
        );
        assert_eq!(
            reason("4:30: invalid type: integer `3`, expected a string at line 4 column 30"),
            "4行30列: 型が違います(integer `3`): a string が必要です"
        );
        assert_eq!(
            reason("2:1: EOF while parsing a list at line 2 column 1"),
            "2行1列: ファイルが途中で終わっています"
        );
        assert_eq!(
            reason("1:9: expected `,` or `]` at line 1 column 9"),
            "1行9列: `,` または `]` が必要です"
        );
        assert_eq!(
            reason("cannot read: No such file or directory (os error 2)"),
            "ファイルを読み取れません: ファイルがありません"
        );
        assert_eq!(reason("something new"), "読み取れません(something new)");
    }

    #[test]
    fn every_template_translates_its_own_english() {
        for (en, ja) in TEMPLATES {
            let sample = en.replace("{}", "X");
            let out = reason(&sample);
            assert!(
                !out.contains("読み取れません(") || ja.contains("読み取れません"),
                "{en}: {out}"
            );
            assert!(!ja.contains("{}"), "{ja}");
        }
    }
}
