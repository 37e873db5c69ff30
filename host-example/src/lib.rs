//! The example host: Array API semantics over ndarray.
pub mod api;
pub mod args;
pub mod backends;
pub mod dispatch;
pub mod reference;
pub mod special_cases;

pub use api::{ApiError, ApiResult, Backend, FunctionInfo, Ops, FUNCTIONS};
