//! `kluis requests|subject|breaches|retention ...`: the same core services as Privacy >
//! Requests, Breaches and Retention.
use crate::args::{
    BreachesCommand, LangArg, RequestKindArg, RequestsCommand, RetentionActionArg,
    RetentionCommand, RuleKindArg, SubjectCommand, VerificationArg,
};
use crate::Failure;
use kluis_core::dto::requests::{
    CloseInput, ExtendInput, RequestInput, RequestKind, RequestStatus, SubjectRequest, Urgency,
    Verification,
};
use kluis_core::privacy::{requests, subject_export};
use kluis_core::Session;

fn print(r: &SubjectRequest) {
    let flag = match r.urgency {
        Urgency::Overdue => "OVERDUE",
        Urgency::DueSoon => "due soon",
        Urgency::OnTime => "",
        Urgency::Closed => "closed",
    };
    println!(
        "{:>5}  {:<13} subject {:<7} received {}  deadline {} ({:>4} days) {:<12} {:<9}{}",
        r.id,
        r.kind.as_str(),
        r.subject_ref,
        r.received_on,
        r.deadline,
        r.days_left,
        r.status.as_str(),
        flag,
        r.extension_reason
            .as_deref()
            .map(|_| "  (extended)")
            .unwrap_or("")
    );
}

pub fn run(s: &mut Session, cmd: RequestsCommand) -> Result<(), Failure> {
    let r = match cmd {
        RequestsCommand::List { closed, json } => {
            let q = requests::queue(s, closed)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&q).unwrap_or_default());
            } else {
                println!(
                    "{} open, {} overdue, {} due within a week",
                    q.open, q.overdue, q.due_soon
                );
                q.requests.iter().for_each(print);
            }
            return Ok(());
        }
        RequestsCommand::File {
            person,
            kind,
            verification,
            note,
            received,
        } => requests::file(
            s,
            &RequestInput {
                person_id: person,
                kind: match kind {
                    RequestKindArg::Access => RequestKind::Access,
                    RequestKindArg::Rectification => RequestKind::Rectification,
                    RequestKindArg::Erasure => RequestKind::Erasure,
                    RequestKindArg::Restriction => RequestKind::Restriction,
                    RequestKindArg::Portability => RequestKind::Portability,
                    RequestKindArg::Objection => RequestKind::Objection,
                },
                verification: match verification {
                    VerificationArg::InPersonId => Verification::InPersonId,
                    VerificationArg::KnownEmail => Verification::KnownEmail,
                    VerificationArg::SignedLetter => Verification::SignedLetter,
                    VerificationArg::VideoCall => Verification::VideoCall,
                    VerificationArg::Other => Verification::Other,
                },
                verification_note: note,
                received_on: received,
            },
        )?,
        RequestsCommand::Start { id } => requests::start(s, id)?,
        RequestsCommand::Extend { id, until, reason } => {
            requests::extend(s, &ExtendInput { id, until, reason })?
        }
        RequestsCommand::Close {
            id,
            refused,
            outcome,
        } => requests::close(
            s,
            &CloseInput {
                id,
                status: if refused {
                    RequestStatus::Refused
                } else {
                    RequestStatus::Completed
                },
                outcome,
            },
        )?,
    };
    print(&r);
    Ok(())
}

pub fn subject(s: &mut Session, cmd: SubjectCommand) -> Result<(), Failure> {
    let (person, out, passphrase_env, request) = match cmd {
        SubjectCommand::Export {
            person,
            out,
            passphrase_env,
            request,
        } => (person, out, passphrase_env, request),
        SubjectCommand::Erase {
            person,
            mode,
            request,
            lang,
        } => {
            let r = kluis_core::privacy::erasure::erase(
                s,
                &kluis_core::privacy::erasure::ErasureInput {
                    person_id: person,
                    request_id: request,
                    lang: match lang {
                        crate::args::LangArg::Nl => kluis_core::dto::privacy::Lang::Nl,
                        crate::args::LangArg::En => kluis_core::dto::privacy::Lang::En,
                    },
                    mode: Some(match mode {
                        crate::args::EraseModeArg::Delete => {
                            kluis_core::privacy::erasure::ErasureMode::Delete
                        }
                        crate::args::EraseModeArg::Anonymise => {
                            kluis_core::privacy::erasure::ErasureMode::Anonymise
                        }
                    }),
                },
            )?;
            println!("Erased person {}. {}", r.subject_ref, r.outcome);
            if !r.wal_emptied {
                println!("The write-ahead log could not be emptied now (another program has the vault open); run `kluis verify` later.");
            }
            return Ok(());
        }
    };
    let pass = match passphrase_env {
        Some(var) => match std::env::var(&var) {
            Ok(v) if !v.is_empty() => Some(kluis_core::Password::new(v)),
            _ => {
                return Err(Failure::Usage(format!(
                    "the environment variable {var} is empty or not set"
                )))
            }
        },
        None if out.file_name().is_none() => {
            return Err(Failure::Usage("--out needs a folder name".into()))
        }
        None => None,
    };
    let r = subject_export::to_path(s, person, request, &out, pass.as_ref())?;
    println!(
        "Wrote {} ({}): {}",
        out.display(),
        if r.sealed { "sealed" } else { "folder" },
        r.files.join(", ")
    );
    Ok(())
}

pub fn breaches(s: &mut Session, cmd: BreachesCommand) -> Result<(), Failure> {
    use kluis_core::dto::privacy::BreachInput;
    use kluis_core::privacy::breaches::{self, NotificationState};
    let b = match cmd {
        BreachesCommand::List { json } => {
            let all = breaches::list(s)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
            } else {
                for b in all {
                    let state = match b.notification {
                        NotificationState::Done => "authority: done".to_string(),
                        NotificationState::Pending => format!("authority: {} h left", b.hours_left),
                        NotificationState::Late => "authority: LATE (past 72 h)".to_string(),
                    };
                    println!(
                        "{:>4}  {}  {:<40} {}",
                        b.id, b.discovered, b.input.title, state
                    );
                }
            }
            return Ok(());
        }
        BreachesCommand::Add {
            title,
            nature,
            categories,
            subjects,
            records,
            consequences,
            measures,
            discovered,
        } => breaches::create(
            s,
            &BreachInput {
                title,
                discovered_at: discovered,
                nature,
                categories,
                subjects_approx: subjects,
                records_approx: records,
                consequences,
                measures,
                authority_notified_at: None,
                authority_reference: None,
                authority_not_required: None,
                subjects_informed_at: None,
                subjects_not_informed: None,
            },
        )?,
        BreachesCommand::Update { id, file } => {
            let text = std::fs::read_to_string(&file).map_err(kluis_core::CoreError::from)?;
            let not_a_record = || Failure::Usage("the file is not a breach record in JSON".into());
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|_| not_a_record())?;
            // The record `list --json` printed names its version: a file made before someone
            // else's change is refused (record.conflict). One without a version replaces the
            // record as it is now.
            let version = match value.get("version").and_then(|v| v.as_i64()) {
                Some(v) => v,
                None => breaches::get(s, id)?.version,
            };
            let input: BreachInput = serde_json::from_value(value).map_err(|_| not_a_record())?;
            breaches::update(s, id, version, &input)?
        }
        BreachesCommand::Export { out } => {
            let n = breaches::export(s, &out)?;
            println!("Wrote {n} breach(es) to {}.", out.display());
            return Ok(());
        }
    };
    println!(
        "Breach {}: deadline for the authority {} ({} h left).",
        b.id, b.deadline, b.hours_left
    );
    Ok(())
}

fn rule_kind(k: RuleKindArg) -> kluis_core::privacy::retention::RuleKind {
    use kluis_core::privacy::retention::RuleKind;
    match k {
        RuleKindArg::InactiveProspects => RuleKind::InactiveProspects,
        RuleKindArg::FormerCustomers => RuleKind::FormerCustomers,
        RuleKindArg::ClosedDeals => RuleKind::ClosedDeals,
        RuleKindArg::FormerEmployees => RuleKind::FormerEmployees,
    }
}

fn rule_action(a: RetentionActionArg) -> kluis_core::privacy::retention::RetentionAction {
    use kluis_core::privacy::retention::RetentionAction;
    match a {
        RetentionActionArg::Anonymise => RetentionAction::Anonymise,
        RetentionActionArg::Delete => RetentionAction::Delete,
    }
}

pub fn retention(s: &mut Session, cmd: RetentionCommand) -> Result<(), Failure> {
    use kluis_core::dto::privacy::Lang;
    use kluis_core::privacy::retention;
    let lang = |l: LangArg| match l {
        LangArg::Nl => Lang::Nl,
        LangArg::En => Lang::En,
    };
    let print_run = |r: &retention::RetentionRun| {
        if let Some(code) = &r.error {
            println!(
                "Run {} at {} ({}): FAILED ({code}); nothing was changed.",
                r.id, r.ran_at, r.trigger
            );
            return;
        }
        println!(
            "Run {} at {} ({}{}):",
            r.id,
            r.ran_at,
            r.trigger,
            if r.dry_run {
                ", dry run: nothing changed"
            } else {
                ""
            }
        );
        for c in &r.counts {
            println!("  {:>6}  {}", c.count, c.name);
        }
    };
    match cmd {
        RetentionCommand::Templates { lang: l } => {
            for t in retention::template_list(s, lang(l))? {
                println!("{:<20} {}", t.key, t.input.name);
            }
        }
        RetentionCommand::Adopt { key, lang: l } => {
            let r = retention::adopt(s, &key, lang(l))?;
            println!("Adopted rule {}: {}", r.id, r.input.name);
        }
        RetentionCommand::Add {
            name,
            kind,
            months,
            action,
            purpose,
        } => {
            let input = retention::RuleInput {
                name,
                kind: rule_kind(kind),
                months,
                action: rule_action(action),
                purpose_id: purpose,
            };
            let r = retention::add_rule(s, &input, None)?;
            println!("Added rule {}: {}", r.id, r.input.name);
        }
        RetentionCommand::Update {
            id,
            name,
            months,
            action,
            purpose,
        } => {
            // Only the fields given change, on the rule as read now.
            let rule = retention::rules(s)?
                .into_iter()
                .find(|r| r.id == id)
                .ok_or(kluis_core::CoreError::NotFound)?;
            let (version, mut input) = (rule.version, rule.input);
            if let Some(n) = name {
                input.name = n;
            }
            if let Some(m) = months {
                input.months = m;
            }
            if let Some(a) = action {
                input.action = rule_action(a);
            }
            if purpose.is_some() {
                input.purpose_id = purpose;
            }
            let r = retention::update_rule(s, id, version, &input)?;
            println!(
                "Rule {}: {} months, {}.",
                r.id,
                r.input.months,
                r.input.action.as_str()
            );
        }
        RetentionCommand::Pause { id, resume } => {
            retention::set_active(s, id, resume)?;
            println!("Rule {id} {}.", if resume { "resumed" } else { "paused" });
        }
        RetentionCommand::Rules => {
            for r in retention::rules(s)? {
                println!(
                    "{:>4}  {:<18} {:>4} months  {:<9} {}{}{}",
                    r.id,
                    r.input.kind.as_str(),
                    r.input.months,
                    r.input.action.as_str(),
                    r.input.name,
                    r.purpose_name
                        .as_deref()
                        .map(|p| format!("  (purpose: {p})"))
                        .unwrap_or_default(),
                    if r.active { "" } else { "  (paused)" }
                );
            }
        }
        RetentionCommand::Preview => {
            let plan = retention::preview(s)?;
            println!("{} item(s) due within 30 days:", plan.total);
            for r in &plan.rules {
                println!(
                    "  {:>6} now, {:>6} within 30 days  {}",
                    r.due_now, r.due_soon, r.name
                );
            }
            if !plan.items.is_empty() {
                println!("The first {}:", plan.items.len());
            }
            // Ids only: a terminal's scrollback is no place for a list of names.
            for p in plan.items {
                println!(
                    "  {}  {:<9} {} {}  (rule {})",
                    p.due_on,
                    p.action.as_str(),
                    p.target,
                    p.target_id,
                    p.rule_id
                );
            }
        }
        RetentionCommand::Run { dry_run } => {
            print_run(&retention::run(s, dry_run, &crate::job::watched())?)
        }
        RetentionCommand::History => {
            for r in retention::history(s, 50)? {
                print_run(&r);
            }
        }
    }
    Ok(())
}
