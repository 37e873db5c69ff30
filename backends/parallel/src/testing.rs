//! Tests only: inputs for comparing the `parallel` backend with the
//! reference (deterministic values with the special ones mixed in, the same
//! shape in several memory layouts), and the comparison itself (same error
//! or same dtype, shape and values, floats exactly, within ulps or within a
//! tolerance scaled per element).

use conformance_strategies::{with_array, AnyArray, DType};
use ndarray::{ArrayD, Axis, IxDyn, Slice};

use array_api::api::{ApiError, ApiResult};

/// Raw bits of an element, to compare NaN payloads and signed zeros.
pub(super) trait Bits: Copy {
    fn bits(self) -> u64;
}

macro_rules! bits_as {
    ($($t:ty => |$v:ident| $e:expr),*) => {$(
        impl Bits for $t {
            fn bits(self) -> u64 {
                let $v = self;
                $e
            }
        }
    )*};
}

bits_as!(
    bool => |v| u64::from(v), i8 => |v| v as u64, i16 => |v| v as u64, i32 => |v| v as u64,
    i64 => |v| v as u64, u8 => |v| u64::from(v), u16 => |v| u64::from(v), u32 => |v| u64::from(v),
    u64 => |v| v, f32 => |v| u64::from(v.to_bits()), f64 => |v| v.to_bits()
);

pub(super) fn bits<T: Bits>(v: T) -> u64 {
    v.bits()
}

/// The special float values every float input mixes in.
pub(super) const SPECIALS: [f64; 9] = [
    f64::NAN,
    -0.0,
    0.0,
    f64::INFINITY,
    f64::NEG_INFINITY,
    1e300,
    -1e-310,
    1.0,
    -1.0,
];

/// A deterministic stream in `[0, 1)` (xorshift).
pub(super) fn uniform(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

/// `n` values in `[-100, 100)` with two decimals and repeats, every 13th
/// one of [`SPECIALS`].
pub(super) fn values_f64(n: usize, seed: u64) -> Vec<f64> {
    uniform(n, seed)
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            if i % 13 == 5 {
                SPECIALS[(i / 13) % SPECIALS.len()]
            } else {
                ((u * 20_000.0).floor() - 10_000.0) / 100.0
            }
        })
        .collect()
}

/// `n` finite values in `[-10, 10)`, without specials.
pub(super) fn tame(n: usize, seed: u64) -> Vec<f64> {
    uniform(n, seed)
        .into_iter()
        .map(|u| u * 20.0 - 10.0)
        .collect()
}

/// Float operands for elementwise functions: the special values and the
/// boundary cases of rounding, division and the trigonometric functions.
pub(super) fn float_grid() -> Vec<f64> {
    let mut g = SPECIALS.to_vec();
    for v in [
        0.25,
        0.5,
        0.75,
        1.5,
        2.0,
        2.5,
        3.0,
        3.7,
        4.5,
        7.0,
        0.1,
        1e-300,
        5e-324,
        2.2250738585072014e-308,
        1e38,
        3.4028234663852886e38,
        1e308,
        f64::MAX,
        710.0,
        89.0,
    ] {
        g.push(v);
        g.push(-v);
    }
    g
}

/// Integer operands (cast with saturation per dtype): zero, small values of
/// both signs, shift widths, and the extremes (from the infinities).
pub(super) fn int_grid() -> Vec<f64> {
    vec![
        0.0,
        1.0,
        -1.0,
        2.0,
        -2.0,
        3.0,
        -3.0,
        7.0,
        -7.0,
        8.0,
        15.0,
        16.0,
        31.0,
        32.0,
        63.0,
        64.0,
        100.0,
        -100.0,
        127.0,
        -128.0,
        255.0,
        40_000.0,
        -40_000.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ]
}

/// The values of a grid for `dtype` (floats, integers or both `bool`s).
pub(super) fn grid_for(dtype: DType) -> Vec<f64> {
    if dtype.is_float() {
        float_grid()
    } else if dtype.is_bool() {
        vec![0.0, 1.0]
    } else {
        int_grid()
    }
}

/// A C-ordered array of `shape` and `dtype` from `values` (cycled), cast
/// with Rust's `as` (saturating; NaN gives 0) and `!= 0` for `bool`.
pub(super) fn array(shape: &[usize], values: &[f64], dtype: DType) -> AnyArray {
    let n: usize = shape.iter().product();
    let at = |i: usize| values[i % values.len().max(1)];
    macro_rules! build {
        ($t:ty, $conv:expr) => {{
            let conv = $conv;
            AnyArray::from(
                ArrayD::from_shape_vec(
                    IxDyn(shape),
                    (0..n).map(|i| conv(at(i))).collect::<Vec<$t>>(),
                )
                .expect("shape"),
            )
        }};
    }
    match dtype {
        DType::Bool => build!(bool, |v: f64| v != 0.0),
        DType::Int8 => build!(i8, |v: f64| v as i8),
        DType::Int16 => build!(i16, |v: f64| v as i16),
        DType::Int32 => build!(i32, |v: f64| v as i32),
        DType::Int64 => build!(i64, |v: f64| v as i64),
        DType::UInt8 => build!(u8, |v: f64| v as u8),
        DType::UInt16 => build!(u16, |v: f64| v as u16),
        DType::UInt32 => build!(u32, |v: f64| v as u32),
        DType::UInt64 => build!(u64, |v: f64| v as u64),
        DType::Float32 => build!(f32, |v: f64| v as f32),
        DType::Float64 => build!(f64, |v: f64| v),
    }
}

/// Arrays of logical shape `shape` in several memory layouts: C order,
/// Fortran order (a transposed C array), every axis reversed (negative
/// strides), every other element of a twice-as-long last axis, and that
/// stepped array transposed and reversed. The contents differ between
/// layouts; each is a fair input.
pub(super) fn layouts(shape: &[usize], values: &[f64], dtype: DType) -> Vec<AnyArray> {
    let nd = shape.len();
    let mut out = vec![array(shape, values, dtype)];
    if nd == 0 {
        return out;
    }
    let reversed: Vec<usize> = shape.iter().rev().copied().collect();
    out.push(with_array!(array(&reversed, values, dtype), a => AnyArray::from(a.reversed_axes())));
    out.push(with_array!(array(shape, values, dtype), a => {
        let mut a = a;
        for d in 0..nd {
            a.invert_axis(Axis(d));
        }
        AnyArray::from(a)
    }));
    let mut wide = shape.to_vec();
    wide[nd - 1] *= 2;
    out.push(with_array!(array(&wide, values, dtype), a => {
        let mut a = a;
        // Start at 1 (an offset into the buffer) unless the axis is empty.
        let start = isize::from(wide[nd - 1] > 0);
        a.slice_each_axis_inplace(|ax| if ax.axis.index() == nd - 1 { Slice::new(start, None, 2) } else { Slice::from(..) });
        AnyArray::from(a)
    }));
    let mut wide_rev = reversed.clone();
    wide_rev[0] *= 2;
    out.push(with_array!(array(&wide_rev, values, dtype), a => {
        let mut a = a;
        a.slice_each_axis_inplace(|ax| if ax.axis.index() == 0 { Slice::new(0, None, -2) } else { Slice::from(..) });
        let mut t = a.reversed_axes();
        t.invert_axis(Axis(0));
        AnyArray::from(t)
    }));
    for x in &out {
        assert_eq!(x.shape(), shape);
    }
    out
}

/// How closely float results must agree.
#[derive(Clone, Debug)]
pub(super) enum Tol {
    /// Same values and same sign of zero.
    Exact,
    /// Within this many units in the last place of the result's dtype.
    Ulps(f64),
    /// `|ours - theirs| <= factor * eps * scale[i]` (a sum's error bound,
    /// with `scale` the sum of the magnitudes of its terms); the sign of a
    /// zero is free.
    Scaled { factor: f64, scale: Vec<f64> },
}

fn eps_and_tiny(dtype: DType) -> (f64, f64) {
    if dtype == DType::Float32 {
        (f64::from(f32::EPSILON), f64::from(f32::from_bits(1)))
    } else {
        (f64::EPSILON, f64::from_bits(1))
    }
}

/// Asserts that `ours` agrees with the reference's `theirs`: both an
/// `InvalidArgument`, or the same dtype, shape and values (`tol` for
/// floats, exact otherwise).
#[track_caller]
pub(super) fn assert_agree(
    what: &str,
    ours: &ApiResult<AnyArray>,
    theirs: &ApiResult<AnyArray>,
    tol: &Tol,
) {
    let (ours, theirs) = match (ours, theirs) {
        (Err(ApiError::InvalidArgument { .. }), Err(ApiError::InvalidArgument { .. })) => return,
        (Ok(o), Ok(t)) => (o, t),
        _ => panic!("{what}: ours {ours:?}, reference {theirs:?}"),
    };
    assert_eq!(ours.dtype(), theirs.dtype(), "{what}: dtype");
    assert_eq!(ours.shape(), theirs.shape(), "{what}: shape");
    assert!(
        ours.is_standard_layout(),
        "{what}: the backend returns C order"
    );
    if !ours.dtype().is_float() {
        let b = |a: &AnyArray| -> Vec<u64> {
            with_array!(a, t => t.iter().map(|v| bits(*v)).collect())
        };
        assert_eq!(
            b(ours),
            b(theirs),
            "{what}: values\nours {ours:?}\nreference {theirs:?}"
        );
        return;
    }
    let (eps, tiny) = eps_and_tiny(ours.dtype());
    let (o, t) = (ours.to_f64_vec(), theirs.to_f64_vec());
    for (i, (&a, &b)) in o.iter().zip(&t).enumerate() {
        let ok = if a.is_nan() || b.is_nan() {
            a.is_nan() && b.is_nan()
        } else if a == b {
            !(a == 0.0
                && !matches!(tol, Tol::Scaled { .. })
                && a.is_sign_negative() != b.is_sign_negative())
        } else if a.is_infinite() || b.is_infinite() {
            false
        } else {
            let bound = match tol {
                Tol::Exact => 0.0,
                Tol::Ulps(u) => u * (eps * a.abs().max(b.abs())).max(tiny),
                Tol::Scaled { factor, scale } => factor * eps * scale[i] + tiny,
            };
            (a - b).abs() <= bound
        };
        assert!(ok, "{what}: element {i}: ours {a:e}, reference {b:e} ({tol:?})\nours {ours:?}\nreference {theirs:?}");
    }
}

#[test]
fn layouts_are_what_they_say() {
    let xs = layouts(&[3, 4], &values_f64(24, 1), DType::Int32);
    assert_eq!(xs.len(), 5);
    assert!(xs[0].is_standard_layout());
    assert!(xs[1..].iter().all(|x| !x.is_standard_layout()));
    assert!(xs[2].strides().iter().all(|&s| s < 0));
    assert_eq!(xs[3].strides(), &[8, 2]);
    let v = values_f64(100, 3);
    assert!(v.iter().any(|x| x.is_nan()) && v.contains(&f64::INFINITY));
    assert!(v
        .iter()
        .all(|x| x.is_nan() || x.is_infinite() || x.abs() <= 1e300));
}

#[test]
fn the_comparison_can_fail() {
    let a = Ok(AnyArray::scalar(1.0f64));
    let b = Ok(AnyArray::scalar(1.0f64 + f64::EPSILON));
    assert!(std::panic::catch_unwind(|| assert_agree("x", &a, &b, &Tol::Exact)).is_err());
    assert_agree("x", &a, &b, &Tol::Ulps(2.0));
    let z = Ok(AnyArray::scalar(0.0f32));
    let nz = Ok(AnyArray::scalar(-0.0f32));
    assert!(std::panic::catch_unwind(|| assert_agree("z", &z, &nz, &Tol::Ulps(4.0))).is_err());
    let i = Ok(AnyArray::scalar(1i64));
    let e: ApiResult<AnyArray> = Err(ApiError::invalid("f", "no"));
    assert!(std::panic::catch_unwind(|| assert_agree("e", &i, &e, &Tol::Exact)).is_err());
    assert_agree("e", &e, &e, &Tol::Exact);
    let other_dtype = Ok(AnyArray::scalar(1i32));
    assert!(std::panic::catch_unwind(|| assert_agree("d", &i, &other_dtype, &Tol::Exact)).is_err());
}
