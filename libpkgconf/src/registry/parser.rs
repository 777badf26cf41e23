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

use crate::diag::{Code, Diagnostic, DiagnosticSink};
use crate::registry::words::is_c_space;
use camino::Utf8Path;

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
pub struct Entry {
    /// Whether the line defines a variable or a field.
    pub kind: EntryKind,
    /// The key as written (case preserved; variables are case sensitive,
    /// field names are matched case-insensitively by pkgconf).
    pub key: String,
    /// The value as stored for later expansion: trimmed, comments removed,
    /// continuations joined, `\#` turned into `#`, otherwise verbatim.
    pub value: String,
    /// 1-based *logical* line number (continued lines count once), as in
    /// pkgconf's `path:line:` diagnostics.
    pub line: u32,
}

/// The parsed file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedPc {
    /// Variables and fields in file order.
    pub entries: Vec<Entry>,
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

struct RawLine {
    bytes: Vec<u8>,
    too_long: bool,
}

/// Cuts `bytes` into logical lines (see the module docs).
fn logical_lines(bytes: &[u8]) -> Vec<RawLine> {
    let mut lines = Vec::new();
    let mut cur = RawLine {
        bytes: Vec::new(),
        too_long: false,
    };
    let mut in_comment = false;
    let mut nul_seen = false;
    let mut i = 0;
    let n = bytes.len();

    let push = |cur: &mut RawLine, b: u8, skip: bool| {
        if skip {
            return;
        }
        if cur.bytes.len() >= MAX_LINE_BYTES {
            cur.too_long = true;
        } else {
            cur.bytes.push(b);
        }
    };

    while i < n {
        let b = bytes.get(i).copied().unwrap_or(b'\n');
        let skip = in_comment || nul_seen;
        match b {
            b'\\' => {
                let next = bytes.get(i + 1).copied();
                match next {
                    None => {
                        i += 1;
                    }
                    Some(b'\n') => i += 2,
                    Some(b'\r') => {
                        i += 2;
                        if bytes.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    Some(b'#') => {
                        push(&mut cur, b'#', skip);
                        i += 2;
                    }
                    Some(x) => {
                        push(&mut cur, b'\\', skip);
                        if x == 0 {
                            nul_seen = true;
                        } else {
                            push(&mut cur, x, skip);
                        }
                        i += 2;
                    }
                }
            }
            b'\n' | b'\r' => {
                i += 1;
                if b == b'\r' && bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                lines.push(std::mem::replace(
                    &mut cur,
                    RawLine {
                        bytes: Vec::new(),
                        too_long: false,
                    },
                ));
                in_comment = false;
                nul_seen = false;
            }
            b'#' => {
                in_comment = true;
                i += 1;
            }
            0 => {
                nul_seen = true;
                i += 1;
            }
            _ => {
                push(&mut cur, b, skip);
                i += 1;
            }
        }
    }
    if !cur.bytes.is_empty() || cur.too_long {
        lines.push(cur);
    }
    lines
}

fn is_key_byte(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// Parses the bytes of a `.pc` file. Never fails and never panics; problems
/// become diagnostics on `sink`, located at `path` and the logical line.
pub fn parse(bytes: &[u8], path: Option<&Utf8Path>, sink: &mut dyn DiagnosticSink) -> ParsedPc {
    let entries: Vec<Entry> = logical_lines(bytes)
        .into_iter()
        .enumerate()
        .filter_map(|(idx, raw)| {
            let lineno = u32::try_from(idx + 1).unwrap_or(u32::MAX);
            parse_line(raw, lineno, path, sink)
        })
        .collect();
    let missing = missing_fields(&entries, path, sink);
    ParsedPc {
        entries,
        fatal: !missing.is_empty(),
        missing,
    }
}

/// One logical line: a variable, a field, or nothing (blank, comment, or
/// not a `key=value` / `Key: value` line).
fn parse_line(
    raw: RawLine,
    lineno: u32,
    path: Option<&Utf8Path>,
    sink: &mut dyn DiagnosticSink,
) -> Option<Entry> {
    let warn = |sink: &mut dyn DiagnosticSink, code: Code, msg: &str| {
        sink.emit(Diagnostic::warning(code, msg).at(path, lineno));
    };
    if raw.too_long {
        sink.emit(
            Diagnostic::error(
                Code::LineTooLong,
                format!("the line is longer than {MAX_LINE_BYTES} bytes (the limit)"),
            )
            .at(path, lineno),
        );
    }
    let text = match String::from_utf8(raw.bytes) {
        Ok(s) => s,
        Err(e) => {
            warn(
                sink,
                Code::InvalidUtf8,
                "line is not valid UTF-8; invalid bytes replaced with U+FFFD",
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };

    let rest = text.trim_start_matches(is_c_space);
    if rest.is_empty() {
        return None;
    }
    if rest.len() != text.len() {
        warn(sink, Code::MalformedLine, KEY_WS);
    }
    let key_len = rest.find(|c: char| !is_key_byte(c)).unwrap_or(rest.len());
    let (key, after) = rest.split_at(key_len);
    if !key.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut op = None;
    let mut value_start = after.len();
    for (pos, c) in after.char_indices() {
        if is_c_space(c) {
            warn(sink, Code::MalformedLine, KEY_WS);
            continue;
        }
        op = Some(c);
        value_start = pos + c.len_utf8();
        break;
    }
    let kind = match op {
        Some('=') => EntryKind::Variable,
        Some(':') => EntryKind::Field,
        _ => return None,
    };
    let value_full = after.get(value_start..).unwrap_or("");
    let value_lead = value_full.trim_start_matches(is_c_space);
    let value = value_lead.trim_end_matches(is_c_space);
    if kind == EntryKind::Variable {
        let trailing = value_lead.get(value.len()..).unwrap_or("").chars().count();
        for _ in 0..trailing {
            warn(sink, Code::MalformedLine, VALUE_WS);
        }
    }
    Some(Entry {
        kind,
        key: key.to_owned(),
        value: value.to_owned(),
        line: lineno,
    })
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
            let mut d = Diagnostic::warning(
                Code::MissingField,
                format!("file does not declare a `{required}' field"),
            );
            d.path = path.map(|p| p.to_owned());
            sink.emit(d);
        }
    }
    if !missing.is_empty() {
        let mut d = Diagnostic::warning(Code::MissingField, "skipping invalid file");
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
    use crate::diag::Diagnostic;

    const TAIL: &str = "Name: t\nDescription: d\nVersion: 1\n";

    fn p(src: &[u8]) -> (ParsedPc, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let r = parse(src, Some(Utf8Path::new("/x/t.pc")), &mut d);
        (r, d)
    }

    fn kv(r: &ParsedPc) -> Vec<(EntryKind, &str, &str, u32)> {
        r.entries
            .iter()
            .map(|e| (e.kind, e.key.as_str(), e.value.as_str(), e.line))
            .collect()
    }

    fn count(d: &[Diagnostic], msg: &str) -> usize {
        d.iter().filter(|x| x.message == msg).count()
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
                .map(|x| x.line.unwrap())
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
        let keys: Vec<_> = r.entries.iter().map(|e| e.key.as_str()).collect();
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
