//! `kluis purposes ...` and `kluis register export`: the same core services as Privacy > Register.
use crate::args::{LangArg, PurposesCommand, RegisterCommand, RegisterFormatArg};
use crate::Failure;
use kluis_core::dto::privacy::Lang;
use kluis_core::privacy::purposes;
use kluis_core::privacy::register::{self, RegisterFormat};
use kluis_core::Session;

fn lang(l: LangArg) -> Lang {
    match l {
        LangArg::Nl => Lang::Nl,
        LangArg::En => Lang::En,
    }
}

pub fn purposes(s: &mut Session, cmd: PurposesCommand) -> Result<(), Failure> {
    match cmd {
        PurposesCommand::List { archived, json } => {
            let list = purposes::list(s, archived)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                );
            } else {
                for p in list {
                    println!(
                        "{:>4}  {:<32} {:<22}{}",
                        p.id,
                        p.input.name,
                        p.input.lawful_basis.as_str(),
                        if p.archived { "  (archived)" } else { "" }
                    );
                }
            }
            Ok(())
        }
        PurposesCommand::Templates { lang: l } => {
            for t in purposes::templates(s, lang(l))? {
                println!(
                    "{:<26} {} ({})",
                    t.key,
                    t.input.name,
                    t.input.lawful_basis.as_str()
                );
            }
            Ok(())
        }
        PurposesCommand::Adopt { key, lang: l } => {
            let p = purposes::adopt(s, &key, lang(l))?;
            println!("Adopted \"{}\" as purpose {}.", p.input.name, p.id);
            Ok(())
        }
        PurposesCommand::Archive { id } => {
            purposes::archive(s, id)?;
            println!("Archived purpose {id}.");
            Ok(())
        }
    }
}

pub fn register(s: &mut Session, cmd: RegisterCommand) -> Result<(), Failure> {
    let (format, l, out) = match cmd {
        RegisterCommand::Export { format, lang, out } => (format, lang, out),
        RegisterCommand::Minimisation { json } => {
            let r = kluis_core::privacy::minimisation::report(s)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            } else {
                for f in &r.fields {
                    let flag = if f.records > 0 && f.purposes.is_empty() {
                        "NO PURPOSE"
                    } else {
                        ""
                    };
                    println!(
                        "{:<26} {:>8}  {:<10} {}",
                        f.field,
                        f.records,
                        flag,
                        f.purposes.join(", ")
                    );
                }
                println!(
                    "{} field(s) hold data that no purpose uses.",
                    r.without_purpose
                );
            }
            return Ok(());
        }
    };
    let format = match format {
        RegisterFormatArg::Html => RegisterFormat::Html,
        RegisterFormatArg::Csv => RegisterFormat::Csv,
    };
    register::export(s, format, lang(l), &out)?;
    println!("Wrote the register to {}.", out.display());
    Ok(())
}
