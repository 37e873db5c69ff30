//! The example host's conformance command: `cargo run -- --help`.

fn main() -> std::process::ExitCode {
    example_host::command()
}
