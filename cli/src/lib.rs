//! The command lines of `pkgconf-rs` and `pkgconf-rs-lint`, as clap
//! definitions. The binaries parse with them, and `cargo xtask` renders
//! the man pages (`man/*.1`) and the shell completions from them, so the
//! three cannot disagree.

pub mod args;
#[path = "lint/args.rs"]
pub mod lint_args;
