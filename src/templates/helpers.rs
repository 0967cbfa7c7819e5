//! The Vietnamese filters and functions templates get besides Tera's own (README.md,
//! "Template helpers"). Each is a thin wrapper: the formatting itself is in
//! `crate::vietnamese` (numbers) and `crate::view` (dates, numbering).

use chrono::NaiveDate;
use tera::{Error, Kwargs, Number, State, Tera, TeraResult, Value};

use crate::vietnamese::{self, Reading};

/// Registers every helper on `tera`.
pub(crate) fn register(tera: &mut Tera) {
    tera.register_filter("md_cell", |s: &str, _: Kwargs, _: &State| {
        s.replace('|', "\\|")
    });
    tera.register_filter("vi_date", vi_date);
    tera.register_filter("vi_number", vi_number);
    tera.register_filter("vi_percent", vi_percent);
    tera.register_filter("roman", roman);
    tera.register_filter("vi_letter", vi_letter);
    tera.register_filter("amount_in_words", amount_in_words);
    tera.register_function("place_date", place_date);
}

/// `{{ "2018-02-05" | vi_date }}` → "ngày 05 tháng 02 năm 2018";
/// `{{ d | vi_date(style="short") }}` → "05/02/2018".
fn vi_date(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let date = parse_date(value)?;
    match kwargs.get::<&str>("style")?.unwrap_or("long") {
        "long" => Ok(crate::dates::vietnamese_date(date)),
        "short" => Ok(crate::dates::short_date(date)),
        other => Err(Error::message(format!(
            "vi_date: style `{other}` is not known: write style=\"long\" (ngày 05 tháng 02 năm 2018) or style=\"short\" (05/02/2018)"
        ))),
    }
}

/// `{{ 1234567 | vi_number }}` → "1.234.567"; `{{ 62.6 | vi_number }}` → "62,6";
/// `{{ x | vi_number(decimals=2) }}` → "62,60".
fn vi_number(n: Number, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let decimals = kwargs.get::<usize>("decimals")?;
    Ok(match (n, decimals) {
        (Number::Integer(i), None) => vietnamese::integer(i),
        (Number::Integer(i), Some(_)) => vietnamese::decimal(i as f64, decimals),
        (n, _) => vietnamese::decimal(n.as_float(), decimals),
    })
}

/// `{{ 0.626 | vi_percent }}` → "62,6%" (a fraction, as YAML writes indicators).
fn vi_percent(n: Number, _: Kwargs, _: &State) -> String {
    vietnamese::percent(n.as_float())
}

/// `{{ 4 | roman }}` → "IV".
fn roman(n: usize, _: Kwargs, _: &State) -> TeraResult<String> {
    if n == 0 || n > 3999 {
        return Err(Error::message(format!(
            "roman: {n} has no Roman numeral here (1 to 3999)"
        )));
    }
    Ok(crate::numbering::roman(n))
}

/// `{{ 5 | vi_letter }}` → "đ" (the letters of "a)", "b)" … in Vietnamese order).
fn vi_letter(n: usize, _: Kwargs, _: &State) -> String {
    crate::numbering::letter(n)
}

/// `{{ 120000000 | amount_in_words }}` → "một trăm hai mươi triệu đồng". Keywords: `unit`
/// (default "đồng"; "" for the number alone), `odd` ("lẻ" or "linh"), `tu` (true: 24 →
/// "hai mươi tư"), `thousand` ("nghìn" or "ngàn").
fn amount_in_words(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let n = whole_number(value)?;
    let unit = kwargs.get::<&str>("unit")?.unwrap_or("đồng");
    let mut reading = Reading::default();
    match kwargs.get::<&str>("odd")? {
        None => {}
        Some("lẻ") => reading.odd = "lẻ",
        Some("linh") => reading.odd = "linh",
        Some(other) => {
            return Err(Error::message(format!(
                "amount_in_words: odd=\"{other}\" is not known: write odd=\"lẻ\" or odd=\"linh\""
            )))
        }
    }
    match kwargs.get::<&str>("thousand")? {
        None => {}
        Some("nghìn") => reading.thousand = "nghìn",
        Some("ngàn") => reading.thousand = "ngàn",
        Some(other) => {
            return Err(Error::message(format!(
                "amount_in_words: thousand=\"{other}\" is not known: write thousand=\"nghìn\" or thousand=\"ngàn\""
            )))
        }
    }
    reading.tu = kwargs.get::<bool>("tu")?.unwrap_or(false);
    Ok(vietnamese::amount_in_words(n, unit, reading))
}

/// `{{ place_date(place="Bắc Giang", date="2018-03-05") }}` → "Bắc Giang, ngày 05 tháng 3
/// năm 2018"; without `date`, the draft's blanks for `year`.
fn place_date(kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let place = kwargs.must_get::<&str>("place")?;
    let date = match kwargs.get::<&Value>("date")? {
        Some(v) if !v.is_none() && !v.is_undefined() && v.as_str() != Some("") => {
            Some(parse_date(v)?)
        }
        _ => None,
    };
    let year = match (date, kwargs.get::<i32>("year")?) {
        (_, Some(y)) => y,
        (Some(d), None) => chrono::Datelike::year(&d),
        (None, None) => {
            return Err(Error::message(
                "place_date: without a date, give the year of the draft: place_date(place=…, year=2019)",
            ))
        }
    };
    Ok(crate::dates::place_date(place, date, year))
}

/// A date given as "YYYY-MM-DD" (or an RFC 3339 timestamp starting with one).
fn parse_date(value: &Value) -> TeraResult<NaiveDate> {
    let text = value.as_str().ok_or_else(|| {
        Error::message(format!(
            "expected a date written YYYY-MM-DD, got {} `{value}`",
            value.name()
        ))
    })?;
    let head = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").map_err(|_| {
        Error::message(format!(
            "`{text}` is not a date: write it YYYY-MM-DD, e.g. 2018-03-05"
        ))
    })
}

/// A whole number from a number or a string of digits ("120.000.000" reads as 120000000).
fn whole_number(value: &Value) -> TeraResult<i128> {
    if let Some(n) = value.as_number() {
        return match n {
            Number::Integer(i) => Ok(i),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 1e30 => Ok(f as i128),
            other => Err(Error::message(format!(
                "amount_in_words takes a whole amount; round {} first (e.g. `| round`)",
                other.as_float()
            ))),
        };
    }
    let text = value.as_str().unwrap_or_default();
    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    match digits.parse::<i128>() {
        Ok(n) if !digits.is_empty() => Ok(n),
        _ => Err(Error::message(format!(
            "amount_in_words takes a number, got {} `{value}`",
            value.name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> Result<String, String> {
        let mut tera = Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        register(&mut tera);
        tera.add_raw_template("t", template)
            .map_err(|e| e.to_string())?;
        tera.render("t", &tera::Context::new()).map_err(|e| {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(inner) = src {
                s.push_str(": ");
                s.push_str(&inner.to_string());
                src = inner.source();
            }
            s
        })
    }

    fn ok(template: &str) -> String {
        match render(template) {
            Ok(s) => s,
            Err(e) => panic!("{template}: {e}"),
        }
    }

    #[test]
    fn dates() {
        assert_eq!(
            ok(r#"{{ "2018-02-05" | vi_date }}"#),
            "ngày 05 tháng 02 năm 2018"
        );
        assert_eq!(
            ok(r#"{{ "2018-03-05" | vi_date }}"#),
            "ngày 05 tháng 3 năm 2018"
        );
        assert_eq!(
            ok(r#"{{ "2018-02-05" | vi_date(style="short") }}"#),
            "05/02/2018"
        );
        assert_eq!(
            ok(r#"{{ "2018-03-05" | vi_date(style="short") }}"#),
            "05/3/2018"
        );
        assert_eq!(
            ok(r#"{{ place_date(place="Bắc Giang", date="2018-03-05") }}"#),
            "Bắc Giang, ngày 05 tháng 3 năm 2018"
        );
        assert_eq!(
            ok(r#"{{ place_date(place="Bắc Giang", year=2019) }}"#),
            "Bắc Giang, ngày      tháng      năm 2019"
        );
        assert!(render(r#"{{ "2018-02-30" | vi_date }}"#).is_err());
        assert!(render(r#"{{ "2018-02-05" | vi_date(style="iso") }}"#).is_err());
        assert!(render(r#"{{ place_date(place="Bắc Giang") }}"#).is_err());
    }

    #[test]
    fn numbers_and_percentages() {
        assert_eq!(ok("{{ 1234567 | vi_number }}"), "1.234.567");
        assert_eq!(ok("{{ 62.6 | vi_number }}"), "62,6");
        assert_eq!(ok("{{ 62.6 | vi_number(decimals=2) }}"), "62,60");
        assert_eq!(ok("{{ 1250 | vi_number(decimals=1) }}"), "1.250,0");
        assert_eq!(ok("{{ -1250 | vi_number }}"), "-1.250");
        assert_eq!(ok("{{ 0.626 | vi_percent }}"), "62,6%");
        assert_eq!(ok("{{ 1 | vi_percent }}"), "100%");
        assert!(render(r#"{{ "x" | vi_number }}"#).is_err());
    }

    #[test]
    fn numerals_and_letters() {
        assert_eq!(ok("{{ 4 | roman }}-{{ 14 | roman }}"), "IV-XIV");
        assert_eq!(ok("{{ 5 | vi_letter }}{{ 1 | vi_letter }}"), "đa");
        assert!(render("{{ 0 | roman }}").is_err());
    }

    #[test]
    fn amounts_in_words() {
        assert_eq!(
            ok("{{ 120000000 | amount_in_words }}"),
            "một trăm hai mươi triệu đồng"
        );
        assert_eq!(
            ok(r#"{{ "1.005.000" | amount_in_words }}"#),
            "một triệu không trăm lẻ năm nghìn đồng"
        );
        assert_eq!(
            ok(r#"{{ 105 | amount_in_words(odd="linh", unit="") }}"#),
            "một trăm linh năm"
        );
        assert_eq!(
            ok(r#"{{ 24000 | amount_in_words(tu=true, thousand="ngàn") }}"#),
            "hai mươi tư ngàn đồng"
        );
        assert_eq!(
            ok("{{ 1500000000000 | amount_in_words }}"),
            "một nghìn năm trăm tỷ đồng"
        );
        assert_eq!(
            ok("{{ 120000000.0 | amount_in_words | capitalize }}"),
            "Một trăm hai mươi triệu đồng"
        );
        assert!(render("{{ 12.5 | amount_in_words }}").is_err());
        assert!(render(r#"{{ 5 | amount_in_words(odd="x") }}"#).is_err());
    }

    #[test]
    fn upper_keeps_vietnamese_letters() {
        assert_eq!(
            ok(r#"{{ "ủy ban nhân dân đồng ý" | upper }}"#),
            "ỦY BAN NHÂN DÂN ĐỒNG Ý"
        );
    }
}
