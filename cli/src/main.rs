//! `pkgconf-rs`: a pkg-config compatible command-line tool.
//!
//! The binary is thin: it turns argv and the process environment into
//! library calls and the results into stdout text and an exit code.

mod args;
mod run;
mod setup;

use std::process::ExitCode;

// No #[global_allocator]: glibc's malloc. Measured in one run against
// mimalloc (v3, then v2) on bench/compare's workloads, it starts faster
// (`--modversion`: 0.8x the time, 2.8 MiB peak against 9.1 and 7.0) and
// uses the least memory on small and mid-size queries (1,001 packages: 12
// MiB against 39 and 19). mimalloc is faster on large graphs (16,001
// packages: 0.40 s against 0.71 s, and 199 MiB against 220 with v2). Build
// systems make many small calls, so the small queries decide.

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
