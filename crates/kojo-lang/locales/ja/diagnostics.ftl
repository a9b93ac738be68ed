## `kojo check`：モデルの読み込み（kojo-model）の診断、その主語とラベル。
## フィールド名、ID、値はバッククォートで囲み、どの言語でも書かれたとおりに示す。

diag-label-error = エラー
diag-label-warning = 警告
diag-label-help = 対処
diag-label-note = 補足

# 読み込みの外で組み立てられ、まだメッセージになっていない文。
diag-untranslated = { $text }

## 主語：メッセージが何について述べるか。

diag-code = `{ $text }`
diag-long-value = `{ $head }…`（{ $count } 文字の値）
diag-the-model = モデル
diag-an-included-file = 取り込まれたファイル
diag-include-entry = `include:` の項目
diag-a-department = 部門
diag-a-party = { -party }
diag-a-contract = 契約
diag-a-operation = 業務
diag-a-zone = { -zone }
diag-a-asset = 資産
diag-a-flow = フロー
diag-a-measure-record = 対策の記録
diag-a-supply-chain-checklist = { -supplier-checklist }
diag-a-decision = { -decision }
diag-this-department = この部門
diag-this-party = この{ -party }
diag-this-operation = この業務
diag-this-zone = この{ -zone }
diag-this-asset = この資産
diag-this-flow = このフロー
diag-this-measure-record = この対策の記録
diag-this-supply-chain-checklist = この{ -supplier-checklist }
diag-this-decision = この{ -decision }
diag-named-department = 部門 `{ $id }`
diag-named-party = { -party } `{ $id }`
diag-named-operation = 業務 `{ $id }`
diag-named-zone = { -zone } `{ $id }`
diag-named-asset = 資産 `{ $id }`
diag-named-flow = フロー `{ $id }`
diag-named-measure-record = 対策 `{ $id }`
diag-named-decision = `{ $id }` についての{ -decision }
diag-field-of = { $what }の `{ $key }`
diag-id-of = { $what }の `id`
diag-entry-of = `{ $key }` の項目
diag-by-field = { $what }（`{ $field }`）
diag-product-of = { $what }の製品
diag-ooda-stage = `{ $stage }` の段階
diag-ooda-step = インシデント対応の `{ $step }`
diag-checklist-item-id = チェック項目の ID

## 値が何であったか。

diag-found-empty = 空の値
diag-found-list = リスト
diag-found-mapping = マッピング

## 語彙（「`x` はゾーンの種類として正しくありません」）。

diag-word-status = ステータス
diag-word-industry = 業種
diag-word-purpose = 目的（表 3-1）
diag-word-bcp-point = BCP の見直し観点（3.1.1 (1)）
diag-word-department-kind = 部門の種類
diag-word-party-kind = { -party }の種類
diag-word-importance-level = { -importance }の水準
diag-word-zone-kind = { -zone }の種類
diag-word-asset-kind = 資産の種類
diag-word-asset-trait = 資産の特性
diag-word-network = ネットワーク
diag-word-protection = 保護手段
diag-word-measure-status = 対策のステータス
diag-word-checklist = チェックリスト
diag-word-checklist-answer = チェック項目の回答
diag-word-maturity-level = 成熟度（表 3-9）
diag-word-decision-status = { -decision }のステータス

## 参照が指すもの。

diag-target-zone = { -zone }
diag-target-asset = 資産
diag-target-data-asset = データ資産
diag-target-department = 部門
diag-target-party = { -party }
diag-target-operation = 業務
diag-target-flow = フロー
diag-target-department-or-party = 部門または{ -party }
diag-target-decider = 部門、{ -party }または意思決定者の役割
diag-target-boundary-device = { -boundary-device }
diag-target-asset-or-zone = 資産または{ -zone }

## ID の一覧。

diag-none-defined = 定義なし
diag-list = { $list }
diag-list-and-more = { $list } ほか { $more } 件

## ファイルの読み込み。

diag-not-utf8 = モデルファイルが UTF-8 のテキストではありません：バイトオフセット { $offset } に不正なバイト 0x{ $byte } があります
diag-not-utf8-help = ファイルを UTF-8 で保存してください（YAML は UTF-8 のテキストです。Shift_JIS や UTF-16 のファイルは変換が必要です）
diag-include-not-utf8 = 取り込まれたファイル `{ $path }` が UTF-8 のテキストではありません：{ $line }:{ $column }（バイトオフセット { $offset }）に不正なバイト 0x{ $byte } があります
diag-cannot-read-model = モデルファイル `{ $path }` を読めません：{ $error }
diag-cannot-read-include = 取り込まれたファイル `{ $path }` を読めません：{ $error }
diag-include-too-large-help = モデルを小さな取り込みファイルに分けるか、上限を上げてください
diag-include-not-found-help = 取り込むパスは、取り込む側のファイルからの相対パスです
# $os は OS のメッセージ（翻訳できないので括弧内にそのまま示す）。
diag-io-not-found = ファイルがありません（{ $os }）
diag-io-permission = 読み取りの権限がありません（{ $os }）
diag-io-directory = ファイルではなくディレクトリです（{ $os }）
diag-io-other = 読み取りに失敗しました（{ $os }）
diag-too-large = ファイルは { $size } バイトで、上限 { $cap } を超えています（`{ $env }` で上限を上げられます）
diag-too-large-stream = バイトオフセット { $offset } で読み込みを止めました：入力が上限 { $cap } を超えて続いています（`{ $env }` で上限を上げられます）
diag-size-unit = { $count } { $unit }
diag-size-bytes = { $count } バイト

## YAML。

# $info は YAML パーサーの英語の説明。
diag-yaml-syntax = YAML の構文エラー：{ $info }
diag-yaml-syntax-help = この付近の字下げ、引用符、括弧を確かめてください
diag-yaml-too-large = エイリアスを展開すると YAML のノードが { $max } を超えます
diag-yaml-too-large-help = 大きなアンカーを繰り返すエイリアスはサイズを何倍にもします。データをそのまま書いてください
diag-yaml-multiple-documents = モデルファイルに書ける YAML 文書は一つです。2 つ目の `---` があります
diag-yaml-multiple-documents-help = 文書を別のファイルに分け、`include:` を使ってください
diag-yaml-alias-undefined = YAML のエイリアスが、それより前に定義されていないアンカーを参照しています
diag-yaml-alias-unresolved = YAML のエイリアス `*{ $name }` の前にアンカー `&{ $name }` がありません
diag-yaml-alias-help = `*name` を使う前に `&name` を定義してください
diag-yaml-merge = マージキー `<<` にはマッピングかマッピングのリストが必要です
diag-duplicate-key = このマッピングでキー { $key } が重複しています
diag-duplicate-key-help = キーはマッピングごとに一度だけ書けます。どちらかを削除するかまとめてください
diag-first-written-here = 最初にここで書かれています

## モデルのファイル。

diag-model-no-version = モデルに `version` がありません
diag-model-no-version-help = 最初の行に `version: 1` を追加してください
diag-model-no-factory = モデルに `factory` の節がありません
diag-model-no-factory-help = 少なくとも `name: <factory name>` を持つ `factory:` を追加してください
diag-empty-file = モデルファイルが空です
diag-empty-file-help = モデルは `version: 1` と `factory:` の節で始まります。`kojo init` が雛形を書きます
diag-factory-empty = `factory` が空です
diag-factory-empty-help = `factory:` の下に少なくとも `name: <factory name>` を書いてください
diag-unsupported-version = モデル形式のバージョン { $found } には対応していません
diag-supported-versions = 対応しているバージョン：{ $supported }
diag-include-not-a-model = 取り込まれたファイル `{ $path }` はモデルの断片ではありません：{ $why }
diag-include-not-a-model-help = 取り込むファイルは、最上位に `assets:`、`zones:`、`flows:` などのリストを持つ YAML です
diag-fragment-not-yaml = 正しい YAML ではありません（{ $line } 行 { $column } 列）
diag-fragment-empty = 空です
diag-fragment-list = 最上位がマッピングではなくリストです
diag-fragment-text = 最上位がマッピングではなくテキストです
diag-root-only-field = `{ $key }` はルートのモデルファイルにだけ書けます。取り込まれたファイルには書けません
diag-root-only-field-help = kojo に渡すファイルへ移してください。取り込むファイルが追加できるのは部門、{ -party }、業務、資産、{ -zone }、フロー、対策、{ -supplier-checklist }、{ -decision }です
diag-include-not-allowed = テキストとして渡されたモデルでは `include: { $path }` をたどれません
diag-include-not-allowed-help = モデルをファイルから読み込む（取り込みはそのファイルからの相対パスになります）か、取り込むリストをこのモデルに貼り付けてください
diag-include-cycle = `{ $path }` はすでにこのモデルの一部です（`{ $first }`）。もう一度取り込むと要素が重複します
diag-include-cycle-help = 各ファイルは一か所から一度だけ取り込んでください

## フィールドと値。

diag-not-a-mapping = { $what }は `key: value` の行からなるマッピングでなければなりませんが、{ $found }です
diag-allowed-keys = 書けるキー：{ $allowed }
diag-more-of-code = このファイルには同じ種類のエラーがあと { $count } 件あり、表示していません。最初の 1 件はここです
diag-more-of-code-help = 表示したエラーを直してから、もう一度チェックすると残りが表示されます
diag-unknown-field = { $what }に不明なフィールド `{ $key }` があります
diag-did-you-mean-field = `{ $suggestion }` のことですか？ 書けるフィールド：{ $allowed }
diag-allowed-fields = 書けるフィールド：{ $allowed }
diag-key-not-a-word = { $what }のキーは単純な語でなければなりませんが、{ $found }です
diag-not-a-list = `{ $key }` はリストでなければなりませんが、{ $found }です
diag-not-a-list-help = リストを書いてください：`[a, b]` または 1 行に一つずつ `- item`
diag-missing-field = { $what }に `{ $key }` がありません
diag-not-text = { $what }はテキストでなければなりませんが、{ $found }です
diag-invalid-id = { $value } は正しい ID ではありません
diag-invalid-id-help = ID は英小文字、数字、`-` で書き、英小文字か数字で始めます
diag-invalid-id-help-like = ID は英小文字、数字、`-` で書き、英小文字か数字で始めます：例 `{ $like }`
diag-not-a-boolean = { $what }は `true` か `false` でなければなりませんが、{ $found }です
diag-not-a-boolean-help = `true` か `false` を（引用符なしで）書いてください
diag-not-a-word = { $what }は一つの語でなければなりませんが、{ $found }です
diag-invalid-value = { $value } は{ $what }として正しくありません
diag-did-you-mean-value = `{ $suggestion }` のことですか？ 書ける値：{ $allowed }
diag-did-you-mean-value-or-number = `{ $suggestion }` のことですか？ 書ける値：{ $allowed }（または 1..{ $last }）
diag-allowed-values = 書ける値：{ $allowed }
diag-allowed-values-or-number = 書ける値：{ $allowed }（または 1..{ $last }）
diag-invalid-date = { $value } は{ $what }の日付として正しくありません
diag-invalid-date-help = ISO 8601 の暦日 `YYYY-MM-DD` で書いてください（例 `2025-04-01`）
diag-duplicate-id = `{ $section }` の ID `{ $id }` が重複しています
diag-duplicate-id-help = ID は `{ $section }` の中で一意です。`{ $id }` は `{ $place }` で最初に定義されています
diag-first-defined-here = `{ $id }` はここで最初に定義されています
diag-add-id = `id: <lowercase-id>` を追加してください。ほかの項目はこの ID で参照します
diag-add-name = `name: <display name>` を追加してください
diag-add-factory-name = `name: <factory name>` を追加してください
diag-add-product-name = `name: <product name as the vendor writes it>` を追加してください（ベンダーが書くとおりの製品名）
diag-add-one-of = `{ $key }:` を追加し、{ $allowed } のいずれかを書いてください
diag-add-endpoint = 資産の ID か{ -zone }の ID（または `zone:<id>` / `asset:<id>`）を追加してください
diag-add-measure = `measure: <catalog measure id>` を追加してください（カタログの対策 ID）
diag-add-party = `party: <party id>` を追加してください
diag-add-finding = `finding: F-…` を追加してください（`kojo assess` の{ -finding } ID）
diag-invalid-target-sl = { $what }の `target_sl` が { $found } で、セキュリティレベルではありません
diag-invalid-target-sl-help = IEC 62443 のセキュリティレベルは 1、2、3、4 です。書かなければ導出されます
diag-invalid-address = `{ $value }` は IP アドレスでも CIDR ブロックでもありません
diag-invalid-address-help = IPv4/IPv6 のアドレス（`10.1.4.10`）か CIDR ブロック（`10.1.4.0/28`。プレフィックスは IPv4 で 0-32、IPv6 で 0-128）を書いてください
diag-answers-not-a-mapping = `answers` はチェック項目の ID から回答へのマッピングでなければなりませんが、{ $found }です
diag-answers-not-a-mapping-help = `answers:` の下に、1 行に一つずつ `item.id: yes|no|partial|n/a` を書いてください

## 資産のゾーン。

diag-zone-and-zones = { $what }に `zone` と `zones` の両方があります
diag-zone-and-zones-help-data = データ資産は保持される{ -zone }を `zones: [..]` に並べます。`zone` を削除してください
diag-zone-and-zones-help = 属する一つの{ -zone }を `zone: <zone id>` と書き、`zones` を削除してください
diag-data-asset-zone = { $what }はデータ資産です。保持される{ -zone }は `zone` ではなく `zones`（リスト）に書きます
diag-data-asset-zone-help = `zones: [{ $zone }]` と書いてください（データは複数の{ -zone }に保持できます）
diag-asset-zones = { $what }はデータ資産ではありません。属する{ -zone }は `zones` ではなくちょうど一つの `zone` です
diag-asset-zones-help = `zone: { $zone }` と書いてください。複数の{ -zone }に保持されるのは `kind: data` の資産だけです
diag-no-zones = { $what }に{ -zone }が一つもありません
diag-no-zones-help = データが保持される{ -zone }を少なくとも一つ書いてください
diag-add-zones = `zones: [<zone id>, …]` を追加してください：データが保持される{ -zone }です
diag-add-zone = `zone: <zone id>` を追加してください：属する{ -zone }です

## 対策の対象範囲。

diag-scope-no-kind = { $what }の対象範囲 `{ $scope }` が種類を示していません
diag-scope-no-kind-help = `zone:<id>`、`asset:<id>`、`flow:<id>`、`operation:<id>`、`party:<id>`、`department:<id>` または `factory` と書いてください
diag-scope-unknown-kind = { $what }の対象範囲 `{ $scope }` の `{ $kind }` は対象の種類ではありません
diag-did-you-mean-scope = `{ $suggestion }` のことですか？ 種類：{ $kinds }、または `factory`
diag-scope-kinds = 種類：{ $kinds }、または `factory`

## 参照。

diag-ambiguous-reference = `{ $text }` は資産の ID でもあり{ -zone }の ID でもあります
diag-ambiguous-reference-help = `asset:{ $id }` か `zone:{ $id }` と書いてください
diag-unresolved-reference = { $what }が参照する{ $target } `{ $id }` は定義されていません
diag-did-you-mean = `{ $suggestion }` のことですか？
diag-no-such-id = ID が `{ $id }` の{ $target }はありません。定義済み：{ $list }
diag-not-a-data-asset = { $what }が示す `{ $id }` は種類 `{ $kind }` の資産です。`data` に書くのはデータ資産です
diag-data-assets = データ資産：{ $list }
diag-role = 役割 `{ $role }`
diag-no-role = 役割なし
diag-not-a-boundary-device = { $what }が示す `{ $id }` は{ $has }の資産です。`via` に書くのは{ -boundary-device }です
diag-not-a-boundary-device-help-none = `via` にはフローが通過する{ -boundary-device }を書きます。`{ $id }` が{ -boundary-device }なら役割 `{ $roles }` のいずれかを与え、そうでなければ `via` から削除してください
diag-not-a-boundary-device-help = このモデルの{ -boundary-device }：{ $list }。または `{ $id }` が{ -boundary-device }なら役割 `{ $roles }` のいずれかを与えてください

## `kojo check` のモデルごとの行。

check-ok = { $path }：問題なし — 工場 `{ $name }`：{ $zones }、{ $assets }（うちデータ { $data }）、{ $flows }（うち自動 { $automated }、制御 { $control }）、{ $departments }、{ $parties }、{ $operations }、{ $measures }、{ $checklists }
check-ok-decisions = 、{ $decisions }
check-ok-files = （{ $count } ファイルから）
check-zones = { -zone } { $count }
check-assets = 資産 { $count }
check-flows = フロー { $count }
check-departments = 部門 { $count }
check-parties = { -party } { $count }
check-operations = 業務 { $count }
check-measures = 対策 { $count }
check-checklists = { -supplier-checklist } { $count }
check-decisions = { -decision } { $count }
check-invalid = { $path }：不正 — { $errors }
check-invalid-warnings = { $path }：不正 — { $errors }、{ $warnings }
check-errors = エラー { $count } 件
check-warnings = 警告 { $count } 件
check-unreadable = { $path }：読み込めません

## カタログによるモデルの参照の確認（kojo-catalog）。

diag-or = { $first }または{ $next }
diag-did-you-mean-any = { $list } のことですか？
diag-table = 表 { $number }
diag-unknown-task = 業務 `{ $operation }` が示す作業 `{ $task }` は、カタログの表 3-2 の作業ではありません
diag-known-tasks = カタログの作業：`{ $tasks }`
diag-unknown-measure = 対策 `{ $measure }` はカタログにありません
diag-unknown-measure-help = `kojo catalog list --kind measure` で対策の一覧を見られます
diag-unknown-checklist = チェックリストの種類 `{ $kind }` のチェックリストはカタログにありません
diag-checklist-none-fits = 種類 `{ $kind }` の{ -party }には、表 3-10～3-12 のチェックリストはいずれも当てはまりません
diag-checklist-fits = 種類 `{ $kind }` の{ -party }には { $fitting } を使います
diag-checklist-kind-mismatch = { -party } `{ $party }` は種類 `{ $kind }` ですが、チェックリスト `{ $checklist }`（{ $table }）で確認されています
diag-unknown-checklist-item = `{ $item }` はチェックリスト `{ $kind }` の項目ではありません
diag-checklist-item-form = 項目は `phase.name` の形で書きます（例 `{ $example }`）
