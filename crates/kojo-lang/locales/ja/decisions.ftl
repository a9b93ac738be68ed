## `kojo decisions import`：リスク登録簿をモデルの判断に読み戻す。

decisions-title = kojo decisions import: { $register } → { $model }
decisions-applied = { $row } 行目: { $finding }: { $status }（反映）
decisions-unchanged = { $row } 行目: { $finding }: 変更なし
decisions-refused = { $row } 行目: 拒否: { $reason }
decisions-refused-no-id = この行には{ -finding }の識別子がありません
decisions-refused-unknown = { $finding } はモデルの評価の{ -finding }ではありません（識別子は kojo assess が付けます。別のモデルから作った登録簿ではありませんか）
decisions-refused-duplicate = { $finding } は既に { $first } 行目にあります
decisions-refused-reopen = { $finding } にはモデルに{ -decision }があります。未対応の状態では取り消されません（再び未対応にするにはモデルの{ -decision }を削除してください）
decisions-refused-status = 状態「{ $status }」は次のいずれでもありません: { $allowed }
decisions-refused-date = { $column }「{ $value }」は日付ではありません。2026-04-01 のような日付を書いてください
decisions-refused-owner = 担当「{ $owner }」はモデルの部門でも{ -party }でもありません
decisions-refused-included = { $finding } の{ -decision }は取り込まれたファイルにあります。そちらで変更してください
decisions-summary = 反映 { $applied } 件、変更なし { $unchanged } 件、拒否 { $refused } 件
decisions-dry-run = 試行のみ: 何も書き込んでいません。反映するには --write を付けてください。
decisions-written = 書き込みました: { $model }
decisions-diff = モデルの変更:
