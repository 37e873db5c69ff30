//! What a complex row says one component of the result is (its `real` or
//! `imag` column): a result of the real DSL, or one of the forms only the
//! complex table needs (either sign of a constant, the components of
//! `K * cis(b)`, a truth value, the real special cases of a component
//! operation); and whether a computed component is it.

use conformance_strategies::compare::show;

use super::super::condition::{Condition, Term};
use super::super::expected::{Arg, Expected, Literal};
use super::super::precision::Precision;
use super::super::{first_value_row, special_cases, RowKind};

/// Which component of `cis(b) = cos(b) + sin(b) j` a result scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CisPart {
    /// `cos(b)`: the real component.
    Cos,
    /// `sin(b)`: the imaginary component.
    Sin,
}

/// One component of a complex row's result.
#[derive(Clone, Debug, PartialEq)]
pub enum Component {
    /// A result of the real DSL, evaluated on the components (`a`, `b`,
    /// `c`, `d` are operands 0 to 3).
    Real(Expected),
    /// `±X`: `X` or its negation.
    EitherSign(Expected),
    /// `K*cos(b)` or `K*sin(b)` (`K` is `+0` or `+inf`), less one where
    /// `minus_one`: the IEEE product, exact, since `cos(b)` and `sin(b)`
    /// of a finite nonzero float are never zero, so only their signs
    /// matter (and `sin(±0)` is `±0`).
    Cis {
        /// `K`.
        scale: f64,
        /// Which of `cos(b)`, `sin(b)`.
        part: CisPart,
        /// Whether 1 is subtracted (`expm1`'s `K * cis(b) - 1.0`).
        minus_one: bool,
    },
    /// `True` iff the condition holds on the components.
    Truth(Condition),
    /// The real special cases of `function` on these component
    /// expressions (complex `add`: `add(a,c)` for the real component).
    Delegate {
        /// The real function whose rows apply.
        function: &'static str,
        /// Its operands, in terms of the components.
        args: Vec<Arg>,
    },
    /// The result is real-valued: there is no imaginary component.
    NotApplicable,
    /// Prose or a formula: not checkable element by element.
    Unchecked(&'static str),
}

impl Component {
    pub(super) fn parse(s: &'static str) -> Result<Component, String> {
        let s = s.trim();
        if s == "n/a" {
            return Ok(Component::NotApplicable);
        }
        if let Some(rest) = s.strip_prefix('±') {
            return Ok(Component::EitherSign(Expected::parse(rest)?));
        }
        if let Some(cond) = s.strip_prefix("truth(").and_then(|r| r.strip_suffix(')')) {
            return Ok(Component::Truth(Condition::parse(cond)?));
        }
        if let Some(call) = s.strip_prefix("delegate: ") {
            let (function, args) = call
                .split_once('(')
                .and_then(|(f, a)| Some((f, a.strip_suffix(')')?)))
                .ok_or_else(|| format!("bad delegation `{s}`"))?;
            let args = args
                .split(',')
                .map(|a| Term::parse(a).map(Arg::Term))
                .collect::<Result<_, _>>()?;
            return Ok(Component::Delegate { function, args });
        }
        for (text, part) in [("*cos(b)", CisPart::Cos), ("*sin(b)", CisPart::Sin)] {
            let Some((scale, rest)) = s.split_once(text) else {
                continue;
            };
            let minus_one = match rest {
                "" => false,
                "-1" => true,
                _ => return Err(format!("bad cis component `{s}`")),
            };
            let scale = match Literal::parse(scale) {
                Some(Literal::PosZero) => 0.0,
                Some(Literal::Value(v)) if v == f64::INFINITY => v,
                _ => return Err(format!("bad cis scale in `{s}`")),
            };
            return Ok(Component::Cis {
                scale,
                part,
                minus_one,
            });
        }
        if s.starts_with("prose: ") || s.contains("1j") || s.contains("log(") {
            return Ok(Component::Unchecked(s));
        }
        match Expected::parse(s)? {
            Expected::Unchecked(text) => Err(format!("unread component `{text}`")),
            e => Ok(Component::Real(e)),
        }
    }

    /// Whether [`Component::check_in`] judges anything.
    pub fn is_checkable(&self) -> bool {
        !matches!(self, Component::NotApplicable | Component::Unchecked(_))
    }

    /// The component with every constant divided by `divisor` (positive):
    /// the special cases of `log(x)/log(B)` from those of `log(x)`. NaN,
    /// zeros and infinities keep their value and sign.
    pub fn divided_by(&self, divisor: f64) -> Component {
        let scale = |e: &Expected| match e {
            Expected::Approx(c) => Expected::Approx(c / divisor),
            Expected::Literal(Literal::Value(v)) if v.is_finite() && *v != 0.0 => {
                Expected::Approx(v / divisor)
            }
            other => other.clone(),
        };
        match self {
            Component::Real(e) => Component::Real(scale(e)),
            Component::EitherSign(e) => Component::EitherSign(scale(e)),
            other => other.clone(),
        }
    }

    /// Whether `actual`, a component computed in `precision` from the
    /// operands' components `z`, is what the row asks for. `Ok` for a
    /// component the row does not judge.
    pub fn check_in(&self, precision: Precision, z: &[f64], actual: f64) -> Result<(), String> {
        match self {
            Component::Real(e) => e.check_in(precision, z, actual),
            Component::EitherSign(e) => e
                .check_in(precision, z, actual)
                .or_else(|_| e.check_in(precision, z, -actual))
                .map_err(|e| format!("{e} (either sign)")),
            Component::Cis {
                scale,
                part,
                minus_one,
            } => {
                let b = z[1];
                let trig = match part {
                    CisPart::Cos => b.cos(),
                    CisPart::Sin => b.sin(),
                };
                let want = scale * trig - if *minus_one { 1.0 } else { 0.0 };
                Expected::Literal(literal(want)).check_in(precision, z, actual)
            }
            Component::Truth(cond) => {
                Expected::Bool(cond.matches(z)).check_in(precision, z, actual)
            }
            Component::Delegate { function, args } => {
                let inputs: Vec<f64> = args.iter().map(|a| a.eval(z)).collect();
                check_real_rows(function, precision, &inputs, actual)
            }
            Component::NotApplicable | Component::Unchecked(_) => Ok(()),
        }
    }
}

/// `v` as a literal that accepts exactly `v` (a zero with its sign).
fn literal(v: f64) -> Literal {
    if v.is_nan() {
        Literal::NaN
    } else if v == 0.0 {
        if v.is_sign_negative() {
            Literal::NegZero
        } else {
            Literal::PosZero
        }
    } else {
        Literal::Value(v)
    }
}

/// Checks `actual` against the real rows of `function` on `inputs` as the
/// real special-case check does: the first value row that matches, and
/// every constraint row that matches, skipping the spec's named gaps.
pub(super) fn check_real_rows(
    function: &str,
    precision: Precision,
    inputs: &[f64],
    actual: f64,
) -> Result<(), String> {
    let cases = special_cases(function);
    let rows = first_value_row(&cases, inputs).into_iter().chain(
        cases
            .iter()
            .filter(|c| c.kind == RowKind::Constraint && c.matches(inputs)),
    );
    for row in rows {
        if row.spec_gap(precision, inputs).is_none() {
            row.check_in(precision, inputs, actual)
                .map_err(|e| format!("{e} (operands {})", show_all(inputs)))?;
        }
    }
    Ok(())
}

fn show_all(values: &[f64]) -> String {
    let shown: Vec<String> = values.iter().map(|&v| show(v)).collect();
    format!("[{}]", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &'static str) -> Component {
        Component::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn forms_parse() {
        assert_eq!(parse("n/a"), Component::NotApplicable);
        assert!(matches!(parse("±approx(+pi/2)"), Component::EitherSign(_)));
        assert!(matches!(
            parse("+inf*cos(b)-1"),
            Component::Cis {
                part: CisPart::Cos,
                minus_one: true,
                ..
            }
        ));
        assert!(matches!(parse("truth(a==c & b==d)"), Component::Truth(_)));
        assert!(matches!(
            parse("delegate: add(a,-c)"),
            Component::Delegate {
                function: "add",
                ..
            }
        ));
        assert!(matches!(
            parse("abs(b)"),
            Component::Real(Expected::Term(_))
        ));
        assert!(Component::parse("what").is_err());
        assert!(Component::parse("2*cos(b)").is_err());
    }

    #[test]
    fn components_check_exactly() {
        let p = Precision::F64;
        // +inf * cos(2) is -inf: cos(2) < 0.
        let c = parse("+inf*cos(b)");
        assert!(c
            .check_in(p, &[f64::INFINITY, 2.0], f64::NEG_INFINITY)
            .is_ok());
        assert!(c.check_in(p, &[f64::INFINITY, 2.0], f64::INFINITY).is_err());
        // +0 * sin(-0) is -0.
        let s = parse("+0*sin(b)");
        assert!(s.check_in(p, &[f64::NEG_INFINITY, -0.0], -0.0).is_ok());
        assert!(s.check_in(p, &[f64::NEG_INFINITY, -0.0], 0.0).is_err());
        assert!(parse("+0*cos(b)-1")
            .check_in(p, &[f64::NEG_INFINITY, 3.0], -1.0)
            .is_ok());
        let half_pi = std::f64::consts::FRAC_PI_2;
        let either = parse("±approx(+pi/2)");
        assert!(either.check_in(p, &[0.0, f64::NAN], -half_pi).is_ok());
        assert!(either.check_in(p, &[0.0, f64::NAN], 1.0).is_err());
        let eq = parse("truth(a==c & b==d)");
        assert!(eq.check_in(p, &[1.0, 2.0, 1.0, 2.0], 1.0).is_ok());
        assert!(eq.check_in(p, &[1.0, 2.0, 1.0, -2.0], 1.0).is_err());
        // add's real rows, per component: -0 + -0 is -0; 1 + 1e-30 rounds.
        let add = parse("delegate: add(a,c)");
        assert!(add.check_in(p, &[-0.0, 0.0, -0.0, 0.0], -0.0).is_ok());
        assert!(add.check_in(p, &[-0.0, 0.0, -0.0, 0.0], 0.0).is_err());
        assert!(add.check_in(p, &[1.0, 0.0, 1e-30, 0.0], 1.0).is_ok());
        let sub = parse("delegate: add(a,-c)");
        assert!(sub.check_in(p, &[-0.0, 0.0, 0.0, 0.0], -0.0).is_ok());
        // log2's constants: pi / ln 2.
        let l2 = parse("approx(+pi)").divided_by(std::f64::consts::LN_2);
        let want = std::f64::consts::PI / std::f64::consts::LN_2;
        assert!(l2.check_in(p, &[-1.0, 0.0], want).is_ok());
        assert!(l2.check_in(p, &[-1.0, 0.0], std::f64::consts::PI).is_err());
        assert!(parse("+inf")
            .divided_by(std::f64::consts::LN_2)
            .check_in(p, &[0.0, 0.0], f64::INFINITY)
            .is_ok());
    }
}
