//! The standard's special cases for complex floating-point operands,
//! parsed from `spec/complex_special_cases.tsv` (extracted from the
//! standard's stubs by the script beside it, whose header documents the
//! notation): conditions on the components `a`, `b` (and `c`, `d` of a
//! second operand) in the real DSL, and a result per component.
//!
//! [`ComplexRules::of`] gathers what applies to one function: its own value
//! rows, carried to the other quadrants by the symmetries its notes state
//! (the standard writes most rows for `b >= +0` only), or another
//! function's rows through a delegation (`asin` as `-1j * asinh(x*1j)`,
//! `log2` as `log(x)/log(2)`), or the real rows per component (`add`,
//! `subtract`, `round`). [`ComplexRules::check_in`] judges one computed
//! element, [`ComplexRules::witnesses_in`] makes operands for every row.
//!
//! What is checked only in part, and why:
//! - an unsigned zero or infinity, and any sign the sentence calls
//!   unspecified, accepts either sign (`0`, `{+inf,-inf}`, `±approx`);
//! - `tanh`'s `+infinity + bj` row: the standard writes `1 + 0j` where C99
//!   (which it follows) gives `1 + 0*sin(2b) j`; the sign is not checked;
//! - where a row and the image of another under a stated symmetry both
//!   govern and disagree, either result conforms: only `sqrt(NaN - inf j)`,
//!   NaN + NaN j by row 9 as written ("b is any value"), +inf - inf j by
//!   row 3 through `conj` (as C99 gives);
//! - `multiply` and `divide` past the all-NaN row, `sign` past its zero and
//!   NaN rows, and `pow` ("should" be handled as `exp(x2*log(x1))`, and
//!   "more carefully" is allowed) are implementation-dependent: no check.

mod component;
mod transform;

pub use component::{CisPart, Component};
use transform::compositions;
pub use transform::{Delegation, Symmetry};

use std::fmt;
use std::sync::OnceLock;

use super::condition::Condition;
use super::precision::Precision;
use super::{first_value_row, special_cases};

const TABLE: &str = include_str!("../../../spec/complex_special_cases.tsv");

/// What a complex row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComplexKind {
    /// The result is given (per component).
    Exact,
    /// Applies only where no earlier value row matched.
    Otherwise,
    /// The real special cases apply to each component operation.
    Componentwise,
    /// A symmetry of the function ([`Symmetry`]).
    Identity,
    /// The special cases are another function's ([`Delegation`]).
    Delegate,
    /// Not checkable.
    Prose,
}

impl ComplexKind {
    fn parse(s: &str) -> Result<ComplexKind, String> {
        Ok(match s {
            "exact" => ComplexKind::Exact,
            "otherwise" => ComplexKind::Otherwise,
            "componentwise" => ComplexKind::Componentwise,
            "identity" => ComplexKind::Identity,
            "delegate" => ComplexKind::Delegate,
            "prose" => ComplexKind::Prose,
            other => return Err(format!("unknown kind `{other}`")),
        })
    }

    /// Whether the row gives the result's components.
    pub fn is_value(self) -> bool {
        matches!(
            self,
            ComplexKind::Exact | ComplexKind::Otherwise | ComplexKind::Componentwise
        )
    }
}

/// One row of the complex table.
#[derive(Clone, Debug, PartialEq)]
pub struct ComplexCase {
    /// The function's standard name.
    pub function: &'static str,
    /// How many complex operands it takes.
    pub arity: usize,
    /// 1-based position within the function's complex rows.
    pub order: usize,
    /// When the row applies, on the components `[a, b]` or `[a, b, c, d]`.
    pub condition: Condition,
    /// The real component of the result (or the whole real result).
    pub real: Component,
    /// The imaginary component ([`Component::NotApplicable`] for a
    /// real-valued result).
    pub imag: Component,
    /// How the row applies.
    pub kind: ComplexKind,
    /// The table's note (an unspecified sign, a spec problem).
    pub note: &'static str,
    /// The condition as the table writes it.
    pub condition_text: &'static str,
    /// The result columns as the table writes them.
    pub result_text: (&'static str, &'static str),
}

impl fmt::Display for ComplexCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} #{} (complex): {} -> ",
            self.function, self.order, self.condition_text
        )?;
        match self.result_text {
            (real, "n/a") => write!(f, "{real}"),
            (real, imag) => write!(f, "{real} + ({imag})j"),
        }
    }
}

impl ComplexCase {
    /// Whether the row judges a result element by element.
    pub fn is_checkable(&self) -> bool {
        self.kind.is_value() && (self.real.is_checkable() || self.imag.is_checkable())
    }

    fn check_in(
        &self,
        precision: Precision,
        z: &[f64],
        actual: [f64; 2],
        divisor: f64,
    ) -> Result<(), String> {
        let parts = [
            ("real", &self.real, actual[0]),
            ("imag", &self.imag, actual[1]),
        ];
        for (name, component, got) in parts {
            let component = if divisor == 1.0 {
                component.clone()
            } else {
                component.divided_by(divisor)
            };
            component
                .check_in(precision, z, got)
                .map_err(|e| format!("{self}: {name} component: {e}"))?;
        }
        Ok(())
    }
}

/// Every row of the complex table, parsed once.
///
/// # Panics
/// If the bundled table does not parse (a bug caught by the tests).
pub fn complex_all() -> &'static [ComplexCase] {
    static CASES: OnceLock<Vec<ComplexCase>> = OnceLock::new();
    CASES.get_or_init(|| {
        parse_table(TABLE).unwrap_or_else(|e| panic!("complex_special_cases.tsv: {e}"))
    })
}

/// The complex rows of `function`, in the standard's order.
pub fn complex_cases(function: &str) -> Vec<ComplexCase> {
    complex_all()
        .iter()
        .filter(|c| c.function == function)
        .cloned()
        .collect()
}

/// The precision of a complex dtype's components.
pub fn component_precision(dtype: conformance_strategies::DType) -> Option<Precision> {
    use conformance_strategies::DType;
    match dtype {
        DType::Complex64 => Some(Precision::F32),
        DType::Complex128 => Some(Precision::F64),
        _ => None,
    }
}

/// Operand tuples for rows of one function, each with the row it was made
/// for (as the row prints).
pub type Witnesses = Vec<(String, Vec<f64>)>;

/// What applies to the complex operands of one function.
#[derive(Clone, Debug)]
pub struct ComplexRules {
    /// The function.
    pub function: &'static str,
    /// How many complex operands it takes.
    pub arity: usize,
    values: Vec<ComplexCase>,
    symmetries: Vec<Symmetry>,
    delegation: Option<(Delegation, Box<ComplexRules>)>,
}

impl ComplexRules {
    /// The rules of `function`; `None` where it has no complex rows.
    pub fn of(function: &str) -> Option<ComplexRules> {
        let rows = complex_cases(function);
        let first = rows.first()?;
        let mut symmetries = vec![];
        let mut delegation = None;
        for row in &rows {
            match (row.kind, &row.real) {
                (ComplexKind::Identity, Component::Unchecked(text)) => {
                    symmetries.extend(Symmetry::parse(text));
                }
                (ComplexKind::Delegate, Component::Unchecked(text)) => {
                    if let Some(d) = Delegation::parse(text) {
                        let target = ComplexRules::of(d.target())?;
                        delegation = Some((d, Box::new(target)));
                    }
                }
                _ => {}
            }
        }
        Some(ComplexRules {
            function: first.function,
            arity: first.arity,
            values: rows.iter().filter(|r| r.kind.is_value()).cloned().collect(),
            symmetries,
            delegation,
        })
    }

    /// Whether any row judges results (a function whose only rows are
    /// prose or an unchecked formula has none).
    pub fn is_checkable(&self) -> bool {
        self.values.iter().any(ComplexCase::is_checkable)
            || self
                .delegation
                .as_ref()
                .is_some_and(|(_, target)| target.is_checkable())
    }

    /// The verdict on one element: the row that governs the operands'
    /// components `z` (`[a, b]` or `[a, b, c, d]`) and whether `actual`
    /// (`[real, imag]`; the imaginary slot is ignored for a real-valued
    /// result), computed in `precision`, is what it asks for. `None` where
    /// no row speaks.
    pub fn check_in(
        &self,
        precision: Precision,
        z: &[f64],
        actual: [f64; 2],
    ) -> Option<(String, Result<(), String>)> {
        self.check_scaled(precision, z, actual, 1.0)
    }

    fn check_scaled(
        &self,
        precision: Precision,
        z: &[f64],
        actual: [f64; 2],
        divisor: f64,
    ) -> Option<(String, Result<(), String>)> {
        if let Some((d, target)) = &self.delegation {
            let w = d.operand([z[0], z[1]]);
            let r = d.result(actual);
            let (row, verdict) = target.check_scaled(precision, &w, r, divisor * d.divisor())?;
            let through = format!("{} via {row}", self.function);
            return Some((through, verdict));
        }
        // Each reading (the rows on `z` itself, or on an image of `z`
        // under the symmetries) gives the row that governs there; they
        // agree except where the standard's rows and its own symmetries
        // conflict (`sqrt(NaN - inf j)`: row 9 says NaN + NaN j, row 3
        // through conj +inf - inf j, as C99 does). A result is conforming
        // if one reading accepts it; otherwise the first reading's error
        // is the verdict.
        let mut first: Option<(String, Result<(), String>)> = None;
        for composition in compositions(&self.symmetries) {
            let w = apply_operand(&composition, z);
            let Some(row) = self.governing(&w) else {
                continue;
            };
            if !row.is_checkable() {
                continue;
            }
            let r = composition.iter().fold(actual, |r, s| s.result(r));
            let verdict = row.check_in(precision, &w, r, divisor);
            let reading = (label(row, &composition), verdict);
            if reading.1.is_ok() {
                return Some(reading);
            }
            first.get_or_insert(reading);
        }
        first
    }

    /// The first value row whose condition `z` meets.
    fn governing(&self, z: &[f64]) -> Option<&ComplexCase> {
        self.values.iter().find(|r| r.condition.matches(z))
    }

    /// Operands, exact in `precision`, that meet each checkable row: the
    /// row's own witnesses and their images under the symmetries, the
    /// target's through a delegation, the real rows' per component.
    /// Only operands a checkable row governs are kept.
    pub fn witnesses_in(&self, precision: Precision) -> Witnesses {
        if let Some((d, target)) = &self.delegation {
            return target
                .witnesses_in(precision)
                .into_iter()
                .map(|(label, w)| {
                    let z = d.operand_for([w[0], w[1]]);
                    (format!("{} via {label}", self.function), z.to_vec())
                })
                .collect();
        }
        let mut out: Witnesses = vec![];
        let mut seen = std::collections::HashSet::new();
        for row in self.values.iter().filter(|r| r.is_checkable()) {
            for w in self.row_witnesses(row, precision) {
                for composition in compositions(&self.symmetries) {
                    let z = apply_operand(&composition, &w);
                    let Some(governing) = self.check_scaled_row(&z) else {
                        continue;
                    };
                    let key: Vec<u64> = z.iter().map(|v| v.to_bits()).collect();
                    if seen.insert(key) {
                        out.push((governing, z));
                    }
                }
            }
        }
        out
    }

    /// The label of the checkable row that governs `z`, if any.
    fn check_scaled_row(&self, z: &[f64]) -> Option<String> {
        for composition in compositions(&self.symmetries) {
            let w = apply_operand(&composition, z);
            if let Some(row) = self.governing(&w) {
                return row.is_checkable().then(|| label(row, &composition));
            }
        }
        None
    }

    fn row_witnesses(&self, row: &ComplexCase, precision: Precision) -> Vec<Vec<f64>> {
        if row.kind == ComplexKind::Componentwise {
            return componentwise_witnesses(row, precision);
        }
        match row.arity {
            1 => row.condition.witnesses(2, precision),
            _ => pair_witnesses(&row.condition, precision),
        }
    }
}

/// `z` carried by each symmetry of `composition` in turn.
fn apply_operand(composition: &[Symmetry], z: &[f64]) -> Vec<f64> {
    if composition.is_empty() {
        return z.to_vec();
    }
    let w = composition.iter().fold([z[0], z[1]], |w, s| s.operand(w));
    w.to_vec()
}

fn label(row: &ComplexCase, composition: &[Symmetry]) -> String {
    if composition.is_empty() {
        return row.to_string();
    }
    let names: Vec<String> = composition
        .iter()
        .map(|s| format!("{s:?}").to_lowercase())
        .collect();
    format!("{row} (through {})", names.join(" and "))
}

/// How many operand tuples [`pair_witnesses`] keeps for one row.
const MOST_PAIR_WITNESSES: usize = 128;

/// Two complex operands meeting `condition`: pairs of complex values built
/// from a few special components, each first value paired with itself and
/// with two others (so equal operands are met too).
fn pair_witnesses(condition: &Condition, precision: Precision) -> Vec<Vec<f64>> {
    let tiny = precision.step(0.0, true);
    let parts = [
        f64::NAN,
        0.0,
        -0.0,
        1.0,
        -1.0,
        2.5,
        f64::INFINITY,
        f64::NEG_INFINITY,
        tiny,
    ];
    let values: Vec<[f64; 2]> = parts
        .iter()
        .flat_map(|&a| parts.iter().map(move |&b| [a, b]))
        .collect();
    let n = values.len();
    let mut found = vec![];
    for i in 0..n {
        for j in [i, (i * 7 + 5) % n, (i * 13 + 1) % n] {
            let tuple = vec![values[i][0], values[i][1], values[j][0], values[j][1]];
            if condition.matches(&tuple) {
                found.push(tuple);
            }
        }
    }
    let step = found.len().div_ceil(MOST_PAIR_WITNESSES).max(1);
    found.into_iter().step_by(step).collect()
}

/// Operands for a componentwise row: the real rows' witnesses of each
/// component's function, placed in the components its arguments read
/// (negated where an argument is `-c`), the imaginary component's taken
/// from the other end of the list so the two vary independently.
fn componentwise_witnesses(row: &ComplexCase, precision: Precision) -> Vec<Vec<f64>> {
    // Where each argument goes (component index, negated), and the real
    // witnesses.
    type Placed = (Vec<(usize, bool)>, Vec<Vec<f64>>);
    let per_component = |component: &Component| -> Option<Placed> {
        let Component::Delegate { function, args } = component else {
            return None;
        };
        let places = args
            .iter()
            .map(|a| match a {
                super::Arg::Term(t) => (t.operand(), matches!(t, super::Term::Neg(_))),
                super::Arg::Value(_) => (usize::MAX, false),
            })
            .collect();
        let cases = special_cases(function);
        let mut tuples = vec![];
        for case in cases
            .iter()
            .filter(|c| c.kind.is_value() && c.result.is_checkable())
        {
            for w in case.witnesses_in(precision) {
                let governs = first_value_row(&cases, &w).is_some_and(|r| r.result.is_checkable());
                if governs && case.spec_gap(precision, &w).is_none() {
                    tuples.push(w);
                }
            }
        }
        Some((places, tuples))
    };
    let (Some((real_at, real)), Some((imag_at, imag))) =
        (per_component(&row.real), per_component(&row.imag))
    else {
        return vec![];
    };
    let components = 2 * row.arity;
    let n = real.len().max(imag.len());
    (0..n)
        .map(|k| {
            let mut z = vec![0.0; components];
            let r = &real[k % real.len()];
            let i = &imag[(imag.len() - 1 - k % imag.len()) % imag.len()];
            for (places, values) in [(&real_at, r), (&imag_at, i)] {
                for (&(at, negated), &v) in places.iter().zip(values) {
                    if at < components {
                        z[at] = if negated { -v } else { v };
                    }
                }
            }
            z
        })
        .collect()
}

fn parse_table(table: &'static str) -> Result<Vec<ComplexCase>, String> {
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
    let (c_fn, c_arity, c_order, c_cond, c_real, c_imag, c_kind, c_note) = (
        col("function")?,
        col("arity")?,
        col("order")?,
        col("condition")?,
        col("real")?,
        col("imag")?,
        col("kind")?,
        col("note")?,
    );
    let mut out: Vec<ComplexCase> = vec![];
    for (number, line) in lines {
        let fields: Vec<&'static str> = line.split('\t').collect();
        let at = |c: usize| fields.get(c).copied().unwrap_or("");
        let row = || -> Result<ComplexCase, String> {
            let kind = ComplexKind::parse(at(c_kind))?;
            let function = at(c_fn);
            let mut condition = Condition::parse(at(c_cond))?;
            if let Condition::Otherwise(earlier) = &mut condition {
                *earlier = out
                    .iter()
                    .filter(|c| c.function == function && c.kind == ComplexKind::Exact)
                    .map(|c| c.condition.clone())
                    .collect();
            }
            let (real, imag) = if kind.is_value() {
                (Component::parse(at(c_real))?, Component::parse(at(c_imag))?)
            } else {
                (
                    Component::Unchecked(at(c_real)),
                    Component::Unchecked(at(c_imag)),
                )
            };
            Ok(ComplexCase {
                function,
                arity: at(c_arity).parse().map_err(|e| format!("arity: {e}"))?,
                order: at(c_order).parse().map_err(|e| format!("order: {e}"))?,
                condition,
                real,
                imag,
                kind,
                note: at(c_note),
                condition_text: at(c_cond),
                result_text: (at(c_real), at(c_imag)),
            })
        };
        out.push(row().map_err(|e| format!("line {}: {e}", number + 1))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(f: &str) -> ComplexRules {
        ComplexRules::of(f).unwrap_or_else(|| panic!("{f} has complex rows"))
    }

    /// The verdict of `f`'s rules on `z` with the result `actual`.
    fn verdict(f: &str, z: &[f64], actual: [f64; 2]) -> Result<(), String> {
        rules(f)
            .check_in(Precision::F64, z, actual)
            .unwrap_or_else(|| panic!("{f}: no row for {z:?}"))
            .1
    }

    const INF: f64 = f64::INFINITY;
    const NAN: f64 = f64::NAN;

    #[test]
    fn the_whole_table_parses() {
        let rows = complex_all();
        assert!(rows.len() > 180, "{}", rows.len());
        let functions: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.function).collect();
        for f in [
            "abs",
            "acos",
            "acosh",
            "add",
            "asin",
            "asinh",
            "atan",
            "atanh",
            "cos",
            "cosh",
            "divide",
            "equal",
            "exp",
            "expm1",
            "isfinite",
            "isinf",
            "isnan",
            "log",
            "log1p",
            "log2",
            "log10",
            "multiply",
            "not_equal",
            "pow",
            "round",
            "sign",
            "sin",
            "sinh",
            "sqrt",
            "subtract",
            "tan",
            "tanh",
        ] {
            assert!(functions.contains(f), "{f}");
            let r = rules(f);
            assert_eq!(r.is_checkable(), f != "pow", "{f}");
        }
        // Every exact row is checkable and has witnesses that it governs.
        for precision in [Precision::F32, Precision::F64] {
            for f in &functions {
                let r = rules(f);
                for row in r.values.iter().filter(|c| c.is_checkable()) {
                    let w = r.row_witnesses(row, precision);
                    assert!(!w.is_empty(), "{row}: no witness in {precision:?}");
                    for tuple in &w {
                        assert_eq!(tuple.len(), 2 * row.arity, "{row}");
                        assert!(tuple.iter().all(|&v| precision.represents(v)), "{row}");
                    }
                }
                if r.is_checkable() {
                    assert!(!r.witnesses_in(precision).is_empty(), "{f}");
                }
            }
        }
    }

    #[test]
    fn rows_reach_the_other_quadrants_through_the_symmetries() {
        // sqrt #5: -inf + bj (b > 0) is +0 + inf j; by conj, b < 0 gives
        // +0 - inf j.
        assert!(verdict("sqrt", &[-INF, 2.0], [0.0, INF]).is_ok());
        assert!(verdict("sqrt", &[-INF, -2.0], [0.0, -INF]).is_ok());
        assert!(verdict("sqrt", &[-INF, -2.0], [0.0, INF]).is_err());
        // acos #2: (±0 + 0j) is π/2 - 0j; so ±0 - 0j is π/2 + 0j.
        let half_pi = std::f64::consts::FRAC_PI_2;
        assert!(verdict("acos", &[-0.0, -0.0], [half_pi, 0.0]).is_ok());
        assert!(verdict("acos", &[-0.0, -0.0], [half_pi, -0.0]).is_err());
        // asinh is odd: -0 - 0j gives -0 - 0j.
        assert!(verdict("asinh", &[-0.0, -0.0], [-0.0, -0.0]).is_ok());
        assert!(verdict("asinh", &[-0.0, -0.0], [0.0, -0.0]).is_err());
        // cosh is even and conj-symmetric: -inf - 0j is +inf + 0j.
        assert!(verdict("cosh", &[-INF, -0.0], [INF, 0.0]).is_ok());
        assert!(verdict("cosh", &[-INF, -0.0], [INF, -0.0]).is_err());
        // exp #6: +0 * cis(b), signs from cos(3) < 0 and sin(3) > 0.
        assert!(verdict("exp", &[-INF, 3.0], [-0.0, 0.0]).is_ok());
        assert!(verdict("exp", &[-INF, 3.0], [0.0, 0.0]).is_err());
    }

    #[test]
    fn delegations_carry_the_target_rows() {
        // asin(z) = -1j * asinh(z*1j): asin(+0 + NaN j): z*1j = -NaN + 0j,
        // asinh(NaN + 0j) = NaN + 0j (by conj for -0), so asin = +0 + NaN j
        // up to the zero's sign read through the rows.
        let r = rules("asin")
            .check_in(Precision::F64, &[0.0, NAN], [0.0, NAN])
            .unwrap();
        assert!(r.1.is_ok(), "{r:?}");
        assert!(r.0.contains("asinh"), "{}", r.0);
        // cos(z) = cosh(z*1j): cos(0 + inf j) = cosh(-inf + 0j) = +inf + ...
        assert!(verdict("cos", &[0.0, INF], [INF, -0.0]).is_ok());
        // log2(-0 + 0j) = -inf + (π/ln 2)j.
        let want = std::f64::consts::PI / std::f64::consts::LN_2;
        assert!(verdict("log2", &[-0.0, 0.0], [-INF, want]).is_ok());
        assert!(verdict("log2", &[-0.0, 0.0], [-INF, std::f64::consts::PI]).is_err());
    }

    #[test]
    fn binary_and_componentwise_rows() {
        assert!(verdict("equal", &[NAN, 0.0, NAN, 0.0], [0.0, 0.0]).is_ok());
        assert!(verdict("equal", &[1.0, -0.0, 1.0, 0.0], [1.0, 0.0]).is_ok());
        assert!(verdict("not_equal", &[1.0, 2.0, 1.0, 3.0], [1.0, 0.0]).is_ok());
        assert!(verdict("not_equal", &[1.0, 2.0, 1.0, 3.0], [0.0, 0.0]).is_err());
        assert!(verdict("multiply", &[NAN, NAN, NAN, NAN], [NAN, NAN]).is_ok());
        assert!(verdict("multiply", &[NAN, NAN, NAN, NAN], [NAN, 1.0]).is_err());
        assert!(rules("multiply")
            .check_in(Precision::F64, &[1.0, NAN, 2.0, 3.0], [0.0, 0.0])
            .is_none());
        // The standard's example: (-0 + 0j) + (-0 - 0j) is -0 + 0j.
        assert!(verdict("add", &[-0.0, 0.0, -0.0, -0.0], [-0.0, 0.0]).is_ok());
        assert!(verdict("add", &[-0.0, 0.0, -0.0, -0.0], [0.0, 0.0]).is_err());
        assert!(verdict("subtract", &[-0.0, 0.0, 0.0, 0.0], [-0.0, 0.0]).is_ok());
        assert!(verdict("round", &[2.5, -0.5], [2.0, -0.0]).is_ok());
        assert!(verdict("round", &[2.5, -0.5], [3.0, -0.0]).is_err());
        assert!(verdict("abs", &[NAN, -INF], [INF, NAN]).is_ok());
        assert!(verdict("abs", &[-0.0, -3.0], [3.0, NAN]).is_ok());
        assert!(
            verdict("tanh", &[INF, 2.0], [1.0, -0.0]).is_ok(),
            "C99's sign"
        );
        // Where the rows and the symmetries conflict, either reading.
        assert!(verdict("sqrt", &[NAN, -INF], [INF, -INF]).is_ok(), "C99");
        assert!(verdict("sqrt", &[NAN, -INF], [NAN, NAN]).is_ok(), "row 9");
        assert!(verdict("sqrt", &[NAN, -INF], [INF, INF]).is_err());
    }

    #[test]
    fn witnesses_are_governed_by_the_row_they_name() {
        for f in ["sqrt", "asin", "equal", "add", "cos", "log10"] {
            let r = rules(f);
            for (label, z) in r.witnesses_in(Precision::F32) {
                assert!(
                    r.check_in(Precision::F32, &z, [0.0, 0.0]).is_some(),
                    "{f} {z:?}"
                );
                assert!(label.starts_with(f), "{label}");
            }
        }
    }
}
