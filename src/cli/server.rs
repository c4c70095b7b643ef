//! `hedgelint server`: the language server over standard input and output.

use hedgelint::server::{self, Ending};

/// Serves one editor until it exits: code 0 after `shutdown` and `exit`, 1 otherwise.
pub fn run() -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let input = std::io::BufReader::new(std::io::stdin());
    let (conn, transport) = match server::connect(input, std::io::stdout()) {
        Ok(pair) => pair,
        Err(e) => {
            super::output::error(&format!("could not start the server: {e}"));
            return super::EXIT_ERROR;
        }
    };
    let ending = server::serve(conn, &cwd);
    transport.finish();
    match ending {
        Ending::Clean => super::EXIT_CLEAN,
        Ending::Abrupt => super::EXIT_FINDINGS,
    }
}
