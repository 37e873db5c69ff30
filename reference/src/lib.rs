//! The CPU reference (`cpu`): what each function means, over ndarray.
//!
//! Each submodule owns one group of the standard and says which functions
//! it provides through its own `ops()`; [`ops`] overlays them.
//!
//! The standard's rules are not restated here: the API table, promotion,
//! broadcasting and axes, which dtypes each elementwise function takes, and
//! the float definitions with one right answer (Python's floor division and
//! remainder, `maximum`, `minimum`, `sign`, `nextafter`) are `array_api`'s,
//! shared with every backend. What this crate owns is how each function is
//! computed: plain sequential code, the oracle a backend is compared with.
//! A backend keeps its own kernels even where they read like these (a
//! kernel copied from the oracle would be the oracle checked against
//! itself), so the `parallel` backend's tables repeat rows like
//! `|v| v.sin()` on purpose.
#![warn(missing_docs, unreachable_pub)]

mod creation;
mod creation_like;
mod data_type;
mod data_type_info;
mod eig;
mod elements;
mod elementwise;
mod fft;
mod fft_kernel;
mod indexing;
mod inspection;
mod linalg_decompositions;
mod linalg_extension;
mod linear_algebra;
mod manipulation;
pub mod precise;
mod score;
mod searching;
mod set;
mod sorting;
mod statistical;
mod utility;

use array_api::api::{Backend, Ops};

/// The functions the reference provides.
pub fn ops() -> Ops {
    Ops::NONE
        .overlay(elementwise::ops())
        .overlay(creation::ops())
        .overlay(data_type::ops())
        .overlay(statistical::ops())
        .overlay(searching::ops())
        .overlay(sorting::ops())
        .overlay(set::ops())
        .overlay(manipulation::ops())
        .overlay(linear_algebra::ops())
        .overlay(utility::ops())
        .overlay(linalg_extension::ops())
        .overlay(score::ops())
        .overlay(creation_like::ops())
        .overlay(data_type_info::ops())
        .overlay(indexing::ops())
        .overlay(inspection::ops())
        .overlay(linalg_decompositions::ops())
        .overlay(eig::ops())
        .overlay(fft::ops())
}

/// The reference as a backend named `cpu`.
pub fn backend() -> Backend {
    Backend::new("cpu", ops())
}
