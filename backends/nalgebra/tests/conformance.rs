//! The published checks on the nalgebra backend, one libtest test per
//! check:
//! `cargo test -p nalgebra-backend --test conformance -- --max-examples 1000 --seed 3 --strict-xfail --isolate`.
//! What nalgebra does not provide is an ignored (skipped) test.

conformance_engine::harness_main!(array_api_checks::suite(), nalgebra_backend::backend());
