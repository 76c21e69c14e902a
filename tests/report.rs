//! Reports and appendices: snapshots of both example scenarios, byte-identical output, SWOT
//! items as templates (errors and escaping), and user templates.

use appraise::config::ReportJob;
use appraise::document::ReportKind;
use appraise::render::Format;
use appraise::{Request, report_document};
use assert_cmd::Command;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

/// A report of an example scenario, named by its path relative to the crate root (where cargo
/// runs integration tests), so that the audit block reads the same on every checkout.
fn render(name: &str, n: u64, kind: ReportKind, format: Format) -> String {
    let mut request = Request::new(Path::new("scenarios").join(name));
    request.iterations = Some(n);
    let job = ReportJob {
        request,
        kind,
        format,
        output: None,
        template: None,
        date: "2026-07-31".into(),
        wtp: None,
        effect: "completions".into(),
        sweep: None,
    };
    let doc = report_document(&job).expect("the example scenario runs");
    let bytes = format.renderer(None).render(&doc).expect("renders");
    String::from_utf8(bytes).expect("UTF-8")
}

/// The HTML with each inline SVG replaced by its SHA-256, so snapshots stay readable while any
/// change to a chart still shows.
fn with_svg_hashed(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("closed svg") + start + "</svg>".len();
        let digest: String = Sha256::digest(&rest.as_bytes()[start..end])
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect();
        out.push_str(&rest[..start]);
        out.push_str(&format!("<svg sha256-prefix=\"{digest}\"/>"));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn appraise_cmd() -> Command {
    Command::cargo_bin("appraise").expect("the binary is built")
}

/// Every example scenario's report and appendix, in Markdown and HTML (charts by hash).
#[test]
fn documents_of_every_example_scenario() {
    insta::glob!("../scenarios", "*.toml", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        for kind in [ReportKind::Report, ReportKind::Appendix, ReportKind::Notice] {
            for (format, ext) in [(Format::Markdown, "md"), (Format::Html, "html")] {
                let text = render(name, 1000, kind, format);
                let text = match format {
                    Format::Html => with_svg_hashed(&text),
                    _ => text,
                };
                insta::assert_snapshot!(format!("{}_{ext}", kind.name()), text);
            }
        }
    });
}

/// Same inputs and date: byte-identical files, through the command line, whatever the threads.
#[test]
fn same_inputs_give_byte_identical_reports() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["md", "html"] {
        let mut outputs = Vec::new();
        for (i, threads) in ["1", "2"].iter().enumerate() {
            let out = dir.path().join(format!("r{i}.{ext}"));
            appraise_cmd()
                .arg("report")
                .arg(scenario("torbay-2025.toml"))
                .args([
                    "-n",
                    "500",
                    "--date",
                    "2026-07-31",
                    "--threads",
                    threads,
                    "-o",
                ])
                .arg(&out)
                .assert()
                .success();
            outputs.push(std::fs::read(&out).unwrap());
        }
        assert!(!outputs[0].is_empty());
        assert_eq!(outputs[0], outputs[1], "{ext} differs between runs");
    }
}

#[test]
fn html_is_one_self_contained_file_with_charts() {
    let html = render("torbay-2025.toml", 500, ReportKind::Report, Format::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // The SVG namespace is a name, not an address that is fetched.
    let html = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for banned in ["<script", "http://", "https://", "<link", "@import", "src="] {
        assert!(!html.contains(banned), "the report holds {banned}");
    }
    // Cost, people, cost against completions, cash; swing and rank tornadoes; acceptability
    // curve and cost-effectiveness plane; the criteria's rank acceptabilities.
    assert_eq!(html.matches("<svg").count(), 9, "nine charts");
    assert_eq!(
        html.matches("<figcaption>").count(),
        9,
        "each chart has a caption"
    );
    assert!(html.contains("@media print"));
    for section in [
        "Decision summary",
        "Comparison of options",
        "Cash by financial year",
        "Risk register",
        "Which assumptions matter",
        "Value for money",
        "Beyond money: the options on every criterion",
        "What is worth finding out before deciding",
        "Assumptions log",
        "Method",
        "Glossary",
        "Audit",
    ] {
        assert!(
            html.contains(&format!(">{section}</h2>")),
            "no {section} section"
        );
    }
    assert!(html.contains("Strengths") && html.contains("Threats"));
}

fn write_scenario(dir: &Path, swot_item: &str) -> PathBuf {
    let text = std::fs::read_to_string(scenario("minimal.toml")).unwrap();
    let text = format!(
        "{text}\n[options.swot]\nstrengths = [{}]\n",
        toml_string(swot_item)
    );
    let path = dir.join("s.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn swot_items_quote_the_options_own_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_scenario(
        dir.path(),
        "Cost P50 {{ metric(\"cost\").p50 | money }}; P(start within 99 months) {{ p_start_within(99) | pct }}; P(cost above £0) {{ p_cost_above(0) | pct }}",
    );
    let out = appraise_cmd()
        .args(["report", "-n", "200", "--date", "2026-07-31"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    assert!(md.contains("P(start within 99 months) 100%"), "{md}");
    assert!(md.contains("P(cost above £0) 100%"));
    assert!(md.contains("Cost P50 £"));
}

#[test]
fn a_swot_item_with_a_missing_helper_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_scenario(dir.path(), "Chance {{ p_late(6) | pct }}");
    appraise_cmd()
        .args(["report", "-n", "100"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "options.new_worker.swot.strengths[0]: this SWOT item cannot be filled in: it calls a function that does not exist",
        ))
        .stderr(predicates::str::contains("Chance {{ p_late(6) | pct }}"))
        .stderr(predicates::str::contains("= allowed:"));
}

#[test]
fn a_swot_item_with_a_syntax_error_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_scenario(dir.path(), "Chance {{ p_over_budget | pct ");
    appraise_cmd()
        .args(["report", "-n", "100"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "cannot be filled in: its {{ }} expression is not valid",
        ));
}

#[test]
fn a_swot_item_with_markup_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_scenario(dir.path(), "<script>alert('x')</script> & <b>bold</b>");
    let out = dir.path().join("r.html");
    appraise_cmd()
        .args(["report", "-n", "100", "-o"])
        .arg(&out)
        .arg(&path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<script>alert"), "markup must be escaped");
    assert!(html.contains(
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2f;script&gt; &amp; &lt;b&gt;bold&lt;&#x2f;b&gt;"
    ));
    let md_out = dir.path().join("r.md");
    appraise_cmd()
        .args(["report", "-n", "100", "-o"])
        .arg(&md_out)
        .arg(&path)
        .assert()
        .success();
    let md = std::fs::read_to_string(&md_out).unwrap();
    assert!(
        md.contains("&lt;script&gt;"),
        "raw HTML is not passed into Markdown"
    );
}

#[test]
fn a_user_template_overrides_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("ours.html.j2");
    std::fs::write(
        &template,
        "<h1>{{ title }}</h1>{% for o in options %}<p>{{ o.name }}: {{ o.metrics.cost | range }}</p>{% endfor %}<p>{{ date }}</p>",
    )
    .unwrap();
    let out = dir.path().join("ours.html");
    appraise_cmd()
        .arg("report")
        .arg(scenario("minimal.toml"))
        .args(["-n", "100", "--date", "2026-07-31", "--template"])
        .arg(&template)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<h1>"), "{html}");
    assert!(html.contains("<p>2026-07-31</p>"));
    assert!(!html.contains("<!DOCTYPE html>"));
}

#[test]
fn a_template_naming_a_missing_value_fails_with_its_name_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("bad.md.j2");
    std::fs::write(&template, "# {{ title }}\n\n{{ options[0].nonsense }}\n").unwrap();
    appraise_cmd()
        .arg("report")
        .arg(scenario("minimal.toml"))
        .args(["-n", "100", "--template"])
        .arg(&template)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "template bad.md.j2, line 3: it names a value that does not exist",
        ));
}

#[test]
fn formats_follow_the_extension_and_bad_requests_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    appraise_cmd()
        .arg("report")
        .arg(scenario("minimal.toml"))
        .args(["-n", "100", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot tell the format of"));
    appraise_cmd()
        .arg("report")
        .arg(scenario("minimal.toml"))
        .args(["-n", "100", "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "cannot be written to the terminal",
        ));
    let out = dir.path().join("a.xlsx");
    appraise_cmd()
        .arg("appendix")
        .arg(scenario("minimal.toml"))
        .args(["-n", "100", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not as a spreadsheet"));
    assert!(!out.exists());
    appraise_cmd()
        .arg("report")
        .arg(scenario("minimal.toml"))
        .args(["-n", "100", "--date", "31/07/2026"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("YYYY-MM-DD"));
    // Markdown on standard output when no file is named.
    appraise_cmd()
        .arg("appendix")
        .arg(scenario("minimal.toml"))
        .args(["-n", "100"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "# Appendix: appraisal of options",
        ));
}

#[test]
fn a_report_never_overwrites_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.html");
    let text = std::fs::read(scenario("minimal.toml")).unwrap();
    std::fs::write(&path, &text).unwrap();
    appraise_cmd()
        .arg("report")
        .arg(&path)
        .args(["-n", "100", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("never writes over its inputs"));
    assert_eq!(std::fs::read(&path).unwrap(), text);
}

#[test]
fn a_report_with_a_sweep_and_a_willingness_to_pay_shows_both() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    appraise_cmd()
        .arg("report")
        .arg(scenario("torbay-2025.toml"))
        .args([
            "-n",
            "500",
            "--wtp",
            "8000",
            "--sweep",
            "appraisal.budget.annual",
        ])
        .args(["--values", "80000,100000,120000", "-o"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Sweep of <code>appraisal.budget.annual</code>"));
    assert_eq!(html.matches("<svg").count(), 10, "the sweep adds a chart");
    assert!(html.contains("Net benefit at £8,000"));
    assert!(html.contains("expected value of perfect information"));
    assert!(html.contains("Chance of going over budget and of being best"));
    // A sweep needs its values.
    appraise_cmd()
        .arg("report")
        .arg(scenario("torbay-2025.toml"))
        .args(["-n", "100", "--sweep", "appraisal.budget.annual"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("needs its values"));
}
