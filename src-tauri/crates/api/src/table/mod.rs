//! The command table, one file per area of the app. `AREAS` is the whole table.
use crate::call::{Call, Reply};
use crate::needs::Needs;
use kluis_core::error::ValidationReason;
use kluis_core::{ApiError, CoreError};
use serde::de::DeserializeOwned;
use serde::Serialize;

mod auth;
mod backup;
mod consent;
mod contacts;
mod deals;
mod hr;
mod office;
mod privacy;
mod requests;
mod settings;
mod transfer;
mod users;

type Dispatch = fn(&Call<'_>, &str, serde_json::Value) -> Option<Reply<serde_json::Value>>;

struct Area {
    names: &'static [&'static str],
    dispatch: Dispatch,
    needs: fn(&str) -> Option<Needs>,
    takes_file: fn(&str) -> bool,
    is_local: fn(&str) -> bool,
    #[cfg(test)]
    specs: fn(&ts_rs::Config) -> Vec<crate::spec::CommandSpec>,
}

macro_rules! areas {
    ($($m:ident),*) => {
        const AREAS: &[Area] = &[$(Area {
            names: $m::NAMES,
            dispatch: $m::dispatch,
            needs: $m::needs,
            takes_file: $m::takes_file,
            is_local: $m::is_local,
            #[cfg(test)]
            specs: $m::specs,
        }),*];
    };
}

areas!(
    auth, users, settings, contacts, deals, transfer, hr, privacy, consent, requests, backup,
    office
);

/// Every command's name, in table order.
pub fn names() -> impl Iterator<Item = &'static str> {
    AREAS.iter().flat_map(|a| a.names.iter().copied())
}

/// The rights a command needs (None: no such command).
pub fn needs_of(name: &str) -> Option<Needs> {
    AREAS.iter().find_map(|a| (a.needs)(name))
}

/// Whether the named command takes a file's bytes as its body (a remote host allows it a
/// larger body than a command of JSON arguments).
pub fn takes_file(name: &str) -> bool {
    AREAS.iter().any(|a| (a.takes_file)(name))
}

/// Whether the named command is answered by the desktop itself (its connection to the office's
/// Kluis), also in connected mode.
pub fn is_local(name: &str) -> bool {
    AREAS.iter().any(|a| (a.is_local)(name))
}

/// Runs the named command with its JSON arguments and answers with its JSON result. None: no
/// such command (the host answers that in its own way).
pub fn dispatch(
    call: &Call<'_>,
    name: &str,
    args: serde_json::Value,
) -> Option<Reply<serde_json::Value>> {
    let area = AREAS.iter().find(|a| a.names.contains(&name))?;
    (area.dispatch)(call, name, args)
}

#[cfg(test)]
pub(crate) fn specs(cfg: &ts_rs::Config) -> Vec<crate::spec::CommandSpec> {
    AREAS.iter().flat_map(|a| (a.specs)(cfg)).collect()
}

/// The arguments of a call; no arguments may come as null. A wrong shape is the caller's
/// mistake, reported without echoing what was sent.
pub(crate) fn parse_args<T: DeserializeOwned>(args: serde_json::Value) -> Result<T, ApiError> {
    let args = match args {
        serde_json::Value::Null => serde_json::Value::Object(Default::default()),
        other => other,
    };
    serde_json::from_value(args)
        .map_err(|_| CoreError::invalid("arguments", ValidationReason::InvalidFormat).to_api())
}

pub(crate) fn to_json<T: Serialize>(value: T) -> Reply<serde_json::Value> {
    serde_json::to_value(value).map_err(|_| CoreError::Internal("reply").to_api())
}

/// The name of a file written where the person chose (shown in the confirmation).
pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
