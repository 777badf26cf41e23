//! Finds and loads packages on demand, each file at most once.

use crate::config::Config;
use crate::dependency::Dependency;
use crate::diag::{Code, Diagnostic};
use crate::package::{self, LoadError, Package};
use camino::{Utf8Path, Utf8PathBuf};
use std::collections::HashMap;
use std::rc::Rc;

/// Index of a package inside a [`Registry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PkgId(pub(crate) usize);

/// An upper bound on the packages one registry will load, so that a hostile
/// search path cannot make memory grow without limit.
pub const MAX_PACKAGES: usize = 1_000_000;

/// The package universe visible through a [`Config`]'s search path.
#[derive(Debug)]
pub struct Registry {
    config: Config,
    packages: Vec<Rc<Package>>,
    /// Lookup name → loaded package (or `None`: known to be missing).
    by_name: HashMap<String, Option<PkgId>>,
    /// Canonical file path → loaded package.
    by_path: HashMap<Utf8PathBuf, PkgId>,
    /// Every package of the search path, once listed (for `Provides` scans).
    all: Option<Vec<PkgId>>,
    /// Provided name → packages providing it, in listing order (built with `all`).
    providers: Option<HashMap<String, Vec<PkgId>>>,
    /// Diagnostics gathered while loading, in order.
    diagnostics: Vec<Diagnostic>,
}

impl Registry {
    /// An empty registry; packages are loaded on demand from `config`'s
    /// search path.
    pub fn new(config: Config) -> Self {
        Registry {
            config,
            packages: Vec::new(),
            by_name: HashMap::new(),
            by_path: HashMap::new(),
            all: None,
            providers: None,
            diagnostics: Vec::new(),
        }
    }

    /// The configuration the registry was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The loaded package with index `id` (which must come from this registry).
    pub fn get(&self, id: PkgId) -> &Package {
        &self.packages[id.0]
    }

    /// A shared handle on a package, for walking it while loading others.
    pub fn shared(&self, id: PkgId) -> Rc<Package> {
        Rc::clone(&self.packages[id.0])
    }

    /// A package's variable as `--variable` shows it, with the sysroot in
    /// front where pkgconf puts it (see [`crate::sysroot`]).
    pub fn variable(&self, id: PkgId, name: &str) -> Option<String> {
        let value = self.get(id).vars.get(name)?;
        Some(match &self.config.sysroot {
            Some(s) => s.variable(value),
            None => value,
        })
    }

    /// Every package loaded so far, in load order.
    pub fn loaded(&self) -> impl Iterator<Item = PkgId> + '_ {
        (0..self.packages.len()).map(PkgId)
    }

    /// Diagnostics found while loading files so far.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Records why a file that exists could not be loaded. Malformed files
    /// were already described by the parser.
    fn report(&mut self, e: &LoadError) {
        let (path, message) = match e {
            LoadError::Io { path, source } => (path, format!("cannot read file: {source}")),
            LoadError::TooLarge { path } => (
                path,
                format!("file is larger than {} bytes", package::MAX_FILE_SIZE),
            ),
            _ => return,
        };
        let d = Diagnostic::warning(Code::Unreadable, message);
        self.diagnostics.push(Diagnostic {
            path: Some(path.clone()),
            ..d
        });
    }

    fn insert(&mut self, pkg: Package) -> Option<PkgId> {
        if self.packages.len() >= MAX_PACKAGES {
            return None;
        }
        let id = PkgId(self.packages.len());
        if let Some(p) = &pkg.path {
            self.by_path.insert(p.clone(), id);
        }
        self.packages.push(Rc::new(pkg));
        Some(id)
    }

    /// Loads the file at `path` (once), identifying it as `id`.
    fn load_path_as(
        &mut self,
        path: &Utf8Path,
        id: &str,
        uninstalled: bool,
    ) -> Result<PkgId, LoadError> {
        if let Some(&pid) = self.by_path.get(path) {
            return Ok(pid);
        }
        let mut diags = Vec::new();
        let res = package::load_file(path, id, uninstalled, &self.config, &mut diags);
        self.diagnostics.extend(diags);
        let pkg = res?;
        self.insert(pkg).ok_or_else(|| LoadError::Malformed {
            path: path.to_owned(),
        })
    }

    /// Loads a package named by its file path (`dir/foo.pc`).
    pub fn load_path(&mut self, path: &Utf8Path) -> Result<PkgId, LoadError> {
        let stem = path.file_stem().unwrap_or("");
        let (id, uninstalled) = match stem.strip_suffix("-uninstalled") {
            Some(s) => (s.to_owned(), true),
            None => (stem.to_owned(), false),
        };
        self.load_path_as(path, &id, uninstalled)
    }

    /// Finds `name` along the search path: built-ins first, then in each
    /// directory `name-uninstalled.pc` (when allowed) before `name.pc`.
    pub fn find(&mut self, name: &str) -> Option<PkgId> {
        if let Some(hit) = self.by_name.get(name) {
            return *hit;
        }
        let found = self.find_uncached(name);
        self.by_name.insert(name.to_owned(), found);
        found
    }

    fn find_uncached(&mut self, name: &str) -> Option<PkgId> {
        if let Some(pkg) = package::builtin(name, &self.config) {
            return self.insert(pkg);
        }
        if name.is_empty() || name.contains('/') && !name.ends_with(".pc") {
            return None;
        }
        if name.ends_with(".pc") {
            let p = Utf8Path::new(name);
            if p.is_file() {
                return match self.load_path(p) {
                    Ok(id) => {
                        // Its siblings become findable, after the rest of the path.
                        if let Some(dir) = p.parent().filter(|d| !d.as_str().is_empty()) {
                            if !self.config.search_path.iter().any(|d| d == dir) {
                                self.config.search_path.push(dir.to_owned());
                                self.by_name.retain(|_, hit| hit.is_some());
                                self.all = None;
                                self.providers = None;
                            }
                        }
                        Some(id)
                    }
                    Err(e) => {
                        self.report(&e);
                        None
                    }
                };
            }
            return None;
        }
        let dirs = self.config.search_path.clone();
        for dir in &dirs {
            let mut candidates = vec![(dir.join(format!("{name}.pc")), false)];
            if self.config.allow_uninstalled {
                candidates.insert(0, (dir.join(format!("{name}-uninstalled.pc")), true));
            }
            for (p, uninstalled) in candidates {
                match self.load_path_as(&p, name, uninstalled) {
                    Ok(id) => return Some(id),
                    Err(LoadError::Missing { .. }) => {}
                    Err(e) => self.report(&e),
                }
            }
        }
        None
    }

    /// Loads every package on the search path, in pkgconf's listing order
    /// (built-ins, then each directory in path order, entries as the
    /// directory yields them; a name seen earlier shadows later ones).
    pub fn all(&mut self) -> Vec<PkgId> {
        if let Some(all) = &self.all {
            return all.clone();
        }
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for b in ["pkg-config", "pkgconf"] {
            if let Some(id) = self.find(b) {
                seen.insert(b.to_owned());
                out.push(id);
            }
        }
        let dirs = self.config.search_path.clone();
        for dir in &dirs {
            let Ok(rd) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in rd.flatten() {
                let Ok(fname) = entry.file_name().into_string() else {
                    continue;
                };
                let Some(stem) = fname.strip_suffix(".pc") else {
                    continue;
                };
                if stem.is_empty() {
                    continue;
                }
                let path = dir.join(&fname);
                if !path.is_file() {
                    continue;
                }
                // A scan takes every file as it is named: `x-uninstalled.pc`
                // lists as `x-uninstalled`, as in pkgconf.
                if !seen.insert(stem.to_owned()) {
                    continue;
                }
                if let Ok(pid) = self.load_path_as(&path, stem, false) {
                    out.push(pid);
                }
            }
        }
        self.all = Some(out.clone());
        out
    }

    /// Finds a package that provides `dep` (by name and version), scanning the
    /// whole search path once.
    pub fn find_provider(&mut self, dep: &Dependency) -> Option<PkgId> {
        if self.providers.is_none() {
            let all = self.all();
            let mut providers: HashMap<String, Vec<PkgId>> = HashMap::new();
            for id in all {
                for p in &self.get(id).provides {
                    let list = providers.entry(p.name.clone()).or_default();
                    if list.last() != Some(&id) {
                        list.push(id);
                    }
                }
            }
            self.providers = Some(providers);
        }
        let candidates = self.providers.as_ref()?.get(&dep.name)?;
        candidates.iter().copied().find(|&id| {
            self.get(id)
                .provides
                .iter()
                .any(|p| p.name == dep.name && dep.is_satisfied_by_provide(p))
        })
    }
}
