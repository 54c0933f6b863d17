//! Helpers that several stages use, one copy each, below every stage: a stage may use this
//! module, and this module uses no stage.

pub mod colour;
pub mod date;
pub mod git;
pub mod paths;
pub mod url;
