//! The host's published checks as one libtest test per check:
//! `cargo test -p backend-example --test conformance -- -k sqrt --seed 7`
//! (`-- --help` lists the flags), or `cargo nextest run -p backend-example`,
//! where the checks of the functions this backend lacks are skipped.

conformance_engine::harness_main!(array_api_checks::suite(), backend_example::backend());
