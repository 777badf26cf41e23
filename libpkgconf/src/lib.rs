//! `libpkgconf`: a pkg-config compatible `.pc` parser and dependency resolver.
//!
//! This crate is pure: it reads no process environment (see [`Env`]), prints
//! nothing and never exits. Diagnostics are delivered as data to a
//! [`diag::DiagnosticSink`].

pub mod config;
pub mod dependency;
pub mod diag;
pub mod env;
pub mod flags;
pub mod fragment;
pub mod package;
pub mod personality;
pub mod registry;
pub mod solver;
pub mod sysroot;
pub mod version;

pub use diag::{Code, Diagnostic, DiagnosticSink, Severity};
pub use env::Env;
pub mod argv;
pub mod parser;
pub mod quote;
pub mod vars;
