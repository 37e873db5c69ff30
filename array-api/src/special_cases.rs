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

use std::fmt;
use std::sync::OnceLock;

use conformance_strategies::compare::show;
use conformance_strategies::DType;

use crate::float;

const TABLE: &str = include_str!("../spec/special_cases.tsv");

/// What a row of the table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
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

impl Kind {
    fn parse(s: &str) -> Result<Kind, String> {
        Ok(match s {
            "exact" => Kind::Exact,
            "approx" => Kind::Approx,
            "constraint" => Kind::Constraint,
            "otherwise" => Kind::Otherwise,
            "identity" => Kind::Identity,
            "delegate" => Kind::Delegate,
            "raises" => Kind::Raises,
            "prose" => Kind::Prose,
            "note" => Kind::Note,
            other => return Err(format!("unknown kind `{other}`")),
        })
    }

    /// Whether the row gives the value of the result (exact, approx or
    /// otherwise).
    pub fn is_value(self) -> bool {
        matches!(self, Kind::Exact | Kind::Approx | Kind::Otherwise)
    }
}

/// The floating-point precision results are computed and compared in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    F32,
    F64,
}

impl Precision {
    /// The precision of a floating-point dtype; `None` for the others.
    pub fn of(dtype: DType) -> Option<Precision> {
        match dtype {
            DType::Float32 => Some(Precision::F32),
            DType::Float64 => Some(Precision::F64),
            _ => None,
        }
    }

    pub fn dtype(self) -> DType {
        match self {
            Precision::F32 => DType::Float32,
            Precision::F64 => DType::Float64,
        }
    }

    /// `v` rounded to this precision (to nearest, ties to even).
    pub fn round(self, v: f64) -> f64 {
        match self {
            Precision::F32 => v as f32 as f64,
            Precision::F64 => v,
        }
    }

    /// Whether `v` is exactly representable in this precision (NaN is).
    pub fn represents(self, v: f64) -> bool {
        v.is_nan() || self.round(v) == v
    }

    /// The distance from `v` to the next representable value away from
    /// zero (for a finite `v`).
    pub fn ulp(self, v: f64) -> f64 {
        match self {
            Precision::F32 => {
                let a = (v as f32).abs();
                (f32::from_bits(a.to_bits() + 1) - a) as f64
            }
            Precision::F64 => {
                let a = v.abs();
                f64::from_bits(a.to_bits() + 1) - a
            }
        }
    }

    /// The next representable value after `v` toward `+inf` (`up`) or
    /// `-inf`.
    fn step(self, v: f64, up: bool) -> f64 {
        fn next64(v: f64, up: bool) -> f64 {
            if v.is_nan() || (v.is_infinite() && (v > 0.0) == up) {
                return v;
            }
            if v == 0.0 {
                let tiny = f64::from_bits(1);
                return if up { tiny } else { -tiny };
            }
            let bits = v.to_bits();
            f64::from_bits(if (v > 0.0) == up { bits + 1 } else { bits - 1 })
        }
        fn next32(v: f32, up: bool) -> f32 {
            if v.is_nan() || (v.is_infinite() && (v > 0.0) == up) {
                return v;
            }
            if v == 0.0 {
                let tiny = f32::from_bits(1);
                return if up { tiny } else { -tiny };
            }
            let bits = v.to_bits();
            f32::from_bits(if (v > 0.0) == up { bits + 1 } else { bits - 1 })
        }
        match self {
            Precision::F32 => next32(v as f32, up) as f64,
            Precision::F64 => next64(v, up),
        }
    }
}

/// Whether `a` and `b` are the same value: both NaN (of any sign), or equal
/// with the same sign bit.
pub fn identical(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a == b && a.is_sign_negative() == b.is_sign_negative())
}

/// The grid of operand values the spec README evaluates the table on, in a
/// precision: ±NaN, ±0, ±0.25, ±0.5, ±0.75, ±1, ±1.5, ±2, ±2.5, ±3, ±3.7,
/// ±4.5, ±7, two subnormals, the smallest normal, ±1e308 (±1e38 for
/// `float32`), the largest finite value and ±inf. Every value is exact in
/// the precision.
pub fn grid(precision: Precision) -> Vec<f64> {
    let (huge, max, min_normal) = match precision {
        Precision::F32 => (1e38f32 as f64, f32::MAX as f64, f32::MIN_POSITIVE as f64),
        Precision::F64 => (1e308, f64::MAX, f64::MIN_POSITIVE),
    };
    let tiny = precision.step(0.0, true);
    let magnitudes = [
        0.0,
        0.25,
        0.5,
        0.75,
        1.0,
        1.5,
        2.0,
        2.5,
        3.0,
        precision.round(3.7),
        4.5,
        7.0,
        tiny,
        min_normal / 2.0,
        min_normal,
        huge,
        max,
        f64::INFINITY,
        f64::NAN,
    ];
    magnitudes.iter().flat_map(|&m| [m, -m]).collect()
}

/// An operand expression: an operand, its absolute value or its negation.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// Operand number `index`, written `name` in the table.
    Operand {
        index: usize,
        name: &'static str,
    },
    Abs(Box<Term>),
    Neg(Box<Term>),
}

impl Term {
    pub fn eval(&self, inputs: &[f64]) -> f64 {
        match self {
            Term::Operand { index, .. } => inputs[*index],
            Term::Abs(t) => t.eval(inputs).abs(),
            Term::Neg(t) => -t.eval(inputs),
        }
    }

    /// The operand index the term reads.
    pub fn operand(&self) -> usize {
        match self {
            Term::Operand { index, .. } => *index,
            Term::Abs(t) | Term::Neg(t) => t.operand(),
        }
    }

    fn parse(s: &str) -> Result<Term, String> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix('-') {
            return Ok(Term::Neg(Box::new(Term::parse(rest)?)));
        }
        if let Some(inner) = s.strip_prefix("abs(").and_then(|r| r.strip_suffix(')')) {
            return Ok(Term::Abs(Box::new(Term::parse(inner)?)));
        }
        let (index, name) = match s {
            "x" => (0, "x"),
            "x1" => (0, "x1"),
            "self" => (0, "self"),
            "r" => (0, "r"),
            "x2" => (1, "x2"),
            "min" => (1, "min"),
            "max" => (2, "max"),
            _ => return Err(format!("`{s}` is not an operand")),
        };
        Ok(Term::Operand { index, name })
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Operand { name, .. } => f.write_str(name),
            Term::Abs(t) => write!(f, "abs({t})"),
            Term::Neg(t) => write!(f, "-{t}"),
        }
    }
}

/// The class literals, tested by class (`+0` and `-0` differ, NaN of either
/// sign).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    NaN,
    PosZero,
    NegZero,
}

impl Class {
    pub fn contains(self, v: f64) -> bool {
        match self {
            Class::NaN => v.is_nan(),
            Class::PosZero => v == 0.0 && v.is_sign_positive(),
            Class::NegZero => v == 0.0 && v.is_sign_negative(),
        }
    }
}

/// An IEEE comparison with a literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

/// One predicate of a condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Pred {
    /// `V=NaN`, `V=+0`, `V=-0` (or their `!=` negation).
    Class {
        term: Term,
        class: Class,
        negated: bool,
    },
    /// `V=c`, `V!=c`, `V<c`, ...: IEEE comparison with a number.
    Compare { term: Term, op: CmpOp, value: f64 },
    /// Neither NaN nor infinite.
    Finite(Term),
    /// No constraint.
    AnyValue(Term),
    /// Finite and integer-valued.
    Integer(Term),
    /// Integer-valued and odd.
    OddInteger(Term),
    /// Not [`Pred::Integer`] (true for NaN and the infinities).
    NotInteger(Term),
    /// Not [`Pred::OddInteger`].
    NotOddInteger(Term),
    /// Finite and exactly halfway between two integers.
    HalfInteger(Term),
    /// The sign bit (NaN's too) is `true` (1) or `false` (0).
    SignBit(Term, bool),
    /// Equal sign bits.
    SameSign(Term, Term),
    /// Different sign bits.
    DifferentSign(Term, Term),
    /// IEEE `==` between operand expressions.
    Equal(Term, Term),
    /// IEEE `!=` between operand expressions.
    NotEqual(Term, Term),
    /// A predicate over a whole reduction (`any(x=NaN)`, `M=0`, ...): never
    /// matches element by element.
    Aggregate(String),
}

fn is_integer(v: f64) -> bool {
    v.is_finite() && v == v.trunc()
}

fn is_odd_integer(v: f64) -> bool {
    is_integer(v) && (v % 2.0).abs() == 1.0
}

impl Pred {
    pub fn matches(&self, inputs: &[f64]) -> bool {
        match self {
            Pred::Class {
                term,
                class,
                negated,
            } => class.contains(term.eval(inputs)) != *negated,
            Pred::Compare { term, op, value } => {
                let v = term.eval(inputs);
                match op {
                    CmpOp::Eq => v == *value,
                    CmpOp::Ne => v != *value,
                    CmpOp::Lt => v < *value,
                    CmpOp::Gt => v > *value,
                    CmpOp::Le => v <= *value,
                    CmpOp::Ge => v >= *value,
                }
            }
            Pred::Finite(t) => t.eval(inputs).is_finite(),
            Pred::AnyValue(_) => true,
            Pred::Integer(t) => is_integer(t.eval(inputs)),
            Pred::OddInteger(t) => is_odd_integer(t.eval(inputs)),
            Pred::NotInteger(t) => !is_integer(t.eval(inputs)),
            Pred::NotOddInteger(t) => !is_odd_integer(t.eval(inputs)),
            Pred::HalfInteger(t) => {
                let v = t.eval(inputs);
                v.is_finite() && v - v.floor() == 0.5
            }
            Pred::SignBit(t, bit) => t.eval(inputs).is_sign_negative() == *bit,
            Pred::SameSign(a, b) => {
                a.eval(inputs).is_sign_negative() == b.eval(inputs).is_sign_negative()
            }
            Pred::DifferentSign(a, b) => {
                a.eval(inputs).is_sign_negative() != b.eval(inputs).is_sign_negative()
            }
            Pred::Equal(a, b) => a.eval(inputs) == b.eval(inputs),
            Pred::NotEqual(a, b) => a.eval(inputs) != b.eval(inputs),
            Pred::Aggregate(_) => false,
        }
    }

    /// The operand indices the predicate reads (empty for aggregates).
    pub fn operands(&self) -> Vec<usize> {
        let mut out = match self {
            Pred::Class { term, .. } | Pred::Compare { term, .. } => vec![term.operand()],
            Pred::Finite(t)
            | Pred::AnyValue(t)
            | Pred::Integer(t)
            | Pred::OddInteger(t)
            | Pred::NotInteger(t)
            | Pred::NotOddInteger(t)
            | Pred::HalfInteger(t)
            | Pred::SignBit(t, _) => vec![t.operand()],
            Pred::SameSign(a, b)
            | Pred::DifferentSign(a, b)
            | Pred::Equal(a, b)
            | Pred::NotEqual(a, b) => vec![a.operand(), b.operand()],
            Pred::Aggregate(_) => vec![],
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Values worth trying for the predicate's operand: the literal, its
    /// negation and their neighbours.
    fn interesting(&self, precision: Precision) -> Vec<f64> {
        match self {
            Pred::Compare { value, .. } if value.is_finite() => {
                let c = precision.round(*value);
                [c, -c]
                    .into_iter()
                    .flat_map(|c| [c, precision.step(c, true), precision.step(c, false)])
                    .collect()
            }
            _ => vec![],
        }
    }

    fn parse(s: &str) -> Result<Pred, String> {
        let s = s.trim();
        for prefix in ["any(", "max(", "min(", "det(", "M=", "M-", "N="] {
            if s.starts_with(prefix) {
                return Ok(Pred::Aggregate(s.to_string()));
            }
        }
        if let Some(rest) = s.strip_prefix("signbit(") {
            let (term, bit) = rest
                .split_once(")=")
                .ok_or_else(|| format!("bad signbit predicate `{s}`"))?;
            let bit = match bit {
                "0" => false,
                "1" => true,
                _ => return Err(format!("bad sign bit in `{s}`")),
            };
            return Ok(Pred::SignBit(Term::parse(term)?, bit));
        }
        if let Some(rest) = s.strip_prefix("sgn(") {
            let (a, rest, same) = if let Some((a, b)) = rest.split_once(")=sgn(") {
                (a, b, true)
            } else if let Some((a, b)) = rest.split_once(")!=sgn(") {
                (a, b, false)
            } else {
                return Err(format!("bad sgn predicate `{s}`"));
            };
            let b = rest
                .strip_suffix(')')
                .ok_or_else(|| format!("bad sgn predicate `{s}`"))?;
            let (a, b) = (Term::parse(a)?, Term::parse(b)?);
            return Ok(if same {
                Pred::SameSign(a, b)
            } else {
                Pred::DifferentSign(a, b)
            });
        }
        if let Some((v, set)) = s.split_once(" in {") {
            // Expanded by the caller (`Condition::parse_atom`); here only
            // the single-member form would reach.
            return Err(format!("set predicate `{v} in {{{set}` must be expanded"));
        }
        type MakePred = fn(Term) -> Pred;
        let suffixes: [(&str, MakePred); 7] = [
            (" is not odd integer", Pred::NotOddInteger),
            (" is odd integer", Pred::OddInteger),
            (" is not integer", Pred::NotInteger),
            (" is integer", Pred::Integer),
            (" is half-integer", Pred::HalfInteger),
            (" finite", Pred::Finite),
            (" any", Pred::AnyValue),
        ];
        for (suffix, make) in suffixes {
            if let Some(v) = s.strip_suffix(suffix) {
                return Ok(make(Term::parse(v)?));
            }
        }
        let ops: [(&str, CmpOp); 7] = [
            ("!=", CmpOp::Ne),
            ("==", CmpOp::Eq),
            (">=", CmpOp::Ge),
            ("<=", CmpOp::Le),
            (">", CmpOp::Gt),
            ("<", CmpOp::Lt),
            ("=", CmpOp::Eq),
        ];
        for (text, op) in ops {
            let Some((lhs, rhs)) = s.split_once(text) else {
                continue;
            };
            let term = Term::parse(lhs)?;
            return match Literal::parse(rhs) {
                Some(Literal::NaN) | Some(Literal::PosZero) | Some(Literal::NegZero)
                    if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
                {
                    let class = match Literal::parse(rhs) {
                        Some(Literal::NaN) => Class::NaN,
                        Some(Literal::PosZero) => Class::PosZero,
                        _ => Class::NegZero,
                    };
                    Ok(Pred::Class {
                        term,
                        class,
                        negated: op == CmpOp::Ne,
                    })
                }
                Some(lit) => Ok(Pred::Compare {
                    term,
                    op,
                    value: lit.value(),
                }),
                None => {
                    let other = Term::parse(rhs)?;
                    match op {
                        CmpOp::Eq => Ok(Pred::Equal(term, other)),
                        CmpOp::Ne => Ok(Pred::NotEqual(term, other)),
                        _ => Err(format!("cannot compare operands with `{text}` in `{s}`")),
                    }
                }
            };
        }
        Err(format!("unknown predicate `{s}`"))
    }
}

/// A row's condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// Always true.
    Any,
    /// True where none of the function's earlier value rows (whose
    /// conditions it holds) matches.
    Otherwise(Vec<Condition>),
    Or(Vec<Condition>),
    And(Vec<Condition>),
    Pred(Pred),
}

/// Splits `s` on `sep` outside parentheses and braces.
fn split_top<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    let mut parts = vec![];
    let (mut depth, mut start, mut i) = (0i32, 0, 0);
    let bytes = s.as_bytes();
    while i < s.len() {
        match bytes[i] {
            b'(' | b'{' => depth += 1,
            b')' | b'}' => depth -= 1,
            _ => {}
        }
        if depth == 0 && s[i..].starts_with(sep) {
            parts.push(&s[start..i]);
            i += sep.len();
            start = i;
            continue;
        }
        i += 1;
    }
    parts.push(&s[start..]);
    parts
}

impl Condition {
    /// Whether the operand values `inputs` meet the condition.
    pub fn matches(&self, inputs: &[f64]) -> bool {
        match self {
            Condition::Any => true,
            Condition::Otherwise(earlier) => !earlier.iter().any(|c| c.matches(inputs)),
            Condition::Or(cs) => cs.iter().any(|c| c.matches(inputs)),
            Condition::And(cs) => cs.iter().all(|c| c.matches(inputs)),
            Condition::Pred(p) => p.matches(inputs),
        }
    }

    /// Parses a condition (`otherwise` is filled in by the table loader).
    pub fn parse(s: &str) -> Result<Condition, String> {
        let s = s.trim();
        match s {
            "any" => return Ok(Condition::Any),
            "otherwise" => return Ok(Condition::Otherwise(vec![])),
            _ => {}
        }
        Self::parse_disj(s)
    }

    fn parse_disj(s: &str) -> Result<Condition, String> {
        let parts = split_top(s, " | ");
        if parts.len() == 1 {
            return Self::parse_conj(parts[0]);
        }
        Ok(Condition::Or(
            parts
                .into_iter()
                .map(Self::parse_conj)
                .collect::<Result<_, _>>()?,
        ))
    }

    fn parse_conj(s: &str) -> Result<Condition, String> {
        let parts = split_top(s, " & ");
        if parts.len() == 1 {
            return Self::parse_atom(parts[0]);
        }
        Ok(Condition::And(
            parts
                .into_iter()
                .map(Self::parse_atom)
                .collect::<Result<_, _>>()?,
        ))
    }

    fn parse_atom(s: &str) -> Result<Condition, String> {
        let s = s.trim();
        if s.starts_with('(') && s.ends_with(')') {
            let inner = &s[1..s.len() - 1];
            // Only a parenthesised group if the parentheses match each other.
            if inner.chars().try_fold(0i32, |d, c| match c {
                '(' => Some(d + 1),
                ')' if d == 0 => None,
                ')' => Some(d - 1),
                _ => Some(d),
            }) == Some(0)
            {
                return Self::parse_disj(inner);
            }
        }
        if let Some((v, set)) = s.split_once(" in {") {
            let set = set
                .strip_suffix('}')
                .ok_or_else(|| format!("bad set in `{s}`"))?;
            let members = set
                .split(',')
                // `v in {a,b}` is `v=a | v=b`.
                .map(|m| Pred::parse(&format!("{v}={}", m.trim())).map(Condition::Pred))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Condition::Or(members));
        }
        Pred::parse(s).map(Condition::Pred)
    }

    /// The condition as a disjunction of conjunctions of predicates.
    /// `Any` and `Otherwise` give one empty conjunction.
    fn dnf(&self) -> Vec<Vec<&Pred>> {
        match self {
            Condition::Any | Condition::Otherwise(_) => vec![vec![]],
            Condition::Pred(p) => vec![vec![p]],
            Condition::Or(cs) => cs.iter().flat_map(|c| c.dnf()).collect(),
            Condition::And(cs) => cs.iter().fold(vec![vec![]], |acc, c| {
                let mut out = vec![];
                for left in &acc {
                    for right in c.dnf() {
                        let mut both = left.clone();
                        both.extend(right);
                        out.push(both);
                    }
                }
                out
            }),
        }
    }

    /// Whether the condition is about single elements (no reduction-level
    /// [`Pred::Aggregate`]).
    pub fn is_elementwise(&self) -> bool {
        let mut preds = vec![];
        self.preds(&mut preds);
        !preds.iter().any(|p| matches!(p, Pred::Aggregate(_)))
    }

    fn preds(&self, out: &mut Vec<Pred>) {
        match self {
            Condition::Any => {}
            Condition::Otherwise(cs) | Condition::Or(cs) | Condition::And(cs) => {
                cs.iter().for_each(|c| c.preds(out))
            }
            Condition::Pred(p) => out.push(p.clone()),
        }
    }

    /// Operand tuples of `arity` values, exact in `precision`, that meet the
    /// condition: for each conjunction of its disjunctive form, the grid
    /// values (and the literals it names, with their neighbours) that meet
    /// each operand's own predicates, combined and filtered by the whole
    /// condition. At most [`MAX_WITNESSES_PER_BRANCH`] per conjunction,
    /// spread over the combinations. Empty where nothing meets it (an
    /// aggregate condition).
    pub fn witnesses(&self, arity: usize, precision: Precision) -> Vec<Vec<f64>> {
        let mut pool = grid(precision);
        let mut preds = vec![];
        self.preds(&mut preds);
        pool.extend(preds.iter().flat_map(|p| p.interesting(precision)));
        let mut seen = std::collections::HashSet::new();
        pool.retain(|v| precision.represents(*v) && seen.insert(v.to_bits()));

        let mut out: Vec<Vec<f64>> = vec![];
        let mut chosen = std::collections::HashSet::new();
        for conj in self.dnf() {
            if conj.iter().any(|p| matches!(p, Pred::Aggregate(_))) {
                continue;
            }
            let candidates: Vec<Vec<f64>> = (0..arity)
                .map(|i| {
                    pool.iter()
                        .copied()
                        .filter(|&v| {
                            conj.iter().filter(|p| p.operands() == [i]).all(|p| {
                                let mut probe = vec![f64::NAN; arity];
                                probe[i] = v;
                                p.matches(&probe)
                            })
                        })
                        .collect()
                })
                .collect();
            let total: usize = candidates.iter().map(Vec::len).product();
            let mut found = vec![];
            for k in 0..total {
                let mut rest = k;
                let tuple: Vec<f64> = candidates
                    .iter()
                    .map(|c| {
                        let v = c[rest % c.len()];
                        rest /= c.len();
                        v
                    })
                    .collect();
                if conj.iter().all(|p| p.matches(&tuple)) && self.matches(&tuple) {
                    found.push(tuple);
                }
            }
            let step = found.len().div_ceil(MAX_WITNESSES_PER_BRANCH).max(1);
            for tuple in found.into_iter().step_by(step) {
                let key: Vec<u64> = tuple.iter().map(|v| v.to_bits()).collect();
                if chosen.insert(key) {
                    out.push(tuple);
                }
            }
        }
        out
    }
}

/// The most witnesses [`Condition::witnesses`] keeps for one conjunction.
pub const MAX_WITNESSES_PER_BRANCH: usize = 64;

/// A literal value of a result or a comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Literal {
    /// NaN of either sign.
    NaN,
    PosZero,
    NegZero,
    /// A zero of either sign (the table's unsigned `0`).
    Zero,
    /// Any other number, the infinities included.
    Value(f64),
}

impl Literal {
    fn parse(s: &str) -> Option<Literal> {
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
    Add,
    Divide,
    Multiply,
}

/// An argument of a delegation: a number or an operand expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Value(f64),
    Term(Term),
}

impl Arg {
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
        function: &'static str,
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
fn in_precision(
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
    fn parse(s: &'static str) -> Result<Expected, String> {
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

/// One row of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct SpecialCase {
    pub function: &'static str,
    pub arity: usize,
    /// 1-based position within the function's rows.
    pub order: usize,
    pub section: &'static str,
    pub condition: Condition,
    pub result: Expected,
    /// Other results the spec explicitly permits (`alt_result`).
    pub alternatives: Vec<Expected>,
    pub kind: Kind,
    pub note: &'static str,
    pub condition_text: &'static str,
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
            ("not_equal", Kind::Otherwise) => {
                let (a, b) = (inputs[0], inputs[1]);
                let one_infinite =
                    (a.is_infinite() && b.is_finite()) || (b.is_infinite() && a.is_finite());
                one_infinite.then_some(
                    "not_equal: no row covers one operand infinite and the other finite (spec gap)",
                )
            }
            ("floor_divide", Kind::Otherwise) => {
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
            let kind = Kind::parse(at(c_kind))?;
            let mut condition = Condition::parse(at(c_cond))?;
            let function = at(c_fn);
            if let Condition::Otherwise(earlier) = &mut condition {
                *earlier = out
                    .iter()
                    .filter(|c| {
                        c.function == function && matches!(c.kind, Kind::Exact | Kind::Approx)
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
        let count = |k: Kind| rows.iter().filter(|c| c.kind == k).count();
        assert_eq!(count(Kind::Exact), 307);
        assert_eq!(count(Kind::Approx), 18);
        assert_eq!(count(Kind::Otherwise), 9);
        assert_eq!(count(Kind::Constraint), 6);
        assert_eq!(count(Kind::Delegate), 8);
        // Every exact, approx, otherwise and constraint row of an
        // elementwise function (no aggregate, no array method) is checkable.
        for c in rows
            .iter()
            .filter(|c| c.kind.is_value() || c.kind == Kind::Constraint)
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
        assert_eq!(c.kind, Kind::Approx);
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
        assert_eq!(case("cosh", 1).kind, Kind::Identity);
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
                if (c.kind.is_value() || c.kind == Kind::Constraint) && c.condition.is_elementwise()
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
