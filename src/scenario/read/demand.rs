//! `[[demand]]`: the referral streams options reach.

use super::super::Demand;
use super::super::node::{Node, Value};
use super::measure::Measure;
use super::{Reader, keys};
use crate::diag::Problem;

impl Reader<'_> {
    pub(super) fn demand(&mut self, n: &Node) -> Vec<Demand> {
        let Value::Array(items) = &n.value else {
            self.push(
                Problem::new(
                    "demand",
                    Some(n.span.clone()),
                    format!("expected [[demand]] entries, found {}", n.value.kind()),
                )
                .allowed("[[demand]] tables with id and per_year"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("demand[{i}]");
            if !self.known(item, &path, &keys::DEMAND) {
                continue;
            }
            let Some(id) = self.id(item, &path, &self.demand_ids.clone(), "demand") else {
                continue;
            };
            let path = format!("demand.{id}");
            self.demand_ids.push(id.clone());
            let name = self.opt_string(item, &path, "name");
            let per_year = self.quantity(item, &path, "per_year", Measure::People, None);
            if let Some(per_year) = per_year {
                out.push(Demand { id, name, per_year });
            }
        }
        out
    }
}
