//! Reading one `.pc` file into a [`Package`]: parse, relocate the prefix,
//! build the variables, expand each field.

use super::fs;
use super::parser::{self, Entry, EntryKind};
use super::vars::{VarContext, Variables};
use crate::config::paths::{collapse_separators, parent_of};
use crate::config::{Config, LoadFields};
use crate::diag::{Code, Diagnostic, DiagnosticSink, Severity};
use crate::package::dependency::{self, Dependency};
use crate::package::fragment::{Word, parse_owned};
use crate::package::{DepKind, Field, Package, Scope};
use camino::{Utf8Path, Utf8PathBuf};
use std::sync::Arc;

/// The largest `.pc` file we read; pkg-config files are tiny in practice.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Why a `.pc` file could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file does not exist or is not a regular file.
    #[error("{path}: no such file")]
    Missing {
        /// The `.pc` file.
        path: Utf8PathBuf,
    },
    /// The file exists but could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The `.pc` file.
        path: Utf8PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_SIZE`] bytes.
    #[error("{path}: the file is larger than {MAX_FILE_SIZE} bytes (the limit)")]
    TooLarge {
        /// The `.pc` file.
        path: Utf8PathBuf,
    },
    /// The file was read but not used: pkgconf would skip it (it lacks
    /// `Name`, `Description` or `Version`), or it hit one of our limits
    /// (a line, the expansion of its fields, the number of packages).
    #[error("{path}: {reason}")]
    Refused {
        /// The `.pc` file.
        path: Utf8PathBuf,
        /// Why, naming the limit and its value where one was hit.
        reason: String,
    },
}

impl LoadError {
    /// Why a file that exists was not used, if that is what happened.
    pub fn refusal(&self) -> Option<String> {
        match self {
            LoadError::Missing { .. } => None,
            LoadError::Io { source, .. } => Some(format!("cannot read it: {source}")),
            LoadError::TooLarge { .. } => Some(format!(
                "the file is larger than {MAX_FILE_SIZE} bytes (the limit)"
            )),
            LoadError::Refused { reason, .. } => Some(reason.clone()),
        }
    }
}

/// The total a package's fields may expand to: 256 times the file's size,
/// and at least 4 MiB. Real files expand to a few times their size; the
/// bound keeps a small file from producing gigabytes.
pub const EXPANSION_FACTOR: usize = 256;
/// See [`EXPANSION_FACTOR`].
pub const MIN_EXPANSION_BUDGET: usize = 4 * 1024 * 1024;

/// What is left of a package's expansion budget.
#[derive(Debug)]
pub(crate) struct Budget {
    left: usize,
    limit: usize,
}

impl Budget {
    /// No limit worth the name, for tests of expansion itself.
    #[cfg(test)]
    pub(crate) fn unlimited() -> Self {
        Budget {
            left: usize::MAX,
            limit: usize::MAX,
        }
    }

    fn for_file(len: usize) -> Self {
        let limit = len
            .saturating_mul(EXPANSION_FACTOR)
            .max(MIN_EXPANSION_BUDGET);
        Budget { left: limit, limit }
    }

    /// Takes `n` bytes; false when the budget is exhausted.
    pub(crate) fn spend(&mut self, n: usize) -> bool {
        match self.left.checked_sub(n) {
            Some(rest) => {
                self.left = rest;
                true
            }
            None => {
                self.left = 0;
                false
            }
        }
    }

    fn exceeded(&self) -> Diagnostic {
        Diagnostic::error(
            Code::ExpansionBound,
            format!(
                "its fields expand to more than {} bytes (the limit: {EXPANSION_FACTOR} times \
                 the file's size, at least {MIN_EXPANSION_BUDGET} bytes)",
                self.limit
            ),
        )
    }
}

/// `dir/pkgconfig` → `dir/..`: the prefix pkgconf guesses from a file's place.
fn guessed_prefix(pcfiledir: &str) -> Option<String> {
    let p = Utf8Path::new(pcfiledir);
    if p.file_name()? != "pkgconfig" {
        return None;
    }
    Some(p.parent()?.parent()?.as_str().to_owned())
}

/// `--define-prefix`, as pkgconf 3.0.7 does it. The prefix variable gets
/// the directory two levels above the `pkgconfig` directory the file was
/// found in (the path as found, not a link's target, separators
/// collapsed). Each later variable whose value, separators collapsed,
/// lies within the old prefix (at a path boundary; a trailing `/` on the
/// prefix does not count) is rewritten to the new prefix and the rest.
fn relocate_prefix(entries: &mut [Entry], path: &Utf8Path, config: &Config) {
    let found_in = collapse_separators(path.as_str());
    let Some(new_prefix) = guessed_prefix(parent_of(&found_in)).map(|p| path_to_value(&p)) else {
        return;
    };
    let mut old: Option<String> = None;
    for e in entries.iter_mut().filter(|e| e.kind == EntryKind::Variable) {
        if e.key == config.prefix_variable {
            old = Some(collapse_separators(&e.value).into_owned());
            e.value = new_prefix.clone().into();
        } else if let Some(old) = &old {
            let canonical = collapse_separators(&e.value);
            if let Some(rest) = strip_prefix_boundary(&canonical, old) {
                e.value = format!("{new_prefix}{rest}").into();
            }
        }
    }
}

/// What follows `prefix` in `value`, when `value` lies within `prefix`.
fn strip_prefix_boundary<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let prefix = prefix.trim_end_matches('/');
    let within = !prefix.is_empty() && crate::config::sysroot::is_within(value, prefix);
    within.then(|| &value[prefix.len()..])
}

/// How many symbolic links are followed before giving up (a loop).
const MAX_SYMLINK_HOPS: usize = 40;

/// Follows `path` through symbolic links, one link at a time, the way
/// pkgconf finds `pcfiledir`: a relative link target is taken relative to
/// the link's directory, so a relative start stays relative.
pub(crate) fn resolve_symlinks(path: &Utf8Path) -> Utf8PathBuf {
    let mut cur = path.to_owned();
    for _ in 0..MAX_SYMLINK_HOPS {
        let Ok(meta) = std::fs::symlink_metadata(&cur) else {
            break;
        };
        if !meta.file_type().is_symlink() {
            break;
        }
        let Ok(target) = std::fs::read_link(&cur) else {
            break;
        };
        let Ok(target) = Utf8PathBuf::from_path_buf(target) else {
            break;
        };
        cur = if target.is_absolute() {
            target
        } else {
            let dir = cur.parent().unwrap_or(Utf8Path::new(""));
            let dir = if dir == "." { Utf8Path::new("") } else { dir };
            dir.join(target)
        };
    }
    cur
}

/// A filesystem path as a variable value: spaces are escaped so that the
/// value survives being split into flags.
fn path_to_value(path: &str) -> String {
    path.replace(' ', "\\ ")
}

/// Reads and loads a `.pc` file (see [`fs`] for how it is read).
pub(crate) fn load_file(
    path: &Utf8Path,
    known: fs::Known<'_>,
    id: &str,
    uninstalled: bool,
    config: &Config,
    sink: &mut dyn DiagnosticSink,
) -> Result<Package, LoadError> {
    let read = fs::read_pc(path, known, |bytes, origin| {
        load_bytes(bytes, path, id, uninstalled, config, origin, sink)
    });
    read.unwrap_or_else(|e| {
        let path = path.to_owned();
        Err(match e {
            fs::ReadError::Missing => LoadError::Missing { path },
            fs::ReadError::TooLarge => LoadError::TooLarge { path },
            fs::ReadError::Io(source) => LoadError::Io { path, source },
        })
    })
}

/// Where the bytes of a `.pc` file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A file: `${pcfiledir}` follows its symbolic links.
    File,
    /// A file whose path ends in no symbolic link (it was opened without
    /// following one): `${pcfiledir}` is its directory as named.
    Regular,
    /// Memory: the path is only a name; nothing on disk is looked at.
    Memory,
}

/// Loads a package from the bytes of a `.pc` file that lives at `path`.
pub(crate) fn load_bytes(
    bytes: &[u8],
    path: &Utf8Path,
    id: &str,
    uninstalled: bool,
    config: &Config,
    origin: Origin,
    sink: &mut dyn DiagnosticSink,
) -> Result<Package, LoadError> {
    // Findings are reported in file order, whichever stage found them
    // (findings without a line come last).
    let mut found = Vec::new();
    let mut result = load_parsed(bytes, path, id, uninstalled, config, origin, &mut found);
    found.sort_by_key(|d| d.line.unwrap_or(u32::MAX));
    // A limit hit while loading (an error, not a warning) means the package
    // would not be what the file says: it is not used, and the reason says
    // which limit.
    let refusal = found
        .iter()
        .find(|d| d.severity == Severity::Error && d.code != Code::MissingField)
        .map(|d| match d.line {
            Some(line) => format!("line {line}: {}", d.message),
            None => d.message.clone(),
        });
    // In strict mode, a file that says something ambiguous is not used.
    let refusal = refusal.or_else(|| {
        let d = found
            .iter()
            .find(|d| config.strict && d.code.rule().ambiguous)?;
        let at = d.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        Some(format!("strict mode: {at}{} [{}]", d.message, d.code.id()))
    });
    if config.strict {
        for d in found.iter_mut().filter(|d| d.code.rule().ambiguous) {
            d.severity = Severity::Error;
        }
    }
    // The limit is the reason, even when it also left a field unset.
    if let Some(reason) = refusal {
        result = Err(LoadError::Refused {
            path: path.to_owned(),
            reason,
        });
    }
    for d in found {
        sink.emit(d);
    }
    result
}

/// `value` as an `Arc`, the one of the previous file when it is the same
/// (files are read directory by directory, so a graph of 16,000 packages
/// keeps one copy of its directory's `pcfiledir`, not 16,000).
fn shared_dir(value: &str) -> Arc<str> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<Arc<str>>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some(dir) if **dir == *value => Arc::clone(dir),
            _ => {
                let dir: Arc<str> = Arc::from(value);
                *last = Some(Arc::clone(&dir));
                dir
            }
        }
    })
}

fn load_parsed(
    bytes: &[u8],
    path: &Utf8Path,
    id: &str,
    uninstalled: bool,
    config: &Config,
    origin: Origin,
    sink: &mut dyn DiagnosticSink,
) -> Result<Package, LoadError> {
    let parsed = parser::parse(bytes, Some(path), sink);
    if parsed.fatal {
        return Err(LoadError::Refused {
            path: path.to_owned(),
            reason: skipped(&parsed.missing),
        });
    }
    let real = match origin {
        Origin::File => resolve_symlinks(path),
        Origin::Regular | Origin::Memory => path.to_owned(),
    };
    let pcfiledir = crate::config::paths::parent_of(real.as_str()).to_owned();
    let mut entries = parsed.entries;

    if config.define_prefix {
        relocate_prefix(&mut entries, path, config);
    }

    let ctx = VarContext {
        scope: &config.var_scope,
        env: &config.env,
        package_id: id,
    };
    let mut vars = Variables::with_dir(&entries, shared_dir(&path_to_value(&pcfiledir)), &ctx);
    vars.set_path(Some(path));

    let mut pkg = Package::new(id, Some(path.to_owned()), vars);
    pkg.uninstalled = uninstalled;

    let mut words = FlagWords::default();
    let mut budget = Budget::for_file(bytes.len());
    let listed_only = config.load_fields == LoadFields::Listed;
    for e in entries.iter().filter(|e| e.kind == EntryKind::Field) {
        if let Some(field) = e.field {
            let listed = matches!(
                field,
                Field::Name | Field::Description | Field::Version | Field::Provides
            );
            if listed_only && !listed {
                continue;
            }
            if !set_field(&mut pkg, &mut words, &mut budget, field, e, path, sink) {
                sink.emit(budget.exceeded().at(Some(path), e.line));
                break;
            }
        }
    }
    // A field's words become fragments once all its lines are in (a
    // `-framework` at the end of one `Libs` line owns the next line's
    // first word).
    let FlagWords { cflags, libs } = words;
    for ((scope, c), l) in Scope::ALL.into_iter().zip(cflags).zip(libs) {
        *pkg.cflags_mut(scope) = parse_owned(c);
        *pkg.libs_mut(scope) = parse_owned(l);
    }
    let unset: Vec<&str> = [
        ("Name", pkg.name.is_none()),
        ("Description", pkg.description.is_none()),
        ("Version", pkg.version.is_none()),
    ]
    .into_iter()
    .filter_map(|(field, unset)| unset.then_some(field))
    .collect();
    if !unset.is_empty() {
        return Err(LoadError::Refused {
            path: path.to_owned(),
            reason: skipped(&unset),
        });
    }
    Ok(pkg)
}

/// The words of the flags fields, by [`Scope`] in [`Scope::ALL`] order.
#[derive(Debug, Default)]
struct FlagWords {
    cflags: [Vec<Word>; 3],
    libs: [Vec<Word>; 3],
}

/// Where a scope's words go in [`FlagWords`].
fn scope_index(scope: Scope) -> usize {
    Scope::ALL.iter().position(|s| *s == scope).unwrap_or(0)
}

/// The reason a file without the fields pkgconf requires is skipped.
fn skipped(missing: &[&str]) -> String {
    let fields: Vec<String> = missing.iter().map(|f| format!("`{f}'")).collect();
    format!(
        "pkgconf skips it: it does not declare {}",
        fields.join(", ")
    )
}

/// Stores one field of the file in `pkg` (flags fields in `flag_words`),
/// expanding its value; false when the expansion budget ran out.
fn set_field(
    pkg: &mut Package,
    flag_words: &mut FlagWords,
    budget: &mut Budget,
    field: Field,
    e: &Entry,
    path: &Utf8Path,
    sink: &mut dyn DiagnosticSink,
) -> bool {
    let mut within = true;
    let mut expanded = |pkg: &Package, sink: &mut dyn DiagnosticSink| {
        let value = pkg.vars.expand_at(&e.value, e.line, sink);
        within &= budget.spend(value.len());
        value
    };
    match field {
        Field::Name => pkg.name = Some(expanded(pkg, sink)),
        Field::Description => pkg.description = Some(expanded(pkg, sink)),
        Field::Version => {
            let v = expanded(pkg, sink);
            pkg.version = Some(parser::trim_version(&v, Some(path), e.line, sink));
        }
        Field::Url => pkg.url = Some(expanded(pkg, sink)),
        Field::License => pkg.license = Some(expanded(pkg, sink)),
        Field::LicenseFile => pkg.license_file = Some(expanded(pkg, sink)),
        Field::Source => pkg.source = Some(expanded(pkg, sink)),
        Field::LinkAbi => pkg.link_abi = Some(expanded(pkg, sink)),
        Field::Requires(_) | Field::Conflicts | Field::Provides => {
            // Parsed from the file's text itself when there is nothing to
            // expand: the list keeps its own copies of names and versions.
            let value = pkg.vars.expand_cow(&e.value, e.line, sink);
            within &= budget.spend(value.len());
            let list = dependency::parse_list(&value);
            add_dependencies(pkg, field, list, e, path, sink);
        }
        Field::Cflags(scope) => {
            let words = pkg.vars.flag_words(&e.key, &e.value, e.line, sink, budget);
            within &= words.is_some();
            flag_words.cflags[scope_index(scope)].extend(words.unwrap_or_default());
        }
        Field::Libs(scope) => {
            let words = pkg.vars.flag_words(&e.key, &e.value, e.line, sink, budget);
            within &= words.is_some();
            flag_words.libs[scope_index(scope)].extend(words.unwrap_or_default());
        }
    }
    within
}

/// Appends a dependency field's entries to its list, warning as pkgconf
/// does when the field was already given.
fn add_dependencies(
    pkg: &mut Package,
    field: Field,
    list: Vec<Dependency>,
    e: &Entry,
    path: &Utf8Path,
    sink: &mut dyn DiagnosticSink,
) {
    // pkgconf keeps Requires.private and Requires.internal in one list.
    let private_list = matches!(field, Field::Requires(DepKind::Private | DepKind::Internal));
    let already = if private_list {
        !pkg.private_order.is_empty()
    } else {
        !dependency_list(pkg, field).is_empty()
    };
    if already {
        let name = if private_list {
            "Requires.private"
        } else {
            &*e.key
        };
        sink.emit(
            Diagnostic::warning(
                Code::DuplicateField,
                format!("merging duplicate field '{name}' (undefined behavior)"),
            )
            .at(Some(path), e.line),
        );
    }
    let target = dependency_list(pkg, field);
    let start = target.len();
    if target.is_empty() {
        *target = list;
    } else {
        target.extend(list);
    }
    let end = target.len();
    if let Field::Requires(kind @ (DepKind::Private | DepKind::Internal)) = field {
        pkg.private_order.extend((start..end).map(|i| (kind, i)));
    }
}

/// The list a dependency field fills.
fn dependency_list(pkg: &mut Package, field: Field) -> &mut Vec<Dependency> {
    match field {
        Field::Requires(kind) => pkg.deps_mut(kind),
        Field::Conflicts => &mut pkg.conflicts,
        _ => &mut pkg.provides,
    }
}

impl Package {
    /// Parses the bytes of a `.pc` file as if it were found at `path`
    /// (which names it and sets `${pcfiledir}`), under `config`. Findings go
    /// to `sink` in file order; nothing is read from the file system except
    /// to follow `path` through symbolic links.
    pub fn from_bytes(
        bytes: &[u8],
        path: &Utf8Path,
        config: &Config,
        sink: &mut dyn DiagnosticSink,
    ) -> Result<Package, LoadError> {
        let id = path.file_stem().unwrap_or("");
        load_bytes(bytes, path, id, false, config, Origin::File, sink)
    }
}
