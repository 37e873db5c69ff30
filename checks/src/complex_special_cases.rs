//! The complex special-case checks (`special_cases::<fn>::complex`): for
//! every elementwise function that takes complex operands and has complex
//! special cases in the standard (`array_api::special_cases::ComplexRules`:
//! its rows, their images under the symmetries the standard states, a
//! delegation's target rows, the real rows per component), operands that
//! meet each row, in `complex64` and `complex128`, placed inside N-d arrays
//! of any layout; every element of the backend's result is judged against
//! the standard's table itself, not the reference, as the real
//! `special_cases` checks do.

use std::sync::Arc;

use conformance_engine::{CaseError, Check, CheckContext, Deviation, Tier};
use conformance_strategies::{
    layouts, AnyArray, Complex, DType, DrawnArray, Labelled, Layout, ShapeSpec,
};
use ndarray::{ArrayD, IxDyn};
use proptest::collection::vec;
use proptest::prelude::*;

use super::elementwise::{functions, Operands};
use super::special_cases::{interleave, unravel, MOST};
use super::ROUND_TRIP;
use array_api::api::Backend;
use array_api::special_cases::{component_precision, ComplexRules, Precision};

/// The operand components, per precision, that meet some checkable row of
/// one function, each with the row it was made for.
struct Pool {
    rules: ComplexRules,
    /// The rows the witnesses were made for, as they print.
    labels: Vec<String>,
    /// `(label index, components)` for complex64 and for complex128.
    witnesses: [Vec<(usize, Vec<f64>)>; 2],
}

impl Pool {
    fn new(rules: ComplexRules) -> Pool {
        let mut labels: Vec<String> = vec![];
        let mut witnesses = [Vec::new(), Vec::new()];
        for (slot, precision) in [Precision::F32, Precision::F64].into_iter().enumerate() {
            for (label, z) in rules.witnesses_in(precision) {
                let index = match labels.iter().position(|l| *l == label) {
                    Some(i) => i,
                    None => {
                        labels.push(label);
                        labels.len() - 1
                    }
                };
                witnesses[slot].push((index, z));
            }
        }
        Pool {
            rules,
            labels,
            witnesses: witnesses.map(interleave),
        }
    }

    fn is_empty(&self) -> bool {
        self.witnesses.iter().any(Vec::is_empty)
    }
}

/// The drawn input: the operands, and for each element the row its
/// operands were made to meet.
#[derive(Clone)]
struct SpecialInput {
    operands: Operands,
    cases: Labelled<Vec<String>>,
}

impl std::fmt::Debug for SpecialInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}\n{:?}", self.operands, self.cases)
    }
}

/// A complex array of `dtype` and `shape` from the elements' `(re, im)`.
fn build(dtype: DType, shape: &[usize], values: &[(f64, f64)], layout: Layout) -> DrawnArray {
    let array = match dtype {
        DType::Complex64 => AnyArray::from(
            ArrayD::from_shape_vec(
                IxDyn(shape),
                values
                    .iter()
                    .map(|&(re, im)| Complex::new(re as f32, im as f32))
                    .collect(),
            )
            .expect("shape and values agree"),
        ),
        _ => AnyArray::from(
            ArrayD::from_shape_vec(
                IxDyn(shape),
                values
                    .iter()
                    .map(|&(re, im)| Complex::new(re, im))
                    .collect(),
            )
            .expect("shape and values agree"),
        ),
    };
    DrawnArray {
        array: layout.apply(&array),
        layout,
    }
}

fn inputs(pool: Arc<Pool>, arity: usize) -> impl Strategy<Value = SpecialInput> {
    let shapes = conformance_strategies::shapes(ShapeSpec::new(0, 3, 1, 3));
    let sizes = [pool.witnesses[0].len(), pool.witnesses[1].len()];
    (
        conformance_strategies::strata::one_of(vec![DType::Complex128, DType::Complex64]),
        conformance_strategies::strata::sweep(sizes[0].max(sizes[1]), MOST),
        shapes,
        vec(layouts(), arity),
    )
        .prop_map(move |(dtype, picks, shape, layouts)| {
            let slot = usize::from(dtype == DType::Complex128);
            let count: usize = shape.iter().product();
            let witnesses = &pool.witnesses[slot];
            let chosen: Vec<&(usize, Vec<f64>)> = picks[..count]
                .iter()
                .map(|&p| &witnesses[p % witnesses.len()])
                .collect();
            let arrays = (0..arity)
                .map(|k| {
                    let values: Vec<(f64, f64)> = chosen
                        .iter()
                        .map(|(_, z)| (z[2 * k], z[2 * k + 1]))
                        .collect();
                    build(dtype, &shape, &values, layouts[k])
                })
                .collect();
            SpecialInput {
                operands: Operands::new(arrays),
                cases: Labelled::new(
                    "cases",
                    chosen
                        .iter()
                        .map(|(i, _)| pool.labels[*i].clone())
                        .collect(),
                ),
            }
        })
}

/// The result's elements as `[real, imag]` (a real result's imaginary
/// slot is NaN and no row reads it).
fn components(result: &AnyArray) -> Vec<[f64; 2]> {
    if component_precision(result.dtype()).is_some() {
        result
            .to_complex_vec()
            .into_iter()
            .map(|z| [z.re, z.im])
            .collect()
    } else {
        result
            .to_f64_vec()
            .into_iter()
            .map(|v| [v, f64::NAN])
            .collect()
    }
}

/// Judges every element of `result` by the row that governs its operands;
/// a failure's kind is the row and the dtype.
fn check_elements(pool: &Pool, input: &SpecialInput, result: &AnyArray) -> Result<(), CaseError> {
    let arrays = input.operands.arrays();
    let dtype = arrays[0].dtype();
    let precision = component_precision(dtype).expect("complex input");
    if result.shape() != arrays[0].shape() {
        return Err(CaseError::of_kind(
            "shape",
            format!(
                "shape differs: expected {:?}, got {:?}",
                arrays[0].shape(),
                result.shape()
            ),
        ));
    }
    let operands: Vec<Vec<Complex<f64>>> = arrays.iter().map(|a| a.to_complex_vec()).collect();
    let shape = result.shape().to_vec();
    for (i, actual) in components(result).into_iter().enumerate() {
        let z: Vec<f64> = operands.iter().flat_map(|o| [o[i].re, o[i].im]).collect();
        let Some((row, verdict)) = pool.rules.check_in(precision, &z, actual) else {
            continue;
        };
        verdict.map_err(|e| {
            CaseError::of_kind(
                format!("{row} ({dtype})"),
                format!(
                    "element {:?} with operand components {z:?}: {e}",
                    unravel(i, &shape)
                ),
            )
        })?;
    }
    Ok(())
}

/// One check per elementwise function that takes complex operands and has
/// checkable complex special cases.
pub(crate) fn checks() -> Vec<Check<Backend>> {
    functions()
        .into_iter()
        .filter(|f| DType::Complex128.in_group(f.dtypes))
        .filter_map(|f| {
            let rules = ComplexRules::of(f.name).filter(ComplexRules::is_checkable)?;
            let pool = Arc::new(Pool::new(rules));
            if pool.is_empty() {
                return None;
            }
            let call = f.call;
            let arity = call.arity();
            Some(
                Check::new(
                    "special_cases",
                    f.name,
                    move |b: &Backend, ctx: &CheckContext| {
                        ctx.for_all(inputs(Arc::clone(&pool), arity), |input| {
                            let result = match call.apply(b, &input.operands) {
                                Ok(r) => r,
                                Err(
                                    e @ (array_api::api::ApiError::NotImplemented { .. }
                                    | array_api::api::ApiError::NotImplementedFor { .. }),
                                ) => {
                                    // Skipped (the backend lacks the function, or its
                                    // complex half: a real-only backend).
                                    return Err(crate::agree::not_implemented::<AnyArray>(&Err(e))
                                        .expect("a not-implemented error"));
                                }
                                Err(e) => {
                                    return Err(CaseError::of_kind(
                                        "raised",
                                        format!("the backend raised `{e}`"),
                                    ))
                                }
                            };
                            check_elements(&pool, &input, &result)?;
                            Ok(Deviation::default())
                        })
                    },
                )
                .aspect("complex")
                .tier(Tier::SpecialCases)
                .depends_on(ROUND_TRIP),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_exist_for_the_functions_with_complex_rows() {
        for f in ["sqrt", "add", "equal", "asin", "log10", "abs", "isnan"] {
            let pool = Pool::new(ComplexRules::of(f).unwrap());
            assert!(!pool.is_empty(), "{f}");
        }
        assert!(ComplexRules::of("bitwise_and").is_none());
    }

    #[test]
    fn a_check_per_function_that_takes_complex() {
        let ids: Vec<String> = checks().iter().map(|c| c.id.to_string()).collect();
        for f in ["sqrt", "exp", "log", "abs", "add", "equal", "multiply"] {
            assert!(
                ids.contains(&format!("special_cases::{f}::complex")),
                "{f}: {ids:?}"
            );
        }
    }
}
