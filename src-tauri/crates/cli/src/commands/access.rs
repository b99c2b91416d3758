//! `kluis roles ...` and `kluis user access`: the same core services as Settings > Roles.
use crate::args::{MayDeleteArg, RolesCommand};
use crate::Failure;
use kluis_core::access::{Action, Category};
use kluis_core::dto::{GrantDto, RoleInput, UserAccessRequest};
use kluis_core::{roles, user_admin, Session};

/// "contact.view" -> the grant; anything else is a usage error naming the bad value.
fn parse_grants(list: &[String]) -> Result<Vec<GrantDto>, Failure> {
    list.iter()
        .map(|g| {
            let parsed = g.split_once('.').and_then(|(c, a)| {
                Some(GrantDto {
                    category: Category::parse(c)?,
                    action: Action::parse(a)?,
                })
            });
            parsed.ok_or_else(|| {
                Failure::Usage(format!(
                    "{g} is not a grant; write category.action, e.g. contact.view"
                ))
            })
        })
        .collect()
}

pub fn roles(s: &mut Session, cmd: RolesCommand) -> Result<(), Failure> {
    match cmd {
        RolesCommand::List(j) => {
            let o = roles::overview(s)?;
            if j.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&o.roles).unwrap_or_default()
                );
            } else {
                for r in o.roles {
                    let grants: Vec<String> = r
                        .grants
                        .iter()
                        .map(|g| format!("{}.{}", g.category.as_str(), g.action.as_str()))
                        .collect();
                    println!(
                        "{:<18} {:<24} {:>3} users  {}",
                        r.key,
                        r.name
                            .as_deref()
                            .unwrap_or(if r.builtin { "(built in)" } else { "" }),
                        r.holders,
                        grants.join(" ")
                    );
                }
            }
            Ok(())
        }
        RolesCommand::Create { name, grant } => {
            let r = roles::create(
                s,
                &RoleInput {
                    name,
                    grants: parse_grants(&grant)?,
                },
            )?;
            println!("Created role {} ({} grants).", r.key, r.grants.len());
            Ok(())
        }
        RolesCommand::Update { key, name, grant } => {
            let r = roles::update(
                s,
                &key,
                &RoleInput {
                    name,
                    grants: parse_grants(&grant)?,
                },
            )?;
            println!("Updated role {} ({} grants).", r.key, r.grants.len());
            Ok(())
        }
        RolesCommand::Delete { key } => {
            roles::delete(s, &key)?;
            println!("Deleted role {key}.");
            Ok(())
        }
    }
}

pub fn user_access(
    s: &mut Session,
    name: &str,
    role: Vec<String>,
    may_delete: MayDeleteArg,
) -> Result<(), Failure> {
    let id = user_admin::id_by_username(s, name)?;
    let u = roles::set_user_access(
        s,
        id,
        &UserAccessRequest {
            roles: role,
            may_delete: match may_delete {
                MayDeleteArg::Yes => Some(true),
                MayDeleteArg::No => Some(false),
                MayDeleteArg::Roles => None,
            },
        },
    )?;
    println!("{} now has: {}.", u.username, u.roles.join(", "));
    Ok(())
}
