//! The conformance engine.
pub mod check;
pub mod panic_capture;
pub mod property;

pub use check::{Check, CheckBody, CheckId, Suite, Tags, Tier};
pub use property::{
    CaseError, CaseResult, CheckContext, CheckOutcome, Deviation, ExampleBudget, Failure, Verdict,
};
