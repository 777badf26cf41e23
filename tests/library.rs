#![allow(clippy::unwrap_used)]
//! Library-level tests of `libpkgconf` through its public API, against the
//! hand-written universe in `testdata/universe` (and the malformed files in
//! `testdata/malformed`), plus hostile-input tests on generated data.
//!
//! Snapshots live in `tests/snapshots/library/`. They were reviewed by hand
//! and, where the CLI shows the same data, checked against pkgconf 3.0.7
//! (see `tests/cli_baselines.rs` for the recorded reference outputs).

use libpkgconf::config::{Config, Options};
use libpkgconf::dependency::{self, Dependency};
use libpkgconf::diag::{Diagnostic, Discard};
use libpkgconf::flags::{self, FlagOptions};
use libpkgconf::fragment::{self, Fragment, Syntax};
use libpkgconf::package;
use libpkgconf::personality::Personality;
use libpkgconf::registry::Registry;
use libpkgconf::solver::{self, EdgeKind, Problem, Resolution, SolveOptions};
use libpkgconf::{Env, Severity};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("testdata")
}

fn testdata_str() -> String {
    testdata().to_str().unwrap().to_owned()
}

macro_rules! snap {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "snapshots/library",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

/// A registry over `dir` with fixed system directories and no other input.
fn registry_in(dir: &str, opts: &Options) -> Registry {
    let env = Env::from_pairs([
        ("PKG_CONFIG_LIBDIR", dir),
        ("PKG_CONFIG_SYSTEM_INCLUDE_PATH", "/fake/sys/include"),
        ("PKG_CONFIG_SYSTEM_LIBRARY_PATH", "/fake/sys/lib"),
    ]);
    let config = Config::new(&env, Personality::host(), opts).unwrap();
    Registry::new(config)
}

fn universe(opts: &Options) -> Registry {
    registry_in(&format!("{}/universe", testdata_str()), opts)
}

/// Solve options the CLI uses for `--cflags`/`--libs` in each mode.
#[derive(Clone, Copy, Debug)]
enum Mode {
    Cflags,
    Libs,
    StaticCflags,
    StaticLibs,
    StaticPureLibs,
}

impl Mode {
    fn is_static(self) -> bool {
        matches!(
            self,
            Mode::StaticCflags | Mode::StaticLibs | Mode::StaticPureLibs
        )
    }
    fn merge_private(self) -> bool {
        matches!(self, Mode::StaticCflags | Mode::StaticLibs)
    }
    fn is_cflags(self) -> bool {
        matches!(self, Mode::Cflags | Mode::StaticCflags)
    }
    fn solve_options(self) -> SolveOptions {
        SolveOptions {
            search_private: self.is_static() || self.is_cflags(),
            merge_private: self.merge_private(),
            require_internal: self.is_static() && !self.is_cflags(),
            max_depth: Some(2000),
            ..SolveOptions::default()
        }
    }
}

fn solve(reg: &mut Registry, query: &str, opts: SolveOptions) -> Result<Resolution, Vec<Problem>> {
    let q = dependency::parse_query(&[query]);
    solver::solve(reg, &q, opts, &mut Discard)
}

/// Renders the world: one line per entry, `id [kind] (private)`.
fn world(reg: &Registry, res: &Resolution) -> String {
    let mut s = String::new();
    for e in &res.world {
        let kind = match e.kind {
            EdgeKind::Query => "query".to_owned(),
            EdgeKind::Dep(k) => format!("{k:?}").to_lowercase(),
        };
        writeln!(
            s,
            "{} [{kind}] via '{}'{}",
            reg.get(e.pkg).id,
            e.dep,
            if e.private { " (private)" } else { "" }
        )
        .unwrap();
    }
    s
}

/// The flags a mode prints, as the CLI computes them.
fn flags_for(query: &str, mode: Mode) -> String {
    let mut reg = universe(&Options::default());
    let res = solve(&mut reg, query, mode.solve_options()).unwrap();
    let fo = FlagOptions {
        include_private: mode.is_static() || mode.is_cflags(),
        merge_private: mode.merge_private(),
        internal_cflags: false,
    };
    let list = if mode.is_cflags() {
        flags::cflags(&reg, &res, fo)
    } else {
        flags::libs(
            &reg,
            &res,
            FlagOptions {
                include_private: mode.is_static(),
                ..fo
            },
        )
    };
    let v: Vec<Fragment> = list
        .iter()
        .filter(|f| !flags::is_system_dir(reg.config(), f))
        .cloned()
        .collect();
    fragment::render(&v, ' ', Syntax::Gnu)
}

#[test]
fn world_order_plain_diamond() {
    let mut reg = universe(&Options::default());
    let res = solve(&mut reg, "u-top", Mode::Libs.solve_options()).unwrap();
    snap!("world_plain_diamond", world(&reg, &res));
    let ids: Vec<&str> = res
        .packages(false)
        .into_iter()
        .map(|p| reg.get(p).id.as_str())
        .collect();
    // Matches the order of `pkgconf --libs u-top`.
    assert_eq!(ids, ["u-top", "u-right", "u-left", "u-base"]);
}

#[test]
fn world_order_static_diamond() {
    let mut reg = universe(&Options::default());
    let res = solve(&mut reg, "u-top", Mode::StaticLibs.solve_options()).unwrap();
    snap!("world_static_diamond", world(&reg, &res));
    // Matches `pkgconf --static --libs u-top`: u-priv comes right after
    // u-right, which requires it privately.
    let ids: Vec<&str> = res
        .packages(true)
        .into_iter()
        .map(|p| reg.get(p).id.as_str())
        .collect();
    assert_eq!(ids, ["u-top", "u-right", "u-priv", "u-left", "u-base"]);
}

#[test]
fn world_order_all_requirement_kinds() {
    let mut reg = universe(&Options::default());
    let res = solve(&mut reg, "u-app", Mode::StaticLibs.solve_options()).unwrap();
    snap!("world_all_kinds", world(&reg, &res));
}

#[test]
fn world_order_cycle_is_broken() {
    let mut reg = universe(&Options::default());
    let q = dependency::parse_query(&["cyc-a"]);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let res = solver::solve(&mut reg, &q, Mode::Libs.solve_options(), &mut diags).unwrap();
    let mut s = world(&reg, &res);
    s.push_str("--- diagnostics\n");
    for d in &diags {
        writeln!(s, "{} {:?}", d.code.id(), d.severity).unwrap();
    }
    snap!("world_cycle", s);
}

#[test]
fn world_order_provides_and_multiple_queries() {
    let mut reg = universe(&Options::default());
    let res = solve(
        &mut reg,
        "prov-user u-base >= 1.0, u-left",
        Mode::Libs.solve_options(),
    )
    .unwrap();
    snap!("world_provides_multi", world(&reg, &res));
    let matches: Vec<String> = res
        .query_matches
        .iter()
        .map(|(d, m)| format!("{d} -> {}", m.map_or("-", |id| reg.get(id).id.as_str())))
        .collect();
    assert_eq!(
        matches,
        [
            "prov-user -> prov-user",
            "u-base >= 1.0 -> u-base",
            "u-left -> u-left"
        ]
    );
}

#[test]
fn rendered_flags_in_several_modes() {
    let mut s = String::new();
    // u-app and `frag-a --static --libs` hit known bugs, tested (ignored)
    // below; they are kept out of this snapshot so that it holds only
    // output that agrees with pkgconf 3.0.7.
    for query in [
        "u-top", "frag-a", "var-nest", "u-sys", "fmt-crlf", "fmt-cont",
    ] {
        for mode in [
            Mode::Cflags,
            Mode::Libs,
            Mode::StaticCflags,
            Mode::StaticLibs,
            Mode::StaticPureLibs,
        ] {
            if query == "frag-a" && matches!(mode, Mode::StaticLibs) {
                continue;
            }
            writeln!(s, "{query} {mode:?}: {}", flags_for(query, mode)).unwrap();
        }
    }
    snap!("flags_modes", s);
}

#[test]
fn flags_match_reference_for_plain_cases() {
    // Spot checks copied from the recorded reference baselines.
    assert_eq!(
        flags_for("u-top", Mode::StaticLibs),
        "-L/opt/uni/lib -lutop -lutop_extra -luright -lpthread -L/opt/priv/lib -lupriv -ldl -luleft -lubase -lm"
    );
    assert_eq!(
        flags_for("frag-a", Mode::Cflags),
        "-I/opt/f/one -I/opt/f/two -DA_ONLY -isystem /opt/f/sys -I/opt/f/three -DSAME -isystem /opt/f/sys -pthread"
    );
    assert_eq!(
        flags_for("var-nest", Mode::Cflags),
        "-I/opt/var root/x/include -DPRICE=$5"
    );
    assert_eq!(flags_for("u-sys", Mode::Libs), "-L/opt/sys/lib -lsys");
}

#[test]
fn cflags_shared_comes_after_all_cflags() {
    // pkgconf --cflags u-app
    assert_eq!(
        flags_for("u-app", Mode::Cflags),
        "-I/opt/uni/include/app -I/opt/uni/include/left -I/opt/uni/include/right -I/opt/uni/include/base -DBASE_LEVEL=1 -I/opt/priv/include/priv -DSHONLY -DAPP_SHARED"
    );
}

#[test]
fn internal_requires_come_before_shared_ones() {
    // pkgconf --libs u-app
    assert_eq!(
        flags_for("u-app", Mode::Libs),
        "-L/opt/uni/lib -luapp -Wl,--as-needed -luleft -luright -lubase -lintern -lshonly"
    );
}

#[test]
fn static_flags_with_internal_requires() {
    // pkgconf --static --libs u-app / --static --cflags u-app
    // (Requires.shared is not followed, Requires.internal is)
    assert_eq!(
        flags_for("u-app", Mode::StaticLibs),
        "-L/opt/uni/lib -luapp -luleft -luright -lpthread -lubase -lm -L/opt/priv/lib -lupriv -ldl -lintern"
    );
    assert_eq!(
        flags_for("u-app", Mode::StaticCflags),
        "-I/opt/uni/include/app -I/opt/uni/include/left -I/opt/uni/include/right -I/opt/uni/include/base -DBASE_LEVEL=1 -I/opt/priv/include/priv -I/opt/intern/include -DINTERN -DRIGHT_STATIC"
    );
}

#[test]
fn later_public_fragment_replaces_oldest_copy() {
    // pkgconf --static --libs frag-a
    assert_eq!(
        flags_for("frag-a", Mode::StaticLibs),
        "-L/opt/f/lib -L/opt/f/other -lfa -Wl,-Bstatic -lpinned -Wl,-Bdynamic -framework Foo -lfa_priv -lshared -lfb -lshared -framework Foo -framework Bar -Wl,--start-group -lg1 -lg2 -Wl,--end-group -pthread"
    );
}

#[test]
fn msvc_and_newline_rendering() {
    let frags = fragment::parse_words(&["-I/a b", "-DX=1", "-L/lib", "-lfoo", "-pthread"]);
    let mut s = String::new();
    writeln!(s, "gnu:  {}", fragment::render(&frags, ' ', Syntax::Gnu)).unwrap();
    writeln!(s, "msvc: {}", fragment::render(&frags, ' ', Syntax::Msvc)).unwrap();
    writeln!(
        s,
        "newlines:\n{}",
        fragment::render(&frags, '\n', Syntax::Gnu)
    )
    .unwrap();
    snap!("render_syntaxes", s);
}

#[test]
fn problems_are_reported_as_data() {
    let mut s = String::new();
    for query in [
        "need-missing",
        "no-such-pkg",
        "u-base > 5",
        "clash-a clash-b",
        "prov-api > 5.1",
    ] {
        let mut reg = universe(&Options::default());
        match solve(&mut reg, query, Mode::Libs.solve_options()) {
            Ok(_) => writeln!(s, "{query}: ok").unwrap(),
            Err(problems) => {
                for p in problems {
                    writeln!(s, "{query}: {p}").unwrap();
                }
            }
        }
    }
    snap!("problems", s);
}

#[test]
fn conflicts_can_be_skipped() {
    let mut reg = universe(&Options::default());
    let opts = SolveOptions {
        skip_conflicts: true,
        ..Mode::Libs.solve_options()
    };
    assert!(solve(&mut reg, "clash-a clash-b", opts).is_ok());
}

#[test]
fn define_variable_overrides_package_values() {
    let opts = Options {
        define_variables: vec![("prefix".into(), "/over ride".into())],
        ..Options::default()
    };
    let mut reg = universe(&opts);
    let id = reg.find("u-base").unwrap();
    let p = reg.get(id);
    assert_eq!(p.vars.get("prefix").as_deref(), Some("/over ride"));
    assert_eq!(p.vars.get("libdir").as_deref(), Some("/over ride/lib"));
}

#[test]
fn variables_expand_like_pkgconf() {
    let mut reg = universe(&Options::default());
    let id = reg.find("var-nest").unwrap();
    let p = reg.get(id);
    let mut s = String::new();
    for name in p.vars.names() {
        if name == "pcfiledir" {
            continue; // absolute path, checked below
        }
        writeln!(s, "{name}={:?}", p.vars.get(&name)).unwrap();
    }
    snap!("variables_var_nest", s);
    let dir = p.vars.get("pcfiledir").unwrap();
    assert!(dir.ends_with("/universe"), "{dir}");
}

#[test]
fn uninstalled_is_preferred_unless_disabled() {
    let mut reg = universe(&Options::default());
    let id = reg.find("wip").unwrap();
    assert!(reg.get(id).uninstalled);
    assert_eq!(reg.get(id).version.as_deref(), Some("1.1-dev"));

    let mut reg = universe(&Options {
        no_uninstalled: true,
        ..Options::default()
    });
    let id = reg.find("wip").unwrap();
    assert!(!reg.get(id).uninstalled);
    assert_eq!(reg.get(id).version.as_deref(), Some("1.0"));
}

#[test]
fn version_whitespace_and_crlf() {
    let mut reg = universe(&Options::default());
    let id = reg.find("v-space").unwrap();
    assert_eq!(reg.get(id).version.as_deref(), Some("2.0"));
    let id = reg.find("fmt-crlf").unwrap();
    let p = reg.get(id);
    assert_eq!(p.version.as_deref(), Some("1.1"));
    assert_eq!(p.libs, ["-L/opt/crlf/lib", "-lcrlf"]);
}

#[test]
fn query_parsing() {
    let mut s = String::new();
    for q in [
        "a >= 1.0 b",
        "a>=1.0,b",
        "a = 1 b != 2 c < 3 d <= 4 e > 5",
        "  a  ,, b  ",
        "a ~ 1",
        "a >=",
    ] {
        let deps: Vec<String> = dependency::parse_query(&[q])
            .iter()
            .map(Dependency::to_string)
            .collect();
        writeln!(s, "{q:?} -> {deps:?}").unwrap();
    }
    snap!("query_parsing", s);
}

/// Renders diagnostics with their path relative to `testdata/`.
fn render_diags(diags: &[Diagnostic]) -> String {
    let td = format!("{}/", testdata_str());
    let mut s = String::new();
    for d in diags {
        let path = d
            .path
            .as_ref()
            .map_or("-".to_owned(), |p| p.as_str().replace(&td, ""));
        let sev = match d.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        writeln!(
            s,
            "{} {sev} {path}:{} {}",
            d.code.id(),
            d.line.map_or("-".to_owned(), |l| l.to_string()),
            d.message
        )
        .unwrap();
    }
    s
}

#[test]
fn diagnostics_for_malformed_files() {
    let dir = testdata().join("malformed");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".pc"))
        .collect();
    names.sort();
    let mut s = String::new();
    for name in &names {
        let mut reg = registry_in(dir.to_str().unwrap(), &Options::default());
        let path = camino::Utf8PathBuf::from(format!("{}/{name}", dir.to_str().unwrap()));
        let loaded = reg.load_path(&path);
        let mut diags: Vec<Diagnostic> = reg.diagnostics().to_vec();
        // Expanding flags can find more (quotes, variable cycles).
        if let Ok(id) = loaded {
            let q = [Dependency::any(reg.get(id).id.clone())];
            if let Ok(res) = solver::solve(&mut reg, &q, Mode::Cflags.solve_options(), &mut diags) {
                let _ = flags::cflags(&reg, &res, FlagOptions::default());
            }
            let p = reg.get(id);
            for n in p.vars.names() {
                let _ = p.vars.get_with(&n, &mut diags);
            }
        }
        writeln!(
            s,
            "== {name}: {}",
            if loaded.is_ok() { "loaded" } else { "rejected" }
        )
        .unwrap();
        s.push_str(&render_diags(&diags));
    }
    snap!("diagnostics_malformed", s);
}

fn config_for_bytes() -> Config {
    Config::new(&Env::new(), Personality::host(), &Options::default()).unwrap()
}

fn load(bytes: &[u8]) -> (bool, Vec<Diagnostic>) {
    let config = config_for_bytes();
    let mut diags = Vec::new();
    let path = camino::Utf8Path::new("/nonexistent/hostile.pc");
    let r = package::load_bytes(bytes, path, "hostile", false, &config, &mut diags);
    if let Ok(p) = &r {
        // Touch everything that expands lazily.
        for n in p.vars.names() {
            let _ = p.vars.get(&n);
        }
        let _ = fragment::parse_words(&p.cflags);
        let _ = fragment::parse_words(&p.libs);
    }
    (r.is_ok(), diags)
}

/// A small deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn random_bytes_do_not_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..200 {
        let len = (rng.next() % 4096) as usize;
        let mut b = rng.bytes(len);
        // Mix in structure so that the parser gets past the first line.
        if round % 2 == 0 {
            let mut pre = b"Name: x\nVersion: 1\nCflags: -I${a}\na=${b}$$\\\n".to_vec();
            pre.extend_from_slice(&b);
            b = pre;
        }
        let _ = load(&b);
    }
}

#[test]
fn non_utf8_is_reported_not_fatal() {
    let (ok, diags) = load(b"Name: caf\xe9\nDescription: \xff\xfe\nVersion: 1.0\nLibs: -l\xc3\n");
    assert!(ok);
    assert!(
        diags
            .iter()
            .any(|d| d.code == libpkgconf::Code::InvalidUtf8),
        "{diags:?}"
    );
}

#[test]
fn two_mib_single_line_does_not_panic() {
    let mut b = b"Name: long\nVersion: 1\nCflags: ".to_vec();
    b.extend(std::iter::repeat_n(b'x', 2 * 1024 * 1024));
    let (_, diags) = load(&b);
    assert!(
        diags
            .iter()
            .any(|d| d.code == libpkgconf::Code::LineTooLong),
        "{diags:?}"
    );
    // A long variable value referencing itself many times.
    let mut b = b"v=".to_vec();
    for _ in 0..200_000 {
        b.extend_from_slice(b"${v}");
    }
    b.extend_from_slice(b"\nName: x\nVersion: 1\nCflags: ${v}\n");
    let _ = load(&b);
}

/// Removes the directory when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        // tmpfs when there is one: creating 50,000 files on a disk-backed
        // temp dir can take several seconds.
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let p = base.join(format!("pkgconf-rs-tests-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn deep_chain_resolves_without_stack_overflow() {
    const N: usize = 50_000;
    let dir = TempDir::new("chain");
    for i in 0..N {
        let req = if i + 1 < N {
            format!("Requires: a{}\n", i + 1)
        } else {
            String::new()
        };
        std::fs::write(
            dir.0.join(format!("a{i}.pc")),
            format!("Name: a{i}\nDescription: link {i}\nVersion: 1\n{req}Libs: -la{i}\n"),
        )
        .unwrap();
    }
    let opts = Options {
        max_depth: Some(None),
        ..Options::default()
    };
    let mut reg = registry_in(dir.0.to_str().unwrap(), &opts);
    let sopts = SolveOptions {
        max_depth: None,
        ..Mode::Libs.solve_options()
    };
    let res = solve(&mut reg, "a0", sopts).unwrap();
    let pkgs = res.packages(false);
    assert_eq!(pkgs.len(), N);
    assert_eq!(reg.get(pkgs[0]).id, "a0");
    assert_eq!(reg.get(pkgs[N - 1]).id, format!("a{}", N - 1));
    let libs = flags::libs(&reg, &res, FlagOptions::default());
    assert_eq!(libs.len(), N);

    // With pkgconf's default limit the walk stops at depth 2000.
    let mut reg = registry_in(dir.0.to_str().unwrap(), &Options::default());
    let res = solve(&mut reg, "a0", Mode::Libs.solve_options()).unwrap();
    assert_eq!(res.packages(false).len(), 2000);
}

#[test]
fn deep_cycle_of_many_packages_is_broken() {
    const N: usize = 5_000;
    let dir = TempDir::new("ring");
    for i in 0..N {
        std::fs::write(
            dir.0.join(format!("r{i}.pc")),
            format!(
                "Name: r{i}\nDescription: ring\nVersion: 1\nRequires: r{}\nLibs: -lr{i}\n",
                (i + 1) % N
            ),
        )
        .unwrap();
    }
    let mut reg = registry_in(
        dir.0.to_str().unwrap(),
        &Options {
            max_depth: Some(None),
            ..Options::default()
        },
    );
    let sopts = SolveOptions {
        max_depth: None,
        ..Mode::Libs.solve_options()
    };
    let res = solve(&mut reg, "r0", sopts).unwrap();
    assert_eq!(res.packages(false).len(), N);
}
