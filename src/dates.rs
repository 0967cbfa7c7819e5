//! Vietnamese dates as documents print them: the date line ("Bắc Giang, ngày 05 tháng 3 năm
//! 2018", with blanks in a draft), the short form documents cite each other by ("05/3/2018"),
//! and the deadlines plans write as "MM-DD".

use chrono::{Datelike, NaiveDate};

/// What a draft leaves blank for the clerk to fill in on issue.
pub const BLANK: &str = "      ";

/// What the date line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLine {
    /// The full date.
    Day(NaiveDate),
    /// The day left blank.
    Month(i32, u32),
    /// Day and month left blank.
    Year(i32),
}

/// "Bắc Giang, ngày 05 tháng 3 năm 2018", "Bắc Giang, ngày      tháng 6 năm 2026",
/// "Bắc Giang, ngày      tháng      năm 2026".
pub fn date_line(place: &str, d: DateLine) -> String {
    match d {
        DateLine::Day(d) => format!("{place}, {}", vietnamese_date(d)),
        DateLine::Month(y, m) => {
            format!("{place}, ngày{BLANK}tháng {} năm {y}", month_number(m))
        }
        DateLine::Year(y) => format!("{place}, ngày{BLANK}tháng{BLANK}năm {y}"),
    }
}

/// "ngày 05 tháng 02 năm 2018": days below 10 and months 1–2 get a leading zero.
pub fn vietnamese_date(d: NaiveDate) -> String {
    format!("ngày {:02} tháng {} năm {}", d.day(), month(d), d.year())
}

/// "Bắc Giang, ngày 05 tháng 3 năm 2018", or with blanks for a draft.
pub fn place_date(place: &str, date: Option<NaiveDate>, year: i32) -> String {
    match date {
        Some(d) => date_line(place, DateLine::Day(d)),
        None => date_line(place, DateLine::Year(year)),
    }
}

/// "05/3/2018" as documents cite each other.
pub fn short_date(d: NaiveDate) -> String {
    format!("{:02}/{}/{}", d.day(), month(d), d.year())
}

/// The month as dates print it: 1 and 2 with a leading zero, 3 to 12 without.
fn month(d: NaiveDate) -> String {
    month_number(d.month())
}

/// A month number as dates print it: 1 and 2 with a leading zero ("02"), 3 to 12 without.
pub fn month_number(m: u32) -> String {
    if m <= 2 {
        format!("{m:02}")
    } else {
        m.to_string()
    }
}

/// Parses "MM-DD" in `year`, or a full "YYYY-MM-DD".
pub fn due_date(due: &str, year: i32) -> Option<NaiveDate> {
    let t = due.trim();
    if t.len() == 10 {
        return t.parse().ok();
    }
    let (m, d) = t.split_once('-')?;
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_follow_the_zero_rules() {
        assert_eq!(vietnamese_date(d(2018, 2, 5)), "ngày 05 tháng 02 năm 2018");
        assert_eq!(vietnamese_date(d(2018, 6, 29)), "ngày 29 tháng 6 năm 2018");
        assert_eq!(vietnamese_date(d(2018, 1, 15)), "ngày 15 tháng 01 năm 2018");
        assert_eq!(vietnamese_date(d(2018, 12, 1)), "ngày 01 tháng 12 năm 2018");
        assert_eq!(
            place_date("Bắc Giang", Some(d(2018, 3, 5)), 2018),
            "Bắc Giang, ngày 05 tháng 3 năm 2018"
        );
        assert_eq!(
            place_date("Bắc Giang", None, 2019),
            "Bắc Giang, ngày      tháng      năm 2019"
        );
        assert_eq!(
            date_line("Hà Nội", DateLine::Month(2026, 2)),
            "Hà Nội, ngày      tháng 02 năm 2026"
        );
        assert_eq!(short_date(d(2018, 3, 5)), "05/3/2018");
        assert_eq!(short_date(d(2018, 2, 5)), "05/02/2018");
        assert_eq!(due_date("03-31", 2018), Some(d(2018, 3, 31)));
        assert_eq!(due_date("2019-01-15", 2018), Some(d(2019, 1, 15)));
        assert_eq!(due_date("02-30", 2018), None);
    }
}
