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
use journal_api_types::{Page, Problem};
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
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Api(p) => Some(&p.code),
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

    async fn problem(response: reqwest::Response) -> ClientError {
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        match serde_json::from_str::<Problem>(&text) {
            Ok(problem) => ClientError::Api(problem),
            Err(_) => ClientError::Api(Problem {
                kind: "about:blank".into(),
                title: status.canonical_reason().unwrap_or("error").into(),
                status: status.as_u16(),
                code: fallback_code(status).into(),
                detail: (!text.is_empty()).then_some(text),
                errors: Vec::new(),
            }),
        }
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

    /// `GET /api/v1/openapi.json`: the API description.
    pub async fn openapi(&self) -> Result<serde_json::Value> {
        Self::send(self.request(Method::GET, "/openapi.json")).await
    }
}

/// `/lessons/{entry_id}/{YYYY-MM-DD}`.
fn lesson_path(entry_id: Uuid, date: NaiveDate) -> String {
    format!("/lessons/{entry_id}/{}", date.format("%Y-%m-%d"))
}

fn fallback_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        _ => "http_error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesson_paths_carry_the_iso_date() {
        let id = Uuid::nil();
        let date = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default();
        assert_eq!(
            lesson_path(id, date),
            "/lessons/00000000-0000-0000-0000-000000000000/2025-09-01"
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
