//! The `additional-properties` fixture's crate, used as a downstream crate
//! would use it: properties a struct does not list are kept by name when
//! the spec allows them, and written back.

use additional_properties::types::{Labels, Resource, ResourceCustomMetadataValue};
use serde_json::json;

#[test]
fn properties_beside_the_listed_ones_are_kept_by_name_and_written_back() {
    let value = json!({"color": "red", "size": "L", "owner": "ops"});
    let labels: Labels = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(labels.color.as_deref(), Some("red"));
    let additional: Vec<(&str, &str)> =
        labels.additional_properties.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    assert_eq!(additional, [("owner", "ops"), ("size", "L")]);
    assert_eq!(serde_json::to_value(&labels).unwrap(), value);
    // A value of another type than the spec's is an error, not dropped.
    assert!(serde_json::from_value::<Labels>(json!({"size": 3})).is_err());
}

#[test]
fn maps_of_unions_keep_each_value_as_its_variant() {
    let resource: Resource =
        serde_json::from_value(json!({"custom_metadata": {"tier": "gold", "vip": true}, "counts": {"a": 1}})).unwrap();
    assert_eq!(resource.custom_metadata["tier"], ResourceCustomMetadataValue::String("gold".to_owned()));
    assert_eq!(resource.custom_metadata["vip"], ResourceCustomMetadataValue::Bool(true));
    assert_eq!(resource.counts.as_ref().map(|counts| counts["a"]), Some(1));
    // The required map left out is empty (rule 1).
    let empty: Resource = serde_json::from_value(json!({})).unwrap();
    assert!(empty.custom_metadata.is_empty());
}
