//! proptest strategies for the inputs of array functions (dtypes, shapes,
//! broadcastable shapes, values with the special values, memory layouts) over
//! ndarray, and the comparisons that decide whether two results agree.
//!
//! The crate knows nothing of any host or backend: it gives a host the
//! vocabulary ([`DType`], [`AnyArray`]) and the generators and comparators its
//! checks are built from.
//!
//! # What a check draws
//!
//! - dtypes: [`dtypes`] over a [`DTypeGroup`];
//! - shapes: [`shapes`] within a [`ShapeSpec`] (0-d, empty and size-1 sides
//!   included), [`broadcastable_shapes`], [`broadcast_shape`];
//! - axes and other arguments: [`axis`], [`reduction_axes`], [`keepdims`],
//!   [`reshape_target`], [`permutation`], [`index_args`], [`slice_arg`], and
//!   the ndim-free [`axis_choice`] / [`reduction_axes_choice`];
//! - values: a [`Domain`] (any, finite, positive, non-zero, within, integer
//!   valued, with ties), integer operands over the whole range fitted so
//!   that a function's exact result fits ([`IntRule`]), and the element
//!   strategies [`elements`],
//!   [`typed_elements`], [`scalar`]; every special value (NaN, ±0, ±inf,
//!   subnormals, extremes, rounding boundaries, integer limits; see
//!   [`Special`]) is met in a 100-example run;
//! - arrays: [`array()`], [`arrays`], [`arrays_of`], [`arrays_with_shapes`],
//!   [`broadcast_arrays`], giving [`DrawnArray`]s in a [`Layout`] (C,
//!   Fortran, transposed, strided, negative-stride);
//! - the plan: when the engine's example hook is [`strata::example_hook`],
//!   the first [`strata::PRELUDE`] examples of every check walk the rare
//!   triggers (NaN in each operand and in all at once, signed zeros,
//!   infinities, ties, empty and size-1 arrays, every dtype) and every
//!   value of each keyword drawn with [`strata::flag`], [`strata::one_of`]
//!   or [`keepdims`]; see [`strata`].
//!
//! A failing input shrinks as a whole toward fewer dimensions, smaller
//! sides, the first dtype of the group, C layout and simpler values (0, 1,
//! then the special value that matters); see [`shrink`].
//!
//! # Labelled inputs
//!
//! A counterexample must say which argument is which. The chosen design is
//! a typed struct declared with [`labelled!`], whose `Debug` prints one
//! `name: value` line per field: the check keeps typed fields, the report
//! gets the names. [`Labelled`] names a single value and [`Args`] is a
//! dynamically typed list for code that builds arguments at run time.
//! Arguments that depend on the array's `ndim` use [`AxisChoice`] /
//! [`AxesChoice`], resolved in `prop_map`, so that the whole input still
//! shrinks without `prop_flat_map`:
//!
//! ```
//! use conformance_strategies::{
//!     arrays, keepdims, labelled, reduction_axes_choice, DTypeGroup, Domain, DrawnArray,
//!     ShapeSpec,
//! };
//! use proptest::strategy::{Strategy, ValueTree};
//! use proptest::test_runner::TestRunner;
//!
//! labelled! {
//!     #[derive(Clone)]
//!     pub struct SumInput {
//!         pub x: DrawnArray,
//!         pub axis: Option<Vec<isize>>,
//!         pub keepdims: bool,
//!     }
//! }
//!
//! let input = (
//!     arrays(DTypeGroup::Floating, ShapeSpec::default(), Domain::finite()),
//!     reduction_axes_choice(),
//!     keepdims(),
//! )
//!     .prop_map(|(x, axes, keepdims)| {
//!         let axis = axes.resolve(x.ndim());
//!         SumInput { x, axis, keepdims }
//!     });
//!
//! let mut runner = TestRunner::deterministic();
//! let drawn = input.new_tree(&mut runner).unwrap().current();
//! let text = format!("{drawn:#?}");
//! assert!(text.starts_with("x: float"));
//! assert_eq!(text.lines().count(), 3);
//! assert!(text.lines().nth(1).unwrap().starts_with("axis: "));
//! ```
//!
//! # Comparing results
//!
//! [`compare_arrays`] checks dtype, shape, NaN positions, infinities, the
//! sign of zero when asked, and values within a [`Tolerance`] (taken from
//! the per-dtype, per-function [`Tolerances`]); it returns the worst
//! [`ErrorStats`] of a pass or a [`Mismatch`] naming the first differing
//! index:
//!
//! ```
//! use conformance_strategies::{compare_arrays, AnyArray, CompareOptions, DType, Tolerances};
//! let expected = AnyArray::from(ndarray::arr1(&[1.0f32, f32::NAN]).into_dyn());
//! let actual = AnyArray::from(ndarray::arr1(&[1.0f32, 0.0]).into_dyn());
//! let options = CompareOptions::for_dtype(&Tolerances::default(), DType::Float32);
//! let err = compare_arrays(&expected, &actual, &options).unwrap_err();
//! assert_eq!(err.to_string(), "NaN position differs at index [1]: expected NaN, got +0.0");
//! ```
//!
//! Two options make a comparison as sharp as the problem allows:
//!
//! - the sign of zero is compared where a result's zero has a defined sign
//!   ([`CompareOptions::with_zero_sign`]), and left open element by element
//!   where it has none ([`CompareOptions::with_zero_sign_except`]: the
//!   array API's `maximum(-0.0, +0.0)` may be either zero);
//! - a per-element scale ([`CompareOptions::with_scale`]) makes the
//!   tolerance follow the conditioning of the computation rather than the
//!   size of the result: `atol + rtol * scale[i]` with `rtol` the unit
//!   roundoff and `scale[i]` an error bound in units of it. A sum is
//!   scaled by the sum of `|x|` (a reordered sum passes, a dropped term
//!   does not); the example host's `var` by the error bound of a two-pass
//!   variance, which grows with the mean when the spread is small, so a
//!   one-pass `mean(x²) - mean(x)²` fails where it loses its digits (the
//!   model and its reasons are in the host's `statistical` checks). Such a
//!   bound is computed in float64 from the inputs, so it does not underflow
//!   with float32 data, and it includes an absolute floor of a few
//!   subnormals where the result can underflow.
#![warn(missing_docs, unreachable_pub)]

pub mod args;
pub mod array;
pub mod axes;
pub mod compare;
pub mod domain;
pub mod draw;
pub mod dtype;
pub mod fits;
pub mod index;
pub mod layout;
pub mod shape;
pub mod shrink;
pub mod special;
pub mod strata;
pub mod values;

pub use args::{Args, Labelled};
pub use array::{AnyArray, ArrayElement};
pub use axes::{
    axis, axis_choice, keepdims, normalize_axis, permutation, reduction_axes,
    reduction_axes_choice, reshape_target, resolve_reshape, AxesChoice, AxisChoice,
};
pub use compare::{
    compare_arrays, compare_arrays_refereed, ulp_distance_f32, ulp_distance_f64, CompareOptions,
    ErrorStats, Mismatch, Referee, ScalarValue, SecondOpinion, Tolerance, Tolerances,
};
pub use domain::Domain;
pub use draw::{
    array, arrays, arrays_of, arrays_with_shapes, broadcast_arrays, ArraySpec, DrawnArray,
};
pub use dtype::{dtypes, DType, DTypeGroup, Element};
pub use fits::IntRule;
pub use index::{index, index_args, indexed_shape, slice_arg, IndexArg, SliceArg};
pub use layout::{layouts, Layout};
/// The complex element type of `complex64` (`Complex<f32>`) and
/// `complex128` (`Complex<f64>`), re-exported so every crate names one.
pub use num_complex::{self, Complex};
pub use shape::{
    broadcast_shape, broadcastable_shapes, shapes, side, ShapeSpec, SizeClass, SizeMix,
};
pub use special::{specials_in, Special, SpecialSet};
pub use values::{elements, scalar, typed_elements, Drawable};
