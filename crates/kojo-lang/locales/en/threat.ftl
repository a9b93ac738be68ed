## A threat finding's measure gap (Step 2-2): what would lower its risk, under the risk method.

threat-rec-none-catalogued = No countermeasure is catalogued for this threat; decide one with the { -zone } owner.
threat-rec-in-place = Every catalogued countermeasure is in place; the { -severity } left comes from the importance and the threat level: review it with the { -zone } owner.
threat-rec-one =
    { $single ->
        [yes] Implementing { $measures } lowers the { -severity } to { $severity }.
       *[no] Implementing any one of { $measures } lowers the { -severity } to { $severity }.
    }
threat-rec-no-lower = Implementing { $measures } would not lower the { -severity } on its own: the importance and the threat level keep it.
threat-rec-all = Together, { $measures } bring it to { $severity }.
threat-rec-planned = Planned: { $measures }; the risk stays until they are implemented.
threat-rec-scope-flow = Record the measure with the flow from { $from } to { $to } or the { -boundary-device } it passes as its scope: a measure of the { -zone } does not act on a flow that bypasses the boundary.
threat-rec-scope-asset = Record the measure with { $name } or its { -zone } as its scope.
threat-rec-scope-zone = Record the measure with the { -zone } { $name } as its scope.
threat-rec-eos = End-of-support assets cannot be patched: use compensating measures (isolation, allow-listing, monitoring).
threat-exposure-unreachable = Threat level { $level } instead of { $catalog }: no entry point reaches this { -zone }.
threat-exposure-sheltered = Threat level { $level } instead of { $catalog }: every way into this { -zone } passes { $boundaries ->
        [one] one { -boundary-device }
       *[other] { $boundaries } boundary devices
    }.
# A threat finding's detail: the sentences in order (threat-on where it names members).
threat-on = Applies to { $on }.
threat-rating = Viewpoint: { $viewpoint }; impact on { $impacts }; { -importance } { $importance } × threat level { $level } × vulnerability { $vulnerability } → risk { $risk } ({ $method }). Implemented: { $implemented }; planned: { $planned }.
# $protected: yes | no.
threat-path-flow = On its least protected flow: { $protected ->
        [yes] protections { $protections }
       *[no] no protection
    }; { $count ->
        [0] no { -boundary-device }
        [one] one { -boundary-device }
       *[other] { $count } boundary devices
    } passed.
threat-importance-unknown = unknown (rated as medium)
threat-impact-none = operations
threat-measures-none = none
list-or = { $init } or { $last }
list-and = { $init } and { $last }
# 3.1.7: a threat that can reach a safety function. $threats: the threats by name.
safety-review-title = Threats can reach safety function { $asset }
safety-review-detail =
    { $count ->
        [one] { $threats } can reach this safety function; whether cyber or physical, a threat that reaches it can turn into physical harm.
       *[other] { $count } threats can reach this safety function ({ $threats }); whether cyber or physical, a threat that reaches it can turn into physical harm.
    }
safety-review-rec = Review these threats jointly with the safety team: keep the safety function independent of the threatened paths, and confirm it fails safe.
