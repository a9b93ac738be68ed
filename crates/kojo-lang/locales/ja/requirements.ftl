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
