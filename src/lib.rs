pub mod layout;
pub mod sim;
pub mod ui;
