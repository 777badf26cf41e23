#![allow(clippy::unwrap_used)]
#![cfg(unix)]
//! How `.pc` files are found and read on disk: `${pcfiledir}` of a file
//! reached through symbolic links, and names on the search path that are
//! not regular files (a directory, a FIFO, a dangling link).

use camino::{Utf8Path, Utf8PathBuf};
use libpkgconf::{Context, Env, Options, Query};
use std::os::unix::fs::symlink;

fn scratch(tag: &str) -> Utf8PathBuf {
    let root = Utf8PathBuf::from(std::env::temp_dir().to_str().unwrap())
        .join(format!("pkgconf-rs-files-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    root
}

fn context(dir: &Utf8Path) -> Context {
    let opts = Options::new().env_only().with_path(dir);
    Context::new(&Env::from_pairs([("PKG_CONFIG_LIBDIR", "")]), &opts).unwrap()
}

/// `--variable=pcfiledir NAME`: the text and the exit code.
fn pcfiledir(ctx: &Context, name: &str) -> (String, u8) {
    let answer = ctx.run(&Query::new().packages([name]).variable("pcfiledir"));
    let text = String::from_utf8(answer.stdout().to_vec()).unwrap();
    (text, answer.exit_code())
}

const BODY: &str = "Name: n\nDescription: d\nVersion: 1\n";

#[test]
fn pcfiledir_follows_links_to_the_real_file() {
    let root = scratch("links");
    let (search, real, other) = (root.join("search"), root.join("real"), root.join("other"));
    for d in [&search, &real, &other] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(real.join("target.pc"), BODY).unwrap();
    std::fs::write(search.join("plain.pc"), BODY).unwrap();
    // An absolute link, a relative one, and a link to a link.
    symlink(real.join("target.pc"), search.join("abs.pc")).unwrap();
    symlink("../real/target.pc", search.join("rel.pc")).unwrap();
    symlink(real.join("target.pc"), other.join("hop.pc")).unwrap();
    symlink("../other/hop.pc", search.join("twice.pc")).unwrap();

    let ctx = context(&search);
    assert_eq!(pcfiledir(&ctx, "plain"), (format!("{search}\n"), 0));
    assert_eq!(pcfiledir(&ctx, "abs"), (format!("{real}\n"), 0));
    // A relative link is taken from the link's directory, and the result
    // is not made canonical (as pkgconf does).
    assert_eq!(pcfiledir(&ctx, "rel"), (format!("{search}/../real\n"), 0));
    // Each hop is followed: the last link is absolute.
    assert_eq!(pcfiledir(&ctx, "twice"), (format!("{real}\n"), 0));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn names_that_are_not_regular_files_are_not_packages() {
    let root = scratch("special");
    std::fs::create_dir_all(root.join("dir.pc")).unwrap();
    symlink(root.join("nowhere.pc"), root.join("dangling.pc")).unwrap();
    symlink(root.join("loop-b.pc"), root.join("loop-a.pc")).unwrap();
    symlink(root.join("loop-a.pc"), root.join("loop-b.pc")).unwrap();
    let fifo = root.join("fifo.pc");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());

    // Opening a FIFO for reading waits for a writer: the lookup must not.
    // Run it on a thread, so that a hang fails the test instead of
    // stopping it.
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = root.clone();
    std::thread::spawn(move || {
        let ctx = context(&dir);
        let codes: Vec<u8> = ["dir", "dangling", "loop-a", "fifo"]
            .iter()
            .map(|name| ctx.run(&Query::new().packages([*name])).exit_code())
            .collect();
        tx.send(codes).unwrap();
    });
    let codes = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("looking up a FIFO named like a .pc file hung");
    assert_eq!(codes, [1, 1, 1, 1]);
    let _ = std::fs::remove_dir_all(&root);
}

/// A long chain of lookups in one directory (enough that the query lists
/// the directory instead of opening names it lacks) still finds an
/// `-uninstalled` file late in the chain, and a package that only a later
/// directory holds.
#[test]
fn many_lookups_still_find_every_file() {
    let root = scratch("probes");
    let (a, b) = (root.join("a"), root.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let n = 300;
    for i in 0..n {
        let requires = if i + 1 < n {
            format!("Requires: p{}\n", i + 1)
        } else {
            String::new()
        };
        let body = format!("Name: p{i}\nDescription: d\nVersion: 1\nCflags: -Dp{i}\n{requires}");
        // The last package lives only in the second directory.
        let dir = if i + 1 == n { &b } else { &a };
        std::fs::write(dir.join(format!("p{i}.pc")), body).unwrap();
    }
    let uninstalled =
        "Name: p250\nDescription: d\nVersion: 1\nCflags: -Duninstalled\nRequires: p251\n";
    std::fs::write(
        a.join("P250-uninstalled.pc"),
        "case differs: not this one\n",
    )
    .unwrap();
    std::fs::write(a.join("p250-uninstalled.pc"), uninstalled).unwrap();

    let opts = Options::new().env_only().with_path(&a).with_path(&b);
    let ctx = Context::new(&Env::from_pairs([("PKG_CONFIG_LIBDIR", "")]), &opts).unwrap();
    let answer = ctx.run(
        &Query::new()
            .packages(["p0"])
            .want(libpkgconf::Output::Cflags),
    );
    assert_eq!(answer.exit_code(), 0);
    let text = String::from_utf8(answer.stdout().to_vec()).unwrap();
    let words: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(words.len(), n, "{text}");
    assert!(words.contains(&"-Duninstalled"));
    assert!(!words.contains(&"-Dp250"));
    assert!(words.contains(&format!("-Dp{}", n - 1).as_str()));
    let _ = std::fs::remove_dir_all(&root);
}

/// A file another process holds a write lease on (Samba's oplocks, NFS
/// delegations) is read once the holder lets go, as pkgconf reads it: the
/// open that does not wait for FIFOs must not refuse it.
#[cfg(target_os = "linux")]
#[test]
fn a_leased_file_is_read_once_the_lease_is_released() {
    use std::io::BufRead;
    let root = scratch("lease");
    let file = root.join("leased.pc");
    std::fs::write(
        &file,
        "Name: l\nDescription: d\nVersion: 1\nCflags: -Ileased\n",
    )
    .unwrap();
    // The holder takes a write lease and gives it up when the kernel says
    // a reader is waiting (SIGIO), as a well-behaved holder does.
    let holder = r#"
import fcntl, os, signal, sys, time
F_SETLEASE = 1024
fd = os.open(sys.argv[1], os.O_WRONLY)
signal.signal(signal.SIGIO, lambda s, f: fcntl.fcntl(fd, F_SETLEASE, fcntl.F_UNLCK))
try:
    fcntl.fcntl(fd, F_SETLEASE, fcntl.F_WRLCK)
except OSError as e:
    print("no lease:", e, flush=True)
    sys.exit(0)
print("held", flush=True)
time.sleep(30)
"#;
    let Ok(mut child) = std::process::Command::new("python3")
        .args(["-c", holder, file.as_str()])
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("skipped: python3 is not available to hold a lease");
        return;
    };
    let mut line = String::new();
    let stdout = child.stdout.take().unwrap();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    if line.trim() != "held" {
        eprintln!("skipped: this file system gives no lease ({})", line.trim());
        let _ = child.wait();
        return;
    }
    let ctx = context(&root);
    let answer = ctx.run(
        &Query::new()
            .packages(["leased"])
            .want(libpkgconf::Output::Cflags),
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(answer.exit_code(), 0);
    assert_eq!(answer.stdout(), b"-Ileased\n");
    let _ = std::fs::remove_dir_all(&root);
}

/// `PKG_CONFIG_PRELOADED_FILES` through the library: a Rust caller that
/// hands the variable in its `Env` gets the CLI's answers.
#[test]
fn preloaded_files_come_before_the_search_path() {
    let root = scratch("preload");
    let (search, pre) = (root.join("search"), root.join("pre"));
    for d in [&search, &pre] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(
        search.join("foo.pc"),
        "Name: foo\nDescription: d\nVersion: 1\n",
    )
    .unwrap();
    let preloaded = "Name: foo\nDescription: preloaded\nVersion: 2\nRequires: base\n";
    std::fs::write(pre.join("foo.pc"), preloaded).unwrap();
    std::fs::write(
        pre.join("base.pc"),
        "Name: base\nDescription: d\nVersion: 3\n",
    )
    .unwrap();
    let files = format!("{pre}/foo.pc:{pre}/base.pc");
    let env = Env::from_pairs([
        ("PKG_CONFIG_LIBDIR", search.as_str()),
        ("PKG_CONFIG_PRELOADED_FILES", files.as_str()),
    ]);
    let ctx = Context::new(&env, &Options::new()).unwrap();

    let (_, foo) = ctx.find("foo").unwrap();
    assert_eq!(foo.version.as_deref(), Some("2"));
    let answer = ctx.run(
        &Query::new()
            .packages(["foo"])
            .want(libpkgconf::Output::ModVersion),
    );
    assert_eq!(String::from_utf8_lossy(answer.stdout()), "2\n");
    // Every query reads the preloaded files first.
    let read: Vec<String> = answer.files().iter().map(|f| f.to_string()).collect();
    assert_eq!(read, [format!("{pre}/foo.pc"), format!("{pre}/base.pc")]);
    // Listed after the built-ins, before the search path.
    let ids: Vec<String> = ctx.packages().iter().map(|(_, p)| p.id.clone()).collect();
    assert_eq!(ids, ["pkg-config", "pkgconf", "foo", "base", "foo"]);
    let _ = std::fs::remove_dir_all(&root);
}

/// pkgconf answers each query in a fresh process: what one query of a
/// context did (a scan for a `Provides`, a package named by path) does not
/// change what the next one finds.
#[test]
fn a_query_does_not_change_what_the_next_one_finds() {
    let universe = Utf8PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/universe");
    let env = Env::from_pairs([
        ("PKG_CONFIG_LIBDIR", universe.as_str()),
        ("PKG_CONFIG_SYSTEM_LIBRARY_PATH", "/fake/sys/lib"),
    ]);
    let libs = |ctx: &Context, names: &[&str]| {
        let q = Query::new()
            .packages(names.iter().copied())
            .want(libpkgconf::Output::Libs);
        String::from_utf8(ctx.run(&q).stdout().to_vec()).unwrap()
    };
    let installed = "-lprovuser -lprovimpl -L/usr/local/lib -lwip\n";
    let uninstalled = "-L/build/wip/.libs -lwip\n";
    // After a scan through Provides, within the query: wip.pc.
    let ctx = Context::new(&env, &Options::new()).unwrap();
    assert_eq!(libs(&ctx, &["prov-user", "wip"]), installed);
    // The next query searches afresh: wip-uninstalled.pc first.
    assert_eq!(libs(&ctx, &["wip"]), uninstalled);
    // And the other way round.
    let ctx = Context::new(&env, &Options::new()).unwrap();
    assert_eq!(libs(&ctx, &["wip"]), uninstalled);
    assert_eq!(libs(&ctx, &["prov-user", "wip"]), installed);
    // A package named by path is what its name finds in that query only.
    let path = universe.join("wip.pc");
    assert_eq!(
        libs(&ctx, &[path.as_str(), "wip"]),
        "-L/usr/local/lib -lwip\n"
    );
    assert_eq!(libs(&ctx, &["wip"]), uninstalled);
}
