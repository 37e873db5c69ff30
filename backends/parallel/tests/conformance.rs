//! The published checks on this backend, one libtest test per check, through
//! the same harness a third-party backend uses:
//! `cargo test -p parallel-backend --test conformance -- --max-examples 1000 --seed 3`.
//! What the backend does not implement is an ignored (skipped) test.

conformance_engine::harness_main!(array_api_checks::suite(), parallel_backend::backend());
