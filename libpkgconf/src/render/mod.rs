//! Rendering: fragments as the bytes pkgconf prints, and the text of the
//! listing outputs (`--simulate`, `--digraph`, `--list-all`, ...).

pub(crate) mod json;
pub(crate) mod quote;
pub(crate) mod report;

use crate::package::fragment::Fragment;

/// How fragments are written out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// GCC/Clang style, shell-escaped.
    #[default]
    Gnu,
    /// MSVC `cl`/`link` style (`/I`, `/D`, `/libpath:`, `foo.lib`).
    Msvc,
}

fn render_gnu(f: &Fragment, out: &mut Vec<String>) {
    out.push(quote::render(&f.text()));
    for c in f.children() {
        render_gnu(c, out);
    }
}

/// MSVC arguments are wrapped in double quotes when they hold a character
/// GNU output would escape with a backslash ([`quote::needs_escape`]), as
/// pkgconf decides (`-DV=a#b` is `/D"V=a#b"`; `^` is left bare).
fn msvc_quote(s: &str) -> String {
    if s.bytes().any(quote::needs_escape) {
        format!("\"{s}\"")
    } else {
        s.to_owned()
    }
}

/// MSVC has no counterpart for most GNU flags: those render as an empty
/// word (pkgconf keeps their separators).
fn render_msvc(f: &Fragment, out: &mut Vec<String>) {
    out.push(match f.kind {
        Some('I') => format!("/I{}", msvc_quote(f.data())),
        Some('D') => format!("/D{}", msvc_quote(f.data())),
        Some('L') => format!("/libpath:{}", msvc_quote(f.data())),
        Some('l') => msvc_quote(&format!("{}.lib", f.data())),
        _ => String::new(),
    });
}

/// Renders fragments as bytes, as pkgconf prints them: with a UTF-8 locale
/// like [`render`]; otherwise (the "C" locale) every byte of a non-ASCII
/// character is escaped on its own. GNU syntax is written straight into
/// the buffer (no string per word: a large graph prints thousands).
pub(crate) fn render_bytes<'a>(
    frags: impl Iterator<Item = &'a Fragment> + Clone,
    sep: char,
    syntax: Syntax,
    utf8_locale: bool,
) -> Vec<u8> {
    if syntax == Syntax::Msvc {
        return render(frags, sep, syntax).into_bytes();
    }
    let mut buf = [0u8; 4];
    // Sized once, from the words before escaping: a graph's flags run to
    // megabytes, and a growing buffer would hold up to twice that.
    let size: usize = frags
        .clone()
        .map(|f| unescaped_len(f) + sep.len_utf8())
        .sum();
    let mut w = GnuWriter {
        out: Vec::with_capacity(size),
        sep: sep.encode_utf8(&mut buf).as_bytes(),
        first: true,
        utf8_locale,
    };
    for f in frags {
        w.fragment(f);
    }
    w.out
}

/// The bytes of a fragment's words and their separators, before escaping.
fn unescaped_len(f: &Fragment) -> usize {
    let own = f.kind.map_or(0, |k| 1 + k.len_utf8()) + f.data().len();
    f.children()
        .iter()
        .fold(own, |n, c| n + 1 + unescaped_len(c))
}

/// Writes GNU-syntax words, escaped, separated by `sep`.
struct GnuWriter<'s> {
    out: Vec<u8>,
    sep: &'s [u8],
    first: bool,
    utf8_locale: bool,
}

impl GnuWriter<'_> {
    /// The fragment's word (`-` type data) and its children's.
    fn fragment(&mut self, f: &Fragment) {
        if !self.first {
            self.out.extend_from_slice(self.sep);
        }
        self.first = false;
        if let Some(kind) = f.kind {
            let mut buf = [0u8; 5];
            buf[0] = b'-';
            let len = 1 + kind.encode_utf8(&mut buf[1..]).len();
            quote::push_escaped(&mut self.out, &buf[..len], self.utf8_locale);
        }
        quote::push_escaped(&mut self.out, f.data().as_bytes(), self.utf8_locale);
        for c in f.children() {
            self.fragment(c);
        }
    }
}

/// Renders fragments joined by `sep`, without a trailing newline, as in a
/// UTF-8 locale.
pub(crate) fn render<'a>(
    frags: impl Iterator<Item = &'a Fragment>,
    sep: char,
    syntax: Syntax,
) -> String {
    let mut words = Vec::new();
    for f in frags {
        match syntax {
            Syntax::Gnu => render_gnu(f, &mut words),
            Syntax::Msvc => render_msvc(f, &mut words),
        }
    }
    words.join(&sep.to_string())
}

/// Writes `--fragment-tree` output: one line per fragment, children
/// indented by two spaces, an empty line after each non-empty level.
pub(crate) fn render_tree(frags: &[Fragment], indent: usize, out: &mut String) {
    for f in frags {
        out.push_str(&" ".repeat(indent));
        match f.kind {
            Some(k) => out.push_str(&format!(
                "{} [type {k}, {} children]\n",
                quote::tree_form(&f.text()),
                f.children().len()
            )),
            None => out.push_str(&format!(
                "{} [untyped, {} children]\n",
                quote::tree_form(f.data()),
                f.children().len()
            )),
        }
        render_tree(f.children(), indent + 2, out);
    }
    if !frags.is_empty() {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::fragment::parse_words;

    fn words(s: &str) -> Vec<Fragment> {
        parse_words(&s.split_whitespace().collect::<Vec<_>>())
    }

    #[test]
    fn tree_rendering() {
        let mut s = String::new();
        render_tree(&words("-framework A -lm"), 0, &mut s);
        assert_eq!(
            s,
            "'-framework' [untyped, 1 children]\n  'A' [untyped, 0 children]\n\n'-lm' [type l, 0 children]\n\n"
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::package::fragment::parse_words;
    use crate::registry::words::split;
    use proptest::prelude::*;

    /// Flag-like words: options, paths, and text with the characters a
    /// shell would split or interpret.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "-[ILlDF][a-z0-9/._ ]{0,12}",
            "-(pthread|framework|isystem|idirafter|include|Wl,-x|Wl,--start-group|Wl,--end-group)",
            "[a-zA-Z0-9 '\"\\\\$`#&*;<>?|(){}\\[\\]~=%!é.,/-]{1,10}",
        ]
    }

    proptest! {
        /// Rendering a flag list (UTF-8 locale) and splitting the text
        /// again, as a shell would, gives back the same fragments.
        #[test]
        fn rendering_then_reparsing_round_trips(words in prop::collection::vec(word(), 0..12)) {
            let frags = parse_words(&words);
            let text = render(frags.iter(), ' ', Syntax::Gnu);
            let again = split(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
            prop_assert_eq!(parse_words(&again), frags, "rendered as {}", text);
        }
    }
}
