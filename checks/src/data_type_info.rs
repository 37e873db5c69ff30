//! The checks of the data type inspection functions: `finfo` and `iinfo`
//! (every dtype is drawn: a float for `finfo`, an integer for `iinfo`,
//! and the others, which both must refuse) and `isdtype` (a dtype against
//! one to three entries, each a dtype or one of the standard's seven kinds,
//! `'complex floating'` included, or none: an empty tuple). Results are
//! plain values, compared exactly with the reference's, whose limits are
//! Rust's constants and whose kinds are the standard's
//! (`array_api::args::DTypeKind::contains`).

use conformance_engine::Check;
use conformance_engine::CheckContext;
use conformance_strategies::{labelled, DType};
use proptest::prelude::*;
use proptest::sample::select;

use super::agree::{agree_with, reference};
use super::data_type::equal;
use array_api::api::Backend;
use array_api::args::{DTypeKind, KindArg};

labelled! {
    #[derive(Clone)]
    struct InfoInput {
        dtype: DType,
    }
}

labelled! {
    #[derive(Clone)]
    struct IsdtypeInput {
        dtype: DType,
        kind: Vec<KindArg>,
    }
}

fn any_dtype() -> impl Strategy<Value = DType> {
    select(DType::ALL.to_vec())
}

/// A dtype one time in three, else a kind.
fn kind_arg() -> impl Strategy<Value = KindArg> {
    prop_oneof![
        1 => any_dtype().prop_map(KindArg::DType),
        2 => select(DTypeKind::ALL.to_vec()).prop_map(KindArg::Kind),
    ]
}

fn isdtype_input() -> impl Strategy<Value = IsdtypeInput> {
    (any_dtype(), proptest::collection::vec(kind_arg(), 0..=3))
        .prop_map(|(dtype, kind)| IsdtypeInput { dtype, kind })
}

fn info_check(name: &'static str) -> Check<Backend> {
    Check::new("data_type", name, move |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(any_dtype().prop_map(|dtype| InfoInput { dtype }), |i| {
            let call = format!("{name}({})", i.dtype);
            if name == "finfo" {
                agree_with(reference().finfo(i.dtype), b.finfo(i.dtype), equal(call))
            } else {
                agree_with(reference().iinfo(i.dtype), b.iinfo(i.dtype), equal(call))
            }
        })
    })
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        info_check("finfo"),
        info_check("iinfo"),
        Check::new("data_type", "isdtype", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(isdtype_input(), |i| {
                agree_with(
                    reference().isdtype(i.dtype, &i.kind),
                    b.isdtype(i.dtype, &i.kind),
                    equal(format!("isdtype({}, {:?})", i.dtype, i.kind)),
                )
            })
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant, passes_and_catches};
    use array_api::api::ApiResult;
    use array_api::args::{FInfo, IInfo};

    /// NumPy's `machep`-style mistake: half the epsilon.
    fn half_eps(dtype: DType) -> ApiResult<FInfo> {
        let f = reference().finfo(dtype)?;
        Ok(FInfo {
            eps: f.eps / 2.0,
            ..f
        })
    }

    /// `min` of an unsigned dtype as if it were signed.
    fn signed_min(dtype: DType) -> ApiResult<IInfo> {
        let i = reference().iinfo(dtype)?;
        Ok(IInfo {
            min: if dtype.is_unsigned_integer() {
                -i.max - 1
            } else {
                i.min
            },
            ..i
        })
    }

    /// Only the first entry of a tuple is looked at.
    fn first_only(dtype: DType, kind: &[KindArg]) -> ApiResult<bool> {
        reference().isdtype(dtype, &kind[..kind.len().min(1)])
    }

    #[test]
    fn each_check_passes_the_reference_and_catches_a_mutant() {
        let checks = checks();
        let cases: Vec<(&str, Backend, &str)> = vec![
            ("data_type::finfo", mutant(|o| o.finfo(half_eps)), "finfo("),
            (
                "data_type::iinfo",
                mutant(|o| o.iinfo(signed_min)),
                "iinfo(uint",
            ),
            (
                "data_type::isdtype",
                mutant(|o| o.isdtype(first_only)),
                "isdtype(",
            ),
        ];
        for (id, backend, needle) in &cases {
            passes_and_catches(&checks, id, backend, needle);
        }
    }
}
