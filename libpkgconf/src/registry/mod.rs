//! The package universe behind a search path: finds `.pc` files, loads
//! each at most once ([`load`], [`parser`], [`vars`]) and shares the result
//! with every query of a context.
//!
//! This is the third stage of the data flow: environment → config →
//! **registry** → solve → flags → render.
//!
//! The registry is `Send + Sync`: its cache sits behind one mutex, held
//! while a file is looked up or loaded (so a file is never read twice) and
//! released while queries walk the packages, which are shared as
//! [`Arc<Package>`].

pub(crate) mod builtin;
mod file_key;
pub(crate) mod fs;
pub(crate) mod load;
mod parallel;
pub(crate) mod parser;
pub(crate) mod prefetch;
mod probe;
pub(crate) mod vars;
pub(crate) mod words;

use crate::config::paths::{file_in, file_named, push_unique};
use crate::config::{Config, LoadFields};
use crate::diag::{Code, Diagnostic};
use crate::hash::{Map as HashMap, Set as HashSet};
use crate::package::Package;
use crate::package::dependency::Dependency;
use camino::{Utf8Path, Utf8PathBuf};
use file_key::FileKey;
use load::LoadError;
pub(crate) use prefetch::Prefetch;
pub(crate) use probe::LIST_EARLY;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

/// A package of one context. An id from another context is never mistaken
/// for one of this context's packages: lookups check where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PkgId {
    registry: u32,
    index: u32,
}

/// An upper bound on the packages one registry will load, so that a hostile
/// search path cannot make memory grow without limit.
pub const MAX_PACKAGES: usize = 1_000_000;

/// Gives every registry its own number, so ids cannot cross registries.
static NEXT_SERIAL: AtomicU32 = AtomicU32::new(1);

/// Finds and loads packages on demand, each file at most once.
#[derive(Debug)]
pub(crate) struct Registry {
    config: Config,
    serial: u32,
    store: Mutex<Store>,
    /// Shared with the registry listings read through
    /// ([`Registry::for_listing`]).
    source: Arc<Source>,
    /// That registry, once a listing has made it.
    listing: OnceLock<Box<Registry>>,
}

/// Where `.pc` files come from.
#[derive(Debug, Default)]
enum Source {
    /// The file system.
    #[default]
    Files,
    /// Files held in memory, by path, in the order they were given (the
    /// order a directory listing yields them).
    Memory(indexmap::IndexMap<Utf8PathBuf, Vec<u8>>),
}

/// The directory that in-memory files appear in.
pub(crate) const MEMORY_DIR: &str = "/memory";

impl Source {
    fn is_file(&self, path: &Utf8Path) -> bool {
        match self {
            Source::Files => path.is_file(),
            Source::Memory(files) => files.contains_key(path),
        }
    }

    /// The entries of a directory (UTF-8 names), in listing order; `None`
    /// when it cannot be listed.
    fn list(&self, dir: &Utf8Path) -> Option<fs::Listing> {
        match self {
            Source::Files => fs::list(dir),
            Source::Memory(files) => Some(fs::Listing {
                entries: files
                    .keys()
                    .filter(|p| p.parent() == Some(dir))
                    .filter_map(|p| p.file_name())
                    .map(|name| fs::Entry {
                        name: name.to_owned(),
                        regular: true,
                    })
                    .collect(),
                handle: None,
            }),
        }
    }

    /// `dir`, open, to open its files by name (files on disk only).
    fn open_dir(&self, dir: &Utf8Path) -> fs::DirOpen {
        match self {
            Source::Files => fs::open_dir(dir),
            Source::Memory(_) => fs::DirOpen::Closed,
        }
    }

    /// Loads the file at `path`; `known` is what a listing told of it.
    fn load(
        &self,
        (path, known): (&Utf8Path, fs::Known<'_>),
        id: &str,
        uninstalled: bool,
        config: &Config,
        sink: &mut Vec<Diagnostic>,
    ) -> Result<Package, LoadError> {
        match self {
            Source::Files => load::load_file(path, known, id, uninstalled, config, sink),
            Source::Memory(files) => match files.get(path) {
                Some(bytes) if bytes.len() as u64 > load::MAX_FILE_SIZE => {
                    Err(LoadError::TooLarge {
                        path: path.to_owned(),
                    })
                }
                Some(bytes) => {
                    let origin = load::Origin::Memory;
                    load::load_bytes(bytes, path, id, uninstalled, config, origin, sink)
                }
                None => Err(LoadError::Missing {
                    path: path.to_owned(),
                }),
            },
        }
    }
}

/// What reading one file gave, with its findings.
type Read = (Result<Package, LoadError>, Vec<Diagnostic>);

/// A file a scan of the search path reads: a `.pc` file of a listing.
#[derive(Debug)]
struct Candidate {
    path: Utf8PathBuf,
    /// Which directory of the search path holds it.
    dir: usize,
    /// The listing gave it as a regular file.
    regular: bool,
}

impl Candidate {
    /// The file name without `.pc`: the package it is.
    fn stem(&self) -> &str {
        let name = self.path.file_name().unwrap_or("");
        name.strip_suffix(".pc").unwrap_or(name)
    }

    /// What the listing told of it, with `dirs` the search path's
    /// directories, open.
    fn known<'d>(&self, dirs: &'d [Option<fs::DirHandle>]) -> fs::Known<'d> {
        fs::Known {
            dir: dirs.get(self.dir).and_then(Option::as_ref),
            regular: self.regular,
        }
    }
}

/// [`Read`] with the package in the `Arc` the store keeps it in. A thread
/// of a parallel scan makes it, so the package is not moved or freed by
/// another thread (a free into another thread's allocator arena waits for
/// that arena's lock while the thread is allocating in it).
type Loaded = (Result<Arc<Package>, LoadError>, Vec<Diagnostic>);

/// [`Read`] as [`Loaded`].
fn shared(read: Read) -> Loaded {
    (read.0.map(Arc::new), read.1)
}

/// One step of a listing: a file read (its record), or a package listed.
#[derive(Debug, Clone, Copy)]
enum Listed {
    Read(u32),
    Package(u32),
}

/// One step of [`Registry::listing`].
#[derive(Debug)]
pub(crate) enum ListItem {
    /// A file was read; what was found in it.
    Findings(Vec<Diagnostic>),
    /// A package is listed.
    Package(Arc<Package>),
}

/// The fewest files each thread of a parallel scan gets.
const MIN_FILES_PER_JOB: usize = 64;

/// An existing file that was read (or refused); its path is its key in
/// [`Store::files`].
#[derive(Debug)]
struct FileRecord {
    /// The package it holds, when it loaded.
    pkg: Option<u32>,
    /// What is said about it, when anything is (most files: nothing).
    notes: Option<Box<FileNotes>>,
}

/// The findings about a file and why it was not used.
#[derive(Debug)]
struct FileNotes {
    /// What the diagnostics say about it, in file order.
    diagnostics: Vec<Diagnostic>,
    /// Why it was not used, when it was not.
    refusal: Option<String>,
}

impl FileRecord {
    fn diagnostics(&self) -> &[Diagnostic] {
        self.notes.as_ref().map_or(&[], |n| &n.diagnostics)
    }

    fn refusal(&self) -> Option<&String> {
        self.notes.as_ref()?.refusal.as_ref()
    }
}

/// `pkg` with its variables holding `path` (the same path) instead of
/// their own copy: one copy per file, shared with the file's record.
fn with_path(mut pkg: Arc<Package>, path: &Arc<Utf8Path>) -> Arc<Package> {
    // The package is not shared yet: no copy is made.
    Arc::make_mut(&mut pkg).vars.share_path(Arc::clone(path));
    pkg
}

/// The answer to a name lookup: the package found, and the files it read
/// as a stretch of [`Store::named_files`] (one allocation for every name of
/// a graph, not one each).
#[derive(Debug, Clone, Copy)]
struct Named {
    found: Option<u32>,
    start: usize,
    len: usize,
}

#[derive(Debug, Default)]
struct Store {
    packages: Vec<Arc<Package>>,
    /// Every file read, by path; its number is its place here.
    files: crate::hash::IndexMap<FileKey, FileRecord>,
    /// Names kept inline up to 24 bytes: one entry per package of a graph.
    by_name: HashMap<compact_str::CompactString, Named>,
    /// The files of every name lookup, one stretch each.
    named_files: Vec<u32>,
    /// Every file of the search path that was read, in listing order, once
    /// listed.
    all: Option<Vec<u32>>,
    /// Every package of the search path, once each, in listing order.
    all_packages: Vec<u32>,
    /// What `--list-all` lists, step by step (see [`Registry::listing`]).
    listing: Vec<Listed>,
    /// Provided name → packages providing it, in listing order.
    providers: Option<HashMap<String, Vec<u32>>>,
    /// What preloading gave, once done (see [`Registry::preloaded`]).
    preloaded: Option<Preloaded>,
    /// Once the search path is scanned: each name's package as the scan
    /// loaded it (the first file of that name in listing order) and its
    /// file, in listing order; a query that scanned finds names there
    /// first (see [`Registry::find`]).
    scanned: Vec<(u32, Option<u32>)>,
    /// [`Store::scanned`] by name, made on first use (a listing alone
    /// never needs it).
    scanned_names: Option<HashMap<compact_str::CompactString, (u32, Option<u32>)>>,
}

/// The packages of [`Config::preloaded_files`] that loaded, in order, and
/// every file preloading read (the last one may have been refused).
#[derive(Debug, Default)]
struct Preloaded {
    packages: Vec<u32>,
    files: Vec<u32>,
}

/// The files one query has read or used from the cache, in first-use
/// order: what a build system tracks for rebuilds.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    files: Vec<u32>,
    seen: HashSet<u32>,
    /// Directories of packages this query named by path: as in pkgconf,
    /// their siblings become findable after the search path, for this
    /// query only (a shared context's search path never changes).
    extra_dirs: Vec<Utf8PathBuf>,
    /// Which names the searched directories hold, learned by this query.
    probes: probe::Probes,
    /// The buffer the query's lookups write candidate paths into.
    path: String,
    /// Files a helper thread, or the workers of a read-ahead of the search
    /// path, read ahead of this query's solve, once the solve has started
    /// one ([`prefetch`]).
    ahead: Option<Arc<Prefetch>>,
    /// What pkgconf's cache would answer for a name this query looks up
    /// from now on (a solve looks each name up once): the package a path
    /// named, under its name.
    aliases: HashMap<compact_str::CompactString, u32>,
    /// This query has scanned the whole search path (a lookup through
    /// `Provides`): a name looked up from now on finds what the scan
    /// loaded under it, as in pkgconf.
    scanned: bool,
}

/// The directories a lookup tries, in order, each with whether it tries
/// the `-uninstalled` file there: `name-uninstalled.pc` (when allowed),
/// then `name.pc`, in each of `dirs` in turn. The solve's lookups and the
/// read-ahead both follow it.
fn candidates(
    dirs: &[Utf8PathBuf],
    allow_uninstalled: bool,
) -> impl Iterator<Item = (&Utf8Path, bool)> {
    dirs.iter().flat_map(move |dir| {
        [true, false]
            .into_iter()
            .filter(move |&uninstalled| allow_uninstalled || !uninstalled)
            .map(move |uninstalled| (dir.as_path(), uninstalled))
    })
}

/// The file a lookup of `name` tries in `dir` (see [`candidates`]).
fn candidate(dir: &Utf8Path, name: &str, uninstalled: bool) -> Utf8PathBuf {
    file_named(dir, &[name, candidate_suffix(uninstalled)])
}

/// What a lookup's file name adds to the package's name.
fn candidate_suffix(uninstalled: bool) -> &'static str {
    if uninstalled {
        "-uninstalled.pc"
    } else {
        ".pc"
    }
}

/// What one query's lookups carry from file to file: what it learned of
/// the directories, and its read-ahead, if one runs.
struct Search<'q> {
    probes: &'q mut probe::Probes,
    ahead: Option<&'q Prefetch>,
    /// Where each candidate file's path is written ([`candidate_in`]).
    path: &'q mut String,
}

/// [`candidate`], written into `buf` (emptied first): a lookup tries two
/// names in each directory of the search path (six of them by default),
/// and most are not there.
fn candidate_in<'b>(
    buf: &'b mut String,
    dir: &Utf8Path,
    name: &str,
    uninstalled: bool,
) -> &'b Utf8Path {
    buf.clear();
    for part in [dir.as_str(), "/", name, candidate_suffix(uninstalled)] {
        buf.push_str(part);
    }
    Utf8Path::new(buf.as_str())
}

impl Touched {
    /// Lets this query's lookups take what `ahead`'s helper reads (`None`:
    /// read every file on this thread again).
    pub(crate) fn read_ahead(&mut self, ahead: Option<Arc<Prefetch>>) {
        self.ahead = ahead;
    }

    /// Forgets the names of the files listed by this query's lookups
    /// (only a read-ahead of the search path uses them).
    pub(crate) fn forget_listed_names(&mut self) {
        self.probes.forget_entries();
    }

    /// How many files the query has used so far.
    pub(crate) fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Room for `n` more files.
    fn reserve(&mut self, n: usize) {
        self.seen.reserve(n);
        self.files.reserve(n);
    }

    fn add(&mut self, files: &[u32]) {
        // A scan adds thousands at once.
        self.seen.reserve(files.len());
        for &f in files {
            if self.seen.insert(f) {
                self.files.push(f);
            }
        }
    }
}

impl Registry {
    /// An empty registry; packages are loaded on demand from `config`'s
    /// search path.
    pub(crate) fn new(config: Config) -> Self {
        Registry {
            config,
            serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed),
            store: Mutex::new(Store::default()),
            source: Arc::new(Source::Files),
            listing: OnceLock::new(),
        }
    }

    /// A registry over `(file name, contents)` pairs held in memory, which
    /// appear in [`MEMORY_DIR`], the only directory searched.
    pub(crate) fn in_memory(mut config: Config, files: Vec<(String, Vec<u8>)>) -> Self {
        config.search_path = vec![Utf8PathBuf::from(MEMORY_DIR)];
        let files = files
            .into_iter()
            .map(|(name, bytes)| (file_in(Utf8Path::new(MEMORY_DIR), &name), bytes))
            .collect();
        Registry {
            source: Arc::new(Source::Memory(files)),
            ..Registry::new(config)
        }
    }

    /// The registry a `--list-all` or `--list-package-names` that does
    /// not show the files' findings reads through: it reads only what the
    /// listing prints and what decides whether a file is used
    /// ([`LoadFields::Listed`]), and keeps its packages apart from the
    /// queries' (made once, then kept as this registry keeps its own
    /// packages). None when this registry has scanned the search path
    /// already, or reads in strict mode (where a finding in any field
    /// refuses a file).
    pub(crate) fn for_listing(&self) -> Option<&Registry> {
        if self.config.strict || (self.listing.get().is_none() && self.lock().all.is_some()) {
            return None;
        }
        let made = self.listing.get_or_init(|| {
            let mut config = self.config.clone();
            config.load_fields = LoadFields::Listed;
            Box::new(Registry {
                source: Arc::clone(&self.source),
                ..Registry::new(config)
            })
        });
        Some(made)
    }

    /// The configuration the registry was built with.
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock leaves the cache consistent (every
        // insertion is a single push), so a poisoned lock is still usable.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn id(&self, index: u32) -> PkgId {
        PkgId {
            registry: self.serial,
            index,
        }
    }

    fn handle(&self, store: &Store, index: u32) -> Option<(PkgId, Arc<Package>)> {
        let pkg = store.packages.get(index as usize)?;
        Some((self.id(index), Arc::clone(pkg)))
    }

    /// The package `id` names, if it is one of this registry's.
    pub(crate) fn get(&self, id: PkgId) -> Option<Arc<Package>> {
        if id.registry != self.serial {
            return None;
        }
        self.lock().packages.get(id.index as usize).cloned()
    }

    /// The search path.
    pub(crate) fn search_path(&self) -> Vec<Utf8PathBuf> {
        self.config.search_path.clone()
    }

    /// The paths of the files `touched` names.
    pub(crate) fn files(&self, touched: &Touched) -> Vec<Utf8PathBuf> {
        let store = self.lock();
        // A file read as two packages (`foo-uninstalled.pc` as `foo` and as
        // `foo-uninstalled`) has two records: its path is listed once.
        let mut listed = HashSet::default();
        listed.reserve(touched.files.len());
        let mut paths = Vec::with_capacity(touched.files.len());
        paths.extend(
            (touched.files.iter())
                .filter_map(|&f| store.files.get_index(f as usize))
                .filter(|(p, _)| listed.insert(p.0.as_str()))
                .map(|(p, _)| p.0.to_path_buf()),
        );
        paths
    }

    /// The files found for `name` but not used, with the reason for each.
    pub(crate) fn refusals(&self, name: &str) -> Vec<(Utf8PathBuf, String)> {
        let store = self.lock();
        let Some(&lookup) = store.by_name.get(name) else {
            return Vec::new();
        };
        store
            .files_of(lookup)
            .iter()
            .filter_map(|&f| store.files.get_index(f as usize))
            .filter_map(|(p, r)| Some((p.0.to_path_buf(), r.refusal()?.clone())))
            .collect()
    }

    /// The diagnostics of the files `touched` names, file by file (each
    /// file's once, however many packages it was read as), with each of
    /// `among` placed after the findings of the first `n` files (`n` its
    /// number).
    pub(crate) fn diagnostics_among(
        &self,
        touched: &Touched,
        among: Vec<(usize, Diagnostic)>,
    ) -> Vec<Diagnostic> {
        let mut among = among.into_iter().peekable();
        let mut out = Vec::new();
        for (n, found) in self.findings_of(touched, true).into_iter().enumerate() {
            while let Some((_, d)) = among.next_if(|(at, _)| *at <= n) {
                out.push(d);
            }
            out.extend(found);
        }
        out.extend(among.map(|(_, d)| d));
        out
    }

    /// The findings of each file `touched` names, file by file, as
    /// `--validate` prints them: a file read as two packages
    /// (`foo-uninstalled.pc` as `foo` and as `foo-uninstalled`) gives them
    /// twice, as in pkgconf.
    pub(crate) fn findings(&self, touched: &Touched) -> Vec<Vec<Diagnostic>> {
        self.findings_of(touched, false)
    }

    /// The findings of each file `touched` names, file by file; with
    /// `once`, a file read as two packages gives them at its first record
    /// only (none at the second), as [`Registry::files`] lists it once.
    fn findings_of(&self, touched: &Touched, once: bool) -> Vec<Vec<Diagnostic>> {
        let store = self.lock();
        let mut seen = HashSet::default();
        touched
            .files
            .iter()
            .map(|&f| match store.files.get_index(f as usize) {
                // Only a file with findings need be remembered.
                Some((p, r))
                    if !r.diagnostics().is_empty() && (!once || seen.insert(p.0.as_str())) =>
                {
                    r.diagnostics().to_vec()
                }
                _ => Vec::new(),
            })
            .collect()
    }

    /// The names of `names` that no lookup of this registry has made yet.
    pub(crate) fn not_looked_up<'n>(&self, names: impl Iterator<Item = &'n str>) -> Vec<&'n str> {
        let store = self.lock();
        names.filter(|n| !store.by_name.contains_key(*n)).collect()
    }

    /// Finds `name` along the search path: built-ins first, then in each
    /// directory `name-uninstalled.pc` (when allowed) before `name.pc`. A
    /// name ending in `.pc` is a file path. Within one query (`touched`),
    /// as pkgconf's cache does in its one query: the package a path named is
    /// then what its name finds, and once the query has scanned the search
    /// path (a lookup through `Provides`), a name finds what the scan
    /// loaded under it (the installed `foo.pc`, not `foo-uninstalled.pc`;
    /// not a preloaded `foo` either). Another query starts afresh.
    pub(crate) fn find(&self, name: &str, touched: &mut Touched) -> Option<(PkgId, Arc<Package>)> {
        let mut store = self.lock();
        if let Some(found) = Self::cached_for_query(&mut store, name, touched) {
            return self.handle(&store, found);
        }
        if !store.by_name.contains_key(name) {
            let mut files = Vec::new();
            let mut search = Search {
                probes: &mut touched.probes,
                ahead: touched.ahead.as_deref(),
                path: &mut touched.path,
            };
            let found = self.find_uncached(&mut store, name, &mut files, &mut search);
            let start = store.named_files.len();
            store.named_files.extend_from_slice(&files);
            let len = files.len();
            store
                .by_name
                .insert(name.into(), Named { found, start, len });
        }
        let lookup = *store.by_name.get(name)?;
        touched.add(store.files_of(lookup));
        let found = match lookup.found {
            Some(found) => found,
            None => self.find_in_extra_dirs(&mut store, name, touched)?,
        };
        if name.ends_with(".pc") {
            self.note_named_dir(Utf8Path::new(name), touched);
            // As in pkgconf, a package named by its path is then what its
            // name finds, for the rest of the query: `dir/foo.pc foo` is
            // one package.
            // (A name this query's scan holds keeps the scan's package.)
            if let Some(pkg) = store.packages.get(found as usize) {
                let id = compact_str::CompactString::from(pkg.id.as_str());
                let held = touched.scanned && Self::scanned_name(&mut store, &id).is_some();
                if !held {
                    touched.aliases.entry(id).or_insert(found);
                }
            }
        }
        self.handle(&store, found)
    }

    /// What pkgconf's cache answers for `name` in this query, when it
    /// differs from a search: the package a path named under that name, or
    /// once this query scanned the search path, what the scan loaded under
    /// it.
    fn cached_for_query(store: &mut Store, name: &str, touched: &mut Touched) -> Option<u32> {
        if let Some(&found) = touched.aliases.get(name) {
            return Some(found);
        }
        if !touched.scanned {
            return None;
        }
        let (found, file) = Self::scanned_name(store, name)?;
        touched.add(file.as_slice());
        Some(found)
    }

    /// The package the scan loaded under `name`, and its file.
    fn scanned_name(store: &mut Store, name: &str) -> Option<(u32, Option<u32>)> {
        if store.scanned_names.is_none() {
            let by_name = store
                .scanned
                .iter()
                .filter_map(|&(pkg, file)| {
                    let id = store.packages.get(pkg as usize)?.id.as_str();
                    Some((compact_str::CompactString::from(id), (pkg, file)))
                })
                .collect();
            store.scanned_names = Some(by_name);
        }
        store.scanned_names.as_ref()?.get(name).copied()
    }

    /// A package named by path makes its directory searched, after the
    /// search path, for the rest of the query.
    fn note_named_dir(&self, path: &Utf8Path, touched: &mut Touched) {
        if let Some(dir) = path.parent().filter(|d| !d.as_str().is_empty()) {
            if !self.config.search_path.iter().any(|d| d == dir) {
                push_unique(&mut touched.extra_dirs, dir);
            }
        }
    }

    /// Looks `name` up in the directories of packages this query named by
    /// path (files are still read once per registry).
    fn find_in_extra_dirs(
        &self,
        store: &mut Store,
        name: &str,
        touched: &mut Touched,
    ) -> Option<u32> {
        if touched.extra_dirs.is_empty()
            || name.is_empty()
            || name.contains('/')
            || name.ends_with(".pc")
        {
            return None;
        }
        let mut files = Vec::new();
        let dirs = touched.extra_dirs.clone();
        let mut search = Search {
            probes: &mut touched.probes,
            ahead: None,
            path: &mut touched.path,
        };
        let found = self.search_dirs(store, name, &dirs, &mut files, &mut search);
        touched.add(&files);
        found
    }

    /// `name-uninstalled.pc` (when allowed), then `name.pc`, in each of
    /// `dirs` in turn.
    fn search_dirs(
        &self,
        store: &mut Store,
        name: &str,
        dirs: &[Utf8PathBuf],
        files: &mut Vec<u32>,
        search: &mut Search<'_>,
    ) -> Option<u32> {
        candidates(dirs, self.config.allow_uninstalled)
            .find_map(|(dir, uninstalled)| self.probe(store, dir, name, uninstalled, files, search))
    }

    /// Loads `dir/name.pc` (or `dir/name-uninstalled.pc`), unless this
    /// query knows that `dir` holds no such file; notes a missing file in
    /// `probes`.
    fn probe(
        &self,
        store: &mut Store,
        dir: &Utf8Path,
        name: &str,
        uninstalled: bool,
        files: &mut Vec<u32>,
        search: &mut Search<'_>,
    ) -> Option<u32> {
        let path = candidate_in(search.path, dir, name, uninstalled);
        if store
            .files
            .contains_key(&file_key::Lookup(path, uninstalled))
        {
            // Read before, by this query or an earlier one.
            return self.load(store, path, name, uninstalled, files).ok();
        }
        let file_name = path.as_str().get(dir.as_str().len() + 1..).unwrap_or("");
        let known = search
            .probes
            .known(dir, file_name, || self.source.open_dir(dir))?;
        // Read by the helper, or by this thread now.
        let read = search.ahead.and_then(|a| a.take(path, name, uninstalled));
        let (loaded, diagnostics) =
            read.unwrap_or_else(|| shared(self.read(path, known, name, uninstalled)));
        let records = store.files.len();
        let found = self
            .record(store, (path, uninstalled), loaded, diagnostics, files)
            .ok();
        // Only a missing file leaves no record.
        if store.files.len() == records {
            search.probes.missed(dir, || self.source.list(dir));
        }
        found
    }

    fn find_uncached(
        &self,
        store: &mut Store,
        name: &str,
        files: &mut Vec<u32>,
        search: &mut Search<'_>,
    ) -> Option<u32> {
        if let Some(pkg) = builtin::builtin(name, &self.config) {
            return store.insert(pkg, usize::MAX);
        }
        if name.is_empty() || name.contains('/') && !name.ends_with(".pc") {
            return None;
        }
        if name.ends_with(".pc") {
            return self.load_named_path(store, Utf8Path::new(name), files);
        }
        if let Some(found) = self.find_preloaded(store, name) {
            return Some(found);
        }
        self.search_dirs(store, name, &self.config.search_path, files, search)
    }

    /// The first preloaded package that loaded as `name`.
    fn find_preloaded(&self, store: &mut Store, name: &str) -> Option<u32> {
        if self.config.preloaded_files.is_empty() {
            return None;
        }
        self.preloaded(store);
        let packages = &store.packages;
        let preloaded = store.preloaded.as_ref()?;
        preloaded
            .packages
            .iter()
            .copied()
            .find(|&i| packages.get(i as usize).is_some_and(|pkg| pkg.id == name))
    }

    /// Loads [`Config::preloaded_files`] (once per registry), as pkgconf does
    /// when its client starts: each file in turn, as the package its file
    /// name makes (`dir/foo.pc` is `foo`; `foo-uninstalled.pc` is
    /// `foo-uninstalled`), until one is missing or refused.
    ///
    /// pkgconf 3.0.7 also forgets, when a file is refused, every package it
    /// preloaded and its built-ins (`pkg-config` is then not found): here
    /// the packages preloaded before it stay (docs/differences.md).
    fn preloaded<'s>(&self, store: &'s mut Store) -> &'s Preloaded {
        if store.preloaded.is_none() {
            let mut done = Preloaded::default();
            for path in &self.config.preloaded_files {
                // Named as a path names it (`dir/foo.pc` is `foo`).
                let id = path.file_stem().unwrap_or("");
                match self.load(store, path, id, false, &mut done.files) {
                    Ok(pkg) => done.packages.push(pkg),
                    Err(()) => break,
                }
            }
            store.preloaded = Some(done);
        }
        store.preloaded.get_or_insert_default()
    }

    /// Preloads (see [`Registry::preloaded`]) and adds the files read to
    /// `touched`: every query reads them first.
    pub(crate) fn preload(&self, touched: &mut Touched) {
        if self.config.preloaded_files.is_empty() {
            return;
        }
        let mut store = self.lock();
        touched.add(&self.preloaded(&mut store).files);
    }

    /// A package named by its file path (`dir/foo.pc`). As in pkgconf, it
    /// is the package its file name names, installed: `dir/foo-uninstalled.pc`
    /// is package `foo-uninstalled`, whose flags take the sysroot (a lookup
    /// of `foo` that finds the same file makes it the uninstalled `foo`).
    fn load_named_path(
        &self,
        store: &mut Store,
        path: &Utf8Path,
        files: &mut Vec<u32>,
    ) -> Option<u32> {
        if !self.source.is_file(path) {
            return None;
        }
        let id = path.file_stem().unwrap_or("");
        self.load(store, path, id, false, files).ok()
    }

    /// Loads the file at `path` (once), identifying it as `id`. Files that
    /// exist are recorded in `files`, loaded or not.
    fn load(
        &self,
        store: &mut Store,
        path: &Utf8Path,
        id: &str,
        uninstalled: bool,
        files: &mut Vec<u32>,
    ) -> Result<u32, ()> {
        if let Some((file, _, record)) = store.files.get_full(&file_key::Lookup(path, uninstalled))
        {
            files.push(u32::try_from(file).map_err(|_| ())?);
            return record.pkg.ok_or(());
        }
        let (loaded, diagnostics) = shared(self.read(path, fs::Known::default(), id, uninstalled));
        self.record(store, (path, uninstalled), loaded, diagnostics, files)
    }

    /// Reads and parses `path` as package `id`, with the file's findings;
    /// `known` is what a listing of its directory told of it.
    pub(crate) fn read(
        &self,
        path: &Utf8Path,
        known: fs::Known<'_>,
        id: &str,
        uninstalled: bool,
    ) -> Read {
        let mut diagnostics = Vec::new();
        let loaded = self.source.load(
            (path, known),
            id,
            uninstalled,
            &self.config,
            &mut diagnostics,
        );
        (loaded, diagnostics)
    }

    /// Keeps what loading `path` (as an uninstalled package or not) gave:
    /// the package (unless refused) and the file's record. A missing file
    /// leaves no record.
    fn record(
        &self,
        store: &mut Store,
        (path, uninstalled): (&Utf8Path, bool),
        loaded: Result<Arc<Package>, LoadError>,
        mut diagnostics: Vec<Diagnostic>,
        files: &mut Vec<u32>,
    ) -> Result<u32, ()> {
        let key: Arc<Utf8Path> = Arc::from(path);
        let (pkg, refusal) = match loaded {
            Err(LoadError::Missing { .. }) => return Err(()),
            Err(e) => {
                diagnostics.extend(unreadable(&e));
                (None, e.refusal())
            }
            Ok(pkg) => match store.insert_shared(with_path(pkg, &key), self.config.max_packages) {
                Some(index) => (Some(index), None),
                None => {
                    let limit = self.config.max_packages;
                    let reason = format!("{limit} packages are loaded already (the limit)");
                    let d = Diagnostic::error(Code::Unreadable, reason.clone());
                    diagnostics.push(Diagnostic {
                        path: Some(path.to_owned()),
                        ..d
                    });
                    (None, Some(reason))
                }
            },
        };
        let notes = (!diagnostics.is_empty() || refusal.is_some()).then(|| {
            Box::new(FileNotes {
                diagnostics,
                refusal,
            })
        });
        let record = FileRecord { pkg, notes };
        // A file read again (a search path that names a directory twice)
        // takes its first record's place.
        let (file, _) = store.files.insert_full(FileKey(key, uninstalled), record);
        files.push(u32::try_from(file).map_err(|_| ())?);
        pkg.ok_or(())
    }

    /// Every package on the search path, once each, in pkgconf's listing
    /// order: built-ins, then the preloaded packages
    /// ([`Config::preloaded_files`]), then each directory in path order, its files as
    /// the directory yields them. A file whose name a file listed before
    /// it already loaded is not read (see [`Registry::listing`]).
    pub(crate) fn all(&self, touched: &mut Touched) -> Vec<(PkgId, Arc<Package>)> {
        let store = self.scanned(touched);
        store
            .all_packages
            .iter()
            .filter_map(|&i| self.handle(&store, i))
            .collect()
    }

    /// What `--list-all` lists, in the same order as [`Registry::all`]: as
    /// in pkgconf, each file of the search path whose name is loaded
    /// lists the package loaded under that name, so a name found again in
    /// a later directory is listed again, as the first one. Each file the
    /// scan read comes first with its findings (`--validate` shows them).
    pub(crate) fn listing(&self, touched: &mut Touched) -> Vec<ListItem> {
        let store = self.scanned(touched);
        let mut items = Vec::with_capacity(store.listing.len());
        items.extend(store.listing.iter().filter_map(|step| {
            match *step {
                Listed::Package(i) => self.handle(&store, i).map(|(_, p)| ListItem::Package(p)),
                Listed::Read(f) => store
                    .files
                    .get_index(f as usize)
                    .map(|(_, r)| ListItem::Findings(r.diagnostics().to_vec())),
            }
        }));
        items
    }

    /// The store once the search path is scanned, with every file the scan
    /// read added to `touched`.
    fn scanned(&self, touched: &mut Touched) -> MutexGuard<'_, Store> {
        let mut store = self.lock();
        self.list_all(&mut store);
        if let Some(all) = &store.all {
            touched.add(all);
        }
        store
    }

    /// What a listing starts with, before the search path: the packages
    /// (built-ins, then preloaded ones), the listing's steps (pkgconf reads
    /// the preloaded files before it lists anything), the files read, and
    /// the preloaded packages.
    fn list_first(&self, store: &mut Store) -> (Vec<u32>, Vec<Listed>, Vec<u32>, Vec<u32>) {
        let mut out = Vec::new();
        for b in builtin::NAMES {
            if let Some(pkg) = builtin::builtin(b, &self.config) {
                out.extend(store.insert(pkg, usize::MAX));
            }
        }
        let preloaded = self.preloaded(store);
        let (files, packages) = (preloaded.files.clone(), preloaded.packages.clone());
        out.extend_from_slice(&packages);
        let mut listing: Vec<Listed> = files.iter().map(|&f| Listed::Read(f)).collect();
        listing.extend(out.iter().map(|&p| Listed::Package(p)));
        (out, listing, files, packages)
    }

    /// Every `.pc` file of the search path, in listing order, and each
    /// directory, open (by search path index).
    fn scan_candidates(&self) -> (Vec<Candidate>, Vec<Option<fs::DirHandle>>) {
        let mut candidates = Vec::new();
        let mut dirs = Vec::new();
        for (d, dir) in self.config.search_path.iter().enumerate() {
            let listing = self.source.list(dir).unwrap_or_default();
            for e in listing.entries {
                if e.name.strip_suffix(".pc").is_none_or(str::is_empty) {
                    continue;
                }
                candidates.push(Candidate {
                    path: file_in(dir, &e.name),
                    dir: d,
                    regular: e.regular,
                });
            }
            dirs.push(listing.handle);
        }
        (candidates, dirs)
    }

    fn list_all(&self, store: &mut Store) {
        if store.all.is_some() {
            return;
        }
        let (mut out, mut listing, mut files, pre_packages) = self.list_first(store);
        // The package each name loaded as, by this scan (a built-in is not
        // one: a file `pkg-config.pc` is listed too, as pkgconf does).
        let mut loaded_as: HashMap<&str, u32> = HashMap::default();
        let mut scanned = Vec::new();
        let (candidates, dirs) = self.scan_candidates();

        // Each file is recorded in listing order, as it is loaded on this
        // thread or as the other threads have loaded it (see `load_ahead`).
        let mut take = |store: &mut Store, i: usize, loaded| {
            let Some(c) = candidates.get(i) else {
                return;
            };
            let (path, stem) = (&c.path, c.stem());
            // A scan takes every file as it is named: `x-uninstalled.pc`
            // lists as `x-uninstalled`, as in pkgconf. A name an earlier
            // file loaded as lists that package again, and this file is
            // not used; one that did not load (refused, or not a file)
            // leaves the name to later files.
            if let Some(&found) = loaded_as.get(stem) {
                listing.push(Listed::Package(found));
                return;
            }
            let read_before = files.len();
            let held = store.files.contains_key(&file_key::Lookup(path, false));
            let result = match loaded {
                Some((Err(LoadError::Missing { .. }), _)) => return,
                Some((result, diagnostics)) if !held => {
                    self.record(store, (path, false), result, diagnostics, &mut files)
                }
                // Read before (by an earlier query, or earlier in this
                // listing when a directory is named twice): its record.
                _ if self.source.is_file(path) => self.load(store, path, stem, false, &mut files),
                _ => return,
            };
            let file = files.get(read_before).copied();
            if let Some(file) = file {
                listing.push(Listed::Read(file));
            }
            if let Ok(found) = result {
                loaded_as.insert(stem, found);
                scanned.push((found, file));
                // A preloaded file in a searched directory is listed again
                // (pkgconf reads it again), but is one package.
                if !pre_packages.contains(&found) {
                    out.push(found);
                }
                listing.push(Listed::Package(found));
            }
        };
        if !self.load_ahead(store, (&candidates, &dirs), &mut take) {
            for (i, c) in candidates.iter().enumerate() {
                let loaded = self.load_fresh(store, c, c.known(&dirs));
                take(store, i, loaded.map(shared));
            }
        }
        store.all_packages = out;
        store.listing = listing;
        store.all = Some(files);
        store.scanned = scanned;
    }

    /// Loads `path` as [`Source::load`] does, unless the store holds it.
    fn load_fresh(&self, store: &Store, c: &Candidate, known: fs::Known<'_>) -> Option<Read> {
        if store.files.contains_key(&file_key::Lookup(&c.path, false)) {
            return None;
        }
        Some(self.read(&c.path, known, c.stem(), false))
    }

    /// With [`Config::jobs`] above 1 and enough files, reads and parses
    /// the candidates on that many threads and gives `take` each one's
    /// [`Registry::load_fresh`] in listing order; false (nothing taken)
    /// when one thread is enough.
    ///
    /// Loading depends on nothing but the file and the configuration, so
    /// the threads share nothing but a counter: each takes the next block
    /// of candidates, loads it into the block's slots, and takes another.
    /// This thread loads blocks too, and between two of them hands `take`
    /// every slot filled so far in order, so recording the packages (which
    /// only this thread may do) overlaps the others' loading.
    fn load_ahead(
        &self,
        store: &mut Store,
        (candidates, dirs): (&[Candidate], &[Option<fs::DirHandle>]),
        take: &mut dyn FnMut(&mut Store, usize, Option<Loaded>),
    ) -> bool {
        // Threads pay off only for a scan of some size.
        let jobs = self.config.jobs().min(candidates.len() / MIN_FILES_PER_JOB);
        if jobs <= 1 {
            return false;
        }
        let held: Vec<bool> = candidates
            .iter()
            .map(|c| store.files.contains_key(&file_key::Lookup(&c.path, false)))
            .collect();
        // A slot holds `Some` once loaded: `None` inside for a file the
        // store holds.
        let slots: Vec<Mutex<Option<Option<Loaded>>>> =
            candidates.iter().map(|_| Mutex::new(None)).collect();
        let fill = |i: usize, loaded| {
            *slots[i].lock().unwrap_or_else(PoisonError::into_inner) = Some(loaded);
        };
        let empty = |i: usize| {
            slots
                .get(i)
                .and_then(|s| s.lock().unwrap_or_else(PoisonError::into_inner).take())
        };
        let next = AtomicUsize::new(0);
        // Loads the next block; false when none is left.
        let load_block = || {
            let start = next.fetch_add(parallel::BLOCK, Ordering::Relaxed);
            let end = candidates.len().min(start.saturating_add(parallel::BLOCK));
            let block = candidates.get(start..end).unwrap_or_default();
            for (i, c) in (start..).zip(block) {
                fill(
                    i,
                    (!held[i]).then(|| shared(self.read(&c.path, c.known(dirs), c.stem(), false))),
                );
            }
            start < candidates.len()
        };
        std::thread::scope(|scope| {
            // A thread that cannot be started takes no block: the others,
            // this one at least, take them all.
            let workers: Vec<_> = (1..jobs)
                .filter_map(|_| {
                    crate::thread::spawn_scoped(scope, "pkgconf-scan", || {
                        parallel::worker_start(candidates.len() / jobs);
                        while load_block() {}
                    })
                    .ok()
                })
                .collect();
            let mut done = 0;
            while load_block() {
                while let Some(loaded) = empty(done) {
                    take(store, done, loaded);
                    done += 1;
                }
            }
            for w in workers {
                if let Err(e) = w.join() {
                    std::panic::resume_unwind(e);
                }
            }
            for i in done..candidates.len() {
                take(store, i, empty(i).flatten());
            }
        });
        true
    }

    /// The first file a lookup of each name would read among the files of
    /// the search path, once this query has listed every directory of it
    /// (see [`probe`]); `None` before. Each is the directory's index, the
    /// entry's, the name and whether the file is `name-uninstalled.pc`.
    fn first_files<'t>(
        &self,
        touched: &'t Touched,
    ) -> Option<(Vec<&'t probe::Listed>, Vec<FirstFile<'t>>)> {
        let listed = touched.probes.listed(&self.config.search_path)?;
        // A lookup tries `name-uninstalled.pc`, then `name.pc`, in each
        // directory in turn: the first one it finds is read.
        let mut first: HashMap<&str, FirstFile<'t>> = HashMap::default();
        first.reserve(listed.iter().map(|l| l.entries().len()).sum());
        for (d, listing) in listed.iter().enumerate() {
            for (e, entry) in listing.entries().iter().enumerate() {
                let Some(stem) = entry.name.strip_suffix(".pc").filter(|s| !s.is_empty()) else {
                    continue;
                };
                let (id, uninstalled) = match stem.strip_suffix("-uninstalled") {
                    Some(id) if self.config.allow_uninstalled && !id.is_empty() => (id, true),
                    _ => (stem, false),
                };
                let file = FirstFile {
                    dir: d,
                    entry: e,
                    id,
                    uninstalled,
                };
                first
                    .entry(id)
                    .and_modify(|f| {
                        if (d, !uninstalled) < (f.dir, !f.uninstalled) {
                            *f = file;
                        }
                    })
                    .or_insert(file);
            }
        }
        Some((listed, first.into_values().collect()))
    }

    /// Lists the directories of the search path that have missed
    /// [`probe::LIST_EARLY`] times, for a solve that knows of at least as
    /// many names it has still to look up ([`probe::Probes::list_early`]).
    pub(crate) fn list_early(&self, touched: &mut Touched) {
        for dir in &self.config.search_path {
            touched.probes.list_early(dir, || self.source.list(dir));
        }
    }

    /// How many `.pc` files the search path holds, once this query has
    /// listed every directory of it.
    pub(crate) fn listed_files(&self, touched: &Touched) -> Option<usize> {
        let listed = touched.probes.listed(&self.config.search_path)?;
        Some(listed.iter().map(|l| l.pc_files()).sum())
    }

    /// Starts reading ahead, on [`Config::jobs`] threads but this one (in
    /// `scope`), the first file a lookup of each name of the search path
    /// would read ([`Registry::first_files`]), but for names some query of
    /// this context has looked up already. This query's lookups take what
    /// they have read, and read themselves a file they have not got to or
    /// are reading ([`Prefetch::take`], which never waits): the walk goes
    /// on while they read, and reads its share. `None` (nothing
    /// started) before the query has listed every directory, or with one
    /// thread.
    pub(crate) fn read_listed_ahead<'s, 'r: 's>(
        &'r self,
        touched: &mut Touched,
        scope: &'s std::thread::Scope<'s, 'r>,
    ) -> Option<Arc<Prefetch>> {
        let jobs = self.config.jobs();
        if jobs < 2 {
            return None;
        }
        let plan = {
            let (listed, files) = self.first_files(touched)?;
            let dirs = &self.config.search_path;
            let store = self.lock();
            let files: Vec<prefetch::Planned> = files
                .into_iter()
                .filter(|f| !store.by_name.contains_key(f.id))
                .filter_map(|f| {
                    let entry = listed.get(f.dir)?.entries().get(f.entry)?;
                    Some(prefetch::Planned {
                        path: file_in(dirs.get(f.dir)?, &entry.name),
                        id: f.id.into(),
                        uninstalled: f.uninstalled,
                        regular: entry.regular,
                        dir: f.dir,
                    })
                })
                .collect();
            // The workers own the directories open as well.
            let open = listed
                .iter()
                .map(|l| l.handle().and_then(fs::DirHandle::try_clone))
                .collect();
            Arc::new(prefetch::Plan::new(open, files))
        };
        // The walk will record most of them: its maps grow once.
        let n = plan.len();
        self.lock().reserve(n);
        touched.reserve(n);
        let prefetch = Arc::new(Prefetch::planned(Arc::clone(&plan)));
        for _ in 1..jobs {
            let plan = Arc::clone(&plan);
            let started = crate::thread::spawn_scoped(scope, "pkgconf-read", move || {
                plan.read(self, n / jobs);
            });
            // A thread that cannot be started reads nothing: the walk
            // reads what the others do not.
            if started.is_err() {
                break;
            }
        }
        touched.read_ahead(Some(Arc::clone(&prefetch)));
        Some(prefetch)
    }

    /// Finds a package that provides `dep` (by name and version), scanning
    /// the whole search path once per registry.
    pub(crate) fn find_provider(
        &self,
        dep: &Dependency,
        touched: &mut Touched,
    ) -> Option<(PkgId, Arc<Package>)> {
        let mut store = self.lock();
        self.list_all(&mut store);
        if let Some(all) = &store.all {
            touched.add(all);
        }
        touched.scanned = true;
        if store.providers.is_none() {
            let mut providers: HashMap<String, Vec<u32>> = HashMap::default();
            for &i in &store.all_packages {
                let Some(pkg) = store.packages.get(i as usize) else {
                    continue;
                };
                for p in &pkg.provides {
                    let list = providers.entry(p.name().to_owned()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            store.providers = Some(providers);
        }
        let candidates = store.providers.as_ref()?.get(dep.name())?;
        let found = candidates.iter().copied().find(|&i| {
            store.packages.get(i as usize).is_some_and(|pkg| {
                pkg.provides
                    .iter()
                    .any(|p| p.name() == dep.name() && dep.is_satisfied_by_provide(p))
            })
        })?;
        self.handle(&store, found)
    }
}

impl Store {
    /// The files a name lookup read.
    fn files_of(&self, lookup: Named) -> &[u32] {
        self.named_files
            .get(lookup.start..lookup.start + lookup.len)
            .unwrap_or_default()
    }

    fn insert(&mut self, pkg: Package, limit: usize) -> Option<u32> {
        self.insert_shared(Arc::new(pkg), limit)
    }

    /// Room for `n` more files, packages and names.
    fn reserve(&mut self, n: usize) {
        self.packages.reserve(n);
        self.files.reserve(n);
        self.by_name.reserve(n);
        self.named_files.reserve(n);
    }

    fn insert_shared(&mut self, pkg: Arc<Package>, limit: usize) -> Option<u32> {
        if self.packages.len() >= limit {
            return None;
        }
        let index = u32::try_from(self.packages.len()).ok()?;
        self.packages.push(pkg);
        Some(index)
    }
}

/// A file a lookup would read first ([`Registry::first_files`]).
#[derive(Debug, Clone, Copy)]
struct FirstFile<'l> {
    /// The directory's index in the search path.
    dir: usize,
    /// The entry's index in the directory's listing.
    entry: usize,
    /// The name it answers.
    id: &'l str,
    /// It is `id-uninstalled.pc`.
    uninstalled: bool,
}

/// The diagnostic for a file that exists but could not be read, when the
/// parser has not already described the problem.
fn unreadable(e: &LoadError) -> Option<Diagnostic> {
    let (path, message) = match e {
        LoadError::Io { path, source } => (path, format!("cannot read file: {source}")),
        LoadError::TooLarge { path } => (
            path,
            format!(
                "the file is larger than {} bytes (the limit)",
                load::MAX_FILE_SIZE
            ),
        ),
        _ => return None,
    };
    let d = Diagnostic::error(Code::Unreadable, message);
    Some(Diagnostic {
        path: Some(path.clone()),
        ..d
    })
}
