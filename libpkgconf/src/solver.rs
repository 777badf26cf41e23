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
use crate::package::{DepKind, Package};
use crate::registry::{PkgId, Registry};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

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
    /// The package.
    pub pkg: PkgId,
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
    #[error(
        "Package '{name}' has version '{found}', required version is '{}'",
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
    /// Requirements (package, list, index) cut to break dependency cycles.
    broken: HashSet<(PkgId, DepKind, usize)>,
    /// Each resolved requirement (package, list, index) and what it resolved to.
    links: HashMap<(PkgId, DepKind, usize), PkgId>,
}

impl Resolution {
    /// The package that requirement `idx` of `pkg`'s `kind` list resolved to.
    pub fn resolved(&self, pkg: PkgId, kind: DepKind, idx: usize) -> Option<PkgId> {
        self.links.get(&(pkg, kind, idx)).copied()
    }

    /// Whether requirement `idx` of `pkg`'s `kind` list was cut to break a cycle.
    pub fn is_broken(&self, pkg: PkgId, kind: DepKind, idx: usize) -> bool {
        self.broken.contains(&(pkg, kind, idx))
    }

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
/// `Private` stands for pkgconf's combined private/internal list.
const WALK_ORDER: [DepKind; 3] = [DepKind::Public, DepKind::Shared, DepKind::Private];

/// Per-package state of one solve.
#[derive(Debug, Clone, Default)]
struct State {
    visited_a: bool,
    visited_b: bool,
    ancestor: bool,
    /// Visited with depth left (its own requirements were walked).
    expanded: bool,
    /// Pre-order visit number.
    identifier: u32,
    node: Option<NodeIndex>,
    /// The package's requirements as resolved by pass 1, in walk order.
    links: Vec<Link>,
}

/// One requirement of an expanded package, after resolution.
#[derive(Debug, Clone, Copy)]
struct Link {
    kind: DepKind,
    /// Index into the package's list of that kind.
    idx: usize,
    target: PkgId,
}

struct Solver<'r> {
    reg: &'r mut Registry,
    opts: SolveOptions,
    /// Indexed by `PkgId`.
    state: Vec<State>,
    query_matches: Vec<Option<PkgId>>,
    problems: Vec<Problem>,
    counter: u32,
    graph: DiGraph<PkgId, EdgeKind>,
    cycle_diags: Vec<Diagnostic>,
    /// Requirements cut to break cycles.
    broken: Vec<(PkgId, DepKind, usize)>,
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

impl Solver<'_> {
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

    fn st(&mut self, p: PkgId) -> &mut State {
        if self.state.len() <= p.0 {
            self.state.resize_with(p.0 + 1, State::default);
        }
        &mut self.state[p.0]
    }

    fn state_of(&self, p: PkgId) -> Option<&State> {
        self.state.get(p.0)
    }

    fn node(&mut self, p: PkgId) -> NodeIndex {
        if let Some(n) = self.st(p).node {
            return n;
        }
        let n = self.graph.add_node(p);
        self.st(p).node = Some(n);
        n
    }

    /// Finds the package for `dep`, checking its version.
    fn resolve(
        &mut self,
        dep: &Dependency,
        required_by: Option<&str>,
    ) -> Result<PkgId, Box<Problem>> {
        let not_found = || {
            Box::new(Problem::NotFound {
                name: dep.name.clone(),
                required_by: required_by.map(str::to_owned),
            })
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
                    Err(Box::new(Problem::VersionMismatch {
                        name: pkg.id.clone(),
                        found: pkg.version_str().to_owned(),
                        dep: dep.clone(),
                        required_by: required_by.map(str::to_owned),
                    }))
                }
            }
            None if self.opts.skip_provides => Err(not_found()),
            None => self.reg.find_provider(dep).ok_or_else(not_found),
        }
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
                    self.problems.push(*p);
                    self.query_matches.push(None);
                }
            }
        }
    }

    /// Marks `pkg` visited and returns its frame, unless it was visited or
    /// no depth is left.
    fn enter(&mut self, pkg: PkgId, depth: Depth) -> Option<Frame> {
        if exhausted(depth) || self.st(pkg).visited_a {
            return None;
        }
        self.counter += 1;
        let c = self.counter;
        let st = self.st(pkg);
        st.visited_a = true;
        st.ancestor = true;
        st.expanded = true;
        if st.identifier == 0 {
            st.identifier = c;
        }
        self.node(pkg);
        Some(Frame {
            pkg: self.reg.shared(pkg),
            id: pkg,
            depth,
            list: 0,
            idx: 0,
        })
    }

    /// Depth-first visit with an explicit stack (hostile graphs can be deep).
    fn visit(&mut self, start: PkgId, depth: Depth) {
        let lists = self.lists();
        let mut stack: Vec<Frame> = Vec::new();
        stack.extend(self.enter(start, depth));
        while let Some(top) = stack.last_mut() {
            let (id, depth) = (top.id, top.depth);
            let Some(&kind) = lists.get(top.list) else {
                self.st(id).ancestor = false;
                stack.pop();
                continue;
            };
            let pkg = Rc::clone(&top.pkg);
            let Some((kind, idx, dep)) = pkg.walk_dep(kind, top.idx) else {
                top.list += 1;
                top.idx = 0;
                continue;
            };
            top.idx += 1;
            if dep.name.is_empty() {
                continue;
            }
            let target = match self.resolve(dep, Some(&pkg.id)) {
                Ok(t) => t,
                Err(p) => {
                    if kind != DepKind::Internal || self.opts.require_internal {
                        self.problems.push(*p);
                    }
                    continue;
                }
            };
            if self.st(target).ancestor {
                // A cycle: public edges are cut (and reported), private ones skipped.
                if kind != DepKind::Private && kind != DepKind::Internal {
                    self.broken.push((id, kind, idx));
                    let target_id = &self.reg.get(target).id;
                    let me = &pkg.id;
                    self.cycle_diags.push(Diagnostic::warning(
                        Code::CircularReference,
                        format!("{me}: breaking circular reference ({me} -> {target_id} -> {me})"),
                    ));
                }
                continue;
            }
            self.st(id).links.push(Link { kind, idx, target });
            let (a, b) = (self.node(id), self.node(target));
            self.graph.add_edge(a, b, EdgeKind::Dep(kind));
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

    /// Pass 2: order the solution. Each package is prepended after all the
    /// packages it depends on, so every package precedes its dependencies.
    fn flatten(&mut self, query: &[Dependency]) {
        struct Step {
            /// The package whose requirement this is (`None`: the query).
            from: Option<PkgId>,
            kind: EdgeKind,
            /// Index into the query or the package's list.
            idx: usize,
            target: PkgId,
        }
        struct Flat {
            /// Remaining steps, the next one last.
            steps: Vec<Step>,
            depth: Depth,
            /// Inside the walk of some `Requires.private` list.
            private_ctx: bool,
            /// The entry to prepend once this frame's package is done.
            done: Option<WorldEntry>,
        }
        // Pass 1 stored links in walk order; pkgconf flattens the public list
        // last-processed (so it ends up first), then shared, internal, private.
        let steps_of = |s: &Self, pkg: PkgId| -> Vec<Step> {
            let mut v: Vec<Step> = Vec::new();
            let links = s.state_of(pkg).map_or(&[][..], |st| &st.links[..]);
            for kinds in FLATTEN_ORDER {
                if !kinds.iter().any(|k| s.flattens(*k)) {
                    continue;
                }
                v.extend(
                    links
                        .iter()
                        .filter(|l| kinds.contains(&l.kind))
                        .map(|l| Step {
                            from: Some(pkg),
                            kind: EdgeKind::Dep(l.kind),
                            idx: l.idx,
                            target: l.target,
                        }),
                );
            }
            v
        };
        let query_steps: Vec<Step> = self
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
            steps: query_steps,
            depth: self.opts.max_depth,
            private_ctx: false,
            done: None,
        }];
        while let Some(top) = stack.last_mut() {
            let Some(step) = top.steps.pop() else {
                if let Some(e) = stack.pop().and_then(|f| f.done) {
                    self.world_rev.push(e);
                }
                continue;
            };
            let depth = top.depth;
            let target = step.target;
            if self.st(target).visited_b {
                continue;
            }
            let private = step.kind == EdgeKind::Dep(DepKind::Private);
            // Everything under the private/internal list is "visited
            // privately"; static links merge private packages, so nothing is.
            let in_private_list = private || step.kind == EdgeKind::Dep(DepKind::Internal);
            let private_ctx = (in_private_list || top.private_ctx) && !self.opts.merge_private;
            let dep = match (step.from, step.kind) {
                (Some(from), EdgeKind::Dep(k)) => self.reg.get(from).deps(k).get(step.idx).cloned(),
                _ => query.get(step.idx).cloned(),
            };
            let Some(dep) = dep else { continue };
            let entry = WorldEntry {
                pkg: target,
                dep,
                kind: step.kind,
                private,
                visited_private: private_ctx,
            };
            let child_depth = dec(depth);
            if exhausted(child_depth) {
                // Not marked visited: pkgconf prepends it again if reached again.
                self.world_rev.push(entry);
                continue;
            }
            self.st(target).visited_b = true;
            let steps = steps_of(self, target);
            stack.push(Flat {
                steps,
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
        let mut stack: Vec<(PkgId, Depth)> = Vec::new();
        let depth = dec(self.opts.max_depth);
        for m in self.query_matches.iter().rev().flatten() {
            stack.push((*m, depth));
        }
        while let Some((p, depth)) = stack.pop() {
            if exhausted(depth) || seen.get(p.0).copied().unwrap_or(true) {
                continue;
            }
            seen[p.0] = true;
            public[p.0] = true;
            if let Some(st) = self.state.get(p.0) {
                let kids = st.links.iter().rev().filter(|l| l.kind != DepKind::Private);
                stack.extend(kids.map(|l| (l.target, dec(depth))));
            }
        }
        for e in &mut self.world_rev {
            if public.get(e.pkg.0).copied().unwrap_or(false) {
                e.private = false;
                e.visited_private = false;
            }
        }
    }

    /// `Conflicts` rules of expanded packages against the whole solution.
    fn check_conflicts(&mut self) {
        let ids = |f: fn(&State) -> bool, s: &Self| -> Vec<PkgId> {
            s.state
                .iter()
                .enumerate()
                .filter(|(_, st)| f(st))
                .map(|(i, _)| PkgId(i))
                .collect()
        };
        let mut expanded = ids(|st| st.expanded, self);
        expanded.retain(|p| !self.reg.get(*p).conflicts.is_empty());
        if expanded.is_empty() {
            return;
        }
        expanded.sort_by_key(|p| self.state[p.0].identifier);
        let mut in_solution = ids(|st| st.visited_a, self);
        in_solution.extend(self.query_matches.iter().flatten().copied());
        let mut by_name: HashMap<&str, Vec<PkgId>> = HashMap::new();
        for &p in &in_solution {
            let list = by_name.entry(self.reg.get(p).id.as_str()).or_default();
            if !list.contains(&p) {
                list.push(p);
            }
        }
        for r in expanded {
            let rp = self.reg.get(r);
            for rule in &rp.conflicts {
                for &other in by_name.get(rule.name.as_str()).map_or(&[][..], |v| &v[..]) {
                    let op = self.reg.get(other);
                    if other == r {
                        continue;
                    }
                    let hit = match rule.version.as_deref() {
                        Some(v) => rule.comparator.matches(op.version_str(), v),
                        None => true,
                    };
                    if hit {
                        let problem = Problem::Conflict {
                            name: op.id.clone(),
                            version: op.version_str().to_owned(),
                            by: rp.id.clone(),
                            rule: rule.clone(),
                        };
                        self.problems.push(problem);
                        return;
                    }
                }
            }
        }
    }
}

/// A package being walked by pass 1.
struct Frame {
    pkg: Rc<Package>,
    id: PkgId,
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
        state: Vec::new(),
        query_matches: Vec::new(),
        problems: Vec::new(),
        counter: 0,
        graph: DiGraph::new(),
        cycle_diags: Vec::new(),
        broken: Vec::new(),
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
    s.mark_public();
    let mut world = std::mem::take(&mut s.world_rev);
    world.reverse();
    let mut seen_roots = HashSet::new();
    let roots: Vec<PkgId> = s
        .query_matches
        .iter()
        .flatten()
        .copied()
        .filter(|m| seen_roots.insert(*m))
        .collect();
    // pkgconf numbers the world when an output walk reaches it, and then any
    // package the depth limit kept pass 1 from numbering, in world order.
    let world_identifier = s.counter + 1;
    let mut next = world_identifier;
    for e in &world {
        let st = s.st(e.pkg);
        if st.identifier == 0 {
            next += 1;
            st.identifier = next;
        }
    }
    let query_matches = query
        .iter()
        .cloned()
        .zip(s.query_matches.iter().copied())
        .collect();
    let mut links = HashMap::new();
    let mut identifiers = HashMap::new();
    let mut nodes = HashMap::new();
    for (i, st) in s.state.iter().enumerate() {
        if st.identifier != 0 {
            identifiers.insert(PkgId(i), st.identifier);
        }
        if let Some(n) = st.node {
            nodes.insert(PkgId(i), n);
        }
        links.extend(
            st.links
                .iter()
                .map(|l| ((PkgId(i), l.kind, l.idx), l.target)),
        );
    }
    Ok(Resolution {
        world,
        graph: s.graph,
        roots,
        query_matches,
        identifiers,
        world_identifier,
        nodes,
        broken: s.broken.into_iter().collect(),
        links,
    })
}
