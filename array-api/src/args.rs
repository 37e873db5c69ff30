//! The keyword arguments and multi-array results of the Array API
//! functions, as plain values a check can draw and print.

use conformance_strategies::{AnyArray, DType};

/// `axis` and `keepdims` of a reduction (`sum`, `max`, `all`, ...).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Reduce {
    /// `None` reduces over every axis; negative axes count from the end.
    pub axes: Option<Vec<isize>>,
    pub keepdims: bool,
}

/// `axis`, `descending` and `stable` of `sort` and `argsort`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortArgs {
    pub axis: isize,
    pub descending: bool,
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
    Left,
    Right,
}

/// `axes` of `tensordot`: a count of trailing/leading axes, or explicit pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TensordotAxes {
    Count(usize),
    Pairs(Vec<isize>, Vec<isize>),
}

/// `mode` of `linalg.qr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrMode {
    Reduced,
    Complete,
}

/// `ord` of `linalg.matrix_norm`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MatrixNormOrd {
    Frobenius,
    Nuclear,
    /// 1, -1, 2, -2, +inf, -inf.
    Order(f64),
}

/// `indexing` of `meshgrid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indexing {
    Xy,
    Ij,
}

/// A Python-like scalar for creation functions (`full`'s fill value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
}

/// The result of `unique_counts`.
#[derive(Clone, Debug, PartialEq)]
pub struct UniqueCounts {
    pub values: AnyArray,
    pub counts: AnyArray,
}

/// The result of `unique_inverse`.
#[derive(Clone, Debug, PartialEq)]
pub struct UniqueInverse {
    pub values: AnyArray,
    pub inverse_indices: AnyArray,
}

/// The result of `unique_all`.
#[derive(Clone, Debug, PartialEq)]
pub struct UniqueAll {
    pub values: AnyArray,
    pub indices: AnyArray,
    pub inverse_indices: AnyArray,
    pub counts: AnyArray,
}

/// The result of `linalg.qr`.
#[derive(Clone, Debug, PartialEq)]
pub struct Qr {
    pub q: AnyArray,
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
