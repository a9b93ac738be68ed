//! kojo-synth: Generated factory models for benchmarks and tests.
