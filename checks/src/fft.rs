//! The checks of the `fft` extension against the reference (ids
//! `fft::<function>`, extension `fft`): the ten transforms with `n`/`axis`
//! or `s`/`axes` and `norm` drawn, `fftfreq`/`rfftfreq`, and
//! `fftshift`/`ifftshift`. The identities and the definition are checked
//! in `fft_identities`.
//!
//! # The tolerance of a transform
//!
//! A fast Fourier transform's rounding error is normwise: for a radix-2
//! transform of length `N` with twiddle factors accurate to `μ`,
//! `‖X̂ - X‖₂ ≤ log2(N) η ‖X‖₂` with `η = μ + γ₄(√2 + μ) ≈ 7u` (Higham,
//! Accuracy and Stability of Numerical Algorithms, 2nd ed., Thm 24.2; `u`
//! the unit roundoff, half of `eps`); Bluestein's algorithm for other
//! lengths (three transforms of length `m ≤ 4N` and two chirp products)
//! and the mixed-radix kernels of libraries stay within about three times
//! that, `24u (log2(N) + 2)`; an n-dimensional transform adds the
//! `log2(n_i)` of its axes (their sum is `log2(N)`, `N = prod(s)`).
//! Trimming and zero padding are exact, the norm's factor is one more
//! rounding. The backend and the reference each err that much, so an
//! element of the result is checked as
//!
//! `|X_k - ref_k| ≤ 24 eps (log2(N) + 2) ‖ref‖₂`
//!
//! where `‖ref‖₂` is the 2-norm of the element's output lane (the
//! elements that share its batch index, over the transformed axes), and
//! `eps` is the precision of the result's (component) dtype. This is the
//! `Tolerance` model of `conformance_strategies::compare` with the lane
//! norm as the per-element scale (`atol + rtol · scale`, per component of
//! a complex value): `rtol = 24 eps (log2(N) + 2)`, and `atol` the same
//! multiple of the smallest subnormal for results that underflow.
//! complex64 results of the reference are computed in f64 and rounded
//! once, so there the whole allowance is the backend's. A wrong twiddle,
//! a dropped or doubled norm factor, a lost padding or a misplaced axis
//! errs by a fraction of `‖ref‖₂` itself, far outside it.
//!
//! # What is drawn
//!
//! Finite values within ±1e30 (the standard says nothing of NaN or
//! infinite inputs, and a sum of 2^18 float32 values of that size still
//! fits). Transformed sides from 1 to 17 (every prime and power of two up
//! to 17), and a long side in one draw in fifty (clustered at `2^k - 1`,
//! `2^k`, `2^k + 1` and `3·2^k`, the block edges of radix kernels); `n` or
//! `s` trims, pads or keeps (`None`, `-1`); every `norm`; the transformed
//! axis anywhere, counted from either end; batch axes empty too. The
//! inputs of `irfft`, `irfftn` and `hfft` are the half spectra of real
//! signals: the standard defines them as inverses of `rfft`, so a
//! zero-frequency or (even `n`) Nyquist term with an imaginary part, which
//! no real signal has, is outside what it specifies; those terms are made
//! real (for `irfftn`, Hermitian across the other transformed axes, whose
//! `s` then keeps their sides). Result dtype and shape are checked
//! exactly, before any value.

use conformance_engine::{CaseError, CaseResult, Check, CheckContext};
use conformance_strategies::compare::Tolerance;
use conformance_strategies::{
    array, arrays, dtypes, labelled, reduction_axes_choice, shapes, side, strata, AnyArray,
    ArraySpec, DType, DTypeGroup, Domain, DrawnArray, ShapeSpec, SizeMix,
};
use ndarray::{ArrayD, Axis, IxDyn};
use proptest::prelude::*;

use super::agree::{agree, agree_with, reference};
use super::linalg_extension::within;
use super::manipulation::exact;
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::fft::{logical_size, AxisPlan, FftNorm, Mapping, Transform, TRANSFORMS};

/// A check of the extension.
pub(crate) fn fft_check(
    function: &'static str,
    body: impl Fn(&Backend, &CheckContext) -> conformance_engine::CheckOutcome + Send + Sync + 'static,
) -> Check<Backend> {
    Check::new("fft", function, body)
        .extension("fft")
        .depends_on(ROUND_TRIP)
}

/// The values drawn: finite, within ±1e30 (see the module doc).
pub(crate) fn signal() -> Domain {
    Domain::within(-1e30, 1e30)
}

/// The share and bounds of long transformed sides.
pub(crate) const LONG: SizeMix = SizeMix::LARGE.per_mille(20).bounded(1 << 16, (1 << 14) + 1);

labelled! {
    #[derive(Clone)]
    pub(crate) struct OneAxisInput {
        pub(crate) x: DrawnArray,
        pub(crate) n: Option<usize>,
        pub(crate) axis: isize,
        pub(crate) norm: FftNorm,
    }
}

labelled! {
    #[derive(Clone)]
    pub(crate) struct ManyAxesInput {
        pub(crate) x: DrawnArray,
        pub(crate) s: Option<Vec<isize>>,
        pub(crate) axes: Option<Vec<isize>>,
        pub(crate) norm: FftNorm,
    }
}

labelled! {
    #[derive(Clone)]
    struct FrequencyInput {
        n: usize,
        d: f64,
        dtype: DType,
    }
}

labelled! {
    #[derive(Clone)]
    struct ShiftInput {
        x: DrawnArray,
        axes: Option<Vec<isize>>,
    }
}

/// A one-axis transform as the backend method of its name.
pub(crate) type OneAxisFn =
    fn(&Backend, &AnyArray, Option<usize>, isize, FftNorm) -> ApiResult<AnyArray>;

/// A many-axes transform as the backend method of its name.
pub(crate) type ManyAxesFn =
    fn(&Backend, &AnyArray, Option<&[isize]>, Option<&[isize]>, FftNorm) -> ApiResult<AnyArray>;

/// The backend method of each one-axis transform.
pub(crate) const ONE_AXIS: [(&str, OneAxisFn); 6] = [
    ("fft", |b, x, n, a, m| b.fft(x, n, a, m)),
    ("ifft", |b, x, n, a, m| b.ifft(x, n, a, m)),
    ("rfft", |b, x, n, a, m| b.rfft(x, n, a, m)),
    ("irfft", |b, x, n, a, m| b.irfft(x, n, a, m)),
    ("hfft", |b, x, n, a, m| b.hfft(x, n, a, m)),
    ("ihfft", |b, x, n, a, m| b.ihfft(x, n, a, m)),
];

/// The backend method of each many-axes transform.
pub(crate) const MANY_AXES: [(&str, ManyAxesFn); 4] = [
    ("fftn", |b, x, s, a, m| b.fftn(x, s, a, m)),
    ("ifftn", |b, x, s, a, m| b.ifftn(x, s, a, m)),
    ("rfftn", |b, x, s, a, m| b.rfftn(x, s, a, m)),
    ("irfftn", |b, x, s, a, m| b.irfftn(x, s, a, m)),
];

pub(crate) fn one_axis_fn(name: &str) -> OneAxisFn {
    ONE_AXIS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a one-axis transform")
        .1
}

pub(crate) fn many_axes_fn(name: &str) -> ManyAxesFn {
    MANY_AXES
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a many-axes transform")
        .1
}

/// The input dtypes of a transform.
pub(crate) fn input_group(t: Transform) -> DTypeGroup {
    match t.mapping {
        Mapping::RealToHalf => DTypeGroup::Floating,
        _ => DTypeGroup::Complex,
    }
}

/// A transformed side: 1 to 17, or long (see the module doc).
fn lane_side() -> BoxedStrategy<usize> {
    side(1, 17, LONG)
}

/// A size keyword from a raw draw: 0 (what shrinking reaches) is the
/// default, else the size itself.
fn size_of(raw: u8) -> Option<usize> {
    (raw > 0).then_some(usize::from(raw))
}

/// Inputs of a one-axis transform: a lane of a drawn side at a drawn
/// position among up to two batch axes.
fn one_axis_input(t: Transform) -> BoxedStrategy<OneAxisInput> {
    one_axis_input_with(t, lane_side())
}

/// [`one_axis_input`] with the lane's side drawn by `sides`.
pub(crate) fn one_axis_input_with(
    t: Transform,
    sides: BoxedStrategy<usize>,
) -> BoxedStrategy<OneAxisInput> {
    (
        dtypes(input_group(t)),
        shapes(ShapeSpec::new(0, 2, 0, 3)),
        sides,
        (0..3usize, any::<bool>()),
        0u8..=24,
        strata::one_of(FftNorm::ALL.to_vec()),
    )
        .prop_flat_map(move |(dtype, batch, m, (pos, negative), n, norm)| {
            let pos = pos % (batch.len() + 1);
            let mut shape = batch;
            shape.insert(pos, m);
            let axis = if negative {
                pos as isize - shape.len() as isize
            } else {
                pos as isize
            };
            // `2 (M - 1)` would be no point at all.
            let n = match size_of(n) {
                None if t.mapping == Mapping::HalfToReal && m < 2 => Some(1),
                n => n,
            };
            (
                array(ArraySpec::new(dtype, shape).with_domain(signal())),
                Just(n),
                Just(axis),
                Just(norm),
            )
        })
        .prop_map(move |(x, n, axis, norm)| {
            let plan = t
                .plan_one(x.shape(), n, axis)
                .expect("a drawn plan is valid");
            OneAxisInput {
                x: real_spectrum(x, t, &[plan]),
                n,
                axis,
                norm,
            }
        })
        .boxed()
}

/// Inputs of a many-axes transform: `axes` a subset of the axes in any
/// order (or `None`), `s` given with them half the time.
pub(crate) fn many_axes_input(t: Transform) -> BoxedStrategy<ManyAxesInput> {
    (
        dtypes(input_group(t)),
        shapes(ShapeSpec::new(1, 3, 1, 6).with_sizes(LONG)),
        reduction_axes_choice(),
        (any::<bool>(), proptest::collection::vec(0u8..=12, 3)),
        strata::one_of(FftNorm::ALL.to_vec()),
    )
        .prop_flat_map(move |(dtype, shape, choice, (sized, raw), norm)| {
            let axes = choice.resolve(shape.len()).filter(|a| !a.is_empty());
            let s = axes.as_ref().filter(|_| sized).map(|axes| {
                let last = axes.len() - 1;
                axes.iter()
                    .enumerate()
                    .map(|(i, &a)| {
                        let m = shape[a.rem_euclid(shape.len() as isize) as usize];
                        match size_of(raw[i]) {
                            // The other axes of a HalfToReal transform keep
                            // their side (see `real_spectrum`).
                            _ if i < last && t.mapping == Mapping::HalfToReal => {
                                if raw[i] % 2 == 0 {
                                    -1
                                } else {
                                    m as isize
                                }
                            }
                            Some(v) => v as isize,
                            None => -1,
                        }
                    })
                    .collect::<Vec<isize>>()
            });
            let mut s = s;
            // `2 (M - 1)` would be no point at all.
            if t.mapping == Mapping::HalfToReal {
                let axes_now: Vec<usize> = match &axes {
                    Some(a) => a
                        .iter()
                        .map(|&a| a.rem_euclid(shape.len() as isize) as usize)
                        .collect(),
                    None => (0..shape.len()).collect(),
                };
                let last = *axes_now.last().expect("an axis");
                let default_last = s.as_ref().is_none_or(|s| s[s.len() - 1] == -1);
                if default_last && shape[last] < 2 {
                    let mut sizes = s.unwrap_or_else(|| vec![-1; axes_now.len()]);
                    *sizes.last_mut().expect("an axis") = 1;
                    s = Some(sizes);
                }
            }
            let axes = match (&axes, &s) {
                (None, Some(s)) => Some((0..s.len() as isize).collect()),
                _ => axes,
            };
            (
                array(ArraySpec::new(dtype, shape).with_domain(signal())),
                Just(s),
                Just(axes),
                Just(norm),
            )
        })
        .prop_map(move |(x, s, axes, norm)| {
            let plan = t
                .plan(x.shape(), s.as_deref(), axes.as_deref())
                .expect("a drawn plan is valid");
            ManyAxesInput {
                x: real_spectrum(x, t, &plan),
                s,
                axes,
                norm,
            }
        })
        .boxed()
}

/// For a `HalfToReal` transform, `x` made the half spectrum of a real
/// signal where `plan` reads it: on the zero-frequency and (even `n`)
/// Nyquist planes of the last axis, each value `z` becomes
/// `(z + conj(z'))/2`, `z'` its mirror across the other transformed axes
/// (index `-k` modulo their sides, which the plan keeps); a value that is
/// its own mirror becomes real. Other transforms' inputs are left alone.
pub(crate) fn real_spectrum(x: DrawnArray, t: Transform, plan: &[AxisPlan]) -> DrawnArray {
    if t.mapping != Mapping::HalfToReal || x.is_empty() {
        return x;
    }
    let (last, others) = plan.split_last().expect("a plan has an axis");
    let shape = x.shape().to_vec();
    let old = ArrayD::from_shape_vec(IxDyn(&shape), x.to_complex_vec())
        .expect("as many values as elements");
    let ends: Vec<usize> = [0, last.n / 2]
        .into_iter()
        .filter(|&k| k < shape[last.axis] && (k == 0 || last.n % 2 == 0))
        .collect();
    let mut new = old.clone();
    for (idx, v) in new.indexed_iter_mut() {
        if !ends.contains(&idx[last.axis]) {
            continue;
        }
        let mut mirror = idx.clone();
        for p in others {
            let side = shape[p.axis];
            mirror[p.axis] = (side - idx[p.axis]) % side;
        }
        *v = (old[&idx] + old[mirror].conj()) * 0.5;
    }
    let cast = reference()
        .astype(&AnyArray::from(new), x.dtype())
        .expect("the reference casts complex128 to every complex dtype");
    DrawnArray {
        array: x.layout.apply(&cast),
        layout: x.layout,
    }
}

/// The precision of a float or complex dtype's components.
pub(crate) fn component_eps(dtype: DType) -> f64 {
    match dtype.real_component() {
        DType::Float32 => f64::from(f32::EPSILON),
        _ => f64::EPSILON,
    }
}

/// The smallest subnormal of a float or complex dtype's components.
fn component_tiny(dtype: DType) -> f64 {
    match dtype.real_component() {
        DType::Float32 => f64::from(f32::from_bits(1)),
        _ => f64::from_bits(1),
    }
}

/// The allowance of one transform of logical size `n` on results of
/// `dtype`, in units of the lane norm: `24 eps (log2(n) + 2)` (see the
/// module doc), and the same multiple of a subnormal absolute.
pub(crate) fn transform_tolerance(dtype: DType, n: usize) -> Tolerance {
    let factor = 24.0 * ((n.max(1) as f64).log2() + 2.0);
    Tolerance::new(
        factor * component_tiny(dtype),
        factor * component_eps(dtype),
    )
}

/// For each element of `a`, the 2-norm of its lane over `axes` (computed
/// scaled by the lane's largest magnitude, so it neither overflows nor
/// underflows), in C order.
pub(crate) fn lane_norms(a: &AnyArray, axes: &[usize]) -> Vec<f64> {
    let magnitude = ArrayD::from_shape_vec(
        IxDyn(a.shape()),
        a.to_complex_vec().iter().map(|z| z.norm()).collect(),
    )
    .expect("as many values as elements");
    if magnitude.is_empty() {
        return Vec::new();
    }
    let over_axes = |v: &ArrayD<f64>, f: fn(f64, f64) -> f64| {
        let mut r = v.clone();
        for &axis in axes {
            r = r
                .fold_axis(Axis(axis), 0.0, |acc, &x| f(*acc, x))
                .insert_axis(Axis(axis));
        }
        r.broadcast(v.raw_dim())
            .expect("kept dims broadcast")
            .to_owned()
    };
    let largest = over_axes(&magnitude, f64::max);
    let scaled = ndarray::Zip::from(&magnitude)
        .and(&largest)
        .map_collect(|&m, &l| if l > 0.0 { (m / l) * (m / l) } else { 0.0 });
    let sums = over_axes(&scaled, |a, b| a + b);
    ndarray::Zip::from(&largest)
        .and(&sums)
        .map_collect(|&l, &s| l * s.sqrt())
        .iter()
        .copied()
        .collect()
}

/// `actual` against `expected`, a transform's result along `plan`, within
/// [`transform_tolerance`] of each lane's norm.
pub(crate) fn within_transform(
    expected: &AnyArray,
    actual: &AnyArray,
    plan: &[AxisPlan],
) -> CaseResult {
    let axes: Vec<usize> = plan.iter().map(|p| p.axis).collect();
    let tolerance = transform_tolerance(expected.dtype(), logical_size(plan));
    within(
        expected,
        actual,
        tolerance,
        Some(lane_norms(expected, &axes)),
    )
}

fn transform_check(t: Transform) -> Check<Backend> {
    fft_check(t.name, move |b: &Backend, ctx: &CheckContext| {
        if t.many_axes {
            let call = many_axes_fn(t.name);
            ctx.for_all(many_axes_input(t), |i| {
                let run = |on: &Backend| call(on, &i.x, i.s.as_deref(), i.axes.as_deref(), i.norm);
                agree_with(run(reference()), run(b), |e, a| {
                    let plan = t
                        .plan(i.x.shape(), i.s.as_deref(), i.axes.as_deref())
                        .map_err(|e| CaseError::Fail(e.to_string()))?;
                    within_transform(e, a, &plan)
                })
            })
        } else {
            let call = one_axis_fn(t.name);
            ctx.for_all(one_axis_input(t), |i| {
                let run = |on: &Backend| call(on, &i.x, i.n, i.axis, i.norm);
                agree_with(run(reference()), run(b), |e, a| {
                    let plan = t
                        .plan_one(i.x.shape(), i.n, i.axis)
                        .map_err(|e| CaseError::Fail(e.to_string()))?;
                    within_transform(e, a, &[plan])
                })
            })
        }
    })
}

type FrequencyFn = fn(&Backend, usize, f64, DType) -> ApiResult<AnyArray>;

/// `fftfreq` and `rfftfreq`: window lengths 1 to 33 or long, spacings of
/// either sign, with the default tolerance (`k / (d n)` is two or three
/// roundings in any order of operations).
fn frequency_check(name: &'static str, call: FrequencyFn) -> Check<Backend> {
    fft_check(name, move |b: &Backend, ctx: &CheckContext| {
        let input = (
            side(1, 33, LONG),
            strata::one_of(vec![1.0, 0.5, 0.1, 3.0, -2.0, 1e-3, 250.0]),
            dtypes(DTypeGroup::Floating),
        )
            .prop_map(|(n, d, dtype)| FrequencyInput { n, d, dtype });
        ctx.for_all(input, |i| {
            agree(
                call(reference(), i.n, i.d, i.dtype),
                call(b, i.n, i.d, i.dtype),
                None,
            )
        })
    })
}

type ShiftFn = fn(&Backend, &AnyArray, Option<&[isize]>) -> ApiResult<AnyArray>;

/// `fftshift` and `ifftshift` move values: exact, the sign of zero and NaN
/// included, on real and complex floats of any shape.
fn shift_check(name: &'static str, call: ShiftFn) -> Check<Backend> {
    fft_check(name, move |b: &Backend, ctx: &CheckContext| {
        let input = (
            arrays(
                DTypeGroup::FloatingAndComplex,
                ShapeSpec::new(0, 3, 0, 6).with_sizes(LONG),
                Domain::any(),
            ),
            reduction_axes_choice(),
        )
            .prop_map(|(x, choice)| {
                let axes = choice.resolve(x.ndim());
                ShiftInput { x, axes }
            });
        ctx.for_all(input, |i| {
            agree(
                call(reference(), &i.x, i.axes.as_deref()),
                call(b, &i.x, i.axes.as_deref()),
                Some(&exact()),
            )
        })
    })
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    let mut checks: Vec<Check<Backend>> = TRANSFORMS.iter().map(|&t| transform_check(t)).collect();
    checks.push(frequency_check("fftfreq", |b, n, d, t| b.fftfreq(n, d, t)));
    checks.push(frequency_check("rfftfreq", |b, n, d, t| {
        b.rfftfreq(n, d, t)
    }));
    checks.push(shift_check("fftshift", |b, x, a| b.fftshift(x, a)));
    checks.push(shift_check("ifftshift", |b, x, a| b.ifftshift(x, a)));
    checks
}

#[cfg(test)]
mod tests {
    use super::super::testing::{mutant, passes_and_catches, run};
    use super::*;
    use conformance_engine::Verdict;

    type C64 = conformance_strategies::Complex<f64>;

    #[test]
    fn every_check_is_in_the_fft_extension() {
        let checks = checks();
        assert_eq!(checks.len(), 14);
        for c in &checks {
            assert_eq!(c.tags.extension.as_deref(), Some("fft"), "{}", c.id);
        }
    }

    #[test]
    fn lane_norms_are_per_lane() {
        let a = AnyArray::from(
            ArrayD::from_shape_vec(IxDyn(&[2, 2]), vec![3.0f64, 4.0, 0.0, 1e300]).unwrap(),
        );
        assert_eq!(lane_norms(&a, &[1]), [5.0, 5.0, 1e300, 1e300]);
        assert_eq!(lane_norms(&a, &[0]), [3.0, 1e300, 3.0, 1e300]);
    }

    #[test]
    fn real_spectra_are_hermitian_where_read() {
        let t = array_api::fft::transform_named("irfftn").unwrap();
        let values: Vec<C64> = (0..12)
            .map(|k| C64::new(k as f64, 1.0 + k as f64))
            .collect();
        let x = DrawnArray {
            array: AnyArray::from(ArrayD::from_shape_vec(IxDyn(&[3, 4]), values).unwrap()),
            layout: conformance_strategies::Layout::C,
        };
        let plan = t.plan(x.shape(), None, None).unwrap();
        let y = real_spectrum(x, t, &plan).to_complex_vec();
        // n = 6 on the last axis: columns 0 and 3 are Hermitian down axis 0.
        for col in [0, 3] {
            assert_eq!(y[col].im, 0.0);
            assert_eq!(y[4 + col], y[8 + col].conj());
        }
        assert_eq!(y[1], C64::new(1.0, 2.0));
    }

    fn no_norm(x: &AnyArray, n: Option<usize>, axis: isize, _: FftNorm) -> ApiResult<AnyArray> {
        reference().fft(x, n, axis, FftNorm::Backward)
    }

    fn conjugated(
        x: &AnyArray,
        n: Option<usize>,
        axis: isize,
        norm: FftNorm,
    ) -> ApiResult<AnyArray> {
        reference().ifft(x, n, axis, norm).and_then(|y| {
            let factor = AnyArray::scalar(match norm {
                FftNorm::Backward => {
                    n.unwrap_or(x.shape()[axis.rem_euclid(x.ndim() as isize) as usize]) as f64
                }
                FftNorm::Ortho => 1.0,
                FftNorm::Forward => {
                    1.0 / n.unwrap_or(x.shape()[axis.rem_euclid(x.ndim() as isize) as usize]) as f64
                }
            });
            let f = reference().astype(&factor, y.dtype().real_component())?;
            reference().multiply(&y, &f)
        })
    }

    #[test]
    fn the_reference_passes_and_wrong_transforms_fail() {
        let checks = checks();
        for c in &checks {
            assert_eq!(
                run(c, &reference().clone(), 200).verdict,
                Verdict::Passed,
                "{}",
                c.id
            );
        }
        passes_and_catches(
            &checks,
            "fft::fft",
            &mutant(|o| o.fft(no_norm)),
            "values differ",
        );
        // The inverse direction scaled like the forward one: only the
        // exponent's sign differs, which real symmetric lanes hide.
        passes_and_catches(
            &checks,
            "fft::fft",
            &mutant(|o| o.fft(conjugated)),
            "values differ",
        );
    }
}
