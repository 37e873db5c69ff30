//! A row's condition: its terms, predicates and their conjunctions and
//! disjunctions, parsed from the table's text; whether operand values meet
//! it ([`Condition::matches`]); and the concrete operand tuples that meet it
//! ([`Condition::witnesses`]), so a check can draw inputs for every row.

use std::fmt;

use super::expected::Literal;
use super::precision::{grid, Precision};
/// An operand expression: an operand, its absolute value or its negation.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// Operand number `index`, written `name` in the table.
    Operand {
        /// The operand's position in the function's parameters.
        index: usize,
        /// Its name in the table (`x`, `x1`, `x2`).
        name: &'static str,
    },
    /// `abs(t)`.
    Abs(Box<Term>),
    /// `-t`.
    Neg(Box<Term>),
}

impl Term {
    /// The term's value for these operands.
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

    pub(super) fn parse(s: &str) -> Result<Term, String> {
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
            // The components of complex operands (`complex_special_cases.tsv`).
            "a" => (0, "a"),
            "b" => (1, "b"),
            "c" => (2, "c"),
            "d" => (3, "d"),
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
    /// NaN of either sign.
    NaN,
    /// `+0`.
    PosZero,
    /// `-0`.
    NegZero,
}

impl Class {
    /// Whether `v` is of the class.
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
    /// `=`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `>`.
    Gt,
    /// `<=`.
    Le,
    /// `>=`.
    Ge,
}

/// One predicate of a condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Pred {
    /// `V=NaN`, `V=+0`, `V=-0` (or their `!=` negation).
    Class {
        /// What is tested.
        term: Term,
        /// The class it must (or must not) be of.
        class: Class,
        /// Whether the test is `!=`.
        negated: bool,
    },
    /// `V=c`, `V!=c`, `V<c`, ...: IEEE comparison with a number.
    Compare {
        /// What is compared.
        term: Term,
        /// The comparison.
        op: CmpOp,
        /// The number it is compared with.
        value: f64,
    },
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
    /// Whether these operands meet the predicate.
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

    pub(super) fn parse(s: &str) -> Result<Pred, String> {
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
    /// True where any of these is.
    Or(Vec<Condition>),
    /// True where all of these are.
    And(Vec<Condition>),
    /// One predicate.
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
