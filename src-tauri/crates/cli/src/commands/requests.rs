//! `kluis requests ...`: the same core services as Privacy > Requests.
use crate::args::{RequestKindArg, RequestsCommand, VerificationArg};
use crate::Failure;
use kluis_core::privacy::request_dto::{
    CloseInput, ExtendInput, RequestInput, RequestKind, RequestStatus, SubjectRequest, Urgency,
    Verification,
};
use kluis_core::privacy::requests;
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
