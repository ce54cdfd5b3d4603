//! Components shared by several pages.

pub mod auth;
pub mod header;
pub mod import;
pub mod my_designs;
