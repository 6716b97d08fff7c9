//! Parallel work with results in input order: the pool's threads take items one at a time,
//! never more than a window ahead of the writer, and the calling thread writes each result
//! as soon as every earlier one is written. No barrier between batches, so no thread waits
//! for a slow document in someone else's batch, and memory holds at most a window of
//! results.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};

use rayon::ThreadPool;

/// Where the work stands, shared by the workers and the writer.
struct Progress {
    /// The next item a worker may take.
    next: usize,
    /// How many results the writer has written.
    written: usize,
    /// The writer stopped (it could not write); workers take nothing more.
    stopped: bool,
}

/// Runs `work` on every item on `pool`'s threads and hands the results to `write` on this
/// thread, in item order. A worker takes item `i` only once fewer than `window` results
/// before it are unwritten. `write` returning `Break` stops the run.
pub fn for_each_in_order<T, R>(
    pool: &ThreadPool,
    items: &[T],
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut write: impl FnMut(R) -> ControlFlow<()>,
) where
    T: Sync,
    R: Send,
{
    let progress = Mutex::new(Progress {
        next: 0,
        written: 0,
        stopped: false,
    });
    let advanced = Condvar::new();
    let lock = || progress.lock().unwrap_or_else(PoisonError::into_inner);
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        let (progress, advanced, work) = (&progress, &advanced, &work);
        scope.spawn(move || {
            pool.scope(|workers| {
                for _ in 0..pool.current_num_threads() {
                    let sender = sender.clone();
                    workers.spawn(move |_| {
                        while let Some(index) = take(progress, advanced, items.len(), window) {
                            if sender.send((index, work(&items[index]))).is_err() {
                                return;
                            }
                        }
                    });
                }
                drop(sender);
            });
        });
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut written = 0;
        'receive: for (index, result) in &receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&written) {
                written += 1;
                let flow = write(result);
                let mut state = lock();
                state.written = written;
                state.stopped = flow.is_break();
                drop(state);
                advanced.notify_all();
                if flow.is_break() {
                    break 'receive;
                }
            }
        }
        // Workers still sending find the channel closed and stop.
        drop(receiver);
    });
}

/// The next item for a worker, waiting while it is a window or more ahead of the writer;
/// `None` when every item is taken or the writer stopped.
fn take(
    progress: &Mutex<Progress>,
    advanced: &Condvar,
    len: usize,
    window: usize,
) -> Option<usize> {
    let mut state = progress.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if state.stopped || state.next >= len {
            return None;
        }
        if state.next < state.written + window.max(1) {
            state.next += 1;
            return Some(state.next - 1);
        }
        state = advanced.wait(state).unwrap_or_else(PoisonError::into_inner);
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
