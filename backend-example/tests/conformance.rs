//! The host's published checks as one libtest test each:
//! `cargo test -p backend-example --test conformance -- --max-examples 500 --seed 7`,
//! or `cargo nextest run -p backend-example`.

conformance_engine::harness_main!(array_api_checks::suite(), backend_example::backend());
