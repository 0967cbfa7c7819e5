//! `vanban new KIND PATH`: a new document to fill in — a plan, a unit's report, a
//! consolidated report or a letter — with every key commented in Vietnamese and English. It is
//! a draft that checks and builds as it is. The department's details come from `vanban.toml`'s
//! `[defaults]` (issuer, place, archive line: the scaffold leaves those keys to the project
//! file, saying so in a comment), else from the newest plan of the project (the signer too),
//! the report's unit and plan from the units registry and that plan; without them, sample
//! values to replace. Its first line points the
//! editor at the project's JSON Schema (`schema/vanban.schema.json` beside `vanban.toml`,
//! written when missing).

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::model::{Document, Issuer, Period, Plan, Signature};

/// What `vanban new` can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Kế hoạch.
    Plan,
    /// Báo cáo of a unit on a plan.
    Report,
    /// Báo cáo tổng hợp of the department.
    ConsolidatedReport,
    /// Công văn.
    Letter,
}

/// What a scaffold is filled with.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// The department: `vanban.toml`'s, else as its newest plan writes it.
    pub issuer: Issuer,
    /// Place of the date line.
    pub place: String,
    /// Who signs.
    pub signature: Signature,
    /// The document's year.
    pub year: i32,
    /// The plan a report answers: its key (path relative to the plans folder) and the plan.
    pub plan: Option<(String, Plan)>,
    /// The unit of a unit's report: the first of the registry without a report of `period`
    /// on the plan.
    pub unit: Option<String>,
    /// The period of a report: the first (six-month, then annual) still free.
    pub period: Period,
    /// What `vanban.toml`'s `[defaults]` gives every document (empty without a project file):
    /// the scaffold leaves these keys out, as the department's other documents do.
    pub project: crate::config::Defaults,
}

impl Defaults {
    /// Sample values, for a project with no plan yet.
    pub fn sample(year: i32) -> Defaults {
        Defaults {
            issuer: Issuer {
                parent: Some("UBND TỈNH BẮC GIANG".into()),
                name: "SỞ Y TẾ".into(),
                abbr: "SYT".into(),
                office: Some("NVY".into()),
                name_in_text: None,
            },
            place: "Bắc Giang".into(),
            signature: Signature {
                authority: Some("KT".into()),
                head: Some("GIÁM ĐỐC".into()),
                title: "PHÓ GIÁM ĐỐC".into(),
                name: "Nguyễn Văn A".into(),
                signature_image: None,
                seal_image: None,
            },
            year,
            plan: None,
            unit: None,
            period: Period::SixMonth,
            project: crate::config::Defaults::default(),
        }
    }

    /// These defaults with what the project file's `[defaults]` says put first.
    fn with_project(mut self, root: &Path) -> Defaults {
        let Ok(Some(p)) = crate::config::find(root) else {
            return self;
        };
        let project = p.file.defaults.clone();
        if let Some(i) = &project.issuer {
            self.issuer = i.clone();
        }
        if let Some(place) = &project.place {
            self.place = place.clone();
        }
        self.project = project;
        self
    }

    /// The defaults for a new `kind` at `path` in the project whose plans folder is `root`:
    /// the newest plan (by year, then path) gives the issuer, place and signer, and is the
    /// plan reports answer. The year is `year`, else a reports' plan's, else a year folder in
    /// the path (plans/2019/…), else the newest plan's, else `fallback_year`.
    pub fn of_project(
        root: &Path,
        kind: Kind,
        path: &Path,
        year: Option<i32>,
        fallback_year: i32,
    ) -> Defaults {
        Self::of_documents(root, kind, path, year, fallback_year).with_project(root)
    }

    fn of_documents(
        root: &Path,
        kind: Kind,
        path: &Path,
        year: Option<i32>,
        fallback_year: i32,
    ) -> Defaults {
        let (project, _) = crate::project::Project::load(root);
        let is_report = matches!(kind, Kind::Report | Kind::ConsolidatedReport);
        // Reports answer an issued plan; the department's details come from any plan.
        let newest = project
            .documents
            .iter()
            .filter_map(|(key, e)| match &e.doc {
                Some(Document::Plan(p)) => Some((key.clone(), p.clone())),
                _ => None,
            })
            .filter(|(_, p)| !is_report || p.effective_status() == crate::model::Status::Issued)
            .max_by(|a, b| (a.1.year, &a.0).cmp(&(b.1.year, &b.0)));
        let units: Vec<String> = project
            .registry
            .as_ref()
            .and_then(|r| r.registry.as_ref())
            .map(|r| r.units.iter().map(|u| u.id.clone()).collect())
            .unwrap_or_default();
        let year_in_path = path
            .components()
            .filter_map(|c| c.as_os_str().to_str()?.parse::<i32>().ok())
            .find(|y| (1945..=2999).contains(y));
        let Some((key, plan)) = newest else {
            return Defaults {
                unit: units.first().cloned(),
                ..Defaults::sample(year.or(year_in_path).unwrap_or(fallback_year))
            };
        };
        // Which (period, unit) has no report yet: a second one would be an error.
        let taken = |period: Period, unit: Option<&str>| {
            project.documents.values().any(|e| match (&e.doc, unit) {
                (Some(Document::Report(r)), Some(u)) => {
                    r.plan.as_deref() == Some(key.as_str())
                        && r.unit.as_deref() == Some(u)
                        && r.period == Some(period)
                }
                (Some(Document::ConsolidatedReport(c)), None) => {
                    c.plan == key && c.period == period
                }
                _ => false,
            })
        };
        let periods = [Period::SixMonth, Period::Annual];
        let (period, unit) = if kind == Kind::Report {
            periods
                .iter()
                .flat_map(|p| units.iter().map(move |u| (*p, Some(u.clone()))))
                .find(|(p, u)| !taken(*p, u.as_deref()))
                .unwrap_or((Period::SixMonth, units.first().cloned()))
        } else {
            let p = periods
                .into_iter()
                .find(|p| !taken(*p, None))
                .unwrap_or(Period::SixMonth);
            (p, units.first().cloned())
        };
        let year = match year {
            Some(y) => y,
            None if is_report => plan.year,
            None => year_in_path.unwrap_or(plan.year),
        };
        Defaults {
            issuer: plan.issuer.clone(),
            place: plan.place.clone(),
            signature: Signature {
                signature_image: None,
                seal_image: None,
                ..plan.signature.clone()
            },
            year,
            plan: Some((key, plan)),
            unit,
            period,
            project: crate::config::Defaults::default(),
        }
    }
}

/// A YAML scalar for `s`: plain when that reads back as the same text, else double-quoted.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains('\n')
        && !s.ends_with(':')
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
    }
}

/// A value that may hold lines ("\n"): one scalar, or a flow list of its lines.
fn lines(s: &str) -> String {
    if s.contains('\n') {
        let parts: Vec<String> = s.lines().map(|l| scalar(l.trim())).collect();
        format!("[{}]", parts.join(", "))
    } else {
        scalar(s)
    }
}

/// The issuer: a comment when `vanban.toml` gives it (and, for a letter, its drafting office),
/// else the `issuer:` mapping.
fn issuer_of(d: &Defaults, i: &Issuer, letter: bool) -> String {
    match &d.project.issuer {
        Some(p) if !letter || p.office.is_some() => format!(
            "# Cơ quan ban hành: lấy từ vanban.toml [defaults] / the issuing body comes from\n\
             # vanban.toml's [defaults]: {} ({}). Viết `issuer:` ở đây để thay / write `issuer:`\n\
             # here to override it.\n",
            p.name_one_line(),
            p.abbr
        ),
        _ => issuer_block(i, letter),
    }
}

fn issuer_block(i: &Issuer, office_comment: bool) -> String {
    let mut s = String::from("# Cơ quan ban hành / the issuing body.\nissuer:\n");
    if let Some(p) = i.parent.as_deref().filter(|p| !p.trim().is_empty()) {
        s.push_str(&format!(
            "  parent: {}   # cơ quan chủ quản / parent body (optional)\n",
            lines(p)
        ));
    }
    s.push_str(&format!(
        "  name: {}   # tên cơ quan ban hành / name of the issuing body\n",
        lines(&i.name)
    ));
    s.push_str(&format!(
        "  abbr: {}   # chữ viết tắt trong ký hiệu / abbreviation in the symbol\n",
        scalar(&i.abbr)
    ));
    if let Some(o) = i.office.as_deref() {
        let what = if office_comment {
            "đơn vị soạn thảo, trong ký hiệu công văn / drafting office, in the letter's symbol"
        } else {
            "đơn vị soạn thảo / drafting office (archive line)"
        };
        s.push_str(&format!("  office: {}   # {what}\n", scalar(o)));
    }
    if let Some(n) = i.name_in_text.as_deref() {
        s.push_str(&format!(
            "  name_in_text: {}   # tên trong câu văn / the name inside a sentence\n",
            scalar(n)
        ));
    }
    s
}

fn signature_block(sig: &Signature) -> String {
    let mut s = String::from("# Chữ ký / signature.\nsignature:\n");
    if let Some(a) = sig.authority.as_deref().filter(|a| !a.trim().is_empty()) {
        s.push_str(&format!(
            "  authority: {}   # thẩm quyền ký: KT, TM, TL, TUQ, Q / signing authority\n",
            lines(a)
        ));
    }
    if let Some(h) = sig.head.as_deref().filter(|h| !h.trim().is_empty()) {
        s.push_str(&format!(
            "  head: {}   # chức danh người đứng đầu / the head's title\n",
            scalar(h)
        ));
    }
    s.push_str(&format!(
        "  title: {}   # chức vụ người ký / the signer's title\n",
        scalar(&sig.title)
    ));
    s.push_str(&format!(
        "  name: {}   # họ tên người ký / the signer's name\n",
        scalar(&sig.name)
    ));
    s
}

fn frame_lines(d: &Defaults, kind_vi: &str) -> String {
    frame_lines_with(d, kind_vi, true)
}

fn frame_lines_with(d: &Defaults, kind_vi: &str, with_place: bool) -> String {
    let place = if with_place && d.project.place.is_some() {
        format!(
            "# place: {}   # địa danh, lấy từ vanban.toml / place name, from vanban.toml [defaults]\n",
            scalar(&d.place)
        )
    } else if with_place {
        format!(
            "place: {}   # địa danh / place name of the date line\n",
            scalar(&d.place)
        )
    } else {
        "# place: …   # mặc định: địa danh của đơn vị / default: the unit's place\n".into()
    };
    format!(
        "# Bản dự thảo: số và ngày để trống đến khi ban hành / a draft: number and date stay blank\n\
         # until it is issued. Then write them and set `status: issued`.\n\
         status: draft   # draft (dự thảo) | for-signature (trình ký) | issued (ban hành)\n\
         # number: 1           # số văn bản / number in the issuer's yearly series\n\
         # date: {year}-01-15    # ngày ban hành / date of issue, YYYY-MM-DD\n\
         year: {year}   # năm của {kind_vi} / the document's year\n\
         {place}",
        year = d.year,
    )
}

/// The archive line of the department: `vanban.toml`'s (a comment then), else VT and the
/// drafting office.
fn archive(d: &Defaults, i: &Issuer) -> String {
    if let Some(a) = &d.project.archive {
        let list: Vec<String> = a.iter().map(|x| scalar(x)).collect();
        return format!(
            "# archive: [{}]   # dòng Lưu, lấy từ vanban.toml / archive line, from vanban.toml [defaults]\n",
            list.join(", ")
        );
    }
    let list = match i.office.as_deref() {
        Some(o) => format!("[VT, {}]", scalar(o)),
        None => "[VT]".into(),
    };
    format!("archive: {list}   # dòng Lưu / archive line: \"- Lưu: VT, ….\"\n")
}

/// The text of a new document of `kind`; `None` for a report when there is no plan to answer.
pub fn scaffold(kind: Kind, d: &Defaults) -> Option<String> {
    match kind {
        Kind::Plan => Some(plan(d)),
        Kind::Report => report(d),
        Kind::ConsolidatedReport => consolidated(d),
        Kind::Letter => Some(letter(d)),
    }
}

fn plan(d: &Defaults) -> String {
    let y = d.year;
    format!(
        "# Kế hoạch (plan), made by `vanban new plan`. Điền các mục, rồi `vanban check` và\n\
         # `vanban build` / fill in the keys, then run `vanban check` and `vanban build`.\n\
         # Đánh số (I, 1, 1.1, a) tự động / numbering is computed from the tree.\n\
         kind: plan\n\
         {issuer}\
         {frame}\
         # Trích yếu, in dưới chữ KẾ HOẠCH; không viết hoa toàn bộ / summary, not in capitals.\n\
         summary: Thực hiện công tác … năm {y}\n\
         # Căn cứ / legal bases, one italic line each.\n\
         bases:\n\
         \x20 - Căn cứ chỉ đạo của UBND tỉnh về công tác … năm {y};\n\
         # Đoạn mở đầu / opening paragraph(s); a blank line separates paragraphs.\n\
         preamble: {preamble}\n\
         # Nội dung / the body: sections (title, text, items, sections, reporting).\n\
         sections:\n\
         \x20 - title: MỤC ĐÍCH, YÊU CẦU   # phần I / part I\n\
         \x20   sections:\n\
         \x20     - title: Mục đích   # mục 1 / section 1\n\
         \x20       text: Nâng cao hiệu quả công tác …\n\
         \x20     - title: Yêu cầu\n\
         \x20       text: Các đơn vị triển khai đồng bộ, đúng tiến độ.\n\
         \x20 - title: MỤC TIÊU, NHIỆM VỤ\n\
         \x20   sections:\n\
         \x20     - title: Mục tiêu\n\
         \x20       items:   # các gạch đầu dòng / \"-\" items\n\
         \x20         - id: muc-tieu-1   # mã để báo cáo nhắc tới / id the reports refer to\n\
         \x20           text: Tỷ lệ xã, phường, thị trấn triển khai … đạt 60%.\n\
         \x20           # chỉ tiêu / indicator: unit counted, baseline and target as fractions\n\
         \x20           indicator: {{ unit: xã, baseline: 0.50, target: 0.60 }}\n\
         \x20     - title: Nhiệm vụ\n\
         \x20       items:\n\
         \x20         - id: nhiem-vu-1\n\
         \x20           text: Tổ chức tập huấn, tuyên truyền về …\n\
         \x20 - title: TỔ CHỨC THỰC HIỆN\n\
         \x20   sections:\n\
         \x20     - title: Các đơn vị trong ngành\n\
         \x20       text: Xây dựng kế hoạch triển khai và báo cáo kết quả theo quy định.\n\
         \x20       reporting: true   # in câu chế độ báo cáo ở đây / print the reporting sentence here\n\
         # Chế độ báo cáo / the units' reporting duty and its deadlines (\"MM-DD\").\n\
         reporting:\n\
         \x20 lead: Căn cứ Kế hoạch này, thủ trưởng các đơn vị xây dựng kế hoạch triển khai\n\
         \x20 to: {issuer_text}   # nơi nhận báo cáo / where reports go\n\
         \x20 purpose: để tổng hợp, báo cáo theo quy định\n\
         \x20 deadlines:   # unit-plan | six-month-report | annual-report\n\
         \x20   - {{ deliverable: unit-plan, due: \"03-30\" }}\n\
         \x20   - {{ deliverable: six-month-report, due: \"06-15\" }}\n\
         \x20   - {{ deliverable: annual-report, due: \"11-15\" }}\n\
         # Nơi nhận / recipients, without \"- \" and \";\"; the archive line comes last.\n\
         recipients: [Các đơn vị trong ngành]\n\
         {archive}\
         {signature}",
        issuer = issuer_of(d, &d.issuer, false),
        frame = frame_lines(d, "kế hoạch"),
        preamble = scalar(&format!(
            "Để triển khai thực hiện tốt công tác … năm {y}, {} xây dựng Kế hoạch như sau:",
            d.issuer.in_text()
        )),
        issuer_text = scalar(&d.issuer.in_text()),
        archive = archive(d, &d.issuer),
        signature = signature_block(&d.signature),
    )
}

fn report(d: &Defaults) -> Option<String> {
    let (plan_key, plan) = d.plan.as_ref()?;
    let unit = d.unit.clone().unwrap_or_else(|| "ma-don-vi".into());
    let mut figures = String::new();
    for item in plan.items_with_ids() {
        let id = item.id.as_deref().unwrap_or_default();
        let example = if item.indicator.is_some() {
            "{ numerator: 0 }"
        } else {
            "{ sessions: 0, people: 0 }"
        };
        figures.push_str(&format!("#  {id}: {example}\n"));
    }
    Some(format!(
        "# Báo cáo của đơn vị (a unit's report on a plan), made by `vanban new report`.\n\
         # Điền các mục, rồi `vanban check` / fill in the keys, then run `vanban check`.\n\
         kind: report\n\
         unit: {unit}   # mã đơn vị trong units.yaml / the unit's id in the registry\n\
         plan: {plan_key}   # kế hoạch được báo cáo / the plan, relative to the plans folder\n\
         period: {period}   # kỳ báo cáo: six-month | annual | quarter-1 … / the reporting period\n\
         {frame}\
         # sent: {y}-06-10   # ngày gửi, mặc định là ngày ban hành / day sent (default: date)\n\
         # Trích yếu / summary.\n\
         summary: Kết quả thực hiện công tác … năm {y}\n\
         # Nội dung / the body; `table: indicators` or `table: tasks` prints a table of figures.\n\
         sections:\n\
         \x20 - title: Công tác chỉ đạo, triển khai\n\
         \x20   text: Đơn vị ban hành kế hoạch triển khai và phân công thực hiện.\n\
         \x20 - title: Kết quả thực hiện\n\
         \x20   sections:\n\
         \x20     - title: Các chỉ tiêu\n\
         \x20       table: indicators\n\
         \x20     - title: Các nhiệm vụ\n\
         \x20       table: tasks\n\
         \x20 - title: Đánh giá chung\n\
         \x20   text: Các hoạt động được triển khai đúng kế hoạch.\n\
         \x20 - title: Phương hướng, nhiệm vụ thời gian tới\n\
         \x20   items:\n\
         \x20     - Tiếp tục triển khai các nhiệm vụ của kế hoạch.\n\
         \x20 - title: Đề xuất, kiến nghị\n\
         \x20   text: Không.\n\
         # Số liệu theo mã của kế hoạch / figures by the plan's target and task ids. Counts:\n\
         # sessions, people, inspections, violations; numerator and denominator for indicators.\n\
         figures: {{}}\n\
         {figures}\
         # Nơi nhận / recipients; the archive line comes last.\n\
         recipients: [Như trên]\n\
         archive: [VT]   # dòng Lưu / archive line: \"- Lưu: VT.\"\n\
         # Chữ ký: chức vụ mặc định là người đứng đầu đơn vị / signature: the title defaults to\n\
         # the unit's head; a deputy writes `authority: KT, title: PHÓ GIÁM ĐỐC`.\n\
         signature: {{ name: Nguyễn Văn A }}\n",
        plan_key = scalar(plan_key),
        period = d.period.key(),
        frame = frame_lines_with(d, "báo cáo", false),
        y = d.year,
    ))
}

fn consolidated(d: &Defaults) -> Option<String> {
    let (plan_key, _) = d.plan.as_ref()?;
    Some(format!(
        "# Báo cáo tổng hợp (the consolidated report), made by `vanban new consolidated-report`.\n\
         # Số liệu tính từ báo cáo của các đơn vị / its figures are computed from the units' reports.\n\
         kind: consolidated-report\n\
         {issuer}\
         plan: {plan_key}   # kế hoạch được báo cáo / the plan, relative to the plans folder\n\
         period: {period}   # kỳ báo cáo: six-month | annual | quarter-1 … / the reporting period\n\
         {frame}\
         # Trích yếu / summary.\n\
         summary: Kết quả thực hiện công tác … năm {y}\n\
         to: [UBND tỉnh]   # Kính gửi / addressees\n\
         # Nội dung / the body; tables: late, indicators, tasks, units.\n\
         sections:\n\
         \x20 - title: Tình hình báo cáo của các đơn vị\n\
         \x20   table: late   # đơn vị chậm, chưa báo cáo / units late or missing\n\
         \x20 - title: Kết quả thực hiện\n\
         \x20   sections:\n\
         \x20     - title: Các chỉ tiêu\n\
         \x20       table: indicators\n\
         \x20     - title: Các nhiệm vụ\n\
         \x20       table: tasks\n\
         \x20     - title: Kết quả theo đơn vị\n\
         \x20       table: units\n\
         \x20 - title: Đánh giá chung\n\
         \x20   text: Các đơn vị cơ bản triển khai đúng kế hoạch.\n\
         \x20 - title: Phương hướng, nhiệm vụ thời gian tới\n\
         \x20   items:\n\
         \x20     - Tiếp tục chỉ đạo các đơn vị thực hiện kế hoạch.\n\
         # Nơi nhận / recipients; the archive line comes last.\n\
         recipients: [Như trên, Các đơn vị trong ngành]\n\
         {archive}\
         {signature}",
        issuer = issuer_of(d, &d.issuer, false),
        plan_key = scalar(plan_key),
        period = d.period.key(),
        frame = frame_lines(d, "báo cáo"),
        y = d.year,
        archive = archive(d, &d.issuer),
        signature = signature_block(&d.signature),
    ))
}

fn letter(d: &Defaults) -> String {
    let mut issuer = d.issuer.clone();
    if issuer.office.is_none() {
        issuer.office = Some("VP".into());
    }
    format!(
        "# Công văn (an official letter), made by `vanban new letter`. Điền các mục, rồi\n\
         # `vanban check` / fill in the keys, then run `vanban check`.\n\
         kind: letter\n\
         {issuer}\
         {frame}\
         # Trích yếu, in \"V/v …\" dưới số / what it is about, printed \"V/v …\" under the number.\n\
         summary: V/v triển khai công tác … năm {y}\n\
         to: [Các đơn vị trong ngành]   # Kính gửi / addressees\n\
         # Nội dung / the body: paragraphs separated by a blank line; \"- \" lines are items.\n\
         text: |\n\
         \x20 Thực hiện chỉ đạo của cấp trên về công tác …, {issuer_text} đề nghị các đơn vị:\n\
         \n\
         \x20 - Triển khai …;\n\
         \x20 - Báo cáo kết quả về {issuer_text} trước ngày 30/6/{y}.\n\
         # Câu kết / the closing sentence.\n\
         closing: Đề nghị các đơn vị triển khai thực hiện./.\n\
         # Nơi nhận / recipients (\"Như trên\" is added first); the archive line comes last.\n\
         recipients: [Lãnh đạo Sở]\n\
         {archive}\
         {signature}",
        issuer = issuer_of(d, &issuer, true),
        frame = frame_lines(d, "công văn"),
        y = d.year,
        issuer_text = scalar(&d.issuer.in_text()),
        archive = archive(d, &issuer),
        signature = signature_block(&d.signature),
    )
}

/// Options of `vanban new`.
#[derive(Debug, Clone)]
pub struct Options {
    /// What to make.
    pub kind: Kind,
    /// Where: a `.yaml` file under a plans folder.
    pub path: PathBuf,
    /// The year (default: the newest plan's, else this year).
    pub year: Option<i32>,
    /// Overwrite an existing file.
    pub force: bool,
}

fn no_plan(root: &Path, year: i32) -> Diagnostic {
    Diagnostic::error(
        root,
        "a report answers an issued plan, and this plans folder has none",
    )
    .hint(format!(
        "make the plan first: vanban new plan {}",
        root.join(format!("{year}/ke-hoach.yaml")).display()
    ))
}

/// What `vanban new` wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The new document.
    pub document: PathBuf,
    /// The schema files written beside `vanban.toml` because the project had none (the
    /// document's first line points the editor at them).
    pub schema: Vec<PathBuf>,
}

/// Writes the new document, and the project's schema files when they are missing;
/// `this_year` is the fallback year.
pub fn run(opts: &Options, this_year: i32) -> Result<Written, Diagnostic> {
    let path = &opts.path;
    if !matches!(
        path.extension().and_then(|x| x.to_str()),
        Some("yaml" | "yml")
    ) {
        return Err(
            Diagnostic::error(path, "a document's file name ends in .yaml")
                .hint("e.g. vanban new plan plans/2019/ke-hoach-phong-chong-mai-dam.yaml"),
        );
    }
    if path.exists() && !opts.force {
        return Err(Diagnostic::error(path, "the file exists already")
            .hint("choose another name, or pass --force to overwrite it"));
    }
    let root = crate::load::project_root(path);
    let defaults = Defaults::of_project(&root, opts.kind, path, opts.year, this_year);
    let Some(body) = scaffold(opts.kind, &defaults) else {
        return Err(no_plan(&root, defaults.year));
    };
    if opts.kind == Kind::Report && defaults.unit.is_none() {
        return Err(Diagnostic::error(
            root.join(crate::load::UNITS_FILE),
            "a unit's report names its unit from the units registry, and there is none",
        )
        .hint("create units.yaml with a `units:` list (see README.md)"));
    }
    let schema_file = crate::schema::project_schema(&root, false);
    let text = format!("{}\n{body}", crate::schema::modeline(path, &schema_file));
    crate::write::write_atomic(path, text.as_bytes())
        .map_err(|e| Diagnostic::error(path, format!("cannot write: {e}")))?;
    let schema = if schema_file.exists() {
        Vec::new()
    } else {
        let dir = schema_file.parent().unwrap_or(Path::new("."));
        crate::schema::write_all(dir)?
    };
    Ok(Written {
        document: path.clone(),
        schema,
    })
}
