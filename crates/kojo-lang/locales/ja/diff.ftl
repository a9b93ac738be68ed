## `kojo diff`：モデルの変更がセキュリティの状態に与える影響。

diff-title = kojo diff: { $old } → { $new }
diff-factory = 工場: { $factory }
diff-factory-changed = 工場: { $old } → { $new }
diff-no-differences = 差異はありません。
diff-entities = 要素: 追加 { $added }、削除 { $removed }、変更 { $changed }
diff-not-set = （未設定）
diff-importance = { -importance }:
diff-derived = （導出）
diff-findings =
    { -finding }: 新規 { $new }、解消 { $resolved }、{ -severity }の変更 { $changed }（全体 { $old_total } → { $new_total }）
diff-findings-not-compared = { -finding }: 比較していません（モデルを評価していません）
diff-label-new = 新規
diff-label-severity = { -severity }
diff-label-resolved = 解消
diff-decided = （判断済み）
diff-review-now = 今見直すこと:
diff-review-zone-requirements = { -zone }内の{ -requirement }
diff-review-inter-zone-requirements = { -zone }間の{ -requirement }
diff-review-party-checklist = { -party }のチェックリスト
diff-review-bcp-point = BCPの見直し観点
diff-review-responsibility-boundary = 境界と責任分界
diff-review-checklist-of = （{ $checklist } のチェックリスト）
diff-note-bcp-considered = BCPはこの観点を考慮済み：この変更に照らして見直す
diff-note-bcp-not-considered = BCPはこの観点をまだ考慮していない
diff-note-checklist-recorded = チェックリストが記録済み：この変更に照らして回答を確かめる
diff-note-checklist-missing = この{ -party }のチェックリストは記録されていない

## レポートに埋め込む HTML の節。
diff-html-title = 変更レビュー: { $old } → { $new }
diff-html-factory = 工場: { $factory }
diff-html-review-now = 今見直すこと
diff-html-review = 見直し
diff-html-reference = 参照
diff-html-because = 理由
diff-html-findings = { -finding }
diff-html-findings-counts =
    新規 { $new }、解消 { $resolved }、{ -severity }の変更 { $changed }（全体 { $old_total } → { $new_total }）。
diff-html-severity = { -severity }
diff-html-id = 識別子
diff-html-kind = 種類
diff-html-title-column = 表題
diff-html-subjects = 対象
diff-html-importance = { -importance }
diff-html-subject = 対象
diff-html-before = 変更前
diff-html-after = 変更後
diff-html-model-changes = モデルの変更
diff-html-entity = 要素
diff-html-field = 項目
diff-change-added = 追加
diff-change-removed = 削除
diff-change-changed = 変更
