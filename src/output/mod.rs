//! Rendering results: each format returns text or bytes; only [`write_atomic`] touches files.

pub mod compare;
pub mod samples;
pub mod sensitivity;
pub mod sweep;
pub mod table;

use crate::Error;
use crate::results::Results;
use std::io::Write;
use std::path::Path;

/// The results as pretty JSON (the contract in `docs/model.md`), ending in a newline.
pub fn json(results: &Results) -> String {
    let mut s = serde_json::to_string_pretty(results).expect("results serialise");
    s.push('\n');
    s
}

/// One row per option and metric: option, metric, then each statistic.
pub fn csv_summary(results: &Results) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let stats = [
        "mean",
        "sd",
        "mcse",
        "min",
        "max",
        "p5",
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
        "p95",
        "undefined_share",
    ];
    let mut header = vec!["option", "metric"];
    header.extend(stats);
    let err = |e: csv::Error| Error::Output(format!("cannot write CSV: {e}"));
    w.write_record(&header).map_err(err)?;
    for o in &results.options {
        for (name, s) in &o.metrics.0 {
            let vals = [
                s.mean,
                s.sd,
                s.mcse,
                s.min,
                s.max,
                s.p5,
                s.p10,
                s.p25,
                s.p50,
                s.p75,
                s.p90,
                s.p95,
                s.undefined_share,
            ];
            let mut row = vec![o.id.clone(), name.clone()];
            row.extend(vals.iter().map(|v| number(*v)));
            w.write_record(&row).map_err(err)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| Error::Output(e.to_string()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields"))
}

/// A number for CSV: shortest text that reads back to the same f64; empty when undefined.
pub fn number(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
    }
}

/// Refuses an output path that is one of the inputs (never write over an input file).
pub fn check_output_path(out: &Path, inputs: &[&Path]) -> Result<(), Error> {
    let canon = |p: &Path| p.canonicalize().ok();
    if let Some(o) = canon(out) {
        for i in inputs {
            if canon(i).as_ref() == Some(&o) {
                return Err(Error::Usage(format!(
                    "{} is an input of this run; appraise never writes over its inputs\n  = allowed: a new file name for the output",
                    out.display()
                )));
            }
        }
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(Error::Usage(format!(
            "cannot write {}: the folder {} does not exist\n  = allowed: a file in an existing folder",
            out.display(),
            dir.display()
        )));
    }
    if out.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a folder\n  = allowed: a file name for the output",
            out.display()
        )));
    }
    Ok(())
}

/// Writes a file whole or not at all: into a temporary file beside it, then renamed over it.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| Error::Output(format!("cannot write {}: {e}", path.display()));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w).map_err(fail)?;
        w.flush().map_err(fail)?;
    }
    // A temporary file is private (0600); an output is an ordinary file others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| {
        Error::Output(format!(
            "cannot write {}: {}",
            path.display(),
            e.error.kind()
        ))
    })?;
    Ok(())
}
