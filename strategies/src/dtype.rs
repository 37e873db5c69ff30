//! The data types a host can hand to a backend, their groups, the
//! [`Element`] trait that ties each Rust element type to its [`DType`], and
//! the [`dtypes`] strategy.

use std::fmt;

/// A data type of the Array API standard that this project supports.
///
/// Complex types are not supported by the example host, so they are absent.
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
}

/// A named set of data types, as the standard groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DTypeGroup {
    /// Every supported data type.
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
}

impl DType {
    /// Every supported data type, in the standard's order.
    pub const ALL: [DType; 11] = [
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

    /// Whether this is an integer or a float: anything but `bool`.
    pub fn is_numeric(self) -> bool {
        !self.is_bool()
    }

    /// Width in bits (`bool` counts as 8, as NumPy stores it).
    pub fn bits(self) -> u32 {
        match self {
            DType::Bool | DType::Int8 | DType::UInt8 => 8,
            DType::Int16 | DType::UInt16 => 16,
            DType::Int32 | DType::UInt32 | DType::Float32 => 32,
            DType::Int64 | DType::UInt64 | DType::Float64 => 64,
        }
    }

    /// Whether `self` belongs to `group`.
    pub fn in_group(self, group: DTypeGroup) -> bool {
        match group {
            DTypeGroup::All => true,
            DTypeGroup::Boolean => self.is_bool(),
            DTypeGroup::Integer => self.is_integer(),
            DTypeGroup::SignedInteger => self.is_signed_integer(),
            DTypeGroup::UnsignedInteger => self.is_unsigned_integer(),
            DTypeGroup::Floating => self.is_float(),
            DTypeGroup::Numeric | DTypeGroup::RealValued => self.is_numeric(),
            DTypeGroup::IntegerOrBoolean => self.is_integer() || self.is_bool(),
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
pub trait Element:
    Copy + PartialEq + PartialOrd + fmt::Debug + Default + Send + Sync + 'static
{
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
