## `kojo diff`: what a change to the model does to the security position.

diff-title = kojo diff: { $old } → { $new }
diff-factory = factory: { $factory }
diff-factory-changed = factory: { $old } → { $new }
diff-no-differences = No differences.
diff-entities = Entities: { $added } added, { $removed } removed, { $changed } changed
diff-not-set = (not set)
diff-importance = Importance:
diff-derived = (derived)
diff-findings =
    Findings: { $new } new, { $resolved } resolved, { $changed } changed in { -severity } ({ $old_total } → { $new_total } in all)
diff-findings-not-compared = Findings: not compared (the models were not assessed)
diff-label-new = new
diff-label-severity = { -severity }
diff-label-resolved = resolved
diff-decided = (decided)
diff-review-now = What to review now:
diff-review-zone-requirements = Requirements within the { -zone }
diff-review-inter-zone-requirements = Requirements between { -zone }s
diff-review-party-checklist = Party checklist
diff-review-bcp-point = BCP review point
diff-review-responsibility-boundary = Boundary and division of responsibility
diff-review-checklist-of = ({ $checklist } checklist)
diff-note-bcp-considered = the BCP considers this point: review it for this change
diff-note-bcp-not-considered = the BCP does not consider this point yet
diff-note-checklist-recorded = a checklist is recorded: confirm its answers for this change
diff-note-checklist-missing = no checklist is recorded for this { -party }

## The HTML section a report embeds.
diff-html-title = Change review: { $old } → { $new }
diff-html-factory = Factory: { $factory }
diff-html-review-now = What to review now
diff-html-review = Review
diff-html-reference = Reference
diff-html-because = Because
diff-html-findings = Findings
diff-html-findings-counts =
    { $new } new, { $resolved } resolved, { $changed } changed in { -severity } ({ $old_total } → { $new_total } in all).
diff-html-severity = Severity
diff-html-id = Id
diff-html-kind = Kind
diff-html-title-column = Title
diff-html-subjects = Subjects
diff-html-importance = Importance
diff-html-subject = Subject
diff-html-before = Before
diff-html-after = After
diff-html-model-changes = Model changes
diff-html-entity = Entity
diff-html-field = Field
diff-change-added = added
diff-change-removed = removed
diff-change-changed = changed
