//! The checks of the `linalg` extension (ids `linalg::<function>`): `det`,
//! `inv`, `solve`, `cholesky`, `qr`, `matrix_norm`, `vector_norm`, `trace`,
//! `outer` and `cross`, on stacks of matrices (batch dimensions drawn too).
//!
//! Each check states its domain by construction. `det`, `inv` and `solve`
//! get strictly diagonally dominant matrices (entries in `[-1, 1]`, each
//! diagonal entry moved to at least one more than the rest of its row):
//! then `‖A⁻¹‖∞ ≤ 1` and `‖A‖∞ ≤ 2n`, so the condition number is at most
//! `κ = 2n`. `cholesky` gets `A Aᵀ + n I`, symmetric positive definite with
//! `κ ≤ n + 1`. For these backward-stable algorithms the forward error is
//! at most about `n · κ · (c n u)`, twice over for two implementations, so
//! the tolerance is `4 n² κ eps` of the result's dtype, relative to the
//! result (`det`) or to the largest entry of its matrix or column (`inv`,
//! `cholesky`, `solve`): float32 and float64 get the same reasoning with
//! their own `eps`, nothing tuned.
//!
//! `qr` is unique only up to the signs of `Q`'s columns and `R`'s rows (and
//! not at all in `Q`'s extra columns in complete mode, or for a
//! rank-deficient input): its result is checked by properties, with the
//! dtype and shapes of the reference: `Q` orthonormal, `R` upper
//! triangular, `Q R = x`, each within `4 (m+1)(n+1) eps` (of 1, and of
//! `‖x‖_F`). Its entries are small integers, often repeated (so
//! rank-deficient matrices come up), which keeps the reference's unscaled
//! Householder norms clear of underflow (see `qr_input`).
//!
//! The norms are sums of non-negative terms, so a reordered sum is within
//! `(K + 1) eps` of the result (`K` terms); the singular-value orders
//! (`nuc`, `±2`) are within a multiple of `eps ‖x‖_F` (Weyl); `±inf` and
//! `0` orders pick or count values and are exact. `trace` and `cross`
//! scale their tolerance by the same sum of absolute terms (see
//! `linear_algebra`), integers are exact.

use conformance_engine::{CaseError, CaseResult, Check, CheckContext, Deviation};
use conformance_strategies::compare::{CompareOptions, Tolerance};
use conformance_strategies::{
    array, arrays, axis_choice, broadcastable_shapes, keepdims, labelled, reduction_axes_choice,
    shapes, AnyArray, ArraySpec, DType, DTypeGroup, Domain, DrawnArray, ShapeSpec,
};
use ndarray::{ArrayD, IxDyn};
use proptest::prelude::*;

use super::agree::{agree_signed, agree_with, compare, reference};
use super::elementwise::Unary;
use super::linear_algebra::{
    eps, in_f64, operand, same_kind, scale_error, shared_axis, tiny, PRODUCTS,
};
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::args::{MatrixNormOrd, Qr, QrMode, Reduce};

/// Entries of the matrices that are made well conditioned.
pub(crate) const UNIT: Domain = Domain {
    lo: -1.0,
    hi: 1.0,
    nan: false,
    ..Domain::any()
};

pub(crate) fn linalg(
    function: &'static str,
    body: impl Fn(&Backend, &CheckContext) -> conformance_engine::CheckOutcome + Send + Sync + 'static,
) -> Check<Backend> {
    Check::new("linalg", function, body)
        .extension("linalg")
        .depends_on(ROUND_TRIP)
}

/// `x` with its values (as float64, C order) changed by `change`, cast back
/// to its dtype and put back in its layout.
pub(crate) fn remake(x: DrawnArray, change: impl FnOnce(&mut [f64])) -> DrawnArray {
    let mut values = x.to_f64_vec();
    change(&mut values);
    let f = AnyArray::from(
        ArrayD::from_shape_vec(IxDyn(x.shape()), values).expect("as many values as elements"),
    );
    let cast = reference()
        .astype(&f, x.dtype())
        .expect("the reference casts float64 to every float dtype");
    DrawnArray {
        array: x.layout.apply(&cast),
        layout: x.layout,
    }
}

/// Each `n×n` matrix of a stack (C order), in turn.
fn each_matrix(values: &mut [f64], n: usize, mut f: impl FnMut(&mut [f64])) {
    if n > 0 {
        values.chunks_mut(n * n).for_each(&mut f);
    }
}

/// Strictly diagonally dominant: each diagonal entry keeps its sign and
/// becomes `1 + |a_ii| + Σ_{j≠i} |a_ij|` in magnitude. Non-square stacks
/// are left alone (the function must refuse them).
pub(crate) fn dominant(x: DrawnArray) -> DrawnArray {
    let nd = x.ndim();
    let n = x.shape()[nd - 1];
    if x.shape()[nd - 2] != n {
        return x;
    }
    remake(x, |v| {
        each_matrix(v, n, |m| {
            for i in 0..n {
                let off: f64 = (0..n).filter(|&j| j != i).map(|j| m[i * n + j].abs()).sum();
                let d = m[i * n + i];
                let size = 1.0 + d.abs() + off;
                m[i * n + i] = if d.is_sign_negative() { -size } else { size };
            }
        })
    })
}

/// `A Aᵀ + n I` for each drawn `A` (exactly symmetric); non-square stacks
/// are left alone.
fn positive_definite(x: DrawnArray) -> DrawnArray {
    let nd = x.ndim();
    let n = x.shape()[nd - 1];
    if x.shape()[nd - 2] != n {
        return x;
    }
    remake(x, |v| {
        each_matrix(v, n, |m| {
            let a = m.to_vec();
            for i in 0..n {
                for j in 0..=i {
                    let dot: f64 = (0..n).map(|p| a[i * n + p] * a[j * n + p]).sum();
                    let s = dot + if i == j { n as f64 } else { 0.0 };
                    m[i * n + j] = s;
                    m[j * n + i] = s;
                }
            }
        })
    })
}

/// Stacks of `n×n` float matrices with entries in `[-1, 1]`, `n ≤ 4`, up to
/// two batch dimensions; one time in ten `n×(n+1)` instead (not square).
/// No large size class: the decompositions and solvers these feed are
/// O(n^3) (and their conditioning, hence the tolerance, worsens with `n`),
/// so a matrix of hundreds would cost a whole run's budget per example.
pub(crate) fn square_stacks() -> BoxedStrategy<DrawnArray> {
    (
        conformance_strategies::dtypes(DTypeGroup::Floating),
        shapes(ShapeSpec::new(0, 2, 0, 3)),
        0..=4usize,
        0..10u8,
    )
        .prop_flat_map(|(dtype, mut shape, n, square)| {
            shape.extend([n, if square == 0 { n + 1 } else { n }]);
            array(ArraySpec::new(dtype, shape).with_domain(UNIT))
        })
        .boxed()
}

/// The side of the (square) matrices of `x`.
pub(crate) fn side(x: &AnyArray) -> usize {
    x.shape().last().copied().unwrap_or(0)
}

/// The tolerance of a backward-stable solver on matrices of side `n` and
/// condition at most `kappa` (see the module doc): relative, and as many
/// subnormals absolute, for operations that underflow (their error is
/// absolute, at most a subnormal each, and amplified the same way).
pub(crate) fn stable(dtype: DType, n: usize, kappa: f64) -> Tolerance {
    let factor = 4.0 * (n * n) as f64 * kappa;
    Tolerance::new(factor * tiny(dtype), factor * eps(dtype))
}

/// For each element of `e`, the largest `|e|` over the same `axes` (its
/// matrix, or its column), by the reference.
fn largest_along(e: &AnyArray, axes: &[isize]) -> Result<Vec<f64>, CaseError> {
    if e.is_empty() {
        return Ok(Vec::new());
    }
    let r = reference();
    let args = Reduce {
        axes: Some(axes.to_vec()),
        keepdims: true,
    };
    in_f64(e)
        .and_then(|f| r.abs(&f))
        .and_then(|a| r.max(&a, &args))
        .and_then(|m| r.broadcast_to(&m, e.shape()))
        .map(|b| b.to_f64_vec())
        .map_err(scale_error)
}

/// Compares with `tolerance`, relative to `scale` when given.
pub(crate) fn within(
    e: &AnyArray,
    a: &AnyArray,
    tolerance: Tolerance,
    scale: Option<Vec<f64>>,
) -> CaseResult {
    let mut o = CompareOptions::new(tolerance);
    if let Some(s) = scale {
        o = o.with_scale(s);
    }
    compare(e, a, Some(&o))
}

labelled! {
    #[derive(Clone)]
    struct SolveInput {
        x1: DrawnArray,
        x2: DrawnArray,
    }
}

labelled! {
    #[derive(Clone)]
    struct CholeskyInput {
        x: DrawnArray,
        upper: bool,
    }
}

labelled! {
    #[derive(Clone)]
    struct QrInput {
        x: DrawnArray,
        mode: QrMode,
    }
}

labelled! {
    #[derive(Clone)]
    struct MatrixNormInput {
        x: DrawnArray,
        keepdims: bool,
        ord: MatrixNormOrd,
    }
}

labelled! {
    #[derive(Clone)]
    struct VectorNormInput {
        x: DrawnArray,
        axis: Option<Vec<isize>>,
        keepdims: bool,
        ord: f64,
    }
}

labelled! {
    #[derive(Clone)]
    struct TraceInput {
        x: DrawnArray,
        offset: isize,
    }
}

labelled! {
    #[derive(Clone)]
    struct OuterInput {
        x1: DrawnArray,
        x2: DrawnArray,
    }
}

labelled! {
    #[derive(Clone)]
    struct CrossInput {
        x1: DrawnArray,
        x2: DrawnArray,
        axis: isize,
    }
}

type MatrixFn = fn(&Backend, &AnyArray) -> ApiResult<AnyArray>;

/// `det` and `inv` of diagonally dominant stacks: `det` relative to itself,
/// `inv` relative to the largest entry of each inverse.
fn inverse_check(name: &'static str, call: MatrixFn, per_matrix: bool) -> Check<Backend> {
    linalg(name, move |b: &Backend, ctx: &CheckContext| {
        let input = square_stacks().prop_map(|x| Unary { x: dominant(x) });
        ctx.for_all(input, |i| {
            agree_with(call(reference(), &i.x), call(b, &i.x), |e, a| {
                let n = side(&i.x);
                let tol = stable(e.dtype(), n, 2.0 * n as f64);
                let scale = if per_matrix {
                    Some(largest_along(e, &[-2, -1])?)
                } else {
                    None
                };
                within(e, a, tol, scale)
            })
        })
    })
}

/// Small only, as [`square_stacks`]: solving is O(n^3).
fn solve_input() -> BoxedStrategy<SolveInput> {
    (
        same_kind(&[DTypeGroup::Floating]),
        broadcastable_shapes(2, ShapeSpec::new(0, 2, 0, 3)),
        (0..=4usize, 0..=3usize, 0..4u8),
    )
        .prop_flat_map(|((d1, d2), batches, (n, k, vector))| {
            let mut s1 = batches[0].clone();
            s1.extend([n, n]);
            let s2 = if vector == 0 {
                vec![n]
            } else {
                let mut s = batches[1].clone();
                s.extend([n, k]);
                s
            };
            (
                array(ArraySpec::new(d1, s1).with_domain(UNIT)).prop_map(dominant),
                array(ArraySpec::new(d2, s2).with_domain(UNIT)),
            )
        })
        .prop_map(|(x1, x2)| SolveInput { x1, x2 })
        .boxed()
}

/// Small integers (often repeated, so rank-deficient matrices come up):
/// the reference's Householder norms are not scaled, and on float32 inputs
/// near 1e-7 a norm of rounding noise underflows and spoils `Q`'s
/// orthogonality (reported as a limitation of the reference); integer
/// entries keep every norm far from underflow.
///
/// Small only: QR is O(m n^2), and its tolerance grows with the sides.
fn qr_input() -> BoxedStrategy<QrInput> {
    (
        arrays(
            DTypeGroup::Floating,
            ShapeSpec::new(2, 4, 0, 4),
            Domain::within(-10.0, 10.0)
                .and(Domain::integer_valued())
                .with_ties(),
        ),
        conformance_strategies::strata::one_of(vec![QrMode::Reduced, QrMode::Complete]),
    )
        .prop_map(|(x, mode)| QrInput { x, mode })
        .boxed()
}

/// Whether an error exceeds its bound (NaN does).
pub(crate) fn beyond(err: f64, bound: f64) -> bool {
    err.is_nan() || err > bound
}

/// Whether `(q, r)` is a QR factorisation of `x`: dtype and shapes as the
/// reference's, `Q` with orthonormal columns, `R` upper triangular, and
/// `Q R = x`, per matrix of the stack.
fn is_qr(x: &AnyArray, expected: &Qr, actual: &Qr) -> CaseResult {
    for (name, e, a) in [("Q", &expected.q, &actual.q), ("R", &expected.r, &actual.r)] {
        if e.dtype() != a.dtype() || e.shape() != a.shape() {
            return Err(CaseError::Fail(format!(
                "{name}: expected {} {:?}, got {} {:?}",
                e.dtype(),
                e.shape(),
                a.dtype(),
                a.shape()
            )));
        }
    }
    let nd = x.ndim();
    let (m, n) = (x.shape()[nd - 2], x.shape()[nd - 1]);
    let k = side(&actual.q);
    let (xs, qs, rs) = (x.to_f64_vec(), actual.q.to_f64_vec(), actual.r.to_f64_vec());
    let tol = 4.0 * (m + 1) as f64 * (n + 1) as f64 * eps(x.dtype());
    let count = xs.len().checked_div(m * n).unwrap_or(0);
    let mut worst = 0.0f64;
    let fail =
        |what: String, b: usize| Err(CaseError::Fail(format!("matrix {b} of the stack: {what}")));
    for b in 0..count {
        let xm = &xs[b * m * n..][..m * n];
        let q = &qs[b * m * k..][..m * k];
        let r = &rs[b * k * n..][..k * n];
        let norm = xm.iter().map(|v| v * v).sum::<f64>().sqrt();
        for i in 0..k {
            for j in 0..k {
                let dot: f64 = (0..m).map(|p| q[p * k + i] * q[p * k + j]).sum();
                let err = (dot - f64::from(u8::from(i == j))).abs();
                worst = worst.max(err / tol);
                if beyond(err, tol) {
                    return fail(
                        format!(
                            "Q is not orthonormal: (QᵀQ)[{i}, {j}] = {dot} (tolerance {tol:e})"
                        ),
                        b,
                    );
                }
            }
        }
        for i in 0..k {
            for j in 0..n {
                let v = r[i * n + j];
                if i > j && beyond(v.abs(), tol * norm) {
                    return fail(format!("R is not upper triangular: R[{i}, {j}] = {v}"), b);
                }
            }
        }
        for i in 0..m {
            for j in 0..n {
                let qr: f64 = (0..k).map(|p| q[i * k + p] * r[p * n + j]).sum();
                let err = (qr - xm[i * n + j]).abs();
                if norm > 0.0 {
                    worst = worst.max(err / (tol * norm));
                }
                if beyond(err, tol * norm) {
                    return fail(
                        format!(
                            "(Q R)[{i}, {j}] = {qr} but x[{i}, {j}] = {} (tolerance {:e})",
                            xm[i * n + j],
                            tol * norm
                        ),
                        b,
                    );
                }
            }
        }
    }
    Ok(Deviation {
        tolerance_used: worst.min(1.0),
        ..Deviation::default()
    })
}

/// Matrix norm orders: `fro`, `nuc`, and 1, -1, 2, -2, inf, -inf.
fn matrix_orders() -> BoxedStrategy<MatrixNormOrd> {
    conformance_strategies::strata::one_of(vec![
        MatrixNormOrd::Frobenius,
        MatrixNormOrd::Nuclear,
        MatrixNormOrd::Order(1.0),
        MatrixNormOrd::Order(-1.0),
        MatrixNormOrd::Order(2.0),
        MatrixNormOrd::Order(-2.0),
        MatrixNormOrd::Order(f64::INFINITY),
        MatrixNormOrd::Order(f64::NEG_INFINITY),
    ])
    .boxed()
}

/// Finite values whose squares neither overflow in float32 nor, summed,
/// lose anything but rounding.
const NORMS: Domain = Domain {
    lo: -1e6,
    hi: 1e6,
    nan: false,
    ..Domain::any()
};

/// Small only: the 2-norm and the nuclear norm take an SVD, O(n^3).
fn matrix_norm_input() -> BoxedStrategy<MatrixNormInput> {
    (
        arrays(DTypeGroup::Floating, ShapeSpec::new(2, 4, 0, 4), NORMS),
        keepdims(),
        matrix_orders(),
    )
        .prop_map(|(x, keepdims, ord)| MatrixNormInput { x, keepdims, ord })
        .boxed()
}

/// Products that underflow leave at most `K` subnormals of absolute error
/// in a sum of `K` squares: `sqrt(K · tiny)` after the square root.
fn underflow(dtype: DType, terms: usize) -> f64 {
    (terms as f64 * tiny(dtype)).sqrt()
}

fn matrix_norm_agrees(i: &MatrixNormInput, e: &AnyArray, a: &AnyArray) -> CaseResult {
    let nd = i.x.ndim();
    let (m, n) = (i.x.shape()[nd - 2], i.x.shape()[nd - 1]);
    let dtype = e.dtype();
    let fro = || {
        in_f64(&i.x)
            .and_then(|f| reference().matrix_norm(&f, i.keepdims, MatrixNormOrd::Frobenius))
            .map(|f| f.to_f64_vec())
            .map_err(scale_error)
    };
    match i.ord {
        MatrixNormOrd::Frobenius => {
            let tol = Tolerance::new(underflow(dtype, m * n), (m * n + 2) as f64 * eps(dtype));
            within(e, a, tol, None)
        }
        MatrixNormOrd::Order(o) if o.abs() == 1.0 || o.is_infinite() => {
            // Sums of the absolute values of a column (±1) or a row (±inf).
            let k = if o.is_infinite() { n } else { m };
            within(e, a, Tolerance::new(0.0, (k + 1) as f64 * eps(dtype)), None)
        }
        _ => {
            // Singular values move by at most ‖E‖₂ ≤ c·mn·u·‖x‖_F (Weyl);
            // the nuclear norm sums up to min(m, n) of them.
            let count = m.min(n).max(1) as f64;
            let rtol = 4.0 * (m + 1) as f64 * (n + 1) as f64 * count * eps(dtype);
            within(e, a, Tolerance::new(0.0, rtol), Some(fro()?))
        }
    }
}

/// `vector_norm` orders: 1, 2, ±inf, 0 and other p-norms, negative too.
const VECTOR_ORDERS: [f64; 9] = [
    1.0,
    2.0,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    3.0,
    0.5,
    -1.0,
    -2.0,
];

/// Values for a p-norm: bounded with NaN; for a negative order, small
/// integers (0 included), since `|x|^p` of a tiny `x` would overflow.
fn vector_norm_input() -> BoxedStrategy<VectorNormInput> {
    conformance_strategies::strata::one_of(VECTOR_ORDERS.to_vec())
        .prop_flat_map(|ord| {
            let domain = if ord < 0.0 {
                Domain::within(-100.0, 100.0).and(Domain::integer_valued())
            } else {
                Domain {
                    lo: -1e4,
                    hi: 1e4,
                    ..Domain::any()
                }
            };
            (
                arrays(DTypeGroup::Floating, ShapeSpec::default().large(), domain),
                reduction_axes_choice(),
                keepdims(),
                Just(ord),
            )
        })
        .prop_map(|(x, axes, keepdims, ord)| VectorNormInput {
            axis: axes.resolve(x.ndim()),
            x,
            keepdims,
            ord,
        })
        .boxed()
}

/// `0` and `±inf` count or pick: exact. A p-norm sums `K` powers (each
/// within an ulp, the sum within `K u`), and the `1/p` power scales that
/// relative error by `1/|p|`, plus an ulp or two of its own; rounding `1/p`
/// itself moves the result `r` by `|ln r| u` relatively. So each element is
/// within `eps · |r| · ((K + 2) max(1, 1/|p|) + 2 + |ln r|)`. Underflow of
/// the powers adds at most `(K · tiny)^(1/p)` absolutely.
fn vector_norm_options(e: &AnyArray, terms: usize, ord: f64) -> CompareOptions {
    let dtype = e.dtype();
    if ord == 0.0 || ord.is_infinite() {
        return CompareOptions::new(Tolerance::exact());
    }
    let base = (terms as f64 + 2.0) * (1.0 / ord.abs()).max(1.0) + 2.0;
    let scale = e
        .to_f64_vec()
        .into_iter()
        .map(|r| {
            if r.is_finite() && r != 0.0 {
                r.abs() * (base + r.abs().ln().abs())
            } else {
                0.0
            }
        })
        .collect();
    let atol = if ord > 0.0 {
        (terms as f64 * tiny(dtype)).powf(1.0 / ord)
    } else {
        0.0
    };
    CompareOptions::new(Tolerance::new(atol, eps(dtype))).with_scale(scale)
}

fn trace_input() -> BoxedStrategy<TraceInput> {
    let ints = Domain::within(-1000.0, 1000.0);
    (
        conformance_strategies::dtypes(DTypeGroup::Numeric),
        shapes(ShapeSpec::new(2, 4, 0, 5).large()),
    )
        .prop_flat_map(move |(dtype, shape)| {
            let nd = shape.len();
            let (m, n) = (shape[nd - 2] as isize, shape[nd - 1] as isize);
            (operand(dtype, shape, PRODUCTS, ints), -m - 1..=n + 1)
        })
        .prop_map(|(x, offset)| TraceInput { x, offset })
        .boxed()
}

/// Two vectors (one time in ten, an operand that is not 1-d, refused).
fn outer_input() -> BoxedStrategy<OuterInput> {
    let ints = Domain::within(-11.0, 11.0);
    (
        same_kind(&[DTypeGroup::Floating, DTypeGroup::Integer]),
        (0..=6usize, 0..=6usize, 0..10u8),
    )
        .prop_flat_map(move |((d1, d2), (n1, n2, flat))| {
            let s1 = if flat == 0 { vec![n1, 2] } else { vec![n1] };
            (
                operand(d1, s1, Domain::any(), ints),
                operand(d2, vec![n2], Domain::any(), ints),
            )
        })
        .prop_map(|(x1, x2)| OuterInput { x1, x2 })
        .boxed()
}

/// Stacks of 3-vectors along a drawn axis in `[-N, -1]`, the other axes
/// broadcast; signed integers small enough that `u_j w_k - u_k w_j` fits
/// `int8`. One time in twelve `x2` has 2 components there (refused).
fn cross_input() -> BoxedStrategy<CrossInput> {
    (
        same_kind(&[DTypeGroup::Floating, DTypeGroup::SignedInteger]),
        broadcastable_shapes(2, ShapeSpec::new(1, 3, 0, 3).large()),
        0..12u8,
        axis_choice(),
    )
        .prop_flat_map(|((d1, d2), mut shapes, mismatch, axis)| {
            let axis = shared_axis(axis, &shapes);
            let sides = [3, if mismatch == 0 { 2 } else { 3 }];
            for (s, side) in shapes.iter_mut().zip(sides) {
                let i = (s.len() as isize + axis) as usize;
                s[i] = side;
            }
            let ints = Domain::within(-7.0, 7.0);
            (
                operand(d1, shapes[0].clone(), PRODUCTS, ints),
                operand(d2, shapes[1].clone(), PRODUCTS, ints),
                Just(axis),
            )
        })
        .prop_map(|(x1, x2, axis)| CrossInput { x1, x2, axis })
        .boxed()
}

/// For each component `u_j w_k - u_k w_j` of the result, `|u_j w_k| +
/// |u_k w_j|` (NaN where an operand is), in the result's order.
fn cross_scale(i: &CrossInput) -> Result<Vec<f64>, CaseError> {
    let r = reference();
    let last = |x: &AnyArray| in_f64(x).and_then(|f| r.moveaxis(&f, &[i.axis], &[-1]));
    let both = last(&i.x1)
        .and_then(|a| last(&i.x2).map(|b| [a, b]))
        .and_then(|ab| r.broadcast_arrays(&ab))
        .map_err(scale_error)?;
    let (u, w) = (both[0].to_f64_vec(), both[1].to_f64_vec());
    let scale: Vec<f64> = u
        .chunks(3)
        .zip(w.chunks(3))
        .flat_map(|(u, w)| {
            [(1, 2), (2, 0), (0, 1)].map(|(j, k)| (u[j] * w[k]).abs() + (u[k] * w[j]).abs())
        })
        .collect();
    let moved = AnyArray::from(
        ArrayD::from_shape_vec(IxDyn(both[0].shape()), scale).expect("one scale per component"),
    );
    r.moveaxis(&moved, &[-1], &[i.axis])
        .map(|s| s.to_f64_vec())
        .map_err(scale_error)
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        inverse_check("det", Backend::det, false),
        inverse_check("inv", Backend::inv, true),
        linalg("solve", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(solve_input(), |i| {
                agree_with(
                    reference().solve(&i.x1, &i.x2),
                    b.solve(&i.x1, &i.x2),
                    |e, a| {
                        let n = side(&i.x1);
                        let tol = stable(e.dtype(), n, 2.0 * n as f64);
                        // Relative to the largest entry of each solution vector.
                        let column = if i.x2.ndim() == 1 { -1 } else { -2 };
                        within(e, a, tol, Some(largest_along(e, &[column])?))
                    },
                )
            })
        }),
        linalg("cholesky", |b: &Backend, ctx: &CheckContext| {
            let input = (
                square_stacks().prop_map(positive_definite),
                conformance_strategies::strata::flag(),
            )
                .prop_map(|(x, upper)| CholeskyInput { x, upper });
            ctx.for_all(input, |i| {
                agree_with(
                    reference().cholesky(&i.x, i.upper),
                    b.cholesky(&i.x, i.upper),
                    |e, a| {
                        let n = side(&i.x);
                        let tol = stable(e.dtype(), n, n as f64 + 1.0);
                        within(e, a, tol, Some(largest_along(e, &[-2, -1])?))
                    },
                )
            })
        }),
        linalg("qr", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(qr_input(), |i| {
                agree_with(reference().qr(&i.x, i.mode), b.qr(&i.x, i.mode), |e, a| {
                    is_qr(&i.x, e, a)
                })
            })
        }),
        linalg("matrix_norm", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(matrix_norm_input(), |i| {
                agree_with(
                    reference().matrix_norm(&i.x, i.keepdims, i.ord),
                    b.matrix_norm(&i.x, i.keepdims, i.ord),
                    |e, a| matrix_norm_agrees(&i, e, a),
                )
            })
        }),
        linalg("vector_norm", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(vector_norm_input(), |i| {
                let args = Reduce {
                    axes: i.axis.clone(),
                    keepdims: i.keepdims,
                };
                agree_with(
                    reference().vector_norm(&i.x, &args, i.ord),
                    b.vector_norm(&i.x, &args, i.ord),
                    |e, a| {
                        let k = if e.is_empty() { 0 } else { i.x.len() / e.len() };
                        compare(e, a, Some(&vector_norm_options(e, k, i.ord)))
                    },
                )
            })
        }),
        linalg("trace", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(trace_input(), |i| {
                agree_with(
                    reference().trace(&i.x, i.offset),
                    b.trace(&i.x, i.offset),
                    |e, a| {
                        if !e.dtype().is_float() {
                            return compare(e, a, None);
                        }
                        // A sum of at most `min(m, n)` terms, relative to the
                        // sum of their absolute values.
                        let k = i.x.shape()[i.x.ndim() - 2..]
                            .iter()
                            .min()
                            .copied()
                            .unwrap_or(0);
                        let scale = in_f64(&i.x)
                            .and_then(|f| reference().abs(&f))
                            .and_then(|f| reference().trace(&f, i.offset))
                            .map_err(scale_error)?;
                        let tol = Tolerance::new(0.0, (k + 1) as f64 * eps(e.dtype()));
                        within(e, a, tol, Some(scale.to_f64_vec()))
                    },
                )
            })
        }),
        linalg("outer", |b: &Backend, ctx: &CheckContext| {
            // One product per element: the default tolerance of the dtype,
            // and the sign of zero a product has (see `zero_sign`).
            ctx.for_all(outer_input(), |i| {
                agree_signed(reference().outer(&i.x1, &i.x2), b.outer(&i.x1, &i.x2))
            })
        }),
        linalg("cross", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(cross_input(), |i| {
                agree_with(
                    reference().cross(&i.x1, &i.x2, i.axis),
                    b.cross(&i.x1, &i.x2, i.axis),
                    |e, a| {
                        if !e.dtype().is_float() {
                            return compare(e, a, None);
                        }
                        // Each component is `u_j w_k - u_k w_j`: two roundings of
                        // products and one of the difference, on each side.
                        let tol = Tolerance::new(0.0, 4.0 * eps(e.dtype()));
                        within(e, a, tol, Some(cross_scale(&i)?))
                    },
                )
            })
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{find, mutant, passes_and_catches, run};
    use super::*;
    use array_api::api::Ops;
    use conformance_engine::Verdict;

    type Change = fn(Ops) -> Ops;

    fn t(x: &AnyArray) -> ApiResult<AnyArray> {
        reference().matrix_transpose(x)
    }

    // Correct implementations that round differently from the reference.

    /// `det(xᵀ)`: another elimination order.
    fn det_of_transpose(x: &AnyArray) -> ApiResult<AnyArray> {
        reference().det(x)?;
        reference().det(&t(x)?)
    }

    /// `inv(xᵀ)ᵀ`.
    fn inv_of_transpose(x: &AnyArray) -> ApiResult<AnyArray> {
        reference().inv(x)?;
        t(&reference().inv(&t(x)?)?)
    }

    /// `inv(x1) @ x2`.
    fn solve_by_inverse(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        let r = reference();
        r.solve(x1, x2)?;
        let dtype = r.result_type(&[x1.dtype(), x2.dtype()])?;
        r.matmul(&r.inv(&r.astype(x1, dtype)?)?, x2)
    }

    /// The norm of `xᵀ` with the order that means the same.
    fn norm_of_transpose(x: &AnyArray, keepdims: bool, ord: MatrixNormOrd) -> ApiResult<AnyArray> {
        let r = reference();
        r.matrix_norm(x, keepdims, ord)?;
        let swapped = match ord {
            MatrixNormOrd::Order(o) if o.abs() == 1.0 => MatrixNormOrd::Order(o * f64::INFINITY),
            MatrixNormOrd::Order(o) if o.is_infinite() => MatrixNormOrd::Order(o.signum()),
            other => other,
        };
        r.matrix_norm(&t(x)?, keepdims, swapped)
    }

    /// The norms of `x` with every axis reversed, put back in order.
    fn norm_reversed(x: &AnyArray, args: &Reduce, ord: f64) -> ApiResult<AnyArray> {
        let r = reference();
        r.vector_norm(x, args, ord)?;
        let n = r.vector_norm(&r.flip(x, None)?, args, ord)?;
        r.flip(&n, None)
    }

    #[test]
    fn correct_implementations_that_round_differently_pass() {
        let checks = checks();
        let cases: [(&str, Change); 5] = [
            ("linalg::det", |o| o.det(det_of_transpose)),
            ("linalg::inv", |o| o.inv(inv_of_transpose)),
            ("linalg::solve", |o| o.solve(solve_by_inverse)),
            ("linalg::matrix_norm", |o| o.matrix_norm(norm_of_transpose)),
            ("linalg::vector_norm", |o| o.vector_norm(norm_reversed)),
        ];
        for (id, change) in cases {
            let outcome = run(&find(&checks, id), &mutant(change), 1000);
            assert_eq!(outcome.verdict, Verdict::Passed, "{id}");
            let used = outcome.worst.map_or(0.0, |w| w.tolerance_used);
            assert!(used > 0.0 && used < 0.5, "{id}: {used} of the tolerance");
        }
    }

    // Wrong implementations.

    fn negated_det(x: &AnyArray) -> ApiResult<AnyArray> {
        reference().det(x).and_then(|d| reference().negative(&d))
    }

    fn transposed_inv(x: &AnyArray) -> ApiResult<AnyArray> {
        reference().inv(x).and_then(|i| t(&i))
    }

    fn solve_transposed(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        reference().solve(&t(x1)?, x2)
    }

    fn always_lower(x: &AnyArray, _upper: bool) -> ApiResult<AnyArray> {
        reference().cholesky(x, false)
    }

    /// `Q`'s first column negated, `R` left as it was.
    fn half_flipped_qr(x: &AnyArray, mode: QrMode) -> ApiResult<Qr> {
        let r = reference();
        let Qr { q, r: rr } = r.qr(x, mode)?;
        let k = side(&q);
        let signs: Vec<f64> = (0..k).map(|j| if j == 0 { -1.0 } else { 1.0 }).collect();
        let signs = r.astype(
            &AnyArray::from(ArrayD::from_shape_vec(IxDyn(&[k]), signs).expect("k signs")),
            q.dtype(),
        )?;
        Ok(Qr {
            q: r.multiply(&q, &signs)?,
            r: rr,
        })
    }

    fn keepdims_ignored(x: &AnyArray, _keepdims: bool, ord: MatrixNormOrd) -> ApiResult<AnyArray> {
        reference().matrix_norm(x, false, ord)
    }

    fn min_as_max(x: &AnyArray, args: &Reduce, ord: f64) -> ApiResult<AnyArray> {
        reference().vector_norm(x, args, ord.abs())
    }

    fn offset_ignored(x: &AnyArray, _offset: isize) -> ApiResult<AnyArray> {
        reference().trace(x, 0)
    }

    fn unpromoted_outer(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        let r = reference();
        r.outer(x1, x2).and_then(|o| r.astype(&o, x1.dtype()))
    }

    fn swapped_cross(x1: &AnyArray, x2: &AnyArray, axis: isize) -> ApiResult<AnyArray> {
        reference().cross(x2, x1, axis)
    }

    #[test]
    fn each_check_catches_its_mutant() {
        let checks = checks();
        let cases: [(&str, Change, &str); 10] = [
            ("linalg::det", |o| o.det(negated_det), "values differ"),
            ("linalg::inv", |o| o.inv(transposed_inv), "values differ"),
            (
                "linalg::solve",
                |o| o.solve(solve_transposed),
                "values differ",
            ),
            (
                "linalg::cholesky",
                |o| o.cholesky(always_lower),
                "values differ",
            ),
            ("linalg::qr", |o| o.qr(half_flipped_qr), "(Q R)"),
            (
                "linalg::matrix_norm",
                |o| o.matrix_norm(keepdims_ignored),
                "shape differs",
            ),
            (
                "linalg::vector_norm",
                |o| o.vector_norm(min_as_max),
                "values differ",
            ),
            (
                "linalg::trace",
                |o| o.trace(offset_ignored),
                "values differ",
            ),
            (
                "linalg::outer",
                |o| o.outer(unpromoted_outer),
                "dtype differs",
            ),
            ("linalg::cross", |o| o.cross(swapped_cross), "values differ"),
        ];
        for (id, change, needle) in cases {
            passes_and_catches(&checks, id, &mutant(change), needle);
        }
    }

    #[test]
    fn every_check_is_in_the_linalg_extension() {
        for c in checks() {
            assert!(c.id.as_str().starts_with("linalg::"), "{}", c.id.as_str());
            assert_eq!(
                c.tags.extension.as_deref(),
                Some("linalg"),
                "{}",
                c.id.as_str()
            );
        }
    }
}
