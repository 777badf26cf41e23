//! The file as pkgconf's `pccritic` sees it: its findings, in pccritic's
//! codes and severities, and its score and grade.
//!
//! pccritic scores a file 100 − (25 × critical + 10 × major + 4 × minor +
//! 1 × info), clamped to 0–100, and grades it A (≥ 90), B (≥ 80), C (≥ 70),
//! D (≥ 60) or F. Its checks differ from the lint rules in places, and the
//! score must be pccritic's, so they are reproduced here as pccritic makes
//! them (from pkgconf's `cli/pccritic/critic.c`), each linked to the lint
//! rule that covers the same ground ([`Finding::ours`]):
//!
//! - it classifies flags by pkgconf's fragment types (an unknown typed flag
//!   such as `-fopenmp` in Libs is "unexpected"; `-I` in Libs too);
//! - its system directories are a fixed list, where the lint rules also
//!   use the context's (`/usr/lib/x86_64-linux-gnu` on Debian);
//! - it accepts `libdir` and `includedir` only when they name `${prefix}`
//!   or `${exec_prefix}` (the lint rules also accept `${pcfiledir}`);
//! - it counts trailing whitespace, a byte-order mark and a missing final
//!   newline once per file;
//! - it reads only `Cflags`, `Libs` and `Libs.private`;
//! - a file pkgconf refuses (a required field missing) is scanned for the
//!   three required fields, matched case-sensitively at the start of a
//!   line, and for style alone; each missing field is critical.

use super::checks::{File, SYSTEM_INCLUDE_DIRS, SYSTEM_LIB_DIRS};
use super::variable;
use crate::diag::Code;
use crate::package::Package;
use crate::package::fragment::Fragment;

/// pccritic's severities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// 25 points.
    Critical,
    /// 10 points.
    Major,
    /// 4 points.
    Minor,
    /// 1 point.
    Info,
}

impl Severity {
    /// All four, most serious first.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::Major,
        Severity::Minor,
        Severity::Info,
    ];

    /// `critical`, `major`, `minor` or `info`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Major => "major",
            Severity::Minor => "minor",
            Severity::Info => "info",
        }
    }

    /// The points a finding of this severity costs.
    pub fn penalty(self) -> u32 {
        match self {
            Severity::Critical => 25,
            Severity::Major => 10,
            Severity::Minor => 4,
            Severity::Info => 1,
        }
    }
}

/// One pccritic finding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// pccritic's code, such as `PC030`.
    pub code: &'static str,
    /// pccritic's severity.
    pub severity: Severity,
    /// pccritic's category: `metadata`, `version`, `relocation`, `cflags`,
    /// `libs`, `requires`, `sbom` or `style`.
    pub category: &'static str,
    /// What was found.
    pub message: String,
    /// The lint rule that covers the same ground.
    pub ours: Code,
}

/// A file's pccritic findings and score.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Assessment {
    /// The findings, in pccritic's order.
    pub findings: Vec<Finding>,
    /// 0 to 100.
    pub score: u8,
    /// `A` to `F`.
    pub grade: char,
}

impl Assessment {
    fn new(findings: Vec<Finding>) -> Assessment {
        let penalty: u32 = findings.iter().map(|f| f.severity.penalty()).sum();
        let score = 100u32.saturating_sub(penalty);
        let grade = match score {
            90.. => 'A',
            80..=89 => 'B',
            70..=79 => 'C',
            60..=69 => 'D',
            _ => 'F',
        };
        Assessment {
            findings,
            score: u8::try_from(score).unwrap_or(0),
            grade,
        }
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The pccritic code table: code, severity, category, our rule.
const TABLE: &[(&str, Severity, &str, Code)] = &[
    ("PC000", Severity::Critical, "metadata", Code::Unreadable),
    ("PC001", Severity::Critical, "metadata", Code::EmptyField),
    ("PC002", Severity::Critical, "metadata", Code::EmptyField),
    ("PC003", Severity::Major, "metadata", Code::EmptyField),
    ("PC004", Severity::Minor, "metadata", Code::TerseDescription),
    ("PC005", Severity::Minor, "metadata", Code::MissingUrl),
    (
        "PC010",
        Severity::Major,
        "version",
        Code::VersionWithoutDigits,
    ),
    ("PC011", Severity::Minor, "version", Code::VersionWhitespace),
    ("PC020", Severity::Info, "relocation", Code::NoPrefix),
    (
        "PC021",
        Severity::Major,
        "relocation",
        Code::LibdirNotRelocatable,
    ),
    (
        "PC022",
        Severity::Major,
        "relocation",
        Code::IncludedirNotRelocatable,
    ),
    ("PC030", Severity::Major, "cflags", Code::BuildTuningFlag),
    ("PC031", Severity::Info, "cflags", Code::SystemIncludeDir),
    (
        "PC032",
        Severity::Minor,
        "cflags",
        Code::LinkerOptionInCflags,
    ),
    ("PC033", Severity::Info, "cflags", Code::LanguageStandard),
    ("PC034", Severity::Minor, "cflags", Code::LibInCflags),
    ("PC040", Severity::Info, "libs", Code::SystemLibDir),
    ("PC041", Severity::Minor, "libs", Code::UnexpectedLibsFlag),
    ("PC042", Severity::Major, "libs", Code::Rpath),
    ("PC051", Severity::Minor, "requires", Code::RequiredTwice),
    ("PC060", Severity::Minor, "style", Code::ByteOrderMark),
    ("PC062", Severity::Info, "style", Code::TrailingWhitespace),
    ("PC063", Severity::Info, "style", Code::NoFinalNewline),
    ("PC070", Severity::Info, "sbom", Code::MissingMaintainer),
    ("PC071", Severity::Info, "sbom", Code::MissingSource),
    ("PC072", Severity::Minor, "sbom", Code::MissingLicense),
];

/// Every pccritic code this module knows: code, severity, category and the
/// lint rule that covers it.
pub fn codes() -> impl Iterator<Item = (&'static str, Severity, &'static str, Code)> {
    TABLE.iter().copied()
}

/// Collects findings by pccritic code.
struct Findings(Vec<Finding>);

impl Findings {
    fn add(&mut self, code: &'static str, message: String) {
        self.add_as(code, None, message);
    }

    /// A finding with `code`, at `severity` when it differs from the
    /// table's (the required fields of a refused file are all critical).
    fn add_as(&mut self, code: &'static str, severity: Option<Severity>, message: String) {
        if let Some(&(code, sev, category, ours)) = TABLE.iter().find(|t| t.0 == code) {
            let ours = match (code, severity) {
                ("PC001" | "PC002" | "PC003", Some(_)) => Code::MissingField,
                _ => ours,
            };
            self.0.push(Finding {
                code,
                severity: severity.unwrap_or(sev),
                category,
                message,
                ours,
            });
        }
    }
}

/// The assessment of a target that could not be read.
pub(crate) fn unreadable() -> Assessment {
    let mut f = Findings(Vec::new());
    f.add("PC000", "the file cannot be read".to_owned());
    Assessment::new(f.0)
}

/// The assessment of a readable file.
pub(crate) fn assess(file: &File<'_>) -> Assessment {
    let mut f = Findings(Vec::new());
    match file.package {
        Some(pkg) => {
            metadata(pkg, &mut f);
            relocation(file, &mut f);
            for frag in &pkg.cflags {
                cflag(frag, &mut f);
            }
            for (which, list) in [("Libs", &pkg.libs), ("Libs.private", &pkg.libs_private)] {
                for frag in list {
                    lib(which, frag, &mut f);
                }
            }
            for dep in &pkg.requires {
                let private = pkg.requires_private.iter().chain(&pkg.requires_internal);
                if private.clone().any(|p| p.name() == dep.name()) {
                    f.add(
                        "PC051",
                        format!("'{}' is in both Requires and Requires.private", dep.name()),
                    );
                }
            }
            sbom(file, pkg, &mut f);
        }
        None => refused(file.source, &mut f),
    }
    style(file.source, &mut f);
    Assessment::new(f.0)
}

fn is_empty(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(str::is_empty)
}

fn metadata(pkg: &Package, f: &mut Findings) {
    if is_empty(&pkg.name) {
        f.add("PC001", "the Name field is empty".to_owned());
    }
    if is_empty(&pkg.version) {
        f.add("PC002", "the Version field is empty".to_owned());
    }
    match pkg.description.as_deref() {
        None | Some("") => f.add("PC003", "the Description field is empty".to_owned()),
        Some(d) if d.len() < 12 => {
            f.add("PC004", format!("the description \"{d}\" is very short"));
        }
        Some(_) => {}
    }
    if is_empty(&pkg.url) {
        f.add("PC005", "no URL field".to_owned());
    }
    if let Some(v) = pkg.version.as_deref().filter(|v| !v.is_empty()) {
        if v.contains([' ', '\t']) {
            f.add("PC011", format!("the version \"{v}\" contains whitespace"));
        }
        if !v.bytes().any(|b| b.is_ascii_digit()) {
            f.add("PC010", format!("the version \"{v}\" has no digit"));
        }
    }
}

fn relocation(file: &File<'_>, f: &mut Findings) {
    if variable(file.parsed, "prefix").is_none() {
        f.add(
            "PC020",
            "no prefix variable: the package cannot be relocated".to_owned(),
        );
    }
    for (name, code) in [("libdir", "PC021"), ("includedir", "PC022")] {
        if let Some(e) = variable(file.parsed, name) {
            if !e.value.contains("${prefix}") && !e.value.contains("${exec_prefix}") {
                f.add(
                    code,
                    format!("{name} is not derived from ${{prefix}} or ${{exec_prefix}}"),
                );
            }
        }
    }
}

/// Untyped Cflags words pccritic lets pass.
pub(crate) const CFLAGS_OK: [&str; 6] = [
    "-isystem",
    "-idirafter",
    "-iquote",
    "-imacros",
    "-include",
    "-framework",
];

fn cflag(frag: &Fragment, f: &mut Findings) {
    let text = frag.text();
    match frag.kind {
        Some('I') => {
            if SYSTEM_INCLUDE_DIRS.contains(&frag.data()) {
                f.add("PC031", format!("Cflags: {text} is a default include path"));
            }
        }
        Some('D' | 'U' | 'F') => {}
        Some('l' | 'L') => f.add("PC034", format!("Cflags: {text} is a linker flag")),
        Some(_) => f.add("PC030", format!("Cflags: {text} is a build-tuning flag")),
        None => {
            let d = frag.data();
            if d == "-pthread" || CFLAGS_OK.iter().any(|p| d.starts_with(p)) {
            } else if d.starts_with("-std=") || d.starts_with("-stdlib=") {
                f.add(
                    "PC033",
                    format!("Cflags: {text} imposes a language standard"),
                );
            } else if d.starts_with("-Wl,") {
                f.add("PC032", format!("Cflags: {text} is a linker flag"));
            } else {
                f.add("PC030", format!("Cflags: {text} is a build-tuning flag"));
            }
        }
    }
}

fn lib(which: &str, frag: &Fragment, f: &mut Findings) {
    let text = frag.text();
    match frag.kind {
        Some('l' | 'F') => {}
        Some('L') => {
            if SYSTEM_LIB_DIRS.contains(&frag.data()) {
                f.add(
                    "PC040",
                    format!("{which}: {text} is a default library path"),
                );
            }
        }
        Some(_) => f.add("PC041", format!("{which}: {text} is an unexpected flag")),
        None => {
            let d = frag.data();
            if d.contains("-rpath") || d.contains("rpath=") {
                f.add(
                    "PC042",
                    format!("{which}: {text} sets a run-time library path"),
                );
            } else if d == "-pthread"
                || d.starts_with("-framework")
                || d.starts_with("-Wl,")
                || d.starts_with("-l")
            {
            } else {
                f.add("PC041", format!("{which}: {text} is an unexpected flag"));
            }
        }
    }
}

fn sbom(file: &File<'_>, pkg: &Package, f: &mut Findings) {
    let maintainer = super::field(file.parsed, "Maintainer")
        .map(|e| {
            pkg.vars
                .expand_at(&e.value, e.line, &mut crate::diag::Discard)
        })
        .is_some_and(|v| !v.is_empty());
    if !maintainer {
        f.add(
            "PC070",
            "no Maintainer field (the SBOM supplier)".to_owned(),
        );
    }
    if is_empty(&pkg.source) {
        f.add(
            "PC071",
            "no Source field (the SBOM download location)".to_owned(),
        );
    }
    if is_empty(&pkg.license) {
        f.add(
            "PC072",
            "no License field (the SBOM declared license)".to_owned(),
        );
    }
}

/// A file pkgconf refuses: which required fields a line-by-line scan finds.
fn refused(source: &[u8], f: &mut Findings) {
    let before = f.0.len();
    for (key, code) in [
        ("Name", "PC001"),
        ("Version", "PC002"),
        ("Description", "PC003"),
    ] {
        if !declares(source, key) {
            f.add_as(
                code,
                Some(Severity::Critical),
                format!("the required {key} field is missing"),
            );
        }
    }
    if f.0.len() == before {
        f.add("PC000", "pkgconf does not accept the file".to_owned());
    }
}

/// Whether a line starts (after spaces and tabs) with `key`, then spaces
/// or tabs, then `:`.
fn declares(source: &[u8], key: &str) -> bool {
    source.split(|&b| b == b'\n').any(|line| {
        let line = trim_blank(line);
        line.strip_prefix(key.as_bytes())
            .is_some_and(|rest| trim_blank(rest).first() == Some(&b':'))
    })
}

fn trim_blank(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
    s.get(n..).unwrap_or(&[])
}

/// Byte-order mark, trailing whitespace and the final newline, once each.
fn style(source: &[u8], f: &mut Findings) {
    if source.starts_with(b"\xEF\xBB\xBF") {
        f.add(
            "PC060",
            "the file starts with a UTF-8 byte-order mark".to_owned(),
        );
    }
    let trailing = source
        .windows(2)
        .any(|w| w[1] == b'\n' && (w[0] == b' ' || w[0] == b'\t'));
    if trailing {
        f.add(
            "PC062",
            "trailing whitespace on one or more lines".to_owned(),
        );
    }
    if source.last().is_some_and(|&b| b != b'\n') {
        f.add("PC063", "the file does not end with a line end".to_owned());
    }
}
