//! The `faulty` backend's planted bugs, one per function and each of a
//! different kind, so the README can show what a failure report looks like
//! and the tests can check that each is found with a small counterexample.
//! Everything else is the reference.
//!
//! | function | kind | the bug |
//! |---|---|---|
//! | `sqrt` | special case | `sqrt(-0.0)` gives `+0.0` (the standard says `-0.0`) |
//! | `maximum` | NaN handling | NaN does not propagate (`f64::max` semantics) |
//! | `negative` | memory layout | reads the buffer in memory order, wrong for transposed and reversed views |
//! | `sum` | result dtype | 8- and 16-bit integers are summed in their own dtype, not int64/uint64 |
//! | `mean` | result shape | `keepdims` is ignored |
//! | `argsort` | ordering | descending is the reverse of ascending, so ties come out in reverse order even when `stable` |
//! | `exp` | crash | panics on an empty array |
//! | `take` | indexing | a negative index selects the first element instead of counting from the end |
//! | `multiply` | complex arithmetic | complex operands multiply component by component, `(a+bj)(c+dj) = ac + bdj`, the cross terms dropped |
//! | `linalg.eig` | normalisation | each eigenvector scaled so its largest component is 1 (unit ∞-norm), not to unit 2-norm |
//! | `fft` | normalisation | `norm="ortho"` is computed as `"backward"`: the `1/sqrt(n)` factor is left out |

use conformance_strategies::{with_array, AnyArray, Complex, DType};
use ndarray::{ArrayD, IxDyn};

use super::reference_fn;
use crate::api::{ApiResult, Ops};
use crate::args::{Eig, Reduce, SortArgs};
use crate::fft::FftNorm;

/// The functions with planted bugs.
pub fn ops() -> Ops {
    Ops::NONE
        .sqrt(sqrt)
        .maximum(maximum)
        .negative(negative)
        .sum(sum)
        .mean(mean)
        .argsort(argsort)
        .exp(exp)
        .take(take)
        .multiply(multiply)
        .eig(eig)
        .fft(fft)
}

/// Maps every float element, leaving other dtypes alone.
fn map_floats(x: AnyArray, f: impl Fn(f64) -> f64) -> AnyArray {
    match x {
        AnyArray::Float32(a) => AnyArray::Float32(a.mapv(|v| f(f64::from(v)) as f32)),
        AnyArray::Float64(a) => AnyArray::Float64(a.mapv(f)),
        other => other,
    }
}

fn sqrt(x: &AnyArray) -> ApiResult<AnyArray> {
    let y = reference_fn(|o| o.sqrt.clone())(x)?;
    Ok(map_floats(y, |v| if v == 0.0 { 0.0 } else { v }))
}

fn maximum(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    let m = reference_fn(|o| o.maximum.clone())(x1, x2)?;
    if !m.dtype().is_float() {
        return Ok(m);
    }
    // Recompute with `f64::max`, which returns the non-NaN operand.
    let b1 = reference_fn(|o| o.broadcast_to.clone())(x1, m.shape())?.to_f64_vec();
    let b2 = reference_fn(|o| o.broadcast_to.clone())(x2, m.shape())?.to_f64_vec();
    let values = b1.iter().zip(&b2).map(|(a, b)| a.max(*b));
    let shape = IxDyn(m.shape());
    Ok(match m.dtype() {
        DType::Float32 => AnyArray::from(
            ArrayD::from_shape_vec(shape, values.map(|v| v as f32).collect()).expect("same length"),
        ),
        _ => AnyArray::from(ArrayD::from_shape_vec(shape, values.collect()).expect("same length")),
    })
}

fn negative(x: &AnyArray) -> ApiResult<AnyArray> {
    let logical = reference_fn(|o| o.negative.clone())(x)?;
    // The bug: take the input's buffer in memory order as if it were C order.
    Ok(with_array!(x, a => {
        let memory: Vec<_> = match a.as_slice_memory_order() {
            Some(s) => s.to_vec(),
            None => return Ok(logical),
        };
        let shape = a.shape().to_vec();
        let source = AnyArray::from(ArrayD::from_shape_vec(IxDyn(&shape), memory).expect("same length"));
        reference_fn(|o| o.negative.clone())(&source)?
    }))
}

fn sum(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let s = reference_fn(|o| o.sum.clone())(x, args)?;
    let narrow = matches!(
        x.dtype(),
        DType::Int8 | DType::Int16 | DType::UInt8 | DType::UInt16
    );
    if narrow {
        return reference_fn(|o| o.astype.clone())(&s, x.dtype());
    }
    Ok(s)
}

fn mean(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let without = Reduce {
        keepdims: false,
        ..args.clone()
    };
    reference_fn(|o| o.mean.clone())(x, &without)
}

fn argsort(x: &AnyArray, args: &SortArgs) -> ApiResult<AnyArray> {
    if !args.descending {
        return reference_fn(|o| o.argsort.clone())(x, args);
    }
    let ascending = SortArgs {
        descending: false,
        ..args.clone()
    };
    let idx = reference_fn(|o| o.argsort.clone())(x, &ascending)?;
    reference_fn(|o| o.flip.clone())(&idx, Some(&[args.axis]))
}

fn exp(x: &AnyArray) -> ApiResult<AnyArray> {
    // The bug: peeks at the first element without checking there is one.
    let first = x.to_complex_vec()[0];
    let _ = first;
    reference_fn(|o| o.exp.clone())(x)
}

fn take(x: &AnyArray, indices: &AnyArray, axis: Option<isize>) -> ApiResult<AnyArray> {
    // The bug: negative indices clamped to 0 rather than counted from the end.
    let zero = reference_fn(|o| o.astype.clone())(&AnyArray::scalar(0i8), indices.dtype())?;
    let clamped = reference_fn(|o| o.maximum.clone())(indices, &zero)?;
    reference_fn(|o| o.take.clone())(x, &clamped, axis)
}

fn multiply(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    let m = reference_fn(|o| o.multiply.clone())(x1, x2)?;
    if !m.dtype().is_complex() {
        return Ok(m);
    }
    // The bug: component by component, as if complex were a pair of reals.
    let operand = |x: &AnyArray| -> ApiResult<Vec<Complex<f64>>> {
        Ok(reference_fn(|o| o.broadcast_to.clone())(x, m.shape())?.to_complex_vec())
    };
    let (a, b) = (operand(x1)?, operand(x2)?);
    let values = a
        .iter()
        .zip(&b)
        .map(|(a, b)| Complex::new(a.re * b.re, a.im * b.im));
    let shape = IxDyn(m.shape());
    Ok(match m.dtype() {
        DType::Complex64 => AnyArray::from(
            ArrayD::from_shape_vec(
                shape,
                values
                    .map(|z| Complex::new(z.re as f32, z.im as f32))
                    .collect(),
            )
            .expect("same length"),
        ),
        _ => AnyArray::from(ArrayD::from_shape_vec(shape, values.collect()).expect("same length")),
    })
}

fn eig(x: &AnyArray) -> ApiResult<Eig> {
    let e = reference_fn(|o| o.eig.clone())(x)?;
    let n = x.shape().last().copied().unwrap_or(0);
    let mut v = e.eigenvectors.to_complex_vec();
    // The bug: each column divided by its largest magnitude, as some
    // libraries normalise, where unit 2-norm is meant.
    if n > 0 {
        for m in v.chunks_mut(n * n) {
            for k in 0..n {
                let big = (0..n).map(|i| m[i * n + k].norm()).fold(0.0, f64::max);
                (0..n).for_each(|i| m[i * n + k] /= big);
            }
        }
    }
    let scaled = AnyArray::from(
        ArrayD::from_shape_vec(IxDyn(e.eigenvectors.shape()), v).expect("same length"),
    );
    Ok(Eig {
        eigenvectors: reference_fn(|o| o.astype.clone())(&scaled, e.eigenvectors.dtype())?,
        ..e
    })
}

fn fft(x: &AnyArray, n: Option<usize>, axis: isize, norm: FftNorm) -> ApiResult<AnyArray> {
    // The bug: "ortho" computed as "backward", the 1/sqrt(n) factor
    // forgotten (invisible at n = 1).
    let norm = match norm {
        FftNorm::Ortho => FftNorm::Backward,
        other => other,
    };
    reference_fn(|o| o.fft.clone())(x, n, axis, norm)
}
