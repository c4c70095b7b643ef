//! Command-line behaviours as case files: each `tests/cmd/NAME.toml` gives the arguments,
//! `NAME.in/` the folder it runs in, and `NAME.stdout`, `NAME.stderr` and `status.code` what
//! it must print and return. `TRYCMD=overwrite cargo test --test cmd` refreshes them.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
