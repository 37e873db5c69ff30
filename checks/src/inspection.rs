//! The checks of the inspection API (`__array_namespace_info__()`'s
//! methods; in a Rust host the backend is the info object and a device is
//! named by a string). What a library supports is its own choice, so these
//! checks do not compare with the reference: they check what the standard
//! says the answers must satisfy, against each other and against the
//! backend's own behaviour.
//!
//! - `capabilities`: `"data-dependent shapes"` is true exactly when the
//!   backend implements every function the standard marks data-dependent
//!   (`spec/functions.tsv`: `nonzero`, `repeat`, `unique_*`); a `"max
//!   dimensions"` of `d` means an array of `d` dimensions goes through the
//!   backend's round trip. (`"boolean indexing"` cannot be checked: the
//!   host's API has no indexing by mask.)
//! - `default_device`: `None` or one of `devices()`.
//! - `devices`: at least one, no repeats, and each one accepted by
//!   `default_dtypes` and `dtypes`.
//! - `default_dtypes` (for no device and for each device): the real
//!   floating default is a real floating dtype, the integral and indexing
//!   defaults are integer dtypes, the complex default is absent (the host
//!   has no complex dtype), and each is among `dtypes()` of that device.
//! - `dtypes` (a device drawn, or none, and a kind: none, one of the
//!   standard's seven, or a tuple of up to three): no repeats; with a kind,
//!   exactly the dtypes of the unfiltered list that belong to it by the
//!   standard's definition of the kinds; and every dtype listed goes
//!   through the backend's round trip keeping its dtype.

use conformance_engine::{CaseError, CaseResult, Check, CheckContext, Deviation};
use conformance_strategies::{labelled, AnyArray, DType};
use ndarray::{ArrayD, IxDyn};
use proptest::prelude::*;
use proptest::sample::select;

use super::ROUND_TRIP;
use array_api::api::{ApiError, ApiResult, Backend};
use array_api::args::{DTypeKind, DefaultDTypes};

labelled! {
    #[derive(Clone)]
    struct DeviceInput {
        device_index: usize,
    }
}

labelled! {
    #[derive(Clone)]
    struct DtypesInput {
        device_index: usize,
        kind: Option<Vec<DTypeKind>>,
    }
}

/// The value of a backend call, `SKIPPED` when it is not implemented, a
/// failure when it raised.
fn value<T>(call: &str, r: ApiResult<T>) -> Result<T, CaseError> {
    match r {
        Ok(v) => Ok(v),
        Err(ApiError::NotImplemented { function }) => Err(CaseError::NotImplemented(format!(
            "`{function}` is not implemented"
        ))),
        Err(e) => Err(CaseError::Fail(format!("{call} raised `{e}`"))),
    }
}

fn fail(message: String) -> CaseResult {
    Err(CaseError::Fail(message))
}

/// The device an index names: none, or one of the backend's devices.
fn device_of(b: &Backend, index: usize) -> Result<Option<String>, CaseError> {
    if index == 0 {
        return Ok(None);
    }
    let devices = value("devices()", b.devices())?;
    if devices.is_empty() {
        return Err(CaseError::Fail("devices() is empty".into()));
    }
    Ok(Some(devices[(index - 1) % devices.len()].clone()))
}

/// `device_index` 0 is no device, `k` the `(k - 1) % len`-th of
/// `devices()`.
fn device_input() -> impl Strategy<Value = DeviceInput> {
    (0usize..4).prop_map(|device_index| DeviceInput { device_index })
}

fn dtypes_input() -> impl Strategy<Value = DtypesInput> {
    (
        0usize..4,
        proptest::option::of(proptest::collection::vec(
            select(DTypeKind::ALL.to_vec()),
            1..=3,
        )),
    )
        .prop_map(|(device_index, kind)| DtypesInput { device_index, kind })
}

/// Whether a 0-valued array of `dtype` and `shape` goes through the
/// backend's round trip with its dtype and shape.
fn round_trips(b: &Backend, dtype: DType, shape: &[usize]) -> CaseResult {
    let zeros = ArrayD::<f64>::zeros(IxDyn(shape));
    let x = super::agree::reference()
        .astype(&AnyArray::from(zeros), dtype)
        .map_err(|e| CaseError::Fail(format!("the reference cannot build {dtype}: {e}")))?;
    let y = value("asarray", b.asarray(&x))?;
    if y.dtype() != dtype || y.shape() != shape {
        return fail(format!(
            "asarray of a {dtype} array of shape {shape:?} gave {} {:?}",
            y.dtype(),
            y.shape()
        ));
    }
    Ok(Deviation::default())
}

/// The functions the standard marks as having data-dependent output shapes
/// (`yes` or `conditional`).
fn data_dependent_functions() -> Vec<&'static str> {
    array_api::spec::FUNCTIONS_TSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c.len() > 7 && matches!(c[7], "yes" | "conditional"))
        .map(|c| c[1])
        .collect()
}

fn capabilities_hold(b: &Backend) -> CaseResult {
    let c = value("capabilities()", b.capabilities())?;
    let missing: Vec<&str> = data_dependent_functions()
        .into_iter()
        .filter(|f| !b.ops().implements(f))
        .collect();
    if c.data_dependent_shapes != missing.is_empty() {
        return fail(format!(
            "capabilities()[\"data-dependent shapes\"] is {} but the backend lacks {missing:?}",
            c.data_dependent_shapes
        ));
    }
    if let Some(d) = c.max_dimensions {
        round_trips(b, DType::Float64, &vec![1; d])
            .map_err(|e| e.map_message(|m| format!("\"max dimensions\" is {d}, but {m}")))?;
    }
    Ok(Deviation::default())
}

fn default_device_holds(b: &Backend) -> CaseResult {
    let d = value("default_device()", b.default_device())?;
    let devices = value("devices()", b.devices())?;
    match d {
        Some(d) if !devices.contains(&d) => fail(format!(
            "default_device() is {d:?}, not one of devices() {devices:?}"
        )),
        _ => Ok(Deviation::default()),
    }
}

fn devices_hold(b: &Backend) -> CaseResult {
    let devices = value("devices()", b.devices())?;
    if devices.is_empty() {
        return fail("devices() is empty".into());
    }
    for (i, d) in devices.iter().enumerate() {
        if devices[..i].contains(d) {
            return fail(format!("devices() lists {d:?} twice: {devices:?}"));
        }
        value(
            &format!("default_dtypes(device={d:?})"),
            b.default_dtypes(Some(d)),
        )?;
        value(&format!("dtypes(device={d:?})"), b.dtypes(Some(d), None))?;
    }
    Ok(Deviation::default())
}

fn default_dtypes_hold(b: &Backend, device: Option<&str>) -> CaseResult {
    let call = format!("default_dtypes(device={device:?})");
    let d: DefaultDTypes = value(&call, b.default_dtypes(device))?;
    let all = value(
        &format!("dtypes(device={device:?})"),
        b.dtypes(device, None),
    )?;
    let kinds = [
        (
            "real floating",
            Some(d.real_floating),
            DTypeKind::RealFloating,
        ),
        ("integral", Some(d.integral), DTypeKind::Integral),
        ("indexing", Some(d.indexing), DTypeKind::Integral),
        (
            "complex floating",
            d.complex_floating,
            DTypeKind::ComplexFloating,
        ),
    ];
    for (key, dtype, kind) in kinds {
        let Some(dtype) = dtype else { continue };
        if !kind.contains(dtype) {
            return fail(format!("{call}[{key:?}] is {dtype}, not {}", kind.name()));
        }
        if !all.contains(&dtype) {
            return fail(format!(
                "{call}[{key:?}] is {dtype}, which dtypes() does not list: {all:?}"
            ));
        }
    }
    Ok(Deviation::default())
}

fn dtypes_hold(b: &Backend, i: &DtypesInput) -> CaseResult {
    let device = device_of(b, i.device_index)?;
    let device = device.as_deref();
    let all = value(
        &format!("dtypes(device={device:?})"),
        b.dtypes(device, None),
    )?;
    let call = format!("dtypes(device={device:?}, kind={:?})", i.kind);
    let listed = value(&call, b.dtypes(device, i.kind.as_deref()))?;
    for (k, d) in listed.iter().enumerate() {
        if listed[..k].contains(d) {
            return fail(format!("{call} lists {d} twice: {listed:?}"));
        }
    }
    if let Some(kinds) = &i.kind {
        let mut expected: Vec<DType> = all
            .iter()
            .copied()
            .filter(|&d| kinds.iter().any(|k| k.contains(d)))
            .collect();
        let mut got = listed.clone();
        expected.sort();
        got.sort();
        if got != expected {
            return fail(format!(
                "{call} is {listed:?}; of dtypes() {all:?} the standard's kinds select {expected:?}"
            ));
        }
    }
    for &d in &listed {
        round_trips(b, d, &[2])?;
    }
    Ok(Deviation::default())
}

fn inspection(
    function: &'static str,
    body: impl Fn(&Backend, &CheckContext) -> conformance_engine::CheckOutcome + Send + Sync + 'static,
) -> Check<Backend> {
    Check::new("inspection", function, body).depends_on(ROUND_TRIP)
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        inspection("capabilities", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(Just(()), |()| capabilities_hold(b))
        }),
        inspection("default_device", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(Just(()), |()| default_device_holds(b))
        }),
        inspection("default_dtypes", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(device_input(), |i| {
                let device = device_of(b, i.device_index)?;
                default_dtypes_hold(b, device.as_deref())
            })
        }),
        inspection("devices", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(Just(()), |()| devices_hold(b))
        }),
        inspection("dtypes", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(dtypes_input(), |i| dtypes_hold(b, &i))
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant, passes_and_catches};
    use array_api::args::Capabilities;

    fn claims_no_data_dependent_shapes() -> ApiResult<Capabilities> {
        Ok(Capabilities {
            data_dependent_shapes: false,
            ..super::super::agree::reference().capabilities()?
        })
    }

    fn elsewhere() -> ApiResult<Option<String>> {
        Ok(Some("gpu:0".into()))
    }

    fn twice() -> ApiResult<Vec<String>> {
        Ok(vec!["cpu".into(), "cpu".into()])
    }

    fn float32_indexing(device: Option<&str>) -> ApiResult<DefaultDTypes> {
        Ok(DefaultDTypes {
            indexing: DType::Float32,
            ..super::super::agree::reference().default_dtypes(device)?
        })
    }

    /// `'integral'` taken as the signed integers only.
    fn signed_integral(device: Option<&str>, kind: Option<&[DTypeKind]>) -> ApiResult<Vec<DType>> {
        let kinds: Option<Vec<DTypeKind>> = kind.map(|ks| {
            ks.iter()
                .map(|&k| {
                    if k == DTypeKind::Integral {
                        DTypeKind::SignedInteger
                    } else {
                        k
                    }
                })
                .collect()
        });
        super::super::agree::reference().dtypes(device, kinds.as_deref())
    }

    #[test]
    fn each_check_passes_the_reference_and_catches_a_mutant() {
        let checks = checks();
        let cases: Vec<(&str, Backend, &str)> = vec![
            (
                "inspection::capabilities",
                mutant(|o| o.capabilities(claims_no_data_dependent_shapes)),
                "data-dependent shapes",
            ),
            (
                "inspection::default_device",
                mutant(|o| o.default_device(elsewhere)),
                "not one of devices()",
            ),
            ("inspection::devices", mutant(|o| o.devices(twice)), "twice"),
            (
                "inspection::default_dtypes",
                mutant(|o| o.default_dtypes(float32_indexing)),
                "\"indexing\"",
            ),
            (
                "inspection::dtypes",
                mutant(|o| o.dtypes(signed_integral)),
                "the standard's kinds select",
            ),
        ];
        for (id, backend, needle) in &cases {
            passes_and_catches(&checks, id, backend, needle);
        }
    }
}
