//! `--json`: the answer to a query as one JSON document (`docs/json.md`).
//!
//! The document is built from a [`QueryResult`] answering `--cflags
//! --libs`, so its flag texts are byte for byte what those options print,
//! and its typed fragments are the same fragments unescaped. Keys come in
//! the order written here; new keys may be added without raising
//! [`SCHEMA`].

use crate::config::{Config, LinkMode};
use crate::package::fragment::Fragment;
use crate::query::{NO_PACKAGES, Outcome, Output, Query, QueryResult, broken_sysroot};
use crate::solver::{Problem, Resolution};
use serde_json::{Map, Value, json};

/// The schema version of the document: raised only when a key changes
/// meaning or is removed.
pub(crate) const SCHEMA: u32 = 1;

/// The whole document, pretty-printed, with a final newline.
pub(crate) fn document(
    config: &Config,
    q: &Query,
    link: LinkMode,
    answer: &QueryResult,
) -> Vec<u8> {
    let res = answer.resolution();
    let doc = json!({
        "schema": SCHEMA,
        "tool": "pkgconf-rs",
        "version": env!("CARGO_PKG_VERSION"),
        "query": {
            "packages": q.words,
            "static": link.is_static(),
        },
        "outcome": outcome_name(answer.outcome()),
        "exit_code": answer.exit_code(),
        "requested": res.map_or_else(Vec::new, requested),
        "packages": res.map_or_else(Vec::new, packages),
        "cflags": flags(answer.cflags_text(), answer.cflags()),
        "libs": flags(answer.libs_text(), answer.libs()),
        "variables": res.map_or_else(|| Value::Object(Map::new()), |r| variables(config, q, r)),
        "files": answer.files().iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        "problems": problems(config, answer),
        "diagnostics": answer.diagnostics().iter().map(diagnostic).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// The name of an outcome in the document.
fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Success => "success",
        Outcome::NotFound => "not-found",
        Outcome::VersionMismatch => "version-mismatch",
        Outcome::Conflict => "conflict",
        Outcome::Broken => "broken",
        Outcome::NoPackages => "no-packages",
        Outcome::No => "no",
    }
}

/// Each requirement of the query and the package that met it.
fn requested(res: &Resolution) -> Vec<Value> {
    res.query_matches()
        .iter()
        .map(|(dep, id)| {
            let pkg = id.and_then(|id| res.package(id));
            json!({
                "requirement": dep.to_string(),
                "package": pkg.map(|p| p.id.as_str()),
            })
        })
        .collect()
}

/// The packages of the solution, in output order, each once.
fn packages(res: &Resolution) -> Vec<Value> {
    res.entries(true)
        .into_iter()
        .map(|e| {
            let p = &e.package;
            json!({
                "id": p.id,
                "name": p.name,
                "version": p.version,
                "description": p.description,
                "path": p.path.as_ref().map(|p| p.as_str()),
                "requested": res.roots().contains(&e.pkg),
                "private": e.private,
                "uninstalled": p.uninstalled,
            })
        })
        .collect()
}

/// The flags as printed and as typed fragments.
fn flags(text: &[u8], fragments: &[Fragment]) -> Value {
    json!({
        "text": String::from_utf8_lossy(text),
        "fragments": fragments.iter().map(fragment).collect::<Vec<_>>(),
    })
}

fn fragment(f: &Fragment) -> Value {
    let mut obj = Map::new();
    obj.insert("type".into(), json!(f.kind.map(String::from)));
    obj.insert("data".into(), json!(f.data()));
    obj.insert("flag".into(), json!(f.text()));
    if !f.children().is_empty() {
        let children: Vec<Value> = f.children().iter().map(fragment).collect();
        obj.insert("children".into(), Value::Array(children));
    }
    Value::Object(obj)
}

/// For each package of the query, the variables asked for (`null` when
/// the package does not define one), or all of them with
/// `--print-variables`, valued as `--variable` prints them.
fn variables(config: &Config, q: &Query, res: &Resolution) -> Value {
    let mut out = Map::new();
    let all = q.has(Output::PrintVariables);
    if !all && q.variables.is_empty() {
        return Value::Object(out);
    }
    for p in res.roots().iter().filter_map(|id| res.package(*id)) {
        let names = if all {
            p.vars.names()
        } else {
            q.variables.clone()
        };
        let values: Map<String, Value> = names
            .into_iter()
            .map(|name| {
                let value = config.shown_variable(p, &name);
                (name, json!(value))
            })
            .collect();
        out.insert(p.id.clone(), Value::Object(values));
    }
    Value::Object(out)
}

/// Why the query failed: the solver's problems, or the setup's.
fn problems(config: &Config, answer: &QueryResult) -> Vec<Value> {
    let setup = match answer.outcome() {
        Outcome::NoPackages => Some(("no-packages", NO_PACKAGES.to_owned())),
        Outcome::Broken => config
            .missing_sysroot()
            .map(|dir| ("broken", broken_sysroot(dir))),
        _ => None,
    };
    match setup {
        Some((kind, message)) => vec![json!({ "kind": kind, "message": message })],
        None => answer.problems().iter().map(problem).collect(),
    }
}

fn problem(p: &Problem) -> Value {
    let mut obj = match p {
        Problem::NotFound { name, required_by } => json!({
            "kind": "not-found",
            "package": name,
            "required_by": required_by,
        }),
        Problem::VersionMismatch {
            name,
            found,
            dep,
            required_by,
        } => json!({
            "kind": "version-mismatch",
            "package": name,
            "required_by": required_by,
            "found": found,
            "requirement": dep.to_string(),
        }),
        Problem::Conflict {
            name,
            version,
            by,
            rule,
        } => json!({
            "kind": "conflict",
            "package": name,
            "version": version,
            "conflicts_with": by,
            "rule": rule.to_string(),
        }),
    };
    obj["message"] = json!(p.to_string());
    obj
}

fn diagnostic(d: &crate::diag::Diagnostic) -> Value {
    let mut obj = Map::new();
    obj.insert("path".into(), json!(d.path.as_ref().map(|p| p.as_str())));
    obj.extend(d.json_fields());
    Value::Object(obj)
}
