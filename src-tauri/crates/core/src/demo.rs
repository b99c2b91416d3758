//! Realistic, deterministic synthetic data: Dutch and international people, organisations,
//! timelines, deals and tasks. The same count always gives the same vault contents, so demos,
//! screenshots and benchmarks are repeatable. Every name is invented from word lists.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::error::CoreResult;
use crate::fields::{fold, person_sort_key};
use crate::session::Session;
use crate::store::bulk::{Bulk, NewPerson};
use crate::store::WriteTx;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

/// SplitMix64: tiny, fast and fully deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const GIVEN_NL: &[&str] = &[
    "Jan", "Piet", "Kees", "Anna", "Emma", "Sophie", "Lotte", "Daan", "Sem", "Lucas", "Julia",
    "Tess", "Noah", "Finn", "Sanne", "Femke", "Bram", "Ruben", "Lisa", "Eva", "Thijs", "Joost",
    "Marieke", "Ingrid", "Willem", "Hendrik", "Anouk", "Floor", "Maarten", "Roos", "Gert",
    "Wouter", "Ilse", "Niels", "Hanneke", "Jeroen", "Esther", "Sven", "Mirjam", "Koen",
];
const GIVEN_INT: &[&str] = &[
    "Oliver",
    "Amelia",
    "Mateo",
    "Chloé",
    "Lukas",
    "Zoë",
    "Søren",
    "Ana",
    "José",
    "Björn",
    "Fatima",
    "Mohammed",
    "Aylin",
    "Mehmet",
    "Giulia",
    "Łukasz",
    "Ines",
    "François",
    "Hélène",
    "Jürgen",
];
/// (tussenvoegsel, family name)
const FAMILY_NL: &[(&str, &str)] = &[
    ("de", "Vries"),
    ("", "Jansen"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Berg"),
    ("", "Willems"),
    ("van", "Vliet"),
    ("", "Hoekstra"),
    ("", "Maas"),
    ("", "Verhoeven"),
    ("", "Koster"),
    ("van", "Dam"),
    ("", "Prins"),
];
const FAMILY_INT: &[&str] = &[
    "Müller",
    "Schmidt",
    "García",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Nielsen",
    "O'Brien",
    "Yılmaz",
    "Silva",
    "Novák",
    "Lefèvre",
    "Andersson",
    "Papadopoulos",
    "Šimić",
    "Fernández",
];
const CITIES: &[(&str, &str)] = &[
    ("Amsterdam", "10"),
    ("Rotterdam", "30"),
    ("Utrecht", "35"),
    ("Den Haag", "25"),
    ("Eindhoven", "56"),
    ("Groningen", "97"),
    ("Tilburg", "50"),
    ("Almere", "13"),
    ("Breda", "48"),
    ("Nijmegen", "65"),
    ("Haarlem", "20"),
    ("Arnhem", "68"),
    ("Zwolle", "80"),
    ("Leiden", "23"),
    ("Maastricht", "62"),
    ("Delft", "26"),
    ("Alkmaar", "18"),
    ("Deventer", "74"),
    ("Leeuwarden", "89"),
    ("Amersfoort", "38"),
];
const STREETS: &[&str] = &[
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Stationsweg",
    "Schoolstraat",
    "Julianastraat",
    "Beatrixlaan",
    "Prinsengracht",
    "Wilhelminastraat",
    "Parallelweg",
    "Industrieweg",
    "Havenkade",
    "Lindelaan",
];
const ORG_STEMS: &[&str] = &[
    "Bakkerij",
    "Installatiebedrijf",
    "Adviesbureau",
    "Drukkerij",
    "Transport",
    "Bouwbedrijf",
    "Tuincentrum",
    "Accountants",
    "Architecten",
    "Makelaardij",
    "Autobedrijf",
    "Schildersbedrijf",
    "Hoveniers",
    "Zorggroep",
    "Techniek",
    "Logistiek",
    "Software",
    "Catering",
];
const ORG_FORMS: &[&str] = &[
    "B.V.",
    "BV",
    "V.O.F.",
    "& Zn.",
    "Groep",
    "Nederland B.V.",
    "GmbH",
    "Ltd",
];
/// As a Dutch company writes its branche (the names, job titles and cities are Dutch too).
const INDUSTRIES: &[&str] = &[
    "Voeding",
    "Bouw",
    "Advies",
    "Drukwerk",
    "Logistiek",
    "Detailhandel",
    "Accountancy",
    "Vastgoed",
    "Autobranche",
    "Zorg",
    "ICT",
    "Horeca",
];
const JOBS: &[&str] = &[
    "Directeur",
    "Eigenaar",
    "Inkoper",
    "Office manager",
    "Projectleider",
    "Accountmanager",
    "CFO",
    "Hoofd facilitair",
    "Marketing manager",
    "Operations manager",
    "HR-adviseur",
    "Planner",
];
const SOURCES: &[&str] = &[
    "Website form",
    "Trade fair",
    "Referral",
    "Cold call",
    "Newsletter sign-up",
    "LinkedIn",
];
const TAGS: &[&str] = &[
    "klant",
    "prospect",
    "partner",
    "leverancier",
    "vip",
    "nieuwsbrief",
    "beurs-2026",
];
const NOTES: &[&str] = &[
    "Called about the quarterly order; will confirm next week.",
    "Sent the updated quote with volume discount.",
    "Met at the trade fair stand, interested in a demo.",
    "Prefers e-mail over phone; reachable in the morning.",
    "Asked for references from similar companies.",
    "Discussed delivery planning for the spring season.",
    "Follow-up on the invoice question: resolved.",
];
const DEAL_WORDS: &[&str] = &[
    "Onderhoudscontract",
    "Nieuwe installatie",
    "Jaarorder",
    "Uitbreiding",
    "Pilot",
    "Licenties",
    "Advies traject",
];
const LOST_REASONS: &[&str] = &["Price", "Chose a competitor", "No budget", "Timing"];

/// What `fill` made.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DemoReport {
    pub persons: u32,
    pub organisations: u32,
    pub timeline_entries: u32,
    pub deals: u32,
    pub tasks: u32,
    /// Invented personnel files (only into a vault that has none).
    pub employees: u32,
}

fn ascii_local(s: &str) -> String {
    fold(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Fills the vault with `contacts` people and what belongs to them, in one transaction.
pub fn fill(s: &Session, contacts: u32) -> CoreResult<DemoReport> {
    s.require(Category::Admin, Action::Manage)?;
    s.require(Category::Contact, Action::Create)?;
    let tx = s.write()?;
    let mut report = generate(&tx, s.user_id(), s.now(), contacts)?;
    report.employees = staff(s)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::DemoGenerated)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({ "persons": report.persons, "organisations": report.organisations })),
    )?;
    tx.commit()?;
    Ok(report)
}

const POSITIONS: &[(&str, &str)] = &[
    ("Accountmanager", "Verkoop"),
    ("Binnendienst", "Verkoop"),
    ("Office manager", "Bedrijfsvoering"),
    ("Boekhouder", "Financiën"),
    ("Projectleider", "Projecten"),
    ("Servicemonteur", "Service"),
    ("Marketeer", "Marketing"),
    ("Stagiair", "Marketing"),
];
const REVIEWS: &[&str] = &[
    "Goed jaar; klanten zijn tevreden. Volgend jaar meer verantwoordelijkheid voor grote accounts.",
    "Werkt nauwkeurig. Afspraak: cursus timemanagement in het voorjaar.",
    "Sterke groei; aandachtspunt is het delen van kennis met collega's.",
];
const ABSENCE_REASONS: &[&str] = &["Griep", "Rugklachten", "Operatie knie", "Migraine"];

/// A dozen invented employees with reviews and absences, written only into a vault without
/// personnel files (a demo never mixes with real ones), and only once someone may see them:
/// they are sealed under the hr and special keys of those roles' holders.
fn staff(s: &Session) -> CoreResult<u32> {
    use crate::dto::hr::{AbsenceKind, ContractType, SalaryPeriod};
    use crate::hr::sealing::{self, AbsenceValues, EmployeeValues, ReviewValues};
    use crate::keyring::KeyCategory;
    use crate::keys::custody;
    use crate::store::hr as db;
    let tx = s.write()?;
    let conn = &tx;
    let user_id = s.user_id();
    let now = s.now();
    if crate::store::hr::count(conn, "", true)? > 0 {
        return Ok(0);
    }
    let Some((hr_id, hr)) = custody::key_for_new_data(s, KeyCategory::Hr)? else {
        return Ok(0);
    };
    let special = custody::key_for_new_data(s, KeyCategory::Special)?;
    let mut rng = Rng(0x5045_5253_4F4E);
    let today = now.date_naive();
    let stamp_now = stamp(now);
    let mut n = 0;
    for i in 0..12u32 {
        let given = rng.pick(GIVEN_NL);
        let (tv, family) = FAMILY_NL[rng.below(FAMILY_NL.len() as u64) as usize];
        let (position, department) = POSITIONS[(i as usize) % POSITIONS.len()];
        let start = today - Duration::days(200 + rng.below(3000) as i64);
        let contract = match (position, i % 5) {
            ("Stagiair", _) => ContractType::Intern,
            (_, 0..=2) => ContractType::Permanent,
            (_, 3) => ContractType::FixedTerm,
            _ => ContractType::Temporary,
        };
        // Two people have left: the list shows current staff unless asked otherwise.
        let end = (i >= 10).then(|| {
            (today - Duration::days(30 + rng.below(300) as i64))
                .format("%Y-%m-%d")
                .to_string()
        });
        let id = db::insert(
            conn,
            &start.format("%Y-%m-%d").to_string(),
            end.as_deref(),
            &stamp_now,
            user_id,
        )?;
        let values = EmployeeValues {
            given_name: given.to_string(),
            tussenvoegsel: tv.to_string(),
            family_name: family.to_string(),
            email: Some(format!(
                "{}.{}@kluis-demo.nl",
                ascii_local(given),
                ascii_local(family)
            )),
            position: Some(position.to_string()),
            department: Some(department.to_string()),
            contract_type: contract,
            hours_per_week: Some([40, 36, 32, 24][rng.below(4) as usize]),
            salary: Some((
                (2_800 + rng.below(3_200) as i64) * 100,
                "EUR".to_string(),
                SalaryPeriod::Month,
            )),
            notes: None,
        };
        db::set_sealed(
            conn,
            id,
            &sealing::seal_employee((hr_id, &hr), id, &values),
            true,
        )?;
        for r in 0..rng.below(3) {
            let date = today - Duration::days(30 + 365 * r as i64);
            let rid = db::insert_review(conn, id, user_id, &stamp_now)?;
            let v = ReviewValues {
                review_date: date.format("%Y-%m-%d").to_string(),
                rating: Some(3 + rng.below(3) as u8),
                summary: rng.pick(REVIEWS).to_string(),
            };
            db::set_review_sealed(conn, rid, &sealing::seal_review((hr_id, &hr), rid, &v))?;
        }
        for _ in 0..rng.below(3) {
            let from = today - Duration::days(10 + rng.below(500) as i64);
            let sick = rng.chance(60);
            let aid = db::insert_absence(conn, id, user_id, &stamp_now)?;
            let v = AbsenceValues {
                kind: if sick {
                    AbsenceKind::Sick
                } else {
                    AbsenceKind::Leave
                },
                start_date: from.format("%Y-%m-%d").to_string(),
                end_date: Some(
                    (from + Duration::days(1 + rng.below(10) as i64))
                        .format("%Y-%m-%d")
                        .to_string(),
                ),
            };
            db::set_absence_sealed(conn, aid, &sealing::seal_absence((hr_id, &hr), aid, &v))?;
            // A reason (health data) only where someone may hold its key.
            if let (true, Some((sid, sk))) = (sick, &special) {
                let reason = rng.pick(ABSENCE_REASONS);
                db::set_reason_sealed(conn, aid, &sealing::seal_reason((*sid, sk), aid, reason))?;
            }
        }
        n += 1;
    }
    tx.commit()?;
    Ok(n)
}

/// Writes the synthetic records inside the caller's transaction (also used by the benchmark on a
/// plain database with the same schema).
pub(crate) fn generate(
    conn: &WriteTx,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
    contacts: u32,
) -> CoreResult<DemoReport> {
    let mut rng = Rng(0x4B4C_5549_5321);
    let today = now.date_naive();
    let base = today - Duration::days(730);
    let day = |d: i64| -> NaiveDate { base + Duration::days(d) };
    let bulk = Bulk::new(conn, user_id);
    let stages = bulk.stages()?;
    let open: Vec<i64> = stages
        .iter()
        .filter(|(_, k)| k == "open")
        .map(|(i, _)| *i)
        .collect();
    let won = stages
        .iter()
        .find(|(_, k)| k == "won")
        .map(|(i, _)| *i)
        .unwrap_or(1);
    let lost = stages
        .iter()
        .find(|(_, k)| k == "lost")
        .map(|(i, _)| *i)
        .unwrap_or(1);
    let mut report = DemoReport {
        persons: 0,
        organisations: 0,
        timeline_entries: 0,
        deals: 0,
        tasks: 0,
        employees: 0,
    };

    let org_count = (contacts / 8).max(1);
    let mut orgs: Vec<(i64, String, String)> = Vec::with_capacity(org_count as usize);
    for i in 0..org_count {
        let (city, _) = CITIES[rng.below(CITIES.len() as u64) as usize];
        let (tv, family) = FAMILY_NL[rng.below(FAMILY_NL.len() as u64) as usize];
        // In a company name the tussenvoegsel is capitalised: "Bouwbedrijf Van Dijk".
        let mut tv_cap = tv.to_string();
        if let Some(first) = tv_cap.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        let owner = [tv_cap.as_str(), family]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let name = format!("{} {} {}", rng.pick(ORG_STEMS), owner, rng.pick(ORG_FORMS));
        let domain = format!("{}{}.nl", ascii_local(family), i);
        let kvk = format!("{:08}", 10_000_000 + (rng.below(89_999_999)));
        let id = bulk.organisation(
            &name,
            &fold(&name),
            &kvk,
            &format!("https://www.{domain}"),
            rng.pick(INDUSTRIES),
            city,
            &stamp(now),
        )?;
        orgs.push((id, name, domain));
        report.organisations += 1;
    }

    for i in 0..contacts {
        let international = rng.chance(15);
        let given = if international {
            rng.pick(GIVEN_INT)
        } else {
            rng.pick(GIVEN_NL)
        };
        let (tv, family) = if international && rng.chance(70) {
            ("", rng.pick(FAMILY_INT))
        } else {
            FAMILY_NL[rng.below(FAMILY_NL.len() as u64) as usize]
        };
        let org = if rng.chance(70) {
            Some(&orgs[rng.below(orgs.len() as u64) as usize])
        } else {
            None
        };
        let domain = org.map(|o| o.2.clone()).unwrap_or_else(|| {
            ["gmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl"][rng.below(4) as usize]
                .to_string()
        });
        let email = format!(
            "{}.{}{}@{}",
            ascii_local(given),
            ascii_local(&format!("{tv}{family}")),
            i,
            domain
        );
        // Dutch mobile numbers in use start 06-1 to 06-5.
        let phone = format!("+316{}{:07}", 1 + rng.below(5), rng.below(10_000_000));
        let (city, pc) = CITIES[rng.below(CITIES.len() as u64) as usize];
        let postcode = format!(
            "{pc}{:02} {}{}",
            rng.below(100),
            (b'A' + rng.below(26) as u8) as char,
            (b'A' + rng.below(26) as u8) as char
        );
        let street = format!("{} {}", rng.pick(STREETS), 1 + rng.below(180));
        let dob = if rng.chance(20) {
            Some(
                day(-(rng.below(20_000) as i64) - 6_500)
                    .format("%Y-%m-%d")
                    .to_string(),
            )
        } else {
            None
        };
        let created = stamp(
            (day(rng.below(700) as i64))
                .and_hms_opt(9, 0, 0)
                .unwrap_or_default()
                .and_utc(),
        );
        let ntags = rng.below(3) as usize;
        let tags: Vec<&str> = (0..ntags).map(|_| rng.pick(TAGS)).collect();
        let id = bulk.person(&NewPerson {
            given,
            tussenvoegsel: tv,
            family,
            sort_name: &person_sort_key(given, family),
            salutation: None,
            date_of_birth: dob.as_deref(),
            organisation: org.map(|o| (o.0, o.1.as_str())),
            job_title: org.map(|_| rng.pick(JOBS)),
            preferred_language: Some(if international { "en" } else { "nl" }),
            source: Some(rng.pick(SOURCES)),
            owner_id: Some(user_id),
            email: Some(&email),
            phone: Some(&phone),
            address: Some((&street, &postcode, city, "NL")),
            tags: &tags,
            created_at: &created,
        })?;
        report.persons += 1;
        for _ in 0..rng.below(4) {
            let at = stamp(
                day(rng.below(730) as i64)
                    .and_hms_opt(10 + rng.below(7) as u32, 0, 0)
                    .unwrap_or_default()
                    .and_utc(),
            );
            let kind = ["note", "call", "email", "meeting"][rng.below(4) as usize];
            bulk.timeline(id, kind, &at, user_id, rng.pick(NOTES))?;
            report.timeline_entries += 1;
        }
        if rng.chance(20) {
            let roll = rng.below(10);
            let created_day = rng.below(700) as i64;
            let expected = day(created_day + 30 + rng.below(120) as i64);
            // Deals already won or lost were closed in the past; open ones may close later.
            let (stage, closed, reason) = if roll < 3 {
                (
                    won,
                    Some(stamp(
                        expected
                            .min(today)
                            .and_hms_opt(12, 0, 0)
                            .unwrap_or_default()
                            .and_utc(),
                    )),
                    None,
                )
            } else if roll < 5 {
                (
                    lost,
                    Some(stamp(
                        expected
                            .min(today)
                            .and_hms_opt(12, 0, 0)
                            .unwrap_or_default()
                            .and_utc(),
                    )),
                    Some(rng.pick(LOST_REASONS)),
                )
            } else {
                (open[rng.below(open.len() as u64) as usize], None, None)
            };
            let title = format!(
                "{} {}",
                rng.pick(DEAL_WORDS),
                org.map(|o| o.1.as_str()).unwrap_or(family)
            );
            let amount = (500 + rng.below(49_500) as i64) * 100;
            let created = stamp(
                day(created_day)
                    .and_hms_opt(9, 0, 0)
                    .unwrap_or_default()
                    .and_utc(),
            );
            bulk.deal(
                &title,
                id,
                org.map(|o| o.0),
                stage,
                amount,
                [10, 25, 50, 75, 90][rng.below(5) as usize],
                &expected.format("%Y-%m-%d").to_string(),
                closed.as_deref(),
                reason,
                &created,
            )?;
            report.deals += 1;
        }
        if rng.chance(10) {
            let due = today + Duration::days(rng.below(60) as i64 - 20);
            let done = if rng.chance(40) {
                Some(stamp(now))
            } else {
                None
            };
            bulk.task(
                &format!("Bel {given} terug"),
                &due.format("%Y-%m-%d").to_string(),
                id,
                done.as_deref(),
                &stamp(now),
            )?;
            report.tasks += 1;
        }
    }
    bulk.finish()?;
    Ok(report)
}

/// A deterministic address list as a Dutch spreadsheet exports it: semicolon-separated, UTF-8
/// with BOM, national phone numbers, Dutch headers, companies by name. The benchmark imports
/// it through the real import engine. `seed` varies the people between lists.
pub fn address_list_csv(rows: u32, seed: u64) -> Vec<u8> {
    let mut rng = Rng(0x4353_565F_4C49_5354 ^ seed);
    let mut out = String::with_capacity(rows as usize * 160 + 200);
    out.push('\u{feff}');
    out.push_str(
        "Voornaam;Tussenvoegsel;Achternaam;E-mailadres;Telefoon;Straat;Postcode;Plaats;Bedrijf;Functie;Labels\r\n",
    );
    let companies = (rows / 8).max(1) as u64;
    for i in 0..rows {
        let international = rng.chance(15);
        let given = if international {
            rng.pick(GIVEN_INT)
        } else {
            rng.pick(GIVEN_NL)
        };
        let (tv, family) = if international && rng.chance(70) {
            ("", rng.pick(FAMILY_INT))
        } else {
            FAMILY_NL[rng.below(FAMILY_NL.len() as u64) as usize]
        };
        let (company, domain) = if rng.chance(70) {
            let n = rng.below(companies);
            let (_, owner) = FAMILY_NL[(n % FAMILY_NL.len() as u64) as usize];
            (
                format!(
                    "{} {owner} {}",
                    ORG_STEMS[(n % ORG_STEMS.len() as u64) as usize],
                    n
                ),
                format!("{}{n}.nl", ascii_local(owner)),
            )
        } else {
            (String::new(), "ziggo.nl".to_string())
        };
        let (city, pc) = CITIES[rng.below(CITIES.len() as u64) as usize];
        let tags = if rng.chance(40) { rng.pick(TAGS) } else { "" };
        out.push_str(&format!(
            "{given};{tv};{family};{}.{}{}{i}@{domain};06-{}{:07};{} {};{pc}{:02} {}{};{city};{company};{};{tags}\r\n",
            ascii_local(given),
            ascii_local(tv),
            ascii_local(family),
            1 + rng.below(5),
            rng.below(10_000_000),
            rng.pick(STREETS),
            1 + rng.below(180),
            rng.below(100),
            (b'A' + rng.below(26) as u8) as char,
            (b'A' + rng.below(26) as u8) as char,
            if company.is_empty() { "" } else { rng.pick(JOBS) },
        ));
    }
    out.into_bytes()
}
