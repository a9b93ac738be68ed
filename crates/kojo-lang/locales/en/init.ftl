## kojo init: what it wrote and what to do next.

init-wrote = wrote { $model } and { $schema }
init-next = next: edit it, then `kojo check { $model }`
