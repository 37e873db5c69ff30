//! The example host: Array API semantics over ndarray.
pub mod api;
pub mod args;
pub mod backends;
pub mod checks;
pub mod coverage;
pub mod dispatch;
pub mod reference;
pub mod special_cases;

pub use api::{ApiError, ApiResult, Backend, FunctionInfo, Ops, FUNCTIONS};

/// The host's conformance command: `main` of the root binary.
pub fn command() -> std::process::ExitCode {
    conformance_engine::cli::main(&checks::suite(), &dispatch::registry())
}
