//! The CPU reference (`cpu`): what each function means, over ndarray.
//!
//! Each submodule owns one group of the standard and says which functions
//! it provides through its own `ops()`; [`ops`] overlays them.

pub mod creation;
pub mod data_type;
pub mod elementwise;
mod kernels;
pub mod linalg;
pub mod linear_algebra;
pub mod manipulation;
pub mod score;
pub mod searching;
pub mod set;
pub mod sorting;
pub mod statistical;
pub mod utility;

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
        .overlay(linalg::ops())
        .overlay(score::ops())
}

/// The reference as a backend named `cpu`.
pub fn backend() -> Backend {
    Backend::new("cpu", ops())
}
