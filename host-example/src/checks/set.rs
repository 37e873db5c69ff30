//! The set checks (being written).

use conformance_engine::Check;

use crate::api::Backend;

pub fn checks() -> Vec<Check<Backend>> {
    Vec::new()
}
