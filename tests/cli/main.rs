//! CLI integration tests: the real `helpmark` binary on fixture sites in `tests/fixtures/`.

mod build;
mod diagnostics;
mod init;
mod support;
