//! Everything a resolution depends on, resolved once from an [`Env`]
//! snapshot, a [`Personality`] and explicit [`Options`].
//!
//! This is the second stage of the data flow: environment → **config** →
//! registry → solve → flags → render.

pub(crate) mod paths;
pub mod personality;
pub(crate) mod sysroot;

use crate::env::Env;
use crate::registry::vars::VarScope;
use camino::{Utf8Path, Utf8PathBuf};
use indexmap::IndexMap;
use paths::{push_unique, split_list};
use personality::Personality;
use sysroot::{Sysroot, SysrootRules};

/// How a query links: which requirement lists are followed and which
/// private fields are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Linkage {
    /// Shared linking (`--shared`, the usual default): `Requires.private`
    /// and `Libs.private` stay out of `--libs`.
    Shared,
    /// Static linking (`--static`): private requirements and fields take part.
    Static,
    /// `--static` and `--shared` together, as pkgconf takes them: a shared
    /// link (no `.private` fields; `Requires.private` followed only for
    /// cflags), except that the libs of packages reached through
    /// `Requires.private` stay and a missing `Requires.internal` package is
    /// an error.
    StaticShared,
}

/// The link mode in force for a query, after the environment
/// (`PKG_CONFIG_PURE_DEPGRAPH`) and the personality's defaults are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum LinkMode {
    /// Shared linking.
    #[default]
    Shared,
    /// Static linking with private dependencies merged into the graph.
    Static,
    /// Static linking over the pure graph (`--pure`): private requirements
    /// are followed, but their packages' `.private` fields are not merged.
    StaticPure,
    /// [`Linkage::StaticShared`].
    StaticShared,
}

impl LinkMode {
    /// Whether this is a static mode (`--static`, alone or with `--pure` or
    /// `--shared`): the libs of packages reached through `Requires.private`
    /// take part when the walk follows it ([`LinkMode::searches_private`]),
    /// and a missing `Requires.internal` package is an error for `--libs`.
    pub fn is_static(self) -> bool {
        !matches!(self, LinkMode::Shared)
    }

    /// Whether private packages are merged into the flattened graph.
    pub fn merges_private(self) -> bool {
        self == LinkMode::Static
    }

    /// Whether `Requires.private` is followed whatever the outputs.
    pub fn searches_private(self) -> bool {
        matches!(self, LinkMode::Static | LinkMode::StaticPure)
    }
}

/// A limit on how deep the dependency graph is walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TraverseDepth {
    /// No limit.
    Unlimited,
    /// At most this many levels, counting the query's packages as level 1.
    Levels(u32),
}

impl TraverseDepth {
    /// Parses a depth as pkgconf does: a C `int` (leading blanks allowed, no
    /// trailing garbage); `-1` and `0` mean unlimited, other negatives are
    /// refused.
    pub fn parse(s: &str) -> Result<TraverseDepth, ConfigError> {
        let bad = || ConfigError::InvalidDepth(s.to_owned());
        let n: i32 = s.trim_start().parse().map_err(|_| bad())?;
        match n {
            -1 | 0 => Ok(TraverseDepth::Unlimited),
            n if n < 0 => Err(bad()),
            n => Ok(TraverseDepth::Levels(n.unsigned_abs())),
        }
    }

    /// The limit as a number of levels (`None`: unlimited).
    pub(crate) fn levels(self) -> Option<u32> {
        match self {
            TraverseDepth::Unlimited => None,
            TraverseDepth::Levels(n) => Some(n),
        }
    }
}

/// Whether `${prefix}` is relocated to where a `.pc` file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Relocation {
    /// `--define-prefix`: relocate.
    DefinePrefix,
    /// `--dont-define-prefix`: never relocate.
    Never,
}

/// Options a caller sets explicitly; everything not set comes from the
/// environment snapshot and the personality. The CLI maps its flags onto
/// these; embedders use the builder methods.
///
/// ```
/// use libpkgconf::{Linkage, Options};
/// let opts = Options::new().with_path("/opt/sdk/lib/pkgconfig").linkage(Linkage::Static);
/// # let _ = opts;
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    personality: Option<Personality>,
    with_path: Vec<Utf8PathBuf>,
    env_only: bool,
    define_variables: Vec<(String, String)>,
    keep_system_cflags: bool,
    keep_system_libs: bool,
    no_uninstalled: bool,
    no_provides: bool,
    ignore_conflicts: bool,
    relocation: Option<Relocation>,
    prefix_variable: Option<String>,
    max_depth: Option<TraverseDepth>,
    linkage: Option<Linkage>,
    pure: bool,
    max_packages: Option<usize>,
    strict: bool,
    jobs: usize,
    jobs_auto: bool,
}

impl Options {
    /// No explicit options: everything comes from the environment and the
    /// host personality.
    pub fn new() -> Self {
        Options::default()
    }

    /// Uses `personality` instead of the host's.
    pub fn personality(mut self, personality: Personality) -> Self {
        self.personality = Some(personality);
        self
    }

    /// Searches `dir` first (`--with-path`); directories keep call order.
    pub fn with_path(mut self, dir: impl Into<Utf8PathBuf>) -> Self {
        self.with_path.push(dir.into());
        self
    }

    /// Searches only `with_path` directories and `PKG_CONFIG_PATH`
    /// (`--env-only`).
    pub fn env_only(mut self) -> Self {
        self.env_only = true;
        self
    }

    /// Overrides variable `name` in every package (`--define-variable`).
    pub fn define_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.define_variables.push((name.into(), value.into()));
        self
    }

    /// Keeps `-I` flags for system include directories (`--keep-system-cflags`).
    pub fn keep_system_cflags(mut self) -> Self {
        self.keep_system_cflags = true;
        self
    }

    /// Keeps `-L` flags for system library directories (`--keep-system-libs`).
    pub fn keep_system_libs(mut self) -> Self {
        self.keep_system_libs = true;
        self
    }

    /// Never prefers `name-uninstalled.pc` (`--no-uninstalled`).
    pub fn no_uninstalled(mut self) -> Self {
        self.no_uninstalled = true;
        self
    }

    /// Does not resolve names through `Provides` (`--no-provides`).
    pub fn no_provides(mut self) -> Self {
        self.no_provides = true;
        self
    }

    /// Does not check `Conflicts` (`--ignore-conflicts`).
    pub fn ignore_conflicts(mut self) -> Self {
        self.ignore_conflicts = true;
        self
    }

    /// Sets prefix relocation (`--define-prefix`, `--dont-define-prefix`).
    pub fn relocation(mut self, relocation: Relocation) -> Self {
        self.relocation = Some(relocation);
        self
    }

    /// The variable treated as the package prefix (`--prefix-variable`).
    pub fn prefix_variable(mut self, name: impl Into<String>) -> Self {
        self.prefix_variable = Some(name.into());
        self
    }

    /// Limits the walk (`--maximum-traverse-depth`). Without a limit here or
    /// in `PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH`, the whole graph is walked.
    pub fn max_depth(mut self, depth: TraverseDepth) -> Self {
        self.max_depth = Some(depth);
        self
    }

    /// The default linkage of queries (`--static`, `--shared`); a query
    /// may override it.
    pub fn linkage(mut self, linkage: Linkage) -> Self {
        self.linkage = Some(linkage);
        self
    }

    /// Static links use the pure graph (`--pure`).
    pub fn pure(mut self) -> Self {
        self.pure = true;
        self
    }

    /// Loads at most `n` packages into the context (default
    /// [`MAX_PACKAGES`](crate::MAX_PACKAGES)): a guard on memory for search
    /// paths an embedder does not control. Files past the limit are refused,
    /// and the error says so.
    pub fn max_packages(mut self, n: usize) -> Self {
        self.max_packages = Some(n);
        self
    }

    /// Reads and parses the files of a whole search-path scan (`--list-all`,
    /// looking for a `Provides`) on `n` threads (default 1: the library
    /// starts no thread unless asked; at most [`MAX_JOBS`]). With `n` above
    /// 1, a large solve also reads files ahead of its walk (the whole
    /// search path on all threads once the walk knows of names at least a
    /// quarter as many as its files, checked from 32 packages on; otherwise
    /// those it will need, on one helper thread, from 1,024 packages), and
    /// the libs of a solution of 512 packages or more are collected on a
    /// second thread while the cflags are. The answer is the same whatever
    /// `n`.
    pub fn jobs(mut self, n: usize) -> Self {
        self.jobs = n;
        self.jobs_auto = false;
        self
    }

    /// Like [`Options::jobs`] with as many threads as this process may run
    /// ([`std::thread::available_parallelism`], at most [`MAX_JOBS`]), asked
    /// only when a scan or a solve is large enough to use a second thread
    /// (see [`Options::jobs`]); the answer is the same.
    pub fn jobs_auto(mut self) -> Self {
        self.jobs_auto = true;
        self
    }

    /// Refuses malformed packages: a file with any finding whose rule makes
    /// it ambiguous ([`crate::Rule::ambiguous`]: an undefined variable, a
    /// line pkgconf ignores silently, a repeated field...) is not used, and
    /// the error names the first such finding. pkgconf has no such mode.
    pub fn strict(mut self) -> Self {
        self.strict = true;
        self
    }
}

/// The most threads [`Options::jobs`] starts.
pub const MAX_JOBS: usize = 64;

/// Why an environment or option value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A maximum traverse depth (`--maximum-traverse-depth` or
    /// `PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH`) that is not a C `int`, or is
    /// negative but not `-1`; holds the value as given.
    #[error("invalid maximum traverse depth: {0}")]
    InvalidDepth(String),
}

/// Which fields of a `.pc` file a load reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoadFields {
    /// Every field: the package as queries use it.
    All,
    /// Only what decides whether the file is used and what `--list-all`
    /// prints: the variables, `Name`, `Description`, `Version` and
    /// `Provides` (each name provided is listed too). The other fields
    /// (requirements, flags, URL...) are not parsed or expanded.
    Listed,
}

/// The resolved configuration: read-only once built.
#[derive(Debug, Clone)]
pub struct Config {
    /// Directories searched for `name.pc`, in order (see `search_path()`:
    /// a directory may come twice, as in pkgconf).
    pub(crate) search_path: Vec<Utf8PathBuf>,
    /// `.pc` files loaded before any lookup (`PKG_CONFIG_PRELOADED_FILES`),
    /// in order, without repeats.
    pub(crate) preloaded_files: Vec<Utf8PathBuf>,
    pub(crate) personality: Personality,
    /// `-I` directories filtered from output.
    pub(crate) system_include_dirs: Vec<String>,
    /// `-L` directories filtered from output.
    pub(crate) system_lib_dirs: Vec<String>,
    /// Keep `-I` flags for system include directories.
    pub(crate) keep_system_cflags: bool,
    /// Keep `-L` flags for system library directories.
    pub(crate) keep_system_libs: bool,
    /// `--define-variable` values, which override every package's own, and
    /// the built-in variables (`pc_sysrootdir`, `pc_top_builddir`), which a
    /// package's own definitions override: built once, shared by every
    /// package.
    pub(crate) var_scope: std::sync::Arc<VarScope>,
    /// Look for `name-uninstalled.pc` first.
    pub(crate) allow_uninstalled: bool,
    /// Resolve names through other packages' `Provides` too.
    pub(crate) use_provides: bool,
    /// Do not check `Conflicts` rules.
    pub(crate) ignore_conflicts: bool,
    /// Relocate `prefix` to the `.pc` file's location.
    pub(crate) define_prefix: bool,
    /// The variable treated as the package prefix.
    pub(crate) prefix_variable: String,
    /// Maximum traverse depth; `None` is unlimited.
    pub(crate) max_depth: Option<u32>,
    /// The default linkage (explicit, else the personality's).
    linkage: Linkage,
    /// `--pure`, `PKG_CONFIG_PURE_DEPGRAPH` or the personality's default.
    pure: bool,
    /// Output is for a UTF-8 locale; otherwise non-ASCII bytes are escaped.
    pub(crate) utf8_locale: bool,
    /// `PKG_CONFIG_MSVC_SYNTAX` is set.
    pub(crate) msvc_syntax: bool,
    /// The sysroot in force, if any.
    pub(crate) sysroot: Option<Sysroot>,
    /// The most packages a registry loads.
    pub(crate) max_packages: usize,
    /// Refuse files with ambiguous findings ([`Options::strict`]).
    pub(crate) strict: bool,
    /// Which fields loading a `.pc` file reads: all of them, but for the
    /// registry a listing makes for itself ([`Registry::for_listing`]).
    ///
    /// [`Registry::for_listing`]: crate::registry::Registry::for_listing
    pub(crate) load_fields: LoadFields,
    /// Threads for a whole-search-path scan or a large solve
    /// ([`Options::jobs`]), at least 1; see [`Config::jobs`].
    jobs: usize,
    /// [`Options::jobs_auto`]: `jobs` is worked out on first use.
    jobs_auto: bool,
    auto_jobs: std::sync::OnceLock<usize>,
    /// The snapshot used for `PKG_CONFIG_$PACKAGE_$VARIABLE` overrides.
    pub(crate) env: Env,
}

impl Config {
    /// How many threads a scan or a large solve may use.
    pub(crate) fn jobs(&self) -> usize {
        if !self.jobs_auto {
            return self.jobs;
        }
        *self.auto_jobs.get_or_init(|| {
            std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, MAX_JOBS))
        })
    }

    /// The directories searched for `.pc` files, in order.
    pub fn search_path(&self) -> &[Utf8PathBuf] {
        &self.search_path
    }

    /// The `.pc` files loaded before any lookup, in order
    /// (`PKG_CONFIG_PRELOADED_FILES`): a name one of them loaded as is
    /// found there first (after the built-ins), before the search path.
    pub fn preloaded_files(&self) -> &[Utf8PathBuf] {
        &self.preloaded_files
    }

    /// The personality in force.
    pub fn personality(&self) -> &Personality {
        &self.personality
    }

    /// The sysroot directory in force, if any.
    pub fn sysroot_dir(&self) -> Option<&str> {
        self.sysroot.as_ref().map(|s| s.dir.as_str())
    }

    /// A package's variable as `--variable` shows it: with the sysroot in
    /// front where pkgconf puts it (see [`sysroot`]).
    pub(crate) fn shown_variable(&self, pkg: &crate::Package, name: &str) -> Option<String> {
        if name == "pc_sysrootdir" && !pkg.vars.defines(name) {
            // pkgconf gives a package outside the sysroot an empty
            // `pc_sysrootdir` of its own; inside, the sysroot (without a
            // trailing `/`: docs/differences.md row 15).
            let sysroot = self.sysroot.as_ref()?;
            return match self.outside_sysroot(pkg) {
                Some(true) => Some(String::new()),
                _ => Some(sysroot.dir.clone()),
            };
        }
        let value = pkg.vars.get(name)?;
        Some(match &self.sysroot {
            Some(s) => s.variable(value),
            None => value,
        })
    }

    /// With a sysroot in effect, whether `pkg`'s directory does not start
    /// with the sysroot (compared as text, as pkgconf does: `/x/ro` is a
    /// prefix of `/x/root/lib`); `None` without a sysroot, and for a
    /// built-in, which comes from no file.
    pub(crate) fn outside_sysroot(&self, pkg: &crate::Package) -> Option<bool> {
        let sysroot = self.sysroot.as_ref()?;
        let dir = pkg.pcfiledir().filter(|_| !pkg.builtin)?;
        Some(!dir.as_str().starts_with(sysroot.dir.as_str()))
    }

    /// The link mode of a query that asks for `linkage` (or the default).
    pub fn link_mode(&self, linkage: Option<Linkage>) -> LinkMode {
        match (linkage.unwrap_or(self.linkage), self.pure) {
            (Linkage::Shared, _) => LinkMode::Shared,
            (Linkage::Static, false) => LinkMode::Static,
            (Linkage::Static, true) => LinkMode::StaticPure,
            (Linkage::StaticShared, _) => LinkMode::StaticShared,
        }
    }

    /// The sysroot, when it does not exist although some search directory
    /// lies inside it (a typo or an unmounted sysroot). A sysroot that
    /// exists, or that the search path does not use, is `None`: pkgconf
    /// accepts sysroots that are only prefixes for the printed flags.
    pub fn missing_sysroot(&self) -> Option<&str> {
        let dir = self.sysroot.as_ref()?.dir.as_str();
        let inside = |p: &Utf8PathBuf| sysroot::is_within(p.as_str(), dir);
        (self.search_path.iter().any(inside) && !Utf8Path::new(dir).is_dir()).then_some(dir)
    }
}

/// Whether the environment's character type locale uses UTF-8.
pub(crate) fn utf8_locale(env: &Env) -> bool {
    let name = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|v| env.get_nonempty(v))
        .unwrap_or("C");
    let lower = name.to_ascii_lowercase();
    lower.contains("utf-8") || lower.contains("utf8")
}

/// The files of `PKG_CONFIG_PRELOADED_FILES`, a `:`-separated list, each
/// spelled as pkgconf keeps it (runs of `/` made one) and given once; a
/// relative path is taken from the current directory when it is read. As in
/// pkgconf, two spellings of one file (`a/x.pc`, `a/../a/x.pc`) are two
/// entries.
fn preloaded_files(env: &Env) -> Vec<Utf8PathBuf> {
    let mut files = Vec::new();
    for f in split_list(env.get("PKG_CONFIG_PRELOADED_FILES").unwrap_or("")) {
        push_unique(&mut files, f);
    }
    files
}

/// The search path as pkgconf 3.0.7 builds it: `--with-path` and
/// `PKG_CONFIG_PATH` directories, each spelling once; then the
/// `PKG_CONFIG_LIBDIR` (or default) ones, each spelling once among them,
/// even one the first part holds already (`--list-all` lists it twice).
fn search_path(env: &Env, personality: &Personality, opts: &Options) -> Vec<Utf8PathBuf> {
    let mut dirs = Vec::new();
    for d in &opts.with_path {
        push_unique(&mut dirs, d);
    }
    for d in split_list(env.get("PKG_CONFIG_PATH").unwrap_or("")) {
        push_unique(&mut dirs, d);
    }
    let mut libdir = Vec::new();
    if !opts.env_only {
        match env.get("PKG_CONFIG_LIBDIR") {
            Some(p) => split_list(p).for_each(|d| push_unique(&mut libdir, d)),
            None => {
                for d in &personality.default_search_paths {
                    push_unique(&mut libdir, d);
                }
            }
        }
    }
    dirs.extend(libdir);
    dirs
}

/// A system directory list: the variable's (even an empty one) replaces the
/// personality's; `extra` variables (compiler search paths) add to it.
/// Each directory is spelled with its separators collapsed, as pkgconf
/// stores them.
fn system_dirs(env: &Env, var: &str, default: &[Utf8PathBuf], extra: &[&str]) -> Vec<String> {
    let spelled = |d: &Utf8Path| paths::collapse_separators(d.as_str()).into_owned();
    let mut dirs: Vec<String> = match env.get(var) {
        Some(p) => split_list(p).map(spelled).collect(),
        None => default.iter().map(|d| spelled(d)).collect(),
    };
    for var in extra {
        dirs.extend(split_list(env.get(var).unwrap_or("")).map(spelled));
    }
    dirs
}

/// The sysroot in force and the rules it follows.
fn sysroot(env: &Env, personality: &Personality) -> Option<Sysroot> {
    let raw = env
        .get_nonempty("PKG_CONFIG_SYSROOT_DIR")
        .map(str::to_owned)
        .or_else(|| personality.sysroot_dir.as_ref().map(|p| p.to_string()))?;
    let dir = sysroot::normalize(&raw)?;
    let destdir_is_sysroot = env
        .get_nonempty("DESTDIR")
        .and_then(sysroot::normalize)
        .is_some_and(|d| d == dir);
    let rules = if destdir_is_sysroot {
        SysrootRules::Destdir
    } else if env.is_set("PKG_CONFIG_FDO_SYSROOT_RULES") {
        SysrootRules::Fdo
    } else if env.is_set("PKG_CONFIG_PKGCONF1_SYSROOT_RULES") {
        SysrootRules::Pkgconf1
    } else {
        SysrootRules::Pkgconf
    };
    Some(Sysroot { dir, rules })
}

/// The client's built-in variables: `pc_sysrootdir` (the sysroot as given,
/// `/` when there is none) and `pc_top_builddir`.
fn builtins(env: &Env, personality: &Personality) -> IndexMap<String, String> {
    let raw_sysroot = env
        .get_nonempty("PKG_CONFIG_SYSROOT_DIR")
        .map(str::to_owned)
        .or_else(|| personality.sysroot_dir.as_ref().map(|p| p.to_string()));
    let mut builtins = IndexMap::new();
    builtins.insert(
        "pc_sysrootdir".to_owned(),
        raw_sysroot.unwrap_or_else(|| "/".to_owned()),
    );
    builtins.insert(
        "pc_top_builddir".to_owned(),
        env.get_nonempty("PKG_CONFIG_TOP_BUILD_DIR")
            .unwrap_or("$(top_builddir)")
            .to_owned(),
    );
    builtins
}

impl Config {
    /// Resolves the configuration from an environment snapshot and explicit
    /// options (which name the personality, else the host's), the way
    /// pkgconf's CLI does.
    pub fn new(env: &Env, opts: &Options) -> Result<Config, ConfigError> {
        let personality = opts.personality.clone().unwrap_or_else(Personality::host);
        let max_depth = match opts.max_depth {
            Some(d) => d,
            None => match env.get("PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH") {
                Some(v) => TraverseDepth::parse(v)?,
                // pkgconf stops silently after a few hundred levels and
                // prints what it has; with no limit asked for, we answer in
                // full (the walk is iterative, so depth costs no stack).
                None => TraverseDepth::Unlimited,
            },
        };
        let sysroot = sysroot(env, &personality);
        let builtins = builtins(env, &personality);
        let globals: IndexMap<String, String> = opts.define_variables.iter().cloned().collect();
        let define_prefix = !env.is_set("PKG_CONFIG_DONT_DEFINE_PREFIX")
            && match opts.relocation {
                Some(Relocation::DefinePrefix) => true,
                Some(Relocation::Never) => false,
                None => env.is_set("PKG_CONFIG_RELOCATE_PATHS"),
            };
        let linkage = match opts.linkage {
            Some(l) => l,
            None if personality.want_default_static => Linkage::Static,
            None => Linkage::Shared,
        };
        Ok(Config {
            search_path: search_path(env, &personality, opts),
            preloaded_files: preloaded_files(env),
            system_include_dirs: system_dirs(
                env,
                "PKG_CONFIG_SYSTEM_INCLUDE_PATH",
                &personality.system_include_paths,
                &["C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "CPATH"],
            ),
            system_lib_dirs: system_dirs(
                env,
                "PKG_CONFIG_SYSTEM_LIBRARY_PATH",
                &personality.system_library_paths,
                &["LIBRARY_PATH"],
            ),
            keep_system_cflags: opts.keep_system_cflags
                || env.is_set("PKG_CONFIG_ALLOW_SYSTEM_CFLAGS"),
            keep_system_libs: opts.keep_system_libs || env.is_set("PKG_CONFIG_ALLOW_SYSTEM_LIBS"),
            var_scope: VarScope::new(&globals, &builtins),
            allow_uninstalled: !opts.no_uninstalled
                && !env.is_set("PKG_CONFIG_DISABLE_UNINSTALLED"),
            use_provides: !opts.no_provides,
            ignore_conflicts: opts.ignore_conflicts || env.is_set("PKG_CONFIG_IGNORE_CONFLICTS"),
            define_prefix,
            prefix_variable: opts
                .prefix_variable
                .clone()
                .unwrap_or_else(|| "prefix".to_owned()),
            max_depth: max_depth.levels(),
            linkage,
            pure: opts.pure
                || env.is_set("PKG_CONFIG_PURE_DEPGRAPH")
                || personality.want_default_pure,
            utf8_locale: utf8_locale(env),
            msvc_syntax: env.is_set("PKG_CONFIG_MSVC_SYNTAX"),
            sysroot,
            max_packages: opts.max_packages.unwrap_or(crate::registry::MAX_PACKAGES),
            load_fields: LoadFields::All,
            strict: opts.strict,
            jobs: opts.jobs.clamp(1, MAX_JOBS),
            jobs_auto: opts.jobs_auto,
            auto_jobs: std::sync::OnceLock::new(),
            personality,
            env: env.clone(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use TraverseDepth as D;
    fn parse_depth(s: &str) -> Result<D, ConfigError> {
        D::parse(s)
    }

    fn cfg(pairs: &[(&str, &str)], opts: &Options) -> Config {
        let env = Env::from_pairs(pairs.iter().copied());
        let mut p = Personality::host();
        p.default_search_paths = vec!["/default".into()];
        Config::new(&env, &opts.clone().personality(p)).unwrap()
    }

    #[test]
    fn search_path_order_and_dedup() {
        let opts = Options::new().with_path("/w").with_path("/a/");
        let c = cfg(
            &[
                ("PKG_CONFIG_PATH", "/a:/b::/w"),
                ("PKG_CONFIG_LIBDIR", "/l"),
            ],
            &opts,
        );
        let got: Vec<&str> = c.search_path.iter().map(|p| p.as_str()).collect();
        // Each spelling once (separators collapsed) among --with-path and
        // PKG_CONFIG_PATH, then PKG_CONFIG_LIBDIR's, as pkgconf 3.0.7.
        assert_eq!(got, ["/w", "/a/", "/a", "/b", "/l"]);
        let c = cfg(
            &[
                ("PKG_CONFIG_PATH", "/l//x:/l"),
                ("PKG_CONFIG_LIBDIR", "/l:/l/x:/l"),
            ],
            &Options::new(),
        );
        let got: Vec<&str> = c.search_path.iter().map(|p| p.as_str()).collect();
        assert_eq!(got, ["/l/x", "/l", "/l", "/l/x"]);
    }

    #[test]
    fn preloaded_files_in_order_once_each() {
        let c = cfg(
            &[(
                "PKG_CONFIG_PRELOADED_FILES",
                "::/p/b.pc:rel/a.pc:/p//b.pc:/p/../p/b.pc:",
            )],
            &Options::new().env_only(),
        );
        // Empty entries dropped, separators collapsed, a repeat given once;
        // another spelling of the same file is another entry, as in pkgconf.
        let got: Vec<&str> = c.preloaded_files().iter().map(|p| p.as_str()).collect();
        assert_eq!(got, ["/p/b.pc", "rel/a.pc", "/p/../p/b.pc"]);
        assert!(cfg(&[], &Options::default()).preloaded_files().is_empty());
    }

    #[test]
    fn libdir_replaces_default_and_env_only_drops_both() {
        let c = cfg(&[("PKG_CONFIG_PATH", "/p")], &Options::default());
        assert_eq!(c.search_path, [Utf8PathBuf::from("/p"), "/default".into()]);
        let c = cfg(&[("PKG_CONFIG_LIBDIR", "")], &Options::default());
        assert!(c.search_path.is_empty());
        let o = Options::new().env_only();
        let c = cfg(
            &[("PKG_CONFIG_PATH", "/p"), ("PKG_CONFIG_LIBDIR", "/l")],
            &o,
        );
        assert_eq!(c.search_path, [Utf8PathBuf::from("/p")]);
    }

    #[test]
    fn missing_sysroot() {
        let libdir = Options::default();
        let c = cfg(
            &[
                ("PKG_CONFIG_SYSROOT_DIR", "/no/such/root"),
                ("PKG_CONFIG_LIBDIR", "/no/such/root/lib/pkgconfig"),
            ],
            &libdir,
        );
        assert_eq!(c.missing_sysroot(), Some("/no/such/root"));
        let c = cfg(
            &[
                ("PKG_CONFIG_SYSROOT_DIR", "/no/such/root"),
                ("PKG_CONFIG_LIBDIR", "/elsewhere"),
            ],
            &libdir,
        );
        assert_eq!(c.missing_sysroot(), None);
        let c = cfg(
            &[
                ("PKG_CONFIG_SYSROOT_DIR", "/"),
                ("PKG_CONFIG_LIBDIR", "/usr/lib/pkgconfig"),
            ],
            &libdir,
        );
        assert_eq!(c.missing_sysroot(), None);
    }

    #[test]
    fn depth_parsing() {
        use TraverseDepth::{Levels, Unlimited};
        assert_eq!(parse_depth("-1"), Ok(Unlimited));
        assert_eq!(parse_depth("3"), Ok(Levels(3)));
        assert_eq!(parse_depth(" 2"), Ok(Levels(2)));
        assert_eq!(parse_depth("0"), Ok(Unlimited));
        assert!(parse_depth("-2").is_err());
        assert!(parse_depth("1x").is_err());
        assert!(parse_depth("99999999999").is_err());
        assert!(parse_depth("x").is_err());
        let env = Env::from_pairs([("PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH", "zz")]);
        assert!(Config::new(&env, &Options::default()).is_err());
    }

    #[test]
    fn define_variables_and_builtins() {
        let o = Options::new().define_variable("prefix", "/s");
        let c = cfg(&[], &o);
        assert_eq!(c.var_scope.overrides["prefix"], "/s");
        assert_eq!(c.var_scope.builtins["pc_sysrootdir"], "/");
        assert_eq!(c.var_scope.builtins["pc_top_builddir"], "$(top_builddir)");
    }
}
