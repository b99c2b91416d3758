//! Personnel files across the IPC boundary (category hr; absence reasons category special).
use crate::dto::crm::Guarded;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ContractType {
    Permanent,
    FixedTerm,
    Temporary,
    Freelance,
    Intern,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SalaryPeriod {
    Hour,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AbsenceKind {
    Sick,
    Leave,
    Parental,
    Other,
}

macro_rules! text_enum {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$v),)* _ => None }
            }
        }
    };
}
text_enum!(ContractType { Permanent => "permanent", FixedTerm => "fixed_term", Temporary => "temporary", Freelance => "freelance", Intern => "intern" });
text_enum!(SalaryPeriod { Hour => "hour", Month => "month", Year => "year" });
text_enum!(AbsenceKind { Sick => "sick", Leave => "leave", Parental => "parental", Other => "other" });

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmployeeInput {
    pub given_name: String,
    #[serde(default)]
    pub tussenvoegsel: String,
    pub family_name: String,
    pub email: Option<String>,
    pub position: Option<String>,
    pub department: Option<String>,
    pub contract_type: ContractType,
    pub hours_per_week: Option<u32>,
    /// YYYY-MM-DD
    pub start_date: String,
    pub end_date: Option<String>,
    /// Gross salary in cents.
    #[ts(type = "number | null")]
    pub salary_cents: Option<i64>,
    pub salary_currency: Option<String>,
    pub salary_period: SalaryPeriod,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Salary {
    #[ts(type = "number")]
    pub cents: i64,
    pub currency: String,
    pub period: SalaryPeriod,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Employee {
    #[ts(type = "number")]
    pub id: i64,
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub display_name: String,
    pub email: Option<String>,
    pub position: Option<String>,
    pub department: Option<String>,
    pub contract_type: ContractType,
    pub hours_per_week: Option<u32>,
    pub start_date: String,
    pub end_date: Option<String>,
    pub salary: Option<Salary>,
    pub notes: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Named when saving (see `Person::version`).
    #[ts(type = "number")]
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmployeeRow {
    #[ts(type = "number")]
    pub id: i64,
    pub display_name: String,
    pub position: Option<String>,
    pub department: Option<String>,
    pub contract_type: ContractType,
    pub start_date: String,
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmployeeQuery {
    /// Keyset cursor from the previous page.
    pub after: Option<String>,
    pub limit: u32,
    /// Also people whose employment has ended.
    #[serde(default)]
    pub include_former: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmployeePage {
    pub rows: Vec<EmployeeRow>,
    pub next_cursor: Option<String>,
    /// On the first page only; -1 on later pages.
    #[ts(type = "number")]
    pub total: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewInput {
    pub review_date: String,
    pub rating: Option<u8>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Review {
    #[ts(type = "number")]
    pub id: i64,
    pub review_date: String,
    pub reviewer_name: Option<String>,
    pub rating: Option<u8>,
    pub summary: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AbsenceInput {
    pub kind: AbsenceKind,
    pub start_date: String,
    pub end_date: Option<String>,
    /// Health data: refused unless the caller may create special-category data.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Absence {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: AbsenceKind,
    pub start_date: String,
    pub end_date: Option<String>,
    /// Redacted for callers without (special, view); Shown(null) when none was recorded.
    pub reason: Guarded<Option<String>>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmployeeFile {
    pub employee: Employee,
    pub reviews: Vec<Review>,
    pub absences: Vec<Absence>,
}
