//! The kinds of document and the abbreviation each has in a document's symbol (Decree
//! 30/2020, Appendix III): the plan's "25/KH-SYT", a report's "BC", and the kinds documents
//! cite ("Quyết định số 12/QĐ-UBND").

/// A kind of document vanban writes: its abbreviation in the symbol, its title in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kind {
    /// "KH".
    pub abbr: &'static str,
    /// "KẾ HOẠCH".
    pub title: &'static str,
}

/// Kế hoạch.
pub(crate) const PLAN: Kind = Kind {
    abbr: "KH",
    title: "KẾ HOẠCH",
};

/// Báo cáo: a unit's report and the consolidated report.
pub(crate) const REPORT: Kind = Kind {
    abbr: "BC",
    title: "BÁO CÁO",
};

/// A công văn has no kind in its symbol ("SYT-NVY"); this names the series of its numbers.
pub(crate) const LETTER_SERIES: &str = "CV";

/// The kinds a document cites by name, with their abbreviations.
const CITED: [(&str, &str); 9] = [
    ("Kế hoạch", "KH"),
    ("Quyết định", "QĐ"),
    ("Thông báo", "TB"),
    ("Kết luận", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Báo cáo", "BC"),
    ("Nghị quyết", "NQ"),
    ("Chỉ thị", "CT"),
];

/// The abbreviation of a kind named in a citation ("Quyết định" → "QĐ"); `None` when unknown.
pub(crate) fn cited_abbr(name: &str) -> Option<&'static str> {
    CITED.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cited_kinds() {
        assert_eq!(cited_abbr("Quyết định"), Some("QĐ"));
        assert_eq!(cited_abbr("Kết luận"), Some("TB"));
        assert_eq!(cited_abbr("Kế hoạch"), Some(PLAN.abbr));
        assert_eq!(cited_abbr("Báo cáo"), Some(REPORT.abbr));
        assert_eq!(cited_abbr("Tờ trình"), None);
    }
}
