//! The standard's special cases for real floating-point operands, parsed
//! from `spec/special_cases.tsv` (bundled at build time), with an evaluator
//! for its condition and result DSL (documented in that file's header):
//!
//! - [`special_cases`] gives the rows of one function, in the spec's order;
//! - [`Condition::matches`] says whether operand values meet a row's
//!   condition, [`Expected::check_in`] whether a result is what the row
//!   asks for, in `float32` or `float64` ([`Precision`]);
//! - [`SpecialCase::witnesses_in`] makes concrete operand tuples that meet a
//!   condition, so a check can draw inputs for every row;
//! - [`SpecialCase::spec_gap`] names the inputs where the table's row is not
//!   a sound expectation (the two problems the spec README lists).
//!
//! Operands are `f64` values (a `float32` operand is exact in `f64`), in the
//! function's parameter order: `[x]`, `[x1, x2]`, or `clip`'s
//! `[x, min, max]`; array methods' `self` is operand 0. A boolean result is
//! passed as 0.0 or 1.0. Reduction-level predicates (`any(x=NaN)`, `M=0`,
//! ...) are kept as [`Pred::Aggregate`], which never matches element by
//! element.
//!
//! How a row is meant to be applied: among a function's `exact`, `approx`
//! and `otherwise` rows the first one (in `order`) whose condition matches
//! gives the value ([`first_value_row`]); every `constraint` row that also
//! matches adds a property of the result.

mod complex;
mod condition;
mod expected;
mod precision;

pub use complex::{
    complex_all, complex_cases, component_precision, CisPart, ComplexCase, ComplexKind,
    ComplexRules, Component, Delegation, Symmetry, Witnesses,
};

pub use condition::{Class, CmpOp, Condition, Pred, Term, MAX_WITNESSES_PER_BRANCH};
pub use expected::{Arg, Expected, IeeeOp, Literal, APPROX_ULPS};
pub use precision::{grid, identical, Precision};

use expected::in_precision;

use std::fmt;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../spec/special_cases.tsv");

/// What a row of the table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// The result is given exactly.
    Exact,
    /// The result is an implementation-dependent approximation of a constant.
    Approx,
    /// Only a property of the result, to combine with the value row that
    /// also matches.
    Constraint,
    /// Applies only where no earlier value row matched.
    Otherwise,
    /// A relation that holds for all inputs (`cosh(x) == cosh(-x)`).
    Identity,
    /// The special cases are those of another function.
    Delegate,
    /// An error is raised.
    Raises,
    /// Not machine-checkable.
    Prose,
    /// From a Notes paragraph, not from a special-case list.
    Note,
}

impl RowKind {
    fn parse(s: &str) -> Result<RowKind, String> {
        Ok(match s {
            "exact" => RowKind::Exact,
            "approx" => RowKind::Approx,
            "constraint" => RowKind::Constraint,
            "otherwise" => RowKind::Otherwise,
            "identity" => RowKind::Identity,
            "delegate" => RowKind::Delegate,
            "raises" => RowKind::Raises,
            "prose" => RowKind::Prose,
            "note" => RowKind::Note,
            other => return Err(format!("unknown kind `{other}`")),
        })
    }

    /// Whether the row gives the value of the result (exact, approx or
    /// otherwise).
    pub fn is_value(self) -> bool {
        matches!(self, RowKind::Exact | RowKind::Approx | RowKind::Otherwise)
    }
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct SpecialCase {
    /// The function's standard name.
    pub function: &'static str,
    /// How many operands the function takes.
    pub arity: usize,
    /// 1-based position within the function's rows.
    pub order: usize,
    /// The standard's section the row comes from.
    pub section: &'static str,
    /// When the row applies.
    pub condition: Condition,
    /// What the result must then be.
    pub result: Expected,
    /// Other results the spec explicitly permits (`alt_result`).
    pub alternatives: Vec<Expected>,
    /// How the row is applied (a value, a constraint, an identity...).
    pub kind: RowKind,
    /// The table's note on the row, if any.
    pub note: &'static str,
    /// The condition as the table writes it.
    pub condition_text: &'static str,
    /// The result as the table writes it.
    pub result_text: &'static str,
}

impl fmt::Display for SpecialCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} #{}: {} -> {}",
            self.function, self.order, self.condition_text, self.result_text
        )
    }
}

impl SpecialCase {
    /// Whether the operand values meet the row's condition.
    pub fn matches(&self, inputs: &[f64]) -> bool {
        self.condition.matches(inputs)
    }

    /// Whether `actual` is the row's result or one of its permitted
    /// alternatives, in `precision`.
    pub fn check_in(
        &self,
        precision: Precision,
        inputs: &[f64],
        actual: f64,
    ) -> Result<(), String> {
        let primary = self.result.check_in(precision, inputs, actual);
        if primary.is_ok()
            || self
                .alternatives
                .iter()
                .any(|alt| alt.check_in(precision, inputs, actual).is_ok())
        {
            return Ok(());
        }
        primary.map_err(|e| format!("{self}: {e}"))
    }

    /// [`SpecialCase::witnesses_in`] in `float64`.
    pub fn witnesses(&self) -> Vec<Vec<f64>> {
        self.witnesses_in(Precision::F64)
    }

    /// Concrete operand tuples, exact in `precision`, that meet the row's
    /// condition (see [`Condition::witnesses`]).
    pub fn witnesses_in(&self, precision: Precision) -> Vec<Vec<f64>> {
        self.condition.witnesses(self.arity, precision)
    }

    /// Why the row is not a sound expectation for these operands, where the
    /// spec has a gap or is ambiguous (the spec README's items 2 and 3):
    /// - `not_equal` row 5 (`otherwise` → `False`) also catches one operand
    ///   infinite and the other finite, which IEEE 754 (and every library)
    ///   calls not equal;
    /// - `floor_divide`'s `otherwise` row where the quotient underflows: the
    ///   spec also says underflow gives a signed zero, which conflicts with
    ///   the floor (`5e-324 // -2` is `-0` by that sentence, `-1` by floor).
    pub fn spec_gap(&self, precision: Precision, inputs: &[f64]) -> Option<&'static str> {
        match (self.function, self.kind) {
            ("not_equal", RowKind::Otherwise) => {
                let (a, b) = (inputs[0], inputs[1]);
                let one_infinite =
                    (a.is_infinite() && b.is_finite()) || (b.is_infinite() && a.is_finite());
                one_infinite.then_some(
                    "not_equal: no row covers one operand infinite and the other finite (spec gap)",
                )
            }
            ("floor_divide", RowKind::Otherwise) => {
                let (a, b) = (inputs[0], inputs[1]);
                let q = in_precision(precision, a, b, |x, y| x / y, |x, y| x / y);
                (q == 0.0 && a != 0.0).then_some(
                    "floor_divide: the quotient underflows, where the spec's floor and its \
                     'underflow gives a signed zero' disagree",
                )
            }
            _ => None,
        }
    }
}

/// Every row of the table, parsed once.
///
/// # Panics
/// If the bundled table does not parse (a bug caught by the tests).
pub fn all() -> &'static [SpecialCase] {
    static CASES: OnceLock<Vec<SpecialCase>> = OnceLock::new();
    CASES.get_or_init(|| parse_table(TABLE).unwrap_or_else(|e| panic!("special_cases.tsv: {e}")))
}

/// The rows of `function`, in the spec's order (empty for a function without
/// special cases).
pub fn special_cases(function: &str) -> Vec<SpecialCase> {
    all()
        .iter()
        .filter(|c| c.function == function)
        .cloned()
        .collect()
}

/// The functions with at least one row, in table order.
pub fn functions() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = vec![];
    for c in all() {
        if !out.contains(&c.function) {
            out.push(c.function);
        }
    }
    out
}

/// The first value row (`exact`, `approx`, `otherwise`) of `cases` that
/// matches `inputs`: the row that gives the result.
pub fn first_value_row<'a>(cases: &'a [SpecialCase], inputs: &[f64]) -> Option<&'a SpecialCase> {
    cases
        .iter()
        .filter(|c| c.kind.is_value())
        .find(|c| c.matches(inputs))
}

fn parse_table(table: &'static str) -> Result<Vec<SpecialCase>, String> {
    let mut lines = table
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let (_, header) = lines.next().ok_or("no header")?;
    let columns: Vec<&str> = header.split('\t').collect();
    let col = |name: &str| {
        columns
            .iter()
            .position(|c| *c == name)
            .ok_or(format!("no `{name}` column"))
    };
    let (c_fn, c_arity, c_order, c_section, c_cond, c_result, c_alt, c_kind, c_note) = (
        col("function")?,
        col("arity")?,
        col("order")?,
        col("section")?,
        col("condition")?,
        col("result")?,
        col("alt_result")?,
        col("kind")?,
        col("note")?,
    );
    let mut out: Vec<SpecialCase> = vec![];
    for (number, line) in lines {
        let fields: Vec<&'static str> = line.split('\t').collect();
        let at = |c: usize| fields.get(c).copied().unwrap_or("");
        let row = || -> Result<SpecialCase, String> {
            let kind = RowKind::parse(at(c_kind))?;
            let mut condition = Condition::parse(at(c_cond))?;
            let function = at(c_fn);
            if let Condition::Otherwise(earlier) = &mut condition {
                *earlier = out
                    .iter()
                    .filter(|c| {
                        c.function == function && matches!(c.kind, RowKind::Exact | RowKind::Approx)
                    })
                    .map(|c| c.condition.clone())
                    .collect();
            }
            let alternatives = at(c_alt)
                .split(';')
                .filter(|a| !a.trim().is_empty())
                .map(Expected::parse)
                .collect::<Result<_, _>>()?;
            Ok(SpecialCase {
                function,
                arity: at(c_arity).parse().map_err(|e| format!("arity: {e}"))?,
                order: at(c_order).parse().map_err(|e| format!("order: {e}"))?,
                section: at(c_section),
                condition,
                result: Expected::parse(at(c_result))?,
                alternatives,
                kind,
                note: at(c_note),
                condition_text: at(c_cond),
                result_text: at(c_result),
            })
        };
        out.push(row().map_err(|e| format!("line {}: {e}", number + 1))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(function: &str, order: usize) -> SpecialCase {
        special_cases(function)
            .into_iter()
            .find(|c| c.order == order)
            .unwrap_or_else(|| panic!("{function} #{order}"))
    }

    #[test]
    fn the_whole_table_parses() {
        let rows = all();
        assert_eq!(rows.len(), 371);
        let count = |k: RowKind| rows.iter().filter(|c| c.kind == k).count();
        assert_eq!(count(RowKind::Exact), 307);
        assert_eq!(count(RowKind::Approx), 18);
        assert_eq!(count(RowKind::Otherwise), 9);
        assert_eq!(count(RowKind::Constraint), 6);
        assert_eq!(count(RowKind::Delegate), 8);
        // Every exact, approx, otherwise and constraint row of an
        // elementwise function (no aggregate, no array method) is checkable.
        for c in rows
            .iter()
            .filter(|c| c.kind.is_value() || c.kind == RowKind::Constraint)
        {
            if c.condition.is_elementwise() && !c.function.starts_with("array.") {
                assert!(c.result.is_checkable(), "{c}");
            }
        }
        assert_eq!(functions().len(), 68);
        assert!(special_cases("bitwise_and").is_empty());
    }

    #[test]
    fn rows_parse_into_the_expected_structures() {
        let c = case("atan2", 2);
        assert_eq!(c.kind, RowKind::Approx);
        assert_eq!(c.arity, 2);
        assert_eq!(c.result, Expected::Approx(std::f64::consts::FRAC_PI_2));
        let d = case("reciprocal", 1);
        match &d.result {
            Expected::Delegate { function, args } => {
                assert_eq!(*function, "divide");
                assert_eq!(args[0], Arg::Value(1.0));
                assert_eq!(args[1].eval(&[3.0]), 3.0);
            }
            other => panic!("{other:?}"),
        }
        let s = case("subtract", 1);
        match &s.result {
            Expected::Delegate { args, .. } => assert_eq!(args[1].eval(&[1.0, 2.0]), -2.0),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            case("floor_divide", 12).alternatives,
            vec![Expected::Literal(Literal::NaN)]
        );
        assert_eq!(
            case("max", 1).condition,
            Condition::Pred(Pred::Aggregate("any(x=NaN)".to_string()))
        );
        assert!(!case("max", 1).condition.is_elementwise());
        match &case("isnan", 2).condition {
            Condition::Otherwise(earlier) => assert_eq!(earlier.len(), 1),
            other => panic!("{other:?}"),
        }
        assert_eq!(case("cosh", 1).kind, RowKind::Identity);
        assert!(matches!(case("hypot", 7).result, Expected::Unchecked(_)));
    }

    #[test]
    fn conditions_evaluate_as_the_dsl_says() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        // pow #14: x1=-inf & x2>0 & x2 is odd integer.
        let c = case("pow", 14);
        assert!(c.matches(&[-inf, 3.0]));
        assert!(!c.matches(&[-inf, 2.0]));
        assert!(!c.matches(&[inf, 3.0]));
        // pow #15: `is not odd integer` is true for +inf and NaN-free 2.5.
        let c = case("pow", 15);
        assert!(c.matches(&[-inf, inf]));
        assert!(c.matches(&[-inf, 2.5]));
        // add #14: x1 in {+0,-0} & x2 finite & x2!=0.
        let c = case("add", 14);
        assert!(c.matches(&[-0.0, 2.0]));
        assert!(!c.matches(&[0.0, -0.0]));
        assert!(!c.matches(&[0.0, inf]));
        // add #16: x2==-x1.
        assert!(case("add", 16).matches(&[2.5, -2.5]));
        assert!(!case("add", 16).matches(&[2.5, 2.5]));
        // Class tests distinguish the zeros; numeric ones do not.
        assert!(case("asin", 4).matches(&[0.0]));
        assert!(!case("asin", 4).matches(&[-0.0]));
        assert!(!case("acos", 2).matches(&[nan]));
        // divide #21: different signs, by sign bits.
        assert!(case("divide", 21).matches(&[-1.0, 2.0]));
        assert!(!case("divide", 21).matches(&[-1.0, -2.0]));
        // copysign #5: signbit of a NaN.
        assert!(case("copysign", 5).matches(&[1.0, -nan]));
        assert!(!case("copysign", 5).matches(&[1.0, nan]));
        // hypot #5: parenthesised disjunction.
        assert!(case("hypot", 5).matches(&[nan, nan]));
        assert!(case("hypot", 5).matches(&[2.0, nan]));
        assert!(!case("hypot", 5).matches(&[inf, nan]));
        // round #7: half-integers.
        assert!(case("round", 7).matches(&[-2.5]));
        assert!(!case("round", 7).matches(&[2.25]));
        // otherwise: none of the earlier value rows.
        let isnan_otherwise = case("isnan", 2);
        assert!(isnan_otherwise.matches(&[1.0]));
        assert!(!isnan_otherwise.matches(&[nan]));
        // clip's operands.
        assert!(case("clip", 3).matches(&[1.0, 0.0, nan]));
        assert!(!case("clip", 3).matches(&[1.0, nan, 0.0]));
    }

    #[test]
    fn expectations_check_results() {
        let nan = f64::NAN;
        assert!(case("abs", 2).result.check(&[-0.0], 0.0).is_ok());
        assert!(case("abs", 2).result.check(&[-0.0], -0.0).is_err());
        assert!(case("sign", 2).result.check(&[-0.0], -0.0).is_ok());
        assert!(case("sign", 2).result.check(&[-0.0], 0.0).is_ok());
        assert!(case("sign", 2).result.check(&[-0.0], 1.0).is_err());
        let approx = &case("atan", 4).result;
        let half_pi = std::f64::consts::FRAC_PI_2;
        assert!(approx.check(&[f64::INFINITY], half_pi).is_ok());
        assert!(approx
            .check(&[f64::INFINITY], half_pi + 2.0 * f64::EPSILON)
            .is_ok());
        assert!(approx.check(&[f64::INFINITY], half_pi + 1e-9).is_err());
        let h32 = std::f32::consts::FRAC_PI_2 as f64;
        assert!(approx
            .check_in(Precision::F32, &[f64::INFINITY], h32)
            .is_ok());
        assert!(approx
            .check_in(Precision::F64, &[f64::INFINITY], h32)
            .is_err());
        assert!(case("copysign", 7).result.check(&[nan, -1.0], -nan).is_ok());
        assert!(case("copysign", 7).result.check(&[nan, -1.0], nan).is_err());
        assert!(case("copysign", 1).result.check(&[3.0, -1.0], -3.0).is_ok());
        assert!(case("multiply", 7)
            .result
            .check(&[-f64::INFINITY, -2.0], f64::INFINITY)
            .is_ok());
        assert!(case("multiply", 7)
            .result
            .check(&[-f64::INFINITY, 2.0], f64::INFINITY)
            .is_err());
        assert!(case("divide", 21).result.check(&[-1.0, 2.0], -0.5).is_ok());
        assert!(case("divide", 21).result.check(&[-1.0, 2.0], 0.5).is_err());
        assert!(case("isnan", 1).result.check(&[nan], 1.0).is_ok());
        assert!(case("isnan", 1).result.check(&[nan], 0.0).is_err());
        // ieee(x1+x2) is rounded in the precision.
        let add = &case("add", 17).result;
        let (a, b) = (1.0, 1e-8);
        assert!(add.check(&[a, b], 1.00000001).is_ok());
        assert!(add.check_in(Precision::F32, &[a, b], 1.0).is_ok());
        assert!(add.check_in(Precision::F64, &[a, b], 1.0).is_err());
        // Python's // and %.
        let fd = &case("floor_divide", 22).result;
        assert!(fd.check(&[-7.0, 2.0], -4.0).is_ok());
        assert!(fd.check(&[-7.0, 2.0], -3.0).is_err());
        let rem = &case("remainder", 20).result;
        assert!(rem.check(&[-7.0, 2.0], 1.0).is_ok());
        assert!(rem.check(&[7.0, -2.0], -1.0).is_ok());
        assert!(rem.check(&[6.0, -2.0], -0.0).is_ok());
        assert!(rem.check(&[6.0, -2.0], 0.0).is_err());
        assert!(case("round", 7).result.check(&[-0.5], -0.0).is_ok());
        assert!(case("round", 7).result.check(&[2.5], 3.0).is_err());
        // Alternatives are accepted by the case, not by the result alone.
        let c = case("floor_divide", 12);
        assert!(c
            .check_in(Precision::F64, &[f64::INFINITY, 2.0], nan)
            .is_ok());
        assert!(c.result.check(&[f64::INFINITY, 2.0], nan).is_err());
        assert!(c
            .check_in(Precision::F64, &[f64::INFINITY, 2.0], 1.0)
            .is_err());
        assert!(case("cosh", 1).result.check(&[1.0], 1.0).is_err());
    }

    #[test]
    fn spec_gaps_are_named() {
        let ne = case("not_equal", 5);
        assert!(ne.spec_gap(Precision::F64, &[f64::INFINITY, 1.0]).is_some());
        assert!(ne.spec_gap(Precision::F64, &[1.0, 1.0]).is_none());
        let fd = case("floor_divide", 22);
        assert!(fd.spec_gap(Precision::F64, &[5e-324, -2.0]).is_some());
        assert!(fd.spec_gap(Precision::F64, &[5.0, -2.0]).is_none());
        // In float32, 1e-30 / 1e30 underflows; in float64 it does not.
        assert!(fd
            .spec_gap(Precision::F32, &[1e-30f32 as f64, 1e30f32 as f64])
            .is_some());
        assert!(fd
            .spec_gap(Precision::F64, &[1e-30f32 as f64, 1e30f32 as f64])
            .is_none());
        assert!(case("add", 17)
            .spec_gap(Precision::F64, &[f64::INFINITY, 1.0])
            .is_none());
    }

    #[test]
    fn witnesses_meet_their_conditions_and_cover_every_exact_row() {
        for precision in [Precision::F32, Precision::F64] {
            for c in all() {
                let w = c.witnesses_in(precision);
                for tuple in &w {
                    assert_eq!(tuple.len(), c.arity, "{c}");
                    assert!(c.matches(tuple), "{c}: witness {tuple:?}");
                    assert!(
                        tuple.iter().all(|&v| precision.represents(v)),
                        "{c}: {tuple:?}"
                    );
                }
                if (c.kind.is_value() || c.kind == RowKind::Constraint)
                    && c.condition.is_elementwise()
                {
                    assert!(!w.is_empty(), "{c} has no witness in {precision:?}");
                }
                assert!(
                    w.len() <= MAX_WITNESSES_PER_BRANCH * 8,
                    "{c}: {} witnesses",
                    w.len()
                );
            }
        }
        // A two-operand condition: x1=+0 & x2<0.
        let w = case("atan2", 7).witnesses();
        assert!(w
            .iter()
            .all(|t| Class::PosZero.contains(t[0]) && t[1] < 0.0));
        assert!(w.iter().any(|t| t[1] == f64::NEG_INFINITY));
        assert!(w.iter().any(|t| t[1] == -5e-324));
        // Both branches of a disjunction are represented.
        let w = case("add", 1).witnesses();
        assert!(w.iter().any(|t| t[0].is_nan() && !t[1].is_nan()));
        assert!(w.iter().any(|t| !t[0].is_nan() && t[1].is_nan()));
        // The literal's neighbours are tried: acos #2 is x>1.
        let w = case("acos", 2).witnesses();
        assert!(w.iter().any(|t| t[0] == 1.0 + f64::EPSILON));
        // Aggregates have none.
        assert!(case("mean", 1).witnesses().is_empty());
    }

    #[test]
    fn grid_is_exact_in_its_precision() {
        for p in [Precision::F32, Precision::F64] {
            let g = grid(p);
            assert_eq!(g.len(), 38);
            assert!(g.iter().all(|&v| p.represents(v)));
            let min_normal = match p {
                Precision::F32 => f32::MIN_POSITIVE as f64,
                Precision::F64 => f64::MIN_POSITIVE,
            };
            let subnormals = g
                .iter()
                .filter(|&&v| v != 0.0 && v.abs() < min_normal)
                .count();
            assert_eq!(subnormals, 4, "{p:?}");
        }
        assert!(grid(Precision::F32).contains(&(f32::from_bits(1) as f64)));
        assert!(grid(Precision::F64).contains(&-5e-324));
    }
}
