pub mod cli;
pub mod layout;
pub mod persist;
pub mod sim;
pub mod ui;
