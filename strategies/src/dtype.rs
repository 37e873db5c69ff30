//! The data types a host can hand to a backend, their groups, the
//! [`Element`] trait that ties each Rust element type to its [`DType`], and
//! the [`dtypes`] strategy.
//!
//! The complex dtypes are the standard's; a function takes them only where
//! this host has written their half: the groups that existed before them
//! (`All`, `Numeric`, `Floating`...) keep their real-valued members, and
//! the `...AndComplex` groups are the standard's full categories, named
//! by the functions whose complex half is implemented
//! (`array_api::elementwise::INPUTS`).

use std::fmt;

/// A data type of the Array API standard that this project supports.
///
/// Listed in the standard's order: `bool`, the signed and unsigned
/// integers, the real floats, the complex floats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    /// `bool`: Rust `bool`.
    Bool,
    /// `int8`: Rust `i8`.
    Int8,
    /// `int16`: Rust `i16`.
    Int16,
    /// `int32`: Rust `i32`.
    Int32,
    /// `int64`: Rust `i64`.
    Int64,
    /// `uint8`: Rust `u8`.
    UInt8,
    /// `uint16`: Rust `u16`.
    UInt16,
    /// `uint32`: Rust `u32`.
    UInt32,
    /// `uint64`: Rust `u64`.
    UInt64,
    /// `float32`: Rust `f32`, IEEE 754 binary32.
    Float32,
    /// `float64`: Rust `f64`, IEEE 754 binary64.
    Float64,
    /// `complex64`: `num_complex::Complex<f32>`, two `float32` components.
    Complex64,
    /// `complex128`: `num_complex::Complex<f64>`, two `float64` components.
    Complex128,
}

/// A named set of data types, as the standard groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DTypeGroup {
    /// Every data type but the complex ones.
    All,
    /// `bool` alone.
    Boolean,
    /// Signed and unsigned integers.
    Integer,
    /// Signed integers.
    SignedInteger,
    /// Unsigned integers.
    UnsignedInteger,
    /// `float32` and `float64`.
    Floating,
    /// Integers and floats (everything but `bool`); equal to `RealValued` here.
    Numeric,
    /// Integers and real floats.
    RealValued,
    /// Integers and `bool`.
    IntegerOrBoolean,
    /// `complex64` and `complex128`: the standard's "complex floating-point".
    Complex,
    /// Every data type, complex included: the standard's "any" for a
    /// function whose complex half this host implements.
    AllAndComplex,
    /// Integers, real and complex floats: the standard's "numeric".
    NumericAndComplex,
    /// Real and complex floats: the standard's "floating-point".
    FloatingAndComplex,
}

impl DType {
    /// Every data type, in the standard's order.
    pub const ALL: [DType; 13] = [
        DType::Bool,
        DType::Int8,
        DType::Int16,
        DType::Int32,
        DType::Int64,
        DType::UInt8,
        DType::UInt16,
        DType::UInt32,
        DType::UInt64,
        DType::Float32,
        DType::Float64,
        DType::Complex64,
        DType::Complex128,
    ];

    /// Every data type but the complex ones, in the standard's order: the
    /// members of [`DTypeGroup::All`].
    pub const REAL_AND_BOOL: [DType; 11] = [
        DType::Bool,
        DType::Int8,
        DType::Int16,
        DType::Int32,
        DType::Int64,
        DType::UInt8,
        DType::UInt16,
        DType::UInt32,
        DType::UInt64,
        DType::Float32,
        DType::Float64,
    ];

    /// The standard's name: `float32`, `uint8`, `bool`, ...
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::Int8 => "int8",
            DType::Int16 => "int16",
            DType::Int32 => "int32",
            DType::Int64 => "int64",
            DType::UInt8 => "uint8",
            DType::UInt16 => "uint16",
            DType::UInt32 => "uint32",
            DType::UInt64 => "uint64",
            DType::Float32 => "float32",
            DType::Float64 => "float64",
            DType::Complex64 => "complex64",
            DType::Complex128 => "complex128",
        }
    }

    /// Parses a name as [`DType::name`] writes it.
    pub fn from_name(name: &str) -> Option<DType> {
        DType::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Whether this is `bool`.
    pub fn is_bool(self) -> bool {
        self == DType::Bool
    }

    /// Whether this is `float32` or `float64`.
    pub fn is_float(self) -> bool {
        matches!(self, DType::Float32 | DType::Float64)
    }

    /// Whether this is `complex64` or `complex128`.
    pub fn is_complex(self) -> bool {
        matches!(self, DType::Complex64 | DType::Complex128)
    }

    /// Whether this is a real or complex float: the standard's
    /// "floating-point", whose values hold NaN, infinities and signed zeros.
    pub fn is_floating_point(self) -> bool {
        self.is_float() || self.is_complex()
    }

    /// The dtype of one component of a complex dtype (`float32` for
    /// `complex64`); a real dtype is its own.
    pub fn real_component(self) -> DType {
        match self {
            DType::Complex64 => DType::Float32,
            DType::Complex128 => DType::Float64,
            other => other,
        }
    }

    /// The complex dtype whose components are this real float dtype.
    pub fn complex_of(self) -> Option<DType> {
        match self {
            DType::Float32 => Some(DType::Complex64),
            DType::Float64 => Some(DType::Complex128),
            _ => None,
        }
    }

    /// Whether this is a signed or unsigned integer type.
    pub fn is_integer(self) -> bool {
        self.is_signed_integer() || self.is_unsigned_integer()
    }

    /// Whether this is `int8`, `int16`, `int32` or `int64`.
    pub fn is_signed_integer(self) -> bool {
        matches!(
            self,
            DType::Int8 | DType::Int16 | DType::Int32 | DType::Int64
        )
    }

    /// Whether this is `uint8`, `uint16`, `uint32` or `uint64`.
    pub fn is_unsigned_integer(self) -> bool {
        matches!(
            self,
            DType::UInt8 | DType::UInt16 | DType::UInt32 | DType::UInt64
        )
    }

    /// Whether this is an integer or a real float: anything but `bool`
    /// and the complex dtypes (the standard's "real-valued").
    pub fn is_numeric(self) -> bool {
        !self.is_bool() && !self.is_complex()
    }

    /// Width in bits (`bool` counts as 8, as NumPy stores it).
    pub fn bits(self) -> u32 {
        match self {
            DType::Bool | DType::Int8 | DType::UInt8 => 8,
            DType::Int16 | DType::UInt16 => 16,
            DType::Int32 | DType::UInt32 | DType::Float32 => 32,
            DType::Int64 | DType::UInt64 | DType::Float64 | DType::Complex64 => 64,
            DType::Complex128 => 128,
        }
    }

    /// Whether `self` belongs to `group`.
    pub fn in_group(self, group: DTypeGroup) -> bool {
        match group {
            DTypeGroup::All => !self.is_complex(),
            DTypeGroup::Boolean => self.is_bool(),
            DTypeGroup::Integer => self.is_integer(),
            DTypeGroup::SignedInteger => self.is_signed_integer(),
            DTypeGroup::UnsignedInteger => self.is_unsigned_integer(),
            DTypeGroup::Floating => self.is_float(),
            DTypeGroup::Numeric | DTypeGroup::RealValued => self.is_numeric(),
            DTypeGroup::IntegerOrBoolean => self.is_integer() || self.is_bool(),
            DTypeGroup::Complex => self.is_complex(),
            DTypeGroup::AllAndComplex => true,
            DTypeGroup::NumericAndComplex => self.is_numeric() || self.is_complex(),
            DTypeGroup::FloatingAndComplex => self.is_float() || self.is_complex(),
        }
    }
}

impl DTypeGroup {
    /// The members of the group, in the standard's order.
    pub fn dtypes(self) -> Vec<DType> {
        DType::ALL
            .into_iter()
            .filter(|d| d.in_group(self))
            .collect()
    }
}

/// A dtype of `group`, each equally likely (each in turn in the prelude of
/// [`crate::strata`]); shrinks toward the group's first dtype (in the
/// standard's order).
///
/// ```
/// use conformance_strategies::{dtypes, DType, DTypeGroup};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let mut tree = dtypes(DTypeGroup::Floating).new_tree(&mut runner).unwrap();
/// assert!(tree.current().is_float());
/// while tree.simplify() {}
/// assert_eq!(tree.current(), DType::Float32);
/// ```
pub fn dtypes(group: DTypeGroup) -> proptest::strategy::BoxedStrategy<DType> {
    crate::strata::dtype_of(group.dtypes())
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A Rust type that is the element type of one [`DType`].
///
/// Complex elements have no order, so an element is only `PartialEq`; code
/// that orders elements asks for `PartialOrd` as well.
pub trait Element: Copy + PartialEq + fmt::Debug + Default + Send + Sync + 'static {
    /// The data type whose elements are `Self`.
    const DTYPE: DType;
}

macro_rules! impl_element {
    ($($t:ty => $d:ident),* $(,)?) => {
        $(impl Element for $t { const DTYPE: DType = DType::$d; })*
    };
}

impl_element!(
    bool => Bool, i8 => Int8, i16 => Int16, i32 => Int32, i64 => Int64,
    u8 => UInt8, u16 => UInt16, u32 => UInt32, u64 => UInt64,
    f32 => Float32, f64 => Float64,
    num_complex::Complex<f32> => Complex64, num_complex::Complex<f64> => Complex128,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in DType::ALL {
            assert_eq!(DType::from_name(d.name()), Some(d));
        }
        assert_eq!(DType::from_name("float16"), None);
    }

    #[test]
    fn groups_partition_numeric() {
        let ints = DTypeGroup::Integer.dtypes();
        let floats = DTypeGroup::Floating.dtypes();
        assert_eq!(ints.len(), 8);
        assert_eq!(floats, vec![DType::Float32, DType::Float64]);
        assert_eq!(
            DTypeGroup::Numeric.dtypes().len(),
            ints.len() + floats.len()
        );
        assert!(!DType::Bool.in_group(DTypeGroup::Numeric));
    }

    #[test]
    fn complex_is_only_in_the_complex_groups() {
        let complex = [DType::Complex64, DType::Complex128];
        assert_eq!(DTypeGroup::Complex.dtypes(), complex.to_vec());
        for group in [
            DTypeGroup::All,
            DTypeGroup::Numeric,
            DTypeGroup::RealValued,
            DTypeGroup::Floating,
        ] {
            assert!(group.dtypes().iter().all(|d| !d.is_complex()), "{group:?}");
        }
        assert_eq!(DTypeGroup::All.dtypes(), DType::REAL_AND_BOOL.to_vec());
        assert_eq!(DTypeGroup::AllAndComplex.dtypes(), DType::ALL.to_vec());
        assert_eq!(
            DTypeGroup::FloatingAndComplex.dtypes(),
            vec![
                DType::Float32,
                DType::Float64,
                DType::Complex64,
                DType::Complex128
            ]
        );
        assert_eq!(DTypeGroup::NumericAndComplex.dtypes().len(), 12);
        assert_eq!(DType::Complex64.real_component(), DType::Float32);
        assert_eq!(DType::Float64.complex_of(), Some(DType::Complex128));
        assert_eq!(DType::Complex128.bits(), 128);
        assert_eq!(DType::from_name("complex64"), Some(DType::Complex64));
    }

    #[test]
    fn dtypes_draws_every_member_and_shrinks_to_the_first() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let s = dtypes(DTypeGroup::Integer);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let mut tree = s.new_tree(&mut runner).unwrap();
            seen.insert(tree.current());
            while tree.simplify() {}
            assert_eq!(tree.current(), DType::Int8);
        }
        assert_eq!(
            seen.into_iter().collect::<Vec<_>>(),
            DTypeGroup::Integer.dtypes()
        );
    }
}
