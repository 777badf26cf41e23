//! What the threads that read many files share: a scan of the search path
//! (`--list-all`, a lookup through `Provides`) takes its files [`BLOCK`] at
//! a time, and every reading thread (a scan's, a solve's read-ahead of the
//! search path, its helper) makes its allocator arena writable once, at
//! the size of what it will keep ([`worker_start`]). Each starts on
//! another processor than the thread that made it
//! ([`crate::thread::spawn_scoped`]).

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
