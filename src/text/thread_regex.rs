//! Static regular expressions searched through a copy per thread, and patterns compiled
//! for what they are asked: whether a line matches ([`MatchTest`]), what matches in a
//! short text ([`short_text`], and [`short_ascii_text`] for one in ASCII), or only where
//! the matches are in an ASCII text ([`ascii_spans_text`]).
//!
//! A `regex::Regex` keeps its search caches in a pool whose fast path belongs to the first
//! thread that searches with it; every other thread takes a cache from behind a lock and
//! puts it back, for each search. With two workers checking documents, one of them paid
//! that for every line of every reference list (3% of the CPU time of a corpus run). A
//! [`ThreadRegex`] compiles its pattern once and gives each thread its own clone, which
//! shares the compiled program and owns its pool, so every thread takes the fast path.
//!
//! Compiling is the other cost, and it falls on the cold start. A pattern with Unicode
//! letter classes (`\p{Lu}`, `\p{L}`) takes one to three milliseconds to build, over half
//! of it for the reverse automaton the lazy DFAs need to find where a match starts. A
//! pattern only asked whether it matches needs neither that nor the capture engines: a
//! [`MatchTest`] is a forward lazy DFA alone. A pattern whose groups are read, but only on
//! a short text (one item of a citation group, a window before a cue), needs no lazy DFA:
//! [`short_text`] builds it without, and the one-pass DFA or the bounded backtracker
//! searches it, which on such texts is as fast. Both find what `regex::Regex` finds.
//!
//! Digits are written `[0-9]`, never `\d`: Unicode's `\d` holds every script's digits, and
//! a pattern with a few of them compiled three to seven times slower (the citation-marker
//! pattern 0.86 ms against 0.24 ms). No reference or marker is written in other digits,
//! and one that were would not parse as a number anyway. Name patterns narrow their letter
//! classes the same way ([`crate::text::name_letters`]).

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex, OnceLock, PoisonError};

use regex::Regex;
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input, hybrid, meta};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Repetition,
};

/// A regular expression for a `static`, compiled on first use and searched through a
/// clone per thread. It dereferences to that thread's clone. `R` is `regex::Regex`, a
/// [`MatchTest`], or a [`meta::Regex`] from [`short_text`].
pub struct ThreadRegex<R: 'static = Regex> {
    compiled: LazyLock<R>,
    /// This expression's place in each thread's table of clones, given on first use.
    slot: OnceLock<usize>,
}

/// The next free slot in the threads' tables of clones.
static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);

/// A type of compiled expression with a table of clones in each thread, by slot: one table
/// per type, so a clone comes out of it as itself, with no downcast. A clone lives as long
/// as the process: there is one per static expression per thread that searched with it,
/// and citelint's threads live as long as the run.
pub trait ThreadClones: Clone + 'static {
    /// Calls `f` with this thread's table of clones of this type.
    fn with_clones<T>(f: impl FnOnce(&mut Vec<Option<&'static Self>>) -> T) -> T;
}

/// Implements [`ThreadClones`] for a type with a thread-local table of its own.
macro_rules! thread_clones {
    ($($type:ty),*) => {$(
        impl ThreadClones for $type {
            fn with_clones<T>(f: impl FnOnce(&mut Vec<Option<&'static Self>>) -> T) -> T {
                thread_local! {
                    static CLONES: RefCell<Vec<Option<&'static $type>>> =
                        const { RefCell::new(Vec::new()) };
                }
                CLONES.with_borrow_mut(f)
            }
        }
    )*};
}

thread_clones!(Regex, MatchTest, meta::Regex);

impl<R> ThreadRegex<R> {
    /// An expression that `compile` builds on first use.
    pub const fn new(compile: fn() -> R) -> Self {
        ThreadRegex {
            compiled: LazyLock::new(compile),
            slot: OnceLock::new(),
        }
    }

    /// Compiles the expression now, if no thread has yet, without a clone for this thread:
    /// for a thread that compiles ahead of the one that will search.
    pub fn compile(&self) {
        LazyLock::force(&self.compiled);
    }
}

impl<R: ThreadClones> Deref for ThreadRegex<R> {
    type Target = R;

    fn deref(&self) -> &R {
        let slot = *self
            .slot
            .get_or_init(|| NEXT_SLOT.fetch_add(1, Ordering::Relaxed));
        R::with_clones(|clones| {
            if clones.len() <= slot {
                clones.resize(slot + 1, None);
            }
            *clones[slot].get_or_insert_with(|| Box::leak(Box::new(self.compiled.clone())))
        })
    }
}

/// A pattern asked only whether it matches, at the start of a text ("does this reference
/// line open with an author list?") or anywhere in it ("does this line look like part of
/// a reference?"): a forward lazy DFA, built from the forward automaton alone. A full
/// regular expression would also build the reverse automaton and the capture engines, and
/// [`short_text`] searches with the backtracker or, on a line too long for it, the much
/// slower PikeVM. Hold it in a [`ThreadRegex`]: each thread's copy owns its DFA cache.
pub struct MatchTest {
    dfa: hybrid::dfa::DFA,
    /// Uncontended: each thread searches with its own copy.
    cache: Mutex<hybrid::dfa::Cache>,
    /// `Anchored::Yes` for a test at the start: the search gives up as soon as no match can
    /// begin at the first byte.
    anchored: Anchored,
}

impl MatchTest {
    /// Whether `pattern` (which opens with `^`) matches at the start of a text.
    pub fn at_start(pattern: &str) -> Result<MatchTest, Box<hybrid::BuildError>> {
        MatchTest::new(pattern, Anchored::Yes)
    }

    /// Whether `pattern` matches anywhere in a text.
    pub fn anywhere(pattern: &str) -> Result<MatchTest, Box<hybrid::BuildError>> {
        MatchTest::new(pattern, Anchored::No)
    }

    /// `pattern`, compiled without capture groups.
    fn new(pattern: &str, anchored: Anchored) -> Result<MatchTest, Box<hybrid::BuildError>> {
        let dfa = hybrid::dfa::DFA::builder()
            .thompson(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .build(pattern)
            .map_err(Box::new)?;
        Ok(MatchTest {
            cache: Mutex::new(dfa.create_cache()),
            dfa,
            anchored,
        })
    }

    /// Whether the pattern matches `text`, as `regex::Regex::is_match` answers.
    pub fn is_match(&self, text: &str) -> bool {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let input = Input::new(text).anchored(self.anchored).earliest(true);
        // A lazy DFA search fails only where a Unicode word boundary meets non-ASCII text, and
        // a pattern with one does not build.
        matches!(self.dfa.try_search_fwd(&mut cache, &input), Ok(Some(_)))
    }
}

impl Clone for MatchTest {
    fn clone(&self) -> MatchTest {
        MatchTest {
            dfa: self.dfa.clone(),
            cache: Mutex::new(self.dfa.create_cache()),
            anchored: self.anchored,
        }
    }
}

/// `pattern` compiled for short texts: without the lazy DFAs and the reverse automaton
/// they need (see the module notes). It finds the same matches as `regex::Regex`.
pub fn short_text(pattern: &str) -> Result<meta::Regex, Box<meta::BuildError>> {
    meta::Regex::builder()
        .configure(meta::Config::new().hybrid(false))
        .build(pattern)
        .map_err(Box::new)
}

/// [`short_text`] for haystacks of ASCII alone: `pattern` with every character class cut
/// to its ASCII characters. On such a haystack it finds what `pattern` finds, every group
/// included. The name patterns' letter classes compile to UTF-8 automata of many states,
/// which the bounded backtracker clears and steps through on every search; cut to ASCII,
/// they compile to a few, and an English item of a citation group is read five times as
/// fast.
pub fn short_ascii_text(pattern: &str) -> Result<meta::Regex, Box<dyn std::error::Error>> {
    ascii_regex(pattern, meta::Config::new().hybrid(false))
}

/// `pattern` with its classes cut to ASCII, as [`short_ascii_text`] cuts them, for where
/// its matches are in an ASCII text and not their groups: lazy DFAs, forward and reverse,
/// with no capture engine but the match's own span. Over a window of several matches it
/// finds them all in the time the bounded backtracker takes to read one's groups.
pub fn ascii_spans_text(pattern: &str) -> Result<meta::Regex, Box<dyn std::error::Error>> {
    let config = meta::Config::new().which_captures(thompson::WhichCaptures::Implicit);
    ascii_regex(pattern, config)
}

/// `pattern` with its classes cut to ASCII ([`ascii_classes`]), built with `config`.
fn ascii_regex(
    pattern: &str,
    config: meta::Config,
) -> Result<meta::Regex, Box<dyn std::error::Error>> {
    let hir = regex_automata::util::syntax::parse(pattern)?;
    Ok(meta::Regex::builder()
        .configure(config)
        .build_from_hir(&ascii_classes(&hir))?)
}

/// `hir` with each character class cut to its ASCII characters (a class with none matches
/// nothing); its literals, groups and assertions as they are.
fn ascii_classes(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut ascii = ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]);
            ascii.intersect(class);
            Hir::class(Class::Unicode(ascii))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut ascii = ClassBytes::new([ClassBytesRange::new(0, 0x7F)]);
            ascii.intersect(class);
            Hir::class(Class::Bytes(ascii))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(ascii_classes(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(ascii_classes(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(ascii_classes).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(ascii_classes).collect()),
    }
}

/// Every group's span in each match, leftmost first: what two engines are compared on.
#[cfg(test)]
pub(crate) type GroupSpans = Vec<Vec<Option<std::ops::Range<usize>>>>;

/// [`GroupSpans`] of `regex::Regex`'s matches in `haystack`.
#[cfg(test)]
pub(crate) fn regex_group_spans(regex: &Regex, haystack: &str) -> GroupSpans {
    regex
        .captures_iter(haystack)
        .map(|c| c.iter().map(|g| g.map(|g| g.range())).collect())
        .collect()
}

/// The spans of every group of one `regex_automata` match.
#[cfg(test)]
pub(crate) fn automata_group_spans(
    caps: &regex_automata::util::captures::Captures,
) -> Vec<Option<std::ops::Range<usize>>> {
    (0..caps.group_len())
        .map(|i| caps.get_group(i).map(|g| g.range()))
        .collect()
}

/// Asserts that `pattern` compiled by [`short_text`] finds what `regex::Regex` finds in
/// each of `haystacks`, and compiled by [`short_ascii_text`] in each of them that is ASCII:
/// every match, and every capture group's span in it.
#[cfg(test)]
pub(crate) fn assert_short_text_agrees(pattern: &str, haystacks: &[String]) -> usize {
    let full = Regex::new(pattern).expect("pattern compiles");
    let short = short_text(pattern).expect("pattern compiles");
    let ascii = short_ascii_text(pattern).expect("pattern compiles");
    let mut matches = 0;
    let mut ascii_haystacks = 0;
    for haystack in haystacks {
        let expected = regex_group_spans(&full, haystack);
        let mut engines = vec![&short];
        if haystack.is_ascii() {
            engines.push(&ascii);
            ascii_haystacks += 1;
        }
        for engine in engines {
            let found: GroupSpans = engine
                .captures_iter(haystack.as_str())
                .map(|c| automata_group_spans(&c))
                .collect();
            assert_eq!(found, expected, "{pattern:?} on {haystack:?}");
            assert_eq!(
                engine.is_match(haystack.as_str()),
                full.is_match(haystack),
                "{haystack:?}"
            );
        }
        matches += expected.len();
    }
    assert!(
        ascii_haystacks * 10 >= haystacks.len(),
        "only {ascii_haystacks} of the haystacks are ASCII"
    );
    matches
}

/// Asserts that a [`MatchTest`] of `pattern`, at the start when `at_start` (the pattern
/// then opens with `^`) or anywhere, answers as `regex::Regex::is_match` does for each of
/// `haystacks`; returns how many match.
#[cfg(test)]
pub(crate) fn assert_match_test_agrees(
    pattern: &str,
    at_start: bool,
    haystacks: &[String],
) -> usize {
    let full = Regex::new(pattern).expect("pattern compiles");
    let test = if at_start {
        MatchTest::at_start(pattern)
    } else {
        MatchTest::anywhere(pattern)
    }
    .expect("pattern compiles");
    let mut matches = 0;
    for haystack in haystacks {
        let expected = full.is_match(haystack);
        assert_eq!(
            test.is_match(haystack),
            expected,
            "{pattern:?} on {haystack:?}"
        );
        matches += usize::from(expected);
    }
    matches
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
