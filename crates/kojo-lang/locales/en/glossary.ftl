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

severity-critical = { -critical }
severity-high = { -high }
severity-medium = { -medium }
severity-low = { -low }
severity-info = { -info }
