## kojo-sbom: VEX statements, EPSS scores, the age of the advisory set, kojo vex.

sbom-vex-status-not_affected = not affected
sbom-vex-status-fixed = fixed
sbom-vex-status-affected = affected
sbom-vex-status-under_investigation = under investigation
sbom-vex-flag-component_not_present = the component is not present
sbom-vex-flag-vulnerable_code_not_present = the vulnerable code is not present
sbom-vex-flag-vulnerable_code_cannot_be_controlled_by_adversary = an attacker cannot control the vulnerable code
sbom-vex-flag-vulnerable_code_not_in_execute_path = the vulnerable code is never executed
sbom-vex-flag-inline_mitigations_already_exist = mitigations are built in
sbom-vex-settles = The VEX statement in { $document } says: { $status }{ $why }. The { -finding } stays listed but no longer counts towards the fail-on gate.
sbom-vex-open = The VEX statement in { $document } says: { $status }{ $why }; the { -finding } stays for review.
sbom-vex-not-vex = { $path }: not a VEX document: expected CycloneDX VEX (vulnerabilities with an analysis), CSAF 2.0 or OpenVEX.
sbom-epss = EPSS { $score } (percentile { $percentile }, { $date })
sbom-stale-title = The advisory set is { $days } days old
sbom-stale-detail = The newest advisory is from { $newest }, { $days } days before { $today }; the limit is { $limit } days. Vulnerabilities published since then are not matched.
sbom-stale-recommendation = Update the advisory sources (CISA CSAF, OSV, KEV), rebuild the index with kojo advisories update and assess again.
sbom-csaf-title = VEX of { $factory }: { $group }
sbom-csaf-summary = The vulnerability status of the products of { $group } in { $factory }, from the { -decision }s recorded in its model.
sbom-csaf-revision = Written by kojo from the model's { -decision }s.
sbom-csaf-impact = Recorded as a false positive or an accepted risk: { $reason }
sbom-csaf-impact-none = Recorded as a false positive; no reason was given.
sbom-csaf-action-update = Update { $component } to { $fixed } or later.
sbom-csaf-action-advisory = { $remediation }
sbom-csaf-action-none = No fix is named: apply the mitigations and isolate the component.
sbom-csaf-investigating = Whether this version is affected cannot be decided yet: { $reason }
sbom-vex-wrote = Wrote { $count ->
    [one] one CSAF VEX document
   *[other] { $count } CSAF VEX documents
  } to { $dir }.
sbom-vex-none = No vulnerability { -finding }s: no VEX document written.

## kojo-web: the supplier portal's vulnerability statements (VEX).

web-vex-title = Vulnerability statements
web-vex-help = For each vulnerability { -finding } on the products your { -party } supplies, state whether the product is affected. Each statement is recorded as a { -decision } in the model, as a new version. The download is the CSAF 2.0 VEX document for your customers, the same document the command line writes.
web-vex-download = Download the CSAF VEX document
web-vex-protected-object = { -protected-object }
web-vex-component = Component
web-vex-advisory = Advisory
web-vex-in-document = In the document
web-vex-recorded = Recorded { -decision }
web-vex-statement = Statement
web-vex-justification = Justification (for not affected)
web-vex-detail = Impact statement, action or details
web-vex-record = Record the statement
web-vex-none = No vulnerability { -finding } on these products: the SBOMs and advisories the plant uploaded match none of them.
web-vex-saved = The statement was recorded as a new model version.
web-vex-unchanged = The model already records this statement.
sbom-csaf-investigating-decided = The product's owner is investigating whether this version is affected.

## Step 2-2 supply chain (Table 3-12): an asset with software and no SBOM.
sbom-missing-title = { $asset }: no software bill of materials
# $why: software | general-purpose | oss.
sbom-missing-detail = { $asset } is { $why ->
        [software] software
        [general-purpose] a general-purpose product
       *[oss] built on OSS
    }, but the model names no SBOM for it: its components, their licences and their vulnerabilities cannot be known or watched.
sbom-missing-rec = Obtain a CycloneDX or SPDX SBOM from the supplier (Table 3-12: disclosure of software components) and set `sbom:` on the asset.
