//! The dependency solver.
//!
//! Resolution happens in three linear passes over the package graph, each
//! visiting every package at most once and every edge at most once:
//!
//! 1. **verify**: a depth-first walk from the query that resolves every
//!    dependency (by file, then by `Provides`), checks versions and
//!    conflicts, and breaks dependency cycles;
//! 2. **flatten**: a second depth-first walk that orders the packages so
//!    that each comes before everything it depends on (a reverse post-order
//!    in which earlier-listed dependencies come first);
//! 3. for static resolutions, a reachability pass over public edges marks
//!    which packages are only needed privately.
//!
//! The result is a [`Resolution`]: the solved graph (a petgraph `DiGraph`)
//! and the ordered list of packages that output is built from.

use crate::dependency::Dependency;
use crate::diag::{Code, Diagnostic, DiagnosticSink};
use crate::package::DepKind;
use crate::registry::{PkgId, Registry};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, EdgeFiltered, EdgeRef};
use std::collections::HashMap;

/// How the solver walks the graph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SolveOptions {
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
}

/// How a package entered the solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// Named on the command line.
    Query,
    /// A dependency edge of the given kind.
    Dep(DepKind),
}

/// One entry of the flattened solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorldEntry {
    pub pkg: PkgId,
    /// The requirement that pulled it in.
    pub dep: Dependency,
    pub kind: EdgeKind,
    /// Reached only through private edges.
    pub private: bool,
}

/// Why a query cannot be satisfied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// No package of that name (or providing it) exists.
    #[error("Package '{name}' not found")]
    NotFound {
        name: String,
        /// The package whose requirement it was; `None` for the query.
        required_by: Option<String>,
    },
    /// A package exists but its version does not satisfy the requirement.
    #[error(
        "Package '{name}' has version '{found}', required version is '{}'",
        requirement_tail(dep)
    )]
    VersionMismatch {
        name: String,
        found: String,
        dep: Dependency,
        required_by: Option<String>,
    },
    /// A package's `Conflicts` rule is satisfied by another package in the solution.
    #[error(
        "Version '{version}' of '{name}' conflicts with '{by}' due to satisfying conflict rule '{rule}'"
    )]
    Conflict {
        name: String,
        version: String,
        by: String,
        rule: Dependency,
    },
}

fn requirement_tail(dep: &Dependency) -> String {
    format!(
        "{} {}",
        dep.comparator.as_str(),
        dep.version.as_deref().unwrap_or("")
    )
}

/// The outcome of a successful solve.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// The flattened solution in output order (it may name a package twice
    /// when a depth limit cut the walk; consumers take the first).
    pub world: Vec<WorldEntry>,
    /// The solved graph: every visited package and every followed edge.
    pub graph: DiGraph<PkgId, EdgeKind>,
    /// The query packages, in query order (duplicates removed).
    pub roots: Vec<PkgId>,
    /// Each query requirement with the package that satisfied it.
    pub query_matches: Vec<(Dependency, Option<PkgId>)>,
    /// Pre-order visit numbers (1 is the request itself), as `--solution` shows.
    pub identifiers: HashMap<PkgId, u32>,
    /// The identifier given to the flattened world.
    pub world_identifier: u32,
    /// Graph node of each visited package.
    pub nodes: HashMap<PkgId, NodeIndex>,
}

impl Resolution {
    /// The packages `pkg` requires through edges of `kind`, in the order its
    /// `.pc` file lists them (only edges the solver followed).
    pub fn dependencies(&self, pkg: PkgId, kind: EdgeKind) -> Vec<PkgId> {
        let Some(&n) = self.nodes.get(&pkg) else {
            return Vec::new();
        };
        // petgraph lists a node's edges newest first.
        let mut v: Vec<PkgId> = self
            .graph
            .edges(n)
            .filter(|e| *e.weight() == kind)
            .map(|e| self.graph[e.target()])
            .collect();
        v.reverse();
        v
    }

    /// The packages output is built from: world order, each once, skipping
    /// privately reached ones unless `include_private`.
    pub fn packages(&self, include_private: bool) -> Vec<PkgId> {
        let mut seen = std::collections::HashSet::new();
        self.world
            .iter()
            .filter(|e| include_private || !e.private)
            .filter(|e| seen.insert(e.pkg))
            .map(|e| e.pkg)
            .collect()
    }

    /// Like [`Resolution::packages`], with the entry that brought each in.
    pub fn entries(&self, include_private: bool) -> Vec<&WorldEntry> {
        let mut seen = std::collections::HashSet::new();
        self.world
            .iter()
            .filter(|e| include_private || !e.private)
            .filter(|e| seen.insert(e.pkg))
            .collect()
    }
}

/// The lists walked for one package, in walk order.
const WALK_ORDER: [DepKind; 4] = [
    DepKind::Public,
    DepKind::Shared,
    DepKind::Private,
    DepKind::Internal,
];

/// Per-package state of one solve.
#[derive(Debug, Clone, Default)]
struct State {
    visited_a: bool,
    visited_b: bool,
    ancestor: bool,
    visited_private: bool,
    /// Visited with depth left (its own requirements were walked).
    expanded: bool,
}

struct Solver<'r> {
    reg: &'r mut Registry,
    opts: SolveOptions,
    state: HashMap<PkgId, State>,
    /// Resolved dependency: (package, list, index) → package.
    matches: HashMap<(PkgId, DepKind, usize), PkgId>,
    /// Edges removed to break cycles.
    broken: std::collections::HashSet<(PkgId, DepKind, usize)>,
    query_matches: Vec<Option<PkgId>>,
    problems: Vec<Problem>,
    counter: u32,
    identifiers: HashMap<PkgId, u32>,
    graph: DiGraph<PkgId, EdgeKind>,
    nodes: HashMap<PkgId, NodeIndex>,
    cycle_diags: Vec<Diagnostic>,
    /// The flattened solution, built back to front.
    world_rev: Vec<WorldEntry>,
}

/// What a depth value means: remaining levels, `None` unlimited.
type Depth = Option<u32>;

fn dec(d: Depth) -> Depth {
    d.map(|n| n.saturating_sub(1))
}

fn exhausted(d: Depth) -> bool {
    d == Some(0)
}

impl<'r> Solver<'r> {
    fn shared_mode(&self) -> bool {
        !self.opts.merge_private
    }

    fn lists(&self) -> Vec<DepKind> {
        WALK_ORDER
            .iter()
            .copied()
            .filter(|k| *k != DepKind::Shared || self.shared_mode())
            .collect()
    }

    fn node(&mut self, p: PkgId) -> NodeIndex {
        if let Some(&n) = self.nodes.get(&p) {
            return n;
        }
        let n = self.graph.add_node(p);
        self.nodes.insert(p, n);
        n
    }

    fn st(&mut self, p: PkgId) -> &mut State {
        self.state.entry(p).or_default()
    }

    /// Finds the package for `dep`, checking its version.
    fn resolve(&mut self, dep: &Dependency, required_by: Option<&str>) -> Result<PkgId, Problem> {
        let not_found = || Problem::NotFound {
            name: dep.name.clone(),
            required_by: required_by.map(str::to_owned),
        };
        match self.reg.find(&dep.name) {
            Some(id) => {
                let pkg = self.reg.get(id);
                let ok = match dep.version.as_deref() {
                    Some(want) => dep.comparator.matches(pkg.version_str(), want),
                    None => true,
                };
                if ok {
                    Ok(id)
                } else {
                    Err(Problem::VersionMismatch {
                        name: pkg.id.clone(),
                        found: pkg.version_str().to_owned(),
                        dep: dep.clone(),
                        required_by: required_by.map(str::to_owned),
                    })
                }
            }
            None if self.opts.skip_provides => Err(not_found()),
            None => self.reg.find_provider(dep).ok_or_else(not_found),
        }
    }

    /// Whether an edge of `kind` is descended into.
    fn follows(&self, kind: DepKind) -> bool {
        kind != DepKind::Private || self.opts.search_private
    }

    /// Pass 1: resolve and verify, depth first, each package once.
    fn verify(&mut self, query: &[Dependency]) {
        self.counter = 1; // the request itself
        // The request's own requirements, each resolved then walked in turn.
        let depth = dec(self.opts.max_depth);
        for dep in query {
            if dep.name.is_empty() {
                self.query_matches.push(None);
                continue;
            }
            match self.resolve(dep, None) {
                Ok(id) => {
                    self.query_matches.push(Some(id));
                    self.visit(id, depth);
                }
                Err(p) => {
                    self.problems.push(p);
                    self.query_matches.push(None);
                }
            }
        }
    }

    /// Depth-first visit with an explicit stack (hostile graphs can be deep).
    fn visit(&mut self, start: PkgId, depth: Depth) {
        struct Frame {
            pkg: PkgId,
            depth: Depth,
            lists: Vec<DepKind>,
            list: usize,
            idx: usize,
        }
        let lists = self.lists();
        let mut stack: Vec<Frame> = Vec::new();
        let enter = |s: &mut Self, pkg: PkgId, depth: Depth, stack: &mut Vec<Frame>| {
            if exhausted(depth) || s.st(pkg).visited_a {
                return;
            }
            s.counter += 1;
            let c = s.counter;
            s.identifiers.entry(pkg).or_insert(c);
            let st = s.st(pkg);
            st.visited_a = true;
            st.ancestor = true;
            st.expanded = true;
            s.node(pkg);
            stack.push(Frame {
                pkg,
                depth,
                lists: lists.clone(),
                list: 0,
                idx: 0,
            });
        };
        enter(self, start, depth, &mut stack);
        while let Some(top) = stack.last_mut() {
            let (pkg, depth) = (top.pkg, top.depth);
            let Some(&kind) = top.lists.get(top.list) else {
                self.st(pkg).ancestor = false;
                stack.pop();
                continue;
            };
            let deps = self.reg.get(pkg).deps(kind);
            let Some(dep) = deps.get(top.idx).cloned() else {
                top.list += 1;
                top.idx = 0;
                continue;
            };
            let idx = top.idx;
            top.idx += 1;
            if dep.name.is_empty() || self.broken.contains(&(pkg, kind, idx)) {
                continue;
            }
            let parent_id = self.reg.get(pkg).id.clone();
            let target = match self.matches.get(&(pkg, kind, idx)) {
                Some(&t) => t,
                None => match self.resolve(&dep, Some(&parent_id)) {
                    Ok(t) => {
                        self.matches.insert((pkg, kind, idx), t);
                        t
                    }
                    Err(p) => {
                        if kind == DepKind::Internal && !self.opts.require_internal {
                            continue;
                        }
                        self.problems.push(p);
                        continue;
                    }
                },
            };
            if self.st(target).ancestor {
                if kind != DepKind::Private && kind != DepKind::Internal {
                    let target_id = self.reg.get(target).id.clone();
                    self.broken.insert((pkg, kind, idx));
                    self.cycle_diags.push(
                        Diagnostic::warning(
                            Code::CircularReference,
                            format!("{parent_id}: breaking circular reference ({parent_id} -> {target_id} -> {parent_id})"),
                        ),
                    );
                }
                continue;
            }
            if !self.follows(kind) {
                continue;
            }
            let (a, b) = (self.node(pkg), self.node(target));
            self.graph.add_edge(a, b, EdgeKind::Dep(kind));
            enter(self, target, dec(depth), &mut stack);
        }
    }
}

impl Solver<'_> {
    /// The lists of a package in flattening order (processed back to front).
    fn flatten_lists(&self) -> Vec<DepKind> {
        let mut v = vec![DepKind::Public];
        if self.shared_mode() {
            v.push(DepKind::Shared);
        }
        v.push(DepKind::Internal);
        if self.opts.search_private {
            v.push(DepKind::Private);
        }
        v
    }

    /// Pass 2: order the solution. Each package is prepended after all the
    /// packages it depends on, so every package precedes its dependencies.
    fn flatten(&mut self, query: &[Dependency]) {
        struct Frame {
            /// Remaining (dependency, kind, target) steps, last one next.
            steps: Vec<(Dependency, EdgeKind, PkgId)>,
            depth: Depth,
            /// The entry to prepend once this frame's package is done.
            done: Option<WorldEntry>,
        }
        let lists = self.flatten_lists();
        // Steps of a package, in processing order (reverse of list order).
        let steps_of = |s: &Self, pkg: PkgId| -> Vec<(Dependency, EdgeKind, PkgId)> {
            let mut v = Vec::new();
            for &kind in &lists {
                for (idx, dep) in s.reg.get(pkg).deps(kind).iter().enumerate() {
                    if dep.name.is_empty() || s.broken.contains(&(pkg, kind, idx)) {
                        continue;
                    }
                    if let Some(&t) = s.matches.get(&(pkg, kind, idx)) {
                        v.push((dep.clone(), EdgeKind::Dep(kind), t));
                    }
                }
            }
            // Popped from the back: the stack order is already "reverse".
            v
        };
        let query_steps: Vec<(Dependency, EdgeKind, PkgId)> = query
            .iter()
            .zip(self.query_matches.iter())
            .filter_map(|(d, m)| m.map(|m| (d.clone(), EdgeKind::Query, m)))
            .collect();
        let mut stack = vec![Frame {
            steps: query_steps,
            depth: self.opts.max_depth,
            done: None,
        }];
        while let Some(top) = stack.last_mut() {
            let Some((dep, kind, target)) = top.steps.pop() else {
                let f = stack.pop();
                if let Some(e) = f.and_then(|f| f.done) {
                    self.world_rev.push(e);
                }
                continue;
            };
            let depth = top.depth;
            if self.st(target).visited_b {
                continue;
            }
            let private = kind == EdgeKind::Dep(DepKind::Private);
            self.st(target).visited_private = private;
            let entry = WorldEntry {
                pkg: target,
                dep,
                kind,
                private,
            };
            let child_depth = dec(depth);
            if exhausted(child_depth) {
                // Not marked visited: pkgconf prepends it again if reached again.
                self.world_rev.push(entry);
                continue;
            }
            self.st(target).visited_b = true;
            let steps = steps_of(self, target);
            stack.push(Frame {
                steps,
                depth: child_depth,
                done: Some(entry),
            });
        }
    }

    /// Pass 3 (static resolutions): packages reachable from the query
    /// through non-private edges are not private after all.
    fn mark_public(&mut self) {
        let graph = &self.graph;
        let filtered = EdgeFiltered::from_fn(graph, |e| {
            *petgraph::visit::EdgeRef::weight(&e) != EdgeKind::Dep(DepKind::Private)
        });
        let mut public = std::collections::HashSet::new();
        for m in self.query_matches.iter().flatten() {
            if let Some(&n) = self.nodes.get(m) {
                let mut dfs = Dfs::new(&filtered, n);
                while let Some(x) = dfs.next(&filtered) {
                    public.insert(graph[x]);
                }
            } else {
                public.insert(*m);
            }
        }
        for e in &mut self.world_rev {
            if public.contains(&e.pkg) {
                e.private = false;
            }
        }
        for p in public {
            self.st(p).visited_private = false;
        }
    }

    /// `Conflicts` rules of expanded packages against the whole solution.
    fn check_conflicts(&mut self) {
        let mut in_solution: Vec<PkgId> = self.query_matches.iter().flatten().copied().collect();
        in_solution.extend(
            self.state
                .iter()
                .filter(|(_, s)| s.visited_a)
                .map(|(p, _)| *p),
        );
        in_solution.sort();
        in_solution.dedup();
        let mut expanded: Vec<PkgId> = self
            .state
            .iter()
            .filter(|(_, s)| s.expanded)
            .map(|(p, _)| *p)
            .collect();
        expanded.sort_by_key(|p| self.identifiers.get(p).copied().unwrap_or(u32::MAX));
        for r in expanded {
            let rp = self.reg.get(r);
            for rule in &rp.conflicts {
                for &other in &in_solution {
                    let op = self.reg.get(other);
                    if other == r || op.id != rule.name {
                        continue;
                    }
                    let hit = match rule.version.as_deref() {
                        Some(v) => rule.comparator.matches(op.version_str(), v),
                        None => true,
                    };
                    if hit {
                        self.problems.push(Problem::Conflict {
                            name: op.id.clone(),
                            version: op.version_str().to_owned(),
                            by: rp.id.clone(),
                            rule: rule.clone(),
                        });
                        return;
                    }
                }
            }
        }
    }
}

/// Solves `query` against the packages of `reg`.
///
/// Cycle warnings go to `sink` (pkgconf shows them under `--validate`).
/// On failure every problem found is returned, in discovery order.
pub fn solve(
    reg: &mut Registry,
    query: &[Dependency],
    opts: SolveOptions,
    sink: &mut dyn DiagnosticSink,
) -> Result<Resolution, Vec<Problem>> {
    let mut s = Solver {
        reg,
        opts,
        state: HashMap::new(),
        matches: HashMap::new(),
        broken: std::collections::HashSet::new(),
        query_matches: Vec::new(),
        problems: Vec::new(),
        counter: 0,
        identifiers: HashMap::new(),
        graph: DiGraph::new(),
        nodes: HashMap::new(),
        cycle_diags: Vec::new(),
        world_rev: Vec::new(),
    };
    s.verify(query);
    for d in s.cycle_diags.drain(..) {
        sink.emit(d);
    }
    if s.problems.is_empty() && !opts.skip_conflicts {
        s.check_conflicts();
    }
    if !s.problems.is_empty() {
        return Err(s.problems);
    }
    s.flatten(query);
    if opts.search_private {
        s.mark_public();
    }
    let mut world = std::mem::take(&mut s.world_rev);
    world.reverse();
    let mut roots = Vec::new();
    for m in s.query_matches.iter().flatten() {
        if !roots.contains(m) {
            roots.push(*m);
        }
    }
    let world_identifier = s.counter + 1;
    let query_matches = query
        .iter()
        .cloned()
        .zip(s.query_matches.iter().copied())
        .collect();
    Ok(Resolution {
        world,
        graph: s.graph,
        roots,
        query_matches,
        identifiers: s.identifiers,
        world_identifier,
        nodes: s.nodes,
    })
}
