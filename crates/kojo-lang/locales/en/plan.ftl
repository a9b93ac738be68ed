## The plan (Step 2-1: the most significant first): `kojo plan`, the first section of
## `kojo assess`'s text, the HTML report's one-page summary and the XLSX "Plan" sheet.

plan-heading = Plan ({ $count ->
    [one] one action
   *[other] { $count } actions
})
plan-empty = The assessment asks for no action.
plan-more = { $count ->
    [one] One more action
   *[other] { $count } more actions
}: { $command }
plan-horizon-now = now
plan-horizon-next = next cycle
plan-horizon-later = later
plan-kind-zone-change = zone change
plan-kind-measure = measure
plan-kind-supply-chain = supply chain
plan-kind-organisation = organisation
plan-owner = owner: { $owner }
plan-owner-missing = owner: not named in the model
plan-risk = risk { $before } → { $after }
plan-closes = { $count ->
    [one] closes one { -finding }
   *[other] closes { $count } { -finding }s
}
plan-reference = ref: { $reference }
plan-for = for: { $subjects }

plan-summary-title = The plan at a glance
plan-summary-intro = What to do first, in this order (Step 2-1: the most significant threats first, business interruption and safety before the rest). The { -finding }s follow.
plan-summary-zones = { -zone }s and their verdicts
plan-summary-actions = { $count ->
    [one] The first action
   *[other] The first { $count } actions
}
plan-summary-risk = { -finding }s by { -severity }, now and after { $count ->
    [one] the first action
   *[other] the first { $count } actions
}
plan-summary-risk-note = A { -finding } an action closes is counted at that action's risk after; the others as they are.
plan-col-rank = rank
plan-col-horizon = when
plan-col-action = action
plan-col-owner = owner
plan-col-risk = risk before → after
plan-col-closes = { -finding }s closed
plan-col-zone = { -zone }
plan-col-verdict = verdict
plan-col-worst = most severe open { -finding }
plan-col-severity = { -severity }
plan-col-now = now
plan-col-after = after
plan-verdict-none = not judged
