//! Starting the start-up helper thread on a core other than the reader's.
//!
//! On the 2-core machines citelint is measured on, the rules thread ([`super::preload`])
//! often began on the core of the thread that spawned it, and the two shared that core
//! until the scheduler's next balancing: traces of a cold run showed the reader stopped
//! for 4 ms, a scheduler tick, while the other core stood idle. The helper therefore
//! restricts itself, as it starts, to the cores other than the reader's, which moves it
//! at once, and then gives its affinity back, so that it may run anywhere afterwards (on
//! a machine whose other cores are busy, say). Elsewhere than Linux, nothing is done.
//!
//! The calls go through `rustix` built on the C library (its `use-libc` feature): its own
//! system-call backend reads the vDSO's ELF image to find `getcpu`, and under valgrind,
//! which maps no vDSO there, that read faulted (rustix issue 1559), so citelint could
//! not be run under valgrind's tools at all.

/// The core the calling thread runs on, where the system says.
pub fn current() -> Option<usize> {
    #[cfg(target_os = "linux")]
    {
        Some(rustix::thread::sched_getcpu())
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// Moves the calling thread off core `reader` onto another it may run on, if there is
/// one, and leaves its affinity as it was. Returns whether it moved.
pub fn move_off(reader: Option<usize>) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::thread::{sched_getaffinity, sched_setaffinity};
        let Some(reader) = reader else {
            return false;
        };
        let Ok(allowed) = sched_getaffinity(None) else {
            return false;
        };
        let mut others = allowed;
        if reader < rustix::thread::CpuSet::MAX_CPU {
            others.unset(reader);
        }
        if others.count() == 0 || sched_setaffinity(None, &others).is_err() {
            return false;
        }
        // The move is made; the thread stays where it now runs until the scheduler has
        // reason to move it.
        let _ = sched_setaffinity(None, &allowed);
        true
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = reader;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_moved_off_a_core_runs_elsewhere_and_keeps_its_affinity() {
        let here = current();
        let (moved, there, allowed_after) = std::thread::spawn(move || {
            let moved = move_off(here);
            (moved, current(), allowed())
        })
        .join()
        .unwrap();
        assert_eq!(allowed_after, allowed(), "the affinity is given back");
        if moved {
            assert_ne!(there, here, "it runs on another core");
        }
        if cfg!(target_os = "linux") && allowed() > 1 {
            assert!(moved, "with {} cores allowed, it moves", allowed());
        }
        assert!(!move_off(None), "no core named, no move");
    }

    /// How many cores this thread may run on.
    fn allowed() -> u32 {
        #[cfg(target_os = "linux")]
        {
            rustix::thread::sched_getaffinity(None).map_or(1, |set| set.count())
        }
        #[cfg(not(target_os = "linux"))]
        {
            1
        }
    }
}
