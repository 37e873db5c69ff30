//! The integration tests, built as one binary to save link time.
mod architecture;
mod coverage;
mod faults;
mod host;
mod host_backends;
mod host_cli;
mod host_determinism;
mod interrupts;
mod reach;
mod several_failures;
mod toolchain;
mod walkthrough;
