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
//! # Examples
//!
//! Typed answers: the packages of the solution and the flags as fragments,
//! for a static link, from `.pc` files held in memory.
//!
//! ```
//! use libpkgconf::{Context, Env, Linkage, Options, Output, Query};
//!
//! let files = [
//!     ("zlib.pc", b"Name: zlib\nDescription: z\nVersion: 1.3\nLibs: -lz\n".to_vec()),
//!     ("png.pc", b"Name: png\nDescription: p\nVersion: 1.6.40\n\
//!                  Requires.private: zlib\nCflags: -I/opt/png/include\nLibs: -lpng\n".to_vec()),
//! ];
//! let ctx = Context::in_memory(&Env::new(), &Options::new(), files)?;
//! let q = Query::new()
//!     .packages(["png >= 1.6"])
//!     .want(Output::Cflags)
//!     .want(Output::Libs)
//!     .linkage(Linkage::Static);
//! let answer = ctx.run(&q);
//! assert_eq!(answer.exit_code(), 0);
//! let names: Vec<&str> = answer.packages().iter().map(|p| p.id.as_str()).collect();
//! assert_eq!(names, ["png", "zlib"]);
//! let libs: Vec<String> = answer.libs().iter().map(|f| f.text()).collect();
//! assert_eq!(libs, ["-lpng", "-lz"]);
//! assert_eq!(answer.stdout(), b"-I/opt/png/include -lpng -lz\n");
//! # Ok::<(), libpkgconf::ConfigError>(())
//! ```
//!
//! A failed query says why, as data and as pkgconf's text:
//!
//! ```
//! use libpkgconf::{Context, Env, Options, Outcome, Output, Problem, Query};
//!
//! let files = [("zlib.pc", b"Name: zlib\nDescription: z\nVersion: 1.3\n".to_vec())];
//! let ctx = Context::in_memory(&Env::new(), &Options::new(), files)?;
//! let answer = ctx.run(&Query::new().packages(["zlib >= 2"]).want(Output::Libs));
//! assert_eq!(answer.outcome(), Outcome::VersionMismatch);
//! assert!(matches!(&answer.problems()[0], Problem::VersionMismatch { found, .. } if found == "1.3"));
//! assert_eq!(answer.exit_code(), 1);
//! # Ok::<(), libpkgconf::ConfigError>(())
//! ```
//!
//! The whole answer as one JSON document (`docs/json.md`), as
//! `pkgconf-rs --json` prints it:
//!
//! ```
//! use libpkgconf::{Context, Env, Options, Query};
//!
//! let files = [("zlib.pc", b"prefix=/usr\nName: zlib\nDescription: z\nVersion: 1.3\nLibs: -lz\n".to_vec())];
//! let ctx = Context::in_memory(&Env::new(), &Options::new(), files)?;
//! let answer = ctx.run(&Query::new().packages(["zlib"]).json().variable("prefix"));
//! let doc = String::from_utf8_lossy(answer.stdout());
//! assert!(doc.contains(r#""schema": 1"#));
//! assert!(doc.contains(r#""prefix": "/usr""#));
//! # Ok::<(), libpkgconf::ConfigError>(())
//! ```
//!
//! Checking a `.pc` file as `pkgconf-rs-lint` does, with findings as data:
//!
//! ```
//! use libpkgconf::lint::{LintOptions, Linter};
//! use libpkgconf::{Code, Context, Env, Options};
//!
//! let ctx = Context::in_memory(&Env::new(), &Options::new(), Vec::<(String, Vec<u8>)>::new())?;
//! let linter = Linter::new(&ctx, LintOptions::new());
//! let report = linter.lint_bytes(b"Name: x\nDescription: x\nVersion: 1\nVersion: 2\n", "x.pc".into());
//! let codes: Vec<Code> = report.findings.iter().map(|d| d.code).collect();
//! assert!(codes.contains(&Code::from_id("PC053").unwrap()));
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
//! - No type of another crate (indexmap, foldhash) appears in a public
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
mod thread;

pub use config::personality::{Personality, PersonalityError};
pub use config::{
    Config, ConfigError, LinkMode, Linkage, MAX_JOBS, Options, Relocation, TraverseDepth,
};
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
