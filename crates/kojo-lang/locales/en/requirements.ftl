# Step 1 requirements and importance: sentences whose nouns follow a count.
asset-unzoned-detail =
    { $count ->
        [0] The asset names no zone; no zone's requirements apply to it.
        [one] The asset names the zone { $zones }, which does not exist; no zone's requirements apply to it.
       *[other] The asset names the zones { $zones }, which do not exist; no zone's requirements apply to it.
    }
bcp-gap-title =
    { $count ->
        [one] The BCP does not cover one review point of 3.1.1 (1)
       *[other] The BCP does not cover { $count } review points of 3.1.1 (1)
    }
# $points: the review points' names, joined.
bcp-gap-detail = Not covered: { $points }.
bcp-gap-detail-new-services = Not covered: { $points }. The model adds new services or external parties, so the points on new services matter most.
governance-missing-title =
    { $count ->
        [one] Governance role missing: { $roles }
       *[other] Governance roles missing: { $roles }
    }
scope-expansion-detail =
    { $count ->
        [one] A new or changed flow from { $from } connects areas of high concern in smartification; the operations involved belong in the scope of this study.
       *[other] { $count } new or changed flows from { $from } connect areas of high concern in smartification; the operations involved belong in the scope of this study.
    }
