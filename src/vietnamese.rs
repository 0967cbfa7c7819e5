//! Vietnamese number formatting, the one home for it: counts with dots between thousands
//! ("1.234.567"), decimals with a comma ("62,6"), percentages ("62,6%") and amounts in words
//! ("một trăm hai mươi triệu đồng"). The view and the template filters both call these.
//! (Dates, numbering and Roman numerals live in `view.rs`.)

/// A count with dots between thousands: 1250 → "1.250".
pub fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// Dots between groups of three in a string of ASCII digits.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A number as Vietnamese documents print it: dots between thousands, a comma before the
/// decimals. With `decimals`, exactly that many (rounded); without, an integer prints none
/// and a fraction up to two, without trailing zeros. 1234567 → "1.234.567", 62.6 → "62,6",
/// -1234.5 → "-1.234,5".
pub fn decimal(x: f64, decimals: Option<usize>) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let places = decimals.unwrap_or(2).min(9);
    let text = format!("{:.*}", places, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = if decimals.is_some() {
        frac
    } else {
        frac.trim_end_matches('0')
    };
    let negative = x < 0.0 && (int.bytes().any(|b| b != b'0') || frac.bytes().any(|b| b != b'0'));
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_thousands(int));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// An integer with dots between thousands, negative ones with a minus: -1250 → "-1.250".
pub fn integer(n: i128) -> String {
    let digits = group_thousands(&n.unsigned_abs().to_string());
    if n < 0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// A fraction as a Vietnamese percentage with one decimal, comma as the decimal mark and no
/// ",0": 0.5556 → "55,6%", 0.6 → "60%".
pub fn percent(f: f64) -> String {
    let s = format!("{:.1}", f * 100.0);
    let s = s.strip_suffix(".0").unwrap_or(&s).replace('.', ",");
    format!("{s}%")
}

/// How an amount is read aloud where usage differs between regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The word for an empty tens place before a unit: "lẻ" (105 → "một trăm lẻ năm") or
    /// "linh" ("một trăm linh năm").
    pub odd: &'static str,
    /// Whether a 4 after "mươi" is read "tư" (24 → "hai mươi tư") instead of "bốn".
    pub tu: bool,
    /// The word for thousands: "nghìn" or "ngàn".
    pub thousand: &'static str,
}

impl Default for Reading {
    fn default() -> Self {
        Reading {
            odd: "lẻ",
            tu: false,
            thousand: "nghìn",
        }
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// A whole number in Vietnamese words: 120_000_000 → "một trăm hai mươi triệu",
/// 1_005_000 → "một triệu không trăm lẻ năm nghìn", 21 → "hai mươi mốt", 15 → "mười lăm".
/// Groups above a billion repeat "tỷ" ("một nghìn tỷ", "một tỷ tỷ").
pub fn number_in_words(n: i128, r: Reading) -> String {
    let mut words: Vec<&str> = Vec::new();
    if n < 0 {
        words.push("âm");
    }
    let m = n.unsigned_abs();
    if m == 0 {
        words.push(DIGITS[0]);
    } else {
        billions(m, true, r, &mut words);
    }
    words.join(" ")
}

/// An amount of money in words: "một trăm hai mươi triệu đồng"; `unit` is the currency word
/// ("đồng"), or empty for the number alone.
pub fn amount_in_words(n: i128, unit: &str, r: Reading) -> String {
    let mut s = number_in_words(n, r);
    if !unit.trim().is_empty() {
        s.push(' ');
        s.push_str(unit.trim());
    }
    s
}

/// Reads `n` (> 0) in groups of nine digits joined by "tỷ". `leading` is true when nothing
/// was read before it (then its first group is read without "không trăm").
fn billions(n: u128, leading: bool, r: Reading, out: &mut Vec<&'static str>) {
    const BILLION: u128 = 1_000_000_000;
    let high = n / BILLION;
    let low = n % BILLION;
    let mut leading = leading;
    if high > 0 {
        billions(high, leading, r, out);
        out.push("tỷ");
        leading = false;
    }
    if low > 0 {
        below_billion(low, leading, r, out);
    }
}

/// Reads 1 ≤ `n` < 10⁹ as triệu, nghìn and units; empty groups are skipped.
fn below_billion(n: u128, leading: bool, r: Reading, out: &mut Vec<&'static str>) {
    let groups = [
        ((n / 1_000_000) % 1000, Some("triệu")),
        ((n / 1000) % 1000, Some(r.thousand)),
        (n % 1000, None),
    ];
    let mut leading = leading;
    for (g, scale) in groups {
        if g == 0 {
            continue;
        }
        // A group below 1000 fits in a u16.
        triple(u16::try_from(g).unwrap_or(0), leading, r, out);
        if let Some(s) = scale {
            out.push(s);
        }
        leading = false;
    }
}

/// Reads one group 1 ≤ `g` ≤ 999. A leading group skips an empty hundreds and tens place
/// ("năm", "mười lăm"); a later one reads them ("không trăm lẻ năm").
fn triple(g: u16, leading: bool, r: Reading, out: &mut Vec<&'static str>) {
    let (h, t, u) = (
        usize::from(g / 100),
        usize::from(g / 10 % 10),
        usize::from(g % 10),
    );
    let full = !leading || h > 0;
    if full {
        out.push(DIGITS[h]);
        out.push("trăm");
    }
    match t {
        0 if u > 0 && full => out.push(r.odd),
        0 => {}
        1 => out.push("mười"),
        _ => {
            out.push(DIGITS[t]);
            out.push("mươi");
        }
    }
    let unit = match u {
        0 => return,
        1 if t >= 2 => "mốt",
        4 if t >= 2 && r.tu => "tư",
        5 if t >= 1 => "lăm",
        _ => DIGITS[u],
    };
    out.push(unit);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: i128) -> String {
        number_in_words(n, Reading::default())
    }

    #[test]
    fn counts_and_decimals() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1250), "1.250");
        assert_eq!(count(1_234_567), "1.234.567");
        assert_eq!(integer(-1_234_567), "-1.234.567");
        assert_eq!(decimal(1_234_567.0, None), "1.234.567");
        assert_eq!(decimal(62.6, None), "62,6");
        assert_eq!(decimal(62.626, None), "62,63");
        assert_eq!(decimal(62.6, Some(2)), "62,60");
        assert_eq!(decimal(-1234.5, None), "-1.234,5");
        assert_eq!(decimal(-0.001, None), "0");
        assert_eq!(decimal(0.6, Some(0)), "1");
        assert_eq!(percent(0.5556), "55,6%");
        assert_eq!(percent(0.6), "60%");
    }

    #[test]
    fn units_after_tens_follow_the_spoken_rules() {
        assert_eq!(words(0), "không");
        assert_eq!(words(1), "một");
        assert_eq!(words(5), "năm");
        assert_eq!(words(10), "mười");
        assert_eq!(words(11), "mười một");
        assert_eq!(words(14), "mười bốn");
        assert_eq!(words(15), "mười lăm");
        assert_eq!(words(20), "hai mươi");
        assert_eq!(words(21), "hai mươi mốt");
        assert_eq!(words(24), "hai mươi bốn");
        assert_eq!(words(25), "hai mươi lăm");
        assert_eq!(words(99), "chín mươi chín");
        let tu = Reading {
            tu: true,
            ..Reading::default()
        };
        assert_eq!(number_in_words(24, tu), "hai mươi tư");
        assert_eq!(number_in_words(14, tu), "mười bốn");
        assert_eq!(number_in_words(4, tu), "bốn");
    }

    #[test]
    fn hundreds_use_le_or_linh_for_an_empty_tens_place() {
        assert_eq!(words(100), "một trăm");
        assert_eq!(words(101), "một trăm lẻ một");
        assert_eq!(words(105), "một trăm lẻ năm");
        assert_eq!(words(110), "một trăm mười");
        assert_eq!(words(115), "một trăm mười lăm");
        assert_eq!(words(121), "một trăm hai mươi mốt");
        assert_eq!(words(999), "chín trăm chín mươi chín");
        let linh = Reading {
            odd: "linh",
            ..Reading::default()
        };
        assert_eq!(number_in_words(105, linh), "một trăm linh năm");
    }

    #[test]
    fn scales_and_empty_groups() {
        assert_eq!(words(1000), "một nghìn");
        assert_eq!(words(1001), "một nghìn không trăm lẻ một");
        assert_eq!(words(1050), "một nghìn không trăm năm mươi");
        assert_eq!(words(15_000), "mười lăm nghìn");
        assert_eq!(words(21_000), "hai mươi mốt nghìn");
        assert_eq!(words(100_000), "một trăm nghìn");
        assert_eq!(words(1_000_000), "một triệu");
        assert_eq!(words(1_005_000), "một triệu không trăm lẻ năm nghìn");
        assert_eq!(words(120_000_000), "một trăm hai mươi triệu");
        assert_eq!(
            words(1_234_567),
            "một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy"
        );
        assert_eq!(words(1_000_000_000), "một tỷ");
        assert_eq!(words(1_000_000_001), "một tỷ không trăm lẻ một");
        assert_eq!(words(2_500_000_000), "hai tỷ năm trăm triệu");
        assert_eq!(words(1_005_000_000), "một tỷ không trăm lẻ năm triệu");
        assert_eq!(words(1_000_000_000_000), "một nghìn tỷ");
        assert_eq!(words(3_250_000_000_000), "ba nghìn hai trăm năm mươi tỷ");
        assert_eq!(words(1_000_000_000_000_000_000), "một tỷ tỷ");
        assert_eq!(words(-5), "âm năm");
        let south = Reading {
            thousand: "ngàn",
            ..Reading::default()
        };
        assert_eq!(number_in_words(15_000, south), "mười lăm ngàn");
    }

    #[test]
    fn amounts_name_the_currency() {
        assert_eq!(
            amount_in_words(120_000_000, "đồng", Reading::default()),
            "một trăm hai mươi triệu đồng"
        );
        assert_eq!(amount_in_words(0, "đồng", Reading::default()), "không đồng");
        assert_eq!(amount_in_words(21, "", Reading::default()), "hai mươi mốt");
    }
}
