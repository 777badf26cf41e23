//! Queries: what a caller asks of a [`Context`](crate::Context), and the
//! structured answer.
//!
//! A [`Query`] names packages (with version constraints) and the
//! [`Output`]s wanted; every mode of the `pkgconf-rs` command line is one
//! of them. [`Context::run`](crate::Context::run) answers with a
//! [`QueryResult`]: the typed fragments, the resolved packages, an
//! [`Outcome`] that maps onto pkgconf's exit status, the diagnostics, the
//! `.pc` files read, and the exact bytes `pkgconf-rs` prints.

use crate::config::Linkage;
use crate::diag::Diagnostic;
use crate::package::Package;
use crate::package::dependency::{self, Dependency};
use crate::package::fragment::Fragment;
use crate::package::version::Comparator;
use crate::solver::{Problem, Resolution};
use camino::Utf8PathBuf;
use std::collections::BTreeSet;

/// Something a query asks for. Several may be combined; the answer prints
/// them in pkgconf's fixed order, whatever order they were asked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Output {
    /// `--exists`: nothing printed; the outcome says whether the packages
    /// (and their requirements) are there.
    Exists,
    /// `--cflags`: `-I` flags and the other compiler flags.
    Cflags,
    /// `--cflags-only-I`.
    CflagsOnlyI,
    /// `--cflags-only-other`.
    CflagsOnlyOther,
    /// `--libs`: `-L`, `-l` and the other linker flags.
    Libs,
    /// `--libs-only-L`.
    LibsOnlyL,
    /// `--libs-only-l`.
    LibsOnlyLibNames,
    /// `--libs-only-other`.
    LibsOnlyOther,
    /// `--modversion`.
    ModVersion,
    /// `--variable=NAME` (see [`Query::variable`]).
    Variable,
    /// `--print-variables`.
    PrintVariables,
    /// `--print-requires`.
    Requires,
    /// `--print-requires-private`.
    RequiresPrivate,
    /// `--print-provides`.
    Provides,
    /// `--path`: the file the first package came from.
    Path,
    /// `--digraph`: the solution as graphviz text.
    Digraph,
    /// `--solution`.
    Solution,
    /// `--fragment-tree`.
    FragmentTree,
    /// `--link-abi`.
    LinkAbi,
    /// `--simulate`.
    Simulate,
    /// `--license`.
    License,
    /// `--license-file`.
    LicenseFile,
    /// `--source`.
    Source,
    /// `--uninstalled`: the outcome says whether any package of the
    /// solution is an uninstalled one.
    Uninstalled,
    /// `--validate`: the diagnostics of the files read, on stdout.
    Validate,
    /// `--env=PREFIX` (see [`Query::env`]).
    Env,
    /// `--list-all`: every package on the search path, with descriptions.
    ///
    /// Without [`Output::Validate`] (and outside strict mode) a listing
    /// reads only what it prints and what decides whether a file is used
    /// (the variables, `Name`, `Description`, `Version` and `Provides`),
    /// into packages of its own: the context's other queries still read
    /// whole files.
    ListAll,
    /// `--list-package-names`.
    ListPackageNames,
    /// `--dump-personality`.
    DumpPersonality,
    /// `--json`: one JSON document (`docs/json.md`, schema 1) instead of
    /// text. It holds what `--cflags --libs` answers (the packages of the
    /// solution, the flags as text and as typed fragments), the requested
    /// variables, every `.pc` file read, the outcome, the problems and the
    /// diagnostics. It combines only with [`Output::Variable`] and
    /// [`Output::PrintVariables`]: other outputs asked with it are ignored
    /// ([`Query::check`] names them; the command line and the C API refuse
    /// such queries). Error text, even pkgconf's "no package named", is
    /// printed only when asked for ([`Query::print_errors`]), and always to
    /// stderr; the document's `problems` say the same.
    Json,
}

impl Output {
    /// The command-line option that asks for this output.
    pub fn option(self) -> &'static str {
        match self {
            Output::Exists => "--exists",
            Output::Cflags => "--cflags",
            Output::CflagsOnlyI => "--cflags-only-I",
            Output::CflagsOnlyOther => "--cflags-only-other",
            Output::Libs => "--libs",
            Output::LibsOnlyL => "--libs-only-L",
            Output::LibsOnlyLibNames => "--libs-only-l",
            Output::LibsOnlyOther => "--libs-only-other",
            Output::ModVersion => "--modversion",
            Output::Variable => "--variable",
            Output::PrintVariables => "--print-variables",
            Output::Requires => "--print-requires",
            Output::RequiresPrivate => "--print-requires-private",
            Output::Provides => "--print-provides",
            Output::Path => "--path",
            Output::Digraph => "--digraph",
            Output::Solution => "--solution",
            Output::FragmentTree => "--fragment-tree",
            Output::LinkAbi => "--link-abi",
            Output::Simulate => "--simulate",
            Output::License => "--license",
            Output::LicenseFile => "--license-file",
            Output::Source => "--source",
            Output::Uninstalled => "--uninstalled",
            Output::Validate => "--validate",
            Output::Env => "--env",
            Output::ListAll => "--list-all",
            Output::ListPackageNames => "--list-package-names",
            Output::DumpPersonality => "--dump-personality",
            Output::Json => "--json",
        }
    }

    /// Outputs that print flags.
    pub(crate) fn is_cflags(self) -> bool {
        matches!(
            self,
            Output::Cflags | Output::CflagsOnlyI | Output::CflagsOnlyOther
        )
    }

    /// Outputs that print linker flags.
    pub(crate) fn is_libs(self) -> bool {
        matches!(
            self,
            Output::Libs | Output::LibsOnlyL | Output::LibsOnlyLibNames | Output::LibsOnlyOther
        )
    }
}

/// Why a query could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// A `--fragment-filter` character that is not a fragment type.
    #[error("--fragment-filter: '{0}' is not a fragment type (types are letters, e.g. I, L, l, D)")]
    FragmentFilter(char),
    /// `--json` asked together with another output, which it replaces.
    #[error("--json replaces the other output options: it cannot be combined with {0}")]
    JsonWith(&'static str),
}

/// Where error text goes and how much of it is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ErrorStyle {
    /// `Some(true)`: `--print-errors`; `Some(false)`: `--silence-errors`.
    pub(crate) print: Option<bool>,
    /// `--errors-to-stdout`.
    pub(crate) to_stdout: bool,
    /// `--short-errors`.
    pub(crate) short: bool,
    /// The answer is a JSON document: even the messages pkgconf always
    /// prints (no package named, a missing sysroot) need `--print-errors`.
    pub(crate) document: bool,
}

/// What pkgconf says when a query names no package.
pub(crate) const NO_PACKAGES: &str =
    "Please specify at least one package name on the command line.";

/// What pkgconf-rs says when the search path points into a sysroot that
/// does not exist.
pub(crate) fn broken_sysroot(dir: &str) -> String {
    format!("pkgconf-rs: the sysroot '{dir}' does not exist (the search path points inside it)")
}

/// How flags are printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FlagFormat {
    /// `--newlines`.
    pub(crate) newlines: bool,
    /// `--msvc-syntax`.
    pub(crate) msvc: bool,
    /// `--fragment-filter` types.
    pub(crate) filter: Option<String>,
    /// `--exists-cflags`: `-DHAVE_<NAME>` for each queried package.
    pub(crate) exists_cflags: bool,
    /// `--internal-cflags`: keep the cflags of `Requires.internal` packages.
    pub(crate) internal_cflags: bool,
}

/// A question for a [`Context`](crate::Context): which packages, and what
/// about them.
///
/// ```
/// use libpkgconf::{Output, Query};
/// let q = Query::new().packages(["glib-2.0 >= 2.70", "zlib"]).want(Output::Cflags);
/// # let _ = q;
/// ```
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub(crate) words: Vec<String>,
    pub(crate) constraints: Vec<(Comparator, String)>,
    pub(crate) outputs: BTreeSet<Output>,
    /// `--variable` names, in the order given: text output shows the
    /// last (pkgconf's "last wins"), JSON output all of them.
    pub(crate) variables: Vec<String>,
    pub(crate) env_prefix: Option<String>,
    pub(crate) linkage: Option<Linkage>,
    pub(crate) errors: ErrorStyle,
    pub(crate) format: FlagFormat,
    pub(crate) verbose: bool,
    pub(crate) digraph_query_nodes: bool,
    pub(crate) pkgconfig_version: Option<String>,
    pub(crate) debug: bool,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Query::default()
    }

    /// Adds package requirements, written as on pkgconf's command line:
    /// `"foo >= 1.2"`, `"foo"`, `">="`, `"1.2"` or `"foo, bar"`.
    pub fn packages<S: Into<String>>(mut self, words: impl IntoIterator<Item = S>) -> Self {
        self.words.extend(words.into_iter().map(Into::into));
        self
    }

    /// Requires `comparator version` of every package named without a
    /// version (`--atleast-version`, `--exact-version`, `--max-version`).
    pub fn constrain(mut self, comparator: Comparator, version: impl Into<String>) -> Self {
        self.constraints.push((comparator, version.into()));
        self
    }

    /// Asks for an output.
    pub fn want(mut self, output: Output) -> Self {
        self.outputs.insert(output);
        self
    }

    /// Asks for the value of variable `name` of each package (`--variable`).
    /// Text output shows the last variable asked for; [`Output::Json`]
    /// shows every one.
    pub fn variable(mut self, name: impl Into<String>) -> Self {
        self.variables.push(name.into());
        self.want(Output::Variable)
    }

    /// Asks for one JSON document instead of text ([`Output::Json`]).
    pub fn json(self) -> Self {
        self.want(Output::Json)
    }

    /// Checks that the outputs asked for go together: [`Output::Json`]
    /// replaces every output but the variables.
    ///
    /// ```
    /// use libpkgconf::{Output, Query, QueryError};
    /// let q = Query::new().packages(["zlib"]).json().variable("prefix");
    /// assert_eq!(q.check(), Ok(()));
    /// let q = Query::new().packages(["zlib"]).json().want(Output::ModVersion);
    /// assert_eq!(q.check(), Err(QueryError::JsonWith("--modversion")));
    /// ```
    pub fn check(&self) -> Result<(), QueryError> {
        if !self.has(Output::Json) {
            return Ok(());
        }
        let other = self
            .outputs
            .iter()
            .find(|o| !matches!(o, Output::Json | Output::Variable | Output::PrintVariables));
        match other {
            Some(o) => Err(QueryError::JsonWith(o.option())),
            None if self.pkgconfig_version.is_some() => {
                Err(QueryError::JsonWith("--atleast-pkgconfig-version"))
            }
            None => Ok(()),
        }
    }

    /// The variable text output shows: the last one asked for.
    pub(crate) fn text_variable(&self) -> Option<&str> {
        self.variables
            .last()
            .map(String::as_str)
            .filter(|_| self.has(Output::Variable))
    }

    /// The query a JSON answer is built from: `--cflags --libs` with this
    /// query's packages, linkage and flag format; error text only when
    /// asked for, and never on stdout.
    pub(crate) fn json_flags_query(&self) -> Query {
        let mut q = self.clone();
        q.outputs = [Output::Cflags, Output::Libs].into_iter().collect();
        q.pkgconfig_version = None;
        q.env_prefix = None;
        q.errors.print = Some(self.errors.print == Some(true));
        q.errors.to_stdout = false;
        q.errors.document = true;
        q
    }

    /// Asks for shell assignments `PREFIX_CFLAGS=...` (`--env`).
    pub fn env(mut self, prefix: impl Into<String>) -> Self {
        self.env_prefix = Some(prefix.into());
        self.want(Output::Env)
    }

    /// Links statically or shared, whatever the context's default.
    pub fn linkage(mut self, linkage: Linkage) -> Self {
        self.linkage = Some(linkage);
        self
    }

    /// Prints error text even for outputs that are quiet by default
    /// (`--print-errors`).
    pub fn print_errors(mut self) -> Self {
        if self.errors.print.is_none() {
            self.errors.print = Some(true);
        }
        self
    }

    /// Prints no error text (`--silence-errors`; it wins over
    /// [`Query::print_errors`]).
    pub fn silence_errors(mut self) -> Self {
        self.errors.print = Some(false);
        self
    }

    /// Error text goes to stdout (`--errors-to-stdout`).
    pub fn errors_to_stdout(mut self) -> Self {
        self.errors.to_stdout = true;
        self
    }

    /// Leaves out the hints of error text (`--short-errors`).
    pub fn short_errors(mut self) -> Self {
        self.errors.short = true;
        self
    }

    /// One flag a line (`--newlines`).
    pub fn newlines(mut self) -> Self {
        self.format.newlines = true;
        self
    }

    /// MSVC syntax (`--msvc-syntax`).
    pub fn msvc_syntax(mut self) -> Self {
        self.format.msvc = true;
        self
    }

    /// Keeps only fragments of the given types (`--fragment-filter`), which
    /// must be letters.
    pub fn fragment_filter(mut self, types: &str) -> Result<Self, QueryError> {
        if let Some(bad) = types.chars().find(|c| !c.is_ascii_alphabetic()) {
            return Err(QueryError::FragmentFilter(bad));
        }
        self.format.filter = Some(types.to_owned());
        Ok(self)
    }

    /// Adds `-DHAVE_<NAME>` for each package of the query (`--exists-cflags`).
    pub fn exists_cflags(mut self) -> Self {
        self.format.exists_cflags = true;
        self
    }

    /// Keeps the cflags of `Requires.internal` packages (`--internal-cflags`).
    pub fn internal_cflags(mut self) -> Self {
        self.format.internal_cflags = true;
        self
    }

    /// Names each package before its version (`--modversion --verbose`).
    pub fn verbose(mut self) -> Self {
        self.verbose = true;
        self
    }

    /// Adds the `user:request` node to the digraph
    /// (`--print-digraph-query-nodes`).
    pub fn digraph_query_nodes(mut self) -> Self {
        self.digraph_query_nodes = true;
        self
    }

    /// Asks only whether the implemented pkg-config version is at least
    /// `version` (`--atleast-pkgconfig-version`).
    pub fn pkgconfig_version_at_least(mut self, version: impl Into<String>) -> Self {
        self.pkgconfig_version = Some(version.into());
        self
    }

    /// Adds a trace of the search and the solve to the error stream
    /// (`--debug`).
    pub fn debug(mut self) -> Self {
        self.debug = true;
        self
    }

    pub(crate) fn has(&self, output: Output) -> bool {
        self.outputs.contains(&output)
    }

    pub(crate) fn wants_cflags(&self) -> bool {
        self.outputs.iter().any(|o| o.is_cflags())
    }

    pub(crate) fn wants_libs(&self) -> bool {
        self.outputs.iter().any(|o| o.is_libs())
    }

    /// The query's entries as first parsed, with the version constraints
    /// applied (steps 1 and 2 of [`crate::package::dependency`]'s account).
    pub(crate) fn entries(&self) -> Vec<Dependency> {
        let mut deps = dependency::parse_query(&self.words);
        for (cmp, v) in &self.constraints {
            dependency::constrain_unversioned(&mut deps, *cmp, v);
        }
        deps
    }

    /// The requirements solved: each entry printed back to text and parsed
    /// again, as pkgconf 3.0.7 queues it (step 4). An entry with an unknown
    /// operator thus fails closed: `zlib => 99` becomes `zlib`, `(any)`
    /// and `99`.
    pub(crate) fn requirements(&self) -> Vec<Dependency> {
        self.entries()
            .iter()
            .flat_map(Dependency::requeue)
            .collect()
    }
}

/// How a query ended. Each kind maps onto pkgconf's exit status through
/// [`Outcome::exit_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// Everything asked for was found.
    Success,
    /// A package, or a requirement of one, was not found.
    NotFound,
    /// A package was found, but its version fails a requirement.
    VersionMismatch,
    /// A package's `Conflicts` rule matches another package of the solution.
    Conflict,
    /// The setup cannot work: the sysroot the search path points into
    /// does not exist.
    Broken,
    /// The query names no package.
    NoPackages,
    /// A yes-or-no question answered no: no uninstalled package
    /// (`--uninstalled`), or an older pkg-config version than asked for.
    No,
}

impl Outcome {
    /// pkgconf's exit status for this outcome: 0 for success, 1 otherwise.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            _ => 1,
        }
    }

    /// Whether the query succeeded.
    pub fn is_success(self) -> bool {
        self == Outcome::Success
    }

    pub(crate) fn of_problem(p: &Problem) -> Outcome {
        match p {
            Problem::NotFound { .. } => Outcome::NotFound,
            Problem::VersionMismatch { .. } => Outcome::VersionMismatch,
            Problem::Conflict { .. } => Outcome::Conflict,
        }
    }
}

/// Where an answer keeps one of its flag texts: its own bytes, or the span
/// of stdout that holds them (a `--cflags --libs` line is the two texts,
/// which a large graph would otherwise keep twice).
#[derive(Debug, Clone)]
pub(crate) enum FlagText {
    Own(Vec<u8>),
    InStdout(std::ops::Range<usize>),
}

impl Default for FlagText {
    fn default() -> Self {
        FlagText::Own(Vec::new())
    }
}

impl FlagText {
    fn bytes<'a>(&'a self, stdout: &'a [u8]) -> &'a [u8] {
        match self {
            FlagText::Own(bytes) => bytes,
            FlagText::InStdout(span) => stdout.get(span.clone()).unwrap_or_default(),
        }
    }
}

/// The answer to a [`Query`].
#[derive(Debug, Clone)]
pub struct QueryResult {
    pub(crate) outcome: Outcome,
    pub(crate) problems: Vec<Problem>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) files: Vec<Utf8PathBuf>,
    pub(crate) resolution: Option<Resolution>,
    pub(crate) cflags: Vec<Fragment>,
    pub(crate) libs: Vec<Fragment>,
    pub(crate) cflags_text: FlagText,
    pub(crate) libs_text: FlagText,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
}

impl QueryResult {
    pub(crate) fn new() -> Self {
        QueryResult {
            outcome: Outcome::Success,
            problems: Vec::new(),
            diagnostics: Vec::new(),
            files: Vec::new(),
            resolution: None,
            cflags: Vec::new(),
            libs: Vec::new(),
            cflags_text: FlagText::default(),
            libs_text: FlagText::default(),
            stdout: Vec::new(),
            stderr: Vec::new(),
        }
    }

    /// How the query ended.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// pkgconf's exit status for this answer.
    pub fn exit_code(&self) -> u8 {
        self.outcome.exit_code()
    }

    /// Why the query failed, in the order the solver found the problems.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Findings about the `.pc` files read, in file order, then the
    /// dependency cycles the solver broke.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Every `.pc` file the answer depends on (read now or earlier in this
    /// context), in the order they were first used: what a build system
    /// watches to know when to ask again.
    pub fn files(&self) -> &[Utf8PathBuf] {
        &self.files
    }

    /// The solution, when the solve succeeded.
    pub fn resolution(&self) -> Option<&Resolution> {
        self.resolution.as_ref()
    }

    /// The packages of the solution in output order, each once (private
    /// ones included).
    pub fn packages(&self) -> Vec<&Package> {
        self.resolution
            .iter()
            .flat_map(|r| r.entries(true))
            .map(|e| &*e.package)
            .collect()
    }

    /// The compiler flags printed (after filtering), as typed fragments.
    pub fn cflags(&self) -> &[Fragment] {
        &self.cflags
    }

    /// The linker flags printed (after filtering), as typed fragments.
    pub fn libs(&self) -> &[Fragment] {
        &self.libs
    }

    /// The compiler flags exactly as `--cflags` prints them (with this
    /// query's separator and syntax), without the final newline.
    pub fn cflags_text(&self) -> &[u8] {
        self.cflags_text.bytes(&self.stdout)
    }

    /// The linker flags exactly as `--libs` prints them, without the final
    /// newline.
    pub fn libs_text(&self) -> &[u8] {
        self.libs_text.bytes(&self.stdout)
    }

    /// Exactly the bytes `pkgconf-rs` prints on stdout for this query.
    pub fn stdout(&self) -> &[u8] {
        &self.stdout
    }

    /// Exactly the bytes `pkgconf-rs` prints on stderr for this query
    /// (error text unless sent to stdout, and the `--debug` trace).
    pub fn stderr(&self) -> &[u8] {
        &self.stderr
    }

    /// The audit log lines (`name [version]` for each package of the
    /// solution) that `--log-file` appends; empty when the solve failed.
    pub fn log(&self) -> String {
        self.resolution
            .as_ref()
            .map(crate::render::report::log)
            .unwrap_or_default()
    }
}
