//! The `parallel` backend: a second implementation of the host's functions,
//! parallel with rayon on large arrays. (Being written: only the round trip
//! so far.)

use conformance_strategies::{with_array, AnyArray};
use ndarray::{ArrayD, IxDyn};

use crate::api::{ApiResult, Ops};

/// The functions this backend provides.
pub fn ops() -> Ops {
    Ops {
        asarray: Some(asarray),
        ..Ops::NONE
    }
}

/// Into the backend's own representation (a contiguous `Vec` in C order)
/// and back.
fn asarray(x: &AnyArray) -> ApiResult<AnyArray> {
    Ok(with_array!(x, a => {
        let shape = a.shape().to_vec();
        let values: Vec<_> = a.iter().copied().collect();
        AnyArray::from(ArrayD::from_shape_vec(IxDyn(&shape), values).expect("length matches shape"))
    }))
}
