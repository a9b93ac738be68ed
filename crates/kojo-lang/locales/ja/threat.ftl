## 脅威の指摘の対策の不足（ステップ2-2）：リスク評価手法のもとで何がリスクを下げるか。

threat-rec-none-catalogued = この脅威に対応する対策がカタログにありません。{ -zone }の責任者と対策を決めてください。
threat-rec-in-place = カタログの対策はすべて実施済みです。残る{ -severity }は{ -importance }と脅威レベルによるものです。{ -zone }の責任者と確認してください。
threat-rec-one =
    { $single ->
        [yes] { $measures } を実施すると、{ -severity }は「{ $severity }」に下がります。
       *[no] { $measures } のいずれか一つを実施すると、{ -severity }は「{ $severity }」に下がります。
    }
threat-rec-no-lower = { $measures } を実施しても、それだけでは{ -severity }は下がりません。{ -importance }と脅威レベルが{ -severity }を決めています。
threat-rec-all = { $measures } をあわせて実施すると「{ $severity }」になります。
threat-rec-planned = 計画中の対策: { $measures }。実施されるまでリスクは残ります。
threat-rec-scope-flow = 対策は { $from } から { $to } へのフロー、またはそれが通過する{ -boundary-device }を対象として記録してください。境界を迂回するフローには{ -zone }の対策は効きません。
threat-rec-scope-asset = 対策は { $name } またはその{ -zone }を対象として記録してください。
threat-rec-scope-zone = 対策は{ -zone } { $name } を対象として記録してください。
threat-rec-eos = サポート終了資産にはパッチを適用できないため、代替策(隔離・ホワイトリスト・監視)を講じてください。
threat-exposure-unreachable = 脅威レベルは { $catalog } ではなく { $level } です。この{ -zone }に到達する侵入口がありません。
threat-exposure-sheltered = 脅威レベルは { $catalog } ではなく { $level } です。この{ -zone }への経路はすべて { $boundaries } 台の{ -boundary-device }を通過します。
threat-on = 対象: { $on }。
threat-rating = 観点: { $viewpoint }、影響: { $impacts }、{ -importance } { $importance } × 脅威レベル { $level } × 脆弱性レベル { $vulnerability } → リスク値 { $risk }({ $method })。実施済みの対策: { $implemented }。計画中の対策: { $planned }。
threat-path-flow = 最も保護の弱いフローでは、保護策 { $protected ->
        [yes] { $protections }
       *[no] なし
    }、通過する{ -boundary-device } { $count } 台。
threat-importance-unknown = 不明(中として評価)
threat-impact-none = 操業
threat-measures-none = なし
list-or = { $init }、または { $last }
list-and = { $init }、{ $last }
safety-review-title = 安全機能 { $asset } に脅威が到達し得ます
safety-review-detail =
    { $count ->
        [1] 「{ $threats }」が安全機能に到達し得ます。サイバーか物理かを問わず、安全機能に及ぶ脅威は物理的な危害につながるおそれがあります。
       *[other] { $count } 件の脅威が安全機能に到達し得ます({ $threats })。サイバーか物理かを問わず、安全機能に及ぶ脅威は物理的な危害につながるおそれがあります。
    }
safety-review-rec = 安全とセキュリティの担当者が合同でこれらの脅威をレビューし、安全機能が脅威の経路から独立していること、フェールセーフであることを確認してください。
