//! What a row says the result is: a literal, an operand expression, an
//! IEEE operation or a delegation to another function; and whether a result
//! is it, in a precision ([`Expected::check_in`]).

use conformance_strategies::compare::show;

use super::condition::{Class, Condition, Term};
use super::precision::{identical, Precision};
use crate::float;
/// A literal value of a result or a comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Literal {
    /// NaN of either sign.
    NaN,
    /// `+0`.
    PosZero,
    /// `-0`.
    NegZero,
    /// A zero of either sign (the table's unsigned `0`).
    Zero,
    /// Any other number, the infinities included.
    Value(f64),
}

impl Literal {
    pub(super) fn parse(s: &str) -> Option<Literal> {
        Some(match s.trim() {
            "NaN" => Literal::NaN,
            "+0" => Literal::PosZero,
            "-0" => Literal::NegZero,
            "0" => Literal::Zero,
            "+inf" => Literal::Value(f64::INFINITY),
            "-inf" => Literal::Value(f64::NEG_INFINITY),
            other => Literal::Value(other.parse::<f64>().ok()?),
        })
    }

    /// The literal as a number (NaN for NaN; `+0` for `0`).
    pub fn value(self) -> f64 {
        match self {
            Literal::NaN => f64::NAN,
            Literal::PosZero | Literal::Zero => 0.0,
            Literal::NegZero => -0.0,
            Literal::Value(v) => v,
        }
    }

    /// Whether `actual` is this literal.
    pub fn accepts(self, actual: f64) -> bool {
        match self {
            Literal::NaN => actual.is_nan(),
            Literal::PosZero => Class::PosZero.contains(actual),
            Literal::NegZero => Class::NegZero.contains(actual),
            Literal::Zero => actual == 0.0,
            Literal::Value(v) => actual == v,
        }
    }
}

/// An IEEE operation of a result expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IeeeOp {
    /// `a + b`.
    Add,
    /// `a / b`.
    Divide,
    /// `a * b`.
    Multiply,
}

/// An argument of a delegation: a number or an operand expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// A number.
    Value(f64),
    /// An operand expression.
    Term(Term),
}

impl Arg {
    /// The argument's value for these operands.
    pub fn eval(&self, inputs: &[f64]) -> f64 {
        match self {
            Arg::Value(v) => *v,
            Arg::Term(t) => t.eval(inputs),
        }
    }
}

/// What a row says the result is.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// This literal.
    Literal(Literal),
    /// `True` or `False` (the result is passed as 1.0 or 0.0).
    Bool(bool),
    /// Exactly the value of an operand expression (`x1`, `-abs(x1)`).
    Term(Term),
    /// Within a few ulps of the constant.
    Approx(f64),
    /// A NaN with this sign bit.
    NanWithSign(bool),
    /// An infinity, negative iff the operands' sign bits differ.
    SignedInfinity,
    /// The result `r` (operand 0) meets the condition.
    Result(Condition),
    /// The correctly rounded IEEE operation on `x1`, `x2` in the precision.
    Ieee(IeeeOp),
    /// `x1 // x2` as Python's float floor division gives it (the largest
    /// integer-valued float not above the quotient, as CPython and NumPy
    /// compute it).
    FloorQuotient,
    /// `x1 % x2` as Python's float remainder gives it.
    PythonRemainder,
    /// The nearest integer, ties to even.
    RoundEven,
    /// Any of these.
    OneOf(Vec<Literal>),
    /// The special cases of `function` applied to `args`.
    Delegate {
        /// The function whose special cases apply.
        function: &'static str,
        /// Its operands, in terms of this function's.
        args: Vec<Arg>,
    },
    /// A relation over all inputs (`identity: ...`), as text.
    Identity(&'static str),
    /// Anything else (notes, prose, raises, array-method results): not
    /// checkable element by element.
    Unchecked(&'static str),
}

/// How many units in the last place an `approx(C)` result may be from `C`.
pub const APPROX_ULPS: f64 = 4.0;

fn approx_constant(s: &str) -> Option<f64> {
    use std::f64::consts::PI;
    Some(match s {
        "+pi/2" => PI / 2.0,
        "-pi/2" => -PI / 2.0,
        "+pi" => PI,
        "-pi" => -PI,
        "+pi/4" => PI / 4.0,
        "-pi/4" => -PI / 4.0,
        "+3pi/4" => 3.0 * PI / 4.0,
        "-3pi/4" => -3.0 * PI / 4.0,
        _ => return None,
    })
}

/// Applies a binary operation in the precision.
pub(super) fn in_precision(
    p: Precision,
    a: f64,
    b: f64,
    f64op: fn(f64, f64) -> f64,
    f32op: fn(f32, f32) -> f32,
) -> f64 {
    match p {
        Precision::F64 => f64op(a, b),
        Precision::F32 => f32op(a as f32, b as f32) as f64,
    }
}

impl Expected {
    pub(super) fn parse(s: &'static str) -> Result<Expected, String> {
        let s = s.trim();
        match s {
            "True" => return Ok(Expected::Bool(true)),
            "False" => return Ok(Expected::Bool(false)),
            "sgn(x1)*sgn(x2)*inf" => return Ok(Expected::SignedInfinity),
            "ieee(x1+x2)" => return Ok(Expected::Ieee(IeeeOp::Add)),
            "ieee(x1/x2)" => return Ok(Expected::Ieee(IeeeOp::Divide)),
            "ieee(x1*x2)" => return Ok(Expected::Ieee(IeeeOp::Multiply)),
            "floor(x1/x2)" => return Ok(Expected::FloorQuotient),
            "python(x1 % x2)" => return Ok(Expected::PythonRemainder),
            "roundeven(x)" => return Ok(Expected::RoundEven),
            _ => {}
        }
        if let Some(lit) = Literal::parse(s) {
            return Ok(Expected::Literal(lit));
        }
        if let Some(c) = s.strip_prefix("approx(").and_then(|r| r.strip_suffix(')')) {
            return approx_constant(c)
                .map(Expected::Approx)
                .ok_or_else(|| format!("unknown constant `{c}`"));
        }
        if let Some(k) = s
            .strip_prefix("NaN[signbit=")
            .and_then(|r| r.strip_suffix(']'))
        {
            return match k {
                "0" => Ok(Expected::NanWithSign(false)),
                "1" => Ok(Expected::NanWithSign(true)),
                _ => Err(format!("bad sign bit in `{s}`")),
            };
        }
        if let Some(cond) = s.strip_prefix("r: ") {
            return Ok(Expected::Result(Condition::parse(cond)?));
        }
        if let Some(set) = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            return set
                .split(',')
                .map(|m| Literal::parse(m).ok_or_else(|| format!("bad member `{m}` in `{s}`")))
                .collect::<Result<_, _>>()
                .map(Expected::OneOf);
        }
        if let Some(call) = s.strip_prefix("delegate: ") {
            if let Some((function, args)) = call.split_once('(') {
                if let Some(args) = args.strip_suffix(')') {
                    let args = args
                        .split(',')
                        .map(|a| match Literal::parse(a) {
                            Some(l) => Ok(Arg::Value(l.value())),
                            None => Term::parse(a).map(Arg::Term),
                        })
                        .collect::<Result<_, _>>()?;
                    return Ok(Expected::Delegate { function, args });
                }
            }
            return Ok(Expected::Unchecked(s));
        }
        if s.starts_with("identity: ") {
            return Ok(Expected::Identity(s));
        }
        if let Ok(t) = Term::parse(s) {
            return Ok(Expected::Term(t));
        }
        Ok(Expected::Unchecked(s))
    }

    /// Whether [`Expected::check_in`] can judge a result element by element.
    pub fn is_checkable(&self) -> bool {
        !matches!(
            self,
            Expected::Delegate { .. } | Expected::Identity(_) | Expected::Unchecked(_)
        )
    }

    /// [`Expected::check_in`] in `float64`.
    pub fn check(&self, inputs: &[f64], actual: f64) -> Result<(), String> {
        self.check_in(Precision::F64, inputs, actual)
    }

    /// Whether `actual`, computed in `precision` from the operand values
    /// `inputs`, is what the row asks for; the error says what was expected.
    pub fn check_in(
        &self,
        precision: Precision,
        inputs: &[f64],
        actual: f64,
    ) -> Result<(), String> {
        let exactly = |want: f64| {
            if identical(want, actual) {
                Ok(())
            } else {
                Err(format!("expected {}, got {}", show(want), show(actual)))
            }
        };
        let holds = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(format!("expected {what}, got {}", show(actual)))
            }
        };
        let (a, b) = (inputs[0], inputs.get(1).copied().unwrap_or(f64::NAN));
        match self {
            Expected::Literal(l) => {
                let what = match l {
                    Literal::Zero => "0 (either sign)".to_string(),
                    other => show(other.value()),
                };
                holds(l.accepts(actual), &what)
            }
            Expected::Bool(v) => holds(actual == f64::from(u8::from(*v)), &format!("{v}")),
            Expected::Term(t) => exactly(t.eval(inputs)),
            Expected::Approx(c) => {
                let c = precision.round(*c);
                let tolerance = APPROX_ULPS * precision.ulp(c);
                holds(
                    (actual - c).abs() <= tolerance,
                    &format!("{c:?} within {APPROX_ULPS} ulps"),
                )
            }
            Expected::NanWithSign(bit) => holds(
                actual.is_nan() && actual.is_sign_negative() == *bit,
                &format!("NaN with sign bit {}", u8::from(*bit)),
            ),
            Expected::SignedInfinity => {
                let negative = a.is_sign_negative() != b.is_sign_negative();
                exactly(if negative {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                })
            }
            Expected::Result(cond) => holds(cond.matches(&[actual]), &format!("r: {cond:?}")),
            Expected::Ieee(op) => exactly(match op {
                IeeeOp::Add => in_precision(precision, a, b, |x, y| x + y, |x, y| x + y),
                IeeeOp::Divide => in_precision(precision, a, b, |x, y| x / y, |x, y| x / y),
                IeeeOp::Multiply => in_precision(precision, a, b, |x, y| x * y, |x, y| x * y),
            }),
            Expected::FloorQuotient => exactly(in_precision(
                precision,
                a,
                b,
                float::python_floor_divide,
                float::python_floor_divide,
            )),
            Expected::PythonRemainder => exactly(in_precision(
                precision,
                a,
                b,
                float::remainder,
                float::remainder,
            )),
            Expected::RoundEven => exactly(a.round_ties_even()),
            Expected::OneOf(lits) => holds(
                lits.iter().any(|l| l.accepts(actual)),
                &format!("one of {lits:?}"),
            ),
            Expected::Delegate { function, .. } => Err(format!(
                "delegates to `{function}`: check with that function's cases"
            )),
            Expected::Identity(text) | Expected::Unchecked(text) => {
                Err(format!("`{text}` is not checkable element by element"))
            }
        }
    }
}
