## 用語集：概念ごとに一語。すべてのメッセージはこの用語を使う。
## `.avoid` はその概念に使ってはならない語（テストが日本語のメッセージを照合する）。

-critical = 緊急
    .avoid = 重大
-high = 高
-medium = 中
-low = 低
-info = 情報
-severity = 重大度
-finding = 指摘
    .avoid = 検出事項
-zone = ゾーン
-protected-object = 保護対象
    .avoid = 保護資産
-boundary-device = 境界装置
    .avoid = 境界機器
-supplier-checklist = サプライヤーチェックリスト
    .avoid = 取引先チェックリスト
-party = 外部組織
-importance = 重要度
-decision = 判断
    .avoid = 決定
-requirement = 要件
# OODA ループの第3段階（表 3-7、3-8）。モデルに記録する判断ではない。
-ooda-decide = 意思決定

severity-critical = { -critical }
severity-high = { -high }
severity-medium = { -medium }
severity-low = { -low }
severity-info = { -info }
-conduit = コンジット
# 工場が自ら運用しないサービスやゾーンを運用する者（クラウドサービス、ベンダー管理のゾーン）。
-provider = 提供者
    .avoid = プロバイダ
