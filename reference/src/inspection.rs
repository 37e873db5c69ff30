//! The inspection API of the reference (`__array_namespace_info__()`'s
//! methods; in a Rust host the info object is the backend): one device,
//! `"cpu"`, every dtype of the host, `float64` and `int64` by default.
//!
//! - `capabilities`: no boolean indexing (the host's API has no mask
//!   indexing function), data-dependent shapes supported (`unique_*`,
//!   `nonzero`), no limit on the number of dimensions;
//! - `default_dtypes`: `complex128` the complex default, as `float64` the
//!   real one;
//! - an unknown device name is an `InvalidArgument`.

use conformance_strategies::DType;

use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::{Capabilities, DTypeKind, DefaultDTypes};

/// The reference's only device.
const CPU: &str = "cpu";

/// The inspection functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .capabilities(capabilities)
        .default_device(default_device)
        .default_dtypes(default_dtypes)
        .devices(devices)
        .dtypes(dtypes)
}

fn known(function: &'static str, device: Option<&str>) -> ApiResult<()> {
    match device {
        None | Some(CPU) => Ok(()),
        Some(other) => Err(ApiError::invalid(
            function,
            format!("no device {other:?} (the reference has only {CPU:?})"),
        )),
    }
}

pub(crate) fn capabilities() -> ApiResult<Capabilities> {
    Ok(Capabilities {
        boolean_indexing: false,
        data_dependent_shapes: true,
        max_dimensions: None,
    })
}

pub(crate) fn default_device() -> ApiResult<Option<String>> {
    Ok(Some(CPU.to_string()))
}

pub(crate) fn devices() -> ApiResult<Vec<String>> {
    Ok(vec![CPU.to_string()])
}

pub(crate) fn default_dtypes(device: Option<&str>) -> ApiResult<DefaultDTypes> {
    known("default_dtypes", device)?;
    Ok(DefaultDTypes {
        real_floating: DType::Float64,
        complex_floating: Some(DType::Complex128),
        integral: DType::Int64,
        indexing: DType::Int64,
    })
}

/// Every dtype of the host, complex ones included, or those of at least
/// one of `kind`'s kinds. (Where a function of the reference has no
/// complex half yet it answers `NotImplementedFor`, not a wrong value.)
pub(crate) fn dtypes(device: Option<&str>, kind: Option<&[DTypeKind]>) -> ApiResult<Vec<DType>> {
    known("dtypes", device)?;
    Ok(DType::ALL
        .iter()
        .copied()
        .filter(|&d| kind.is_none_or(|ks| ks.iter().any(|k| k.contains(d))))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_device_every_dtype() {
        assert_eq!(devices().unwrap(), vec!["cpu".to_string()]);
        assert_eq!(default_device().unwrap().as_deref(), Some("cpu"));
        assert_eq!(dtypes(None, None).unwrap().len(), 13);
        assert_eq!(
            dtypes(
                Some("cpu"),
                Some(&[DTypeKind::RealFloating, DTypeKind::Bool])
            )
            .unwrap(),
            vec![DType::Bool, DType::Float32, DType::Float64]
        );
        assert_eq!(
            dtypes(Some("cpu"), Some(&[DTypeKind::ComplexFloating])).unwrap(),
            vec![DType::Complex64, DType::Complex128]
        );
        assert!(dtypes(Some("gpu"), None).is_err());
        assert_eq!(default_dtypes(None).unwrap().indexing, DType::Int64);
        assert!(default_dtypes(Some("tpu")).is_err());
    }
}
