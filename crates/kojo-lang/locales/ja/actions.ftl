## 計画の対策（ステップ2-1：最も重大なリスクから対応する）。

plan-split = { $assets }({ $count } 件)を { $zone } から切り出し、独立した{ -zone }にする
plan-separate = { $assets } を { $zone } から分離し、{ -boundary-device }の内側の独立した{ -zone }にする
plan-divide = { $zone } を業務ごとに分割する
plan-review = { $zone } 内の、および { $zone } とデータをやり取りする{ -zone }との間のセキュリティ{ -requirement }を見直す
plan-measure = { $zone } で { $measure } を実施する
plan-measure-extend = { $zone } で実施済みの { $measure } を、まだ及んでいないフローと資産にも広げる
plan-measure-provider = { $provider } に { $zone } で { $measure } を実施してもらい、契約で定める
plan-measure-provider-unnamed = { $zone } の{ -provider }に { $measure } を実施してもらい、契約で定める
plan-measure-detail =
    { $single ->
        [yes] リスク評価手法のもとで、{ $zone } の対象となる脅威一件のリスクを下げます。
       *[no] リスク評価手法のもとで、{ $zone } の脅威 { $count } 件のリスクを下げます。残る対策の中で最も多くの脅威に効きます。
    }
plan-boundary = { $name } へのすべての経路に{ -boundary-device }を置く
plan-boundary-external = { $name } から工場内へのすべての経路の工場側に{ -boundary-device }を置く
plan-contract = { $name } との契約で{ $what ->
        [levels] サービスレベル
        [measures] セキュリティ対策
       *[both] サービスレベルとセキュリティ対策
    }を定める
plan-checklist = { $name } に{ -supplier-checklist }へ回答してもらい、未対応の項目を解消する
plan-vulnerability = { $name } の脆弱なコンポーネントを更新するか、影響を緩和する
plan-sbom =
    { $count ->
        [1] 不足しているソフトウェア部品表(SBOM)を入手する
       *[other] 不足しているソフトウェア部品表(SBOM) { $count } 件とライセンス情報を入手する
    }
plan-advisories = 脆弱性情報を更新し、その入力ファイルを直す
plan-overdue =
    { $count ->
        [1] 期限を過ぎた対策を完了する
       *[other] 期限を過ぎた対策 { $count } 件を完了する
    }
plan-safety = { $name } への脅威を安全担当者と合同でレビューする
plan-traffic = モデルで説明できない通信を定義するか遮断する
plan-bcp = 新しいサービスと外部組織についてBCPを見直す
plan-ooda = インシデント対応(OODA)の各段階に主担当と意思決定者を割り当てる
plan-maturity = 表3-9の次の成熟度レベルに到達する
plan-governance = 目的、ガバナンスの役割、外部組織を明確にする
plan-decisions =
    { $count ->
        [1] 期限切れのリスクの{ -decision }を見直す
       *[other] 期限切れのリスクの{ -decision } { $count } 件を見直す
    }
plan-target-sl = モデルで設定した { $name } の目標セキュリティレベルを引き上げるか、低い理由を記録する
plan-model = モデルを完成させる:すべての保護対象の{ -importance }とゾーン
plan-and-more =
    { $count ->
        [1] 。ほか 1 件
       *[other] 。ほか { $count } 件
    }
plan-more-zones = ほか { $count } ゾーン
