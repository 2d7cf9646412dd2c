//! Typed client of the Journal REST API (`/api/v1`). The SPA, the end-to-end tests and third-party
//! programs use it; it builds natively and for `wasm32-unknown-unknown` (through the browser's fetch).
//!
//! ```no_run
//! # async fn demo() -> Result<(), journal_client::ClientError> {
//! let mut client = journal_client::Client::new("http://127.0.0.1:8080");
//! let tokens = client.login("admin", "journal-demo").await?;
//! client.set_access_token(Some(tokens.access_token));
//! let me = client.me().await?;
//! println!("{} — {}", me.login, me.school_name);
//! # Ok(()) }
//! ```

use chrono::NaiveDate;
use journal_api_types::audit::{AuditEntry, AuditFilter};
use journal_api_types::auth::{
    ChangePasswordRequest, LoginRequest, Me, RefreshRequest, SwitchSchoolRequest, TokenPair,
};
use journal_api_types::diary::{
    Acknowledge, AcknowledgementSheet, AcknowledgementSheetQuery, AcknowledgementView,
    ConsentInput, ConsentView, Diary, DiaryAccount, DiaryAccountInput, DiaryQuery, ExtractQuery,
    Results, ResultsQuery,
};
use journal_api_types::groups::{
    AddMemberRequest, CurriculumCheckLine, CurriculumInput, CurriculumLine, CurriculumQuery, Group,
    GroupFilter, GroupInput, GroupMember, GroupPatch, LeaveGroupRequest, MembersQuery,
};
use journal_api_types::import::{
    ExportFormat, ExportQuery, ImportKind, ImportQuery, ImportRejected, ImportReport,
};
use journal_api_types::journal::{
    ClosePage, FileName, HistoryFilter, HistoryItem, HomeworkFile, JournalPage, JournalSettings,
    JournalSettingsInput, ReopenPage, SaveCells, SubjectScale, SummarySheet, WorkTypeInput,
};
use journal_api_types::messages::{
    AttachmentView, MessageView, NewAnnouncement, NewMessage, NewThread, NotificationPreferences,
    Recipient, RecipientQuery, ThreadQuery, ThreadSummary, ThreadView, UnreadCounts,
};
use journal_api_types::people::{
    AdmitStudentRequest, GuardianFilter, GuardianRequest, GuardianView, LinkGuardianRequest,
    LinkedGuardian, StudentDetail, StudentFilter, StudentSummary, TransferRequest,
    UpdateStudentRequest, WithdrawRequest,
};
use journal_api_types::planning::{
    ControlWork, ControlWorkFilter, ControlWorkInput, Plan, PlanInput,
};
use journal_api_types::structure::{
    Assignment, AssignmentFilter, AssignmentInput, BellSchedule, BellScheduleInput, CalendarInput,
    Class, ClassFilter, ClassInput, CreateYearRequest, Room, RoomInput, SchoolYear, Subject,
    SubjectInput, YearDetail,
};
use journal_api_types::system::Health;
use journal_api_types::timetable::{
    ChangeInput, EndEntryRequest, Entry, EntryInput, Lesson, LessonFilter, LessonRecordInput,
    ReportSpan, SubstitutionLine, TimetableFilter,
};
use journal_api_types::users::{CreateUserRequest, InitialPassword, UserFilter, UserSummary};
use journal_api_types::{ErrorCode, Page, Problem};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

/// What can go wrong calling the API.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with a problem (`application/problem+json`).
    #[error("{} ({}): {}", .0.code, .0.status, .0.detail.as_deref().unwrap_or(&.0.title))]
    Api(Problem),
    /// The server could not be reached or the answer could not be read.
    #[error("network error: {0}")]
    Network(String),
}

impl ClientError {
    /// The stable problem code, when the server answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api(p) => Some(p.code),
            ClientError::Network(_) => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api(p) => Some(p.status),
            ClientError::Network(_) => None,
        }
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        ClientError::Network(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// A journal page with the `ETag` to send back in `If-Match` when saving (R-J7).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionedPage {
    pub page: JournalPage,
    /// The `ETag` header as the server sent it, e.g. `"7"` (quotes included).
    pub etag: String,
}

/// How a save of journal cells ended, apart from the failures every call can have.
#[derive(Debug, Clone, PartialEq)]
pub enum JournalSave {
    /// Written: the fresh page and its new `ETag`.
    Saved(Box<VersionedPage>),
    /// `412 stale_page`: somebody saved the page since it was read; nothing was written. Reload it
    /// and apply the changes again.
    Stale(Problem),
}

/// The `ETag` of a page answer: the header, or the page's version when a proxy dropped it.
fn etag_of(header: Option<&str>, page: &JournalPage) -> String {
    match header.map(str::trim).filter(|h| !h.is_empty()) {
        Some(h) => h.to_owned(),
        None => format!("\"{}\"", page.version),
    }
}

/// `/journal/{assignment_id}/{period_id}`.
fn journal_path(assignment_id: Uuid, period_id: Uuid) -> String {
    format!("/journal/{assignment_id}/{period_id}")
}

/// A connection to one Journal server, optionally carrying an access token.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    access_token: Option<String>,
}

impl Client {
    /// `base_url` is the server's root, e.g. `http://127.0.0.1:8080` (no `/api/v1`).
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base_url.into().trim_end_matches('/').to_owned(),
            access_token: None,
        }
    }

    /// Use this access token for the following calls (`None` to call anonymously).
    pub fn set_access_token(&mut self, token: Option<String>) {
        self.access_token = token;
    }

    /// The access token in use.
    pub fn access_token(&self) -> Option<&str> {
        self.access_token.as_deref()
    }

    /// The server root this client talks to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let rb = self
            .http
            .request(method, format!("{}/api/v1{}", self.base, path));
        match &self.access_token {
            Some(token) => rb.bearer_auth(token),
            None => rb,
        }
    }

    async fn send<T: DeserializeOwned>(rb: RequestBuilder) -> Result<T> {
        let response = rb.send().await?;
        if response.status().is_success() {
            Ok(response.json::<T>().await?)
        } else {
            Err(Self::problem(response).await)
        }
    }

    async fn send_empty(rb: RequestBuilder) -> Result<()> {
        let response = rb.send().await?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(Self::problem(response).await)
        }
    }

    /// A successful answer's raw bytes (files, exports, extracts).
    async fn send_bytes(rb: RequestBuilder) -> Result<Vec<u8>> {
        let response = rb.send().await?;
        if response.status().is_success() {
            Ok(response.bytes().await?.to_vec())
        } else {
            Err(Self::problem(response).await)
        }
    }

    async fn problem(response: reqwest::Response) -> ClientError {
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        problem_of(status, text)
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T> {
        Self::send(self.request(Method::POST, path).json(body)).await
    }

    /// `GET /api/v1/health` (no token needed).
    pub async fn health(&self) -> Result<Health> {
        Self::send(self.request(Method::GET, "/health")).await
    }

    /// `POST /api/v1/auth/login`.
    pub async fn login(&self, login: &str, password: &str) -> Result<TokenPair> {
        let body = LoginRequest {
            login: login.into(),
            password: password.into(),
        };
        self.post("/auth/login", &body).await
    }

    /// `POST /api/v1/auth/refresh`: trade a refresh token for a new pair (the old one stops working).
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        self.post("/auth/refresh", &body).await
    }

    /// `POST /api/v1/auth/logout`: end the session of this refresh token.
    pub async fn logout(&self, refresh_token: &str) -> Result<()> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        Self::send_empty(self.request(Method::POST, "/auth/logout").json(&body)).await
    }

    /// `POST /api/v1/auth/logout-all`: end every session of the caller, on every device.
    pub async fn logout_all(&self) -> Result<()> {
        Self::send_empty(self.request(Method::POST, "/auth/logout-all")).await
    }

    /// `POST /api/v1/auth/password`: change one's password; answers with fresh tokens.
    pub async fn change_password(&self, current: &str, new: &str) -> Result<TokenPair> {
        let body = ChangePasswordRequest {
            current_password: current.into(),
            new_password: new.into(),
        };
        self.post("/auth/password", &body).await
    }

    /// `POST /api/v1/auth/switch-school`: tokens for another school of the caller.
    pub async fn switch_school(&self, school_id: Uuid) -> Result<TokenPair> {
        self.post("/auth/switch-school", &SwitchSchoolRequest { school_id })
            .await
    }

    /// `GET /api/v1/me`.
    pub async fn me(&self) -> Result<Me> {
        Self::send(self.request(Method::GET, "/me")).await
    }

    /// `GET /api/v1/users`: accounts of the caller's school.
    pub async fn list_users(&self, filter: &UserFilter) -> Result<Page<UserSummary>> {
        Self::send(self.request(Method::GET, "/users").query(filter)).await
    }

    /// `POST /api/v1/users`: create an account; the answer holds its one-time password.
    pub async fn create_user(&self, request: &CreateUserRequest) -> Result<InitialPassword> {
        self.post("/users", request).await
    }

    /// `POST /api/v1/users/{id}/initial-password`: issue a new one-time password.
    pub async fn issue_initial_password(&self, user_id: Uuid) -> Result<InitialPassword> {
        Self::send(self.request(Method::POST, &format!("/users/{user_id}/initial-password"))).await
    }

    /// `POST /api/v1/users/{id}/logout-all`: end every session of another account.
    pub async fn logout_user_everywhere(&self, user_id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::POST, &format!("/users/{user_id}/logout-all"))).await
    }

    /// `GET /api/v1/audit`: the school's audit log, newest first.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<Page<AuditEntry>> {
        Self::send(self.request(Method::GET, "/audit").query(filter)).await
    }

    /// `GET /api/v1/years`: the school's years, newest first.
    pub async fn list_years(&self) -> Result<Vec<SchoolYear>> {
        Self::send(self.request(Method::GET, "/years")).await
    }

    /// `POST /api/v1/years`: open a school year with its periods and holidays; a calendar that does
    /// not hold together is refused with `422 calendar_invalid`, one entry per problem in `errors`.
    pub async fn create_year(&self, request: &CreateYearRequest) -> Result<YearDetail> {
        self.post("/years", request).await
    }

    /// `GET /api/v1/years/{id}`: a year with its calendar.
    pub async fn year(&self, year_id: Uuid) -> Result<YearDetail> {
        Self::send(self.request(Method::GET, &format!("/years/{year_id}"))).await
    }

    /// `PUT /api/v1/years/{id}/calendar`: replace the periods and holidays of an open year.
    pub async fn replace_calendar(
        &self,
        year_id: Uuid,
        calendar: &CalendarInput,
    ) -> Result<YearDetail> {
        Self::send(
            self.request(Method::PUT, &format!("/years/{year_id}/calendar"))
                .json(calendar),
        )
        .await
    }

    /// `GET /api/v1/bell-schedules`.
    pub async fn list_bell_schedules(&self) -> Result<Vec<BellSchedule>> {
        Self::send(self.request(Method::GET, "/bell-schedules")).await
    }

    /// `POST /api/v1/bell-schedules`: lesson number → start and end.
    pub async fn create_bell_schedule(&self, request: &BellScheduleInput) -> Result<BellSchedule> {
        self.post("/bell-schedules", request).await
    }

    /// `GET /api/v1/rooms`.
    pub async fn list_rooms(&self) -> Result<Vec<Room>> {
        Self::send(self.request(Method::GET, "/rooms")).await
    }

    /// `POST /api/v1/rooms`.
    pub async fn create_room(&self, request: &RoomInput) -> Result<Room> {
        self.post("/rooms", request).await
    }

    /// `GET /api/v1/subjects`: in Russian alphabetical order.
    pub async fn list_subjects(&self) -> Result<Vec<Subject>> {
        Self::send(self.request(Method::GET, "/subjects")).await
    }

    /// `POST /api/v1/subjects`.
    pub async fn create_subject(&self, request: &SubjectInput) -> Result<Subject> {
        self.post("/subjects", request).await
    }

    /// `GET /api/v1/classes`: classes of the school, or of one year.
    pub async fn list_classes(&self, filter: &ClassFilter) -> Result<Vec<Class>> {
        Self::send(self.request(Method::GET, "/classes").query(filter)).await
    }

    /// `POST /api/v1/classes`: open a class in a year.
    pub async fn create_class(&self, request: &ClassInput) -> Result<Class> {
        self.post("/classes", request).await
    }

    /// `GET /api/v1/assignments`: teaching assignments, of a class or of a teacher.
    pub async fn list_assignments(&self, filter: &AssignmentFilter) -> Result<Vec<Assignment>> {
        Self::send(self.request(Method::GET, "/assignments").query(filter)).await
    }

    /// `POST /api/v1/assignments`: a teacher teaches a subject in a class.
    pub async fn create_assignment(&self, request: &AssignmentInput) -> Result<Assignment> {
        self.post("/assignments", request).await
    }

    /// `POST /api/v1/timetable`: a weekly lesson; a double booking is refused with `409` and a
    /// `detail` naming the clash.
    pub async fn create_entry(&self, request: &EntryInput) -> Result<Entry> {
        self.post("/timetable", request).await
    }

    /// `GET /api/v1/timetable`: the weekly entries of a class or a teacher valid on a date.
    pub async fn list_entries(&self, filter: &TimetableFilter) -> Result<Vec<Entry>> {
        Self::send(self.request(Method::GET, "/timetable").query(filter)).await
    }

    /// `POST /api/v1/timetable/{id}/end`: the entry's last day.
    pub async fn end_entry(&self, entry_id: Uuid, last_day: NaiveDate) -> Result<Entry> {
        self.post(
            &format!("/timetable/{entry_id}/end"),
            &EndEntryRequest { last_day },
        )
        .await
    }

    /// `GET /api/v1/lessons`: dated lessons of a class, or of a teacher including those they cover.
    pub async fn list_lessons(&self, filter: &LessonFilter) -> Result<Vec<Lesson>> {
        Self::send(self.request(Method::GET, "/lessons").query(filter)).await
    }

    /// `GET /api/v1/lessons/{entry_id}/{date}`: one dated lesson.
    pub async fn lesson(&self, entry_id: Uuid, date: NaiveDate) -> Result<Lesson> {
        Self::send(self.request(Method::GET, &lesson_path(entry_id, date))).await
    }

    /// `PUT /api/v1/lessons/{entry_id}/{date}`: what was done in the lesson.
    pub async fn write_lesson(
        &self,
        entry_id: Uuid,
        date: NaiveDate,
        record: &LessonRecordInput,
    ) -> Result<Lesson> {
        Self::send(
            self.request(Method::PUT, &lesson_path(entry_id, date))
                .json(record),
        )
        .await
    }

    /// `POST /api/v1/lessons/{entry_id}/{date}/change`: register a substitution, cancellation or
    /// move of one dated lesson.
    pub async fn change_lesson(
        &self,
        entry_id: Uuid,
        date: NaiveDate,
        change: &ChangeInput,
    ) -> Result<Lesson> {
        self.post(&format!("{}/change", lesson_path(entry_id, date)), change)
            .await
    }

    /// `DELETE /api/v1/lessons/{entry_id}/{date}/change`: withdraw a registered change (the lesson
    /// takes place as timetabled again).
    pub async fn withdraw_lesson_change(&self, entry_id: Uuid, date: NaiveDate) -> Result<()> {
        Self::send_empty(self.request(
            Method::DELETE,
            &format!("{}/change", lesson_path(entry_id, date)),
        ))
        .await
    }

    /// `GET /api/v1/reports/substitutions`: substituted, cancelled and moved lessons per teacher.
    pub async fn substitution_report(&self, span: &ReportSpan) -> Result<Vec<SubstitutionLine>> {
        Self::send(
            self.request(Method::GET, "/reports/substitutions")
                .query(span),
        )
        .await
    }

    // People (R-B5), import and export (R-B6), control works (R-T3), lesson plans (R-T4).

    /// `GET /api/v1/students`: a page of the school's students in Russian order.
    pub async fn list_students(&self, filter: &StudentFilter) -> Result<Page<StudentSummary>> {
        Self::send(self.request(Method::GET, "/students").query(filter)).await
    }

    /// `GET /api/v1/students/{id}`: the student with contacts, guardians and movement history.
    pub async fn student(&self, student_id: Uuid) -> Result<StudentDetail> {
        Self::send(self.request(Method::GET, &format!("/students/{student_id}"))).await
    }

    /// `POST /api/v1/students`: admit a student into a class.
    pub async fn admit_student(&self, request: &AdmitStudentRequest) -> Result<StudentDetail> {
        self.post("/students", request).await
    }

    /// `PUT /api/v1/students/{id}`: correct a student's personal data.
    pub async fn update_student(
        &self,
        student_id: Uuid,
        request: &UpdateStudentRequest,
    ) -> Result<StudentDetail> {
        Self::send(
            self.request(Method::PUT, &format!("/students/{student_id}"))
                .json(request),
        )
        .await
    }

    /// `POST /api/v1/students/{id}/transfer`: into another class from a date.
    pub async fn transfer_student(
        &self,
        student_id: Uuid,
        request: &TransferRequest,
    ) -> Result<StudentDetail> {
        self.post(&format!("/students/{student_id}/transfer"), request)
            .await
    }

    /// `POST /api/v1/students/{id}/withdraw`: the student leaves the school.
    pub async fn withdraw_student(
        &self,
        student_id: Uuid,
        request: &WithdrawRequest,
    ) -> Result<StudentDetail> {
        self.post(&format!("/students/{student_id}/withdraw"), request)
            .await
    }

    /// `GET /api/v1/guardians`: a page of the school's guardians.
    pub async fn list_guardians(&self, filter: &GuardianFilter) -> Result<Page<GuardianView>> {
        Self::send(self.request(Method::GET, "/guardians").query(filter)).await
    }

    /// `POST /api/v1/guardians`: a new guardian (link them with [`Client::link_guardian`]).
    pub async fn create_guardian(&self, request: &GuardianRequest) -> Result<GuardianView> {
        self.post("/guardians", request).await
    }

    /// `PUT /api/v1/guardians/{id}`: correct a guardian's data.
    pub async fn update_guardian(
        &self,
        guardian_id: Uuid,
        request: &GuardianRequest,
    ) -> Result<GuardianView> {
        Self::send(
            self.request(Method::PUT, &format!("/guardians/{guardian_id}"))
                .json(request),
        )
        .await
    }

    /// `POST /api/v1/students/{id}/guardians`: link a guardian to a student.
    pub async fn link_guardian(
        &self,
        student_id: Uuid,
        request: &LinkGuardianRequest,
    ) -> Result<LinkedGuardian> {
        self.post(&format!("/students/{student_id}/guardians"), request)
            .await
    }

    /// `DELETE /api/v1/students/{id}/guardians/{guardian_id}`: unlink a guardian.
    pub async fn unlink_guardian(&self, student_id: Uuid, guardian_id: Uuid) -> Result<()> {
        Self::send_empty(self.request(
            Method::DELETE,
            &format!("/students/{student_id}/guardians/{guardian_id}"),
        ))
        .await
    }

    /// `GET /api/v1/students/{id}/diary`: the diary of a span (a week by default) (R-D1).
    pub async fn diary(&self, student_id: Uuid, query: &DiaryQuery) -> Result<Diary> {
        Self::send(
            self.request(Method::GET, &format!("/students/{student_id}/diary"))
                .query(query),
        )
        .await
    }

    /// `GET /api/v1/students/{id}/results`: marks, averages, forecasts and finals of a period.
    pub async fn results(&self, student_id: Uuid, query: &ResultsQuery) -> Result<Results> {
        Self::send(
            self.request(Method::GET, &format!("/students/{student_id}/results"))
                .query(query),
        )
        .await
    }

    /// `GET /api/v1/students/{id}/extract`: the printed extract of a span (PDF or HTML bytes).
    pub async fn extract(&self, student_id: Uuid, query: &ExtractQuery) -> Result<Vec<u8>> {
        Self::send_bytes(
            self.request(Method::GET, &format!("/students/{student_id}/extract"))
                .query(query),
        )
        .await
    }

    /// `POST /api/v1/students/{id}/acknowledgements`: the guardian has seen the week or period.
    pub async fn acknowledge(
        &self,
        student_id: Uuid,
        what: &Acknowledge,
    ) -> Result<AcknowledgementView> {
        self.post(&format!("/students/{student_id}/acknowledgements"), what)
            .await
    }

    /// `GET /api/v1/classes/{id}/acknowledgements`: the class teacher's sheet of a week.
    pub async fn acknowledgement_sheet(
        &self,
        class_id: Uuid,
        query: &AcknowledgementSheetQuery,
    ) -> Result<AcknowledgementSheet> {
        Self::send(
            self.request(
                Method::GET,
                &format!("/classes/{class_id}/acknowledgements"),
            )
            .query(query),
        )
        .await
    }

    /// `GET /api/v1/guardians/{id}/consents`: registered consents and refusals.
    pub async fn consents(&self, guardian_id: Uuid) -> Result<Vec<ConsentView>> {
        Self::send(self.request(Method::GET, &format!("/guardians/{guardian_id}/consents"))).await
    }

    /// `POST /api/v1/guardians/{id}/consents`: register a consent or a refusal (R-D5).
    pub async fn record_consent(
        &self,
        guardian_id: Uuid,
        input: &ConsentInput,
    ) -> Result<ConsentView> {
        self.post(&format!("/guardians/{guardian_id}/consents"), input)
            .await
    }

    /// `POST /api/v1/guardians/{id}/account`: a diary account with a one-time password.
    pub async fn guardian_account(
        &self,
        guardian_id: Uuid,
        input: &DiaryAccountInput,
    ) -> Result<DiaryAccount> {
        self.post(&format!("/guardians/{guardian_id}/account"), input)
            .await
    }

    /// `POST /api/v1/students/{id}/account`: a student's own account, from 14 (R-A3).
    pub async fn student_account(
        &self,
        student_id: Uuid,
        input: &DiaryAccountInput,
    ) -> Result<DiaryAccount> {
        self.post(&format!("/students/{student_id}/account"), input)
            .await
    }

    /// `POST /api/v1/import/{kind}`: check (`dry_run`) or import a CSV or XLSX file. A real import
    /// refused because of bad rows (`422 import_rejected`) also answers with its report: nothing
    /// was imported (`imported` is 0) and every problem is listed, as after a dry run.
    pub async fn import_list(
        &self,
        kind: ImportKind,
        dry_run: bool,
        file: Vec<u8>,
    ) -> Result<ImportReport> {
        let rb = self
            .request(Method::POST, &format!("/import/{}", kind.as_str()))
            .query(&ImportQuery {
                dry_run: Some(dry_run),
            })
            .header("Content-Type", file_type(&file))
            .body(file);
        let response = rb.send().await?;
        let status = response.status();
        if status.is_success() {
            return Ok(response.json::<ImportReport>().await?);
        }
        let text = response.text().await.unwrap_or_default();
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            if let Ok(rejected) = serde_json::from_str::<ImportRejected>(&text) {
                return Ok(rejected.report);
            }
        }
        Err(problem_of(status, text))
    }

    /// `GET /api/v1/export/{kind}`: the list as a file, in the columns its import reads.
    pub async fn export_list(&self, kind: ImportKind, format: ExportFormat) -> Result<Vec<u8>> {
        Self::send_bytes(
            self.request(Method::GET, &format!("/export/{}", kind.as_str()))
                .query(&ExportQuery {
                    format: Some(format),
                }),
        )
        .await
    }

    /// `GET /api/v1/control-works`: the control works of a class between two dates.
    pub async fn list_control_works(&self, filter: &ControlWorkFilter) -> Result<Vec<ControlWork>> {
        Self::send(self.request(Method::GET, "/control-works").query(filter)).await
    }

    /// `POST /api/v1/control-works`: plan a control work (deputy, director).
    pub async fn create_control_work(&self, request: &ControlWorkInput) -> Result<ControlWork> {
        self.post("/control-works", request).await
    }

    /// `DELETE /api/v1/control-works/{id}`: withdraw a planned control work (deputy, director).
    pub async fn delete_control_work(&self, id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::DELETE, &format!("/control-works/{id}"))).await
    }

    /// `GET /api/v1/assignments/{id}/plan`: the lesson plan with plan versus fact.
    pub async fn plan(&self, assignment_id: Uuid) -> Result<Plan> {
        Self::send(self.request(Method::GET, &format!("/assignments/{assignment_id}/plan"))).await
    }

    /// `PUT /api/v1/assignments/{id}/plan`: replace the whole lesson plan.
    pub async fn replace_plan(&self, assignment_id: Uuid, request: &PlanInput) -> Result<Plan> {
        Self::send(
            self.request(Method::PUT, &format!("/assignments/{assignment_id}/plan"))
                .json(request),
        )
        .await
    }

    /// `POST /api/v1/assignments/{id}/plan/import`: the plan from CSV text (`№;Тема;Часы`); bad
    /// lines come back as `422 plan_invalid` with one error per line (`field` = `line N`).
    pub async fn import_plan(&self, assignment_id: Uuid, csv: String) -> Result<Plan> {
        Self::send(
            self.request(
                Method::POST,
                &format!("/assignments/{assignment_id}/plan/import"),
            )
            .header("Content-Type", "text/csv; charset=utf-8")
            .body(csv),
        )
        .await
    }

    /// `GET /api/v1/groups`: groups of the school, of a year or drawing from a class.
    pub async fn list_groups(&self, filter: &GroupFilter) -> Result<Vec<Group>> {
        Self::send(self.request(Method::GET, "/groups").query(filter)).await
    }

    /// `POST /api/v1/groups`: a subgroup, a stream or an individual plan.
    pub async fn create_group(&self, request: &GroupInput) -> Result<Group> {
        self.post("/groups", request).await
    }

    /// `GET /api/v1/groups/{id}`.
    pub async fn group(&self, group_id: Uuid) -> Result<Group> {
        Self::send(self.request(Method::GET, &format!("/groups/{group_id}"))).await
    }

    /// `PATCH /api/v1/groups/{id}`: rename, or change the division.
    pub async fn update_group(&self, group_id: Uuid, patch: &GroupPatch) -> Result<Group> {
        Self::send(
            self.request(Method::PATCH, &format!("/groups/{group_id}"))
                .json(patch),
        )
        .await
    }

    /// `DELETE /api/v1/groups/{id}`: refused with `409 group_has_assignments` while it has any.
    pub async fn delete_group(&self, group_id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::DELETE, &format!("/groups/{group_id}"))).await
    }

    /// `GET /api/v1/groups/{id}/members`: the members on a date (default today), or all.
    pub async fn group_members(
        &self,
        group_id: Uuid,
        query: &MembersQuery,
    ) -> Result<Vec<GroupMember>> {
        Self::send(
            self.request(Method::GET, &format!("/groups/{group_id}/members"))
                .query(query),
        )
        .await
    }

    /// `POST /api/v1/groups/{id}/members`: a student joins from a date.
    pub async fn add_group_member(
        &self,
        group_id: Uuid,
        request: &AddMemberRequest,
    ) -> Result<GroupMember> {
        self.post(&format!("/groups/{group_id}/members"), request)
            .await
    }

    /// `POST /api/v1/groups/{id}/members/{student_id}/leave`: the student's last day in the group.
    pub async fn leave_group(
        &self,
        group_id: Uuid,
        student_id: Uuid,
        last_day: NaiveDate,
    ) -> Result<GroupMember> {
        self.post(
            &format!("/groups/{group_id}/members/{student_id}/leave"),
            &LeaveGroupRequest { last_day },
        )
        .await
    }

    /// `GET /api/v1/curriculum`: the curriculum of a year.
    pub async fn curriculum(&self, year_id: Uuid) -> Result<Vec<CurriculumLine>> {
        Self::send(
            self.request(Method::GET, "/curriculum")
                .query(&CurriculumQuery { year_id }),
        )
        .await
    }

    /// `PUT /api/v1/curriculum`: replace one grade and profile of a year's curriculum.
    pub async fn replace_curriculum(
        &self,
        request: &CurriculumInput,
    ) -> Result<Vec<CurriculumLine>> {
        Self::send(self.request(Method::PUT, "/curriculum").json(request)).await
    }

    /// `GET /api/v1/curriculum/check`: curriculum hours against assigned hours per class and
    /// subject.
    pub async fn curriculum_check(&self, year_id: Uuid) -> Result<Vec<CurriculumCheckLine>> {
        Self::send(
            self.request(Method::GET, "/curriculum/check")
                .query(&CurriculumQuery { year_id }),
        )
        .await
    }

    // The class journal (R-J, R-F).

    async fn versioned(rb: RequestBuilder) -> Result<VersionedPage> {
        let response = rb.send().await?;
        if !response.status().is_success() {
            return Err(Self::problem(response).await);
        }
        let header = response
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let page = response.json::<JournalPage>().await?;
        let etag = etag_of(header.as_deref(), &page);
        Ok(VersionedPage { page, etag })
    }

    /// `GET /api/v1/journal/{assignment_id}/{period_id}`: the page of a teaching assignment in a
    /// period with its `ETag`.
    pub async fn journal_page(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
    ) -> Result<VersionedPage> {
        Self::versioned(self.request(Method::GET, &journal_path(assignment_id, period_id))).await
    }

    /// `POST /api/v1/journal/{assignment_id}/{period_id}` with `If-Match: etag`: save a batch of
    /// cell changes atomically. A stale `etag` gives [`JournalSave::Stale`] (nothing written);
    /// refused changes come back as `422 invalid_changes` with `errors[].field` = `changes[i]`, a
    /// closed period as `423 period_locked`.
    pub async fn save_journal(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
        etag: &str,
        cells: &SaveCells,
    ) -> Result<JournalSave> {
        let rb = self
            .request(Method::POST, &journal_path(assignment_id, period_id))
            .header(reqwest::header::IF_MATCH, etag)
            .json(cells);
        match Self::versioned(rb).await {
            Ok(page) => Ok(JournalSave::Saved(Box::new(page))),
            Err(ClientError::Api(p)) if p.status == 412 => Ok(JournalSave::Stale(p)),
            Err(e) => Err(e),
        }
    }

    /// `POST /api/v1/journal/{assignment_id}/{period_id}/close`: close the period for the page
    /// (R-F2).
    pub async fn close_journal(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
        request: &ClosePage,
    ) -> Result<VersionedPage> {
        Self::versioned(
            self.request(
                Method::POST,
                &format!("{}/close", journal_path(assignment_id, period_id)),
            )
            .json(request),
        )
        .await
    }

    /// `POST /api/v1/journal/{assignment_id}/{period_id}/reopen`: deputy or director, with a
    /// reason (R-F2).
    pub async fn reopen_journal(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
        request: &ReopenPage,
    ) -> Result<VersionedPage> {
        Self::versioned(
            self.request(
                Method::POST,
                &format!("{}/reopen", journal_path(assignment_id, period_id)),
            )
            .json(request),
        )
        .await
    }

    /// `GET /api/v1/journal/{assignment_id}/{period_id}/history`: who changed what, newest first;
    /// narrowed to one cell by the filter.
    pub async fn journal_history(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
        filter: &HistoryFilter,
    ) -> Result<Vec<HistoryItem>> {
        Self::send(
            self.request(
                Method::GET,
                &format!("{}/history", journal_path(assignment_id, period_id)),
            )
            .query(filter),
        )
        .await
    }

    /// `GET /api/v1/journal-settings`: thresholds, the fewest marks, the automatic lock, the
    /// homework file limit, work types and scales of the school (R-J2, R-F2, R-F6).
    pub async fn journal_settings(&self) -> Result<JournalSettings> {
        Self::send(self.request(Method::GET, "/journal-settings")).await
    }

    /// `PUT /api/v1/journal-settings`: deputy or director; `422 thresholds_not_rising` when the
    /// thresholds do not rise.
    pub async fn update_journal_settings(
        &self,
        request: &JournalSettingsInput,
    ) -> Result<JournalSettings> {
        Self::send(self.request(Method::PUT, "/journal-settings").json(request)).await
    }

    /// `PUT /api/v1/work-types/{code}`: add or change a work type (deputy or director).
    pub async fn save_work_type(
        &self,
        code: &str,
        request: &WorkTypeInput,
    ) -> Result<JournalSettings> {
        Self::send(
            self.request(Method::PUT, &format!("/work-types/{code}"))
                .json(request),
        )
        .await
    }

    /// `PUT /api/v1/subject-scales`: a subject's scale in a grade (deputy or director).
    pub async fn set_subject_scale(&self, request: &SubjectScale) -> Result<JournalSettings> {
        Self::send(self.request(Method::PUT, "/subject-scales").json(request)).await
    }

    /// `GET /api/v1/classes/{id}/finals`: the summary sheet of a class's finals (R-F5); the class
    /// teacher, the deputy and the director.
    pub async fn summary_sheet(&self, class_id: Uuid) -> Result<SummarySheet> {
        Self::send(self.request(Method::GET, &format!("/classes/{class_id}/finals"))).await
    }

    /// `GET /api/v1/lessons/{entry_id}/{date}/files`: the files of a lesson's homework.
    pub async fn homework_files(
        &self,
        entry_id: Uuid,
        date: NaiveDate,
    ) -> Result<Vec<HomeworkFile>> {
        Self::send(self.request(
            Method::GET,
            &format!("{}/files", lesson_path(entry_id, date)),
        ))
        .await
    }

    /// `POST /api/v1/lessons/{entry_id}/{date}/files?name=…`: attach a file to the homework; a
    /// file over the school's limit answers `413 file_too_large`.
    pub async fn upload_homework_file(
        &self,
        entry_id: Uuid,
        date: NaiveDate,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<HomeworkFile> {
        Self::send(
            self.request(
                Method::POST,
                &format!("{}/files", lesson_path(entry_id, date)),
            )
            .query(&FileName {
                name: name.to_owned(),
            })
            .header("Content-Type", content_type)
            .body(bytes),
        )
        .await
    }

    /// `GET /api/v1/files/{id}`: a homework file's bytes.
    pub async fn download_file(&self, id: Uuid) -> Result<Vec<u8>> {
        Self::send_bytes(self.request(Method::GET, &format!("/files/{id}"))).await
    }

    /// `DELETE /api/v1/files/{id}`: remove a homework file (the lesson's teacher).
    pub async fn delete_file(&self, id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::DELETE, &format!("/files/{id}"))).await
    }

    /// `GET /api/v1/threads`: the caller's threads, newest first, with unread counts; `q`
    /// searches subjects and messages.
    pub async fn list_threads(&self, query: &ThreadQuery) -> Result<Page<ThreadSummary>> {
        Self::send(self.request(Method::GET, "/threads").query(query)).await
    }

    /// `POST /api/v1/threads`: start a thread (R-D3); a guardian or student writing to another
    /// family gets `403 other_family`, to unrelated staff `403 recipient_not_allowed`.
    pub async fn create_thread(&self, request: &NewThread) -> Result<ThreadView> {
        self.post("/threads", request).await
    }

    /// `GET /api/v1/threads/{id}`: the thread with its messages; marks it read.
    pub async fn thread(&self, thread_id: Uuid) -> Result<ThreadView> {
        Self::send(self.request(Method::GET, &format!("/threads/{thread_id}"))).await
    }

    /// `POST /api/v1/threads/{id}/messages`: answer in a thread.
    pub async fn post_message(&self, thread_id: Uuid, body: &str) -> Result<MessageView> {
        let request = NewMessage {
            body: body.to_owned(),
        };
        self.post(&format!("/threads/{thread_id}/messages"), &request)
            .await
    }

    /// `POST /api/v1/threads/{id}/read`: mark the thread read.
    pub async fn mark_thread_read(&self, thread_id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::POST, &format!("/threads/{thread_id}/read"))).await
    }

    /// `GET /api/v1/threads/unread`: unread messages in total and per thread.
    pub async fn unread_counts(&self) -> Result<UnreadCounts> {
        Self::send(self.request(Method::GET, "/threads/unread")).await
    }

    /// `GET /api/v1/messages/recipients`: whom the caller may write to.
    pub async fn message_recipients(&self, query: &RecipientQuery) -> Result<Vec<Recipient>> {
        Self::send(
            self.request(Method::GET, "/messages/recipients")
                .query(query),
        )
        .await
    }

    /// `POST /api/v1/messages/{id}/attachments?name=`: attach a file to the caller's message.
    pub async fn attach_to_message(
        &self,
        message_id: Uuid,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<AttachmentView> {
        Self::send(
            self.request(Method::POST, &format!("/messages/{message_id}/attachments"))
                .query(&[("name", name)])
                .header("Content-Type", content_type)
                .body(bytes),
        )
        .await
    }

    /// `GET /api/v1/message-attachments/{id}`: an attachment's bytes.
    pub async fn message_attachment(&self, attachment_id: Uuid) -> Result<Vec<u8>> {
        let response = self
            .request(
                Method::GET,
                &format!("/message-attachments/{attachment_id}"),
            )
            .send()
            .await?;
        if response.status().is_success() {
            Ok(response.bytes().await?.to_vec())
        } else {
            Err(Self::problem(response).await)
        }
    }

    /// `POST /api/v1/classes/{id}/announcements`: announce to the families of a class.
    pub async fn create_announcement(
        &self,
        class_id: Uuid,
        request: &NewAnnouncement,
    ) -> Result<ThreadView> {
        self.post(&format!("/classes/{class_id}/announcements"), request)
            .await
    }

    /// `GET /api/v1/announcements`: the class announcements the caller received or posted.
    pub async fn list_announcements(&self, query: &ThreadQuery) -> Result<Page<ThreadSummary>> {
        Self::send(self.request(Method::GET, "/announcements").query(query)).await
    }

    /// `GET /api/v1/me/notification-preferences`.
    pub async fn notification_preferences(&self) -> Result<NotificationPreferences> {
        Self::send(self.request(Method::GET, "/me/notification-preferences")).await
    }

    /// `PUT /api/v1/me/notification-preferences`.
    pub async fn set_notification_preferences(
        &self,
        request: &NotificationPreferences,
    ) -> Result<NotificationPreferences> {
        Self::send(
            self.request(Method::PUT, "/me/notification-preferences")
                .json(request),
        )
        .await
    }

    /// `GET /api/v1/openapi.json`: the API description.
    pub async fn openapi(&self) -> Result<serde_json::Value> {
        Self::send(self.request(Method::GET, "/openapi.json")).await
    }
}

/// `/lessons/{entry_id}/{YYYY-MM-DD}`.
fn lesson_path(entry_id: Uuid, date: NaiveDate) -> String {
    format!("/lessons/{entry_id}/{}", date.format("%Y-%m-%d"))
}

/// The problem an error answer's body holds, or one made from its status.
fn problem_of(status: StatusCode, text: String) -> ClientError {
    match serde_json::from_str::<Problem>(&text) {
        Ok(problem) => ClientError::Api(problem),
        Err(_) => ClientError::Api(Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("error").into(),
            status: status.as_u16(),
            code: fallback_code(status),
            detail: (!text.is_empty()).then_some(text),
            errors: Vec::new(),
        }),
    }
}

/// The content type of an imported file: XLSX files are ZIP archives (`PK`), anything else is
/// sent as CSV text.
fn file_type(file: &[u8]) -> &'static str {
    if file.starts_with(b"PK\x03\x04") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv"
    }
}

fn fallback_code(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        _ => ErrorCode::HttpError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_files_are_told_from_csv_by_their_zip_signature() {
        assert_eq!(
            file_type(b"PK\x03\x04rest"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(file_type("Фамилия;Имя".as_bytes()), "text/csv");
    }

    #[test]
    fn lesson_paths_carry_the_iso_date() {
        let id = Uuid::nil();
        let date = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default();
        assert_eq!(
            lesson_path(id, date),
            "/lessons/00000000-0000-0000-0000-000000000000/2025-09-01"
        );
    }

    fn page(version: i32) -> JournalPage {
        serde_json::from_value(serde_json::json!({
            "assignment_id": Uuid::nil(), "class_id": Uuid::nil(), "class_name": "7А",
            "subject_id": Uuid::nil(), "subject_name": "Математика",
            "teacher_id": Uuid::nil(), "teacher_name": "Иванова Мария Петровна",
            "period": {"id": Uuid::nil(), "kind": "quarter", "number": 2,
                "starts_on": "2025-11-05", "ends_on": "2025-12-28"},
            "scale": "five_point", "work_types": [],
            "thresholds": {"three": 2.5, "four": 3.5, "five": 4.5},
            "version": version, "locked": false, "access": "keep", "leads_class": false, "locks": [], "lessons": [], "students": []
        }))
        .unwrap_or_else(|e| panic!("a page: {e}"))
    }

    #[test]
    fn the_etag_is_kept_as_sent_or_made_from_the_version() {
        let p = page(7);
        assert_eq!(etag_of(Some("\"7\""), &p), "\"7\"");
        assert_eq!(etag_of(Some(" W/\"7\" "), &p), "W/\"7\"");
        assert_eq!(etag_of(None, &p), "\"7\"");
        assert_eq!(etag_of(Some(""), &p), "\"7\"");
        // An older server without `min_marks` still reads.
        assert_eq!(p.min_marks, 0);
    }

    #[test]
    fn saves_send_the_etag_in_if_match() {
        let id = Uuid::nil();
        let request = Client::new("http://127.0.0.1:1")
            .request(Method::POST, &journal_path(id, id))
            .header(reqwest::header::IF_MATCH, "\"3\"")
            .build()
            .map_err(|e| e.to_string());
        let request = request.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            request.url().path(),
            "/api/v1/journal/00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(
            request
                .headers()
                .get(reqwest::header::IF_MATCH)
                .and_then(|v| v.to_str().ok()),
            Some("\"3\"")
        );
    }

    #[test]
    fn optional_filters_are_left_out_of_the_query() {
        let filter = LessonFilter {
            class_id: None,
            teacher_id: Some(Uuid::nil()),
            from: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default(),
            to: NaiveDate::from_ymd_opt(2025, 9, 7).unwrap_or_default(),
        };
        let request = Client::new("http://127.0.0.1:1")
            .request(Method::GET, "/lessons")
            .query(&filter)
            .build()
            .map_err(|e| e.to_string());
        assert_eq!(
            request.map(|r| r.url().query().map(str::to_owned)),
            Ok(Some(
                "teacher_id=00000000-0000-0000-0000-000000000000&from=2025-09-01&to=2025-09-07"
                    .to_owned()
            ))
        );
    }
}
