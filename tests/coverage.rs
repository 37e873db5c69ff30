//! The README's coverage table is the one the code computes. To refresh it:
//! `UPDATE_README=1 cargo test --test integration coverage`.

const BEGIN: &str = "<!-- coverage:begin -->\n";
const END: &str = "<!-- coverage:end -->";

#[test]
fn the_readme_coverage_table_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("README has a coverage:begin marker")
        + BEGIN.len();
    let end = readme.find(END).expect("README has a coverage:end marker");
    let table = example_host::coverage::table();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    let current = &readme[start..end];
    if current != table {
        let first_difference = current
            .lines()
            .zip(table.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("README has:\n  {a}\nthe code gives:\n  {b}"))
            .unwrap_or_else(|| "the tables differ in length".to_string());
        panic!(
            "the README's coverage table is stale: run UPDATE_README=1 cargo test --test integration coverage\n{first_difference}"
        );
    }
}

#[test]
fn every_implemented_function_has_a_check_or_is_listed_as_unchecked() {
    let rows = example_host::coverage::rows();
    assert!(rows.len() >= 180, "the standard's table has 180 functions");
    let elementwise_unchecked: Vec<_> = rows
        .iter()
        .filter(|r| r.group == "elementwise" && r.implemented && r.checks.is_empty())
        .map(|r| r.qualname.clone())
        .collect();
    // clip has a check of its own once the three-argument form is drawn.
    assert!(
        elementwise_unchecked.iter().all(|f| f == "clip"),
        "{elementwise_unchecked:?}"
    );
}

#[test]
fn what_is_left_is_eig_and_eigvals_and_from_dlpack_does_not_apply() {
    let rows = example_host::coverage::rows();
    let dlpack = rows.iter().find(|r| r.qualname == "from_dlpack").unwrap();
    assert!(!dlpack.implemented && dlpack.checks.is_empty());
    assert!(dlpack
        .not_applicable
        .is_some_and(|why| why.contains("DLPack")));
    for r in rows.iter().filter(|r| r.implemented) {
        assert!(
            !r.checks.is_empty() || r.qualname == "clip",
            "{} has no check",
            r.qualname
        );
    }
    // conj, real and imag, eig and eigvals and the fft extension are
    // implemented and checked: what is left does not apply to a Rust host.
    let missing: Vec<&str> = rows
        .iter()
        .filter(|r| !r.implemented && r.not_applicable.is_none())
        .map(|r| r.qualname.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "the functions still missing: {missing:?}"
    );
}
