fn main() -> std::process::ExitCode {
    hedgelint::cli::run()
}
