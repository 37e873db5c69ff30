//! The `fft` extension checked by its definition and its identities, on
//! the backend alone (ids `fft::<function>::<aspect>`):
//!
//! - `definition`: `fft` and `ifft` against the direct sum
//!   `Σ_j x_j exp(∓2πi jk/n)` computed in double-double
//!   (`double_double`), for lanes of up to 32 points (primes and powers of
//!   two among them), trimmed or padded by `n` and scaled by `norm`;
//! - `round_trip`: the standard's own identities, `ifft(fft(x)) == x`,
//!   `ifftn(fftn(x)) == x`, `irfft(rfft(x), n=M) == x`,
//!   `irfftn(rfftn(x), s=...) == x` and `hfft(ihfft(x), n=M) == x`, with
//!   the same axes and norm;
//! - `parseval`: `fft` with `norm="ortho"` keeps each lane's 2-norm;
//! - `hermitian`: for real `x`, `fft(x)` is Hermitian
//!   (`X_{n-k} = conj(X_k)`) and `rfft(x)` is its first `n/2 + 1` values.
//!
//! Each uses the tolerance of `fft` (its module doc): `24 eps (log2(N) +
//! 2)` of the lane's 2-norm, which covers two transforms of one
//! implementation (the round trip, the Hermitian comparison of two
//! transforms) or one against the exact sum.

use conformance_engine::{CaseError, CaseResult, Check, CheckContext};
use conformance_strategies::{side, AnyArray, Complex, DType, SizeMix};
use ndarray::{ArrayD, Axis, IxDyn};
use proptest::prelude::*;

use super::agree::reference;
use super::double_double::dft;
use super::fft::{
    fft_check, lane_norms, many_axes_fn, many_axes_input, one_axis_fn, one_axis_input_with,
    transform_tolerance, within_transform, OneAxisInput,
};
use super::linalg_extension::within;
use array_api::api::{ApiError, Backend};
use array_api::fft::{logical_size, transform_named, AxisPlan, FftNorm, Mapping};

type C64 = Complex<f64>;

/// A backend error met while computing an identity's sides.
fn raised(e: ApiError) -> CaseError {
    CaseError::of_kind("raised", format!("the backend raised `{e}`"))
}

/// Lanes of 1 to 32 points: the direct sum is O(n²).
fn small_lanes(name: &'static str) -> BoxedStrategy<OneAxisInput> {
    let t = transform_named(name).expect("a transform");
    one_axis_input_with(t, side(1, 32, SizeMix::SMALL))
}

/// `f(lane)` for each lane of `x` along `axis`, trimmed or padded to `n`.
fn per_lane(x: &AnyArray, axis: usize, n: usize, f: impl Fn(&[C64]) -> Vec<C64>) -> ArrayD<C64> {
    let a = ArrayD::from_shape_vec(IxDyn(x.shape()), x.to_complex_vec())
        .expect("as many values as elements");
    let mut shape = x.shape().to_vec();
    shape[axis] = n;
    let mut out = ArrayD::from_elem(IxDyn(&shape), C64::new(0.0, 0.0));
    for (lane, mut target) in a
        .lanes(Axis(axis))
        .into_iter()
        .zip(out.lanes_mut(Axis(axis)))
    {
        let mut values: Vec<C64> = lane.iter().copied().take(n).collect();
        values.resize(n, C64::new(0.0, 0.0));
        for (t, v) in target.iter_mut().zip(f(&values)) {
            *t = v;
        }
    }
    out
}

/// `a` as `like`'s complex dtype.
fn as_dtype(a: ArrayD<C64>, dtype: DType) -> AnyArray {
    match dtype {
        DType::Complex64 => AnyArray::from(a.mapv(|v| Complex::new(v.re as f32, v.im as f32))),
        _ => AnyArray::from(a),
    }
}

fn definition_check(name: &'static str) -> Check<Backend> {
    let t = transform_named(name).expect("a transform");
    let call = one_axis_fn(name);
    fft_check(name, move |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(small_lanes(name), |i| {
            let plan = t
                .plan_one(i.x.shape(), i.n, i.axis)
                .map_err(|e| CaseError::Fail(e.to_string()))?;
            let factor = i.norm.factor(plan.n, t.direction);
            let exact = per_lane(&i.x, plan.axis, plan.n, |lane| {
                dft(lane, t.direction)
                    .into_iter()
                    .map(|v| v * factor)
                    .collect()
            });
            let expected = as_dtype(exact, i.x.dtype());
            let actual = call(b, &i.x, i.n, i.axis, i.norm).map_err(raised)?;
            within_transform(&expected, &actual, &[plan])
        })
    })
    .aspect("definition")
}

/// One identity: `forward` then `inverse` gives the input back.
#[derive(Clone, Copy)]
struct RoundTrip {
    forward: &'static str,
    inverse: &'static str,
}

const ROUND_TRIPS: [RoundTrip; 5] = [
    RoundTrip {
        forward: "fft",
        inverse: "ifft",
    },
    RoundTrip {
        forward: "rfft",
        inverse: "irfft",
    },
    RoundTrip {
        forward: "ihfft",
        inverse: "hfft",
    },
    RoundTrip {
        forward: "fftn",
        inverse: "ifftn",
    },
    RoundTrip {
        forward: "rfftn",
        inverse: "irfftn",
    },
];

/// `x` against what came back, within the tolerance relative to `x`'s
/// lanes over the plan's axes.
fn came_back(x: &AnyArray, back: &AnyArray, plan: &[AxisPlan]) -> CaseResult {
    let axes: Vec<usize> = plan.iter().map(|p| p.axis).collect();
    let tolerance = transform_tolerance(x.dtype(), logical_size(plan));
    within(x, back, tolerance, Some(lane_norms(x, &axes)))
}

fn round_trip_check(pair: RoundTrip) -> Check<Backend> {
    let forward = transform_named(pair.forward).expect("a transform");
    let inverse = transform_named(pair.inverse).expect("a transform");
    fft_check(pair.forward, move |b: &Backend, ctx: &CheckContext| {
        if forward.many_axes {
            let (there, back) = (many_axes_fn(pair.forward), many_axes_fn(pair.inverse));
            let input = many_axes_input(forward).prop_map(|mut i| {
                i.s = None;
                i
            });
            ctx.for_all(input, |i| {
                let plan = forward
                    .plan(i.x.shape(), None, i.axes.as_deref())
                    .map_err(|e| CaseError::Fail(e.to_string()))?;
                let axes: Vec<isize> = plan.iter().map(|p| p.axis as isize).collect();
                let sizes: Vec<isize> = plan.iter().map(|p| p.n as isize).collect();
                let s = (inverse.mapping == Mapping::HalfToReal).then_some(&sizes[..]);
                let y = there(b, &i.x, None, Some(&axes), i.norm).map_err(raised)?;
                let z = back(b, &y, s, Some(&axes), i.norm).map_err(raised)?;
                came_back(&i.x, &z, &plan)
            })
        } else {
            let (there, back) = (one_axis_fn(pair.forward), one_axis_fn(pair.inverse));
            let input =
                one_axis_input_with(forward, side(1, 17, super::fft::LONG)).prop_map(|mut i| {
                    i.n = None;
                    i
                });
            ctx.for_all(input, |i| {
                let plan = forward
                    .plan_one(i.x.shape(), None, i.axis)
                    .map_err(|e| CaseError::Fail(e.to_string()))?;
                let n = (inverse.mapping == Mapping::HalfToReal).then_some(plan.n);
                let y = there(b, &i.x, None, i.axis, i.norm).map_err(raised)?;
                let z = back(b, &y, n, i.axis, i.norm).map_err(raised)?;
                came_back(&i.x, &z, &[plan])
            })
        }
    })
    .aspect("round_trip")
}

fn parseval_check() -> Check<Backend> {
    let t = transform_named("fft").expect("a transform");
    fft_check("fft", move |b: &Backend, ctx: &CheckContext| {
        let input = one_axis_input_with(t, side(1, 17, super::fft::LONG)).prop_map(|mut i| {
            i.n = None;
            i.norm = FftNorm::Ortho;
            i
        });
        ctx.for_all(input, |i| {
            let plan = t
                .plan_one(i.x.shape(), None, i.axis)
                .map_err(|e| CaseError::Fail(e.to_string()))?;
            let y = b.fft(&i.x, None, i.axis, FftNorm::Ortho).map_err(raised)?;
            let norms = |a: &AnyArray| {
                let v = lane_norms(a, &[plan.axis]);
                AnyArray::from(
                    ArrayD::from_shape_vec(IxDyn(a.shape()), v).expect("one per element"),
                )
            };
            if y.shape() != i.x.shape() {
                return Err(CaseError::Fail(format!(
                    "shape {:?}, expected {:?}",
                    y.shape(),
                    i.x.shape()
                )));
            }
            let before = norms(&i.x);
            let tolerance = transform_tolerance(i.x.dtype(), plan.n);
            within(&before, &norms(&y), tolerance, Some(before.to_f64_vec()))
                .map_err(|e| e.map_message(|m| format!("lane 2-norms before and after: {m}")))
        })
    })
    .aspect("parseval")
}

fn hermitian_check() -> Check<Backend> {
    let t = transform_named("rfft").expect("a transform");
    fft_check("rfft", move |b: &Backend, ctx: &CheckContext| {
        let input = one_axis_input_with(t, side(1, 17, super::fft::LONG)).prop_map(|mut i| {
            i.n = None;
            i
        });
        ctx.for_all(input, |i| {
            let plan = t
                .plan_one(i.x.shape(), None, i.axis)
                .map_err(|e| CaseError::Fail(e.to_string()))?;
            let complex = i.x.dtype().complex_of().expect("a real float dtype");
            let xc = reference()
                .astype(&i.x, complex)
                .map_err(|e| CaseError::Fail(e.to_string()))?;
            let full = b.fft(&xc, None, i.axis, i.norm).map_err(raised)?;
            let half = b.rfft(&i.x, None, i.axis, i.norm).map_err(raised)?;
            let n = plan.n;
            let pick = |indices: Vec<i64>| -> Result<AnyArray, CaseError> {
                let idx = AnyArray::from(
                    ArrayD::from_shape_vec(IxDyn(&[indices.len()]), indices).expect("a list"),
                );
                reference()
                    .take(&full, &idx, Some(plan.axis as isize))
                    .map_err(|e| CaseError::Fail(e.to_string()))
            };
            let mirrored = reference()
                .conj(&pick(
                    (0..n as i64).map(|k| (n as i64 - k) % n as i64).collect(),
                )?)
                .map_err(|e| CaseError::Fail(e.to_string()))?;
            within_transform(&full, &mirrored, &[plan])
                .map_err(|e| e.map_message(|m| format!("fft(x) against conj(fft(x)[n-k]): {m}")))?;
            let first = pick((0..plan.output_len as i64).collect())?;
            let scale = {
                let norms = lane_norms(&full, &[plan.axis]);
                let all =
                    ArrayD::from_shape_vec(IxDyn(full.shape()), norms).expect("one per element");
                let kept = all.slice_axis(Axis(plan.axis), (0..plan.output_len).into());
                kept.iter().copied().collect::<Vec<f64>>()
            };
            let tolerance = transform_tolerance(first.dtype(), n);
            within(&first, &half, tolerance, Some(scale))
                .map_err(|e| e.map_message(|m| format!("rfft(x) against fft(x)[:n/2+1]: {m}")))
        })
    })
    .aspect("hermitian")
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    let mut checks = vec![definition_check("fft"), definition_check("ifft")];
    checks.extend(ROUND_TRIPS.into_iter().map(round_trip_check));
    checks.push(parseval_check());
    checks.push(hermitian_check());
    checks
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;
    use array_api::api::{ApiResult, Ops};
    use array_api::fft::Direction;
    use conformance_engine::Verdict;

    #[test]
    fn the_reference_fft_agrees_with_the_definition_at_every_small_size() {
        for n in 1..=70usize {
            let x: Vec<C64> = (0..n)
                .map(|j| C64::new((j as f64 * 0.7).sin() * 1e3, (j as f64).sqrt()))
                .collect();
            let a = AnyArray::from(ArrayD::from_shape_vec(IxDyn(&[n]), x.clone()).unwrap());
            let got = reference().fft(&a, None, 0, FftNorm::Backward).unwrap();
            let exact = AnyArray::from(
                ArrayD::from_shape_vec(IxDyn(&[n]), dft(&x, Direction::Forward)).unwrap(),
            );
            let plan = transform_named("fft")
                .unwrap()
                .plan_one(&[n], None, 0)
                .unwrap();
            assert!(within_transform(&exact, &got, &[plan]).is_ok(), "n = {n}");
        }
    }

    /// The inverse's exponent in the forward transform: a transform that
    /// is right on real even lanes only.
    fn wrong_sign(
        x: &AnyArray,
        n: Option<usize>,
        axis: isize,
        norm: FftNorm,
    ) -> ApiResult<AnyArray> {
        let y = reference().ifft(x, n, axis, norm)?;
        let plan = transform_named("fft")
            .unwrap()
            .plan_one(x.shape(), n, axis)?;
        let rescale =
            norm.factor(plan.n, Direction::Forward) / norm.factor(plan.n, Direction::Inverse);
        let f = reference().astype(&AnyArray::scalar(rescale), y.dtype().real_component())?;
        reference().multiply(&y, &f)
    }

    #[test]
    fn the_reference_passes_and_a_wrong_sign_fails_each_identity() {
        let checks = checks();
        assert_eq!(checks.len(), 9);
        let cpu = reference().clone();
        let wrong = Backend::new(
            "wrong-sign",
            array_api_reference::ops().overlay(Ops::NONE.fft(wrong_sign)),
        );
        for c in &checks {
            assert_eq!(run(c, &cpu, 200).verdict, Verdict::Passed, "{}", c.id);
        }
        for id in [
            "fft::fft::definition",
            "fft::fft::round_trip",
            "fft::rfft::hermitian",
        ] {
            let c = checks.iter().find(|c| c.id.as_str() == id).unwrap();
            assert!(
                matches!(run(c, &wrong, 200).verdict, Verdict::Failed(_)),
                "{id}"
            );
        }
    }
}
