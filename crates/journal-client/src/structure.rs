//! The school's structure: years and their calendars, bell schedules, rooms, subjects, classes
//! and teaching assignments.

use crate::{Client, Result};
use journal_api_types::structure::{
    Assignment, AssignmentFilter, AssignmentInput, BellSchedule, BellScheduleInput, CalendarInput,
    Class, ClassFilter, ClassInput, CreateYearRequest, Room, RoomInput, SchoolYear, Subject,
    SubjectInput, YearDetail,
};
use reqwest::Method;
use uuid::Uuid;

impl Client {
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
}
