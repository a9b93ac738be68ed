## The plan's actions (Step 2-1: the most significant risks first).

plan-split =
    { $count ->
        [one] Split { $assets } out of { $zone } into a { -zone } of its own
       *[other] Split { $assets } out of { $zone } into a { -zone } of their own
    }
plan-separate = Separate { $assets } from { $zone } into a { -zone } of its own, behind a { -boundary-device }
plan-divide = Divide { $zone } by operation
plan-review = Review the security { -requirement }s within { $zone } and between it and the { -zone }s it exchanges data with
plan-measure = Implement { $measure } in { $zone }
plan-measure-extend = Extend { $measure } in { $zone } to the flows and assets it does not reach yet
plan-measure-provider = Have { $provider } apply { $measure } in { $zone }, and settle it in the contract
plan-measure-provider-unnamed = Have the { -provider } of { $zone } apply { $measure } there, and settle it in the contract
plan-measure-detail =
    { $single ->
        [yes] It lowers the one threat it acts on in { $zone } under the risk method.
       *[no] It lowers { $count } threats in { $zone } under the risk method, more than any other countermeasure left.
    }
plan-boundary = Put a { -boundary-device } on every way into { $name }
plan-boundary-external = Put a { -boundary-device } on the plant's side of every way from { $name } into the plant
plan-contract = Settle { $what ->
        [levels] service levels
        [measures] security measures
       *[both] service levels and security measures
    } in the contract with { $name }
plan-checklist = Have { $name } answer and close the open items of the { -supplier-checklist }
plan-vulnerability = Update or mitigate the vulnerable components of { $name }
plan-sbom =
    { $count ->
        [one] Obtain the missing software bill of materials
       *[other] Obtain the { $count } missing software bills of materials and license data
    }
plan-advisories = Refresh the advisories and fix the input files they come from
plan-overdue =
    { $count ->
        [one] Complete the overdue measure
       *[other] Complete the { $count } overdue measures
    }
plan-safety = Review the threats to { $name } with the safety team
plan-traffic = Declare or block the traffic the model does not explain
plan-bcp = Review the BCP for the new services and parties
plan-ooda = Assign a lead and a decision maker to every incident-response (OODA) stage
plan-maturity = Reach the next maturity level of Table 3-9
plan-governance = Name the purposes, the governance roles and the external parties
plan-decisions =
    { $count ->
        [one] Review the expired risk { -decision }
       *[other] Review the { $count } expired risk { -decision }s
    }
plan-target-sl = Raise the target security level of { $name } set in the model, or record why it is lower
plan-model = Complete the model: importance and zones of every protected object
plan-and-more =
    { $count ->
        [one] ; and one more
       *[other] ; and { $count } more
    }
plan-more-zones = { $count } more { -zone }s
