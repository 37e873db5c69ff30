//! The example host: Array API semantics over ndarray.
pub mod api;
pub mod args;
pub mod reference;

pub use api::{ApiError, ApiResult, Backend, FunctionInfo, Ops, FUNCTIONS};
