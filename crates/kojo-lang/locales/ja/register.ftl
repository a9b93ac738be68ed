## リスク台帳（CSV、XLSX）：シート名と列見出し。英語の見出しは列のキーそのもの。

register-sheet-register = リスク台帳
register-sheet-zones = ゾーン
register-sheet-assets = { -protected-object }
register-sheet-flows = フロー
register-sheet-checklists = チェックリスト

register-column-id = ID
register-column-kind = 種類
register-column-rule = ルール
register-column-step = ステップ
register-column-severity = { -severity }
register-column-subjects = 対象
register-column-title = 件名
register-column-detail = 詳細
register-column-recommendation = 推奨
register-column-reference = 参照
register-column-catalog = カタログ項目
register-column-location = 記載箇所
register-column-decision-reason = { -decision }の理由
register-column-review-by = 見直し期限
register-column-status = ステータス
register-column-owner = 担当
register-column-due = 期限
register-column-notes = メモ
register-column-name = 名称
register-column-importance = { -importance }
register-column-target-sl = 目標SL
register-column-managed-by = 管理
register-column-requirements-within = ゾーン内の{ -requirement }
register-column-requirements-between = ゾーン間の{ -requirement }
register-column-derivation = 導出
register-column-role = 役割
register-column-zones = { -zone }
register-column-operations = 業務
register-column-safety = 安全
register-column-quality = 品質
register-column-delivery = 納期
register-column-cost = コスト
register-column-business-continuity = 事業継続
register-column-traits = 特性
register-column-supplier = 供給者
register-column-addresses = アドレス
register-column-sbom = SBOM
register-column-from = 送信元
register-column-to = 送信先
register-column-data = データ
register-column-control = 制御指示
register-column-automated = 自動
register-column-network = 経路
register-column-via = 経由
register-column-protocol = プロトコル
register-column-protections = 保護
register-column-party = { -party }
register-column-checklist = チェックリスト
register-column-item = 項目
register-column-answer = 回答

register-cut = …［Excel のセルの上限で切り詰め］

## 計画シートの列。
register-column-rank = 順位
register-column-action = 対策の種類
register-column-horizon = 時期
register-column-risk-before = 対策前のリスク
register-column-risk-after = 対策後のリスク
register-column-closes = 解消する指摘
