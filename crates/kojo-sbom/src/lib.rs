//! kojo-sbom: SBOM ingest and advisory matching.
