//! The `fft` extension of the reference: the ten transforms, `fftfreq`,
//! `rfftfreq`, `fftshift` and `ifftshift`, with the sizes, norms and dtypes
//! of `array_api::fft`.
//!
//! Every transform is computed in f64 (complex64 and float32 data too, so
//! their results are rounded once) by the kernel of `fft_kernel`, one lane
//! at a time: the input is trimmed or zero padded along each transformed
//! axis, transformed unnormalised, and multiplied once at the end by the
//! norm's factor of the logical size `prod(s)`.
//!
//! - complex to complex: each axis in turn;
//! - real to half a spectrum (`rfft`, `rfftn`, `ihfft`): the full complex
//!   transform, kept up to `n/2` on the last axis;
//! - half a spectrum to real (`irfft`, `irfftn`, `hfft`): the other axes
//!   complex to complex first, then on the last axis the Hermitian
//!   extension `X_{n-k} = conj(X_k)` of each lane, transformed, real part
//!   kept. So the imaginary parts of the zero-frequency and (even `n`)
//!   Nyquist terms, which no real signal's spectrum has, are dropped, as
//!   NumPy's and every complex-FFT-based implementation drop them; the
//!   checks draw only spectra of real signals there (see the checks'
//!   `fft` module).

use array_api::api::{ApiError, ApiResult, Ops};
use array_api::fft::{
    frequency_index, logical_size, shift_of, transform_named, AxisPlan, Mapping, Transform,
};
use array_api::shape::normalize_axis;
use conformance_strategies::{with_array, AnyArray, Complex, DType};
use ndarray::{ArrayD, Axis, IxDyn};

use super::fft_kernel;

type C64 = Complex<f64>;

/// The extension's functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE
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
        .fftfreq(|n, d, dtype| frequencies("fftfreq", n, d, dtype))
        .rfftfreq(|n, d, dtype| frequencies("rfftfreq", n, d, dtype))
        .fftshift(|x, axes| shift("fftshift", x, axes, false))
        .ifftshift(|x, axes| shift("ifftshift", x, axes, true))
}

fn named(name: &str) -> Transform {
    transform_named(name).expect("a transform of the extension")
}

fn one_axis(
    name: &str,
    x: &AnyArray,
    n: Option<usize>,
    axis: isize,
    norm: array_api::fft::FftNorm,
) -> ApiResult<AnyArray> {
    let t = named(name);
    let dtype = t.output_dtype(x.dtype())?;
    let plan = t.plan_one(x.shape(), n, axis)?;
    Ok(run(t, x, &[plan], norm, dtype))
}

fn many_axes(
    name: &str,
    x: &AnyArray,
    s: Option<&[isize]>,
    axes: Option<&[isize]>,
    norm: array_api::fft::FftNorm,
) -> ApiResult<AnyArray> {
    let t = named(name);
    let dtype = t.output_dtype(x.dtype())?;
    let plan = t.plan(x.shape(), s, axes)?;
    Ok(run(t, x, &plan, norm, dtype))
}

/// `a` trimmed or zero padded to `len` along `axis`.
fn resized(a: ArrayD<C64>, axis: usize, len: usize) -> ArrayD<C64> {
    if a.shape()[axis] == len {
        return a;
    }
    let mut shape = a.shape().to_vec();
    shape[axis] = len;
    ArrayD::from_shape_fn(IxDyn(&shape), |idx| {
        if idx[axis] < a.shape()[axis] {
            a[&idx]
        } else {
            C64::new(0.0, 0.0)
        }
    })
}

/// Applies `f` to every lane of `a` along `axis`, each lane becoming
/// `out_len` long.
fn map_lanes(
    a: &ArrayD<C64>,
    axis: usize,
    out_len: usize,
    f: impl Fn(Vec<C64>) -> Vec<C64>,
) -> ArrayD<C64> {
    let mut shape = a.shape().to_vec();
    shape[axis] = out_len;
    let mut out = ArrayD::from_elem(IxDyn(&shape), C64::new(0.0, 0.0));
    for (lane, mut target) in a
        .lanes(Axis(axis))
        .into_iter()
        .zip(out.lanes_mut(Axis(axis)))
    {
        let values = f(lane.to_vec());
        for (t, v) in target.iter_mut().zip(values) {
            *t = v;
        }
    }
    out
}

/// The transform `t` of `x` along `plan`, scaled by `norm`, as `dtype`.
fn run(
    t: Transform,
    x: &AnyArray,
    plan: &[AxisPlan],
    norm: array_api::fft::FftNorm,
    dtype: DType,
) -> AnyArray {
    let direction = t.direction;
    let mut a = ArrayD::from_shape_vec(IxDyn(x.shape()), x.to_complex_vec())
        .expect("as many values as elements");
    let (last, others) = plan.split_last().expect("a plan has an axis");
    for p in others {
        a = resized(a, p.axis, p.input_len);
        a = map_lanes(&a, p.axis, p.output_len, |mut v| {
            fft_kernel::transform(&mut v, direction);
            v
        });
    }
    a = resized(a, last.axis, last.input_len);
    let n = last.n;
    a = match t.mapping {
        Mapping::Complex | Mapping::RealToHalf => {
            map_lanes(&a, last.axis, last.output_len, |mut v| {
                fft_kernel::transform(&mut v, direction);
                v.truncate(last.output_len);
                v
            })
        }
        Mapping::HalfToReal => map_lanes(&a, last.axis, n, |half| {
            let mut full: Vec<C64> = (0..n)
                .map(|k| {
                    if k < half.len() {
                        half[k]
                    } else {
                        half[n - k].conj()
                    }
                })
                .collect();
            fft_kernel::transform(&mut full, direction);
            full.into_iter().map(|v| C64::new(v.re, 0.0)).collect()
        }),
    };
    let factor = norm.factor(logical_size(plan), direction);
    a.mapv_inplace(|v| v * factor);
    typed(a, dtype)
}

/// `a` (complex f64) as an array of `dtype`, each value rounded once.
fn typed(a: ArrayD<C64>, dtype: DType) -> AnyArray {
    match dtype {
        DType::Complex128 => AnyArray::from(a),
        DType::Complex64 => AnyArray::from(a.mapv(|v| Complex::new(v.re as f32, v.im as f32))),
        DType::Float64 => AnyArray::from(a.mapv(|v| v.re)),
        DType::Float32 => AnyArray::from(a.mapv(|v| v.re as f32)),
        other => unreachable!("no transform gives {other}"),
    }
}

/// `fftfreq` (`[0, 1, ..., -1] / (d n)`) or `rfftfreq` (`[0, ..., n/2] /
/// (d n)`), each value `k / (d n)` rounded from f64.
fn frequencies(name: &'static str, n: usize, d: f64, dtype: DType) -> ApiResult<AnyArray> {
    if !dtype.is_float() {
        return Err(ApiError::invalid(
            name,
            format!("dtype must be a real floating-point dtype, not {dtype}"),
        ));
    }
    if n == 0 || d == 0.0 || !d.is_finite() {
        return Err(ApiError::invalid(
            name,
            format!("the window length ({n}) and spacing ({d}) must be non-zero and finite"),
        ));
    }
    let len = if name == "rfftfreq" { n / 2 + 1 } else { n };
    let spacing = d * n as f64;
    let values: Vec<f64> = (0..len)
        .map(|k| {
            let index = if name == "rfftfreq" {
                k as i64
            } else {
                frequency_index(k, n)
            };
            index as f64 / spacing
        })
        .collect();
    let a = ArrayD::from_shape_vec(IxDyn(&[len]), values).expect("len values");
    Ok(match dtype {
        DType::Float32 => AnyArray::from(a.mapv(|v| v as f32)),
        _ => AnyArray::from(a),
    })
}

/// `fftshift`/`ifftshift`: each shifted axis rolled by `shift_of` its side.
fn shift(
    name: &'static str,
    x: &AnyArray,
    axes: Option<&[isize]>,
    inverse: bool,
) -> ApiResult<AnyArray> {
    if !x.dtype().is_floating_point() {
        return Err(ApiError::invalid(
            name,
            format!("x must have a floating-point dtype, not {}", x.dtype()),
        ));
    }
    let ndim = x.ndim();
    let mut shifts = vec![0usize; ndim];
    let axes: Vec<usize> = match axes {
        None => (0..ndim).collect(),
        Some(list) => list
            .iter()
            .map(|&a| normalize_axis(name, a, ndim))
            .collect::<ApiResult<_>>()?,
    };
    for (i, &axis) in axes.iter().enumerate() {
        if axes[..i].contains(&axis) {
            return Err(ApiError::invalid(name, format!("axis {axis} is repeated")));
        }
        shifts[axis] = shift_of(x.shape()[axis], inverse);
    }
    let shape = x.shape().to_vec();
    Ok(with_array!(x, a => {
        let mut src = vec![0usize; ndim];
        AnyArray::from(ArrayD::from_shape_fn(IxDyn(&shape), |idx| {
            for d in 0..ndim {
                src[d] = (idx[d] + shape[d] - shifts[d]) % shape[d].max(1);
            }
            a[IxDyn(&src)]
        }))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use array_api::fft::FftNorm;

    fn complex(values: &[(f64, f64)]) -> AnyArray {
        AnyArray::from(
            ArrayD::from_shape_vec(
                IxDyn(&[values.len()]),
                values.iter().map(|&(r, i)| C64::new(r, i)).collect(),
            )
            .unwrap(),
        )
    }

    fn real(values: &[f64]) -> AnyArray {
        AnyArray::from(ArrayD::from_shape_vec(IxDyn(&[values.len()]), values.to_vec()).unwrap())
    }

    fn close(a: &[C64], b: &[C64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).norm() < 1e-12)
    }

    #[test]
    fn fft_of_a_known_signal() {
        // [1, 2, 3, 4] -> [10, -2+2j, -2, -2-2j] (NumPy's values).
        let x = complex(&[(1.0, 0.0), (2.0, 0.0), (3.0, 0.0), (4.0, 0.0)]);
        let y = one_axis("fft", &x, None, -1, FftNorm::Backward).unwrap();
        let want = [
            C64::new(10.0, 0.0),
            C64::new(-2.0, 2.0),
            C64::new(-2.0, 0.0),
            C64::new(-2.0, -2.0),
        ];
        assert!(close(&y.to_complex_vec(), &want));
        let back = one_axis("ifft", &y, None, 0, FftNorm::Backward).unwrap();
        assert!(close(&back.to_complex_vec(), &x.to_complex_vec()));
        let ortho = one_axis("fft", &x, None, -1, FftNorm::Ortho).unwrap();
        assert!(close(&ortho.to_complex_vec(), &want.map(|v| v * 0.5)));
    }

    #[test]
    fn real_transforms_and_their_inverses() {
        let x = real(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let half = one_axis("rfft", &x, None, -1, FftNorm::Backward).unwrap();
        assert_eq!((half.dtype(), half.shape()), (DType::Complex128, &[3][..]));
        let back = one_axis("irfft", &half, Some(5), -1, FftNorm::Backward).unwrap();
        assert_eq!(back.dtype(), DType::Float64);
        assert!(back
            .to_f64_vec()
            .iter()
            .zip(x.to_f64_vec())
            .all(|(a, b)| (a - b).abs() < 1e-12));
        // hfft(ihfft(x)) is x too.
        let h = one_axis("ihfft", &x, None, -1, FftNorm::Backward).unwrap();
        let again = one_axis("hfft", &h, Some(5), -1, FftNorm::Backward).unwrap();
        assert!(again
            .to_f64_vec()
            .iter()
            .zip(x.to_f64_vec())
            .all(|(a, b)| (a - b).abs() < 1e-12));
        // Padding: rfft of n = 8 over 5 values.
        let padded = one_axis("rfft", &x, Some(8), -1, FftNorm::Forward).unwrap();
        assert_eq!(padded.shape(), &[5]);
        assert!((padded.to_complex_vec()[0] - C64::new(15.0 / 8.0, 0.0)).norm() < 1e-15);
    }

    #[test]
    fn fftn_is_fft_along_each_axis() {
        let values: Vec<C64> = (0..12)
            .map(|k| C64::new(k as f64, (k * k) as f64 * 0.1))
            .collect();
        let x = AnyArray::from(ArrayD::from_shape_vec(IxDyn(&[3, 4]), values).unwrap());
        let both = many_axes("fftn", &x, None, None, FftNorm::Backward).unwrap();
        let rows = one_axis("fft", &x, None, 1, FftNorm::Backward).unwrap();
        let cols = one_axis("fft", &rows, None, 0, FftNorm::Backward).unwrap();
        assert!(close(&both.to_complex_vec(), &cols.to_complex_vec()));
        let trimmed =
            many_axes("fftn", &x, Some(&[2, -1]), Some(&[0, 1]), FftNorm::Backward).unwrap();
        assert_eq!(trimmed.shape(), &[2, 4]);
    }

    #[test]
    fn frequencies_and_shifts() {
        let f = frequencies("fftfreq", 5, 0.5, DType::Float64).unwrap();
        assert_eq!(f.to_f64_vec(), [0.0, 0.4, 0.8, -0.8, -0.4]);
        let r = frequencies("rfftfreq", 4, 1.0, DType::Float32).unwrap();
        assert_eq!(
            (r.dtype(), r.to_f64_vec()),
            (DType::Float32, vec![0.0, 0.25, 0.5])
        );
        let x = real(&[0.0, 1.0, 2.0, -2.0, -1.0]);
        let s = shift("fftshift", &x, None, false).unwrap();
        assert_eq!(s.to_f64_vec(), [-2.0, -1.0, 0.0, 1.0, 2.0]);
        let back = shift("ifftshift", &s, Some(&[-1]), true).unwrap();
        assert_eq!(back.to_f64_vec(), x.to_f64_vec());
    }
}
