//! Tests only: the reference's elementwise functions against every
//! `exact`, `approx`, `otherwise` and `constraint` row of
//! `spec/special_cases.tsv`, on the spec README's grid of values (every
//! operand tuple of it), in `float64` and in `float32`. The first matching
//! value row gives the result, and every other matching exact, approx or
//! constraint row must hold too; delegating functions (`reciprocal`, `square`, `subtract`) are held
//! to their delegate's rows; the rows the README calls ambiguous
//! (`SpecialCase::spec_gap`) are skipped; and every row must be met by at
//! least one grid input, so a row cannot pass by never being exercised.

use std::collections::BTreeMap;

use conformance_strategies::AnyArray;
use ndarray::{Array1, ArrayD};

use super::{clip, BINARY, UNARY};
use array_api::api::ApiResult;
use array_api::special_cases::{self, grid, identical, Expected, Precision, RowKind, SpecialCase};

fn array(p: Precision, values: &[f64]) -> AnyArray {
    match p {
        Precision::F32 => {
            AnyArray::from(Array1::from_iter(values.iter().map(|&v| v as f32)).into_dyn())
        }
        Precision::F64 => AnyArray::from(Array1::from_vec(values.to_vec()).into_dyn()),
    }
}

/// Every `arity`-tuple of grid values, as one column per operand.
fn tuples(p: Precision, arity: usize) -> Vec<Vec<f64>> {
    let g = grid(p);
    let total = g.len().pow(arity as u32);
    let mut columns = vec![Vec::with_capacity(total); arity];
    for k in 0..total {
        let mut rest = k;
        for column in columns.iter_mut() {
            column.push(g[rest % g.len()]);
            rest /= g.len();
        }
    }
    columns
}

/// Runs the reference function `name` on the columns (in precision `p`).
fn run(name: &str, p: Precision, columns: &[Vec<f64>]) -> ApiResult<AnyArray> {
    let arrays: Vec<AnyArray> = columns.iter().map(|c| array(p, c)).collect();
    if name == "clip" {
        return clip(&arrays[0], Some(&arrays[1]), Some(&arrays[2]));
    }
    if let Some((_, f)) = UNARY.iter().find(|(n, _)| *n == name) {
        return f(&arrays[0]);
    }
    let (_, f) = BINARY
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no elementwise function `{name}`"));
    f(&arrays[0], &arrays[1])
}

/// Tallies of one function's rows: how many inputs each row decided.
type Hits = BTreeMap<usize, usize>;

/// Checks one result against the rows of `cases`; records failures and hits.
fn check_rows(
    cases: &[SpecialCase],
    p: Precision,
    inputs: &[f64],
    actual: f64,
    hits: &mut Hits,
    failures: &mut Vec<String>,
) {
    let mut judge = |c: &SpecialCase| {
        *hits.entry(c.order).or_default() += 1;
        if c.spec_gap(p, inputs).is_some() {
            return;
        }
        // The reference follows each row's primary result, not only the
        // permitted alternatives.
        if let Err(e) = c.result.check_in(p, inputs, actual) {
            failures.push(format!("{p:?} {c} at {inputs:?}: {e}"));
        }
    };
    // The first matching value row decides; the other exact and approx rows
    // that also match must agree with it (the README found every such
    // overlap consistent), and so must every matching constraint row.
    let first = special_cases::first_value_row(cases, inputs);
    if let Some(c) = first {
        judge(c);
    }
    for c in cases.iter().filter(|c| {
        matches!(
            c.kind,
            RowKind::Exact | RowKind::Approx | RowKind::Constraint
        ) && Some(*c) != first
            && c.matches(inputs)
    }) {
        judge(c);
    }
}

#[test]
fn every_special_case_row_holds_on_the_grid() {
    let mut checked_functions = vec![];
    let mut failures = vec![];
    for function in special_cases::functions() {
        let cases = special_cases::special_cases(function);
        let elementwise = array_api::api::group_of(function) == Some("elementwise");
        if !elementwise {
            continue;
        }
        checked_functions.push(function);
        let arity = cases[0].arity;
        // A delegating function is held to its delegate's rows.
        let delegate = cases.iter().find_map(|c| match &c.result {
            Expected::Delegate { function, args } => Some((*function, args.clone())),
            _ => None,
        });
        for p in [Precision::F64, Precision::F32] {
            let columns = tuples(p, arity);
            let out = run(function, p, &columns).unwrap_or_else(|e| panic!("{function}: {e}"));
            assert_eq!(out.len(), columns[0].len());
            let actual = out.to_f64_vec();
            let mut hits = Hits::new();
            let target_cases = delegate
                .as_ref()
                .map(|(target, _)| special_cases::special_cases(target));
            for (k, &value) in actual.iter().enumerate() {
                let inputs: Vec<f64> = columns.iter().map(|c| c[k]).collect();
                match (&delegate, &target_cases) {
                    (Some((_, args)), Some(target)) => {
                        let delegated: Vec<f64> = args.iter().map(|a| a.eval(&inputs)).collect();
                        check_rows(target, p, &delegated, value, &mut hits, &mut failures);
                    }
                    _ => check_rows(&cases, p, &inputs, value, &mut hits, &mut failures),
                }
            }
            if delegate.is_none() {
                for c in cases
                    .iter()
                    .filter(|c| c.kind.is_value() || c.kind == RowKind::Constraint)
                {
                    assert!(
                        hits.get(&c.order).copied().unwrap_or(0) > 0,
                        "{p:?}: no grid input meets {c}"
                    );
                }
            } else {
                assert!(
                    hits.values().sum::<usize>() > 0,
                    "{function}: nothing checked"
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures, first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Every elementwise function with special cases was checked (48 of them).
    assert_eq!(checked_functions.len(), 48, "{checked_functions:?}");
}

/// The `identity` rows: `cosh`, `sinh` and `tanh` symmetry, `hypot`'s
/// sign and argument-order symmetry, exactly, on the grid.
#[test]
fn identity_rows_hold_on_the_grid() {
    let identities: Vec<SpecialCase> = special_cases::all()
        .iter()
        .filter(|c| c.kind == RowKind::Identity)
        .cloned()
        .collect();
    assert_eq!(
        identities.iter().map(|c| c.function).collect::<Vec<_>>(),
        vec!["cosh", "hypot", "sinh", "tanh"]
    );
    for p in [Precision::F64, Precision::F32] {
        let g = grid(p);
        let negated: Vec<f64> = g.iter().map(|v| -v).collect();
        let values = |name: &str, cols: &[Vec<f64>]| run(name, p, cols).unwrap().to_f64_vec();
        for name in ["cosh", "sinh", "tanh"] {
            let at_x = values(name, std::slice::from_ref(&g));
            let at_neg = values(name, std::slice::from_ref(&negated));
            for k in 0..g.len() {
                let want = if name == "cosh" {
                    at_neg[k]
                } else {
                    -at_neg[k]
                };
                assert!(
                    identical(at_x[k], want),
                    "{p:?} {name}({}) = {}",
                    g[k],
                    at_x[k]
                );
            }
        }
        let c = tuples(p, 2);
        let neg = |v: &Vec<f64>| v.iter().map(|x| -x).collect::<Vec<f64>>();
        let base = values("hypot", &c);
        for variant in [
            vec![c[1].clone(), c[0].clone()],
            vec![c[0].clone(), neg(&c[1])],
            vec![neg(&c[0]), c[1].clone()],
            vec![neg(&c[0]), neg(&c[1])],
        ] {
            let other = values("hypot", &variant);
            for k in 0..base.len() {
                assert!(
                    identical(base[k], other[k]),
                    "{p:?} hypot({}, {})",
                    c[0][k],
                    c[1][k]
                );
            }
        }
    }
}

/// The table's rows speak of floats only; integer inputs of `isnan`,
/// `isinf` and `isfinite` give false, false and true.
#[test]
fn predicates_of_integers() {
    let x = AnyArray::from(ArrayD::from_shape_vec(vec![3], vec![i16::MIN, 0, 7]).unwrap());
    for (name, want) in [("isnan", 0.0), ("isinf", 0.0), ("isfinite", 1.0)] {
        let out = run_any(name, &x);
        assert_eq!(out.to_f64_vec(), vec![want; 3], "{name}");
    }
}

fn run_any(name: &str, x: &AnyArray) -> AnyArray {
    let (_, f) = UNARY.iter().find(|(n, _)| *n == name).unwrap();
    f(x).unwrap()
}
