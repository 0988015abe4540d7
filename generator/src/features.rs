//! Cargo features per resource group.
//!
//! Each top-level group of endpoints (`locks`, `access_codes`, `acs`, …)
//! is a Cargo feature, all on by default. A type is compiled when a feature
//! of a group that uses it is on: the groups that reach it through the
//! schema graph (request bodies, parameters and responses, then every type
//! those hold). A type that an ungated group reaches is always compiled.
//! A type that no group reaches (a component no endpoint uses) is compiled
//! when every type it holds is: with all of the features those need, or
//! always when it holds only types that are always compiled. Since
//! reaching is transitive, a type's features include those of every type
//! that holds it, so any choice of features compiles.
//!
//! The pass only reads the IR and settings; `emit` turns its result into
//! `#[cfg(any(feature = "…"))]` and `#[cfg(all(feature = "…"))]`
//! attributes and the `[features]` table.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Endpoint, TypeId};
use crate::naming::{self, Namespace};

/// Which features gate what.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// The feature of each gated top-level group, by the group's word in the spec.
    pub groups: BTreeMap<String, String>,
    /// The features that enable each gated type that groups reach: any one
    /// of them compiles it (a type listed neither here nor in `unreached`
    /// is always compiled).
    pub types: BTreeMap<TypeId, BTreeSet<String>>,
    /// The features that together enable each type no group reaches that
    /// holds gated types: all of them compile it.
    pub unreached: BTreeMap<TypeId, BTreeSet<String>>,
}

impl Features {
    /// The feature that gates `endpoint`, if any.
    pub fn of_endpoint(&self, endpoint: &Endpoint) -> Option<&str> {
        self.groups.get(endpoint.group.first()?).map(String::as_str)
    }
}

/// The features pass. `ungated` are the top-level groups that are always
/// compiled; `reserved` are feature names taken already (`undocumented`).
pub fn assign_features(api: &Api, ungated: &[String], reserved: &[&str]) -> Features {
    let mut names = Namespace::default();
    for name in reserved.iter().chain(&["default"]) {
        names.claim(name, "_");
    }
    let mut features = Features::default();
    let top_groups: BTreeSet<&String> = api.endpoints.iter().filter_map(|endpoint| endpoint.group.first()).collect();
    for group in top_groups {
        if !ungated.contains(group) {
            features.groups.insert(group.clone(), names.claim(&naming::field_name(group), "_").into());
        }
    }
    let mut by_feature: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
    let mut always_roots = Vec::new();
    for endpoint in &api.endpoints {
        match features.of_endpoint(endpoint) {
            Some(feature) => by_feature.entry(feature.to_owned()).or_default().extend(endpoint.named_types()),
            None => always_roots.extend(endpoint.named_types()),
        }
    }
    let by_feature: BTreeMap<String, BTreeSet<TypeId>> =
        by_feature.into_iter().map(|(feature, roots)| (feature, api.reachable_from(roots))).collect();
    let reached: BTreeSet<TypeId> = by_feature.values().flatten().copied().collect();
    let always = api.reachable_from(always_roots);
    for (feature, ids) in by_feature {
        for id in ids {
            if !always.contains(&id) {
                features.types.entry(id).or_default().insert(feature.clone());
            }
        }
    }
    // A type no group reaches needs one feature of each gated type it holds:
    // the types with the fewest features choose first, and a type one of
    // whose features is chosen already needs no other.
    for id in api.types.keys().filter(|id| !reached.contains(id) && !always.contains(id)) {
        let mut held: Vec<&BTreeSet<String>> = api.reachable_from(vec![*id]).iter().filter_map(|held| features.types.get(held)).collect();
        held.sort_by_key(|names| names.len());
        let mut required = BTreeSet::new();
        for names in held {
            if names.is_disjoint(&required) {
                if let Some(first) = names.iter().next() {
                    required.insert(first.clone());
                }
            }
        }
        if !required.is_empty() {
            features.unreached.insert(*id, required);
        }
    }
    features
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_gated_by_the_groups_that_reach_them() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /locks/get:
    post:
      tags: [locks]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/lock'}}}}
  /codes/get:
    post:
      tags: [codes]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/code'}}}}
  /events/get:
    post:
      tags: [events]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/event'}}}}
components:
  schemas:
    lock: {type: object, properties: {battery: {$ref: '#/components/schemas/battery'}}}
    code: {type: object, properties: {battery: {$ref: '#/components/schemas/battery'}, only: {$ref: '#/components/schemas/only_codes'}}}
    battery: {type: object, properties: {level: {type: number}}}
    only_codes: {type: object, properties: {x: {type: string}}}
    event: {type: object, properties: {code: {$ref: '#/components/schemas/code'}}}
    orphan: {type: object, properties: {lock: {$ref: '#/components/schemas/lock'}}}
"#;
        let spec = crate::parse_spec("t.yaml", text).unwrap();
        let (api, _) = crate::lower(&spec, &crate::Settings::new("t")).unwrap();
        let features = assign_features(&api, &["events".to_owned()], &["undocumented"]);
        let gate = |name: &str| {
            let id = api.types.iter().find(|(_, def)| def.name == name).map(|(id, _)| *id).unwrap();
            features.types.get(&id).map(|names| names.iter().cloned().collect::<Vec<_>>()).unwrap_or_default()
        };
        assert_eq!(features.groups.values().collect::<Vec<_>>(), ["codes", "locks"]);
        // `code` and what it holds: reached by the ungated `events`.
        assert!(gate("Code").is_empty() && gate("OnlyCodes").is_empty() && gate("Battery").is_empty());
        // `lock`: reached by the `locks` group only; `orphan`, which no group
        // reaches, is compiled with what it holds.
        assert_eq!(gate("Lock"), ["locks"]);
        let unreached = |name: &str| {
            let id = api.types.iter().find(|(_, def)| def.name == name).map(|(id, _)| *id).unwrap();
            features.unreached.get(&id).map(|names| names.iter().cloned().collect::<Vec<_>>()).unwrap_or_default()
        };
        assert_eq!(unreached("Orphan"), ["locks"]);
        let features = assign_features(&api, &[], &["undocumented"]);
        let gate = |name: &str| {
            let id = api.types.iter().find(|(_, def)| def.name == name).map(|(id, _)| *id).unwrap();
            features.types.get(&id).map(|names| names.iter().cloned().collect::<Vec<_>>()).unwrap_or_default()
        };
        assert_eq!(gate("OnlyCodes"), ["codes", "events"]);
        assert_eq!(gate("Battery"), ["codes", "events", "locks"]);
        assert_eq!(gate("Lock"), ["locks"]);
        // `orphan` holds `lock` (locks) and, through it, `battery`, which
        // `locks` compiles too: one feature is enough.
        let id = api.types.iter().find(|(_, def)| def.name == "Orphan").map(|(id, _)| *id).unwrap();
        assert_eq!(features.unreached.get(&id).map(|names| names.iter().cloned().collect::<Vec<_>>()), Some(vec!["locks".to_owned()]));
    }
}
