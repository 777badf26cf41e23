//! Diagnostics are data: a stable code, a severity, where it happened and a
//! message. They are delivered to a [`DiagnosticSink`]; rendering them for a
//! human is the caller's business (see [`Diagnostic`]'s `Display`).

use camino::Utf8PathBuf;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// Something questionable that pkgconf accepts.
    Warning,
    /// Something that makes the file or query unusable.
    Error,
}

/// Stable diagnostic codes. Their string form (`PC0xx`) never changes meaning
/// and is never reused. `PC003`, `PC005` and `PC013` are reserved for rules
/// not written yet (duplicate variables, C-style comments, undefined
/// variables); nothing emits them today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    /// A line that is neither a variable, a field nor a comment.
    MalformedLine,
    /// A field given twice in the same file.
    DuplicateField,
    /// The `Version` field contains whitespace.
    VersionWhitespace,
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// A line longer than the parser accepts.
    LineTooLong,
    /// A variable refers to itself, directly or not.
    VariableCycle,
    /// Expansion went past its size or step limit.
    ExpansionLimit,
    /// A field pkg-config requires is missing (Name, Description, Version).
    MissingField,
    /// A dependency cycle was broken.
    CircularReference,
    /// Unbalanced quotes in a flags field.
    UnbalancedQuote,
    /// The file is not a readable text file.
    Unreadable,
    /// A flags field could not be split into words; the rest was dropped.
    UnparsableField,
}

impl Code {
    /// The stable identifier of this code.
    pub fn id(self) -> &'static str {
        match self {
            Code::MalformedLine => "PC001",
            Code::DuplicateField => "PC002",
            Code::VersionWhitespace => "PC004",
            Code::InvalidUtf8 => "PC006",
            Code::LineTooLong => "PC007",
            Code::VariableCycle => "PC008",
            Code::ExpansionLimit => "PC009",
            Code::MissingField => "PC010",
            Code::CircularReference => "PC011",
            Code::UnbalancedQuote => "PC012",
            Code::Unreadable => "PC014",
            Code::UnparsableField => "PC015",
        }
    }
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
    /// 1-based line number, when known.
    pub line: Option<u32>,
    /// The human-readable description, without location or code.
    pub message: String,
}

impl Diagnostic {
    /// A warning with `code` and `message`, not yet located.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Warning,
            path: None,
            line: None,
            message: message.into(),
        }
    }

    /// An error with `code` and `message`, not yet located.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            path: None,
            line: None,
            message: message.into(),
        }
    }

    /// The same diagnostic located at `line` of `path` (if there is a path).
    pub fn at(mut self, path: Option<&camino::Utf8Path>, line: u32) -> Self {
        self.path = path.map(|p| p.to_owned());
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line: warning[PC004]: message`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{p}:")?;
            if let Some(l) = self.line {
                write!(f, "{l}:")?;
            }
            f.write_str(" ")?;
        }
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
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
