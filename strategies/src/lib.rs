//! proptest strategies for the inputs of array functions (dtypes, shapes,
//! broadcastable shapes, values with the special values, memory layouts) over
//! ndarray, and the comparisons that decide whether two results agree.
//!
//! The crate knows nothing of any host or backend: it gives a host the
//! vocabulary ([`DType`], [`AnyArray`]) and the generators and comparators its
//! checks are built from.

pub mod array;
pub mod domain;
pub mod dtype;

pub use array::{AnyArray, ArrayElement};
pub use domain::Domain;
pub use dtype::{DType, DTypeGroup, Element};
