//! The context: a configuration and the package cache behind it, built
//! once and queried many times, from any number of threads.

use crate::config::{Config, ConfigError, LinkMode, Options};
use crate::diag::Diagnostic;
use crate::env::Env;
use crate::flags::{self, FlagOptions};
use crate::package::fragment::Fragment;
use crate::package::version;
use crate::package::{PKGCONF_COMPAT_VERSION, Package};
use crate::query::{FlagText, NO_PACKAGES, Outcome, Output, Query, QueryResult, broken_sysroot};
use crate::registry::{ListItem, PkgId, Registry, Touched};
use crate::render::{self, Syntax, report};
use crate::solver::{self, Problem, Resolution, SolveOptions};
use std::sync::Arc;

/// A resolver set up once: environment snapshot, personality, search path
/// and options. Each `.pc` file is read at most once per context, however
/// many queries run against it.
///
/// A `Context` is `Send + Sync`: share it between threads (behind an
/// [`Arc`], or by reference in scoped threads) and query it concurrently.
#[derive(Debug)]
pub struct Context {
    registry: Registry,
}

impl Context {
    /// Sets up a context from an environment snapshot and explicit options.
    pub fn new(env: &Env, options: &Options) -> Result<Context, ConfigError> {
        Ok(Context::with_config(Config::new(env, options)?))
    }

    /// A context over `.pc` files held in memory, given as (file name,
    /// contents) pairs such as `("zlib.pc", bytes)`: nothing is read from
    /// the file system. The files appear in the directory `/memory` (their
    /// `${pcfiledir}`), which is the only one searched, and are listed in
    /// the order given. For editors with unsaved files, tests and fuzzing.
    pub fn in_memory<N: Into<String>>(
        env: &Env,
        options: &Options,
        files: impl IntoIterator<Item = (N, Vec<u8>)>,
    ) -> Result<Context, ConfigError> {
        let files = files.into_iter().map(|(n, b)| (n.into(), b)).collect();
        Ok(Context {
            registry: Registry::in_memory(Config::new(env, options)?, files),
        })
    }

    /// A context over an already resolved configuration.
    pub fn with_config(config: Config) -> Context {
        Context {
            registry: Registry::new(config),
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        self.registry.config()
    }

    /// The package cache behind this context.
    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Finds a package by name (or by path, for a name ending in `.pc`).
    /// As pkgconf's cache does, this context remembers what it found: a
    /// package found by path is from then on what its name finds, and once
    /// the search path has been scanned ([`Context::packages`], a lookup
    /// through `Provides`), a name finds the package the scan loaded under
    /// it; a name looked up before keeps its answer.
    pub fn find(&self, name: &str) -> Option<(PkgId, Arc<Package>)> {
        self.registry.find(name, &mut Touched::default())
    }

    /// The package `id` names, if it comes from this context.
    pub fn package(&self, id: PkgId) -> Option<Arc<Package>> {
        self.registry.get(id)
    }

    /// Every package on the search path, in pkgconf's listing order (the
    /// built-ins and the preloaded packages first).
    pub fn packages(&self) -> Vec<(PkgId, Arc<Package>)> {
        self.registry.all(&mut Touched::default())
    }

    /// Whether a fragment names a system directory that this context
    /// filters from output (`-I` in the system include path, `-L` in the
    /// system library path, unless told to keep them).
    pub fn is_system_dir(&self, fragment: &Fragment) -> bool {
        flags::is_system_dir(self.config(), fragment)
    }

    /// Answers a query.
    pub fn run(&self, query: &Query) -> QueryResult {
        if query.has(Output::Json) {
            return self.run_json(query);
        }
        Run::new(self, query).answer()
    }

    /// [`Output::Json`]: the answer to `--cflags --libs`, with the document
    /// as its stdout.
    fn run_json(&self, query: &Query) -> QueryResult {
        let mut answer = Run::new(self, &query.json_flags_query()).answer();
        let link = self.config().link_mode(query.linkage);
        answer.stdout = render::json::document(self.config(), query, link, &answer);
        answer
    }
}

/// The fewest packages a solution has for its cflags and libs to be
/// collected on two threads (see [`Run::flags_in_parallel`]). 1,001
/// packages (`gen-graph --depth 20 --width 50 --fanout 10`), whose cflags
/// take about 0.45 ms and libs 0.3 ms: 0.97x the time with 512 against
/// 1,024 (farm-bench, 80 pairs), once the second thread starts at once
/// ([`crate::thread::spawn_scoped`]).
const PARALLEL_FLAGS_FROM: usize = 512;

/// One query being answered.
struct Run<'a> {
    reg: &'a Registry,
    q: &'a Query,
    touched: Touched,
    link: LinkMode,
    out: QueryResult,
    /// The not-found hint was printed.
    hinted: bool,
}

impl<'a> Run<'a> {
    fn new(ctx: &'a Context, q: &'a Query) -> Self {
        // The preloaded files come first among the files a query reads (and
        // their findings first under --validate), as in pkgconf.
        let mut touched = Touched::default();
        ctx.registry.preload(&mut touched);
        Run {
            reg: &ctx.registry,
            q,
            touched,
            link: ctx.config().link_mode(q.linkage),
            out: QueryResult::new(),
            hinted: false,
        }
    }

    fn config(&self) -> &'a Config {
        self.reg.config()
    }

    /// Whether error text is printed: always with `--print-errors` or
    /// `--validate`, by default for the outputs that print flags, versions
    /// or listings, never with `--silence-errors`.
    fn errors_shown(&self) -> bool {
        let q = self.q;
        match q.errors.print {
            Some(print) => print,
            None => {
                q.wants_cflags()
                    || q.wants_libs()
                    || [
                        Output::ModVersion,
                        Output::PrintVariables,
                        Output::ListAll,
                        Output::Validate,
                    ]
                    .iter()
                    .any(|o| q.has(*o))
            }
        }
    }

    /// `--validate`'s lines, in the order pkgconf prints them: each file's
    /// findings as it is read, and each cut cycle and each problem where
    /// the walk met it, among them.
    fn validate_in_walk_order(&mut self, solved: &solver::Solved) {
        let findings = self.reg.findings(&self.touched);
        let mut files = findings.iter();
        let mut shown = 0;
        let problems = solved.result.as_ref().err();
        for (at, met) in &solved.met {
            for found in files.by_ref().take(at.saturating_sub(shown)) {
                for d in found {
                    report::validate_lines(d, &mut self.out.stdout);
                }
                shown += 1;
            }
            match met {
                solver::Met::Cycle(d) => report::validate_lines(d, &mut self.out.stdout),
                solver::Met::Problem(i) => {
                    if let Some(p) = problems.and_then(|ps| ps.get(*i)) {
                        let text = report::problem(p, self.q.errors.short, &mut self.hinted);
                        self.error(&text);
                    }
                }
            }
        }
        for d in files.flatten() {
            report::validate_lines(d, &mut self.out.stdout);
        }
    }

    /// Whether `--validate` prints the findings: not under
    /// `--silence-errors`, which silences them in pkgconf too.
    fn validation_shown(&self) -> bool {
        self.q.has(Output::Validate) && self.q.errors.print != Some(false)
    }

    /// Error text, where the query sends it.
    fn error(&mut self, text: &str) {
        if !self.errors_shown() {
            return;
        }
        let to_stdout = self.q.errors.to_stdout || self.q.has(Output::Validate);
        let buf = if to_stdout {
            &mut self.out.stdout
        } else {
            &mut self.out.stderr
        };
        buf.extend_from_slice(text.as_bytes());
        buf.push(b'\n');
    }

    /// Error text pkgconf prints whatever the error options say, on
    /// stderr; a JSON answer prints it only with `--print-errors`.
    fn always_error(&mut self, text: &str) {
        if self.q.errors.document && self.q.errors.print != Some(true) {
            return;
        }
        self.out.stderr.extend_from_slice(text.as_bytes());
        self.out.stderr.push(b'\n');
    }

    /// A line of the `--debug` trace.
    fn trace(&mut self, text: &str) {
        if self.q.debug {
            let line = format!("pkgconf-rs: {text}\n");
            self.out.stderr.extend_from_slice(line.as_bytes());
        }
    }

    fn finish(self, outcome: Outcome) -> QueryResult {
        let reg = self.reg;
        self.finish_in(reg, outcome)
    }

    /// [`Run::finish`], for a query that read its files through `reg`.
    fn finish_in(mut self, reg: &Registry, outcome: Outcome) -> QueryResult {
        self.out.outcome = outcome;
        self.out.files = reg.files(&self.touched);
        self.out
    }

    fn answer(mut self) -> QueryResult {
        if self.q.has(Output::DumpPersonality) {
            let config = self.config();
            report::personality(&mut self.out.stdout, &config.personality);
            return self.finish(Outcome::Success);
        }
        if let Some(v) = &self.q.pkgconfig_version {
            let ok = version::compare(PKGCONF_COMPAT_VERSION, v) != std::cmp::Ordering::Less;
            return self.finish(if ok { Outcome::Success } else { Outcome::No });
        }
        let triplet = self.config().personality.triplet.clone();
        self.trace(&format!("personality {triplet}"));
        for d in self.reg.search_path() {
            self.trace(&format!("search path: {d}"));
        }
        let list_names = self.q.has(Output::ListPackageNames);
        if self.q.has(Output::ListAll) || list_names {
            let validate = self.validation_shown();
            // Unless the files' findings are shown, a listing reads only
            // what it prints, in a registry of its own.
            let reg = (!validate)
                .then(|| self.reg.for_listing())
                .flatten()
                .unwrap_or(self.reg);
            let items = reg.listing(&mut self.touched);
            // About a line each (a line of `gen-graph`'s universes is 62
            // bytes): the output grows once, not a dozen times.
            self.out.stdout.reserve(items.len() * 32);
            for item in items {
                match item {
                    ListItem::Package(p) => report::list(
                        &mut self.out.stdout,
                        std::slice::from_ref(&p),
                        !self.q.has(Output::ListAll),
                    ),
                    // As pkgconf, under --validate: each file's findings
                    // as it is read, before its line.
                    ListItem::Findings(found) if validate => {
                        for d in &found {
                            report::validate_lines(d, &mut self.out.stdout);
                        }
                    }
                    ListItem::Findings(_) => {}
                }
            }
            return self.finish_in(reg, Outcome::Success);
        }
        self.solve()
    }

    /// How the solver walks the graph for this query.
    fn solve_options(&self) -> SolveOptions {
        let q = self.q;
        let metadata = [
            Output::ModVersion,
            Output::Requires,
            Output::RequiresPrivate,
            Output::Provides,
            Output::PrintVariables,
            Output::Path,
            Output::Variable,
        ]
        .iter()
        .any(|o| q.has(*o));
        let config = self.config();
        SolveOptions {
            search_private: self.search_private(),
            merge_private: self.link.merges_private(),
            require_internal: (self.link.is_static() && q.wants_libs()) || q.has(Output::Exists),
            // pkgconf 3.0.7 reports licences and sources even for conflicting sets.
            skip_conflicts: config.ignore_conflicts
                || q.has(Output::License)
                || q.has(Output::LicenseFile)
                || q.has(Output::Source),
            skip_provides: !config.use_provides,
            max_depth: if metadata { Some(1) } else { config.max_depth },
            track_why: q.has(Output::ModVersion),
        }
    }

    /// Whether `Requires.private` edges are followed: for static links,
    /// cflags and `--print-requires-private`.
    fn search_private(&self) -> bool {
        self.link.searches_private() || self.q.wants_cflags() || self.q.has(Output::RequiresPrivate)
    }

    fn solve(mut self) -> QueryResult {
        let mut query = self.q.requirements();
        // pkgconf 3.0.7 answers --path and --print-variables for one
        // package: the rest of the query is not looked at, by any output.
        if self.q.has(Output::Path) || self.q.has(Output::PrintVariables) {
            query.truncate(1);
        }
        if query.is_empty() {
            // The preloaded files were read all the same.
            let diagnostics = self.reg.diagnostics_among(&self.touched, Vec::new());
            if self.validation_shown() {
                for d in &diagnostics {
                    report::validate_lines(d, &mut self.out.stdout);
                }
            }
            self.out.diagnostics = diagnostics;
            self.always_error(NO_PACKAGES);
            return self.finish(Outcome::NoPackages);
        }
        // A sysroot that does not exist while the search path points inside
        // it means every lookup fails; say why instead of "not found".
        if let Some(dir) = self.config().missing_sysroot() {
            self.always_error(&broken_sysroot(dir));
            return self.finish(Outcome::Broken);
        }
        let opts = self.solve_options();
        let solved = solver::solve(self.reg, &mut self.touched, &query, opts);
        if self.validation_shown() {
            self.validate_in_walk_order(&solved);
        }
        let diagnostics = self.reg.diagnostics_among(&self.touched, solved.cycles());
        self.trace_solve(&diagnostics, solved.result.is_ok());
        self.out.diagnostics = diagnostics;
        match solved.result {
            Ok(res) => self.print(res),
            Err(problems) => self.failed(problems),
        }
    }

    /// The answer to a query whose solve failed: the problems (under
    /// --validate already printed where they were met) and pkgconf-rs's
    /// own explanations.
    fn failed(mut self, problems: Vec<Problem>) -> QueryResult {
        let short = self.q.errors.short;
        let validating = self.q.has(Output::Validate);
        let shown = if self.validation_shown() {
            &[][..]
        } else {
            &problems[..]
        };
        for p in shown {
            let text = report::problem(p, short, &mut self.hinted);
            self.error(&text);
            // pkgconf says "not found" for files it skipped; say which file
            // was there and why it was not used (under --validate the
            // diagnostics already say it).
            if let (Problem::NotFound { name, .. }, false) = (p, validating) {
                for (path, reason) in self.reg.refusals(name) {
                    self.error(&format!(
                        "pkgconf-rs: {path} was found but not used: {reason}"
                    ));
                }
            }
        }
        // pkgconf's lines above name the pieces an unknown operator leaves
        // behind ('(any)', the version); say what went wrong.
        for entry in self.q.entries() {
            if let Some(op) = entry.unknown_operator() {
                let version = entry.version().unwrap_or("");
                self.error(&format!(
                    "pkgconf-rs: '{} {op} {version}': '{op}' is not a version operator \
                     (use <, <=, =, !=, >= or >)",
                    entry.name()
                ));
            }
        }
        let outcome = problems
            .first()
            .map_or(Outcome::NotFound, Outcome::of_problem);
        self.out.problems = problems;
        self.finish(outcome)
    }

    /// The `--debug` lines about the packages used and the solve.
    fn trace_solve(&mut self, diagnostics: &[Diagnostic], ok: bool) {
        if !self.q.debug {
            return;
        }
        for path in self.reg.files(&self.touched) {
            self.trace(&format!("read {path}"));
        }
        for d in diagnostics {
            self.trace(&d.to_string());
        }
        self.trace(&format!(
            "solve {}",
            if ok { "succeeded" } else { "failed" }
        ));
    }

    /// Everything printed from a successful solve, in pkgconf's order.
    fn print(mut self, res: Resolution) -> QueryResult {
        let q = self.q;
        let search_private = self.search_private();
        let mut flags_wanted = q.wants_cflags() || q.wants_libs();
        if q.has(Output::Simulate) {
            report::simulation(&mut self.out.stdout, &res, search_private);
            flags_wanted = false;
        }
        if q.has(Output::Validate) {
            return self.done(res, Outcome::Success);
        }
        if let Some(outcome) = self.print_early_exit(&res, search_private) {
            return self.done(res, outcome);
        }
        if q.has(Output::Env) {
            self.print_env(&res);
            return self.done(res, Outcome::Success);
        }
        flags_wanted &= !self.print_metadata(&res, search_private);
        if flags_wanted {
            let cflags = || {
                let list = self.cflags(&res);
                let text = self.render(list.iter());
                (list, text)
            };
            let libs = || {
                let list = self.libs(&res, self.libs_options());
                let text = self.render(list.iter());
                (list, text)
            };
            // The two lists are independent: for a large graph the libs are
            // collected on a second thread while this one does the cflags.
            let ((c, ct), (l, lt)) = match (q.wants_cflags(), q.wants_libs()) {
                (true, true) if self.flags_in_parallel(&res) => std::thread::scope(|scope| {
                    let other = crate::thread::spawn_scoped(scope, "pkgconf-libs", libs);
                    let here = cflags();
                    let there = match other {
                        Ok(other) => other
                            .join()
                            .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                        // No thread to be had: this one does the libs too.
                        Err(_) => libs(),
                    };
                    (here, there)
                }),
                (c, l) => (
                    if c { cflags() } else { Default::default() },
                    if l { libs() } else { Default::default() },
                ),
            };
            // Rendering joins words with the separator, so the whole line is
            // the two texts joined (when both lists have words).
            let sep = (!c.is_empty() && !l.is_empty()).then_some(if q.format.newlines {
                b'\n'
            } else {
                b' '
            });
            let out = &mut self.out;
            (out.cflags_text, out.libs_text) = flag_line(&mut out.stdout, ct, sep, &lt);
            (out.cflags, out.libs) = (c, l);
        }
        self.done(res, Outcome::Success)
    }

    fn done(mut self, res: Resolution, outcome: Outcome) -> QueryResult {
        self.out.resolution = Some(res);
        self.finish(outcome)
    }

    /// The outputs that end the query: `--license`, `--license-file`,
    /// `--source` and `--uninstalled`.
    fn print_early_exit(&mut self, res: &Resolution, search_private: bool) -> Option<Outcome> {
        let q = self.q;
        let world = res.entries(search_private);
        let field = if q.has(Output::License) {
            Some(Output::License)
        } else if q.has(Output::LicenseFile) {
            Some(Output::LicenseFile)
        } else if q.has(Output::Source) {
            Some(Output::Source)
        } else {
            None
        };
        if let Some(field) = field {
            for e in &world {
                let p = &e.package;
                let v = match field {
                    Output::License => p
                        .license_expression()
                        .unwrap_or_else(|| "NOASSERTION".to_owned()),
                    Output::LicenseFile => p.license_file.clone().unwrap_or_default(),
                    _ => p.source.clone().unwrap_or_default(),
                };
                let line = format!("{}: {v}\n", p.id);
                self.out.stdout.extend_from_slice(line.as_bytes());
            }
            return Some(Outcome::Success);
        }
        if q.has(Output::Uninstalled) {
            let any = world.iter().any(|e| e.package.uninstalled);
            return Some(if any { Outcome::Success } else { Outcome::No });
        }
        None
    }

    /// The listing outputs; returns whether any was printed (they replace
    /// the flags).
    fn print_metadata(&mut self, res: &Resolution, search_private: bool) -> bool {
        let q = self.q;
        let world = res.entries(search_private);
        let config = self.config();
        let out = &mut self.out.stdout;
        let mut printed = false;
        let lines = |out: &mut Vec<u8>, items: &mut dyn Iterator<Item = String>| {
            for item in items {
                out.extend_from_slice(item.as_bytes());
                out.push(b'\n');
            }
        };
        // pkgconf goes through the query for these: a package named twice
        // is printed twice (built only for them: not for the flags).
        let by_query = [Output::Provides, Output::Requires, Output::RequiresPrivate];
        let query_entries = if by_query.iter().any(|o| q.has(*o)) || q.text_variable().is_some() {
            res.query_entries()
        } else {
            Vec::new()
        };
        if q.has(Output::Provides) {
            printed = true;
            report::provides(out, &query_entries);
        }
        if q.has(Output::Digraph) {
            printed = true;
            let merge = self.link.merges_private();
            report::digraph(out, res, q.digraph_query_nodes, search_private, !merge);
        }
        if q.has(Output::Solution) {
            printed = true;
            report::solution(out, res, search_private);
        }
        if q.has(Output::ModVersion) {
            printed = true;
            report::modversions(out, res, q.verbose);
        }
        if q.has(Output::Path) {
            printed = true;
            let path = world.first().and_then(|e| e.package.path.as_ref());
            lines(out, &mut path.map(|p| p.to_string()).into_iter());
        }
        if q.has(Output::PrintVariables) {
            printed = true;
            if let Some(e) = world.first() {
                let mut names = e.package.vars.names();
                // While a sysroot is in effect, pkgconf gives every package
                // it loads from outside the sysroot a `pc_sysrootdir`
                // variable after `pcfiledir` (not its built-ins).
                let outside = config.outside_sysroot(&e.package) == Some(true);
                if outside && !names.iter().any(|n| n == "pc_sysrootdir") {
                    let at = usize::from(names.first().is_some_and(|n| n == "pcfiledir"));
                    names.insert(at, "pc_sysrootdir".to_owned());
                }
                lines(out, &mut names.into_iter());
            }
        }
        printed |= self.print_variable_and_requires(&query_entries);
        if q.has(Output::FragmentTree) {
            printed = true;
            self.print_fragment_tree(res, search_private);
        }
        if q.has(Output::LinkAbi) {
            printed = true;
            report::link_abi(&mut self.out.stdout, res, self.link.is_static());
        }
        printed
    }

    /// `--fragment-tree`: the cflags and libs as one list, as a tree.
    fn print_fragment_tree(&mut self, res: &Resolution, search_private: bool) {
        // Without private searching, pkgconf's walk for the cflags skips
        // an edge only when it carries every flag it is told to skip:
        // private, and (unless --internal-cflags) internal. So it follows
        // `Requires.private` edges, except under --internal-cflags, where
        // only the private flag is left to match.
        let tree_cflags = FlagOptions {
            include_private: search_private || !self.q.format.internal_cflags,
            ..self.cflags_options()
        };
        let cflags = flags::cflags(self.config(), res, tree_cflags).to_vec();
        // The tree keeps the solve's private searching for the libs too, and
        // pkgconf collects them into the list holding the cflags.
        let tree_libs = FlagOptions {
            include_private: search_private,
            ..self.cflags_options()
        };
        let v = flags::libs_after(self.config(), res, tree_libs, cflags).to_vec();
        let mut s = String::new();
        render::render_tree(&v, 0, &mut s);
        self.out.stdout.extend_from_slice(s.as_bytes());
    }

    /// `--variable`, `--print-requires` and `--print-requires-private`, for
    /// each package of the query (`query`: [`Resolution::query_entries`]).
    fn print_variable_and_requires(&mut self, query: &[&crate::solver::WorldEntry]) -> bool {
        let q = self.q;
        let mut printed = false;
        if let Some(var) = q.text_variable() {
            printed = true;
            // As pkgconf: each package that defines it, after a space
            // unless it is the query's first (which may not define it).
            let mut line = String::new();
            for (i, e) in query.iter().enumerate() {
                if let Some(value) = self.variable(&e.package, var) {
                    if i > 0 {
                        line.push(' ');
                    }
                    line.push_str(&value);
                }
            }
            self.out.stdout.extend_from_slice(line.as_bytes());
            self.out.stdout.push(b'\n');
        }
        if q.has(Output::Requires) {
            printed = true;
            for e in query {
                for d in &e.package.requires {
                    self.out
                        .stdout
                        .extend_from_slice(format!("{d}\n").as_bytes());
                }
            }
        }
        if q.has(Output::RequiresPrivate) {
            printed = true;
            for e in query {
                for d in e.package.private_deps() {
                    self.out
                        .stdout
                        .extend_from_slice(format!("{d}\n").as_bytes());
                }
            }
        }
        printed
    }

    /// A package's variable as `--variable` shows it, with the sysroot in
    /// front where pkgconf puts it (see [`crate::config::sysroot`]).
    fn variable(&self, pkg: &Package, name: &str) -> Option<String> {
        self.config().shown_variable(pkg, name)
    }

    /// `--env=PREFIX`: shell assignments of the flags and variables.
    fn print_env(&mut self, res: &Resolution) {
        let Some(prefix) = self.q.env_prefix.clone() else {
            return;
        };
        if !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
            return;
        }
        let c = self.cflags(res);
        if !c.is_empty() {
            let bytes = self.render(c.iter());
            self.assignment(&format!("{prefix}_CFLAGS"), &bytes);
        }
        // pkgconf keeps private searching on for both halves of --env.
        let opts = FlagOptions {
            include_private: self.search_private(),
            ..self.cflags_options()
        };
        let l = self.libs(res, opts);
        if !l.is_empty() {
            let bytes = self.render(l.iter());
            self.assignment(&format!("{prefix}_LIBS"), &bytes);
        }
        let want_var = self.q.text_variable().map(str::to_owned);
        if self.q.has(Output::PrintVariables) || want_var.is_some() {
            for id in res.roots() {
                let Some(p) = res.package(*id) else { continue };
                for name in p.vars.names() {
                    if want_var.as_ref().is_some_and(|w| *w != name) {
                        continue;
                    }
                    let key = flags::macro_name(&format!("{prefix}_{name}"));
                    let value = p.vars.get(&name).unwrap_or_default();
                    self.assignment(&key, value.as_bytes());
                }
            }
        }
        self.out.cflags_text = FlagText::Own(self.render(c.iter()));
        self.out.libs_text = FlagText::Own(self.render(l.iter()));
        self.out.cflags = c;
        self.out.libs = l;
    }

    fn assignment(&mut self, name: &str, value: &[u8]) {
        let out = &mut self.out.stdout;
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"='");
        out.extend_from_slice(value);
        out.extend_from_slice(b"'\n");
    }

    /// Whether the cflags and the libs are worth a thread each: with
    /// [`crate::Options::jobs`] above 1, for a solution of at least
    /// [`PARALLEL_FLAGS_FROM`] packages.
    fn flags_in_parallel(&self, res: &Resolution) -> bool {
        res.met() >= PARALLEL_FLAGS_FROM && self.config().jobs() > 1
    }

    fn render<'f>(&self, frags: impl Iterator<Item = &'f Fragment> + Clone) -> Vec<u8> {
        let syntax = if self.q.format.msvc || self.config().msvc_syntax {
            Syntax::Msvc
        } else {
            Syntax::Gnu
        };
        let sep = if self.q.format.newlines { '\n' } else { ' ' };
        render::render_bytes(frags, sep, syntax, self.config().utf8_locale)
    }

    fn cflags_options(&self) -> FlagOptions {
        let merge_private = self.link.merges_private();
        FlagOptions {
            // Cflags always take private requirements into account.
            include_private: true,
            merge_private,
            // Requires.internal cflags are hidden from shared --cflags queries only.
            internal_cflags: self.q.format.internal_cflags
                || !self.search_private()
                || merge_private,
        }
    }

    fn libs_options(&self) -> FlagOptions {
        FlagOptions {
            // --static --shared keeps the libs of private packages only
            // when something else made the walk follow them (cflags).
            include_private: self.link.is_static() && self.search_private(),
            ..self.cflags_options()
        }
    }

    /// Whether a fragment survives system-directory filtering and
    /// `--fragment-filter`.
    fn passes_filters(&self, f: &Fragment) -> bool {
        if flags::is_system_dir(self.config(), f) {
            return false;
        }
        match &self.q.format.filter {
            Some(types) => f.kind.is_some_and(|k| types.contains(k)),
            None => true,
        }
    }

    /// The compiler flags the query's cflags outputs select.
    fn cflags(&self, res: &Resolution) -> Vec<Fragment> {
        let q = self.q;
        let only_i = q.has(Output::Cflags) || q.has(Output::CflagsOnlyI);
        let other = q.has(Output::Cflags) || q.has(Output::CflagsOnlyOther);
        let list = flags::cflags(self.config(), res, self.cflags_options());
        let selected = list
            .iter()
            .filter(|f| self.passes_filters(f))
            .filter(|f| if f.is('I') { only_i } else { other })
            .cloned();
        // pkgconf inserts each define at the front: last query first.
        let roots = if q.format.exists_cflags {
            res.last_roots()
        } else {
            Vec::new()
        };
        let defines = roots.iter().rev().filter_map(|id| res.package(*id));
        // Sized for every fragment the list holds (a graph's flags are many
        // and nearly all printed), not grown to twice that.
        let mut v = Vec::with_capacity(roots.len() + list.len());
        v.extend(defines.map(|p| flags::have_define(&p.id)));
        v.extend(selected);
        v
    }

    /// The linker flags the query's libs outputs select.
    fn libs(&self, res: &Resolution, opts: FlagOptions) -> Vec<Fragment> {
        let q = self.q;
        let all = q.has(Output::Libs);
        let (paths, names, other) = (
            all || q.has(Output::LibsOnlyL),
            all || q.has(Output::LibsOnlyLibNames),
            all || q.has(Output::LibsOnlyOther),
        );
        let list = flags::libs(self.config(), res, opts);
        let mut v = Vec::with_capacity(list.len());
        v.extend(
            list.iter()
                .filter(|f| self.passes_filters(f))
                .filter(|f| match f.kind {
                    Some('L') => paths,
                    Some('l') => names,
                    _ => other,
                })
                .cloned(),
        );
        v
    }
}

/// Appends the flags line to `stdout`: the cflags text, `sep`, the libs
/// text and a newline. Returns where the two texts are, kept once: as spans
/// of stdout (the cflags' own buffer becomes stdout when nothing precedes
/// it).
fn flag_line(
    stdout: &mut Vec<u8>,
    ct: Vec<u8>,
    sep: Option<u8>,
    lt: &[u8],
) -> (FlagText, FlagText) {
    let rest = usize::from(sep.is_some()) + lt.len() + 1;
    let c_start = stdout.len();
    if stdout.is_empty() {
        *stdout = ct;
        stdout.reserve_exact(rest);
    } else {
        stdout.reserve_exact(ct.len() + rest);
        stdout.extend_from_slice(&ct);
    }
    let c_end = stdout.len();
    stdout.extend(sep);
    let l_start = stdout.len();
    stdout.extend_from_slice(lt);
    let l_end = stdout.len();
    stdout.push(b'\n');
    (
        FlagText::InStdout(c_start..c_end),
        FlagText::InStdout(l_start..l_end),
    )
}

/// The thread-safety promise, checked at compile time: a context can be
/// shared by worker threads, and answers can be sent between them.
const _: () = {
    const fn shared_across_threads<T: Send + Sync>() {}
    shared_across_threads::<Context>();
    shared_across_threads::<QueryResult>();
    shared_across_threads::<Resolution>();
    shared_across_threads::<Package>();
};
