//! The published checks on the ndarray backend, one libtest test per check:
//! `cargo test -p ndarray-backend --test conformance -- --max-examples 1000 --seed 3 --strict-xfail --isolate`.
//! What the backend does not wire is an ignored (skipped) test. `--isolate`
//! because ndarray's `tril`/`triu` can overflow the stack, which ends the
//! process.

conformance_engine::harness_main!(array_api_checks::suite(), ndarray_backend::backend());
