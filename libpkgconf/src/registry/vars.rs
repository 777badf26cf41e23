//! Variable storage and `${...}` expansion, as pkgconf 3.0.7 does it.
//!
//! # Storing a definition
//!
//! - The value is *dequoted* first: if it starts with `'` or `"`, every
//!   occurrence of that quote character is removed, and `\` followed by that
//!   quote becomes the quote (`"a\"b"` -> `a"b`, `'a'b'c'` -> `abc`,
//!   `x"y"` unchanged).
//! - It is then compiled: `$$` is a literal `$`; `${name}` (name = everything
//!   up to the first `}`) is a reference; `${}` and an unterminated `${` are
//!   literal text. `${pc_sysrootdir}` always means the sysroot directory
//!   (see [`VarContext::builtins`]), whatever else defines that name.
//! - A reference to the variable being defined (`prefix=${prefix}/x`) is
//!   replaced by the variable's *previous* definition (empty if none).
//! - A later definition replaces an earlier one (upsert); the name keeps its
//!   first position.
//! - `PKG_CONFIG_<PACKAGE>_<VARIABLE>` in [`VarContext::env`] (both parts
//!   uppercased, every non-alphanumeric byte turned into `_`) replaces the
//!   value of each definition of that variable in the file (still dequoted and
//!   compiled). It does not apply to `pcfiledir` nor create variables.
//!
//! # Looking a reference up
//!
//! In order: [`VarContext::globals`] (`--define-variable`, taken literally,
//! dequoted), then the package's own variables, then
//! [`VarContext::builtins`] (literally). Unknown names expand to nothing.
//! Variables are resolved lazily, at expansion time, but a *field* only sees
//! the definitions written above it: use [`Variables::expand_at`] /
//! [`Variables::flag_words`] with the field's line.
//!
//! # Limits
//!
//! - A variable whose expansion is already in progress expands to an error
//!   (a cycle): the expansion stops, keeping what was produced so far.
//!   The variable asked for at top level is not marked, so with `x=a${y}`,
//!   `y=c${x}`, `x` gives `aca`.
//! - The 512th variable expansion within one top-level expansion stops it,
//!   with pkgconf's warning "bytecode program exceeds iteration limit (512)".
//! - Output is capped at 65534 bytes: "truncating very long variable to
//!   64KB", and the expansion stops.
//! - Also (ours, pkgconf has no equivalent): at most [`MAX_DEPTH`] nested
//!   expansions and [`MAX_STEPS`] evaluated operations. A variable whose
//!   value depends on nothing but the file (text, the sysroot, earlier such
//!   definitions of itself) is computed once when it is defined; a
//!   reference to it is one operation and no nesting, however it was
//!   written.
//!
//! A stopped expansion still yields its partial text from
//! [`Variables::get`] / [`Variables::expand`]; in a flags field it makes the
//! rest of the field be dropped (see [`Variables::flag_words`]).

use super::parser::{Entry, EntryKind};
use super::words::{has_quoting, is_c_space_byte, raw_tokens, split, unparsable_field_message};
use crate::diag::{Code, Diagnostic, DiagnosticSink};
use crate::env::Env;
use crate::package::fragment::Word;
use camino::Utf8Path;
use compact_str::CompactString;
use indexmap::IndexMap;
use std::borrow::Cow;
use std::sync::Arc;

/// pkgconf's iteration limit: the 512th variable expansion fails.
pub const ITERATION_LIMIT: u32 = 512;
/// pkgconf's cap on the size of one expansion, in bytes.
pub const MAX_OUTPUT: usize = 65534;
/// Our cap on nested expansions (self-reference chains included).
pub const MAX_DEPTH: usize = 1024;
/// Our cap on operations evaluated in one top-level expansion.
pub const MAX_STEPS: u64 = 1 << 20;

const NESTED_TOO_DEEPLY: &str =
    "variable expansion nested more than 1024 levels deep (the limit); expansion stopped";
const TOO_MANY_STEPS: &str =
    "variable expansion took more than 1048576 steps (the limit); expansion stopped";

/// What every package of a context may consult besides its own
/// variables. Built once per context and shared by its packages.
#[derive(Debug)]
pub struct VarScope {
    /// `--define-variable` values, dequoted. They win over the package's
    /// definitions and are taken literally (never expanded).
    pub(crate) overrides: crate::hash::IndexMap<String, String>,
    /// Client built-ins, e.g. `pc_top_builddir` and `pc_sysrootdir`. The
    /// package's own definitions win over them. Taken literally.
    pub(crate) builtins: crate::hash::IndexMap<String, String>,
    /// What `${pc_sysrootdir}` expands to: `builtins["pc_sysrootdir"]`
    /// normalised (trailing `/` removed; `/` and `.` mean none).
    sysroot: String,
}

impl VarScope {
    /// The scope of `--define-variable` values `globals` and client
    /// built-ins `builtins`.
    pub fn new(
        globals: &IndexMap<String, String>,
        builtins: &IndexMap<String, String>,
    ) -> Arc<VarScope> {
        Arc::new(VarScope {
            overrides: globals
                .iter()
                .map(|(k, v)| (k.clone(), dequote(v).into_owned()))
                .collect(),
            builtins: builtins
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            sysroot: builtins
                .get("pc_sysrootdir")
                .and_then(|raw| crate::config::sysroot::normalize(raw))
                .unwrap_or_default(),
        })
    }
}

/// What an expansion may consult besides the package's own variables.
#[derive(Debug, Clone, Copy)]
pub struct VarContext<'a> {
    /// The context's overrides and built-ins.
    pub scope: &'a Arc<VarScope>,
    /// For `PKG_CONFIG_$PACKAGE_$VARIABLE` overrides.
    pub env: &'a Env,
    /// The package id (the `.pc` file name without `.pc`).
    pub package_id: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Text(String),
    Var(String),
    /// A reference to a variable already defined when the definition was
    /// compiled, by its number (looked up by number, not by name).
    Known(usize),
    Sysroot,
    /// The definition number `def` of the variable number `var` (a spliced
    /// self-reference).
    Prev {
        var: usize,
        def: usize,
    },
}

#[derive(Debug, Clone)]
struct Def {
    /// Logical line of the definition; 0 for `pcfiledir`.
    line: u32,
    body: Body,
}

/// What a definition expands to.
#[derive(Debug, Clone)]
enum Body {
    /// The value, when it depends on nothing but the file: the definition
    /// is text, the sysroot and earlier such definitions of itself
    /// (`x=${x}${x}`). Kept only up to just past [`MAX_OUTPUT`] bytes, since
    /// any longer value is truncated there when used. Computed once, so a
    /// chain of self-references costs its length, not the number of paths
    /// through it.
    Fixed(Box<str>),
    /// A fixed value shared with other packages: `pcfiledir`, the same for
    /// every file of a directory.
    Shared(Arc<str>),
    /// The operations to run, when it refers to other variables.
    Ops(Box<[Op]>),
}

impl Body {
    /// The value of a fixed definition.
    fn value(&self) -> Option<&str> {
        match self {
            Body::Fixed(v) => Some(v),
            Body::Shared(v) => Some(v),
            Body::Ops(_) => None,
        }
    }

    /// The operations of a definition that is not fixed (none otherwise).
    fn ops(&self) -> &[Op] {
        match self {
            Body::Ops(ops) => ops,
            Body::Fixed(_) | Body::Shared(_) => &[],
        }
    }
}

/// A variable's definitions, in line order: the first one held in place
/// (most variables have only that one, and then nothing else is
/// allocated).
#[derive(Debug, Clone)]
struct Defs {
    first: Def,
    /// Boxed: 8 bytes in every variable instead of 24, for a second
    /// allocation only in the rare variable defined more than once.
    #[allow(clippy::box_collection)]
    later: Option<Box<Vec<Def>>>,
}

impl Defs {
    fn later(&self) -> &[Def] {
        self.later.as_deref().map_or(&[], Vec::as_slice)
    }

    fn len(&self) -> usize {
        1 + self.later().len()
    }

    fn get(&self, i: usize) -> Option<&Def> {
        match i.checked_sub(1) {
            None => Some(&self.first),
            Some(j) => self.later().get(j),
        }
    }

    fn push(&mut self, def: Def) {
        self.later.get_or_insert_with(Box::default).push(def);
    }

    /// The latest definition written before line `at`.
    fn before(&self, at: u32) -> Option<&Def> {
        // Definitions are kept in line order: binary search, not a scan.
        if self.first.line >= at {
            return None;
        }
        // The first and the `n` later ones are written before `at`.
        let n = self.later().partition_point(|d| d.line < at);
        self.get(n)
    }
}

/// A package's variables by name, in the order first defined (a number
/// names a variable in [`Op::Prev`] and [`Op::Known`]). While there are
/// few (real files define a handful) a name is found by scanning them;
/// past [`SCAN_UP_TO`] a hash index is kept as well.
#[derive(Debug, Clone, Default)]
struct VarMap {
    /// Names are kept inline up to 24 bytes (`prefix`, `exec_prefix`,
    /// `includedir`...): no allocation per variable of every package.
    entries: Vec<(CompactString, Defs)>,
    index: Option<crate::hash::Map<CompactString, usize>>,
}

/// How many variables [`VarMap`] holds before it keeps an index.
const SCAN_UP_TO: usize = 8;

impl VarMap {
    fn reserve(&mut self, n: usize) {
        self.entries.reserve_exact(n);
    }

    fn get_index_of(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.entries.iter().position(|(k, _)| &**k == name),
        }
    }

    fn get_index(&self, i: usize) -> Option<(&str, &Defs)> {
        self.entries.get(i).map(|(k, defs)| (&**k, defs))
    }

    fn get_index_mut(&mut self, i: usize) -> Option<(&str, &mut Defs)> {
        self.entries.get_mut(i).map(|(k, defs)| (&**k, defs))
    }

    fn get_full(&self, name: &str) -> Option<(usize, &str, &Defs)> {
        let i = self.get_index_of(name)?;
        self.get_index(i).map(|(k, defs)| (i, k, defs))
    }

    fn get(&self, name: &str) -> Option<&Defs> {
        self.get_full(name).map(|(_, _, defs)| defs)
    }

    /// Adds a variable not held yet.
    fn insert(&mut self, name: CompactString, defs: Defs) {
        let i = self.entries.len();
        match &mut self.index {
            Some(index) => {
                index.insert(name.clone(), i);
            }
            None if i >= SCAN_UP_TO => {
                let mut index: crate::hash::Map<CompactString, usize> = self
                    .entries
                    .iter()
                    .enumerate()
                    .map(|(j, (k, _))| (k.clone(), j))
                    .collect();
                index.insert(name.clone(), i);
                self.index = Some(index);
            }
            None => {}
        }
        self.entries.push((name, defs));
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| &**k)
    }
}

/// Where the ASCII byte `b` first is in `s` (a plain loop: the strings
/// looked through here are short, and every such place is a character
/// boundary).
fn find_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().position(|c| c == b)
}

/// Whether `s` holds the ASCII byte `b`.
fn has_byte(s: &str, b: u8) -> bool {
    s.bytes().any(|c| c == b)
}

/// Appends `s` to `buf` up to the first character boundary past
/// [`MAX_OUTPUT`] bytes.
fn push_capped(buf: &mut String, s: &str) {
    if buf.len() > MAX_OUTPUT {
        return;
    }
    let need = MAX_OUTPUT + 1 - buf.len();
    let mut end = need.min(s.len());
    while end < s.len() && !s.is_char_boundary(end) {
        end += 1;
    }
    buf.push_str(s.get(..end).unwrap_or(""));
}

/// A package's variables, with every definition kept so that fields can be
/// expanded as of their own line.
#[derive(Debug, Clone)]
pub struct Variables {
    /// Each variable's definitions, in line order, by name in the order
    /// first defined (an index names a variable in [`Op::Prev`]).
    vars: VarMap,
    scope: Arc<VarScope>,
    /// The file's path, for findings; shared with the registry's record of
    /// the file once it is kept ([`Variables::share_path`]).
    path: Option<Arc<Utf8Path>>,
}

/// Removes the quoting of a variable value (see the module docs).
pub fn dequote(value: &str) -> Cow<'_, str> {
    let quote = match value.chars().next() {
        Some(q @ ('\'' | '"')) => q,
        _ => return Cow::Borrowed(value),
    };
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&quote) {
            out.push(quote);
            chars.next();
        } else if c != quote {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether environment variable `key` overrides a variable of
/// `package_id`: it starts with [`env_override_name`]`(package_id, "")`
/// (compared without building that name).
fn is_override_of(key: &str, package_id: &str) -> bool {
    let Some(rest) = key.strip_prefix("PKG_CONFIG_") else {
        return false;
    };
    let mut rest = rest.bytes();
    let same = package_id.chars().all(|c| {
        let want = if c.is_ascii_alphanumeric() {
            c.to_ascii_uppercase() as u8
        } else {
            b'_'
        };
        rest.next() == Some(want)
    });
    same && rest.next() == Some(b'_')
}

/// The environment variable that overrides `variable` of `package_id`.
pub fn env_override_name(package_id: &str, variable: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!("PKG_CONFIG_{}_{}", clean(package_id), clean(variable))
}

/// Compiles a (dequoted) value. `selfref` is the variable being defined and
/// what a reference to it becomes.
#[cfg(test)]
fn compile(value: &str, selfref: Option<(&str, Option<Op>)>) -> Vec<Op> {
    let mut ops = Vec::new();
    compile_in(value, selfref, |_| None, &mut ops);
    ops
}

/// [`compile`], with `known` giving the number of a variable already
/// defined (a reference to it becomes [`Op::Known`]).
fn compile_in(
    value: &str,
    selfref: Option<(&str, Option<Op>)>,
    known: impl Fn(&str) -> Option<usize>,
    ops: &mut Vec<Op>,
) {
    if !has_byte(value, b'$') {
        if !value.is_empty() {
            ops.push(Op::Text(value.to_owned()));
        }
        return;
    }
    let mut text = String::new();
    for piece in Pieces::new(value) {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Ref(name) => {
                if !text.is_empty() {
                    ops.push(Op::Text(std::mem::take(&mut text)));
                }
                match &selfref {
                    _ if name == "pc_sysrootdir" => ops.push(Op::Sysroot),
                    Some((me, prev)) if *me == name => {
                        if let Some(p) = prev {
                            ops.push(p.clone());
                        }
                    }
                    _ => ops.push(match known(name) {
                        Some(i) => Op::Known(i),
                        None => Op::Var(name.to_owned()),
                    }),
                }
            }
        }
    }
    if !text.is_empty() {
        ops.push(Op::Text(text));
    }
}

/// One piece of a value as the `$` grammar cuts it (see the module docs):
/// literal text, or a reference `${name}`. `$$` gives the text `$`; `${`
/// without `}`, `${}` and a `$` before anything else are text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Ref(&'a str),
}

/// The pieces of a value, in order: what [`compile_in`] builds operations
/// from and [`Eval::run_value`] expands directly. A piece may be empty
/// text.
struct Pieces<'a> {
    rest: &'a str,
    /// A piece found with the text before it, given next.
    pending: Option<Piece<'a>>,
}

impl<'a> Pieces<'a> {
    fn new(value: &'a str) -> Self {
        Pieces {
            rest: value,
            pending: None,
        }
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if let Some(p) = self.pending.take() {
            return Some(p);
        }
        if self.rest.is_empty() {
            return None;
        }
        let Some(pos) = find_byte(self.rest, b'$') else {
            return Some(Piece::Text(std::mem::take(&mut self.rest)));
        };
        let before = self.rest.get(..pos).unwrap_or("");
        let after = self.rest.get(pos + 1..).unwrap_or("");
        let (piece, rest) = if let Some(r) = after.strip_prefix('$') {
            (Piece::Text("$"), r)
        } else if let Some(r) = after.strip_prefix('{') {
            match find_byte(r, b'}') {
                None => (Piece::Text("${"), r),
                Some(0) => (Piece::Text("${}"), r.get(1..).unwrap_or("")),
                Some(end) => (
                    Piece::Ref(r.get(..end).unwrap_or("")),
                    r.get(end + 1..).unwrap_or(""),
                ),
            }
        } else {
            (Piece::Text("$"), after)
        };
        self.rest = rest;
        self.pending = Some(piece);
        Some(Piece::Text(before))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Stop {
    Cycle(String),
    Limit,
    Truncated,
    /// One of our own bounds (not pkgconf's) stopped the expansion.
    OwnBound(&'static str),
}

impl Stop {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            Stop::Cycle(name) => Diagnostic::warning(
                Code::VariableCycle,
                format!("variable '{name}' refers to itself; expansion stopped"),
            ),
            Stop::Limit => Diagnostic::warning(
                Code::ExpansionLimit,
                format!("bytecode program exceeds iteration limit ({ITERATION_LIMIT})"),
            ),
            Stop::Truncated => Diagnostic::warning(
                Code::ValueTruncated,
                "truncating very long variable to 64KB",
            ),
            Stop::OwnBound(m) => Diagnostic::error(Code::ExpansionBound, *m),
        }
    }
}

/// What an expansion gave: the text, why it stopped early (if it did) and
/// the names it found undefined.
struct Evaluated {
    out: String,
    stop: Option<Stop>,
    undefined: Vec<String>,
}

struct Eval<'v> {
    vars: &'v Variables,
    at: u32,
    out: String,
    count: u32,
    steps: u64,
    depth: usize,
    /// Variables being expanded, innermost last (at most `MAX_DEPTH`).
    expanding: Expanding,
    /// Names referenced but not defined (at most `MAX_UNDEFINED`, each once).
    undefined: Vec<String>,
}

/// The variables an expansion is inside of: the first few held in place
/// (real nesting is a handful deep), the rest on the heap.
#[derive(Default)]
struct Expanding {
    near: [usize; 8],
    len: usize,
    far: Vec<usize>,
}

impl Expanding {
    fn contains(&self, idx: usize) -> bool {
        self.near.iter().take(self.len).any(|&i| i == idx) || self.far.contains(&idx)
    }

    fn push(&mut self, idx: usize) {
        match self.near.get_mut(self.len) {
            Some(slot) if self.far.is_empty() => {
                *slot = idx;
                self.len += 1;
            }
            _ => self.far.push(idx),
        }
    }

    fn pop(&mut self) {
        if self.far.pop().is_none() {
            self.len = self.len.saturating_sub(1);
        }
    }
}

/// How many undefined names one expansion reports.
const MAX_UNDEFINED: usize = 8;

impl Eval<'_> {
    fn append(&mut self, s: &str) -> Result<(), Stop> {
        if s.is_empty() {
            return Ok(());
        }
        let room = MAX_OUTPUT.saturating_sub(self.out.len());
        if room == 0 {
            return Err(Stop::Truncated);
        }
        if s.len() > room {
            let mut cut = room;
            while cut > 0 && !s.is_char_boundary(cut) {
                cut -= 1;
            }
            self.out.push_str(s.get(..cut).unwrap_or(""));
            return Err(Stop::Truncated);
        }
        self.out.push_str(s);
        Ok(())
    }

    fn count_one(&mut self) -> Result<(), Stop> {
        self.count += 1;
        if self.count >= ITERATION_LIMIT {
            Err(Stop::Limit)
        } else {
            Ok(())
        }
    }

    /// Counts one evaluated operation against [`MAX_STEPS`].
    fn step(&mut self) -> Result<(), Stop> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            Err(Stop::OwnBound(TOO_MANY_STEPS))
        } else {
            Ok(())
        }
    }

    /// Runs `value` exactly as [`Eval::run`] runs `compile(value, None)`
    /// (the same text, stops and counts), without building the operations:
    /// field values and flag tokens are expanded once each. A run of text
    /// between references is one step, counted at its first byte.
    fn run_value(&mut self, value: &str) -> Result<(), Stop> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Stop::OwnBound(NESTED_TOO_DEEPLY));
        }
        // Whether the current run of text has been counted.
        let mut counted = false;
        for piece in Pieces::new(value) {
            match piece {
                Piece::Text(t) => self.text(t, &mut counted)?,
                Piece::Ref(name) => {
                    counted = false;
                    self.step()?;
                    if name == "pc_sysrootdir" {
                        let v = self.vars;
                        self.append(&v.scope.sysroot)?;
                    } else {
                        self.var(name, None)?;
                    }
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// A piece of a run of text (see [`Eval::run_value`]).
    fn text(&mut self, piece: &str, counted: &mut bool) -> Result<(), Stop> {
        if piece.is_empty() {
            return Ok(());
        }
        if !*counted {
            *counted = true;
            self.step()?;
        }
        self.append(piece)
    }

    fn run(&mut self, ops: &[Op]) -> Result<(), Stop> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Stop::OwnBound(NESTED_TOO_DEEPLY));
        }
        for op in ops {
            self.step()?;
            match op {
                Op::Text(t) => self.append(t)?,
                Op::Sysroot => {
                    let v = self.vars;
                    self.append(&v.scope.sysroot)?;
                }
                Op::Prev { var, def } => {
                    let v = self.vars;
                    if let Some(d) = v.vars.get_index(*var).and_then(|(_, defs)| defs.get(*def)) {
                        match d.body.value() {
                            Some(value) => self.append(value)?,
                            None => self.run(d.body.ops())?,
                        }
                    }
                }
                Op::Var(name) => self.var(name, None)?,
                Op::Known(i) => {
                    let v = self.vars;
                    if let Some((name, _)) = v.vars.get_index(*i) {
                        self.var(name, Some(*i))?;
                    }
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Expands a reference to `name` (the variable number `known`, when
    /// that is known).
    fn var(&mut self, name: &str, known: Option<usize>) -> Result<(), Stop> {
        let v = self.vars;
        // Most runs define no variable on the command line: no lookup.
        let overridden = match v.scope.overrides.is_empty() {
            true => None,
            false => v.scope.overrides.get(name),
        };
        if let Some(val) = overridden {
            self.count_one()?;
            return self.append(val);
        }
        let visible = match known {
            Some(i) => v
                .vars
                .get_index(i)
                .and_then(|(_, defs)| Some((i, defs.before(self.at)?))),
            None => v.visible(name, self.at),
        };
        if let Some((idx, def)) = visible {
            if self.expanding.contains(idx) {
                return Err(Stop::Cycle(name.to_owned()));
            }
            self.count_one()?;
            if let Some(value) = def.body.value() {
                return self.append(value);
            }
            let ops = def.body.ops();
            self.expanding.push(idx);
            let r = self.run(ops);
            self.expanding.pop();
            return r;
        }
        if let Some(val) = v.scope.builtins.get(name) {
            self.count_one()?;
            return self.append(val);
        }
        if self.undefined.len() < MAX_UNDEFINED && !self.undefined.iter().any(|n| n == name) {
            self.undefined.push(name.to_owned());
        }
        Ok(())
    }
}

impl Variables {
    /// Builds the variables of a package from its parsed entries (only the
    /// `Variable` ones are used). `pcfiledir` is defined first, literally.
    #[cfg(test)]
    pub(crate) fn new(entries: &[Entry], pcfiledir: &str, ctx: &VarContext) -> Variables {
        Variables::with_dir(entries, Arc::from(pcfiledir), ctx)
    }

    /// [`Variables::new`] with `pcfiledir` shared with the directory's other
    /// packages.
    pub(crate) fn with_dir(entries: &[Entry], pcfiledir: Arc<str>, ctx: &VarContext) -> Variables {
        let mut vars = Variables::empty(ctx);
        // Room for every name at once (an upper bound: a name may repeat).
        let defined = entries.iter().filter(|e| e.kind == EntryKind::Variable);
        vars.vars.reserve(defined.count() + 1);
        if pcfiledir.len() <= MAX_OUTPUT {
            vars.push_body(None, "pcfiledir", 0, Body::Shared(pcfiledir));
        } else {
            vars.push_def("pcfiledir", 0, vec![Op::Text(pcfiledir.to_string())]);
        }
        let overridden = ctx
            .env
            .iter()
            .any(|(k, _)| is_override_of(k, ctx.package_id));

        // The operations of one definition at a time.
        let mut ops = Vec::new();
        for e in entries.iter().filter(|e| e.kind == EntryKind::Variable) {
            // Most environments override nothing: only build names when some
            // variable starts with this package's prefix.
            let raw = if overridden {
                ctx.env
                    .get(&env_override_name(ctx.package_id, &e.key))
                    .unwrap_or(&e.value)
            } else {
                &e.value
            };
            let value = dequote(raw);
            let slot = vars.vars.get_index_of(&e.key);
            // Nothing to expand: the value is the text (most definitions).
            let body = if value.len() <= MAX_OUTPUT && !has_byte(&value, b'$') {
                Body::Fixed(Box::from(&*value))
            } else {
                let prev = slot
                    .and_then(|i| Some((i, vars.vars.get_index(i)?.1.len())))
                    .and_then(|(i, n)| n.checked_sub(1).map(|d| Op::Prev { var: i, def: d }));
                let index = |n: &str| vars.vars.get_index_of(n);
                compile_in(&value, Some((&e.key, prev)), index, &mut ops);
                vars.body(&mut ops)
            };
            vars.push_body(slot, &e.key, e.line, body);
        }
        vars
    }

    /// No variables yet, with the context's overrides and built-ins.
    fn empty(ctx: &VarContext) -> Variables {
        Variables {
            vars: VarMap::default(),
            scope: Arc::clone(ctx.scope),
            path: None,
        }
    }

    /// Variables with literal values and no `pcfiledir` (the built-in
    /// `pkg-config` and `pkgconf` packages).
    pub(crate) fn literal(pairs: &[(&str, String)], ctx: &VarContext) -> Variables {
        let mut vars = Variables::empty(ctx);
        for (k, v) in pairs {
            vars.push_def(k, 0, vec![Op::Text(v.clone())]);
        }
        vars
    }

    fn push_def(&mut self, name: &str, line: u32, mut ops: Vec<Op>) {
        let body = self.body(&mut ops);
        self.push_body(self.vars.get_index_of(name), name, line, body);
    }

    /// What a definition compiled to `ops` keeps: its value when it is
    /// fixed ([`Body::Fixed`]), else the operations.
    /// `ops` is left empty, with its room, for the next definition.
    fn body(&self, ops: &mut Vec<Op>) -> Body {
        // One short text: the value is that text, moved.
        if let [Op::Text(text)] = ops.as_mut_slice() {
            if text.len() <= MAX_OUTPUT {
                let value = std::mem::take(text).into_boxed_str();
                ops.clear();
                return Body::Fixed(value);
            }
        }
        match self.fixed_value(ops) {
            Some(value) => {
                ops.clear();
                Body::Fixed(value.into_boxed_str())
            }
            // Moved into a box of their exact size.
            None => Body::Ops(ops.drain(..).collect()),
        }
    }

    /// Adds a definition of `name` (the variable at `slot`, when it has
    /// one already).
    fn push_body(&mut self, slot: Option<usize>, name: &str, line: u32, body: Body) {
        let def = Def { line, body };
        match slot.and_then(|i| self.vars.get_index_mut(i)) {
            Some((_, defs)) => defs.push(def),
            None => {
                let defs = Defs {
                    first: def,
                    later: None,
                };
                self.vars.insert(name.into(), defs);
            }
        }
    }

    /// The value of a definition made only of text, the sysroot and earlier
    /// fixed definitions (see [`Def::fixed`]).
    fn fixed_value(&self, ops: &[Op]) -> Option<String> {
        let mut value = String::new();
        for op in ops {
            match op {
                Op::Text(t) => push_capped(&mut value, t),
                Op::Sysroot => push_capped(&mut value, &self.scope.sysroot),
                Op::Prev { var, def } => {
                    push_capped(
                        &mut value,
                        self.vars.get_index(*var)?.1.get(*def)?.body.value()?,
                    );
                }
                Op::Var(_) | Op::Known(_) => return None,
            }
        }
        Some(value)
    }

    /// The latest definition of `name` written before line `at`.
    fn visible(&self, name: &str, at: u32) -> Option<(usize, &Def)> {
        let (idx, _, defs) = self.vars.get_full(name)?;
        Some((idx, defs.before(at)?))
    }

    /// Sets the file that diagnostics from [`Variables::flag_words`] point at.
    /// Takes `path` (the same path) in place of this one's own copy: the
    /// registry keeps one copy of each file's path.
    pub(crate) fn share_path(&mut self, path: Arc<Utf8Path>) {
        self.path = Some(path);
    }

    pub(crate) fn set_path(&mut self, path: Option<&Utf8Path>) {
        self.path = path.map(Arc::from);
    }

    fn eval(&self, ops: &[Op], at: u32) -> Evaluated {
        self.evaluate(at, String::new(), |ev| ev.run(ops))
    }

    /// [`Variables::eval`] of `compile(value, None)`, without compiling,
    /// into `out` (emptied first; its room is kept).
    fn eval_value(&self, value: &str, at: u32, mut out: String) -> Evaluated {
        out.clear();
        // Room for the text and a path or two: most expansions then never
        // grow their buffer.
        out.reserve(value.len().saturating_add(32).min(MAX_OUTPUT));
        self.evaluate(at, out, |ev| ev.run_value(value))
    }

    fn evaluate(
        &self,
        at: u32,
        out: String,
        go: impl FnOnce(&mut Eval<'_>) -> Result<(), Stop>,
    ) -> Evaluated {
        let mut ev = Eval {
            vars: self,
            at,
            out,
            count: 0,
            steps: 0,
            depth: 0,
            expanding: Expanding::default(),
            undefined: Vec::new(),
        };
        let r = go(&mut ev);
        Evaluated {
            out: ev.out,
            stop: r.err(),
            undefined: ev.undefined,
        }
    }

    /// Reports why an expansion stopped, at `line` of this package's file
    /// (0 when the line is not known).
    fn report(&self, ev: &Evaluated, line: u32, sink: &mut dyn DiagnosticSink) {
        let line = (line > 0 && line < u32::MAX).then_some(line);
        let located = |mut d: Diagnostic| {
            d.path = self.path.as_deref().map(Utf8Path::to_owned);
            d.line = line;
            d
        };
        if let Some(s) = &ev.stop {
            sink.emit(located(s.diagnostic()));
        }
        for name in &ev.undefined {
            let later = self.vars.get(name).map(|defs| defs.first.line);
            let message = match later {
                Some(l) => format!(
                    "variable '{name}' is used before its definition on line {l}; it expands to nothing here"
                ),
                None => format!("variable '{name}' is not defined; it expands to nothing"),
            };
            let d = Diagnostic::new(Code::UndefinedVariable, message)
                .about(crate::diag::Subject::Variable(name.clone()));
            sink.emit(located(d));
        }
    }

    /// The value of `name` exactly as `pkgconf --variable=NAME` prints it
    /// (after all definitions, overrides first), or `None` when nothing
    /// defines it. A stopped expansion yields its partial text (diagnostics
    /// are dropped here; use [`Variables::get_with`] to see them).
    /// `pc_sysrootdir` is only found when the package defines it.
    pub fn get(&self, name: &str) -> Option<String> {
        self.get_with(name, &mut crate::diag::Discard)
    }

    /// [`Variables::get`], reporting why an expansion stopped.
    pub fn get_with(&self, name: &str, sink: &mut dyn DiagnosticSink) -> Option<String> {
        let is_sysroot = name == "pc_sysrootdir";
        if !is_sysroot {
            if let Some(v) = self.scope.overrides.get(name) {
                return Some(v.clone());
            }
        }
        if let Some((_, def)) = self.visible(name, u32::MAX) {
            let ev = match def.body.value() {
                // Through `eval`, for the same truncation (and its warning).
                Some(value) => self.eval(&[Op::Text(value.to_owned())], u32::MAX),
                None => self.eval(def.body.ops(), u32::MAX),
            };
            self.report(&ev, def.line, sink);
            return Some(ev.out);
        }
        if is_sysroot {
            return None;
        }
        self.scope.builtins.get(name).cloned()
    }

    /// Whether the package defines `name` itself.
    pub(crate) fn defines(&self, name: &str) -> bool {
        self.vars.get_full(name).is_some()
    }

    /// Variable names in `pkgconf --print-variables` order: `pcfiledir`, then
    /// the package's variables in order of first definition.
    pub fn names(&self) -> Vec<String> {
        self.vars.keys().map(str::to_owned).collect()
    }

    /// Expands a field value against the final state of the variables (all
    /// definitions). pkgconf expands each field as of its own line: prefer
    /// [`Variables::expand_at`] for fields. Use this for `Version`, `Name`,
    /// `Requires`... before any further parsing; for flags fields use
    /// [`Variables::flag_words`].
    #[cfg(test)]
    pub(crate) fn expand(&self, raw: &str, sink: &mut dyn DiagnosticSink) -> String {
        self.expand_at(raw, u32::MAX, sink)
    }

    /// Expands `raw` seeing only the definitions written before logical line
    /// `line` (the line of the field being expanded). Returns the partial text
    /// when the expansion stops (the reason goes to `sink`, without location,
    /// as pkgconf prints it).
    pub(crate) fn expand_at(&self, raw: &str, line: u32, sink: &mut dyn DiagnosticSink) -> String {
        self.expand_cow(raw, line, sink).into_owned()
    }

    /// [`Variables::expand_at`], borrowing `raw` when there is nothing to
    /// expand and it is short enough not to be truncated (most values).
    pub(crate) fn expand_cow<'r>(
        &self,
        raw: &'r str,
        line: u32,
        sink: &mut dyn DiagnosticSink,
    ) -> Cow<'r, str> {
        if raw.len() < MAX_OUTPUT && !has_byte(raw, b'$') {
            return Cow::Borrowed(raw);
        }
        let ev = self.eval_value(raw, line, String::new());
        self.report(&ev, line, sink);
        Cow::Owned(ev.out)
    }

    /// The words of a flags field (`Cflags`, `Libs`, ...), exactly as pkgconf
    /// 3.0.7 makes them, for the field `field` written at `line` with value
    /// `raw`:
    ///
    /// 1. [`split_raw`] the raw value, then [`join_greedy`] (`-I ${x}` is one
    ///    token);
    /// 2. expand each token on its own (as of `line`); an empty expansion
    ///    gives no word;
    /// 3. [`split`] each expansion (quoting consumed, empty words dropped).
    ///
    /// If the raw value cannot be split, or a token's expansion stops or
    /// cannot be split, pkgconf's warning "unable to parse field 'F' into an
    /// argument vector, value \[raw\]" is emitted at `path:line` and the words
    /// made so far are returned (the rest of the field is dropped).
    ///
    /// The words are final: do not glue greedy flags again, and render each
    /// with [`crate::render::quote::render`].
    ///
    /// Every expanded token is charged to `budget`; `None` when it runs out
    /// (the words made so far are dropped: the package will be refused).
    pub(crate) fn flag_words(
        &self,
        field: &str,
        raw: &str,
        line: u32,
        sink: &mut dyn DiagnosticSink,
        budget: &mut super::load::Budget,
    ) -> Option<Vec<Word>> {
        let mut words = Vec::new();
        let mut scratch = String::new();
        let fail = |sink: &mut dyn DiagnosticSink, code: Code| {
            sink.emit(
                Diagnostic::warning(code, unparsable_field_message(field, raw))
                    .at(self.path.as_deref(), line),
            );
        };
        let tokens = match raw_tokens(raw) {
            Ok(t) => t,
            Err(_) => {
                fail(sink, Code::UnbalancedQuote);
                return Some(words);
            }
        };
        // A word a token, most often.
        words.reserve(tokens.len());
        for tok in tokens {
            // Nothing to expand and no quoting to consume: the token is
            // the word (tokens are never empty).
            if tok.len() < MAX_OUTPUT && !has_byte(&tok, b'$') && !has_quoting(&tok) {
                if !budget.spend(tok.len()) {
                    return None;
                }
                words.push(Word::from(tok));
                continue;
            }
            let ev = self.eval_value(&tok, line, std::mem::take(&mut scratch));
            if !budget.spend(ev.out.len()) {
                return None;
            }
            self.report(&ev, line, sink);
            if ev.stop.is_some() {
                fail(sink, Code::UnparsableField);
                return Some(words);
            }
            // The expansion is made in `scratch`, whose room the next token
            // reuses; what is kept is copied out at its exact size.
            scratch = ev.out;
            let exp = scratch.as_str();
            if exp.is_empty() {
                continue;
            }
            // No quoting and no whitespace: the expansion is one word.
            if !has_quoting(exp) && !exp.bytes().any(is_c_space_byte) {
                words.push(Word::from(exp));
                continue;
            }
            match split(exp) {
                Ok(ws) => words.extend(ws.into_iter().map(Word::from)),
                Err(_) => {
                    fail(sink, Code::UnbalancedQuote);
                    return Some(words);
                }
            }
        }
        Some(words)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use crate::registry::parser::parse;

    struct Fx {
        globals: IndexMap<String, String>,
        builtins: IndexMap<String, String>,
        env: Env,
    }

    impl Fx {
        fn new() -> Self {
            let mut builtins = IndexMap::new();
            builtins.insert("pc_top_builddir".to_owned(), "$(top_builddir)".to_owned());
            Fx {
                globals: IndexMap::new(),
                builtins,
                env: Env::new(),
            }
        }
        fn vars(&self, src: &str) -> (Variables, Vec<crate::registry::parser::Entry<'static>>) {
            let mut d = Vec::new();
            let parsed = parse(src.as_bytes(), None, &mut d);
            let scope = VarScope::new(&self.globals, &self.builtins);
            let ctx = VarContext {
                scope: &scope,
                env: &self.env,
                package_id: "my-pkg.2",
            };
            (
                Variables::new(&parsed.entries, "/pc/dir", &ctx),
                parsed.entries.into_iter().map(|e| e.into_owned()).collect(),
            )
        }
    }

    fn get(src: &str, name: &str) -> Option<String> {
        Fx::new().vars(src).0.get(name)
    }

    #[test]
    fn dequoting() {
        assert_eq!(dequote(r#""a\"b""#), "a\"b");
        assert_eq!(dequote("'a'b'c'"), "abc");
        assert_eq!(dequote(r#"x"y""#), r#"x"y""#);
        assert_eq!(dequote(r#""x\y""#), r"x\y");
        assert_eq!(dequote(""), "");
    }

    #[test]
    fn override_prefix_matches_the_built_name() {
        for (key, id, want) in [
            ("PKG_CONFIG_MY_PKG_2_PREFIX", "my-pkg.2", true),
            ("PKG_CONFIG_MY_PKG_2_", "my-pkg.2", true),
            ("PKG_CONFIG_MY_PKG_2", "my-pkg.2", false),
            ("PKG_CONFIG_MY_PKG_3_PREFIX", "my-pkg.2", false),
            ("PKG_CONFIG_F_O_X", "f\u{e9}o", true),
            ("PKG_CONFIG_F__O_X", "f\u{e9}o", false),
            ("PKG_CONFIG_PATH", "path", false),
            ("XPKG_CONFIG_A_B", "a", false),
        ] {
            let built = env_override_name(id, "");
            assert_eq!(key.starts_with(&built), want, "{key} {id}");
            assert_eq!(is_override_of(key, id), want, "{key} {id}");
        }
    }

    #[test]
    fn dollar_forms() {
        assert_eq!(
            get("d=$$ $$$$ $${x} $x $ ${\n", "d").unwrap(),
            "$ $$ ${x} $x $ ${"
        );
        assert_eq!(get("w=${}\n", "w").unwrap(), "${}");
        assert_eq!(get("v=${a b}\n", "v").unwrap(), "");
        assert_eq!(get("u=[${undef}]\n", "u").unwrap(), "[]");
    }

    #[test]
    fn lazy_and_upsert() {
        let src = "prefix=/foo\nprefix=${prefix}\nb=${a}\na=1\na=${a}2\n";
        assert_eq!(get(src, "prefix").unwrap(), "/foo");
        assert_eq!(get(src, "b").unwrap(), "12");
        assert_eq!(get("z=a${z}b\n", "z").unwrap(), "ab");
        let (v, _) = Fx::new().vars(src);
        assert_eq!(v.names(), ["pcfiledir", "prefix", "b", "a"]);
        assert_eq!(v.get("pcfiledir").unwrap(), "/pc/dir");
        assert_eq!(v.get("nope"), None);
        assert_eq!(v.get("pc_top_builddir").unwrap(), "$(top_builddir)");
    }

    #[test]
    fn fields_see_earlier_definitions_only() {
        let (v, e) = Fx::new().vars("a=1\nb=${a}\nVersion: ${b}${c}\na=2\nc=3\n");
        let ver = e.iter().find(|e| e.key == "Version").unwrap();
        assert_eq!(v.expand_at(&ver.value, ver.line, &mut Vec::new()), "1");
        assert_eq!(v.expand(&ver.value, &mut Vec::new()), "23");
    }

    #[test]
    fn cycles_stop_with_partial_output() {
        let src = "x=a${y}b\ny=c${x}d\n";
        assert_eq!(get(src, "x").unwrap(), "aca");
        assert_eq!(get(src, "y").unwrap(), "cac");
        let (v, _) = Fx::new().vars(src);
        let mut d: Vec<Diagnostic> = Vec::new();
        assert_eq!(v.expand("1${x}2", &mut d), "1ac");
        assert_eq!(d[0].code, Code::VariableCycle);
    }

    #[test]
    fn iteration_limit() {
        let refs = |n: usize| "${a}".repeat(n);
        let src = format!("a=A\nt={}END\nt2={}END\n", refs(511), refs(512));
        let (v, _) = Fx::new().vars(&src);
        assert!(v.get("t").unwrap().ends_with("AEND"));
        let mut d = Vec::new();
        let t2 = v.get_with("t2", &mut d).unwrap();
        assert_eq!(t2.len(), 511);
        assert_eq!(
            d[0].message,
            "bytecode program exceeds iteration limit (512)"
        );
        // undefined names and the sysroot do not count
        let src = format!("u={}END\n", "${u_}${pc_sysrootdir}".repeat(600));
        assert_eq!(get(&src, "u").unwrap(), "END");
    }

    #[test]
    fn output_cap() {
        let src = format!(
            "big={}\nx=${{big}}${{big}}${{big}}${{big}}\n",
            "a".repeat(20000)
        );
        let (v, _) = Fx::new().vars(&src);
        let mut d = Vec::new();
        assert_eq!(v.get_with("x", &mut d).unwrap().len(), MAX_OUTPUT);
        assert_eq!(d[0].message, "truncating very long variable to 64KB");
    }

    /// What an expansion gave, comparable.
    fn outcome(ev: Evaluated) -> (String, Option<Stop>, Vec<String>) {
        (ev.out, ev.stop, ev.undefined)
    }

    /// Variables for the run_value tests: plain, nested, a cycle, the
    /// sysroot, a long value (for truncation) and a chain (for the limit).
    fn run_value_fixture() -> Variables {
        let mut src =
            String::from("a=A\nb=${a}/b\nc=${d}\nd=${c}\ns=${pc_sysrootdir}x\n$$=dollar\nbig=");
        src.push_str(&"z".repeat(40_000));
        src.push('\n');
        for i in 0..600 {
            src.push_str(&format!("n{i}=${{n{}}}\n", i + 1));
        }
        Fx::new().vars(&src).0
    }

    #[test]
    fn run_value_is_compile_then_run() {
        let v = run_value_fixture();
        let cases = [
            "",
            "plain",
            "$",
            "$$",
            "$$$",
            "${",
            "${}",
            "${a",
            "${a}",
            "x${a}y${b}z",
            "${c}",
            "${s}",
            "${pc_sysrootdir}",
            "${undefined}${a}",
            "a$b",
            "$${a}",
            "${big}${big}tail",
            "${big}${a}${big}",
            "${n0}",
            "${a}${n0}${a}",
            "${}${}${a}$",
            "ü${a}é",
            "${$$}",
        ];
        for value in cases {
            for at in [0, 3, u32::MAX] {
                assert_eq!(
                    outcome(v.eval_value(value, at, String::new())),
                    outcome(v.eval(&compile(value, None), at)),
                    "{value:?} at {at}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn run_value_matches_compile_for_any_text(value in "[ab$${}xé]{0,24}") {
            let v = run_value_fixture();
            let value = value.replace("x", "${big}");
            proptest::prop_assert_eq!(
                outcome(v.eval_value(&value, u32::MAX, String::new())),
                outcome(v.eval(&compile(&value, None), u32::MAX))
            );
        }
    }

    #[test]
    fn many_variables_are_found_by_name_and_number() {
        // Past SCAN_UP_TO the map keeps an index: names must still resolve,
        // with later definitions replacing earlier ones.
        let mut src = String::new();
        for i in 0..(3 * SCAN_UP_TO) {
            src.push_str(&format!("v{i}=x{i}\n"));
        }
        src.push_str("v2=again\nlast=${v0}${v20}${v2}\n");
        let (v, _) = Fx::new().vars(&src);
        assert_eq!(v.get("v0").as_deref(), Some("x0"));
        assert_eq!(v.get("v23").as_deref(), Some("x23"));
        assert_eq!(v.get("v2").as_deref(), Some("again"));
        assert_eq!(v.get("last").as_deref(), Some("x0x20again"));
        assert_eq!(v.get("v24"), None);
        let names = v.names();
        assert_eq!(names.len(), 3 * SCAN_UP_TO + 2);
        assert_eq!(names.first().map(String::as_str), Some("pcfiledir"));
        assert_eq!(names.last().map(String::as_str), Some("last"));
    }

    #[test]
    fn exponential_self_reference_is_bounded() {
        let src = "x=a\n".to_owned() + &"x=${x}${x}\n".repeat(200);
        let mut d = Vec::new();
        let (v, _) = Fx::new().vars(&src);
        let out = v.get_with("x", &mut d).unwrap();
        assert!(out.len() <= MAX_OUTPUT);
        assert!(!d.is_empty());
        let deep = "y=a\n".to_owned() + &"y=${y}\n".repeat(5000);
        let (v, _) = Fx::new().vars(&deep);
        let _ = v.get_with("y", &mut d);
    }

    #[test]
    fn overrides_env_and_builtins() {
        let mut fx = Fx::new();
        let src = "pre.fix=/a\nfoo=${pre.fix}/x\nfoo=${foo}/y\nLow=1\npc_sysrootdir=/pkg\ns=${pc_sysrootdir}/s\n";
        assert_eq!(fx.vars(src).0.get("foo").unwrap(), "/a/x/y");
        fx.env.set("PKG_CONFIG_MY_PKG_2_PRE_FIX", "/e");
        assert_eq!(fx.vars(src).0.get("foo").unwrap(), "/e/x/y");
        fx.env.set("PKG_CONFIG_MY_PKG_2_FOO", "${foo}/z");
        assert_eq!(fx.vars(src).0.get("foo").unwrap(), "/z/z");
        fx.env.set("PKG_CONFIG_MY_PKG_2_PCFILEDIR", "/nope");
        assert_eq!(fx.vars(src).0.get("pcfiledir").unwrap(), "/pc/dir");
        fx.globals.insert("Low".into(), "${foo}".into());
        fx.globals.insert("pre.fix".into(), "\"/g\"".into());
        let (v, _) = fx.vars(src);
        assert_eq!(v.get("Low").unwrap(), "${foo}");
        assert_eq!(v.get("pre.fix").unwrap(), "/g");
        assert_eq!(v.get("s").unwrap(), "/s");
        assert_eq!(v.get("pc_sysrootdir").unwrap(), "/pkg");
        fx.builtins
            .insert("pc_sysrootdir".into(), "/root///".into());
        assert_eq!(fx.vars(src).0.get("s").unwrap(), "/root/s");
        fx.builtins.insert("pc_sysrootdir".into(), "/".into());
        assert_eq!(fx.vars(src).0.get("s").unwrap(), "/s");
        assert_eq!(
            env_override_name("escape-layers", "prefix"),
            "PKG_CONFIG_ESCAPE_LAYERS_PREFIX"
        );
    }

    fn words(vars: &str, raw: &str) -> (Vec<String>, Vec<Diagnostic>) {
        let (v, _) = Fx::new().vars(vars);
        let mut d = Vec::new();
        let budget = &mut super::super::load::Budget::unlimited();
        let words = v.flag_words("Cflags", raw, u32::MAX, &mut d, budget);
        (
            words
                .unwrap_or_default()
                .into_iter()
                .map(String::from)
                .collect(),
            d,
        )
    }

    #[test]
    fn flag_words_pipeline() {
        let vars = "x=it's\ny=a\\ b\nz=a b\ne=\nq=a\"b\n";
        assert_eq!(
            words(vars, r#"-DY=${y} -DZ="${z}" -DQ='${y}' pre${z}post"#).0,
            ["-DY=a b", "-DZ=a b", "-DQ=a\\ b", "prea", "bpost"]
        );
        assert_eq!(words(vars, "-I ${e} -lfoo").0, ["-I", "-lfoo"]);
        assert_eq!(words(vars, "-I ${z} -lfoo").0, ["-Ia", "b", "-lfoo"]);
        assert_eq!(words(vars, r#"-I "${z}" ${z}x"#).0, ["-Ia b", "a", "bx"]);
        assert_eq!(words("z=-I  /x\n", "${z}").0, ["-I", "/x"]);
        assert_eq!(
            words("z=-I \"\" /x\n", r#"${z} -L "" /y"#).0,
            ["-I", "/x", "-L", "/y"]
        );
        let (w, d) = words(vars, "-lfoo -D${x} -lbar");
        assert_eq!(w, ["-lfoo"]);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "unable to parse field 'Cflags' into an argument vector, value [-lfoo -D${x} -lbar]"
        );
        let (w, d) = words(vars, "-lfoo '-I/ABC");
        assert!(w.is_empty());
        assert_eq!(d.len(), 1);
        assert!(words(vars, r#"-Dx=${q}"c d""#).0.is_empty());
        assert_eq!(words("d=$${e}\ne=E\n", "${d} -D${d}").0, ["${e}", "-D${e}"]);
    }

    #[test]
    fn flag_words_stop_on_cycle_and_limit() {
        let (w, d) = words("x=a${y}\ny=${x}\n", "-lfoo -DX=${x} -lbar");
        assert_eq!(w, ["-lfoo"]);
        assert_eq!(d.len(), 2);
        let src = "a=A\nb=${a}${a}\n";
        let many = format!("-lfoo -D{} -lbar", "${b}".repeat(200));
        let (w, d) = words(src, &many);
        assert_eq!(w, ["-lfoo"]);
        assert_eq!(
            d[0].message,
            "bytecode program exceeds iteration limit (512)"
        );
    }
}

/// Table-driven checks over our own fixtures in `testdata/text/`. Every
/// expected value was confirmed with the pkgconf 3.0.7 reference binary
/// (`--variable`, `--modversion`, `--cflags`, `--libs`, `--validate`).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod fixture_tests {
    use super::*;
    use crate::registry::parser::{EntryKind, parse, trim_version};
    use crate::render::quote::render;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/text");

    struct Loaded {
        vars: Variables,
        entries: Vec<crate::registry::parser::Entry<'static>>,
        diags: Vec<Diagnostic>,
    }

    fn load(name: &str) -> Loaded {
        let path = camino::Utf8PathBuf::from(format!("{DIR}/{name}.pc"));
        let bytes = std::fs::read(&path).unwrap();
        let mut diags = Vec::new();
        let parsed = parse(&bytes, Some(&path), &mut diags);
        assert!(!parsed.fatal, "{name}: {diags:?}");
        let globals = IndexMap::new();
        let mut builtins = IndexMap::new();
        builtins.insert("pc_top_builddir".to_owned(), "$(top_builddir)".to_owned());
        let env = Env::new();
        let scope = VarScope::new(&globals, &builtins);
        let ctx = VarContext {
            scope: &scope,
            env: &env,
            package_id: name,
        };
        let mut vars = Variables::new(&parsed.entries, DIR, &ctx);
        vars.set_path(Some(&path));
        Loaded {
            vars,
            entries: parsed.entries.into_iter().map(|e| e.into_owned()).collect(),
            diags,
        }
    }

    fn field<'a>(l: &'a Loaded, key: &str) -> Option<&'a crate::registry::parser::Entry<'static>> {
        l.entries
            .iter()
            .rev()
            .find(|e| e.kind == EntryKind::Field && e.key.eq_ignore_ascii_case(key))
    }

    /// What `pkgconf --cflags` / `--libs` prints for a package whose words are
    /// all distinct (no dedup or reordering involved).
    fn rendered(l: &mut Loaded, key: &str) -> String {
        let Some(e) = field(l, key).cloned() else {
            return String::new();
        };
        let budget = &mut crate::registry::load::Budget::unlimited();
        let words = l
            .vars
            .flag_words(&e.key, &e.value, e.line, &mut l.diags, budget)
            .unwrap_or_default();
        words
            .iter()
            .map(|w| render(w))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn version(l: &mut Loaded) -> String {
        let e = field(l, "Version").cloned().unwrap();
        let v = l.vars.expand_at(&e.value, e.line, &mut l.diags);
        trim_version(&v, None, e.line, &mut l.diags)
    }

    type Case = (
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static str,
        &'static str,
        &'static str,
    );

    const CASES: &[Case] = &[
        (
            "quoting",
            &[
                ("prefix", r"/opt/my\ tools"),
                ("incdir", r"/opt/my\ tools/include"),
                ("dq", r"one two three\ four"),
                ("sq", r"a\b c"),
                ("bs", r"left\\right"),
            ],
            "2.0",
            r#"-I/opt/my\ tools/include -DSTR=\"hi\ there\" -DP=/opt/my\\\ tools -DQ=x\\y -DR=$HOME -DT=a\'b -DBS=left\\right"#,
            r"-L/opt/my\ tools/lib -lmy\ lib one two three\ four",
        ),
        (
            "dollars",
            &[("v", "val"), ("loop", "${loop}")],
            "0.1",
            r"$v $\{v\} val -D$(X) $ -DE=$\{\} -DU=",
            r"$\{loop\}",
        ),
        (
            "layout",
            &[("root", "/base"), ("lib", "/base/lib   64")],
            "3.1",
            r"-DHASH=\#x",
            "-L/base/lib 64 -lone-two",
        ),
        (
            "redefine",
            &[("p", "/third"), ("q", "R"), ("r", "R")],
            "/first/second",
            "-I/first/second -DQ=R",
            "",
        ),
        ("broken", &[("a", ""), ("b", "")], "1", "-DOK", ""),
        (
            "greedy",
            &[("empty", ""), ("pair", "a b")],
            "1",
            r"-I -DX -Ia\ b -Da b",
            "-L/x/y -lm",
        ),
        ("tail", &[("sp", "x")], "1", "-I/tx/inc -DEND=1", ""),
    ];

    #[test]
    fn fixtures_match_reference() {
        for (name, vars, ver, cflags, libs) in CASES {
            let mut l = load(name);
            let mut names = vec!["pcfiledir".to_owned()];
            names.extend(vars.iter().map(|(k, _)| k.to_string()));
            assert_eq!(l.vars.names(), names, "{name}: names");
            assert_eq!(l.vars.get("pcfiledir").as_deref(), Some(DIR), "{name}");
            for (k, want) in *vars {
                assert_eq!(
                    l.vars.get(k).as_deref(),
                    Some(*want),
                    "{name}: variable {k}"
                );
            }
            assert_eq!(version(&mut l), *ver, "{name}: version");
            assert_eq!(rendered(&mut l, "Cflags"), *cflags, "{name}: cflags");
            assert_eq!(rendered(&mut l, "Libs"), *libs, "{name}: libs");
        }
    }

    /// The warnings `pkgconf --validate` prints, as `line: message`.
    #[test]
    fn fixture_warnings_match_reference() {
        // pkgconf's located warnings (only those pkgconf reports too, each as
        // many times as pkgconf prints it).
        let located = |l: &Loaded| -> Vec<String> {
            l.diags
                .iter()
                .filter(|d| d.code.rule().validate)
                .filter_map(|d| d.line.map(|n| (n, d)))
                .flat_map(|(n, d)| (0..d.count).map(move |_| format!("{n}: {}", d.message)))
                .collect()
        };
        let mut l = load("dollars");
        assert_eq!(
            located(&l),
            ["1: whitespace encountered while parsing key section"]
        );
        let mut l2 = load("layout");
        version(&mut l2);
        assert_eq!(
            located(&l2),
            [
                "2: trailing whitespace encountered while parsing value section",
                "6: malformed version field with whitespace, trimming to [3.1]",
            ]
        );
        let mut b = load("broken");
        rendered(&mut b, "Cflags");
        rendered(&mut b, "Libs");
        assert_eq!(
            located(&b),
            [
                "6: unable to parse field 'Cflags' into an argument vector, value [-DOK -DA=${a} -DNEVER]",
                "7: unable to parse field 'Libs' into an argument vector, value [-lfine \"-lopen]",
            ]
        );
        let t = load("tail");
        assert_eq!(located(&t).len(), 2);
        rendered(&mut l, "Cflags");
        assert_eq!(located(&l).len(), 1);
    }
}
