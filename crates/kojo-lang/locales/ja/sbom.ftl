## kojo-sbom: VEX 記述、EPSS スコア、脆弱性情報の古さ、kojo vex。

sbom-vex-status-not_affected = 影響なし
sbom-vex-status-fixed = 修正済み
sbom-vex-status-affected = 影響あり
sbom-vex-status-under_investigation = 調査中
sbom-vex-flag-component_not_present = 該当する構成要素を含まない
sbom-vex-flag-vulnerable_code_not_present = 脆弱なコードを含まない
sbom-vex-flag-vulnerable_code_cannot_be_controlled_by_adversary = 攻撃者は脆弱なコードを操作できない
sbom-vex-flag-vulnerable_code_not_in_execute_path = 脆弱なコードは実行されない
sbom-vex-flag-inline_mitigations_already_exist = 緩和策が組み込まれている
sbom-vex-settles = { $document } の VEX 記述: { $status }{ $why }。{ -finding }は一覧に残りますが、fail-on の判定には数えません。
sbom-vex-open = { $document } の VEX 記述: { $status }{ $why }。確認のため{ -finding }は残します。
sbom-vex-not-vex = { $path }: VEX 文書ではありません。CycloneDX VEX(分析付きの脆弱性)、CSAF 2.0 または OpenVEX を指定してください。
sbom-epss = EPSS { $score }(パーセンタイル { $percentile }、{ $date })
sbom-stale-title = 勧告は { $days } 日前のものです
sbom-stale-detail = 最も新しい勧告は { $newest } のもので、{ $today } の { $days } 日前です。上限は { $limit } 日です。それ以降に公開された脆弱性は照合されません。
sbom-stale-recommendation = 勧告の入手元(CISA CSAF、OSV、KEV)を更新し、kojo advisories update で索引を作り直してから、改めて評価してください。
sbom-csaf-title = { $factory } の VEX: { $group }
sbom-csaf-summary = { $factory } の { $group } の製品の脆弱性の状態(モデルに記録された{ -decision }による)。
sbom-csaf-revision = モデルの{ -decision }から kojo が作成。
sbom-csaf-impact = 誤検知または受容したリスクとして記録: { $reason }
sbom-csaf-impact-none = 誤検知として記録(理由の記載なし)。
sbom-csaf-action-update = { $component } を { $fixed } 以降に更新してください。
sbom-csaf-action-advisory = { $remediation }
sbom-csaf-action-none = 修正版の記載がありません。緩和策を適用し、構成要素を隔離してください。
sbom-csaf-investigating = このバージョンが影響を受けるかはまだ判定できません: { $reason }
sbom-vex-wrote = { $count } 件の CSAF VEX 文書を { $dir } に書き出しました。
sbom-vex-none = 脆弱性の{ -finding }がないため、VEX 文書は書き出していません。

## kojo-web: 取引先ポータルの脆弱性の記述(VEX)。

web-vex-title = 脆弱性の記述 (VEX)
web-vex-help = 貴社({ -party })が納入した製品の脆弱性の{ -finding }ごとに、製品が影響を受けるかを記述してください。記述はモデルの{ -decision }として新しい版に記録されます。ダウンロードするのは顧客向けの CSAF 2.0 VEX 文書で、コマンドラインが書き出す文書と同じです。
web-vex-download = CSAF VEX 文書をダウンロード
web-vex-protected-object = { -protected-object }
web-vex-component = 構成要素
web-vex-advisory = 勧告
web-vex-in-document = 文書での状態
web-vex-recorded = 記録された{ -decision }
web-vex-statement = 記述
web-vex-justification = 根拠(影響なしの場合)
web-vex-detail = 影響の説明・対処・詳細
web-vex-record = 記述を記録
web-vex-none = これらの製品に脆弱性の{ -finding }はありません。工場がアップロードした SBOM と勧告のどれにも一致しません。
web-vex-saved = 記述をモデルの新しい版として記録しました。
web-vex-unchanged = モデルには既にこの記述が記録されています。
sbom-csaf-investigating-decided = このバージョンが影響を受けるかは、製品の提供元が調査中です。

## ステップ2-2 サプライチェーン(表3-12): SBOMのないソフトウェア資産。
sbom-missing-title = { $asset }: SBOM(ソフトウェア部品表)がありません
sbom-missing-detail = { $asset } は{ $why ->
        [software] ソフトウェア
        [general-purpose] 汎用製品
       *[oss] OSSを利用した資産
    }ですが、SBOMが指定されていないため、構成要素・ライセンス・脆弱性を把握・監視できません。
sbom-missing-rec = 供給者からCycloneDXまたはSPDX形式のSBOMを入手し(表3-12:構成要素の開示)、資産の `sbom:` に設定してください。
