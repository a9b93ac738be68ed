## `kojo decisions import`: the risk register read back into the model's decisions.

decisions-title = kojo decisions import: { $register } → { $model }
decisions-applied = row { $row }: { $finding }: { $status } (applied)
decisions-unchanged = row { $row }: { $finding }: unchanged
decisions-refused = row { $row }: refused: { $reason }
decisions-refused-no-id = the row has no { -finding } id
decisions-refused-unknown = { $finding } is not a { -finding } of the model's assessment (ids come from kojo assess; was the register made from another model?)
decisions-refused-duplicate = { $finding } was already given in row { $first }
decisions-refused-reopen = { $finding } has a { -decision } in the model; an open status does not remove it (delete the { -decision } in the model to reopen)
decisions-refused-status = status "{ $status }" is not one of { $allowed }
decisions-refused-date = { $column } "{ $value }" is not a date; expected a date like 2026-04-01
decisions-refused-owner = owner "{ $owner }" is neither a department nor a party of the model
decisions-refused-included = the { -decision } on { $finding } is in an included file; change it there
decisions-summary = { $applied } applied, { $unchanged } unchanged, { $refused } refused
decisions-dry-run = Dry run: nothing was written. Add --write to apply.
decisions-written = Written: { $model }
decisions-diff = Changes to the model:
