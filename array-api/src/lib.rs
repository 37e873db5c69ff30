//! The Array API as this host defines it: the table of functions a backend
//! may provide ([`api`]: `Ops`, `Backend`), their argument types ([`args`]),
//! and the standard's own rules and data: type promotion ([`promotion`]),
//! broadcasting and axes ([`shape`]), the dtypes each elementwise function
//! takes and how a binary function's operands meet ([`elementwise`]), the
//! special cases ([`special_cases`], parsed from `spec/special_cases.tsv`)
//! and the float arithmetic the standard defines and Rust's std lacks
//! ([`float`]: Python's floor division and remainder, NaN-propagating
//! `maximum`/`minimum`, `sign`, `nextafter`) and the complex arithmetic of
//! the elementwise functions ([`complex`], [`complex_elementary`]), and the
//! fft extension's sizes, norms and dtypes ([`fft`]).
//!
//! This crate implements no array function: the CPU reference lives in
//! `array-api-reference`, the published checks in `array-api-checks`.
#![warn(missing_docs, unreachable_pub)]

pub mod api;
pub mod args;
pub mod complex;
pub mod complex_elementary;
pub mod elementwise;
pub mod fft;
pub mod float;
pub mod promotion;
pub mod shape;
pub mod special_cases;

pub use api::{group_of, ApiError, ApiResult, Backend, FunctionInfo, Ops, FUNCTIONS};

/// The standard's data, bundled at build time (see `spec/README.md`).
pub mod spec {
    /// Every function of the standard: group, name, qualified name.
    pub const FUNCTIONS_TSV: &str = include_str!("../spec/functions.tsv");
}
