## kojo init：書いたファイルと次にすること。

init-wrote = { $model } と { $schema } を書きました
init-next = 次に：内容を書き換え、`kojo check { $model }` を実行してください
