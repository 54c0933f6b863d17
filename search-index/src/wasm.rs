//! The raw wasm32 boundary of the browser client: no wasm-bindgen, no imports.
//!
//! Protocol (see `themes/default/static/search/helpmark-search.js`): the host copies input
//! into memory obtained from `hm_alloc`, calls an entry point with pointer and length, and
//! reads the JSON answer from `hm_output_ptr()` / the returned length; it frees its buffers
//! with `hm_free`. Every buffer is length-checked; errors come back as `{"error": ...}`; the
//! logic lives in [`crate::client`], tested natively.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::sync::Mutex;

use crate::client::Client;

/// The module's allocator: power-of-two size classes, each with a free list, carved from
/// memory the module grows. Replaces std's dlmalloc (about 3 KB of the gzipped module); blocks
/// are reused but never merged, which suits a client that decodes shards and answers queries
/// with short-lived buffers of recurring sizes.
struct SizeClasses(UnsafeCell<Heap>);

struct Heap {
    /// Head of each class's free list (0: empty); a free block starts with the next's address.
    free: [usize; 32],
    /// Next unused byte of the grown region, and its end.
    next: usize,
    end: usize,
}

/// Largest alignment served (Rust types on wasm32 need at most 16).
const MAX_ALIGN: usize = 16;
const PAGE: usize = 65536;

/// The class of a block that fits `layout`: blocks of class `c` are `1 << c` bytes.
fn class(layout: &Layout) -> usize {
    layout.size().max(layout.align()).max(8).next_power_of_two().trailing_zeros() as usize
}

// SAFETY: wasm32-unknown-unknown runs this module on one thread, so `Heap` is never shared.
unsafe impl Sync for SizeClasses {}

// SAFETY: every block handed out is `1 << class` bytes, aligned to `min(1 << class, 16)`,
// inside memory the module grew and owned by no other block until deallocated.
unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let class = class(&layout);
        if layout.align() > MAX_ALIGN || class >= 31 {
            return std::ptr::null_mut();
        }
        // SAFETY: single-threaded, and no reference to the heap outlives this call.
        let heap = unsafe { &mut *self.0.get() };
        let head = heap.free[class];
        if head != 0 {
            // SAFETY: `head` is a free block of this class; its first word links the next one.
            heap.free[class] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << class;
        let align = size.min(MAX_ALIGN);
        // Addresses stay below 4 GiB; checked arithmetic turns overflow into "out of memory".
        let place = |next: usize| next.checked_add(align - 1).map(|n| n & !(align - 1));
        let fits = |start: usize, end: usize| start.checked_add(size).is_some_and(|e| e <= end);
        let mut start = place(heap.next);
        if heap.end == 0 || !start.is_some_and(|s| fits(s, heap.end)) {
            let pages = (size + MAX_ALIGN).div_ceil(PAGE);
            let previous = core::arch::wasm32::memory_grow(0, pages);
            let (Some(base), Some(grown)) = (previous.checked_mul(PAGE), pages.checked_mul(PAGE)) else {
                return std::ptr::null_mut();
            };
            let Some(end) = base.checked_add(grown) else { return std::ptr::null_mut() };
            // Only this allocator grows memory, so the new pages extend the region (the first
            // time, they start it).
            if base != heap.end {
                heap.next = base;
            }
            heap.end = end;
            start = place(heap.next);
        }
        match start {
            Some(start) if fits(start, heap.end) => {
                heap.next = start + size;
                start as *mut u8
            }
            _ => std::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let class = class(&layout);
        // SAFETY: single-threaded; `ptr` is a block of this class that the caller gives back,
        // at least 8 bytes long and aligned for a `usize`.
        unsafe {
            let heap = &mut *self.0.get();
            *(ptr as *mut usize) = heap.free[class];
            heap.free[class] = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size` with this alignment is a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(&new_layout) == class(&layout) {
            return ptr;
        }
        // SAFETY: as `GlobalAlloc::realloc`'s default: a fresh block, copy, free the old one.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[global_allocator]
static ALLOCATOR: SizeClasses = SizeClasses(UnsafeCell::new(Heap { free: [0; 32], next: 0, end: 0 }));

/// Largest input buffer accepted (a shard or manifest is far smaller).
const MAX_INPUT: usize = 64 << 20;

static CLIENT: Mutex<Option<Client>> = Mutex::new(None);
static OUTPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

fn with_client<R>(f: impl FnOnce(&mut Client) -> R) -> R {
    let mut guard = CLIENT.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(Client::default))
}

/// Stores `answer` as the current output; returns its length.
fn answer(text: String) -> usize {
    let mut out = OUTPUT.lock().unwrap_or_else(|e| e.into_inner());
    *out = text.into_bytes();
    out.len()
}

/// Borrows an input buffer handed over by the host, or `None` if it is null or too large.
fn input<'a>(ptr: *const u8, len: usize) -> Option<&'a [u8]> {
    if len == 0 {
        return Some(&[]);
    }
    if ptr.is_null() || len > MAX_INPUT {
        return None;
    }
    // SAFETY: the host passes a live buffer of `len` bytes it obtained from `hm_alloc`.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) })
}

fn text_input<'a>(ptr: *const u8, len: usize) -> Option<&'a str> {
    input(ptr, len).and_then(|b| std::str::from_utf8(b).ok())
}

fn bad_input() -> usize {
    answer(r#"{"error":"invalid input buffer"}"#.to_string())
}

/// Allocates `len` bytes for the host to write into; null if `len` is 0 or too large.
#[no_mangle]
pub extern "C" fn hm_alloc(len: usize) -> *mut u8 {
    if len == 0 || len > MAX_INPUT {
        return std::ptr::null_mut();
    }
    let mut buffer = Vec::<u8>::with_capacity(len);
    let ptr = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    ptr
}

/// Frees a buffer from [`hm_alloc`] (same `len`).
///
/// # Safety
/// `ptr` must come from `hm_alloc(len)` and must not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn hm_free(ptr: *mut u8, len: usize) {
    if !ptr.is_null() && len > 0 && len <= MAX_INPUT {
        // SAFETY: `ptr` and `len` are those of a buffer made by `hm_alloc` with capacity `len`.
        drop(unsafe { Vec::from_raw_parts(ptr, 0, len) });
    }
}

/// Pointer to the last answer (valid until the next call).
#[no_mangle]
pub extern "C" fn hm_output_ptr() -> *const u8 {
    OUTPUT.lock().unwrap_or_else(|e| e.into_inner()).as_ptr()
}

/// Opens a manifest; see [`Client::load_manifest`].
#[no_mangle]
pub extern "C" fn hm_load_manifest(ptr: *const u8, len: usize) -> usize {
    match input(ptr, len) {
        Some(bytes) => answer(with_client(|c| c.load_manifest(bytes))),
        None => bad_input(),
    }
}

/// Loads a shard; see [`Client::load_shard`].
#[no_mangle]
pub extern "C" fn hm_load_shard(shard: usize, ptr: *const u8, len: usize) -> usize {
    match input(ptr, len) {
        Some(bytes) => answer(with_client(|c| c.load_shard(shard, bytes))),
        None => bad_input(),
    }
}

/// Lists the shards a query still needs; see [`Client::missing_shards`].
#[no_mangle]
pub extern "C" fn hm_missing_shards(ptr: *const u8, len: usize, as_you_type: u32) -> usize {
    match text_input(ptr, len) {
        Some(query) => answer(with_client(|c| c.missing_shards(query, as_you_type != 0))),
        None => bad_input(),
    }
}

/// Runs a query; see [`Client::search`].
#[no_mangle]
pub extern "C" fn hm_search(ptr: *const u8, len: usize, as_you_type: u32, limit: usize) -> usize {
    match text_input(ptr, len) {
        Some(query) => answer(with_client(|c| c.search(query, as_you_type != 0, limit))),
        None => bad_input(),
    }
}

/// Decodes a fragment file; see [`Client::read_fragments`].
#[no_mangle]
pub extern "C" fn hm_read_fragments(file: usize, ptr: *const u8, len: usize) -> usize {
    match input(ptr, len) {
        Some(bytes) => answer(with_client(|c| c.read_fragments(file, bytes))),
        None => bad_input(),
    }
}

/// Decodes a head file; see [`Client::read_heads`].
#[no_mangle]
pub extern "C" fn hm_read_heads(file: usize, ptr: *const u8, len: usize) -> usize {
    match input(ptr, len) {
        Some(bytes) => answer(with_client(|c| c.read_heads(file, bytes))),
        None => bad_input(),
    }
}

/// Cuts a result's excerpt; see [`Client::excerpt`]. The buffer is the query's `query_len`
/// bytes followed by the text.
#[no_mangle]
pub extern "C" fn hm_excerpt(
    ptr: *const u8,
    len: usize,
    query_len: usize,
    as_you_type: u32,
    max_chars: usize,
) -> usize {
    let split = input(ptr, len).filter(|b| query_len <= b.len()).map(|b| b.split_at(query_len));
    match split.and_then(|(q, t)| Some((std::str::from_utf8(q).ok()?, std::str::from_utf8(t).ok()?))) {
        Some((query, text)) => answer(with_client(|c| c.excerpt(query, as_you_type != 0, text, max_chars))),
        None => bad_input(),
    }
}
