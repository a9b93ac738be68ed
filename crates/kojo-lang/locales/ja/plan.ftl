## 対策計画（ステップ2-1：重要なものから）：`kojo plan`、`kojo assess` のテキストの最初の節、
## HTML レポートの1ページ要約、XLSX の「Plan」シート。

plan-heading = 対策計画（{ $count } 件）
plan-empty = この評価で求める対策はありません。
plan-more = ほかに { $count } 件: { $command }
plan-horizon-now = 今すぐ
plan-horizon-next = 次の計画期間
plan-horizon-later = その後
plan-kind-zone-change = ゾーニングの見直し
plan-kind-measure = 対策
plan-kind-supply-chain = サプライチェーン
plan-kind-organisation = 組織・体制
plan-owner = 担当: { $owner }
plan-owner-missing = 担当: モデルに記載なし
plan-risk = リスク { $before } → { $after }
plan-closes = { -finding } { $count } 件を解消
plan-reference = 参照: { $reference }
plan-for = 対象: { $subjects }

plan-summary-title = 対策計画の概要
plan-summary-intro = まず取り組む対策を順に示す（ステップ2-1：重要な脅威から、事業の停止と安全を優先）。{ -finding }はその後に続く。
plan-summary-zones = { -zone }と判定
plan-summary-actions = 最初の { $count } 件の対策
plan-summary-risk = { -severity }別の{ -finding }数：現在と最初の { $count } 件の対策後
plan-summary-risk-note = 対策が解消する{ -finding }はその対策後のリスクで数え、それ以外はそのまま数える。
plan-col-rank = 順位
plan-col-horizon = 時期
plan-col-action = 対策
plan-col-owner = 担当
plan-col-risk = リスク 対策前 → 対策後
plan-col-closes = 解消する{ -finding }
plan-col-zone = { -zone }
plan-col-verdict = 判定
plan-col-worst = 最も{ -severity }の高い未決の{ -finding }
plan-col-severity = { -severity }
plan-col-now = 現在
plan-col-after = 対策後
plan-verdict-none = 判定なし
