//! The host's published checks as one libtest test each:
//! `cargo test -p backend-example --test conformance -- --max-examples 500 --seed 7`,
//! or `cargo nextest run -p backend-example`.

fn main() -> std::process::ExitCode {
    conformance_engine::harness::main(
        example_host::checks::suite(),
        backend_example::backend(),
        "chunked",
    )
}
