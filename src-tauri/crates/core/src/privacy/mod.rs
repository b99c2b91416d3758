//! The privacy engine: purposes of processing with their lawful bases, and the register of
//! processing activities generated from them (PRIVACY.md, "Purposes and lawful bases").
pub mod dto;
pub mod minimisation;
pub mod purposes;
pub mod register;
pub mod templates;
