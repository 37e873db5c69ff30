//! The seed's own example function, `compute_score`: one score per row of a
//! 2-d float array (rows × features), in the input's float dtype.
//!
//! - `Mean`: the mean of each row;
//! - `Centered`: the mean of each row after subtracting from every column
//!   its mean over the rows;
//! - `Rms`: the square root of the mean of the squares of each row.
//!
//! Sums are sequential in the input precision (as `mean`). A row of no
//! features scores NaN (0/0) under every method; no rows give an empty
//! result. Input that is not a 2-d float array is an `InvalidArgument`.

use conformance_strategies::AnyArray;
use ndarray::{ArrayD, Axis};

use super::elements::{from_vec, require_float, with_float_array, Float};
use super::statistical::float_mean;
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::ScoreMethod;

/// The score function.
pub(crate) fn ops() -> Ops {
    Ops::NONE.compute_score(compute_score)
}

fn score_typed<T: Float>(a: &ArrayD<T>, method: ScoreMethod) -> AnyArray {
    let rows: Vec<Vec<T>> = a
        .outer_iter()
        .map(|r| r.iter().copied().collect())
        .collect();
    let col_means: Vec<T> = match method {
        ScoreMethod::Centered => a
            .axis_iter(Axis(1))
            .map(|c| float_mean(&c.iter().copied().collect::<Vec<T>>()))
            .collect(),
        _ => Vec::new(),
    };
    let scores: Vec<T> = rows
        .iter()
        .map(|row| match method {
            ScoreMethod::Mean => float_mean(row),
            ScoreMethod::Centered => {
                let centred: Vec<T> = row.iter().zip(&col_means).map(|(&v, &m)| v - m).collect();
                float_mean(&centred)
            }
            ScoreMethod::Rms => {
                let squares: Vec<T> = row.iter().map(|&v| v * v).collect();
                float_mean(&squares).sqrt()
            }
        })
        .collect();
    T::wrap(from_vec(&[scores.len()], scores))
}

pub(crate) fn compute_score(data: &AnyArray, method: ScoreMethod) -> ApiResult<AnyArray> {
    const F: &str = "compute_score";
    require_float(F, data)?;
    if data.ndim() != 2 {
        return Err(ApiError::invalid(
            F,
            format!(
                "data must be 2-d (rows × features), got {} dimensions",
                data.ndim()
            ),
        ));
    }
    with_float_array!(data, a => Ok(score_typed(a, method)),
        else unreachable!("checked to be floating-point"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::DType;
    use ndarray::{arr1, arr2, IxDyn};

    fn data() -> AnyArray {
        AnyArray::from(arr2(&[[1.0f64, 2.0, 3.0], [3.0, 4.0, 8.0]]).into_dyn())
    }

    #[test]
    fn each_method_on_a_small_matrix() {
        let m = compute_score(&data(), ScoreMethod::Mean).unwrap();
        assert_eq!(m.dtype(), DType::Float64);
        assert_eq!(m.to_f64_vec(), vec![2.0, 5.0]);
        // Column means 2, 3, 5.5: centred rows [-1,-1,-2.5] and [1,1,2.5].
        let c = compute_score(&data(), ScoreMethod::Centered).unwrap();
        assert_eq!(c.to_f64_vec(), vec![-1.5, 1.5]);
        let r = compute_score(&data(), ScoreMethod::Rms)
            .unwrap()
            .to_f64_vec();
        assert!((r[0] - (14.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((r[1] - (89.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn layout_precision_and_edges() {
        let mut a = arr2(&[[1.0f32, 2.0], [4.0, 8.0]]).into_dyn();
        a.invert_axis(Axis(0));
        a.swap_axes(0, 1); // [[4, 1], [8, 2]]
        let x = AnyArray::from(a);
        let m = compute_score(&x, ScoreMethod::Mean).unwrap();
        assert_eq!(m.dtype(), DType::Float32);
        assert_eq!(m.to_f64_vec(), vec![2.5, 5.0]);
        let none = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[2, 0])));
        for method in [ScoreMethod::Mean, ScoreMethod::Centered, ScoreMethod::Rms] {
            let s = compute_score(&none, method).unwrap().to_f64_vec();
            assert_eq!(s.len(), 2);
            assert!(s.iter().all(|v| v.is_nan()));
        }
        let rows = AnyArray::from(ArrayD::<f32>::zeros(IxDyn(&[0, 3])));
        assert_eq!(
            compute_score(&rows, ScoreMethod::Centered).unwrap().shape(),
            &[0]
        );
        assert!(compute_score(
            &AnyArray::from(arr1(&[1.0f64]).into_dyn()),
            ScoreMethod::Mean
        )
        .is_err());
        let ints = AnyArray::from(arr2(&[[1i32]]).into_dyn());
        assert!(compute_score(&ints, ScoreMethod::Rms).is_err());
    }
}
