//! The `helpmark` binary: parses arguments, runs one command, maps the result to an exit code.
//! The only place that exits and the only place that prints tool errors.

mod commands;

// The build allocates many small strings (tokens, stems, page contexts); mimalloc spends a
// fraction of the time glibc's allocator does on them (measured with benches/build.sh). Built
// without transparent huge pages (`no_thp`): with them, every 2 MiB region mimalloc touched was
// resident whole, and a 10,000-entry build peaked at 283-307 MiB instead of 252-255 MiB, in the
// same time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's: returns the pages its heaps hold unused to the system. In the C library of
    /// `libmimalloc-sys`, linked in for the allocator above (its Rust binding of this function
    /// needs a crate this build does not have).
    fn mi_collect(force: bool);
    /// mimalloc's: sets one of its options (`mi_option_t`, a C enum) to `value`.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc 2's `mi_option_t` (`libmimalloc-sys` 0.1.49,
/// `c_src/mimalloc/v2/include/mimalloc.h`): how many milliseconds freed memory waits before it
/// goes back to the system (10 by default).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Makes the allocator give freed memory back to the system sooner, for `serve`: a preview runs
/// all day and holds its site beside the one it produces, and memory one step of a production
/// frees (the search export's, the pages') was still resident while the next step allocated
/// its own. Measured on a 10,000-entry site (3 edits, one run each, alternating): serve's peak
/// 450-476 MiB as the allocator starts, 397-419 with the delay set to 1, 5 or 10 ms (setting
/// it to its default, 10, already helps; why is not known), at the same speed; 396-406 at 0,
/// but the first production took 10 % longer, later than a build. `build` is left as it is.
fn purge_freed_memory_sooner() {
    // SAFETY: `mi_option_set` takes no pointers and may be called at any time from any thread.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 5) }
}

/// Hands the memory the allocator keeps for reuse back to the system: `serve` calls it between
/// productions, which would otherwise each add their peak to the previous one's leftovers.
fn release_memory() {
    // SAFETY: `mi_collect` takes no pointers and may be called at any time from any thread.
    unsafe { mi_collect(true) }
}

use clap::Parser;
use helpmark::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init { dir } => commands::init::run(&dir, cli.quiet),
        Command::Build(args) => commands::build::run(args, cli.quiet),
        Command::Serve(args) => commands::serve::run(args, cli.quiet),
        Command::Check(args) => commands::check::run(args, cli.quiet),
        Command::New(args) => commands::new::run(args, cli.quiet),
        Command::Search(args) => commands::search::run(args),
        Command::Report(args) => commands::report::run(args, cli.quiet),
        Command::Theme(args) => commands::theme::run(args, cli.quiet),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            commands::eprint(&format!("error: {e:#}\n"));
            ExitCode::from(2)
        }
    }
}
