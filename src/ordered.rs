//! Parallel work with results in input order, with no writer thread: the pool's threads take
//! items one at a time, never more than a window ahead of what is written, and the worker
//! that finishes the next item in order writes it, with every later one already finished.
//! No barrier between batches and no hand-off to another thread per item, so no thread
//! waits for a slow document in someone else's batch, nothing wakes a sleeping thread for
//! each document, and memory holds at most a window of results.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use rayon::ThreadPool;

/// Where the work stands, shared by the workers.
struct Progress<R> {
    /// The next item a worker may take.
    next: usize,
    /// How many results have been written.
    written: usize,
    /// Finished results not yet written, by item index.
    finished: BTreeMap<usize, R>,
    /// A worker is writing; the others leave their results in `finished` for it.
    writing: bool,
    /// Writing stopped (it could not write); workers take nothing more.
    stopped: bool,
    /// Workers asleep because they are a window ahead of the writing.
    sleeping: usize,
}

/// Runs `work` on every item on `pool`'s threads and hands the results to `write` in item
/// order, one call at a time. A worker takes item `i` only once fewer than `window` results
/// before it are unwritten. `write` returning `Break` stops the run.
pub fn for_each_in_order<T, R>(
    pool: &ThreadPool,
    items: &[T],
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    write: impl FnMut(R) -> ControlFlow<()> + Send,
) where
    T: Sync,
    R: Send,
{
    let shared = Shared {
        progress: Mutex::new(Progress {
            next: 0,
            written: 0,
            finished: BTreeMap::new(),
            writing: false,
            stopped: false,
            sleeping: 0,
        }),
        advanced: Condvar::new(),
        write: Mutex::new(write),
        window: window.max(1),
        len: items.len(),
    };
    let (shared, work) = (&shared, &work);
    pool.scope(|workers| {
        for _ in 0..pool.current_num_threads() {
            workers.spawn(move |_| {
                while let Some(index) = shared.take() {
                    shared.finish(index, work(&items[index]));
                }
            });
        }
    });
}

struct Shared<R, W> {
    progress: Mutex<Progress<R>>,
    /// Signalled when writing advances or stops, for sleeping workers.
    advanced: Condvar,
    write: Mutex<W>,
    window: usize,
    len: usize,
}

impl<R, W: FnMut(R) -> ControlFlow<()>> Shared<R, W> {
    fn lock(&self) -> MutexGuard<'_, Progress<R>> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next item for a worker, sleeping while it is a window or more ahead of the
    /// writing; `None` when every item is taken or writing stopped.
    fn take(&self) -> Option<usize> {
        let mut state = self.lock();
        loop {
            if state.stopped || state.next >= self.len {
                return None;
            }
            if state.next < state.written + self.window {
                state.next += 1;
                return Some(state.next - 1);
            }
            state.sleeping += 1;
            state = self
                .advanced
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.sleeping -= 1;
        }
    }

    /// Records item `index`'s result and, unless another worker is writing, writes every
    /// result that is next in order, until the next one is still being worked on.
    fn finish(&self, index: usize, result: R) {
        let mut state = self.lock();
        state.finished.insert(index, result);
        if state.writing || state.stopped {
            return;
        }
        state.writing = true;
        loop {
            let mut ready = Vec::new();
            let mut next = state.written;
            while let Some(result) = state.finished.remove(&next) {
                ready.push(result);
                next += 1;
            }
            if ready.is_empty() {
                state.writing = false;
                return;
            }
            drop(state);
            let mut stopped = false;
            {
                let mut write = self.write.lock().unwrap_or_else(PoisonError::into_inner);
                for result in ready {
                    if write(result).is_break() {
                        stopped = true;
                        break;
                    }
                }
            }
            state = self.lock();
            state.written = next;
            if stopped {
                state.stopped = true;
                state.finished.clear();
            }
            if state.sleeping > 0 {
                self.advanced.notify_all();
            }
            if stopped {
                state.writing = false;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(threads: usize) -> ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn results_arrive_in_item_order_whatever_the_thread_count() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            for_each_in_order(
                &pool(threads),
                &items,
                8,
                |&i| {
                    // Uneven work, so later items often finish first.
                    std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                    i * 2
                },
                |r| {
                    seen.push(r);
                    ControlFlow::Continue(())
                },
            );
            assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_stopped_writer_ends_the_run_early() {
        let items: Vec<u32> = (0..10_000).collect();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let mut written = 0;
        for_each_in_order(
            &pool(2),
            &items,
            4,
            |&i| {
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            },
            |_| {
                written += 1;
                if written == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(written, 3);
        // Workers stay within the window of the writer, so they stop soon after it.
        assert!(done.load(std::sync::atomic::Ordering::Relaxed) < 20);
    }
}
