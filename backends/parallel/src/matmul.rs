//! `matmul` of the `parallel` backend: the standard's matrix product, with
//! 1-d operands promoted to a row (`x1`) or a column (`x2`) and removed
//! from the result again, and the batch dimensions broadcast.
//!
//! Operands of a numeric dtype are promoted by the standard's table (`bool`
//! and undefined pairs refused, as are 0-d operands and contracted sides
//! that differ), read into C order, and the output rows are computed in
//! parallel on large products: each row accumulates `x1[i, p] * x2[p, :]`
//! for `p` in increasing order, integers wrapping and floats in their own
//! precision.

use conformance_strategies::{AnyArray, DType};
use ndarray::{ArrayD, IxDyn};

use super::paths::{self, Path};
use super::tensor::{broadcast_strides, for_chunks, is_large, operand, unravel, Arith, CHUNK};
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::promotion::promote;
use array_api::shape::broadcast_shapes;

/// The linear algebra this backend provides.
pub(crate) fn ops() -> Ops {
    Ops::NONE.matmul(matmul)
}

/// The shapes of a product: each operand as a stack of matrices, the
/// broadcast batch, and the result's shape.
struct Plan {
    a_shape: Vec<usize>,
    b_shape: Vec<usize>,
    batch: Vec<usize>,
    m: usize,
    k: usize,
    n: usize,
    out_shape: Vec<usize>,
}

fn plan(x1: &[usize], x2: &[usize]) -> ApiResult<Plan> {
    const F: &str = "matmul";
    if x1.is_empty() || x2.is_empty() {
        return Err(ApiError::invalid(F, "a 0-d operand has no matrix"));
    }
    let a_shape = if x1.len() == 1 {
        vec![1, x1[0]]
    } else {
        x1.to_vec()
    };
    let b_shape = if x2.len() == 1 {
        vec![x2[0], 1]
    } else {
        x2.to_vec()
    };
    let (ra, rb) = (a_shape.len(), b_shape.len());
    let (m, k) = (a_shape[ra - 2], a_shape[ra - 1]);
    let (k2, n) = (b_shape[rb - 2], b_shape[rb - 1]);
    if k != k2 {
        return Err(ApiError::invalid(
            F,
            format!("x1 {x1:?} has {k} columns but x2 {x2:?} has {k2} rows"),
        ));
    }
    let batch = broadcast_shapes(F, &[&a_shape[..ra - 2], &b_shape[..rb - 2]])?;
    let mut out_shape = batch.clone();
    if x1.len() > 1 {
        out_shape.push(m);
    }
    if x2.len() > 1 {
        out_shape.push(n);
    }
    Ok(Plan {
        a_shape,
        b_shape,
        batch,
        m,
        k,
        n,
        out_shape,
    })
}

fn product<T: Arith>(x1: &AnyArray, x2: &AnyArray, p: &Plan) -> AnyArray {
    let (a, b) = (operand::<T>(x1), operand::<T>(x2));
    let (m, k, n) = (p.m, p.k, p.n);
    let count: usize = p.batch.iter().product();
    // Strides in whole matrices of each operand's batch, broadcast.
    let sa = broadcast_strides(&p.a_shape[..p.a_shape.len() - 2], &p.batch);
    let sb = broadcast_strides(&p.b_shape[..p.b_shape.len() - 2], &p.batch);
    let mut out = vec![T::ZERO; count * m * n];
    let row = |r: usize, out: &mut [T]| {
        let (matrix, i) = (r / m, r % m);
        let index = unravel(matrix, &p.batch);
        let dot = |s: &[usize]| index.iter().zip(s).map(|(i, s)| i * s).sum::<usize>();
        let a_row = &a[dot(&sa) * m * k + i * k..][..k];
        let b_mat = &b[dot(&sb) * k * n..][..k * n];
        for (&av, b_row) in a_row.iter().zip(b_mat.chunks_exact(n)) {
            for (o, &bv) in out.iter_mut().zip(b_row) {
                *o = o.plus(av.times(bv));
            }
        }
    };
    if n > 0 {
        let rows_per_task = (CHUNK / (n * k.max(1))).max(1);
        let parallel = paths::entered(Path::Matmul, is_large(out.len() * k.max(1)));
        for_chunks(&mut out, rows_per_task * n, parallel, &|start, part| {
            for (j, o) in part.chunks_mut(n).enumerate() {
                row(start / n + j, o);
            }
        });
    }
    T::wrap(ArrayD::from_shape_vec(IxDyn(&p.out_shape), out).expect("one value per element"))
}

pub(crate) fn matmul(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    const F: &str = "matmul";
    for x in [x1, x2] {
        if x.dtype().is_bool() {
            return Err(ApiError::invalid(F, "expects numeric operands, got bool"));
        }
    }
    let dtype = promote(x1.dtype(), x2.dtype()).ok_or_else(|| {
        ApiError::invalid(
            F,
            format!(
                "no promotion of {} with {} in the standard",
                x1.dtype(),
                x2.dtype()
            ),
        )
    })?;
    if dtype.is_complex() {
        // Numeric in the standard; not implemented here, as in the reference.
        return Err(ApiError::NotImplementedFor { function: F, dtype });
    }
    let p = plan(x1.shape(), x2.shape())?;
    Ok(match dtype {
        DType::Int8 => product::<i8>(x1, x2, &p),
        DType::Int16 => product::<i16>(x1, x2, &p),
        DType::Int32 => product::<i32>(x1, x2, &p),
        DType::Int64 => product::<i64>(x1, x2, &p),
        DType::UInt8 => product::<u8>(x1, x2, &p),
        DType::UInt16 => product::<u16>(x1, x2, &p),
        DType::UInt32 => product::<u32>(x1, x2, &p),
        DType::UInt64 => product::<u64>(x1, x2, &p),
        DType::Float32 => product::<f32>(x1, x2, &p),
        DType::Float64 => product::<f64>(x1, x2, &p),
        DType::Bool | DType::Complex64 | DType::Complex128 => {
            unreachable!("{dtype} was refused")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{array, assert_agree, layouts, scaled, tame};
    use super::*;
    use array_api::api::Backend;

    fn cpu() -> Backend {
        Backend::new("cpu", array_api_reference::ops())
    }

    /// The error bound of each output element: `|x1| @ |x2|` (nothing for
    /// operands the reference refuses).
    fn scale(x1: &AnyArray, x2: &AnyArray) -> Vec<f64> {
        let r = cpu();
        let product = |a: AnyArray, b: AnyArray| r.matmul(&a, &b);
        r.abs(x1)
            .and_then(|a| r.abs(x2).and_then(|b| product(a, b)))
            .map(|s| s.to_f64_vec())
            .unwrap_or_default()
    }

    #[test]
    fn shapes_dtypes_and_layouts_agree_with_the_reference() {
        let shapes: &[(&[usize], &[usize])] = &[
            (&[3, 4], &[4, 5]),
            (&[4], &[4, 5]),
            (&[3, 4], &[4]),
            (&[4], &[4]),
            (&[2, 1, 3, 4], &[5, 4, 2]),
            (&[5, 3, 4], &[4, 2]),
            (&[3, 0], &[0, 2]),
            (&[0, 4], &[4, 2]),
            (&[3, 4], &[4, 0]),
            (&[0, 3, 4], &[4, 2]),
            (&[3, 4], &[5, 2]),
            (&[2, 3, 4], &[3, 4, 2]),
            (&[], &[4]),
        ];
        for &(s1, s2) in shapes {
            for d1 in DType::ALL {
                for d2 in [d1, DType::Int16, DType::UInt8, DType::Float64] {
                    for x1 in layouts(s1, &tame(200, 1), d1) {
                        for x2 in layouts(s2, &tame(200, 2), d2) {
                            let w = format!(
                                "matmul({d1} {s1:?} {:?}, {d2} {s2:?} {:?})",
                                x1.strides(),
                                x2.strides()
                            );
                            let tol = scaled(8.0, scale(&x1, &x2));
                            assert_agree(&w, &matmul(&x1, &x2), &cpu().matmul(&x1, &x2), &tol);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn refusals() {
        let invalid = |r: ApiResult<AnyArray>| matches!(r, Err(ApiError::InvalidArgument { .. }));
        let m = array(&[2, 2], &[1.0], DType::Int8);
        assert!(invalid(matmul(&array(&[2, 2], &[1.0], DType::Bool), &m)));
        assert!(invalid(matmul(&m, &array(&[2, 2], &[1.0], DType::UInt64))));
        assert!(invalid(matmul(&m, &array(&[2, 2], &[1.0], DType::Float32))));
        assert!(invalid(matmul(&AnyArray::scalar(1i8), &m)));
        assert!(invalid(matmul(&m, &array(&[3], &[1.0], DType::Int8))));
        assert!(invalid(matmul(
            &array(&[2, 2, 2], &[1.0], DType::Int8),
            &array(&[3, 2, 2], &[1.0], DType::Int8)
        )));
        // Integers wrap.
        let big = array(&[1, 2], &[100.0, 100.0], DType::Int8);
        let col = array(&[2], &[2.0, 1.0], DType::Int8);
        assert_eq!(
            matmul(&big, &col).unwrap().to_f64_vec(),
            vec![f64::from(300i32 as i8)]
        );
    }

    #[test]
    fn large_products_run_rows_in_parallel_and_agree() {
        for dtype in [DType::Float64, DType::Float32, DType::Int32] {
            let x1 = layouts(&[300, 200], &tame(60_000, 3), dtype).swap_remove(2);
            let x2 = layouts(&[200, 100], &tame(20_000, 4), dtype).swap_remove(1);
            assert!(is_large(300 * 100 * 200));
            let tol = scaled(8.0, scale(&x1, &x2));
            assert_agree(
                &format!("big matmul {dtype}"),
                &matmul(&x1, &x2),
                &cpu().matmul(&x1, &x2),
                &tol,
            );
            let batched = layouts(&[4, 1, 80, 60], &tame(19_200, 5), dtype).swap_remove(3);
            let rhs = layouts(&[3, 60, 70], &tame(12_600, 6), dtype).swap_remove(0);
            let tol = scaled(8.0, scale(&batched, &rhs));
            assert_agree(
                &format!("big batched {dtype}"),
                &matmul(&batched, &rhs),
                &cpu().matmul(&batched, &rhs),
                &tol,
            );
        }
    }
}
