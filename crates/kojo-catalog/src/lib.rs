//! kojo-catalog: The guideline as data: threats, measures, checklists, tables.
