//! The conformance engine: runs a host's published checks against one
//! backend and says, check by check, `PASSED`, `SKIPPED (reason)` or
//! `FAILED: message`, with the minimal counterexample and a command that
//! replays it.
//!
//! The engine knows nothing of arrays: a host hands it a [`Suite`] of
//! [`Check`]s over its own backend type and a [`BackendRegistry`] of
//! backends by name. See `ARCHITECTURE.md` at the repository root for how a
//! check flows from the command line to a status.
//!
//! - [`check`]: what a host publishes.
//! - [`property`]: generating inputs, shrinking failures.
//! - [`registry`]: backends by name.
//! - [`skip_list`]: skips and xfails files (the [`SkipList`] of each).
//! - [`config`], [`cli`]: the run's configuration and the command line.
//! - [`runner`]: parallel, seeded, contained execution; [`isolate`]: a
//!   check in a child process.
//! - [`report_model`], [`report`]: the results as values, and their printers.
//! - [`library`], [`harness`]: a backend's own tests running a suite (a
//!   `#[test]`, or a `harness = false` target with [`harness_main!`]).
//!
//! The host names what the engine leaves open: its [`Tags::labels`] and the
//! [`TagFlag`]s that disable them, the [`Detail`]s of a [`Deviation`], its
//! command's [`cli::Program`] (name, version, replay prefix), and each
//! backend's name ([`BackendUnderTest::name`]), written once.
#![warn(missing_docs, unreachable_pub)]

pub mod check;
pub mod cli;
pub mod config;
pub mod error;
pub mod harness;
pub mod isolate;
pub mod library;
pub mod panic_capture;
pub mod property;
pub mod registry;
pub mod report;
pub mod report_model;
pub mod runner;
pub mod seed;
pub mod skip_list;

pub use check::{Check, CheckBody, CheckId, Suite, TagFlag, Tags, Tier};
pub use config::{Interrupt, Partition, Replay, RunConfig, Selection, DEFAULT_SLOW_TIMEOUT};
pub use error::ConfigError;
pub use library::{run_conformance, run_conformance_on};
pub use property::{
    CaseError, CaseResult, CheckContext, CheckOutcome, Detail, Deviation, ExampleBudget,
    ExampleHook, Failure, Measure, ShrinkLimit, Verdict, FLAT_MAP_REGENS,
};
pub use property::{DEFAULT_MAX_FAILURES, PANIC_KIND};
pub use registry::{BackendRegistry, BackendUnderTest, RegisteredBackend};
pub use report_model::{CheckReport, RunReport, Status, Summary};
pub use runner::{run_backend, run_suite, Event};
pub use skip_list::{ListKind, SkipList};
