//! The `parallel` backend: a second, independent implementation of the
//! host's functions over its own representation (`tensor::Tensor`: a shape
//! and a contiguous `Vec` in C order), parallel with rayon on large arrays.
//!
//! It provides:
//! - `asarray` (the round trip into a `Tensor` and back);
//! - every elementwise function (`elementwise`): one broadcast
//!   walker and one table of kernels per dtype kind;
//! - `sum`, `prod`, `max`, `min`, `mean`, `var`, `std`, `argmax`,
//!   `argmin`, `cumulative_sum`, `cumulative_prod` (`reduce`): chunked
//!   tree accumulation over lanes (float sums pairwise, so their rounding
//!   differs from the reference's sequential sums on purpose);
//! - `sort` and `argsort` (`sort`): rayon's parallel sorts;
//! - `matmul` (`matmul`): parallel over output rows.
//!
//! None of these calls the reference's implementation of a function it
//! provides (a backend checked against itself proves nothing; the reference
//! is only a dev-dependency, for the tests). It shares with the reference
//! only what is the standard's and not an implementation's, all from
//! `array_api`: type promotion (`promotion`), shape and axis normalisation
//! (`shape`), the dtypes each elementwise function takes and how its
//! operands meet (`elementwise`), and the float definitions with one right
//! answer (`float`: Python's floor division and remainder, `maximum`,
//! `minimum`, `sign`, `nextafter`). Its kernels, walkers, reductions and
//! sorts stay its own even where they read like the reference's: they are
//! what the checks test. Its semantics are the reference's, including the
//! choices the reference documents where the standard is silent (integer
//! overflow wraps, integer `floor_divide`/`remainder` by zero give 0, NaN
//! sorts last ascending, ...).
//!
//! Everything runs sequentially below `tensor::PARALLEL_MIN` elements and
//! in tasks of about `tensor::CHUNK` elements above it.
#![warn(missing_docs, unreachable_pub)]

mod elementwise;
mod matmul;
pub mod paths;
mod reduce;
mod sort;
mod tensor;
#[cfg(test)]
mod testing;

use conformance_strategies::{with_array, AnyArray};

use self::tensor::Tensor;
use array_api::api::{ApiResult, Backend, Ops};

/// This backend, named `parallel`.
pub fn backend() -> Backend {
    Backend::new("parallel", ops())
}

/// The functions this backend provides.
pub fn ops() -> Ops {
    let own = Ops::NONE.asarray(asarray);
    own.overlay(elementwise::ops())
        .overlay(reduce::ops())
        .overlay(sort::ops())
        .overlay(matmul::ops())
}

/// Into the backend's own representation (a contiguous `Vec` in C order)
/// and back.
pub fn asarray(x: &AnyArray) -> ApiResult<AnyArray> {
    Ok(with_array!(x, a => Tensor::from_array(a).into_any()))
}

#[cfg(test)]
mod tests {
    use super::testing::{assert_agree, exact, layouts, values};
    use super::*;
    use conformance_strategies::{DType, Domain};
    use ndarray::{ArrayD, IxDyn};

    #[test]
    fn asarray_round_trips_every_layout_and_dtype() {
        for shape in [
            vec![],
            vec![0],
            vec![3, 0, 2],
            vec![4, 5, 3],
            vec![250, 400],
        ] {
            let n: usize = shape.iter().product();
            let values = values(n, 7, Domain::any());
            for dtype in DType::ALL {
                for x in layouts(&shape, &values, dtype) {
                    let what = format!("{dtype} {shape:?} strides {:?}", x.strides());
                    assert_agree(&what, &asarray(&x), &Ok(x.clone()), exact);
                    // Bit for bit, so NaN payloads count too.
                    let bits = |a: &AnyArray| -> Vec<u64> {
                        a.to_f64_vec().iter().map(|v| v.to_bits()).collect()
                    };
                    if dtype.is_float() {
                        assert_eq!(bits(&asarray(&x).unwrap()), bits(&x), "{what}");
                    }
                }
            }
        }
    }

    #[test]
    fn ops_lists_what_the_backend_implements() {
        let ops = ops();
        for f in [
            "asarray",
            "abs",
            "add",
            "pow",
            "equal",
            "sum",
            "var",
            "sort",
            "argsort",
            "argmax",
            "cumulative_sum",
            "matmul",
            "clip",
        ] {
            assert!(ops.implements(f), "{f}");
        }
        assert!(!ops.implements("reshape"));
        let e = AnyArray::from(ArrayD::<f32>::zeros(IxDyn(&[2, 0])));
        assert_eq!(asarray(&e).unwrap().shape(), &[2, 0]);
    }
}
