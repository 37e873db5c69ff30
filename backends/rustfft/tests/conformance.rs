//! The published checks on the rustfft backend, one libtest test per check:
//! `cargo test -p rustfft-backend --test conformance -- --max-examples 1000 --seed 3 --strict-xfail`.
//! What the backend does not provide (everything outside the ten
//! transforms, and `asarray`) is an ignored (skipped) test.

conformance_engine::harness_main!(array_api_checks::suite(), rustfft_backend::backend());
