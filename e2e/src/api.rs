//! Setup and checks through the typed client, as the demo school's accounts.

use crate::DEMO_PASSWORD;
use anyhow::{anyhow, Context, Result};
use chrono::{Datelike, NaiveDate};
use journal_api_types::structure::{CalendarInput, CreateYearRequest, PeriodInput, YearDetail};
use journal_api_types::users::UserFilter;
use journal_client::Client;
use uuid::Uuid;

/// A signed-in typed client.
pub async fn client_as(base: &str, login: &str) -> Result<Client> {
    let mut client = Client::new(base);
    let tokens = client.login(login, DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    Ok(client)
}

/// The id of the account `login`, found through the users list.
pub async fn user_id(client: &Client, login: &str) -> Result<Uuid> {
    let filter = UserFilter {
        q: Some(login.to_owned()),
        ..UserFilter::default()
    };
    client
        .list_users(&filter)
        .await?
        .items
        .into_iter()
        .find(|u| u.login == login)
        .map(|u| u.id)
        .ok_or_else(|| anyhow!("the demo account {login} is missing"))
}

/// The Monday of `date`'s week.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Whether `date` is a school day for grade 7 by the year's calendar: inside a period, no holiday.
pub fn teaching_day(year: &YearDetail, date: NaiveDate) -> bool {
    let grade = 7;
    let in_period = year.periods.iter().any(|p| {
        p.grade_from <= grade && grade <= p.grade_to && p.starts_on <= date && date <= p.ends_on
    });
    let holiday = year.holidays.iter().any(|h| {
        h.grade_from <= grade && grade <= h.grade_to && h.starts_on <= date && date <= h.ends_on
    });
    date.weekday().num_days_from_monday() < 5 && in_period && !holiday
}

/// The school year holding `today`: the school's own when there is one, else one created here
/// (1 September – 31 August) with a single quarter around this week and no holidays.
pub async fn year_for_today(client: &Client, today: NaiveDate) -> Result<YearDetail> {
    if let Some(year) = client
        .list_years()
        .await?
        .into_iter()
        .find(|y| y.starts_on <= today && today <= y.ends_on)
    {
        return Ok(client.year(year.id).await?);
    }
    let first_year = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let starts_on = NaiveDate::from_ymd_opt(first_year, 9, 1).context("1 September")?;
    let ends_on = NaiveDate::from_ymd_opt(first_year + 1, 8, 31).context("31 August")?;
    let monday = monday_of(today);
    let quarter = PeriodInput {
        id: None,
        kind: "quarter".into(),
        number: 1,
        grade_from: 1,
        grade_to: 11,
        starts_on: (monday - chrono::Duration::days(7)).max(starts_on),
        ends_on: (monday + chrono::Duration::days(13)).min(ends_on),
    };
    let request = CreateYearRequest {
        name: format!("{first_year}/{}", first_year + 1),
        starts_on,
        ends_on,
        calendar: CalendarInput {
            periods: vec![quarter],
            holidays: Vec::new(),
        },
    };
    Ok(client.create_year(&request).await?)
}
