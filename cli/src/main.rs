//! `pkgconf-rs`: a pkg-config compatible command-line tool.
//!
//! The binary is thin: it turns argv and the process environment into
//! library calls and the results into stdout text and an exit code.

mod args;
mod run;
mod setup;

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run::run(std::env::args_os().collect()) {
        Ok(code) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pkgconf-rs: {e}");
            ExitCode::FAILURE
        }
    }
}
