//! Reading many files on several threads: a scan of the search path
//! (`--list-all`, a lookup through `Provides`) and a solve's read-ahead of
//! the search path's files ([`super::Registry::read_listed_ahead`]).
//!
//! Each worker starts on another processor than the thread that made it
//! ([`crate::thread::spawn_scoped`]), and makes its allocator arena
//! writable once, at the size of what it will keep ([`reserve_heap`]).

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many files a thread takes at a time.
pub(super) const BLOCK: usize = 32;

/// About what a thread keeps of each file it loads, in bytes (the worker
/// of a `--list-all` over 4,001 files of `gen-graph --shape wide` kept
/// 4 MiB for the 2,000 or so it loaded).
const HEAP_PER_FILE: usize = 2048;

/// What a worker thread does first, to load about `files` files: it
/// makes its allocator arena large enough for what it will keep.
pub(super) fn worker_start(files: usize) {
    reserve_heap(files.saturating_mul(HEAP_PER_FILE));
}

/// Makes this thread's allocator arena large enough for `bytes` in a few
/// steps. glibc gives each new thread an arena of its own and makes it
/// writable as it grows, one `mprotect` a page (a worker of
/// `--list-all` over 4,001 files made 1,040 of them); what is allocated and
/// freed here is made writable once, and stays so when freed (the pages go
/// back, the range stays writable). `--list-all` of 4,001 files: 0.97x the
/// time, 65 `mprotect` calls in place of 1,040, the same peak memory
/// (farm-bench, 100 pairs). Elsewhere it costs an allocation a block.
fn reserve_heap(bytes: usize) {
    // Blocks under the size glibc maps on their own (128 KiB by default).
    const BLOCK: usize = 64 * 1024;
    let blocks: Vec<Vec<u8>> = (0..bytes.div_ceil(BLOCK).min(1024))
        .map(|_| Vec::with_capacity(BLOCK))
        .collect();
    std::hint::black_box(&blocks);
}

/// `read` of every item, on `jobs` threads (this one among them), each
/// taking the next [`BLOCK`] of items in turn: the results with their
/// items' indices, in no order.
pub(super) fn read_all<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    read: impl Fn(&T) -> R + Sync,
) -> Vec<(usize, R)> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let start = next.fetch_add(BLOCK, Ordering::Relaxed);
            let end = items.len().min(start.saturating_add(BLOCK));
            let Some(block) = items.get(start..end).filter(|b| !b.is_empty()) else {
                return out;
            };
            out.extend((start..).zip(block).map(|(i, item)| (i, read(item))));
        }
    };
    let jobs = jobs.max(1);
    std::thread::scope(|scope| {
        // A thread that cannot be started takes no block: this one takes
        // them all.
        let workers: Vec<_> = (1..jobs)
            .filter_map(|_| {
                crate::thread::spawn_scoped(scope, "pkgconf-read", || {
                    worker_start(items.len() / jobs);
                    work()
                })
                .ok()
            })
            .collect();
        let mut all = work();
        for w in workers {
            match w.join() {
                Ok(out) => all.extend(out),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        all
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_read_once_whatever_the_threads() {
        let items: Vec<usize> = (0..1000).collect();
        for jobs in [0, 1, 2, 3] {
            let mut got = read_all(&items, jobs, |i| i * 2);
            got.sort_unstable();
            let want: Vec<(usize, usize)> = items.iter().map(|&i| (i, i * 2)).collect();
            assert_eq!(got, want, "{jobs} threads");
        }
    }
}
