//! Parallel work with results in input order, with no writer thread: the pool's threads take
//! items one at a time, never more than a window ahead of what is written, and the worker
//! that finishes the next item in order writes it, with every later one already finished.
//! No barrier between batches and no hand-off to another thread per item, so no thread
//! waits for a slow document in someone else's batch, nothing wakes a sleeping thread for
//! each document, and memory holds at most a window of results.
//!
//! Each item is worked in three steps: `read` gives it a group (a document's language),
//! `prepare` and `finish` work it. Within the window a worker finishes the items of one group
//! before it turns to another's, so that a corpus whose English and Chinese manuscripts
//! alternate is worked in runs of one language: the two languages run through different code
//! and tables, and a core switching between them on every document ran a fifth slower. A
//! worker takes the items of its group that wait, up to a batch, and prepares them all
//! before it finishes each: a step's code and tables stay in the processor's caches from one
//! item to the next.

use std::collections::{BTreeMap, VecDeque};
use std::ops::ControlFlow;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use rayon::ThreadPool;

/// Where the work stands, shared by the workers.
struct Progress<P, R> {
    /// The next item a worker may read.
    next: usize,
    /// How many results have been written.
    written: usize,
    /// Items read and waiting for their work, each group's in item order, with their
    /// weights.
    waiting: Vec<VecDeque<(usize, usize, P)>>,
    /// The weight of the items waiting.
    waiting_weight: usize,
    /// Finished results not yet written, by item index.
    finished: BTreeMap<usize, R>,
    /// A worker is writing; the others leave their results in `finished` for it.
    writing: bool,
    /// Writing stopped (it could not write); workers take nothing more.
    stopped: bool,
    /// Workers asleep because they are a window ahead of the writing with nothing read.
    sleeping: usize,
}

/// How far ahead the workers may go: `window` items ahead of the writing, `groups` groups
/// of items (each a group index below it), the weight of read items that may wait for
/// their group's turn before a worker turns to them rather than read on, and the batches a
/// worker takes.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub window: usize,
    pub groups: usize,
    pub waiting_budget: usize,
    pub batch: Batch,
}

/// How many of its group's waiting items a worker takes at once: up to `items`, weighing up
/// to `weight` together (the first whatever it weighs); an item that weighs `alone_from`
/// or more is taken alone.
#[derive(Debug, Clone, Copy)]
pub struct Batch {
    pub items: usize,
    pub weight: usize,
    pub alone_from: usize,
}

impl Batch {
    /// Items one at a time.
    pub const ONE: Batch = Batch {
        items: 1,
        weight: usize::MAX,
        alone_from: usize::MAX,
    };

    /// The batch at the front of `waiting` (items with their weights): how many items and
    /// what they weigh, and whether it is whole (no item read later could join it).
    fn at_front<P>(&self, waiting: &VecDeque<(usize, usize, P)>) -> FrontBatch {
        let mut batch = FrontBatch {
            items: 0,
            weight: 0,
            whole: false,
        };
        for &(_, weight, _) in waiting.iter().take(self.items) {
            let heavy = weight >= self.alone_from;
            if batch.items > 0 && (heavy || batch.weight + weight > self.weight) {
                batch.whole = true;
                return batch;
            }
            batch.items += 1;
            batch.weight += weight;
            if heavy {
                batch.whole = true;
                return batch;
            }
        }
        batch.whole = batch.items == self.items;
        batch
    }
}

/// The batch a worker would take from the front of its group's waiting items.
struct FrontBatch {
    items: usize,
    weight: usize,
    whole: bool,
}

/// An item read: its group, its weight (a document's bytes) and what `prepare` takes.
pub struct Read<P> {
    pub group: usize,
    pub weight: usize,
    pub value: P,
}

/// What a worker does next.
enum Task<P> {
    /// Read item `index`.
    Read(usize),
    /// Work these items, each read as `P`: all of one group, in item order.
    Work(Vec<(usize, P)>),
}

/// Runs `read`, `prepare` (given the item and what `read` gave) and `finish` (given the
/// item and what `prepare` gave) on every item on `pool`'s threads and hands the results to
/// `write` in item order, one call at a time. A worker reads item `i` only once fewer than
/// `schedule.window` results before it are unwritten. `read` gives each item a group (an
/// index below `schedule.groups`) and a weight. A worker reads on until `schedule.batch`
/// items of its current group wait, or it may read no further (the window, or the items
/// waiting weigh `schedule.waiting_budget`); then it takes up to a batch of them, prepares
/// each and finishes each. With none of its group waiting and nothing to read, it turns
/// to another group. `write` returning `Break` stops the run.
pub fn for_each_in_order<T, P, Q, R>(
    pool: &ThreadPool,
    items: &[T],
    schedule: Schedule,
    read: impl Fn(&T) -> Read<P> + Sync,
    prepare: impl Fn(&T, P) -> Q + Sync,
    finish: impl Fn(&T, Q) -> R + Sync,
    write: impl FnMut(R) -> ControlFlow<()> + Send,
) where
    T: Sync,
    P: Send,
    R: Send,
{
    let Schedule {
        window,
        groups,
        waiting_budget,
        batch,
    } = schedule;
    let groups = groups.max(1);
    let shared = Shared {
        progress: Mutex::new(Progress {
            next: 0,
            written: 0,
            waiting: (0..groups).map(|_| VecDeque::new()).collect(),
            waiting_weight: 0,
            finished: BTreeMap::new(),
            writing: false,
            stopped: false,
            sleeping: 0,
        }),
        advanced: Condvar::new(),
        write: Mutex::new(write),
        window: window.max(1),
        waiting_budget,
        // A worker takes no more than its share of the window, so that every worker can
        // hold a batch: with one batch filling the window, the others would wait on it.
        batch: Batch {
            items: batch
                .items
                .min(window / pool.current_num_threads().max(1))
                .max(1),
            ..batch
        },
        len: items.len(),
    };
    let (shared, read, prepare, finish) = (&shared, &read, &prepare, &finish);
    pool.scope(|workers| {
        for _ in 0..pool.current_num_threads() {
            workers.spawn(move |_| {
                let mut group = 0;
                while let Some(task) = shared.take(&mut group) {
                    match task {
                        Task::Read(index) => {
                            let mut read = read(&items[index]);
                            read.group = read.group.min(groups - 1);
                            shared.park(index, read);
                        }
                        Task::Work(batch) => {
                            let prepared: Vec<(usize, Q)> = batch
                                .into_iter()
                                .map(|(index, read)| (index, prepare(&items[index], read)))
                                .collect();
                            for (index, value) in prepared {
                                shared.finish(index, finish(&items[index], value));
                            }
                        }
                    }
                }
            });
        }
    });
}

struct Shared<P, R, W> {
    progress: Mutex<Progress<P, R>>,
    /// Signalled when writing advances or stops, or an item is read, for sleeping workers.
    advanced: Condvar,
    write: Mutex<W>,
    window: usize,
    /// How much weight may wait before a worker turns to another group rather than read on.
    waiting_budget: usize,
    batch: Batch,
    len: usize,
}

impl<P, R, W: FnMut(R) -> ControlFlow<()>> Shared<P, R, W> {
    fn lock(&self) -> MutexGuard<'_, Progress<P, R>> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next task of a worker working `group`: a batch of that group's items read and
    /// waiting, once a batch waits or no more may be read; else the next item to read,
    /// within the window; else the items of another group, whose first waiting item comes
    /// first (the writing waits on it), which becomes the worker's group. Sleeps while
    /// there is none yet; `None` when every item is done or writing stopped.
    fn take(&self, group: &mut usize) -> Option<Task<P>> {
        let mut state = self.lock();
        loop {
            if state.stopped {
                return None;
            }
            let may_read = state.next < self.len
                && state.next < state.written + self.window
                && state.waiting_weight < self.waiting_budget;
            let batch = self.batch.at_front(&state.waiting[*group]);
            if batch.items > 0 && (batch.whole || !may_read) {
                state.waiting_weight -= batch.weight;
                let taken = state.waiting[*group]
                    .drain(..batch.items)
                    .map(|(index, _, read)| (index, read))
                    .collect();
                return Some(Task::Work(taken));
            }
            if may_read {
                state.next += 1;
                return Some(Task::Read(state.next - 1));
            }
            let first_waiting = (0..state.waiting.len())
                .filter_map(|g| state.waiting[g].front().map(|(index, ..)| (*index, g)))
                .min();
            if let Some((_, other)) = first_waiting {
                *group = other;
                continue;
            }
            if state.next >= self.len {
                // Every item is read; what is not yet finished is another worker's.
                return None;
            }
            state.sleeping += 1;
            state = self
                .advanced
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.sleeping -= 1;
        }
    }

    /// Leaves item `index`, read as `read`, to be worked with its group.
    fn park(&self, index: usize, read: Read<P>) {
        let mut state = self.lock();
        if state.stopped {
            return;
        }
        state.waiting_weight += read.weight;
        state.waiting[read.group].push_back((index, read.weight, read.value));
        if state.sleeping > 0 {
            self.advanced.notify_one();
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
                state.waiting.iter_mut().for_each(VecDeque::clear);
                state.waiting_weight = 0;
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
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(threads: usize) -> ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// A schedule of `window`, `groups` and batches of `items` with no cap on the weight
    /// waiting.
    fn unbounded(window: usize, groups: usize, items: usize) -> Schedule {
        Schedule {
            window,
            groups,
            waiting_budget: usize::MAX,
            batch: Batch {
                items,
                ..Batch::ONE
            },
        }
    }

    /// An item read into `group`, of weight 1.
    fn read<P>(group: usize, value: P) -> Read<P> {
        Read {
            group,
            weight: 1,
            value,
        }
    }

    /// Item `i`'s group: runs of three of group 0, one of 1, two of 2.
    fn group_of(i: u64) -> usize {
        [0, 0, 0, 1, 2, 2][(i % 6) as usize]
    }

    #[test]
    fn results_arrive_in_item_order_whatever_the_thread_count() {
        let items: Vec<u64> = (0..500).collect();
        for (threads, batch) in [(1, 1), (2, 1), (4, 1), (1, 5), (2, 5), (4, 3)] {
            let mut seen = Vec::new();
            for_each_in_order(
                &pool(threads),
                &items,
                unbounded(8, 3, batch),
                |&i| read(group_of(i), i * 2),
                |&i, read| {
                    assert_eq!(read, i * 2, "preparing is given its own item's read");
                    read + 1
                },
                |&i, prepared| {
                    assert_eq!(
                        prepared,
                        i * 2 + 1,
                        "finishing is given its own preparation"
                    );
                    // Uneven work, so later items often finish first.
                    std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                    prepared
                },
                |r| {
                    seen.push(r);
                    ControlFlow::Continue(())
                },
            );
            assert_eq!(
                seen,
                items.iter().map(|i| i * 2 + 1).collect::<Vec<_>>(),
                "{threads} threads, batches of {batch}"
            );
        }
    }

    #[test]
    fn one_worker_works_a_group_at_a_time_within_the_window() {
        let items: Vec<u64> = (0..600).collect();
        let worked = Mutex::new(Vec::new());
        let mut written = 0;
        for_each_in_order(
            &pool(1),
            &items,
            unbounded(32, 3, 1),
            |&i| read(group_of(i), ()),
            |_, ()| (),
            |&i, ()| worked.lock().unwrap().push(i),
            |()| {
                written += 1;
                ControlFlow::Continue(())
            },
        );
        assert_eq!(written, items.len());
        let worked = worked.into_inner().unwrap();
        let mut sorted = worked.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, items, "every item is worked once");
        // In item order the group changes at 3 of every 6 items: 300 times. Worked a group
        // at a time within a window of 32, it changes a few times per window.
        let switches = worked
            .windows(2)
            .filter(|pair| group_of(pair[0]) != group_of(pair[1]))
            .count();
        assert!(
            switches <= 3 * items.len() / 32 + 3,
            "{switches} group switches"
        );
        // Within a group, items are worked in item order.
        for group in 0..3 {
            let of_group: Vec<u64> = worked
                .iter()
                .copied()
                .filter(|&i| group_of(i) == group)
                .collect();
            assert!(of_group.is_sorted(), "group {group} out of order");
        }
    }

    #[test]
    fn no_item_is_read_a_window_or_more_ahead_of_the_writing() {
        let items: Vec<usize> = (0..2_000).collect();
        for threads in [1, 2, 4] {
            let written = AtomicUsize::new(0);
            let window = 16;
            for_each_in_order(
                &pool(threads),
                &items,
                unbounded(window, 2, 4),
                |&i| {
                    let done = written.load(Ordering::SeqCst);
                    assert!(i < done + window, "item {i} read with {done} written");
                    read(i % 2, i)
                },
                |_, i| i,
                |_, i| i,
                |i| {
                    assert_eq!(i, written.load(Ordering::SeqCst));
                    written.fetch_add(1, Ordering::SeqCst);
                    ControlFlow::Continue(())
                },
            );
            assert_eq!(written.load(Ordering::SeqCst), items.len());
        }
    }

    #[test]
    fn a_group_beyond_the_count_is_worked_in_the_last() {
        let items: Vec<usize> = (0..50).collect();
        let mut seen = Vec::new();
        for_each_in_order(
            &pool(2),
            &items,
            unbounded(4, 2, 2),
            |&i| read(i * 7, i),
            |_, i| i,
            |_, i| i,
            |i| {
                seen.push(i);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(seen, items);
    }

    #[test]
    fn a_worker_turns_to_another_group_once_the_waiting_items_weigh_the_budget() {
        let items: Vec<u64> = (0..600).collect();
        let (read_count, worked_count) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let worked = Mutex::new(Vec::new());
        let budget = 4;
        for_each_in_order(
            &pool(1),
            &items,
            Schedule {
                window: 32,
                groups: 3,
                waiting_budget: budget,
                batch: Batch::ONE,
            },
            |&i| {
                let waiting =
                    read_count.fetch_add(1, Ordering::SeqCst) - worked_count.load(Ordering::SeqCst);
                assert!(waiting < budget, "{waiting} items waiting when {i} is read");
                read(group_of(i), ())
            },
            |_, ()| (),
            |&i, ()| {
                worked_count.fetch_add(1, Ordering::SeqCst);
                worked.lock().unwrap().push(i);
            },
            |()| ControlFlow::Continue(()),
        );
        let worked = worked.into_inner().unwrap();
        assert_eq!(worked.len(), items.len());
        // Still fewer group switches than in item order (300).
        let switches = worked
            .windows(2)
            .filter(|pair| group_of(pair[0]) != group_of(pair[1]))
            .count();
        assert!(switches < 250, "{switches} group switches");
    }

    /// What a worker did, in order.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Step {
        Prepare(u64),
        Finish(u64),
    }

    #[test]
    fn a_worker_prepares_a_batch_of_its_group_before_it_finishes_any() {
        let light = |_| 1;
        let batches = batches_taken(
            Batch {
                items: 4,
                ..Batch::ONE
            },
            light,
        );
        assert!(batches.iter().all(|b| b.len() <= 4));
        // Within a window of 32, a group of three in six items has four waiting long before
        // the window is full.
        let full = batches.iter().filter(|b| b.len() == 4).count();
        assert!(full > 100, "only {full} batches of four");
        // As many as weigh three, each weighing one.
        let batches = batches_taken(
            Batch {
                items: 10,
                weight: 3,
                alone_from: usize::MAX,
            },
            light,
        );
        assert!(batches.iter().all(|b| b.len() <= 3));
        let full = batches.iter().filter(|b| b.len() == 3).count();
        assert!(full > 150, "only {full} batches of three");
    }

    #[test]
    fn a_heavy_item_is_worked_alone() {
        let weight_of = |i: u64| if i.is_multiple_of(7) { 100 } else { 1 };
        let batches = batches_taken(
            Batch {
                items: 10,
                weight: usize::MAX,
                alone_from: 50,
            },
            weight_of,
        );
        for batch in &batches {
            if batch.iter().any(|&i| weight_of(i) >= 50) {
                assert_eq!(batch.len(), 1, "{batch:?}");
            }
        }
        let together = batches.iter().filter(|b| b.len() > 1).count();
        assert!(together > 50, "only {together} batches of light items");
    }

    #[test]
    fn a_batch_stops_at_its_count_its_weight_and_a_heavy_item() {
        let batch = Batch {
            items: 4,
            weight: 12,
            alone_from: 50,
        };
        let front = |weights: &[usize]| {
            let waiting: VecDeque<(usize, usize, ())> =
                weights.iter().map(|&w| (0, w, ())).collect();
            let found = batch.at_front(&waiting);
            (found.items, found.weight, found.whole)
        };
        assert_eq!(front(&[]), (0, 0, false));
        assert_eq!(front(&[1, 1, 1]), (3, 3, false), "more may join");
        assert_eq!(front(&[1, 1, 1, 1, 1]), (4, 4, true), "four at most");
        assert_eq!(front(&[5, 5, 5]), (2, 10, true), "a third would weigh 15");
        assert_eq!(
            front(&[20, 1]),
            (1, 20, true),
            "the first whatever it weighs"
        );
        assert_eq!(
            front(&[1, 100, 1]),
            (1, 1, true),
            "a heavy item waits for its own"
        );
        assert_eq!(front(&[100, 1]), (1, 100, true), "a heavy item alone");
    }

    #[test]
    fn a_worker_takes_no_more_than_its_share_of_the_window() {
        thread_local! {
            static PREPARED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        let items: Vec<u64> = (0..400).collect();
        for (threads, most) in [(1, 8), (2, 4), (4, 2)] {
            let largest = AtomicUsize::new(0);
            for_each_in_order(
                &pool(threads),
                &items,
                unbounded(8, 1, 8),
                |&i| read(0, i),
                |_, i| {
                    let prepared = PREPARED.get() + 1;
                    PREPARED.set(prepared);
                    largest.fetch_max(prepared, Ordering::SeqCst);
                    i
                },
                |_, i| {
                    PREPARED.set(0);
                    i
                },
                |_| ControlFlow::Continue(()),
            );
            let largest = largest.into_inner();
            assert!(largest <= most, "{threads} threads took {largest} at once");
            if threads == 1 {
                assert_eq!(largest, most, "one worker fills its batches");
            }
        }
    }

    /// Runs 600 items (weighing `weight_of`) on one worker with batches of `batch` and gives
    /// the batches it took, having checked each: of one group, in item order, every item
    /// prepared before any is finished.
    fn batches_taken(batch: Batch, weight_of: impl Fn(u64) -> usize + Sync) -> Vec<Vec<u64>> {
        let items: Vec<u64> = (0..600).collect();
        let steps = Mutex::new(Vec::new());
        let schedule = Schedule {
            batch,
            ..unbounded(32, 3, 1)
        };
        for_each_in_order(
            &pool(1),
            &items,
            schedule,
            |&i| Read {
                group: group_of(i),
                weight: weight_of(i),
                value: (),
            },
            |&i, ()| steps.lock().unwrap().push(Step::Prepare(i)),
            |&i, ()| steps.lock().unwrap().push(Step::Finish(i)),
            |()| ControlFlow::Continue(()),
        );
        let steps = steps.into_inner().unwrap();
        assert_eq!(steps.len(), 2 * items.len());
        let mut batches = Vec::new();
        let mut rest = &steps[..];
        while !rest.is_empty() {
            let prepared: Vec<u64> = rest
                .iter()
                .map_while(|step| match step {
                    Step::Prepare(i) => Some(*i),
                    Step::Finish(_) => None,
                })
                .collect();
            let n = prepared.len();
            assert!(n > 0, "a finish with nothing prepared");
            assert!(prepared.is_sorted(), "{prepared:?} out of order");
            assert!(
                prepared
                    .iter()
                    .all(|&i| group_of(i) == group_of(prepared[0])),
                "{prepared:?} mixes groups"
            );
            let finished: Vec<Step> = prepared.iter().map(|&i| Step::Finish(i)).collect();
            assert_eq!(
                rest[n..2 * n],
                finished[..],
                "each prepared item, then finished"
            );
            rest = &rest[2 * n..];
            batches.push(prepared);
        }
        batches
    }

    #[test]
    fn a_stopped_writer_ends_the_run_early() {
        let items: Vec<u32> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let mut written = 0;
        for_each_in_order(
            &pool(2),
            &items,
            unbounded(4, 2, 1),
            |&i| read((i % 2) as usize, i),
            |_, i| i,
            |_, i| {
                done.fetch_add(1, Ordering::Relaxed);
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
        assert!(done.load(Ordering::Relaxed) < 20);
    }
}
