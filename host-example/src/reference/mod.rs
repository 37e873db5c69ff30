//! The CPU reference (`cpu`): what each function means, over ndarray.
//!
//! Each submodule owns one group of the standard and says which functions
//! it provides through its own `ops()`; [`ops`] overlays them.

pub mod promotion;
pub mod shape;

use crate::api::Ops;

/// The functions the reference provides.
pub fn ops() -> Ops {
    Ops::NONE
}
