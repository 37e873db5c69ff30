//! The mixed-dtype checks of the binary elementwise functions: the primary
//! checks draw one dtype per call, these draw two different ones.
//!
//! - `elementwise::<fn>::promotion` (tier primary, so `--ci` runs it): for
//!   a pair the standard promotes (`spec/type_promotion.tsv`,
//!   `reference::promotion::promote`) the backend agrees with the
//!   reference in result dtype (the promoted one, or `bool` for
//!   comparisons) and values (the sign of zero as the primary check of
//!   the function compares it).
//! - `elementwise::<fn>::undefined_promotion` (tier extra, so `--ci` skips
//!   it): for a pair the standard leaves undefined (`bool` with a number,
//!   an integer with a float, a signed integer with `uint64`) both raise.
//!   That is this host's choice (array-api-strict's too) for what the
//!   standard leaves to the implementation, so a backend may be conformant
//!   and still fail it.
//!
//! The functions and the values each takes come from the table of
//! `checks::elementwise`. Left out: functions of `bool` alone (no two
//! different dtypes to draw) and `nextafter`, whose `x2` the standard wants
//! of `x1`'s dtype rather than promoted. The pairs with a complex dtype
//! (`float32` with `complex64`, `complex64` with `complex128`...) are
//! drawn from real floats cast to each dtype of the pair, finite where the
//! standard leaves a complex result with a non-finite component open
//! (`Function::complex_domain`).

use conformance_engine::{CaseError, Check, CheckContext, Tier};
use conformance_strategies::{broadcast_arrays, DType, DTypeGroup, Domain, DrawnArray, IntRule};
use proptest::prelude::*;

use super::agree::reference;
use super::elementwise::{functions, shapes, Binary, Call, Function};
use super::ROUND_TRIP;
use array_api::api::Backend;
use array_api::promotion::promote;

/// The ordered pairs of different dtypes the function takes that the
/// standard promotes (`defined`) or leaves undefined (`!defined`).
fn pairs(dtypes: DTypeGroup, defined: bool) -> Vec<(DType, DType)> {
    let ds: Vec<DType> = dtypes.dtypes();
    ds.iter()
        .flat_map(|&a| ds.iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| a != b && promote(a, b).is_some() == defined)
        .collect()
}

/// `x` cast to `dtype` in its drawn layout; a signed integer going to an
/// unsigned dtype is made non-negative first (`|x|`), so that it keeps its
/// value when the dtype holds it (the integer draws are the whole range,
/// fitted afterwards).
fn cast(x: DrawnArray, dtype: DType) -> DrawnArray {
    let r = reference();
    let values = if dtype.is_unsigned_integer() && x.dtype().is_signed_integer() {
        r.abs(&x)
            .expect("the reference takes |x| of a signed integer")
    } else {
        x.array
    };
    let array = r
        .astype(&values, dtype)
        .expect("the reference casts between every two dtypes");
    DrawnArray {
        array: x.layout.apply(&array),
        layout: x.layout,
    }
}

/// Two arrays with broadcastable shapes, drawn together as one input of a
/// `source` dtype with `domain` values in any layout (so they shrink
/// together, as the primary checks' do), then cast to a pair of `pairs`,
/// integers then fitted by `rule` in the promoted dtype. Integers of a
/// signed source keep their values in every integer dtype wide enough
/// (negatives in the signed operand) and wrap into a narrower one, so the
/// pair covers both dtypes' ranges; floats keep theirs in float64 and round
/// to float32.
fn cast_pairs(
    pairs: Vec<(DType, DType)>,
    source: DTypeGroup,
    domain: Domain,
    rule: IntRule,
) -> BoxedStrategy<Binary> {
    (
        conformance_strategies::strata::one_of(rotating(pairs)),
        broadcast_arrays(2, source, shapes(), domain),
    )
        .prop_map(move |((d1, d2), mut xs)| {
            let x2 = cast(xs.pop().expect("two arrays"), d2);
            let x1 = cast(xs.pop().expect("two arrays"), d1);
            let mut operands = [x1, x2];
            if let Some(p) = promote(d1, d2) {
                rule.fit(&mut operands, p);
            }
            let [x1, x2] = operands;
            Binary { x1, x2 }
        })
        .boxed()
}

/// `pairs` reordered so that every few consecutive pairs meet every dtype
/// of any pair: each next pair is the one whose dtypes were met longest
/// ago (never met first; ties in table order). The prelude walks
/// `one_of`'s values by example index, the examples that reach one kind
/// of pair (float or integer) are a run of those indices, and a check has
/// up to 60 pairs against 31 prelude examples: this is what makes every
/// dtype guaranteed rather than met by chance.
fn rotating(mut pairs: Vec<(DType, DType)>) -> Vec<(DType, DType)> {
    let mut last: Vec<(DType, usize)> = Vec::new();
    let mut out = Vec::with_capacity(pairs.len());
    while !pairs.is_empty() {
        let step = out.len() + 1;
        let age = |d: DType| {
            last.iter()
                .find(|(e, _)| *e == d)
                .map_or(usize::MAX / 4, |&(_, at)| step - at)
        };
        let score = |&(a, b): &(DType, DType)| {
            let (x, y) = (age(a), if a == b { 0 } else { age(b) });
            (x.max(y), x + y)
        };
        let best = (0..pairs.len())
            .max_by_key(|&i| (score(&pairs[i]), std::cmp::Reverse(i)))
            .expect("not empty");
        let (a, b) = pairs.remove(best);
        for d in [a, b] {
            last.retain(|(e, _)| *e != d);
            last.push((d, step));
        }
        out.push((a, b));
    }
    out
}

/// The inputs of `f`'s check of the pairs the standard promotes
/// (`defined`) or leaves undefined: pairs with a float take the function's
/// float values, the others its integer values. `None` when there is no
/// such pair.
fn inputs(f: &Function, defined: bool) -> Option<BoxedStrategy<Binary>> {
    let (with_complex, real): (Vec<_>, Vec<_>) = pairs(f.dtypes, defined)
        .into_iter()
        .partition(|(a, b)| a.is_complex() || b.is_complex());
    let (with_float, without): (Vec<_>, Vec<_>) = real
        .into_iter()
        .partition(|(a, b)| a.is_float() || b.is_float());
    let mut alternatives = Vec::new();
    if !with_float.is_empty() {
        let s = cast_pairs(with_float, DTypeGroup::Floating, f.float_domain, f.ints);
        alternatives.push((1, DTypeGroup::Floating.dtypes(), s));
    }
    if !without.is_empty() {
        let s = cast_pairs(without, DTypeGroup::SignedInteger, Domain::any(), f.ints);
        alternatives.push((1, DTypeGroup::SignedInteger.dtypes(), s));
    }
    if !with_complex.is_empty() {
        // Real floats cast to each dtype of the pair, each component of the
        // function's complex values; last, so that the plan's float strata
        // (NaN, infinities) take the real-float branch as before.
        let domain = finite_in_float32(f.complex_domain());
        let s = cast_pairs(with_complex, DTypeGroup::Floating, domain, f.ints);
        alternatives.push((1, DTypeGroup::Floating.dtypes(), s));
    }
    (!alternatives.is_empty()).then(|| conformance_strategies::strata::union(alternatives))
}

/// `d`, but a finite domain within float32's range: the pairs are drawn in
/// float64 and rounded to each dtype, and a finite float64 beyond it would
/// round to an infinite float32 operand.
fn finite_in_float32(d: Domain) -> Domain {
    if d.nan {
        return d;
    }
    let max = f64::from(f32::MAX);
    let (lo, lo_inclusive) = if d.lo < -max {
        (-max, true)
    } else {
        (d.lo, d.lo_inclusive)
    };
    let (hi, hi_inclusive) = if d.hi > max {
        (max, true)
    } else {
        (d.hi, d.hi_inclusive)
    };
    Domain {
        lo,
        hi,
        lo_inclusive,
        hi_inclusive,
        ..d
    }
}

/// Whether `f` gets a promotion check.
fn covered(f: &Function) -> bool {
    matches!(f.call, Call::Binary(_)) && f.name != "nextafter" && !pairs(f.dtypes, true).is_empty()
}

/// What the standard says of the pair, to head a failure.
fn rule(d1: DType, d2: DType) -> String {
    match promote(d1, d2) {
        Some(p) => format!("{d1} with {d2} promotes to {p}"),
        None => format!("the standard does not promote {d1} with {d2}"),
    }
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    let mut checks = Vec::new();
    for f in functions().into_iter().filter(covered) {
        for (defined, aspect, tier) in [
            (true, "promotion", Tier::Primary),
            (false, "undefined_promotion", Tier::Extra),
        ] {
            if inputs(&f, defined).is_some() {
                checks.push(check(f, defined, aspect, tier));
            }
        }
    }
    checks
}

/// The mixed-dtype check of `f` over the pairs the standard promotes
/// (`defined`) or leaves undefined.
fn check(f: Function, defined: bool, aspect: &str, tier: Tier) -> Check<Backend> {
    let Call::Binary(call) = f.call else {
        unreachable!("covered functions are binary")
    };
    Check::new(
        "elementwise",
        f.name,
        move |b: &Backend, ctx: &CheckContext| {
            let strategy = inputs(&f, defined).expect("checked when the check was made");
            ctx.for_all(strategy, |input| {
                let (x1, x2) = (&input.x1.array, &input.x2.array);
                f.agree(call(reference(), x1, x2), call(b, x1, x2), &[x1, x2])
                    .map_err(|e| {
                        CaseError::map_message(e, |m| {
                            format!("{}: {m}", rule(x1.dtype(), x2.dtype()))
                        })
                    })
            })
        },
    )
    .aspect(aspect)
    .tier(tier)
    .depends_on(ROUND_TRIP)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant, passes_and_catches};
    use array_api::api::{ApiError, ApiResult};
    use conformance_strategies::AnyArray;

    #[test]
    fn every_binary_function_with_a_promoted_pair_has_a_check() {
        let ids: Vec<String> = checks().iter().map(|c| c.id.to_string()).collect();
        let binary: Vec<&str> = functions()
            .iter()
            .filter(|f| matches!(f.call, Call::Binary(_)))
            .map(|f| f.name)
            .collect();
        for name in &binary {
            let id = format!("elementwise::{name}::promotion");
            let expected = !name.starts_with("logical_") && *name != "nextafter";
            assert_eq!(ids.contains(&id), expected, "{id}");
        }
        let promoted = checks()
            .into_iter()
            .filter(|c| c.id.as_str().ends_with("::promotion"))
            .collect::<Vec<_>>();
        assert_eq!(promoted.len(), binary.len() - 4);
        assert!(promoted.iter().all(|c| c.tags.tier == Tier::Primary));
        // Every function but the float-only ones has pairs the standard
        // leaves undefined, checked apart, outside --ci.
        for name in ["add", "bitwise_and", "equal", "less"] {
            assert!(ids.contains(&format!("elementwise::{name}::undefined_promotion")));
        }
        for name in ["atan2", "hypot", "copysign", "logaddexp"] {
            assert!(!ids.contains(&format!("elementwise::{name}::undefined_promotion")));
        }
        assert!(checks()
            .iter()
            .filter(|c| c.id.as_str().ends_with("::undefined_promotion"))
            .all(|c| c.tags.tier == Tier::Extra));
    }

    #[test]
    fn pairs_follow_the_standards_table() {
        assert_eq!(
            pairs(DTypeGroup::Floating, true),
            vec![
                (DType::Float32, DType::Float64),
                (DType::Float64, DType::Float32)
            ]
        );
        assert!(pairs(DTypeGroup::Floating, false).is_empty());
        let undefined = pairs(DTypeGroup::Numeric, false);
        assert!(undefined.contains(&(DType::Int8, DType::Float32)));
        assert!(undefined.contains(&(DType::UInt64, DType::Int64)));
        assert!(!undefined.contains(&(DType::UInt32, DType::Int64)));
        assert!(pairs(DTypeGroup::All, false).contains(&(DType::Bool, DType::UInt8)));
        assert!(pairs(DTypeGroup::Boolean, true).is_empty());
        // 8 integers: 56 ordered pairs, of which the 2 * 4 of a signed
        // integer with uint64 are undefined.
        assert_eq!(pairs(DTypeGroup::Integer, true).len(), 48);
    }

    /// The cast draws keep integer operands where the function is defined
    /// (`add`'s sums fit the promoted dtype), and reach what promotion is
    /// about: a negative signed operand with an unsigned one, 64-bit values
    /// above 2^53, float32 with float64; the undefined pairs are drawn by
    /// their own check only.
    #[test]
    fn the_draws_keep_their_values_and_reach_their_cases() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let fs = functions();
        let add = fs.iter().find(|f| f.name == "add").unwrap();
        let mut runner = TestRunner::deterministic();
        let (mut negative_with_unsigned, mut floats, mut undefined, mut wide) = (0, 0, 0, 0);
        let undefined_pairs = inputs(add, false).unwrap();
        for _ in 0..100 {
            let i = undefined_pairs.new_tree(&mut runner).unwrap().current();
            let (x1, x2) = (&i.x1, &i.x2);
            assert_ne!(x1.dtype(), x2.dtype());
            assert_eq!(promote(x1.dtype(), x2.dtype()), None);
        }
        let promoted_pairs = inputs(add, true).unwrap();
        for _ in 0..1000 {
            let i = promoted_pairs.new_tree(&mut runner).unwrap().current();
            let (x1, x2) = (&i.x1, &i.x2);
            assert_ne!(x1.dtype(), x2.dtype());
            let Some(p) = promote(x1.dtype(), x2.dtype()) else {
                undefined += 1;
                continue;
            };
            floats += usize::from(p.is_float());
            if p.is_integer() {
                assert!(add.ints.holds(&[x1, x2], p), "{i:?}");
                wide += usize::from(
                    [x1, x2]
                        .iter()
                        .any(|x| x.to_f64_vec().iter().any(|v| v.abs() > 2f64.powi(53))),
                );
                let negative = |x: &DrawnArray| x.to_f64_vec().iter().any(|&v| v < 0.0);
                let unsigned = |x: &DrawnArray| x.dtype().is_unsigned_integer();
                negative_with_unsigned +=
                    usize::from((negative(x1) && unsigned(x2)) || (negative(x2) && unsigned(x1)));
            }
        }
        assert!(negative_with_unsigned > 40, "{negative_with_unsigned}");
        assert!(floats > 200 && undefined == 0, "{floats} {undefined}");
        assert!(wide > 15, "64-bit values above 2^53: {wide}");
    }

    /// What the checks compare against: for every covered function and
    /// every promoted pair, the reference computes on the operands cast to
    /// the promoted dtype (so the result dtype is the promoted one, or
    /// `bool` for comparisons); for every undefined pair it raises.
    #[test]
    fn the_reference_promotes_the_operands_and_refuses_undefined_pairs() {
        let r = reference();
        let one = |d: DType| r.ones(&[2], d).unwrap();
        for f in functions().iter().filter(|f| covered(f)) {
            let Call::Binary(call) = f.call else {
                unreachable!()
            };
            for (d1, d2) in pairs(f.dtypes, true) {
                let p = promote(d1, d2).unwrap();
                let mixed = call(r, &one(d1), &one(d2)).unwrap();
                let same = call(r, &one(p), &one(p)).unwrap();
                assert_eq!(mixed, same, "{} of {d1} and {d2}", f.name);
                assert!(mixed.dtype() == p || mixed.dtype() == DType::Bool);
            }
            for (d1, d2) in pairs(f.dtypes, false) {
                assert!(
                    matches!(
                        call(r, &one(d1), &one(d2)),
                        Err(ApiError::InvalidArgument { .. })
                    ),
                    "{} of {d1} and {d2}",
                    f.name
                );
            }
        }
    }

    /// `add` in `x1`'s dtype: `x2` cast to it first.
    fn add_in_x1_dtype(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        let r = reference();
        r.add(x1, &r.astype(x2, x1.dtype())?)
    }

    /// `multiply` of an integer with a float in float64, as NumPy does.
    fn multiply_any_kinds(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        let r = reference();
        if promote(x1.dtype(), x2.dtype()).is_some() {
            return r.multiply(x1, x2);
        }
        let (a, b) = (r.astype(x1, DType::Float64)?, r.astype(x2, DType::Float64)?);
        r.multiply(&a, &b)
    }

    /// `hypot` computed in `float32` and widened: rounding beyond float64's.
    fn hypot_in_float32(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        let r = reference();
        let (a, b) = (r.astype(x1, DType::Float32)?, r.astype(x2, DType::Float32)?);
        let h = r.hypot(&a, &b)?;
        match promote(x1.dtype(), x2.dtype()) {
            Some(p) => r.astype(&h, p),
            None => Ok(h),
        }
    }

    #[test]
    fn the_checks_pass_the_reference_and_catch_mutants() {
        let checks = checks();
        passes_and_catches(
            &checks,
            "elementwise::add::promotion",
            &mutant(|o| o.add(add_in_x1_dtype)),
            "dtype differs",
        );
        passes_and_catches(
            &checks,
            "elementwise::multiply::undefined_promotion",
            &mutant(|o| o.multiply(multiply_any_kinds)),
            "the standard does not promote",
        );
        passes_and_catches(
            &checks,
            "elementwise::hypot::promotion",
            &mutant(|o| o.hypot(hypot_in_float32)),
            "float32 with float64 promotes to float64: values differ",
        );
    }
}
