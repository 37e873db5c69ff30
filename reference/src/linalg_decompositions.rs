//! The `linalg` extension's spectral and power functions in the reference:
//! `diagonal`, `eigh`, `eigvalsh`, `matrix_power`, `matrix_rank`, `pinv`,
//! `slogdet`, `svd`, `svdvals`. Like the rest of the extension they work on
//! stacks of matrices in the input's float precision, with small textbook
//! algorithms:
//! - `eigh`, `eigvalsh`: cyclic Jacobi rotations on the symmetric matrix
//!   read from the lower triangle (as LAPACK's default `'L'`), eigenvalues
//!   ascending (the standard leaves the order open), eigenvectors the
//!   columns;
//! - `svd`: one-sided Jacobi on the columns (of `xᵀ` for a wide matrix),
//!   singular values descending; the singular vectors of singular values
//!   within rounding of zero (at most `max(M, N) eps σ_max`, where the
//!   rotated columns are noise), and the extra ones of `full_matrices`,
//!   complete an orthonormal
//!   basis (Gram-Schmidt on the unit vectors, twice); `svdvals` is the
//!   extension's one-sided Jacobi (`singular_values`);
//! - `slogdet`: LU with partial pivoting, the log of each pivot's magnitude
//!   summed; a zero pivot gives the standard's sign 0 and `-inf`;
//! - `matrix_power`: binary powering by the matrix product; a negative
//!   power inverts first (an exactly singular matrix is an
//!   `InvalidArgument`); the power 0 is the identity;
//! - `matrix_rank`, `pinv`: singular values above `rtol · σ_max` count
//!   (default `rtol = max(M, N) · eps`); `pinv` is `V Σ⁺ Uᵀ`; the rank has
//!   the default integer dtype, `int64`.
//!
//! `diagonal` takes any dtype; the others take float arrays only (the
//! standard's "should"). An empty matrix has rank 0 and an empty
//! pseudo-inverse.

use conformance_strategies::{with_array, AnyArray, ArrayElement};
use ndarray::ArrayD;

use super::elements::{from_vec, require_float, with_float_array, Float};
use super::linalg_extension::{
    identity, per_matrix, pivot_row, require_matrices, singular_values, solve_of, stack_of,
};
use super::linear_algebra::{gemm, Stack};
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::{Eigh, SlogDet, Svd};

/// The functions of this module.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .diagonal(diagonal)
        .eigh(eigh)
        .eigvalsh(eigvalsh)
        .matrix_power(matrix_power)
        .matrix_rank(matrix_rank)
        .pinv(pinv)
        .slogdet(slogdet)
        .svd(svd)
        .svdvals(svdvals)
}

fn transpose<T: Copy>(a: &[T], m: usize, n: usize) -> Vec<T> {
    let mut t = Vec::with_capacity(m * n);
    for j in 0..n {
        for i in 0..m {
            t.push(a[i * n + j]);
        }
    }
    t
}

/// One rotation angle of Jacobi: `(c, s)` zeroing the off-diagonal entry
/// `gamma` of the symmetric 2×2 `[[alpha, gamma], [gamma, beta]]`.
fn rotation<T: Float>(alpha: T, beta: T, gamma: T) -> (T, T) {
    let zeta = (beta - alpha) / (gamma + gamma);
    let sign = if zeta < T::ZERO { -T::ONE } else { T::ONE };
    let t = sign / (zeta.abs() + (T::ONE + zeta * zeta).sqrt());
    let c = T::ONE / (T::ONE + t * t).sqrt();
    (c, c * t)
}

/// Rotates columns `p` and `q` of the row-major `rows × cols` matrix `a`.
fn rotate_columns<T: Float>(a: &mut [T], rows: usize, cols: usize, p: usize, q: usize, c: T, s: T) {
    for i in 0..rows {
        let (x, y) = (a[i * cols + p], a[i * cols + q]);
        a[i * cols + p] = c * x - s * y;
        a[i * cols + q] = s * x + c * y;
    }
}

/// Eigenvalues (ascending) and eigenvectors (columns, n×n) of the
/// symmetric matrix whose lower triangle `m` holds.
fn eigh_of<T: Float>(m: &[T], n: usize) -> (Vec<T>, Vec<T>) {
    let mut a = vec![T::ZERO; n * n];
    for i in 0..n {
        for j in 0..=i {
            a[i * n + j] = m[i * n + j];
            a[j * n + i] = m[i * n + j];
        }
    }
    let mut v = identity::<T>(n);
    for _sweep in 0..100 {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let (app, aqq, apq) = (a[p * n + p], a[q * n + q], a[p * n + q]);
                if apq == T::ZERO || apq.abs() <= T::EPSILON * (app * aqq).abs().sqrt() {
                    continue;
                }
                rotated = true;
                let (c, s) = rotation(app, aqq, apq);
                rotate_columns(&mut a, n, n, p, q, c, s);
                for k in 0..n {
                    let (x, y) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * x - s * y;
                    a[q * n + k] = s * x + c * y;
                }
                a[p * n + q] = T::ZERO;
                a[q * n + p] = T::ZERO;
                rotate_columns(&mut v, n, n, p, q, c, s);
            }
        }
        if !rotated {
            break;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| a[i * n + i].sort_cmp(&a[j * n + j]));
    let values = order.iter().map(|&i| a[i * n + i]).collect();
    let mut vectors = vec![T::ZERO; n * n];
    for (col, &i) in order.iter().enumerate() {
        for r in 0..n {
            vectors[r * n + col] = v[r * n + i];
        }
    }
    (values, vectors)
}

/// `columns` (row-major `rows × have`, orthonormal) completed to `want`
/// orthonormal columns with unit vectors orthogonalised against them.
fn complete<T: Float>(columns: &[T], rows: usize, have: usize, want: usize) -> Vec<T> {
    let mut cols: Vec<Vec<T>> = (0..have)
        .map(|j| (0..rows).map(|i| columns[i * have + j]).collect())
        .collect();
    while cols.len() < want {
        let mut best: Option<(T, Vec<T>)> = None;
        for e in 0..rows {
            let mut v: Vec<T> = (0..rows)
                .map(|i| if i == e { T::ONE } else { T::ZERO })
                .collect();
            for _twice in 0..2 {
                for c in &cols {
                    let dot = (0..rows).fold(T::ZERO, |s, i| s + c[i] * v[i]);
                    for i in 0..rows {
                        v[i] = v[i] - dot * c[i];
                    }
                }
            }
            let norm = v.iter().fold(T::ZERO, |s, &x| s + x * x).sqrt();
            if best.as_ref().is_none_or(|(b, _)| norm > *b) {
                best = Some((norm, v));
            }
        }
        let (norm, v) = best.expect("rows > cols.len(), so a unit vector is left");
        cols.push(v.into_iter().map(|x| x / norm).collect());
    }
    let mut out = Vec::with_capacity(rows * want);
    for i in 0..rows {
        for c in &cols {
            out.push(c[i]);
        }
    }
    out
}

/// The SVD of a tall `m × n` matrix (`m ≥ n`) by one-sided Jacobi: `U`
/// (`m × u_cols`, `u_cols` = `n`, or `m` when `full`), `S` (`n`,
/// descending) and `V` (`n × n`, the right singular vectors as columns).
fn tall_svd<T: Float>(a: &[T], m: usize, n: usize, full: bool) -> (Vec<T>, Vec<T>, Vec<T>) {
    let mut u = a.to_vec();
    let mut v = identity::<T>(n);
    for _sweep in 0..100 {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let (mut alpha, mut beta, mut gamma) = (T::ZERO, T::ZERO, T::ZERO);
                for i in 0..m {
                    let (x, y) = (u[i * n + p], u[i * n + q]);
                    alpha = alpha + x * x;
                    beta = beta + y * y;
                    gamma = gamma + x * y;
                }
                if gamma == T::ZERO || gamma.abs() <= T::EPSILON * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let (c, s) = rotation(alpha, beta, gamma);
                rotate_columns(&mut u, m, n, p, q, c, s);
                rotate_columns(&mut v, n, n, p, q, c, s);
            }
        }
        if !rotated {
            break;
        }
    }
    let norms: Vec<T> = (0..n)
        .map(|j| {
            (0..m)
                .fold(T::ZERO, |s, i| s + u[i * n + j] * u[i * n + j])
                .sqrt()
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| norms[j].sort_cmp(&norms[i]));
    let s: Vec<T> = order.iter().map(|&j| norms[j]).collect();
    // Columns of singular values within rounding of zero hold rounding
    // noise, not directions: their vectors complete the basis instead.
    let noise = T::from_usize(m.max(n)) * T::EPSILON * s.first().copied().unwrap_or(T::ZERO);
    let rank = s.iter().take_while(|&&x| x > noise).count();
    let mut uk = vec![T::ZERO; m * rank];
    let mut vs = vec![T::ZERO; n * n];
    for (col, &j) in order.iter().enumerate() {
        if col < rank {
            for i in 0..m {
                uk[i * rank + col] = u[i * n + j] / norms[j];
            }
        }
        for i in 0..n {
            vs[i * n + col] = v[i * n + j];
        }
    }
    let u_cols = if full { m } else { n };
    (complete(&uk, m, rank, u_cols), s, vs)
}

/// `(U, S, Vh)` of an `m × n` matrix, `U` `m × (m or k)`, `Vh` `(k or n) × n`.
fn svd_of<T: Float>(a: &[T], m: usize, n: usize, full: bool) -> (Vec<T>, Vec<T>, Vec<T>) {
    if m >= n {
        let (u, s, v) = tall_svd(a, m, n, full);
        (u, s, transpose(&v, n, n))
    } else {
        // xᵀ = U' S V'ᵀ, so x = V' S U'ᵀ.
        let (u2, s, v2) = tall_svd(&transpose(a, m, n), n, m, full);
        let cols = if full { n } else { m };
        (v2, s, transpose(&u2, n, cols))
    }
}

fn svd_typed<T: Float>(a: &ArrayD<T>, full: bool) -> Svd {
    let st = stack_of(a);
    let (m, n) = (st.rows, st.cols);
    let k = m.min(n);
    let (uc, vr) = if full { (m, n) } else { (k, k) };
    let (mut ud, mut sd, mut vd) = (Vec::new(), Vec::new(), Vec::new());
    for b in 0..st.count() {
        let (u, s, vh) = svd_of(st.matrix(b), m, n, full);
        ud.extend(u);
        sd.extend(s);
        vd.extend(vh);
    }
    let shape = |tail: &[usize]| {
        let mut s = st.batch.clone();
        s.extend_from_slice(tail);
        s
    };
    Svd {
        u: T::wrap(from_vec(&shape(&[m, uc]), ud)),
        s: T::wrap(from_vec(&shape(&[k]), sd)),
        vh: T::wrap(from_vec(&shape(&[vr, n]), vd)),
    }
}

pub(crate) fn svd(x: &AnyArray, full_matrices: bool) -> ApiResult<Svd> {
    require_float("svd", x)?;
    require_matrices("svd", x, false)?;
    with_float_array!(x, a => Ok(svd_typed(a, full_matrices)), else unreachable!("checked to be floating-point"))
}

pub(crate) fn svdvals(x: &AnyArray) -> ApiResult<AnyArray> {
    require_float("svdvals", x)?;
    require_matrices("svdvals", x, false)?;
    with_float_array!(x, a => {
        let st = stack_of(a);
        let k = st.rows.min(st.cols);
        let data: Vec<_> = (0..st.count())
            .flat_map(|b| singular_values(st.matrix(b), st.rows, st.cols))
            .collect();
        let mut shape = st.batch.clone();
        shape.push(k);
        Ok(AnyArray::from(from_vec(&shape, data)))
    }, else unreachable!("checked to be floating-point"))
}

fn eigh_typed<T: Float>(a: &ArrayD<T>) -> Eigh {
    let st = stack_of(a);
    let n = st.rows;
    let (mut values, mut vectors) = (Vec::new(), Vec::new());
    for b in 0..st.count() {
        let (w, v) = eigh_of(st.matrix(b), n);
        values.extend(w);
        vectors.extend(v);
    }
    let mut ws = st.batch.clone();
    ws.push(n);
    let mut vs = st.batch.clone();
    vs.extend([n, n]);
    Eigh {
        eigenvalues: T::wrap(from_vec(&ws, values)),
        eigenvectors: T::wrap(from_vec(&vs, vectors)),
    }
}

pub(crate) fn eigh(x: &AnyArray) -> ApiResult<Eigh> {
    require_float("eigh", x)?;
    require_matrices("eigh", x, true)?;
    with_float_array!(x, a => Ok(eigh_typed(a)), else unreachable!("checked to be floating-point"))
}

pub(crate) fn eigvalsh(x: &AnyArray) -> ApiResult<AnyArray> {
    require_float("eigvalsh", x)?;
    require_matrices("eigvalsh", x, true)?;
    with_float_array!(x, a => Ok(eigh_typed(a).eigenvalues), else unreachable!("checked to be floating-point"))
}

/// `(sign, log|det|)` by LU with partial pivoting.
fn slogdet_of<T: Float>(m: &[T], n: usize) -> (T, T) {
    let mut a = m.to_vec();
    let (mut sign, mut log) = (T::ONE, T::ZERO);
    for k in 0..n {
        let p = pivot_row(&a, n, k);
        if p != k {
            for j in 0..n {
                a.swap(k * n + j, p * n + j);
            }
            sign = -sign;
        }
        let pivot = a[k * n + k];
        if pivot == T::ZERO || pivot.is_nan() {
            return if pivot.is_nan() {
                (T::NAN, T::NAN)
            } else {
                (T::ZERO, -T::from_f64(f64::INFINITY))
            };
        }
        if pivot < T::ZERO {
            sign = -sign;
        }
        log = log + T::from_f64(pivot.abs().to_f64().ln());
        for i in k + 1..n {
            let f = a[i * n + k] / pivot;
            for j in k + 1..n {
                a[i * n + j] = a[i * n + j] - f * a[k * n + j];
            }
        }
    }
    (sign, log)
}

pub(crate) fn slogdet(x: &AnyArray) -> ApiResult<SlogDet> {
    require_float("slogdet", x)?;
    require_matrices("slogdet", x, true)?;
    fn typed<T: Float>(a: &ArrayD<T>) -> SlogDet {
        let st = stack_of(a);
        let (signs, logs): (Vec<T>, Vec<T>) = (0..st.count())
            .map(|b| slogdet_of(st.matrix(b), st.rows))
            .unzip();
        SlogDet {
            sign: T::wrap(from_vec(&st.batch, signs)),
            logabsdet: T::wrap(from_vec(&st.batch, logs)),
        }
    }
    with_float_array!(x, a => Ok(typed(a)), else unreachable!("checked to be floating-point"))
}

/// `m` (n×n) to the power `p ≥ 0` by binary powering.
fn power_of<T: Float>(m: &[T], n: usize, mut p: u64) -> Vec<T> {
    let mut result = identity::<T>(n);
    let mut base = m.to_vec();
    while p > 0 {
        if p & 1 == 1 {
            result = gemm(&result, &base, n, n, n);
        }
        p >>= 1;
        if p > 0 {
            base = gemm(&base, &base, n, n, n);
        }
    }
    result
}

pub(crate) fn matrix_power(x: &AnyArray, n: i64) -> ApiResult<AnyArray> {
    const F: &str = "matrix_power";
    require_float(F, x)?;
    require_matrices(F, x, true)?;
    let side = x.shape()[x.ndim() - 1];
    with_float_array!(x, a => Ok(AnyArray::from(per_matrix(a, side, side, |m, s, _| {
        let base = if n < 0 {
            solve_of(m, &identity(s), s, s).ok_or_else(|| ApiError::invalid(F, "the matrix is singular"))?
        } else {
            m.to_vec()
        };
        Ok(power_of(&base, s, n.unsigned_abs()))
    })?)), else unreachable!("checked to be floating-point"))
}

/// The singular values above `rtol · σ_max` (default `max(m, n) · eps`).
fn cutoff<T: Float>(s: &[T], m: usize, n: usize, rtol: Option<f64>) -> T {
    let rtol = rtol.map_or(T::from_usize(m.max(n)) * T::EPSILON, T::from_f64);
    let largest = s.first().copied().unwrap_or(T::ZERO);
    rtol * largest
}

pub(crate) fn matrix_rank(x: &AnyArray, rtol: Option<f64>) -> ApiResult<AnyArray> {
    const F: &str = "matrix_rank";
    require_float(F, x)?;
    require_matrices(F, x, false)?;
    fn typed<T: Float>(a: &ArrayD<T>, rtol: Option<f64>) -> AnyArray {
        let st = stack_of(a);
        let ranks: Vec<i64> = (0..st.count())
            .map(|b| {
                let s = singular_values(st.matrix(b), st.rows, st.cols);
                let t = cutoff(&s, st.rows, st.cols, rtol);
                s.iter().filter(|&&v| v > t).count() as i64
            })
            .collect();
        AnyArray::from(from_vec(&st.batch, ranks))
    }
    with_float_array!(x, a => Ok(typed(a, rtol)), else unreachable!("checked to be floating-point"))
}

pub(crate) fn pinv(x: &AnyArray, rtol: Option<f64>) -> ApiResult<AnyArray> {
    const F: &str = "pinv";
    require_float(F, x)?;
    require_matrices(F, x, false)?;
    fn typed<T: Float>(a: &ArrayD<T>, rtol: Option<f64>) -> AnyArray {
        let st = stack_of(a);
        let (m, n) = (st.rows, st.cols);
        let k = m.min(n);
        let mut data = Vec::with_capacity(st.count() * m * n);
        for b in 0..st.count() {
            let (u, s, vh) = svd_of(st.matrix(b), m, n, false);
            let t = cutoff(&s, m, n, rtol);
            // X[i, j] = Σ_p Vh[p, i] / s_p · U[j, p] over the kept p.
            for i in 0..n {
                for j in 0..m {
                    let v = (0..k)
                        .filter(|&p| s[p] > t)
                        .fold(T::ZERO, |acc, p| acc + vh[p * n + i] / s[p] * u[j * k + p]);
                    data.push(v);
                }
            }
        }
        let mut shape = st.batch.clone();
        shape.extend([n, m]);
        T::wrap(from_vec(&shape, data))
    }
    with_float_array!(x, a => Ok(typed(a, rtol)), else unreachable!("checked to be floating-point"))
}

pub(crate) fn diagonal(x: &AnyArray, offset: isize) -> ApiResult<AnyArray> {
    require_matrices("diagonal", x, false)?;
    fn typed<T: ArrayElement>(a: &ArrayD<T>, offset: isize) -> AnyArray {
        let nd = a.ndim();
        let (m, n) = (a.shape()[nd - 2], a.shape()[nd - 1]);
        let st = Stack::of(&a.view(), &a.shape()[..nd - 2]).expect("its own batch");
        let cells: Vec<(usize, usize)> = (0..m)
            .filter_map(|i| {
                let j = i as isize + offset;
                (j >= 0 && (j as usize) < n).then_some((i, j as usize))
            })
            .collect();
        let data: Vec<T> = (0..st.count())
            .flat_map(|b| {
                let mat = st.matrix(b);
                cells.iter().map(move |&(i, j)| mat[i * n + j])
            })
            .collect();
        let mut shape = st.batch.clone();
        shape.push(cells.len());
        T::wrap(from_vec(&shape, data))
    }
    Ok(with_array!(x, a => typed(a, offset)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::DType;
    use ndarray::{arr2, arr3};

    fn m(rows: &[[f64; 3]]) -> AnyArray {
        AnyArray::from(arr2(rows).into_dyn())
    }

    fn close(a: &[f64], b: &[f64], tol: f64) {
        assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= tol, "{a:?} vs {b:?}");
        }
    }

    /// `U diag(S) Vh` (first `k` columns/rows) and the orthonormality of
    /// `U`'s columns and `Vh`'s rows.
    fn check_svd(rows: &[Vec<f64>], full: bool) {
        let (mm, nn) = (rows.len(), rows[0].len());
        let flat: Vec<f64> = rows.concat();
        let x = AnyArray::from(from_vec(&[mm, nn], flat.clone()));
        let Svd { u, s, vh } = svd(&x, full).unwrap();
        let k = mm.min(nn);
        let (uc, vr) = if full { (mm, nn) } else { (k, k) };
        assert_eq!(
            (u.shape(), s.shape(), vh.shape()),
            (&[mm, uc][..], &[k][..], &[vr, nn][..])
        );
        let (u, s, vh) = (u.to_f64_vec(), s.to_f64_vec(), vh.to_f64_vec());
        assert!(s.windows(2).all(|w| w[0] >= w[1]) && s.iter().all(|&v| v >= 0.0));
        for i in 0..mm {
            for j in 0..nn {
                let r: f64 = (0..k).map(|p| u[i * uc + p] * s[p] * vh[p * nn + j]).sum();
                assert!((r - flat[i * nn + j]).abs() < 1e-12, "{rows:?}");
            }
        }
        for a in 0..uc {
            for b in 0..uc {
                let d: f64 = (0..mm).map(|i| u[i * uc + a] * u[i * uc + b]).sum();
                assert!(
                    (d - f64::from(u8::from(a == b))).abs() < 1e-12,
                    "U of {rows:?}"
                );
            }
        }
        for a in 0..vr {
            for b in 0..vr {
                let d: f64 = (0..nn).map(|j| vh[a * nn + j] * vh[b * nn + j]).sum();
                assert!(
                    (d - f64::from(u8::from(a == b))).abs() < 1e-12,
                    "Vh of {rows:?}"
                );
            }
        }
    }

    #[test]
    fn svd_reconstructs_with_orthonormal_vectors() {
        let tall = vec![vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]];
        let wide = vec![vec![1.0, 0.0, 2.0], vec![0.0, 0.0, 0.0]];
        let rank1 = vec![
            vec![1.0, 2.0, 3.0],
            vec![2.0, 4.0, 6.0],
            vec![-1.0, -2.0, -3.0],
        ];
        for rows in [&tall, &wide, &rank1] {
            check_svd(rows, false);
            check_svd(rows, true);
        }
        let s = svdvals(&m(&[[3.0, 0.0, 0.0], [0.0, -5.0, 0.0]])).unwrap();
        assert_eq!(s.to_f64_vec(), vec![5.0, 3.0]);
    }

    #[test]
    fn eigh_of_a_symmetric_matrix() {
        // Eigenvalues of [[2, 1], [1, 2]] are 1 and 3; the upper triangle is
        // not read.
        let x = AnyArray::from(arr2(&[[2.0f32, 99.0], [1.0, 2.0]]).into_dyn());
        let Eigh {
            eigenvalues,
            eigenvectors,
        } = eigh(&x).unwrap();
        assert_eq!(eigenvalues.dtype(), DType::Float32);
        close(&eigenvalues.to_f64_vec(), &[1.0, 3.0], 1e-6);
        let v = eigenvectors.to_f64_vec();
        let h = 0.5f64.sqrt();
        close(
            &[v[0].abs(), v[2].abs(), v[1].abs(), v[3].abs()],
            &[h, h, h, h],
            1e-6,
        );
        assert!(v[0] * v[2] < 0.0 && v[1] * v[3] > 0.0);
        let w = eigvalsh(&m(&[[1.0, 0.0, 0.0], [2.0, -1.0, 0.0], [0.0, 0.0, 4.0]])).unwrap();
        let r = 5f64.sqrt();
        close(&w.to_f64_vec(), &[-r, r, 4.0], 1e-12);
        assert!(eigh(&m(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).is_err());
    }

    #[test]
    fn slogdet_signs_and_zero() {
        let x = AnyArray::from(
            arr3(&[
                [[0.0f64, 2.0], [3.0, 0.0]],
                [[1.0, 2.0], [2.0, 4.0]],
                [[-1e-200, 0.0], [0.0, 1e-200]],
            ])
            .into_dyn(),
        );
        let SlogDet { sign, logabsdet } = slogdet(&x).unwrap();
        assert_eq!(sign.to_f64_vec(), vec![-1.0, 0.0, -1.0]);
        let l = logabsdet.to_f64_vec();
        assert!((l[0] - 6f64.ln()).abs() < 1e-15);
        assert_eq!(l[1], f64::NEG_INFINITY);
        assert!((l[2] + 400.0 * 10f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn powers_ranks_and_pseudo_inverses() {
        let a = AnyArray::from(arr2(&[[2.0f64, 1.0], [0.0, 1.0]]).into_dyn());
        close(
            &matrix_power(&a, 3).unwrap().to_f64_vec(),
            &[8.0, 7.0, 0.0, 1.0],
            0.0,
        );
        close(
            &matrix_power(&a, 0).unwrap().to_f64_vec(),
            &[1.0, 0.0, 0.0, 1.0],
            0.0,
        );
        close(
            &matrix_power(&a, -2).unwrap().to_f64_vec(),
            &[0.25, -0.75, 0.0, 1.0],
            1e-15,
        );
        let sing = AnyArray::from(arr2(&[[1.0f64, 2.0], [2.0, 4.0]]).into_dyn());
        assert!(matrix_power(&sing, -1).is_err());
        let r = matrix_rank(&sing, None).unwrap();
        assert_eq!((r.dtype(), r.to_f64_vec()), (DType::Int64, vec![1.0]));
        assert_eq!(matrix_rank(&a, Some(0.9)).unwrap().to_f64_vec(), vec![1.0]);
        let p = pinv(&m(&[[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]]), None).unwrap();
        assert_eq!(p.shape(), &[3, 2]);
        close(&p.to_f64_vec(), &[1.0, 0.0, 0.0, 0.5, 0.0, 0.0], 1e-15);
        // pinv of a rank-1 matrix u vᵀ is v uᵀ / (|u|² |v|²).
        let p = pinv(&sing, None).unwrap().to_f64_vec();
        close(&p, &[0.04, 0.08, 0.08, 0.16], 1e-15);
    }

    #[test]
    fn diagonals_of_any_dtype_and_offset() {
        let x = AnyArray::from(arr3(&[[[1i8, 2, 3], [4, 5, 6]]]).into_dyn());
        assert_eq!(diagonal(&x, 0).unwrap().to_f64_vec(), vec![1.0, 5.0]);
        assert_eq!(diagonal(&x, 2).unwrap().to_f64_vec(), vec![3.0]);
        assert_eq!(diagonal(&x, -1).unwrap().to_f64_vec(), vec![4.0]);
        let far = diagonal(&x, 5).unwrap();
        assert_eq!((far.dtype(), far.shape()), (DType::Int8, &[1usize, 0][..]));
    }
}
