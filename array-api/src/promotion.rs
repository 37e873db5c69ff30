//! Type promotion: the data type of a result from the data types of its
//! array inputs, by the standard's lattice. Mixed-kind pairs (`bool` with a
//! number, an integer with a float, a signed integer with `uint64`) are left
//! undefined by the standard; this host refuses them, as array-api-strict
//! does, rather than guess. Real and complex floats form one kind (the
//! standard's "floating-point" table, `spec/type_promotion.tsv` from its
//! `type_promotion.md`): the result is complex when either is, with the
//! wider precision of the two (`float64` with `complex64` is `complex128`).

use conformance_strategies::DType;

/// The promoted data type of `a` and `b`, or `None` where the standard
/// leaves the pair undefined.
pub fn promote(a: DType, b: DType) -> Option<DType> {
    use DType::*;
    if a == b {
        return Some(a);
    }
    match (a, b) {
        (x, y) if x.is_floating_point() && y.is_floating_point() => {
            let real = if x.real_component() == Float64 || y.real_component() == Float64 {
                Float64
            } else {
                Float32
            };
            if x.is_complex() || y.is_complex() {
                real.complex_of()
            } else {
                Some(real)
            }
        }
        (x, y) if x.is_signed_integer() && y.is_signed_integer() => Some(wider(x, y)),
        (x, y) if x.is_unsigned_integer() && y.is_unsigned_integer() => Some(wider(x, y)),
        (s, u) | (u, s) if s.is_signed_integer() && u.is_unsigned_integer() => {
            if s.bits() > u.bits() {
                Some(s)
            } else {
                signed_with_bits(2 * u.bits())
            }
        }
        _ => None,
    }
}

/// The promoted data type of all of `dtypes` (folded left; the lattice is
/// associative where defined). `None` for an empty list or an undefined pair.
pub fn result_type(dtypes: &[DType]) -> Option<DType> {
    let (first, rest) = dtypes.split_first()?;
    rest.iter().try_fold(*first, |acc, &d| promote(acc, d))
}

/// Whether `from` can be cast to `to` by the promotion rules
/// (`result_type(from, to) == to`).
pub fn can_cast(from: DType, to: DType) -> bool {
    promote(from, to) == Some(to)
}

fn wider(a: DType, b: DType) -> DType {
    if a.bits() >= b.bits() {
        a
    } else {
        b
    }
}

fn signed_with_bits(bits: u32) -> Option<DType> {
    match bits {
        8 => Some(DType::Int8),
        16 => Some(DType::Int16),
        32 => Some(DType::Int32),
        64 => Some(DType::Int64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `array` row of the standard's table, and nothing more.
    #[test]
    fn equals_the_standards_table() {
        let table = include_str!("../spec/type_promotion.tsv");
        let mut defined = 0;
        for line in table.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols[0] != "array" {
                continue;
            }
            let (a, b, r) = (
                DType::from_name(cols[1]),
                DType::from_name(cols[2]),
                DType::from_name(cols[3]),
            );
            if let (Some(a), Some(b), Some(r)) = (a, b, r) {
                assert_eq!(promote(a, b), Some(r), "{a} with {b}");
                defined += 1;
            }
        }
        let ours = DType::ALL
            .iter()
            .flat_map(|&a| DType::ALL.iter().map(move |&b| (a, b)))
            .filter(|&(a, b)| promote(a, b).is_some())
            .count();
        assert_eq!(ours, defined, "the host defines pairs the table does not");
        assert!(defined > 40);
    }

    #[test]
    fn mixed_kinds_are_undefined() {
        assert_eq!(promote(DType::Bool, DType::Int8), None);
        assert_eq!(promote(DType::Int32, DType::Float32), None);
        assert_eq!(promote(DType::Int8, DType::UInt64), None);
        assert_eq!(
            result_type(&[DType::Int8, DType::UInt8, DType::Int16]),
            Some(DType::Int16)
        );
        assert_eq!(result_type(&[]), None);
        assert!(can_cast(DType::Int8, DType::Int64));
        assert!(!can_cast(DType::Int64, DType::Int8));
        assert!(!can_cast(DType::Float64, DType::Float32));
    }

    #[test]
    fn real_and_complex_floats_promote_to_the_wider_precision() {
        use DType::*;
        assert_eq!(promote(Float64, Complex64), Some(Complex128));
        assert_eq!(promote(Complex64, Float32), Some(Complex64));
        assert_eq!(promote(Int8, Complex64), None);
        assert_eq!(promote(Bool, Complex128), None);
        assert!(can_cast(Float32, Complex64));
        assert!(!can_cast(Complex64, Float64));
        assert!(!can_cast(Complex128, Complex64));
        assert_eq!(
            result_type(&[Float32, Complex64, Float64]),
            Some(Complex128)
        );
    }
}
