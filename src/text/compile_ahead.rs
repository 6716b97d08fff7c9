//! Compiling ahead: while a document is read, the patterns its next steps will search with
//! are compiled on the start-up helper thread (`rules::preload`), which is otherwise idle
//! once the rules are loaded.
//!
//! A cold run over one manuscript spent a quarter of its CPU time compiling regular
//! expressions, 6 ms of them on the thread that reads the document, one after another as
//! each step first asks for its patterns. Which steps come is known early: once the
//! reference list is split, whether its entries are numbered says which citation markers
//! will be read. The reader then asks for those patterns here and reads the entries' fields
//! meanwhile. The helper compiles what it is asked in the order asked, before anything of
//! its own; a pattern the reader reaches first it compiles itself (a [`ThreadRegex`]
//! compiles once, whoever asks), so asking never makes a run wait.
//!
//! With no helper serving (a library caller, or a corpus run, which closes the queue as its
//! workers start), asking does nothing.
//!
//! [`ThreadRegex`]: crate::text::thread_regex::ThreadRegex

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, PoisonError};

/// Work for the helper: compiles some static patterns.
pub type Compile = fn();

/// Where asks go: a serving helper's queue, while one serves.
pub struct AskQueue {
    state: Mutex<Asked>,
}

/// The queue's sender, while it is open, and what has been sent on it.
struct Asked {
    sender: Option<Sender<Compile>>,
    /// A pattern compiles once, so each is asked for once: a corpus run's documents ask
    /// again and again.
    sent: Vec<Compile>,
}

/// The process's queue, served by the start-up helper.
static QUEUE: AskQueue = AskQueue::new();

impl AskQueue {
    /// A queue no helper serves yet.
    pub const fn new() -> AskQueue {
        AskQueue {
            state: Mutex::new(Asked {
                sender: None,
                sent: Vec::new(),
            }),
        }
    }

    /// Opens the queue, to be served from the receiver it returns. A queue opened again
    /// is served from the new receiver.
    pub fn open(&self) -> Receiver<Compile> {
        let (sender, receiver) = channel();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.sender = Some(sender);
        state.sent.clear();
        receiver
    }

    /// Whether a helper serves the queue: whether asking could do anything.
    pub fn serving(&self) -> bool {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .sender
            .is_some()
    }

    /// Closes the queue: its receiver reports it closed once it is empty.
    pub fn close(&self) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .sender = None;
    }

    /// Asks the helper, if one serves, to compile what each of `work` compiles, in order;
    /// what it was asked for before, it is not asked again.
    pub fn ask(&self, work: &[Compile]) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let Asked { sender, sent } = &mut *state;
        let Some(sender) = sender.as_ref() else {
            return;
        };
        for &compile in work {
            if sent.iter().any(|&done| std::ptr::fn_addr_eq(done, compile)) {
                continue;
            }
            sent.push(compile);
            // A helper that has stopped serving leaves the pattern to whoever needs it.
            let _ = sender.send(compile);
        }
    }
}

impl Default for AskQueue {
    fn default() -> AskQueue {
        AskQueue::new()
    }
}

/// Opens the process's queue (see [`AskQueue::open`]).
pub fn open() -> Receiver<Compile> {
    QUEUE.open()
}

/// Whether a helper serves the process's queue (see [`AskQueue::serving`]).
pub fn serving() -> bool {
    QUEUE.serving()
}

/// Closes the process's queue (see [`AskQueue::close`]).
pub fn close() {
    QUEUE.close();
}

/// Asks the start-up helper, if one serves, to compile what each of `work` compiles.
pub fn ask(work: &[Compile]) {
    QUEUE.ask(work);
}

/// Runs whatever has been asked so far, without waiting for more.
pub fn run_asked(queue: &Receiver<Compile>) {
    while let Ok(compile) = queue.try_recv() {
        compile();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static FIRST: AtomicUsize = AtomicUsize::new(0);
    static SECOND: AtomicUsize = AtomicUsize::new(0);

    fn first() {
        FIRST.fetch_add(1, Ordering::Relaxed);
    }

    fn second() {
        SECOND.fetch_add(1, Ordering::Relaxed);
    }

    fn runs() -> (usize, usize) {
        (
            FIRST.load(Ordering::Relaxed),
            SECOND.load(Ordering::Relaxed),
        )
    }

    #[test]
    fn each_ask_reaches_an_open_queue_once_and_none_reaches_a_closed_one() {
        let queue = AskQueue::new();
        assert!(!queue.serving());
        queue.ask(&[first]);
        let served = queue.open();
        assert!(queue.serving());
        queue.ask(&[first, first]);
        queue.ask(&[second, first]);
        run_asked(&served);
        assert_eq!(runs(), (1, 1), "what was asked while open, once each");
        queue.close();
        assert!(!queue.serving());
        queue.ask(&[second]);
        assert!(
            served.recv().is_err(),
            "a closed queue reports itself closed"
        );
        assert_eq!(runs(), (1, 1));
    }
}
