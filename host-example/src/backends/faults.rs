//! Fault injection: two backends that misbehave in the ways a real backend
//! can, so the tests can show that each is reported `FAILED` with a clear
//! message while every other check keeps its status. Everything they do not
//! break is the reference.
//!
//! `faults` misbehaves inside the process; the runner contains it:
//!
//! | function | fault |
//! |---|---|
//! | `sin` | panics on any non-empty input |
//! | `cos` | hangs on any non-empty input (past `--timeout`) |
//! | `tan` | returns the wrong shape (a trailing axis of length 1) |
//! | `tanh` | returns the wrong dtype (float32 for float64 and back) |
//! | `sinh` | returns NaN everywhere |
//! | `cosh` | tries to reserve `usize::MAX` elements (a capacity-overflow panic) |
//!
//! `crashes` ends the process, which only `--isolate` contains:
//!
//! | function | fault |
//! |---|---|
//! | `atan` | calls `std::process::abort` on any non-empty input |
//! | `asinh` | overflows its stack on any non-empty input |
//! | `acosh` | asks the allocator for 1 PiB on any non-empty input |

use std::hint::black_box;

use conformance_strategies::{AnyArray, DType};

use super::reference_fn;
use crate::api::{ApiResult, Ops};
use crate::args::Scalar;

/// The functions `faults` breaks without ending the process.
pub fn in_process_ops() -> Ops {
    Ops::NONE
        .sin(sin)
        .cos(cos)
        .tan(tan)
        .tanh(tanh)
        .sinh(sinh)
        .cosh(cosh)
}

/// The functions `crashes` breaks by ending the process.
pub fn crashing_ops() -> Ops {
    Ops::NONE.atan(atan).asinh(asinh).acosh(acosh)
}

fn sin(x: &AnyArray) -> ApiResult<AnyArray> {
    if !x.is_empty() {
        panic!("sin: this backend panics on non-empty input");
    }
    reference_fn(|o| o.sin.clone())(x)
}

fn cos(x: &AnyArray) -> ApiResult<AnyArray> {
    if !x.is_empty() {
        // A hang the runner cannot interrupt: only the timeout ends it.
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
    reference_fn(|o| o.cos.clone())(x)
}

fn tan(x: &AnyArray) -> ApiResult<AnyArray> {
    let y = reference_fn(|o| o.tan.clone())(x)?;
    let mut shape: Vec<isize> = y.shape().iter().map(|&n| n as isize).collect();
    shape.push(1);
    reference_fn(|o| o.reshape.clone())(&y, &shape)
}

fn tanh(x: &AnyArray) -> ApiResult<AnyArray> {
    let y = reference_fn(|o| o.tanh.clone())(x)?;
    match y.dtype() {
        DType::Float32 => reference_fn(|o| o.astype.clone())(&y, DType::Float64),
        DType::Float64 => reference_fn(|o| o.astype.clone())(&y, DType::Float32),
        _ => Ok(y),
    }
}

fn sinh(x: &AnyArray) -> ApiResult<AnyArray> {
    let y = reference_fn(|o| o.sinh.clone())(x)?;
    reference_fn(|o| o.full.clone())(y.shape(), Scalar::Float(f64::NAN), y.dtype())
}

fn cosh(x: &AnyArray) -> ApiResult<AnyArray> {
    // An absurd request: more elements than the address space holds.
    let scratch: Vec<f64> = Vec::with_capacity(black_box(usize::MAX));
    black_box(&scratch);
    reference_fn(|o| o.cosh.clone())(x)
}

fn atan(x: &AnyArray) -> ApiResult<AnyArray> {
    if !x.is_empty() {
        std::process::abort();
    }
    reference_fn(|o| o.atan.clone())(x)
}

/// Recursion the optimiser cannot turn into a loop: each frame holds a
/// buffer and uses the callee's result.
#[allow(unconditional_recursion)] // the point: it never returns
fn descend(depth: u64) -> u64 {
    let frame = black_box([depth; 256]);
    descend(black_box(depth + 1)).wrapping_add(frame[black_box(7)])
}

fn asinh(x: &AnyArray) -> ApiResult<AnyArray> {
    if !x.is_empty() {
        black_box(descend(0));
    }
    reference_fn(|o| o.asinh.clone())(x)
}

fn acosh(x: &AnyArray) -> ApiResult<AnyArray> {
    if !x.is_empty() {
        let huge: Vec<u8> = vec![0; black_box(1 << 50)];
        black_box(&huge);
    }
    reference_fn(|o| o.acosh.clone())(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, ArrayD};

    fn x() -> AnyArray {
        AnyArray::from(arr1(&[0.5f64, 0.25]).into_dyn())
    }

    #[test]
    fn in_process_faults_are_what_the_table_says() {
        let reference = reference_fn(|o| o.tan.clone())(&x()).unwrap();
        let tan = tan(&x()).unwrap();
        assert_eq!(tan.shape(), &[2, 1]);
        assert_eq!(reference.shape(), &[2]);
        assert_eq!(tanh(&x()).unwrap().dtype(), DType::Float32);
        assert!(sinh(&x()).unwrap().to_f64_vec().iter().all(|v| v.is_nan()));
        assert!(std::panic::catch_unwind(|| sin(&x())).is_err());
        assert!(std::panic::catch_unwind(|| cosh(&x())).is_err());
        let empty = AnyArray::from(ArrayD::<f64>::zeros(ndarray::IxDyn(&[0])));
        assert!(sin(&empty).is_ok());
        assert!(cos(&empty).is_ok());
    }
}
