//! A command's declaration as data: what the generators (TypeScript client, capability file,
//! command list) and the authorisation test read.
use crate::needs::Needs;
use serde::Serialize;
use ts_rs::{Config, TS};

/// A TypeScript type as the client writes it.
#[derive(Debug, Clone, Serialize)]
pub struct TsType {
    pub ts: String,
}

impl TsType {
    pub fn of<T: TS + 'static + ?Sized>(cfg: &Config) -> Self {
        TsType { ts: T::name(cfg) }
    }

    /// A type written out in the table (for an argument whose Rust type has no binding, such
    /// as a password that is zeroized after use).
    pub fn written(ts: &str) -> Self {
        TsType { ts: ts.to_string() }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ArgSpec {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub ty: TsType,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandSpec {
    pub name: &'static str,
    /// The table's doc comment.
    pub doc: String,
    pub args: Vec<ArgSpec>,
    pub output: TsType,
    pub needs: Needs,
    /// The type of the progress reports sent during the call, if any.
    pub progress: Option<TsType>,
    /// The command takes a raw body (a file's bytes) instead of JSON arguments.
    pub raw: bool,
}

/// The ts-rs settings the bindings are written with: 64-bit integers are plain numbers (ids and
/// counts stay far below 2^53).
pub fn ts_config() -> Config {
    Config::new().with_large_int("number")
}
