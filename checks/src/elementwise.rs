//! The elementwise checks: one table row per function says which dtypes it
//! takes, which values to draw for them and how to call it; one generic
//! check compares backend and reference on broadcastable inputs of any
//! layout, NaN and infinities included.

use std::fmt;

use conformance_engine::{Check, CheckContext};
use conformance_strategies::{
    broadcast_arrays, labelled, AnyArray, DTypeGroup, Domain, DrawnArray, ShapeSpec,
};
use proptest::strategy::{Strategy, Union};

use super::agree::{agree, reference};
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};

/// How a function is called.
#[derive(Clone, Copy)]
pub(crate) enum Call {
    Unary(fn(&Backend, &AnyArray) -> ApiResult<AnyArray>),
    Binary(fn(&Backend, &AnyArray, &AnyArray) -> ApiResult<AnyArray>),
}

impl Call {
    pub(crate) fn arity(self) -> usize {
        match self {
            Call::Unary(_) => 1,
            Call::Binary(_) => 2,
        }
    }

    pub(crate) fn apply(self, b: &Backend, operands: &Operands) -> ApiResult<AnyArray> {
        match (self, operands) {
            (Call::Unary(f), Operands::Unary(i)) => f(b, &i.x),
            (Call::Binary(f), Operands::Binary(i)) => f(b, &i.x1, &i.x2),
            _ => unreachable!("operands are drawn for the function's arity"),
        }
    }
}

labelled! {
    /// The operand of a unary function, named as the standard names it.
    #[derive(Clone)]
    pub(crate) struct Unary {
        x: DrawnArray,
    }
}

labelled! {
    /// The operands of a binary function, named as the standard names them.
    #[derive(Clone)]
    pub(crate) struct Binary {
        pub(crate) x1: DrawnArray,
        pub(crate) x2: DrawnArray,
    }
}

/// The drawn operands of an elementwise call: `x`, or `x1` and `x2`.
#[derive(Clone)]
pub(crate) enum Operands {
    Unary(Unary),
    Binary(Binary),
}

impl Operands {
    /// The operands named for their count (one or two arrays).
    pub(crate) fn new(mut arrays: Vec<DrawnArray>) -> Operands {
        match arrays.len() {
            1 => Operands::Unary(Unary {
                x: arrays.pop().expect("one array"),
            }),
            2 => {
                let x2 = arrays.pop().expect("two arrays");
                let x1 = arrays.pop().expect("two arrays");
                Operands::Binary(Binary { x1, x2 })
            }
            n => unreachable!("elementwise functions take one or two arrays, not {n}"),
        }
    }

    /// The operands in order.
    pub(crate) fn arrays(&self) -> Vec<&DrawnArray> {
        match self {
            Operands::Unary(i) => vec![&i.x],
            Operands::Binary(i) => vec![&i.x1, &i.x2],
        }
    }
}

impl fmt::Debug for Operands {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operands::Unary(i) => i.fmt(f),
            Operands::Binary(i) => i.fmt(f),
        }
    }
}

/// The dtype kinds a function takes (the standard's input dtypes).
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kinds {
    /// Floating-point only.
    Float,
    /// Integers and floats.
    Real,
    /// Every dtype, `bool` included.
    All,
    /// Integers only.
    Int,
    /// Integers and `bool`.
    IntOrBool,
    /// `bool` only.
    Bool,
}

/// One row of the table.
#[derive(Clone, Copy)]
pub(crate) struct Function {
    pub(crate) name: &'static str,
    pub(crate) call: Call,
    pub(crate) kinds: Kinds,
    /// Values drawn for integer operands: the standard leaves overflow and
    /// division by zero unspecified, so integer draws stay clear of them.
    pub(crate) int_domain: Domain,
    /// Values drawn for float operands: every value, specials included,
    /// unless the function is only defined on part of the line.
    pub(crate) float_domain: Domain,
}

const SMALL: Domain = Domain {
    lo: -10.0,
    hi: 10.0,
    ..Domain::any()
};
const TINY_NON_NEGATIVE: Domain = Domain {
    lo: 0.0,
    hi: 3.0,
    ..Domain::any()
};
const SMALL_NON_ZERO: Domain = Domain {
    lo: -100.0,
    hi: 100.0,
    zero: false,
    ..Domain::any()
};
const ANY: Domain = Domain::any();

macro_rules! table {
    ($( $name:ident: $arity:ident, $kinds:ident $(, int $int:expr)? ; )*) => {
        /// Every elementwise function the checks cover.
        pub(crate) fn functions() -> Vec<Function> {
            vec![$(
                Function {
                    name: stringify!($name),
                    call: table!(@call $arity $name),
                    kinds: Kinds::$kinds,
                    int_domain: table!(@int $($int)?),
                    float_domain: ANY,
                },
            )*]
        }
    };
    (@call unary $name:ident) => { Call::Unary(Backend::$name) };
    (@call binary $name:ident) => { Call::Binary(Backend::$name) };
    (@int) => { SMALL };
    (@int $d:expr) => { $d };
}

table! {
    abs: unary, Real;
    acos: unary, Float;
    acosh: unary, Float;
    add: binary, Real;
    asin: unary, Float;
    asinh: unary, Float;
    atan: unary, Float;
    atan2: binary, Float;
    atanh: unary, Float;
    bitwise_and: binary, IntOrBool;
    bitwise_invert: unary, IntOrBool;
    bitwise_left_shift: binary, Int, int TINY_NON_NEGATIVE;
    bitwise_or: binary, IntOrBool;
    bitwise_right_shift: binary, Int, int TINY_NON_NEGATIVE;
    bitwise_xor: binary, IntOrBool;
    ceil: unary, Real;
    copysign: binary, Float;
    cos: unary, Float;
    cosh: unary, Float;
    divide: binary, Float;
    equal: binary, All;
    exp: unary, Float;
    expm1: unary, Float;
    floor: unary, Real;
    floor_divide: binary, Real, int SMALL_NON_ZERO;
    greater: binary, Real;
    greater_equal: binary, Real;
    hypot: binary, Float;
    isfinite: unary, Real;
    isinf: unary, Real;
    isnan: unary, Real;
    less: binary, Real;
    less_equal: binary, Real;
    log: unary, Float;
    log1p: unary, Float;
    log2: unary, Float;
    log10: unary, Float;
    logaddexp: binary, Float;
    logical_and: binary, Bool;
    logical_not: unary, Bool;
    logical_or: binary, Bool;
    logical_xor: binary, Bool;
    maximum: binary, Real;
    minimum: binary, Real;
    multiply: binary, Real;
    negative: unary, Real;
    nextafter: binary, Float;
    not_equal: binary, All;
    positive: unary, Real;
    pow: binary, Real, int TINY_NON_NEGATIVE;
    reciprocal: unary, Float;
    remainder: binary, Real, int SMALL_NON_ZERO;
    round: unary, Real;
    sign: unary, Real;
    signbit: unary, Float;
    sin: unary, Float;
    sinh: unary, Float;
    sqrt: unary, Float;
    square: unary, Real;
    subtract: binary, Real;
    tan: unary, Float;
    tanh: unary, Float;
    trunc: unary, Real;
}

/// The shapes elementwise inputs are drawn with: up to 4 dimensions, empty
/// and size-1 sides included.
pub(crate) fn shapes() -> ShapeSpec {
    ShapeSpec::default()
}

/// The inputs of `f`: one dtype per draw from the kinds it takes, with the
/// values its domain allows, broadcastable shapes, any layout.
fn inputs(f: &Function) -> impl Strategy<Value = Operands> {
    let n = f.call.arity();
    let mut alternatives = Vec::new();
    let floats = matches!(f.kinds, Kinds::Float | Kinds::Real | Kinds::All);
    let ints = matches!(
        f.kinds,
        Kinds::Real | Kinds::All | Kinds::Int | Kinds::IntOrBool
    );
    let bools = matches!(f.kinds, Kinds::All | Kinds::IntOrBool | Kinds::Bool);
    if floats {
        alternatives.push(broadcast_arrays(
            n,
            DTypeGroup::Floating,
            shapes(),
            f.float_domain,
        ));
    }
    if ints {
        alternatives.push(broadcast_arrays(
            n,
            DTypeGroup::Integer,
            shapes(),
            f.int_domain,
        ));
    }
    if bools {
        alternatives.push(broadcast_arrays(n, DTypeGroup::Boolean, shapes(), ANY));
    }
    Union::new(alternatives).prop_map(Operands::new)
}

/// One primary check per function: the backend agrees with the reference
/// in dtype, shape, NaN positions, infinities and values within tolerance.
pub(crate) fn checks() -> Vec<Check<Backend>> {
    functions()
        .into_iter()
        .map(|f| {
            let name = f.name;
            let call = f.call;
            Check::new(
                "elementwise",
                name,
                move |b: &Backend, ctx: &CheckContext| {
                    ctx.for_all(inputs(&f), |input| {
                        agree(call.apply(reference(), &input), call.apply(b, &input), None)
                    })
                },
            )
            .depends_on(ROUND_TRIP)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use array_api::api::FUNCTIONS;

    #[test]
    fn the_table_covers_every_elementwise_function_but_clip() {
        let ours: Vec<&str> = functions().iter().map(|f| f.name).collect();
        for f in FUNCTIONS.iter().filter(|f| f.group == "elementwise") {
            assert!(
                ours.contains(&f.name) || f.name == "clip",
                "{} has no row",
                f.name
            );
        }
    }
}
