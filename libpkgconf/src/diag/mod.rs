//! Diagnostics are data: a stable code, a severity, where it happened and a
//! message. They are delivered to a [`DiagnosticSink`]; rendering them for a
//! human is the caller's business (see [`Diagnostic`]'s `Display`).

mod rules;

use camino::Utf8PathBuf;
pub use rules::{Code, Rule};
use std::fmt;

/// How serious a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// A remark: the file works, but could say more or say it better.
    Info,
    /// Something questionable that pkgconf accepts.
    Warning,
    /// Something that makes the file or query unusable.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity a name (`info`, `warning`, `error`) stands for.
    pub fn from_name(name: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// Where in a file a diagnostic points: a byte range of the file and the
/// physical lines and columns it covers. Lines are 1-based and count every
/// line end (unlike [`Diagnostic::line`], which counts logical lines as
/// pkgconf does). Columns are 1-based and count characters; `end_column` is
/// exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Span {
    /// Byte offsets into the file, end exclusive.
    pub bytes: std::ops::Range<usize>,
    /// Physical line where the span starts.
    pub line: u32,
    /// Column where the span starts.
    pub column: u32,
    /// Physical line where the span ends.
    pub end_line: u32,
    /// Column just after the span (on `end_line`).
    pub end_column: u32,
}

impl Span {
    /// The span of `bytes` in `source` (clamped to the source). Builds a
    /// line index each call; for many spans in one file keep a
    /// [`LineIndex`].
    pub fn in_source(source: &[u8], bytes: std::ops::Range<usize>) -> Span {
        LineIndex::new(source).span(bytes)
    }
}

/// Where the lines of a file start, to turn byte offsets into lines and
/// columns in time independent of the file's size (columns are counted
/// from the nearest of a checkpoint every 4 KiB or the line start).
#[derive(Debug, Clone)]
pub struct LineIndex<'s> {
    source: &'s [u8],
    starts: Vec<usize>,
    /// Characters from the start of its line up to byte `k * STRIDE`.
    checkpoints: Vec<u32>,
}

const STRIDE: usize = 4096;

impl<'s> LineIndex<'s> {
    /// Indexes `source`: a line ends at LF, CRLF or a lone CR.
    pub fn new(source: &'s [u8]) -> Self {
        let mut starts = vec![0];
        let mut checkpoints = Vec::with_capacity(source.len() / STRIDE + 1);
        let mut chars: u32 = 0;
        for (i, &b) in source.iter().enumerate() {
            if i % STRIDE == 0 {
                checkpoints.push(chars);
            }
            let ends = b == b'\n' || (b == b'\r' && source.get(i + 1) != Some(&b'\n'));
            if ends {
                starts.push(i + 1);
                chars = 0;
            } else if !is_continuation(b) {
                chars = chars.saturating_add(1);
            }
        }
        LineIndex {
            source,
            starts,
            checkpoints,
        }
    }

    /// 1-based physical line and character column of byte `at`.
    pub fn position(&self, at: usize) -> (u32, u32) {
        let at = at.min(self.source.len());
        let idx = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let line_start = self.starts.get(idx).copied().unwrap_or(0);
        let cp = at / STRIDE;
        let (from, base) = match self.checkpoints.get(cp) {
            Some(&c) if cp * STRIDE >= line_start => (cp * STRIDE, c),
            _ => (line_start, 0),
        };
        let tail = self.source.get(from..at).unwrap_or(&[]);
        let n = tail.iter().filter(|&&b| !is_continuation(b)).count();
        let column = base
            .saturating_add(u32::try_from(n).unwrap_or(u32::MAX))
            .saturating_add(1);
        (u32::try_from(idx + 1).unwrap_or(u32::MAX), column)
    }

    /// The span of `bytes` (clamped to the source).
    pub fn span(&self, bytes: std::ops::Range<usize>) -> Span {
        let end = bytes.end.min(self.source.len());
        let start = bytes.start.min(end);
        let (line, column) = self.position(start);
        let (end_line, end_column) = self.position(end);
        Span {
            bytes: start..end,
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The bytes of physical line `line` (1-based), without its line end.
    pub fn line_text(&self, line: u32) -> &'s [u8] {
        let i = (line as usize).saturating_sub(1);
        let start = self.starts.get(i).copied().unwrap_or(self.source.len());
        let end = self.starts.get(i + 1).copied().unwrap_or(self.source.len());
        let text = self.source.get(start..end).unwrap_or(&[]);
        let text = text.strip_suffix(b"\n").unwrap_or(text);
        text.strip_suffix(b"\r").unwrap_or(text)
    }

    /// The number of physical lines.
    pub fn lines(&self) -> usize {
        self.starts.len()
    }
}

/// A UTF-8 continuation byte (not the start of a character).
fn is_continuation(b: u8) -> bool {
    (0x80..0xC0).contains(&b)
}

/// What a diagnostic is about, within its file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Subject {
    /// A field, by its key as written (`Libs`, `Requires.private`...).
    Field(String),
    /// A variable, by name.
    Variable(String),
}

/// One finding about a `.pc` file or a query.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// What kind of finding this is.
    pub code: Code,
    /// Whether it is a warning or an error.
    pub severity: Severity,
    /// The file concerned, when there is one.
    pub path: Option<Utf8PathBuf>,
    /// 1-based *logical* line number (continued lines count once), as
    /// pkgconf numbers lines, when known.
    pub line: Option<u32>,
    /// The exact place in the file, when known.
    pub span: Option<Span>,
    /// The field or variable concerned, when there is one.
    pub subject: Option<Subject>,
    /// The human-readable description, without location or code.
    pub message: String,
    /// How many times pkgconf reports it: pkgconf warns about whitespace
    /// once per character; pkgconf-rs keeps one diagnostic for the run.
    pub count: u32,
}

impl Diagnostic {
    /// The finding as the keys of a JSON object, in the order the JSON
    /// documents write them (`docs/lint-json.md`, `docs/json.md`): code,
    /// rule name, severity, message, place, subject, pccritic codes.
    pub(crate) fn json_fields(&self) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::{Value, json};
        let rule = self.code.rule();
        let span = self.span.as_ref();
        let subject = match &self.subject {
            Some(Subject::Field(name)) => json!({ "field": name }),
            Some(Subject::Variable(name)) => json!({ "variable": name }),
            None => Value::Null,
        };
        let fields = [
            ("code", json!(rule.id)),
            ("name", json!(rule.name)),
            ("severity", json!(self.severity.name())),
            ("message", json!(self.message)),
            ("line", json!(span.map(|s| s.line))),
            ("column", json!(span.map(|s| s.column))),
            ("end_line", json!(span.map(|s| s.end_line))),
            ("end_column", json!(span.map(|s| s.end_column))),
            ("logical_line", json!(self.line)),
            ("subject", subject),
            ("pccritic", json!(rule.pccritic)),
        ];
        fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// A warning with `code` and `message`, not yet located.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Warning,
            path: None,
            line: None,
            span: None,
            subject: None,
            message: message.into(),
            count: 1,
        }
    }

    /// An error with `code` and `message`, not yet located.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        let mut d = Diagnostic::warning(code, message);
        d.severity = Severity::Error;
        d
    }

    /// A diagnostic with `code`'s default severity (see [`Code::rule`]).
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        let mut d = Diagnostic::warning(code, message);
        d.severity = code.rule().severity;
        d
    }

    /// The same diagnostic pointing at `span`.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// The same diagnostic about `subject`.
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = Some(subject);
        self
    }

    /// The same diagnostic located at `line` of `path` (if there is a path).
    pub fn at(mut self, path: Option<&camino::Utf8Path>, line: u32) -> Self {
        self.path = path.map(|p| p.to_owned());
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line: warning[PC004]: message`, or `path:line:column: ...` when
    /// the diagnostic has a span (the line is then the physical line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{p}:")?;
            match (&self.span, self.line) {
                (Some(s), _) => write!(f, "{}:{}:", s.line, s.column)?,
                (None, Some(l)) => write!(f, "{l}:")?,
                (None, None) => {}
            }
            f.write_str(" ")?;
        }
        let sev = self.severity.name();
        write!(f, "{sev}[{}]: {}", self.code.id(), self.message)
    }
}

/// Receives diagnostics as they are found.
pub trait DiagnosticSink {
    /// Accepts one diagnostic.
    fn emit(&mut self, diagnostic: Diagnostic);
}

impl DiagnosticSink for Vec<Diagnostic> {
    fn emit(&mut self, diagnostic: Diagnostic) {
        self.push(diagnostic);
    }
}

/// A sink that drops everything.
#[derive(Debug, Default)]
pub struct Discard;

impl DiagnosticSink for Discard {
    fn emit(&mut self, _: Diagnostic) {}
}
