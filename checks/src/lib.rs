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
mod creation;
mod creation_like;
mod data_type;
mod data_type_info;
mod elementwise;
mod indexing;
mod inspection;
mod isin;
mod linalg_decompositions;
mod linalg_extension;
mod linear_algebra;
mod manipulation;
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
mod utility;

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
    let mut s = Suite::new("array-api");
    s.extend(creation::checks());
    s.extend(creation_like::checks());
    s.extend(data_type::checks());
    s.extend(data_type_info::checks());
    s.extend(elementwise::checks());
    s.extend(clip::checks());
    s.extend(promotion::checks());
    s.extend(special_cases::checks());
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
    s.extend(score::checks());
    s.extend(inspection::checks());
    s
}
