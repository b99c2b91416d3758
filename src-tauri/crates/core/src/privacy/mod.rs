//! The privacy engine (PRIVACY.md): purposes of processing with their lawful bases and the
//! register generated from them; consent statements, the consent ledger and objection;
//! restriction; marketing lists that check their basis; the privacy dashboard; data subject
//! requests.
pub mod breaches;
pub mod consent;
pub mod dashboard;
pub mod erasure;
pub mod marketing;
pub mod minimisation;
pub mod purposes;
pub mod register;
pub mod requests;
pub mod restriction;
pub mod retention;
pub mod subject_data;
pub mod subject_export;
pub mod subject_report;
pub mod templates;
