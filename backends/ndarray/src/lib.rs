//! A backend over [ndarray](https://crates.io/crates/ndarray)'s own methods,
//! wired through the same public `Ops` API a third party uses, so that the
//! published checks judge code nobody here wrote.
//!
//! Each function is the ndarray method a user of the crate would call:
//! the elementwise float methods (`sin`, `exp_m1`, `ln_1p`, `signum`,
//! `round`, `pow2`, `recip`, `is_nan`...), the arithmetic operators with
//! their co-broadcasting, the reductions (`sum`/`sum_axis`, `product`/
//! `product_axis`, `mean`/`mean_axis`, `var`/`var_axis`, `std`/`std_axis`
//! with `ddof`), the scans (`accumulate_axis_inplace`, `cumprod`), `diff`,
//! the shape methods (`permuted_axes`, `swap_axes`, `insert_axis`,
//! `remove_axis`, `invert_axis`, `broadcast`, `to_shape`, `axis_iter`,
//! `concatenate`, `stack`), the constructors (`range`, `linspace`, `zeros`,
//! `ones`), `tril`/`triu` and `dot`.
//!
//! The glue is what any user of ndarray writes around it, and none of it
//! computes a float result: dtype promotion and the casts to the
//! accumulation dtype (by `array_api`'s rules, as any backend of this host),
//! the standard's axis arguments (negative axes, several reduced axes moved
//! to the end and merged, `keepdims`), the batch loop of `matmul` around
//! `dot`, and the integer half of the functions the standard also defines on
//! integers, where the result is exact (`abs`, `floor`, `ceil`, `trunc`,
//! `round` of an integer is itself or its absolute value; `sign`, `isnan`,
//! `isinf`). Where ndarray returns `None` (the mean of nothing) the glue
//! gives the standard's NaN, as a caller must. The genuine deviations the
//! checks find are listed in `xfails.txt`.
#![warn(missing_docs, unreachable_pub)]

use array_api::api::{ApiError, ApiResult, Backend, Ops};
use array_api::args::Reduce;
use array_api::elementwise::{binary_operands, check_dtype};
use array_api::promotion::{promote, result_type};
use array_api::shape::{broadcast_shapes, normalize_axes, normalize_axis, scan_axis};
use conformance_strategies::{with_array, with_numeric_array, AnyArray, DType};
use ndarray::{concatenate, stack, Array3, ArrayD, ArrayViewD, Axis, IxDyn, LinalgScalar, Slice};
use num_traits::{Float, FromPrimitive};

/// This backend, named `ndarray`.
pub fn backend() -> Backend {
    Backend::new("ndarray", ops())
}

/// An element type an array of any numeric or `bool` dtype converts to
/// (`as` casts: exact for promotion and for widening to the accumulation
/// dtype).
trait FromAny: Sized + Copy + 'static {
    fn from_any(x: &AnyArray) -> ArrayD<Self>;
}

macro_rules! from_any {
    ($($t:ty),*) => {$(
        impl FromAny for $t {
            #[allow(clippy::unnecessary_cast)]
            fn from_any(x: &AnyArray) -> ArrayD<$t> {
                match x {
                    AnyArray::Bool(a) => a.mapv(|b| u8::from(b) as $t),
                    other => with_numeric_array!(other, a => a.mapv(|v| v as $t), else unreachable!()),
                }
            }
        }
    )*};
}

from_any!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

/// Runs `$body` with `$T` the element type of the real numeric dtype
/// `$dtype`; a complex dtype returns [`no_complex`] from the function
/// `$function`.
macro_rules! numeric {
    ($function:expr, $dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            DType::Int8 => {
                type $T = i8;
                $body
            }
            DType::Int16 => {
                type $T = i16;
                $body
            }
            DType::Int32 => {
                type $T = i32;
                $body
            }
            DType::Int64 => {
                type $T = i64;
                $body
            }
            DType::UInt8 => {
                type $T = u8;
                $body
            }
            DType::UInt16 => {
                type $T = u16;
                $body
            }
            DType::UInt32 => {
                type $T = u32;
                $body
            }
            DType::UInt64 => {
                type $T = u64;
                $body
            }
            DType::Float32 => {
                type $T = f32;
                $body
            }
            DType::Float64 => {
                type $T = f64;
                $body
            }
            DType::Bool => unreachable!("bool is not numeric"),
            complex @ (DType::Complex64 | DType::Complex128) => {
                return Err(no_complex($function, complex))
            }
        }
    };
}

/// ndarray has no complex methods here (its complex elements are
/// num-complex's, and the glue does not map the functions onto them): a
/// complex input is not implemented for its dtype (the checks leave it out
/// and check the real ones).
fn no_complex(function: &'static str, dtype: DType) -> ApiError {
    debug_assert!(dtype.is_complex());
    ApiError::NotImplementedFor { function, dtype }
}

fn unsupported(function: &'static str, dtype: DType) -> ApiError {
    ApiError::invalid(function, format!("ndarray has no `{function}` for {dtype}"))
}

/// What an integer input of a unary float method gives.
#[derive(Clone, Copy)]
enum OnIntegers {
    /// The function takes floating-point inputs only.
    Refuse,
    /// The result is the input (`floor`, `ceil`, `trunc`, `round`).
    Identity,
    /// The absolute value (wrapping at the minimum, as the host's integer
    /// arithmetic does).
    Abs,
    /// `false` everywhere (`isnan`, `isinf`: an integer is neither).
    False,
    /// The sign, -1, 0 or 1.
    Sign,
    /// The square, by ndarray's `*`.
    Square,
}

fn on_integers(function: &'static str, x: &AnyArray, rule: OnIntegers) -> ApiResult<AnyArray> {
    check_dtype(function, x.dtype())?;
    if x.dtype().is_bool() {
        return Err(unsupported(function, x.dtype()));
    }
    Ok(match rule {
        OnIntegers::Refuse => return Err(unsupported(function, x.dtype())),
        OnIntegers::Identity => x.to_standard_layout(),
        OnIntegers::False => AnyArray::from(ArrayD::from_elem(IxDyn(x.shape()), false)),
        OnIntegers::Abs => match x {
            AnyArray::Int8(a) => AnyArray::from(a.mapv(i8::wrapping_abs)),
            AnyArray::Int16(a) => AnyArray::from(a.mapv(i16::wrapping_abs)),
            AnyArray::Int32(a) => AnyArray::from(a.mapv(i32::wrapping_abs)),
            AnyArray::Int64(a) => AnyArray::from(a.mapv(i64::wrapping_abs)),
            unsigned => unsigned.to_standard_layout(),
        },
        OnIntegers::Sign => match x {
            AnyArray::Int8(a) => AnyArray::from(a.mapv(i8::signum)),
            AnyArray::Int16(a) => AnyArray::from(a.mapv(i16::signum)),
            AnyArray::Int32(a) => AnyArray::from(a.mapv(i32::signum)),
            AnyArray::Int64(a) => AnyArray::from(a.mapv(i64::signum)),
            AnyArray::UInt8(a) => AnyArray::from(a.mapv(|v| v.min(1))),
            AnyArray::UInt16(a) => AnyArray::from(a.mapv(|v| v.min(1))),
            AnyArray::UInt32(a) => AnyArray::from(a.mapv(|v| v.min(1))),
            AnyArray::UInt64(a) => AnyArray::from(a.mapv(|v| v.min(1))),
            _ => unreachable!("floats take ndarray's method"),
        },
        OnIntegers::Square => {
            with_numeric_array!(x, a => AnyArray::from(a * a), else unreachable!())
        }
    })
}

/// A unary elementwise function: ndarray's float method `$method` on
/// float32 and float64, `$ints` on integers.
macro_rules! float_method {
    ($name:literal, $method:ident, $ints:expr) => {
        |x: &AnyArray| -> ApiResult<AnyArray> {
            match x {
                AnyArray::Float32(a) => Ok(AnyArray::from(a.$method())),
                AnyArray::Float64(a) => Ok(AnyArray::from(a.$method())),
                AnyArray::Complex64(_) | AnyArray::Complex128(_) => {
                    Err(no_complex($name, x.dtype()))
                }
                other => on_integers($name, other, $ints),
            }
        }
    };
}

/// A binary arithmetic function: ndarray's operator `$op` (which
/// broadcasts both operands) on the operands promoted by the host's rules.
macro_rules! arithmetic {
    ($name:literal, $op:tt) => {
        |x1: &AnyArray, x2: &AnyArray| -> ApiResult<AnyArray> {
            let (dtype, _) = binary_operands($name, x1, x2)?;
            Ok(numeric!($name, dtype, T => AnyArray::from(&T::from_any(x1) $op &T::from_any(x2))))
        }
    };
}

/// The dtype `sum`, `prod` and the cumulative functions accumulate in: the
/// standard's default integer dtypes for integers and `bool`, the input's
/// own for floats.
fn accumulation(dtype: DType) -> DType {
    match dtype {
        DType::Float32 | DType::Float64 => dtype,
        d if d.is_unsigned_integer() => DType::UInt64,
        _ => DType::Int64,
    }
}

fn require_float(function: &'static str, x: &AnyArray) -> ApiResult<()> {
    if x.dtype().is_float() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            function,
            format!("expects a floating-point array, got {}", x.dtype()),
        ))
    }
}

/// `out` with the reduced `axes` back as sides of 1.
fn keep_dims<T>(mut out: ArrayD<T>, axes: &[usize], keepdims: bool) -> ArrayD<T> {
    if keepdims {
        for &ax in axes {
            out = out.insert_axis(Axis(ax));
        }
    }
    out
}

/// A reduction: `whole` (ndarray's method over every element) when every
/// axis is reduced, else `along` (its `_axis` method) once per axis, the
/// highest first.
fn reduction<T: Clone>(
    a: ArrayD<T>,
    axes: &[usize],
    keepdims: bool,
    whole: impl Fn(&ArrayD<T>) -> T,
    along: impl Fn(&ArrayD<T>, Axis) -> ArrayD<T>,
) -> ArrayD<T> {
    let out = if axes.len() == a.ndim() {
        ArrayD::from_elem(IxDyn(&[]), whole(&a))
    } else {
        let mut out = a;
        for &ax in axes.iter().rev() {
            out = along(&out, Axis(ax));
        }
        out
    };
    keep_dims(out, axes, keepdims)
}

fn sum(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let axes = normalize_axes("sum", args.axes.as_deref(), x.ndim())?;
    Ok(
        numeric!("sum", accumulation(x.dtype()), T => AnyArray::from(reduction(
            T::from_any(x), &axes, args.keepdims, |a| a.sum(), |a, ax| a.sum_axis(ax)
        ))),
    )
}

fn prod(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let axes = normalize_axes("prod", args.axes.as_deref(), x.ndim())?;
    Ok(
        numeric!("prod", accumulation(x.dtype()), T => AnyArray::from(reduction(
            T::from_any(x), &axes, args.keepdims, |a| a.product(), |a, ax| a.product_axis(ax)
        ))),
    )
}

/// ndarray's `mean`/`mean_axis`; their `None` (nothing to average) is
/// the standard's NaN.
fn mean_of<A: Float + FromPrimitive>(a: ArrayD<A>, axes: &[usize], keepdims: bool) -> ArrayD<A> {
    reduction(
        a,
        axes,
        keepdims,
        |a| a.mean().unwrap_or_else(A::nan),
        |a, ax| {
            a.mean_axis(ax).unwrap_or_else(|| {
                let mut shape = a.shape().to_vec();
                shape.remove(ax.0);
                ArrayD::from_elem(IxDyn(&shape), A::nan())
            })
        },
    )
}

fn mean(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    require_float("mean", x)?;
    let axes = normalize_axes("mean", args.axes.as_deref(), x.ndim())?;
    Ok(match x {
        AnyArray::Float32(a) => AnyArray::from(mean_of(a.clone(), &axes, args.keepdims)),
        AnyArray::Float64(a) => AnyArray::from(mean_of(a.clone(), &axes, args.keepdims)),
        _ => unreachable!("checked to be floating-point"),
    })
}

/// ndarray's `var`/`std` over every element, or `var_axis`/`std_axis` over
/// the reduced axes moved to the end and merged into one.
fn spread<A: Float + FromPrimitive>(
    a: &ArrayD<A>,
    axes: &[usize],
    keepdims: bool,
    ddof: A,
    deviation: bool,
) -> ArrayD<A> {
    let out = if axes.len() == a.ndim() {
        let v = if deviation { a.std(ddof) } else { a.var(ddof) };
        ArrayD::from_elem(IxDyn(&[]), v)
    } else {
        let kept: Vec<usize> = (0..a.ndim()).filter(|d| !axes.contains(d)).collect();
        let mut order = kept.clone();
        order.extend_from_slice(axes);
        let mut shape: Vec<usize> = kept.iter().map(|&d| a.shape()[d]).collect();
        shape.push(axes.iter().map(|&d| a.shape()[d]).product());
        let merged = a
            .view()
            .permuted_axes(order)
            .to_shape(IxDyn(&shape))
            .expect("the same number of elements")
            .into_owned();
        let last = Axis(kept.len());
        if deviation {
            merged.std_axis(last, ddof)
        } else {
            merged.var_axis(last, ddof)
        }
    };
    keep_dims(out, axes, keepdims)
}

fn var_or_std(
    function: &'static str,
    x: &AnyArray,
    args: &Reduce,
    correction: f64,
    deviation: bool,
) -> ApiResult<AnyArray> {
    require_float(function, x)?;
    let axes = normalize_axes(function, args.axes.as_deref(), x.ndim())?;
    Ok(match x {
        AnyArray::Float32(a) => AnyArray::from(spread(
            a,
            &axes,
            args.keepdims,
            correction as f32,
            deviation,
        )),
        AnyArray::Float64(a) => {
            AnyArray::from(spread(a, &axes, args.keepdims, correction, deviation))
        }
        _ => unreachable!("checked to be floating-point"),
    })
}

/// A cumulative function in the accumulation dtype: `scan` (ndarray's)
/// along `axis`, with the standard's `include_initial` slice of `initial`
/// in front.
fn cumulative(
    function: &'static str,
    x: &AnyArray,
    axis: Option<isize>,
    include_initial: bool,
    product: bool,
) -> ApiResult<AnyArray> {
    let axis = Axis(scan_axis(function, axis, x.ndim())?);
    Ok(numeric!(function, accumulation(x.dtype()), T => {
        let a = T::from_any(x);
        let mut out = if product {
            a.cumprod(axis)
        } else {
            let mut a = a;
            a.accumulate_axis_inplace(axis, |&prev, curr| *curr += prev);
            a
        };
        if include_initial {
            let mut shape = out.shape().to_vec();
            shape[axis.0] = 1;
            let init = if product { ArrayD::<T>::ones(IxDyn(&shape)) } else { ArrayD::<T>::zeros(IxDyn(&shape)) };
            out = concatenate(axis, &[init.view(), out.view()]).expect("joinable");
        }
        AnyArray::from(out)
    }))
}

/// `diff`: ndarray's `diff(n, axis)` of `x` with `prepend` and `append`
/// joined on by `concatenate` (a 0-d one broadcast to a slice), all
/// promoted together.
fn diff(
    x: &AnyArray,
    axis: isize,
    n: usize,
    prepend: Option<&AnyArray>,
    append: Option<&AnyArray>,
) -> ApiResult<AnyArray> {
    const F: &str = "diff";
    if x.ndim() == 0 {
        return Err(ApiError::invalid(F, "x must have at least one dimension"));
    }
    let axis = normalize_axis(F, axis, x.ndim())?;
    let parts: Vec<&AnyArray> = [prepend, Some(x), append].into_iter().flatten().collect();
    if let Some(p) = parts.iter().find(|p| !p.dtype().is_numeric()) {
        return Err(unsupported(F, p.dtype()));
    }
    let dtypes: Vec<DType> = parts.iter().map(|p| p.dtype()).collect();
    let dtype = result_type(&dtypes).ok_or_else(|| ApiError::invalid(F, "no common dtype"))?;
    let mut slice = x.shape().to_vec();
    slice[axis] = 1;
    numeric!(F, dtype, T => {
        let mut arrays = Vec::new();
        for p in &parts {
            let a = T::from_any(p);
            let a = if a.ndim() == 0 {
                a.broadcast(IxDyn(&slice)).expect("a 0-d array broadcasts").to_owned()
            } else {
                a
            };
            arrays.push(a);
        }
        let views: Vec<ArrayViewD<T>> = arrays.iter().map(|a| a.view()).collect();
        let joined = concatenate(Axis(axis), &views)
            .map_err(|e| ApiError::invalid(F, e.to_string()))?;
        Ok(AnyArray::from(joined.diff(n, Axis(axis))))
    })
}

/// `permute_dims`: ndarray's `permuted_axes`, which panics (as documented)
/// on axes that are not a permutation: those are refused first, as its
/// caller must.
fn permute_dims(x: &AnyArray, axes: &[usize]) -> ApiResult<AnyArray> {
    let mut sorted = axes.to_vec();
    sorted.sort_unstable();
    if sorted != (0..x.ndim()).collect::<Vec<_>>() {
        return Err(ApiError::invalid(
            "permute_dims",
            format!("{axes:?} is not a permutation of the {} axes", x.ndim()),
        ));
    }
    Ok(with_array!(x, a => AnyArray::from(a.clone().permuted_axes(axes.to_vec()))))
}

fn matrix_transpose(x: &AnyArray) -> ApiResult<AnyArray> {
    let n = x.ndim();
    if n < 2 {
        return Err(ApiError::invalid(
            "matrix_transpose",
            "x must have at least two dimensions",
        ));
    }
    Ok(with_array!(x, a => {
        let mut t = a.clone();
        t.swap_axes(n - 2, n - 1);
        AnyArray::from(t)
    }))
}

fn expand_dims(x: &AnyArray, axis: isize) -> ApiResult<AnyArray> {
    let axis = Axis(normalize_axis("expand_dims", axis, x.ndim() + 1)?);
    Ok(with_array!(x, a => AnyArray::from(a.clone().insert_axis(axis))))
}

fn squeeze(x: &AnyArray, axes: &[isize]) -> ApiResult<AnyArray> {
    const F: &str = "squeeze";
    let axes = normalize_axes(F, Some(axes), x.ndim())?;
    if let Some(&d) = axes.iter().find(|&&d| x.shape()[d] != 1) {
        return Err(ApiError::invalid(
            F,
            format!("axis {d} has size {}, not 1", x.shape()[d]),
        ));
    }
    Ok(with_array!(x, a => {
        let mut out = a.clone();
        for &d in axes.iter().rev() {
            out = out.remove_axis(Axis(d));
        }
        AnyArray::from(out)
    }))
}

fn flip(x: &AnyArray, axes: Option<&[isize]>) -> ApiResult<AnyArray> {
    let axes = normalize_axes("flip", axes, x.ndim())?;
    Ok(with_array!(x, a => {
        let mut out = a.clone();
        for &d in &axes {
            out.invert_axis(Axis(d));
        }
        AnyArray::from(out)
    }))
}

fn reshape(x: &AnyArray, shape: &[isize]) -> ApiResult<AnyArray> {
    const F: &str = "reshape";
    let known: usize = shape
        .iter()
        .filter(|&&s| s >= 0)
        .map(|&s| s as usize)
        .product();
    let unknown = shape.iter().filter(|&&s| s < 0).count();
    // One -1 is inferred; beside a side of 0 it could be anything.
    if unknown > 1 || shape.iter().any(|&s| s < -1) || (unknown == 1 && known == 0) {
        return Err(ApiError::invalid(F, format!("invalid shape {shape:?}")));
    }
    let shape: Vec<usize> = shape
        .iter()
        .map(|&s| if s == -1 { x.len() / known } else { s as usize })
        .collect();
    with_array!(x, a => a
        .to_shape(IxDyn(&shape))
        .map(|r| AnyArray::from(r.into_owned()))
        .map_err(|e| ApiError::invalid(F, format!("{:?} to {shape:?}: {e}", a.shape()))))
}

fn broadcast_to(x: &AnyArray, shape: &[usize]) -> ApiResult<AnyArray> {
    with_array!(x, a => a
    .broadcast(IxDyn(shape))
    .map(|v| AnyArray::from(v.to_owned()))
    .ok_or_else(|| ApiError::invalid(
        "broadcast_to",
        format!("{:?} does not broadcast to {shape:?}", a.shape()),
    )))
}

fn unstack(x: &AnyArray, axis: isize) -> ApiResult<Vec<AnyArray>> {
    let axis = Axis(normalize_axis("unstack", axis, x.ndim())?);
    Ok(with_array!(x, a => a.axis_iter(axis).map(|v| AnyArray::from(v.to_owned())).collect()))
}

/// The arrays of `arrays` in their common dtype, as `$T` arrays, for
/// `$body` (`$arrs`: `Vec<ArrayD<$T>>`).
macro_rules! joined {
    ($function:expr, $arrays:expr, $T:ident, $arrs:ident => $body:expr) => {{
        let arrays: &[AnyArray] = $arrays;
        if arrays.is_empty() {
            return Err(ApiError::invalid($function, "needs at least one array"));
        }
        let dtypes: Vec<DType> = arrays.iter().map(|a| a.dtype()).collect();
        let dtype = result_type(&dtypes)
            .ok_or_else(|| ApiError::invalid($function, format!("no common dtype of {dtypes:?}")))?;
        if dtype.is_bool() {
            type $T = bool;
            let $arrs: Vec<ArrayD<bool>> = arrays
                .iter()
                .map(|a| a.as_typed::<bool>().expect("every array is bool").clone())
                .collect();
            $body
        } else {
            numeric!($function, dtype, $T => {
                let $arrs: Vec<ArrayD<$T>> = arrays.iter().map(|a| $T::from_any(a)).collect();
                $body
            })
        }
    }};
}

fn concat(arrays: &[AnyArray], axis: Option<isize>) -> ApiResult<AnyArray> {
    const F: &str = "concat";
    joined!(F, arrays, T, arrs => {
        let (arrs, axis) = match axis {
            None => (
                arrs.iter().map(|a| a.flatten().into_owned().into_dyn()).collect::<Vec<ArrayD<T>>>(),
                0,
            ),
            Some(axis) => {
                let axis = normalize_axis(F, axis, arrs[0].ndim())?;
                (arrs, axis)
            }
        };
        let views: Vec<ArrayViewD<T>> = arrs.iter().map(|a| a.view()).collect();
        concatenate(Axis(axis), &views)
            .map(AnyArray::from)
            .map_err(|e| ApiError::invalid(F, e.to_string()))
    })
}

fn stack_arrays(arrays: &[AnyArray], axis: isize) -> ApiResult<AnyArray> {
    const F: &str = "stack";
    joined!(F, arrays, T, arrs => {
        let axis = normalize_axis(F, axis, arrs[0].ndim() + 1)?;
        let views: Vec<ArrayViewD<T>> = arrs.iter().map(|a| a.view()).collect();
        stack(Axis(axis), &views)
            .map(AnyArray::from)
            .map_err(|e| ApiError::invalid(F, e.to_string()))
    })
}

/// `matmul`: ndarray's 2-d `dot` for each matrix of the broadcast batch,
/// a 1-d operand made a matrix and its axis removed again (the standard's
/// rule).
fn matmul(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    const F: &str = "matmul";
    check_dtype("multiply", x1.dtype())?;
    check_dtype("multiply", x2.dtype())?;
    let dtype = promote(x1.dtype(), x2.dtype())
        .ok_or_else(|| ApiError::invalid(F, "the dtypes do not promote"))?;
    if x1.ndim() == 0 || x2.ndim() == 0 {
        return Err(ApiError::invalid(
            F,
            "operands must have at least one dimension",
        ));
    }
    numeric!(F, dtype, T => matmul_typed(T::from_any(x1), T::from_any(x2)).map(AnyArray::from))
}

fn matmul_typed<T: LinalgScalar>(a: ArrayD<T>, b: ArrayD<T>) -> ApiResult<ArrayD<T>> {
    const F: &str = "matmul";
    let (a_vector, b_vector) = (a.ndim() == 1, b.ndim() == 1);
    let a = if a_vector { a.insert_axis(Axis(0)) } else { a };
    let b = if b_vector { b.insert_axis(Axis(1)) } else { b };
    let (am, bm) = (a.ndim() - 2, b.ndim() - 2);
    let (m, k, k2, n) = (
        a.shape()[am],
        a.shape()[am + 1],
        b.shape()[bm],
        b.shape()[bm + 1],
    );
    if k != k2 {
        return Err(ApiError::invalid(
            F,
            format!("inner sides differ: {:?} and {:?}", a.shape(), b.shape()),
        ));
    }
    let batch = broadcast_shapes(F, &[&a.shape()[..am], &b.shape()[..bm]])?;
    let count: usize = batch.iter().product();
    let sides = |s: &[usize]| {
        let mut v = batch.clone();
        v.extend_from_slice(s);
        v
    };
    let a3 = a
        .broadcast(IxDyn(&sides(&[m, k])))
        .expect("broadcast")
        .to_shape((count, m, k))
        .expect("same size")
        .into_owned();
    let b3 = b
        .broadcast(IxDyn(&sides(&[k, n])))
        .expect("broadcast")
        .to_shape((count, k, n))
        .expect("same size")
        .into_owned();
    let mut out = Array3::<T>::zeros((count, m, n));
    for i in 0..count {
        let product = a3.index_axis(Axis(0), i).dot(&b3.index_axis(Axis(0), i));
        out.index_axis_mut(Axis(0), i).assign(&product);
    }
    let mut out = out
        .into_shape_with_order(IxDyn(&sides(&[m, n])))
        .expect("same size");
    if b_vector {
        let last = Axis(out.ndim() - 1);
        out = out.remove_axis(last);
    }
    if a_vector {
        let row = Axis(out.ndim() - if b_vector { 1 } else { 2 });
        out = out.remove_axis(row);
    }
    Ok(out)
}

/// `tril`/`triu`: ndarray's; a `bool` array through `u8` (ndarray asks for
/// a `Zero` element).
fn triangle(x: &AnyArray, k: isize, upper: bool) -> ApiResult<AnyArray> {
    let function = if upper { "triu" } else { "tril" };
    if x.ndim() < 2 {
        return Err(ApiError::invalid(
            function,
            "x must have at least two dimensions",
        ));
    }
    Ok(match x {
        AnyArray::Bool(a) => {
            let bytes = a.mapv(u8::from);
            let t = if upper { bytes.triu(k) } else { bytes.tril(k) };
            AnyArray::from(t.mapv(|v| v != 0))
        }
        other => {
            with_numeric_array!(other, a => AnyArray::from(if upper { a.triu(k) } else { a.tril(k) }), else unreachable!())
        }
    })
}

fn constant(shape: &[usize], dtype: DType, one: bool) -> ApiResult<AnyArray> {
    let shape = IxDyn(shape);
    if dtype.is_bool() {
        return Ok(AnyArray::from(ArrayD::from_elem(shape, one)));
    }
    Ok(
        numeric!(if one { "ones" } else { "zeros" }, dtype, T => AnyArray::from(if one { ArrayD::<T>::ones(shape) } else { ArrayD::<T>::zeros(shape) })),
    )
}

/// `arange`: ndarray's `Array::range`, in the float dtype asked for, or
/// in float64 cast to an integer dtype (ndarray ranges are float only).
fn arange(start: f64, stop: f64, step: f64, dtype: DType) -> ApiResult<AnyArray> {
    Ok(match dtype {
        DType::Float32 => AnyArray::from(
            ndarray::Array1::<f32>::range(start as f32, stop as f32, step as f32).into_dyn(),
        ),
        DType::Bool => return Err(unsupported("arange", dtype)),
        other => {
            let values = AnyArray::from(ndarray::Array1::range(start, stop, step).into_dyn());
            numeric!("arange", other, T => AnyArray::from(T::from_any(&values)))
        }
    })
}

/// `linspace`: ndarray's `Array::linspace`; without the endpoint, the
/// first `num` of `num + 1` points.
fn linspace(
    start: f64,
    stop: f64,
    num: usize,
    dtype: DType,
    endpoint: bool,
) -> ApiResult<AnyArray> {
    let n = if endpoint { num } else { num + 1 };
    let cut = Slice::from(..num);
    Ok(match dtype {
        DType::Float32 => AnyArray::from(
            ndarray::Array1::<f32>::linspace(start as f32, stop as f32, n)
                .slice_axis(Axis(0), cut)
                .into_owned()
                .into_dyn(),
        ),
        DType::Float64 => AnyArray::from(
            ndarray::Array1::<f64>::linspace(start, stop, n)
                .slice_axis(Axis(0), cut)
                .into_owned()
                .into_dyn(),
        ),
        other => return Err(unsupported("linspace", other)),
    })
}

/// The functions this backend provides.
pub fn ops() -> Ops {
    use OnIntegers::*;
    Ops::NONE
        .asarray(|x| Ok(with_array!(x, a => AnyArray::from(a.to_owned()))))
        .abs(float_method!("abs", abs, Abs))
        .acos(float_method!("acos", acos, Refuse))
        .acosh(float_method!("acosh", acosh, Refuse))
        .asin(float_method!("asin", asin, Refuse))
        .asinh(float_method!("asinh", asinh, Refuse))
        .atan(float_method!("atan", atan, Refuse))
        .atanh(float_method!("atanh", atanh, Refuse))
        .ceil(float_method!("ceil", ceil, Identity))
        .cos(float_method!("cos", cos, Refuse))
        .cosh(float_method!("cosh", cosh, Refuse))
        .exp(float_method!("exp", exp, Refuse))
        .expm1(float_method!("expm1", exp_m1, Refuse))
        .floor(float_method!("floor", floor, Identity))
        .isinf(float_method!("isinf", is_infinite, False))
        .isnan(float_method!("isnan", is_nan, False))
        .log(float_method!("log", ln, Refuse))
        .log1p(float_method!("log1p", ln_1p, Refuse))
        .log2(float_method!("log2", log2, Refuse))
        .log10(float_method!("log10", log10, Refuse))
        .reciprocal(float_method!("reciprocal", recip, Refuse))
        .round(float_method!("round", round, Identity))
        .sign(float_method!("sign", signum, Sign))
        .sin(float_method!("sin", sin, Refuse))
        .sinh(float_method!("sinh", sinh, Refuse))
        .sqrt(float_method!("sqrt", sqrt, Refuse))
        .square(float_method!("square", pow2, Square))
        .tan(float_method!("tan", tan, Refuse))
        .tanh(float_method!("tanh", tanh, Refuse))
        .trunc(float_method!("trunc", trunc, Identity))
        .add(arithmetic!("add", +))
        .subtract(arithmetic!("subtract", -))
        .multiply(arithmetic!("multiply", *))
        .divide(arithmetic!("divide", /))
        .sum(sum)
        .prod(prod)
        .mean(mean)
        .var(|x, args, correction| var_or_std("var", x, args, correction, false))
        .std(|x, args, correction| var_or_std("std", x, args, correction, true))
        .cumulative_sum(|x, axis, init| cumulative("cumulative_sum", x, axis, init, false))
        .cumulative_prod(|x, axis, init| cumulative("cumulative_prod", x, axis, init, true))
        .diff(diff)
        .permute_dims(permute_dims)
        .matrix_transpose(matrix_transpose)
        .expand_dims(expand_dims)
        .squeeze(squeeze)
        .flip(flip)
        .reshape(reshape)
        .broadcast_to(broadcast_to)
        .unstack(unstack)
        .concat(concat)
        .stack(stack_arrays)
        .matmul(matmul)
        .tril(|x, k| triangle(x, k, false))
        .triu(|x, k| triangle(x, k, true))
        .zeros(|shape, dtype| constant(shape, dtype, false))
        .ones(|shape, dtype| constant(shape, dtype, true))
        .arange(arange)
        .linspace(linspace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2};

    #[test]
    fn promotes_broadcasts_and_reduces_through_ndarray() {
        let b = backend();
        let x = AnyArray::from(arr2(&[[1i8, 2], [3, 4]]).into_dyn());
        let y = AnyArray::from(arr1(&[10i16, 20]).into_dyn());
        let s = b.add(&x, &y).unwrap();
        assert_eq!(s.dtype(), DType::Int16);
        assert_eq!(s.to_f64_vec(), vec![11.0, 22.0, 13.0, 24.0]);
        let total = b.sum(&x, &Reduce::default()).unwrap();
        assert_eq!(total.dtype(), DType::Int64);
        assert_eq!(total.to_f64_vec(), vec![10.0]);
        let rows = Reduce {
            axes: Some(vec![-1]),
            keepdims: true,
        };
        let m = b.matmul(&x, &x).unwrap();
        assert_eq!(m.to_f64_vec(), vec![7.0, 10.0, 15.0, 22.0]);
        let f = AnyArray::from(arr2(&[[1.0f64, 3.0], [2.0, 2.0]]).into_dyn());
        let v = b.var(&f, &rows, 1.0).unwrap();
        assert_eq!(v.shape(), &[2, 1]);
        assert_eq!(v.to_f64_vec(), vec![2.0, 0.0]);
    }
}
