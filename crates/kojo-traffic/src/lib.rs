//! kojo-traffic: Captures and flow logs held against the zone model.
