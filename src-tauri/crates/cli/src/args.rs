//! The command line, declared with clap.
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kluis",
    version,
    about = "Kluis: the encrypted, privacy-minded CRM, from the command line",
    long_about = "Administration and automation for a Kluis vault, over the same core and the same \
                  rights as the desktop app.\n\nPasswords are read from KLUIS_PASSWORD or asked for \
                  at a prompt; they are never accepted as arguments.\n\nExit codes: 0 success, \
                  1 failure, 2 usage, 3 authentication failed."
)]
pub struct Cli {
    /// The vault folder (default: the platform's app-data folder).
    #[arg(long, global = true, env = "KLUIS_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Who you are: the username to sign in as.
    #[arg(
        long,
        short = 'u',
        global = true,
        env = "KLUIS_USER",
        value_name = "USER"
    )]
    pub user: Option<String>,

    /// Work with the office's Kluis this computer is connected to (see `kluis connect`)
    /// instead of a vault on this computer. Commands of the command table run there with
    /// `kluis --server call`.
    #[arg(long, global = true)]
    pub server: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault with its first administrator and print the recovery key once.
    Init(InitArgs),
    /// Manage users (administrators).
    #[command(subcommand)]
    User(UserCommand),
    /// Change your own password (the new one from KLUIS_NEW_PASSWORD or a prompt).
    Passwd,
    /// Unlock with the recovery key and set a new password for an administrator.
    Recover(RecoverArgs),
    /// Read the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check the cipher, the database, the key file and its slots, the audit chain against every
    /// anchor found (backups in the backup folder, the anchors file, --anchor), the consent
    /// ledger and the category keys.
    Verify(VerifyArgs),
    /// The category keys (personnel files, special categories, backups): who waits for one;
    /// hand them over with the recovery key (administrators).
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Sealed backups: make, list, verify, restore (administrators).
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Vault settings (administrators).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// People in the customer files.
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// The sales pipeline's stages (changing them: administrators).
    #[command(subcommand)]
    Pipeline(PipelineCommand),
    /// Roles and their grants (administrators).
    #[command(subcommand)]
    Roles(RolesCommand),
    /// Personnel files (HR and management).
    #[command(subcommand)]
    Hr(HrCommand),
    /// Purposes of processing and their lawful bases (privacy officers).
    #[command(subcommand)]
    Purposes(PurposesCommand),
    /// The register of processing activities (Art. 30 GDPR).
    #[command(subcommand)]
    Register(RegisterCommand),
    /// Consent and objection to direct marketing, recorded in the append-only ledger.
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// Restriction of processing (Art. 18 GDPR; privacy officers).
    #[command(subcommand)]
    Restriction(RestrictionCommand),
    /// Marketing lists that check their lawful basis.
    #[command(subcommand)]
    Marketing(MarketingCommand),
    /// The privacy dashboard: consent coverage, restricted and objecting people.
    Privacy(JsonArg),
    /// Data subject requests and their deadlines (privacy officers).
    #[command(subcommand)]
    Requests(RequestsCommand),
    /// One data subject's data: the access and portability export (privacy officers).
    #[command(subcommand)]
    Subject(SubjectCommand),
    /// Retention rules and the engine that applies them (privacy officers).
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Today's retention run and automatic backup, if not done yet today (for a scheduler such
    /// as cron or a systemd timer; the app runs them at unlock). Prints what was done as JSON.
    Daily,
    /// The register of personal data breaches (Art. 33, 34; privacy officers).
    #[command(subcommand)]
    Breaches(BreachesCommand),
    /// Connect this computer to the office's Kluis: an administrator gives the address, the
    /// fingerprint and a one-time code from Settings > Devices (or `kluis-server enrol`). The
    /// desktop app on this computer shares the connection.
    Connect(ConnectArgs),
    /// Forget the office's Kluis on this computer (an administrator revokes the device there).
    Disconnect,
    /// Run one command of the command table, as the app does, and print its JSON answer: on
    /// the vault here, or with --server on the office's Kluis. Rights are the core's, as ever.
    Call(CallArgs),
    /// List the command table: every command and the rights it needs.
    Commands,
    /// Open a sealed subject export with its passphrase (from KLUIS_PASSPHRASE or a prompt).
    /// Needs no vault: this is what the subject runs.
    OpenSealed {
        file: PathBuf,
        /// The new folder to write the files into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Measure the performance goals on synthetic data (encrypted and plain) and print JSON.
    /// Needs no vault; works in a temporary folder.
    Bench {
        #[arg(long, default_value_t = 1_000_000)]
        contacts: u32,
        /// Search queries (prefixes typed letter by letter).
        #[arg(long, default_value_t = 1000)]
        searches: usize,
        /// Samples for list pages and 360° views (a tenth of them for the sections).
        #[arg(long, default_value_t = 500)]
        samples: usize,
        /// Keep the benchmark's databases in this folder and reuse them on the next run with
        /// the same --contacts (the read figures are measured again; the import is timed and
        /// rolled back). Without it a temporary folder is used and removed.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
        /// Measure the encrypted vault only (no plain database, no ratios).
        #[arg(long)]
        encrypted_only: bool,
        /// Measure another SQLCipher page MAC than the vault's (sha512), on a copy.
        #[arg(long, value_parser = ["sha512", "sha256"], default_value = "sha512")]
        cipher_hmac: String,
        /// Measure another SQLCipher page size than the vault's, on a copy.
        #[arg(long, value_parser = clap::value_parser!(u32).range(512..=65536), default_value_t = 4096)]
        cipher_page_size: u32,
        /// Measure the office server instead: a server on 127.0.0.1 and --clients desktops over
        /// HTTPS with client certificates, each searching, paging, opening people and writing.
        #[arg(long)]
        server: bool,
        /// Desktops working at once (with --server).
        #[arg(long, default_value_t = 50)]
        clients: usize,
        /// How long they work (with --server).
        #[arg(long, default_value_t = 30)]
        seconds: u64,
        /// A person's pause between requests, in milliseconds (with --server; about the
        /// time between keystrokes). 0: every desktop asks as fast as the server answers.
        #[arg(long, default_value_t = 150)]
        think_ms: u64,
    },
    /// Fill the vault with realistic, deterministic synthetic data (administrators).
    Demo {
        /// How many people to create (organisations, timelines, deals and tasks come along).
        #[arg(long, default_value_t = 500)]
        contacts: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Search people and organisations as in the app (prefixes, diacritics folded, e-mail and
    /// phone fragments).
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Import people from a CSV or vCard file (Excel's semicolon CSV and Windows-1252 are
    /// recognised). A field that breaks a rule does not cost the person: a phone number that
    /// cannot be checked is kept as typed (marked "not checked"), any other such field is left
    /// out, and each is listed. Nothing is committed unless every row is valid, or --valid-only
    /// is given.
    Import {
        file: std::path::PathBuf,
        /// Import the valid rows and report the others.
        #[arg(long)]
        valid_only: bool,
        /// Refuse a whole row for one field that breaks a rule, instead of keeping the person.
        #[arg(long)]
        strict_fields: bool,
        /// Map a column to a field, overriding the suggestion: --map "Naam=full_name".
        /// Fields: given_name, tussenvoegsel, family_name, full_name, salutation, email, phone,
        /// street, postcode, city, country, organisation, job_title, date_of_birth, tags, notes,
        /// source, or "none" to skip the column.
        #[arg(long, value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// Only show the detected format and mapping.
        #[arg(long)]
        preview: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export people (everyone, or those with a tag) as CSV or vCard 4.0.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormatArg,
        #[arg(long)]
        out: std::path::PathBuf,
        /// Only people with this tag.
        #[arg(long)]
        tag: Option<String>,
    },
    /// List people sorted by family name, one page at a time.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// The cursor printed after the previous page.
        #[arg(long)]
        after: Option<String>,
        /// Only people with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The organisation's name.
    #[arg(long)]
    pub org: String,
    /// The first administrator's username.
    #[arg(long)]
    pub admin: String,
    /// The administrator's full name (default: the username).
    #[arg(long)]
    pub display_name: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Make a backup now into a folder (e.g. an external disk).
    Create {
        #[arg(long)]
        out: PathBuf,
    },
    /// The backups in a folder (default: the folder for automatic backups).
    List { dir: Option<PathBuf> },
    /// Choose the folder for automatic backups (daily and at sign-out), or --off.
    Folder {
        dir: Option<PathBuf>,
        #[arg(long, conflicts_with = "dir")]
        off: bool,
    },
    /// Open a backup completely and check it, replacing nothing (a restore drill): as --user, a
    /// current administrator (password from KLUIS_PASSWORD), or with --recovery. A folder means
    /// its newest backup of this vault.
    Verify {
        file: PathBuf,
        /// Use the recovery key (from KLUIS_RECOVERY_KEY or a prompt).
        #[arg(long)]
        recovery: bool,
    },
    /// Restore a backup over the vault, as --user (a current administrator) or with
    /// --recovery. Checked completely first; users, roles and the audit trail stay as they are
    /// now, everyone erased since is erased again, and the database gets a new key.
    Restore {
        file: PathBuf,
        #[arg(long)]
        recovery: bool,
        /// With --recovery when no vault can be read here: the words that confirm erasures made
        /// after the backup may come back ("erased people may come back").
        #[arg(long, value_name = "WORDS", requires = "recovery")]
        confirm: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// An anchor written down earlier (Settings > Health), as ID:HASH; repeatable. The chain
    /// must still hold it.
    #[arg(long, value_name = "ID:HASH")]
    pub anchor: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Who holds or waits for each category key.
    Status(JsonArg),
    /// Hand the category keys to colleagues waiting for them, with the recovery key (from
    /// KLUIS_RECOVERY_KEY or a prompt).
    HandOver,
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. They must change the initial password at their first sign-in.
    Add {
        /// The new user's username.
        name: String,
        /// A role to give (repeatable): administrator, user, guest, management, hr, privacy_officer.
        #[arg(long, required = true)]
        role: Vec<String>,
        /// Full name (default: the username).
        #[arg(long)]
        display_name: Option<String>,
        /// Read the initial password from this environment variable instead of generating one.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
    /// List users.
    List(JsonArg),
    /// Remove a user; the database key is rotated so their old key file no longer opens it.
    Remove { name: String },
    /// Disable a user (they can no longer sign in).
    Disable { name: String },
    /// Re-enable a disabled user.
    Enable { name: String },
    /// Set a user's roles and delete switch (replaces their roles).
    Access {
        name: String,
        /// A role key to give (repeatable); see `kluis roles list`.
        #[arg(long, required = true)]
        role: Vec<String>,
        /// Whether they may delete customer records: yes, no, or roles (the roles decide).
        #[arg(long, value_enum, default_value_t = MayDeleteArg::Roles)]
        may_delete: MayDeleteArg,
    },
    /// Give a user a new initial password, to be changed at their next sign-in.
    ResetPassword {
        name: String,
        /// Read the initial password from this environment variable instead of generating one.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// The administrator who gets the new password.
    #[arg(long)]
    pub admin: String,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// The newest entries first.
    List {
        /// How many entries.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only entries older than this id (for paging).
        #[arg(long)]
        before: Option<i64>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the security settings.
    Show,
    /// Minutes of inactivity after which the app locks (1-240).
    AutoLock { minutes: u32 },
}

#[derive(Debug, Subcommand)]
pub enum PipelineCommand {
    /// List the stages in order, with their ids and deal counts.
    List,
    /// Give a stage the business's own name.
    Rename { id: i64, name: String },
    /// Add an open stage before won and lost.
    Add { name: String },
    /// Move an open stage one place earlier or later.
    Move {
        id: i64,
        #[arg(value_enum)]
        direction: Direction,
    },
    /// Remove an open stage that holds no deals.
    Remove { id: i64 },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Direction {
    Earlier,
    Later,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormatArg {
    Csv,
    Vcf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MayDeleteArg {
    Yes,
    No,
    Roles,
}

#[derive(Debug, Subcommand)]
pub enum RolesCommand {
    /// Every role with its grants and how many users hold it.
    List(JsonArg),
    /// Add a custom role.
    Create {
        name: String,
        /// A grant as category.action, e.g. contact.view or sales.view (repeatable).
        #[arg(long)]
        grant: Vec<String>,
    },
    /// Rename a custom role and replace its grants.
    Update {
        /// The role's key (custom_N), from `kluis roles list`.
        key: String,
        #[arg(long)]
        name: String,
        /// A grant as category.action (repeatable); the role gets exactly these.
        #[arg(long)]
        grant: Vec<String>,
    },
    /// Delete a custom role nobody holds.
    Delete { key: String },
}

#[derive(Debug, Subcommand)]
pub enum HrCommand {
    /// Current staff by name (with --former also those who left).
    List {
        #[arg(long)]
        former: bool,
        #[arg(long)]
        json: bool,
    },
    /// One personnel file (absence reasons only with the special-category grant).
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RuleKindArg {
    InactiveProspects,
    FormerCustomers,
    ClosedDeals,
    FormerEmployees,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RetentionActionArg {
    Anonymise,
    Delete,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Nl,
    En,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RegisterFormatArg {
    Html,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum PurposesCommand {
    /// The purposes on record (with --archived also the retired ones).
    List {
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        json: bool,
    },
    /// The ready-made purposes Kluis offers, in a language.
    Templates {
        #[arg(long, value_enum, default_value_t = LangArg::Nl)]
        lang: LangArg,
    },
    /// Adopt a ready-made purpose (see `kluis purposes templates`).
    Adopt {
        key: String,
        #[arg(long, value_enum, default_value_t = LangArg::Nl)]
        lang: LangArg,
    },
    /// Retire a purpose: it leaves the register but stays on record.
    Archive { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Fields holding data, and the purposes that use them; those no purpose uses are flagged.
    Minimisation {
        #[arg(long)]
        json: bool,
    },
    /// Write the register as a print-ready HTML document or as CSV.
    Export {
        #[arg(long, value_enum, default_value_t = RegisterFormatArg::Html)]
        format: RegisterFormatArg,
        #[arg(long, value_enum, default_value_t = LangArg::Nl)]
        lang: LangArg,
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ChannelArg {
    WebForm,
    Email,
    Phone,
    Paper,
    InPerson,
}

/// How and when the subject said it.
#[derive(Debug, Args)]
pub struct SaidArgs {
    /// How it reached you.
    #[arg(long, value_enum)]
    pub channel: ChannelArg,
    /// When the subject said it (YYYY-MM-DD or RFC 3339); now when left out.
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Where the proof is, e.g. "call notes 2026-11-27" or "signed form, binder 4".
    #[arg(long)]
    pub evidence: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// A person's consent per purpose, objection, restriction and full history.
    Show {
        person: i64,
        #[arg(long)]
        json: bool,
    },
    /// Record consent given for a purpose, with the statement version shown.
    Grant {
        person: i64,
        #[arg(long)]
        purpose: String,
        /// The statement version shown (see `kluis consent statements`).
        #[arg(long)]
        statement: i64,
        /// The language the statement was shown in.
        #[arg(long, value_enum)]
        lang: LangArg,
        #[command(flatten)]
        said: SaidArgs,
    },
    /// Record consent withdrawn for a purpose. Takes effect at once.
    Withdraw {
        person: i64,
        #[arg(long)]
        purpose: String,
        #[command(flatten)]
        said: SaidArgs,
    },
    /// Record an objection to direct marketing (Art. 21(3)); --lift when the subject ends it.
    Object {
        person: i64,
        #[arg(long)]
        lift: bool,
        #[command(flatten)]
        said: SaidArgs,
    },
    /// Mark a ledger event as recorded in error (the event stays, shown as voided).
    Void {
        person: i64,
        event: i64,
        #[arg(long)]
        reason: String,
    },
    /// Published consent statements (of one purpose, or all).
    Statements {
        #[arg(long)]
        purpose: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Publish the next version of a purpose's statement from a UTF-8 text file.
    Publish {
        #[arg(long)]
        purpose: String,
        #[arg(long, value_enum)]
        lang: LangArg,
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum GroundArg {
    /// Art. 18(1)(a): the subject contests the accuracy.
    AccuracyContested,
    /// Art. 18(1)(b): unlawful processing; the subject asks restriction instead of erasure.
    UnlawfulProcessing,
    /// Art. 18(1)(c): needed by the subject for legal claims.
    LegalClaims,
    /// Art. 18(1)(d): an objection is being weighed.
    ObjectionPending,
}

#[derive(Debug, Subcommand)]
pub enum RestrictionCommand {
    /// Restrict processing of a person's data: kept, read-only, left out of everything else.
    Add {
        person: i64,
        #[arg(long, value_enum)]
        ground: GroundArg,
        #[arg(long)]
        note: Option<String>,
    },
    /// Lift the restriction.
    Lift {
        person: i64,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum MarketingCommand {
    /// How many a list for the purpose would hold, and who is left out and why.
    Preview {
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the list for a marketing purpose as CSV: only people with a valid basis.
    Export {
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RequestKindArg {
    Access,
    Rectification,
    Erasure,
    Restriction,
    Portability,
    Objection,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum VerificationArg {
    /// An identity document shown in person.
    InPersonId,
    /// Sent from an e-mail address already on file.
    KnownEmail,
    SignedLetter,
    VideoCall,
    /// Say what with --note.
    Other,
}

#[derive(Debug, Subcommand)]
pub enum RequestsCommand {
    /// The queue: open requests by deadline (overdue and due within a week marked).
    List {
        /// Also the completed and refused ones.
        #[arg(long)]
        closed: bool,
        #[arg(long)]
        json: bool,
    },
    /// File a request received from a data subject (due one month after receipt).
    File {
        person: i64,
        #[arg(long, value_enum)]
        kind: RequestKindArg,
        /// How the requester's identity was checked.
        #[arg(long, value_enum)]
        verification: VerificationArg,
        #[arg(long)]
        note: Option<String>,
        /// When it was received (YYYY-MM-DD); today when left out.
        #[arg(long)]
        received: Option<String>,
    },
    /// Take a request on: you become its handler.
    Start { id: i64 },
    /// Extend the deadline by at most two further months, with the reason told to the subject.
    Extend {
        id: i64,
        /// The new deadline (YYYY-MM-DD).
        #[arg(long)]
        until: String,
        #[arg(long)]
        reason: String,
    },
    /// Close a request with its outcome: --refused when it was refused, else completed.
    Close {
        id: i64,
        #[arg(long)]
        refused: bool,
        #[arg(long)]
        outcome: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SubjectCommand {
    /// Write everything held about a person: data.json with its schema, contact.vcf, CSV per
    /// part and report.html. Into the new folder --out, or with --passphrase-env into the
    /// sealed file --out.
    Export {
        person: i64,
        #[arg(long)]
        out: PathBuf,
        /// The environment variable holding the passphrase for a sealed file (give the
        /// passphrase to the subject separately).
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
        /// The access or portability request this answers (its files are recorded on it).
        #[arg(long)]
        request: Option<i64>,
    },
    /// Erase a person (Art. 17): their data is deleted; deals stay for the fiscal retention
    /// without person or text. With --request, that erasure request is closed with the outcome.
    Erase {
        person: i64,
        #[arg(long, value_enum)]
        mode: EraseModeArg,
        #[arg(long)]
        request: Option<i64>,
        /// The language of the outcome written on the request.
        #[arg(long, value_enum, default_value_t = LangArg::Nl)]
        lang: LangArg,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum EraseModeArg {
    /// Delete the person's data; keep what the law requires, detached and without free text.
    Delete,
    /// The same, but first count the person in an anonymous statistic (year of birth,
    /// postcode area, country).
    Anonymise,
}

#[derive(Debug, Subcommand)]
pub enum BreachesCommand {
    /// Every breach, newest first, with the 72-hour deadline and whether the authority was told.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Record a breach (discovered now unless --discovered says when).
    Add {
        #[arg(long)]
        title: String,
        #[arg(long)]
        nature: String,
        /// Data categories affected: contact, sales, hr, special (repeat the option).
        #[arg(long = "category", required = true)]
        categories: Vec<String>,
        #[arg(long)]
        subjects: i64,
        #[arg(long)]
        records: i64,
        #[arg(long)]
        consequences: String,
        #[arg(long)]
        measures: String,
        /// When it was discovered (YYYY-MM-DD or RFC 3339).
        #[arg(long)]
        discovered: Option<String>,
    },
    /// Replace a breach's record with the JSON in FILE (the shape `list --json` prints), e.g.
    /// to record when the authority and the people affected were told, or why not. A file made
    /// before someone else changed the breach (its "version") is refused.
    Update {
        id: i64,
        #[arg(long)]
        file: PathBuf,
    },
    /// Write the register as CSV.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// The ready-made rules, in a language.
    Templates {
        #[arg(long, value_enum, default_value_t = LangArg::Nl)]
        lang: LangArg,
    },
    /// Adopt a ready-made rule (see `kluis retention templates`).
    Adopt {
        key: String,
        #[arg(long, value_enum, default_value_t = LangArg::Nl)]
        lang: LangArg,
    },
    /// A rule of one's own (or a template adjusted): what, after how many months, which action.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        kind: RuleKindArg,
        #[arg(long)]
        months: i64,
        #[arg(long, value_enum)]
        action: RetentionActionArg,
        /// The purpose (id, see `kluis purposes list`) whose retention period this rule carries out.
        #[arg(long)]
        purpose: Option<i64>,
    },
    /// Adjust a rule's name, period or action (see `kluis retention rules` for the ids).
    Update {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        months: Option<i64>,
        #[arg(long, value_enum)]
        action: Option<RetentionActionArg>,
        #[arg(long)]
        purpose: Option<i64>,
    },
    /// Pause a rule, or resume it with --resume.
    Pause {
        id: i64,
        #[arg(long)]
        resume: bool,
    },
    /// The rules on record.
    Rules,
    /// What the rules will do in the next 30 days (and what is due now).
    Preview,
    /// Apply what is due now; --dry-run only counts.
    Run {
        #[arg(long)]
        dry_run: bool,
    },
    /// Earlier runs with their counts.
    History,
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// The server's address, as shown with the code ("host" or "host:port").
    #[arg(long)]
    pub address: String,
    /// The server's fingerprint, as shown with the code: compared before anything is sent.
    #[arg(long)]
    pub fingerprint: String,
    /// The one-time code (valid 15 minutes, once).
    #[arg(long)]
    pub code: String,
    /// What Settings > Devices calls this computer.
    #[arg(long, default_value = "kluis CLI")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct CallArgs {
    /// The command's name (see `kluis commands`), e.g. search_contacts.
    pub command: String,
    /// Its arguments as a JSON object ("-": read them from standard input). Default: none.
    pub args: Option<String>,
    /// Where a file the command makes (an export) is saved. Without it, the command is
    /// answered as if its save dialog was closed.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The file a command takes (an import), or the one its open dialog would pick.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The folder its folder dialog would pick (a vault here only: the office server keeps
    /// its backups in its own folder).
    #[arg(long, value_name = "DIR")]
    pub folder: Option<PathBuf>,
}
