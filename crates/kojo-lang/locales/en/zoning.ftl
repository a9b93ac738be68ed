## Conduits (IEC 62443-3-2: the flows between two zones meet the requirements of both) and the to-be zoning.

conduit-sl-both = Target SL { $sl }, the higher of { $a } ({ $sla }) and { $b } ({ $slb }): a { -conduit } meets the requirements of both { -zone } ends.
conduit-sl-one = Target SL { $sl }, that of { $a }; { $b } has no target SL.
conduit-sl-none = No target SL: neither { -zone } it joins has one.
conduit-unguarded =
    { $count ->
        [one] One networked flow of it passes no enforcing { -boundary-device }.
       *[other] { $count } networked flows of it pass no enforcing { -boundary-device }.
    }
conduit-heading = Conduits between zones
conduit-col-zones = { -zone }s joined
conduit-col-sl = target SL
conduit-col-devices = { -boundary-device }s passed
conduit-col-derivation = how the target SL was reached
conduit-more = { $count } more in the JSON.
tobe-finding-title = In the proposed zoning: { $title }
# The names kojo gives the zones it proposes (they are not in the model yet).
proposed-zone-external = External services { -zone }
proposed-zone-external-of = External services { -zone } ({ $zone })
proposed-zone-control = { $asset } control { -zone }
proposed-zone-operation = { $operation } { -zone }

## What a zone verdict proposes, one clause per proposed zone (Step 1-6; Annex A).
verdict-clause-separate =
    separate { $assets } into a new { $zone }: { $crossing ->
        [yes] its boundary lies on { $flows }
       *[no] no flow crosses its boundary yet
    }{ $placeholder ->
        [yes] ; no { -boundary-device } stands on that boundary yet
       *[no] {""}
    }; check the division of responsibility with { $party } (who secures, monitors and responds on each side of the boundary)
verdict-clause-split =
    { $count ->
        [one] move { $assets } into a new { $zone }, since it drives a control or production { -zone } without human review
       *[other] move { $assets } into a new { $zone }, since they drive a control or production { -zone } without human review
    }
verdict-clause-divide = divide it by operation, moving { $assets } into a new { $zone }
verdict-the-provider = the { -provider }

## Step 1-6 zoning findings (their titles and recommendations come from the verdict).
zone-divide-title = { $zone } serves { $count } operations
# $differ, $continuous: yes | no.
zone-divide-detail =
    { $differ ->
        [yes] Its protected objects serve { $operations }, of different { -importance }.
       *[no] Its protected objects serve { $operations }.
    }
zone-divide-continuous = In the material and process industries the process often cannot be divided; examine whether it can here.
zone-split-title = { $zone } mixes assets that drive control with assets that do not
# $drivers: the assets that drive control ($count of them); $others: the rest ($others_count).
zone-split-detail =
    { $count ->
        [one] { $drivers } operates a control or production { -zone } without human intervention ({ $flows }), while { $others_count ->
            [one] { $others } in the same { -zone } sends no control instructions: they need different security requirements.
           *[other] { $others } in the same { -zone } send no control instructions: they need different security requirements.
        }
       *[other] { $drivers } operate a control or production { -zone } without human intervention ({ $flows }), while { $others_count ->
            [one] { $others } in the same { -zone } sends no control instructions: they need different security requirements.
           *[other] { $others } in the same { -zone } send no control instructions: they need different security requirements.
        }
    }
zone-mixed-title = { $zone } mixes protected objects of high and low { -importance }
zone-mixed-detail = High: { $high }; low: { $low }.
