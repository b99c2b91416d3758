//! `kluis`: the command-line shell over kluis-core. Each subcommand signs in, calls one core
//! service and prints the result; rights are checked in the core exactly as for the app.
mod args;
mod commands;
mod job;
mod office;
mod secrets;

use clap::Parser;
use kluis_core::CoreError;
use std::process::ExitCode;

/// Why a run failed, and so which exit code it gets.
pub enum Failure {
    /// 2: the command was given wrongly (clap handles most of these itself).
    Usage(String),
    /// 1 or 3 (authentication).
    Core(CoreError),
    /// 1: the command already said what went wrong.
    Reported,
    /// 1 or 3: the core's answer to a command of the table (here or on the office's Kluis).
    Api(kluis_core::ApiError),
    /// 1: the office's Kluis could not answer (unreachable, sealed, this computer revoked).
    Office(String),
}

/// The core's error as the office server sent it (its code; the English text as fallback).
pub fn remote_error(v: &serde_json::Value) -> kluis_core::ApiError {
    let code = v["code"].as_str().unwrap_or("internal");
    kluis_core::ApiError {
        code: kluis_core::ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == code)
            .unwrap_or(kluis_core::ErrorCode::Internal),
        message: v["message"].as_str().unwrap_or_default().to_string(),
        details: None,
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure::Core(e)
    }
}

impl From<secrets::NoSecret> for Failure {
    fn from(e: secrets::NoSecret) -> Self {
        Failure::Usage(e.0.to_string())
    }
}

fn main() -> ExitCode {
    // One clear line, never a backtrace with whatever happened to be on the stack.
    std::panic::set_hook(Box::new(|_| eprintln!("kluis: internal error")));
    // Before any key or record is in memory: no core dump, no debugger of the same user.
    kluis_core::hardening::protect_process_memory();
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("kluis: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Reported) => ExitCode::from(1),
        Err(Failure::Office(msg)) => {
            eprintln!("kluis: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Api(e)) => {
            eprintln!("kluis: {} ({})", e.message, e.code.as_str());
            use kluis_core::ErrorCode as C;
            match e.code {
                C::AuthFailed | C::Throttled | C::AccountDisabled | C::RecoveryKeyInvalid => {
                    ExitCode::from(3)
                }
                C::Cancelled => ExitCode::from(130),
                _ => ExitCode::from(1),
            }
        }
        Err(Failure::Core(e)) => {
            eprintln!("kluis: {e}");
            match e {
                CoreError::AuthFailed
                | CoreError::Throttled { .. }
                | CoreError::AccountDisabled
                | CoreError::RecoveryKeyInvalid => ExitCode::from(3),
                // As a shell reports a command stopped with Ctrl+C.
                CoreError::Cancelled => ExitCode::from(130),
                _ => ExitCode::from(1),
            }
        }
    }
}
