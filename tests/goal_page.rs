//! The goal page as people look at it: a phone 360 px wide, measured in headless Chromium
//! through `scripts/screenshot.sh measure`, and the contrast of the pace marker.

mod common;

use std::path::Path;

fn example_page() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    common::run_kith(&common::example_vault(), &["report", "--out", out.path().to_str().unwrap()]).ok();
    let page = out.path().join("goals.html");
    (out, page)
}

/// The page's layout in a window `width` px wide, or `None` (with a message) without Chromium.
fn measure(page: &Path, width: u32) -> Option<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/screenshot.sh");
    let run = std::process::Command::new("bash")
        .arg(script)
        .args(["measure", &width.to_string(), page.to_str().unwrap()])
        .output()
        .expect("run scripts/screenshot.sh");
    if run.status.code() == Some(3) {
        eprintln!("SKIPPED: the goal page layout test needs chromium (apt-get install chromium)");
        return None;
    }
    let text = String::from_utf8_lossy(&run.stdout);
    Some(serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("no measure ({e}): {text}")))
}

#[test]
fn goal_page_fits_a_360px_phone_and_chart_text_has_a_fixed_size() {
    let (_out, page) = example_page();
    for width in [360, 1200] {
        let Some(m) = measure(&page, width) else { return };
        assert_eq!(m["width"], width, "{m}");
        assert!(m["scrollWidth"].as_u64().unwrap() <= u64::from(width), "sideways scroll at {width} px: {m}");
        let sizes = m["labelPx"].as_array().unwrap();
        assert!(!sizes.is_empty(), "chart labels: {m}");
        assert!(sizes.iter().all(|px| px.as_f64() == Some(12.0)), "labels 12 CSS px at {width} px: {m}");
        assert_eq!(m["svgText"], 0, "no text that scales with the drawing: {m}");
    }
}

#[test]
fn goal_page_summary_axis_target_and_deadline_markers() {
    let (_out, page) = example_page();
    let html = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let summary: Vec<String> = html.select(&sel("ul.summary li")).map(|li| li.text().collect::<String>()).collect();
    assert_eq!(summary.len(), 5, "one line per goal: {summary:?}");
    assert!(
        summary.iter().any(|l| l.contains("overdue") && l.contains("Publish five bylined articles")),
        "{summary:?}"
    );
    for card in html.select(&sel("section.goal[id]")) {
        let labels: Vec<String> = card.select(&sel(".chart-box .lbl")).map(|l| l.text().collect()).collect();
        assert!(labels.iter().any(|l| l.starts_with("target ") || l.ends_with(" wins")), "y label: {labels:?}");
        assert!(card.select(&sel("svg.chart line.deadline")).count() == 1, "deadline marker");
        assert!(card.select(&sel("svg.bar line.pace-halo")).count() == 1, "pace marker halo");
    }
}

/// WCAG relative luminance and contrast of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let lum = |hex: &str| {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn pace_marker_contrast_is_at_least_3_to_1_on_the_bar_and_the_track() {
    let template = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/goals.html")).unwrap();
    // The light palette, then the dark one.
    for block in template.split("@media (prefers-color-scheme: dark)").take(2) {
        let var = |name: &str| {
            let at = block.find(&format!("--{name}: #")).unwrap_or_else(|| panic!("--{name}")) + name.len() + 4;
            block[at..at + 7].to_string()
        };
        let (core, halo, fill, track) = (var("fg"), var("card"), var("fill"), var("track"));
        assert!(contrast(&halo, &fill) >= 3.0, "halo {halo} on bar {fill}: {:.2}", contrast(&halo, &fill));
        assert!(contrast(&core, &track) >= 3.0, "core {core} on track {track}: {:.2}", contrast(&core, &track));
        assert!(contrast(&core, &halo) >= 3.0, "core {core} in halo {halo}: {:.2}", contrast(&core, &halo));
    }
}

#[test]
fn win_lines_drop_the_goal_link_and_tags_and_keep_date_order_everywhere() {
    let (out, page) = example_page();
    let html = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let card = html
        .select(&sel("section.goal[id]"))
        .find(|c| c.text().collect::<String>().contains("Reconnect with 10 former colleagues"))
        .unwrap();
    let wins: Vec<String> =
        card.select(&sel("li")).map(|li| li.text().collect::<String>()).filter(|t| t.starts_with("2026-")).collect();
    assert!(wins.iter().any(|w| w.contains("mock interview for the Lumen role.")), "{wins:?}");
    assert!(wins.iter().all(|w| !w.contains('#') && !w.ends_with("Reconnect")), "{wins:?}");
    let mut sorted = wins.clone();
    sorted.sort();
    assert_eq!(wins, sorted, "oldest first, as in the text");
    let text = common::run_kith(&common::example_vault(), &["goals"]).ok().stdout;
    let line = text.lines().find(|l| l.contains("Run along the canal")).unwrap();
    assert!(line.ends_with("mock interview for the Lumen role."), "{line}");
    drop(out);
}
