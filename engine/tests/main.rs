//! The engine's integration tests, on a toy host (integer "arrays"), built
//! as one binary: they need no array code.
mod cli;
mod interrupts;
mod json_schema;
mod lists;
mod runs;
mod several_failures;
mod toy;
