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

## Step 1-7 and Step 2-2: reviews of zones and flows, and boundaries.
# $status: new | changed.
zone-review-title = Review the security requirements of { $zone }
zone-review-detail-changed =
    { $status ->
        [new] The zone is new.
       *[changed] The zone is changed.
    }
zone-review-detail-changed-data =
    { $status ->
        [new] The zone is new and receives new sensitive data ({ $data }) through new or changed flows ({ $flows }).
       *[changed] The zone is changed and receives new sensitive data ({ $data }) through new or changed flows ({ $flows }).
    }
zone-review-detail-data = It now receives sensitive data ({ $data }) through new or changed flows ({ $flows }).
zone-review-rec = Review the requirements within the zone (SQDC, business continuity, availability/integrity/confidentiality of its protected objects) and between it and the zones it exchanges data with (Table 3-4); see zones[].requirements.
# $from: the zones the flows come from; $extra: control | automated | none.
flow-review-title = Review requirements for new flows into { $zone } from { $from }
flow-review-detail = New or changed flows enter this zone from other zones: { $flows }.
flow-review-rec =
    { $extra ->
        [control] Set the requirements of the transfer between these zones (Table 3-4): confidentiality: confirm which data may be sent and received; availability: back up the data sent and received; integrity: compare the data sent and received; control instructions from outside the control network: validate, authorise and log them.
        [automated] Set the requirements of the transfer between these zones (Table 3-4): confidentiality: confirm which data may be sent and received; availability: back up the data sent and received; integrity: compare the data sent and received; data acted on in the control zone without human review: validate its input as if it were a control instruction.
       *[none] Set the requirements of the transfer between these zones (Table 3-4): confidentiality: confirm which data may be sent and received; availability: back up the data sent and received; integrity: compare the data sent and received.
    }
# $flows: the flows, first letter upper case; $edge, $into_fa: yes | no.
boundary-missing-title = No { -boundary-device } between { $from } and { $to }
boundary-missing-detail = { $flows } { $count ->
        [one] goes
       *[other] go
    } from a zone of importance { $from_level } to one of importance { $to_level }{ $edge ->
        [yes] , across the factory's edge
       *[no] {""}
    }{ $into_fa ->
        [yes] , carrying control instructions or automated data into a control or production zone
       *[no] {""}
    } without passing a firewall, data diode or VPN gateway.
boundary-missing-rec = Route the flows through a { -boundary-device } that filters them to what the { -conduit } needs (firewall, data diode for one-way data, VPN gateway for remote access) and record it in flows[].via.
# $routed: yes (past routers or switches only) | no (past no boundary device).
boundary-bypass-title =
    { $count ->
        [one] A flow from { $from } enters { $zone } around its boundary
       *[other] Flows from { $from } enter { $zone } around its boundary
    }
boundary-bypass-detail =
    { $routed ->
        [yes] { $count ->
            [one] { $zone } receives { $flows } past routers or switches only, while other flows into the zone pass { $guards }: the measures at that boundary do not act on it.
           *[other] { $zone } receives { $flows } past routers or switches only, while other flows into the zone pass { $guards }: the measures at that boundary do not act on them.
        }
       *[no] { $count ->
            [one] { $zone } receives { $flows } past no { -boundary-device }, while other flows into the zone pass { $guards }: the measures at that boundary do not act on it.
           *[other] { $zone } receives { $flows } past no { -boundary-device }, while other flows into the zone pass { $guards }: the measures at that boundary do not act on them.
        }
    }
boundary-bypass-rec =
    { $count ->
        [one] Route the flow through the zone's { -boundary-device } (and record it in flows[].via), or remove the connection.
       *[other] Route these flows through the zone's { -boundary-device } (and record it in flows[].via), or remove the connection.
    }
# Step 1-5: an external service's contract. $what: both | levels | measures.
external-terms-title = Contract with { $party } does not settle { $what ->
        [both] service levels or security measures
        [levels] service levels
       *[measures] security measures
    }
external-terms-detail = { $assets } of { $importance } { -importance } rely on { $party }, but its contract does not state { $what ->
        [both] service levels and security measures
        [levels] service levels
       *[measures] security measures
    }.
external-terms-rec = Agree availability, failure frequency and recovery time, and the provider's security measures, in the contract (Table 3-10 contract stage); record them in parties[].contract.
