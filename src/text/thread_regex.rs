//! Static regular expressions searched through a copy per thread.
//!
//! A `regex::Regex` keeps its search caches in a pool whose fast path belongs to the first
//! thread that searches with it; every other thread takes a cache from behind a lock and
//! puts it back, for each search. With two workers checking documents, one of them paid
//! that for every line of every reference list (3% of the CPU time of a corpus run). A
//! [`ThreadRegex`] compiles its pattern once and gives each thread its own clone, which
//! shares the compiled program and owns its pool, so every thread takes the fast path.

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

/// A regular expression for a `static`, compiled on first use and searched through a
/// clone per thread. It dereferences to that thread's clone.
pub struct ThreadRegex {
    compiled: LazyLock<Regex>,
    /// This expression's place in each thread's table of clones, given on first use.
    slot: OnceLock<usize>,
}

/// The next free slot in the threads' tables of clones.
static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's clones, by slot. A clone lives as long as the process: there is one
    /// per static expression per thread that searched with it, and citelint's threads
    /// live as long as the run.
    static CLONES: RefCell<Vec<Option<&'static Regex>>> = const { RefCell::new(Vec::new()) };
}

impl ThreadRegex {
    /// An expression that `compile` builds on first use.
    pub const fn new(compile: fn() -> Regex) -> Self {
        ThreadRegex {
            compiled: LazyLock::new(compile),
            slot: OnceLock::new(),
        }
    }
}

impl Deref for ThreadRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        let slot = *self
            .slot
            .get_or_init(|| NEXT_SLOT.fetch_add(1, Ordering::Relaxed));
        CLONES.with_borrow_mut(|clones| {
            if clones.len() <= slot {
                clones.resize(slot + 1, None);
            }
            *clones[slot].get_or_insert_with(|| Box::leak(Box::new(self.compiled.clone())))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static DIGITS: ThreadRegex = ThreadRegex::new(|| Regex::new(r"\d+").unwrap());
    static WORD: ThreadRegex = ThreadRegex::new(|| Regex::new(r"[a-z]+").unwrap());

    #[test]
    fn each_thread_searches_with_its_own_clone_of_one_compiled_pattern() {
        let here: *const Regex = &*DIGITS;
        assert!(std::ptr::eq(here, &*DIGITS), "one clone per thread");
        assert_eq!(DIGITS.find("ab 12 cd").map(|m| m.as_str()), Some("12"));
        assert_eq!(WORD.find("12 ab").map(|m| m.as_str()), Some("ab"));
        let there = std::thread::spawn(|| {
            assert_eq!(DIGITS.find("x 345").map(|m| m.as_str()), Some("345"));
            &*DIGITS as *const Regex as usize
        })
        .join()
        .unwrap();
        assert_ne!(here as usize, there, "another thread has another clone");
    }
}
