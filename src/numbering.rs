//! Section numbering: Roman numerals and the Vietnamese alphabet's letters, as the
//! documents number their parts ("II.", "b)"), and the short outline of a section's place
//! ("II.1.3.b") that messages and diffs use. The schemes themselves are
//! [`crate::model::Scheme`]; how a scheme prints a label is [`crate::view::scheme_label`].

/// Roman numeral of `n` (1 → "I", 4 → "IV", 14 → "XIV").
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            s.push_str(digits);
            n -= value;
        }
    }
    s
}

/// The Vietnamese alphabet's letters used for "a)", "b)" … (no f, j, w, z; đ after d).
pub fn letter(n: usize) -> String {
    const LETTERS: [&str; 23] = [
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s",
        "t", "u", "v", "x", "y",
    ];
    match LETTERS.get(n.saturating_sub(1)) {
        Some(l) => (*l).to_string(),
        None => n.to_string(),
    }
}

/// The place of a section in the default outline, for messages: `[2, 1, 3]` → "II.1.3"; a
/// fourth level is a letter: `[1, 1, 1, 2]` → "I.1.1.b".
pub fn outline(path: &[usize]) -> String {
    let mut parts = Vec::new();
    for (depth, n) in path.iter().enumerate() {
        parts.push(match depth {
            0 => roman(*n),
            1 | 2 => n.to_string(),
            _ => letter(*n),
        });
    }
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_letters_and_outlines() {
        let got: Vec<String> = (1..=10).map(roman).collect();
        assert_eq!(
            got,
            ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
        );
        assert_eq!(roman(49), "XLIX");
        assert_eq!(letter(5), "đ");
        assert_eq!(letter(23), "y");
        assert_eq!(letter(24), "24");
        assert_eq!(outline(&[2, 1, 3]), "II.1.3");
        assert_eq!(outline(&[1, 1, 1, 2]), "I.1.1.b");
    }
}
