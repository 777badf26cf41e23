//! The lint's own checks: the file's layout (style) and the loaded
//! package's metadata, flags and dependencies. The parser and loader report
//! the rest (see [`crate::diag::Code`]).

use super::{Linter, field, variable};
use crate::diag::{Code, Diagnostic, Discard, LineIndex, Subject};
use crate::package::Package;
use crate::package::dependency::Dependency;
use crate::package::fragment::Fragment;
use crate::package::version::Comparator;
use crate::registry::Touched;
use crate::registry::parser::{EntryKind, MAX_PER_CODE, ParsedPc};
use camino::Utf8Path;
use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::ops::Range;

/// A file under analysis.
pub(crate) struct File<'a> {
    pub(crate) path: &'a Utf8Path,
    pub(crate) source: &'a [u8],
    pub(crate) index: &'a LineIndex<'a>,
    pub(crate) parsed: &'a ParsedPc<'a>,
    pub(crate) package: Option<&'a Package>,
    /// The words of the fields, indexed on first need.
    words: OnceCell<Words>,
    /// How many findings each (fields, word) has placed so far: the n-th
    /// finding about a word goes to its n-th occurrence.
    placed: RefCell<HashMap<(String, String), usize>>,
}

/// One word of a field's value, where it is.
struct WordAt {
    range: Range<usize>,
    line: u32,
    key: String,
}

/// Every word of every field value, by (field in lower case, text): each
/// whitespace-separated token (commas separate too in dependency fields),
/// under its text as written and, when it holds `${...}`, as expanded.
/// Built once per file, so placing a finding costs a lookup.
#[derive(Default)]
struct Words(HashMap<(String, String), Vec<WordAt>>);

impl Words {
    fn new(file: &File<'_>) -> Words {
        let mut words = Words::default();
        for e in file
            .parsed
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Field)
        {
            let key = e.key.to_ascii_lowercase();
            let commas = key.starts_with("requires") || key == "conflicts" || key == "provides";
            let value = file.source.get(e.value_span.clone()).unwrap_or(&[]);
            let mut start = 0;
            for token in value.split(|&b| b.is_ascii_whitespace() || (commas && b == b',')) {
                let range = e.value_span.start + start..e.value_span.start + start + token.len();
                start += token.len() + 1;
                let Ok(text) = std::str::from_utf8(token) else {
                    continue;
                };
                if text.is_empty() {
                    continue;
                }
                let expanded = match file.package {
                    Some(pkg) if text.contains("${") => {
                        Some(pkg.vars.expand_at(text, e.line, &mut Discard))
                    }
                    _ => None,
                };
                for t in std::iter::once(text.to_owned()).chain(expanded) {
                    let at = WordAt {
                        range: range.clone(),
                        line: e.line,
                        key: e.key.to_string(),
                    };
                    words.0.entry((key.clone(), t)).or_default().push(at);
                }
            }
        }
        words
    }
}

impl<'a> File<'a> {
    pub(crate) fn new(
        path: &'a Utf8Path,
        source: &'a [u8],
        index: &'a LineIndex<'a>,
        parsed: &'a ParsedPc,
        package: Option<&'a Package>,
    ) -> Self {
        File {
            path,
            source,
            index,
            parsed,
            package,
            words: OnceCell::new(),
            placed: RefCell::new(HashMap::new()),
        }
    }
}

impl File<'_> {
    /// A finding at `range` of the file.
    fn at(&self, code: Code, message: String, range: Range<usize>) -> Diagnostic {
        let span = self.index.span(range);
        let mut d = Diagnostic::new(code, message).with_span(span);
        d.path = Some(self.path.to_owned());
        d
    }

    /// A finding about the whole file.
    fn whole(&self, code: Code, message: String) -> Diagnostic {
        let mut d = Diagnostic::new(code, message);
        d.path = Some(self.path.to_owned());
        d
    }

    /// A finding about field `key`: at its value (or its key when the
    /// value is empty), or about the whole file when it is not declared.
    fn at_field(&self, code: Code, message: String, key: &str) -> Diagnostic {
        let mut d = match field(self.parsed, key) {
            Some(e) if !e.value_span.is_empty() => self.at(code, message, e.value_span.clone()),
            Some(e) => self.at(code, message, e.key_span.clone()),
            None => self.whole(code, message),
        };
        d.line = field(self.parsed, key).map(|e| e.line);
        d.about(Subject::Field(key.to_owned()))
    }

    /// A finding about `word` in one of the fields `keys`: at the word (as
    /// written, or a token that expands to it; the n-th finding about a word
    /// at its n-th occurrence), else at the first such field's value.
    fn at_word(&self, code: Code, message: String, keys: &[&str], word: &str) -> Diagnostic {
        let words = self.words.get_or_init(|| Words::new(self));
        let mut found: Vec<&WordAt> = keys
            .iter()
            .filter_map(|k| words.0.get(&(k.to_ascii_lowercase(), word.to_owned())))
            .flatten()
            .collect();
        found.sort_by_key(|w| w.range.start);
        let place = if found.is_empty() {
            let first = self.parsed.entries.iter().find(|e| {
                e.kind == EntryKind::Field && keys.iter().any(|k| e.key.eq_ignore_ascii_case(k))
            });
            match first {
                Some(e) => (e.value_span.clone(), e.line, e.key.to_string()),
                None => return self.whole(code, message),
            }
        } else {
            let mut placed = self.placed.borrow_mut();
            let n = placed.entry((keys.join(","), word.to_owned())).or_insert(0);
            let w = found.get(*n).or(found.last()).copied();
            *n += 1;
            match w {
                Some(w) => (w.range.clone(), w.line, w.key.clone()),
                None => return self.whole(code, message),
            }
        };
        let (range, line, key) = place;
        let mut d = self.at(code, message, range);
        d.line = Some(line);
        d.about(Subject::Field(key))
    }
}

/// Line ends, trailing whitespace, tabs, the final newline.
pub(crate) fn style(file: &File<'_>, found: &mut Vec<Diagnostic>) {
    let src = file.source;
    // Trailing whitespace is checked here on every line; the parser's own
    // (pkgconf's warning, on variables only) would repeat it.
    found.retain(|d| d.code != Code::TrailingWhitespace);
    let mut capped = Capped::default();
    let mut crlf = Vec::new();
    let mut start = 0;
    for line in 1..=file.index.lines() {
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        let text = file.index.line_text(line);
        if src.get(start + text.len()) == Some(&b'\r')
            && src.get(start + text.len() + 1) == Some(&b'\n')
        {
            crlf.push(start + text.len());
        }
        let trimmed = text.len()
            - text
                .iter()
                .rev()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
        if trimmed < text.len() {
            let after_backslash = text.get(..trimmed).is_some_and(|t| t.ends_with(b"\\"));
            let message = if after_backslash {
                "whitespace after a backslash at the end of a line: the line is not continued"
            } else {
                "trailing whitespace"
            };
            capped.push(found, Code::TrailingWhitespace, || {
                file.at(
                    Code::TrailingWhitespace,
                    message.to_owned(),
                    start + trimmed..start + text.len(),
                )
            });
        }
        if let Some(tab) = text.iter().position(|&b| b == b'\t') {
            capped.push(found, Code::Tab, || {
                file.at(
                    Code::Tab,
                    "a tab character".to_owned(),
                    start + tab..start + tab + 1,
                )
            });
        }
        start = file.index_start(line + 1);
    }
    capped.finish(file, found);
    if let Some(&first) = crlf.first() {
        let n = crlf.len();
        let lines = if n == 1 { "line ends" } else { "lines end" };
        found.push(file.at(
            Code::CrLf,
            format!("{n} {lines} with CRLF"),
            first..first + 2,
        ));
    }
    if let Some(&last) = src.last() {
        if last != b'\n' {
            let at = src.len() - 1;
            found.push(file.at(
                Code::NoFinalNewline,
                "the file does not end with a line end".to_owned(),
                at..src.len(),
            ));
        }
    }
}

/// Findings of a code counted, and kept only up to the parser's limit
/// ([`crate::registry::parser::MAX_PER_CODE`]).
#[derive(Default)]
struct Capped(HashMap<Code, u32>);

impl Capped {
    fn push(&mut self, found: &mut Vec<Diagnostic>, code: Code, make: impl FnOnce() -> Diagnostic) {
        let n = self.0.entry(code).or_insert(0);
        *n = n.saturating_add(1);
        if *n <= MAX_PER_CODE {
            found.push(make());
        }
    }

    /// One finding per code that went past the limit, with how many more.
    fn finish(self, file: &File<'_>, found: &mut Vec<Diagnostic>) {
        let mut over: Vec<(Code, u32)> = self
            .0
            .into_iter()
            .filter(|(_, n)| *n > MAX_PER_CODE)
            .collect();
        over.sort();
        for (code, n) in over {
            let more = n - MAX_PER_CODE;
            found.push(file.whole(
                code,
                format!(
                    "{more} more {} findings in this file are not reported",
                    code.id()
                ),
            ));
        }
    }
}

impl File<'_> {
    /// The byte offset where physical line `line` starts (the file's end
    /// past the last line).
    fn index_start(&self, line: u32) -> usize {
        let text = self.index.line_text(line);
        if text.is_empty() && line as usize > self.index.lines() {
            return self.source.len();
        }
        // line_text is a sub-slice of the source: its offset is its start.
        (text.as_ptr() as usize).saturating_sub(self.source.as_ptr() as usize)
    }
}

/// The checks on a package pkgconf would load.
pub(crate) fn package(
    file: &File<'_>,
    pkg: &Package,
    linter: &Linter<'_>,
    found: &mut Vec<Diagnostic>,
) {
    metadata(file, pkg, found);
    relocation(file, pkg, found);
    for (key, frags) in [
        ("Cflags", &pkg.cflags),
        ("Cflags.private", &pkg.cflags_private),
    ] {
        // `-iquote DIR` and `-imacros FILE`: the word after is theirs.
        let mut argument = false;
        for f in frags {
            let text = f.text();
            if std::mem::take(&mut argument) {
                continue;
            }
            argument = PAIRED_CFLAGS.contains(&text.as_str());
            if let Some((code, msg)) = cflag(f, linter) {
                found.push(file.at_word(code, format!("{key}: {msg}"), &[key], &text));
            }
        }
    }
    for (key, frags) in [("Libs", &pkg.libs), ("Libs.private", &pkg.libs_private)] {
        for f in frags {
            if let Some((code, msg)) = lib(f, linter) {
                found.push(file.at_word(code, format!("{key}: {msg}"), &[key], &f.text()));
            }
        }
    }
    requires(file, pkg, linter, found);
    private_libs(file, pkg, linter, found);
    cycle(file, pkg, linter, found);
}

/// Name, Description, Version, and the fields an SBOM needs.
fn metadata(file: &File<'_>, pkg: &Package, found: &mut Vec<Diagnostic>) {
    for (key, value) in [
        ("Name", &pkg.name),
        ("Description", &pkg.description),
        ("Version", &pkg.version),
    ] {
        if value.as_deref().is_some_and(str::is_empty) {
            found.push(file.at_field(Code::EmptyField, format!("'{key}' is empty"), key));
        }
    }
    if let Some(d) = pkg
        .description
        .as_deref()
        .filter(|d| !d.is_empty() && d.len() < 12)
    {
        found.push(file.at_field(
            Code::TerseDescription,
            format!("the description \"{d}\" is very short"),
            "Description",
        ));
    }
    if let Some(v) = pkg.version.as_deref().filter(|v| !v.is_empty()) {
        if !v.bytes().any(|b| b.is_ascii_digit()) {
            found.push(file.at_field(
                Code::VersionWithoutDigits,
                format!("the version '{v}' has no digit"),
                "Version",
            ));
        }
    }
    let missing = [
        (Code::MissingUrl, "URL", pkg.url.as_deref()),
        (Code::MissingLicense, "License", pkg.license.as_deref()),
        (Code::MissingSource, "Source", pkg.source.as_deref()),
    ];
    for (code, key, value) in missing {
        if value.is_none_or(str::is_empty) {
            found.push(file.whole(code, format!("no '{key}' field")));
        }
    }
    let maintainer = field(file.parsed, "Maintainer").is_some_and(|e| !e.value.is_empty());
    if !maintainer {
        found.push(file.whole(Code::MissingMaintainer, "no 'Maintainer' field".to_owned()));
    }
}

/// `prefix`, `libdir` and `includedir`, and spaces in path variables.
fn relocation(file: &File<'_>, pkg: &Package, found: &mut Vec<Diagnostic>) {
    if variable(file.parsed, "prefix").is_none() {
        found.push(file.whole(Code::NoPrefix, "no 'prefix' variable".to_owned()));
    }
    for (name, code) in [
        ("libdir", Code::LibdirNotRelocatable),
        ("includedir", Code::IncludedirNotRelocatable),
    ] {
        let Some(e) = variable(file.parsed, name) else {
            continue;
        };
        if !derived_from_prefix(file.parsed, name) {
            let d = file.at(
                code,
                format!("'{name}' is '{}', not derived from ${{prefix}}", e.value),
                e.value_span.clone(),
            );
            found.push(d.about(Subject::Variable(name.to_owned())));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for e in file.parsed.entries.iter().rev() {
        let is_path = e.key == "prefix" || e.key == "exec_prefix" || e.key.ends_with("dir");
        if e.kind != EntryKind::Variable || !is_path || !seen.insert(&*e.key) {
            continue;
        }
        let value = pkg.vars.get(&e.key).unwrap_or_default();
        if has_unescaped_space(&value) {
            let d = file.at(
                Code::UnescapedSpace,
                format!(
                    "'{}' expands to '{value}', whose space splits every flag that uses it",
                    e.key
                ),
                e.value_span.clone(),
            );
            found.push(d.about(Subject::Variable(e.key.to_string())));
        }
    }
}

/// Whether variable `name` leads, through the variables its definition
/// names (and theirs), to `${prefix}`, `${exec_prefix}` or `${pcfiledir}`.
fn derived_from_prefix(parsed: &ParsedPc, name: &str) -> bool {
    const ROOTS: [&str; 3] = ["prefix", "exec_prefix", "pcfiledir"];
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![name];
    while let Some(n) = todo.pop() {
        if !seen.insert(n) || seen.len() > 256 {
            continue;
        }
        let Some(e) = variable(parsed, n) else {
            continue;
        };
        for r in references(&e.value) {
            if ROOTS.contains(&r) {
                return true;
            }
            todo.push(r);
        }
    }
    false
}

/// The names `${name}` references in `value` names.
fn references(value: &str) -> impl Iterator<Item = &str> {
    value
        .split("${")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// Whether `s` holds a space or tab that is neither escaped by a backslash
/// nor inside quotes.
fn has_unescaped_space(s: &str) -> bool {
    let mut quote = None;
    let mut escaped = false;
    for c in s.chars() {
        match (c, quote) {
            _ if escaped => escaped = false,
            ('\\', _) => escaped = true,
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            (' ' | '\t', None) => return true,
            _ => {}
        }
    }
    false
}

/// Well-known directories on every compiler's and linker's default path
/// (the ones pkgconf's pccritic knows), besides the context's own.
pub(crate) const SYSTEM_INCLUDE_DIRS: [&str; 2] = ["/usr/include", "/usr/local/include"];
/// See [`SYSTEM_INCLUDE_DIRS`].
pub(crate) const SYSTEM_LIB_DIRS: [&str; 5] =
    ["/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/local/lib"];

/// Whether a Cflags word is one of the include options a Cflags field may
/// carry: pccritic's list, and `-nostdinc`.
fn cflag_ok(text: &str) -> bool {
    super::pccritic::CFLAGS_OK
        .iter()
        .chain(&["-nostdinc"])
        .any(|p| text.starts_with(p))
}

/// Preprocessor options that take the next word as their argument and that
/// pkgconf's fragment parser types as `-i` (so they arrive as two words).
const PAIRED_CFLAGS: [&str; 2] = ["-iquote", "-imacros"];

/// What is wrong with one Cflags fragment.
fn cflag(f: &Fragment, linter: &Linter<'_>) -> Option<(Code, String)> {
    let text = f.text();
    if cflag_ok(&text) {
        return None;
    }
    match f.kind {
        Some('I') => {
            let system =
                SYSTEM_INCLUDE_DIRS.contains(&f.data()) || linter.context().is_system_dir(f);
            system.then(|| {
                (
                    Code::SystemIncludeDir,
                    format!("{text} is searched by the compiler anyway"),
                )
            })
        }
        Some('D' | 'U' | 'F') => None,
        Some('l' | 'L') => Some((Code::LibInCflags, format!("{text} belongs in Libs"))),
        None if f.data() == "-pthread" || cflag_ok(f.data()) => None,
        None if f.data().starts_with("-Wl,") => Some((
            Code::LinkerOptionInCflags,
            format!("{text} belongs in Libs"),
        )),
        None if f.data().starts_with("-std=") || f.data().starts_with("-stdlib=") => Some((
            Code::LanguageStandard,
            format!("{text} imposes a language standard on every consumer"),
        )),
        _ => Some((
            Code::BuildTuningFlag,
            format!("{text} changes how every consumer is built"),
        )),
    }
}

/// Whether an untyped Libs word is an absolute path to a library file.
fn is_library_file(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word);
    word.starts_with('/')
        && (name.ends_with(".a")
            || name.ends_with(".so")
            || name.contains(".so.")
            || name.ends_with(".dylib")
            || name.ends_with(".lib"))
}

/// What is wrong with one Libs fragment.
fn lib(f: &Fragment, linter: &Linter<'_>) -> Option<(Code, String)> {
    let text = f.text();
    match f.kind {
        Some('l' | 'F') => None,
        Some('L') => {
            let system = SYSTEM_LIB_DIRS.contains(&f.data()) || linter.context().is_system_dir(f);
            system.then(|| {
                (
                    Code::SystemLibDir,
                    format!("{text} is searched by the linker anyway"),
                )
            })
        }
        Some('I' | 'D' | 'U') => Some((
            Code::CompilerFlagInLibs,
            format!("{text} belongs in Cflags"),
        )),
        Some('R') => Some((Code::Rpath, format!("{text} sets a run-time library path"))),
        None if f.data().contains("-rpath") || f.data().contains("rpath=") => {
            Some((Code::Rpath, format!("{text} sets a run-time library path")))
        }
        None if f.data() == "-pthread"
            || f.data().starts_with("-framework")
            || f.data().starts_with("-Wl,")
            || f.data().starts_with("-l") =>
        {
            None
        }
        None if is_library_file(f.data()) => Some((
            Code::LibraryFilePath,
            format!("{text} names a library file; use -L and -l"),
        )),
        _ => Some((
            Code::UnexpectedLibsFlag,
            format!("{text} is not a linker input or option"),
        )),
    }
}

/// The Requires fields: operators, packages not found or not satisfying,
/// packages given twice.
fn requires(file: &File<'_>, pkg: &Package, linter: &Linter<'_>, found: &mut Vec<Diagnostic>) {
    let keys = ["Requires", "Requires.private", "Requires.internal"];
    let public: Vec<&str> = pkg.requires.iter().map(|d| d.name()).collect();
    let all = pkg
        .requires
        .iter()
        .chain(&pkg.requires_private)
        .chain(&pkg.requires_internal);
    for dep in all {
        if let Some(op) = dep.unknown_operator() {
            let msg = format!(
                "'{op}' is not a version operator (use <, <=, =, !=, >= or >); pkgconf fails \
                 every query that reaches '{}'",
                dep.name()
            );
            found.push(file.at_word(Code::BadConstraint, msg, &keys, op));
            continue;
        }
        if dep.comparator() != Comparator::Any && dep.version().is_none_or(str::is_empty) {
            let msg = format!("'{}' has an operator but no version", dep.name());
            found.push(file.at_word(Code::BadConstraint, msg, &keys, dep.name()));
            continue;
        }
        match resolve(linter, dep) {
            None => found.push(file.at_word(
                Code::RequiresNotFound,
                format!(
                    "required package '{}' is not found in the search path",
                    dep.name()
                ),
                &keys,
                dep.name(),
            )),
            Some(have) if !dep.is_satisfied_by(have.version_str()) => {
                let want = format!(
                    "{} {}",
                    dep.comparator().as_str(),
                    dep.version().unwrap_or("")
                );
                found.push(file.at_word(
                    Code::RequiresUnsatisfied,
                    format!(
                        "'{}' {want} is required, but version {} is found",
                        dep.name(),
                        have.version_str()
                    ),
                    &keys,
                    dep.name(),
                ));
            }
            Some(_) => {}
        }
    }
    for dep in &pkg.requires_private {
        if public.contains(&dep.name()) {
            found.push(file.at_word(
                Code::RequiredTwice,
                format!("'{}' is in both Requires and Requires.private", dep.name()),
                &["Requires.private"],
                dep.name(),
            ));
        }
    }
}

/// The package a dependency resolves to, by name or by `Provides`.
fn resolve(linter: &Linter<'_>, dep: &Dependency) -> Option<std::sync::Arc<Package>> {
    let ctx = linter.context();
    if let Some((_, p)) = ctx.find(dep.name()) {
        return Some(p);
    }
    ctx.registry()
        .find_provider(dep, &mut Touched::default())
        .map(|(_, p)| p)
}

/// `-lNAME` in Libs.private where another package's Libs has `-lNAME`.
fn private_libs(file: &File<'_>, pkg: &Package, linter: &Linter<'_>, found: &mut Vec<Diagnostic>) {
    let required: Vec<&str> = pkg
        .requires
        .iter()
        .chain(&pkg.requires_private)
        .chain(&pkg.requires_internal)
        .map(|d| d.name())
        .collect();
    let own: Vec<&str> = pkg
        .libs
        .iter()
        .filter(|f| f.is('l'))
        .map(|f| f.data())
        .collect();
    let me = file.path.canonicalize().ok();
    for f in pkg.libs_private.iter().filter(|f| f.is('l')) {
        let Some((provider, path)) = linter.provider(f.data()) else {
            continue;
        };
        // Its own library (listed again for static links), or the same file
        // under another name (a symbolic link).
        let same_file = me.is_some() && path.canonicalize().ok() == me;
        if provider == &pkg.id
            || same_file
            || own.contains(&f.data())
            || required.contains(&provider.as_str())
        {
            continue;
        }
        let msg = format!(
            "-l{} is what package '{provider}' ({path}) links; name '{provider}' in \
             Requires.private instead",
            f.data()
        );
        found.push(file.at_word(Code::PrivateLibProvided, msg, &["Libs.private"], &f.text()));
    }
}

/// A path of Requires (any kind) from the package back to itself,
/// searched breadth first: each package and edge once.
fn cycle(file: &File<'_>, pkg: &Package, linter: &Linter<'_>, found: &mut Vec<Diagnostic>) {
    let deps = |p: &Package| -> Vec<String> {
        p.requires
            .iter()
            .chain(&p.requires_private)
            .chain(&p.requires_internal)
            .map(|d| d.name().to_owned())
            .collect()
    };
    let root = pkg.id.clone();
    let mut parent: HashMap<String, String> = HashMap::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    // The package whose Requires name the root, closing the cycle.
    let mut closing = None;
    for d in deps(pkg) {
        if d == root {
            closing = Some(root.clone());
            break;
        }
        if !parent.contains_key(&d) {
            parent.insert(d.clone(), root.clone());
            queue.push_back(d);
        }
    }
    while closing.is_none() {
        let Some(name) = queue.pop_front() else {
            break;
        };
        let Some((_, p)) = linter.context().find(&name) else {
            continue;
        };
        for d in deps(&p) {
            if d == root {
                closing = Some(name.clone());
                break;
            }
            if !parent.contains_key(&d) {
                parent.insert(d.clone(), name.clone());
                queue.push_back(d);
            }
        }
    }
    let Some(last) = closing else {
        return;
    };
    let mut path = Vec::new();
    let mut cur = last;
    while cur != root {
        let up = parent.get(&cur).cloned().unwrap_or_else(|| root.clone());
        path.push(cur);
        cur = up;
    }
    path.reverse();
    let first = path.first().cloned().unwrap_or_else(|| root.clone());
    let mut chain = vec![root.clone()];
    chain.extend(path);
    chain.push(root);
    let msg = format!("Requires cycle: {}", chain.join(" -> "));
    let keys = ["Requires", "Requires.private", "Requires.internal"];
    found.push(file.at_word(Code::CircularReference, msg, &keys, &first));
}
