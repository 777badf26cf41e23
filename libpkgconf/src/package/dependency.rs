//! Dependency lists (`Requires`, `Requires.private`, `Requires.internal`,
//! `Requires.shared`, `Conflicts`, `Provides`, and command-line queries),
//! parsed as pkgconf 3.0.7 parses them.
//!
//! # Grammar
//!
//! pkgconf's parser is a lenient scanner, never an error:
//!
//! * A *separator* is a comma or C `isspace` whitespace (space, `\t`, `\n`,
//!   `\v`, `\f`, `\r`). Separators between entries are skipped, so
//!   `", foo"`, `"foo,,bar"` and `"foo bar"` are all fine.
//! * A *name* is a maximal run of non-separator bytes. Operator characters
//!   (`<`, `>`, `=`, `!`) inside or at the start of a name are just part of
//!   it: `foo>=1.2` is the single name `foo>=1.2`, `">= 1"` is the two
//!   names `>=` and `1`, `a!b` is a name. Non-ASCII bytes are name bytes.
//! * After a name, whitespace (not a comma) followed by an operator
//!   character starts a constraint: the *operator* is the maximal run of
//!   `<>=!` characters, then optional whitespace, then the *version*, which
//!   runs up to the next separator. The version may directly follow the
//!   operator (`foo >0.5`, `foo >=1`), and its first byte may be anything
//!   but whitespace, even a comma or an operator character (`foo >,bar` is
//!   `foo` `>` `,bar`; `foo > > 1` is `foo` `>` `>` then the name `1`).
//! * An operator spelled other than `<`, `<=`, `=`, `!=`, `>=`, `>`
//!   (`==`, `=<`, `=>`, `<>`, `!`, ...) becomes [`Comparator::Any`] and the
//!   version is kept: `foo == 1` prints as `foo (any) 1` and accepts any
//!   version of `foo`.
//! * A name followed by an operator but no version (`foo >=`, `foo >= `,
//!   `foo >=` at the end of the string) is **dropped entirely**, silently.
//!   Only the end of the input can cause this, since any non-space byte
//!   after the operator starts a version.
//! * `foo > 1.2 bar >= 1.3` (no commas) is two entries; `foo >= 1 2` is
//!   `foo >= 1` and the name `2`.
//! * Duplicates are kept, in order (`foo, foo, foo > 1` gives three
//!   entries; pkgconf keeps "equally coloured" duplicates).
//! * Variables (`${x}`) are not expanded here: in a `.pc` file the field is
//!   expanded first, then parsed.
//!
//! This crate additionally stops at a NUL byte (pkgconf sees C strings),
//! keeps at most [`MAX_DEPENDENCIES`] entries and truncates names and
//! versions to [`MAX_TOKEN_LEN`] bytes (on a character boundary). Real
//! files never come near those bounds; memory use is linear in the input.
//!
//! # Flags pkgconf attaches (not represented in [`Dependency`])
//!
//! pkgconf colours dependency nodes with flags that depend on the field,
//! not on the text: `Requires`, `Conflicts` and `Provides` get none;
//! `Requires.private` gets "private" and `Requires.internal` gets
//! "internal" (both land in the private list); entries of the command-line
//! query get "query" (only those get `--exists-cflags`' `-DHAVE_FOO`
//! defines and `--env`'s per-variable output).
//! `Requires.shared` (new in 3.x) lists dependencies that are only
//! followed when not linking statically (e.g. `--cflags` includes them,
//! `--static --cflags` does not; `--print-requires` does not list them).
//! The field decides all of this; the parser is the same for every field.
//!
//! # Printing
//!
//! pkgconf prints a dependency (in `--print-requires`,
//! `--print-requires-private`, `--print-provides`, and when it re-queues a
//! query) as the name, then, only if there is a version,
//! `" {operator} {version}"`; see [`Dependency`]'s `Display`. Its error for
//! an unsatisfied version is built from the same parts:
//! `Package dependency requirement 'foo < 1' could not be satisfied.` and
//! `Package 'foo' has version '1.2.3', required version is '< 1'`.
//!
//! # Command-line queries
//!
//! pkgconf 3.0.7 builds the query like this (see [`parse_query`],
//! [`constrain_unversioned`] and [`Dependency::requeue`]):
//!
//! 1. All package arguments are joined with single spaces and parsed as one
//!    list, so `pkgconf --exists foo '>' 1.2 bar`,
//!    `pkgconf --exists 'foo > 1.2, bar'` and `pkgconf --exists 'foo >1.2'
//!    bar` mean the same. Empty arguments vanish. An empty result gives
//!    `Please specify at least one package name on the command line.`
//! 2. `--atleast-version V` / `--exact-version V` / `--max-version V`
//!    (first set one wins, in that order) give every entry whose comparator
//!    is `Any` the comparator `>=` / `=` / `<=` and version `V`, replacing
//!    a version kept from an unknown operator (`--atleast-version 9
//!    'foo == 1'` requires `foo >= 9`). Entries with a real operator keep
//!    theirs.
//! 3. `--variable`, `--path` and `--print-variables` keep only the first
//!    entry.
//! 4. Each entry is printed back to text and that text is parsed again
//!    (after variable expansion, and cut to 65534 bytes). So `foo == 1`
//!    becomes the three packages `foo`, `(any)` and `1`, and
//!    `--atleast-version '1 2' foo` becomes `foo >= 1` and `2`.

use crate::package::version::{Comparator, compare_opt};
use compact_str::CompactString;
use std::fmt;

/// At most this many entries are kept from one list; the rest is ignored.
pub const MAX_DEPENDENCIES: usize = 65_536;

/// Names and versions longer than this many bytes are truncated (at a
/// character boundary).
pub const MAX_TOKEN_LEN: usize = 65_535;

/// One entry of a dependency list.
///
/// The whole entry is one string, kept inline (no allocation) when it is at
/// most 24 bytes long, and nothing else: graphs hold one `Dependency` per
/// edge, hundreds of thousands in a large universe. Read it with
/// [`Dependency::name`], [`Dependency::comparator`],
/// [`Dependency::version`] and [`Dependency::unknown_operator`]. Each part
/// is at most [`MAX_TOKEN_LEN`] bytes; constructors cut longer ones (at a
/// character boundary), as the parser does, and cut a name at a NUL byte
/// (pkgconf reads C strings; the parser stops there too).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Dependency {
    /// The name alone, when there is no version. Otherwise the name, a NUL
    /// byte, the comparator as one ASCII digit ([`comparator_digit`]), the
    /// operator as written when it is not one pkgconf knows, a NUL byte,
    /// and the version: `foo >= 1.2` is `"foo\05\01.2"`.
    text: CompactString,
}

/// The digit that stands for `c` in a dependency's text: its place in
/// [`Comparator::ALL`].
fn comparator_digit(c: Comparator) -> u8 {
    match c {
        Comparator::Any => b'0',
        Comparator::Lt => b'1',
        Comparator::Le => b'2',
        Comparator::Eq => b'3',
        Comparator::Ne => b'4',
        Comparator::Ge => b'5',
        Comparator::Gt => b'6',
    }
}

/// The longest text a [`CompactString`] keeps inline.
const INLINE: usize = std::mem::size_of::<CompactString>();

impl fmt::Debug for Dependency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dependency")
            .field("name", &self.name())
            .field("comparator", &self.comparator())
            .field("version", &self.version())
            .field("unknown_operator", &self.unknown_operator())
            .finish()
    }
}

impl Dependency {
    /// A dependency on any version of `name`.
    pub fn any(name: impl Into<String>) -> Self {
        Dependency::parsed(&name.into(), Comparator::Any, None, None)
    }

    /// A versioned dependency.
    pub fn new(
        name: impl Into<String>,
        comparator: Comparator,
        version: impl Into<String>,
    ) -> Self {
        Dependency::parsed(&name.into(), comparator, Some(&version.into()), None)
    }

    /// A dependency on `name` with `comparator` and `version` as read,
    /// `unknown_operator` being the operator as written when it is not one
    /// pkgconf knows. Each part is cut to [`MAX_TOKEN_LEN`] bytes, the name
    /// and the operator also at a NUL byte.
    fn parsed(
        name: &str,
        comparator: Comparator,
        version: Option<&str>,
        unknown_operator: Option<&str>,
    ) -> Self {
        let name = cut(before_nul(name));
        let Some(version) = version.map(cut) else {
            return Dependency { text: name.into() };
        };
        let op = cut(before_nul(unknown_operator.unwrap_or("")));
        let digit = [comparator_digit(comparator)];
        let parts = [
            name.as_bytes(),
            b"\0",
            &digit,
            op.as_bytes(),
            b"\0",
            version.as_bytes(),
        ];
        // Most entries fit inline: put together on the stack, then copied
        // once (a push per part costs more than the rest of the parse).
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let mut buf = [0u8; INLINE];
        let text = match buf.get_mut(..len) {
            Some(out) => {
                let mut at = 0;
                for part in parts {
                    out[at..at + part.len()].copy_from_slice(part);
                    at += part.len();
                }
                CompactString::from_utf8(out).unwrap_or_default()
            }
            None => {
                let mut text = CompactString::with_capacity(len);
                for part in parts {
                    text.push_str(std::str::from_utf8(part).unwrap_or_default());
                }
                text
            }
        };
        Dependency { text }
    }

    /// The name, and the rest of the text after the NUL byte that ends it
    /// (`None`: no version).
    fn parts(&self) -> (&str, Option<&str>) {
        split_at_nul(&self.text)
    }

    /// The comparator, the operator as written (empty when known) and the
    /// version, read in one pass; `None` when there is no version.
    fn constraint(&self) -> Option<(Comparator, &str, &str)> {
        let rest = self.parts().1?;
        let digit = rest.bytes().next()?;
        let comparator = Comparator::ALL
            .get(usize::from(digit.wrapping_sub(b'0')))
            .copied()
            .unwrap_or(Comparator::Any);
        // The digit, then the operator up to the second NUL byte.
        let (op, version) = split_at_nul(rest.get(1..)?);
        Some((comparator, op, version.unwrap_or("")))
    }

    /// The package name (never empty when produced by [`parse_list`]).
    pub fn name(&self) -> &str {
        self.parts().0
    }

    /// Whether the name is empty, without looking for its end.
    pub(crate) fn is_unnamed(&self) -> bool {
        self.text.as_bytes().first().is_none_or(|&b| b == 0)
    }

    /// The version operator; [`Comparator::Any`] when there is none or it
    /// was not recognised.
    pub fn comparator(&self) -> Comparator {
        self.constraint().map_or(Comparator::Any, |(c, _, _)| c)
    }

    /// The version after the operator. `None` exactly when no operator was
    /// written. `Some` with [`Comparator::Any`] when the operator was not
    /// recognised.
    pub fn version(&self) -> Option<&str> {
        self.constraint().map(|(_, _, version)| version)
    }

    /// Replaces the constraint: `comparator` and `version` (`None`: no
    /// version, and then no constraint: the comparator is
    /// [`Comparator::Any`]), forgetting an operator kept as written.
    pub fn constrain(&mut self, comparator: Comparator, version: Option<&str>) {
        *self = Dependency::parsed(self.name(), comparator, version, None);
    }

    /// The operator as written, when it is not one of `<`, `<=`, `=`,
    /// `!=`, `>=`, `>` (the dependency then accepts any version, as in
    /// pkgconf).
    pub fn unknown_operator(&self) -> Option<&str> {
        self.constraint()
            .map(|(_, op, _)| op)
            .filter(|op| !op.is_empty())
    }

    /// Whether a package with version `have` satisfies this dependency's
    /// version constraint (the name is not checked). `Any` accepts
    /// everything, even a version kept from an unknown operator.
    pub fn is_satisfied_by(&self, have: &str) -> bool {
        self.constraint()
            .is_none_or(|(c, _, want)| c.matches(have, want))
    }

    /// Whether this dependency is satisfied by a `Provides` entry of
    /// another package, by pkgconf's rule table. The caller matches names
    /// (exact, case-sensitive) and consults only the first `Provides` entry
    /// with this name.
    ///
    /// A `Provides` entry without a version never satisfies anything. A
    /// ranged entry (`Provides: x < 1.0`) is checked against the wanted
    /// range with pkgconf's table, which is not always the set-overlap one
    /// might expect (e.g. `x < 1.0` does not satisfy `x < 1.0`).
    pub fn is_satisfied_by_provide(&self, provide: &Dependency) -> bool {
        use Comparator::{Any, Eq, Ge, Gt, Le, Lt, Ne};

        let want = self.version();
        let have = provide.version();
        // `rule(want, have)` compares the wanted version with the provided
        // one, `dep(have, want)` the other way round; `None` means "no
        // check", `Some(Any)` means "always fails".
        let (rule, dep): (Option<Comparator>, Option<Comparator>) = match self.comparator() {
            Any => match provide.comparator() {
                Any => (Some(Any), Some(Any)),
                _ => (None, None),
            },
            Eq => match provide.comparator() {
                Any => (Some(Any), None),
                p => (Some(p), None),
            },
            Ne => match provide.comparator() {
                Any => (Some(Any), None),
                Lt => (Some(Ge), None),
                Gt => (Some(Le), None),
                Le => (Some(Gt), None),
                Ge => (Some(Lt), None),
                Eq => (Some(Ne), None),
                Ne => (Some(Eq), None),
            },
            wanted @ (Lt | Gt | Le | Ge) => {
                let rule = match provide.comparator() {
                    Any => Some(Any),
                    Eq | Ne => None,
                    p => Some(p),
                };
                let dep = match (wanted, provide.comparator()) {
                    (Lt, Gt | Ge | Eq) => Some(Lt),
                    (Lt, Ne) => Some(Ge),
                    (Gt, Lt | Le | Eq) => Some(Gt),
                    (Gt, Ne) => Some(Le),
                    (Le, Gt | Ge | Eq) => Some(Le),
                    (Le, Ne) => Some(Gt),
                    (Ge, Lt | Le | Eq) => Some(Ge),
                    (Ge, Ne) => Some(Lt),
                    _ => None,
                };
                (rule, dep)
            }
        };
        let check = |c: Option<Comparator>, a: Option<&str>, b: Option<&str>| match c {
            None => true,
            Some(Any) => false,
            Some(c) => c.holds(compare_opt(a, b)),
        };
        check(dep, have, want) && check(rule, want, have)
    }

    /// The second pass pkgconf applies to each command-line query entry:
    /// print it, parse the text again. Variable expansion, which pkgconf
    /// performs on the text before parsing, is left to the caller (expand
    /// `self.to_string()` and call [`parse_list`] instead).
    pub fn requeue(&self) -> Vec<Dependency> {
        parse_list(&self.to_string())
    }
}

impl fmt::Display for Dependency {
    /// `name`, or `name OP version` when there is a version (`Any` prints
    /// as `(any)`), exactly as pkgconf prints a dependency.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        if let Some(version) = self.version() {
            write!(f, " {} {}", self.comparator(), version)?;
        }
        Ok(())
    }
}

/// C `isspace` in the C locale, for one byte.
fn is_space(b: u8) -> bool {
    crate::registry::words::is_c_space(char::from(b))
}

/// pkgconf's module separator: a comma or whitespace.
fn is_separator(b: u8) -> bool {
    b == b',' || is_space(b)
}

/// pkgconf's operator characters.
fn is_operator(b: u8) -> bool {
    matches!(b, b'<' | b'>' | b'!' | b'=')
}

/// `s[start..end]`, cut to [`MAX_TOKEN_LEN`] bytes. Callers pass
/// ASCII-delimited ranges; `get` keeps this panic-free anyway.
fn token(s: &str, start: usize, end: usize) -> &str {
    cut(s.get(start..end).unwrap_or_default())
}

/// `s` up to its first NUL byte.
fn before_nul(s: &str) -> &str {
    split_at_nul(s).0
}

/// `s` up to its first NUL byte, and what follows that byte (`None`: no
/// NUL). Looked for byte by byte: a dependency's text is short.
fn split_at_nul(s: &str) -> (&str, Option<&str>) {
    match s.bytes().position(|b| b == 0) {
        // A NUL byte is a whole character: both sides are `str`s.
        Some(nul) => (s.get(..nul).unwrap_or_default(), s.get(nul + 1..)),
        None => (s, None),
    }
}

/// `tok` cut to [`MAX_TOKEN_LEN`] bytes, at a character boundary.
fn cut(tok: &str) -> &str {
    if tok.len() <= MAX_TOKEN_LEN {
        return tok;
    }
    let mut cut = MAX_TOKEN_LEN;
    while !tok.is_char_boundary(cut) {
        cut -= 1;
    }
    tok.get(..cut).unwrap_or_default()
}

/// Parses a dependency list (`Requires:` value, `Provides:` value, joined
/// command-line query, ...) as pkgconf does. Never fails; see the module
/// documentation for the exact rules.
pub fn parse_list(s: &str) -> Vec<Dependency> {
    // pkgconf works on C strings.
    let s = match s.find('\0') {
        Some(nul) => &s[..nul],
        None => s,
    };
    let b = s.as_bytes();
    let n = b.len();
    // Entries are usually comma-separated: room for that many up front (a
    // few dozen at most, so that a line of commas reserves nothing much).
    let commas = b.iter().filter(|&&c| c == b',').count();
    let mut out = Vec::with_capacity((commas + 1).min(64));
    let mut i = 0;

    while i < n && out.len() < MAX_DEPENDENCIES {
        // Between entries.
        while i < n && is_separator(b[i]) {
            i += 1;
        }
        if i >= n {
            break;
        }

        // The name.
        let name_start = i;
        while i < n && !is_separator(b[i]) {
            i += 1;
        }
        let name_end = i;

        // Only whitespace (not a comma) may lead to an operator.
        let mut j = i;
        while j < n && is_space(b[j]) {
            j += 1;
        }
        if j >= n || !is_operator(b[j]) {
            out.push(Dependency::parsed(
                token(s, name_start, name_end),
                Comparator::Any,
                None,
                None,
            ));
            continue;
        }

        // The operator.
        let op_start = j;
        while j < n && is_operator(b[j]) {
            j += 1;
        }
        let written = &s[op_start..j];
        let comparator = Comparator::parse(written);

        // Whitespace, then the version up to the next separator.
        while j < n && is_space(b[j]) {
            j += 1;
        }
        if j >= n {
            // `foo >=` at the end: pkgconf drops the entry.
            break;
        }
        let version_start = j;
        j += 1; // the first byte can be anything but whitespace
        while j < n && !is_separator(b[j]) {
            j += 1;
        }
        out.push(Dependency::parsed(
            token(s, name_start, name_end),
            comparator.unwrap_or(Comparator::Any),
            Some(token(s, version_start, j)),
            comparator.is_none().then_some(written),
        ));
        i = j;
    }

    out
}

/// The first pass of a command-line query: all package arguments joined
/// with single spaces, parsed as one list (step 1 of the module
/// documentation).
pub fn parse_query<S: AsRef<str>>(args: &[S]) -> Vec<Dependency> {
    let joined = args
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<&str>>()
        .join(" ");
    parse_list(&joined)
}

/// Applies `--atleast-version` (`Ge`), `--exact-version` (`Eq`) or
/// `--max-version` (`Le`): every entry whose comparator is
/// [`Comparator::Any`] gets `comparator` and `version`, replacing any
/// version it had (step 2 of the module documentation).
pub fn constrain_unversioned(deps: &mut [Dependency], comparator: Comparator, version: &str) {
    for dep in deps
        .iter_mut()
        .filter(|d| d.comparator() == Comparator::Any)
    {
        dep.constrain(comparator, Some(version));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Comparator::*;

    /// Shorthand: `(name, op, version)`, op `""` for no version, `"(any)"`
    /// for a kept version with an unknown operator.
    type Row<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str)]);

    fn dep(name: &str, op: &str, version: &str) -> Dependency {
        if op.is_empty() {
            Dependency::any(name)
        } else {
            let c = Comparator::parse(op).unwrap_or(Any);
            Dependency::new(name, c, version)
        }
    }

    /// Every row was checked against pkgconf 3.0.7's `--print-requires`
    /// on a `.pc` file with `Requires: <input>`.
    const REFERENCE: &[Row] = &[
        ("foo", &[("foo", "", "")]),
        (
            "foo > 1.2, bar >= 1.3",
            &[("foo", ">", "1.2"), ("bar", ">=", "1.3")],
        ),
        ("foo >0.5", &[("foo", ">", "0.5")]),
        (", foo", &[("foo", "", "")]),
        ("foo >= ", &[]),
        ("foo >=", &[]),
        (
            "foo > 1.2 bar >= 1.3",
            &[("foo", ">", "1.2"), ("bar", ">=", "1.3")],
        ),
        ("foo>=1.2", &[("foo>=1.2", "", "")]),
        ("foo == 1", &[("foo", "(any)", "1")]),
        ("foo =< 1", &[("foo", "(any)", "1")]),
        ("foo >>= 1", &[("foo", "(any)", "1")]),
        ("foo > , bar", &[("foo", ">", ","), ("bar", "", "")]),
        ("foo >,bar", &[("foo", ">", ",bar")]),
        (
            "foo bar baz",
            &[("foo", "", ""), ("bar", "", ""), ("baz", "", "")],
        ),
        ("foo,,bar", &[("foo", "", ""), ("bar", "", "")]),
        ("a!b = 1", &[("a!b", "=", "1")]),
        ("foo ! 1", &[("foo", "(any)", "1")]),
        ("foo => 1", &[("foo", "(any)", "1")]),
        ("foo <> 1", &[("foo", "(any)", "1")]),
        ("foo =! 1", &[("foo", "(any)", "1")]),
        ("foo >= 1 2", &[("foo", ">=", "1"), ("2", "", "")]),
        ("foo\t>=\t1", &[("foo", ">=", "1")]),
        ("foo >= 1,", &[("foo", ">=", "1")]),
        ("foo >= (1) bar", &[("foo", ">=", "(1)"), ("bar", "", "")]),
        (
            "foo, foo, foo > 1",
            &[("foo", "", ""), ("foo", "", ""), ("foo", ">", "1")],
        ),
        ("foo$bar", &[("foo$bar", "", "")]),
        ("é > 1 ∀", &[("é", ">", "1"), ("∀", "", "")]),
        ("foo > > 1", &[("foo", ">", ">"), ("1", "", "")]),
        (",,,", &[]),
        ("foo,>=1", &[("foo", "", ""), (">=1", "", "")]),
        (
            "foo ,>= 1",
            &[("foo", "", ""), (">=", "", ""), ("1", "", "")],
        ),
        ("  foo  ", &[("foo", "", "")]),
        (
            "foo >= 1.0, , bar",
            &[("foo", ">=", "1.0"), ("bar", "", "")],
        ),
        ("foo >=1.0,bar", &[("foo", ">=", "1.0"), ("bar", "", "")]),
        (
            "foo >= 1.0,bar < 2",
            &[("foo", ">=", "1.0"), ("bar", "<", "2")],
        ),
        (
            "foo = 1 = 2",
            &[("foo", "=", "1"), ("=", "", ""), ("2", "", "")],
        ),
        (">= 1", &[(">=", "", ""), ("1", "", "")]),
        ("foo != 1 <", &[("foo", "!=", "1"), ("<", "", "")]),
        ("< foo", &[("<", "", ""), ("foo", "", "")]),
        ("foo !=1", &[("foo", "!=", "1")]),
        ("foo =>1", &[("foo", "(any)", "1")]),
        ("foo ≥ 1", &[("foo", "", ""), ("≥", "", ""), ("1", "", "")]),
        ("foo >=\t,1", &[("foo", ">=", ",1")]),
        (
            "foo\x0b>= 1\x0c bar",
            &[("foo", ">=", "1"), ("bar", "", "")],
        ),
        ("a\tb\nc", &[("a", "", ""), ("b", "", ""), ("c", "", "")]),
        (
            "provides-test-foo = 1.0.0, provides-test-bar > 1.1.0, \
             provides-test-meow != 1.3.0",
            &[
                ("provides-test-foo", "=", "1.0.0"),
                ("provides-test-bar", ">", "1.1.0"),
                ("provides-test-meow", "!=", "1.3.0"),
            ],
        ),
        ("", &[]),
    ];

    #[test]
    fn reference_table() {
        // The table cannot say which unknown operator was written ("(any)"),
        // so compare what the solver uses.
        let parts = |d: &Dependency| {
            (
                d.name().to_owned(),
                d.comparator(),
                d.version().map(str::to_owned),
            )
        };
        for &(input, want) in REFERENCE {
            let want: Vec<_> = want.iter().map(|&(n, o, v)| parts(&dep(n, o, v))).collect();
            let got: Vec<_> = parse_list(input).iter().map(parts).collect();
            assert_eq!(got, want, "input {input:?}");
        }
    }

    /// `--print-requires` output for the same inputs, joined with `|`.
    const PRINTED: &[(&str, &str)] = &[
        ("foo > 1.2, bar >= 1.3", "foo > 1.2|bar >= 1.3"),
        ("foo == 1", "foo (any) 1"),
        ("foo > , bar", "foo > ,|bar"),
        ("foo >,bar", "foo > ,bar"),
        ("foo\t>=\t1", "foo >= 1"),
        ("foo >= (1) bar", "foo >= (1)|bar"),
        ("foo <= 1, foo < 2", "foo <= 1|foo < 2"),
    ];

    #[test]
    fn display_matches_print_requires() {
        for &(input, want) in PRINTED {
            let got: Vec<String> = parse_list(input).iter().map(|d| d.to_string()).collect();
            assert_eq!(got.join("|"), want, "input {input:?}");
        }
        // A comparator without a version (not produced by parsing) is no
        // constraint: it prints bare.
        let mut d = Dependency::any("x");
        d.constrain(Ge, None);
        assert_eq!((d.to_string(), d.comparator()), ("x".to_owned(), Any));
    }

    #[test]
    fn queries_join_arguments() {
        // Checked with `--modversion` against the reference.
        let q = parse_query(&["foo", ">", "1.2", "bar"]);
        assert_eq!(q, vec![dep("foo", ">", "1.2"), dep("bar", "", "")]);
        let q = parse_query(&["foo", ">=1.0", "bar"]);
        assert_eq!(q, vec![dep("foo", ">=", "1.0"), dep("bar", "", "")]);
        assert_eq!(parse_query(&["foo,", "bar"]).len(), 2);
        assert_eq!(parse_query(&["", "foo"]), vec![dep("foo", "", "")]);
        assert!(parse_query(&["foo", ">"]).is_empty());
        assert!(parse_query(&["foo", ">="]).is_empty());
        assert!(parse_query::<&str>(&[]).is_empty());
        assert!(parse_query(&[""]).is_empty());
        assert!(parse_query(&[" "]).is_empty());
        assert!(parse_query(&[","]).is_empty());
        let q = parse_query(&["foo > 1.2", "foo < 3"]);
        assert_eq!(q, vec![dep("foo", ">", "1.2"), dep("foo", "<", "3")]);
    }

    #[test]
    fn requeue_second_pass() {
        // `--modversion 'foo == 1.2.3'` looks for foo, "(any)" and "1.2.3".
        let q = parse_query(&["foo == 1.2.3"]);
        let names: Vec<String> = q[0]
            .requeue()
            .into_iter()
            .map(|d| d.name().to_owned())
            .collect();
        assert_eq!(names, ["foo", "(any)", "1.2.3"]);
        // `--modversion 'foo > 1.2 >= 1.3'` looks for foo, ">=" and "1.3".
        let names: Vec<String> = parse_query(&["foo > 1.2 >= 1.3"])
            .iter()
            .flat_map(Dependency::requeue)
            .map(|d| d.name().to_owned())
            .collect();
        assert_eq!(names, ["foo", ">=", "1.3"]);
        // An ordinary entry survives unchanged.
        let d = dep("foo", ">=", "1.0");
        assert_eq!(d.requeue(), vec![d.clone()]);
    }

    #[test]
    fn version_options_constrain_unversioned_entries() {
        // `--atleast-version 9 'foo == 1'` fails on foo 1.2.3;
        // `--atleast-version 9 'foo >= 1'` succeeds.
        let mut q = parse_query(&["foo == 1"]);
        constrain_unversioned(&mut q, Ge, "9");
        assert_eq!(q, vec![dep("foo", ">=", "9")]);
        assert!(!q[0].is_satisfied_by("1.2.3"));
        let mut q = parse_query(&["foo >= 1", "bar"]);
        constrain_unversioned(&mut q, Ge, "9");
        assert_eq!(q, vec![dep("foo", ">=", "1"), dep("bar", ">=", "9")]);
        assert!(q[0].is_satisfied_by("1.2.3"));
        // `--atleast-version '1 2' foo` requeues as `foo >= 1` and `2`.
        let mut q = parse_query(&["foo"]);
        constrain_unversioned(&mut q, Ge, "1 2");
        assert_eq!(
            q[0].requeue(),
            vec![dep("foo", ">=", "1"), dep("2", "", "")]
        );
    }

    #[test]
    fn satisfaction() {
        // Checked with `--exists` on lib1's foo (1.2.3) and tilde (1.0.0~rc1).
        let cases = [
            ("foo >= 1.2.3", "1.2.3", true),
            ("foo > 1.2.3", "1.2.3", false),
            ("foo != 1.2.3", "1.2.3", false),
            ("foo != 1.2", "1.2.3", true),
            ("foo < 1", "1.2.3", false),
            ("foo == 99", "1.2.3", true),
            ("tilde >= 1.0.0", "1.0.0~rc1", false),
            ("tilde >= 1.0.0~rc1", "1.0.0~rc1", true),
        ];
        for (q, have, want) in cases {
            let d = &parse_list(q)[0];
            assert_eq!(d.is_satisfied_by(have), want, "{q} with {have}");
        }
    }

    #[test]
    fn provides_rule_table() {
        // Rows: the provider's `Provides: pv OP 1.0` ("" = no version).
        // Columns: `--exists 'pv'`, then for each of = != < <= > >= the
        // wanted versions 0.5, 1.0, 1.5. Checked against the reference.
        let table = [
            ("", "n nnn nnn nnn nnn nnn nnn"),
            ("=", "Y nYn YnY nnY nYY Ynn YYn"),
            ("!=", "Y YnY nYn YYn Ynn nYY nnY"),
            ("<", "Y Ynn nYY Ynn Ynn Ynn Ynn"),
            ("<=", "Y YYn nnY YYn YYn Ynn YYn"),
            (">", "Y nnY YYn nnY nnY nnY nnY"),
            (">=", "Y nYY Ynn nnY nYY nYY nYY"),
        ];
        let ops = ["=", "!=", "<", "<=", ">", ">="];
        for (pop, row) in table {
            let provide = if pop.is_empty() {
                Dependency::any("pv")
            } else {
                dep("pv", pop, "1.0")
            };
            let mut cells = row.split(' ');
            let any = cells.next().unwrap_or_default();
            assert_eq!(
                Dependency::any("pv").is_satisfied_by_provide(&provide),
                any == "Y",
                "provide {provide}, want pv"
            );
            for (op, cell) in ops.iter().zip(cells) {
                for (v, c) in ["0.5", "1.0", "1.5"].iter().zip(cell.chars()) {
                    let want = dep("pv", op, v);
                    assert_eq!(
                        want.is_satisfied_by_provide(&provide),
                        c == 'Y',
                        "provide {provide}, want {want}"
                    );
                }
            }
        }
    }

    #[test]
    fn bounds() {
        let many = "a,".repeat(MAX_DEPENDENCIES + 10);
        assert_eq!(parse_list(&many).len(), MAX_DEPENDENCIES);
        let long = format!(
            "{}é = {}",
            "x".repeat(MAX_TOKEN_LEN - 1),
            "1".repeat(70_000)
        );
        let d = parse_list(&long);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].name(), "x".repeat(MAX_TOKEN_LEN - 1));
        assert_eq!(d[0].version().map(str::len), Some(MAX_TOKEN_LEN));
        // NUL ends the input, like a C string.
        assert_eq!(parse_list("foo\0bar"), vec![dep("foo", "", "")]);
    }

    #[test]
    fn no_panic_on_odd_input() {
        let pieces = [
            "", " ", ",", ">", "=", "!", "<", "é", "\0", "a", "1", "\t", "💥",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}{a}");
                    for d in parse_list(&s) {
                        assert!(!d.name().is_empty(), "{s:?}");
                        assert!(d.version() != Some(""), "{s:?}");
                        let _ = d.to_string();
                    }
                }
            }
        }
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_dependency_stays_small() {
        // Graphs hold one per edge: 16,001 packages of 30 requirements each
        // hold 480,000, with no allocation when the text fits inline.
        assert_eq!(std::mem::size_of::<Dependency>(), 24);
        let d = &parse_list("gobject-2.0 >= 2.76.1")[0];
        assert!(!d.text.is_heap_allocated());
    }

    #[test]
    fn every_part_reads_back() {
        for c in Comparator::ALL {
            for (name, version) in [("n", "1.0"), ("a-long-name-of-a-package", ""), ("é", "2∀")]
            {
                let d = Dependency::new(name, c, version);
                let parts = (d.name(), d.comparator(), d.version(), d.unknown_operator());
                assert_eq!(parts, (name, c, Some(version), None));
            }
        }
        let d = &parse_list("foo <=> 1")[0];
        let parts = (d.name(), d.comparator(), d.version(), d.unknown_operator());
        assert_eq!(parts, ("foo", Any, Some("1"), Some("<=>")));
        // A name ends at a NUL byte, as in pkgconf's C strings; a version
        // is kept whole.
        let d = Dependency::new("a\0b", Ge, "1\0x");
        assert_eq!((d.name(), d.version()), ("a", Some("1\0x")));
        assert_eq!(Dependency::any("a\0b"), Dependency::any("a"));
    }

    #[test]
    fn name_and_version_share_one_allocation_and_read_back() {
        let d = &parse_list("foo >= 1.2, bar, baz == 3, q >")[..];
        let parts: Vec<_> = d
            .iter()
            .map(|d| (d.name(), d.comparator(), d.version(), d.unknown_operator()))
            .collect();
        assert_eq!(
            parts,
            [
                ("foo", Comparator::Ge, Some("1.2"), None),
                ("bar", Comparator::Any, None, None),
                ("baz", Comparator::Any, Some("3"), Some("==")),
            ]
        );
        // An empty version is not no version.
        let mut e = Dependency::any("e");
        e.constrain(Comparator::Eq, Some(""));
        assert_eq!((e.name(), e.version()), ("e", Some("")));
        assert_ne!(e, Dependency::any("e"));
        e.constrain(Comparator::Any, None);
        assert_eq!(e, Dependency::any("e"));
        assert_eq!(
            format!("{:?}", Dependency::new("n", Comparator::Lt, "2")),
            "Dependency { name: \"n\", comparator: Lt, version: Some(\"2\"), unknown_operator: None }"
        );
    }

    #[test]
    fn unknown_operators_are_kept_and_fail_closed_when_requeued() {
        let d = &parse_list("foo => 1")[0];
        assert_eq!(d.unknown_operator(), Some("=>"));
        assert_eq!(d.comparator(), Any);
        let names: Vec<String> = d
            .requeue()
            .into_iter()
            .map(|d| d.name().to_owned())
            .collect();
        assert_eq!(names, ["foo", "(any)", "1"]);
        assert_eq!(parse_list("foo >= 1")[0].unknown_operator(), None);
        let mut deps = parse_list("foo == 1");
        constrain_unversioned(&mut deps, Ge, "2");
        assert_eq!(deps[0].unknown_operator(), None);
        assert_eq!(deps[0].to_string(), "foo >= 2");
    }
}
