//! The decision notice (`appraise notice`) and Word output: the notice's headings in order for
//! every example scenario (snapshots), placeholders where `[decision]` is silent, `[decision]`
//! mistakes reported like any other key, and .docx files read back with a zip reader (heading
//! styles, a table's cells, the chart images).

use appraise::config::ReportJob;
use appraise::document::ReportKind;
use appraise::render::Format;
use appraise::{Request, report_document};
use assert_cmd::Command;
use std::io::Read;
use std::path::{Path, PathBuf};

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn render(file: &Path, n: u64, kind: ReportKind, format: Format) -> Vec<u8> {
    let mut request = Request::new(file);
    request.iterations = Some(n);
    let job = ReportJob {
        request,
        kind,
        format,
        output: Some(PathBuf::from("out")),
        template: None,
        date: "2026-07-31".into(),
        wtp: None,
        effect: "completions".into(),
        sweep: None,
    };
    let doc = report_document(&job).expect("the scenario runs");
    format.renderer(None).render(&doc).expect("renders")
}

fn markdown(name: &str, kind: ReportKind) -> String {
    String::from_utf8(render(&scenario(name), 300, kind, Format::Markdown)).unwrap()
}

/// The Markdown headings of a text, one a line, indented by level.
fn headings(md: &str) -> String {
    md.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            let level = l.chars().take_while(|c| *c == '#').count();
            format!("{}{}", "  ".repeat(level - 1), l[level..].trim())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn notice_headings_follow_the_norfolk_layout() {
    insta::glob!("../scenarios", "*.toml", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        insta::assert_snapshot!(
            "notice_headings",
            headings(&markdown(name, ReportKind::Notice))
        );
    });
}

#[test]
fn notice_paragraphs_are_numbered_as_in_the_seed() {
    let md = markdown("norfolk-2023.toml", ReportKind::Notice);
    for start in [
        "1.2 The DAPPA team and MARAC process",
        "2.10 The current perpetrator service provision",
        "2.16 The desired outcomes",
        "4.1 **Do not fund The Change Project.** Not funding The Change Project",
        "5.2 The approach aligns",
        "6.1 To deliver the service until the 31st of March 2024",
        "6.2 The analysis of Fund The Change Project",
        "7.1 All parties will work together",
        "7.3 The risk register of Fund The Change Project",
    ] {
        assert!(
            md.lines().any(|l| l.starts_with(start)),
            "no paragraph starting {start:?}"
        );
    }
    // Norfolk says everything the notice asks for: no placeholder is left.
    assert!(!md.contains("[To complete"), "{md}");
    assert!(md.contains("| Decision no. | 21/2023 |"));
    assert!(md.contains("| Has legal advice been sought on this submission? | No |"));
}

#[test]
fn a_scenario_without_decision_shows_placeholders_where_it_is_silent() {
    let md = markdown("minimal.toml", ReportKind::Notice);
    for key in [
        "subject",
        "originator",
        "number",
        "summary",
        "recommendation",
        "objective",
        "background",
        "areas_for_consideration",
        "strategic_aims",
        "public_access",
        "chief_executive.date",
    ] {
        assert!(
            md.contains(&format!(
                "[To complete: add `{key}` to [decision] in the scenario]"
            )),
            "no placeholder for {key}"
        );
    }
    assert!(
        md.contains("**[yes/no]**"),
        "unanswered checklist questions"
    );
    // The figures are there all the same.
    assert!(md.contains("### 6. Financial and other resource implications"));
    assert!(
        md.contains("The analysis supports"),
        "the choice comes from the analysis"
    );
    // Torbay leaves its number and sign-offs out, and says so.
    let torbay = markdown("torbay-2025.toml", ReportKind::Notice);
    assert!(torbay.contains("| Decision no. | **[To complete: add `number`"));
    assert!(!torbay.contains("add `objective`"));
}

#[test]
fn decision_mistakes_are_reported_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(scenario("minimal.toml")).unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        format!(
            "{text}\n[decision]\noption = \"nope\"\nchecklist.legal_advice = \"maybe\"\nobjectve = \"x\"\n"
        ),
    )
    .unwrap();
    let out = Command::cargo_bin("appraise")
        .unwrap()
        .arg("validate")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("decision.option: the scenario has no option 'nope'"),
        "{err}"
    );
    assert!(
        err.contains("decision.checklist.legal_advice: expected yes or no"),
        "{err}"
    );
    assert!(
        err.contains("unknown key 'objectve'") && err.contains("did you mean 'objective'"),
        "{err}"
    );
}

/// The parts of a .docx file by name.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"))
        .1
}

/// The text of each paragraph with the given style, in order.
fn styled(document: &str, style: &str) -> Vec<String> {
    document
        .split("</w:p>")
        .filter(|p| p.contains(&format!("<w:pStyle w:val=\"{style}\"")))
        .map(text_of)
        .collect()
}

fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    // Runs of text are <w:t> or <w:t xml:space="preserve">, not <w:tc>, <w:tbl>, ….
    while let Some(i) = rest.find("<w:t") {
        let after = &rest[i + 4..];
        if !(after.starts_with('>') || after.starts_with(' ')) {
            rest = after;
            continue;
        }
        let open = after.find('>').unwrap_or(0);
        let body = &after[open + 1..];
        let end = body.find("</w:t>").unwrap_or(body.len());
        out.push_str(&body[..end]);
        rest = &body[end..];
    }
    out.replace("&amp;", "&")
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
}

#[test]
fn the_notice_as_word_has_heading_styles_tables_and_a_header_row() {
    let bytes = render(
        &scenario("norfolk-2023.toml"),
        300,
        ReportKind::Notice,
        Format::Docx,
    );
    let parts = parts(&bytes);
    let doc = String::from_utf8(part(&parts, "word/document.xml").to_vec()).unwrap();
    let h2 = styled(&doc, "Heading2");
    assert_eq!(
        &h2[..5],
        [
            "Summary",
            "Recommendation",
            "Outcome/approval by: PCC/chief executive/chief finance officer",
            "Detail of the submission",
            "Originator checklist",
        ]
    );
    let h3 = styled(&doc, "Heading3");
    assert_eq!(h3[0], "1. Objective");
    assert_eq!(h3[6], "7. Other implications and risks");
    let styles = String::from_utf8(part(&parts, "word/styles.xml").to_vec()).unwrap();
    assert!(styles.contains("w:styleId=\"Heading1\"") && styles.contains("heading 1"));
    // The header block is a table whose cells read back.
    let table = &doc[doc.find("<w:tbl>").expect("a table")..];
    let table = &table[..table.find("</w:tbl>").unwrap()];
    let cells: Vec<String> = table.split("</w:tc>").map(text_of).collect();
    assert!(
        cells
            .windows(2)
            .any(|w| w[0] == "Decision no." && w[1] == "21/2023"),
        "{cells:?}"
    );
    assert!(
        doc.contains("<w:tblHeader"),
        "header rows repeat on each page"
    );
    assert!(doc.contains("w:type=\"page\""), "page breaks");
    // Bullets are Word bullets (a numbering of its own, not the numbered list docx-rs defines).
    let numbering = String::from_utf8(part(&parts, "word/numbering.xml").to_vec()).unwrap();
    let ours = &numbering[numbering
        .find("w:abstractNumId=\"100\"")
        .expect("our numbering")..];
    assert!(ours[..ours.find("</w:abstractNum>").unwrap()].contains("w:val=\"bullet\""));
    assert!(
        doc.contains("<w:numId w:val=\"100\""),
        "bulleted paragraphs"
    );
}

#[test]
fn the_report_as_word_embeds_its_charts_as_png() {
    let bytes = render(
        &scenario("torbay-2025.toml"),
        300,
        ReportKind::Report,
        Format::Docx,
    );
    let parts = parts(&bytes);
    let images: Vec<&(String, Vec<u8>)> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/media/") && !n.ends_with('/'))
        .collect();
    assert_eq!(images.len(), 9, "eight charts and the rank acceptabilities");
    for (name, data) in &images {
        assert!(data.starts_with(b"\x89PNG"), "{name} is a PNG");
    }
    let types = String::from_utf8(part(&parts, "[Content_Types].xml").to_vec()).unwrap();
    assert!(types.contains("png"));
    let doc = String::from_utf8(part(&parts, "word/document.xml").to_vec()).unwrap();
    assert_eq!(
        styled(&doc, "Heading1"),
        ["Responding to domestic abuse perpetration in Torbay"]
    );
    assert!(styled(&doc, "Heading2").contains(&"Decision summary".to_string()));
    // Same inputs, same bytes.
    assert_eq!(
        bytes,
        render(
            &scenario("torbay-2025.toml"),
            300,
            ReportKind::Report,
            Format::Docx
        )
    );
}

#[test]
fn notice_command_writes_word_html_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["docx", "html", "md"] {
        let out = dir.path().join(format!("notice.{ext}"));
        Command::cargo_bin("appraise")
            .unwrap()
            .args(["notice"])
            .arg(scenario("norfolk-2023.toml"))
            .args(["-n", "200", "--date", "2026-07-31", "-o"])
            .arg(&out)
            .assert()
            .success();
        assert!(std::fs::metadata(&out).unwrap().len() > 1000, "{ext}");
    }
    let html = std::fs::read_to_string(dir.path().join("notice.html")).unwrap();
    assert!(html.contains("<h2>Chief Finance Officer (Section 151 Officer)</h2>"));
    // Word cannot go to the terminal, and the notice is not a spreadsheet.
    for args in [vec!["-f", "docx"], vec!["-o", "n.xlsx"]] {
        Command::cargo_bin("appraise")
            .unwrap()
            .arg("notice")
            .arg(scenario("norfolk-2023.toml"))
            .args(args)
            .assert()
            .code(2);
    }
}
