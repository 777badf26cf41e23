#![allow(clippy::unwrap_used)]
//! Baselines for the output modes and the environment-driven behaviours
//! that `tests/cli_baselines.rs` does not cover: sysroots, relocatable
//! prefixes, personality files, MSVC syntax and the less common output
//! options. Same mechanism as `cli_baselines.rs`: the expected stdout and
//! exit code (and stderr for cases marked so) were recorded once from the
//! reference pkgconf 3.0.7 into `tests/snapshots/modes/*.snap`; the tests
//! run `pkgconf-rs` and compare.
//!
//! Fixtures (all original to pkgconf-rs): `testdata/sysroot/`,
//! `testdata/relocatable/`, `testdata/personality/`, `testdata/windows/`
//! and the shared `testdata/universe/`.
//!
//! # Refreshing
//!
//! ```sh
//! rm -f tests/snapshots/modes/*.snap
//! PKGCONF_BASELINE_BIN=/work/shared/reference/pkgconf INSTA_UPDATE=always \
//!     INSTA_FORCE_PASS=1 cargo test -p pkgconf-rs-tests --test modes -- baselines --exact
//! ```
//!
//! # Normalisation
//!
//! As in `tests/common/baseline.rs`; cases marked `bare()` run without
//! the default `PKG_CONFIG_LIBDIR` and system paths.

mod common;

use std::process::Command;

use common::baseline::{Case, assert_unique_names, baseline_cases, c, divergent_cases};
use common::{our_binary, recording, testdata};

const SR_LIBDIR: (&str, &str) = (
    "PKG_CONFIG_LIBDIR",
    "$TESTDATA/sysroot/root/usr/lib/pkgconfig",
);
const SR_ROOT: (&str, &str) = ("PKG_CONFIG_SYSROOT_DIR", "$TESTDATA/sysroot/root");
const SR_SLASH: (&str, &str) = ("PKG_CONFIG_SYSROOT_DIR", "/sr");
const FDO: (&str, &str) = ("PKG_CONFIG_FDO_SYSROOT_RULES", "1");
const PKGCONF1: (&str, &str) = ("PKG_CONFIG_PKGCONF1_SYSROOT_RULES", "1");
const REL_LIBDIR: (&str, &str) = (
    "PKG_CONFIG_LIBDIR",
    "$TESTDATA/relocatable/opt-rel/lib/pkgconfig",
);
const SPACE_LIBDIR: (&str, &str) = (
    "PKG_CONFIG_LIBDIR",
    "$TESTDATA/relocatable/with space/lib/pkgconfig",
);
const NO_LIBDIR: (&str, &str) = ("PKG_CONFIG_LIBDIR", "$TESTDATA/nonexistent");
const WIN_LIBDIR: (&str, &str) = ("PKG_CONFIG_LIBDIR", "$TESTDATA/windows");
const PERSONALITY: &str = "--personality=personality/test-cross.personality";

const PREFIX_VARIABLE_BUG: &str = "divergence 10 (docs/differences.md): pkgconf 3.0.7 ignores --prefix-variable when relocating (`root` stays \
    /original/root); pkgconf-rs relocates `root` to \
    $TESTDATA/relocatable/opt-rel";

const PREFIX_VARIABLE_PREFIX_BUG: &str = "divergence 10 (docs/differences.md): pkgconf 3.0.7 ignores --prefix-variable when relocating and still \
    relocates `prefix`; pkgconf-rs prints /unrelated";

const SR_ALL: &[&str] = &[
    "--static",
    "--cflags",
    "--libs",
    "sr-app",
    "sr-inside",
    "sr-wip",
];

/// `$TESTDATA` in args and env values is replaced by the absolute path.
const CASES: &[Case] = &[
    // --- sysroot: PKG_CONFIG_SYSROOT_DIR=$TESTDATA/sysroot/root
    c("sysroot_cflags", &["--cflags", "sr-plain"]).env(&[SR_LIBDIR, SR_ROOT]),
    c("sysroot_libs", &["--libs", "sr-plain"]).env(&[SR_LIBDIR, SR_ROOT]),
    c(
        "sysroot_pc_sysrootdir_flags",
        &["--cflags", "--libs", "sr-sysrootdir"],
    )
    .env(&[SR_LIBDIR, SR_ROOT]),
    c("sysroot_hard_coded", &["--cflags", "--libs", "sr-hard"]).env(&[SR_LIBDIR, SR_ROOT]),
    c(
        "sysroot_already_inside",
        &["--cflags", "--libs", "sr-inside"],
    )
    .env(&[SR_LIBDIR, SR_ROOT]),
    c("sysroot_uninstalled", &["--cflags", "--libs", "sr-wip"]).env(&[SR_LIBDIR, SR_ROOT]),
    c("sysroot_all_static", SR_ALL).env(&[SR_LIBDIR, SR_ROOT]),
    c(
        "sysroot_variable_prefix",
        &["--variable=prefix", "sr-plain"],
    )
    .env(&[SR_LIBDIR, SR_ROOT]),
    c(
        "sysroot_variable_includedir",
        &["--variable=includedir", "sr-plain"],
    )
    .env(&[SR_LIBDIR, SR_ROOT]),
    c(
        "sysroot_variable_pc_sysrootdir",
        &["--variable=datadir", "sr-sysrootdir"],
    )
    .env(&[SR_LIBDIR, SR_ROOT]),
    c(
        "sysroot_variable_uninstalled",
        &["--variable=prefix", "sr-wip"],
    )
    .env(&[SR_LIBDIR, SR_ROOT]),
    c("sysroot_fdo_all", SR_ALL).env(&[SR_LIBDIR, SR_ROOT, FDO]),
    c(
        "sysroot_fdo_variable_includedir",
        &["--variable=includedir", "sr-plain"],
    )
    .env(&[SR_LIBDIR, SR_ROOT, FDO]),
    c(
        "sysroot_fdo_variable_datadir",
        &["--variable=datadir", "sr-sysrootdir"],
    )
    .env(&[SR_LIBDIR, SR_ROOT, FDO]),
    c("sysroot_pkgconf1_all", SR_ALL).env(&[SR_LIBDIR, SR_ROOT, PKGCONF1]),
    c(
        "sysroot_pkgconf1_variable_prefix",
        &["--variable=prefix", "sr-wip"],
    )
    .env(&[SR_LIBDIR, SR_ROOT, PKGCONF1]),
    c("sysroot_destdir_all", SR_ALL).env(&[
        SR_LIBDIR,
        SR_ROOT,
        ("DESTDIR", "$TESTDATA/sysroot/root"),
    ]),
    c(
        "sysroot_destdir_variable",
        &["--variable=includedir", "sr-plain"],
    )
    .env(&[SR_LIBDIR, SR_ROOT, ("DESTDIR", "$TESTDATA/sysroot/root")]),
    c("sysroot_destdir_other", &["--cflags", "--libs", "sr-plain"]).env(&[
        SR_LIBDIR,
        SR_ROOT,
        ("DESTDIR", "/elsewhere"),
    ]),
    // --- sysroot: PKG_CONFIG_SYSROOT_DIR=/sr
    c("sysroot_slash_all", SR_ALL).env(&[SR_LIBDIR, SR_SLASH]),
    c("sysroot_slash_shared", &["--cflags", "--libs", "sr-app"]).env(&[SR_LIBDIR, SR_SLASH]),
    c(
        "sysroot_slash_variable_prefix",
        &["--variable=prefix", "sr-plain"],
    )
    .env(&[SR_LIBDIR, SR_SLASH]),
    c(
        "sysroot_slash_variable_includedir",
        &["--variable=includedir", "sr-plain"],
    )
    .env(&[SR_LIBDIR, SR_SLASH]),
    c(
        "sysroot_slash_pc_sysrootdir",
        &["--variable=pc_sysrootdir", "sr-plain"],
    )
    .env(&[SR_LIBDIR, SR_SLASH]),
    c("sysroot_slash_fdo_all", SR_ALL).env(&[SR_LIBDIR, SR_SLASH, FDO]),
    c(
        "sysroot_slash_fdo_variable",
        &["--variable=includedir", "sr-plain"],
    )
    .env(&[SR_LIBDIR, SR_SLASH, FDO]),
    c("sysroot_slash_pkgconf1_all", SR_ALL).env(&[SR_LIBDIR, SR_SLASH, PKGCONF1]),
    c("sysroot_slash_destdir_all", SR_ALL).env(&[SR_LIBDIR, SR_SLASH, ("DESTDIR", "/sr")]),
    c(
        "sysroot_slash_destdir_variable",
        &["--variable=prefix", "sr-plain"],
    )
    .env(&[SR_LIBDIR, SR_SLASH, ("DESTDIR", "/sr")]),
    c(
        "sysroot_slash_cflags_only_i",
        &["--cflags-only-I", "sr-app"],
    )
    .env(&[SR_LIBDIR, SR_SLASH]),
    c("sysroot_slash_libs_only_l", &["--libs-only-L", "sr-app"]).env(&[SR_LIBDIR, SR_SLASH]),
    // --- relocatable prefix
    c("reloc_plain", &["--cflags", "--libs", "rel"]).env(&[REL_LIBDIR]),
    c(
        "reloc_define_prefix",
        &["--define-prefix", "--cflags", "--libs", "rel"],
    )
    .env(&[REL_LIBDIR]),
    c(
        "reloc_dont_define_prefix",
        &["--dont-define-prefix", "--cflags", "--libs", "rel"],
    )
    .env(&[REL_LIBDIR]),
    c(
        "reloc_define_prefix_variable",
        &["--define-prefix", "--variable=prefix", "rel"],
    )
    .env(&[REL_LIBDIR]),
    c(
        "reloc_define_prefix_absolute_dir",
        &["--define-prefix", "--variable=datadir", "rel"],
    )
    .env(&[REL_LIBDIR]),
    c(
        "reloc_define_prefix_libdir",
        &["--define-prefix", "--variable=libdir", "rel-dep"],
    )
    .env(&[REL_LIBDIR]),
    c(
        "reloc_prefix_variable",
        &[
            "--define-prefix",
            "--prefix-variable=root",
            "--cflags",
            "--libs",
            "rel-root",
        ],
    )
    .env(&[REL_LIBDIR])
    .bug(PREFIX_VARIABLE_BUG),
    c(
        "reloc_prefix_variable_prefix_untouched",
        &[
            "--define-prefix",
            "--prefix-variable=root",
            "--variable=prefix",
            "rel-root",
        ],
    )
    .env(&[REL_LIBDIR])
    .bug(PREFIX_VARIABLE_PREFIX_BUG),
    c(
        "reloc_prefix_variable_no_define",
        &["--prefix-variable=root", "--variable=root", "rel-root"],
    )
    .env(&[REL_LIBDIR]),
    c(
        "reloc_by_path",
        &[
            "--cflags",
            "--libs",
            "$TESTDATA/relocatable/opt-rel/lib/pkgconfig/rel-dep.pc",
        ],
    )
    .env(&[NO_LIBDIR]),
    c(
        "reloc_by_path_define_prefix",
        &[
            "--define-prefix",
            "--cflags",
            "--libs",
            "$TESTDATA/relocatable/opt-rel/lib/pkgconfig/rel-dep.pc",
        ],
    )
    .env(&[NO_LIBDIR]),
    c(
        "reloc_by_relative_path_define_prefix",
        &[
            "--define-prefix",
            "--cflags",
            "relocatable/opt-rel/lib/pkgconfig/rel-dep.pc",
        ],
    )
    .env(&[NO_LIBDIR]),
    c(
        "reloc_relocate_paths_by_path",
        &[
            "--cflags",
            "--libs",
            "$TESTDATA/relocatable/opt-rel/lib/pkgconfig/rel-dep.pc",
        ],
    )
    .env(&[NO_LIBDIR, ("PKG_CONFIG_RELOCATE_PATHS", "1")]),
    c(
        "reloc_relocate_paths_by_name",
        &["--cflags", "--libs", "--variable=libdir", "rel"],
    )
    .env(&[REL_LIBDIR, ("PKG_CONFIG_RELOCATE_PATHS", "1")]),
    c(
        "reloc_relocate_paths_dont_define",
        &["--dont-define-prefix", "--libs", "rel"],
    )
    .env(&[REL_LIBDIR, ("PKG_CONFIG_RELOCATE_PATHS", "1")]),
    c("reloc_space_plain", &["--cflags", "--libs", "spacey"]).env(&[SPACE_LIBDIR]),
    c(
        "reloc_space_define_prefix",
        &["--define-prefix", "--cflags", "--libs", "spacey"],
    )
    .env(&[SPACE_LIBDIR]),
    c(
        "reloc_space_variable",
        &["--define-prefix", "--variable=libdir", "spacey"],
    )
    .env(&[SPACE_LIBDIR]),
    // A path argument with a space is split into two package names.
    c(
        "reloc_space_by_path",
        &[
            "--define-prefix",
            "--libs",
            "$TESTDATA/relocatable/with space/lib/pkgconfig/spacey.pc",
        ],
    )
    .env(&[NO_LIBDIR])
    .stderr(),
    // --- personality file
    c("personality_dump", &[PERSONALITY, "--dump-personality"]).bare(),
    c(
        "personality_pc_path",
        &[PERSONALITY, "--variable=pc_path", "pkg-config"],
    )
    .bare(),
    c(
        "personality_cflags_libs",
        &[PERSONALITY, "--cflags", "--libs", "tc-lib"],
    )
    .bare(),
    c(
        "personality_shared_libs",
        &[PERSONALITY, "--shared", "--libs", "tc-lib"],
    )
    .bare(),
    c(
        "personality_keep_system_cflags",
        &[PERSONALITY, "--keep-system-cflags", "--cflags", "tc-lib"],
    )
    .bare(),
    c(
        "personality_keep_system_libs",
        &[PERSONALITY, "--keep-system-libs", "--libs", "tc-lib"],
    )
    .bare(),
    c(
        "personality_variable_prefix",
        &[PERSONALITY, "--variable=prefix", "tc-lib"],
    )
    .bare(),
    c(
        "personality_sysroot_env_wins",
        &[PERSONALITY, "--cflags", "tc-lib"],
    )
    .bare()
    .env(&[("PKG_CONFIG_SYSROOT_DIR", "/other")]),
    c(
        "personality_libdir_env_wins",
        &[PERSONALITY, "--modversion", "u-base"],
    )
    .bare()
    .env(&[("PKG_CONFIG_LIBDIR", "$TESTDATA/universe")]),
    // --- MSVC syntax
    c("msvc_cflags", &["--msvc-syntax", "--cflags", "win-foo"]).env(&[WIN_LIBDIR]),
    c("msvc_libs", &["--msvc-syntax", "--libs", "win-foo"]).env(&[WIN_LIBDIR]),
    c(
        "msvc_cflags_libs",
        &["--msvc-syntax", "--cflags", "--libs", "win-foo"],
    )
    .env(&[WIN_LIBDIR]),
    c(
        "msvc_static",
        &["--msvc-syntax", "--static", "--cflags", "--libs", "win-foo"],
    )
    .env(&[WIN_LIBDIR]),
    c(
        "msvc_libs_only_l_big",
        &["--msvc-syntax", "--libs-only-L", "win-foo"],
    )
    .env(&[WIN_LIBDIR]),
    c(
        "msvc_cflags_only_i",
        &["--msvc-syntax", "--cflags-only-I", "win-foo"],
    )
    .env(&[WIN_LIBDIR]),
    c(
        "msvc_env_output",
        &[
            "--msvc-syntax",
            "--env=FOO",
            "--cflags",
            "--libs",
            "win-foo",
        ],
    )
    .env(&[WIN_LIBDIR]),
    c("msvc_not_requested", &["--cflags", "--libs", "win-foo"]).env(&[WIN_LIBDIR]),
    c("msvc_syntax_env", &["--cflags", "--libs", "win-foo"])
        .env(&[WIN_LIBDIR, ("PKG_CONFIG_MSVC_SYNTAX", "1")]),
    c("msvc_syntax_env_static", &["--static", "--libs", "win-bar"])
        .env(&[WIN_LIBDIR, ("PKG_CONFIG_MSVC_SYNTAX", "1")]),
    // --- --env
    c(
        "env_cflags_libs",
        &["--env=PFX", "--cflags", "--libs", "u-app"],
    ),
    c("env_cflags_only", &["--env=PFX", "--cflags", "u-base"]),
    c(
        "env_variable",
        &["--env=PFX", "--variable=libdir", "u-base"],
    ),
    c(
        "env_print_variables",
        &["--env=PFX", "--print-variables", "u-base"],
    ),
    c(
        "env_static_libs",
        &["--env=S", "--static", "--libs", "u-top"],
    ),
    c("env_quoting", &["--env=Q", "--cflags", "var-nest"]),
    // --- --fragment-filter and --fragment-tree
    c(
        "fragment_filter_i",
        &["--fragment-filter=I", "--cflags", "--libs", "u-app"],
    ),
    c(
        "fragment_filter_il",
        &["--fragment-filter=Il", "--cflags", "--libs", "u-app"],
    ),
    c(
        "fragment_filter_lld",
        &[
            "--fragment-filter=LlD",
            "--static",
            "--cflags",
            "--libs",
            "u-top",
        ],
    ),
    c(
        "fragment_filter_no_match",
        &["--fragment-filter=W", "--libs", "u-base"],
    ),
    c(
        "fragment_tree_cflags",
        &["--fragment-tree", "--cflags", "u-app"],
    ),
    c(
        "fragment_tree_libs_static",
        &["--fragment-tree", "--static", "--libs", "u-top"],
    ),
    // --- graph output
    c("digraph", &["--digraph", "u-app"]),
    c(
        "digraph_query_nodes",
        &["--digraph", "--print-digraph-query-nodes", "u-app"],
    ),
    c("digraph_static", &["--digraph", "--static", "u-top"]),
    c("solution", &["--solution", "u-app"]),
    c("solution_static", &["--solution", "--static", "u-top"]),
    c("simulate", &["--simulate", "u-app"]),
    c("simulate_static", &["--simulate", "--static", "u-top"]),
    // --- metadata queries
    c("path_two_packages", &["--path", "u-base", "u-left"]),
    c("path_by_file", &["--path", "universe/u-base.pc"]),
    c("license", &["--license", "rel"]).env(&[REL_LIBDIR]),
    c("license_unknown", &["--license", "u-base"]),
    c("license_file", &["--license-file", "rel"]).env(&[REL_LIBDIR]),
    c(
        "license_file_define_prefix",
        &["--define-prefix", "--license-file", "rel"],
    )
    .env(&[REL_LIBDIR]),
    c("source", &["--source", "rel"]).env(&[REL_LIBDIR]),
    c("source_unknown", &["--source", "u-base"]),
    c("link_abi", &["--link-abi", "rel"]).env(&[REL_LIBDIR]),
    c("link_abi_unknown", &["--link-abi", "u-base"]),
    // --- cflags variations
    c(
        "internal_cflags",
        &["--internal-cflags", "--cflags", "u-app"],
    ),
    c(
        "internal_cflags_static",
        &["--internal-cflags", "--static", "--cflags", "u-app"],
    ),
    c("exists_cflags", &["--exists-cflags", "--cflags", "u-app"]),
    c("exists_cflags_alone", &["--exists-cflags", "u-base"]),
    c(
        "exists_cflags_static",
        &["--exists-cflags", "--static", "--cflags", "u-top"],
    ),
    // a query package that a later one requires gets no HAVE_ macro
    c(
        "exists_cflags_root_required_later",
        &["--exists-cflags", "--cflags", "u-base", "u-shonly", "u-app"],
    ),
    c(
        "exists_cflags_root_required_earlier",
        &["--exists-cflags", "--cflags", "u-app", "u-base"],
    ),
    // --- --validate (path relative to testdata/)
    c(
        "validate_warnings",
        &["--validate", "windows/lint/win-lint.pc"],
    )
    .stderr(),
    c("validate_clean", &["--validate", "win-bar"])
        .env(&[WIN_LIBDIR])
        .stderr(),
];

#[test]
fn case_names_are_unique() {
    assert_unique_names(CASES);
}

#[test]
fn baselines() {
    common::baseline::check_baselines!("snapshots/modes", baseline_cases(CASES));
}

/// Cases where pkgconf-rs is known to differ from the reference. Run with
/// `cargo test -p pkgconf-rs-tests --test modes -- --ignored`.
#[test]
#[ignore = "known divergences from pkgconf 3.0.7, see known_bug reasons in CASES"]
fn known_divergences() {
    common::baseline::check_baselines!("snapshots/modes", divergent_cases(CASES));
}

/// `<triplet>-pkg-config` finds `<triplet>.personality` under
/// `$XDG_DATA_DIRS/pkgconfig/personality.d/`. pkgconf's own lookup
/// directories differ, so this is asserted against our expected output
/// rather than recorded from the reference.
#[test]
#[cfg(unix)]
fn personality_from_program_name() {
    if recording() {
        return;
    }
    let td = testdata();
    let scratch = common::Scratch::new("personality-argv0");
    let pdir = scratch.path().join("data/pkgconfig/personality.d");
    std::fs::create_dir_all(&pdir).unwrap();
    std::fs::copy(
        td.join("personality/test-cross.personality"),
        pdir.join("x86_64-testcross-linux-gnu.personality"),
    )
    .unwrap();
    let link = scratch.path().join("x86_64-testcross-linux-gnu-pkg-config");
    std::os::unix::fs::symlink(our_binary(), &link).unwrap();

    let run = |args: &[&str]| {
        let out = Command::new(&link)
            .env_clear()
            .env("XDG_DATA_DIRS", scratch.path().join("data"))
            .current_dir(&td)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };

    assert_eq!(
        run(&["--dump-personality"]),
        "Triplet: x86_64-testcross-linux-gnu\n\
         SysrootDir: /opt/testcross/sysroot\n\
         DefaultSearchPaths: personality/pc\n\
         SystemIncludePaths: /opt/testcross/sysroot/usr/include:/usr/include/testcross\n\
         SystemLibraryPaths: /opt/testcross/sysroot/usr/lib\n\
         WantDefaultStatic: true\n"
    );
    // The same flags as the `personality_cflags_libs` baseline, which
    // selects the personality with --personality=FILE.
    assert_eq!(
        run(&["--cflags", "--libs", "tc-lib"]),
        "-I/opt/testcross/sysroot/usr/include/tc -I/opt/testcross/sysroot/usr/include/testcross \
         -DTC -I/opt/testcross/sysroot/usr/include/dep -L/opt/testcross/sysroot/usr/lib/other \
         -ltc -ltcpriv -ltcdep -lm\n"
    );
}
