//! Rendering lint reports: for people ([`human`], [`explain`]), for tools
//! ([`json()`], [`sarif`]), and as pkgconf's `pccritic` prints them
//! ([`pccritic()`]). Every function returns the text; nothing here prints.
//!
//! ```
//! use libpkgconf::lint::{LintOptions, Linter, output};
//! use libpkgconf::{Context, Env, Options};
//!
//! let ctx = Context::in_memory(&Env::new(), &Options::new(), Vec::<(String, Vec<u8>)>::new())?;
//! let linter = Linter::new(&ctx, LintOptions::new());
//! let report = linter.lint_bytes(b"Name: x\nDescription: an example library\nVersion: 1\nLibs: -O2 -lx\n", "x.pc".into());
//! let text = output::human(&report, false);
//! assert!(text.contains("x.pc:4:7: warning[PC027]: "));
//! assert!(output::pccritic(&report, true, false).starts_with("x.pc: 85/100 (B)"));
//! # Ok::<(), libpkgconf::ConfigError>(())
//! ```
//!
//! The JSON document and the SARIF mapping are described in
//! `docs/lint-json.md`.

use super::FileReport;
use super::pccritic::{Finding, Severity as PcSeverity};
use crate::diag::{Code, Diagnostic, LineIndex, Rule, Severity, Span};
use annotate_snippets::renderer::{AnsiColor, Style};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The name the reports give as their tool.
pub const TOOL: &str = "pkgconf-rs-lint";

/// The tool's version (the crate's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the tool is documented, as SARIF's `informationUri`.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The version of the JSON document [`json()`] writes.
pub const JSON_SCHEMA: u32 = 1;

/// Where a SARIF 2.1.0 document's schema is.
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// `text` in `style` when `color` is on, else as it is.
fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_owned()
    }
}

fn fg(color: AnsiColor) -> Style {
    Style::new().fg_color(Some(color.into()))
}

/// The name a finding is shown under: its file, or the target when no file
/// was found.
fn display_name(report: &FileReport) -> &str {
    report
        .path
        .as_ref()
        .map_or(report.target.as_str(), |p| p.as_str())
}

/// The findings of one file for a person: for each, a first line
/// `path:line:col: severity[CODE]: message` (as compilers write them, so
/// editors and `grep` find them), then, when the finding has a span, the
/// line it points at with the span underlined and labelled with the rule's
/// title. Empty when there is no finding.
pub fn human(report: &FileReport, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let index = LineIndex::new(&report.source);
    let name = display_name(report);
    let mut out = String::new();
    for d in &report.findings {
        out.push_str(&headline(name, d, color));
        out.push('\n');
        if let Some(span) = &d.span {
            out.push_str(&excerpt(&renderer, &index, d, span));
            out.push('\n');
        }
    }
    out
}

/// `path:line:col: severity[CODE]: message`.
fn headline(name: &str, d: &Diagnostic, color: bool) -> String {
    let place = match (&d.span, d.line) {
        (Some(s), _) => format!("{name}:{}:{}:", s.line, s.column),
        (None, Some(line)) => format!("{name}:{line}:"),
        (None, None) => format!("{name}:"),
    };
    let style = match d.severity {
        Severity::Error => fg(AnsiColor::Red),
        Severity::Warning => fg(AnsiColor::Yellow),
        Severity::Info => fg(AnsiColor::Cyan),
    }
    .bold();
    let what = format!("{}[{}]", d.severity.name(), d.code.id());
    format!(
        "{} {}: {}",
        paint(&place, Style::new().bold(), color),
        paint(&what, style, color),
        d.message
    )
}

/// The first physical line of `span` with the span underlined, rendered by
/// annotate-snippets without a title (the headline is ours).
fn excerpt(renderer: &Renderer, index: &LineIndex<'_>, d: &Diagnostic, span: &Span) -> String {
    let (text, range) = line_excerpt(index, span);
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let snippet = Snippet::source(text)
        .line_start(span.line as usize)
        .annotation(
            AnnotationKind::Primary
                .span(range)
                .label(d.code.rule().title),
        );
    renderer.render(&[Group::with_level(level).element(snippet)])
}

/// The text of the span's first line (lossily decoded) and the span's range
/// in that text, clipped to the line.
fn line_excerpt(index: &LineIndex<'_>, span: &Span) -> (String, std::ops::Range<usize>) {
    let line = index.line_text(span.line);
    // The line's own start, from the first column: the columns before the
    // span count characters, so walk them.
    let from = char_offset(line, span.column.saturating_sub(1) as usize);
    let len = span.bytes.end.saturating_sub(span.bytes.start);
    let to = from.saturating_add(len).min(line.len());
    let before = String::from_utf8_lossy(&line[..from]);
    let inside = String::from_utf8_lossy(&line[from..to]);
    let after = String::from_utf8_lossy(&line[to..]);
    let start = before.len();
    let end = start + inside.len();
    (format!("{before}{inside}{after}"), start..end)
}

/// The byte offset of character `n` of `line` (characters counted as
/// [`LineIndex`] counts them: every byte that is not a UTF-8 continuation
/// byte starts one), or the line's length.
fn char_offset(line: &[u8], n: usize) -> usize {
    line.iter()
        .enumerate()
        .filter(|&(_, &b)| !(0x80..0xC0).contains(&b))
        .nth(n)
        .map_or(line.len(), |(i, _)| i)
}

/// How many findings of `severity` the reports hold.
fn total(reports: &[FileReport], severity: Severity) -> usize {
    reports.iter().map(|r| r.count(severity)).sum()
}

/// All reports as one JSON document (schema [`JSON_SCHEMA`]), pretty-printed,
/// with keys in a fixed order and a final newline.
pub fn json(reports: &[FileReport]) -> String {
    // One file's tree at a time: a run over thousands of files never holds
    // the whole document as values.
    let mut out = String::from("{\n");
    let head = [
        ("schema", json!(JSON_SCHEMA)),
        ("tool", json!(TOOL)),
        ("version", json!(VERSION)),
    ];
    for (key, value) in head {
        out.push_str(&format!("  \"{key}\": {value},\n"));
    }
    if reports.is_empty() {
        out.push_str("  \"files\": [],\n");
    } else {
        out.push_str("  \"files\": [\n");
        for (i, report) in reports.iter().enumerate() {
            let comma = if i + 1 < reports.len() { "," } else { "" };
            indented(&mut out, &format!("{:#}{comma}", json_file(report)), "    ");
        }
        out.push_str("  ],\n");
    }
    let summary = json!({
        "files": reports.len(),
        "errors": total(reports, Severity::Error),
        "warnings": total(reports, Severity::Warning),
        "infos": total(reports, Severity::Info),
    });
    let summary = format!("{summary:#}");
    out.push_str("  \"summary\": ");
    let mut lines = summary.lines();
    if let Some(first) = lines.next() {
        out.push_str(first);
        out.push('\n');
    }
    for line in lines {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("}\n");
    out
}

/// Appends `text` with every line indented by `pad` (JSON strings never
/// hold a raw line end, so lines are safe to indent).
fn indented(out: &mut String, text: &str, pad: &str) {
    for line in text.lines() {
        out.push_str(pad);
        out.push_str(line);
        out.push('\n');
    }
}

fn json_file(report: &FileReport) -> Value {
    let findings: Vec<Value> = report.findings.iter().map(json_finding).collect();
    let pccritic: Vec<Value> = report.pccritic.findings.iter().map(json_pccritic).collect();
    json!({
        "target": report.target,
        "path": report.path.as_ref().map(|p| p.as_str()),
        "readable": report.readable,
        "loaded": report.loaded,
        "score": report.pccritic.score,
        "grade": report.pccritic.grade.to_string(),
        "findings": findings,
        "pccritic": pccritic,
    })
}

fn json_finding(d: &Diagnostic) -> Value {
    Value::Object(d.json_fields())
}

fn json_pccritic(f: &Finding) -> Value {
    json!({
        "code": f.code,
        "severity": f.severity.name(),
        "category": f.category,
        "message": f.message,
        "ours": f.ours.id(),
    })
}

/// SARIF's name for a severity.
fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// All reports as one SARIF 2.1.0 log: one run, every rule of
/// [`Code::rules`] in the driver, one result per finding.
pub fn sarif(reports: &[FileReport]) -> String {
    let rules: Vec<Value> = Code::rules().iter().map(sarif_rule).collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(move |d| sarif_result(r, d)))
        .collect();
    let doc = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": TOOL,
                    "version": VERSION,
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    format!("{doc:#}\n")
}

fn sarif_rule(rule: &Rule) -> Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": rule.explanation },
        "defaultConfiguration": { "level": sarif_level(rule.severity) },
        "properties": { "ambiguous": rule.ambiguous, "pccritic": rule.pccritic },
    })
}

fn sarif_result(report: &FileReport, d: &Diagnostic) -> Value {
    let index = Code::rules().iter().position(|r| r.code == d.code);
    let mut location = json!({});
    if let Some(path) = &report.path {
        location["physicalLocation"] = json!({ "artifactLocation": { "uri": uri(path.as_str()) } });
        if let Some(s) = &d.span {
            location["physicalLocation"]["region"] = json!({
                "startLine": s.line,
                "startColumn": s.column,
                "endLine": s.end_line,
                "endColumn": s.end_column,
            });
        }
    }
    let locations: Vec<Value> = report
        .path
        .is_some()
        .then_some(location)
        .into_iter()
        .collect();
    json!({
        "ruleId": d.code.id(),
        "ruleIndex": index,
        "level": sarif_level(d.severity),
        "message": { "text": d.message },
        "locations": locations,
        "properties": { "target": report.target, "logicalLine": d.line },
    })
}

/// A path as a URI reference: `file://` and the path when it is absolute,
/// the path alone when relative, with bytes other than letters, digits,
/// `-._~/` percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::from(if path.starts_with('/') { "file://" } else { "" });
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn pc_style(severity: PcSeverity) -> Style {
    match severity {
        PcSeverity::Critical => fg(AnsiColor::Red).bold(),
        PcSeverity::Major => fg(AnsiColor::Red),
        PcSeverity::Minor => fg(AnsiColor::Yellow),
        PcSeverity::Info => fg(AnsiColor::Cyan),
    }
}

fn grade_style(grade: char) -> Style {
    match grade {
        'A' | 'B' => fg(AnsiColor::Green),
        'C' | 'D' => fg(AnsiColor::Yellow),
        _ => fg(AnsiColor::Red).bold(),
    }
}

/// What pkgconf's `pccritic` prints for one target: with `quiet`, the line
/// `TARGET: SCORE/100 (GRADE)`; otherwise the target, its file when that
/// differs, the score and grade with the count of each severity, one line
/// per finding (or `no issues found.`) and a blank line.
pub fn pccritic(report: &FileReport, quiet: bool, color: bool) -> String {
    let a = &report.pccritic;
    let grade = paint(&a.grade.to_string(), grade_style(a.grade), color);
    if quiet {
        let grade = paint(&format!("({})", a.grade), grade_style(a.grade), color);
        return format!("{}: {}/100 {grade}\n", report.target, a.score);
    }
    let dim = Style::new().dimmed();
    let mut out = format!("{}\n", report.target);
    if let Some(p) = report.path.as_ref().filter(|p| p.as_str() != report.target) {
        let _ = writeln!(out, "  file: {p}");
    }
    let [c, m, n, i] = PcSeverity::ALL.map(|s| a.count(s));
    let counts = format!("({c} critical, {m} major, {n} minor, {i} info)");
    let counts = paint(&counts, dim, color);
    let _ = writeln!(out, "  score: {}/100  grade: {grade}  {counts}", a.score);
    if a.findings.is_empty() {
        out.push_str("  no issues found.\n");
    }
    for f in &a.findings {
        let sev = format!("{:<8}", f.severity.name());
        let sev = paint(&sev, pc_style(f.severity), color);
        let place = paint(&format!("({}/{})", f.category, f.code), dim, color);
        let _ = writeln!(out, "  [{sev}] {} {place}", f.message);
    }
    out.push('\n');
    out
}

/// What rule `code` checks, for `--explain`: its identifier and name, its
/// default severity and what strict mode does to it, its title, its
/// explanation wrapped to 76 columns, and the pccritic codes it covers.
pub fn explain(code: Code) -> String {
    let rule = code.rule();
    let strict = match (rule.severity, rule.ambiguous) {
        (Severity::Error, _) => "always an error",
        (_, true) => "an error with --strict (it makes the file ambiguous)",
        (_, false) => "--strict does not change it",
    };
    let pccritic = if rule.pccritic.is_empty() {
        "none".to_owned()
    } else {
        rule.pccritic.join(", ")
    };
    let mut out = format!("{} {}: {}\n\n", rule.id, rule.name, rule.title);
    let _ = writeln!(out, "  default severity: {}", rule.severity.name());
    let _ = writeln!(out, "  strict mode:      {strict}");
    let _ = writeln!(out, "  pccritic codes:   {pccritic}\n");
    for line in wrap(rule.explanation, 74) {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// `text`'s words in lines of at most `width` characters (a longer word
/// has a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::lint::{LintOptions, Linter};
    use crate::{Context, Env, Options};

    fn report(bytes: &[u8]) -> FileReport {
        let ctx = Context::in_memory(
            &Env::new(),
            &Options::new(),
            Vec::<(String, Vec<u8>)>::new(),
        )
        .unwrap();
        Linter::new(&ctx, LintOptions::new()).lint_bytes(bytes, "dir/x.pc".into())
    }

    const FILE: &[u8] = b"prefix=/usr\nName: x\nDescription: an example library\nVersion: 1\n\
        URL: https://example.org\nLicense: MIT\nLibs: -O2 -lx\n";

    #[test]
    fn human_has_gcc_headline_and_caret() {
        let text = human(&report(FILE), false);
        assert!(text.starts_with("dir/x.pc:7:7: warning[PC027]: "), "{text}");
        assert!(text.contains("7 | Libs: -O2 -lx"), "{text}");
        assert!(
            text.contains("^^^ a flag that has no business in a Libs field"),
            "{text}"
        );
        assert!(!human(&report(FILE), true).is_empty());
    }

    #[test]
    fn excerpt_is_lossy_and_clipped() {
        let index = LineIndex::new(b"A: \xff\xfe x\nB: y\n");
        let span = index.span(4..13);
        let (text, range) = line_excerpt(&index, &span);
        assert_eq!(text, "A: \u{fffd}\u{fffd} x");
        assert_eq!(&text[range], "\u{fffd} x");
    }

    #[test]
    fn json_and_sarif_are_documents() {
        let r = [report(FILE)];
        let doc: Value = serde_json::from_str(&json(&r)).unwrap();
        assert_eq!(doc["schema"], 1);
        assert_eq!(doc["files"][0]["findings"][0]["code"], "PC027");
        let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["schema", "tool", "version", "files", "summary"]);
        let log: Value = serde_json::from_str(&sarif(&r)).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), r[0].findings.len());
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            7
        );
    }

    #[test]
    fn pccritic_text() {
        let r = report(FILE);
        let text = pccritic(&r, false, false);
        assert!(text.starts_with("dir/x.pc\n  score: "), "{text}");
        assert!(text.contains("  [minor   ] "), "{text}");
        assert!(text.ends_with(")\n\n"), "{text}");
    }

    #[test]
    fn uri_encodes() {
        assert_eq!(uri("/a b/x.pc"), "file:///a%20b/x.pc");
        assert_eq!(uri("rel/x+y.pc"), "rel/x%2By.pc");
    }

    #[test]
    fn explain_wraps() {
        let text = explain(Code::UnknownField);
        assert!(text.starts_with("PC050 unknown-field: "));
        assert!(text.lines().all(|l| l.chars().count() <= 76), "{text}");
    }
}
