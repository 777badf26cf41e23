//! The dependency solver.
//!
//! Resolution happens in three linear passes over the package graph, each
//! visiting every package at most once and every edge at most once:
//!
//! 1. **verify**: a depth-first walk from the query that resolves every
//!    dependency (by file, then by `Provides`), checks versions and
//!    conflicts, and breaks dependency cycles. In a large graph, when the
//!    configuration allows a second thread, files are read ahead of this
//!    walk: the whole search path's, on the other threads while the walk
//!    goes on, when the walk is likely to need most of them
//!    (`Solver::read_listed_ahead`);
//!    otherwise those of names the walk will look up, by a helper thread
//!    (`registry::prefetch`). The walk still makes every lookup itself, in
//!    its own order;
//! 2. **flatten**: a second depth-first walk that orders the packages so
//!    that each comes before everything it depends on (a reverse post-order
//!    in which earlier-listed dependencies come first);
//! 3. for static resolutions, a reachability pass over public edges marks
//!    which packages are only needed privately.
//!
//! The result is a [`Resolution`]: the ordered list of packages that output
//! is built from, with the solved graph kept inside.
//!
//! This is the fourth stage of the data flow: environment → config →
//! registry → **solve** → flags → render.

use crate::diag::{Code, Diagnostic};
use crate::hash::{Map as HashMap, Set as HashSet};
use crate::package::dependency::Dependency;
use crate::package::{DepKind, Package};
use crate::registry::{LIST_EARLY, PkgId, Prefetch, Registry, Touched};
use std::sync::Arc;
use std::thread::Scope;

/// How the solver walks the graph (derived from a query by [`crate::query`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SolveOptions {
    /// Follow `Requires.private` edges.
    pub search_private: bool,
    /// Static linking: private fields merged, `Requires.shared` ignored.
    pub merge_private: bool,
    /// A missing `Requires.internal` package is an error.
    pub require_internal: bool,
    /// Do not check `Conflicts`.
    pub skip_conflicts: bool,
    /// Do not resolve names through `Provides`.
    pub skip_provides: bool,
    /// Maximum depth counting the query as level 1; `None` is unlimited.
    pub max_depth: Option<u32>,
    /// Note the name each package was first found by ([`Resolution::why`]).
    pub track_why: bool,
}

/// How a package entered the solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EdgeKind {
    /// Named on the command line.
    Query,
    /// A dependency edge of the given kind.
    Dep(DepKind),
}

/// One entry of the flattened solution.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WorldEntry {
    /// The package's id.
    pub pkg: PkgId,
    /// The package.
    pub package: Arc<Package>,
    /// The requirement that pulled it in.
    pub dep: Dependency,
    /// The kind of edge that pulled it in.
    pub kind: EdgeKind,
    /// The requirement came from a `Requires.private` list, and no public
    /// path reaches the package. Shown only with private searching.
    pub private: bool,
    /// The package lies in a private subtree (pkgconf's "visited private"):
    /// its libs are left out of shared links.
    pub visited_private: bool,
}

/// Why a query cannot be satisfied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// No package of that name (or providing it) exists.
    #[error("Package '{name}' not found")]
    NotFound {
        /// The name that was looked up.
        name: String,
        /// The package whose requirement it was; `None` for the query.
        required_by: Option<String>,
    },
    /// A package exists but its version does not satisfy the requirement.
    /// The text names the package as the requirement does (a path, for a
    /// package named by its path), as pkgconf's does.
    #[error(
        "Package '{}' has version '{found}', required version is '{}'",
        dep.name(),
        requirement_tail(dep)
    )]
    VersionMismatch {
        /// The package found.
        name: String,
        /// Its version (as its `Version` field gives it).
        found: String,
        /// The requirement it fails.
        dep: Dependency,
        /// The package whose requirement it was; `None` for the query.
        required_by: Option<String>,
    },
    /// A package's `Conflicts` rule is satisfied by another package in the solution.
    #[error(
        "Version '{version}' of '{name}' conflicts with '{by}' due to satisfying conflict rule '{rule}'"
    )]
    Conflict {
        /// The package that matches the rule.
        name: String,
        /// Its version.
        version: String,
        /// The package whose `Conflicts` field holds the rule.
        by: String,
        /// The `Conflicts` entry that matched.
        rule: Dependency,
    },
}

fn requirement_tail(dep: &Dependency) -> String {
    format!(
        "{} {}",
        dep.comparator().as_str(),
        dep.version().unwrap_or("")
    )
}

/// The outcome of a successful solve: the packages in output order, and the
/// graph that was walked. It holds the packages it names, so it can be used
/// (and sent to another thread) on its own.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// The flattened solution in output order (it may name a package twice
    /// when a depth limit cut the walk; consumers take the first).
    world: Vec<WorldEntry>,
    /// Every package the solve met, in the order it met them.
    visited: Vec<Visited>,
    /// Where each package is in `visited`.
    slot_of: HashMap<PkgId, Slot>,
    /// The query packages, in query order (duplicates removed).
    roots: Vec<PkgId>,
    /// Each query requirement with the package that satisfied it.
    query_matches: Vec<(Dependency, Option<PkgId>)>,
    /// The identifier given to the flattened world.
    world_identifier: u32,
    /// Requirements (package, list, index) cut to break dependency cycles.
    broken: HashSet<(PkgId, DepKind, usize)>,
    /// The names packages were first found by, where not their own (only
    /// for a solve that tracked them).
    whys: HashMap<PkgId, compact_str::CompactString>,
}

/// A package the solve met.
#[derive(Debug, Clone)]
struct Visited {
    id: PkgId,
    pkg: Arc<Package>,
    /// Pre-order visit number (1 is the request itself), as `--solution`
    /// shows; 0 when it was never visited.
    identifier: u32,
    /// Its resolved requirements, sorted by list and index, each naming
    /// its target's place in `visited`: 12 bytes an edge.
    links: Box<[Link]>,
}

impl Resolution {
    /// How many packages the solve met.
    pub(crate) fn met(&self) -> usize {
        self.visited.len()
    }

    fn visited(&self, id: PkgId) -> Option<&Visited> {
        self.visited.get(*self.slot_of.get(&id)?)
    }

    /// The package `id` names, if the solve visited it.
    pub fn package(&self, id: PkgId) -> Option<&Package> {
        self.visited(id).map(|v| &*v.pkg)
    }

    /// The flattened solution in output order, every entry (a depth limit
    /// can make a package appear twice; see [`Resolution::entries`]).
    pub fn world(&self) -> &[WorldEntry] {
        &self.world
    }

    /// The name package `id` was first found by in the solve (a path, a
    /// name another package provides, or its own id), as pkgconf's `why`;
    /// known when the solve tracked it, else the package's id.
    pub(crate) fn why(&self, id: PkgId) -> Option<&str> {
        match self.whys.get(&id) {
            Some(name) => Some(name),
            None => self.visited(id).map(|v| v.pkg.id.as_str()),
        }
    }

    /// The world entry of each query requirement that was satisfied, in
    /// query order, a package named twice given twice: pkgconf's
    /// `--variable`, `--print-requires` and `--print-provides` go through
    /// the query this way.
    pub(crate) fn query_entries(&self) -> Vec<&WorldEntry> {
        let mut first: HashMap<PkgId, &WorldEntry> = HashMap::default();
        for e in &self.world {
            first.entry(e.pkg).or_insert(e);
        }
        self.query_matches
            .iter()
            .filter_map(|(_, m)| first.get(&(*m)?).copied())
            .collect()
    }

    /// The query's packages, in query order, each once.
    pub fn roots(&self) -> &[PkgId] {
        &self.roots
    }

    /// The query's packages that no package after them in the query
    /// requires, directly or through others, in query order. pkgconf's
    /// flattened solution keeps a package at its last place, so a query
    /// package that a later one pulls in is no longer a query package
    /// there (`--exists-cflags` defines no `HAVE_` macro for it), and a
    /// package the query names twice is at its last place. One walk over
    /// the links, from the last query package to the first.
    pub(crate) fn last_roots(&self) -> Vec<PkgId> {
        let mut reached = vec![false; self.visited.len()];
        let mut kept = Vec::new();
        let mut stack = Vec::new();
        // A package named twice counts at its last place.
        let named = self.query_matches.iter().filter_map(|(_, m)| *m);
        for root in named.rev() {
            let Some(&slot) = self.slot_of.get(&root) else {
                kept.push(root);
                continue;
            };
            if reached[slot] {
                continue;
            }
            kept.push(root);
            reached[slot] = true;
            stack.push(slot);
            while let Some(s) = stack.pop() {
                for link in self.visited[s].links.iter() {
                    let t = link.target();
                    if let Some(r) = reached.get_mut(t).filter(|r| !**r) {
                        *r = true;
                        stack.push(t);
                    }
                }
            }
        }
        kept.reverse();
        kept
    }

    /// Each requirement of the query with the package that satisfied it.
    pub fn query_matches(&self) -> &[(Dependency, Option<PkgId>)] {
        &self.query_matches
    }

    /// The pre-order visit number of a package (`--solution`).
    pub fn identifier(&self, id: PkgId) -> Option<u32> {
        self.visited(id).map(|v| v.identifier).filter(|&n| n != 0)
    }

    /// The number `--solution` gives the flattened world itself.
    pub fn world_identifier(&self) -> u32 {
        self.world_identifier
    }

    /// The package that requirement `idx` of `pkg`'s `kind` list resolved to.
    pub fn resolved(&self, pkg: PkgId, kind: DepKind, idx: usize) -> Option<PkgId> {
        let links = &self.visited(pkg)?.links;
        let key = Link::key(kind, idx)?;
        let at = links.binary_search_by_key(&key, |l| l.key).ok()?;
        Some(self.visited.get(links.get(at)?.target())?.id)
    }

    /// Whether requirement `idx` of `pkg`'s `kind` list was cut to break a cycle.
    pub fn is_broken(&self, pkg: PkgId, kind: DepKind, idx: usize) -> bool {
        self.broken.contains(&(pkg, kind, idx))
    }

    /// The packages `pkg` requires through edges of `kind`, in the order its
    /// `.pc` file lists them (only edges the solver followed).
    pub fn dependencies(&self, pkg: PkgId, kind: EdgeKind) -> Vec<PkgId> {
        let (EdgeKind::Dep(kind), Some(v)) = (kind, self.visited(pkg)) else {
            return Vec::new();
        };
        // `links` is sorted by list, then by index in the list.
        v.links
            .iter()
            .filter(|l| l.kind() == kind)
            .filter_map(|l| Some(self.visited.get(l.target())?.id))
            .collect()
    }

    /// The entries output is built from: world order, each package once,
    /// skipping privately reached ones unless `include_private`.
    pub fn entries(&self, include_private: bool) -> Vec<&WorldEntry> {
        let mut seen = HashSet::default();
        seen.reserve(self.world.len());
        self.world
            .iter()
            .filter(|e| include_private || !e.private)
            .filter(|e| seen.insert(e.pkg))
            .collect()
    }
}

/// The lists walked for one package, in walk order.
/// `Private` stands for pkgconf's combined private/internal list.
const WALK_ORDER: [DepKind; 3] = [DepKind::Public, DepKind::Shared, DepKind::Private];

/// A package's slot in one solve's state.
type Slot = usize;

/// Per-package state of one solve.
#[derive(Debug, Clone)]
struct State {
    id: PkgId,
    pkg: Arc<Package>,
    /// Reached by pass 1 (verify).
    verified: bool,
    /// Placed by pass 2 (flatten).
    flattened: bool,
    /// On pass 1's current path (a requirement of it is a cycle).
    on_path: bool,
    /// Visited with depth left (its own requirements were walked).
    expanded: bool,
    /// Pre-order visit number.
    identifier: u32,
    /// The package's requirements as resolved by pass 1, in walk order.
    links: Vec<Link>,
}

/// One requirement of an expanded package, after resolution: 8 bytes, one
/// per edge of the graph.
#[derive(Debug, Clone, Copy)]
struct Link {
    /// The list (top two bits, in [`DepKind`]'s order) and the index in
    /// it: ordered as `(kind, index)` pairs are.
    key: u32,
    target: u32,
}

/// The lists, by the number a [`Link`]'s key holds.
const LINK_KINDS: [DepKind; 4] = [
    DepKind::Public,
    DepKind::Private,
    DepKind::Internal,
    DepKind::Shared,
];

/// The bits of a [`Link`]'s key that hold the index.
const LINK_INDEX_BITS: u32 = 30;

impl Link {
    /// The key of requirement `idx` of list `kind`. `None` only past a
    /// billion requirements in one list, which the parser's limits rule
    /// out.
    fn key(kind: DepKind, idx: usize) -> Option<u32> {
        let idx = u32::try_from(idx)
            .ok()
            .filter(|i| i >> LINK_INDEX_BITS == 0)?;
        let list = match kind {
            DepKind::Public => 0,
            DepKind::Private => 1,
            DepKind::Internal => 2,
            DepKind::Shared => 3,
        };
        Some(list << LINK_INDEX_BITS | idx)
    }

    /// `None` only past a billion requirements in a list or 4 billion
    /// packages, which the registry's and the parser's limits rule out.
    fn new(kind: DepKind, idx: usize, target: Slot) -> Option<Link> {
        Some(Link {
            key: Link::key(kind, idx)?,
            target: u32::try_from(target).ok()?,
        })
    }

    fn kind(self) -> DepKind {
        LINK_KINDS[(self.key >> LINK_INDEX_BITS) as usize]
    }

    fn idx(self) -> usize {
        (self.key & ((1 << LINK_INDEX_BITS) - 1)) as usize
    }

    fn target(self) -> Slot {
        self.target as usize
    }
}

struct Solver<'r, 's> {
    reg: &'r Registry,
    touched: &'s mut Touched,
    /// Where a read-ahead thread is started.
    scope: &'s Scope<'s, 'r>,
    /// The read-ahead, once started ([`crate::registry::prefetch`]).
    ahead: Option<Ahead>,
    /// Whether starting it was tried (it is tried once).
    ahead_tried: bool,
    /// The search path's files were read ahead ([`Solver::read_listed_ahead`]).
    listed_ahead: bool,
    opts: SolveOptions,
    /// One slot per package met, in order of first resolution.
    state: Vec<State>,
    slots: HashMap<PkgId, Slot>,
    /// Name lookups already made by this solve (the registry's answer
    /// cannot change during one solve).
    found: HashMap<compact_str::CompactString, Option<Slot>>,
    query_matches: Vec<Option<Slot>>,
    problems: Vec<Problem>,
    counter: u32,
    /// Requirements cut to break cycles.
    broken: Vec<(Slot, DepKind, usize)>,
    /// The flattened solution, built back to front.
    world_rev: Vec<(Slot, Dependency, EdgeKind, bool, bool)>,
    /// With [`SolveOptions::track_why`]: the name each package was first
    /// found by, when it is not the package's own.
    whys: HashMap<Slot, compact_str::CompactString>,
    /// With [`SolveOptions::track_why`]: the packages found so far.
    found_once: HashSet<Slot>,
    /// Cycles and problems in the order the walk met them, with the
    /// number of files read by then.
    met: Vec<(usize, Met)>,
}

/// A started read-ahead: ends it when dropped, so its thread stops even if
/// the solve is cut short.
struct Ahead(Arc<Prefetch>);

impl Drop for Ahead {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// How many packages a solve expands before it considers reading the
/// search path's files ahead ([`Solver::read_listed_ahead`]); it considers
/// it again at each power of two.
const READ_LISTED_AFTER: u32 = 32;

/// What a depth value means: remaining levels, `None` unlimited.
type Depth = Option<u32>;

fn dec(d: Depth) -> Depth {
    d.map(|n| n.saturating_sub(1))
}

fn exhausted(d: Depth) -> bool {
    d == Some(0)
}

impl Solver<'_, '_> {
    fn shared_mode(&self) -> bool {
        !self.opts.merge_private
    }

    /// The lists walked by pass 1, in order.
    fn lists(&self) -> Vec<DepKind> {
        WALK_ORDER
            .iter()
            .copied()
            .filter(|k| *k != DepKind::Shared || self.shared_mode())
            .collect()
    }

    /// The slot of a package, made on first sight.
    fn slot(&mut self, id: PkgId, pkg: Arc<Package>) -> Slot {
        if let Some(&s) = self.slots.get(&id) {
            return s;
        }
        let s = self.state.len();
        self.state.push(State {
            id,
            pkg,
            verified: false,
            flattened: false,
            on_path: false,
            expanded: false,
            identifier: 0,
            links: Vec::new(),
        });
        self.slots.insert(id, s);
        s
    }

    /// Finds the package for `dep`, checking its version.
    fn resolve(
        &mut self,
        dep: &Dependency,
        required_by: Option<&str>,
    ) -> Result<Slot, Box<Problem>> {
        let name = dep.name();
        let not_found = || {
            Box::new(Problem::NotFound {
                name: name.to_owned(),
                required_by: required_by.map(str::to_owned),
            })
        };
        let found = match self.found.get(name) {
            Some(&hit) => hit,
            None => {
                let hit = self.reg.find(name, self.touched);
                let hit = hit.map(|(id, pkg)| self.slot(id, pkg));
                self.found.insert(name.into(), hit);
                hit
            }
        };
        let Some(slot) = found else {
            if self.opts.skip_provides {
                return Err(not_found());
            }
            let found = self.reg.find_provider(dep, self.touched);
            let (id, pkg) = found.ok_or_else(not_found)?;
            let slot = self.slot(id, pkg);
            self.note_why(slot, name);
            return Ok(slot);
        };
        self.note_why(slot, name);
        let pkg = &self.state[slot].pkg;
        if !dep.is_satisfied_by(pkg.version_str()) {
            return Err(Box::new(Problem::VersionMismatch {
                name: pkg.id.clone(),
                found: pkg.version_str().to_owned(),
                dep: dep.clone(),
                required_by: required_by.map(str::to_owned),
            }));
        }
        Ok(slot)
    }

    /// Records a problem, where the walk met it (see [`Solved::order`]).
    fn problem(&mut self, p: Problem) {
        let at = self.touched.file_count();
        self.met.push((at, Met::Problem(self.problems.len())));
        self.problems.push(p);
    }

    /// Notes that `slot` was found by `name`, if it is the first time (as
    /// pkgconf's `why`, set by the first requirement that reaches a
    /// package, even one whose version does not match).
    fn note_why(&mut self, slot: Slot, name: &str) {
        if !self.opts.track_why || !self.found_once.insert(slot) {
            return;
        }
        if self.state.get(slot).is_some_and(|st| st.pkg.id != name) {
            self.whys.insert(slot, name.into());
        }
    }

    /// Pass 1: resolve and verify, depth first, each package once.
    fn verify(&mut self, query: &[Dependency]) {
        self.counter = 1; // the request itself
        // The request's own requirements, each resolved then walked in turn.
        let depth = dec(self.opts.max_depth);
        for dep in query {
            if dep.is_unnamed() {
                self.query_matches.push(None);
                continue;
            }
            match self.resolve(dep, None) {
                Ok(s) => {
                    self.query_matches.push(Some(s));
                    self.visit(s, depth);
                }
                Err(p) => {
                    self.problem(*p);
                    self.query_matches.push(None);
                }
            }
        }
    }

    /// Reads ahead every file of the search path a lookup would read
    /// ([`Registry::read_listed_ahead`]), on as many threads as the
    /// configuration allows besides this one, once the names the walk knows
    /// of (those it looked up, and those the packages it expanded require)
    /// are at least a quarter of the search path's `.pc` files. Every name
    /// the walk knows of is one it reads, so the files read for nothing are
    /// at most three times those it needs; on graphs that cover their
    /// directory the walk reads nearly all of them. 1,001 packages
    /// (`gen-graph --depth 20 --width 50 --fanout 10`: 324 names known of
    /// 1,001 at the first check): 0.80x the time; a chain of 2,000: 0.87x
    /// (farm-bench, 60 and 30 pairs), when every thread read its share
    /// before the walk went on. The walk now goes on at once, taking the
    /// files read and reading those not yet read, so its own work overlaps
    /// the reading: the 1,001 packages in 0.98x that time, the chain in
    /// 0.96x (farm-bench, 100 and 60 pairs; see [`crate::registry::prefetch::Plan`]
    /// for why the walk never waits for a worker). No helper thread follows
    /// the walk afterwards.
    ///
    /// The search path must have been listed. A directory that has missed
    /// [`LIST_EARLY`] times is listed here when the walk knows of at least
    /// as many names it has still to look up (see [`LIST_EARLY`]): the
    /// 1,001 packages are then read ahead after 64 packages, not 128 (at
    /// 32, the directory has missed 31 times and 241 names are known; at
    /// 64, 271), in 0.96x the time (farm-bench, 60 pairs).
    fn read_listed_ahead(&mut self) {
        let lists = self.lists();
        // At most this many names (counted twice, or more).
        let most = self.found.len()
            + (self.state.iter().filter(|st| st.expanded))
                .map(|st| lists.iter().map(|&k| st.pkg.deps(k).len()).sum::<usize>())
                .sum::<usize>();
        let listed = self.reg.listed_files(self.touched);
        if listed.is_some_and(|files| most * 4 < files) {
            return;
        }
        let mut known: HashSet<&str> = self.found.keys().map(|k| k.as_str()).collect();
        for st in self.state.iter().filter(|st| st.expanded) {
            for &kind in &lists {
                known.extend(st.pkg.deps(kind).iter().map(Dependency::name));
            }
        }
        // Every name looked up is known: the rest are still to be.
        let pending = known.len().saturating_sub(self.found.len());
        if listed.is_none() && pending >= LIST_EARLY as usize {
            self.reg.list_early(self.touched);
        }
        let Some(files) = listed.or_else(|| self.reg.listed_files(self.touched)) else {
            return;
        };
        // Asked last: the first time, the system is asked how many
        // processors this process may run on.
        if known.len() * 4 < files || self.reg.config().jobs() < 2 {
            return;
        }
        if let Some(prefetch) = self.reg.read_listed_ahead(self.touched, self.scope) {
            // The walk will meet most of the files read: its maps grow once.
            let more = files.saturating_sub(self.state.len());
            self.state.reserve(more);
            self.slots.reserve(more);
            self.found.reserve(more);
            self.touched.forget_listed_names();
            self.ahead = Some(Ahead(prefetch));
            self.ahead_tried = true;
            self.listed_ahead = true;
        }
    }

    /// Hands the names `s` requires to the read-ahead thread, starting it
    /// (with the names of every package expanded so far) if need be.
    fn read_ahead(&mut self, s: Slot) {
        if self.listed_ahead {
            return;
        }
        if self.ahead.is_none() {
            if self.ahead_tried || self.reg.config().jobs() < 2 {
                return;
            }
            self.ahead_tried = true;
            self.touched.forget_listed_names();
            let prefetch = Arc::new(Prefetch::default());
            let helper = Arc::clone(&prefetch);
            let reg = self.reg;
            let files = reg
                .listed_files(self.touched)
                .map_or(0, |f| f.saturating_sub(self.state.len()));
            let started =
                crate::thread::spawn_scoped(self.scope, "pkgconf-read-ahead", move || {
                    helper.run(reg, files)
                });
            if started.is_err() {
                // No thread to be had: the solve reads every file itself.
                return;
            }
            self.touched.read_ahead(Some(Arc::clone(&prefetch)));
            self.ahead = Some(Ahead(prefetch));
            for earlier in 0..self.state.len() {
                if self.state[earlier].expanded {
                    self.queue_requirements(earlier);
                }
            }
        }
        self.queue_requirements(s);
    }

    /// Queues the names of `s`'s requirements that this solve has not
    /// looked up yet, but the first: the walk goes there next, and the two
    /// threads would only wait on each other for it.
    fn queue_requirements(&self, s: Slot) {
        let Some(ahead) = &self.ahead else {
            return;
        };
        let pkg = &self.state[s].pkg;
        let names = self
            .lists()
            .into_iter()
            .flat_map(|kind| {
                (0..).map_while(move |i| pkg.walk_dep(kind, i).map(|(_, _, d)| d.name()))
            })
            .filter(|name| !self.found.contains_key(*name))
            .skip(1);
        // A context's earlier queries may have looked some up already.
        ahead.0.want(self.reg.not_looked_up(names));
    }

    /// Ends the read-ahead (pass 1 is the only one that loads files).
    fn stop_reading_ahead(&mut self) {
        self.ahead = None;
        self.touched.read_ahead(None);
    }

    /// Marks a package verified and returns its frame, unless it was
    /// verified already or no depth is left.
    fn enter(&mut self, s: Slot, depth: Depth) -> Option<Frame> {
        if exhausted(depth) || self.state[s].verified {
            return None;
        }
        self.counter += 1;
        let c = self.counter;
        if !self.ahead_tried && c.is_power_of_two() && c >= READ_LISTED_AFTER {
            self.read_listed_ahead();
        }
        if c > crate::registry::prefetch::START_AFTER {
            self.read_ahead(s);
        }
        let shared = self.shared_mode();
        let st = &mut self.state[s];
        // Room for every requirement the walk may link, so that the list
        // does not grow (and move) a few times per package.
        let pkg = &st.pkg;
        let most = pkg.requires.len()
            + pkg.private_order.len()
            + if shared { pkg.requires_shared.len() } else { 0 };
        st.links.reserve_exact(most);
        st.verified = true;
        st.on_path = true;
        st.expanded = true;
        if st.identifier == 0 {
            st.identifier = c;
        }
        let pkg = Arc::clone(&st.pkg);
        Some(Frame {
            pkg,
            slot: s,
            depth,
            list: 0,
            idx: 0,
        })
    }

    /// Depth-first visit with an explicit stack (hostile graphs can be deep).
    fn visit(&mut self, start: Slot, depth: Depth) {
        let lists = self.lists();
        let mut stack: Vec<Frame> = Vec::new();
        stack.extend(self.enter(start, depth));
        while let Some(top) = stack.last_mut() {
            let (me, depth) = (top.slot, top.depth);
            let Some(&kind) = lists.get(top.list) else {
                self.state[me].on_path = false;
                stack.pop();
                continue;
            };
            let pkg = Arc::clone(&top.pkg);
            let Some((kind, idx, dep)) = pkg.walk_dep(kind, top.idx) else {
                top.list += 1;
                top.idx = 0;
                continue;
            };
            top.idx += 1;
            if dep.is_unnamed() {
                continue;
            }
            let target = match self.resolve(dep, Some(&pkg.id)) {
                Ok(t) => t,
                Err(p) => {
                    if kind != DepKind::Internal || self.opts.require_internal {
                        self.problem(*p);
                    }
                    continue;
                }
            };
            if self.state[target].on_path {
                // A cycle: public edges are cut (and reported), private ones skipped.
                if kind != DepKind::Private && kind != DepKind::Internal {
                    self.broken.push((me, kind, idx));
                    let target_id = &self.state[target].pkg.id;
                    let me = &pkg.id;
                    self.met.push((
                        self.touched.file_count(),
                        Met::Cycle(Diagnostic::warning(
                            Code::CircularReference,
                            format!(
                                "{me}: breaking circular reference ({me} -> {target_id} -> {me})"
                            ),
                        )),
                    ));
                }
                continue;
            }
            self.state[me].links.extend(Link::new(kind, idx, target));
            if let Some(f) = self.enter(target, dec(depth)) {
                stack.push(f);
            }
        }
    }

    /// Whether pass 2 follows an edge of `kind`.
    fn flattens(&self, kind: DepKind) -> bool {
        match kind {
            DepKind::Shared => self.shared_mode(),
            DepKind::Private | DepKind::Public | DepKind::Internal => true,
        }
    }

    /// Pass 2's steps out of one package, pushed onto `steps`: pass 1
    /// stored links in walk order; pkgconf flattens the public list
    /// last-processed (so it ends up first), then shared, internal and
    /// private.
    fn push_steps(&self, s: Slot, steps: &mut Vec<Step>) {
        for kinds in FLATTEN_ORDER {
            if !kinds.iter().any(|k| self.flattens(*k)) {
                continue;
            }
            steps.extend(
                self.state[s]
                    .links
                    .iter()
                    .filter(|l| kinds.contains(&l.kind()))
                    .map(|l| Step {
                        from: Some(s),
                        kind: EdgeKind::Dep(l.kind()),
                        idx: l.idx(),
                        target: l.target(),
                    }),
            );
        }
    }

    /// Pass 2: order the solution. Each package is prepended after all the
    /// packages it depends on, so every package precedes its dependencies.
    fn flatten(&mut self, query: &[Dependency]) {
        struct Flat {
            /// Where this frame's steps start on the shared stack (the
            /// next one is the last).
            base: usize,
            depth: Depth,
            /// Inside the walk of some `Requires.private` list.
            private_ctx: bool,
            /// The entry to prepend once this frame's package is done.
            done: Option<(Slot, Dependency, EdgeKind, bool, bool)>,
        }
        // Every frame's remaining steps, one frame above another: one
        // allocation for the whole walk.
        let mut steps: Vec<Step> = self
            .query_matches
            .iter()
            .enumerate()
            .filter_map(|(idx, m)| {
                m.map(|target| Step {
                    from: None,
                    kind: EdgeKind::Query,
                    idx,
                    target,
                })
            })
            .collect();
        let mut stack = vec![Flat {
            base: 0,
            depth: self.opts.max_depth,
            private_ctx: false,
            done: None,
        }];
        while let Some(top) = stack.last() {
            let step = if steps.len() > top.base {
                steps.pop()
            } else {
                None
            };
            let Some(step) = step else {
                if let Some(e) = stack.pop().and_then(|f| f.done) {
                    self.world_rev.push(e);
                }
                continue;
            };
            let depth = top.depth;
            let target = step.target;
            if self.state[target].flattened {
                continue;
            }
            let private = step.kind == EdgeKind::Dep(DepKind::Private);
            // Everything under the private/internal list is "visited
            // privately"; static links merge private packages, so nothing is.
            let in_private_list = private || step.kind == EdgeKind::Dep(DepKind::Internal);
            let private_ctx = (in_private_list || top.private_ctx) && !self.opts.merge_private;
            let dep = match (step.from, step.kind) {
                (Some(from), EdgeKind::Dep(k)) => self.state[from].pkg.deps(k).get(step.idx),
                _ => query.get(step.idx),
            };
            let Some(dep) = dep.cloned() else { continue };
            let entry = (target, dep, step.kind, private, private_ctx);
            let child_depth = dec(depth);
            if exhausted(child_depth) {
                // Not marked flattened: pkgconf prepends it again if reached again.
                self.world_rev.push(entry);
                continue;
            }
            self.state[target].flattened = true;
            let base = steps.len();
            self.push_steps(target, &mut steps);
            stack.push(Flat {
                base,
                depth: child_depth,
                private_ctx,
                done: Some(entry),
            });
        }
    }

    /// Pass 3 (static resolutions): packages reachable from the query
    /// through non-private edges are not private after all.
    fn mark_public(&mut self) {
        // pkgconf walks from the request over every non-private edge, with the
        // same depth limit, each package once; only packages visited with
        // depth left count.
        let mut public = vec![false; self.state.len()];
        let mut seen = vec![false; self.state.len()];
        // (package, remaining depth when visited)
        let mut stack: Vec<(Slot, Depth)> = Vec::new();
        let depth = dec(self.opts.max_depth);
        for m in self.query_matches.iter().rev().flatten() {
            stack.push((*m, depth));
        }
        while let Some((p, depth)) = stack.pop() {
            if exhausted(depth) || seen.get(p).copied().unwrap_or(true) {
                continue;
            }
            seen[p] = true;
            public[p] = true;
            let kids = self.state[p]
                .links
                .iter()
                .rev()
                .filter(|l| l.kind() != DepKind::Private);
            stack.extend(kids.map(|l| (l.target(), dec(depth))));
        }
        for e in &mut self.world_rev {
            if public.get(e.0).copied().unwrap_or(false) {
                e.3 = false;
                e.4 = false;
            }
        }
    }

    /// `Conflicts` rules of expanded packages against the whole solution.
    fn check_conflicts(&mut self) {
        let mut expanded: Vec<Slot> = (0..self.state.len())
            .filter(|&s| self.state[s].expanded && !self.state[s].pkg.conflicts.is_empty())
            .collect();
        if expanded.is_empty() {
            return;
        }
        expanded.sort_by_key(|&s| self.state[s].identifier);
        let mut in_solution: Vec<Slot> = (0..self.state.len())
            .filter(|&s| self.state[s].verified)
            .collect();
        in_solution.extend(self.query_matches.iter().flatten().copied());
        let mut by_name: HashMap<&str, Vec<Slot>> = HashMap::default();
        for &s in &in_solution {
            let list = by_name.entry(self.state[s].pkg.id.as_str()).or_default();
            if !list.contains(&s) {
                list.push(s);
            }
        }
        for r in expanded {
            let rp = &self.state[r].pkg;
            for rule in &rp.conflicts {
                for &other in by_name.get(rule.name()).map_or(&[][..], |v| &v[..]) {
                    let op = &self.state[other].pkg;
                    if other == r {
                        continue;
                    }
                    let hit = match rule.version() {
                        Some(v) => rule.comparator().matches(op.version_str(), v),
                        None => true,
                    };
                    if hit {
                        let problem = Problem::Conflict {
                            name: op.id.clone(),
                            version: op.version_str().to_owned(),
                            by: rp.id.clone(),
                            rule: rule.clone(),
                        };
                        self.problem(problem);
                        return;
                    }
                }
            }
        }
    }

    /// Packages the depth limit kept pass 1 from numbering get numbers
    /// after the world's, in world order (as pkgconf numbers them when an
    /// output walk reaches them).
    fn number_unvisited(&mut self, world: &[(Slot, Dependency, EdgeKind, bool, bool)]) -> u32 {
        let world_identifier = self.counter + 1;
        let mut next = world_identifier;
        for e in world {
            let st = &mut self.state[e.0];
            if st.identifier == 0 {
                next += 1;
                st.identifier = next;
            }
        }
        world_identifier
    }

    /// Packs the solve's state into a [`Resolution`].
    fn finish(mut self, query: &[Dependency]) -> Resolution {
        let mut world = std::mem::take(&mut self.world_rev);
        world.reverse();
        let world_identifier = self.number_unvisited(&world);
        let id = |s: Slot| self.state[s].id;
        let mut seen_roots = HashSet::default();
        let roots: Vec<PkgId> = self
            .query_matches
            .iter()
            .flatten()
            .copied()
            .filter(|m| seen_roots.insert(*m))
            .map(id)
            .collect();
        let query_matches = query
            .iter()
            .cloned()
            .zip(self.query_matches.iter().map(|m| m.map(id)))
            .collect();
        let world = world
            .into_iter()
            .map(|(s, dep, kind, private, visited_private)| WorldEntry {
                pkg: self.state[s].id,
                package: Arc::clone(&self.state[s].pkg),
                dep,
                kind,
                private,
                visited_private,
            })
            .collect();
        let broken = self
            .broken
            .iter()
            .map(|&(s, k, i)| (self.state[s].id, k, i))
            .collect();
        let whys = std::mem::take(&mut self.whys)
            .into_iter()
            .map(|(s, name)| (self.state[s].id, name))
            .collect();
        // The working links become the resolution's, sorted in place: no
        // copy of the graph's edges is made.
        let visited = std::mem::take(&mut self.state)
            .into_iter()
            .map(|st| {
                let mut links = st.links;
                // A requirement linked twice keeps its last target.
                links.sort_by_key(|l| l.key);
                links.dedup_by(|later, kept| {
                    let same = later.key == kept.key;
                    if same {
                        *kept = *later;
                    }
                    same
                });
                Visited {
                    id: st.id,
                    pkg: st.pkg,
                    identifier: st.identifier,
                    links: links.into_boxed_slice(),
                }
            })
            .collect();
        Resolution {
            whys,
            world,
            visited,
            slot_of: std::mem::take(&mut self.slots),
            roots,
            query_matches,
            world_identifier,
            broken,
        }
    }
}

/// One requirement to flatten.
struct Step {
    /// The package whose requirement this is (`None`: the query).
    from: Option<Slot>,
    kind: EdgeKind,
    /// Index into the query or the package's list.
    idx: usize,
    target: Slot,
}

/// A package being walked by pass 1.
struct Frame {
    pkg: Arc<Package>,
    slot: Slot,
    depth: Depth,
    list: usize,
    idx: usize,
}

/// The order in which pass 2 lists a package's requirements (the private
/// and internal ones together, in file order).
const FLATTEN_ORDER: [&[DepKind]; 3] = [
    &[DepKind::Public],
    &[DepKind::Internal, DepKind::Private],
    &[DepKind::Shared],
];

/// What one solve found: the resolution, or every problem in discovery
/// order; and, in the order it met them, the dependency cycles it broke
/// (pkgconf shows them under `--validate`) and the problems, each with how
/// many files the solve had used by then (pkgconf shows them among the
/// files' findings there).
pub(crate) struct Solved {
    pub(crate) result: Result<Resolution, Vec<Problem>>,
    /// The cycles cut and the problems, in the order the walk met them,
    /// each with the number of files read by then (pkgconf reports each as
    /// it meets it, among the files it reads).
    pub(crate) met: Vec<(usize, Met)>,
}

impl Solved {
    /// The cycles cut, each with the number of files read when it was met.
    pub(crate) fn cycles(&self) -> Vec<(usize, Diagnostic)> {
        let cycle = |(at, m): &(usize, Met)| match m {
            Met::Cycle(d) => Some((*at, d.clone())),
            Met::Problem(_) => None,
        };
        self.met.iter().filter_map(cycle).collect()
    }
}

/// What the walk met: a cycle it cut, or a problem (its index among the
/// problems).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Met {
    Cycle(Diagnostic),
    Problem(usize),
}

/// Solves `query` against the packages of `reg`, recording in `touched`
/// every file the solve used.
pub(crate) fn solve(
    reg: &Registry,
    touched: &mut Touched,
    query: &[Dependency],
    opts: SolveOptions,
) -> Solved {
    std::thread::scope(|scope| solve_in(scope, reg, touched, query, opts))
}

fn solve_in<'r, 's>(
    scope: &'s Scope<'s, 'r>,
    reg: &'r Registry,
    touched: &'s mut Touched,
    query: &[Dependency],
    opts: SolveOptions,
) -> Solved {
    let mut s = Solver {
        reg,
        touched,
        scope,
        ahead: None,
        ahead_tried: false,
        listed_ahead: false,
        opts,
        state: Vec::new(),
        slots: HashMap::default(),
        found: HashMap::default(),
        query_matches: Vec::new(),
        problems: Vec::new(),
        counter: 0,
        broken: Vec::new(),
        world_rev: Vec::new(),
        whys: HashMap::default(),
        found_once: HashSet::default(),
        met: Vec::new(),
    };
    s.verify(query);
    s.stop_reading_ahead();
    if s.problems.is_empty() && !opts.skip_conflicts {
        s.check_conflicts();
    }
    let met = std::mem::take(&mut s.met);
    if !s.problems.is_empty() {
        return Solved {
            result: Err(s.problems),
            met,
        };
    }
    s.flatten(query);
    s.mark_public();
    Solved {
        result: Ok(s.finish(query)),
        met,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_eight_bytes_and_keeps_its_order() {
        // One per edge: 480,000 in a universe of 16,001 packages.
        assert_eq!(std::mem::size_of::<Link>(), 8);
        let mut pairs = Vec::new();
        for kind in LINK_KINDS {
            for idx in [0, 1, 7, (1 << LINK_INDEX_BITS) - 1] {
                let link = Link::new(kind, idx, 3).expect("in range");
                assert_eq!((link.kind(), link.idx(), link.target()), (kind, idx, 3));
                pairs.push(((kind, idx), link.key));
            }
        }
        // Keys sort as (list, index) pairs do.
        let mut by_key = pairs.clone();
        by_key.sort_by_key(|p| p.1);
        pairs.sort();
        assert_eq!(pairs, by_key);
        assert!(Link::new(DepKind::Public, 1 << LINK_INDEX_BITS, 0).is_none());
    }
}
