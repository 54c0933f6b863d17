//! Browser tests: the built site in a real, headless Chromium (Debian's `chromium` and
//! `chromedriver`). Test names are what a customer would say.

// Test helpers are `pub` for their sibling modules; this crate exports nothing.
#![allow(unreachable_pub)]

mod bench;
mod contact;
mod contract;
mod fallback;
mod feedback;
mod hostile;
mod look;
mod quality;
mod results;
mod serve;
mod site;
mod webdriver;
