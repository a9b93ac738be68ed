## `kojo history`：モデルを変更したコミットごとの重大度別の指摘数。

history-title = kojo history: { $path }
history-no-commits = このファイルを変更したコミットはありません。
history-commit = コミット
history-date = 日時（UTC）
history-total = 合計
history-summary = 概要
history-not-assessed = 評価なし
history-invalid-model = モデルが不正です(問題 { $count } 件): { $first }
history-assess-failed = 評価できません: { $error }
