//! The checks of the `linalg` extension's spectral and power functions:
//! `diagonal`, `svdvals`, `svd`, `eigh`, `eigvalsh`, `slogdet`,
//! `matrix_power`, `matrix_rank` and `pinv`, on stacks of matrices (batch
//! dimensions drawn too, zero-size sides included).
//!
//! Singular vectors and eigenvectors are defined only up to sign (and not
//! at all for repeated or zero values), so `svd` and `eigh` are checked by
//! their defining properties on the backend's own outputs, with the
//! reference's dtypes and shapes: `U` and `Vh` (or `Q`) orthonormal,
//! `U diag(S) Vh = x` (or `Q diag(w) Qᵀ = x`), the singular values
//! non-negative and descending. The values themselves are compared with
//! the reference's: singular values (and eigenvalues, both sorted, since
//! their order is unspecified) move by at most the backward error's norm
//! (Weyl), `c (m+1)(n+1) eps ‖x‖_F` for a backward-stable algorithm, so
//! that is their tolerance (`c = 4`, twice over for two implementations);
//! orthonormality and reconstruction get the same bound (of 1, and of
//! `‖x‖_F`). Their entries are small integers, often repeated (so
//! rank-deficient and repeated-eigenvalue matrices come up): the
//! reference's Jacobi sums of squares are not scaled and would underflow on
//! subnormal entries (the precedent of `linalg::qr`). `eigh` gets
//! symmetric matrices (the lower triangle mirrored, exactly).
//!
//! `slogdet` and `matrix_power` get the strictly diagonally dominant
//! matrices of `linalg::det` (condition at most `κ = 2n`): `slogdet`'s
//! sign exactly and its log within the determinant's relative error
//! `4 n² κ eps`; one matrix in eight has a zero row, where the standard's
//! special case asks for sign 0 and `-inf`. `matrix_power`'s powers `-3` to
//! `3` are within `2 |p| (n+1) eps ‖A‖∞^|p|` (a product of `|p|` matrices,
//! normwise), and a negative power adds the inverse's error, amplified by
//! the condition of the power (`κ^|p|`), since inverting first or last are
//! both correct.
//!
//! `matrix_rank` is a count near a threshold, so it is checked against a
//! window: every singular value (of `x` in float64, by the reference)
//! clearly above `rtol σ_max` must count and every one clearly below must
//! not, "clearly" meaning beyond the Weyl bound; its dtype is the
//! backend's own default integer dtype (`default_dtypes()`, when the
//! backend has it; else the reference's). `rtol` is drawn: `None` (the
//! default `max(M, N) eps`, where the zero singular values of a
//! rank-deficient matrix sit within rounding of the threshold and either
//! count is accepted) or between 0.001 and 0.5, where the products of
//! small integer matrices of rank `r` have a clear gap (small integers
//! again, for the reference's unscaled sums of squares). `pinv` gets full
//! rank matrices (a diagonally dominant block and extra rows, tall or
//! wide) and is compared with the reference within `4 κ c (m+1)(n+1) eps
//! ‖x⁺‖₂` (the perturbation of a full-rank pseudo-inverse), `κ` measured
//! by the reference's singular values; `rtol` is `None` or `1e-4`, below
//! `1/κ` for these inputs, so it cuts nothing. `diagonal` copies elements:
//! every dtype, offsets beyond the matrix, compared exactly.

use conformance_engine::{CaseError, CaseResult, Check, CheckContext, Deviation};
use conformance_strategies::compare::Tolerance;
use conformance_strategies::{
    array, arrays, labelled, shapes, AnyArray, ArraySpec, DType, DTypeGroup, Domain, DrawnArray,
    ShapeSpec,
};
use proptest::prelude::*;

use super::agree::{agree, agree_with, compare, reference};
use super::elementwise::Unary;
use super::linalg_extension::{
    beyond, dominant, linalg, remake, side, square_stacks, within, UNIT,
};
use super::linear_algebra::{eps, in_f64, scale_error};
use super::manipulation::exact;
use array_api::api::{ApiError, Backend};
use array_api::args::{Eigh, MatrixNormOrd, SlogDet, Svd};

labelled! {
    #[derive(Clone)]
    struct DiagonalInput {
        x: DrawnArray,
        offset: isize,
    }
}

labelled! {
    #[derive(Clone)]
    struct SvdInput {
        x: DrawnArray,
        full_matrices: bool,
    }
}

labelled! {
    #[derive(Clone)]
    struct PowerInput {
        x: DrawnArray,
        n: i64,
    }
}

labelled! {
    #[derive(Clone)]
    struct RtolInput {
        x: DrawnArray,
        rtol: Option<f64>,
    }
}

/// Small integers, often repeated.
pub(crate) fn small_ints() -> Domain {
    Domain::within(-10.0, 10.0)
        .and(Domain::integer_valued())
        .with_ties()
}

/// Stacks of `m×n` float matrices of small integers (`m, n ≤ 4`).
fn integer_matrices() -> BoxedStrategy<DrawnArray> {
    arrays(
        DTypeGroup::Floating,
        ShapeSpec::new(2, 4, 0, 4),
        small_ints(),
    )
}

/// Symmetric stacks of `n×n` small-integer matrices (`n ≤ 4`).
fn symmetric_matrices() -> BoxedStrategy<DrawnArray> {
    (
        prop::sample::select(DTypeGroup::Floating.dtypes()),
        shapes(ShapeSpec::new(0, 2, 0, 3)),
        0..=4usize,
    )
        .prop_flat_map(|(dtype, mut shape, n)| {
            shape.extend([n, n]);
            array(ArraySpec::new(dtype, shape).with_domain(small_ints()))
        })
        .prop_map(|x| {
            let n = side(&x);
            remake(x, |v| {
                if n > 0 {
                    for m in v.chunks_mut(n * n) {
                        for i in 0..n {
                            for j in 0..i {
                                m[j * n + i] = m[i * n + j];
                            }
                        }
                    }
                }
            })
        })
        .boxed()
}

/// `(rows, cols)` of the matrices of `x`.
fn dims(x: &AnyArray) -> (usize, usize) {
    let nd = x.ndim();
    (x.shape()[nd - 2], x.shape()[nd - 1])
}

/// The matrices of a stack of `size` elements each, in C order.
fn matrices(v: &[f64], size: usize) -> Vec<&[f64]> {
    if size == 0 {
        Vec::new()
    } else {
        v.chunks(size).collect()
    }
}

/// `‖x‖_F` of each matrix of `x`, by the reference in float64.
fn frobenius(x: &AnyArray) -> Result<Vec<f64>, CaseError> {
    in_f64(x)
        .and_then(|f| reference().matrix_norm(&f, false, MatrixNormOrd::Frobenius))
        .map(|f| f.to_f64_vec())
        .map_err(scale_error)
}

/// The backward-error bound of a decomposition of `m×n` matrices, relative
/// to `‖x‖_F` (see the module doc).
pub(crate) fn weyl(dtype: DType, m: usize, n: usize) -> f64 {
    4.0 * (m + 1) as f64 * (n + 1) as f64 * eps(dtype)
}

/// Each of `per` values per matrix gets its matrix's `scale`.
fn spread(scale: &[f64], per: usize) -> Vec<f64> {
    scale
        .iter()
        .flat_map(|&s| std::iter::repeat_n(s, per))
        .collect()
}

/// The backend's output has the reference's dtype and shape.
pub(crate) fn same_form(name: &str, e: &AnyArray, a: &AnyArray) -> Result<(), CaseError> {
    if e.dtype() != a.dtype() || e.shape() != a.shape() {
        return Err(CaseError::Fail(format!(
            "{name}: expected {} {:?}, got {} {:?}",
            e.dtype(),
            e.shape(),
            a.dtype(),
            a.shape()
        )));
    }
    Ok(())
}

/// Tracks the worst fraction of a bound used, and fails beyond a bound.
pub(crate) struct Bounds {
    pub(crate) worst: f64,
}

impl Bounds {
    pub(crate) fn check(
        &mut self,
        err: f64,
        bound: f64,
        what: impl FnOnce() -> String,
    ) -> Result<(), CaseError> {
        if bound > 0.0 {
            self.worst = self.worst.max(err / bound);
        }
        if beyond(err, bound) {
            return Err(CaseError::Fail(format!("{} (tolerance {bound:e})", what())));
        }
        Ok(())
    }

    pub(crate) fn done(self) -> CaseResult {
        Ok(Deviation {
            tolerance_used: self.worst.min(1.0),
            ..Deviation::default()
        })
    }
}

/// Checks that the `count` vectors of length `len` stored at
/// `get(vector, i)` are orthonormal within `tol`.
fn orthonormal(
    bounds: &mut Bounds,
    name: &str,
    b: usize,
    count: usize,
    len: usize,
    tol: f64,
    get: impl Fn(usize, usize) -> f64,
) -> Result<(), CaseError> {
    for p in 0..count {
        for q in 0..count {
            let dot: f64 = (0..len).map(|i| get(p, i) * get(q, i)).sum();
            let err = (dot - f64::from(u8::from(p == q))).abs();
            bounds.check(err, tol, || {
                format!("matrix {b} of the stack: {name} is not orthonormal: vectors {p} and {q} have dot product {dot}")
            })?;
        }
    }
    Ok(())
}

/// The values of each vector of `v` (`len` values each) sorted ascending.
fn sorted_vectors(v: &AnyArray, len: usize) -> AnyArray {
    let mut values = v.to_f64_vec();
    if len > 0 {
        for c in values.chunks_mut(len) {
            c.sort_by(f64::total_cmp);
        }
    }
    let f = AnyArray::from(
        ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(v.shape()), values).expect("same length"),
    );
    reference().astype(&f, v.dtype()).expect("float to float")
}

/// Singular values: the reference's within the Weyl bound (the backend's
/// dtype and shape first), non-negative and descending.
fn singular_values_agree(x: &AnyArray, e: &AnyArray, a: &AnyArray) -> CaseResult {
    same_form("S", e, a)?;
    let (m, n) = dims(x);
    let k = m.min(n);
    let values = a.to_f64_vec();
    for (b, s) in matrices(&values, k).into_iter().enumerate() {
        if let Some(i) =
            (0..k).find(|&i| s[i].is_nan() || s[i] < 0.0 || (i + 1 < k && s[i] < s[i + 1]))
        {
            return Err(CaseError::Fail(format!(
                "matrix {b} of the stack: the singular values {s:?} are not non-negative and descending (at {i})"
            )));
        }
    }
    let scale = spread(&frobenius(x)?, k);
    within(
        e,
        a,
        Tolerance::new(0.0, weyl(e.dtype(), m, n)),
        Some(scale),
    )
}

fn svd_agrees(i: &SvdInput, e: &Svd, a: &Svd) -> CaseResult {
    same_form("U", &e.u, &a.u)?;
    same_form("Vh", &e.vh, &a.vh)?;
    let worst_s = singular_values_agree(&i.x, &e.s, &a.s)?;
    let (m, n) = dims(&i.x);
    let k = m.min(n);
    let (uc, vr) = (side(&a.u), a.vh.shape()[a.vh.ndim() - 2]);
    let tol = weyl(i.x.dtype(), m, n);
    let (xs, us, ss, vs) = (
        i.x.to_f64_vec(),
        a.u.to_f64_vec(),
        a.s.to_f64_vec(),
        a.vh.to_f64_vec(),
    );
    let norms = frobenius(&i.x)?;
    let mut bounds = Bounds {
        worst: worst_s.tolerance_used,
    };
    for (b, x) in matrices(&xs, m * n).into_iter().enumerate() {
        let u = &us[b * m * uc..][..m * uc];
        let s = &ss[b * k..][..k];
        let vh = &vs[b * vr * n..][..vr * n];
        orthonormal(&mut bounds, "U's columns", b, uc, m, tol, |p, r| {
            u[r * uc + p]
        })?;
        orthonormal(&mut bounds, "Vh's rows", b, vr, n, tol, |p, c| {
            vh[p * n + c]
        })?;
        for r in 0..m {
            for c in 0..n {
                let v: f64 = (0..k).map(|p| u[r * uc + p] * s[p] * vh[p * n + c]).sum();
                let err = (v - x[r * n + c]).abs();
                bounds.check(err, tol * norms[b], || {
                    format!("matrix {b} of the stack: (U diag(S) Vh)[{r}, {c}] = {v} but x[{r}, {c}] = {}", x[r * n + c])
                })?;
            }
        }
    }
    bounds.done()
}

fn eigh_agrees(x: &AnyArray, e: &Eigh, a: &Eigh) -> CaseResult {
    same_form("eigenvalues", &e.eigenvalues, &a.eigenvalues)?;
    same_form("eigenvectors", &e.eigenvectors, &a.eigenvectors)?;
    let n = side(x);
    let tol = weyl(x.dtype(), n, n);
    let norms = frobenius(x)?;
    let sorted = |w: &AnyArray| sorted_vectors(w, n);
    let worst_w = within(
        &sorted(&e.eigenvalues),
        &sorted(&a.eigenvalues),
        Tolerance::new(0.0, tol),
        Some(spread(&norms, n)),
    )?;
    let (xs, ws, qs) = (
        x.to_f64_vec(),
        a.eigenvalues.to_f64_vec(),
        a.eigenvectors.to_f64_vec(),
    );
    let mut bounds = Bounds {
        worst: worst_w.tolerance_used,
    };
    for (b, xm) in matrices(&xs, n * n).into_iter().enumerate() {
        let q = &qs[b * n * n..][..n * n];
        let w = &ws[b * n..][..n];
        orthonormal(&mut bounds, "the eigenvectors", b, n, n, tol, |p, r| {
            q[r * n + p]
        })?;
        for r in 0..n {
            for c in 0..n {
                let v: f64 = (0..n).map(|p| q[r * n + p] * w[p] * q[c * n + p]).sum();
                let err = (v - xm[r * n + c]).abs();
                bounds.check(err, tol * norms[b], || {
                    format!("matrix {b} of the stack: (Q diag(w) Qᵀ)[{r}, {c}] = {v} but x[{r}, {c}] = {}", xm[r * n + c])
                })?;
            }
        }
    }
    bounds.done()
}

/// Dominant stacks; one time in eight with the first row zeroed.
fn slogdet_input() -> BoxedStrategy<DrawnArray> {
    (square_stacks().prop_map(dominant), 0..8u8)
        .prop_map(|(x, zero)| {
            let (m, n) = dims(&x);
            if zero != 0 || m != n || n == 0 {
                return x;
            }
            remake(x, |v| {
                for mat in v.chunks_mut(n * n) {
                    mat[..n].iter_mut().for_each(|e| *e = 0.0);
                }
            })
        })
        .boxed()
}

fn slogdet_agrees(x: &AnyArray, e: &SlogDet, a: &SlogDet) -> CaseResult {
    let n = side(x);
    let sign = compare(&e.sign, &a.sign, Some(&exact()))
        .map_err(|err| err.map_message(|m| format!("sign: {m}")))?;
    let kappa = 2.0 * n as f64;
    let dtype = e.logabsdet.dtype();
    let rel = 4.0 * (n * n) as f64 * kappa * eps(dtype);
    let log = within(
        &e.logabsdet,
        &a.logabsdet,
        Tolerance::new(2.0 * rel, 2.0 * eps(dtype)),
        None,
    )
    .map_err(|err| err.map_message(|m| format!("logabsdet: {m}")))?;
    Ok(sign.max(log))
}

fn power_input() -> BoxedStrategy<PowerInput> {
    (square_stacks().prop_map(dominant), -3i64..=3)
        .prop_map(|(x, n)| PowerInput { x, n })
        .boxed()
}

/// `‖A‖∞^|p|` of each matrix, and the relative tolerance (module doc).
fn power_tolerance(i: &PowerInput, dtype: DType) -> (Vec<f64>, f64) {
    let n = side(&i.x);
    let p = i.n.unsigned_abs() as i32;
    let values = i.x.to_f64_vec();
    let scale: Vec<f64> = matrices(&values, n * n)
        .into_iter()
        .map(|m| {
            let norm = (0..n)
                .map(|r| m[r * n..][..n].iter().map(|v| v.abs()).sum::<f64>())
                .fold(0.0, f64::max);
            // ‖A⁻¹‖∞ ≤ 1 for these matrices.
            if i.n < 0 {
                1.0
            } else {
                norm.powi(p)
            }
        })
        .collect();
    let kappa = 2.0 * n as f64;
    let mut rtol = 2.0 * f64::from(p) * (n + 1) as f64 * eps(dtype);
    if i.n < 0 {
        rtol *= 1.0 + 4.0 * (n * n) as f64 * kappa.powi(p);
    }
    (spread(&scale, n * n), rtol)
}

/// Products `B C` of small integer matrices (`B` is `m×r`), so of rank at
/// most `r`, or plain small-integer matrices; `rtol` drawn.
fn rank_input() -> BoxedStrategy<RtolInput> {
    let rtol = prop_oneof![Just(None), (0.001..0.5f64).prop_map(Some)];
    (
        prop::sample::select(DTypeGroup::Floating.dtypes()),
        shapes(ShapeSpec::new(0, 2, 0, 3)),
        (0..=4usize, 0..=4usize, 0..=4usize),
        any::<bool>(),
        rtol,
    )
        .prop_flat_map(|(dtype, batch, (m, n, r), product, rtol)| {
            let mut shape = batch.clone();
            shape.extend([m, n]);
            let x = if product {
                let ints = Domain::within(-3.0, 3.0).and(Domain::integer_valued());
                let (mut sb, mut sc) = (batch.clone(), batch);
                sb.extend([m, r]);
                sc.extend([r, n]);
                (
                    array(ArraySpec::new(DType::Float64, sb).with_domain(ints)),
                    array(ArraySpec::new(DType::Float64, sc).with_domain(ints)),
                )
                    .prop_map(move |(b, c)| {
                        let p = reference().matmul(&b, &c).expect("conformable");
                        let x = reference().astype(&p, dtype).expect("float to float");
                        DrawnArray {
                            array: x,
                            layout: conformance_strategies::Layout::C,
                        }
                    })
                    .boxed()
            } else {
                array(ArraySpec::new(dtype, shape).with_domain(small_ints()))
            };
            (x, Just(rtol))
        })
        .prop_map(|(x, rtol)| RtolInput { x, rtol })
        .boxed()
}

fn rank_agrees(b: &Backend, i: &RtolInput, e: &AnyArray, a: &AnyArray) -> CaseResult {
    let dtype = match b.default_dtypes(None) {
        Ok(d) => d.integral,
        Err(ApiError::NotImplemented { .. }) => e.dtype(),
        Err(err) => return Err(CaseError::Fail(format!("default_dtypes() raised `{err}`"))),
    };
    if a.dtype() != dtype || a.shape() != e.shape() {
        return Err(CaseError::Fail(format!(
            "expected {dtype} {:?} (the default integer dtype), got {} {:?}",
            e.shape(),
            a.dtype(),
            a.shape()
        )));
    }
    let (m, n) = dims(&i.x);
    let k = m.min(n);
    let s = in_f64(&i.x)
        .and_then(|f| reference().svdvals(&f))
        .map_err(scale_error)?
        .to_f64_vec();
    let norms = frobenius(&i.x)?;
    let rtol = i.rtol.unwrap_or(m.max(n) as f64 * eps(i.x.dtype()));
    let ranks = a.to_f64_vec();
    for (bi, sv) in matrices(&s, k).into_iter().enumerate() {
        let delta = 2.0 * weyl(i.x.dtype(), m, n) * norms[bi] * (1.0 + rtol);
        let t = rtol * sv[0];
        let low = sv.iter().filter(|&&v| v > t + delta).count();
        let high = sv.iter().filter(|&&v| v >= t - delta).count();
        let r = ranks[bi];
        if r < low as f64 || r > high as f64 {
            return Err(CaseError::Fail(format!(
                "matrix {bi} of the stack: rank {r}, but of the singular values {sv:?} with the threshold {t:e} (± {delta:e}) {low} to {high} count"
            )));
        }
    }
    Ok(Deviation::default())
}

/// Full-rank stacks: a dominant `k×k` block over `extra` rows in
/// `[-1, 1]`, transposed one time in two (wide).
fn pinv_input() -> BoxedStrategy<RtolInput> {
    (
        prop::sample::select(DTypeGroup::Floating.dtypes()),
        shapes(ShapeSpec::new(0, 2, 0, 3)),
        (0..=3usize, 0..=2usize),
        any::<bool>(),
        prop_oneof![Just(None), Just(Some(1e-4))],
    )
        .prop_flat_map(|(dtype, batch, (k, extra), wide, rtol)| {
            let mut shape = batch;
            shape.extend([k + extra, k]);
            let x = array(ArraySpec::new(dtype, shape).with_domain(UNIT)).prop_map(move |x| {
                let x = remake(x, |v| {
                    for m in v.chunks_mut(((k + extra) * k).max(1)) {
                        for i in 0..k {
                            let off: f64 =
                                (0..k).filter(|&j| j != i).map(|j| m[i * k + j].abs()).sum();
                            let d = m[i * k + i];
                            let size = 1.0 + d.abs() + off;
                            m[i * k + i] = if d.is_sign_negative() { -size } else { size };
                        }
                    }
                });
                if wide {
                    let t = reference()
                        .matrix_transpose(&x)
                        .expect("a stack of matrices");
                    DrawnArray {
                        array: x.layout.apply(&t),
                        layout: x.layout,
                    }
                } else {
                    x
                }
            });
            (x, Just(rtol))
        })
        .prop_map(|(x, rtol)| RtolInput { x, rtol })
        .boxed()
}

fn pinv_agrees(i: &RtolInput, e: &AnyArray, a: &AnyArray) -> CaseResult {
    let (m, n) = dims(&i.x);
    let k = m.min(n);
    let s = in_f64(&i.x)
        .and_then(|f| reference().svdvals(&f))
        .map_err(scale_error)?
        .to_f64_vec();
    let scale: Vec<f64> = matrices(&s, k)
        .into_iter()
        .map(|sv| 1.0 / sv[k - 1])
        .collect();
    let kappa = matrices(&s, k)
        .into_iter()
        .map(|sv| sv[0] / sv[k - 1])
        .fold(1.0, f64::max);
    let rtol = 4.0 * kappa * weyl(e.dtype(), m, n);
    within(e, a, Tolerance::new(0.0, rtol), Some(spread(&scale, m * n)))
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        linalg("diagonal", |b: &Backend, ctx: &CheckContext| {
            let input = (
                arrays(DTypeGroup::All, ShapeSpec::new(2, 4, 0, 4), Domain::any()),
                -6isize..=6,
            )
                .prop_map(|(x, offset)| DiagonalInput { x, offset });
            ctx.for_all(input, |i| {
                agree(
                    reference().diagonal(&i.x, i.offset),
                    b.diagonal(&i.x, i.offset),
                    Some(&exact()),
                )
            })
        }),
        linalg("svdvals", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(integer_matrices().prop_map(|x| Unary { x }), |i| {
                let x = i.x.array.clone();
                agree_with(reference().svdvals(&x), b.svdvals(&x), |e, a| {
                    singular_values_agree(&x, e, a)
                })
            })
        }),
        linalg("svd", |b: &Backend, ctx: &CheckContext| {
            let input = (integer_matrices(), any::<bool>())
                .prop_map(|(x, full_matrices)| SvdInput { x, full_matrices });
            ctx.for_all(input, |i| {
                agree_with(
                    reference().svd(&i.x, i.full_matrices),
                    b.svd(&i.x, i.full_matrices),
                    |e, a| svd_agrees(&i, e, a),
                )
            })
        }),
        linalg("eigh", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(symmetric_matrices().prop_map(|x| Unary { x }), |i| {
                let x = i.x.array.clone();
                agree_with(reference().eigh(&x), b.eigh(&x), |e, a| {
                    eigh_agrees(&x, e, a)
                })
            })
        }),
        linalg("eigvalsh", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(symmetric_matrices().prop_map(|x| Unary { x }), |i| {
                let x = i.x.array.clone();
                agree_with(reference().eigvalsh(&x), b.eigvalsh(&x), |e, a| {
                    same_form("eigenvalues", e, a)?;
                    let n = side(&x);
                    within(
                        &sorted_vectors(e, n),
                        &sorted_vectors(a, n),
                        Tolerance::new(0.0, weyl(e.dtype(), n, n)),
                        Some(spread(&frobenius(&x)?, n)),
                    )
                })
            })
        }),
        linalg("slogdet", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(slogdet_input().prop_map(|x| Unary { x }), |i| {
                let x = i.x.array.clone();
                agree_with(reference().slogdet(&x), b.slogdet(&x), |e, a| {
                    slogdet_agrees(&x, e, a)
                })
            })
        }),
        linalg("matrix_power", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(power_input(), |i| {
                agree_with(
                    reference().matrix_power(&i.x, i.n),
                    b.matrix_power(&i.x, i.n),
                    |e, a| {
                        let (scale, rtol) = power_tolerance(&i, e.dtype());
                        within(e, a, Tolerance::new(0.0, rtol), Some(scale))
                    },
                )
            })
        }),
        linalg("matrix_rank", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(rank_input(), |i| {
                agree_with(
                    reference().matrix_rank(&i.x, i.rtol),
                    b.matrix_rank(&i.x, i.rtol),
                    |e, a| rank_agrees(b, &i, e, a),
                )
            })
        }),
        linalg("pinv", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(pinv_input(), |i| {
                agree_with(
                    reference().pinv(&i.x, i.rtol),
                    b.pinv(&i.x, i.rtol),
                    |e, a| pinv_agrees(&i, e, a),
                )
            })
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{find, mutant, passes_and_catches, run};
    use super::*;
    use array_api::api::{ApiResult, Ops};
    use conformance_engine::Verdict;

    type Change = fn(Ops) -> Ops;

    fn r() -> &'static Backend {
        reference()
    }

    /// `-1` as an array of `like`'s dtype, broadcasting.
    fn minus_one(like: &AnyArray) -> ApiResult<AnyArray> {
        r().astype(&AnyArray::scalar(-1.0f64), like.dtype())
    }

    // Correct implementations that differ from the reference.

    /// Every pair of singular vectors negated.
    fn svd_negated(x: &AnyArray, full: bool) -> ApiResult<Svd> {
        let Svd { u, s, vh } = r().svd(x, full)?;
        let m = minus_one(&u)?;
        Ok(Svd {
            u: r().multiply(&u, &m)?,
            s,
            vh: r().multiply(&vh, &m)?,
        })
    }

    /// Eigenvalues descending, the eigenvectors with them, and negated.
    fn eigh_descending(x: &AnyArray) -> ApiResult<Eigh> {
        let Eigh {
            eigenvalues,
            eigenvectors,
        } = r().eigh(x)?;
        Ok(Eigh {
            eigenvalues: r().flip(&eigenvalues, Some(&[-1]))?,
            eigenvectors: r().multiply(
                &r().flip(&eigenvectors, Some(&[-1]))?,
                &minus_one(&eigenvectors)?,
            )?,
        })
    }

    /// `x⁻ⁿ` as `inv(xⁿ)`.
    fn power_inverting_last(x: &AnyArray, n: i64) -> ApiResult<AnyArray> {
        if n >= 0 {
            return r().matrix_power(x, n);
        }
        r().inv(&r().matrix_power(x, -n)?)
    }

    /// The pseudo-inverse of a full-rank matrix by the normal equations'
    /// transpose: `pinv(xᵀ)ᵀ`.
    fn pinv_of_transpose(x: &AnyArray, rtol: Option<f64>) -> ApiResult<AnyArray> {
        let t = |a: &AnyArray| r().matrix_transpose(a);
        t(&r().pinv(&t(x)?, rtol)?)
    }

    #[test]
    fn correct_implementations_that_differ_pass() {
        let checks = checks();
        let cases: [(&str, Change); 4] = [
            ("linalg::svd", |o| o.svd(svd_negated)),
            ("linalg::eigh", |o| o.eigh(eigh_descending)),
            ("linalg::matrix_power", |o| {
                o.matrix_power(power_inverting_last)
            }),
            ("linalg::pinv", |o| o.pinv(pinv_of_transpose)),
        ];
        for (id, change) in cases {
            let outcome = run(&find(&checks, id), &mutant(change), 1000);
            assert_eq!(outcome.verdict, Verdict::Passed, "{id}");
        }
    }

    fn int32_defaults(device: Option<&str>) -> ApiResult<array_api::args::DefaultDTypes> {
        Ok(array_api::args::DefaultDTypes {
            integral: DType::Int32,
            ..r().default_dtypes(device)?
        })
    }

    fn rank_int32(x: &AnyArray, rtol: Option<f64>) -> ApiResult<AnyArray> {
        r().astype(&r().matrix_rank(x, rtol)?, DType::Int32)
    }

    /// The rank's dtype is the backend's own default integer dtype.
    #[test]
    fn the_rank_dtype_is_the_backends_default_integer() {
        let check = find(&checks(), "linalg::matrix_rank");
        let int32 = mutant(|o| o.default_dtypes(int32_defaults).matrix_rank(rank_int32));
        assert_eq!(run(&check, &int32, 200).verdict, Verdict::Passed);
        let mixed = mutant(|o| o.matrix_rank(rank_int32));
        match run(&check, &mixed, 200).verdict {
            Verdict::Failed(f) => {
                assert!(f.message.contains("default integer dtype"), "{}", f.message)
            }
            other => panic!("{other:?}"),
        }
    }

    // Wrong implementations.

    fn diagonal_offset_ignored(x: &AnyArray, _offset: isize) -> ApiResult<AnyArray> {
        r().diagonal(x, 0)
    }

    fn svdvals_ascending(x: &AnyArray) -> ApiResult<AnyArray> {
        r().flip(&r().svdvals(x)?, Some(&[-1]))
    }

    /// Only `U`'s first column negated.
    fn svd_half_flipped(x: &AnyArray, full: bool) -> ApiResult<Svd> {
        let Svd { u, s, vh } = r().svd(x, full)?;
        let cols = side(&u);
        let signs: Vec<f64> = (0..cols).map(|j| if j == 0 { -1.0 } else { 1.0 }).collect();
        let signs = r().astype(
            &AnyArray::from(
                ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[cols]), signs).expect("cols"),
            ),
            u.dtype(),
        )?;
        Ok(Svd {
            u: r().multiply(&u, &signs)?,
            s,
            vh,
        })
    }

    /// Eigenvalues reversed, eigenvectors left: the pairs no longer match.
    fn eigh_unpaired(x: &AnyArray) -> ApiResult<Eigh> {
        let e = r().eigh(x)?;
        Ok(Eigh {
            eigenvalues: r().flip(&e.eigenvalues, Some(&[-1]))?,
            ..e
        })
    }

    /// The diagonal of `x` for its eigenvalues.
    fn eigvalsh_diagonal(x: &AnyArray) -> ApiResult<AnyArray> {
        r().eigvalsh(x)?;
        r().diagonal(x, 0)
    }

    /// A zero determinant reported with sign 1.
    fn slogdet_sign_one(x: &AnyArray) -> ApiResult<SlogDet> {
        let s = r().slogdet(x)?;
        let sign = r().abs(&s.sign)?;
        let one = r().astype(&AnyArray::scalar(1.0f64), sign.dtype())?;
        let zero = r().equal(&sign, &r().astype(&AnyArray::scalar(0.0f64), sign.dtype())?)?;
        Ok(SlogDet {
            sign: r().where_(&zero, &one, &s.sign)?,
            ..s
        })
    }

    fn power_of_abs(x: &AnyArray, n: i64) -> ApiResult<AnyArray> {
        r().matrix_power(x, n)?;
        r().matrix_power(x, n.abs())
    }

    /// Every singular value counts, zero ones too.
    fn rank_of_shape(x: &AnyArray, rtol: Option<f64>) -> ApiResult<AnyArray> {
        r().matrix_rank(x, rtol)?;
        r().matrix_rank(x, Some(-1.0))
    }

    fn pinv_as_transpose_of_inverse(x: &AnyArray, rtol: Option<f64>) -> ApiResult<AnyArray> {
        r().matrix_transpose(&r().pinv(x, rtol)?)
    }

    #[test]
    fn each_check_catches_its_mutant() {
        let checks = checks();
        let cases: [(&str, Change, &str); 9] = [
            (
                "linalg::diagonal",
                |o| o.diagonal(diagonal_offset_ignored),
                "differ",
            ),
            (
                "linalg::svdvals",
                |o| o.svdvals(svdvals_ascending),
                "descending",
            ),
            ("linalg::svd", |o| o.svd(svd_half_flipped), "(U diag(S) Vh)"),
            ("linalg::eigh", |o| o.eigh(eigh_unpaired), "(Q diag(w) Qᵀ)"),
            (
                "linalg::eigvalsh",
                |o| o.eigvalsh(eigvalsh_diagonal),
                "values differ",
            ),
            ("linalg::slogdet", |o| o.slogdet(slogdet_sign_one), "sign"),
            (
                "linalg::matrix_power",
                |o| o.matrix_power(power_of_abs),
                "values differ",
            ),
            (
                "linalg::matrix_rank",
                |o| o.matrix_rank(rank_of_shape),
                "rank",
            ),
            ("linalg::pinv", |o| o.pinv(pinv_as_transpose_of_inverse), ""),
        ];
        for (id, change, needle) in cases {
            passes_and_catches(&checks, id, &mutant(change), needle);
        }
    }
}
