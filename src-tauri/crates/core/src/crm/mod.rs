//! Customer files: people, organisations and what belongs to them.
pub mod deals;
pub mod merge;
pub mod organisations;
pub mod persons;
pub mod pipeline;
pub mod search;
pub mod view;
pub mod views;
