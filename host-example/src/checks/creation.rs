//! The creation checks, the round trip (`asarray`) first: every other check
//! depends on it, so a backend that cannot hold an array shows one failure
//! and the rest `BLOCKED`, not a cascade.

use conformance_engine::{Check, CheckContext};
use conformance_strategies::{arrays, DTypeGroup, Domain, ShapeSpec};

use super::agree::{agree, reference};
use crate::api::Backend;

pub fn checks() -> Vec<Check<Backend>> {
    vec![Check::new(
        "creation",
        "asarray",
        |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(
                arrays(DTypeGroup::All, ShapeSpec::default(), Domain::any()),
                |x| {
                    let mut options = super::agree::options_for(&x);
                    options.tolerance = conformance_strategies::compare::Tolerance::exact();
                    options.check_zero_sign = true;
                    agree(reference().asarray(&x), b.asarray(&x), Some(&options))
                },
            )
        },
    )]
}
