//! Build-time search: Tantivy indexes per language and the export to the static index.
