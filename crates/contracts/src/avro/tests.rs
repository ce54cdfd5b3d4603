//! Unit tests of the parser and the comparison.
