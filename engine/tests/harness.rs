//! The toy suite as a `harness = false` target built by `harness_main!`:
//! one libtest test per check, on the good toy backend, so
//! `cargo test -p conformance-engine --test harness` lists and passes them.

#[allow(dead_code)]
#[path = "toy.rs"]
mod toy;

conformance_engine::harness_main!(
    toy::suite(),
    toy::Toy {
        name: "good",
        ..Default::default()
    },
);
