//! The published checks on the ndarray backend, one libtest test per check:
//! `cargo test -p ndarray-backend --test conformance -- --max-examples 1000 --seed 3 --strict-xfail --isolate`.
//! What the backend does not wire is an ignored (skipped) test.
//!
//! Always isolated: ndarray's `tril`/`triu` overflow the stack on some
//! Fortran-layout inputs, which ends the process, so a run without
//! `--isolate` (`cargo test --workspace`) starts this target again with it,
//! and each check runs in a child process.

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let settled = args.iter().any(|a| {
        a == "--isolate" || a == "--isolated-child" || a == "--list" || a == "--help" || a == "-h"
    });
    if settled {
        return conformance_engine::harness::run(
            array_api_checks::suite(),
            ndarray_backend::backend(),
            &conformance_engine::harness_replay_prefix!(),
        );
    }
    let status = std::env::current_exe()
        .and_then(|exe| Command::new(exe).args(&args).arg("--isolate").status());
    match status.map(|s| s.code()) {
        Ok(Some(0)) => ExitCode::SUCCESS,
        Ok(Some(code)) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Ok(None) | Err(_) => ExitCode::FAILURE,
    }
}
