//! The checks of the `linalg` extension's general eigenproblem, `eig` and
//! `eigvals`, on stacks of square real and complex matrices (batch
//! dimensions drawn, zero-size sides included, one stack in ten not square,
//! which both sides must refuse).
//!
//! The eigenvalues of a non-normal matrix are ill-conditioned (a Jordan
//! block of size `m` moves them by `eps^{1/m}`), and the standard leaves
//! their order open and the eigenvectors unique only up to a unit factor,
//! so nothing is compared with the reference element by element but the
//! dtype and shape (complex of the input's precision, `(..., M)` and
//! `(..., M, M)`). The values are checked by the properties that define
//! them, with tolerances from backward stability alone: the eigenvalues
//! (and each eigenpair) of a backward-stable algorithm (Hessenberg and QR,
//! LAPACK's `geev`) are exactly those of `A + E` with `‖E‖₂ ≤ δ`, and we
//! take `δ = 4 (n+1)² eps ‖A‖_F`, the decompositions' Weyl bound, `eps` of
//! the result's precision. Rounding the results to that precision moves
//! each eigenvalue, and each vector's product with `A - λI`, by at most
//! `η = 2 eps (‖A‖_F + δ)` (every eigenvalue of `A + E` is within
//! `‖A‖₂ + δ` of 0). The bounds, per matrix of the stack, each computed in
//! float64:
//! - each eigenvalue `λ` is an eigenvalue of a nearby matrix:
//!   `σ_min(A - λI) ≤ δ + η` (`σ_min` by the reference's SVD of the real
//!   `2n×2n` embedding `[[Re, -Im], [Im, Re]]`, whose singular values are
//!   those of the complex matrix twice; plus the reference's own error,
//!   `4 (2n+1)² eps₆₄ ‖A - λI‖_F`);
//! - the eigenvalues as a multiset are those of a nearby matrix: their
//!   power sums `p_k = Σ λᵢ^k = tr((A+E)^k)`, so `|p_k - tr(A^k)| ≤
//!   n ((a + δ + η)^k - a^k)` with `a = ‖A‖_F` (since `|tr M| ≤ n ‖M‖₂`),
//!   for `k = 1..n`, which by Newton's identities fix the multiset; plus
//!   `2 k n² eps₆₄ (a + δ + η)^k` for float64's own powers. A value moved
//!   by `10⁻³ ‖A‖`, a repeated or a missing eigenvalue break `p_1` or a
//!   higher sum whatever the conditioning;
//! - for real input the eigenvalues come in conjugate pairs, as a
//!   multiset: `tr(A^k)` is real, so `|Im p_k|` is held to the same bound
//!   (a sound pairing tolerance: a per-value one would have to know the
//!   conditioning of each pair);
//! - `eig`'s eigenvectors have unit 2-norm within `4 (n+1)² eps` (the
//!   standard's warning that they are unique up to `-1` or `e^{φj}`
//!   presumes unit vectors; its "must be orthogonal", copied from `eigh`,
//!   cannot hold for a non-normal matrix and is not checked), and each
//!   pair has a small residual: `‖A v - λ v‖₂ ≤ (δ + 3η + 4 n eps₆₄ (2a +
//!   δ)) ‖v‖₂` (so `σ_min(A - λI)` is small too, and is not checked
//!   again); with the power sums this pins every pair.
//!
//! An implementation nobody here wrote stays well inside these bounds:
//! LAPACK's `geev` (numpy 2.4.6's, in each input's own precision) used at
//! most 8% of any of them on 40000 such matrices
//! (`checks/validation/eig_bounds_vs_lapack.py`, seeds 1 and 2: residual
//! 7.9%, power sums 4.3%, unit norm 4.2%, `σ_min` 1.2%); the reference
//! uses at most 8.4% at 1000 examples in seeds 1-5.
//!
//! Entries are small integers, often repeated, real or complex (each
//! component): integer matrices bring repeated, defective (Jordan) and
//! complex-pair eigenvalues often, their powers are exact in float64, and
//! they are finite (the standard says nothing of special values here).
//! `n ≤ 6`.

use conformance_engine::{CaseError, CaseResult, Check, CheckContext};
use conformance_strategies::{
    array, dtypes, shapes, AnyArray, ArraySpec, Complex, DType, DTypeGroup, ShapeSpec,
};
use ndarray::{ArrayD, IxDyn};
use proptest::prelude::*;

use super::agree::{agree_with, reference};
use super::elementwise::Unary;
use super::linalg_decompositions::{same_form, small_ints, weyl, Bounds};
use super::linalg_extension::{linalg, side};
use super::linear_algebra::{eps, scale_error};
use array_api::api::Backend;
use array_api::args::Eig;

type C = Complex<f64>;

/// The largest side drawn.
const MAX_SIDE: usize = 6;

/// Stacks of `n×n` matrices of small integers (`n ≤ 6`), real or complex;
/// one time in ten `n×(n+1)`.
fn eig_input() -> BoxedStrategy<Unary> {
    (
        dtypes(DTypeGroup::FloatingAndComplex),
        shapes(ShapeSpec::new(0, 2, 0, 3)),
        0..=MAX_SIDE,
        0..10u8,
    )
        .prop_flat_map(|(dtype, mut shape, n, square)| {
            shape.extend([n, if square == 0 { n + 1 } else { n }]);
            array(ArraySpec::new(dtype, shape).with_domain(small_ints()))
        })
        .prop_map(|x| Unary { x })
        .boxed()
}

/// One matrix of the stack, in float64, with the bounds of the module doc.
struct Matrix<'a> {
    /// Its index in the stack.
    index: usize,
    /// Its side.
    n: usize,
    /// Its entries, row-major.
    a: &'a [C],
    /// `‖A‖_F`.
    norm: f64,
    /// The backward error `δ`.
    delta: f64,
    /// The rounding of the results `η`.
    eta: f64,
}

/// Each matrix of `x` (a stack of square matrices) with its bounds, the
/// results being of `dtype`.
fn matrices<'a>(x: &AnyArray, entries: &'a [C], dtype: DType) -> Vec<Matrix<'a>> {
    let n = side(x);
    if n == 0 {
        return Vec::new();
    }
    let e = eps(dtype.real_component());
    entries
        .chunks(n * n)
        .enumerate()
        .map(|(index, a)| {
            let norm = a.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
            let delta = weyl(dtype.real_component(), n, n) * norm;
            Matrix {
                index,
                n,
                a,
                norm,
                delta,
                eta: 2.0 * e * (norm + delta),
            }
        })
        .collect()
}

/// `σ_min(A - λI)` for each `λ` of `w` (the matrix's eigenvalues), in
/// float64 by the reference's `svdvals` of the real embedding.
fn smallest_singular_values(m: &Matrix, w: &[C]) -> Result<Vec<f64>, CaseError> {
    let n = m.n;
    let size = 2 * n;
    let mut data = Vec::with_capacity(w.len() * size * size);
    for &lambda in w {
        let entry = |i: usize, j: usize| {
            m.a[i * n + j]
                - if i == j {
                    lambda
                } else {
                    Complex::new(0.0, 0.0)
                }
        };
        for i in 0..size {
            for j in 0..size {
                let z = entry(i % n, j % n);
                data.push(match (i < n, j < n) {
                    (true, true) | (false, false) => z.re,
                    (true, false) => -z.im,
                    (false, true) => z.im,
                });
            }
        }
    }
    let stack = AnyArray::from(
        ArrayD::from_shape_vec(IxDyn(&[w.len(), size, size]), data).expect("w.len() matrices"),
    );
    let s = reference()
        .svdvals(&stack)
        .map_err(scale_error)?
        .to_f64_vec();
    Ok(s.chunks(size).map(|c| c[size - 1]).collect())
}

/// Each eigenvalue is one of a nearby matrix.
fn near_eigenvalues(bounds: &mut Bounds, m: &Matrix, w: &[C]) -> Result<(), CaseError> {
    let s = smallest_singular_values(m, w)?;
    for (lambda, sigma) in w.iter().zip(s) {
        let shifted = (m.norm + lambda.norm()) * (m.n as f64).sqrt();
        let own = 4.0 * ((2 * m.n + 1) as f64).powi(2) * f64::EPSILON * shifted;
        bounds.check(sigma, m.delta + m.eta + own, || {
            format!(
                "matrix {} of the stack: {lambda} is no eigenvalue of a nearby matrix: σ_min(A - λI) = {sigma:e}",
                m.index
            )
        })?;
    }
    Ok(())
}

/// `A^k` of the row-major `n×n` `a`, for `k = 1..=n`, in float64.
fn powers(a: &[C], n: usize) -> Vec<Vec<C>> {
    let mut out = vec![a.to_vec()];
    for _ in 1..n {
        let last = out.last().expect("A itself");
        let next = (0..n * n)
            .map(|ij| {
                let (i, j) = (ij / n, ij % n);
                (0..n).map(|l| last[i * n + l] * a[l * n + j]).sum()
            })
            .collect();
        out.push(next);
    }
    out
}

/// The eigenvalues' power sums are the traces of `A`'s powers; for real
/// input, they are real (the values come in conjugate pairs).
fn power_sums(bounds: &mut Bounds, m: &Matrix, w: &[C], real_input: bool) -> Result<(), CaseError> {
    let n = m.n as f64;
    let reach = m.norm + m.delta + m.eta;
    for (k, p) in (1..).zip(powers(m.a, m.n)) {
        let trace: C = (0..m.n).map(|i| p[i * m.n + i]).sum();
        let sum: C = w.iter().map(|z| z.powi(k)).sum();
        let bound = n * (reach.powi(k) - m.norm.powi(k))
            + 2.0 * f64::from(k) * n * n * f64::EPSILON * reach.powi(k);
        if real_input {
            bounds.check(sum.im.abs(), bound, || {
                format!(
                    "matrix {} of the stack: the eigenvalues {w:?} of a real matrix are not in conjugate pairs: Σ λ^{k} = {sum} is not real",
                    m.index
                )
            })?;
        }
        bounds.check((sum - trace).norm(), bound, || {
            format!(
                "matrix {} of the stack: the eigenvalues {w:?} are not those of a nearby matrix: Σ λ^{k} = {sum} but tr(A^{k}) = {trace}",
                m.index
            )
        })?;
    }
    Ok(())
}

/// The eigenvalues' checks: each near an eigenvalue, the multiset by its
/// power sums (see the module doc).
fn eigenvalues_agree(x: &AnyArray, e: &AnyArray, a: &AnyArray) -> CaseResult {
    same_form("eigenvalues", e, a)?;
    let entries = x.to_complex_vec();
    let values = a.to_complex_vec();
    let mut bounds = Bounds { worst: 0.0 };
    for m in matrices(x, &entries, e.dtype()) {
        let w = &values[m.index * m.n..][..m.n];
        near_eigenvalues(&mut bounds, &m, w)?;
        power_sums(&mut bounds, &m, w, !x.dtype().is_complex())?;
    }
    bounds.done()
}

/// `eig`: the eigenvalues as `eigvals`', unit eigenvectors, small
/// residuals.
fn eig_agrees(x: &AnyArray, e: &Eig, a: &Eig) -> CaseResult {
    same_form("eigenvalues", &e.eigenvalues, &a.eigenvalues)?;
    same_form("eigenvectors", &e.eigenvectors, &a.eigenvectors)?;
    let dtype = e.eigenvalues.dtype();
    let entries = x.to_complex_vec();
    let (values, vectors) = (
        a.eigenvalues.to_complex_vec(),
        a.eigenvectors.to_complex_vec(),
    );
    let unit = weyl(dtype.real_component(), side(x), side(x));
    let mut bounds = Bounds { worst: 0.0 };
    for m in matrices(x, &entries, dtype) {
        let n = m.n;
        let w = &values[m.index * n..][..n];
        let v = &vectors[m.index * n * n..][..n * n];
        power_sums(&mut bounds, &m, w, !x.dtype().is_complex())?;
        for (k, &lambda) in w.iter().enumerate() {
            let length = (0..n).map(|i| v[i * n + k].norm_sqr()).sum::<f64>().sqrt();
            bounds.check((length - 1.0).abs(), unit, || {
                format!(
                    "matrix {} of the stack: eigenvector {k} has 2-norm {length}, not 1",
                    m.index
                )
            })?;
            let residual = (0..n)
                .map(|i| {
                    let av: C = (0..n).map(|j| m.a[i * n + j] * v[j * n + k]).sum();
                    (av - lambda * v[i * n + k]).norm_sqr()
                })
                .sum::<f64>()
                .sqrt();
            let own = 4.0 * n as f64 * f64::EPSILON * (2.0 * m.norm + m.delta);
            bounds.check(residual, (m.delta + 3.0 * m.eta + own) * length, || {
                format!(
                    "matrix {} of the stack: ‖A v - λ v‖ = {residual:e} for eigenvalue {k}, {lambda}, and its eigenvector",
                    m.index
                )
            })?;
        }
    }
    bounds.done()
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        linalg("eigvals", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(eig_input(), |i| {
                let x = &i.x.array;
                agree_with(reference().eigvals(x), b.eigvals(x), |e, a| {
                    eigenvalues_agree(x, e, a)
                })
            })
        }),
        linalg("eig", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(eig_input(), |i| {
                let x = &i.x.array;
                agree_with(reference().eig(x), b.eig(x), |e, a| eig_agrees(x, e, a))
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

    /// `values` (C order) as a complex array of `like`'s dtype and shape.
    fn like(like: &AnyArray, values: Vec<C>) -> AnyArray {
        let f = AnyArray::from(
            ArrayD::from_shape_vec(IxDyn(like.shape()), values).expect("as many values"),
        );
        r().astype(&f, like.dtype()).expect("complex128 casts down")
    }

    /// `f` applied to each matrix's eigenvalues (`n` of them) with the
    /// matrix's entries.
    fn per_matrix(x: &AnyArray, w: &AnyArray, f: impl Fn(&[C], &mut [C])) -> AnyArray {
        let n = side(x);
        let mut values = w.to_complex_vec();
        if n > 0 {
            let entries = x.to_complex_vec();
            for (a, v) in entries.chunks(n * n).zip(values.chunks_mut(n)) {
                f(a, v);
            }
        }
        like(w, values)
    }

    // Correct implementations that differ from the reference.

    /// Eigenvalues reversed, and each eigenvector turned by a phase of
    /// its own (`-1` for real, `e^{kj}` for the k-th).
    fn eig_reversed_and_turned(x: &AnyArray) -> ApiResult<Eig> {
        let Eig {
            eigenvalues,
            eigenvectors,
        } = r().eig(x)?;
        let n = side(x);
        let flipped = r().flip(&eigenvectors, Some(&[-1]))?;
        let turned: Vec<C> = flipped
            .to_complex_vec()
            .into_iter()
            .enumerate()
            .map(|(i, z)| z * Complex::from_polar(1.0, (i % n.max(1)) as f64 + 1.0))
            .collect();
        Ok(Eig {
            eigenvalues: r().flip(&eigenvalues, Some(&[-1]))?,
            eigenvectors: like(&flipped, turned),
        })
    }

    /// The conjugates of the eigenvalues of the conjugate matrix.
    fn eigvals_of_conjugate(x: &AnyArray) -> ApiResult<AnyArray> {
        r().conj(&r().eigvals(&r().conj(x)?)?)
    }

    /// The eigenvalues of `Aᵀ` (the same, by other roundings).
    fn eigvals_of_transpose(x: &AnyArray) -> ApiResult<AnyArray> {
        r().eigvals(&r().matrix_transpose(x)?)
    }

    #[test]
    fn correct_implementations_that_differ_pass() {
        let checks = checks();
        let cases: [(&str, Change); 3] = [
            ("linalg::eig", |o| o.eig(eig_reversed_and_turned)),
            ("linalg::eigvals", |o| o.eigvals(eigvals_of_conjugate)),
            ("linalg::eigvals", |o| o.eigvals(eigvals_of_transpose)),
        ];
        for (id, change) in cases {
            let outcome = run(&find(&checks, id), &mutant(change), 1000);
            assert_eq!(outcome.verdict, Verdict::Passed, "{id}");
        }
    }

    // Wrong implementations.

    /// The first eigenvalue of each matrix moved by `10⁻³ ‖A‖_F`.
    fn eigvals_one_moved(x: &AnyArray) -> ApiResult<AnyArray> {
        let w = r().eigvals(x)?;
        Ok(per_matrix(x, &w, |a, v| {
            v[0] += 1e-3 * a.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
        }))
    }

    /// The first eigenvalue in place of the second.
    fn eigvals_repeated(x: &AnyArray) -> ApiResult<AnyArray> {
        let w = r().eigvals(x)?;
        Ok(per_matrix(x, &w, |_, v| {
            if v.len() > 1 {
                v[1] = v[0];
            }
        }))
    }

    /// For real input, the real parts alone, as a real array.
    fn eigvals_real_parts(x: &AnyArray) -> ApiResult<AnyArray> {
        let w = r().eigvals(x)?;
        if x.dtype().is_complex() {
            return Ok(w);
        }
        r().real(&w)
    }

    /// For real input, a pair's conjugate dropped: `λ` twice.
    fn eigvals_unpaired(x: &AnyArray) -> ApiResult<AnyArray> {
        let w = r().eigvals(x)?;
        if x.dtype().is_complex() {
            return Ok(w);
        }
        Ok(per_matrix(x, &w, |_, v| {
            if let Some(i) = (0..v.len()).find(|&i| v[i].im > 0.0) {
                if let Some(j) = (0..v.len()).find(|&j| v[j].im < 0.0) {
                    v[j] = v[i];
                }
            }
        }))
    }

    /// Eigenvectors scaled so their largest component is 1.
    fn eig_unnormalised(x: &AnyArray) -> ApiResult<Eig> {
        let e = r().eig(x)?;
        let n = side(x);
        let mut v = e.eigenvectors.to_complex_vec();
        if n > 0 {
            for m in v.chunks_mut(n * n) {
                for k in 0..n {
                    let big = (0..n).map(|i| m[i * n + k].norm()).fold(0.0, f64::max);
                    (0..n).for_each(|i| m[i * n + k] /= big);
                }
            }
        }
        Ok(Eig {
            eigenvectors: like(&e.eigenvectors, v),
            ..e
        })
    }

    /// The eigenvectors of `Aᴴ` (left eigenvectors) with `A`'s eigenvalues.
    fn eig_left_vectors(x: &AnyArray) -> ApiResult<Eig> {
        let e = r().eig(x)?;
        let h = r().conj(&r().matrix_transpose(x)?)?;
        let left = r().eig(&h)?;
        Ok(Eig {
            eigenvectors: left.eigenvectors,
            ..e
        })
    }

    #[test]
    fn each_check_catches_its_mutants() {
        let checks = checks();
        let cases: [(&str, Change, &str); 6] = [
            (
                "linalg::eigvals",
                |o| o.eigvals(eigvals_one_moved),
                "no eigenvalue of a nearby matrix",
            ),
            (
                "linalg::eigvals",
                |o| o.eigvals(eigvals_repeated),
                "not those of a nearby matrix",
            ),
            (
                "linalg::eigvals",
                |o| o.eigvals(eigvals_real_parts),
                "eigenvalues: expected complex",
            ),
            (
                "linalg::eigvals",
                |o| o.eigvals(eigvals_unpaired),
                "not in conjugate pairs",
            ),
            ("linalg::eig", |o| o.eig(eig_unnormalised), "not 1"),
            ("linalg::eig", |o| o.eig(eig_left_vectors), "‖A v - λ v‖"),
        ];
        for (id, change, needle) in cases {
            passes_and_catches(&checks, id, &mutant(change), needle);
        }
    }

    /// The reference passes at 1000 examples.
    #[test]
    fn the_reference_passes_at_length() {
        let checks = checks();
        for id in ["linalg::eig", "linalg::eigvals"] {
            let outcome = run(&find(&checks, id), r(), 1000);
            assert_eq!(outcome.verdict, Verdict::Passed, "{id}");
        }
    }
}
