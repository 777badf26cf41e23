//! The C API of pkgconf-rs: a thin layer over `libpkgconf`'s query API.
//!
//! The conventions (opaque handles, result codes, ownership of strings,
//! panics, threads) are written at the top of `include/pkgconf_rs.h`,
//! which cbindgen generates from this file.
#![allow(non_camel_case_types)]

use libpkgconf::{
    Context, Env, Linkage, Options, Outcome, Output, Package, Personality, Query, QueryResult,
    Relocation, TraverseDepth,
};
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// The major version of this library (and of its soname).
pub const PKGCONF_RS_VERSION_MAJOR: u32 = 0;
/// The minor version.
pub const PKGCONF_RS_VERSION_MINOR: u32 = 1;
/// The patch version.
pub const PKGCONF_RS_VERSION_PATCH: u32 = 0;
/// MAJOR * 10000 + MINOR * 100 + PATCH, as `pkgconf_rs_version()` returns.
pub const PKGCONF_RS_VERSION_NUMBER: u32 =
    PKGCONF_RS_VERSION_MAJOR * 10000 + PKGCONF_RS_VERSION_MINOR * 100 + PKGCONF_RS_VERSION_PATCH;

/// What a function did. Values are explicit and never reused.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum pkgconf_rs_result {
    /// Success (for a query: it ran; see `pkgconf_rs_answer_outcome`).
    PKGCONF_RS_OK = 0,
    /// A pointer argument was NULL.
    PKGCONF_RS_NULL_PARAMETER = 1,
    /// A string argument was not UTF-8.
    PKGCONF_RS_INVALID_UTF8 = 2,
    /// The buffer is too small; the needed length was written.
    PKGCONF_RS_INSUFFICIENT_SIZE = 3,
    /// A bug: the library panicked, and the panic was stopped here.
    PKGCONF_RS_PANIC = 4,
    /// An argument has a value the function does not accept.
    PKGCONF_RS_INVALID_ARGUMENT = 5,
    /// An index past the end.
    PKGCONF_RS_OUT_OF_RANGE = 6,
    /// The environment or the options cannot make a context (an invalid
    /// `PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH`, a bad personality file).
    PKGCONF_RS_CONFIG_ERROR = 7,
    /// A package (or a requirement of one, or a variable) was not found.
    PKGCONF_RS_NOT_FOUND = 8,
    /// A package was found but its version fails a requirement.
    PKGCONF_RS_VERSION_MISMATCH = 9,
    /// A package's `Conflicts` rule matches another package of the solution.
    PKGCONF_RS_CONFLICT = 10,
    /// The setup cannot work (the sysroot the search path points into does
    /// not exist).
    PKGCONF_RS_BROKEN = 11,
    /// The query names no package.
    PKGCONF_RS_NO_PACKAGES = 12,
    /// A yes-or-no question answered no.
    PKGCONF_RS_NO = 13,
}

use pkgconf_rs_result::*;

/// Query flag: compiler flags (`--cflags`).
pub const PKGCONF_RS_WANT_CFLAGS: u32 = 1;
/// Query flag: linker flags (`--libs`).
pub const PKGCONF_RS_WANT_LIBS: u32 = 2;
/// Query flag: link statically, whatever the context's default (`--static`).
pub const PKGCONF_RS_WANT_STATIC: u32 = 4;
/// Query flag: link shared, whatever the context's default (`--shared`).
pub const PKGCONF_RS_WANT_SHARED: u32 = 8;
/// Query flag: versions (`--modversion`).
pub const PKGCONF_RS_WANT_MODVERSION: u32 = 16;
/// Query flag: only whether the packages exist (`--exists`).
pub const PKGCONF_RS_WANT_EXISTS: u32 = 32;
/// Query flag: error text even for quiet queries (`--print-errors`).
pub const PKGCONF_RS_WANT_PRINT_ERRORS: u32 = 64;
/// Query flag: the answer's output is one JSON document (`--json`,
/// `docs/json.md`) holding the packages, cflags and libs (as text and as
/// fragments), the files read, the outcome and the diagnostics. It
/// replaces the other output flags: combined with `PKGCONF_RS_WANT_CFLAGS`,
/// `_LIBS`, `_MODVERSION` or `_EXISTS` it gives
/// `PKGCONF_RS_INVALID_ARGUMENT`.
pub const PKGCONF_RS_WANT_JSON: u32 = 128;
const WANT_ALL: u32 = 255;

/// Option flag: link statically by default (`--static`).
pub const PKGCONF_RS_OPT_STATIC: u32 = 1;
/// Option flag: link shared by default (`--shared`, wins over STATIC).
pub const PKGCONF_RS_OPT_SHARED: u32 = 2;
/// Option flag: static links use the pure graph (`--pure`).
pub const PKGCONF_RS_OPT_PURE: u32 = 4;
/// Option flag: `--keep-system-cflags`.
pub const PKGCONF_RS_OPT_KEEP_SYSTEM_CFLAGS: u32 = 8;
/// Option flag: `--keep-system-libs`.
pub const PKGCONF_RS_OPT_KEEP_SYSTEM_LIBS: u32 = 16;
/// Option flag: `--no-uninstalled`.
pub const PKGCONF_RS_OPT_NO_UNINSTALLED: u32 = 32;
/// Option flag: `--no-provides`.
pub const PKGCONF_RS_OPT_NO_PROVIDES: u32 = 64;
/// Option flag: `--ignore-conflicts`.
pub const PKGCONF_RS_OPT_IGNORE_CONFLICTS: u32 = 128;
/// Option flag: `--env-only`.
pub const PKGCONF_RS_OPT_ENV_ONLY: u32 = 256;
/// Option flag: `--define-prefix`.
pub const PKGCONF_RS_OPT_DEFINE_PREFIX: u32 = 512;
/// Option flag: `--dont-define-prefix` (wins over DEFINE_PREFIX).
pub const PKGCONF_RS_OPT_DONT_DEFINE_PREFIX: u32 = 1024;
/// Option flag: refuse malformed packages (a file with an ambiguous
/// finding, such as an undefined variable or a line pkgconf ignores, is not
/// used; the library's `Options::strict`).
pub const PKGCONF_RS_OPT_STRICT: u32 = 2048;
const OPT_ALL: u32 = 4095;

/// Package field: the id it is found by (the file name without `.pc`).
pub const PKGCONF_RS_FIELD_ID: u32 = 0;
/// Package field: `Name`.
pub const PKGCONF_RS_FIELD_NAME: u32 = 1;
/// Package field: `Version`.
pub const PKGCONF_RS_FIELD_VERSION: u32 = 2;
/// Package field: `Description`.
pub const PKGCONF_RS_FIELD_DESCRIPTION: u32 = 3;
/// Package field: `URL`.
pub const PKGCONF_RS_FIELD_URL: u32 = 4;
/// Package field: the `.pc` file it was read from.
pub const PKGCONF_RS_FIELD_PATH: u32 = 5;

/// Dependency list: `Requires`.
pub const PKGCONF_RS_DEPS_REQUIRES: u32 = 0;
/// Dependency list: `Requires.private`.
pub const PKGCONF_RS_DEPS_REQUIRES_PRIVATE: u32 = 1;
/// Dependency list: `Requires.internal`.
pub const PKGCONF_RS_DEPS_REQUIRES_INTERNAL: u32 = 2;
/// Dependency list: `Requires.shared`.
pub const PKGCONF_RS_DEPS_REQUIRES_SHARED: u32 = 3;
/// Dependency list: `Conflicts`.
pub const PKGCONF_RS_DEPS_CONFLICTS: u32 = 4;
/// Dependency list: `Provides`.
pub const PKGCONF_RS_DEPS_PROVIDES: u32 = 5;

/// One finding about a `.pc` file. Strings are borrowed from the answer.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct pkgconf_rs_diagnostic {
    /// The file, or NULL.
    pub path: *const c_char,
    /// Logical line, 0 when not known.
    pub line: u32,
    /// 1-based column on that line, 0 when not known (or when continued
    /// lines make the logical line differ from the physical one).
    pub column: u32,
    /// Stable code, such as "PC001".
    pub code: *const c_char,
    /// 0: warning, 1: error, 2: info.
    pub severity: u32,
    /// The message.
    pub message: *const c_char,
}

/// Options for a context, set before it is made (opaque).
#[derive(Debug, Default)]
pub struct pkgconf_rs_options {
    flags: u32,
    max_depth: Option<TraverseDepth>,
    jobs: u32,
    defines: Vec<(String, String)>,
    dirs: Vec<String>,
    personality: Option<String>,
}

/// A configuration and its package cache (opaque). Thread-safe.
#[derive(Debug)]
pub struct pkgconf_rs_context {
    context: Context,
}

/// The answer to a query (opaque, immutable).
#[derive(Debug)]
pub struct pkgconf_rs_answer {
    result: QueryResult,
    fragments: Vec<(c_char, CString)>,
    files: Vec<CString>,
    diagnostics: Vec<DiagnosticStrings>,
}

#[derive(Debug)]
struct DiagnosticStrings {
    path: Option<CString>,
    line: u32,
    column: u32,
    code: CString,
    severity: u32,
    message: CString,
}

/// A package (opaque, immutable).
#[derive(Debug)]
pub struct pkgconf_rs_package {
    package: Arc<Package>,
    fields: [Option<CString>; 6],
    deps: [Vec<CString>; 6],
}

/// Runs `f`, turning a panic into `PKGCONF_RS_PANIC`.
fn guard(f: impl FnOnce() -> pkgconf_rs_result) -> pkgconf_rs_result {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(PKGCONF_RS_PANIC)
}

/// A C string as `&str`.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that outlives `'a`.
unsafe fn text<'a>(p: *const c_char) -> Result<&'a str, pkgconf_rs_result> {
    if p.is_null() {
        return Err(PKGCONF_RS_NULL_PARAMETER);
    }
    // SAFETY: not NULL, and the caller promises a NUL-terminated string.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str().map_err(|_| PKGCONF_RS_INVALID_UTF8)
}

/// A C string from Rust text (cut at an interior NUL, which `.pc` text
/// cannot hold anyway).
fn c_string(s: &str) -> CString {
    let end = s.find('\0').unwrap_or(s.len());
    CString::new(&s[..end]).unwrap_or_default()
}

/// Writes `value` through `out`.
///
/// # Safety
/// `out` is NULL or valid for writing a `T`.
unsafe fn put<T>(out: *mut T, value: T) -> pkgconf_rs_result {
    if out.is_null() {
        return PKGCONF_RS_NULL_PARAMETER;
    }
    // SAFETY: not NULL, and the caller promises it is writable.
    unsafe { out.write(value) };
    PKGCONF_RS_OK
}

/// Copies `bytes` and a NUL into `buf`, or reports the length needed.
///
/// # Safety
/// `buf` is NULL or valid for writing `len` bytes; `out_len` is NULL or
/// valid for writing a `size_t`.
unsafe fn copy_out(
    bytes: &[u8],
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> pkgconf_rs_result {
    // A NULL buffer is only a size question when its length is 0.
    if out_len.is_null() || (buf.is_null() && len != 0) {
        return PKGCONF_RS_NULL_PARAMETER;
    }
    let bytes = &bytes[..bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len())];
    if buf.is_null() || len <= bytes.len() {
        // SAFETY: checked not NULL above; the caller promises it is writable.
        unsafe { out_len.write(bytes.len()) };
        return PKGCONF_RS_INSUFFICIENT_SIZE;
    }
    // SAFETY: `buf` holds `len > bytes.len()` bytes, so the copy and the NUL
    // fit; the regions cannot overlap (ours is a Rust allocation).
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf.cast::<u8>(), bytes.len());
        buf.add(bytes.len()).write(0);
        out_len.write(bytes.len());
    }
    PKGCONF_RS_OK
}

/// A shared reference from a handle pointer.
///
/// # Safety
/// `p` is NULL or a live handle made by this library.
unsafe fn handle<'a, T>(p: *const T) -> Result<&'a T, pkgconf_rs_result> {
    // SAFETY: the caller promises a live handle or NULL.
    unsafe { p.as_ref() }.ok_or(PKGCONF_RS_NULL_PARAMETER)
}

/// Frees a handle made by `Box::into_raw`.
///
/// # Safety
/// `p` is NULL or a live handle of type `T` made by this library, not used
/// afterwards.
unsafe fn free<T>(p: *mut T) {
    if p.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: made by Box::into_raw in this library, freed once.
        drop(unsafe { Box::from_raw(p) });
    }));
}

/// Hands a new handle out through `out`.
///
/// # Safety
/// `out` is valid for writing a pointer (checked for NULL by the caller).
unsafe fn hand_out<T>(out: *mut *mut T, value: T) -> pkgconf_rs_result {
    // SAFETY: forwarded from the caller.
    unsafe { put(out, Box::into_raw(Box::new(value))) }
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(code) => return code,
        }
    };
}

/// This library's version: MAJOR * 10000 + MINOR * 100 + PATCH.
/// Thread-safe; never fails.
#[unsafe(no_mangle)]
pub extern "C" fn pkgconf_rs_version() -> u32 {
    PKGCONF_RS_VERSION_NUMBER
}

/// The name of a result code ("PKGCONF_RS_OK", ...), or "PKGCONF_RS_UNKNOWN".
/// The string is static. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn pkgconf_rs_result_name(result: u32) -> *const c_char {
    let name: &CStr = match result {
        0 => c"PKGCONF_RS_OK",
        1 => c"PKGCONF_RS_NULL_PARAMETER",
        2 => c"PKGCONF_RS_INVALID_UTF8",
        3 => c"PKGCONF_RS_INSUFFICIENT_SIZE",
        4 => c"PKGCONF_RS_PANIC",
        5 => c"PKGCONF_RS_INVALID_ARGUMENT",
        6 => c"PKGCONF_RS_OUT_OF_RANGE",
        7 => c"PKGCONF_RS_CONFIG_ERROR",
        8 => c"PKGCONF_RS_NOT_FOUND",
        9 => c"PKGCONF_RS_VERSION_MISMATCH",
        10 => c"PKGCONF_RS_CONFLICT",
        11 => c"PKGCONF_RS_BROKEN",
        12 => c"PKGCONF_RS_NO_PACKAGES",
        13 => c"PKGCONF_RS_NO",
        _ => c"PKGCONF_RS_UNKNOWN",
    };
    name.as_ptr()
}

/// New options with nothing set; never NULL. Free with
/// `pkgconf_rs_options_free`. Not thread-safe to modify concurrently.
#[unsafe(no_mangle)]
pub extern "C" fn pkgconf_rs_options_new() -> *mut pkgconf_rs_options {
    catch_unwind(|| Box::into_raw(Box::default())).unwrap_or(std::ptr::null_mut())
}

/// Frees options; NULL is a no-op. Contexts made from them stay valid.
///
/// # Safety
/// `opts` is NULL or a live options handle, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_options_free(opts: *mut pkgconf_rs_options) {
    // SAFETY: forwarded from the caller.
    unsafe { free(opts) }
}

/// Sets the `PKGCONF_RS_OPT_*` flags (replacing earlier ones); unknown bits
/// give `PKGCONF_RS_INVALID_ARGUMENT`.
///
/// # Safety
/// `opts` is NULL or a live options handle not used by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_options_set_flags(
    opts: *mut pkgconf_rs_options,
    flags: u32,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live, unshared handle or NULL.
        let Some(o) = (unsafe { opts.as_mut() }) else {
            return PKGCONF_RS_NULL_PARAMETER;
        };
        if flags & !OPT_ALL != 0 {
            return PKGCONF_RS_INVALID_ARGUMENT;
        }
        o.flags = flags;
        PKGCONF_RS_OK
    })
}

/// Limits how deep the graph is walked (`--maximum-traverse-depth`): -1 or
/// 0 is unlimited, below -1 is `PKGCONF_RS_INVALID_ARGUMENT`.
///
/// # Safety
/// `opts` is NULL or a live options handle not used by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_options_set_max_depth(
    opts: *mut pkgconf_rs_options,
    depth: i32,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live, unshared handle or NULL.
        let Some(o) = (unsafe { opts.as_mut() }) else {
            return PKGCONF_RS_NULL_PARAMETER;
        };
        match TraverseDepth::parse(&depth.to_string()) {
            Ok(d) => {
                o.max_depth = Some(d);
                PKGCONF_RS_OK
            }
            Err(_) => PKGCONF_RS_INVALID_ARGUMENT,
        }
    })
}

/// Reads the files of a whole search-path scan (listing every package,
/// looking for a `Provides`) on `jobs` threads: 0 or 1 is one thread (the
/// default: the library starts no thread unless asked), and more than 64
/// is 64. Above 1, a solve that has expanded 1,024 packages also reads ahead
/// on one helper thread, and a solution of 1,024 packages or more collects
/// its libs on a second thread while its cflags are collected. The answers
/// are the same whatever `jobs`.
///
/// # Safety
/// `opts` is NULL or a live options handle not used by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_options_set_jobs(
    opts: *mut pkgconf_rs_options,
    jobs: u32,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live, unshared handle or NULL.
        let Some(o) = (unsafe { opts.as_mut() }) else {
            return PKGCONF_RS_NULL_PARAMETER;
        };
        o.jobs = jobs;
        PKGCONF_RS_OK
    })
}

/// Overrides variable `name` in every package (`--define-variable`).
///
/// # Safety
/// `opts` is NULL or a live options handle not used by another thread;
/// `name` and `value` are NULL or NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_options_define_variable(
    opts: *mut pkgconf_rs_options,
    name: *const c_char,
    value: *const c_char,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises NUL-terminated strings or NULL.
        let (name, value) = (tri!(unsafe { text(name) }), tri!(unsafe { text(value) }));
        // SAFETY: the caller promises a live, unshared handle or NULL.
        let Some(o) = (unsafe { opts.as_mut() }) else {
            return PKGCONF_RS_NULL_PARAMETER;
        };
        o.defines.push((name.to_owned(), value.to_owned()));
        PKGCONF_RS_OK
    })
}

/// Searches `dir` before every other directory (`--with-path`); repeated
/// calls keep their order.
///
/// # Safety
/// `opts` is NULL or a live options handle not used by another thread;
/// `dir` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_options_add_search_dir(
    opts: *mut pkgconf_rs_options,
    dir: *const c_char,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a NUL-terminated string or NULL.
        let dir = tri!(unsafe { text(dir) });
        // SAFETY: the caller promises a live, unshared handle or NULL.
        let Some(o) = (unsafe { opts.as_mut() }) else {
            return PKGCONF_RS_NULL_PARAMETER;
        };
        o.dirs.push(dir.to_owned());
        PKGCONF_RS_OK
    })
}

/// Uses a target personality: a triplet looked up in the personality
/// directories of the context's environment, or a personality file's path
/// (`--personality`). Checked when the context is made.
///
/// # Safety
/// `opts` is NULL or a live options handle not used by another thread;
/// `personality` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_options_set_personality(
    opts: *mut pkgconf_rs_options,
    personality: *const c_char,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a NUL-terminated string or NULL.
        let p = tri!(unsafe { text(personality) });
        // SAFETY: the caller promises a live, unshared handle or NULL.
        let Some(o) = (unsafe { opts.as_mut() }) else {
            return PKGCONF_RS_NULL_PARAMETER;
        };
        o.personality = Some(p.to_owned());
        PKGCONF_RS_OK
    })
}

/// An option flag and the builder method it calls.
type OptionSwitch = (u32, fn(Options) -> Options);

/// The library's options from the C options and an environment.
fn options(o: Option<&pkgconf_rs_options>, env: &Env) -> Result<Options, pkgconf_rs_result> {
    let default = pkgconf_rs_options::default();
    let o = o.unwrap_or(&default);
    let personality = Personality::for_invocation(o.personality.as_deref(), "", env)
        .map_err(|_| PKGCONF_RS_CONFIG_ERROR)?;
    let mut opts = Options::new().personality(personality);
    for dir in &o.dirs {
        opts = opts.with_path(dir.as_str());
    }
    for (k, v) in &o.defines {
        opts = opts.define_variable(k.as_str(), v.as_str());
    }
    if let Some(d) = o.max_depth {
        opts = opts.max_depth(d);
    }
    opts = opts.jobs(usize::try_from(o.jobs).unwrap_or(libpkgconf::MAX_JOBS));
    let switches: [OptionSwitch; 8] = [
        (PKGCONF_RS_OPT_PURE, Options::pure),
        (
            PKGCONF_RS_OPT_KEEP_SYSTEM_CFLAGS,
            Options::keep_system_cflags,
        ),
        (PKGCONF_RS_OPT_KEEP_SYSTEM_LIBS, Options::keep_system_libs),
        (PKGCONF_RS_OPT_NO_UNINSTALLED, Options::no_uninstalled),
        (PKGCONF_RS_OPT_NO_PROVIDES, Options::no_provides),
        (PKGCONF_RS_OPT_IGNORE_CONFLICTS, Options::ignore_conflicts),
        (PKGCONF_RS_OPT_ENV_ONLY, Options::env_only),
        (PKGCONF_RS_OPT_STRICT, Options::strict),
    ];
    for (bit, set) in switches {
        if o.flags & bit != 0 {
            opts = set(opts);
        }
    }
    // Both together are pkgconf's mix, as on its command line.
    match (
        o.flags & PKGCONF_RS_OPT_STATIC != 0,
        o.flags & PKGCONF_RS_OPT_SHARED != 0,
    ) {
        (true, true) => opts = opts.linkage(Linkage::StaticShared),
        (false, true) => opts = opts.linkage(Linkage::Shared),
        (true, false) => opts = opts.linkage(Linkage::Static),
        (false, false) => {}
    }
    if o.flags & PKGCONF_RS_OPT_DONT_DEFINE_PREFIX != 0 {
        opts = opts.relocation(Relocation::Never);
    } else if o.flags & PKGCONF_RS_OPT_DEFINE_PREFIX != 0 {
        opts = opts.relocation(Relocation::DefinePrefix);
    }
    Ok(opts)
}

/// Makes a context from an explicit environment: `env_len` strings
/// `"NAME=value"` (one without `=`: `PKGCONF_RS_INVALID_ARGUMENT`); `env`
/// may be NULL when `env_len` is 0. `opts` may be NULL (defaults). The
/// process environment is not read. Free with `pkgconf_rs_context_free`.
/// Thread-safe (the options are only read).
///
/// # Safety
/// `env` points to `env_len` NUL-terminated strings; `opts` is NULL or a
/// live options handle; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_context_new(
    env: *const *const c_char,
    env_len: usize,
    opts: *const pkgconf_rs_options,
    out: *mut *mut pkgconf_rs_context,
) -> pkgconf_rs_result {
    guard(|| {
        if out.is_null() || (env.is_null() && env_len > 0) {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        let mut pairs = Vec::with_capacity(env_len);
        for i in 0..env_len {
            // SAFETY: the caller promises `env_len` readable entries.
            let entry = tri!(unsafe { text(*env.add(i)) });
            let Some((k, v)) = entry.split_once('=') else {
                return PKGCONF_RS_INVALID_ARGUMENT;
            };
            pairs.push((k.to_owned(), v.to_owned()));
        }
        // SAFETY: the caller promises a live options handle or NULL.
        let o = unsafe { opts.as_ref() };
        // SAFETY: `out` checked above.
        unsafe { make_context(&Env::from_pairs(pairs), o, out) }
    })
}

/// Makes a context from the process environment (the only function that
/// reads it). `opts` may be NULL. Thread-safe as far as reading the
/// environment is: not while another thread changes it (`setenv`).
///
/// # Safety
/// `opts` is NULL or a live options handle; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_context_new_from_process_env(
    opts: *const pkgconf_rs_options,
    out: *mut *mut pkgconf_rs_context,
) -> pkgconf_rs_result {
    guard(|| {
        if out.is_null() {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        let env = Env::from_pairs(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        );
        // SAFETY: the caller promises a live options handle or NULL; `out`
        // checked above.
        unsafe { make_context(&env, opts.as_ref(), out) }
    })
}

/// # Safety
/// `out` is valid for writing.
unsafe fn make_context(
    env: &Env,
    opts: Option<&pkgconf_rs_options>,
    out: *mut *mut pkgconf_rs_context,
) -> pkgconf_rs_result {
    let opts = tri!(options(opts, env));
    match Context::new(env, &opts) {
        // SAFETY: forwarded from the caller.
        Ok(context) => unsafe { hand_out(out, pkgconf_rs_context { context }) },
        Err(_) => PKGCONF_RS_CONFIG_ERROR,
    }
}

/// Frees a context; NULL is a no-op. Answers and packages made from it stay
/// valid.
///
/// # Safety
/// `ctx` is NULL or a live context no other thread uses, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_context_free(ctx: *mut pkgconf_rs_context) {
    // SAFETY: forwarded from the caller.
    unsafe { free(ctx) }
}

/// The number of packages on the context's search path. Thread-safe.
///
/// # Safety
/// `ctx` is NULL or a live context; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_context_package_count(
    ctx: *const pkgconf_rs_context,
    out: *mut usize,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live context or NULL.
        let c = tri!(unsafe { handle(ctx) });
        // SAFETY: the caller promises `out` is writable or NULL.
        unsafe { put(out, c.context.packages().len()) }
    })
}

/// The package at `index` of the search path's listing (as `--list-all`
/// orders it). Free it with `pkgconf_rs_package_free`. Thread-safe.
///
/// # Safety
/// `ctx` is NULL or a live context; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_context_package_at(
    ctx: *const pkgconf_rs_context,
    index: usize,
    out: *mut *mut pkgconf_rs_package,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live context or NULL.
        let c = tri!(unsafe { handle(ctx) });
        if out.is_null() {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        let Some((_, pkg)) = c.context.packages().into_iter().nth(index) else {
            return PKGCONF_RS_OUT_OF_RANGE;
        };
        // SAFETY: `out` checked above.
        unsafe { hand_out(out, package_handle(pkg)) }
    })
}

/// Answers a query: `packages` as on pkgconf's command line
/// (`"foo >= 1.2 bar"`), `want` a set of `PKGCONF_RS_WANT_*` flags.
/// `PKGCONF_RS_OK` means the query ran; its outcome is in the answer.
/// Unknown `want` bits give `PKGCONF_RS_INVALID_ARGUMENT`. Free the answer
/// with `pkgconf_rs_answer_free`. Thread-safe: any number of threads may
/// query one context at once.
///
/// # Safety
/// `ctx` is NULL or a live context; `packages` is NULL or a NUL-terminated
/// string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_query(
    ctx: *const pkgconf_rs_context,
    packages: *const c_char,
    want: u32,
    out: *mut *mut pkgconf_rs_answer,
) -> pkgconf_rs_result {
    // SAFETY: forwarded from the caller; no filter.
    unsafe { pkgconf_rs_query_filtered(ctx, packages, want, std::ptr::null(), out) }
}

/// `pkgconf_rs_query` keeping only fragments of the given types
/// (`--fragment-filter`): `types` is a string of type letters such as
/// `"Il"`, or NULL for no filter; a character that is not a letter gives
/// `PKGCONF_RS_INVALID_ARGUMENT`. Thread-safe.
///
/// # Safety
/// As `pkgconf_rs_query`; `types` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_query_filtered(
    ctx: *const pkgconf_rs_context,
    packages: *const c_char,
    want: u32,
    types: *const c_char,
    out: *mut *mut pkgconf_rs_answer,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live context or NULL.
        let c = tri!(unsafe { handle(ctx) });
        // SAFETY: the caller promises a NUL-terminated string or NULL.
        let words = tri!(unsafe { text(packages) });
        let filter = if types.is_null() {
            None
        } else {
            // SAFETY: not NULL; the caller promises a NUL-terminated string.
            Some(tri!(unsafe { text(types) }))
        };
        if out.is_null() {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        if want & !WANT_ALL != 0 {
            return PKGCONF_RS_INVALID_ARGUMENT;
        }
        let mut q = tri!(query(words, want, filter));
        if want & PKGCONF_RS_WANT_PRINT_ERRORS != 0 {
            q = q.print_errors();
        }
        let answer = answer_handle(c.context.run(&q));
        // SAFETY: `out` checked above.
        unsafe { hand_out(out, answer) }
    })
}

/// The library query for a C query.
fn query(words: &str, want: u32, filter: Option<&str>) -> Result<Query, pkgconf_rs_result> {
    let outputs = [
        (PKGCONF_RS_WANT_CFLAGS, Output::Cflags),
        (PKGCONF_RS_WANT_LIBS, Output::Libs),
        (PKGCONF_RS_WANT_MODVERSION, Output::ModVersion),
        (PKGCONF_RS_WANT_EXISTS, Output::Exists),
        (PKGCONF_RS_WANT_JSON, Output::Json),
    ];
    let mut q = Query::new().packages([words]);
    for (bit, output) in outputs {
        if want & bit != 0 {
            q = q.want(output);
        }
    }
    match (
        want & PKGCONF_RS_WANT_STATIC != 0,
        want & PKGCONF_RS_WANT_SHARED != 0,
    ) {
        (true, true) => q = q.linkage(Linkage::StaticShared),
        (false, true) => q = q.linkage(Linkage::Shared),
        (true, false) => q = q.linkage(Linkage::Static),
        (false, false) => {}
    }
    q.check().map_err(|_| PKGCONF_RS_INVALID_ARGUMENT)?;
    match filter {
        Some(types) => q
            .fragment_filter(types)
            .map_err(|_| PKGCONF_RS_INVALID_ARGUMENT),
        None => Ok(q),
    }
}

/// Whether `path` is a system directory the context filters from output:
/// `kind` `'I'` asks about include directories, `'L'` about library
/// directories (another kind: `PKGCONF_RS_INVALID_ARGUMENT`). `*out` is
/// false when the context keeps system directories. Thread-safe.
///
/// # Safety
/// `ctx` is NULL or a live context; `path` is NULL or a NUL-terminated
/// string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_context_is_system_dir(
    ctx: *const pkgconf_rs_context,
    kind: c_char,
    path: *const c_char,
    out: *mut bool,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live context or NULL.
        let c = tri!(unsafe { handle(ctx) });
        // SAFETY: the caller promises a NUL-terminated string or NULL.
        let path = tri!(unsafe { text(path) });
        let kind = match u8::try_from(kind).ok().map(char::from) {
            Some(k @ ('I' | 'L')) => k,
            _ => return PKGCONF_RS_INVALID_ARGUMENT,
        };
        let fragment = libpkgconf::Fragment::typed(kind, path);
        // SAFETY: the caller promises `out` is writable or NULL.
        unsafe { put(out, c.context.is_system_dir(&fragment)) }
    })
}

fn answer_handle(result: QueryResult) -> pkgconf_rs_answer {
    let fragments = result
        .cflags()
        .iter()
        .chain(result.libs())
        .map(|f| {
            let kind = f.kind.filter(char::is_ascii).map_or(0, |k| k as u8);
            let mut words = vec![f.text()];
            words.extend(f.children().iter().map(|c| c.text()));
            (kind as c_char, c_string(&words.join(" ")))
        })
        .collect();
    let files = result
        .files()
        .iter()
        .map(|p| c_string(p.as_str()))
        .collect();
    let diagnostics = result
        .diagnostics()
        .iter()
        .map(|d| DiagnosticStrings {
            path: d.path.as_ref().map(|p| c_string(p.as_str())),
            line: d.line.unwrap_or(0),
            column: d
                .span
                .as_ref()
                .filter(|s| Some(s.line) == d.line)
                .map_or(0, |s| s.column),
            code: c_string(d.code.id()),
            severity: match d.severity {
                libpkgconf::Severity::Warning => 0,
                libpkgconf::Severity::Info => 2,
                _ => 1,
            },
            message: c_string(&d.message),
        })
        .collect();
    pkgconf_rs_answer {
        result,
        fragments,
        files,
        diagnostics,
    }
}

/// Frees an answer; NULL is a no-op.
///
/// # Safety
/// `answer` is NULL or a live answer no other thread uses, not used
/// afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_free(answer: *mut pkgconf_rs_answer) {
    // SAFETY: forwarded from the caller.
    unsafe { free(answer) }
}

/// How the query ended: `PKGCONF_RS_OK`, `_NOT_FOUND`, `_VERSION_MISMATCH`,
/// `_CONFLICT`, `_BROKEN`, `_NO_PACKAGES` or `_NO`. Thread-safe.
///
/// # Safety
/// `answer` is NULL or a live answer; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_outcome(
    answer: *const pkgconf_rs_answer,
    out: *mut pkgconf_rs_result,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live answer or NULL.
        let a = tri!(unsafe { handle(answer) });
        let code = match a.result.outcome() {
            Outcome::Success => PKGCONF_RS_OK,
            Outcome::NotFound => PKGCONF_RS_NOT_FOUND,
            Outcome::VersionMismatch => PKGCONF_RS_VERSION_MISMATCH,
            Outcome::Conflict => PKGCONF_RS_CONFLICT,
            Outcome::Broken => PKGCONF_RS_BROKEN,
            Outcome::NoPackages => PKGCONF_RS_NO_PACKAGES,
            _ => PKGCONF_RS_NO,
        };
        // SAFETY: the caller promises `out` is writable or NULL.
        unsafe { put(out, code) }
    })
}

/// pkgconf's exit status for this answer (0 or 1). Thread-safe.
///
/// # Safety
/// `answer` is NULL or a live answer; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_exit_code(
    answer: *const pkgconf_rs_answer,
    out: *mut i32,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live answer or NULL.
        let a = tri!(unsafe { handle(answer) });
        // SAFETY: the caller promises `out` is writable or NULL.
        unsafe { put(out, i32::from(a.result.exit_code())) }
    })
}

/// Copies some of an answer's bytes out (see `copy_out`).
///
/// # Safety
/// As for the `pkgconf_rs_answer_*` text functions.
unsafe fn answer_text(
    answer: *const pkgconf_rs_answer,
    pick: fn(&QueryResult) -> &[u8],
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live answer or NULL.
        let a = tri!(unsafe { handle(answer) });
        // SAFETY: the caller promises `buf` holds `len` bytes and `out_len`
        // is writable (or NULL).
        unsafe { copy_out(pick(&a.result), buf, len, out_len) }
    })
}

/// The compiler flags exactly as `--cflags` prints them, without the
/// newline, copied into `buf` (NUL-terminated); `*out_len` gets the length
/// (or, with `PKGCONF_RS_INSUFFICIENT_SIZE`, the length needed, without
/// the NUL). Pass `buf` NULL and `len` 0 to ask for the length; NULL with
/// another length is `PKGCONF_RS_NULL_PARAMETER`. Thread-safe.
///
/// # Safety
/// `answer` is NULL or a live answer; `buf` is NULL or holds `len` bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_cflags(
    answer: *const pkgconf_rs_answer,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> pkgconf_rs_result {
    // SAFETY: forwarded from the caller.
    unsafe { answer_text(answer, QueryResult::cflags_text, buf, len, out_len) }
}

/// The linker flags exactly as `--libs` prints them, without the newline;
/// copied as `pkgconf_rs_answer_cflags` copies. Thread-safe.
///
/// # Safety
/// As `pkgconf_rs_answer_cflags`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_libs(
    answer: *const pkgconf_rs_answer,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> pkgconf_rs_result {
    // SAFETY: forwarded from the caller.
    unsafe { answer_text(answer, QueryResult::libs_text, buf, len, out_len) }
}

/// Exactly the bytes `pkgconf-rs` prints on stdout for this query;
/// copied as `pkgconf_rs_answer_cflags` copies. Thread-safe.
///
/// # Safety
/// As `pkgconf_rs_answer_cflags`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_output(
    answer: *const pkgconf_rs_answer,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> pkgconf_rs_result {
    // SAFETY: forwarded from the caller.
    unsafe { answer_text(answer, QueryResult::stdout, buf, len, out_len) }
}

/// Exactly the bytes `pkgconf-rs` prints on stderr for this query (error
/// text); copied as `pkgconf_rs_answer_cflags` copies. Thread-safe.
///
/// # Safety
/// As `pkgconf_rs_answer_cflags`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_errors(
    answer: *const pkgconf_rs_answer,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> pkgconf_rs_result {
    // SAFETY: forwarded from the caller.
    unsafe { answer_text(answer, QueryResult::stderr, buf, len, out_len) }
}

/// The number of typed fragments (the cflags, then the libs). Thread-safe.
///
/// # Safety
/// `answer` is NULL or a live answer; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_fragment_count(
    answer: *const pkgconf_rs_answer,
    out: *mut usize,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live answer or NULL.
        let a = tri!(unsafe { handle(answer) });
        // SAFETY: the caller promises `out` is writable or NULL.
        unsafe { put(out, a.fragments.len()) }
    })
}

/// Fragment `index`: its type letter (`'I'`, `'L'`, `'l'`, `'D'`, ..., or
/// 0 for untyped ones) and its text: the flag and the words it owns (such
/// as `-framework Foo`) unescaped and joined by single spaces (the answer's
/// cflags/libs text has them shell-escaped, as printed). Borrowed until the
/// answer is freed. Thread-safe.
///
/// # Safety
/// `answer` is NULL or a live answer; `kind` and `text` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_fragment(
    answer: *const pkgconf_rs_answer,
    index: usize,
    kind: *mut c_char,
    text: *mut *const c_char,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live answer or NULL.
        let a = tri!(unsafe { handle(answer) });
        if kind.is_null() || text.is_null() {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        let Some((k, t)) = a.fragments.get(index) else {
            return PKGCONF_RS_OUT_OF_RANGE;
        };
        // SAFETY: both checked not NULL; the caller promises they are writable.
        unsafe {
            kind.write(*k);
            text.write(t.as_ptr());
        }
        PKGCONF_RS_OK
    })
}

/// The number of `.pc` files the answer depends on. Thread-safe.
///
/// # Safety
/// `answer` is NULL or a live answer; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_file_count(
    answer: *const pkgconf_rs_answer,
    out: *mut usize,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live answer or NULL.
        let a = tri!(unsafe { handle(answer) });
        // SAFETY: the caller promises `out` is writable or NULL.
        unsafe { put(out, a.files.len()) }
    })
}

/// File `index`, in the order the query first used them (for rebuild
/// tracking); borrowed until the answer is freed. Thread-safe.
///
/// # Safety
/// `answer` is NULL or a live answer; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_file(
    answer: *const pkgconf_rs_answer,
    index: usize,
    out: *mut *const c_char,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live answer or NULL.
        let a = tri!(unsafe { handle(answer) });
        if out.is_null() {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        let Some(f) = a.files.get(index) else {
            return PKGCONF_RS_OUT_OF_RANGE;
        };
        // SAFETY: `out` checked above.
        unsafe { put(out, f.as_ptr()) }
    })
}

/// The number of diagnostics about the files read. Thread-safe.
///
/// # Safety
/// `answer` is NULL or a live answer; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_diagnostic_count(
    answer: *const pkgconf_rs_answer,
    out: *mut usize,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live answer or NULL.
        let a = tri!(unsafe { handle(answer) });
        // SAFETY: the caller promises `out` is writable or NULL.
        unsafe { put(out, a.diagnostics.len()) }
    })
}

/// Diagnostic `index` (path, line, column, code, severity, message), its
/// strings borrowed until the answer is freed. Thread-safe.
///
/// # Safety
/// `answer` is NULL or a live answer; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_answer_diagnostic(
    answer: *const pkgconf_rs_answer,
    index: usize,
    out: *mut pkgconf_rs_diagnostic,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live answer or NULL.
        let a = tri!(unsafe { handle(answer) });
        if out.is_null() {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        let Some(d) = a.diagnostics.get(index) else {
            return PKGCONF_RS_OUT_OF_RANGE;
        };
        let view = pkgconf_rs_diagnostic {
            path: d.path.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
            line: d.line,
            column: d.column,
            code: d.code.as_ptr(),
            severity: d.severity,
            message: d.message.as_ptr(),
        };
        // SAFETY: `out` checked above.
        unsafe { put(out, view) }
    })
}

fn package_handle(package: Arc<Package>) -> pkgconf_rs_package {
    let p = &package;
    let fields = [
        Some(c_string(&p.id)),
        p.name.as_deref().map(c_string),
        p.version.as_deref().map(c_string),
        p.description.as_deref().map(c_string),
        p.url.as_deref().map(c_string),
        p.path.as_ref().map(|x| c_string(x.as_str())),
    ];
    let list = |deps: &[libpkgconf::Dependency]| -> Vec<CString> {
        deps.iter().map(|d| c_string(&d.to_string())).collect()
    };
    let deps = [
        list(&p.requires),
        list(&p.requires_private),
        list(&p.requires_internal),
        list(&p.requires_shared),
        list(&p.conflicts),
        list(&p.provides),
    ];
    pkgconf_rs_package {
        package,
        fields,
        deps,
    }
}

/// Finds a package by name, or by path for a name ending in `.pc`
/// (`PKGCONF_RS_NOT_FOUND` otherwise). Free it with
/// `pkgconf_rs_package_free`. Thread-safe.
///
/// # Safety
/// `ctx` is NULL or a live context; `name` is NULL or a NUL-terminated
/// string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_package_find(
    ctx: *const pkgconf_rs_context,
    name: *const c_char,
    out: *mut *mut pkgconf_rs_package,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live context or NULL.
        let c = tri!(unsafe { handle(ctx) });
        // SAFETY: the caller promises a NUL-terminated string or NULL.
        let name = tri!(unsafe { text(name) });
        if out.is_null() {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        match c.context.find(name) {
            // SAFETY: `out` checked above.
            Some((_, pkg)) => unsafe { hand_out(out, package_handle(pkg)) },
            None => PKGCONF_RS_NOT_FOUND,
        }
    })
}

/// Frees a package; NULL is a no-op.
///
/// # Safety
/// `pkg` is NULL or a live package no other thread uses, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_package_free(pkg: *mut pkgconf_rs_package) {
    // SAFETY: forwarded from the caller.
    unsafe { free(pkg) }
}

/// A field of the package (`PKGCONF_RS_FIELD_*`), borrowed until the
/// package is freed; `PKGCONF_RS_NOT_FOUND` when the file has no such
/// field. Thread-safe.
///
/// # Safety
/// `pkg` is NULL or a live package; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_package_field(
    pkg: *const pkgconf_rs_package,
    field: u32,
    out: *mut *const c_char,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live package or NULL.
        let p = tri!(unsafe { handle(pkg) });
        if out.is_null() {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        let Some(slot) = usize::try_from(field).ok().and_then(|i| p.fields.get(i)) else {
            return PKGCONF_RS_INVALID_ARGUMENT;
        };
        match slot {
            // SAFETY: `out` checked above.
            Some(s) => unsafe { put(out, s.as_ptr()) },
            None => PKGCONF_RS_NOT_FOUND,
        }
    })
}

/// A variable of the package, expanded (as `--variable` prints it without
/// a sysroot), copied as `pkgconf_rs_answer_cflags` copies;
/// `PKGCONF_RS_NOT_FOUND` when nothing defines it. Thread-safe.
///
/// # Safety
/// `pkg` is NULL or a live package; `name` is NULL or a NUL-terminated
/// string; `buf` is NULL or holds `len` bytes; `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_package_variable(
    pkg: *const pkgconf_rs_package,
    name: *const c_char,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live package or NULL.
        let p = tri!(unsafe { handle(pkg) });
        // SAFETY: the caller promises a NUL-terminated string or NULL.
        let name = tri!(unsafe { text(name) });
        if out_len.is_null() || (buf.is_null() && len != 0) {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        match p.package.vars.get(name) {
            // SAFETY: forwarded from the caller.
            Some(v) => unsafe { copy_out(v.as_bytes(), buf, len, out_len) },
            None => PKGCONF_RS_NOT_FOUND,
        }
    })
}

fn deps_of(p: &pkgconf_rs_package, list: u32) -> Result<&[CString], pkgconf_rs_result> {
    usize::try_from(list)
        .ok()
        .and_then(|i| p.deps.get(i))
        .map(Vec::as_slice)
        .ok_or(PKGCONF_RS_INVALID_ARGUMENT)
}

/// The number of entries of a dependency list (`PKGCONF_RS_DEPS_*`).
/// Thread-safe.
///
/// # Safety
/// `pkg` is NULL or a live package; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_package_dependency_count(
    pkg: *const pkgconf_rs_package,
    list: u32,
    out: *mut usize,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live package or NULL.
        let p = tri!(unsafe { handle(pkg) });
        let deps = tri!(deps_of(p, list));
        // SAFETY: the caller promises `out` is writable or NULL.
        unsafe { put(out, deps.len()) }
    })
}

/// Entry `index` of a dependency list, printed as pkgconf prints it
/// (`"foo >= 1.2"`), borrowed until the package is freed. Thread-safe.
///
/// # Safety
/// `pkg` is NULL or a live package; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_package_dependency(
    pkg: *const pkgconf_rs_package,
    list: u32,
    index: usize,
    out: *mut *const c_char,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises a live package or NULL.
        let p = tri!(unsafe { handle(pkg) });
        let deps = tri!(deps_of(p, list));
        if out.is_null() {
            return PKGCONF_RS_NULL_PARAMETER;
        }
        let Some(d) = deps.get(index) else {
            return PKGCONF_RS_OUT_OF_RANGE;
        };
        // SAFETY: `out` checked above.
        unsafe { put(out, d.as_ptr()) }
    })
}

/// Compares two versions as pkgconf does: `*out` is -1, 0 or 1.
/// Thread-safe.
///
/// # Safety
/// `a` and `b` are NULL or NUL-terminated strings; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pkgconf_rs_version_compare(
    a: *const c_char,
    b: *const c_char,
    out: *mut i32,
) -> pkgconf_rs_result {
    guard(|| {
        // SAFETY: the caller promises NUL-terminated strings or NULL.
        let (a, b) = (tri!(unsafe { text(a) }), tri!(unsafe { text(b) }));
        let order = libpkgconf::compare_versions(a, b) as i32;
        // SAFETY: the caller promises `out` is writable or NULL.
        unsafe { put(out, order) }
    })
}
