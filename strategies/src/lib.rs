//! proptest strategies for the inputs of array functions (dtypes, shapes,
//! broadcastable shapes, values with the special values, memory layouts) over
//! ndarray, and the comparisons that decide whether two results agree.
//!
//! The crate knows nothing of any host or backend: it gives a host the
//! vocabulary ([`DType`], [`AnyArray`]) and the generators and comparators its
//! checks are built from.

pub mod array;
pub mod axes;
pub mod compare;
pub mod domain;
pub mod draw;
pub mod dtype;
pub mod index;
pub mod layout;
pub mod shape;
pub mod shrink;
pub mod special;
pub mod values;

pub use array::{AnyArray, ArrayElement};
pub use axes::{
    axis, axis_choice, keepdims, normalize_axis, permutation, reduction_axes,
    reduction_axes_choice, reshape_target, resolve_reshape, AxesChoice, AxisChoice,
};
pub use compare::{compare_arrays, CompareOptions, ErrorStats, Mismatch, Tolerance, Tolerances};
pub use domain::Domain;
pub use draw::{
    array, arrays, arrays_of, arrays_with_shapes, broadcast_arrays, ArraySpec, DrawnArray,
};
pub use dtype::{DType, DTypeGroup, Element};
pub use index::{index, index_args, indexed_shape, slice_arg, IndexArg, SliceArg};
pub use layout::{layouts, Layout};
pub use shape::{broadcast_shape, broadcastable_shapes, shapes, ShapeSpec};
pub use special::{specials_in, Special, SpecialSet};
pub use values::{elements, scalar, typed_elements, Drawable};
