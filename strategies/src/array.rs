//! [`AnyArray`]: the dtype-erased n-dimensional array that hosts, backends
//! and checks share, and the [`with_array!`](crate::with_array) macro that
//! writes a piece of generic code once for every data type.

use std::fmt;

use ndarray::{ArrayD, IxDyn};
use num_complex::Complex;

use crate::dtype::{DType, Element};

/// An n-dimensional ndarray whose element type is known only at run time.
///
/// The array keeps whatever memory layout it was built with: a transposed,
/// strided or negative-stride view stays that way, so a backend that assumes
/// contiguity meets the layouts it must handle.
#[derive(Clone, PartialEq)]
pub enum AnyArray {
    /// [`DType::Bool`].
    Bool(ArrayD<bool>),
    /// [`DType::Int8`].
    Int8(ArrayD<i8>),
    /// [`DType::Int16`].
    Int16(ArrayD<i16>),
    /// [`DType::Int32`].
    Int32(ArrayD<i32>),
    /// [`DType::Int64`].
    Int64(ArrayD<i64>),
    /// [`DType::UInt8`].
    UInt8(ArrayD<u8>),
    /// [`DType::UInt16`].
    UInt16(ArrayD<u16>),
    /// [`DType::UInt32`].
    UInt32(ArrayD<u32>),
    /// [`DType::UInt64`].
    UInt64(ArrayD<u64>),
    /// [`DType::Float32`].
    Float32(ArrayD<f32>),
    /// [`DType::Float64`].
    Float64(ArrayD<f64>),
    /// [`DType::Complex64`].
    Complex64(ArrayD<Complex<f32>>),
    /// [`DType::Complex128`].
    Complex128(ArrayD<Complex<f64>>),
}

/// Runs `$body` with `$a` bound to the typed `ArrayD<T>` inside an
/// [`AnyArray`] (by reference when given `&x`, by value otherwise), for every
/// variant at once.
///
/// ```
/// use conformance_strategies::{with_array, AnyArray};
/// let x = AnyArray::from(ndarray::arr1(&[1.0f32, 2.0]).into_dyn());
/// let n = with_array!(&x, a => a.len());
/// assert_eq!(n, 2);
/// ```
#[macro_export]
macro_rules! with_array {
    ($x:expr, $a:ident => $body:expr) => {
        match $x {
            $crate::AnyArray::Bool($a) => $body,
            $crate::AnyArray::Int8($a) => $body,
            $crate::AnyArray::Int16($a) => $body,
            $crate::AnyArray::Int32($a) => $body,
            $crate::AnyArray::Int64($a) => $body,
            $crate::AnyArray::UInt8($a) => $body,
            $crate::AnyArray::UInt16($a) => $body,
            $crate::AnyArray::UInt32($a) => $body,
            $crate::AnyArray::UInt64($a) => $body,
            $crate::AnyArray::Float32($a) => $body,
            $crate::AnyArray::Float64($a) => $body,
            $crate::AnyArray::Complex64($a) => $body,
            $crate::AnyArray::Complex128($a) => $body,
        }
    };
}

/// Like [`with_array!`], but only for `bool`, the integers and the real
/// floats (element types with an order); `$other` is evaluated for the
/// complex variants.
///
/// ```
/// use conformance_strategies::{with_real_array, AnyArray, Complex};
/// let x = AnyArray::scalar(Complex::new(1.0f32, 2.0));
/// let max = with_real_array!(&x, a => a.iter().any(|v| *v > Default::default()), else false);
/// assert!(!max);
/// ```
#[macro_export]
macro_rules! with_real_array {
    ($x:expr, $a:ident => $body:expr, else $other:expr) => {
        match $x {
            $crate::AnyArray::Bool($a) => $body,
            $crate::AnyArray::Int8($a) => $body,
            $crate::AnyArray::Int16($a) => $body,
            $crate::AnyArray::Int32($a) => $body,
            $crate::AnyArray::Int64($a) => $body,
            $crate::AnyArray::UInt8($a) => $body,
            $crate::AnyArray::UInt16($a) => $body,
            $crate::AnyArray::UInt32($a) => $body,
            $crate::AnyArray::UInt64($a) => $body,
            $crate::AnyArray::Float32($a) => $body,
            $crate::AnyArray::Float64($a) => $body,
            $crate::AnyArray::Complex64(_) | $crate::AnyArray::Complex128(_) => $other,
        }
    };
}

/// Like [`with_array!`], but only for the real numeric variants (integers
/// and real floats); `$other` is evaluated for `bool` and the complex
/// variants.
///
/// ```
/// use conformance_strategies::{with_numeric_array, AnyArray};
/// let x = AnyArray::from(ndarray::arr1(&[1i32, 2]).into_dyn());
/// let total: f64 = with_numeric_array!(&x, a => a.iter().map(|&v| v as f64).sum(), else 0.0);
/// assert_eq!(total, 3.0);
/// ```
#[macro_export]
macro_rules! with_numeric_array {
    ($x:expr, $a:ident => $body:expr, else $other:expr) => {
        match $x {
            $crate::AnyArray::Bool(_) => $other,
            $crate::AnyArray::Int8($a) => $body,
            $crate::AnyArray::Int16($a) => $body,
            $crate::AnyArray::Int32($a) => $body,
            $crate::AnyArray::Int64($a) => $body,
            $crate::AnyArray::UInt8($a) => $body,
            $crate::AnyArray::UInt16($a) => $body,
            $crate::AnyArray::UInt32($a) => $body,
            $crate::AnyArray::UInt64($a) => $body,
            $crate::AnyArray::Float32($a) => $body,
            $crate::AnyArray::Float64($a) => $body,
            $crate::AnyArray::Complex64(_) | $crate::AnyArray::Complex128(_) => $other,
        }
    };
}

/// Converts between a typed `ArrayD<T>` and [`AnyArray`].
pub trait ArrayElement: Element {
    /// Wraps a typed array.
    fn wrap(array: ArrayD<Self>) -> AnyArray;
    /// Borrows the typed array when `array` holds this element type.
    fn unwrap_ref(array: &AnyArray) -> Option<&ArrayD<Self>>;
    /// Takes the typed array when `array` holds this element type.
    fn unwrap(array: AnyArray) -> Result<ArrayD<Self>, AnyArray>;
}

macro_rules! impl_array_element {
    ($($t:ty => $v:ident),* $(,)?) => {$(
        impl ArrayElement for $t {
            fn wrap(array: ArrayD<Self>) -> AnyArray { AnyArray::$v(array) }
            fn unwrap_ref(array: &AnyArray) -> Option<&ArrayD<Self>> {
                match array { AnyArray::$v(a) => Some(a), _ => None }
            }
            fn unwrap(array: AnyArray) -> Result<ArrayD<Self>, AnyArray> {
                match array { AnyArray::$v(a) => Ok(a), other => Err(other) }
            }
        }
        impl From<ArrayD<$t>> for AnyArray {
            fn from(array: ArrayD<$t>) -> Self { AnyArray::$v(array) }
        }
    )*};
}

impl_array_element!(
    bool => Bool, i8 => Int8, i16 => Int16, i32 => Int32, i64 => Int64,
    u8 => UInt8, u16 => UInt16, u32 => UInt32, u64 => UInt64,
    f32 => Float32, f64 => Float64,
    Complex<f32> => Complex64, Complex<f64> => Complex128,
);

fn dtype_of<T: Element>(_: &ArrayD<T>) -> DType {
    T::DTYPE
}

impl AnyArray {
    /// The data type of the elements.
    pub fn dtype(&self) -> DType {
        with_array!(self, a => dtype_of(a))
    }

    /// The shape, as ndarray gives it.
    pub fn shape(&self) -> &[usize] {
        with_array!(self, a => a.shape())
    }

    /// The number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape().len()
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.shape().iter().product()
    }

    /// Whether the array has no element (some side is 0).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The strides in elements, as ndarray gives them (negative for a
    /// reversed axis).
    pub fn strides(&self) -> &[isize] {
        with_array!(self, a => a.strides())
    }

    /// Whether the elements are laid out in C (row-major) order.
    pub fn is_standard_layout(&self) -> bool {
        with_array!(self, a => a.is_standard_layout())
    }

    /// The same values in a fresh C-ordered array.
    pub fn to_standard_layout(&self) -> AnyArray {
        with_array!(self, a => AnyArray::from(a.as_standard_layout().into_owned()))
    }

    /// A 0-d array holding `value`.
    pub fn scalar<T: ArrayElement>(value: T) -> AnyArray {
        T::wrap(ArrayD::from_elem(IxDyn(&[]), value))
    }

    /// Every element as `f64`, in logical (C) order; `bool` gives 0 and 1.
    /// Integers wider than 53 bits may round. Panics on a complex array,
    /// which no `f64` holds: see [`AnyArray::to_complex_vec`].
    // The cast is needed for every arm but the `f64` one.
    #[allow(clippy::unnecessary_cast)]
    pub fn to_f64_vec(&self) -> Vec<f64> {
        match self {
            AnyArray::Bool(a) => a.iter().map(|&b| f64::from(u8::from(b))).collect(),
            AnyArray::Complex64(_) | AnyArray::Complex128(_) => {
                panic!("a {} array has no f64 values", self.dtype())
            }
            other => {
                with_numeric_array!(other, a => a.iter().map(|&v| v as f64).collect(), else unreachable!())
            }
        }
    }

    /// Every element as a `Complex<f64>`, in logical (C) order: a real
    /// value `x` is `x + 0j` (as `astype` to complex makes it).
    pub fn to_complex_vec(&self) -> Vec<Complex<f64>> {
        match self {
            AnyArray::Complex64(a) => a
                .iter()
                .map(|z| Complex::new(f64::from(z.re), f64::from(z.im)))
                .collect(),
            AnyArray::Complex128(a) => a.iter().copied().collect(),
            real => real
                .to_f64_vec()
                .into_iter()
                .map(|x| Complex::new(x, 0.0))
                .collect(),
        }
    }

    /// The first element as the array's `Debug` writes an element
    /// (`NaN`, `+inf`, `1.0+2.0j`); empty for an empty array.
    pub fn element_text(&self) -> String {
        with_array!(self, a => a.iter().next().map(value_text).unwrap_or_default())
    }

    /// Borrows the typed array, or `None` when the dtype differs.
    pub fn as_typed<T: ArrayElement>(&self) -> Option<&ArrayD<T>> {
        T::unwrap_ref(self)
    }
}

impl fmt::Debug for AnyArray {
    /// `float32 [2, 1] [[NaN], [-0.0]]`: dtype, shape, then the values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?} ", self.dtype(), self.shape())?;
        with_array!(self, a => write_nested(f, a))
    }
}

/// Rows longer than this print a run of [`RUN_MIN`] or more equal values
/// once, with its count.
const SUMMARY_MIN: usize = 16;

/// The shortest run a long row prints as `value (n times)`.
const RUN_MIN: usize = 4;

/// Writes the values as nested lists, one bracket level per dimension, with
/// NaN and the infinities spelt as the standard spells them. In a list of
/// more than [`SUMMARY_MIN`] items (values, or rows of a higher level), a
/// run of [`RUN_MIN`] or more items that print the same is written once as
/// `0 (1024 times)` or `[0, 1] (512 times)`, so a counterexample of a
/// thousand elements stays readable and still says exactly what each
/// element is.
fn write_nested<T: Element>(f: &mut fmt::Formatter<'_>, a: &ArrayD<T>) -> fmt::Result {
    fn go<T: Element>(a: &ndarray::ArrayViewD<'_, T>) -> String {
        if a.ndim() == 0 {
            return value_text(a.first().expect("0-d array has one element"));
        }
        let items: Vec<String> = if a.ndim() == 1 {
            a.iter().map(value_text).collect()
        } else {
            a.outer_iter().map(|sub| go(&sub)).collect()
        };
        let mut out = String::from("[");
        let mut i = 0;
        while i < items.len() {
            if i > 0 {
                out.push_str(", ");
            }
            let run = if items.len() > SUMMARY_MIN {
                items[i..].iter().take_while(|t| **t == items[i]).count()
            } else {
                1
            };
            out.push_str(&items[i]);
            if run >= RUN_MIN {
                out.push_str(&format!(" ({run} times)"));
                i += run;
            } else {
                i += 1;
            }
        }
        out.push(']');
        out
    }
    f.write_str(&go(&a.view()))
}

/// One value as [`write_value`] writes it.
fn value_text<T: Element>(v: &T) -> String {
    struct One<'a, T>(&'a T);
    impl<T: Element> fmt::Display for One<'_, T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_value(f, self.0)
        }
    }
    One(v).to_string()
}

/// A real value as its `Debug` text, with NaN and the infinities spelt as
/// the standard spells them; a complex one (its `Debug` is `Complex { re:
/// .., im: .. }`) as `1.0+2.0j`, `NaN+infj`, `-0.0-infj`: each component
/// so, the imaginary one with its sign (`+` unless negative) and `j`.
fn write_value<T: Element>(f: &mut fmt::Formatter<'_>, v: &T) -> fmt::Result {
    fn real(text: &str) -> &str {
        match text {
            "inf" => "+inf",
            _ => text,
        }
    }
    let text = format!("{v:?}");
    if let Some(parts) = text
        .strip_prefix("Complex { re: ")
        .and_then(|t| t.strip_suffix(" }"))
    {
        let (re, im) = parts.split_once(", im: ").expect("Complex's Debug");
        let re = real(re).trim_start_matches('+');
        let im = real(im);
        let sign = if im.starts_with(['-', '+']) { "" } else { "+" };
        return write!(f, "{re}{sign}{im}j");
    }
    f.write_str(real(&text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr2, Axis};

    #[test]
    fn debug_names_dtype_shape_and_values() {
        let x = AnyArray::from(arr2(&[[f32::NAN], [-0.0]]).into_dyn());
        assert_eq!(format!("{x:?}"), "float32 [2, 1] [[NaN], [-0.0]]");
        let s = AnyArray::scalar(f64::INFINITY);
        assert_eq!(format!("{s:?}"), "float64 [] +inf");
    }

    #[test]
    fn complex_values_print_both_components() {
        let x = AnyArray::from(
            ndarray::arr1(&[
                Complex::new(1.0f32, 2.0),
                Complex::new(f32::NAN, f32::INFINITY),
                Complex::new(-0.0, -1.5),
                Complex::new(f32::NEG_INFINITY, -0.0),
                Complex::new(f32::INFINITY, f32::NAN),
            ])
            .into_dyn(),
        );
        assert_eq!(
            format!("{x:?}"),
            "complex64 [5] [1.0+2.0j, NaN+infj, -0.0-1.5j, -inf-0.0j, inf+NaNj]"
        );
        let s = AnyArray::scalar(Complex::new(0.0f64, 0.0));
        assert_eq!(format!("{s:?}"), "complex128 [] 0.0+0.0j");
        assert_eq!(s.to_complex_vec(), vec![Complex::new(0.0, 0.0)]);
        assert_eq!(
            AnyArray::scalar(2i8).to_complex_vec(),
            vec![Complex::new(2.0, 0.0)]
        );
    }

    #[test]
    fn long_runs_print_once_with_their_count() {
        let mut v = vec![0i32; 1024];
        v.push(1);
        let x = AnyArray::from(ndarray::Array1::from(v).into_dyn());
        assert_eq!(format!("{x:?}"), "int32 [1025] [0 (1024 times), 1]");
        // Short runs and short rows print every value.
        let y: Vec<f64> = [1.0, 1.0, 1.0, f64::NAN, f64::NAN, f64::NAN, f64::NAN]
            .into_iter()
            .chain((0..12).map(f64::from))
            .collect();
        let y = AnyArray::from(ndarray::Array1::from(y).into_dyn());
        assert_eq!(
            format!("{y:?}"),
            "float64 [19] [1.0, 1.0, 1.0, NaN (4 times), 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]"
        );
        let z = AnyArray::from(ndarray::arr1(&[2u8; 16]).into_dyn());
        assert_eq!(format!("{z:?}"), format!("uint8 [16] {:?}", [2u8; 16]));
        // Rows of a 2-d array each summarise their own runs.
        let w = AnyArray::from(ndarray::Array2::<i8>::zeros((2, 20)).into_dyn());
        assert_eq!(
            format!("{w:?}"),
            "int8 [2, 20] [[0 (20 times)], [0 (20 times)]]"
        );
        // And runs of equal rows in a long list of rows.
        let mut m = ndarray::Array2::<i8>::zeros((513, 2));
        m[[512, 1]] = 1;
        let m = AnyArray::from(m.into_dyn());
        assert_eq!(
            format!("{m:?}"),
            "int8 [513, 2] [[0, 0] (512 times), [0, 1]]"
        );
    }

    #[test]
    fn layout_is_kept_and_can_be_normalised() {
        let mut a = arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn();
        a.invert_axis(Axis(1));
        let x = AnyArray::from(a);
        assert!(x.strides()[1] < 0);
        assert!(!x.is_standard_layout());
        let y = x.to_standard_layout();
        assert!(y.is_standard_layout());
        assert_eq!(x, y);
        assert_eq!(y.to_f64_vec(), vec![3.0, 2.0, 1.0, 6.0, 5.0, 4.0]);
    }

    #[test]
    fn typed_access_checks_dtype() {
        let x = AnyArray::scalar(1u8);
        assert!(x.as_typed::<u8>().is_some());
        assert!(x.as_typed::<i8>().is_none());
        assert_eq!(x.dtype(), DType::UInt8);
        assert_eq!(x.ndim(), 0);
        assert_eq!(x.len(), 1);
    }
}
