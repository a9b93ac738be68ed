//! kojo-assess: The guideline's three steps as analysis rules.
