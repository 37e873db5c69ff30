//! The `linalg` extension's general (non-symmetric) eigenproblem in the
//! reference: `eig` and `eigvals`, on stacks of square real or complex
//! matrices, computed in complex float64 and rounded once to the result's
//! dtype (`complex64` for `float32` and `complex64` input, `complex128` for
//! the others, as the standard asks).
//!
//! The algorithm is the textbook complex Schur decomposition (Golub & Van
//! Loan, *Matrix Computations*, 4th ed., §7.4-7.6; the structure of
//! LAPACK's `zgehrd`/`zlahqr`/`ztrevc`), the same for real and complex
//! input:
//! - reduction to upper Hessenberg form by Householder reflections,
//!   accumulated into `Z`;
//! - the shifted QR algorithm on the active window, one explicit Givens
//!   sweep per step, with the Wilkinson shift (the eigenvalue of the
//!   trailing 2×2 nearer its last diagonal entry), an exceptional shift
//!   every tenth step without deflation (so cyclic permutation matrices do
//!   not stall), and deflation where `|h[k][k-1]|₁ ≤ eps (|h[k-1][k-1]|₁ +
//!   |h[k][k]|₁)` (`|z|₁ = |re| + |im|`, LAPACK's cheap magnitude); the
//!   rotations are applied to the whole matrix and to `Z`, giving the
//!   Schur form `A = Z T Zᴴ`;
//! - the eigenvalues are `T`'s diagonal, in the order the deflation leaves
//!   them (the standard leaves the order unspecified);
//! - the eigenvector of `T[k][k]` by back substitution on `T - T[k][k] I`
//!   (a divisor below `eps ‖T‖_F` replaced by it, as `ztrevc` does, so a
//!   repeated eigenvalue gets a vector of the invariant subspace rather
//!   than a division by zero), then `Z x`, scaled to unit 2-norm with its
//!   largest component real and positive (`zgeev`'s normalisation; the
//!   standard's warning that eigenvectors are unique only up to `-1` or
//!   `e^{φj}` presumes unit vectors).
//!
//! Each step is unitary, so the eigenvalues and each eigenvector are those
//! of a matrix within a small multiple of `eps ‖A‖` (backward stable); a
//! real input is taken as complex, so its eigenvalues come in conjugate
//! pairs within that rounding, not exactly. No balancing. A matrix with a
//! non-finite entry, or one whose QR iteration does not converge in `30
//! max(10, n)` steps for an eigenvalue, gets NaN eigenvalues and vectors
//! (the standard leaves special values unspecified here). Integer and
//! boolean input is refused (the standard's "should have a floating-point
//! data type").

use conformance_strategies::{AnyArray, Complex, DType};

use super::elements::{bad_dtype, from_vec};
use super::linalg_extension::require_matrices;
use array_api::api::{ApiResult, Ops};
use array_api::args::Eig;
use array_api::complex::divide;

type C = Complex<f64>;

const ZERO: C = Complex::new(0.0, 0.0);
const ONE: C = Complex::new(1.0, 0.0);

/// The functions of this module.
pub(crate) fn ops() -> Ops {
    Ops::NONE.eig(eig).eigvals(eigvals)
}

/// `|re| + |im|`.
fn abs1(z: C) -> f64 {
    z.re.abs() + z.im.abs()
}

/// The 2-norm of `v`, scaled so its squares neither overflow nor vanish.
fn norm2(v: impl Iterator<Item = C> + Clone) -> f64 {
    let scale = v
        .clone()
        .fold(0.0f64, |m, z| m.max(z.re.abs()).max(z.im.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    v.map(|z| (z / scale).norm_sqr()).sum::<f64>().sqrt() * scale
}

/// Reduces the row-major `n×n` `a` to upper Hessenberg form `Qᴴ A Q` in
/// place, multiplying `z` by `Q` on the right.
fn hessenberg(a: &mut [C], z: &mut [C], n: usize) {
    for k in 0..n.saturating_sub(2) {
        let below = k + 1..n;
        let size = norm2(below.clone().map(|i| a[i * n + k]));
        if size == 0.0 {
            continue;
        }
        // v = x + e^{i arg x₀} ‖x‖ e₁ (no cancellation), H = I - 2 v vᴴ.
        let x0 = a[(k + 1) * n + k];
        let phase = if x0 == ZERO { ONE } else { x0 / x0.norm() };
        let mut v: Vec<C> = below.clone().map(|i| a[i * n + k]).collect();
        v[0] += phase * size;
        let length = norm2(v.iter().copied());
        v.iter_mut().for_each(|e| *e /= length);
        let m = v.len();
        for j in 0..n {
            let s: C = (0..m).map(|t| v[t].conj() * a[(k + 1 + t) * n + j]).sum();
            for t in 0..m {
                a[(k + 1 + t) * n + j] -= 2.0 * v[t] * s;
            }
        }
        for w in [&mut *a, &mut *z] {
            for i in 0..n {
                let s: C = (0..m).map(|t| w[i * n + k + 1 + t] * v[t]).sum();
                for t in 0..m {
                    w[i * n + k + 1 + t] -= 2.0 * s * v[t].conj();
                }
            }
        }
        for i in k + 2..n {
            a[i * n + k] = ZERO;
        }
    }
}

/// The eigenvalue of `[[a, b], [c, d]]` nearer `d`.
fn wilkinson(a: C, b: C, c: C, d: C) -> C {
    let s = abs1(a) + abs1(b) + abs1(c) + abs1(d);
    if s == 0.0 {
        return d;
    }
    let (a, b, c, d) = (a / s, b / s, c / s, d / s);
    let p = (a - d) * 0.5;
    let disc = (p * p + b * c).sqrt();
    // The roots are d + p ± disc, and (p + disc)(p - disc) = -bc: the one
    // nearer d is d - bc / (the larger of p ± disc).
    let denom = if abs1(p + disc) >= abs1(p - disc) {
        p + disc
    } else {
        p - disc
    };
    let mu = if denom == ZERO {
        d
    } else {
        d - divide(b * c, denom)
    };
    mu * s
}

/// `(c, s)`, `c` real, such that `[[c, s], [-s̄, c]] [x; y] = [r; 0]`.
fn givens(x: C, y: C) -> (f64, C) {
    if y == ZERO {
        return (1.0, ZERO);
    }
    if x == ZERO {
        return (0.0, ONE);
    }
    let (ax, r) = (x.norm(), norm2([x, y].into_iter()));
    (ax / r, (x / ax) * y.conj() / r)
}

/// Reduces the upper Hessenberg `h` to upper triangular `T = Gᴴ H G` by
/// the shifted QR algorithm, multiplying `z` by `G`; `false` when an
/// eigenvalue does not converge.
fn schur(h: &mut [C], z: &mut [C], n: usize) -> bool {
    let norm = norm2(h.iter().copied());
    let limit = 30 * n.max(10);
    let mut hi = n.saturating_sub(1);
    let mut steps = 0;
    while hi > 0 {
        let mut l = hi;
        while l > 0 {
            let mut s = abs1(h[(l - 1) * n + l - 1]) + abs1(h[l * n + l]);
            if s == 0.0 {
                s = norm;
            }
            if abs1(h[l * n + l - 1]) <= f64::EPSILON * s {
                h[l * n + l - 1] = ZERO;
                break;
            }
            l -= 1;
        }
        if l == hi {
            hi -= 1;
            steps = 0;
            continue;
        }
        steps += 1;
        if steps > limit {
            return false;
        }
        let at = |i: usize, j: usize| h[i * n + j];
        let mu = if steps % 10 == 0 {
            at(hi, hi) + 0.75 * abs1(at(hi, hi - 1))
        } else {
            wilkinson(
                at(hi - 1, hi - 1),
                at(hi - 1, hi),
                at(hi, hi - 1),
                at(hi, hi),
            )
        };
        for i in l..=hi {
            h[i * n + i] -= mu;
        }
        let mut rotations = Vec::with_capacity(hi - l);
        for k in l..hi {
            let (c, s) = givens(h[k * n + k], h[(k + 1) * n + k]);
            for j in k..n {
                let (x, y) = (h[k * n + j], h[(k + 1) * n + j]);
                h[k * n + j] = x * c + s * y;
                h[(k + 1) * n + j] = y * c - s.conj() * x;
            }
            h[(k + 1) * n + k] = ZERO;
            rotations.push((k, c, s));
        }
        for &(k, c, s) in &rotations {
            for (w, rows) in [(&mut *h, k + 2), (&mut *z, n)] {
                for i in 0..rows {
                    let (x, y) = (w[i * n + k], w[i * n + k + 1]);
                    w[i * n + k] = x * c + s.conj() * y;
                    w[i * n + k + 1] = y * c - s * x;
                }
            }
        }
        for i in l..=hi {
            h[i * n + i] += mu;
        }
    }
    true
}

/// The unit eigenvectors (columns, row-major `n×n`) of `A = Z T Zᴴ`, `T`
/// upper triangular.
fn eigenvectors(t: &[C], z: &[C], n: usize) -> Vec<C> {
    let smin = (f64::EPSILON * norm2(t.iter().copied())).max(f64::MIN_POSITIVE);
    let mut out = vec![ZERO; n * n];
    for k in 0..n {
        let mut x = vec![ZERO; k + 1];
        x[k] = ONE;
        for j in (0..k).rev() {
            let s: C = (j + 1..=k).map(|l| t[j * n + l] * x[l]).sum();
            let mut d = t[j * n + j] - t[k * n + k];
            if abs1(d) < smin {
                d = Complex::new(smin, 0.0);
            }
            x[j] = -divide(s, d);
            // Keep the partial solution far from overflow.
            let big = abs1(x[j]);
            if big > 1e100 {
                x.iter_mut().for_each(|e| *e /= big);
            }
        }
        let mut v: Vec<C> = (0..n)
            .map(|i| (0..=k).map(|l| z[i * n + l] * x[l]).sum())
            .collect();
        let length = norm2(v.iter().copied());
        let largest = (0..n).fold(0, |p, i| if v[i].norm() > v[p].norm() { i } else { p });
        let turn = v[largest].conj() / v[largest].norm() / length;
        v.iter_mut().for_each(|e| *e *= turn);
        for (i, e) in v.into_iter().enumerate() {
            out[i * n + k] = e;
        }
    }
    out
}

/// The eigenvalues of the row-major `n×n` `a`, and its unit eigenvectors
/// (columns) when `vectors`; NaN for a non-finite matrix or one that does
/// not converge.
fn eig_of(a: &[C], n: usize, vectors: bool) -> (Vec<C>, Vec<C>) {
    let nan = Complex::new(f64::NAN, f64::NAN);
    let failed = || (vec![nan; n], vec![nan; if vectors { n * n } else { 0 }]);
    if a.iter().any(|e| !(e.re.is_finite() && e.im.is_finite())) {
        return failed();
    }
    let mut h = a.to_vec();
    let mut z: Vec<C> = (0..n * n)
        .map(|i| if i / n == i % n { ONE } else { ZERO })
        .collect();
    hessenberg(&mut h, &mut z, n);
    if !schur(&mut h, &mut z, n) {
        return failed();
    }
    let values = (0..n).map(|i| h[i * n + i]).collect();
    let vecs = if vectors {
        eigenvectors(&h, &z, n)
    } else {
        Vec::new()
    };
    (values, vecs)
}

/// `values` as a complex array of `dtype`'s precision.
fn complex_array(shape: &[usize], values: Vec<C>, dtype: DType) -> AnyArray {
    match dtype {
        DType::Complex64 => AnyArray::from(from_vec(
            shape,
            values
                .into_iter()
                .map(|z| Complex::new(z.re as f32, z.im as f32))
                .collect(),
        )),
        _ => AnyArray::from(from_vec(shape, values)),
    }
}

/// The eigenvalues (and eigenvectors, when `vectors`) of each matrix of
/// `x`, checked to be a stack of square floating-point matrices.
fn decompose(function: &'static str, x: &AnyArray, vectors: bool) -> ApiResult<Eig> {
    if !x.dtype().is_floating_point() {
        return Err(bad_dtype(function, "a floating-point array", x.dtype()));
    }
    require_matrices(function, x, true)?;
    let nd = x.ndim();
    let n = x.shape()[nd - 1];
    let dtype = match x.dtype() {
        DType::Float32 | DType::Complex64 => DType::Complex64,
        _ => DType::Complex128,
    };
    let entries = x.to_complex_vec();
    let count: usize = x.shape()[..nd - 2].iter().product();
    let (mut values, mut vecs) = (Vec::new(), Vec::new());
    for b in 0..count {
        let (w, v) = eig_of(&entries[b * n * n..][..n * n], n, vectors);
        values.extend(w);
        vecs.extend(v);
    }
    let mut value_shape = x.shape()[..nd - 1].to_vec();
    let eigenvalues = complex_array(&value_shape, values, dtype);
    value_shape.push(if vectors { n } else { 0 });
    let eigenvectors = complex_array(&value_shape, vecs, dtype);
    Ok(Eig {
        eigenvalues,
        eigenvectors,
    })
}

pub(crate) fn eig(x: &AnyArray) -> ApiResult<Eig> {
    decompose("eig", x, true)
}

pub(crate) fn eigvals(x: &AnyArray) -> ApiResult<AnyArray> {
    Ok(decompose("eigvals", x, false)?.eigenvalues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr2, ArrayD, IxDyn};

    fn c(re: f64, im: f64) -> C {
        Complex::new(re, im)
    }

    /// The eigenpairs of the row-major `n×n` `a` (as complex128 input),
    /// checked: residuals `‖A v - λ v‖ ≤ 1e-13 ‖A‖_F`, unit vectors, and
    /// the eigenvalues' sum is the trace.
    fn checked(a: &[C], n: usize) -> Vec<C> {
        let x = AnyArray::from(from_vec(&[n, n], a.to_vec()));
        let Eig {
            eigenvalues,
            eigenvectors,
        } = eig(&x).unwrap();
        assert_eq!(eigenvalues.dtype(), DType::Complex128);
        assert_eq!(
            (eigenvalues.shape(), eigenvectors.shape()),
            (&[n][..], &[n, n][..])
        );
        let (w, v) = (eigenvalues.to_complex_vec(), eigenvectors.to_complex_vec());
        let scale = norm2(a.iter().copied()).max(1.0);
        for k in 0..n {
            let col: Vec<C> = (0..n).map(|i| v[i * n + k]).collect();
            assert!((norm2(col.iter().copied()) - 1.0).abs() < 1e-14, "{a:?}");
            let r = norm2(
                (0..n).map(|i| (0..n).map(|j| a[i * n + j] * col[j]).sum::<C>() - w[k] * col[i]),
            );
            assert!(r < 1e-13 * scale, "residual {r} of {a:?}");
        }
        let trace: C = (0..n).map(|i| a[i * n + i]).sum();
        assert!((w.iter().sum::<C>() - trace).norm() < 1e-13 * scale);
        w
    }

    fn real(rows: &[&[f64]]) -> Vec<C> {
        rows.iter()
            .flat_map(|r| r.iter().map(|&v| c(v, 0.0)))
            .collect()
    }

    /// Whether `w` is `expected` as a multiset, within `tol` each.
    fn near(w: &[C], expected: &[C], tol: f64) {
        let mut left = w.to_vec();
        for e in expected {
            let i = (0..left.len()).find(|&i| (left[i] - e).norm() < tol);
            let i = i.unwrap_or_else(|| panic!("{e} not among {w:?}"));
            left.swap_remove(i);
        }
        assert!(left.is_empty(), "{w:?} vs {expected:?}");
    }

    #[test]
    fn eigenpairs_of_real_matrices() {
        let w = checked(&real(&[&[2.0, 0.0], &[0.0, 3.0]]), 2);
        near(&w, &[c(2.0, 0.0), c(3.0, 0.0)], 1e-15);
        // A rotation: ±i, a conjugate pair.
        let w = checked(&real(&[&[0.0, -1.0], &[1.0, 0.0]]), 2);
        near(&w, &[c(0.0, -1.0), c(0.0, 1.0)], 1e-15);
        // A cyclic permutation (stalls the unshifted QR): 4th roots of 1.
        let p = real(&[
            &[0.0, 0.0, 0.0, 1.0],
            &[1.0, 0.0, 0.0, 0.0],
            &[0.0, 1.0, 0.0, 0.0],
            &[0.0, 0.0, 1.0, 0.0],
        ]);
        near(
            &checked(&p, 4),
            &[c(-1.0, 0.0), c(0.0, -1.0), c(0.0, 1.0), c(1.0, 0.0)],
            1e-14,
        );
        // A Jordan block: defective, its one eigenvector e₁ twice.
        let w = checked(&real(&[&[1.0, 1.0], &[0.0, 1.0]]), 2);
        near(&w, &[c(1.0, 0.0), c(1.0, 0.0)], 1e-7);
        // Non-normal, block triangular: 2 and the rotation's ±i.
        let a = real(&[&[2.0, 5.0, -3.0], &[0.0, 0.0, -1.0], &[0.0, 1.0, 0.0]]);
        near(
            &checked(&a, 3),
            &[c(0.0, -1.0), c(0.0, 1.0), c(2.0, 0.0)],
            1e-14,
        );
        let dense = real(&[
            &[4.0, -7.0, 1.0, 9.0],
            &[-2.0, 3.0, 8.0, -5.0],
            &[6.0, 6.0, -1.0, 2.0],
            &[-9.0, 0.0, 3.0, 7.0],
        ]);
        checked(&dense, 4);
        checked(&real(&[&[5.0]]), 1);
        checked(&[], 0);
    }

    #[test]
    fn eigenpairs_of_complex_matrices() {
        let a = [c(1.0, 2.0), c(-3.0, 1.0), c(0.0, -4.0), c(2.0, 0.0)];
        checked(&a, 2);
        let b: Vec<C> = (0..16)
            .map(|i| c(((i * 7) % 11) as f64 - 5.0, ((i * 5) % 7) as f64 - 3.0))
            .collect();
        checked(&b, 4);
        // Upper triangular: its diagonal.
        let t = [c(1.0, 1.0), c(2.0, 0.0), ZERO, c(-1.0, 3.0)];
        near(&checked(&t, 2), &[c(-1.0, 3.0), c(1.0, 1.0)], 1e-15);
    }

    #[test]
    fn unit_vectors_with_the_largest_component_real() {
        let x = AnyArray::from(arr2(&[[1.0f32, 2.0], [3.0, 4.0]]).into_dyn());
        let Eig {
            eigenvalues,
            eigenvectors,
        } = eig(&x).unwrap();
        assert_eq!(
            (eigenvalues.dtype(), eigenvectors.dtype()),
            (DType::Complex64, DType::Complex64)
        );
        let v = eigenvectors.to_complex_vec();
        for k in 0..2 {
            let col = [v[k], v[2 + k]];
            let big = if col[0].norm() >= col[1].norm() {
                col[0]
            } else {
                col[1]
            };
            assert!(big.im == 0.0 && big.re > 0.0, "{col:?}");
        }
        // (5 ± √33) / 2, rounded to float32 once.
        let r = 33f64.sqrt();
        near(
            &eigenvalues.to_complex_vec(),
            &[c((5.0 - r) / 2.0, 0.0), c((5.0 + r) / 2.0, 0.0)],
            1e-6,
        );
    }

    #[test]
    fn stacks_empty_matrices_and_refusals() {
        let x = AnyArray::from(
            ArrayD::from_shape_vec(IxDyn(&[2, 3, 2, 2]), (0..24).map(f64::from).collect()).unwrap(),
        );
        let e = eig(&x).unwrap();
        assert_eq!(e.eigenvalues.shape(), &[2, 3, 2]);
        assert_eq!(e.eigenvectors.shape(), &[2, 3, 2, 2]);
        assert_eq!(eigvals(&x).unwrap(), e.eigenvalues);
        // The last matrix [[20, 21], [22, 23]]: trace 43.
        let w = e.eigenvalues.to_complex_vec();
        assert!((w[10] + w[11] - c(43.0, 0.0)).norm() < 1e-12);
        let empty = AnyArray::from(ArrayD::<f32>::zeros(IxDyn(&[3, 0, 0])));
        let w = eigvals(&empty).unwrap();
        assert_eq!((w.dtype(), w.shape()), (DType::Complex64, &[3usize, 0][..]));
        let nan = AnyArray::from(arr2(&[[f64::NAN, 0.0], [0.0, 1.0]]).into_dyn());
        assert!(eigvals(&nan).unwrap().to_complex_vec()[0].re.is_nan());
        let wide = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[2, 3])));
        assert!(eig(&wide).is_err());
        let ints = AnyArray::from(arr2(&[[1i32, 0], [0, 1]]).into_dyn());
        assert!(eigvals(&ints).is_err());
    }
}
