//! `libpkgconf`: a pkg-config compatible `.pc` parser and dependency resolver.
//!
//! This crate is pure: it reads no process environment (see [`Env`]), prints
//! nothing and never exits. Diagnostics are delivered as data to a
//! [`diag::DiagnosticSink`].

pub mod diag;
pub mod env;

pub use diag::{Code, Diagnostic, DiagnosticSink, Severity};
pub use env::Env;
