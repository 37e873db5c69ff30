//! The checks the example host publishes: for every function, backend
//! agrees with the reference (dtype, shape, values within tolerance), and
//! the standard's special cases hold exactly.

pub mod agree;
pub mod clip;
pub mod creation;
pub mod data_type;
pub mod elementwise;
pub mod linalg;
pub mod linear_algebra;
pub mod manipulation;
pub mod promotion;
pub mod reduce;
pub mod score;
pub mod searching;
pub mod set;
pub mod sorting;
pub mod special_cases;
pub mod statistical;
#[cfg(test)]
pub mod testing;
pub mod utility;

use conformance_engine::Suite;

use array_api::api::Backend;

/// The check every other check depends on: the backend's round trip.
pub const ROUND_TRIP: &str = "creation::asarray";

/// The published suite, in report order.
pub fn suite() -> Suite<Backend> {
    let mut s = Suite::new("array-api");
    s.extend(creation::checks());
    s.extend(data_type::checks());
    s.extend(elementwise::checks());
    s.extend(clip::checks());
    s.extend(promotion::checks());
    s.extend(special_cases::checks());
    s.extend(statistical::checks());
    s.extend(manipulation::checks());
    s.extend(searching::checks());
    s.extend(sorting::checks());
    s.extend(set::checks());
    s.extend(utility::checks());
    s.extend(linear_algebra::checks());
    s.extend(linalg::checks());
    s.extend(score::checks());
    s
}
