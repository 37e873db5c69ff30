//! The elementwise functions' input rules as this host reads the standard,
//! decided once for every implementation: which dtypes each function takes
//! ([`INPUTS`], `spec/functions.tsv`'s `input_dtypes`, with this host's
//! choices where the standard leaves room), and how the operands of a binary
//! function become one dtype and one shape ([`binary_operands`]: kinds
//! checked, the pair promoted by [`crate::promotion`], the shapes broadcast
//! by [`crate::shape`]), and `clip`'s bounds ([`clip_shape`]).
//!
//! The host's choices here: `divide` takes floating-point operands only (the
//! standard's result dtype for integers is implementation-dependent);
//! `nextafter`'s `x2` and `clip`'s `min`/`max` must have the first operand's
//! dtype (the standard asks for it and leaves mixed dtypes unspecified);
//! a function takes the complex dtypes only where its complex half is
//! written (its row has a `complex` kernel; the groups named
//! `...AndComplex`), and the standard's "real-valued" is `Numeric`;
//! `real` takes real and complex floats (the standard's 2024.12 "numeric"
//! leaves an integer's result dtype open), `conj` every numeric dtype,
//! `imag` the complex ones.
//!
//! The reference and the `parallel` backend call these, so what a function
//! accepts and the dtype and shape of its result cannot differ between them;
//! how the elements are computed is each implementation's own.

use conformance_strategies::{AnyArray, DType, DTypeGroup};

use crate::api::{ApiError, ApiResult};
use crate::promotion::promote;
use crate::shape::broadcast_shapes;

/// What an elementwise function's operands must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// The dtypes every operand may have.
    pub dtypes: DTypeGroup,
    /// Whether every operand must have the first operand's dtype (no
    /// promotion between them).
    pub same_dtype: bool,
}

impl Inputs {
    const fn of(dtypes: DTypeGroup) -> Inputs {
        Inputs {
            dtypes,
            same_dtype: false,
        }
    }

    const fn same_dtype(dtypes: DTypeGroup) -> Inputs {
        Inputs {
            dtypes,
            same_dtype: true,
        }
    }
}

use DTypeGroup::*;

/// Every elementwise function with the inputs it takes, by name.
pub const INPUTS: &[(&str, Inputs)] = &[
    ("abs", Inputs::of(NumericAndComplex)),
    ("acos", Inputs::of(FloatingAndComplex)),
    ("acosh", Inputs::of(FloatingAndComplex)),
    ("add", Inputs::of(NumericAndComplex)),
    ("asin", Inputs::of(FloatingAndComplex)),
    ("asinh", Inputs::of(FloatingAndComplex)),
    ("atan", Inputs::of(FloatingAndComplex)),
    ("atan2", Inputs::of(Floating)),
    ("atanh", Inputs::of(FloatingAndComplex)),
    ("bitwise_and", Inputs::of(IntegerOrBoolean)),
    ("bitwise_invert", Inputs::of(IntegerOrBoolean)),
    ("bitwise_left_shift", Inputs::of(Integer)),
    ("bitwise_or", Inputs::of(IntegerOrBoolean)),
    ("bitwise_right_shift", Inputs::of(Integer)),
    ("bitwise_xor", Inputs::of(IntegerOrBoolean)),
    ("ceil", Inputs::of(Numeric)),
    ("clip", Inputs::same_dtype(Numeric)),
    ("conj", Inputs::of(NumericAndComplex)),
    ("copysign", Inputs::of(Floating)),
    ("cos", Inputs::of(FloatingAndComplex)),
    ("cosh", Inputs::of(FloatingAndComplex)),
    ("divide", Inputs::of(FloatingAndComplex)),
    ("equal", Inputs::of(AllAndComplex)),
    ("exp", Inputs::of(FloatingAndComplex)),
    ("expm1", Inputs::of(FloatingAndComplex)),
    ("floor", Inputs::of(Numeric)),
    ("floor_divide", Inputs::of(Numeric)),
    ("greater", Inputs::of(Numeric)),
    ("greater_equal", Inputs::of(Numeric)),
    ("hypot", Inputs::of(Floating)),
    ("imag", Inputs::of(Complex)),
    ("isfinite", Inputs::of(NumericAndComplex)),
    ("isinf", Inputs::of(NumericAndComplex)),
    ("isnan", Inputs::of(NumericAndComplex)),
    ("less", Inputs::of(Numeric)),
    ("less_equal", Inputs::of(Numeric)),
    ("log", Inputs::of(FloatingAndComplex)),
    ("log1p", Inputs::of(FloatingAndComplex)),
    ("log2", Inputs::of(FloatingAndComplex)),
    ("log10", Inputs::of(FloatingAndComplex)),
    ("logaddexp", Inputs::of(Floating)),
    ("logical_and", Inputs::of(Boolean)),
    ("logical_not", Inputs::of(Boolean)),
    ("logical_or", Inputs::of(Boolean)),
    ("logical_xor", Inputs::of(Boolean)),
    ("maximum", Inputs::of(Numeric)),
    ("minimum", Inputs::of(Numeric)),
    ("multiply", Inputs::of(NumericAndComplex)),
    ("negative", Inputs::of(NumericAndComplex)),
    ("nextafter", Inputs::same_dtype(Floating)),
    ("not_equal", Inputs::of(AllAndComplex)),
    ("positive", Inputs::of(NumericAndComplex)),
    ("pow", Inputs::of(NumericAndComplex)),
    ("real", Inputs::of(FloatingAndComplex)),
    ("reciprocal", Inputs::of(FloatingAndComplex)),
    ("remainder", Inputs::of(Numeric)),
    ("round", Inputs::of(NumericAndComplex)),
    ("sign", Inputs::of(NumericAndComplex)),
    ("signbit", Inputs::of(Floating)),
    ("sin", Inputs::of(FloatingAndComplex)),
    ("sinh", Inputs::of(FloatingAndComplex)),
    ("sqrt", Inputs::of(FloatingAndComplex)),
    ("square", Inputs::of(NumericAndComplex)),
    ("subtract", Inputs::of(NumericAndComplex)),
    ("tan", Inputs::of(FloatingAndComplex)),
    ("tanh", Inputs::of(FloatingAndComplex)),
    ("trunc", Inputs::of(Numeric)),
];

const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The inputs of the elementwise function `function`. A `const fn`, so an
/// implementation's table row for a function the standard lacks fails to
/// compile.
pub const fn inputs(function: &str) -> Inputs {
    let mut i = 0;
    while i < INPUTS.len() {
        if same_name(INPUTS[i].0, function) {
            return INPUTS[i].1;
        }
        i += 1;
    }
    panic!("not an elementwise function of the standard")
}

/// `a numeric`, `a floating-point`, ...: the group in an error message.
fn describe(group: DTypeGroup) -> &'static str {
    match group {
        All => "any",
        Boolean => "a boolean",
        Integer => "an integer",
        SignedInteger => "a signed integer",
        UnsignedInteger => "an unsigned integer",
        Floating => "a floating-point",
        Numeric => "a numeric",
        RealValued => "a real-valued",
        IntegerOrBoolean => "an integer or boolean",
        Complex => "a complex floating-point",
        AllAndComplex => "any",
        NumericAndComplex => "a numeric",
        FloatingAndComplex => "a floating-point",
    }
}

/// An error unless `dtype` is among the dtypes `function` takes.
pub fn check_dtype(function: &'static str, dtype: DType) -> ApiResult<()> {
    let group = inputs(function).dtypes;
    if dtype.in_group(group) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            function,
            format!("expects {} dtype, got {dtype}", describe(group)),
        ))
    }
}

/// The dtype the operands of the binary function `function` are computed
/// in and the shape of its result: both dtypes among the function's, the
/// pair promoted (or of one dtype, where the function asks for it), the
/// shapes broadcast.
pub fn binary_operands(
    function: &'static str,
    x1: &AnyArray,
    x2: &AnyArray,
) -> ApiResult<(DType, Vec<usize>)> {
    check_dtype(function, x1.dtype())?;
    check_dtype(function, x2.dtype())?;
    let dtype = promote(x1.dtype(), x2.dtype()).ok_or_else(|| {
        ApiError::invalid(
            function,
            format!(
                "the standard does not define the promotion of {} with {}",
                x1.dtype(),
                x2.dtype()
            ),
        )
    })?;
    let shape = broadcast_shapes(function, &[x1.shape(), x2.shape()])?;
    if inputs(function).same_dtype && x1.dtype() != x2.dtype() {
        return Err(ApiError::invalid(
            function,
            format!(
                "x2 must have x1's dtype ({}), got {}",
                x1.dtype(),
                x2.dtype()
            ),
        ));
    }
    Ok((dtype, shape))
}

/// The shape of `clip`'s result: `x` of a numeric dtype, `min` and `max`
/// (each optional) of `x`'s dtype, the three broadcast together.
pub fn clip_shape(
    x: &AnyArray,
    min: Option<&AnyArray>,
    max: Option<&AnyArray>,
) -> ApiResult<Vec<usize>> {
    const F: &str = "clip";
    check_dtype(F, x.dtype())?;
    let bounds: Vec<&AnyArray> = [min, max].into_iter().flatten().collect();
    if let Some(b) = bounds.iter().find(|b| b.dtype() != x.dtype()) {
        return Err(ApiError::invalid(
            F,
            format!(
                "min and max must have x's dtype ({}), got {}",
                x.dtype(),
                b.dtype()
            ),
        ));
    }
    let mut shapes = vec![x.shape()];
    shapes.extend(bounds.iter().map(|b| b.shape()));
    broadcast_shapes(F, &shapes)
}

/// The standard's per-element definition of each unary elementwise
/// function, by dtype kind (`bool`, `int`, `float`, `complex`): a row
/// `name { bool: f, int: f, float: f, complex: f, }` with closures of one
/// element (a `complex` kernel takes a `Complex<f32>` or `Complex<f64>`;
/// its result may be real, as `abs`'s is). A function without a `complex`
/// kernel does not take complex dtypes yet ([`INPUTS`] says so). The
/// reference and every backend built on this crate apply these rows to
/// arrays in their own way (the array machinery is what a backend
/// implements; the meaning of `sin` on one `f64` is the standard's). The
/// table is handed to `$callback`, the caller's macro that turns rows into
/// functions; an integer row calls methods (`v.sign_()`) the caller's crate
/// provides through a trait in scope, since the integer kernels' code is
/// each implementation's own.
#[macro_export]
macro_rules! unary_element_definitions {
    ($callback:ident) => {
        $callback! {
            abs { int: |v| v.abs_(), float: |v| v.abs(), complex: $crate::complex::abs, }
            acos { float: |v| v.acos(), complex: $crate::complex_elementary::acos, }
            acosh { float: $crate::float::acosh, complex: $crate::complex_elementary::acosh, }
            asin { float: |v| v.asin(), complex: $crate::complex_elementary::asin, }
            asinh { float: $crate::float::asinh, complex: $crate::complex_elementary::asinh, }
            atan { float: |v| v.atan(), complex: $crate::complex_elementary::atan, }
            atanh { float: $crate::float::atanh, complex: $crate::complex_elementary::atanh, }
            bitwise_invert { bool: |v: bool| !v, int: |v| !v, }
            ceil { int: |v| v, float: |v| v.ceil(), }
            cos { float: |v| v.cos(), complex: $crate::complex_elementary::cos, }
            cosh { float: |v| v.cosh(), complex: $crate::complex_elementary::cosh, }
            conj { int: |v| v, float: |v| v, complex: |z| z.conj(), }
            exp { float: |v| v.exp(), complex: $crate::complex::exp, }
            expm1 { float: |v| v.exp_m1(), complex: $crate::complex_elementary::expm1, }
            floor { int: |v| v, float: |v| v.floor(), }
            imag { complex: |z| z.im, }
            isfinite { int: |_| true, float: |v| v.is_finite(), complex: |z| z.re.is_finite() && z.im.is_finite(), }
            isinf { int: |_| false, float: |v| v.is_infinite(), complex: |z| z.re.is_infinite() || z.im.is_infinite(), }
            isnan { int: |_| false, float: |v| v.is_nan(), complex: |z| z.re.is_nan() || z.im.is_nan(), }
            log { float: |v| v.ln(), complex: $crate::complex::log, }
            log1p { float: |v| v.ln_1p(), complex: $crate::complex_elementary::log1p, }
            log2 { float: |v| v.log2(), complex: $crate::complex_elementary::log2, }
            log10 { float: |v| v.log10(), complex: $crate::complex_elementary::log10, }
            logical_not { bool: |v: bool| !v, }
            negative { int: |v| v.wrapping_neg(), float: |v| -v, complex: |z| -z, }
            positive { int: |v| v, float: |v| v, complex: |z| z, }
            real { float: |v| v, complex: |z| z.re, }
            reciprocal { float: |v| 1.0 / v, complex: $crate::complex_elementary::reciprocal, }
            round { int: |v| v, float: |v| v.round_ties_even(), complex: $crate::complex_elementary::round, }
            sign { int: |v| v.sign_(), float: $crate::float::sign, complex: $crate::complex_elementary::sign, }
            signbit { float: |v| v.is_sign_negative(), }
            sin { float: |v| v.sin(), complex: $crate::complex_elementary::sin, }
            sinh { float: |v| v.sinh(), complex: $crate::complex_elementary::sinh, }
            sqrt { float: |v| v.sqrt(), complex: $crate::complex::sqrt, }
            square { int: |v| v.wrapping_mul(v), float: |v| v * v, complex: $crate::complex::square, }
            tan { float: |v| v.tan(), complex: $crate::complex_elementary::tan, }
            tanh { float: |v| v.tanh(), complex: $crate::complex_elementary::tanh, }
            trunc { int: |v| v, float: |v| v.trunc(), }
        }
    };
}

/// The binary counterpart of [`unary_element_definitions!`]: rows
/// `name [check] { bool: f, int: f, float: f, }` with closures of two
/// elements of the promoted dtype; `check`, when present, names a function
/// of the caller's crate that vets the operands first.
#[macro_export]
macro_rules! binary_element_definitions {
    ($callback:ident) => {
        $callback! {
            add { int: |a, b| a.wrapping_add(b), float: |a, b| a + b, complex: $crate::complex::add, }
            atan2 { float: |a, b| a.atan2(b), }
            bitwise_and { bool: |a, b| a & b, int: |a, b| a & b, }
            bitwise_left_shift { int: |a, b| a.shl_(b), }
            bitwise_or { bool: |a, b| a | b, int: |a, b| a | b, }
            bitwise_right_shift { int: |a, b| a.shr_(b), }
            bitwise_xor { bool: |a, b| a ^ b, int: |a, b| a ^ b, }
            copysign { float: |a, b| a.copysign(b), }
            divide { float: |a, b| a / b, complex: $crate::complex::divide, }
            equal { bool: |a, b| a == b, int: |a, b| a == b, float: |a, b| a == b, complex: |a, b| a == b, }
            floor_divide { int: |a, b| a.floor_div_(b), float: $crate::float::floor_divide, }
            greater { int: |a, b| a > b, float: |a, b| a > b, }
            greater_equal { int: |a, b| a >= b, float: |a, b| a >= b, }
            hypot { float: |a, b| a.hypot(b), }
            less { int: |a, b| a < b, float: |a, b| a < b, }
            less_equal { int: |a, b| a <= b, float: |a, b| a <= b, }
            logaddexp { float: |a, b| a.logaddexp_(b), }
            logical_and { bool: |a, b| a && b, }
            logical_or { bool: |a, b| a || b, }
            logical_xor { bool: |a, b| a ^ b, }
            maximum { int: |a, b| a.max(b), float: $crate::float::maximum, }
            minimum { int: |a, b| a.min(b), float: $crate::float::minimum, }
            multiply { int: |a, b| a.wrapping_mul(b), float: |a, b| a * b, complex: $crate::complex::multiply, }
            nextafter { float: $crate::float::nextafter, }
            not_equal { bool: |a, b| a != b, int: |a, b| a != b, float: |a, b| a != b, complex: |a, b| a != b, }
            pow [non_negative_exponent] { int: |a, b| a.pow_(b), float: |a, b| a.powf(b), complex: $crate::complex_elementary::pow, }
            remainder { int: |a, b| a.rem_(b), float: $crate::float::remainder, }
            subtract { int: |a, b| a.wrapping_sub(b), float: |a, b| a - b, complex: $crate::complex::subtract, }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::FUNCTIONS;
    use crate::spec::FUNCTIONS_TSV;

    /// An array of ones of `dtype` and `shape`.
    fn array(dtype: DType, shape: &[usize]) -> AnyArray {
        use ndarray::ArrayD;
        match dtype {
            DType::Bool => AnyArray::from(ArrayD::from_elem(shape, true)),
            DType::Int8 => AnyArray::from(ArrayD::<i8>::ones(shape)),
            DType::Int32 => AnyArray::from(ArrayD::<i32>::ones(shape)),
            DType::UInt64 => AnyArray::from(ArrayD::<u64>::ones(shape)),
            DType::Float32 => AnyArray::from(ArrayD::<f32>::ones(shape)),
            DType::Float64 => AnyArray::from(ArrayD::<f64>::ones(shape)),
            other => panic!("no test array of {other}"),
        }
    }

    #[test]
    fn the_table_lists_every_elementwise_function_of_the_api_once() {
        let api: Vec<&str> = FUNCTIONS
            .iter()
            .filter(|f| f.group == "elementwise")
            .map(|f| f.name)
            .collect();
        let table: Vec<&str> = INPUTS.iter().map(|(n, _)| *n).collect();
        assert_eq!(table, api, "the table follows the API's order");
    }

    /// The functions whose complex half is written (their rows have a
    /// `complex` kernel).
    const COMPLEX_DONE: &[&str] = &[
        "abs",
        "acos",
        "acosh",
        "add",
        "asin",
        "asinh",
        "atan",
        "atanh",
        "conj",
        "cos",
        "cosh",
        "divide",
        "equal",
        "exp",
        "expm1",
        "imag",
        "isfinite",
        "isinf",
        "isnan",
        "log",
        "log1p",
        "log2",
        "log10",
        "multiply",
        "negative",
        "not_equal",
        "positive",
        "pow",
        "real",
        "reciprocal",
        "round",
        "sign",
        "sin",
        "sinh",
        "sqrt",
        "square",
        "subtract",
        "tan",
        "tanh",
    ];

    #[test]
    fn the_table_reads_functions_tsv_with_the_hosts_choices() {
        for line in FUNCTIONS_TSV.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols[0] != "elementwise" {
                continue;
            }
            let (name, text) = (cols[1], cols[5]);
            let &(_, got) = INPUTS
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("{name} is missing"));
            let first = text.split(';').next().unwrap().trim_start_matches("x1: ");
            let first = first.trim_start_matches("x: ");
            let standard = match first {
                "numeric" => NumericAndComplex,
                "real-valued" => Numeric,
                "floating-point" => FloatingAndComplex,
                "real-valued floating-point" => Floating,
                "complex floating-point" => Complex,
                "integer" => Integer,
                "integer or boolean" => IntegerOrBoolean,
                "boolean" => Boolean,
                "any" => AllAndComplex,
                other => panic!("{name}: unread input_dtypes `{other}`"),
            };
            // The host's choices: `divide` of integers is refused, and so
            // is `real` of integers (its result dtype is open).
            let standard = match name {
                "divide" | "real" => FloatingAndComplex,
                _ => standard,
            };
            // Complex only where the complex half is written.
            let expected = if COMPLEX_DONE.contains(&name) {
                standard
            } else {
                match standard {
                    NumericAndComplex => Numeric,
                    FloatingAndComplex => Floating,
                    AllAndComplex => All,
                    other => other,
                }
            };
            assert_eq!(got.dtypes, expected, "{name}");
            assert_eq!(got.same_dtype, text.contains("same dtype as"), "{name}");
        }
    }

    #[test]
    fn binary_operands_are_checked_promoted_and_broadcast() {
        let ok = |f, a: &AnyArray, b: &AnyArray| binary_operands(f, a, b).unwrap();
        let invalid = |f, a: &AnyArray, b: &AnyArray| {
            matches!(
                binary_operands(f, a, b),
                Err(ApiError::InvalidArgument { .. })
            )
        };
        let (i8s, u64s) = (array(DType::Int8, &[2, 1]), array(DType::UInt64, &[3]));
        let (f32s, f64s) = (array(DType::Float32, &[3]), array(DType::Float64, &[2, 1]));
        assert_eq!(ok("add", &f32s, &f64s), (DType::Float64, vec![2, 3]));
        assert_eq!(
            ok("add", &i8s, &array(DType::Int32, &[])),
            (DType::Int32, vec![2, 1])
        );
        assert!(invalid("add", &i8s, &u64s), "no promotion");
        assert!(invalid("add", &i8s, &f32s), "integer with float");
        assert!(invalid("divide", &i8s, &i8s), "the host's choice");
        assert!(invalid("logical_and", &i8s, &i8s));
        assert!(
            invalid("add", &f32s, &array(DType::Float32, &[4])),
            "no broadcast"
        );
        assert!(invalid("nextafter", &f32s, &f64s), "one dtype");
        assert_eq!(ok("nextafter", &f32s, &f32s), (DType::Float32, vec![3]));
        let b = array(DType::Bool, &[3]);
        assert_eq!(ok("equal", &b, &b), (DType::Bool, vec![3]));
        assert!(check_dtype("sqrt", DType::Int8).is_err());
        assert_eq!(inputs("sqrt"), Inputs::of(FloatingAndComplex));
        assert!(check_dtype("sin", DType::Complex64).is_ok());
        assert!(
            check_dtype("floor", DType::Complex64).is_err(),
            "real-valued only"
        );
        assert!(check_dtype("imag", DType::Float64).is_err());
    }

    #[test]
    fn clip_bounds_have_xs_dtype_and_broadcast() {
        let x = array(DType::Int32, &[3]);
        let column = array(DType::Int32, &[2, 1]);
        assert_eq!(clip_shape(&x, Some(&column), None).unwrap(), vec![2, 3]);
        assert_eq!(clip_shape(&x, None, None).unwrap(), vec![3]);
        assert!(clip_shape(&x, None, Some(&array(DType::Int8, &[3]))).is_err());
        assert!(clip_shape(&array(DType::Bool, &[3]), None, None).is_err());
        assert!(clip_shape(&x, Some(&array(DType::Int32, &[2])), None).is_err());
    }
}
