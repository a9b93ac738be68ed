## コンジット（IEC 62443-3-2：二つのゾーン間のフローは両方の要件を満たす）と見直し後のゾーニング。

conduit-sl-both = 目標SL { $sl }。{ $a }({ $sla })と { $b }({ $slb })の高い方です。{ -conduit }は結ぶ両方の{ -zone }の要件を満たします。
conduit-sl-one = 目標SL { $sl }。{ $a } の値です。{ $b } には目標SL がありません。
conduit-sl-none = 目標SL なし。結ぶどちらの{ -zone }にも目標SL がありません。
conduit-unguarded = 通信を制御する{ -boundary-device }を通らないネットワーク上のフローが { $count } 本あります。
conduit-heading = ゾーン間の{ -conduit }
conduit-col-zones = 結ぶ{ -zone }
conduit-col-sl = 目標SL
conduit-col-devices = 通過する{ -boundary-device }
conduit-col-derivation = 目標SL の導出
conduit-more = ほか { $count } 件は JSON に記載。
tobe-finding-title = 見直し後のゾーニングでは: { $title }
# kojo が提案するゾーンの名前（まだモデルにないゾーン）。
proposed-zone-external = 外部サービス{ -zone }
proposed-zone-external-of = 外部サービス{ -zone }（{ $zone }）
proposed-zone-control = { $asset } 制御{ -zone }
proposed-zone-operation = { $operation } { -zone }

## ゾーンの判定が提案すること。提案するゾーンごとに一つの節（ステップ1-6、付録A）。
verdict-clause-separate =
    { $assets } を新しい「{ $zone }」に分離します。{ $crossing ->
        [yes] 分離の境界は { $flows } にあります
       *[no] 境界を越えるフローはまだありません
    }{ $placeholder ->
        [yes] 。その境界にはまだ{ -boundary-device }がありません
       *[no] {""}
    }。{ $party }との責任分界（境界の各側で誰が守り、監視し、対応するか）を確認してください
verdict-clause-split =
    { $count ->
       *[other] { $assets } は人の確認なしに制御・生産{ -zone }を駆動するため、新しい「{ $zone }」に移します
    }
verdict-clause-divide = 業務単位で分割し、{ $assets } を新しい「{ $zone }」に移します
verdict-the-provider = { -provider }

## ステップ1-6 のゾーニングの指摘(タイトルと推奨は判定が書きます)。
zone-divide-title = { $zone } は { $count } つの業務を担っています
zone-divide-detail =
    { $differ ->
        [yes] 保護対象が業務 { $operations } にまたがっています({ -importance }が異なります)。
       *[no] 保護対象が業務 { $operations } にまたがっています。
    }
zone-divide-continuous = 素材・プロセス産業では工程を分けられないことが多いため、ここで分けられるか検討してください。
zone-split-title = { $zone } に制御を駆動する資産とそうでない資産が混在しています
zone-split-detail =
    { $count ->
        [1] { $drivers } は人の介在なしに制御・生産{ -zone }を操作します。その経路: { $flows }。
       *[other] { $drivers } はいずれも人の介在なしに制御・生産{ -zone }を操作します。その経路: { $flows }。
    }{ $others_count ->
        [1] 同じ{ -zone }の { $others } は制御指示を送りません。両者には異なるセキュリティ要件が必要です。
       *[other] 同じ{ -zone }の { $others } はいずれも制御指示を送りません。両者には異なるセキュリティ要件が必要です。
    }
zone-mixed-title = { $zone } に{ -importance }の高い保護対象と低い保護対象が混在しています
zone-mixed-detail = { -importance } 高: { $high }。{ -importance } 低: { $low }。
