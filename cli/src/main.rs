//! `pkgconf-rs`: a pkg-config compatible command-line tool.
//!
//! The binary is thin: it turns argv and the process environment into
//! library calls and the results into stdout text and an exit code.

mod args;
mod run;
mod setup;

use std::process::ExitCode;

// No #[global_allocator]: glibc's malloc, measured against mimalloc on
// bench/compare's workloads in one run, starts faster (`--modversion`:
// 0.78x the time, 2.8 instead of 9.1 MiB peak) and uses far less memory on
// mid-size graphs (1,001 packages: 12 instead of 39 MiB; `--list-all` of
// 4,000: 27 instead of 49 MiB); mimalloc was 1.2-1.4x faster only on those
// larger workloads. Build systems make many small calls.

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
