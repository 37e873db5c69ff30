//! A backend over [nalgebra](https://crates.io/crates/nalgebra)'s dense
//! matrices and decompositions, wired through the same public `Ops` API a
//! third party uses, so that the published checks judge code nobody here
//! wrote.
//!
//! It provides the `linalg` extension's functions nalgebra has, each the
//! call a user of the crate would make on a `DMatrix`: `determinant`,
//! `try_inverse`, `lu().solve`, `cholesky` (its `l()`), `qr` (`q()`,
//! `r()`), `SVD::new` (`u`, `singular_values`, `v_t`), `singular_values`,
//! `SymmetricEigen::new`, `symmetric_eigenvalues`, `SVD::rank`,
//! `SVD::pseudo_inverse`, `pow`, and the matrix product (`matmul`, and
//! `outer` as a column times a row).
//!
//! The glue is what any user of nalgebra writes around it, and none of it
//! computes a float result: each matrix of a stack (the last two axes of an
//! `AnyArray`, batch axes broadcast where the standard says so) is copied
//! into a `DMatrix` and back, operands are promoted by `array_api`'s rules,
//! a 1-d operand of `matmul` is made a matrix and its axis removed again,
//! `upper=true` of `cholesky` is the transpose of nalgebra's `L`, a
//! negative `matrix_power` inverts first, and the standard's relative
//! `rtol` of `matrix_rank`/`pinv` is scaled by the largest singular value
//! into nalgebra's absolute `eps`. Where nalgebra gives `None` (a singular
//! or not positive-definite matrix) the function raises, as the standard
//! lets it. The genuine deviations the checks find are listed in
//! `xfails.txt`.
#![warn(missing_docs, unreachable_pub)]

use array_api::api::{ApiError, ApiResult, Backend, Ops};
use array_api::args::{Eigh, Qr, QrMode, Svd};
use array_api::promotion::promote;
use array_api::shape::broadcast_shapes;
use conformance_strategies::{with_numeric_array, AnyArray, DType};
use nalgebra::{ClosedAddAssign, ClosedMulAssign, DMatrix, RealField, Scalar, SymmetricEigen, SVD};
use ndarray::{ArrayD, ArrayView2, Axis, IxDyn};
use num_traits::{One, Zero};

/// This backend, named `nalgebra`.
pub fn backend() -> Backend {
    Backend::new("nalgebra", ops())
}

/// An element type an array of any numeric dtype converts to (`as`
/// casts: exact for promotion).
trait FromAny: Sized + Copy + 'static {
    fn from_any(x: &AnyArray) -> ArrayD<Self>;
}

macro_rules! from_any {
    ($($t:ty),*) => {$(
        impl FromAny for $t {
            #[allow(clippy::unnecessary_cast)]
            fn from_any(x: &AnyArray) -> ArrayD<$t> {
                with_numeric_array!(x, a => a.mapv(|v| v as $t), else unreachable!("not numeric"))
            }
        }
    )*};
}

from_any!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

/// Runs `$body` with `$T` the element type of the real numeric dtype
/// `$dtype` (complex dtypes are refused before: [`numeric_operands`]).
macro_rules! numeric {
    ($dtype:expr, $T:ident => $body:expr) => {
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
            DType::Complex64 | DType::Complex128 => {
                unreachable!("complex operands are not implemented")
            }
        }
    };
}

/// Runs `$body` with `$a` the typed array of the float array `$x`, and
/// `$T` its element type; other dtypes are refused.
macro_rules! float {
    ($function:expr, $x:expr, $T:ident, $a:ident => $body:expr) => {
        match $x {
            AnyArray::Float32($a) => {
                type $T = f32;
                $body
            }
            AnyArray::Float64($a) => {
                type $T = f64;
                $body
            }
            other if other.dtype().is_complex() => Err(no_complex($function, other.dtype())),
            other => Err(ApiError::invalid(
                $function,
                format!("expects a floating-point array, got {}", other.dtype()),
            )),
        }
    };
}

/// Runs `$body` with `$T` the element type of the float dtype `$dtype`.
macro_rules! float_dtype {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            DType::Float32 => {
                type $T = f32;
                $body
            }
            _ => {
                type $T = f64;
                $body
            }
        }
    };
}

fn to_matrix<T: Scalar + Copy>(a: ArrayView2<'_, T>) -> DMatrix<T> {
    DMatrix::from_fn(a.nrows(), a.ncols(), |i, j| a[[i, j]])
}

/// The batch shape of a stack of `M x N` matrices (`x`'s last two axes),
/// and each matrix as a `DMatrix`; `square` asks for `M == N`.
fn matrices<T: Scalar + Copy>(
    function: &'static str,
    a: &ArrayD<T>,
    square: bool,
) -> ApiResult<(Vec<usize>, Vec<DMatrix<T>>)> {
    let n = a.ndim();
    if n < 2 {
        return Err(ApiError::invalid(
            function,
            "x must have at least two dimensions",
        ));
    }
    let (rows, cols) = (a.shape()[n - 2], a.shape()[n - 1]);
    if square && rows != cols {
        return Err(ApiError::invalid(
            function,
            format!("x must be square, got {rows} x {cols}"),
        ));
    }
    let batch = a.shape()[..n - 2].to_vec();
    let count = batch.iter().product();
    let flat = a
        .to_shape((count, rows, cols))
        .expect("the same number of elements");
    let mats = (0..count)
        .map(|i| to_matrix(flat.index_axis(Axis(0), i)))
        .collect();
    Ok((batch, mats))
}

/// An array of shape `batch + inner` from the per-matrix results, each
/// of shape `inner` given in C order by `values`.
fn assemble<T: Clone, I: IntoIterator<Item = T>>(
    batch: &[usize],
    inner: &[usize],
    parts: impl IntoIterator<Item = I>,
) -> ArrayD<T> {
    let mut shape = batch.to_vec();
    shape.extend_from_slice(inner);
    let values: Vec<T> = parts.into_iter().flatten().collect();
    ArrayD::from_shape_vec(IxDyn(&shape), values).expect("the parts fill the shape")
}

/// A matrix's elements in C (row-major) order.
fn row_major<T: Scalar + Copy>(m: &DMatrix<T>) -> Vec<T> {
    m.transpose().as_slice().to_vec()
}

/// A stack's matrices through `f`, each giving a `rows x cols` matrix.
fn per_matrix<T: Scalar + Copy>(
    function: &'static str,
    a: &ArrayD<T>,
    square: bool,
    f: impl Fn(DMatrix<T>) -> ApiResult<DMatrix<T>>,
    inner: impl Fn(usize, usize) -> Vec<usize>,
) -> ApiResult<ArrayD<T>> {
    let n = a.ndim();
    let (batch, mats) = matrices(function, a, square)?;
    let inner = inner(a.shape()[n - 2], a.shape()[n - 1]);
    let parts = mats
        .into_iter()
        .map(|m| f(m).map(|r| row_major(&r)))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(assemble(&batch, &inner, parts))
}

fn singular(function: &'static str) -> ApiError {
    ApiError::invalid(function, "nalgebra found the matrix singular")
}

fn det(x: &AnyArray) -> ApiResult<AnyArray> {
    float!("det", x, T, a => {
        let (batch, mats) = matrices("det", a, true)?;
        let dets = mats.into_iter().map(|m| vec![m.determinant()]);
        Ok(AnyArray::from(assemble::<T, _>(&batch, &[], dets)))
    })
}

fn inv(x: &AnyArray) -> ApiResult<AnyArray> {
    float!("inv", x, T, a => per_matrix::<T>("inv", a, true, |m| m.try_inverse().ok_or_else(|| singular("inv")), |m, n| vec![m, n]).map(AnyArray::from))
}

fn cholesky(x: &AnyArray, upper: bool) -> ApiResult<AnyArray> {
    float!("cholesky", x, T, a => per_matrix::<T>("cholesky", a, true, |m| {
        let l = m.cholesky().ok_or_else(|| ApiError::invalid("cholesky", "nalgebra found the matrix not positive definite"))?.l();
        Ok(if upper { l.transpose() } else { l })
    }, |m, n| vec![m, n]).map(AnyArray::from))
}

fn qr(x: &AnyArray, _mode: QrMode) -> ApiResult<Qr> {
    float!("qr", x, T, a => {
        // nalgebra's QR is the reduced one: `mode` has nothing to choose.
        let n = a.ndim();
        let (rows, cols) = if n >= 2 { (a.shape()[n - 2], a.shape()[n - 1]) } else { (0, 0) };
        let k = rows.min(cols);
        let (batch, mats) = matrices("qr", a, false)?;
        let factors: Vec<(Vec<T>, Vec<T>)> = mats
            .into_iter()
            .map(|m| {
                let qr = m.qr();
                (row_major(&qr.q()), row_major(&qr.r()))
            })
            .collect();
        let (qs, rs): (Vec<_>, Vec<_>) = factors.into_iter().unzip();
        Ok(Qr {
            q: AnyArray::from(assemble(&batch, &[rows, k], qs)),
            r: AnyArray::from(assemble(&batch, &[k, cols], rs)),
        })
    })
}

fn svd(x: &AnyArray, _full_matrices: bool) -> ApiResult<Svd> {
    float!("svd", x, T, a => {
        // nalgebra's SVD is the thin one: `full_matrices` has nothing to
        // choose.
        let n = a.ndim();
        let (rows, cols) = if n >= 2 { (a.shape()[n - 2], a.shape()[n - 1]) } else { (0, 0) };
        let k = rows.min(cols);
        let (batch, mats) = matrices("svd", a, false)?;
        let mut us = Vec::new();
        let mut ss = Vec::new();
        let mut vhs = Vec::new();
        for m in mats {
            let svd = SVD::new(m, true, true);
            us.push(row_major(&svd.u.expect("asked for U")));
            ss.push(svd.singular_values.as_slice().to_vec());
            vhs.push(row_major(&svd.v_t.expect("asked for V^T")));
        }
        Ok(Svd {
            u: AnyArray::from(assemble::<T, _>(&batch, &[rows, k], us)),
            s: AnyArray::from(assemble::<T, _>(&batch, &[k], ss)),
            vh: AnyArray::from(assemble::<T, _>(&batch, &[k, cols], vhs)),
        })
    })
}

fn svdvals(x: &AnyArray) -> ApiResult<AnyArray> {
    float!("svdvals", x, T, a => {
        let n = a.ndim();
        let k = if n >= 2 { a.shape()[n - 2].min(a.shape()[n - 1]) } else { 0 };
        let (batch, mats) = matrices("svdvals", a, false)?;
        let values = mats.into_iter().map(|m| m.singular_values().as_slice().to_vec());
        Ok(AnyArray::from(assemble::<T, _>(&batch, &[k], values)))
    })
}

fn eigh(x: &AnyArray) -> ApiResult<Eigh> {
    float!("eigh", x, T, a => {
        let n = a.ndim();
        let (batch, mats) = matrices("eigh", a, true)?;
        let side = a.shape()[n - 1];
        let mut values = Vec::new();
        let mut vectors = Vec::new();
        for m in mats {
            let e = SymmetricEigen::new(m);
            values.push(e.eigenvalues.as_slice().to_vec());
            vectors.push(row_major(&e.eigenvectors));
        }
        Ok(Eigh {
            eigenvalues: AnyArray::from(assemble::<T, _>(&batch, &[side], values)),
            eigenvectors: AnyArray::from(assemble::<T, _>(&batch, &[side, side], vectors)),
        })
    })
}

fn eigvalsh(x: &AnyArray) -> ApiResult<AnyArray> {
    float!("eigvalsh", x, T, a => {
        let n = a.ndim();
        let (batch, mats) = matrices("eigvalsh", a, true)?;
        let side = a.shape()[n - 1];
        let values = mats.into_iter().map(|m| m.symmetric_eigenvalues().as_slice().to_vec());
        Ok(AnyArray::from(assemble::<T, _>(&batch, &[side], values)))
    })
}

/// nalgebra's absolute `eps` for the standard's relative `rtol` (default
/// `max(M, N) * machine epsilon`) of a matrix with singular values `s`.
fn cutoff<T: RealField + Copy>(s: &[T], rows: usize, cols: usize, rtol: Option<f64>) -> T {
    let rtol = match rtol {
        Some(r) => nalgebra::convert::<f64, T>(r),
        None => nalgebra::convert::<f64, T>(rows.max(cols) as f64) * T::default_epsilon(),
    };
    let largest = s
        .iter()
        .copied()
        .fold(T::zero(), |m, v| if v > m { v } else { m });
    rtol * largest
}

fn matrix_rank(x: &AnyArray, rtol: Option<f64>) -> ApiResult<AnyArray> {
    float!("matrix_rank", x, T, a => {
        let (batch, mats) = matrices("matrix_rank", a, false)?;
        let ranks = mats.into_iter().map(|m| {
            let (rows, cols) = m.shape();
            let svd = SVD::new(m, false, false);
            let eps = cutoff::<T>(svd.singular_values.as_slice(), rows, cols, rtol);
            vec![svd.rank(eps) as i64]
        });
        Ok(AnyArray::from(assemble::<i64, _>(&batch, &[], ranks)))
    })
}

fn pinv(x: &AnyArray, rtol: Option<f64>) -> ApiResult<AnyArray> {
    float!("pinv", x, T, a => per_matrix::<T>("pinv", a, false, |m| {
        let (rows, cols) = m.shape();
        let svd = SVD::new(m, true, true);
        let eps = cutoff::<T>(svd.singular_values.as_slice(), rows, cols, rtol);
        svd.pseudo_inverse(eps).map_err(|e| ApiError::invalid("pinv", e))
    }, |m, n| vec![n, m]).map(AnyArray::from))
}

fn matrix_power(x: &AnyArray, n: i64) -> ApiResult<AnyArray> {
    const F: &str = "matrix_power";
    float!(F, x, T, a => per_matrix::<T>(F, a, true, |m| {
        let base = if n < 0 { m.try_inverse().ok_or_else(|| singular(F))? } else { m };
        let exp = u32::try_from(n.unsigned_abs()).map_err(|_| ApiError::invalid(F, "the power is too large"))?;
        Ok(base.pow(exp))
    }, |m, n| vec![m, n]).map(AnyArray::from))
}

/// The float dtype two operands are computed in, or an error.
fn float_operands(function: &'static str, x1: &AnyArray, x2: &AnyArray) -> ApiResult<DType> {
    match promote(x1.dtype(), x2.dtype()) {
        Some(d) if d.is_float() && x1.dtype().is_float() && x2.dtype().is_float() => Ok(d),
        Some(d) if d.is_complex() => Err(no_complex(function, d)),
        _ => Err(ApiError::invalid(
            function,
            format!(
                "expects floating-point operands, got {} and {}",
                x1.dtype(),
                x2.dtype()
            ),
        )),
    }
}

/// The glue maps no function onto nalgebra's complex matrices: a complex
/// input is not implemented for its dtype (the checks leave it out and
/// check the real ones), not an invalid argument.
fn no_complex(function: &'static str, dtype: DType) -> ApiError {
    ApiError::NotImplementedFor { function, dtype }
}

/// The numeric dtype two operands are computed in, or an error.
fn numeric_operands(function: &'static str, x1: &AnyArray, x2: &AnyArray) -> ApiResult<DType> {
    match promote(x1.dtype(), x2.dtype()) {
        Some(d) if d.is_numeric() => Ok(d),
        Some(d) if d.is_complex() => Err(no_complex(function, d)),
        _ => Err(ApiError::invalid(
            function,
            format!(
                "expects numeric operands that promote, got {} and {}",
                x1.dtype(),
                x2.dtype()
            ),
        )),
    }
}

/// `a` broadcast to `batch + inner`, as a stack of matrices.
fn broadcast_stack<T: Scalar + Copy>(
    function: &'static str,
    a: &ArrayD<T>,
    batch: &[usize],
) -> ApiResult<Vec<DMatrix<T>>> {
    let n = a.ndim();
    let mut shape = batch.to_vec();
    shape.extend_from_slice(&a.shape()[n - 2..]);
    let b = a
        .broadcast(IxDyn(&shape))
        .ok_or_else(|| ApiError::invalid(function, "batch shapes do not broadcast"))?
        .to_owned();
    Ok(matrices(function, &b, false)?.1)
}

fn solve(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    const F: &str = "solve";
    let dtype = float_operands(F, x1, x2)?;
    if x1.ndim() < 2 || x2.ndim() == 0 {
        return Err(ApiError::invalid(F, "x1 must be a stack of matrices"));
    }
    let side = x1.shape()[x1.ndim() - 1];
    if x1.shape()[x1.ndim() - 2] != side {
        return Err(ApiError::invalid(F, "x1 must be square"));
    }
    let vector = x2.ndim() == 1;
    float_dtype!(dtype, T => {
        let (a, b) = (T::from_any(x1), T::from_any(x2));
        let b = if vector { b.insert_axis(Axis(1)) } else { b };
        if b.shape()[b.ndim() - 2] != side {
            return Err(ApiError::invalid(F, "x2's rows must match x1's"));
        }
        let k = b.shape()[b.ndim() - 1];
        let batch = if vector {
            a.shape()[..a.ndim() - 2].to_vec()
        } else {
            broadcast_shapes(F, &[&a.shape()[..a.ndim() - 2], &b.shape()[..b.ndim() - 2]])?
        };
        let lefts = broadcast_stack(F, &a, &batch)?;
        let rights = broadcast_stack(F, &b, &batch)?;
        let parts = lefts
            .into_iter()
            .zip(rights)
            .map(|(l, r)| l.lu().solve(&r).map(|s| row_major(&s)).ok_or_else(|| singular(F)))
            .collect::<ApiResult<Vec<_>>>()?;
        let inner = if vector { vec![side] } else { vec![side, k] };
        Ok(AnyArray::from(assemble::<T, _>(&batch, &inner, parts)))
    })
}

/// `matmul`: nalgebra's matrix product for each matrix of the broadcast
/// batch, a 1-d operand made a matrix and its axis removed again.
fn matmul(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    const F: &str = "matmul";
    let dtype = numeric_operands(F, x1, x2)?;
    if x1.ndim() == 0 || x2.ndim() == 0 {
        return Err(ApiError::invalid(
            F,
            "operands must have at least one dimension",
        ));
    }
    numeric!(dtype, T => matmul_typed(T::from_any(x1), T::from_any(x2)).map(AnyArray::from))
}

fn matmul_typed<T>(a: ArrayD<T>, b: ArrayD<T>) -> ApiResult<ArrayD<T>>
where
    T: Scalar + Copy + Zero + One + ClosedAddAssign + ClosedMulAssign,
{
    const F: &str = "matmul";
    let (a_vector, b_vector) = (a.ndim() == 1, b.ndim() == 1);
    let a = if a_vector { a.insert_axis(Axis(0)) } else { a };
    let b = if b_vector { b.insert_axis(Axis(1)) } else { b };
    let (an, bn) = (a.ndim(), b.ndim());
    let (m, k, k2, n) = (
        a.shape()[an - 2],
        a.shape()[an - 1],
        b.shape()[bn - 2],
        b.shape()[bn - 1],
    );
    if k != k2 {
        return Err(ApiError::invalid(
            F,
            format!("inner sides differ: {:?} and {:?}", a.shape(), b.shape()),
        ));
    }
    let batch = broadcast_shapes(F, &[&a.shape()[..an - 2], &b.shape()[..bn - 2]])?;
    let lefts = broadcast_stack(F, &a, &batch)?;
    let rights = broadcast_stack(F, &b, &batch)?;
    let parts = lefts
        .into_iter()
        .zip(rights)
        .map(|(l, r)| row_major(&(l * r)));
    let mut out = assemble::<T, _>(&batch, &[m, n], parts);
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

/// `outer`: nalgebra's product of a column by a row.
fn outer(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    const F: &str = "outer";
    let dtype = numeric_operands(F, x1, x2)?;
    if x1.ndim() != 1 || x2.ndim() != 1 {
        return Err(ApiError::invalid(F, "operands must be one-dimensional"));
    }
    let (m, n) = (x1.len(), x2.len());
    numeric!(dtype, T => {
        let (a, b) = (T::from_any(x1), T::from_any(x2));
        let column = DMatrix::from_iterator(m, 1, a.iter().copied());
        let row = DMatrix::from_iterator(1, n, b.iter().copied());
        Ok(AnyArray::from(assemble::<T, _>(&[], &[m, n], [row_major(&(column * row))])))
    })
}

/// The functions this backend provides.
pub fn ops() -> Ops {
    Ops::NONE
        .det(det)
        .inv(inv)
        .solve(solve)
        .cholesky(cholesky)
        .qr(qr)
        .svd(svd)
        .svdvals(svdvals)
        .eigh(eigh)
        .eigvalsh(eigvalsh)
        .matrix_rank(matrix_rank)
        .pinv(pinv)
        .matrix_power(matrix_power)
        .matmul(matmul)
        .outer(outer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2};

    #[test]
    fn matrices_go_through_nalgebra_and_back_in_row_major_order() {
        let b = backend();
        let x = AnyArray::from(arr2(&[[4.0f64, 7.0], [2.0, 6.0]]).into_dyn());
        assert_eq!(b.det(&x).unwrap().to_f64_vec(), vec![10.0]);
        let i = b.inv(&x).unwrap().to_f64_vec();
        let expected = [0.6, -0.7, -0.2, 0.4];
        assert!(i.iter().zip(expected).all(|(a, e)| (a - e).abs() < 1e-12));
        let v = AnyArray::from(arr1(&[1i8, 2]).into_dyn());
        let m = AnyArray::from(arr2(&[[1i16, 2, 3], [4, 5, 6]]).into_dyn());
        let p = b.matmul(&v, &m).unwrap();
        assert_eq!(p.dtype(), DType::Int16);
        assert_eq!(p.to_f64_vec(), vec![9.0, 12.0, 15.0]);
        assert!(b
            .inv(&AnyArray::from(
                arr2(&[[1.0f32, 2.0], [2.0, 4.0]]).into_dyn()
            ))
            .is_err());
    }
}
