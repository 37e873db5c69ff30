//! The `linalg` extension of the reference: `cholesky`, `cross`, `det`,
//! `inv`, `matrix_norm`, `outer`, `qr`, `solve`, `trace`, `vector_norm`.
//!
//! Matrix functions work on stacks of matrices (the last two axes; leading
//! axes are batch axes) and compute in the input's float precision (f32 in
//! f32), with small textbook algorithms:
//! - `det`: LU with partial pivoting (largest magnitude, first on ties); a
//!   zero pivot makes the determinant zero. The 0×0 determinant is 1.
//! - `inv`, `solve`: Gaussian elimination with partial pivoting; an exactly
//!   zero pivot (a singular matrix) is an `InvalidArgument`.
//! - `cholesky`: reads the lower triangle only; a matrix that is not
//!   positive definite (a pivot that is not > 0, NaN included) is an
//!   `InvalidArgument`. `upper=true` returns the transpose `U` (`A = UᵀU`).
//! - `qr`: Householder reflections, then the sign of each row of `R` (and
//!   column of `Q`) is chosen so that `R`'s diagonal is non-negative, which
//!   makes the reduced factorisation of a full-rank matrix unique.
//! - singular values (for `matrix_norm` `nuc` and `±2`): one-sided Jacobi.
//!
//! Choices where the standard is silent or leaves room:
//! - `solve`: `x2` of one dimension is a vector `(M,)` (result `(..., M)`),
//!   anything else a stack of matrices `(..., M, K)`; batch axes broadcast.
//! - `cross` and `outer` accept numeric inputs of one kind (promoted,
//!   integers wrap); `cross`'s axis must be in `[-N, -1]` (`N` the smaller
//!   rank), sized 3 in both, and is not broadcast, the others are.
//! - `trace` refuses `bool` and sums like `sum` (int64/uint64/same float).
//! - `vector_norm` with `ord=±inf` of an empty reduction, and
//!   `matrix_norm` orders whose max/min runs over nothing (`±1` with no
//!   columns, `±inf` with no rows, `±2` of an empty matrix), are
//!   `InvalidArgument`s (NumPy raises there); `fro` and `nuc` of an empty
//!   matrix are 0, and so are the finite-order vector norms of nothing.
//! - `vector_norm` with `ord=0` counts the non-zero elements, NaN included
//!   (as NumPy).

use conformance_strategies::{with_numeric_array, AnyArray};
use ndarray::ArrayD;

use super::elements::{
    bad_dtype, empty_reduction, fold1, from_vec, numeric_pair, promote_all, reduce, require_float,
    to_vec, typed, with_float_array, Elem, Float, Num,
};
use super::linear_algebra::{batch_of, broadcast_vectors, Stack};
use super::statistical::reduce_axes;
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::{MatrixNormOrd, Qr, QrMode, Reduce};
use array_api::shape::reduced_count;

/// The linalg extension functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .cholesky(cholesky)
        .cross(cross)
        .det(det)
        .inv(inv)
        .matrix_norm(matrix_norm)
        .outer(outer)
        .qr(qr)
        .solve(solve)
        .trace(trace)
        .vector_norm(vector_norm)
}

/// An error unless `x` is a stack of matrices (square when `square`).
pub(crate) fn require_matrices(
    function: &'static str,
    x: &AnyArray,
    square: bool,
) -> ApiResult<()> {
    let nd = x.ndim();
    if nd < 2 {
        return Err(ApiError::invalid(
            function,
            format!("x must have at least two dimensions, got {nd}"),
        ));
    }
    if square && x.shape()[nd - 1] != x.shape()[nd - 2] {
        return Err(ApiError::invalid(
            function,
            format!("the matrices must be square, got shape {:?}", x.shape()),
        ));
    }
    Ok(())
}

/// The matrices of `a` with their own batch axes.
pub(crate) fn stack_of<T: Copy>(a: &ArrayD<T>) -> Stack<T> {
    let batch = &a.shape()[..a.ndim() - 2];
    Stack::of(&a.view(), batch).expect("an array broadcasts to its own shape")
}

/// Runs `f` on each matrix of `a` (each giving `rows × cols` values) and
/// assembles `batch ++ [rows, cols]`.
pub(crate) fn per_matrix<T: Float, U: Clone>(
    a: &ArrayD<T>,
    rows: usize,
    cols: usize,
    mut f: impl FnMut(&[T], usize, usize) -> ApiResult<Vec<U>>,
) -> ApiResult<ArrayD<U>> {
    let s = stack_of(a);
    let mut data = Vec::with_capacity(s.count() * rows * cols);
    for i in 0..s.count() {
        data.extend(f(s.matrix(i), s.rows, s.cols)?);
    }
    let mut shape = s.batch.clone();
    shape.extend([rows, cols]);
    Ok(from_vec(&shape, data))
}

fn abs_gt<T: Float>(a: T, b: T) -> bool {
    a.abs() > b.abs()
}

/// The row of the largest-magnitude entry of column `k` from row `k` on.
pub(crate) fn pivot_row<T: Float>(a: &[T], n: usize, k: usize) -> usize {
    let mut p = k;
    for i in k + 1..n {
        if abs_gt(a[i * n + k], a[p * n + k]) {
            p = i;
        }
    }
    p
}

fn det_of<T: Float>(m: &[T], n: usize) -> T {
    let mut a = m.to_vec();
    let mut det = T::ONE;
    for k in 0..n {
        let p = pivot_row(&a, n, k);
        if p != k {
            for j in 0..n {
                a.swap(k * n + j, p * n + j);
            }
            det = -det;
        }
        let pivot = a[k * n + k];
        det = det * pivot;
        if pivot == T::ZERO {
            continue;
        }
        for i in k + 1..n {
            let f = a[i * n + k] / pivot;
            for j in k + 1..n {
                a[i * n + j] = a[i * n + j] - f * a[k * n + j];
            }
        }
    }
    det
}

/// `A⁻¹ B` for `A` n×n and `B` n×k (row-major), or `None` when a pivot is
/// exactly zero.
pub(crate) fn solve_of<T: Float>(m: &[T], rhs: &[T], n: usize, k: usize) -> Option<Vec<T>> {
    let mut a = m.to_vec();
    let mut b = rhs.to_vec();
    for c in 0..n {
        let p = pivot_row(&a, n, c);
        if p != c {
            for j in 0..n {
                a.swap(c * n + j, p * n + j);
            }
            for j in 0..k {
                b.swap(c * k + j, p * k + j);
            }
        }
        let pivot = a[c * n + c];
        if pivot == T::ZERO {
            return None;
        }
        for i in c + 1..n {
            let f = a[i * n + c] / pivot;
            for j in c..n {
                a[i * n + j] = a[i * n + j] - f * a[c * n + j];
            }
            for j in 0..k {
                b[i * k + j] = b[i * k + j] - f * b[c * k + j];
            }
        }
    }
    let mut x = vec![T::ZERO; n * k];
    for i in (0..n).rev() {
        for j in 0..k {
            let mut s = b[i * k + j];
            for p in i + 1..n {
                s = s - a[i * n + p] * x[p * k + j];
            }
            x[i * k + j] = s / a[i * n + i];
        }
    }
    Some(x)
}

pub(crate) fn identity<T: Float>(n: usize) -> Vec<T> {
    let mut m = vec![T::ZERO; n * n];
    for i in 0..n {
        m[i * n + i] = T::ONE;
    }
    m
}

fn singular(function: &'static str) -> ApiError {
    ApiError::invalid(function, "the matrix is singular")
}

pub(crate) fn det(x: &AnyArray) -> ApiResult<AnyArray> {
    require_float("det", x)?;
    require_matrices("det", x, true)?;
    with_float_array!(x, a => {
        let s = stack_of(a);
        let d: Vec<_> = (0..s.count()).map(|i| det_of(s.matrix(i), s.rows)).collect();
        Ok(AnyArray::from(from_vec(&s.batch, d)))
    }, else unreachable!("checked to be floating-point"))
}

pub(crate) fn inv(x: &AnyArray) -> ApiResult<AnyArray> {
    require_float("inv", x)?;
    require_matrices("inv", x, true)?;
    let n = x.shape()[x.ndim() - 1];
    with_float_array!(x, a => Ok(AnyArray::from(per_matrix(a, n, n, |m, n, _| {
        solve_of(m, &identity(n), n, n).ok_or_else(|| singular("inv"))
    })?)), else unreachable!("checked to be floating-point"))
}

fn solve_typed<T: Float>(a: &ArrayD<T>, b: &ArrayD<T>) -> ApiResult<AnyArray> {
    const F: &str = "solve";
    let n = a.shape()[a.ndim() - 1];
    let vector = b.ndim() == 1;
    let bm = if vector {
        b.view().insert_axis(ndarray::Axis(1))
    } else {
        b.view()
    };
    if bm.ndim() < 2 || bm.shape()[bm.ndim() - 2] != n {
        return Err(ApiError::invalid(
            F,
            format!(
                "x2 of shape {:?} does not fit x1 of shape {:?}",
                b.shape(),
                a.shape()
            ),
        ));
    }
    let k = bm.shape()[bm.ndim() - 1];
    let batch = batch_of(F, a.shape(), bm.shape())?;
    let sa = Stack::of(&a.view(), &batch).expect("broadcast shape");
    let sb = Stack::of(&bm, &batch).expect("broadcast shape");
    let mut data = Vec::with_capacity(sa.count() * n * k);
    for i in 0..sa.count() {
        data.extend(solve_of(sa.matrix(i), sb.matrix(i), n, k).ok_or_else(|| singular(F))?);
    }
    let mut shape = batch;
    shape.push(n);
    if !vector {
        shape.push(k);
    }
    Ok(T::wrap(from_vec(&shape, data)))
}

pub(crate) fn solve(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    const F: &str = "solve";
    require_float(F, x1)?;
    require_float(F, x2)?;
    require_matrices(F, x1, true)?;
    if x2.ndim() == 0 {
        return Err(ApiError::invalid(F, "x2 must have at least one dimension"));
    }
    let (_, v) = promote_all(F, &[x1, x2])?;
    with_float_array!(&v[0], a => solve_typed(a, typed(F, &v[1])?),
        else unreachable!("checked to be floating-point"))
}

fn cholesky_of<T: Float>(a: &[T], n: usize, upper: bool) -> Option<Vec<T>> {
    let mut l = vec![T::ZERO; n * n];
    for j in 0..n {
        let mut d = a[j * n + j];
        for p in 0..j {
            d = d - l[j * n + p] * l[j * n + p];
        }
        if d.is_nan() || d <= T::ZERO {
            return None;
        }
        let djj = d.sqrt();
        l[j * n + j] = djj;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for p in 0..j {
                s = s - l[i * n + p] * l[j * n + p];
            }
            l[i * n + j] = s / djj;
        }
    }
    if upper {
        let mut u = vec![T::ZERO; n * n];
        for i in 0..n {
            for j in 0..n {
                u[j * n + i] = l[i * n + j];
            }
        }
        l = u;
    }
    Some(l)
}

pub(crate) fn cholesky(x: &AnyArray, upper: bool) -> ApiResult<AnyArray> {
    const F: &str = "cholesky";
    require_float(F, x)?;
    require_matrices(F, x, true)?;
    let n = x.shape()[x.ndim() - 1];
    with_float_array!(x, a => Ok(AnyArray::from(per_matrix(a, n, n, |m, n, _| {
        cholesky_of(m, n, upper).ok_or_else(|| ApiError::invalid(F, "the matrix is not positive definite"))
    })?)), else unreachable!("checked to be floating-point"))
}

/// Householder QR of an m×n matrix: `(Q m×m, R m×n)` with `R`'s diagonal
/// non-negative.
fn qr_of<T: Float>(a: &[T], m: usize, n: usize) -> (Vec<T>, Vec<T>) {
    let mut r = a.to_vec();
    let mut q = identity::<T>(m);
    let two = T::ONE + T::ONE;
    for j in 0..m.min(n) {
        let norm = (j..m)
            .fold(T::ZERO, |s, i| s + r[i * n + j] * r[i * n + j])
            .sqrt();
        if norm == T::ZERO || !norm.is_finite() {
            continue;
        }
        let x0 = r[j * n + j];
        let alpha = if x0 < T::ZERO { norm } else { -norm };
        let mut v: Vec<T> = (j..m).map(|i| r[i * n + j]).collect();
        v[0] = v[0] - alpha;
        let vnorm = v.iter().fold(T::ZERO, |s, &x| s + x * x).sqrt();
        if vnorm == T::ZERO {
            continue;
        }
        for x in &mut v {
            *x = *x / vnorm;
        }
        // R ← (I - 2vvᵀ) R on rows j.., Q ← Q (I - 2vvᵀ) on columns j..
        for c in 0..n {
            let dot = (j..m).fold(T::ZERO, |s, i| s + v[i - j] * r[i * n + c]);
            for i in j..m {
                r[i * n + c] = r[i * n + c] - two * v[i - j] * dot;
            }
        }
        for row in 0..m {
            let dot = (j..m).fold(T::ZERO, |s, i| s + q[row * m + i] * v[i - j]);
            for i in j..m {
                q[row * m + i] = q[row * m + i] - two * dot * v[i - j];
            }
        }
        // Exact zeros below the diagonal.
        for i in j + 1..m {
            r[i * n + j] = T::ZERO;
        }
    }
    for i in 0..m.min(n) {
        if r[i * n + i] < T::ZERO {
            for c in 0..n {
                r[i * n + c] = -r[i * n + c];
            }
            for row in 0..m {
                q[row * m + i] = -q[row * m + i];
            }
        }
    }
    (q, r)
}

fn qr_typed<T: Float>(a: &ArrayD<T>, mode: QrMode) -> Qr {
    let s = stack_of(a);
    let (m, n) = (s.rows, s.cols);
    let k = match mode {
        QrMode::Reduced => m.min(n),
        QrMode::Complete => m,
    };
    let (mut qd, mut rd) = (Vec::new(), Vec::new());
    for b in 0..s.count() {
        let (q, r) = qr_of(s.matrix(b), m, n);
        for row in 0..m {
            qd.extend_from_slice(&q[row * m..row * m + k]);
        }
        rd.extend_from_slice(&r[..k * n]);
    }
    let mut qs = s.batch.clone();
    qs.extend([m, k]);
    let mut rs = s.batch.clone();
    rs.extend([k, n]);
    Qr {
        q: T::wrap(from_vec(&qs, qd)),
        r: T::wrap(from_vec(&rs, rd)),
    }
}

pub(crate) fn qr(x: &AnyArray, mode: QrMode) -> ApiResult<Qr> {
    require_float("qr", x)?;
    require_matrices("qr", x, false)?;
    with_float_array!(x, a => Ok(qr_typed(a, mode)), else unreachable!("checked to be floating-point"))
}

/// The singular values of an m×n matrix, descending: those of the matrix
/// scaled by a power of two that brings its largest entry near 1 (exact),
/// so that the sums of squares neither underflow (float32 `[[1e-38]]` gave
/// 0) nor overflow (`[[1e300, 1e300]]` gave inf), then scaled back.
pub(crate) fn singular_values<T: Float>(a: &[T], m: usize, n: usize) -> Vec<T> {
    let largest = a.iter().fold(0.0f64, |acc, x| acc.max(x.to_f64().abs()));
    if !(largest.is_finite() && largest > 0.0) {
        return jacobi_singular_values(a, m, n);
    }
    // 2^-k in two factors, each finite even for subnormal or huge entries.
    let k = largest.log2().floor() as i32;
    let (down, rest) = (-k / 2, -k - (-k / 2));
    let scale = |x: f64, e1: i32, e2: i32| x * 2f64.powi(e1) * 2f64.powi(e2);
    let scaled: Vec<T> = a
        .iter()
        .map(|&x| T::from_f64(scale(x.to_f64(), down, rest)))
        .collect();
    jacobi_singular_values(&scaled, m, n)
        .into_iter()
        .map(|s| T::from_f64(scale(s.to_f64(), -down, -rest)))
        .collect()
}

/// The singular values of an m×n matrix, by one-sided Jacobi, descending.
fn jacobi_singular_values<T: Float>(a: &[T], m: usize, n: usize) -> Vec<T> {
    // Work on columns of a tall matrix (transpose a wide one).
    let (rows, cols, mut u) = if m >= n {
        (m, n, a.to_vec())
    } else {
        let mut t = vec![T::ZERO; m * n];
        for i in 0..m {
            for j in 0..n {
                t[j * m + i] = a[i * n + j];
            }
        }
        (n, m, t)
    };
    for _sweep in 0..100 {
        let mut rotated = false;
        for p in 0..cols {
            for q in p + 1..cols {
                let (mut alpha, mut beta, mut gamma) = (T::ZERO, T::ZERO, T::ZERO);
                for i in 0..rows {
                    let (x, y) = (u[i * cols + p], u[i * cols + q]);
                    alpha = alpha + x * x;
                    beta = beta + y * y;
                    gamma = gamma + x * y;
                }
                let significant = gamma.abs() > T::EPSILON * (alpha * beta).sqrt();
                if !significant {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (gamma + gamma);
                let sign = if zeta < T::ZERO { -T::ONE } else { T::ONE };
                let t = sign / (zeta.abs() + (T::ONE + zeta * zeta).sqrt());
                let c = T::ONE / (T::ONE + t * t).sqrt();
                let s = c * t;
                for i in 0..rows {
                    let (x, y) = (u[i * cols + p], u[i * cols + q]);
                    u[i * cols + p] = c * x - s * y;
                    u[i * cols + q] = s * x + c * y;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let mut sv: Vec<T> = (0..cols)
        .map(|j| {
            (0..rows)
                .fold(T::ZERO, |s, i| s + u[i * cols + j] * u[i * cols + j])
                .sqrt()
        })
        .collect();
    sv.sort_by(|a, b| b.sort_cmp(a));
    sv
}

/// The max (`larger`) or min of non-empty `v`, NaN if any is NaN.
fn extreme<T: Float>(v: &[T], larger: bool) -> T {
    let mut best = v[0];
    for &x in v {
        if x.is_nan() {
            return x;
        }
        if (larger && x > best) || (!larger && x < best) {
            best = x;
        }
    }
    best
}

fn matrix_norm_of<T: Float>(a: &[T], m: usize, n: usize, ord: MatrixNormOrd) -> ApiResult<T> {
    const F: &str = "matrix_norm";
    let sums = |by_rows: bool| -> Vec<T> {
        let (outer, inner) = if by_rows { (m, n) } else { (n, m) };
        (0..outer)
            .map(|o| {
                (0..inner).fold(T::ZERO, |s, i| {
                    let v = if by_rows { a[o * n + i] } else { a[i * n + o] };
                    s + v.abs()
                })
            })
            .collect()
    };
    let pick = |v: Vec<T>, larger: bool| {
        if v.is_empty() {
            Err(empty_reduction(F))
        } else {
            Ok(extreme(&v, larger))
        }
    };
    match ord {
        MatrixNormOrd::Frobenius => Ok(a.iter().fold(T::ZERO, |s, &v| s + v * v).sqrt()),
        MatrixNormOrd::Nuclear => Ok(singular_values(a, m, n)
            .into_iter()
            .fold(T::ZERO, |s, v| s + v)),
        MatrixNormOrd::Order(o) if o == 1.0 || o == -1.0 => pick(sums(false), o > 0.0),
        MatrixNormOrd::Order(o) if o.is_infinite() => pick(sums(true), o > 0.0),
        MatrixNormOrd::Order(o) if o == 2.0 || o == -2.0 => pick(singular_values(a, m, n), o > 0.0),
        MatrixNormOrd::Order(o) => Err(ApiError::invalid(
            F,
            format!("ord {o} is not one of 1, -1, 2, -2, inf, -inf, 'fro', 'nuc'"),
        )),
    }
}

pub(crate) fn matrix_norm(x: &AnyArray, keepdims: bool, ord: MatrixNormOrd) -> ApiResult<AnyArray> {
    const F: &str = "matrix_norm";
    require_float(F, x)?;
    require_matrices(F, x, false)?;
    if let MatrixNormOrd::Order(o) = ord {
        if ![1.0, -1.0, 2.0, -2.0].contains(&o) && !o.is_infinite() {
            return Err(ApiError::invalid(
                F,
                format!("ord {o} is not one of 1, -1, 2, -2, inf, -inf, 'fro', 'nuc'"),
            ));
        }
    }
    with_float_array!(x, a => {
        let s = stack_of(a);
        let norms = (0..s.count())
            .map(|i| matrix_norm_of(s.matrix(i), s.rows, s.cols, ord))
            .collect::<ApiResult<Vec<_>>>()?;
        let mut shape = s.batch.clone();
        if keepdims {
            shape.extend([1, 1]);
        }
        Ok(AnyArray::from(from_vec(&shape, norms)))
    }, else unreachable!("checked to be floating-point"))
}

fn vector_norm_of<T: Float>(v: &[T], ord: f64) -> T {
    let sum_abs_pow = |p: T| v.iter().fold(T::ZERO, |s, &x| s + x.abs().powf(p));
    if ord.is_infinite() {
        let abs: Vec<T> = v.iter().map(|x| x.abs()).collect();
        extreme(&abs, ord > 0.0)
    } else if ord == 0.0 {
        // The count of non-zero elements; NaN counts as non-zero (NumPy).
        T::from_usize(v.iter().filter(|x| x.truthy()).count())
    } else if ord == 1.0 {
        v.iter().fold(T::ZERO, |s, &x| s + x.abs())
    } else if ord == 2.0 {
        v.iter().fold(T::ZERO, |s, &x| s + x * x).sqrt()
    } else {
        let p = T::from_f64(ord);
        sum_abs_pow(p).powf(T::ONE / p)
    }
}

pub(crate) fn vector_norm(x: &AnyArray, args: &Reduce, ord: f64) -> ApiResult<AnyArray> {
    const F: &str = "vector_norm";
    require_float(F, x)?;
    if ord.is_nan() {
        return Err(ApiError::invalid(F, "ord must not be NaN"));
    }
    let axes = reduce_axes(F, x, args)?;
    if ord.is_infinite() && reduced_count(x.shape(), &axes) == 0 {
        return Err(empty_reduction(F));
    }
    with_float_array!(x, a => Ok(AnyArray::from(
        reduce(&a.view(), &axes, args.keepdims, |l| vector_norm_of(l, ord)))),
        else unreachable!("checked to be floating-point"))
}

fn outer_typed<T: Num>(a: &ArrayD<T>, b: &ArrayD<T>) -> AnyArray {
    let (va, vb) = (to_vec(&a.view()), to_vec(&b.view()));
    let data: Vec<T> = va
        .iter()
        .flat_map(|&x| vb.iter().map(move |&y| x.mul(y)))
        .collect();
    T::wrap(from_vec(&[va.len(), vb.len()], data))
}

pub(crate) fn outer(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    const F: &str = "outer";
    if x1.ndim() != 1 || x2.ndim() != 1 {
        return Err(ApiError::invalid(F, "x1 and x2 must be one-dimensional"));
    }
    let v = numeric_pair(F, x1, x2)?;
    with_numeric_array!(&v[0], a => Ok(outer_typed(a, typed(F, &v[1])?)),
        else unreachable!("checked to be numeric"))
}

fn cross_typed<T: Num>(a: &ArrayD<T>, b: &ArrayD<T>, axis: isize) -> ApiResult<AnyArray> {
    const F: &str = "cross";
    fn last<T>(x: &ArrayD<T>, axis: isize) -> ndarray::ArrayViewD<'_, T> {
        let nd = x.ndim();
        let ax = (nd as isize + axis) as usize;
        let mut order: Vec<usize> = (0..nd).filter(|&d| d != ax).collect();
        order.push(ax);
        x.view().permuted_axes(order.as_slice())
    }
    let (va, vb) = (last(a, axis), last(b, axis));
    if va.shape()[va.ndim() - 1] != 3 || vb.shape()[vb.ndim() - 1] != 3 {
        return Err(ApiError::invalid(
            F,
            format!(
                "axis {axis} must have size 3 in both {:?} and {:?}",
                a.shape(),
                b.shape()
            ),
        ));
    }
    let (mut full, da, db) = broadcast_vectors(F, &va, &vb, 3)?;
    full.push(3);
    let mut out = Vec::with_capacity(da.len());
    for (u, w) in da.chunks(3).zip(db.chunks(3)) {
        out.push(u[1].mul(w[2]).sub(u[2].mul(w[1])));
        out.push(u[2].mul(w[0]).sub(u[0].mul(w[2])));
        out.push(u[0].mul(w[1]).sub(u[1].mul(w[0])));
    }
    // The vector axis goes back to its place, counted from the end.
    let moved = from_vec(&full, out);
    let nd = full.len();
    let place = (nd as isize + axis) as usize;
    let mut back: Vec<usize> = (0..nd - 1).collect();
    back.insert(place, nd - 1);
    Ok(T::wrap(super::elements::c_order(
        moved.permuted_axes(back.as_slice()),
    )))
}

pub(crate) fn cross(x1: &AnyArray, x2: &AnyArray, axis: isize) -> ApiResult<AnyArray> {
    const F: &str = "cross";
    let v = numeric_pair(F, x1, x2)?;
    let n = x1.ndim().min(x2.ndim()) as isize;
    if axis < -n || axis > -1 {
        return Err(ApiError::invalid(
            F,
            format!("axis {axis} is not in [-{n}, -1]"),
        ));
    }
    with_numeric_array!(&v[0], a => cross_typed(a, typed(F, &v[1])?, axis),
        else unreachable!("checked to be numeric"))
}

fn trace_typed<T: Elem>(a: &ArrayD<T>, offset: isize) -> AnyArray {
    let nd = a.ndim();
    let (m, n) = (a.shape()[nd - 2], a.shape()[nd - 1]);
    let batch = a.shape()[..nd - 2].to_vec();
    let s = Stack::of(&a.view(), &batch).expect("an array broadcasts to its own shape");
    let sums: Vec<T::Acc> = (0..s.count())
        .map(|b| {
            let mat = s.matrix(b);
            let diagonal = (0..m)
                .filter_map(|i| {
                    let j = i as isize + offset;
                    (j >= 0 && (j as usize) < n).then(|| mat[i * n + j as usize])
                })
                .map(|v| v.widen());
            fold1(diagonal, <T::Acc as Num>::ZERO, Num::add)
        })
        .collect();
    <T::Acc as conformance_strategies::ArrayElement>::wrap(from_vec(&batch, sums))
}

pub(crate) fn trace(x: &AnyArray, offset: isize) -> ApiResult<AnyArray> {
    const F: &str = "trace";
    require_matrices(F, x, false)?;
    with_numeric_array!(x, a => Ok(trace_typed(a, offset)),
        else Err(bad_dtype(F, "a numeric array", x.dtype())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::DType;
    use ndarray::{arr1, arr2, arr3, Axis, IxDyn};

    fn f64s(x: &AnyArray) -> Vec<f64> {
        x.to_f64_vec()
    }

    fn close(a: &[f64], b: &[f64], tol: f64) {
        assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= tol, "{a:?} vs {b:?}");
        }
    }

    fn m(rows: &[[f64; 2]]) -> AnyArray {
        AnyArray::from(arr2(rows).into_dyn())
    }

    #[test]
    fn det_and_inv() {
        let a = m(&[[4.0, 7.0], [2.0, 6.0]]);
        close(&f64s(&det(&a).unwrap()), &[10.0], 1e-12);
        close(&f64s(&inv(&a).unwrap()), &[0.6, -0.7, -0.2, 0.4], 1e-12);
        let sing = m(&[[1.0, 2.0], [2.0, 4.0]]);
        assert_eq!(f64s(&det(&sing).unwrap()), vec![0.0]);
        assert!(matches!(inv(&sing), Err(ApiError::InvalidArgument { .. })));
        // A row swap flips the sign; a transposed layout reads the same.
        let mut p = arr2(&[[0.0f32, 1.0], [1.0, 0.0]]).into_dyn();
        p.swap_axes(0, 1);
        let d = det(&AnyArray::from(p)).unwrap();
        assert_eq!(d.dtype(), DType::Float32);
        assert_eq!(f64s(&d), vec![-1.0]);
        let st = AnyArray::from(
            arr3(&[[[2.0f64, 0.0], [0.0, 3.0]], [[1.0, 1.0], [0.0, 1.0]]]).into_dyn(),
        );
        assert_eq!(f64s(&det(&st).unwrap()), vec![6.0, 1.0]);
        assert_eq!(inv(&st).unwrap().shape(), &[2, 2, 2]);
        let empty = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[0, 0])));
        assert_eq!(f64s(&det(&empty).unwrap()), vec![1.0]);
        assert!(det(&AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[2, 3])))).is_err());
        assert!(det(&AnyArray::from(arr2(&[[1i32]]).into_dyn())).is_err());
    }

    #[test]
    fn solve_vectors_and_matrices() {
        let a = m(&[[3.0, 1.0], [1.0, 2.0]]);
        let b = AnyArray::from(arr1(&[9.0f64, 8.0]).into_dyn());
        let x = solve(&a, &b).unwrap();
        assert_eq!(x.shape(), &[2]);
        close(&f64s(&x), &[2.0, 3.0], 1e-12);
        let bm = AnyArray::from(arr3(&[[[9.0f32, 1.0], [8.0, 2.0]]]).into_dyn());
        let x = solve(&a, &bm).unwrap();
        assert_eq!(x.shape(), &[1, 2, 2]);
        assert_eq!(x.dtype(), DType::Float64);
        close(&f64s(&x), &[2.0, 0.0, 3.0, 1.0], 1e-12);
        assert!(solve(&m(&[[0.0, 0.0], [0.0, 0.0]]), &b).is_err());
        assert!(solve(&a, &AnyArray::from(arr1(&[1.0f64, 2.0, 3.0]).into_dyn())).is_err());
    }

    #[test]
    fn cholesky_lower_and_upper() {
        let a = m(&[[4.0, 2.0], [2.0, 5.0]]);
        close(
            &f64s(&cholesky(&a, false).unwrap()),
            &[2.0, 0.0, 1.0, 2.0],
            1e-12,
        );
        close(
            &f64s(&cholesky(&a, true).unwrap()),
            &[2.0, 1.0, 0.0, 2.0],
            1e-12,
        );
        assert!(cholesky(&m(&[[1.0, 2.0], [2.0, 1.0]]), false).is_err());
        assert!(cholesky(&m(&[[f64::NAN, 0.0], [0.0, 1.0]]), false).is_err());
    }

    #[test]
    fn qr_reconstructs_with_a_non_negative_diagonal() {
        let data = [[1.0, -2.0], [-3.0, 4.0], [5.0, 6.0]];
        let x = AnyArray::from(arr2(&data).into_dyn());
        for mode in [QrMode::Reduced, QrMode::Complete] {
            let Qr { q, r } = qr(&x, mode).unwrap();
            let k = if mode == QrMode::Reduced { 2 } else { 3 };
            assert_eq!(q.shape(), &[3, k]);
            assert_eq!(r.shape(), &[k, 2]);
            let (q, r) = (q.as_typed::<f64>().unwrap(), r.as_typed::<f64>().unwrap());
            for i in 0..3 {
                for j in 0..2 {
                    let v: f64 = (0..k).map(|p| q[[i, p]] * r[[p, j]]).sum();
                    assert!((v - data[i][j]).abs() < 1e-12);
                }
            }
            for a in 0..k {
                for b in 0..k {
                    let d: f64 = (0..3).map(|i| q[[i, a]] * q[[i, b]]).sum();
                    assert!((d - f64::from(u8::from(a == b))).abs() < 1e-12);
                }
            }
            assert!(r[[0, 0]] >= 0.0 && r[[1, 1]] >= 0.0 && r[[1, 0]] == 0.0);
        }
        // R[0,0] is the norm of the first column.
        let r = qr(&x, QrMode::Reduced).unwrap().r;
        assert!((r.to_f64_vec()[0] - 35f64.sqrt()).abs() < 1e-12);
        let wide = AnyArray::from(arr2(&[[0.0f32, 2.0, 1.0], [3.0, 0.0, 1.0]]).into_dyn());
        let Qr { q, r } = qr(&wide, QrMode::Reduced).unwrap();
        assert_eq!((q.shape(), r.shape()), (&[2usize, 2][..], &[2usize, 3][..]));
        close(&r.to_f64_vec(), &[3.0, 0.0, 1.0, 0.0, 2.0, 1.0], 1e-6);
        assert!(qr(&AnyArray::from(arr1(&[1.0f64]).into_dyn()), QrMode::Reduced).is_err());
    }

    #[test]
    fn matrix_norms() {
        let a = m(&[[1.0, -2.0], [3.0, 4.0]]);
        let n = |ord| f64s(&matrix_norm(&a, false, ord).unwrap())[0];
        assert!((n(MatrixNormOrd::Frobenius) - 30f64.sqrt()).abs() < 1e-12);
        assert_eq!(n(MatrixNormOrd::Order(1.0)), 6.0);
        assert_eq!(n(MatrixNormOrd::Order(-1.0)), 4.0);
        assert_eq!(n(MatrixNormOrd::Order(f64::INFINITY)), 7.0);
        assert_eq!(n(MatrixNormOrd::Order(f64::NEG_INFINITY)), 3.0);
        // Singular values: s1*s2 = |det| = 10, s1²+s2² = 30.
        let s1 = (15.0 + 125f64.sqrt()).sqrt();
        let s2 = 10.0 / s1;
        assert!((n(MatrixNormOrd::Order(2.0)) - s1).abs() < 1e-12);
        assert!((n(MatrixNormOrd::Order(-2.0)) - s2).abs() < 1e-12);
        assert!((n(MatrixNormOrd::Nuclear) - (s1 + s2)).abs() < 1e-12);
        let k = matrix_norm(&a, true, MatrixNormOrd::Frobenius).unwrap();
        assert_eq!(k.shape(), &[1, 1]);
        assert!(matrix_norm(&a, false, MatrixNormOrd::Order(3.0)).is_err());
        let wide = AnyArray::from(arr3(&[[[3.0f32, 0.0, 4.0]], [[0.0, 0.0, 0.0]]]).into_dyn());
        assert_eq!(
            f64s(&matrix_norm(&wide, false, MatrixNormOrd::Order(2.0)).unwrap()),
            vec![5.0, 0.0]
        );
        let empty = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[0, 3])));
        assert_eq!(
            f64s(&matrix_norm(&empty, false, MatrixNormOrd::Frobenius).unwrap()),
            vec![0.0]
        );
        assert_eq!(
            f64s(&matrix_norm(&empty, false, MatrixNormOrd::Order(1.0)).unwrap()),
            vec![0.0]
        );
        assert!(matrix_norm(&empty, false, MatrixNormOrd::Order(f64::INFINITY)).is_err());
    }

    #[test]
    fn singular_values_neither_underflow_nor_overflow() {
        // Issue 11: float32 [[1e-38]] had a 2-norm of 0 (1e-38 squared
        // underflows), and huge entries overflowed to inf.
        let tiny = AnyArray::from(arr2(&[[1e-38f32]]).into_dyn());
        for ord in [MatrixNormOrd::Order(2.0), MatrixNormOrd::Nuclear] {
            let norm = matrix_norm(&tiny, false, ord).unwrap().to_f64_vec()[0];
            assert_eq!(norm as f32, 1e-38f32, "{ord:?}");
        }
        let huge = AnyArray::from(arr2(&[[1e300f64, 1e300], [0.0, 0.0]]).into_dyn());
        let norm = matrix_norm(&huge, false, MatrixNormOrd::Order(2.0))
            .unwrap()
            .to_f64_vec()[0];
        close(&[norm / 1e300], &[2f64.sqrt()], 1e-15);
        let subnormal = AnyArray::from(arr2(&[[3e-320f64, 0.0], [0.0, 5e-324]]).into_dyn());
        let sv = matrix_norm(&subnormal, false, MatrixNormOrd::Order(2.0))
            .unwrap()
            .to_f64_vec()[0];
        assert_eq!(sv, 3e-320);
    }

    #[test]
    fn vector_norms() {
        let x = AnyArray::from(arr2(&[[3.0f64, -4.0], [0.0, 1.0]]).into_dyn());
        let all = Reduce::default();
        let n = |ord| f64s(&vector_norm(&x, &all, ord).unwrap())[0];
        assert!((n(2.0) - 26f64.sqrt()).abs() < 1e-12);
        assert_eq!(n(1.0), 8.0);
        assert_eq!(n(f64::INFINITY), 4.0);
        assert_eq!(n(f64::NEG_INFINITY), 0.0);
        assert_eq!(n(0.0), 3.0);
        assert!((n(3.0) - 92f64.cbrt()).abs() < 1e-12);
        assert_eq!(n(-1.0), 0.0);
        let rows = Reduce {
            axes: Some(vec![-1]),
            keepdims: true,
        };
        let r = vector_norm(&x, &rows, 2.0).unwrap();
        assert_eq!(r.shape(), &[2, 1]);
        assert_eq!(f64s(&r), vec![5.0, 1.0]);
        let mut f = arr1(&[1.0f32, f32::NAN, 2.0]).into_dyn();
        f.invert_axis(Axis(0));
        let f = AnyArray::from(f);
        assert!(f64s(&vector_norm(&f, &all, f64::INFINITY).unwrap())[0].is_nan());
        assert!(f64s(&vector_norm(&f, &all, 2.0).unwrap())[0].is_nan());
        assert_eq!(f64s(&vector_norm(&f, &all, 0.0).unwrap()), vec![3.0]);
        let e = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[0])));
        assert_eq!(f64s(&vector_norm(&e, &all, 2.0).unwrap()), vec![0.0]);
        assert!(vector_norm(&e, &all, f64::INFINITY).is_err());
        assert!(vector_norm(&AnyArray::scalar(1i32), &all, 2.0).is_err());
    }

    #[test]
    fn outer_cross_trace() {
        let a = AnyArray::from(arr1(&[1i16, 2]).into_dyn());
        let b = AnyArray::from(arr1(&[3i8, 4, 5]).into_dyn());
        let o = outer(&a, &b).unwrap();
        assert_eq!((o.dtype(), o.shape()), (DType::Int16, &[2usize, 3][..]));
        assert_eq!(o.to_f64_vec(), vec![3.0, 4.0, 5.0, 6.0, 8.0, 10.0]);
        assert!(outer(&o, &b).is_err());
        let ex = AnyArray::from(arr1(&[1.0f64, 0.0, 0.0]).into_dyn());
        let ey = AnyArray::from(arr2(&[[0.0f64, 1.0, 0.0], [0.0, 0.0, 1.0]]).into_dyn());
        let c = cross(&ex, &ey, -1).unwrap();
        assert_eq!(c.shape(), &[2, 3]);
        assert_eq!(c.to_f64_vec(), vec![0.0, 0.0, 1.0, 0.0, -1.0, 0.0]);
        let mut cols = arr2(&[[1i32, 0], [0, 1], [0, 0]]).into_dyn();
        cols.invert_axis(Axis(1)); // columns e_y, e_x along axis 0
        let cy = AnyArray::from(arr2(&[[0i32], [0], [1]]).into_dyn());
        let c = cross(&AnyArray::from(cols), &cy, -2).unwrap();
        assert_eq!(c.shape(), &[3, 2]);
        assert_eq!(c.to_f64_vec(), vec![1.0, 0.0, 0.0, -1.0, 0.0, 0.0]);
        assert!(cross(&a, &b, -1).is_err());
        assert!(cross(&ex, &ey, 0).is_err());
        let t = AnyArray::from(arr3(&[[[1i8, 2, 3], [4, 5, 6]]]).into_dyn());
        let tr = trace(&t, 0).unwrap();
        assert_eq!((tr.dtype(), tr.shape()), (DType::Int64, &[1usize][..]));
        assert_eq!(tr.to_f64_vec(), vec![6.0]);
        assert_eq!(trace(&t, 1).unwrap().to_f64_vec(), vec![8.0]);
        assert_eq!(trace(&t, -1).unwrap().to_f64_vec(), vec![4.0]);
        assert_eq!(trace(&t, 5).unwrap().to_f64_vec(), vec![0.0]);
        assert!(trace(&a, 0).is_err());
        let fb = AnyArray::from(arr2(&[[true]]).into_dyn());
        assert!(trace(&fb, 0).is_err());
    }
}
