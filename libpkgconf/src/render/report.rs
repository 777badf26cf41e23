//! The text of every output that is not a flag list, written the way
//! pkgconf 3.0.7 prints it. Each function appends to a byte buffer.

use crate::config::personality::Personality;
use crate::diag::{Code, Diagnostic, Severity};
use crate::package::dependency::Dependency;
use crate::package::version::Comparator;
use crate::package::{DepKind, Package};
use crate::registry::PkgId;
use crate::solver::{EdgeKind, Problem, Resolution, WorldEntry};
use std::collections::HashSet;
use std::sync::Arc;

/// A line of text.
fn line(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(text.as_bytes());
    out.push(b'\n');
}

/// `--dump-personality`.
pub(crate) fn personality(out: &mut Vec<u8>, p: &Personality) {
    let join =
        |v: &[camino::Utf8PathBuf]| v.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(":");
    line(out, &format!("Triplet: {}", p.triplet));
    if let Some(s) = &p.sysroot_dir {
        line(out, &format!("SysrootDir: {s}"));
    }
    line(
        out,
        &format!("DefaultSearchPaths: {}", join(&p.default_search_paths)),
    );
    line(
        out,
        &format!("SystemIncludePaths: {}", join(&p.system_include_paths)),
    );
    line(
        out,
        &format!("SystemLibraryPaths: {}", join(&p.system_library_paths)),
    );
    if p.want_default_pure {
        line(out, "WantDefaultPure: true");
    }
    if p.want_default_static {
        line(out, "WantDefaultStatic: true");
    }
}

/// `--list-all` (`names_only`: `--list-package-names`): each package and
/// each name it provides.
pub(crate) fn list(out: &mut Vec<u8>, packages: &[Arc<Package>], names_only: bool) {
    for p in packages.iter().filter(|p| !p.uninstalled) {
        let name = p.name.as_deref().unwrap_or("");
        let desc = p.description.as_deref().unwrap_or("");
        let provided = p.provides.iter().filter(|d| d.name() != p.id);
        if names_only {
            line(out, &p.id);
            provided.for_each(|prov| line(out, prov.name()));
            continue;
        }
        listing(out, &p.id, name, desc, None);
        for prov in provided {
            listing(out, prov.name(), name, desc, Some(&p.id));
        }
    }
}

/// One `--list-all` line: `{id:<30} {name} - {desc}`, and
/// ` (provided by {by})` for a name a package provides; written straight
/// into `out` (one line per package of a whole universe).
fn listing(out: &mut Vec<u8>, id: &str, name: &str, desc: &str, by: Option<&str>) {
    out.extend_from_slice(id.as_bytes());
    // `{:<30}` pads to 30 characters, not bytes.
    let width = id.chars().count();
    out.resize(out.len() + 30usize.saturating_sub(width), b' ');
    for part in [" ", name, " - ", desc] {
        out.extend_from_slice(part.as_bytes());
    }
    if let Some(by) = by {
        for part in [" (provided by ", by, ")"] {
            out.extend_from_slice(part.as_bytes());
        }
    }
    out.push(b'\n');
}

/// pkgconf's `--validate` lines for `d`: `path:line: warning: message`,
/// as many times as pkgconf prints it; nothing for findings pkgconf does
/// not report.
pub(crate) fn validate_lines(d: &Diagnostic, out: &mut Vec<u8>) {
    if !d.code.rule().validate {
        return;
    }
    let line = validate_line(d);
    for _ in 0..d.count {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
}

/// One `--validate` line. pkgconf prints all of its findings as warnings
/// (a missing required field included); our own limits, which refuse the
/// file, are errors.
fn validate_line(d: &Diagnostic) -> String {
    let mut s = String::new();
    if let Some(p) = &d.path {
        s.push_str(p.as_str());
        if let Some(l) = d.line.filter(|l| *l > 0) {
            s.push_str(&format!(":{l}"));
        }
        s.push_str(": ");
    }
    if d.code == Code::CircularReference {
        s.push_str(&d.message);
    } else {
        let error = d.severity == Severity::Error && d.code != Code::MissingField;
        let word = if error { "error" } else { "warning" };
        s.push_str(&format!("{word}: {}", d.message));
    }
    s
}

/// The error text of one problem, in pkgconf's words. The hint about
/// `PKG_CONFIG_PATH` comes once, with the first missing package, unless
/// `short`.
pub(crate) fn problem(p: &Problem, short: bool, hinted: &mut bool) -> String {
    match p {
        Problem::NotFound { name, required_by } => {
            let mut t = String::new();
            if !short && !*hinted {
                *hinted = true;
                t.push_str(&format!(
                    "Package {name} was not found in the pkg-config search path.\n\
                     Perhaps you should add the directory containing `{name}.pc'\n\
                     to the PKG_CONFIG_PATH environment variable\n"
                ));
            }
            match required_by {
                Some(by) => t.push_str(&format!("Package '{name}', required by '{by}', not found")),
                None => t.push_str(&format!("Package '{name}' not found")),
            }
            t
        }
        Problem::VersionMismatch { dep, .. } => {
            format!("Package dependency requirement '{dep}' could not be satisfied.\n{p}")
        }
        Problem::Conflict { .. } => {
            let mut t = format!("{p}.");
            if !short {
                t.push_str(
                    "\nIt may be possible to ignore this conflict and continue, try the\n\
                     PKG_CONFIG_IGNORE_CONFLICTS environment variable.",
                );
            }
            t
        }
    }
}

/// `--print-provides`: each package's `Provides`, then the package itself
/// at its own version (an empty version prints the bare name, as any
/// provide does).
pub(crate) fn provides(out: &mut Vec<u8>, world: &[&WorldEntry]) {
    for e in world {
        let p = &e.package;
        for d in &p.provides {
            line(out, &d.to_string());
        }
        if !p.builtin {
            let own = match p.version_str() {
                "" => Dependency::any(&p.id),
                v => Dependency::new(&p.id, Comparator::Eq, v),
            };
            line(out, &own.to_string());
        }
    }
}

/// `--modversion` (`verbose`: each line names its package), as pkgconf
/// 3.0.7 prints it: for each requirement of the query, the version of the
/// first query package whose `why` (the name it was first found by,
/// [`Resolution::why`]) the requirement's name starts with, followed by
/// nothing or an operator. A package found first by a path or by a name it
/// provides is therefore printed once for that name and not again for its
/// own (`--modversion dir/foo.pc foo` prints one line). A requirement
/// named by a path is always printed: pkgconf reads the file again as a new
/// package, whose `why` is that path.
pub(crate) fn modversions(out: &mut Vec<u8>, res: &Resolution, verbose: bool) {
    let roots: Vec<PkgId> = res.query_matches().iter().filter_map(|(_, m)| *m).collect();
    let named = |why: &str, name: &str| {
        name.strip_prefix(why)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| "<>!=".contains(c)))
    };
    for (dep, m) in res.query_matches() {
        let shown = if dep.name().ends_with(".pc") {
            *m
        } else {
            roots
                .iter()
                .copied()
                .find(|&id| res.why(id).is_some_and(|why| named(why, dep.name())))
        };
        let Some(p) = shown.and_then(|id| res.package(id)) else {
            continue;
        };
        if let Some(v) = &p.version {
            match verbose {
                true => line(out, &format!("{}: {v}", p.id)),
                false => line(out, v),
            }
        }
    }
}

/// The audit log: one `id [version]` line per package of the solution.
pub(crate) fn log(res: &Resolution) -> String {
    let mut s = String::new();
    for e in res.entries(true) {
        s.push_str(&format!("{} [{}]\n", e.package.id, e.package.version_str()));
    }
    s
}

/// The id of the package a requirement resolved to, or the requirement's
/// own name.
fn target_name(
    res: &Resolution,
    from: &crate::solver::WorldEntry,
    kind: DepKind,
    i: usize,
    d: &Dependency,
) -> String {
    res.resolved(from.pkg, kind, i)
        .and_then(|t| res.package(t))
        .map_or_else(|| d.name().to_owned(), |p| p.id.clone())
}

/// `--digraph`: graphviz dot text of the solution, in pkgconf's layout.
pub(crate) fn digraph(
    out: &mut Vec<u8>,
    res: &Resolution,
    query_nodes: bool,
    include_private: bool,
    shared_mode: bool,
) {
    const FONT: &str = "fontname=Sans fontsize=8";
    line(out, "digraph deptree {");
    line(out, &format!("edge [color=blue len=7.5 {FONT}]"));
    line(out, &format!("node [{FONT}]"));
    line(out, "");
    if query_nodes {
        line(out, &format!("\"user:request\" [{FONT}]"));
        line(out, "");
        for (dep, m) in res.query_matches() {
            let name = m
                .and_then(|id| res.package(id))
                .map_or(dep.name(), |p| p.id.as_str());
            line(out, &format!("\"user:request\" -> \"{name}\" [{FONT}]"));
        }
    }
    let mut last: Option<&str> = None;
    for e in res.entries(include_private) {
        let p = &e.package;
        let gray = if e.visited_private {
            " fontcolor=gray color=gray"
        } else {
            ""
        };
        line(
            out,
            &format!(
                "\"{}\" [{FONT}{gray} label=\"{}@{}\"]",
                p.id,
                p.id,
                p.version_str()
            ),
        );
        if let Some(prev) = last {
            line(
                out,
                &format!("\"{prev}\" -> \"{}\" [{FONT} color=red]", p.id),
            );
        }
        last = Some(&p.id);
        for (i, d) in p.requires.iter().enumerate() {
            if !res.is_broken(e.pkg, DepKind::Public, i) {
                let t = target_name(res, e, DepKind::Public, i, d);
                line(out, &format!("\"{}\" -> \"{t}\" [{FONT}]", p.id));
            }
        }
        for &(kind, i) in &p.private_order {
            if let Some(d) = p.deps(kind).get(i) {
                let t = target_name(res, e, kind, i, d);
                line(out, &format!("\"{}\" -> \"{t}\" [{FONT} color=gray]", p.id));
            }
        }
        if shared_mode {
            for (i, d) in p.requires_shared.iter().enumerate() {
                let t = target_name(res, e, DepKind::Shared, i, d);
                line(
                    out,
                    &format!("\"{}\" -> \"{t}\" [{FONT} color=orange]", p.id),
                );
            }
        }
    }
    line(out, "}");
}

fn dependency_block(out: &mut Vec<u8>, d: &Dependency) {
    let mut s = format!("    dependency '{}'", d.name());
    match (&d.version(), d.comparator()) {
        (Some(v), c) if c != Comparator::Any => s.push_str(&format!(
            " {{\n        comparator = '{}';\n        version = '{v}';\n    }};",
            c.as_str()
        )),
        _ => s.push(';'),
    }
    line(out, &s);
}

/// `--simulate`: the world, then every package reached through public
/// requirements, depth first, each once.
pub(crate) fn simulation(out: &mut Vec<u8>, res: &Resolution, include_private: bool) {
    line(out, "node 'virtual:world' {");
    for e in res.world() {
        dependency_block(out, &e.dep);
    }
    line(out, "};");
    let mut seen = HashSet::new();
    let mut stack: Vec<crate::registry::PkgId> = res
        .entries(include_private)
        .iter()
        .rev()
        .map(|e| e.pkg)
        .collect();
    let mut kinds = vec![DepKind::Public, DepKind::Shared, DepKind::Internal];
    if include_private {
        kinds.push(DepKind::Private);
    }
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(p) = res.package(id) else { continue };
        line(out, &format!("node '{}' {{", p.id));
        if let Some(v) = &p.version {
            line(out, &format!("    version = '{v}';"));
        }
        for (i, d) in p.requires.iter().enumerate() {
            if !res.is_broken(id, DepKind::Public, i) {
                dependency_block(out, d);
            }
        }
        line(out, "};");
        let mut kids: Vec<_> = kinds
            .iter()
            .flat_map(|k| res.dependencies(id, EdgeKind::Dep(*k)))
            .collect();
        kids.reverse();
        stack.extend(kids);
    }
}

/// `--solution`: the world's number, then each package with its own.
pub(crate) fn solution(out: &mut Vec<u8>, res: &Resolution, include_private: bool) {
    line(out, &format!("virtual:world ({})", res.world_identifier()));
    for e in res.entries(include_private) {
        let id = res.identifier(e.pkg).unwrap_or(0);
        let private = if e.visited_private { " [private]" } else { "" };
        line(out, &format!("{} ({id}){private}", e.package.id));
    }
}

/// `--link-abi`: the language runtimes of the solution, sorted, each once.
pub(crate) fn link_abi(out: &mut Vec<u8>, res: &Resolution, include_private: bool) {
    let mut abis: Vec<String> = Vec::new();
    for e in res.entries(include_private) {
        let list = e.package.link_abi.as_deref().unwrap_or("c");
        for abi in list
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
        {
            let abi = abi.to_ascii_lowercase();
            if !abis.contains(&abi) {
                abis.push(abi);
            }
        }
    }
    abis.sort();
    line(out, &abis.join(" "));
}
