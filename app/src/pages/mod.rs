#[cfg(feature = "editor")]
pub mod editor;
pub mod elsewhere;
pub mod home;
pub mod not_found;
#[cfg(feature = "review")]
pub mod review;
