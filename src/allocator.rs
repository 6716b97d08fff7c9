//! The global allocator: mimalloc (version 2, without transparent huge pages), asked for a
//! plain block wherever the alignment Rust needs is one every mimalloc block has.
//!
//! A checked document is thousands of small strings and vectors, and mimalloc makes and
//! frees them about a fifth faster than the system allocator. Version 2 without huge pages
//! keeps peak memory under 50 MB in corpus runs; huge pages or version 3's eager arena
//! commit took it past 64 MB. The `mimalloc` crate's allocator asks for every block by its
//! alignment, and mimalloc's aligned entry point checks the alignment on each call before
//! taking the path a plain `mi_malloc` takes: 1.5% of the instructions of a text-corpus run.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned};
use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};

/// Every mimalloc block is aligned to a machine word: its size classes are whole words.
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc as the global allocator.
pub struct MiMalloc;

/// A block of `layout`: from `plain(size)` when a word's alignment suffices, or else from
/// `aligned(size, alignment)`.
#[inline(always)]
fn block(
    layout: Layout,
    plain: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: mimalloc accepts any size, and any power-of-two alignment, which a
    // `Layout`'s always is.
    unsafe {
        if layout.align() <= PLAIN_ALIGN {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

// SAFETY: each method hands mimalloc's blocks over as they are. A plain block is used only
// for an alignment of at most a word, which every mimalloc block has; larger alignments go
// to the aligned entry points. Blocks are freed and resized by mimalloc, which made them.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        block(layout, mi_malloc, mi_malloc_aligned)
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        block(layout, mi_zalloc, mi_zalloc_aligned)
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`'s alignment, which the
        // resized block keeps.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size and alignment gets a block aligned as asked, zeroed when asked, and
    /// resizing keeps its bytes and its alignment.
    #[test]
    fn blocks_are_aligned_zeroed_and_resized_as_asked() {
        let allocator = MiMalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 15, 16, 24, 100, 1000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: the layout has a non-zero size; each block is freed once, by
                // the allocator that made it, with the layout it was made with.
                unsafe {
                    let zeroed = allocator.alloc_zeroed(layout);
                    assert!(!zeroed.is_null());
                    assert_eq!(zeroed as usize % align, 0, "zeroed {size} at {align}");
                    assert!(
                        std::slice::from_raw_parts(zeroed, size)
                            .iter()
                            .all(|&b| b == 0)
                    );
                    allocator.dealloc(zeroed, layout);

                    let block = allocator.alloc(layout);
                    assert_eq!(block as usize % align, 0, "block {size} at {align}");
                    for at in 0..size {
                        *block.add(at) = at as u8;
                    }
                    let grown = allocator.realloc(block, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "grown {size} at {align}");
                    for at in 0..size {
                        assert_eq!(*grown.add(at), at as u8);
                    }
                    let grown_layout = Layout::from_size_align(size * 3, align).unwrap();
                    allocator.dealloc(grown, grown_layout);
                }
            }
        }
    }
}
