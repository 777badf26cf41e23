//! Version comparison and version comparators, as pkgconf 3.0.7 does them.
//!
//! # Comparison rules ([`compare`])
//!
//! pkgconf compares versions with an RPM-style (`rpmvercmp`) algorithm:
//!
//! 1. If the two strings are equal ignoring ASCII case, they are equal
//!    (`"1.0A"` = `"1.0a"`, `"Abc"` = `"abc"`). This shortcut applies to the
//!    whole strings only; segment comparison below is case-sensitive, so
//!    `"1.Abc"` < `"1.abc.1"`.
//! 2. Otherwise both strings are walked in parallel. Any byte that is not an
//!    ASCII letter, an ASCII digit or `~` is a separator and is skipped
//!    (non-ASCII bytes are separators too: `"1é2"` = `"1.2"`). Runs of
//!    separators count the same as one, and trailing separators are
//!    ignored (`"1.0"` = `"1.0."` = `"1..0"` = `"1_0"`).
//! 3. `~` sorts before everything, including the end of the string:
//!    `"1.0~rc1"` < `"1.0"`, `"~1"` < `"1"`, `"~~"` < `"~"`. When both sides
//!    are at a `~`, both are skipped and the walk continues.
//! 4. If either side is exhausted, the walk stops (see 7).
//! 5. A segment is a maximal run of digits or of letters; its kind is taken
//!    from the left-hand side. If the right-hand side's next segment is of
//!    the other kind, a numeric segment is greater than an alphabetic one
//!    (`"1.1"` > `"1.a"`, `"1"` > `"a"`).
//! 6. Numeric segments are compared as numbers of unbounded size: leading
//!    zeros are ignored (`"10.0001"` = `"10.1"`), then the longer is greater,
//!    then byte order. Alphabetic segments compare by byte order
//!    (`"B"` < `"a"`, `"abc"` < `"abcd"`).
//! 7. When the walk stops, the side with something left is greater
//!    (`"1.2.3.0"` > `"1.2.3"`, `"1.0a"` > `"1.0"`, `"1.2.3-rc1"` > `"1.2.3"`).
//!
//! The relation is not a total order in corner cases (rule 1 versus rule 6:
//! `"a"` = `"A"` but `"1.a"` > `"1.A.0"` is possible); we reproduce pkgconf
//! rather than fix that. No input is truncated and nothing allocates.
//!
//! # Comparators ([`Comparator`])
//!
//! pkgconf knows exactly six operators, spelled `<`, `<=`, `=`, `!=`, `>=`,
//! `>`, plus the "no constraint" comparator printed as `(any)`. Other
//! spellings (`==`, `=<`, `=>`, `<>`, `!`, `>>=`, ...) are **not** errors:
//! when pkgconf meets them in a dependency it silently uses `(any)`, keeping
//! the version (so `foo == 1.0` accepts any version of `foo` and prints as
//! `foo (any) 1.0`). [`Comparator::parse`] returns `None` for them; map
//! that to [`Comparator::Any`] to get pkgconf's behaviour.

use std::cmp::Ordering;

/// Whether `b` is a version "letter" for pkgconf (C-locale `isalpha`).
fn is_alpha(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

/// Whether `b` is a version "digit" for pkgconf (C-locale `isdigit`).
fn is_digit(b: u8) -> bool {
    b.is_ascii_digit()
}

/// Whether `b` ends nothing and starts nothing: a separator byte.
fn is_separator(b: u8) -> bool {
    !b.is_ascii_alphanumeric() && b != b'~'
}

/// Length of the run at the start of `s` made of bytes satisfying `pred`.
fn run_len(s: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    s.iter().take_while(|&&b| pred(b)).count()
}

/// Drops leading `'0'` bytes.
fn strip_zeros(s: &[u8]) -> &[u8] {
    let n = run_len(s, |b| b == b'0');
    &s[n..]
}

/// Compares two versions exactly as pkgconf 3.0.7 does (see the module
/// documentation for the rules). `Less` means `a` is older than `b`.
pub fn compare(a: &str, b: &str) -> Ordering {
    if a.eq_ignore_ascii_case(b) {
        return Ordering::Equal;
    }

    let mut one = a.as_bytes();
    let mut two = b.as_bytes();

    while !one.is_empty() || !two.is_empty() {
        one = &one[run_len(one, is_separator)..];
        two = &two[run_len(two, is_separator)..];

        let tilde_one = one.first() == Some(&b'~');
        let tilde_two = two.first() == Some(&b'~');
        if tilde_one || tilde_two {
            if !tilde_one {
                return Ordering::Greater;
            }
            if !tilde_two {
                return Ordering::Less;
            }
            one = &one[1..];
            two = &two[1..];
            continue;
        }

        if one.is_empty() || two.is_empty() {
            break;
        }

        let numeric = is_digit(one[0]);
        let (len_one, len_two) = if numeric {
            (run_len(one, is_digit), run_len(two, is_digit))
        } else {
            (run_len(one, is_alpha), run_len(two, is_alpha))
        };

        // `one` starts with an alphanumeric byte of the selected kind, so
        // `len_one` is never zero; only the right-hand side can mismatch.
        if len_one == 0 {
            return Ordering::Less;
        }
        if len_two == 0 {
            return if numeric {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }

        let (seg_one, seg_two) = (&one[..len_one], &two[..len_two]);
        let ord = if numeric {
            let (n1, n2) = (strip_zeros(seg_one), strip_zeros(seg_two));
            n1.len().cmp(&n2.len()).then_with(|| n1.cmp(n2))
        } else {
            seg_one.cmp(seg_two)
        };
        if ord != Ordering::Equal {
            return ord;
        }

        one = &one[len_one..];
        two = &two[len_two..];
    }

    match (one.is_empty(), two.is_empty()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, _) => Ordering::Greater,
    }
}

/// [`compare`] with pkgconf's handling of a missing version: a missing
/// left-hand side is older than anything (even another missing version),
/// otherwise a missing right-hand side is older than anything.
pub fn compare_opt(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (None, _) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => compare(a, b),
    }
}

/// A version constraint operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// No constraint (printed `(any)`): every version matches.
    Any,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `>=`
    Ge,
    /// `>`
    Gt,
}

impl Comparator {
    /// All comparators, `Any` first.
    pub const ALL: [Comparator; 7] = [
        Comparator::Any,
        Comparator::Lt,
        Comparator::Le,
        Comparator::Eq,
        Comparator::Ne,
        Comparator::Ge,
        Comparator::Gt,
    ];

    /// Looks an operator up by its exact spelling: `<`, `<=`, `=`, `!=`,
    /// `>=`, `>` and `(any)`. Anything else (`==`, `=<`, `=>`, `<>`, ` >`,
    /// ...) is `None`; pkgconf treats such operators as [`Comparator::Any`].
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "(any)" => Comparator::Any,
            "<" => Comparator::Lt,
            "<=" => Comparator::Le,
            "=" => Comparator::Eq,
            "!=" => Comparator::Ne,
            ">=" => Comparator::Ge,
            ">" => Comparator::Gt,
            _ => return None,
        })
    }

    /// The spelling pkgconf prints: `<`, `<=`, `=`, `!=`, `>=`, `>`, and
    /// `(any)` for [`Comparator::Any`] (seen e.g. as `foo (any) 1.0` in
    /// `--print-requires` when a `.pc` file wrote `foo == 1.0`).
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Any => "(any)",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Eq => "=",
            Comparator::Ne => "!=",
            Comparator::Ge => ">=",
            Comparator::Gt => ">",
        }
    }

    /// Whether version `have` (the package's) satisfies `self want` (the
    /// requirement's), e.g. `Ge.matches("1.2.3", "1.2")`. `Any` always
    /// matches, whatever the strings.
    pub fn matches(self, have: &str, want: &str) -> bool {
        self.holds(compare(have, want))
    }

    /// Like [`Comparator::matches`], with [`compare_opt`]'s handling of
    /// missing versions.
    pub fn matches_opt(self, have: Option<&str>, want: Option<&str>) -> bool {
        self == Comparator::Any || self.holds(compare_opt(have, want))
    }

    /// Whether `ord` (the result of comparing have with want) satisfies
    /// this comparator.
    pub fn holds(self, ord: Ordering) -> bool {
        match self {
            Comparator::Any => true,
            Comparator::Lt => ord == Ordering::Less,
            Comparator::Le => ord != Ordering::Greater,
            Comparator::Eq => ord == Ordering::Equal,
            Comparator::Ne => ord != Ordering::Equal,
            Comparator::Ge => ord != Ordering::Less,
            Comparator::Gt => ord == Ordering::Greater,
        }
    }
}

impl std::fmt::Display for Comparator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::{Equal as E, Greater as G, Less as L};

    /// Every row was checked against pkgconf 3.0.7 (`Version: A` in a
    /// `.pc`, then `--exact-version B`, `--atleast-version B`,
    /// `--max-version B`).
    const REFERENCE: &[(&str, &str, Ordering)] = &[
        ("1.0", "1.0", E),
        ("1.0", "2.0", L),
        ("2.0", "1.0", G),
        ("2.0.1", "2.0.1", E),
        ("2.0", "2.0.1", L),
        ("2.0.1", "2.0", G),
        ("2.0.1a", "2.0.1", G),
        ("2.0.1", "2.0.1a", L),
        ("5.5p1", "5.5p1", E),
        ("5.5p1", "5.5p2", L),
        ("5.5p2", "5.5p1", G),
        ("5.5p10", "5.5p10", E),
        ("5.5p1", "5.5p10", L),
        ("5.5p10", "5.5p1", G),
        ("10xyz", "10.1xyz", L),
        ("10.1xyz", "10xyz", G),
        ("xyz10", "xyz10", E),
        ("xyz10", "xyz10.1", L),
        ("xyz10.1", "xyz10", G),
        ("xyz.4", "xyz.4", E),
        ("xyz.4", "8", L),
        ("8", "xyz.4", G),
        ("xyz.4", "2", L),
        ("2", "xyz.4", G),
        ("5.5p2", "5.6p1", L),
        ("5.6p1", "5.5p2", G),
        ("5.6p1", "6.5p1", L),
        ("6.5p1", "5.6p1", G),
        ("6.0.rc1", "6.0", G),
        ("6.0", "6.0.rc1", L),
        ("10b2", "10a1", G),
        ("10a2", "10b2", L),
        ("1.0aa", "1.0aa", E),
        ("1.0a", "1.0aa", L),
        ("1.0aa", "1.0a", G),
        ("10.0001", "10.0001", E),
        ("10.0001", "10.1", E),
        ("10.1", "10.0001", E),
        ("10.0001", "10.0039", L),
        ("10.0039", "10.0001", G),
        ("4.999.9", "5.0", L),
        ("5.0", "4.999.9", G),
        ("20101121", "20101121", E),
        ("20101121", "20101122", L),
        ("20101122", "20101121", G),
        ("2_0", "2_0", E),
        ("2.0", "2_0", E),
        ("2_0", "2.0", E),
        ("a", "a", E),
        ("a+", "a+", E),
        ("a+", "a_", E),
        ("a_", "a+", E),
        ("+a", "+a", E),
        ("+a", "_a", E),
        ("_a", "+a", E),
        ("+_", "+_", E),
        ("_+", "+_", E),
        ("+_", "_+", E),
        ("_+", "_", E),
        ("_", "_+", E),
        ("+", "_", E),
        ("_", "+", E),
        ("1.0~rc1", "1.0~rc1", E),
        ("1.0~rc1", "1.0", L),
        ("1.0", "1.0~rc1", G),
        ("1.0~rc1", "1.0~rc2", L),
        ("1.0~rc2", "1.0~rc1", G),
        ("1.0~rc1~git123", "1.0~rc1~git123", E),
        ("1.0~rc1~git123", "1.0~rc1", L),
        ("1.0~rc1", "1.0~rc1~git123", G),
        ("1.0~", "1.0", L),
        ("1.0", "1.0~", G),
        ("~1", "1", L),
        ("1", "~1", G),
        ("~", "~~", G),
        ("~~", "~", L),
        ("~", "1", L),
        ("1.0~rc1", "1.0a", L),
        ("1.0A", "1.0a", E),
        ("1.0a", "1.0A", E),
        ("1.a", "1.B", G),
        ("1.B", "1.a", L),
        ("Abc", "abc", E),
        ("Abc", "abd", L),
        ("abd", "Abc", G),
        ("1.Abc", "1.abc.1", L),
        ("1.0", "1.0.", E),
        ("1.0.", "1.0", E),
        ("1..0", "1.0", E),
        ("1.0", "1..0", E),
        ("01", "1", E),
        ("1", "01", E),
        ("001.002", "1.2", E),
        ("0", "00", E),
        ("00", "0", E),
        ("0", "1", L),
        ("1.2.3", "1.2.3.0", L),
        ("1.2.3.0", "1.2.3", G),
        ("1a", "1.a", E),
        ("1.a", "1a", E),
        ("1a", "1", G),
        ("1", "1a", L),
        ("a1", "1", L),
        ("1", "a1", G),
        ("1", "a", G),
        ("a", "1", L),
        ("1.a", "1.1", L),
        ("1.1", "1.a", G),
        ("1.2.3-rc1", "1.2.3", G),
        ("1.2.3", "1.2.3-rc1", L),
        ("1.2.3", "1.2.3-1", L),
        ("1.2.3-1", "1.2.3", G),
        ("1.2.3-2", "1.2.3-10", L),
        (
            "123456789012345678901234567890",
            "123456789012345678901234567891",
            L,
        ),
        (
            "123456789012345678901234567891",
            "123456789012345678901234567890",
            G,
        ),
        ("00000000000000000000000000000000001", "1", E),
        ("9", "10", L),
        ("10", "9", G),
        ("abc", "abd", L),
        ("abd", "abc", G),
        ("abc", "abcd", L),
        ("abcd", "abc", G),
        ("1.é", "1", E),
        ("1", "1.é", E),
        ("1é2", "1.2", E),
        ("1.2", "1é2", E),
        ("1é", "1ê", E),
        ("2.x", "2.X", E),
        ("2.X", "2.x", E),
        ("1.2", "1.2a", L),
        ("1.2a", "1.2", G),
        ("1.2a", "1.2b", L),
        ("1.2", "1.2~", G),
        ("1.2~", "1.2.~", E),
        ("1.2.~", "1.2~", E),
        ("1.2~a", "1.2~", G),
        ("1.2~", "1.2~a", L),
        ("1.2~a", "1.2~1", L),
        ("1.2~1", "1.2~a", G),
        ("1:2", "1.2", E),
        ("1.2", "1:2", E),
        ("1:2.0", "2.0", L),
        ("0:2.0", "2.0", L),
        ("r1", "1", L),
        ("1", "r1", G),
        ("1.0b", "1.0.1", L),
        ("1.0.1", "1.0b", G),
        ("3.922", "3.922.0", L),
        ("1.0.0~rc1", "1.0.0", L),
        ("1.0.0", "1.0.0~rc1", G),
        ("1.0.0~rc1", "1.0.0~rc1", E),
        ("1.0.0~rc1", "0.9", G),
        // `Version:` left empty in the `.pc` file.
        ("", "~", G),
        ("", ".", E),
        ("", "1", L),
    ];

    #[test]
    fn reference_table() {
        for &(a, b, want) in REFERENCE {
            assert_eq!(compare(a, b), want, "compare({a:?}, {b:?})");
        }
    }

    #[test]
    fn comparators_agree_with_reference_table() {
        // --atleast-version is Ge, --exact-version Eq, --max-version Le.
        for &(a, b, ord) in REFERENCE {
            assert_eq!(Comparator::Ge.matches(a, b), ord != L, "{a} >= {b}");
            assert_eq!(Comparator::Eq.matches(a, b), ord == E, "{a} = {b}");
            assert_eq!(Comparator::Le.matches(a, b), ord != G, "{a} <= {b}");
            assert_eq!(Comparator::Lt.matches(a, b), ord == L, "{a} < {b}");
            assert_eq!(Comparator::Gt.matches(a, b), ord == G, "{a} > {b}");
            assert_eq!(Comparator::Ne.matches(a, b), ord != E, "{a} != {b}");
            assert!(Comparator::Any.matches(a, b));
        }
    }

    #[test]
    fn long_versions_are_not_truncated() {
        // Checked against the reference with a 9000-byte Version field.
        let long = format!("1{}2", ".".repeat(9000));
        assert_eq!(compare(&long, "1"), G);
        assert_eq!(compare("1", &long), L);
        let digits = "9".repeat(100_000);
        assert_eq!(compare(&digits, &format!("0{digits}")), E);
    }

    #[test]
    fn empty_and_missing_versions() {
        assert_eq!(compare("", ""), E);
        assert_eq!(compare("", "1"), L);
        assert_eq!(compare("1", ""), G);
        assert_eq!(compare("", "."), E);
        assert_eq!(compare("", "~"), G);
        assert_eq!(compare_opt(None, Some("1")), L);
        assert_eq!(compare_opt(None, None), L);
        assert_eq!(compare_opt(Some(""), None), G);
        assert_eq!(compare_opt(Some("1"), Some("1.0")), L);
        assert!(Comparator::Any.matches_opt(None, None));
        assert!(!Comparator::Eq.matches_opt(None, None));
        assert!(Comparator::Lt.matches_opt(None, Some("0")));
    }

    #[test]
    fn comparator_spellings() {
        for c in Comparator::ALL {
            assert_eq!(Comparator::parse(c.as_str()), Some(c));
            assert_eq!(c.to_string(), c.as_str());
        }
        for bad in [
            "", "==", "=<", "=>", "<>", "!", "=!", ">>=", " >", "> ", "any",
        ] {
            assert_eq!(Comparator::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Comparator::Any.as_str(), "(any)");
    }

    #[test]
    fn no_panic_on_odd_bytes() {
        let odd = [
            "\0", "~\0~", "\u{7f}", "💥1", "1💥", "~~~~", "\t1\n", "0000",
        ];
        for a in odd {
            for b in odd {
                let _ = compare(a, b);
                // Antisymmetry holds whenever case folding is not involved.
                assert_eq!(compare(a, b), compare(b, a).reverse(), "{a:?} {b:?}");
            }
        }
    }

    /// Found by the `version_compare` fuzz target; the answers are
    /// pkgconf 3.0.7's (`--exists 'v < LHH'` etc. with `Version: L`).
    #[test]
    fn not_transitive_like_pkgconf() {
        assert_eq!(compare("L", "LHH"), Ordering::Less);
        assert_eq!(compare("LHH", "l"), Ordering::Less);
        assert_eq!(compare("L", "l"), Ordering::Equal);
    }
}
