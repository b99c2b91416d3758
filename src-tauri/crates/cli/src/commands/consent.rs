//! `kluis consent|restriction|marketing|privacy`: the same core services as the consent panel,
//! Privacy > Overview and Privacy > Marketing lists.
use crate::args::{
    ChannelArg, ConsentCommand, GroundArg, LangArg, MarketingCommand, RestrictionCommand, SaidArgs,
};
use crate::Failure;
use kluis_core::dto::consent::{
    ConsentChannel, ConsentInput, ConsentOverview, LedgerReport, ObjectionInput, RestrictionGround,
    RestrictionInput, StatementInput, VoidInput,
};
use kluis_core::dto::privacy::Lang;
use kluis_core::privacy::{consent, dashboard, marketing, restriction};
use kluis_core::{CoreError, Session};

fn lang(l: LangArg) -> Lang {
    match l {
        LangArg::Nl => Lang::Nl,
        LangArg::En => Lang::En,
    }
}

fn channel(c: ChannelArg) -> ConsentChannel {
    match c {
        ChannelArg::WebForm => ConsentChannel::WebForm,
        ChannelArg::Email => ConsentChannel::Email,
        ChannelArg::Phone => ConsentChannel::Phone,
        ChannelArg::Paper => ConsentChannel::Paper,
        ChannelArg::InPerson => ConsentChannel::InPerson,
    }
}

fn json<T: serde::Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

fn print_overview(o: &ConsentOverview) {
    if let Some(r) = &o.restriction {
        println!(
            "RESTRICTED since {} ({}): read-only, left out of lists, search and exports",
            r.restricted_at,
            r.ground.as_str()
        );
    }
    match &o.objection_since {
        Some(since) => println!("Objects to direct marketing since {since}"),
        None => println!("No objection to direct marketing"),
    }
    for p in &o.purposes {
        let status = serde_json::to_value(p.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        println!(
            "{:>4}  {:<30} {:<20} {:<10} {}{}",
            p.purpose_id,
            p.name,
            p.lawful_basis.as_str(),
            status,
            if p.allowed {
                "may process"
            } else {
                "may NOT process"
            },
            p.statement_version
                .map(|v| format!("  (statement v{v})"))
                .unwrap_or_default()
        );
    }
    if !o.history.is_empty() {
        println!("History (newest first):");
    }
    for e in &o.history {
        println!(
            "{:>6}  {}  {:<17} {:<24} {:<10}{}{}",
            e.id,
            e.occurred_at,
            e.kind.as_str(),
            e.purpose_name.as_deref().unwrap_or("(all marketing)"),
            e.channel.as_str(),
            e.statement_version
                .map(|v| format!("  statement v{v}"))
                .unwrap_or_default(),
            if e.voided {
                "  [recorded in error]"
            } else {
                ""
            }
        );
    }
}

pub fn consent(s: &mut Session, cmd: ConsentCommand) -> Result<(), Failure> {
    let overview = match cmd {
        ConsentCommand::Show { person, json: j } => {
            let o = consent::overview(s, person)?;
            if j {
                json(&o);
            } else {
                print_overview(&o);
            }
            return Ok(());
        }
        ConsentCommand::Grant {
            person,
            purpose,
            statement,
            lang: l,
            said,
        } => {
            let purpose_id = consent::purpose_by_name(s, &purpose)?;
            // The version number a person reads on the form, turned into its id.
            let statement_id = consent::statements(s, Some(purpose_id))?
                .into_iter()
                .find(|st| st.version == statement && st.lang == lang(l))
                .map(|st| st.id)
                .ok_or(CoreError::StatementMismatch)?;
            consent::record(
                s,
                &input(person, purpose_id, true, said, Some(statement_id), l),
            )?
        }
        ConsentCommand::Withdraw {
            person,
            purpose,
            said,
        } => {
            let purpose_id = consent::purpose_by_name(s, &purpose)?;
            consent::record(
                s,
                &input(person, purpose_id, false, said, None, LangArg::Nl),
            )?
        }
        ConsentCommand::Object { person, lift, said } => consent::object(
            s,
            &ObjectionInput {
                person_id: person,
                objects: !lift,
                channel: channel(said.channel),
                occurred_at: said.at,
                evidence: said.evidence,
            },
        )?,
        ConsentCommand::Void {
            person,
            event,
            reason,
        } => consent::void(
            s,
            &VoidInput {
                person_id: person,
                event_id: event,
                reason,
            },
        )?,
        ConsentCommand::Statements { purpose, json: j } => {
            let id = match purpose {
                Some(name) => Some(consent::purpose_by_name(s, &name)?),
                None => None,
            };
            let list = consent::statements(s, id)?;
            if j {
                json(&list);
            } else {
                for st in list {
                    println!(
                        "purpose {:>3}  {}  v{:<3} {}  sha256 {}{}",
                        st.purpose_id,
                        st.lang.as_str(),
                        st.version,
                        st.published_at,
                        &st.hash[..16],
                        if st.current { "  (current)" } else { "" }
                    );
                }
            }
            return Ok(());
        }
        ConsentCommand::Publish {
            purpose,
            lang: l,
            file,
        } => {
            let body = std::fs::read_to_string(&file).map_err(CoreError::from)?;
            let purpose_id = consent::purpose_by_name(s, &purpose)?;
            let st = consent::publish(
                s,
                &StatementInput {
                    purpose_id,
                    lang: lang(l),
                    body,
                },
            )?;
            println!(
                "Published version {} ({}) of the statement for purpose {}; sha256 {}.",
                st.version,
                st.lang.as_str(),
                st.purpose_id,
                st.hash
            );
            return Ok(());
        }
    };
    println!("Recorded.");
    print_overview(&overview);
    Ok(())
}

fn input(
    person: i64,
    purpose_id: i64,
    granted: bool,
    said: SaidArgs,
    statement_id: Option<i64>,
    l: LangArg,
) -> ConsentInput {
    ConsentInput {
        person_id: person,
        purpose_id,
        granted,
        channel: channel(said.channel),
        occurred_at: said.at,
        statement_id,
        shown_lang: granted.then(|| lang(l)),
        evidence: said.evidence,
    }
}

pub fn restriction(s: &mut Session, cmd: RestrictionCommand) -> Result<(), Failure> {
    let o = match cmd {
        RestrictionCommand::Add {
            person,
            ground,
            note,
        } => restriction::restrict(
            s,
            &RestrictionInput {
                person_id: person,
                ground: match ground {
                    GroundArg::AccuracyContested => RestrictionGround::AccuracyContested,
                    GroundArg::UnlawfulProcessing => RestrictionGround::UnlawfulProcessing,
                    GroundArg::LegalClaims => RestrictionGround::LegalClaims,
                    GroundArg::ObjectionPending => RestrictionGround::ObjectionPending,
                },
                note,
            },
        )?,
        RestrictionCommand::Lift { person, reason } => restriction::lift(s, person, &reason)?,
    };
    print_overview(&o);
    Ok(())
}

fn print_report(r: &kluis_core::dto::consent::MarketingReport) {
    let l = &r.left_out;
    println!(
        "{}: {} included; left out: {} restricted, {} objecting to direct marketing, {} withdrew consent, {} never gave consent, {} without an e-mail address",
        r.purpose_name, r.included, l.restricted, l.objected, l.withdrawn, l.no_consent, l.no_email
    );
}

pub fn marketing(s: &mut Session, cmd: MarketingCommand) -> Result<(), Failure> {
    match cmd {
        MarketingCommand::Preview { purpose, json: j } => {
            let id = marketing::purpose_by_name(s, &purpose)?;
            let r = marketing::preview(s, id)?;
            if j {
                json(&r);
            } else {
                print_report(&r);
            }
        }
        MarketingCommand::Export {
            purpose,
            out,
            json: j,
        } => {
            let id = marketing::purpose_by_name(s, &purpose)?;
            let r = marketing::export(s, id, &out)?;
            if j {
                json(&r);
            } else {
                print_report(&r);
                println!("Wrote {}.", out.display());
            }
        }
    }
    Ok(())
}

pub fn dashboard(s: &mut Session, as_json: bool) -> Result<(), Failure> {
    let d = dashboard::dashboard(s)?;
    if as_json {
        json(&d);
        return Ok(());
    }
    println!(
        "{} people; {} restricted; {} object to direct marketing",
        d.people, d.restricted, d.objecting
    );
    for c in &d.coverage {
        println!(
            "{:<30} {:<20} granted {:>7}  withdrawn {:>7}{}",
            c.name,
            c.lawful_basis.as_str(),
            c.granted,
            c.withdrawn,
            if c.has_statement {
                ""
            } else {
                "  (no published statement)"
            }
        );
    }
    if !d.fields_without_purpose.is_empty() {
        println!(
            "Fields holding data without a purpose: {}",
            d.fields_without_purpose.join(", ")
        );
    }
    Ok(())
}

/// The consent ledger's lines of `kluis verify`.
pub fn print_ledger(r: &LedgerReport) {
    match r.first_broken_id {
        None => println!(
            "consent ledger     ok ({} events, head {})",
            r.entries,
            &r.head[..16]
        ),
        Some(id) => println!(
            "consent ledger     PROBLEM: event {id} was altered, inserted or removed behind the app's back"
        ),
    }
    for id in &r.evidence_altered {
        println!("  - the evidence reference of event {id} was changed behind the app's back");
    }
    for id in &r.statements_altered {
        println!("  - the text of consent statement {id} no longer matches its published hash");
    }
    if r.state_mismatches > 0 {
        println!(
            "  - the stored consent state of {} person(s) differs from the ledger",
            r.state_mismatches
        );
    }
}
