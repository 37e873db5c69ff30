//! Linear algebra functions of the main namespace: `matmul`,
//! `matrix_transpose`, `tensordot`, `vecdot`.
//!
//! Products accumulate sequentially in the promoted dtype (floats in their
//! own precision, integers wrapping), in increasing order of the contracted
//! index. Choices where the standard is silent or leaves room:
//! - `matmul` and `tensordot` accept numeric inputs of one kind (promoted);
//!   `vecdot` accepts integers too (the standard says floats "should").
//! - `tensordot` requires the contracted axes to have equal sizes (no
//!   broadcasting) and refuses repeated axes.
//! - `vecdot`'s `axis` must be in `[-N, -1]` with `N` the smaller rank; the
//!   contracted axis is not broadcast, the others are.

use conformance_strategies::{with_array, with_numeric_array, AnyArray};
use ndarray::{ArrayD, ArrayViewD, Axis};

use super::elements::{from_vec, numeric_pair, owned_c, to_vec, typed, Num};
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::TensordotAxes;
use array_api::shape::{broadcast_shapes, normalize_axis};

/// The linear algebra functions of the main namespace.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .matmul(matmul)
        .matrix_transpose(matrix_transpose)
        .tensordot(tensordot)
        .vecdot(vecdot)
}

/// `a (m×k) @ b (k×n)`, row-major slices, sequential accumulation.
pub(crate) fn gemm<T: Num>(a: &[T], b: &[T], m: usize, k: usize, n: usize) -> Vec<T> {
    let mut out = Vec::with_capacity(m * n);
    for i in 0..m {
        for j in 0..n {
            let mut acc = T::ZERO;
            for p in 0..k {
                acc = acc.add(a[i * k + p].mul(b[p * n + j]));
            }
            out.push(acc);
        }
    }
    out
}

/// A stack of matrices: `batch` dims, then `rows × cols`, row-major.
pub(crate) struct Stack<T> {
    pub batch: Vec<usize>,
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<T>,
}

impl<T: Copy> Stack<T> {
    /// The matrices of `a` (at least 2-d) broadcast to `batch`.
    pub(crate) fn of(a: &ArrayViewD<'_, T>, batch: &[usize]) -> Option<Stack<T>> {
        let nd = a.ndim();
        let (rows, cols) = (a.shape()[nd - 2], a.shape()[nd - 1]);
        let mut shape = batch.to_vec();
        shape.extend([rows, cols]);
        let b = a.broadcast(shape.as_slice())?;
        Some(Stack {
            batch: batch.to_vec(),
            rows,
            cols,
            data: to_vec(&b),
        })
    }

    pub(crate) fn count(&self) -> usize {
        self.batch.iter().product()
    }

    pub(crate) fn matrix(&self, i: usize) -> &[T] {
        let size = self.rows * self.cols;
        &self.data[i * size..(i + 1) * size]
    }
}

/// The batch dims of two stacks, broadcast.
/// Two stacks of vectors (vectors along the last axis, of length `k`)
/// with their batch dimensions broadcast together: the batch shape and both
/// operands' elements in C order.
pub(crate) fn broadcast_vectors<T: Clone>(
    function: &'static str,
    va: &ArrayViewD<'_, T>,
    vb: &ArrayViewD<'_, T>,
    k: usize,
) -> ApiResult<(Vec<usize>, Vec<T>, Vec<T>)> {
    let batch = broadcast_shapes(
        function,
        &[&va.shape()[..va.ndim() - 1], &vb.shape()[..vb.ndim() - 1]],
    )?;
    let mut full = batch.clone();
    full.push(k);
    let (Some(ba), Some(bb)) = (va.broadcast(full.as_slice()), vb.broadcast(full.as_slice()))
    else {
        return Err(ApiError::invalid(function, "the operands do not broadcast"));
    };
    Ok((batch, to_vec(&ba), to_vec(&bb)))
}

pub(crate) fn batch_of(function: &'static str, a: &[usize], b: &[usize]) -> ApiResult<Vec<usize>> {
    broadcast_shapes(function, &[&a[..a.len() - 2], &b[..b.len() - 2]])
}

/// Batched matrix product with the standard's promotion of 1-d operands.
pub(crate) fn matmul_typed<T: Num>(a: &ArrayD<T>, b: &ArrayD<T>) -> ApiResult<ArrayD<T>> {
    const F: &str = "matmul";
    if a.ndim() == 0 || b.ndim() == 0 {
        return Err(ApiError::invalid(
            F,
            "operands must have at least one dimension",
        ));
    }
    let a1 = if a.ndim() == 1 {
        a.view().insert_axis(Axis(0))
    } else {
        a.view()
    };
    let b1 = if b.ndim() == 1 {
        b.view().insert_axis(Axis(1))
    } else {
        b.view()
    };
    let (m, k) = (a1.shape()[a1.ndim() - 2], a1.shape()[a1.ndim() - 1]);
    let (k2, n) = (b1.shape()[b1.ndim() - 2], b1.shape()[b1.ndim() - 1]);
    if k != k2 {
        return Err(ApiError::invalid(
            F,
            format!(
                "contracted dimensions differ: {:?} @ {:?}",
                a.shape(),
                b.shape()
            ),
        ));
    }
    let batch = batch_of(F, a1.shape(), b1.shape())?;
    let sa = Stack::of(&a1, &batch).expect("broadcast shape");
    let sb = Stack::of(&b1, &batch).expect("broadcast shape");
    let mut data = Vec::with_capacity(sa.count() * m * n);
    for i in 0..sa.count() {
        data.extend(gemm(sa.matrix(i), sb.matrix(i), m, k, n));
    }
    let mut shape = batch;
    if a.ndim() > 1 {
        shape.push(m);
    }
    if b.ndim() > 1 {
        shape.push(n);
    }
    Ok(from_vec(&shape, data))
}

pub(crate) fn matmul(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    let v = numeric_pair("matmul", x1, x2)?;
    with_numeric_array!(&v[0], a => Ok(AnyArray::from(matmul_typed(a, typed("matmul", &v[1])?)?)),
        else unreachable!("checked to be numeric"))
}

pub(crate) fn matrix_transpose(x: &AnyArray) -> ApiResult<AnyArray> {
    let nd = x.ndim();
    if nd < 2 {
        return Err(ApiError::invalid(
            "matrix_transpose",
            "x must have at least two dimensions",
        ));
    }
    Ok(with_array!(x, a => {
        let mut v = a.view();
        v.swap_axes(nd - 2, nd - 1);
        AnyArray::from(owned_c(v))
    }))
}

fn tensordot_typed<T: Num>(
    a: &ArrayD<T>,
    b: &ArrayD<T>,
    ax_a: &[usize],
    ax_b: &[usize],
) -> AnyArray {
    let free_a: Vec<usize> = (0..a.ndim()).filter(|d| !ax_a.contains(d)).collect();
    let free_b: Vec<usize> = (0..b.ndim()).filter(|d| !ax_b.contains(d)).collect();
    let order_a: Vec<usize> = free_a.iter().chain(ax_a).copied().collect();
    let order_b: Vec<usize> = ax_b.iter().chain(&free_b).copied().collect();
    let m: usize = free_a.iter().map(|&d| a.shape()[d]).product();
    let n: usize = free_b.iter().map(|&d| b.shape()[d]).product();
    let k: usize = ax_a.iter().map(|&d| a.shape()[d]).product();
    let va = to_vec(&a.view().permuted_axes(order_a.as_slice()));
    let vb = to_vec(&b.view().permuted_axes(order_b.as_slice()));
    let shape: Vec<usize> = free_a
        .iter()
        .map(|&d| a.shape()[d])
        .chain(free_b.iter().map(|&d| b.shape()[d]))
        .collect();
    T::wrap(from_vec(&shape, gemm(&va, &vb, m, k, n)))
}

pub(crate) fn tensordot(x1: &AnyArray, x2: &AnyArray, axes: &TensordotAxes) -> ApiResult<AnyArray> {
    const F: &str = "tensordot";
    let v = numeric_pair(F, x1, x2)?;
    let (ax_a, ax_b): (Vec<usize>, Vec<usize>) = match axes {
        TensordotAxes::Count(n) => {
            let n = *n;
            if n > x1.ndim() || n > x2.ndim() {
                return Err(ApiError::invalid(
                    F,
                    format!(
                        "cannot contract {n} axes of arrays of {} and {} dimensions",
                        x1.ndim(),
                        x2.ndim()
                    ),
                ));
            }
            ((x1.ndim() - n..x1.ndim()).collect(), (0..n).collect())
        }
        TensordotAxes::Pairs(a, b) => {
            if a.len() != b.len() {
                return Err(ApiError::invalid(F, "the two axis lists differ in length"));
            }
            let na = a
                .iter()
                .map(|&d| normalize_axis(F, d, x1.ndim()))
                .collect::<ApiResult<Vec<_>>>()?;
            let nb = b
                .iter()
                .map(|&d| normalize_axis(F, d, x2.ndim()))
                .collect::<ApiResult<Vec<_>>>()?;
            for list in [&na, &nb] {
                if (1..list.len()).any(|i| list[..i].contains(&list[i])) {
                    return Err(ApiError::invalid(F, "repeated axis"));
                }
            }
            (na, nb)
        }
    };
    for (&a, &b) in ax_a.iter().zip(&ax_b) {
        if x1.shape()[a] != x2.shape()[b] {
            return Err(ApiError::invalid(
                F,
                format!(
                    "axis {a} of x1 (size {}) and axis {b} of x2 (size {}) differ",
                    x1.shape()[a],
                    x2.shape()[b]
                ),
            ));
        }
    }
    with_numeric_array!(&v[0], a => Ok(tensordot_typed(a, typed(F, &v[1])?, &ax_a, &ax_b)),
        else unreachable!("checked to be numeric"))
}

fn vecdot_typed<T: Num>(a: &ArrayD<T>, b: &ArrayD<T>, axis: isize) -> ApiResult<AnyArray> {
    const F: &str = "vecdot";
    // Move the contracted axis last in both operands.
    fn last<T>(x: &ArrayD<T>, axis: isize) -> ArrayViewD<'_, T> {
        let nd = x.ndim();
        let ax = (nd as isize + axis) as usize;
        let mut order: Vec<usize> = (0..nd).filter(|&d| d != ax).collect();
        order.push(ax);
        x.view().permuted_axes(order.as_slice())
    }
    let (va, vb) = (last(a, axis), last(b, axis));
    let k = va.shape()[va.ndim() - 1];
    if vb.shape()[vb.ndim() - 1] != k {
        return Err(ApiError::invalid(
            F,
            format!(
                "the contracted axis differs in size: {:?} and {:?}",
                a.shape(),
                b.shape()
            ),
        ));
    }
    let (batch, da, db) = broadcast_vectors(F, &va, &vb, k)?;
    let count: usize = batch.iter().product();
    let out: Vec<T> = (0..count)
        .map(|i| (0..k).fold(T::ZERO, |acc, p| acc.add(da[i * k + p].mul(db[i * k + p]))))
        .collect();
    Ok(T::wrap(from_vec(&batch, out)))
}

pub(crate) fn vecdot(x1: &AnyArray, x2: &AnyArray, axis: isize) -> ApiResult<AnyArray> {
    const F: &str = "vecdot";
    let v = numeric_pair(F, x1, x2)?;
    let n = x1.ndim().min(x2.ndim()) as isize;
    if axis < -n || axis > -1 {
        return Err(ApiError::invalid(
            F,
            format!("axis {axis} is not in [-{n}, -1]"),
        ));
    }
    with_numeric_array!(&v[0], a => vecdot_typed(a, typed(F, &v[1])?, axis),
        else unreachable!("checked to be numeric"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::DType;
    use ndarray::{arr1, arr2, arr3, IxDyn};

    fn m23() -> AnyArray {
        AnyArray::from(arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn())
    }

    #[test]
    fn matmul_shapes_and_values() {
        let mut t = arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn();
        t.swap_axes(0, 1);
        let bt = AnyArray::from(t); // [[1,4],[2,5],[3,6]], transposed layout
        let p = matmul(&m23(), &bt).unwrap();
        assert_eq!(p.shape(), &[2, 2]);
        assert_eq!(p.dtype(), DType::Int32);
        assert_eq!(p.to_f64_vec(), vec![14.0, 32.0, 32.0, 77.0]);
        let v = AnyArray::from(arr1(&[1i8, 0, -1]).into_dyn());
        let mv = matmul(&m23(), &v).unwrap();
        assert_eq!(mv.shape(), &[2]);
        assert_eq!(mv.to_f64_vec(), vec![-2.0, -2.0]);
        let vv = matmul(&v, &v).unwrap();
        assert_eq!(vv.ndim(), 0);
        assert_eq!(vv.to_f64_vec(), vec![2.0]);
        let w = AnyArray::from(arr1(&[1i32, 1]).into_dyn());
        assert_eq!(
            matmul(&w, &m23()).unwrap().to_f64_vec(),
            vec![5.0, 7.0, 9.0]
        );
        let stack = AnyArray::from(
            arr3(&[[[1.0f32, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 2.0]]]).into_dyn(),
        );
        let col = AnyArray::from(arr2(&[[3.0f32], [4.0]]).into_dyn());
        let sp = matmul(&stack, &col).unwrap();
        assert_eq!(sp.shape(), &[2, 2, 1]);
        assert_eq!(sp.to_f64_vec(), vec![3.0, 4.0, 6.0, 8.0]);
        let e = matmul(
            &AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[2, 0]))),
            &AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[0, 3]))),
        )
        .unwrap();
        assert_eq!(e.to_f64_vec(), vec![0.0; 6]);
        assert!(matmul(&m23(), &m23()).is_err());
        assert!(matmul(&AnyArray::scalar(1i32), &m23()).is_err());
        assert!(matmul(&m23(), &col).is_err());
        let b = AnyArray::from(arr2(&[[true]]).into_dyn());
        assert!(matmul(&b, &b).is_err());
        let big = AnyArray::from(arr2(&[[100i8, 100]]).into_dyn());
        let bigc = AnyArray::from(arr2(&[[2i8], [1]]).into_dyn());
        assert_eq!(
            matmul(&big, &bigc).unwrap().as_typed::<i8>().unwrap()[[0, 0]],
            44
        );
    }

    #[test]
    fn transpose_of_a_stack() {
        let x = AnyArray::from(arr3(&[[[1u8, 2], [3, 4]], [[5, 6], [7, 8]]]).into_dyn());
        let t = matrix_transpose(&x).unwrap();
        assert!(t.is_standard_layout());
        assert_eq!(t.to_f64_vec(), vec![1.0, 3.0, 2.0, 4.0, 5.0, 7.0, 6.0, 8.0]);
        assert!(matrix_transpose(&AnyArray::from(arr1(&[1u8]).into_dyn())).is_err());
    }

    #[test]
    fn tensordot_both_forms() {
        let a = AnyArray::from(
            ArrayD::from_shape_vec(IxDyn(&[2, 3, 4]), (0..24).map(|v| v as f64).collect()).unwrap(),
        );
        let b = AnyArray::from(
            ArrayD::from_shape_vec(IxDyn(&[3, 4, 2]), (0..24).map(|v| v as f64).collect()).unwrap(),
        );
        let r = tensordot(&a, &b, &TensordotAxes::Count(2)).unwrap();
        assert_eq!(r.shape(), &[2, 2]);
        // r[0,0] = sum_{j,k} a[0,j,k] * b[j,k,0] = sum_i i * 2i for i in 0..12.
        let r00: f64 = (0..12).map(|i| (i * 2 * i) as f64).sum();
        assert_eq!(r.to_f64_vec()[0], r00);
        let outer = tensordot(&m23(), &m23(), &TensordotAxes::Count(0)).unwrap();
        assert_eq!(outer.shape(), &[2, 3, 2, 3]);
        let p = tensordot(&m23(), &m23(), &TensordotAxes::Pairs(vec![0], vec![-2])).unwrap();
        assert_eq!(p.shape(), &[3, 3]);
        assert_eq!(p.to_f64_vec()[..3], [17.0, 22.0, 27.0]);
        let q = tensordot(&a, &b, &TensordotAxes::Pairs(vec![1, 2], vec![0, 1])).unwrap();
        assert_eq!(q, r);
        assert!(tensordot(&m23(), &m23(), &TensordotAxes::Count(3)).is_err());
        assert!(tensordot(&m23(), &m23(), &TensordotAxes::Pairs(vec![0], vec![1])).is_err());
        assert!(tensordot(
            &m23(),
            &m23(),
            &TensordotAxes::Pairs(vec![0, 0], vec![0, 0])
        )
        .is_err());
        assert!(tensordot(&m23(), &m23(), &TensordotAxes::Pairs(vec![0], vec![])).is_err());
    }

    #[test]
    fn vecdot_broadcasts_batches() {
        let a = AnyArray::from(arr2(&[[1.0f64, 2.0], [3.0, 4.0]]).into_dyn());
        let b = AnyArray::from(arr1(&[1.0f64, -1.0]).into_dyn());
        let d = vecdot(&a, &b, -1).unwrap();
        assert_eq!(d.shape(), &[2]);
        assert_eq!(d.to_f64_vec(), vec![-1.0, -1.0]);
        let d = vecdot(&a, &a, -2).unwrap();
        assert_eq!(d.to_f64_vec(), vec![10.0, 20.0]);
        let mut r = arr2(&[[1.0f32, 2.0], [3.0, 4.0]]).into_dyn();
        r.invert_axis(Axis(0));
        let rr = AnyArray::from(r);
        let ones = AnyArray::from(arr2(&[[1.0f32, 1.0]]).into_dyn());
        assert_eq!(vecdot(&rr, &ones, -1).unwrap().to_f64_vec(), vec![7.0, 3.0]);
        assert_eq!(vecdot(&rr, &ones, -1).unwrap().dtype(), DType::Float32);
        assert!(vecdot(&a, &b, -2).is_err());
        assert!(vecdot(&a, &b, 0).is_err());
        let c = AnyArray::from(arr1(&[1.0f64, 2.0, 3.0]).into_dyn());
        assert!(vecdot(&a, &c, -1).is_err());
        let e = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[3, 0])));
        assert_eq!(vecdot(&e, &e, -1).unwrap().to_f64_vec(), vec![0.0; 3]);
    }
}
