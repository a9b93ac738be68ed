# コマンドライン自身の行(標準エラー出力)。
gate-assess-failing = kojo assess: { -severity }「{ $severity }」以上の{ -finding }が { $count } 件あるため、失敗とします(--fail-on { $level })
gate-diff-failing = kojo diff: { -severity }「{ $severity }」以上の新規または上がった{ -finding }が { $count } 件あります: { $ids }
