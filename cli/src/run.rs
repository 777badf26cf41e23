//! argv → library calls → stdout and an exit code, following the order in
//! which pkgconf 3.0.7 handles its modes.

use crate::args;
use camino::Utf8PathBuf;
use clap::ArgMatches;
use libpkgconf::Env;
use libpkgconf::config::{self, Config, LinkMode, Options};
use libpkgconf::dependency::{self, Dependency};
use libpkgconf::diag::Diagnostic;
use libpkgconf::flags::{self, FlagOptions};
use libpkgconf::fragment::{self, Fragment, Syntax};
use libpkgconf::package::PKGCONF_COMPAT_VERSION;
use libpkgconf::personality::Personality;
use libpkgconf::registry::Registry;
use libpkgconf::solver::{self, Problem, Resolution, SolveOptions};
use libpkgconf::version::{self, Comparator};
use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

const HELP: &str = include_str!("help.txt");

fn about() -> String {
    format!(
        "pkgconf-rs {} (pkgconf {PKGCONF_COMPAT_VERSION} compatible)\n\
         Copyright (c) 2026 the pkgconf-rs authors\n\n\
         Permission to use, copy, modify, and/or distribute this software for any\n\
         purpose with or without fee is hereby granted, provided that the above\n\
         copyright notice and this permission notice appear in all copies.\n\n\
         This software is provided 'as is' and without any warranty, express or\n\
         implied.  In no event shall the authors be liable for any damages arising\n\
         from the use of this software.\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Where error text goes.
struct Errors {
    enabled: bool,
    to_stdout: bool,
    short: bool,
    hinted: bool,
}

impl Errors {
    fn print(&mut self, out: &mut dyn Write, text: &str) -> io::Result<()> {
        if !self.enabled {
            return Ok(());
        }
        if self.to_stdout {
            writeln!(out, "{text}")
        } else {
            let mut e = io::stderr().lock();
            writeln!(e, "{text}")
        }
    }

    fn problem(&mut self, out: &mut dyn Write, p: &Problem) -> io::Result<()> {
        let text = match p {
            Problem::NotFound { name, required_by } => {
                let mut t = String::new();
                if !self.short && !self.hinted {
                    self.hinted = true;
                    t.push_str(&format!(
                        "Package {name} was not found in the pkg-config search path.\n\
                         Perhaps you should add the directory containing `{name}.pc'\n\
                         to the PKG_CONFIG_PATH environment variable\n"
                    ));
                }
                match required_by {
                    Some(by) => {
                        t.push_str(&format!("Package '{name}', required by '{by}', not found"))
                    }
                    None => t.push_str(&format!("Package '{name}' not found")),
                }
                t
            }
            Problem::VersionMismatch { dep, .. } => {
                format!("Package dependency requirement '{dep}' could not be satisfied.\n{p}")
            }
            Problem::Conflict { .. } => {
                let mut t = format!("{p}.");
                if !self.short {
                    t.push_str(
                        "\nIt may be possible to ignore this conflict and continue, try the\n\
                         PKG_CONFIG_IGNORE_CONFLICTS environment variable.",
                    );
                }
                t
            }
            other => other.to_string(),
        };
        self.print(out, &text)
    }
}

fn flag(m: &ArgMatches, name: &str) -> bool {
    m.get_flag(name)
}

fn value<'a>(m: &'a ArgMatches, name: &str) -> Option<&'a str> {
    m.get_one::<String>(name).map(String::as_str)
}

fn env_snapshot() -> Env {
    Env::from_pairs(
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
    )
}

/// pkgconf's `--validate` line: `path:line: warning: message`.
fn validate_line(d: &Diagnostic) -> String {
    let mut s = String::new();
    if let Some(p) = &d.path {
        s.push_str(p.as_str());
        if let Some(l) = d.line.filter(|l| *l > 0) {
            s.push_str(&format!(":{l}"));
        }
        s.push_str(": ");
    }
    let sev = match d.severity {
        libpkgconf::Severity::Warning => "warning",
        _ => "error",
    };
    if d.code == libpkgconf::Code::CircularReference {
        s.push_str(&d.message);
    } else {
        s.push_str(&format!("{sev}: {}", d.message));
    }
    s
}

pub fn run(argv: Vec<OsString>) -> io::Result<ExitCode> {
    let program = argv
        .first()
        .map(|a| a.to_string_lossy().into_owned())
        .unwrap_or_default();
    let m = match args::parse(argv) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("pkgconf-rs: {}", e.0);
            return Ok(ExitCode::FAILURE);
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = run_with(&m, &program, &mut out)?;
    out.flush()?;
    Ok(code)
}

fn fail() -> io::Result<ExitCode> {
    Ok(ExitCode::FAILURE)
}

fn run_with(m: &ArgMatches, program: &str, out: &mut dyn Write) -> io::Result<ExitCode> {
    if flag(m, "help") {
        out.write_all(HELP.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if flag(m, "about") {
        out.write_all(about().as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if flag(m, "version") {
        writeln!(out, "{PKGCONF_COMPAT_VERSION}")?;
        return Ok(ExitCode::SUCCESS);
    }

    let env = env_snapshot();

    // Refuse bad output settings before doing any work.
    if let Some(types) = value(m, "fragment-filter") {
        if let Some(bad) = types.chars().find(|c| !c.is_ascii_alphabetic()) {
            eprintln!(
                "pkgconf-rs: --fragment-filter: '{bad}' is not a fragment type (types are letters, e.g. I, L, l, D)"
            );
            return fail();
        }
    }
    let log_path = value(m, "log-file")
        .map(str::to_owned)
        .or_else(|| env.get_nonempty("PKG_CONFIG_LOG").map(str::to_owned));
    let mut log = match log_path {
        Some(path) => match std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
        {
            Ok(f) => Some((path, f)),
            Err(e) => {
                eprintln!("pkgconf-rs: cannot open log file '{path}': {e}");
                return fail();
            }
        },
        None => None,
    };
    let mut want_cflags =
        flag(m, "cflags") || flag(m, "cflags-only-I") || flag(m, "cflags-only-other");
    let mut want_libs = flag(m, "libs")
        || flag(m, "libs-only-L")
        || flag(m, "libs-only-l")
        || flag(m, "libs-only-other");
    let mut errors = Errors {
        enabled: !flag(m, "silence-errors")
            && (flag(m, "print-errors")
                || want_cflags
                || want_libs
                || flag(m, "modversion")
                || flag(m, "print-variables")
                || flag(m, "list-all")
                || flag(m, "validate")),
        to_stdout: flag(m, "errors-to-stdout") || flag(m, "validate"),
        short: flag(m, "short-errors"),
        hinted: false,
    };

    let max_depth = match value(m, "maximum-traverse-depth") {
        Some(v) => match config::parse_depth(v) {
            Ok(d) => Some(d),
            Err(e) => {
                eprintln!("pkgconf-rs: {e}");
                return fail();
            }
        },
        None => None,
    };
    let define_variables = m
        .get_many::<String>("define-variable")
        .into_iter()
        .flatten()
        .filter_map(|d| d.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect();
    let static_ = flag(m, "static");
    let opts = Options {
        with_path: m
            .get_many::<String>("with-path")
            .into_iter()
            .flatten()
            .map(Utf8PathBuf::from)
            .collect(),
        env_only: flag(m, "env-only"),
        define_variables,
        keep_system_cflags: flag(m, "keep-system-cflags"),
        keep_system_libs: flag(m, "keep-system-libs"),
        no_uninstalled: flag(m, "no-uninstalled"),
        no_provides: flag(m, "no-provides"),
        ignore_conflicts: flag(m, "ignore-conflicts") || env.is_set("PKG_CONFIG_IGNORE_CONFLICTS"),
        define_prefix: if flag(m, "dont-define-prefix")
            || env.is_set("PKG_CONFIG_DONT_DEFINE_PREFIX")
        {
            Some(false)
        } else if flag(m, "define-prefix") {
            Some(true)
        } else {
            None
        },
        prefix_variable: value(m, "prefix-variable").map(str::to_owned),
        max_depth,
        link: LinkMode {
            static_,
            pure: flag(m, "pure"),
            shared: flag(m, "shared"),
        },
    };
    let dirs = libpkgconf::personality::search_dirs(&env);
    let personality = match value(m, "personality") {
        Some(arg) => Personality::select(arg, &dirs),
        None => Personality::triplet_from_program_name(program)
            .and_then(|t| Personality::find(t, &dirs))
            .unwrap_or_else(|| Ok(Personality::host())),
    };
    let personality = match personality {
        Ok(p) => p,
        Err(e) => {
            eprintln!("pkgconf-rs: {e}");
            return fail();
        }
    };
    let config = match Config::new(&env, personality, &opts) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("pkgconf-rs: {e}");
            return fail();
        }
    };

    if flag(m, "dump-personality") {
        let p = &config.personality;
        let join = |v: &[Utf8PathBuf]| v.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(":");
        writeln!(out, "Triplet: {}", p.triplet)?;
        if let Some(s) = &p.sysroot_dir {
            writeln!(out, "SysrootDir: {s}")?;
        }
        writeln!(out, "DefaultSearchPaths: {}", join(&p.default_search_paths))?;
        writeln!(out, "SystemIncludePaths: {}", join(&p.system_include_paths))?;
        writeln!(out, "SystemLibraryPaths: {}", join(&p.system_library_paths))?;
        if p.want_default_pure {
            writeln!(out, "WantDefaultPure: true")?;
        }
        if p.want_default_static {
            writeln!(out, "WantDefaultStatic: true")?;
        }
        return Ok(ExitCode::SUCCESS);
    }

    if let Some(v) = value(m, "atleast-pkgconfig-version") {
        let ok = version::compare(PKGCONF_COMPAT_VERSION, v) != std::cmp::Ordering::Less;
        return Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }

    let debug = flag(m, "debug");
    if debug {
        let mut e = io::stderr().lock();
        writeln!(e, "pkgconf-rs: personality {}", config.personality.triplet)?;
        for d in &config.search_path {
            writeln!(e, "pkgconf-rs: search path: {d}")?;
        }
        for b in ["pkg-config", "pkgconf"] {
            writeln!(e, "pkgconf-rs: preloading pkg {b} (built in)")?;
        }
    }
    let mut reg = Registry::new(config);

    if flag(m, "list-all") || flag(m, "list-package-names") {
        let names_only = !flag(m, "list-all");
        for id in reg.all() {
            let p = reg.get(id);
            if p.uninstalled {
                continue;
            }
            let name = p.name.as_deref().unwrap_or("");
            let desc = p.description.as_deref().unwrap_or("");
            if names_only {
                writeln!(out, "{}", p.id)?;
            } else {
                writeln!(out, "{:<30} {name} - {desc}", p.id)?;
            }
            for prov in p.provides.iter().filter(|d| d.name != p.id) {
                if names_only {
                    writeln!(out, "{}", prov.name)?;
                } else {
                    writeln!(
                        out,
                        "{:<30} {name} - {desc} (provided by {})",
                        prov.name, p.id
                    )?;
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let words: Vec<String> = m
        .get_many::<String>("packages")
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let mut query: Vec<Dependency> = dependency::parse_query(&words);
    for (opt, cmp) in [
        ("atleast-version", Comparator::Ge),
        ("exact-version", Comparator::Eq),
        ("max-version", Comparator::Le),
    ] {
        if let Some(v) = value(m, opt) {
            dependency::constrain_unversioned(&mut query, cmp, v);
        }
    }
    if query.is_empty() {
        eprintln!("Please specify at least one package name on the command line.");
        return fail();
    }

    let metadata = flag(m, "modversion")
        || flag(m, "print-requires")
        || flag(m, "print-requires-private")
        || flag(m, "print-provides")
        || flag(m, "print-variables")
        || flag(m, "path")
        || value(m, "variable").is_some();
    let link = reg.config().link;
    let merge_private = link.is_static() && !link.pure;
    let search_private = link.is_static() || want_cflags || flag(m, "print-requires-private");
    let solve_opts = SolveOptions {
        search_private,
        merge_private,
        require_internal: (link.is_static() && want_libs) || flag(m, "exists"),
        // pkgconf 3.0.7 reports licences and sources even for conflicting sets.
        skip_conflicts: reg.config().ignore_conflicts
            || flag(m, "license")
            || flag(m, "license-file")
            || flag(m, "source"),
        skip_provides: !reg.config().use_provides,
        max_depth: if metadata {
            Some(1)
        } else {
            reg.config().max_depth
        },
    };

    // A sysroot that does not exist while the search path points inside it
    // means every lookup fails; say why instead of "not found".
    if let Some(dir) = reg.config().missing_sysroot() {
        eprintln!(
            "pkgconf-rs: the sysroot '{dir}' does not exist (the search path points inside it)"
        );
        return fail();
    }
    let mut cycle_diags: Vec<Diagnostic> = Vec::new();
    let solved = solver::solve(&mut reg, &query, solve_opts, &mut cycle_diags);
    if debug {
        let mut e = io::stderr().lock();
        for id in reg.loaded() {
            let p = reg.get(id);
            let from = p
                .path
                .as_ref()
                .map_or_else(|| "(built in)".to_owned(), |p| p.to_string());
            writeln!(
                e,
                "pkgconf-rs: loaded pkg {} [{}] from {from}",
                p.id,
                p.version_str()
            )?;
        }
        for d in reg.diagnostics().iter().chain(cycle_diags.iter()) {
            writeln!(e, "pkgconf-rs: {d}")?;
        }
        writeln!(
            e,
            "pkgconf-rs: solve {}",
            if solved.is_ok() {
                "succeeded"
            } else {
                "failed"
            }
        )?;
    }

    if flag(m, "validate") {
        let mut diags: Vec<Diagnostic> = reg.diagnostics().to_vec();
        diags.extend(cycle_diags);
        // pkgconf does not report variable cycles; our lint does.
        for d in diags
            .iter()
            .filter(|d| d.code != libpkgconf::Code::VariableCycle)
        {
            writeln!(out, "{}", validate_line(d))?;
        }
    }

    let res = match solved {
        Ok(r) => r,
        Err(problems) => {
            for p in &problems {
                errors.problem(out, p)?;
            }
            return fail();
        }
    };

    if let Some((path, file)) = log.as_mut() {
        if let Err(e) = write_log(&reg, &res, file) {
            eprintln!("pkgconf-rs: cannot write log file '{path}': {e}");
            return fail();
        }
    }

    if flag(m, "simulate") {
        print_simulation(out, &reg, &res, search_private)?;
        want_cflags = false;
        want_libs = false;
    }
    if flag(m, "validate") {
        return Ok(ExitCode::SUCCESS);
    }

    let world = res.entries(search_private);
    if flag(m, "license") || flag(m, "license-file") || flag(m, "source") {
        for e in &world {
            let p = reg.get(e.pkg);
            let v = if flag(m, "license") {
                p.license_expression()
                    .unwrap_or_else(|| "NOASSERTION".to_owned())
            } else if flag(m, "license-file") {
                p.license_file.clone().unwrap_or_default()
            } else {
                p.source.clone().unwrap_or_default()
            };
            writeln!(out, "{}: {v}", p.id)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if flag(m, "uninstalled") {
        let any = world.iter().any(|e| reg.get(e.pkg).uninstalled);
        return Ok(if any {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }

    let syntax = if flag(m, "msvc-syntax") || env.is_set("PKG_CONFIG_MSVC_SYNTAX") {
        Syntax::Msvc
    } else {
        Syntax::Gnu
    };
    let sep = if flag(m, "newlines") { '\n' } else { ' ' };
    let utf8 = reg.config().utf8_locale;
    let render = |frags: &[Fragment]| fragment::render_bytes(frags, sep, syntax, utf8);
    let fopts = FlagOptions {
        // Cflags always take private requirements into account.
        include_private: true,
        merge_private,
        // Requires.internal cflags are hidden from shared --cflags queries only.
        internal_cflags: flag(m, "internal-cflags") || !search_private || merge_private,
    };
    let libs_opts = FlagOptions {
        include_private: link.is_static(),
        ..fopts
    };
    let fragment_filter = value(m, "fragment-filter");
    let keep = |f: &Fragment, cflags: bool, sel: (bool, bool, bool)| -> bool {
        if flags::is_system_dir(reg.config(), f) {
            return false;
        }
        if let Some(types) = fragment_filter {
            match f.kind {
                Some(k) if types.contains(k) => {}
                _ => return false,
            }
        }
        if cflags {
            if f.is('I') { sel.0 } else { sel.1 }
        } else {
            match f.kind {
                Some('L') => sel.0,
                Some('l') => sel.1,
                _ => sel.2,
            }
        }
    };
    let cflags_sel = (
        flag(m, "cflags") || flag(m, "cflags-only-I"),
        flag(m, "cflags") || flag(m, "cflags-only-other"),
        false,
    );
    let libs_sel = (
        flag(m, "libs") || flag(m, "libs-only-L"),
        flag(m, "libs") || flag(m, "libs-only-l"),
        flag(m, "libs") || flag(m, "libs-only-other"),
    );
    let exists_cflags = flag(m, "exists-cflags");
    let collect_cflags = |sel| -> Vec<Fragment> {
        let list = flags::cflags(&reg, &res, fopts);
        let mut v: Vec<Fragment> = list
            .iter()
            .filter(|f| keep(f, true, sel))
            .cloned()
            .collect();
        if exists_cflags {
            // pkgconf inserts each define at the front: last query first.
            let mut defines: Vec<Fragment> = res
                .roots
                .iter()
                .rev()
                .map(|id| flags::have_define(&reg.get(*id).id))
                .collect();
            defines.append(&mut v);
            return defines;
        }
        v
    };
    let collect_libs = |sel, opts| -> Vec<Fragment> {
        let list = flags::libs(&reg, &res, opts);
        list.iter()
            .filter(|f| keep(f, false, sel))
            .cloned()
            .collect()
    };

    if let Some(prefix) = value(m, "env") {
        if !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(ExitCode::SUCCESS);
        }
        let c = collect_cflags(cflags_sel);
        if !c.is_empty() {
            write!(out, "{prefix}_CFLAGS='")?;
            out.write_all(&render(&c))?;
            writeln!(out, "'")?;
        }
        // pkgconf keeps private searching on for both halves of --env.
        let l = collect_libs(
            libs_sel,
            FlagOptions {
                include_private: search_private,
                ..fopts
            },
        );
        if !l.is_empty() {
            write!(out, "{prefix}_LIBS='")?;
            out.write_all(&render(&l))?;
            writeln!(out, "'")?;
        }
        let want_var = value(m, "variable");
        if flag(m, "print-variables") || want_var.is_some() {
            for id in &res.roots {
                let p = reg.get(*id);
                for name in p.vars.names() {
                    if want_var.is_some_and(|w| w != name) {
                        continue;
                    }
                    let key = flags::macro_name(&format!("{prefix}_{name}"));
                    writeln!(out, "{key}='{}'", p.vars.get(&name).unwrap_or_default())?;
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let mut want_flags = want_cflags || want_libs;
    if flag(m, "print-provides") {
        want_flags = false;
        for e in &world {
            let p = reg.get(e.pkg);
            for d in &p.provides {
                writeln!(out, "{d}")?;
            }
            if !p.builtin {
                writeln!(out, "{} = {}", p.id, p.version_str())?;
            }
        }
    }
    if flag(m, "digraph") {
        want_flags = false;
        print_digraph(
            out,
            &reg,
            &res,
            flag(m, "print-digraph-query-nodes"),
            search_private,
            !merge_private,
        )?;
    }
    if flag(m, "solution") {
        want_flags = false;
        writeln!(out, "virtual:world ({})", res.world_identifier)?;
        for e in &world {
            let p = reg.get(e.pkg);
            let id = res.identifiers.get(&e.pkg).copied().unwrap_or(0);
            writeln!(
                out,
                "{} ({id}){}",
                p.id,
                if e.visited_private { " [private]" } else { "" }
            )?;
        }
    }
    if flag(m, "modversion") {
        want_flags = false;
        for (_, pid) in res.query_matches.iter() {
            let Some(pid) = pid else { continue };
            let p = reg.get(*pid);
            if let Some(v) = &p.version {
                if m.get_count("verbose") > 0 {
                    write!(out, "{}: ", p.id)?;
                }
                writeln!(out, "{v}")?;
            }
        }
    }
    if flag(m, "path") {
        want_flags = false;
        if let Some(e) = world.first() {
            if let Some(path) = &reg.get(e.pkg).path {
                writeln!(out, "{path}")?;
            }
        }
    }
    if flag(m, "print-variables") {
        want_flags = false;
        if let Some(e) = world.first() {
            for name in reg.get(e.pkg).vars.names() {
                writeln!(out, "{name}")?;
            }
        }
    }
    if let Some(var) = value(m, "variable") {
        want_flags = false;
        let mut first = true;
        for e in &world {
            if let Some(v) = reg.variable(e.pkg, var) {
                if !first {
                    write!(out, " ")?;
                }
                first = false;
                write!(out, "{v}")?;
            }
        }
        writeln!(out)?;
    }
    if flag(m, "print-requires") {
        want_flags = false;
        for e in &world {
            for d in &reg.get(e.pkg).requires {
                writeln!(out, "{d}")?;
            }
        }
    }
    if flag(m, "print-requires-private") {
        want_flags = false;
        for e in &world {
            let p = reg.get(e.pkg);
            for d in p.private_deps() {
                writeln!(out, "{d}")?;
            }
        }
    }
    if flag(m, "fragment-tree") {
        want_flags = false;
        let mut v: Vec<Fragment> = flags::cflags(&reg, &res, fopts).to_vec();
        // The tree keeps the solve's private searching for the libs too.
        let tree_libs = FlagOptions {
            include_private: search_private,
            ..fopts
        };
        v.extend(flags::libs(&reg, &res, tree_libs).to_vec());
        let mut s = String::new();
        fragment::render_tree(&v, 0, &mut s);
        out.write_all(s.as_bytes())?;
    }
    if flag(m, "link-abi") {
        want_flags = false;
        let mut abis: Vec<String> = Vec::new();
        for e in res.entries(link.is_static()) {
            let p = reg.get(e.pkg);
            let list = p.link_abi.as_deref().unwrap_or("c");
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
        writeln!(out, "{}", abis.join(" "))?;
    }
    if want_flags {
        let mut v = Vec::new();
        if want_cflags {
            v.extend(collect_cflags(cflags_sel));
        }
        if want_libs {
            v.extend(collect_libs(libs_sel, libs_opts));
        }
        out.write_all(&render(&v))?;
        writeln!(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The audit log: one `id [version]` line per package of the solution.
fn write_log(reg: &Registry, res: &Resolution, f: &mut std::fs::File) -> io::Result<()> {
    for e in res.entries(true) {
        let p = reg.get(e.pkg);
        writeln!(f, "{} [{}]", p.id, p.version_str())?;
    }
    Ok(())
}

/// `--digraph`: graphviz dot text of the solution, in pkgconf's layout.
fn print_digraph(
    out: &mut dyn Write,
    reg: &Registry,
    res: &Resolution,
    query_nodes: bool,
    include_private: bool,
    shared_mode: bool,
) -> io::Result<()> {
    use libpkgconf::package::DepKind;
    const FONT: &str = "fontname=Sans fontsize=8";
    writeln!(out, "digraph deptree {{")?;
    writeln!(out, "edge [color=blue len=7.5 {FONT}]")?;
    writeln!(out, "node [{FONT}]")?;
    writeln!(out)?;
    if query_nodes {
        writeln!(out, "\"user:request\" [{FONT}]")?;
        writeln!(out)?;
        for (dep, m) in &res.query_matches {
            let name = m.map_or(dep.name.as_str(), |id| reg.get(id).id.as_str());
            writeln!(out, "\"user:request\" -> \"{name}\" [{FONT}]")?;
        }
    }
    let mut last: Option<&str> = None;
    for e in res.entries(include_private) {
        let p = reg.get(e.pkg);
        let gray = if e.visited_private {
            " fontcolor=gray color=gray"
        } else {
            ""
        };
        writeln!(
            out,
            "\"{}\" [{FONT}{gray} label=\"{}@{}\"]",
            p.id,
            p.id,
            p.version_str()
        )?;
        if let Some(prev) = last {
            writeln!(out, "\"{prev}\" -> \"{}\" [{FONT} color=red]", p.id)?;
        }
        last = Some(&p.id);
        let target = |kind, i, d: &Dependency| {
            res.resolved(e.pkg, kind, i)
                .map_or(d.name.clone(), |t| reg.get(t).id.clone())
        };
        for (i, d) in p.requires.iter().enumerate() {
            if !res.is_broken(e.pkg, DepKind::Public, i) {
                writeln!(
                    out,
                    "\"{}\" -> \"{}\" [{FONT}]",
                    p.id,
                    target(DepKind::Public, i, d)
                )?;
            }
        }
        for &(kind, i) in &p.private_order {
            if let Some(d) = p.deps(kind).get(i) {
                let t = target(kind, i, d);
                writeln!(out, "\"{}\" -> \"{t}\" [{FONT} color=gray]", p.id)?;
            }
        }
        if shared_mode {
            for (i, d) in p.requires_shared.iter().enumerate() {
                let t = target(DepKind::Shared, i, d);
                writeln!(out, "\"{}\" -> \"{t}\" [{FONT} color=orange]", p.id)?;
            }
        }
    }
    writeln!(out, "}}")?;
    Ok(())
}

fn dependency_block(out: &mut dyn Write, d: &Dependency) -> io::Result<()> {
    write!(out, "    dependency '{}'", d.name)?;
    match (&d.version, d.comparator) {
        (Some(v), c) if c != Comparator::Any => writeln!(
            out,
            " {{\n        comparator = '{}';\n        version = '{v}';\n    }};",
            c.as_str()
        ),
        _ => writeln!(out, ";"),
    }
}

/// `--simulate`: the world, then every package reached through public
/// requirements, depth first, each once.
fn print_simulation(
    out: &mut dyn Write,
    reg: &Registry,
    res: &Resolution,
    include_private: bool,
) -> io::Result<()> {
    use libpkgconf::package::DepKind;
    writeln!(out, "node 'virtual:world' {{")?;
    for e in &res.world {
        dependency_block(out, &e.dep)?;
    }
    writeln!(out, "}};")?;
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<libpkgconf::registry::PkgId> = res
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
        let p = reg.get(id);
        writeln!(out, "node '{}' {{", p.id)?;
        if let Some(v) = &p.version {
            writeln!(out, "    version = '{v}';")?;
        }
        for (i, d) in p.requires.iter().enumerate() {
            if !res.is_broken(id, DepKind::Public, i) {
                dependency_block(out, d)?;
            }
        }
        writeln!(out, "}};")?;
        let mut kids: Vec<_> = kinds
            .iter()
            .flat_map(|k| res.dependencies(id, solver::EdgeKind::Dep(*k)))
            .collect();
        kids.reverse();
        stack.extend(kids);
    }
    Ok(())
}
