pub mod editor;
pub mod home;
pub mod not_found;
pub mod review;
