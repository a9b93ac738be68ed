# Step 1 の要件と重要度: 数に応じて言い方の変わる文。
asset-unzoned-detail =
    { $count ->
        [0] ゾーンが指定されていないため、どのゾーンの要件も適用されません。
       *[other] 指定されたゾーン { $zones } は存在しないため、どのゾーンの要件も適用されません。
    }
bcp-gap-title = BCPが3.1.1 (1) の見直し観点 { $count } 件を扱っていません
bcp-gap-detail = 未対応の観点: { $points }。
bcp-gap-detail-new-services = 未対応の観点: { $points }。新しいサービスや外部事業者を導入するため、新サービスに関する観点が特に重要です。
governance-missing-title = 推進体制の役割が { $count } つ不足しています: { $roles }
scope-expansion-detail = { $from } からの新規・変更フロー { $count } 件が、スマート化で重点となる領域をつなぎます。関係する業務はこの検討の範囲に含めてください。

## ステップ1-7・2-2: ゾーンとフローの見直し、境界。
zone-review-title = { $zone } のセキュリティ要件を見直してください
zone-review-detail-changed =
    { $status ->
        [new] ゾーンが新設されています。
       *[changed] ゾーンが変更されています。
    }
zone-review-detail-changed-data =
    { $status ->
        [new] ゾーンが新設され、新規・変更のフロー({ $flows })により新たな重要データ({ $data })を受け取ります。
       *[changed] ゾーンが変更され、新規・変更のフロー({ $flows })により新たな重要データ({ $data })を受け取ります。
    }
zone-review-detail-data = 新規・変更のフロー({ $flows })により新たな重要データ({ $data })を受け取るようになります。
zone-review-rec = ゾーン内(SQDC、事業継続、保護対象の可用性・完全性・機密性)と、データをやり取りするゾーンとの間(表3-4)の要件を見直してください。`zones[].requirements` を参照してください。
flow-review-title = { $from } から { $zone } への新しいフローの要件を見直してください
flow-review-detail = 新規・変更のフローが他のゾーンから流入します: { $flows }。
flow-review-rec =
    { $extra ->
        [control] これらのゾーン間の情報の送受信の要件を定めてください(表3-4): 機密性: 送受信してよいデータの確認、可用性: 送受信データのバックアップ、完全性: 送受信データの照合、制御ネットワーク外からの制御指示: 検証・認可・記録。
        [automated] これらのゾーン間の情報の送受信の要件を定めてください(表3-4): 機密性: 送受信してよいデータの確認、可用性: 送受信データのバックアップ、完全性: 送受信データの照合、人の確認なしに制御ゾーンで処理されるデータ: 制御指示と同様の入力検証。
       *[none] これらのゾーン間の情報の送受信の要件を定めてください(表3-4): 機密性: 送受信してよいデータの確認、可用性: 送受信データのバックアップ、完全性: 送受信データの照合。
    }
boundary-missing-title = { $from } と { $to } の間に{ -boundary-device }がありません
boundary-missing-detail = { $flows } が{ $count ->
        [1] {""}
       *[other] いずれも
    }重要度 { $from_level } のゾーンから重要度 { $to_level } のゾーンへ、{ $edge ->
        [yes] 工場の境界を越えて、
       *[no] {""}
    }{ $into_fa ->
        [yes] 制御指示または自動で処理されるデータを制御・生産ゾーンへ運び、
       *[no] {""}
    }{ -boundary-device }(ファイアウォール・データダイオード・VPN装置)を経由せずに通っています。
boundary-missing-rec = フローを、{ -conduit }に必要な通信だけに絞る{ -boundary-device }(ファイアウォール、一方向のデータにはデータダイオード、リモートアクセスにはVPN装置)に経由させ、`flows[].via` に記録してください。
boundary-bypass-title =
    { $count ->
        [1] { $from } からのフローが境界を迂回して { $zone } に入ります
       *[other] { $from } からの { $count } 件のフローが境界を迂回して { $zone } に入ります
    }
boundary-bypass-detail =
    { $routed ->
        [yes] { $count ->
            [1] { $zone } が受け取る { $flows } は、ルータ・スイッチのみを経由し、ほかのフローが経由する { $guards } を通りません。その境界の対策はこのフローには効きません。
           *[other] { $zone } が受け取る { $flows } は、ルータ・スイッチのみを経由し、ほかのフローが経由する { $guards } を通りません。その境界の対策はこれらのフローには効きません。
        }
       *[no] { $count ->
            [1] { $zone } が受け取る { $flows } は、{ -boundary-device }を経由せず、ほかのフローが経由する { $guards } を通りません。その境界の対策はこのフローには効きません。
           *[other] { $zone } が受け取る { $flows } は、{ -boundary-device }を経由せず、ほかのフローが経由する { $guards } を通りません。その境界の対策はこれらのフローには効きません。
        }
    }
boundary-bypass-rec =
    { $count ->
        [1] このフローをゾーンの{ -boundary-device }経由にする(`flows[].via` に記録する)か、接続を廃止してください。
       *[other] これらのフローをゾーンの{ -boundary-device }経由にする(`flows[].via` に記録する)か、接続を廃止してください。
    }
external-terms-title = { $party } との契約で{ $what ->
        [both] サービスレベルとセキュリティ対策
        [levels] サービスレベル
       *[measures] セキュリティ対策
    }が定められていません
external-terms-detail = { -importance } { $importance } の保護対象 { $assets } が { $party } に依存していますが、契約に{ $what ->
        [both] サービスレベルとセキュリティ対策
        [levels] サービスレベル
       *[measures] セキュリティ対策
    }が定められていません。
external-terms-rec = 可用性・障害頻度・復旧時間等のサービスレベルと事業者のセキュリティ対策を契約で定め(表3-10 契約段階)、`parties[].contract` に記録してください。
