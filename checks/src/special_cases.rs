//! The special-case checks: for every elementwise function with special
//! cases in the standard, inputs that meet each case's condition (a NaN
//! case gets NaNs, `x1=+0 & x2<0` gets exactly that), in `float32` and
//! `float64`, placed inside N-d arrays of any layout; the backend's result
//! is checked against the standard's table itself, not the reference.

use std::sync::Arc;

use conformance_engine::{CaseError, Check, CheckContext, Deviation, Tier};
use conformance_strategies::{layouts, AnyArray, DType, DrawnArray, Labelled, Layout, ShapeSpec};
use ndarray::{ArrayD, IxDyn};
use proptest::collection::vec;
use proptest::prelude::*;

use super::elementwise::{functions, Operands};
use super::ROUND_TRIP;
use array_api::api::Backend;
use array_api::special_cases::{first_value_row, special_cases, Precision, RowKind, SpecialCase};

/// Every operand tuple, per precision, that meets some checkable case of
/// one function, with the case it was made for.
struct Pool {
    cases: Vec<SpecialCase>,
    /// `(case index, operands)` for float32 and for float64.
    witnesses: [Vec<(usize, Vec<f64>)>; 2],
}

impl Pool {
    fn new(function: &str) -> Pool {
        let cases = special_cases(function);
        let mut witnesses = [Vec::new(), Vec::new()];
        for (slot, precision) in [Precision::F32, Precision::F64].into_iter().enumerate() {
            for (i, case) in cases.iter().enumerate() {
                if !(case.kind.is_value() && case.result.is_checkable()) {
                    continue;
                }
                for w in case.witnesses_in(precision) {
                    // The row that governs these operands is the first
                    // matching one; keep the witness only where that is
                    // checkable and the spec is sound.
                    let governs =
                        first_value_row(&cases, &w).is_some_and(|row| row.result.is_checkable());
                    if governs && case.spec_gap(precision, &w).is_none() {
                        witnesses[slot].push((i, w));
                    }
                }
            }
        }
        Pool {
            cases,
            witnesses: witnesses.map(interleave),
        }
    }

    fn is_empty(&self) -> bool {
        self.witnesses.iter().any(Vec::is_empty)
    }
}

/// The witnesses case by case in turn (the first of every case, then the
/// second...), each case's witness with the most NaN operands second: the
/// prelude sweeps the first indices (`strata::sweep`), so it meets every
/// case, and NaN in every operand at once where a case allows it.
pub(crate) fn interleave(witnesses: Vec<(usize, Vec<f64>)>) -> Vec<(usize, Vec<f64>)> {
    let mut by_case: Vec<Vec<(usize, Vec<f64>)>> = Vec::new();
    for w in witnesses {
        match by_case.iter_mut().find(|c| c[0].0 == w.0) {
            Some(c) => c.push(w),
            None => by_case.push(vec![w]),
        }
    }
    for c in &mut by_case {
        // The first witness stays first (where shrinking goes); the one
        // with the most NaN operands comes second.
        let nans = |w: &(usize, Vec<f64>)| w.1.iter().filter(|v| v.is_nan()).count();
        let most = (1..c.len()).max_by_key(|&i| (nans(&c[i]), std::cmp::Reverse(i)));
        if let Some(i) = most.filter(|&i| nans(&c[i]) > nans(&c[0])) {
            let w = c.remove(i);
            c.insert(1, w);
        }
    }
    let longest = by_case.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    for k in 0..longest {
        out.extend(by_case.iter().filter_map(|c| c.get(k).cloned()));
    }
    out
}

/// The drawn input of a special-case check: the operands, and for each
/// element the case its operands were made to meet, printed as a `cases`
/// line after the operands'.
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

fn build(dtype: DType, shape: &[usize], values: Vec<f64>, layout: Layout) -> DrawnArray {
    let array = match dtype {
        DType::Float32 => AnyArray::from(
            ArrayD::from_shape_vec(IxDyn(shape), values.iter().map(|&v| v as f32).collect())
                .expect("shape and values agree"),
        ),
        _ => AnyArray::from(
            ArrayD::from_shape_vec(IxDyn(shape), values).expect("shape and values agree"),
        ),
    };
    DrawnArray {
        array: layout.apply(&array),
        layout,
    }
}

/// The most elements a shape of `inputs` has (three sides of 3).
pub(crate) const MOST: usize = 27;

fn inputs(pool: Arc<Pool>, arity: usize) -> impl Strategy<Value = SpecialInput> {
    // Small only: a special case is a per-element rule, met as well in a
    // few elements, and each element is a proptest value of its own here.
    let shapes = conformance_strategies::shapes(ShapeSpec::new(0, 3, 1, 3));
    let sizes = [pool.witnesses[0].len(), pool.witnesses[1].len()];
    // The picks first, drawn for the largest shape and cut to the drawn
    // one (no flat map): they shrink first, toward the front, so the shape
    // can then shrink around a failing witness.
    (
        conformance_strategies::strata::one_of(vec![DType::Float64, DType::Float32]),
        conformance_strategies::strata::sweep(sizes[0].max(sizes[1]), MOST),
        shapes,
        vec(layouts(), arity),
    )
        .prop_map(move |(dtype, picks, shape, layouts)| {
            let slot = usize::from(dtype == DType::Float64);
            let count: usize = shape.iter().product();
            let witnesses = &pool.witnesses[slot];
            let chosen: Vec<&(usize, Vec<f64>)> = picks[..count]
                .iter()
                .map(|&p| &witnesses[p % witnesses.len()])
                .collect();
            let arrays = (0..arity)
                .map(|k| {
                    build(
                        dtype,
                        &shape,
                        chosen.iter().map(|(_, w)| w[k]).collect(),
                        layouts[k],
                    )
                })
                .collect();
            SpecialInput {
                operands: Operands::new(arrays),
                cases: Labelled::new(
                    "cases",
                    chosen
                        .iter()
                        .map(|(i, _)| pool.cases[*i].to_string())
                        .collect(),
                ),
            }
        })
}

/// Checks every element of `result` against the first value row its
/// operands meet, and every constraint row they meet. A failure's kind is
/// the row it breaks and the dtype (or `shape`), so a check reports each
/// special case a backend gets wrong, not only the first.
fn check_elements(pool: &Pool, input: &SpecialInput, result: &AnyArray) -> Result<(), CaseError> {
    let arrays = input.operands.arrays();
    let dtype = arrays[0].dtype();
    let precision = Precision::of(dtype).expect("float input");
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
    let operands: Vec<Vec<f64>> = arrays.iter().map(|a| a.to_f64_vec()).collect();
    let actual = result.to_f64_vec();
    let shape = result.shape().to_vec();
    for (i, &got) in actual.iter().enumerate() {
        let x: Vec<f64> = operands.iter().map(|o| o[i]).collect();
        let rows = first_value_row(&pool.cases, &x).into_iter().chain(
            pool.cases
                .iter()
                .filter(|c| c.kind == RowKind::Constraint && c.matches(&x)),
        );
        for row in rows {
            if row.spec_gap(precision, &x).is_some() {
                continue;
            }
            row.check_in(precision, &x, got).map_err(|e| {
                CaseError::of_kind(
                    format!("{row} ({dtype})"),
                    format!("element {:?} with operands {x:?}: {e}", unravel(i, &shape)),
                )
            })?;
        }
    }
    Ok(())
}

pub(crate) fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for (slot, &side) in index.iter_mut().zip(shape).rev() {
        *slot = flat % side.max(1);
        flat /= side.max(1);
    }
    index
}

/// One check per elementwise function with checkable special cases.
pub(crate) fn checks() -> Vec<Check<Backend>> {
    functions()
        .into_iter()
        .filter_map(|f| {
            let pool = Arc::new(Pool::new(f.name));
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
                                Err(e) => {
                                    if let Some(skip) =
                                        crate::agree::not_implemented::<AnyArray>(&Err(e.clone()))
                                    {
                                        return Err(skip);
                                    }
                                    return Err(CaseError::of_kind(
                                        "raised",
                                        format!("the backend raised `{e}`"),
                                    ));
                                }
                            };
                            check_elements(&pool, &input, &result)?;
                            Ok(Deviation::default())
                        })
                    },
                )
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
    fn pools_exist_for_the_functions_with_cases() {
        for f in ["sqrt", "add", "pow", "atan2", "maximum", "round"] {
            assert!(!Pool::new(f).is_empty(), "{f}");
        }
        assert!(Pool::new("bitwise_and").is_empty());
    }

    #[test]
    fn unravel_is_c_order() {
        assert_eq!(unravel(5, &[2, 3]), vec![1, 2]);
        assert_eq!(unravel(0, &[]), Vec::<usize>::new());
    }
}
