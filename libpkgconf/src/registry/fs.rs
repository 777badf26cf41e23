//! The file system side of loading: listing a search directory, and
//! opening and reading a `.pc` file whole, in as few system calls as what
//! is known of the file allows.
//!
//! A file is opened without following a symbolic link in its last
//! component and checked with `fstat` (a regular file, of what size)
//! before it is read. Two things a query learns save some of that:
//! - a directory it looks in stays open ([`DirHandle`]) and its files are
//!   opened by name in it, so the kernel resolves one path component per
//!   file, not the whole path;
//! - once it has listed a directory ([`Listing`]), an entry the listing
//!   gives as a regular file is read without `fstat`: it is read until a
//!   read returns less than it asked for, which on a regular file is its
//!   end.
//!
//! On 1,001 files of one directory, 2.7 µs a file for open, `fstat`, read
//! and close by path, 1.95 µs for the same by name in the open directory
//! without `fstat` (a C loop over warm files on the 2-core machine of
//! bench/RESULTS.md, best of 30).

use super::load::{MAX_FILE_SIZE, Origin};
use camino::Utf8Path;
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read};

/// A directory opened once to open its files by name (Unix).
#[derive(Debug)]
pub(crate) struct DirHandle {
    #[cfg(unix)]
    fd: rustix::fd::OwnedFd,
}

/// What opening a directory found.
#[derive(Debug)]
pub(crate) enum DirOpen {
    Open(DirHandle),
    /// Nothing by that name, or a component of the path that is not a
    /// directory: no file can be found in it.
    Missing,
    /// It could not be opened (no permission, or not on Unix): its files
    /// are opened by path.
    Closed,
}

impl DirHandle {
    /// `dir`, opened; `None` where it cannot be (the files are then opened
    /// by path).
    pub(crate) fn open(dir: &Utf8Path) -> Option<DirHandle> {
        match open_dir(dir) {
            DirOpen::Open(handle) => Some(handle),
            DirOpen::Missing | DirOpen::Closed => None,
        }
    }

    /// The same directory, open once more (for another thread to own);
    /// `None` if it cannot be (its files are then opened by path).
    pub(crate) fn try_clone(&self) -> Option<DirHandle> {
        #[cfg(unix)]
        {
            self.fd.try_clone().ok().map(|fd| DirHandle { fd })
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}

/// Opens `dir` (see [`DirOpen`]).
pub(crate) fn open_dir(dir: &Utf8Path) -> DirOpen {
    #[cfg(unix)]
    {
        use rustix::fs::{Mode, OFlags};
        use rustix::io::Errno;
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        match rustix::fs::openat(rustix::fs::CWD, dir.as_str(), flags, Mode::empty()) {
            Ok(fd) => DirOpen::Open(DirHandle { fd }),
            Err(Errno::NOENT | Errno::NOTDIR) => DirOpen::Missing,
            Err(_) => DirOpen::Closed,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        DirOpen::Closed
    }
}

/// What listing a directory told: its entries (the UTF-8 names), in
/// listing order, and the directory, open.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    pub(crate) entries: Vec<Entry>,
    pub(crate) handle: Option<DirHandle>,
}

/// One entry of a [`Listing`].
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) name: String,
    /// The listing gives it as a regular file (not a link, a directory, a
    /// FIFO, a device, nor a type the file system did not tell).
    pub(crate) regular: bool,
}

/// Lists `dir`; `None` when it cannot be listed.
///
/// On Linux, through the open directory with `getdents64` into one buffer:
/// no allocation per entry but its name's (std's `read_dir` makes two, and
/// shares a counted reference with each entry). A name that is not UTF-8
/// is left out, as below; an entry of unknown type counts as not regular
/// (it is then checked with `fstat` when read).
#[cfg(target_os = "linux")]
pub(crate) fn list(dir: &Utf8Path) -> Option<Listing> {
    use rustix::fs::{FileType, RawDir};
    let handle = DirHandle::open(dir)?;
    let mut buf: Vec<u8> = Vec::with_capacity(LIST_BUFFER);
    let mut raw = RawDir::new(&handle.fd, buf.spare_capacity_mut());
    let mut entries = Vec::new();
    while let Some(entry) = raw.next() {
        let entry = entry.ok()?;
        let Ok(name) = entry.file_name().to_str() else {
            continue;
        };
        if name == "." || name == ".." {
            continue;
        }
        entries.push(Entry {
            name: name.to_owned(),
            regular: entry.file_type() == FileType::RegularFile,
        });
    }
    Some(Listing {
        entries,
        handle: Some(handle),
    })
}

/// The buffer [`list`] reads a directory's entries into: about a thousand
/// names of `.pc` files a system call.
#[cfg(target_os = "linux")]
const LIST_BUFFER: usize = 32 * 1024;

/// Lists `dir`; `None` when it cannot be listed.
#[cfg(not(target_os = "linux"))]
pub(crate) fn list(dir: &Utf8Path) -> Option<Listing> {
    let handle = DirHandle::open(dir);
    let entries = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            // The type comes with the entry on most file systems (no
            // `lstat`); where it does not, `file_type` asks.
            let regular = e.file_type().is_ok_and(|t| t.is_file());
            let name = e.file_name().into_string().ok()?;
            Some(Entry { name, regular })
        })
        .collect();
    Some(Listing { entries, handle })
}

/// What is known of a file before it is opened.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Known<'a> {
    /// Its directory, open: the file is opened by its name there.
    pub(crate) dir: Option<&'a DirHandle>,
    /// A listing gave it as a regular file.
    pub(crate) regular: bool,
}

/// Why a `.pc` file could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Nothing by that name, or not a regular file.
    Missing,
    /// Larger than [`MAX_FILE_SIZE`].
    TooLarge,
    Io(io::Error),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Where a read of a file stops.
#[derive(Debug, Clone, Copy)]
enum End {
    /// At this many bytes (`fstat`'s size), or where the file ends first.
    Size(u64),
    /// At the first read that gives less than it asked for: the end of a
    /// regular file.
    ShortRead,
    /// At a read that gives nothing (a file whose size is not known).
    Empty,
}

/// The first size of a thread's read buffer: most `.pc` files fit.
const BUFFER: usize = 16 * 1024;

thread_local! {
    /// Each thread reads every file into one buffer, which the parser only
    /// borrows: no allocation a file.
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Reads the `.pc` file at `path` whole and gives `use_bytes` its bytes and
/// how to find its `${pcfiledir}`.
pub(crate) fn read_pc<R>(
    path: &Utf8Path,
    known: Known<'_>,
    use_bytes: impl FnOnce(&[u8], Origin) -> R,
) -> Result<R, ReadError> {
    let at = known.dir.zip(path.file_name());
    let (mut file, origin) = match open_pc(path, at) {
        Ok(opened) => opened,
        // A search directory under a file (`/etc/passwd/x`) holds nothing,
        // as one that does not exist.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Err(ReadError::Missing);
        }
        Err(e) => return Err(ReadError::Io(e)),
    };
    let end = if known.regular && origin == Origin::Regular {
        End::ShortRead
    } else {
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Err(ReadError::Missing);
        }
        match meta.len() {
            len if len > MAX_FILE_SIZE => return Err(ReadError::TooLarge),
            // A size of 0 may be a file whose size is not known in advance.
            0 => End::Empty,
            len => End::Size(len),
        }
    };
    BUF.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            let n = read_whole(&mut file, end, &mut buf)?;
            drop(file);
            let out = use_bytes(buf.get(..n).unwrap_or_default(), origin);
            // A large file's buffer is not kept.
            if buf.len() > 4 * BUFFER {
                *buf = Vec::new();
            }
            Ok(out)
        }
        // Reading from within `use_bytes` (not done today): a buffer of its own.
        Err(_) => {
            let mut buf = Vec::new();
            let n = read_whole(&mut file, end, &mut buf)?;
            drop(file);
            Ok(use_bytes(buf.get(..n).unwrap_or_default(), origin))
        }
    })
}

/// Reads `file` from its start into `buf` (whose bytes up to its length
/// may be overwritten; it grows as needed) until `end`; how many bytes.
fn read_whole(file: &mut File, end: End, buf: &mut Vec<u8>) -> Result<usize, ReadError> {
    let limit = usize::try_from(MAX_FILE_SIZE).unwrap_or(usize::MAX);
    let mut filled = 0;
    loop {
        let want = match end {
            End::Size(len) => match usize::try_from(len).unwrap_or(usize::MAX) - filled {
                0 => return Ok(filled),
                left => left,
            },
            End::ShortRead | End::Empty => usize::MAX,
        };
        if filled == buf.len() {
            // One byte past the limit tells a file that is too large.
            if filled > limit {
                return Err(ReadError::TooLarge);
            }
            let grow = buf.len().max(BUFFER).min(limit + 1 - filled);
            buf.resize(filled + grow, 0);
        }
        let room = buf.get_mut(filled..).unwrap_or_default();
        let asked = room.len().min(want);
        let n = match file.read(room.get_mut(..asked).unwrap_or_default()) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadError::Io(e)),
        };
        filled += n;
        let done = match end {
            End::ShortRead => n < asked,
            End::Size(_) | End::Empty => n == 0,
        };
        if done {
            return if filled > limit {
                Err(ReadError::TooLarge)
            } else {
                Ok(filled)
            };
        }
    }
}

/// Opens the `.pc` file at `path` (by `at`'s name in `at`'s directory when
/// given) for reading, and tells how to find its `${pcfiledir}`. On Unix
/// the file is opened without following a symbolic link in its last
/// component, so that the common case (no link) needs no `lstat` of its
/// own: only a link is opened again, by its path, following it (and
/// followed hop by hop for `${pcfiledir}`). A FIFO is opened without
/// waiting for a writer (then refused as not a regular file).
fn open_pc(path: &Utf8Path, at: Option<(&DirHandle, &str)>) -> io::Result<(File, Origin)> {
    #[cfg(unix)]
    {
        match open_flags(path, at, false) {
            Ok(file) => Ok((file, Origin::Regular)),
            Err(e) if names_a_link(&e) => Ok((open_flags(path, None, true)?, Origin::File)),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = at;
        Ok((File::open(path)?, Origin::File))
    }
}

/// Opens `path` (or `at`'s name in `at`'s directory) for reading with
/// `O_NONBLOCK` (a FIFO does not wait for a writer), following a symbolic
/// link in its last component only when `follow`. Where `O_NONBLOCK` makes
/// the open fail instead of waiting, a lease another process holds on the
/// file (Samba's oplocks, NFS delegations), the file is opened again,
/// waiting as any reader does.
#[cfg(unix)]
fn open_flags(path: &Utf8Path, at: Option<(&DirHandle, &str)>, follow: bool) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let open = |wait: bool| -> io::Result<File> {
        let mut flags = OFlags::RDONLY | OFlags::CLOEXEC;
        if !follow {
            flags |= OFlags::NOFOLLOW;
        }
        if !wait {
            flags |= OFlags::NONBLOCK;
        }
        let fd = match at {
            Some((dir, name)) => rustix::fs::openat(&dir.fd, name, flags, Mode::empty()),
            None => rustix::fs::openat(rustix::fs::CWD, path.as_str(), flags, Mode::empty()),
        };
        Ok(File::from(fd?))
    };
    match open(false) {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => open(true),
        other => other,
    }
}

/// Whether opening with `O_NOFOLLOW` failed because the last component of
/// the path is a symbolic link: `ELOOP` on Linux, macOS and OpenBSD,
/// `EMLINK` on FreeBSD and DragonFly, `EFTYPE` on NetBSD. (A path that
/// loops gives `ELOOP` too: opening it through the link then fails as it
/// should.)
#[cfg(unix)]
fn names_a_link(e: &io::Error) -> bool {
    use rustix::io::Errno;
    let code = e.raw_os_error();
    #[cfg(any(target_os = "freebsd", target_os = "dragonfly"))]
    if code == Some(Errno::MLINK.raw_os_error()) {
        return true;
    }
    #[cfg(target_os = "netbsd")]
    if code == Some(Errno::FTYPE.raw_os_error()) {
        return true;
    }
    code == Some(Errno::LOOP.raw_os_error())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A file of `len` bytes in a fresh directory.
    fn file_of(len: usize, tag: &str) -> (std::path::PathBuf, camino::Utf8PathBuf) {
        let dir = std::env::temp_dir().join(format!("pkgconf-rs-fs-{}-{tag}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.pc");
        let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, bytes).unwrap();
        (dir, camino::Utf8PathBuf::try_from(path).unwrap())
    }

    #[test]
    fn a_listed_regular_file_is_read_whole_at_every_size() {
        for (i, len) in [0, 1, BUFFER - 1, BUFFER, BUFFER + 1, 5 * BUFFER + 3]
            .into_iter()
            .enumerate()
        {
            let (dir, path) = file_of(len, &format!("sizes{i}"));
            let listing = list(path.parent().unwrap()).unwrap();
            let entry = listing.entries.iter().find(|e| e.name == "x.pc").unwrap();
            assert!(entry.regular);
            for regular in [true, false] {
                let known = Known {
                    dir: listing.handle.as_ref(),
                    regular,
                };
                let got = read_pc(&path, known, |b, o| (b.to_vec(), o)).unwrap();
                assert_eq!(got.0, std::fs::read(&path).unwrap(), "{len} bytes");
                assert_eq!(got.1, Origin::Regular);
            }
            std::fs::remove_dir_all(dir).unwrap();
        }
    }

    #[test]
    fn a_file_past_the_limit_is_too_large_however_it_is_read() {
        let len = usize::try_from(MAX_FILE_SIZE).unwrap() + 1;
        let (dir, path) = file_of(len, "large");
        let listing = list(path.parent().unwrap()).unwrap();
        for regular in [true, false] {
            let known = Known {
                dir: listing.handle.as_ref(),
                regular,
            };
            let got = read_pc(&path, known, |b, _| b.len());
            assert!(matches!(got, Err(ReadError::TooLarge)), "{got:?}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_directory_is_no_file_and_nothing_is_missing() {
        let (dir, path) = file_of(3, "dir");
        let listing = list(path.parent().unwrap()).unwrap();
        let sub = path.parent().unwrap().join("sub.pc");
        std::fs::create_dir_all(&sub).unwrap();
        let known = Known {
            dir: listing.handle.as_ref(),
            regular: false,
        };
        assert!(matches!(
            read_pc(&sub, known, |_, _| ()),
            Err(ReadError::Missing)
        ));
        let gone = path.parent().unwrap().join("gone.pc");
        assert!(matches!(
            read_pc(&gone, known, |_, _| ()),
            Err(ReadError::Missing)
        ));
        // Under a file: nothing there either, by path or in a missing
        // directory.
        let under = path.join("y.pc");
        assert!(matches!(
            read_pc(&under, Known::default(), |_, _| ()),
            Err(ReadError::Missing)
        ));
        assert!(matches!(open_dir(&path), DirOpen::Missing));
        assert!(matches!(open_dir(&path.join("nope")), DirOpen::Missing));
        assert!(matches!(open_dir(path.parent().unwrap()), DirOpen::Open(_)));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
