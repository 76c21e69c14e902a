//! `[[questions]]`: the decision's own questions, each answered in words with figures from the
//! results (the answer is a template, like a SWOT item), and `appraisal.reference`, the option
//! incremental figures are measured against when no option is of kind `baseline`.

use super::super::node::{Node, Value};
use super::super::{OptionSpec, Question};
use super::Reader;
use crate::diag::{Problem, nearest};
use crate::format::template::filters_environment;

const ALLOWED: &str = "[[questions]] with question = \"Would option 1 cost more than £100k a year?\" and answer = \"In {{ option('in_house').p_over_budget | pct }} of futures\" (docs/scenario-format.md, Questions)";

impl Reader<'_> {
    pub(super) fn questions(&mut self, n: &Node) -> Vec<Question> {
        let Value::Array(items) = &n.value else {
            self.push(
                Problem::new(
                    "questions",
                    Some(n.span.clone()),
                    format!("expected [[questions]] entries, found {}", n.value.kind()),
                )
                .allowed(ALLOWED),
            );
            return Vec::new();
        };
        let env = filters_environment(Vec::new());
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("questions[{i}]");
            if !self.keys(item, &path, &["question", "answer"]) {
                continue;
            }
            let question = self.req_string(item, &path, "question", ALLOWED);
            let answer = self.req_string(item, &path, "answer", ALLOWED);
            let (Some(question), Some(answer)) = (question, answer) else {
                continue;
            };
            // Only the syntax can be checked before the run; names are checked when the
            // answer is filled in.
            if let Err(e) = env.template_from_str(&answer) {
                let span = item.get("answer").map(|a| a.span.clone());
                self.push(
                    Problem::new(
                        format!("{path}.answer"),
                        span,
                        format!(
                            "the answer's {{{{ }}}} expressions are not valid: {}",
                            e.detail().unwrap_or("template syntax error")
                        ),
                    )
                    .allowed(ALLOWED),
                );
                continue;
            }
            out.push(Question { question, answer });
        }
        out
    }

    /// Checks `appraisal.reference` against the options read: it must name one of them.
    pub(super) fn reference(&mut self, appraisal: &Node, options: &[OptionSpec]) {
        let Some(r) = appraisal.get("reference") else {
            return;
        };
        let Some(id) = self.string(r, "appraisal.reference") else {
            return;
        };
        if options.iter().any(|o| o.id == id) {
            return;
        }
        let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
        let allowed = match nearest(&id, &ids) {
            Some(s) => format!("did you mean '{s}'? Options: {}", ids.join(", ")),
            None => format!("the id of an option: {}", ids.join(", ")),
        };
        self.push(
            Problem::new(
                "appraisal.reference",
                Some(r.span.clone()),
                format!("'{id}' is not an option"),
            )
            .allowed(allowed),
        );
    }
}
