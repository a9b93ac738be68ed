## `kojo check`: the diagnostics of the model loader (kojo-model), their subjects and labels.
## Field names, ids and values are in backticks and stay as written in every language.

diag-label-error = error
diag-label-warning = warning
diag-label-help = help
diag-label-note = note

# A sentence built outside the loader, not yet a message of its own.
diag-untranslated = { $text }

## Subjects: what a message is about.

diag-code = `{ $text }`
diag-long-value = `{ $head }…` (a value of { $count } characters)
diag-the-model = the model
diag-an-included-file = an included file
diag-include-entry = an `include:` entry
diag-a-department = a department
diag-a-party = a party
diag-a-contract = a contract
diag-a-operation = an operation
diag-a-zone = a zone
diag-a-asset = an asset
diag-a-flow = a flow
diag-a-measure-record = a measure record
diag-a-supply-chain-checklist = a supply-chain checklist
diag-a-decision = a decision
diag-this-department = this department
diag-this-party = this party
diag-this-operation = this operation
diag-this-zone = this zone
diag-this-asset = this asset
diag-this-flow = this flow
diag-this-measure-record = this measure record
diag-this-supply-chain-checklist = this supply-chain checklist
diag-this-decision = this decision
diag-named-department = department `{ $id }`
diag-named-party = party `{ $id }`
diag-named-operation = operation `{ $id }`
diag-named-zone = zone `{ $id }`
diag-named-asset = asset `{ $id }`
diag-named-flow = flow `{ $id }`
diag-named-measure-record = measure `{ $id }`
diag-named-decision = the decision on `{ $id }`
diag-field-of = `{ $key }` of { $what }
diag-id-of = the `id` of { $what }
diag-entry-of = an entry of `{ $key }`
diag-by-field = { $what } ({ $field })
diag-product-of = the product of { $what }
diag-ooda-stage = the `{ $stage }` stage
diag-ooda-step = incident response `{ $step }`
diag-checklist-item-id = a checklist item id

## What a value was found to be.

diag-found-empty = an empty value
diag-found-list = a list
diag-found-mapping = a mapping

## The vocabularies, as in "`x` is not a valid zone kind".

diag-word-status = status
diag-word-industry = industry
diag-word-purpose = purpose (Table 3-1)
diag-word-bcp-point = BCP review point (3.1.1 (1))
diag-word-department-kind = department kind
diag-word-party-kind = party kind
diag-word-importance-level = importance level
diag-word-zone-kind = zone kind
diag-word-asset-kind = asset kind
diag-word-asset-trait = asset trait
diag-word-network = network
diag-word-protection = protection
diag-word-measure-status = measure status
diag-word-checklist = checklist
diag-word-checklist-answer = checklist answer
diag-word-maturity-level = maturity level (Table 3-9)
diag-word-decision-status = decision status

## What a reference points to.

diag-target-zone = zone
diag-target-asset = asset
diag-target-data-asset = data asset
diag-target-department = department
diag-target-party = party
diag-target-operation = operation
diag-target-flow = flow
diag-target-department-or-party = department or party
diag-target-decider = department, party or decider role
diag-target-boundary-device = boundary device
diag-target-asset-or-zone = asset or zone

## Lists of ids.

diag-none-defined = none defined
diag-list = { $list }
diag-list-and-more = { $list } and { $more } more

## Reading files.

diag-not-utf8 = the model file is not UTF-8 text: invalid byte 0x{ $byte } at byte offset { $offset }
diag-not-utf8-help = save the file as UTF-8 (YAML is UTF-8 text; Shift_JIS or UTF-16 files must be converted)
diag-include-not-utf8 = included file `{ $path }` is not UTF-8 text: invalid byte 0x{ $byte } at { $line }:{ $column } (byte offset { $offset })
diag-cannot-read-model = cannot read model file `{ $path }`: { $error }
diag-cannot-read-include = cannot read included file `{ $path }`: { $error }
diag-include-too-large-help = split the model into smaller included files, or raise the limit
diag-include-not-found-help = include paths are relative to the file that includes them
diag-io-not-found = { $os }
diag-io-permission = { $os }
diag-io-directory = { $os }
diag-io-other = { $os }
diag-too-large = the file holds { $size } bytes, more than the limit of { $cap } ({ $env } raises it)
diag-too-large-stream = reading stopped at byte offset { $offset }: the input goes on past the limit of { $cap } ({ $env } raises it)
diag-size-unit = { $count } { $unit }
diag-size-bytes = { $count } bytes

## YAML.

diag-yaml-syntax = YAML syntax error: { $info }
diag-yaml-syntax-help = check indentation, quoting and brackets near this place
diag-yaml-too-large = aliases expand to more than { $max } YAML nodes
diag-yaml-too-large-help = aliases that repeat large anchors multiply the size; write the data out
diag-yaml-multiple-documents = a model file holds one YAML document; found a second `---`
diag-yaml-multiple-documents-help = split the documents into files and use `include:`
diag-yaml-alias-undefined = YAML alias refers to an anchor that is not defined before it
diag-yaml-alias-unresolved = YAML alias `*{ $name }` has no anchor `&{ $name }` before it
diag-yaml-alias-help = define `&name` before using `*name`
diag-yaml-merge = a `<<` merge key needs a mapping or a list of mappings
diag-duplicate-key = duplicate key { $key } in this mapping
diag-duplicate-key-help = a key may appear once per mapping; remove or merge one of them
diag-first-written-here = first written here

## The model's files.

diag-model-no-version = the model has no `version`
diag-model-no-version-help = add `version: 1` as the first line
diag-model-no-factory = the model has no `factory` section
diag-model-no-factory-help = add `factory:` with at least `name: <factory name>`
diag-empty-file = the model file is empty
diag-empty-file-help = a model starts with `version: 1` and a `factory:` section; `kojo init` writes one
diag-factory-empty = `factory` is empty
diag-factory-empty-help = write at least `name: <factory name>` under `factory:`
diag-unsupported-version = model format version { $found } is not supported
diag-supported-versions = supported versions: { $supported }
diag-include-not-a-model = included file `{ $path }` is not a model fragment: { $why }
diag-include-not-a-model-help = an included file is YAML with lists such as `assets:`, `zones:` and `flows:` at its top level
diag-fragment-not-yaml = it is not valid YAML (line { $line }, column { $column })
diag-fragment-empty = it is empty
diag-fragment-list = its top level is a list, not a mapping
diag-fragment-text = its top level is text, not a mapping
diag-root-only-field = `{ $key }` may only be written in the root model file, not in an included file
diag-root-only-field-help = move it to the file given to kojo; included files add departments, parties, operations, assets, zones, flows, measures, supply_chain and decisions
diag-include-not-allowed = `include: { $path }` cannot be followed in a model given as text
diag-include-not-allowed-help = load the model from a file (then includes resolve relative to it), or paste the included lists into this model
diag-include-cycle = `{ $path }` is already part of this model (`{ $first }`); including it again would repeat its entities
diag-include-cycle-help = include each file once, from one place

## Fields and values.

diag-not-a-mapping = { $what } should be a mapping of `key: value` lines, found { $found }
diag-allowed-keys = allowed keys: { $allowed }
diag-more-of-code = { $count ->
        [one] one more error of this kind in this file is not shown; it is here
       *[other] { $count } more errors of this kind in this file are not shown; the first of them is here
    }
diag-more-of-code-help = fix the errors shown and check again to see the rest
diag-unknown-field = unknown field `{ $key }` in { $what }
diag-did-you-mean-field = did you mean `{ $suggestion }`? allowed fields: { $allowed }
diag-allowed-fields = allowed fields: { $allowed }
diag-key-not-a-word = a key in { $what } should be a plain word, found { $found }
diag-not-a-list = `{ $key }` should be a list, found { $found }
diag-not-a-list-help = write a list: `[a, b]` or one `- item` per line
diag-missing-field = { $what } has no `{ $key }`
diag-not-text = { $what } should be text, found { $found }
diag-invalid-id = { $value } is not a valid id
diag-invalid-id-help = ids use lowercase letters, digits and `-`, starting with a letter or digit
diag-invalid-id-help-like = ids use lowercase letters, digits and `-`, starting with a letter or digit: e.g. `{ $like }`
diag-not-a-boolean = { $what } should be `true` or `false`, found { $found }
diag-not-a-boolean-help = write `true` or `false` (without quotes)
diag-not-a-word = { $what } should be one word, found { $found }
diag-invalid-value = { $value } is not a valid { $what }
diag-did-you-mean-value = did you mean `{ $suggestion }`? allowed values: { $allowed }
diag-did-you-mean-value-or-number = did you mean `{ $suggestion }`? allowed values: { $allowed } (or 1..{ $last })
diag-allowed-values = allowed values: { $allowed }
diag-allowed-values-or-number = allowed values: { $allowed } (or 1..{ $last })
diag-invalid-date = { $value } is not a valid date for { $what }
diag-invalid-date-help = write an ISO 8601 calendar date, `YYYY-MM-DD`, e.g. `2025-04-01`
diag-duplicate-id = duplicate { $section } id `{ $id }`
diag-duplicate-id-help = each id is unique within `{ $section }`; `{ $id }` is first defined at { $place }
diag-first-defined-here = `{ $id }` first defined here
diag-add-id = add `id: <lowercase-id>`; other entries refer to it by this id
diag-add-name = add `name: <display name>`
diag-add-factory-name = add `name: <factory name>`
diag-add-product-name = add `name: <product name as the vendor writes it>`
diag-add-one-of = add `{ $key }:` with one of { $allowed }
diag-add-endpoint = add an asset id or a zone id (or `zone:<id>` / `asset:<id>`)
diag-add-measure = add `measure: <catalog measure id>`
diag-add-party = add `party: <party id>`
diag-add-finding = add `finding: F-…` (a finding id from `kojo assess`)
diag-invalid-target-sl = `target_sl` of { $what } is { $found }, not a security level
diag-invalid-target-sl-help = IEC 62443 security levels are 1, 2, 3 or 4; leave it out to have it derived
diag-invalid-address = `{ $value }` is not an IP address or CIDR block
diag-invalid-address-help = write an IPv4/IPv6 address (`10.1.4.10`) or a CIDR block (`10.1.4.0/28`, prefix 0-32 for IPv4, 0-128 for IPv6)
diag-answers-not-a-mapping = `answers` should be a mapping of checklist item id to answer, found { $found }
diag-answers-not-a-mapping-help = write `answers:` then one `item.id: yes|no|partial|n/a` per line

## Zones of an asset.

diag-zone-and-zones = { $what } has both `zone` and `zones`
diag-zone-and-zones-help-data = a data asset lists the zones where it is held in `zones: [..]`; remove `zone`
diag-zone-and-zones-help = write the one zone it belongs to as `zone: <zone id>`; remove `zones`
diag-data-asset-zone = { $what } is a data asset: it is held in `zones` (a list), not `zone`
diag-data-asset-zone-help = write `zones: [{ $zone }]` (data may be held in several zones)
diag-asset-zones = { $what } is not a data asset: it belongs to exactly one `zone`, not `zones`
diag-asset-zones-help = write `zone: { $zone }`; only `kind: data` assets are held in several zones
diag-no-zones = { $what } lists no zones
diag-no-zones-help = name at least one zone where the data is held
diag-add-zones = add `zones: [<zone id>, …]`: the zones where the data is held
diag-add-zone = add `zone: <zone id>`: the zone it belongs to

## Scopes of measures.

diag-scope-no-kind = scope `{ $scope }` of { $what } does not name a kind
diag-scope-no-kind-help = write `zone:<id>`, `asset:<id>`, `flow:<id>`, `operation:<id>`, `party:<id>`, `department:<id>` or `factory`
diag-scope-unknown-kind = `{ $kind }` in scope `{ $scope }` of { $what } is not a kind of subject
diag-did-you-mean-scope = did you mean `{ $suggestion }`? kinds: { $kinds }, or `factory`
diag-scope-kinds = kinds: { $kinds }, or `factory`

## References.

diag-ambiguous-reference = `{ $text }` is both an asset id and a zone id
diag-ambiguous-reference-help = write `asset:{ $id }` or `zone:{ $id }`
diag-unresolved-reference = { $what } refers to { $target } `{ $id }`, which is not defined
diag-did-you-mean = did you mean `{ $suggestion }`?
diag-no-such-id = no { $target } has the id `{ $id }`; defined: { $list }
diag-not-a-data-asset = { $what } names `{ $id }`, a { $kind } asset; `data` lists data assets
diag-data-assets = data assets: { $list }
diag-role = role `{ $role }`
diag-no-role = no role
diag-not-a-boundary-device = { $what } names `{ $id }`, an asset with { $has }; `via` lists boundary devices
diag-not-a-boundary-device-help-none = `via` lists the boundary devices the flow passes: give `{ $id }` one of the roles { $roles } if it is one, or remove it from `via`
diag-not-a-boundary-device-help = boundary devices of this model: { $list }; or give `{ $id }` one of the roles { $roles } if it is one

## `kojo check`'s line for each model.

check-ok = { $path }: ok — factory `{ $name }`: { $zones }, { $assets } ({ $data } data), { $flows } ({ $automated } automated, { $control } control), { $departments }, { $parties }, { $operations }, { $measures }, { $checklists }
check-ok-decisions = , { $decisions }
check-ok-files = {" "}(from { $count } files)
check-zones = { $count ->
    [one] { $count } zone
   *[other] { $count } zones
}
check-assets = { $count ->
    [one] { $count } asset
   *[other] { $count } assets
}
check-flows = { $count ->
    [one] { $count } flow
   *[other] { $count } flows
}
check-departments = { $count ->
    [one] { $count } department
   *[other] { $count } departments
}
check-parties = { $count ->
    [one] { $count } party
   *[other] { $count } parties
}
check-operations = { $count ->
    [one] { $count } operation
   *[other] { $count } operations
}
check-measures = { $count ->
    [one] { $count } measure
   *[other] { $count } measures
}
check-checklists = { $count ->
    [one] { $count } supplier checklist
   *[other] { $count } supplier checklists
}
check-decisions = { $count ->
    [one] { $count } decision
   *[other] { $count } decisions
}
check-invalid = { $path }: invalid — { $errors }
check-invalid-warnings = { $path }: invalid — { $errors } and { $warnings }
check-errors = { $count ->
    [one] { $count } error
   *[other] { $count } errors
}
check-warnings = { $count ->
    [one] { $count } warning
   *[other] { $count } warnings
}
check-unreadable = { $path }: cannot be read

## The catalog's check of a model's references (kojo-catalog).

diag-or = { $first } or { $next }
diag-did-you-mean-any = did you mean { $list }?
diag-table = Table { $number }
diag-unknown-task = operation `{ $operation }` names task `{ $task }`, which is not a Table 3-2 task of the catalog
diag-known-tasks = known tasks: { $tasks }
diag-unknown-measure = measure `{ $measure }` is not in the catalog
diag-unknown-measure-help = `kojo catalog list --kind measure` lists the measures
diag-unknown-checklist = checklist kind `{ $kind }` has no checklist in the catalog
diag-checklist-none-fits = a party of kind `{ $kind }` calls for no checklist of Tables 3-10 to 3-12
diag-checklist-fits = a party of kind `{ $kind }` calls for { $fitting }
diag-checklist-kind-mismatch = party `{ $party }` is a { $kind } but is checked with the `{ $checklist }` checklist ({ $table })
diag-unknown-checklist-item = `{ $item }` is not an item of the `{ $kind }` checklist
diag-checklist-item-form = items are written `phase.name`, e.g. `{ $example }`
