//! `cargo xtask install`: builds the release and installs, under PREFIX
//! (staged under DESTDIR when given):
//!
//! - bin/pkgconf-rs, bin/pkgconf-rs-lint (and, when asked, the links
//!   bin/pkg-config and bin/pccritic);
//! - share/man/man1/pkgconf-rs.1 and pkgconf-rs-lint.1 (rendered now, as
//!   `cargo xtask man` would), share/man/man5/pkgconf-rs-pc.5;
//! - the bash, zsh and fish completions where those shells look for them;
//! - the C library: lib/libpkgconf_rs.so.MAJOR and its libpkgconf_rs.so
//!   link, lib/libpkgconf_rs.a, include/pkgconf_rs.h, and
//!   lib/pkgconfig/pkgconf-rs.pc (from capi/pkgconf-rs.pc.in, naming
//!   PREFIX, never DESTDIR), so that `pkgconf-rs --cflags --libs
//!   pkgconf-rs` gives what a C program needs.

use crate::{Result, completions, hot, man};
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// The options of `cargo xtask install`.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// Where the files will live: an absolute path (the installed .pc file
    /// names it).
    #[arg(long, value_name = "PREFIX")]
    prefix: PathBuf,
    /// Stage the files under DESTDIR (DESTDIR/PREFIX/...), for packaging;
    /// the .pc file still names PREFIX. Without it, a non-empty DESTDIR
    /// environment variable is used, as make's install targets do.
    #[arg(long, value_name = "DESTDIR")]
    destdir: Option<PathBuf>,
    /// Also install bin/pkg-config, a link to pkgconf-rs.
    #[arg(long)]
    pkg_config_link: bool,
    /// Also install bin/pccritic, a link to pkgconf-rs-lint (run by that
    /// name, it behaves as pkgconf's pccritic).
    #[arg(long)]
    pccritic_link: bool,
}

/// Puts files under the destination.
#[derive(Debug)]
struct Installer {
    /// DESTDIR/PREFIX, or PREFIX.
    dest: PathBuf,
}

impl Installer {
    /// The full path of `rel` (relative to the prefix), its directory
    /// created.
    fn place(&self, rel: &str) -> Result<PathBuf> {
        let path = self.dest.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        Ok(path)
    }

    /// Installs `contents` as `rel` with permissions `mode`. The file is
    /// written beside its place and renamed over it, so that a running
    /// program or a loaded library it replaces is not changed under its
    /// feet.
    fn write(&self, rel: &str, contents: &[u8], mode: u32) -> Result<()> {
        let path = self.place(rel)?;
        let tmp = path.with_file_name(format!(
            ".{}.xtask-tmp",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        let fail = |e: std::io::Error| format!("cannot install {}: {e}", path.display());
        fs::write(&tmp, contents).map_err(fail)?;
        fs::set_permissions(&tmp, fs::Permissions::from_mode(mode)).map_err(fail)?;
        fs::rename(&tmp, &path).map_err(fail)?;
        println!("installed {}", path.display());
        Ok(())
    }

    /// Installs a copy of the file `from`.
    fn copy(&self, rel: &str, from: &Path, mode: u32) -> Result<()> {
        let contents =
            fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        self.write(rel, &contents, mode)
    }

    /// Installs `rel` as a symbolic link to `target` (a name in the same
    /// directory).
    fn link(&self, rel: &str, target: &str) -> Result<()> {
        let path = self.place(rel)?;
        let fail = |e: std::io::Error| format!("cannot install {}: {e}", path.display());
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
            _ => {}
        }
        symlink(target, &path).map_err(fail)?;
        println!("installed {} -> {target}", path.display());
        Ok(())
    }
}

/// `cargo xtask install`.
pub fn install(root: &Path, options: &Options) -> Result<()> {
    let prefix = normal_prefix(&options.prefix)?;
    let destdir = options.destdir.clone().or_else(|| {
        std::env::var_os("DESTDIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
    });
    let dest = match destdir {
        Some(destdir) => destdir.join(prefix.strip_prefix("/").unwrap_or(&prefix)),
        None => prefix.clone(),
    };
    build(root)?;
    let release = target_dir()?.join("release");
    let installer = Installer { dest };
    programs(&installer, &release, options)?;
    pages(&installer, root)?;
    for (program, command) in completions::PROGRAMS {
        for shell in completions::SHELLS {
            let rel = completions::installed_path(shell, program);
            let script = completions::script(shell, program, command);
            installer.write(&rel.to_string_lossy(), &script, 0o644)?;
        }
    }
    c_library(&installer, root, &release, &prefix)?;
    println!(
        "installed pkgconf-rs {} in {} (prefix {})",
        env!("CARGO_PKG_VERSION"),
        installer.dest.display(),
        prefix.display()
    );
    Ok(())
}

/// The prefix as the .pc file will name it: absolute, UTF-8, without `.`
/// components or a trailing slash.
fn normal_prefix(prefix: &Path) -> Result<PathBuf> {
    if !prefix.is_absolute() || prefix.to_str().is_none() {
        return Err(format!(
            "--prefix {} is not an absolute UTF-8 path",
            prefix.display()
        ));
    }
    if prefix.components().any(|c| c == Component::ParentDir) {
        return Err(format!("--prefix {} contains '..'", prefix.display()));
    }
    Ok(prefix.components().collect())
}

/// `cargo build --release` of the programs and the C library.
pub fn build(root: &Path) -> Result<()> {
    // The C library as any release build makes it.
    cargo(root, &["build", "--release", "-p", "pkgconf-rs-capi"])?;
    for program in PROGRAMS {
        build_program(root, program, &[], None)?;
    }
    Ok(())
}

/// Builds one of the programs for release ([`program_args`]) with `extra`
/// arguments for rustc, into `target` (by default the workspace's target
/// directory), its hot code laid out first where the linker takes the
/// list ([`hot::link_args`]).
pub fn build_program(
    root: &Path,
    program: &str,
    extra: &[&str],
    target: Option<&Path>,
) -> Result<()> {
    let hot = hot::link_args(root)?;
    let run = |ordered: bool| {
        let mut args = program_args(program);
        if ordered {
            args.extend(hot.iter().cloned());
        }
        args.extend(extra.iter().map(|a| (*a).to_owned()));
        let mut cmd = Command::new(cargo_program());
        cmd.current_dir(root);
        if let Some(target) = target {
            cmd.env("CARGO_TARGET_DIR", target);
        }
        cargo_with(&mut cmd, &args)
    };
    match run(true) {
        // A linker other than lld may not take the ordering file: the
        // program is then built without it.
        Err(_) if !hot.is_empty() => {
            eprintln!(
                "xtask: building {program} again without {}",
                hot::ORDER_FILE
            );
            run(false)
        }
        built => built,
    }
}

/// The arguments of `cargo` that build one of the programs for release:
/// on glibc, linked statically (`crt-static`). A process that lives a
/// millisecond skips the dynamic loader and maps no shared library: 0.80x
/// the time and 2.0 against 2.6 MiB for `--modversion` (bench/RESULTS.md
/// measures these binaries). The executable is also not
/// position-independent (`relocation-model=static`): a static PIE applies
/// about 2,400 relocations at every start, writing to some ten pages of
/// its own, and without them `--modversion` takes 0.95x the time (71
/// against 79 page faults) and `--static --cflags --libs gtk4` 0.96x
/// (farm-bench, 100 paired runs each). The cost is that the program's own
/// code and data sit at a fixed address (the heap, the stack and the C
/// library's cdylib are placed at random as before). Only the final link
/// changes, so `cargo rustc` passes the flags to the binary alone (a
/// workspace-wide RUSTFLAGS would reach the proc-macros and the C
/// library's cdylib, which cannot be static).
fn program_args(program: &str) -> Vec<String> {
    let mut args: Vec<String> = ["rustc", "--release", "-p", "pkgconf-rs", "--bin", program]
        .map(String::from)
        .into();
    args.push("--".into());
    if cfg!(all(target_os = "linux", target_env = "gnu")) {
        args.extend(
            [
                "-C",
                "target-feature=+crt-static",
                "-C",
                "relocation-model=static",
            ]
            .map(String::from),
        );
    }
    args
}

/// The programs of the `pkgconf-rs` package.
const PROGRAMS: [&str; 2] = ["pkgconf-rs", "pkgconf-rs-lint"];

/// The cargo that runs this task (`CARGO`), or the one on PATH.
fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Runs `cargo ARGS` in the workspace.
fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    cargo_with(Command::new(cargo_program()).current_dir(root), args)
}

/// Runs `cmd` (a cargo command) with `args`; an error unless it succeeds.
fn cargo_with<S: AsRef<str>>(cmd: &mut Command, args: &[S]) -> Result<()> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let status = cmd
        .args(&args)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed ({status})", args.join(" ")))
    }
}

/// The target directory: the one this program was built in
/// (TARGET/debug/xtask), wherever CARGO_TARGET_DIR or the configuration
/// put it; the release build goes there too.
pub fn target_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the target dir: {e}"))?;
    exe.ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("cannot find the target dir above {}", exe.display()))
}

/// bin/: the programs and the links asked for.
fn programs(installer: &Installer, release: &Path, options: &Options) -> Result<()> {
    for program in PROGRAMS {
        installer.copy(&format!("bin/{program}"), &release.join(program), 0o755)?;
    }
    if options.pkg_config_link {
        installer.link("bin/pkg-config", "pkgconf-rs")?;
    }
    if options.pccritic_link {
        installer.link("bin/pccritic", "pkgconf-rs-lint")?;
    }
    Ok(())
}

/// share/man/: the rendered pages and the hand-written ones.
fn pages(installer: &Installer, root: &Path) -> Result<()> {
    for page in &man::PAGES {
        let text = man::render(root, page)?;
        installer.write(
            &format!("share/man/man1/{}", page.file),
            text.as_bytes(),
            0o644,
        )?;
    }
    for file in man::STATIC_PAGES {
        let section = file.rsplit_once('.').map_or("1", |(_, s)| s);
        installer.copy(
            &format!("share/man/man{section}/{file}"),
            &root.join("man").join(file),
            0o644,
        )?;
    }
    Ok(())
}

/// lib/ and include/: the C library, its header and its .pc file.
fn c_library(installer: &Installer, root: &Path, release: &Path, prefix: &Path) -> Result<()> {
    let version = env!("CARGO_PKG_VERSION");
    let soname = format!("libpkgconf_rs.so.{}", env!("CARGO_PKG_VERSION_MAJOR"));
    installer.copy(
        &format!("lib/{soname}"),
        &release.join("libpkgconf_rs.so"),
        0o755,
    )?;
    installer.link("lib/libpkgconf_rs.so", &soname)?;
    installer.copy(
        "lib/libpkgconf_rs.a",
        &release.join("libpkgconf_rs.a"),
        0o644,
    )?;
    installer.copy(
        "include/pkgconf_rs.h",
        &root.join("capi/include/pkgconf_rs.h"),
        0o644,
    )?;
    let template = root.join("capi/pkgconf-rs.pc.in");
    let pc = fs::read_to_string(&template)
        .map_err(|e| format!("cannot read {}: {e}", template.display()))?
        .replace("@PREFIX@", &prefix.to_string_lossy())
        .replace("@VERSION@", version);
    installer.write("lib/pkgconfig/pkgconf-rs.pc", pc.as_bytes(), 0o644)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_absolute_and_normal() {
        assert_eq!(
            normal_prefix(Path::new("/opt/x/./y/")).ok(),
            Some(PathBuf::from("/opt/x/y"))
        );
        assert!(normal_prefix(Path::new("opt")).is_err());
        assert!(normal_prefix(Path::new("/opt/../x")).is_err());
        assert_eq!(normal_prefix(Path::new("/")).ok(), Some(PathBuf::from("/")));
    }
}
