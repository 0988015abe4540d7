// Copied by `cargo xtask codegen` from `generator/runtime/`, do not edit.
//! Helpers that the generated types share, so that each type does not
//! carry its own copy.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Deserializes a required array or map as empty when the server sends
/// `null` (an absent one is empty through `#[serde(default)]`).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Keeps an explicit `null` apart from an absent property: absent is
/// `None` (through `#[serde(default)]`), `null` is `Some(None)`.
pub(crate) fn deserialize_nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Deserializes an open string enum from any string, known or not.
pub(crate) fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct Visitor<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(Visitor(PhantomData))
}

/// A struct whose `Deserialize` impl the generator writes out: one pass
/// over the properties of an object (see `emit_struct_deserialize`).
pub(crate) trait DecodeStruct: Sized {
    /// The type's name, for the message of a value that is not an object.
    const NAME: &'static str;

    /// Reads the properties of an object.
    fn decode_fields<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes a [`DecodeStruct`] from an object.
pub(crate) fn decode_struct<'de, D: Deserializer<'de>, T: DecodeStruct>(deserializer: D) -> Result<T, D::Error> {
    struct StructVisitor<T>(PhantomData<T>);

    impl<'de, T: DecodeStruct> Visitor<'de> for StructVisitor<T> {
        type Value = T;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(formatter, "struct {}", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::decode_fields(map)
        }
    }

    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// The name of a property, borrowed from the input when it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads and drops the value of a property the type does not list
/// (tolerance rule 6).
pub(crate) fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// The value of a required property, or the error that says it is missing.
pub(crate) fn required_field<'de, A: MapAccess<'de>, T>(value: Option<T>, name: &'static str) -> Result<T, A::Error> {
    value.ok_or_else(|| de::Error::missing_field(name))
}

/// A tagged union whose `Deserialize` impl the generator writes out (see
/// `emit_tagged_deserialize`).
pub(crate) trait DecodeTagged: Sized {
    /// The property whose value picks the variant.
    const TAG: &'static str;

    /// The variant `tag` picks, read from the whole object `body`; `None`
    /// for a tag the type does not know.
    fn decode_variant(tag: &str, body: &Value) -> Result<Option<Self>, serde_json::Error>;

    /// The catch-all that keeps any other value (tolerance rule 2).
    fn unknown(value: Value) -> Self;
}

/// Deserializes a [`DecodeTagged`]: any JSON value decodes, into the
/// variant its tag picks when the body fits it, else into the catch-all.
pub(crate) fn decode_tagged<'de, D: Deserializer<'de>, T: DecodeTagged>(deserializer: D) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(tagged_from_value(value))
}

fn tagged_from_value<T: DecodeTagged>(value: Value) -> T {
    let known = match value.get(T::TAG) {
        Some(Value::String(tag)) if value.is_object() => T::decode_variant(tag, &value).ok().flatten(),
        _ => None,
    };
    known.unwrap_or_else(|| T::unknown(value))
}

/// A property of a variant that takes its type's default when absent or
/// `null` (tolerance rule 1).
pub(crate) fn field_or_default<T: DeserializeOwned + Default>(body: &Value, name: &str) -> Result<T, serde_json::Error> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(value) => T::deserialize(value),
    }
}

/// An optional property of a variant: absent or `null` is `None`.
pub(crate) fn field_optional<T: DeserializeOwned>(body: &Value, name: &str) -> Result<Option<T>, serde_json::Error> {
    match body.get(name) {
        None => Ok(None),
        Some(value) => Option::<T>::deserialize(value),
    }
}

/// An optional nullable property of a variant: absent is `None`, `null`
/// is `Some(None)`.
pub(crate) fn field_nullable<T: DeserializeOwned>(body: &Value, name: &str) -> Result<Option<Option<T>>, serde_json::Error> {
    match body.get(name) {
        None => Ok(None),
        Some(value) => Option::<T>::deserialize(value).map(Some),
    }
}

/// A required property of a variant: absent is an error.
pub(crate) fn field_required<T: DeserializeOwned>(body: &Value, name: &'static str) -> Result<T, serde_json::Error> {
    match body.get(name) {
        None => Err(de::Error::missing_field(name)),
        Some(value) => T::deserialize(value),
    }
}

/// The properties of a variant that it does not list (nor the tag), for
/// its field of additional properties.
pub(crate) fn fields_not_listed<T: DeserializeOwned>(body: &Value, listed: &[&str]) -> Result<BTreeMap<String, T>, serde_json::Error> {
    let mut rest = BTreeMap::new();
    if let Value::Object(object) = body {
        for (name, value) in object.iter().filter(|(name, _)| !listed.contains(&name.as_str())) {
            rest.insert(name.clone(), T::deserialize(value)?);
        }
    }
    Ok(rest)
}
