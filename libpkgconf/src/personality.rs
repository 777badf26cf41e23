//! Cross-compilation personalities as plain data.
//!
//! A personality says where a target's `.pc` files live by default, which
//! directories its compiler searches anyway (so their `-I`/`-L` flags are
//! filtered), and its sysroot. The default personality describes the host.

use camino::Utf8PathBuf;

/// A target description, as pkgconf's `--personality` selects it.
#[derive(Debug, Clone, PartialEq, Eq)]
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

fn split_list(s: &str) -> Vec<Utf8PathBuf> {
    s.split(':')
        .filter(|p| !p.is_empty())
        .map(Utf8PathBuf::from)
        .collect()
}

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
