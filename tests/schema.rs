//! The JSON Schema of `appraise schema`: every shipped scenario and every starting scenario of
//! `appraise init` validates against it, an unknown key is rejected by it and by the reader
//! alike, and the copy shipped beside the scenarios (which their `#:schema` line names) is the
//! schema this version prints.

use appraise::scenario::starter::Starter;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn crate_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate_file("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    files
}

/// A scenario's TOML as the JSON an editor checks against the schema.
fn as_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).expect("the scenario is TOML");
    serde_json::to_value(table).expect("TOML converts to JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&appraise::scenario::schema()).expect("the schema is a schema")
}

fn errors(text: &str) -> Vec<String> {
    validator()
        .iter_errors(&as_json(text))
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_shipped_scenario_validates_against_the_schema() {
    for f in shipped() {
        let text = std::fs::read_to_string(&f).unwrap();
        let e = errors(&text);
        assert!(e.is_empty(), "{}:\n{}", f.display(), e.join("\n"));
        assert!(
            text.starts_with("#:schema ./appraise.schema.json\n"),
            "{} does not name the schema on its first line",
            f.display()
        );
    }
}

#[test]
fn every_starting_scenario_validates_against_the_schema() {
    for s in Starter::ALL {
        let e = errors(s.text());
        assert!(e.is_empty(), "{}:\n{}", s.name(), e.join("\n"));
    }
}

#[test]
fn an_unknown_key_is_rejected_by_the_schema_and_by_the_reader() {
    let torbay = std::fs::read_to_string(crate_file("scenarios/torbay-2025.toml")).unwrap();
    for (at, typo) in [
        ("[appraisal]\n", "horizon_yaers = 3\n"),
        ("id = \"in_house_specialists\"\n", "capacty = 2\n"),
    ] {
        let text = torbay.replacen(at, &format!("{at}{typo}"), 1);
        assert_ne!(text, torbay);
        let e = errors(&text);
        let key = typo.split(' ').next().unwrap();
        assert!(
            e.iter().any(|m| m.contains(key)),
            "the schema should name {key}: {e:?}"
        );
        let loaded = appraise::scenario::from_text("t.toml", text.clone(), &[], text.into_bytes());
        let shown = loaded.expect_err("the reader refuses it").to_string();
        assert!(shown.contains(&format!("unknown key '{key}'")), "{shown}");
    }
}

#[test]
fn a_wrong_kind_of_value_is_rejected_by_the_schema() {
    let torbay = std::fs::read_to_string(crate_file("scenarios/torbay-2025.toml")).unwrap();
    let text = torbay.replacen("horizon_years = 3", "horizon_years = \"three\"", 1);
    assert_ne!(text, torbay);
    assert!(!errors(&text).is_empty());
    let text = torbay.replacen("method = \"monte_carlo\"", "method = \"monte-carlo\"", 1);
    assert_ne!(text, torbay);
    assert!(!errors(&text).is_empty());
}

#[test]
fn the_shipped_schema_is_the_one_this_version_prints() {
    let shipped = std::fs::read_to_string(crate_file("scenarios/appraise.schema.json")).unwrap();
    assert!(
        shipped == appraise::schema_text(),
        "scenarios/appraise.schema.json is out of date: run\n  cargo run -- schema -o scenarios/appraise.schema.json"
    );
}

/// The bounds a key's schema gives, as `--set` values just inside and just outside them.
fn bounds(property: &Value) -> Option<(Vec<String>, Vec<String>)> {
    let whole = property["type"] == "integer";
    let show = |x: f64| {
        if whole {
            format!("{}", x as i64)
        } else {
            format!("{x:?}")
        }
    };
    let step = if whole { 1.0 } else { 0.5 };
    let (mut inside, mut outside) = (Vec::new(), Vec::new());
    for (bound, beyond) in [("minimum", -step), ("maximum", step)] {
        if let Some(x) = property[bound].as_f64().filter(|x| x.abs() < 1e15) {
            inside.push(show(x));
            outside.push(show(x + beyond));
        }
    }
    (!inside.is_empty()).then_some((inside, outside))
}

#[test]
fn the_schema_bounds_are_the_readers() {
    // The reader checks each bound itself: the schema's bounds of every bounded key of
    // [appraisal] and of an option must be accepted by the reader, and a value just beyond
    // them refused, so that the two cannot drift apart.
    let torbay = std::fs::read_to_string(crate_file("scenarios/torbay-2025.toml")).unwrap();
    let schema = appraise::scenario::schema();
    let option = &schema["properties"]["options"]["items"]["properties"];
    let tables = [
        (
            "appraisal",
            &schema["properties"]["appraisal"]["properties"],
        ),
        ("options.in_house_specialists", option),
    ];
    let load = |set: String| {
        appraise::scenario::from_text(
            "t.toml",
            torbay.clone(),
            std::slice::from_ref(&set),
            torbay.clone().into_bytes(),
        )
    };
    let mut checked = 0;
    for (table, properties) in tables {
        for (key, property) in properties.as_object().expect("a table's keys") {
            let Some((inside, outside)) = bounds(property) else {
                continue;
            };
            // The reader may refuse a value at a bound for what it does to another key (a
            // shorter horizon leaves a cost's month outside it), but not for the key itself.
            let path = format!("{table}.{key}");
            let about_key =
                |e: &str| e.contains(&format!("{path}:")) || e.contains(&format!("{path} "));
            for v in inside {
                let set = format!("{path}={v}");
                if let Err(e) = load(set.clone()) {
                    let e = e.to_string();
                    assert!(
                        !about_key(&e),
                        "the schema allows {set}, the reader does not:\n{e}"
                    );
                }
            }
            for v in outside {
                let set = format!("{path}={v}");
                let e = load(set.clone()).err().map(|e| e.to_string());
                assert!(
                    e.as_deref().is_some_and(about_key),
                    "the schema refuses {set}, the reader does not: {e:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} bounded keys");
}
