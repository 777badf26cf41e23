//! `libpkgconf`: a pkg-config compatible `.pc` parser and dependency
//! resolver, answering exactly as pkgconf 3.0.7 does.
//!
//! ```
//! use libpkgconf::{Context, Env, Options, Output, Query};
//!
//! # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/demo");
//! let ctx = Context::new(&Env::new(), &Options::new().env_only().with_path(dir))?;
//! let answer = ctx.run(&Query::new().packages(["demo-app >= 1.0"]).want(Output::Libs));
//! assert!(answer.outcome().is_success());
//! assert_eq!(answer.stdout(), b"-L/opt/demo/lib -ldemo-app -ldemo-core\n");
//! # Ok::<(), libpkgconf::ConfigError>(())
//! ```
//!
//! # How it fits together
//!
//! A query flows through the crate in this order, one module per stage:
//!
//! 1. [`Env`]: a snapshot of environment variables. The crate never reads
//!    the process environment, prints or exits; callers pass what it needs.
//! 2. [`config`]: the [`Config`] built from the snapshot, a [`Personality`]
//!    and explicit [`Options`]: search path, system directories, sysroot.
//! 3. `registry`: finds `.pc` files along the search path and loads each at
//!    most once (parse with diagnostics, expand variables) into a
//!    [`Package`].
//! 4. [`solver`]: walks the dependency graph once per pass and orders it
//!    into a [`Resolution`].
//! 5. [`flags`]: collects and deduplicates the [`Fragment`]s of the
//!    solution.
//! 6. `render`: turns fragments and listings into the bytes pkgconf prints.
//!
//! [`Context`] ties the stages together: build it once, then
//! [`Context::run`] a [`Query`] as often as needed to get a
//! [`QueryResult`].
//!
//! # API and stability
//!
//! - The supported surface is what the crate root re-exports, plus the
//!   public modules' items. Option and result types are
//!   `#[non_exhaustive]` or have private fields: build them with their
//!   constructors and builder methods, so that new options do not break
//!   callers. Enums that may grow are `#[non_exhaustive]`.
//! - No type of another crate (petgraph, indexmap) appears in a public
//!   signature, except `camino` paths.
//! - Parsing internals (the `.pc` line parser, variable expansion, word
//!   splitting, shell quoting) are private.
//! - [`Diagnostic`] codes ([`Code::id`]) never change meaning.
//! - Threads: [`Context`] is `Send + Sync`; share one between worker
//!   threads and query it concurrently. Its cache is locked only while a
//!   file is looked up or loaded. [`QueryResult`] and [`Resolution`] are
//!   `Send + Sync` too, and own the packages they mention.
//! - A [`PkgId`] names a package of one context; another context never
//!   mistakes it for one of its own ([`Context::package`] returns `None`).

pub mod config;
mod context;
pub mod diag;
pub mod env;
pub mod flags;
mod hash;
pub mod lint;
pub mod package;
mod query;
mod registry;
mod render;
pub mod solver;

pub use config::personality::{Personality, PersonalityError};
pub use config::{Config, ConfigError, LinkMode, Linkage, Options, Relocation, TraverseDepth};
pub use context::Context;
pub use diag::{Code, Diagnostic, DiagnosticSink, LineIndex, Rule, Severity, Span, Subject};
pub use env::Env;
pub use package::dependency::Dependency;
pub use package::fragment::Fragment;
pub use package::version::{Comparator, compare as compare_versions};
pub use package::{DepKind, Field, PKGCONF_COMPAT_VERSION, Package, Scope};
pub use query::{Outcome, Output, Query, QueryError, QueryResult};
pub use registry::load::{LoadError, MAX_FILE_SIZE};
pub use registry::vars::Variables;
pub use registry::{MAX_PACKAGES, PkgId};
pub use solver::{EdgeKind, Problem, Resolution, WorldEntry};
