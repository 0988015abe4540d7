//! Where the parts of a normalised document come from in the document as
//! written.
//!
//! OpenAPI 3.1 and Swagger 2.0 documents are rewritten into OpenAPI 3.0
//! before they are parsed (see `openapi31` and `swagger2`), so lowering
//! reports problems at places of the rewritten document. A [`SourceMap`]
//! takes such a place back to the document the user wrote: each rewritten
//! or moved part records where it came from, and a place inside it keeps
//! its path below that part, as far as the original has it.

use std::collections::BTreeMap;

use crate::diagnostics::Pointer;

/// The origins of the parts of a normalised document.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// The place of a part in the normalised document, and its place in
    /// the original one.
    origins: BTreeMap<Pointer, Pointer>,
}

impl SourceMap {
    /// Records that the part at `normalised` was written at `original`.
    pub fn record(&mut self, normalised: &Pointer, original: &Pointer) {
        if normalised != original {
            self.origins.insert(normalised.clone(), original.clone());
        }
    }

    /// Whether no part was moved.
    pub fn is_empty(&self) -> bool {
        self.origins.is_empty()
    }

    /// The place in `original` that `pointer`, a place of the normalised
    /// document, comes from: below the deepest recorded part that holds it,
    /// cut back to the deepest place `original` has.
    pub fn original(&self, pointer: &Pointer, original: &serde_json::Value) -> Pointer {
        let segments: Vec<String> = pointer.segments().collect();
        let mut candidate = pointer.clone();
        for depth in (0..=segments.len()).rev() {
            let (head, tail) = segments.split_at(depth);
            let prefix = head.iter().fold(Pointer::root(), |pointer, segment| pointer.join(segment));
            if let Some(origin) = self.origins.get(&prefix) {
                candidate = tail.iter().fold(origin.clone(), |pointer, segment| pointer.join(segment));
                break;
            }
        }
        let mut kept: Vec<String> = candidate.segments().collect();
        loop {
            let place = kept.iter().fold(Pointer::root(), |pointer, segment| pointer.join(segment));
            if kept.is_empty() || original.pointer(place.as_json_pointer()).is_some() {
                return place;
            }
            kept.pop();
        }
    }
}

impl SourceMap {
    /// The places of the normalised document `normalised` that the place
    /// `pointer` of the original document went to, if it moved.
    pub fn moved_to(&self, pointer: &Pointer, normalised: &serde_json::Value) -> Option<Pointer> {
        let segments: Vec<String> = pointer.segments().collect();
        let mut best: Option<(usize, Pointer)> = None;
        for (to, from) in &self.origins {
            let from_segments: Vec<String> = from.segments().collect();
            let Some(rest) = segments.strip_prefix(from_segments.as_slice()) else { continue };
            let candidate = rest.iter().fold(to.clone(), |pointer, segment| pointer.join(segment));
            let better = best.as_ref().is_none_or(|(depth, _)| from_segments.len() > *depth);
            if better && normalised.pointer(candidate.as_json_pointer()).is_some() {
                best = Some((from_segments.len(), candidate));
            }
        }
        best.map(|(_, found)| found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointer(text: &str) -> Pointer {
        Pointer::from_fragment(text).unwrap()
    }

    #[test]
    fn places_below_a_moved_part_keep_their_path() {
        let original = serde_json::json!({ "definitions": { "Pet": { "properties": { "name": {} } } } });
        let mut map = SourceMap::default();
        map.record(&pointer("#/components/schemas"), &pointer("#/definitions"));
        let found = map.original(&pointer("#/components/schemas/Pet/properties/name"), &original);
        assert_eq!(found.to_string(), "#/definitions/Pet/properties/name");
    }

    #[test]
    fn places_the_original_lacks_are_cut_back() {
        let original = serde_json::json!({ "components": { "schemas": { "A": { "type": ["string", "integer"] } } } });
        let map = SourceMap::default();
        let found = map.original(&pointer("#/components/schemas/A/anyOf/1"), &original);
        assert_eq!(found.to_string(), "#/components/schemas/A");
    }
}
