## The risk register (CSV, XLSX): sheet names and column headers. In English a header is the
## column's key, which readers of the CSV rely on (docs/reports.md lists them).

register-sheet-plan = Plan
register-sheet-register = Risk register
register-sheet-zones = Zones
register-sheet-assets = Assets
register-sheet-flows = Flows
register-sheet-checklists = Checklists

register-column-id = id
register-column-kind = kind
register-column-rule = rule
register-column-step = step
register-column-severity = severity
register-column-subjects = subjects
register-column-title = title
register-column-detail = detail
register-column-recommendation = recommendation
register-column-reference = reference
register-column-catalog = catalog
register-column-location = location
register-column-decision-reason = decision_reason
register-column-review-by = review_by
register-column-status = status
register-column-owner = owner
register-column-due = due
register-column-notes = notes
register-column-name = name
register-column-importance = importance
register-column-target-sl = target_sl
register-column-managed-by = managed_by
register-column-requirements-within = requirements_within
register-column-requirements-between = requirements_between
register-column-derivation = derivation
register-column-role = role
register-column-zones = zones
register-column-operations = operations
register-column-safety = safety
register-column-quality = quality
register-column-delivery = delivery
register-column-cost = cost
register-column-business-continuity = business_continuity
register-column-traits = traits
register-column-supplier = supplier
register-column-addresses = addresses
register-column-sbom = sbom
register-column-from = from
register-column-to = to
register-column-data = data
register-column-control = control
register-column-automated = automated
register-column-network = network
register-column-via = via
register-column-protocol = protocol
register-column-protections = protections
register-column-party = party
register-column-checklist = checklist
register-column-item = item
register-column-answer = answer

register-cut = …[cut at Excel's cell limit]

## The Plan sheet's columns (the keys a later import reads back).
register-column-rank = rank
register-column-action = action
register-column-horizon = horizon
register-column-risk-before = risk_before
register-column-risk-after = risk_after
register-column-closes = closes
