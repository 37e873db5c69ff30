//! A backend of the `fft` extension over the
//! [rustfft](https://crates.io/crates/rustfft) crate (code nobody here
//! wrote), wired through the same public `Ops` API a third party uses, so
//! that the published checks judge a real FFT library.
//!
//! It provides the ten transforms (and `asarray`, the round trip every
//! check depends on). complex64 and float32 data are transformed by
//! rustfft in f32, complex128 and float64 in f64: the library's own
//! precision, nothing widened. The glue is what rustfft leaves to its
//! caller and computes no transform: the sizes, axes and norms of the
//! standard (`array_api::fft`'s rules, as any backend of this host), lanes
//! copied in and out, trimming and zero padding, the norm's factor, and
//! the real transforms on top of rustfft's complex one (rustfft has no
//! real FFT): a real input as a complex one with zero imaginary parts,
//! kept up to `n/2`; a half spectrum extended by `X_{n-k} = conj(X_k)`,
//! transformed, real part kept.
//!
//! `fftfreq`, `rfftfreq`, `fftshift` and `ifftshift` are not rustfft's
//! (they are arithmetic on indices): they are not provided, and their
//! checks are skipped.
#![warn(missing_docs, unreachable_pub)]

use array_api::api::{ApiResult, Backend, Ops};
use array_api::fft::{logical_size, transform_named, AxisPlan, Direction, FftNorm, Mapping};
use conformance_strategies::{AnyArray, Complex, DType};
use ndarray::{ArrayD, Axis, IxDyn};
use rustfft::{FftDirection, FftNum, FftPlanner};

/// This backend, named `rustfft`.
pub fn backend() -> Backend {
    Backend::new("rustfft", ops())
}

/// The functions this backend provides.
pub fn ops() -> Ops {
    Ops::NONE
        .asarray(|x| Ok(x.to_standard_layout()))
        .fft(|x, n, axis, norm| one_axis("fft", x, n, axis, norm))
        .ifft(|x, n, axis, norm| one_axis("ifft", x, n, axis, norm))
        .rfft(|x, n, axis, norm| one_axis("rfft", x, n, axis, norm))
        .irfft(|x, n, axis, norm| one_axis("irfft", x, n, axis, norm))
        .hfft(|x, n, axis, norm| one_axis("hfft", x, n, axis, norm))
        .ihfft(|x, n, axis, norm| one_axis("ihfft", x, n, axis, norm))
        .fftn(|x, s, axes, norm| many_axes("fftn", x, s, axes, norm))
        .ifftn(|x, s, axes, norm| many_axes("ifftn", x, s, axes, norm))
        .rfftn(|x, s, axes, norm| many_axes("rfftn", x, s, axes, norm))
        .irfftn(|x, s, axes, norm| many_axes("irfftn", x, s, axes, norm))
}

fn one_axis(
    name: &str,
    x: &AnyArray,
    n: Option<usize>,
    axis: isize,
    norm: FftNorm,
) -> ApiResult<AnyArray> {
    let t = transform_named(name).expect("a transform of the extension");
    let dtype = t.output_dtype(x.dtype())?;
    let plan = t.plan_one(x.shape(), n, axis)?;
    Ok(run(t.mapping, t.direction, x, &[plan], norm, dtype))
}

fn many_axes(
    name: &str,
    x: &AnyArray,
    s: Option<&[isize]>,
    axes: Option<&[isize]>,
    norm: FftNorm,
) -> ApiResult<AnyArray> {
    let t = transform_named(name).expect("a transform of the extension");
    let dtype = t.output_dtype(x.dtype())?;
    let plan = t.plan(x.shape(), s, axes)?;
    Ok(run(t.mapping, t.direction, x, &plan, norm, dtype))
}

/// The transform in the precision of `x`'s dtype, as `dtype`.
fn run(
    mapping: Mapping,
    direction: Direction,
    x: &AnyArray,
    plan: &[AxisPlan],
    norm: FftNorm,
    dtype: DType,
) -> AnyArray {
    let factor = norm.factor(logical_size(plan), direction);
    match x {
        AnyArray::Complex64(a) => finish(
            transform(a.clone(), mapping, direction, plan, factor as f32),
            dtype,
        ),
        AnyArray::Float32(a) => finish(
            transform(
                a.mapv(|v| Complex::new(v, 0.0)),
                mapping,
                direction,
                plan,
                factor as f32,
            ),
            dtype,
        ),
        AnyArray::Complex128(a) => finish(
            transform(a.clone(), mapping, direction, plan, factor),
            dtype,
        ),
        AnyArray::Float64(a) => finish(
            transform(
                a.mapv(|v| Complex::new(v, 0.0)),
                mapping,
                direction,
                plan,
                factor,
            ),
            dtype,
        ),
        _ => unreachable!("output_dtype admits float and complex inputs only"),
    }
}

/// The result as `dtype`: complex, or the real parts.
fn finish<T: FftNum>(a: ArrayD<Complex<T>>, dtype: DType) -> AnyArray
where
    AnyArray: From<ArrayD<Complex<T>>> + From<ArrayD<T>>,
{
    if dtype.is_complex() {
        AnyArray::from(a)
    } else {
        AnyArray::from(a.mapv(|v| v.re))
    }
}

/// `a` trimmed or zero padded to `len` along `axis`.
fn resized<T: FftNum>(a: ArrayD<Complex<T>>, axis: usize, len: usize) -> ArrayD<Complex<T>> {
    if a.shape()[axis] == len {
        return a;
    }
    let mut shape = a.shape().to_vec();
    shape[axis] = len;
    let zero = Complex::new(T::zero(), T::zero());
    let mut out = ArrayD::from_elem(IxDyn(&shape), zero);
    for (source, mut target) in a
        .lanes(Axis(axis))
        .into_iter()
        .zip(out.lanes_mut(Axis(axis)))
    {
        for (t, v) in target.iter_mut().zip(source.iter()) {
            *t = *v;
        }
    }
    out
}

/// Each lane along `axis` through `f`, which makes it `out_len` long.
fn each_lane<T: FftNum>(
    a: &ArrayD<Complex<T>>,
    axis: usize,
    out_len: usize,
    mut f: impl FnMut(&mut Vec<Complex<T>>),
) -> ArrayD<Complex<T>> {
    let mut shape = a.shape().to_vec();
    shape[axis] = out_len;
    let mut out = ArrayD::from_elem(IxDyn(&shape), Complex::new(T::zero(), T::zero()));
    let mut buffer = Vec::new();
    for (source, mut target) in a
        .lanes(Axis(axis))
        .into_iter()
        .zip(out.lanes_mut(Axis(axis)))
    {
        buffer.clear();
        buffer.extend(source.iter().copied());
        f(&mut buffer);
        for (t, v) in target.iter_mut().zip(buffer.iter()) {
            *t = *v;
        }
    }
    out
}

/// The unnormalised transforms by rustfft along the plan, then `factor`.
fn transform<T: FftNum>(
    mut a: ArrayD<Complex<T>>,
    mapping: Mapping,
    direction: Direction,
    plan: &[AxisPlan],
    factor: T,
) -> ArrayD<Complex<T>> {
    let mut planner = FftPlanner::<T>::new();
    let sign = match direction {
        Direction::Forward => FftDirection::Forward,
        Direction::Inverse => FftDirection::Inverse,
    };
    let (last, others) = plan.split_last().expect("a plan has an axis");
    for p in others {
        a = resized(a, p.axis, p.n);
        let fft = planner.plan_fft(p.n, sign);
        a = each_lane(&a, p.axis, p.n, |lane| fft.process(lane));
    }
    a = resized(a, last.axis, last.input_len);
    let n = last.n;
    let fft = planner.plan_fft(n, sign);
    a = match mapping {
        Mapping::Complex | Mapping::RealToHalf => {
            each_lane(&a, last.axis, last.output_len, |lane| {
                fft.process(lane);
                lane.truncate(last.output_len);
            })
        }
        Mapping::HalfToReal => each_lane(&a, last.axis, n, |lane| {
            let half = lane.len();
            for k in half..n {
                let mirror = lane[n - k].conj();
                lane.push(mirror);
            }
            fft.process(lane);
        }),
    };
    a.mapv_inplace(|v| v * factor);
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transforms_of_a_known_signal() {
        let x = AnyArray::from(
            ArrayD::from_shape_vec(IxDyn(&[4]), vec![1.0f64, 2.0, 3.0, 4.0]).unwrap(),
        );
        let b = backend();
        let y = b.rfft(&x, None, -1, FftNorm::Backward).unwrap();
        assert_eq!(y.dtype(), DType::Complex128);
        let want = [(10.0, 0.0), (-2.0, 2.0), (-2.0, 0.0)];
        for (got, (re, im)) in y.to_complex_vec().iter().zip(want) {
            assert!((got.re - re).abs() < 1e-12 && (got.im - im).abs() < 1e-12);
        }
        let back = b.irfft(&y, Some(4), -1, FftNorm::Backward).unwrap();
        assert_eq!(back.dtype(), DType::Float64);
        for (got, want) in back.to_f64_vec().iter().zip([1.0, 2.0, 3.0, 4.0]) {
            assert!((got - want).abs() < 1e-12);
        }
        assert!(!b.ops().implements("fftshift"));
    }
}
