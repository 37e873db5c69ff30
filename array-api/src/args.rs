//! The keyword arguments and multi-array results of the Array API
//! functions, as plain values a check can draw and print.

use conformance_strategies::{AnyArray, DType};

/// `axis` and `keepdims` of a reduction (`sum`, `max`, `all`, ...).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Reduce {
    /// `None` reduces over every axis; negative axes count from the end.
    pub axes: Option<Vec<isize>>,
    /// Whether the reduced axes stay in the result with size 1.
    pub keepdims: bool,
}

/// `axis`, `descending` and `stable` of `sort` and `argsort`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortArgs {
    /// The axis to sort along; negative counts from the end (default -1).
    pub axis: isize,
    /// Largest first (NaN then sorts first as well).
    pub descending: bool,
    /// Equal elements keep their relative order.
    pub stable: bool,
}

impl Default for SortArgs {
    fn default() -> Self {
        SortArgs {
            axis: -1,
            descending: false,
            stable: true,
        }
    }
}

/// `side` of `searchsorted`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The first position where the value could be inserted.
    Left,
    /// The last position where the value could be inserted.
    Right,
}

/// `axes` of `tensordot`: a count of trailing/leading axes, or explicit pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TensordotAxes {
    /// Contract the last `n` axes of `x1` with the first `n` of `x2`.
    Count(usize),
    /// Contract `x1`'s axes (first list) with `x2`'s (second), pairwise.
    Pairs(Vec<isize>, Vec<isize>),
}

/// `mode` of `linalg.qr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrMode {
    /// `Q` is `M x K` and `R` is `K x N`, with `K = min(M, N)`.
    Reduced,
    /// `Q` is `M x M` and `R` is `M x N`.
    Complete,
}

/// `ord` of `linalg.matrix_norm`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MatrixNormOrd {
    /// `'fro'`: the square root of the sum of the squared entries.
    Frobenius,
    /// `'nuc'`: the sum of the singular values.
    Nuclear,
    /// 1, -1, 2, -2, +inf, -inf.
    Order(f64),
}

/// `indexing` of `meshgrid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indexing {
    /// Cartesian: the first two output axes are swapped.
    Xy,
    /// Matrix: output axis `i` follows input `i`.
    Ij,
}

/// A Python-like scalar for creation functions (`full`'s fill value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    /// A Python `bool`.
    Bool(bool),
    /// A Python `int`: every value of `int64` and of `uint64` (up to
    /// 2^64 - 1), and beyond, so that an out-of-range fill can be refused.
    Int(i128),
    /// A Python `float`.
    Float(f64),
}

/// The result of `unique_counts`.
#[derive(Clone, Debug, PartialEq)]
pub struct UniqueCounts {
    /// The distinct values.
    pub values: AnyArray,
    /// How often each occurs in the input.
    pub counts: AnyArray,
}

/// The result of `unique_inverse`.
#[derive(Clone, Debug, PartialEq)]
pub struct UniqueInverse {
    /// The distinct values.
    pub values: AnyArray,
    /// For each input element, its value's index in `values` (input's shape).
    pub inverse_indices: AnyArray,
}

/// The result of `unique_all`.
#[derive(Clone, Debug, PartialEq)]
pub struct UniqueAll {
    /// The distinct values.
    pub values: AnyArray,
    /// For each value, the flat index of its first occurrence in the input.
    pub indices: AnyArray,
    /// For each input element, its value's index in `values` (input's shape).
    pub inverse_indices: AnyArray,
    /// How often each value occurs in the input.
    pub counts: AnyArray,
}

/// The result of `linalg.qr`.
#[derive(Clone, Debug, PartialEq)]
pub struct Qr {
    /// The factor with orthonormal columns.
    pub q: AnyArray,
    /// The upper-triangular factor.
    pub r: AnyArray,
}

/// How `compute_score` scores each row of its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreMethod {
    /// Mean of each row.
    Mean,
    /// Mean of each row after centring every column on its mean (z-like).
    Centered,
    /// Root mean square of each row.
    Rms,
}

/// A data type argument, for creation functions and `astype`.
pub type DTypeArg = DType;
