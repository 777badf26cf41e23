//! The rules behind diagnostic codes, as data: one [`Rule`] per [`Code`],
//! with its stable identifier, default severity, title and explanation.
//!
//! Identifiers (`PC001`...) are ours. pkgconf's `pccritic` uses the same
//! `PCnnn` shape for different findings; [`Rule::pccritic`] names the
//! pccritic codes a rule covers (see `crate::lint` for the score).

use super::Severity;

/// Stable diagnostic codes. A code's identifier ([`Code::id`]) never
/// changes meaning and is never reused; [`Code::rule`] describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Code {
    /// Whitespace before a key or between a key and its operator.
    MalformedLine,
    /// A field given twice in the same file.
    DuplicateField,
    /// A variable defined twice in the same file.
    DuplicateVariable,
    /// The `Version` field contains whitespace.
    VersionWhitespace,
    /// A C or C++ comment, which `.pc` files do not have.
    CComment,
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// A line longer than the parser accepts.
    LineTooLong,
    /// A variable refers to itself, directly or not.
    VariableCycle,
    /// Expansion stopped at pkgconf's iteration limit.
    ExpansionLimit,
    /// A field pkg-config requires is missing (Name, Description, Version).
    MissingField,
    /// A dependency cycle was broken.
    CircularReference,
    /// Unbalanced quotes in a flags field.
    UnbalancedQuote,
    /// A `${name}` reference to a variable nothing defines.
    UndefinedVariable,
    /// The file is not a readable text file.
    Unreadable,
    /// A flags field could not be split into words; the rest was dropped.
    UnparsableField,
    /// An expanded value was cut at pkgconf's 64 KiB limit.
    ValueTruncated,
    /// Expansion went past one of our own bounds (size budget, nesting).
    ExpansionBound,
    /// Name, Description or Version is declared but empty.
    EmptyField,
    /// The version has no digit.
    VersionWithoutDigits,
    /// A dependency with an operator pkg-config does not know, or without
    /// a version after its operator.
    BadConstraint,
    /// A path variable whose value holds an unescaped space.
    UnescapedSpace,
    /// `-I` of a directory the compiler searches anyway.
    SystemIncludeDir,
    /// `-L` of a directory the linker searches anyway.
    SystemLibDir,
    /// `-l` or `-L` in a Cflags field.
    LibInCflags,
    /// `-Wl,` in a Cflags field.
    LinkerOptionInCflags,
    /// `-I`, `-D` or `-U` in a Libs field.
    CompilerFlagInLibs,
    /// Another flag that has no business in a Libs field.
    UnexpectedLibsFlag,
    /// A run-time search path (`-Wl,-rpath`, `-R`) in a Libs field.
    Rpath,
    /// An absolute path to a library file (`.so`, `.a`) in a Libs field.
    LibraryFilePath,
    /// An optimisation, debugging or warning flag in a Cflags field.
    BuildTuningFlag,
    /// A language standard (`-std=`) imposed by a Cflags field.
    LanguageStandard,
    /// `libdir` does not derive from `${prefix}` or `${exec_prefix}`.
    LibdirNotRelocatable,
    /// `includedir` does not derive from `${prefix}` or `${exec_prefix}`.
    IncludedirNotRelocatable,
    /// No `prefix` variable.
    NoPrefix,
    /// A required package is not found.
    RequiresNotFound,
    /// A required package is found, but no version of it satisfies the
    /// constraint.
    RequiresUnsatisfied,
    /// `-lNAME` in Libs.private where a package provides NAME.
    PrivateLibProvided,
    /// A package in both Requires and Requires.private.
    RequiredTwice,
    /// No `License` field.
    MissingLicense,
    /// No `URL` field.
    MissingUrl,
    /// No `Source` field.
    MissingSource,
    /// No `Maintainer` field.
    MissingMaintainer,
    /// A very short Description.
    TerseDescription,
    /// Whitespace at the end of a line.
    TrailingWhitespace,
    /// CRLF line ends.
    CrLf,
    /// A tab character.
    Tab,
    /// A UTF-8 byte-order mark at the start of the file.
    ByteOrderMark,
    /// The last line has no line end.
    NoFinalNewline,
    /// A line pkgconf ignores without a word.
    IgnoredLine,
    /// A field pkgconf does not know, ignored without a word.
    UnknownField,
    /// A backslash at the end of a comment, which swallows the next line.
    CommentContinuation,
    /// A NUL byte, which ends its line for pkgconf.
    NulByte,
    /// A field pkgconf reads once (Name, Version...) given again.
    RepeatedField,
}

/// What a [`Code`] means: the data behind one lint rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rule {
    /// The code.
    pub code: Code,
    /// The stable identifier, such as `PC013`.
    pub id: &'static str,
    /// A short kebab-case name, such as `undefined-variable`.
    pub name: &'static str,
    /// The severity it has unless strict mode or the caller changes it.
    pub severity: Severity,
    /// Whether it makes the file ambiguous (pkgconf and other readers may
    /// disagree on what it says). Strict mode makes these errors, and a
    /// strict resolver refuses files that have one.
    pub ambiguous: bool,
    /// Whether `pkgconf-rs --validate` prints it: pkgconf 3.0.7's own
    /// findings (in pkgconf's words, as `warning:` lines), plus invalid
    /// UTF-8 and our input limits (docs/differences.md, rows 5 and 6). The
    /// others only the lint reports.
    pub validate: bool,
    /// One line: what is wrong.
    pub title: &'static str,
    /// Why it matters and what to do.
    pub explanation: &'static str,
    /// The pkgconf `pccritic` codes whose findings this rule covers.
    pub pccritic: &'static [&'static str],
}

macro_rules! rules {
    ($($code:ident $id:literal $name:literal $sev:ident
       ambiguous=$amb:literal validate=$pkg:literal pccritic=[$($pc:literal),*]
       $title:literal $expl:literal;)*) => {
        /// Every rule, in identifier order.
        pub(crate) const RULES: &[Rule] = &[$(Rule {
            code: Code::$code,
            id: $id,
            name: $name,
            severity: Severity::$sev,
            ambiguous: $amb,
            validate: $pkg,
            title: $title,
            explanation: $expl,
            pccritic: &[$($pc),*],
        }),*];
    };
}

rules! {
    MalformedLine "PC001" "key-whitespace" Warning ambiguous=false validate=true pccritic=[]
    "whitespace before a key or between a key and its operator"
    "pkgconf reads the line anyway but warns, once for each whitespace character (its \
     `--validate` prints every one). Write `key=value` or `Key: value` from the first column.";
    DuplicateField "PC002" "duplicate-field" Warning ambiguous=true validate=true pccritic=[]
    "a dependency field is given twice"
    "pkgconf merges repeated Requires, Conflicts or Provides fields and calls that undefined \
     behavior. Give each field once.";
    DuplicateVariable "PC003" "duplicate-variable" Warning ambiguous=true validate=false pccritic=[]
    "a variable is defined twice"
    "Each field sees the definitions written above it, so the same `${name}` can mean two \
     things in one file, and `--variable` prints the last. Define each variable once.";
    VersionWhitespace "PC004" "version-whitespace" Warning ambiguous=true validate=true pccritic=["PC011"]
    "the version contains whitespace"
    "pkgconf keeps only the text before the first whitespace character, so `1.0 beta` is \
     version `1.0`. pccritic's PC011 never sees it for that reason. Write one version word.";
    CComment "PC005" "c-comment" Warning ambiguous=true validate=false pccritic=[]
    "a C or C++ comment, which a .pc file does not have"
    "Only `#` starts a comment. A line that starts with `//` or `/*` is ignored without a \
     word; after a value, `//` and `/* ... */` become part of the value (in a flags field, \
     flags of their own). Use `#`.";
    InvalidUtf8 "PC006" "invalid-utf8" Warning ambiguous=true validate=true pccritic=[]
    "bytes that are not UTF-8"
    "pkgconf passes the bytes through; pkgconf-rs reads them as U+FFFD. The result depends on \
     the reader's encoding. Save the file as UTF-8.";
    LineTooLong "PC007" "line-too-long" Error ambiguous=false validate=true pccritic=[]
    "a line longer than the parser accepts"
    "pkgconf-rs keeps at most 1 MiB of one logical line and refuses the file: the value \
     would not be what the file says. No real .pc file needs such a line.";
    VariableCycle "PC008" "variable-cycle" Warning ambiguous=true validate=false pccritic=[]
    "a variable refers to itself"
    "pkgconf expands a self-reference up to its iteration limit and prints what it has; the \
     value is meaningless. Break the cycle.";
    ExpansionLimit "PC009" "iteration-limit" Warning ambiguous=true validate=true pccritic=[]
    "an expansion stopped at pkgconf's iteration limit"
    "pkgconf stops expanding after a fixed number of variable references and keeps the \
     partial text. The value is cut short.";
    MissingField "PC010" "missing-field" Error ambiguous=false validate=true pccritic=["PC001", "PC002", "PC003"]
    "a required field (Name, Description or Version) is missing"
    "pkgconf skips a file that does not declare all three: the package is not found at all. \
     pccritic scores each missing field as critical.";
    CircularReference "PC011" "requires-cycle" Warning ambiguous=false validate=true pccritic=[]
    "a Requires cycle"
    "A package requires itself through its dependencies. pkgconf breaks the cycle where it \
     meets it, so the flags' order depends on where the query starts.";
    UnbalancedQuote "PC012" "unbalanced-quote" Warning ambiguous=true validate=true pccritic=[]
    "unbalanced quotes in a flags field"
    "pkgconf cannot split the field into words and drops the rest of it.";
    UndefinedVariable "PC013" "undefined-variable" Warning ambiguous=true validate=false pccritic=[]
    "a reference to a variable nothing defines"
    "pkgconf expands `${name}` to nothing when no line above, no --define-variable and no \
     built-in defines it, so `-I${includdir}` becomes `-I`. Define the variable or fix the name.";
    Unreadable "PC014" "unreadable" Error ambiguous=false validate=true pccritic=["PC000"]
    "the file cannot be read as a .pc file"
    "It could not be opened or read, is not a regular file, or is larger than pkgconf-rs \
     reads (4 MiB).";
    UnparsableField "PC015" "unparsable-field" Warning ambiguous=true validate=true pccritic=[]
    "a flags field cannot be split into words"
    "pkgconf drops what it cannot split. Check quotes and backslashes.";
    ValueTruncated "PC016" "value-truncated" Warning ambiguous=true validate=true pccritic=[]
    "an expanded value is longer than 64 KiB"
    "pkgconf cuts the value at 64 KiB and goes on with the partial text.";
    ExpansionBound "PC017" "expansion-bound" Error ambiguous=false validate=true pccritic=[]
    "an expansion went past pkgconf-rs's bounds"
    "pkgconf-rs bounds how deep references nest and how much a file's fields may expand to \
     (256 times the file's size, at least 4 MiB), so that a small file cannot take unbounded \
     time or memory. The file is refused.";
    EmptyField "PC018" "empty-field" Warning ambiguous=false validate=false pccritic=["PC001", "PC002", "PC003"]
    "Name, Description or Version is empty"
    "The field is declared, so pkgconf loads the file, but an empty Version compares lower \
     than any version and an empty Name or Description tells nobody anything.";
    VersionWithoutDigits "PC019" "version-without-digits" Warning ambiguous=false validate=false pccritic=["PC010"]
    "the version has no digit"
    "pkg-config compares versions by their numeric parts; a version without digits cannot \
     satisfy a `>=` constraint in a useful way.";
    BadConstraint "PC020" "bad-constraint" Error ambiguous=false validate=false pccritic=[]
    "a dependency with an unknown operator or no version"
    "pkg-config knows the operators <, <=, =, !=, >= and >, each followed by a version. \
     pkgconf fails every query that reaches a dependency written otherwise.";
    UnescapedSpace "PC021" "unescaped-space" Warning ambiguous=false validate=false pccritic=[]
    "a path variable holds an unescaped space"
    "Flags are split at whitespace, so `-I${includedir}` with a space in `includedir` gives \
     two words. Escape the space (`\\ `) or quote the path.";
    SystemIncludeDir "PC022" "system-include-dir" Info ambiguous=false validate=false pccritic=["PC031"]
    "-I of a directory the compiler searches anyway"
    "pkgconf strips it from --cflags, so it only adds noise; with PKG_CONFIG_ALLOW_SYSTEM_CFLAGS \
     it can change which headers win.";
    SystemLibDir "PC023" "system-lib-dir" Info ambiguous=false validate=false pccritic=["PC040"]
    "-L of a directory the linker searches anyway"
    "pkgconf strips it from --libs; with PKG_CONFIG_ALLOW_SYSTEM_LIBS it can make the linker \
     pick system libraries over the ones a build meant.";
    LibInCflags "PC024" "lib-in-cflags" Warning ambiguous=false validate=false pccritic=["PC034"]
    "-l or -L in a Cflags field"
    "Libraries belong in Libs: a compile step ignores them and `--libs` does not print them.";
    LinkerOptionInCflags "PC025" "linker-option-in-cflags" Warning ambiguous=false validate=false pccritic=["PC032"]
    "-Wl, in a Cflags field"
    "Linker options belong in Libs.";
    CompilerFlagInLibs "PC026" "compiler-flag-in-libs" Warning ambiguous=false validate=false pccritic=["PC041"]
    "-I, -D or -U in a Libs field"
    "Preprocessor flags belong in Cflags: a link step ignores them and `--cflags` does not \
     print them.";
    UnexpectedLibsFlag "PC027" "unexpected-libs-flag" Warning ambiguous=false validate=false pccritic=["PC041"]
    "a flag that has no business in a Libs field"
    "Libs should hold -L, -l, -Wl, options, -pthread and frameworks. Other flags change how \
     every consumer links.";
    Rpath "PC028" "rpath" Warning ambiguous=false validate=false pccritic=["PC042"]
    "a run-time library path in a Libs field"
    "`-Wl,-rpath` (or `-R`) is baked into every consumer's binary and breaks relocation and \
     distribution policies. Leave run-time paths to the consumer.";
    LibraryFilePath "PC029" "library-file-path" Warning ambiguous=false validate=false pccritic=["PC041"]
    "an absolute path to a library file in a Libs field"
    "`/usr/lib/libfoo.so` ties consumers to one place and one kind of link, and pkgconf cannot \
     deduplicate or reorder it. Use -L and -l.";
    BuildTuningFlag "PC030" "build-tuning-flag" Warning ambiguous=false validate=false pccritic=["PC030"]
    "a build-tuning flag (optimisation, debugging, warnings, code generation) in a Cflags field"
    "Flags such as -O2, -g or -Wall change how every consumer is built. Cflags should hold \
     only what is needed to use the package's headers.";
    LanguageStandard "PC031" "language-standard" Info ambiguous=false validate=false pccritic=["PC033"]
    "a Cflags field imposes a language standard"
    "`-std=` or `-stdlib=` overrides the consumer's own choice of standard.";
    LibdirNotRelocatable "PC032" "libdir-not-relocatable" Warning ambiguous=false validate=false pccritic=["PC021"]
    "libdir does not derive from ${prefix} or ${exec_prefix}"
    "pkgconf's --define-prefix (the default on Windows) rewrites `prefix`; a hard-coded libdir \
     keeps pointing at the build machine.";
    IncludedirNotRelocatable "PC033" "includedir-not-relocatable" Warning ambiguous=false validate=false pccritic=["PC022"]
    "includedir does not derive from ${prefix} or ${exec_prefix}"
    "pkgconf's --define-prefix rewrites `prefix`; a hard-coded includedir keeps pointing at \
     the build machine.";
    NoPrefix "PC034" "no-prefix" Info ambiguous=false validate=false pccritic=["PC020"]
    "no prefix variable"
    "Without `prefix`, --define-prefix and --dont-define-prefix have nothing to work on and \
     the package cannot be relocated.";
    RequiresNotFound "PC035" "requires-not-found" Error ambiguous=false validate=false pccritic=[]
    "a required package is not found"
    "Every query that includes this package fails until the required package is installed \
     in the search path.";
    RequiresUnsatisfied "PC036" "requires-unsatisfied" Error ambiguous=false validate=false pccritic=[]
    "no version of a required package satisfies the constraint"
    "The package is found, but its version does not satisfy the constraint, so every query \
     that includes this package fails.";
    PrivateLibProvided "PC037" "private-lib-provided" Warning ambiguous=false validate=false pccritic=[]
    "a -l in Libs.private that another package provides"
    "When a package in the search path provides the library, name that package in \
     Requires.private: static links then get its own dependencies and flags too.";
    RequiredTwice "PC038" "required-twice" Warning ambiguous=false validate=false pccritic=["PC051"]
    "a package in both Requires and Requires.private"
    "Requires already covers static links; the Requires.private entry only adds noise, or \
     two different constraints.";
    MissingLicense "PC039" "missing-license" Warning ambiguous=false validate=false pccritic=["PC072"]
    "no License field"
    "An SBOM built from the .pc files (NTIA minimum elements) cannot record a declared license. \
     Give an SPDX expression.";
    MissingUrl "PC040" "missing-url" Warning ambiguous=false validate=false pccritic=["PC005"]
    "no URL field"
    "Users and SBOM tools cannot tell where the package comes from.";
    MissingSource "PC041" "missing-source" Info ambiguous=false validate=false pccritic=["PC071"]
    "no Source field"
    "An SBOM has no download location for the package.";
    MissingMaintainer "PC042" "missing-maintainer" Info ambiguous=false validate=false pccritic=["PC070"]
    "no Maintainer field"
    "An SBOM cannot name the supplier (an NTIA minimum element).";
    TerseDescription "PC043" "terse-description" Info ambiguous=false validate=false pccritic=["PC004"]
    "a very short Description"
    "`--list-all` shows the description to people choosing a package; fewer than 12 \
     characters rarely says what it is.";
    TrailingWhitespace "PC044" "trailing-whitespace" Info ambiguous=false validate=true pccritic=["PC062"]
    "whitespace at the end of a line"
    "pkgconf trims it from values (and warns for variables, once per character), but it hides \
     in diffs and can follow a backslash meant to continue the line.";
    CrLf "PC045" "crlf" Warning ambiguous=false validate=false pccritic=[]
    "CRLF line ends"
    "pkgconf accepts them, but other readers (shell scripts, older pkg-config) keep the \
     carriage return in values. Use LF.";
    Tab "PC046" "tab" Info ambiguous=false validate=false pccritic=[]
    "a tab character"
    "Tabs in values become part of the value or separate flags unpredictably for other tools; \
     use spaces.";
    ByteOrderMark "PC047" "byte-order-mark" Warning ambiguous=true validate=false pccritic=["PC060"]
    "the file starts with a UTF-8 byte-order mark"
    "pkgconf reads the mark as part of the first key, which then does not start with a letter \
     or digit: the first line is ignored without a word.";
    NoFinalNewline "PC048" "no-final-newline" Info ambiguous=false validate=false pccritic=["PC063"]
    "the last line has no line end"
    "Tools that append to the file or read it line by line can lose or join the last line.";
    IgnoredLine "PC049" "ignored-line" Warning ambiguous=true validate=false pccritic=[]
    "a line pkgconf ignores without a word"
    "A line whose key does not start with a letter or digit, or that has no `=` or `:` after \
     its key, is neither a variable nor a field; pkgconf drops it silently.";
    UnknownField "PC050" "unknown-field" Warning ambiguous=true validate=false pccritic=[]
    "a field pkgconf does not know"
    "pkgconf ignores fields it does not know without a word, so a misspelt `Require:` or \
     `CFlags.Private` loses its content. Known fields: Name, Description, Version, URL, \
     License, License.file, Source, Maintainer, Copyright, Link.ABI, Requires, \
     Requires.private, Requires.internal, Requires.shared, Conflicts, Provides, Cflags, \
     Cflags.private, Cflags.shared, Libs, Libs.private, Libs.shared.";
    CommentContinuation "PC051" "comment-continuation" Warning ambiguous=true validate=false pccritic=[]
    "a comment ends with a backslash and swallows the next line"
    "A backslash before the line end continues the line, even inside a comment, so the next \
     line becomes part of the comment and is ignored.";
    NulByte "PC052" "nul-byte" Warning ambiguous=true validate=false pccritic=[]
    "a NUL byte"
    "pkgconf reads lines as C strings: the rest of the line after a NUL byte is ignored.";
    RepeatedField "PC053" "repeated-field" Warning ambiguous=true validate=false pccritic=[]
    "a field pkgconf reads once is given again"
    "For Name, Description, Version, URL and the other single-valued fields pkgconf keeps the \
     last one without a word; other readers may keep the first. (Repeated Requires, Conflicts \
     and Provides are PC002; repeated Cflags and Libs add up.)";
}

impl Code {
    /// The rule behind this code.
    pub fn rule(self) -> &'static Rule {
        // RULES is in declaration order, one entry per code.
        let i = self as usize;
        match RULES.get(i) {
            Some(r) if r.code == self => r,
            _ => RULES.iter().find(|r| r.code == self).unwrap_or(&RULES[0]),
        }
    }

    /// The stable identifier of this code.
    pub fn id(self) -> &'static str {
        self.rule().id
    }

    /// The code an identifier (`PC013`) or rule name (`undefined-variable`)
    /// stands for, ignoring ASCII case.
    pub fn from_id(id: &str) -> Option<Code> {
        RULES
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(id) || r.name.eq_ignore_ascii_case(id))
            .map(|r| r.code)
    }

    /// Every rule, in identifier order.
    pub fn rules() -> &'static [Rule] {
        RULES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_per_code_in_order_with_unique_ids() {
        let mut ids = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.code as usize, i, "{} out of order", r.id);
            assert_eq!(r.id, format!("PC{:03}", i + 1));
            assert!(
                ids.insert(r.id) && names.insert(r.name),
                "{} repeated",
                r.id
            );
            assert_eq!(Code::from_id(r.id), Some(r.code));
            assert_eq!(Code::from_id(r.name), Some(r.code));
            assert!(!r.title.is_empty() && !r.explanation.is_empty());
        }
    }
}
