//! The example host: the Array API host's dispatcher ([`dispatch`]), the
//! backends it ships ([`backends`]), the coverage table ([`coverage`]) and
//! its conformance command ([`command`]).
//!
//! The API table lives in `array-api`, the CPU reference in
//! `array-api-reference`, the published checks in `array-api-checks` and
//! the `parallel` backend in `parallel-backend`; this crate ties them
//! together and re-exports them under their old names.
#![warn(missing_docs, unreachable_pub)]
pub mod backends;
pub mod coverage;
pub mod dispatch;

pub use array_api::{api, args, fft, promotion, shape, special_cases};
pub use array_api::{ApiError, ApiResult, Backend, FunctionInfo, Ops, FUNCTIONS};
pub use array_api_checks as checks;
pub use array_api_reference as reference;

use conformance_engine::cli::Program;

/// How the host's command presents itself: its name and version, what it
/// does, how a failure is replayed, and the flag that skips the checks of
/// data-dependent output shapes.
pub fn program() -> Program {
    Program::new(
        "conformance",
        env!("CARGO_PKG_VERSION"),
        "Runs the example Array API host's published checks against one of its backends.",
    )
    .replay_prefix(REPLAY_PREFIX)
    .tag_flag(checks::DATA_DEPENDENT_SHAPE_FLAG)
}

/// How a printed replay command starts: the README's main-job command.
pub const REPLAY_PREFIX: &str = "cargo run --";

/// The host's conformance command: `main` of the root binary.
pub fn command() -> std::process::ExitCode {
    conformance_engine::cli::main(&program(), &checks::suite(), &dispatch::registry())
}
