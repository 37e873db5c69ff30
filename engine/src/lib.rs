//! The conformance engine.
pub mod check;
pub mod error;
pub mod panic_capture;
pub mod property;
pub mod registry;

pub use check::{Check, CheckBody, CheckId, Suite, Tags, Tier};
pub use error::ConfigError;
pub use property::{
    CaseError, CaseResult, CheckContext, CheckOutcome, Deviation, ExampleBudget, Failure, Verdict,
};
pub use registry::{BackendRegistry, BackendUnderTest, RegisteredBackend};
pub mod report_model;
pub use report_model::{CheckReport, RunReport, Status, Summary};
pub mod selection;
pub mod report;
