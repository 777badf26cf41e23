//! Linting `.pc` files: every rule of [`Code::rules`] checked against a
//! file, with spans, severities a caller can raise or silence, and the score
//! pkgconf's `pccritic` would give.
//!
//! ```
//! use libpkgconf::lint::{LintOptions, Linter};
//! use libpkgconf::{Context, Env, Options};
//!
//! let ctx = Context::in_memory(&Env::new(), &Options::new(), Vec::<(String, Vec<u8>)>::new())?;
//! let linter = Linter::new(&ctx, LintOptions::new());
//! let report = linter.lint_bytes(b"Name: x\nDescription: an example library\nVersion: 1\nLibs: -O2 -lx\n", "x.pc".into());
//! assert!(report.findings.iter().any(|d| d.code.id() == "PC027"));
//! assert_eq!(report.pccritic.score, 85);
//! # Ok::<(), libpkgconf::ConfigError>(())
//! ```
//!
//! A [`Linter`] works on a [`Context`]: its search path resolves `Requires`
//! (for [`Code::RequiresNotFound`], [`Code::RequiresUnsatisfied`] and
//! cycles) and its packages tell which `-l` another package provides
//! ([`Code::PrivateLibProvided`]). Nothing here reads the environment or
//! prints; rendering is in [`output`].

mod checks;
pub mod output;
pub mod pccritic;

use crate::context::Context;
use crate::diag::{Code, Diagnostic, LineIndex, Severity, Subject};
use crate::package::Package;
use crate::registry::load::MAX_FILE_SIZE;
use crate::registry::parser::{self, EntryKind, ParsedPc};
use camino::{Utf8Path, Utf8PathBuf};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How a lint run treats findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LintOptions {
    /// Rules that make a file ambiguous ([`crate::Rule::ambiguous`]) are
    /// errors.
    pub strict: bool,
    /// Findings below this severity are dropped (default: everything is
    /// kept, from [`Severity::Info`] up).
    pub min_severity: Option<Severity>,
    /// Codes made errors whatever their default.
    pub deny: Vec<Code>,
    /// Codes never reported.
    pub allow: Vec<Code>,
}

impl LintOptions {
    /// Every rule at its default severity.
    pub fn new() -> Self {
        LintOptions::default()
    }

    /// Makes ambiguous findings errors.
    pub fn strict(mut self, on: bool) -> Self {
        self.strict = on;
        self
    }

    /// Drops findings below `severity`.
    pub fn min_severity(mut self, severity: Severity) -> Self {
        self.min_severity = Some(severity);
        self
    }

    /// Makes `code` an error.
    pub fn deny(mut self, code: Code) -> Self {
        self.deny.push(code);
        self
    }

    /// Never reports `code`.
    pub fn allow(mut self, code: Code) -> Self {
        self.allow.push(code);
        self
    }

    /// The severity `d` has under these options, or `None` when it is not
    /// reported.
    fn severity_of(&self, d: &Diagnostic) -> Option<Severity> {
        if self.allow.contains(&d.code) {
            return None;
        }
        let mut sev = d.severity;
        if self.deny.contains(&d.code) || (self.strict && d.code.rule().ambiguous) {
            sev = Severity::Error;
        }
        match self.min_severity {
            Some(min) if sev < min && !self.deny.contains(&d.code) => None,
            _ => Some(sev),
        }
    }
}

/// What to lint: a file, or a package looked up on the search path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// A `.pc` file by path.
    File(Utf8PathBuf),
    /// A package name.
    Package(String),
    /// Something found that cannot be linted, and why (a file name that
    /// is not UTF-8).
    Invalid {
        /// The name, with invalid bytes replaced.
        name: String,
        /// Why it cannot be linted.
        reason: String,
    },
}

impl Target {
    /// The target an argument names: a path when it contains `/` or ends
    /// in `.pc` (as pccritic decides), a package name otherwise.
    pub fn from_arg(arg: &str) -> Target {
        if arg.contains('/') || arg.ends_with(".pc") {
            Target::File(arg.into())
        } else {
            Target::Package(arg.to_owned())
        }
    }

    /// The target as the user wrote it.
    pub fn name(&self) -> &str {
        match self {
            Target::File(p) => p.as_str(),
            Target::Package(n) => n,
            Target::Invalid { name, .. } => name,
        }
    }
}

/// The targets `args` stand for: each directory is replaced by the `.pc`
/// files in it (sorted by name, not recursive); other arguments become
/// [`Target::from_arg`]. Directories that cannot be listed stay as they
/// are and fail when linted.
pub fn expand_targets<S: AsRef<str>>(args: &[S]) -> Vec<Target> {
    let mut out = Vec::new();
    for arg in args.iter().map(AsRef::as_ref) {
        let path = Utf8Path::new(arg);
        let listing = (!arg.ends_with(".pc") && path.is_dir())
            .then(|| path.as_std_path().read_dir().ok())
            .flatten();
        let Some(entries) = listing else {
            out.push(Target::from_arg(arg));
            continue;
        };
        let mut files: Vec<Target> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "pc"))
            .map(|p| match Utf8PathBuf::from_path_buf(p) {
                Ok(p) => Target::File(p),
                Err(p) => Target::Invalid {
                    name: p.to_string_lossy().into_owned(),
                    reason: "the file name is not UTF-8".to_owned(),
                },
            })
            .collect();
        files.sort_by(|a, b| a.name().cmp(b.name()));
        out.extend(files);
    }
    out
}

/// The findings about one target.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FileReport {
    /// The target as given.
    pub target: String,
    /// The file linted, when one was found.
    pub path: Option<Utf8PathBuf>,
    /// The file's bytes (empty when it could not be read), for excerpts.
    pub source: Vec<u8>,
    /// Whether the file could be read and linted at all. `false` for a
    /// package not found, a directory, a dangling link, an unreadable or
    /// oversized file: the one finding then says which.
    pub readable: bool,
    /// Whether pkgconf would use the package (it declares Name,
    /// Description and Version, and no limit refused it).
    pub loaded: bool,
    /// The findings, in file order, with the severities of the
    /// [`LintOptions`] in force.
    pub findings: Vec<Diagnostic>,
    /// The same file as pkgconf's `pccritic` sees it: its findings and its
    /// score.
    pub pccritic: pccritic::Assessment,
}

impl FileReport {
    /// The highest severity among the findings.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|d| d.severity).max()
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Lints `.pc` files against a context. Cheap to make; the index of which
/// package provides which library is built on first need and kept.
#[derive(Debug)]
pub struct Linter<'c> {
    ctx: &'c Context,
    options: LintOptions,
    providers: OnceLock<HashMap<String, (String, Utf8PathBuf)>>,
}

impl<'c> Linter<'c> {
    /// A linter over `ctx`'s search path and settings.
    pub fn new(ctx: &'c Context, options: LintOptions) -> Self {
        Linter {
            ctx,
            options,
            providers: OnceLock::new(),
        }
    }

    /// The options in force.
    pub fn options(&self) -> &LintOptions {
        &self.options
    }

    /// Lints one target.
    pub fn lint(&self, target: &Target) -> FileReport {
        match target {
            Target::File(p) => self.lint_file_as(p, target.name()),
            Target::Package(name) => match self.locate(name) {
                Some(path) => self.lint_file_as(&path, name),
                None => self.failed(
                    name,
                    None,
                    format!("no package '{name}' in the search path"),
                ),
            },
            Target::Invalid { name, reason } => self.failed(name, None, reason.clone()),
        }
    }

    /// Lints the file at `path`.
    pub fn lint_file(&self, path: &Utf8Path) -> FileReport {
        self.lint_file_as(path, path.as_str())
    }

    /// Lints `bytes` as the contents of the file at `path` (which need not
    /// exist: it names the file and sets `${pcfiledir}`).
    pub fn lint_bytes(&self, bytes: &[u8], path: Utf8PathBuf) -> FileReport {
        self.analyse(path.to_string(), path, bytes.to_vec())
    }

    /// The file that package `name` comes from, even when pkgconf refuses
    /// it (the linter still has something to say about it).
    fn locate(&self, name: &str) -> Option<Utf8PathBuf> {
        if let Some((_, pkg)) = self.ctx.find(name) {
            return pkg.path.clone();
        }
        self.ctx
            .registry()
            .refusals(name)
            .into_iter()
            .map(|(p, _)| p)
            .next()
    }

    fn lint_file_as(&self, path: &Utf8Path, target: &str) -> FileReport {
        match read(path) {
            Ok(bytes) => self.analyse(target.to_owned(), path.to_owned(), bytes),
            Err(why) => self.failed(target, Some(path.to_owned()), why),
        }
    }

    /// The report of a target that could not be read.
    fn failed(&self, target: &str, path: Option<Utf8PathBuf>, why: String) -> FileReport {
        let mut d = Diagnostic::new(Code::Unreadable, why);
        d.path = path.clone();
        let findings = self.finish(vec![d]);
        FileReport {
            target: target.to_owned(),
            path,
            source: Vec::new(),
            readable: false,
            loaded: false,
            pccritic: pccritic::unreadable(),
            findings,
        }
    }

    fn analyse(&self, target: String, path: Utf8PathBuf, source: Vec<u8>) -> FileReport {
        let mut found = Vec::new();
        let loaded = Package::from_bytes(&source, &path, self.ctx.config(), &mut found);
        let parsed = parser::parse(&source, Some(&path), &mut crate::diag::Discard);
        let index = LineIndex::new(&source);
        let file = checks::File::new(&path, &source, &index, &parsed, loaded.as_ref().ok());
        checks::style(&file, &mut found);
        if let Some(pkg) = file.package {
            checks::package(&file, pkg, self, &mut found);
        }
        for d in &mut found {
            locate(d, &file);
        }
        let pccritic = pccritic::assess(&file);
        let findings = self.finish(found);
        FileReport {
            target,
            path: Some(path),
            readable: true,
            loaded: loaded.is_ok(),
            findings,
            pccritic,
            source,
        }
    }

    /// One finding per place (pkgconf repeats some per character), with
    /// the severities of the options, in file order.
    fn finish(&self, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<Diagnostic> = Vec::new();
        for mut d in found {
            let place = (
                d.code,
                d.span.as_ref().map(|s| s.bytes.clone()),
                d.line,
                d.message.clone(),
            );
            if !seen.insert(place) {
                continue;
            }
            let Some(sev) = self.options.severity_of(&d) else {
                continue;
            };
            d.severity = sev;
            d.count = 1;
            out.push(d);
        }
        out.sort_by_key(|d| {
            (
                d.span.as_ref().map_or(u32::MAX, |s| s.line),
                d.span.as_ref().map_or(0, |s| s.column),
                d.line.unwrap_or(u32::MAX),
                d.code,
            )
        });
        cap(out)
    }

    /// Which package provides library `lib`: the first package on the
    /// search path whose Libs start with `-llib`, by name and file.
    fn provider(&self, lib: &str) -> Option<&(String, Utf8PathBuf)> {
        self.providers
            .get_or_init(|| {
                let mut map = HashMap::new();
                // A package's own library is the first -l of its Libs; the
                // others are usually its dependencies' (-lm, -lpthread...).
                // And its name says so (`-lz` and `zlib`, `-lxml2` and
                // `libxml-2.0`), which leaves out files that link another
                // package's library first.
                for (_, pkg) in self.ctx.packages() {
                    let Some(f) = pkg.libs.iter().find(|f| f.is('l')) else {
                        continue;
                    };
                    let (lib, id) = (squash(f.data()), squash(&pkg.id));
                    if !lib.is_empty() && (id.contains(&lib) || lib.contains(&id)) {
                        let path = pkg.path.clone().unwrap_or_default();
                        map.entry(f.data().to_owned())
                            .or_insert_with(|| (pkg.id.clone(), path));
                    }
                }
                map
            })
            .get(lib)
    }

    fn context(&self) -> &Context {
        self.ctx
    }
}

/// The most findings of one code reported for one file; the rest are
/// counted in one more finding of that code.
pub const MAX_FINDINGS_PER_CODE: usize = 100;

/// Keeps the first [`MAX_FINDINGS_PER_CODE`] findings of each code (in file
/// order) and says how many more there were.
fn cap(findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut kept: HashMap<Code, usize> = HashMap::new();
    let mut dropped: Vec<(Code, usize, Diagnostic)> = Vec::new();
    let mut out = Vec::with_capacity(findings.len().min(4096));
    for d in findings {
        let n = kept.entry(d.code).or_insert(0);
        *n += 1;
        if *n <= MAX_FINDINGS_PER_CODE {
            out.push(d);
        } else if let Some(entry) = dropped.iter_mut().find(|(c, _, _)| *c == d.code) {
            entry.1 += 1;
        } else {
            dropped.push((d.code, 1, d));
        }
    }
    for (code, more, first) in dropped {
        let mut d = Diagnostic::new(
            code,
            format!(
                "{more} more {} findings in this file are not shown (the first \
                 {MAX_FINDINGS_PER_CODE} are)",
                code.id()
            ),
        );
        d.severity = first.severity;
        d.path = first.path;
        out.push(d);
    }
    out
}

/// A name in lower case, without a `lib` prefix and without punctuation.
fn squash(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_prefix("lib").unwrap_or(&lower);
    bare.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// Reads a `.pc` file for linting, or says why it cannot be.
fn read(path: &Utf8Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dangling = std::fs::symlink_metadata(path).is_ok();
            return Err(if dangling {
                "dangling symbolic link: its target does not exist".to_owned()
            } else {
                "no such file".to_owned()
            });
        }
        Err(e) => return Err(format!("cannot read file: {e}")),
    };
    if meta.is_dir() {
        return Err("is a directory, not a .pc file".to_owned());
    }
    if !meta.is_file() {
        return Err("is not a regular file".to_owned());
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(format!(
            "the file is larger than {MAX_FILE_SIZE} bytes (the limit): {} bytes",
            meta.len()
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(format!(
            "the file is larger than {MAX_FILE_SIZE} bytes (the limit)"
        ));
    }
    Ok(bytes)
}

/// Gives a span to a finding that has only a logical line (the loader's
/// findings): the entry on that line, narrowed to `${name}` when the
/// finding is about a variable reference.
fn locate(d: &mut Diagnostic, file: &checks::File<'_>) {
    if d.span.is_some() {
        return;
    }
    let Some(line) = d.line else {
        return;
    };
    let Some(entry) = file.parsed.entries.iter().find(|e| e.line == line) else {
        return;
    };
    let mut range = entry.value_span.clone();
    if let Some(Subject::Variable(name)) = &d.subject {
        let needle = format!("${{{name}}}");
        let value = file.source.get(range.clone()).unwrap_or(&[]);
        if let Some(at) = find_bytes(value, needle.as_bytes()) {
            range = range.start + at..range.start + at + needle.len();
        }
    } else if range.is_empty() {
        range = entry.key_span.clone();
    }
    if d.subject.is_none() {
        d.subject = Some(match entry.kind {
            EntryKind::Variable => Subject::Variable(entry.key.to_string()),
            EntryKind::Field => Subject::Field(entry.key.to_string()),
        });
    }
    d.span = Some(file.index.span(range));
}

/// The first position of `needle` in `hay`.
pub(crate) fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The exit status a lint run gives, from its reports: 0 when nothing at
/// or above `gate` was found (and every score reaches `min_score`, when
/// given), 1 otherwise, 2 when a target could not be read.
///
/// With no `gate`, findings alone never fail the run.
pub fn exit_status(reports: &[FileReport], gate: Option<Severity>, min_score: Option<u8>) -> u8 {
    if reports.iter().any(|r| !r.readable) {
        return 2;
    }
    let failing = reports.iter().any(|r| {
        gate.is_some_and(|g| r.findings.iter().any(|d| d.severity >= g))
            || min_score.is_some_and(|m| r.pccritic.score < m)
    });
    u8::from(failing)
}

/// Whether `entries` declare the field `key` (case-insensitively).
pub(crate) fn field<'p>(parsed: &'p ParsedPc<'p>, key: &str) -> Option<&'p parser::Entry<'p>> {
    parsed
        .entries
        .iter()
        .rev()
        .find(|e| e.kind == EntryKind::Field && e.key.eq_ignore_ascii_case(key))
}

/// The last definition of variable `name`.
pub(crate) fn variable<'p>(parsed: &'p ParsedPc<'p>, name: &str) -> Option<&'p parser::Entry<'p>> {
    parsed
        .entries
        .iter()
        .rev()
        .find(|e| e.kind == EntryKind::Variable && e.key == name)
}
