//! A loaded package: the fields of one `.pc` file, with variables expanded.

use crate::config::Config;
use crate::dependency::{self, Dependency};
use crate::diag::{Code, Diagnostic, DiagnosticSink};
use crate::parser::{self, EntryKind};
use crate::vars::{VarContext, Variables};
use camino::{Utf8Path, Utf8PathBuf};

/// The largest `.pc` file we read; pkg-config files are tiny in practice.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Which dependency list an edge comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DepKind {
    /// `Requires`: always followed.
    Public,
    /// `Requires.private`: followed for static linking (and for cflags).
    Private,
    /// `Requires.internal`: like private, but their cflags stay internal.
    Internal,
    /// `Requires.shared`: followed only when not linking statically.
    Shared,
}

/// A loaded `.pc` file (or one of the built-in virtual packages).
#[derive(Debug, Clone)]
pub struct Package {
    /// The name it is found by: the file name without `.pc` (and without
    /// `-uninstalled`).
    pub id: String,
    /// The file it was read from; `None` for built-in packages.
    pub path: Option<Utf8PathBuf>,
    /// `Name:`.
    pub name: Option<String>,
    /// `Description:`.
    pub description: Option<String>,
    /// `Version:`, expanded, with whitespace handled as pkgconf does.
    pub version: Option<String>,
    /// `URL:`.
    pub url: Option<String>,
    /// `License:`, as written (see [`Package::license_expression`]).
    pub license: Option<String>,
    /// `License.file:`.
    pub license_file: Option<String>,
    /// `Source:`.
    pub source: Option<String>,
    /// `Link.ABI:`, the language runtimes to link against.
    pub link_abi: Option<String>,
    /// The package's variables.
    pub vars: Variables,
    /// `Requires:`.
    pub requires: Vec<Dependency>,
    /// `Requires.private:` (static links; always verified).
    pub requires_private: Vec<Dependency>,
    /// `Requires.internal:` (like private, but cflags stay hidden).
    pub requires_internal: Vec<Dependency>,
    /// `Requires.shared:` (shared links only).
    pub requires_shared: Vec<Dependency>,
    /// `Requires.private` and `Requires.internal` entries in file order, as
    /// (list, index) pairs: pkgconf keeps them in one list.
    pub private_order: Vec<(DepKind, usize)>,
    /// `Conflicts:`.
    pub conflicts: Vec<Dependency>,
    /// `Provides:`.
    pub provides: Vec<Dependency>,
    /// `Cflags:`, expanded and split into words (as are the five below).
    pub cflags: Vec<String>,
    /// `Cflags.private:`.
    pub cflags_private: Vec<String>,
    /// `Cflags.shared:`.
    pub cflags_shared: Vec<String>,
    /// `Libs:`.
    pub libs: Vec<String>,
    /// `Libs.private:`.
    pub libs_private: Vec<String>,
    /// `Libs.shared:`.
    pub libs_shared: Vec<String>,
    /// Found as `name-uninstalled.pc`.
    pub uninstalled: bool,
    /// One of the virtual `pkg-config` / `pkgconf` packages.
    pub builtin: bool,
}

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
    #[error("{path}: file is larger than {MAX_FILE_SIZE} bytes")]
    TooLarge {
        /// The `.pc` file.
        path: Utf8PathBuf,
    },
    /// pkgconf would skip the file: it lacks `Name`, `Description` or
    /// `Version`. Also returned when the registry already holds
    /// [`crate::registry::MAX_PACKAGES`] packages.
    #[error("{path}: not a valid .pc file")]
    Malformed {
        /// The `.pc` file.
        path: Utf8PathBuf,
    },
}

impl Package {
    /// A package with no fields set.
    pub fn new(id: &str, path: Option<Utf8PathBuf>, vars: Variables) -> Package {
        Package {
            id: id.to_owned(),
            path,
            name: None,
            description: None,
            version: None,
            url: None,
            license: None,
            license_file: None,
            source: None,
            link_abi: None,
            vars,
            requires: Vec::new(),
            requires_private: Vec::new(),
            requires_internal: Vec::new(),
            requires_shared: Vec::new(),
            private_order: Vec::new(),
            conflicts: Vec::new(),
            provides: Vec::new(),
            cflags: Vec::new(),
            cflags_private: Vec::new(),
            cflags_shared: Vec::new(),
            libs: Vec::new(),
            libs_private: Vec::new(),
            libs_shared: Vec::new(),
            uninstalled: false,
            builtin: false,
        }
    }

    /// The dependency list of one kind.
    pub fn deps(&self, kind: DepKind) -> &[Dependency] {
        match kind {
            DepKind::Public => &self.requires,
            DepKind::Private => &self.requires_private,
            DepKind::Internal => &self.requires_internal,
            DepKind::Shared => &self.requires_shared,
        }
    }

    /// The `License` field as an SPDX-style expression: each word keeps only
    /// the characters SPDX identifiers and operators use, empty words are
    /// dropped, and nothing left means `None` (pkgconf prints `NOASSERTION`).
    pub fn license_expression(&self) -> Option<String> {
        let words: Vec<String> = self
            .license
            .as_deref()?
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || ".+-():".contains(*c))
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }

    /// A dependency field's list by its lower-case name (`provides` for
    /// anything else).
    fn deps_field_mut(&mut self, key: &str) -> &mut Vec<Dependency> {
        match key {
            "requires" => &mut self.requires,
            "requires.private" => &mut self.requires_private,
            "requires.internal" => &mut self.requires_internal,
            "requires.shared" => &mut self.requires_shared,
            "conflicts" => &mut self.conflicts,
            _ => &mut self.provides,
        }
    }

    /// The `i`-th requirement of a walk list: for [`DepKind::Private`] the
    /// combined private/internal list in file order (with each entry's own
    /// kind), for the others the list itself.
    pub fn walk_dep(&self, list: DepKind, i: usize) -> Option<(DepKind, usize, &Dependency)> {
        match list {
            DepKind::Private => {
                let &(kind, j) = self.private_order.get(i)?;
                Some((kind, j, self.deps(kind).get(j)?))
            }
            DepKind::Internal => None,
            other => Some((other, i, self.deps(other).get(i)?)),
        }
    }

    /// `Requires.private` and `Requires.internal` together, in file order.
    pub fn private_deps(&self) -> impl Iterator<Item = &Dependency> {
        (0..self.private_order.len())
            .filter_map(|i| self.walk_dep(DepKind::Private, i).map(|(_, _, d)| d))
    }

    /// The version, or the empty string.
    pub fn version_str(&self) -> &str {
        self.version.as_deref().unwrap_or("")
    }

    /// The directory holding the `.pc` file.
    pub fn pcfiledir(&self) -> Option<&Utf8Path> {
        self.path.as_deref().and_then(Utf8Path::parent)
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

/// Whether `value` starts with `prefix` at a path component boundary.
fn strip_prefix_boundary<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() {
        return None;
    }
    let rest = value.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// How many symbolic links are followed before giving up (a loop).
const MAX_SYMLINK_HOPS: usize = 40;

/// Follows `path` through symbolic links, one link at a time, the way
/// pkgconf finds `pcfiledir`: a relative link target is taken relative to
/// the link's directory, so a relative start stays relative.
pub fn resolve_symlinks(path: &Utf8Path) -> Utf8PathBuf {
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

/// Reads and loads a `.pc` file.
pub fn load_file(
    path: &Utf8Path,
    id: &str,
    uninstalled: bool,
    config: &Config,
    sink: &mut dyn DiagnosticSink,
) -> Result<Package, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    use std::io::Read;
    let missing = || LoadError::Missing {
        path: path.to_owned(),
    };
    // One open and one fstat: lookups probe many names that do not exist.
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing()),
        Err(e) => return Err(io(e)),
    };
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(missing());
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_SIZE)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    load_bytes(&bytes, path, id, uninstalled, config, sink)
}

/// Loads a package from the bytes of a `.pc` file that lives at `path`.
pub fn load_bytes(
    bytes: &[u8],
    path: &Utf8Path,
    id: &str,
    uninstalled: bool,
    config: &Config,
    sink: &mut dyn DiagnosticSink,
) -> Result<Package, LoadError> {
    // Findings are reported in file order, whichever stage found them
    // (findings without a line come last).
    let mut found = Vec::new();
    let result = load_parsed(bytes, path, id, uninstalled, config, &mut found);
    found.sort_by_key(|d| d.line.unwrap_or(u32::MAX));
    for d in found {
        sink.emit(d);
    }
    result
}

fn load_parsed(
    bytes: &[u8],
    path: &Utf8Path,
    id: &str,
    uninstalled: bool,
    config: &Config,
    sink: &mut dyn DiagnosticSink,
) -> Result<Package, LoadError> {
    let parsed = parser::parse(bytes, Some(path), sink);
    if parsed.fatal {
        return Err(LoadError::Malformed {
            path: path.to_owned(),
        });
    }
    let real = resolve_symlinks(path);
    let pcfiledir = real
        .parent()
        .map_or_else(String::new, |p| p.as_str().to_owned());
    let mut entries = parsed.entries;

    // --define-prefix: point the prefix variable (and values that spelled the
    // old prefix out) at the directory the file was found in.
    if config.define_prefix {
        if let Some(new_prefix) = guessed_prefix(&pcfiledir).map(|p| path_to_value(&p)) {
            let mut old: Option<String> = None;
            for e in entries.iter_mut().filter(|e| e.kind == EntryKind::Variable) {
                if e.key == config.prefix_variable {
                    old = Some(e.value.clone());
                    e.value = new_prefix.clone();
                } else if let Some(old) = &old {
                    if let Some(rest) = strip_prefix_boundary(&e.value, old) {
                        e.value = format!("{new_prefix}{rest}");
                    }
                }
            }
        }
    }

    let ctx = VarContext {
        globals: &config.globals,
        builtins: &config.builtins,
        env: &config.env,
        package_id: id,
    };
    let mut vars = Variables::new(&entries, &path_to_value(&pcfiledir), &ctx, sink);
    vars.set_path(Some(path));

    let mut pkg = Package::new(id, Some(path.to_owned()), vars);
    pkg.uninstalled = uninstalled;

    for e in entries.iter().filter(|e| e.kind == EntryKind::Field) {
        let key = e.key.to_ascii_lowercase();
        let vars = &pkg.vars;
        let expanded = |sink: &mut dyn DiagnosticSink| vars.expand_at(&e.value, e.line, sink);
        let words = |sink: &mut dyn DiagnosticSink| vars.flag_words(&e.key, &e.value, e.line, sink);
        match key.as_str() {
            "name" => pkg.name = Some(expanded(sink)),
            "description" => pkg.description = Some(expanded(sink)),
            "version" => {
                let v = expanded(sink);
                pkg.version = Some(parser::trim_version(&v, Some(path), e.line, sink));
            }
            "url" => pkg.url = Some(expanded(sink)),
            "license" => pkg.license = Some(expanded(sink)),
            "license.file" => pkg.license_file = Some(expanded(sink)),
            "source" => pkg.source = Some(expanded(sink)),
            "link.abi" => pkg.link_abi = Some(expanded(sink)),
            "requires" | "requires.private" | "requires.internal" | "requires.shared"
            | "conflicts" | "provides" => {
                let list = dependency::parse_list(&expanded(sink));
                let kind = match key.as_str() {
                    "requires.private" => Some(DepKind::Private),
                    "requires.internal" => Some(DepKind::Internal),
                    _ => None,
                };
                let already = match kind {
                    Some(_) => !pkg.private_order.is_empty(),
                    None => !pkg.deps_field_mut(&key).is_empty(),
                };
                if already {
                    // pkgconf's wording; the private and internal lists are one.
                    let field = if kind.is_some() {
                        "Requires.private"
                    } else {
                        e.key.as_str()
                    };
                    sink.emit(
                        Diagnostic::warning(
                            Code::DuplicateField,
                            format!("merging duplicate field '{field}' (undefined behavior)"),
                        )
                        .at(Some(path), e.line),
                    );
                }
                let target = pkg.deps_field_mut(&key);
                let start = target.len();
                target.extend(list);
                let end = target.len();
                if let Some(kind) = kind {
                    pkg.private_order.extend((start..end).map(|i| (kind, i)));
                }
            }
            "cflags" | "cflags.private" | "cflags.shared" | "libs" | "libs.private"
            | "libs.shared" => {
                let w = words(sink);
                let target = match key.as_str() {
                    "cflags" => &mut pkg.cflags,
                    "cflags.private" => &mut pkg.cflags_private,
                    "cflags.shared" => &mut pkg.cflags_shared,
                    "libs" => &mut pkg.libs,
                    "libs.private" => &mut pkg.libs_private,
                    _ => &mut pkg.libs_shared,
                };
                target.extend(w);
            }
            _ => {}
        }
    }
    if pkg.name.is_none() || pkg.description.is_none() || pkg.version.is_none() {
        return Err(LoadError::Malformed {
            path: path.to_owned(),
        });
    }
    Ok(pkg)
}

/// The pkgconf behaviour level this implementation follows.
pub const PKGCONF_COMPAT_VERSION: &str = "3.0.7";

/// Builds one of the virtual packages `pkg-config` and `pkgconf`.
pub fn builtin(id: &str, config: &Config) -> Option<Package> {
    if id != "pkg-config" && id != "pkgconf" {
        return None;
    }
    let join = |v: &[Utf8PathBuf]| v.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(":");
    let p = &config.personality;
    let pairs = [
        ("pc_system_libdirs", join(&p.system_library_paths)),
        ("pc_system_includedirs", join(&p.system_include_paths)),
        ("pc_path", join(&p.default_search_paths)),
    ];
    let ctx = VarContext {
        globals: &config.globals,
        builtins: &config.builtins,
        env: &config.env,
        package_id: id,
    };
    let vars = Variables::literal(&pairs, &ctx);
    let mut pkg = Package::new(id, None, vars);
    pkg.name = Some(id.to_owned());
    pkg.description = Some("virtual package defining pkgconf API version supported".to_owned());
    pkg.version = Some(PKGCONF_COMPAT_VERSION.to_owned());
    pkg.url = Some("https://github.com/pkgconf/pkgconf".to_owned());
    pkg.builtin = true;
    Some(pkg)
}
