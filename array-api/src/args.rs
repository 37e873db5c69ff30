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

/// A data type kind of the standard (`isdtype`'s and the inspection
/// `dtypes`' `kind` strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DTypeKind {
    /// `'bool'`.
    Bool,
    /// `'signed integer'`.
    SignedInteger,
    /// `'unsigned integer'`.
    UnsignedInteger,
    /// `'integral'`: signed and unsigned integers.
    Integral,
    /// `'real floating'`.
    RealFloating,
    /// `'complex floating'` (no dtype of this host belongs to it).
    ComplexFloating,
    /// `'numeric'`: integral, real floating and complex floating.
    Numeric,
}

impl DTypeKind {
    /// Every kind, in the standard's order.
    pub const ALL: [DTypeKind; 7] = [
        DTypeKind::Bool,
        DTypeKind::SignedInteger,
        DTypeKind::UnsignedInteger,
        DTypeKind::Integral,
        DTypeKind::RealFloating,
        DTypeKind::ComplexFloating,
        DTypeKind::Numeric,
    ];

    /// The standard's string for the kind.
    pub fn name(self) -> &'static str {
        match self {
            DTypeKind::Bool => "bool",
            DTypeKind::SignedInteger => "signed integer",
            DTypeKind::UnsignedInteger => "unsigned integer",
            DTypeKind::Integral => "integral",
            DTypeKind::RealFloating => "real floating",
            DTypeKind::ComplexFloating => "complex floating",
            DTypeKind::Numeric => "numeric",
        }
    }

    /// Whether `dtype` belongs to the kind, as the standard defines the
    /// kinds (`isdtype`): `'integral'` is short for `('signed integer',
    /// 'unsigned integer')` and `'numeric'` for `('integral', 'real
    /// floating', 'complex floating')`.
    pub fn contains(self, dtype: DType) -> bool {
        match self {
            DTypeKind::Bool => dtype.is_bool(),
            DTypeKind::SignedInteger => dtype.is_signed_integer(),
            DTypeKind::UnsignedInteger => dtype.is_unsigned_integer(),
            DTypeKind::Integral => {
                DTypeKind::SignedInteger.contains(dtype)
                    || DTypeKind::UnsignedInteger.contains(dtype)
            }
            DTypeKind::RealFloating => dtype.is_float(),
            DTypeKind::ComplexFloating => dtype.is_complex(),
            DTypeKind::Numeric => {
                DTypeKind::Integral.contains(dtype)
                    || DTypeKind::RealFloating.contains(dtype)
                    || DTypeKind::ComplexFloating.contains(dtype)
            }
        }
    }
}

/// One entry of `isdtype`'s `kind`: a dtype (equality) or a kind
/// (membership). A tuple of them is a slice: any entry may match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindArg {
    /// True for this dtype alone.
    DType(DType),
    /// True for the dtypes of this kind.
    Kind(DTypeKind),
}

impl KindArg {
    /// Whether `dtype` matches this entry.
    pub fn matches(self, dtype: DType) -> bool {
        match self {
            KindArg::DType(d) => d == dtype,
            KindArg::Kind(k) => k.contains(dtype),
        }
    }
}

/// The result of `finfo`: machine limits of a floating-point dtype.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FInfo {
    /// Bits the dtype occupies.
    pub bits: u32,
    /// The difference between 1.0 and the next larger representable number.
    pub eps: f64,
    /// The largest finite value.
    pub max: f64,
    /// The smallest (most negative) finite value.
    pub min: f64,
    /// The smallest positive normal value.
    pub smallest_normal: f64,
    /// The dtype described.
    pub dtype: DType,
}

/// The result of `iinfo`: the limits of an integer dtype (`i128` holds
/// every limit, `uint64`'s maximum included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IInfo {
    /// Bits the dtype occupies.
    pub bits: u32,
    /// The largest value.
    pub max: i128,
    /// The smallest value.
    pub min: i128,
    /// The dtype described.
    pub dtype: DType,
}

/// The result of the inspection `capabilities()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// `"boolean indexing"`: whether the library indexes by boolean masks.
    pub boolean_indexing: bool,
    /// `"data-dependent shapes"`: whether every function whose output
    /// shape depends on the values (`unique_*`, `nonzero`, `repeat` with an
    /// array) is supported.
    pub data_dependent_shapes: bool,
    /// `"max dimensions"`: the most dimensions an array may have, `None`
    /// for no limit.
    pub max_dimensions: Option<usize>,
}

/// The result of the inspection `default_dtypes()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DefaultDTypes {
    /// `"real floating"`.
    pub real_floating: DType,
    /// `"complex floating"`: `None` in a library without complex dtypes
    /// (this host has none).
    pub complex_floating: Option<DType>,
    /// `"integral"`.
    pub integral: DType,
    /// `"indexing"`: the dtype of array indices.
    pub indexing: DType,
}

/// The result of `linalg.slogdet`.
#[derive(Clone, Debug, PartialEq)]
pub struct SlogDet {
    /// The sign of each determinant (-1, 0 or 1), `x`'s dtype.
    pub sign: AnyArray,
    /// The natural logarithm of each determinant's absolute value.
    pub logabsdet: AnyArray,
}

/// The result of `linalg.svd`.
#[derive(Clone, Debug, PartialEq)]
pub struct Svd {
    /// The left singular vectors, as columns.
    pub u: AnyArray,
    /// The singular values, descending.
    pub s: AnyArray,
    /// The right singular vectors, as rows (`Vᵀ`).
    pub vh: AnyArray,
}

/// The result of `linalg.eigh`.
#[derive(Clone, Debug, PartialEq)]
pub struct Eigh {
    /// The eigenvalues of each matrix.
    pub eigenvalues: AnyArray,
    /// The eigenvectors, as the columns of each matrix.
    pub eigenvectors: AnyArray,
}

/// The result of `linalg.eig`: complex, of the input's precision.
#[derive(Clone, Debug, PartialEq)]
pub struct Eig {
    /// The eigenvalues of each matrix, in no particular order.
    pub eigenvalues: AnyArray,
    /// The eigenvectors, as the columns of each matrix, each paired with
    /// the eigenvalue of the same index.
    pub eigenvectors: AnyArray,
}
