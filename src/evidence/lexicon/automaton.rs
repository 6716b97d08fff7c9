//! The cue automaton: an Aho–Corasick DFA over the lexicon's terms, its rows filled in one
//! breadth-first pass, each state's row copied from its failure state's row and its own
//! edges written over it.
//!
//! aho-corasick's own DFA builder resolves every missing transition by walking failure
//! links through its sparse NFA: for the built-in lexicon (then about 6,400 states, some
//! 110 byte classes; 9,500 and 112 by the twenty-ninth session) that took 7–10 ms and 70
//! million instructions, on every run that checks more than one document. Filling rows
//! from the failure state's finished row, which breadth-first order guarantees, builds the
//! same automaton in about a millisecond, and as long again the first time the pages of
//! its table are touched, so every run, one document or thousands, searches with the DFA
//! from its first document.
//!
//! aho-corasick stays the oracle: the tests check every overlapping match against it.
//!
//! The table holds 16-bit state numbers in rows of a power-of-two width, so a step shifts
//! the state's number to its row: 2.4 MB for the built-in lexicon. With 32-bit row
//! offsets the steps were no faster, and a one-manuscript run took about 1 ms longer, most
//! of it faulting in the table's pages.
//!
//! The build script builds the built-in lexicon's automaton with this same code and writes
//! it out ([`CueAutomaton::to_bytes`]); a run borrows that table from the binary
//! ([`CueAutomaton::from_bytes`]) instead of building 2.4 MB of it on every start, and its
//! pages come from the page cache as a search touches them: a one-manuscript run starts
//! about 2.5 ms sooner. The table is a `&'static [u8]` either way (a table built at run
//! time, for a rule folder's own cues, is leaked, once per rule set): a `Cow` choosing
//! between borrowed and owned on every step made searches 60–70% slower.

/// The transition table's largest size, in entries (2 bytes each). The built-in lexicon
/// takes about 1.2 million; a rule set past this, or of more states than 16 bits number,
/// searches with aho-corasick's NFA instead.
const MAX_TABLE_ENTRIES: usize = 16 << 20;

/// A DFA finding every occurrence of every term (aho-corasick's `MatchKind::Standard`,
/// overlapping), ASCII case-insensitive: an ASCII letter steps as its lower-case letter
/// does, in the terms and in the text, so the text is searched as it is, not a lower-cased
/// copy, and the automaton is half the size of one with both cases.
///
/// A state is the number of its row in `table`; a row is `1 << row_shift` entries wide and
/// holds a transition per byte class. Match states come first, so a state is a match state
/// when it is below `match_limit`, and its number is the index of its match list: reading
/// a match's patterns costs no load from the table, whose rows are scattered over 2.4 MB.
/// An entry is two bytes, little-endian: as bytes, the table can be borrowed from the
/// binary without reinterpreting it.
#[derive(Debug, Clone)]
pub struct CueAutomaton {
    /// Each byte's class: one class per byte some term holds (an upper-case ASCII letter in
    /// its lower-case letter's), and one for all the others.
    classes: [u8; 256],
    /// Byte classes, and so transitions per row.
    alphabet: usize,
    /// The built-in rules' table is borrowed from the binary; one built at run time is
    /// leaked, as it lives as long as the run's rule set (one per set of rule folders).
    /// Held as two-byte entries, a step's one bounds check is one comparison of its index.
    table: &'static [[u8; 2]],
    /// A row's width is `1 << row_shift` entries.
    row_shift: u32,
    start: u32,
    match_limit: u32,
    /// Match state `i`'s patterns are `matches[match_starts[i]..match_starts[i + 1]]`, for
    /// each `i` below `match_limit`.
    match_starts: Vec<u32>,
    matches: Vec<u32>,
    pattern_lens: Vec<u32>,
    max_pattern_len: usize,
}

/// The trie the automaton is built from: each state's edges as a list of siblings, the
/// start state's as a row of its own (it has an edge for most bytes a term opens with).
struct Trie {
    /// The start state's child for each byte class, or 0 (the start state: no child).
    start_edges: Vec<u32>,
    /// For each state, its first edge in `edges`, or `NO_EDGE`.
    first_edge: Vec<u32>,
    /// Edges: (class, child, next sibling edge or `NO_EDGE`).
    edges: Vec<(u8, u32, u32)>,
    /// (state, pattern) for each term, in pattern order: the term ends at the state.
    ends: Vec<(u32, u32)>,
}

const NO_EDGE: u32 = u32::MAX;

impl Trie {
    fn build<T: AsRef<[u8]>>(terms: &[T], classes: &[u8; 256], alphabet: usize) -> Trie {
        let mut trie = Trie {
            start_edges: vec![0; alphabet],
            first_edge: vec![NO_EDGE],
            edges: Vec::new(),
            ends: Vec::with_capacity(terms.len()),
        };
        for (pattern, term) in terms.iter().enumerate() {
            let term = term.as_ref();
            if term.is_empty() {
                continue;
            }
            let mut state = 0u32;
            for &byte in term {
                let class = classes[usize::from(byte)];
                state = match trie.child(state, class) {
                    Some(child) => child,
                    None => trie.add_child(state, class),
                };
            }
            trie.ends.push((state, pattern as u32));
        }
        trie
    }

    fn states(&self) -> usize {
        self.first_edge.len()
    }

    fn child(&self, state: u32, class: u8) -> Option<u32> {
        if state == 0 {
            return Some(self.start_edges[usize::from(class)]).filter(|&child| child != 0);
        }
        let mut edge = self.first_edge[state as usize];
        while edge != NO_EDGE {
            let (edge_class, child, next) = self.edges[edge as usize];
            if edge_class == class {
                return Some(child);
            }
            edge = next;
        }
        None
    }

    fn add_child(&mut self, state: u32, class: u8) -> u32 {
        let child = self.first_edge.len() as u32;
        self.first_edge.push(NO_EDGE);
        if state == 0 {
            self.start_edges[usize::from(class)] = child;
        } else {
            let first = &mut self.first_edge[state as usize];
            self.edges.push((class, child, *first));
            *first = (self.edges.len() - 1) as u32;
        }
        child
    }

    /// Each state's edges: (class, child).
    fn edges_of(&self, state: u32) -> impl Iterator<Item = (u8, u32)> + '_ {
        let start = (state == 0).then(|| {
            self.start_edges
                .iter()
                .enumerate()
                .filter(|&(_, &child)| child != 0)
                .map(|(class, &child)| (class as u8, child))
        });
        let mut edge = if state == 0 {
            NO_EDGE
        } else {
            self.first_edge[state as usize]
        };
        let siblings = std::iter::from_fn(move || {
            (edge != NO_EDGE).then(|| {
                let (class, child, next) = self.edges[edge as usize];
                edge = next;
                (class, child)
            })
        });
        start.into_iter().flatten().chain(siblings)
    }

    /// Where the automaton goes from `state` on `class`: the edge, else the failure
    /// state's, and so on back to the start state, which stays put.
    fn goto(&self, mut state: u32, class: u8, fail: &[u32]) -> u32 {
        loop {
            if let Some(child) = self.child(state, class) {
                return child;
            }
            if state == 0 {
                return 0;
            }
            state = fail[state as usize];
        }
    }

    /// Every state in breadth-first order (the start state first) and each state's failure
    /// state: the state of its longest proper suffix that is a prefix of some term.
    fn breadth_first_failures(&self) -> (Vec<u32>, Vec<u32>) {
        let mut order = Vec::with_capacity(self.states());
        let mut fail = vec![0u32; self.states()];
        order.push(0);
        let mut next = 0;
        while let Some(&state) = order.get(next) {
            next += 1;
            for (class, child) in self.edges_of(state) {
                fail[child as usize] = if state == 0 {
                    0
                } else {
                    self.goto(fail[state as usize], class, &fail)
                };
                order.push(child);
            }
        }
        (order, fail)
    }
}

impl CueAutomaton {
    /// The automaton of `terms`, or `None` when its table would pass [`MAX_TABLE_ENTRIES`]
    /// or its states could not be numbered in 16 bits.
    /// An empty term matches nothing (no cue is empty).
    pub fn build<T: AsRef<[u8]>>(terms: &[T]) -> Option<CueAutomaton> {
        let (classes, alphabet) = byte_classes(terms);
        let row_shift = alphabet.next_power_of_two().trailing_zeros();
        let row = 1usize << row_shift;
        let trie = Trie::build(terms, &classes, alphabet);
        let states = trie.states();
        if states * row > MAX_TABLE_ENTRIES || states > usize::from(u16::MAX) + 1 {
            return None;
        }
        let (order, fail) = trie.breadth_first_failures();
        // Each state's patterns: its own terms in pattern order, then its failure state's.
        let mut outputs: Vec<Vec<u32>> = vec![Vec::new(); states];
        for &(state, pattern) in &trie.ends {
            outputs[state as usize].push(pattern);
        }
        for &state in &order[1..] {
            let inherited = outputs[fail[state as usize] as usize].clone();
            outputs[state as usize].extend(inherited);
        }
        // Rows numbered with the match states first, each group in breadth-first order.
        let (matching, others): (Vec<u32>, Vec<u32>) = order
            .iter()
            .partition(|&&state| !outputs[state as usize].is_empty());
        let mut number = vec![0u16; states];
        for (index, &state) in matching.iter().chain(&others).enumerate() {
            number[state as usize] = index as u16;
        }
        let offset = |state: u32| usize::from(number[state as usize]) << row_shift;
        // Breadth-first, each row is its failure state's (already whole, being nearer the
        // start) with the state's own edges written over it.
        let mut table = vec![0u8; 2 * states * row];
        let start = offset(0);
        for index in start..start + alphabet {
            put_entry(&mut table, index, number[0]);
        }
        for &state in &order {
            let at = offset(state);
            if state != 0 {
                let from = offset(fail[state as usize]);
                table.copy_within(2 * from..2 * (from + alphabet), 2 * at);
            }
            for (class, child) in trie.edges_of(state) {
                put_entry(&mut table, at + usize::from(class), number[child as usize]);
            }
        }
        // Match state `number[state]`'s list is the `number[state]`-th.
        let mut match_starts = Vec::with_capacity(matching.len() + 1);
        let mut matches = Vec::new();
        for &state in &matching {
            match_starts.push(matches.len() as u32);
            matches.extend_from_slice(&outputs[state as usize]);
        }
        match_starts.push(matches.len() as u32);
        let pattern_lens: Vec<u32> = terms.iter().map(|t| t.as_ref().len() as u32).collect();
        Some(CueAutomaton {
            classes,
            alphabet,
            table: Box::leak(table.into_boxed_slice()).as_chunks().0,
            row_shift,
            start: u32::from(number[0]),
            match_limit: matching.len() as u32,
            match_starts,
            matches,
            max_pattern_len: pattern_lens.iter().max().map_or(0, |&len| len as usize),
            pattern_lens,
        })
    }

    /// The automaton as bytes, for [`CueAutomaton::from_bytes`]: the 256 byte classes;
    /// then little-endian 32-bit numbers: a header (the alphabet, the row shift, the start
    /// state, the match limit, the longest pattern's length and the lengths of the three
    /// lists), the match list starts, the match lists and the pattern lengths; then the
    /// table.
    // The build script writes with it; the library only reads (the tests compare).
    #[allow(dead_code)]
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = [
            self.alphabet as u32,
            self.row_shift,
            self.start,
            self.match_limit,
            self.max_pattern_len as u32,
            self.match_starts.len() as u32,
            self.matches.len() as u32,
            self.pattern_lens.len() as u32,
        ];
        let numbers = header
            .iter()
            .chain(&self.match_starts)
            .chain(&self.matches)
            .chain(&self.pattern_lens);
        let table = self.table.as_flattened();
        let mut bytes = Vec::with_capacity(256 + 4 * numbers.clone().count() + table.len());
        bytes.extend_from_slice(&self.classes);
        bytes.extend(numbers.flat_map(|n| n.to_le_bytes()));
        bytes.extend_from_slice(table);
        bytes
    }

    /// The automaton [`CueAutomaton::to_bytes`] wrote, its table borrowed from `bytes`;
    /// `None` when the bytes are too short for what their header says or the table is not
    /// whole rows.
    pub fn from_bytes(bytes: &'static [u8]) -> Option<CueAutomaton> {
        let (classes, rest) = bytes.split_first_chunk::<256>()?;
        let mut rest = rest;
        let mut number = || {
            let (four, after) = rest.split_first_chunk::<4>()?;
            rest = after;
            Some(u32::from_le_bytes(*four))
        };
        let [alphabet, row_shift, start, match_limit, max_pattern_len] =
            [number()?, number()?, number()?, number()?, number()?];
        let [starts, matches, lens] = [number()?, number()?, number()?];
        let mut list = |len: u32| (0..len).map(|_| number()).collect::<Option<Vec<u32>>>();
        let match_starts = list(starts)?;
        let matches = list(matches)?;
        let pattern_lens = list(lens)?;
        // Whole rows of two-byte entries, each wide enough for its classes.
        let row_bytes = 2usize.checked_shl(row_shift)?;
        if row_shift >= 16 || alphabet as usize > row_bytes / 2 || rest.len() % row_bytes != 0 {
            return None;
        }
        Some(CueAutomaton {
            classes: *classes,
            alphabet: alphabet as usize,
            table: rest.as_chunks().0,
            row_shift,
            start,
            match_limit,
            match_starts,
            matches,
            pattern_lens,
            max_pattern_len: max_pattern_len as usize,
        })
    }

    /// The state where a search starts, and to which one returns when no term has begun.
    pub fn start(&self) -> u32 {
        self.start
    }

    #[inline(always)]
    pub fn next(&self, state: u32, byte: u8) -> u32 {
        self.entry(self.row(state) + usize::from(self.classes[usize::from(byte)]))
    }

    /// The table's entry `index`. Every index a step or a match state asks for is inside
    /// the table; were one not, the search would go back to the start state.
    #[inline(always)]
    fn entry(&self, index: usize) -> u32 {
        match self.table.get(index) {
            Some(&entry) => u32::from(u16::from_le_bytes(entry)),
            None => self.start,
        }
    }

    /// Where the row of `state` starts in the table.
    #[inline(always)]
    fn row(&self, state: u32) -> usize {
        (state as usize) << self.row_shift
    }

    #[inline(always)]
    pub fn is_match(&self, state: u32) -> bool {
        state < self.match_limit
    }

    /// The patterns that end on reaching match state `state`.
    pub fn matches(&self, state: u32) -> &[u32] {
        let index = state as usize;
        let (Some(&from), Some(&to)) = (
            self.match_starts.get(index),
            self.match_starts.get(index + 1),
        ) else {
            return &[];
        };
        self.matches.get(from as usize..to as usize).unwrap_or(&[])
    }

    pub fn pattern_len(&self, pattern: u32) -> usize {
        self.pattern_lens[pattern as usize] as usize
    }

    pub fn max_pattern_len(&self) -> usize {
        self.max_pattern_len
    }
}

/// Writes `value` as the table's entry `index` (two bytes, little-endian).
fn put_entry(table: &mut [u8], index: usize, value: u16) {
    table[2 * index..2 * index + 2].copy_from_slice(&value.to_le_bytes());
}

/// Each byte's class and the number of classes: a class of its own for every byte a term
/// holds, in byte order after class 0, which all the other bytes share. An ASCII letter in
/// either case is in its lower-case letter's class, so terms match in any ASCII case.
fn byte_classes<T: AsRef<[u8]>>(terms: &[T]) -> ([u8; 256], usize) {
    let mut used = [false; 256];
    for term in terms {
        for &byte in term.as_ref() {
            used[usize::from(byte.to_ascii_lowercase())] = true;
        }
    }
    let mut classes = [0u8; 256];
    // Class 0 is every byte no term holds (there are always some: no upper-case letter is
    // used as itself).
    let mut next = 1;
    for (byte, &used) in used.iter().enumerate() {
        if used {
            classes[byte] = next as u8;
            next += 1;
        }
    }
    for upper in b'A'..=b'Z' {
        classes[usize::from(upper)] = classes[usize::from(upper.to_ascii_lowercase())];
    }
    (classes, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every overlapping match, as aho-corasick reports them: (pattern, start, end).
    fn all_matches(automaton: &CueAutomaton, text: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        let mut state = automaton.start();
        for (at, &byte) in text.iter().enumerate() {
            state = automaton.next(state, byte);
            if automaton.is_match(state) {
                for &pattern in automaton.matches(state) {
                    let len = automaton.pattern_len(pattern);
                    found.push((pattern as usize, at + 1 - len, at + 1));
                }
            }
        }
        found
    }

    #[test]
    fn every_overlapping_match_is_one_aho_corasick_finds_in_its_order() {
        let rules = crate::rules::load::load(&[]).expect("embedded rules load");
        let lexicon_terms = &rules.lexicon.automaton_terms[..];
        let few: Vec<String> = [
            "trial", "in", "临床", "ii", "trial", "al", "rial", "", "RCT", "Ph",
        ]
        .map(str::to_owned)
        .to_vec();
        let pieces: Vec<&str> = super::super::tests::CUE_TEXT_PIECES
            .iter()
            .copied()
            .chain([
                "Randomised ",
                "CONTROLLED ",
                "Trial",
                "IN ",
                "Phase II ",
                "\u{0}",
                "\u{7f}",
                "ÿ",
            ])
            .collect();
        for terms in [lexicon_terms, &few[..]] {
            let automaton = CueAutomaton::build(terms).expect("the automaton builds");
            let oracle = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(terms.iter().filter(|t| !t.is_empty()))
                .expect("aho-corasick builds");
            // aho-corasick numbers the terms it was given, the empty one left out.
            let numbered: Vec<usize> = (0..terms.len()).filter(|&i| !terms[i].is_empty()).collect();
            let mut matched = 0;
            for text in crate::text::generated_strings(&pieces, 3_000, 24, 0xc0e_a17) {
                let expected: Vec<(usize, usize, usize)> = oracle
                    .find_overlapping_iter(&text)
                    .map(|m| (numbered[m.pattern().as_usize()], m.start(), m.end()))
                    .collect();
                assert_eq!(
                    all_matches(&automaton, text.as_bytes()),
                    expected,
                    "{text:?}"
                );
                matched += expected.len();
            }
            assert!(matched > 10_000, "only {matched} matches");
        }
    }

    #[test]
    fn no_terms_and_only_empty_terms_match_nothing() {
        for terms in [&[][..], &[""][..]] {
            let automaton = CueAutomaton::build(terms).expect("the automaton builds");
            assert!(all_matches(&automaton, b"anything at all").is_empty());
            assert_eq!(automaton.max_pattern_len(), 0);
        }
    }

    #[test]
    fn a_table_past_the_limit_is_not_built() {
        // Terms of many bytes, mostly chains of fresh states: about 180 classes wide.
        let terms: Vec<Vec<u8>> = (0..60_000u32)
            .map(|i| {
                let mut term = vec![b'a' + (i % 26) as u8];
                term.extend(i.to_le_bytes().iter().map(|b| 0x40 + (b % 180)));
                term
            })
            .collect();
        assert!(CueAutomaton::build(&terms).is_none());
    }

    #[test]
    fn more_states_than_sixteen_bits_number_are_not_built() {
        // Twenty thousand terms of seven scattered digits: a narrow table (eleven classes)
        // of some 70,000 states, whose numbers would wrap.
        let terms: Vec<String> = (0..20_000u64)
            .map(|i| format!("{:07}", i * 7_919_993 % 10_000_000))
            .collect();
        assert!(Trie::build(&terms, &byte_classes(&terms).0, 11).states() > 65_536);
        assert!(CueAutomaton::build(&terms).is_none());
        let fewer = &terms[..5_000];
        assert!(CueAutomaton::build(fewer).is_some());
    }
}
