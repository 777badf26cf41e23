//! Splitting flag fields (`Cflags`, `Libs`, ...) into words, as pkgconf 3.0.7
//! does.
//!
//! pkgconf splits a flags field in two passes:
//!
//! 1. [`split_raw`] cuts the field *as written in the file* into tokens. It
//!    only settles where tokens end: quotes and backslashes stay in place.
//!    A token that is exactly one of the "greedy" flags `-F`, `-I`, `-L`,
//!    `-D`, `-l` is glued to the token after it ([`join_greedy`]), so
//!    `-I ${dir}` becomes the single token `-I${dir}`.
//! 2. Each token is variable-expanded on its own, and the expansion is split
//!    again with [`split`], which consumes the quoting, shell style. Empty
//!    words are dropped. No greedy gluing happens in this second pass.
//!
//! [`crate::registry::vars::Variables::flag_words`] runs the whole pipeline. Splitting an
//! already fully expanded string with [`split`] gives the same words in all but
//! a few corner cases (an expansion with an unbalanced quote, a greedy flag
//! followed by a token that expands to nothing).

use std::borrow::Cow;
use thiserror::Error;

/// Why a string could not be split into words.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SplitError {
    /// A `'` or `"` was opened and never closed.
    #[error("unterminated {quote} quote")]
    UnterminatedQuote {
        /// The opening quote character.
        quote: char,
    },
    /// The string ends with a backslash that escapes nothing.
    #[error("trailing backslash")]
    TrailingBackslash,
}

/// C `isspace` in the "C" locale: space, `\t`, `\n`, `\v`, `\f`, `\r`.
pub(crate) fn is_c_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r')
}

/// [`is_c_space`] for one byte.
pub(crate) fn is_c_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Whether `s` holds a quote or a backslash (looked for byte by byte:
/// all three are ASCII).
pub(crate) fn has_quoting(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'\'' | b'"' | b'\\'))
}

/// The non-empty runs of `s` between C whitespace, found byte by byte (the
/// separators are ASCII, so every cut is a character boundary).
pub(crate) fn c_words(s: &str) -> CWords<'_> {
    CWords { rest: s }
}

/// The iterator of [`c_words`].
#[derive(Debug)]
pub(crate) struct CWords<'a> {
    rest: &'a str,
}

impl<'a> Iterator for CWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.rest.as_bytes();
        let start = bytes.iter().position(|&b| !is_c_space_byte(b))?;
        let len = bytes
            .get(start..)?
            .iter()
            .position(|&b| is_c_space_byte(b))
            .unwrap_or(bytes.len() - start);
        let word = self.rest.get(start..start + len)?;
        self.rest = self.rest.get(start + len..).unwrap_or("");
        Some(word)
    }
}

/// Splits an expanded value into words, consuming the quoting like a POSIX
/// shell does (without any expansion):
///
/// - outside quotes, unquoted whitespace separates words and `\X` stands for
///   `X`, whatever `X` is;
/// - inside `'...'` every character is literal (a backslash too);
/// - inside `"..."` a backslash escapes only `$`, `` ` ``, `"` and `\`;
///   before any other character it is kept;
/// - empty words (e.g. from `""`) are dropped, as pkgconf drops empty
///   fragments.
pub fn split(s: &str) -> Result<Vec<String>, SplitError> {
    tokenize(s, false)
}

/// Cuts a field as written in the `.pc` file into tokens without consuming any
/// quoting: quotes and backslashes are kept verbatim, they only decide where a
/// token ends. A backslash keeps the next character from acting (outside
/// quotes and inside `"..."`); inside `'...'` it is literal. Tokens may be
/// empty-looking (`""`) but are never empty strings.
pub fn split_raw(s: &str) -> Result<Vec<String>, SplitError> {
    tokenize(s, true)
}

/// The one shell-like tokenizer behind [`split`] (`keep == false`: quoting
/// is consumed) and [`split_raw`] (`keep == true`: quoting is kept verbatim
/// and only decides where tokens end).
fn tokenize(s: &str, keep: bool) -> Result<Vec<String>, SplitError> {
    // Without quotes or backslashes, only whitespace matters: one exact
    // allocation per word (most fields are like this).
    if !has_quoting(s) {
        return Ok(c_words(s).map(str::to_owned).collect());
    }
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars();
    let mut quote: Option<char> = None;

    while let Some(c) = chars.next() {
        match quote {
            // Inside '...' everything is literal, a backslash too.
            Some('\'') => {
                if c == '\'' {
                    quote = None;
                    if keep {
                        cur.push(c);
                    }
                } else {
                    cur.push(c);
                }
            }
            Some(q) if c == q => {
                quote = None;
                if keep {
                    cur.push(c);
                }
            }
            None if is_c_space(c) => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                if keep {
                    cur.push(c);
                }
            }
            _ if c == '\\' => {
                let Some(n) = chars.next() else {
                    return Err(SplitError::TrailingBackslash);
                };
                // Inside "..." a backslash only escapes $ ` " and itself.
                if keep || (quote.is_some() && !matches!(n, '$' | '`' | '"' | '\\')) {
                    cur.push('\\');
                }
                cur.push(n);
            }
            _ => cur.push(c),
        }
    }
    if let Some(q) = quote {
        return Err(SplitError::UnterminatedQuote { quote: q });
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    Ok(words)
}

/// Whether `token` is a bare flag that takes the next token as its argument:
/// exactly `-F`, `-I`, `-L`, `-D` or `-l`.
pub fn is_greedy_flag(token: &str) -> bool {
    matches!(token, "-F" | "-I" | "-L" | "-D" | "-l")
}

/// Glues each bare greedy flag (see [`is_greedy_flag`]) to the token after
/// it, if there is one. Used on [`split_raw`] tokens only.
pub fn join_greedy(tokens: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut it = tokens.into_iter();
    while let Some(t) = it.next() {
        if is_greedy_flag(&t) {
            if let Some(next) = it.next() {
                out.push(t + &next);
                continue;
            }
        }
        out.push(t);
    }
    out
}

/// [`split_raw`] then [`join_greedy`], borrowing each token from `s` when
/// it is written there as it is (no quoting to keep track of, no gluing).
pub(crate) fn raw_tokens(s: &str) -> Result<Vec<Cow<'_, str>>, SplitError> {
    if has_quoting(s) {
        return Ok(join_greedy(split_raw(s)?)
            .into_iter()
            .map(Cow::Owned)
            .collect());
    }
    let mut out = Vec::new();
    let mut it = c_words(s);
    while let Some(t) = it.next() {
        if is_greedy_flag(t) {
            if let Some(next) = it.next() {
                out.push(Cow::Owned([t, next].concat()));
                continue;
            }
        }
        out.push(Cow::Borrowed(t));
    }
    Ok(out)
}

/// The warning pkgconf gives when a flags field cannot be split (before the
/// `path:line: warning: ` prefix).
pub fn unparsable_field_message(field: &str, raw: &str) -> String {
    format!("unable to parse field '{field}' into an argument vector, value [{raw}]")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn s(v: &str) -> Vec<String> {
        split(v).unwrap()
    }

    #[test]
    fn c_words_split_on_c_whitespace_only() {
        for v in [
            "",
            " ",
            "a",
            " a  b\t\tc\n",
            "\u{0b}x\u{0c}y\rz ",
            "é\u{a0}ü ß",
            "a\u{2003}b",
        ] {
            let want: Vec<&str> = v.split(is_c_space).filter(|w| !w.is_empty()).collect();
            assert_eq!(c_words(v).collect::<Vec<_>>(), want, "{v:?}");
        }
    }

    #[test]
    fn raw_tokens_are_split_raw_then_join_greedy() {
        for v in [
            "",
            "  ",
            "-I /x -L${l} -lfoo -l",
            "-I",
            "-D FOO=1 -I\"a b\" -l 'x y'",
            "a\\ b -I ${x}",
            "-F -F -F",
            "\t-L\n/x\r-l\u{0b}m",
        ] {
            let want = split_raw(v).map(join_greedy);
            let got = raw_tokens(v).map(|t| t.into_iter().map(Cow::into_owned).collect());
            assert_eq!(got, want, "{v:?}");
        }
        assert!(raw_tokens("'open").is_err());
    }

    #[test]
    fn plain_words() {
        assert_eq!(s("  -la\t-lb \n -lc "), ["-la", "-lb", "-lc"]);
        assert!(s("   ").is_empty());
    }

    #[test]
    fn backslash_outside_quotes() {
        assert_eq!(s(r"a\ b \l \\ \$ \'"), ["a b", "l", "\\", "$", "'"]);
    }

    #[test]
    fn double_quotes() {
        assert_eq!(
            s(r#""a b" x"\"y" "\\" "\$" "\`" "\1" "\'""#),
            ["a b", "x\"y", "\\", "$", "`", "\\1", "\\'"]
        );
    }

    #[test]
    fn single_quotes_are_literal() {
        assert_eq!(s(r#"'a\b' 'x\' 'q"r'"#), ["a\\b", "x\\", "q\"r"]);
    }

    #[test]
    fn empty_words_dropped() {
        assert_eq!(s(r#"x""y "" ''"#), ["xy"]);
    }

    #[test]
    fn errors() {
        assert_eq!(
            split("'abc"),
            Err(SplitError::UnterminatedQuote { quote: '\'' })
        );
        assert_eq!(
            split("a \"b"),
            Err(SplitError::UnterminatedQuote { quote: '"' })
        );
        assert_eq!(split("a\\"), Err(SplitError::TrailingBackslash));
        assert_eq!(split("\"a\\"), Err(SplitError::TrailingBackslash));
    }

    #[test]
    fn raw_keeps_quoting() {
        assert_eq!(
            split_raw(r#"-DA="x y" '${a} b' c\ d -DB=\"e"#).unwrap(),
            [r#"-DA="x y""#, "'${a} b'", r"c\ d", r#"-DB=\"e"#]
        );
        assert_eq!(split_raw(r"'x\' y").unwrap(), [r"'x\'", "y"]);
        assert_eq!(split_raw(r#""x\" y""#).unwrap(), [r#""x\" y""#]);
        assert!(split_raw("'-I/ABC").is_err());
    }

    #[test]
    fn greedy() {
        let t = |v: &[&str]| join_greedy(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(t(&["-I", "x", "-L", "-ly", "-l"]), ["-Ix", "-L-ly", "-l"]);
        assert_eq!(t(&["-Ix", "-isystem", "y"]), ["-Ix", "-isystem", "y"]);
    }
}
