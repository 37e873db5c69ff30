//! The elementwise checks: one table row per function says which dtypes it
//! takes, which values to draw for them and how to call it; one generic
//! check compares backend and reference on broadcastable inputs of any
//! layout, NaN and infinities included.

use std::fmt;

use conformance_engine::{Check, CheckContext};
use conformance_strategies::{
    broadcast_arrays, labelled, AnyArray, DTypeGroup, Domain, DrawnArray, ShapeSpec,
};
use proptest::strategy::Strategy;

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

/// One row of the table.
#[derive(Clone, Copy)]
pub(crate) struct Function {
    pub(crate) name: &'static str,
    pub(crate) call: Call,
    /// The dtypes it takes: the standard's input dtypes, from the API's
    /// own table (`array_api::elementwise`).
    pub(crate) dtypes: DTypeGroup,
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
    ($( $name:ident: $arity:ident $(, int $int:expr)? ; )*) => {
        /// Every elementwise function the checks cover.
        pub(crate) fn functions() -> Vec<Function> {
            vec![$(
                Function {
                    name: stringify!($name),
                    call: table!(@call $arity $name),
                    dtypes: array_api::elementwise::inputs(stringify!($name)).dtypes,
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
    abs: unary;
    acos: unary;
    acosh: unary;
    add: binary;
    asin: unary;
    asinh: unary;
    atan: unary;
    atan2: binary;
    atanh: unary;
    bitwise_and: binary;
    bitwise_invert: unary;
    bitwise_left_shift: binary, int TINY_NON_NEGATIVE;
    bitwise_or: binary;
    bitwise_right_shift: binary, int TINY_NON_NEGATIVE;
    bitwise_xor: binary;
    ceil: unary;
    copysign: binary;
    cos: unary;
    cosh: unary;
    divide: binary;
    equal: binary;
    exp: unary;
    expm1: unary;
    floor: unary;
    floor_divide: binary, int SMALL_NON_ZERO;
    greater: binary;
    greater_equal: binary;
    hypot: binary;
    isfinite: unary;
    isinf: unary;
    isnan: unary;
    less: binary;
    less_equal: binary;
    log: unary;
    log1p: unary;
    log2: unary;
    log10: unary;
    logaddexp: binary;
    logical_and: binary;
    logical_not: unary;
    logical_or: binary;
    logical_xor: binary;
    maximum: binary;
    minimum: binary;
    multiply: binary;
    negative: unary;
    nextafter: binary;
    not_equal: binary;
    positive: unary;
    pow: binary, int TINY_NON_NEGATIVE;
    reciprocal: unary;
    remainder: binary, int SMALL_NON_ZERO;
    round: unary;
    sign: unary;
    signbit: unary;
    sin: unary;
    sinh: unary;
    sqrt: unary;
    square: unary;
    subtract: binary;
    tan: unary;
    tanh: unary;
    trunc: unary;
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
    let admitted = f.dtypes.dtypes();
    let floats = admitted.iter().any(|d| d.is_float());
    let ints = admitted.iter().any(|d| d.is_integer());
    let bools = admitted.iter().any(|d| d.is_bool());
    let mut branch = |group: DTypeGroup, domain: Domain| {
        alternatives.push((
            1,
            group.dtypes(),
            broadcast_arrays(n, group, shapes(), domain),
        ));
    };
    if floats {
        branch(DTypeGroup::Floating, f.float_domain);
    }
    if ints {
        branch(DTypeGroup::Integer, f.int_domain);
    }
    if bools {
        branch(DTypeGroup::Boolean, ANY);
    }
    // In the prelude, the plan picks the kind (every dtype in turn).
    conformance_strategies::strata::union(alternatives).prop_map(Operands::new)
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
