//! The published checks on the libm backend, one libtest test per check:
//! `cargo test -p libm-backend --test conformance -- --max-examples 1000 --seed 3 --xfails-file backends/libm/xfails.txt --strict-xfail`.
//! What libm does not provide is an ignored (skipped) test.

conformance_engine::harness_main!(array_api_checks::suite(), libm_backend::backend());
