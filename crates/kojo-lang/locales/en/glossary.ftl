## The glossary: one word per concept, used by every message through these terms.

-critical = critical
-high = high
-medium = medium
-low = low
-info = info
-severity = severity
-finding = finding
-zone = zone
-protected-object = protected object
-boundary-device = boundary device
-supplier-checklist = supplier checklist
-party = party
-importance = importance
-decision = decision
-requirement = requirement
# The OODA loop's third stage (Tables 3-7, 3-8), not a decision recorded in the model.
-ooda-decide = Decide

severity-critical = { -critical }
severity-high = { -high }
severity-medium = { -medium }
severity-low = { -low }
severity-info = { -info }
-conduit = conduit
# Who runs a service or zone the plant does not run itself (a cloud service, a vendor-managed zone).
-provider = provider
