//! `commands!`: one area's table entries, and from them its dispatcher, its names and its specs.
//!
//! ```text
//! /// What it does (becomes the TypeScript doc comment).
//! fn person_update(cx, id: i64, version: i64, input: PersonInput) -> Person
//!     [needs: all(&[(Contact, Edit)])]
//! { cx.with(|s| persons::update(s, id, &input)) }
//! ```
//!
//! The body gets the arguments by name and `cx: &Call`, and returns `Reply<Out>`. Options in
//! the brackets: `progress: T` (the call reports `T` while it runs), `raw: true` (the call takes
//! a file's bytes as its body; `cx.take_raw()`), `local: true` (a desktop answers it
//! itself, also when connected to the office's Kluis). An argument whose type has no binding names its
//! TypeScript type: `passphrase: Option<Password> as "string | null"`.

/// The TypeScript type of one argument: the binding of its Rust type, or the one written out.
#[macro_export]
#[doc(hidden)]
macro_rules! __ts_arg {
    ($cfg:ident, $ty:ty, $ts:literal) => {
        $crate::spec::TsType::written($ts)
    };
    ($cfg:ident, $ty:ty) => {
        $crate::spec::TsType::of::<$ty>($cfg)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __flag {
    () => {
        false
    };
    ($x:literal) => {
        $x
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __progress {
    ($cfg:ident) => {
        None
    };
    ($cfg:ident, $p:ty) => {
        Some($crate::spec::TsType::of::<$p>($cfg))
    };
}

#[macro_export]
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($cx:ident $(, $arg:ident : $ty:ty $(as $ts:literal)?)* $(,)?) -> $out:ty
            [needs: $needs:expr $(, progress: $prog:ty)? $(, raw: $raw:literal)? $(, local: $local:literal)?]
        $body:block
    )*) => {
        /// The names of this area's commands, in table order.
        pub(crate) const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Runs the named command of this area (None: not one of this area's).
        pub(crate) fn dispatch(
            call: &$crate::Call<'_>,
            name: &str,
            args: serde_json::Value,
        ) -> Option<$crate::Reply<serde_json::Value>> {
            Some(match name {
                $(stringify!($name) => {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase", deny_unknown_fields)]
                    struct Args { $($arg: $ty,)* }
                    let parsed: Args = match $crate::table::parse_args(args) {
                        Ok(a) => a,
                        Err(e) => return Some(Err(e)),
                    };
                    let Args { $($arg,)* } = parsed;
                    // The progress type is named in the specs; naming it here too checks it in
                    // every build.
                    $(let _: Option<$prog> = None;)?
                    #[allow(unused_variables)]
                    fn run($cx: &$crate::Call<'_> $(, $arg: $ty)*) -> $crate::Reply<$out> $body
                    run(call $(, $arg)*).and_then($crate::table::to_json)
                })*
                _ => return None,
            })
        }

        /// Whether a command of this area takes a file's bytes as its body.
        pub(crate) fn takes_file(name: &str) -> bool {
            match name {
                $(stringify!($name) => $crate::__flag!($($raw)?),)*
                _ => false,
            }
        }

        /// Whether a command of this area is answered by the desktop itself (never forwarded
        /// to the office server).
        pub(crate) fn is_local(name: &str) -> bool {
            match name {
                $(stringify!($name) => $crate::__flag!($($local)?),)*
                _ => false,
            }
        }

        /// The rights each command of this area needs.
        pub(crate) fn needs(name: &str) -> Option<$crate::Needs> {
            #[allow(unused_imports)]
            use $crate::needs::Needs::*;
            #[allow(unused_imports)]
            use kluis_core::access::{Action::*, Category::*};
            match name {
                $(stringify!($name) => Some($needs),)*
                _ => None,
            }
        }

        /// This area's declarations, for the generators.
        #[cfg(test)]
        pub(crate) fn specs(cfg: &ts_rs::Config) -> Vec<$crate::spec::CommandSpec> {
            vec![$(
                $crate::spec::CommandSpec {
                    name: stringify!($name),
                    doc: <[&str]>::join(&[$($doc),*], "\n"),
                    args: vec![$($crate::spec::ArgSpec {
                        name: stringify!($arg),
                        ty: $crate::__ts_arg!(cfg, $ty $(, $ts)?),
                    }),*],
                    output: $crate::spec::TsType::of::<$out>(cfg),
                    needs: needs(stringify!($name)).expect("declared"),
                    progress: $crate::__progress!(cfg $(, $prog)?),
                    raw: $crate::__flag!($($raw)?),
                },
            )*]
        }
    };
}
