//! Starting the library's helper threads: a scan's and a read-ahead's
//! workers, a solve's read-ahead helper and the thread that collects a
//! large solution's libs.
//!
//! A new thread is queued on the processor of the thread that made it. A
//! maker that goes on working without a system call that reschedules it
//! keeps the new thread waiting there until the scheduler's next tick, even
//! with another processor idle: on this project's 2-core virtual machine a
//! C program that spins after `pthread_create` saw its thread start 3.9 ms
//! later in 20 of 24 runs (15 to 90 µs when it yielded). So
//! [`spawn_scoped`] lets the new thread run at once, in the maker's place,
//! and the new thread's first act is to move to another processor; then
//! the maker goes on where it was. The yield has a cost of its own: in
//! some runs the maker waits about 0.9 ms to get its processor back.
//! Measured against the same build without the yield (farm-bench): 1,001
//! packages (`gen-graph --depth 20 --width 50 --fanout 10`) 0.94x the time
//! (60 pairs); `--list-all` over 4,001 files 0.93x (40 pairs, against
//! the build before the scan's workers used it).

use std::io;
use std::thread::{Builder, Scope, ScopedJoinHandle};

/// The processor this thread runs on, where the system tells.
pub(crate) fn current_cpu() -> Option<usize> {
    #[cfg(target_os = "linux")]
    {
        Some(rustix::thread::sched_getcpu())
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// Starts `f` on a new thread named `name` in `scope`, away from this
/// thread's processor where there is another (see the module docs).
pub(crate) fn spawn_scoped<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    name: &str,
    f: impl FnOnce() -> T + Send + 'scope,
) -> io::Result<ScopedJoinHandle<'scope, T>> {
    let here = current_cpu();
    let handle = Builder::new()
        .name(name.into())
        .spawn_scoped(scope, move || {
            move_off(here);
            f()
        })?;
    // The new thread runs now, on this processor, and moves away.
    std::thread::yield_now();
    Ok(handle)
}

/// Moves this thread to another processor than `cpu`, where it may run on
/// one; then lets it run anywhere again. Only where it goes on is chosen:
/// it is free to move again at once.
fn move_off(cpu: Option<usize>) {
    #[cfg(target_os = "linux")]
    if let Some(cpu) = cpu {
        use rustix::thread::{sched_getaffinity, sched_setaffinity};
        if let Ok(allowed) = sched_getaffinity(None) {
            if allowed.count() > 1 && allowed.is_set(cpu) {
                let mut elsewhere = allowed;
                elsewhere.unset(cpu);
                if sched_setaffinity(None, &elsewhere).is_ok() {
                    // Moved by now; then allowed everywhere again.
                    std::thread::yield_now();
                    let _ = sched_setaffinity(None, &allowed);
                }
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cpu;
}
