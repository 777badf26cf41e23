//! `pkgconf-rs`: a pkg-config compatible command-line tool.
//!
//! The binary is thin: it turns argv and the process environment into
//! library calls and the results into stdout text and an exit code.

// The C `main` below replaces Rust's start-up code (which reads
// /proc/self/maps for a stack guard, installs signal stacks and ignores
// SIGPIPE): 0.15 ms of a 1 ms run. `std::env::args_os` still works (glibc
// hands argv to Rust's runtime at load). Without Rust's start-up, SIGPIPE
// keeps its default action, as in pkgconf: writing to a closed pipe ends
// the process quietly.
#![cfg_attr(not(test), no_main)]

mod run;
mod setup;

// The command line is defined in the library (src/lib.rs), where
// `cargo xtask` renders the man page and completions from it.
use pkgconf_rs_cli::args;

use std::os::raw::{c_char, c_int};

// No #[global_allocator]: glibc's malloc. Measured in one run against
// mimalloc (v3, then v2) on bench/compare's workloads, it starts faster
// (`--modversion`: 0.8x the time, 2.8 MiB peak against 9.1 and 7.0) and
// uses the least memory on small and mid-size queries (1,001 packages: 12
// MiB against 39 and 19). mimalloc is faster on large graphs (16,001
// packages: 0.40 s against 0.71 s, and 199 MiB against 220 with v2). Build
// systems make many small calls, so the small queries decide.

/// The process entry point (see the top of this file). The arguments are
/// read through `std::env::args_os`, not from these pointers.
#[allow(unsafe_code)] // `no_mangle` only: nothing here dereferences a pointer.
#[cfg_attr(not(test), unsafe(no_mangle))]
#[cfg_attr(test, allow(dead_code))]
pub extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    match run::run(std::env::args_os().collect()) {
        Ok(code) => c_int::from(code),
        // A closed pipe when SIGPIPE is ignored (inherited): say nothing.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("pkgconf-rs: {e}");
            1
        }
    }
}
