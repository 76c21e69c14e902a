//! `[[information]]`: named groups of inputs whose value of information is wanted together
//! (all the risks of one option, every figure behind the value of a completion, …). The paths
//! are checked against the compiled model's inputs when the value of information is computed.

use super::super::Information;
use super::super::node::{Node, Value};
use super::Reader;
use crate::diag::Problem;

const HELP: &str = "inputs = [\"parameters.harm_per_victim\", \"options.in_house.risks[*].probability\"]: input paths in the scenario (an option's own under options.ID., which the samples file names option.… in that option's rows), where * stands for any run of characters";

impl Reader<'_> {
    pub(super) fn information(&mut self, n: &Node) -> Vec<Information> {
        let Value::Array(items) = &n.value else {
            self.push(
                Problem::new(
                    "information",
                    Some(n.span.clone()),
                    format!("expected [[information]] entries, found {}", n.value.kind()),
                )
                .allowed("[[information]] tables with id, name and inputs"),
            );
            return Vec::new();
        };
        let mut ids: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("information[{i}]");
            if !self.keys(item, &path, &["id", "name", "inputs", "note"]) {
                continue;
            }
            let Some(id) = self.id(item, &path, &ids, "information") else {
                continue;
            };
            ids.push(id.clone());
            let path = format!("information.{id}");
            let name = self.req_string(item, &path, "name", "the group's name in quotes");
            let _ = self.opt_string(item, &path, "note");
            let Some(list) = item.get("inputs") else {
                self.missing(item, &path, "inputs", HELP);
                continue;
            };
            let ipath = format!("{path}.inputs");
            let Value::Array(entries) = &list.value else {
                self.push(
                    Problem::new(
                        &ipath,
                        Some(list.span.clone()),
                        format!(
                            "expected a list of input paths, found {}",
                            list.value.kind()
                        ),
                    )
                    .allowed(HELP),
                );
                continue;
            };
            if entries.is_empty() {
                self.push(
                    Problem::new(&ipath, Some(list.span.clone()), "the group names no inputs")
                        .allowed(HELP),
                );
                continue;
            }
            let mut inputs = Vec::new();
            let mut spans = Vec::new();
            for (j, e) in entries.iter().enumerate() {
                let Some(p) = self.string(e, &format!("{ipath}[{j}]")) else {
                    continue;
                };
                let usable = !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_.[]*".contains(c));
                if !usable {
                    self.push(
                        Problem::new(
                            format!("{ipath}[{j}]"),
                            Some(e.span.clone()),
                            format!("'{p}' is not an input path"),
                        )
                        .allowed(HELP),
                    );
                    continue;
                }
                inputs.push(p);
                spans.push(e.span.clone());
            }
            if let (Some(name), true) = (name, inputs.len() == entries.len()) {
                out.push(Information {
                    id,
                    name,
                    inputs,
                    spans,
                });
            }
        }
        out
    }
}
