//! Reading ahead of a large solve on a second thread.
//!
//! A solve loads packages one at a time, depth first: each lookup opens,
//! reads and parses a file before the walk can go on. The names a package
//! requires are known as soon as it is expanded, long before the walk gets
//! to most of them. Once a solve has expanded [`START_AFTER`] packages (and
//! [`Options::jobs`](crate::Options::jobs) allows a second thread), the
//! solver hands each expanded package's requirement names to a helper
//! thread. The helper takes the most recently handed names first, last
//! requirement first: the walk goes down the first requirement, so the
//! helper works on the siblings the walk reaches when it comes back up.
//!
//! The helper looks a name up the way [`Registry::probe`] does (the same
//! candidate files in the same order, read with the same source and
//! configuration), except that it lists each search directory once and
//! opens only the names it holds.
//!
//! What the helper reads is only ever taken in place of reading the same
//! file: the solve still makes every lookup in its own order and records
//! every file in the store itself, so file numbers, diagnostics and output
//! are those of a one-thread solve. The helper reads a file once:
//! whichever thread claims it first reads it, and the other waits for it
//! or skips it. What the helper read and the walk never asked for is
//! dropped with the solve.
//!
//! A read-ahead of the whole search path (`Registry::read_listed_ahead`)
//! has no helper thread and no use of the table: worker threads read the
//! files of a [`Plan`] in turn ([`Plan::read`]) while the walk goes on; the
//! walk takes those files through [`Prefetch::take`] too, and reads itself
//! those no worker has read yet.
//!
//! [`Registry::probe`]: super::Registry

use super::fs::{DirHandle, Known};
use super::probe::Listed;
use super::{Loaded, Registry, candidate, candidates, shared};
use crate::hash::{Map as HashMap, Set as HashSet};
use camino::{Utf8Path, Utf8PathBuf};
use compact_str::CompactString;
use foldhash::fast::RandomState;
use std::hash::BuildHasher;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// How many packages a solve expands on its own before it starts the
/// helper. Below that, starting a thread and handing files over cost more
/// than the overlap saves. Measured on 2 cores (`perf stat`, against the
/// same build without the helper): a 41-package stack was slower with a
/// helper started after 16 packages, the 1,001-package graph of
/// `bench/compare` 5 to 9% slower with one started after 256; graphs of
/// 4,001 and 16,001 packages take about 0.83x and 0.77x the time.
pub(crate) const START_AFTER: u32 = 1024;

/// The read-ahead state shared by a solve and its helper thread (or, for
/// a read-ahead of the search path, its workers' [`Plan`]).
#[derive(Debug, Default)]
pub(crate) struct Prefetch {
    state: Mutex<State>,
    /// Signalled, when someone waits, as a name is queued, a file is read
    /// or the solve ends.
    changed: Condvar,
    /// How many files the helper has read: the solve spins on it for a
    /// moment before it sleeps (a file takes some microseconds to read; a
    /// sleep and a wake-up take longer).
    reads: AtomicUsize,
    /// How many times names were queued or the read-ahead closed: the
    /// helper spins on it for a moment before it sleeps.
    news: AtomicUsize,
    /// Hashes names and paths for [`State`]'s maps (outside the lock).
    hasher: RandomState,
    /// A read-ahead of the search path: its files, which its workers read
    /// (no helper thread then, and no use of the lock).
    plan: Option<Arc<Plan>>,
}

/// How many times a thread checks a counter ([`Prefetch::reads`],
/// [`Prefetch::news`]) before it sleeps.
const SPINS: u32 = 4096;

#[derive(Debug, Default)]
struct State {
    /// Names to look up; the last one first. Inline up to 24 bytes: the
    /// helper frees what the solve's thread allocated otherwise (see
    /// `spent`).
    stack: Vec<CompactString>,
    /// The hash of every name ever queued (two names that collide: the
    /// second is not read ahead, which costs only time).
    queued: HashSet<u64>,
    /// Files by the hash of their path's bytes (both threads spell a path
    /// the same way, from a search directory and a name; hashing a `Path`
    /// takes it apart component by component): a graph of 16,000 packages
    /// keeps 16,000 entries. A file read by the helper is handed over only to a
    /// lookup of the very path, under the same package name and
    /// `-uninstalled` flag (`foo-uninstalled.pc` is package `foo` to a
    /// lookup of `foo`, and `foo-uninstalled` to one of that name); a
    /// collision or a mismatch costs a read ahead, never a wrong answer.
    files: HashMap<u64, File>,
    /// The solve is over: the helper stops.
    closed: bool,
    /// The helper waits for a name.
    helper_waits: bool,
    /// The solve waits for a file the helper is reading.
    solve_waits: bool,
    /// What the helper allocated to hand a file over, once the solve has
    /// taken the file: the helper frees it. Freed on the solve's thread
    /// while the helper runs, each would wait for the lock of the helper's
    /// allocator arena.
    #[expect(clippy::vec_box, reason = "the boxes themselves are to be freed")]
    spent: Vec<Box<ReadAhead>>,
}

/// A file the helper read: what it read, and how.
#[derive(Debug)]
struct ReadAhead {
    path: Utf8PathBuf,
    /// Inline up to 24 bytes: no allocation for most names.
    id: CompactString,
    uninstalled: bool,
    /// Taken by the solve.
    read: Option<Loaded>,
}

impl ReadAhead {
    fn is(&self, path: &Utf8Path, id: &str, uninstalled: bool) -> bool {
        self.path.as_str() == path.as_str() && *self.id == *id && self.uninstalled == uninstalled
    }
}

#[derive(Debug)]
enum File {
    /// The helper is reading it.
    Reading,
    /// The helper read it; the solve has not taken it yet.
    Read(Box<ReadAhead>),
    /// The solve reads (or has read) it itself.
    Claimed,
}

impl Prefetch {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held leaves plain data behind.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, st: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.changed
            .wait(st)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues names for the helper to look up (each name once), the last
    /// one to be looked up first.
    pub(crate) fn want<'n>(&self, names: impl IntoIterator<Item = &'n str>) {
        let mut st = self.lock();
        for name in names {
            if is_plain_name(name) && st.queued.insert(self.hasher.hash_one(name)) {
                st.stack.push(CompactString::from(name));
            }
        }
        if !st.stack.is_empty() {
            self.news.fetch_add(1, Ordering::Release);
            if st.helper_waits {
                self.changed.notify_all();
            }
        }
    }

    /// The read-ahead of the files of `plan`, which its workers read
    /// ([`Plan::read`]).
    pub(crate) fn planned(plan: Arc<Plan>) -> Self {
        Prefetch {
            plan: Some(plan),
            ..Prefetch::default()
        }
    }

    /// Ends the read-ahead: the helper, or each worker, stops after the file
    /// it is reading.
    pub(crate) fn close(&self) {
        if let Some(plan) = &self.plan {
            plan.closed.store(true, Ordering::Release);
        }
        self.lock().closed = true;
        self.news.fetch_add(1, Ordering::Release);
        self.changed.notify_all();
    }

    /// What the helper read of `path` as package `id` (`uninstalled`: an
    /// `-uninstalled` file), waiting for it if the helper is reading it
    /// now; `None` (and `path` claimed) when the helper has not started on
    /// it, or read it otherwise, so the caller reads it itself. For a
    /// read-ahead of the search path, what a worker read ([`Plan::take`],
    /// which never waits).
    pub(crate) fn take(&self, path: &Utf8Path, id: &str, uninstalled: bool) -> Option<Loaded> {
        if let Some(plan) = &self.plan {
            return plan.take(path, id, uninstalled);
        }
        let key = self.hasher.hash_one(path.as_str());
        let mut st = self.lock();
        loop {
            match st.files.get_mut(&key) {
                Some(File::Reading) => {
                    let seen = self.reads.load(Ordering::Acquire);
                    drop(st);
                    let changed = spin_until_changed(&self.reads, seen);
                    st = self.lock();
                    if !changed && matches!(st.files.get(&key), Some(File::Reading)) {
                        st.solve_waits = true;
                        st = self.wait(st);
                        st.solve_waits = false;
                    }
                }
                Some(file @ File::Read(_)) => {
                    if !matches!(file, File::Read(ahead) if ahead.is(path, id, uninstalled)) {
                        return None;
                    }
                    let File::Read(mut ahead) = std::mem::replace(file, File::Claimed) else {
                        return None;
                    };
                    let read = ahead.read.take();
                    st.spent.push(ahead);
                    return read;
                }
                Some(File::Claimed) => return None,
                None => {
                    st.files.insert(key, File::Claimed);
                    return None;
                }
            }
        }
    }

    /// The helper thread's work: look up queued names until the solve
    /// closes the read-ahead. `files` is about how many it may read (the
    /// listed files the solve has not found yet; 0 when unknown): its
    /// allocator arena is made writable for them first, as a scan's workers
    /// do (`parallel::worker_start`). Workload 4 of `bench/compare`: 471
    /// `mprotect` calls in place of 5,110, 0.99x the time (farm-bench, 30
    /// and 40 pairs, with and without `--static`), the same peak memory.
    pub(crate) fn run(&self, reg: &Registry, files: usize) {
        super::parallel::worker_start(files);
        let mut listings: HashMap<&Utf8Path, Option<Listed>> = HashMap::default();
        let mut spent = Vec::new();
        while let Some(name) = self.next_name(&mut spent) {
            spent.clear();
            self.look_up(reg, &name, &mut listings);
        }
    }

    /// The next name to look up, and in `spent` (empty) what the solve has
    /// taken over since the last one, for this thread to free.
    #[expect(clippy::vec_box, reason = "the boxes themselves are to be freed")]
    fn next_name(&self, spent: &mut Vec<Box<ReadAhead>>) -> Option<CompactString> {
        let mut st = self.lock();
        std::mem::swap(&mut st.spent, spent);
        loop {
            if st.closed {
                return None;
            }
            if let Some(name) = st.stack.pop() {
                return Some(name);
            }
            // The walk hands over names every few microseconds while it
            // expands packages: wait for the next ones awake first.
            let seen = self.news.load(Ordering::Acquire);
            drop(st);
            let changed = spin_until_changed(&self.news, seen);
            st = self.lock();
            // What happened between the spin and the lock (the solve
            // closing, names queued) is seen here, under the lock, before
            // sleeping: a wake-up sent in that gap reached no one.
            if changed || st.closed || !st.stack.is_empty() {
                continue;
            }
            st.helper_waits = true;
            st = self.wait(st);
            st.helper_waits = false;
        }
    }

    /// Reads `name`'s candidate files in lookup order until one loads, as
    /// the solve's own lookup will; a name a listed directory does not
    /// hold is not opened.
    fn look_up<'r>(
        &self,
        reg: &'r Registry,
        name: &str,
        listings: &mut HashMap<&'r Utf8Path, Option<Listed>>,
    ) {
        let config = &reg.config;
        for (dir, uninstalled) in candidates(&config.search_path, config.allow_uninstalled) {
            let listing = listings
                .entry(dir)
                .or_insert_with(|| reg.source.list(dir).map(|l| Listed::new(l, false)));
            let path = candidate(dir, name, uninstalled);
            let file_name = path.file_name().unwrap_or("");
            let known = match listing {
                Some(listed) => match listed.known(file_name) {
                    Some(known) => known,
                    None => continue,
                },
                None => Known::default(),
            };
            match self.read(reg, (&path, known), name, uninstalled) {
                // Loaded: the lookup stops here. Claimed: the solve is
                // ahead of the helper on this name.
                Some(true) | None => return,
                Some(false) => {}
            }
        }
    }

    /// Reads `path` unless the solve claimed it; whether it loaded.
    fn read(
        &self,
        reg: &Registry,
        (path, known): (&Utf8Path, Known<'_>),
        id: &str,
        uninstalled: bool,
    ) -> Option<bool> {
        let key = self.hasher.hash_one(path.as_str());
        {
            let mut st = self.lock();
            if st.closed || st.files.contains_key(&key) {
                return None;
            }
            st.files.insert(key, File::Reading);
        }
        // If loading ever panicked, the solve must not wait for this file
        // forever: it is handed back, and the solve reads it itself.
        let read = read_off_thread(reg, (path, known), id, uninstalled);
        let mut st = self.lock();
        self.reads.fetch_add(1, Ordering::Release);
        let loaded = match read {
            Some(read) => {
                let loaded = read.0.is_ok();
                st.files.insert(
                    key,
                    File::Read(Box::new(ReadAhead {
                        path: path.to_owned(),
                        id: id.into(),
                        uninstalled,
                        read: Some(read),
                    })),
                );
                Some(loaded)
            }
            None => {
                st.files.remove(&key);
                None
            }
        };
        if st.solve_waits {
            self.changed.notify_all();
        }
        loaded
    }
}

/// The files a read-ahead of the search path reads
/// (`Registry::read_listed_ahead`), shared by its workers and the solve.
/// Each file's state is an atomic: a worker takes a file no one has, and
/// the solve takes it read, or claims it not yet read and reads it itself;
/// neither ever waits for the other (a worker that a busy machine stops
/// holds up nothing). A first version kept the files in [`Prefetch`]'s
/// table, under its lock, and the solve waited for a file a worker was
/// reading: workload 3 of `bench/compare` took 0.95x the time of reading
/// every file before the walk (farm-bench, 60 and 80 pairs), but 1.04x
/// (60 and 100 pairs) while the machine ran two threads slowly.
#[derive(Debug)]
pub(crate) struct Plan {
    /// Each search directory, open, by its index in the search path.
    dirs: Vec<Option<DirHandle>>,
    files: Vec<Planned>,
    /// Where each file is, by its index in `files`.
    slots: Vec<Slot>,
    /// Each file's index by the hash of its path.
    index: HashMap<u64, usize>,
    hasher: RandomState,
    /// The next file no worker has taken.
    next: AtomicUsize,
    /// The solve is over: the workers stop.
    closed: AtomicBool,
}

/// One file of a [`Plan`]: the first one a lookup of `id` would read.
#[derive(Debug)]
pub(crate) struct Planned {
    pub(crate) path: Utf8PathBuf,
    pub(crate) id: CompactString,
    pub(crate) uninstalled: bool,
    /// The listing gave it as a regular file.
    pub(crate) regular: bool,
    /// Its directory's index in the search path.
    pub(crate) dir: usize,
}

/// Where one file of a [`Plan`] is: not taken, being read by a worker,
/// read (with what reading gave), or claimed by the solve.
#[derive(Debug, Default)]
struct Slot {
    state: AtomicU8,
    read: Mutex<Option<Loaded>>,
}

const UNTAKEN: u8 = 0;
const READING: u8 = 1;
const READ: u8 = 2;
const CLAIMED: u8 = 3;

impl Plan {
    pub(crate) fn new(dirs: Vec<Option<DirHandle>>, files: Vec<Planned>) -> Self {
        let hasher = RandomState::default();
        let index = (files.iter().enumerate())
            .map(|(i, f)| (hasher.hash_one(f.path.as_str()), i))
            .collect();
        Plan {
            dirs,
            slots: files.iter().map(|_| Slot::default()).collect(),
            files,
            index,
            hasher,
            next: AtomicUsize::new(0),
            closed: AtomicBool::new(false),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// A worker's share: reads the next file no other thread has taken,
    /// until there are none or the solve closes the read-ahead. `files`:
    /// about how many it will read (see [`Prefetch::run`]).
    pub(crate) fn read(&self, reg: &Registry, files: usize) {
        super::parallel::worker_start(files);
        while !self.closed.load(Ordering::Acquire) {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let (Some(f), Some(slot)) = (self.files.get(i), self.slots.get(i)) else {
                return;
            };
            if (slot.state)
                .compare_exchange(UNTAKEN, READING, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
            {
                continue;
            }
            let known = Known {
                dir: self.dirs.get(f.dir).and_then(Option::as_ref),
                regular: f.regular,
            };
            // If loading ever panicked, the file would stay "being read",
            // which the solve reads itself.
            if let Some(read) = read_off_thread(reg, (&f.path, known), &f.id, f.uninstalled) {
                *slot.read.lock().unwrap_or_else(PoisonError::into_inner) = Some(read);
                slot.state.store(READ, Ordering::Release);
            }
        }
    }

    /// What a worker read of `path` as package `id` (`uninstalled`: an
    /// `-uninstalled` file); `None` when the plan does not hold it so, or
    /// a worker has not read it yet: the solve reads it itself then (a
    /// file not taken yet is claimed, and no worker reads it; one being
    /// read is read twice, rather than waited for).
    fn take(&self, path: &Utf8Path, id: &str, uninstalled: bool) -> Option<Loaded> {
        let i = *self.index.get(&self.hasher.hash_one(path.as_str()))?;
        let (f, slot) = (self.files.get(i)?, self.slots.get(i)?);
        if f.path != path || *f.id != *id || f.uninstalled != uninstalled {
            return None;
        }
        match (slot.state).compare_exchange(UNTAKEN, CLAIMED, Ordering::AcqRel, Ordering::Acquire) {
            Err(READ) => {
                slot.state.store(CLAIMED, Ordering::Relaxed);
                slot.read
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take()
            }
            Ok(_) | Err(_) => None,
        }
    }
}

/// Reads a file on a thread other than the solve's: `None` if loading
/// panicked (it does not; if it ever did, the solve reads the file itself
/// and meets the panic there).
fn read_off_thread(
    reg: &Registry,
    (path, known): (&Utf8Path, Known<'_>),
    id: &str,
    uninstalled: bool,
) -> Option<Loaded> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        shared(reg.read(path, known, id, uninstalled))
    }))
    .ok()
}

/// Spins up to [`SPINS`] times until `counter` is no longer `seen`; whether
/// it changed.
fn spin_until_changed(counter: &AtomicUsize, seen: usize) -> bool {
    for _ in 0..SPINS {
        if counter.load(Ordering::Acquire) != seen {
            return true;
        }
        std::hint::spin_loop();
    }
    counter.load(Ordering::Acquire) != seen
}

/// Whether a lookup of `name` searches the search path (built-ins, paths
/// and empty names do not).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('/')
        && !name.ends_with(".pc")
        && super::builtin::NAMES.iter().all(|b| *b != name)
}
