//! How pkgconf 3.0.7 prints one word of `--cflags` / `--libs` output, and the
//! `'...'` form of `--fragment-tree`.
//!
//! Rendering puts a backslash before every byte of this set, and leaves every
//! other byte alone:
//!
//! - control bytes `0x00..=0x1f` and DEL `0x7f`;
//! - space `!` `"` `#` `%` `&` `'` `*` `;` `<` `>` `?` `[` `\` `]` `` ` `` `{` `|` `}`;
//! - in a locale that is not UTF-8 only: every byte `0x80..=0xff`
//!   (each byte of a multi-byte character separately).
//!
//! Not escaped: `$` `(` `)` `+` `,` `-` `.` `/` `:` `=` `@` `^` `_` `~`,
//! letters and digits.

/// Whether pkgconf escapes the byte `b` (the UTF-8-locale set: bytes
/// `0x80..=0xff` are not included).
pub(crate) const fn needs_escape(b: u8) -> bool {
    matches!(
        b,
        0x00..=0x1f
            | b' '..=b'#'
            | b'%'..=b'\''
            | b'*'
            | b';'..=b'<'
            | b'>'..=b'?'
            | b'['..=b']'
            | b'`'
            | b'{'..=b'}'
            | 0x7f
    )
}

/// Renders one word as pkgconf prints it in a UTF-8 locale: a backslash before
/// each special byte (see the module docs). Non-ASCII characters are kept.
pub fn render(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 8);
    for c in word.chars() {
        if c.is_ascii() && needs_escape(c as u8) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Renders one word as bytes. With `utf8_locale == false` (pkgconf run in the
/// "C" locale, e.g. with an empty environment) every byte `>= 0x80` gets its
/// own backslash, which makes the output invalid UTF-8, exactly as pkgconf's.
#[cfg(test)]
pub fn render_bytes(word: &[u8], utf8_locale: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(word.len() + 8);
    push_escaped(&mut out, word, utf8_locale);
    out
}

/// [`needs_escape`] for every byte, in a UTF-8 locale and in the "C" locale
/// (where every byte `>= 0x80` is escaped too).
const ESCAPED_UTF8: [bool; 256] = escape_table(false);
const ESCAPED_C: [bool; 256] = escape_table(true);

const fn escape_table(high_bytes: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = needs_escape(b as u8) || (high_bytes && b >= 0x80);
        b += 1;
    }
    table
}

/// Appends `word` to `out` escaped as [`render_bytes`] escapes it. Escaping
/// is byte by byte, so a word may be written in pieces.
pub(crate) fn push_escaped(out: &mut Vec<u8>, word: &[u8], utf8_locale: bool) {
    let table = if utf8_locale {
        &ESCAPED_UTF8
    } else {
        &ESCAPED_C
    };
    let special = |b: u8| table[usize::from(b)];
    let mut rest = word;
    while let Some(i) = rest.iter().position(|&b| special(b)) {
        out.extend_from_slice(rest.get(..i).unwrap_or_default());
        out.push(b'\\');
        out.push(rest.get(i).copied().unwrap_or_default());
        rest = rest.get(i + 1..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
}

/// The `'...'` form `--fragment-tree` prints: the word between single quotes,
/// with no escaping at all (a `'` inside the word is printed as is).
pub fn tree_form(word: &str) -> String {
    format!("'{word}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_shell_specials() {
        assert_eq!(render("-I/a dir"), r"-I/a\ dir");
        assert_eq!(render(r"-DB=x\y"), r"-DB=x\\y");
        assert_eq!(render("-DQ=\"bla\""), r#"-DQ=\"bla\""#);
        assert_eq!(render("${foo}"), r"$\{foo\}");
        assert_eq!(render("-L$(libdir)"), "-L$(libdir)");
        assert_eq!(render("-I~"), "-I~");
        assert_eq!(
            render("-DX=!\"#$%&()*+,-./:;<=>?@[\\]^_{|}~é`"),
            r#"-DX=\!\"\#$\%\&()\*+,-./:\;\<=\>\?@\[\\\]^_\{\|\}~é\`"#
        );
        assert_eq!(render("a\tb\x7f"), "a\\\tb\\\x7f");
    }

    #[test]
    fn c_locale_bytes() {
        assert_eq!(
            render_bytes("é".as_bytes(), false),
            b"\\\xc3\\\xa9".to_vec()
        );
        assert_eq!(
            render_bytes("é ".as_bytes(), true),
            "é\\ ".as_bytes().to_vec()
        );
    }

    #[test]
    fn tree() {
        assert_eq!(tree_form("-DA=\"x' y\""), "'-DA=\"x' y\"'");
    }
}
