//! Cross-compilation personalities as plain data.
//!
//! A personality says where a target's `.pc` files live by default, which
//! directories its compiler searches anyway (so their `-I`/`-L` flags are
//! filtered), and its sysroot. The default personality describes the host.

use camino::Utf8PathBuf;

/// A target description, as pkgconf's `--personality` selects it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Personality {
    /// `default`, or a target triplet such as `x86_64-w64-mingw32`.
    pub triplet: String,
    /// The search path used when `PKG_CONFIG_LIBDIR` is not set.
    pub default_search_paths: Vec<Utf8PathBuf>,
    /// Directories whose `-I` flags are dropped unless kept explicitly.
    pub system_include_paths: Vec<Utf8PathBuf>,
    /// Directories whose `-L` flags are dropped unless kept explicitly.
    pub system_library_paths: Vec<Utf8PathBuf>,
    /// The sysroot, if the personality names one.
    pub sysroot_dir: Option<Utf8PathBuf>,
    /// Resolve as for static linking unless told otherwise.
    pub want_default_static: bool,
    /// Use the pure (non-flattened) static graph by default.
    pub want_default_pure: bool,
}

/// The compiled-in default search path, overridable at build time with the
/// `PKGCONF_RS_DEFAULT_PC_PATH` environment variable (`:`-separated).
const DEFAULT_PC_PATH: Option<&str> = option_env!("PKGCONF_RS_DEFAULT_PC_PATH");
/// Build-time override of the system include directories.
const DEFAULT_SYSTEM_INCLUDEDIRS: Option<&str> = option_env!("PKGCONF_RS_SYSTEM_INCLUDEDIRS");
/// Build-time override of the system library directories.
const DEFAULT_SYSTEM_LIBDIRS: Option<&str> = option_env!("PKGCONF_RS_SYSTEM_LIBDIRS");

fn host_multiarch() -> Option<&'static str> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    match std::env::consts::ARCH {
        "x86_64" => Some("x86_64-linux-gnu"),
        "aarch64" => Some("aarch64-linux-gnu"),
        "x86" => Some("i386-linux-gnu"),
        "arm" => Some("arm-linux-gnueabihf"),
        "riscv64" => Some("riscv64-linux-gnu"),
        "powerpc64" => Some("powerpc64le-linux-gnu"),
        "s390x" => Some("s390x-linux-gnu"),
        _ => None,
    }
}

use super::paths::split_owned as split_list;

impl Personality {
    /// The host's personality: Debian-style multiarch directories on Linux,
    /// the classic `/usr` layout elsewhere.
    pub fn host() -> Self {
        let multiarch = host_multiarch();
        let search = match DEFAULT_PC_PATH {
            Some(p) => split_list(p),
            None => {
                let mut v = Vec::new();
                for root in ["/usr/local", "/usr"] {
                    if let Some(m) = multiarch {
                        v.push(Utf8PathBuf::from(format!("{root}/lib/{m}/pkgconfig")));
                    }
                    v.push(Utf8PathBuf::from(format!("{root}/lib/pkgconfig")));
                    v.push(Utf8PathBuf::from(format!("{root}/share/pkgconfig")));
                }
                v
            }
        };
        let includes = DEFAULT_SYSTEM_INCLUDEDIRS
            .map_or_else(|| vec![Utf8PathBuf::from("/usr/include")], split_list);
        let libs = match DEFAULT_SYSTEM_LIBDIRS {
            Some(p) => split_list(p),
            None => {
                let mut v = Vec::new();
                if let Some(m) = multiarch {
                    v.push(Utf8PathBuf::from(format!("/usr/lib/{m}")));
                    v.push(Utf8PathBuf::from(format!("/lib/{m}")));
                }
                v.push(Utf8PathBuf::from("/usr/lib"));
                v.push(Utf8PathBuf::from("/lib"));
                v
            }
        };
        Personality {
            triplet: "default".to_owned(),
            default_search_paths: search,
            system_include_paths: includes,
            system_library_paths: libs,
            sysroot_dir: None,
            want_default_static: false,
            want_default_pure: false,
        }
    }
}

impl Default for Personality {
    fn default() -> Self {
        Personality::host()
    }
}

/// Why a personality file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PersonalityError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read personality file: {source}")]
    Io {
        /// The personality file.
        path: Utf8PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// A line without a `:` separator (also reported, at line 1, for a file
    /// larger than 64 KiB).
    #[error("{path}:{line}: invalid personality line (expected `Key: value`)")]
    Syntax {
        /// The personality file.
        path: Utf8PathBuf,
        /// 1-based line number.
        line: usize,
    },
    /// A key other than `Triplet`, `SysrootDir`, `DefaultSearchPaths`,
    /// `SystemIncludePaths`, `SystemLibraryPaths`, `WantDefaultStatic` or
    /// `WantDefaultPure` (keys are case sensitive).
    #[error("{path}:{line}: unknown personality key '{key}'")]
    UnknownKey {
        /// The personality file.
        path: Utf8PathBuf,
        /// 1-based line number.
        line: usize,
        /// The key as written.
        key: String,
    },
    /// A `WantDefaultStatic` or `WantDefaultPure` value that is not
    /// `true`/`yes`/`1` or `false`/`no`/`0` (in any case).
    #[error("{path}:{line}: '{value}' is not true or false")]
    NotABool {
        /// The personality file.
        path: Utf8PathBuf,
        /// 1-based line number.
        line: usize,
        /// The value as written.
        value: String,
    },
    /// The file has no `Triplet` key, or an empty one.
    #[error("{path}: personality file does not name its Triplet")]
    MissingTriplet {
        /// The personality file.
        path: Utf8PathBuf,
    },
}

/// The largest personality file read.
const MAX_PERSONALITY_SIZE: u64 = 64 * 1024;

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

impl Personality {
    /// Parses the text of a personality file (`Key: value` lines, `#`
    /// comments). Keys not given keep the host's values, except the
    /// sysroot, which is unset unless named.
    pub fn parse(text: &str, path: &camino::Utf8Path) -> Result<Personality, PersonalityError> {
        let mut p = Personality::host();
        p.triplet.clear();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let l = raw.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let Some((key, value)) = l.split_once(':') else {
                return Err(PersonalityError::Syntax {
                    path: path.to_owned(),
                    line,
                });
            };
            let value = value.trim();
            let boolean = |v: &str| {
                parse_bool(v).ok_or_else(|| PersonalityError::NotABool {
                    path: path.to_owned(),
                    line,
                    value: v.to_owned(),
                })
            };
            match key.trim() {
                "Triplet" => p.triplet = value.to_owned(),
                "SysrootDir" => {
                    p.sysroot_dir = (!value.is_empty()).then(|| Utf8PathBuf::from(value))
                }
                "DefaultSearchPaths" => p.default_search_paths = split_list(value),
                "SystemIncludePaths" => p.system_include_paths = split_list(value),
                "SystemLibraryPaths" => p.system_library_paths = split_list(value),
                "WantDefaultStatic" => p.want_default_static = boolean(value)?,
                "WantDefaultPure" => p.want_default_pure = boolean(value)?,
                other => {
                    return Err(PersonalityError::UnknownKey {
                        path: path.to_owned(),
                        line,
                        key: other.to_owned(),
                    });
                }
            }
        }
        if p.triplet.is_empty() {
            return Err(PersonalityError::MissingTriplet {
                path: path.to_owned(),
            });
        }
        Ok(p)
    }

    /// Reads a personality file.
    pub fn from_file(path: &camino::Utf8Path) -> Result<Personality, PersonalityError> {
        let io = |source| PersonalityError::Io {
            path: path.to_owned(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.len() > MAX_PERSONALITY_SIZE {
            return Err(PersonalityError::Syntax {
                path: path.to_owned(),
                line: 1,
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        Personality::parse(&String::from_utf8_lossy(&bytes), path)
    }

    /// Finds `TRIPLET.personality` in `dirs` (see [`search_dirs`]); `None`
    /// when no directory has one, in which case pkgconf uses the host's.
    pub fn find(
        triplet: &str,
        dirs: &[Utf8PathBuf],
    ) -> Option<Result<Personality, PersonalityError>> {
        if triplet.is_empty() || triplet.contains('/') {
            return None;
        }
        dirs.iter()
            .map(|d| d.join(format!("{triplet}.personality")))
            .find(|p| p.is_file())
            .map(|p| Personality::from_file(&p))
    }

    /// Selects a personality by `--personality` argument: a file if the
    /// argument names one (it contains a `/` or ends in `.personality`),
    /// else a triplet looked up in `dirs`, else the host's.
    pub fn select(arg: &str, dirs: &[Utf8PathBuf]) -> Result<Personality, PersonalityError> {
        let arg = arg.trim();
        if arg.contains('/') || arg.ends_with(".personality") {
            return Personality::from_file(camino::Utf8Path::new(arg));
        }
        Personality::find(arg, dirs).unwrap_or_else(|| Ok(Personality::host()))
    }

    /// The personality of one invocation, as pkgconf picks it: the
    /// `--personality` argument if given, else the triplet the program's
    /// name starts with (`aarch64-linux-gnu-pkg-config`), else the host's.
    /// Personality files are looked for in [`search_dirs`] of `env`.
    pub fn for_invocation(
        arg: Option<&str>,
        program: &str,
        env: &crate::Env,
    ) -> Result<Personality, PersonalityError> {
        let dirs = search_dirs(env);
        match arg {
            Some(arg) => Personality::select(arg, &dirs),
            None => Personality::triplet_from_program_name(program)
                .and_then(|t| Personality::find(t, &dirs))
                .unwrap_or_else(|| Ok(Personality::host())),
        }
    }

    /// The triplet a program name implies: `x86_64-w64-mingw32-pkg-config`
    /// and `aarch64-linux-gnu-pkgconf-rs` name their target before the tool.
    pub fn triplet_from_program_name(name: &str) -> Option<&str> {
        let base = name.rsplit('/').next().unwrap_or(name);
        for tool in ["-pkgconf-rs", "-pkg-config", "-pkgconf"] {
            if let Some(t) = base.strip_suffix(tool) {
                if !t.is_empty() {
                    return Some(t);
                }
            }
        }
        None
    }
}

/// Where personality files are looked for, in order: the user's data
/// directory, the system data directories, then `/usr/share` and `/etc`.
pub fn search_dirs(env: &crate::Env) -> Vec<Utf8PathBuf> {
    let mut v = Vec::new();
    match env.get_nonempty("XDG_DATA_HOME") {
        Some(h) => v.push(Utf8PathBuf::from(h).join("pkgconfig/personality.d")),
        None => {
            if let Some(home) = env.get_nonempty("HOME") {
                v.push(Utf8PathBuf::from(home).join(".local/share/pkgconfig/personality.d"));
            }
        }
    }
    let data_dirs = env
        .get_nonempty("XDG_DATA_DIRS")
        .unwrap_or("/usr/local/share:/usr/share");
    for d in super::paths::split_list(data_dirs) {
        v.push(d.join("pkgconfig/personality.d"));
    }
    v.push(Utf8PathBuf::from("/etc/pkgconfig/personality.d"));
    v.dedup();
    v
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_personality() {
        let text = "Triplet: arm-x\nSysrootDir: /sr\nDefaultSearchPaths: /a:/b\nSystemIncludePaths: /i\nSystemLibraryPaths: /l\nWantDefaultStatic: true\n";
        let p = Personality::parse(text, "t.personality".into()).unwrap();
        assert_eq!(p.triplet, "arm-x");
        assert_eq!(p.sysroot_dir.as_deref(), Some("/sr".into()));
        assert_eq!(
            p.default_search_paths,
            [Utf8PathBuf::from("/a"), "/b".into()]
        );
        assert!(p.want_default_static && !p.want_default_pure);
    }

    #[test]
    fn refuses_garbage() {
        assert!(matches!(
            Personality::parse("garbage\n", "g".into()),
            Err(PersonalityError::Syntax { line: 1, .. })
        ));
        assert!(matches!(
            Personality::parse("Bogus: 1\n", "g".into()),
            Err(PersonalityError::UnknownKey { .. })
        ));
        assert!(matches!(
            Personality::parse("SysrootDir: /x\n", "g".into()),
            Err(PersonalityError::MissingTriplet { .. })
        ));
        assert!(matches!(
            Personality::parse("Triplet: t\nWantDefaultPure: maybe\n", "g".into()),
            Err(PersonalityError::NotABool { .. })
        ));
    }

    #[test]
    fn triplet_from_argv0() {
        assert_eq!(
            Personality::triplet_from_program_name("/usr/bin/x86_64-w64-mingw32-pkg-config"),
            Some("x86_64-w64-mingw32")
        );
        assert_eq!(
            Personality::triplet_from_program_name("aarch64-linux-gnu-pkgconf-rs"),
            Some("aarch64-linux-gnu")
        );
        assert_eq!(Personality::triplet_from_program_name("pkgconf-rs"), None);
        assert_eq!(Personality::triplet_from_program_name("pkg-config"), None);
    }
}
