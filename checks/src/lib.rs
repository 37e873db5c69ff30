//! The checks the example host publishes: for every function, backend
//! agrees with the reference (dtype, shape, values within tolerance), and
//! the standard's special cases hold exactly.
//!
//! The public API is [`suite`] (and [`ROUND_TRIP`], the id every check
//! depends on); the check modules are private.

#![warn(missing_docs)]
#![warn(unreachable_pub)]

mod agree;
mod broadcast_shapes;
mod clip;
mod complex_special_cases;
mod creation;
mod creation_like;
mod data_type;
mod data_type_info;
mod double_double;
mod elementwise;
mod fft;
mod fft_identities;
mod indexing;
mod inspection;
mod isin;
mod linalg_decompositions;
mod linalg_eig;
mod linalg_extension;
mod linear_algebra;
mod manipulation;
mod overflow;
mod promotion;
mod reduce;
mod score;
mod searching;
mod set;
mod sorting;
mod special_cases;
mod statistical;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod triggers;
mod utility;
mod zero_sign;

use conformance_engine::{Suite, TagFlag};

use array_api::api::Backend;

/// The tag of checks whose output shape depends on the input's values
/// (`unique_*`, `nonzero`): a backend that cannot produce such shapes (a
/// lazy or graph backend) disables them with [`DATA_DEPENDENT_SHAPE_FLAG`].
pub const DATA_DEPENDENT_SHAPE: &str = "data-dependent-shape";

/// The command-line flag that skips the [`DATA_DEPENDENT_SHAPE`] checks.
pub const DATA_DEPENDENT_SHAPE_FLAG: TagFlag = TagFlag {
    tag: DATA_DEPENDENT_SHAPE,
    flag: "disable-data-dependent-shapes",
    help: "Skip checks of functions whose output shape depends on the values",
};

/// The check every other check depends on: the backend's round trip.
pub const ROUND_TRIP: &str = "creation::asarray";

/// The published suite, in report order.
pub fn suite() -> Suite<Backend> {
    // Every check's first examples walk the strategies' plan of triggers.
    let mut s =
        Suite::new("array-api").with_example_hook(conformance_strategies::strata::example_hook());
    s.extend(creation::checks());
    s.extend(creation_like::checks());
    s.extend(data_type::checks());
    s.extend(data_type_info::checks());
    s.extend(elementwise::checks());
    s.extend(clip::checks());
    s.extend(promotion::checks());
    s.extend(special_cases::checks());
    s.extend(complex_special_cases::checks());
    s.extend(statistical::checks());
    s.extend(manipulation::checks());
    s.extend(broadcast_shapes::checks());
    s.extend(searching::checks());
    s.extend(sorting::checks());
    s.extend(set::checks());
    s.extend(isin::checks());
    s.extend(indexing::checks());
    s.extend(utility::checks());
    s.extend(linear_algebra::checks());
    s.extend(linalg_extension::checks());
    s.extend(linalg_decompositions::checks());
    s.extend(linalg_eig::checks());
    s.extend(score::checks());
    s.extend(inspection::checks());
    s.extend(fft::checks());
    s.extend(fft_identities::checks());
    s
}

#[cfg(test)]
mod tests {
    use conformance_engine::{CheckContext, ExampleBudget, Verdict};

    use array_api::api::Backend;
    use array_api_reference as reference;

    /// Every check's counterexample names every argument: one
    /// `name: value` line each (no bare tuple, no unnamed array). Seen on
    /// a backend whose every function raises, so every check whose
    /// reference returns a value fails on its first example: all but the
    /// `undefined_promotion` checks, where raising is right (their input is
    /// the promotion checks' `x1`, `x2`).
    #[test]
    fn every_counterexample_names_every_argument() {
        let raising = Backend::new("raising", reference::ops().raising());
        let budget = ExampleBudget {
            max_examples: 20,
            max_shrink_iters: 0,
            ..ExampleBudget::default()
        };
        let named = |line: &str| {
            line.split_once(": ").is_some_and(|(name, _)| {
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            })
        };
        let mut passed = Vec::new();
        for check in super::suite().checks() {
            let outcome = check.run_body(&raising, &CheckContext::new([3; 32], budget.clone()));
            let Verdict::Failed(f) = outcome.verdict else {
                passed.push(check.id.to_string());
                continue;
            };
            let text = f
                .counterexample
                .unwrap_or_else(|| panic!("{}: no counterexample", check.id));
            // `()`: a function of no arguments (the inspection API).
            assert!(
                text == "()" || text.lines().all(named),
                "{}: a counterexample line names no argument:\n{text}",
                check.id
            );
        }
        assert!(
            passed
                .iter()
                .all(|id| id.ends_with("::undefined_promotion")),
            "{passed:?}"
        );
    }
}
