//! The host's array API, written once: every function a backend may provide,
//! with its typed signature. From this one table the `array_api!` macro
//! makes the [`Ops`] table of optional function pointers, the [`Backend`]
//! methods that call them (or return [`ApiError::NotImplemented`]), and the
//! list of [`FUNCTIONS`] with their groups.

use std::sync::Arc;

use conformance_engine::BackendUnderTest;
use conformance_strategies::{AnyArray, DType};
use thiserror::Error;

use crate::args::*;
use crate::fft::FftNorm;

/// Why an array function returned no value.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ApiError {
    /// The backend does not provide the function.
    #[error("`{function}` is not implemented by this backend")]
    NotImplemented {
        /// The function's standard name.
        function: &'static str,
    },
    /// The backend provides the function, but not for this dtype (a
    /// real-only library has no complex half): the checks leave such an
    /// example out and check the function on the dtypes it does implement.
    #[error("`{function}` is not implemented for {dtype} by this backend")]
    NotImplementedFor {
        /// The function's standard name.
        function: &'static str,
        /// The dtype the backend does not implement it for.
        dtype: DType,
    },
    /// The arguments are outside what the function accepts (the Python
    /// libraries raise `ValueError`/`TypeError` here).
    #[error("invalid argument to `{function}`: {problem}")]
    InvalidArgument {
        /// The function's standard name.
        function: &'static str,
        /// What is wrong with the arguments.
        problem: String,
    },
}

impl ApiError {
    /// An [`ApiError::InvalidArgument`] of `function`.
    pub fn invalid(function: &'static str, problem: impl Into<String>) -> ApiError {
        ApiError::InvalidArgument {
            function,
            problem: problem.into(),
        }
    }
}

/// What every API function returns.
pub type ApiResult<T> = Result<T, ApiError>;

/// One function of the API: its standard name and its group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunctionInfo {
    /// The standard's name (`where`, `cholesky`).
    pub name: &'static str,
    /// The group in the table (`elementwise`, `linalg`, ...).
    pub group: &'static str,
}

/// The Rust name of a function is its standard name, with a trailing `_`
/// where the name is a Rust keyword (`where_`).
const fn standard_name(rust_name: &'static str) -> &'static str {
    match rust_name.as_bytes() {
        b"where_" => "where",
        _ => rust_name,
    }
}

macro_rules! array_api {
    ($(
        $group:ident {
            $( $(#[$doc:meta])* fn $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty; )*
        }
    )*) => {
        /// A backend's functions: `Some` for each one it provides, as a
        /// shared closure, so a function may own state (a device handle, a
        /// thread pool, a cache). Start from [`Ops::NONE`] and add the ones
        /// you have with the builder method of the same name
        /// (`Ops::NONE.sqrt(|x| ...)`).
        #[derive(Clone)]
        pub struct Ops {
            $($(
                $(#[$doc])*
                #[doc = concat!("The standard's `", stringify!($name), "`, if provided.")]
                pub $name: Option<Arc<dyn Fn($($ty),*) -> ApiResult<$ret> + Send + Sync>>,
            )*)*
        }

        impl Ops {
            /// No function at all.
            pub const NONE: Ops = Ops { $($( $name: None, )*)* };

            $($(
                #[doc = concat!("`self` providing `", stringify!($name), "` as `f`.")]
                // The builder is named after the function (`add`, `negative`),
                // not after std's operator traits.
                #[allow(clippy::should_implement_trait)]
                pub fn $name(mut self, f: impl Fn($($ty),*) -> ApiResult<$ret> + Send + Sync + 'static) -> Ops {
                    self.$name = Some(Arc::new(f));
                    self
                }
            )*)*

            /// Whether the function with this standard name is provided.
            pub fn implements(&self, function: &str) -> bool {
                match function {
                    $($( n if n == standard_name(stringify!($name)) => self.$name.is_some(), )*)*
                    _ => false,
                }
            }

            /// The standard names of the functions provided, in table order.
            pub fn implemented(&self) -> Vec<&'static str> {
                FUNCTIONS.iter().map(|f| f.name).filter(|n| self.implements(n)).collect()
            }

            /// Only the functions for which `keep(name, group)` holds.
            pub fn filter(self, keep: impl Fn(&str, &str) -> bool) -> Ops {
                Ops { $($( $name: if keep(standard_name(stringify!($name)), stringify!($group)) { self.$name } else { None }, )*)* }
            }

            /// `self` with every function `over` provides replaced by `over`'s.
            pub fn overlay(self, over: Ops) -> Ops {
                Ops { $($( $name: over.$name.or(self.$name), )*)* }
            }

            /// `self` with every function it provides raising
            /// [`ApiError::InvalidArgument`] instead: a backend that fails
            /// every check whose reference returns a value, so a test can
            /// see what each check reports (its counterexample).
            pub fn raising(self) -> Ops {
                Ops { $($( $name: self.$name.map(|_| -> Arc<dyn Fn($($ty),*) -> ApiResult<$ret> + Send + Sync> {
                    Arc::new(|$($arg: $ty),*| {
                        let _ = ($($arg,)*);
                        Err(ApiError::invalid(standard_name(stringify!($name)), "raised on purpose"))
                    })
                }), )*)* }
            }
        }

        /// Every function of the API, in table order.
        pub const FUNCTIONS: &[FunctionInfo] = &[
            $($( FunctionInfo { name: standard_name(stringify!($name)), group: stringify!($group) }, )*)*
        ];

        impl Backend {
            $($(
                $(#[$doc])*
                #[doc = concat!("Calls the backend's `", stringify!($name), "`, or says it is not implemented.")]
                pub fn $name(&self, $($arg: $ty),*) -> ApiResult<$ret> {
                    match &self.ops.$name {
                        Some(f) => f($($arg),*),
                        None => Err(ApiError::NotImplemented { function: standard_name(stringify!($name)) }),
                    }
                }
            )*)*
        }
    };
}

array_api! {
    elementwise {
        fn abs(x: &AnyArray) -> AnyArray;
        fn acos(x: &AnyArray) -> AnyArray;
        fn acosh(x: &AnyArray) -> AnyArray;
        fn add(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn asin(x: &AnyArray) -> AnyArray;
        fn asinh(x: &AnyArray) -> AnyArray;
        fn atan(x: &AnyArray) -> AnyArray;
        fn atan2(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn atanh(x: &AnyArray) -> AnyArray;
        fn bitwise_and(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn bitwise_invert(x: &AnyArray) -> AnyArray;
        fn bitwise_left_shift(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn bitwise_or(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn bitwise_right_shift(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn bitwise_xor(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn ceil(x: &AnyArray) -> AnyArray;
        /// `min` and `max` are arrays of `x`'s dtype, broadcast against `x`.
        fn clip(x: &AnyArray, min: Option<&AnyArray>, max: Option<&AnyArray>) -> AnyArray;
        fn conj(x: &AnyArray) -> AnyArray;
        fn copysign(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn cos(x: &AnyArray) -> AnyArray;
        fn cosh(x: &AnyArray) -> AnyArray;
        fn divide(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn equal(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn exp(x: &AnyArray) -> AnyArray;
        fn expm1(x: &AnyArray) -> AnyArray;
        fn floor(x: &AnyArray) -> AnyArray;
        fn floor_divide(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn greater(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn greater_equal(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn hypot(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn imag(x: &AnyArray) -> AnyArray;
        fn isfinite(x: &AnyArray) -> AnyArray;
        fn isinf(x: &AnyArray) -> AnyArray;
        fn isnan(x: &AnyArray) -> AnyArray;
        fn less(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn less_equal(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn log(x: &AnyArray) -> AnyArray;
        fn log1p(x: &AnyArray) -> AnyArray;
        fn log2(x: &AnyArray) -> AnyArray;
        fn log10(x: &AnyArray) -> AnyArray;
        fn logaddexp(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn logical_and(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn logical_not(x: &AnyArray) -> AnyArray;
        fn logical_or(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn logical_xor(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn maximum(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn minimum(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn multiply(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn negative(x: &AnyArray) -> AnyArray;
        fn nextafter(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn not_equal(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn positive(x: &AnyArray) -> AnyArray;
        fn pow(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn real(x: &AnyArray) -> AnyArray;
        fn reciprocal(x: &AnyArray) -> AnyArray;
        fn remainder(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn round(x: &AnyArray) -> AnyArray;
        fn sign(x: &AnyArray) -> AnyArray;
        fn signbit(x: &AnyArray) -> AnyArray;
        fn sin(x: &AnyArray) -> AnyArray;
        fn sinh(x: &AnyArray) -> AnyArray;
        fn sqrt(x: &AnyArray) -> AnyArray;
        fn square(x: &AnyArray) -> AnyArray;
        fn subtract(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn tan(x: &AnyArray) -> AnyArray;
        fn tanh(x: &AnyArray) -> AnyArray;
        fn trunc(x: &AnyArray) -> AnyArray;
    }
    statistical {
        fn cumulative_prod(x: &AnyArray, axis: Option<isize>, include_initial: bool) -> AnyArray;
        fn cumulative_sum(x: &AnyArray, axis: Option<isize>, include_initial: bool) -> AnyArray;
        fn max(x: &AnyArray, args: &Reduce) -> AnyArray;
        fn mean(x: &AnyArray, args: &Reduce) -> AnyArray;
        fn min(x: &AnyArray, args: &Reduce) -> AnyArray;
        fn prod(x: &AnyArray, args: &Reduce) -> AnyArray;
        fn std(x: &AnyArray, args: &Reduce, correction: f64) -> AnyArray;
        fn sum(x: &AnyArray, args: &Reduce) -> AnyArray;
        fn var(x: &AnyArray, args: &Reduce, correction: f64) -> AnyArray;
    }
    searching {
        fn argmax(x: &AnyArray, axis: Option<isize>, keepdims: bool) -> AnyArray;
        fn argmin(x: &AnyArray, axis: Option<isize>, keepdims: bool) -> AnyArray;
        fn count_nonzero(x: &AnyArray, args: &Reduce) -> AnyArray;
        fn nonzero(x: &AnyArray) -> Vec<AnyArray>;
        fn searchsorted(x1: &AnyArray, x2: &AnyArray, side: Side) -> AnyArray;
        fn where_(condition: &AnyArray, x1: &AnyArray, x2: &AnyArray) -> AnyArray;
    }
    sorting {
        fn argsort(x: &AnyArray, args: &SortArgs) -> AnyArray;
        fn sort(x: &AnyArray, args: &SortArgs) -> AnyArray;
    }
    manipulation {
        fn broadcast_arrays(arrays: &[AnyArray]) -> Vec<AnyArray>;
        /// The standard's `None` sides (unknown sizes, for graph libraries) are
        /// not part of this host: its arrays have known shapes.
        fn broadcast_shapes(shapes: &[Vec<usize>]) -> Vec<usize>;
        fn broadcast_to(x: &AnyArray, shape: &[usize]) -> AnyArray;
        fn concat(arrays: &[AnyArray], axis: Option<isize>) -> AnyArray;
        fn expand_dims(x: &AnyArray, axis: isize) -> AnyArray;
        fn flip(x: &AnyArray, axes: Option<&[isize]>) -> AnyArray;
        fn moveaxis(x: &AnyArray, source: &[isize], destination: &[isize]) -> AnyArray;
        fn permute_dims(x: &AnyArray, axes: &[usize]) -> AnyArray;
        /// `repeats` of length 1 repeats every element that many times.
        fn repeat(x: &AnyArray, repeats: &[usize], axis: Option<isize>) -> AnyArray;
        /// One entry of `shape` may be -1.
        fn reshape(x: &AnyArray, shape: &[isize]) -> AnyArray;
        fn roll(x: &AnyArray, shift: &[isize], axes: Option<&[isize]>) -> AnyArray;
        fn squeeze(x: &AnyArray, axes: &[isize]) -> AnyArray;
        fn stack(arrays: &[AnyArray], axis: isize) -> AnyArray;
        fn tile(x: &AnyArray, reps: &[usize]) -> AnyArray;
        fn unstack(x: &AnyArray, axis: isize) -> Vec<AnyArray>;
    }
    set {
        /// `x1` and `x2` are arrays (a Python `int` is a 0-d array here).
        fn isin(x1: &AnyArray, x2: &AnyArray, invert: bool) -> AnyArray;
        fn unique_all(x: &AnyArray) -> UniqueAll;
        fn unique_counts(x: &AnyArray) -> UniqueCounts;
        fn unique_inverse(x: &AnyArray) -> UniqueInverse;
        fn unique_values(x: &AnyArray) -> AnyArray;
    }
    linear_algebra {
        fn matmul(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn matrix_transpose(x: &AnyArray) -> AnyArray;
        fn tensordot(x1: &AnyArray, x2: &AnyArray, axes: &TensordotAxes) -> AnyArray;
        fn vecdot(x1: &AnyArray, x2: &AnyArray, axis: isize) -> AnyArray;
    }
    utility {
        fn all(x: &AnyArray, args: &Reduce) -> AnyArray;
        fn any(x: &AnyArray, args: &Reduce) -> AnyArray;
        fn diff(x: &AnyArray, axis: isize, n: usize, prepend: Option<&AnyArray>, append: Option<&AnyArray>) -> AnyArray;
    }
    creation {
        fn arange(start: f64, stop: f64, step: f64, dtype: DType) -> AnyArray;
        /// The backend's round trip: the host array into the backend's own
        /// representation and back. Every other check depends on it.
        fn asarray(x: &AnyArray) -> AnyArray;
        /// Its values are unspecified: only dtype and shape are checked.
        fn empty(shape: &[usize], dtype: DType) -> AnyArray;
        /// `dtype` `None` is `x`'s; the values are unspecified.
        fn empty_like(x: &AnyArray, dtype: Option<DType>) -> AnyArray;
        fn eye(n_rows: usize, n_cols: Option<usize>, k: isize, dtype: DType) -> AnyArray;
        fn full(shape: &[usize], fill_value: Scalar, dtype: DType) -> AnyArray;
        fn full_like(x: &AnyArray, fill_value: Scalar, dtype: Option<DType>) -> AnyArray;
        fn linspace(start: f64, stop: f64, num: usize, dtype: DType, endpoint: bool) -> AnyArray;
        fn meshgrid(arrays: &[AnyArray], indexing: Indexing) -> Vec<AnyArray>;
        fn ones(shape: &[usize], dtype: DType) -> AnyArray;
        fn ones_like(x: &AnyArray, dtype: Option<DType>) -> AnyArray;
        fn tril(x: &AnyArray, k: isize) -> AnyArray;
        fn triu(x: &AnyArray, k: isize) -> AnyArray;
        fn zeros(shape: &[usize], dtype: DType) -> AnyArray;
        fn zeros_like(x: &AnyArray, dtype: Option<DType>) -> AnyArray;
    }
    data_type {
        fn astype(x: &AnyArray, dtype: DType) -> AnyArray;
        fn can_cast(from: DType, to: DType) -> bool;
        /// `type` as a dtype (an array's is `x.dtype()`).
        fn finfo(dtype: DType) -> FInfo;
        /// `type` as a dtype (an array's is `x.dtype()`).
        fn iinfo(dtype: DType) -> IInfo;
        /// `kind` as a list: one entry is the standard's single dtype or
        /// string, several its tuple.
        fn isdtype(dtype: DType, kind: &[KindArg]) -> bool;
        fn result_type(dtypes: &[DType]) -> DType;
    }
    indexing {
        fn take(x: &AnyArray, indices: &AnyArray, axis: Option<isize>) -> AnyArray;
        fn take_along_axis(x: &AnyArray, indices: &AnyArray, axis: isize) -> AnyArray;
    }
    linalg {
        fn cholesky(x: &AnyArray, upper: bool) -> AnyArray;
        fn cross(x1: &AnyArray, x2: &AnyArray, axis: isize) -> AnyArray;
        fn det(x: &AnyArray) -> AnyArray;
        fn diagonal(x: &AnyArray, offset: isize) -> AnyArray;
        fn eig(x: &AnyArray) -> Eig;
        fn eigh(x: &AnyArray) -> Eigh;
        fn eigvals(x: &AnyArray) -> AnyArray;
        fn eigvalsh(x: &AnyArray) -> AnyArray;
        fn inv(x: &AnyArray) -> AnyArray;
        fn matrix_norm(x: &AnyArray, keepdims: bool, ord: MatrixNormOrd) -> AnyArray;
        fn matrix_power(x: &AnyArray, n: i64) -> AnyArray;
        /// `rtol` as a float (`None`: `max(M, N) * eps`); the standard's
        /// array `rtol` is not part of this host.
        fn matrix_rank(x: &AnyArray, rtol: Option<f64>) -> AnyArray;
        fn outer(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        /// `rtol` as for `matrix_rank`.
        fn pinv(x: &AnyArray, rtol: Option<f64>) -> AnyArray;
        fn qr(x: &AnyArray, mode: QrMode) -> Qr;
        fn slogdet(x: &AnyArray) -> SlogDet;
        fn solve(x1: &AnyArray, x2: &AnyArray) -> AnyArray;
        fn svd(x: &AnyArray, full_matrices: bool) -> Svd;
        fn svdvals(x: &AnyArray) -> AnyArray;
        fn trace(x: &AnyArray, offset: isize) -> AnyArray;
        fn vector_norm(x: &AnyArray, args: &Reduce, ord: f64) -> AnyArray;
    }
    inspection {
        /// The `__array_namespace_info__()` methods: the info object of a
        /// Rust host is its backend, and a device is named by a string.
        fn capabilities() -> Capabilities;
        /// `None` when the default device is not predictable.
        fn default_device() -> Option<String>;
        fn default_dtypes(device: Option<&str>) -> DefaultDTypes;
        fn devices() -> Vec<String>;
        /// `kind` `None` lists every supported dtype; a list is the
        /// standard's tuple of kinds (a union).
        fn dtypes(device: Option<&str>, kind: Option<&[DTypeKind]>) -> Vec<DType>;
    }
    fft {
        /// `n` `None` is the input's side along `axis`.
        fn fft(x: &AnyArray, n: Option<usize>, axis: isize, norm: FftNorm) -> AnyArray;
        fn ifft(x: &AnyArray, n: Option<usize>, axis: isize, norm: FftNorm) -> AnyArray;
        /// `s` entries of -1 keep the input's side; `s` needs `axes`.
        fn fftn(x: &AnyArray, s: Option<&[isize]>, axes: Option<&[isize]>, norm: FftNorm) -> AnyArray;
        fn ifftn(x: &AnyArray, s: Option<&[isize]>, axes: Option<&[isize]>, norm: FftNorm) -> AnyArray;
        fn rfft(x: &AnyArray, n: Option<usize>, axis: isize, norm: FftNorm) -> AnyArray;
        fn irfft(x: &AnyArray, n: Option<usize>, axis: isize, norm: FftNorm) -> AnyArray;
        fn rfftn(x: &AnyArray, s: Option<&[isize]>, axes: Option<&[isize]>, norm: FftNorm) -> AnyArray;
        fn irfftn(x: &AnyArray, s: Option<&[isize]>, axes: Option<&[isize]>, norm: FftNorm) -> AnyArray;
        fn hfft(x: &AnyArray, n: Option<usize>, axis: isize, norm: FftNorm) -> AnyArray;
        fn ihfft(x: &AnyArray, n: Option<usize>, axis: isize, norm: FftNorm) -> AnyArray;
        /// `dtype` is a real float dtype (as `arange`'s, the host names it).
        fn fftfreq(n: usize, d: f64, dtype: DType) -> AnyArray;
        fn rfftfreq(n: usize, d: f64, dtype: DType) -> AnyArray;
        /// `axes` `None` shifts every axis; the standard's single `int` is a
        /// list of one.
        fn fftshift(x: &AnyArray, axes: Option<&[isize]>) -> AnyArray;
        fn ifftshift(x: &AnyArray, axes: Option<&[isize]>) -> AnyArray;
    }
    score {
        /// The seed's own example: one score per row of a 2-d float array.
        fn compute_score(data: &AnyArray, method: ScoreMethod) -> AnyArray;
    }
}

/// A backend: a name and the functions it provides.
#[derive(Clone)]
pub struct Backend {
    name: String,
    ops: Ops,
}

impl Backend {
    /// A backend called `name` providing `ops`. A function may own state:
    /// here a counter shared by the backend's `sqrt` (it could as well be a
    /// device handle, a thread pool or a cache).
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    /// use array_api::{Backend, Ops};
    /// use conformance_strategies::AnyArray;
    ///
    /// let calls = Arc::new(AtomicUsize::new(0));
    /// let counter = Arc::clone(&calls);
    /// let mine = Backend::new("mine", Ops::NONE.sqrt(move |x| {
    ///     counter.fetch_add(1, Ordering::Relaxed);
    ///     Ok(x.clone())
    /// }));
    /// assert!(mine.ops().implements("sqrt"));
    /// assert!(!mine.ops().implements("exp"));
    /// mine.sqrt(&AnyArray::scalar(4.0f64)).unwrap();
    /// assert_eq!(calls.load(Ordering::Relaxed), 1);
    /// ```
    pub fn new(name: impl Into<String>, ops: Ops) -> Backend {
        Backend {
            name: name.into(),
            ops,
        }
    }

    /// The backend's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The functions it provides.
    pub fn ops(&self) -> &Ops {
        &self.ops
    }
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend")
            .field("name", &self.name)
            .field("implemented", &self.ops.implemented().len())
            .finish()
    }
}

impl BackendUnderTest for Backend {
    fn name(&self) -> &str {
        &self.name
    }

    fn implements(&self, function: &str) -> bool {
        self.ops.implements(function)
    }
}

/// The group of the function with this standard name.
pub fn group_of(function: &str) -> Option<&'static str> {
    FUNCTIONS
        .iter()
        .find(|f| f.name == function)
        .map(|f| f.group)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_sqrt(x: &AnyArray) -> ApiResult<AnyArray> {
        Ok(x.clone())
    }

    #[test]
    fn missing_functions_say_not_implemented() {
        let b = Backend::new("b", Ops::NONE.sqrt(fake_sqrt));
        let x = AnyArray::scalar(4.0f64);
        assert!(b.sqrt(&x).is_ok());
        assert_eq!(b.exp(&x), Err(ApiError::NotImplemented { function: "exp" }));
        assert!(b.implements("sqrt"));
        assert!(!b.implements("exp"));
        assert!(!b.implements("no_such_function"));
        assert_eq!(b.ops().implemented(), vec!["sqrt"]);
    }

    #[test]
    fn where_keeps_its_standard_name() {
        assert!(FUNCTIONS
            .iter()
            .any(|f| f.name == "where" && f.group == "searching"));
        assert_eq!(group_of("qr"), Some("linalg"));
        assert_eq!(group_of("where_"), None);
    }

    #[test]
    fn overlay_prefers_the_overlay() {
        let base = Ops::NONE.sqrt(fake_sqrt);
        let over = Ops::NONE.exp(fake_sqrt);
        let both = base.overlay(over);
        assert!(both.implements("sqrt") && both.implements("exp"));
    }
}
