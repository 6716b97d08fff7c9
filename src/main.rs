//! The `citelint` binary: parses the command line and hands over to [`citelint::cli`].

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a checked document is thousands of small strings and vectors, and mimalloc
/// makes and frees them about a fifth faster than the system allocator. Version 2 without
/// transparent huge pages (`no_thp`) keeps peak memory under 50 MB in corpus runs; huge
/// pages or version 3's eager arena commit took it past 64 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match citelint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    citelint::cli::run(cli)
}
