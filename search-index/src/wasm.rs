//! The raw wasm32 boundary of the browser client: no wasm-bindgen, no imports.
//!
//! Protocol (see `themes/default/static/search/helpmark-search.js`): the host copies input
//! into memory obtained from `hm_alloc`, calls an entry point with pointer and length, and
//! reads the JSON answer from `hm_output_ptr()` / the returned length; it frees its buffers
//! with `hm_free`. Every buffer is length-checked; errors come back as `{"error": ...}`; the
//! logic lives in [`crate::client`], tested natively.

use std::sync::Mutex;

use crate::client::Client;

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
