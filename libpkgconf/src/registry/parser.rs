//! Parsing the bytes of a `.pc` file into ordered entries, as pkgconf 3.0.7
//! reads them.
//!
//! # Reading logical lines
//!
//! - A line ends at LF, CRLF or a lone CR.
//! - A backslash before a line end joins the next physical line (the
//!   backslash and the line end vanish, the next line's leading whitespace
//!   stays). Line numbers count *logical* lines, as pkgconf's diagnostics do.
//! - `#` starts a comment that runs to the end of the logical line (a
//!   backslash-newline inside a comment still continues it). `\#` stands for
//!   a literal `#`. Any other `\X` pair is kept as is (so `\\#` is a kept
//!   `\\` followed by a comment). A backslash at the very end of the file is
//!   dropped. Quotes do not protect `#`.
//! - A NUL byte ends the useful part of its line (pkgconf uses C strings).
//! - Bytes that are not UTF-8 are replaced by U+FFFD with an
//!   [`Code::InvalidUtf8`] warning (pkgconf passes them through silently).
//! - A logical line longer than [`MAX_LINE_BYTES`] is cut there with a
//!   [`Code::LineTooLong`] warning (pkgconf has no limit; its expansion output
//!   is capped at 65534 bytes anyway, see [`crate::registry::vars`]).
//!
//! # Splitting a line
//!
//! - Leading whitespace is skipped; if anything follows it, pkgconf warns
//!   once "whitespace encountered while parsing key section".
//! - The key is the longest run of ASCII letters, digits, `_` and `.`; it
//!   must start with a letter or digit, otherwise the line is ignored.
//! - Each whitespace character between the key and the operator gives one
//!   more "whitespace encountered while parsing key section" warning.
//! - The operator `=` makes a variable, `:` a field; anything else (or
//!   nothing) makes the line ignored silently.
//! - The value has its leading and trailing whitespace removed; for
//!   variables, each trailing whitespace character gives one "trailing
//!   whitespace encountered while parsing value section" warning.
//!
//! Values are stored as written (no dequoting, no expansion): see
//! [`crate::registry::vars`].

use crate::diag::{Code, Diagnostic, DiagnosticSink, LineIndex, Subject};
use crate::hash::Map as HashMap;
use crate::package::Field;
use crate::registry::words::is_c_space;
use camino::Utf8Path;
use std::borrow::Cow;
use std::ops::Range;

/// Longest logical line kept, in bytes. Longer lines are truncated.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Whether an entry is a variable (`name=value`) or a field (`Key: value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// `name=value`: a variable, expanded by `${name}` references.
    Variable,
    /// `Key: value`: a field such as `Name`, `Requires` or `Libs`.
    Field,
}

/// One `name=value` or `Key: value` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// Whether the line defines a variable or a field.
    pub kind: EntryKind,
    /// The key as written (case preserved; variables are case sensitive,
    /// field names are matched case-insensitively by pkgconf).
    /// Borrowed from the file's bytes when it is written there as it is.
    pub key: Cow<'a, str>,
    /// The value as stored for later expansion: trimmed, comments removed,
    /// continuations joined, `\#` turned into `#`, otherwise verbatim.
    /// Borrowed from the file's bytes when it is written there as it is
    /// (most values: no continuation, no `\#`).
    pub value: Cow<'a, str>,
    /// 1-based *logical* line number (continued lines count once), as in
    /// pkgconf's `path:line:` diagnostics.
    pub line: u32,
    /// The field a `Field` entry's key names, when pkgconf-rs uses it
    /// (worked out once, with the entry).
    pub field: Option<Field>,
    /// Where the key is in the file's bytes.
    pub key_span: Range<usize>,
    /// Where the value is in the file's bytes (empty, just after the
    /// operator, for an empty value).
    pub value_span: Range<usize>,
}

impl Entry<'_> {
    /// The entry with its own copy of the key and value.
    #[cfg(test)]
    pub(crate) fn into_owned(self) -> Entry<'static> {
        Entry {
            key: Cow::Owned(self.key.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
            ..self
        }
    }
}

/// The parsed file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedPc<'a> {
    /// Variables and fields in file order.
    pub entries: Vec<Entry<'a>>,
    /// `true` when pkgconf refuses the file: it lacks one of the `Name`,
    /// `Description` or `Version` fields (pkgconf says "file does not declare
    /// a `Name' field" for each and then "skipping invalid file"; those
    /// diagnostics have been emitted by [`parse`], with the path and no line).
    /// This is what makes truncated or newline-less garbage files fail.
    pub fatal: bool,
    /// The required fields the file does not declare, in that order.
    pub missing: Vec<&'static str>,
}

const KEY_WS: &str = "whitespace encountered while parsing key section";
const VALUE_WS: &str = "trailing whitespace encountered while parsing value section";

/// One logical line: its bytes, and where each came from in the file.
struct RawLine {
    bytes: Vec<u8>,
    too_long: bool,
    /// `(logical offset, file offset)` at each point where the mapping
    /// jumps (continuations, `\#`); offsets in between follow on.
    map: Vec<(usize, usize)>,
    /// File offset where the line starts.
    start: usize,
    /// File offset of a `#` comment, when there is one.
    comment: Option<usize>,
    /// File offset of a backslash-newline inside the comment.
    comment_continued: Option<usize>,
    /// File offset of the first NUL byte.
    nul: Option<usize>,
}

impl RawLine {
    fn new(start: usize) -> Self {
        RawLine {
            bytes: Vec::new(),
            too_long: false,
            map: Vec::new(),
            start,
            comment: None,
            comment_continued: None,
            nul: None,
        }
    }

    /// Empties the line for reuse from file offset `start` (its buffers
    /// keep their room: one allocation per file, not per line).
    fn reset(&mut self, start: usize) {
        self.bytes.clear();
        self.map.clear();
        self.too_long = false;
        self.start = start;
        self.comment = None;
        self.comment_continued = None;
        self.nul = None;
    }

    fn push(&mut self, b: u8, at: usize) {
        if self.bytes.len() >= MAX_LINE_BYTES {
            self.too_long = true;
            return;
        }
        let here = self.bytes.len();
        let follows = self.map.last().is_some_and(|&(l, f)| f + (here - l) == at);
        if !follows {
            self.map.push((here, at));
        }
        self.bytes.push(b);
    }

    /// Appends the bytes `run`, which start at file offset `at` and hold
    /// no byte the line cutter acts on: as [`RawLine::push`] for each, in
    /// one go.
    fn push_run(&mut self, run: &[u8], at: usize) {
        let room = MAX_LINE_BYTES.saturating_sub(self.bytes.len());
        let take = run.get(..room).unwrap_or(run);
        if take.len() < run.len() {
            self.too_long = true;
        }
        if let Some(&first) = take.first() {
            self.push(first, at);
            self.bytes
                .extend_from_slice(take.get(1..).unwrap_or_default());
        }
    }

    /// The file offset of the byte at logical offset `at`, or of the end of
    /// the line for `at` past it.
    fn file_offset(&self, at: usize) -> usize {
        if at >= self.bytes.len() {
            return match self.map.last() {
                Some(&(l, f)) => f + (self.bytes.len() - l),
                None => self.start,
            };
        }
        let i = self
            .map
            .partition_point(|&(l, _)| l <= at)
            .saturating_sub(1);
        match self.map.get(i) {
            Some(&(l, f)) => f + (at - l),
            None => self.start,
        }
    }

    /// The file range of logical range `r` (from its first byte to just
    /// after its last byte).
    fn file_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.file_offset(r.start);
        let end = if r.end > r.start {
            self.file_offset(r.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }
}

/// Cuts `bytes` into logical lines (see the module docs), handing each to
/// `each` in turn.
fn logical_lines(bytes: &[u8], mut each: impl FnMut(&RawLine)) {
    let mut cur = RawLine::new(0);
    // One buffer for every line of the file, as long as its longest line
    // can be (never longer than the file): no growing line by line.
    cur.bytes.reserve(bytes.len().min(MAX_LINE_BYTES));
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        let b = bytes.get(i).copied().unwrap_or(b'\n');
        let skip = cur.comment.is_some() || cur.nul.is_some();
        match b {
            b'\\' => match bytes.get(i + 1).copied() {
                None => i += 1,
                Some(b'\n' | b'\r') => {
                    if cur.comment.is_some() && cur.comment_continued.is_none() {
                        cur.comment_continued = Some(i);
                    }
                    let cr = bytes.get(i + 1) == Some(&b'\r');
                    i += 2;
                    if cr && bytes.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                }
                Some(b'#') => {
                    if !skip {
                        cur.push(b'#', i + 1);
                    }
                    i += 2;
                }
                Some(x) => {
                    if !skip {
                        cur.push(b'\\', i);
                    }
                    if x == 0 {
                        cur.nul.get_or_insert(i + 1);
                    } else if !skip {
                        cur.push(x, i + 1);
                    }
                    i += 2;
                }
            },
            b'\n' | b'\r' => {
                i += 1;
                if b == b'\r' && bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                each(&cur);
                cur.reset(i);
            }
            b'#' => {
                if !skip {
                    cur.comment = Some(i);
                }
                i += 1;
            }
            0 => {
                cur.nul.get_or_insert(i);
                i += 1;
            }
            _ => {
                // The ordinary bytes up to the next one acted on, at once.
                let rest = bytes.get(i..).unwrap_or_default();
                let len = ordinary_run(rest);
                if !skip {
                    cur.push_run(rest.get(..len).unwrap_or_default(), i);
                }
                i += len;
            }
        }
    }
    if !cur.bytes.is_empty() || cur.too_long || cur.comment.is_some() || cur.nul.is_some() {
        each(&cur);
    }
}

/// How many bytes `rest` starts with that the line cutter passes through
/// as they are: up to its first `\\`, newline, carriage return, `#` or NUL.
/// Searched 16 bytes at a time on x86-64, a word at a time elsewhere
/// ([`search`]): the three common ones in one
/// pass, then the two rare ones in what comes before. A loop byte by byte
/// took
/// half of `parse`'s own samples in a profile; with this (and the newlines
/// counted by `memchr` too) `Package::from_bytes` takes 0.93x the time on
/// the 16,001 files of `bench/compare`'s workload 4, 0.94x on workload 3's.
fn ordinary_run(rest: &[u8]) -> usize {
    let common = search::three(b'\n', b'\\', b'#', rest).unwrap_or(rest.len());
    let before = rest.get(..common).unwrap_or_default();
    search::two(b'\r', 0, before).unwrap_or(common)
}

/// `memchr`'s searchers that need no check of the CPU's features: SSE2,
/// which every x86-64 CPU has, and the portable ones elsewhere. (`memchr`'s
/// own functions check for AVX2 on first use, with `cpuid`, which costs a
/// process about 30 µs on a virtual machine, where each `cpuid` traps: more
/// than the parser saves on a small query.)
mod search {
    use memchr::arch::all::memchr as portable;
    #[cfg(target_arch = "x86_64")]
    use memchr::arch::x86_64::sse2::memchr as sse2;

    pub(super) fn three(a: u8, b: u8, c: u8, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(s) = sse2::Three::new(a, b, c) {
            return s.find(haystack);
        }
        portable::Three::new(a, b, c).find(haystack)
    }

    pub(super) fn two(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(s) = sse2::Two::new(a, b) {
            return s.find(haystack);
        }
        portable::Two::new(a, b).find(haystack)
    }

    pub(super) fn count(a: u8, haystack: &[u8]) -> usize {
        #[cfg(target_arch = "x86_64")]
        if let Some(s) = sse2::One::new(a) {
            return s.count(haystack);
        }
        portable::One::new(a).count(haystack)
    }
}

/// `s` without its leading C whitespace. Every such character is one
/// ASCII byte, so the cut is a character boundary.
fn trim_c_space_start(s: &str) -> &str {
    let n = s
        .bytes()
        .position(|b| !is_c_space(char::from(b)))
        .unwrap_or(s.len());
    s.get(n..).unwrap_or("")
}

/// `s` without its trailing C whitespace (see [`trim_c_space_start`]).
fn trim_c_space_end(s: &str) -> &str {
    let n = s
        .bytes()
        .rposition(|b| !is_c_space(char::from(b)))
        .map_or(0, |i| i + 1);
    s.get(..n).unwrap_or("")
}

fn is_key_byte(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// Fields pkgconf 3.0.7 stores but pkgconf-rs does not use.
const OTHER_KNOWN_FIELDS: [&str; 2] = ["maintainer", "copyright"];

/// Whether `key` is one of [`OTHER_KNOWN_FIELDS`] (case-insensitively).
fn is_other_known_field(key: &str) -> bool {
    OTHER_KNOWN_FIELDS
        .iter()
        .any(|k| key.eq_ignore_ascii_case(k))
}

/// The parser's state across lines: where to report, and what was seen.
struct Lines<'a> {
    path: Option<&'a Utf8Path>,
    source: &'a [u8],
    /// The whole file as text, when it is UTF-8 throughout.
    text: Option<&'a str>,
    /// Built on the first finding: most files have none.
    index: std::cell::OnceCell<LineIndex<'a>>,
    /// Diagnostics emitted so far, by code.
    counts: std::cell::RefCell<HashMap<Code, u32>>,
}

/// The most diagnostics of one code the parser reports for one file; past
/// that it counts them and says how many it left out (pkgconf would print a
/// line for each: a hostile file can hold millions).
pub const MAX_PER_CODE: u32 = 1000;

impl Lines<'_> {
    fn emit(&self, sink: &mut dyn DiagnosticSink, d: Diagnostic, line: u32, at: Range<usize>) {
        let mut counts = self.counts.borrow_mut();
        let n = counts.entry(d.code).or_insert(0);
        *n = n.saturating_add(1);
        if *n > MAX_PER_CODE {
            return;
        }
        let index = self.index.get_or_init(|| LineIndex::new(self.source));
        sink.emit(d.at(self.path, line).with_span(index.span(at)));
    }

    /// One diagnostic per code that went past [`MAX_PER_CODE`].
    fn left_out(&self, sink: &mut dyn DiagnosticSink) {
        let counts = self.counts.borrow();
        let mut over: Vec<(Code, u32)> = counts
            .iter()
            .filter(|(_, n)| **n > MAX_PER_CODE)
            .map(|(c, n)| (*c, n - MAX_PER_CODE))
            .collect();
        over.sort();
        for (code, more) in over {
            let mut d = Diagnostic::new(
                code,
                format!(
                    "{more} more {} findings in this file are not reported",
                    code.id()
                ),
            );
            d.path = self.path.map(Utf8Path::to_owned);
            sink.emit(d);
        }
    }
}

/// Parses the bytes of a `.pc` file. Never fails and never panics; problems
/// become diagnostics on `sink`, located at `path` and the logical line,
/// with a span in the file.
pub fn parse<'a>(
    bytes: &'a [u8],
    path: Option<&'a Utf8Path>,
    sink: &mut dyn DiagnosticSink,
) -> ParsedPc<'a> {
    let mut lines = Lines {
        path,
        source: bytes,
        text: std::str::from_utf8(bytes).ok(),
        index: std::cell::OnceCell::new(),
        counts: std::cell::RefCell::new(HashMap::default()),
    };
    // Room for a line an entry, up to a real file's size (blank lines and
    // comments make no entry: a file of newlines reserves nothing much).
    let newlines = search::count(b'\n', bytes);
    let mut entries = Vec::with_capacity(newlines.saturating_add(1).min(32));
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        let d = Diagnostic::new(
            Code::ByteOrderMark,
            "the file starts with a UTF-8 byte-order mark; pkgconf ignores the first line",
        );
        lines.emit(sink, d, 1, 0..3);
    }
    let mut lineno: u32 = 0;
    logical_lines(bytes, |raw| {
        lineno = lineno.saturating_add(1);
        if let Some(e) = parse_line(raw, lineno, &mut lines, sink) {
            entries.push(e);
        }
    });
    repeats(&entries, &lines, sink);
    lines.left_out(sink);
    let missing = missing_fields(&entries, path, sink);
    ParsedPc {
        entries,
        fatal: !missing.is_empty(),
        missing,
    }
}

/// The findings about a line's comment and bytes: a backslash that
/// continues a comment, a NUL byte.
fn line_notes(raw: &RawLine, lineno: u32, lines: &Lines<'_>, sink: &mut dyn DiagnosticSink) {
    if let Some(at) = raw.comment_continued {
        let d = Diagnostic::new(
            Code::CommentContinuation,
            "a backslash at the end of a comment continues it: the next line is part of the \
             comment and ignored",
        );
        lines.emit(sink, d, lineno, at..at + 1);
    }
    if let Some(at) = raw.nul {
        let d = Diagnostic::new(
            Code::NulByte,
            "a NUL byte: pkgconf ignores the rest of the line",
        );
        lines.emit(sink, d, lineno, at..at + 1);
    }
}

/// The text of a logical line (invalid UTF-8 replaced, with a finding),
/// and, when the line is written in one piece, the file offset its text
/// starts at. Most lines are (no continuation, no `\#`): their text is a
/// slice of the file, already known to be UTF-8 when the whole file is,
/// and their offsets map to the file by one addition. A text whose invalid
/// bytes were replaced no longer has the file's offsets: those go through
/// [`RawLine::file_range`], which keeps them within the line.
fn line_text<'r, 'a: 'r>(
    raw: &'r RawLine,
    lineno: u32,
    lines: &Lines<'a>,
    sink: &mut dyn DiagnosticSink,
) -> (Cow<'r, str>, Option<usize>) {
    let piece = match raw.map.as_slice() {
        [] => Some(raw.start),
        [(0, at)] => Some(*at),
        _ => None,
    };
    let whole_line = piece.and_then(|base| lines.text?.get(base..base + raw.bytes.len()));
    if raw.too_long {
        let d = Diagnostic::error(
            Code::LineTooLong,
            format!("the line is longer than {MAX_LINE_BYTES} bytes (the limit)"),
        );
        lines.emit(sink, d, lineno, raw.file_range(0..raw.bytes.len()));
    }
    let checked = match whole_line {
        Some(line) => Ok(line),
        None => std::str::from_utf8(&raw.bytes),
    };
    match checked {
        Ok(s) => (Cow::Borrowed(s), piece),
        Err(_) => {
            let d = Diagnostic::warning(
                Code::InvalidUtf8,
                "line is not valid UTF-8; invalid bytes replaced with U+FFFD",
            );
            lines.emit(sink, d, lineno, raw.file_range(0..raw.bytes.len()));
            (String::from_utf8_lossy(&raw.bytes), None)
        }
    }
}

/// One logical line: a variable, a field, or nothing (blank, comment, or
/// not a `key=value` / `Key: value` line).
fn parse_line<'a>(
    raw: &RawLine,
    lineno: u32,
    lines: &mut Lines<'a>,
    sink: &mut dyn DiagnosticSink,
) -> Option<Entry<'a>> {
    line_notes(raw, lineno, lines, sink);
    let (text, piece) = line_text(raw, lineno, lines, sink);
    let at = |r: Range<usize>| match piece {
        Some(base) => base + r.start..base + r.end,
        None => raw.file_range(r),
    };
    // Offsets below are into `text`; they are the raw bytes' offsets unless
    // invalid bytes were replaced (spans are then approximate).
    let lead = text.len() - trim_c_space_start(&text).len();
    let rest = text.get(lead..).unwrap_or("");
    if rest.is_empty() {
        return None;
    }
    if lead > 0 {
        let d = Diagnostic::warning(Code::MalformedLine, KEY_WS);
        lines.emit(sink, d, lineno, at(0..lead));
    }
    let key_len = rest
        .bytes()
        .position(|b| !is_key_byte(char::from(b)))
        .unwrap_or(rest.len());
    let (key, after) = rest.split_at(key_len);
    let key_end = lead + key_len;
    if !key.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        let first = lineno == 1 && rest.starts_with('\u{feff}');
        if !first {
            ignored(rest, lineno, lines, sink, at(lead..text.len()));
        }
        return None;
    }
    let ws = after.len() - trim_c_space_start(after).len();
    if ws > 0 {
        let mut d = Diagnostic::warning(Code::MalformedLine, KEY_WS);
        d.count = u32::try_from(after.get(..ws).unwrap_or("").chars().count()).unwrap_or(1);
        lines.emit(sink, d, lineno, at(key_end..key_end + ws));
    }
    let kind = match after.get(ws..).and_then(|s| s.chars().next()) {
        Some('=') => EntryKind::Variable,
        Some(':') => EntryKind::Field,
        _ => {
            let d = Diagnostic::new(
                Code::IgnoredLine,
                format!("'{key}' is followed by neither '=' nor ':'; pkgconf ignores the line"),
            );
            lines.emit(sink, d, lineno, at(lead..text.len()));
            return None;
        }
    };
    let (value, v_start) = value_of(&text, key_end + ws + 1, kind, |d, r| {
        lines.emit(sink, d, lineno, at(r));
    });
    let key_span = at(lead..key_end);
    let value_span = at(v_start..v_start + value.len());
    let field = match kind {
        EntryKind::Field => Field::from_key(key),
        EntryKind::Variable => None,
    };
    let entry = Entry {
        kind,
        field,
        key: from_source(lines, &key_span, key),
        value: from_source(lines, &value_span, value),
        line: lineno,
        key_span,
        value_span,
    };
    entry_notes(&entry, lines, sink);
    Some(entry)
}

/// `text` borrowed from the file's bytes at `span` when they hold exactly
/// it (no continuation, `\#` or replaced byte in between), else a copy.
fn from_source<'a>(lines: &Lines<'a>, span: &Range<usize>, text: &str) -> Cow<'a, str> {
    // A file that is UTF-8 throughout was checked once, whole.
    if let Some(whole) = lines.text {
        return match whole.get(span.clone()) {
            Some(s) if s == text => Cow::Borrowed(s),
            _ => Cow::Owned(text.to_owned()),
        };
    }
    match lines.source.get(span.clone()) {
        Some(bytes) if bytes == text.as_bytes() => match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => Cow::Owned(text.to_owned()),
        },
        _ => Cow::Owned(text.to_owned()),
    }
}

/// The value of a line that starts at `start` of `text`, trimmed, and where
/// it starts; for variables, pkgconf's warning about trailing whitespace
/// goes to `warn` (once, with pkgconf's count: one per character).
fn value_of(
    text: &str,
    start: usize,
    kind: EntryKind,
    mut warn: impl FnMut(Diagnostic, Range<usize>),
) -> (&str, usize) {
    let full = text.get(start..).unwrap_or("");
    let lead = trim_c_space_start(full);
    let value = trim_c_space_end(lead);
    let v_start = start + (full.len() - lead.len());
    let trailing = lead.get(value.len()..).unwrap_or("").chars().count();
    if kind == EntryKind::Variable && trailing > 0 {
        let mut d = Diagnostic::new(Code::TrailingWhitespace, VALUE_WS);
        d.count = u32::try_from(trailing).unwrap_or(u32::MAX);
        warn(d, v_start + value.len()..text.len());
    }
    (value, v_start)
}

/// A line pkgconf drops because its key does not start with a letter or
/// digit: a C comment, or anything else.
fn ignored(
    rest: &str,
    lineno: u32,
    lines: &Lines<'_>,
    sink: &mut dyn DiagnosticSink,
    span: Range<usize>,
) {
    let d = if rest.starts_with("//") || rest.starts_with("/*") {
        Diagnostic::new(
            Code::CComment,
            "a C-style comment: .pc files only know '#'; pkgconf ignores the line",
        )
    } else {
        Diagnostic::new(
            Code::IgnoredLine,
            "the line does not start with a letter or digit; pkgconf ignores it",
        )
    };
    lines.emit(sink, d, lineno, span);
}

/// Findings about one entry: an unknown field, a C comment in the value.
fn entry_notes(e: &Entry, lines: &Lines<'_>, sink: &mut dyn DiagnosticSink) {
    let known = || e.field.is_some() || is_other_known_field(&e.key);
    if e.kind == EntryKind::Field && !known() {
        let d = Diagnostic::new(
            Code::UnknownField,
            format!("unknown field '{}': pkgconf ignores it", e.key),
        )
        .about(Subject::Field(e.key.to_string()));
        lines.emit(sink, d, e.line, e.key_span.clone());
    }
    if has_c_comment(&e.value) {
        let d = Diagnostic::new(
            Code::CComment,
            "a C-style comment in a value: .pc files only know '#', so it is part of the value",
        )
        .about(match e.kind {
            EntryKind::Variable => Subject::Variable(e.key.to_string()),
            EntryKind::Field => Subject::Field(e.key.to_string()),
        });
        lines.emit(sink, d, e.line, e.value_span.clone());
    }
}

/// Whether a value looks like it holds a C comment: it starts with `//` or
/// `/*`, or has ` //`, ` /*` or a tab and `//` inside (one pass over the
/// value; most values have no `/` at all, or only paths).
fn has_c_comment(v: &str) -> bool {
    let b = v.as_bytes();
    if !b.contains(&b'/') {
        return false;
    }
    if b.starts_with(b"//") || b.starts_with(b"/*") {
        return true;
    }
    b.windows(3)
        .any(|w| matches!(w, [b' ', b'/', b'/' | b'*'] | [b'\t', b'/', b'/']))
}

/// Variables defined again, and single-valued fields (Name, Version...)
/// given again. (pkgconf warns itself when a dependency field repeats, at
/// load; flags fields simply add up.)
fn repeats(entries: &[Entry], lines: &Lines<'_>, sink: &mut dyn DiagnosticSink) {
    // A short file (all real ones) is searched backwards, a long one
    // through a map: no allocation for the common case, no quadratic cost
    // for a hostile one.
    const SHORT: usize = 64;
    let mut variables: HashMap<&str, u32> = HashMap::default();
    // The line each single-valued field was last given on.
    let mut fields: [Option<u32>; 8] = [None; 8];
    for (i, e) in entries.iter().enumerate() {
        let (earlier, code, what, subject): (_, _, _, fn(String) -> Subject) = match e.kind {
            EntryKind::Variable => {
                let earlier = if entries.len() <= SHORT {
                    let before = entries.get(..i).unwrap_or_default();
                    before
                        .iter()
                        .rev()
                        .find(|p| p.kind == EntryKind::Variable && p.key == e.key)
                        .map(|p| p.line)
                } else {
                    variables.insert(&e.key, e.line)
                };
                (
                    earlier,
                    Code::DuplicateVariable,
                    "variable",
                    Subject::Variable,
                )
            }
            EntryKind::Field => {
                let slot = e
                    .field
                    .and_then(single_valued)
                    .and_then(|n| fields.get_mut(n));
                let earlier = slot.and_then(|s| s.replace(e.line));
                (earlier, Code::RepeatedField, "field", Subject::Field)
            }
        };
        if let Some(first) = earlier {
            let d = Diagnostic::new(
                code,
                format!(
                    "{what} '{}' was already given on line {first}; the later one wins",
                    e.key
                ),
            )
            .about(subject(e.key.to_string()));
            lines.emit(sink, d, e.line, e.key_span.clone());
        }
    }
}

/// A field that holds one value (a later line replaces it), numbered for
/// [`repeats`]; `None` for the fields whose lines add up.
fn single_valued(f: Field) -> Option<usize> {
    match f {
        Field::Name => Some(0),
        Field::Description => Some(1),
        Field::Version => Some(2),
        Field::Url => Some(3),
        Field::License => Some(4),
        Field::LicenseFile => Some(5),
        Field::Source => Some(6),
        Field::LinkAbi => Some(7),
        Field::Requires(_)
        | Field::Conflicts
        | Field::Provides
        | Field::Cflags(_)
        | Field::Libs(_) => None,
    }
}

/// The fields pkgconf requires (`Name`, `Description`, `Version`) that the
/// file does not declare, with pkgconf's warning for each and then
/// "skipping invalid file".
fn missing_fields(
    entries: &[Entry],
    path: Option<&Utf8Path>,
    sink: &mut dyn DiagnosticSink,
) -> Vec<&'static str> {
    let mut missing = Vec::new();
    for required in ["Name", "Description", "Version"] {
        let present = entries
            .iter()
            .any(|e| e.kind == EntryKind::Field && e.key.eq_ignore_ascii_case(required));
        if !present {
            missing.push(required);
            let mut d = Diagnostic::new(
                Code::MissingField,
                format!("file does not declare a `{required}' field"),
            )
            .about(Subject::Field(required.to_owned()));
            d.path = path.map(|p| p.to_owned());
            sink.emit(d);
        }
    }
    if !missing.is_empty() {
        let mut d = Diagnostic::new(Code::MissingField, "skipping invalid file");
        d.path = path.map(|p| p.to_owned());
        sink.emit(d);
    }
    missing
}

/// pkgconf's treatment of an *expanded* `Version` value: if it contains
/// whitespace it is cut at the first whitespace character, with the warning
/// "malformed version field with whitespace, trimming to \[X\]" at `line`.
pub fn trim_version(
    expanded: &str,
    path: Option<&Utf8Path>,
    line: u32,
    sink: &mut dyn DiagnosticSink,
) -> String {
    match expanded.find(is_c_space) {
        None => expanded.to_owned(),
        Some(pos) => {
            let kept = expanded.get(..pos).unwrap_or("");
            sink.emit(
                Diagnostic::warning(
                    Code::VersionWhitespace,
                    format!("malformed version field with whitespace, trimming to [{kept}]"),
                )
                .at(path, line),
            );
            kept.to_owned()
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn c_comments_in_values() {
        for v in ["// x", "/* x */", "-lfoo // x", "-lfoo /* x", "a\t// x"] {
            assert!(has_c_comment(v), "{v:?}");
        }
        for v in [
            "", "/", "/usr/lib", "a//b", "-I/x/*", "a\t/* x", "http://x", " /",
        ] {
            assert!(!has_c_comment(v), "{v:?}");
        }
    }
    use crate::diag::Diagnostic;

    const TAIL: &str = "Name: t\nDescription: d\nVersion: 1\n";

    fn p(src: &[u8]) -> (ParsedPc<'_>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let r = parse(src, Some(Utf8Path::new("/x/t.pc")), &mut d);
        (r, d)
    }

    #[test]
    fn repeats_name_the_latest_earlier_line_in_short_and_long_files() {
        for filler in [0, 100] {
            let mut src = String::from("x=1\nName: a\nx=2\n");
            for i in 0..filler {
                src.push_str(&format!("v{i}=1\n"));
            }
            src.push_str("x=3\nDescription: d\nVersion: 1\nname: b\nURL: u\nURL: v\n");
            let (_, d) = p(src.as_bytes());
            let said: Vec<(Code, Option<u32>, &str)> = d
                .iter()
                .filter(|d| matches!(d.code, Code::DuplicateVariable | Code::RepeatedField))
                .map(|d| (d.code, d.line, d.message.as_str()))
                .collect();
            let at = |n: u32| n + filler;
            assert_eq!(
                said,
                [
                    (
                        Code::DuplicateVariable,
                        Some(3),
                        "variable 'x' was already given on line 1; the later one wins"
                    ),
                    (
                        Code::DuplicateVariable,
                        Some(at(4)),
                        "variable 'x' was already given on line 3; the later one wins"
                    ),
                    (
                        Code::RepeatedField,
                        Some(at(7)),
                        "field 'name' was already given on line 2; the later one wins"
                    ),
                    (
                        Code::RepeatedField,
                        Some(at(9)),
                        &*format!(
                            "field 'URL' was already given on line {}; the later one wins",
                            at(8)
                        )
                    ),
                ],
                "filler {filler}"
            );
        }
    }

    #[test]
    fn spans_stay_on_their_line_when_bytes_are_replaced() {
        // Each invalid byte becomes three bytes of U+FFFD in the text:
        // spans are then approximate, but must not run into the next line.
        let src = b"Cflags: \xfe\xfe -I/a // c\nName: u\nDescription: d\nVersion: 1\n";
        let (r, d) = p(src);
        let e = r.entries.iter().find(|e| &*e.key == "Cflags").unwrap();
        let nl = src.iter().position(|&b| b == b'\n').unwrap();
        assert_eq!(e.value_span.start, 8);
        assert!(e.value_span.end <= nl + 1, "{:?} {d:?}", e.value_span);
        for d in &d {
            let span = d.span.as_ref().unwrap();
            assert!(span.bytes.end <= nl + 1, "{d:?}");
        }
        assert!(d.iter().any(|d| d.code == Code::InvalidUtf8));
    }

    fn kv<'a>(r: &'a ParsedPc<'a>) -> Vec<(EntryKind, &'a str, &'a str, u32)> {
        r.entries
            .iter()
            .map(|e| (e.kind, &*e.key, &*e.value, e.line))
            .collect()
    }

    fn count(d: &[Diagnostic], msg: &str) -> usize {
        d.iter().filter(|x| x.message == msg).count()
    }

    #[test]
    fn ordinary_runs_stop_at_each_byte_the_cutter_acts_on() {
        assert_eq!(ordinary_run(b"plain"), 5);
        assert_eq!(ordinary_run(b"ab#c"), 2);
        assert_eq!(ordinary_run(b"ab\\c"), 2);
        assert_eq!(ordinary_run(b"abc\ndef"), 3);
        // The rare ones before a common one, and alone.
        assert_eq!(ordinary_run(b"a\rb\n"), 1);
        assert_eq!(ordinary_run(b"ab\0c#"), 2);
        assert_eq!(ordinary_run(b"abc\r"), 3);
        assert_eq!(ordinary_run(b"abcd\0"), 4);
        assert_eq!(ordinary_run(b""), 0);
    }

    #[test]
    fn basic_entries() {
        let (r, d) = p(b"prefix=/usr\nName: foo\nDescription: x y\nVersion: 1\n");
        assert!(!r.fatal);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            kv(&r),
            [
                (EntryKind::Variable, "prefix", "/usr", 1),
                (EntryKind::Field, "Name", "foo", 2),
                (EntryKind::Field, "Description", "x y", 3),
                (EntryKind::Field, "Version", "1", 4),
            ]
        );
    }

    #[test]
    fn line_endings_and_continuations() {
        let src = format!("a=1\r\nb=2\rc=x\\\r\n  y\nd=p\\\rq\ne=\\\n\n{TAIL}");
        let (r, _) = p(src.as_bytes());
        let v: Vec<_> = kv(&r)
            .into_iter()
            .take(5)
            .map(|(_, k, v, l)| (k, v, l))
            .collect();
        assert_eq!(
            v,
            [
                ("a", "1", 1),
                ("b", "2", 2),
                ("c", "x  y", 3),
                ("d", "pq", 4),
                ("e", "", 5)
            ]
        );
        assert_eq!(r.entries[5].line, 6);
    }

    #[test]
    fn comments_and_escapes() {
        let src = format!("a=1 # x\nb=1\\#x\nc=1\\\\#x\n#d=1\ne=1 # x \\\nf=2\ng=a\\nb\n{TAIL}");
        let (r, d) = p(src.as_bytes());
        let v: Vec<_> = kv(&r)
            .into_iter()
            .take(4)
            .map(|(_, k, v, _)| (k, v))
            .collect();
        assert_eq!(v, [("a", "1"), ("b", "1#x"), ("c", "1\\\\"), ("e", "1")]);
        assert_eq!(r.entries[4].key, "g");
        assert_eq!(r.entries[4].value, "a\\nb");
        assert_eq!(count(&d, VALUE_WS), 2);
    }

    #[test]
    fn whitespace_warnings() {
        let src =
            format!("a  =1\nb=2   \n   c = 3\n  This is text\n   \n  # c\n*/\nf  :  v  \n{TAIL}");
        let (r, d) = p(src.as_bytes());
        let lines = |m: &str| {
            d.iter()
                .filter(|x| x.message == m)
                .flat_map(|x| (0..x.count).map(|_| x.line.unwrap()))
                .collect::<Vec<_>>()
        };
        assert_eq!(lines(KEY_WS), [1, 1, 3, 3, 4, 4, 8, 8]);
        assert_eq!(lines(VALUE_WS), [2, 2, 2]);
        let v: Vec<_> = kv(&r)
            .into_iter()
            .take(4)
            .map(|(_, k, v, _)| (k, v))
            .collect();
        assert_eq!(v, [("a", "1"), ("b", "2"), ("c", "3"), ("f", "v")]);
    }

    #[test]
    fn key_rules() {
        let src = format!("9x=5\n_y=6\n.z=7\nk.e_y=8\n-c=1\nd\te=4\nfoo\n{TAIL}");
        let (r, _) = p(src.as_bytes());
        let keys: Vec<_> = r.entries.iter().map(|e| &*e.key).collect();
        assert_eq!(keys, ["9x", "k.e_y", "Name", "Description", "Version"]);
    }

    #[test]
    fn nul_and_invalid_utf8() {
        let mut src = b"a=x\0y\nb=\xff\xfe\n".to_vec();
        src.extend_from_slice(TAIL.as_bytes());
        let (r, d) = p(&src);
        assert_eq!(r.entries[0].value, "x");
        assert_eq!(r.entries[1].value, "\u{fffd}\u{fffd}");
        assert_eq!(d.iter().filter(|x| x.code == Code::InvalidUtf8).count(), 1);
    }

    #[test]
    fn refused_files() {
        let (r, d) = p(b"~");
        assert!(r.fatal);
        assert_eq!(count(&d, "skipping invalid file"), 1);
        assert_eq!(count(&d, "file does not declare a `Name' field"), 1);
        let (r, _) = p(b"prefix=/usr\\nName: x\\nVersion: 1\\n\n\n");
        assert!(r.fatal);
        let (r, _) = p(b"name: a\ndescription: b\nversion: 1");
        assert!(!r.fatal);
    }

    #[test]
    fn long_lines_are_bounded() {
        let mut src = b"a=".to_vec();
        src.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        src.extend_from_slice(b"\nb=1\n");
        let (r, d) = p(&src);
        assert_eq!(r.entries[0].value.len(), MAX_LINE_BYTES - 2);
        assert_eq!(r.entries[1].key, "b");
        assert_eq!(d.iter().filter(|x| x.code == Code::LineTooLong).count(), 1);
    }

    #[test]
    fn version_trim() {
        let mut d = Vec::new();
        assert_eq!(trim_version("3.922 2018-03-17", None, 2, &mut d), "3.922");
        assert_eq!(
            d[0].message,
            "malformed version field with whitespace, trimming to [3.922]"
        );
        assert_eq!(trim_version("1.0", None, 2, &mut d), "1.0");
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn garbage_never_panics() {
        let mut d = Vec::new();
        for src in [
            &b""[..],
            b"\\",
            b"#",
            b"=",
            b":",
            b"a",
            b"\xff=\xff",
            b"\\\0",
            b"a=\\\r",
            b"\r\r\n\n",
        ] {
            let _ = parse(src, None, &mut d);
        }
    }
}
